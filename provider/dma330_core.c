// SPDX-License-Identifier: GPL-2.0
/*
 * dma330 provider: dmaengine glue.
 *
 * Virtual channels (more than the hardware has threads) queue descriptors;
 * a channel with issued work is bound to a free hardware thread or waits in
 * FIFO order.  Programs are generated when a descriptor starts on a thread,
 * into that thread's buffer; a descriptor too large for one program runs as
 * several, chained from the interrupt handler.
 *
 * One function, dma330_reap(), decides that a program has ended: its end
 * event (INT_EVENT_RIS) signalled and the thread stopped; a stopped thread
 * without it, or a faulting one, fails with the residue of what did not
 * move.  The IRQ handler, tx_status, issue_pending, the idle work and a
 * channel that must wait for a thread all call it, so a descriptor without
 * DMA_PREP_INTERRUPT needs no interrupt unless something waits behind it.
 *
 * Descriptors live on virt-dma's lists (dma330_vchan.h: the kernel's
 * virt-dma in a kernel tree, our own copy of its API out of tree), and
 * callbacks run from virt-dma's tasklet of each channel.  Locking: d->lock
 * (the controller) covers the threads, the hardware and the issued
 * descriptors of every channel, since any thread may run them; a channel's
 * vc.lock nests inside it, held only around the virt-dma list operations.
 * virt-dma itself takes vc.lock alone (prep, submit, callbacks), but never
 * touches desc_issued: that list changes with both locks held, so the
 * glue reads it under d->lock alone.
 */
#include <linux/amba/bus.h>
#include <linux/bitmap.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/pm_runtime.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "dma330.h"
#include "dma330_compat.h"

static unsigned int desc_pool = 8;
module_param(desc_pool, uint, 0444);
MODULE_PARM_DESC(desc_pool, "descriptors preallocated per channel");

#define DMA330_IDLE_MS		100

static u32 dma330_widths(struct dma330_dev *d)
{
	u32 w = BIT(DMA_SLAVE_BUSWIDTH_1_BYTE) | BIT(DMA_SLAVE_BUSWIDTH_2_BYTES) |
		BIT(DMA_SLAVE_BUSWIDTH_4_BYTES);

	if (d->hw.cfg.bus_bytes >= 8)
		w |= BIT(DMA_SLAVE_BUSWIDTH_8_BYTES);
	return w;
}

/**
 * dma330_first_free_event() - lowest event not used for thread completion
 * @d: controller
 *
 * Only events our threads may use count (INS, under a non-secure manager).
 *
 * Return: the event, or PL330_NO_EVENT when every event is taken.
 */
int dma330_first_free_event(struct dma330_dev *d)
{
	int ev;

	for (ev = d->hw.cfg.nthreads; ev < d->hw.cfg.nevents; ev++)
		if (d->hw.cfg.ins & BIT(ev))
			return ev;
	return PL330_NO_EVENT;
}

/* ---- hardware thread scheduling (all under d->lock) ---- */

static void dma330_set_irq(struct dma330_dev *d, struct dma330_thread *thr,
			   bool on)
{
	lockdep_assert_held(&d->lock);
	if (thr->irq_on == on)
		return;
	thr->irq_on = on;
	if (on)
		d->inten |= BIT(thr->id);
	else
		d->inten &= ~BIT(thr->id);
	writel_relaxed(d->inten, d->hw.base + DMA330_INTEN);
}

/*
 * Drop a signalled @event (a gate released while nobody waited, or a
 * thread's end event once reaped), so the next DMAWFE on it really waits
 * and the next end is seen afresh.  INTCLR only clears events whose
 * interrupt is enabled: enable it for the write.
 */
static void dma330_drop_event(struct dma330_dev *d, int event)
{
	void __iomem *base = d->hw.base;

	lockdep_assert_held(&d->lock);
	if (!(readl_relaxed(base + DMA330_INT_EVENT_RIS) & BIT(event)))
		return;
	writel_relaxed(d->inten | BIT(event), base + DMA330_INTEN);
	writel_relaxed(BIT(event), base + DMA330_INTCLR);
	writel_relaxed(d->inten, base + DMA330_INTEN);
}

static bool dma330_desc_at_end(const struct dma330_desc *desc)
{
	return desc->pos.seg >= desc->req.nsegs;
}

/* Test hooks: plant gates or a fault in the program about to start. */
static void dma330_hook_req(struct dma330_dev *d, struct dma330_desc *desc)
{
	struct dma330_hooks *h = &d->hooks;

	if (likely(!READ_ONCE(h->active) && !dma330_fault_armed(&h->fail_hw))) {
		/* A reused descriptor: hooks planted earlier are gone now. */
		desc->req.gate_event = PL330_NO_EVENT;
		desc->req.fault_at = -1;
		return;
	}
	desc->req.gate_event = h->gate_event;
	desc->req.gate_every = h->gate_every;
	desc->req.fault_at = -1;
	if (dma330_should_fail(&h->fail_hw)) {
		u64 from = pl330_prog_pos_bytes(&desc->req, &desc->pos);

		/* Fault half-way, so part of the data has moved. */
		desc->req.fault_at = from + (desc->total - from) / 2;
	}
}

/* DMAGO the program in @thr's buffer. */
static int dma330_thread_go(struct dma330_dev *d, struct dma330_thread *thr)
{
	lockdep_assert_held(&d->lock);
	thr->end_dropped = false;
	if (IS_ENABLED(CONFIG_DMA330_TEST_HOOKS) && unlikely(d->hooks.drop_go)) {
		d->hooks.drop_go--;	/* as if the controller missed it */
		return 0;
	}
	return dma330_hw_go(&d->hw, thr->id,
			    thr->buf_dma + DMA330_PATTERN_BYTES);
}

/*
 * Does @thr's buffer hold the program that building @desc from desc->pos
 * with @size would write?  The generator is a pure function of the
 * request, the position and the size, so the same single-segment request
 * (a client reusing its buffers: a UART's or SPI controller's bounce
 * buffer, dmatest) needs no new program and no new sync.
 */
static bool dma330_prog_cached(const struct dma330_thread *thr,
			       const struct dma330_desc *desc, u32 size)
{
	const struct dma330_prog_key *k = &thr->key;
	const struct pl330_prog_req *r = &desc->req;
	const struct pl330_seg *s = &r->segs[0];

	return k->len && r->nsegs == 1 && k->size == size &&
	       k->from.seg == desc->pos.seg && k->from.off == desc->pos.off &&
	       k->seg.src == s->src && k->seg.dst == s->dst &&
	       k->seg.len == s->len && k->req.type == r->type &&
	       k->req.fill_addr == r->fill_addr &&
	       k->req.end_event == r->end_event &&
	       k->req.seg_event == r->seg_event &&
	       k->req.gate_event == r->gate_event &&
	       k->req.gate_every == r->gate_every &&
	       k->req.fault_at == r->fault_at && k->req.periph == r->periph &&
	       k->req.dev_width == r->dev_width &&
	       k->req.dev_burst == r->dev_burst;
}

/* @thr's buffer now holds the program of @desc built with @size. */
static void dma330_prog_remember(struct dma330_thread *thr,
				 const struct dma330_desc *desc, u32 size,
				 const struct pl330_prog_pos *to, int len)
{
	struct dma330_prog_key *k = &thr->key;

	if (desc->req.nsegs != 1)
		return;
	k->req = desc->req;
	k->req.segs = NULL;
	k->seg = desc->req.segs[0];
	k->from = desc->pos;
	k->to = *to;
	k->size = size;
	k->len = len;
}

/*
 * Generate and start the next program of thr->desc, from desc->pos, with
 * the end interrupt masked (dma330_reap() unmasks it when it is needed).
 * Return 0 when the program was started, or a negative errno when the
 * descriptor cannot run.
 */
static int dma330_start(struct dma330_dev *d, struct dma330_thread *thr)
{
	struct dma330_desc *desc = thr->desc;
	struct pl330_prog_pos pos = desc->pos;
	u32 from = DMA330_PATTERN_BYTES, size = READ_ONCE(d->prog_limit);
	int len;

	lockdep_assert_held(&d->lock);
	desc->req.end_event = thr->id;
	if (desc->cyclic)
		desc->req.seg_event = thr->id;
	if (IS_ENABLED(CONFIG_DMA330_TEST_HOOKS))
		dma330_hook_req(d, desc);
	if (desc->req.type == PL330_XFER_MEMSET) {
		memset(thr->buf, desc->fill, DMA330_PATTERN_BYTES);
		desc->req.fill_addr = thr->buf_dma;
		from = 0;
	}
	if (dma330_prog_cached(thr, desc, size)) {
		len = thr->key.len;
		pos = thr->key.to;
		d->stats.prog_reused++;
		if (!d->prog_coherent && !from)
			dma_sync_single_for_device(d->dd.dev, thr->buf_dma,
						   DMA330_PATTERN_BYTES,
						   DMA_TO_DEVICE);
		goto go;
	}
	thr->key.len = 0;
	len = pl330_prog_build(&d->pcfg, &desc->req, &pos,
			       thr->buf + DMA330_PATTERN_BYTES, size);
	if (unlikely(len < 0))
		return len;
	if (unlikely(desc->cyclic && pos.seg < desc->req.nsegs))
		return -ENOSPC;	/* a pass must fit: hooks made it too big */
	if (!d->prog_coherent)
		dma_sync_single_for_device(d->dd.dev, thr->buf_dma + from,
					   DMA330_PATTERN_BYTES - from + len,
					   DMA_TO_DEVICE);
	dma330_prog_remember(thr, desc, size, &pos, len);
go:
	desc->run_pos = desc->pos;
	desc->run_size = size;
	desc->pos = pos;
	d->stats.programs++;
	/* Cyclic passes restart from the interrupt handler. */
	dma330_set_irq(d, thr, desc->cyclic);
	return dma330_thread_go(d, thr);
}

/* Remember [@first, @last] as failed, merged with the newest range. */
static void dma330_add_err(struct dma330_chan *c, dma_cookie_t first,
			   dma_cookie_t last, u32 residue)
{
	unsigned int prev = (c->err_next + DMA330_ERR_RANGES - 1) %
			    DMA330_ERR_RANGES;
	struct dma330_cookie_range *r = &c->err[prev];

	lockdep_assert_held(&c->vc.lock);
	WRITE_ONCE(c->err_any, true);
	/* err_any before the cookies complete: pairs with tx_status's rmb */
	smp_wmb();
	if (r->first && first >= r->first && first <= r->last + 1 &&
	    last >= r->last) {
		r->last = last;
		r->residue = 0;
		return;
	}
	r = &c->err[c->err_next];
	r->first = first;
	r->last = last;
	r->residue = residue;
	c->err_next = (c->err_next + 1) % DMA330_ERR_RANGES;
}

