// SPDX-License-Identifier: GPL-2.0
/*
 * PL330 (DMA-330) instruction encoding and channel program generation.
 *
 * A segment is cut into "runs": a run is one CCR setting and one short
 * instruction sequence (the unit: one burst, or one peripheral request)
 * repeated a computed number of times.  A memory-to-memory segment has up
 * to four runs: a head of narrow beats up to the body alignment, the body
 * in full bursts, one shorter burst for the body's remaining beats, and a
 * tail of narrow beats.  A peripheral segment has a run of burst requests
 * and a run of single requests.
 *
 * A run is emitted as "steps": one step repeats the unit up to 65536 times
 * with at most two nested DMALP.  Each step is self-contained: it first
 * loads SAR/DAR/CCR if they do not already hold what the step needs, so a
 * program may end after any step and the next program resumes exactly
 * there.  A step is emitted, then undone if it overflowed the buffer: no
 * size has to be predicted, and pl330_prog_size() is the same walk without
 * a buffer, hence exact.
 */
#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/types.h>
#else
#include <errno.h>
#define BIT(n)			(1UL << (n))
#endif

#include "pl330_prog.h"

/* CCR fields */
#define CCR_SI			BIT(0)
#define CCR_SS_SHIFT		1
#define CCR_SB_SHIFT		4
#define CCR_DI			BIT(14)
#define CCR_DS_SHIFT		15
#define CCR_DB_SHIFT		18
/* Protection (AxPROT) and cache (AxCACHE) fields of each side. */
#define CCR_SP_SHIFT		8
#define CCR_SC_SHIFT		11
#define CCR_DP_SHIFT		22
#define CCR_DC_SHIFT		25
#define CCR_PROT_NS		2	/* AxPROT[1]: non-secure access */
#define CCR_CACHE_CB		3	/* AxCACHE: cacheable, bufferable */

/* Operand bits of DMALD/DMAST/DMALDP/DMASTP/DMAWFP */
#define OP_COND_S		0x01
#define OP_COND_B		0x03
#define OP_WFP_S		0x00
#define OP_WFP_B		0x02
#define OP_P_BURST		0x02	/* DMALDP/DMASTP: burst form */
#define OP_LP_LC1		0x02	/* DMALP: loop counter 1 */
#define OP_LPEND_NF		0x10	/* DMALPEND: not forever */
#define OP_LPEND_LC1		0x04	/* DMALPEND: loop counter 1 */

#define INS_LPEND		(PL330_OP_LPEND | OP_LPEND_NF)

#define REG_SAR			0x1
#define REG_DAR			0x2
#define REG_CCR			0x4

#define MAX_UNIT		16	/* bytes of one repeated unit */
#define MAX_RUNS		4
#define MIN_FIFO		16

struct pl330_run {
	u32 ccr;
	u32 src;		/* SAR at the first unit */
	u32 dst;		/* DAR at the first unit */
	u32 src_step;		/* SAR advance per unit (0: fixed) */
	u32 dst_step;		/* DAR advance per unit (0: fixed) */
	u32 bytes;		/* bytes moved per unit */
	u32 count;		/* units */
	u32 gate_units;		/* units between gates, 0: no gates */
	u8 unit[MAX_UNIT];
	u8 unit_len;
	bool fenced;		/* the unit ends with DMAWMB */
};

struct pl330_gen {
	u8 *buf;
	u32 size;		/* bytes of buf that may be written (0: none) */
	u32 limit;		/* steps must end at or below this */
	u32 len;		/* program length so far */
	u32 sar;
	u32 dar;
	u32 ccr;
	u8 valid;		/* REG_* known to hold sar/dar/ccr */
	bool gate_due;		/* DMAWFE before the next step */
	bool fenced;		/* no DMAST since the last DMAWMB */
	u32 unfenced;		/* units stored since the last DMAWMB */
	bool end_sev;		/* the closing has a barrier (event, fault) */
	u8 gate_ev;
	/* pl330_prog_locate(): the stop to find, and where the walk is */
	struct pl330_prog_where *loc;
	bool found;
	bool loc_bad;
	unsigned int seg;	/* segment of the next step */
	u32 off;		/* its offset there */
	u64 seg_base;		/* request bytes before segment @seg */
	struct pl330_prog_pos lf;	/* the last DMAWMB the thread passed */
	u64 lf_abs;		/* ... as request bytes */
};

/* Bytes past g->size (or with no buffer) are counted, not written. */
static void put8(struct pl330_gen *g, u8 b)
{
	if (g->len < g->size)
		g->buf[g->len] = b;
	g->len++;
}

static void put2(struct pl330_gen *g, u8 op, u8 arg)
{
	if (g->len + 2 <= g->size) {
		g->buf[g->len] = op;
		g->buf[g->len + 1] = arg;
		g->len += 2;
		return;
	}
	put8(g, op);
	put8(g, arg);
}

static void put_mov(struct pl330_gen *g, u8 rd, u32 v)
{
	u8 *p;

	if (g->len + 6 > g->size) {
		put2(g, PL330_OP_MOV, rd);
		put2(g, v & 0xff, (v >> 8) & 0xff);
		put2(g, (v >> 16) & 0xff, (v >> 24) & 0xff);
		return;
	}
	p = g->buf + g->len;
	p[0] = PL330_OP_MOV;
	p[1] = rd;
	p[2] = v & 0xff;
	p[3] = (v >> 8) & 0xff;
	p[4] = (v >> 16) & 0xff;
	p[5] = (v >> 24) & 0xff;
	g->len += 6;
}

/* log2 of a power of two <= 16 */
static unsigned int ilog2_small(u32 v)
{
	return (v > 1) + (v > 2) + (v > 4) + (v > 8);
}

static u32 lowbit(u32 v)
{
	return v & (~v + 1);
}

