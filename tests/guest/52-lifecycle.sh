# SPDX-License-Identifier: GPL-2.0
# Lifecycle: provider unload while a client holds channels; sysfs
# unbind/bind of the provider while idle; client unload with transfers in
# flight (held by DMAWFE gates); provider reload with dmatest in between.
# stack.lifecycle_cycles=N (default 100) sets the unbind/bind and reload
# counts.
n=100
for a in $(cat /proc/cmdline); do
	case "$a" in stack.lifecycle_cycles=*) n=${a#*=} ;; esac
done
dev=f8003000.dma-controller
drv=/sys/bus/amba/drivers/dma330
dbg=/sys/kernel/debug/dma330/$dev
nchans() { ls -d /sys/class/dma/dma*chan* 2>/dev/null | wc -l; }
dt() { dmatest_run device=$dev timeout=20000 "$@" > /dev/null; } # lib.sh

plan 13
check "dma330 loads" insmod $MODDIR/dma330.ko || return 0 2>/dev/null || exit 0
check "dmastream loads (binds the UART client: holds tx and rx)" ds_insmod

# 1. Provider unload while the client holds channels: dmaengine holds a
# reference on the provider module for every channel in use, so the
# unload must be refused and the client's transfers go on unharmed.
dmastream memcpy --size 64k --iterations 100 --verify --no-progress --quiet > /tmp/lc-bg.out 2>&1 &
bg=$!
sleep 0.2
if rmmod dma330 2>/tmp/lc-rmmod.err; then
	not_ok "provider unload while the client holds channels is refused" \
		"rmmod dma330 succeeded with channels held"
	wait $bg
	bgrc=$?
	insmod $MODDIR/dma330.ko
	not_ok "the client's transfers during the refused unload all verified" \
		"the provider went away under them (client exit $bgrc)"
else
	ok "provider unload while the client holds channels is refused ($(head -1 /tmp/lc-rmmod.err))"
	wait $bg
	bgrc=$?
	if [ $bgrc = 0 ]; then ok "the client's transfers during the refused unload all verified"
	else not_ok "the client's transfers during the refused unload all verified" "$(tail -2 /tmp/lc-bg.out)"; fi
fi
check "client still works after the unload attempt (memcpy verified)" \
	dmastream memcpy --size 256k --iterations 5 --verify --no-progress --quiet

# 2. Client unload with transfers in flight (held at gates), file killed.
ev=$(awk '/^first_free_event:/ { print $2 }' $dbg/stats)
if [ -n "$ev" ] && [ "$ev" -ge 0 ]; then
	echo 1024 > $dbg/gate_every
	echo $ev > $dbg/gate_event
	dmastream memcpy --size 64k --count 8 --timeout-ms 3000 --no-progress --quiet > /dev/null 2>&1 &
	bg=$!
	held=$(wait_bound $dbg/stats)
	diag "transfers held in flight: $held hardware threads bound"
	kill -9 $bg 2>/dev/null
	wait $bg 2>/dev/null
	# The file is gone with transfers in flight: closing it terminates
	# them, so the client unloads at once and cleanly.  Only a transfer
	# really held at a gate makes this the case it claims to be.
	if [ "$held" = 0 ]; then
		not_ok "client unload with transfers in flight" "no transfer was held at a gate"
	elif ds_rmmod 2>/tmp/lc-rmmod.err; then
		ok "client unload with transfers in flight: unloaded cleanly (held: $held threads)"
	else
		not_ok "client unload with transfers in flight: unloaded cleanly" \
			"refused: $(head -1 /tmp/lc-rmmod.err)"
	fi
	# No gates: -1, written as a u64 (the knob parses unsigned; see report).
	echo 18446744073709551615 > $dbg/gate_event
	for i in 1 2 3 4 5 6 7 8 9 10; do echo $ev > $dbg/release; sleep 0.1; done
	lsmod | grep -q '^dmastream' && { sleep 1; ds_rmmod; }
	check "client module gone after its transfers ended" sh -c "! lsmod | grep -q '^dmastream'"
	check "no hardware thread left bound" threads_free $dbg/stats
	check "client reloads and copies (verified)" sh -c "{ insmod $MODDIR/dmastream_core.ko; insmod $MODDIR/dmastream.ko; } &&
		dmastream memcpy --size 64k --iterations 5 --verify --no-progress --quiet"
else
	not_ok "client unload with transfers in flight" "no free event for gates in $dbg/stats"
fi
ds_rmmod 2>/dev/null

# 3. sysfs unbind/bind while idle, $n times.
c0=$(nchans)
good=0
for i in $(seq $n); do
	echo $dev > $drv/unbind || break
	[ "$(nchans)" = 0 ] || { diag "cycle $i: channels left after unbind: $(nchans)"; break; }
	echo $dev > $drv/bind || break
	[ "$(nchans)" = "$c0" ] || { diag "cycle $i: $(nchans) channels after bind, want $c0"; break; }
	good=$((good + 1))
done
[ $good = $n ] && ok "sysfs unbind/bind: $good cycles, $c0 channels back each time" ||
	not_ok "sysfs unbind/bind $n cycles" "only $good"
check "dmatest after $n unbind/bind cycles" dt iterations=10

# 4. Provider reload $n times with dmatest in between.
good=0
for i in $(seq $n); do
	rmmod dma330 || break
	insmod $MODDIR/dma330.ko || break
	dt chans=$((1 + i % 16)) threads_per_chan=1 iterations=5 test_buf_size=$((4096 + i * 64)) || { diag "cycle $i: dmatest failed"; break; }
	good=$((good + 1))
done
[ $good = $n ] && ok "provider reload: $good cycles, dmatest passed after each" ||
	not_ok "provider reload $n cycles with dmatest between" "only $good"
check "dma330 unloads at the end" rmmod dma330
