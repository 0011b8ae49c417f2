/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * dmastream: user-space interface of the PL330 stack's DMA client.
 *
 * /dev/dmastream hands out buffers as dma-buf file descriptors.  User space
 * maps them with mmap() and brackets every CPU access with the standard
 * DMA_BUF_IOCTL_SYNC START/END (linux/dma-buf.h): END gives the buffer to the
 * device (cache clean / bounce copy), START takes it back for the CPU.
 * Transfers name buffers by fd; they complete asynchronously and are reaped
 * with DMASTREAM_IOC_REAP once poll() reports POLLIN.
 *
 * Every structure has fixed-size fields only and reserved words that must be
 * zero, so the layout is the same for 32- and 64-bit user space.
 */
#ifndef _UAPI_LINUX_DMASTREAM_H
#define _UAPI_LINUX_DMASTREAM_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define DMASTREAM_API_VERSION	1

/* Channel roles: which of the client's channels a buffer or transfer uses. */
#define DMASTREAM_CHAN_MEMCPY	0
#define DMASTREAM_CHAN_TX	1	/* MEM_TO_DEV to the peripheral FIFO */
#define DMASTREAM_CHAN_RX	2	/* DEV_TO_MEM from the peripheral FIFO */
#define DMASTREAM_CHAN_COUNT	3

/* Capability bits of struct dmastream_chan_info.caps */
#define DMASTREAM_CAP_MEMCPY	0x1
#define DMASTREAM_CAP_SLAVE	0x2
#define DMASTREAM_CAP_CYCLIC	0x4
#define DMASTREAM_CAP_MEMSET	0x8
#define DMASTREAM_CAP_INTERLEAVE 0x10
#define DMASTREAM_CAP_PAUSE	0x20
#define DMASTREAM_CAP_TERMINATE	0x40
#define DMASTREAM_CAP_PRIVATE	0x80

/* Bits of struct dmastream_chan_info.directions */
#define DMASTREAM_DIRS_MEM_TO_MEM 0x1
#define DMASTREAM_DIRS_MEM_TO_DEV 0x2
#define DMASTREAM_DIRS_DEV_TO_MEM 0x4

/**
 * struct dmastream_chan_info - one channel the client can use
 * @name: dmaengine channel name (e.g. "dma0chan3"), NUL-terminated
 * @device: name of the DMA controller device, NUL-terminated
 * @role: DMASTREAM_CHAN_*
 * @present: 1 if the channel is held, 0 if the role is not available
 * @caps: DMASTREAM_CAP_* of the controller
 * @directions: DMASTREAM_DIRS_* reported by dma_get_slave_caps()
 * @src_widths: bitmask of supported source bus widths in bytes (bit n = n B)
 * @dst_widths: same for destination
 * @max_burst: maximum burst in words, 0 if unknown
 * @residue: residue granularity (0 descriptor, 1 segment, 2 burst)
 * @copy_align: log2 of the memcpy alignment the controller requires
 * @max_seg: largest length of one descriptor segment in bytes
 * @reserved: must be zero
 */
struct dmastream_chan_info {
	char name[32];
	char device[32];
	__u32 role;
	__u32 present;
	__u32 caps;
	__u32 directions;
	__u32 src_widths;
	__u32 dst_widths;
	__u32 max_burst;
	__u32 residue;
	__u32 copy_align;
	__u32 max_seg;
	__u32 reserved[2];
};

/* Bits of struct dmastream_query.flags */
#define DMASTREAM_QF_SLAVE	0x1	/* a DT client node is bound */
#define DMASTREAM_QF_CDNS_UART	0x2	/* ... and drives a Cadence UART */

/**
 * struct dmastream_query - DMASTREAM_IOC_QUERY argument
 * @version: out: DMASTREAM_API_VERSION
 * @flags: out: DMASTREAM_QF_*
 * @chans: in: user pointer to @nr_chans struct dmastream_chan_info
 * @nr_chans: in: room in @chans; out: entries written (DMASTREAM_CHAN_COUNT)
 * @fifo_width: out: bytes per FIFO access of the slave peripheral
 * @fifo_addr: out: bus address of the peripheral FIFO register (0 if none)
 * @cma_size: out: size of the default CMA pool in bytes (0 if unknown)
 * @max_buf_size: out: largest buffer DMASTREAM_IOC_ALLOC accepts
 * @max_inflight: out: transfers one open file may have in flight
 * @fifo_depth: out: RX FIFO bytes one DEV_TO_MEM may take after
 *	DMASTREAM_IOC_FIFO_WAIT (0 if the level is unknown)
 * @max_map_size: out: largest contiguous (single, CMA) buffer the memcpy
 *	controller can map at once, e.g. 256 KiB behind a bounce pool
 * @reserved: must be zero
 */
struct dmastream_query {
	__u32 version;
	__u32 flags;
	__u64 chans;
	__u32 nr_chans;
	__u32 fifo_width;
	__u64 fifo_addr;
	__u64 cma_size;
	__u64 max_buf_size;
	__u32 max_inflight;
	__u32 fifo_depth;
	__u64 max_map_size;
	__u32 reserved[2];
};

