// SPDX-License-Identifier: GPL-2.0
/*
 * dmastream core (module dmastream_core): streaming-mapped buffers with
 * explicit CPU/device ownership, and memcpy/slave submission with
 * completion and timeout, usable from any context.  A library: it holds no
 * host's state; what it needs (logging device, allocating device, default
 * timeout) comes with each channel it wraps (&struct dmastream_chan_config).
 *
 * Ownership (one state per buffer, &enum dmastream_owner), changed only by
 * ds_transit() under the buffer's lock:
 *   DEVICE   synced for the device, idle: may be submitted or taken by the CPU
 *   CPU      synced for the CPU: CPU may read (and write, unless the device
 *            only writes the buffer), submission is refused
 *   INFLIGHT a transfer uses it: CPU access, submission and free are refused
 *   SYNCING  a hand-over is syncing it: everything else is refused until the
 *            sync is over
 * begin_cpu (DEVICE|CPU -> SYNCING -> CPU) does the for_cpu sync of the range
 * the CPU will access, end_cpu (DEVICE|CPU -> SYNCING -> DEVICE) the
 * for_device sync; a transfer moves DEVICE -> INFLIGHT -> DEVICE, or
 * INFLIGHT -> SYNCING -> CPU (synced) when it fails; free moves DEVICE|CPU
 * to a last state nothing leaves.
 *
 * A CPU write into a buffer the device only writes (FROM_DEVICE) would be
 * lost: the for_device sync invalidates the cache lines (ARM) or copies
 * nothing into the bounce buffer.  Such writes are refused: a hand-over
 * with DMASTREAM_CPU_WRITE, a writable mmap() and a vmap of the dma-buf
 * (it has none).
 */
#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>
#include <linux/vmalloc.h>
#include <linux/xarray.h>

#include "ds_compat.h"
#include "ds_internal.h"

#define DS_DEFAULT_TIMEOUT_MS	2000

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

/* Live buffers and channels, for the read-only debugfs view. */
static LIST_HEAD(ds_bufs);
static LIST_HEAD(ds_chans);
static DEFINE_SPINLOCK(ds_list_lock);
/*
 * Every page of a pinned user buffer, by pfn, to its buffer: no page is in
 * two of them (ds_user_pages_claim()).  Check and claim of one buffer run
 * under ds_pins_lock, a lookup per page.
 */
static DEFINE_XARRAY(ds_pins);
static DEFINE_MUTEX(ds_pins_lock);
static u64 ds_bufs_next_id;
static struct dentry *ds_debugfs;

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
	atomic64_t resubmitted;
	atomic64_t pinned;
	atomic64_t unpinned;
	atomic64_t rings;
} ds_stat;

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
	[DMASTREAM_OWNER_SYNCING] = "syncing",
	[DS_OWNER_FREED] = "freed",
};

static const char * const ds_kind_names[] = {
	[DMASTREAM_KIND_SINGLE] = "single",
	[DMASTREAM_KIND_SG] = "sg",
	[DMASTREAM_KIND_CMA] = "cma",
	[DMASTREAM_KIND_USER] = "user",
};

/* ---- syncs ---- */

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

/* Sync [off, off + len) of @buf's mapping, piece by DMA segment. */
static void ds_sync_pieces(struct dmastream_buf *buf, bool for_cpu,
			   size_t off, size_t len)
{
	struct scatterlist *sg;
	unsigned int i;
	size_t n;

	if (!buf->dsgt) {
		if (for_cpu)
			dma_sync_single_range_for_cpu(buf->dma_dev, buf->dma,
						      off, len, buf->dir);
		else
			dma_sync_single_range_for_device(buf->dma_dev,
							 buf->dma, off, len,
							 buf->dir);
		return;
	}
	if (!off && len == buf->size) {
		if (for_cpu)
			dma_sync_sgtable_for_cpu(buf->dma_dev, buf->dsgt,
						 buf->dir);
		else
			dma_sync_sgtable_for_device(buf->dma_dev, buf->dsgt,
						    buf->dir);
		return;
	}
	for_each_sgtable_dma_sg(buf->dsgt, sg, i) {
		if (!len)
			break;
		if (off >= sg_dma_len(sg)) {
			off -= sg_dma_len(sg);
			continue;
		}
		n = min_t(size_t, len, sg_dma_len(sg) - off);
		if (for_cpu)
			dma_sync_single_range_for_cpu(buf->dma_dev,
						      sg_dma_address(sg), off,
						      n, buf->dir);
		else
			dma_sync_single_range_for_device(buf->dma_dev,
							 sg_dma_address(sg),
							 off, n, buf->dir);
		off = 0;
		len -= n;
	}
}

/* Sync a range of @buf, honouring the debug skip switches; any context. */
void ds_sync(struct dmastream_buf *buf, bool for_cpu, size_t off, size_t len)
{
	if (buf->imported) {
		/*
		 * Our own mapping of another exporter's buffer: its exporter
		 * may sync only its own (udmabuf does), never ours.
		 */
		if (for_cpu)
			dma_sync_sgtable_for_cpu(buf->dma_dev, buf->dsgt,
						 DMA_BIDIRECTIONAL);
		else
			dma_sync_sgtable_for_device(buf->dma_dev, buf->dsgt,
						    DMA_BIDIRECTIONAL);
		atomic64_inc(for_cpu ? &ds_stat.sync_cpu : &ds_stat.sync_dev);
		return;
	}
	if (for_cpu && buf->dir != DMA_TO_DEVICE &&
	    ds_take_skip(&ds_skip_cpu_sync)) {
		atomic64_inc(&ds_stat.skipped_cpu);
		dev_info(buf->log_dev, "debug: skipped a for_cpu sync\n");
		return;
	}
	if (!for_cpu && buf->dir != DMA_FROM_DEVICE &&
	    ds_take_skip(&ds_skip_dev_sync)) {
		atomic64_inc(&ds_stat.skipped_dev);
		dev_info(buf->log_dev, "debug: skipped a for_device sync\n");
		return;
	}
	ds_sync_pieces(buf, for_cpu, off, len);
	atomic64_inc(for_cpu ? &ds_stat.sync_cpu : &ds_stat.sync_dev);
}

/* ---- ownership ---- */

static void ds_set_owner(struct dmastream_buf *buf, unsigned int owner)
{
	lockdep_assert_held(&buf->lock);
	if (buf->owner != owner)
		buf->owner_since = ktime_get_ns();
	buf->owner = owner;
}

/* Refusals are counted each time and told once per kind and load. */
static void ds_refused(struct dmastream_buf *buf, unsigned int was,
		       enum dmastream_owner to)
{
	atomic64_inc(&ds_stat.refused);
	if (to == DMASTREAM_OWNER_INFLIGHT && was == DMASTREAM_OWNER_CPU)
		dev_warn_once(buf->log_dev,
			      "submission refused: buffer is owned by the CPU (no end_cpu / DMA_BUF_IOCTL_SYNC END)\n");
	else if (to == DMASTREAM_OWNER_INFLIGHT)
		dev_warn_once(buf->log_dev,
			      "submission refused: buffer is already in flight or being synced\n");
	else if (to == DS_OWNER_FREED)
		dev_warn_once(buf->log_dev,
			      "free refused: buffer is in flight or being synced\n");
	else if (to == DMASTREAM_OWNER_CPU)
		dev_warn_once(buf->log_dev,
			      "CPU access refused: buffer is in flight or being synced\n");
	else
		dev_warn_once(buf->log_dev,
			      "CPU hand-back refused: buffer is in flight or being synced\n");
}

/**
 * ds_transit() - the one place where a buffer changes hands
 * @buf: buffer
 * @from: DS_FROM() mask of the owners the change is allowed from
 * @to: new owner
 * @sync: the sync the change needs (done between the two states)
 * @off: start of the range to sync
 * @len: bytes to sync
 *
 * Under @buf->lock the owner is checked and set; a change that syncs first
 * sets DMASTREAM_OWNER_SYNCING, drops the lock for the sync, then sets
 * @to.  Check and claim are one step, and nobody can act on the buffer
 * while its sync runs: no submission, CPU hand-over or free can slip in
 * between.  Any context (the syncs do not sleep).
 *
 * Return: 0, or -EBUSY (counted, warned once per kind) with nothing changed.
 */
int ds_transit(struct dmastream_buf *buf, unsigned int from, unsigned int to,
	       enum ds_sync_kind sync, size_t off, size_t len)
{
	unsigned long flags;
	unsigned int was;

	spin_lock_irqsave(&buf->lock, flags);
	was = buf->owner;
	if (!(from & DS_FROM(was))) {
		spin_unlock_irqrestore(&buf->lock, flags);
		ds_refused(buf, was, to);
		return -EBUSY;
	}
	if (sync == DS_NO_SYNC) {
		ds_set_owner(buf, to);
		spin_unlock_irqrestore(&buf->lock, flags);
		return 0;
	}
	ds_set_owner(buf, DMASTREAM_OWNER_SYNCING);
	spin_unlock_irqrestore(&buf->lock, flags);

	ds_sync(buf, sync == DS_FOR_CPU, off, len);

	spin_lock_irqsave(&buf->lock, flags);
	ds_set_owner(buf, to);
	spin_unlock_irqrestore(&buf->lock, flags);
	return 0;
}

/* A ring was created (@delta 1) or destroyed (-1): live rings, for debugfs. */
void ds_stat_rings(int delta)
{
	atomic64_add(delta, &ds_stat.rings);
}

int ds_check_range(const struct dmastream_buf *buf, size_t off, size_t len)
{
	if (!len)
		return -EINVAL;
	if (off > buf->size || len > buf->size - off)
		return -ERANGE;
	return 0;
}

/* CPU hand-over of a range, for the API and the dma-buf exporter. */
static int ds_cpu_handover(struct dmastream_buf *buf, bool begin, size_t off,
			   size_t len, unsigned int access)
{
	int ret = ds_check_range(buf, off, len);

	if (ret)
		return ret;
	if (!begin)
		return ds_transit(buf, DS_FROM(DMASTREAM_OWNER_DEVICE) |
				  DS_FROM(DMASTREAM_OWNER_CPU),
				  DMASTREAM_OWNER_DEVICE, DS_FOR_DEVICE, off,
				  len);
	/* The device only writes it: a CPU write would be lost. */
	if ((access & DMASTREAM_CPU_WRITE) && buf->dir == DMA_FROM_DEVICE)
		return -EACCES;
	return ds_transit(buf, DS_FROM(DMASTREAM_OWNER_DEVICE) |
			  DS_FROM(DMASTREAM_OWNER_CPU), DMASTREAM_OWNER_CPU,
			  DS_FOR_CPU, off, len);
}

/* Whole-buffer hand-over for the dma-buf exporter. */
int ds_buf_cpu_access(struct dmastream_buf *buf, bool begin,
		      unsigned int access)
{
	return ds_cpu_handover(buf, begin, 0, buf->size, access);
}

/* ---- debugfs ---- */

