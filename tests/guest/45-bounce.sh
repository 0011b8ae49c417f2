# SPDX-License-Identifier: GPL-2.0
# Bounce mode (boot with a restricted-dma-pool on the PL330): every mapping
# is bounced, so data only moves at map/unmap/sync.  Transfers must pass,
# the pool statistics must show use, and skipping one sync (debug switch)
# must make the data check fail: proof that the checks see missing syncs.

if ! ds_bounce; then
	plan 1
	skip "bounce-mode proof" "not a bounce boot (no restricted pool on the PL330)"
	exit 0
fi
plan 19
ds_setup
pool=$(ls -d /sys/kernel/debug/swiotlb/restricted-dma*/ 2>/dev/null | head -1)
if [ -z "$pool" ]; then
	not_ok "restricted DMA pool statistics in debugfs"
	ds_teardown
	exit 0
fi
P=/sys/module/dmastream_core/parameters
# The high-water mark is reset first (writing 0, 6.12), so it shows these
# transfers' use, not an earlier test's: 64 KiB in flight both ways is at
# least 64 of swiotlb's 2-KiB slots.
echo 0 > $pool/io_tlb_used_hiwater 2>/dev/null
h0=$(cat $pool/io_tlb_used_hiwater)
want=1
[ "$h0" = 0 ] && want=64
check "memcpy single through the bounce pool, verified" \
	dmastream memcpy --size 65536 --iterations 20 --verify --offset 5
check "memcpy sg through the bounce pool, verified" \
	dmastream memcpy --size 300000 --kind sg --iterations 5 --verify --src-offset 4095
h1=$(cat $pool/io_tlb_used_hiwater)
if [ "$h1" -ge $((h0 + want)) ]; then
	ok "bounce pool used: io_tlb_used_hiwater $h0 -> $h1 slots (>= $want more)"
else
	not_ok "bounce pool used: >= $want more slots" "io_tlb_used_hiwater $h0 -> $h1"
fi

# A skipped sync must be caught by the data check (exit status 3).
proof() { # DESC PARAM CLI-ARGS...
	_d=$1 _p=$2
	shift 2
	echo 1 > $P/$_p
	dmastream "$@" > /tmp/proof.out 2>&1
	_rc=$?
	if [ $_rc = 3 ]; then
		ok "$_d: data check fails"
	else
		not_ok "$_d: data check fails" "exit status $_rc, want 3 (verify mismatch)"
		sed 's/^/# /' /tmp/proof.out
	fi
	grep -m1 'verify' /tmp/proof.out | sed 's/^/# /'
	if [ "$(cat $P/$_p)" = 0 ]; then ok "$_d: the switch was consumed"; else not_ok "$_d: the switch was consumed"; echo 0 > $P/$_p; fi
	check "$_d: passes again without the skip" dmastream "$@"
}
s0=$(ds_stat skipped_for_cpu) s1=$(ds_stat skipped_for_device)
proof "skip one for_cpu sync (single)" skip_cpu_sync memcpy --size 4096 --verify
proof "skip one for_cpu sync (sg)" skip_cpu_sync memcpy --size 20000 --kind sg --verify --offset 1
proof "skip one for_device sync (single)" skip_dev_sync memcpy --size 4096 --verify
proof "skip one for_device sync (sg)" skip_dev_sync memcpy --size 20000 --kind sg --verify --offset 1
c=$(( $(ds_stat skipped_for_cpu) - s0 )) d=$(( $(ds_stat skipped_for_device) - s1 ))
if [ $c = 2 ] && [ $d = 2 ]; then ok "exactly 2 + 2 syncs were skipped"; else not_ok "exactly 2 + 2 syncs were skipped" "for_cpu $c, for_device $d"; fi

# The pool exhausted: 40 x 2 buffers of 256 KiB is 20 MiB in a 16-MiB pool.
# The mapping that does not fit is refused (dma_mapping_error) with ENOMEM;
# nothing leaks and the next transfers work.
b0=$(ds_stat buffers)
dmastream memcpy --size 256k --count 40 --no-progress > /tmp/full.out 2>&1
rc=$?
if [ $rc != 0 ] && grep -q 'Cannot allocate memory' /tmp/full.out; then
	ok "bounce pool exhausted: the mapping is refused with ENOMEM"
else
	not_ok "bounce pool exhausted: the mapping is refused with ENOMEM" "exit $rc: $(head -1 /tmp/full.out)"
fi
b1=$(ds_stat buffers)
[ "$b1" = "$b0" ] && ok "bounce pool exhausted: every buffer freed ($b1 live)" ||
	not_ok "bounce pool exhausted: every buffer freed" "$b0 live before, $b1 after"
check "bounce pool exhausted: memcpy works again afterwards" \
	dmastream memcpy --size 65536 --iterations 5 --verify --no-progress
ds_teardown
