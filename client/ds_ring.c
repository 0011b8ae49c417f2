// SPDX-License-Identifier: GPL-2.0
/*
 * dmastream streaming rings (core module): a ring of N periods over one
 * contiguous mapped buffer, served by one cyclic transfer, capture
 * (DEV_TO_MEM) or playback (MEM_TO_DEV), the way snd-dmaengine-pcm drives
 * a cyclic channel but with the ownership of each period explicit.
 *
 * The buffer is the ring's (INFLIGHT, through ds_transit()) for the ring's
 * whole life: whole-buffer hand-overs, submissions and free are refused.
 * Each period then has its own owner (&enum ds_slot_state) and the CPU
 * takes and returns one period at a time: dmastream_ring_dequeue() syncs
 * that period only for the CPU, dmastream_ring_queue() only for the device.
 *
 * Position: from the provider's residue (dmaengine_tx_status(), read at
 * each period callback and at each dequeue), or, from a provider without
 * residue, one period per callback.  A period callback that finds the
 * position where the last look left it means a whole lap went by unseen:
 * it is accounted as one lap (st.laps; more laps cannot be told apart).
 * Periods are numbered (seq) from the start; period seq lives in slot
 * seq % N.  Once the device has finished
 * period s-1 it is in period s: it "enters" slot s % N.
 *
 * Capture: a finished period is READY; the consumer dequeues the oldest
 * READY one (CPU), reads it, queues it back (DEV).  The device entering a
 * slot that is not DEV is an overrun: a READY period there is lost (it is
 * being overwritten), a CPU-held one is being overwritten under the
 * consumer (queue reports it: DMASTREAM_RING_CLOBBERED) and what the device
 * writes there on this lap is not delivered either.  So at most N - 1
 * periods wait for the consumer, and a consumer that takes none sees
 * exactly (finished - (N - 1)) overruns.
 *
 * Playback: the producer dequeues a free slot for the next period the
 * device will play (CPU), fills it, queues it (QUEUED).  The device
 * entering a slot that is not QUEUED for that period is an underrun: it
 * plays what the slot held (a FREE slot: the last lap's data), or reads a
 * period under the producer (CLOBBERED at queue; that period is not
 * played).  The producer may be up to N - 1 periods ahead; before start,
 * N periods may be queued.
 *
 * Locking: ring->lock protects every field below it in the structure; the
 * syncs run outside it with the slot in SYNCING, which the device's
 * entering treats like CPU.  The position is read under it (as ALSA reads
 * a PCM pointer under the stream lock), so positions are applied in order.
 * Lifecycle calls (create, start, stop, destroy) are process context and
 * must not race each other; dequeue, queue and status may run anywhere.
 */
#include <linux/dmaengine.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "ds_internal.h"

enum ds_slot_state {
	DS_SLOT_DEV,		/* the device's: capture free, playback free */
	DS_SLOT_READY,		/* capture: holds a finished period */
	DS_SLOT_QUEUED,		/* playback: filled, waiting to be played */
	DS_SLOT_PLAY,		/* playback: the device is playing it */
	DS_SLOT_SYNCING,	/* a hand-over syncs it */
	DS_SLOT_CPU,		/* the consumer's / producer's */
};

struct ds_slot {
	u8 state;		/* enum ds_slot_state */
	bool bad;		/* entered while not the device's: this lap lost */
	bool clobbered;		/* the device went through it under the CPU */
	u64 seq;		/* period held (READY, QUEUED, PLAY, CPU) */
	u64 t_done;		/* capture: ktime ns the period was seen done */
};