/* Widest power of two <= max that divides @addr. */
static u32 align_width(u32 addr, u32 max)
{
	u32 w = max;

	while (w > 1 && (addr & (w - 1)))
		w >>= 1;
	return w;
}

static u32 make_ccr(const struct pl330_prog_cfg *cfg, u32 sw, u32 sb, bool si,
		    u32 dw, u32 db, bool di)
{
	u32 ccr = cfg->ccr_prot;

	ccr |= ilog2_small(sw) << CCR_SS_SHIFT;
	ccr |= (sb - 1) << CCR_SB_SHIFT;
	ccr |= ilog2_small(dw) << CCR_DS_SHIFT;
	ccr |= (db - 1) << CCR_DB_SHIFT;
	if (si)
		ccr |= CCR_SI;
	if (di)
		ccr |= CCR_DI;
	return ccr;
}

static bool is_slave(const struct pl330_prog_req *req)
{
	return req->type == PL330_XFER_TO_DEV ||
	       req->type == PL330_XFER_FROM_DEV;
}

static bool event_ok(int ev)
{
	return ev == PL330_NO_EVENT || (ev >= 0 && ev < PL330_MAX_EVENT);
}

static int check_req(const struct pl330_prog_cfg *cfg,
		     const struct pl330_prog_req *req)
{
	u32 w = req->dev_width;

	if (cfg->bus_bytes != 4 && cfg->bus_bytes != 8 && cfg->bus_bytes != 16)
		return -EINVAL;
	if (cfg->fifo_bytes < MIN_FIFO || cfg->fifo_bytes < cfg->bus_bytes)
		return -EINVAL;
	if (req->nsegs && !req->segs)
		return -EINVAL;
	if (!event_ok(req->end_event) || !event_ok(req->seg_event) ||
	    !event_ok(req->gate_event))
		return -EINVAL;
	switch (req->type) {
	case PL330_XFER_MEMCPY:
	case PL330_XFER_MEMSET:
		return 0;
	case PL330_XFER_TO_DEV:
	case PL330_XFER_FROM_DEV:
		break;
	default:
		return -EINVAL;
	}
	if (w != 1 && w != 2 && w != 4 && w != 8)
		return -EINVAL;
	if (w > cfg->bus_bytes || req->periph >= PL330_MAX_PERIPH)
		return -EINVAL;
	if (req->dev_burst < 1 || req->dev_burst > PL330_MAX_BURST)
		return -EINVAL;
	if ((u32)w * req->dev_burst > pl330_prog_fifo_share(cfg))
		return -EINVAL;
	return 0;
}

static int check_seg(const struct pl330_prog_req *req,
		     const struct pl330_seg *s)
{
	u32 w = req->dev_width;

	if (req->type == PL330_XFER_TO_DEV)
		return (s->len & (w - 1)) || (s->dst & (w - 1)) ? -EINVAL : 0;
	if (req->type == PL330_XFER_FROM_DEV)
		return (s->len & (w - 1)) || (s->src & (w - 1)) ? -EINVAL : 0;
	return 0;
}

/* Load SAR/DAR unless they already hold these values. */
static void set_addr(struct pl330_gen *g, u32 sar, u32 dar)
{
	if (!(g->valid & REG_SAR) || g->sar != sar) {
		put_mov(g, PL330_MOV_SAR, sar);
		g->sar = sar;
		g->valid |= REG_SAR;
	}
	if (!(g->valid & REG_DAR) || g->dar != dar) {
		put_mov(g, PL330_MOV_DAR, dar);
		g->dar = dar;
		g->valid |= REG_DAR;
	}
}

/* Load SAR/DAR/CCR unless they already hold the values the step needs. */
static void set_regs(struct pl330_gen *g, u32 sar, u32 dar, u32 ccr)
{
	set_addr(g, sar, dar);
	if (!(g->valid & REG_CCR) || g->ccr != ccr) {
		put_mov(g, PL330_MOV_CCR, ccr);
		g->ccr = ccr;
		g->valid |= REG_CCR;
	}
}

static void put_unit(struct pl330_gen *g, const struct pl330_run *r)
{
	unsigned int i;

	for (i = 0; i < r->unit_len; i++)
		put8(g, r->unit[i]);
}

/* Units one step covers: 65536, a multiple of 256, or fewer than 256. */
static u32 step_units(u32 n)
{
	if (n >= PL330_MAX_LOOP * PL330_MAX_LOOP)
		return PL330_MAX_LOOP * PL330_MAX_LOOP;
	if (n >= PL330_MAX_LOOP)
		return n - n % PL330_MAX_LOOP;
	return n;
}

/* Encode an event operand: DMASEV / DMAWFE */
static void put_event(struct pl330_gen *g, u8 op, int ev)
{
	put2(g, op, (u8)(ev << 3));
}

/*
 * pl330_prog_locate(): a DMAWMB at program offset @at completes every
 * store before byte @off of segment g->seg.  A thread whose CPC is past
 * it (outside a loop around it) has passed it.
 */
static void fence_mark(struct pl330_gen *g, u32 at, u32 off)
{
	if (!g->loc || g->found || at >= g->loc->pc)
		return;
	g->lf.seg = g->seg;
	g->lf.off = off;
	g->lf_abs = g->seg_base + off;
}

/* DMAWMB, unless no store was issued since the last one. */
static void put_fence(struct pl330_gen *g, u32 off)
{
	if (!g->fenced) {
		put8(g, PL330_OP_WMB);
		fence_mark(g, g->len - 1, off);
	}
	g->fenced = true;
	g->unfenced = 0;
}

