// SPDX-License-Identifier: GPL-2.0
/*
 * Independent PL330 channel-thread interpreter (see pl330_sim.h).
 *
 * Decoding follows the DMA-330 TRM instruction encodings bit by bit:
 *   DMAEND     0000_0000            DMAKILL   0000_0001
 *   DMALD[S|B] 0000_01bs            DMAST[S|B] 0000_10bs
 *   DMASTZ     0000_1100            DMARMB 0001_0010  DMAWMB 0001_0011
 *   DMANOP     0001_1000            DMALP     0010_00l0 iter-1
 *   DMALDP     0010_01b1 pppp_p000  DMASTP    0010_10b1 pppp_p000
 *   DMALPEND   001n_1lbs jump       DMAWFP    0011_00bp pppp_p000
 *   DMASEV     0011_0100 eeee_e000  DMAFLUSHP 0011_0101 pppp_p000
 *   DMAWFE     0011_0110 eeee_e0i0  DMAADDH   0101_01r0 imm16
 *   DMAADNH    0101_11r0 imm16      DMAMOV    1011_1100 0000_0rrr imm32
 *   DMAGO      1010_00n0 (manager only: undefined on a channel thread)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pl330_sim.h"

#define REQ_NONE	0
#define REQ_SINGLE	1
#define REQ_BURST	2

uint8_t sim_pattern(uint32_t addr)
{
	uint32_t x = addr * 2654435761u;

	return (uint8_t)((x >> 24) ^ (x >> 11) ^ addr);
}

int sim_init(struct sim *s, uint32_t fifo_cap, uint32_t bus_bytes, int r0p0)
{
	memset(s, 0, sizeof(*s));
	s->fifo = malloc(fifo_cap);
	if (!s->fifo)
		return -1;
	s->fifo_cap = fifo_cap;
	s->bus_bytes = bus_bytes;
	s->r0p0 = r0p0;
	s->num_events = 32;
	s->num_periph = 32;
	s->periph = -1;
	s->max_insns = 400000000ull;
	return 0;
}

void sim_free(struct sim *s)
{
	free(s->fifo);
	s->fifo = NULL;
	free(s->undo);
	s->undo = NULL;
	free(s->undo_pool);
	s->undo_pool = NULL;
	s->undo_cap = s->pool_cap = 0;
}

/* Every store so far is complete: nothing left to undo. */
static void stores_done(struct sim *s)
{
	s->wr_posted = 0;
	s->nundo = 0;
	s->pool_len = 0;
}

/* A store of @len bytes at @at (NULL: the peripheral), before it is made. */
static void store_log(struct sim *s, uint8_t *at, uint32_t len)
{
	struct sim_undo *u;

	if (s->nundo == s->undo_cap) {
		s->undo_cap = s->undo_cap ? 2 * s->undo_cap : 256;
		s->undo = realloc(s->undo, s->undo_cap * sizeof(*s->undo));
	}
	if (at && s->pool_len + len > s->pool_cap) {
		while (s->pool_len + len > s->pool_cap)
			s->pool_cap = s->pool_cap ? 2 * s->pool_cap : 4096;
		s->undo_pool = realloc(s->undo_pool, s->pool_cap);
	}
	if (!s->undo || (at && !s->undo_pool)) {
		fprintf(stderr, "pl330_sim: out of memory\n");
		exit(2);
	}
	u = &s->undo[s->nundo++];
	u->at = at;
	u->len = len;
	u->old = s->pool_len;
	if (at) {
		memcpy(s->undo_pool + s->pool_len, at, len);
		s->pool_len += len;
	}
	s->wr_posted += len;
	if (s->wr_posted > s->wr_posted_max)
		s->wr_posted_max = s->wr_posted;
}

/* Undo the logged stores, newest first. */
static uint64_t stores_undo(struct sim *s)
{
	uint64_t n = 0;
	uint32_t k;

	while (s->nundo) {
		struct sim_undo *u = &s->undo[--s->nundo];

		n += u->len;
		if (u->at) {
			memcpy(u->at, s->undo_pool + u->old, u->len);
			continue;
		}
		/* the newest bytes: still in its FIFO, else already sent */
		k = s->dev.paced ? (u->len < s->dev.level ? u->len :
				    s->dev.level) : 0;
		s->dev.level -= k;
		s->dev_out_len -= u->len - k;
	}
	stores_done(s);
	return n;
}

