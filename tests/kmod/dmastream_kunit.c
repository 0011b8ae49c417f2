// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for the dmastream in-kernel API, a user of the library's
 * public header only.
 *
 * Suite "dmastream" runs against a small mock dmaengine provider defined
 * here, so it needs no hardware and can hold a transfer in flight at will,
 * fail it with or without residue, or complete it slowly.  The mock copies
 * with the CPU from a work item, as a real controller would complete
 * later.  Suite "dmastream_dma330" runs the cases that need no mock
 * internals against the real dma330 provider: transfers are held in
 * flight by its test gates (DMAWFE on an event nobody signals) and faults
 * injected with its fault hooks; on the bounce boot every mapping goes
 * through the restricted pool, which makes the range hand-overs visible.
 */
#include <kunit/test.h>
#include <linux/dma-buf.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/delay.h>
#include <linux/dmaengine.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/iosys-map.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>
#include <linux/workqueue.h>

#include "../../client/dmastream.h"
#include "../../provider/dma330_test.h"

#ifdef DS_KUNIT_NO_DMA330
/*
 * Against a dma330 built without its test hooks (Debian's kernels load
 * the production module dkms built, tools/distro): the mock suite alone.
 * The dma330 suite is compiled but not registered, so these stand-ins
 * are never reached.
 */
static inline bool ds_no_is_dma330(struct dma_chan *chan)
{
	return false;
}

static inline int ds_no_get_stats(struct dma_chan *chan, struct dma330_stats *st)
{
	return -EOPNOTSUPP;
}

static inline int ds_no_set_gate(struct dma_chan *chan, int event, u32 every)
{
	return -EOPNOTSUPP;
}

static inline int ds_no_release_gate(struct dma_chan *chan, int event)
{
	return -EOPNOTSUPP;
}

static inline int ds_no_inject(struct dma_chan *chan, bool hw, unsigned int times)
{
	return -EOPNOTSUPP;
}

static inline int ds_no_set_periph(struct dma_chan *chan, unsigned int line)
{
	return -EOPNOTSUPP;
}

#define dma330_is_dma330_chan		ds_no_is_dma330
#define dma330_test_get_stats		ds_no_get_stats
#define dma330_test_set_gate		ds_no_set_gate
#define dma330_test_release_gate	ds_no_release_gate
#define dma330_test_inject		ds_no_inject
#define dma330_test_set_periph		ds_no_set_periph
#endif

/* ---- mock provider ---- */

/* What a ring's period @seq is made of (capture tests). */
#define RING_STAMP(seq)	(0x5a000000u ^ (u32)(seq) * 2654435761u)

struct mock_dma;

struct mock_desc {
	struct dma_async_tx_descriptor tx;
	struct list_head node;
	dma_addr_t src, dst;
	size_t len;
	struct scatterlist *sgl;	/* slave: copy of the segments */
	unsigned int nents;
	enum dma_transfer_direction dir;
	size_t period;			/* cyclic: period bytes, else 0 */
	/* memset, interleaved: how to run it, instead of a copy */
	void (*run)(struct mock_dma *m, struct mock_desc *d);
	int value;			/* memset */
	size_t numf, sicg, dicg;	/* interleaved */
};

struct mock_dma {
	struct platform_device *pdev;
	struct dma_device dd;
	struct dma_chan chan;
	spinlock_t lock;		/* protects the lists and flags */
	struct list_head submitted;
	struct list_head issued;
	struct work_struct work;
	dma_cookie_t last_cookie;
	dma_cookie_t done_cookie;
	bool hold;		/* issued descriptors wait for mock_release() */
	bool fail_next;		/* next completion reports a read error */
	bool abort_next;	/* next completion reports DMA_TRANS_ABORTED */
	bool fail_prep;		/* prep returns NULL */
	/*
	 * Residue the next failure reports: what a provider with
	 * DMA_RESIDUE_GRANULARITY_DESCRIPTOR (no residue: 0) or _BURST (the
	 * bytes not moved) says.  -1: the whole length (the default).
	 */
	long fail_residue;
	unsigned int delay_ms;	/* slow completions: each waits this long */
	unsigned int terminated;
	struct dma_slave_config cfg;
	u8 fifo[16384];		/* the "peripheral": bytes sent / to receive */
	size_t fifo_len;
	/* cyclic: the running descriptor, moved by mock_cyclic_step() only */
	struct mock_desc *cyc;
	size_t cyc_pos;		/* bytes of the current pass moved */
	u32 cyc_stamp;		/* capture: the word the next period is made of */
	bool cyc_auto;		/* ... or RING_STAMP() of its number */
	u64 cyc_n;		/* periods moved since the transfer started */
	bool paused;		/* device_pause (mock_pausable()): nothing moves */
	/*
	 * The device does not stop the instant it is asked to: periods it
	 * finishes inside the first pause or terminate that stops the running
	 * cyclic transfer, before that takes effect (with their callbacks
	 * when @stop_late_cb, else with the interrupt still pending).
	 */
	unsigned int stop_late;
	bool stop_late_cb;
	/* terminates that found the cyclic running while @cyc_kill_ok was off */
	atomic_t cyc_killed;
	bool cyc_kill_ok;
};

static struct mock_dma *to_mock(struct dma_chan *c)
{
	return container_of(c, struct mock_dma, chan);
}

static void *mock_va(struct mock_dma *m, dma_addr_t a)
{
	return phys_to_virt(dma_to_phys(&m->pdev->dev, a));
}

static dma_cookie_t mock_submit(struct dma_async_tx_descriptor *tx)
{
	struct mock_dma *m = to_mock(tx->chan);
	struct mock_desc *d = container_of(tx, struct mock_desc, tx);
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	tx->cookie = ++m->last_cookie;
	list_add_tail(&d->node, &m->submitted);
	spin_unlock_irqrestore(&m->lock, flags);
	return tx->cookie;
}

static struct mock_desc *mock_desc_new(struct dma_chan *c)
{
	struct mock_desc *d;

	if (to_mock(c)->fail_prep)
		return NULL;
	d = kzalloc(sizeof(*d), GFP_NOWAIT);
	if (!d)
		return NULL;
	dma_async_tx_descriptor_init(&d->tx, c);
	d->tx.tx_submit = mock_submit;
	return d;
}

static struct dma_async_tx_descriptor *
mock_prep_memcpy(struct dma_chan *c, dma_addr_t dst, dma_addr_t src,
		 size_t len, unsigned long flags)
{
	struct mock_desc *d = mock_desc_new(c);

	if (!d)
		return NULL;
	d->src = src;
	d->dst = dst;
	d->len = len;
	d->dir = DMA_MEM_TO_MEM;
	d->tx.flags = flags;
	return &d->tx;
}

static struct dma_async_tx_descriptor *
mock_prep_slave_sg(struct dma_chan *c, struct scatterlist *sgl,
		   unsigned int nents, enum dma_transfer_direction dir,
		   unsigned long flags, void *context)
{
	struct mock_desc *d = mock_desc_new(c);
	struct scatterlist *sg;
	unsigned int i;

	if (!d)
		return NULL;
	/* The caller may free its list once prep returns: copy it. */
	d->sgl = kcalloc(nents, sizeof(*d->sgl), GFP_NOWAIT);
	if (!d->sgl) {
		kfree(d);
		return NULL;
	}
	for_each_sg(sgl, sg, nents, i) {
		sg_dma_address(&d->sgl[i]) = sg_dma_address(sg);
		sg_dma_len(&d->sgl[i]) = sg_dma_len(sg);
	}
	d->nents = nents;
	d->dir = dir;
	d->tx.flags = flags;
	return &d->tx;
}

static struct dma_async_tx_descriptor *
mock_prep_cyclic(struct dma_chan *c, dma_addr_t buf, size_t len,
		 size_t period, enum dma_transfer_direction dir,
		 unsigned long flags)
{
	struct mock_desc *d;

	if (!period || len % period)
		return NULL;
	d = mock_desc_new(c);
	if (!d)
		return NULL;
	d->src = buf;
	d->len = len;
	d->period = period;
	d->dir = dir;
	d->tx.flags = flags;
	return &d->tx;
}

/* Period callbacks of mock_cyclic_move() */
enum mock_cb {
	MOCK_CB_EACH,		/* one per period, as a controller interrupts */
	MOCK_CB_ONE,		/* one for them all, as virt-dma coalesces */
	MOCK_CB_LATE,		/* none yet: the interrupt is still pending */
};

/*
 * The running cyclic transfer moves @n periods: capture fills each with
 * m->cyc_stamp, playback sends each to the FIFO (its last word stays
 * there).
 */
static void mock_cyclic_move(struct mock_dma *m, unsigned int n,
			     enum mock_cb cb)
{
	struct dma_async_tx_descriptor *tx = NULL;
	struct mock_desc *d;
	unsigned long flags;
	u32 *p, w;
	size_t i;

	while (n--) {
		spin_lock_irqsave(&m->lock, flags);
		d = m->cyc;
		if (!d || m->paused) {
			spin_unlock_irqrestore(&m->lock, flags);
			return;
		}
		p = mock_va(m, d->src + m->cyc_pos);
		w = m->cyc_auto ? RING_STAMP(m->cyc_n) : m->cyc_stamp;
		m->cyc_n++;
		if (d->dir == DMA_DEV_TO_MEM) {
			for (i = 0; i < d->period / 4; i++)
				p[i] = w;
		} else {
			memcpy(m->fifo, p, d->period);
			m->fifo_len = d->period;
		}
		m->cyc_pos += d->period;
		if (m->cyc_pos == d->len)
			m->cyc_pos = 0;
		tx = &d->tx;
		spin_unlock_irqrestore(&m->lock, flags);
		if (cb == MOCK_CB_EACH && tx->callback)
			tx->callback(tx->callback_param);
	}
	if (cb == MOCK_CB_ONE && tx && tx->callback)
		tx->callback(tx->callback_param);
}

static void mock_cyclic_step(struct mock_dma *m, unsigned int n)
{
	mock_cyclic_move(m, n, MOCK_CB_EACH);
}

static void mock_run(struct mock_dma *m, struct mock_desc *d)
{
	size_t pos = 0, n;
	unsigned int i;

	if (d->run) {
		d->run(m, d);
		return;
	}
	if (d->dir == DMA_MEM_TO_MEM) {
		memcpy(mock_va(m, d->dst), mock_va(m, d->src), d->len);
		return;
	}
	for (i = 0; i < d->nents; i++) {
		n = sg_dma_len(&d->sgl[i]);
		if (pos + n > sizeof(m->fifo))
			break;
		if (d->dir == DMA_MEM_TO_DEV)
			memcpy(m->fifo + pos, mock_va(m, sg_dma_address(&d->sgl[i])), n);
		else
			memcpy(mock_va(m, sg_dma_address(&d->sgl[i])), m->fifo + pos, n);
		pos += n;
	}
	m->fifo_len = pos;
}

static void mock_work(struct work_struct *w)
{
	struct mock_dma *m = container_of(w, struct mock_dma, work);
	struct dmaengine_result res;
	struct mock_desc *d;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&m->lock, flags);
		d = m->hold ? NULL : list_first_entry_or_null(&m->issued,
							      struct mock_desc,
							      node);
		if (d)
			list_del(&d->node);
		res.result = DMA_TRANS_NOERROR;
		res.residue = 0;
		if (d && m->fail_next) {
			m->fail_next = false;
			res.result = DMA_TRANS_READ_FAILED;
			res.residue = m->fail_residue < 0 ? d->len :
							    m->fail_residue;
		} else if (d && m->abort_next) {
			m->abort_next = false;
			res.result = DMA_TRANS_ABORTED;
			res.residue = d->len;
		}
		spin_unlock_irqrestore(&m->lock, flags);
		if (!d)
			return;
		if (m->delay_ms)
			msleep(m->delay_ms);
		if (res.result == DMA_TRANS_NOERROR)
			mock_run(m, d);
		m->done_cookie = d->tx.cookie;
		if (d->tx.callback_result)
			d->tx.callback_result(d->tx.callback_param, &res);
		else if (d->tx.callback)
			d->tx.callback(d->tx.callback_param);
		kfree(d->sgl);
		kfree(d);
		/*
		 * A callback that resubmits keeps this loop going: on a
		 * kernel without preemption (Debian's armmp) it would hold
		 * the CPU for good.
		 */
		cond_resched();
	}
}

/* memset and interleaved, for the cases that need them (mock_fill_2d()) */
static void mock_run_fill(struct mock_dma *m, struct mock_desc *d)
{
	memset(mock_va(m, d->dst), d->value, d->len);
}

static void mock_run_2d(struct mock_dma *m, struct mock_desc *d)
{
	size_t f, chunk = d->len / d->numf;

	for (f = 0; f < d->numf; f++)
		memcpy(mock_va(m, d->dst + f * (chunk + d->dicg)),
		       mock_va(m, d->src + f * (chunk + d->sicg)), chunk);
}

static struct dma_async_tx_descriptor *
mock_prep_memset(struct dma_chan *c, dma_addr_t dst, int value, size_t len,
		 unsigned long flags)
{
	struct mock_desc *d = mock_desc_new(c);

	if (!d)
		return NULL;
	d->dst = dst;
	d->len = len;
	d->value = value;
	d->run = mock_run_fill;
	d->dir = DMA_MEM_TO_MEM;
	d->tx.flags = flags;
	return &d->tx;
}

/* Templates of one chunk per frame, as dmastream describes them. */
static struct dma_async_tx_descriptor *
mock_prep_interleaved(struct dma_chan *c, struct dma_interleaved_template *xt,
		      unsigned long flags)
{
	struct mock_desc *d;

	if (xt->dir != DMA_MEM_TO_MEM || xt->frame_size != 1 || !xt->numf ||
	    !xt->src_inc || !xt->dst_inc)
		return NULL;
	d = mock_desc_new(c);
	if (!d)
		return NULL;
	d->src = xt->src_start;
	d->dst = xt->dst_start;
	d->numf = xt->numf;
	d->len = xt->numf * xt->sgl[0].size;
	d->sicg = dmaengine_get_src_icg(xt, &xt->sgl[0]);
	d->dicg = dmaengine_get_dst_icg(xt, &xt->sgl[0]);
	d->run = mock_run_2d;
	d->dir = DMA_MEM_TO_MEM;
	d->tx.flags = flags;
	return &d->tx;
}

/*
 * Give the mock DMA_MEMSET and DMA_INTERLEAVE (the plain mock has neither:
 * the refusal cases use it as it is), before the first preparation.
 */
static void mock_fill_2d(struct mock_dma *m)
{
	dma_cap_set(DMA_MEMSET, m->dd.cap_mask);
	dma_cap_set(DMA_INTERLEAVE, m->dd.cap_mask);
	m->dd.device_prep_dma_memset = mock_prep_memset;
	m->dd.device_prep_interleaved_dma = mock_prep_interleaved;
}

static void mock_issue_pending(struct dma_chan *c)
{
	struct mock_dma *m = to_mock(c);
	unsigned long flags;

	struct mock_desc *d, *t;

	spin_lock_irqsave(&m->lock, flags);
	list_for_each_entry_safe(d, t, &m->submitted, node) {
		if (d->period && !m->cyc) {
			list_del(&d->node);
			m->cyc = d;
			m->cyc_pos = 0;
		}
	}
	list_splice_tail_init(&m->submitted, &m->issued);
	spin_unlock_irqrestore(&m->lock, flags);
	schedule_work(&m->work);
}

static enum dma_status mock_tx_status(struct dma_chan *c, dma_cookie_t cookie,
				      struct dma_tx_state *state)
{
	struct mock_dma *m = to_mock(c);
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	if (m->cyc && m->cyc->tx.cookie == cookie) {
		if (state)
			state->residue = m->cyc->len - m->cyc_pos;
		spin_unlock_irqrestore(&m->lock, flags);
		return DMA_IN_PROGRESS;
	}
	spin_unlock_irqrestore(&m->lock, flags);
	return cookie <= m->done_cookie ? DMA_COMPLETE : DMA_IN_PROGRESS;
}

static int mock_config(struct dma_chan *c, struct dma_slave_config *cfg)
{
	to_mock(c)->cfg = *cfg;
	return 0;
}

/* A pause or terminate stops the device: what it finishes meanwhile. */
static void mock_stop_late(struct mock_dma *m)
{
	unsigned int n = m->stop_late;

	if (!n || !m->cyc || m->paused)
		return;
	m->stop_late = 0;
	mock_cyclic_move(m, n, m->stop_late_cb ? MOCK_CB_EACH : MOCK_CB_LATE);
}

static int mock_terminate_all(struct dma_chan *c)
{
	struct mock_dma *m = to_mock(c);
	struct mock_desc *d, *t;
	unsigned long flags;
	LIST_HEAD(dead);

	mock_stop_late(m);
	spin_lock_irqsave(&m->lock, flags);
	if (m->cyc && !READ_ONCE(m->cyc_kill_ok))
		atomic_inc(&m->cyc_killed);
	list_splice_init(&m->submitted, &dead);
	list_splice_init(&m->issued, &dead);
	if (m->cyc)
		list_add(&m->cyc->node, &dead);
	m->cyc = NULL;
	m->cyc_n = 0;
	m->paused = false;
	m->terminated++;
	spin_unlock_irqrestore(&m->lock, flags);
	list_for_each_entry_safe(d, t, &dead, node) {
		kfree(d->sgl);
		kfree(d);
	}
	return 0;
}

static int mock_pause(struct dma_chan *c)
{
	struct mock_dma *m = to_mock(c);

	mock_stop_late(m);
	m->paused = true;
	return 0;
}

static int mock_resume(struct dma_chan *c)
{
	to_mock(c)->paused = false;
	return 0;
}

/* Give the mock device_pause and device_resume (before the ring starts). */
static void mock_pausable(struct mock_dma *m)
{
	m->dd.device_pause = mock_pause;
	m->dd.device_resume = mock_resume;
}

static void mock_synchronize(struct dma_chan *c)
{
	flush_work(&to_mock(c)->work);
}

static void mock_free_chan(struct dma_chan *c)
{
	mock_terminate_all(c);
}

static void mock_release(struct mock_dma *m)
{
	m->hold = false;
	schedule_work(&m->work);
}

/* dmaengine takes its module reference from the bound driver. */
static int mock_probe(struct platform_device *pdev)
{
	return 0;
}