/* Buffer kinds (struct dmastream_alloc.kind) */
#define DMASTREAM_BUF_SINGLE	0	/* physically contiguous, page allocator */
#define DMASTREAM_BUF_SG	1	/* scattered pages, one sg entry each */
#define DMASTREAM_BUF_CMA	2	/* physically contiguous from the CMA pool */

/* Transfer directions a buffer may serve (alloc/import .dir) */
#define DMASTREAM_DIR_TO_DEV	1	/* device reads it: memcpy src, tx */
#define DMASTREAM_DIR_FROM_DEV	2	/* device writes it: memcpy dst, rx */
#define DMASTREAM_DIR_BIDIR	3	/* both (memcpy within one buffer) */

/**
 * struct dmastream_alloc - DMASTREAM_IOC_ALLOC argument
 * @size: in: bytes, 1 .. max_buf_size (rounded up to pages internally)
 * @kind: in: DMASTREAM_BUF_*
 * @dir: in: DMASTREAM_DIR_*, fixes the DMA mapping direction: TO_DEV for
 *	the tx role, FROM_DEV for rx, any of the three for memcpy
 * @chan: in: DMASTREAM_CHAN_* whose controller the buffer is mapped for
 * @fd: out: dma-buf file descriptor (O_RDWR | O_CLOEXEC)
 * @nents: out: number of DMA segments of the mapping
 * @reserved: must be zero
 *
 * The buffer is zeroed and starts owned by the device: take it with
 * DMA_BUF_IOCTL_SYNC START before touching it through mmap().
 */
struct dmastream_alloc {
	__u64 size;
	__u32 kind;
	__u32 dir;
	__u32 chan;
	__s32 fd;
	__u32 nents;
	__u32 reserved[3];
};

/**
 * struct dmastream_import - DMASTREAM_IOC_IMPORT argument
 * @fd: in: dma-buf fd from another exporter (e.g. /dev/dma_heap/system)
 * @chan: in: DMASTREAM_CHAN_* whose controller the attachment is for
 * @size: out: buffer size in bytes
 * @nents: out: number of DMA segments of the mapping
 * @reserved: must be zero
 *
 * The attachment lives until the importing file is closed or
 * DMASTREAM_IOC_UNIMPORT (and the transfers naming it have been reaped);
 * transfers then name the buffer by any fd of it.  CPU access goes through
 * the exporter's DMA_BUF_IOCTL_SYNC as usual.
 *
 * A dma-buf is mapped at most once by the client (overlapping mappings of
 * the same memory are not supported by the DMA API): several open files
 * importing the same buffer for the same controller share that one mapping
 * and its ownership (a buffer in flight for one of them is busy for all).
 * Errors besides those of every ioctl:
 *	-EEXIST: this file has imported the buffer already, or the buffer was
 *	allocated by the client (DMASTREAM_IOC_ALLOC buffers need no import);
 *	-EBUSY: the buffer is already imported, by some file, for another
 *	controller.
 */
struct dmastream_import {
	__s32 fd;
	__u32 chan;
	__u64 size;
	__u32 nents;
	__u32 reserved[3];
};

/* Bound of every timeout_ms (SUBMIT, FIFO_WAIT); beyond it: -EINVAL. */
#define DMASTREAM_MAX_TIMEOUT_MS 10000U

/* Most entries of one tx/rx scatterlist (struct dmastream_submit.seg_size) */
#define DMASTREAM_MAX_SEG_ENTRIES 4096U

/* Transfer operations (struct dmastream_submit.op) */
#define DMASTREAM_OP_MEMCPY	0	/* src_fd[src_off..] -> dst_fd[dst_off..] */
#define DMASTREAM_OP_TX		1	/* src_fd[src_off..] -> peripheral FIFO */
#define DMASTREAM_OP_RX		2	/* peripheral FIFO -> dst_fd[dst_off..] */

/**
 * struct dmastream_submit - DMASTREAM_IOC_SUBMIT argument
 * @op: in: DMASTREAM_OP_*
 * @flags: in: must be zero
 * @src_fd: in: source dma-buf fd (memcpy, tx), else -1
 * @dst_fd: in: destination dma-buf fd (memcpy, rx), else -1
 * @src_off: in: byte offset in the source buffer
 * @dst_off: in: byte offset in the destination buffer
 * @len: in: bytes to move (tx/rx: a multiple of the FIFO width)
 * @timeout_ms: in: 0 = module default, at most DMASTREAM_MAX_TIMEOUT_MS;
 *	the channel is terminated after it
 * @burst: in: slave maxburst in FIFO words, 0 = 1
 * @user_data: in: echoed in the status
 * @id: out: transfer id, unique per open file
 * @seg_size: in: tx/rx: largest scatterlist entry in bytes, a multiple of
 *	the FIFO width and at most @len (else -EINVAL); the range becomes one
 *	descriptor of a list cut at the buffer's segments and every
 *	@seg_size bytes, at most DMASTREAM_MAX_SEG_ENTRIES entries (else
 *	-E2BIG).  0: the buffer's own segments (one piece for a contiguous
 *	buffer).  memcpy: must be 0
 * @nents: out: tx/rx: entries of the descriptor's scatterlist; memcpy:
 *	descriptors the copy was split into.  Ignored on input
 * @reserved: must be zero
 */