struct dmastream_ring {
	struct dmastream_chan *dc;	/* NULL once the channel is destroyed */
	struct list_head node;		/* on dc->rings while @dc is set */
	struct dma_chan *chan;
	struct dmastream_buf *buf;
	struct dma_buf *db;		/* @buf's, if exported: held */
	bool capture;
	enum dma_transfer_direction dir;
	size_t period;
	unsigned int n;
	struct dma_slave_config slave;
	dmastream_ring_fn notify;
	void *ctx;
	dma_cookie_t cookie;
	bool residue_known;
	bool can_pause;		/* the provider has device_pause */
	/* protects everything below */
	spinlock_t lock;
	bool running;		/* the cyclic transfer runs */
	bool started;		/* dmastream_ring_start() succeeded once */
	int err;		/* the transfer failed (-EIO), was halted */
	unsigned int hw_idx;	/* period the position was in at the last look */
	unsigned int cbs;	/* callbacks not yet counted (no residue) */
	unsigned int acc;	/* periods accounted since the last callback */
	unsigned int credit;	/* accounted periods no callback stood for */
	u64 hw_seq;		/* periods the device has finished */
	u64 cons_seq;		/* capture: next period to hand to the consumer */
	u64 prod_seq;		/* playback: next period to hand to the producer */
	struct dmastream_ring_status st;
	struct ds_slot slots[];
};

static struct ds_slot *ds_slot(struct dmastream_ring *r, u64 seq)
{
	return &r->slots[do_div(seq, r->n)];
}

/* The device is now in period @e. */
static void ds_ring_enter(struct dmastream_ring *r, u64 e)
{
	struct ds_slot *s = ds_slot(r, e);

	lockdep_assert_held(&r->lock);
	switch (s->state) {
	case DS_SLOT_DEV:
		s->bad = false;
		if (!r->capture)
			goto underrun;		/* nothing queued: stale data */
		break;
	case DS_SLOT_READY:		/* capture: overwritten unread */
		r->st.overruns++;
		s->state = DS_SLOT_DEV;
		s->bad = false;
		break;
	case DS_SLOT_QUEUED:
		s->state = DS_SLOT_PLAY;
		s->bad = false;
		break;
	case DS_SLOT_SYNCING:
	case DS_SLOT_CPU:		/* under the CPU */
		s->clobbered = true;
		s->bad = true;
		if (r->capture)
			r->st.overruns++;
		else
			r->st.underruns++;
		break;
	default:			/* PLAY: not reachable */
		break;
	}
	return;
underrun:
	r->st.underruns++;
	s->state = DS_SLOT_PLAY;
}

/* The device has finished period @c. */
static void ds_ring_done(struct dmastream_ring *r, u64 c, u64 now)
{
	struct ds_slot *s = ds_slot(r, c);

	lockdep_assert_held(&r->lock);
	if (s->state == DS_SLOT_DEV && r->capture && !s->bad) {
		s->state = DS_SLOT_READY;
		s->seq = c;
		s->t_done = now;
	} else if (s->state == DS_SLOT_PLAY) {
		s->state = DS_SLOT_DEV;
	}
	s->bad = false;
}

/* The device has finished @adv more periods. */
static void ds_ring_advance(struct dmastream_ring *r, unsigned int adv)
{
	u64 now = ktime_get_ns();

	lockdep_assert_held(&r->lock);
	r->acc += adv;
	if (!adv)
		return;
	while (adv--) {
		ds_ring_done(r, r->hw_seq, now);
		r->hw_seq++;
		ds_ring_enter(r, r->hw_seq);
	}
	r->st.hw_periods = r->hw_seq;
}

/*
 * Where the hardware is: account the periods it finished since last time.
 * Return: true when this look found the transfer failed; a caller other
 * than the callback then tells the ring's waiters (no callback may ever
 * come for it).
 */
static bool ds_ring_update(struct dmastream_ring *r)
{
	struct dma_tx_state state = { };
	enum dma_status status;
	unsigned int idx, adv;
	size_t pos;

	lockdep_assert_held(&r->lock);
	if (!r->running)
		return false;
	if (r->residue_known) {
		status = dmaengine_tx_status(r->chan, r->cookie, &state);
		if (status == DMA_ERROR || status == DMA_COMPLETE) {
			/* A cyclic transfer only ends that way on a fault. */
			r->err = -EIO;
			r->running = false;
			return true;
		}
		pos = r->period * r->n - min_t(size_t, state.residue,
					       r->period * r->n);
		idx = pos / r->period;
		if (idx >= r->n)
			idx = 0;	/* a pass at its very end */
		adv = (idx + r->n - r->hw_idx) % r->n;
		r->hw_idx = idx;
	} else {
		adv = r->cbs;
		r->cbs = 0;
	}
	if (adv)
		ds_ring_advance(r, adv);
	return false;
}

