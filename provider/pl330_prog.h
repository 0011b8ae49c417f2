/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PL330 (DMA-330) instruction encoding and channel program generation.
 *
 * Pure C: no kernel dependency beyond fixed-width integer types, so the same
 * source is compiled into the provider and into the host unit tests.
 *
 * A program moves a list of segments (one per scatterlist entry, or one per
 * period for cyclic transfers).  Every beat the program issues is aligned to
 * its width, so the result is the same on real hardware and on QEMU's model
 * (both shorten beats at unaligned addresses).  Generation can start at any
 * byte of any segment and stops when the buffer is full, so a transfer too
 * large for one program is split over several, and a paused transfer is
 * resumed from the exact byte it stopped at.
 */
#ifndef PL330_PROG_H
#define PL330_PROG_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "host_types.h"	/* u8..u64 and bool for the host unit tests */
#endif

#define PL330_MAX_BURST		16	/* beats per burst (CCR burst_len + 1) */
#define PL330_MAX_LOOP		256	/* iterations of one DMALP */
#define PL330_MAX_PERIPH	32	/* request lines the ISA can name */
#define PL330_MAX_EVENT		32	/* events the ISA can name */
#define PL330_NO_EVENT		(-1)
#define PL330_BUS_MAX		0xffffffffULL	/* SAR/DAR are 32 bits wide */

/* Revisions, from the peripheral ID (bits 23:20). */
#define PL330_REV_R0P0		0	/* needs barriers around LD/ST (lock-up) */
#define PL330_REV_R1P0		1
#define PL330_REV_R1P1		2

/* Instruction opcodes (first byte; low bits may carry operands). */
#define PL330_OP_END		0x00
#define PL330_OP_KILL		0x01
#define PL330_OP_LD		0x04	/* | 1: S, | 3: B */
#define PL330_OP_ST		0x08	/* | 1: S, | 3: B */
#define PL330_OP_STZ		0x0c
#define PL330_OP_RMB		0x12
#define PL330_OP_WMB		0x13
#define PL330_OP_NOP		0x18
#define PL330_OP_LP		0x20	/* | 2: loop counter 1 */
#define PL330_OP_LDP		0x25	/* | 2: B */
#define PL330_OP_LPEND		0x28	/* flags in low bits, see .c */
#define PL330_OP_STP		0x29	/* | 2: B */
#define PL330_OP_WFP		0x30	/* | 0: S, 2: B, 1: P */
#define PL330_OP_SEV		0x34
#define PL330_OP_FLUSHP		0x35
#define PL330_OP_WFE		0x36
#define PL330_OP_MOV		0xbc
#define PL330_OP_GO		0xa0	/* | 2: non-secure */

/* DMAMOV destinations. */
#define PL330_MOV_SAR		0
#define PL330_MOV_CCR		1
#define PL330_MOV_DAR		2

/* Undefined opcode, planted to inject a channel fault on purpose. */
#define PL330_OP_UNDEFINED	0xff

/*
 * Every program with data to move starts with DMAMOV SAR and DMAMOV DAR of
 * its first byte: from this many bytes into the program on, SARn and DARn
 * say where the thread is; before that they still hold where the thread's
 * previous program stopped.
 */
#define PL330_PROG_ADDR_SET	12

/*
 * Units without a DMAWMB of their own (memory to memory) between two
 * DMAWMB at most: a DMAKILL may drop stores issued since the last one
 * (see struct pl330_prog_where), so this bounds what a pause copies again.
 */
#define PL330_FENCE_UNITS	256

/* Size in bytes of the DMAGO instruction written to the debug registers. */
#define PL330_GO_SIZE		6

/*
 * Added: a program buffer of at least this many bytes always makes
 * progress (pl330_prog_build() never returns -ENOSPC for it): the largest
 * step (DMAFLUSHP, three DMAMOV, a gate, two nested loops around the
 * largest unit, DMAWMB and a segment DMASEV) plus the closing (fault byte,
 * DMAWMB, DMASEV, DMAEND).  Smaller buffers may work for simple requests.
 */
