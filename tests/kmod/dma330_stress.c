// SPDX-License-Identifier: GPL-2.0
/*
 * dma330_stress: races and long-running lifecycle checks of the dma330
 * provider that need kernel-side hooks (KUnit suite "dma330_stress").
 *
 * terminate_race: every dma330 memcpy channel at once (one kthread each),
 *   `cycles` cycles per channel.  A cycle queues 1-4 memcpy descriptors,
 *   some held in flight by DMAWFE gates (a releaser kthread signals the
 *   gate event at random intervals), then either lets them finish, or
 *   terminates them from atomic context (terminate_async + synchronize),
 *   or with terminate_sync at once, after a random delay, or right after
 *   the first callback.  Checked: no callback after the synchronize that
 *   closed its cycle; every descriptor reported DMA_TRANS_NOERROR carries
 *   exactly the source bytes; every channel still copies correctly
 *   afterwards; all threads are free again.
 * cyclic_pause_resume: a paced cyclic MEM_TO_DEV transfer (a period per
 *   released gate, the provider's pace timer releasing it) paused and
 *   resumed `rounds` times: the transfer does not move while paused (its
 *   residue is unchanged; callbacks for periods done before the pause may
 *   still arrive), periods continue after each resume,
 *   tx_status says DMA_PAUSED while paused, and none after terminate_sync.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/prandom.h>
#include <linux/slab.h>

#include "../../provider/dma330_test.h"

/*
 * terminate_race runs as `races` KUnit cases of `cycles` cycles per channel
 * each: insmod waits uninterruptibly for the case running, and one case
 * must stay well under the hung-task timeout (20 s), debug kernel included.
 */
static unsigned int cycles = 100;
module_param(cycles, uint, 0444);
MODULE_PARM_DESC(cycles, "terminate_race: cycles per channel per case");
static unsigned int races = 10;
module_param(races, uint, 0444);
MODULE_PARM_DESC(races, "terminate_race: cases (parameters 1..races, max 100)");
static unsigned int rounds = 200;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "cyclic_pause_resume: pause/resume rounds");

/* A request line nothing drives (on the paced rig, 0 and 1 are UART0's). */
static unsigned int periph_base;
module_param(periph_base, uint, 0444);
MODULE_PARM_DESC(periph_base, "request line of the cyclic case");
static unsigned int seed = 1;
module_param(seed, uint, 0444);
MODULE_PARM_DESC(seed, "random seed (printed)");

#define MAX_CH		32
#define SLOT		4096
#define NSLOT		4

struct sch;

struct sdesc {
	struct sch *c;
	int gen;
	bool done;
	enum dmaengine_tx_result res;
	dma_cookie_t cookie;
	u32 len;
};

struct sch {
	struct dma_chan *chan;
	struct device *dev;
	u8 *src, *dst;
	dma_addr_t s, d;
	struct rnd_state rnd;
	struct sdesc ctx[NSLOT];
	int gen;
	int closed_gen;
	atomic_t callbacks;
	atomic_t late;
	unsigned long cycles, submitted, ok, errors, terminated, data_errs;
	unsigned long prep_fail;
	struct task_struct *task;
	struct completion finished;
	int status;
};

static int gate_event = -1;
static bool releaser_stop;

static bool dma330_filter(struct dma_chan *chan, void *param)
{
	return dma330_is_dma330_chan(chan);
}

static void stress_cb(void *param, const struct dmaengine_result *r)
{
	struct sdesc *x = param;
	struct sch *c = x->c;

	if (x->gen <= READ_ONCE(c->closed_gen))
		atomic_inc(&c->late);	/* after the synchronize that closed it */
	x->res = r ? r->result : DMA_TRANS_NOERROR;
	smp_wmb();	/* result visible before done; pairs with the reader's smp_rmb() */
	WRITE_ONCE(x->done, true);
	atomic_inc(&c->callbacks);
}

