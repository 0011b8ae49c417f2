// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the dma330 provider, run in the guest against the real
 * (emulated) controller through the dmaengine client API and the provider's
 * test hooks (gates, pacing, fault injection, statistics).
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "../../provider/dma330_compat.h"
#include "../../provider/dma330_test.h"

#define GUARD		64
#define WAIT_MS		2000

static char *only;
module_param(only, charp, 0444);
MODULE_PARM_DESC(only, "run only the test case of this name");

/*
 * Request lines the slave cases use. On stock QEMU every line is always
 * asserted; on the paced rig lines 0 and 1 are UART0's real requests, so
 * the cases move to lines that nothing drives (still always asserted).
 */
static unsigned int periph_base;
module_param(periph_base, uint, 0444);
MODULE_PARM_DESC(periph_base, "first request line of the slave cases (lines base..base+1)");

static unsigned int test_periph(unsigned int n)
{
	return periph_base + (n & 1);
}

static unsigned int sg64_runs = 10;
module_param(sg64_runs, uint, 0444);
MODULE_PARM_DESC(sg64_runs, "64-entry scatterlists moved by sg64_irqs");

struct tbuf {
	struct device *dev;
	u8 *cpu;
	dma_addr_t dma;
	size_t size;
	bool coherent;
};

struct tctx {
	struct dma_chan *chan;
	struct device *dev;
	struct dma330_stats st;
	int gate;
};

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
	b->coherent = size > SZ_4M;
	if (b->coherent) {
		b->cpu = dma_alloc_coherent(b->dev, size, &b->dma, GFP_KERNEL);
		return b->cpu ? 0 : -ENOMEM;
	}
	b->cpu = kmalloc(size, GFP_KERNEL);
	if (!b->cpu)
		return -ENOMEM;
	b->dma = dma_map_single_attrs(b->dev, b->cpu, size, DMA_BIDIRECTIONAL,
				      DMA_ATTR_NO_WARN);	/* too big: skipped */
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
	if (b->coherent) {
		dma_free_coherent(b->dev, b->size, b->cpu, b->dma);
	} else {
		dma_unmap_single(b->dev, b->dma, b->size, DMA_BIDIRECTIONAL);
		kfree(b->cpu);
	}
	b->cpu = NULL;
}

/* Hand the first @n bytes of @b to the device / back to the CPU. */
static void to_dev_part(struct tbuf *b, size_t n)
{
	if (!b->coherent)
		dma_sync_single_for_device(b->dev, b->dma, n,
					   DMA_BIDIRECTIONAL);
}

static void to_cpu_part(struct tbuf *b, size_t n)
{
	if (!b->coherent)
		dma_sync_single_for_cpu(b->dev, b->dma, n, DMA_BIDIRECTIONAL);
}

static void to_dev(struct tbuf *b)
{
	to_dev_part(b, b->size);
}

static void to_cpu(struct tbuf *b)
{
	to_cpu_part(b, b->size);
}

/* Word @i of pattern @seed: no two nearby words or bytes alike. */
static u32 pattern_word(size_t i, u32 seed)
{
	u32 x = (u32)i * 0x9e3779b1u ^ seed * 0x85ebca6bu;

	return x ^ (x >> 15);
}

/*
 * Fill @n bytes at @p (word-aligned) with pattern @seed, a word at a time:
 * byte-wise fills of many MiB cost seconds of emulated CPU.
 */
static void fill_pattern(u8 *p, size_t n, u32 seed)
{
	size_t i, words = n / 4;
	u32 tail;

	for (i = 0; i < words; i++)
		((u32 *)p)[i] = pattern_word(i, seed);
	tail = pattern_word(words, seed);
	memcpy(p + words * 4, &tail, n % 4);
}

struct waiter {
	struct completion done;
	atomic_t calls;
	enum dmaengine_tx_result result;
	struct dma_chan *terminate;
};

static void waiter_cb(void *param, const struct dmaengine_result *res)
{
	struct waiter *w = param;

	w->result = res->result;
	atomic_inc(&w->calls);
	if (w->terminate)
		dmaengine_terminate_async(w->terminate);
	complete(&w->done);
}

static void waiter_init(struct waiter *w)
{
	init_completion(&w->done);
	atomic_set(&w->calls, 0);
	w->result = DMA_TRANS_ABORTED;	/* until the callback says */
	w->terminate = NULL;
}

/* Submit @tx with @w as its callback and issue it; return the cookie. */
static dma_cookie_t submit_waited(struct dma_chan *chan,
				  struct dma_async_tx_descriptor *tx,
				  struct waiter *w)
{
	dma_cookie_t cookie;

	waiter_init(w);
	tx->callback_result = waiter_cb;
	tx->callback_param = w;
	cookie = dmaengine_submit(tx);
	if (!dma_submit_error(cookie))
		dma_async_issue_pending(chan);
	return cookie;
}

/* Submit @tx with a callback, issue, wait. */
static int run_tx(struct dma_chan *chan, struct dma_async_tx_descriptor *tx,
		  struct waiter *w)
{
	dma_cookie_t cookie = submit_waited(chan, tx, w);

	if (dma_submit_error(cookie))
		return -EIO;
	if (!wait_for_completion_timeout(&w->done,
					 msecs_to_jiffies(WAIT_MS)))
		return -ETIMEDOUT;
	return dma_async_is_tx_complete(chan, cookie, NULL, NULL) ==
	       DMA_COMPLETE ? 0 : -EIO;
}

/*
 * Submit @tx with a callback and issue it with gates armed on @gate, then
 * release @gate until the callback runs (at most @max_releases times, one
 * every 200-400 us): each release lets the program run to its next gate, so
 * no register write makes the emulator move more than one gate's worth.
 * (Not a jiffy-based wait: at HZ=100 a 64-gate list would take over a
 * second.)
 */
static int run_gated(struct dma_chan *chan, struct dma_async_tx_descriptor *tx,
		     struct waiter *w, int gate, unsigned int max_releases)
{
	dma_cookie_t cookie = submit_waited(chan, tx, w);
	unsigned int n;

	if (dma_submit_error(cookie))
		return -EIO;
	for (n = 0; n < max_releases; n++) {
		usleep_range(200, 400);
		/* (a successful try consumes the completion) */
		if (try_wait_for_completion(&w->done))
			break;
		dma330_test_release_gate(chan, gate);
	}
	if (n == max_releases &&
	    !wait_for_completion_timeout(&w->done, msecs_to_jiffies(WAIT_MS)))
		return -ETIMEDOUT;
	return dma_async_is_tx_complete(chan, cookie, NULL, NULL) ==
	       DMA_COMPLETE ? 0 : -EIO;
}

/*
 * Turn gates on, after checking on a 1-byte copy that a gate holds and a
 * release lets it through.  Arming gates (dma330_test_set_gate) drops an
 * event left pending by a release that found nobody waiting, so each gate
 * planted afterwards waits for its own release.
 */
static void gate_arm(struct kunit *test, u32 every);

static int dma330_test_init(struct kunit *test)
{
	struct tctx *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->chan = get_chan(DMA_MEMCPY);
	if (!t->chan)
		kunit_skip(test, "no dma330 channel (module loaded?)");
	t->dev = t->chan->device->dev;
	if (only && strcmp(only, test->name)) {
		dma_release_channel(t->chan);
		t->chan = NULL;
		test->priv = t;
		kunit_skip(test, "only=%s", only);
	}
	dma330_test_get_stats(t->chan, &t->st);
	t->gate = t->st.first_free_event;
	test->priv = t;
	return 0;
}

static void dma330_test_exit(struct kunit *test)
{
	struct tctx *t = test->priv;

	if (!t || !t->chan)
		return;
	dma330_test_set_gate(t->chan, -1, 0);
	dma330_test_set_pace(t->chan, 0);
	dma330_test_inject(t->chan, false, 0);
	dma330_test_inject(t->chan, true, 0);
	dma330_test_set_prog_size(t->chan, 0);
	dma330_test_pause_never_quiet(t->chan, false);
	dmaengine_terminate_sync(t->chan);
	dma_release_channel(t->chan);
}

