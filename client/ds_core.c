// SPDX-License-Identifier: GPL-2.0
/*
 * dmastream core: streaming-mapped buffers with explicit CPU/device
 * ownership, and memcpy/slave submission with completion and timeout.
 *
 * Ownership model (one state per buffer):
 *   DEVICE   synced for the device, idle: may be submitted or taken by the CPU
 *   CPU      synced for the CPU: CPU may read/write, submission is refused
 *   INFLIGHT a transfer uses it: CPU access, submission and free are refused
 * begin_cpu (DEVICE->CPU) does the for_cpu sync, end_cpu (CPU->DEVICE) the
 * for_device sync; a transfer moves DEVICE->INFLIGHT->DEVICE, or back to
 * CPU (synced) when it fails or times out.
 */
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>
#include <linux/vmalloc.h>

#include "ds_compat.h"
#include "ds_internal.h"

unsigned int ds_timeout_ms = 2000;
module_param_named(timeout_ms, ds_timeout_ms, uint, 0600);
MODULE_PARM_DESC(timeout_ms, "default transfer timeout in ms (1..10000)");

/*
 * Debug switches for the bounce-mode proof: each positive value skips that
 * many of the next syncs that matter (for_cpu of a buffer the device
 * writes, for_device of a buffer the device reads), so tests can show that
 * their data checks catch a missing sync.
 */
static int ds_skip_cpu_sync;
module_param_named(skip_cpu_sync, ds_skip_cpu_sync, int, 0600);
MODULE_PARM_DESC(skip_cpu_sync,
		 "debug: skip this many for_cpu syncs of device-written buffers");
static int ds_skip_dev_sync;
module_param_named(skip_dev_sync, ds_skip_dev_sync, int, 0600);
MODULE_PARM_DESC(skip_dev_sync,
		 "debug: skip this many for_device syncs of device-read buffers");
static DEFINE_SPINLOCK(ds_skip_lock);

/* Live buffers, for the read-only debugfs view (diagnostics only). */
static LIST_HEAD(ds_bufs);
static DEFINE_SPINLOCK(ds_bufs_lock);
static u64 ds_bufs_next_id;

#define DS_TIMEOUT_MAX_MS	10000

static struct {
	atomic64_t sync_cpu;
	atomic64_t sync_dev;
	atomic64_t skipped_cpu;
	atomic64_t skipped_dev;
	atomic64_t xfers;
	atomic64_t descs;
	atomic64_t timeouts;
	atomic64_t errors;
	atomic64_t refused;
	atomic64_t bufs;
	atomic64_t maps;
} ds_stat;

void ds_stats_show(struct seq_file *m)
{
	seq_printf(m, "sync_for_cpu %lld\n", atomic64_read(&ds_stat.sync_cpu));
	seq_printf(m, "sync_for_device %lld\n", atomic64_read(&ds_stat.sync_dev));
	seq_printf(m, "skipped_for_cpu %lld\n",
		   atomic64_read(&ds_stat.skipped_cpu));
	seq_printf(m, "skipped_for_device %lld\n",
		   atomic64_read(&ds_stat.skipped_dev));
	seq_printf(m, "transfers %lld\n", atomic64_read(&ds_stat.xfers));
	seq_printf(m, "descriptors %lld\n", atomic64_read(&ds_stat.descs));
	seq_printf(m, "timeouts %lld\n", atomic64_read(&ds_stat.timeouts));
	seq_printf(m, "errors %lld\n", atomic64_read(&ds_stat.errors));
	seq_printf(m, "refused %lld\n", atomic64_read(&ds_stat.refused));
	seq_printf(m, "buffers %lld\n", atomic64_read(&ds_stat.bufs));
	seq_printf(m, "mappings %lld\n", atomic64_read(&ds_stat.maps));
}

/* Caller holds buf->lock. */
static void ds_buf_set_owner(struct dmastream_buf *buf,
			     enum dmastream_owner owner)
{
	if (buf->owner != owner)
		buf->owner_since = ktime_get_ns();
	buf->owner = owner;
}

static void ds_bufs_add(struct dmastream_buf *buf)
{
	buf->owner_since = ktime_get_ns();
	spin_lock(&ds_bufs_lock);
	buf->id = ++ds_bufs_next_id;
	list_add_tail(&buf->node, &ds_bufs);
	spin_unlock(&ds_bufs_lock);
}

static void ds_bufs_del(struct dmastream_buf *buf)
{
	spin_lock(&ds_bufs_lock);
	list_del(&buf->node);
	spin_unlock(&ds_bufs_lock);
}

static const char *ds_dir_name(enum dma_data_direction dir)
{
	switch (dir) {
	case DMA_TO_DEVICE:
		return "to_device";
	case DMA_FROM_DEVICE:
		return "from_device";
	case DMA_BIDIRECTIONAL:
		return "bidirectional";
	default:
		return "none";
	}
}

static const char * const ds_owner_names[] = {
	[DMASTREAM_OWNER_DEVICE] = "device",
	[DMASTREAM_OWNER_CPU] = "cpu",
	[DMASTREAM_OWNER_INFLIGHT] = "inflight",
};

static const char * const ds_kind_names[] = {
	[DMASTREAM_KIND_SINGLE] = "single",
	[DMASTREAM_KIND_SG] = "sg",
	[DMASTREAM_KIND_CMA] = "cma",
};

/**
 * ds_bufs_show() - one line per live buffer, for debugfs
 * @m: seq_file of /sys/kernel/debug/dmastream/buffers
 *
 * Each line is "buf" and key=value pairs: id, kind, dir (the mapping
 * direction), size, nents, mapping (streaming-single, streaming-sg, or
 * import: the exporter's mapping), owner (device, cpu, inflight),
 * owner_ms (time in that state), device (what it is mapped for).  The
 * debug sync switches follow as one "skip" line.
 */
void ds_bufs_show(struct seq_file *m)
{
	u64 now = ktime_get_ns();
	struct dmastream_buf *buf;
	enum dmastream_owner owner;
	unsigned long flags;
	const char *mapping;
	u64 since;

	spin_lock(&ds_bufs_lock);
	list_for_each_entry(buf, &ds_bufs, node) {
		spin_lock_irqsave(&buf->lock, flags);
		owner = buf->owner;
		since = buf->owner_since;
		spin_unlock_irqrestore(&buf->lock, flags);
		if (buf->imported)
			mapping = "import";
		else if (buf->kind == DMASTREAM_KIND_SG)
			mapping = "streaming-sg";
		else
			mapping = "streaming-single";
		seq_printf(m, "buf id=%llu kind=%s dir=%s size=%zu nents=%u mapping=%s owner=%s owner_ms=%llu device=%s\n",
			   buf->id, ds_kind_names[buf->kind],
			   ds_dir_name(buf->dir), buf->size,
			   dmastream_buf_nents(buf), mapping,
			   ds_owner_names[owner],
			   div_u64(now - since, NSEC_PER_MSEC),
			   dev_name(buf->dma_dev));
	}
	spin_unlock(&ds_bufs_lock);
	seq_printf(m, "skip skip_cpu_sync=%d skip_dev_sync=%d\n",
		   READ_ONCE(ds_skip_cpu_sync), READ_ONCE(ds_skip_dev_sync));
}