/*
 * DMASEV @ev, after a DMAWMB unless no store was issued since the last
 * one: whoever the event wakes (an interrupt handler, a cyclic client
 * reading the period) must find every store before it complete.  @off:
 * the walk's offset in its segment; @seg_len: that segment's length, or
 * 0 for the end event (a segment event passed moves the resume point to
 * the next segment: the resumed program must not signal it again).
 */
static void put_sev(struct pl330_gen *g, int ev, u32 off, u32 seg_len,
		    bool seg_ev)
{
	put_fence(g, off);
	put_event(g, PL330_OP_SEV, ev);
	if (seg_ev && g->loc && !g->found && g->len - 2 < g->loc->pc &&
	    g->lf.seg == g->seg && g->lf.off == seg_len) {
		g->lf.seg++;
		g->lf.off = 0;
	}
}

/*
 * Past the limit?  The closing needs a DMAWMB before its end event when a
 * store was issued since the last one: count it here, where it is known.
 */
static bool over(const struct pl330_gen *g)
{
	return g->len + (g->end_sev && !g->fenced) > g->limit;
}

/*
 * Record the result of pl330_prog_locate(): the thread stopped @stored
 * bytes past g->off, holding @held more it loaded.  The resume point is
 * the last DMAWMB it passed (g->lf): DMAKILL may drop stores issued
 * after it (see struct pl330_prog_where).
 */
static void loc_set(struct pl330_gen *g, u32 stored, u32 held, bool quiet)
{
	struct pl330_prog_where *w = g->loc;
	u64 issued = g->seg_base + g->off + stored;

	w->pos = g->lf;
	w->unstored = (u32)(issued - g->lf_abs);
	w->held = w->unstored + held;
	w->quiet = quiet;
	g->found = true;
}

/* In the step at g->off: @units of it are behind a DMAWMB passed. */
static void loc_fenced(struct pl330_gen *g, const struct pl330_run *r,
		       u32 units)
{
	if (!units)
		return;
	g->lf.seg = g->seg;
	g->lf.off = g->off + units * r->bytes;
	g->lf_abs = g->seg_base + g->lf.off;
}

/*
 * The stop is inside this step (CPC at or before its last instruction):
 * the loop counters say which unit, CPC which instruction of it.  An
 * instruction at CPC has not been carried out (a thread waiting in DMAWFP,
 * DMAWFE or a barrier is at that instruction).  @fenced: every unit ends
 * with DMAWMB; @internal: a DMAWMB follows every inner loop.  Return
 * false when the counters cannot belong to this step.
 */
static bool locate_step(struct pl330_gen *g, const struct pl330_run *r,
			u32 n, u32 outer, u32 inner, u32 unit_at,
			bool internal)
{
	const struct pl330_prog_where *w = g->loc;
	u32 pc = w->pc, o = 0, i = 0, u, k_ld = 0, k_st = 0, e_ld = 0, e_st = 0;
	u32 end = unit_at + r->unit_len, x;
	u32 lpend1_at = end + (inner > 1 ? 2 : 0) + internal;
	bool fenced = r->fenced;
	unsigned int j;
	u8 op;

	if (outer > 1) {
		if (w->lc1 > outer - 1)
			return false;
		o = outer - 1 - w->lc1;
	}
	if (inner > 1 && pc >= unit_at && pc <= end) {
		if (w->lc0 > inner - 1)
			return false;
		i = inner - 1 - w->lc0;
	}
	if (pc < unit_at) {
		/*
		 * Registers, gate, DMALP: no unit of this step yet, or (the
		 * inner DMALP of a nested loop) the outer count's units, each
		 * inner loop followed by its DMAWMB.
		 */
		u = outer > 1 && inner > 1 && pc == unit_at - 2 ? o * inner : 0;
		loc_fenced(g, r, u);
		loc_set(g, u * r->bytes, 0, true);
		return true;
	}
	if (pc >= end) {
		if (inner > 1 && pc == end) {		/* inner DMALPEND */
			u = o * inner + i + 1;
			loc_fenced(g, r, fenced ? u : o * inner);
		} else if (internal && pc == end + 2) {	/* its DMAWMB */
			u = (o + 1) * inner;
			loc_fenced(g, r, o * inner);
		} else if (outer > 1 && pc == lpend1_at) {
			u = (o + 1) * inner;		/* outer DMALPEND */
			loc_fenced(g, r, u);
		} else {
			u = n;	/* DMAWMB, DMASEV: fence_mark() saw them */
		}
		loc_set(g, u * r->bytes, 0, true);
		return true;
	}
	/* inside unit o * inner + i: count its transfers before CPC */
	for (j = 0; j < r->unit_len; j += x) {
		op = r->unit[j];
		x = 1;
		if (op == PL330_OP_WFP || op == (PL330_OP_WFP | OP_WFP_B) ||
		    op == PL330_OP_LDP || op == (PL330_OP_LDP | OP_P_BURST) ||
		    op == PL330_OP_STP || op == (PL330_OP_STP | OP_P_BURST))
			x = 2;
		if (op == PL330_OP_LD || op == PL330_OP_LDP ||
		    op == (PL330_OP_LDP | OP_P_BURST)) {
			k_ld++;
			e_ld += unit_at + j < pc;
		} else if (op == PL330_OP_ST || op == PL330_OP_STP ||
			   op == (PL330_OP_STP | OP_P_BURST)) {
			k_st++;
			e_st += unit_at + j < pc;
		}
	}
	u = o * inner + i;
	if (fenced || internal)
		loc_fenced(g, r, fenced ? u : o * inner);
	loc_set(g, u * r->bytes + e_st * (r->bytes / k_st),
		e_ld * (r->bytes / k_ld) - e_st * (r->bytes / k_st),
		!e_ld && !e_st);
	return true;
}

