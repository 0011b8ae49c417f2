// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite: the dmaengine contract as client drivers use it, checked on
 * the dma330 provider against the (emulated) controller.  Each case is one
 * rule a real client depends on: descriptors without DMA_CTRL_ACK are
 * recycled, DMA_CTRL_REUSE descriptors move their data every time, a
 * failed transfer says so with its residue, finished programs do not hold
 * hardware threads, maxburst is clamped, shutdown stops the hardware.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "../../provider/dma330_test.h"

#define WAIT_MS		2000

static unsigned int noack_runs = 4000;
module_param(noack_runs, uint, 0444);
MODULE_PARM_DESC(noack_runs, "no-ACK transfers moved by noack_recycled");

/* A request line nothing drives (on the paced rig, 0 and 1 are UART0's). */
static unsigned int periph_base;
module_param(periph_base, uint, 0444);
MODULE_PARM_DESC(periph_base, "request line of the slave case");

struct cbuf {
	struct device *dev;
	u8 *cpu;
	dma_addr_t dma;
	size_t size;
};

struct cctx {
	struct dma_chan *chan;
	struct device *dev;
	struct dma330_stats st;
	int gate;
};

static bool cfilter(struct dma_chan *chan, void *param)
{
	return dma330_is_dma330_chan(chan);
}

static struct dma_chan *cget_chan(enum dma_transaction_type cap)
{
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(cap, mask);
	return dma_request_channel(mask, cfilter, NULL);
}

