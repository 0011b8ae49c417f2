// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of generated programs against silicon semantics the stock
 * emulator does not have (provider/pl330_prog.c on the interpreter,
 * pl330_sim.c):
 *
 * - a DRQ-paced peripheral: a FIFO of its own that fills and drains at
 *   random times, single and burst requests from its level, DMAFLUSHP.
 *   Every slave and cyclic program runs under many random pacings and
 *   must move exactly the right bytes, never stall while the peripheral
 *   can request and never move more than the peripheral can take or give;
 * - posted stores: a DMASEV with a store not known complete (no DMAWMB
 *   since) is an error, so every completion and period event is checked;
 * - a stop at every instruction boundary of generated programs: the
 *   provider's pause (pl330_prog_locate() until the thread is quiet, then
 *   DMAKILL), resume from the position it names, nothing lost or repeated
 *   in either direction; a raw DMAKILL at every boundary (the MFIFO
 *   holding data mid-burst): pl330_prog_locate() names exactly the bytes
 *   the kill dropped; terminate at every boundary, then a new transfer.
 *
 *   test_pace [--seed N] [--long]
 *
 * Every case is replayable: its seed is printed with any failure.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pl330_prog.h"
#include "pl330_sim.h"

#define MEM_BASE	0x10000000u
#define DEV_BASE	0x40000000u
#define MEM_SIZE	8192u
#define STREAM		(64u * 1024)
#define MAX_SEGS	8
#define END_EV		0
#define SEG_EV		1
#define PROTO_POLLS	64	/* the provider's stop: polls before DMAKILL */
#define NTESTS		9

/* ---- random numbers (xorshift64*) ---- */

static uint64_t rnd_state;

static uint64_t rnd64_of(uint64_t *st)
{
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * 2685821657736338717ull;
}

static uint32_t rnd(uint32_t n)
{
	return n ? (uint32_t)(rnd64_of(&rnd_state) % n) : 0;
}

/* ---- bookkeeping ---- */

static int test_no;
static unsigned long cases, failures;
static char desc[400];

struct result {
	const char *name;
	unsigned long cases, failures;
};

static struct result results[NTESTS];

