# SPDX-License-Identifier: GPL-2.0
# Guest test library: KTAP output for the host runner.  Scripts run in a
# subshell with this file sourced; counters live in /tmp so they survive it.
#   ok DESC | not_ok DESC [REASON] | skip DESC REASON | diag TEXT
#   check DESC CMD...   ok iff CMD exits 0 (its output is shown on failure)
#   kunit_run MODULE.ko [PARAMS]   insmod a KUnit module, report its suites
KTAP_NUM=/tmp/ktap.num
KTAP_FAILED=/tmp/ktap.failed
MODDIR=/opt/stack/modules
[ -f $KTAP_NUM ] || echo 0 > $KTAP_NUM
[ -f $KTAP_FAILED ] || echo 0 > $KTAP_FAILED
TEST_NAME=${TEST_NAME:-init}

ktap_begin() { echo "KTAP version 1"; }
ktap_end() { echo "1..$(cat $KTAP_NUM)"; }
# Sets $_n to the next test number.  Builtins only: a fork costs ~10 ms in
# the emulated guest, and some scripts report hundreds of results.
_ktap_next() {
	read -r _n < $KTAP_NUM
	_n=$((_n + 1))
	echo $_n > $KTAP_NUM
}
diag() { echo "# $*"; }
ok() { _ktap_next; echo "ok $_n $TEST_NAME: $1"; }
not_ok() {
	_ktap_next
	echo "not ok $_n $TEST_NAME: $1"
	[ -n "${2:-}" ] && diag "$2"
	read -r _f < $KTAP_FAILED
	echo $((_f + 1)) > $KTAP_FAILED
	return 1
}
skip() { _ktap_next; echo "ok $_n $TEST_NAME: $1 # SKIP ${2:-}"; }
check() {
	_desc=$1
	shift
	_out=$("$@" 2>&1)
	_rc=$?
	if [ $_rc -eq 0 ]; then
		ok "$_desc"
	else
		not_ok "$_desc" "'$*' exited $_rc"
		echo "$_out" | tail -25 | sed 's/^/# /'
	fi
	return $_rc
}

# expect_fail DESC CMD...: ok iff CMD exits non-zero (a test that must fail).
expect_fail() {
	_desc=$1
	shift
	if _out=$("$@" 2>&1); then
		not_ok "$_desc" "'$*' succeeded but must fail"
		echo "$_out" | tail -10 | sed 's/^/# /'
		return 1
	fi
	ok "$_desc"
}

# kunit_run MODULE.ko [PARAMS]: every suite the module registers is reported
# as a nested KTAP subtest (from debugfs), then the module is removed.
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
		echo "    # Subtest: $_mod/$_s"
		sed -n '/^[ \t]*\(not \)\{0,1\}ok [0-9]/p; /^[ \t]*# /p' \
			"/sys/kernel/debug/kunit/$_s/results" | sed 's/^/    /'
		if grep -q '^[ \t]*not ok' "/sys/kernel/debug/kunit/$_s/results"; then
			not_ok "$_mod/$_s"
		else
			ok "$_mod/$_s"
		fi
	done
	[ $_any = 1 ] || not_ok "$_mod: registered no KUnit suite"
	rmmod "$_mod" || not_ok "$_mod: rmmod"
}

# run_script FILE: one test script, in a subshell, named after its file.
run_script() {
	_name=$(basename "$1" .sh)
	echo "# ---- $_name"
	_t0=$(cut -d' ' -f1 /proc/uptime)
	(TEST_NAME=$_name; . "$1")
	diag "$_name took $(awk -v a="$_t0" '{ printf "%.1f", $1 - a }' /proc/uptime) s"
}

# Global checks after every run: no DMA-API debug error, no WARN taint.
final_checks() {
	TEST_NAME=final
	_e=$(cat /sys/kernel/debug/dma-api/error_count 2>/dev/null || echo missing)
	if [ "$_e" = 0 ]; then
		ok "DMA-API debug: 0 errors"
	else
		not_ok "DMA-API debug: 0 errors" "error_count is $_e"
	fi
	# Debug kernels: one leak scan at the end decides (scanned twice: an
	# object must look unreferenced in two scans to be reported).
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
			head -40 /sys/kernel/debug/kmemleak | sed 's/^/# /'
		fi
	fi
	_t=$(cat /proc/sys/kernel/tainted)
	if [ $(( _t & 512 )) -eq 0 ]; then
		ok "kernel not tainted by a WARN (tainted=$_t)"
	else
		not_ok "kernel not tainted by a WARN" "tainted=$_t"
	fi
}