static int cbuf_alloc(struct kunit *test, struct cbuf *b, size_t size)
{
	struct cctx *t = test->priv;

	b->dev = t->dev;
	b->size = size;
	b->cpu = kzalloc(size, GFP_KERNEL);
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

static void cbuf_free(struct cbuf *b)
{
	if (!b->cpu)
		return;
	dma_unmap_single(b->dev, b->dma, b->size, DMA_BIDIRECTIONAL);
	kfree(b->cpu);
	b->cpu = NULL;
}

static void cbuf_to_dev(struct cbuf *b)
{
	dma_sync_single_for_device(b->dev, b->dma, b->size, DMA_BIDIRECTIONAL);
}

static void cbuf_to_cpu(struct cbuf *b)
{
	dma_sync_single_for_cpu(b->dev, b->dma, b->size, DMA_BIDIRECTIONAL);
}

struct cwait {
	struct completion done;
	struct dmaengine_result res;
	atomic_t calls;
};

static void cwait_cb(void *param, const struct dmaengine_result *res)
{
	struct cwait *w = param;

	w->res = *res;
	atomic_inc(&w->calls);
	complete(&w->done);
}

static dma_cookie_t csubmit(struct dma_chan *chan,
			    struct dma_async_tx_descriptor *tx,
			    struct cwait *w)
{
	dma_cookie_t cookie;

	init_completion(&w->done);
	atomic_set(&w->calls, 0);
	w->res.result = DMA_TRANS_ABORTED;
	w->res.residue = U32_MAX;
	tx->callback = NULL;
	tx->callback_result = cwait_cb;
	tx->callback_param = w;
	cookie = dmaengine_submit(tx);
	if (!dma_submit_error(cookie))
		dma_async_issue_pending(chan);
	return cookie;
}

static bool cwait_for(struct cwait *w, unsigned int ms)
{
	return wait_for_completion_timeout(&w->done, msecs_to_jiffies(ms));
}

static int contract_init(struct kunit *test)
{
	struct cctx *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->chan = cget_chan(DMA_MEMCPY);
	if (!t->chan)
		kunit_skip(test, "no dma330 channel (module loaded?)");
	t->dev = t->chan->device->dev;
	dma330_test_get_stats(t->chan, &t->st);
	t->gate = t->st.first_free_event;
	test->priv = t;
	return 0;
}

static void contract_exit(struct kunit *test)
{
	struct cctx *t = test->priv;

	if (!t || !t->chan)
		return;
	dma330_test_set_gate(t->chan, -1, 0);
	dma330_test_inject(t->chan, true, 0);
	dma330_test_drop_go(t->chan, 0);
	dmaengine_terminate_sync(t->chan);
	dma_release_channel(t->chan);
}

/* Arm gates on every @every bytes; drop any event left pending. */
static void carm_gate(struct kunit *test, u32 every)
{
	struct cctx *t = test->priv;

	if (t->gate < 0)
		kunit_skip(test, "no free event for gates");
	KUNIT_ASSERT_EQ(test, dma330_test_set_gate(t->chan, t->gate, every), 0);
}

/*
 * spi-rockchip / spi-s3c64xx style: DMA_PREP_INTERRUPT only, never ACKed.
 * The provider must recycle each descriptor after its callback (virt-dma
 * rule), so the number of live descriptors and the cost per transfer
 * stay flat however many transfers go by.
 */
static void noack_recycled(struct kunit *test)
{
	struct cctx *t = test->priv;
	const unsigned int n = max(noack_runs, 1000u), part = n / 8;
	struct dma_async_tx_descriptor *tx;
	struct cbuf src, dst;
	s64 first = 0, last = 0;
	u64 descs0, descs1;
	struct cwait w;
	ktime_t t0;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &src, 256), 0);
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &dst, 256), 0);
	memset(src.cpu, 0xa5, 256);
	cbuf_to_dev(&src);
	dma330_test_get_stats(t->chan, &t->st);
	descs0 = t->st.descs;
	for (i = 0; i < n; i++) {
		t0 = ktime_get();
		tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 256,
					       DMA_PREP_INTERRUPT);
		KUNIT_ASSERT_NOT_NULL(test, tx);
		KUNIT_ASSERT_FALSE(test, dma_submit_error(csubmit(t->chan, tx,
								  &w)));
		KUNIT_ASSERT_TRUE(test, cwait_for(&w, WAIT_MS));
		KUNIT_ASSERT_EQ(test, w.res.result, DMA_TRANS_NOERROR);
		if (i < part)
			first += ktime_to_ns(ktime_sub(ktime_get(), t0));
		else if (i >= n - part)
			last += ktime_to_ns(ktime_sub(ktime_get(), t0));
	}
	dma330_test_get_stats(t->chan, &t->st);
	descs1 = t->st.descs;
	kunit_info(test, "%u no-ACK transfers: live descriptors %llu -> %llu, ns/transfer first %lld last %lld\n",
		   n, descs0, descs1, div_s64(first, part),
		   div_s64(last, part));
	/* A handful may still be on their way back to the pool. */
	KUNIT_EXPECT_LE(test, descs1, descs0 + 4);
	KUNIT_EXPECT_LT(test, last, 2 * first);
	cbuf_to_cpu(&dst);
	KUNIT_EXPECT_EQ(test, dst.cpu[255], 0xa5);
	cbuf_free(&src);
	cbuf_free(&dst);
}

/* One DMA_CTRL_REUSE descriptor, submitted three times: data moves each time. */
static void reuse_moves_data(struct kunit *test)
{
	struct cctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct cbuf src, dst;
	struct cwait w;
	dma_cookie_t cookie;
	int k;

	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &src, 4096), 0);
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &dst, 4096), 0);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 4096,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_EQ(test, dmaengine_desc_set_reuse(tx), 0);
	for (k = 0; k < 3; k++) {
		memset(src.cpu, 0x11 * (k + 1), 4096);
		memset(dst.cpu, 0, 4096);
		cbuf_to_dev(&src);
		cbuf_to_dev(&dst);
		cookie = csubmit(t->chan, tx, &w);
		KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie));
		KUNIT_ASSERT_TRUE(test, cwait_for(&w, WAIT_MS));
		KUNIT_EXPECT_EQ(test, w.res.result, DMA_TRANS_NOERROR);
		KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(t->chan, cookie,
							       NULL, NULL),
				DMA_COMPLETE);
		cbuf_to_cpu(&dst);
		KUNIT_EXPECT_EQ_MSG(test, dst.cpu[0], 0x11 * (k + 1),
				    "submission %d: first byte", k + 1);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(dst.cpu, src.cpu, 4096), 0,
				    "submission %d moved the wrong data", k + 1);
	}
	KUNIT_EXPECT_EQ(test, dmaengine_desc_free(tx), 0);
	cbuf_free(&src);
	cbuf_free(&dst);
}