static void gate_arm(struct kunit *test, u32 every)
{
	struct tctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct tbuf b;
	struct waiter w;
	bool held;

	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &b, 64), 0);
	KUNIT_ASSERT_EQ(test, dma330_test_set_gate(t->chan, t->gate, 64), 0);
	tx = dmaengine_prep_dma_memcpy(t->chan, b.dma + 32, b.dma, 1,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	waiter_init(&w);
	tx->callback_result = waiter_cb;
	tx->callback_param = &w;
	dmaengine_submit(tx);
	dma_async_issue_pending(t->chan);
	/*
	 * The gate at the start of the program holds it, and one release
	 * lets it through.  (Waiting for the completion consumes it: wait
	 * for the release only if the first wait timed out.)
	 */
	held = !wait_for_completion_timeout(&w.done, msecs_to_jiffies(5));
	KUNIT_EXPECT_TRUE_MSG(test, held, "a fresh gate did not hold");
	if (held) {
		dma330_test_release_gate(t->chan, t->gate);
		KUNIT_EXPECT_NE(test,
				wait_for_completion_timeout(&w.done, HZ), 0);
	}
	tbuf_free(&b);
	KUNIT_ASSERT_EQ(test, dma330_test_set_gate(t->chan, t->gate, every), 0);
}

/* Copy @len bytes at the given offsets and check the bytes around them. */
static void check_copy(struct kunit *test, struct tbuf *src, struct tbuf *dst,
		       size_t soff, size_t doff, size_t len, u32 seed)
{
	struct tctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct waiter w;
	size_t i;

	/* Only the bytes under test: most copies are short, buffers not. */
	fill_pattern(src->cpu, soff + len, seed);
	memset(dst->cpu, 0x5a, GUARD + doff + len + GUARD);
	to_dev_part(src, soff + len);
	to_dev_part(dst, GUARD + doff + len + GUARD);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst->dma + GUARD + doff,
				       src->dma + soff, len,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_EQ(test, run_tx(t->chan, tx, &w), 0);
	KUNIT_EXPECT_EQ(test, w.result, DMA_TRANS_NOERROR);
	to_cpu_part(dst, GUARD + doff + len + GUARD);
	for (i = 0; i < GUARD + doff; i++)
		if (dst->cpu[i] != 0x5a)
			break;
	KUNIT_ASSERT_EQ_MSG(test, i, GUARD + doff,
			    "byte before dst written: len %zu soff %zu doff %zu",
			    len, soff, doff);
	KUNIT_ASSERT_EQ_MSG(test, memcmp(dst->cpu + GUARD + doff,
					 src->cpu + soff, len), 0,
			    "data mismatch: len %zu soff %zu doff %zu",
			    len, soff, doff);
	for (i = GUARD + doff + len; i < GUARD + doff + len + GUARD; i++)
		KUNIT_ASSERT_EQ_MSG(test, dst->cpu[i], 0x5a,
				    "byte after dst written: len %zu soff %zu doff %zu",
				    len, soff, doff);
}

static void memcpy_alignments(struct kunit *test)
{
	static const size_t sizes[] = { 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31,
					32, 33, 63, 64, 65, 127, 128, 129, 255,
					256, 257, 1023, 1024, 4095, 4096, 4097,
					65535, 65537 };
	struct tbuf src, dst;
	unsigned int so, dof, i;

	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &src, 70000), 0);
	if (tbuf_alloc(test, &dst, 70000 + 2 * GUARD + 8)) {
		tbuf_free(&src);
		KUNIT_FAIL(test, "no memory");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (so = 0; so < 8; so++)
			for (dof = 0; dof < 8; dof++) {
				if (sizes[i] > 300 && (so | dof) & 3 &&
				    so != dof + 1)
					continue;	/* keep it quick */
				check_copy(test, &src, &dst, so, dof,
					   sizes[i], i * 64 + so * 8 + dof);
				if (test->status == KUNIT_FAILURE)
					goto out;
			}
out:
	tbuf_free(&src);
	tbuf_free(&dst);
}

/* The 4 bytes of pattern @seed that start at byte @k. */
static u32 pattern_at(size_t k, u32 seed)
{
	u32 w[2] = { pattern_word(k / 4, seed), pattern_word(k / 4 + 1, seed) };
	u32 v;

	memcpy(&v, (u8 *)w + k % 4, 4);
	return v;
}

/* Byte @k of pattern @seed. */
static u8 pattern_byte(size_t k, u32 seed)
{
	u32 v = pattern_at(k, seed);

	return *(u8 *)&v;
}

/*
 * 16 MiB in one descriptor.  Two 16 MiB buffers rarely fit in the 32 MiB
 * CMA area, so copy forward inside one 17 MiB buffer: dst below src never
 * overwrites a source byte before it is read.  Source and destination are
 * odd (a head of single bytes) and 4 apart modulo the bus width, so the
 * bulk moves in word beats: byte beats, which the emulator moves 4 times
 * slower, are covered by memcpy_alignments and memcpy_large.  Checked a
 * word at a time.
 */
static void memcpy_16m(struct kunit *test)
{
	const size_t len = SZ_16M, shift = SZ_1M + 4;
	const u32 seed = 16;
	struct tctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct tbuf b;
	struct waiter w;
	size_t i, words;
	u32 *wp, v;

	if (tbuf_alloc(test, &b, ALIGN(1 + shift + len + GUARD, 4)))
		kunit_skip(test, "cannot allocate %zu bytes", len + shift);
	wp = (u32 *)b.cpu;
	words = b.size / 4;
	for (i = 0; i < words; i++) {
		wp[i] = pattern_word(i, seed);
		if (!(i & 0x3fff))
			cond_resched();	/* PREEMPT_NONE kernels: no lockup */
	}
	/*
	 * The emulator runs a program inside the register write that starts
	 * it: 16 MiB in one go holds a CPU for tens of seconds.  Gate it every
	 * MiB and release gate by gate, so no write moves more than 1 MiB.
	 */
	if (t->gate >= 0)
		KUNIT_ASSERT_EQ(test, dma330_test_set_gate(t->chan, t->gate,
							   SZ_1M), 0);
	tx = dmaengine_prep_dma_memcpy(t->chan, b.dma + 1, b.dma + 1 + shift,
				       len, DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	if (t->gate >= 0)
		KUNIT_ASSERT_EQ(test, run_gated(t->chan, tx, &w, t->gate,
						100000), 0);
	else
		KUNIT_ASSERT_EQ(test, run_tx(t->chan, tx, &w), 0);
	dma330_test_set_gate(t->chan, -1, 0);
	KUNIT_EXPECT_EQ_MSG(test, b.cpu[0], pattern_byte(0, seed),
			    "byte before the destination written");
	for (i = 0; i < len; i += 4) {
		memcpy(&v, b.cpu + 1 + i, 4);	/* unaligned */
		if (v != pattern_at(1 + shift + i, seed))
			break;
		if (!(i & 0xffff))
			cond_resched();
	}
	KUNIT_EXPECT_EQ_MSG(test, i, len, "first wrong word");
	KUNIT_EXPECT_EQ_MSG(test, b.cpu[1 + len], pattern_byte(1 + len, seed),
			    "byte after the destination written");
	tbuf_free(&b);
}

static void memcpy_large(struct kunit *test)
{
	static const size_t sizes[] = { SZ_1M + 3, SZ_4M - 1 };
	struct tbuf src, dst;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t n = sizes[i];

		if (tbuf_alloc(test, &src, n + 8))
			kunit_skip(test, "cannot allocate %zu bytes", n);
		if (tbuf_alloc(test, &dst, n + 2 * GUARD + 8)) {
			tbuf_free(&src);
			kunit_skip(test, "cannot allocate %zu bytes twice", n);
		}
		/* word beats (byte beats: memcpy_alignments) */
		check_copy(test, &src, &dst, 1, 5, n, i);
		check_copy(test, &src, &dst, 0, 0, n, i + 7);
		tbuf_free(&src);
		tbuf_free(&dst);
	}
}

