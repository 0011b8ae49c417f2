// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/dmastream: buffers as dma-buf fds, transfers queued by ioctl and
 * reaped after poll().  Everything user space passes is checked here; the
 * device is only ever pointed at memory this module mapped for it.
 */
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/overflow.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "ds_main.h"

static unsigned short ds_dev_mode = 0600;
module_param_named(dev_mode, ds_dev_mode, ushort, 0400);
MODULE_PARM_DESC(dev_mode, "permissions of /dev/dmastream (default 0600)");

static unsigned int ds_max_buf_mb = 16;
module_param_named(max_buf_mb, ds_max_buf_mb, uint, 0600);
MODULE_PARM_DESC(max_buf_mb, "largest buffer user space may allocate, MiB");

static unsigned int ds_max_inflight = 64;
module_param_named(max_inflight, ds_max_inflight, uint, 0600);
MODULE_PARM_DESC(max_inflight, "transfers in flight per open file");

/*
 * A buffer from another exporter, attached and mapped for one controller.
 * There is at most one per dma-buf in the whole module: a second mapping of
 * the same pages would overlap the first, which the DMA API does not
 * support (DMA-API debug reports it).  So every file importing the buffer
 * shares this one mapping; each of them and each transfer naming the
 * buffer holds a reference.  Lives on ds_imports.
 */
struct ds_import {
	struct list_head node;
	struct kref ref;
	struct dma_buf *db;
	struct device *dma_dev;
	struct dmastream_buf *buf;	/* the library's mapping of @db */
};

/* One open file's reference on a shared import. */
struct ds_import_ref {
	struct list_head node;		/* on ds_file.imports */
	struct ds_import *imp;
};

/* Lock order: ds_file.lock, then ds_imports_lock. */
static LIST_HEAD(ds_imports);
static DEFINE_MUTEX(ds_imports_lock);

/* A user transfer; linked on the file's done list once finished. */
struct ds_uxfer {
	struct list_head node;
	struct ds_file *f;
	struct dmastream_xfer *x;
	struct dma_buf *db[2];
	struct ds_import *imp[2];	/* imported buffers: held mappings */
	u64 id;
	u64 user_data;
	u32 op;
	bool submitted;		/* @x is set */
	bool finished;		/* callback ran */
};

struct ds_file {
	struct ds_host *h;
	struct mutex lock;		/* imports, reaping */
	spinlock_t slock;		/* done list, counters */
	struct list_head imports;	/* struct ds_import_ref */
	struct list_head done;
	unsigned int inflight;
	u64 next_id;
	wait_queue_head_t wq;		/* transfers done, ring moved */
	/* the file's ring: changed under @lock and @slock, read under either */
	struct dmastream_ring *ring;
	struct dma_buf *fifo_db;	/* loopback FIFO, held while it lives */
	bool ring_capture;
};

static void ds_uxfer_done(struct dmastream_xfer *x, void *ctx)
{
	struct ds_uxfer *u = ctx;
	struct ds_file *f = u->f;
	unsigned long flags;

	spin_lock_irqsave(&f->slock, flags);
	u->finished = true;
	if (u->submitted) {
		list_add_tail(&u->node, &f->done);
		f->inflight--;
		/*
		 * Under f->slock: once a waiter sees the change, @f may be
		 * released (ds_release_file()), so wake before unlocking.
		 */
		wake_up_all(&f->wq);
	}
	spin_unlock_irqrestore(&f->slock, flags);
}

/* Called with ds_imports_lock held (kref_put_mutex()); drops it. */
static void ds_import_release(struct kref *ref)
{
	struct ds_import *imp = container_of(ref, struct ds_import, ref);

	list_del(&imp->node);
	mutex_unlock(&ds_imports_lock);
	/*
	 * Every user of the mapping holds an import reference (a transfer
	 * until it is reaped, a SYNC while it syncs): the buffer is idle
	 * here, whatever user space closed or unimported.  Were it not, the
	 * library refuses to free it and the mapping is left, never
	 * unmapped under the device.
	 */
	WARN_ON_ONCE(dmastream_buf_free(imp->buf));
	dma_buf_put(imp->db);
	kfree(imp);
}

/* Process context; the last reference unmaps and detaches. */
static void ds_import_put(struct ds_import *imp)
{
	if (imp)
		kref_put_mutex(&imp->ref, ds_import_release, &ds_imports_lock);
}

static void ds_uxfer_free(struct ds_uxfer *u)
{
	dmastream_xfer_put(u->x);
	if (u->db[0])
		dma_buf_put(u->db[0]);
	if (u->db[1])
		dma_buf_put(u->db[1]);
	ds_import_put(u->imp[0]);
	ds_import_put(u->imp[1]);
	kfree(u);
}

static int ds_open(struct inode *inode, struct file *file)
{
	struct ds_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	mutex_init(&f->lock);
	spin_lock_init(&f->slock);
	INIT_LIST_HEAD(&f->imports);
	INIT_LIST_HEAD(&f->done);
	init_waitqueue_head(&f->wq);
	f->next_id = 1;
	/* misc_open() left the miscdevice here. */
	f->h = container_of(file->private_data, struct ds_host, misc);
	file->private_data = f;
	mutex_lock(&f->h->lock);
	ds_memcpy_get(f->h);
	mutex_unlock(&f->h->lock);
	return 0;
}

static bool ds_file_idle(struct ds_file *f)
{
	bool idle;

	spin_lock_irq(&f->slock);
	idle = !f->inflight;
	spin_unlock_irq(&f->slock);
	return idle;
}

static void ds_ring_free(struct ds_file *f);

static int ds_release_file(struct inode *inode, struct file *file)
{
	struct ds_file *f = file->private_data;
	struct ds_import_ref *ir, *itmp;
	struct ds_uxfer *u, *utmp;

	mutex_lock(&f->lock);
	ds_ring_free(f);
	mutex_unlock(&f->lock);

	/* Bounded: every transfer ends by its timeout at the latest. */
	wait_event(f->wq, ds_file_idle(f));
	list_for_each_entry_safe(u, utmp, &f->done, node)
		ds_uxfer_free(u);
	list_for_each_entry_safe(ir, itmp, &f->imports, node) {
		ds_import_put(ir->imp);
		kfree(ir);
	}
	mutex_lock(&f->h->lock);
	ds_memcpy_put(f->h);
	mutex_unlock(&f->h->lock);
	mutex_destroy(&f->lock);
	kfree(f);
	return 0;
}