static struct platform_driver mock_driver = {
	.probe = mock_probe,
	.driver.name = "dmastream-kunit-dma",
};

static struct mock_dma *mock_create(int id)
{
	struct mock_dma *m = kzalloc(sizeof(*m), GFP_KERNEL);
	struct dma_device *dd;
	int ret;

	if (!m)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&m->lock);
	m->fail_residue = -1;
	INIT_LIST_HEAD(&m->submitted);
	INIT_LIST_HEAD(&m->issued);
	INIT_WORK(&m->work, mock_work);
	m->pdev = platform_device_register_simple("dmastream-kunit-dma", id,
						  NULL, 0);
	if (IS_ERR(m->pdev)) {
		ret = PTR_ERR(m->pdev);
		kfree(m);
		return ERR_PTR(ret);
	}
	if (!m->pdev->dev.driver) {
		platform_device_unregister(m->pdev);
		kfree(m);
		return ERR_PTR(-ENODEV);
	}
	dd = &m->dd;
	dd->dev = &m->pdev->dev;
	INIT_LIST_HEAD(&dd->channels);
	dma_cap_set(DMA_MEMCPY, dd->cap_mask);
	dma_cap_set(DMA_SLAVE, dd->cap_mask);
	dma_cap_set(DMA_PRIVATE, dd->cap_mask);
	dma_cap_set(DMA_CYCLIC, dd->cap_mask);
	dd->directions = BIT(DMA_MEM_TO_MEM) | BIT(DMA_MEM_TO_DEV) |
			 BIT(DMA_DEV_TO_MEM);
	dd->src_addr_widths = BIT(DMA_SLAVE_BUSWIDTH_1_BYTE);
	dd->dst_addr_widths = BIT(DMA_SLAVE_BUSWIDTH_1_BYTE);
	dd->residue_granularity = DMA_RESIDUE_GRANULARITY_DESCRIPTOR;
	dd->device_prep_dma_memcpy = mock_prep_memcpy;
	dd->device_prep_slave_sg = mock_prep_slave_sg;
	dd->device_prep_dma_cyclic = mock_prep_cyclic;
	dd->device_issue_pending = mock_issue_pending;
	dd->device_tx_status = mock_tx_status;
	dd->device_config = mock_config;
	dd->device_terminate_all = mock_terminate_all;
	dd->device_synchronize = mock_synchronize;
	dd->device_free_chan_resources = mock_free_chan;
	m->chan.device = dd;
	list_add_tail(&m->chan.device_node, &dd->channels);
	ret = dma_async_device_register(dd);
	if (ret) {
		platform_device_unregister(m->pdev);
		kfree(m);
		return ERR_PTR(ret);
	}
	return m;
}

static void mock_destroy(struct mock_dma *m)
{
	dma_async_device_unregister(&m->dd);
	cancel_work_sync(&m->work);
	platform_device_unregister(m->pdev);
	kfree(m);
}

static bool mock_filter(struct dma_chan *chan, void *param)
{
	return chan->device == param;
}

/* ---- fixture ---- */

struct ds_test {
	struct mock_dma *m;		/* mock suite; NULL on dma330 */
	struct dma_chan *chan;
	struct dmastream_chan *dc;
	int gate;			/* dma330: event of the test gates */
};

static int ds_test_init(struct kunit *test)
{
	struct ds_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	dma_cap_mask_t mask;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->m = mock_create(0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->m);
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	t->chan = dma_request_channel(mask, mock_filter, &t->m->dd);
	KUNIT_ASSERT_NOT_NULL(test, t->chan);
	{
		const struct dmastream_chan_config cfg = {
			.name = "kunit-mock",
			.alloc_dev = &t->m->pdev->dev,
		};

		t->dc = dmastream_chan_create(t->chan, &cfg);
	}
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->dc);
	test->priv = t;
	return 0;
}

static void ds_test_exit(struct kunit *test)
{
	struct ds_test *t = test->priv;

	if (!t || !t->m)
		return;
	t->m->hold = false;
	dmastream_chan_destroy(t->dc);
	dma_release_channel(t->chan);
	mock_destroy(t->m);
}

static bool dma330_filter(struct dma_chan *chan, void *param)
{
	return dma330_is_dma330_chan(chan);
}

static int ds_dma330_init(struct kunit *test)
{
	struct ds_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct dmastream_chan_config cfg = { .name = "kunit-dma330" };
	struct dma330_stats st;
	dma_cap_mask_t mask;

	KUNIT_ASSERT_NOT_NULL(test, t);
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	t->chan = dma_request_channel(mask, dma330_filter, NULL);
	KUNIT_ASSERT_NOT_NULL_MSG(test, t->chan, "no free dma330 channel");
	KUNIT_ASSERT_EQ(test, dma330_test_get_stats(t->chan, &st), 0);
	t->gate = st.first_free_event;
	KUNIT_ASSERT_GE_MSG(test, t->gate, 0, "no free event for gates");
	cfg.alloc_dev = t->chan->device->dev;
	t->dc = dmastream_chan_create(t->chan, &cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->dc);
	test->priv = t;
	return 0;
}

static void ds_dma330_exit(struct kunit *test)
{
	struct ds_test *t = test->priv;

	if (!t || !t->chan)
		return;
	dma330_test_set_gate(t->chan, -1, 0);
	dma330_test_inject(t->chan, false, 0);
	dma330_test_inject(t->chan, true, 0);
	dmastream_chan_destroy(t->dc);
	dma_release_channel(t->chan);
}

/* Hold transfers started from now in flight (mock: queue; dma330: gate). */
static void be_hold(struct ds_test *t)
{
	if (t->m)
		t->m->hold = true;
	else
		dma330_test_set_gate(t->chan, t->gate, 1 << 30);
}

/* Let everything held go, and what comes next run freely. */
static void be_release(struct ds_test *t)
{
	int i;

	if (t->m) {
		mock_release(t->m);
		return;
	}
	dma330_test_set_gate(t->chan, -1, 0);
	/* One release per gate a program waits at: a few, spaced. */
	for (i = 0; i < 4; i++) {
		dma330_test_release_gate(t->chan, t->gate);
		usleep_range(500, 1000);
	}
}

/* No more holding, nothing released (a held transfer stays held). */
static void be_unhold(struct ds_test *t)
{
	if (t->m)
		t->m->hold = false;
	else
		dma330_test_set_gate(t->chan, -1, 0);
}

/* The transfer started next faults (a read error / a channel fault). */
static void be_fail_next(struct ds_test *t)
{
	if (t->m)
		t->m->fail_next = true;
	else
		dma330_test_inject(t->chan, true, 1);
}

/* The next descriptor preparation fails. */
static void be_fail_prep(struct ds_test *t, bool on)
{
	if (t->m)
		t->m->fail_prep = on;
	else
		dma330_test_inject(t->chan, false, on ? 1 : 0);
}

/* Terminates of the channel, where the backend counts them. */
static void expect_terminated(struct kunit *test, unsigned int n)
{
	struct ds_test *t = test->priv;

	if (t->m)
		KUNIT_EXPECT_EQ(test, t->m->terminated, n);
}

static struct dmastream_buf *alloc_buf(struct kunit *test, size_t size,
				       enum dmastream_buf_kind kind,
				       enum dma_data_direction dir)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *b = dmastream_buf_alloc(t->dc, size, kind, dir);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	return b;
}

static void fill_src(struct kunit *test, struct dmastream_buf *b, u32 seed)
{
	u8 *p = dmastream_buf_vaddr(b);
	size_t i;

	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(b), 0);
	for (i = 0; i < dmastream_buf_size(b); i++)
		p[i] = (u8)(i * 7 + seed + (i >> 8));
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(b), 0);
}

/* Copy and compare [soff, soff + len) -> [doff, doff + len). */
static void copy_check(struct kunit *test, struct dmastream_buf *dst,
		       size_t doff, struct dmastream_buf *src, size_t soff,
		       size_t len)
{
	struct ds_test *t = test->priv;
	u8 *s = dmastream_buf_vaddr(src), *d = dmastream_buf_vaddr(dst);

	KUNIT_ASSERT_EQ(test, dmastream_memcpy_sync(t->dc, dst, doff, src,
						    soff, len, 0), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(dst), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(src), 0);
	KUNIT_EXPECT_EQ(test, memcmp(d + doff, s + soff, len), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(dst), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(src), 0);
}

/* ---- tests ---- */

static void ds_memcpy_single_sizes(struct kunit *test)
{
	static const size_t sizes[] = { 1, 3, 64, 4095, 4096, 4097, 65537,
					1 << 20 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t len = sizes[i];
		struct dmastream_buf *s, *d;
		struct ds_test *t = test->priv;

		/* Behind a bounce pool one mapping is at most 256 KiB. */
		if (len + 7 > dma_max_mapping_size(dmastream_chan_dma_device(t->dc)))
			continue;
		s = alloc_buf(test, len + 7, DMASTREAM_KIND_SINGLE,
			      DMA_TO_DEVICE);
		d = alloc_buf(test, len + 5, DMASTREAM_KIND_SINGLE,
			      DMA_FROM_DEVICE);
		fill_src(test, s, i);
		copy_check(test, d, 5, s, 3, len);
		KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
		KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
	}
}

static void ds_memcpy_sg(struct kunit *test)
{
	struct dmastream_buf *s, *d, *c;
	size_t len = 3 * PAGE_SIZE + 123;

	s = alloc_buf(test, len + 4000, DMASTREAM_KIND_SG, DMA_TO_DEVICE);
	d = alloc_buf(test, len + 17, DMASTREAM_KIND_SG, DMA_FROM_DEVICE);
	c = alloc_buf(test, len + 1, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	KUNIT_EXPECT_GE(test, dmastream_buf_nents(s), 1u);
	fill_src(test, s, 42);
	/* Odd offsets so segments of source and destination never line up. */
	copy_check(test, d, 17, s, 4000, len);
	copy_check(test, c, 1, s, 1, len);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(c), 0);
}

static void ds_memcpy_same_buffer(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *b;

	b = alloc_buf(test, 8192, DMASTREAM_KIND_SG, DMA_BIDIRECTIONAL);
	fill_src(test, b, 3);
	copy_check(test, b, 4096, b, 0, 4096);
	/* Overlapping ranges in one buffer are refused. */
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, b, 100, b, 0, 200,
						    0), -EINVAL);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(b), 0);
}

static void ds_memcpy_args(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *s, *d;

	s = alloc_buf(test, 4096, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d = alloc_buf(test, 4096, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d, 0, s, 0, 0, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d, 0, s, 1, 4096,
						    0), -ERANGE);
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d, 4097, s, 0, 1,
						    0), -ERANGE);
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d, SIZE_MAX, s, 0,
						    2, 0), -ERANGE);
	/* Directions: the device may not write a TO_DEVICE buffer. */
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, s, 0, d, 0, 16, 0),
			-EACCES);
	/* In-kernel timeouts have no upper bound (the uapi's is 10 s). */
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d, 0, s, 0, 16,
						    20000), 0);
	KUNIT_EXPECT_PTR_EQ(test, dmastream_buf_alloc(t->dc, 0,
						      DMASTREAM_KIND_SINGLE,
						      DMA_TO_DEVICE),
			    ERR_PTR(-EINVAL));
	KUNIT_EXPECT_PTR_EQ(test, dmastream_buf_alloc(t->dc, 16,
						      DMASTREAM_KIND_SINGLE,
						      DMA_NONE),
			    ERR_PTR(-EINVAL));
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

static void ds_ownership(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *s, *d;
	struct dmastream_xfer *x;

	s = alloc_buf(test, 4096, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d = alloc_buf(test, 4096, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(s), DMASTREAM_OWNER_DEVICE);

	/* CPU-owned buffers cannot be submitted. */
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(s), DMASTREAM_OWNER_CPU);
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d, 0, s, 0, 64, 0),
			-EBUSY);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(s), 0);

	/* In flight: CPU access, resubmission and free are refused. */
	be_hold(t);
	x = dmastream_submit_memcpy(t->dc, d, 0, s, 0, 64, 0, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(s), DMASTREAM_OWNER_INFLIGHT);
	KUNIT_EXPECT_EQ(test, dmastream_buf_begin_cpu(d), -EBUSY);
	KUNIT_EXPECT_EQ(test, dmastream_buf_end_cpu(s), -EBUSY);
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d, 64, s, 64, 64,
						    0), -EBUSY);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), -EBUSY);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_result(x, NULL, NULL),
			-EINPROGRESS);
	be_release(t);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), 0);
	dmastream_xfer_put(x);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(s), DMASTREAM_OWNER_DEVICE);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

static void ds_reuse_1000(struct kunit *test)
{
	struct dmastream_buf *s, *d;
	unsigned int i;
	u64 bytes, lat;

	s = alloc_buf(test, 1500, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d = alloc_buf(test, 1500, DMASTREAM_KIND_SG, DMA_FROM_DEVICE);
	for (i = 0; i < 1000; i++) {
		struct ds_test *t = test->priv;
		struct dmastream_xfer *x;
		u8 *sp = dmastream_buf_vaddr(s), *dp = dmastream_buf_vaddr(d);

		KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(s), 0);
		memset(sp, i & 0xff, 1500);
		sp[i % 1500] = ~i;
		KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(s), 0);
		x = dmastream_submit_memcpy(t->dc, d, 0, s, 0, 1500, 0, NULL,
					    NULL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
		KUNIT_ASSERT_EQ(test, dmastream_xfer_wait(x), 0);
		KUNIT_EXPECT_EQ(test, dmastream_xfer_result(x, &bytes, &lat), 0);
		KUNIT_EXPECT_EQ(test, bytes, 1500ull);
		dmastream_xfer_put(x);
		KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(d), 0);
		KUNIT_ASSERT_EQ(test, memcmp(dp, sp, 1500), 0);
		KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(d), 0);
	}
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

static void ds_timeout_terminate(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_xfer *x1, *x2;
	struct dmastream_buf *s, *d1, *d2;

	s = alloc_buf(test, 4096, DMASTREAM_KIND_SINGLE, DMA_BIDIRECTIONAL);
	d1 = alloc_buf(test, 4096, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	d2 = alloc_buf(test, 4096, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	be_hold(t);
	x1 = dmastream_submit_memcpy(t->dc, d1, 0, s, 0, 100, 50, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x1);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x1), -ETIMEDOUT);
	expect_terminated(test, 1);
	/* A failed transfer hands the buffers back to the CPU, synced. */
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(d1), DMASTREAM_OWNER_CPU);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(s), DMASTREAM_OWNER_CPU);
	dmastream_xfer_put(x1);

	/* Two in flight: the first times out, the second is cancelled. */
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(s), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(d1), 0);
	x1 = dmastream_submit_memcpy(t->dc, d1, 0, s, 0, 100, 50, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x1);
	x2 = dmastream_submit_memcpy(t->dc, d2, 0, s, 0, 100, 5000, NULL,
				     NULL);
	KUNIT_EXPECT_PTR_EQ(test, x2, ERR_PTR(-EBUSY));	/* s is in flight */
	x2 = NULL;
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x1), -ETIMEDOUT);
	dmastream_xfer_put(x1);

	/* The channel works again after the terminate. */
	be_unhold(t);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(s), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(d1), 0);
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d1, 0, s, 0, 100,
						    0), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d1), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d2), 0);
}

/*
 * Two queued: the first (oldest, the one running) times out.  dmaengine
 * can only terminate the whole channel, but the second had not started:
 * it is resubmitted and completes once the device moves again.
 */
static void ds_timeout_spares_queue(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *s1, *s2, *d1, *d2;
	struct dmastream_xfer *x1, *x2;

	s1 = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	s2 = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d1 = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	d2 = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	fill_src(test, s2, 12);
	be_hold(t);
	x1 = dmastream_submit_memcpy(t->dc, d1, 0, s1, 0, 256, 50, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x1);
	x2 = dmastream_submit_memcpy(t->dc, d2, 0, s2, 0, 256, 5000, NULL,
				     NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x2);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x1), -ETIMEDOUT);
	expect_terminated(test, 1);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_result(x2, NULL, NULL),
			-EINPROGRESS);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(s2), DMASTREAM_OWNER_INFLIGHT);
	be_release(t);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x2), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(d2), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(s2), 0);
	KUNIT_EXPECT_EQ(test, memcmp(dmastream_buf_vaddr(d2),
				     dmastream_buf_vaddr(s2), 256), 0);
	dmastream_xfer_put(x1);
	dmastream_xfer_put(x2);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s1), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s2), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d1), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d2), 0);
}

/*
 * The second transfer times out while the first (an RX without timeout)
 * still runs: the terminate kills the running one too, which fails with
 * -ECANCELED; the idle channel then works again.
 */
static void ds_timeout_behind_running(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *s1, *s2, *d1, *d2;
	struct dmastream_xfer *x1, *x2;

	s1 = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	s2 = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d1 = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	d2 = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	be_hold(t);
	x1 = dmastream_submit_memcpy(t->dc, d1, 0, s1, 0, 256,
				     DMASTREAM_TIMEOUT_NONE, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x1);
	x2 = dmastream_submit_memcpy(t->dc, d2, 0, s2, 0, 256, 50, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x2);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x2), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x1), -ECANCELED);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(s1), DMASTREAM_OWNER_CPU);
	dmastream_xfer_put(x1);
	dmastream_xfer_put(x2);
	be_unhold(t);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(s1), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(d1), 0);
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d1, 0, s1, 0, 256,
						    0), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s1), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s2), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d1), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d2), 0);
}

/* No timeout: an idle transfer waits as long as it takes. */
static void ds_no_timeout(struct kunit *test)
{
	struct ds_test *t = test->priv;
	const struct dmastream_chan_config cfg = { .timeout_ms = 20 };
	const struct dmastream_xfer_opts o = {
		.timeout_ms = DMASTREAM_TIMEOUT_NONE,
	};
	struct dmastream_buf *s, *d;
	struct dmastream_chan *dc;
	struct dmastream_xfer *x;

	/* A channel whose default timeout would fire at once. */
	dmastream_chan_destroy(t->dc);
	t->dc = NULL;
	dc = dmastream_chan_create(t->chan, &cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dc);
	t->dc = dc;
	s = alloc_buf(test, 64, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d = alloc_buf(test, 64, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	be_hold(t);
	x = dmastream_memcpy(dc, d, 0, s, 0, 64, &o);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	msleep(200);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_result(x, NULL, NULL),
			-EINPROGRESS);
	expect_terminated(test, 0);
	be_release(t);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), 0);
	dmastream_xfer_put(x);
	/* ... and the channel default applies without it. */
	be_hold(t);
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(dc, d, 0, s, 0, 64, 0),
			-ETIMEDOUT);
	be_unhold(t);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

