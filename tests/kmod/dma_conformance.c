// SPDX-License-Identifier: GPL-2.0
/*
 * dmaengine conformance suite: a KUnit module that checks a provider
 * through the public client API only, the way in-tree clients use it
 * (SPI, ALSA's snd-dmaengine-pcm, the 8250 UART, async_tx, dmatest).
 * It knows nothing of any provider's internals: channels are chosen by
 * capability and by the "provider" parameter (a device name or a driver
 * name), so the same module runs against any dmaengine driver.
 *
 *   insmod dma_conformance.ko provider=dma-pl330 slave_dev=e0000000.dma-client
 *
 * Results: /sys/kernel/debug/kunit/dma_conformance/results.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/interrupt.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/vmstat.h>

#define WAIT_MS		3000
#define GUARD		64
#define MAX_CHANS	64

static char *provider;
module_param(provider, charp, 0444);
MODULE_PARM_DESC(provider,
		 "use only channels of this device (dev_name) or driver (e.g. dma330, dma-pl330)");

static char *slave_dev;
module_param(slave_dev, charp, 0444);
MODULE_PARM_DESC(slave_dev,
		 "platform device whose firmware node has dmas/dma-names, for slave channels");

static char *slave_name = "rx";
module_param(slave_name, charp, 0444);
MODULE_PARM_DESC(slave_name, "dma-names entry of slave_dev to request (default rx)");

static unsigned int msgs = 20000;
module_param(msgs, uint, 0444);
MODULE_PARM_DESC(msgs, "spi_noack_stream: messages (default 20000)");

static unsigned int msg_len = 256;
module_param(msg_len, uint, 0444);
MODULE_PARM_DESC(msg_len, "spi_noack_stream: bytes per message (default 256)");

static unsigned int leak_kib = 512;
module_param(leak_kib, uint, 0444);
MODULE_PARM_DESC(leak_kib, "spi_noack_stream: memory growth allowed, KiB (default 512)");

static unsigned int slowdown_pct = 200;
module_param(slowdown_pct, uint, 0444);
MODULE_PARM_DESC(slowdown_pct,
		 "spi_noack_stream: last vs first 1000 messages (fastest 100 of each), time allowed in % (default 200)");

static char *only;
module_param(only, charp, 0444);
MODULE_PARM_DESC(only,
		 "run only these comma-separated cases, or with a leading '!' all but these (to split a long run); the others report SKIP");

static char *exclude;
module_param(exclude, charp, 0444);
MODULE_PARM_DESC(exclude,
		 "comma-separated cases not to run (e.g. ones that hang or WARN on this provider); each reports SKIP");

/* A kmalloc'ed buffer mapped for the DMA controller, as dmatest does. */
struct cbuf {
	struct device *dev;
	u8 *cpu;
	dma_addr_t dma;
	size_t size;
};

static void cbuf_free(void *data)
{
	struct cbuf *b = data;

	dma_unmap_single(b->dev, b->dma, b->size, DMA_BIDIRECTIONAL);
	kfree(b->cpu);
	b->cpu = NULL;
}

/* Freed when the case ends, whether it passed or stopped at an assert. */
static struct cbuf *cbuf_new(struct kunit *test, struct dma_chan *chan,
			     size_t size)
{
	struct cbuf *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, b);
	b->dev = chan->device->dev;
	b->size = size;
	b->cpu = kmalloc(size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b->cpu);
	b->dma = dma_map_single(b->dev, b->cpu, size, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(b->dev, b->dma)) {
		kfree(b->cpu);
		KUNIT_FAIL_AND_ABORT(test, "dma_map_single of %zu B failed",
				     size);
	}
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, cbuf_free, b),
			0);
	return b;
}

static void to_dev(struct cbuf *b)
{
	dma_sync_single_for_device(b->dev, b->dma, b->size, DMA_BIDIRECTIONAL);
}

static void to_cpu(struct cbuf *b)
{
	dma_sync_single_for_cpu(b->dev, b->dma, b->size, DMA_BIDIRECTIONAL);
}

static u8 pat(size_t i, u32 seed)
{
	u32 x = (u32)i * 0x9e3779b1u ^ (seed + 1) * 0x85ebca6bu;

	return (x ^ (x >> 13) ^ (x >> 24)) & 0xff;
}

static void fill(u8 *p, size_t n, u32 seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = pat(i, seed);
}

/* Offset of the first byte of @p[0..n) that differs from pattern @seed. */
static long mismatch(const u8 *p, size_t n, u32 seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != pat(i, seed))
			return i;
	return -1;
}

static long mismatch_byte(const u8 *p, size_t n, u8 v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != v)
			return i;
	return -1;
}

static bool conf_match(struct dma_chan *chan, void *param)
{
	struct device *dev = chan->device->dev;

	if (!provider || !*provider)
		return true;
	if (!strcmp(dev_name(dev), provider))
		return true;
	return dev->driver && !strcmp(dev->driver->name, provider);
}

static void chan_put(void *data)
{
	struct dma_chan *chan = data;

	dmaengine_terminate_sync(chan);
	dma_release_channel(chan);
}

/*
 * A channel with @cap of the selected provider, released (after a
 * terminate) when the case ends, or NULL.
 */
static struct dma_chan *conf_request(struct kunit *test,
				     enum dma_transaction_type cap)
{
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	dma_cap_zero(mask);
	dma_cap_set(cap, mask);
	chan = dma_request_channel(mask, conf_match, NULL);
	if (chan && kunit_add_action_or_reset(test, chan_put, chan))
		return NULL;
	return chan;
}

/* A memcpy channel, or the test fails: memcpy is the suite's baseline. */
static struct dma_chan *memcpy_chan(struct kunit *test)
{
	struct dma_chan *chan = conf_request(test, DMA_MEMCPY);

	KUNIT_ASSERT_NOT_NULL_MSG(test, chan, "no DMA_MEMCPY channel of '%s'",
				  provider ?: "any provider");
	return chan;
}

