// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the CCR protection and cache bits: programs generated for
 * a non-secure channel thread must ask for non-secure accesses, or the
 * DMA-330 refuses them (ch_rdwr_err), which QEMU does not model.  The
 * interpreter (pl330_sim.c) enforces the TRM rule.  Prints KTAP result
 * lines (no header: `make run` prints them after test_prog's).
 */
#include <stdio.h>
#include <string.h>

#include "pl330_prog.h"
#include "pl330_sim.h"

#define SRC_BASE	0x00100000u
#define DST_BASE	0x00200000u
#define DEV_BASE	0xe0000030u
#define LEN		1000u
#define END_EV		0

static int test_no, failed;
static uint8_t src[LEN], dst[LEN], prog[4096];

static void result(int ok, const char *what)
{
	printf("%s %d ccr: %s\n", ok ? "ok" : "not ok", ++test_no, what);
	if (!ok)
		failed++;
}

/*
 * Generate a memcpy (or a transfer to a device FIFO) with @prot in every
 * CCR and run it on a thread started secure or not (@ns).
 */
static enum sim_state run(uint32_t prot, int ns, enum pl330_xfer_type type,
			  struct sim *s)
{
	struct pl330_prog_cfg cfg = {
		.bus_bytes = 8, .fifo_bytes = 128, .revision = PL330_REV_R1P1,
		.ccr_prot = prot,
	};
	struct pl330_seg seg = {
		SRC_BASE, type == PL330_XFER_TO_DEV ? DEV_BASE : DST_BASE, LEN
	};
	struct pl330_prog_req req = {
		.type = type, .segs = &seg, .nsegs = 1, .periph = 1,
		.dev_width = 4, .dev_burst = 4, .end_event = END_EV,
		.seg_event = PL330_NO_EVENT, .gate_event = PL330_NO_EVENT,
		.fault_at = -1,
	};
	struct pl330_prog_pos pos = { 0, 0 };
	static uint8_t out[LEN + 64];
	unsigned int i;
	int len;

	for (i = 0; i < LEN; i++)
		src[i] = (uint8_t)(i * 7 + 3);
	memset(dst, 0, sizeof(dst));
	len = pl330_prog_build(&cfg, &req, &pos, prog, sizeof(prog));
	if (len < 0)
		return SIM_ERROR;
	sim_init(s, cfg.fifo_bytes, cfg.bus_bytes, 0);
	s->ns = ns;
	s->irq_events = 1u << END_EV;
	s->dev_width = req.dev_width;
	s->dev_burst = req.dev_burst;
	s->periph = req.periph;
	s->dev_out = out;
	s->dev_out_cap = sizeof(out);
	sim_add_region(s, SRC_BASE, LEN, src, SIM_ROM);
	sim_add_region(s, DST_BASE, LEN, dst, SIM_RAM);
	sim_add_region(s, DEV_BASE, 8, NULL, SIM_DEV);
	sim_start(s, prog, (uint32_t)len);
	return sim_run(s);
}

int main(void)
{
	uint32_t ns_prot = pl330_ccr_prot(1, 0);
	uint32_t coh_prot = pl330_ccr_prot(0, 1);
	enum sim_state st;
	struct sim s;

	/* Its own block of the host document (tests/host/Makefile run). */
	printf("KTAP version 1\n1..7\n");
	st = run(0, 1, PL330_XFER_MEMCPY, &s);
	result(st == SIM_FAULT && (s.fault_type & SIM_FT_RDWR) &&
	       s.st_bytes == 0,
	       "prot 0 (secure accesses) on a non-secure thread faults with ch_rdwr_err, nothing stored");
	sim_free(&s);

	st = run(ns_prot, 1, PL330_XFER_MEMCPY, &s);
	result(st == SIM_STOPPED && !memcmp(src, dst, LEN),
	       "pl330_ccr_prot(non-secure) memcpy on a non-secure thread copies");
	sim_free(&s);

	st = run(ns_prot, 1, PL330_XFER_TO_DEV, &s);
	result(st == SIM_STOPPED && s.dev_out_len == LEN,
	       "pl330_ccr_prot(non-secure) slave transfer on a non-secure thread runs");
	sim_free(&s);

	st = run(0, 0, PL330_XFER_MEMCPY, &s);
	result(st == SIM_STOPPED && !memcmp(src, dst, LEN),
	       "prot 0 on a secure thread copies (secure manager, upstream's default)");
	sim_free(&s);

	result((ns_prot & (1u << 9)) && (ns_prot & (1u << 23)) &&
	       !(pl330_ccr_prot(0, 0) & ((1u << 9) | (1u << 23))),
	       "non-secure sets SP/DP bit 1 (AxPROT[1]) on both sides, secure does not");

	st = run(coh_prot, 0, PL330_XFER_MEMCPY, &s);
	result(st == SIM_STOPPED && ((s.ccr >> 11) & 7) == 3 &&
	       ((s.ccr >> 25) & 7) == 3 && !memcmp(src, dst, LEN),
	       "coherent: SC/DC = cacheable+bufferable (AxCACHE 0b011) in the program's CCR");
	sim_free(&s);

	result(!(pl330_ccr_prot(1, 0) & ((7u << 11) | (7u << 25))),
	       "non-coherent: SC/DC = 0 (non-cacheable, non-bufferable)");

	return failed ? 1 : 0;
}
