# SPDX-License-Identifier: GPL-2.0
# Guest test library: KTAP output for the host runner.  Scripts run in a
# subshell with this file sourced; counters live in /tmp so they survive it.
#   plan N | ok DESC | not_ok DESC [REASON] | skip DESC REASON | diag TEXT
#   check DESC CMD...   ok iff CMD exits 0 (its output is shown on failure)
#   kunit_run MODULE.ko [PARAMS]   insmod a KUnit module, report its suites
#
# The document (what tools/qemu/ktap-count reads): /init opens it with
# "KTAP version 1" and the number of scripts it will run; each script is a
# subtest block (indented 4) with its own plan and numbering, closed by the
# script's summary line; a KUnit suite is a block inside its script's.
KTAP_NUM=/tmp/ktap.num
KTAP_FAILED=/tmp/ktap.failed
KTAP_PLAN=/tmp/ktap.plan
KTAP_TOP=/tmp/ktap.top
MODDIR=/opt/stack/modules
[ -f $KTAP_NUM ] || echo 0 > $KTAP_NUM
[ -f $KTAP_FAILED ] || echo 0 > $KTAP_FAILED
[ -f $KTAP_TOP ] || echo 0 > $KTAP_TOP
TEST_NAME=${TEST_NAME:-init}
# Indent of the current script's results (a block inside the document).
KI="    "

# nap SECONDS: sleep without a fork (a read that times out on a FIFO no
# one writes to; fractions allowed).
NAP_FIFO=/tmp/.nap
[ -p $NAP_FIFO ] || mkfifo $NAP_FIFO
nap() { read -r -t "$1" _ <> $NAP_FIFO; return 0; }

# ktap_begin N: the document, which will hold N scripts' blocks.
ktap_begin() { echo "KTAP version 1"; echo "1..$1"; }
# Sets $_n to the next test number.  Builtins only: a fork costs ~10 ms in
# the emulated guest, and some scripts report hundreds of results.
_ktap_next() {
	read -r _n < $KTAP_NUM
	_n=$((_n + 1))
	echo $_n > $KTAP_NUM
}
diag() { echo "$KI# $*"; }
# plan N: the script will print N results (each ok/not_ok/skip/check/
# expect_fail is one; kunit_run is one per KUnit suite of the module).
# Declared before the first result; a script that prints more or fewer
# fails, here and (independently) on the host.
plan() {
	echo "$1" > $KTAP_PLAN
	echo "${KI}1..$1"
}
ok() { _ktap_next; echo "${KI}ok $_n $TEST_NAME: $1"; }
not_ok() {
	_ktap_next
	echo "${KI}not ok $_n $TEST_NAME: $1"
	[ -n "${2:-}" ] && diag "$2"
	read -r _f < $KTAP_FAILED
	echo $((_f + 1)) > $KTAP_FAILED
	return 1
}
# skip DESC REASON: not run, for REASON.  Every skip must be one the boot
# expects (tests/skips.list): any other fails the run on the host.
skip() { _ktap_next; echo "${KI}ok $_n $TEST_NAME: $1 # SKIP ${2:-}"; }
# pl330_quiet: the PL330 (0xf8003000 on this board) has no event
# signalled, no interrupt enabled and no fault: what a driver must leave
# behind at removal (upstream pl330 trusts every signalled event to be its
# own and oopses in its interrupt handler on one it did not allocate).
pl330_quiet() {
	_q=
	for _r in 020:INTEN 024:EVENT_RIS 030:FSRDMGR 034:FSRC; do
		_v=$(devmem $((0xf8003000 + 0x${_r%%:*})) 32)
		[ $((_v)) = 0 ] || _q="$_q ${_r#*:}=$_v"
	done
	[ -z "$_q" ] || { echo "left behind:$_q"; return 1; }
}

