// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the dma330 provider on the paced rig only
 * (tools/qemu/build-paced, tests/guest/16-paced.sh): transfers that really
 * run after DMAGO, with no test gate holding them.  Stock QEMU runs a
 * program to its end inside the DMAGO write, so there every case here
 * would see a finished transfer and prove nothing.
 *
 * polled_running: tx_status polling of a memcpy that runs (no interrupt).
 * pause_running, terminate_running: a memcpy paused (several times) or
 *	terminated wherever it happens to be; pause_running_data also checks
 *	the residue against memory and that a resume copies nothing twice.
 * tx_pause_resume: MEM_TO_DEV through UART0 (request line 0, the FIFO's
 *	room paces it), paused and resumed many times while other channels
 *	copy (tx_copiers); the host compares every byte UART0 sent (expect-tx lines the
 *	guest script reads from debugfs).
 * rx_cyclic: a cyclic DEV_TO_MEM from UART0 (request line 1) started
 *	before any byte exists, running pass after pass as the host feeds
 *	one period at a time; each period's callback copies its period out
 *	(as snd-pcm or a UART driver would) and the host compares them with
 *	what it fed.  No FIFO wait, no gate: the data paces everything.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "../../provider/dma330_compat.h"
#include "../../provider/dma330_test.h"

#define WAIT_MS		4000
#define COPY_LEN	(2 * 1024 * 1024)	/* 5 ms at 400 B/us */

static unsigned long uart_phys = 0xe0000000;
module_param(uart_phys, ulong, 0444);
MODULE_PARM_DESC(uart_phys, "UART0 (Cadence) registers; its FIFO at +0x30");

static unsigned int tx_bytes = 16384;
module_param(tx_bytes, uint, 0444);
MODULE_PARM_DESC(tx_bytes, "bytes tx_pause_resume sends through UART0");

static unsigned int tx_baud = 1000000;
module_param(tx_baud, uint, 0444);
MODULE_PARM_DESC(tx_baud, "UART0 line rate during tx_pause_resume");

/*
 * Copies competing with the stream for the engine: 3 keeps its stores
 * queued longest (a pause that counted a queued store as sent lost 1 byte
 * of 16384 in 4371 pauses here; 1 never showed it), and sabotages are
 * caught more often.
 */
static unsigned int tx_copiers = 3;
module_param(tx_copiers, uint, 0444);
MODULE_PARM_DESC(tx_copiers, "channels copying during tx_pause_resume (1..3)");

static bool pause_data = true;
module_param(pause_data, bool, 0444);
MODULE_PARM_DESC(pause_data, "run pause_running_data (0: skip it)");

/* Cadence UART (Zynq-7000 TRM, UG585 B.33) */
#define CDNS_BAUDGEN	0x18
#define CDNS_BAUDDIV	0x34
#define CDNS_SR		0x2c
#define CDNS_SR_RXEMPTY	BIT(1)
#define CDNS_FIFO	0x30

#define TX_COPIERS	3	/* channels that may copy during tx_pause_resume */

#define RX_PERIOD	256
#define RX_PERIODS	4
#define RX_FEEDS	16

struct tbuf {
	struct device *dev;
	u8 *cpu;
	dma_addr_t dma;
	size_t size;
};

struct tctx {
	struct dma_chan *chan;
	struct device *dev;
};

struct waiter {
	struct completion done;
	atomic_t calls;
	enum dmaengine_tx_result result;
};

/* What tx_pause_resume sent: the script prints it for the host. */
static u8 *tx_sent;
static size_t tx_sent_len;
static struct dentry *dbg_dir;

/*
 * rx_cyclic: the periods as their callbacks saw them; rx_ready tells the
 * script's feeder (polling debugfs) that the transfer waits for bytes.
 */
static u8 *rx_got;
static unsigned int rx_got_periods;
static bool rx_ready;

static bool tfilter(struct dma_chan *chan, void *param)
{
	return dma330_is_dma330_chan(chan);
}

static struct dma_chan *get_chan(enum dma_transaction_type cap)
{
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(cap, mask);
	return dma_request_channel(mask, tfilter, NULL);
}