/* Destroy terminates what is in flight: it fails, callbacks run. */
static void ds_destroy_cancels(struct kunit *test)
{
	struct ds_test *t = test->priv;
	const struct dmastream_xfer_opts o = {
		.timeout_ms = DMASTREAM_TIMEOUT_NONE,
	};
	struct dmastream_buf *s, *d;
	struct dmastream_xfer *x;

	s = alloc_buf(test, 64, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d = alloc_buf(test, 64, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	be_hold(t);
	x = dmastream_memcpy(t->dc, d, 0, s, 0, 64, &o);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	dmastream_chan_destroy(t->dc);
	t->dc = NULL;
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), -ECANCELED);
	expect_terminated(test, 1);
	dmastream_xfer_put(x);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

struct chain {
	struct dmastream_chan *dc;
	struct dmastream_buf *s, *d;
	unsigned int left, done, failed;
	struct completion end;
};

/*
 * A driver's completion path: each completion (atomic context) puts its
 * transfer and resubmits the same buffers, GFP_ATOMIC.
 */
static void chain_cb(struct dmastream_xfer *x, void *ctx)
{
	struct chain *c = ctx;
	const struct dmastream_xfer_opts o = {
		.done = chain_cb, .ctx = c, .gfp = GFP_ATOMIC,
	};
	struct dmastream_xfer *nx;

	if (dmastream_xfer_result(x, NULL, NULL))
		c->failed++;
	dmastream_xfer_put(x);
	c->done++;
	if (!--c->left) {
		complete(&c->end);
		return;
	}
	nx = dmastream_memcpy(c->dc, c->d, 0, c->s, 0, 512, &o);
	if (IS_ERR(nx)) {
		c->failed++;
		complete(&c->end);
	}
}

static void ds_resubmit_from_callback(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct chain c = { .dc = t->dc, .left = 100 };
	const struct dmastream_xfer_opts o = {
		.done = chain_cb, .ctx = &c, .gfp = GFP_ATOMIC,
	};
	struct dmastream_xfer *x;
	unsigned long flags;
	spinlock_t lock;	/* stands for a driver's lock, irqs off */

	spin_lock_init(&lock);
	init_completion(&c.end);
	c.s = alloc_buf(test, 512, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	c.d = alloc_buf(test, 512, DMASTREAM_KIND_SG, DMA_FROM_DEVICE);
	fill_src(test, c.s, 31);
	/* The first one from atomic context too: a spinlock, irqs off. */
	spin_lock_irqsave(&lock, flags);
	x = dmastream_memcpy(t->dc, c.d, 0, c.s, 0, 512, &o);
	spin_unlock_irqrestore(&lock, flags);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&c.end, 10 * HZ),
			0ul);
	KUNIT_EXPECT_EQ(test, c.done, 100u);
	KUNIT_EXPECT_EQ(test, c.failed, 0u);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(c.d), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(c.s), 0);
	KUNIT_EXPECT_EQ(test, memcmp(dmastream_buf_vaddr(c.d),
				     dmastream_buf_vaddr(c.s), 512), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(c.s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(c.d), 0);
}

/* The CPU may read a buffer the device writes, never write it. */
static void ds_from_device_read_only(struct kunit *test)
{
	struct dmastream_buf *d, *s;

	d = alloc_buf(test, 8192, DMASTREAM_KIND_SG, DMA_FROM_DEVICE);
	s = alloc_buf(test, 8192, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	KUNIT_EXPECT_EQ(test, dmastream_buf_begin_cpu_range(d, 0, 16,
							    DMASTREAM_CPU_WRITE),
			-EACCES);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(d), DMASTREAM_OWNER_DEVICE);
	KUNIT_EXPECT_EQ(test, dmastream_buf_begin_cpu_range(d, 4000, 200,
							    DMASTREAM_CPU_READ),
			0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(d), DMASTREAM_OWNER_CPU);
	KUNIT_EXPECT_EQ(test, dmastream_buf_end_cpu_range(d, 4000, 200), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_begin_cpu_range(s, 0, 8192,
							    DMASTREAM_CPU_WRITE),
			0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_end_cpu_range(s, 8000, 193),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, dmastream_buf_end_cpu_range(s, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, dmastream_buf_end_cpu(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

static void ds_provider_error(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *s, *d;

	s = alloc_buf(test, 512, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d = alloc_buf(test, 512, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	t->m->fail_next = true;
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d, 0, s, 0, 512, 0),
			-EIO);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(d), DMASTREAM_OWNER_CPU);
	/* A provider-reported abort is a fault too, never a cancellation. */
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(s), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(d), 0);
	t->m->abort_next = true;
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d, 0, s, 0, 512, 0),
			-EIO);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(d), DMASTREAM_OWNER_CPU);
	/* A prep failure leaves the buffers with the device, untouched. */
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(s), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(d), 0);
	t->m->fail_prep = true;
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d, 0, s, 0, 512, 0),
			-ENOMEM);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(d), DMASTREAM_OWNER_DEVICE);
	t->m->fail_prep = false;
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d, 0, s, 0, 512, 0),
			0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

static void ds_slave(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dma_slave_config cfg = {
		.dst_addr = 0x1000, .src_addr = 0x1000,
		.dst_addr_width = DMA_SLAVE_BUSWIDTH_1_BYTE,
		.src_addr_width = DMA_SLAVE_BUSWIDTH_1_BYTE,
		.dst_maxburst = 1, .src_maxburst = 1,
	};
	struct dmastream_buf *tx, *rx;
	struct dmastream_xfer *x;
	size_t len = 2 * PAGE_SIZE + 300;
	u8 *p;

	tx = alloc_buf(test, len + 10, DMASTREAM_KIND_SG, DMA_TO_DEVICE);
	rx = alloc_buf(test, len + 10, DMASTREAM_KIND_SG, DMA_FROM_DEVICE);
	fill_src(test, tx, 9);
	x = dmastream_submit_slave(t->dc, tx, 10, len, DMA_MEM_TO_DEV, &cfg, 0,
				   NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), 0);
	dmastream_xfer_put(x);
	KUNIT_EXPECT_EQ(test, t->m->cfg.dst_addr, (dma_addr_t)0x1000);
	KUNIT_ASSERT_EQ(test, t->m->fifo_len, len);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(tx), 0);
	p = dmastream_buf_vaddr(tx);
	KUNIT_EXPECT_EQ(test, memcmp(t->m->fifo, p + 10, len), 0);

	/* And back: the "FIFO" now holds those bytes. */
	x = dmastream_submit_slave(t->dc, rx, 3, len, DMA_DEV_TO_MEM, &cfg, 0,
				   NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), 0);
	dmastream_xfer_put(x);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(rx), 0);
	KUNIT_EXPECT_EQ(test, memcmp((u8 *)dmastream_buf_vaddr(rx) + 3,
				     p + 10, len), 0);

	/* Direction and width are checked. */
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(rx), 0);
	KUNIT_EXPECT_PTR_EQ(test,
			    dmastream_submit_slave(t->dc, rx, 0, 16,
						   DMA_MEM_TO_DEV, &cfg, 0,
						   NULL, NULL),
			    ERR_PTR(-EACCES));
	cfg.src_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES;
	KUNIT_EXPECT_PTR_EQ(test,
			    dmastream_submit_slave(t->dc, rx, 0, 6,
						   DMA_DEV_TO_MEM, &cfg, 0,
						   NULL, NULL),
			    ERR_PTR(-EINVAL));
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(tx), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(tx), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(rx), 0);
}

static void ds_other_controller(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct mock_dma *m2 = mock_create(2);
	struct dmastream_chan *dc2;
	struct dmastream_buf *s, *d;
	struct dma_chan *c2;
	dma_cap_mask_t mask;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, m2);
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	c2 = dma_request_channel(mask, mock_filter, &m2->dd);
	KUNIT_ASSERT_NOT_NULL(test, c2);
	dc2 = dmastream_chan_create(c2, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dc2);
	KUNIT_EXPECT_PTR_NE(test, dmastream_chan_dma_device(dc2),
			    dmastream_chan_dma_device(t->dc));
	s = dmastream_buf_alloc(dc2, 64, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, s);
	d = alloc_buf(test, 64, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	/* Mapped for another controller: that device cannot use it. */
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d, 0, s, 0, 64, 0),
			-EXDEV);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
	dmastream_chan_destroy(dc2);
	dma_release_channel(c2);
	mock_destroy(m2);
}

static void ds_cma_kind(struct kunit *test)
{
	struct dmastream_buf *s, *d;

	/* Beyond the page allocator's largest block: only CMA has it. */
	s = alloc_buf(test, 6 << 20, DMASTREAM_KIND_CMA, DMA_TO_DEVICE);
	d = alloc_buf(test, 8192, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	fill_src(test, s, 5);
	copy_check(test, d, 0, s, (6 << 20) - 8192, 8192);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

/*
 * A provider that reports no residue (DMA_RESIDUE_GRANULARITY_DESCRIPTOR:
 * residue 0 with an error) says nothing about how far a failed transfer
 * got: no byte may be reported as moved.
 */
static void ds_error_no_residue(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *s, *d;
	struct dmastream_xfer *x;
	u64 bytes = 1;

	s = alloc_buf(test, 512, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d = alloc_buf(test, 512, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	t->m->dd.residue_granularity = DMA_RESIDUE_GRANULARITY_DESCRIPTOR;
	t->m->fail_residue = 0;
	t->m->fail_next = true;
	x = dmastream_submit_memcpy(t->dc, d, 0, s, 0, 512, 0, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), -EIO);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_result(x, &bytes, NULL), -EIO);
	KUNIT_EXPECT_EQ_MSG(test, bytes, 0ull,
			    "a fault without residue reported %llu bytes moved",
			    bytes);
	dmastream_xfer_put(x);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

/* A provider with burst residue: a fault moved len - residue bytes. */
static void ds_error_partial_residue(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *s, *d;
	struct dmastream_xfer *x;
	u64 bytes = 0;

	s = alloc_buf(test, 512, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d = alloc_buf(test, 512, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	t->m->dd.residue_granularity = DMA_RESIDUE_GRANULARITY_BURST;
	t->m->fail_residue = 200;
	t->m->fail_next = true;
	x = dmastream_submit_memcpy(t->dc, d, 0, s, 0, 512, 0, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), -EIO);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_result(x, &bytes, NULL), -EIO);
	KUNIT_EXPECT_EQ(test, bytes, 312ull);
	dmastream_xfer_put(x);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

/* A slow completion inside its timeout is a success, not a timeout. */
static void ds_slow_completion(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *s, *d;
	struct dmastream_xfer *x;
	u64 bytes = 0, lat = 0;

	s = alloc_buf(test, 4096, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d = alloc_buf(test, 4096, DMASTREAM_KIND_SG, DMA_FROM_DEVICE);
	fill_src(test, s, 77);
	t->m->delay_ms = 150;
	x = dmastream_submit_memcpy(t->dc, d, 0, s, 0, 4096, 2000, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), 0);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_result(x, &bytes, &lat), 0);
	KUNIT_EXPECT_EQ(test, bytes, 4096ull);
	KUNIT_EXPECT_GE(test, lat, 150ull * NSEC_PER_MSEC);
	dmastream_xfer_put(x);
	t->m->delay_ms = 0;
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(d), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(s), 0);
	KUNIT_EXPECT_EQ(test, memcmp(dmastream_buf_vaddr(d),
				     dmastream_buf_vaddr(s), 4096), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

struct cb_probe {
	struct completion entered;
	struct completion left;
	bool destroyed;		/* set once dmastream_chan_destroy() returned */
	bool saw_destroyed;	/* the callback outlived the channel */
};

static void slow_cb(struct dmastream_xfer *x, void *ctx)
{
	struct cb_probe *p = ctx;

	complete(&p->entered);
	msleep(100);
	p->saw_destroyed = READ_ONCE(p->destroyed);
	complete(&p->left);
}

/*
 * dmastream_chan_destroy() while the timeout work of one of its transfers
 * runs (here: in the transfer's completion callback): destroy must wait
 * for that work, which uses the channel until it returns.
 */
static void ds_destroy_vs_timeout(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *s, *d;
	struct dmastream_xfer *x;
	struct cb_probe p = { };

	init_completion(&p.entered);
	init_completion(&p.left);
	s = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	be_hold(t);
	x = dmastream_submit_memcpy(t->dc, d, 0, s, 0, 256, 20, slow_cb, &p);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&p.entered, 5 * HZ),
			0ul);
	dmastream_chan_destroy(t->dc);
	t->dc = NULL;
	WRITE_ONCE(p.destroyed, true);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&p.left, 5 * HZ),
			0ul);
	KUNIT_EXPECT_FALSE_MSG(test, p.saw_destroyed,
			       "dmastream_chan_destroy() returned while the timeout work still ran");
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), -ETIMEDOUT);
	dmastream_xfer_put(x);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

struct race {
	struct dmastream_buf *b;
	atomic_t iters;
};

/* Hands the buffer to the device over and over (it may own it already). */
static int race_end_cpu(void *arg)
{
	struct race *r = arg;

	while (!kthread_should_stop()) {
		dmastream_buf_end_cpu(r->b);
		atomic_inc(&r->iters);
		cond_resched();
	}
	return 0;
}

/*
 * end_cpu racing a submission of the same buffer: the submission lands
 * (this thread has the higher priority) while end_cpu syncs.  Once both
 * are done the buffer must still be in flight: an end_cpu that marks it
 * DEVICE under a running transfer lets the CPU or a free at it.
 */
static void ds_race_end_cpu_submit(struct kunit *test)
{
	struct ds_test *t = test->priv;
	unsigned int i, submitted = 0, refused = 0, bad = 0, tries;
	struct task_struct *task;
	struct dmastream_buf *d;
	struct dmastream_xfer *x;
	struct race r = { };
	int n;

	r.b = alloc_buf(test, 256 * 1024, DMASTREAM_KIND_SG, DMA_TO_DEVICE);
	d = alloc_buf(test, 4096, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	atomic_set(&r.iters, 0);
	task = kthread_run(race_end_cpu, &r, "ds-race-end");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	sched_set_fifo_low(current);
	be_hold(t);
	for (i = 0; i < 100; i++) {
		usleep_range(50 + (i % 13) * 37, 100 + (i % 13) * 37);
		/* Refused while end_cpu syncs: try again once it is over. */
		for (tries = 0; tries < 50; tries++) {
			x = dmastream_submit_memcpy(t->dc, d, 0, r.b, 0, 64,
						    5000, NULL, NULL);
			if (!IS_ERR(x))
				break;
			refused++;
			usleep_range(100, 200);
		}
		if (IS_ERR(x))
			continue;
		submitted++;
		/* Let end_cpu finish what it was doing, and go round twice. */
		n = atomic_read(&r.iters);
		for (tries = 0; atomic_read(&r.iters) < n + 2 && tries < 1000;
		     tries++)
			usleep_range(100, 200);
		if (dmastream_buf_owner(r.b) != DMASTREAM_OWNER_INFLIGHT)
			bad++;
		be_release(t);
		KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), 0);
		dmastream_xfer_put(x);
		be_hold(t);
	}
	be_unhold(t);
	kthread_stop(task);
	sched_set_normal(current, 0);
	kunit_info(test, "%u rounds: %u submitted, %u submissions refused while end_cpu synced, %u lost the in-flight state\n",
		   i, submitted, refused, bad);
	KUNIT_EXPECT_EQ_MSG(test, bad, 0u,
			    "end_cpu marked an in-flight buffer device-owned");
	KUNIT_EXPECT_GT(test, submitted, 0u);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(r.b), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

/*
 * Races of hand-overs, submission, completion, free and destroy from
 * several threads, through the public API only.  The harness above
 * (struct race, a kthread hammering one call while this thread, at a
 * higher priority, submits) with what the racing thread saw: @held is the
 * round number while this thread holds a transfer of the buffer in flight
 * (set after the submission returned, cleared before the release), so a
 * call that sees the same non-zero @held before and after it ran entirely
 * while the buffer was in flight and must have been refused.
 */
struct race_ck {
	struct race r;
	struct ds_test *t;
	atomic_t held;
	atomic_t ok;		/* calls that succeeded */
	atomic_t refused;	/* -EBUSY */
	atomic_t bad;		/* invariants broken */
	atomic_t other;		/* any other return */
	int first_bad;		/* what broke first (a RACE_BAD_*) */
	/* range case: rounds whose data the CPU may see */
	atomic_t cur;
	/* free case: the buffer to free, NULL once freed */
	struct dmastream_buf *fb;
	atomic_t freed;
};

enum {
	RACE_BAD_CPU_INFLIGHT = 1,	/* the CPU got a buffer in flight */
	RACE_BAD_NOT_CPU,		/* a CPU-owned buffer changed hands */
	RACE_BAD_DATA,			/* the CPU saw data of no round */
	RACE_BAD_FREED_INFLIGHT,	/* free succeeded under DMA */
	RACE_BAD_ERRNO,			/* not the documented errno */
};

static void race_bad(struct race_ck *c, int why)
{
	if (atomic_inc_return(&c->bad) == 1)
		c->first_bad = why;
}

/* Some of the time, a short pause: varied timing for the racer. */
static void race_jitter(void)
{
	u32 r = get_random_u32();

	if (!(r & 3))
		udelay((r >> 8) % 30);
	cond_resched();
}

/*
 * Half of the time, a sleep: the other side's chance to act between two
 * of the racer's hand-overs (a racer always syncing refuses it all).
 */
static void race_pause(void)
{
	u32 r = get_random_u32();

	if (r & 1)
		usleep_range(10, 10 + (r >> 8) % 100);
	else
		race_jitter();
}

static void race_start(struct kunit *test, struct race_ck *c,
		       int (*fn)(void *), const char *name,
		       struct task_struct **task)
{
	c->t = test->priv;
	atomic_set(&c->r.iters, 0);
	*task = kthread_run(fn, c, name);
	KUNIT_ASSERT_FALSE(test, IS_ERR(*task));
	sched_set_fifo_low(current);
}