static bool ds_zero(const u32 *w, unsigned int n)
{
	while (n--)
		if (w[n])
			return false;
	return true;
}

static void ds_fill_info(struct ds_host *h, struct dmastream_chan_info *ci,
			 unsigned int role)
{
	struct dmastream_chan *dc = ds_get_chan(h, role);
	struct dma_slave_caps caps;
	struct dma_device *dd;
	struct dma_chan *chan;

	memset(ci, 0, sizeof(*ci));
	ci->role = role;
	if (IS_ERR(dc))
		return;
	chan = dmastream_chan_dma(dc);
	dd = chan->device;
	ci->present = 1;
	strscpy(ci->name, dma_chan_name(chan), sizeof(ci->name));
	strscpy(ci->device, dev_name(dd->dev), sizeof(ci->device));
	if (dma_has_cap(DMA_MEMCPY, dd->cap_mask))
		ci->caps |= DMASTREAM_CAP_MEMCPY;
	if (dma_has_cap(DMA_SLAVE, dd->cap_mask))
		ci->caps |= DMASTREAM_CAP_SLAVE;
	if (dma_has_cap(DMA_CYCLIC, dd->cap_mask))
		ci->caps |= DMASTREAM_CAP_CYCLIC;
	if (dma_has_cap(DMA_MEMSET, dd->cap_mask))
		ci->caps |= DMASTREAM_CAP_MEMSET;
	if (dma_has_cap(DMA_INTERLEAVE, dd->cap_mask))
		ci->caps |= DMASTREAM_CAP_INTERLEAVE;
	if (dma_has_cap(DMA_PRIVATE, dd->cap_mask))
		ci->caps |= DMASTREAM_CAP_PRIVATE;
	if (!dma_get_slave_caps(chan, &caps)) {
		if (caps.cmd_pause)
			ci->caps |= DMASTREAM_CAP_PAUSE;
		if (caps.cmd_terminate)
			ci->caps |= DMASTREAM_CAP_TERMINATE;
		if (caps.directions & BIT(DMA_MEM_TO_MEM))
			ci->directions |= DMASTREAM_DIRS_MEM_TO_MEM;
		if (caps.directions & BIT(DMA_MEM_TO_DEV))
			ci->directions |= DMASTREAM_DIRS_MEM_TO_DEV;
		if (caps.directions & BIT(DMA_DEV_TO_MEM))
			ci->directions |= DMASTREAM_DIRS_DEV_TO_MEM;
		ci->src_widths = caps.src_addr_widths;
		ci->dst_widths = caps.dst_addr_widths;
		ci->max_burst = caps.max_burst;
		ci->residue = caps.residue_granularity;
	}
	ci->copy_align = dd->copy_align;
	ci->max_seg = dma_get_max_seg_size(dmastream_chan_dma_device(dc));
}

static long ds_ioc_query(struct ds_host *h, void __user *arg)
{
	struct dmastream_chan *dc;
	struct dmastream_chan_info ci;
	struct dmastream_query q;
	const char *src;
	unsigned int i, n;

	if (copy_from_user(&q, arg, sizeof(q)))
		return -EFAULT;
	if (!ds_zero(q.reserved, ARRAY_SIZE(q.reserved)))
		return -EINVAL;
	n = min_t(u32, q.nr_chans, DMASTREAM_CHAN_COUNT);
	if (n && !q.chans)
		return -EFAULT;
	for (i = 0; i < n; i++) {
		ds_fill_info(h, &ci, i);
		if (copy_to_user(u64_to_user_ptr(q.chans) + i * sizeof(ci),
				 &ci, sizeof(ci)))
			return -EFAULT;
	}
	q.version = DMASTREAM_API_VERSION;
	q.nr_chans = n;
	q.flags = 0;
	q.fifo_width = 0;
	q.fifo_addr = 0;
	q.fifo_depth = 0;
	mutex_lock(&h->lock);
	if (h->client) {
		q.flags |= DMASTREAM_QF_SLAVE;
		q.fifo_width = h->client->fifo_width;
		q.fifo_addr = h->client->fifo_phys;
		if (h->client->cdns) {
			q.flags |= DMASTREAM_QF_CDNS_UART;
			q.fifo_depth = ds_fifo_depth();
		}
	}
	mutex_unlock(&h->lock);
	q.cma_size = ds_cma_pool_size(&src);
	q.max_map_size = 0;
	dc = ds_get_chan(h, DMASTREAM_CHAN_MEMCPY);
	if (!IS_ERR(dc))
		q.max_map_size = dma_max_mapping_size(dmastream_chan_dma_device(dc));
	q.max_buf_size = (u64)READ_ONCE(ds_max_buf_mb) << 20;
	q.max_inflight = READ_ONCE(ds_max_inflight);
	return copy_to_user(arg, &q, sizeof(q)) ? -EFAULT : 0;
}

static const enum dma_data_direction ds_dirs[] = {
	[DMASTREAM_DIR_TO_DEV] = DMA_TO_DEVICE,
	[DMASTREAM_DIR_FROM_DEV] = DMA_FROM_DEVICE,
	[DMASTREAM_DIR_BIDIR] = DMA_BIDIRECTIONAL,
};

/* A buffer's direction and role: a slave role moves data one way. */
static int ds_check_dir(u32 dir, u32 chan)
{
	if (!dir || dir > DMASTREAM_DIR_BIDIR || chan >= DMASTREAM_CHAN_COUNT)
		return -EINVAL;
	if ((chan == DMASTREAM_CHAN_TX && dir != DMASTREAM_DIR_TO_DEV) ||
	    (chan == DMASTREAM_CHAN_RX && dir != DMASTREAM_DIR_FROM_DEV))
		return -EINVAL;
	return 0;
}

/*
 * Export @buf as a dma-buf, reserve an fd, let @copy_out tell user space,
 * then install it.  On error @buf is freed.
 */