/*
 * A reusable descriptor terminated mid-transfer starts from its first
 * byte when submitted again: the whole buffer is copied.
 */
static void reuse_after_terminate(struct kunit *test)
{
	struct cctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct cbuf src, dst;
	struct cwait w;
	unsigned int k;

	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &src, 8192), 0);
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &dst, 8192), 0);
	memset(src.cpu, 0x3c, 8192);
	cbuf_to_dev(&src);
	cbuf_to_dev(&dst);
	carm_gate(test, 1024);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 8192,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_EQ(test, dmaengine_desc_set_reuse(tx), 0);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(csubmit(t->chan, tx, &w)));
	/* Three gates through: 2 KiB moved, then terminated. */
	for (k = 0; k < 3; k++) {
		usleep_range(200, 400);
		dma330_test_release_gate(t->chan, t->gate);
	}
	usleep_range(200, 400);
	KUNIT_ASSERT_EQ(test, dmaengine_terminate_sync(t->chan), 0);
	dma330_test_set_gate(t->chan, -1, 0);

	memset(src.cpu, 0x5d, 8192);
	memset(dst.cpu, 0, 8192);
	cbuf_to_dev(&src);
	cbuf_to_dev(&dst);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(csubmit(t->chan, tx, &w)));
	KUNIT_ASSERT_TRUE(test, cwait_for(&w, WAIT_MS));
	KUNIT_EXPECT_EQ(test, w.res.result, DMA_TRANS_NOERROR);
	cbuf_to_cpu(&dst);
	KUNIT_EXPECT_EQ(test, dst.cpu[0], 0x5d);
	KUNIT_EXPECT_EQ(test, memcmp(dst.cpu, src.cpu, 8192), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_desc_free(tx), 0);
	cbuf_free(&src);
	cbuf_free(&dst);
}

/*
 * A channel fault half-way: callback_result gets an error and the residue
 * of what did not move, and tx_status says DMA_ERROR (not DMA_COMPLETE).
 */
static void fault_reports_error(struct kunit *test)
{
	struct cctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct dma_tx_state state;
	struct cbuf src, dst;
	dma_cookie_t cookie;
	struct cwait w;
	int ret;

	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &src, 4096), 0);
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &dst, 4096), 0);
	cbuf_to_dev(&src);
	cbuf_to_dev(&dst);
	ret = dma330_test_inject(t->chan, true, 1);
	if (ret == -EOPNOTSUPP)
		kunit_skip(test, "no CONFIG_FAULT_INJECTION");
	KUNIT_ASSERT_EQ(test, ret, 0);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 4096,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cookie = csubmit(t->chan, tx, &w);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie));
	KUNIT_ASSERT_TRUE(test, cwait_for(&w, WAIT_MS));
	dma330_test_inject(t->chan, true, 0);
	kunit_info(test, "fault: result %d residue %u\n", w.res.result,
		   w.res.residue);
	KUNIT_EXPECT_NE(test, w.res.result, DMA_TRANS_NOERROR);
	/* The fault is planted half-way: part moved, part did not. */
	KUNIT_EXPECT_GT(test, w.res.residue, 0U);
	KUNIT_EXPECT_LT(test, w.res.residue, 4096U);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(t->chan, cookie, &state),
			DMA_ERROR);
	KUNIT_EXPECT_EQ(test, state.residue, w.res.residue);
	cbuf_free(&src);
	cbuf_free(&dst);
}