static void race_stop(struct race_ck *c, struct task_struct *task)
{
	kthread_stop(task);
	sched_set_normal(current, 0);
}

/* Let the racer go round @n more times (bounded). */
static void race_wait_iters(struct race_ck *c, int n)
{
	int from = atomic_read(&c->r.iters);
	unsigned int tries;

	for (tries = 0; atomic_read(&c->r.iters) < from + n && tries < 1000;
	     tries++)
		usleep_range(50, 100);
}

/* Byte @i of the source pattern of the races. */
static u8 race_byte(size_t i)
{
	return (u8)(i * 13 + (i >> 9) + 1);
}

/* Takes the whole buffer for the CPU, over and over; never gives it back. */
static int race_begin_cpu(void *arg)
{
	struct race_ck *c = arg;
	int h0, h1, ret;

	while (!kthread_should_stop()) {
		h0 = atomic_read(&c->held);
		ret = dmastream_buf_begin_cpu(c->r.b);
		h1 = atomic_read(&c->held);
		if (!ret) {
			atomic_inc(&c->ok);
			if (h0 && h0 == h1)
				race_bad(c, RACE_BAD_CPU_INFLIGHT);
		} else if (ret == -EBUSY) {
			atomic_inc(&c->refused);
		} else {
			atomic_inc(&c->other);
		}
		atomic_inc(&c->r.iters);
		race_pause();
	}
	return 0;
}

/*
 * begin_cpu racing submissions of the same buffer: this thread hands it
 * back (end_cpu) and submits it, the racer takes it for the CPU.  While a
 * transfer of it is held in flight it must stay in flight: every begin_cpu
 * refused, the owner INFLIGHT (a begin_cpu that set CPU after its sync
 * under a transfer that claimed the buffer meanwhile breaks both), and
 * each copy carries the source's bytes.
 */
static void ds_race_begin_cpu_submit(struct kunit *test)
{
	struct ds_test *t = test->priv;
	unsigned int i, submitted = 0, refused = 0, lost = 0, wrong = 0;
	unsigned int tries, rounds = 300;
	struct task_struct *task;
	struct dmastream_buf *d;
	struct dmastream_xfer *x;
	struct race_ck c = { };
	size_t size = 256 * 1024, off, k;
	u8 *sp, *dp;

	c.r.b = alloc_buf(test, size, DMASTREAM_KIND_SG, DMA_BIDIRECTIONAL);
	d = alloc_buf(test, PAGE_SIZE, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	sp = dmastream_buf_vaddr(c.r.b);
	dp = dmastream_buf_vaddr(d);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(c.r.b), 0);
	for (k = 0; k < size; k++)
		sp[k] = race_byte(k);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(c.r.b), 0);
	race_start(test, &c, race_begin_cpu, "ds-race-begin", &task);
	for (i = 0; i < rounds; i++) {
		bool hold = i % 4 != 3;

		usleep_range(20 + get_random_u32() % 300, 400);
		if (hold)
			be_hold(t);
		/* Hand it back and submit before the racer takes it again. */
		for (tries = 0; tries < 5000; tries++) {
			dmastream_buf_end_cpu(c.r.b);
			off = (get_random_u32() % (size / PAGE_SIZE)) *
			      PAGE_SIZE;
			x = dmastream_submit_memcpy(t->dc, d, 0, c.r.b, off,
						    PAGE_SIZE, 5000, NULL,
						    NULL);
			if (!IS_ERR(x))
				break;
			refused++;
			usleep_range(10, 10 + get_random_u32() % 50);
		}
		if (IS_ERR(x)) {
			be_unhold(t);
			continue;
		}
		submitted++;
		if (hold) {
			atomic_set(&c.held, i + 1);
			race_wait_iters(&c, 2 + get_random_u32() % 4);
			if (dmastream_buf_owner(c.r.b) !=
			    DMASTREAM_OWNER_INFLIGHT)
				lost++;
			atomic_set(&c.held, 0);
			be_release(t);
		}
		KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), 0);
		dmastream_xfer_put(x);
		if (hold)
			be_unhold(t);
		if (dmastream_buf_begin_cpu(d)) {
			KUNIT_FAIL(test, "destination busy after its copy");
			break;
		}
		for (k = 0; k < PAGE_SIZE; k++)
			if (dp[k] != race_byte(off + k))
				break;
		wrong += k != PAGE_SIZE;
		KUNIT_EXPECT_EQ(test, dmastream_buf_end_cpu(d), 0);
	}
	race_stop(&c, task);
	kunit_info(test, "%u rounds (%d begin_cpu calls: %d took the buffer, %d refused): %u submitted, %u submissions refused, %u lost the in-flight state, %u wrong copies, %d begin_cpu got it in flight\n",
		   rounds, atomic_read(&c.r.iters), atomic_read(&c.ok),
		   atomic_read(&c.refused), submitted, refused, lost, wrong,
		   atomic_read(&c.bad));
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&c.bad), 0,
			    "begin_cpu handed an in-flight buffer to the CPU");
	KUNIT_EXPECT_EQ_MSG(test, lost, 0u,
			    "a held transfer's buffer was not in flight");
	KUNIT_EXPECT_EQ(test, wrong, 0u);
	KUNIT_EXPECT_EQ(test, atomic_read(&c.other), 0);
	KUNIT_EXPECT_GT(test, submitted, rounds / 2);
	KUNIT_EXPECT_GT(test, atomic_read(&c.ok), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&c.refused), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(c.r.b), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

/*
 * Frees the buffer it is given, trying until the free is accepted.  A
 * free must be refused (-EBUSY, nothing else) while a transfer uses the
 * buffer: while this thread's round is held in flight, and on the mock
 * while the device has not completed what was issued.
 */
static int race_free(void *arg)
{
	struct race_ck *c = arg;
	struct mock_dma *m = c->t->m;
	struct dmastream_buf *b;
	int h0, h1, ret;

	while (!kthread_should_stop()) {
		/* Taken, so the round's thread cannot take it back meanwhile */
		b = xchg(&c->fb, NULL);
		if (!b) {
			usleep_range(20, 50);
			continue;
		}
		h0 = atomic_read(&c->held);
		ret = dmastream_buf_free(b);
		h1 = atomic_read(&c->held);
		atomic_inc(&c->r.iters);
		if (!ret) {
			if ((h0 && h0 == h1) ||
			    (m && READ_ONCE(m->done_cookie) !=
				  READ_ONCE(m->last_cookie)))
				race_bad(c, RACE_BAD_FREED_INFLIGHT);
			atomic_inc(&c->ok);
			/* Gone: the round's thread sees the count move. */
			atomic_inc(&c->freed);
			continue;
		}
		/* Not freed: offer it again (to the round's thread too). */
		smp_store_release(&c->fb, b);
		if (ret == -EBUSY) {
			atomic_inc(&c->refused);
		} else {
			atomic_inc(&c->other);
			race_bad(c, RACE_BAD_ERRNO);
		}
		race_jitter();
	}
	return 0;
}

/*
 * Free racing a transfer's flight and completion: held in flight, running
 * freely (the free lands while the provider completes), or failing (the
 * completion syncs the buffers for the CPU).  The free is refused until
 * the device is done, then accepted once; the copy is right; every buffer
 * allocated is freed exactly once.
 */
static void ds_race_free_inflight(struct kunit *test)
{
	struct ds_test *t = test->priv;
	unsigned int i, rounds = 150, allocs = 0, frees = 0, wrong = 0;
	unsigned int lost = 0, never = 0;
	struct task_struct *task;
	struct dmastream_buf *b, *d;
	unsigned long end;
	int freed0;
	struct dmastream_xfer *x;
	struct race_ck c = { };
	size_t size, k;
	u8 *sp, *dp;
	int ret;

	d = alloc_buf(test, 64 * 1024, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	dp = dmastream_buf_vaddr(d);
	race_start(test, &c, race_free, "ds-race-free", &task);
	for (i = 0; i < rounds; i++) {
		unsigned int mode = i % 3;	/* held, free running, fault */

		size = PAGE_SIZE * (1 + get_random_u32() % 16);
		b = dmastream_buf_alloc(t->dc, size, i & 1 ?
					DMASTREAM_KIND_SG :
					DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
		if (IS_ERR(b)) {
			KUNIT_FAIL(test, "allocation: %ld", PTR_ERR(b));
			break;
		}
		allocs++;
		sp = dmastream_buf_vaddr(b);
		KUNIT_EXPECT_EQ(test, dmastream_buf_begin_cpu(b), 0);
		for (k = 0; k < size; k++)
			sp[k] = race_byte(k + i);
		KUNIT_EXPECT_EQ(test, dmastream_buf_end_cpu(b), 0);
		if (mode == 0)
			be_hold(t);
		else if (mode == 2)
			be_fail_next(t);
		x = dmastream_submit_memcpy(t->dc, d, 0, b, 0, size, 5000,
					    NULL, NULL);
		if (IS_ERR(x)) {
			KUNIT_FAIL(test, "submission: %ld", PTR_ERR(x));
			be_unhold(t);
			frees += !dmastream_buf_free(b);
			break;
		}
		if (mode == 0)
			atomic_set(&c.held, i + 1);
		freed0 = atomic_read(&c.freed);
		/* The racer frees from now on (pairs with its xchg). */
		smp_store_release(&c.fb, b);
		if (mode == 0) {
			race_wait_iters(&c, 2 + get_random_u32() % 4);
			usleep_range(get_random_u32() % 200, 300);
			if (dmastream_buf_owner(b) != DMASTREAM_OWNER_INFLIGHT)
				lost++;
			atomic_set(&c.held, 0);
			be_release(t);
		}
		ret = dmastream_xfer_wait(x);
		KUNIT_EXPECT_EQ(test, ret, mode == 2 ? -EIO : 0);
		dmastream_xfer_put(x);
		if (mode == 0)
			be_unhold(t);
		/*
		 * The racer's free accepted: its count moves past freed0
		 * (up to 5 s: a debug kernel's racer can be that slow).
		 */
		end = jiffies + 5 * HZ;
		while (atomic_read(&c.freed) == freed0 &&
		       time_before(jiffies, end))
			usleep_range(100, 200);
		/*
		 * Never accepted (yet): take b back, or it leaks.  The racer
		 * may hold it right now (a slow kernel): wait until it offers
		 * it again or frees it.
		 */
		while (atomic_read(&c.freed) == freed0) {
			if (xchg(&c.fb, NULL)) {
				never++;
				KUNIT_EXPECT_EQ(test, dmastream_buf_free(b), 0);
				frees++;
				break;
			}
			usleep_range(100, 200);
		}
		if (dmastream_buf_begin_cpu(d)) {
			KUNIT_FAIL(test, "destination busy after its copy");
			break;
		}
		if (mode != 2) {
			for (k = 0; k < size; k++)
				if (dp[k] != race_byte(k + i))
					break;
			wrong += k != size;
		}
		KUNIT_EXPECT_EQ(test, dmastream_buf_end_cpu(d), 0);
	}
	race_stop(&c, task);
	frees += atomic_read(&c.freed);
	kunit_info(test, "%u rounds: %u buffers allocated, %u freed (%d by the racer after %d refusals), %u never freed by it, %u lost the in-flight state, %u wrong copies, %d frees under DMA\n",
		   rounds, allocs, frees, atomic_read(&c.freed),
		   atomic_read(&c.refused), never, lost, wrong,
		   atomic_read(&c.bad));
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&c.bad), 0,
			    "a buffer was freed in flight, or not with -EBUSY refused");
	KUNIT_EXPECT_EQ(test, lost, 0u);
	KUNIT_EXPECT_EQ(test, never, 0u);
	KUNIT_EXPECT_EQ(test, wrong, 0u);
	KUNIT_EXPECT_EQ(test, frees, allocs);
	KUNIT_EXPECT_GT(test, atomic_read(&c.refused), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

/* What round @n of the range case writes into its destination. */
static u8 race_stamp(int n)
{
	return n < 0 ? 0 : (u8)(0x10 + n % 4);
}

/*
 * Takes random ranges of the destination for the CPU (sometimes a second
 * one on top), reads them, gives them back.  What it reads must be one
 * round's bytes, and of a round that may have completed; a CPU-owned
 * buffer stays so until it gives it back; a hand-over entirely inside a
 * held transfer must be refused.
 */
static int race_range(void *arg)
{
	struct race_ck *c = arg;
	struct dmastream_buf *b = c->r.b;
	size_t size = dmastream_buf_size(b), off, len, off2, len2, k;
	const u8 *p = dmastream_buf_vaddr(b);
	int h0, h1, n0, n1, ret, j;
	bool good;

	while (!kthread_should_stop()) {
		off = get_random_u32() % size;
		len = 1 + get_random_u32() % (size - off);
		h0 = atomic_read(&c->held);
		n0 = atomic_read(&c->cur);
		ret = dmastream_buf_begin_cpu_range(b, off, len,
						    DMASTREAM_CPU_READ);
		h1 = atomic_read(&c->held);
		atomic_inc(&c->r.iters);
		if (ret == -EBUSY) {
			atomic_inc(&c->refused);
			race_jitter();
			continue;
		}
		if (ret) {
			atomic_inc(&c->other);
			race_jitter();
			continue;
		}
		atomic_inc(&c->ok);
		if (h0 && h0 == h1)
			race_bad(c, RACE_BAD_CPU_INFLIGHT);
		off2 = off;
		len2 = len;
		if (!(get_random_u32() & 3)) {
			/* A second range while the CPU has it. */
			off2 = get_random_u32() % size;
			len2 = 1 + get_random_u32() % (size - off2);
			if (dmastream_buf_begin_cpu_range(b, off2, len2,
							  DMASTREAM_CPU_READ))
				race_bad(c, RACE_BAD_NOT_CPU);
		}
		race_jitter();
		n1 = atomic_read(&c->cur);
		good = false;
		for (j = n0 - 1; j <= n1 && !good; j++) {
			for (k = 0; k < len; k++)
				if (p[off + k] != race_stamp(j))
					break;
			good = k == len;
		}
		if (!good)
			race_bad(c, RACE_BAD_DATA);
		if (dmastream_buf_owner(b) != DMASTREAM_OWNER_CPU)
			race_bad(c, RACE_BAD_NOT_CPU);
		/*
		 * One hand-back of both ranges: after a first one the buffer
		 * is the device's, and a submission may take it.
		 */
		k = min(off, off2);
		ret = dmastream_buf_end_cpu_range(b, k, max(off + len,
							    off2 + len2) - k);
		if (ret)
			race_bad(c, RACE_BAD_NOT_CPU);
		race_pause();
	}
	return 0;
}

/*
 * Range hand-overs of a transfer's destination racing its submission and
 * completion: rounds copy one of four sources (each one byte value) over
 * the whole destination, held in flight or running freely, while the
 * racer takes, reads and gives back sub-ranges.
 */
static void ds_race_range_completion(struct kunit *test)
{
	struct ds_test *t = test->priv;
	unsigned int i, rounds = 300, submitted = 0, refused = 0, lost = 0;
	unsigned int tries, wrong = 0;
	struct dmastream_buf *s[4];
	struct task_struct *task;
	struct dmastream_xfer *x;
	struct race_ck c = { };
	size_t size = 4 * PAGE_SIZE, k;
	const u8 *dp;

	for (i = 0; i < ARRAY_SIZE(s); i++) {
		s[i] = alloc_buf(test, size, DMASTREAM_KIND_SINGLE,
				 DMA_TO_DEVICE);
		KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(s[i]), 0);
		memset(dmastream_buf_vaddr(s[i]), race_stamp(i), size);
		KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(s[i]), 0);
	}
	c.r.b = alloc_buf(test, size, DMASTREAM_KIND_SG, DMA_FROM_DEVICE);
	dp = dmastream_buf_vaddr(c.r.b);
	race_start(test, &c, race_range, "ds-race-range", &task);
	for (i = 0; i < rounds; i++) {
		bool hold = i & 1;

		usleep_range(get_random_u32() % 200, 250);
		atomic_set(&c.cur, i);
		if (hold)
			be_hold(t);
		for (tries = 0; tries < 5000; tries++) {
			x = dmastream_submit_memcpy(t->dc, c.r.b, 0, s[i % 4],
						    0, size, 5000, NULL, NULL);
			if (!IS_ERR(x))
				break;
			refused++;
			usleep_range(10, 10 + get_random_u32() % 50);
		}
		if (IS_ERR(x)) {
			/* Nothing of round i will be seen: no such round. */
			be_unhold(t);
			KUNIT_FAIL(test, "round %u never submitted: %ld", i,
				   PTR_ERR(x));
			break;
		}
		submitted++;
		if (hold) {
			atomic_set(&c.held, i + 1);
			race_wait_iters(&c, 2 + get_random_u32() % 4);
			if (dmastream_buf_owner(c.r.b) !=
			    DMASTREAM_OWNER_INFLIGHT)
				lost++;
			atomic_set(&c.held, 0);
			be_release(t);
		}
		KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), 0);
		dmastream_xfer_put(x);
		if (hold)
			be_unhold(t);
	}
	race_stop(&c, task);
	/* The last round's bytes, all of them. */
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(c.r.b), 0);
	for (k = 0; k < size; k++)
		wrong += dp[k] != race_stamp(i - 1);
	kunit_info(test, "%u rounds: %u submitted, %u submissions refused; %d range hand-overs (%d took it, %d refused), %u lost the in-flight state, %d broke an invariant (first: %d)\n",
		   rounds, submitted, refused, atomic_read(&c.r.iters),
		   atomic_read(&c.ok), atomic_read(&c.refused), lost,
		   atomic_read(&c.bad), c.first_bad);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&c.bad), 0,
			    "range hand-over broke ownership or saw no round's data (first: %d)",
			    c.first_bad);
	KUNIT_EXPECT_EQ(test, lost, 0u);
	KUNIT_EXPECT_EQ(test, wrong, 0u);
	KUNIT_EXPECT_EQ(test, atomic_read(&c.other), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&c.ok), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&c.refused), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(c.r.b), 0);
	for (i = 0; i < ARRAY_SIZE(s); i++)
		KUNIT_EXPECT_EQ(test, dmastream_buf_free(s[i]), 0);
}

