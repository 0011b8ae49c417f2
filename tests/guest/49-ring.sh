# SPDX-License-Identifier: GPL-2.0
# Streaming rings from user space (dmastream stream, DMASTREAM_IOC_RING_*):
# the ring's dma-buf mmap()ed, a period dequeued (synced for the CPU, that
# period only), read or written, queued back.  On stock QEMU a memory word
# stands in for the FIFO (--loopback) and dma330's test gates pace the
# ring: --step releases one per period, so each capture period carries its
# own stamp and the xruns are exact; --pace-us lets the provider's timer
# run it freely.  On the paced rig a capture ring runs from UART0 with the
# host feeding the bytes (and checking them).  Bounce boot: skipping one period's for_cpu sync must
# make the data check fail.

ds_setup
# jget JSON KEY: a number from dmastream's one-line JSON
jget() { echo "$1" | sed -n "s/.*\"$2\":\(-\{0,1\}[0-9.]*\).*/\1/p"; }
# expect_json DESC JSON KEY=VALUE...: every key has its value
expect_json() {
	_d=$1 _j=$2
	shift 2
	_bad=
	for _kv in "$@"; do
		_v=$(jget "$_j" "${_kv%%=*}")
		[ "$_v" = "${_kv#*=}" ] || _bad="$_bad ${_kv%%=*}=$_v (want ${_kv#*=})"
	done
	if [ -z "$_bad" ]; then ok "$_d"; else not_ok "$_d" "$_bad"; diag "$_j"; fi
}
# stream ARGS...: run it, JSON in $J, exit status in $RC
stream() { J=$(dmastream stream --json "$@" 2>/tmp/stream.err); RC=$?; }

if paced_rig; then
	# UART0's RX line paces a capture ring; the host feeds the bytes,
	# N - 1 periods at a time, and checks each chunk received.  (No
	# playback ring to UART0 here: stopping it cuts a period short, and
	# the host checks every byte UART0 sends.)
	plan 2
	stream --capture --periods 4 --period-bytes 16 --count 32 --feed
	if [ $RC = 0 ]; then ok "capture ring from UART0 RX, 32 periods of 16 B"; else not_ok "capture ring from UART0 RX" "exit $RC: $(cat /tmp/stream.err)"; fi
	expect_json "every period received, no overrun" "$J" \
		delivered=32 hw_periods=32 overruns=0 laps=0
	ds_teardown
	exit 0
fi

proof=0
ds_bounce && proof=2
plan $((15 + proof))

# 1. Capture, a period per gate, each checked against its own stamp.
stream --loopback --step --periods 8 --period-bytes 256 --count 2000 --check
if [ $RC = 0 ]; then ok "capture: 2000 periods, each with its own data"; else not_ok "capture: 2000 periods, each with its own data" "exit $RC: $(cat /tmp/stream.err)"; fi
expect_json "capture: none lost, no overrun" "$J" \
	delivered=2000 hw_periods=2000 overruns=0 lost_seen=0 bad_periods=0 laps=0
diag "$J"

# 2. A consumer that stalls while S = 20 periods finish (and one more
# before it looks): k = 21 finished, N - 1 = 7 kept, exactly 14 lost.
stream --loopback --step --periods 8 --period-bytes 256 --count 60 --check \
	--stall-at 10 --stall 20
expect_json "slow consumer: exactly 14 overruns, the 14 periods it never saw" "$J" \
	overruns=14 lost_seen=14 delivered=46 bad_periods=0
# 3. One period held while the device laps the ring: overwritten under
# the consumer, reported when queued back, and the lap's period lost.
stream --loopback --step --periods 4 --period-bytes 128 --count 30 --check \
	--hold-at 5
expect_json "held period: 1 overrun, 1 clobbered, 1 period lost" "$J" \
	overruns=1 clobbered=1 lost_seen=1

# 4. Playback, a period per gate: the FIFO ends each period with the
# stamp of the period played.
stream --playback --loopback --step --periods 4 --period-bytes 256 --count 500 --check
if [ $RC = 0 ]; then ok "playback: 500 periods played with their own data"; else not_ok "playback: 500 periods played with their own data" "exit $RC: $(cat /tmp/stream.err)"; fi
expect_json "playback: no underrun, every period fresh" "$J" \
	underruns=0 fresh=500 bad_periods=0
# 5. A producer that stalls: 12 steps without a fill (and the one before
# it refills): 13 played from N - 1 = 3 queued: exactly 10 underruns,
# each replaying the slot's last lap.
stream --playback --loopback --step --periods 4 --period-bytes 256 --count 40 --check \
	--stall-at 10 --stall 12
expect_json "slow producer: exactly 10 underruns, replayed data as the slots held it" "$J" \
	underruns=10 fresh=30 bad_periods=0

