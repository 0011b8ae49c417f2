// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the PL330 program generator (provider/pl330_prog.c):
 * every generated program runs on the independent interpreter
 * (pl330_sim.c) and the result is checked byte by byte.  KTAP output.
 *
 *   test_prog [--seed N] [--random N] [--quick]
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pl330_prog.h"
#include "pl330_sim.h"

#define SRC_BASE	0x10000000u
#define DST_BASE	0x20000000u
#define FILL_BASE	0x30000000u
#define DEV_BASE	0x40000000u
#define GUARD		64
#define GATE_EV		5
#define END_EV		0
#define SEG_EV		1
#define MAX_SEGS	1024
#define SMALL_MEM	(512u * 1024)

/* ---- random numbers (xorshift64*), replayable from the printed seed ---- */

static uint64_t rng_state;

static uint64_t rnd64(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ull;
}

static uint32_t rnd(uint32_t n)	/* 0..n-1 */
{
	return n ? (uint32_t)(rnd64() % n) : 0;
}

/* ---- bookkeeping ---- */

static int test_no;
static unsigned long cases, failures, total_cases;

/* What each test reported, for the summary to check. */
#define NTESTS		10	/* the plan: nine tests, then the summary */
struct result {
	const char *name;
	unsigned long cases, failures;
};

static struct result results[NTESTS];
static int quiet_fail;
static char case_desc[512];

static void fail(const char *fmt, ...)
{
	va_list ap;

	failures++;
	if (quiet_fail)
		return;
	if (failures > 20)
		return;
	printf("# FAIL [%s]: ", case_desc);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static void begin_test(void)
{
	cases = 0;
	failures = 0;
}

static int end_test(const char *name, clock_t t0)
{
	double s = (double)(clock() - t0) / CLOCKS_PER_SEC;

	total_cases += cases;
	if (test_no < NTESTS) {
		results[test_no].name = name;
		results[test_no].cases = cases;
		results[test_no].failures = failures;
	}
	printf("# %s: %lu cases, %lu failures, %.2f s\n", name, cases,
	       failures, s);
	printf("%s %d %s\n", failures ? "not ok" : "ok", ++test_no, name);
	fflush(stdout);
	return failures ? 1 : 0;
}

/* ---- a test case: configuration, request and simulated memory ---- */

struct tcase {
	struct pl330_prog_cfg cfg;
	struct pl330_prog_req req;
	struct pl330_seg segs[MAX_SEGS];
	/* memory windows */
	uint32_t src_base, src_size;	/* source window (RAM or PATTERN) */
	uint32_t dst_base, dst_size;	/* destination window, with guards */
	int src_pattern;
	uint8_t *src;			/* src window data (if RAM) */
	uint8_t *dst;			/* dst window data */
	uint8_t *dst_init;		/* dst window before the transfer */
	uint8_t *expect;		/* dst window expected after */
	uint8_t fill[32];
	uint8_t *dev_in;
	size_t dev_in_len;
	uint8_t *dev_expect;		/* expected peripheral output */
	uint8_t *dev_out;
	size_t dev_len;			/* bytes to or from the device */
	uint64_t total;
};

#define POOL	(4u << 20)
static uint8_t *pool;		/* random bytes, read-only windows */
static uint8_t *buf_src, *buf_dst, *buf_init, *buf_exp, *buf_dev_in,
	*buf_dev_exp, *buf_dev_out;
static size_t buf_cap;

static void ensure_bufs(size_t n)
{
	if (n <= buf_cap)
		return;
	free(buf_src);
	free(buf_dst);
	free(buf_init);
	free(buf_exp);
	free(buf_dev_in);
	free(buf_dev_exp);
	free(buf_dev_out);
	buf_src = malloc(n);
	buf_dst = malloc(n);
	buf_init = malloc(n);
	buf_exp = malloc(n);
	buf_dev_in = malloc(n);
	buf_dev_exp = malloc(n);
	buf_dev_out = malloc(n);
	if (!buf_src || !buf_dst || !buf_init || !buf_exp || !buf_dev_in ||
	    !buf_dev_exp || !buf_dev_out) {
		printf("Bail out! out of memory\n");
		exit(2);
	}
	buf_cap = n;
}

static void default_cfg(struct pl330_prog_cfg *cfg, int bus, int rev)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->bus_bytes = (uint8_t)bus;
	cfg->fifo_bytes = (uint16_t)(bus * 16);
	cfg->revision = (uint8_t)rev;
}

static void init_req(struct tcase *t, enum pl330_xfer_type type)
{
	memset(&t->req, 0, sizeof(t->req));
	t->req.type = type;
	t->req.segs = t->segs;
	t->req.nsegs = 0;
	t->req.end_event = END_EV;
	t->req.seg_event = PL330_NO_EVENT;
	t->req.gate_event = PL330_NO_EVENT;
	t->req.fault_at = -1;
	t->req.fill_addr = FILL_BASE;
	t->req.periph = 3;
	t->req.dev_width = 1;
	t->req.dev_burst = 1;
}

/* @n random bytes: a slice of the pool, or @buf tiled from it */
static uint8_t *window(uint8_t *buf, uint32_t n)
{
	uint32_t at, k;

	if (n <= POOL)
		return pool + rnd(POOL - n + 1);
	for (at = 0; at < n; at += k) {
		k = n - at < POOL / 2 ? n - at : POOL / 2;
		memcpy(buf + at, pool + rnd(POOL / 2), k);
	}
	return buf;
}

/*
 * Fill the memory windows and compute the expected results.  Segment
 * addresses must already lie in [src_base, +src_size) and
 * [dst_base + GUARD, +dst_size - GUARD).
 */
