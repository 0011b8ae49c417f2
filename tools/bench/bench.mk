# SPDX-License-Identifier: GPL-2.0
# Benchmark targets, included by the top-level Makefile (uses its RUNNER,
# BOOTARGS, BUILD and the `image` target).
#   make bench               two boots (icount, realtime): build/bench/
#   make bench BENCH_VERIFY=1  + a second icount boot, compared figure by figure
#   make bench-smoke         ~10 s: one icount boot, 64 B, one round
#   make bench-scale         issue 12's scale figures, dma330 alone with 64
#                            virtual channels on its 8 threads: 8 vs 64
#                            channels, unpaced (CPU side) and paced (every
#                            program gated, a timer releasing the gates:
#                            all threads busy), aggregate and slowest/
#                            fastest channel; the client's latency idle and
#                            with every other channel busy; one icount boot
#                            per cell, sizes BENCH_SCALE_SIZES ("64 4096");
#                            then BENCH_NOACK (100000) no-ACK transfers in
#                            real time (icount stalls past ~1 s of guest
#                            time): build/bench-scale/scale.md
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

.PHONY: bench bench-smoke bench-scale

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

BENCH_SCALE_SIZES	?= 64 4096
BENCH_NOACK		?= 100000
BSC_OUT			:= $(BUILD)/bench-scale
# One short icount boot per cell (QEMU's icount stall past ~1.2 s of guest
# time): NAME:GUEST-ARGS, the arguments joined by "+".
BSC_BOOTS = $(foreach s,$(BENCH_SCALE_SIZES),cpu-$(s):stack.scale_mode=cpu+stack.sizes=$(s) \
	paced-$(s)-8:stack.scale_mode=paced+stack.sizes=$(s)+stack.channels=8 \
	paced-$(s)-64:stack.scale_mode=paced+stack.sizes=$(s)+stack.channels=64 \
	lat-$(s):stack.scale_mode=none+stack.scale_lat=1+stack.sizes=$(s) \
	latpaced-$(s):stack.scale_mode=none+stack.scale_lat=1+stack.scale_pace_ns=200000+stack.sizes=$(s))

bench-scale: image
	@rm -rf $(BSC_OUT) && mkdir -p $(BSC_OUT)
	@for b in $(BSC_BOOTS); do \
		LOGDIR=$(BSC_OUT) $(RUNNER) $(BOOTARGS) --icount --dtb zynq-qemu \
			--name scale-$${b%%:*} --mode bench --timeout 120 \
			--append "stack.bench=scale $$(echo $${b#*:} | tr + ' ')" > /dev/null || \
			echo "bench-scale: boot $${b%%:*} failed (log $(BSC_OUT)/scale-$${b%%:*}.log)"; \
	done
	@-LOGDIR=$(BSC_OUT) $(RUNNER) $(BOOTARGS) --dtb zynq-qemu \
		--name noack --mode bench --timeout 900 \
		--append "stack.bench=scale stack.scale_noack=$(BENCH_NOACK)" > /dev/null
	@tools/bench/scale-summary $(BSC_OUT)/*.log | tee $(BSC_OUT)/scale.md