#define PL330_PROG_MIN_SIZE	52

/**
 * struct pl330_prog_cfg - controller properties a program depends on
 * @bus_bytes: AXI data bus width in bytes (CRD data_width: 4, 8 or 16)
 * @fifo_bytes: MFIFO (data buffer) size in bytes; a burst never exceeds it.
 *              Must be >= 16 and >= @bus_bytes, else -EINVAL (CRD
 *              data_buffer_dep lines x @bus_bytes)
 * @revision: PL330_REV_* (r0p0 gets barriers between loads and stores)
 * @no_flushp: arm,pl330-broken-no-flushp: never emit DMAFLUSHP
 * @periph_burst: arm,pl330-periph-burst: peripheral LDP/STP use burst form
 * @ccr_prot: AxCACHE/AxPROT bits ORed into every CCR (already shifted),
 *            from pl330_ccr_prot()
 * @nthreads: channel threads sharing the MFIFO (CR0 num_chnls; 0 counts
 *            as 1).  Programs running at once must not need more MFIFO
 *            than there is, or the DMAC can lock up (DMA-330 TRM), so
 *            every burst keeps within one thread's share,
 *            pl330_prog_fifo_share()
 */
struct pl330_prog_cfg {
	u8 bus_bytes;
	u16 fifo_bytes;
	u8 revision;
	bool no_flushp;
	bool periph_burst;
	u32 ccr_prot;
	u8 nthreads;
};

enum pl330_xfer_type {
	PL330_XFER_MEMCPY,	/* memory to memory */
	PL330_XFER_MEMSET,	/* fill memory from a fixed pattern address */
	PL330_XFER_TO_DEV,	/* memory to peripheral FIFO (fixed address) */
	PL330_XFER_FROM_DEV,	/* peripheral FIFO (fixed address) to memory */
};

/**
 * struct pl330_seg - one contiguous piece of a transfer
 * @src: source bus address (TO_DEV/MEMCPY: memory; FROM_DEV: device FIFO;
 *       MEMSET: ignored, the request's @fill_addr is used)
 * @dst: destination bus address (TO_DEV: device FIFO)
 * @len: bytes; 0 is allowed and moves nothing
 */
struct pl330_seg {
	u32 src;
	u32 dst;
	u32 len;
};