static u32 rnd_below(struct sch *c, u32 n)
{
	return n ? prandom_u32_state(&c->rnd) % n : 0;
}

static void fill_src(struct sch *c)
{
	unsigned int i;

	for (i = 0; i < SLOT * NSLOT; i++)
		c->src[i] = prandom_u32_state(&c->rnd);
	dma_sync_single_for_device(c->dev, c->s, SLOT * NSLOT, DMA_TO_DEVICE);
}

/*
 * Waits that must end: generous.  The releaser opens gates every ~0.2 ms,
 * but one release frees one waiting thread, and on the debug kernel
 * (KASAN, lockdep) through the bounce pool a descriptor was seen waiting
 * over 2 s behind the other 15 channels' gates.
 */
#define CYCLE_WAIT_MS	10000

/* Report the first failure of a cycle; return it. */
static int cycle_fail(struct sch *c, int err, const char *what, unsigned int i)
{
	pr_err("dma330_stress: %s: cycle %lu: descriptor %u: %s (%d)\n",
	       dma_chan_name(c->chan), c->cycles, i, what, err);
	return err;
}

/*
 * One cycle.  Return 0, or the first failure: a descriptor that reported
 * success with wrong data (-EIO) or completed with an error (-EPROTO), a
 * wait for callbacks that did not come (-ETIMEDOUT), a callback after the
 * synchronize that closed its cycle (-EINVAL), a prep that failed
 * (-ENOMEM).
 */
static int stress_cycle(struct sch *c)
{
	unsigned int n = 1 + rnd_below(c, NSLOT), i;
	unsigned int action = rnd_below(c, 5);
	int late = atomic_read(&c->late), ret = 0;
	struct dma_async_tx_descriptor *tx;
	unsigned long flags, until;

	c->gen++;
	memset(c->dst, 0xa5, SLOT * NSLOT);
	dma_sync_single_for_device(c->dev, c->d, SLOT * NSLOT,
				   DMA_BIDIRECTIONAL);
	for (i = 0; i < n; i++) {
		struct sdesc *x = &c->ctx[i];
		u32 off = rnd_below(c, 64);

		x->c = c;
		x->gen = c->gen;
		x->done = false;
		x->len = 1 + rnd_below(c, SLOT - 64);
		tx = dmaengine_prep_dma_memcpy(c->chan, c->d + i * SLOT + off,
					       c->s + i * SLOT + off, x->len,
					       DMA_PREP_INTERRUPT |
					       DMA_CTRL_ACK);
		if (!tx) {
			c->prep_fail++;
			ret = cycle_fail(c, -ENOMEM, "prep failed", i);
			break;
		}
		tx->callback_result = stress_cb;
		tx->callback_param = x;
		x->cookie = dmaengine_submit(tx);
		c->submitted++;
		x->len |= off << 16;
	}
	n = i;
	dma_async_issue_pending(c->chan);

	until = jiffies + msecs_to_jiffies(CYCLE_WAIT_MS);
	switch (action) {
	case 0:		/* let them finish (the releaser opens the gates) */
		for (;;) {
			for (i = 0; i < n; i++)
				if (!READ_ONCE(c->ctx[i].done))
					break;
			if (i == n)
				break;
			if (time_after(jiffies, until)) {
				if (!ret)
					ret = cycle_fail(c, -ETIMEDOUT,
							 "no callback", i);
				break;
			}
			usleep_range(50, 100);
		}
		break;
	case 1:		/* from atomic context, then synchronize */
		local_irq_save(flags);
		dmaengine_terminate_async(c->chan);
		local_irq_restore(flags);
		dmaengine_synchronize(c->chan);
		break;
	case 2:
		break;
	case 3:
		udelay(rnd_below(c, 50));
		break;
	default:	/* right after the first callback */
		while (n && !READ_ONCE(c->ctx[0].done)) {
			if (time_after(jiffies, until)) {
				if (!ret)
					ret = cycle_fail(c, -ETIMEDOUT,
							 "no first callback", 0);
				break;
			}
			usleep_range(20, 50);
		}
		break;
	}
	dmaengine_terminate_sync(c->chan);
	WRITE_ONCE(c->closed_gen, c->gen);

	dma_sync_single_for_cpu(c->dev, c->d, SLOT * NSLOT, DMA_BIDIRECTIONAL);
	for (i = 0; i < n; i++) {
		struct sdesc *x = &c->ctx[i];
		u32 off = x->len >> 16, len = x->len & 0xffff;

		if (!READ_ONCE(x->done)) {
			c->terminated++;
			continue;
		}
		smp_rmb();	/* done read before result; pairs with smp_wmb() */
		if (x->res != DMA_TRANS_NOERROR) {
			c->errors++;
			if (!ret)
				ret = cycle_fail(c, -EPROTO,
						 "completed with an error", i);
			continue;
		}
		c->ok++;
		if (memcmp(c->dst + i * SLOT + off, c->src + i * SLOT + off,
			   len)) {
			c->data_errs++;
			pr_err("dma330_stress: %s: cycle %lu: descriptor %u (%u bytes) reported success with wrong data\n",
			       dma_chan_name(c->chan), c->cycles, i, len);
			if (!ret)
				ret = -EIO;
		}
	}
	/* (a late one of the last cycle, or one of this cycle's own) */
	if (!ret && atomic_read(&c->late) != late)
		ret = cycle_fail(c, -EINVAL, "callback after synchronize", 0);
	c->cycles++;
	return ret;
}

