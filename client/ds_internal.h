/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmastream internals shared by the core, the dma-buf glue and the
 * character device.
 */
#ifndef _DS_INTERNAL_H
#define _DS_INTERNAL_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/dma-buf.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "dmastream.h"

struct dmastream_chan {
	struct dma_chan *chan;
	struct device *dma_dev;
	/* serialises submission against the terminate of a timeout */
	struct mutex lock;
	/* protects @inflight and the state of the transfers on it */
	spinlock_t slock;
	struct list_head inflight;
	wait_queue_head_t idle_wq;
};

struct dmastream_buf {
	struct device *dma_dev;		/* mapped for this (controller) device */
	enum dmastream_buf_kind kind;
	enum dma_data_direction dir;
	size_t size;			/* bytes mapped for DMA */
	unsigned int npages;
	struct page **pages;		/* NULL for imported buffers */
	void *vaddr;			/* linear (contiguous) or vmap (sg) */
	dma_addr_t dma;			/* contiguous kinds */
	struct sg_table sgt;		/* sg kind: the mapped table */
	struct sg_table *dsgt;		/* sg and imported: DMA segments */
	struct device *alloc_dev;	/* CMA kind: device it came from */
	dma_addr_t alloc_dma;
	bool imported;			/* exporter does the syncs */
	spinlock_t lock;		/* protects @owner */
	enum dmastream_owner owner;
	u64 owner_since;		/* ktime ns of the last @owner change */
	struct dma_buf *dmabuf;		/* set when exported to user space */
	struct list_head node;		/* on the debugfs list of live buffers */
	u64 id;				/* for the debugfs view only */
};

enum ds_xfer_state { DS_XFER_INFLIGHT, DS_XFER_DONE };

struct dmastream_xfer {
	struct dmastream_chan *dc;
	struct list_head node;		/* on dc->inflight while in flight */
	struct dmastream_buf *bufs[2];
	unsigned int nbufs;
	size_t len;
	unsigned int nents;		/* sg entries (slave), descriptors (memcpy) */
	enum ds_xfer_state state;
	atomic_t pending;		/* descriptors not yet called back */
	int desc_err;			/* first descriptor error */
	u32 residue;			/* summed residue of errored descriptors */
	int result;
	bool resolved;			/* @result, @bytes, @t_done are set */
	u64 bytes;
	u64 t_submit;
	u64 t_done;
	unsigned int timeout_ms;
	struct delayed_work timeout_work;
	struct completion done;
	dmastream_done_fn fn;
	void *ctx;
	/* character-device bookkeeping */
	struct list_head unode;
	struct dma_buf *ubufs[2];
	u64 id;
	u64 user_data;
	u32 uop;
};

/* ds_core.c */
extern unsigned int ds_timeout_ms;
void ds_stats_show(struct seq_file *m);
int ds_buf_begin_cpu_access(struct dmastream_buf *buf);
int ds_buf_end_cpu_access(struct dmastream_buf *buf);
struct dmastream_buf *ds_buf_create(struct device *dma_dev, size_t size,
				    enum dmastream_buf_kind kind,
				    enum dma_data_direction dir);
void ds_buf_destroy(struct dmastream_buf *buf);
struct dmastream_buf *ds_buf_wrap_import(struct device *dma_dev,
					 struct sg_table *sgt, size_t size);
bool ds_buf_inflight(struct dmastream_buf *buf);
void ds_bufs_show(struct seq_file *m);
void ds_chan_show(struct seq_file *m, const char *role,
		  struct dmastream_chan *dc);

/* ds_dmabuf.c */
struct dma_buf *ds_dmabuf_export(struct dmastream_buf *buf);
struct dmastream_buf *ds_dmabuf_to_buf(struct dma_buf *dmabuf);

/* ds_main.c: the client device and its resources */
struct device *ds_log_dev(void);
struct device *ds_mem_dev(void);
u64 ds_cma_pool_size(const char **source);

/* ds_cdev.c */
int ds_cdev_init(void);
void ds_cdev_exit(void);

#endif /* _DS_INTERNAL_H */