/*
 * A slave channel the way a real client gets one: dma_request_chan() on
 * a device whose firmware node names it (slave_dev/slave_name).
 */
static void put_dev(void *data)
{
	put_device(data);
}

static struct dma_chan *slave_chan(struct kunit *test)
{
	struct dma_chan *chan;
	struct device *dev;

	if (!slave_dev || !*slave_dev)
		kunit_skip(test, "DMA_SLAVE: no slave_dev= client device given");
	dev = bus_find_device_by_name(&platform_bus_type, NULL, slave_dev);
	KUNIT_ASSERT_NOT_NULL_MSG(test, dev, "slave_dev '%s' not found",
				  slave_dev);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, put_dev, dev), 0);
	chan = dma_request_chan(dev, slave_name);
	if (IS_ERR(chan))
		KUNIT_FAIL_AND_ABORT(test, "dma_request_chan(%s, %s): %ld",
				     slave_dev, slave_name, PTR_ERR(chan));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, chan_put, chan),
			0);
	if (!conf_match(chan, NULL))
		KUNIT_FAIL_AND_ABORT(test, "%s's '%s' channel is not %s's",
				     slave_dev, slave_name, provider);
	return chan;
}

/* One callback target: counts, result, residue, and where it ran. */
struct cbrec {
	struct completion done;
	atomic_t calls;
	enum dmaengine_tx_result result;
	u32 residue;
	bool in_irq;
	struct dma_chan *terminate;	/* terminate_async() this channel */
	atomic_t *after;		/* set once terminate has returned */
	atomic_t late;			/* calls seen after *after was set */
};

static void cbrec_init(struct cbrec *r)
{
	init_completion(&r->done);
	atomic_set(&r->calls, 0);
	atomic_set(&r->late, 0);
	r->result = DMA_TRANS_NOERROR;
	r->residue = 0;
	r->in_irq = false;
	r->terminate = NULL;
	r->after = NULL;
}

static void cbrec_result(void *param, const struct dmaengine_result *res)
{
	struct cbrec *r = param;

	if (r->after && atomic_read(r->after))
		atomic_inc(&r->late);
	r->result = res->result;
	r->residue = res->residue;
	r->in_irq |= in_hardirq();
	atomic_inc(&r->calls);
	if (r->terminate) {
		dmaengine_terminate_async(r->terminate);
		if (r->after)
			atomic_set(r->after, 1);
	}
	complete(&r->done);
}

static dma_cookie_t submit_cb(struct dma_async_tx_descriptor *tx,
			      struct cbrec *r)
{
	tx->callback_result = cbrec_result;
	tx->callback_param = r;
	return dmaengine_submit(tx);
}

static bool wait_cb(struct cbrec *r)
{
	return wait_for_completion_timeout(&r->done,
					   msecs_to_jiffies(WAIT_MS)) > 0;
}

/* ---------------------------------------------------------------- SPI */

static void spi_cb(void *param)
{
	complete(param);
}

static unsigned long used_kib(void)
{
	unsigned long pages = totalram_pages() -
			      global_zone_page_state(NR_FREE_PAGES);

	return pages << (PAGE_SHIFT - 10);
}

static unsigned long slab_kib(void)
{
	return (global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B) +
		global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B)) <<
	       (PAGE_SHIFT - 10);
}

/*
 * spi-rockchip / spi-s3c64xx: one descriptor per message, prepared with
 * DMA_PREP_INTERRUPT and no DMA_CTRL_ACK (the client never acks: the
 * provider owns the descriptor once submitted), a callback completing
 * the message, a timeout that terminates the channel.  Thousands of
 * messages must not cost more, nor hold more memory, at the end than at
 * the start.  Cost is compared on the fastest 100 messages of the first
 * and of the last 1000: a vCPU the host preempts for a while slows some
 * stretches of either, a provider whose every prep grows dearer slows
 * them all.
 */
