/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmastream: streaming-DMA client framework over dmaengine (a library).
 *
 * Buffers are ordinary cached memory, mapped once against the DMA
 * controller's device and reused; ownership moves between CPU and device
 * with explicit hand-overs that do the cache maintenance (or, behind an
 * IOMMU-less bounce pool, the bounce copy).  This header is the whole
 * interface: the character device and the DT binding of this repository
 * use nothing else.  Kernel-doc of every function: client/ds_core.c.
 */
#ifndef _DMASTREAM_H
#define _DMASTREAM_H

#include <linux/dma-direction.h>
#include <linux/dmaengine.h>
#include <linux/gfp.h>
#include <linux/limits.h>
#include <linux/types.h>

struct dma_buf;
struct dmastream_chan;
struct dmastream_buf;
struct dmastream_xfer;

/**
 * enum dmastream_buf_kind - memory behind a buffer
 * @DMASTREAM_KIND_SINGLE: physically contiguous pages, dma_map_single()
 * @DMASTREAM_KIND_SG: one page per sg entry, dma_map_sgtable()
 * @DMASTREAM_KIND_CMA: physically contiguous from the CMA pool of the
 *	channel's allocating device, dma_map_single(); for buffers larger
 *	than the page allocator's limit
 * @DMASTREAM_KIND_USER: a process's own memory, pinned for the buffer's
 *	lifetime and mapped as a scatterlist (dmastream_buf_pin_user())
 */
enum dmastream_buf_kind {
	DMASTREAM_KIND_SINGLE,
	DMASTREAM_KIND_SG,
	DMASTREAM_KIND_CMA,
	DMASTREAM_KIND_USER,
};

/**
 * enum dmastream_owner - who may touch a buffer
 * @DMASTREAM_OWNER_DEVICE: synced for the device; may be submitted
 * @DMASTREAM_OWNER_CPU: synced for the CPU; may be read (and written,
 *	unless the device only writes it)
 * @DMASTREAM_OWNER_INFLIGHT: a transfer uses it; nobody else may
 * @DMASTREAM_OWNER_SYNCING: a hand-over is syncing it right now; every
 *	other hand-over, submission and free is refused until it ends
 */
enum dmastream_owner {
	DMASTREAM_OWNER_DEVICE,
	DMASTREAM_OWNER_CPU,
	DMASTREAM_OWNER_INFLIGHT,
	DMASTREAM_OWNER_SYNCING,
};

/* Most entries one slave transfer's scatterlist may have. */
#define DMASTREAM_MAX_ENTRIES	4096

/* A transfer with no timeout (an RX that may idle): &dmastream_xfer_opts. */
#define DMASTREAM_TIMEOUT_NONE	UINT_MAX

/* CPU access of a hand-over (dmastream_buf_begin_cpu_range()). */
#define DMASTREAM_CPU_READ	0x1
#define DMASTREAM_CPU_WRITE	0x2

/**
 * typedef dmastream_done_fn - transfer completion notification
 * @xfer: the transfer, finished (result available)
 * @ctx: context given at submission
 *
 * Called once per transfer, possibly in atomic context (the dmaengine
 * callback), after the buffers have left the in-flight state.  It may
 * submit new transfers (the same buffers included) and may call
 * dmastream_xfer_put() on @xfer.
 */
typedef void (*dmastream_done_fn)(struct dmastream_xfer *xfer, void *ctx);

/**
 * struct dmastream_chan_config - what a channel wrapper needs from its host
 * @name: shown in debugfs and by `dmastream doctor` (copied); NULL: the
 *	dmaengine channel's name
 * @log_dev: device messages are logged for; NULL: the DMA controller
 * @alloc_dev: device CMA buffers are allocated for (it never does DMA;
 *	the buffers are then mapped for the controller); NULL: the CMA kind
 *	is refused with -ENODEV
 * @cma_size: size of the CMA pool @alloc_dev allocates from, quoted when
 *	it is exhausted; 0 if unknown
 * @timeout_ms: default timeout of a transfer; 0: 2000 ms;
 *	%DMASTREAM_TIMEOUT_NONE: none
 */