static long ds_export_fd(struct dmastream_buf *buf, s32 *fdp,
			 int (*copy_out)(void __user *arg, const void *k),
			 void __user *arg, const void *karg)
{
	struct dma_buf *db;
	int fd;

	db = dmastream_buf_export(buf);
	if (IS_ERR(db)) {
		dmastream_buf_free(buf);
		return PTR_ERR(db);
	}
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		dma_buf_put(db);
		return fd;
	}
	*fdp = fd;
	if (copy_out(arg, karg)) {
		put_unused_fd(fd);
		dma_buf_put(db);
		return -EFAULT;
	}
	fd_install(fd, db->file);
	return 0;
}

static int ds_copy_alloc(void __user *arg, const void *k)
{
	return copy_to_user(arg, k, sizeof(struct dmastream_alloc));
}

static int ds_copy_import_user(void __user *arg, const void *k)
{
	return copy_to_user(arg, k, sizeof(struct dmastream_import_user));
}

static long ds_ioc_alloc(struct ds_host *h, void __user *arg)
{
	struct dmastream_alloc a;
	struct dmastream_chan *dc;
	struct dmastream_buf *buf;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	if (!ds_zero(a.reserved, ARRAY_SIZE(a.reserved)))
		return -EINVAL;
	if (!a.size || a.kind > DMASTREAM_BUF_CMA ||
	    ds_check_dir(a.dir, a.chan))
		return -EINVAL;
	if (a.size > ((u64)READ_ONCE(ds_max_buf_mb) << 20))
		return -E2BIG;
	dc = ds_get_chan(h, a.chan);
	if (IS_ERR(dc))
		return PTR_ERR(dc);
	/* Whole pages: mmap() works on them and nothing else shares them. */
	buf = dmastream_buf_alloc(dc, PAGE_ALIGN(a.size), a.kind,
				  ds_dirs[a.dir]);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	a.nents = dmastream_buf_nents(buf);
	return ds_export_fd(buf, &a.fd, ds_copy_alloc, arg, &a);
}

static long ds_ioc_import_user(struct ds_host *h, void __user *arg)
{
	struct dmastream_import_user iu;
	struct dmastream_chan *dc;
	struct dmastream_buf *buf;

	if (copy_from_user(&iu, arg, sizeof(iu)))
		return -EFAULT;
	if (!ds_zero(iu.reserved, ARRAY_SIZE(iu.reserved)) || !iu.size ||
	    ds_check_dir(iu.dir, iu.chan))
		return -EINVAL;
	if (iu.size > ((u64)READ_ONCE(ds_max_buf_mb) << 20))
		return -E2BIG;
	if (iu.addr > ULONG_MAX || iu.addr + iu.size < iu.addr)
		return -EFAULT;
	dc = ds_get_chan(h, iu.chan);
	if (IS_ERR(dc))
		return PTR_ERR(dc);
	buf = dmastream_buf_pin_user(dc, (unsigned long)iu.addr, iu.size,
				     ds_dirs[iu.dir]);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	iu.nents = dmastream_buf_nents(buf);
	return ds_export_fd(buf, &iu.fd, ds_copy_import_user, arg, &iu);
}

static long ds_ioc_segments(void __user *arg)
{
	struct dmastream_segments q;
	struct dmastream_segment seg;
	struct dmastream_buf *buf;
	struct dma_buf *db;
	unsigned int i;
	dma_addr_t addr;
	size_t len;
	long ret = 0;

	if (copy_from_user(&q, arg, sizeof(q)))
		return -EFAULT;
	if (q.reserved || q.count)
		return -EINVAL;
	db = dma_buf_get(q.fd);
	if (IS_ERR(db))
		return PTR_ERR(db);
	buf = dmastream_buf_from_dmabuf(db);
	if (!buf) {
		ret = -ENOENT;
		goto out;
	}
	q.count = dmastream_buf_nents(buf);
	for (i = 0; i < q.count && i < q.max; i++) {
		dmastream_buf_segment(buf, i, &addr, &len);
		seg.dma_addr = addr;
		seg.len = len;
		if (copy_to_user(u64_to_user_ptr(q.segs) + i * sizeof(seg),
				 &seg, sizeof(seg))) {
			ret = -EFAULT;
			goto out;
		}
	}
	if (copy_to_user(arg, &q, sizeof(q)))
		ret = -EFAULT;
out:
	dma_buf_put(db);
	return ret;
}

/* Caller holds f->lock: this file's reference on @db, if it has one. */
static struct ds_import_ref *ds_find_import(struct ds_file *f,
					    struct dma_buf *db)
{
	struct ds_import_ref *ir;

	list_for_each_entry(ir, &f->imports, node)
		if (ir->imp->db == db)
			return ir;
	return NULL;
}

/*
 * The buffer behind @db: ours, or this file's import of it (then *@impp
 * holds a new reference on the import).  NULL if neither.
 */
static struct dmastream_buf *ds_resolve(struct ds_file *f, struct dma_buf *db,
					struct ds_import **impp)
{
	struct dmastream_buf *buf = dmastream_buf_from_dmabuf(db);
	struct ds_import_ref *ir;

	*impp = NULL;
	if (buf)
		return buf;
	mutex_lock(&f->lock);
	ir = ds_find_import(f, db);
	if (ir) {
		*impp = ir->imp;
		kref_get(&ir->imp->ref);
		buf = ir->imp->buf;
	}
	mutex_unlock(&f->lock);
	return buf;
}

/*
 * The module's one mapping of @db for @dma_dev, with a new reference:
 * shared if some file imported it already, else attached and mapped now.
 * -EBUSY if it is mapped for another controller (the mappings would
 * overlap).
 */
static struct ds_import *ds_import_get(struct dma_buf *db,
				       struct dmastream_chan *dc)
{
	struct device *dma_dev = dmastream_chan_dma_device(dc);
	struct ds_import *imp;
	long ret;

	mutex_lock(&ds_imports_lock);
	list_for_each_entry(imp, &ds_imports, node) {
		if (imp->db != db)
			continue;
		if (imp->dma_dev != dma_dev)
			imp = ERR_PTR(-EBUSY);
		else
			kref_get(&imp->ref);
		goto out;
	}
	imp = kzalloc(sizeof(*imp), GFP_KERNEL);
	if (!imp) {
		imp = ERR_PTR(-ENOMEM);
		goto out;
	}
	kref_init(&imp->ref);
	imp->db = db;
	imp->dma_dev = dma_dev;
	/*
	 * Bidirectional (the library maps imports so): one mapping is shared
	 * by every file importing the buffer, and each may read or write it.
	 * The exporter's CPU syncs use the access direction.
	 */
	imp->buf = dmastream_buf_import(dc, db);
	if (IS_ERR(imp->buf)) {
		ret = PTR_ERR(imp->buf);
		kfree(imp);
		imp = ERR_PTR(ret);
		goto out;
	}
	get_dma_buf(db);
	list_add_tail(&imp->node, &ds_imports);
out:
	mutex_unlock(&ds_imports_lock);
	return imp;
}