int sim_add_region(struct sim *s, uint32_t base, uint32_t size,
		   uint8_t *data, enum sim_kind kind)
{
	if (s->nreg >= SIM_MAX_REGIONS)
		return -1;
	s->reg[s->nreg].base = base;
	s->reg[s->nreg].size = size;
	s->reg[s->nreg].data = data;
	s->reg[s->nreg].kind = kind;
	s->nreg++;
	return 0;
}

void sim_start(struct sim *s, const uint8_t *prog, uint32_t len)
{
	s->prog = prog;
	s->prog_len = len;
	s->pc = 0;
	s->sar = s->dar = s->ccr = 0;
	s->lc[0] = s->lc[1] = 0;
	s->req_flag = REQ_NONE;
	s->state = SIM_RUNNING;
	s->fault_type = 0;
	s->err[0] = 0;
	s->fifo_head = s->fifo_num = 0;
	s->ld_unfenced = s->st_unfenced = 0;
	stores_done(s);
	s->in_request = 0;
	s->req_beats = 0;
}

void sim_kill(struct sim *s)
{
	s->killed_fifo = s->fifo_num;
	s->fifo_num = 0;
	s->fifo_head = 0;
	s->killed_stores = stores_undo(s);
	s->in_request = 0;
	s->state = SIM_STOPPED;
}

uint32_t sim_dev_fill(struct sim *s, uint32_t max)
{
	struct sim_dev *d = &s->dev;
	uint32_t n = 0;

	while (n < max && d->level < d->cap && s->dev_in_pos < s->dev_in_len) {
		d->fifo[(d->head + d->level) % SIM_DEV_FIFO] =
			s->dev_in[s->dev_in_pos++];
		d->level++;
		n++;
	}
	return n;
}

uint32_t sim_dev_drain(struct sim *s, uint32_t max)
{
	struct sim_dev *d = &s->dev;
	uint32_t n = 0;

	while (n < max && d->level && s->dev_out_len < s->dev_out_cap) {
		s->dev_out[s->dev_out_len++] = d->fifo[d->head];
		d->head = (d->head + 1) % SIM_DEV_FIFO;
		d->level--;
		n++;
	}
	return n;
}

/* Paced peripheral: what it requests now (0 none, else REQ_*). */
static int dev_request(const struct sim *s)
{
	const struct sim_dev *d = &s->dev;
	uint32_t avail = d->rx ? d->level : d->cap - d->level;

	if (avail >= d->burst)
		return REQ_BURST;
	return avail >= d->width ? REQ_SINGLE : 0;
}

/* The peripheral side of one beat, paced: never more than it can take. */
static int dev_beat(struct sim *s, uint8_t *b, uint32_t len, int store)
{
	struct sim_dev *d = &s->dev;
	uint32_t i;

	if (store) {
		if (d->cap - d->level < len) {
			snprintf(s->err, sizeof(s->err),
				 "ran ahead of the peripheral: %u-byte store into %u bytes of room (pc %u)",
				 len, d->cap - d->level, s->pc);
			s->state = SIM_ERROR;
			return -1;
		}
		for (i = 0; i < len; i++)
			d->fifo[(d->head + d->level++) % SIM_DEV_FIFO] = b[i];
		return 0;
	}
	if (d->level < len) {
		snprintf(s->err, sizeof(s->err),
			 "ran ahead of the peripheral: %u-byte load from %u bytes held (pc %u)",
			 len, d->level, s->pc);
		s->state = SIM_ERROR;
		return -1;
	}
	for (i = 0; i < len; i++) {
		b[i] = d->fifo[d->head];
		d->head = (d->head + 1) % SIM_DEV_FIFO;
		d->level--;
	}
	return 0;
}

void sim_signal(struct sim *s, int ev)
{
	s->ev_pending |= 1u << ev;
	if (s->state == SIM_WAIT_EVENT && s->wait_ev == ev)
		s->state = SIM_RUNNING;
}

static void error(struct sim *s, const char *msg)
{
	if (s->state != SIM_ERROR)
		snprintf(s->err, sizeof(s->err), "%s (pc %u)", msg, s->pc);
	s->state = SIM_ERROR;
}