static void ds_ring_notify_failed(struct dmastream_ring *r, bool failed)
{
	if (failed && r->notify)
		r->notify(r, r->ctx);
}

static void ds_ring_callback(void *param)
{
	struct dmastream_ring *r = param;
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	r->cbs++;
	r->st.callbacks++;
	ds_ring_update(r);
	/*
	 * A callback stands for at least one finished period.  If no look
	 * since the last callback saw the position move, and no earlier look
	 * saw a period that no callback has stood for yet (virt-dma may call
	 * back once more for periods the previous callback already found),
	 * the device went a whole ring round between two looks: account one
	 * lap rather than nothing, and say so.  A lower bound: more laps look
	 * the same, and a lap right after coalesced callbacks goes unseen.
	 */
	if (r->residue_known && r->running) {
		r->credit += r->acc;
		if (!r->credit) {
			r->st.laps++;
			ds_ring_advance(r, r->n);
		} else {
			r->credit = min(r->credit - 1, 1U);
		}
	}
	r->acc = 0;
	spin_unlock_irqrestore(&r->lock, flags);
	/*
	 * Even when this look found nothing new: an earlier look (a status
	 * or dequeue call) may have accounted the period without waking
	 * anyone, and a waiter must not sleep until the next period.
	 */
	if (r->notify)
		r->notify(r, r->ctx);
}

/**
 * dmastream_ring_create() - a ring of periods over a buffer
 * @dc: channel wrapper of a slave channel with DMA_CYCLIC; while the ring
 *	runs it has the channel alone (other submissions: -EBUSY)
 * @buf: a contiguous buffer (single or CMA kind) of @dc's controller, owned
 *	by the device, mapped FROM_DEVICE or BIDIRECTIONAL for capture,
 *	TO_DEVICE or BIDIRECTIONAL for playback, at least @cfg->periods *
 *	@cfg->period_bytes long.  The ring holds it (INFLIGHT, and a
 *	reference on its dma-buf if exported) until
 *	dmastream_ring_destroy(): no whole-buffer hand-over, submission or
 *	free meanwhile; the CPU accesses it one period at a time
 * @cfg: direction, geometry, FIFO, notification (&struct
 *	dmastream_ring_config; copied)
 *
 * Period i is bytes [i * period_bytes, (i + 1) * period_bytes) of @buf.
 *
 * Context: process context.
 * Return: the ring, or an ERR_PTR(): -EINVAL (bad direction or geometry,
 * a non-contiguous or imported buffer, period not a multiple of the FIFO
 * width), -ERANGE (buffer too short), -EACCES (buffer mapped for the
 * other direction), -EXDEV (buffer of another controller), -EOPNOTSUPP
 * (the channel has no cyclic capability), -EBUSY (buffer not the
 * device's), -ESHUTDOWN (@dc is being destroyed), -ENOMEM.
 */