static void memset_values(struct kunit *test)
{
	static const size_t sizes[] = { 1, 3, 8, 17, 64, 255, 4097, 65536 + 5 };
	static const int values[] = { 0x00, 0xa5, 0xff, 0x17 };
	struct tctx *t = test->priv;
	struct tbuf dst;
	unsigned int i, v, off;

	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &dst, 70000 + 2 * GUARD), 0);
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (v = 0; v < ARRAY_SIZE(values); v++)
			for (off = 0; off < 8; off += 3) {
				struct dma_async_tx_descriptor *tx;
				struct waiter w;
				size_t k, n = sizes[i];

				memset(dst.cpu, 0x5a, dst.size);
				to_dev(&dst);
				tx = dmaengine_prep_dma_memset(t->chan,
							       dst.dma + GUARD + off,
							       values[v], n,
							       DMA_PREP_INTERRUPT |
							       DMA_CTRL_ACK);
				KUNIT_ASSERT_NOT_NULL(test, tx);
				KUNIT_ASSERT_EQ(test, run_tx(t->chan, tx, &w), 0);
				to_cpu(&dst);
				for (k = 0; k < GUARD + off; k++)
					KUNIT_ASSERT_EQ(test, dst.cpu[k], 0x5a);
				for (; k < GUARD + off + n; k++)
					KUNIT_ASSERT_EQ_MSG(test, dst.cpu[k],
							    (u8)values[v],
							    "size %zu off %u", n, off);
				for (; k < GUARD * 2 + off + n; k++)
					KUNIT_ASSERT_EQ(test, dst.cpu[k], 0x5a);
			}
	tbuf_free(&dst);
}

static void interleave_2d(struct kunit *test)
{
	struct tctx *t = test->priv;
	struct dma_interleaved_template *xt;
	struct dma_async_tx_descriptor *tx;
	const size_t rows = 37, chunk = 101, sgap = 27, dgap = 13;
	struct tbuf src, dst;
	struct waiter w;
	size_t r, k;

	xt = kunit_kzalloc(test, struct_size(xt, sgl, 1), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, xt);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &src, rows * (chunk + sgap)), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &dst, rows * (chunk + dgap)), 0);
	fill_pattern(src.cpu, src.size, 3);
	memset(dst.cpu, 0x5a, dst.size);
	to_dev(&src);
	to_dev(&dst);
	xt->src_start = src.dma;
	xt->dst_start = dst.dma;
	xt->dir = DMA_MEM_TO_MEM;
	xt->src_inc = true;
	xt->dst_inc = true;
	xt->src_sgl = true;
	xt->dst_sgl = true;
	xt->numf = rows;
	xt->frame_size = 1;
	xt->sgl[0].size = chunk;
	xt->sgl[0].src_icg = sgap;
	xt->sgl[0].dst_icg = dgap;
	tx = dmaengine_prep_interleaved_dma(t->chan, xt,
					    DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_EQ(test, run_tx(t->chan, tx, &w), 0);
	to_cpu(&dst);
	for (r = 0; r < rows; r++) {
		KUNIT_ASSERT_EQ(test, memcmp(dst.cpu + r * (chunk + dgap),
					     src.cpu + r * (chunk + sgap),
					     chunk), 0);
		for (k = 0; k < dgap && r + 1 < rows; k++)
			KUNIT_ASSERT_EQ(test,
					dst.cpu[r * (chunk + dgap) + chunk + k],
					0x5a);
	}
	tbuf_free(&src);
	tbuf_free(&dst);
}

/* Slave: memory word as the "FIFO" (QEMU keeps requests asserted). */
static void slave_sg_widths(struct kunit *test)
{
	static const u32 widths[] = { 1, 2, 4, 8 };
	static const u32 bursts[] = { 1, 2, 3, 4, 7, 8, 16 };
	struct dma_chan *chan;
	struct tbuf fifo, mem;
	struct scatterlist *sgl;
	unsigned int wi, bi, i, nents = 1024;
	struct dma_slave_config cfg = { };

	chan = get_chan(DMA_SLAVE);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_ASSERT_EQ(test, dma330_test_set_periph(chan, test_periph(0)), 0);
	sgl = kunit_kmalloc_array(test, nents, sizeof(*sgl), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sgl);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &fifo, 64), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &mem, 1024 * 132 + GUARD), 0);

	for (wi = 0; wi < ARRAY_SIZE(widths); wi++) {
		for (bi = 0; bi < ARRAY_SIZE(bursts); bi++) {
			u32 w = widths[wi], b = bursts[bi];
			/* not a multiple of w * b: the tail must still move */
			u32 len = w * b * 2 + w * ((b + 1) / 2);
			struct dma_async_tx_descriptor *tx;
			struct waiter wt;
			size_t off = 0, k;

			if (len > 132)
				len = (132 / w) * w;
			cfg.src_addr = fifo.dma;
			cfg.src_addr_width = w;
			cfg.src_maxburst = b;
			cfg.direction = DMA_DEV_TO_MEM;
			if (dmaengine_slave_config(chan, &cfg)) {
				/* only width 8 on a 32-bit bus may be refused */
				KUNIT_EXPECT_EQ(test, w, 8);
				continue;
			}
			for (k = 0; k < 64; k++)
				fifo.cpu[k] = 0xc0 + k;
			memset(mem.cpu, 0x5a, mem.size);
			to_dev(&fifo);
			to_dev(&mem);
			sg_init_table(sgl, nents);
			for (i = 0; i < nents; i++) {
				sg_dma_address(&sgl[i]) = mem.dma + off;
				sg_dma_len(&sgl[i]) = len;
				off += len;
			}
			tx = dmaengine_prep_slave_sg(chan, sgl, nents,
						     DMA_DEV_TO_MEM,
						     DMA_PREP_INTERRUPT |
						     DMA_CTRL_ACK);
			KUNIT_ASSERT_NOT_NULL_MSG(test, tx, "w %u b %u", w, b);
			KUNIT_ASSERT_EQ(test, run_tx(chan, tx, &wt), 0);
			to_cpu(&mem);
			for (k = 0; k < off; k++)
				KUNIT_ASSERT_EQ_MSG(test, mem.cpu[k],
						    (u8)(0xc0 + k % w),
						    "w %u b %u byte %zu", w, b, k);
			for (; k < off + GUARD && k < mem.size; k++)
				KUNIT_ASSERT_EQ(test, mem.cpu[k], 0x5a);

			/* A length that is not a multiple of the width. */
			if (w > 1) {
				sg_dma_len(&sgl[0]) = len + 1;
				tx = dmaengine_prep_slave_sg(chan, sgl, 1,
							     DMA_DEV_TO_MEM,
							     DMA_CTRL_ACK);
				KUNIT_EXPECT_NULL(test, tx);
			}
		}
	}

	/*
	 * MEM_TO_DEV: the last beat lands in the FIFO word.  A fresh config:
	 * the loop's last source width may be one this bus refuses.
	 */
	cfg = (struct dma_slave_config){
		.direction = DMA_MEM_TO_DEV,
		.dst_addr = fifo.dma,
		.dst_addr_width = 4,
		.dst_maxburst = 4,
	};
	KUNIT_ASSERT_EQ(test, dmaengine_slave_config(chan, &cfg), 0);
	fill_pattern(mem.cpu, mem.size, 9);
	memset(fifo.cpu, 0, fifo.size);
	to_dev(&mem);
	to_dev(&fifo);
	sg_init_table(sgl, 64);
	for (i = 0; i < 64; i++) {
		sg_dma_address(&sgl[i]) = mem.dma + i * 100;
		sg_dma_len(&sgl[i]) = 100;
	}
	{
		struct dma_async_tx_descriptor *tx;
		struct waiter wt;

		tx = dmaengine_prep_slave_sg(chan, sgl, 64, DMA_MEM_TO_DEV,
					     DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL(test, tx);
		KUNIT_ASSERT_EQ(test, run_tx(chan, tx, &wt), 0);
		to_cpu(&fifo);
		KUNIT_EXPECT_EQ(test, memcmp(fifo.cpu, mem.cpu + 63 * 100 + 96,
					     4), 0);
	}
	tbuf_free(&fifo);
	tbuf_free(&mem);
	dma_release_channel(chan);
}

/*
 * A 64-entry scatterlist is one program: at most 2 interrupts.  Every
 * entry starts with a gate, so each one really ends in flight, after a
 * register write returned: an interrupt per entry would be counted.  The
 * list must need all 64 releases (it was held at each entry).
 */