/* A chain of copies, each resubmitted from its predecessor's callback. */
struct race_chain {
	struct dmastream_chan *dc;
	struct dmastream_buf *s, *d;
	size_t len;
	atomic_t submitted;	/* accepted submissions */
	atomic_t called;	/* callbacks */
	atomic_t ended;		/* the chain stopped: cancelled or refused */
	atomic_t shutdown;	/* resubmissions refused -ESHUTDOWN */
	atomic_t bad;		/* any other error */
	atomic_t late;		/* callbacks after destroy returned */
	atomic_t destroyed;
};

static void race_chain_cb(struct dmastream_xfer *x, void *ctx)
{
	struct race_chain *c = ctx;
	const struct dmastream_xfer_opts o = {
		.done = race_chain_cb, .ctx = c, .gfp = GFP_ATOMIC,
		.timeout_ms = DMASTREAM_TIMEOUT_NONE,
	};
	struct dmastream_xfer *nx;
	int err = dmastream_xfer_result(x, NULL, NULL);

	if (atomic_read(&c->destroyed))
		atomic_inc(&c->late);
	dmastream_xfer_put(x);
	if (err) {
		if (err != -ECANCELED)
			atomic_inc(&c->bad);
		atomic_inc(&c->ended);
		atomic_inc(&c->called);
		return;
	}
	nx = dmastream_memcpy(c->dc, c->d, 0, c->s, 0, c->len, &o);
	if (!IS_ERR(nx)) {
		atomic_inc(&c->submitted);
	} else {
		if (PTR_ERR(nx) == -ESHUTDOWN)
			atomic_inc(&c->shutdown);
		else
			atomic_inc(&c->bad);
		atomic_inc(&c->ended);
	}
	/* Counted last: the destroying thread waits for it. */
	atomic_inc(&c->called);
}

/*
 * dmastream_chan_destroy() racing a completion callback that resubmits:
 * after a random time of a chain running, the wrapper is destroyed.  The
 * chain ends exactly once (its transfer cancelled, or its resubmission
 * refused with -ESHUTDOWN), every accepted submission is called back once
 * and before destroy returns, none after, and the buffers are idle again.
 * A new wrapper of the same channel each round.
 */
static void ds_race_destroy_resubmit(struct kunit *test)
{
	struct ds_test *t = test->priv;
	const struct dmastream_chan_config cfg = {
		.name = "kunit-race",
		.alloc_dev = t->m ? &t->m->pdev->dev : t->chan->device->dev,
	};
	unsigned int i, rounds = 100, unbalanced = 0, not_ended = 0;
	unsigned int busy = 0, wrong = 0, cancelled = 0, refused = 0;
	struct race_chain c = { };
	struct dmastream_xfer *x;
	size_t k;

	c.len = 2048;
	c.s = alloc_buf(test, c.len, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	c.d = alloc_buf(test, c.len, DMASTREAM_KIND_SG, DMA_FROM_DEVICE);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(c.s), 0);
	for (k = 0; k < c.len; k++)
		((u8 *)dmastream_buf_vaddr(c.s))[k] = race_byte(k);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(c.s), 0);
	/* The fixture's wrapper would see the rounds' transfers: not used. */
	dmastream_chan_destroy(t->dc);
	t->dc = NULL;
	sched_set_fifo_low(current);
	for (i = 0; i < rounds; i++) {
		const struct dmastream_xfer_opts o = {
			.done = race_chain_cb, .ctx = &c,
			.timeout_ms = DMASTREAM_TIMEOUT_NONE,
		};
		int ended;

		c.dc = dmastream_chan_create(t->chan, &cfg);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, c.dc);
		atomic_set(&c.submitted, 0);
		atomic_set(&c.called, 0);
		atomic_set(&c.ended, 0);
		atomic_set(&c.destroyed, 0);
		x = dmastream_memcpy(c.dc, c.d, 0, c.s, 0, c.len, &o);
		if (IS_ERR(x)) {
			/* The last destroy returned with its chain running. */
			KUNIT_FAIL(test, "round %u: first submission %ld", i,
				   PTR_ERR(x));
			dmastream_chan_destroy(c.dc);
			break;
		}
		atomic_inc(&c.submitted);
		if (i % 5)
			usleep_range(get_random_u32() % 2000, 2100);
		else
			udelay(get_random_u32() % 20);
		dmastream_chan_destroy(c.dc);
		atomic_set(&c.destroyed, 1);
		ended = atomic_read(&c.ended);
		if (atomic_read(&c.called) != atomic_read(&c.submitted))
			unbalanced++;
		if (ended != 1)
			not_ended++;
		refused += atomic_read(&c.shutdown);
		cancelled += !atomic_read(&c.shutdown);
		/* Idle again: no transfer holds them, no sync runs. */
		if (dmastream_buf_owner(c.s) == DMASTREAM_OWNER_INFLIGHT ||
		    dmastream_buf_owner(c.s) == DMASTREAM_OWNER_SYNCING ||
		    dmastream_buf_owner(c.d) == DMASTREAM_OWNER_INFLIGHT ||
		    dmastream_buf_owner(c.d) == DMASTREAM_OWNER_SYNCING)
			busy++;
		/* A chain that ended refused had copied the whole source. */
		if (!dmastream_buf_begin_cpu(c.d) && atomic_read(&c.shutdown)) {
			for (k = 0; k < c.len; k++)
				if (((u8 *)dmastream_buf_vaddr(c.d))[k] !=
				    race_byte(k))
					break;
			wrong += k != c.len;
		}
		dmastream_buf_end_cpu(c.d);
		dmastream_buf_end_cpu(c.s);
		atomic_set(&c.shutdown, 0);
	}
	sched_set_normal(current, 0);
	/* Nothing is called back once the last wrapper is gone. */
	msleep(20);
	kunit_info(test, "%u rounds of destroy under a resubmitting chain (%u ended cancelled, %u refused -ESHUTDOWN): %u unbalanced, %u not ended once, %u buffers left busy, %u wrong copies, %d bad errors, %d callbacks after destroy\n",
		   rounds, cancelled, refused, unbalanced, not_ended, busy,
		   wrong,
		   atomic_read(&c.bad), atomic_read(&c.late));
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&c.late), 0,
			    "a callback ran after dmastream_chan_destroy() returned");
	KUNIT_EXPECT_EQ(test, unbalanced, 0u);
	KUNIT_EXPECT_EQ(test, not_ended, 0u);
	KUNIT_EXPECT_EQ(test, busy, 0u);
	KUNIT_EXPECT_EQ(test, wrong, 0u);
	KUNIT_EXPECT_EQ(test, atomic_read(&c.bad), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(c.s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(c.d), 0);
}

/* A fault: -EIO, buffers to the CPU; a refused prep leaves them idle. */
static void ds_fault_and_prep_failure(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *s, *d;
	struct dmastream_xfer *x;
	u64 bytes = ~0ull;

	s = alloc_buf(test, 4096, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d = alloc_buf(test, 4096, DMASTREAM_KIND_SG, DMA_FROM_DEVICE);
	fill_src(test, s, 3);
	be_fail_next(t);
	x = dmastream_submit_memcpy(t->dc, d, 0, s, 0, 4096, 0, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), -EIO);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_result(x, &bytes, NULL), -EIO);
	KUNIT_EXPECT_LT(test, bytes, 4096ull);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(d), DMASTREAM_OWNER_CPU);
	dmastream_xfer_put(x);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(s), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(d), 0);
	be_fail_prep(t, true);
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d, 0, s, 0, 4096,
						    0), -ENOMEM);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(d), DMASTREAM_OWNER_DEVICE);
	be_fail_prep(t, false);
	copy_check(test, d, 0, s, 0, 4096);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

static bool ds_bounced(struct ds_test *t)
{
	return is_swiotlb_force_bounce(dmastream_chan_dma_device(t->dc));
}

static unsigned int count_byte(const u8 *p, size_t n, u8 v)
{
	unsigned int k = 0;

	while (n--)
		k += *p++ == v;
	return k;
}

/*
 * Range hand-overs sync only their range.  Behind a bounce pool that is
 * visible: bytes outside the range stay as the other side last saw them.
 * Without one (the mock, or no pool) every byte is current.
 */
static void ds_range_handover(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *s, *d;
	bool bounce = ds_bounced(t);
	u8 *sp, *dp;

	s = alloc_buf(test, 8192, DMASTREAM_KIND_SG, DMA_TO_DEVICE);
	d = alloc_buf(test, 8192, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	sp = dmastream_buf_vaddr(s);
	dp = dmastream_buf_vaddr(d);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(s), 0);
	memset(sp, 0xaa, 8192);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(s), 0);
	/* The CPU writes all of it but hands back only the first half. */
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu_range(s, 0, 8192,
							    DMASTREAM_CPU_WRITE),
			0);
	memset(sp, 0xbb, 8192);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu_range(s, 0, 4096), 0);
	KUNIT_ASSERT_EQ(test, dmastream_memcpy_sync(t->dc, d, 0, s, 0, 8192,
						    0), 0);
	/* The CPU reads back only the second half. */
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu_range(d, 4096, 4096,
							    DMASTREAM_CPU_READ),
			0);
	KUNIT_EXPECT_EQ(test, count_byte(dp + 4096, 4096, bounce ? 0xaa : 0xbb),
			4096u);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu_range(d, 0, 4096,
							    DMASTREAM_CPU_READ),
			0);
	KUNIT_EXPECT_EQ(test, count_byte(dp, 4096, 0xbb), 4096u);
	kunit_info(test, "bounce pool: %s\n", bounce ? "yes" : "no");
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

/* ---- streaming rings ---- */

/*
 * The "peripheral" of a ring.  Mock: mock_cyclic_step() moves periods.
 * dma330: a cyclic transfer between the ring and a memory FIFO (one
 * address, not incremented), held by a gate before every period; each
 * release lets exactly one period move.  Capture data is the word in the
 * FIFO when its period moves (a stamp the test writes); playback leaves
 * the last word of the period played in the FIFO.
 */
struct ring_be {
	struct dmastream_buf *fifo;	/* dma330 */
	u64 steps;			/* periods let through so far */
};

static void ring_be_init(struct kunit *test, struct ring_be *be,
			 struct dmastream_ring_config *cfg, bool capture,
			 size_t period, unsigned int periods)
{
	struct ds_test *t = test->priv;
	dma_addr_t fifo = 0;
	size_t len;

	memset(be, 0, sizeof(*be));
	memset(cfg, 0, sizeof(*cfg));
	cfg->dir = capture ? DMA_DEV_TO_MEM : DMA_MEM_TO_DEV;
	cfg->period_bytes = period;
	cfg->periods = periods;
	if (t->m) {
		t->m->dd.residue_granularity = DMA_RESIDUE_GRANULARITY_BURST;
	} else {
		be->fifo = alloc_buf(test, 64, DMASTREAM_KIND_SINGLE,
				     DMA_BIDIRECTIONAL);
		KUNIT_ASSERT_EQ(test, dmastream_buf_segment(be->fifo, 0, &fifo,
							    &len), 0);
		KUNIT_ASSERT_EQ(test, dma330_test_set_periph(t->chan, 2), 0);
		KUNIT_ASSERT_EQ(test, dma330_test_set_gate(t->chan, t->gate,
							   period), 0);
	}
	cfg->slave.direction = cfg->dir;
	cfg->slave.src_addr = fifo;
	cfg->slave.dst_addr = fifo;
	cfg->slave.src_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES;
	cfg->slave.dst_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES;
	cfg->slave.src_maxburst = 1;
	cfg->slave.dst_maxburst = 1;
}

static void ring_be_exit(struct kunit *test, struct ring_be *be)
{
	struct ds_test *t = test->priv;

	if (!t->m) {
		dma330_test_set_gate(t->chan, -1, 0);
		KUNIT_EXPECT_EQ(test, dmastream_buf_free(be->fifo), 0);
	}
}

/* The next period the device moves is made of @stamp (capture). */
static void ring_be_stamp(struct kunit *test, struct ring_be *be, u32 stamp)
{
	struct ds_test *t = test->priv;
	u32 *p;
	int i;

	if (t->m) {
		t->m->cyc_stamp = stamp;
		return;
	}
	p = dmastream_buf_vaddr(be->fifo);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(be->fifo), 0);
	for (i = 0; i < 16; i++)
		p[i] = stamp;
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(be->fifo), 0);
}

/* The last word the device sent to the FIFO (playback). */
static u32 ring_be_sent(struct kunit *test, struct ring_be *be,
			size_t period)
{
	struct ds_test *t = test->priv;
	u32 w;

	if (t->m)
		return *(u32 *)&t->m->fifo[period - 4];
	KUNIT_EXPECT_EQ(test, dmastream_buf_begin_cpu(be->fifo), 0);
	w = *(u32 *)dmastream_buf_vaddr(be->fifo);
	KUNIT_EXPECT_EQ(test, dmastream_buf_end_cpu(be->fifo), 0);
	return w;
}

/* Let the device move one period; wait until the ring's position has it. */
static void ring_be_step(struct kunit *test, struct ring_be *be,
			 struct dmastream_ring *r)
{
	struct ds_test *t = test->priv;
	struct dmastream_ring_status st;
	unsigned int k;

	if (t->m)
		mock_cyclic_step(t->m, 1);
	else
		KUNIT_ASSERT_EQ(test, dma330_test_release_gate(t->chan, t->gate),
				0);
	be->steps++;
	for (k = 0; k < 2000; k++) {
		dmastream_ring_status(r, &st);
		if (st.hw_periods >= be->steps)
			break;
		usleep_range(20, 50);
	}
	KUNIT_ASSERT_EQ_MSG(test, st.hw_periods, be->steps,
			    "ring position after %llu periods", be->steps);
}

/* Every word of the period is @want. */
static bool ring_period_is(struct dmastream_ring *r,
			   const struct dmastream_ring_period *p, u32 want)
{
	const u32 *w = dmastream_buf_vaddr(dmastream_ring_buf(r)) + p->offset;
	size_t i;

	for (i = 0; i < p->len / 4; i++)
		if (w[i] != want)
			return false;
	return true;
}

/* Capture period @seq must be the next one, and hold its stamp. */
static void ring_take(struct kunit *test, struct dmastream_ring *r, u64 seq)
{
	struct dmastream_ring_period p;

	KUNIT_ASSERT_EQ_MSG(test, dmastream_ring_dequeue(r, &p), 0,
			    "period %llu", seq);
	KUNIT_ASSERT_EQ(test, p.seq, seq);
	KUNIT_EXPECT_TRUE_MSG(test, ring_period_is(r, &p, RING_STAMP(seq)),
			      "period %llu (slot %u): data of %#x expected, first word %#x",
			      seq, p.index, RING_STAMP(seq),
			      *(u32 *)(dmastream_buf_vaddr(dmastream_ring_buf(r)) +
				       p.offset));
	KUNIT_EXPECT_EQ(test, dmastream_ring_queue(r, p.index), 0);
}

/* The device captures period @seq of @r, made of its stamp. */
static void ring_be_fill(struct kunit *test, struct ring_be *be,
			 struct dmastream_ring *r, u64 seq)
{
	ring_be_stamp(test, be, RING_STAMP(seq));
	ring_be_step(test, be, r);
}

/* ... and the consumer takes it at once. */
static void ring_capture(struct kunit *test, struct ring_be *be,
			 struct dmastream_ring *r, u64 seq)
{
	ring_be_fill(test, be, r, seq);
	ring_take(test, r, seq);
}

static struct dmastream_ring *ring_new(struct kunit *test,
				       struct dmastream_ring_config *cfg)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *b;
	struct dmastream_ring *r;

	b = alloc_buf(test, cfg->period_bytes * cfg->periods,
		      DMASTREAM_KIND_SINGLE,
		      cfg->dir == DMA_DEV_TO_MEM ? DMA_FROM_DEVICE :
						   DMA_TO_DEVICE);
	r = dmastream_ring_create(t->dc, b, cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	return r;
}

static void ring_free(struct kunit *test, struct dmastream_ring *r)
{
	struct dmastream_buf *b = dmastream_ring_buf(r);

	dmastream_ring_destroy(r);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(b), DMASTREAM_OWNER_DEVICE);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(b), 0);
}

/*
 * 10 000 captured periods, each taken as soon as it is finished: every
 * one arrives, in order, with its own data (synced for the CPU, period by
 * period: behind a bounce pool a missed sync shows the last lap's data).
 */
static void ds_ring_capture_10000(struct kunit *test)
{
	struct dmastream_ring_config cfg;
	struct dmastream_ring_status st;
	struct dmastream_ring *r;
	struct ring_be be;
	u64 seq;

	ring_be_init(test, &be, &cfg, true, 256, 8);
	r = ring_new(test, &cfg);
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(r), 0);
	for (seq = 0; seq < 10000; seq++)
		ring_capture(test, &be, r, seq);
	KUNIT_EXPECT_EQ(test, dmastream_ring_stop(r), 0);
	dmastream_ring_status(r, &st);
	KUNIT_EXPECT_EQ(test, st.hw_periods, 10000ull);
	KUNIT_EXPECT_EQ(test, st.dequeued, 10000ull);
	KUNIT_EXPECT_EQ(test, st.queued, 10000ull);
	KUNIT_EXPECT_EQ(test, st.overruns, 0ull);
	KUNIT_EXPECT_EQ(test, st.clobbered, 0ull);
	KUNIT_EXPECT_EQ(test, st.laps, 0ull);
	kunit_info(test, "10000 periods, %llu callbacks\n", st.callbacks);
	ring_free(test, r);
	ring_be_exit(test, &be);
}

/*
 * A slow consumer.  A ring of N periods keeps at most N - 1 finished ones
 * (the device is always in the N-th): a consumer that stalls while k >= N
 * periods finish loses exactly k - (N - 1), the oldest, and then gets the
 * newest N - 1, intact.  A period held while the device comes round to it
 * is overwritten under the consumer: one overrun more, reported when it
 * is handed back, and the period the device wrote there on that lap is
 * not delivered.
 */