/*
 * Emit @n units of @r starting at unit @idx, then the segment event if
 * @sev.  Return false (and leave @g as it was) if it does not fit.
 *
 * Units without their own DMAWMB (memory to memory) get one after every
 * inner loop of PL330_MAX_LOOP units, and before a step that would take
 * more than PL330_FENCE_UNITS units past the last one: DMAKILL may drop
 * the stores issued since the last DMAWMB, so a pause resumes from there
 * (pl330_prog_locate()), and this bounds what it copies again.
 */
static bool emit_step(struct pl330_gen *g, const struct pl330_run *r,
		      u32 idx, u32 n, int sev, u32 seg_len)
{
	struct pl330_gen save = *g;
	u32 outer = 0, inner = n, unit_at, end_off = g->off + n * r->bytes;
	bool internal = !r->fenced && n >= PL330_MAX_LOOP;

	set_regs(g, r->src + idx * r->src_step, r->dst + idx * r->dst_step,
		 r->ccr);
	/* held at a gate, everything before it has been stored */
	if (g->gate_due || (!r->fenced && g->unfenced +
			    (internal ? PL330_MAX_LOOP : n) > PL330_FENCE_UNITS))
		put_fence(g, g->off);
	if (g->gate_due)
		put2(g, PL330_OP_WFE, (u8)(g->gate_ev << 3));
	if (n >= PL330_MAX_LOOP) {
		outer = n / PL330_MAX_LOOP;
		inner = PL330_MAX_LOOP;
	}
	if (outer > 1)
		put2(g, PL330_OP_LP | OP_LP_LC1, (u8)(outer - 1));
	if (inner > 1)
		put2(g, PL330_OP_LP, (u8)(inner - 1));
	unit_at = g->len;
	put_unit(g, r);
	if (inner > 1)
		put2(g, INS_LPEND, r->unit_len);
	if (internal)
		put8(g, PL330_OP_WMB);
	if (outer > 1)
		put2(g, INS_LPEND | OP_LPEND_LC1,
		     (u8)(r->unit_len + 4 + internal));
	if (r->fenced || internal) {
		g->fenced = true;
		g->unfenced = 0;
		fence_mark(g, g->len - 1, end_off);
	} else {
		g->fenced = false;
		g->unfenced += n;
	}
	if (sev >= 0)
		put_sev(g, sev, end_off, seg_len, true);
	if (over(g)) {
		*g = save;
		return false;
	}
	if (g->loc && !g->found && g->loc->pc < g->len &&
	    !locate_step(g, r, n, outer, inner, unit_at, internal)) {
		g->loc_bad = true;	/* counters of another program */
		g->found = true;
	}
	g->sar += n * r->src_step;
	g->dar += n * r->dst_step;
	g->off += n * r->bytes;
	g->gate_due = false;
	return true;
}

static void init_run(struct pl330_run *r, u32 ccr, u32 src, u32 dst,
		     bool si, bool di, u32 bytes, u32 count)
{
	r->ccr = ccr;
	r->src = src;
	r->dst = dst;
	r->src_step = si ? bytes : 0;
	r->dst_step = di ? bytes : 0;
	r->bytes = bytes;
	r->count = count;
	r->gate_units = 0;
	r->unit_len = 0;
	r->fenced = false;
}

static void unit_add(struct pl330_run *r, u8 b)
{
	r->unit[r->unit_len++] = b;
}

static void unit_ldst(const struct pl330_prog_cfg *cfg, struct pl330_run *r)
{
	unit_add(r, PL330_OP_LD);
	if (cfg->revision == PL330_REV_R0P0)
		unit_add(r, PL330_OP_RMB);
	unit_add(r, PL330_OP_ST);
	if (cfg->revision == PL330_REV_R0P0) {
		unit_add(r, PL330_OP_WMB);
		r->fenced = true;
	}
}

static u32 gate_units(const struct pl330_prog_req *req, u32 unit_bytes)
{
	u32 n;

	if (req->gate_event == PL330_NO_EVENT || !req->gate_every)
		return 0;
	n = req->gate_every / unit_bytes;
	return n ? n : 1;
}

/*
 * Memory to memory (MEMCPY, MEMSET): @n bytes from @src to @dst.  Every beat
 * is aligned on both sides: the body width is the widest one dividing the
 * source-destination distance (MEMSET: the pattern address); the head is
 * one burst at the destination's own alignment, up to the body alignment;
 * the tail is one burst at the remainder's alignment.
 */
static unsigned int runs_mem(const struct pl330_prog_cfg *cfg,
			     const struct pl330_prog_req *req,
			     u32 src, u32 dst, u32 n, struct pl330_run *runs)
{
	bool si = req->type == PL330_XFER_MEMCPY;
	unsigned int nr = 0;
	u32 w, h, bw, beats, burst, full, rest;
	u32 share = pl330_prog_fifo_share(cfg);
	unsigned int lw, lb;

	if (si)
		w = align_width(src ^ dst, cfg->bus_bytes);
	else
		w = align_width(src, cfg->bus_bytes);

	h = (~dst + 1) & (w - 1);
	if (h && n) {
		bw = lowbit(dst);
		beats = (n < h ? n : h) >> ilog2_small(bw);
		if (beats) {
			init_run(&runs[nr], make_ccr(cfg, bw, beats, si, bw,
						     beats, true),
				 src, dst, si, true, bw * beats, 1);
			unit_ldst(cfg, &runs[nr]);
			nr++;
			n -= bw * beats;
			dst += bw * beats;
			if (si)
				src += bw * beats;
		}
	}
	if (!(dst & (w - 1)) && n >= w) {
		/* powers of two: shifts, no division on the hot path */
		lw = ilog2_small(w);
		beats = n >> lw;
		lb = 4;
		while ((w << lb) > share)
			lb--;
		burst = 1U << lb;
		full = beats >> lb;
		rest = beats & (burst - 1);
		if (full) {
			init_run(&runs[nr], make_ccr(cfg, w, burst, si, w,
						     burst, true),
				 src, dst, si, true, w * burst, full);
			unit_ldst(cfg, &runs[nr]);
			runs[nr].gate_units = gate_units(req, w * burst);
			nr++;
		}
		if (rest) {
			u32 at = full * w * burst;

			init_run(&runs[nr], make_ccr(cfg, w, rest, si, w,
						     rest, true),
				 si ? src + at : src, dst + at, si, true,
				 w * rest, 1);
			unit_ldst(cfg, &runs[nr]);
			nr++;
		}
		n -= beats * w;
		dst += beats * w;
		if (si)
			src += beats * w;
	}
	if (n) {
		bw = lowbit(n);
		beats = n >> ilog2_small(bw);
		init_run(&runs[nr], make_ccr(cfg, bw, beats, si, bw, beats,
					     true),
			 src, dst, si, true, n, 1);
		unit_ldst(cfg, &runs[nr]);
		nr++;
	}
	return nr;
}