# dmatest_wait_done MARK: dmatest's "wait" returns at once while its threads
# are still pending (not yet scheduled), so also wait, bounded (120 s), until
# every thread started after the kmsg MARK has printed its summary.
dmatest_wait_done() {
	# Sleep (no CPU taken from the test) so pending threads start, then
	# block in "wait"; the polling below is only a backstop.
	sleep 0.05
	cat /sys/module/dmatest/parameters/wait > /dev/null
	_w=0
	while [ $_w -lt 1200 ]; do
		_log=$(dmesg | sed -n "/$1/,\$p")
		_started=$(echo "$_log" | sed -n 's/.*dmatest: Started \([0-9]*\) threads.*/\1/p' |
			awk '{ s += $1 } END { print s + 0 }')
		_done=$(echo "$_log" | grep -c 'dmatest: .*summary')
		[ "$_done" -ge "$_started" ] && return 0
		cat /sys/module/dmatest/parameters/wait > /dev/null
		sleep 0.1
		_w=$((_w + 1))
	done
	diag "dmatest: $_done of $_started threads finished within 120 s"
	return 1
}

# dmatest_run KEY=VALUE...: one run of the kernel's stock dmatest module with
# the given parameters (channel, device, threads_per_chan, max_channels,
# iterations, test_buf_size, transfer_size, norandom, noverify, polled,
# alignment, dmatest: 0 memcpy 1 memset).  Prints dmatest's summary lines;
# fails unless every thread reported "0 failures".
DMATEST_SEQ=0
dmatest_run() {
	_p=/sys/module/dmatest/parameters
	insmod $MODDIR/upstream/dmatest.ko iterations=1 || return 1
	# Writing "channel" requests the channels and freezes the other
	# parameters for them: it must come last.
	_chan=
	for _kv in device= threads_per_chan=1 max_channels=0 \
		test_buf_size=16384 transfer_size=0 norandom=N noverify=N \
		polled=N alignment=-1 dmatest=0 timeout=5000 verbose=N "$@"; do
		case "$_kv" in
		channel=*) _chan=${_kv#channel=}; continue ;;
		esac
		echo "${_kv#*=}" > "$_p/${_kv%%=*}" || { rmmod dmatest; return 1; }
	done
	echo "$_chan" > $_p/channel || { rmmod dmatest; return 1; }
	DMATEST_SEQ=$((DMATEST_SEQ + 1))
	_mark="stack-dmatest-mark-$$-$DMATEST_SEQ"
	echo "$_mark" > /dev/kmsg
	echo 1 > $_p/run
	cat $_p/wait > /dev/null
	dmatest_wait_done "$_mark"
	rmmod dmatest
	_sum=$(dmesg | sed -n "/$_mark/,\$p" | grep 'dmatest: .*summary' | sed 's/^\[[^]]*\] //')
	echo "$_sum"
	[ -n "$_sum" ] || return 1
	! echo "$_sum" | grep -qv ' 0 failures '
}

# Bounce mode is what the DT says: a memory-region (restricted-dma-pool) on
# the PL330 node.
bounce_mode() {
	[ -e /proc/device-tree/axi/dma-controller@f8003000/memory-region ]
}

# Client tests: our provider and the client (PARAMS go to dmastream).
# Never falls back to another provider: dma330 failing to load is a failure.
ds_setup() {
	if ! grep -q '^dma330 ' /proc/modules; then
		insmod $MODDIR/dma330.ko || not_ok "dma330 loads for the client tests"
	fi
	grep -q '^dmastream ' /proc/modules || insmod $MODDIR/dmastream.ko "$@"
}
ds_teardown() {
	rmmod dmastream
	rmmod dma330
}
ds_stat() { sed -n "s/^$1 //p" /sys/kernel/debug/dmastream/stats; }
ds_bounce() { bounce_mode; }
ds_gate_dir() { ls -d /sys/kernel/debug/dma330/*/ 2>/dev/null | head -1; }