static void dma330_desc_put(struct dma330_chan *c, struct dma330_desc *desc);

/*
 * Complete @desc of @c with @result and @residue: virt-dma runs its
 * callback.  A failed cookie reads DMA_ERROR from tx_status from now on.
 * Only dma330_reap() (and stop_all) call this.  A descriptor with no
 * callback and not reusable (a polling client's: dma_sync_wait, dmatest
 * polled) goes straight back to the channel: the tasklet would only free
 * it, at the cost of a softirq per transfer.
 */
static void dma330_finish(struct dma330_dev *d, struct dma330_chan *c,
			  struct dma330_desc *desc,
			  enum dmaengine_tx_result result, u32 residue)
{
	struct virt_dma_desc *vd = &desc->vd;
	bool quiet = !vd->tx.callback && !vd->tx.callback_result &&
		     !dmaengine_desc_test_reuse(&vd->tx);

	lockdep_assert_held(&d->lock);
	d->stats.completed++;
	c->completed++;
	spin_lock(&c->vc.lock);
	if (result != DMA_TRANS_NOERROR)
		dma330_add_err(c, vd->tx.cookie, vd->tx.cookie, residue);
	vd->tx_result.result = result;
	vd->tx_result.residue = residue;
	list_del(&vd->node);
	if (quiet) {
		c->vc.chan.completed_cookie = vd->tx.cookie;
		vd->tx.cookie = 0;
	} else {
		vchan_cookie_complete(vd);
	}
	spin_unlock(&c->vc.lock);
	if (quiet)
		dma330_desc_put(c, desc);
}

/*
 * First issued descriptor of @c, or NULL.  desc_issued changes only with
 * d->lock held too (virt-dma itself never touches it), so d->lock alone
 * is enough to read it: no vc.lock on the per-transfer path.
 */
static struct dma330_desc *dma330_next_desc(struct dma330_dev *d,
					    struct dma330_chan *c)
{
	lockdep_assert_held(&d->lock);
	return list_first_entry_or_null(&c->vc.desc_issued, struct dma330_desc,
					vd.node);
}

/*
 * The memory-side address register of the program on @thr (SAR of a
 * MEM_TO_DEV transfer, else DAR), or false while the thread has not loaded
 * it yet: right after DMAGO it still holds where the last program stopped.
 */
static bool dma330_mem_addr(struct dma330_dev *d, struct dma330_thread *thr,
			    const struct dma330_desc *desc, u32 *addr)
{
	u32 start = thr->buf_dma + DMA330_PATTERN_BYTES;

	if (dma330_hw_cpc(&d->hw, thr->id) - start < PL330_PROG_ADDR_SET)
		return false;
	*addr = desc->req.type == PL330_XFER_TO_DEV ?
		dma330_hw_sar(&d->hw, thr->id) : dma330_hw_dar(&d->hw, thr->id);
	return true;
}

/*
 * Bytes of @desc before the address in the address register of the
 * memory side of @thr (DAR: stores issued; SAR for MEM_TO_DEV: loads
 * issued), or where the program started when the register is outside it.
 */
static u64 dma330_addr_bytes(struct dma330_dev *d, struct dma330_thread *thr,
			     struct dma330_desc *desc)
{
	const struct pl330_prog_req *req = &desc->req;
	bool by_src = req->type == PL330_XFER_TO_DEV;
	struct pl330_prog_pos p;
	unsigned int i;
	u32 addr;

	if (!dma330_mem_addr(d, thr, desc, &addr))
		return pl330_prog_pos_bytes(req, &desc->run_pos);
	for (i = desc->run_pos.seg; i <= desc->pos.seg && i < req->nsegs; i++) {
		const struct pl330_seg *s = &req->segs[i];
		u32 base = by_src ? s->src : s->dst;
		u32 lo = i == desc->run_pos.seg ? desc->run_pos.off : 0;
		u32 hi = i == desc->pos.seg ? desc->pos.off : s->len;

		if (addr - base >= lo && addr - base <= hi) {
			p.seg = i;
			p.off = addr - base;
			return pl330_prog_pos_bytes(req, &p);
		}
	}
	return pl330_prog_pos_bytes(req, &desc->run_pos);
}

/*
 * Where the program of @desc stopped on @thr (killed, faulted or
 * waiting): CPC and the loop counters through pl330_prog_locate(), which
 * walks the very generation that built the program.  The memory side's
 * address register must agree (a thread that never ran this program has
 * another program's registers).  Return 0, or -EINVAL.
 */
static int dma330_where(struct dma330_dev *d, struct dma330_thread *thr,
			struct dma330_desc *desc, struct pl330_prog_where *w)
{
	u64 want;
	int ret;

	w->pc = dma330_hw_cpc(&d->hw, thr->id) -
		(thr->buf_dma + DMA330_PATTERN_BYTES);
	w->lc0 = dma330_hw_lc0(&d->hw, thr->id);
	w->lc1 = dma330_hw_lc1(&d->hw, thr->id);
	ret = pl330_prog_locate(&d->pcfg, &desc->req, &desc->run_pos,
				desc->run_size, w);
	if (ret)
		return ret;
	want = pl330_prog_pos_bytes(&desc->req, &w->pos);
	want += desc->req.type == PL330_XFER_TO_DEV ? w->held : w->unstored;
	return dma330_addr_bytes(d, thr, desc) == want ? 0 : -EINVAL;
}

/*
 * Bytes of @desc known done by its thread: stored, a DMAWMB passed since
 * (DMAKILL may drop stores still queued).  A thread that no longer moves
 * (stopped, faulted) is located exactly from CPC and the loop counters.
 * A running one from the address register of the memory side, less what
 * it may have issued past its last DMAWMB: SAR of MEM_TO_DEV counts
 * loads, DAR stores issued, up to one peripheral request (memory to
 * memory: PL330_FENCE_UNITS bursts) ahead of what is known stored.
 */
static u64 dma330_hw_bytes(struct dma330_dev *d, struct dma330_thread *thr,
			   struct dma330_desc *desc)
{
	const struct pl330_prog_req *req = &desc->req;
	u64 start = pl330_prog_pos_bytes(req, &desc->run_pos);
	/* The address first: see the state's use below. */
	u64 done = dma330_addr_bytes(d, thr, desc);
	u32 st = dma330_hw_chan_state(&d->hw, thr->id), ahead = 0;
	struct pl330_prog_where w;

	if ((st == DMA330_ST_STOPPED || st == DMA330_ST_FAULTING ||
	     st == DMA330_ST_FAULT_COMPLETING) && !dma330_where(d, thr, desc, &w))
		return pl330_prog_pos_bytes(req, &w.pos);
	/*
	 * Waiting at a gate (DMAWFE) or for the next request (DMAWFP, where
	 * every unit starts), the thread holds nothing: a DMAWMB has stored
	 * every load before it.  Read after the address, so a thread that
	 * moved on in between has stored what the address counts; read
	 * before it, stores of a request begun in between would count as
	 * done.
	 */
	if (st != DMA330_ST_WFE && st != DMA330_ST_WFP)
		ahead = pl330_prog_unstored_max(&d->pcfg, req);
	return done > start + ahead ? done - ahead : start;
}

/*
 * Polls (1 us apart) for a slave thread's quiet point before a pause.  On
 * silicon a request's memory accesses take bus time, far less than this;
 * only a stalled bus runs out, or an emulator whose engine is starved by
 * its host (or by these very register reads).
 */
#define DMA330_QUIET_POLLS	200

/*
 * Stop the program on @thr for a pause and set desc->pos to where it
 * resumes.  DMAKILL discards the thread's MFIFO data and promises nothing
 * for stores it executed that have not completed (DMA-330 TRM: an
 * executed DMAST waits in the write queue until the DMAC issues it; only
 * DMAWMB waits for them): pl330_prog_locate() names the last DMAWMB the
 * thread passed, and the resumed program stores again what followed.
 * From memory that is the same bytes again (a memcpy's source and
 * destination do not overlap), so a memory-to-memory thread is killed at
 * once.  A slave thread is not: a MEM_TO_DEV request would reach the
 * peripheral twice, DEV_TO_MEM bytes popped from the peripheral are lost.
 * Its requests end with DMAWMB, so between two of them it holds nothing,
 * and it gets there within one request's memory accesses: poll for the
 * instruction at CPC to start a unit (pl330_prog_quiet_op()), with a
 * bound (our lock is held, interrupts off).  If none comes the pause is
 * refused and the program runs on: a late pause, not a byte twice or lost.
 * The look and the DMAKILL are still a few register accesses apart: a
 * request that arrives in between is cut (counted as pause_cut, warned).
 *
 * A thread found stopped ended by itself (DMAEND waits for its stores):
 * it is not located (its CPC is past the program) but reaped.
 *
 * Return: 0 (@thr is killed), 1 (@thr had stopped: reap it), or -EBUSY
 * (still running).
 */
static int dma330_thread_pause(struct dma330_dev *d,
			       struct dma330_thread *thr,
			       struct dma330_desc *desc)
{
	u32 base = thr->buf_dma + DMA330_PATTERN_BYTES, pc, st;
	bool slave = desc->req.type == PL330_XFER_TO_DEV ||
		     desc->req.type == PL330_XFER_FROM_DEV;
	bool never_quiet = IS_ENABLED(CONFIG_DMA330_TEST_HOOKS) &&
			   d->hooks.never_quiet;
	struct pl330_prog_where w;
	unsigned int i;

	lockdep_assert_held(&d->lock);
	for (i = 0; slave; i++) {
		st = dma330_hw_chan_state(&d->hw, thr->id);
		if (st == DMA330_ST_STOPPED || st >= DMA330_ST_KILLING)
			break;
		pc = dma330_hw_cpc(&d->hw, thr->id) - base;
		if (!never_quiet &&
		    (st == DMA330_ST_WFE || st == DMA330_ST_WFP ||
		     (pc < desc->run_size &&
		      pl330_prog_quiet_op(thr->buf[DMA330_PATTERN_BYTES + pc]))))
			break;
		if (i == DMA330_QUIET_POLLS) {
			d->stats.pause_refused++;
			return -EBUSY;
		}
		udelay(1);
	}
	if (dma330_hw_chan_state(&d->hw, thr->id) == DMA330_ST_STOPPED)
		return 1;
	dma330_hw_kill(&d->hw, thr->id);
	if (dma330_where(d, thr, desc, &w)) {
		/* not our program's registers (it never ran): addresses */
		pl330_prog_pos_at(&desc->req, dma330_hw_bytes(d, thr, desc),
				  &desc->pos);
		return 0;
	}
	if ((w.held && desc->req.type == PL330_XFER_FROM_DEV) ||
	    (w.unstored && desc->req.type == PL330_XFER_TO_DEV))
		d->stats.pause_cut++;
	if (w.held && desc->req.type == PL330_XFER_FROM_DEV)
		dev_warn_ratelimited(d->dd.dev,
				     "chan %u: pause: %u bytes read from the peripheral were not stored and are lost\n",
				     thr->owner->id, w.held);
	if (w.unstored && desc->req.type == PL330_XFER_TO_DEV)
		dev_warn_ratelimited(d->dd.dev,
				     "chan %u: pause: %u bytes sent to the peripheral were not known complete and go again\n",
				     thr->owner->id, w.unstored);
	desc->pos = w.pos;
	return 0;
}