check() {
	_desc=$1
	shift
	_out=$("$@" 2>&1)
	_rc=$?
	if [ $_rc -eq 0 ]; then
		ok "$_desc"
	else
		not_ok "$_desc" "'$*' exited $_rc"
		echo "$_out" | tail -25 | sed "s/^/$KI# /"
	fi
	return $_rc
}

# expect_fail DESC CMD...: ok iff CMD exits non-zero (a test that must fail).
expect_fail() {
	_desc=$1
	shift
	if _out=$("$@" 2>&1); then
		not_ok "$_desc" "'$*' succeeded but must fail"
		echo "$_out" | tail -10 | sed "s/^/$KI# /"
		return 1
	fi
	ok "$_desc"
}

# kunit_run MODULE.ko [PARAMS]: every suite the module registers becomes a
# block inside the script's (KUnit's own plan and results, from debugfs),
# closed by one result of the script; then the module is removed.
kunit_run() {
	_ko=$1
	shift
	_mod=$(basename "$_ko" .ko)
	_before=$(ls /sys/kernel/debug/kunit 2>/dev/null)
	if ! insmod "$_ko" "$@"; then
		not_ok "$_mod: insmod"
		return 1
	fi
	_any=0
	for _s in $(ls /sys/kernel/debug/kunit 2>/dev/null); do
		echo "$_before" | grep -qx "$_s" && continue
		_any=1
		_r=/sys/kernel/debug/kunit/$_s/results
		# The file is a KTAP document of its own: "KTAP version 1",
		# "1..1", the suite's block (indented), "ok 1 SUITE".  Its
		# block goes one level inside ours; its verdict closes it.
		sed '1,2d; $d; s/^/    /' "$_r" | sed "s/^/$KI/"
		if tail -n 1 "$_r" | grep -q '^ok 1 ' && ! grep -q '^[ \t]*not ok' "$_r"; then
			ok "$_mod/$_s"
		else
			not_ok "$_mod/$_s"
		fi
	done
	[ $_any = 1 ] || not_ok "$_mod: registered no KUnit suite"
	# KUNIT_BEFORE_RMMOD: a command that reads what the module leaves
	# (debugfs) before it goes
	[ -n "$KUNIT_BEFORE_RMMOD" ] && $KUNIT_BEFORE_RMMOD
	rmmod "$_mod" || not_ok "$_mod: rmmod"
}