static void ds_ring_capture_overrun(struct kunit *test)
{
	const unsigned int n = 8, stall = 20;
	struct dmastream_ring_config cfg;
	struct dmastream_ring_period p, q;
	struct dmastream_ring_status st;
	struct dmastream_ring *r;
	struct ring_be be;
	u64 seq = 0, i;

	ring_be_init(test, &be, &cfg, true, 128, n);
	r = ring_new(test, &cfg);
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(r), 0);
	/* The whole buffer is the ring's while it exists. */
	KUNIT_EXPECT_EQ(test, dmastream_buf_begin_cpu(dmastream_ring_buf(r)),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(dmastream_ring_buf(r)),
			-EBUSY);
	for (; seq < 10; seq++)
		ring_capture(test, &be, r, seq);
	/* Stall: 20 periods finish, nobody takes any. */
	for (i = 0; i < stall; i++, seq++)
		ring_be_fill(test, &be, r, seq);
	dmastream_ring_status(r, &st);
	KUNIT_EXPECT_EQ(test, st.overruns, (u64)(stall - (n - 1)));
	KUNIT_EXPECT_EQ(test, st.available, n - 1);
	for (i = seq - (n - 1); i < seq; i++)
		ring_take(test, r, i);
	KUNIT_EXPECT_EQ(test, dmastream_ring_dequeue(r, &p), -EAGAIN);

	/* Hold one period while the device laps the ring. */
	ring_be_fill(test, &be, r, seq);
	KUNIT_ASSERT_EQ(test, dmastream_ring_dequeue(r, &p), 0);
	KUNIT_EXPECT_EQ(test, p.seq, seq);
	KUNIT_EXPECT_TRUE(test, ring_period_is(r, &p, RING_STAMP(seq)));
	seq++;
	for (i = 0; i < n; i++, seq++) {
		ring_be_fill(test, &be, r, seq);
		if (i == n - 1) {
			/* written under the consumer: not delivered */
			KUNIT_EXPECT_EQ(test, dmastream_ring_dequeue(r, &q),
					-EAGAIN);
			continue;
		}
		ring_take(test, r, seq);
	}
	KUNIT_EXPECT_EQ(test, dmastream_ring_queue(r, p.index),
			DMASTREAM_RING_CLOBBERED);
	KUNIT_EXPECT_EQ(test, dmastream_ring_queue(r, p.index), -EBUSY);
	/* Keeping up again: no more losses. */
	for (i = 0; i < 2 * n; i++, seq++)
		ring_capture(test, &be, r, seq);
	dmastream_ring_status(r, &st);
	KUNIT_EXPECT_EQ(test, st.overruns, (u64)(stall - (n - 1)) + 1);
	KUNIT_EXPECT_EQ(test, st.clobbered, 1ull);
	KUNIT_EXPECT_EQ(test, st.hw_periods, seq);
	KUNIT_EXPECT_EQ(test, st.held, 0u);
	ring_free(test, r);
	ring_be_exit(test, &be);
}

/* Playback: fill the next free period with its stamp and queue it. */
static int ring_give(struct kunit *test, struct dmastream_ring *r, u64 *seq)
{
	struct dmastream_ring_period p;
	u32 *w;
	size_t i;
	int ret;

	ret = dmastream_ring_dequeue(r, &p);
	if (ret)
		return ret;
	*seq = p.seq;
	w = dmastream_buf_vaddr(dmastream_ring_buf(r)) + p.offset;
	for (i = 0; i < p.len / 4; i++)
		w[i] = RING_STAMP(p.seq);
	return dmastream_ring_queue(r, p.index);
}

/* Keep the ring full: give periods until none is free. */
static unsigned int ring_fill(struct kunit *test, struct dmastream_ring *r)
{
	unsigned int k = 0;
	u64 seq;
	int ret;

	while (!(ret = ring_give(test, r, &seq)))
		k++;
	KUNIT_EXPECT_EQ(test, ret, -EAGAIN);
	return k;
}

/*
 * Playback: a producer that keeps the ring full never underruns and the
 * device plays every period's own data; one that stalls while k periods
 * play has queued N - 1 of them, so exactly k - (N - 1) are underruns (the
 * device replays the last lap's data there), and its next period is the
 * one after the device's.  A period held while the device reaches it is
 * an underrun too, reported when it is queued.
 */
static void ds_ring_playback_underrun(struct kunit *test)
{
	const unsigned int n = 4, period = 256, stall = 9;
	struct dmastream_ring_config cfg;
	struct dmastream_ring_status st;
	struct dmastream_ring_period p;
	struct dmastream_ring *r;
	struct ring_be be;
	u64 played = 0, i, seq;

	ring_be_init(test, &be, &cfg, false, period, n);
	r = ring_new(test, &cfg);
	/* Before start all N periods may be queued. */
	KUNIT_EXPECT_EQ(test, ring_fill(test, r), n);
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(r), 0);
	for (i = 0; i < 20; i++, played++) {
		ring_be_step(test, &be, r);
		KUNIT_EXPECT_EQ(test, ring_be_sent(test, &be, period),
				RING_STAMP(played));
		KUNIT_EXPECT_EQ(test, ring_fill(test, r), 1u);
	}
	dmastream_ring_status(r, &st);
	KUNIT_EXPECT_EQ(test, st.underruns, 0ull);
	/* Stall: the device is in period 20, 21..23 are queued. */
	for (i = 0; i < stall; i++, played++) {
		ring_be_step(test, &be, r);
		/* queued ones play their data, then the last lap's again */
		KUNIT_EXPECT_EQ(test, ring_be_sent(test, &be, period),
				RING_STAMP(played - n * (i / n)));
	}
	dmastream_ring_status(r, &st);
	KUNIT_EXPECT_EQ(test, st.underruns, (u64)(stall - (n - 1)));
	/* The producer resumes after the device's period. */
	KUNIT_ASSERT_EQ(test, ring_give(test, r, &seq), 0);
	KUNIT_EXPECT_EQ(test, seq, played + 1);
	KUNIT_EXPECT_EQ(test, ring_fill(test, r), n - 2);
	ring_be_step(test, &be, r);		/* the last lap's data */
	played++;
	/* Held while the device reaches it: an underrun, reported. */
	KUNIT_ASSERT_EQ(test, dmastream_ring_dequeue(r, &p), 0);
	KUNIT_EXPECT_EQ(test, p.seq, played + n - 1);
	for (i = 0; i < n - 1; i++, played++) {
		ring_be_step(test, &be, r);
		KUNIT_EXPECT_EQ(test, ring_be_sent(test, &be, period),
				RING_STAMP(played));
	}
	KUNIT_EXPECT_EQ(test, dmastream_ring_queue(r, p.index),
			DMASTREAM_RING_CLOBBERED);
	dmastream_ring_status(r, &st);
	KUNIT_EXPECT_EQ(test, st.underruns, (u64)(stall - (n - 1)) + 1);
	KUNIT_EXPECT_EQ(test, st.clobbered, 1ull);
	KUNIT_EXPECT_EQ(test, dmastream_ring_stop(r), 0);
	KUNIT_EXPECT_EQ(test, dmastream_ring_dequeue(r, &p), -ESHUTDOWN);
	ring_free(test, r);
	ring_be_exit(test, &be);
}

/*
 * Two rings take turns on one channel (two files of one host do): once A
 * has stopped, B owns the channel, and stopping or destroying A again
 * must leave B's transfer running.
 */
static void ds_ring_handover(struct kunit *test)
{
	struct dmastream_ring_config cfg;
	struct dmastream_ring_status st;
	struct dmastream_ring *a, *b;
	struct ring_be be;
	u64 seq;

	ring_be_init(test, &be, &cfg, true, 256, 4);
	a = ring_new(test, &cfg);
	b = ring_new(test, &cfg);
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(a), 0);
	KUNIT_EXPECT_EQ(test, dmastream_ring_start(b), -EBUSY);
	ring_capture(test, &be, a, 0);
	KUNIT_EXPECT_EQ(test, dmastream_ring_stop(a), 0);

	be.steps = 0;
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(b), 0);
	for (seq = 0; seq < 2; seq++)
		ring_capture(test, &be, b, seq);
	KUNIT_EXPECT_EQ(test, dmastream_ring_stop(a), 0);
	ring_free(test, a);
	/* B still runs: its next periods arrive. */
	for (; seq < 6; seq++)
		ring_capture(test, &be, b, seq);
	dmastream_ring_status(b, &st);
	KUNIT_EXPECT_TRUE(test, st.running);
	KUNIT_EXPECT_EQ(test, st.error, 0);
	KUNIT_EXPECT_EQ(test, dmastream_ring_stop(b), 0);
	ring_free(test, b);
	ring_be_exit(test, &be);
}

/*
 * A capture dequeue syncs the period it hands out, that period only
 * (dmastream_ring_dequeue()): a period that finished but was not dequeued
 * yet is not synced for the CPU.  Behind a bounce pool that is visible:
 * its CPU view still holds what the last sync left there, the previous
 * lap's data.  Without one (the mock, or no pool) every byte is current.
 */
static void ds_ring_dequeue_one_period(struct kunit *test)
{
	struct ds_test *t = test->priv;
	bool bounce = ds_bounced(t);
	struct dmastream_ring_config cfg;
	struct dmastream_ring_period p, later;
	struct dmastream_ring *r;
	struct ring_be be;
	u64 seq;

	ring_be_init(test, &be, &cfg, true, 256, 4);
	r = ring_new(test, &cfg);
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(r), 0);
	/* Lap 0, each period taken (synced): the CPU view holds its stamp. */
	for (seq = 0; seq < 4; seq++)
		ring_capture(test, &be, r, seq);
	/* Lap 1: two periods finish, one is dequeued. */
	ring_be_fill(test, &be, r, 4);
	ring_be_fill(test, &be, r, 5);
	KUNIT_ASSERT_EQ(test, dmastream_ring_dequeue(r, &p), 0);
	KUNIT_ASSERT_EQ(test, p.seq, 4ull);
	KUNIT_EXPECT_TRUE(test, ring_period_is(r, &p, RING_STAMP(4)));
	/* The next one's CPU view (the device's still: only looked at). */
	later = p;
	later.index = (p.index + 1) % cfg.periods;
	later.offset = (size_t)later.index * cfg.period_bytes;
	KUNIT_EXPECT_TRUE_MSG(test,
			      ring_period_is(r, &later,
					     RING_STAMP(bounce ? 1 : 5)),
			      "period 5 not dequeued yet: %s expected, first word %#x",
			      bounce ? "lap 0's data (not synced)" :
				       "its own data",
			      *(u32 *)(dmastream_buf_vaddr(dmastream_ring_buf(r)) +
				       later.offset));
	KUNIT_EXPECT_EQ(test, dmastream_ring_queue(r, p.index), 0);
	/* Dequeued, it is synced: its own data. */
	ring_take(test, r, 5);
	kunit_info(test, "bounce pool: %s\n", bounce ? "yes" : "no");
	KUNIT_EXPECT_EQ(test, dmastream_ring_stop(r), 0);
	ring_free(test, r);
	ring_be_exit(test, &be);
}

/* What a ring refuses, and what it refuses others while it runs. */
static void ds_ring_args(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_ring_config cfg, bad;
	struct dmastream_buf *sg, *in, *out, *other;
	struct dmastream_ring_period p;
	struct dmastream_ring *r;
	struct ring_be be;

	ring_be_init(test, &be, &cfg, true, 256, 4);
	sg = alloc_buf(test, 1024, DMASTREAM_KIND_SG, DMA_FROM_DEVICE);
	in = alloc_buf(test, 1024, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	out = alloc_buf(test, 1024, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	other = alloc_buf(test, 64, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	bad = cfg;
	bad.periods = 1;
	KUNIT_EXPECT_PTR_EQ(test, dmastream_ring_create(t->dc, in, &bad),
			    ERR_PTR(-EINVAL));
	bad = cfg;
	bad.dir = DMA_MEM_TO_MEM;
	KUNIT_EXPECT_PTR_EQ(test, dmastream_ring_create(t->dc, in, &bad),
			    ERR_PTR(-EINVAL));
	bad = cfg;
	bad.period_bytes = 254;		/* not a multiple of the width */
	KUNIT_EXPECT_PTR_EQ(test, dmastream_ring_create(t->dc, in, &bad),
			    ERR_PTR(-EINVAL));
	bad = cfg;
	bad.periods = 5;
	KUNIT_EXPECT_PTR_EQ(test, dmastream_ring_create(t->dc, in, &bad),
			    ERR_PTR(-ERANGE));
	KUNIT_EXPECT_PTR_EQ(test, dmastream_ring_create(t->dc, sg, &cfg),
			    ERR_PTR(-EINVAL));
	KUNIT_EXPECT_PTR_EQ(test, dmastream_ring_create(t->dc, out, &cfg),
			    ERR_PTR(-EACCES));
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(in), 0);
	KUNIT_EXPECT_PTR_EQ(test, dmastream_ring_create(t->dc, in, &cfg),
			    ERR_PTR(-EBUSY));
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(in), 0);

	r = dmastream_ring_create(t->dc, in, &cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(in), DMASTREAM_OWNER_INFLIGHT);
	KUNIT_EXPECT_EQ(test, dmastream_ring_dequeue(r, &p), -EAGAIN);
	KUNIT_EXPECT_EQ(test, dmastream_ring_queue(r, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, dmastream_ring_queue(r, 0), -EBUSY);
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(r), 0);
	KUNIT_EXPECT_EQ(test, dmastream_ring_start(r), -EBUSY);
	/* The channel is the ring's. */
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, sg, 0, other, 0, 64,
						    0), -EBUSY);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(other),
			DMASTREAM_OWNER_DEVICE);
	ring_capture(test, &be, r, 0);
	KUNIT_EXPECT_EQ(test, dmastream_ring_stop(r), 0);
	KUNIT_EXPECT_EQ(test, dmastream_ring_stop(r), 0);
	KUNIT_EXPECT_EQ(test, dmastream_ring_dequeue(r, &p), -ESHUTDOWN);
	/* Stopped: the channel is free again. */
	be_unhold(t);
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, sg, 0, other, 0, 64,
						    0), 0);
	ring_free(test, r);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(sg), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(out), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(other), 0);
	ring_be_exit(test, &be);
}

/*
 * A provider without residue (the mock's default): the position is one
 * period per callback, as snd-dmaengine-pcm counts without residue.  And
 * the channel destroyed under a running ring stops it cleanly.
 */
static void ds_ring_no_residue_destroy(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_ring_config cfg;
	struct dmastream_ring_status st;
	struct dmastream_ring_period p;
	struct dmastream_ring *r;
	struct ring_be be;
	u64 seq;

	ring_be_init(test, &be, &cfg, true, 64, 3);
	t->m->dd.residue_granularity = DMA_RESIDUE_GRANULARITY_DESCRIPTOR;
	r = ring_new(test, &cfg);
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(r), 0);
	for (seq = 0; seq < 50; seq++)
		ring_capture(test, &be, r, seq);
	dmastream_chan_destroy(t->dc);
	t->dc = NULL;
	dmastream_ring_status(r, &st);
	KUNIT_EXPECT_FALSE(test, st.running);
	KUNIT_EXPECT_EQ(test, st.error, -ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, st.hw_periods, 50ull);
	KUNIT_EXPECT_EQ(test, dmastream_ring_dequeue(r, &p), -ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, dmastream_ring_stop(r), -ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, t->m->terminated, 1u);
	ring_free(test, r);
}

/*
 * dmastream_chan_destroy() with three rings on the channel: one running,
 * one stopped, one never started.  None may keep the freed wrapper (a new
 * one, created right after, may well get its memory): every lifecycle
 * call of each fails with -ESHUTDOWN, and dmastream_ring_destroy() still
 * gives each buffer back.
 */
static void ds_ring_chan_destroy(struct kunit *test)
{
	const struct dmastream_chan_config ccfg = {
		.name = "kunit-mock-again",
		.alloc_dev = &((struct ds_test *)test->priv)->m->pdev->dev,
	};
	struct ds_test *t = test->priv;
	struct dmastream_ring_config cfg;
	struct dmastream_ring_status st;
	struct dmastream_ring_period p;
	struct dmastream_ring *a, *b, *c;
	struct ring_be be;

	ring_be_init(test, &be, &cfg, true, 64, 4);
	t->m->cyc_auto = true;
	a = ring_new(test, &cfg);
	b = ring_new(test, &cfg);
	c = ring_new(test, &cfg);
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(a), 0);
	mock_cyclic_step(t->m, 1);
	ring_take(test, a, 0);
	KUNIT_ASSERT_EQ(test, dmastream_ring_stop(a), 0);
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(c), 0);
	mock_cyclic_step(t->m, 1);
	ring_take(test, c, 0);

	dmastream_chan_destroy(t->dc);
	t->dc = dmastream_chan_create(t->chan, &ccfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, t->dc);
	KUNIT_ASSERT_EQ_MSG(test, dmastream_ring_start(b), -ESHUTDOWN,
			    "a ring never started, its channel destroyed");
	KUNIT_EXPECT_EQ(test, dmastream_ring_stop(a), -ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, dmastream_ring_stop(c), -ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, dmastream_ring_start(a), -ESHUTDOWN);
	dmastream_ring_status(b, &st);
	KUNIT_EXPECT_FALSE(test, st.running);
	KUNIT_EXPECT_EQ(test, st.error, -ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, dmastream_ring_dequeue(b, &p), -ESHUTDOWN);
	dmastream_ring_status(c, &st);
	KUNIT_EXPECT_FALSE(test, st.running);
	KUNIT_EXPECT_EQ(test, st.error, -ESHUTDOWN);
	KUNIT_EXPECT_EQ(test, t->m->terminated, 2u);	/* a's stop, c's halt */
	ring_free(test, a);
	ring_free(test, b);
	ring_free(test, c);
	/* The new wrapper is free: a ring runs on it. */
	a = ring_new(test, &cfg);
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(a), 0);
	mock_cyclic_step(t->m, 1);
	ring_take(test, a, 0);
	ring_free(test, a);
}

/*
 * The device goes a whole lap between two looks at its position (one
 * coalesced callback for N periods): the position alone cannot tell, the
 * callback can.  Accounted as one lap: N periods finished unread, so one
 * lost (k - (N - 1) with k = N) and the N - 1 newest delivered intact.
 */
static void ds_ring_lap(struct kunit *test)
{
	const unsigned int n = 4;
	struct ds_test *t = test->priv;
	struct dmastream_ring_config cfg;
	struct dmastream_ring_status st;
	struct dmastream_ring *r;
	struct ring_be be;
	u64 seq;

	ring_be_init(test, &be, &cfg, true, 64, n);
	t->m->cyc_auto = true;
	r = ring_new(test, &cfg);
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(r), 0);
	for (seq = 0; seq < 6; seq++) {
		mock_cyclic_step(t->m, 1);
		ring_take(test, r, seq);
	}
	mock_cyclic_move(t->m, n, MOCK_CB_ONE);
	dmastream_ring_status(r, &st);
	KUNIT_EXPECT_EQ(test, st.laps, 1ull);
	KUNIT_EXPECT_EQ(test, st.hw_periods, 6ull + n);
	KUNIT_EXPECT_EQ(test, st.overruns, 1ull);
	for (seq = 7; seq < 6 + n; seq++)
		ring_take(test, r, seq);
	ring_free(test, r);
}