/**
 * ds_chan_show() - one line describing a channel and its DMA device
 * @m: seq_file of /sys/kernel/debug/dmastream/buffers
 * @role: name of the role the channel serves
 * @dc: the channel wrapper
 *
 * "chan" and key=value pairs: role, name, device, dma_mask, coherent_mask,
 * bus_limit, coherent (the device snoops CPU caches), bounce (its mappings
 * go through a swiotlb or restricted pool), max_map, max_seg, inflight
 * (transfers) and oldest_ms (age of the oldest one in flight).
 */
void ds_chan_show(struct seq_file *m, const char *role,
		  struct dmastream_chan *dc)
{
	struct device *dev = dc->dma_dev;
	struct dmastream_xfer *x;
	unsigned int n = 0;
	u64 oldest = 0, now;

	spin_lock_irq(&dc->slock);
	now = ktime_get_ns();
	list_for_each_entry(x, &dc->inflight, node) {
		n++;
		/* t_submit is set just after the transfer joins the list */
		if (x->t_submit && now > x->t_submit &&
		    now - x->t_submit > oldest)
			oldest = now - x->t_submit;
	}
	spin_unlock_irq(&dc->slock);
	seq_printf(m, "chan role=%s name=%s device=%s dma_mask=0x%llx coherent_mask=0x%llx bus_limit=0x%llx coherent=%d bounce=%d max_map=%zu max_seg=%u inflight=%u oldest_ms=%llu\n",
		   role, dma_chan_name(dc->chan), dev_name(dev),
		   dev->dma_mask ? (u64)*dev->dma_mask : 0ULL,
		   (u64)dev->coherent_dma_mask, (u64)dev->bus_dma_limit,
		   dev_is_dma_coherent(dev), is_swiotlb_force_bounce(dev),
		   dma_max_mapping_size(dev), dma_get_max_seg_size(dev), n,
		   div_u64(oldest, NSEC_PER_MSEC));
}

static bool ds_take_skip(int *counter)
{
	unsigned long flags;
	bool skip = false;

	spin_lock_irqsave(&ds_skip_lock, flags);
	if (READ_ONCE(*counter) > 0) {
		WRITE_ONCE(*counter, *counter - 1);
		skip = true;
	}
	spin_unlock_irqrestore(&ds_skip_lock, flags);
	return skip;
}

static void ds_sync_for_cpu(struct dmastream_buf *buf)
{
	if (buf->imported)
		return;
	if (buf->dir != DMA_TO_DEVICE && ds_take_skip(&ds_skip_cpu_sync)) {
		atomic64_inc(&ds_stat.skipped_cpu);
		dev_info(ds_log_dev(), "debug: skipped a for_cpu sync\n");
		return;
	}
	if (buf->dsgt)
		dma_sync_sgtable_for_cpu(buf->dma_dev, buf->dsgt, buf->dir);
	else
		dma_sync_single_for_cpu(buf->dma_dev, buf->dma, buf->size,
					buf->dir);
	atomic64_inc(&ds_stat.sync_cpu);
}

static void ds_sync_for_device(struct dmastream_buf *buf)
{
	if (buf->imported)
		return;
	if (buf->dir != DMA_FROM_DEVICE && ds_take_skip(&ds_skip_dev_sync)) {
		atomic64_inc(&ds_stat.skipped_dev);
		dev_info(ds_log_dev(), "debug: skipped a for_device sync\n");
		return;
	}
	if (buf->dsgt)
		dma_sync_sgtable_for_device(buf->dma_dev, buf->dsgt, buf->dir);
	else
		dma_sync_single_for_device(buf->dma_dev, buf->dma, buf->size,
					   buf->dir);
	atomic64_inc(&ds_stat.sync_dev);
}

/* ---- channels ---- */

/**
 * dmastream_chan_create() - wrap a dmaengine channel for dmastream use
 * @chan: a channel the caller has requested (and keeps owning)
 *
 * The wrapper tracks the transfers in flight on @chan so that a timeout can
 * terminate the channel and fail them all.  All submissions on @chan must
 * then go through this wrapper.
 *
 * Return: the wrapper, or an ERR_PTR().
 */
struct dmastream_chan *dmastream_chan_create(struct dma_chan *chan)
{
	struct dmastream_chan *dc;

	if (!chan)
		return ERR_PTR(-EINVAL);
	dc = kzalloc(sizeof(*dc), GFP_KERNEL);
	if (!dc)
		return ERR_PTR(-ENOMEM);
	dc->chan = chan;
	dc->dma_dev = dmaengine_get_dma_device(chan);
	mutex_init(&dc->lock);
	spin_lock_init(&dc->slock);
	INIT_LIST_HEAD(&dc->inflight);
	init_waitqueue_head(&dc->idle_wq);
	return dc;
}
EXPORT_SYMBOL_GPL(dmastream_chan_create);

static bool ds_chan_idle(struct dmastream_chan *dc)
{
	unsigned long flags;
	bool idle;

	spin_lock_irqsave(&dc->slock, flags);
	idle = list_empty(&dc->inflight);
	spin_unlock_irqrestore(&dc->slock, flags);
	return idle;
}

/**
 * dmastream_chan_destroy() - free a wrapper once its transfers are over
 * @dc: wrapper from dmastream_chan_create(), or NULL
 *
 * Waits (bounded by the transfers' timeouts) until nothing is in flight.
 * The dmaengine channel itself is left to the caller to release.
 */
void dmastream_chan_destroy(struct dmastream_chan *dc)
{
	if (!dc)
		return;
	wait_event(dc->idle_wq, ds_chan_idle(dc));
	mutex_destroy(&dc->lock);
	kfree(dc);
}
EXPORT_SYMBOL_GPL(dmastream_chan_destroy);

/**
 * dmastream_chan_dma() - the dmaengine channel behind a wrapper
 * @dc: wrapper
 *
 * Return: the channel given to dmastream_chan_create().
 */
struct dma_chan *dmastream_chan_dma(struct dmastream_chan *dc)
{
	return dc->chan;
}
EXPORT_SYMBOL_GPL(dmastream_chan_dma);

/**
 * dmastream_chan_dma_device() - device that buffers are mapped against
 * @dc: wrapper
 *
 * Return: dmaengine_get_dma_device() of the channel, i.e. the controller.
 */
struct device *dmastream_chan_dma_device(struct dmastream_chan *dc)
{
	return dc->dma_dev;
}
EXPORT_SYMBOL_GPL(dmastream_chan_dma_device);

/* ---- buffers ---- */

/* Largest single DMA mapping the controller's device can take. */
static size_t ds_max_map(struct device *dma_dev)
{
	return dma_max_mapping_size(dma_dev);
}

static unsigned int ds_max_segment(struct dmastream_buf *buf)
{
	size_t seg = min_t(size_t, ds_max_map(buf->dma_dev),
			   dma_get_max_seg_size(buf->dma_dev));

	seg = min_t(size_t, seg, UINT_MAX);
	return max_t(unsigned int, round_down(seg, PAGE_SIZE), PAGE_SIZE);
}