static long ds_ioc_import(struct ds_file *f, void __user *arg)
{
	struct dmastream_import im;
	struct dmastream_chan *dc;
	struct ds_import_ref *ir;
	struct ds_import *imp;
	struct dma_buf *db;
	long ret;

	if (copy_from_user(&im, arg, sizeof(im)))
		return -EFAULT;
	if (!ds_zero(im.reserved, ARRAY_SIZE(im.reserved)) ||
	    im.chan >= DMASTREAM_CHAN_COUNT)
		return -EINVAL;
	dc = ds_get_chan(f->h, im.chan);
	if (IS_ERR(dc))
		return PTR_ERR(dc);
	db = dma_buf_get(im.fd);
	if (IS_ERR(db))
		return PTR_ERR(db);
	if (dmastream_buf_from_dmabuf(db)) {
		ret = -EEXIST;		/* our own buffers need no import */
		goto err_put;
	}
	ir = kzalloc(sizeof(*ir), GFP_KERNEL);
	if (!ir) {
		ret = -ENOMEM;
		goto err_put;
	}
	mutex_lock(&f->lock);
	if (ds_find_import(f, db)) {
		ret = -EEXIST;		/* this file has it already */
		goto err_unlock;
	}
	imp = ds_import_get(db, dc);
	if (IS_ERR(imp)) {
		ret = PTR_ERR(imp);
		goto err_unlock;
	}
	im.size = db->size;
	im.nents = dmastream_buf_nents(imp->buf);
	if (copy_to_user(arg, &im, sizeof(im))) {
		ret = -EFAULT;
		ds_import_put(imp);
		goto err_unlock;
	}
	ir->imp = imp;
	list_add_tail(&ir->node, &f->imports);
	mutex_unlock(&f->lock);
	dma_buf_put(db);	/* the import holds its own reference */
	return 0;

err_unlock:
	mutex_unlock(&f->lock);
	kfree(ir);
err_put:
	dma_buf_put(db);
	return ret;
}

static long ds_ioc_unimport(struct ds_file *f, void __user *arg)
{
	struct ds_import_ref *ir;
	struct dma_buf *db;
	s32 fd;

	if (get_user(fd, (s32 __user *)arg))
		return -EFAULT;
	db = dma_buf_get(fd);
	if (IS_ERR(db))
		return PTR_ERR(db);
	mutex_lock(&f->lock);
	ir = ds_find_import(f, db);
	if (ir) {
		list_del(&ir->node);
		/* Transfers in flight hold their own references. */
		ds_import_put(ir->imp);
	}
	mutex_unlock(&f->lock);
	dma_buf_put(db);
	if (!ir)
		return -ENOENT;
	kfree(ir);
	return 0;
}

/*
 * Resolve a user fd to a buffer mapped for @dma_dev; on success *@dbp holds
 * a dma-buf reference that keeps the buffer alive for the transfer.
 */
static int ds_lookup(struct ds_file *f, s32 fd, struct device *dma_dev,
		     struct dmastream_buf **bufp, struct dma_buf **dbp,
		     struct ds_import **impp)
{
	struct ds_import *imp = NULL;
	struct dmastream_buf *buf;
	struct dma_buf *db;

	if (fd < 0)
		return -EBADF;
	db = dma_buf_get(fd);
	if (IS_ERR(db))
		return PTR_ERR(db);	/* -EBADF, or -EINVAL: not a dma-buf */
	/* An import is held by the transfer: UNIMPORT cannot unmap it. */
	buf = ds_resolve(f, db, &imp);
	if (!buf) {
		dma_buf_put(db);
		return -ENOENT;	/* foreign and not imported */
	}
	if (dmastream_buf_dma_device(buf) != dma_dev) {
		ds_import_put(imp);
		dma_buf_put(db);
		return -EXDEV;
	}
	*bufp = buf;
	*dbp = db;
	*impp = imp;
	return 0;
}

static_assert(DMASTREAM_MAX_SEG_ENTRIES == DMASTREAM_MAX_ENTRIES);

/* The end of an interleaved side's last frame must fit a size_t. */
static int ds_check_2d_side(u64 off, u32 frames, u32 stride, u64 chunk)
{
	u64 end;

	if (check_mul_overflow((u64)frames - 1, (u64)stride, &end) ||
	    check_add_overflow(end, chunk, &end) ||
	    check_add_overflow(end, off, &end) || end > SIZE_MAX)
		return -EOVERFLOW;
	return 0;
}

static int ds_check_submit(const struct dmastream_submit *s)
{
	if (s->flags || s->reserved[0])
		return -EINVAL;
	if (s->op > DMASTREAM_OP_INTERLEAVED || !s->len)
		return -EINVAL;
	if (s->op != DMASTREAM_OP_INTERLEAVED && s->dst_stride)
		return -EINVAL;
	if ((s->op == DMASTREAM_OP_MEMCPY || s->op == DMASTREAM_OP_MEMSET) &&
	    s->seg_size)
		return -EINVAL;
	if (s->op == DMASTREAM_OP_MEMSET && s->value > 0xff)
		return -EINVAL;
	if (s->op == DMASTREAM_OP_INTERLEAVED &&
	    (!s->frames || s->src_stride < s->len || s->dst_stride < s->len))
		return -EINVAL;
	/* size_t is 32 bits here: refuse what would be truncated. */
	if (s->len > SIZE_MAX || s->src_off > SIZE_MAX ||
	    s->dst_off > SIZE_MAX)
		return -EOVERFLOW;
	if (s->op == DMASTREAM_OP_MEMCPY && (s->src_off + s->len < s->len ||
					     s->dst_off + s->len < s->len))
		return -EOVERFLOW;
	if (s->op == DMASTREAM_OP_MEMSET && s->dst_off + s->len < s->len)
		return -EOVERFLOW;
	if (s->op == DMASTREAM_OP_INTERLEAVED &&
	    (ds_check_2d_side(s->src_off, s->frames, s->src_stride, s->len) ||
	     ds_check_2d_side(s->dst_off, s->frames, s->dst_stride, s->len)))
		return -EOVERFLOW;
	return 0;
}