static int ds_stats_show(struct seq_file *m, void *v)
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
	seq_printf(m, "resubmitted %lld\n",
		   atomic64_read(&ds_stat.resubmitted));
	seq_printf(m, "user_pinned %lld\n", atomic64_read(&ds_stat.pinned));
	seq_printf(m, "user_unpinned %lld\n",
		   atomic64_read(&ds_stat.unpinned));
	seq_printf(m, "rings %lld\n", atomic64_read(&ds_stat.rings));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ds_stats);

/*
 * "chan" line: role (the name the host gave), name, device, dma_mask,
 * coherent_mask, bus_limit, coherent (the device snoops CPU caches),
 * bounce (its mappings go through a swiotlb or restricted pool), max_map,
 * max_seg, inflight (transfers) and oldest_ms (age of the oldest one).
 */
static void ds_chan_show(struct seq_file *m, struct dmastream_chan *dc)
{
	struct device *dev = dc->dma_dev;
	struct dmastream_xfer *x;
	unsigned int n = 0;
	u64 oldest = 0, now;

	spin_lock_irq(&dc->lock);
	now = ktime_get_ns();
	list_for_each_entry(x, &dc->inflight, node) {
		n++;
		if (now > x->t_submit && now - x->t_submit > oldest)
			oldest = now - x->t_submit;
	}
	spin_unlock_irq(&dc->lock);
	seq_printf(m, "chan role=%s name=%s device=%s dma_mask=0x%llx coherent_mask=0x%llx bus_limit=0x%llx coherent=%d bounce=%d max_map=%zu max_seg=%u inflight=%u oldest_ms=%llu\n",
		   dc->name, dma_chan_name(dc->chan), dev_name(dev),
		   dev->dma_mask ? (u64)*dev->dma_mask : 0ULL,
		   (u64)dev->coherent_dma_mask, (u64)dev->bus_dma_limit,
		   dev_is_dma_coherent(dev), is_swiotlb_force_bounce(dev),
		   dma_max_mapping_size(dev), dma_get_max_seg_size(dev), n,
		   div_u64(oldest, NSEC_PER_MSEC));
}

/*
 * Read-only view for `dmastream doctor`: "chan" lines, an "alloc" line for
 * the device CMA buffers come from, one "buf" line per live buffer (id,
 * kind, dir: the mapping direction, size, nents, mapping: streaming-single,
 * streaming-sg or import, owner, owner_ms: time in that state, device),
 * then the debug sync switches as one "skip" line.
 */
