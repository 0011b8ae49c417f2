# SPDX-License-Identifier: GPL-2.0
# Reliability targets (issue 6), included by the top Makefile:
#     include tools/fuzz/reliability.mk
# Uses its variables: BUILD KERNEL KVER KOUT KSRC RUNNER BOOTARGS DTBDIR DTSINC.
#
#   make reliability [KERNEL=debug]  fault injection, races, lifecycle, fuzz,
#                                    60-s soak: one boot (tests/guest/5*)
#   make malformed   [KERNEL=debug]  every dts/malformed/*.dts: one boot each
#   make fuzz [FUZZ_ITERS=N] [FUZZ_SEED=S]   the fuzzer alone, 4 threads
#   make soak [SOAK_SECONDS=600]     dmatest 13 channels x 4 threads + client
#                                    mixed load, 10 minutes
#   make check-debug                 `make test` on the debug kernel, then
#                                    reliability and malformed on it
# Each prints "NAME: N passed, N failed" per boot and fails on any failure.

.PHONY: reliability malformed malformed-dtbs fuzz soak check-debug

FUZZ_ITERS	?= 5000
FUZZ_SEED	?=
SOAK_SECONDS	?= 600
STRESS_CYCLES	?= 100
STRESS_RACES	?= 10
LIFECYCLE_CYCLES ?= 100
REL_TIMEOUT	?= 1800

MALFORMED_DTS	:= $(wildcard dts/malformed/*.dts)
MALFORMED	:= $(patsubst dts/malformed/%.dts,%,$(MALFORMED_DTS))
MALFORMED_DTBS	:= $(patsubst %,$(DTBDIR)/malformed/%.dtb,$(MALFORMED))

# Built by the top Makefile's dtb rule (DTS includes dts/malformed/).
malformed-dtbs: $(MALFORMED_DTBS)

# rel_boot NAME DTB TESTS APPEND
define rel_boot
	$(RUNNER) $(BOOTARGS) --name $(1) --dtb $(2) --uart0 pipe --mode test \
		--timeout $(REL_TIMEOUT) --tests "$(3)" $(if $(4),--append "$(4)")
endef

reliability: deps image
	@$(call rel_boot,reliability$(if $(filter base,$(KERNEL)),,-$(KERNEL)),zynq-qemu,50-faults 51-races 52-lifecycle 53-soak 55-fuzz,stack.stress_cycles=$(STRESS_CYCLES) stack.stress_races=$(STRESS_RACES) stack.lifecycle_cycles=$(LIFECYCLE_CYCLES) stack.soak_seconds=60 stack.fuzz_iters=$(FUZZ_ITERS)$(if $(FUZZ_SEED), stack.fuzz_seed=$(FUZZ_SEED)))

malformed: deps image malformed-dtbs
	@pass=0; fail=0; \
	for m in $(MALFORMED); do \
		if $(call rel_boot,malformed-$$m,malformed/$$m,60-malformed,) | tail -1; \
		then pass=$$((pass + 1)); else fail=$$((fail + 1)); fi; \
	done; \
	echo "malformed device trees: $$pass variants refused cleanly, $$fail failed"; \
	[ $$fail = 0 ]

fuzz: deps image
	@$(call rel_boot,fuzz,zynq-qemu,55-fuzz,stack.fuzz_iters=$(FUZZ_ITERS)$(if $(FUZZ_SEED), stack.fuzz_seed=$(FUZZ_SEED)))

soak: deps image
	@$(call rel_boot,soak,zynq-qemu,53-soak,stack.soak_seconds=$(SOAK_SECONDS))

check-debug:
	@$(MAKE) --no-print-directory test KERNEL=debug
	@$(MAKE) --no-print-directory reliability KERNEL=debug
	@$(MAKE) --no-print-directory malformed KERNEL=debug
