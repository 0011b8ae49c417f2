# SPDX-License-Identifier: GPL-2.0
# Malformed device trees (dts/malformed/*.dts, one boot each): the variant
# describes itself in /chosen (pl330stack,malformed / expect-driver /
# refused / expect-msg).  The driver that must refuse logs expect-msg with
# dev_err (console level 3, prefixed by the driver and device names); the
# refused device stays unbound; nothing oopses; the rest of the system works:
# with the controller refused, dmaengine still serves a software provider
# (dmafloor) and /dev/dmastream copies through it; with the client refused,
# dma330 still serves dmatest and /dev/dmastream memcpy.
chosen=/sys/firmware/devicetree/base/chosen
ctl=/sys/bus/amba/devices/f8003000.dma-controller
# The client's platform device: e0000000.dma-client, or
# axi:dma-client@e0000000 when it has no reg.  A glob: forks cost ~20 ms.
cli=
for _d in /sys/bus/platform/devices/*dma-client*; do
	[ -e "$_d" ] && cli=$_d
done
prop() { [ -r "$chosen/pl330stack,$1" ] && tr -d '\0' < "$chosen/pl330stack,$1"; }

variant=$(prop malformed)
if [ -z "$variant" ]; then
	plan 1
	skip "malformed device tree" "this boot's DT is not a malformed variant"
	return 0 2>/dev/null || exit 0
fi
drv=$(prop expect-driver)
refused=$(prop refused)
msg=$(prop expect-msg)
# a refused controller has one check more (no debugfs directory)
if [ "$refused" = controller ]; then plan 14; else plan 13; fi
diag "variant $variant: $drv must refuse the $refused with: $msg"

echo "@@malformed-start" > /dev/kmsg
check "$variant: dma330 module loads" insmod $MODDIR/dma330.ko
check "$variant: dmastream module loads" ds_insmod

case "$drv" in
dma330) prefix="dma330 f8003000.dma-controller: " ;;
dmastream) prefix="dmastream ${cli##*/}: " ;;
amba-core) prefix="amba: " ;;
*) prefix="?" ;;
esac
# Raw log lines: "<L>[time] text"; level 3 is KERN_ERR (dev_err).  Deferred
# probes are retried by the driver core's worker: wait for it, bounded (2 s).
_w=0
while :; do
	line=$(dmesg -r | grep -F -- "$prefix" | grep -F -- "$msg" | head -1)
	[ -n "$line" ] || [ $_w -ge 20 ] && break
	nap 0.1
	_w=$((_w + 1))
done
if [ -n "$line" ]; then
	ok "$variant: $drv names the property: ${line#*] }"
	case "$line" in
	"<3>"*) ok "$variant: the refusal is logged at error level" ;;
	*) not_ok "$variant: the refusal is logged at error level" "$line" ;;
	esac
else
	not_ok "$variant: $drv logs '$prefix$msg'" "not in dmesg"
	dmesg | grep -E 'dma330|dmastream|amba|pl330|dma-controller|dma-client' | tail -15 | sed 's/^/# /'
fi

bound() { [ -e "$1/driver" ]; }
if [ "$refused" = controller ]; then
	if bound $ctl; then not_ok "$variant: the controller stays unbound" "bound to $(basename "$(readlink $ctl/driver)")"
	else ok "$variant: the controller stays unbound"; fi
	check "$variant: no dma330 debugfs directory" test ! -e /sys/kernel/debug/dma330/f8003000.dma-controller
else
	check "$variant: the controller is bound to dma330" \
		test "$(basename "$(readlink $ctl/driver)")" = dma330
	if [ -z "$cli" ]; then not_ok "$variant: the client device exists" "no platform device for dma-client@e0000000"
	elif bound $cli; then not_ok "$variant: the client stays unbound" "bound"
	else ok "$variant: the client stays unbound"; fi
fi

# The rest of the system.
if [ "$refused" = controller ]; then
	check "$variant: dmafloor (software provider) loads" insmod $MODDIR/tests/dmafloor.ko
	sum=$(dmatest_run device=dmafloor chans=2 iterations=20 test_buf_size=4096 timeout=20000)
	rc=$?
	echo "$sum" | sed 's/^/# /'
	[ $rc = 0 ] && ok "$variant: dmatest through dmaengine still passes (dmafloor)" ||
		not_ok "$variant: dmatest through dmaengine still passes (dmafloor)"
else
	sum=$(dmatest_run device=f8003000.dma-controller chans=8 iterations=5 test_buf_size=16384 timeout=20000)
	rc=$?
	echo "$sum" | sed 's/^/# /'
	[ $rc = 0 ] && ok "$variant: dmatest on dma330, 8 channels, still passes" ||
		not_ok "$variant: dmatest on dma330, 8 channels, still passes"
fi
if [ "$refused" = client ]; then
	# No client bound: slave roles answer ENODEV, memcpy still works.
	out=$(dmastream tx --size 16 --no-progress 2>&1)
	case "$?:$out" in
	0:*) not_ok "$variant: slave TX without a bound client fails" "it succeeded" ;;
	*"No such device"*) ok "$variant: slave TX without a bound client -> ENODEV" ;;
	*) not_ok "$variant: slave TX without a bound client -> ENODEV" "$out" ;;
	esac
fi
check "$variant: /dev/dmastream memcpy with verification still works" \
	dmastream memcpy --size 65536 --iterations 5 --verify --no-progress
check "$variant: dmastream unloads" ds_rmmod
[ "$refused" = controller ] && check "$variant: dmafloor unloads" rmmod dmafloor
check "$variant: dma330 unloads" rmmod dma330
check "$variant: dma330 loads again (same refusal, no crash)" insmod $MODDIR/dma330.ko
check "$variant: dma330 unloads again" rmmod dma330
