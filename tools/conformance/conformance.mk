# SPDX-License-Identifier: GPL-2.0
# dmaengine conformance table, included by the top-level Makefile (uses its
# RUNNER, BOOTARGS, BUILD and the `image` target).
#   make conformance      tests/kmod/dma_conformance.ko against dma330 and
#                         upstream pl330 (each case announced on the console);
#                         prints the table case | dma330 | upstream pl330
#                         and writes it to build/conformance/table.md
# One boot, unless a case kills it (upstream pl330 was seen to oops in its
# interrupt handler; panic=1 ends such a boot at once instead of at its
# timeout): then tools/conformance/run boots again for upstream's
# remaining cases, at most CONF_BOOTS boots, and the table marks the case
# that killed a boot OOPS, with the kernel's report.
# Knobs: CONF_MSGS (messages of
# spi_noack_stream, default 20000), CONF_TIMEOUT (seconds a boot, default
# 600), CONF_BOOTS (default 4), CONF_ROUNDS (upstream's runs per boot,
# default 1), CONF_BEFORE (guest scripts the first boot runs before the
# suite: upstream's oops came in `make test`'s main boot, and CONF_BEFORE=
# '10-smoke 20-provider 21-runtime-pm 22-contract' reproduces it).
# Unlike tests/guest/25-conformance.sh under `make test`, upstream runs
# every case here (stack.conf_full=1): its WARN on issue_pending with
# nothing queued is part of what the table shows.  The boots' own verdicts
# are printed but do not stop the table.

CONF_MSGS	?=
CONF_TIMEOUT	?= 600
CONF_BOOTS	?= 4
CONF_ROUNDS	?= 1
CONF_BEFORE	?=
CONF_OUT	:= $(BUILD)/conformance

.PHONY: conformance

conformance: image
	@mkdir -p $(CONF_OUT)
	@-tools/conformance/run $(BUILD)/logs $(CONF_BOOTS) "$(CONF_BEFORE)" -- \
		$(RUNNER) $(BOOTARGS) --dtb zynq-qemu --uart0 pipe \
		--mode test --timeout $(CONF_TIMEOUT) \
		--append stack.conf_full=1 --append stack.conf_upstream=1 --append panic=1 \
		$(if $(CONF_MSGS),--append stack.conf_msgs=$(CONF_MSGS)) \
		--append stack.conf_up_rounds=$(CONF_ROUNDS)
	@tools/conformance/table $$(cat $(BUILD)/logs/conformance.logs) | tee $(CONF_OUT)/table.md
	@echo "(logs: $$(cat $(BUILD)/logs/conformance.logs | tr '\n' ' '); table: $(CONF_OUT)/table.md)"
