# SPDX-License-Identifier: GPL-2.0
# Fault injection through the provider's fault_attr knobs in debugfs
# (/sys/kernel/debug/dma330/<dev>/fail_prep, fail_hw; the kernel's
# fault-injection framework).  fail_hw makes the program generator plant an
# undefined instruction: QEMU's PL330 raises a real channel fault.  Each
# round: one injected fault, the victim transfer must complete with an error
# visible to the client (dmastream status -EIO for a hardware fault, the
# submit refused for a failed prep), the channel recovers and the next
# transfers are verified.  stack.fault_rounds=N (default 50 of each kind).
rounds=50
for a in $(cat /proc/cmdline); do
	case "$a" in stack.fault_rounds=*) rounds=${a#*=} ;; esac
done
dbg=/sys/kernel/debug/dma330/f8003000.dma-controller
stat() { awk -v k="$1:" '$1 == k { print $2 }' $dbg/stats; }
plan 13
check "dma330 loads" insmod $MODDIR/dma330.ko || return 0 2>/dev/null || exit 0
check "dmastream loads" ds_insmod || return 0 2>/dev/null || exit 0
check "fault_attr knobs exist" test -d $dbg/fail_hw -a -d $dbg/fail_prep
arm() { # knob times
	echo 0 > $dbg/$1/interval 2>/dev/null
	echo 1 > $dbg/$1/interval 2>/dev/null
	echo -1 > $dbg/$1/space 2>/dev/null; echo 0 > $dbg/$1/space 2>/dev/null
	echo 0 > $dbg/$1/verbose 2>/dev/null
	echo $2 > $dbg/$1/times
	echo 100 > $dbg/$1/probability
	# The provider samples the knobs' state when stats is read (see report).
	cat $dbg/stats > /dev/null
}
disarm() { echo 0 > $dbg/$1/probability; echo 1 > $dbg/$1/times; cat $dbg/stats > /dev/null; }

# Hardware faults.
f0=$(stat faults)
survived=0 victims=0 nexts=0
for i in $(seq $rounds); do
	arm fail_hw 1
	if dmastream memcpy --size $((1 + (i * 997) % 65536)) --expect-error EIO --no-progress --quiet 2>/tmp/fault.err; then
		victims=$((victims + 1))
	else
		diag "round $i: the victim did not fail with EIO: $(cat /tmp/fault.err | tail -2)"
	fi
	disarm fail_hw
	dmastream memcpy --size $((4096 + i)) --iterations 3 --verify --no-progress --quiet && nexts=$((nexts + 1))
done
f1=$(stat faults)
diag "fail_hw: $rounds injected, $victims victims completed with EIO, $nexts next transfers verified, provider counted $((f1 - f0)) channel faults"
[ $victims = $rounds ] && ok "fail_hw: $victims/$rounds victims completed with an error result (-EIO)" ||
	not_ok "fail_hw: every victim completed with an error result" "$victims of $rounds"
[ $nexts = $rounds ] && ok "fail_hw: the channel recovered after each of $rounds faults (next transfers verified)" ||
	not_ok "fail_hw: the channel recovered after each fault" "$nexts of $rounds"
[ $((f1 - f0)) = $rounds ] && ok "fail_hw: provider counted $rounds channel faults" ||
	not_ok "fail_hw: provider counted every fault" "$((f1 - f0)) of $rounds"

# Failed descriptor allocation in prep.
refused=0 nexts=0
for i in $(seq $rounds); do
	arm fail_prep 1
	# The prep fails inside DMASTREAM_IOC_SUBMIT: the ioctl says ENOMEM.
	if dmastream memcpy --size $((1 + (i * 991) % 65536)) --no-progress --quiet 2>/tmp/fault.err; then
		diag "round $i: the transfer with a failed prep succeeded"
	elif grep -q 'Cannot allocate memory\|ENOMEM' /tmp/fault.err; then
		refused=$((refused + 1))
	else
		diag "round $i: prep failure not reported as ENOMEM: $(cat /tmp/fault.err | tail -2)"
	fi
	disarm fail_prep
	dmastream memcpy --size $((8192 + i)) --iterations 3 --verify --no-progress --quiet && nexts=$((nexts + 1))
done
diag "fail_prep: $rounds injected, $refused reported to the client, $nexts next transfers verified"
[ $refused = $rounds ] && ok "fail_prep: $refused/$rounds failed preps reported to the client (ENOMEM)" ||
	not_ok "fail_prep: every failed prep reported to the client" "$refused of $rounds"
[ $nexts = $rounds ] && ok "fail_prep: transfers after each failed prep verified ($rounds)" ||
	not_ok "fail_prep: transfers after each failed prep verified" "$nexts of $rounds"

# Random faults under load: dmatest must see them as failures, not hangs,
# and the channel must be fine afterwards.
# Every fault the provider counts is one transfer the client saw fail
# (the CLI stops a run at its first failed transfer: 30 runs of 20); no
# run hangs, and the faults really happened (10 % of transfers, at most 20).
f0=$(stat faults)
echo 10 > $dbg/fail_hw/probability; echo 20 > $dbg/fail_hw/times; cat $dbg/stats > /dev/null
errs=0 n=0 bad=
for i in $(seq 30); do
	js=$(dmastream memcpy --size 4096 --iterations 20 --no-progress --json 2>/tmp/random.err)
	e=$(echo "$js" | sed -n 's/.*"errors":\([0-9]*\).*/\1/p')
	t=$(echo "$js" | sed -n 's/.*"transfers":\([0-9]*\).*/\1/p')
	[ -n "$e" ] && [ -n "$t" ] || { bad="run $i: no summary: $(tail -2 /tmp/random.err)"; break; }
	errs=$((errs + e)) n=$((n + t))
done
disarm fail_hw
f1=$(stat faults)
if [ -z "$bad" ] && [ $errs -ge 3 ] && [ $errs = $((f1 - f0)) ]; then
	ok "random faults under load: $errs of $n transfers failed, each a fault the provider counted"
else
	not_ok "random faults under load: each fault seen by the client" \
		"$n transfers, client errors $errs, provider faults $((f1 - f0)) $bad"
fi
# (1 MiB through sg buffers: on a bounce boot one mapping holds 256 KiB)
check "random faults: verified copies afterwards" dmastream memcpy --size 1M --kind sg --iterations 5 --verify --no-progress --quiet
sed 's/^/# /' $dbg/stats | head -12
check "faults: all hardware threads free" threads_free $dbg/stats
check "faults: dmastream unloads" ds_rmmod
check "faults: dma330 unloads" rmmod dma330