# 6. Free-running: the provider's timer releases a gate every 2 ms; the
# consumer keeps up; every loss would be counted.
stream --loopback --pace-us 2000 --periods 16 --period-bytes 1024 --count 300 --check
if [ $RC = 0 ]; then ok "paced capture: 300 periods, data checked"; else not_ok "paced capture: 300 periods" "exit $RC: $(cat /tmp/stream.err)"; fi
ov=$(jget "$J" overruns) ls=$(jget "$J" lost_seen)
if [ -n "$ov" ] && [ "$ov" = "$ls" ]; then ok "paced capture: overruns counted ($ov) = periods missing ($ls)"; else not_ok "paced capture: overruns = periods missing" "$J"; fi
diag "$J"
# 7. ... and a consumer slower than the device (5 ms a period at 1 ms a
# period): it must lose periods, and every loss must be counted.
stream --loopback --pace-us 1000 --periods 4 --period-bytes 256 --count 40 --check \
	--delay-us 5000
ov=$(jget "$J" overruns) ls=$(jget "$J" lost_seen)
if [ $RC = 0 ] && [ "${ov:-0}" -gt 0 ] && [ "$ov" -ge "$ls" ]; then
	ok "slow free-running consumer: $ov overruns counted, $ls periods missing"
else
	not_ok "slow free-running consumer: overruns counted" "exit $RC: $J"
fi

# 7b. A time limit: --duration-ms 300 at 1 ms a period stops the ring
# long before its 2000 periods, and the figures it prints are measured:
# latency p50 > 0, p99 >= p50, throughput > 0, xruns a number.
stream --loopback --pace-us 1000 --periods 16 --period-bytes 1024 --count 2000 \
	--duration-ms 300 --check
dl=$(jget "$J" delivered) p50=$(jget "$J" p50) p99=$(jget "$J" p99)
tp=$(jget "$J" throughput_MBps) xr=$(jget "$J" xruns) secs=$(jget "$J" seconds)
bad=
[ $RC = 0 ] || bad="$bad exit=$RC"
[ "${dl:-0}" -gt 0 ] && [ "$dl" -lt 2000 ] || bad="$bad delivered=$dl (0 < it < 2000)"
awk -v s="${secs:-0}" 'BEGIN { exit !(s >= 0.3) }' || bad="$bad seconds=$secs (>= 0.3)"
[ "${p50:-0}" -gt 0 ] || bad="$bad p50=$p50 (> 0)"
[ -n "$p99" ] && [ "$p99" -ge "${p50:-0}" ] || bad="$bad p99=$p99 (>= p50)"
awk -v t="${tp:-0}" 'BEGIN { exit !(t > 0) }' || bad="$bad throughput_MBps=$tp (> 0)"
case $xr in ''|*[!0-9]*) bad="$bad xruns=$xr (a number)" ;; esac
if [ -z "$bad" ]; then
	ok "--duration-ms 300: stopped by the time limit ($dl of 2000 periods), p50 $p50 ns, p99 $p99 ns, $tp MB/s, $xr xruns"
else
	not_ok "--duration-ms 300: stopped by the time limit, latency, throughput and xruns printed" "$bad: $J $(cat /tmp/stream.err)"
fi

# 8. What the ring refuses.
expect_fail "a 1-period ring is refused" dmastream stream --loopback --step --periods 1
expect_fail "--stall without --step is refused" dmastream stream --stall 3
expect_fail "--loopback without pacing is refused" dmastream stream --loopback
check "the channels work again after the rings (memcpy verified)" \
	dmastream memcpy --size 4096 --verify

# Bounce boot: a period's for_cpu sync is the bounce copy; skipping one
# shows the data of before (zeros in the first lap).
if ds_bounce; then
	P=/sys/module/dmastream_core/parameters
	s0=$(ds_stat skipped_for_cpu)
	echo 1 > $P/skip_cpu_sync
	stream --loopback --step --periods 8 --period-bytes 256 --count 40 --check
	s1=$(ds_stat skipped_for_cpu)
	if [ $RC = 3 ] && [ "$(jget "$J" first_bad)" = 0 ] && [ $((s1 - s0)) = 1 ]; then
		ok "bounce: one period's for_cpu sync skipped, the data check fails at that period"
	else
		not_ok "bounce: one skipped for_cpu sync fails the data check" "exit $RC, skipped $((s1 - s0)): $J $(cat /tmp/stream.err)"
	fi
	echo 0 > $P/skip_cpu_sync
	stream --loopback --step --periods 8 --period-bytes 256 --count 40 --check
	if [ $RC = 0 ]; then ok "bounce: passes again without the skip"; else not_ok "bounce: passes again without the skip" "exit $RC: $J"; fi
fi
ds_teardown
