# SPDX-License-Identifier: GPL-2.0
#
# PL330 DMA stack: build everything, boot it on QEMU's xilinx-zynq-a9 and
# test it.  `make help` lists the targets.  Everything built lands in build/.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

TOP	:= $(CURDIR)
BUILD	:= $(TOP)/build
JOBS	?= $(shell echo $$(( $$(nproc) + 1 )))
CROSS	:= arm-linux-gnueabihf-

# Kernel: version (6.12 or 6.1) and flavor (base, debug, builtin).
KVER	?= 6.12
KERNEL	?= base
KSRC	:= $(BUILD)/linux-source-$(KVER)
KOUT	:= $(BUILD)/kernel-$(KVER)$(if $(filter base,$(KERNEL)),,-$(KERNEL))
KFRAGS	:= tools/kernel/base.config $(if $(filter base,$(KERNEL)),,tools/kernel/$(KERNEL).config)
KMAKE	:= $(MAKE) -C $(KOUT) ARCH=arm CROSS_COMPILE=$(CROSS)
# What QEMU boots: the uncompressed Image in a U-Boot legacy header, loaded
# as is at 0x8000.  A zImage would decompress itself at every boot: ~0.3 s
# of emulated CPU each, and `make test` boots dozens of times.
KIMAGE	:= $(KOUT)/arch/arm/boot/Image.uimg

# Our modules, built out of tree from a copy of the sources so that no
# object file ever lands in the source tree.
MODSRC	:= $(BUILD)/mod-$(KVER)$(if $(filter base,$(KERNEL)),,-$(KERNEL))
# (the test modules need the provider's test hooks: DMA330_TESTS selects
# DMA330_TEST_HOOKS in-tree; provider/Kbuild turns the variable into the
# define out of tree)
MODVARS	:= CONFIG_DMA330=m CONFIG_DMASTREAM=m CONFIG_DMA330_TESTS=m CONFIG_DMA330_TEST_HOOKS=y
TOOLS	:= $(BUILD)/tools-arm
DTBDIR	:= $(BUILD)/dtb
ROOTFS	:= $(BUILD)/rootfs-$(KVER)-$(KERNEL)
INITRD	:= $(BUILD)/initramfs-$(KVER)-$(KERNEL).cpio
RUNNER	:= tools/qemu/run
# ICOUNT=1: guest time counts guest instructions (deterministic, for
# benchmarks).  Off for tests: QEMU 7.2 stops advancing this guest's clock
# after about a second of guest time in icount mode, so long boots stall.
ICOUNT	?= 0
BOOTARGS = --kernel $(KIMAGE) --initrd $(INITRD) --dtb-dir $(DTBDIR) $(if $(filter 1,$(ICOUNT)),--icount)