static int ds_buffers_show(struct seq_file *m, void *v)
{
	struct device *adev = NULL;
	struct dmastream_chan *dc;
	struct dmastream_buf *buf;
	u64 now = ktime_get_ns();
	unsigned int owner;
	unsigned long flags;
	const char *mapping;
	u64 since;

	spin_lock(&ds_list_lock);
	list_for_each_entry(dc, &ds_chans, node) {
		ds_chan_show(m, dc);
		if (dc->alloc_dev)
			adev = dc->alloc_dev;
	}
	if (adev)
		seq_printf(m, "alloc role=cma device=%s dma_mask=0x%llx coherent_mask=0x%llx\n",
			   dev_name(adev),
			   adev->dma_mask ? (u64)*adev->dma_mask : 0ULL,
			   (u64)adev->coherent_dma_mask);
	list_for_each_entry(buf, &ds_bufs, node) {
		spin_lock_irqsave(&buf->lock, flags);
		owner = buf->owner;
		since = buf->owner_since;
		spin_unlock_irqrestore(&buf->lock, flags);
		if (buf->imported)
			mapping = "import";
		else if (buf->kind == DMASTREAM_KIND_SG ||
			 buf->kind == DMASTREAM_KIND_USER)
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
	spin_unlock(&ds_list_lock);
	seq_printf(m, "skip skip_cpu_sync=%d skip_dev_sync=%d\n",
		   READ_ONCE(ds_skip_cpu_sync), READ_ONCE(ds_skip_dev_sync));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ds_buffers);

static void ds_bufs_add(struct dmastream_buf *buf)
{
	buf->owner_since = ktime_get_ns();
	spin_lock(&ds_list_lock);
	buf->id = ++ds_bufs_next_id;
	list_add_tail(&buf->node, &ds_bufs);
	spin_unlock(&ds_list_lock);
}

static void ds_bufs_del(struct dmastream_buf *buf)
{
	spin_lock(&ds_list_lock);
	list_del(&buf->node);
	spin_unlock(&ds_list_lock);
}

/* Forget the first @n pages of @buf; ds_pins_lock held. */
static void ds_user_pages_forget(struct dmastream_buf *buf, unsigned int n)
{
	lockdep_assert_held(&ds_pins_lock);
	while (n--)
		xa_erase(&ds_pins, page_to_pfn(buf->pages[n]));
}

/* A pinned user buffer gives its pages back (ds_user_pages_claim()). */
static void ds_user_pages_release(struct dmastream_buf *buf)
{
	mutex_lock(&ds_pins_lock);
	ds_user_pages_forget(buf, buf->npages);
	mutex_unlock(&ds_pins_lock);
}

/*
 * Pinned pages count against the process's RLIMIT_MEMLOCK, as its other
 * long-term pins do (RDMA, io_uring: mm->pinned_vm), unless it may lock
 * memory at will (CAP_IPC_LOCK).  The mm is kept to give them back, from
 * whatever context frees the buffer.
 */
static int ds_user_account(struct dmastream_buf *buf, struct mm_struct *mm)
{
	unsigned long limit = rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT;
	s64 pinned = atomic64_add_return(buf->npages, &mm->pinned_vm);

	if (pinned > 0 && (u64)pinned > limit && !capable(CAP_IPC_LOCK)) {
		atomic64_sub(buf->npages, &mm->pinned_vm);
		atomic64_inc(&ds_stat.refused);
		dev_warn_ratelimited(buf->log_dev,
				     "pinning %u page%s of user memory refused: the process would pin %lld pages, RLIMIT_MEMLOCK allows %lu\n",
				     buf->npages, buf->npages == 1 ? "" : "s",
				     pinned, limit);
		return -ENOMEM;
	}
	mmgrab(mm);
	buf->pin_mm = mm;
	return 0;
}

static void ds_user_unaccount(struct dmastream_buf *buf)
{
	atomic64_sub(buf->npages, &buf->pin_mm->pinned_vm);
	mmdrop(buf->pin_mm);
	buf->pin_mm = NULL;
}

/* ---- channels ---- */

/* A user (in-flight transfer, timeout work) is done with @dc. */
static void ds_chan_put(struct dmastream_chan *dc)
{
	unsigned long flags;

	/* Woken under the lock: once it is dropped, @dc may be freed. */
	spin_lock_irqsave(&dc->lock, flags);
	if (!--dc->users)
		wake_up_all(&dc->idle_wq);
	spin_unlock_irqrestore(&dc->lock, flags);
}

static bool ds_chan_unused(struct dmastream_chan *dc)
{
	unsigned long flags;
	bool unused;

	spin_lock_irqsave(&dc->lock, flags);
	unused = !dc->users;
	spin_unlock_irqrestore(&dc->lock, flags);
	return unused;
}

/**
 * dmastream_chan_create() - wrap a dmaengine channel for dmastream use
 * @chan: a channel the caller has requested (and keeps owning)
 * @cfg: what the wrapper needs from its host, or NULL for the defaults
 *	(see &struct dmastream_chan_config)
 *
 * All submissions on @chan must then go through this wrapper: it tracks
 * the transfers in flight so that a timeout can terminate the channel and
 * resubmit the transfers it did not mean to kill.
 *
 * Context: process context.
 * Return: the wrapper, or an ERR_PTR().
 */
struct dmastream_chan *
dmastream_chan_create(struct dma_chan *chan,
		      const struct dmastream_chan_config *cfg)
{
	static const struct dmastream_chan_config none;
	struct dmastream_chan *dc;

	if (!chan)
		return ERR_PTR(-EINVAL);
	if (!cfg)
		cfg = &none;
	dc = kzalloc(sizeof(*dc), GFP_KERNEL);
	if (!dc)
		return ERR_PTR(-ENOMEM);
	dc->chan = chan;
	dc->dma_dev = dmaengine_get_dma_device(chan);
	dc->log_dev = get_device(cfg->log_dev ? cfg->log_dev : dc->dma_dev);
	dc->alloc_dev = get_device(cfg->alloc_dev);
	dc->cma_size = cfg->cma_size;
	dc->timeout_ms = cfg->timeout_ms ? cfg->timeout_ms :
					   DS_DEFAULT_TIMEOUT_MS;
	strscpy(dc->name, cfg->name ? cfg->name : dma_chan_name(chan),
		sizeof(dc->name));
	spin_lock_init(&dc->lock);
	INIT_LIST_HEAD(&dc->inflight);
	INIT_LIST_HEAD(&dc->rings);
	init_waitqueue_head(&dc->idle_wq);
	spin_lock(&ds_list_lock);
	list_add_tail(&dc->node, &ds_chans);
	spin_unlock(&ds_list_lock);
	return dc;
}
EXPORT_SYMBOL_GPL(dmastream_chan_create);

static void ds_chan_abort(struct dmastream_chan *dc,
			  struct dmastream_xfer *victim);

/**
 * dmastream_chan_destroy() - stop a wrapper and free it
 * @dc: wrapper from dmastream_chan_create(), or NULL
 *
 * Refuses new submissions and rings (-ESHUTDOWN), stops a running ring
 * and lets go of every ring created on @dc, running or not (their calls
 * then fail with -ESHUTDOWN; dmastream_ring_destroy() still frees each and
 * gives its buffer back), terminates the channel, fails what
 * was queued on it with -ECANCELED (completion callbacks run), then waits
 * until no callback or timeout work of the channel runs any more.  The
 * dmaengine channel itself is left to the caller to release.  A caller
 * whose callbacks resubmit must expect those submissions to fail.  Calls
 * on a ring of @dc (dmastream_ring_start(), _stop(), _destroy()) must not
 * run concurrently with this one: a driver's remove path serializes them
 * with its own close path (the character device does: its files are
 * closed before the wrapper goes).
 *
 * Context: process context, sleeps.
 */
void dmastream_chan_destroy(struct dmastream_chan *dc)
{
	unsigned long flags;
	bool busy;

	if (!dc)
		return;
	spin_lock_irqsave(&dc->lock, flags);
	dc->dying = true;
	busy = !list_empty(&dc->inflight);
	spin_unlock_irqrestore(&dc->lock, flags);
	ds_chan_rings_halt(dc);
	if (busy)
		ds_chan_abort(dc, NULL);
	wait_event(dc->idle_wq, ds_chan_unused(dc));
	spin_lock(&ds_list_lock);
	list_del(&dc->node);
	spin_unlock(&ds_list_lock);
	put_device(dc->log_dev);
	put_device(dc->alloc_dev);
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

static int ds_buf_alloc_cma(struct dmastream_buf *buf, struct device *mdev,
			    u64 pool)
{
	size_t bytes = PAGE_ALIGN(buf->size);
	struct page *page;
	unsigned int i;

	if (!mdev)
		return -ENODEV;
	/*
	 * The allocating device never does DMA; TO_DEVICE keeps DMA-API
	 * debug from tracking its cachelines, which belong to the
	 * controller's mapping made next.
	 */
	page = dma_alloc_pages(mdev, bytes, &buf->alloc_dma, DMA_TO_DEVICE,
			       GFP_KERNEL | __GFP_NOWARN);
	/*
	 * No failure is possible once a page came back, but 6.1's DMA-API
	 * debug records the allocation as a mapping whose error must be
	 * checked before it is freed.
	 */
	if (page && dma_mapping_error(mdev, buf->alloc_dma)) {
		dma_free_pages(mdev, bytes, page, buf->alloc_dma,
			       DMA_TO_DEVICE);
		page = NULL;
	}
	if (!page) {
		dev_err(buf->log_dev,
			"CMA exhausted: cannot allocate %zu contiguous bytes from the CMA pool of %llu MiB\n",
			bytes, pool >> 20);
		return -ENOMEM;
	}
	buf->alloc_dev = get_device(mdev);
	buf->vaddr = page_address(page);
	for (i = 0; i < buf->npages; i++)
		buf->pages[i] = nth_page(page, i);
	return buf->vaddr ? 0 : -ENOMEM;
}

static int ds_buf_alloc_mem(struct dmastream_buf *buf,
			    struct dmastream_chan *dc)
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
	case DMASTREAM_KIND_CMA:
		return ds_buf_alloc_cma(buf, dc->alloc_dev, dc->cma_size);
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
	case DMASTREAM_KIND_USER:	/* dmastream_buf_pin_user() only */
		break;
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
		put_device(buf->alloc_dev);
		break;
	case DMASTREAM_KIND_SG:
		sg_free_table(&buf->sgt);
		if (buf->vaddr)
			vunmap(buf->vaddr);
		for (i = 0; i < buf->npages; i++)
			if (buf->pages[i])
				__free_page(buf->pages[i]);
		break;
	case DMASTREAM_KIND_USER:
		sg_free_table(&buf->sgt);
		ds_user_pages_release(buf);
		/* What the device wrote makes the pages dirty. */
		unpin_user_pages_dirty_lock(buf->pages, buf->npages,
					    buf->dir != DMA_TO_DEVICE);
		ds_user_unaccount(buf);
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
		/* -EIO when a bounce pool is full: that is memory, too. */
		if (dma_map_sgtable(buf->dma_dev, &buf->sgt, DMA_TO_DEVICE, 0))
			return -ENOMEM;
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
		if (dma_map_sgtable(buf->dma_dev, &buf->sgt, buf->dir, 0))
			return -ENOMEM;
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

static struct dmastream_buf *ds_buf_new(struct dmastream_chan *dc,
					size_t size)
{
	struct dmastream_buf *buf = kzalloc(sizeof(*buf), GFP_KERNEL);

	if (!buf)
		return NULL;
	buf->dma_dev = get_device(dc->dma_dev);
	buf->log_dev = get_device(dc->log_dev);
	buf->size = size;
	spin_lock_init(&buf->lock);
	return buf;
}

static void ds_buf_put_devs(struct dmastream_buf *buf)
{
	put_device(buf->dma_dev);
	put_device(buf->log_dev);
	kfree(buf);
}

/**
 * dmastream_buf_alloc() - allocate and map a reusable DMA buffer
 * @dc: channel whose controller the buffer is mapped for
 * @size: bytes, > 0
 * @kind: memory behind the buffer, see &enum dmastream_buf_kind
 * @dir: DMA_TO_DEVICE (device only reads it), DMA_FROM_DEVICE (device only
 *	writes it: the CPU may only read it) or DMA_BIDIRECTIONAL
 *
 * The memory is zeroed, mapped once against dmaengine_get_dma_device() of
 * the channel and stays mapped until dmastream_buf_free(), even if @dc is
 * destroyed first.  It starts owned by the device: call
 * dmastream_buf_begin_cpu() before touching it.
 *
 * Context: process context, may sleep.
 * Return: the buffer, or an ERR_PTR(): -EINVAL for bad arguments, -E2BIG
 * for a contiguous buffer beyond the page allocator's limit or one
 * mapping, -ENODEV for the CMA kind on a channel without an allocating
 * device, -ENOMEM.
 */
struct dmastream_buf *dmastream_buf_alloc(struct dmastream_chan *dc,
					  size_t size,
					  enum dmastream_buf_kind kind,
					  enum dma_data_direction dir)
{
	struct dmastream_buf *buf;
	int ret;

	if (!dc || !size || !ds_dir_valid(dir) || kind > DMASTREAM_KIND_CMA)
		return ERR_PTR(-EINVAL);
	if (size > SIZE_MAX - PAGE_SIZE || size / PAGE_SIZE >= UINT_MAX)
		return ERR_PTR(-E2BIG);
	buf = ds_buf_new(dc, size);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->kind = kind;
	buf->dir = dir;
	buf->npages = DIV_ROUND_UP(size, PAGE_SIZE);
	buf->pages = kvcalloc(buf->npages, sizeof(*buf->pages), GFP_KERNEL);
	if (!buf->pages) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = ds_buf_alloc_mem(buf, dc);
	if (ret)
		goto err_mem;
	ret = ds_buf_map(buf);
	if (ret) {
		dev_err(buf->log_dev, "cannot map %zu bytes for %s: %d\n",
			size, dev_name(dc->dma_dev), ret);
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
	ds_buf_put_devs(buf);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(dmastream_buf_alloc);

/*
 * Only memory a process owns outright may be pinned: anonymous or shmem
 * (memfd) pages.  I/O and PFN mappings have no pages to pin, and a
 * dma-buf's (ours included) or another driver's mapping would give the
 * controller a second, overlapping mapping of memory already mapped for
 * DMA, which the DMA API does not support.  mmap lock held.
 */
static int ds_user_range_ok(struct mm_struct *mm, unsigned long start,
			    unsigned long end)
{
	struct vm_area_struct *vma;

	while (start < end) {
		vma = find_vma(mm, start);
		if (!vma || vma->vm_start > start)
			return -EFAULT;		/* a hole: not mapped */
		if (vma->vm_flags & (VM_IO | VM_PFNMAP | VM_MIXEDMAP))
			return -EOPNOTSUPP;
		if (!vma_is_anonymous(vma) && !shmem_file(vma->vm_file))
			return -EOPNOTSUPP;
		start = vma->vm_end;
	}
	return 0;
}

/*
 * Claim the pages of @buf (pinned, not mapped yet) unless one is already in
 * another pinned buffer (or twice in this one: a shmem page mapped at two
 * addresses): two mappings of one page share cache lines, which the DMA
 * API does not support (and a non-coherent SoC corrupts data with it).
 * Check and claim are one critical section, so two threads pinning
 * overlapping ranges at once cannot both succeed, nor both fail.  One
 * lookup per page, whatever other buffers pin; sleeps (process context).
 * Return: 0, -EBUSY (a page is taken: nothing claimed), -ENOMEM.
 */
static int ds_user_pages_claim(struct dmastream_buf *buf)
{
	unsigned int i;
	int ret = 0;

	mutex_lock(&ds_pins_lock);
	for (i = 0; i < buf->npages; i++) {
		ret = xa_insert(&ds_pins, page_to_pfn(buf->pages[i]), buf,
				GFP_KERNEL);
		if (ret)
			break;
	}
	if (ret)
		ds_user_pages_forget(buf, i);
	mutex_unlock(&ds_pins_lock);
	return ret;
}

/**
 * dmastream_buf_pin_user() - map a process's own memory for a channel
 * @dc: channel whose controller the buffer is mapped for
 * @uaddr: user address of the first byte, any alignment (malloc()'d
 *	memory will do)
 * @size: bytes, > 0
 * @dir: DMA_TO_DEVICE, DMA_FROM_DEVICE (the pages must be writable) or
 *	DMA_BIDIRECTIONAL
 *
 * The pages of the current process's range are pinned with FOLL_LONGTERM
 * (they cannot move or be reclaimed while the buffer lives), described by
 * a scatterlist (adjacent pages merge; dmastream_buf_nents() and
 * dmastream_buf_segment() tell what the device got) and mapped once.  The
 * process keeps accessing the memory through its own pointer, between
 * dmastream_buf_begin_cpu() and dmastream_buf_end_cpu() (or the dma-buf's
 * DMA_BUF_IOCTL_SYNC once exported); it must not write a DMA_FROM_DEVICE
 * buffer.  dmastream_buf_vaddr() is NULL; the buffer cannot be mmap()ed
 * through a dma-buf.  dmastream_buf_free() (or the dma-buf's release)
 * unmaps and unpins.
 *
 * Context: process context (the caller's address space), may sleep.
 * Return: the buffer, or an ERR_PTR(): -EINVAL (bad size or direction,
 * range wraps), -EFAULT (a page of the range is not mapped, or not
 * writable for a device-written buffer), -EOPNOTSUPP (the range is not
 * anonymous or shmem memory: I/O, PFN, dma-buf or other driver mappings
 * and regular files are refused), -EBUSY (a page of it is in another
 * pinned buffer, or twice in this range: two mappings would share cache
 * lines), -ENOMEM (no memory, a full bounce pool, or the pages would take
 * the process beyond its RLIMIT_MEMLOCK: they are accounted to its
 * pinned_vm until the buffer is freed, unless it has CAP_IPC_LOCK), -EINTR.
 */
struct dmastream_buf *dmastream_buf_pin_user(struct dmastream_chan *dc,
					     unsigned long uaddr, size_t size,
					     enum dma_data_direction dir)
{
	unsigned int gup = FOLL_LONGTERM;
	struct mm_struct *mm = current->mm;
	struct dmastream_buf *buf;
	unsigned long start;
	long pinned = 0;
	int ret;

	if (!dc || !size || !ds_dir_valid(dir) || !mm)
		return ERR_PTR(-EINVAL);
	if (uaddr + size < uaddr || size / PAGE_SIZE >= UINT_MAX - 1)
		return ERR_PTR(-EINVAL);
	buf = ds_buf_new(dc, size);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->kind = DMASTREAM_KIND_USER;
	buf->dir = dir;
	buf->pg_off = offset_in_page(uaddr);
	buf->npages = DIV_ROUND_UP(buf->pg_off + size, PAGE_SIZE);
	start = uaddr - buf->pg_off;
	buf->pages = kvcalloc(buf->npages, sizeof(*buf->pages), GFP_KERNEL);
	if (!buf->pages) {
		ret = -ENOMEM;
		goto err_free;
	}
	if (dir != DMA_TO_DEVICE)
		gup |= FOLL_WRITE;
	ret = ds_user_account(buf, mm);
	if (ret)
		goto err_pages;
	if (mmap_read_lock_killable(mm)) {
		ret = -EINTR;
		goto err_unaccount;
	}
	ret = ds_user_range_ok(mm, start, uaddr + size);
	if (!ret)
		pinned = ds_pin_user_pages(start, buf->npages, gup, buf->pages);
	mmap_read_unlock(mm);
	if (ret)
		goto err_unaccount;
	if (pinned != buf->npages) {
		if (pinned > 0)
			unpin_user_pages(buf->pages, pinned);
		ret = pinned < 0 && pinned != -EFAULT ? pinned : -EFAULT;
		goto err_unaccount;
	}
	ret = ds_user_pages_claim(buf);
	if (ret)
		goto err_unpin;
	ret = sg_alloc_table_from_pages_segment(&buf->sgt, buf->pages,
						buf->npages, buf->pg_off, size,
						ds_max_segment(buf),
						GFP_KERNEL);
	if (ret)
		goto err_release;
	/*
	 * A FROM_DEVICE mapping may only invalidate the CPU caches: write
	 * back what the process wrote first, so that no stale memory shows.
	 */
	if (dir == DMA_FROM_DEVICE) {
		if (dma_map_sgtable(buf->dma_dev, &buf->sgt, DMA_TO_DEVICE, 0)) {
			ret = -ENOMEM;
			goto err_sg;
		}
		dma_unmap_sgtable(buf->dma_dev, &buf->sgt, DMA_TO_DEVICE, 0);
	}
	if (dma_map_sgtable(buf->dma_dev, &buf->sgt, dir, 0)) {
		ret = -ENOMEM;
		goto err_sg;
	}
	buf->dsgt = &buf->sgt;
	buf->owner = DMASTREAM_OWNER_DEVICE;
	atomic64_inc(&ds_stat.maps);
	atomic64_inc(&ds_stat.bufs);
	atomic64_inc(&ds_stat.pinned);
	ds_bufs_add(buf);
	return buf;

err_sg:
	sg_free_table(&buf->sgt);
err_release:
	ds_user_pages_release(buf);
err_unpin:
	unpin_user_pages(buf->pages, buf->npages);
err_unaccount:
	ds_user_unaccount(buf);
err_pages:
	kvfree(buf->pages);
err_free:
	ds_buf_put_devs(buf);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(dmastream_buf_pin_user);

/**
 * dmastream_buf_import() - map another exporter's dma-buf for a channel
 * @dc: channel whose controller the buffer is mapped for
 * @dmabuf: the dma-buf; the buffer holds its own reference
 *
 * Attaches to @dmabuf and maps it BIDIRECTIONAL for the controller.  The
 * exporter does the CPU syncs of its own mappings (DMA_BUF_IOCTL_SYNC, or
 * dma_buf_begin/end_cpu_access()); dmastream_buf_begin_cpu() and
 * dmastream_buf_end_cpu() sync this mapping, for exporters (udmabuf) that
 * sync none of their importers'.  The DMA API does not support two
 * mappings of the same memory: map a dma-buf at most once.
 *
 * Context: process context, may sleep.
 * Return: the buffer (free it with dmastream_buf_free()), or an ERR_PTR().
 */
struct dmastream_buf *dmastream_buf_import(struct dmastream_chan *dc,
					   struct dma_buf *dmabuf)
{
	struct dma_buf_attachment *att;
	struct dmastream_buf *buf;
	struct sg_table *sgt;
	int ret;

	if (!dc || !dmabuf)
		return ERR_PTR(-EINVAL);
	att = dma_buf_attach(dmabuf, dc->dma_dev);
	if (IS_ERR(att))
		return ERR_CAST(att);
	sgt = ds_dma_buf_map(att, DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt)) {
		ret = PTR_ERR(sgt);
		goto err_detach;
	}
	buf = ds_buf_new(dc, dmabuf->size);
	if (!buf) {
		ret = -ENOMEM;
		goto err_unmap;
	}
	buf->kind = DMASTREAM_KIND_SG;
	buf->dir = DMA_BIDIRECTIONAL;
	buf->dsgt = sgt;
	buf->imported = true;
	buf->imp_att = att;
	buf->imp_db = dmabuf;
	get_dma_buf(dmabuf);
	buf->owner = DMASTREAM_OWNER_DEVICE;
	ds_bufs_add(buf);
	return buf;

err_unmap:
	ds_dma_buf_unmap(att, sgt, DMA_BIDIRECTIONAL);
err_detach:
	dma_buf_detach(dmabuf, att);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(dmastream_buf_import);

/* Unmap and free; the owner is DS_OWNER_FREED (nothing else can act). */
void ds_buf_destroy(struct dmastream_buf *buf)
{
	ds_bufs_del(buf);
	if (buf->imported) {
		ds_dma_buf_unmap(buf->imp_att, buf->dsgt, DMA_BIDIRECTIONAL);
		dma_buf_detach(buf->imp_db, buf->imp_att);
		dma_buf_put(buf->imp_db);
	} else {
		if (buf->kind == DMASTREAM_KIND_SG ||
		    buf->kind == DMASTREAM_KIND_USER)
			dma_unmap_sgtable(buf->dma_dev, &buf->sgt, buf->dir, 0);
		else
			dma_unmap_single(buf->dma_dev, buf->dma, buf->size,
					 buf->dir);
		if (buf->kind == DMASTREAM_KIND_USER)
			atomic64_inc(&ds_stat.unpinned);
		ds_buf_free_mem(buf);
		kvfree(buf->pages);
		atomic64_dec(&ds_stat.bufs);
	}
	ds_buf_put_devs(buf);
}

/*
 * The dma-buf of an exported buffer is being released.  A transfer or
 * ring that uses the buffer holds a reference on the dma-buf (see
 * ds_buf_hold_dmabuf()), so it is idle here, whatever its other holders
 * (user space closing fds and unmapping) did.  Only a kernel caller syncing
 * a buffer it holds no reference on could find it busy: then it is left
 * (leaked), never freed under whoever uses it.
 */
void ds_buf_release_dmabuf(struct dmastream_buf *buf)
{
	if (WARN_ON_ONCE(ds_transit(buf, DS_FROM(DMASTREAM_OWNER_DEVICE) |
				    DS_FROM(DMASTREAM_OWNER_CPU),
				    DS_OWNER_FREED, DS_NO_SYNC, 0, 0)))
		return;
	ds_buf_destroy(buf);
}

/**
 * dmastream_buf_free() - unmap and free a buffer
 * @buf: buffer from dmastream_buf_alloc() or dmastream_buf_import(), or
 *	NULL; not one given to dmastream_buf_export() (its dma-buf frees it)
 *
 * Refused while a transfer uses the buffer or a hand-over syncs it:
 * unmapping memory the device may still write is the bug this framework
 * exists to prevent.
 *
 * Context: process context, may sleep.
 * Return: 0, -EBUSY (in flight or syncing, nothing freed), -EINVAL (the
 * buffer belongs to its dma-buf).
 */
int dmastream_buf_free(struct dmastream_buf *buf)
{
	int ret;

	if (!buf)
		return 0;
	if (buf->dmabuf)
		return -EINVAL;
	ret = ds_transit(buf, DS_FROM(DMASTREAM_OWNER_DEVICE) |
			 DS_FROM(DMASTREAM_OWNER_CPU), DS_OWNER_FREED,
			 DS_NO_SYNC, 0, 0);
	if (ret)
		return ret;
	ds_buf_destroy(buf);
	return 0;
}
EXPORT_SYMBOL_GPL(dmastream_buf_free);

/**
 * dmastream_buf_size() - size of a buffer
 * @buf: buffer
 *
 * Return: the size in bytes given at allocation (of the dma-buf, imported).
 */
size_t dmastream_buf_size(const struct dmastream_buf *buf)
{
	return buf->size;
}
EXPORT_SYMBOL_GPL(dmastream_buf_size);

/**
 * dmastream_buf_vaddr() - kernel address of a buffer's memory
 * @buf: buffer from dmastream_buf_alloc()
 *
 * The address is valid for the buffer's lifetime, but the memory may only
 * be accessed between dmastream_buf_begin_cpu() and dmastream_buf_end_cpu()
 * (or their range variants, inside the range), and a buffer mapped
 * DMA_FROM_DEVICE may only be read.
 *
 * Return: the kernel virtual address (contiguous for all kinds), NULL for
 * an imported buffer.
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
 * Return: 1 for contiguous kinds, the mapped sg entries otherwise.
 */
unsigned int dmastream_buf_nents(const struct dmastream_buf *buf)
{
	return buf->dsgt ? buf->dsgt->nents : 1;
}
EXPORT_SYMBOL_GPL(dmastream_buf_nents);

/**
 * dmastream_buf_segment() - one DMA segment of a buffer's mapping
 * @buf: buffer
 * @i: segment, below dmastream_buf_nents()
 * @addr: set to its DMA address (what the controller is given)
 * @len: set to its length in bytes
 *
 * Return: 0, or -ERANGE for @i beyond the last segment.
 */
int dmastream_buf_segment(const struct dmastream_buf *buf, unsigned int i,
			  dma_addr_t *addr, size_t *len)
{
	struct scatterlist *sg;
	unsigned int k;

	if (i >= dmastream_buf_nents(buf))
		return -ERANGE;
	if (!buf->dsgt) {
		*addr = buf->dma;
		*len = buf->size;
		return 0;
	}
	for_each_sgtable_dma_sg(buf->dsgt, sg, k) {
		if (k == i) {
			*addr = sg_dma_address(sg);
			*len = sg_dma_len(sg);
			return 0;
		}
	}
	return -ERANGE;
}
EXPORT_SYMBOL_GPL(dmastream_buf_segment);

/**
 * dmastream_buf_dir() - mapping direction of a buffer
 * @buf: buffer
 *
 * Return: the direction given at allocation (BIDIRECTIONAL when imported).
 */
enum dma_data_direction dmastream_buf_dir(const struct dmastream_buf *buf)
{
	return buf->dir;
}
EXPORT_SYMBOL_GPL(dmastream_buf_dir);

/**
 * dmastream_buf_dma_device() - device a buffer is mapped for
 * @buf: buffer
 *
 * Return: the controller of the channel it was allocated or imported for.
 */
struct device *dmastream_buf_dma_device(const struct dmastream_buf *buf)
{
	return buf->dma_dev;
}
EXPORT_SYMBOL_GPL(dmastream_buf_dma_device);

/**
 * dmastream_buf_owner() - current owner of a buffer
 * @buf: buffer
 *
 * Return: the &enum dmastream_owner state (a snapshot).
 */
enum dmastream_owner dmastream_buf_owner(struct dmastream_buf *buf)
{
	unsigned long flags;
	unsigned int owner;

	spin_lock_irqsave(&buf->lock, flags);
	owner = buf->owner;
	spin_unlock_irqrestore(&buf->lock, flags);
	return owner;
}
EXPORT_SYMBOL_GPL(dmastream_buf_owner);

/**
 * dmastream_buf_begin_cpu_range() - hand a range of a buffer to the CPU
 * @buf: buffer owned by the device or the CPU
 * @off: first byte the CPU will access
 * @len: bytes, > 0
 * @access: DMASTREAM_CPU_READ and/or DMASTREAM_CPU_WRITE
 *
 * The buffer becomes CPU-owned (no submission until it is handed back);
 * only [@off, @off + @len) is synced for the CPU (cache invalidate, or the
 * copy back from a bounce buffer), so only that range may be accessed.
 * Taking another range while the CPU owns the buffer syncs that one too.
 *
 * Context: any (the sync does not sleep).
 * An imported buffer is synced whole, on the library's own mapping of it
 * (its exporter's CPU-access calls sync the exporter's mappings, and some,
 * udmabuf for one, no importer's).
 *
 * Return: 0; -EBUSY if a transfer uses it or another hand-over syncs it;
 * -EACCES for write access to a buffer the device only writes
 * (DMA_FROM_DEVICE: the CPU's writes would be lost); -ERANGE, -EINVAL for
 * a bad range.
 */
int dmastream_buf_begin_cpu_range(struct dmastream_buf *buf, size_t off,
				  size_t len, unsigned int access)
{
	return ds_cpu_handover(buf, true, off, len, access);
}
EXPORT_SYMBOL_GPL(dmastream_buf_begin_cpu_range);

/**
 * dmastream_buf_end_cpu_range() - hand a buffer back to the device
 * @buf: buffer owned by the CPU (or already by the device)
 * @off: first byte the CPU wrote
 * @len: bytes, > 0
 *
 * Only [@off, @off + @len) is synced for the device (cache clean, or the
 * copy into the bounce buffer): CPU writes outside it may not reach the
 * device.  The buffer may then be submitted.
 *
 * Context: any (the sync does not sleep).
 * Return: 0, -EBUSY (in flight or syncing), -ERANGE, -EINVAL.
 */
int dmastream_buf_end_cpu_range(struct dmastream_buf *buf, size_t off,
				size_t len)
{
	return ds_cpu_handover(buf, false, off, len, 0);
}
EXPORT_SYMBOL_GPL(dmastream_buf_end_cpu_range);

/**
 * dmastream_buf_begin_cpu() - hand a whole buffer to the CPU
 * @buf: buffer owned by the device or the CPU
 *
 * dmastream_buf_begin_cpu_range() of the whole buffer, for reading (and
 * writing, unless the buffer is mapped DMA_FROM_DEVICE).
 *
 * Context: any.
 * Return: as for dmastream_buf_begin_cpu_range().
 */
int dmastream_buf_begin_cpu(struct dmastream_buf *buf)
{
	return dmastream_buf_begin_cpu_range(buf, 0, buf->size,
					     buf->dir == DMA_FROM_DEVICE ?
					     DMASTREAM_CPU_READ :
					     DMASTREAM_CPU_READ |
					     DMASTREAM_CPU_WRITE);
}
EXPORT_SYMBOL_GPL(dmastream_buf_begin_cpu);

/**
 * dmastream_buf_end_cpu() - hand a whole buffer back to the device
 * @buf: buffer owned by the CPU (or already by the device)
 *
 * dmastream_buf_end_cpu_range() of the whole buffer.
 *
 * Context: any.
 * Return: as for dmastream_buf_end_cpu_range().
 */
int dmastream_buf_end_cpu(struct dmastream_buf *buf)
{
	return dmastream_buf_end_cpu_range(buf, 0, buf->size);
}
EXPORT_SYMBOL_GPL(dmastream_buf_end_cpu);

/* ---- transfers ---- */

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

static bool ds_dev_reads(struct dmastream_buf *buf)
{
	return buf->dir == DMA_TO_DEVICE || buf->dir == DMA_BIDIRECTIONAL;
}

static bool ds_dev_writes(struct dmastream_buf *buf)
{
	return buf->dir == DMA_FROM_DEVICE || buf->dir == DMA_BIDIRECTIONAL;
}

static gfp_t ds_gfp(const struct dmastream_xfer_opts *o)
{
	return o && o->gfp ? o->gfp : GFP_KERNEL;
}

static void ds_xfer_free(struct kref *ref)
{
	struct dmastream_xfer *x = container_of(ref, struct dmastream_xfer,
						ref);

	kfree(x->pieces);
	kfree(x->sgl);
	kfree(x->xt);
	kfree(x);
}

static void ds_xfer_put(struct dmastream_xfer *x)
{
	kref_put(&x->ref, ds_xfer_free);
}

static void ds_xfer_timeout(struct work_struct *work);

static struct dmastream_xfer *ds_xfer_new(struct dmastream_chan *dc,
					  size_t len,
					  const struct dmastream_xfer_opts *o)
{
	struct dmastream_xfer *x = kzalloc(sizeof(*x), ds_gfp(o));

	if (!x)
		return NULL;
	kref_init(&x->ref);
	x->dc = dc;
	x->len = len;
	x->timeout_ms = o && o->timeout_ms ? o->timeout_ms : dc->timeout_ms;
	x->fn = o ? o->done : NULL;
	x->ctx = o ? o->ctx : NULL;
	x->state = DS_XFER_NEW;
	INIT_LIST_HEAD(&x->node);
	INIT_DELAYED_WORK(&x->timeout_work, ds_xfer_timeout);
	init_completion(&x->done);
	return x;
}

/**
 * ds_buf_hold_dmabuf() - a claim of @buf holds its dma-buf, if exported
 * @buf: buffer just claimed (INFLIGHT) by a transfer or a ring
 *
 * dmastream_buf_export() sets @buf->dmabuf under the buffer's lock and
 * never for a buffer in flight, so once the claim holds the buffer the
 * field cannot change, and a claim made after the export sees it.
 *
 * Return: the dma-buf, with a new reference, or NULL (not exported).
 */
struct dma_buf *ds_buf_hold_dmabuf(struct dmastream_buf *buf)
{
	struct dma_buf *db = READ_ONCE(buf->dmabuf);

	if (db)
		get_dma_buf(db);
	return db;
}

/* Take the buffers for @x: DEVICE -> INFLIGHT, all or none. */
static int ds_xfer_claim(struct dmastream_xfer *x)
{
	unsigned int i;
	int ret;

	for (i = 0; i < x->nbufs; i++) {
		ret = ds_transit(x->bufs[i], DS_FROM(DMASTREAM_OWNER_DEVICE),
				 DMASTREAM_OWNER_INFLIGHT, DS_NO_SYNC, 0, 0);
		if (ret) {
			while (i--)
				ds_transit(x->bufs[i],
					   DS_FROM(DMASTREAM_OWNER_INFLIGHT),
					   DMASTREAM_OWNER_DEVICE, DS_NO_SYNC,
					   0, 0);
			return ret;
		}
	}
	for (i = 0; i < x->nbufs; i++)
		x->dbs[i] = ds_buf_hold_dmabuf(x->bufs[i]);
	return 0;
}

/*
 * Give the buffers back: to the device, or synced to the CPU on failure.
 * Then the dma-buf references go (any context: a last one releases the
 * buffer later, from process context), once nothing uses the buffers.
 */
static void ds_xfer_release(struct dmastream_xfer *x, bool failed)
{
	unsigned int i;

	for (i = 0; i < x->nbufs; i++) {
		struct dmastream_buf *b = x->bufs[i];

		if (failed && !b->imported)
			ds_transit(b, DS_FROM(DMASTREAM_OWNER_INFLIGHT),
				   DMASTREAM_OWNER_CPU, DS_FOR_CPU, 0,
				   b->size);
		else
			ds_transit(b, DS_FROM(DMASTREAM_OWNER_INFLIGHT),
				   DMASTREAM_OWNER_DEVICE, DS_NO_SYNC, 0, 0);
	}
	for (i = 0; i < x->nbufs; i++) {
		if (x->dbs[i])
			dma_buf_put(x->dbs[i]);
		x->dbs[i] = NULL;
	}
}

/*
 * The end of a transfer taken off dc->inflight (state DONE) by the caller,
 * without dc->lock: result, buffers, callback, waiters.  Then the
 * channel's and the queue's references go.
 */
static void ds_xfer_finish(struct dmastream_xfer *x, int err)
{
	struct dmastream_chan *dc = x->dc;

	x->t_done = ktime_get_ns();
	x->result = err;
	x->bytes = err ? min_t(u64, x->moved, x->len) : x->len;
	if (err)
		atomic64_inc(&ds_stat.errors);
	ds_xfer_release(x, err);
	/* @fn may wake a reaper before complete_all(): publish the result. */
	smp_store_release(&x->resolved, true);
	if (x->fn)
		x->fn(x, x->ctx);
	complete_all(&x->done);
	/* A timeout work not started yet will never run: drop its refs. */
	if (cancel_delayed_work(&x->timeout_work)) {
		ds_xfer_put(x);
		ds_chan_put(dc);
	}
	ds_xfer_put(x);
	ds_chan_put(dc);	/* last: @dc may be freed after this */
}

/* Take @x off the queue; dc->lock held. */
static void ds_xfer_dequeue(struct dmastream_xfer *x, struct list_head *done)
{
	lockdep_assert_held(&x->dc->lock);
	x->state = DS_XFER_DONE;
	list_move_tail(&x->node, done);
}

static void ds_finish_list(struct list_head *done, int err)
{
	struct dmastream_xfer *x, *t;

	list_for_each_entry_safe(x, t, done, node) {
		list_del_init(&x->node);
		ds_xfer_finish(x, x->result ? x->result : err);
	}
}

static void ds_desc_done(void *param, const struct dmaengine_result *res)
{
	struct ds_piece *p = param;
	struct dmastream_xfer *x = p->x;
	struct dmastream_chan *dc = x->dc;
	unsigned long flags;
	LIST_HEAD(done);
	u32 residue;

	spin_lock_irqsave(&dc->lock, flags);
	/* A descriptor of an earlier submission (terminated): ignore it. */
	if (x->state != DS_XFER_INFLIGHT || p->gen != x->gen) {
		spin_unlock_irqrestore(&dc->lock, flags);
		return;
	}
	/*
	 * Descriptors the client terminated never call back, so any error
	 * reported here, DMA_TRANS_ABORTED included, is a fault the
	 * provider saw: -EIO.  What it moved is known only from a provider
	 * that reports residue at segment or burst granularity.
	 */
	if (res && res->result != DMA_TRANS_NOERROR) {
		if (!x->desc_err)
			x->desc_err = -EIO;
		residue = min_t(u32, res->residue, p->len);
		if (x->residue_known)
			x->moved += p->len - residue;
	} else {
		x->moved += p->len;
	}
	if (!--x->pending) {
		x->result = x->desc_err;
		ds_xfer_dequeue(x, &done);
	}
	spin_unlock_irqrestore(&dc->lock, flags);
	ds_finish_list(&done, 0);
}

/* One interleaved piece as a template of @p->frames frames of one chunk. */
static struct dma_async_tx_descriptor *
ds_prep_interleaved(struct dmastream_xfer *x, struct ds_piece *p,
		    unsigned long flags)
{
	struct dma_interleaved_template *xt = x->xt;
	size_t chunk = p->len / p->frames;

	xt->src_start = p->src;
	xt->dst_start = p->dst;
	xt->dir = DMA_MEM_TO_MEM;
	xt->src_inc = true;
	xt->dst_inc = true;
	xt->src_sgl = true;
	xt->dst_sgl = true;
	xt->numf = p->frames;
	xt->frame_size = 1;
	xt->sgl[0].size = chunk;
	xt->sgl[0].icg = 0;
	/* A piece of one frame may be a part of a frame: no gap after it. */
	xt->sgl[0].src_icg = p->frames > 1 ? x->geom.src_stride - chunk : 0;
	xt->sgl[0].dst_icg = p->frames > 1 ? x->geom.dst_stride - chunk : 0;
	return dmaengine_prep_interleaved_dma(x->dc->chan, xt, flags);
}

/*
 * Describe the transfer to the provider and submit its descriptors;
 * dc->lock held (so no other submitter's slave config comes in between).
 * Return: 0 with at least one descriptor submitted (a later failure is
 * recorded as the transfer's error), or a negative errno with none.
 */
static int ds_xfer_prep_submit(struct dmastream_xfer *x)
{
	const unsigned long flags = DMA_PREP_INTERRUPT | DMA_CTRL_ACK;
	struct dmastream_chan *dc = x->dc;
	struct dma_async_tx_descriptor *desc;
	struct dma_slave_config conf;
	struct dma_slave_caps caps;
	unsigned int i;
	int ret;

	lockdep_assert_held(&dc->lock);
	x->residue_known = !dma_get_slave_caps(dc->chan, &caps) &&
		caps.residue_granularity != DMA_RESIDUE_GRANULARITY_DESCRIPTOR;
	x->gen++;
	x->pending = 0;
	x->desc_err = 0;
	x->moved = 0;
	if (x->op == DS_OP_SLAVE) {
		conf = x->cfg;
		ret = dmaengine_slave_config(dc->chan, &conf);
		if (ret)
			return ret;
	}
	for (i = 0; i < x->npieces; i++) {
		struct ds_piece *p = &x->pieces[i];

		p->gen = x->gen;
		if (x->op == DS_OP_MEMCPY)
			desc = dmaengine_prep_dma_memcpy(dc->chan, p->dst,
							 p->src, p->len,
							 flags);
		else if (x->op == DS_OP_MEMSET)
			desc = dmaengine_prep_dma_memset(dc->chan, p->dst,
							 x->value, p->len,
							 flags);
		else if (x->op == DS_OP_INTERLEAVED)
			desc = ds_prep_interleaved(x, p, flags);
		else if (x->nents == 1 && !x->bufs[0]->dsgt)
			desc = dmaengine_prep_slave_single(dc->chan,
							   sg_dma_address(x->sgl),
							   p->len, x->dir,
							   flags);
		else
			desc = dmaengine_prep_slave_sg(dc->chan, x->sgl,
						       x->nents, x->dir,
						       flags);
		ret = -ENOMEM;
		if (desc) {
			desc->callback_result = ds_desc_done;
			desc->callback_param = p;
			ret = dma_submit_error(dmaengine_submit(desc)) ?
			      -EIO : 0;
		}
		if (ret) {
			if (!i)
				return ret;
			x->desc_err = ret;	/* partly submitted: report it */
			break;
		}
		x->pending++;
		atomic64_inc(&ds_stat.descs);
	}
	x->state = DS_XFER_INFLIGHT;
	return 0;
}

/*
 * Queue @x on its channel: buffers claimed, request described.  Any
 * context.  Return: @x (with the submitter's reference) or an ERR_PTR()
 * (and @x is freed).
 */
static struct dmastream_xfer *ds_xfer_submit(struct dmastream_xfer *x)
{
	struct dmastream_chan *dc = x->dc;
	unsigned long flags;
	bool issue = false;
	int ret;

	ret = ds_xfer_claim(x);
	if (ret)
		goto err_free;
	spin_lock_irqsave(&dc->lock, flags);
	if (dc->dying) {
		ret = -ESHUTDOWN;
		goto err_unlock;
	}
	if (dc->ring) {
		/* A running ring's cyclic transfer has the channel. */
		ret = -EBUSY;
		goto err_unlock;
	}
	if (dc->terminating) {
		/* An abort runs: prepared and issued once it is over. */
		x->state = DS_XFER_PENDING;
	} else {
		ret = ds_xfer_prep_submit(x);
		if (ret)
			goto err_unlock;
		issue = true;
	}
	x->t_submit = ktime_get_ns();
	list_add_tail(&x->node, &dc->inflight);
	kref_get(&x->ref);		/* the queue's */
	dc->users++;
	if (x->timeout_ms != DMASTREAM_TIMEOUT_NONE) {
		kref_get(&x->ref);	/* the timeout work's */
		dc->users++;
		queue_delayed_work(system_wq, &x->timeout_work,
				   msecs_to_jiffies(x->timeout_ms));
	}
	atomic64_inc(&ds_stat.xfers);
	spin_unlock_irqrestore(&dc->lock, flags);
	/* Outside the lock: a provider may call back from issue_pending. */
	if (issue)
		dma_async_issue_pending(dc->chan);
	return x;

err_unlock:
	spin_unlock_irqrestore(&dc->lock, flags);
	ds_xfer_release(x, false);
err_free:
	ds_xfer_put(x);
	return ERR_PTR(ret);
}

/*
 * (Re)describe every PENDING transfer, in queue order, then let
 * submissions go straight to the provider again.
 */
static void ds_chan_drain(struct dmastream_chan *dc)
{
	struct dmastream_xfer *x, *t;
	unsigned long flags;
	LIST_HEAD(done);
	int ret;

	spin_lock_irqsave(&dc->lock, flags);
	list_for_each_entry_safe(x, t, &dc->inflight, node) {
		if (x->state != DS_XFER_PENDING)
			continue;
		ret = dc->dying ? -ECANCELED : ds_xfer_prep_submit(x);
		if (ret) {
			x->result = ret;
			ds_xfer_dequeue(x, &done);
		}
	}
	dc->terminating--;
	spin_unlock_irqrestore(&dc->lock, flags);
	ds_finish_list(&done, 0);
	dma_async_issue_pending(dc->chan);
}

/*
 * Terminate the channel because @victim timed out (or, @victim NULL,
 * because the channel is being destroyed).  dmaengine only terminates
 * whole channels: what had not started is resubmitted; the transfer that
 * may have started (the oldest) fails with -ECANCELED unless it is the
 * victim.  A victim that has completed meanwhile aborts nothing: its
 * callback may already have queued work that must not be killed for it.
 * Process context.
 */
static void ds_chan_abort(struct dmastream_chan *dc,
			  struct dmastream_xfer *victim)
{
	struct dmastream_xfer *x, *t;
	bool head = true;
	unsigned long flags;
	LIST_HEAD(done);

	spin_lock_irqsave(&dc->lock, flags);
	if (victim && victim->state != DS_XFER_INFLIGHT &&
	    victim->state != DS_XFER_PENDING) {
		spin_unlock_irqrestore(&dc->lock, flags);
		return;
	}
	dc->terminating++;
	spin_unlock_irqrestore(&dc->lock, flags);
	if (victim) {
		atomic64_inc(&ds_stat.timeouts);
		dev_err(dc->log_dev,
			"transfer timed out after %u ms on %s: terminating the channel\n",
			victim->timeout_ms, dma_chan_name(dc->chan));
	}
	/* After this no callback runs for what was submitted before. */
	dmaengine_terminate_sync(dc->chan);

	spin_lock_irqsave(&dc->lock, flags);
	list_for_each_entry_safe(x, t, &dc->inflight, node) {
		if (x == victim) {
			x->result = -ETIMEDOUT;
		} else if (x->state == DS_XFER_PENDING) {
			if (victim && !dc->dying)
				continue;	/* never submitted yet */
			x->result = -ECANCELED;
		} else if (!victim || dc->dying || head) {
			x->result = -ECANCELED;
		} else {
			x->state = DS_XFER_PENDING;	/* not started */
			atomic64_inc(&ds_stat.resubmitted);
			continue;
		}
		if (x->state == DS_XFER_INFLIGHT)
			head = false;
		ds_xfer_dequeue(x, &done);
	}
	spin_unlock_irqrestore(&dc->lock, flags);
	ds_finish_list(&done, 0);
	ds_chan_drain(dc);
}

static void ds_xfer_timeout(struct work_struct *work)
{
	struct dmastream_xfer *x = container_of(to_delayed_work(work),
						struct dmastream_xfer,
						timeout_work);
	struct dmastream_chan *dc = x->dc;

	ds_chan_abort(dc, x);
	ds_xfer_put(x);
	ds_chan_put(dc);	/* last: @dc may be freed after this */
}

/* Split a copy into descriptors at segment boundaries. */
static int ds_memcpy_pieces(struct dmastream_xfer *x,
			    struct dmastream_buf *dst, size_t dst_off,
			    struct dmastream_buf *src, size_t src_off,
			    size_t len, gfp_t gfp)
{
	struct dma_chan *chan = x->dc->chan;
	size_t max_seg = dma_get_max_seg_size(x->dc->dma_dev);
	struct ds_cursor s, d;
	unsigned int n = 0, pass;
	size_t left, k;

	for (pass = 0; pass < 2; pass++) {
		ds_cursor_init(&s, src, src_off);
		ds_cursor_init(&d, dst, dst_off);
		for (left = len, n = 0; left; left -= k, n++) {
			k = min3(left, s.left, d.left);
			k = min(k, max_seg);
			if (!k)
				return -EINVAL;	/* mapping shorter than its size */
			if (!is_dma_copy_aligned(chan->device, s.addr, d.addr,
						 k))
				return -EINVAL;
			if (pass) {
				x->pieces[n].x = x;
				x->pieces[n].src = s.addr;
				x->pieces[n].dst = d.addr;
				x->pieces[n].len = k;
			}
			ds_cursor_advance(&s, k);
			ds_cursor_advance(&d, k);
		}
		if (!pass) {
			x->pieces = kcalloc(n, sizeof(*x->pieces),
					    gfp | __GFP_NOWARN);
			if (!x->pieces)
				return -ENOMEM;
		}
	}
	x->npieces = n;
	x->nents = n;
	return 0;
}

/**
 * dmastream_memcpy() - start a memory-to-memory copy
 * @dc: channel wrapper (a channel with DMA_MEMCPY)
 * @dst: destination buffer, mapped FROM_DEVICE or BIDIRECTIONAL
 * @dst_off: byte offset in @dst
 * @src: source buffer, mapped TO_DEVICE or BIDIRECTIONAL; may be @dst if
 *	the two ranges do not overlap
 * @src_off: byte offset in @src
 * @len: bytes to copy, > 0
 * @opts: timeout, callback, allocation flags (&struct dmastream_xfer_opts),
 *	or NULL for the defaults
 *
 * Both buffers must be owned by the device (dmastream_buf_end_cpu() done)
 * and not in flight; they are in flight until the transfer finishes.  The
 * copy is split at segment boundaries into as many descriptors as needed.
 * A failed transfer (fault, timeout, cancel) hands its buffers to the CPU,
 * synced.
 *
 * Context: any, with @opts->gfp matching it (GFP_ATOMIC in atomic context).
 * Return: the transfer (release it with dmastream_xfer_put()), or an
 * ERR_PTR(): -EINVAL (bad arguments, overlap, alignment), -ERANGE (range
 * outside a buffer), -EACCES (buffer mapped for the other direction),
 * -EXDEV (buffer mapped for another controller), -EBUSY (ownership),
 * -ESHUTDOWN (channel being destroyed), -ENOMEM, -EIO (the provider
 * refused the descriptor).
 */
struct dmastream_xfer *
dmastream_memcpy(struct dmastream_chan *dc,
		 struct dmastream_buf *dst, size_t dst_off,
		 struct dmastream_buf *src, size_t src_off, size_t len,
		 const struct dmastream_xfer_opts *opts)
{
	struct dmastream_xfer *x;
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

	x = ds_xfer_new(dc, len, opts);
	if (!x)
		return ERR_PTR(-ENOMEM);
	x->op = DS_OP_MEMCPY;
	x->bufs[x->nbufs++] = src;
	if (dst != src)
		x->bufs[x->nbufs++] = dst;
	ret = ds_memcpy_pieces(x, dst, dst_off, src, src_off, len,
			       ds_gfp(opts));
	if (ret) {
		ds_xfer_put(x);
		return ERR_PTR(ret);
	}
	return ds_xfer_submit(x);
}
EXPORT_SYMBOL_GPL(dmastream_memcpy);

/* Bytes of the next scatterlist entry at @c: at most @seg_size (0: any). */
static size_t ds_piece_len(const struct ds_cursor *c, size_t left,
			   size_t seg_size)
{
	size_t k = min(left, c->left);

	return seg_size ? min(k, seg_size) : k;
}

/*
 * The scatterlist of [off, off + len) of @buf, the way an SPI or UART
 * driver builds one: an entry per DMA segment of the range, each cut to at
 * most @seg_size bytes.
 */
static int ds_slave_list(struct dmastream_xfer *x, struct dmastream_buf *buf,
			 size_t off, size_t len, size_t seg_size, gfp_t gfp)
{
	struct scatterlist *sg;
	struct ds_cursor c;
	unsigned int n = 0;
	size_t left = len, k;

	ds_cursor_init(&c, buf, off);
	while (left && c.left) {
		if (n == DMASTREAM_MAX_ENTRIES)
			return -E2BIG;
		k = ds_piece_len(&c, left, seg_size);
		left -= k;
		ds_cursor_advance(&c, k);
		n++;
	}
	if (left)
		return -EINVAL;	/* mapping shorter than its size */
	x->sgl = kmalloc_array(n, sizeof(*x->sgl), gfp | __GFP_NOWARN);
	x->pieces = kzalloc(sizeof(*x->pieces), gfp);
	if (!x->sgl || !x->pieces)
		return -ENOMEM;
	sg_init_table(x->sgl, n);
	ds_cursor_init(&c, buf, off);
	for (sg = x->sgl, left = len; left; sg = sg_next(sg)) {
		k = ds_piece_len(&c, left, seg_size);
		sg_dma_address(sg) = c.addr;
		sg_dma_len(sg) = k;
		sg->length = k;
		left -= k;
		ds_cursor_advance(&c, k);
	}
	x->nents = n;
	x->npieces = 1;
	x->pieces[0].x = x;
	x->pieces[0].len = len;
	return 0;
}

/**
 * dmastream_slave() - start a transfer to or from a peripheral FIFO
 * @dc: channel wrapper (a slave channel)
 * @buf: memory side; mapped TO_DEVICE/BIDIRECTIONAL for DMA_MEM_TO_DEV,
 *	FROM_DEVICE/BIDIRECTIONAL for DMA_DEV_TO_MEM
 * @off: byte offset in @buf
 * @len: bytes, > 0, a multiple of the FIFO access width
 * @dir: DMA_MEM_TO_DEV or DMA_DEV_TO_MEM
 * @cfg: slave configuration (FIFO address, width, burst), applied with
 *	dmaengine_slave_config() right before the descriptor is prepared
 *	(copied: it may live on the caller's stack)
 * @opts: timeout, callback, allocation flags and @opts->seg_size, or NULL
 *
 * The range becomes one descriptor, prepared with one
 * dmaengine_prep_slave_sg() call (dmaengine_prep_slave_single() for a
 * contiguous range kept whole): an entry per DMA segment of @buf in the
 * range, each cut into entries of @opts->seg_size bytes (the last of each
 * segment may be shorter).  With @seg_size 4 a 4096-byte range of a
 * page-aligned buffer is a 1024-entry list.  dmastream_xfer_nents() tells
 * how many entries it had.  Ownership, completion and timeout behave as
 * for dmastream_memcpy().
 *
 * Context: any, with @opts->gfp matching it.
 * Return: the transfer, or an ERR_PTR(): errnos as for dmastream_memcpy(),
 * plus -EINVAL when @seg_size is larger than @len or not a multiple of the
 * FIFO width, -E2BIG when the list would have more than
 * DMASTREAM_MAX_ENTRIES entries, and the provider's error from
 * dmaengine_slave_config().
 */
struct dmastream_xfer *
dmastream_slave(struct dmastream_chan *dc, struct dmastream_buf *buf,
		size_t off, size_t len, enum dma_transfer_direction dir,
		const struct dma_slave_config *cfg,
		const struct dmastream_xfer_opts *opts)
{
	size_t seg_size = opts ? opts->seg_size : 0;
	enum dma_slave_buswidth width;
	struct dmastream_xfer *x;
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

	x = ds_xfer_new(dc, len, opts);
	if (!x)
		return ERR_PTR(-ENOMEM);
	x->op = DS_OP_SLAVE;
	x->dir = dir;
	x->cfg = *cfg;
	x->bufs[x->nbufs++] = buf;
	ret = ds_slave_list(x, buf, off, len, seg_size, ds_gfp(opts));
	if (ret) {
		ds_xfer_put(x);
		return ERR_PTR(ret);
	}
	return ds_xfer_submit(x);
}
EXPORT_SYMBOL_GPL(dmastream_slave);

/* Step @c forward @n bytes, across segments. */
static void ds_cursor_skip(struct ds_cursor *c, size_t n)
{
	size_t k;

	while (n && c->left) {
		k = min(n, c->left);
		ds_cursor_advance(c, k);
		n -= k;
	}
}

/* -EOPNOTSUPP, named in the log, if @dc's channel cannot do @cap. */
static int ds_need_cap(struct dmastream_chan *dc,
		       enum dma_transaction_type cap, const char *what)
{
	if (dma_has_cap(cap, dc->chan->device->cap_mask))
		return 0;
	dev_warn_ratelimited(dc->log_dev,
			     "%s refused: channel %s has no %s capability\n",
			     what, dma_chan_name(dc->chan),
			     cap == DMA_MEMSET ? "DMA_MEMSET" :
						 "DMA_INTERLEAVE");
	return -EOPNOTSUPP;
}

/* Split a fill into descriptors at segment boundaries. */
static int ds_memset_pieces(struct dmastream_xfer *x, struct dmastream_buf *buf,
			    size_t off, size_t len, gfp_t gfp)
{
	struct dma_device *dd = x->dc->chan->device;
	size_t max_seg = dma_get_max_seg_size(x->dc->dma_dev);
	unsigned int n = 0, pass;
	struct ds_cursor c;
	size_t left, k;

	for (pass = 0; pass < 2; pass++) {
		ds_cursor_init(&c, buf, off);
		for (left = len, n = 0; left; left -= k, n++) {
			k = min3(left, c.left, max_seg);
			if (!k)
				return -EINVAL;	/* mapping shorter than its size */
			if (!is_dma_fill_aligned(dd, c.addr, 0, k))
				return -EINVAL;
			if (pass) {
				x->pieces[n].x = x;
				x->pieces[n].dst = c.addr;
				x->pieces[n].len = k;
			}
			ds_cursor_advance(&c, k);
		}
		if (!pass) {
			x->pieces = kcalloc(n, sizeof(*x->pieces),
					    gfp | __GFP_NOWARN);
			if (!x->pieces)
				return -ENOMEM;
		}
	}
	x->npieces = n;
	x->nents = n;
	return 0;
}

/**
 * dmastream_memset() - start filling a range of a buffer with one byte
 * @dc: channel wrapper (a channel with DMA_MEMSET)
 * @buf: buffer, mapped FROM_DEVICE or BIDIRECTIONAL
 * @off: byte offset in @buf
 * @len: bytes to fill, > 0
 * @value: the byte every one of them becomes
 * @opts: timeout, callback, allocation flags (&struct dmastream_xfer_opts),
 *	or NULL for the defaults
 *
 * The fill is prepared with dmaengine_prep_dma_memset(), split at the
 * buffer's segment boundaries and at the controller's max segment size
 * into as many descriptors as needed.  The bytes outside the range are not
 * touched.  Ownership, completion and timeout behave as for
 * dmastream_memcpy(): @buf must be owned by the device and is in flight
 * until the transfer finishes; read the result after
 * dmastream_buf_begin_cpu[_range]().
 *
 * Context: any, with @opts->gfp matching it (GFP_ATOMIC in atomic context).
 * Return: the transfer (release it with dmastream_xfer_put()), or an
 * ERR_PTR(): -EOPNOTSUPP (the channel has no DMA_MEMSET capability; the
 * log names it), -EINVAL (bad arguments, alignment), -ERANGE (range
 * outside @buf), -EACCES (@buf mapped TO_DEVICE), -EXDEV (@buf mapped for
 * another controller), -EBUSY (ownership), -ESHUTDOWN (channel being
 * destroyed), -ENOMEM, -EIO (the provider refused the descriptor).
 */
struct dmastream_xfer *
dmastream_memset(struct dmastream_chan *dc, struct dmastream_buf *buf,
		 size_t off, size_t len, u8 value,
		 const struct dmastream_xfer_opts *opts)
{
	struct dmastream_xfer *x;
	int ret;

	if (!dc || !buf)
		return ERR_PTR(-EINVAL);
	ret = ds_need_cap(dc, DMA_MEMSET, "memset");
	if (!ret)
		ret = ds_check_range(buf, off, len);
	if (ret)
		return ERR_PTR(ret);
	if (!ds_dev_writes(buf))
		return ERR_PTR(-EACCES);
	if (buf->dma_dev != dc->dma_dev)
		return ERR_PTR(-EXDEV);

	x = ds_xfer_new(dc, len, opts);
	if (!x)
		return ERR_PTR(-ENOMEM);
	x->op = DS_OP_MEMSET;
	x->value = value;
	x->bufs[x->nbufs++] = buf;
	ret = ds_memset_pieces(x, buf, off, len, ds_gfp(opts));
	if (ret) {
		ds_xfer_put(x);
		return ERR_PTR(ret);
	}
	return ds_xfer_submit(x);
}
EXPORT_SYMBOL_GPL(dmastream_memset);

/* Bytes from the first frame's start to the last frame's end. */
static int ds_2d_span(size_t frames, size_t chunk, size_t stride,
		      size_t *span)
{
	if (check_mul_overflow(frames - 1, stride, span) ||
	    check_add_overflow(*span, chunk, span))
		return -ERANGE;
	return 0;
}

/*
 * Describe a 2-D copy as interleaved templates: consecutive frames whose
 * chunks each lie in one segment of both buffers, at addresses one stride
 * apart, share a template; a frame that crosses a segment boundary (or is
 * larger than the controller's max segment) is split into templates of
 * one frame.
 */
static int ds_2d_pieces(struct dmastream_xfer *x,
			struct dmastream_buf *dst, size_t dst_off,
			struct dmastream_buf *src, size_t src_off, gfp_t gfp)
{
	const struct dmastream_2d *g = &x->geom;
	struct dma_device *dd = x->dc->chan->device;
	size_t max_seg = dma_get_max_seg_size(x->dc->dma_dev);
	struct ds_piece *cur, tmp;
	unsigned int n, pass;
	struct ds_cursor s, d;
	size_t f, left, k;

	for (pass = 0; pass < 2; pass++) {
		ds_cursor_init(&s, src, src_off);
		ds_cursor_init(&d, dst, dst_off);
		cur = NULL;
		n = 0;
		for (f = 0; f < g->frames; f++) {
			if (f) {
				ds_cursor_skip(&s, g->src_stride - g->chunk);
				ds_cursor_skip(&d, g->dst_stride - g->chunk);
			}
			if (g->chunk <= min3(s.left, d.left, max_seg)) {
				if (!is_dma_copy_aligned(dd, s.addr, d.addr,
							 g->chunk))
					return -EINVAL;
				if (cur && cur->len <= U32_MAX - g->chunk &&
				    s.addr == cur->src +
					      (dma_addr_t)cur->frames *
					      g->src_stride &&
				    d.addr == cur->dst +
					      (dma_addr_t)cur->frames *
					      g->dst_stride) {
					cur->frames++;
					cur->len += g->chunk;
				} else {
					cur = pass ? &x->pieces[n] : &tmp;
					cur->x = x;
					cur->src = s.addr;
					cur->dst = d.addr;
					cur->len = g->chunk;
					cur->frames = 1;
					n++;
				}
				ds_cursor_advance(&s, g->chunk);
				ds_cursor_advance(&d, g->chunk);
				continue;
			}
			/* Crosses a segment: pieces of one part-frame each. */
			cur = NULL;
			for (left = g->chunk; left; left -= k, n++) {
				k = min3(left, s.left, d.left);
				k = min(k, max_seg);
				if (!k)
					return -EINVAL;	/* mapping too short */
				if (!is_dma_copy_aligned(dd, s.addr, d.addr, k))
					return -EINVAL;
				if (pass) {
					x->pieces[n].x = x;
					x->pieces[n].src = s.addr;
					x->pieces[n].dst = d.addr;
					x->pieces[n].len = k;
					x->pieces[n].frames = 1;
				}
				ds_cursor_advance(&s, k);
				ds_cursor_advance(&d, k);
			}
		}
		if (!pass) {
			x->pieces = kcalloc(n, sizeof(*x->pieces),
					    gfp | __GFP_NOWARN);
			if (!x->pieces)
				return -ENOMEM;
		}
	}
	x->npieces = n;
	x->nents = n;
	return 0;
}

/**
 * dmastream_interleaved() - start a 2-D (interleaved) memory copy
 * @dc: channel wrapper (a channel with DMA_INTERLEAVE)
 * @dst: destination buffer, mapped FROM_DEVICE or BIDIRECTIONAL
 * @dst_off: byte offset of the first destination frame in @dst
 * @src: source buffer, mapped TO_DEVICE or BIDIRECTIONAL; may be @dst if
 *	the two spans (first frame's start to last frame's end) do not
 *	overlap
 * @src_off: byte offset of the first source frame in @src
 * @geom: frames, chunk and strides (&struct dmastream_2d, copied)
 * @opts: timeout, callback, allocation flags (&struct dmastream_xfer_opts),
 *	or NULL for the defaults
 *
 * Copies @geom->frames chunks of @geom->chunk bytes, frame f from
 * @src_off + f * @geom->src_stride to @dst_off + f * @geom->dst_stride,
 * leaving the bytes between frames untouched: e.g. a rectangle out of a
 * larger image.  The copy is prepared with dmaengine_prep_interleaved_dma()
 * (one &struct dma_interleaved_template per run of frames that lie in one
 * DMA segment of each buffer and within the controller's max segment
 * size; a frame crossing a segment is split), so a contiguous buffer
 * takes one descriptor.  dmastream_xfer_nents() tells how many.
 * Ownership, completion and timeout behave as for dmastream_memcpy().
 *
 * Context: any, with @opts->gfp matching it (GFP_ATOMIC in atomic context).
 * Return: the transfer (release it with dmastream_xfer_put()), or an
 * ERR_PTR(): -EOPNOTSUPP (the channel has no DMA_INTERLEAVE capability;
 * the log names it), -EINVAL (no frames, empty chunk, a stride shorter
 * than the chunk, overlapping spans in one buffer, alignment), -ERANGE (a
 * frame outside its buffer), -EACCES, -EXDEV, -EBUSY, -ESHUTDOWN,
 * -ENOMEM, -EIO as for dmastream_memcpy().
 */
struct dmastream_xfer *
dmastream_interleaved(struct dmastream_chan *dc,
		      struct dmastream_buf *dst, size_t dst_off,
		      struct dmastream_buf *src, size_t src_off,
		      const struct dmastream_2d *geom,
		      const struct dmastream_xfer_opts *opts)
{
	size_t sspan, dspan, total;
	struct dmastream_xfer *x;
	int ret;

	if (!dc || !dst || !src || !geom)
		return ERR_PTR(-EINVAL);
	ret = ds_need_cap(dc, DMA_INTERLEAVE, "interleaved copy");
	if (ret)
		return ERR_PTR(ret);
	if (!geom->frames || !geom->chunk || geom->src_stride < geom->chunk ||
	    geom->dst_stride < geom->chunk)
		return ERR_PTR(-EINVAL);
	if (check_mul_overflow(geom->frames, geom->chunk, &total))
		return ERR_PTR(-ERANGE);
	ret = ds_2d_span(geom->frames, geom->chunk, geom->src_stride, &sspan);
	if (!ret)
		ret = ds_2d_span(geom->frames, geom->chunk, geom->dst_stride,
				 &dspan);
	if (!ret)
		ret = ds_check_range(src, src_off, sspan);
	if (!ret)
		ret = ds_check_range(dst, dst_off, dspan);
	if (ret)
		return ERR_PTR(ret);
	if (!ds_dev_reads(src) || !ds_dev_writes(dst))
		return ERR_PTR(-EACCES);
	if (src->dma_dev != dc->dma_dev || dst->dma_dev != dc->dma_dev)
		return ERR_PTR(-EXDEV);
	if (src == dst && src_off < dst_off + dspan &&
	    dst_off < src_off + sspan)
		return ERR_PTR(-EINVAL);

	x = ds_xfer_new(dc, total, opts);
	if (!x)
		return ERR_PTR(-ENOMEM);
	x->op = DS_OP_INTERLEAVED;
	x->geom = *geom;
	x->bufs[x->nbufs++] = src;
	if (dst != src)
		x->bufs[x->nbufs++] = dst;
	x->xt = kzalloc(struct_size(x->xt, sgl, 1), ds_gfp(opts));
	ret = x->xt ? ds_2d_pieces(x, dst, dst_off, src, src_off,
				   ds_gfp(opts)) : -ENOMEM;
	if (ret) {
		ds_xfer_put(x);
		return ERR_PTR(ret);
	}
	return ds_xfer_submit(x);
}
EXPORT_SYMBOL_GPL(dmastream_interleaved);

/**
 * dmastream_xfer_wait() - wait until a transfer has finished
 * @xfer: transfer
 *
 * Bounded by the transfer's timeout, if it has one.
 *
 * Context: process context, sleeps.
 * Return: the transfer's result: 0, -ETIMEDOUT, -ECANCELED (terminated
 * because another transfer on the channel timed out while this one ran, or
 * the channel was destroyed), -EIO (the provider reported
 * DMA_TRANS_READ_FAILED, _WRITE_FAILED or _ABORTED: a hardware fault),
 * -ENOMEM (only part of it could be prepared).
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
 * @bytes: if not NULL, set to the bytes moved: the whole length on
 *	success; after a failure, what the provider reported moved (0 from
 *	a provider that reports no residue)
 * @latency_ns: if not NULL, set to the submit-to-completion time
 *
 * Context: any.
 * Return: -EINPROGRESS if the transfer is still in flight, else its result
 * as for dmastream_xfer_wait().
 */
int dmastream_xfer_result(struct dmastream_xfer *xfer, u64 *bytes,
			  u64 *latency_ns)
{
	/* Pairs with ds_xfer_finish(): the result is set before the flag. */
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
 * dmastream_xfer_put() - release the submitter's reference to a transfer
 * @xfer: transfer, or NULL
 *
 * The transfer itself goes on if it is still in flight: its buffers stay
 * busy until it finishes (or its timeout, or dmastream_chan_destroy(),
 * ends it).  @xfer must not be used afterwards.
 *
 * Context: any, including its own &dmastream_done_fn.
 */
void dmastream_xfer_put(struct dmastream_xfer *xfer)
{
	if (xfer)
		ds_xfer_put(xfer);
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
 * @timeout_ms: 0 for the channel default
 *
 * dmastream_memcpy(), dmastream_xfer_wait() and dmastream_xfer_put() in
 * one call.
 *
 * Context: process context, sleeps.
 * Return: 0 or a negative errno from submission or completion.
 */
int dmastream_memcpy_sync(struct dmastream_chan *dc,
			  struct dmastream_buf *dst, size_t dst_off,
			  struct dmastream_buf *src, size_t src_off,
			  size_t len, unsigned int timeout_ms)
{
	const struct dmastream_xfer_opts o = { .timeout_ms = timeout_ms };
	struct dmastream_xfer *x;
	int ret;

	x = dmastream_memcpy(dc, dst, dst_off, src, src_off, len, &o);
	if (IS_ERR(x))
		return PTR_ERR(x);
	ret = dmastream_xfer_wait(x);
	dmastream_xfer_put(x);
	return ret;
}
EXPORT_SYMBOL_GPL(dmastream_memcpy_sync);

/* ---- module ---- */

static int __init ds_core_init(void)
{
	ds_debugfs = debugfs_create_dir("dmastream", NULL);
	debugfs_create_file("stats", 0400, ds_debugfs, NULL, &ds_stats_fops);
	debugfs_create_file("buffers", 0400, ds_debugfs, NULL,
			    &ds_buffers_fops);
	return 0;
}
module_init(ds_core_init);

static void __exit ds_core_exit(void)
{
	debugfs_remove_recursive(ds_debugfs);
}
module_exit(ds_core_exit);

MODULE_DESCRIPTION("dmastream: streaming-DMA client framework (library)");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DMA_BUF);