static long ds_ioc_submit(struct ds_file *f, void __user *arg)
{
	static const u32 role[] = {
		[DMASTREAM_OP_MEMCPY] = DMASTREAM_CHAN_MEMCPY,
		[DMASTREAM_OP_TX] = DMASTREAM_CHAN_TX,
		[DMASTREAM_OP_RX] = DMASTREAM_CHAN_RX,
		[DMASTREAM_OP_MEMSET] = DMASTREAM_CHAN_MEMCPY,
		[DMASTREAM_OP_INTERLEAVED] = DMASTREAM_CHAN_MEMCPY,
	};
	struct dmastream_xfer_opts opts = { .done = ds_uxfer_done };
	struct dmastream_2d geom;
	struct dmastream_buf *src = NULL, *dst = NULL;
	struct dma_slave_config cfg;
	struct dmastream_submit s;
	struct dmastream_chan *dc;
	struct dmastream_xfer *x;
	struct device *dma_dev;
	struct ds_uxfer *u;
	long ret;

	if (copy_from_user(&s, arg, sizeof(s)))
		return -EFAULT;
	ret = ds_check_submit(&s);
	if (ret)
		return ret;
	if (s.timeout_ms > DMASTREAM_MAX_TIMEOUT_MS)
		return -EINVAL;
	if (!s.timeout_ms)
		s.timeout_ms = clamp(READ_ONCE(ds_timeout_ms), 1U,
				     DMASTREAM_MAX_TIMEOUT_MS);
	dc = ds_get_chan(f->h, role[s.op]);
	if (IS_ERR(dc))
		return PTR_ERR(dc);
	dma_dev = dmastream_chan_dma_device(dc);

	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (!u)
		return -ENOMEM;
	u->f = f;
	u->op = s.op;
	u->user_data = s.user_data;
	if (s.op != DMASTREAM_OP_RX && s.op != DMASTREAM_OP_MEMSET) {
		ret = ds_lookup(f, s.src_fd, dma_dev, &src, &u->db[0],
				&u->imp[0]);
		if (ret)
			goto err_free;
	}
	if (s.op != DMASTREAM_OP_TX) {
		ret = ds_lookup(f, s.dst_fd, dma_dev, &dst, &u->db[1],
				&u->imp[1]);
		if (ret)
			goto err_free;
	}
	if (s.op == DMASTREAM_OP_TX || s.op == DMASTREAM_OP_RX) {
		ret = ds_slave_config(f->h, s.op == DMASTREAM_OP_TX ?
				      DMA_MEM_TO_DEV : DMA_DEV_TO_MEM,
				      s.burst ? s.burst : 1, &cfg);
		if (ret)
			goto err_free;
	}

	spin_lock_irq(&f->slock);
	if (f->inflight >= READ_ONCE(ds_max_inflight)) {
		spin_unlock_irq(&f->slock);
		ret = -EAGAIN;
		goto err_free;
	}
	f->inflight++;
	u->id = f->next_id++;
	s.id = u->id;
	spin_unlock_irq(&f->slock);

	opts.timeout_ms = s.timeout_ms;
	opts.ctx = u;
	switch (s.op) {
	case DMASTREAM_OP_MEMCPY:
		x = dmastream_submit_memcpy(dc, dst, s.dst_off, src, s.src_off,
					    s.len, s.timeout_ms,
					    ds_uxfer_done, u);
		break;
	case DMASTREAM_OP_TX:
		x = dmastream_submit_slave_sg(dc, src, s.src_off, s.len,
					      s.seg_size, DMA_MEM_TO_DEV, &cfg,
					      s.timeout_ms, ds_uxfer_done, u);
		break;
	case DMASTREAM_OP_RX:
		x = dmastream_submit_slave_sg(dc, dst, s.dst_off, s.len,
					      s.seg_size, DMA_DEV_TO_MEM, &cfg,
					      s.timeout_ms, ds_uxfer_done, u);
		break;
	case DMASTREAM_OP_MEMSET:
		x = dmastream_memset(dc, dst, s.dst_off, s.len, s.value, &opts);
		break;
	default:
		geom.frames = s.frames;
		geom.chunk = s.len;
		geom.src_stride = s.src_stride;
		geom.dst_stride = s.dst_stride;
		x = dmastream_interleaved(dc, dst, s.dst_off, src, s.src_off,
					  &geom, &opts);
		break;
	}
	if (IS_ERR(x)) {
		ret = PTR_ERR(x);
		/*
		 * It was counted in flight: a REAP_WAIT that saw it must be
		 * woken now that the count may have dropped to zero.
		 */
		spin_lock_irq(&f->slock);
		f->inflight--;
		wake_up_all(&f->wq);
		spin_unlock_irq(&f->slock);
		goto err_free;
	}

	/* Not queued for reaping before the lock below: @x is still ours. */
	s.nents = dmastream_xfer_nents(x);

	/*
	 * The callback may have run already: whoever comes second queues it.
	 * Once queued (here or by the callback), another thread may reap and
	 * free @u: it is not touched after the unlock (s.id was set above).
	 */
	spin_lock_irq(&f->slock);
	u->x = x;
	u->submitted = true;
	if (u->finished) {
		list_add_tail(&u->node, &f->done);
		f->inflight--;
		wake_up_all(&f->wq);
	}
	spin_unlock_irq(&f->slock);

	/* The transfer runs regardless; an unreadable id is the caller's loss. */
	if (copy_to_user(arg, &s, sizeof(s)))
		return -EFAULT;
	return 0;

err_free:
	ds_uxfer_free(u);
	return ret;
}

/* Caller holds f->slock. */
static bool ds_reap_ready(struct ds_file *f)
{
	lockdep_assert_held(&f->slock);
	return !list_empty(&f->done) || !f->inflight;
}

/*
 * Wait until a finished transfer waits to be reaped or none is in flight.
 * The condition is re-evaluated under f->slock, the lock every path that
 * queues a finished transfer or drops f->inflight holds while it wakes
 * f->wq, so no wakeup is lost.  Interruptible: never blocks for good.
 */