/* Submit a 4 KiB copy held at a gate; return its cookie. */
static dma_cookie_t held_copy(struct kunit *test, struct cbuf *src,
			      struct cbuf *dst, struct cwait *w)
{
	struct cctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	dma_cookie_t cookie;

	tx = dmaengine_prep_dma_memcpy(t->chan, dst->dma, src->dma, 4096,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cookie = csubmit(t->chan, tx, w);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie));
	return cookie;
}

/*
 * Terminated cookies keep reading DMA_ERROR after later transfers
 * complete and after a second terminate (not only the last range).
 */
static void terminated_cookies_remembered(struct kunit *test)
{
	struct cctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	dma_cookie_t a, d;
	struct cbuf src, dst;
	struct cwait w;

	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &src, 4096), 0);
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &dst, 4096), 0);
	carm_gate(test, 0);
	a = held_copy(test, &src, &dst, &w);
	KUNIT_ASSERT_EQ(test, dmaengine_terminate_sync(t->chan), 0);
	dma330_test_set_gate(t->chan, -1, 0);
	/* One that completes: the completed cookie moves past a. */
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 64,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(csubmit(t->chan, tx, &w)));
	KUNIT_ASSERT_TRUE(test, cwait_for(&w, WAIT_MS));
	carm_gate(test, 0);
	d = held_copy(test, &src, &dst, &w);
	KUNIT_ASSERT_EQ(test, dmaengine_terminate_sync(t->chan), 0);
	dma330_test_set_gate(t->chan, -1, 0);
	KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(t->chan, a, NULL, NULL),
			DMA_ERROR);
	KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(t->chan, d, NULL, NULL),
			DMA_ERROR);
	cbuf_free(&src);
	cbuf_free(&dst);
}

/*
 * Threads are taken in turns: with every thread held by a channel whose
 * client keeps it busy (a queue of transfers, as a dmatest thread or an
 * SPI message stream keeps one), a transfer issued on one more channel
 * runs after at most one transfer of each, not after all of their
 * queues.  Every transfer is held at a gate, so each really is in flight
 * when the next one could start (on QEMU's unpaced model a queue would
 * otherwise drain inside the register write that starts it).
 */
static void threads_taken_in_turns(struct kunit *test)
{
	struct cctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct dma_chan *chans[DMA330_TEST_MAX_THREADS + 1];
	const unsigned int queued = 8;
	unsigned int n, i, k;
	struct cbuf src, dst;
	struct cwait w;

	dma330_test_get_stats(t->chan, &t->st);
	n = t->st.nthreads;
	KUNIT_ASSERT_LE(test, n, (unsigned int)DMA330_TEST_MAX_THREADS);
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &src, 64), 0);
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &dst, 64 * (n + 1)), 0);
	cbuf_to_dev(&src);
	cbuf_to_dev(&dst);
	chans[0] = t->chan;
	for (i = 1; i <= n; i++) {
		chans[i] = cget_chan(DMA_MEMCPY);
		KUNIT_ASSERT_NOT_NULL(test, chans[i]);
	}
	carm_gate(test, 0);
	/* n busy channels, each with a queue of held transfers */
	for (i = 0; i < n; i++) {
		for (k = 0; k < queued; k++) {
			tx = dmaengine_prep_dma_memcpy(chans[i], dst.dma + 64 * i,
						       src.dma, 64,
						       DMA_CTRL_ACK);
			KUNIT_ASSERT_NOT_NULL(test, tx);
			KUNIT_ASSERT_FALSE(test,
					   dma_submit_error(dmaengine_submit(tx)));
		}
		dma_async_issue_pending(chans[i]);
	}
	/* one more channel: it waits for a thread */
	tx = dmaengine_prep_dma_memcpy(chans[n], dst.dma + 64 * n, src.dma,
				       64, DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(csubmit(chans[n], tx, &w)));
	/*
	 * Each release lets every held program end: the first ends one
	 * transfer of each busy channel, and a thread must then go to the
	 * waiting one, which the second release lets through.
	 */
	for (k = 0; k < 3 && !completion_done(&w.done); k++) {
		dma330_test_release_gate(t->chan, t->gate);
		usleep_range(1000, 2000);
	}
	KUNIT_EXPECT_TRUE_MSG(test, completion_done(&w.done),
			      "the waiting channel did not run within %u releases (%u transfers queued on each busy one)",
			      k, queued);
	dma330_test_set_gate(t->chan, -1, 0);
	for (k = 0; k < 2 * queued; k++)
		dma330_test_release_gate(t->chan, t->gate);
	for (i = 0; i <= n; i++) {
		dmaengine_terminate_sync(chans[i]);
		if (i)
			dma_release_channel(chans[i]);
	}
	cbuf_free(&src);
	cbuf_free(&dst);
}