struct dmastream_chan_config {
	const char *name;
	struct device *log_dev;
	struct device *alloc_dev;
	u64 cma_size;
	unsigned int timeout_ms;
};

/**
 * struct dmastream_xfer_opts - how a transfer is submitted
 * @timeout_ms: 0: the channel's default; %DMASTREAM_TIMEOUT_NONE: none.
 *	On expiry the transfer fails with -ETIMEDOUT; the others queued on
 *	the channel are resubmitted, except one that had already started
 *	(dmaengine can only terminate a whole channel): that one fails with
 *	-ECANCELED
 * @done: optional completion callback (may run in atomic context)
 * @ctx: argument of @done
 * @gfp: allocation flags: 0 means GFP_KERNEL; GFP_ATOMIC (or GFP_NOWAIT)
 *	to submit from atomic context, e.g. from a &dmastream_done_fn
 * @seg_size: slave transfers: largest scatterlist entry in bytes, a
 *	multiple of the FIFO width; 0: the buffer's own segments (one piece
 *	for a contiguous buffer)
 */
struct dmastream_xfer_opts {
	unsigned int timeout_ms;
	dmastream_done_fn done;
	void *ctx;
	gfp_t gfp;
	size_t seg_size;
};

/**
 * struct dmastream_2d - shape of an interleaved (2-D) copy
 * @frames: frames (rows) to copy, > 0
 * @chunk: bytes copied from each frame, > 0
 * @src_stride: bytes from the start of one source frame to the start of
 *	the next, >= @chunk (the source image's line length)
 * @dst_stride: the same in the destination, >= @chunk
 *
 * Frame f is [off + f * stride, off + f * stride + @chunk) on each side;
 * the bytes between two frames are not touched.  Copying a W x H
 * rectangle at (x, y) out of an image of line length L with B bytes per
 * pixel: @frames H, @chunk W * B, @src_stride L, source offset
 * y * L + x * B.
 */
struct dmastream_2d {
	size_t frames;
	size_t chunk;
	size_t src_stride;
	size_t dst_stride;
};

struct dmastream_chan *
dmastream_chan_create(struct dma_chan *chan,
		      const struct dmastream_chan_config *cfg);
void dmastream_chan_destroy(struct dmastream_chan *dc);
struct dma_chan *dmastream_chan_dma(struct dmastream_chan *dc);
struct device *dmastream_chan_dma_device(struct dmastream_chan *dc);

struct dmastream_buf *dmastream_buf_alloc(struct dmastream_chan *dc,
					  size_t size,
					  enum dmastream_buf_kind kind,
					  enum dma_data_direction dir);
struct dmastream_buf *dmastream_buf_import(struct dmastream_chan *dc,
					   struct dma_buf *dmabuf);
struct dmastream_buf *dmastream_buf_pin_user(struct dmastream_chan *dc,
					     unsigned long uaddr, size_t size,
					     enum dma_data_direction dir);
int dmastream_buf_free(struct dmastream_buf *buf);
size_t dmastream_buf_size(const struct dmastream_buf *buf);
void *dmastream_buf_vaddr(struct dmastream_buf *buf);
unsigned int dmastream_buf_nents(const struct dmastream_buf *buf);
int dmastream_buf_segment(const struct dmastream_buf *buf, unsigned int i,
			  dma_addr_t *addr, size_t *len);
enum dma_data_direction dmastream_buf_dir(const struct dmastream_buf *buf);
struct device *dmastream_buf_dma_device(const struct dmastream_buf *buf);
enum dmastream_owner dmastream_buf_owner(struct dmastream_buf *buf);
int dmastream_buf_begin_cpu(struct dmastream_buf *buf);
int dmastream_buf_end_cpu(struct dmastream_buf *buf);
int dmastream_buf_begin_cpu_range(struct dmastream_buf *buf, size_t off,
				  size_t len, unsigned int access);
