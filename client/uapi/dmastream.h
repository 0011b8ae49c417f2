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
#define DMASTREAM_OP_MEMSET	3	/* value -> dst_fd[dst_off..] (memcpy role) */
#define DMASTREAM_OP_INTERLEAVED 4	/* 2-D: frames of src_fd -> dst_fd (memcpy role) */

/**
 * struct dmastream_submit - DMASTREAM_IOC_SUBMIT argument
 * @op: in: DMASTREAM_OP_*
 * @flags: in: must be zero
 * @src_fd: in: source dma-buf fd (memcpy, tx, interleaved), else -1
 * @dst_fd: in: destination dma-buf fd (memcpy, rx, memset, interleaved),
 *	else -1
 * @src_off: in: byte offset in the source buffer (interleaved: of the
 *	first frame)
 * @dst_off: in: byte offset in the destination buffer (interleaved: of
 *	the first frame)
 * @len: in: bytes to move (tx/rx: a multiple of the FIFO width;
 *	interleaved: bytes copied from each frame, the chunk)
 * @timeout_ms: in: 0 = module default, at most DMASTREAM_MAX_TIMEOUT_MS;
 *	the channel is terminated after it
 * @burst: in: tx/rx: slave maxburst in FIFO words, 0 = 1
 * @value: in: memset: the byte every byte of the range becomes, 0..255
 *	(else -EINVAL); the same word as @burst
 * @frames: in: interleaved: frames (rows) to copy, > 0 (else -EINVAL); the
 *	same word as @burst
 * @user_data: in: echoed in the status
 * @id: out: transfer id, unique per open file
 * @seg_size: in: tx/rx: largest scatterlist entry in bytes, a multiple of
 *	the FIFO width and at most @len (else -EINVAL); the range becomes one
 *	descriptor of a list cut at the buffer's segments and every
 *	@seg_size bytes, at most DMASTREAM_MAX_SEG_ENTRIES entries (else
 *	-E2BIG).  0: the buffer's own segments (one piece for a contiguous
 *	buffer).  memcpy, memset: must be 0
 * @src_stride: in: interleaved: bytes from one source frame's start to the
 *	next one's, >= @len (else -EINVAL); the same word as @seg_size
 * @nents: out: tx/rx: entries of the descriptor's scatterlist; memcpy,
 *	memset, interleaved: descriptors the transfer was split into.
 *	Ignored on input
 * @reserved: must be zero
 * @dst_stride: in: interleaved: the same in the destination, >= @len;
 *	other operations: must be zero
 *
 * Memset and interleaved run on the memcpy role's channel.  Interleaved
 * frame f is [@src_off + f * @src_stride, + @len) of the source, copied
 * to [@dst_off + f * @dst_stride, + @len) of the destination; the bytes
 * between frames are not touched.  Errors of these two besides those of
 * memcpy: EOPNOTSUPP (the channel lacks DMA_MEMSET / DMA_INTERLEAVE; the
 * kernel log names it), ERANGE (a frame outside its buffer), EOVERFLOW
 * (the last frame's end overflows).
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
	union {
		__u32 burst;
		__u32 value;
		__u32 frames;
	};
	__u64 user_data;
	__u64 id;
	union {
		__u32 seg_size;
		__u32 src_stride;
	};
	__u32 nents;
	__u32 reserved[1];
	__u32 dst_stride;
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

/**
 * struct dmastream_import_user - DMASTREAM_IOC_IMPORT_USER argument
 * @addr: in: address of the first byte, in the caller's own memory, any
 *	alignment (malloc()'d memory will do)
 * @size: in: bytes, 1 .. max_buf_size
 * @chan: in: DMASTREAM_CHAN_* whose controller the buffer is mapped for
 * @dir: in: DMASTREAM_DIR_*, as for DMASTREAM_IOC_ALLOC (FROM_DEV and
 *	BIDIR need writable memory)
 * @fd: out: a dma-buf fd naming the buffer in SUBMIT and for
 *	DMA_BUF_IOCTL_SYNC (it cannot be mmap()ed: the caller has the
 *	memory mapped already)
 * @nents: out: DMA segments of the mapping (DMASTREAM_IOC_SEGMENTS)
 * @reserved: must be zero
 *
 * The pages are pinned (they cannot move or be swapped) until the fd's
 * last reference goes, then unpinned.  Bracket CPU access with
 * DMA_BUF_IOCTL_SYNC START/END as for any buffer; never write a FROM_DEV
 * one.  Errors besides those of every ioctl: EFAULT (a page is not mapped,
 * or read-only for FROM_DEV/BIDIR), EOPNOTSUPP (not anonymous or shmem
 * memory: a file, a device or dma-buf mapping), EBUSY (a page of it is
 * imported already, or mapped twice in the range: two mappings of one page
 * would share cache lines), E2BIG (beyond max_buf_size), ENOMEM (no
 * memory, or beyond the caller's RLIMIT_MEMLOCK: the pinned pages are
 * charged to its pinned_vm until the buffer goes, the limit waived for
 * CAP_IPC_LOCK; the kernel log says so).
 */