/**
 * struct pl330_prog_req - what one program (or chain of programs) must do
 * @type: transfer type
 * @segs: segments, moved in order
 * @nsegs: number of segments
 * @periph: peripheral request line (TO_DEV / FROM_DEV)
 * @dev_width: peripheral access width in bytes: 1, 2, 4 or 8
 * @dev_burst: beats per peripheral request, 1..16
 * @fill_addr: MEMSET only: bus address of @cfg->bus_bytes bytes of pattern
 *             (8-byte aligned), read with a fixed (non-incrementing) address.
 *             Every pattern byte must hold the fill value (narrow head/tail
 *             beats read its first bytes).  Any alignment works; the body
 *             width is the widest power of two <= bus_bytes dividing it,
 *             so align it to @cfg->bus_bytes for full speed
 * @end_event: event signalled (DMASEV) when the program ends, or
 *             PL330_NO_EVENT
 * @seg_event: event signalled after every segment (cyclic periods), or
 *             PL330_NO_EVENT
 * @gate_event: test hook: DMAWFE on this event before every @gate_every
 *              bytes of each segment (and before each segment), holding the
 *              transfer mid-way until the CPU signals the event; or
 *              PL330_NO_EVENT
 * @gate_every: test hook: bytes between gates (rounded to whole bursts)
 * @fault_at: test hook: plant an undefined opcode after this many bytes of
 *            the program have been moved (0 = at the start), or -1 for none
 *
 * Slave (TO_DEV / FROM_DEV) contract, checked by build and size (-EINVAL):
 * @dev_width 1, 2, 4 or 8 and <= cfg->bus_bytes; @dev_burst 1..16;
 * @dev_width * @dev_burst <= pl330_prog_fifo_share(cfg); @periph < 32; every segment's
 * @len a multiple of @dev_width (a smaller remainder cannot be expressed
 * on the device side: the glue must refuse it at prep); the device address
 * aligned to @dev_width.  Bytes not a multiple of @dev_width * @dev_burst
 * go as single requests of one @dev_width beat.  The memory address may
 * have any alignment: the memory side then uses narrower beats (several
 * DMALD/DMAST per request if needed), every beat stays aligned.  Burst
 * requests (DMAWFPB, DMALDPB/DMASTPB) when @dev_burst > 1 or
 * cfg->periph_burst; single ones otherwise.  One DMAFLUSHP follows the
 * program's first DMAMOVs (PL330_PROG_ADDR_SET) unless cfg->no_flushp.
 *
 * Events: @end_event ends every program (split programs too); @seg_event
 * follows the last byte of each segment, in whichever program finishes it
 * (zero-length segments included).  A DMAWMB comes before every DMASEV
 * that follows a store: an event says the stores before it have
 * completed, not only been issued.
 *
 * Slave requests end with DMAWMB: a thread waiting for the next request
 * has nothing in flight, so it can be stopped there without loss (see
 * struct pl330_prog_where).  Memory-to-memory units do not (a barrier per
 * burst would stall the thread on every write response): a DMAWMB follows
 * at most PL330_FENCE_UNITS of them.
 *
 * Gates: a DMAWFE is planted at the start of every piece of a segment a
 * program generates (the segment start, and also the resume point when a
 * program starts mid-segment), then before every whole-burst (whole
 * request for slaves) multiple of @gate_every bytes of the segment's body
 * (@gate_every 0: segment starts only).  When the channel waits at a gate,
 * SAR/DAR already hold the address of the next byte on the memory side(s)
 * and everything before it has been stored (CCR loaded too).
 *
 * Fault: @fault_at counts request bytes from the start of the request, not
 * from the program's start position.  The segment is cut there exactly
 * (slaves: rounded down to @dev_width), after a DMAWMB (every store
 * before the fault complete); @fault_at >= total bytes plants it after
 * the last byte, before the end event.  A program holding the fault
 * stops there: pl330_prog_build() sets *pos to the end.  A program started
 * beyond @fault_at plants nothing.
 */
struct pl330_prog_req {
	enum pl330_xfer_type type;
	const struct pl330_seg *segs;
	unsigned int nsegs;
	u8 periph;
	u8 dev_width;
	u8 dev_burst;
	u32 fill_addr;
	int end_event;
	int seg_event;
	int gate_event;
	u32 gate_every;
	long fault_at;
};

/**
 * struct pl330_prog_pos - position in a request's data
 * @seg: index of the segment
 * @off: byte offset inside that segment
 *
 * {0, 0} is the start; {nsegs, 0} means everything has been generated.
 */
struct pl330_prog_pos {
	unsigned int seg;
	u32 off;
};

/**
 * pl330_prog_build() - generate a channel program
 * @cfg: controller properties
 * @req: the transfer
 * @pos: in: where to start; out: where this program stops
 * @buf: program memory (may be NULL with @size 0 to only measure)
 * @size: bytes available in @buf
 *
 * Generates as much of @req as fits, always ending the program with the
 * requested events and DMAEND.  Generation never stops inside a segment's
 * burst: a program that ends early ends on a whole-burst boundary.
 *
 * Every program starts by loading SAR, DAR and CCR (registers are only
 * reloaded later when they differ, e.g. not between contiguous segments),
 * so the program that continues from the returned *@pos needs nothing from
 * the previous one.  Every beat is aligned to its width on both sides.
 *
 * @buf NULL means measure only: nothing is written, @size is ignored (no
 * limit), the length is returned and *@pos advanced as if written.
 * Cost: proportional to the segments generated, never to their bytes
 * (about 20 bytes and a few hundred instructions for a small memcpy).
 *
 * Return: program length in bytes, -EINVAL for a request that cannot be
 * expressed (bad width, burst, event or periph, see struct pl330_prog_req;
 * bad cfg; *@pos outside the request), -ENOSPC if @size cannot hold even
 * the smallest step (never for @size >= PL330_PROG_MIN_SIZE); *@pos is then
 * unchanged.
 */
