# SPDX-License-Identifier: GPL-2.0
# dma330 provider: load, registration, revision, the KUnit suite against the
# emulated controller, interrupts per 64-entry scatterlist, DMA-API errors.
amba=/sys/bus/amba/devices/f8003000.dma-controller
dbg=/sys/kernel/debug/dma330/f8003000.dma-controller

dma_api_errors() { cat /sys/kernel/debug/dma-api/error_count 2>/dev/null || echo 0; }

# Results: 4 after loading, 1 on a forced-r0p0 boot, 1; the KUnit module's
# suites (K); 5 at the end.
K=1
forced=0
case "$(cat /proc/cmdline)" in *r0p0*) forced=1 ;; esac
[ -e $amba/of_node/arm,primecell-periphid ] && forced=1
# stack.mgr_ns=1: the boot's PL330 has a non-secure manager (paced-rk):
# the provider must have seen it, or its threads run secure unnoticed.
ns=0
case "$(cat /proc/cmdline)" in *stack.mgr_ns=1*) ns=1 ;; esac
plan $((4 + forced + ns + 1 + K + 6))
errs0=$(dma_api_errors)
check "dma330 loads" insmod $MODDIR/dma330.ko || exit 0
check "dma330 bound the PL330" test "$(basename "$(readlink $amba/driver)")" = dma330
# The channels under the PL330's device (a glob: no fork per channel).
n=0
for c in $amba/dma/dma*chan*; do
	[ -e "$c" ] && n=$((n + 1))
done
if [ "$n" -ge 16 ]; then ok "16 virtual channels registered (>= 8 threads)"
else not_ok "16 virtual channels registered" "found $n"; fi
check "debugfs statistics" test -r $dbg/stats
rev=$(awk '/^revision:/ { print $2 }' $dbg/stats)
diag "controller revision: $rev ($(dmesg | grep -m1 'dma330 .*PL330' | sed 's/.*PL330/PL330/'))"
if [ $forced = 1 ]; then
	check "forced r0p0 is in use" test "$rev" = r0p0
fi
if [ $ns = 1 ]; then
	check "the manager is non-secure (probe line)" \
		sh -c "dmesg | grep -q 'dma330 .*PL330 .*, non-secure'"
fi
check "hardware threads free after probe" \
	threads_free $dbg/stats

kunit_run $MODDIR/tests/dma330_kunit.ko periph_base=$(test_periph_base)

# Interrupts per 64-entry scatterlist: the suite's sg64_irqs case gates
# every entry of every list (each really ends in flight) and counts the
# interrupts itself (<= 2 a list).

sed 's/^/# /' $dbg/stats
check "all threads released after the tests" \
	threads_free $dbg/stats
check "dma330 unloads" rmmod dma330
check "dma330 left no event, interrupt or fault behind" pl330_quiet
check "dma330 loads again" insmod $MODDIR/dma330.ko
check "dma330 unloads again" rmmod dma330
errs1=$(dma_api_errors)
if [ "$errs1" = "$errs0" ]; then ok "DMA-API error_count unchanged ($errs1)"
else not_ok "DMA-API error_count unchanged" "$errs0 -> $errs1"; fi