struct dmastream_submit {
	__u32 op;
	__u32 flags;
	__s32 src_fd;
	__s32 dst_fd;
	__u64 src_off;
	__u64 dst_off;
	__u64 len;
	__u32 timeout_ms;
	__u32 burst;
	__u64 user_data;
	__u64 id;
	__u32 seg_size;
	__u32 nents;
	__u32 reserved[2];
};

/**
 * struct dmastream_status - one completed transfer
 * @id: transfer id from DMASTREAM_IOC_SUBMIT
 * @user_data: as submitted
 * @bytes: bytes the controller reports moved
 * @latency_ns: submit-to-completion time in nanoseconds
 * @result: 0, or -errno: -ETIMEDOUT (terminated after its timeout),
 *	-ECANCELED (terminated by the client because another transfer on the
 *	channel timed out; never a hardware fault), -EIO (the controller
 *	reported a fault: read failed, write failed or aborted),
 *	-ENOMEM (partly prepared)
 * @op: DMASTREAM_OP_*
 */
struct dmastream_status {
	__u64 id;
	__u64 user_data;
	__u64 bytes;
	__u64 latency_ns;
	__s32 result;
	__u32 op;
};

/*
 * struct dmastream_reap.flags
 *
 * DMASTREAM_REAP_WAIT: block until a finished transfer of this file waits
 * to be reaped, or none is in flight (then return at once, @count 0).  The
 * wait is interruptible: a signal ends it with EINTR (or restarts the call,
 * SA_RESTART).  It is otherwise bounded only by the transfers' timeouts
 * (at most 10 s each), so it can last longer while other threads keep
 * submitting on the same file.  Several threads may reap one file: each
 * status goes to exactly one of them, so a waiter may still return with
 * @count 0 when another took the status that woke it.
 */
#define DMASTREAM_REAP_WAIT	0x1

/**
 * struct dmastream_reap - DMASTREAM_IOC_REAP argument
 * @status: in: user pointer to @max struct dmastream_status
 * @max: in: room in @status (>= 1)
 * @count: out: statuses written, oldest completion first
 * @flags: in: DMASTREAM_REAP_*
 * @inflight: out: transfers of this file still in flight
 */
struct dmastream_reap {
	__u64 status;
	__u32 max;
	__u32 count;
	__u32 flags;
	__u32 inflight;
};

/* struct dmastream_fifo.flags */
#define DMASTREAM_FIFO_FLUSH	0x1	/* discard the RX FIFO first */

/**
 * struct dmastream_fifo - DMASTREAM_IOC_FIFO_WAIT argument
 * @bytes: in: wait until the RX FIFO holds at least this many bytes
 *	(1 .. fifo_depth); 0 with DMASTREAM_FIFO_FLUSH only flushes
 * @timeout_ms: in: bound of the wait, 0 = 5000, at most
 *	DMASTREAM_MAX_TIMEOUT_MS
 * @flags: in: DMASTREAM_FIFO_*
 * @flushed: out: bytes discarded by DMASTREAM_FIFO_FLUSH
 *
 * The emulated PL330 treats peripheral requests as always asserted, so a
 * DEV_TO_MEM started on an empty FIFO reads zeros: wait for the data first,
 * then receive at most @bytes.  -ETIMEDOUT if the data did not arrive,
 * -EOPNOTSUPP if the peripheral has no known FIFO level (generic binding).
 */
struct dmastream_fifo {
	__u32 bytes;
	__u32 timeout_ms;
	__u32 flags;
	__u32 flushed;
};

#define DMASTREAM_IOC_MAGIC	0xD5

#define DMASTREAM_IOC_QUERY	_IOWR(DMASTREAM_IOC_MAGIC, 0x00, struct dmastream_query)
#define DMASTREAM_IOC_ALLOC	_IOWR(DMASTREAM_IOC_MAGIC, 0x01, struct dmastream_alloc)
#define DMASTREAM_IOC_IMPORT	_IOWR(DMASTREAM_IOC_MAGIC, 0x02, struct dmastream_import)
#define DMASTREAM_IOC_UNIMPORT	_IOW(DMASTREAM_IOC_MAGIC, 0x03, __s32)
#define DMASTREAM_IOC_SUBMIT	_IOWR(DMASTREAM_IOC_MAGIC, 0x04, struct dmastream_submit)
#define DMASTREAM_IOC_REAP	_IOWR(DMASTREAM_IOC_MAGIC, 0x05, struct dmastream_reap)
#define DMASTREAM_IOC_FIFO_WAIT	_IOWR(DMASTREAM_IOC_MAGIC, 0x06, struct dmastream_fifo)

#endif /* _UAPI_LINUX_DMASTREAM_H */