/*
 * Peripheral transfers: the device side is fixed at dev_width beats; the
 * memory side uses the widest beat its address allows, up to dev_width, so
 * any memory alignment works (narrower memory beats, several DMALD/DMAST
 * per request when they exceed 16 beats).
 */
static unsigned int runs_dev(const struct pl330_prog_cfg *cfg,
			     const struct pl330_prog_req *req,
			     u32 src, u32 dst, u32 n, struct pl330_run *runs)
{
	bool to_dev = req->type == PL330_XFER_TO_DEV;
	u32 dw = req->dev_width, db = req->dev_burst;
	u32 mw = align_width(to_dev ? src : dst, dw);
	u32 ratio = dw >> ilog2_small(mw), mb, k, i, units;
	u8 p = (u8)(req->periph << 3);
	bool burst_mode = db > 1 || cfg->periph_burst;
	unsigned int nr = 0;
	struct pl330_run *r;

	if (burst_mode) {
		units = n / (dw * db);
		if (units) {
			mb = db * ratio;
			k = 1;
			while (mb > PL330_MAX_BURST) {
				mb >>= 1;
				k <<= 1;
			}
			r = &runs[nr++];
			if (to_dev)
				init_run(r, make_ccr(cfg, mw, mb, true, dw, db,
						     false),
					 src, dst, true, false, dw * db, units);
			else
				init_run(r, make_ccr(cfg, dw, db, false, mw, mb,
						     true),
					 src, dst, false, true, dw * db, units);
			r->gate_units = gate_units(req, dw * db);
			unit_add(r, PL330_OP_WFP | OP_WFP_B);
			unit_add(r, p);
			if (to_dev) {
				for (i = 0; i < k; i++)
					unit_add(r, PL330_OP_LD);
				unit_add(r, PL330_OP_STP | OP_P_BURST);
				unit_add(r, p);
			} else {
				unit_add(r, PL330_OP_LDP | OP_P_BURST);
				unit_add(r, p);
				for (i = 0; i < k; i++)
					unit_add(r, PL330_OP_ST);
			}
			unit_add(r, PL330_OP_WMB);
			r->fenced = true;
			n -= units * dw * db;
			if (to_dev)
				src += units * dw * db;
			else
				dst += units * dw * db;
		}
	}
	units = n >> ilog2_small(dw);
	if (units) {
		r = &runs[nr++];
		if (to_dev)
			init_run(r, make_ccr(cfg, mw, ratio, true, dw, 1, false),
				 src, dst, true, false, dw, units);
		else
			init_run(r, make_ccr(cfg, dw, 1, false, mw, ratio, true),
				 src, dst, false, true, dw, units);
		if (!burst_mode)
			r->gate_units = gate_units(req, dw);
		unit_add(r, PL330_OP_WFP | OP_WFP_S);
		unit_add(r, p);
		if (to_dev) {
			unit_add(r, PL330_OP_LD);
			unit_add(r, PL330_OP_STP);
			unit_add(r, p);
		} else {
			unit_add(r, PL330_OP_LDP);
			unit_add(r, p);
			unit_add(r, PL330_OP_ST);
		}
		unit_add(r, PL330_OP_WMB);
		r->fenced = true;
	}
	return nr;
}

static u64 seg_start_bytes(const struct pl330_prog_req *req, unsigned int seg)
{
	u64 b = 0;
	unsigned int i;

	for (i = 0; i < seg && i < req->nsegs; i++)
		b += req->segs[i].len;
	return b;
}

u64 pl330_prog_pos_bytes(const struct pl330_prog_req *req,
			 const struct pl330_prog_pos *pos)
{
	return seg_start_bytes(req, pos->seg) +
	       (pos->seg < req->nsegs ? pos->off : 0);
}

void pl330_prog_pos_at(const struct pl330_prog_req *req, u64 bytes,
		       struct pl330_prog_pos *pos)
{
	unsigned int i;

	for (i = 0; i < req->nsegs; i++) {
		if (bytes < req->segs[i].len) {
			pos->seg = i;
			pos->off = (u32)bytes;
			return;
		}
		bytes -= req->segs[i].len;
	}
	pos->seg = req->nsegs;
	pos->off = 0;
}

/*
 * Emit the piece [@off, @off + @n) of segment @s.  Returns false if the
 * buffer filled up; *@done then holds the bytes emitted.
 */
/* SAR and DAR of byte @off of segment @s */
static void seg_addr(const struct pl330_prog_req *req,
		     const struct pl330_seg *s, u32 off, u32 *src, u32 *dst)
{
	*src = req->type == PL330_XFER_MEMSET ? req->fill_addr : s->src;
	*dst = s->dst;
	if (req->type == PL330_XFER_MEMCPY || req->type == PL330_XFER_TO_DEV)
		*src += off;
	if (req->type != PL330_XFER_TO_DEV)
		*dst += off;
}

