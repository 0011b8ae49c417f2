# SPDX-License-Identifier: GPL-2.0
#
# Other people's kernels (issue 16), included by the top-level Makefile:
#
#   make distro        Debian's own armmp and rt-armmp (PREEMPT_RT) kernels,
#                      downloaded (never installed), our DKMS package built
#                      for them by dkms in a scratch tree, then both booted
#                      on the QEMU board with the tests of their
#                      tests/boots.list lines (distro-*)
#   make distro-image  the build half only (make test runs the boots)
#   make virt64        the virt64 rig: Debian's arm64 kernel on QEMU's arm64
#                      virt board (the paced QEMU's, -machine pl330=on)
#                      with 6 GiB of RAM, our modules built by dkms, the
#                      virt64 boot of tests/boots.list (dmatest and the
#                      client through swiotlb's bounce buffers)
#   make virt64-image  its build half (tools/distro/virt64)
#   make bench-bounce  dmastream throughput on the virt64 rig, buffers
#                      above 4 GiB (bounced) vs CMA buffers below (not):
#                      build/bench-bounce/bounce.md
#   make deb           build/distro/pkg/pl330stack-dkms_VERSION_all.deb
#   make deb-native    that package installed on a Debian bookworm armhf
#                      root (apt install ./DEB linux-headers-KREL; ARM
#                      programs under qemu-user), built there natively by
#                      its postinst's DKMS, removed; the modules compared
#                      with the cross-built ones, then booted in the
#                      distro-armmp boot (05, 07, 30).  Not in make test:
#                      10-17 min cold, 6-11 min for a new package,
#                      13-23 s unchanged (tools/distro/native)
#   make cross         provider and client for arm64 (6.12, 6.1) and ARM
#                      LPAE (6.12, 6.1, Debian's armmp-lpae headers), W=1
#                      and sparse: 0 warnings (tools/distro/cross)
#
# Everything lands in build/distro, cached by what it was made from
# (tools/distro/build); see tools/distro/README.md.

DISTRO_DIR	:= $(BUILD)/distro
DISTRO_BOOTS	:= distro-armmp distro-rt-armmp

.PHONY: distro distro-image deb deb-native cross virt64 virt64-image bench-bounce

# The DT comes from 6.12's zynq-7000.dtsi like every board DT here; the
# image reuses the busybox and the static CLI of the main image.
distro-image: deps tools $(DTSRC)/.unpacked $(BUILD)/busybox/bin/busybox
	@tools/install-deps distro
	@JOBS=$(or $(CHECK_JOBS),2) tools/distro/build $(BUILD)

distro: distro-image
	@rc=0; for b in $(DISTRO_BOOTS); do \
		tools/distro/boot $(BUILD) $$b || rc=1; done; exit $$rc

# (linux-source-6.1 and the ABI come from distro-image, the arm64 virt
# board from the paced QEMU build)
virt64-image: distro-image paced-qemu
	@tools/install-deps arm64
	@JOBS=$(or $(CHECK_JOBS),2) tools/distro/virt64 $(BUILD)

virt64: virt64-image
	@tools/distro/boot $(BUILD) virt64

BENCH_BOUNCE_ROUNDS ?= 5
bench-bounce: virt64-image
	@tools/bench/bench-bounce $(BUILD) $(BENCH_BOUNCE_ROUNDS)

deb: deps
	@tools/install-deps distro
	@deb=$$(tools/distro/mkdeb $(DISTRO_DIR)/pkg) && \
		dpkg-deb --info "$$deb" | sed -n 's/^ \(Package\|Version\|Architecture\|Depends\):/  \1:/p' && \
		echo "  DEB     $$deb ($$(dpkg-deb --contents "$$deb" | wc -l) entries)"

# (the ABI, the cross-built modules and the distro-armmp image come from
# distro-image)
deb-native: distro-image
	@tools/install-deps native
	@tools/distro/native $(BUILD)

# (needs make distro-image's linux-source-6.1 and armmp-lpae headers)
cross: distro-image
	@tools/install-deps arm64
	@JOBS=$(or $(CHECK_JOBS),2) tools/distro/cross $(BUILD) $(CROSS_TARGETS)

# make patches: the provider as a format-patch series against 6.12
# (tools/patches/mkseries), the in-tree variant on the kernel's virt-dma:
# every patch checkpatch --strict clean, every prefix built W=1 against the
# 6.12 build tree.
.PHONY: patches
patches: deps
	@$(MAKE) --no-print-directory -s KVER=6.12 KERNEL=base $(BUILD)/linux-source-6.12/.unpacked kernel
	@JOBS=$(or $(CHECK_JOBS),2) tools/patches/mkseries $(BUILD)
