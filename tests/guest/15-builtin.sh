# SPDX-License-Identifier: GPL-2.0
# Built-in kernel (tools/kernel/builtin.config, in-tree drop-in): the
# provider and the client are part of the kernel, so nothing is insmod'ed:
# both drivers must have bound to their device-tree nodes during boot.
# On a modular kernel (its image ships dma330.ko) this script reports one
# SKIP and nothing else; the built-in image ships no dma330.ko, so there a
# kernel without the driver fails here (not a skip).
#
# Built in = the driver is registered and /sys/module/NAME has no
# initstate (only loaded modules have one).
builtin() { [ -d "$1" ] && [ ! -e "/sys/module/$2/initstate" ]; }

if ! builtin /sys/bus/amba/drivers/dma330 dma330; then
	plan 1
	if [ -e $MODDIR/dma330.ko ]; then
		skip "dma330 and dmastream built in" "modular kernel"
	else
		not_ok "dma330 is built in (no module, driver registered at boot)" \
			"no dma330 driver registered at boot, and the image has no dma330.ko to load"
	fi
	return 0 2>/dev/null || exit 0
fi
plan 8
ok "dma330 is built in (no module, driver registered at boot)"

amba=/sys/bus/amba/devices/f8003000.dma-controller
drv=$(basename "$(readlink $amba/driver 2>/dev/null)" 2>/dev/null)
if [ "$drv" = dma330 ]; then
	ok "PL330 node bound to dma330 without insmod"
else
	not_ok "PL330 node bound to dma330 without insmod" "driver: ${drv:-none}"
fi
n=$(ls /sys/class/dma 2>/dev/null | grep -c chan)
if [ "$n" -gt 0 ]; then
	ok "dma330 registered dmaengine channels ($n)"
else
	not_ok "dma330 registered dmaengine channels" "none in /sys/class/dma"
fi
check "dma330 probe message in the kernel log" sh -c "dmesg | grep -q 'dma330 f8003000.dma-controller: PL330 r'"

if builtin /sys/bus/platform/drivers/dmastream dmastream; then
	ok "dmastream is built in"
else
	not_ok "dmastream is built in" "no built-in platform driver 'dmastream'"
fi
dev=
for d in /sys/bus/platform/devices/*.dma-client; do
	[ -e "$d" ] && dev=$d
done
drv=$(basename "$(readlink "$dev/driver" 2>/dev/null)" 2>/dev/null)
if [ -n "$dev" ] && [ "$drv" = dmastream ]; then
	ok "client node $(basename "$dev") bound to dmastream without insmod"
else
	not_ok "client node bound to dmastream without insmod" "device ${dev:-missing}, driver ${drv:-none}"
fi
check "/dev/dmastream exists" test -c /dev/dmastream
check "no module of ours was loaded" sh -c "! grep -qE '^(dma330|dmastream) ' /proc/modules"
