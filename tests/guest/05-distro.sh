# SPDX-License-Identifier: GPL-2.0
# Debian's own kernel (armmp or rt-armmp, booted by tools/distro): it is
# the stock kernel we think it is, its built-in pl330 owns the PL330, and
# swapping it for our dma330 (the module dkms built from our package) works
# the way a user does it: unbind pl330, load dma330.  The scripts after this
# one load and unload dma330 themselves; the PL330 stays free of pl330.
dev=f8003000.dma-controller
amba=/sys/bus/amba/devices/$dev
. /opt/stack/distro-info
plan 11
krel=$(uname -r)
if [ "$krel" = "$DISTRO_KREL" ]; then ok "booted Debian's $DISTRO_KREL ($DISTRO_VERSION)"
else not_ok "booted Debian's $DISTRO_KREL" "uname -r is $krel"; fi
diag "$(uname -v)"
case "$DISTRO_FLAVOUR:$(uname -v)" in
rt-armmp:*PREEMPT_RT*) ok "rt-armmp: a PREEMPT_RT kernel" ;;
armmp:*PREEMPT_RT*) not_ok "armmp: not a PREEMPT_RT kernel" "$(uname -v)" ;;
armmp:*) ok "armmp: not a PREEMPT_RT kernel" ;;
*) not_ok "$DISTRO_FLAVOUR: a PREEMPT_RT kernel" "$(uname -v)" ;;
esac
# pl330 is built into this kernel: no module, its driver bound at boot.
drv=$(readlink $amba/driver)
if [ ! -e /sys/module/pl330/initstate ] && [ "${drv##*/}" = dma-pl330 ]; then
	ok "the kernel's built-in pl330 bound the PL330 at boot"
else
	not_ok "the kernel's built-in pl330 bound the PL330 at boot" "driver '${drv:-none}'"
fi
check "the PL330 is unbound from the built-in pl330" \
	sh -c "echo $dev > /sys/bus/amba/drivers/dma-pl330/unbind"
vm=$(tr '\0' '\n' < $MODDIR/dma330.ko | sed -n 's/^vermagic=//p')
case "$vm" in
"$krel "*) ok "dma330.ko (from $DISTRO_PKG via dkms) is built for $krel" ;;
*) not_ok "dma330.ko is built for $krel" "vermagic '$vm'" ;;
esac
t0=$(cat /proc/sys/kernel/tainted)
check "dma330 loads on Debian's kernel" insmod $MODDIR/dma330.ko
drv=$(readlink $amba/driver)
if [ "${drv##*/}" = dma330 ]; then ok "dma330 bound the PL330"
else not_ok "dma330 bound the PL330" "driver '${drv:-none}'"; fi
n=$(ls -d $amba/dma/dma*chan* 2>/dev/null | wc -l)
if [ "$n" -ge 8 ]; then ok "dma330 registered $n channels"
else not_ok "dma330 registered its channels" "$n channels"; fi
# Unsigned out-of-tree modules on a MODULE_SIG kernel that does not
# enforce: loaded, tainted O (4096) and E (8192), nothing worse.
t1=$(cat /proc/sys/kernel/tainted)
if [ $(( (t1 & ~t0) & ~(4096 | 8192) )) = 0 ]; then ok "dma330 taints only O/E (tainted $t0 -> $t1)"
else not_ok "dma330 taints only O/E" "tainted $t0 -> $t1"; fi
if dmesg | grep -qi 'disagrees about version\|no symbol version\|Unknown symbol'; then
	not_ok "symbol versions of dma330 match the kernel's" "$(dmesg | grep -i 'disagrees\|symbol version\|Unknown symbol' | head -3)"
else
	ok "symbol versions of dma330 match the kernel's"
fi
check "dma330 unloads" rmmod dma330