static int ds_buf_alloc_mem(struct dmastream_buf *buf)
{
	size_t bytes = PAGE_ALIGN(buf->size);
	unsigned int i;

	/* A contiguous buffer is one mapping: e.g. at most 256 KiB when a
	 * restricted (bounce) pool serves the controller.
	 */
	if (buf->kind != DMASTREAM_KIND_SG && buf->size > ds_max_map(buf->dma_dev))
		return -E2BIG;
	switch (buf->kind) {
	case DMASTREAM_KIND_SINGLE:
		if (bytes > ds_max_contig_bytes())
			return -E2BIG;
		buf->vaddr = alloc_pages_exact(bytes, GFP_KERNEL | __GFP_ZERO |
					       __GFP_NOWARN);
		if (!buf->vaddr)
			return -ENOMEM;
		for (i = 0; i < buf->npages; i++)
			buf->pages[i] = virt_to_page(buf->vaddr + i * PAGE_SIZE);
		return 0;
	case DMASTREAM_KIND_CMA: {
		struct device *mdev = ds_mem_dev();
		const char *src;
		struct page *page;

		if (!mdev)
			return -ENODEV;
		/*
		 * The allocating device never does DMA; TO_DEVICE keeps
		 * DMA-API debug from tracking its cachelines, which belong
		 * to the controller's mapping made below.
		 */
		page = dma_alloc_pages(mdev, bytes, &buf->alloc_dma,
				       DMA_TO_DEVICE,
				       GFP_KERNEL | __GFP_NOWARN);
		/*
		 * No failure is possible once a page came back, but 6.1's
		 * DMA-API debug records the allocation as a mapping whose
		 * error must be checked before it is freed.
		 */
		if (page && dma_mapping_error(mdev, buf->alloc_dma)) {
			dma_free_pages(mdev, bytes, page, buf->alloc_dma,
				       DMA_TO_DEVICE);
			page = NULL;
		}
		if (!page) {
			u64 pool = ds_cma_pool_size(&src);

			dev_err(ds_log_dev(),
				"CMA exhausted: cannot allocate %zu contiguous bytes from the CMA pool of %llu MiB (%s)\n",
				bytes, pool >> 20, src);
			return -ENOMEM;
		}
		buf->alloc_dev = mdev;
		buf->vaddr = page_address(page);
		for (i = 0; i < buf->npages; i++)
			buf->pages[i] = nth_page(page, i);
		if (!buf->vaddr) {
			dma_free_pages(mdev, bytes, page, buf->alloc_dma,
				       DMA_TO_DEVICE);
			buf->alloc_dev = NULL;
			return -ENOMEM;
		}
		return 0;
	}
	case DMASTREAM_KIND_SG:
		for (i = 0; i < buf->npages; i++) {
			buf->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
			if (!buf->pages[i])
				return -ENOMEM;
		}
		buf->vaddr = vmap(buf->pages, buf->npages, VM_MAP, PAGE_KERNEL);
		if (!buf->vaddr)
			return -ENOMEM;
		/* Adjacent pages merge, but never beyond what one mapping
		 * may cover (a bounce pool's slot run, for one).
		 */
		return sg_alloc_table_from_pages_segment(&buf->sgt, buf->pages,
							 buf->npages, 0,
							 buf->size,
							 ds_max_segment(buf),
							 GFP_KERNEL);
	}
	return -EINVAL;
}

static void ds_buf_free_mem(struct dmastream_buf *buf)
{
	size_t bytes = PAGE_ALIGN(buf->size);
	unsigned int i;

	switch (buf->kind) {
	case DMASTREAM_KIND_SINGLE:
		if (buf->vaddr)
			free_pages_exact(buf->vaddr, bytes);
		break;
	case DMASTREAM_KIND_CMA:
		if (buf->alloc_dev)
			dma_free_pages(buf->alloc_dev, bytes, buf->pages[0],
				       buf->alloc_dma, DMA_TO_DEVICE);
		break;
	case DMASTREAM_KIND_SG:
		sg_free_table(&buf->sgt);
		if (buf->vaddr)
			vunmap(buf->vaddr);
		for (i = 0; i < buf->npages; i++)
			if (buf->pages[i])
				__free_page(buf->pages[i]);
		break;
	}
}

/*
 * A FROM_DEVICE mapping may only invalidate the CPU caches, dropping the
 * zeroes just written: write them back first so that stale memory can
 * never show through the buffer.
 */
static int ds_buf_writeback_zeroes(struct dmastream_buf *buf)
{
	dma_addr_t dma;

	if (buf->dir != DMA_FROM_DEVICE)
		return 0;
	if (buf->kind == DMASTREAM_KIND_SG) {
		int ret = dma_map_sgtable(buf->dma_dev, &buf->sgt,
					  DMA_TO_DEVICE, 0);

		if (ret)
			return ret;
		dma_unmap_sgtable(buf->dma_dev, &buf->sgt, DMA_TO_DEVICE, 0);
		return 0;
	}
	dma = dma_map_single(buf->dma_dev, buf->vaddr, buf->size,
			     DMA_TO_DEVICE);
	if (dma_mapping_error(buf->dma_dev, dma))
		return -ENOMEM;
	dma_unmap_single(buf->dma_dev, dma, buf->size, DMA_TO_DEVICE);
	return 0;
}

/* Counted: a test shows reused buffers are synced, never remapped. */
static int ds_buf_map(struct dmastream_buf *buf)
{
	int ret = ds_buf_writeback_zeroes(buf);

	if (ret)
		return ret;
	if (buf->kind == DMASTREAM_KIND_SG) {
		ret = dma_map_sgtable(buf->dma_dev, &buf->sgt, buf->dir, 0);
		if (ret)
			return ret;
		buf->dsgt = &buf->sgt;
	} else {
		buf->dma = dma_map_single(buf->dma_dev, buf->vaddr, buf->size,
					  buf->dir);
		if (dma_mapping_error(buf->dma_dev, buf->dma))
			return -ENOMEM;
	}
	atomic64_inc(&ds_stat.maps);
	return 0;
}

static bool ds_dir_valid(enum dma_data_direction dir)
{
	return dir == DMA_TO_DEVICE || dir == DMA_FROM_DEVICE ||
	       dir == DMA_BIDIRECTIONAL;
}

struct dmastream_buf *ds_buf_create(struct device *dma_dev, size_t size,
				    enum dmastream_buf_kind kind,
				    enum dma_data_direction dir)
{
	struct dmastream_buf *buf;
	int ret;

	if (!dma_dev || !size || !ds_dir_valid(dir) ||
	    kind > DMASTREAM_KIND_CMA)
		return ERR_PTR(-EINVAL);
	if (size > SIZE_MAX - PAGE_SIZE || size / PAGE_SIZE >= UINT_MAX)
		return ERR_PTR(-E2BIG);
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->dma_dev = get_device(dma_dev);
	buf->kind = kind;
	buf->dir = dir;
	buf->size = size;
	buf->npages = DIV_ROUND_UP(size, PAGE_SIZE);
	spin_lock_init(&buf->lock);
	buf->pages = kvcalloc(buf->npages, sizeof(*buf->pages), GFP_KERNEL);
	if (!buf->pages) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = ds_buf_alloc_mem(buf);
	if (ret)
		goto err_mem;
	ret = ds_buf_map(buf);
	if (ret) {
		dev_err(ds_log_dev(), "cannot map %zu bytes for %s: %d\n",
			size, dev_name(dma_dev), ret);
		goto err_mem;
	}
	/* After mapping the device owns it, as the DMA API says. */
	buf->owner = DMASTREAM_OWNER_DEVICE;
	atomic64_inc(&ds_stat.bufs);
	ds_bufs_add(buf);
	return buf;

err_mem:
	ds_buf_free_mem(buf);
	kvfree(buf->pages);
err_free:
	put_device(buf->dma_dev);
	kfree(buf);
	return ERR_PTR(ret);
}