static void spi_noack_stream(struct kunit *test)
{
	struct dma_async_tx_descriptor *tx;
	struct dma_chan *chan = memcpy_chan(test);
	struct completion done;
	struct cbuf *src, *dst;
	unsigned int i, warm = 1000, win = 1000, sub = 100, bad = 0, more = 0;
	unsigned int nmsgs = msgs;
	u64 t0 = 0, ts = 0, first = 0, last = 0, now;
	u64 first_min = U64_MAX, last_min = U64_MAX;
	long used0 = 0, slab0 = 0, dused, dslab;
	dma_cookie_t cookie;

	if (nmsgs < warm + 2 * win)
		nmsgs = warm + 2 * win;
	src = cbuf_new(test, chan, msg_len);
	dst = cbuf_new(test, chan, msg_len);
	init_completion(&done);
	for (i = 0; i < nmsgs; i++) {
		if (i == warm) {
			used0 = used_kib();
			slab0 = slab_kib();
		}
		if (i == warm || i == nmsgs - win)
			t0 = ktime_get_ns();
		if ((i >= warm && i < warm + win && !((i - warm) % sub)) ||
		    (i >= nmsgs - win && !((i - (nmsgs - win)) % sub)))
			ts = ktime_get_ns();
		src->cpu[0] = i;
		src->cpu[msg_len - 1] = i >> 8;
		if (i == warm)
			fill(src->cpu + 1, msg_len - 2, i);
		to_dev(src);
		tx = dmaengine_prep_dma_memcpy(chan, dst->dma, src->dma, msg_len,
					       DMA_PREP_INTERRUPT);
		if (!tx) {
			KUNIT_FAIL(test, "message %u: prep failed", i);
			break;
		}
		reinit_completion(&done);
		tx->callback = spi_cb;
		tx->callback_param = &done;
		cookie = dmaengine_submit(tx);
		if (dma_submit_error(cookie)) {
			KUNIT_FAIL(test, "message %u: submit: %d", i, cookie);
			break;
		}
		dma_async_issue_pending(chan);
		if (!wait_for_completion_timeout(&done,
						 msecs_to_jiffies(WAIT_MS))) {
			dmaengine_terminate_sync(chan);
			KUNIT_FAIL(test, "message %u: timed out", i);
			break;
		}
		to_cpu(dst);
		if (dst->cpu[0] != (u8)i || dst->cpu[msg_len - 1] != (u8)(i >> 8) ||
		    (i >= warm && memcmp(dst->cpu + 1, src->cpu + 1, msg_len - 2)))
			bad++;
		now = ktime_get_ns();
		if (i >= warm && i < warm + win && !((i - warm + 1) % sub))
			first_min = min(first_min, now - ts);
		if (i >= nmsgs - win && !((i - (nmsgs - win) + 1) % sub))
			last_min = min(last_min, now - ts);
		if (i == warm + win - 1)
			first = now - t0;
		if (i == nmsgs - 1)
			last = now - t0;
		/*
		 * Slower at the end: run up to two more windows, the tail's
		 * fastest stretch judged over all of them.  A host that
		 * stalled the vCPU through one window lets go; a provider
		 * whose every prep grows dearer is slower still there.
		 */
		if (i == nmsgs - 1 && more < 2 &&
		    last_min * 100 > first_min * slowdown_pct) {
			kunit_info(test, "fastest %u of the last %u: %llu ns, of the first %llu ns: %u more\n",
				   sub, win, last_min, first_min, win);
			nmsgs += win;
			more++;
		}
	}
	first = div_u64(first, 1000);
	last = div_u64(last, 1000);
	first_min = div_u64(first_min, 1000);
	last_min = div_u64(last_min, 1000);
	dused = (long)used_kib() - used0;
	dslab = (long)slab_kib() - slab0;
	kunit_info(test,
		   "%u messages of %u B: first %u after warm-up %llu us (fastest %u: %llu us), last %u %llu us (fastest %u: %llu us); memory +%ld KiB (slab +%ld KiB)\n",
		   i, msg_len, win, first, sub, first_min, win, last, sub,
		   last_min, dused, dslab);
	KUNIT_EXPECT_EQ(test, i, nmsgs);
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "messages with wrong data");
	if (i == nmsgs)
		KUNIT_EXPECT_LE_MSG(test, last_min * 100,
				    first_min * slowdown_pct,
				    "the fastest %u of the last %u messages took %llu us, of the first %llu us",
				    sub, win, last_min, first_min);
	KUNIT_EXPECT_LE_MSG(test, dused, (long)leak_kib,
			    "memory grew by %ld KiB over %u messages", dused,
			    i - warm);
	KUNIT_EXPECT_LE_MSG(test, dslab, (long)leak_kib,
			    "slab grew by %ld KiB over %u messages", dslab,
			    i - warm);
}

/* ------------------------------------------------------------ dmatest */

/* Odd lengths and offsets, as dmatest picks them, and some word ones. */
static const struct {
	u16 soff, doff, len;
} odd_cases[] = {
	{ 0, 0, 1 }, { 1, 0, 1 }, { 0, 3, 2 }, { 3, 1, 3 }, { 0, 0, 4 },
	{ 2, 2, 5 }, { 1, 2, 7 }, { 5, 6, 31 }, { 0, 1, 64 }, { 7, 0, 255 },
	{ 4, 4, 256 }, { 3, 7, 1021 }, { 0, 0, 1024 }, { 1, 3, 4093 },
	{ 6, 2, 4096 },
};

#define ODD_BUF	(4096 + 2 * GUARD + 8)

static bool aligned_for(u8 align, unsigned int so, unsigned int dof,
			unsigned int len)
{
	unsigned int m = (1u << align) - 1;

	return !((so | dof | len) & m);
}

/*
 * dmatest: memcpy between random offsets of two buffers, the source
 * untouched, the destination right inside the range and untouched
 * outside it (dmatest's PATTERN_OVERWRITE / PATTERN_SRC checks).
 */