static void prepare(struct tcase *t)
{
	enum pl330_xfer_type type = t->req.type;
	uint32_t i, j;
	size_t need = t->dst_size > t->src_size ? t->dst_size : t->src_size;
	uint8_t v = (uint8_t)(1 + rnd(255));

	t->total = 0;
	for (i = 0; i < t->req.nsegs; i++)
		t->total += t->segs[i].len;
	if (t->total + 16 > need)
		need = t->total + 16;
	ensure_bufs(need);
	t->src = buf_src;
	t->dst = buf_dst;
	t->expect = buf_exp;
	t->dev_in = buf_dev_in;
	t->dev_expect = buf_dev_exp;
	t->dev_out = buf_dev_out;
	/* windows: random slices of two pools of random bytes */
	if (!t->src_pattern)
		t->src = window(buf_src, t->src_size);
	t->dst_init = window(buf_init, t->dst_size);
	memset(t->fill, v, sizeof(t->fill));
	memcpy(t->expect, t->dst_init, t->dst_size);
	t->dev_len = 0;
	t->dev_in_len = 0;
	if (type == PL330_XFER_FROM_DEV) {
		t->dev_in_len = t->total;
		if (t->total <= POOL) {
			t->dev_in = pool + rnd((uint32_t)(POOL - t->total));
		} else {
			for (i = 0; i < t->total; i++)
				t->dev_in[i] = (uint8_t)rnd64();
		}
	}
	for (i = 0; i < t->req.nsegs; i++) {
		const struct pl330_seg *s = &t->segs[i];
		uint32_t n = s->len;

		switch (type) {
		case PL330_XFER_MEMCPY:
			if (!t->src_pattern) {
				memcpy(t->expect + (s->dst - t->dst_base),
				       t->src + (s->src - t->src_base), n);
				break;
			}
			for (j = 0; j < n; j++)
				t->expect[s->dst + j - t->dst_base] =
					sim_pattern(s->src + j);
			break;
		case PL330_XFER_MEMSET:
			memset(t->expect + (s->dst - t->dst_base), v, n);
			break;
		case PL330_XFER_TO_DEV:
			memcpy(t->dev_expect + t->dev_len,
			       t->src + (s->src - t->src_base), n);
			t->dev_len += n;
			break;
		case PL330_XFER_FROM_DEV:
			memcpy(t->expect + (s->dst - t->dst_base),
			       t->dev_in + t->dev_len, n);
			t->dev_len += n;
			break;
		}
	}
}

static void sim_setup(struct tcase *t, struct sim *s)
{
	sim_init(s, t->cfg.fifo_bytes, t->cfg.bus_bytes,
		 t->cfg.revision == PL330_REV_R0P0);
	s->irq_events = (1u << END_EV) | (1u << SEG_EV);
	s->dev_width = t->req.dev_width;
	s->dev_burst = t->req.dev_burst;
	s->periph = t->req.periph;
	sim_add_region(s, t->src_base, t->src_size,
		       t->src_pattern ? NULL : t->src,
		       t->src_pattern ? SIM_PATTERN : SIM_ROM);
	sim_add_region(s, t->dst_base, t->dst_size, t->dst, SIM_RAM);
	sim_add_region(s, FILL_BASE, sizeof(t->fill), t->fill, SIM_RAM);
	sim_add_region(s, DEV_BASE, 8, NULL, SIM_DEV);
	s->dev_in = t->dev_in;
	s->dev_in_len = t->dev_in_len;
	s->dev_out = t->dev_out;
	s->dev_out_cap = t->dev_len + 64;
}

static void reset_mem(struct tcase *t, struct sim *s)
{
	memcpy(t->dst, t->dst_init, t->dst_size);
	s->dev_in_pos = 0;
	s->dev_out_len = 0;
}

/* Largest body width a memory segment may use (for the beat bound). */
static uint32_t body_width(const struct tcase *t, const struct pl330_seg *sg)
{
	uint32_t w = t->cfg.bus_bytes, x;

	if (t->req.type == PL330_XFER_MEMCPY)
		x = sg->src ^ sg->dst;
	else if (t->req.type == PL330_XFER_MEMSET)
		x = t->req.fill_addr;
	else
		return t->req.dev_width;
	while (w > 1 && (x & (w - 1)))
		w >>= 1;
	return w;
}

/* Compare the results of a complete run. @upto: bytes expected moved. */
static int check_result(struct tcase *t, struct sim *s, uint64_t upto)
{
	if (s->unaligned) {
		fail("%" PRIu64 " unaligned beats", s->unaligned);
		return 1;
	}
	if (upto == t->total) {
		if (memcmp(t->dst, t->expect, t->dst_size)) {
			uint32_t i;

			for (i = 0; i < t->dst_size; i++)
				if (t->dst[i] != t->expect[i])
					break;
			fail("memory differs at %#x (%s): got %02x want %02x",
			     t->dst_base + i,
			     t->dst_init[i] == t->expect[i] ? "outside dst" :
			     "inside dst", t->dst[i], t->expect[i]);
			return 1;
		}
	}
	if (t->req.type == PL330_XFER_TO_DEV) {
		if (s->dev_out_len != upto ||
		    memcmp(t->dev_out, t->dev_expect, upto)) {
			fail("device stream: %zu bytes, want %" PRIu64,
			     s->dev_out_len, upto);
			return 1;
		}
	}
	if (t->req.type == PL330_XFER_FROM_DEV && s->dev_in_pos != upto) {
		fail("device read %zu bytes, want %" PRIu64, s->dev_in_pos,
		     upto);
		return 1;
	}
	return 0;
}