struct dmastream_buf *ds_buf_wrap_import(struct device *dma_dev,
					 struct sg_table *sgt, size_t size)
{
	struct dmastream_buf *buf = kzalloc(sizeof(*buf), GFP_KERNEL);

	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->dma_dev = get_device(dma_dev);
	buf->kind = DMASTREAM_KIND_SG;
	buf->dir = DMA_BIDIRECTIONAL;
	buf->size = size;
	buf->dsgt = sgt;
	buf->imported = true;
	spin_lock_init(&buf->lock);
	buf->owner = DMASTREAM_OWNER_DEVICE;
	ds_bufs_add(buf);
	return buf;
}

void ds_buf_destroy(struct dmastream_buf *buf)
{
	if (!buf)
		return;
	ds_bufs_del(buf);
	if (!buf->imported) {
		if (buf->kind == DMASTREAM_KIND_SG)
			dma_unmap_sgtable(buf->dma_dev, &buf->sgt, buf->dir, 0);
		else
			dma_unmap_single(buf->dma_dev, buf->dma, buf->size,
					 buf->dir);
		ds_buf_free_mem(buf);
		kvfree(buf->pages);
		atomic64_dec(&ds_stat.bufs);
	}
	put_device(buf->dma_dev);
	kfree(buf);
}

bool ds_buf_inflight(struct dmastream_buf *buf)
{
	unsigned long flags;
	bool busy;

	spin_lock_irqsave(&buf->lock, flags);
	busy = buf->owner == DMASTREAM_OWNER_INFLIGHT;
	spin_unlock_irqrestore(&buf->lock, flags);
	return busy;
}

/**
 * dmastream_buf_alloc() - allocate and map a reusable DMA buffer
 * @dc: channel whose controller the buffer is mapped for
 * @size: bytes, > 0
 * @kind: memory behind the buffer, see &enum dmastream_buf_kind
 * @dir: DMA_TO_DEVICE (device only reads it), DMA_FROM_DEVICE (device only
 *	writes it) or DMA_BIDIRECTIONAL (memcpy within the buffer)
 *
 * The memory is zeroed, mapped once against dmaengine_get_dma_device() of
 * the channel and stays mapped until dmastream_buf_free().  It starts owned
 * by the device: call dmastream_buf_begin_cpu() before touching it.
 *
 * Context: process context, may sleep.
 * Return: the buffer, or an ERR_PTR(): -EINVAL for bad arguments, -E2BIG
 * for a single buffer beyond the page allocator's limit, -ENOMEM.
 */
struct dmastream_buf *dmastream_buf_alloc(struct dmastream_chan *dc,
					  size_t size,
					  enum dmastream_buf_kind kind,
					  enum dma_data_direction dir)
{
	if (!dc)
		return ERR_PTR(-EINVAL);
	return ds_buf_create(dc->dma_dev, size, kind, dir);
}
EXPORT_SYMBOL_GPL(dmastream_buf_alloc);

/**
 * dmastream_buf_free() - unmap and free a buffer
 * @buf: buffer from dmastream_buf_alloc(), or NULL
 *
 * Refused while a transfer uses the buffer: unmapping memory the device
 * may still write is the bug this framework exists to prevent.
 *
 * Context: process context, may sleep.
 * Return: 0, or -EBUSY (buffer in flight, nothing freed).
 */
int dmastream_buf_free(struct dmastream_buf *buf)
{
	if (!buf)
		return 0;
	if (ds_buf_inflight(buf)) {
		atomic64_inc(&ds_stat.refused);
		dev_warn_once(ds_log_dev(),
			      "free refused: buffer is in flight\n");
		return -EBUSY;
	}
	ds_buf_destroy(buf);
	return 0;
}
EXPORT_SYMBOL_GPL(dmastream_buf_free);

/**
 * dmastream_buf_size() - size of a buffer
 * @buf: buffer
 *
 * Return: the size in bytes given at allocation.
 */
size_t dmastream_buf_size(const struct dmastream_buf *buf)
{
	return buf->size;
}
EXPORT_SYMBOL_GPL(dmastream_buf_size);

/**
 * dmastream_buf_vaddr() - kernel address of a buffer's memory
 * @buf: buffer
 *
 * The address is valid for the buffer's lifetime, but the memory may only
 * be accessed between dmastream_buf_begin_cpu() and dmastream_buf_end_cpu().
 *
 * Return: the kernel virtual address (contiguous for all kinds).
 */
void *dmastream_buf_vaddr(struct dmastream_buf *buf)
{
	return buf->vaddr;
}
EXPORT_SYMBOL_GPL(dmastream_buf_vaddr);

/**
 * dmastream_buf_nents() - number of DMA segments of a buffer's mapping
 * @buf: buffer
 *
 * Return: 1 for contiguous kinds, the mapped sg entries for the sg kind.
 */
unsigned int dmastream_buf_nents(const struct dmastream_buf *buf)
{
	return buf->dsgt ? buf->dsgt->nents : 1;
}
EXPORT_SYMBOL_GPL(dmastream_buf_nents);

/**
 * dmastream_buf_owner() - current owner of a buffer
 * @buf: buffer
 *
 * Return: the &enum dmastream_owner state (a snapshot).
 */
enum dmastream_owner dmastream_buf_owner(struct dmastream_buf *buf)
{
	unsigned long flags;
	enum dmastream_owner owner;

	spin_lock_irqsave(&buf->lock, flags);
	owner = buf->owner;
	spin_unlock_irqrestore(&buf->lock, flags);
	return owner;
}
EXPORT_SYMBOL_GPL(dmastream_buf_owner);

int ds_buf_begin_cpu_access(struct dmastream_buf *buf)
{
	enum dmastream_owner was;
	unsigned long flags;

	spin_lock_irqsave(&buf->lock, flags);
	was = buf->owner;
	if (was == DMASTREAM_OWNER_DEVICE)
		ds_buf_set_owner(buf, DMASTREAM_OWNER_CPU);
	spin_unlock_irqrestore(&buf->lock, flags);

	if (was == DMASTREAM_OWNER_INFLIGHT) {
		atomic64_inc(&ds_stat.refused);
		dev_warn_once(ds_log_dev(),
			      "CPU access refused: buffer is in flight\n");
		return -EBUSY;
	}
	/* Owner is already CPU here, so no submission can race the sync. */
	if (was == DMASTREAM_OWNER_DEVICE)
		ds_sync_for_cpu(buf);
	return 0;
}

int ds_buf_end_cpu_access(struct dmastream_buf *buf)
{
	unsigned long flags;

	spin_lock_irqsave(&buf->lock, flags);
	if (buf->owner == DMASTREAM_OWNER_INFLIGHT) {
		spin_unlock_irqrestore(&buf->lock, flags);
		atomic64_inc(&ds_stat.refused);
		dev_warn_once(ds_log_dev(),
			      "CPU hand-back refused: buffer is in flight\n");
		return -EBUSY;
	}
	spin_unlock_irqrestore(&buf->lock, flags);

	/*
	 * Sync even if the device already owns it: harmless, and it makes a
	 * write done without begin_cpu visible instead of silently lost.
	 */
	ds_sync_for_device(buf);

	spin_lock_irqsave(&buf->lock, flags);
	ds_buf_set_owner(buf, DMASTREAM_OWNER_DEVICE);
	spin_unlock_irqrestore(&buf->lock, flags);
	return 0;
}