static int stress_thread(void *arg)
{
	struct sch *c = arg;
	unsigned int i;

	for (i = 0; i < cycles && !c->status; i++) {
		if (!(i % 64))
			fill_src(c);
		c->status = stress_cycle(c);
		cond_resched();
	}
	complete(&c->finished);
	while (!kthread_should_stop())
		usleep_range(1000, 2000);
	return 0;
}

static int releaser_thread(void *arg)
{
	struct dma_chan *chan = arg;
	struct rnd_state r;

	prandom_seed_state(&r, seed ^ 0x5eed);
	while (!READ_ONCE(releaser_stop)) {
		dma330_test_release_gate(chan, gate_event);
		usleep_range(20 + prandom_u32_state(&r) % 200, 300);
	}
	while (!kthread_should_stop())
		usleep_range(1000, 2000);
	return 0;
}

/* One well-formed copy, checked: the channel still works. */
static int check_channel(struct sch *c)
{
	struct dma_async_tx_descriptor *tx;
	enum dma_status st;
	dma_cookie_t ck;
	int k;

	fill_src(c);
	memset(c->dst, 0, SLOT * NSLOT);
	dma_sync_single_for_device(c->dev, c->d, SLOT * NSLOT,
				   DMA_BIDIRECTIONAL);
	tx = dmaengine_prep_dma_memcpy(c->chan, c->d, c->s, SLOT * NSLOT,
				       DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	if (!tx)
		return -ENOMEM;
	ck = dmaengine_submit(tx);
	dma_async_issue_pending(c->chan);
	for (k = 0; k < 1000; k++) {
		st = dmaengine_tx_status(c->chan, ck, NULL);
		if (st != DMA_IN_PROGRESS)
			break;
		usleep_range(100, 200);
	}
	dma_sync_single_for_cpu(c->dev, c->d, SLOT * NSLOT, DMA_BIDIRECTIONAL);
	if (st != DMA_COMPLETE)
		return -ETIMEDOUT;
	return memcmp(c->dst, c->src, SLOT * NSLOT) ? -EIO : 0;
}

static const unsigned int race_ids[100] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
	21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38,
	39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56,
	57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74,
	75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92,
	93, 94, 95, 96, 97, 98, 99, 100,
};