static int tbuf_alloc(struct kunit *test, struct tbuf *b, size_t size)
{
	struct tctx *t = test->priv;

	b->dev = t->dev;
	b->size = size;
	b->cpu = kmalloc(size, GFP_KERNEL);
	if (!b->cpu)
		return -ENOMEM;
	b->dma = dma_map_single(b->dev, b->cpu, size, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(b->dev, b->dma)) {
		kfree(b->cpu);
		b->cpu = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void tbuf_free(struct tbuf *b)
{
	if (!b->cpu)
		return;
	dma_unmap_single(b->dev, b->dma, b->size, DMA_BIDIRECTIONAL);
	kfree(b->cpu);
	b->cpu = NULL;
}

static void to_dev(struct tbuf *b)
{
	dma_sync_single_for_device(b->dev, b->dma, b->size, DMA_BIDIRECTIONAL);
}

static void to_cpu(struct tbuf *b)
{
	dma_sync_single_for_cpu(b->dev, b->dma, b->size, DMA_BIDIRECTIONAL);
}

/* Word @i of pattern @seed: no two nearby words alike. */
static void fill_pattern(u8 *p, size_t n, u32 seed)
{
	size_t i;

	for (i = 0; i < n / 4; i++) {
		u32 x = (u32)i * 0x9e3779b1u ^ seed * 0x85ebca6bu;

		((u32 *)p)[i] = x ^ (x >> 15);
	}
}

static void waiter_cb(void *param, const struct dmaengine_result *res)
{
	struct waiter *w = param;

	w->result = res->result;
	atomic_inc(&w->calls);
	complete(&w->done);
}

static bool wait_done(struct waiter *w)
{
	return wait_for_completion_timeout(&w->done, msecs_to_jiffies(WAIT_MS));
}

static dma_cookie_t submit_waited(struct dma_chan *chan,
				  struct dma_async_tx_descriptor *tx,
				  struct waiter *w)
{
	dma_cookie_t cookie;

	init_completion(&w->done);
	atomic_set(&w->calls, 0);
	w->result = DMA_TRANS_ABORTED;
	tx->callback_result = waiter_cb;
	tx->callback_param = w;
	cookie = dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	return cookie;
}

static size_t residue_of(struct dma_chan *chan, dma_cookie_t cookie,
			 enum dma_status *st)
{
	struct dma_tx_state state = { };

	*st = dmaengine_tx_status(chan, cookie, &state);
	return state.residue;
}

/*
 * Poll until at least @moved bytes of @cookie have moved (the program is
 * running, not merely queued); return the residue, or 0 when it ended.
 */
static size_t wait_moved(struct dma_chan *chan, dma_cookie_t cookie,
			 size_t len, size_t moved)
{
	enum dma_status st;
	size_t r = len;
	unsigned int i;

	for (i = 0; i < 100000; i++) {
		r = residue_of(chan, cookie, &st);
		if (st != DMA_IN_PROGRESS || len - r >= moved)
			break;
		udelay(5);
	}
	return st == DMA_IN_PROGRESS ? r : 0;
}

static int paced_init(struct kunit *test)
{
	struct tctx *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->chan = get_chan(DMA_MEMCPY);
	KUNIT_ASSERT_NOT_NULL_MSG(test, t->chan, "no dma330 channel");
	t->dev = t->chan->device->dev;
	return 0;
}

static void paced_exit(struct kunit *test)
{
	struct tctx *t = test->priv;

	if (!t || !t->chan)
		return;
	dma330_test_pause_never_quiet(t->chan, false);	/* a case that failed */
	dmaengine_terminate_sync(t->chan);
	dma_release_channel(t->chan);
}

/*
 * A polled client (async_tx, dmatest polled=1) asks tx_status until
 * DMA_COMPLETE; no interrupt is requested.  Right after issue_pending the
 * copy has not ended, its residue falls as it runs, and when it says
 * complete every byte is in memory.
 */
static void polled_running(struct kunit *test)
{
	struct tctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct tbuf src, dst;
	enum dma_status st;
	dma_cookie_t cookie;
	size_t r, prev, first = 0;
	unsigned int i = 0, k, steps = 0;

	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &src, COPY_LEN), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &dst, COPY_LEN), 0);
	/*
	 * Whenever tx_status says DMA_COMPLETE, every byte is in memory.  The
	 * copy must also be seen running, its residue falling; a host that
	 * starves the emulated CPU for longer than the copy (seen: 110 ms)
	 * hides that, so up to 3 copies.
	 */
	for (k = 0; k < 3 && steps < 2; k++) {
		fill_pattern(src.cpu, COPY_LEN, 1 + k);
		memset(dst.cpu, 0x5a, COPY_LEN);
		to_dev(&src);
		to_dev(&dst);
		tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma,
					       COPY_LEN, DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL(test, tx);
		cookie = dmaengine_submit(tx);
		dma_async_issue_pending(t->chan);
		first = residue_of(t->chan, cookie, &st);
		prev = first;
		steps = 0;
		for (i = 0; i < 200000 && st == DMA_IN_PROGRESS; i++) {
			r = residue_of(t->chan, cookie, &st);
			if (st != DMA_IN_PROGRESS)
				break;
			KUNIT_ASSERT_LE_MSG(test, r, prev, "residue grew");
			if (r < prev)
				steps++;
			prev = r;
			usleep_range(20, 40);
		}
		KUNIT_EXPECT_EQ(test, st, DMA_COMPLETE);
		to_cpu(&dst);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(dst.cpu, src.cpu, COPY_LEN), 0,
				    "copy %u: data when tx_status said DMA_COMPLETE",
				    k);
	}
	KUNIT_EXPECT_GE_MSG(test, steps, 2U,
			    "residues seen falling while it ran (%u copies, last first residue %zu)",
			    k, first);
	kunit_info(test, "%u copies, last: %u polls, residue fell %u times\n",
		   k, i, steps);
	tbuf_free(&src);
	tbuf_free(&dst);
}