struct dmastream_ring *
dmastream_ring_create(struct dmastream_chan *dc, struct dmastream_buf *buf,
		      const struct dmastream_ring_config *cfg)
{
	struct dmastream_ring *r;
	enum dma_slave_buswidth width;
	unsigned long flags;
	bool capture;
	size_t bytes;
	int ret;

	if (!dc || !buf || !cfg)
		return ERR_PTR(-EINVAL);
	if (cfg->dir != DMA_DEV_TO_MEM && cfg->dir != DMA_MEM_TO_DEV)
		return ERR_PTR(-EINVAL);
	capture = cfg->dir == DMA_DEV_TO_MEM;
	if (cfg->periods < 2 || cfg->periods > DMASTREAM_RING_MAX_PERIODS ||
	    !cfg->period_bytes || cfg->period_bytes > U32_MAX)
		return ERR_PTR(-EINVAL);
	width = capture ? cfg->slave.src_addr_width : cfg->slave.dst_addr_width;
	if (width > 0 && cfg->period_bytes % width)
		return ERR_PTR(-EINVAL);
	bytes = cfg->period_bytes * cfg->periods;
	if (bytes / cfg->periods != cfg->period_bytes)
		return ERR_PTR(-EINVAL);
	if (buf->imported || buf->dsgt)
		return ERR_PTR(-EINVAL);	/* cyclic needs one address */
	ret = ds_check_range(buf, 0, bytes);
	if (ret)
		return ERR_PTR(ret);
	if (capture ? buf->dir == DMA_TO_DEVICE : buf->dir == DMA_FROM_DEVICE)
		return ERR_PTR(-EACCES);
	if (buf->dma_dev != dc->dma_dev)
		return ERR_PTR(-EXDEV);
	if (!dma_has_cap(DMA_CYCLIC, dc->chan->device->cap_mask))
		return ERR_PTR(-EOPNOTSUPP);

	r = kzalloc(struct_size(r, slots, cfg->periods), GFP_KERNEL);
	if (!r)
		return ERR_PTR(-ENOMEM);
	r->n = cfg->periods;
	ret = ds_transit(buf, DS_FROM(DMASTREAM_OWNER_DEVICE),
			 DMASTREAM_OWNER_INFLIGHT, DS_NO_SYNC, 0, 0);
	if (ret) {
		kfree(r);
		return ERR_PTR(ret);
	}
	r->dc = dc;
	r->chan = dc->chan;
	r->buf = buf;
	r->capture = capture;
	r->dir = cfg->dir;
	r->period = cfg->period_bytes;
	r->slave = cfg->slave;
	r->notify = cfg->notify;
	r->ctx = cfg->ctx;
	spin_lock_init(&r->lock);
	r->st.periods = r->n;
	r->st.period_bytes = r->period;
	r->db = ds_buf_hold_dmabuf(buf);
	/*
	 * Known to the channel, whole: from here a racing
	 * dmastream_chan_destroy() may take r->lock and detach it.
	 */
	spin_lock_irqsave(&dc->lock, flags);
	if (dc->dying)
		ret = -ESHUTDOWN;
	else
		list_add_tail(&r->node, &dc->rings);
	spin_unlock_irqrestore(&dc->lock, flags);
	if (ret) {
		ds_transit(buf, DS_FROM(DMASTREAM_OWNER_INFLIGHT),
			   DMASTREAM_OWNER_DEVICE, DS_NO_SYNC, 0, 0);
		if (r->db)
			dma_buf_put(r->db);
		kfree(r);
		return ERR_PTR(ret);
	}
	ds_stat_rings(1);
	return r;
}
EXPORT_SYMBOL_GPL(dmastream_ring_create);

/**
 * dmastream_ring_start() - start the cyclic transfer
 * @ring: a ring never started
 *
 * Capture starts filling period 0.  Playback starts playing period 0: what
 * was queued before start plays first (queue at least one period, or the
 * first one is an underrun).  A ring runs once: after dmastream_ring_stop()
 * create a new one for a new stream.
 *
 * Context: process context.
 * Return: 0; -EBUSY (started before, or the channel has transfers in
 * flight or another ring), -ESHUTDOWN (channel destroyed), the provider's
 * error from dmaengine_slave_config(), -EIO (the provider refused the
 * cyclic descriptor).
 */
