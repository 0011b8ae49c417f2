# SPDX-License-Identifier: GPL-2.0
# Fuzzed user input: dmastream-fuzz (tools/fuzz) against /dev/dmastream with
# 4 threads, then 1.  Kernel command line: stack.fuzz_iters=N (per thread, default
# 5000), stack.fuzz_seed=S (default: from the clock; printed, replayable).
# Passes when every call got success or an expected errno, the verified
# copies all matched, nothing hung, every buffer was freed afterwards (the
# client's live-buffer count back to its start), no ring outlived its file
# (the live-ring count back to its start), both modules unload (no
# reference leaked) and kmemleak (debug kernel) finds nothing.  The fuzzer
# arms dma330's test gates to pace its rings (stock QEMU's PL330 would run
# a cyclic transfer flat out) and disarms them at its end; so does this
# script, should it have died.
iters=5000
seed=
for a in $(cat /proc/cmdline); do
	case "$a" in
	stack.fuzz_iters=*) iters=${a#*=} ;;
	stack.fuzz_seed=*) seed=${a#*=} ;;
	esac
done
kml=/sys/kernel/debug/kmemleak
stat() { awk -v k="$1" '$1 == k { print $2 }' /sys/kernel/debug/dmastream/stats; }

[ -w $kml ] && echo clear > $kml
# 5 + 2 a fuzz run, 2 runs; one more on a kernel with kmemleak
plan $((10 + $([ -w /sys/kernel/debug/kmemleak ] && echo 1 || echo 0)))
# Random TX submissions reach UART0 with nothing to compare them with.
echo "@@HOST tx-unchecked the fuzzer's random TX" > /dev/console
check "dma330 loads" insmod $MODDIR/dma330.ko || return 0 2>/dev/null || exit 0
check "dmastream loads" ds_insmod || { rmmod dma330; return 0 2>/dev/null || exit 0; }
bufs0=$(stat buffers)
rings0=$(stat rings)
# Four threads racing each other, then one thread alone: only then are heap
# dma-bufs synced too (see op_sync() in tools/fuzz/dmastream-fuzz.c).
for run in "4 $iters" "1 $((iters / 5))"; do
	set -- $run
	out=$(dmastream-fuzz -n "$2" -t "$1" ${seed:+-s $seed} 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /' | tail -25
	if [ $rc = 0 ]; then
		ok "fuzz: $1 thread(s): $(echo "$out" | grep -o '[0-9]* iterations, [0-9]* calls.*' | tail -1)"
	else
		not_ok "fuzz: $1 thread(s): dmastream-fuzz exited $rc" "$(echo "$out" | grep -m1 -E '^(FAIL|HANG)')"
	fi
done
for g in /sys/kernel/debug/dma330/*/gate_event; do
	[ -w "$g" ] || continue
	echo 0 > "${g%/*}/pace_ns"
	echo 18446744073709551615 > "$g"
done
sleep 1		# transfers of closed files finish within their timeouts
bufs1=$(stat buffers)
if [ "$bufs1" = "$bufs0" ]; then ok "fuzz: every buffer freed ($bufs1 live, as before)"
else not_ok "fuzz: every buffer freed" "live buffers $bufs0 before, $bufs1 after"; fi
rings1=$(stat rings)
if [ -n "$rings1" ] && [ "$rings1" = "$rings0" ]; then ok "fuzz: no ring left after its file closed ($rings1 live, as before)"
else not_ok "fuzz: no ring left after its file closed" "live rings $rings0 before, $rings1 after"; fi
p=$(stat user_pinned) u=$(stat user_unpinned)
if [ -n "$p" ] && [ "$p" = "$u" ]; then ok "fuzz: every pinned user range unpinned ($p pinned)"
else not_ok "fuzz: every pinned user range unpinned" "pinned $p, unpinned $u"; fi
sed 's/^/# dmastream stats: /' /sys/kernel/debug/dmastream/stats
check "fuzz: the device still copies correctly" \
	dmastream memcpy --size 1M --kind sg --iterations 5 --verify --no-progress
check "fuzz: dmastream unloads (no reference left)" ds_rmmod
check "fuzz: dma330 unloads" rmmod dma330
if [ -w $kml ]; then
	sleep 6		# kmemleak ignores objects younger than 5 s
	echo scan > $kml
	echo scan > $kml
	leaks=$(grep -c '^unreferenced object' $kml)
	if [ "$leaks" = 0 ]; then ok "fuzz: kmemleak finds no leak"
	else not_ok "fuzz: kmemleak finds no leak" "$leaks objects"; head -40 $kml | sed 's/^/# /'; fi
fi
