# SPDX-License-Identifier: GPL-2.0
# The virt64 rig (tools/distro/virt64): Debian's own arm64 kernel on QEMU's
# arm64 virt board with 6 GiB of RAM and a PL330 (tools/qemu/patches/0008,
# in the DT QEMU generates).  dma330 declares the PL330's 32-bit AXI reach
# as its DMA mask, so the stock dmatest's buffers, which the page allocator
# takes above 4 GiB here, are bounced through swiotlb: swiotlb's trace
# event shows every bounced mapping with its address.
dev=90c0000.dma-controller
amba=/sys/bus/amba/devices/$dev
. /opt/stack/virt64-info
plan 19
if [ "$(uname -r)" = "$VIRT64_KREL" ] && [ "$(uname -m)" = aarch64 ]; then
	ok "booted Debian's $VIRT64_KREL ($VIRT64_VERSION) on aarch64"
else
	not_ok "booted Debian's $VIRT64_KREL on aarch64" "$(uname -r) $(uname -m)"
fi
diag "$(uname -v)"
# /proc/iomem: "40000000-1bfffffff : System RAM" (6 GiB from 1 GiB)
top=$(sed -n 's/^\([0-9a-f]*\)-\([0-9a-f]*\) : System RAM$/\2/p' /proc/iomem | tail -1)
if [ -n "$top" ] && [ $((0x$top)) -ge $((0x100000000)) ]; then
	ok "RAM above 4 GiB (System RAM up to 0x$top)"
else
	not_ok "RAM above 4 GiB" "System RAM up to 0x${top:-?}"
fi
slabs=$(cat /sys/kernel/debug/swiotlb/io_tlb_nslabs 2>/dev/null)
if [ "${slabs:-0}" -gt 0 ]; then
	ok "swiotlb is set up: $slabs slots of 2 KiB ($((slabs / 512)) MiB)"
else
	not_ok "swiotlb is set up" "io_tlb_nslabs '${slabs:-missing}'"
fi
# Debian's arm64 has PL330_DMA=m: nothing binds the controller unless
# pl330.ko is loaded, and this image has none.
if [ -d $amba ] && [ ! -e $amba/driver ] && ! grep -q '^pl330 ' /proc/modules; then
	ok "the PL330 of QEMU's DT is an AMBA device, no driver bound at boot"
else
	not_ok "the PL330 is an AMBA device, no driver bound at boot" \
		"$(ls -d $amba 2>&1) driver '$(readlink $amba/driver)'"
fi
check "dma330 loads on Debian's arm64 kernel" insmod $MODDIR/dma330.ko || exit 0
drv=$(readlink $amba/driver)
if [ "${drv##*/}" = dma330 ]; then ok "dma330 bound the PL330"
else not_ok "dma330 bound the PL330" "driver '${drv:-none}'"; fi
n=$(ls -d $amba/dma/dma*chan* 2>/dev/null | wc -l)
if [ "$n" -ge 8 ]; then ok "dma330 registered $n channels"
else not_ok "dma330 registered its channels" "$n channels"; fi

check "swiotlb trace event on" bounce_trace_start
# dt NAME PARAMS...: one dmatest run (lib.sh), one result.  The buffers
# stay within one swiotlb mapping (256 KiB: dmatest maps a whole buffer).
dt() {
	_name=$1
	shift
	_out=$(dmatest_run device=$dev timeout=30000 "$@")
	_rc=$?
	_sum=$(echo "$_out" | awk '/summary/ { t++; if (match($0, /summary [0-9]+ tests/)) { s = substr($0, RSTART + 8); n += s + 0 } }
		END { print t + 0, n + 0 }')
	if [ $_rc = 0 ]; then
		ok "dmatest $_name: ${_sum% *} threads, ${_sum#* } tests, 0 failures"
	else
		not_ok "dmatest $_name"
		echo "$_out" | tail -20 | sed "s/^/$KI# /"
	fi
}
dt "memcpy 4096 B, 4 ch x 1 thr" chans=4 iterations=50 test_buf_size=16384 transfer_size=4096
dt "memcpy 65536 B, 4 ch x 1 thr" chans=4 iterations=20 test_buf_size=65536 transfer_size=65536
dt "memcpy 262144 B, 2 ch x 1 thr" chans=2 iterations=5 test_buf_size=262144 transfer_size=262144
dt "memcpy random <= 256 KiB, 8 ch x 2 thr" chans=8 threads_per_chan=2 iterations=10 test_buf_size=262144
dt "memcpy 1 B, 8 ch x 1 thr" chans=8 iterations=50 test_buf_size=4096 transfer_size=1
dt "memcpy 4097 B, 4 ch x 1 thr, polled" polled=1 chans=4 iterations=20 test_buf_size=16384 transfer_size=4097
dt "memset 65536 B, 2 ch x 1 thr" dmatest=1 chans=2 iterations=10 test_buf_size=65536 transfer_size=65536

read -r nb above mask <<EOF
$(bounce_trace_count $dev)
EOF
diag "swiotlb_bounced for $dev: $nb mappings, $above of buffers above 4 GiB, dma_mask $mask"
grep -m 3 "dev_name: $dev " $SWTRACE/trace | sed "s/^ */$KI# /"
if [ "$nb" -gt 0 ] && [ "$mask" = ffffffff ]; then
	ok "dmatest's mappings for the PL330 were bounced by swiotlb ($nb), for its 32-bit mask"
else
	not_ok "dmatest's mappings for the PL330 were bounced by swiotlb" "$nb bounced, mask $mask"
fi
if [ "$nb" -gt 0 ] && [ "$above" = "$nb" ]; then
	ok "every bounce was of a buffer above 4 GiB, none forced ($above of $nb)"
else
	not_ok "every bounce was of a buffer above 4 GiB, none forced" "$above of $nb"
fi
echo 0 > $SWTRACE/events/swiotlb/swiotlb_bounced/enable
used=$(cat /sys/kernel/debug/swiotlb/io_tlb_used)
if [ "$used" = 0 ]; then ok "every bounce slot given back (io_tlb_used 0)"
else not_ok "every bounce slot given back" "io_tlb_used $used"; fi
check "dma330 unloads" rmmod dma330