static u32 dma330_left(struct dma330_desc *desc, u64 done)
{
	return desc->total - min(done, desc->total);
}

static void dma330_pm_busy(struct dma330_dev *d)
{
	lockdep_assert_held(&d->lock);
	if (d->busy_threads++ || d->pm_held)
		return;
	/* irq-safe runtime PM: fine under our spinlock. */
	pm_runtime_get_sync(d->dd.dev);
	d->pm_held = true;
	schedule_delayed_work(&d->idle_work, msecs_to_jiffies(DMA330_IDLE_MS));
}

/*
 * @thr has no descriptor: give it the next issued descriptor of its owner,
 * else of the first waiting channel, and start that; else free it.  An
 * owner with more work while other channels wait takes its turn at the
 * back of the queue: a channel kept busy by its client must not hold a
 * thread forever (threads are fewer than channels).
 * Return true if a descriptor was given (its start may have failed: the
 * caller's reaping finds out).
 */
static bool dma330_thread_next(struct dma330_dev *d, struct dma330_thread *thr)
{
	struct dma330_chan *c = thr->owner;
	struct dma330_desc *desc;
	bool owner = true;

	lockdep_assert_held(&d->lock);
	for (;;) {
		desc = c && !c->paused && !d->dying ?
		       dma330_next_desc(d, c) : NULL;
		if (desc && !(owner && !list_empty(&d->waitq)))
			break;
		owner = false;
		if (c) {
			c->thr = NULL;
			if (desc) {
				list_add_tail(&c->wait_node, &d->waitq);
				d->stats.thread_waits++;
			}
		}
		if (list_empty(&d->waitq) || d->dying) {
			thr->owner = NULL;
			dma330_set_irq(d, thr, false);
			__set_bit(thr->id, &d->free_threads);
			if (!--d->busy_threads)
				d->last_busy = jiffies;
			return false;
		}
		c = list_first_entry(&d->waitq, struct dma330_chan, wait_node);
		list_del_init(&c->wait_node);
		thr->owner = c;
		c->thr = thr;
	}
	thr->desc = desc;
	thr->start_err = dma330_start(d, thr);
	return true;
}

/* Cyclic: count the periods the hardware has passed in this pass. */
static void dma330_cyclic_count(struct dma330_dev *d, struct dma330_chan *c,
				struct dma330_desc *desc, bool pass_done)
{
	unsigned int seen = desc->periods;

	lockdep_assert_held(&d->lock);
	if (!pass_done) {
		u32 addr, base;

		base = desc->req.type == PL330_XFER_TO_DEV ?
		       desc->segs[0].src : desc->segs[0].dst;
		if (!dma330_mem_addr(d, c->thr, desc, &addr))
			addr = base;	/* the pass has not begun */
		seen = (addr - base) / desc->period_len;
		if (seen > desc->periods)
			seen = desc->periods;
	}
	if (seen > desc->periods_seen) {
		/* virt-dma: one callback for the periods passed since the last. */
		desc->periods_seen = seen;
		spin_lock(&c->vc.lock);
		vchan_cyclic_callback(&desc->vd);
		spin_unlock(&c->vc.lock);
	}
}

/* Next pass of a cyclic descriptor whose pass has ended. */
static int dma330_cyclic_restart(struct dma330_dev *d,
				 struct dma330_thread *thr)
{
	struct dma330_desc *desc = thr->desc;

	dma330_cyclic_count(d, thr->owner, desc, true);
	desc->periods_seen = 0;
	desc->residue_min = desc->total;
	desc->pos.seg = 0;
	desc->pos.off = 0;
	/* The same program, unless the last one was a resumed partial pass. */
	if (desc->run_pos.seg || desc->run_pos.off)
		return dma330_start(d, thr);
	desc->pos.seg = desc->req.nsegs;
	d->stats.programs++;
	return dma330_thread_go(d, thr);
}

enum dma330_outcome {
	DMA330_RUNNING,		/* not finished: an interrupt or a poll will tell */
	DMA330_ENDED,		/* ran to its DMAEND (its end event is signalled) */
	DMA330_FAILED,		/* faulted, or stopped without reaching its end */
};

/* What the program on @thr has done; on failure, @result says why. */
static enum dma330_outcome dma330_outcome(struct dma330_dev *d,
					  struct dma330_thread *thr,
					  enum dmaengine_tx_result *result)
{
	struct dma330_hw *hw = &d->hw;
	u32 st = dma330_hw_chan_state(hw, thr->id);
	bool end = readl_relaxed(hw->base + DMA330_INT_EVENT_RIS) &
		   BIT(thr->id);
	u32 ftr;

	*result = DMA_TRANS_ABORTED;
	if (st == DMA330_ST_FAULTING || st == DMA330_ST_FAULT_COMPLETING) {
		ftr = readl_relaxed(hw->base + DMA330_FTR(thr->id));
		dma330_hw_log_chan_fault(hw, thr->id, ftr);
		d->stats.faults++;
		if (ftr & DMA330_FTR_READ_ERR)
			*result = DMA_TRANS_READ_FAILED;
		else if (ftr & DMA330_FTR_WRITE_ERR)
			*result = DMA_TRANS_WRITE_FAILED;
		return DMA330_FAILED;
	}
	if (end && st != DMA330_ST_STOPPED && thr->desc->cyclic &&
	    dma330_addr_bytes(d, thr, thr->desc) < thr->desc->total) {
		/*
		 * A period's event (the pass's end raises the same one): drop
		 * it, then look again.  An end signalled after the drop raises
		 * a new interrupt; one signalled in between shows as a pass
		 * whose data has all moved, its event dropped with the
		 * period's: remember that it was seen.
		 */
		dma330_drop_event(d, thr->id);
		if (dma330_addr_bytes(d, thr, thr->desc) < thr->desc->total)
			return DMA330_RUNNING;
		thr->end_dropped = true;
	}
	end |= thr->end_dropped;
	/*
	 * The end event is signalled just before DMAEND, a few cycles before
	 * the thread stops: until then it is running.  No wait for it here,
	 * under the lock: the event stays pending, so its interrupt (or the
	 * next poll) looks again with the lock dropped in between.  (An end
	 * dropped with a period's event above: the idle work looks again.)
	 */
	if (st != DMA330_ST_STOPPED)
		return DMA330_RUNNING;
	/*
	 * Stopped is not finished: DMAGO has been carried out (the debug
	 * interface was idle again before we looked), so a stopped thread
	 * without its end event never reached DMAEND.
	 */
	if (!end) {
		dev_err_ratelimited(d->dd.dev,
				    "thread %u stopped before its end (PC=0x%08x)\n",
				    thr->id, dma330_hw_cpc(hw, thr->id));
		return DMA330_FAILED;
	}
	return DMA330_ENDED;
}

/* Does the running program on @thr need its end to interrupt us? */
static bool dma330_need_irq(struct dma330_dev *d, struct dma330_thread *thr)
{
	struct dma330_desc *desc = thr->desc;

	lockdep_assert_held(&d->lock);
	if (desc->want_irq || desc->cyclic || !dma330_desc_at_end(desc) ||
	    !list_empty(&d->waitq))
		return true;
	/* desc_issued: d->lock is enough to read it (dma330_next_desc()). */
	return !list_is_last(&desc->vd.node, &thr->owner->vc.desc_issued);
}

/**
 * dma330_reap() - the one place that decides a descriptor is done
 * @d: controller (lock held)
 * @thr: a bound thread
 *
 * Looks at the program on @thr: an ended one completes its descriptor (or
 * starts the next program of a split or cyclic one), a faulted or
 * prematurely stopped one completes it with an error and the residue of
 * what did not move.  Then the thread's next work is started, until a
 * program is left running (its end interrupt unmasked when anything
 * waits on it) or the thread is free.  Called from the interrupt handler,
 * tx_status, issue_pending, the idle work and when a channel needs a
 * thread.
 */
static void dma330_reap(struct dma330_dev *d, struct dma330_thread *thr)
{
	enum dmaengine_tx_result result;
	struct dma330_desc *desc;
	struct dma330_chan *c;
	bool restarted = false;
	int ret;

	lockdep_assert_held(&d->lock);
	while (thr->owner) {
		desc = thr->desc;
		c = thr->owner;
		if (!desc) {
			if (!dma330_thread_next(d, thr))
				return;
			continue;
		}
		if (unlikely(thr->start_err)) {
			ret = thr->start_err;
			thr->start_err = 0;
			dev_err_ratelimited(d->dd.dev,
					    "chan %u: cannot start descriptor %d: %d\n",
					    c->id, desc->vd.tx.cookie, ret);
			thr->desc = NULL;
			dma330_finish(d, c, desc, DMA_TRANS_ABORTED,
				      dma330_left(desc,
						  pl330_prog_pos_bytes(&desc->req,
								       &desc->run_pos)));
			continue;
		}
		switch (dma330_outcome(d, thr, &result)) {
		case DMA330_RUNNING:
			if (desc->cyclic)
				dma330_cyclic_count(d, c, desc, false);
			if (thr->irq_on || !dma330_need_irq(d, thr))
				return;
			/* Unmask, then look again: it may have ended meanwhile. */
			dma330_set_irq(d, thr, true);
			continue;
		case DMA330_FAILED: {
			u32 left = dma330_left(desc, dma330_hw_bytes(d, thr, desc));

			dma330_hw_kill(&d->hw, thr->id);
			dma330_drop_event(d, thr->id);
			thr->desc = NULL;
			dma330_finish(d, c, desc, result, left);
			continue;
		}
		case DMA330_ENDED:
			break;
		}
		dma330_drop_event(d, thr->id);
		if (desc->cyclic) {
			if (c->paused || d->dying) {
				thr->desc = NULL;
				continue;
			}
			/*
			 * A pass that ended before we looked again had no
			 * peripheral pacing it (a request line held asserted,
			 * a tiny ring): restarting it here again and again
			 * would hold this CPU, in the interrupt handler, for
			 * good.  One restart per reap; the next from a work
			 * item, which lets the CPU do other work in between.
			 */
			if (restarted) {
				thr->end_dropped = true;
				schedule_work(&d->cyclic_work);
				return;
			}
			restarted = true;
			thr->start_err = dma330_cyclic_restart(d, thr);
			continue;
		}
		if (dma330_desc_at_end(desc)) {
			thr->desc = NULL;
			dma330_finish(d, c, desc, DMA_TRANS_NOERROR, 0);
			continue;
		}
		if (c->paused || d->dying) {
			/* Stays first in the issued list, position saved. */
			thr->desc = NULL;
			continue;
		}
		d->stats.chunks++;
		thr->start_err = dma330_start(d, thr);
	}
}

