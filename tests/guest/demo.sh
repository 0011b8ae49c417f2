# SPDX-License-Identifier: GPL-2.0
# `make run`: show the stack working, step by step, each step a KTAP result.
echo
echo "== 1. Load our PL330 provider (dma330)"
plan 7
if check "dma330 loads" insmod $MODDIR/dma330.ko; then
	chans=$(ls /sys/class/dma | grep -c chan)
	ls /sys/class/dma | tr '\n' ' '; echo
	if [ "$chans" -gt 0 ]; then ok "$chans dmaengine channels registered"; else not_ok "channels registered"; fi
	dmesg | grep -i 'dma330' | sed 's/^\[[^]]*\] /# /' | tail -5
fi

echo
echo "== 2. Load the client framework (dmastream) and list what it sees"
check "dmastream loads" ds_insmod
dmastream list

echo
echo "== 3. One verified memcpy through /dev/dmastream"
check "64 KiB memcpy, verified" dmastream memcpy --size 65536 --verify
dmastream memcpy --size 65536 --verify 2>&1 | tail -3

echo
echo "== 4. One slave transfer: DMA into UART0's FIFO, checked on the host"
check "48-byte MEM_TO_DEV to UART0" dmastream tx --size 48 --seed 7 --hex

echo
echo "== 5. A streaming ring: 200 captured periods, paced by the provider's gates"
check "capture ring: 8 periods of 1 KiB, 200 periods, data checked" \
	dmastream stream --loopback --pace-us 1000 --periods 8 --period-bytes 1024 --count 200 --check
dmastream stream --loopback --pace-us 1000 --periods 8 --period-bytes 1024 --count 200 --check 2>&1 | tail -4

echo
echo "== 6. The kernel's stock dmatest against our provider"
if out=$(dmatest_run device=f8003000.dma-controller chans=1 iterations=50 test_buf_size=4096); then
	ok "dmatest: 50 memcpy transfers, 0 failures"
else
	not_ok "dmatest: 50 memcpy transfers, 0 failures"
fi
echo "$out"

ds_rmmod
rmmod dma330
echo