static void memcpy_odd(struct kunit *test)
{
	struct dma_chan *chan = memcpy_chan(test);
	struct dma_async_tx_descriptor *tx;
	u8 align = chan->device->copy_align;
	struct cbuf *src, *dst;
	struct cbrec r;
	unsigned int k, ran = 0;
	long at;

	src = cbuf_new(test, chan, ODD_BUF);
	dst = cbuf_new(test, chan, ODD_BUF);
	for (k = 0; k < ARRAY_SIZE(odd_cases); k++) {
		unsigned int so = GUARD + odd_cases[k].soff;
		unsigned int dof = GUARD + odd_cases[k].doff;
		unsigned int len = odd_cases[k].len;

		if (!aligned_for(align, so, dof, len))
			continue;
		ran++;
		fill(src->cpu, ODD_BUF, k);
		memset(dst->cpu, 0xa5, ODD_BUF);
		to_dev(src);
		to_dev(dst);
		tx = dmaengine_prep_dma_memcpy(chan, dst->dma + dof,
					       src->dma + so, len,
					       DMA_PREP_INTERRUPT |
					       DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL_MSG(test, tx, "prep %u B", len);
		cbrec_init(&r);
		KUNIT_ASSERT_GE(test, submit_cb(tx, &r), 0);
		dma_async_issue_pending(chan);
		KUNIT_ASSERT_TRUE_MSG(test, wait_cb(&r), "%u B: no callback",
				      len);
		to_cpu(src);
		to_cpu(dst);
		KUNIT_EXPECT_EQ(test, r.result, DMA_TRANS_NOERROR);
		KUNIT_EXPECT_FALSE_MSG(test, r.in_irq,
				       "callback in hard interrupt context");
		KUNIT_EXPECT_EQ_MSG(test, mismatch(src->cpu, ODD_BUF, k), -1,
				    "%u B src+%u: source changed", len, so);
		at = mismatch_byte(dst->cpu, dof, 0xa5);
		KUNIT_EXPECT_EQ_MSG(test, at, -1,
				    "%u B %u->%u: byte %ld before the range written",
				    len, so, dof, at);
		at = mismatch_byte(dst->cpu + dof + len, ODD_BUF - dof - len,
				   0xa5);
		KUNIT_EXPECT_EQ_MSG(test, at, -1,
				    "%u B %u->%u: byte %ld after the range written",
				    len, so, dof, at);
		KUNIT_EXPECT_EQ_MSG(test,
				    memcmp(dst->cpu + dof, src->cpu + so, len), 0,
				    "%u B %u->%u: wrong data", len, so, dof);
	}
	kunit_info(test, "%u of %zu layouts (copy_align %u)\n", ran,
		   ARRAY_SIZE(odd_cases), 1u << align);
	KUNIT_EXPECT_GT(test, ran, 0);
}

/* dmatest's memset pass (dmatest=1): the same layout checks. */
static void memset_odd(struct kunit *test)
{
	struct dma_async_tx_descriptor *tx;
	struct dma_chan *chan;
	struct cbuf *dst;
	struct cbrec r;
	unsigned int k, ran = 0;
	u8 align, v;
	long at;

	chan = conf_request(test, DMA_MEMSET);
	if (!chan)
		kunit_skip(test, "no DMA_MEMSET capability");
	align = chan->device->fill_align;
	dst = cbuf_new(test, chan, ODD_BUF);
	for (k = 0; k < ARRAY_SIZE(odd_cases); k++) {
		unsigned int dof = GUARD + odd_cases[k].doff;
		unsigned int len = odd_cases[k].len;

		if (!aligned_for(align, dof, dof, len))
			continue;
		ran++;
		v = 0x10 + k;
		memset(dst->cpu, 0xa5, ODD_BUF);
		to_dev(dst);
		tx = dmaengine_prep_dma_memset(chan, dst->dma + dof, v, len,
					       DMA_PREP_INTERRUPT |
					       DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL_MSG(test, tx, "prep %u B", len);
		cbrec_init(&r);
		KUNIT_ASSERT_GE(test, submit_cb(tx, &r), 0);
		dma_async_issue_pending(chan);
		KUNIT_ASSERT_TRUE_MSG(test, wait_cb(&r), "%u B: no callback",
				      len);
		to_cpu(dst);
		KUNIT_EXPECT_EQ(test, r.result, DMA_TRANS_NOERROR);
		at = mismatch_byte(dst->cpu, dof, 0xa5);
		KUNIT_EXPECT_EQ_MSG(test, at, -1,
				    "%u B at %u: byte %ld before the range written",
				    len, dof, at);
		at = mismatch_byte(dst->cpu + dof + len, ODD_BUF - dof - len,
				   0xa5);
		KUNIT_EXPECT_EQ_MSG(test, at, -1,
				    "%u B at %u: byte %ld after the range written",
				    len, dof, at);
		at = mismatch_byte(dst->cpu + dof, len, v);
		KUNIT_EXPECT_EQ_MSG(test, at, -1,
				    "%u B at %u: byte %ld not set", len, dof, at);
	}
	kunit_info(test, "%u of %zu layouts (fill_align %u)\n", ran,
		   ARRAY_SIZE(odd_cases), 1u << align);
	KUNIT_EXPECT_GT(test, ran, 0);
}

/* ----------------------------------------------------------- async_tx */

/*
 * async_tx / dmatest polled=1: no DMA_PREP_INTERRUPT, no callback; the
 * client polls dma_sync_wait() (which issues) or tx_status until
 * DMA_COMPLETE.  A provider must complete such descriptors too.
 */
static void poll_no_interrupt(struct kunit *test)
{
	struct dma_chan *chan = memcpy_chan(test);
	struct dma_async_tx_descriptor *tx;
	struct dma_tx_state state;
	enum dma_status st;
	struct cbuf *src, *dst;
	dma_cookie_t cookie;
	unsigned int i, spins;

	src = cbuf_new(test, chan, 1024);
	dst = cbuf_new(test, chan, 1024);
	for (i = 0; i < 64; i++) {
		fill(src->cpu, 1024, i);
		memset(dst->cpu, 0, 1024);
		to_dev(src);
		to_dev(dst);
		tx = dmaengine_prep_dma_memcpy(chan, dst->dma, src->dma, 1024,
					       DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL(test, tx);
		cookie = dmaengine_submit(tx);
		KUNIT_ASSERT_GE(test, cookie, 0);
		if (i & 1) {
			/* async_tx's way: dma_sync_wait() issues and polls */
			st = dma_sync_wait(chan, cookie);
		} else {
			dma_async_issue_pending(chan);
			spins = 0;
			do {
				st = dmaengine_tx_status(chan, cookie, &state);
				if (st == DMA_COMPLETE || st == DMA_ERROR)
					break;
				usleep_range(10, 20);
			} while (++spins < 100000);
			if (st == DMA_COMPLETE)
				KUNIT_EXPECT_EQ(test, state.residue, 0);
		}
		KUNIT_ASSERT_EQ_MSG(test, st, DMA_COMPLETE,
				    "transfer %u polled to status %d", i, st);
		to_cpu(dst);
		KUNIT_ASSERT_EQ_MSG(test, mismatch(dst->cpu, 1024, i), -1,
				    "transfer %u: wrong data", i);
		KUNIT_EXPECT_EQ(test, dma_async_is_tx_complete(chan, cookie,
							       NULL, NULL),
				DMA_COMPLETE);
	}
}

/* ------------------------------------------------------ descriptor reuse */

/*
 * DMA_CTRL_REUSE (dmaengine_desc_set_reuse): one descriptor submitted
 * again and again, each submission a real transfer of the source as it
 * is then; dmaengine_desc_free() releases it.
 */
static void desc_reuse(struct kunit *test)
{
	struct dma_chan *chan = memcpy_chan(test);
	struct dma_async_tx_descriptor *tx;
	struct dma_slave_caps caps;
	struct cbuf *src, *dst;
	struct cbrec r;
	dma_cookie_t cookie;
	unsigned int k;

	if (dma_get_slave_caps(chan, &caps) || !caps.descriptor_reuse)
		kunit_skip(test, "no descriptor_reuse capability");
	src = cbuf_new(test, chan, 512);
	dst = cbuf_new(test, chan, 512);
	tx = dmaengine_prep_dma_memcpy(chan, dst->dma, src->dma, 512,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_EQ(test, dmaengine_desc_set_reuse(tx), 0);
	for (k = 0; k < 3; k++) {
		fill(src->cpu, 512, 100 + k);
		memset(dst->cpu, 0, 512);
		to_dev(src);
		to_dev(dst);
		cbrec_init(&r);
		cookie = submit_cb(tx, &r);
		KUNIT_ASSERT_GE_MSG(test, cookie, 0, "submission %u", k + 1);
		dma_async_issue_pending(chan);
		KUNIT_ASSERT_TRUE_MSG(test, wait_cb(&r),
				      "submission %u: no callback", k + 1);
		KUNIT_EXPECT_EQ(test, r.result, DMA_TRANS_NOERROR);
		KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, NULL),
				DMA_COMPLETE);
		to_cpu(dst);
		KUNIT_EXPECT_EQ_MSG(test, mismatch(dst->cpu, 512, 100 + k), -1,
				    "submission %u of a reused descriptor: data not moved",
				    k + 1);
	}
	KUNIT_EXPECT_EQ(test, dmaengine_desc_free(tx), 0);
}

/* ----------------------------------------------------------- terminate */

/*
 * A client terminating from its completion callback (client.rst allows
 * terminate_async there) with more work queued behind: no callback of
 * an incomplete transfer, none at all once terminate has returned, a
 * status that says what really happened, then dmaengine_synchronize()
 * and a channel that still works.
 */
static void terminate_in_callback(struct kunit *test)
{
	struct dma_chan *chan = memcpy_chan(test);
	struct dma_async_tx_descriptor *tx;
	struct cbrec r[4];
	struct cbuf *src, *dst;
	dma_cookie_t cookie[4];
	atomic_t after;
	unsigned int k, moved = 0, late = 0, calls[4];
	enum dma_status st;
	bool whole;

	src = cbuf_new(test, chan, 4 * 4096);
	dst = cbuf_new(test, chan, 4 * 4096);
	fill(src->cpu, 4 * 4096, 7);
	memset(dst->cpu, 0, 4 * 4096);
	to_dev(src);
	to_dev(dst);
	atomic_set(&after, 0);
	for (k = 0; k < 4; k++) {
		tx = dmaengine_prep_dma_memcpy(chan, dst->dma + k * 4096,
					       src->dma + k * 4096, 4096,
					       DMA_PREP_INTERRUPT |
					       DMA_CTRL_ACK);
		KUNIT_ASSERT_NOT_NULL(test, tx);
		cbrec_init(&r[k]);
		r[k].after = &after;
		if (!k)
			r[k].terminate = chan;
		cookie[k] = submit_cb(tx, &r[k]);
		KUNIT_ASSERT_GE(test, cookie[k], 0);
	}
	dma_async_issue_pending(chan);
	KUNIT_ASSERT_TRUE_MSG(test, wait_cb(&r[0]), "no first callback");
	dmaengine_synchronize(chan);
	to_cpu(dst);
	for (k = 1; k < 4; k++) {
		whole = !memcmp(dst->cpu + k * 4096, src->cpu + k * 4096, 4096);
		moved += whole;
		st = dmaengine_tx_status(chan, cookie[k], NULL);
		late += atomic_read(&r[k].late);
		if (atomic_read(&r[k].calls))
			KUNIT_EXPECT_TRUE_MSG(test, whole,
					      "transfer %u called back but did not complete",
					      k);
		KUNIT_EXPECT_LE(test, atomic_read(&r[k].calls), 1);
		if (!whole)
			KUNIT_EXPECT_NE_MSG(test, st, DMA_COMPLETE,
					    "transfer %u is DMA_COMPLETE but moved nothing",
					    k);
	}
	kunit_info(test,
		   "queued transfers complete before the terminate: %u of 3, called back after it: %u\n",
		   moved, late);
	/* after synchronize: nothing runs, nothing calls back */
	for (k = 1; k < 4; k++)
		calls[k] = atomic_read(&r[k].calls);
	msleep(20);
	for (k = 1; k < 4; k++)
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&r[k].calls), calls[k],
				    "transfer %u called back after synchronize", k);
	/* the channel still works */
	memset(dst->cpu, 0, 4096);
	to_dev(dst);
	tx = dmaengine_prep_dma_memcpy(chan, dst->dma, src->dma, 4096,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cbrec_init(&r[0]);
	KUNIT_ASSERT_GE(test, submit_cb(tx, &r[0]), 0);
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_TRUE_MSG(test, wait_cb(&r[0]),
			      "channel dead after terminate in callback");
	to_cpu(dst);
	KUNIT_EXPECT_EQ(test, memcmp(dst->cpu, src->cpu, 4096), 0);
}

/*
 * Terminate with work submitted but not issued (a client's error path
 * after dmaengine_submit()): it must never run nor call back, and its
 * status must not claim it completed; work submitted after it runs.
 */
static void terminate_unissued(struct kunit *test)
{
	struct dma_chan *chan = memcpy_chan(test);
	struct dma_async_tx_descriptor *tx;
	struct dma_tx_state state;
	struct cbuf *src, *dst;
	struct cbrec r, r2;
	dma_cookie_t cookie;
	enum dma_status st;

	src = cbuf_new(test, chan, 2 * 2048);
	dst = cbuf_new(test, chan, 2 * 2048);
	fill(src->cpu, 2 * 2048, 3);
	memset(dst->cpu, 0, 2 * 2048);
	to_dev(src);
	to_dev(dst);
	tx = dmaengine_prep_dma_memcpy(chan, dst->dma, src->dma, 2048,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cbrec_init(&r);
	cookie = submit_cb(tx, &r);
	KUNIT_ASSERT_GE(test, cookie, 0);
	msleep(20);
	state.residue = 0;
	st = dmaengine_tx_status(chan, cookie, &state);
	KUNIT_EXPECT_NE_MSG(test, st, DMA_COMPLETE,
			    "submitted, never issued, yet complete");
	/* residue: "the number of bytes left to transfer" (dmaengine.h) */
	KUNIT_EXPECT_EQ_MSG(test, state.residue, 2048,
			    "residue of a transfer that has not started");
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	st = dmaengine_tx_status(chan, cookie, NULL);
	KUNIT_EXPECT_NE_MSG(test, st, DMA_COMPLETE,
			    "terminated before it started, yet DMA_COMPLETE");
	/* new work after the terminate: only it runs */
	tx = dmaengine_prep_dma_memcpy(chan, dst->dma + 2048, src->dma + 2048,
				       2048, DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cbrec_init(&r2);
	KUNIT_ASSERT_GE(test, submit_cb(tx, &r2), 0);
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_TRUE(test, wait_cb(&r2));
	msleep(20);
	to_cpu(dst);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&r.calls), 0,
			    "terminated transfer called back");
	KUNIT_EXPECT_EQ_MSG(test, mismatch_byte(dst->cpu, 2048, 0), -1,
			    "terminated, never issued, yet it ran");
	KUNIT_EXPECT_EQ_MSG(test, memcmp(dst->cpu + 2048, src->cpu + 2048, 2048),
			    0, "the transfer after the terminate did not run");
}

/* ------------------------------------------------------------ channels */

struct chan_job {
	struct dma_chan *chan;
	struct cbuf *src, *dst;
	struct cbrec r[4];
};

/* dmatest threads_per_chan=1 on every channel: all of them at once. */
static void many_channels(struct kunit *test)
{
	struct dma_async_tx_descriptor *tx;
	struct chan_job *jobs;
	unsigned int n = 0, i, k, round, bad = 0;
	const unsigned int len = 2048;

	jobs = kunit_kcalloc(test, MAX_CHANS, sizeof(*jobs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, jobs);
	while (n < MAX_CHANS) {
		jobs[n].chan = conf_request(test, DMA_MEMCPY);
		if (!jobs[n].chan)
			break;
		n++;
	}
	KUNIT_ASSERT_GT_MSG(test, n, 0, "no DMA_MEMCPY channel");
	for (i = 0; i < n; i++) {
		jobs[i].src = cbuf_new(test, jobs[i].chan, 4 * len);
		jobs[i].dst = cbuf_new(test, jobs[i].chan, 4 * len);
	}
	for (round = 0; round < 8; round++) {
		for (i = 0; i < n; i++) {
			struct chan_job *j = &jobs[i];

			fill(j->src->cpu, 4 * len, round * MAX_CHANS + i);
			memset(j->dst->cpu, 0, 4 * len);
			to_dev(j->src);
			to_dev(j->dst);
			for (k = 0; k < 4; k++) {
				tx = dmaengine_prep_dma_memcpy(j->chan,
							       j->dst->dma + k * len,
							       j->src->dma + k * len,
							       len,
							       DMA_PREP_INTERRUPT |
							       DMA_CTRL_ACK);
				KUNIT_ASSERT_NOT_NULL(test, tx);
				cbrec_init(&j->r[k]);
				KUNIT_ASSERT_GE(test, submit_cb(tx, &j->r[k]), 0);
			}
		}
		for (i = 0; i < n; i++)
			dma_async_issue_pending(jobs[i].chan);
		for (i = 0; i < n; i++) {
			struct chan_job *j = &jobs[i];

			for (k = 0; k < 4; k++)
				KUNIT_ASSERT_TRUE_MSG(test, wait_cb(&j->r[k]),
						      "channel %u transfer %u: no callback",
						      i, k);
			to_cpu(j->dst);
			if (memcmp(j->dst->cpu, j->src->cpu, 4 * len))
				bad++;
		}
	}
	kunit_info(test, "%u channels x 8 rounds x 4 transfers\n", n);
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "channel-rounds with wrong data");
}

/* ---------------------------------------------------------- edge cases */

/*
 * What clients do without thinking about it: terminate and synchronize
 * an idle channel (twice), ask the status of old cookies, pause an idle
 * channel, read caps.
 */
static void idle_channel_calls(struct kunit *test)
{
	struct dma_chan *chan = memcpy_chan(test);
	struct dma_async_tx_descriptor *tx;
	struct dma_slave_caps caps;
	struct dma_tx_state state;
	struct cbuf *src, *dst;
	dma_cookie_t c1, c2;
	struct cbrec r;
	int ret;

	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_async(chan), 0);
	dmaengine_synchronize(chan);
	ret = dma_get_slave_caps(chan, &caps);
	KUNIT_EXPECT_TRUE_MSG(test, !ret || ret == -ENXIO,
			      "dma_get_slave_caps: %d", ret);
	if (!ret && caps.cmd_pause) {
		ret = dmaengine_pause(chan);
		KUNIT_EXPECT_TRUE_MSG(test, !ret || ret == -EINVAL,
				      "pause of an idle channel: %d", ret);
		if (!ret && caps.cmd_resume)
			KUNIT_EXPECT_EQ(test, dmaengine_resume(chan), 0);
		dmaengine_terminate_sync(chan);
	}

	src = cbuf_new(test, chan, 256);
	dst = cbuf_new(test, chan, 256);
	fill(src->cpu, 256, 9);
	to_dev(src);
	tx = dmaengine_prep_dma_memcpy(chan, dst->dma, src->dma, 256,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cbrec_init(&r);
	c1 = submit_cb(tx, &r);
	KUNIT_ASSERT_GE(test, c1, 0);
	dma_async_issue_pending(chan);
	KUNIT_ASSERT_TRUE(test, wait_cb(&r));
	tx = dmaengine_prep_dma_memcpy(chan, dst->dma, src->dma, 256,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cbrec_init(&r);
	c2 = submit_cb(tx, &r);
	KUNIT_EXPECT_GT_MSG(test, c2, c1, "cookies must increase");
	dma_async_issue_pending(chan);
	KUNIT_ASSERT_TRUE(test, wait_cb(&r));
	KUNIT_EXPECT_EQ(test, atomic_read(&r.calls), 1);
	/* an old cookie is complete, with nothing left */
	state.residue = 1;
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, c1, &state),
			DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, state.residue, 0);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, c2, NULL),
			DMA_COMPLETE);
	/* terminate after completion does not undo it */
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, c2, NULL),
			DMA_COMPLETE);
	to_cpu(dst);
	KUNIT_EXPECT_EQ(test, mismatch(dst->cpu, 256, 9), -1);
}

