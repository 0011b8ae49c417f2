# SPDX-License-Identifier: GPL-2.0
# dmastream client: module, KUnit suite, memcpy through /dev/dmastream
# (single, sg, CMA, heap buffers; 1 B to 8 MiB; odd offsets; reuse).

ds_setup
# What one mapping / the whole bounce pool can take (bounce boots only).
maxmap=$(dmastream list --json | sed -n 's/.*"max_map_size":\([0-9]*\).*/\1/p')
pool=0
for f in /sys/kernel/debug/swiotlb/restricted-dma*/io_tlb_nslabs; do
	[ -f "$f" ] && ds_bounce && pool=$(( $(cat $f) * 2048 ))
done
# fits BYTES-MAPPED-AT-ONCE TOTAL: can the bounce pool take this?
fits() { [ "$pool" = 0 ] || [ "$1" -le "$maxmap" -a "$2" -le $((pool * 3 / 4)) ]; }
diag "largest single mapping $maxmap B; bounce pool $pool B"
# Results: 8 on the module and its roles, the KUnit module's suites (2:
# against a mock provider and against dma330),
# 13 single sizes, 1 (2 when 4 MiB does not fit), 7 sg sizes, 3 mixed,
# 1 + 3 + 2 a DMA-BUF heap + 3 reuse + json + progress + unload, 4 on
# user memory (pinned, udmabuf), and 7 memset / interleaved.
heaps=0
for h in /dev/dma_heap/*; do [ -e "$h" ] && heaps=$((heaps + 1)); done
fits 4194304 8388608; big=$?
plan $((8 + 2 + 4 + 13 + 1 + big + 7 + 3 + 1 + 3 + 2 * heaps + 3 + 1 + 1 + 1 + 7))
check "dmastream loads and creates /dev/dmastream" test -c /dev/dmastream
mode=$(stat -c %a /dev/dmastream)
if [ "$mode" = 600 ]; then ok "/dev/dmastream is root-only (0600)"; else not_ok "/dev/dmastream is root-only (0600)" "mode $mode"; fi
check "dmastream list" dmastream list
list=$(dmastream list)
echo "$list" | sed 's/^/# /'
# One line per role: its channel, controller and capabilities.
for r in "memcpy .* f8003000.dma-controller .*memcpy" \
	"tx .* f8003000.dma-controller .*slave.*m2d" \
	"rx .* f8003000.dma-controller .*slave.*d2m"; do
	if echo "$list" | grep -q "^$r"; then ok "dmastream list: ${r%% *} role on dma330 with its capabilities"
	else not_ok "dmastream list: ${r%% *} role" "no line matching '$r'"; fi
done
probe=$(dmesg | grep 'dmastream.*FIFO at' | tail -1)
if [ -n "$probe" ]; then
	ok "DT client node bound (UART0 FIFO)"
else
	not_ok "DT client node bound (UART0 FIFO)" "no probe message"
fi
# The memcpy channel: the one the DT names (optional "memcpy" dma-name,
# zynq-qemu-bounce.dts), else any channel that can memcpy.
names=/proc/device-tree/axi/dma-client@e0000000/dma-names
if [ -r $names ] && tr '\0' '\n' < $names | grep -qx memcpy; then
	case "$probe" in
	*"memcpy dma"*"chan"*) ok "memcpy channel from the DT's 'memcpy' dma-name: ${probe##*memcpy }" ;;
	*) not_ok "memcpy channel from the DT's 'memcpy' dma-name" "$probe" ;;
	esac
else
	case "$probe" in
	*"memcpy any") ok "no 'memcpy' dma-name: any memcpy channel" ;;
	*) not_ok "no 'memcpy' dma-name: any memcpy channel" "$probe" ;;
	esac
fi

# The in-kernel API against a mock provider and against dma330 (a user of
# the library's public header only).
kunit_run $MODDIR/tests/dmastream_kunit.ko


# memcpy, single buffers: sizes around page and FIFO boundaries, odd offsets
# (4 apart: word beats; the provider's byte and halfword beats, 4 times
# slower on the emulator, are tested in 20-provider and 30-dmatest).
for size in 1 2 3 63 64 65 4095 4096 4097 65537 262141 1048571 4194299; do
	if fits $((size + 5)) $((2 * size + 8)); then
		check "memcpy single $size B, offsets 5/1, verified" \
			dmastream memcpy --size $size --src-offset 5 --dst-offset 1 --verify --iterations 2
	else
		skip "memcpy single $size B" "one mapping of that size does not fit the bounce pool"
	fi
done
if fits 4194304 8388608; then
	check "memcpy single 4 MiB, verified" dmastream memcpy --size 4M --verify
else
	skip "memcpy single 4 MiB" "bounce pool too small"
	expect_fail "single buffer beyond the largest mapping is refused" \
		dmastream memcpy --size 1M --verify
fi
# scatter-gather buffers: segments of source and destination never line up.
for size in 1 5 4096 12289 65535 1048576 4194304; do
	if fits 4096 $((2 * size + 8192)); then
		check "memcpy sg $size B, offsets 4093/1, verified" \
			dmastream memcpy --size $size --kind sg --src-offset 4093 --dst-offset 1 --verify --iterations 2
	else
		skip "memcpy sg $size B" "source + destination exceed the bounce pool"
	fi
done
if fits 1048578 2097160; then
	check "memcpy single -> sg 1 MiB + 1, verified" \
		dmastream memcpy --size 1048577 --src-kind single --dst-kind sg --offset 1 --verify
	check "memcpy sg -> single 333333 B, verified" \
		dmastream memcpy --size 333333 --src-kind sg --dst-kind single --src-offset 11 --verify
	check "memcpy CMA 8 MiB, verified" dmastream memcpy --size 8M --kind cma --verify
else
	check "memcpy single -> sg 200001 B, verified" \
		dmastream memcpy --size 200001 --src-kind single --dst-kind sg --offset 1 --verify
	check "memcpy CMA 128 KiB, verified" dmastream memcpy --size 128k --kind cma --verify
	skip "memcpy CMA 8 MiB" "one 8 MiB mapping cannot go through the bounce pool"
fi
check "8 transfers in flight x 10 rounds, verified" \
	dmastream memcpy --size 12345 --count 8 --iterations 10 --verify
for p in inc 0x00 0xff; do
	check "memcpy pattern $p, verified" dmastream memcpy --size 4099 --pattern $p --verify --iterations 3
done

# memset and interleaved (2-D) copies on the memcpy channel: --verify
# prefills the whole destination from the CPU and checks every byte, those
# the device must not touch (around the range, between frames) included.
check "memset single 4093 B at offset 3, value 0x5a, verified" \
	dmastream memset --size 4093 --dst-offset 3 --value 0x5a --verify --iterations 2
check "memset sg 65537 B at offset 4093 (17 pages), value 0, verified" \
	dmastream memset --size 65537 --kind sg --dst-offset 4093 --value 0 --verify
check "memset 1 B, the last of a page, value 255, verified" \
	dmastream memset --size 1 --dst-offset 4095 --value 255 --verify
check "interleaved: a 100 x 48 rectangle out of a 640-wide image, verified" \
	dmastream interleaved --frames 48 --chunk 100 --src-stride 640 --dst-stride 128 \
		--src-offset 3 --dst-offset 1 --verify --iterations 2
check "interleaved sg: 50 frames of 333 B, strides 1000/401, frames across pages, verified" \
	dmastream interleaved --kind sg --frames 50 --chunk 333 --src-stride 1000 \
		--dst-stride 401 --src-offset 5 --dst-offset 7 --verify
check "interleaved sg: 3 frames of 4097 B back to back, verified" \
	dmastream interleaved --kind sg --frames 3 --chunk 4097 --verify --count 2
out=$(dmastream interleaved --frames 16 --chunk 64 --src-stride 256 --dst-stride 96 \
	--iterations 5 --verify --json)
echo "# $out"
case "$out" in
*'"op":"interleaved"'*'"transfers":5'*'"errors":0'*'"verify_errors":0'*) ok "interleaved --json summary" ;;
*) not_ok "interleaved --json summary" "$out" ;;
esac

# DMA-BUF heaps: buffers from /dev/dma_heap/*, imported by the client.
for h in /dev/dma_heap/*; do
	[ -e "$h" ] || continue
	n=$(basename $h)
	check "memcpy heap '$n' -> heap '$n' 64 KiB + 5, verified" \
		dmastream memcpy --size 65541 --heap $n --verify --iterations 3
	check "memcpy client sg -> heap '$n', verified" \
		dmastream memcpy --size 10000 --src-kind sg --dst-heap $n --verify
done
[ -e /dev/dma_heap/system ] || not_ok "DMA-BUF system heap present" "no /dev/dma_heap/system"

# The program's own memory (calloc()ed, pinned by the client) and a memfd
# through the kernel's udmabuf: memory the device could not use as it is
# (a virtual address, scattered pages) handed over as a scatterlist.
check "memcpy into the program's own memory (pinned), 1 MiB + 1, verified" \
	dmastream memcpy --size 1048577 --src-kind sg --dst-kind user --verify --iterations 2
check "memcpy from the program's own memory, 100003 B at odd offsets, verified" \
	dmastream memcpy --size 100003 --src-kind user --dst-kind sg --offset 7 --verify --iterations 3
out=$(dmastream memcpy --size 262144 --kind user --segments --verify --quiet 2>&1)
n=$(echo "$out" | sed -n 's/^destination: \([0-9]*\) segments.*/\1/p')
echo "$out" | head -6 | sed 's/^/# /'
if [ "${n:-0}" -gt 1 ]; then ok "256 KiB of the program's memory: $n DMA segments (pages not contiguous)"
else not_ok "256 KiB of the program's memory: scattered pages, several segments" "$out"; fi
check "memcpy udmabuf (memfd) -> udmabuf 64 KiB, verified" \
	dmastream memcpy --size 65536 --kind udmabuf --verify --iterations 3