static bool emit_piece(struct pl330_gen *g, const struct pl330_prog_cfg *cfg,
		       const struct pl330_prog_req *req,
		       const struct pl330_seg *s, u32 off, u32 n, bool seg_end,
		       u32 *done)
{
	struct pl330_run runs[MAX_RUNS];
	unsigned int nr, i;
	u32 src, dst, idx, lim, next, m;
	int sev;

	*done = 0;
	seg_addr(req, s, off, &src, &dst);

	if (is_slave(req))
		nr = runs_dev(cfg, req, src, dst, n, runs);
	else
		nr = runs_mem(cfg, req, src, dst, n, runs);

	g->gate_due = req->gate_event != PL330_NO_EVENT;
	g->off = off;
	for (i = 0; i < nr; i++) {
		const struct pl330_run *r = &runs[i];

		for (idx = 0; idx < r->count; idx += m) {
			lim = r->count - idx;
			if (r->gate_units) {
				next = (idx / r->gate_units + 1) *
				       r->gate_units;
				if (next - idx < lim)
					lim = next - idx;
				if (idx && !(idx % r->gate_units))
					g->gate_due = true;
			}
			m = step_units(lim);
			sev = PL330_NO_EVENT;
			if (seg_end && i == nr - 1 && idx + m == r->count)
				sev = req->seg_event;
			if (!emit_step(g, r, idx, m, sev, s->len))
				return false;
			*done += m * r->bytes;
		}
	}
	g->gate_due = false;
	return true;
}

/*
 * Fast path for the hot case: one memory-to-memory segment from its start,
 * no gate, no fault, fewer than 65536 bursts, and a buffer that holds any
 * such program.  Same output as the general walk, at a fraction of the
 * cost (no per-step bookkeeping).
 */
#define FAST_MAX		96

static u8 *fast_unit(u8 *p, bool r0p0)
{
	*p++ = PL330_OP_LD;
	if (r0p0)
		*p++ = PL330_OP_RMB;
	*p++ = PL330_OP_ST;
	if (r0p0)
		*p++ = PL330_OP_WMB;
	return p;
}

static u8 *fast_mov(u8 *p, u8 rd, u32 v)
{
	p[0] = PL330_OP_MOV;
	p[1] = rd;
	p[2] = v & 0xff;
	p[3] = (v >> 8) & 0xff;
	p[4] = (v >> 16) & 0xff;
	p[5] = (v >> 24) & 0xff;
	return p + 6;
}

/* DMAMOV CCR unless it holds @v already (0 is never a valid CCR here) */
static u8 *fast_ccr(u8 *p, u32 *cur, u32 v)
{
	if (*cur == v)
		return p;
	*cur = v;
	return fast_mov(p, PL330_MOV_CCR, v);
}

/* emit_step()'s DMAWMB before a step of @first units to its own */
static u8 *fast_fence(u8 *p, u32 *unf, u32 first)
{
	if (*unf && *unf + first > PL330_FENCE_UNITS) {
		*p++ = PL330_OP_WMB;
		*unf = 0;
	}
	return p;
}

/* One unit with the current CCR; @unf: units since the last DMAWMB */
static u8 *fast_one(u8 *p, u32 *unf, bool r0p0)
{
	if (!r0p0) {
		p = fast_fence(p, unf, 1);
		(*unf)++;
	}
	return fast_unit(p, r0p0);
}

/* @n units (< 65536) of LD/ST with the current CCR, fenced as emit_step() */
static u8 *fast_loops(u8 *p, u32 n, u32 *unf, bool r0p0)
{
	u8 ulen = r0p0 ? 4 : 2;
	u32 k = n >> 8;

	if (k) {
		if (!r0p0)
			p = fast_fence(p, unf, PL330_MAX_LOOP);
		if (k > 1) {
			p[0] = PL330_OP_LP | OP_LP_LC1;
			p[1] = (u8)(k - 1);
			p += 2;
		}
		p[0] = PL330_OP_LP;
		p[1] = PL330_MAX_LOOP - 1;
		p = fast_unit(p + 2, r0p0);
		p[0] = INS_LPEND;
		p[1] = ulen;
		p += 2;
		if (!r0p0)
			*p++ = PL330_OP_WMB;
		if (k > 1) {
			p[0] = INS_LPEND | OP_LPEND_LC1;
			p[1] = ulen + 4 + !r0p0;
			p += 2;
		}
		n &= PL330_MAX_LOOP - 1;
	}
	if (n > 1) {
		if (!r0p0) {
			p = fast_fence(p, unf, n);
			*unf += n;
		}
		p[0] = PL330_OP_LP;
		p[1] = (u8)(n - 1);
		p = fast_unit(p + 2, r0p0);
		p[0] = INS_LPEND;
		p[1] = ulen;
		p += 2;
	} else if (n) {
		p = fast_one(p, unf, r0p0);
	}
	return p;
}

