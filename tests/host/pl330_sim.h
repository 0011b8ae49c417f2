/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Independent host interpreter of the PL330 (DMA-330) channel-thread
 * instruction set, written from the TRM semantics.  It shares no code or
 * tables with the generator (provider/pl330_prog.c).
 *
 * One channel thread runs over a simulated bus made of regions: RAM
 * (backed by an array), ROM (array, read-only), PATTERN (read-only, content computed from the
 * address, for very large sources), DEV (a peripheral FIFO register at a
 * fixed address: reads consume an input byte stream, writes append to an
 * output stream).  Accesses outside every region are errors.
 *
 * Beats at an address not aligned to the beat size are shortened to the
 * next boundary (len = size - (addr & (size - 1))), as QEMU's model and the
 * AXI bus do; they are also counted so tests can demand none happen.
 *
 * Stores are posted: a store is only known complete after a DMAWMB or at
 * DMAEND.  The TRM promises nothing for stores still queued when DMAKILL
 * comes (an executed DMAST waits in the write queue until the DMAC issues
 * it; the paced QEMU drops them): sim_kill() undoes every store since
 * the last DMAWMB, memory and peripheral alike, the worst case.  A DMASEV
 * with a store outstanding is an error: whoever the event wakes could
 * read memory the store has not reached yet.
 *
 * Paced peripheral (struct sim_dev, dev.paced set): the peripheral has a
 * FIFO of its own and asserts a burst request while it can take or give
 * dev.burst bytes, a single request while it can take or give one
 * dev.width beat, nothing otherwise (DMA-330 TRM, DMAC length
 * management).  DMAWFPS continues on either request, DMAWFPB only on a
 * burst request, DMAWFPP on either and takes its type.  A DMALDP/DMASTP
 * that moves more than the peripheral can give or take has run ahead of
 * it: an error.  Between instructions, and while the thread waits in
 * DMAWFP, the test's tick() moves the peripheral's side (fills the RX
 * FIFO from its input stream, drains the TX FIFO into its output); a
 * thread waiting for a request that tick() says will never come stalls
 * (SIM_WAIT_PERIPH).
 */
#ifndef PL330_SIM_H
#define PL330_SIM_H

#include <stddef.h>
#include <stdint.h>

enum sim_kind { SIM_RAM, SIM_ROM, SIM_PATTERN, SIM_DEV };

enum sim_state {
	SIM_STOPPED,		/* DMAEND executed */
	SIM_RUNNING,
	SIM_WAIT_EVENT,		/* stalled in DMAWFE: sim_signal() releases */
	SIM_WAIT_PERIPH,	/* DMAWFP for a request that will not come */
	SIM_PAUSED,		/* sim_run() stopped after step_limit insns */
	SIM_FAULT,		/* channel fault (see fault_type) */
	SIM_ERROR,		/* a rule of the harness was broken (see err) */
};

/* fault_type bits, as in the FTR register */
#define SIM_FT_UNDEF_INSTR	(1u << 0)
#define SIM_FT_OPERAND		(1u << 1)
#define SIM_FT_RDWR		(1u << 7)	/* ch_rdwr_err: CCR security */
#define SIM_FT_FIFO_EMPTY	(1u << 13)
#define SIM_FT_LOCKUP		(1u << 31)

#define SIM_MAX_REGIONS		8
#define SIM_MAX_LOG		4096

struct sim_region {
	uint32_t base;
	uint32_t size;
	uint8_t *data;		/* SIM_RAM */
	enum sim_kind kind;
};

struct sim_event {
	int ev;
	uint64_t bytes_stored;	/* st_bytes when it was signalled */
};

/* A paced peripheral (see above); byte counts, FIFO contents in a ring. */
struct sim_dev {
	int paced;		/* 0: requests always asserted (stock QEMU) */
	int rx;			/* the peripheral gives data (DEV_TO_MEM) */
	uint32_t cap;		/* its FIFO, bytes (<= SIM_DEV_FIFO) */
	uint32_t width;		/* single request: one beat of this size */
	uint32_t burst;		/* burst request: this many bytes */
	uint32_t level;		/* bytes in its FIFO */
	uint32_t head;
	uint8_t fifo[256];
	uint64_t flushes;	/* DMAFLUSHP seen */
	uint64_t wait_cycles;	/* tick() calls spent waiting in DMAWFP */
};