static void sg64_irqs(struct kunit *test)
{
	struct tctx *t = test->priv;
	struct dma_slave_config cfg = { };
	struct scatterlist *sgl;
	struct tbuf fifo, mem;
	struct dma_chan *chan;
	unsigned int i, k, rel;
	u64 irqs, total = 0;

	if (t->gate < 0)
		kunit_skip(test, "no free event for gates");
	sgl = kunit_kmalloc_array(test, 64, sizeof(*sgl), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sgl);
	chan = get_chan(DMA_SLAVE);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_ASSERT_EQ(test, dma330_test_set_periph(chan, test_periph(2)), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &fifo, 64), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &mem, 64 * 256), 0);
	cfg.dst_addr = fifo.dma;
	cfg.dst_addr_width = 4;
	cfg.dst_maxburst = 8;
	KUNIT_ASSERT_EQ(test, dmaengine_slave_config(chan, &cfg), 0);
	fill_pattern(mem.cpu, mem.size, 6);
	to_dev(&mem);
	to_dev(&fifo);
	for (k = 0; k < sg64_runs; k++) {
		struct dma_async_tx_descriptor *tx;
		dma_cookie_t cookie;
		struct waiter w;

		sg_init_table(sgl, 64);
		for (i = 0; i < 64; i++) {
			sg_dma_address(&sgl[i]) = mem.dma + i * 256;
			sg_dma_len(&sgl[i]) = 256;
		}
		/* a gate at each entry's start, none inside one */
		KUNIT_ASSERT_EQ(test, dma330_test_set_gate(chan, t->gate,
							   SZ_1M), 0);
		dma330_test_get_stats(chan, &t->st);
		irqs = t->st.irqs;
		tx = dmaengine_prep_slave_sg(chan, sgl, 64, DMA_MEM_TO_DEV,
					     DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL(test, tx);
		cookie = submit_waited(chan, tx, &w);
		KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie));
		/* (a successful try consumes the completion) */
		for (rel = 0; rel < 80; rel++) {
			usleep_range(200, 400);
			if (try_wait_for_completion(&w.done))
				break;
			dma330_test_release_gate(chan, t->gate);
		}
		KUNIT_ASSERT_LT_MSG(test, rel, 80U, "list %u did not end", k);
		KUNIT_EXPECT_EQ_MSG(test, rel, 64U,
				    "releases list %u needed (one per entry)", k);
		KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(chan, cookie,
							       NULL, NULL),
				DMA_COMPLETE);
		dma330_test_set_gate(chan, -1, 0);
		dma330_test_get_stats(chan, &t->st);
		KUNIT_EXPECT_LE_MSG(test, t->st.irqs - irqs, 2ULL,
				    "interrupts for 64-entry scatterlist %u", k);
		total += t->st.irqs - irqs;
	}
	kunit_info(test, "%u 64-entry transfers, every entry gated: %llu interrupts\n",
		   sg64_runs, total);
	to_cpu(&fifo);
	KUNIT_EXPECT_EQ(test, memcmp(fifo.cpu, mem.cpu + mem.size - 4, 4), 0);
	tbuf_free(&fifo);
	tbuf_free(&mem);
	dma_release_channel(chan);
}

static void config_invalid(struct kunit *test)
{
	struct tctx *t = test->priv;
	struct dma_slave_config cfg = { };

	cfg.src_addr_width = 3;
	KUNIT_EXPECT_EQ(test, dmaengine_slave_config(t->chan, &cfg), -EINVAL);
	cfg.src_addr_width = 16;
	KUNIT_EXPECT_EQ(test, dmaengine_slave_config(t->chan, &cfg), -EINVAL);
	cfg.src_addr_width = 4;
	cfg.src_maxburst = 17;	/* clamped to 16, as upstream pl330 */
	KUNIT_EXPECT_EQ(test, dmaengine_slave_config(t->chan, &cfg), 0);
	cfg.src_maxburst = 16;
	KUNIT_EXPECT_EQ(test, dmaengine_slave_config(t->chan, &cfg), 0);
	/* No request line on a memcpy channel: slave prep refused. */
	KUNIT_EXPECT_NULL(test,
			  dmaengine_prep_slave_single(t->chan, 0, 4,
						      DMA_DEV_TO_MEM, 0));
}

static void cyclic_cb(void *param)
{
	atomic_inc(param);
}

static void cyclic_paced(struct kunit *test)
{
	struct tctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct dma_slave_config cfg = { };
	struct dma_chan *chan;
	struct tbuf fifo, buf;
	atomic_t periods;
	int n1, n2, k;
	u64 irqs, progs, hw;

	if (t->gate < 0)
		kunit_skip(test, "no free event for gates");
	chan = get_chan(DMA_CYCLIC);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_ASSERT_EQ(test, dma330_test_set_periph(chan, test_periph(1)), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &fifo, 64), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &buf, 4 * 256), 0);
	cfg.dst_addr = fifo.dma;
	cfg.dst_addr_width = 4;
	cfg.dst_maxburst = 4;
	KUNIT_ASSERT_EQ(test, dmaengine_slave_config(chan, &cfg), 0);
	to_dev(&buf);
	gate_arm(test, 256);
	tx = dmaengine_prep_dma_cyclic(chan, buf.dma, 4 * 256, 256,
				       DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	atomic_set(&periods, 0);
	tx->callback = cyclic_cb;
	tx->callback_param = &periods;
	dma330_test_get_stats(chan, &t->st);
	irqs = t->st.irqs;
	progs = t->st.programs;
	dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	/* Nothing moves until the "peripheral" (a gate) asks. */
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&periods), 0);
	/* Ten released gates: ten periods, across two and a half passes. */
	for (k = 0; k < 10; k++)
		KUNIT_ASSERT_EQ(test, dma330_test_release_gate(chan, t->gate), 0);
	for (k = 0; k < 100 && atomic_read(&periods) < 10; k++)
		usleep_range(5000, 5500);
	KUNIT_EXPECT_EQ(test, atomic_read(&periods), 10);
	/*
	 * One program per pass of 4 periods, started when the last one
	 * ended: held at period 10, the third pass runs.  A transfer
	 * restarted per period would have started 10.
	 */
	dma330_test_get_stats(chan, &t->st);
	KUNIT_EXPECT_EQ_MSG(test, t->st.programs - progs, 3ULL,
			    "programs started for 10 periods of 4-period passes");
	/* Then a paced "peripheral": a period every 2 ms. */
	KUNIT_ASSERT_EQ(test, dma330_test_set_pace(chan, 2000000), 0);
	msleep(200);
	dma330_test_set_pace(chan, 0);
	msleep(20);	/* the last period's callback */
	n1 = atomic_read(&periods);
	/*
	 * 100 periods are due in 200 ms; a loaded host delays the guest's
	 * pacing timer (43 in all were seen with two boots and a build
	 * running): enough that the pace moved the ring on, no more.
	 */
	KUNIT_EXPECT_GE(test, n1, 10 + 10);
	KUNIT_EXPECT_LE(test, n1, 10 + 110);
	dma330_test_get_stats(chan, &t->st);
	kunit_info(test, "cyclic: %d periods, %llu irqs, %llu programs\n", n1,
		   t->st.irqs - irqs, t->st.programs - progs);
	/*
	 * Held at period n1: n1 / 4 passes ended, each restarted once.  The
	 * callbacks count periods as virt-dma reports them, one callback for
	 * all the periods passed since the last: on a busy host n1 trails
	 * the hardware by coalesced periods, and a pass more may have ended.
	 * The period interrupts count what the hardware did (100 irqs for
	 * 97 callbacks, 26 programs, seen on a loaded host).  Restarted per
	 * period would be about n1.
	 */
	hw = max_t(u64, n1, t->st.irqs - irqs);
	KUNIT_EXPECT_GE_MSG(test, t->st.programs - progs, (u64)(n1 / 4 + 1),
			    "programs started for %d periods", n1);
	KUNIT_EXPECT_LE_MSG(test, t->st.programs - progs, div_u64(hw + 2, 4) + 1,
			    "programs started for %d periods (%llu interrupts)",
			    n1, hw);
	dmaengine_terminate_sync(chan);
	n2 = atomic_read(&periods);
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&periods), n2);
	dma330_test_set_gate(chan, -1, 0);
	tbuf_free(&fifo);
	tbuf_free(&buf);
	dma_release_channel(chan);
}

static size_t residue_of(struct dma_chan *chan, dma_cookie_t cookie,
			 enum dma_status *st)
{
	struct dma_tx_state state;

	*st = dmaengine_tx_status(chan, cookie, &state);
	return state.residue;
}