/* The pending period callback of the mock's running cyclic transfer. */
static void mock_cyclic_interrupt(struct mock_dma *m)
{
	struct dma_async_tx_descriptor *tx;
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	tx = m->cyc ? &m->cyc->tx : NULL;
	spin_unlock_irqrestore(&m->lock, flags);
	if (tx && tx->callback)
		tx->callback(tx->callback_param);
}

static void ring_count_notify(struct dmastream_ring *ring, void *ctx)
{
	atomic_inc(ctx);
}

/*
 * The device has gone on into a period the CPU still holds, its interrupt
 * not yet handled: handing the period back must still say it was
 * clobbered (it reads the position itself), not "0, intact".
 */
static void ds_ring_queue_late_irq(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_ring_config cfg;
	struct dmastream_ring_period p;
	struct dmastream_ring_status st;
	struct dmastream_ring *r;
	struct ring_be be;

	ring_be_init(test, &be, &cfg, true, 64, 4);
	t->m->cyc_auto = true;
	r = ring_new(test, &cfg);
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(r), 0);
	mock_cyclic_step(t->m, 1);
	KUNIT_ASSERT_EQ(test, dmastream_ring_dequeue(r, &p), 0);
	KUNIT_ASSERT_EQ(test, p.index, 0u);
	mock_cyclic_step(t->m, 2);		/* the device is in period 3 */
	mock_cyclic_move(t->m, 1, MOCK_CB_LATE); /* and now in period 0 */
	KUNIT_EXPECT_EQ(test, dmastream_ring_queue(r, p.index),
			DMASTREAM_RING_CLOBBERED);
	dmastream_ring_status(r, &st);
	KUNIT_EXPECT_EQ(test, st.clobbered, 1ull);
	KUNIT_EXPECT_EQ(test, st.overruns, 1ull);
	ring_free(test, r);
}

/*
 * A look by one caller (a status or dequeue call) accounts a finished
 * period before its interrupt is handled; the callback that follows must
 * still notify, or a waiter that slept before the look sleeps on until
 * the next period.
 */
static void ds_ring_notify_after_look(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_ring_config cfg;
	struct dmastream_ring_status st;
	struct dmastream_ring *r;
	struct ring_be be;
	atomic_t notified = ATOMIC_INIT(0);

	ring_be_init(test, &be, &cfg, true, 64, 4);
	cfg.notify = ring_count_notify;
	cfg.ctx = &notified;
	t->m->cyc_auto = true;
	r = ring_new(test, &cfg);
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(r), 0);
	mock_cyclic_move(t->m, 1, MOCK_CB_LATE);
	dmastream_ring_status(r, &st);
	KUNIT_EXPECT_EQ(test, st.hw_periods, 1ull);
	KUNIT_EXPECT_EQ(test, st.available, 1u);
	KUNIT_EXPECT_EQ(test, atomic_read(&notified), 0);
	mock_cyclic_interrupt(t->m);
	KUNIT_EXPECT_EQ(test, atomic_read(&notified), 1);
	KUNIT_EXPECT_EQ(test, dmastream_ring_stop(r), 0);
	ring_free(test, r);
}

/*
 * Stopping a ring: the device runs until the channel is actually stopped,
 * so a period it finishes meanwhile (here: inside the provider's pause or
 * terminate call, its interrupt handled there or never) was captured.  It
 * must be accounted (the ring's last position includes it) and delivered
 * with its data, whether or not its callback ran.  The mock can pause,
 * as dma330 can: the ring is stopped at a known position.
 */
static void ds_ring_stop_window(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_ring_config cfg;
	struct dmastream_ring_status st;
	struct dmastream_ring *r;
	struct ring_be be;
	int cb;
	u64 seq;

	ring_be_init(test, &be, &cfg, true, 64, 4);
	t->m->cyc_auto = true;
	mock_pausable(t->m);
	for (cb = 0; cb < 2; cb++) {
		r = ring_new(test, &cfg);
		KUNIT_ASSERT_EQ(test, dmastream_ring_start(r), 0);
		for (seq = 0; seq < 3; seq++) {
			mock_cyclic_step(t->m, 1);
			ring_take(test, r, seq);
		}
		t->m->stop_late = 1;
		t->m->stop_late_cb = cb;
		KUNIT_EXPECT_EQ(test, dmastream_ring_stop(r), 0);
		dmastream_ring_status(r, &st);
		KUNIT_EXPECT_EQ_MSG(test, st.hw_periods, 4ull,
				    "a period finished while the ring stopped (callback %s)",
				    cb ? "ran" : "pending");
		KUNIT_EXPECT_EQ(test, st.available, 1u);
		KUNIT_EXPECT_EQ(test, st.overruns, 0ull);
		ring_take(test, r, 3);
		ring_free(test, r);
	}
}

/*
 * One side of ds_race_abort_ring_start(): transfers one after the other,
 * half of them held by the mock until they time out (an abort that
 * terminates them), half completed by it after a random delay around
 * their timeout (some complete, some complete while their timeout's abort
 * begins: the mock cannot kill a transfer it has started, the abort's
 * synchronize waits for it).
 */
struct race_abort {
	struct race r;
	struct mock_dma *m;
	struct dmastream_chan *dc;
	struct dmastream_buf *s, *d;
	atomic_t timeouts;	/* each one an abort of the channel */
	atomic_t completed;
	atomic_t refused;	/* -EBUSY: a ring had the channel */
	atomic_t bad;		/* any other outcome */
};

static int race_abort_fn(void *arg)
{
	struct race_abort *a = arg;
	struct dmastream_xfer_opts o = { };
	struct dmastream_xfer *x;
	int ret;

	while (!kthread_should_stop()) {
		o.timeout_ms = 1 + get_random_u32() % 20;
		WRITE_ONCE(a->m->delay_ms, get_random_u32() % 30);
		WRITE_ONCE(a->m->hold, get_random_u32() & 1);
		x = dmastream_memcpy(a->dc, a->d, 0, a->s, 0, 64, &o);
		if (IS_ERR(x)) {
			if (PTR_ERR(x) == -EBUSY)
				atomic_inc(&a->refused);
			else
				atomic_inc(&a->bad);
		} else {
			ret = dmastream_xfer_wait(x);
			dmastream_xfer_put(x);
			if (ret == -ETIMEDOUT)
				atomic_inc(&a->timeouts);
			else if (!ret)
				atomic_inc(&a->completed);
			else
				atomic_inc(&a->bad);
			/* A failed transfer hands its buffers to the CPU. */
			dmastream_buf_end_cpu(a->s);
			dmastream_buf_end_cpu(a->d);
		}
		atomic_inc(&a->r.iters);
		race_pause();
	}
	return 0;
}

/*
 * A timeout's abort (terminate the channel, then resubmit or fail what was
 * queued) racing dmastream_ring_start() on the same wrapper: a kthread
 * submits transfers one after the other (race_abort_fn(): completions and
 * timeouts racing), while this thread creates, starts and stops rings.  A
 * start succeeds only with no transfer queued and no abort running (the
 * abort counts itself under the wrapper's lock before it terminates, and
 * its victim may complete, emptying the queue, before the terminate
 * reaches the provider): so while
 * a ring runs no terminate reaches the channel but its own stop (the mock
 * counts any other that finds the cyclic transfer running), the racer's
 * submissions are refused (-EBUSY), and the ring stays running, without
 * error.  Starts refused are -EBUSY only.  Until the racer has had 100
 * transfers time out and 100 complete (about 6 s here; 20 s at most, the
 * debug kernel gets a third of that done).  Without the abort's count
 * (dmastream_ring_start() not looking at dc->terminating) a run of this
 * case saw 1 and 2 of its terminates hit a running ring.  Mock only.
 */
/* Timeouts and completions of the racer each round (warm make test budget) */
#define RACE_ABORT_EVENTS	50

static void ds_race_abort_ring_start(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_ring_config cfg;
	struct dmastream_ring_status st;
	struct task_struct *task;
	struct race_abort a = { };
	struct dmastream_buf *rb;
	struct dmastream_ring *r;
	unsigned int i, started = 0, busy = 0, bad = 0;
	unsigned long end = jiffies + 20 * HZ;
	struct ring_be be;
	int ret;

	ring_be_init(test, &be, &cfg, true, 64, 4);
	rb = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	a.m = t->m;
	a.dc = t->dc;
	a.s = alloc_buf(test, 64, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	a.d = alloc_buf(test, 64, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	task = kthread_run(race_abort_fn, &a, "ds-race-abort");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	/* Above the racer and the timeout works: wakes up inside an abort. */
	sched_set_fifo_low(current);
	for (i = 0; (atomic_read(&a.timeouts) < RACE_ABORT_EVENTS ||
		     atomic_read(&a.completed) < RACE_ABORT_EVENTS) &&
		    time_before(jiffies, end); i++) {
		r = dmastream_ring_create(t->dc, rb, &cfg);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
		ret = dmastream_ring_start(r);
		if (!ret) {
			started++;
			race_pause();	/* the racer's submissions, timeouts */
			dmastream_ring_status(r, &st);
			bad += !st.running || st.error;
			WRITE_ONCE(t->m->cyc_kill_ok, true);
			bad += dmastream_ring_stop(r) != 0;
			WRITE_ONCE(t->m->cyc_kill_ok, false);
			dmastream_ring_status(r, &st);
			bad += st.error != 0;
		} else if (ret == -EBUSY) {
			busy++;
		} else {
			bad++;
		}
		dmastream_ring_destroy(r);
		/* Room for the racer's next transfer, or soon again. */
		if (!ret)
			usleep_range(1000, 1000 + get_random_u32() % 15000);
		else
			race_pause();
	}
	sched_set_normal(current, 0);
	kthread_stop(task);
	t->m->delay_ms = 0;
	t->m->hold = false;
	kunit_info(test, "%u rounds: %u rings started, %u starts refused (-EBUSY), %u broke an invariant; racer: %d transfers timed out (each an abort), %d completed, %d refused while a ring ran, %d other outcomes; %d terminates hit a running ring other than by its stop\n",
		   i, started, busy, bad, atomic_read(&a.timeouts),
		   atomic_read(&a.completed), atomic_read(&a.refused),
		   atomic_read(&a.bad),
		   atomic_read(&t->m->cyc_killed));
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&t->m->cyc_killed), 0,
			    "an abort terminated a running ring's channel");
	KUNIT_EXPECT_EQ(test, bad, 0u);
	KUNIT_EXPECT_EQ(test, atomic_read(&a.bad), 0);
	/* Both sides did happen, and met. */
	KUNIT_EXPECT_GT(test, started, 0u);
	KUNIT_EXPECT_GT(test, busy, 0u);
	KUNIT_EXPECT_GT(test, atomic_read(&a.timeouts), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&a.completed), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&a.refused), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(rb), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(a.s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(a.d), 0);
}

/* ---- exported buffers in use ---- */

/* Every byte of @b is what fill_src(@seed) wrote (read by the CPU). */
static void fill_check(struct kunit *test, struct dmastream_buf *b, u32 seed)
{
	const u8 *p = dmastream_buf_vaddr(b);
	size_t i, bad = 0;

	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(b), 0);
	for (i = 0; i < dmastream_buf_size(b); i++)
		bad += p[i] != (u8)(i * 7 + seed + (i >> 8));
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(b), 0);
	KUNIT_EXPECT_EQ_MSG(test, bad, 0u, "bytes not copied from the source");
}

/*
 * A transfer or a ring using an exported buffer holds its dma-buf: the
 * holder of the last other reference (user space closing every fd and
 * mapping) may drop it meanwhile, and nothing is freed under the device;
 * the buffer goes when the transfer or ring gives it back.  A buffer
 * already in flight or in a ring cannot be exported (its user took no
 * reference then).
 */
static void ds_export_hold(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_ring_config cfg;
	struct dmastream_buf *src, *dst, *rb;
	struct dmastream_ring *r;
	struct dmastream_xfer *x;
	struct dma_buf *db;
	struct ring_be be;
	u64 seq;

	src = alloc_buf(test, 8192, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	dst = alloc_buf(test, 8192, DMASTREAM_KIND_SG, DMA_FROM_DEVICE);
	fill_src(test, src, 7);

	db = dmastream_buf_export(src);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, db);
	KUNIT_EXPECT_EQ(test, file_count(db->file), 1L);
	be_hold(t);
	x = dmastream_memcpy(t->dc, dst, 0, src, 0, 8192, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	KUNIT_ASSERT_EQ_MSG(test, file_count(db->file), 2L,
			    "a transfer holds its exported buffer's dma-buf");
	dma_buf_put(db);		/* the last fd closed: nothing freed */
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(src),
			DMASTREAM_OWNER_INFLIGHT);
	be_release(t);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), 0);
	dmastream_xfer_put(x);
	flush_delayed_fput();		/* the transfer's put released it */
	fill_check(test, dst, 7);

	/* In flight: not exported (were it, its dma-buf is left alone). */
	src = alloc_buf(test, 8192, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	be_hold(t);
	x = dmastream_memcpy(t->dc, dst, 0, src, 0, 8192, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	KUNIT_EXPECT_PTR_EQ(test, dmastream_buf_export(src), ERR_PTR(-EBUSY));
	be_release(t);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), 0);
	dmastream_xfer_put(x);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(src), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(dst), 0);

	/* Rings: exported first, or refused. */
	ring_be_init(test, &be, &cfg, true, 256, 4);
	rb = alloc_buf(test, 1024, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	r = dmastream_ring_create(t->dc, rb, &cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_EXPECT_PTR_EQ(test, dmastream_buf_export(rb), ERR_PTR(-EBUSY));
	ring_free(test, r);
	rb = alloc_buf(test, 1024, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	db = dmastream_buf_export(rb);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, db);
	r = dmastream_ring_create(t->dc, rb, &cfg);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, r);
	KUNIT_ASSERT_EQ_MSG(test, file_count(db->file), 2L,
			    "a ring holds its exported buffer's dma-buf");
	dma_buf_put(db);
	KUNIT_ASSERT_EQ(test, dmastream_ring_start(r), 0);
	for (seq = 0; seq < 6; seq++)
		ring_capture(test, &be, r, seq);
	KUNIT_EXPECT_EQ(test, dmastream_ring_stop(r), 0);
	dmastream_ring_destroy(r);	/* gives the buffer, and the dma-buf, back */
	flush_delayed_fput();
	ring_be_exit(test, &be);
}

/*
 * An importer's kernel mapping of a dma-buf, under the reservation lock
 * (6.12's dma_buf_vmap() asserts it; 6.1's takes its own lock inside).
 */
static int ds_importer_vmap(struct dma_buf *db, struct iosys_map *map)
{
	int ret;

	dma_resv_lock(db->resv, NULL);
	ret = dma_buf_vmap(db, map);
	dma_resv_unlock(db->resv);
	return ret;
}

static void ds_importer_vunmap(struct dma_buf *db, struct iosys_map *map)
{
	dma_resv_lock(db->resv, NULL);
	dma_buf_vunmap(db, map);
	dma_resv_unlock(db->resv);
}

/*
 * A buffer the device only writes is read-only to the CPU, for dma-bufs
 * too: an importer's kernel mapping of it (dma_buf_vmap()) fails -EINVAL,
 * its dma-buf has no vmap (client/README.md, "Rules the library
 * enforces").  Not a vmap that fails: dma_buf_vmap() meets an exporter's
 * error with WARN_ON_ONCE() (6.1 and 6.12), which the boot's checks fail.
 * A buffer the CPU may write maps, and the mapping shows its bytes.
 */
static void ds_export_vmap(struct kunit *test)
{
	static const enum dma_data_direction cpu_writes[] = {
		DMA_TO_DEVICE, DMA_BIDIRECTIONAL,
	};
	struct iosys_map map = IOSYS_MAP_INIT_VADDR(NULL);
	struct dmastream_buf *b;
	struct dma_buf *db;
	unsigned int i;
	size_t k, bad;
	const u8 *p;
	int ret;

	b = alloc_buf(test, 8192, DMASTREAM_KIND_SG, DMA_FROM_DEVICE);
	db = dmastream_buf_export(b);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, db);
	/* no vmap at all: a failing one would make dma_buf_vmap() WARN */
	ret = ds_importer_vmap(db, &map);
	KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL, "vmap of a FROM_DEVICE buffer");
	if (!ret)
		ds_importer_vunmap(db, &map);	/* a put while mapped: BUG */
	dma_buf_put(db);

	for (i = 0; i < ARRAY_SIZE(cpu_writes); i++) {
		b = alloc_buf(test, 8192, i ? DMASTREAM_KIND_SINGLE :
					      DMASTREAM_KIND_SG, cpu_writes[i]);
		fill_src(test, b, 11 + i);
		db = dmastream_buf_export(b);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, db);
		iosys_map_clear(&map);
		KUNIT_ASSERT_EQ_MSG(test, ds_importer_vmap(db, &map), 0,
				    "vmap of a buffer of direction %d",
				    cpu_writes[i]);
		KUNIT_EXPECT_FALSE(test, map.is_iomem);
		KUNIT_ASSERT_NOT_NULL(test, map.vaddr);
		p = map.vaddr;
		KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(b), 0);
		for (k = 0, bad = 0; k < 8192; k++)
			bad += p[k] != (u8)(k * 7 + 11 + i + (k >> 8));
		KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(b), 0);
		KUNIT_EXPECT_EQ_MSG(test, bad, (size_t)0,
				    "bytes the vmap shows that the CPU did not write");
		ds_importer_vunmap(db, &map);
		dma_buf_put(db);	/* the last reference: the buffer goes */
	}
}

/* ---- memset and interleaved ---- */

/* The channel can fill and copy in 2-D (mock: given the capabilities). */
static void fill_2d_on(struct kunit *test)
{
	struct ds_test *t = test->priv;

	if (t->m)
		mock_fill_2d(t->m);
}

