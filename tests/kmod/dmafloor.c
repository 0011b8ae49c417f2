// SPDX-License-Identifier: GPL-2.0
/*
 * dmafloor: the benchmark's software floor.  A minimal dmaengine provider
 * offering DMA_MEMCPY and DMA_MEMSET on 8 channels of a platform device it
 * creates itself, with no hardware at all: issue_pending copies (or fills)
 * with the CPU and completes every issued descriptor at once, calling the
 * client's callback right there.
 *
 * It measures what a transfer costs a client (dmatest, its mappings and the
 * cache maintenance they imply) when the provider costs next to nothing, so
 * that a real provider's overhead can be stated above that floor.  It is
 * not a driver to copy: callbacks from issue_pending's caller are forbidden
 * for real providers, and the CPU writes buffers that are mapped for the
 * device, which is only harmless on a cache-less model such as QEMU's or on
 * coherent hardware.  Buffers must be in the kernel's linear map.
 */
#include <linux/dma-direct.h>
#include <linux/dmaengine.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#define FLOOR_NAME	"dmafloor"
#define FLOOR_CHANNELS	8
#define FLOOR_DESCS	16	/* preallocated per channel; more on demand */

struct floor_desc {
	struct dma_async_tx_descriptor tx;
	struct list_head node;
	void *dst;
	const void *src;
	size_t len;
	int value;
	bool is_memset;
	bool dynamic;
};

struct floor_chan {
	struct dma_chan chan;
	spinlock_t lock;		/* protects the lists and cookies */
	struct list_head free;
	struct list_head submitted;
	struct floor_desc descs[FLOOR_DESCS];
};

struct floor_dev {
	struct dma_device dd;
	struct floor_chan chans[FLOOR_CHANNELS];
};

static struct platform_device *floor_pdev;

static struct floor_chan *to_floor_chan(struct dma_chan *chan)
{
	return container_of(chan, struct floor_chan, chan);
}

static struct floor_desc *to_floor_desc(struct dma_async_tx_descriptor *tx)
{
	return container_of(tx, struct floor_desc, tx);
}

/* Linear-map address of a DMA address, or NULL if there is none. */
static void *floor_virt(struct dma_chan *chan, dma_addr_t addr, size_t len)
{
	phys_addr_t phys = dma_to_phys(chan->device->dev, addr);

	if (!len || !pfn_valid(PHYS_PFN(phys)) ||
	    !pfn_valid(PHYS_PFN(phys + len - 1)) ||
	    PageHighMem(pfn_to_page(PHYS_PFN(phys + len - 1))))
		return NULL;
	return phys_to_virt(phys);
}

static void floor_recycle(struct floor_chan *fc, struct floor_desc *d)
{
	if (d->dynamic) {
		kfree(d);
		return;
	}
	list_add(&d->node, &fc->free);
}

static dma_cookie_t floor_tx_submit(struct dma_async_tx_descriptor *tx)
{
	struct floor_chan *fc = to_floor_chan(tx->chan);
	struct dma_chan *chan = &fc->chan;
	unsigned long flags;
	dma_cookie_t cookie;

	spin_lock_irqsave(&fc->lock, flags);
	cookie = chan->cookie + 1;
	if (cookie < DMA_MIN_COOKIE)
		cookie = DMA_MIN_COOKIE;
	chan->cookie = cookie;
	tx->cookie = cookie;
	list_add_tail(&to_floor_desc(tx)->node, &fc->submitted);
	spin_unlock_irqrestore(&fc->lock, flags);
	return cookie;
}

static struct floor_desc *floor_get_desc(struct floor_chan *fc,
					 unsigned long flags)
{
	struct floor_desc *d = NULL;
	unsigned long irqflags;

	spin_lock_irqsave(&fc->lock, irqflags);
	if (!list_empty(&fc->free)) {
		d = list_first_entry(&fc->free, struct floor_desc, node);
		list_del(&d->node);
	}
	spin_unlock_irqrestore(&fc->lock, irqflags);
	if (!d) {
		d = kzalloc(sizeof(*d), GFP_NOWAIT);
		if (!d)
			return NULL;
		d->dynamic = true;
	}
	dma_async_tx_descriptor_init(&d->tx, &fc->chan);
	d->tx.tx_submit = floor_tx_submit;
	d->tx.flags = flags;
	d->tx.callback = NULL;
	d->tx.callback_result = NULL;
	d->tx.callback_param = NULL;
	d->tx.unmap = NULL;
	return d;
}