static void pause_resume_residue(struct kunit *test)
{
	struct tctx *t = test->priv;
	const size_t len = 64 * 1024, step = 4096;
	struct dma_async_tx_descriptor *tx;
	struct tbuf src, dst, want;
	enum dma_status st;
	dma_cookie_t cookie;
	struct waiter w;
	size_t r, prev, k;

	if (t->gate < 0)
		kunit_skip(test, "no free event for gates");
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &src, len), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &dst, len), 0);
	want.cpu = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want.cpu);
	fill_pattern(src.cpu, len, 21);
	memcpy(want.cpu, src.cpu, len);
	memset(dst.cpu, 0, len);
	to_dev(&src);
	to_dev(&dst);
	gate_arm(test, step);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, len,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	waiter_init(&w);
	tx->callback_result = waiter_cb;
	tx->callback_param = &w;
	cookie = dmaengine_submit(tx);
	dma_async_issue_pending(t->chan);

	r = residue_of(t->chan, cookie, &st);
	KUNIT_EXPECT_EQ(test, st, DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, r, len);
	prev = r;
	/* Four gates: 16 KiB moved, residue falls by one step each time. */
	for (k = 0; k < 4; k++) {
		dma330_test_release_gate(t->chan, t->gate);
		r = residue_of(t->chan, cookie, &st);
		KUNIT_EXPECT_EQ(test, r, prev - step);
		prev = r;
	}
	KUNIT_ASSERT_EQ(test, dmaengine_pause(t->chan), 0);
	r = residue_of(t->chan, cookie, &st);
	KUNIT_EXPECT_EQ(test, st, DMA_PAUSED);
	KUNIT_EXPECT_EQ(test, r, len - 4 * step);
	/*
	 * Change the source behind what was copied (a repeat would copy the
	 * new bytes) and check nothing beyond it was written yet.
	 */
	to_cpu(&src);
	to_cpu(&dst);
	KUNIT_EXPECT_EQ(test, memcmp(dst.cpu, want.cpu, 4 * step), 0);
	for (k = 4 * step; k < len; k++)
		if (dst.cpu[k])
			break;
	KUNIT_EXPECT_EQ(test, k, len);
	memset(src.cpu, 0xee, 4 * step);
	to_dev(&src);
	to_dev(&dst);
	KUNIT_ASSERT_EQ(test, dmaengine_resume(t->chan), 0);
	/* The resumed program stops at its first gate; release them all. */
	for (k = 0; k < 40 && !completion_done(&w.done); k++) {
		dma330_test_release_gate(t->chan, t->gate);
		r = residue_of(t->chan, cookie, &st);
		KUNIT_EXPECT_LE(test, r, prev);
		prev = r;
	}
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&w.done, HZ), 0);
	KUNIT_EXPECT_EQ(test, w.result, DMA_TRANS_NOERROR);
	to_cpu(&dst);
	KUNIT_EXPECT_EQ(test, memcmp(dst.cpu, want.cpu, len), 0);
	tbuf_free(&src);
	tbuf_free(&dst);
}

/*
 * A slave pause that finds no quiet point within its bound (a stalled
 * bus; dma330_test_pause_never_quiet() makes every look find the thread
 * inside a request) is refused: -EBUSY, the transfer still in progress
 * with its residue, nothing killed, and it runs on to the end with every
 * byte.  A kill there would resend a MEM_TO_DEV request to the peripheral
 * or lose what a DEV_TO_MEM request had popped.
 */
static void pause_refused_runs_on(struct kunit *test)
{
	struct tctx *t = test->priv;
	const size_t len = 16 * 1024, step = 4096;
	struct dma_slave_config cfg = { .direction = DMA_DEV_TO_MEM };
	struct dma_async_tx_descriptor *tx;
	struct tbuf fifo, mem;
	struct dma_chan *chan;
	dma_cookie_t cookie;
	enum dma_status st;
	struct waiter w;
	size_t r, k;
	u64 refused;

	if (t->gate < 0)
		kunit_skip(test, "no free event for gates");
	chan = get_chan(DMA_SLAVE);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_ASSERT_EQ(test, dma330_test_set_periph(chan, test_periph(0)), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &fifo, 64), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &mem, len), 0);
	cfg.src_addr = fifo.dma;
	cfg.src_addr_width = 4;
	cfg.src_maxburst = 1;
	KUNIT_ASSERT_EQ(test, dmaengine_slave_config(chan, &cfg), 0);
	memset(fifo.cpu, 0xc3, fifo.size);
	memset(mem.cpu, 0, mem.size);
	to_dev(&fifo);
	to_dev(&mem);
	KUNIT_ASSERT_EQ(test, dma330_test_set_gate(chan, t->gate, step), 0);
	tx = dmaengine_prep_slave_single(chan, mem.dma, len, DMA_DEV_TO_MEM,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cookie = submit_waited(chan, tx, &w);
	dma330_test_release_gate(chan, t->gate);
	dma330_test_get_stats(chan, &t->st);
	refused = t->st.pause_refused;

	KUNIT_ASSERT_EQ(test, dma330_test_pause_never_quiet(chan, true), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_pause(chan), -EBUSY);
	KUNIT_EXPECT_EQ(test, dma330_test_pause_never_quiet(chan, false), 0);
	r = residue_of(chan, cookie, &st);
	KUNIT_EXPECT_EQ(test, st, DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, r, len - step);
	dma330_test_get_stats(chan, &t->st);
	KUNIT_EXPECT_EQ(test, t->st.pause_refused, refused + 1);
	/* not paused: resume has nothing to do */
	KUNIT_EXPECT_EQ(test, dmaengine_resume(chan), 0);
	/* the program was not killed: it goes on from its gate */
	for (k = 0; k < 8 &&
	     dmaengine_tx_status(chan, cookie, NULL) != DMA_COMPLETE; k++)
		dma330_test_release_gate(chan, t->gate);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&w.done, HZ), 0);
	KUNIT_EXPECT_EQ(test, k, len / step - 1);
	KUNIT_EXPECT_EQ(test, w.result, DMA_TRANS_NOERROR);
	to_cpu(&mem);
	KUNIT_EXPECT_PTR_EQ(test, memchr_inv(mem.cpu, 0xc3, len), NULL);
	dma330_test_set_gate(chan, -1, 0);
	tbuf_free(&fifo);
	tbuf_free(&mem);
	dma_release_channel(chan);
}