/* Reap every bound thread. */
static void dma330_reap_all(struct dma330_dev *d)
{
	unsigned int i;

	lockdep_assert_held(&d->lock);
	for (i = 0; i < d->hw.cfg.nthreads; i++)
		if (d->threads[i].owner)
			dma330_reap(d, &d->threads[i]);
}

/* Cyclic passes dma330_reap() left ended: restart them (one pass each). */
static void dma330_cyclic_work(struct work_struct *work)
{
	struct dma330_dev *d = container_of(work, struct dma330_dev,
					    cyclic_work);
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	dma330_reap_all(d);
	spin_unlock_irqrestore(&d->lock, flags);
}

static void dma330_idle_work(struct work_struct *work)
{
	struct dma330_dev *d = container_of(to_delayed_work(work),
					    struct dma330_dev, idle_work);
	unsigned long flags;
	bool drop = false;

	spin_lock_irqsave(&d->lock, flags);
	/* Programs that ended with no interrupt asked free their threads. */
	dma330_reap_all(d);
	if (d->pm_held && !d->busy_threads &&
	    time_after_eq(jiffies, d->last_busy +
			  msecs_to_jiffies(DMA330_IDLE_MS))) {
		d->pm_held = false;
		drop = true;
	} else if (d->pm_held) {
		schedule_delayed_work(&d->idle_work,
				      msecs_to_jiffies(DMA330_IDLE_MS));
	}
	spin_unlock_irqrestore(&d->lock, flags);
	if (drop) {
		pm_runtime_mark_last_busy(d->dd.dev);
		pm_runtime_put_autosuspend(d->dd.dev);
	}
}

/* @c has issued work: make sure it runs or waits for a thread. */
static void dma330_chan_schedule(struct dma330_dev *d, struct dma330_chan *c)
{
	struct dma330_thread *thr;
	unsigned int id;

	lockdep_assert_held(&d->lock);
	if (c->thr || c->paused || !list_empty(&c->wait_node))
		return;
	if (unlikely(!d->free_threads)) {
		/*
		 * Wait, and have every bound thread either handed over now
		 * (its program has ended unseen) or interrupt us when it
		 * ends.
		 */
		list_add_tail(&c->wait_node, &d->waitq);
		d->stats.thread_waits++;
		dma330_reap_all(d);
		return;
	}
	id = __ffs(d->free_threads);
	__clear_bit(id, &d->free_threads);
	thr = &d->threads[id];
	dma330_pm_busy(d);
	thr->owner = c;
	thr->desc = NULL;
	c->thr = thr;
	dma330_reap(d, thr);
}

static void dma330_handle_mgr_fault(struct dma330_dev *d)
{
	struct dma330_hw *hw = &d->hw;

	lockdep_assert_held(&d->lock);
	dma330_hw_log_mgr_fault(hw, readl_relaxed(hw->base + DMA330_FTRD));
	d->stats.mgr_faults++;
	/* Cleared, so the controller keeps serving. */
	dma330_hw_kill_manager(hw);
}

/**
 * dma330_irq() - interrupt handler for every line of the controller
 * @irq: interrupt number
 * @data: the controller
 *
 * Return: IRQ_HANDLED if the controller had something to report.
 */
irqreturn_t dma330_irq(int irq, void *data)
{
	struct dma330_dev *d = data;
	struct dma330_hw *hw = &d->hw;
	unsigned long work;
	u32 fsrd, fsrc, mis;
	unsigned int n;

	spin_lock(&d->lock);
	fsrd = readl_relaxed(hw->base + DMA330_FSRD);
	fsrc = readl_relaxed(hw->base + DMA330_FSRC);
	mis = readl_relaxed(hw->base + DMA330_INTMIS);
	if (unlikely(!(fsrd | fsrc | mis))) {
		spin_unlock(&d->lock);
		return IRQ_NONE;
	}
	d->stats.irqs++;
	if (unlikely(fsrd & BIT(0)))
		dma330_handle_mgr_fault(d);
	/* Reaping clears each thread's end event once it is handled. */
	work = (mis | fsrc) & GENMASK(hw->cfg.nthreads - 1, 0);
	for_each_set_bit(n, &work, hw->cfg.nthreads) {
		if (d->threads[n].owner) {
			dma330_reap(d, &d->threads[n]);
		} else {
			/* Nothing of ours: a stray fault or event. */
			if (fsrc & BIT(n)) {
				dma330_hw_log_chan_fault(hw, n,
							 readl_relaxed(hw->base + DMA330_FTR(n)));
				d->stats.faults++;
				dma330_hw_kill(hw, n);
			}
			dma330_drop_event(d, n);
		}
	}
	spin_unlock(&d->lock);
	return IRQ_HANDLED;
}

/* ---- progress and residue ---- */

static u32 dma330_residue(struct dma330_dev *d, struct dma330_chan *c,
			  struct dma330_desc *desc)
{
	u64 done, residue;

	if (c->thr && c->thr->desc == desc)
		done = dma330_hw_bytes(d, c->thr, desc);
	else
		done = pl330_prog_pos_bytes(&desc->req, &desc->pos);
	residue = desc->total - min(done, desc->total);
	if (residue > desc->residue_min)
		residue = desc->residue_min;
	desc->residue_min = residue;
	return residue;
}

/*
 * Status of @cookie (vc.lock held): DMA_ERROR for a cookie among the last
 * failed or terminated ones, with the residue of a faulted one; else what
 * the cookies say.
 */
static enum dma_status dma330_cookie_status(struct dma330_chan *c,
					    dma_cookie_t cookie,
					    struct dma_tx_state *state)
{
	enum dma_status ret = dma_cookie_status(&c->vc.chan, cookie, state);
	unsigned int i;

	lockdep_assert_held(&c->vc.lock);
	for (i = 0; i < DMA330_ERR_RANGES; i++) {
		if (c->err[i].first && cookie >= c->err[i].first &&
		    cookie <= c->err[i].last) {
			dma_set_residue(state, c->err[i].residue);
			return DMA_ERROR;
		}
	}
	return ret;
}

/* The submitted or issued descriptor of @cookie (vc.lock held), or NULL. */
static struct dma330_desc *dma330_find_desc(struct dma330_chan *c,
					    dma_cookie_t cookie)
{
	struct virt_dma_desc *vd;

	lockdep_assert_held(&c->vc.lock);
	vd = vchan_find_desc(&c->vc, cookie);
	if (vd)
		return to_dma330_desc(vd);
	list_for_each_entry(vd, &c->vc.desc_submitted, node)
		if (vd->tx.cookie == cookie)
			return to_dma330_desc(vd);
	return NULL;
}

static enum dma_status dma330_tx_status(struct dma_chan *chan,
					dma_cookie_t cookie,
					struct dma_tx_state *state)
{
	struct dma330_chan *c = to_dma330_chan(chan);
	struct dma330_dev *d = c->d;
	struct dma330_desc *desc;
	enum dma_status ret;
	unsigned long flags;
	u32 residue;

	/*
	 * A completed cookie of a channel that never failed one is done:
	 * no lock (the usual question, asked after every callback).
	 * dma330_add_err() makes err_any visible before a failed cookie
	 * completes.
	 */
	ret = dma_cookie_status(chan, cookie, state);
	if (ret == DMA_COMPLETE) {
		/* completed_cookie before err_any: pairs with add_err's wmb */
		smp_rmb();
		if (!READ_ONCE(c->err_any))
			return ret;
	}
	spin_lock_irqsave(&d->lock, flags);
	spin_lock(&c->vc.lock);
	ret = dma330_cookie_status(c, cookie, state);
	if (ret == DMA_IN_PROGRESS && c->thr) {
		/* Polled completion: no interrupt may have been asked for. */
		spin_unlock(&c->vc.lock);
		dma330_reap(d, c->thr);
		spin_lock(&c->vc.lock);
		ret = dma330_cookie_status(c, cookie, state);
	}
	if (ret == DMA_IN_PROGRESS && state) {
		desc = dma330_find_desc(c, cookie);
		if (desc) {
			residue = dma330_residue(d, c, desc);
			dma_set_residue(state, residue);
			if (c->thr && c->thr->desc == desc)
				dma_set_in_flight_bytes(state, residue);
		}
	}
	spin_unlock(&c->vc.lock);
	if (ret == DMA_IN_PROGRESS && c->paused)
		ret = DMA_PAUSED;
	spin_unlock_irqrestore(&d->lock, flags);
	return ret;
}

/* ---- channel operations ---- */

static void dma330_issue_pending(struct dma_chan *chan)
{
	struct dma330_chan *c = to_dma330_chan(chan);
	struct dma330_dev *d = c->d;
	unsigned long flags;
	bool bh, issued;

	/*
	 * Descriptors that end at once complete here and their callbacks
	 * go to the tasklet.  From task context with interrupts on, keep
	 * bottom halves off meanwhile so the tasklet runs (in softirq
	 * context) when they are turned back on, as it would on the way out
	 * of an interrupt, instead of waking ksoftirqd.
	 */
	bh = !in_interrupt() && !irqs_disabled();
	if (bh)
		local_bh_disable();
	spin_lock_irqsave(&d->lock, flags);
	spin_lock(&c->vc.lock);
	issued = vchan_issue_pending(&c->vc);
	spin_unlock(&c->vc.lock);
	if (issued) {
		if (!c->thr)
			dma330_chan_schedule(d, c);
		else
			dma330_reap(d, c->thr);	/* wakes us for the next */
	}
	spin_unlock_irqrestore(&d->lock, flags);
	if (bh)
		local_bh_enable();
}

/* Kill the program on @thr; its end event, if signalled, is dropped. */
static void dma330_thread_kill(struct dma330_dev *d, struct dma330_thread *thr)
{
	lockdep_assert_held(&d->lock);
	dma330_hw_kill(&d->hw, thr->id);
	dma330_drop_event(d, thr->id);
	thr->desc = NULL;
}

/*
 * Pause @c: stop its running program (see dma330_thread_pause()) and
 * keep the position of the last DMAWMB it passed, so resume regenerates
 * from a byte before which everything is stored: nothing lost.
 * Return: 0, or -EBUSY if the program could not be stopped (it runs on).
 */
