# SPDX-License-Identifier: GPL-2.0
# Races (tests/kmod/dma330_stress.c, KUnit): terminate_all / synchronize
# racing submissions and completions on every dma330 channel at once, with
# transfers held in flight by DMAWFE gates, for thousands of cycles; and
# pause/resume of a paced cyclic transfer.  stack.stress_races=N KUnit cases
# (default 10) of stack.stress_cycles=N cycles per channel each (default
# 100): 16 channels x 100 x 10 = 16000 cycles, each case well under the
# hung-task timeout; stack.stress_rounds=N pause/resume rounds (default
# 200); stack.stress_seed=S.
cycles=100 races=10 rounds=200 seed=1
for a in $(cat /proc/cmdline); do
	case "$a" in
	stack.stress_cycles=*) cycles=${a#*=} ;;
	stack.stress_rounds=*) rounds=${a#*=} ;;
	stack.stress_races=*) races=${a#*=} ;;
	stack.stress_seed=*) seed=${a#*=} ;;
	esac
done
dbg=/sys/kernel/debug/dma330/f8003000.dma-controller
# load, the stress module's one KUnit suite, 3 after
plan 5
check "dma330 loads" insmod $MODDIR/dma330.ko || return 0 2>/dev/null || exit 0
kunit_run $MODDIR/tests/dma330_stress.ko cycles=$cycles races=$races rounds=$rounds seed=$seed \
	periph_base=$(test_periph_base)
dmesg | grep 'dma330_stress: ' | sed 's/^\[[^]]*\] /# /'
tot=$(dmesg | sed -n 's/.*dma330_stress: terminate_race [0-9]*: \([0-9]*\) cycles.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
late=$(dmesg | sed -n 's/.* \([0-9]*\) late callbacks.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
diag "terminate races: $tot cycles in total, $late late callbacks" 
sed 's/^/# /' $dbg/stats
check "races: all hardware threads free afterwards" threads_free $dbg/stats
check "races: dmatest still passes on all channels" \
	dmatest_run device=f8003000.dma-controller iterations=50 timeout=20000
check "races: dma330 unloads" rmmod dma330
