# SPDX-License-Identifier: GPL-2.0
# dma330 runtime PM: idle, the controller is runtime-suspended and its
# clock ("dma", clkc 27 in zynq-7000.dtsi: the PL330's apb_pclk) gated;
# busy, or with a program held in flight, it is active and the clock on;
# released, it suspends again (autosuspend: 100 ms).
dev=f8003000.dma-controller
amba=/sys/bus/amba/devices/$dev
dbg=/sys/kernel/debug/dma330/$dev
clk=/sys/kernel/debug/clk/dma/clk_enable_count
pm() { echo "$(cat $amba/power/runtime_status) clock-enables=$(cat $clk)"; }
# wait_pm STATUS: up to 2 s for runtime_status STATUS
wait_pm() {
	for _i in $(seq 40); do
		[ "$(cat $amba/power/runtime_status)" = "$1" ] && return 0
		nap 0.05
	done
	return 1
}
plan 8
check "dma330 loads" insmod $MODDIR/dma330.ko || exit 0
check "the PL330's clock is in debugfs" test -r $clk
if wait_pm suspended && [ "$(cat $clk)" = 0 ]; then
	ok "idle after probe: runtime-suspended, clock gated ($(pm))"
else
	not_ok "idle after probe: runtime-suspended, clock gated" "$(pm)"
fi

# Busy: dmatest in the background, sampled while it runs.
(dmatest_run device=$dev chans=2 iterations=300 test_buf_size=4096 > /tmp/pm-dt.out) &
bg=$!
seen=
for i in $(seq 50); do
	s=$(pm)
	case "$s" in "active clock-enables="[1-9]*) seen=$s; break ;; esac
	nap 0.02
done
wait $bg
dt=$?
if [ -n "$seen" ] && [ $dt = 0 ]; then ok "busy (dmatest): active, clock on ($seen)"
else not_ok "busy (dmatest): active, clock on" "last sample $s, dmatest exit $dt"; fi

# A program held in flight (a DMAWFE gate) for longer than the autosuspend
# delay: the controller must stay up under it.
ev=$(sed -n 's/^first_free_event: //p' $dbg/stats)
echo 1024 > $dbg/gate_every
echo "$ev" > $dbg/gate_event
ds_setup
# (10 s, the limit: the hold and the 80 releases below took over 5 s on the debug
# kernel through the bounce pool)
dmastream memcpy --size 65536 --timeout-ms 10000 --verify --no-progress --quiet > /tmp/pm-held.out 2>&1 &
bg=$!
# until the transfer is held (dmatest loads and starts first), then past
# the autosuspend delay
bound=$(wait_bound $dbg/stats)
nap 0.4
held=$(pm)
case "$held" in
"active clock-enables="[1-9]*)
	[ "$bound" -gt 0 ] && ok "held in flight 400 ms: still active, clock on ($held)" ||
		not_ok "held in flight 400 ms" "no thread bound: the gate did not hold ($held)" ;;
*) not_ok "held in flight 400 ms: still active, clock on" "$held, $bound threads bound" ;;
esac
echo 18446744073709551615 > $dbg/gate_event  # no more gates (-1 as u64)
for i in $(seq 80); do echo "$ev" > $dbg/release; nap 0.01; done
wait $bg
dt=$?
if [ $dt = 0 ] && wait_pm suspended && [ "$(cat $clk)" = 0 ]; then
	ok "released and idle: suspended again, clock gated ($(pm))"
else
	not_ok "released and idle: suspended again, clock gated" "$(pm), memcpy exit $dt: $(tail -2 /tmp/pm-held.out)"
fi
ds_rmmod
check "dma330 unloads" rmmod dma330
check "dma330 left no event, interrupt or fault behind" pl330_quiet
