# SPDX-License-Identifier: GPL-2.0
# Module signing on Debian's kernel (MODULE_SIG=y, not forced): what a user
# with module.sig_enforce=1 (or secure boot's lockdown) sees.  Runs last in
# its boot: enforcement, once on, stays on until reboot and refuses every
# unsigned module after it (the console and KUnit modules were loaded
# before).  The same as booting with module.sig_enforce=1, where the
# console driver itself could not load.
#   - dma330 as dkms built it (unsigned): refused (EKEYREJECTED, "Key was
#     rejected by service"; the kernel: "Loading of unsigned module is
#     rejected");
#   - dma330 signed with a key the kernel does not trust (a throwaway key,
#     scripts/sign-file): refused the same way ("... module with
#     unavailable key ...");
#   - the kernel's built-in pl330 stays the PL330's driver, channels up.
# How to sign for real: tools/distro/README.md ("Module signing").
dev=f8003000.dma-controller
amba=/sys/bus/amba/devices/$dev
p=/sys/module/module/parameters/sig_enforce
plan 8
grep -q '^dma330 ' /proc/modules && rmmod dma330
check "the built-in pl330 takes the PL330 back" \
	sh -c "echo $dev > /sys/bus/amba/drivers/dma-pl330/bind"
read -r e0 < $p
if [ "$e0" = N ]; then ok "signatures not enforced at boot (sig_enforce=N)"
else not_ok "signatures not enforced at boot" "sig_enforce=$e0"; fi
echo 1 > $p
read -r e1 < $p
if [ "$e1" = Y ]; then ok "sig_enforce switched on (as module.sig_enforce=1 would)"
else not_ok "sig_enforce switched on" "sig_enforce=$e1"; fi

# refused DESC DMESG-TEXT KO: insmod fails and the kernel says why.
refused() {
	_m=stack-sig-mark-$RANDOM
	echo "$_m" > /dev/kmsg
	if _o=$(insmod "$3" 2>&1); then
		not_ok "$1" "insmod $3 succeeded"
		rmmod dma330
		return
	fi
	_k=$(dmesg | sed -n "/$_m/,\$p" | grep -m1 "$2")
	if [ -n "$_k" ]; then ok "$1: ${_o##*: } / kernel: ${_k#*] }"
	else not_ok "$1" "insmod said '$_o', the kernel log has no '$2'"; fi
}
refused "unsigned dma330 refused" "Loading of unsigned module is rejected" $MODDIR/dma330.ko
refused "dma330 signed with an untrusted key refused" "Loading of module with unavailable key is rejected" \
	$MODDIR/distro/dma330-selfsigned.ko
if grep -q '^dma330 ' /proc/modules; then not_ok "dma330 not loaded"; else ok "dma330 not loaded"; fi
drv=$(readlink $amba/driver)
n=$(ls -d $amba/dma/dma*chan* 2>/dev/null | wc -l)
if [ "${drv##*/}" = dma-pl330 ] && [ "$n" -ge 8 ]; then ok "the built-in pl330 still serves the PL330 ($n channels)"
else not_ok "the built-in pl330 still serves the PL330" "driver '${drv:-none}', $n channels"; fi
echo 0 > $p 2>/dev/null
read -r e2 < $p
if [ "$e2" = Y ]; then ok "sig_enforce cannot be switched off again"
else not_ok "sig_enforce cannot be switched off again" "sig_enforce=$e2"; fi