/*
 * Pause a running copy where it happens to be, two to four times.  Each
 * time: DMA_PAUSED, a residue strictly inside the transfer that stays
 * put, nothing written while paused, no callback; it then completes
 * without error.  With @data also: the done part the residue names is in memory
 * at the pause, the source's done part is then changed (a resume that
 * copies it again would show), and at the end every byte is right.
 */
static unsigned int pause_copy_once(struct kunit *test, bool data)
{
	struct tctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct tbuf src, dst;
	u8 *want, *snap;
	enum dma_status st;
	dma_cookie_t cookie;
	struct waiter w;
	size_t r, r2, done, from = COPY_LEN;
	unsigned int k;

	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &src, COPY_LEN), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &dst, COPY_LEN), 0);
	want = kunit_kmalloc(test, COPY_LEN, GFP_KERNEL);
	snap = kunit_kmalloc(test, COPY_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	KUNIT_ASSERT_NOT_NULL(test, snap);
	fill_pattern(src.cpu, COPY_LEN, 2);
	memcpy(want, src.cpu, COPY_LEN);
	memset(dst.cpu, 0x5a, COPY_LEN);
	to_dev(&src);
	to_dev(&dst);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, COPY_LEN,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cookie = submit_waited(t->chan, tx, &w);
	for (k = 0; k < 4; k++) {
		r = wait_moved(t->chan, cookie, from, COPY_LEN / 16);
		if (!r)
			break;
		KUNIT_ASSERT_EQ(test, dmaengine_pause(t->chan), 0);
		r = residue_of(t->chan, cookie, &st);
		if (st == DMA_COMPLETE) {
			/* a starved vCPU: the copy ended before the pause */
			KUNIT_ASSERT_EQ(test, dmaengine_resume(t->chan), 0);
			break;
		}
		KUNIT_EXPECT_EQ(test, st, DMA_PAUSED);
		KUNIT_EXPECT_GT(test, r, (size_t)0);
		KUNIT_EXPECT_LT(test, r, from);
		done = COPY_LEN - r;
		to_cpu(&dst);
		if (data)
			KUNIT_EXPECT_EQ_MSG(test, memcmp(dst.cpu, want, done), 0,
					    "pause %u: the %zu bytes the residue says are done are not in memory",
					    k, done);
		memcpy(snap, dst.cpu, COPY_LEN);
		usleep_range(3000, 4000);
		to_cpu(&dst);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(dst.cpu, snap, COPY_LEN), 0,
				    "pause %u: memory written while paused", k);
		r2 = residue_of(t->chan, cookie, &st);
		KUNIT_EXPECT_EQ(test, r2, r);
		KUNIT_EXPECT_EQ(test, atomic_read(&w.calls), 0);
		/* a resume that copies the done part again would show */
		to_cpu(&src);
		if (data)
			memset(src.cpu, 0xee, done);
		to_dev(&src);
		to_dev(&dst);
		from = r;
		KUNIT_ASSERT_EQ(test, dmaengine_resume(t->chan), 0);
	}
	KUNIT_ASSERT_TRUE(test, wait_done(&w));
	KUNIT_EXPECT_EQ(test, w.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(t->chan, cookie, NULL),
			DMA_COMPLETE);
	to_cpu(&dst);
	for (r = 0; data && r < COPY_LEN && dst.cpu[r] == want[r]; r++)
		;
	if (data)
		KUNIT_EXPECT_EQ_MSG(test, r, (size_t)COPY_LEN,
				    "first wrong byte after %u pauses and resumes", k);
	kunit_kfree(test, want);
	kunit_kfree(test, snap);
	tbuf_free(&src);
	tbuf_free(&dst);
	return k;
}