static void fault(struct sim *s, uint32_t type)
{
	s->fault_type |= type;
	s->fault_pc = s->pc;
	s->state = SIM_FAULT;
}

static struct sim_region *find(struct sim *s, uint32_t addr, uint32_t len)
{
	int i;

	for (i = 0; i < s->nreg; i++) {
		struct sim_region *r = &s->reg[i];

		if (addr >= r->base && (uint64_t)addr + len <=
		    (uint64_t)r->base + r->size)
			return r;
	}
	return NULL;
}

static void fifo_push(struct sim *s, const uint8_t *b, uint32_t n)
{
	uint32_t at, first;

	if (s->fifo_num + n > s->fifo_cap) {
		error(s, "MFIFO overflow: data loaded exceeds the buffer");
		return;
	}
	at = (s->fifo_head + s->fifo_num) % s->fifo_cap;
	first = s->fifo_cap - at < n ? s->fifo_cap - at : n;
	memcpy(s->fifo + at, b, first);
	memcpy(s->fifo, b + first, n - first);
	s->fifo_num += n;
}

static int fifo_pop(struct sim *s, uint8_t *b, uint32_t n)
{
	uint32_t first;

	if (s->fifo_num < n)
		return -1;
	first = s->fifo_cap - s->fifo_head < n ? s->fifo_cap - s->fifo_head : n;
	memcpy(b, s->fifo + s->fifo_head, first);
	memcpy(b + first, s->fifo, n - first);
	s->fifo_head = (s->fifo_head + n) % s->fifo_cap;
	s->fifo_num -= n;
	return 0;
}

/* One read beat: returns bytes actually transferred (shortened if unaligned). */
static uint32_t beat_read(struct sim *s, uint32_t addr, uint32_t size,
			  int periph)
{
	uint32_t len = size - (addr & (size - 1)), i;
	uint8_t b[128];
	struct sim_region *r;

	if (len != size)
		s->unaligned++;
	r = find(s, addr, len);
	if (!r) {
		error(s, "read outside every region");
		return 0;
	}
	if ((r->kind == SIM_DEV) != !!periph) {
		error(s, periph ? "peripheral load from memory" :
		      "memory load from the peripheral register");
		return 0;
	}
	if (r->kind == SIM_DEV && s->dev.paced) {
		if (dev_beat(s, b, len, 0))
			return 0;
	} else if (r->kind == SIM_DEV) {
		if (s->dev_in_pos + len > s->dev_in_len) {
			error(s, "peripheral input stream exhausted");
			return 0;
		}
		memcpy(b, s->dev_in + s->dev_in_pos, len);
		s->dev_in_pos += len;
	} else if (r->kind == SIM_PATTERN) {
		for (i = 0; i < len; i++)
			b[i] = sim_pattern(addr + i);
	} else {
		memcpy(b, r->data + (addr - r->base), len);
	}
	fifo_push(s, b, len);
	s->ld_beats++;
	s->ld_bytes += len;
	return len;
}

static uint32_t beat_write(struct sim *s, uint32_t addr, uint32_t size,
			   int periph, int zero)
{
	uint32_t len = size - (addr & (size - 1));
	uint8_t b[128];
	struct sim_region *r;

	if (len != size)
		s->unaligned++;
	if (zero) {
		memset(b, 0, len);
	} else if (fifo_pop(s, b, len)) {
		fault(s, SIM_FT_FIFO_EMPTY);
		return 0;
	}
	r = find(s, addr, len);
	if (!r) {
		error(s, "write outside every region");
		return 0;
	}
	if ((r->kind == SIM_DEV) != !!periph) {
		error(s, periph ? "peripheral store to memory" :
		      "memory store to the peripheral register");
		return 0;
	}
	if (r->kind == SIM_DEV && s->dev.paced) {
		if (dev_beat(s, b, len, 1))
			return 0;
		store_log(s, NULL, len);
	} else if (r->kind == SIM_DEV) {
		if (s->dev_out_len + len > s->dev_out_cap) {
			error(s, "peripheral output stream overflow");
			return 0;
		}
		memcpy(s->dev_out + s->dev_out_len, b, len);
		s->dev_out_len += len;
		store_log(s, NULL, len);
	} else if (r->kind != SIM_RAM) {
		error(s, "write to a read-only region");
		return 0;
	} else {
		store_log(s, r->data + (addr - r->base), len);
		memcpy(r->data + (addr - r->base), b, len);
	}
	s->st_beats++;
	s->st_bytes += len;
	return len;
}