/*
 * Memory contents after a partial run that moved @moved bytes in order:
 * the expected image up to that byte, the initial image beyond.
 */
static int check_prefix(struct tcase *t, uint64_t moved)
{
	uint64_t b = 0;
	uint32_t i, j;

	for (i = 0; i < t->req.nsegs; i++) {
		const struct pl330_seg *sg = &t->segs[i];
		uint32_t base = sg->dst - t->dst_base;

		if (t->req.type == PL330_XFER_TO_DEV)
			return 0;
		for (j = 0; j < sg->len; j++, b++) {
			uint8_t want = b < moved ? t->expect[base + j] :
				       t->dst_init[base + j];

			if (t->dst[base + j] != want) {
				fail("after %" PRIu64 " bytes: byte %" PRIu64
				     " of the request is %s", moved, b,
				     b < moved ? "not written" : "written early");
				return 1;
			}
		}
	}
	return 0;
}

static uint8_t prog_buf[1 << 20];
static uint64_t run_base;	/* st_bytes when the current run began */

/* Run a program to its end, releasing gates; checks the gate spacing. */
static enum sim_state run_gated(struct tcase *t, struct sim *s,
				const uint8_t *p, uint32_t len, int *gates)
{
	uint64_t last = s->st_bytes;

	sim_start(s, p, len);
	for (;;) {
		enum sim_state st = sim_run(s);
		uint64_t slack;
		uint32_t unit;

		if (st != SIM_WAIT_EVENT)
			return st;
		if (s->wait_ev != GATE_EV) {
			fail("waiting for unexpected event %d", s->wait_ev);
			return SIM_ERROR;
		}
		(*gates)++;
		/* between two gates: about gate_every bytes */
		unit = t->req.type >= PL330_XFER_TO_DEV ?
		       t->req.dev_width * t->req.dev_burst :
		       t->cfg.fifo_bytes < 256 ? t->cfg.fifo_bytes : 256;
		slack = (t->req.gate_every > unit ? t->req.gate_every : unit) +
			unit + 32;
		if (t->req.gate_every && s->st_bytes - last > slack) {
			fail("%" PRIu64 " bytes between gates (gate_every %u)",
			     s->st_bytes - last, t->req.gate_every);
			return SIM_ERROR;
		}
		if (*gates < 16 && check_prefix(t, s->st_bytes - run_base))
			return SIM_ERROR;
		last = s->st_bytes;
		sim_signal(s, GATE_EV);
	}
}

#define CK_SPLIT	0x1	/* also generate in small pieces */
#define CK_NOSIZE	0x2	/* skip the whole-program run (huge cases) */

