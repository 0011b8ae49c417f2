# SPDX-License-Identifier: GPL-2.0
# dmaengine conformance table, included by the top-level Makefile (uses its
# RUNNER, BOOTARGS, BUILD and the `image` target).
#   make conformance      one boot: tests/kmod/dma_conformance.ko against
#                         upstream pl330 and dma330; prints the table
#                         case | dma330 | upstream pl330 and writes it to
#                         build/conformance/table.md
# Knobs: CONF_CYCLIC=1 (also run cyclic_pcm on dma330: it hangs the guest
# on a dma330 whose unpaced cyclic livelocks, the timeout then ends the
# boot and dma330's later cases read "not run"), CONF_MSGS (messages of
# spi_noack_stream, default 20000), CONF_TIMEOUT (seconds, default 600).
# Unlike tests/guest/25-conformance.sh under `make test`, upstream runs
# every case here (stack.conf_full=1): its WARN on issue_pending with
# nothing queued is part of what the table shows.  The boot's own verdict
# is printed but does not stop the table.

CONF_CYCLIC	?= 0
CONF_MSGS	?=
CONF_TIMEOUT	?= 600
CONF_OUT	:= $(BUILD)/conformance

.PHONY: conformance

conformance: image
	@mkdir -p $(CONF_OUT)
	@-$(RUNNER) $(BOOTARGS) --name conformance --dtb zynq-qemu --uart0 pipe \
		--mode test --tests 25-conformance --timeout $(CONF_TIMEOUT) \
		--append stack.conf_full=1 --append stack.conf_upstream=1 \
		$(if $(filter 1,$(CONF_CYCLIC)),--append stack.conf_cyclic=1) \
		$(if $(CONF_MSGS),--append stack.conf_msgs=$(CONF_MSGS))
	@tools/conformance/table $(BUILD)/logs/conformance.log | tee $(CONF_OUT)/table.md
	@echo "(log: $(BUILD)/logs/conformance.log, table: $(CONF_OUT)/table.md)"
