# SPDX-License-Identifier: GPL-2.0
# In-guest benchmark (stack.mode=bench): the stock dmatest against upstream
# pl330, our dma330 and the software floor (dmafloor), loaded alternately in
# one boot, with identical parameters.  Run by /init through run_script, with
# lib.sh sourced.  Kernel command line knobs (all optional):
#   stack.bench=full|smoke      the matrix below, or one small cell per provider
#   stack.rounds=N              rounds (default 3 full, 1 smoke)
#   stack.providers=a,b,c       subset/order of upstream,ours,floor
#   stack.scale=N               multiply the iteration counts by N
#   stack.sizes= stack.ops= stack.polled= stack.channels=  override the
#                               matrix (comma-separated lists)
#   stack.benchdebug=1          show each run's kernel log lines
#   stack.polled8=1             also run polled mode with 8 channels
#   stack.nolatency=1           skip the dmastream latency runs
#   stack.latencyonly=1         only the dmastream latency runs
#   stack.round=N               number the rounds from N (one round per boot)
#   stack.bench=scale           dma330 alone with 64 virtual channels
#                               (nr_vchans=64) on its 8 threads: memcpy of
#                               stack.sizes (default 64) on 8 channels,
#                               then 64, the same number of transfers
#                               (stack.scale_total, default 4000); then the
#                               client latency (dmastream): idle (unpaced,
#                               1000 transfers) or with every other channel
#                               busy (paced, 200 transfers)
#                               (stack.scale_lat=0: not); paced:
#                               stack.scale_pace_ns (default 200000 in the
#                               scale runs: gates on every program, released
#                               that often)
#   stack.scale_noack=N         scale profile: instead, N no-ACK transfers
#                               (the conformance suite's spi_noack_stream):
#                               cost of the last 1000 vs the first 1000,
#                               memory growth
# Output, one line per dmatest run, parsed by tools/bench/parse:
#   @@BENCH provider op size channels threads polled round nthreads tests \
#           failures wall_ns iops_sum kbps_sum
#     nthreads  dmatest summary lines (threads that ran)
#     tests     sum of their test counts
#     wall_ns   guest time from writing dmatest's "run" to the last
#               thread's summary (printk timestamps)
#     iops_sum, kbps_sum  sums of dmatest's per-thread figures (x100 for iops)
#   @@BENCH-MISSING provider op size channels polled round reason
#   @@LAT provider size samples p50_ns p99_ns max_ns
#   @@SCALE provider memcpy-cpu|memcpy-paced size channels nthreads tests \
#           failures wall_ns min max  (cpu: dmatest's iops x100 per thread;
#           paced: nthreads = channels counted, tests = transfers in the
#           window, wall_ns = the window, min/max = a channel's fewest and
#           most transfers in it, from dma330's debugfs chan_completed)
#   @@SCALELAT provider size busy_channels samples p50_ns p99_ns max_ns
#   @@NOACK provider <spi_noack_stream's figures line>; dma330
#           descriptors allocated before/after: N/N
# and "# [k/N] ..." progress lines, which the host runner shows.