/* Full check of one request.  Returns 0 if everything passed. */
static int check_case(struct tcase *t, int flags)
{
	struct pl330_prog_pos pos = { 0, 0 };
	struct sim s;
	long size;
	int len, gates = 0, nprog = 0, bad = 0;
	uint32_t i, bufsz, min_size;
	uint64_t beats_max = 0, moved_before;
	enum sim_state st;
	int events_seg = 0, events_end = 0;
	int expect_fault = t->req.fault_at >= 0;
	uint64_t fault_bytes = 0;

	cases++;
	prepare(t);
	size = pl330_prog_size(&t->cfg, &t->req);
	if (size <= 0 || size > (long)sizeof(prog_buf)) {
		fail("pl330_prog_size returned %ld", size);
		return 1;
	}
	len = pl330_prog_build(&t->cfg, &t->req, &pos, prog_buf, (uint32_t)size);
	if (len != size || pos.seg != t->req.nsegs || pos.off) {
		fail("build into %ld bytes: %d, pos {%u,%u}", size, len,
		     pos.seg, pos.off);
		return 1;
	}
	/* SAR and DAR first: the glue trusts them from PL330_PROG_ADDR_SET on */
	if (t->req.nsegs && (len < PL330_PROG_ADDR_SET ||
			     prog_buf[0] != PL330_OP_MOV ||
			     prog_buf[1] != PL330_MOV_SAR ||
			     prog_buf[6] != PL330_OP_MOV ||
			     prog_buf[7] != PL330_MOV_DAR)) {
		fail("program does not start with DMAMOV SAR, DMAMOV DAR");
		return 1;
	}
	/* a roomy buffer (fast path for single memory segments) agrees */
	if (size < 4096) {
		static uint8_t big[4096];
		struct pl330_prog_pos p2 = { 0, 0 };
		int len2 = pl330_prog_build(&t->cfg, &t->req, &p2, big,
					    sizeof(big));

		if (len2 != len || memcmp(big, prog_buf, (size_t)len)) {
			fail("program differs with a %zu-byte buffer (%d vs %d)",
			     sizeof(big), len2, len);
			return 1;
		}
	}
	if (expect_fault) {
		fault_bytes = (uint64_t)t->req.fault_at < t->total ?
			      (uint64_t)t->req.fault_at : t->total;
		if (t->req.type >= PL330_XFER_TO_DEV) {
			/* rounded down to the device width inside a segment */
			uint64_t b = 0;

			for (i = 0; i < t->req.nsegs; i++) {
				if (fault_bytes < b + t->segs[i].len) {
					fault_bytes = b + ((fault_bytes - b) &
						~(uint64_t)(t->req.dev_width - 1));
					break;
				}
				b += t->segs[i].len;
			}
		}
	}

	sim_setup(t, &s);
	reset_mem(t, &s);
	run_base = 0;
	st = run_gated(t, &s, prog_buf, (uint32_t)len, &gates);
	if (expect_fault) {
		if (st != SIM_FAULT || s.fault_type != SIM_FT_UNDEF_INSTR) {
			fail("fault_at %ld: state %d fault %#x %s", t->req.fault_at,
			     st, s.fault_type, s.err);
			bad = 1;
		} else if (s.st_bytes != fault_bytes) {
			fail("fault_at %ld: %" PRIu64 " bytes stored, want %"
			     PRIu64, t->req.fault_at, s.st_bytes, fault_bytes);
			bad = 1;
		} else if (check_prefix(t, fault_bytes) ||
			   check_result(t, &s, fault_bytes)) {
			bad = 1;
		}
		sim_free(&s);
		return bad;
	}
	if (st != SIM_STOPPED) {
		fail("program did not end: state %d fault %#x at pc %u: %s",
		     st, s.fault_type, s.fault_pc, s.err);
		sim_free(&s);
		return 1;
	}
	if (check_result(t, &s, t->total)) {
		sim_free(&s);
		return 1;
	}
	/* counts */
	for (i = 0; i < (uint32_t)s.nlog; i++) {
		if (s.log[i].ev == SEG_EV)
			events_seg++;
		else if (s.log[i].ev == END_EV)
			events_end++;
	}
	if (t->req.end_event >= 0 &&
	    (events_end != 1 || s.log[s.nlog - 1].ev != END_EV)) {
		fail("end event signalled %d times", events_end);
		bad = 1;
	}
	if (t->req.seg_event >= 0 && s.nlog < SIM_MAX_LOG &&
	    events_seg != (int)t->req.nsegs) {
		fail("%d segment events for %u segments", events_seg,
		     t->req.nsegs);
		bad = 1;
	}
	if (t->req.seg_event >= 0 && s.nlog < SIM_MAX_LOG) {
		uint64_t b = 0;
		int k = 0;

		for (i = 0; i < (uint32_t)s.nlog && k < (int)t->req.nsegs; i++) {
			if (s.log[i].ev != SEG_EV)
				continue;
			b += t->segs[k++].len;
			if (s.log[i].bytes_stored != b) {
				fail("segment %d event after %" PRIu64
				     " bytes, want %" PRIu64, k - 1,
				     s.log[i].bytes_stored, b);
				bad = 1;
				break;
			}
		}
	}
	if (t->req.gate_event >= 0) {
		uint32_t nonempty = 0;

		for (i = 0; i < t->req.nsegs; i++)
			nonempty += t->segs[i].len != 0;
		if ((uint32_t)gates < nonempty) {
			fail("%d gates for %u segments", gates, nonempty);
			bad = 1;
		}
	}
	if (t->req.type >= PL330_XFER_TO_DEV) {
		if (s.flushp != (t->cfg.no_flushp ? 0u : 1u)) {
			fail("%" PRIu64 " DMAFLUSHP", s.flushp);
			bad = 1;
		}
	}
	/* beats: the body width for the body, at most 15 more each end */
	for (i = 0; i < t->req.nsegs; i++) {
		uint32_t w = body_width(t, &t->segs[i]);

		if (t->req.type >= PL330_XFER_TO_DEV) {
			uint32_t a = t->req.type == PL330_XFER_TO_DEV ?
				     t->segs[i].src : t->segs[i].dst;
			uint32_t mw = w;

			while (mw > 1 && (a & (mw - 1)))
				mw >>= 1;
			beats_max += t->segs[i].len / mw;
		} else {
			beats_max += t->segs[i].len / w + 30;
		}
	}
	if (s.ld_beats > beats_max || s.st_beats > beats_max ||
	    s.ld_bytes != t->total || s.st_bytes != t->total) {
		fail("beats ld %" PRIu64 " st %" PRIu64 " (max %" PRIu64
		     "), bytes ld %" PRIu64 " st %" PRIu64, s.ld_beats,
		     s.st_beats, beats_max, s.ld_bytes, s.st_bytes);
		bad = 1;
	}
	{
		uint64_t xfer = s.op_count[0x04] + s.op_count[0x08] +
			s.op_count[0x25] + s.op_count[0x27] +
			s.op_count[0x29] + s.op_count[0x2b];
		uint64_t other = s.insns - xfer;

		if (other > 3 * xfer + 12ull * t->req.nsegs + 12 +
		    (uint64_t)gates * 2) {
			fail("%" PRIu64 " instructions for %" PRIu64
			     " transfers", s.insns, xfer);
			bad = 1;
		}
	}
	if (bad || !(flags & CK_SPLIT)) {
		sim_free(&s);
		return bad;
	}

	/* split generation: several small programs must do the same */
	min_size = PL330_PROG_MIN_SIZE;
	bufsz = min_size + (rnd(2) ? rnd(8) : rnd(200));
	reset_mem(t, &s);
	memset(&pos, 0, sizeof(pos));
	moved_before = s.st_bytes;
	run_base = s.st_bytes;
	while (pos.seg < t->req.nsegs) {
		struct pl330_prog_pos before = pos;
		uint64_t b0 = pl330_prog_pos_bytes(&t->req, &pos), b1;

		len = pl330_prog_build(&t->cfg, &t->req, &pos, prog_buf, bufsz);
		if (len <= 0 || (uint32_t)len > bufsz) {
			fail("split build (%u bytes) returned %d at {%u,%u}",
			     bufsz, len, before.seg, before.off);
			bad = 1;
			break;
		}
		b1 = pl330_prog_pos_bytes(&t->req, &pos);
		if (b1 < b0 || (b1 == b0 && pos.seg == before.seg)) {
			fail("split build made no progress at {%u,%u}",
			     before.seg, before.off);
			bad = 1;
			break;
		}
		st = run_gated(t, &s, prog_buf, (uint32_t)len, &gates);
		if (st != SIM_STOPPED) {
			fail("split program %d: state %d %s", nprog, st, s.err);
			bad = 1;
			break;
		}
		if (s.st_bytes - moved_before != b1 - b0) {
			fail("split program moved %" PRIu64 ", pos says %" PRIu64,
			     s.st_bytes - moved_before, b1 - b0);
			bad = 1;
			break;
		}
		moved_before = s.st_bytes;
		if (++nprog > 100000) {
			fail("too many split programs");
			bad = 1;
			break;
		}
	}
	if (!bad && check_result(t, &s, t->total))
		bad = 1;
	sim_free(&s);
	return bad;
}

