// SPDX-License-Identifier: GPL-2.0
/*
 * dmastream dma-buf exporter (core module): hosts hand buffers out as
 * dma-buf fds; user space maps them with mmap() and takes/returns CPU
 * ownership with the standard DMA_BUF_IOCTL_SYNC, which lands in
 * begin/end_cpu_access below.  A buffer the device only writes
 * (FROM_DEVICE) is read-only to the CPU here too: no writable mmap, no
 * vmap (dma_buf_vmap(): -EINVAL), no SYNC START with DMA_BUF_SYNC_WRITE.
 */
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/iosys-map.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "ds_compat.h"
#include "ds_internal.h"

/* Other importers get their own mapping of the same pages. */
struct ds_attachment {
	struct device *dev;
	struct sg_table sgt;
	struct list_head node;
	enum dma_data_direction dir;
	bool mapped;
};

struct ds_export {
	struct dmastream_buf *buf;
	struct mutex lock;		/* @attachments and their mappings */
	struct list_head attachments;
};

static int ds_db_attach(struct dma_buf *db, struct dma_buf_attachment *a)
{
	struct ds_export *ex = db->priv;
	struct dmastream_buf *buf = ex->buf;
	struct ds_attachment *att;
	int ret;

	att = kzalloc(sizeof(*att), GFP_KERNEL);
	if (!att)
		return -ENOMEM;
	ret = sg_alloc_table_from_pages(&att->sgt, buf->pages, buf->npages,
					buf->pg_off, buf->size, GFP_KERNEL);
	if (ret) {
		kfree(att);
		return ret;
	}
	att->dev = a->dev;
	a->priv = att;
	mutex_lock(&ex->lock);
	list_add(&att->node, &ex->attachments);
	mutex_unlock(&ex->lock);
	return 0;
}

static void ds_db_detach(struct dma_buf *db, struct dma_buf_attachment *a)
{
	struct ds_export *ex = db->priv;
	struct ds_attachment *att = a->priv;

	mutex_lock(&ex->lock);
	list_del(&att->node);
	mutex_unlock(&ex->lock);
	sg_free_table(&att->sgt);
	kfree(att);
}

static struct sg_table *ds_db_map(struct dma_buf_attachment *a,
				  enum dma_data_direction dir)
{
	struct ds_export *ex = a->dmabuf->priv;
	struct ds_attachment *att = a->priv;
	int ret;

	/*
	 * Under ex->lock like the CPU-access syncs: a sync walking the
	 * attachments must never see @mapped while the mapping comes or goes.
	 */
	mutex_lock(&ex->lock);
	ret = dma_map_sgtable(a->dev, &att->sgt, dir, 0);
	if (!ret) {
		att->dir = dir;
		att->mapped = true;
	}
	mutex_unlock(&ex->lock);
	return ret ? ERR_PTR(ret) : &att->sgt;
}

static void ds_db_unmap(struct dma_buf_attachment *a, struct sg_table *sgt,
			enum dma_data_direction dir)
{
	struct ds_export *ex = a->dmabuf->priv;
	struct ds_attachment *att = a->priv;

	mutex_lock(&ex->lock);
	att->mapped = false;
	dma_unmap_sgtable(a->dev, sgt, dir, 0);
	mutex_unlock(&ex->lock);
}

static void ds_db_release(struct dma_buf *db)
{
	struct ds_export *ex = db->priv;

	if (ex->buf)		/* NULL: an export undone at once */
		ds_buf_release_dmabuf(ex->buf);
	mutex_destroy(&ex->lock);
	kfree(ex);
}

/* dma-buf's access direction: FROM_DEVICE reads, TO_DEVICE writes. */
static unsigned int ds_access(enum dma_data_direction dir)
{
	switch (dir) {
	case DMA_FROM_DEVICE:
		return DMASTREAM_CPU_READ;
	case DMA_TO_DEVICE:
		return DMASTREAM_CPU_WRITE;
	default:
		return DMASTREAM_CPU_READ | DMASTREAM_CPU_WRITE;
	}
}