/*
 * The copy runs 5 ms; a loaded host that starves the vCPU longer (CI
 * saw it) lets it end before two pauses.  Such a copy still checks its
 * data; up to COPY_TRIES copies get the two pauses.
 */
#define COPY_TRIES	4

static void pause_copy(struct kunit *test, bool data)
{
	unsigned int k = 0, tries;

	for (tries = 1; tries <= COPY_TRIES; tries++) {
		k = pause_copy_once(test, data);
		if (k >= 2)
			break;
		kunit_info(test, "copy %u ended after %u pauses\n", tries, k);
	}
	KUNIT_EXPECT_GE_MSG(test, k, 2U,
			    "each of %u copies ended before 2 pauses", COPY_TRIES);
	kunit_info(test, "%u pauses in copy %u\n", k, min(tries, COPY_TRIES));
}

static void pause_running(struct kunit *test)
{
	pause_copy(test, false);
}

/*
 * The residue a pause reports is in memory, and a resume moves every
 * byte once.  The paced rig drops a killed thread's queued stores (as
 * DMAKILL may on silicon): a pause that counted them as done left holes.
 */
static void pause_running_data(struct kunit *test)
{
	if (!pause_data)
		kunit_skip(test, "pause_data=0");
	pause_copy(test, true);
}

/*
 * Terminate a running copy (terminate_sync, as a client closing): no
 * callback, not complete, memory quiet afterwards, and the channel then
 * copies normally.  A copy that ended before the terminate reached it
 * (the vCPU starved for 100 ms under CI load) must hold all its data;
 * up to COPY_TRIES copies are made to catch one running.
 */
