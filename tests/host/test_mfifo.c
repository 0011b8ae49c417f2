// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of the MFIFO share: the DMA-330's MFIFO is one buffer shared
 * by all channel threads, and programs running at once must not need more
 * of it than there is, or the DMAC can lock up (DMA-330 TRM, resource
 * sharing between channels).  Every program the generator writes for a
 * controller with N threads must therefore run in 1/N of the MFIFO.
 *
 * Each case generates a program for a controller of D lines of B bytes
 * with N threads (pl330_prog_cfg.nthreads) and runs it on the interpreter
 * (pl330_sim.c) given only D * B / N bytes of MFIFO, computed here from
 * the configuration, not by the generator: a burst that does not fit is
 * an MFIFO overflow there.  The data must arrive intact.  Configurations
 * are those of real SoCs (1, 2, 4 or 8 threads; 32-, 64- or 128-bit bus;
 * 16 to 256 lines) and memcpy, memset and slave transfers of random
 * alignment and length.
 *
 *   test_mfifo [--seed N]
 *
 * Prints KTAP result lines (no header: tests/host/Makefile prints it).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pl330_prog.h"
#include "pl330_sim.h"

#define SRC_BASE	0x00100000u
#define DST_BASE	0x00200000u
#define FILL_BASE	0x00300000u
#define DEV_BASE	0xe0000030u
#define BUF		4096u
#define END_EV		0
#define CASES		400

static int test_no, failed;
static uint8_t src[BUF], dst[BUF], fill[16], prog[65536], out[BUF];
static uint64_t rnd_state;

static uint32_t rnd(uint32_t n)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return n ? (uint32_t)((rnd_state * 2685821657736338717ull) % n) : 0;
}

static void result(int ok, const char *what)
{
	printf("%s %d mfifo: %s\n", ok ? "ok" : "not ok", ++test_no, what);
	if (!ok)
		failed++;
}

struct mcase {
	uint32_t bus, lines, threads;
	enum pl330_xfer_type type;
	uint32_t soff, doff, len, width, burst;
};

static void describe(const struct mcase *m, char *buf, size_t n)
{
	snprintf(buf, n,
		 "type %d, %u-byte bus, %u lines, %u threads, src+%u dst+%u len %u, width %u burst %u",
		 m->type, m->bus, m->lines, m->threads, m->soff, m->doff,
		 m->len, m->width, m->burst);
}

/*
 * Run @m with the thread's share of the MFIFO only.  Returns 0 when the
 * program ran to its end with the right data, else prints why.
 */
static int run_case(const struct mcase *m)
{
	struct pl330_prog_cfg cfg = {
		.bus_bytes = (u8)m->bus,
		.fifo_bytes = (u16)(m->lines * m->bus),
		.revision = PL330_REV_R1P1,
		.nthreads = (u8)m->threads,
	};
	struct pl330_seg seg = {
		m->type == PL330_XFER_FROM_DEV ? DEV_BASE : SRC_BASE + m->soff,
		m->type == PL330_XFER_TO_DEV ? DEV_BASE : DST_BASE + m->doff,
		m->len
	};
	struct pl330_prog_req req = {
		.type = m->type, .segs = &seg, .nsegs = 1, .periph = 1,
		.dev_width = (u8)m->width, .dev_burst = (u8)m->burst,
		.fill_addr = FILL_BASE, .end_event = END_EV,
		.seg_event = PL330_NO_EVENT, .gate_event = PL330_NO_EVENT,
		.fault_at = -1,
	};
	struct pl330_prog_pos pos = { 0, 0 };
	uint32_t share = m->lines * m->bus / m->threads, i;
	enum sim_state st;
	struct sim s;
	char what[200];
	int len, bad = 0;

	describe(m, what, sizeof(what));
	for (i = 0; i < BUF; i++)
		src[i] = (uint8_t)(i * 7 + 3);
	memset(fill, 0x5a, sizeof(fill));
	memset(dst, 0, sizeof(dst));
	len = pl330_prog_build(&cfg, &req, &pos, prog, sizeof(prog));
	if (len < 0 || pos.seg != 1) {
		printf("# %s: not generated in one program (%d)\n", what, len);
		return 1;
	}
	sim_init(&s, share, m->bus, 0);
	s.irq_events = 1u << END_EV;
	s.dev_width = m->width;
	s.dev_burst = m->burst;
	s.periph = 1;
	s.dev_out = out;
	s.dev_out_cap = sizeof(out);
	s.dev_in = src;
	s.dev_in_len = BUF;
	sim_add_region(&s, SRC_BASE, BUF, src, SIM_ROM);
	sim_add_region(&s, DST_BASE, BUF, dst, SIM_RAM);
	sim_add_region(&s, FILL_BASE, sizeof(fill), fill, SIM_ROM);
	sim_add_region(&s, DEV_BASE, 8, NULL, SIM_DEV);
	sim_start(&s, prog, (uint32_t)len);
	st = sim_run(&s);
	if (st != SIM_STOPPED) {
		printf("# %s: state %d (%s) with a %u-byte MFIFO share\n",
		       what, st, s.err, share);
		bad = 1;
	} else if (m->type == PL330_XFER_MEMCPY) {
		bad = memcmp(dst + m->doff, src + m->soff, m->len) != 0;
	} else if (m->type == PL330_XFER_MEMSET) {
		for (i = 0; i < m->len; i++)
			bad |= dst[m->doff + i] != 0x5a;
	} else if (m->type == PL330_XFER_TO_DEV) {
		bad = s.dev_out_len != m->len ||
		      memcmp(out, src + m->soff, m->len) != 0;
	} else {
		bad = memcmp(dst + m->doff, src, m->len) != 0;
	}
	if (st == SIM_STOPPED && bad)
		printf("# %s: wrong data\n", what);
	sim_free(&s);
	return bad;
}

