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
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "ds_compat.h"
#include "ds_internal.h"
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
	struct dma_buf_attachment *att;
	struct sg_table *sgt;
	struct dmastream_buf *buf;
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
	struct mutex lock;		/* imports, reaping */
	spinlock_t slock;		/* done list, counters */
	struct list_head imports;	/* struct ds_import_ref */
	struct list_head done;
	unsigned int inflight;
	u64 next_id;
	wait_queue_head_t wq;
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
	ds_buf_destroy(imp->buf);
	ds_dma_buf_unmap(imp->att, imp->sgt, DMA_BIDIRECTIONAL);
	dma_buf_detach(imp->db, imp->att);
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
	file->private_data = f;
	mutex_lock(&ds.lock);
	ds_memcpy_get();
	mutex_unlock(&ds.lock);
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

static int ds_release_file(struct inode *inode, struct file *file)
{
	struct ds_file *f = file->private_data;
	struct ds_import_ref *ir, *itmp;
	struct ds_uxfer *u, *utmp;

	/* Bounded: every transfer ends by its timeout at the latest. */
	wait_event(f->wq, ds_file_idle(f));
	list_for_each_entry_safe(u, utmp, &f->done, node)
		ds_uxfer_free(u);
	list_for_each_entry_safe(ir, itmp, &f->imports, node) {
		ds_import_put(ir->imp);
		kfree(ir);
	}
	mutex_lock(&ds.lock);
	ds_memcpy_put();
	mutex_unlock(&ds.lock);
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

static void ds_fill_info(struct dmastream_chan_info *ci, unsigned int role)
{
	struct dmastream_chan *dc = ds_get_chan(role);
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

static long ds_ioc_query(void __user *arg)
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
		ds_fill_info(&ci, i);
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
	mutex_lock(&ds.lock);
	if (ds.client) {
		q.flags |= DMASTREAM_QF_SLAVE;
		q.fifo_width = ds.client->fifo_width;
		q.fifo_addr = ds.client->fifo_phys;
		if (ds.client->cdns) {
			q.flags |= DMASTREAM_QF_CDNS_UART;
			q.fifo_depth = ds_fifo_depth();
		}
	}
	mutex_unlock(&ds.lock);
	q.cma_size = ds_cma_pool_size(&src);
	q.max_map_size = 0;
	dc = ds_get_chan(DMASTREAM_CHAN_MEMCPY);
	if (!IS_ERR(dc))
		q.max_map_size = dma_max_mapping_size(dmastream_chan_dma_device(dc));
	q.max_buf_size = (u64)READ_ONCE(ds_max_buf_mb) << 20;
	q.max_inflight = READ_ONCE(ds_max_inflight);
	return copy_to_user(arg, &q, sizeof(q)) ? -EFAULT : 0;
}

static long ds_ioc_alloc(void __user *arg)
{
	static const enum dma_data_direction dirs[] = {
		[DMASTREAM_DIR_TO_DEV] = DMA_TO_DEVICE,
		[DMASTREAM_DIR_FROM_DEV] = DMA_FROM_DEVICE,
		[DMASTREAM_DIR_BIDIR] = DMA_BIDIRECTIONAL,
	};
	struct dmastream_alloc a;
	struct dmastream_chan *dc;
	struct dmastream_buf *buf;
	struct dma_buf *db;
	int fd;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	if (!ds_zero(a.reserved, ARRAY_SIZE(a.reserved)))
		return -EINVAL;
	if (!a.size || a.kind > DMASTREAM_BUF_CMA || !a.dir ||
	    a.dir > DMASTREAM_DIR_BIDIR || a.chan >= DMASTREAM_CHAN_COUNT)
		return -EINVAL;
	/* A slave role moves data one way: its buffer is mapped that way. */
	if ((a.chan == DMASTREAM_CHAN_TX && a.dir != DMASTREAM_DIR_TO_DEV) ||
	    (a.chan == DMASTREAM_CHAN_RX && a.dir != DMASTREAM_DIR_FROM_DEV))
		return -EINVAL;
	if (a.size > ((u64)READ_ONCE(ds_max_buf_mb) << 20))
		return -E2BIG;
	dc = ds_get_chan(a.chan);
	if (IS_ERR(dc))
		return PTR_ERR(dc);
	/* Whole pages: mmap() works on them and nothing else shares them. */
	buf = ds_buf_create(dmastream_chan_dma_device(dc), PAGE_ALIGN(a.size),
			    a.kind, dirs[a.dir]);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	db = ds_dmabuf_export(buf);
	if (IS_ERR(db)) {
		ds_buf_destroy(buf);
		return PTR_ERR(db);
	}
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		dma_buf_put(db);
		return fd;
	}
	a.fd = fd;
	a.nents = dmastream_buf_nents(buf);
	if (copy_to_user(arg, &a, sizeof(a))) {
		put_unused_fd(fd);
		dma_buf_put(db);
		return -EFAULT;
	}
	fd_install(fd, db->file);
	return 0;
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
 * The module's one mapping of @db for @dma_dev, with a new reference:
 * shared if some file imported it already, else attached and mapped now.
 * -EBUSY if it is mapped for another controller (the mappings would
 * overlap).
 */
static struct ds_import *ds_import_get(struct dma_buf *db,
				       struct device *dma_dev)
{
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
	imp->att = dma_buf_attach(db, dma_dev);
	if (IS_ERR(imp->att)) {
		ret = PTR_ERR(imp->att);
		goto err_free;
	}
	/*
	 * Bidirectional: one mapping is shared by every file importing the
	 * buffer, and each may read or write it.  The exporter's CPU syncs
	 * use the access direction.
	 */
	imp->sgt = ds_dma_buf_map(imp->att, DMA_BIDIRECTIONAL);
	if (IS_ERR(imp->sgt)) {
		ret = PTR_ERR(imp->sgt);
		goto err_detach;
	}
	imp->buf = ds_buf_wrap_import(dma_dev, imp->sgt, db->size);
	if (IS_ERR(imp->buf)) {
		ret = PTR_ERR(imp->buf);
		goto err_unmap;
	}
	get_dma_buf(db);
	list_add_tail(&imp->node, &ds_imports);
out:
	mutex_unlock(&ds_imports_lock);
	return imp;

err_unmap:
	ds_dma_buf_unmap(imp->att, imp->sgt, DMA_BIDIRECTIONAL);
err_detach:
	dma_buf_detach(db, imp->att);
err_free:
	kfree(imp);
	mutex_unlock(&ds_imports_lock);
	return ERR_PTR(ret);
}

static long ds_ioc_import(struct ds_file *f, void __user *arg)
{
	struct dmastream_import im;
	struct dmastream_chan *dc;
	struct ds_import_ref *ir;
	struct ds_import *imp;
	struct device *dma_dev;
	struct dma_buf *db;
	long ret;

	if (copy_from_user(&im, arg, sizeof(im)))
		return -EFAULT;
	if (!ds_zero(im.reserved, ARRAY_SIZE(im.reserved)) ||
	    im.chan >= DMASTREAM_CHAN_COUNT)
		return -EINVAL;
	dc = ds_get_chan(im.chan);
	if (IS_ERR(dc))
		return PTR_ERR(dc);
	dma_dev = dmastream_chan_dma_device(dc);
	db = dma_buf_get(im.fd);
	if (IS_ERR(db))
		return PTR_ERR(db);
	if (ds_dmabuf_to_buf(db)) {
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
	imp = ds_import_get(db, dma_dev);
	if (IS_ERR(imp)) {
		ret = PTR_ERR(imp);
		goto err_unlock;
	}
	im.size = db->size;
	im.nents = imp->sgt->nents;
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
	struct ds_import_ref *ir;
	struct dmastream_buf *buf;
	struct dma_buf *db;

	if (fd < 0)
		return -EBADF;
	db = dma_buf_get(fd);
	if (IS_ERR(db))
		return PTR_ERR(db);	/* -EBADF, or -EINVAL: not a dma-buf */
	buf = ds_dmabuf_to_buf(db);
	if (!buf) {
		mutex_lock(&f->lock);
		ir = ds_find_import(f, db);
		if (ir) {
			/* Held by the transfer: UNIMPORT cannot unmap it. */
			imp = ir->imp;
			kref_get(&imp->ref);
			buf = imp->buf;
		}
		mutex_unlock(&f->lock);
		if (!buf) {
			dma_buf_put(db);
			return -ENOENT;	/* foreign and not imported */
		}
	}
	if (buf->dma_dev != dma_dev) {
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

static int ds_check_submit(const struct dmastream_submit *s)
{
	if (s->flags || s->reserved[0] || s->reserved[1])
		return -EINVAL;
	if (s->op > DMASTREAM_OP_RX || !s->len)
		return -EINVAL;
	if (s->op == DMASTREAM_OP_MEMCPY && s->seg_size)
		return -EINVAL;
	/* size_t is 32 bits here: refuse what would be truncated. */
	if (s->len > SIZE_MAX || s->src_off > SIZE_MAX ||
	    s->dst_off > SIZE_MAX)
		return -EOVERFLOW;
	if (s->op == DMASTREAM_OP_MEMCPY && (s->src_off + s->len < s->len ||
					     s->dst_off + s->len < s->len))
		return -EOVERFLOW;
	return 0;
}

static long ds_ioc_submit(struct ds_file *f, void __user *arg)
{
	static const u32 role[] = {
		[DMASTREAM_OP_MEMCPY] = DMASTREAM_CHAN_MEMCPY,
		[DMASTREAM_OP_TX] = DMASTREAM_CHAN_TX,
		[DMASTREAM_OP_RX] = DMASTREAM_CHAN_RX,
	};
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
	dc = ds_get_chan(role[s.op]);
	if (IS_ERR(dc))
		return PTR_ERR(dc);
	dma_dev = dmastream_chan_dma_device(dc);

	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (!u)
		return -ENOMEM;
	u->f = f;
	u->op = s.op;
	u->user_data = s.user_data;
	if (s.op != DMASTREAM_OP_RX) {
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
	if (s.op != DMASTREAM_OP_MEMCPY) {
		ret = ds_slave_config(s.op == DMASTREAM_OP_TX ?
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
	default:
		x = dmastream_submit_slave_sg(dc, dst, s.dst_off, s.len,
					      s.seg_size, DMA_DEV_TO_MEM, &cfg,
					      s.timeout_ms, ds_uxfer_done, u);
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

static long ds_ioc_fifo_wait(void __user *arg)
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
	ret = ds_fifo_wait(fw.bytes, fw.timeout_ms ? fw.timeout_ms : 5000,
			   fw.flags & DMASTREAM_FIFO_FLUSH, &fw.flushed);
	if (copy_to_user(arg, &fw, sizeof(fw)))
		return -EFAULT;
	return ret;
}

static long ds_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ds_file *f = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case DMASTREAM_IOC_QUERY:
		return ds_ioc_query(uarg);
	case DMASTREAM_IOC_ALLOC:
		return ds_ioc_alloc(uarg);
	case DMASTREAM_IOC_IMPORT:
		return ds_ioc_import(f, uarg);
	case DMASTREAM_IOC_UNIMPORT:
		return ds_ioc_unimport(f, uarg);
	case DMASTREAM_IOC_SUBMIT:
		return ds_ioc_submit(f, uarg);
	case DMASTREAM_IOC_REAP:
		return ds_ioc_reap(f, uarg);
	case DMASTREAM_IOC_FIFO_WAIT:
		return ds_ioc_fifo_wait(uarg);
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
	return mask;
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

static struct miscdevice ds_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "dmastream",
	.fops = &ds_fops,
};

int ds_cdev_init(void)
{
	int ret;

	ds_misc.mode = ds_dev_mode;
	ret = misc_register(&ds_misc);
	if (ret)
		return ret;
	ds.log_dev = ds_misc.this_device;
	return 0;
}

void ds_cdev_exit(void)
{
	ds.log_dev = NULL;
	misc_deregister(&ds_misc);
}