int dmastream_buf_end_cpu_range(struct dmastream_buf *buf, size_t off,
				size_t len);

struct dma_buf *dmastream_buf_export(struct dmastream_buf *buf);
struct dmastream_buf *dmastream_buf_from_dmabuf(struct dma_buf *dmabuf);

struct dmastream_xfer *
dmastream_memcpy(struct dmastream_chan *dc,
		 struct dmastream_buf *dst, size_t dst_off,
		 struct dmastream_buf *src, size_t src_off, size_t len,
		 const struct dmastream_xfer_opts *opts);
struct dmastream_xfer *
dmastream_slave(struct dmastream_chan *dc, struct dmastream_buf *buf,
		size_t off, size_t len, enum dma_transfer_direction dir,
		const struct dma_slave_config *cfg,
		const struct dmastream_xfer_opts *opts);
struct dmastream_xfer *
dmastream_memset(struct dmastream_chan *dc, struct dmastream_buf *buf,
		 size_t off, size_t len, u8 value,
		 const struct dmastream_xfer_opts *opts);
struct dmastream_xfer *
dmastream_interleaved(struct dmastream_chan *dc,
		      struct dmastream_buf *dst, size_t dst_off,
		      struct dmastream_buf *src, size_t src_off,
		      const struct dmastream_2d *geom,
		      const struct dmastream_xfer_opts *opts);
int dmastream_xfer_wait(struct dmastream_xfer *xfer);
int dmastream_xfer_result(struct dmastream_xfer *xfer, u64 *bytes,
			  u64 *latency_ns);
unsigned int dmastream_xfer_nents(const struct dmastream_xfer *xfer);
void dmastream_xfer_put(struct dmastream_xfer *xfer);

int dmastream_memcpy_sync(struct dmastream_chan *dc,
			  struct dmastream_buf *dst, size_t dst_off,
			  struct dmastream_buf *src, size_t src_off,
			  size_t len, unsigned int timeout_ms);

/* Process-context shorthands of dmastream_memcpy() / dmastream_slave(). */
static inline struct dmastream_xfer *
dmastream_submit_memcpy(struct dmastream_chan *dc,
			struct dmastream_buf *dst, size_t dst_off,
			struct dmastream_buf *src, size_t src_off,
			size_t len, unsigned int timeout_ms,
			dmastream_done_fn done, void *ctx)
{
	const struct dmastream_xfer_opts o = {
		.timeout_ms = timeout_ms, .done = done, .ctx = ctx,
	};

	return dmastream_memcpy(dc, dst, dst_off, src, src_off, len, &o);
}

static inline struct dmastream_xfer *
dmastream_submit_slave_sg(struct dmastream_chan *dc,
			  struct dmastream_buf *buf, size_t off, size_t len,
			  size_t seg_size, enum dma_transfer_direction dir,
			  const struct dma_slave_config *cfg,
			  unsigned int timeout_ms,
			  dmastream_done_fn done, void *ctx)
{
	const struct dmastream_xfer_opts o = {
		.timeout_ms = timeout_ms, .done = done, .ctx = ctx,
		.seg_size = seg_size,
	};

	return dmastream_slave(dc, buf, off, len, dir, cfg, &o);
}

static inline struct dmastream_xfer *
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

/* ---- streaming rings (client/ds_ring.c) ---- */

struct dmastream_ring;

/* Most periods of one ring. */
#define DMASTREAM_RING_MAX_PERIODS 1024U

/* dmastream_ring_queue(): handed back, but the device went through it. */
#define DMASTREAM_RING_CLOBBERED 1

/**
 * typedef dmastream_ring_fn - a ring's position moved
 * @ring: the ring: periods finished (capture: to take; playback: slots
 *	freed), an overrun or underrun, or the transfer stopped
 * @ctx: &dmastream_ring_config.ctx
 *
 * Called from every period callback (also one whose period an earlier
 * look already accounted), possibly in atomic context; from
 * dmastream_ring_stop(); and from dmastream_ring_dequeue(), _queue() and
 * _status() when their look finds the transfer failed (once per ring).
 * It may call dmastream_ring_dequeue(), dmastream_ring_queue() and
 * dmastream_ring_status().
 */