static struct dma_async_tx_descriptor *
floor_prep_memcpy(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src,
		  size_t len, unsigned long flags)
{
	void *vdst = floor_virt(chan, dst, len);
	void *vsrc = floor_virt(chan, src, len);
	struct floor_desc *d;

	if (!vdst || !vsrc)
		return NULL;
	d = floor_get_desc(to_floor_chan(chan), flags);
	if (!d)
		return NULL;
	d->dst = vdst;
	d->src = vsrc;
	d->len = len;
	d->is_memset = false;
	return &d->tx;
}

static struct dma_async_tx_descriptor *
floor_prep_memset(struct dma_chan *chan, dma_addr_t dst, int value,
		  size_t len, unsigned long flags)
{
	void *vdst = floor_virt(chan, dst, len);
	struct floor_desc *d;

	if (!vdst)
		return NULL;
	d = floor_get_desc(to_floor_chan(chan), flags);
	if (!d)
		return NULL;
	d->dst = vdst;
	d->src = NULL;
	d->len = len;
	d->value = value;
	d->is_memset = true;
	return &d->tx;
}

static void floor_issue_pending(struct dma_chan *chan)
{
	struct floor_chan *fc = to_floor_chan(chan);
	struct dmaengine_result res = { .result = DMA_TRANS_NOERROR };
	struct dma_async_tx_descriptor *tx;
	struct floor_desc *d, *n;
	unsigned long flags;
	LIST_HEAD(todo);

	spin_lock_irqsave(&fc->lock, flags);
	list_splice_tail_init(&fc->submitted, &todo);
	spin_unlock_irqrestore(&fc->lock, flags);

	list_for_each_entry_safe(d, n, &todo, node) {
		tx = &d->tx;
		if (d->is_memset)
			memset(d->dst, d->value, d->len);
		else
			memcpy(d->dst, d->src, d->len);

		spin_lock_irqsave(&fc->lock, flags);
		chan->completed_cookie = tx->cookie;
		spin_unlock_irqrestore(&fc->lock, flags);

		dma_descriptor_unmap(tx);
		if (tx->callback_result)
			tx->callback_result(tx->callback_param, &res);
		else if (tx->callback)
			tx->callback(tx->callback_param);

		spin_lock_irqsave(&fc->lock, flags);
		list_del(&d->node);
		floor_recycle(fc, d);
		spin_unlock_irqrestore(&fc->lock, flags);
	}
}

static enum dma_status floor_tx_status(struct dma_chan *chan,
				       dma_cookie_t cookie,
				       struct dma_tx_state *state)
{
	dma_cookie_t used = READ_ONCE(chan->cookie);
	dma_cookie_t done = READ_ONCE(chan->completed_cookie);

	dma_set_tx_state(state, done, used, 0);
	return dma_async_is_complete(cookie, done, used);
}

/* Drop what was submitted and not issued: nothing else is ever in flight. */
static int floor_terminate_all(struct dma_chan *chan)
{
	struct floor_chan *fc = to_floor_chan(chan);
	struct floor_desc *d, *n;
	unsigned long flags;

	spin_lock_irqsave(&fc->lock, flags);
	list_for_each_entry_safe(d, n, &fc->submitted, node) {
		list_del(&d->node);
		floor_recycle(fc, d);
	}
	spin_unlock_irqrestore(&fc->lock, flags);
	return 0;
}

static void floor_synchronize(struct dma_chan *chan)
{
}

static int floor_alloc_chan_resources(struct dma_chan *chan)
{
	chan->completed_cookie = DMA_MIN_COOKIE;
	chan->cookie = DMA_MIN_COOKIE;
	return FLOOR_DESCS;
}