/*
 * dma_async_issue_pending() with nothing queued (a client that issues
 * from a completion path, or twice): harmless, and the channel works.
 */
static void issue_idle(struct kunit *test)
{
	struct dma_chan *chan = memcpy_chan(test);
	struct dma_async_tx_descriptor *tx;
	struct cbuf *src, *dst;
	struct cbrec r;

	dma_async_issue_pending(chan);
	src = cbuf_new(test, chan, 256);
	dst = cbuf_new(test, chan, 256);
	fill(src->cpu, 256, 11);
	to_dev(src);
	tx = dmaengine_prep_dma_memcpy(chan, dst->dma, src->dma, 256,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cbrec_init(&r);
	KUNIT_ASSERT_GE(test, submit_cb(tx, &r), 0);
	dma_async_issue_pending(chan);
	dma_async_issue_pending(chan);	/* twice */
	KUNIT_ASSERT_TRUE(test, wait_cb(&r));
	dma_async_issue_pending(chan);	/* after completion */
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&r.calls), 1);
	to_cpu(dst);
	KUNIT_EXPECT_EQ(test, mismatch(dst->cpu, 256, 11), -1);
}

/* -------------------------------------------------------------- slave */

/*
 * The "peripheral" of the slave cases is a word of RAM given as the
 * device address (no increment on the device side), so what the channel
 * moved can be checked: the request line of slave_dev's channel is what
 * paces it, and on silicon that would be the peripheral's FIFO.
 */