static int dma330_chan_stop(struct dma330_dev *d, struct dma330_chan *c)
{
	struct dma330_thread *thr = c->thr;
	struct dma330_desc *desc;
	int ret;

	lockdep_assert_held(&d->lock);
	/* A program that already ended completes (or stops) normally. */
	if (thr)
		dma330_reap(d, thr);
	thr = c->thr;
	if (!thr || !thr->desc)
		return 0;
	desc = thr->desc;
	ret = dma330_thread_pause(d, thr, desc);
	if (ret < 0)
		return ret;
	if (ret) {
		dma330_reap(d, thr);	/* ended: completes or holds, paused */
		return 0;
	}
	if (desc->cyclic)
		dma330_cyclic_count(d, c, desc, false);
	dma330_thread_kill(d, thr);
	dma330_reap(d, thr);	/* hands the thread over */
	return 0;
}

static int dma330_pause(struct dma_chan *chan)
{
	struct dma330_chan *c = to_dma330_chan(chan);
	struct dma330_dev *d = c->d;
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&d->lock, flags);
	if (!c->paused) {
		c->paused = true;
		ret = dma330_chan_stop(d, c);
		if (ret)
			c->paused = false;
		else
			list_del_init(&c->wait_node);
	}
	spin_unlock_irqrestore(&d->lock, flags);
	if (ret)
		dev_warn_ratelimited(d->dd.dev,
				     "chan %u: pause refused: the thread stayed inside a peripheral request for %u us\n",
				     c->id, DMA330_QUIET_POLLS);
	return ret;
}

static int dma330_resume(struct dma_chan *chan)
{
	struct dma330_chan *c = to_dma330_chan(chan);
	struct dma330_dev *d = c->d;
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	if (c->paused) {
		c->paused = false;
		if (dma330_next_desc(d, c))
			dma330_chan_schedule(d, c);
	}
	spin_unlock_irqrestore(&d->lock, flags);
	return 0;
}

/*
 * Drop every descriptor of @c onto @head (vc.lock held): what was
 * submitted and not reported reads DMA_ERROR from now on; the one running
 * (@running) waits on desc_terminated for synchronize.
 */
static void dma330_drop_all(struct dma330_chan *c, struct dma330_desc *running,
			    struct list_head *head)
{
	dma_cookie_t first;

	lockdep_assert_held(&c->vc.lock);
	if (!list_empty(&c->vc.desc_submitted) ||
	    !list_empty(&c->vc.desc_issued)) {
		first = c->vc.chan.completed_cookie + 1;
		if (first < DMA_MIN_COOKIE || first > c->vc.chan.cookie)
			first = DMA_MIN_COOKIE;
		dma330_add_err(c, first, c->vc.chan.cookie, 0);
	}
	if (running) {
		list_del(&running->vd.node);
		vchan_terminate_vdesc(&running->vd);
	}
	/* No period callback of a cyclic descriptor paused off its thread. */
	c->vc.cyclic = NULL;
	vchan_get_all_descriptors(&c->vc, head);
}

static int dma330_terminate_all(struct dma_chan *chan)
{
	struct dma330_chan *c = to_dma330_chan(chan);
	struct dma330_dev *d = c->d;
	struct dma330_thread *thr;
	struct dma330_desc *running = NULL;
	unsigned long flags;
	LIST_HEAD(head);

	spin_lock_irqsave(&d->lock, flags);
	thr = c->thr;
	if (thr && thr->desc) {
		running = thr->desc;
		dma330_thread_kill(d, thr);
	}
	spin_lock(&c->vc.lock);
	dma330_drop_all(c, running, &head);
	spin_unlock(&c->vc.lock);
	c->paused = false;
	list_del_init(&c->wait_node);
	if (thr)
		dma330_reap(d, thr);	/* hands the thread over */
	spin_unlock_irqrestore(&d->lock, flags);
	vchan_dma_desc_free_list(&c->vc, &head);
	return 0;
}

static void dma330_synchronize(struct dma_chan *chan)
{
	struct dma330_chan *c = to_dma330_chan(chan);

	/* terminate_all stopped the thread; wait out a running callback. */
	vchan_synchronize(&c->vc);
}

static int dma330_config(struct dma_chan *chan, struct dma_slave_config *cfg)
{
	struct dma330_chan *c = to_dma330_chan(chan);
	struct dma330_dev *d = c->d;
	u32 widths = dma330_widths(d);
	unsigned long flags;

	if ((cfg->src_addr_width && !(widths & BIT(cfg->src_addr_width))) ||
	    (cfg->dst_addr_width && !(widths & BIT(cfg->dst_addr_width))))
		return -EINVAL;
	spin_lock_irqsave(&d->lock, flags);
	c->slave = *cfg;
	/* Shorter bursts always suit a FIFO: clamp, as upstream pl330 does. */
	c->slave.src_maxburst = min_t(u32, cfg->src_maxburst, PL330_MAX_BURST);
	c->slave.dst_maxburst = min_t(u32, cfg->dst_maxburst, PL330_MAX_BURST);
	c->slave_valid = true;
	spin_unlock_irqrestore(&d->lock, flags);
	return 0;
}

/* ---- prep ---- */

/* ---- descriptors ---- */

static struct dma330_desc *dma330_desc_alloc(struct dma330_chan *c, gfp_t gfp)
{
	struct dma330_desc *desc = kzalloc(sizeof(*desc), gfp);

	if (desc)
		atomic_long_inc(&c->d->ndescs);
	return desc;
}

static void dma330_desc_kfree(struct dma330_chan *c, struct dma330_desc *desc)
{
	atomic_long_dec(&c->d->ndescs);
	kfree(desc->seg_heap);
	kfree(desc);
}

/*
 * Back to the channel, up to desc_pool of them: the spare slot first,
 * then the pool (virt-dma's desc_free, called with no lock held; also for
 * a prep that failed, and from dma330_finish() under d->lock, which is
 * taken before vc.lock everywhere).
 */
static void dma330_desc_put(struct dma330_chan *c, struct dma330_desc *desc)
{
	unsigned long flags;
	bool kept = false;

	/* One transfer at a time (most clients) never takes vc.lock here. */
	if (desc_pool && !cmpxchg_release(&c->spare, NULL, desc))
		return;
	spin_lock_irqsave(&c->vc.lock, flags);
	if (c->npool + 1 < desc_pool) {
		list_add(&desc->pool_node, &c->pool);
		c->npool++;
		kept = true;
	}
	spin_unlock_irqrestore(&c->vc.lock, flags);
	if (!kept)
		dma330_desc_kfree(c, desc);
}

static void dma330_vdesc_free(struct virt_dma_desc *vd)
{
	dma330_desc_put(to_dma330_chan(vd->tx.chan), to_dma330_desc(vd));
}

/* Every submission runs from the first byte (reuse, after terminate). */
static void dma330_desc_rewind(struct dma330_desc *desc)
{
	desc->pos.seg = 0;
	desc->pos.off = 0;
	desc->run_pos = desc->pos;
	desc->residue_min = desc->total;
	desc->periods_seen = 0;
}

/*
 * tx_submit: virt-dma's, on a rewound descriptor.  Until it is submitted
 * the descriptor is the client's alone, so no lock is needed here.
 */
static dma_cookie_t dma330_tx_submit(struct dma_async_tx_descriptor *tx)
{
	dma330_desc_rewind(container_of(tx, struct dma330_desc, vd.tx));
	return vchan_tx_submit(tx);
}

/* The end of every successful prep: onto virt-dma's desc_allocated. */
static struct dma_async_tx_descriptor *
dma330_tx_prep(struct dma330_chan *c, struct dma330_desc *desc)
{
	struct dma_async_tx_descriptor *tx;

	tx = vchan_tx_prep(&c->vc, &desc->vd, desc->flags);
	tx->tx_submit = dma330_tx_submit;
	return tx;
}

static struct dma330_desc *dma330_get_desc(struct dma330_chan *c,
					   unsigned long flags)
{
	struct dma330_desc *desc;
	unsigned long irqflags;

	/* Read at every prep: fail_prep/ may be written at any time. */
	if (IS_ENABLED(CONFIG_DMA330_TEST_HOOKS) &&
	    unlikely(dma330_should_fail(&c->d->hooks.fail_prep)))
		return NULL;
	desc = xchg_acquire(&c->spare, NULL);
	if (unlikely(!desc)) {
		spin_lock_irqsave(&c->vc.lock, irqflags);
		desc = list_first_entry_or_null(&c->pool, struct dma330_desc,
						pool_node);
		if (desc) {
			list_del(&desc->pool_node);
			c->npool--;
		}
		spin_unlock_irqrestore(&c->vc.lock, irqflags);
	}
	if (unlikely(!desc)) {
		/* prep may run in atomic context */
		desc = dma330_desc_alloc(c, GFP_NOWAIT);
		if (!desc)
			return NULL;
	}
	/* A pooled descriptor must not keep its last client's callback. */
	memset(&desc->vd.tx, 0, sizeof(desc->vd.tx));
	desc->flags = flags;
	desc->segs = &desc->seg_inline;
	desc->req.segs = desc->segs;
	desc->req.nsegs = 1;
	desc->req.end_event = PL330_NO_EVENT;
	desc->req.seg_event = PL330_NO_EVENT;
	desc->req.gate_event = PL330_NO_EVENT;
	desc->req.gate_every = 0;
	desc->req.fault_at = -1;
	desc->pos.seg = 0;
	desc->pos.off = 0;
	desc->run_pos = desc->pos;
	desc->want_irq = flags & DMA_PREP_INTERRUPT;
	desc->cyclic = false;
	return desc;
}

/* Room for @n segments (the array stays with the descriptor for reuse). */
static int dma330_desc_segs(struct dma330_desc *desc, unsigned int n)
{
	struct pl330_seg *segs;

	if (n <= 1) {
		desc->segs = &desc->seg_inline;
	} else {
		if (n > desc->seg_heap_cap) {
			segs = kmalloc_array(n, sizeof(*segs), GFP_NOWAIT);
			if (!segs)
				return -ENOMEM;
			kfree(desc->seg_heap);
			desc->seg_heap = segs;
			desc->seg_heap_cap = n;
		}
		desc->segs = desc->seg_heap;
	}
	desc->req.segs = desc->segs;
	desc->req.nsegs = n;
	return 0;
}

static void dma330_set_total(struct dma330_desc *desc)
{
	unsigned int i;
	u64 total = 0;

	for (i = 0; i < desc->req.nsegs; i++)
		total += desc->segs[i].len;
	desc->total = total;
	desc->residue_min = total;
}

/*
 * Every address handed to the controller must fit its 32-bit address
 * registers (the DMA mask probe declares).  With a 64-bit dma_addr_t
 * (LPAE, arm64) a client that mapped against the wrong device could pass
 * more: refuse, never truncate.
 */
static bool dma330_reach(struct dma330_chan *c, const char *what, u64 addr,
			 u64 len)
{
	if (likely(pl330_bus_span_ok(addr, len)))
		return true;
	dev_err_ratelimited(c->d->dd.dev,
			    "chan %u: %s 0x%llx + %llu is beyond the controller's 32-bit reach (DMA mask 0x%llx): refused\n",
			    c->id, what, addr, len, dma_get_mask(c->d->dd.dev));
	return false;
}