static const void *race_gen(const void *prev, char *desc)
{
	const unsigned int *p = prev ? (const unsigned int *)prev + 1 : race_ids;
	unsigned int n = min_t(unsigned int, races, ARRAY_SIZE(race_ids));

	if (p >= race_ids + n)
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "race %u of %u", *p, n);
	return p;
}

static void terminate_race(struct kunit *test)
{
	unsigned int race = *(const unsigned int *)test->param_value;
	struct sch *chs;
	struct task_struct *rel;
	struct dma330_stats st;
	dma_cap_mask_t mask;
	unsigned int n = 0, i;
	unsigned long tot_cycles = 0, sub = 0, ok = 0, err = 0, term = 0;
	unsigned long data = 0, pf = 0;
	int late = 0;

	chs = kunit_kcalloc(test, MAX_CH, sizeof(*chs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, chs);
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	while (n < MAX_CH) {
		struct sch *c = &chs[n];

		c->chan = dma_request_channel(mask, dma330_filter, NULL);
		if (!c->chan)
			break;
		c->dev = c->chan->device->dev;
		c->src = kmalloc(SLOT * NSLOT, GFP_KERNEL);
		c->dst = kmalloc(SLOT * NSLOT, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, c->src);
		KUNIT_ASSERT_NOT_NULL(test, c->dst);
		c->s = dma_map_single(c->dev, c->src, SLOT * NSLOT, DMA_TO_DEVICE);
		c->d = dma_map_single(c->dev, c->dst, SLOT * NSLOT,
				      DMA_BIDIRECTIONAL);
		KUNIT_ASSERT_FALSE(test, dma_mapping_error(c->dev, c->s));
		KUNIT_ASSERT_FALSE(test, dma_mapping_error(c->dev, c->d));
		prandom_seed_state(&c->rnd, seed * 100000 + race * 100 + n);
		c->closed_gen = 0;
		init_completion(&c->finished);
		n++;
	}
	if (!n)
		kunit_skip(test, "no dma330 channel (module loaded?)");
	KUNIT_ASSERT_EQ(test, dma330_test_get_stats(chs[0].chan, &st), 0);
	gate_event = st.first_free_event;
	kunit_info(test, "seed %u race %u: %u channels x %u cycles, gate event %d\n",
		   seed, race, n, cycles, gate_event);
	releaser_stop = false;
	rel = NULL;
	if (gate_event >= 0) {
		KUNIT_ASSERT_EQ(test, dma330_test_set_gate(chs[0].chan,
							   gate_event, 1024), 0);
		rel = kthread_run(releaser_thread, chs[0].chan, "dma330-rel");
		KUNIT_ASSERT_FALSE(test, IS_ERR(rel));
	}
	for (i = 0; i < n; i++) {
		chs[i].task = kthread_run(stress_thread, &chs[i], "dma330-st%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(chs[i].task));
	}
	for (i = 0; i < n; i++) {
		wait_for_completion(&chs[i].finished);
		kthread_stop(chs[i].task);
	}
	if (rel) {
		WRITE_ONCE(releaser_stop, true);
		kthread_stop(rel);
		dma330_test_set_gate(chs[0].chan, -1, 0);
		dma330_test_release_gate(chs[0].chan, gate_event);
	}
	for (i = 0; i < n; i++) {
		struct sch *c = &chs[i];
		int ret = check_channel(c);

		KUNIT_EXPECT_EQ_MSG(test, ret, 0, "%s still copies",
				    dma_chan_name(c->chan));
		KUNIT_EXPECT_EQ_MSG(test, c->status, 0,
				    "%s: first failed cycle (the log says which)",
				    dma_chan_name(c->chan));
		tot_cycles += c->cycles;
		sub += c->submitted;
		ok += c->ok;
		err += c->errors;
		term += c->terminated;
		data += c->data_errs;
		pf += c->prep_fail;
		late += atomic_read(&c->late);
		dmaengine_terminate_sync(c->chan);
		dma_unmap_single(c->dev, c->s, SLOT * NSLOT, DMA_TO_DEVICE);
		dma_unmap_single(c->dev, c->d, SLOT * NSLOT, DMA_BIDIRECTIONAL);
		kfree(c->src);
		kfree(c->dst);
		dma_release_channel(c->chan);
	}
	kunit_info(test, "%lu cycles on %u channels: %lu descriptors, %lu completed ok (data checked), %lu completed with an error, %lu terminated, %lu prep failures, %d late callbacks, %lu data errors\n",
		   tot_cycles, n, sub, ok, err, term, pf, late, data);
	pr_info("dma330_stress: %s %u: %lu cycles on %u channels: %lu descriptors, %lu ok, %lu terminated, %d late callbacks, %lu data errors\n",
		__func__, race, tot_cycles, n, sub, ok, term, late, data);
	KUNIT_EXPECT_EQ(test, tot_cycles, (unsigned long)n * cycles);
	KUNIT_EXPECT_EQ(test, late, 0);
	KUNIT_EXPECT_EQ(test, data, 0UL);
	KUNIT_EXPECT_EQ(test, err, 0UL);
	KUNIT_EXPECT_EQ(test, pf, 0UL);
	KUNIT_EXPECT_GT(test, ok, 0UL);
	KUNIT_EXPECT_GT(test, term, 0UL);
}

static void cyclic_cb(void *param)
{
	atomic_inc(param);
}

static void cyclic_pause_resume(struct kunit *test)
{
	struct dma_async_tx_descriptor *tx;
	struct dma_slave_config cfg = { };
	struct dma330_stats st;
	struct dma_tx_state ts;
	struct dma_chan *chan;
	struct device *dev;
	dma_cap_mask_t mask;
	dma_addr_t fifo_dma, buf_dma;
	u8 *fifo, *buf;
	atomic_t periods;
	unsigned int r, k, stalled = 0, moved = 0, bad_state = 0, leaked = 0;
	u32 paused_at, last_paused_at = 0, positions = 0;
	int a, b, c, gate, ret = 0;

	dma_cap_zero(mask);
	dma_cap_set(DMA_CYCLIC, mask);
	dma_cap_set(DMA_SLAVE, mask);
	chan = dma_request_channel(mask, dma330_filter, NULL);
	if (!chan)
		kunit_skip(test, "no dma330 cyclic channel");
	dev = chan->device->dev;
	KUNIT_ASSERT_EQ(test, dma330_test_get_stats(chan, &st), 0);
	gate = st.first_free_event;
	if (gate < 0) {
		dma_release_channel(chan);
		kunit_skip(test, "no free event for gates");
	}
	fifo = kzalloc(64, GFP_KERNEL);
	buf = kzalloc(4 * 256, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fifo);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	fifo_dma = dma_map_single(dev, fifo, 64, DMA_FROM_DEVICE);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, fifo_dma));
	buf_dma = dma_map_single(dev, buf, 4 * 256, DMA_TO_DEVICE);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, buf_dma));
	KUNIT_ASSERT_EQ(test, dma330_test_set_periph(chan, periph_base), 0);
	cfg.dst_addr = fifo_dma;
	cfg.dst_addr_width = 4;
	cfg.dst_maxburst = 4;
	KUNIT_ASSERT_EQ(test, dmaengine_slave_config(chan, &cfg), 0);
	KUNIT_ASSERT_EQ(test, dma330_test_set_gate(chan, gate, 256), 0);
	tx = dmaengine_prep_dma_cyclic(chan, buf_dma, 4 * 256, 256,
				       DMA_MEM_TO_DEV, DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	atomic_set(&periods, 0);
	tx->callback = cyclic_cb;
	tx->callback_param = &periods;
	dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	KUNIT_ASSERT_EQ(test, dma330_test_set_pace(chan, 500000), 0);
	for (r = 0; r < rounds; r++) {
		usleep_range(2000, 3000);
		/* a refusal (no quiet point in time: a starved rig) is retried */
		for (k = 0; k < 10 && (ret = dmaengine_pause(chan)) == -EBUSY;
		     k++)
			usleep_range(100, 200);
		KUNIT_ASSERT_EQ(test, ret, 0);
		/*
		 * Progress is measured on the transfer itself (its residue),
		 * not by callbacks: periods done before the pause may still be
		 * delivered by the completion tasklet while paused.
		 */
		if (dmaengine_tx_status(chan, tx->cookie, &ts) != DMA_PAUSED)
			bad_state++;
		paused_at = ts.residue;
		if (r && paused_at != last_paused_at)
			positions++;
		last_paused_at = paused_at;
		usleep_range(3000, 4000);	/* 6-8 paced releases */
		if (dmaengine_tx_status(chan, tx->cookie, &ts) != DMA_PAUSED)
			bad_state++;
		if (ts.residue != paused_at)
			leaked++;
		b = atomic_read(&periods);
		KUNIT_ASSERT_EQ(test, dmaengine_resume(chan), 0);
		usleep_range(3000, 4000);
		c = atomic_read(&periods);
		if (c > b)
			moved++;
		else
			stalled++;
	}
	dma330_test_set_pace(chan, 0);
	KUNIT_EXPECT_EQ(test, dmaengine_terminate_sync(chan), 0);
	a = atomic_read(&periods);
	msleep(20);
	b = atomic_read(&periods);
	dma330_test_set_gate(chan, -1, 0);
	dma330_test_release_gate(chan, gate);
	kunit_info(test, "%u pause/resume rounds: %d periods, %u rounds that moved while paused, %u resumes that moved, %u that stalled, %u wrong states, %u pause positions that differ from the last\n",
		   rounds, a, leaked, moved, stalled, bad_state, positions);
	pr_info("dma330_stress: %s: %u rounds, %d periods, %u leaked, %u stalled, %u wrong states\n",
		__func__, rounds, a, leaked, stalled, bad_state);
	KUNIT_EXPECT_EQ(test, leaked, 0U);
	KUNIT_EXPECT_EQ(test, stalled, 0U);
	KUNIT_EXPECT_EQ(test, bad_state, 0U);
	/* The residue is a live measure: pauses land at different points. */
	if (rounds > 1)
		KUNIT_EXPECT_GT(test, positions, 0U);
	KUNIT_EXPECT_EQ(test, a, b);
	dma_unmap_single(dev, fifo_dma, 64, DMA_FROM_DEVICE);
	dma_unmap_single(dev, buf_dma, 4 * 256, DMA_TO_DEVICE);
	kfree(fifo);
	kfree(buf);
	dma_release_channel(chan);
}

#ifdef KUNIT_CASE_SLOW
#define STRESS_CASE(f)		KUNIT_CASE_SLOW(f)
#define STRESS_CASE_PARAM(f, g)	KUNIT_CASE_PARAM_ATTR(f, g, { .speed = KUNIT_SPEED_SLOW })
#else	/* before 6.6 */
#define STRESS_CASE(f)		KUNIT_CASE(f)
#define STRESS_CASE_PARAM(f, g)	KUNIT_CASE_PARAM(f, g)
#endif

static struct kunit_case dma330_stress_cases[] = {
	STRESS_CASE_PARAM(terminate_race, race_gen),
	STRESS_CASE(cyclic_pause_resume),
	{}
};

static struct kunit_suite dma330_stress_suite = {
	.name = "dma330_stress",
	.test_cases = dma330_stress_cases,
};

kunit_test_suite(dma330_stress_suite);

MODULE_DESCRIPTION("dma330 stress: terminate races on all channels, cyclic pause/resume");
MODULE_LICENSE("GPL");