static void describe(struct tcase *t, const char *what)
{
	const struct pl330_seg *s = t->req.nsegs ? &t->segs[0] : NULL;

	snprintf(case_desc, sizeof(case_desc),
		 "%s type %d bus %u fifo %u rev %u nsegs %u seg0 %#x->%#x len %u dw %u db %u pb %d nf %d gate %d/%u fault %ld",
		 what, t->req.type, t->cfg.bus_bytes, t->cfg.fifo_bytes,
		 t->cfg.revision, t->req.nsegs, s ? s->src : 0, s ? s->dst : 0,
		 s ? s->len : 0, t->req.dev_width, t->req.dev_burst,
		 t->cfg.periph_burst, t->cfg.no_flushp, t->req.gate_event,
		 t->req.gate_every, t->req.fault_at);
}

/* Single-segment memory case with small windows. */
static void setup_single(struct tcase *t, uint32_t soff, uint32_t doff,
			 uint32_t len)
{
	enum pl330_xfer_type type = t->req.type;

	t->src_pattern = 0;
	t->src_base = SRC_BASE;
	t->src_size = soff + len + 16;
	t->dst_base = DST_BASE;
	t->dst_size = doff + len + GUARD + 16;
	t->req.nsegs = 1;
	t->segs[0].src = SRC_BASE + soff;
	t->segs[0].dst = DST_BASE + GUARD + doff;
	t->segs[0].len = len;
	if (type == PL330_XFER_TO_DEV)
		t->segs[0].dst = DEV_BASE;
	if (type == PL330_XFER_FROM_DEV)
		t->segs[0].src = DEV_BASE;
	if (type == PL330_XFER_MEMSET)
		t->segs[0].src = 0;
}

static struct tcase tc;

/* ---- 1: encoders ---- */
static int test_encode(void)
{
	clock_t t0 = clock();
	uint8_t b[PL330_GO_SIZE];
	static const uint8_t want[] = { 0xa2, 0x05, 0x78, 0x56, 0x34, 0x12 };

	begin_test();
	snprintf(case_desc, sizeof(case_desc), "DMAGO");
	cases++;
	pl330_encode_go(b, 5, 0x12345678, true);
	if (memcmp(b, want, sizeof(want)))
		fail("DMAGO ns encoding");
	cases++;
	pl330_encode_go(b, 0, 0xfffc0000, false);
	if (b[0] != 0xa0 || b[1] != 0 || b[2] || b[3] || b[4] != 0xfc ||
	    b[5] != 0xff)
		fail("DMAGO secure encoding");
	return end_test("encode_go", t0);
}

/* ---- 2: requests that must be refused ---- */
static int expect_err(struct tcase *t, int err, const char *what)
{
	struct pl330_prog_pos pos = { 0, 0 };
	long sz;
	int r;

	cases++;
	snprintf(case_desc, sizeof(case_desc), "%s", what);
	sz = pl330_prog_size(&t->cfg, &t->req);
	r = pl330_prog_build(&t->cfg, &t->req, &pos, prog_buf, 4096);
	if (sz != -err || r != -err) {
		fail("size %ld build %d, want %d", sz, r, -err);
		return 1;
	}
	return 0;
}

