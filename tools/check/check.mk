# SPDX-License-Identifier: GPL-2.0
#
# Static checks and the kernel build matrix, included by the top-level
# Makefile (after its variables are defined):
#
#   make check          static checks (tools/check/run; KTAP, one line a
#                       check; non-zero on any finding).  Prints what it
#                       checked.  CHECKS="checkpatch dtc" runs a subset.
#   make check-kernels  the three ways to build, two kernel versions:
#                       (a) in-tree drop-in, built-in (=y), 6.12, booted
#                       (b) external modules against the full 6.12 and 6.1
#                           trees (W=1), both booted with the smoke test
#                       (c) external modules against Debian's armhf
#                           headers-only 6.1 tree (W=1, build only)
#   make check-all      both, plus the whole suite on the debug kernel
#
# Kernel builds here run under `nice -n 19` with -j$(CHECK_JOBS) (default
# 2: the machine is shared), one at a time; so do the QEMU boots.

CHECK_JOBS	?= 2
CHECK_KSRC	:= $(BUILD)/linux-source-6.12
CHECK_KOUT	:= $(BUILD)/kernel-6.12
INTREE		:= $(BUILD)/linux-intree-6.12
BUILTIN_KOUT	:= $(BUILD)/kernel-6.12-builtin
HEADERS_DIR	:= $(BUILD)/headers-6.1
CHECKS		?=
# The guest tests booted by check-kernels: the platform smoke test on the
# modular kernels; on the built-in one, 15-builtin (the drivers bound with
# no insmod; 10-smoke insmods modules and upstream pl330, which a kernel
# with dma330 built in cannot pass).
SMOKE_TESTS	?= 10-smoke
BUILTIN_TESTS	?= 15-builtin

.PHONY: check check-kernels check-all check-prep check-intree check-builtin builtin-image \
	check-ext-6.12 check-ext-6.1 check-headers-6.1 check-boot-6.12 check-boot-6.1

# ------------------------------------------------------------------ check
# Needs the unpacked 6.12 source (checkpatch, kernel-doc, dtc checks, the
# kernel's schemas), the built 6.12 tree (W=1/sparse module builds, dtc)
# and the dtbs; from a fresh clone the first run builds the kernel.
check-prep:
	@nice -n 19 $(MAKE) -s KVER=6.12 KERNEL=base JOBS=$(CHECK_JOBS) deps kernel dtbs

check: check-prep
	@BUILD=$(BUILD) KSRC=$(CHECK_KSRC) KOUT=$(CHECK_KOUT) TREE=$(INTREE) \
		DTBDIR=$(DTBDIR) MODVARS="$(MODVARS)" JOBS=$(CHECK_JOBS) \
		nice -n 19 tools/check/run $(if $(KTAP),--ktap) $(CHECKS)

# ---------------------------------------------------------- check-kernels
# (a) In-tree drop-in, built in, on a hard-link copy of the 6.12 source
# (the shared build/linux-source-6.12 stays pristine).  Then the image: the
# initramfs gets only the test modules (MODVARS without DMA330/DMASTREAM:
# those are in the kernel).
builtin-image:
	@$(MAKE) -s KVER=6.12 deps $(CHECK_KSRC)/.unpacked
	JOBS=$(CHECK_JOBS) tools/kbuild/intree build $(CHECK_KSRC) $(INTREE) \
		$(BUILTIN_KOUT) $(TOP)/tools/kernel/base.config $(TOP)/tools/kernel/builtin.config
	nice -n 19 $(MAKE) -s KVER=6.12 KERNEL=builtin JOBS=$(CHECK_JOBS) \
		MODVARS="CONFIG_DMA330_TESTS=m" initramfs dtbs
check-builtin: builtin-image
	$(RUNNER) --kernel $(BUILTIN_KOUT)/arch/arm/boot/zImage \
		--initrd $(BUILD)/initramfs-6.12-builtin.cpio --dtb-dir $(DTBDIR) \
		--dtb zynq-qemu --name check-builtin --uart0 pipe --mode test \
		--tests "$(BUILTIN_TESTS)"

# (b) External modules against a full tree: what `make image` does; W=1 is
# in the top-level `modules` rule.  6.1 needs linux-source-6.1.
check-ext-6.12:
	nice -n 19 $(MAKE) -s KVER=6.12 JOBS=$(CHECK_JOBS) image
check-boot-6.12: check-ext-6.12
	$(RUNNER) --kernel $(BUILD)/kernel-6.12/arch/arm/boot/zImage \
		--initrd $(BUILD)/initramfs-6.12-base.cpio --dtb-dir $(DTBDIR) \
		--dtb zynq-qemu --name check-6.12 --uart0 pipe --mode test --tests "$(SMOKE_TESTS)"

# Not `image`: its dtbs rule would rebuild the shared $(DTBDIR) from the
# 6.1 tree's zynq-7000.dtsi, where the PL330 node is still "dmac@f8003000"
# (6.12: "dma-controller@f8003000"; the tests look for the latter).  Both
# kernels boot the same board DT, built from 6.12's dtsi.
check-ext-6.1:
	tools/install-deps linux-6.1
	nice -n 19 $(MAKE) -s KVER=6.12 dtbs
	nice -n 19 $(MAKE) -s KVER=6.1 JOBS=$(CHECK_JOBS) kernel initramfs
check-boot-6.1: check-ext-6.1
	$(RUNNER) --kernel $(BUILD)/kernel-6.1/arch/arm/boot/zImage \
		--initrd $(BUILD)/initramfs-6.1-base.cpio --dtb-dir $(DTBDIR) \
		--dtb zynq-qemu --name check-6.1 --uart0 pipe --mode test --tests "$(SMOKE_TESTS)"

# (c) External modules against Debian's headers-only armhf 6.1 tree.
check-headers-6.1:
	tools/install-deps headers-6.1
	JOBS=$(CHECK_JOBS) tools/kbuild/headers $(HEADERS_DIR) $(BUILD)/mod-headers-6.1

# One after the other, never in parallel (shared cores, one QEMU at a time).
check-kernels:
	@set -e; for t in check-builtin check-boot-6.12 check-boot-6.1 check-headers-6.1; do \
		echo "== $$t"; $(MAKE) --no-print-directory -j1 $$t; done
	@echo "check-kernels: built-in 6.12, external 6.12 + 6.1 (booted), headers-only 6.1: all passed"

# Everything: static checks, the other kernels and build ways, and the
# whole suite on the debug kernel (check-debug, tools/fuzz/reliability.mk).
check-all:
	@rc=0; $(MAKE) --no-print-directory check || rc=1; \
		$(MAKE) --no-print-directory check-kernels || rc=1; \
		$(MAKE) --no-print-directory check-debug || rc=1; exit $$rc
