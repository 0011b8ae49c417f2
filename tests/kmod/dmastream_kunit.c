// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the dmastream in-kernel API.
 *
 * The tests run against a small mock dmaengine provider defined here, so
 * they need no hardware and can hold a transfer in flight at will (to test
 * ownership refusals, timeouts and terminate).  The mock copies with the
 * CPU from a work item, as a real controller would complete later.
 */
#include <kunit/test.h>
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "../../client/dmastream.h"

/* ---- mock provider ---- */

struct mock_desc {
	struct dma_async_tx_descriptor tx;
	struct list_head node;
	dma_addr_t src, dst;
	size_t len;
	struct scatterlist *sgl;	/* slave: copy of the segments */
	unsigned int nents;
	enum dma_transfer_direction dir;
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
	unsigned int terminated;
	struct dma_slave_config cfg;
	u8 fifo[16384];		/* the "peripheral": bytes sent / to receive */
	size_t fifo_len;
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

static void mock_run(struct mock_dma *m, struct mock_desc *d)
{
	size_t pos = 0, n;
	unsigned int i;

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
			res.residue = d->len;
		} else if (d && m->abort_next) {
			m->abort_next = false;
			res.result = DMA_TRANS_ABORTED;
			res.residue = d->len;
		}
		spin_unlock_irqrestore(&m->lock, flags);
		if (!d)
			return;
		if (res.result == DMA_TRANS_NOERROR)
			mock_run(m, d);
		m->done_cookie = d->tx.cookie;
		if (d->tx.callback_result)
			d->tx.callback_result(d->tx.callback_param, &res);
		else if (d->tx.callback)
			d->tx.callback(d->tx.callback_param);
		kfree(d->sgl);
		kfree(d);
	}
}

static void mock_issue_pending(struct dma_chan *c)
{
	struct mock_dma *m = to_mock(c);
	unsigned long flags;

	spin_lock_irqsave(&m->lock, flags);
	list_splice_tail_init(&m->submitted, &m->issued);
	spin_unlock_irqrestore(&m->lock, flags);
	schedule_work(&m->work);
}

static enum dma_status mock_tx_status(struct dma_chan *c, dma_cookie_t cookie,
				      struct dma_tx_state *state)
{
	return cookie <= to_mock(c)->done_cookie ? DMA_COMPLETE :
						   DMA_IN_PROGRESS;
}

static int mock_config(struct dma_chan *c, struct dma_slave_config *cfg)
{
	to_mock(c)->cfg = *cfg;
	return 0;
}

static int mock_terminate_all(struct dma_chan *c)
{
	struct mock_dma *m = to_mock(c);
	struct mock_desc *d, *t;
	unsigned long flags;
	LIST_HEAD(dead);

	spin_lock_irqsave(&m->lock, flags);
	list_splice_init(&m->submitted, &dead);
	list_splice_init(&m->issued, &dead);
	m->terminated++;
	spin_unlock_irqrestore(&m->lock, flags);
	list_for_each_entry_safe(d, t, &dead, node) {
		kfree(d->sgl);
		kfree(d);
	}
	return 0;
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
	dd->directions = BIT(DMA_MEM_TO_MEM) | BIT(DMA_MEM_TO_DEV) |
			 BIT(DMA_DEV_TO_MEM);
	dd->src_addr_widths = BIT(DMA_SLAVE_BUSWIDTH_1_BYTE);
	dd->dst_addr_widths = BIT(DMA_SLAVE_BUSWIDTH_1_BYTE);
	dd->residue_granularity = DMA_RESIDUE_GRANULARITY_DESCRIPTOR;
	dd->device_prep_dma_memcpy = mock_prep_memcpy;
	dd->device_prep_slave_sg = mock_prep_slave_sg;
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
	struct mock_dma *m;
	struct dma_chan *chan;
	struct dmastream_chan *dc;
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
	t->dc = dmastream_chan_create(t->chan);
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
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d, 0, s, 0, 16,
						    20000), -EINVAL);
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
	t->m->hold = true;
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
	mock_release(t->m);
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
	t->m->hold = true;
	x1 = dmastream_submit_memcpy(t->dc, d1, 0, s, 0, 100, 50, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x1);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x1), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, t->m->terminated, 1u);
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
	t->m->hold = false;
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(s), 0);
	KUNIT_ASSERT_EQ(test, dmastream_buf_end_cpu(d1), 0);
	KUNIT_EXPECT_EQ(test, dmastream_memcpy_sync(t->dc, d1, 0, s, 0, 100,
						    0), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d1), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d2), 0);
}

static void ds_timeout_cancels_queue(struct kunit *test)
{
	struct ds_test *t = test->priv;
	struct dmastream_buf *s1, *s2, *d1, *d2;
	struct dmastream_xfer *x1, *x2;

	s1 = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	s2 = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_TO_DEVICE);
	d1 = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	d2 = alloc_buf(test, 256, DMASTREAM_KIND_SINGLE, DMA_FROM_DEVICE);
	t->m->hold = true;
	x1 = dmastream_submit_memcpy(t->dc, d1, 0, s1, 0, 256, 50, NULL, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x1);
	x2 = dmastream_submit_memcpy(t->dc, d2, 0, s2, 0, 256, 5000, NULL,
				     NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, x2);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x1), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, dmastream_xfer_wait(x2), -ECANCELED);
	KUNIT_EXPECT_EQ(test, dmastream_buf_owner(s2), DMASTREAM_OWNER_CPU);
	dmastream_xfer_put(x1);
	dmastream_xfer_put(x2);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s1), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(s2), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d1), 0);
	KUNIT_EXPECT_EQ(test, dmastream_buf_free(d2), 0);
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
	dc2 = dmastream_chan_create(c2);
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

static struct kunit_case ds_cases[] = {
	KUNIT_CASE(ds_memcpy_single_sizes),
	KUNIT_CASE(ds_memcpy_sg),
	KUNIT_CASE(ds_memcpy_same_buffer),
	KUNIT_CASE(ds_memcpy_args),
	KUNIT_CASE(ds_ownership),
	KUNIT_CASE(ds_reuse_1000),
	KUNIT_CASE(ds_timeout_terminate),
	KUNIT_CASE(ds_timeout_cancels_queue),
	KUNIT_CASE(ds_provider_error),
	KUNIT_CASE(ds_slave),
	KUNIT_CASE(ds_other_controller),
	KUNIT_CASE(ds_cma_kind),
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

kunit_test_suite(ds_suite);

MODULE_DESCRIPTION("KUnit tests for the dmastream client framework");
MODULE_LICENSE("GPL");