/* What fill_src() wrote at byte @i with @seed. */
static u8 src_byte(size_t i, u32 seed)
{
	return (u8)(i * 7 + seed + (i >> 8));
}

/* Run @x to its end: it must succeed. */
static void xfer_ok(struct kunit *test, struct dmastream_xfer *x)
{
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x), 0);
	dmastream_xfer_put(x);
}

/*
 * Fill [off, off + len) of a buffer whose every byte was written by the
 * CPU first: the range must hold the value, every byte around it its own.
 */
static void memset_check(struct kunit *test, enum dmastream_buf_kind kind,
			 size_t off, size_t len, u8 value, unsigned int min_nents)
{
	struct ds_test *t = test->priv;
	size_t size = off + len + 13, i, bad = 0;
	struct dmastream_xfer *x;
	struct dmastream_buf *b;
	u8 *p;

	b = alloc_buf(test, size, kind, DMA_BIDIRECTIONAL);
	fill_src(test, b, value);
	x = dmastream_memset(t->dc, b, off, len, value, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	KUNIT_EXPECT_GE(test, dmastream_xfer_nents(x), min_nents);
	xfer_ok(test, x);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(b), 0);
	p = dmastream_buf_vaddr(b);
	for (i = 0; i < size; i++) {
		u8 want = i >= off && i < off + len ? value : src_byte(i, value);

		if (p[i] != want && !bad++)
			KUNIT_FAIL(test,
				   "memset %zu B at %zu: byte %zu is 0x%02x, want 0x%02x",
				   len, off, i, p[i], want);
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(b), 0);
}

static void ds_memset(struct kunit *test)
{
	fill_2d_on(test);
	memset_check(test, DMASTREAM_KIND_SINGLE, 0, 1, 0xa5, 1);
	memset_check(test, DMASTREAM_KIND_SINGLE, 1, 3, 0x00, 1);
	memset_check(test, DMASTREAM_KIND_SINGLE, 3, 4095, 0xff, 1);
	memset_check(test, DMASTREAM_KIND_SINGLE, 4093, 4099, 0x5a, 1);
	/* sg: one descriptor per page touched */
	memset_check(test, DMASTREAM_KIND_SG, 1, 4094, 0x3c, 1);
	memset_check(test, DMASTREAM_KIND_SG, 4093, 3 * 4096 + 7, 0xc3, 4);
}

/*
 * Copy @g from a source filled by the CPU into a destination filled by the
 * CPU with another pattern: every byte of every frame must be the
 * source's, every byte between and around the frames the destination's
 * own.
 */
static void interleaved_check(struct kunit *test,
			      enum dmastream_buf_kind skind,
			      enum dmastream_buf_kind dkind, size_t soff,
			      size_t doff, const struct dmastream_2d *g,
			      unsigned int nents)
{
	struct ds_test *t = test->priv;
	size_t ssize = soff + (g->frames - 1) * g->src_stride + g->chunk;
	size_t dsize = doff + (g->frames - 1) * g->dst_stride + g->chunk + 9;
	size_t i, bad = 0;
	struct dmastream_buf *s, *d;
	struct dmastream_xfer *x;
	u8 *p;

	s = alloc_buf(test, ssize, skind, DMA_TO_DEVICE);
	d = alloc_buf(test, dsize, dkind, DMA_BIDIRECTIONAL);
	fill_src(test, s, 11);
	fill_src(test, d, 99);
	x = dmastream_interleaved(t->dc, d, doff, s, soff, g, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x);
	if (nents)
		KUNIT_EXPECT_EQ(test, dmastream_xfer_nents(x), nents);
	xfer_ok(test, x);
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(d), 0);
	p = dmastream_buf_vaddr(d);
	for (i = 0; i < dsize; i++) {
		size_t rel = i - doff, f = rel / g->dst_stride;
		bool in = i >= doff && f < g->frames &&
			  rel % g->dst_stride < g->chunk;
		u8 want = in ? src_byte(soff + f * g->src_stride +
					rel % g->dst_stride, 11) :
			       src_byte(i, 99);

		if (p[i] != want && !bad++)
			KUNIT_FAIL(test,
				   "%zu frames of %zu B, strides %zu/%zu: byte %zu (%s) is 0x%02x, want 0x%02x",
				   g->frames, g->chunk, g->src_stride,
				   g->dst_stride, i, in ? "frame" : "gap",
				   p[i], want);
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

static void ds_interleaved(struct kunit *test)
{
	/* a 100 x 48 rectangle at (3, 1) of a 640-wide image */
	const struct dmastream_2d rect = {
		.frames = 48, .chunk = 100, .src_stride = 640,
		.dst_stride = 129,
	};
	const struct dmastream_2d one = {
		.frames = 1, .chunk = 1, .src_stride = 1, .dst_stride = 1,
	};
	const struct dmastream_2d odd = {
		.frames = 7, .chunk = 3, .src_stride = 5, .dst_stride = 3,
	};
	/* frames across pages of sg buffers, one larger than a page */
	const struct dmastream_2d pages = {
		.frames = 3, .chunk = 4097, .src_stride = 5000,
		.dst_stride = 4097,
	};

	fill_2d_on(test);
	/* contiguous: one template for all the frames */
	interleaved_check(test, DMASTREAM_KIND_SINGLE, DMASTREAM_KIND_SINGLE,
			  640 + 3, 5, &rect, 1);
	interleaved_check(test, DMASTREAM_KIND_SINGLE, DMASTREAM_KIND_SINGLE,
			  0, 0, &one, 1);
	interleaved_check(test, DMASTREAM_KIND_SINGLE, DMASTREAM_KIND_SINGLE,
			  1, 2, &odd, 1);
	interleaved_check(test, DMASTREAM_KIND_SINGLE, DMASTREAM_KIND_SG,
			  640 + 3, 4001, &rect, 0);
	interleaved_check(test, DMASTREAM_KIND_SG, DMASTREAM_KIND_SG, 7, 1,
			  &pages, 0);
}

static void ds_fill_2d_args(struct kunit *test)
{
	struct dmastream_2d g = {
		.frames = 4, .chunk = 16, .src_stride = 64, .dst_stride = 64,
	};
	struct ds_test *t = test->priv;
	struct dmastream_buf *s, *d;

	fill_2d_on(test);
	s = alloc_buf(test, 4096, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d = alloc_buf(test, 4096, DMASTREAM_KIND_SINGLE, DMA_BIDIRECTIONAL);
	/* memset */
	KUNIT_EXPECT_PTR_EQ(test, dmastream_memset(t->dc, d, 0, 0, 1, NULL),
			    ERR_PTR(-EINVAL));
	KUNIT_EXPECT_PTR_EQ(test, dmastream_memset(t->dc, d, 1, 4096, 1, NULL),
			    ERR_PTR(-ERANGE));
	KUNIT_EXPECT_PTR_EQ(test, dmastream_memset(t->dc, d, 4097, 1, 1, NULL),
			    ERR_PTR(-ERANGE));
	KUNIT_EXPECT_PTR_EQ(test, dmastream_memset(t->dc, d, SIZE_MAX, 2, 1,
						   NULL), ERR_PTR(-ERANGE));
	KUNIT_EXPECT_PTR_EQ(test, dmastream_memset(t->dc, s, 0, 16, 1, NULL),
			    ERR_PTR(-EACCES));
	/* interleaved: shape */
	g.frames = 0;
	KUNIT_EXPECT_PTR_EQ(test, dmastream_interleaved(t->dc, d, 0, s, 0, &g,
							NULL), ERR_PTR(-EINVAL));
	g.frames = 4;
	g.chunk = 0;
	KUNIT_EXPECT_PTR_EQ(test, dmastream_interleaved(t->dc, d, 0, s, 0, &g,
							NULL), ERR_PTR(-EINVAL));
	g.chunk = 65;
	KUNIT_EXPECT_PTR_EQ(test, dmastream_interleaved(t->dc, d, 0, s, 0, &g,
							NULL), ERR_PTR(-EINVAL));
	g.chunk = 16;
	g.dst_stride = 15;
	KUNIT_EXPECT_PTR_EQ(test, dmastream_interleaved(t->dc, d, 0, s, 0, &g,
							NULL), ERR_PTR(-EINVAL));
	g.dst_stride = 64;
	/* interleaved: range; the last frame ends at 3 * 64 + 16 = 208 */
	KUNIT_EXPECT_PTR_EQ(test, dmastream_interleaved(t->dc, d, 0, s,
							4096 - 207, &g, NULL),
			    ERR_PTR(-ERANGE));
	KUNIT_EXPECT_PTR_EQ(test, dmastream_interleaved(t->dc, d, 4096 - 207,
							s, 0, &g, NULL),
			    ERR_PTR(-ERANGE));
	g.src_stride = SIZE_MAX / 2;
	KUNIT_EXPECT_PTR_EQ(test, dmastream_interleaved(t->dc, d, 0, s, 0, &g,
							NULL), ERR_PTR(-ERANGE));
	g.src_stride = 64;
	/* the same frames at the edge fit */
	xfer_ok(test, dmastream_interleaved(t->dc, d, 4096 - 208, s,
					    4096 - 208, &g, NULL));
	/* directions, overlap in one buffer */
	KUNIT_EXPECT_PTR_EQ(test, dmastream_interleaved(t->dc, s, 0, d, 0, &g,
							NULL), ERR_PTR(-EACCES));
	KUNIT_EXPECT_PTR_EQ(test, dmastream_interleaved(t->dc, d, 200, d, 0,
							&g, NULL),
			    ERR_PTR(-EINVAL));
	xfer_ok(test, dmastream_interleaved(t->dc, d, 208, d, 0, &g, NULL));
	/* ownership: a CPU-owned buffer is not submitted */
	KUNIT_ASSERT_EQ(test, dmastream_buf_begin_cpu(d), 0);
	KUNIT_EXPECT_PTR_EQ(test, dmastream_memset(t->dc, d, 0, 16, 1, NULL),
			    ERR_PTR(-EBUSY));
	KUNIT_EXPECT_PTR_EQ(test, dmastream_interleaved(t->dc, d, 0, s, 0, &g,
							NULL), ERR_PTR(-EBUSY));
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(s), DMASTREAM_OWNER_DEVICE);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(d), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

/* The plain mock has neither capability: refused, nothing claimed. */
static void ds_fill_2d_no_cap(struct kunit *test)
{
	const struct dmastream_2d g = {
		.frames = 2, .chunk = 16, .src_stride = 16, .dst_stride = 16,
	};
	struct ds_test *t = test->priv;
	struct dmastream_buf *s, *d;

	s = alloc_buf(test, 4096, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d = alloc_buf(test, 4096, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	KUNIT_EXPECT_PTR_EQ(test, dmastream_memset(t->dc, d, 0, 16, 1, NULL),
			    ERR_PTR(-EOPNOTSUPP));
	KUNIT_EXPECT_PTR_EQ(test, dmastream_interleaved(t->dc, d, 0, s, 0, &g,
							NULL),
			    ERR_PTR(-EOPNOTSUPP));
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(s), DMASTREAM_OWNER_DEVICE);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(d), DMASTREAM_OWNER_DEVICE);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d), 0);
}

/* A controller's max segment size cuts fills and 2-D frames (mock). */
static void ds_fill_2d_max_seg(struct kunit *test)
{
	const struct dmastream_2d big = {
		.frames = 2, .chunk = 2500, .src_stride = 2600,
		.dst_stride = 2501,
	};
	const struct dmastream_2d small = {
		.frames = 4, .chunk = 600, .src_stride = 700, .dst_stride = 601,
	};
	struct ds_test *t = test->priv;

	fill_2d_on(test);
	dma_set_max_seg_size(&t->m->pdev->dev, 1000);
	KUNIT_ASSERT_EQ(test, dma_get_max_seg_size(&t->m->pdev->dev), 1000u);
	/* 4096 B: 5 descriptors of at most 1000 B */
	memset_check(test, DMASTREAM_KIND_SINGLE, 0, 4096, 0x77, 5);
	/* each 2500-byte frame in 3 pieces; 600-byte frames in one template */
	interleaved_check(test, DMASTREAM_KIND_SINGLE, DMASTREAM_KIND_SINGLE,
			  0, 0, &big, 6);
	interleaved_check(test, DMASTREAM_KIND_SINGLE, DMASTREAM_KIND_SINGLE,
			  1, 3, &small, 1);
}

/* The API cases (first part) run against the mock and against dma330. */
static struct kunit_case ds_cases[] = {
	KUNIT_CASE(ds_memcpy_single_sizes),
	KUNIT_CASE(ds_memcpy_sg),
	KUNIT_CASE(ds_memcpy_same_buffer),
	KUNIT_CASE(ds_memcpy_args),
	KUNIT_CASE(ds_ownership),
	KUNIT_CASE(ds_reuse_1000),
	KUNIT_CASE(ds_timeout_terminate),
	KUNIT_CASE(ds_timeout_spares_queue),
	KUNIT_CASE(ds_timeout_behind_running),
	KUNIT_CASE(ds_no_timeout),
	KUNIT_CASE(ds_destroy_cancels),
	KUNIT_CASE(ds_resubmit_from_callback),
	KUNIT_CASE(ds_from_device_read_only),
	KUNIT_CASE(ds_destroy_vs_timeout),
	KUNIT_CASE(ds_race_end_cpu_submit),
	KUNIT_CASE(ds_race_begin_cpu_submit),
	KUNIT_CASE(ds_race_free_inflight),
	KUNIT_CASE(ds_race_range_completion),
	KUNIT_CASE(ds_race_destroy_resubmit),
	KUNIT_CASE(ds_race_abort_ring_start),
	KUNIT_CASE(ds_fault_and_prep_failure),
	KUNIT_CASE(ds_range_handover),
	KUNIT_CASE(ds_ring_args),
	KUNIT_CASE(ds_ring_capture_10000),
	KUNIT_CASE(ds_ring_capture_overrun),
	KUNIT_CASE(ds_ring_playback_underrun),
	KUNIT_CASE(ds_ring_handover),
	KUNIT_CASE(ds_ring_dequeue_one_period),
	KUNIT_CASE(ds_memset),
	KUNIT_CASE(ds_interleaved),
	KUNIT_CASE(ds_fill_2d_args),
	/* the mock's own: error kinds, residue, slowness, a second device */
	KUNIT_CASE(ds_ring_no_residue_destroy),
	KUNIT_CASE(ds_ring_chan_destroy),
	KUNIT_CASE(ds_ring_lap),
	KUNIT_CASE(ds_ring_queue_late_irq),
	KUNIT_CASE(ds_ring_notify_after_look),
	KUNIT_CASE(ds_ring_stop_window),
	KUNIT_CASE(ds_export_hold),
	KUNIT_CASE(ds_export_vmap),
	KUNIT_CASE(ds_provider_error),
	KUNIT_CASE(ds_slave),
	KUNIT_CASE(ds_other_controller),
	KUNIT_CASE(ds_cma_kind),
	KUNIT_CASE(ds_error_no_residue),
	KUNIT_CASE(ds_error_partial_residue),
	KUNIT_CASE(ds_slow_completion),
	KUNIT_CASE(ds_fill_2d_no_cap),
	KUNIT_CASE(ds_fill_2d_max_seg),
	{}
};

static struct kunit_case ds_dma330_cases[] = {
	KUNIT_CASE(ds_memcpy_single_sizes),
	KUNIT_CASE(ds_memcpy_sg),
	KUNIT_CASE(ds_memcpy_same_buffer),
	KUNIT_CASE(ds_memcpy_args),
	KUNIT_CASE(ds_ownership),
	KUNIT_CASE(ds_reuse_1000),
	KUNIT_CASE(ds_timeout_terminate),
	KUNIT_CASE(ds_timeout_spares_queue),
	KUNIT_CASE(ds_timeout_behind_running),
	KUNIT_CASE(ds_no_timeout),
	KUNIT_CASE(ds_destroy_cancels),
	KUNIT_CASE(ds_resubmit_from_callback),
	KUNIT_CASE(ds_from_device_read_only),
	KUNIT_CASE(ds_destroy_vs_timeout),
	KUNIT_CASE(ds_race_end_cpu_submit),
	KUNIT_CASE(ds_race_begin_cpu_submit),
	KUNIT_CASE(ds_race_free_inflight),
	KUNIT_CASE(ds_race_range_completion),
	KUNIT_CASE(ds_race_destroy_resubmit),
	KUNIT_CASE(ds_fault_and_prep_failure),
	KUNIT_CASE(ds_range_handover),
	KUNIT_CASE(ds_ring_args),
	KUNIT_CASE(ds_ring_capture_10000),
	KUNIT_CASE(ds_ring_capture_overrun),
	KUNIT_CASE(ds_ring_playback_underrun),
	KUNIT_CASE(ds_ring_handover),
	KUNIT_CASE(ds_ring_dequeue_one_period),
	KUNIT_CASE(ds_memset),
	KUNIT_CASE(ds_interleaved),
	KUNIT_CASE(ds_fill_2d_args),
	KUNIT_CASE(ds_export_hold),
	KUNIT_CASE(ds_export_vmap),
	{}
};

static int ds_suite_init(struct kunit_suite *suite)
{
	/*
	 * No owner module: on 6.1 (not 6.12) KUnit runs a module's suites
	 * while the module is still COMING, before its sysfs object exists,
	 * and a driver owned by it cannot be registered then (kobject WARN).
	 * The suite removes the driver and its channels before the module
	 * goes, so nothing needs the module reference dmaengine would take.
	 */
	return __platform_driver_register(&mock_driver, NULL);
}

static void ds_suite_exit(struct kunit_suite *suite)
{
	platform_driver_unregister(&mock_driver);
}

static struct kunit_suite ds_suite = {
	.name = "dmastream",
	.suite_init = ds_suite_init,
	.suite_exit = ds_suite_exit,
	.init = ds_test_init,
	.exit = ds_test_exit,
	.test_cases = ds_cases,
};

static struct kunit_suite ds_dma330_suite __maybe_unused = {
	.name = "dmastream_dma330",
	.init = ds_dma330_init,
	.exit = ds_dma330_exit,
	.test_cases = ds_dma330_cases,
};

#ifdef DS_KUNIT_NO_DMA330
kunit_test_suites(&ds_suite);
#else
kunit_test_suites(&ds_suite, &ds_dma330_suite);
#endif

MODULE_DESCRIPTION("KUnit tests for the dmastream client framework");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DMA_BUF);