/* One contiguous piece: what memcpy and memset descriptors are made of. */
static struct dma330_desc *dma330_prep_one(struct dma_chan *chan,
					   enum pl330_xfer_type type,
					   dma_addr_t src, dma_addr_t dst,
					   size_t len, unsigned long flags)
{
	struct dma330_desc *desc;

	if (unlikely(!len || len > U32_MAX))
		return NULL;
	if (!dma330_reach(to_dma330_chan(chan), "destination", dst, len) ||
	    (type == PL330_XFER_MEMCPY &&
	     !dma330_reach(to_dma330_chan(chan), "source", src, len)))
		return NULL;
	desc = dma330_get_desc(to_dma330_chan(chan), flags);
	if (unlikely(!desc))
		return NULL;
	desc->req.type = type;
	desc->seg_inline.src = src;
	desc->seg_inline.dst = dst;
	desc->seg_inline.len = len;
	desc->total = len;
	desc->residue_min = len;
	return desc;
}

static struct dma_async_tx_descriptor *
dma330_prep_memcpy(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src,
		   size_t len, unsigned long flags)
{
	struct dma330_desc *desc;

	desc = dma330_prep_one(chan, PL330_XFER_MEMCPY, src, dst, len, flags);
	return desc ? dma330_tx_prep(to_dma330_chan(chan), desc) : NULL;
}

static struct dma_async_tx_descriptor *
dma330_prep_memset(struct dma_chan *chan, dma_addr_t dst, int value,
		   size_t len, unsigned long flags)
{
	struct dma330_desc *desc;

	desc = dma330_prep_one(chan, PL330_XFER_MEMSET, 0, dst, len, flags);
	if (!desc)
		return NULL;
	desc->fill = value;
	return dma330_tx_prep(to_dma330_chan(chan), desc);
}

/* Peripheral side of @c for @dir; false if not configured. */
static bool dma330_slave_side(struct dma330_chan *c,
			      enum dma_transfer_direction dir,
			      struct pl330_prog_req *req, u32 *dev_addr)
{
	struct dma_slave_config *s = &c->slave;
	enum dma_slave_buswidth w;
	u32 burst, share;

	if (!c->slave_valid || c->periph == DMA330_NO_PERIPH) {
		dev_err_ratelimited(c->d->dd.dev,
				    "chan %u: slave prep without %s\n", c->id,
				    c->slave_valid ? "a request line (dmas)" :
				    "dmaengine_slave_config");
		return false;
	}
	if (dir == DMA_MEM_TO_DEV) {
		req->type = PL330_XFER_TO_DEV;
		w = s->dst_addr_width;
		burst = s->dst_maxburst;
		*dev_addr = s->dst_addr;
	} else if (dir == DMA_DEV_TO_MEM) {
		req->type = PL330_XFER_FROM_DEV;
		w = s->src_addr_width;
		burst = s->src_maxburst;
		*dev_addr = s->src_addr;
	} else {
		return false;
	}
	if (w == DMA_SLAVE_BUSWIDTH_UNDEFINED)
		return false;
	if (!dma330_reach(c, "device FIFO",
			  dir == DMA_MEM_TO_DEV ? s->dst_addr : s->src_addr, w))
		return false;
	req->periph = c->periph;
	req->dev_width = w;
	/*
	 * Clamped (config did too): a shorter burst is always valid.  One
	 * request must fit this thread's share of the MFIFO.
	 */
	burst = clamp_t(u32, burst, 1, PL330_MAX_BURST);
	share = pl330_prog_fifo_share(&c->d->pcfg);
	if (w * burst > share)
		burst = max_t(u32, share / w, 1);
	req->dev_burst = burst;
	return true;
}

static struct dma330_desc *dma330_slave_desc(struct dma330_chan *c,
					     enum dma_transfer_direction dir,
					     unsigned int n,
					     unsigned long flags,
					     u32 *dev_addr)
{
	struct dma330_desc *desc;

	if (!n)
		return NULL;
	desc = dma330_get_desc(c, flags);
	if (!desc)
		return NULL;
	if (!dma330_slave_side(c, dir, &desc->req, dev_addr) ||
	    dma330_desc_segs(desc, n)) {
		dma330_desc_put(c, desc);
		return NULL;
	}
	return desc;
}

static bool dma330_slave_seg(struct dma330_chan *c, struct dma330_desc *desc,
			     unsigned int i, u32 dev_addr, dma_addr_t mem,
			     u32 len)
{
	struct pl330_seg *s = &desc->segs[i];

	if (!dma330_reach(c, "memory", mem, len))
		return false;
	s->len = len;
	if (desc->req.type == PL330_XFER_TO_DEV) {
		s->src = mem;
		s->dst = dev_addr;
	} else {
		s->src = dev_addr;
		s->dst = mem;
	}
	return true;
}

/* Refuse at prep what the generator cannot express. */
static struct dma_async_tx_descriptor *
dma330_slave_finish(struct dma330_chan *c, struct dma330_desc *desc)
{
	long size = pl330_prog_size(&c->d->pcfg, &desc->req);

	if (size < 0) {
		dev_err_ratelimited(c->d->dd.dev,
				    "chan %u: transfer refused (width %u, burst %u): %ld\n",
				    c->id, desc->req.dev_width,
				    desc->req.dev_burst, size);
		dma330_desc_put(c, desc);
		return NULL;
	}
	dma330_set_total(desc);
	return dma330_tx_prep(c, desc);
}

static struct dma_async_tx_descriptor *
dma330_prep_slave_sg(struct dma_chan *chan, struct scatterlist *sgl,
		     unsigned int sg_len, enum dma_transfer_direction dir,
		     unsigned long flags, void *context)
{
	struct dma330_chan *c = to_dma330_chan(chan);
	struct dma330_desc *desc;
	struct scatterlist *sg;
	unsigned int i;
	u32 dev_addr;

	desc = dma330_slave_desc(c, dir, sg_len, flags, &dev_addr);
	if (!desc)
		return NULL;
	for_each_sg(sgl, sg, sg_len, i) {
		if (!dma330_slave_seg(c, desc, i, dev_addr, sg_dma_address(sg),
				      sg_dma_len(sg))) {
			dma330_desc_put(c, desc);
			return NULL;
		}
	}
	return dma330_slave_finish(c, desc);
}

#if DMA330_HAVE_DMA_VEC
static struct dma_async_tx_descriptor *
dma330_prep_dma_vec(struct dma_chan *chan, const struct dma_vec *vecs,
		    size_t nents, enum dma_transfer_direction dir,
		    unsigned long flags)
{
	struct dma330_chan *c = to_dma330_chan(chan);
	struct dma330_desc *desc;
	unsigned int i;
	u32 dev_addr;

	if (nents > UINT_MAX)
		return NULL;
	desc = dma330_slave_desc(c, dir, nents, flags, &dev_addr);
	if (!desc)
		return NULL;
	for (i = 0; i < nents; i++) {
		if (!dma330_slave_seg(c, desc, i, dev_addr, vecs[i].addr,
				      vecs[i].len)) {
			dma330_desc_put(c, desc);
			return NULL;
		}
	}
	return dma330_slave_finish(c, desc);
}
#endif

static struct dma_async_tx_descriptor *
dma330_prep_cyclic(struct dma_chan *chan, dma_addr_t buf, size_t buf_len,
		   size_t period_len, enum dma_transfer_direction dir,
		   unsigned long flags)
{
	struct dma330_chan *c = to_dma330_chan(chan);
	struct dma330_dev *d = c->d;
	struct dma330_desc *desc;
	unsigned int i, n;
	u32 dev_addr;
	long size;

	if (!period_len || !buf_len || buf_len % period_len ||
	    buf_len > U32_MAX)
		return NULL;
	n = buf_len / period_len;
	if (!dma330_reach(c, "cyclic buffer", buf, buf_len))
		return NULL;
	desc = dma330_slave_desc(c, dir, n, flags, &dev_addr);
	if (!desc)
		return NULL;
	for (i = 0; i < n; i++)
		dma330_slave_seg(c, desc, i, dev_addr, buf + i * period_len,
				 period_len);
	desc->cyclic = true;
	desc->period_len = period_len;
	desc->periods = n;
	desc->periods_seen = 0;
	/* The whole pass must be one program: measure with its events. */
	desc->req.seg_event = 0;
	desc->req.end_event = 0;
	size = pl330_prog_size(&d->pcfg, &desc->req);
	if (size < 0 || size > READ_ONCE(d->prog_limit)) {
		dev_err_ratelimited(d->dd.dev,
				    "chan %u: cyclic %zu/%zu needs %ld program bytes, have %u\n",
				    c->id, buf_len, period_len, size,
				    d->prog_limit);
		dma330_desc_put(c, desc);
		return NULL;
	}
	desc->req.seg_event = PL330_NO_EVENT;
	desc->req.end_event = PL330_NO_EVENT;
	dma330_set_total(desc);
	return dma330_tx_prep(c, desc);
}

static struct dma_async_tx_descriptor *
dma330_prep_interleaved(struct dma_chan *chan,
			struct dma_interleaved_template *xt,
			unsigned long flags)
{
	struct dma330_chan *c = to_dma330_chan(chan);
	struct dma330_desc *desc;
	dma_addr_t src, dst;
	size_t f, k, n;

	if (xt->dir != DMA_MEM_TO_MEM || !xt->src_inc || !xt->dst_inc ||
	    !xt->numf || !xt->frame_size)
		return NULL;
	if (check_mul_overflow(xt->numf, xt->frame_size, &n) || n > U32_MAX)
		return NULL;
	desc = dma330_get_desc(c, flags);
	if (!desc)
		return NULL;
	if (dma330_desc_segs(desc, n)) {
		dma330_desc_put(c, desc);
		return NULL;
	}
	desc->req.type = PL330_XFER_MEMCPY;
	src = xt->src_start;
	dst = xt->dst_start;
	for (f = 0; f < xt->numf; f++) {
		for (k = 0; k < xt->frame_size; k++) {
			struct pl330_seg *s = &desc->segs[f * xt->frame_size + k];
			struct data_chunk *ch = &xt->sgl[k];

			if (!dma330_reach(c, "interleaved source", src, ch->size) ||
			    !dma330_reach(c, "interleaved destination", dst,
					  ch->size)) {
				dma330_desc_put(c, desc);
				return NULL;
			}
			s->src = src;
			s->dst = dst;
			s->len = ch->size;
			src += ch->size + dmaengine_get_src_icg(xt, ch);
			dst += ch->size + dmaengine_get_dst_icg(xt, ch);
		}
	}
	dma330_set_total(desc);
	return dma330_tx_prep(c, desc);
}

/* ---- channel resources ---- */