int dmastream_ring_start(struct dmastream_ring *ring)
{
	struct dmastream_chan *dc = ring->dc;
	struct dma_async_tx_descriptor *desc;
	struct dma_slave_config conf = ring->slave;
	struct dma_slave_caps caps;
	unsigned long flags;
	int ret = 0;

	if (!dc)
		return -ESHUTDOWN;
	if (ring->started)
		return -EBUSY;
	/*
	 * No abort may terminate the channel under the ring: one counts
	 * itself (dc->terminating) in the section that finds its victim
	 * queued, before it terminates, and its victim may complete and
	 * leave the queue empty before the terminate reaches the provider.
	 * Once dc->ring is set nothing is queued for a timeout to abort.
	 */
	spin_lock_irqsave(&dc->lock, flags);
	if (dc->dying)
		ret = -ESHUTDOWN;
	else if (dc->ring || !list_empty(&dc->inflight) || dc->terminating)
		ret = -EBUSY;
	else
		dc->ring = ring;	/* from now on submissions are refused */
	spin_unlock_irqrestore(&dc->lock, flags);
	if (ret)
		return ret;

	ret = dma_get_slave_caps(ring->chan, &caps);
	ring->residue_known = !ret &&
		caps.residue_granularity != DMA_RESIDUE_GRANULARITY_DESCRIPTOR;
	ring->can_pause = !ret && caps.cmd_pause;
	ret = dmaengine_slave_config(ring->chan, &conf);
	if (ret)
		goto err;
	desc = dmaengine_prep_dma_cyclic(ring->chan, ring->buf->dma,
					 ring->period * ring->n, ring->period,
					 ring->dir, DMA_PREP_INTERRUPT);
	ret = -EIO;
	if (!desc)
		goto err;
	desc->callback = ds_ring_callback;
	desc->callback_param = ring;
	spin_lock_irqsave(&ring->lock, flags);
	ring->cookie = dmaengine_submit(desc);
	if (dma_submit_error(ring->cookie)) {
		spin_unlock_irqrestore(&ring->lock, flags);
		goto err;
	}
	ring->started = true;
	ring->running = true;
	ring->hw_idx = 0;
	ds_ring_enter(ring, 0);
	spin_unlock_irqrestore(&ring->lock, flags);
	dma_async_issue_pending(ring->chan);
	return 0;

err:
	spin_lock_irqsave(&dc->lock, flags);
	dc->ring = NULL;
	spin_unlock_irqrestore(&dc->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(dmastream_ring_start);

/*
 * Stop the transfer: last position, then no callback any more.  Only while
 * the channel is still this ring's: once stopped, it may be another ring's
 * or carry other transfers, which a second stop must not terminate.
 *
 * The device runs until the channel is stopped: a period it finishes
 * between the last look and the terminate would be neither accounted nor
 * delivered (a callback that comes then finds the ring stopped).  So a
 * provider that can pause is paused first, and the last look reads where
 * the paused transfer stands: every period it finished is accounted.
 * Callbacks that run between the pause and that look account their
 * periods as usual.  A provider without pause cannot be stopped at a
 * known position: there the last look comes right before the terminate.
 */
static void ds_ring_stop(struct dmastream_ring *ring, int err)
{
	struct dmastream_chan *dc = ring->dc;
	unsigned long flags;
	bool was, owner, running;

	spin_lock_irqsave(&dc->lock, flags);
	owner = dc->ring == ring;
	spin_unlock_irqrestore(&dc->lock, flags);

	spin_lock_irqsave(&ring->lock, flags);
	running = ring->running;
	spin_unlock_irqrestore(&ring->lock, flags);
	if (owner && running && ring->can_pause)
		dmaengine_pause(ring->chan);	/* if it fails: as without */

	spin_lock_irqsave(&ring->lock, flags);
	ds_ring_update(ring);
	was = ring->running;
	ring->running = false;
	if (err && !ring->err)
		ring->err = err;
	spin_unlock_irqrestore(&ring->lock, flags);
	if (owner && ring->started)
		dmaengine_terminate_sync(ring->chan);
	if (was && ring->notify)
		ring->notify(ring, ring->ctx);
}

/**
 * dmastream_ring_stop() - stop the cyclic transfer
 * @ring: ring
 *
 * Pauses the channel if the provider can (so that the ring stops at a
 * known position: every period the device finished up to there is
 * accounted and, for capture, delivered), takes a last look at the
 * position, then terminates the channel and waits until no period
 * callback runs.  Without pause the last look comes right before the
 * terminate, and a period finished in between is not accounted.  Captured
 * periods still waiting may be dequeued afterwards; held periods may be
 * queued back.  Stopping a ring not running does nothing.
 *
 * Context: process context, sleeps.
 * Return: 0, or -ESHUTDOWN when the channel was destroyed first.
 */
int dmastream_ring_stop(struct dmastream_ring *ring)
{
	struct dmastream_chan *dc = ring->dc;
	unsigned long flags;

	if (!dc)
		return -ESHUTDOWN;
	ds_ring_stop(ring, 0);
	spin_lock_irqsave(&dc->lock, flags);
	if (dc->ring == ring)
		dc->ring = NULL;
	spin_unlock_irqrestore(&dc->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(dmastream_ring_stop);

/**
 * ds_chan_rings_halt() - dmastream_chan_destroy() lets go of @dc's rings
 * @dc: channel wrapper, dying (no ring is created on it any more)
 *
 * The running ring is stopped; every ring created on @dc, running or not,
 * forgets it, so that none keeps the freed wrapper: their lifecycle calls
 * then fail with -ESHUTDOWN, their dequeues too once nothing is left, and
 * dmastream_ring_destroy() still frees each and gives its buffer back.
 * Ring calls do not run concurrently with the channel's destroy (see
 * there).  Process context.
 */
void ds_chan_rings_halt(struct dmastream_chan *dc)
{
	struct dmastream_ring *ring, *tmp;
	unsigned long flags;
	LIST_HEAD(rings);

	spin_lock_irqsave(&dc->lock, flags);
	ring = dc->ring;
	list_splice_init(&dc->rings, &rings);
	spin_unlock_irqrestore(&dc->lock, flags);
	if (ring)
		ds_ring_stop(ring, -ESHUTDOWN);
	spin_lock_irqsave(&dc->lock, flags);
	dc->ring = NULL;
	spin_unlock_irqrestore(&dc->lock, flags);
	list_for_each_entry_safe(ring, tmp, &rings, node) {
		list_del_init(&ring->node);
		spin_lock_irqsave(&ring->lock, flags);
		if (!ring->err)
			ring->err = -ESHUTDOWN;
		spin_unlock_irqrestore(&ring->lock, flags);
		ring->dc = NULL;
	}
}

/**
 * dmastream_ring_destroy() - stop a ring and give its buffer back
 * @ring: ring, or NULL
 *
 * The buffer returns to the device (not synced: take it with
 * dmastream_buf_begin_cpu() as usual) and may be freed or reused; an
 * exported buffer's dma-buf reference the ring held goes (the last one
 * frees the buffer).
 *
 * Context: process context, sleeps.
 */
void dmastream_ring_destroy(struct dmastream_ring *ring)
{
	struct dmastream_chan *dc;
	unsigned long flags;

	if (!ring)
		return;
	dc = ring->dc;
	if (dc) {
		dmastream_ring_stop(ring);
		spin_lock_irqsave(&dc->lock, flags);
		list_del(&ring->node);
		spin_unlock_irqrestore(&dc->lock, flags);
	}
	ds_transit(ring->buf, DS_FROM(DMASTREAM_OWNER_INFLIGHT),
		   DMASTREAM_OWNER_DEVICE, DS_NO_SYNC, 0, 0);
	if (ring->db)
		dma_buf_put(ring->db);	/* may free the buffer */
	kfree(ring);
	ds_stat_rings(-1);
}
EXPORT_SYMBOL_GPL(dmastream_ring_destroy);

/* Capture: the oldest finished period still there. */
static struct ds_slot *ds_ring_next_ready(struct dmastream_ring *r)
{
	u64 s = r->cons_seq;
	struct ds_slot *slot;

	lockdep_assert_held(&r->lock);
	if (r->hw_seq > r->n && s < r->hw_seq - r->n)
		s = r->hw_seq - r->n;
	for (; s < r->hw_seq; s++) {
		slot = ds_slot(r, s);
		if (slot->state == DS_SLOT_READY && slot->seq == s) {
			r->cons_seq = s;
			return slot;
		}
	}
	r->cons_seq = s;
	return NULL;
}

/* Playback: the slot of the next period to fill, if it is free. */
static struct ds_slot *ds_ring_next_free(struct dmastream_ring *r)
{
	u64 lo = r->started ? r->hw_seq + 1 : 0;
	struct ds_slot *slot;

	lockdep_assert_held(&r->lock);
	if (r->prod_seq < lo)
		r->prod_seq = lo;	/* skipped: played as underruns */
	if ((r->started && !r->running) || r->err)
		return NULL;		/* stopped, failed, or no channel */
	if (r->prod_seq >= (r->started ? r->hw_seq + r->n : r->n))
		return NULL;		/* full */
	slot = ds_slot(r, r->prod_seq);
	return slot->state == DS_SLOT_DEV ? slot : NULL;
}

/**
 * dmastream_ring_dequeue() - take the next period for the CPU
 * @ring: ring
 * @p: out: the period (index, sequence number, offset, length, and for
 *	capture when it was seen finished)
 *
 * Capture: the oldest finished period not yet taken, synced for the CPU
 * (that range only): read it (the buffer is the device's to write: no CPU
 * writes), then dmastream_ring_queue() it.  Periods overwritten before
 * they were taken are skipped and counted as overruns.  Playback: the
 * slot of the next period the device will play (up to N - 1 ahead of it,
 * N before start): fill it, then queue it.
 *
 * Context: any (the sync does not sleep).
 * Return: 0; -EAGAIN when none is available now (the ring's notification
 * tells when one may be); -EIO when the transfer failed and nothing is
 * left; -ESHUTDOWN when the ring was stopped and nothing is left.
 */
int dmastream_ring_dequeue(struct dmastream_ring *ring,
			   struct dmastream_ring_period *p)
{
	struct ds_slot *slot;
	unsigned long flags;
	unsigned int idx;
	bool failed;
	u64 seq;

	spin_lock_irqsave(&ring->lock, flags);
	failed = ds_ring_update(ring);
	slot = ring->capture ? ds_ring_next_ready(ring) :
			       ds_ring_next_free(ring);
	if (!slot) {
		int ret = ring->err ? ring->err :
			  ring->started && !ring->running ? -ESHUTDOWN :
			  -EAGAIN;

		spin_unlock_irqrestore(&ring->lock, flags);
		ds_ring_notify_failed(ring, failed);
		return ret;
	}
	idx = slot - ring->slots;
	if (ring->capture) {
		seq = slot->seq;
		ring->cons_seq = seq + 1;
	} else {
		seq = ring->prod_seq++;
		slot->seq = seq;
		slot->t_done = 0;
	}
	slot->state = DS_SLOT_SYNCING;
	slot->clobbered = false;
	p->index = idx;
	p->seq = seq;
	p->offset = (size_t)idx * ring->period;
	p->len = ring->period;
	p->t_done_ns = slot->t_done;
	ring->st.dequeued++;
	spin_unlock_irqrestore(&ring->lock, flags);
	ds_ring_notify_failed(ring, failed);

	ds_sync(ring->buf, true, p->offset, p->len);

	spin_lock_irqsave(&ring->lock, flags);
	slot->state = DS_SLOT_CPU;
	spin_unlock_irqrestore(&ring->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(dmastream_ring_dequeue);

/**
 * dmastream_ring_queue() - hand a dequeued period back to the device
 * @ring: ring
 * @index: period index from dmastream_ring_dequeue()
 *
 * The period is synced for the device (that range only).  Capture: the
 * slot may be filled again.  Playback: the period will be played.
 *
 * Context: any (the sync does not sleep).
 * Return: 0; DMASTREAM_RING_CLOBBERED (a positive value: the period was
 * handed back all the same) when the device went through the period while
 * the CPU held it: capture data read meanwhile may be torn, a playback
 * period was not played (both counted as an overrun / underrun); -EINVAL
 * for an index beyond the ring; -EBUSY for a period the CPU does not hold.
 */
int dmastream_ring_queue(struct dmastream_ring *ring, unsigned int index)
{
	struct ds_slot *slot;
	unsigned long flags;
	bool clobbered, failed;

	if (index >= ring->n)
		return -EINVAL;
	slot = &ring->slots[index];
	spin_lock_irqsave(&ring->lock, flags);
	if (slot->state != DS_SLOT_CPU) {
		spin_unlock_irqrestore(&ring->lock, flags);
		return -EBUSY;
	}
	slot->state = DS_SLOT_SYNCING;
	spin_unlock_irqrestore(&ring->lock, flags);

	ds_sync(ring->buf, false, (size_t)index * ring->period, ring->period);

	spin_lock_irqsave(&ring->lock, flags);
	/* The device may be in the period already, its callback not yet run. */
	failed = ds_ring_update(ring);
	clobbered = slot->clobbered;
	slot->clobbered = false;
	if (ring->capture || clobbered)
		slot->state = DS_SLOT_DEV;
	else
		slot->state = DS_SLOT_QUEUED;
	if (clobbered)
		ring->st.clobbered++;
	ring->st.queued++;
	spin_unlock_irqrestore(&ring->lock, flags);
	ds_ring_notify_failed(ring, failed);
	return clobbered ? DMASTREAM_RING_CLOBBERED : 0;
}
EXPORT_SYMBOL_GPL(dmastream_ring_queue);

/**
 * dmastream_ring_status() - where a ring is
 * @ring: ring
 * @st: out: counters and position (&struct dmastream_ring_status)
 *
 * Looks at the hardware position first.
 *
 * Context: any.
 */
void dmastream_ring_status(struct dmastream_ring *ring,
			   struct dmastream_ring_status *st)
{
	unsigned long flags;
	unsigned int i;
	bool failed;

	spin_lock_irqsave(&ring->lock, flags);
	failed = ds_ring_update(ring);
	*st = ring->st;
	st->hw_periods = ring->hw_seq;
	st->hw_index = ring->hw_idx;
	st->running = ring->running;
	st->stopped = ring->started && !ring->running;
	st->error = ring->err;
	st->available = 0;
	st->held = 0;
	for (i = 0; i < ring->n; i++) {
		struct ds_slot *s = &ring->slots[i];

		if (s->state == DS_SLOT_CPU || s->state == DS_SLOT_SYNCING)
			st->held++;
	}
	if (ring->capture) {
		struct ds_slot *s;
		u64 k = ring->cons_seq;

		if (ring->hw_seq > ring->n && k < ring->hw_seq - ring->n)
			k = ring->hw_seq - ring->n;
		for (; k < ring->hw_seq; k++) {
			s = ds_slot(ring, k);
			st->available += s->state == DS_SLOT_READY && s->seq == k;
		}
	} else if (!ring->started || ring->running) {
		u64 lo = ring->started ? ring->hw_seq + 1 : 0;
		u64 hi = ring->started ? ring->hw_seq + ring->n : ring->n;
		u64 k = max(ring->prod_seq, lo);

		for (; k < hi && ds_slot(ring, k)->state == DS_SLOT_DEV; k++)
			st->available++;
	}
	spin_unlock_irqrestore(&ring->lock, flags);
	ds_ring_notify_failed(ring, failed);
}
EXPORT_SYMBOL_GPL(dmastream_ring_status);

/**
 * dmastream_ring_buf() - the buffer a ring runs over
 * @ring: ring
 *
 * Return: the buffer given to dmastream_ring_create().
 */
struct dmastream_buf *dmastream_ring_buf(struct dmastream_ring *ring)
{
	return ring->buf;
}
EXPORT_SYMBOL_GPL(dmastream_ring_buf);