/*
 * No-interrupt programs that have finished must not hold their threads:
 * with every thread taken by such a program (nobody polls them), a
 * transfer on another channel still runs, and the threads are released.
 */
static void finished_threads_released(struct kunit *test)
{
	struct cctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct dma_chan *chans[DMA330_TEST_MAX_THREADS + 1];
	unsigned int n, i, k, busy;
	struct cbuf src, dst;
	struct cwait w;

	dma330_test_get_stats(t->chan, &t->st);
	n = t->st.nthreads;
	KUNIT_ASSERT_LE(test, n, (unsigned int)DMA330_TEST_MAX_THREADS);
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &src, 64 * (n + 1)), 0);
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &dst, 64 * (n + 1)), 0);
	memset(src.cpu, 0x77, src.size);
	cbuf_to_dev(&src);
	cbuf_to_dev(&dst);
	chans[0] = t->chan;
	for (i = 1; i <= n; i++) {
		chans[i] = cget_chan(DMA_MEMCPY);
		KUNIT_ASSERT_NOT_NULL(test, chans[i]);
	}
	/* n held programs, no interrupt asked, no callback, no poll. */
	carm_gate(test, 0);
	for (i = 0; i < n; i++) {
		tx = dmaengine_prep_dma_memcpy(chans[i], dst.dma + 64 * i,
					       src.dma + 64 * i, 64,
					       DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL(test, tx);
		KUNIT_ASSERT_FALSE(test, dma_submit_error(dmaengine_submit(tx)));
		dma_async_issue_pending(chans[i]);
	}
	/* Let them all end (one release frees every waiting thread). */
	for (k = 0; k < 5; k++) {
		usleep_range(200, 400);
		dma330_test_release_gate(t->chan, t->gate);
	}
	dma330_test_set_gate(t->chan, -1, 0);
	/* The (n+1)th channel needs a thread. */
	tx = dmaengine_prep_dma_memcpy(chans[n], dst.dma + 64 * n,
				       src.dma + 64 * n, 64,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(csubmit(chans[n], tx, &w)));
	/* At once: not when some periodic work happens to look. */
	KUNIT_EXPECT_TRUE_MSG(test, cwait_for(&w, 30),
			      "a waiting channel starved behind finished programs");
	cwait_for(&w, WAIT_MS);
	/* And with nobody polling, no thread stays bound. */
	for (k = 0; k < 50; k++) {
		msleep(20);
		dma330_test_get_stats(t->chan, &t->st);
		for (i = 0, busy = 0; i < n; i++)
			busy += t->st.thread_busy[i];
		if (!busy)
			break;
	}
	KUNIT_EXPECT_EQ_MSG(test, busy, 0U, "threads still bound after 1 s");
	cbuf_to_cpu(&dst);
	KUNIT_EXPECT_EQ(test, memcmp(dst.cpu, src.cpu, dst.size), 0);
	for (i = 1; i <= n; i++) {
		dmaengine_terminate_sync(chans[i]);
		dma_release_channel(chans[i]);
	}
	cbuf_free(&src);
	cbuf_free(&dst);
}