/*
 * Fast path for an aligned, incrementing memory burst inside one RAM/ROM
 * region: same effect as the beat loop.  Returns 0 to take the beat loop.
 */
static int bulk(struct sim *s, int store, uint32_t addr, uint32_t n)
{
	struct sim_region *r = find(s, addr, n);

	if (!r || (r->kind != SIM_RAM && r->kind != SIM_ROM))
		return 0;
	if (store) {
		if (r->kind != SIM_RAM || s->fifo_num < n)
			return 0;
		store_log(s, r->data + (addr - r->base), n);
		fifo_pop(s, r->data + (addr - r->base), n);
		s->st_bytes += n;
	} else {
		if (s->fifo_num + n > s->fifo_cap)
			return 0;
		fifo_push(s, r->data + (addr - r->base), n);
		s->ld_bytes += n;
	}
	return 1;
}

/*
 * Conditional execution: bs 00 always, 01 single, 11 burst (10 invalid).
 * Returns 1 to execute, 0 for a NOP, -1 on fault.
 */
static int cond_exec(struct sim *s, unsigned int bs)
{
	if (bs == 2) {
		fault(s, SIM_FT_OPERAND);
		return -1;
	}
	if (bs == 0)
		return 1;
	if (s->req_flag == REQ_NONE) {
		error(s, "conditional instruction before any DMAWFP");
		return -1;
	}
	if (bs == 1)
		return s->req_flag == REQ_SINGLE;
	return s->req_flag == REQ_BURST;
}

static int periph_operand(struct sim *s, uint8_t arg)
{
	unsigned int p = arg >> 3;

	if ((arg & 7) || p >= s->num_periph) {
		fault(s, SIM_FT_OPERAND);
		return -1;
	}
	if (s->periph >= 0 && (int)p != s->periph) {
		error(s, "wrong peripheral number");
		return -1;
	}
	return (int)p;
}

/*
 * TRM (security usage, channel thread non-secure): a DMALD/DMAST whose CCR
 * asks for a secure access (src/dst_prot_ctrl bit 1, AxPROT[1], clear) is
 * not performed; the thread faults with ch_rdwr_err.
 */
static int secure_ok(struct sim *s, int store)
{
	uint32_t nsbit = store ? 1u << 23 : 1u << 9;

	if (!s->ns || (s->ccr & nsbit))
		return 1;
	fault(s, SIM_FT_RDWR);
	return 0;
}