struct dmastream_import_user {
	__u64 addr;
	__u64 size;
	__u32 chan;
	__u32 dir;
	__s32 fd;
	__u32 nents;
	__u32 reserved[2];
};

/* One DMA segment (struct dmastream_segments). */
struct dmastream_segment {
	__u64 dma_addr;
	__u64 len;
};

/**
 * struct dmastream_segments - DMASTREAM_IOC_SEGMENTS argument
 * @fd: in: a buffer of this client (ALLOC or IMPORT_USER)
 * @max: in: room at @segs
 * @segs: in: user pointer to @max struct dmastream_segment
 * @count: out: segments of the mapping (at most @max written)
 * @reserved: must be zero
 *
 * What the controller sees of a buffer: the bus address and length of each
 * segment of its mapping, e.g. the scattered pages of malloc()'d memory.
 */
struct dmastream_segments {
	__s32 fd;
	__u32 max;
	__u64 segs;
	__u32 count;
	__u32 reserved;
};

/* struct dmastream_sync.flags */
#define DMASTREAM_SYNC_START	0x1	/* take the range for the CPU */
#define DMASTREAM_SYNC_END	0x2	/* hand the range back to the device */
#define DMASTREAM_SYNC_READ	0x4	/* START: the CPU reads */
#define DMASTREAM_SYNC_WRITE	0x8	/* START: the CPU writes */

/**
 * struct dmastream_sync - DMASTREAM_IOC_SYNC argument
 * @fd: in: a buffer of this client, or one this file imported
 * @flags: in: DMASTREAM_SYNC_START or _END; with START, READ and/or WRITE
 * @off: in: first byte of the range
 * @len: in: bytes; 0: up to the end of the buffer
 *
 * A range hand-over: like DMA_BUF_IOCTL_SYNC START/END, but only
 * [@off, @off + @len) is synced (START: made current for the CPU; END:
 * made visible to the device), so only that range may be accessed.  The
 * buffer is CPU-owned between START and END as with DMA_BUF_IOCTL_SYNC.
 * For an imported buffer the client's own mapping is synced, whole: needed
 * with exporters that sync only their own (udmabuf).  Errors: EBUSY (in
 * flight or being synced), EACCES (WRITE on a FROM_DEV buffer), ERANGE,
 * ENOENT (not a buffer of this client or file).
 */
struct dmastream_sync {
	__s32 fd;
	__u32 flags;
	__u64 off;
	__u64 len;
};

/* ---- streaming rings ---- */

/* struct dmastream_ring_setup.dir */
#define DMASTREAM_RING_CAPTURE	0	/* DEV_TO_MEM, on the rx role's channel */
#define DMASTREAM_RING_PLAYBACK	1	/* MEM_TO_DEV, on the tx role's channel */

/* Most periods of one ring */
#define DMASTREAM_RING_MAX_PERIODS 1024U