static void slave_config_fifo(struct dma_chan *chan, dma_addr_t fifo)
{
	struct dma_slave_config cfg = {
		.direction = DMA_DEV_TO_MEM,
		.src_addr = fifo,
		.src_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES,
		.src_maxburst = 1,
	};

	dmaengine_slave_config(chan, &cfg);
}

/*
 * 8250_dma RX flush: pause, read the residue (bytes received = length -
 * residue), terminate.  The received bytes must be there and the residue
 * must agree with them; a completed transfer reads DMA_COMPLETE with
 * residue 0.
 */
static void rx_flush_residue(struct kunit *test)
{
	struct dma_async_tx_descriptor *tx;
	struct dma_slave_caps caps;
	struct dma_tx_state state;
	struct cbuf *fifo, *buf;
	struct dma_chan *chan;
	dma_cookie_t cookie;
	enum dma_status st;
	struct cbrec r;
	size_t got;

	chan = slave_chan(test);
	KUNIT_ASSERT_EQ(test, dma_get_slave_caps(chan, &caps), 0);
	fifo = cbuf_new(test, chan, 64);
	buf = cbuf_new(test, chan, 1024);
	memset(fifo->cpu, 0x5a, 64);
	memset(buf->cpu, 0, 1024);
	to_dev(fifo);
	to_dev(buf);
	slave_config_fifo(chan, fifo->dma);
	tx = dmaengine_prep_slave_single(chan, buf->dma, 1024, DMA_DEV_TO_MEM,
					 DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	cbrec_init(&r);
	cookie = submit_cb(tx, &r);
	KUNIT_ASSERT_GE(test, cookie, 0);
	dma_async_issue_pending(chan);
	/* the UART's RX timeout fired: flush */
	if (caps.cmd_pause)
		KUNIT_EXPECT_EQ(test, dmaengine_pause(chan), 0);
	st = dmaengine_tx_status(chan, cookie, &state);
	KUNIT_EXPECT_TRUE_MSG(test, st == DMA_COMPLETE || st == DMA_PAUSED ||
			      (!caps.cmd_pause && st == DMA_IN_PROGRESS),
			      "status %d after pause", st);
	KUNIT_EXPECT_LE(test, state.residue, 1024);
	got = 1024 - min_t(u32, state.residue, 1024);
	dmaengine_terminate_async(chan);
	dmaengine_synchronize(chan);
	to_cpu(buf);
	KUNIT_EXPECT_EQ_MSG(test, mismatch_byte(buf->cpu, got, 0x5a), -1,
			    "residue %u says %zu bytes arrived", state.residue,
			    got);
	if (st == DMA_COMPLETE) {
		KUNIT_EXPECT_EQ(test, state.residue, 0);
		KUNIT_EXPECT_EQ(test, mismatch_byte(buf->cpu, 1024, 0x5a), -1);
	}
	kunit_info(test, "status %d, residue %u after pause\n", st,
		   state.residue);
}

struct cyc {
	atomic_t periods;
	bool in_irq;
};

static void cyclic_cb(void *param)
{
	struct cyc *c = param;

	c->in_irq |= in_hardirq();
	atomic_inc(&c->periods);
}

/* Wait up to 2 s for @c to pass @n period callbacks. */
static bool cyc_wait(struct cyc *c, int n)
{
	unsigned int k;

	for (k = 0; k < 400 && atomic_read(&c->periods) < n; k++)
		usleep_range(5000, 5500);
	return atomic_read(&c->periods) >= n;
}

/*
 * snd-dmaengine-pcm: a cyclic DEV_TO_MEM ring of periods, one callback a
 * period, the position from the residue, pause/resume (PCM's
 * SNDRV_PCM_TRIGGER_PAUSE_PUSH) with DMA_PAUSED reported while paused
 * (8250_dma's flush relies on it), terminate_async from the trigger and
 * synchronize from hw_free.
 */
static void cyclic_pcm(struct kunit *test)
{
	struct dma_async_tx_descriptor *tx;
	struct dma_slave_caps caps;
	struct dma_tx_state state;
	struct cbuf *fifo, *ring;
	struct dma_chan *chan;
	dma_cookie_t cookie;
	enum dma_status st;
	struct cyc c = { };
	int n;

	chan = slave_chan(test);
	if (!dma_has_cap(DMA_CYCLIC, chan->device->cap_mask))
		kunit_skip(test, "no DMA_CYCLIC capability");
	KUNIT_ASSERT_EQ(test, dma_get_slave_caps(chan, &caps), 0);
	fifo = cbuf_new(test, chan, 64);
	ring = cbuf_new(test, chan, 4 * 1024);
	memset(fifo->cpu, 0x3c, 64);
	memset(ring->cpu, 0, 4 * 1024);
	to_dev(fifo);
	to_dev(ring);
	slave_config_fifo(chan, fifo->dma);
	tx = dmaengine_prep_dma_cyclic(chan, ring->dma, 4 * 1024, 1024,
				       DMA_DEV_TO_MEM, DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tx->callback = cyclic_cb;
	tx->callback_param = &c;
	cookie = dmaengine_submit(tx);
	KUNIT_ASSERT_GE(test, cookie, 0);
	dma_async_issue_pending(chan);
	KUNIT_EXPECT_TRUE_MSG(test, cyc_wait(&c, 8),
			      "%d period callbacks in 2 s",
			      atomic_read(&c.periods));
	st = dmaengine_tx_status(chan, cookie, &state);
	KUNIT_EXPECT_TRUE_MSG(test, st == DMA_IN_PROGRESS || st == DMA_PAUSED,
			      "running cyclic status %d", st);
	KUNIT_EXPECT_LE(test, state.residue, 4 * 1024);
	if (caps.cmd_pause) {
		KUNIT_EXPECT_EQ(test, dmaengine_pause(chan), 0);
		msleep(20);
		n = atomic_read(&c.periods);
		st = dmaengine_tx_status(chan, cookie, &state);
		KUNIT_EXPECT_EQ_MSG(test, st, DMA_PAUSED,
				    "paused cyclic reads status %d", st);
		KUNIT_EXPECT_LE(test, state.residue, 4 * 1024);
		msleep(30);
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&c.periods), n,
				    "period callbacks while paused");
		if (caps.cmd_resume) {
			KUNIT_EXPECT_EQ(test, dmaengine_resume(chan), 0);
			KUNIT_EXPECT_TRUE_MSG(test, cyc_wait(&c, n + 8),
					      "no periods after resume");
			st = dmaengine_tx_status(chan, cookie, NULL);
			KUNIT_EXPECT_EQ(test, st, DMA_IN_PROGRESS);
		}
	}
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_async(chan), 0);
	dmaengine_synchronize(chan);
	n = atomic_read(&c.periods);
	msleep(30);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&c.periods), n,
			    "period callbacks after terminate + synchronize");
	KUNIT_EXPECT_FALSE(test, c.in_irq);
	to_cpu(ring);
	KUNIT_EXPECT_EQ_MSG(test, mismatch_byte(ring->cpu, 4 * 1024, 0x3c), -1,
			    "ring not filled from the device");
	kunit_info(test, "%d periods; pause %s, resume %s\n", n,
		   caps.cmd_pause ? "yes" : "no", caps.cmd_resume ? "yes" : "no");
}