static int build_fast(const struct pl330_prog_cfg *cfg,
		      const struct pl330_prog_req *req, u8 *buf)
{
	const struct pl330_seg *sg = req->segs;
	bool si = req->type == PL330_XFER_MEMCPY;
	bool r0p0 = cfg->revision == PL330_REV_R0P0;
	u32 src = si ? sg->src : req->fill_addr, dst = sg->dst, n = sg->len;
	u32 w, h, bw, beats, full, rest, unf = 0;
	unsigned int lw, lb;
	u8 tmp[FAST_MAX], *p0 = buf ? buf : tmp, *p = p0;
	u32 ccr = 0, v;

	w = align_width(si ? src ^ dst : src, cfg->bus_bytes);
	lw = ilog2_small(w);
	lb = 4;
	while ((w << lb) > pl330_prog_fifo_share(cfg))
		lb--;
	h = (~dst + 1) & (w - 1);
	bw = lowbit(dst);
	beats = h && n ? (n < h ? n : h) >> ilog2_small(bw) : 0;
	full = 0;
	if (!beats || (n >= h && n - h >= w))
		full = ((n - bw * beats) >> lw) >> lb;
	if (full >= PL330_MAX_LOOP * PL330_MAX_LOOP)
		return -1;

	p = fast_mov(p, PL330_MOV_SAR, src);
	p = fast_mov(p, PL330_MOV_DAR, dst);
	if (beats) {
		v = make_ccr(cfg, bw, beats, si, bw, beats, true);
		p = fast_ccr(p, &ccr, v);
		p = fast_one(p, &unf, r0p0);
		n -= bw * beats;
		dst += bw * beats;
	}
	if (!(dst & (w - 1)) && n >= w) {
		beats = n >> lw;
		rest = beats & ((1U << lb) - 1);
		if (full) {
			v = make_ccr(cfg, w, 1U << lb, si, w, 1U << lb, true);
			p = fast_ccr(p, &ccr, v);
			p = fast_loops(p, full, &unf, r0p0);
		}
		if (rest) {
			v = make_ccr(cfg, w, rest, si, w, rest, true);
			p = fast_ccr(p, &ccr, v);
			p = fast_one(p, &unf, r0p0);
		}
		n -= beats << lw;
	}
	if (n) {
		bw = lowbit(n);
		beats = n >> ilog2_small(bw);
		v = make_ccr(cfg, bw, beats, si, bw, beats, true);
		p = fast_ccr(p, &ccr, v);
		p = fast_one(p, &unf, r0p0);
	}
	/* the stores complete before whoever the events wake looks */
	if (unf && (req->seg_event != PL330_NO_EVENT ||
		    req->end_event != PL330_NO_EVENT))
		*p++ = PL330_OP_WMB;
	if (req->seg_event != PL330_NO_EVENT) {
		p[0] = PL330_OP_SEV;
		p[1] = (u8)(req->seg_event << 3);
		p += 2;
	}
	if (req->end_event != PL330_NO_EVENT) {
		p[0] = PL330_OP_SEV;
		p[1] = (u8)(req->end_event << 3);
		p += 2;
	}
	*p++ = PL330_OP_END;
	return (int)(p - p0);
}

/*
 * The walk behind pl330_prog_build() and pl330_prog_locate(): with @loc,
 * nothing is written, @size still limits the program as it did when it
 * was built, and the stop @loc describes is looked up on the way.
 */
static int prog_walk(const struct pl330_prog_cfg *cfg,
		     const struct pl330_prog_req *req,
		     struct pl330_prog_pos *pos, u8 *buf, u32 size,
		     struct pl330_prog_where *loc)
{
	struct pl330_gen g;
	unsigned int seg = pos->seg;
	u32 off = pos->off, reserve, n, done;
	u64 abs = 0;
	bool fault = false, progress = false, full = false;
	int ret;

	ret = check_req(cfg, req);
	if (ret)
		return ret;
	if (!loc && req->nsegs == 1 && !seg && !off && req->segs[0].len &&
	    req->type <= PL330_XFER_MEMSET && req->fault_at < 0 &&
	    req->gate_event == PL330_NO_EVENT && (!buf || size >= FAST_MAX)) {
		ret = build_fast(cfg, req, buf);
		if (ret > 0) {
			pos->seg = 1;
			return ret;
		}
	}
	if (seg > req->nsegs || (seg == req->nsegs && off) ||
	    (seg < req->nsegs && off > req->segs[seg].len))
		return -EINVAL;

	if (req->fault_at >= 0) {
		abs = pl330_prog_pos_bytes(req, pos);
		fault = abs <= (u64)req->fault_at;
	}

	g.buf = buf;
	g.size = buf ? size : 0;
	g.len = 0;
	g.valid = 0;
	g.gate_due = false;
	g.fenced = true;
	g.gate_ev = (u8)(req->gate_event < 0 ? 0 : req->gate_event);
	g.sar = 0;
	g.dar = 0;
	g.ccr = 0;
	g.loc = loc;
	g.found = false;
	g.loc_bad = false;
	g.seg = seg;
	g.off = off;
	g.unfenced = 0;
	g.seg_base = loc ? seg_start_bytes(req, seg) : 0;
	g.lf = *pos;	/* nothing of this program stored yet */
	g.lf_abs = g.seg_base + off;
	g.end_sev = req->end_event != PL330_NO_EVENT || fault;
	/* END, the end event, the fault byte (see over() for the barrier) */
	reserve = 1 + (req->end_event != PL330_NO_EVENT ? 2 : 0) +
		  (fault ? 1 : 0);
	if (!buf && !loc)
		size = 0xffffffffU;
	if (size < reserve)
		return -ENOSPC;
	g.limit = size - reserve;

	/*
	 * SAR and DAR first (PL330_PROG_ADDR_SET): until the thread has
	 * loaded them, they still hold where the last program stopped.
	 */
	if (seg < req->nsegs) {
		u32 src, dst;

		seg_addr(req, &req->segs[seg], off, &src, &dst);
		set_addr(&g, src, dst);
		if (over(&g))
			return -ENOSPC;
	}
	if (is_slave(req) && !cfg->no_flushp) {
		put2(&g, PL330_OP_FLUSHP, (u8)(req->periph << 3));
		if (g.len > g.limit)
			return -ENOSPC;
	}