static void terminate_synchronize(struct kunit *test)
{
	struct tctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct tbuf src, dst;
	dma_cookie_t c1, c2, c3, c4;
	struct waiter w1, w2, w3, w4;
	unsigned int k;
	u64 progs;

	if (t->gate < 0)
		kunit_skip(test, "no free event for gates");
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &src, 8192), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &dst, 8192), 0);
	to_dev(&src);
	to_dev(&dst);

	/* Terminate a transfer stalled mid-way, from atomic context. */
	gate_arm(test, 1024);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 8192,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	waiter_init(&w1);
	tx->callback_result = waiter_cb;
	tx->callback_param = &w1;
	c1 = dmaengine_submit(tx);
	dma_async_issue_pending(t->chan);
	dma330_test_release_gate(t->chan, t->gate);
	local_irq_disable();
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_async(t->chan), 0);
	local_irq_enable();
	dmaengine_synchronize(t->chan);
	dma330_test_get_stats(t->chan, &t->st);
	usleep_range(10000, 11000);
	KUNIT_EXPECT_EQ(test, atomic_read(&w1.calls), 0);
	KUNIT_EXPECT_NE(test, dmaengine_tx_status(t->chan, c1, NULL),
			DMA_COMPLETE);

	/*
	 * Terminate from a callback: the second descriptor, queued behind
	 * the one whose callback terminates, never runs and never calls
	 * back.  Both start held at a gate, so the second is on the
	 * hardware (its first gate) when the first one's callback runs;
	 * releases after the terminate would move it if it had survived.
	 */
	fill_pattern(src.cpu, 8192, 12);
	memset(dst.cpu, 0x5a, 8192);
	to_dev(&src);
	to_dev(&dst);
	dma330_test_get_stats(t->chan, &t->st);
	progs = t->st.programs;
	KUNIT_ASSERT_EQ(test, dma330_test_set_gate(t->chan, t->gate, 8192), 0);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 64,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	waiter_init(&w2);
	w2.terminate = t->chan;
	tx->callback_result = waiter_cb;
	tx->callback_param = &w2;
	c2 = dmaengine_submit(tx);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma + 4096,
				       src.dma + 4096, 64,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	waiter_init(&w4);
	tx->callback_result = waiter_cb;
	tx->callback_param = &w4;
	c4 = dmaengine_submit(tx);
	dma_async_issue_pending(t->chan);
	usleep_range(2000, 2500);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&w2.calls), 0,
			    "the first one was not held");
	dma330_test_release_gate(t->chan, t->gate);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&w2.done, HZ), 0);
	dmaengine_synchronize(t->chan);
	/* The second was started (the first one's end started it). */
	dma330_test_get_stats(t->chan, &t->st);
	KUNIT_EXPECT_EQ_MSG(test, t->st.programs - progs, 2ULL,
			    "programs started before the terminate");
	for (k = 0; k < 4; k++) {
		dma330_test_release_gate(t->chan, t->gate);
		usleep_range(1000, 1500);
	}
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(t->chan, c2, NULL),
			DMA_COMPLETE);
	KUNIT_EXPECT_NE(test, dmaengine_tx_status(t->chan, c4, NULL),
			DMA_COMPLETE);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&w4.calls), 0,
			    "the descriptor behind the terminate called back");
	to_cpu(&dst);
	KUNIT_EXPECT_EQ(test, memcmp(dst.cpu, src.cpu, 64), 0);
	for (k = 4096; k < 4096 + 64; k++)
		if (dst.cpu[k] != 0x5a)
			break;
	KUNIT_EXPECT_EQ_MSG(test, k, 4096 + 64,
			    "the descriptor behind the terminate wrote its destination");
	to_dev(&dst);

	/* A gated one queued, then terminated: never completes. */
	KUNIT_ASSERT_EQ(test, dma330_test_set_gate(t->chan, t->gate, 1024), 0);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 4096,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	waiter_init(&w3);
	tx->callback_result = waiter_cb;
	tx->callback_param = &w3;
	c3 = dmaengine_submit(tx);
	dma_async_issue_pending(t->chan);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(t->chan), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(t->chan, c3, NULL),
			DMA_ERROR);
	KUNIT_EXPECT_EQ(test, atomic_read(&w3.calls), 0);
	dma330_test_set_gate(t->chan, -1, 0);
	/* The channel still works. */
	check_copy(test, &src, &dst, 0, 0, 100, 5);
	tbuf_free(&src);
	tbuf_free(&dst);
}

/*
 * DMA_PREP_INTERRUPT decides whether a descriptor's end raises an
 * interrupt.  Only programs held at a gate count: on the emulator an
 * ungated program has ended inside the DMAGO write, before the provider
 * could have unmasked anything, so it proves nothing either way.  Each
 * one here is seen still in flight before its gate is released, and runs
 * alone (a queued successor would need the interrupt to start).
 */
static void prep_interrupt_honored(struct kunit *test)
{
	const unsigned int n = 8;
	struct tctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct tbuf src, dst;
	dma_cookie_t cookie;
	struct waiter w;
	enum dma_status st;
	unsigned int k, m, held;
	u64 irqs;

	if (t->gate < 0)
		kunit_skip(test, "no free event for gates");
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &src, 4096), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &dst, 4096), 0);
	to_dev(&src);
	to_dev(&dst);
	gate_arm(test, 8192);	/* one gate, at the start */

	/* No DMA_PREP_INTERRUPT: found complete by polling, no interrupt. */
	dma330_test_get_stats(t->chan, &t->st);
	irqs = t->st.irqs;
	for (k = 0, held = 0; k < n; k++) {
		fill_pattern(src.cpu, 4096, 40 + k);
		to_dev(&src);
		tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 4096,
					       DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL(test, tx);
		cookie = dmaengine_submit(tx);
		dma_async_issue_pending(t->chan);
		usleep_range(2000, 2500);
		st = dma_async_is_tx_complete(t->chan, cookie, NULL, NULL);
		held += st == DMA_IN_PROGRESS;
		dma330_test_release_gate(t->chan, t->gate);
		for (m = 0; m < 100; m++) {
			st = dma_async_is_tx_complete(t->chan, cookie, NULL,
						      NULL);
			if (st == DMA_COMPLETE)
				break;
			usleep_range(1000, 1500);
		}
		KUNIT_ASSERT_EQ(test, st, DMA_COMPLETE);
		to_cpu(&dst);
		KUNIT_ASSERT_EQ(test, memcmp(dst.cpu, src.cpu, 4096), 0);
	}
	KUNIT_EXPECT_EQ_MSG(test, held, n, "not held at the gate");
	dma330_test_get_stats(t->chan, &t->st);
	KUNIT_EXPECT_EQ_MSG(test, t->st.irqs - irqs, 0ULL,
			    "interrupts for %u gated descriptors that did not ask",
			    n);

	/* DMA_PREP_INTERRUPT: exactly one interrupt and one callback each. */
	irqs = t->st.irqs;
	for (k = 0; k < n; k++) {
		KUNIT_ASSERT_EQ(test, dma330_test_set_gate(t->chan, t->gate,
							   8192), 0);
		tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 4096,
					       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL(test, tx);
		KUNIT_EXPECT_EQ(test, run_gated(t->chan, tx, &w, t->gate, 100),
				0);
		KUNIT_EXPECT_EQ(test, atomic_read(&w.calls), 1);
	}
	dma330_test_get_stats(t->chan, &t->st);
	KUNIT_EXPECT_EQ_MSG(test, t->st.irqs - irqs, (u64)n,
			    "interrupts for %u gated descriptors that asked", n);
	dma330_test_set_gate(t->chan, -1, 0);
	tbuf_free(&src);
	tbuf_free(&dst);
}

static void more_vchans_than_threads(struct kunit *test)
{
	struct tctx *t = test->priv;
	struct dma_chan **chans;
	struct waiter *w;
	struct tbuf src, dst;
	unsigned int n = 1, i, k, done;
	u64 waits;

	if (t->gate < 0)
		kunit_skip(test, "no free event for gates");
	chans = kunit_kcalloc(test, 32, sizeof(*chans), GFP_KERNEL);
	w = kunit_kcalloc(test, 32, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, chans);
	KUNIT_ASSERT_NOT_NULL(test, w);
	chans[0] = t->chan;
	while (n < 32 && n < t->st.nvchans) {
		chans[n] = get_chan(DMA_MEMCPY);
		if (!chans[n])
			break;
		n++;
	}
	kunit_info(test, "%u channels held, %u threads\n", n, t->st.nthreads);
	KUNIT_ASSERT_GT(test, n, t->st.nthreads);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &src, 1024), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &dst, n * 1024), 0);
	fill_pattern(src.cpu, 1024, 4);
	memset(dst.cpu, 0, n * 1024);
	to_dev(&src);
	to_dev(&dst);
	dma330_test_get_stats(t->chan, &t->st);
	waits = t->st.thread_waits;
	gate_arm(test, 1024);
	for (i = 0; i < n; i++) {
		struct dma_async_tx_descriptor *tx;

		tx = dmaengine_prep_dma_memcpy(chans[i], dst.dma + i * 1024,
					       src.dma, 1024,
					       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL(test, tx);
		waiter_init(&w[i]);
		tx->callback_result = waiter_cb;
		tx->callback_param = &w[i];
		dmaengine_submit(tx);
		dma_async_issue_pending(chans[i]);
	}
	dma330_test_get_stats(t->chan, &t->st);
	KUNIT_EXPECT_EQ(test, t->st.thread_waits - waits, n - t->st.nthreads);
	for (k = 0, done = 0; k < 4 * n && done < n; k++) {
		dma330_test_release_gate(t->chan, t->gate);
		usleep_range(1000, 1500);
		for (i = 0, done = 0; i < n; i++)
			done += completion_done(&w[i].done);
	}
	KUNIT_EXPECT_EQ(test, done, n);
	dma330_test_set_gate(t->chan, -1, 0);
	to_cpu(&dst);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, memcmp(dst.cpu + i * 1024, src.cpu, 1024),
				0);
	for (i = 1; i < n; i++)
		dma_release_channel(chans[i]);
	tbuf_free(&src);
	tbuf_free(&dst);
}

