# SPDX-License-Identifier: GPL-2.0
# Stock dmatest against dma330: every dmatest thread's summary line is one
# test result.  Works on r1p1 and forced r0p0 boots and with the bounce pool.
dbg=/sys/kernel/debug/dma330/f8003000.dma-controller
dev=f8003000.dma-controller

dma_api_errors() { cat /sys/kernel/debug/dma-api/error_count 2>/dev/null || echo 0; }
bounce=0
case "$(cat /proc/cmdline)" in *stack.boot=bounce*) bounce=1 ;; esac
# (also when booted by hand with the bounce dtb and no stack.boot=)
[ -e /sys/bus/amba/devices/$dev/of_node/memory-region ] && bounce=1
# Smaller runs: the bounce pool is 4 MiB; the paced rig moves a few MB/s
# of host time (every beat emulated one at a time, with 32 threads at once).
small=$bounce
paced_rig && small=1
if [ $small = 1 ]; then threads=2; else threads=4; fi
# Each dmatest run below: one result per thread, the thread count, the
# total.  The ten runs have 8T, 8, 4, 8, 8T, 8, 16, 4, 1 and 1 threads
# (T threads per channel): 70 + 16 T; and load, unload, DMA-API errors.
plan $((73 + 16 * threads))
errs0=$(dma_api_errors)
check "dma330 loads" insmod $MODDIR/dma330.ko || exit 0
rev=$(awk '/^revision:/ { print $2 }' $dbg/stats)
diag "controller revision: $rev"

# dmatest NAME PARAMS...: one dmatest run (lib.sh); each summary line a result.
dmatest() {
	_name=$1
	shift
	read -r _t0 _ < /proc/uptime
	_out=$(dmatest_run device=$dev timeout=30000 "$@")
	read -r _t1 _ < /proc/uptime
	_secs=$(( ${_t1%.*} - ${_t0%.*} ))
	_lines=$(echo "$_out" | grep 'dmatest: .*summary')
	if [ -z "$_lines" ]; then
		not_ok "$_name: dmatest produced no summary"
		echo "$_out" | tail -20 | sed 's/^/# /'
		return 1
	fi
	# One awk for all summary lines ("THREAD TESTS FAILURES", "? ? ?" for a
	# line that does not parse); the loop runs on shell builtins only.
	_tests=0
	_fails=0
	_threads=0
	_parsed=$(echo "$_lines" | awk '{
		if (match($0, /dmatest: [^:]*: summary [0-9]+ tests, [0-9]+ failures/)) {
			split(substr($0, RSTART, RLENGTH), w, /[: ,]+/)
			print w[2], w[4], w[6]
		} else
			print "?", "?", "?"
	}')
	while read -r _thr _t _f; do
		_threads=$((_threads + 1))
		if [ "$_f" = 0 ] && [ "$_t" != "?" ] && [ "$_t" -gt 0 ]; then
			ok "$_name: $_thr: $_t tests, 0 failures"
			_tests=$((_tests + _t))
			continue
		fi
		not_ok "$_name: $_thr: $_t tests, $_f failures"
		[ "$_t" = "?" ] || _tests=$((_tests + _t))
		if [ "$_f" = "?" ]; then _fails=$((_fails + 1)); else _fails=$((_fails + _f)); fi
	done <<EOF
$_parsed
EOF
	diag "$_name: $_threads threads, $_tests tests, $_fails failures in ${_secs}s"
	# chans=N x threads_per_chan=T: exactly N x T threads must report.
	_c=0 _tpc=1
	for _kv in "$@"; do
		case "$_kv" in
		chans=*) _c=${_kv#chans=} ;;
		threads_per_chan=*) _tpc=${_kv#threads_per_chan=} ;;
		esac
	done
	if [ "$_c" -gt 0 ]; then
		if [ "$_threads" = $((_c * _tpc)) ]; then ok "$_name: $_threads threads ran ($_c channels x $_tpc)"
		else not_ok "$_name: $((_c * _tpc)) threads ran" "$_threads summaries"; fi
	fi
	if [ "$_fails" = 0 ] && [ "$_tests" -gt 0 ]; then ok "$_name: $_tests tests, 0 failures"
	else not_ok "$_name: $_tests tests, $_fails failures"; fi
	echo "$_out" | grep 'dmatest: .*result' | sed 's/^/# /'
}

if [ $small = 1 ]; then
	# 4 MiB restricted pool: keep every thread's buffers inside it, and
	# one mapping within swiotlb's largest (128 slots of 2 KiB).
	big=65536
	huge=262144
else
	big=1048576
	huge=4194304
fi
# QEMU runs a whole transfer inside the register write that starts it
# (~0.4 s a MiB at the byte-wide beats of a misaligned copy, one at a
# time): one iteration a thread at the big sizes
# keeps each run short; the 30-s per-transfer timeout covers a thread
# queued behind all the others.
dmatest "memcpy random <= $big, 8 ch x $threads thr, irq" \
	chans=8 threads_per_chan=$threads iterations=1 test_buf_size=$big
dmatest "memset random <= $big, 8 ch x 1 thr, irq" \
	dmatest=1 chans=8 threads_per_chan=1 iterations=1 test_buf_size=$big
dmatest "memcpy random <= $big, 4 ch x 1 thr, polled" \
	polled=1 chans=4 threads_per_chan=1 iterations=1 test_buf_size=$big
# Polled runs: one thread per channel.  In polled mode dmatest calls
# dmaengine_terminate_sync() after each wait, which aborts whatever other
# threads have queued on the same channel (seen on the slow debug kernel).
dmatest "memset random <= 65536, 8 ch x 1 thr, polled" \
	dmatest=1 polled=1 chans=8 threads_per_chan=1 iterations=10 test_buf_size=65536
dmatest "memcpy 4097 bytes, 8 ch x $threads thr" \
	chans=8 threads_per_chan=$threads iterations=20 test_buf_size=16384 transfer_size=4097
dmatest "memset 4097 bytes, 8 ch x 1 thr, polled" \
	dmatest=1 polled=1 chans=8 threads_per_chan=1 iterations=40 test_buf_size=16384 transfer_size=4097
dmatest "memcpy 1 byte, 8 ch x 2 thr" \
	chans=8 threads_per_chan=2 iterations=50 test_buf_size=4096 transfer_size=1
dmatest "memset 1 byte, 4 ch x 1 thr, polled" \
	dmatest=1 polled=1 chans=4 threads_per_chan=1 iterations=50 test_buf_size=4096 transfer_size=1
dmatest "memcpy $((huge - 1)) bytes, 1 ch x 1 thr" \
	chans=1 threads_per_chan=1 iterations=1 test_buf_size=$huge transfer_size=$((huge - 1))
dmatest "memset $((huge - 1)) bytes, 1 ch x 1 thr" \
	dmatest=1 chans=1 threads_per_chan=1 iterations=1 test_buf_size=$huge transfer_size=$((huge - 1))

sed 's/^/# /' $dbg/stats
check "dma330 unloads" rmmod dma330
errs1=$(dma_api_errors)
if [ "$errs1" = "$errs0" ]; then ok "DMA-API error_count unchanged ($errs1)"
else not_ok "DMA-API error_count unchanged" "$errs0 -> $errs1"; fi