/* Load or store: bs condition, periph flag. */
static void do_xfer(struct sim *s, int store, unsigned int bs, int periph)
{
	unsigned int shift = store ? 15 : 1;
	uint32_t size = 1u << ((s->ccr >> shift) & 7);
	uint32_t beats = ((s->ccr >> (shift + 3)) & 15) + 1;
	int inc = store ? (s->ccr >> 14) & 1 : s->ccr & 1;
	uint32_t *ar = store ? &s->dar : &s->sar;
	uint32_t i, moved;
	int c = cond_exec(s, bs);

	if (c <= 0)
		return;
	if (!secure_ok(s, store))
		return;
	if (size > s->bus_bytes || size > 16) {
		fault(s, SIM_FT_OPERAND);
		return;
	}
	if (bs == 1) {
		/* TRM: single transfer; QEMU uses the CCR length for stores */
		if (beats != 1) {
			error(s, "single-conditional transfer with burst length > 1 (QEMU and hardware differ)");
			return;
		}
		beats = 1;
	}
	if (periph) {
		if (!s->in_request) {
			error(s, "peripheral transfer without DMAWFP");
			return;
		}
		if (size != s->dev_width) {
			error(s, "peripheral beat size differs from the device width");
			return;
		}
		s->req_beats += beats;
		if (!s->dev.paced &&
		    ((s->req_flag == REQ_SINGLE && beats != 1) ||
		     (s->req_flag == REQ_BURST && beats != s->dev_burst))) {
			error(s, "peripheral request length differs from the device burst");
			return;
		}
		s->in_request = 0;
	}
	if (s->r0p0 && !periph) {
		if (store && s->ld_unfenced) {
			error(s, "r0p0: DMAST after DMALD without DMARMB");
			return;
		}
		if (!store && s->st_unfenced) {
			error(s, "r0p0: DMALD after DMAST without DMAWMB");
			return;
		}
	}
	if (inc && !periph && !(*ar & (size - 1)) &&
	    bulk(s, store, *ar, size * beats)) {
		s->ld_beats += store ? 0 : beats;
		s->st_beats += store ? beats : 0;
		*ar += size * beats;
		beats = 0;
	}
	for (i = 0; i < beats && s->state == SIM_RUNNING; i++) {
		if (store)
			moved = beat_write(s, *ar, size, periph, 0);
		else
			moved = beat_read(s, *ar, size, periph);
		if (inc)
			*ar += moved;
	}
	if (!periph) {
		if (store)
			s->st_unfenced = 1;
		else
			s->ld_unfenced = 1;
	}
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int insn_len(uint8_t op)
{
	if (op == 0xbc || (op & 0xfd) == 0xa0)
		return 6;
	if ((op & 0xf5) == 0x54)
		return 3;
	if ((op & 0xfd) == 0x20 || (op & 0xfd) == 0x25 ||
	    (op & 0xfd) == 0x29 || (op & 0xe8) == 0x28 ||
	    (op & 0xfc) == 0x30 || op == 0x34 || op == 0x35 || op == 0x36)
		return 2;
	return 1;
}

static void step(struct sim *s)
{
	const uint8_t *p;
	uint8_t op, a;
	uint32_t next;
	int n;

	if (s->pc >= s->prog_len) {
		error(s, "pc ran off the program");
		return;
	}
	op = s->prog[s->pc];
	n = insn_len(op);
	if (s->pc + n > s->prog_len) {
		error(s, "instruction runs off the program");
		return;
	}
	p = s->prog + s->pc;
	a = n > 1 ? p[1] : 0;
	next = s->pc + n;
	s->insns++;
	s->op_count[op]++;

	if (op == 0x00) {			/* DMAEND */
		if (s->fifo_num)
			error(s, "DMAEND with data left in the MFIFO");
		else
			s->state = SIM_STOPPED;
		stores_done(s);		/* DMAEND waits for the stores */
		s->pc = next;
		return;
	}
	if ((op & 0xfc) == 0x04) {		/* DMALD */
		do_xfer(s, 0, op & 3, 0);
	} else if ((op & 0xfc) == 0x08 && op != 0x0a) { /* DMAST */
		do_xfer(s, 1, op & 3, 0);
	} else if (op == 0x0a) {
		fault(s, SIM_FT_OPERAND);
	} else if (op == 0x0c) {		/* DMASTZ */
		uint32_t size = 1u << ((s->ccr >> 15) & 7), i;
		uint32_t beats = ((s->ccr >> 18) & 15) + 1;

		if (!secure_ok(s, 1))
			return;
		for (i = 0; i < beats && s->state == SIM_RUNNING; i++) {
			uint32_t m = beat_write(s, s->dar, size, 0, 1);

			if ((s->ccr >> 14) & 1)
				s->dar += m;
		}
	} else if (op == 0x12) {		/* DMARMB */
		s->ld_unfenced = 0;
	} else if (op == 0x13) {		/* DMAWMB */
		s->st_unfenced = 0;
		stores_done(s);
	} else if (op == 0x18) {		/* DMANOP */
	} else if ((op & 0xfd) == 0x20) {	/* DMALP */
		s->lc[(op >> 1) & 1] = a;
	} else if ((op & 0xfd) == 0x25) {	/* DMALDP */
		if (periph_operand(s, a) >= 0)
			do_xfer(s, 0, (op & 2) ? 3 : 1, 1);
	} else if ((op & 0xfd) == 0x29) {	/* DMASTP */
		if (periph_operand(s, a) >= 0)
			do_xfer(s, 1, (op & 2) ? 3 : 1, 1);
	} else if ((op & 0xe8) == 0x28) {	/* DMALPEND */
		unsigned int nf = (op >> 4) & 1, lc = (op >> 2) & 1;
		int c = cond_exec(s, op & 3);

		if (c < 0)
			return;
		if (!nf) {
			error(s, "DMALPFE (loop forever) in a program");
			return;
		}
		if (c && s->lc[lc]) {
			s->lc[lc]--;
			if (a > s->pc) {
				error(s, "DMALPEND jumps before the program");
				return;
			}
			next = s->pc - a;
		}
	} else if ((op & 0xfc) == 0x30) {	/* DMAWFP */
		unsigned int bp = op & 3;

		if (bp == 3) {
			fault(s, SIM_FT_OPERAND);
			return;
		}
		if (periph_operand(s, a) < 0)
			return;
		if (s->dev.paced) {
			uint64_t waits = 0;
			int rq;

			/* S: any request; B: a burst one; P: any, its type */
			for (;;) {
				rq = dev_request(s);
				if (rq == REQ_BURST || (rq && bp != 2))
					break;
				if (!s->tick || !s->tick(s, 1) ||
				    ++waits > 1000000) {
					s->state = SIM_WAIT_PERIPH;
					s->insns--;
					s->op_count[op]--;
					return;	/* re-executed by sim_run() */
				}
				s->dev.wait_cycles++;
			}
			s->req_flag = bp == 1 ? rq : bp == 0 ? REQ_SINGLE :
				      REQ_BURST;
		} else {
			s->req_flag = bp == 0 ? REQ_SINGLE : REQ_BURST;
		}
		s->in_request = 1;
		s->req_beats = 0;
		s->wfp++;
	} else if (op == 0x34 || op == 0x36) {	/* DMASEV / DMAWFE */
		unsigned int ev = a >> 3;

		if ((a & (op == 0x34 ? 7 : 5)) || ev >= s->num_events) {
			fault(s, SIM_FT_OPERAND);
			return;
		}
		if (op == 0x34) {
			if (s->wr_posted) {
				snprintf(s->err, sizeof(s->err),
					 "DMASEV %u with %llu store bytes not known complete (no DMAWMB since) (pc %u)",
					 ev, (unsigned long long)s->wr_posted,
					 s->pc);
				s->state = SIM_ERROR;
				return;
			}
			s->sev++;
			if (s->nlog < SIM_MAX_LOG) {
				s->log[s->nlog].ev = (int)ev;
				s->log[s->nlog].bytes_stored = s->st_bytes;
				s->nlog++;
			}
			if (!(s->irq_events & (1u << ev)))
				s->ev_pending |= 1u << ev;
		} else {
			if (s->ev_pending & (1u << ev)) {
				s->ev_pending &= ~(1u << ev);
			} else {
				s->wfe++;
				s->wait_ev = (int)ev;
				s->state = SIM_WAIT_EVENT;
				s->insns--;
				s->op_count[op]--;
				return;	/* re-executed when released */
			}
		}
	} else if (op == 0x35) {		/* DMAFLUSHP */
		if (periph_operand(s, a) < 0)
			return;
		s->flushp++;
		s->dev.flushes++;
	} else if ((op & 0xf5) == 0x54) {	/* DMAADDH / DMAADNH */
		uint32_t im = (uint32_t)p[1] | (uint32_t)p[2] << 8;

		if (op & 8)
			im |= 0xffff0000u;
		if (op & 2)
			s->dar += im;
		else
			s->sar += im;
	} else if (op == 0xbc) {		/* DMAMOV */
		uint32_t v = rd32(p + 2);

		if (a == 0)
			s->sar = v;
		else if (a == 1)
			s->ccr = v;
		else if (a == 2)
			s->dar = v;
		else {
			fault(s, SIM_FT_OPERAND);
			return;
		}
	} else {				/* KILL/GO on a thread, undefined */
		fault(s, SIM_FT_UNDEF_INSTR);
		return;
	}
	if (s->state == SIM_RUNNING)
		s->pc = next;
}

enum sim_state sim_run(struct sim *s)
{
	if (s->state == SIM_PAUSED || s->state == SIM_WAIT_PERIPH)
		s->state = SIM_RUNNING;
	while (s->state == SIM_RUNNING) {
		if (s->insns >= s->max_insns) {
			fault(s, SIM_FT_LOCKUP);
			break;
		}
		if (s->step_limit && s->insns >= s->step_limit) {
			s->state = SIM_PAUSED;
			break;
		}
		if (s->tick)
			s->tick(s, 0);
		step(s);
	}
	return s->state;
}