static void terminate_running(struct kunit *test)
{
	struct tctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct tbuf src, dst;
	dma_cookie_t cookie;
	struct waiter w;
	unsigned int tries;
	u8 *snap;
	size_t r = 0;

	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &src, COPY_LEN), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &dst, COPY_LEN), 0);
	snap = kunit_kmalloc(test, COPY_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, snap);
	fill_pattern(src.cpu, COPY_LEN, 3);
	memset(dst.cpu, 0x5a, COPY_LEN);
	to_dev(&src);
	to_dev(&dst);
	for (tries = 1; tries <= COPY_TRIES; tries++) {
		tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma,
					       COPY_LEN,
					       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL(test, tx);
		cookie = submit_waited(t->chan, tx, &w);
		r = wait_moved(t->chan, cookie, COPY_LEN, COPY_LEN / 4);
		if (r)
			KUNIT_EXPECT_EQ(test,
					dmaengine_terminate_sync(t->chan), 0);
		else
			KUNIT_ASSERT_TRUE(test, wait_done(&w));
		to_cpu(&dst);
		if (dmaengine_tx_status(t->chan, cookie, NULL) != DMA_COMPLETE &&
		    memcmp(dst.cpu + COPY_LEN - 4096,
			   src.cpu + COPY_LEN - 4096, 4096))
			break;
		/*
		 * A starved vCPU let it end before the terminate (it may
		 * even have ended unseen): every byte is there; copy again.
		 */
		kunit_info(test, "copy %u ended before the terminate (residue seen: %zu)\n",
			   tries, r);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(dst.cpu, src.cpu, COPY_LEN), 0,
				    "copy %u: DMA_COMPLETE without the data",
				    tries);
		memset(dst.cpu, 0x5a, COPY_LEN);
		to_dev(&dst);
	}
	KUNIT_ASSERT_LE_MSG(test, tries, COPY_TRIES,
			    "each of %u copies ended before the terminate",
			    COPY_TRIES);
	kunit_info(test, "terminated copy %u at residue %zu\n", tries, r);
	to_cpu(&dst);
	memcpy(snap, dst.cpu, COPY_LEN);
	usleep_range(3000, 4000);
	to_cpu(&dst);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(dst.cpu, snap, COPY_LEN), 0,
			    "memory written after terminate_sync returned");
	KUNIT_EXPECT_EQ(test, atomic_read(&w.calls), 0);

	/* the channel works afterwards */
	fill_pattern(src.cpu, COPY_LEN, 4);
	memset(dst.cpu, 0, COPY_LEN);
	to_dev(&src);
	to_dev(&dst);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, COPY_LEN,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cookie = submit_waited(t->chan, tx, &w);
	KUNIT_ASSERT_TRUE(test, wait_done(&w));
	to_cpu(&dst);
	KUNIT_EXPECT_EQ(test, memcmp(dst.cpu, src.cpu, COPY_LEN), 0);
	tbuf_free(&src);
	tbuf_free(&dst);
}

/*
 * An audio or UART driver pauses its MEM_TO_DEV stream (flow control,
 * suspend) wherever it is and resumes it: not one byte may be lost or
 * repeated on the wire.  UART0's TX room paces the transfer (request line
 * 0); other channels copy meanwhile, so the engine's bandwidth is
 * shared and a pause can find a request loaded but not yet stored.  The
 * host compares what came out of UART0 with what was sent.  A host that
 * starves the vCPU lets a send end after few pauses: up to TX_SENDS sends
 * are made to get TX_PAUSES pauses.
 *
 * A pause that finds the thread inside a request waits for its end, a
 * bounded time; a pause that does not get there is refused (-EBUSY) and
 * the transfer runs on.  A loaded host starving the engine ran the wait
 * out once (the provider then killed and resent a byte), but the rig
 * cannot be made to do it on demand: the second phase has every look
 * find the thread inside a request (dma330_test_pause_never_quiet()), so
 * every pause of the running stream is refused, and needs TX_REFUSALS
 * of them with every byte on the wire once.
 */
#define TX_SENDS	8
#define TX_PAUSES	10
#define TX_REFUSALS	10

struct tx_run {
	struct dma_chan *chan;
	struct dma_chan *cchan[TX_COPIERS];
	struct waiter cw[TX_COPIERS];
	struct tbuf buf, csrc, cdst;
	unsigned int sends, pauses, refused, copies;
	bool copying;	/* copies on the other channels alongside */
};