/**
 * dmastream_buf_begin_cpu() - hand a buffer to the CPU
 * @buf: buffer owned by the device and not in flight
 *
 * Does the for_cpu sync (cache invalidate, or the copy back from a bounce
 * buffer) in the buffer's mapping direction.  Calling it again while the
 * CPU owns the buffer does nothing.
 *
 * Context: process context; callers serialise their own hand-overs.
 * Return: 0, or -EBUSY (with a one-time warning) if a transfer uses it,
 * -EOPNOTSUPP for an imported buffer (its exporter does the syncs).
 */
int dmastream_buf_begin_cpu(struct dmastream_buf *buf)
{
	if (buf->imported)
		return -EOPNOTSUPP;
	return ds_buf_begin_cpu_access(buf);
}
EXPORT_SYMBOL_GPL(dmastream_buf_begin_cpu);

/**
 * dmastream_buf_end_cpu() - hand a buffer back to the device
 * @buf: buffer not in flight
 *
 * Does the for_device sync (cache clean, or the copy into the bounce
 * buffer) so the device sees what the CPU wrote; the buffer may then be
 * submitted.
 *
 * Context: process context; callers serialise their own hand-overs.
 * Return: 0, or -EBUSY (with a one-time warning) if a transfer uses it,
 * -EOPNOTSUPP for an imported buffer.
 */
int dmastream_buf_end_cpu(struct dmastream_buf *buf)
{
	if (buf->imported)
		return -EOPNOTSUPP;
	return ds_buf_end_cpu_access(buf);
}
EXPORT_SYMBOL_GPL(dmastream_buf_end_cpu);

/* ---- transfers ---- */

static int ds_claim(struct dmastream_buf *buf)
{
	enum dmastream_owner was;
	unsigned long flags;

	spin_lock_irqsave(&buf->lock, flags);
	was = buf->owner;
	if (was == DMASTREAM_OWNER_DEVICE)
		ds_buf_set_owner(buf, DMASTREAM_OWNER_INFLIGHT);
	spin_unlock_irqrestore(&buf->lock, flags);

	if (was == DMASTREAM_OWNER_DEVICE)
		return 0;
	atomic64_inc(&ds_stat.refused);
	if (was == DMASTREAM_OWNER_CPU)
		dev_warn_once(ds_log_dev(),
			      "submission refused: buffer is owned by the CPU (no end_cpu / DMA_BUF_IOCTL_SYNC END)\n");
	else
		dev_warn_once(ds_log_dev(),
			      "submission refused: buffer is already in flight\n");
	return -EBUSY;
}

/* Give a buffer back after its transfer; a failed one returns to the CPU. */
static void ds_release(struct dmastream_buf *buf, bool failed)
{
	unsigned long flags;

	if (failed)
		ds_sync_for_cpu(buf);
	spin_lock_irqsave(&buf->lock, flags);
	ds_buf_set_owner(buf, failed && !buf->imported ?
			 DMASTREAM_OWNER_CPU : DMASTREAM_OWNER_DEVICE);
	spin_unlock_irqrestore(&buf->lock, flags);
}

static void ds_xfer_complete(struct dmastream_xfer *x, int err)
{
	struct dmastream_chan *dc = x->dc;
	u64 now = ktime_get_ns();
	unsigned long flags;
	unsigned int i;
	bool idle;

	spin_lock_irqsave(&dc->slock, flags);
	if (x->state != DS_XFER_INFLIGHT) {
		spin_unlock_irqrestore(&dc->slock, flags);
		return;
	}
	x->state = DS_XFER_DONE;
	list_del_init(&x->node);
	idle = list_empty(&dc->inflight);
	spin_unlock_irqrestore(&dc->slock, flags);

	/* If the timeout work is running, it sees DONE and does nothing. */
	cancel_delayed_work(&x->timeout_work);
	x->t_done = now;
	x->result = err;
	if (!err)
		x->bytes = x->len;
	else if (err == -EIO && x->residue <= x->len)
		x->bytes = x->len - x->residue;
	if (err)
		atomic64_inc(&ds_stat.errors);
	/* @fn may wake a reaper before complete_all(): publish the result. */
	smp_store_release(&x->resolved, true);
	for (i = 0; i < x->nbufs; i++)
		ds_release(x->bufs[i], err);
	if (idle)
		wake_up_all(&dc->idle_wq);
	if (x->fn)
		x->fn(x, x->ctx);
	/* Last access: dmastream_xfer_put() may free @x right after this. */
	complete_all(&x->done);
}

static void ds_desc_put(struct dmastream_xfer *x)
{
	if (atomic_dec_and_test(&x->pending))
		ds_xfer_complete(x, x->desc_err);
}

static void ds_desc_done(void *param, const struct dmaengine_result *res)
{
	struct dmastream_xfer *x = param;
	unsigned long flags;

	/*
	 * Callbacks never run for descriptors the client terminated itself
	 * (its timeout path completes those with -ETIMEDOUT / -ECANCELED), so
	 * any error reported here, DMA_TRANS_ABORTED included, is a fault the
	 * provider saw: -EIO.
	 */
	if (res && res->result != DMA_TRANS_NOERROR) {
		spin_lock_irqsave(&x->dc->slock, flags);
		if (!x->desc_err)
			x->desc_err = -EIO;
		x->residue += res->residue;
		spin_unlock_irqrestore(&x->dc->slock, flags);
	}
	ds_desc_put(x);
}

static void ds_xfer_timeout(struct work_struct *work)
{
	struct dmastream_xfer *x = container_of(to_delayed_work(work),
						struct dmastream_xfer,
						timeout_work);
	struct dmastream_chan *dc = x->dc;
	struct dmastream_xfer *other;
	bool live;

	mutex_lock(&dc->lock);
	spin_lock_irq(&dc->slock);
	live = x->state == DS_XFER_INFLIGHT;
	spin_unlock_irq(&dc->slock);
	if (!live)
		goto out;

	atomic64_inc(&ds_stat.timeouts);
	dev_err(ds_log_dev(),
		"transfer timed out after %u ms on %s: terminating the channel\n",
		x->timeout_ms, dma_chan_name(dc->chan));
	/* After this no callback runs for what was queued on the channel. */
	dmaengine_terminate_sync(dc->chan);
	ds_xfer_complete(x, -ETIMEDOUT);
	/* Everything else queued behind it was killed by the terminate. */
	for (;;) {
		spin_lock_irq(&dc->slock);
		other = list_first_entry_or_null(&dc->inflight,
						 struct dmastream_xfer, node);
		spin_unlock_irq(&dc->slock);
		if (!other)
			break;
		ds_xfer_complete(other, -ECANCELED);
	}
out:
	mutex_unlock(&dc->lock);
}

