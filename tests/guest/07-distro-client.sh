# SPDX-License-Identifier: GPL-2.0
# The dmastream client and its CLI on Debian's own kernel (tools/distro):
# the modules dkms built, the in-kernel API's KUnit suite (KUnit itself a
# module there), memcpy through /dev/dmastream with single, sg and CMA
# buffers, reused buffers with their syncs, the CLI's list, json and
# doctor.  40-client's DMA-BUF heap cases are not here: Debian's armmp has
# no DMABUF_HEAPS (the same client paths run with the client's own
# buffers); slave transfers are 41-uart's, run as is.
ds_setup
sizes="1 3 64 4095 4096 4097 65537 1048571"
sg="5 12289 1048576"
# 6 on the roles and the probe, the KUnit suite (1), single + sg sizes,
# 3 mixed, 2 reuse, json, doctor, unload.
plan $((6 + 1 + $(set -- $sizes; echo $#) + $(set -- $sg; echo $#) + 3 + 2 + 1 + 1 + 1))
check "dmastream loads and creates /dev/dmastream" test -c /dev/dmastream
list=$(dmastream list)
echo "$list" | sed 's/^/# /'
for r in "memcpy .* f8003000.dma-controller .*memcpy" \
	"tx .* f8003000.dma-controller .*slave.*m2d" \
	"rx .* f8003000.dma-controller .*slave.*d2m"; do
	if echo "$list" | grep -q "^$r"; then ok "dmastream list: ${r%% *} role on dma330 with its capabilities"
	else not_ok "dmastream list: ${r%% *} role" "no line matching '$r'"; fi
done
if dmesg | grep -q 'dmastream.*FIFO at'; then ok "DT client node bound (UART0 FIFO)"
else not_ok "DT client node bound (UART0 FIFO)" "no probe message"; fi
case "$(cat /proc/sys/kernel/tainted)" in
0) not_ok "out-of-tree modules loaded (taint O)" "tainted 0" ;;
*) ok "out-of-tree modules loaded (tainted $(cat /proc/sys/kernel/tainted))" ;;
esac

kunit_run $MODDIR/tests/dmastream_kunit.ko

for size in $sizes; do
	check "memcpy single $size B, offsets 5/1, verified" \
		dmastream memcpy --size $size --src-offset 5 --dst-offset 1 --verify --iterations 2
done
for size in $sg; do
	check "memcpy sg $size B, offsets 4093/1, verified" \
		dmastream memcpy --size $size --kind sg --src-offset 4093 --dst-offset 1 --verify --iterations 2
done
check "memcpy single -> sg 1 MiB + 1, verified" \
	dmastream memcpy --size 1048577 --src-kind single --dst-kind sg --offset 1 --verify
# Debian's CMA area is 16 MiB: two 4 MiB buffers fit.
check "memcpy CMA 4 MiB, verified" dmastream memcpy --size 4M --kind cma --verify
check "8 transfers in flight x 10 rounds, verified" \
	dmastream memcpy --size 12345 --count 8 --iterations 10 --verify

c0=$(ds_stat sync_for_cpu) d0=$(ds_stat sync_for_device) m0=$(ds_stat mappings)
check "500 reused-buffer rounds with syncs, verified" \
	dmastream memcpy --size 4096 --iterations 500 --verify --offset 1
c1=$(ds_stat sync_for_cpu) d1=$(ds_stat sync_for_device) m1=$(ds_stat mappings)
if [ $((c1 - c0)) -ge 1000 ] && [ $((d1 - d0)) -ge 1000 ] && [ $((m1 - m0)) = 2 ]; then
	ok "reuse: $((c1 - c0)) for_cpu and $((d1 - d0)) for_device syncs, 2 mappings"
else
	not_ok "reuse: >= 1000 syncs each way, 2 mappings" \
		"for_cpu $((c1 - c0)), for_device $((d1 - d0)), mappings $((m1 - m0))"
fi

out=$(dmastream memcpy --size 65536 --iterations 50 --verify --json)
echo "# $out"
case "$out" in
*'"transfers":50'*'"errors":0'*'"verify_errors":0'*'"p99":'*) ok "--json summary" ;;
*) not_ok "--json summary" "$out" ;;
esac
# doctor: healthy here too (this kernel has no DMA-API debugging: the
# doctor warns so and judges the rest).  A fresh client first: the KUnit
# suite's deliberate timeouts and errors are in its counters.
ds_teardown
ds_setup
dmastream memcpy --size 64k --iterations 3 --verify --quiet --no-progress
if dmastream doctor > /tmp/doc.txt 2>&1; then ok "dmastream doctor passes"
else not_ok "dmastream doctor passes" "exit $?"; fi
sed 's/^/# /' /tmp/doc.txt

ds_teardown
check "dmastream unloads cleanly" test ! -e /dev/dmastream