typedef void (*dmastream_ring_fn)(struct dmastream_ring *ring, void *ctx);

/**
 * struct dmastream_ring_config - what a ring streams
 * @dir: DMA_DEV_TO_MEM (capture) or DMA_MEM_TO_DEV (playback)
 * @period_bytes: bytes per period, a multiple of the FIFO width
 * @periods: periods in the ring, 2 .. %DMASTREAM_RING_MAX_PERIODS
 * @slave: the peripheral side (FIFO address, width, burst)
 * @notify: optional notification (&dmastream_ring_fn)
 * @ctx: argument of @notify
 */
struct dmastream_ring_config {
	enum dma_transfer_direction dir;
	size_t period_bytes;
	unsigned int periods;
	struct dma_slave_config slave;
	dmastream_ring_fn notify;
	void *ctx;
};

/**
 * struct dmastream_ring_period - a period handed to the CPU
 * @index: slot in the ring, for dmastream_ring_queue()
 * @seq: period number since start (capture: gaps are overruns)
 * @offset: byte offset in the ring's buffer (@index * period bytes)
 * @len: period bytes
 * @t_done_ns: capture: ktime_get_ns() when the period was seen finished
 *	(period callback or position read); playback: 0
 */
struct dmastream_ring_period {
	unsigned int index;
	u64 seq;
	size_t offset;
	size_t len;
	u64 t_done_ns;
};

/**
 * struct dmastream_ring_status - counters and position of a ring
 * @periods: periods in the ring
 * @period_bytes: bytes per period
 * @hw_periods: periods the device has finished since start
 * @hw_index: period the device is in now
 * @available: capture: finished periods waiting; playback: free slots
 *	the producer may take now
 * @held: periods the CPU holds (dequeued, not queued back)
 * @overruns: capture: periods lost because the device came round to a
 *	slot the consumer had not given back (each lost period once)
 * @underruns: playback: periods the device played without a fresh period
 *	queued for them
 * @clobbered: periods the device went through while the CPU held them
 * @dequeued: periods handed to the CPU
 * @queued: periods handed back
 * @callbacks: period callbacks received (may cover several periods)
 * @laps: whole laps the device went between two looks at its position,
 *	seen from a period callback that found the position unmoved; each is
 *	accounted as one lap (its overruns or underruns counted): a lower
 *	bound, more laps look the same
 * @running: the cyclic transfer runs
 * @stopped: it ran and does no more (stopped, failed or its channel
 *	destroyed): nothing new will come
 * @error: 0, -EIO (the transfer failed), -ESHUTDOWN (channel destroyed)
 */
struct dmastream_ring_status {
	unsigned int periods;
	size_t period_bytes;
	u64 hw_periods;
	unsigned int hw_index;
	unsigned int available;
	unsigned int held;
	u64 overruns;
	u64 underruns;
	u64 clobbered;
	u64 dequeued;
	u64 queued;
	u64 callbacks;
	u64 laps;
	bool running;
	bool stopped;
	int error;
};

struct dmastream_ring *
dmastream_ring_create(struct dmastream_chan *dc, struct dmastream_buf *buf,
		      const struct dmastream_ring_config *cfg);
int dmastream_ring_start(struct dmastream_ring *ring);
int dmastream_ring_stop(struct dmastream_ring *ring);
void dmastream_ring_destroy(struct dmastream_ring *ring);
int dmastream_ring_dequeue(struct dmastream_ring *ring,
			   struct dmastream_ring_period *p);
int dmastream_ring_queue(struct dmastream_ring *ring, unsigned int index);
void dmastream_ring_status(struct dmastream_ring *ring,
			   struct dmastream_ring_status *st);
struct dmastream_buf *dmastream_ring_buf(struct dmastream_ring *ring);

#endif /* _DMASTREAM_H */