static int test_einval(void)
{
	clock_t t0 = clock();
	struct tcase *t = &tc;
	struct pl330_prog_pos pos = { 0, 0 };
	int r;

	begin_test();
	default_cfg(&t->cfg, 8, PL330_REV_R1P1);
	init_req(t, PL330_XFER_TO_DEV);
	setup_single(t, 0, 0, 64);
	t->req.dev_width = 3;
	expect_err(t, EINVAL, "dev_width 3");
	t->req.dev_width = 16;
	expect_err(t, EINVAL, "dev_width 16");
	t->req.dev_width = 4;
	t->req.dev_burst = 0;
	expect_err(t, EINVAL, "dev_burst 0");
	t->req.dev_burst = 17;
	expect_err(t, EINVAL, "dev_burst 17");
	t->req.dev_burst = 4;
	t->segs[0].len = 66;
	expect_err(t, EINVAL, "length not a multiple of dev_width");
	t->segs[0].len = 64;
	t->segs[0].dst = DEV_BASE + 2;
	expect_err(t, EINVAL, "device address not aligned to dev_width");
	t->segs[0].dst = DEV_BASE;
	t->req.periph = 32;
	expect_err(t, EINVAL, "periph 32");
	t->req.periph = 3;
	t->req.end_event = 32;
	expect_err(t, EINVAL, "end_event 32");
	t->req.end_event = END_EV;
	t->req.seg_event = -2;
	expect_err(t, EINVAL, "seg_event -2");
	t->req.seg_event = PL330_NO_EVENT;
	t->req.gate_event = 40;
	expect_err(t, EINVAL, "gate_event 40");
	t->req.gate_event = PL330_NO_EVENT;
	t->cfg.bus_bytes = 4;
	t->req.dev_width = 8;
	expect_err(t, EINVAL, "dev_width wider than the bus");
	t->cfg.bus_bytes = 8;
	t->req.dev_width = 8;
	t->req.dev_burst = 16;
	t->cfg.fifo_bytes = 64;
	expect_err(t, EINVAL, "request larger than the MFIFO");
	default_cfg(&t->cfg, 8, PL330_REV_R1P1);
	t->cfg.bus_bytes = 2;
	expect_err(t, EINVAL, "bus_bytes 2");
	t->cfg.bus_bytes = 8;
	t->cfg.fifo_bytes = 8;
	expect_err(t, EINVAL, "fifo_bytes 8");
	default_cfg(&t->cfg, 8, PL330_REV_R1P1);
	init_req(t, PL330_XFER_MEMCPY);
	setup_single(t, 0, 0, 64);
	t->req.type = (enum pl330_xfer_type)7;
	expect_err(t, EINVAL, "bad type");
	t->req.type = PL330_XFER_MEMCPY;
	/* bad positions */
	cases++;
	pos.seg = 2;
	r = pl330_prog_build(&t->cfg, &t->req, &pos, prog_buf, 4096);
	if (r != -EINVAL)
		fail("pos beyond the request: %d", r);
	cases++;
	pos.seg = 0;
	pos.off = 65;
	r = pl330_prog_build(&t->cfg, &t->req, &pos, prog_buf, 4096);
	if (r != -EINVAL)
		fail("pos beyond the segment: %d", r);
	/* no space */
	cases++;
	pos.off = 0;
	r = pl330_prog_build(&t->cfg, &t->req, &pos, prog_buf, 20);
	if (r != -ENOSPC || pos.seg || pos.off)
		fail("20-byte buffer: %d", r);
	cases++;
	r = pl330_prog_build(&t->cfg, &t->req, &pos, prog_buf, 2);
	if (r != -ENOSPC)
		fail("2-byte buffer: %d", r);
	/* nothing to do: just the closing */
	cases++;
	t->req.nsegs = 0;
	pos.seg = 0;
	r = pl330_prog_build(&t->cfg, &t->req, &pos, prog_buf, 4096);
	if (r != 3 || prog_buf[0] != PL330_OP_SEV || prog_buf[2] != PL330_OP_END)
		fail("empty request: %d", r);
	return end_test("refused_requests", t0);
}

/* ---- 3/4: exhaustive memory-to-memory ---- */
static int test_mem_exhaustive(enum pl330_xfer_type type, const char *name,
			       int maxlen)
{
	clock_t t0 = clock();
	static const int buses[] = { 4, 8, 16 };
	static const int revs[] = { PL330_REV_R0P0, PL330_REV_R1P1 };
	struct tcase *t = &tc;
	int b, r, sa, da, len;

	begin_test();
	for (b = 0; b < 3; b++)
		for (r = 0; r < 2; r++)
			for (sa = 0; sa < 8; sa++)
				for (da = 0; da < 8; da++)
					for (len = 0; len <= maxlen; len++) {
						if (type == PL330_XFER_MEMSET && sa)
							continue;
						default_cfg(&t->cfg, buses[b], revs[r]);
						init_req(t, type);
						setup_single(t, (uint32_t)sa, (uint32_t)da,
							     (uint32_t)len);
						t->req.seg_event = SEG_EV;
						describe(t, name);
						check_case(t, (len % 37) == 5 ? CK_SPLIT : 0);
					}
	return end_test(name, t0);
}

/* ---- 5: exhaustive slave ---- */
static int test_slave_exhaustive(void)
{
	clock_t t0 = clock();
	struct tcase *t = &tc;
	int dir, w, db, pb, al, k, len;

	begin_test();
	for (dir = 0; dir < 2; dir++)
		for (w = 1; w <= 8; w <<= 1)
			for (db = 1; db <= 16; db++)
				for (pb = 0; pb < 2; pb++)
					for (al = 0; al < 8; al++)
						for (k = 0; k <= 2 * db + 3; k++) {
							len = k * w;
							default_cfg(&t->cfg, 8, PL330_REV_R1P1);
							t->cfg.periph_burst = pb;
							t->cfg.no_flushp = al == 3;
							init_req(t, dir ? PL330_XFER_FROM_DEV :
								 PL330_XFER_TO_DEV);
							t->req.dev_width = (uint8_t)w;
							t->req.dev_burst = (uint8_t)db;
							setup_single(t, (uint32_t)al,
								     (uint32_t)al, (uint32_t)len);
							t->req.seg_event = SEG_EV;
							describe(t, "slave");
							check_case(t, k == 2 * db + 1 ? CK_SPLIT : 0);
						}
	return end_test("slave_exhaustive", t0);
}

/* ---- random requests ---- */

static uint32_t rnd_len(uint32_t max)
{
	uint32_t bits = 1 + rnd(31), l;

	l = (uint32_t)(rnd64() & ((1ull << bits) - 1));
	return l % (max + 1);
}

/*
 * Random request over small windows: @maxsegs segments, each up to
 * @maxlen bytes, placed one after the other with random gaps.
 */