DTS	:= $(wildcard dts/*.dts dts/malformed/*.dts)
DTBS	:= $(patsubst dts/%.dts,$(DTBDIR)/%.dtb,$(DTS))
# Device trees always come from 6.12's zynq-7000.dtsi (6.1 names the PL330
# node differently), whatever kernel boots them.
DTSRC	:= $(BUILD)/linux-source-6.12
DTSINC	:= -I dts -I $(DTSRC)/arch/arm/boot/dts/xilinx -I $(DTSRC)/arch/arm/boot/dts \
	   -I $(DTSRC)/scripts/dtc/include-prefixes -I $(DTSRC)/include

.PHONY: help deps paced-qemu kernel modules tools dtbs initramfs image image-locked run shell guest \
	test test-host test-check-kernel check bench soak clean distclean

help:
	@echo "make run      build everything, boot QEMU, show the stack working"
	@echo "make test     run every test; ends with 'N passed, N failed, N skipped'"
	@echo "make shell    boot the image to an interactive shell"
	@echo "make guest T='NAME...'  boot once running tests/guest/NAME.sh only"
	@echo "make bench    dmatest benchmarks: ours vs upstream pl330 vs floor"
	@echo "make check    static checks (checkpatch, sparse, W=1, dt-schema)"
	@echo "make distro   Debian's own armmp and rt-armmp kernels: build for them (dkms), boot, test"
	@echo "make virt64   Debian's arm64 kernel, 6 GiB, a PL330 on QEMU's virt board: bounce buffers"
	@echo "make bench-bounce  throughput of bounced (above 4 GiB) vs direct buffers on virt64"
	@echo "make deb      the DKMS package pl330stack-dkms_VERSION_all.deb"
	@echo "make sabotage break the provider on purpose: caught on the paced rig, not on stock QEMU"
	@echo "Variables: KVER=6.12|6.1 KERNEL=base|debug|builtin ICOUNT=1|0"

# ---------------------------------------------------------------- host deps
$(BUILD)/.deps: tools/install-deps
	@mkdir -p $(BUILD)
	tools/install-deps
	@touch $@
deps: $(BUILD)/.deps

# ------------------------------------------------------------------- kernel
$(BUILD)/linux-source-%/.unpacked: | $(BUILD)/.deps
	@echo "  UNPACK  linux-source-$*"
	@rm -rf $(BUILD)/linux-source-$*
	tar -C $(BUILD) -xf /usr/src/linux-source-$*.tar.xz
	@touch $@

$(KOUT)/.config: $(KSRC)/.unpacked $(KFRAGS) tools/kernel/mkconfig
	@echo "  CONFIG  $(notdir $(KOUT)) <- $(KFRAGS)"
	tools/kernel/mkconfig $(KSRC) $(KOUT) $(addprefix $(TOP)/,$(KFRAGS))

$(KOUT)/.built: $(KOUT)/.config
	@echo "  KERNEL  $(notdir $(KOUT)) (a few minutes the first time)"
	$(KMAKE) -j$(JOBS) -s zImage modules
	@touch $@
$(KIMAGE): $(KOUT)/.built
	mkimage -A arm -O linux -T kernel -C none -a 0x8000 -e 0x8000 \
		-n "Linux $(KVER) $(KERNEL)" -d $(KOUT)/arch/arm/boot/Image $@ > /dev/null
kernel: $(KIMAGE)

# ------------------------------------------------------------- our modules
modules: $(KOUT)/.built
	@mkdir -p $(MODSRC)
	@# Copy by content, not mtime: a file replaced by an older version
	@# (git checkout) must still look newer than its object to kbuild.
	@rsync -rlp --checksum --delete --exclude '*.o' --exclude '*.ko' --exclude '.*.cmd' \
		--exclude '*.mod*' --exclude modules.order --exclude Module.symvers \
		Kbuild provider client tests/kmod $(MODSRC)/ --relative
	$(KMAKE) -j$(JOBS) M=$(MODSRC) $(MODVARS) W=1 modules

# --------------------------------------------------------- user-space tools
# Guest-side programs, cross-built static into the image.
GUEST_TOOLS := tools/dmastream tools/fuzz
tools:
	@mkdir -p $(TOOLS)
	@set -e; for d in $(GUEST_TOOLS); do \
		$(MAKE) -s -C $$d CC=$(CROSS)gcc BUILD=$(TOOLS) LDFLAGS=-static all; \
	done

# -------------------------------------------------------------- device trees
$(DTBDIR)/%.dtb: dts/%.dts $(wildcard dts/*.dtsi dts/*.dts) $(DTSRC)/.unpacked
	@mkdir -p $(dir $@)
	@cpp -nostdinc $(DTSINC) -undef -D__DTS__ -x assembler-with-cpp $< -o $@.pp
	dtc -q -I dts -O dtb -o $@ $@.pp
dtbs: $(DTBS)

# ---------------------------------------------------------------- initramfs
# Downloaded, never installed: it would replace the host's own busybox.
$(BUILD)/busybox/bin/busybox: | $(BUILD)/.deps
	@rm -rf $(BUILD)/busybox $(BUILD)/busybox-deb && mkdir -p $(BUILD)/busybox-deb
	cd $(BUILD)/busybox-deb && apt-get download -q busybox-static:armhf 2>&1 | grep -v '^W: Download is performed unsandboxed' || true
	dpkg-deb -x $(BUILD)/busybox-deb/busybox-static_*.deb $(BUILD)/busybox.tmp
	mv $(BUILD)/busybox.tmp $(BUILD)/busybox

initramfs: modules tools $(BUILD)/busybox/bin/busybox
	@KVER=$(KVER) tests/guest/mkinitramfs $(ROOTFS) $(INITRD) \
		$(BUILD)/busybox/bin/busybox $(KOUT) $(MODSRC) $(TOOLS)

# Several builders may share one build/ (people, CI): one at a time.
image:
	@mkdir -p $(BUILD)
	@flock $(BUILD)/.image.lock $(MAKE) --no-print-directory image-locked
image-locked: kernel initramfs dtbs

# ------------------------------------------------------------------- running
run: deps image
	@$(RUNNER) $(BOOTARGS) --name run --dtb zynq-qemu --uart0 pipe \
		--mode run --show all

shell: deps image
	@$(RUNNER) $(BOOTARGS) --name shell --dtb zynq-qemu --mode shell --interactive

# Logs are named after the tests and DT, so parallel runs do not collide.
empty :=
space := $(empty) $(empty)
GUEST_NAME = guest-$(subst $(space),+,$(strip $(or $(T),all)))-$(or $(DTB),zynq-qemu)-$(KVER)-$(KERNEL)
guest: deps image
	@$(RUNNER) $(BOOTARGS) --name $(subst /,_,$(GUEST_NAME)) --dtb $(or $(DTB),zynq-qemu) --uart0 pipe \
		--mode test --tests "$(T)" --show all

# -------------------------------------------------------------------- tests
test-host:
	@$(MAKE) -s -C tests/host BUILD=$(BUILD)/host run

# The benchmark smoke runs on the base kernel only: it is icount-timed, and
# a debug kernel's extra instructions run into QEMU's icount stall.  The
# static checks (W=1, sparse, the kernel's dtc) always use the 6.12 base
# build tree, whatever kernel the guests boot: build it too if needed.
# The built-in kernel (in-tree drop-in, tools/check/check.mk) is built for
# its own boot in tests/boots.list.
test: deps image $(if $(filter 6.12-base,$(KVER)-$(KERNEL)),,test-check-kernel) builtin-image paced-qemu distro-image \
		virt64-image
	@TEST_BENCH_SMOKE=$(if $(filter base,$(KERNEL)),1,0) \
		TEST_TIMEOUT=$(if $(filter debug,$(KERNEL)),3600,) \
		tests/run-all $(BUILD) "$(BOOTARGS)"

# The paced QEMU rig (tools/qemu/patches on Debian's own qemu source):
# an extra rig for tests/boots.list (and, its qemu-system-aarch64, the
# virt64 rig's arm64 board); make run and make shell stay on the stock
# qemu-system-arm.
paced-qemu: deps
	@tools/qemu/build-paced $(BUILD)

test-check-kernel:
	@$(MAKE) --no-print-directory -s KVER=6.12 KERNEL=base kernel

# Benchmarks, static checks, reliability targets: each in its own fragment.
-include tools/bench/bench.mk tools/check/check.mk tools/fuzz/reliability.mk \
	tools/conformance/conformance.mk tools/distro/distro.mk \
	tools/sabotage/sabotage.mk

clean:
	rm -rf $(BUILD)/mod-* $(BUILD)/rootfs-* $(BUILD)/initramfs-* $(BUILD)/dtb \
		$(BUILD)/tools-arm $(BUILD)/host $(BUILD)/logs $(BUILD)/results \
		$(BUILD)/sabotage

distclean:
	rm -rf $(BUILD)
