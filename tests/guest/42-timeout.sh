# SPDX-License-Identifier: GPL-2.0
# dmastream timeout path: a transfer held by the dma330 gate hook (DMAWFE on
# an event nobody signals) must time out, the channel be terminated, the
# buffers come back to the CPU, and the channel work again afterwards.

plan 5
ds_setup
dir=$(ds_gate_dir)
if [ -z "$dir" ]; then
	not_ok "dma330 gate hook present" "no /sys/kernel/debug/dma330/*/ (provider not ours?)"
	ds_teardown
	exit 0
fi
ev=$(sed -n 's/^first_free_event: //p' $dir/stats)
diag "gate: $dir event $ev"
t0=$(ds_stat timeouts)
echo 1024 > $dir/gate_every
echo $ev > $dir/gate_event
check "gated memcpy times out with ETIMEDOUT" \
	dmastream memcpy --size 4096 --timeout-ms 300 --expect-error ETIMEDOUT
check "gated memcpy (sg, odd offset) times out with ETIMEDOUT" \
	dmastream memcpy --size 20000 --kind sg --offset 3 --timeout-ms 200 --expect-error ETIMEDOUT
echo 18446744073709551615 > $dir/gate_event  # PL330_NO_EVENT (-1) as u64
t1=$(ds_stat timeouts)
if [ $((t1 - t0)) = 2 ]; then ok "2 timeouts counted, each terminated the channel"; else not_ok "2 timeouts counted" "got $((t1 - t0))"; fi
if dmesg | grep -q 'dmastream: transfer timed out after 300 ms.*terminating the channel'; then
	ok "timeout reported in the kernel log"
else
	not_ok "timeout reported in the kernel log"
fi
check "channel works after the terminate (verified memcpy)" \
	dmastream memcpy --size 65536 --iterations 10 --verify
ds_teardown