static void random_case(struct tcase *t, uint32_t maxsegs, uint32_t maxlen)
{
	static const int buses[] = { 4, 8, 16 };
	static const int revs[] = { PL330_REV_R0P0, PL330_REV_R1P0,
				    PL330_REV_R1P1 };
	enum pl330_xfer_type type = (enum pl330_xfer_type)rnd(4);
	uint32_t nsegs = 1 + rnd(maxsegs), i, soff = 0, doff = GUARD, w = 1;
	uint32_t prev_end = GUARD;
	uint32_t fifo;

	default_cfg(&t->cfg, buses[rnd(3)], revs[rnd(3)]);
	fifo = t->cfg.bus_bytes * (1u << rnd(6));
	if (fifo < 16)
		fifo = 16;
	if (rnd(4) == 0)
		fifo += rnd(64);
	t->cfg.fifo_bytes = (uint16_t)fifo;
	t->cfg.periph_burst = rnd(2);
	t->cfg.no_flushp = rnd(4) == 0;
	t->cfg.ccr_prot = rnd(2) ? (2u << 8) | (2u << 22) : 0;
	init_req(t, type);
	if (type >= PL330_XFER_TO_DEV) {
		do {
			w = 1u << rnd(4);
			t->req.dev_burst = (uint8_t)(1 + rnd(16));
		} while (w > t->cfg.bus_bytes ||
			 w * t->req.dev_burst > t->cfg.fifo_bytes);
		t->req.dev_width = (uint8_t)w;
		t->req.periph = (uint8_t)rnd(32);
	}
	if (type == PL330_XFER_MEMSET)
		t->req.fill_addr = FILL_BASE + (rnd(2) ? 0 : 1u << rnd(4));
	if (rnd(2))
		t->req.seg_event = SEG_EV;
	if (rnd(8) == 0)
		t->req.end_event = PL330_NO_EVENT;
	t->src_pattern = 0;
	t->src_base = SRC_BASE;
	t->dst_base = DST_BASE;
	for (i = 0; i < nsegs; i++) {
		struct pl330_seg *s = &t->segs[i];
		uint32_t len = rnd_len(maxlen);

		if (type >= PL330_XFER_TO_DEV)
			len &= ~(w - 1);
		soff += rnd(64);
		doff += rnd(rnd(4) ? 16 : 64);
		/* contiguous entries sometimes */
		if (rnd(4) == 0 && i)
			doff = prev_end;
		s->src = SRC_BASE + soff;
		s->dst = DST_BASE + doff;
		s->len = len;
		soff += len;
		doff += len;
		prev_end = doff;
		if (type == PL330_XFER_TO_DEV)
			s->dst = DEV_BASE;
		if (type == PL330_XFER_FROM_DEV)
			s->src = DEV_BASE;
		if (type == PL330_XFER_MEMSET)
			s->src = 0;
	}
	t->req.nsegs = nsegs;
	t->src_size = soff + 16;
	t->dst_size = doff + GUARD;
	if (rnd(8) == 0) {
		t->req.gate_event = GATE_EV;
		t->req.gate_every = rnd(4) ? rnd(4096) : 0;
	}
	if (rnd(16) == 0) {
		uint64_t tot = 0;

		for (i = 0; i < nsegs; i++)
			tot += t->segs[i].len;
		t->req.fault_at = (long)rnd((uint32_t)tot + 2);
	}
}

static int test_random(unsigned long n, uint64_t seed)
{
	clock_t t0 = clock();
	struct tcase *t = &tc;
	unsigned long i;

	begin_test();
	for (i = 0; i < n; i++) {
		uint32_t kind = rnd(1000);

		if (kind < 5)
			random_case(t, MAX_SEGS, 256);
		else if (kind < 100)
			random_case(t, 16, 4096);
		else if (kind < 130)
			random_case(t, 2, 64 * 1024);
		else
			random_case(t, 3, 300);
		describe(t, "random");
		snprintf(case_desc + strlen(case_desc),
			 sizeof(case_desc) - strlen(case_desc),
			 " (seed %" PRIu64 " case %lu)", seed, i);
		check_case(t, rnd(8) == 0 ? CK_SPLIT : 0);
	}
	return end_test("random", t0);
}

/* ---- big transfers: 16 MiB and more, source computed ---- */
static int test_big(unsigned long n, uint64_t seed)
{
	clock_t t0 = clock();
	struct tcase *t = &tc;
	unsigned long i;

	begin_test();
	for (i = 0; i < n; i++) {
		static const int buses[] = { 4, 8, 16 };
		uint32_t len = (16u << 20) + rnd(1u << 20);
		uint32_t sa = rnd(64), da = rnd(64);

		if (i == 0)
			len = 16u << 20;
		default_cfg(&t->cfg, buses[rnd(3)], (int)rnd(3));
		t->cfg.fifo_bytes = (uint16_t)(t->cfg.bus_bytes * 16 * (1 + rnd(4)));
		init_req(t, rnd(4) ? PL330_XFER_MEMCPY : PL330_XFER_MEMSET);
		if (i % 3 == 2) {
			/* slave */
			t->req.type = rnd(2) ? PL330_XFER_TO_DEV :
					      PL330_XFER_FROM_DEV;
			t->req.dev_width = (uint8_t)(1u << rnd(3));
			t->req.dev_burst = (uint8_t)(1 + rnd(16));
			len = (4u << 20) + rnd(1u << 20) * t->req.dev_width;
			len &= ~(uint32_t)(t->req.dev_width - 1);
		}
		setup_single(t, sa, da, len);
		t->src_pattern = t->req.type == PL330_XFER_MEMCPY;
		if (t->src_pattern)
			t->src_size = sa + len + 16;
		t->req.seg_event = SEG_EV;
		describe(t, "big");
		snprintf(case_desc + strlen(case_desc),
			 sizeof(case_desc) - strlen(case_desc),
			 " (seed %" PRIu64 " case %lu)", seed, i);
		check_case(t, i < 2 ? CK_SPLIT : 0);
		if (i == 0) {
			long sz = pl330_prog_size(&t->cfg, &t->req);

			printf("# 16 MiB memcpy bus %u: program %ld bytes\n",
			       t->cfg.bus_bytes, sz);
		}
	}
	return end_test("big_16MiB", t0);
}