/*
 * A thread found stopped is not a finished program: with the DMAGO not
 * carried out (hook), the descriptor fails with all of its bytes as
 * residue, and the channel works again afterwards.
 */
static void stopped_is_not_done(struct kunit *test)
{
	struct cctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct dma_tx_state state;
	struct cbuf src, dst;
	dma_cookie_t cookie;
	struct cwait w;

	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &src, 4096), 0);
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &dst, 4096), 0);
	memset(src.cpu, 0xc3, 4096);
	cbuf_to_dev(&src);
	cbuf_to_dev(&dst);
	KUNIT_ASSERT_EQ(test, dma330_test_drop_go(t->chan, 1), 0);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 4096,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cookie = csubmit(t->chan, tx, &w);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie));
	KUNIT_ASSERT_TRUE(test, cwait_for(&w, WAIT_MS));
	KUNIT_EXPECT_NE(test, w.res.result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, w.res.residue, 4096U);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(t->chan, cookie, &state),
			DMA_ERROR);
	cbuf_to_cpu(&dst);
	KUNIT_EXPECT_EQ(test, dst.cpu[0], 0);
	/* The next one runs. */
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 4096,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(csubmit(t->chan, tx, &w)));
	KUNIT_ASSERT_TRUE(test, cwait_for(&w, WAIT_MS));
	KUNIT_EXPECT_EQ(test, w.res.result, DMA_TRANS_NOERROR);
	cbuf_to_cpu(&dst);
	KUNIT_EXPECT_EQ(test, memcmp(dst.cpu, src.cpu, 4096), 0);
	cbuf_free(&src);
	cbuf_free(&dst);
}

/*
 * One no-interrupt program that ends while nobody looks: its thread (and
 * so runtime PM) is released without a poll, by the idle work.
 */
static void idle_releases_thread(struct kunit *test)
{
	struct cctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct cbuf src, dst;
	unsigned int i, k, busy = 0;

	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &src, 64), 0);
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &dst, 64), 0);
	carm_gate(test, 0);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 64,
				       DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(dmaengine_submit(tx)));
	dma_async_issue_pending(t->chan);
	usleep_range(200, 400);
	dma330_test_release_gate(t->chan, t->gate);
	dma330_test_set_gate(t->chan, -1, 0);
	for (k = 0; k < 25; k++) {
		msleep(20);
		dma330_test_get_stats(t->chan, &t->st);
		for (i = 0, busy = 0; i < t->st.nthreads; i++)
			busy += t->st.thread_busy[i];
		if (!busy)
			break;
	}
	KUNIT_EXPECT_EQ_MSG(test, busy, 0U,
			    "a finished no-interrupt program kept its thread 500 ms");
	cbuf_free(&src);
	cbuf_free(&dst);
}

/* maxburst above the hardware's 16 is clamped, as upstream pl330 does. */
static void maxburst_clamped(struct kunit *test)
{
	struct dma_slave_config cfg = { };
	struct dma_async_tx_descriptor *tx;
	struct dma_slave_caps caps;
	struct dma_chan *chan;
	struct cbuf mem, fifo;
	struct cwait w;

	chan = cget_chan(DMA_SLAVE);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_ASSERT_EQ(test, dma_get_slave_caps(chan, &caps), 0);
	KUNIT_EXPECT_EQ(test, caps.max_burst, 16U);
	KUNIT_ASSERT_EQ(test, dma330_test_set_periph(chan, periph_base), 0);
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &mem, 1024), 0);
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &fifo, 64), 0);
	memset(mem.cpu, 0x42, 1024);
	mem.cpu[1020] = 0x9a;
	cbuf_to_dev(&mem);
	cbuf_to_dev(&fifo);
	cfg.direction = DMA_MEM_TO_DEV;
	cfg.dst_addr = fifo.dma;
	cfg.dst_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES;
	cfg.dst_maxburst = 32;
	KUNIT_EXPECT_EQ(test, dmaengine_slave_config(chan, &cfg), 0);
	tx = dmaengine_prep_slave_single(chan, mem.dma, 1024, DMA_MEM_TO_DEV,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_EXPECT_NOT_NULL(test, tx);
	if (tx) {
		KUNIT_ASSERT_FALSE(test, dma_submit_error(csubmit(chan, tx,
								  &w)));
		KUNIT_EXPECT_TRUE(test, cwait_for(&w, WAIT_MS));
		KUNIT_EXPECT_EQ(test, w.res.result, DMA_TRANS_NOERROR);
		cbuf_to_cpu(&fifo);
		KUNIT_EXPECT_EQ(test, fifo.cpu[0], 0x9a);
	}
	dmaengine_terminate_sync(chan);
	dma_release_channel(chan);
	cbuf_free(&mem);
	cbuf_free(&fifo);
}

