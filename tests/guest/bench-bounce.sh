# SPDX-License-Identifier: GPL-2.0
# make bench-bounce (tools/bench/bench-bounce), on the virt64 rig: the
# throughput of dmastream memcpy through dma330 with buffers swiotlb must
# bounce (single: the page allocator's, above 4 GiB) and buffers it need
# not (cma: allocated for a 32-bit device, below 4 GiB), side by side in
# one boot, alternating, stack.bench_rounds rounds of each.  Two patterns:
#   cpu: the CPU writes the source and reads the destination every
#        transfer (--verify), with the syncs that takes: a bounced buffer
#        is copied at each of them
#   dma: the CPU touches the buffers once, the DMA moves them again and
#        again (no sync: the bounce slots are the device's)
# Each figure: "@@BOUNCE PATTERN SIZE KIND ROUND MBPS" for the host.
dev=90c0000.dma-controller
rounds=5
for arg in $(cat /proc/cmdline); do
	case "$arg" in stack.bench_rounds=*) rounds=${arg#stack.bench_rounds=} ;; esac
done
sizes="4096 65536 262144"
plan $((1 + 2 * 3 * 2 * rounds + 1))
ds_setup
check "swiotlb trace event on" bounce_trace_start
# (iterations: about the same bytes at every size, a few seconds a run)
iters() { case $1 in 4096) echo 2000 ;; 65536) echo 300 ;; *) echo 100 ;; esac; }
for pattern in cpu dma; do
	v=
	[ $pattern = cpu ] && v=--verify
	for size in $sizes; do
		for r in $(seq "$rounds"); do
			for kind in single cma; do
				out=$(dmastream memcpy --size "$size" --kind $kind $v \
					--iterations "$(iters "$size")" --json --no-progress)
				mbps=$(echo "$out" | sed -n 's/.*"throughput_MBps":\([0-9.]*\).*/\1/p')
				case "$out" in
				*'"errors":0,'*'"verify_errors":0,'*)
					echo "@@BOUNCE $pattern $size $kind $r $mbps"
					ok "$pattern $size B $kind round $r: $mbps MB/s" ;;
				*) not_ok "$pattern $size B $kind round $r" "$out" ;;
				esac
			done
		done
	done
done
read -r nb above mask <<EOF
$(bounce_trace_count $dev)
EOF
# 3 mappings of single buffers a run, each bounced: the source, the
# destination, and before it the destination once TO_DEVICE (the client
# writes its zeroes back before a FROM_DEVICE mapping).  CMA: none.
want=$((3 * 3 * 2 * rounds))
if [ "$nb" = "$want" ] && [ "$above" = "$nb" ]; then
	ok "swiotlb bounced the single buffers' $nb mappings (all above 4 GiB), no CMA one"
else
	not_ok "swiotlb bounced the single buffers' $want mappings, no CMA one" "$nb bounced, $above above 4 GiB"
fi