profile=full
scale=1
polled8=0
rounds=
providers="upstream ours floor"
for _a in $(cat /proc/cmdline); do
	case "$_a" in
	stack.bench=*) profile=${_a#stack.bench=} ;;
	stack.rounds=*) rounds=${_a#stack.rounds=} ;;
	stack.scale=*) scale=${_a#stack.scale=} ;;
	stack.providers=*) providers=$(echo "${_a#stack.providers=}" | tr ',' ' ') ;;
	stack.sizes=*) o_sizes=$(echo "${_a#*=}" | tr ',' ' ') ;;
	stack.ops=*) o_ops=$(echo "${_a#*=}" | tr ',' ' ') ;;
	stack.polled=*) o_polls=$(echo "${_a#*=}" | tr ',' ' ') ;;
	stack.channels=*) o_chans=$(echo "${_a#*=}" | tr ',' ' ') ;;
	stack.benchdebug=1) BENCH_DEBUG=1 ;;
	stack.polled8=1) polled8=1 ;;
	stack.nolatency=1) nolat=1 ;;
	stack.latencyonly=1) latonly=1 ;;
	stack.round=*) round0=${_a#stack.round=} ;;
	stack.scale_total=*) scale_total=${_a#*=} ;;
	stack.scale_lat=*) scale_lat=${_a#*=} ;;
	stack.scale_noack=*) scale_noack=${_a#*=} ;;
	stack.scale_pace_ns=*) scale_pace_ns=${_a#*=} ;;
	stack.scale_mode=*) scale_mode=${_a#*=} ;;
	stack.scale_window_ms=*) scale_window_ms=${_a#*=} ;;
	esac
done

# Iterations per size: each run lasts ~100 ms of guest time in icount mode
# (~17 us per 64 B iteration, ~1 ms per 1 MiB one).  icount figures repeat
# exactly, but a short window is biased by whatever periodic work (timer
# ticks, deferred work) happens to fall into it: with 30 ms windows the
# 1 MiB cell swung by 1.5% between providers from one image to the next,
# with 100 ms windows it stays within 0.1%.  stack.scale=N lengthens them
# for steadier real-time figures.  An icount boot must stay short (QEMU 7.2
# stalls this guest after a second or so of guest time), hence the host
# runs the matrix as one boot per size x variant x op (tools/bench/run-bench).
# 8-channel runs split the same total over the 8 threads.
if [ "$profile" = smoke ]; then
	: "${rounds:=1}"
	sizes="64"
	iters_for() { echo 1000; }
	ops="memcpy memset"
	polls="0"
	chans="1"
else
	: "${rounds:=3}"
	sizes="64 512 4096 65536 1048576"
	iters_for() {
		case "$1" in
		64) echo 5000 ;;
		512) echo 5000 ;;
		4096) echo 4000 ;;
		65536) echo 1000 ;;
		*) echo 100 ;;
		esac
	}
	ops="memcpy memset"
	polls="0 1"
	chans="1 8"
fi

sizes=${o_sizes:-$sizes} ops=${o_ops:-$ops} polls=${o_polls:-$polls} chans=${o_chans:-$chans}
[ "${latonly:-0}" = 1 ] && rounds=0

module_of() {
	case "$1" in
	upstream) echo "$MODDIR/upstream/pl330.ko" ;;
	ours) echo "$MODDIR/dma330.ko" ;;
	floor) echo "$MODDIR/tests/dmafloor.ko" ;;
	esac
}
modname_of() {
	case "$1" in
	upstream) echo pl330 ;;
	ours) echo dma330 ;;
	floor) echo dmafloor ;;
	esac
}
# Upstream pl330 has no DMA_MEMSET: its memset cells are not run.
does_op() {
	[ "$2" = memcpy ] || [ "$1" != upstream ]
}

nchan() { ls /sys/class/dma 2>/dev/null | grep -c chan; }
# The first N channels, in channel order, comma-separated.  Channels are
# named explicitly: with max_channels alone, dmatest takes one channel more
# from a provider that also has DMA_MEMSET (its memset pass adds one).
first_chans() {
	ls /sys/class/dma | grep chan | sed 's/\(.*chan\)\([0-9]*\)$/\2 \1\2/' |
		sort -n | head -n "$1" | awk '{ printf "%s%s", (NR > 1) ? "," : "", $2 }'
}