/* ---- gates and faults on purpose ---- */
static int test_gates_faults(void)
{
	clock_t t0 = clock();
	struct tcase *t = &tc;
	int i;

	begin_test();
	for (i = 0; i < 3000; i++) {
		random_case(t, 4, 8192);
		t->req.gate_event = GATE_EV;
		t->req.gate_every = rnd(3) ? 1 + rnd(2048) : 0;
		t->req.fault_at = -1;
		describe(t, "gate");
		check_case(t, rnd(4) == 0 ? CK_SPLIT : 0);
	}
	for (i = 0; i < 3000; i++) {
		uint64_t tot = 0;
		uint32_t k;

		random_case(t, 4, 8192);
		for (k = 0; k < t->req.nsegs; k++)
			tot += t->segs[k].len;
		t->req.fault_at = (long)rnd((uint32_t)tot + 1);
		if (rnd(4) == 0)
			t->req.fault_at = (long)tot + rnd(100);
		describe(t, "fault");
		check_case(t, 0);
	}
	return end_test("gates_and_faults", t0);
}

/* ---- program sizes for the common cases (hot path sanity) ---- */
static int test_sizes(void)
{
	clock_t t0 = clock();
	struct tcase *t = &tc;
	long sz;

	begin_test();
	default_cfg(&t->cfg, 8, PL330_REV_R1P1);
	init_req(t, PL330_XFER_MEMCPY);
	setup_single(t, 0, 0, 64);
	describe(t, "size64");
	cases++;
	sz = pl330_prog_size(&t->cfg, &t->req);
	printf("# aligned 64 B memcpy: %ld bytes\n", sz);
	if (sz > 30)
		fail("64-byte memcpy program is %ld bytes", sz);
	t->segs[0].len = 4096;
	cases++;
	sz = pl330_prog_size(&t->cfg, &t->req);
	printf("# aligned 4 KiB memcpy: %ld bytes\n", sz);
	if (sz > 30)
		fail("4 KiB memcpy program is %ld bytes", sz);
	t->segs[0].len = (4u << 20) - 1;
	t->segs[0].src += 1;
	t->cfg.revision = PL330_REV_R0P0;
	cases++;
	sz = pl330_prog_size(&t->cfg, &t->req);
	printf("# 4 MiB-1 odd memcpy r0p0: %ld bytes\n", sz);
	if (sz > 256)
		fail("4 MiB-1 odd memcpy program is %ld bytes", sz);
	return end_test("program_sizes", t0);
}

/*
 * The summary has one case per test before it: each must have passed and
 * run at least one case, those whose count is a parameter exactly that
 * many, and all nine must have reported.  A test that silently ran less
 * than asked, or was dropped, fails here.
 */
static int test_summary(unsigned long nrandom, unsigned long nbig)
{
	const struct {
		const char *name;
		unsigned long want;
	} exact[] = {
		{ "random", nrandom },
		{ "big_16MiB", nbig },
		{ "gates_and_faults", 6000 },
	};
	clock_t t0 = clock();
	int i, n = test_no;
	unsigned int k;

	begin_test();
	snprintf(case_desc, sizeof(case_desc), "summary");
	for (i = 0; i < n; i++) {
		const struct result *r = &results[i];

		cases++;
		if (r->failures)
			fail("%s: %lu failures", r->name, r->failures);
		if (!r->cases)
			fail("%s ran no case", r->name);
		for (k = 0; k < sizeof(exact) / sizeof(exact[0]); k++)
			if (!strcmp(r->name, exact[k].name) &&
			    r->cases != exact[k].want)
				fail("%s ran %lu cases, asked for %lu", r->name,
				     r->cases, exact[k].want);
	}
	if (n != NTESTS - 1)
		fail("%d tests reported, the plan has %d before the summary",
		     n, NTESTS - 1);
	printf("# total: %lu cases\n", total_cases);
	return end_test("summary", t0);
}

int main(int argc, char **argv)
{
	uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)clock() << 20);
	unsigned long nrandom = 100000, nbig = 6;
	int i, bad = 0, quick = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--random") && i + 1 < argc)
			nrandom = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--quick"))
			quick = 1;
		else {
			fprintf(stderr, "usage: %s [--seed N] [--random N] [--quick]\n",
				argv[0]);
			return 2;
		}
	}
	if (!seed)
		seed = 1;
	rng_state = seed;
	pool = malloc(POOL);
	if (!pool) {
		printf("Bail out! out of memory\n");
		return 2;
	}
	for (i = 0; i < (int)POOL; i++)
		pool[i] = (uint8_t)rnd64();
	if (quick) {
		nrandom = 5000;
		nbig = 2;
	}

	printf("KTAP version 1\n");
	printf("1..%d\n", NTESTS);
	printf("# seed %" PRIu64 " (replay: %s --seed %" PRIu64 ")\n", seed,
	       argv[0], seed);
	fflush(stdout);
	bad |= test_encode();
	bad |= test_einval();
	bad |= test_sizes();
	bad |= test_mem_exhaustive(PL330_XFER_MEMCPY, "memcpy_exhaustive",
				   quick ? 40 : 300);
	bad |= test_mem_exhaustive(PL330_XFER_MEMSET, "memset_exhaustive",
				   quick ? 40 : 300);
	bad |= test_slave_exhaustive();
	bad |= test_gates_faults();
	bad |= test_random(nrandom, seed);
	bad |= test_big(nbig, seed);
	bad |= test_summary(nrandom, nbig);
	printf("# seed %" PRIu64 "\n", seed);
	return bad ? 1 : 0;
}