/* One send of tx_bytes, paused and resumed until it ends. */
static void tx_send_paused(struct kunit *test, struct tx_run *x)
{
	struct dma_async_tx_descriptor *tx;
	dma_cookie_t cookie;
	struct waiter w;
	unsigned long end;
	enum dma_status st;
	unsigned int i;
	int ret;

	get_random_bytes(x->buf.cpu, tx_bytes);
	to_dev(&x->buf);
	memcpy(tx_sent + tx_sent_len, x->buf.cpu, tx_bytes);
	tx_sent_len += tx_bytes;
	tx = dmaengine_prep_slave_single(x->chan, x->buf.dma, tx_bytes,
					 DMA_MEM_TO_DEV,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cookie = submit_waited(x->chan, tx, &w);
	end = jiffies + msecs_to_jiffies(20000);
	while (!completion_done(&w.done) && time_before(jiffies, end)) {
		for (i = 0; x->copying && i < tx_copiers; i++) {
			struct dma_async_tx_descriptor *c;

			if (!completion_done(&x->cw[i].done))
				continue;
			/* the copies' data does not matter, their load does */
			c = dmaengine_prep_dma_memcpy(x->cchan[i], x->cdst.dma,
						      x->csrc.dma, COPY_LEN,
						      DMA_PREP_INTERRUPT |
						      DMA_CTRL_ACK);
			KUNIT_ASSERT_NOT_NULL(test, c);
			submit_waited(x->cchan[i], c, &x->cw[i]);
			x->copies++;
		}
		udelay(get_random_u32() % 200);
		ret = dmaengine_pause(x->chan);
		residue_of(x->chan, cookie, &st);
		if (ret == -EBUSY) {
			/* refused: the transfer runs on */
			x->refused++;
			if (st == DMA_PAUSED)
				KUNIT_FAIL(test, "pause refused, status paused");
			continue;
		}
		KUNIT_ASSERT_EQ(test, ret, 0);
		x->pauses++;
		if (st != DMA_PAUSED && st != DMA_COMPLETE)
			KUNIT_FAIL(test, "pause %u: status %d", x->pauses, st);
		udelay(get_random_u32() % 50);
		KUNIT_ASSERT_EQ(test, dmaengine_resume(x->chan), 0);
	}
	KUNIT_ASSERT_TRUE_MSG(test, completion_done(&w.done),
			      "send %u: %u bytes not sent in 20 s",
			      x->sends + 1, tx_bytes);
	KUNIT_EXPECT_EQ(test, w.result, DMA_TRANS_NOERROR);
	x->sends++;
}

static void tx_pause_resume(struct kunit *test)
{
	struct tctx *t = test->priv;
	struct dma_slave_config cfg = { };
	struct dma330_stats st0, st1;
	unsigned int i, pauses, sends;
	u32 baudgen, bauddiv, cd;
	void __iomem *uart;
	struct tx_run *x;
	unsigned long ref;

	x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x);
	uart = ioremap(uart_phys, 0x100);
	KUNIT_ASSERT_TRUE_MSG(test, uart, "ioremap of UART0 failed");
	x->chan = get_chan(DMA_SLAVE);
	KUNIT_ASSERT_NOT_NULL(test, x->chan);
	KUNIT_ASSERT_EQ(test, dma330_test_set_periph(x->chan, 0), 0);
	cfg.direction = DMA_MEM_TO_DEV;
	cfg.dst_addr = uart_phys + CDNS_FIFO;
	cfg.dst_addr_width = DMA_SLAVE_BUSWIDTH_1_BYTE;
	cfg.dst_maxburst = 1;
	KUNIT_ASSERT_EQ(test, dmaengine_slave_config(x->chan, &cfg), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &x->buf, tx_bytes), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &x->csrc, COPY_LEN), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &x->cdst, COPY_LEN), 0);
	/* what the host must see, whatever happens below */
	kfree(tx_sent);
	tx_sent = kmalloc_array(2 * TX_SENDS, tx_bytes, GFP_KERNEL);
	tx_sent_len = 0;
	KUNIT_ASSERT_NOT_NULL(test, tx_sent);
	to_dev(&x->csrc);
	to_dev(&x->cdst);
	tx_copiers = clamp(tx_copiers, 1U, (unsigned int)TX_COPIERS);
	x->cchan[0] = t->chan;
	for (i = 1; i < tx_copiers; i++) {
		x->cchan[i] = get_chan(DMA_MEMCPY);
		KUNIT_ASSERT_NOT_NULL(test, x->cchan[i]);
	}
	for (i = 0; i < tx_copiers; i++) {
		init_completion(&x->cw[i].done);
		complete(&x->cw[i].done);
	}

	/* dmastream set 115200 baud: keep its reference, go faster */
	baudgen = readl(uart + CDNS_BAUDGEN);
	bauddiv = readl(uart + CDNS_BAUDDIV);
	ref = 115200UL * baudgen * (bauddiv + 1);
	cd = max(1UL, DIV_ROUND_CLOSEST(ref, tx_baud * 5UL));
	writel(cd, uart + CDNS_BAUDGEN);
	writel(4, uart + CDNS_BAUDDIV);

	/* the provider's own wait for a quiet point */
	x->copying = true;
	KUNIT_ASSERT_EQ(test, dma330_test_get_stats(x->chan, &st0), 0);
	while (x->sends < TX_SENDS && x->pauses < TX_PAUSES)
		tx_send_paused(test, x);
	KUNIT_EXPECT_GE_MSG(test, x->pauses, (unsigned int)TX_PAUSES,
			    "%u sends of %u B", x->sends, tx_bytes);
	KUNIT_ASSERT_EQ(test, dma330_test_get_stats(x->chan, &st1), 0);
	kunit_info(test, "%u x %u B through UART0 at %u baud, %u pauses (%u refused, %llu cut a request), %u copies alongside\n",
		   x->sends, tx_bytes, tx_baud, x->pauses, x->refused,
		   st1.pause_cut - st0.pause_cut, x->copies);
	/*
	 * No quiet point: every pause refused, never a kill mid-request.  No
	 * copies: they would starve the vCPU of the pauses this needs.
	 */
	x->copying = false;
	pauses = x->pauses;
	sends = x->sends;
	x->refused = 0;
	KUNIT_ASSERT_EQ(test, dma330_test_pause_never_quiet(x->chan, true), 0);
	while (x->sends < sends + TX_SENDS && x->refused < TX_REFUSALS)
		tx_send_paused(test, x);
	KUNIT_EXPECT_EQ(test, dma330_test_pause_never_quiet(x->chan, false), 0);
	KUNIT_EXPECT_GE_MSG(test, x->refused, (unsigned int)TX_REFUSALS,
			    "%u sends with no quiet point", x->sends - sends);
	kunit_info(test, "no quiet point: %u x %u B, %u pauses taken, %u refused\n",
		   x->sends - sends, tx_bytes, x->pauses - pauses, x->refused);

	dmaengine_terminate_sync(x->chan);
	for (i = 0; i < tx_copiers; i++)
		dmaengine_terminate_sync(x->cchan[i]);
	for (i = 1; i < tx_copiers; i++)
		dma_release_channel(x->cchan[i]);
	/* the last bytes leave the FIFO at the line rate, then 115200 again */
	usleep_range(2000, 3000);
	writel(baudgen, uart + CDNS_BAUDGEN);
	writel(bauddiv, uart + CDNS_BAUDDIV);
	tbuf_free(&x->buf);
	tbuf_free(&x->csrc);
	tbuf_free(&x->cdst);
	dma_release_channel(x->chan);
	iounmap(uart);
}