	while (seg < req->nsegs) {
		const struct pl330_seg *s = &req->segs[seg];

		ret = check_seg(req, s);
		if (ret)
			return ret;
		if (is_slave(req) && (off & (req->dev_width - 1)))
			return -EINVAL;
		if (fault && abs >= (u64)req->fault_at)
			break;
		n = s->len - off;
		if (fault && (u64)req->fault_at - abs < n) {
			n = (u32)((u64)req->fault_at - abs);
			if (is_slave(req))
				n &= ~(u32)(req->dev_width - 1);
			if (!n)
				break;
		}
		g.seg = seg;
		g.off = off;
		if (!n) {
			/* nothing left in this segment but its event */
			if (req->seg_event != PL330_NO_EVENT) {
				struct pl330_gen save = g;

				put_sev(&g, req->seg_event, off, s->len, true);
				if (over(&g)) {
					g = save;
					full = true;
					break;
				}
				if (loc && !g.found && loc->pc < g.len)
					loc_set(&g, 0, 0, true);
			}
			g.seg_base += s->len;
			seg++;
			off = 0;
			continue;
		}
		if (!emit_piece(&g, cfg, req, s, off, n, off + n == s->len,
				&done)) {
			off += done;
			abs += done;
			progress |= done != 0;
			full = true;
			break;
		}
		progress = true;
		off += n;
		abs += n;
		if (off == s->len) {
			g.seg_base += s->len;
			seg++;
			off = 0;
		}
	}

	if (full && !progress && seg < req->nsegs &&
	    seg == pos->seg && off == pos->off)
		return -ENOSPC;

	/* the closing: everything generated was issued */
	g.seg = seg;
	g.off = off;
	if (!full && fault) {
		/*
		 * plant the fault where the data stopped, every store before
		 * it complete: a faulted transfer's residue is exact
		 */
		put_fence(&g, g.off);
		put8(&g, PL330_OP_UNDEFINED);
		seg = req->nsegs;
		off = 0;
	}
	if (req->end_event != PL330_NO_EVENT)
		put_sev(&g, req->end_event, g.off, 0, false);
	put8(&g, PL330_OP_END);
	if (loc && !g.found)
		loc_set(&g, 0, 0, true);

	if (loc && (g.loc_bad || loc->pc >= g.len))
		return -EINVAL;
	pos->seg = seg;
	pos->off = off;
	return (int)g.len;
}

int pl330_prog_build(const struct pl330_prog_cfg *cfg,
		     const struct pl330_prog_req *req,
		     struct pl330_prog_pos *pos, u8 *buf, u32 size)
{
	return prog_walk(cfg, req, pos, buf, size, NULL);
}

int pl330_prog_locate(const struct pl330_prog_cfg *cfg,
		      const struct pl330_prog_req *req,
		      const struct pl330_prog_pos *start, u32 size,
		      struct pl330_prog_where *where)
{
	struct pl330_prog_pos pos = *start;
	struct pl330_prog_pos *p = &where->pos;
	int ret;

	ret = prog_walk(cfg, req, &pos, NULL, size, where);
	if (ret < 0)
		return ret;
	/* no event to emit: a finished segment is the next one's start */
	if (req->seg_event == PL330_NO_EVENT && p->seg < req->nsegs &&
	    p->off && p->off == req->segs[p->seg].len) {
		p->seg++;
		p->off = 0;
	}
	return 0;
}

bool pl330_prog_quiet_op(u8 op)
{
	switch (op) {
	case PL330_OP_LD:
	case PL330_OP_LD | OP_COND_S:
	case PL330_OP_LD | OP_COND_B:
	case PL330_OP_ST:
	case PL330_OP_ST | OP_COND_S:
	case PL330_OP_ST | OP_COND_B:
	case PL330_OP_STZ:
	case PL330_OP_LDP:
	case PL330_OP_LDP | OP_P_BURST:
	case PL330_OP_STP:
	case PL330_OP_STP | OP_P_BURST:
	case PL330_OP_RMB:
	case PL330_OP_WMB:
		return false;
	default:
		return true;
	}
}

long pl330_prog_size(const struct pl330_prog_cfg *cfg,
		     const struct pl330_prog_req *req)
{
	struct pl330_prog_pos pos = { 0, 0 };

	return pl330_prog_build(cfg, req, &pos, NULL, 0);
}

u32 pl330_prog_fifo_share(const struct pl330_prog_cfg *cfg)
{
	u32 share = cfg->fifo_bytes;

	if (cfg->nthreads > 1)
		share /= cfg->nthreads;
	return share > cfg->bus_bytes ? share : cfg->bus_bytes;
}

u32 pl330_prog_unstored_max(const struct pl330_prog_cfg *cfg,
			    const struct pl330_prog_req *req)
{
	u32 burst = pl330_prog_fifo_share(cfg);

	if (is_slave(req))
		return (u32)req->dev_width * req->dev_burst;
	if (burst > PL330_MAX_BURST * cfg->bus_bytes)
		burst = PL330_MAX_BURST * cfg->bus_bytes;
	return PL330_FENCE_UNITS * burst;
}

u32 pl330_ccr_prot(bool ns, bool coherent)
{
	u32 prot = 0;

	if (ns)
		prot |= CCR_PROT_NS << CCR_SP_SHIFT | CCR_PROT_NS << CCR_DP_SHIFT;
	if (coherent)
		prot |= CCR_CACHE_CB << CCR_SC_SHIFT |
			CCR_CACHE_CB << CCR_DC_SHIFT;
	return prot;
}

void pl330_encode_go(u8 *buf, unsigned int chan, u32 addr, bool ns)
{
	buf[0] = PL330_OP_GO | (ns ? 0x02 : 0x00);
	buf[1] = chan & 0x07;
	buf[2] = addr & 0xff;
	buf[3] = (addr >> 8) & 0xff;
	buf[4] = (addr >> 16) & 0xff;
	buf[5] = (addr >> 24) & 0xff;
}