#define SIM_DEV_FIFO		256

struct sim {
	/* configuration (set before sim_start) */
	int r0p0;		/* flag LD/ST without barriers */
	uint32_t fifo_cap;	/* MFIFO bytes */
	uint32_t bus_bytes;	/* widest beat allowed */
	unsigned int num_events;
	unsigned int num_periph;
	uint32_t irq_events;	/* events routed to interrupts */
	unsigned int dev_width;	/* beat size at the peripheral */
	unsigned int dev_burst;	/* beats per burst request */
	int periph;		/* the peripheral the program must use */
	uint64_t max_insns;	/* watchdog */
	int ns;			/* thread started non-secure (DMAGO ns) */
	uint64_t step_limit;	/* sim_run() pauses after this many (0: no) */
	struct sim_dev dev;
	/* the test's clock: moves the peripheral; 0 when nothing more can */
	int (*tick)(struct sim *s, int waiting);
	void *tick_data;

	struct sim_region reg[SIM_MAX_REGIONS];
	int nreg;

	const uint8_t *dev_in;	/* peripheral -> DMA stream */
	size_t dev_in_len, dev_in_pos;
	uint8_t *dev_out;	/* DMA -> peripheral stream */
	size_t dev_out_cap, dev_out_len;

	/* channel state */
	const uint8_t *prog;
	uint32_t prog_len;
	uint32_t pc;
	uint32_t sar, dar, ccr;
	uint32_t lc[2];
	int req_flag;		/* 0: none yet, 1: single, 2: burst */
	enum sim_state state;
	uint32_t fault_type;
	uint32_t fault_pc;
	char err[200];

	uint8_t *fifo;
	uint32_t fifo_head, fifo_num;

	uint32_t ev_pending;
	int wait_ev;
	int ld_unfenced, st_unfenced;	/* r0p0 barrier tracking */
	uint64_t wr_posted;		/* store bytes not known complete */
	uint64_t wr_posted_max;		/* the most wr_posted ever was */
	uint64_t killed_fifo;		/* MFIFO bytes the last kill dropped */
	uint64_t killed_stores;		/* store bytes the last kill undid */
	/* undo log of the stores since the last DMAWMB (sim_kill()) */
	struct sim_undo {
		uint8_t *at;		/* RAM: where; NULL: peripheral */
		uint32_t len;
		size_t old;		/* RAM: its old bytes in undo_pool */
	} *undo;
	size_t nundo, undo_cap;
	uint8_t *undo_pool;
	size_t pool_len, pool_cap;
	int req_beats;			/* beats done in this periph request */
	int in_request;

	/* counters */
	uint64_t insns;
	uint64_t ld_beats, st_beats;
	uint64_t ld_bytes, st_bytes;
	uint64_t unaligned;
	uint64_t wfe, wfp, flushp, sev;
	uint64_t op_count[256];
	struct sim_event log[SIM_MAX_LOG];
	int nlog;
};

/* Reset config and state; fifo storage is allocated here. */
int sim_init(struct sim *s, uint32_t fifo_cap, uint32_t bus_bytes, int r0p0);
void sim_free(struct sim *s);
int sim_add_region(struct sim *s, uint32_t base, uint32_t size,
		   uint8_t *data, enum sim_kind kind);
/* Start a program on the channel (registers reset, memory kept). */
void sim_start(struct sim *s, const uint8_t *prog, uint32_t len);
/* Run until stop, fault, error, or a DMAWFE stall. */
enum sim_state sim_run(struct sim *s);
/* The CPU signals event @ev (DMASEV through the debug registers). */
void sim_signal(struct sim *s, int ev);
/*
 * DMAKILL: stop the thread where it is; the MFIFO's data is discarded
 * (counted in killed_fifo), every store since the last DMAWMB undone
 * (killed_stores).
 */
void sim_kill(struct sim *s);
/* Paced peripheral side: bytes the peripheral moves on its own. */
uint32_t sim_dev_fill(struct sim *s, uint32_t max);	/* RX: input in */
uint32_t sim_dev_drain(struct sim *s, uint32_t max);	/* TX: output out */
/* Pattern byte at @addr for SIM_PATTERN regions. */
uint8_t sim_pattern(uint32_t addr);

#endif
