# SPDX-License-Identifier: GPL-2.0
# `dmastream doctor`: the stale/corrupt DMA data checklist.  It passes on a
# healthy system and shows every section, and fails with a clear finding in
# provoked bad states that leave no kernel report behind: a transfer held in
# flight (dma330 gate hook), a channel fault (fault_attr fail_hw), the
# client's skip-a-sync debug switch armed.

# Fresh modules: counters of earlier scripts (faults, refusals) start at 0.
dd_reload() {
	ds_rmmod 2>/dev/null
	rmmod dma330 2>/dev/null || rmmod pl330 2>/dev/null
	insmod $MODDIR/dma330.ko || return 1
	ds_insmod
}
# doctor_out FILE ARGS...: run doctor, keep its output, return its status.
doctor_out() {
	_f=$1
	shift
	dmastream doctor "$@" > "$_f" 2>&1
}
show() { sed 's/^/# /' "$1"; }

plan 26
check "dma330 + dmastream load fresh" dd_reload || return 0 2>/dev/null || exit 0
dbg=$(ls -d /sys/kernel/debug/dma330/*/ 2>/dev/null | head -1)
dbg=${dbg%/}
check "client exposes debugfs buffers view" test -r /sys/kernel/debug/dmastream/buffers

# ---- healthy
dmastream memcpy --size 64k --iterations 3 --verify --quiet --no-progress
if doctor_out /tmp/doc.txt; then
	ok "doctor passes on a healthy system (exit 0)"
else
	not_ok "doctor passes on a healthy system (exit 0)" "exit $?"
fi
show /tmp/doc.txt
n=$(grep -c '^== ' /tmp/doc.txt)
[ "$n" = 7 ] && ok "doctor shows all 7 sections" || not_ok "doctor shows all 7 sections" "$n"
for s in 'memcpy-any\|memcpy:' 'dma_mask=0x' 'error_count=' 'live_mappings=' 'client stats:' 'channel_faults=0'; do
	if grep -q "$s" /tmp/doc.txt; then ok "doctor reports '$s'"; else not_ok "doctor reports '$s'"; fi
done
if doctor_out /tmp/doc.json --json && grep -q '^{"result":"ok"' /tmp/doc.json; then
	ok "doctor --json: result ok"
else
	not_ok "doctor --json: result ok" "$(head -c 300 /tmp/doc.json)"
fi
miss=
for s in client channels dma-api mappings bounce buffers faults; do
	grep -q "\"$s\":\[" /tmp/doc.json || miss="$miss $s"
done
[ -z "$miss" ] && ok "doctor --json has every section" || not_ok "doctor --json has every section" "missing:$miss"

# ---- a transfer held in flight (DMAWFE gate, released afterwards)
if [ -n "$dbg" ] && [ -w "$dbg/gate_event" ]; then
	ev=$(sed -n 's/^first_free_event: //p' $dbg/stats)
	echo 1024 > $dbg/gate_every
	echo $ev > $dbg/gate_event
	dmastream memcpy --size 4096 --timeout-ms 10000 --quiet --no-progress &
	bg=$!
	# Wait (bounded) until the view shows the buffers in flight.  Under
	# icount little guest time passes while the guest waits (measured:
	# 10 x sleep 1 = ~30 ms of ktime), so the threshold is 1 ms here.
	# Short steps: the transfer's 10-s timeout must not run out before
	# the release below, even on the slow debug kernel.
	i=0
	while [ $i -lt 50 ]; do
		i=$((i + 1))
		sleep 0.2
		ms=$(sed -n 's/^buf .*owner=inflight owner_ms=\([0-9]*\).*/\1/p' \
			/sys/kernel/debug/dmastream/buffers | head -1)
		[ -n "$ms" ] && [ "$ms" -gt 5 ] && break
	done
	diag "in flight for ${ms:-?} ms before doctor ran"
	if doctor_out /tmp/doc.txt --max-inflight-ms 1 --verbose; then
		not_ok "doctor fails while a transfer is stuck in flight" "exit 0"
	else
		ok "doctor fails while a transfer is stuck in flight"
	fi
	show /tmp/doc.txt
	grep -q 'FAIL buffer .* in flight for' /tmp/doc.txt && ok "finding names the in-flight buffer" ||
		not_ok "finding names the in-flight buffer"
	grep -q 'owner=inflight' /tmp/doc.txt && ok "buffer listed with owner=inflight" ||
		not_ok "buffer listed with owner=inflight"
	for i in 1 2 3 4 5 6 7 8; do echo $ev > $dbg/release 2>/dev/null; done
	wait $bg && ok "gated transfer completed once released" ||
		not_ok "gated transfer completed once released"
	echo 18446744073709551615 > $dbg/gate_event
	check "doctor passes again after the release" dmastream doctor
else
	skip "doctor: transfer stuck in flight" "no dma330 gate hook"
fi

# ---- the skip-a-sync debug switch armed (stale data by design)
echo 1 > /sys/module/dmastream_core/parameters/skip_cpu_sync
expect_fail "doctor fails with skip_cpu_sync armed" dmastream doctor
dmastream doctor | grep 'FAIL debug switches armed' | sed 's/^/# /'
echo 0 > /sys/module/dmastream_core/parameters/skip_cpu_sync
check "doctor passes with the switch disarmed" dmastream doctor

# ---- a channel fault (fault_attr fail_hw)
if [ -n "$dbg" ] && [ -d "$dbg/fail_hw" ]; then
	echo 1 > $dbg/fail_hw/interval
	echo 0 > $dbg/fail_hw/space
	echo 0 > $dbg/fail_hw/verbose
	echo 1 > $dbg/fail_hw/times
	echo 100 > $dbg/fail_hw/probability
	cat $dbg/stats > /dev/null
	# The victim completes with an error result (EIO or ECANCELED,
	# depending on how the provider reports the aborted descriptor).
	expect_fail "injected fault: the victim memcpy fails" \
		dmastream memcpy --size 8192 --quiet --no-progress
	echo 0 > $dbg/fail_hw/probability
	echo 1 > $dbg/fail_hw/times
	cat $dbg/stats > /dev/null
	if doctor_out /tmp/doc.txt; then
		not_ok "doctor fails after a channel fault" "exit 0"
	else
		ok "doctor fails after a channel fault"
	fi
	grep 'FAIL' /tmp/doc.txt | sed 's/^/# /'
	grep -q 'FAIL dma330 .* 1 channel and 0 manager faults' /tmp/doc.txt &&
		ok "finding counts the channel fault" || not_ok "finding counts the channel fault"
	grep -q 'FAIL 1 transfers completed with an error' /tmp/doc.txt &&
		ok "finding counts the failed transfer" || not_ok "finding counts the failed transfer"
	if doctor_out /tmp/doc.json --json; then
		not_ok "doctor --json fails after a channel fault" "exit 0"
	elif grep -q '^{"result":"fail"' /tmp/doc.json && grep -q '"level":"fail","section":"faults"' /tmp/doc.json; then
		ok "doctor --json fails after a channel fault (fault finding)"
	else
		not_ok "doctor --json fails after a channel fault (fault finding)" "$(head -c 300 /tmp/doc.json)"
	fi
	check "modules reload" dd_reload
	check "doctor passes after the reload" dmastream doctor
else
	skip "doctor: channel fault" "no dma330 fail_hw knob"
fi