/*
 * .shutdown (reboot, kexec): the bus shutdown of the controller stops a
 * running program, so releasing its gate afterwards moves nothing more.
 * Last case: the controller is unusable until rebound.
 */
static void shutdown_quiesces(struct kunit *test)
{
	struct cctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct device *dev = t->dev;
	struct cbuf src, dst;
	dma_cookie_t cookie;
	unsigned int i, k;
	struct cwait w;

	if (!dev->bus || !dev->bus->shutdown)
		kunit_skip(test, "bus has no shutdown");
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &src, 8192), 0);
	KUNIT_ASSERT_EQ(test, cbuf_alloc(test, &dst, 8192), 0);
	memset(src.cpu, 0x66, 8192);
	cbuf_to_dev(&src);
	cbuf_to_dev(&dst);
	carm_gate(test, 1024);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 8192,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cookie = csubmit(t->chan, tx, &w);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie));
	usleep_range(200, 400);
	dma330_test_release_gate(t->chan, t->gate);	/* 1 KiB through */
	usleep_range(200, 400);
	dev->bus->shutdown(dev);
	for (k = 0; k < 10; k++) {
		usleep_range(200, 400);
		dma330_test_release_gate(t->chan, t->gate);
	}
	msleep(20);
	dma330_test_get_stats(t->chan, &t->st);
	for (i = 0; i < t->st.nthreads; i++)
		KUNIT_EXPECT_EQ_MSG(test, t->st.thread_state[i] & 0xf, 0U,
				    "thread %u not stopped after shutdown", i);
	cbuf_to_cpu(&dst);
	KUNIT_EXPECT_EQ_MSG(test, dst.cpu[8191], 0,
			    "the program kept writing after shutdown");
	KUNIT_EXPECT_EQ(test, atomic_read(&w.calls) ? w.res.result :
			DMA_TRANS_ABORTED, DMA_TRANS_ABORTED);
	/* A killed transfer never reads as a success. */
	KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(t->chan, cookie, NULL,
						       NULL), DMA_ERROR);
	cbuf_free(&src);
	cbuf_free(&dst);
}

static struct kunit_case contract_cases[] = {
	KUNIT_CASE_SLOW(noack_recycled),
	KUNIT_CASE(reuse_moves_data),
	KUNIT_CASE(reuse_after_terminate),
	KUNIT_CASE(fault_reports_error),
	KUNIT_CASE(stopped_is_not_done),
	KUNIT_CASE(terminated_cookies_remembered),
	KUNIT_CASE(threads_taken_in_turns),
	KUNIT_CASE(finished_threads_released),
	KUNIT_CASE(idle_releases_thread),
	KUNIT_CASE(maxburst_clamped),
	KUNIT_CASE(shutdown_quiesces),
	{ }
};

static struct kunit_suite contract_suite = {
	.name = "dma330_contract",
	.init = contract_init,
	.exit = contract_exit,
	.test_cases = contract_cases,
};

kunit_test_suite(contract_suite);

MODULE_DESCRIPTION("dma330: the dmaengine contract as clients use it");
MODULE_LICENSE("GPL");