static int ds_reap_wait(struct ds_file *f)
{
	int ret;

	spin_lock_irq(&f->slock);
	ret = wait_event_interruptible_lock_irq(f->wq, ds_reap_ready(f),
						f->slock);
	spin_unlock_irq(&f->slock);
	return ret;
}

static long ds_ioc_reap(struct ds_file *f, void __user *arg)
{
	struct dmastream_status st;
	struct dmastream_reap r;
	struct dmastream_status __user *out;
	struct ds_uxfer *u;
	long ret = 0;

	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	if (!r.max || r.flags & ~DMASTREAM_REAP_WAIT || r.count || r.inflight)
		return -EINVAL;
	out = u64_to_user_ptr(r.status);
	if (r.flags & DMASTREAM_REAP_WAIT && ds_reap_wait(f))
		return -ERESTARTSYS;

	mutex_lock(&f->lock);
	while (r.count < r.max) {
		spin_lock_irq(&f->slock);
		u = list_first_entry_or_null(&f->done, struct ds_uxfer, node);
		spin_unlock_irq(&f->slock);
		if (!u)
			break;
		memset(&st, 0, sizeof(st));
		st.id = u->id;
		st.user_data = u->user_data;
		st.op = u->op;
		st.result = dmastream_xfer_result(u->x, &st.bytes,
						  &st.latency_ns);
		/* Only a status that reached user space is consumed. */
		if (copy_to_user(out + r.count, &st, sizeof(st))) {
			ret = -EFAULT;
			break;
		}
		spin_lock_irq(&f->slock);
		list_del(&u->node);
		spin_unlock_irq(&f->slock);
		ds_uxfer_free(u);
		r.count++;
	}
	mutex_unlock(&f->lock);
	spin_lock_irq(&f->slock);
	r.inflight = f->inflight;
	spin_unlock_irq(&f->slock);
	if (ret)
		return ret;
	return copy_to_user(arg, &r, sizeof(r)) ? -EFAULT : 0;
}

static long ds_ioc_sync(struct ds_file *f, void __user *arg)
{
	struct dmastream_buf *buf = NULL;
	struct ds_import *imp = NULL;
	struct dmastream_sync sy;
	unsigned int access = 0;
	struct dma_buf *db;
	size_t size;
	long ret;

	if (copy_from_user(&sy, arg, sizeof(sy)))
		return -EFAULT;
	if (sy.flags & ~(DMASTREAM_SYNC_START | DMASTREAM_SYNC_END |
			 DMASTREAM_SYNC_READ | DMASTREAM_SYNC_WRITE) ||
	    !(sy.flags & DMASTREAM_SYNC_START) ==
	    !(sy.flags & DMASTREAM_SYNC_END))
		return -EINVAL;
	db = dma_buf_get(sy.fd);
	if (IS_ERR(db))
		return PTR_ERR(db);
	buf = ds_resolve(f, db, &imp);
	ret = -ENOENT;
	if (!buf)
		goto out;
	size = dmastream_buf_size(buf);
	ret = -ERANGE;
	if (sy.off >= size || sy.len > size - sy.off)
		goto out;
	if (!sy.len)
		sy.len = size - sy.off;
	if (sy.flags & DMASTREAM_SYNC_READ)
		access |= DMASTREAM_CPU_READ;
	if (sy.flags & DMASTREAM_SYNC_WRITE)
		access |= DMASTREAM_CPU_WRITE;
	if (sy.flags & DMASTREAM_SYNC_START)
		ret = dmastream_buf_begin_cpu_range(buf, sy.off, sy.len, access);
	else
		ret = dmastream_buf_end_cpu_range(buf, sy.off, sy.len);
out:
	ds_import_put(imp);
	dma_buf_put(db);
	return ret;
}

static long ds_ioc_fifo_wait(struct ds_host *h, void __user *arg)
{
	struct dmastream_fifo fw;
	int ret;

	if (copy_from_user(&fw, arg, sizeof(fw)))
		return -EFAULT;
	if (fw.flags & ~DMASTREAM_FIFO_FLUSH || fw.flushed)
		return -EINVAL;
	if (!fw.bytes && !(fw.flags & DMASTREAM_FIFO_FLUSH))
		return -EINVAL;
	if (fw.timeout_ms > DMASTREAM_MAX_TIMEOUT_MS)
		return -EINVAL;
	ret = ds_fifo_wait(h, fw.bytes, fw.timeout_ms ? fw.timeout_ms : 5000,
			   fw.flags & DMASTREAM_FIFO_FLUSH, &fw.flushed);
	if (copy_to_user(arg, &fw, sizeof(fw)))
		return -EFAULT;
	return ret;
}

/* ---- streaming rings ---- */

/* The ring moved (any context): wake poll() and blocked dequeues. */
static void ds_ring_notify(struct dmastream_ring *ring, void *ctx)
{
	struct ds_file *f = ctx;

	wake_up_all(&f->wq);
}

/* f->lock held. */
static void ds_ring_free(struct ds_file *f)
{
	struct dmastream_ring *ring = f->ring;

	lockdep_assert_held(&f->lock);
	if (!ring)
		return;
	spin_lock_irq(&f->slock);
	f->ring = NULL;
	spin_unlock_irq(&f->slock);
	wake_up_all(&f->wq);		/* a blocked dequeue finds none */
	/* Its dma-buf reference goes: the last one (no fd) frees the buffer. */
	dmastream_ring_destroy(ring);
	if (f->fifo_db)
		dma_buf_put(f->fifo_db);
	f->fifo_db = NULL;
}

/* What poll() reports of the file's ring; any context but hard IRQ. */
static __poll_t ds_ring_poll(struct ds_file *f)
{
	struct dmastream_ring_status st;
	__poll_t mask = 0;

	spin_lock_irq(&f->slock);
	if (f->ring) {
		dmastream_ring_status(f->ring, &st);
		if (st.available)
			mask |= f->ring_capture ? EPOLLIN | EPOLLRDNORM :
						  EPOLLOUT | EPOLLWRNORM;
		if (st.stopped)
			mask |= EPOLLHUP;
		if (st.error)
			mask |= EPOLLERR;
	}
	spin_unlock_irq(&f->slock);
	return mask;
}