static void fault_injection(struct kunit *test)
{
	struct tctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct tbuf src, dst;
	struct waiter w;
	u64 faults;
	int ret;

	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &src, 4096), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &dst, 4096 + 2 * GUARD), 0);
	to_dev(&src);
	to_dev(&dst);

	ret = dma330_test_inject(t->chan, false, 1);
	if (ret == -EOPNOTSUPP)
		kunit_skip(test, "no CONFIG_FAULT_INJECTION");
	KUNIT_EXPECT_NULL(test, dmaengine_prep_dma_memcpy(t->chan, dst.dma,
							  src.dma, 64, 0));
	dma330_test_inject(t->chan, false, 0);

	dma330_test_get_stats(t->chan, &t->st);
	faults = t->st.faults;
	KUNIT_ASSERT_EQ(test, dma330_test_inject(t->chan, true, 1), 0);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 4096,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	waiter_init(&w);
	tx->callback_result = waiter_cb;
	tx->callback_param = &w;
	dmaengine_submit(tx);
	dma_async_issue_pending(t->chan);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&w.done, HZ), 0);
	KUNIT_EXPECT_NE(test, w.result, DMA_TRANS_NOERROR);
	dma330_test_inject(t->chan, true, 0);
	dma330_test_get_stats(t->chan, &t->st);
	KUNIT_EXPECT_EQ(test, t->st.faults - faults, 1);
	/* Recovered: the same channel copies again. */
	check_copy(test, &src, &dst, 1, 2, 3000, 8);
	tbuf_free(&src);
	tbuf_free(&dst);
}

static void split_programs(struct kunit *test)
{
	struct tctx *t = test->priv;
	struct dma_interleaved_template *xt;
	struct dma_async_tx_descriptor *tx;
	const size_t rows = 200, chunk = 333, gap = 5;
	struct tbuf src, dst;
	struct waiter w;
	u64 chunks;
	size_t r;

	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &src, 200000), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &dst, 200000 + 2 * GUARD + 8), 0);
	dma330_test_get_stats(t->chan, &t->st);
	chunks = t->st.chunks;
	/* Room for little more than one loop per program. */
	KUNIT_ASSERT_EQ(test, dma330_test_set_prog_size(t->chan, 48), 0);
	check_copy(test, &src, &dst, 3, 1, 199997, 2);
	check_copy(test, &src, &dst, 0, 0, 1, 3);

	/* 200 rows: many programs, run back to back, one callback. */
	xt = kunit_kzalloc(test, struct_size(xt, sgl, 1), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, xt);
	fill_pattern(src.cpu, src.size, 11);
	memset(dst.cpu, 0x5a, dst.size);
	to_dev(&src);
	to_dev(&dst);
	xt->src_start = src.dma + 1;
	xt->dst_start = dst.dma + 2;
	xt->dir = DMA_MEM_TO_MEM;
	xt->src_inc = true;
	xt->dst_inc = true;
	xt->src_sgl = true;
	xt->dst_sgl = true;
	xt->numf = rows;
	xt->frame_size = 1;
	xt->sgl[0].size = chunk;
	xt->sgl[0].src_icg = gap;
	xt->sgl[0].dst_icg = gap + 1;
	tx = dmaengine_prep_interleaved_dma(t->chan, xt,
					    DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_EQ(test, run_tx(t->chan, tx, &w), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&w.calls), 1);
	to_cpu(&dst);
	for (r = 0; r < rows; r++)
		KUNIT_ASSERT_EQ(test,
				memcmp(dst.cpu + 2 + r * (chunk + gap + 1),
				       src.cpu + 1 + r * (chunk + gap), chunk),
				0);
	dma330_test_set_prog_size(t->chan, 0);
	dma330_test_get_stats(t->chan, &t->st);
	kunit_info(test, "%llu extra programs\n", t->st.chunks - chunks);
	KUNIT_EXPECT_GT(test, t->st.chunks - chunks, rows / 4);
	tbuf_free(&src);
	tbuf_free(&dst);
}

static void residue_queued(struct kunit *test)
{
	struct tctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct tbuf src, dst;
	dma_cookie_t c[3];
	enum dma_status st;
	int i;

	if (t->gate < 0)
		kunit_skip(test, "no free event for gates");
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &src, 3000), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &dst, 3000), 0);
	to_dev(&src);
	to_dev(&dst);
	gate_arm(test, 512);
	for (i = 0; i < 3; i++) {
		tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma + i * 1000,
					       src.dma + i * 1000, 1000,
					       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL(test, tx);
		c[i] = dmaengine_submit(tx);
	}
	dma_async_issue_pending(t->chan);
	dma330_test_release_gate(t->chan, t->gate);
	KUNIT_EXPECT_EQ(test, residue_of(t->chan, c[0], &st), 1000 - 512);
	KUNIT_EXPECT_EQ(test, residue_of(t->chan, c[1], &st), 1000);
	KUNIT_EXPECT_EQ(test, st, DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, residue_of(t->chan, c[2], &st), 1000);
	for (i = 0; i < 12; i++)
		dma330_test_release_gate(t->chan, t->gate);
	usleep_range(10000, 11000);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, dmaengine_tx_status(t->chan, c[i], NULL),
				DMA_COMPLETE);
	dma330_test_set_gate(t->chan, -1, 0);
	tbuf_free(&src);
	tbuf_free(&dst);
}

/*
 * Residue at the granularity the device advertises, checked at burst
 * multiples that are no power of two (no 4 KiB or segment boundary hides
 * a coarse residue): a DEV_TO_MEM scatterlist of 4-byte, 4-beat bursts
 * held by gates every 3 bursts.  BURST granularity must be exact there.
 */
static void residue_bursts(struct kunit *test)
{
	static const u32 lens[] = { 400, 208, 592 };	/* whole bursts */
	const u32 burst = 4 * 4, step = 3 * burst, gap = 40;
	struct tctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct dma_slave_config cfg = { };
	struct dma_slave_caps caps;
	struct scatterlist sgl[3];
	struct tbuf fifo, mem;
	struct dma_chan *chan;
	enum dma_status st;
	dma_cookie_t cookie;
	struct waiter w;
	u32 total = 0, start, off, want, got, stops = 0, off_mem;
	unsigned int i;
	size_t k;

	if (t->gate < 0)
		kunit_skip(test, "no free event for gates");
	chan = get_chan(DMA_SLAVE);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_ASSERT_EQ(test, dma_get_slave_caps(chan, &caps), 0);
	kunit_info(test, "residue granularity %d\n", caps.residue_granularity);
	KUNIT_ASSERT_EQ(test, dma330_test_set_periph(chan, test_periph(0)), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &fifo, 64), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &mem, 4096), 0);
	for (k = 0; k < 4; k++)
		fifo.cpu[k] = 0xc0 + k;
	memset(mem.cpu, 0x5a, mem.size);
	to_dev(&fifo);
	to_dev(&mem);
	cfg.src_addr = fifo.dma;
	cfg.src_addr_width = 4;
	cfg.src_maxburst = 4;
	KUNIT_ASSERT_EQ(test, dmaengine_slave_config(chan, &cfg), 0);
	sg_init_table(sgl, 3);
	for (i = 0, off_mem = 0; i < 3; i++) {
		sg_dma_address(&sgl[i]) = mem.dma + off_mem;
		sg_dma_len(&sgl[i]) = lens[i];
		off_mem += lens[i] + gap;
		total += lens[i];
	}
	/* a gate at each entry's start and every 3 bursts inside */
	gate_arm(test, step);
	tx = dmaengine_prep_slave_sg(chan, sgl, 3, DMA_DEV_TO_MEM,
				     DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cookie = submit_waited(chan, tx, &w);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie));
	for (i = 0, start = 0; i < 3; start += lens[i++]) {
		for (off = 0; off < lens[i]; off += step) {
			switch (caps.residue_granularity) {
			case DMA_RESIDUE_GRANULARITY_BURST:
				want = total - start - off;
				break;
			case DMA_RESIDUE_GRANULARITY_SEGMENT:
				want = total - start;
				break;
			default:
				want = total;
				break;
			}
			got = residue_of(chan, cookie, &st);
			KUNIT_EXPECT_EQ_MSG(test, st, DMA_IN_PROGRESS,
					    "entry %u byte %u", i, off);
			KUNIT_EXPECT_EQ_MSG(test, got, want,
					    "residue at entry %u byte %u", i,
					    off);
			stops++;
			dma330_test_release_gate(chan, t->gate);
		}
	}
	KUNIT_EXPECT_EQ(test, stops, 27U);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&w.done, HZ), 0);
	KUNIT_EXPECT_EQ(test, residue_of(chan, cookie, &st), (size_t)0);
	KUNIT_EXPECT_EQ(test, st, DMA_COMPLETE);
	dma330_test_set_gate(chan, -1, 0);
	to_cpu(&mem);
	for (i = 0, off_mem = 0; i < 3; off_mem += lens[i++] + gap) {
		for (k = 0; k < lens[i]; k++)
			KUNIT_ASSERT_EQ_MSG(test, mem.cpu[off_mem + k],
					    (u8)(0xc0 + k % 4),
					    "entry %u byte %zu", i, k);
		for (; k < lens[i] + gap; k++)
			KUNIT_ASSERT_EQ(test, mem.cpu[off_mem + k], 0x5a);
	}
	tbuf_free(&fifo);
	tbuf_free(&mem);
	dma_release_channel(chan);
}