static void floor_free_chan_resources(struct dma_chan *chan)
{
	floor_terminate_all(chan);
}

static void floor_release(struct dma_device *dd)
{
	kfree(container_of(dd, struct floor_dev, dd));
}

static int floor_probe(struct platform_device *pdev)
{
	struct floor_dev *fd;
	struct dma_device *dd;
	int i, j, ret;

	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	if (ret)
		return ret;

	fd = kzalloc(sizeof(*fd), GFP_KERNEL);
	if (!fd)
		return -ENOMEM;
	dd = &fd->dd;
	dd->dev = &pdev->dev;
	INIT_LIST_HEAD(&dd->channels);
	dma_cap_set(DMA_MEMCPY, dd->cap_mask);
	dma_cap_set(DMA_MEMSET, dd->cap_mask);
	dd->device_alloc_chan_resources = floor_alloc_chan_resources;
	dd->device_free_chan_resources = floor_free_chan_resources;
	dd->device_prep_dma_memcpy = floor_prep_memcpy;
	dd->device_prep_dma_memset = floor_prep_memset;
	dd->device_issue_pending = floor_issue_pending;
	dd->device_tx_status = floor_tx_status;
	dd->device_terminate_all = floor_terminate_all;
	dd->device_synchronize = floor_synchronize;
	dd->device_release = floor_release;
	dd->src_addr_widths = BIT(DMA_SLAVE_BUSWIDTH_1_BYTE);
	dd->dst_addr_widths = BIT(DMA_SLAVE_BUSWIDTH_1_BYTE);
	dd->directions = BIT(DMA_MEM_TO_MEM);
	dd->residue_granularity = DMA_RESIDUE_GRANULARITY_DESCRIPTOR;

	for (i = 0; i < FLOOR_CHANNELS; i++) {
		struct floor_chan *fc = &fd->chans[i];

		spin_lock_init(&fc->lock);
		INIT_LIST_HEAD(&fc->free);
		INIT_LIST_HEAD(&fc->submitted);
		for (j = 0; j < FLOOR_DESCS; j++)
			list_add_tail(&fc->descs[j].node, &fc->free);
		fc->chan.device = dd;
		list_add_tail(&fc->chan.device_node, &dd->channels);
	}

	ret = dma_async_device_register(dd);
	if (ret) {
		kfree(fd);
		return dev_err_probe(&pdev->dev, ret, "registration failed\n");
	}
	platform_set_drvdata(pdev, fd);
	dev_info(&pdev->dev, "software floor provider: %d channels, memcpy and memset\n",
		 FLOOR_CHANNELS);
	return 0;
}

static struct platform_driver floor_driver = {
	.probe = floor_probe,
	.driver = {
		.name = FLOOR_NAME,
		/* Unbinding is module unload (floor_exit), never through sysfs. */
		.suppress_bind_attrs = true,
	},
};

static int __init floor_init(void)
{
	int ret;

	ret = platform_driver_register(&floor_driver);
	if (ret)
		return ret;
	floor_pdev = platform_device_register_simple(FLOOR_NAME, PLATFORM_DEVID_NONE,
						     NULL, 0);
	if (IS_ERR(floor_pdev)) {
		platform_driver_unregister(&floor_driver);
		return PTR_ERR(floor_pdev);
	}
	/* Probing is synchronous: no driver data means no DMA device. */
	if (!platform_get_drvdata(floor_pdev)) {
		platform_device_unregister(floor_pdev);
		platform_driver_unregister(&floor_driver);
		return -ENODEV;
	}
	return 0;
}

static void __exit floor_exit(void)
{
	struct floor_dev *fd = platform_get_drvdata(floor_pdev);

	/* The last reference (here, or a client's) frees fd via floor_release. */
	dma_async_device_unregister(&fd->dd);
	platform_device_unregister(floor_pdev);
	platform_driver_unregister(&floor_driver);
}

module_init(floor_init);
module_exit(floor_exit);
MODULE_DESCRIPTION("Software floor dmaengine provider for benchmarks (CPU copy)");
MODULE_LICENSE("GPL");
