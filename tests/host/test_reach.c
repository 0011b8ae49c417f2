// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of pl330_bus_span_ok(): with 64-bit dma_addr_t (ARM LPAE,
 * arm64) a bus address or a span's end may lie beyond the PL330's 32-bit
 * address registers; such a segment must be refused, never moved at a
 * truncated address.  Each case is one KTAP result (no header: `make run`
 * puts it in its own block).
 */
#include <stdio.h>

#include "pl330_prog.h"

static int test_no, failed;

static void expect(u64 addr, u64 len, bool want, const char *why)
{
	bool got = pl330_bus_span_ok(addr, len);

	printf("%s %d reach: 0x%llx + 0x%llx %s (%s)\n",
	       got == want ? "ok" : "not ok", ++test_no,
	       (unsigned long long)addr, (unsigned long long)len,
	       want ? "accepted" : "refused", why);
	if (got != want)
		failed++;
}

int main(void)
{
	printf("1..14\n");
	expect(0, 1, true, "first byte");
	expect(0, 0x100000000ULL, true, "the whole 4 GiB");
	expect(0xffffffffULL, 1, true, "last byte");
	expect(0xffffffffULL, 0, true, "empty span at the last byte");
	expect(0xfffff000ULL, 0x1000, true, "page ending at 4 GiB");
	expect(0xfffff001ULL, 0x1000, false, "page crossing 4 GiB: would wrap to 0");
	expect(0xffffffffULL, 2, false, "two bytes across 4 GiB");
	expect(1, 0x100000000ULL, false, "4 GiB from 1");
	expect(0x100000000ULL, 1, false, "first byte above 4 GiB (LPAE highmem)");
	expect(0x100000000ULL, 0, false, "empty span above 4 GiB");
	expect(0x8f0001000ULL, 4096, false, "a page at 35 bits: truncates to 0xf0001000");
	expect(0xffffffffffffffffULL, 1, false, "address at 2^64-1");
	expect(0x10, 0xfffffffffffffff8ULL, false, "length that overflows the end");
	expect(0x80000000ULL, 0x7fffffffULL, true, "2 GiB - 1 from 2 GiB");
	return failed ? 1 : 0;
}