static struct dmastream_xfer *ds_xfer_new(struct dmastream_chan *dc,
					  size_t len, unsigned int timeout_ms,
					  dmastream_done_fn fn, void *ctx)
{
	struct dmastream_xfer *x;

	if (!timeout_ms)
		timeout_ms = READ_ONCE(ds_timeout_ms);
	if (!timeout_ms || timeout_ms > DS_TIMEOUT_MAX_MS)
		return ERR_PTR(-EINVAL);
	x = kzalloc(sizeof(*x), GFP_KERNEL);
	if (!x)
		return ERR_PTR(-ENOMEM);
	x->dc = dc;
	x->len = len;
	x->timeout_ms = timeout_ms;
	x->fn = fn;
	x->ctx = ctx;
	x->state = DS_XFER_DONE;
	INIT_LIST_HEAD(&x->node);
	INIT_LIST_HEAD(&x->unode);
	INIT_DELAYED_WORK(&x->timeout_work, ds_xfer_timeout);
	init_completion(&x->done);
	return x;
}

/* Take the buffers for @x; called with dc->lock held. */
static int ds_xfer_claim(struct dmastream_xfer *x)
{
	unsigned int i;
	int ret;

	for (i = 0; i < x->nbufs; i++) {
		ret = ds_claim(x->bufs[i]);
		if (ret) {
			while (i--)
				ds_release(x->bufs[i], false);
			return ret;
		}
	}
	return 0;
}

/* Put @x on the in-flight list before any descriptor can call back. */
static void ds_xfer_go_inflight(struct dmastream_xfer *x)
{
	struct dmastream_chan *dc = x->dc;

	atomic_set(&x->pending, 1);	/* bias, dropped by ds_xfer_launch() */
	spin_lock_irq(&dc->slock);
	x->state = DS_XFER_INFLIGHT;
	list_add_tail(&x->node, &dc->inflight);
	spin_unlock_irq(&dc->slock);
	x->t_submit = ktime_get_ns();
}

/* Undo ds_xfer_go_inflight() when not one descriptor was submitted. */
static void ds_xfer_abandon(struct dmastream_xfer *x)
{
	struct dmastream_chan *dc = x->dc;
	unsigned int i;

	spin_lock_irq(&dc->slock);
	x->state = DS_XFER_DONE;
	list_del_init(&x->node);
	spin_unlock_irq(&dc->slock);
	for (i = 0; i < x->nbufs; i++)
		ds_release(x->bufs[i], false);
	wake_up_all(&dc->idle_wq);
}

static int ds_submit_desc(struct dmastream_xfer *x,
			  struct dma_async_tx_descriptor *desc)
{
	dma_cookie_t cookie;

	if (!desc)
		return -ENOMEM;
	desc->callback_result = ds_desc_done;
	desc->callback_param = x;
	atomic_inc(&x->pending);
	cookie = dmaengine_submit(desc);
	if (dma_submit_error(cookie)) {
		atomic_dec(&x->pending);
		return -EIO;
	}
	atomic64_inc(&ds_stat.descs);
	return 0;
}

/* Arm the timeout, start the channel, drop the bias; dc->lock held. */
static void ds_xfer_launch(struct dmastream_xfer *x, int err)
{
	if (err)
		x->desc_err = err;	/* partly submitted: report it */
	atomic64_inc(&ds_stat.xfers);
	queue_delayed_work(system_wq, &x->timeout_work,
			   msecs_to_jiffies(x->timeout_ms));
	dma_async_issue_pending(x->dc->chan);
	ds_desc_put(x);
}

/* A position inside a buffer's DMA segments. */
struct ds_cursor {
	struct scatterlist *sg;
	dma_addr_t addr;
	size_t left;		/* bytes left in the current segment */
};

static void ds_cursor_init(struct ds_cursor *c, struct dmastream_buf *buf,
			   size_t off)
{
	struct scatterlist *sg;
	unsigned int i;

	if (!buf->dsgt) {
		c->sg = NULL;
		c->addr = buf->dma + off;
		c->left = buf->size - off;
		return;
	}
	for_each_sgtable_dma_sg(buf->dsgt, sg, i) {
		if (off < sg_dma_len(sg)) {
			c->sg = sg;
			c->addr = sg_dma_address(sg) + off;
			c->left = sg_dma_len(sg) - off;
			return;
		}
		off -= sg_dma_len(sg);
	}
	c->sg = NULL;
	c->left = 0;
}

static void ds_cursor_advance(struct ds_cursor *c, size_t n)
{
	c->addr += n;
	c->left -= n;
	if (!c->left && c->sg) {
		c->sg = sg_next(c->sg);
		if (c->sg) {
			c->addr = sg_dma_address(c->sg);
			c->left = sg_dma_len(c->sg);
		}
	}
}

static int ds_check_range(struct dmastream_buf *buf, size_t off, size_t len)
{
	if (!len)
		return -EINVAL;
	if (off > buf->size || len > buf->size - off)
		return -ERANGE;
	return 0;
}

static bool ds_dev_reads(struct dmastream_buf *buf)
{
	return buf->dir == DMA_TO_DEVICE || buf->dir == DMA_BIDIRECTIONAL;
}

static bool ds_dev_writes(struct dmastream_buf *buf)
{
	return buf->dir == DMA_FROM_DEVICE || buf->dir == DMA_BIDIRECTIONAL;
}

static int ds_memcpy_prep_all(struct dmastream_xfer *x,
			      struct dmastream_buf *dst, size_t dst_off,
			      struct dmastream_buf *src, size_t src_off,
			      size_t len, unsigned int *submitted)
{
	struct dma_chan *chan = x->dc->chan;
	size_t max_seg = dma_get_max_seg_size(x->dc->dma_dev);
	struct dma_async_tx_descriptor *desc;
	struct ds_cursor s, d;
	size_t n;
	int ret;

	ds_cursor_init(&s, src, src_off);
	ds_cursor_init(&d, dst, dst_off);
	while (len) {
		n = min3(len, s.left, d.left);
		n = min(n, max_seg);
		if (!n)
			return -EINVAL;	/* mapping shorter than its size */
		if (!is_dma_copy_aligned(chan->device, s.addr, d.addr, n))
			return -EINVAL;
		desc = dmaengine_prep_dma_memcpy(chan, d.addr, s.addr, n,
						 DMA_PREP_INTERRUPT |
						 DMA_CTRL_ACK);
		ret = ds_submit_desc(x, desc);
		if (ret)
			return ret;
		(*submitted)++;
		ds_cursor_advance(&s, n);
		ds_cursor_advance(&d, n);
		len -= n;
	}
	return 0;
}

/**
 * dmastream_submit_memcpy() - start a memory-to-memory copy
 * @dc: channel wrapper (a channel with DMA_MEMCPY)
 * @dst: destination buffer, mapped FROM_DEVICE or BIDIRECTIONAL
 * @dst_off: byte offset in @dst
 * @src: source buffer, mapped TO_DEVICE or BIDIRECTIONAL; may be @dst if
 *	the two ranges do not overlap
 * @src_off: byte offset in @src
 * @len: bytes to copy, > 0
 * @timeout_ms: 0 for the module default, at most 10000
 * @done: optional completion callback (may run in atomic context)
 * @ctx: argument of @done
 *
 * Both buffers must be owned by the device (dmastream_buf_end_cpu() done)
 * and not in flight; they are in flight until the transfer finishes.  The
 * copy is split at segment boundaries into as many descriptors as needed.
 * On timeout the channel is terminated (failing everything queued on it)
 * and the buffers return to the CPU, synced.
 *
 * Context: process context, may sleep.
 * Return: the transfer (release it with dmastream_xfer_put()), or an
 * ERR_PTR(): -EINVAL (bad arguments, overlap, alignment), -ERANGE (range
 * outside a buffer), -EACCES (buffer mapped for the other direction),
 * -EXDEV (buffer mapped for another controller), -EBUSY (ownership),
 * -ENOMEM, -EIO (the provider refused the descriptor).
 */