/* Free every pooled descriptor of @c. */
static void dma330_pool_drain(struct dma330_chan *c)
{
	struct dma330_desc *desc, *tmp;
	unsigned long flags;
	LIST_HEAD(all);

	spin_lock_irqsave(&c->vc.lock, flags);
	list_splice_init(&c->pool, &all);
	c->npool = 0;
	spin_unlock_irqrestore(&c->vc.lock, flags);
	list_for_each_entry_safe(desc, tmp, &all, pool_node)
		dma330_desc_kfree(c, desc);
	desc = xchg(&c->spare, NULL);
	if (desc)
		dma330_desc_kfree(c, desc);
}

static int dma330_alloc_chan_resources(struct dma_chan *chan)
{
	struct dma330_chan *c = to_dma330_chan(chan);
	struct dma330_desc *desc;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&c->d->lock, flags);
	spin_lock(&c->vc.lock);
	c->vc.chan.cookie = DMA_MIN_COOKIE;
	c->vc.chan.completed_cookie = DMA_MIN_COOKIE;
	memset(c->err, 0, sizeof(c->err));
	c->err_next = 0;
	WRITE_ONCE(c->err_any, false);
	spin_unlock(&c->vc.lock);
	c->paused = false;
	spin_unlock_irqrestore(&c->d->lock, flags);
	/* Preallocated, so prep seldom allocates in atomic context. */
	for (i = 0; i < desc_pool; i++) {
		desc = dma330_desc_alloc(c, GFP_KERNEL);
		if (!desc) {
			dma330_pool_drain(c);
			return -ENOMEM;
		}
		dma330_desc_put(c, desc);
	}
	return desc_pool ? desc_pool : 1;
}

static void dma330_free_chan_resources(struct dma_chan *chan)
{
	struct dma330_chan *c = to_dma330_chan(chan);

	dma330_terminate_all(chan);
	dma330_synchronize(chan);
	vchan_free_chan_resources(&c->vc);
	dma330_pool_drain(c);
	c->slave_valid = false;
	c->periph = DMA330_NO_PERIPH;
}

/* ---- controller ---- */

/**
 * dma330_core_init() - set up the dmaengine device and virtual channels
 * @d: controller, hardware configuration already read
 * @nchans: virtual channels to create
 *
 * Return: 0 or -ENOMEM.
 */
int dma330_core_init(struct dma330_dev *d, unsigned int nchans)
{
	struct dma_device *dd = &d->dd;
	struct device *dev = dd->dev;
	unsigned int i;

	spin_lock_init(&d->lock);
	d->hw.lock = &d->lock;
	INIT_LIST_HEAD(&d->waitq);
	INIT_DELAYED_WORK(&d->idle_work, dma330_idle_work);
	INIT_WORK(&d->cyclic_work, dma330_cyclic_work);
	d->hooks.gate_event = PL330_NO_EVENT;
	dma330_core_hooks_init(d);
	d->free_threads = GENMASK(d->hw.cfg.nthreads - 1, 0);
	for (i = 0; i < d->hw.cfg.nthreads; i++)
		d->threads[i].id = i;

	d->chans = devm_kcalloc(dev, nchans, sizeof(*d->chans), GFP_KERNEL);
	if (!d->chans)
		return -ENOMEM;
	d->nchans = nchans;

	INIT_LIST_HEAD(&dd->channels);
	dma_cap_set(DMA_MEMCPY, dd->cap_mask);
	dma_cap_set(DMA_MEMSET, dd->cap_mask);
	dma_cap_set(DMA_SLAVE, dd->cap_mask);
	dma_cap_set(DMA_CYCLIC, dd->cap_mask);
	dma_cap_set(DMA_INTERLEAVE, dd->cap_mask);
	dd->copy_align = DMAENGINE_ALIGN_1_BYTE;
	dd->fill_align = DMAENGINE_ALIGN_1_BYTE;
	dd->device_alloc_chan_resources = dma330_alloc_chan_resources;
	dd->device_free_chan_resources = dma330_free_chan_resources;
	dd->device_prep_dma_memcpy = dma330_prep_memcpy;
	dd->device_prep_dma_memset = dma330_prep_memset;
	dd->device_prep_slave_sg = dma330_prep_slave_sg;
	dd->device_prep_dma_cyclic = dma330_prep_cyclic;
	dd->device_prep_interleaved_dma = dma330_prep_interleaved;
#if DMA330_HAVE_DMA_VEC
	dd->device_prep_peripheral_dma_vec = dma330_prep_dma_vec;
#endif
	dd->device_config = dma330_config;
	dd->device_pause = dma330_pause;
	dd->device_resume = dma330_resume;
	dd->device_terminate_all = dma330_terminate_all;
	dd->device_synchronize = dma330_synchronize;
	dd->device_tx_status = dma330_tx_status;
	dd->device_issue_pending = dma330_issue_pending;
	dd->src_addr_widths = dma330_widths(d);
	dd->dst_addr_widths = dma330_widths(d);
	dd->directions = BIT(DMA_MEM_TO_DEV) | BIT(DMA_DEV_TO_MEM) |
			 BIT(DMA_MEM_TO_MEM);
	dd->residue_granularity = DMA_RESIDUE_GRANULARITY_BURST;
	dd->max_burst = PL330_MAX_BURST;
	dd->descriptor_reuse = true;

	for (i = 0; i < nchans; i++) {
		struct dma330_chan *c = &d->chans[i];

		c->d = d;
		c->id = i;
		c->periph = DMA330_NO_PERIPH;
		INIT_LIST_HEAD(&c->wait_node);
		INIT_LIST_HEAD(&c->pool);
		c->vc.desc_free = dma330_vdesc_free;
		vchan_init(&c->vc, dd);
	}
	return 0;
}

/**
 * dma330_core_stop_all() - stop every thread and the hooks (unbind, shutdown)
 * @d: controller
 *
 * A running descriptor completes as DMA_TRANS_ABORTED with its residue,
 * so a later status poll reads DMA_ERROR; nothing starts afterwards.
 */
void dma330_core_stop_all(struct dma330_dev *d)
{
	struct dma330_thread *thr;
	struct dma330_desc *desc;
	unsigned long flags;
	unsigned int i;
	u32 left;

	dma330_core_hooks_stop(d);
	spin_lock_irqsave(&d->lock, flags);
	d->dying = true;
	for (i = 0; i < d->hw.cfg.nthreads; i++) {
		thr = &d->threads[i];
		desc = thr->desc;
		if (!desc) {
			dma330_hw_kill(&d->hw, i);
		} else {
			left = dma330_left(desc, dma330_hw_bytes(d, thr, desc));
			dma330_thread_kill(d, thr);
			dma330_finish(d, thr->owner, desc, DMA_TRANS_ABORTED,
				      left);
		}
		if (thr->owner)
			dma330_reap(d, thr);	/* frees it: dying */
	}
	d->inten = 0;
	writel(0, d->hw.base + DMA330_INTEN);
	spin_unlock_irqrestore(&d->lock, flags);
	for (i = 0; i < d->nchans; i++)
		tasklet_kill(&d->chans[i].vc.task);
	cancel_work_sync(&d->cyclic_work);
	cancel_delayed_work_sync(&d->idle_work);
}

/**
 * dma330_core_fini() - drop the runtime PM reference held while busy
 * @d: controller, stopped
 */
void dma330_core_fini(struct dma330_dev *d)
{
	if (d->pm_held) {
		d->pm_held = false;
		pm_runtime_put_noidle(d->dd.dev);
	}
}

void dma330_core_get_stats(struct dma330_dev *d, struct dma330_stats *st)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&d->lock, flags);
	*st = d->stats;
	st->descs = atomic_long_read(&d->ndescs);
	st->nthreads = d->hw.cfg.nthreads;
	st->nvchans = d->nchans;
	st->revision = d->pcfg.revision;
	st->nevents = d->hw.cfg.nevents;
	st->first_free_event = dma330_first_free_event(d);
	st->hw_polls = d->hw.polls;
	st->hw_poll_max = d->hw.poll_max;
	for (i = 0; i < d->hw.cfg.nthreads && i < DMA330_TEST_MAX_THREADS; i++) {
		st->thread_state[i] = dma330_hw_csr(&d->hw, i);
		st->thread_busy[i] = d->threads[i].owner;
	}
	spin_unlock_irqrestore(&d->lock, flags);
}

/*
 * ---- test hooks ----
 * Gates, pacing, fault injection, lost DMAGOs, program size: knobs that
 * change what the hardware does, so only with CONFIG_DMA330_TEST_HOOKS
 * (selected by the test modules); a production build has none.
 */
#ifdef CONFIG_DMA330_TEST_HOOKS

static enum hrtimer_restart dma330_pace(struct hrtimer *t);

/**
 * dma330_core_hooks_init() - test hooks off
 * @d: controller
 */
void dma330_core_hooks_init(struct dma330_dev *d)
{
	dma330_hrtimer_setup(&d->hooks.pace_timer, dma330_pace);
	dma330_fault_attr_init(&d->hooks.fail_prep);
	dma330_fault_attr_init(&d->hooks.fail_hw);
}

/**
 * dma330_core_hooks_stop() - stop the pacing timer
 * @d: controller
 */
void dma330_core_hooks_stop(struct dma330_dev *d)
{
	hrtimer_cancel(&d->hooks.pace_timer);
}

/**
 * dma330_core_set_prog_limit() - program bytes per start
 * @d: controller
 * @bytes: limit, 0 for the whole buffer
 *
 * Return: 0 or -EINVAL if larger than the buffer.
 */
int dma330_core_set_prog_limit(struct dma330_dev *d, u32 bytes)
{
	unsigned long flags;

	if (bytes > d->prog_bytes - DMA330_PATTERN_BYTES)
		return -EINVAL;
	spin_lock_irqsave(&d->lock, flags);
	WRITE_ONCE(d->prog_limit,
		   bytes ? bytes : d->prog_bytes - DMA330_PATTERN_BYTES);
	spin_unlock_irqrestore(&d->lock, flags);
	return 0;
}

/**
 * dma330_core_update_hooks() - recompute whether any test hook is on
 * @d: controller
 */
void dma330_core_update_hooks(struct dma330_dev *d)
{
	struct dma330_hooks *h = &d->hooks;
	bool on = h->gate_event != PL330_NO_EVENT;

#ifdef CONFIG_FAULT_INJECTION
	on = on || h->fail_prep.attr.probability || h->fail_hw.attr.probability;
#endif
	WRITE_ONCE(h->active, on);
}

/**
 * dma330_core_set_gate() - plant gates on @event every @every bytes
 * @d: controller
 * @event: a free event (no interrupt), or PL330_NO_EVENT for none
 * @every: bytes between gates
 *
 * A release that found no program waiting leaves the event pending and
 * would let the first gate of the next program through: arming gates
 * drops it, so every gate planted from now on waits for its own release.
 *
 * Return: 0 or -EINVAL for an event that has an interrupt.
 */