# run_script FILE: one test script, in a subshell, named after its file:
# a block of the document, closed by the script's verdict (not ok when a
# result failed, or when it printed other than the plan it declared).
run_script() {
	_name=${1##*/}
	_name=${_name%.sh}
	echo 0 > $KTAP_NUM
	echo -1 > $KTAP_PLAN
	read -r _f0 < $KTAP_FAILED
	echo "$KI# ---- $_name"
	echo "${KI}KTAP version 1"
	echo "$KI# Subtest: $_name"
	read -r _t0 _ < /proc/uptime
	(TEST_NAME=$_name; . "$1")
	read -r _t1 _ < /proc/uptime
	# uptime has two decimals: centiseconds, builtins only ("1" before
	# the decimals: "08" would be read as octal)
	_cs=$(( (${_t1%.*} - ${_t0%.*}) * 100 + 1${_t1#*.} - 1${_t0#*.} ))
	diag "$_name took $((_cs / 100)).$((_cs % 100 / 10)) s"
	read -r _cnt < $KTAP_NUM
	read -r _pl < $KTAP_PLAN
	read -r _f1 < $KTAP_FAILED
	_why=
	if [ "$_pl" = -1 ]; then
		_why="declared no plan ($_cnt results)"
	elif [ "$_cnt" != "$_pl" ]; then
		_why="planned $_pl results, printed $_cnt"
	fi
	read -r _top < $KTAP_TOP
	_top=$((_top + 1))
	echo $_top > $KTAP_TOP
	if [ -n "$_why" ]; then
		echo "$KI# $_name: $_why"
		echo $((_f1 + 1)) > $KTAP_FAILED
		echo "not ok $_top $_name # $_why"
	elif [ "$_f1" != "$_f0" ]; then
		echo "not ok $_top $_name"
	else
		echo "ok $_top $_name"
	fi
}

# Global checks after every run, as the document's last block "final": no
# DMA-API debug error, no WARN taint, no leak on a debug kernel.
final_checks() {
	ktap_final() {
		plan $((2 + $([ -w /sys/kernel/debug/kmemleak ] && echo 1 || echo 0)))
		_e=$(cat /sys/kernel/debug/dma-api/error_count 2>/dev/null || echo missing)
		if [ "$_e" = 0 ]; then
			ok "DMA-API debug: 0 errors"
		elif [ "$_e" = missing ] && [ ! -d /sys/kernel/debug/dma-api ]; then
			# (a distribution kernel: tests/skips.list must expect it)
			skip "DMA-API debug: 0 errors" "this kernel has no DMA-API debugging"
		else
			not_ok "DMA-API debug: 0 errors" "error_count is $_e"
		fi
		# Debug kernels: one leak scan at the end decides (scanned
		# twice: an object must look unreferenced in two scans to be
		# reported).
		if [ -w /sys/kernel/debug/kmemleak ]; then
			sleep 6
			echo scan > /sys/kernel/debug/kmemleak
			sleep 6
			echo scan > /sys/kernel/debug/kmemleak
			_leaks=$(grep -c 'unreferenced object' /sys/kernel/debug/kmemleak)
			if [ "$_leaks" = 0 ]; then
				ok "kmemleak: no leaks"
			else
				not_ok "kmemleak: no leaks" "$_leaks unreferenced objects"
				head -40 /sys/kernel/debug/kmemleak | sed "s/^/$KI# /"
			fi
		fi
		_t=$(cat /proc/sys/kernel/tainted)
		if [ $(( _t & 512 )) -eq 0 ]; then
			ok "kernel not tainted by a WARN (tainted=$_t)"
		else
			not_ok "kernel not tainted by a WARN" "tainted=$_t"
		fi
	}
	echo 'ktap_final' > /tmp/final.sh
	run_script /tmp/final.sh
}

# dmatest_wait MARK: wait, bounded (120 s), until every dmatest thread
# started after the kernel-log line MARK has printed its summary; DT_LOG is
# then dmatest's lines since MARK, without timestamps.  dmatest's "wait"
# returns at once while threads are still pending (woken, not yet run):
# hence the loop.  Few forks: each costs ~10 ms in the emulated guest.
dmatest_wait() {
	_w=0
	while :; do
		# (a short nap first lets the woken threads start)
		if [ $_w = 0 ]; then nap 0.02; else nap 0.1; fi
		read -r _ < /sys/module/dmatest/parameters/wait
		DT_LOG=$(dmesg | sed -n "/$1/,\$s/^.*\(dmatest: \)/\1/p")
		_started=0
		_done=0
		while IFS= read -r _l; do
			case "$_l" in
			"dmatest: Started "*)
				_l=${_l#dmatest: Started }
				_started=$((_started + ${_l%% *})) ;;
			"dmatest: "*": summary "*) _done=$((_done + 1)) ;;
			esac
		done <<EOF
$DT_LOG
EOF
		[ $_done -ge $_started ] && return 0
		[ $_w -ge 1200 ] && break
		_w=$((_w + 1))
	done
	diag "dmatest: $_done of $_started threads finished within 120 s"
	return 1
}

# dmatest_chans N DEVICE: the names of DEVICE's first N free channels
# (in_use 0: a client's channel cannot be given to dmatest),
# comma-separated; fails if DEVICE has fewer.  Builtins only.
dmatest_chans() {
	set -- "$1" /sys/bus/*/devices/"$2"/dma/dma*chan0
	[ -e "$2" ] || return 1
	_pre=${2%0}
	_i=0
	_k=0
	_l=
	while [ $_k -lt "$1" ] && [ -e "$_pre$_i" ]; do
		read -r _u < "$_pre$_i/in_use"
		if [ "$_u" = 0 ]; then
			_l=$_l${_l:+,}${_pre##*/}$_i
			_k=$((_k + 1))
		fi
		_i=$((_i + 1))
	done
	echo "$_l"
	[ $_k = "$1" ]
}

# dmatest_setup KEY=VALUE...: load the kernel's stock dmatest module with
# these parameters and its threads added, ready for "echo 1 > run".  KEYs
# are its parameters (device, threads_per_chan, max_channels, iterations
# (default 1), test_buf_size, transfer_size, norandom, noverify, polled,
# alignment, timeout, dmatest: 0 memcpy 1 memset), and
#   channel=A,B,...   exactly these channels;
#   chans=N           exactly the first N free channels of "device" (which
#                     must come first).
# Without either, "run" takes channels by max_channels (plus one more for
# dmatest's memset pass on a provider with DMA_MEMSET).  Never "run=1" at
# insmod: dmatest then starts twice (from the parameter and from its
# init), on two sets of channels.
dmatest_setup() {
	_p=/sys/module/dmatest/parameters
	insmod $MODDIR/upstream/dmatest.ko iterations=1 || return 1
	# Writing "channel" adds that channel's threads with the parameters
	# set so far: channels go last, one write each.
	_chan=
	_dev=
	for _kv in device= threads_per_chan=1 max_channels=0 \
		test_buf_size=16384 transfer_size=0 norandom=N noverify=N \
		polled=N alignment=-1 dmatest=0 timeout=5000 verbose=N "$@"; do
		case "$_kv" in
		channel=*) _chan=${_kv#channel=}; continue ;;
		chans=*)
			_chan=$(dmatest_chans "${_kv#chans=}" "$_dev") ||
				{ echo "dmatest: fewer than ${_kv#chans=} free channels of '$_dev'"; rmmod dmatest; return 1; }
			continue ;;
		device=*) _dev=${_kv#device=} ;;
		esac
		echo "${_kv#*=}" > "$_p/${_kv%%=*}" || { rmmod dmatest; return 1; }
	done
	_IFS=$IFS
	IFS=,
	for _c in $_chan; do
		echo "$_c" > $_p/channel || { IFS=$_IFS; rmmod dmatest; return 1; }
	done
	IFS=$_IFS
}

# dmatest_run KEY=VALUE...: one dmatest run (parameters: dmatest_setup).
# Prints the summary lines, then any failed-transfer lines; fails unless
# every thread reported "0 failures".
dmatest_run() {
	dmatest_setup "$@" || return 1
	# A mark unique to this run, also when called in $(...) subshells
	# (which neither keep a counter nor get a fresh $RANDOM).
	read -r _up _ < /proc/uptime
	_mark="stack-dmatest-mark-${_up%.*}-${_up#*.}"
	echo "$_mark" > /dev/kmsg
	echo 1 > $_p/run
	dmatest_wait "$_mark"
	rmmod dmatest
	_nsum=0
	_rc=0
	_res=
	while IFS= read -r _l; do
		case "$_l" in
		*": summary "*" 0 failures "*) echo "$_l"; _nsum=$((_nsum + 1)) ;;
		*": summary "*) echo "$_l"; _nsum=$((_nsum + 1)); _rc=1 ;;
		*": result "*) _res="$_res$_l