/* Random case for the controller (@bus, @lines, @threads). */
static void random_case(struct mcase *m, uint32_t bus, uint32_t lines,
			uint32_t threads, enum pl330_xfer_type type)
{
	uint32_t share = lines * bus / threads;

	memset(m, 0, sizeof(*m));
	m->bus = bus;
	m->lines = lines;
	m->threads = threads;
	m->type = type;
	m->len = 1 + rnd(BUF / 2);
	m->soff = rnd(64);
	m->doff = rnd(64);
	if (type == PL330_XFER_MEMSET)
		m->soff = 0;
	if (type == PL330_XFER_TO_DEV || type == PL330_XFER_FROM_DEV) {
		do {
			m->width = 1u << rnd(4);
		} while (m->width > bus);
		/* the longest request that fits, or a random shorter one */
		m->burst = share / m->width < 16 ? share / m->width : 16;
		if (rnd(2))
			m->burst = 1 + rnd(m->burst);
		m->len -= m->len % m->width;
		if (!m->len)
			m->len = m->width;
		if (type == PL330_XFER_FROM_DEV)
			m->soff = 0;
		else
			m->doff = 0;
	}
}

int main(int argc, char **argv)
{
	static const uint32_t buses[] = { 4, 8, 16 };
	static const uint32_t lines[] = { 16, 32, 64, 128, 256 };
	static const uint32_t threads[] = { 1, 2, 4, 8 };
	static const char *const names[] = {
		"memcpy", "memset", "to a device", "from a device"
	};
	struct mcase m;
	unsigned long cases[4] = { 0 }, bad[4] = { 0 };
	uint64_t seed = (uint64_t)time(NULL);
	char what[200];
	int t, i;

	if (argc == 3 && !strcmp(argv[1], "--seed"))
		seed = strtoull(argv[2], NULL, 0);
	rnd_state = seed ? seed : 1;
	printf("KTAP version 1\n1..6\n# seed %" PRIu64 "\n", seed);

	/*
	 * The configuration that locked dmatest up on the paced rig: two
	 * threads on a 32-bit bus with 16 lines (64 bytes): each thread
	 * holds 32 bytes at most, not a 16-beat (64-byte) burst.
	 */
	m = (struct mcase){ .bus = 4, .lines = 16, .threads = 2,
			    .type = PL330_XFER_MEMCPY, .len = 1024 };
	result(!run_case(&m),
	       "2 threads, 32-bit bus, 16 lines: a 1 KiB memcpy holds at most its 32-byte share");

	/* The share is what pl330_prog_fifo_share() reports, a bus beat at least. */
	{
		struct pl330_prog_cfg c = { .bus_bytes = 8, .fifo_bytes = 2048,
					    .nthreads = 8 };
		int ok = pl330_prog_fifo_share(&c) == 256;

		c.nthreads = 0;
		ok &= pl330_prog_fifo_share(&c) == 2048;
		c.bus_bytes = 16;
		c.fifo_bytes = 64;
		c.nthreads = 8;
		ok &= pl330_prog_fifo_share(&c) == 16;
		result(ok, "pl330_prog_fifo_share(): MFIFO / threads, at least one bus beat");
	}

	for (t = 0; t < 4; t++) {
		for (i = 0; i < CASES; i++) {
			uint32_t bus = buses[rnd(3)], l = lines[rnd(5)];
			uint32_t n = threads[rnd(4)];

			if (l * bus / n < bus)
				continue;
			random_case(&m, bus, l, n, (enum pl330_xfer_type)t);
			cases[t]++;
			if (run_case(&m)) {
				bad[t]++;
				describe(&m, what, sizeof(what));
				if (bad[t] <= 3)
					printf("# seed %" PRIu64 ": %s\n", seed, what);
			}
		}
		snprintf(what, sizeof(what),
			 "%s: %lu random cases run within the thread's MFIFO share (%lu failed)",
			 names[t], cases[t], bad[t]);
		result(!bad[t] && cases[t], what);
	}
	return failed ? 1 : 0;
}