static struct kunit_case conf_cases[] = {
	KUNIT_CASE_SLOW(spi_noack_stream),
	KUNIT_CASE(memcpy_odd),
	KUNIT_CASE(memset_odd),
	KUNIT_CASE(poll_no_interrupt),
	KUNIT_CASE(desc_reuse),
	KUNIT_CASE(terminate_in_callback),
	KUNIT_CASE(terminate_unissued),
	KUNIT_CASE(many_channels),
	KUNIT_CASE(idle_channel_calls),
	KUNIT_CASE(issue_idle),
	KUNIT_CASE(rx_flush_residue),
	KUNIT_CASE(cyclic_pcm),
	{}
};

/* Whether the comma-separated @list names @name. */
static bool listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	while (list && *list) {
		if (!strncmp(list, name, n) && (list[n] == ',' || !list[n]))
			return true;
		list = strchr(list, ',');
		if (list)
			list++;
	}
	return false;
}

/* Cases "only" leaves out or "exclude" names are not run: a skip says so. */
static int conf_init(struct kunit *test)
{
	if (only && *only &&
	    (*only == '!' ? listed(only + 1, test->name) :
			    !listed(only, test->name)))
		kunit_skip(test, "not selected by only=%s", only);
	if (listed(exclude, test->name))
		kunit_skip(test, "excluded by exclude=%s", exclude);
	/*
	 * On the console before the case runs: if it kills the kernel, the
	 * last of these names it (tools/conformance/table).  Warning level,
	 * so that it reaches a console at loglevel=5 (tools/qemu/run).
	 */
	pr_warn("@@CONF-START %s %s\n", provider ?: "any", test->name);
	return 0;
}

static struct kunit_suite conf_suite = {
	.name = "dma_conformance",
	.init = conf_init,
	.test_cases = conf_cases,
};

kunit_test_suite(conf_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("dmaengine provider conformance suite (public client API only)");