" ;;
		esac
	done <<EOF
$DT_LOG
EOF
	[ -n "$_res" ] && printf '%s' "$_res"
	[ $_nsum -gt 0 ] && [ $_rc = 0 ]
}

# Bounce mode is what the DT says: a memory-region (restricted-dma-pool) on
# the PL330 node.
bounce_mode() {
	[ -e /proc/device-tree/axi/dma-controller@f8003000/memory-region ]
}

# The paced rig (tools/qemu/build-paced, stack.boot=paced): programs run
# after DMAGO and UART0 drives PL330 request lines 0 (TX) and 1 (RX).
paced_rig() { grep -q 'stack.boot=paced' /proc/cmdline; }

# First of the two request lines the provider's KUnit slave cases may
# claim for a memory "FIFO": on the paced rig lines 0 and 1 are UART0's
# real requests, so the cases move to lines 2 and 3, which nothing drives.
test_periph_base() { if paced_rig; then echo 2; else echo 0; fi; }


# ds_insmod [PARAMS]: the client library (dmastream_core) if not loaded
# yet, then its host module dmastream (DT client binding, /dev/dmastream),
# which gets PARAMS.  ds_rmmod: both.
ds_insmod() {
	grep -q '^dmastream_core ' /proc/modules ||
		insmod $MODDIR/dmastream_core.ko || return 1
	insmod $MODDIR/dmastream.ko "$@"
}
ds_rmmod() { rmmod dmastream && rmmod dmastream_core; }
# Client tests: our provider and the client (PARAMS go to dmastream).
# Never falls back to another provider: dma330 failing to load is a failure.
ds_setup() {
	if ! grep -q '^dma330 ' /proc/modules; then
		insmod $MODDIR/dma330.ko || not_ok "dma330 loads for the client tests"
	fi
	grep -q '^dmastream ' /proc/modules || ds_insmod "$@"
}
ds_teardown() {
	ds_rmmod
	rmmod dma330
}
ds_stat() { sed -n "s/^$1 //p" /sys/kernel/debug/dmastream/stats; }
ds_bounce() { bounce_mode; }
# threads_free STATS: every hardware thread the provider's debugfs stats
# list is free.  Fails when the file is missing or lists no thread (a bare
# "! grep bound" would pass then).
threads_free() {
	[ -r "$1" ] || { echo "no $1"; return 1; }
	_nt=$(sed -n 's/^threads: //p' "$1")
	_nf=$(grep -c '^thread[0-9]*: free ' "$1")
	[ "${_nt:-0}" -gt 0 ] && [ "$_nf" = "$_nt" ] ||
		{ echo "$_nf of ${_nt:-?} threads free:"; grep '^thread[0-9]' "$1"; return 1; }
}
# wait_bound STATS: wait (3 s at most) until the provider's stats list a
# bound hardware thread (a transfer held in flight); prints how many.
wait_bound() {
	for _i in $(seq 60); do
		_b=$(grep -c '^thread[0-9]*: bound' "$1")
		[ "$_b" -gt 0 ] && break
		nap 0.05
	done
	echo "$_b"
}
ds_gate_dir() { ls -d /sys/kernel/debug/dma330/*/ 2>/dev/null | head -1; }

# swiotlb's swiotlb_bounced trace event (the virt64 rig, where a 32-bit
# DMA mask meets RAM above 4 GiB): one line per mapping swiotlb bounced,
# with the device, its DMA mask and the buffer's address.
#   bounce_trace_start      enable it, empty the trace
#   bounce_trace_count DEV  prints "N ABOVE MASK": DEV's bounced mappings
#                           since the start, how many were of buffers above
#                           4 GiB and bounced by address (not forced), and
#                           the DMA mask they were bounced for
SWTRACE=/sys/kernel/debug/tracing
bounce_trace_start() {
	echo 8192 > $SWTRACE/buffer_size_kb &&
		echo 1 > $SWTRACE/events/swiotlb/swiotlb_bounced/enable &&
		echo > $SWTRACE/trace
}
bounce_trace_count() {
	awk -v d="$1" '/swiotlb_bounced:/ && index($0, "dev_name: " d " ") {
		n++
		a = $0; sub(/.*dev_addr=/, "", a); sub(/ .*/, "", a)
		m = $0; sub(/.*dma_mask=/, "", m); sub(/ .*/, "", m)
		if (length(a) > 8 && / NORMAL$/) h++
	} END { print n + 0, h + 0, (m == "" ? "none" : m) }' $SWTRACE/trace
}