/* A blocked dequeue may go on: something to take, or no ring (any more). */
static bool ds_ring_ready(struct ds_file *f)
{
	bool gone;

	spin_lock_irq(&f->slock);
	gone = !f->ring;
	spin_unlock_irq(&f->slock);
	return gone || ds_ring_poll(f) & (EPOLLIN | EPOLLOUT | EPOLLHUP |
					  EPOLLERR);
}

/*
 * The loopback FIFO: a buffer of ours mapped for @dma_dev, first word.  It
 * stands in for a peripheral register, so it is not claimed in flight:
 * the CPU plays the peripheral with DMA_BUF_IOCTL_SYNC on it while the
 * ring runs (dmastream stream --loopback).  What keeps the device's
 * memory alive is *@dbp, the file's reference, dropped only after the
 * ring is destroyed (its channel terminated): see ds_ring_free().
 */
static int ds_ring_fifo(struct ds_file *f, s32 fd, struct device *dma_dev,
			bool capture, struct dma_slave_config *cfg,
			struct dma_buf **dbp)
{
	struct ds_import *imp = NULL;
	struct dmastream_buf *buf;
	enum dma_data_direction dir;
	struct dma_buf *db;
	dma_addr_t addr;
	size_t len;
	int ret;

	ret = ds_lookup(f, fd, dma_dev, &buf, &db, &imp);
	if (ret)
		return ret;
	ret = -EINVAL;
	if (imp || dmastream_buf_segment(buf, 0, &addr, &len) || len < 4)
		goto err;
	dir = dmastream_buf_dir(buf);
	ret = -EACCES;
	if (capture ? dir == DMA_FROM_DEVICE : dir == DMA_TO_DEVICE)
		goto err;
	cfg->src_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES;
	cfg->dst_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES;
	if (capture)
		cfg->src_addr = addr;
	else
		cfg->dst_addr = addr;
	*dbp = db;
	return 0;
err:
	ds_import_put(imp);
	dma_buf_put(db);
	return ret;
}

static long ds_ioc_ring_create(struct ds_file *f, void __user *arg)
{
	struct dmastream_ring_config rc = { };
	struct dma_buf *fifo_db = NULL, *db;
	struct dmastream_ring_setup rs;
	struct dmastream_ring *ring;
	struct dmastream_chan *dc;
	struct dmastream_buf *buf;
	bool capture;
	u64 bytes;
	int fd;
	long ret;

	if (copy_from_user(&rs, arg, sizeof(rs)))
		return -EFAULT;
	if (!ds_zero(rs.reserved, ARRAY_SIZE(rs.reserved)) || rs.flags ||
	    rs.dir > DMASTREAM_RING_PLAYBACK || rs.periods < 2 ||
	    rs.periods > DMASTREAM_RING_MAX_PERIODS || !rs.period_bytes ||
	    rs.burst > 256)
		return -EINVAL;
	bytes = (u64)rs.periods * rs.period_bytes;
	if (bytes > ((u64)READ_ONCE(ds_max_buf_mb) << 20))
		return -E2BIG;
	capture = rs.dir == DMASTREAM_RING_CAPTURE;
	dc = ds_get_chan(f->h, capture ? DMASTREAM_CHAN_RX :
					 DMASTREAM_CHAN_TX);
	if (IS_ERR(dc))
		return PTR_ERR(dc);
	rc.dir = capture ? DMA_DEV_TO_MEM : DMA_MEM_TO_DEV;
	rc.periods = rs.periods;
	rc.period_bytes = rs.period_bytes;
	rc.notify = ds_ring_notify;
	rc.ctx = f;
	if (rs.fifo_fd >= 0) {
		ret = ds_ring_fifo(f, rs.fifo_fd, dmastream_chan_dma_device(dc),
				   capture, &rc.slave, &fifo_db);
		rc.slave.src_maxburst = rs.burst ? rs.burst : 1;
		rc.slave.dst_maxburst = rc.slave.src_maxburst;
	} else {
		ret = ds_slave_config(f->h, rc.dir, rs.burst ? rs.burst : 1,
				      &rc.slave);
	}
	if (ret)
		return ret;
	rc.slave.direction = rc.dir;

	mutex_lock(&f->lock);
	ret = -EEXIST;
	if (f->ring)
		goto err_unlock;
	buf = dmastream_buf_alloc(dc, PAGE_ALIGN(bytes), DMASTREAM_KIND_SINGLE,
				  capture ? DMA_FROM_DEVICE : DMA_TO_DEVICE);
	ret = PTR_ERR(buf);
	if (IS_ERR(buf))
		goto err_unlock;
	/* Exported first: the ring then holds the dma-buf while it lives. */
	db = dmastream_buf_export(buf);
	ret = PTR_ERR(db);
	if (IS_ERR(db)) {
		dmastream_buf_free(buf);
		goto err_unlock;
	}
	ring = dmastream_ring_create(dc, buf, &rc);
	ret = PTR_ERR(ring);
	if (IS_ERR(ring))
		goto err_db;
	fd = get_unused_fd_flags(O_CLOEXEC);
	ret = fd;
	if (fd < 0)
		goto err_ring;
	rs.fd = fd;
	if (copy_to_user(arg, &rs, sizeof(rs))) {
		put_unused_fd(fd);
		ret = -EFAULT;
		goto err_ring;
	}
	fd_install(fd, db->file);	/* our reference becomes the fd's */
	spin_lock_irq(&f->slock);
	f->ring = ring;
	spin_unlock_irq(&f->slock);
	f->fifo_db = fifo_db;
	f->ring_capture = capture;
	mutex_unlock(&f->lock);
	return 0;

err_ring:
	dmastream_ring_destroy(ring);
err_db:
	dma_buf_put(db);		/* the last reference: frees the buffer */
err_unlock:
	mutex_unlock(&f->lock);
	if (fifo_db)
		dma_buf_put(fifo_db);
	return ret;
}

/* START, STOP, DESTROY. */
static long ds_ioc_ring_ctl(struct ds_file *f, unsigned int cmd)
{
	long ret = -ENOENT;

	mutex_lock(&f->lock);
	if (f->ring) {
		if (cmd == DMASTREAM_IOC_RING_START) {
			ret = dmastream_ring_start(f->ring);
		} else if (cmd == DMASTREAM_IOC_RING_STOP) {
			ret = dmastream_ring_stop(f->ring);
		} else {
			ds_ring_free(f);
			ret = 0;
		}
	}
	mutex_unlock(&f->lock);
	return ret;
}

