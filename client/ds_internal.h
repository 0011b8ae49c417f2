/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmastream core internals, shared by ds_core.c and ds_dmabuf.c only (the
 * core module).  Hosts use client/dmastream.h.
 */
#ifndef _DS_INTERNAL_H
#define _DS_INTERNAL_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/dma-buf.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "dmastream.h"

/* Not in the public enum: a buffer being freed, refused by everything. */
#define DS_OWNER_FREED		4

struct dmastream_chan {
	struct dma_chan *chan;
	struct device *dma_dev;
	struct device *log_dev;
	struct device *alloc_dev;
	u64 cma_size;
	char name[32];
	unsigned int timeout_ms;	/* default; DMASTREAM_TIMEOUT_NONE */
	/*
	 * Protects everything below and the progress of the transfers on
	 * @inflight; held across slave config + prep + submit, so that two
	 * submitters never interleave their configurations.  Never held
	 * while calling the provider's issue_pending or terminate, or a
	 * completion callback.
	 */
	spinlock_t lock;
	struct list_head inflight;	/* transfers, in submission order */
	unsigned int users;		/* in-flight transfers + timeout works */
	unsigned int terminating;	/* aborts running: submissions wait */
	bool dying;			/* dmastream_chan_destroy() started */
	struct dmastream_ring *ring;	/* running: the channel is its alone */
	struct list_head rings;		/* every ring created on it */
	wait_queue_head_t idle_wq;	/* @users reached 0 */
	struct list_head node;		/* on the debugfs list of channels */
};

struct dmastream_buf {
	struct device *dma_dev;		/* mapped for this (controller) device */
	struct device *log_dev;
	enum dmastream_buf_kind kind;
	enum dma_data_direction dir;
	size_t size;			/* bytes mapped for DMA */
	unsigned int npages;
	struct page **pages;		/* NULL for imported buffers */
	unsigned int pg_off;		/* user kind: offset in the first page */
	void *vaddr;			/* linear (contiguous) or vmap (sg) */
	dma_addr_t dma;			/* contiguous kinds */
	struct sg_table sgt;		/* sg kind: the mapped table */
	struct sg_table *dsgt;		/* sg and imported: DMA segments */
	struct device *alloc_dev;	/* CMA kind: device it came from */
	dma_addr_t alloc_dma;
	bool imported;			/* exporter does the syncs */
	struct dma_buf *imp_db;		/* imported: the dma-buf ... */
	struct dma_buf_attachment *imp_att;	/* ... attached for dma_dev */
	/* protects @owner and @owner_since: see ds_transit() */
	spinlock_t lock;
	unsigned int owner;		/* enum dmastream_owner, DS_OWNER_FREED */
	u64 owner_since;		/* ktime ns of the last @owner change */
	/*
	 * Set when exported (under @lock, never while in flight).  A transfer
	 * or ring that claims an exported buffer holds a reference on it
	 * until it gives the buffer back: the dma-buf, which owns the buffer,
	 * is never released while the device uses it.
	 */
	struct dma_buf *dmabuf;
	struct list_head node;		/* on the debugfs list of live buffers */
	struct mm_struct *pin_mm;	/* user kind: pinned_vm accounted to */
	u64 id;				/* for the debugfs view only */
};

enum ds_xfer_state {
	DS_XFER_NEW,		/* not on a channel yet */
	DS_XFER_PENDING,	/* queued, descriptors to be (re)prepared */
	DS_XFER_INFLIGHT,	/* descriptors submitted */
	DS_XFER_DONE,
};

enum ds_op { DS_OP_MEMCPY, DS_OP_SLAVE, DS_OP_MEMSET, DS_OP_INTERLEAVED };

/* One descriptor of a transfer: its callback parameter. */
struct ds_piece {
	struct dmastream_xfer *x;
	dma_addr_t src, dst;		/* memcpy, interleaved; memset: dst */
	u32 len;			/* interleaved: @frames * chunk */
	u32 frames;			/* interleaved: frames of this piece */
	u32 gen;			/* x->gen when it was submitted */
};

struct dmastream_xfer {
	struct kref ref;		/* the submitter's, and one while queued */
	struct dmastream_chan *dc;
	struct list_head node;		/* on dc->inflight while queued */
	/* the request: set at submission, never changed */
	enum ds_op op;
	struct dmastream_buf *bufs[2];
	struct dma_buf *dbs[2];		/* exported bufs: held while claimed */
	unsigned int nbufs;
	size_t len;
	enum dma_transfer_direction dir;
	struct dma_slave_config cfg;
	struct scatterlist *sgl;	/* slave: the list, kept for re-prep */
	struct dma_interleaved_template *xt;	/* interleaved: reused by preps */
	struct dmastream_2d geom;	/* interleaved: the request's shape */
	u8 value;			/* memset: the byte */
	unsigned int nents;		/* sg entries (slave), descriptors */
	struct ds_piece *pieces;
	unsigned int npieces;
	unsigned int timeout_ms;
	dmastream_done_fn fn;
	void *ctx;
	/* progress, under dc->lock; reset by every (re)submission */
	enum ds_xfer_state state;
	u32 gen;
	unsigned int pending;		/* descriptors not yet called back */
	int desc_err;			/* first descriptor error */
	u64 moved;			/* bytes the descriptors reported */
	bool residue_known;		/* segment or burst residue granularity */
	/* outcome, set once before @resolved */
	int result;
	bool resolved;
	u64 bytes;
	u64 t_submit;
	u64 t_done;
	struct delayed_work timeout_work;
	struct completion done;
};

/* ds_core.c: the ownership machinery, for the exporter and the rings */
#define DS_FROM(s)	BIT(s)

enum ds_sync_kind { DS_NO_SYNC, DS_FOR_CPU, DS_FOR_DEVICE };

int ds_transit(struct dmastream_buf *buf, unsigned int from, unsigned int to,
	       enum ds_sync_kind sync, size_t off, size_t len);
void ds_sync(struct dmastream_buf *buf, bool for_cpu, size_t off, size_t len);
int ds_check_range(const struct dmastream_buf *buf, size_t off, size_t len);
void ds_stat_rings(int delta);

int ds_buf_cpu_access(struct dmastream_buf *buf, bool begin,
		      unsigned int access);
void ds_buf_destroy(struct dmastream_buf *buf);
void ds_buf_release_dmabuf(struct dmastream_buf *buf);
struct dma_buf *ds_buf_hold_dmabuf(struct dmastream_buf *buf);

/* ds_ring.c, for dmastream_chan_destroy() */
void ds_chan_rings_halt(struct dmastream_chan *dc);

#endif /* _DS_INTERNAL_H */