# Buffer reuse: 1000 rounds, each with START/END syncs on both buffers.
c0=$(ds_stat sync_for_cpu) d0=$(ds_stat sync_for_device) m0=$(ds_stat mappings)
check "1000 reused-buffer rounds with syncs, verified" \
	dmastream memcpy --size 4096 --iterations 1000 --verify --offset 1
c1=$(ds_stat sync_for_cpu) d1=$(ds_stat sync_for_device) m1=$(ds_stat mappings)
if [ $((c1 - c0)) -ge 2000 ] && [ $((d1 - d0)) -ge 2000 ]; then
	ok "reuse: $((c1 - c0)) for_cpu and $((d1 - d0)) for_device syncs"
else
	not_ok "reuse: >= 2000 syncs each way" "for_cpu $((c1 - c0)), for_device $((d1 - d0))"
fi
# Two buffers, each mapped once for all 1000 rounds.
if [ $((m1 - m0)) = 2 ]; then ok "reuse: 2 mappings for 1000 rounds (no remap)"
else not_ok "reuse: 2 mappings for 1000 rounds (no remap)" "$((m1 - m0)) mappings"; fi

# Summary output.
out=$(dmastream memcpy --size 65536 --iterations 50 --verify --json)
echo "# $out"
case "$out" in
*'"transfers":50'*'"errors":0'*'"verify_errors":0'*'"p99":'*) ok "--json summary" ;;
*) not_ok "--json summary" "$out" ;;
esac
dmastream memcpy --size 64k --kind sg --iterations 20 | sed 's/^/# /'

# Progress bar: shown on stderr (forced with --progress) once a run lasts > 1 s.
js=$(dmastream memcpy --size 4096 --iterations 4000 --progress --json 2>/tmp/bar.err)
secs=$(echo "$js" | sed -n 's/.*"seconds":\([0-9]*\)\..*/\1/p')
if [ "${secs:-0}" -lt 1 ]; then
	skip "progress bar on runs longer than 1 s" "the run took under a second"
elif grep -q '100% 4000/4000' /tmp/bar.err; then
	ok "progress bar on runs longer than 1 s"
else
	not_ok "progress bar on runs longer than 1 s" "$(tail -c 200 /tmp/bar.err)"
fi

ds_teardown
check "dmastream unloads cleanly" test ! -e /dev/dmastream