int pl330_prog_build(const struct pl330_prog_cfg *cfg,
		     const struct pl330_prog_req *req,
		     struct pl330_prog_pos *pos, u8 *buf, u32 size);

/**
 * pl330_bus_span_ok() - can the controller address [@addr, @addr + @len)?
 * @addr: first byte's bus address, as wide as the kernel's dma_addr_t or
 *        phys_addr_t (64 bits with LPAE)
 * @len: bytes (0: only @addr itself must be reachable)
 *
 * The PL330's address registers hold 32 bits and wrap.  A segment that
 * starts or ends beyond 4 GiB would be moved at a truncated address: the
 * caller refuses it instead.  Overflow-safe for any @addr and @len.
 *
 * Return: true if every byte of the span is below 4 GiB.
 */
static inline bool pl330_bus_span_ok(u64 addr, u64 len)
{
	return addr <= PL330_BUS_MAX && len <= PL330_BUS_MAX + 1 - addr;
}

/**
 * pl330_prog_size() - program bytes needed to generate @req whole
 * @cfg: controller properties
 * @req: the transfer
 *
 * Exactly the length pl330_prog_build() returns for @req from {0, 0} with a
 * buffer that large (the same walk without a buffer).
 *
 * Return: bytes for one program holding all of @req, or negative errno.
 */
long pl330_prog_size(const struct pl330_prog_cfg *cfg,
		     const struct pl330_prog_req *req);

/**
 * pl330_prog_pos_bytes() - bytes of @req before @pos
 * @req: the transfer
 * @pos: a position in it
 *
 * Return: sum of the lengths of the segments before @pos plus @pos->off.
 */
u64 pl330_prog_pos_bytes(const struct pl330_prog_req *req,
			 const struct pl330_prog_pos *pos);

/**
 * pl330_prog_pos_at() - position of the byte @bytes into @req
 * @req: the transfer
 * @bytes: byte count from the start
 * @pos: out: the position
 */
void pl330_prog_pos_at(const struct pl330_prog_req *req, u64 bytes,
		       struct pl330_prog_pos *pos);

/**
 * struct pl330_prog_where - a channel thread stopped in a program, and
 *                           what it had done
 * @pc: in: CPC minus the program's bus address
 * @lc0: in: LC0 of the thread
 * @lc1: in: LC1 of the thread
 * @pos: out: where the last DMAWMB the thread passed stands: every store
 *       before it has completed, none after it is known to.  A program
 *       built from here continues with nothing lost; it stores again what
 *       the thread stored after that DMAWMB (harmless from memory: the
 *       same bytes; a slave thread stopped while quiet has stored
 *       nothing since).  A segment whose last byte is stored but whose
 *       event is not yet signalled is {seg, len}: the next program
 *       signals it
 * @unstored: out: bytes beyond @pos whose stores the thread had issued
 *            (DAR, SAR of MEM_TO_DEV less the MFIFO, counts them)
 * @held: out: bytes beyond @pos the thread had loaded (@unstored
 *        included): DMAKILL may discard them all.  From memory they are
 *        loaded again, from a peripheral they are lost
 * @quiet: out: the thread was between two units (bursts, requests): it
 *         had issued no load or store of the next one, and (slave
 *         programs, whose requests end with DMAWMB) every store before it
 *         had completed.  A slave thread killed there has nothing in
 *         flight
 *
 * The DMA-330 TRM (ARM DDI 0424): an instruction at CPC has not been
 * carried out (a thread waiting in DMAWFP, DMAWFE or a barrier is at it);
 * an executed DMALD/DMAST is only queued in the read or write queue until
 * the DMAC issues it on the AXI; DMAWMB waits until every DMAST the thread
 * executed before it has completed; DMAKILL discards the thread's MFIFO
 * data and promises nothing for stores still queued, so only a DMAWMB
 * passed proves a store done; LC0/LC1 count the iterations left of the
 * loops around CPC.  SAR/DAR alone cannot say this: SAR runs ahead of the
 * peripheral by the MFIFO's contents, DAR ahead of what is stored.
 */
