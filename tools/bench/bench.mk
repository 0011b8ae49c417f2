# SPDX-License-Identifier: GPL-2.0
# Benchmark targets, included by the top-level Makefile (uses its RUNNER,
# BOOTARGS, BUILD and the `image` target).
#   make bench               two boots (icount, realtime): build/bench/
#   make bench BENCH_VERIFY=1  + a second icount boot, compared figure by figure
#   make bench-smoke         ~10 s: one icount boot, 64 B, one round
# Knobs: BENCH_ROUNDS (3), BENCH_SCALE (1: iteration counts x N),
# BENCH_MODES ("icount realtime"), BENCH_SIZES, BENCH_VARIANTS (channels:polled
# pairs, "1:0 1:1 8:0"), BENCH_OPS ("memcpy memset"), BENCH_APPEND (extra
# guest command line, e.g. "stack.providers=ours,floor"), BENCH_LATENCY=0
# (skip the dmastream latency boot).  The matrix runs as one short boot per
# round x size x variant x op (QEMU's icount stall: tools/bench/run-bench).

BENCH_ROUNDS	?= 3
BENCH_SCALE	?= 1
BENCH_MODES	?= icount realtime
BENCH_VERIFY	?= 0
BENCH_APPEND	?=
BENCH_SIZES	?= 64 512 4096 65536 1048576
BENCH_VARIANTS	?= 1:0 1:1 8:0
BENCH_OPS	?= memcpy memset
BENCH_LATENCY	?= 1

.PHONY: bench bench-smoke

bench: image
	@tools/bench/run-bench --out $(BUILD)/bench --runner $(RUNNER) \
		--modes "$(BENCH_MODES)" --rounds $(BENCH_ROUNDS) \
		--scale $(BENCH_SCALE) --verify $(BENCH_VERIFY) \
		--append "$(BENCH_APPEND)" --sizes "$(BENCH_SIZES)" \
		--variants "$(BENCH_VARIANTS)" --ops "$(BENCH_OPS)" \
		$(if $(filter 0,$(BENCH_LATENCY)),--no-latency) \
		--repro "make bench BENCH_MODES='$(BENCH_MODES)' BENCH_ROUNDS=$(BENCH_ROUNDS) BENCH_SCALE=$(BENCH_SCALE) BENCH_VERIFY=$(BENCH_VERIFY) BENCH_SIZES='$(BENCH_SIZES)' BENCH_VARIANTS='$(BENCH_VARIANTS)' BENCH_OPS='$(BENCH_OPS)'" \
		-- $(BOOTARGS)

bench-smoke: image
	@tools/bench/run-bench --smoke --out $(BUILD)/bench-smoke --runner $(RUNNER) \
		--modes icount --repro "make bench-smoke" -- $(BOOTARGS)