static int ds_db_begin_cpu_access(struct dma_buf *db,
				  enum dma_data_direction dir)
{
	struct ds_export *ex = db->priv;
	struct ds_attachment *att;
	int ret;

	ret = ds_buf_cpu_access(ex->buf, true, ds_access(dir));
	if (ret)
		return ret;
	mutex_lock(&ex->lock);
	list_for_each_entry(att, &ex->attachments, node)
		if (att->mapped)
			dma_sync_sgtable_for_cpu(att->dev, &att->sgt, att->dir);
	mutex_unlock(&ex->lock);
	return 0;
}

static int ds_db_end_cpu_access(struct dma_buf *db,
				enum dma_data_direction dir)
{
	struct ds_export *ex = db->priv;
	struct ds_attachment *att;
	int ret;

	ret = ds_buf_cpu_access(ex->buf, false, ds_access(dir));
	if (ret)
		return ret;
	mutex_lock(&ex->lock);
	list_for_each_entry(att, &ex->attachments, node)
		if (att->mapped)
			dma_sync_sgtable_for_device(att->dev, &att->sgt,
						    att->dir);
	mutex_unlock(&ex->lock);
	return 0;
}

static int ds_db_mmap(struct dma_buf *db, struct vm_area_struct *vma)
{
	struct ds_export *ex = db->priv;
	struct dmastream_buf *buf = ex->buf;
	unsigned long len = vma->vm_end - vma->vm_start;

	/* The device only writes it: CPU writes would be lost at the sync. */
	if (buf->dir == DMA_FROM_DEVICE) {
		if (vma->vm_flags & VM_WRITE)
			return -EACCES;
		ds_vma_clear_flags(vma, VM_MAYWRITE);
	}
	/* A process's own pinned pages: it has them mapped already. */
	if (buf->kind == DMASTREAM_KIND_USER)
		return -EINVAL;
	/* dma_buf_mmap_internal() has checked the range against db->size. */
	if (buf->kind == DMASTREAM_KIND_SG)
		return vm_map_pages(vma, buf->pages, buf->npages);
	/* Contiguous memory may be a high-order block: map it by pfn. */
	ds_vma_set_flags(vma, VM_DONTEXPAND | VM_DONTDUMP);
	return remap_pfn_range(vma, vma->vm_start,
			       page_to_pfn(buf->pages[0]) + vma->vm_pgoff,
			       len, vma->vm_page_prot);
}

/* Only with ds_dmabuf_vmap_ops: the buffer has a kernel mapping to give. */
static int ds_db_vmap(struct dma_buf *db, struct iosys_map *map)
{
	struct ds_export *ex = db->priv;

	iosys_map_set_vaddr(map, ex->buf->vaddr);
	return 0;
}

#define DS_DMABUF_OPS \
	.attach = ds_db_attach, \
	.detach = ds_db_detach, \
	.map_dma_buf = ds_db_map, \
	.unmap_dma_buf = ds_db_unmap, \
	.release = ds_db_release, \
	.begin_cpu_access = ds_db_begin_cpu_access, \
	.end_cpu_access = ds_db_end_cpu_access, \
	.mmap = ds_db_mmap

/*
 * A buffer the device only writes has no vmap: its kernel mapping is
 * writable, and ARM32 cannot make another one read-only (PAGE_KERNEL_RO
 * is PAGE_KERNEL there).  Nor has user memory (no kernel mapping).  They
 * get ops without .vmap, so dma_buf_vmap() fails -EINVAL; an exporter's
 * vmap that fails would also make dma_buf_vmap() WARN.
 */
static const struct dma_buf_ops ds_dmabuf_ops = {
	DS_DMABUF_OPS,
};

static const struct dma_buf_ops ds_dmabuf_vmap_ops = {
	DS_DMABUF_OPS,
	.vmap = ds_db_vmap,
};