struct pl330_prog_where {
	u32 pc;
	u8 lc0;
	u8 lc1;
	struct pl330_prog_pos pos;
	u32 unstored;
	u32 held;
	bool quiet;
};

/**
 * pl330_prog_unstored_max() - bytes a running thread may have stored
 *                             beyond its last DMAWMB
 * @cfg: controller properties
 * @req: the transfer
 *
 * What DAR (SAR for MEM_TO_DEV, with the MFIFO) may run ahead of the
 * bytes known stored in a program of @req: one request for slave
 * programs, PL330_FENCE_UNITS bursts for memory ones.
 *
 * Return: the bound in bytes
 */
u32 pl330_prog_unstored_max(const struct pl330_prog_cfg *cfg,
			    const struct pl330_prog_req *req);

/**
 * pl330_prog_locate() - where a program stopped, from CPC and LC0/LC1
 * @cfg: controller properties, as when the program was built
 * @req: the transfer, as when the program was built
 * @start: the position the program was built from
 * @size: the buffer size it was built with
 * @where: in: @pc, @lc0, @lc1 of the stopped (killed, faulted, waiting)
 *         thread; out: @pos, @held, @quiet
 *
 * Walks the same generation as pl330_prog_build() (so it names exactly
 * the program the hardware ran) without writing it.  Cost: that of
 * pl330_prog_size() for the program.
 *
 * Return: 0, or -EINVAL when @pc or the loop counters cannot belong to
 * that program (another program's registers).
 */
int pl330_prog_locate(const struct pl330_prog_cfg *cfg,
		      const struct pl330_prog_req *req,
		      const struct pl330_prog_pos *start, u32 size,
		      struct pl330_prog_where *where);

/**
 * pl330_prog_quiet_op() - may a thread about to execute @op stop here?
 * @op: the first byte of the instruction at CPC, read from the program
 *
 * For a thread still running: true between units (at a DMAWFP that
 * starts a request, a gate, a loop end, register loads, an event, the
 * end), where pl330_prog_locate() finds it quiet; false at a load, store
 * or barrier, when a unit is under way.  Cheap, for polling before a
 * kill; conservative (a memory unit's first load is "under way" here).
 *
 * Return: true when a kill before @op loses nothing.
 */
bool pl330_prog_quiet_op(u8 op);

/**
 * pl330_prog_fifo_share() - MFIFO bytes one program may hold at a time
 * @cfg: controller properties
 *
 * The MFIFO is shared by every channel thread: a thread's share is
 * @cfg->fifo_bytes / @cfg->nthreads, and at least one bus-width beat.
 * Memory bursts are sized to it, and a peripheral request
 * (@dev_width * @dev_burst) must fit it.
 *
 * Return: the share in bytes
 */
u32 pl330_prog_fifo_share(const struct pl330_prog_cfg *cfg);

/**
 * pl330_ccr_prot() - CCR protection and cache bits for struct pl330_prog_cfg
 * @ns: channel threads run non-secure (the manager is non-secure, so every
 *      DMAGO starts them so): accesses must be tagged non-secure
 *      (AxPROT[1]), or the DMA-330 refuses them (FTR ch_rdwr_err)
 * @coherent: the device is DMA-coherent (dma-coherent): accesses are
 *            cacheable and bufferable (AxCACHE 0b011); else neither
 *
 * Return: the bits, already in place, for both source and destination.
 */
u32 pl330_ccr_prot(bool ns, bool coherent);

/* Encoders for the instructions issued through the debug registers. */

/**
 * pl330_encode_go() - encode DMAGO
 * @buf: at least PL330_GO_SIZE bytes
 * @chan: channel (thread) number
 * @addr: program start address
 * @ns: start the thread non-secure
 */
void pl330_encode_go(u8 *buf, unsigned int chan, u32 addr, bool ns);

#endif /* PL330_PROG_H */
