# SPDX-License-Identifier: GPL-2.0
# The dmastream client and its CLI on the virt64 rig (tools/distro/virt64):
# Debian's arm64 kernel, 6 GiB of RAM, the PL330 behind dma330's 32-bit DMA
# mask.  The client maps against the controller's device: its single and
# sg buffers come from the page allocator, above 4 GiB here, and every
# mapping is bounced (swiotlb's trace event says so, address by address);
# its CMA buffers are allocated for a 32-bit device, below 4 GiB, and are
# mapped as they are.  Every copy is verified, with its syncs.
dev=90c0000.dma-controller
ds_setup
single="1 4095 4096 65537 262143"
sg="5 12289 1048576"
# (one mapping: at most 256 KiB, swiotlb's largest, for any buffer of a
# device whose mask swiotlb may have to serve: dma_max_mapping_size())
cma="4096 65536 262144"
n() { set -- $1; echo $#; }
# 4 on the device, each size and each kind's bounce count, 8 in flight,
# reuse (2) and its bounce count, json, doctor, unload.
plan $((4 + $(n "$single") + 1 + $(n "$sg") + 1 + $(n "$cma") + 1 + 1 + 2 + 1 + 1 + 1 + 1))
check "dmastream loads and creates /dev/dmastream" test -c /dev/dmastream
list=$(dmastream list)
echo "$list" | sed "s/^/$KI# /"
if echo "$list" | grep -q "^memcpy .* $dev .*memcpy"; then ok "dmastream list: memcpy role on dma330"
else not_ok "dmastream list: memcpy role on dma330" "no memcpy line on $dev"; fi
# The memcpy channel is taken while /dev/dmastream is open.
exec 3< /dev/dmastream
chan=$(grep "^chan role=memcpy[^ ]* .* device=$dev " /sys/kernel/debug/dmastream/buffers)
exec 3<&-
echo "$KI# $chan"
case "$chan" in
*" dma_mask=0xffffffff "*" bounce=0 "*) ok "the client maps against dma330's device: 32-bit DMA mask, no forced bounce" ;;
*) not_ok "the client maps against dma330's device: 32-bit DMA mask, no forced bounce" "'$chan'" ;;
esac
check "swiotlb trace event on" bounce_trace_start

# bounced KIND MIN: DMA_KIND's mappings since bounce_trace_start: at
# least MIN, all of buffers above 4 GiB (MIN 0: none at all).
bounced() {
	read -r _nb _above _mask <<EOF2
$(bounce_trace_count $dev)
EOF2
	if [ "$2" = 0 ]; then
		if [ "$_nb" = 0 ]; then ok "$1 buffers (below 4 GiB): no mapping bounced"
		else not_ok "$1 buffers (below 4 GiB): no mapping bounced" "$_nb bounced"; fi
	elif [ "$_nb" -ge "$2" ] && [ "$_above" = "$_nb" ] && [ "$_mask" = ffffffff ]; then
		ok "$1 buffers: $_nb mappings bounced, every one of a buffer above 4 GiB"
	else
		not_ok "$1 buffers: >= $2 mappings bounced, all above 4 GiB" "$_nb bounced, $_above above, mask $_mask"
	fi
	bounce_trace_start
}

for size in $single; do
	check "memcpy single $size B, offsets 1/0, verified" \
		dmastream memcpy --size $size --src-offset 1 --verify --iterations 2
done
bounced single $(( $(n "$single") * 2 ))
for size in $sg; do
	check "memcpy sg $size B, offsets 4093/1, verified" \
		dmastream memcpy --size $size --kind sg --src-offset 4093 --dst-offset 1 --verify --iterations 2
done
bounced sg $(( $(n "$sg") * 2 ))
for size in $cma; do
	check "memcpy CMA $size B, verified" dmastream memcpy --size $size --kind cma --verify --iterations 2
done
bounced CMA 0
check "8 transfers in flight x 10 rounds, verified" \
	dmastream memcpy --size 12345 --count 8 --iterations 10 --verify

c0=$(ds_stat sync_for_cpu) d0=$(ds_stat sync_for_device) m0=$(ds_stat mappings)
check "500 reused bounced buffers rounds with syncs, verified" \
	dmastream memcpy --size 4096 --iterations 500 --verify --offset 1
c1=$(ds_stat sync_for_cpu) d1=$(ds_stat sync_for_device) m1=$(ds_stat mappings)
if [ $((c1 - c0)) -ge 1000 ] && [ $((d1 - d0)) -ge 1000 ] && [ $((m1 - m0)) = 2 ]; then
	ok "reuse: $((c1 - c0)) for_cpu and $((d1 - d0)) for_device syncs, 2 mappings"
else
	not_ok "reuse: >= 1000 syncs each way, 2 mappings" \
		"for_cpu $((c1 - c0)), for_device $((d1 - d0)), mappings $((m1 - m0))"
fi
bounced "single (8 in flight, reused)" 18
out=$(dmastream memcpy --size 65536 --iterations 50 --verify --json)
echo "$KI# $out"
case "$out" in
*'"transfers":50'*'"errors":0'*'"verify_errors":0'*'"p99":'*) ok "--json summary" ;;
*) not_ok "--json summary" "$out" ;;
esac
echo 0 > $SWTRACE/events/swiotlb/swiotlb_bounced/enable
# doctor: healthy (this kernel has no DMA-API debugging: the doctor warns
# so and judges the rest), bounce pool use included.
if dmastream doctor > /tmp/doc.txt 2>&1; then ok "dmastream doctor passes"
else not_ok "dmastream doctor passes" "exit $?"; fi
sed "s/^/$KI# /" /tmp/doc.txt
ds_teardown
check "dmastream unloads cleanly" test ! -e /dev/dmastream
