/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmastream: streaming-DMA client framework over dmaengine.
 *
 * Buffers are ordinary cached kernel memory, mapped once against the DMA
 * controller's device and reused; ownership moves between CPU and device
 * with an explicit hand-over that does the cache maintenance (or, behind an
 * IOMMU-less bounce pool, the bounce copy).
 */
#ifndef _DMASTREAM_H
#define _DMASTREAM_H

#include <linux/dma-direction.h>
#include <linux/dmaengine.h>
#include <linux/types.h>

struct dmastream_chan;
struct dmastream_buf;
struct dmastream_xfer;

/**
 * enum dmastream_buf_kind - memory behind a buffer
 * @DMASTREAM_KIND_SINGLE: physically contiguous pages, dma_map_single()
 * @DMASTREAM_KIND_SG: one page per sg entry, dma_map_sgtable()
 * @DMASTREAM_KIND_CMA: physically contiguous from the CMA pool,
 *	dma_map_single(); for buffers larger than the page allocator's limit
 */
enum dmastream_buf_kind {
	DMASTREAM_KIND_SINGLE,
	DMASTREAM_KIND_SG,
	DMASTREAM_KIND_CMA,
};

/**
 * enum dmastream_owner - who may touch a buffer
 * @DMASTREAM_OWNER_DEVICE: synced for the device; may be submitted
 * @DMASTREAM_OWNER_CPU: synced for the CPU; may be read and written
 * @DMASTREAM_OWNER_INFLIGHT: a transfer uses it; nobody else may
 */
enum dmastream_owner {
	DMASTREAM_OWNER_DEVICE,
	DMASTREAM_OWNER_CPU,
	DMASTREAM_OWNER_INFLIGHT,
};

/*
 * Most entries one slave transfer's scatterlist may have
 * (dmastream_submit_slave_sg()).
 */
#define DMASTREAM_MAX_ENTRIES	4096

/**
 * typedef dmastream_done_fn - transfer completion notification
 * @xfer: the transfer, finished (result available)
 * @ctx: context given at submission
 *
 * Called once per transfer, possibly in atomic context (the dmaengine
 * callback), after the buffers have left the in-flight state.
 */
typedef void (*dmastream_done_fn)(struct dmastream_xfer *xfer, void *ctx);

struct dmastream_chan *dmastream_chan_create(struct dma_chan *chan);
void dmastream_chan_destroy(struct dmastream_chan *dc);
struct dma_chan *dmastream_chan_dma(struct dmastream_chan *dc);
struct device *dmastream_chan_dma_device(struct dmastream_chan *dc);

struct dmastream_buf *dmastream_buf_alloc(struct dmastream_chan *dc,
					  size_t size,
					  enum dmastream_buf_kind kind,
					  enum dma_data_direction dir);
int dmastream_buf_free(struct dmastream_buf *buf);
size_t dmastream_buf_size(const struct dmastream_buf *buf);
void *dmastream_buf_vaddr(struct dmastream_buf *buf);
unsigned int dmastream_buf_nents(const struct dmastream_buf *buf);
enum dmastream_owner dmastream_buf_owner(struct dmastream_buf *buf);
int dmastream_buf_begin_cpu(struct dmastream_buf *buf);
int dmastream_buf_end_cpu(struct dmastream_buf *buf);

struct dmastream_xfer *
dmastream_submit_memcpy(struct dmastream_chan *dc,
			struct dmastream_buf *dst, size_t dst_off,
			struct dmastream_buf *src, size_t src_off,
			size_t len, unsigned int timeout_ms,
			dmastream_done_fn done, void *ctx);
struct dmastream_xfer *
dmastream_submit_slave(struct dmastream_chan *dc, struct dmastream_buf *buf,
		       size_t off, size_t len,
		       enum dma_transfer_direction dir,
		       const struct dma_slave_config *cfg,
		       unsigned int timeout_ms,
		       dmastream_done_fn done, void *ctx);
struct dmastream_xfer *
dmastream_submit_slave_sg(struct dmastream_chan *dc, struct dmastream_buf *buf,
			  size_t off, size_t len, size_t seg_size,
			  enum dma_transfer_direction dir,
			  const struct dma_slave_config *cfg,
			  unsigned int timeout_ms,
			  dmastream_done_fn done, void *ctx);
int dmastream_xfer_wait(struct dmastream_xfer *xfer);
int dmastream_xfer_result(struct dmastream_xfer *xfer, u64 *bytes,
			  u64 *latency_ns);
unsigned int dmastream_xfer_nents(const struct dmastream_xfer *xfer);
void dmastream_xfer_put(struct dmastream_xfer *xfer);

int dmastream_memcpy_sync(struct dmastream_chan *dc,
			  struct dmastream_buf *dst, size_t dst_off,
			  struct dmastream_buf *src, size_t src_off,
			  size_t len, unsigned int timeout_ms);

#endif /* _DMASTREAM_H */