struct rx_ctx {
	struct tbuf *buf;
	unsigned int periods;
	struct completion done;
};

/* A period ended: take it out of the ring before the ring comes round. */
static void rx_period_cb(void *param)
{
	struct rx_ctx *r = param;
	size_t at = (r->periods % RX_PERIODS) * RX_PERIOD;

	if (r->periods >= RX_FEEDS)
		return;
	dma_sync_single_for_cpu(r->buf->dev, r->buf->dma + at, RX_PERIOD,
				DMA_BIDIRECTIONAL);
	memcpy(rx_got + r->periods * RX_PERIOD, r->buf->cpu + at, RX_PERIOD);
	memset(r->buf->cpu + at, 0xa5, RX_PERIOD);
	dma_sync_single_for_device(r->buf->dev, r->buf->dma + at, RX_PERIOD,
				   DMA_BIDIRECTIONAL);
	if (++r->periods == RX_FEEDS)
		complete(&r->done);
}

static void rx_cyclic(struct kunit *test)
{
	struct dma_async_tx_descriptor *tx;
	struct dma_slave_config cfg = { };
	struct dma_chan *chan;
	void __iomem *uart;
	struct rx_ctx r;
	struct tbuf buf;
	unsigned int k;
	bool done;

	uart = ioremap(uart_phys, 0x100);
	KUNIT_ASSERT_TRUE_MSG(test, uart, "ioremap of UART0 failed");
	chan = get_chan(DMA_CYCLIC);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_ASSERT_EQ(test, dma330_test_set_periph(chan, 1), 0);
	cfg.direction = DMA_DEV_TO_MEM;
	cfg.src_addr = uart_phys + CDNS_FIFO;
	cfg.src_addr_width = DMA_SLAVE_BUSWIDTH_1_BYTE;
	cfg.src_maxburst = 1;
	KUNIT_ASSERT_EQ(test, dmaengine_slave_config(chan, &cfg), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &buf, RX_PERIOD * RX_PERIODS), 0);
	memset(buf.cpu, 0xa5, buf.size);
	to_dev(&buf);
	kfree(rx_got);
	rx_got = kzalloc(RX_PERIOD * RX_FEEDS, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rx_got);
	/* nothing left in the FIFO from before */
	for (k = 0; k < 64 && !(readl(uart + CDNS_SR) & CDNS_SR_RXEMPTY); k++)
		readl(uart + CDNS_FIFO);
	r.buf = &buf;
	r.periods = 0;
	init_completion(&r.done);
	tx = dmaengine_prep_dma_cyclic(chan, buf.dma, buf.size, RX_PERIOD,
				       DMA_DEV_TO_MEM, DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tx->callback = rx_period_cb;
	tx->callback_param = &r;
	dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	/* started on an empty FIFO: it must wait, not read zeros */
	msleep(20);
	KUNIT_EXPECT_EQ(test, r.periods, 0U);
	WRITE_ONCE(rx_ready, true);
	done = wait_for_completion_timeout(&r.done, msecs_to_jiffies(20000));
	WRITE_ONCE(rx_ready, false);
	KUNIT_EXPECT_TRUE_MSG(test, done, "%u of %u periods received",
			      r.periods, RX_FEEDS);
	dmaengine_terminate_sync(chan);
	rx_got_periods = r.periods;
	kunit_info(test, "%u periods of %u B, %u passes of the ring\n",
		   r.periods, RX_PERIOD, r.periods / RX_PERIODS);
	tbuf_free(&buf);
	dma_release_channel(chan);
	iounmap(uart);
}