/**
 * dmastream_buf_export() - wrap a buffer in a dma-buf
 * @buf: buffer from dmastream_buf_alloc(), not exported yet; the dma-buf
 *	owns it from now on (it is freed at the dma-buf's release, never by
 *	dmastream_buf_free())
 *
 * The dma-buf's mmap() maps the buffer's pages (read-only if the device
 * only writes the buffer); DMA_BUF_IOCTL_SYNC START/END are
 * dmastream_buf_begin_cpu()/dmastream_buf_end_cpu() (START with
 * DMA_BUF_SYNC_WRITE on a FROM_DEVICE buffer: -EACCES); dma_buf_vmap()
 * gives the buffer's kernel mapping, except for a FROM_DEVICE buffer or
 * user memory (-EINVAL: their dma-buf has no vmap).  Other importers
 * get their own mapping of the pages.  A transfer or ring using the
 * buffer holds a reference on the dma-buf until it gives the buffer back:
 * its other holders (user space closing the fd and unmapping) may drop
 * theirs meanwhile, the buffer is freed when the device is done with it.
 * So the buffer must be idle at export: not in flight, not in a ring.
 *
 * Context: process context.
 * Return: the dma-buf (one reference, for the caller to install as an fd
 * or put), or an ERR_PTR(): -EINVAL (exported already, imported),
 * -EBUSY (in flight, in a ring or being synced), -ENOMEM; on error @buf is
 * still the caller's.
 */
struct dma_buf *dmastream_buf_export(struct dmastream_buf *buf)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct ds_export *ex;
	struct dma_buf *db;
	unsigned long flags;
	int ret = 0;

	if (!buf || buf->imported || buf->dmabuf)
		return ERR_PTR(-EINVAL);
	ex = kzalloc(sizeof(*ex), GFP_KERNEL);
	if (!ex)
		return ERR_PTR(-ENOMEM);
	ex->buf = buf;
	mutex_init(&ex->lock);
	INIT_LIST_HEAD(&ex->attachments);
	info.ops = buf->dir != DMA_FROM_DEVICE && buf->vaddr ?
		   &ds_dmabuf_vmap_ops : &ds_dmabuf_ops;
	info.size = PAGE_ALIGN(buf->pg_off + buf->size);
	info.flags = O_RDWR | O_CLOEXEC;
	info.priv = ex;
	db = dma_buf_export(&info);
	if (IS_ERR(db)) {
		mutex_destroy(&ex->lock);
		kfree(ex);
		return db;
	}
	/* Claims read @buf->dmabuf once they hold the buffer: see there. */
	spin_lock_irqsave(&buf->lock, flags);
	if (buf->dmabuf)
		ret = -EINVAL;
	else if (buf->owner != DMASTREAM_OWNER_DEVICE &&
		 buf->owner != DMASTREAM_OWNER_CPU)
		ret = -EBUSY;
	else
		buf->dmabuf = db;
	spin_unlock_irqrestore(&buf->lock, flags);
	if (ret) {
		ex->buf = NULL;		/* the release leaves @buf alone */
		dma_buf_put(db);
		return ERR_PTR(ret);
	}
	return db;
}
EXPORT_SYMBOL_GPL(dmastream_buf_export);

/**
 * dmastream_buf_from_dmabuf() - the buffer behind a dma-buf dmastream made
 * @dmabuf: any dma-buf
 *
 * Return: the buffer (valid while the caller holds a reference on
 * @dmabuf), or NULL if @dmabuf comes from another exporter.
 */
struct dmastream_buf *dmastream_buf_from_dmabuf(struct dma_buf *dmabuf)
{
	if (dmabuf->ops != &ds_dmabuf_ops && dmabuf->ops != &ds_dmabuf_vmap_ops)
		return NULL;
	return ((struct ds_export *)dmabuf->priv)->buf;
}
EXPORT_SYMBOL_GPL(dmastream_buf_from_dmabuf);