/**
 * struct dmastream_ring_setup - DMASTREAM_IOC_RING_CREATE argument
 * @dir: in: DMASTREAM_RING_*
 * @periods: in: periods in the ring, 2 .. DMASTREAM_RING_MAX_PERIODS
 * @period_bytes: in: bytes per period, a multiple of the FIFO width (4
 *	with @fifo_fd); the ring (@periods * @period_bytes, at most
 *	max_map_size and max_buf_size) is one contiguous buffer
 * @burst: in: FIFO words per peripheral request, 0 = 1
 * @fifo_fd: in: -1: the peripheral's FIFO; else a buffer of this client
 *	(DMASTREAM_IOC_ALLOC, mapped for the same controller; TO_DEV or BIDIR
 *	for capture, FROM_DEV or BIDIR for playback) whose first 4 bytes
 *	stand in for the FIFO register: a loopback for tests, paced by the
 *	controller's test gates where there is no peripheral to pace it
 * @flags: in: must be zero
 * @fd: out: the ring's buffer as a dma-buf fd: mmap() it (read-only for
 *	capture); period i is at offset i * @period_bytes.  Whole-buffer
 *	DMA_BUF_IOCTL_SYNC and DMASTREAM_IOC_SYNC are refused (EBUSY) while
 *	the ring exists: the CPU owns a period between RING_DEQUEUE and
 *	RING_QUEUE, and only that one
 * @reserved: must be zero
 *
 * One ring per open file; it lives until DMASTREAM_IOC_RING_DESTROY or
 * close().  While it runs its channel serves nothing else (SUBMIT on that
 * role: EBUSY).  Capture: RING_DEQUEUE the oldest finished period, read
 * it, RING_QUEUE it back; poll() reports EPOLLIN while one waits.
 * Playback: RING_DEQUEUE the slot of the next period to play, write it,
 * RING_QUEUE it; EPOLLOUT while a slot is free; up to @periods may be
 * queued before RING_START.  A stopped ring reports EPOLLHUP (and
 * EPOLLERR after a failure).  Overruns (capture: the device came round
 * to a period not given back: it is lost) and underruns (playback: the
 * device reached a period not queued for it: it plays the last lap's
 * data) are counted from the hardware position: DMASTREAM_IOC_RING_STATUS.
 * Errors besides those of every ioctl: EEXIST (this file has a ring),
 * ENODEV (no channel for the role), EOPNOTSUPP (the channel cannot do
 * cyclic transfers), EXDEV (@fifo_fd mapped for another controller),
 * EACCES (@fifo_fd mapped for the wrong direction), E2BIG (beyond
 * max_buf_size or one mapping).
 */
struct dmastream_ring_setup {
	__u32 dir;
	__u32 periods;
	__u32 period_bytes;
	__u32 burst;
	__s32 fifo_fd;
	__u32 flags;
	__s32 fd;
	__u32 reserved[3];
};

/* struct dmastream_period.flags (in) */
#define DMASTREAM_RING_WAIT	0x1	/* block until a period is there */

/*
 * struct dmastream_period.result (out) of RING_QUEUE: the device went
 * through the period while the CPU held it (capture data read may be
 * torn, a playback period was not played)
 */
#define DMASTREAM_RING_CLOBBERED 1

/**
 * struct dmastream_period - RING_DEQUEUE / RING_QUEUE argument
 * @index: out (DEQUEUE) / in (QUEUE): the period's slot
 * @flags: in: DEQUEUE: DMASTREAM_RING_*; QUEUE: must be zero
 * @seq: out: period number since start (capture: a gap is an overrun)
 * @offset: out: byte offset in the ring's buffer
 * @len: out: period bytes
 * @t_done_ns: out: capture: CLOCK_MONOTONIC ns when the period was seen
 *	finished; playback: 0
 * @timeout_ms: in: DEQUEUE with WAIT: bound of the wait, 0 = 5000, at
 *	most DMASTREAM_MAX_TIMEOUT_MS
 * @result: out: QUEUE: 0 or DMASTREAM_RING_CLOBBERED
 *
 * DEQUEUE errors: EAGAIN (none now; ETIMEDOUT with WAIT), EIO (the
 * transfer failed), ESHUTDOWN (stopped and nothing left), ENOENT (no
 * ring), EINTR.  QUEUE: EINVAL (index), EBUSY (not a period the CPU
 * holds).
 */