static struct kunit_case paced_cases[] = {
	KUNIT_CASE(polled_running),
	KUNIT_CASE(pause_running),
	KUNIT_CASE(pause_running_data),
	KUNIT_CASE(terminate_running),
	KUNIT_CASE(tx_pause_resume),
	KUNIT_CASE(rx_cyclic),
	{}
};

static struct kunit_suite paced_suite = {
	.name = "dma330_paced",
	.init = paced_init,
	.exit = paced_exit,
	.test_cases = paced_cases,
};

kunit_test_suite(paced_suite);

/* The bytes tx_pause_resume sent, as the host's expect-tx lines. */
static int tx_sent_show(struct seq_file *m, void *v)
{
	size_t i;

	for (i = 0; i < tx_sent_len; i += 64)
		seq_printf(m, "@@HOST expect-tx %*phN\n",
			   (int)min_t(size_t, 64, tx_sent_len - i), tx_sent + i);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tx_sent);

/* The periods rx_cyclic received, as the host's check-rx lines (one a feed). */
static int rx_got_show(struct seq_file *m, void *v)
{
	unsigned int i;

	for (i = 0; i < rx_got_periods; i++) {
		seq_puts(m, "@@HOST check-rx ");
		seq_printf(m, "%*phN%*phN%*phN%*phN\n", 64, rx_got + i * RX_PERIOD,
			   64, rx_got + i * RX_PERIOD + 64,
			   64, rx_got + i * RX_PERIOD + 128,
			   64, rx_got + i * RX_PERIOD + 192);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(rx_got);

static int __init paced_kunit_init(void)
{
	dbg_dir = debugfs_create_dir("dma330_paced", NULL);
	debugfs_create_file("tx", 0400, dbg_dir, NULL, &tx_sent_fops);
	debugfs_create_file("rx", 0400, dbg_dir, NULL, &rx_got_fops);
	debugfs_create_bool("rx_ready", 0400, dbg_dir, &rx_ready);
	return 0;
}

static void __exit paced_kunit_exit(void)
{
	debugfs_remove_recursive(dbg_dir);
	kfree(tx_sent);
	kfree(rx_got);
}

module_init(paced_kunit_init);
module_exit(paced_kunit_exit);

MODULE_DESCRIPTION("KUnit tests of dma330 on the paced rig, no gates");
MODULE_LICENSE("GPL");