static void fail(const char *fmt, ...)
{
	va_list ap;

	failures++;
	if (failures > 20)
		return;
	printf("# FAIL [%s]: ", desc);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static int end_test(const char *name, clock_t t0, const char *figures)
{
	double sec = (double)(clock() - t0) / CLOCKS_PER_SEC;
	int bad;

	if (test_no < NTESTS) {
		results[test_no].name = name;
		results[test_no].cases = cases;
		results[test_no].failures = failures;
	}
	printf("# %s: %lu cases, %lu failures, %.2f s%s%s\n", name, cases,
	       failures, sec, figures ? "; " : "", figures ? figures : "");
	printf("%s %d %s\n", failures ? "not ok" : "ok", ++test_no, name);
	fflush(stdout);
	bad = failures != 0;
	cases = 0;
	failures = 0;
	return bad;
}

/* ---- a case: a request, its memory, the peripheral, the pacing ---- */

struct pcase {
	struct pl330_prog_cfg cfg;
	struct pl330_prog_req req;
	struct pl330_seg segs[MAX_SEGS];
	unsigned int passes;	/* cyclic: passes of the program (else 1) */
	uint32_t bufsz;		/* program buffer: small ones split */
	uint32_t dev_cap;	/* the peripheral's FIFO */
	uint64_t pace_seed;	/* the pacing: replays the same timing */
	uint32_t pace_kind;
	uint64_t total;		/* bytes of one pass */
	uint64_t seed;		/* the case, for replay */
};

/* the run's state (one at a time) */
static uint8_t mem[MEM_SIZE], mem_init[MEM_SIZE], mem_want[MEM_SIZE];
static uint8_t dev_in[STREAM], dev_out[STREAM], dev_want[STREAM];
static uint8_t prog[1 << 16];
static uint64_t pace_state;
static uint32_t pace_kind;
static struct pcase pc_;

static int is_slave(const struct pcase *c)
{
	return c->req.type == PL330_XFER_TO_DEV ||
	       c->req.type == PL330_XFER_FROM_DEV;
}

static uint32_t pace_rnd(uint32_t n)
{
	return n ? (uint32_t)(rnd64_of(&pace_state) % n) : 0;
}

/*
 * The peripheral's own side, once per instruction (and repeatedly while
 * the thread waits in DMAWFP).  Pacing kinds: 0 eager (moves a lot,
 * often), 1 trickle (one byte, rarely), 2 bursty (long quiet, then a
 * rush), 3 random mix.  Waiting, it must move when it can (time passes);
 * 0 means nothing will ever move again.
 */
static int tick(struct sim *s, int waiting)
{
	uint32_t n = 0, want;

	switch (pace_kind) {
	case 0:
		want = pace_rnd(2) ? 0 : 1 + pace_rnd(32);
		break;
	case 1:
		want = pace_rnd(16) ? 0 : 1;
		break;
	case 2:
		want = pace_rnd(64) ? 0 : 1 + pace_rnd(256);
		break;
	default:
		want = pace_rnd(4) ? 0 : 1 + pace_rnd(1 + pace_rnd(64));
		break;
	}
	if (waiting && !want)
		want = 1;
	if (!want)
		return 1;
	if (s->dev.rx)
		n = sim_dev_fill(s, want);
	else
		n = sim_dev_drain(s, want);
	return n != 0;
}

static void describe(const struct pcase *c, const char *what)
{
	snprintf(desc, sizeof(desc),
		 "%s type %d bus %u fifo %u rev %u nsegs %u seg0 %#x->%#x len %u dw %u db %u pb %d nf %d passes %u buf %u devcap %u pace %u/%" PRIu64 " (seed %" PRIu64 ")",
		 what, c->req.type, c->cfg.bus_bytes, c->cfg.fifo_bytes,
		 c->cfg.revision, c->req.nsegs, c->segs[0].src, c->segs[0].dst,
		 c->segs[0].len, c->req.dev_width, c->req.dev_burst,
		 c->cfg.periph_burst, c->cfg.no_flushp, c->passes, c->bufsz,
		 c->dev_cap, c->pace_kind, c->pace_seed, c->seed);
}

/*
 * A random request: slave (or, with @mem_too, memory to memory), one to
 * a few segments in [MEM_BASE, +MEM_SIZE), cyclic (periods as segments
 * with an event each, several passes) or not.
 */
/*
 * Long copies: memory-to-memory only, over PL330_FENCE_UNITS bursts (the
 * MFIFO shared by 16 threads: one-beat bursts), so programs hold DMAWMB
 * inside their loops and between steps.
 */
static int long_mem;

static void random_case(struct pcase *c, int cyclic, int mem_too,
			uint32_t maxlen)
{
	static const uint8_t bursts[] = { 1, 2, 3, 4, 8, 16 };
	static const uint8_t buses[] = { 4, 8, 16 };
	uint32_t i, at = 0, w = 1, plen = 0;
	enum pl330_xfer_type type;

	memset(c, 0, sizeof(*c));
	c->seed = rnd_state;
	type = mem_too && rnd(3) == 0 ? (enum pl330_xfer_type)rnd(2) :
	       rnd(2) ? PL330_XFER_TO_DEV : PL330_XFER_FROM_DEV;
	c->cfg.bus_bytes = buses[rnd(3)];
	c->cfg.fifo_bytes = (uint16_t)(c->cfg.bus_bytes * 16);
	c->cfg.revision = (uint8_t)rnd(3);
	c->cfg.periph_burst = rnd(3) == 0;
	c->cfg.no_flushp = rnd(4) == 0;
	if (long_mem) {
		type = rnd(3) ? PL330_XFER_MEMCPY : PL330_XFER_MEMSET;
		c->cfg.nthreads = 16;
	}
	c->req.type = type;
	c->req.segs = c->segs;
	c->req.end_event = END_EV;
	c->req.seg_event = cyclic || rnd(2) ? SEG_EV : PL330_NO_EVENT;
	c->req.gate_event = PL330_NO_EVENT;
	c->req.fault_at = -1;
	c->req.periph = (uint8_t)rnd(4);
	c->req.dev_width = 1;
	c->req.dev_burst = 1;
	c->req.fill_addr = MEM_BASE + MEM_SIZE - 64;
	if (type >= PL330_XFER_TO_DEV) {
		do {
			w = 1u << rnd(4);
			c->req.dev_burst = bursts[rnd(sizeof(bursts))];
		} while (w > c->cfg.bus_bytes);
		c->req.dev_width = (uint8_t)w;
	}
	c->req.nsegs = 1 + rnd(cyclic ? 4 : 3);
	if (cyclic)
		plen = (1 + rnd(maxlen / w / 2 + 1)) * w;
	for (i = 0; i < c->req.nsegs; i++) {
		struct pl330_seg *sg = &c->segs[i];
		uint32_t len = cyclic ? plen : rnd(maxlen + 1) / w * w;

		/* cyclic periods are contiguous; others leave gaps */
		at += cyclic ? (i ? 0 : rnd(8)) : rnd(24);
		if (at + len > MEM_SIZE - 128)
			len = 0;
		sg->src = MEM_BASE + at;
		sg->dst = MEM_BASE + at;
		sg->len = len;
		if (type == PL330_XFER_TO_DEV)
			sg->dst = DEV_BASE;
		else if (type == PL330_XFER_FROM_DEV)
			sg->src = DEV_BASE;
		else if (type == PL330_XFER_MEMCPY)
			sg->src = MEM_BASE + MEM_SIZE / 2 + at;
		at += len;
	}
	if (type == PL330_XFER_MEMCPY && at > MEM_SIZE / 2 - 128)
		c->req.nsegs = 1, c->segs[0].len = 0;
	c->passes = cyclic ? 2 + rnd(2) : 1;
	c->bufsz = rnd(3) ? 4096 : PL330_PROG_MIN_SIZE + rnd(64);
	if (cyclic)
		c->bufsz = 4096;	/* a pass is one program */
	c->dev_cap = (uint32_t)w * c->req.dev_burst;
	c->dev_cap += rnd(SIM_DEV_FIFO - c->dev_cap + 1);
	if (rnd(4) == 0)
		c->dev_cap = (uint32_t)w * c->req.dev_burst;	/* tight */
	c->pace_kind = rnd(4);
	c->pace_seed = rnd64_of(&rnd_state) | 1;
	c->total = 0;
	for (i = 0; i < c->req.nsegs; i++)
		c->total += c->segs[i].len;
}

/* Memory and streams before the run, and what they must be after it. */
static void prepare(const struct pcase *c)
{
	uint64_t k = 0;
	uint32_t i, j, p;

	for (i = 0; i < MEM_SIZE; i++)
		mem_init[i] = (uint8_t)rnd64_of(&rnd_state);
	for (i = 0; i < STREAM; i++)
		dev_in[i] = (uint8_t)rnd64_of(&rnd_state);
	memcpy(mem, mem_init, MEM_SIZE);
	memcpy(mem_want, mem_init, MEM_SIZE);
	for (p = 0; p < c->passes; p++)
		for (i = 0; i < c->req.nsegs; i++) {
			const struct pl330_seg *sg = &c->segs[i];

			for (j = 0; j < sg->len; j++, k++) {
				switch (c->req.type) {
				case PL330_XFER_TO_DEV:
					dev_want[k] = mem_init[sg->src - MEM_BASE + j];
					break;
				case PL330_XFER_FROM_DEV:
					mem_want[sg->dst - MEM_BASE + j] = dev_in[k];
					break;
				case PL330_XFER_MEMCPY:
					mem_want[sg->dst - MEM_BASE + j] =
						mem_init[sg->src - MEM_BASE + j];
					break;
				case PL330_XFER_MEMSET:
					mem_want[sg->dst - MEM_BASE + j] =
						mem_init[c->req.fill_addr - MEM_BASE];
					break;
				}
			}
		}
	if (c->req.type == PL330_XFER_MEMSET) {
		/* the pattern: every byte the fill value */
		memset(mem + c->req.fill_addr - MEM_BASE,
		       mem_init[c->req.fill_addr - MEM_BASE], 16);
		memset(mem_want + c->req.fill_addr - MEM_BASE,
		       mem_init[c->req.fill_addr - MEM_BASE], 16);
	}
}

static void sim_setup(const struct pcase *c, struct sim *s, uint64_t rx_len)
{
	sim_init(s, c->cfg.fifo_bytes, c->cfg.bus_bytes,
		 c->cfg.revision == PL330_REV_R0P0);
	s->irq_events = 1u << END_EV | 1u << SEG_EV;
	s->dev_width = c->req.dev_width;
	s->dev_burst = c->req.dev_burst;
	s->periph = c->req.periph;
	sim_add_region(s, MEM_BASE, MEM_SIZE, mem, SIM_RAM);
	sim_add_region(s, DEV_BASE, 8, NULL, SIM_DEV);
	s->dev.paced = 1;
	s->dev.rx = c->req.type == PL330_XFER_FROM_DEV;
	s->dev.cap = c->dev_cap;
	s->dev.width = c->req.dev_width;
	s->dev.burst = (uint32_t)c->req.dev_width * c->req.dev_burst;
	s->dev_in = dev_in;
	s->dev_in_len = rx_len;
	s->dev_out = dev_out;
	s->dev_out_cap = STREAM;
	s->tick = is_slave(c) ? tick : NULL;
	pace_state = c->pace_seed;
	pace_kind = c->pace_kind;
}

/* Bytes the peripheral has taken (TX) or given (RX) so far. */
static uint64_t dev_moved(const struct sim *s)
{
	return s->dev.rx ? s->dev_in_pos - s->dev.level :
	       s->dev_out_len + s->dev.level;
}

/* Build the program from *@pos into prog[]; *@pos moves to its end. */
static int build(const struct pcase *c, struct pl330_prog_pos *pos,
		 struct pl330_prog_pos *from)
{
	int len;

	*from = *pos;
	len = pl330_prog_build(&c->cfg, &c->req, pos, prog, c->bufsz);
	if (len <= 0) {
		fail("build from {%u,%u}: %d", from->seg, from->off, len);
		return -1;
	}
	return len;
}

/* Run the program in prog[] to its DMAEND (no step limit). */
static int run_to_end(struct sim *s)
{
	enum sim_state st;

	s->step_limit = 0;
	st = sim_run(s);
	if (st == SIM_STOPPED)
		return 0;
	if (st == SIM_WAIT_PERIPH)
		fail("stalled in DMAWFP at pc %u: the peripheral holds %u of %u (burst %u), %zu of %zu input bytes arrived",
		     s->pc, s->dev.level, s->dev.cap, s->dev.burst,
		     s->dev_in_pos, s->dev_in_len);
	else
		fail("state %d fault %#x at pc %u: %s", st, s->fault_type,
		     s->fault_pc, s->err);
	return -1;
}

/*
 * Finish pass @pass from *@pos (its program(s)), then the remaining
 * passes from their start, as the provider does.
 */
static int run_rest(const struct pcase *c, struct sim *s,
		    struct pl330_prog_pos pos, unsigned int pass)
{
	struct pl330_prog_pos from;
	int len, n = 0;

	for (; pass < c->passes; pass++) {
		while (pos.seg < c->req.nsegs) {
			len = build(c, &pos, &from);
			if (len < 0)
				return -1;
			sim_start(s, prog, (uint32_t)len);
			if (run_to_end(s))
				return -1;
			if (++n > 100000) {
				fail("no progress");
				return -1;
			}
		}
		pos.seg = 0;
		pos.off = 0;
	}
	return 0;
}

/* The end state: every byte where it belongs, once, in order. */
static int check_final(const struct pcase *c, struct sim *s)
{
	uint64_t all = c->total * c->passes;
	uint32_t i;

	if (c->req.type == PL330_XFER_TO_DEV) {
		sim_dev_drain(s, STREAM);
		if (s->dev_out_len != all ||
		    memcmp(dev_out, dev_want, s->dev_out_len)) {
			for (i = 0; i < s->dev_out_len && i < all; i++)
				if (dev_out[i] != dev_want[i])
					break;
			fail("peripheral got %zu bytes, want %" PRIu64
			     " (first difference at %u)", s->dev_out_len, all,
			     i);
			return 1;
		}
		return 0;
	}
	if (c->req.type == PL330_XFER_FROM_DEV && dev_moved(s) != all) {
		fail("%" PRIu64 " bytes taken from the peripheral, want %"
		     PRIu64, dev_moved(s), all);
		return 1;
	}
	if (memcmp(mem, mem_want, MEM_SIZE)) {
		for (i = 0; i < MEM_SIZE; i++)
			if (mem[i] != mem_want[i])
				break;
		fail("memory differs at %#x", MEM_BASE + i);
		return 1;
	}
	return 0;
}

/* Events: one per segment per pass, each after its segment's last byte. */
static int check_events(const struct pcase *c, const struct sim *s,
			uint64_t base)
{
	uint64_t b = base;
	unsigned int p, i;
	int k = 0;

	if (c->req.seg_event < 0 || s->nlog >= SIM_MAX_LOG)
		return 0;
	for (p = 0; p < c->passes; p++)
		for (i = 0; i < c->req.nsegs; i++) {
			while (k < s->nlog && s->log[k].ev != SEG_EV)
				k++;
			b += c->segs[i].len;
			if (k >= s->nlog) {
				fail("pass %u segment %u: no event", p, i);
				return 1;
			}
			if (s->log[k].bytes_stored != b) {
				fail("pass %u segment %u: event after %" PRIu64
				     " bytes, want %" PRIu64, p, i,
				     s->log[k].bytes_stored, b);
				return 1;
			}
			k++;
		}
	return 0;
}

/* ---- 1, 2: every program under random pacings ---- */

static unsigned long n_prog, n_pacings, n_waits;

static void paced_case(struct pcase *c, unsigned int pacings)
{
	struct sim s;
	unsigned int k;

	n_prog++;
	for (k = 0; k < pacings; k++) {
		cases++;
		n_pacings++;
		c->pace_kind = k % 4;
		c->pace_seed = rnd64_of(&rnd_state) | 1;
		describe(c, "paced");
		prepare(c);
		sim_setup(c, &s, c->total * c->passes);
		if (!run_rest(c, &s, (struct pl330_prog_pos){ 0, 0 }, 0) &&
		    !check_final(c, &s))
			check_events(c, &s, 0);
		if (is_slave(c) && !s.flushp != !!c->cfg.no_flushp)
			fail("%" PRIu64 " DMAFLUSHP", s.flushp);
		n_waits += s.dev.wait_cycles;
		sim_free(&s);
	}
}

static int test_paced(int cyclic, unsigned int nprog, unsigned int pacings,
		      const char *name)
{
	clock_t t0 = clock();
	struct pcase *c = &pc_;
	static const uint8_t bursts[] = { 1, 2, 4, 8, 16 };
	char fig[160];
	unsigned int i, dir, w, b, pb;

	n_prog = n_pacings = n_waits = 0;
	/* every width, burst, burst quirk and direction, odd memory too */
	for (dir = 0; dir < 2; dir++)
		for (w = 1; w <= 8; w <<= 1)
			for (b = 0; b < sizeof(bursts); b++)
				for (pb = 0; pb < 2; pb++) {
					random_case(c, cyclic, 0, 200);
					c->cfg.bus_bytes = 8;
					c->cfg.fifo_bytes = 128;
					c->cfg.periph_burst = pb;
					c->req.type = dir ? PL330_XFER_FROM_DEV :
						      PL330_XFER_TO_DEV;
					c->req.dev_width = (uint8_t)w;
					c->req.dev_burst = bursts[b];
					c->req.nsegs = 1;
					c->segs[0].src = dir ? DEV_BASE :
							 MEM_BASE + rnd(8);
					c->segs[0].dst = dir ? MEM_BASE + rnd(8) :
							 DEV_BASE;
					c->segs[0].len = w * (bursts[b] * 3 + 1 +
							      rnd(8));
					if (cyclic) {
						c->req.nsegs = 3;
						c->segs[0].len = w * bursts[b] *
								 (1 + rnd(3)) + w * rnd(3);
						c->segs[1] = c->segs[0];
						c->segs[2] = c->segs[0];
						if (dir)
							c->segs[1].dst += c->segs[0].len,
							c->segs[2].dst += 2 * c->segs[0].len;
						else
							c->segs[1].src += c->segs[0].len,
							c->segs[2].src += 2 * c->segs[0].len;
					}
					c->dev_cap = w * bursts[b] +
						     rnd(SIM_DEV_FIFO - w * bursts[b] + 1);
					c->total = 0;
					for (i = 0; i < c->req.nsegs; i++)
						c->total += c->segs[i].len;
					paced_case(c, pacings);
				}
	for (i = 0; i < nprog; i++) {
		random_case(c, cyclic, 0, cyclic ? 96 : 300);
		paced_case(c, pacings);
	}
	snprintf(fig, sizeof(fig),
		 "%lu programs x %u pacings = %lu runs, %lu cycles waiting for the peripheral",
		 n_prog, pacings, n_pacings, n_waits);
	return end_test(name, t0, fig);
}

/* ---- 3: the provider's pause at every boundary, then resume ---- */

static unsigned long n_bound, n_moved_on, n_unquiet, n_dropped, n_lost;

/* Run the first program of pass 0 uninterrupted: its instruction count. */
static uint64_t count_insns(const struct pcase *c)
{
	struct pl330_prog_pos pos = { 0, 0 }, from;
	struct sim s;
	uint64_t n = 0;
	int len;

	prepare(c);
	sim_setup(c, &s, c->total * c->passes + 1024);
	len = build(c, &pos, &from);
	if (len > 0) {
		sim_start(&s, prog, (uint32_t)len);
		if (!run_to_end(&s))
			n = s.insns;
	}
	/* what a kill may drop: a pause copies it again */
	if (n && s.wr_posted_max > pl330_prog_unstored_max(&c->cfg, &c->req)) {
		fail("%" PRIu64 " bytes stored past the last DMAWMB, pl330_prog_unstored_max() says %u",
		     s.wr_posted_max, pl330_prog_unstored_max(&c->cfg, &c->req));
		n = 0;
	}
	sim_free(&s);
	return n;
}

enum stop_kind { STOP_PAUSE, STOP_KILL, STOP_TERMINATE };

/*
 * The first program of the case, stopped after @k instructions: pause
 * (the provider's protocol), raw kill, or terminate then a new transfer.
 */
static int stop_at(struct pcase *c, uint64_t k, enum stop_kind kind)
{
	struct pl330_prog_pos pos = { 0, 0 }, from, end;
	struct pl330_prog_where w;
	uint64_t at, moved;
	struct sim s;
	unsigned int polls = 0;
	int len, bad = 1, ended = 0;
	enum sim_state st;

	prepare(c);
	sim_setup(c, &s, c->total * c->passes + 1024);
	len = build(c, &pos, &from);
	if (len < 0)
		goto out;
	end = pos;
	sim_start(&s, prog, (uint32_t)len);
	s.step_limit = k;
	st = sim_run(&s);
	if (st != SIM_PAUSED && st != SIM_STOPPED) {
		fail("stop %" PRIu64 ": state %d %s", k, st, s.err);
		goto out;
	}
	for (;;) {
		if (s.state == SIM_STOPPED) {
			ended = 1;	/* reaped as ended: no kill */
			break;
		}
		memset(&w, 0, sizeof(w));
		w.pc = s.pc;
		w.lc0 = (uint8_t)s.lc[0];
		w.lc1 = (uint8_t)s.lc[1];
		if (pl330_prog_locate(&c->cfg, &c->req, &from, c->bufsz, &w)) {
			fail("stop %" PRIu64 ": locate refused pc %u lc %u/%u",
			     k, w.pc, w.lc0, w.lc1);
			goto out;
		}
		/* the provider's cheap test, and it never says so wrongly */
		if (pl330_prog_quiet_op(prog[s.pc]) && !w.quiet) {
			fail("stop %" PRIu64 ": pl330_prog_quiet_op(%#x) at pc %u, but a unit is under way",
			     k, prog[s.pc], s.pc);
			goto out;
		}
		if (kind != STOP_PAUSE || s.state == SIM_WAIT_PERIPH ||
		    pl330_prog_quiet_op(prog[s.pc]))
			break;
		/* the provider polls: the thread moves meanwhile */
		if (++polls > PROTO_POLLS) {
			n_unquiet++;
			break;
		}
		s.step_limit = s.insns + 1;
		st = sim_run(&s);
		if (st != SIM_PAUSED && st != SIM_STOPPED &&
		    st != SIM_WAIT_PERIPH) {
			fail("stop %" PRIu64 " poll: state %d %s", k, st, s.err);
			goto out;
		}
	}
	n_moved_on += polls != 0;
	if (!ended) {
		sim_kill(&s);
		if (w.held != s.killed_fifo + s.killed_stores ||
		    w.unstored != s.killed_stores) {
			fail("stop %" PRIu64 " pc %u: locate says %u bytes held, %u of them stored, the kill dropped %" PRIu64 " + %" PRIu64 " stored",
			     k, w.pc, w.held, w.unstored, s.killed_fifo,
			     s.killed_stores);
			goto out;
		}
	} else {
		w.pos = end;
		w.held = 0;
		w.quiet = true;
	}
	at = pl330_prog_pos_bytes(&c->req, &w.pos);
	moved = dev_moved(&s);
	if (c->req.type == PL330_XFER_TO_DEV && moved != at) {
		fail("stop %" PRIu64 " pc %u: the peripheral has %" PRIu64
		     " bytes, the stop position says %" PRIu64, k, w.pc,
		     moved, at);
		goto out;
	}
	if (c->req.type == PL330_XFER_FROM_DEV && moved != at + w.held) {
		fail("stop %" PRIu64 " pc %u: %" PRIu64
		     " bytes left the peripheral, %" PRIu64 " stored + %u held",
		     k, w.pc, moved, at, w.held);
		goto out;
	}
	if (kind == STOP_PAUSE && !w.quiet) {
		fail("stop %" PRIu64 ": not quiet after %u polls (pc %u)", k,
		     PROTO_POLLS, w.pc);
		goto out;
	}
	if (kind == STOP_KILL && c->req.type == PL330_XFER_FROM_DEV &&
	    w.held) {
		/* those bytes are gone: what the pause protocol avoids */
		n_lost++;
		bad = 0;
		goto out;
	}
	if (kind == STOP_TERMINATE) {
		struct pcase t = *c;
		uint64_t before = moved;
		uint32_t i;

		/* a new transfer on the same peripheral, from its start */
		t.req.segs = t.segs;
		t.passes = 1;
		t.req.nsegs = 1;
		t.req.seg_event = PL330_NO_EVENT;
		t.segs[0].len = (uint32_t)(c->req.dev_width *
					   (c->req.dev_burst * 2 + 3));
		t.total = t.segs[0].len;
		if (!is_slave(c) || t.segs[0].len > MEM_SIZE - 256 ||
		    (t.req.type == PL330_XFER_TO_DEV &&
		     t.segs[0].src - MEM_BASE + t.segs[0].len > MEM_SIZE)) {
			bad = 0;
			goto out;
		}
		if (t.req.type == PL330_XFER_FROM_DEV)
			t.segs[0].dst = MEM_BASE + 64 + rnd(8);
		pos.seg = 0;
		pos.off = 0;
		if (run_rest(&t, &s, pos, 0))
			goto out;
		if (t.req.type == PL330_XFER_TO_DEV) {
			sim_dev_drain(&s, STREAM);
			for (i = 0; i < t.total; i++)
				if (dev_out[before + i] !=
				    mem[t.segs[0].src - MEM_BASE + i])
					break;
			if (s.dev_out_len != before + t.total || i < t.total) {
				fail("after terminate at %" PRIu64
				     ": the new transfer sent %zu bytes (want %" PRIu64 "), first wrong %u",
				     k, s.dev_out_len - before, t.total, i);
				goto out;
			}
		} else {
			if (memcmp(mem + t.segs[0].dst - MEM_BASE,
				   dev_in + before, t.total)) {
				fail("after terminate at %" PRIu64
				     ": the new transfer did not get the next bytes",
				     k);
				goto out;
			}
		}
		bad = 0;
		goto out;
	}
	/* resume: the rest of this pass from the position, then the others */
	if (run_rest(c, &s, w.pos, 0) || check_final(c, &s))
		goto out;
	bad = 0;
out:
	sim_free(&s);
	return bad;
}

static int test_stops(enum stop_kind kind, unsigned int nprog,
		      uint64_t max_bound, const char *name)
{
	clock_t t0 = clock();
	struct pcase *c = &pc_;
	unsigned int i;
	char fig[200];

	n_prog = n_bound = n_moved_on = n_unquiet = n_dropped = n_lost = 0;
	for (i = 0; i < nprog; i++) {
		int cyclic = !long_mem && i % 3 == 2;
		uint64_t n, k, step;

		random_case(c, cyclic, kind != STOP_TERMINATE,
			    long_mem ? 1600 : cyclic ? 48 : 96);
		describe(c, name);
		n = count_insns(c);
		if (!n) {
			cases++;
			continue;	/* failure already counted */
		}
		n_prog++;
		/* every boundary; very long programs: every step-th */
		step = n > max_bound ? n / max_bound + 1 : 1;
		for (k = 0; k < n; k += step) {
			cases++;
			n_bound++;
			if (stop_at(c, k, kind))
				break;
		}
	}
	if (kind == STOP_PAUSE)
		snprintf(fig, sizeof(fig),
			 "%lu programs, %lu boundaries; %lu stops waited for a quiet point",
			 n_prog, n_bound, n_moved_on);
	else if (kind == STOP_KILL)
		snprintf(fig, sizeof(fig),
			 "%lu programs, %lu boundaries; at %lu a DEV_TO_MEM kill drops bytes read from the peripheral (counted exactly)",
			 n_prog, n_bound, n_lost);
	else
		snprintf(fig, sizeof(fig), "%lu programs, %lu boundaries",
			 n_prog, n_bound);
	return end_test(name, t0, fig);
}

/* ---- detectors: what the checks catch, on purpose ---- */

/*
 * A program that drops the barrier before its event, one that moves a
 * burst where the peripheral only asks for single beats, and one that
 * waits for a burst a peripheral with a smaller FIFO never requests:
 * the interpreter must refuse each.
 */
static int test_detectors(void)
{
	clock_t t0 = clock();
	struct pcase *c = &pc_;
	struct pl330_prog_pos pos = { 0, 0 }, from;
	struct sim s;
	enum sim_state st;
	int len;
	uint32_t i;

	/* 1: DMAWMB removed before the end event */
	cases++;
	snprintf(desc, sizeof(desc), "detector: no DMAWMB before DMASEV");
	random_case(c, 0, 0, 64);
	c->cfg.revision = PL330_REV_R1P1;
	c->req.type = PL330_XFER_FROM_DEV;
	c->req.nsegs = 1;
	c->segs[0].src = DEV_BASE;
	c->segs[0].dst = MEM_BASE;
	c->segs[0].len = 64;
	c->req.dev_width = 1;
	c->req.dev_burst = 4;
	c->req.seg_event = PL330_NO_EVENT;
	c->dev_cap = 64;
	c->total = 64;
	c->passes = 1;
	c->bufsz = 4096;
	prepare(c);
	sim_setup(c, &s, 64);
	len = build(c, &pos, &from);
	for (i = (uint32_t)len - 1; i > 0; i--)	/* the last DMAWMB */
		if (prog[i] == PL330_OP_WMB) {
			prog[i] = PL330_OP_NOP;
			break;
		}
	sim_start(&s, prog, (uint32_t)len);
	st = sim_run(&s);
	if (st != SIM_ERROR || !strstr(s.err, "DMASEV"))
		fail("accepted: state %d %s", st, s.err);
	sim_free(&s);

	/* 2: bursts of 4 where the peripheral requests bursts of 2 */
	cases++;
	snprintf(desc, sizeof(desc), "detector: burst where singles come");
	pos.seg = 0;
	pos.off = 0;
	c->req.type = PL330_XFER_TO_DEV;
	c->segs[0].src = MEM_BASE;
	c->segs[0].dst = DEV_BASE;
	prepare(c);
	sim_setup(c, &s, 0);
	s.dev.burst = 2;	/* its FIFO asks when 2 bytes fit */
	s.dev.cap = 3;
	len = build(c, &pos, &from);
	sim_start(&s, prog, (uint32_t)len);
	st = sim_run(&s);
	if (st != SIM_ERROR || !strstr(s.err, "ran ahead"))
		fail("accepted: state %d %s", st, s.err);
	sim_free(&s);

	/* 3: a burst the peripheral can never request */
	cases++;
	snprintf(desc, sizeof(desc), "detector: burst never requested");
	pos.seg = 0;
	pos.off = 0;
	prepare(c);
	sim_setup(c, &s, 0);
	s.dev.cap = 3;		/* room for 3: bursts of 4 never asked */
	len = build(c, &pos, &from);
	sim_start(&s, prog, (uint32_t)len);
	st = sim_run(&s);
	if (st != SIM_WAIT_PERIPH)
		fail("did not stall: state %d %s", st, s.err);
	sim_free(&s);
	return end_test("detectors", t0, NULL);
}

static int test_summary(void)
{
	clock_t t0 = clock();
	int i;

	snprintf(desc, sizeof(desc), "summary");
	for (i = 0; i < test_no; i++) {
		cases++;
		if (results[i].failures)
			fail("%s: %lu failures", results[i].name,
			     results[i].failures);
		if (!results[i].cases)
			fail("%s ran no case", results[i].name);
	}
	if (test_no != NTESTS - 1)
		fail("%d tests reported, the plan has %d before the summary",
		     test_no, NTESTS - 1);
	return end_test("summary", t0, NULL);
}

int main(int argc, char **argv)
{
	uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)clock() << 20);
	unsigned int scale = 1;
	int i, bad = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--long"))
			scale = 20;
		else {
			fprintf(stderr, "usage: %s [--seed N] [--long]\n",
				argv[0]);
			return 2;
		}
	}
	if (!seed)
		seed = 1;
	rnd_state = seed;
	printf("KTAP version 1\n1..%d\n", NTESTS);
	printf("# seed %" PRIu64 " (replay: %s --seed %" PRIu64 "%s)\n", seed,
	       argv[0], seed, scale > 1 ? " --long" : "");
	bad |= test_paced(0, 300 * scale, 8 * scale, "paced_slave");
	bad |= test_paced(1, 100 * scale, 8 * scale, "paced_cyclic");
	bad |= test_stops(STOP_PAUSE, 60 * scale, 4000, "pause_every_boundary");
	bad |= test_stops(STOP_KILL, 60 * scale, 4000, "kill_every_boundary");
	bad |= test_stops(STOP_TERMINATE, 40 * scale, 4000,
			  "terminate_every_boundary");
	long_mem = 1;
	bad |= test_stops(STOP_PAUSE, 12 * scale, 3000,
			  "pause_long_copies");
	bad |= test_stops(STOP_KILL, 12 * scale, 3000, "kill_long_copies");
	long_mem = 0;
	bad |= test_detectors();
	bad |= test_summary();
	printf("# seed %" PRIu64 "\n", seed);
	return bad ? 1 : 0;
}