/*
 * A manager fault: a DMAGO to a thread that is running (held at a gate),
 * which the manager must refuse.  The handler clears it (a second one can
 * be raised: the first no longer stands), one interrupt each (a standing
 * fault keeps the abort line high), the transfer in flight is unharmed
 * and the controller still copies.
 */
static void manager_fault(struct kunit *test)
{
	struct tctx *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	struct tbuf src, dst;
	dma_cookie_t cookie;
	struct waiter w;
	u64 faults, irqs;
	unsigned int k;

	if (t->gate < 0)
		kunit_skip(test, "no free event for gates");
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &src, 4096), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &dst, 4096 + 2 * GUARD + 8), 0);
	fill_pattern(src.cpu, 4096, 30);
	memset(dst.cpu, 0, 4096);
	to_dev(&src);
	to_dev(&dst);
	gate_arm(test, 8192);
	tx = dmaengine_prep_dma_memcpy(t->chan, dst.dma, src.dma, 4096,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cookie = submit_waited(t->chan, tx, &w);
	KUNIT_ASSERT_FALSE(test, dma_submit_error(cookie));
	for (k = 0; k < 2; k++) {
		dma330_test_get_stats(t->chan, &t->st);
		faults = t->st.mgr_faults;
		irqs = t->st.irqs;
		KUNIT_ASSERT_EQ_MSG(test, dma330_test_mgr_fault(t->chan), 0,
				    "manager fault %u not raised", k);
		usleep_range(1000, 1500);
		dma330_test_get_stats(t->chan, &t->st);
		KUNIT_EXPECT_EQ_MSG(test, t->st.mgr_faults - faults, 1ULL,
				    "manager faults handled, fault %u", k);
		KUNIT_EXPECT_EQ_MSG(test, t->st.irqs - irqs, 1ULL,
				    "interrupts for manager fault %u", k);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&w.calls), 0);
	dma330_test_release_gate(t->chan, t->gate);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&w.done, HZ), 0);
	KUNIT_EXPECT_EQ(test, w.result, DMA_TRANS_NOERROR);
	dma330_test_set_gate(t->chan, -1, 0);
	to_cpu(&dst);
	KUNIT_EXPECT_EQ(test, memcmp(dst.cpu, src.cpu, 4096), 0);
	check_copy(test, &src, &dst, 3, 1, 3000, 31);
	tbuf_free(&src);
	tbuf_free(&dst);
}

/*
 * device_prep_peripheral_dma_vec on the slave channel slave_sg_widths
 * uses (a memory word as the FIFO): each vector's address and length are
 * honoured, the gaps between them untouched.
 */
static void slave_dma_vec(struct kunit *test)
{
#if DMA330_HAVE_DMA_VEC
	static const size_t lens[] = { 4, 60, 256, 1028, 8 };
	const size_t gap = 36;
	struct dma_vec vecs[ARRAY_SIZE(lens)];
	struct dma_slave_config cfg = { };
	struct dma_async_tx_descriptor *tx;
	struct tbuf fifo, mem;
	struct dma_chan *chan;
	size_t i, k, off;
	struct waiter w;

	chan = get_chan(DMA_SLAVE);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	KUNIT_ASSERT_EQ(test, dma330_test_set_periph(chan, test_periph(0)), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &fifo, 64), 0);
	KUNIT_ASSERT_EQ(test, tbuf_alloc(test, &mem, 4096), 0);
	for (k = 0; k < 4; k++)
		fifo.cpu[k] = 0xd0 + k;
	memset(mem.cpu, 0x5a, mem.size);
	to_dev(&fifo);
	to_dev(&mem);
	cfg.src_addr = fifo.dma;
	cfg.src_addr_width = 4;
	cfg.src_maxburst = 8;
	cfg.dst_addr = fifo.dma;
	cfg.dst_addr_width = 4;
	cfg.dst_maxburst = 8;
	KUNIT_ASSERT_EQ(test, dmaengine_slave_config(chan, &cfg), 0);
	for (i = 0, off = gap; i < ARRAY_SIZE(lens); off += lens[i++] + gap) {
		vecs[i].addr = mem.dma + off;
		vecs[i].len = lens[i];
	}
	tx = dmaengine_prep_peripheral_dma_vec(chan, vecs, ARRAY_SIZE(lens),
					       DMA_DEV_TO_MEM,
					       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_EQ(test, run_tx(chan, tx, &w), 0);
	KUNIT_EXPECT_EQ(test, w.result, DMA_TRANS_NOERROR);
	to_cpu(&mem);
	for (k = 0; k < gap; k++)
		KUNIT_ASSERT_EQ_MSG(test, mem.cpu[k], 0x5a, "byte %zu", k);
	for (i = 0, off = gap; i < ARRAY_SIZE(lens); off += lens[i++] + gap) {
		for (k = 0; k < lens[i]; k++)
			KUNIT_ASSERT_EQ_MSG(test, mem.cpu[off + k],
					    (u8)(0xd0 + k % 4),
					    "vector %zu byte %zu", i, k);
		for (; k < lens[i] + gap; k++)
			KUNIT_ASSERT_EQ_MSG(test, mem.cpu[off + k], 0x5a,
					    "gap after vector %zu byte %zu", i,
					    k - lens[i]);
	}

	/* MEM_TO_DEV: the last beat of the last vector lands in the FIFO. */
	fill_pattern(mem.cpu, mem.size, 32);
	memset(fifo.cpu, 0, fifo.size);
	to_dev(&mem);
	to_dev(&fifo);
	tx = dmaengine_prep_peripheral_dma_vec(chan, vecs, ARRAY_SIZE(lens),
					       DMA_MEM_TO_DEV,
					       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_EQ(test, run_tx(chan, tx, &w), 0);
	to_cpu(&fifo);
	off -= gap + lens[ARRAY_SIZE(lens) - 1];
	KUNIT_EXPECT_EQ(test, memcmp(fifo.cpu,
				     mem.cpu + off + lens[ARRAY_SIZE(lens) - 1] - 4,
				     4), 0);
	tbuf_free(&fifo);
	tbuf_free(&mem);
	dma_release_channel(chan);
#else
	kunit_skip(test, "no device_prep_peripheral_dma_vec before 6.11");
#endif
}

static struct kunit_case dma330_cases[] = {
	KUNIT_CASE(memcpy_alignments),
	KUNIT_CASE(memset_values),
	KUNIT_CASE(interleave_2d),
	KUNIT_CASE(slave_sg_widths),
	KUNIT_CASE(slave_dma_vec),
	KUNIT_CASE(sg64_irqs),
	KUNIT_CASE(config_invalid),
	KUNIT_CASE(prep_interrupt_honored),
	KUNIT_CASE(split_programs),
	KUNIT_CASE(pause_resume_residue),
	KUNIT_CASE(pause_refused_runs_on),
	KUNIT_CASE(residue_queued),
	KUNIT_CASE(residue_bursts),
	KUNIT_CASE(terminate_synchronize),
	KUNIT_CASE(cyclic_paced),
	KUNIT_CASE(more_vchans_than_threads),
	KUNIT_CASE(fault_injection),
	KUNIT_CASE(manager_fault),
	KUNIT_CASE(memcpy_large),
	KUNIT_CASE(memcpy_16m),
	{}
};

static struct kunit_suite dma330_suite = {
	.name = "dma330",
	.init = dma330_test_init,
	.exit = dma330_test_exit,
	.test_cases = dma330_cases,
};

kunit_test_suite(dma330_suite);

MODULE_DESCRIPTION("KUnit tests of the dma330 provider on real hardware");
MODULE_LICENSE("GPL");