int dma330_core_set_gate(struct dma330_dev *d, int event, u32 every)
{
	unsigned long flags;

	if (event != PL330_NO_EVENT &&
	    (event < dma330_first_free_event(d) || event >= d->hw.cfg.nevents ||
	     !(d->hw.cfg.ins & BIT(event))))
		return -EINVAL;
	spin_lock_irqsave(&d->lock, flags);
	if (event != PL330_NO_EVENT)
		dma330_drop_event(d, event);
	WRITE_ONCE(d->hooks.gate_every, every);
	WRITE_ONCE(d->hooks.gate_event, event);
	spin_unlock_irqrestore(&d->lock, flags);
	dma330_core_update_hooks(d);
	return 0;
}

int dma330_core_release_gate(struct dma330_dev *d, int event)
{
	unsigned long flags;
	int ret;

	if (event < 0 || event >= d->hw.cfg.nevents)
		return -EINVAL;
	spin_lock_irqsave(&d->lock, flags);
	ret = dma330_hw_sev(&d->hw, event);
	spin_unlock_irqrestore(&d->lock, flags);
	return ret;
}

static enum hrtimer_restart dma330_pace(struct hrtimer *t)
{
	struct dma330_dev *d = container_of(t, struct dma330_dev,
					    hooks.pace_timer);
	int ev = READ_ONCE(d->hooks.gate_event);
	u64 ns = READ_ONCE(d->hooks.pace_ns);

	if (ev == PL330_NO_EVENT || !ns)
		return HRTIMER_NORESTART;
	dma330_core_release_gate(d, ev);
	hrtimer_forward_now(t, ns_to_ktime(ns));
	return HRTIMER_RESTART;
}

int dma330_core_set_pace(struct dma330_dev *d, u64 pace_ns)
{
	hrtimer_cancel(&d->hooks.pace_timer);
	WRITE_ONCE(d->hooks.pace_ns, pace_ns);
	if (pace_ns) {
		hrtimer_start(&d->hooks.pace_timer, ns_to_ktime(pace_ns),
			      HRTIMER_MODE_REL);
	}
	return 0;
}

/**
 * dma330_is_dma330_chan() - tell whether a channel belongs to dma330
 * @chan: any dmaengine channel
 *
 * Return: true if @chan was registered by this driver (so its test hooks
 * may be used on it).
 */
bool dma330_is_dma330_chan(struct dma_chan *chan)
{
	return chan && chan->device->dev->driver &&
	       chan->device->dev->driver == &dma330_amba_driver.drv;
}
EXPORT_SYMBOL_GPL(dma330_is_dma330_chan);

/**
 * dma330_test_get_stats() - read the counters of @chan's controller
 * @chan: a dma330 channel
 * @st: out: the counters
 *
 * Return: 0 or -ENODEV if @chan is not ours.
 */
int dma330_test_get_stats(struct dma_chan *chan, struct dma330_stats *st)
{
	if (!dma330_is_dma330_chan(chan))
		return -ENODEV;
	dma330_core_get_stats(to_dma330_chan(chan)->d, st);
	return 0;
}
EXPORT_SYMBOL_GPL(dma330_test_get_stats);

/**
 * dma330_test_set_gate() - plant DMAWFE gates in programs started from now
 * @chan: a dma330 channel (the setting is controller-wide)
 * @event: event to wait on (must have no interrupt), or -1 for none
 * @every: bytes between gates
 *
 * Return: 0, -EINVAL for an event with an interrupt, -ENODEV.
 */
int dma330_test_set_gate(struct dma_chan *chan, int event, u32 every)
{
	if (!dma330_is_dma330_chan(chan))
		return -ENODEV;
	return dma330_core_set_gate(to_dma330_chan(chan)->d, event, every);
}
EXPORT_SYMBOL_GPL(dma330_test_set_gate);

/* A thread in one of these states is on its way somewhere. */
static bool dma330_thread_moving(u32 st)
{
	switch (st) {
	case DMA330_ST_EXECUTING:
	case DMA330_ST_CACHEMISS:
	case DMA330_ST_UPDATEPC:
	case DMA330_ST_ATBARRIER:
	case DMA330_ST_KILLING:
	case DMA330_ST_COMPLETING:
	case DMA330_ST_FAULT_COMPLETING:
		return true;
	default:
		return false;
	}
}

/**
 * dma330_test_settle() - wait until no thread of @chan's controller moves
 * @chan: a dma330 channel
 *
 * Every thread stopped, faulting, or waiting for an event (a gate) or a
 * peripheral.  An emulator that runs a program inside the write that
 * starts it is settled at once; on silicon, and on the paced rig, a
 * started program or a released gate runs on for a while, and a test that
 * reads positions must wait for it to reach its next gate or its end.
 *
 * Return: 0, -ENODEV, or -ETIMEDOUT when a thread still moves after 1 s.
 */
int dma330_test_settle(struct dma_chan *chan)
{
	struct dma330_dev *d;
	unsigned long end = jiffies + HZ;
	unsigned int i;
	bool moving;

	if (!dma330_is_dma330_chan(chan))
		return -ENODEV;
	d = to_dma330_chan(chan)->d;
	for (;;) {
		moving = false;
		for (i = 0; i < d->hw.cfg.nthreads; i++)
			moving |= dma330_thread_moving(dma330_hw_chan_state(&d->hw, i));
		if (!moving)
			return 0;
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(20, 50);
	}
}
EXPORT_SYMBOL_GPL(dma330_test_settle);

/**
 * dma330_test_release_gate() - signal @event, then let the released
 *                              programs run to their next gate or end
 * @chan: a dma330 channel
 * @event: the event
 *
 * Return: 0 or negative errno (see dma330_test_settle()).
 */
int dma330_test_release_gate(struct dma_chan *chan, int event)
{
	int ret;

	if (!dma330_is_dma330_chan(chan))
		return -ENODEV;
	ret = dma330_core_release_gate(to_dma330_chan(chan)->d, event);
	return ret ? ret : dma330_test_settle(chan);
}
EXPORT_SYMBOL_GPL(dma330_test_release_gate);

/**
 * dma330_test_set_pace() - release the gate event every @pace_ns
 * @chan: a dma330 channel
 * @pace_ns: period, 0 to stop
 *
 * Return: 0 or -ENODEV.
 */
int dma330_test_set_pace(struct dma_chan *chan, u64 pace_ns)
{
	if (!dma330_is_dma330_chan(chan))
		return -ENODEV;
	return dma330_core_set_pace(to_dma330_chan(chan)->d, pace_ns);
}
EXPORT_SYMBOL_GPL(dma330_test_set_pace);

/**
 * dma330_test_inject() - make the next @times preps or programs fail
 * @chan: a dma330 channel
 * @hw: true: channel fault (undefined instruction); false: prep fails
 * @times: failures to inject, 0 to stop
 *
 * Return: 0, -ENODEV, or -EOPNOTSUPP without CONFIG_FAULT_INJECTION.
 */
int dma330_test_inject(struct dma_chan *chan, bool hw, unsigned int times)
{
	struct dma330_dev *d;

	if (!dma330_is_dma330_chan(chan))
		return -ENODEV;
	if (!IS_ENABLED(CONFIG_FAULT_INJECTION))
		return -EOPNOTSUPP;
	d = to_dma330_chan(chan)->d;
	dma330_fault_attr_set(hw ? &d->hooks.fail_hw : &d->hooks.fail_prep,
			      times ? 100 : 0, times);
	dma330_core_update_hooks(d);
	return 0;
}
EXPORT_SYMBOL_GPL(dma330_test_inject);

/**
 * dma330_test_set_prog_size() - limit program size (forces splitting)
 * @chan: a dma330 channel
 * @bytes: program bytes, 0 for the whole buffer
 *
 * Return: 0, -EINVAL if larger than the buffer, -ENODEV.
 */
int dma330_test_set_prog_size(struct dma_chan *chan, u32 bytes)
{
	if (!dma330_is_dma330_chan(chan))
		return -ENODEV;
	return dma330_core_set_prog_limit(to_dma330_chan(chan)->d, bytes);
}
EXPORT_SYMBOL_GPL(dma330_test_set_prog_size);

/**
 * dma330_test_set_periph() - give @chan a request line without DT
 * @chan: a dma330 channel
 * @line: request line
 *
 * Return: 0, -EINVAL for a line the hardware lacks, -ENODEV.
 */
int dma330_test_set_periph(struct dma_chan *chan, unsigned int line)
{
	struct dma330_chan *c;

	if (!dma330_is_dma330_chan(chan))
		return -ENODEV;
	c = to_dma330_chan(chan);
	if (line >= c->d->hw.cfg.nperiph)
		return -EINVAL;
	c->periph = line;
	return 0;
}
EXPORT_SYMBOL_GPL(dma330_test_set_periph);

/**
 * dma330_test_drop_go() - skip the next @times DMAGOs
 * @chan: a dma330 channel (the setting is controller-wide)
 * @times: DMAGOs to skip, 0 to stop
 *
 * The thread then stays stopped without having run its program: what a
 * DMAGO not (yet) carried out looks like.  Such a descriptor must fail.
 *
 * Return: 0 or -ENODEV.
 */
int dma330_test_drop_go(struct dma_chan *chan, unsigned int times)
{
	struct dma330_dev *d;
	unsigned long flags;

	if (!dma330_is_dma330_chan(chan))
		return -ENODEV;
	d = to_dma330_chan(chan)->d;
	spin_lock_irqsave(&d->lock, flags);
	d->hooks.drop_go = times;
	spin_unlock_irqrestore(&d->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(dma330_test_drop_go);

/**
 * dma330_test_pause_never_quiet() - make slave pauses find no quiet point
 * @chan: a dma330 channel (the setting is its controller's)
 * @on: every look of a slave pause finds the thread inside a request
 *
 * The pause then waits its whole bound and is refused, as when a stalled
 * bus (or a starved emulator) keeps the thread inside a request: the way
 * to reach that path on demand.
 *
 * Return: 0, or -ENODEV if @chan is not ours.
 */
int dma330_test_pause_never_quiet(struct dma_chan *chan, bool on)
{
	struct dma330_dev *d;
	unsigned long flags;

	if (!dma330_is_dma330_chan(chan))
		return -ENODEV;
	d = to_dma330_chan(chan)->d;
	spin_lock_irqsave(&d->lock, flags);
	d->hooks.never_quiet = on;
	spin_unlock_irqrestore(&d->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(dma330_test_pause_never_quiet);

#else /* !CONFIG_DMA330_TEST_HOOKS */

void dma330_core_hooks_init(struct dma330_dev *d)
{
}

void dma330_core_hooks_stop(struct dma330_dev *d)
{
}

#endif /* CONFIG_DMA330_TEST_HOOKS */