struct dmastream_xfer *
dmastream_submit_memcpy(struct dmastream_chan *dc,
			struct dmastream_buf *dst, size_t dst_off,
			struct dmastream_buf *src, size_t src_off,
			size_t len, unsigned int timeout_ms,
			dmastream_done_fn done, void *ctx)
{
	struct dmastream_xfer *x;
	unsigned int submitted = 0;
	int ret;

	if (!dc || !dst || !src)
		return ERR_PTR(-EINVAL);
	ret = ds_check_range(src, src_off, len);
	if (!ret)
		ret = ds_check_range(dst, dst_off, len);
	if (ret)
		return ERR_PTR(ret);
	if (!ds_dev_reads(src) || !ds_dev_writes(dst))
		return ERR_PTR(-EACCES);
	if (src->dma_dev != dc->dma_dev || dst->dma_dev != dc->dma_dev)
		return ERR_PTR(-EXDEV);
	if (src == dst && src_off < dst_off + len && dst_off < src_off + len)
		return ERR_PTR(-EINVAL);

	x = ds_xfer_new(dc, len, timeout_ms, done, ctx);
	if (IS_ERR(x))
		return x;
	x->bufs[x->nbufs++] = src;
	if (dst != src)
		x->bufs[x->nbufs++] = dst;

	mutex_lock(&dc->lock);
	ret = ds_xfer_claim(x);
	if (ret)
		goto err_unlock;
	ds_xfer_go_inflight(x);
	ret = ds_memcpy_prep_all(x, dst, dst_off, src, src_off, len,
				 &submitted);
	x->nents = submitted;
	if (!submitted) {
		ds_xfer_abandon(x);
		goto err_unlock;
	}
	ds_xfer_launch(x, ret);
	mutex_unlock(&dc->lock);
	return x;

err_unlock:
	mutex_unlock(&dc->lock);
	kfree(x);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(dmastream_submit_memcpy);

/* Bytes of the next scatterlist entry at @c: at most @seg_size (0: any). */
static size_t ds_piece(const struct ds_cursor *c, size_t left,
		       size_t seg_size)
{
	size_t k = min(left, c->left);

	return seg_size ? min(k, seg_size) : k;
}

/*
 * Prepare one slave descriptor for [off, off + len) of @buf, the way an SPI
 * or UART driver does: a contiguous range as one piece (seg_size 0), else
 * one scatterlist entry per DMA segment of the range, each cut to at most
 * @seg_size bytes, the whole list in one dmaengine_prep_slave_sg() call.
 * Sets *@nents to the entries described.  Return: the descriptor, NULL if
 * the provider refused it (or no memory), ERR_PTR(-E2BIG) beyond
 * DMASTREAM_MAX_ENTRIES entries.
 */
static struct dma_async_tx_descriptor *
ds_prep_slave(struct dma_chan *chan, struct dmastream_buf *buf, size_t off,
	      size_t len, size_t seg_size, enum dma_transfer_direction dir,
	      unsigned int *nents)
{
	const unsigned long flags = DMA_PREP_INTERRUPT | DMA_CTRL_ACK;
	struct dma_async_tx_descriptor *desc;
	struct scatterlist *sgl, *sg;
	struct ds_cursor c;
	unsigned int n = 0;
	size_t left = len, k;

	if (!buf->dsgt && !seg_size) {
		*nents = 1;
		return dmaengine_prep_slave_single(chan, buf->dma + off, len,
						   dir, flags);
	}
	/* Count the entries of the range, then describe them. */
	ds_cursor_init(&c, buf, off);
	while (left && c.left) {
		if (n == DMASTREAM_MAX_ENTRIES)
			return ERR_PTR(-E2BIG);
		k = ds_piece(&c, left, seg_size);
		left -= k;
		ds_cursor_advance(&c, k);
		n++;
	}
	if (left)
		return NULL;
	sgl = kvmalloc_array(n, sizeof(*sgl), GFP_KERNEL);
	if (!sgl)
		return NULL;
	sg_init_table(sgl, n);
	ds_cursor_init(&c, buf, off);
	left = len;
	for (sg = sgl; left; sg = sg_next(sg)) {
		k = ds_piece(&c, left, seg_size);
		sg_dma_address(sg) = c.addr;
		sg_dma_len(sg) = k;
		sg->length = k;
		left -= k;
		ds_cursor_advance(&c, k);
	}
	/* Providers copy the list into their descriptor at prep time. */
	desc = dmaengine_prep_slave_sg(chan, sgl, n, dir, flags);
	kvfree(sgl);
	*nents = n;
	return desc;
}

/**
 * dmastream_submit_slave_sg() - start a peripheral transfer as a scatterlist
 * @dc: channel wrapper (a slave channel)
 * @buf: memory side; mapped TO_DEVICE/BIDIRECTIONAL for DMA_MEM_TO_DEV,
 *	FROM_DEVICE/BIDIRECTIONAL for DMA_DEV_TO_MEM
 * @off: byte offset in @buf
 * @len: bytes, > 0, a multiple of the FIFO access width
 * @seg_size: largest scatterlist entry in bytes, a multiple of the FIFO
 *	access width and at most @len; 0 for the buffer's own DMA segments
 *	(a contiguous buffer: one piece)
 * @dir: DMA_MEM_TO_DEV or DMA_DEV_TO_MEM
 * @cfg: slave configuration (FIFO address, width, burst), applied with
 *	dmaengine_slave_config() before the descriptor is prepared
 * @timeout_ms: 0 for the module default, at most 10000
 * @done: optional completion callback (may run in atomic context)
 * @ctx: argument of @done
 *
 * The range becomes one descriptor, prepared with one
 * dmaengine_prep_slave_sg() call (dmaengine_prep_slave_single() for a
 * contiguous range with @seg_size 0): an entry per DMA segment of @buf in
 * the range, each cut into entries of @seg_size bytes (the last of each
 * segment may be shorter).  With @seg_size 4 a 4096-byte range of a
 * page-aligned buffer is a 1024-entry list.  dmastream_xfer_nents() tells
 * how many entries it had.  Ownership, completion and timeout behave as for
 * dmastream_submit_memcpy().
 *
 * Context: process context, may sleep.
 * Return: the transfer, or an ERR_PTR(): errnos as for memcpy, plus
 * -EINVAL when @seg_size is larger than @len or not a multiple of the FIFO
 * width, -E2BIG when the list would have more than DMASTREAM_MAX_ENTRIES
 * entries, and the provider's error from dmaengine_slave_config().
 */
struct dmastream_xfer *
dmastream_submit_slave_sg(struct dmastream_chan *dc, struct dmastream_buf *buf,
			  size_t off, size_t len, size_t seg_size,
			  enum dma_transfer_direction dir,
			  const struct dma_slave_config *cfg,
			  unsigned int timeout_ms,
			  dmastream_done_fn done, void *ctx)
{
	struct dma_async_tx_descriptor *desc;
	struct dma_slave_config conf;
	struct dmastream_xfer *x;
	enum dma_slave_buswidth width;
	int ret;

	if (!dc || !buf || !cfg)
		return ERR_PTR(-EINVAL);
	if (dir != DMA_MEM_TO_DEV && dir != DMA_DEV_TO_MEM)
		return ERR_PTR(-EINVAL);
	ret = ds_check_range(buf, off, len);
	if (ret)
		return ERR_PTR(ret);
	if (dir == DMA_MEM_TO_DEV ? !ds_dev_reads(buf) : !ds_dev_writes(buf))
		return ERR_PTR(-EACCES);
	if (buf->dma_dev != dc->dma_dev)
		return ERR_PTR(-EXDEV);
	width = dir == DMA_MEM_TO_DEV ? cfg->dst_addr_width :
					cfg->src_addr_width;
	if (width > 0 && (len % width || seg_size % width))
		return ERR_PTR(-EINVAL);
	if (seg_size > len)
		return ERR_PTR(-EINVAL);

	x = ds_xfer_new(dc, len, timeout_ms, done, ctx);
	if (IS_ERR(x))
		return x;
	x->bufs[x->nbufs++] = buf;
	conf = *cfg;

	mutex_lock(&dc->lock);
	ret = ds_xfer_claim(x);
	if (ret)
		goto err_unlock;
	ret = dmaengine_slave_config(dc->chan, &conf);
	if (ret) {
		ds_release(buf, false);
		goto err_unlock;
	}
	ds_xfer_go_inflight(x);
	desc = ds_prep_slave(dc->chan, buf, off, len, seg_size, dir,
			     &x->nents);
	ret = IS_ERR(desc) ? PTR_ERR(desc) : ds_submit_desc(x, desc);
	if (ret) {
		ds_xfer_abandon(x);
		goto err_unlock;
	}
	ds_xfer_launch(x, 0);
	mutex_unlock(&dc->lock);
	return x;

err_unlock:
	mutex_unlock(&dc->lock);
	kfree(x);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(dmastream_submit_slave_sg);

/**
 * dmastream_submit_slave() - start a transfer to or from a peripheral FIFO
 * @dc: channel wrapper (a slave channel)
 * @buf: memory side; mapped TO_DEVICE/BIDIRECTIONAL for DMA_MEM_TO_DEV,
 *	FROM_DEVICE/BIDIRECTIONAL for DMA_DEV_TO_MEM
 * @off: byte offset in @buf
 * @len: bytes, > 0, a multiple of the FIFO access width
 * @dir: DMA_MEM_TO_DEV or DMA_DEV_TO_MEM
 * @cfg: slave configuration (FIFO address, width, burst), applied with
 *	dmaengine_slave_config() before the descriptor is prepared
 * @timeout_ms: 0 for the module default, at most 10000
 * @done: optional completion callback (may run in atomic context)
 * @ctx: argument of @done
 *
 * dmastream_submit_slave_sg() with the buffer's own segments (@seg_size 0).
 *
 * Context: process context, may sleep.
 * Return: as for dmastream_submit_slave_sg().
 */
struct dmastream_xfer *
dmastream_submit_slave(struct dmastream_chan *dc, struct dmastream_buf *buf,
		       size_t off, size_t len,
		       enum dma_transfer_direction dir,
		       const struct dma_slave_config *cfg,
		       unsigned int timeout_ms,
		       dmastream_done_fn done, void *ctx)
{
	return dmastream_submit_slave_sg(dc, buf, off, len, 0, dir, cfg,
					 timeout_ms, done, ctx);
}
EXPORT_SYMBOL_GPL(dmastream_submit_slave);

/**
 * dmastream_xfer_wait() - wait until a transfer has finished
 * @xfer: transfer
 *
 * The wait is bounded: a transfer that does not complete is terminated by
 * its own timeout.
 *
 * Context: process context, sleeps.
 * Return: the transfer's result: 0, -ETIMEDOUT, -ECANCELED (terminated
 * because another transfer on the channel timed out), -EIO (the provider
 * reported DMA_TRANS_READ_FAILED, _WRITE_FAILED or _ABORTED: a hardware
 * fault), -ENOMEM (only part of it could be prepared).
 */
int dmastream_xfer_wait(struct dmastream_xfer *xfer)
{
	wait_for_completion(&xfer->done);
	return xfer->result;
}
EXPORT_SYMBOL_GPL(dmastream_xfer_wait);

/**
 * dmastream_xfer_result() - outcome of a finished transfer
 * @xfer: transfer
 * @bytes: if not NULL, set to the bytes moved
 * @latency_ns: if not NULL, set to the submit-to-completion time
 *
 * Return: -EINPROGRESS if the transfer is still in flight, else its result
 * as for dmastream_xfer_wait().
 */
int dmastream_xfer_result(struct dmastream_xfer *xfer, u64 *bytes,
			  u64 *latency_ns)
{
	/* Pairs with ds_xfer_complete(): the result is set before the flag. */
	if (!smp_load_acquire(&xfer->resolved))
		return -EINPROGRESS;
	if (bytes)
		*bytes = xfer->bytes;
	if (latency_ns)
		*latency_ns = xfer->t_done - xfer->t_submit;
	return xfer->result;
}
EXPORT_SYMBOL_GPL(dmastream_xfer_result);

/**
 * dmastream_xfer_nents() - how a transfer was described to the provider
 * @xfer: transfer
 *
 * Set at submission, valid as long as @xfer is.
 *
 * Return: for a slave transfer the entries of the scatterlist its one
 * descriptor was prepared from (1 for a contiguous piece); for a memcpy
 * the descriptors the copy was split into.
 */
unsigned int dmastream_xfer_nents(const struct dmastream_xfer *xfer)
{
	return xfer->nents;
}
EXPORT_SYMBOL_GPL(dmastream_xfer_nents);

/**
 * dmastream_xfer_put() - release a transfer
 * @xfer: transfer, or NULL
 *
 * Waits for the transfer to finish first (bounded by its timeout), so the
 * buffers are never left in flight behind a forgotten transfer.
 *
 * Context: process context, may sleep; not from a &dmastream_done_fn.
 */
void dmastream_xfer_put(struct dmastream_xfer *xfer)
{
	if (!xfer)
		return;
	wait_for_completion(&xfer->done);
	cancel_delayed_work_sync(&xfer->timeout_work);
	kfree(xfer);
}
EXPORT_SYMBOL_GPL(dmastream_xfer_put);

/**
 * dmastream_memcpy_sync() - copy and wait
 * @dc: channel wrapper
 * @dst: destination buffer
 * @dst_off: offset in @dst
 * @src: source buffer
 * @src_off: offset in @src
 * @len: bytes
 * @timeout_ms: 0 for the module default
 *
 * dmastream_submit_memcpy(), dmastream_xfer_wait() and dmastream_xfer_put()
 * in one call.
 *
 * Context: process context, sleeps.
 * Return: 0 or a negative errno from submission or completion.
 */
int dmastream_memcpy_sync(struct dmastream_chan *dc,
			  struct dmastream_buf *dst, size_t dst_off,
			  struct dmastream_buf *src, size_t src_off,
			  size_t len, unsigned int timeout_ms)
{
	struct dmastream_xfer *x;
	int ret;

	x = dmastream_submit_memcpy(dc, dst, dst_off, src, src_off, len,
				    timeout_ms, NULL, NULL);
	if (IS_ERR(x))
		return PTR_ERR(x);
	ret = dmastream_xfer_wait(x);
	dmastream_xfer_put(x);
	return ret;
}
EXPORT_SYMBOL_GPL(dmastream_memcpy_sync);
