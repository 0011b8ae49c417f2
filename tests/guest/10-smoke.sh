# SPDX-License-Identifier: GPL-2.0
# Platform smoke test: the board, the PL330 node and the image are what the
# other tests assume.
amba=/sys/bus/amba/devices/f8003000.dma-controller
# 5 checks here, then 4 (bounce boot) or 1 below
if bounce_mode; then plan 9; else plan 6; fi
check "PL330 node became an AMBA device" test -d $amba
diag "PL330 peripheral id: $(cat $amba/id 2>/dev/null)"
check "DMA-API debugging is on" test -f /sys/kernel/debug/dma-api/error_count
check "our provider module is in the image" test -f $MODDIR/dma330.ko
check "our client modules are in the image" test -f $MODDIR/dmastream.ko -a -f $MODDIR/dmastream_core.ko
check "upstream pl330 and dmatest are in the image" \
	test -f $MODDIR/upstream/pl330.ko -a -f $MODDIR/upstream/dmatest.ko

# Debug kernels: upstream pl330 (6.12) never frees its channel array
# (pl330->peripherals) nor its first descriptor block on remove.  Those are
# reported here as upstream's and forgotten, so the final kmemleak scan
# judges our modules only (nothing of ours has been loaded yet).
upstream_leaks() {
	_kml=/sys/kernel/debug/kmemleak
	[ -w $_kml ] || return 0
	echo scan > $_kml
	echo scan > $_kml
	_n=$(grep -c 'unreferenced object' $_kml)
	diag "kmemleak after loading and unloading upstream pl330: $_n objects (upstream's leaks)"
	grep 'unreferenced object' $_kml | sed 's/^/#   /'
	echo clear > $_kml
}

# dt_u32 FILE DEFAULT: a one-cell DT property, or DEFAULT when absent.
dt_u32() {
	[ -r "$1" ] || { echo "$2"; return; }
	# shellcheck disable=SC2046
	set -- $(od -An -tu1 "$1")
	echo $(($1 << 24 | $2 << 16 | $3 << 8 | $4))
}

bounce=no
bounce_mode && bounce=yes
case "$bounce" in
yes)
	check "restricted DMA pool created at boot" \
		sh -c "dmesg | grep -q 'created restricted DMA pool'"
	# The pool is assigned (and its statistics appear) when a driver binds.
	if check "dma330 binds the PL330 in bounce mode" insmod $MODDIR/dma330.ko; then
		check "restricted DMA pool is assigned to the PL330" \
			sh -c "dmesg | grep -q 'assigned reserved memory node restricted-dma'"
		check "bounce pool statistics are in debugfs" \
			sh -c 'ls /sys/kernel/debug/swiotlb/restricted-dma*/io_tlb_used_hiwater'
		rmmod dma330 || not_ok "dma330 unloads"
	fi
	;;
*)
	# The reference driver must work on this board: it is what we measure
	# against.  It registers a channel per thread or per request line,
	# whichever are more (the Zynq: 8 threads, 4 lines; the paced-* SoC
	# boots' DTs say what their PL330 has).
	node=/proc/device-tree/axi/dma-controller@f8003000
	thr=$(dt_u32 $node/dma-channels 8)
	req=$(dt_u32 $node/dma-requests 4)
	want=$((thr > req ? thr : req))
	if insmod $MODDIR/upstream/pl330.ko; then
		n=$(ls /sys/class/dma | grep -c chan)
		if [ "$n" = $want ]; then ok "upstream pl330 registers $want channels"; else not_ok "upstream pl330 registers $want channels" "found $n"; fi
		rmmod pl330 || not_ok "upstream pl330 unloads"
		upstream_leaks
	else
		not_ok "upstream pl330 loads"
	fi
	;;
esac
