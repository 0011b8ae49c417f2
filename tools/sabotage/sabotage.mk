# SPDX-License-Identifier: GPL-2.0
# make sabotage [SABOTAGE='NAME...']: break the provider on purpose, one
# patch of tools/sabotage/ at a time, in scratch builds under
# build/sabotage/NAME, and show each break caught on the paced rig while
# the stock-QEMU boot still passes (tools/sabotage/run, README "The paced
# rig").  Not part of `make test`.  Included by the top Makefile; uses
# BUILD KOUT KIMAGE DTBDIR TOOLS MODVARS.

.PHONY: sabotage

SABOTAGE		?=
SABOTAGE_STOCK_TESTS	?= 20*,22*,30*,41*

sabotage: deps image paced-qemu
	@KOUT=$(KOUT) KIMAGE=$(KIMAGE) DTBDIR=$(DTBDIR) TOOLS=$(TOOLS) \
		BUSYBOX=$(BUILD)/busybox/bin/busybox MODVARS="$(MODVARS)" \
		SABOTAGE_STOCK_TESTS="$(SABOTAGE_STOCK_TESTS)" \
		tools/sabotage/run $(BUILD) $(SABOTAGE)