static int ds_ring_try_dequeue(struct ds_file *f,
			       struct dmastream_ring_period *p)
{
	int ret = -ENOENT;

	mutex_lock(&f->lock);
	if (f->ring)
		ret = dmastream_ring_dequeue(f->ring, p);
	mutex_unlock(&f->lock);
	return ret;
}

static long ds_ioc_ring_dequeue(struct ds_file *f, void __user *arg)
{
	struct dmastream_ring_period kp;
	struct dmastream_period up;
	long ret, left;

	if (copy_from_user(&up, arg, sizeof(up)))
		return -EFAULT;
	if (up.flags & ~DMASTREAM_RING_WAIT ||
	    up.timeout_ms > DMASTREAM_MAX_TIMEOUT_MS)
		return -EINVAL;
	left = msecs_to_jiffies(up.timeout_ms ? up.timeout_ms : 5000);
	for (;;) {
		ret = ds_ring_try_dequeue(f, &kp);
		if (ret != -EAGAIN || !(up.flags & DMASTREAM_RING_WAIT))
			break;
		left = wait_event_interruptible_timeout(f->wq,
							ds_ring_ready(f),
							left);
		if (left < 0)
			return left;		/* -ERESTARTSYS */
		if (!left) {
			ret = ds_ring_try_dequeue(f, &kp);
			if (ret == -EAGAIN)
				ret = -ETIMEDOUT;
			break;
		}
	}
	if (ret)
		return ret;
	up.index = kp.index;
	up.seq = kp.seq;
	up.offset = kp.offset;
	up.len = kp.len;
	up.t_done_ns = kp.t_done_ns;
	up.result = 0;
	return copy_to_user(arg, &up, sizeof(up)) ? -EFAULT : 0;
}

static long ds_ioc_ring_queue(struct ds_file *f, void __user *arg)
{
	struct dmastream_period up;
	long ret = -ENOENT;

	if (copy_from_user(&up, arg, sizeof(up)))
		return -EFAULT;
	if (up.flags)
		return -EINVAL;
	mutex_lock(&f->lock);
	if (f->ring)
		ret = dmastream_ring_queue(f->ring, up.index);
	mutex_unlock(&f->lock);
	if (ret < 0)
		return ret;
	up.result = ret;
	return copy_to_user(arg, &up, sizeof(up)) ? -EFAULT : 0;
}

static long ds_ioc_ring_status(struct ds_file *f, void __user *arg)
{
	struct dmastream_ring_status st;
	struct dmastream_ring_info ri = { };

	mutex_lock(&f->lock);
	if (!f->ring) {
		mutex_unlock(&f->lock);
		return -ENOENT;
	}
	dmastream_ring_status(f->ring, &st);
	mutex_unlock(&f->lock);
	ri.periods = st.periods;
	ri.period_bytes = st.period_bytes;
	ri.hw_periods = st.hw_periods;
	ri.hw_index = st.hw_index;
	ri.available = st.available;
	ri.held = st.held;
	ri.running = st.running;
	ri.overruns = st.overruns;
	ri.underruns = st.underruns;
	ri.clobbered = st.clobbered;
	ri.dequeued = st.dequeued;
	ri.queued = st.queued;
	ri.callbacks = st.callbacks;
	ri.laps = st.laps;
	ri.error = st.error;
	return copy_to_user(arg, &ri, sizeof(ri)) ? -EFAULT : 0;
}

static long ds_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ds_file *f = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case DMASTREAM_IOC_QUERY:
		return ds_ioc_query(f->h, uarg);
	case DMASTREAM_IOC_ALLOC:
		return ds_ioc_alloc(f->h, uarg);
	case DMASTREAM_IOC_IMPORT:
		return ds_ioc_import(f, uarg);
	case DMASTREAM_IOC_UNIMPORT:
		return ds_ioc_unimport(f, uarg);
	case DMASTREAM_IOC_SUBMIT:
		return ds_ioc_submit(f, uarg);
	case DMASTREAM_IOC_REAP:
		return ds_ioc_reap(f, uarg);
	case DMASTREAM_IOC_FIFO_WAIT:
		return ds_ioc_fifo_wait(f->h, uarg);
	case DMASTREAM_IOC_IMPORT_USER:
		return ds_ioc_import_user(f->h, uarg);
	case DMASTREAM_IOC_SEGMENTS:
		return ds_ioc_segments(uarg);
	case DMASTREAM_IOC_SYNC:
		return ds_ioc_sync(f, uarg);
	case DMASTREAM_IOC_RING_CREATE:
		return ds_ioc_ring_create(f, uarg);
	case DMASTREAM_IOC_RING_START:
	case DMASTREAM_IOC_RING_STOP:
	case DMASTREAM_IOC_RING_DESTROY:
		return ds_ioc_ring_ctl(f, cmd);
	case DMASTREAM_IOC_RING_DEQUEUE:
		return ds_ioc_ring_dequeue(f, uarg);
	case DMASTREAM_IOC_RING_QUEUE:
		return ds_ioc_ring_queue(f, uarg);
	case DMASTREAM_IOC_RING_STATUS:
		return ds_ioc_ring_status(f, uarg);
	}
	return -ENOTTY;
}

static __poll_t ds_poll(struct file *file, poll_table *wait)
{
	struct ds_file *f = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &f->wq, wait);
	spin_lock_irq(&f->slock);
	if (!list_empty(&f->done))
		mask |= EPOLLIN | EPOLLRDNORM;
	spin_unlock_irq(&f->slock);
	return mask | ds_ring_poll(f);
}

static const struct file_operations ds_fops = {
	.owner = THIS_MODULE,
	.open = ds_open,
	.release = ds_release_file,
	.unlocked_ioctl = ds_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.poll = ds_poll,
	.llseek = noop_llseek,
};

/**
 * ds_host_register() - create a host's character device
 * @h: host with @h->name set
 *
 * Return: 0 or the misc_register() error.
 */
int ds_host_register(struct ds_host *h)
{
	h->misc.minor = MISC_DYNAMIC_MINOR;
	h->misc.name = h->name;
	h->misc.fops = &ds_fops;
	h->misc.mode = ds_dev_mode;
	return misc_register(&h->misc);
}

/* Files hold a module reference: none is open when this runs. */
void ds_host_unregister(struct ds_host *h)
{
	misc_deregister(&h->misc);
}