bench_dmatest() {
	B_RES=
	dmatest_setup "$@" || return 1	# (sets _p, the parameter directory)
	BENCH_SEQ=$((BENCH_SEQ + 1))
	_m0="bench-t0-$BENCH_SEQ-"
	_m1="bench-t1-$BENCH_SEQ-"
	echo "<6>$_m0" > /dev/kmsg
	echo 1 > $_p/run
	dmatest_wait "$_m0"
	echo "<6>$_m1" > /dev/kmsg
	rmmod dmatest
	dmesg | sed -n "/$_m0/,/$_m1/p" > /tmp/bench-run.log
	[ -n "${BENCH_DEBUG:-}" ] && cat /tmp/bench-run.log
	B_RES=$(awk -v m0="$_m0" -v m1="$_m1" '
		function ns(s) { gsub(/[][]/, "", s); split(s, a, "."); return a[1] * 1e9 + a[2] * 1e3 }
		index($0, m0) { t0 = ns($1 == "[" ? $2 : $1) }
		index($0, m1) { t1 = ns($1 == "[" ? $2 : $1) }
		/dmatest: .*summary/ {
			tl = ns($1 == "[" ? $2 : $1)
			for (i = 1; i < NF; i++) {
				if ($(i + 1) == "tests,") t += $i
				if ($(i + 1) == "failures") f += $i
				if ($(i + 1) == "iops") { split($i, a, "."); io += a[1] * 100 + a[2] }
				if ($(i + 1) == "KB/s") kb += $i
			}
			n++
		}
		END { if (n) printf "%d %d %d %d %d %.0f\n", n, t, f, io, kb, tl - t0 }' /tmp/bench-run.log)
	[ -n "$B_RES" ]
}

# Polled mode with several channels is off by default: a first full run
# stopped for good at upstream, 512 B, 8 channels, polled.  That was most
# likely QEMU's icount stall at ~1.24 s of guest time (found later, see
# tools/bench/run-bench), not polling; not re-tested.  stack.polled8=1 (or
# BENCH_VARIANTS='1:0 1:1 8:0 8:1') runs those cells.
skip_cell() { # channels polled
	[ "$1" -gt 1 ] && [ "$2" = 1 ] && [ "$polled8" != 1 ]
}

# Count the cells for the progress line.
total=0
for _r in $(seq "$rounds"); do
	for prov in $providers; do
		for op in $ops; do
			does_op "$prov" "$op" || continue
			for _s in $sizes; do for _c in $chans; do for _q in $polls; do
				skip_cell "$_c" "$_q" && continue
				total=$((total + 1))
			done; done; done
		done
	done
done
diag "bench: profile $profile, $rounds round(s), providers: $providers, $total runs"
diag "bench: kernel $(uname -r), cmdline: $(cat /proc/cmdline)"

# Marker timestamps come from dmesg: make it print them (printk.time).
_ptime=/sys/module/printk/parameters/time
_ptime_was=$(cat $_ptime 2>/dev/null || echo N)
echo Y > $_ptime

done_runs=0
progress() { diag "[$done_runs/$total] $*"; }

missing_cells() { # prov round reason
	for op in $ops; do
		does_op "$1" "$op" || continue
		for size in $sizes; do for ch in $chans; do for pol in $polls; do
			skip_cell "$ch" "$pol" && continue
			echo "@@BENCH-MISSING $1 $op $size $ch $pol $2 $3"
			done_runs=$((done_runs + 1))
		done; done; done
	done
}

run_cells() { # prov round
	for op in $ops; do
		does_op "$1" "$op" || continue
		dt=0
		[ "$op" = memset ] && dt=1
		for size in $sizes; do for ch in $chans; do for pol in $polls; do
			skip_cell "$ch" "$pol" && continue
			it=$(($(iters_for "$size") * scale))
			# 8 channels: 60% of the total, split over the threads
			# (thread start-up costs guest time too, and a boot
			# must stay under QEMU's icount stall).
			[ "$ch" -gt 1 ] && it=$((it * 6 / 10 / ch))
			pn=N
			[ "$pol" = 1 ] && pn=Y
			done_runs=$((done_runs + 1))
			# A discarded warm-up run first: work deferred by the
			# provider's load (RCU, workqueues, printk) must not fall
			# into the measured window of its first cell.
			# (Not in the smoke profile: it only checks that every
			# provider reports figures, and must stay short.)
			[ "$profile" = smoke ] ||
			bench_dmatest channel="$(first_chans "$ch")" threads_per_chan=1 \
				iterations=$(( it / 10 > 2 ? it / 10 : 2 )) test_buf_size="$size" \
				norandom=Y noverify=Y polled="$pn" dmatest="$dt" > /dev/null
			if bench_dmatest channel="$(first_chans "$ch")" threads_per_chan=1 \
				iterations="$it" test_buf_size="$size" norandom=Y \
				noverify=Y polled="$pn" dmatest="$dt"; then
				# nthreads tests failures iops100 kbps wall
				set -- "$1" "$2" $B_RES
				echo "@@BENCH $1 $op $size $ch 1 $pol $2 $3 $4 $5 $8 $6 $7"
				if [ "$5" != 0 ]; then
					not_ok "$1 $op $size B x$ch polled=$pol round $2: $5 failures"
				elif [ "$3" != "$ch" ]; then
					# fewer channels than asked: not comparable, not recorded
					echo "@@BENCH-MISSING $1 $op $size $ch $pol $2 only-$3-threads"
				fi
				progress "$1 $op ${size}B ch=$ch polled=$pol round $2: $4 tests in $8 ns; dmatest $(($6 / 100)) iops (sum of $3)"
			else
				echo "@@BENCH-MISSING $1 $op $size $ch $pol $2 no-dmatest-result"
				progress "$1 $op ${size}B ch=$ch polled=$pol round $2: no result"
				# a loaded provider that cannot run dmatest memcpy is a failure
				[ "$op" = memcpy ] && not_ok "$1 $op $size B x$ch polled=$pol round $2: dmatest gave no summary"
			fi
		done; done; done
	done
}

# Client-side latency through the dmastream CLI (64 B and 4 KiB), if built.
latency() { # prov
	if ! command -v dmastream > /dev/null || [ ! -f $MODDIR/dmastream.ko ]; then
		diag "latency $1: dmastream CLI or module not in the image: skipped"
		return 0
	fi
	if ! ds_insmod; then
		diag "latency $1: dmastream.ko does not load: skipped"
		return 0
	fi
	for size in 64 4096; do
		# bounded: a stuck transfer must not stall the whole benchmark
		_o=$(timeout 3 dmastream memcpy --size "$size" --iterations 1000 \
			--timeout-ms 100 --json 2>&1)
		# {"iterations":N,...,"latency_ns":{"p50":N,"p99":N,"max":N}}
		_l=$(echo "$_o" | tr -d ' ' | sed -n 's/.*"iterations":\([0-9]*\).*"latency_ns":{"p50":\([0-9]*\),"p99":\([0-9]*\),"max":\([0-9]*\)}.*/\1 \2 \3 \4/p' | tail -1)
		if [ -n "$_l" ]; then
			echo "@@LAT $1 $size $_l"
		else
			diag "latency $1 ${size}B: no latency_ns p50/p99/max in dmastream's output: $(echo "$_o" | tail -1)"
		fi
	done
	ds_rmmod
}

# dmastream memcpy latency: "samples p50 p99 max" (ns), or nothing.
client_lat() { # size [iterations]
	timeout 5 dmastream memcpy --size "$1" --iterations "${2:-1000}" \
		--timeout-ms 200 --json 2>&1 | tr -d ' ' |
		sed -n 's/.*"iterations":\([0-9]*\).*"latency_ns":{"p50":\([0-9]*\),"p99":\([0-9]*\),"max":\([0-9]*\)}.*/\1 \2 \3 \4/p' |
		tail -1
}

# Scale (issue 12): dma330 with 64 virtual channels on 8 threads.  The
# emulator runs a program inside the write that starts it, so unpaced
# nothing is ever in flight and a dmatest thread runs its transfers back to
# back: that measures the CPU side only ("cpu").  Paced ("paced"), every
# program first waits on a gate (dma330's test hook, debugfs) that a timer
# releases every stack.scale_pace_ns (default 200 us): the 8 hardware
# threads are then really all busy, 64 channels queue for them, and
# throughput and fairness are dma330's thread scheduling.
scale_dmatest() { # mode size channels
	it=$((scale_total / $3))
	bench_dmatest channel="$(first_chans "$3")" threads_per_chan=1 \
		iterations=$(( it / 10 > 2 ? it / 10 : 2 )) test_buf_size="$2" \
		norandom=Y noverify=Y polled=N dmatest=0 > /dev/null
	if ! bench_dmatest channel="$(first_chans "$3")" threads_per_chan=1 \
		iterations="$it" test_buf_size="$2" norandom=Y \
		noverify=Y polled=N dmatest=0; then
		diag "scale: $1 ${2} B x$3: no dmatest result"
		_bad=1
		return
	fi
	_mm=$(awk '/dmatest: .*summary/ {
		for (i = 1; i < NF; i++) if ($(i + 1) == "iops") {
			split($i, a, "."); v = a[1] * 100 + a[2]
			if (n++ == 0 || v < lo) lo = v
			if (v > hi) hi = v
		} } END { print lo + 0, hi + 0 }' /tmp/bench-run.log)
	set -- "$1" "$2" "$3" $B_RES
	echo "@@SCALE ours memcpy-$1 $2 $3 $4 $5 $6 $9 $_mm"
	[ "$4" = "$3" ] && [ "$6" = 0 ] || _bad=1
	diag "scale: $1 ${2} B x$3: $5 transfers in $9 ns, threads $4, per-thread iops x100 min/max $_mm"
}

# Gates on every program, released every $1 ns (0: off).
scale_pace() {
	_g=$(ls -d /sys/kernel/debug/dma330/*/ | head -1)
	if [ "$1" = 0 ]; then
		echo 0 > "$_g/pace_ns"
		echo -1 > "$_g/gate_event"
		return
	fi
	_ev=$(sed -n 's/^first_free_event: //p' "$_g/stats")
	echo 1048576 > "$_g/gate_every"
	echo "$_ev" > "$_g/gate_event"
	echo "$1" > "$_g/pace_ns"
}

# Free channels of dma330 now (not in use by a client).
free_chans() {
	_n=0
	for _u in /sys/class/dma/dma*chan*/in_use; do
		read -r _v < "$_u"
		[ "$_v" = 0 ] && _n=$((_n + 1))
	done
	echo $_n
}

# Paced, a fixed window: every channel's dmatest thread runs (iterations
# without end); once all have started (dmatest starts, and later stops,
# its threads one by one: 64 of them take tens of ms), dma330's count of
# completed descriptors per channel (debugfs chan_completed) is read at
# the start and at the end of stack.scale_window_ms of guest time
# (default 200).  Aggregate = transfers in the window / window, fairness =
# the fewest transfers of a channel in the window over the most.  Failures
# are dmatest's, except 'test timed out' and 'completion busy status'
# after the window: dmatest's stop interrupts a thread waiting for its
# callback and counts that (or, when the callback comes between its status
# read and its check, the status it read first); a transfer really lost
# would leave its channel out of the window's counts.  Ungated for the stop, 63 busy threads starve the stopping
# shell past QEMU's icount stall.
scale_window() { # size channels
	_sz=$1 _ch=$2
	_g=$(ls -d /sys/kernel/debug/dma330/*/ | head -1)
	dmatest_setup channel="$(first_chans "$2")" threads_per_chan=1 \
		iterations=100000000 test_buf_size="$1" norandom=Y noverify=Y \
		polled=N dmatest=0 || { _bad=1; return; }
	BENCH_SEQ=$((BENCH_SEQ + 1))
	_m0="scale-t0-$BENCH_SEQ-"
	_m1="scale-t1-$BENCH_SEQ-"
	echo 1 > $_p/run
	nap 0.06
	echo "<6>$_m0" > /dev/kmsg
	cat "$_g/chan_completed" > /tmp/scale-c0
	nap "0.${scale_window_ms:-200}"
	echo "<6>$_m1" > /dev/kmsg
	cat "$_g/chan_completed" > /tmp/scale-c1
	echo 0 > $_p/run
	dmatest_wait "$_m0" > /dev/null
	rmmod dmatest
	_w=$(first_chans "$2")
	_c=$(awk -v want="$_w" '
		BEGIN { n = split(want, a, ","); for (i = 1; i <= n; i++) used[a[i]] = 1 }
		FNR == NR { c0[$1] = $2; next }
		($1 in used) { v = $2 - c0[$1]; t += v; k++
			if (k == 1 || v < lo) lo = v
			if (v > hi) hi = v }
		END { printf "%d %d %d %d\n", k, t, lo, hi }' /tmp/scale-c0 /tmp/scale-c1)
	diag "scale: paced ${_sz} B x$_ch: each channel's transfers in the window, sorted: $(awk -v want="$_w" '
		BEGIN { n = split(want, a, ","); for (i = 1; i <= n; i++) used[a[i]] = 1 }
		FNR == NR { c0[$1] = $2; next }
		($1 in used) { print $2 - c0[$1] }' /tmp/scale-c0 /tmp/scale-c1 | sort -n | tr '\n' ' ')"
	_r=$(dmesg | sed -n "/$_m0/,\$p" | awk -v m0="$_m0" -v m1="$_m1" '
		function ns(s) { gsub(/[][]/, "", s); split(s, a, "."); return a[1] * 1e9 + a[2] * 1e3 }
		index($0, m0) { t0 = ns($1 == "[" ? $2 : $1) }
		index($0, m1) { t1 = ns($1 == "[" ? $2 : $1) }
		/dmatest: .*: result #/ && !(t1 && /test timed out|completion busy status/) { f++ }
		END { printf "%d %.0f\n", f, t1 - t0 }')
	set -- $_c $_r
	_k=$1 _t=$2 _lo=$3 _hi=$4 _f=$5 _ns=$6
	set -- "$_sz" "$_ch" $_k $_t $_f $_ns $_lo $_hi
	echo "@@SCALE ours memcpy-paced $1 $2 $3 $4 $5 $6 $7 $8"
	[ "$3" = "$2" ] && [ "$5" = 0 ] || _bad=1
	diag "scale: paced ${1} B x$2: $4 transfers in $6 ns, threads $3, per-channel transfers min/max $7 $8"
}

scale_run() {
	: "${scale_total:=4000}"
	plan 1
	# Built in (the in-tree build, on the kernel's virt-dma): boot with
	# dma330.nr_vchans=64 instead.
	_builtin=0
	[ -d /sys/bus/amba/drivers/dma330 ] && [ ! -e /sys/module/dma330/initstate ] &&
		_builtin=1
	if [ $_builtin = 0 ] && ! insmod "$MODDIR/dma330.ko" nr_vchans=64; then
		not_ok "scale: dma330 loads with nr_vchans=64"
		return 0
	fi
	diag "bench scale: dma330 $([ $_builtin = 1 ] && echo built in || echo loaded) ($(nchan) channels)"
	_bad=0
	for size in ${o_sizes:-64}; do
		for ch in ${o_chans:-8 64}; do
			case "${scale_mode:-cpu}" in
			cpu) scale_dmatest cpu "$size" "$ch" ;;
			paced)
				scale_pace "${scale_pace_ns:-200000}"
				scale_window "$size" "$ch"
				scale_pace 0 ;;
			esac
		done
	done
	# (the client is two modules: ds_insmod loads dmastream_core first)
	if [ "${scale_lat:-0}" = 1 ] && { ! command -v dmastream > /dev/null ||
	   { [ $_builtin = 0 ] && ! ds_insmod; }; }; then
		diag "scale: client latency asked for, but the dmastream client does not load"
		_bad=1
	elif [ "${scale_lat:-0}" = 1 ]; then
		for size in ${o_sizes:-64}; do
			# Unpaced: idle only.  Busy unpaced, nothing is in flight
			# (programs end inside DMAGO's write) and 61 CPU-bound
			# dmatest threads starve the client past QEMU's icount
			# stall; paced (all threads really busy): busy only.
			if [ "${scale_pace_ns:-0}" = 0 ]; then
				_l=$(client_lat "$size")
				if [ -n "$_l" ]; then
					echo "@@SCALELAT ours $size 0 $_l"
				else
					diag "scale: no client latency idle"
					_bad=1
				fi
				continue
			fi
			# every free channel but one kept busy by dmatest (the
			# client's slave channels hold two), the client on the last
			_busy=$(($(free_chans) - 1))
			dmatest_setup device=f8003000.dma-controller chans=$_busy threads_per_chan=1 \
				iterations=100000000 test_buf_size="$size" norandom=Y \
				noverify=Y polled=N dmatest=0 || { _bad=1; continue; }
			scale_pace "$scale_pace_ns"
			echo 1 > $_p/run
			nap 0.02
			# each transfer queues behind the busy channels: fewer
			# samples, so the boot stays short (icount)
			_l=$(client_lat "$size" 200)
			echo 0 > $_p/run
			scale_pace 0
			rmmod dmatest
			if [ -n "$_l" ]; then
				echo "@@SCALELAT ours $size $_busy $_l"
				diag "scale: client latency ${size} B with $_busy channels busy: samples p50 p99 max (ns) $_l"
			else
				diag "scale: no client latency with $_busy channels busy"
				_bad=1
			fi
		done
		[ $_builtin = 1 ] || ds_rmmod
	fi
	if { [ $_builtin = 1 ] || rmmod dma330; } && [ $_bad = 0 ]; then
		ok "scale: dma330 with 64 virtual channels: every run reported"
	else
		not_ok "scale: dma330 with 64 virtual channels: every run reported"
	fi
}

# N no-ACK transfers through the conformance suite's SPI-style stream.
noack_run() {
	plan 1
	insmod "$MODDIR/dma330.ko" || { not_ok "noack: dma330 loads"; return 0; }
	# One insmod blocks for the whole stream: no hung-task report for it.
	echo 0 > /proc/sys/kernel/hung_task_timeout_secs 2>/dev/null
	_r=/sys/kernel/debug/kunit/dma_conformance/results
	# dma330's own count of live descriptors (pools included): exact,
	# where the suite's memory figures carry the rest of the kernel's.
	_st=$(ls -d /sys/kernel/debug/dma330/*/ | head -1)stats
	_d0=$(sed -n 's/^descs: //p' "$_st")
	if insmod $MODDIR/tests/dma_conformance.ko provider=dma330 \
		only=spi_noack_stream msgs="$scale_noack"; then
		_d1=$(sed -n 's/^descs: //p' "$_st")
		sed -n 's/^.*# spi_noack_stream: \([0-9]* messages.*\)$/@@NOACK ours \1/p' $_r |
			sed "s/\$/; dma330 descriptors allocated before\/after: $_d0\/$_d1/"
		if grep -q '^[ \t]*ok [0-9]* spi_noack_stream' $_r; then
			ok "noack: $scale_noack no-ACK transfers: cost and memory flat"
		else
			sed 's/^/#   /' $_r
			not_ok "noack: $scale_noack no-ACK transfers: cost and memory flat"
		fi
		rmmod dma_conformance
	else
		not_ok "noack: dma_conformance loads"
	fi
	rmmod dma330
}

if [ "$profile" = scale ]; then
	echo Y > /sys/module/printk/parameters/time
	if [ -n "${scale_noack:-}" ]; then
		noack_run
	else
		scale_run
	fi
	echo "@@BENCH-END"
	return 0 2>/dev/null || exit 0
fi

# One result a provider a round (a failed dmatest run adds its own).
set -- $providers
plan $((rounds * $#))
for round in $(seq "${round0:-1}" $((${round0:-1} + rounds - 1))); do
	for prov in $providers; do
		ko=$(module_of "$prov")
		mod=$(modname_of "$prov")
		if [ ! -f "$ko" ]; then
			skip "$prov round $round" "$(basename "$ko") is not in the image"
			missing_cells "$prov" "$round" module-not-in-image
			continue
		fi
		if ! insmod "$ko"; then
			skip "$prov round $round" "insmod $(basename "$ko") failed"
			missing_cells "$prov" "$round" insmod-failed
			continue
		fi
		n=$(nchan)
		if [ "$n" -lt 1 ]; then
			skip "$prov round $round" "no dmaengine channel registered"
			rmmod "$mod"
			missing_cells "$prov" "$round" no-channels
			continue
		fi
		diag "bench: $prov loaded ($n channels)"
		run_cells "$prov" "$round"
		if rmmod "$mod"; then
			ok "$prov round $round: loaded, benchmarked, unloaded"
		else
			not_ok "$prov round $round: rmmod $mod"
		fi
	done
done
# Latency last, one provider loaded at a time, so that a misbehaving client
# run cannot cost the dmatest figures.
if [ "$profile" = full ] && [ "${nolat:-0}" != 1 ]; then
	for prov in $providers; do
		ko=$(module_of "$prov")
		[ -f "$ko" ] && insmod "$ko" 2>/dev/null || continue
		latency "$prov"
		rmmod "$(modname_of "$prov")"
	done
fi
echo "$_ptime_was" > $_ptime
echo "@@BENCH-END"