struct dmastream_period {
	__u32 index;
	__u32 flags;
	__u64 seq;
	__u64 offset;
	__u64 len;
	__u64 t_done_ns;
	__u32 timeout_ms;
	__s32 result;
};

/**
 * struct dmastream_ring_info - DMASTREAM_IOC_RING_STATUS argument (out)
 * @periods: periods in the ring
 * @period_bytes: bytes per period
 * @hw_periods: periods the device has finished since start
 * @hw_index: period the device is in
 * @available: capture: finished periods waiting; playback: free slots
 * @held: periods the CPU holds
 * @overruns: capture: periods lost (the device came round to them)
 * @underruns: playback: periods played without a fresh one queued
 * @clobbered: periods the device went through while the CPU held them
 * @dequeued: periods handed to the CPU
 * @queued: periods handed back
 * @callbacks: period callbacks received
 * @running: 1 while the cyclic transfer runs
 * @laps: whole laps the device went unseen between two looks at its
 *	position (a period callback found it unmoved), each accounted as one
 *	lap: a lower bound
 * @error: 0, -EIO (the transfer failed), -ESHUTDOWN
 * @reserved: zero
 */
struct dmastream_ring_info {
	__u32 periods;
	__u32 period_bytes;
	__u64 hw_periods;
	__u32 hw_index;
	__u32 available;
	__u32 held;
	__u32 running;
	__u64 overruns;
	__u64 underruns;
	__u64 clobbered;
	__u64 dequeued;
	__u64 queued;
	__u64 callbacks;
	__u64 laps;
	__s32 error;
	__u32 reserved[3];
};

#define DMASTREAM_IOC_MAGIC	0xD5

#define DMASTREAM_IOC_QUERY	_IOWR(DMASTREAM_IOC_MAGIC, 0x00, struct dmastream_query)
#define DMASTREAM_IOC_ALLOC	_IOWR(DMASTREAM_IOC_MAGIC, 0x01, struct dmastream_alloc)
#define DMASTREAM_IOC_IMPORT	_IOWR(DMASTREAM_IOC_MAGIC, 0x02, struct dmastream_import)
#define DMASTREAM_IOC_UNIMPORT	_IOW(DMASTREAM_IOC_MAGIC, 0x03, __s32)
#define DMASTREAM_IOC_SUBMIT	_IOWR(DMASTREAM_IOC_MAGIC, 0x04, struct dmastream_submit)
#define DMASTREAM_IOC_REAP	_IOWR(DMASTREAM_IOC_MAGIC, 0x05, struct dmastream_reap)
#define DMASTREAM_IOC_FIFO_WAIT	_IOWR(DMASTREAM_IOC_MAGIC, 0x06, struct dmastream_fifo)
#define DMASTREAM_IOC_IMPORT_USER _IOWR(DMASTREAM_IOC_MAGIC, 0x07, struct dmastream_import_user)
#define DMASTREAM_IOC_SEGMENTS	_IOWR(DMASTREAM_IOC_MAGIC, 0x08, struct dmastream_segments)
#define DMASTREAM_IOC_SYNC	_IOW(DMASTREAM_IOC_MAGIC, 0x09, struct dmastream_sync)
#define DMASTREAM_IOC_RING_CREATE _IOWR(DMASTREAM_IOC_MAGIC, 0x0a, struct dmastream_ring_setup)
#define DMASTREAM_IOC_RING_START _IO(DMASTREAM_IOC_MAGIC, 0x0b)
#define DMASTREAM_IOC_RING_STOP	_IO(DMASTREAM_IOC_MAGIC, 0x0c)
#define DMASTREAM_IOC_RING_DESTROY _IO(DMASTREAM_IOC_MAGIC, 0x0d)
#define DMASTREAM_IOC_RING_DEQUEUE _IOWR(DMASTREAM_IOC_MAGIC, 0x0e, struct dmastream_period)
#define DMASTREAM_IOC_RING_QUEUE _IOWR(DMASTREAM_IOC_MAGIC, 0x0f, struct dmastream_period)
#define DMASTREAM_IOC_RING_STATUS _IOR(DMASTREAM_IOC_MAGIC, 0x10, struct dmastream_ring_info)

#endif /* _UAPI_LINUX_DMASTREAM_H */
