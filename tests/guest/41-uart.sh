# SPDX-License-Identifier: GPL-2.0
# dmastream slave transfers through UART0 (Cadence UART, DMA on both sides),
# checked byte for byte by the host: every tx prints '@@HOST expect-tx',
# every rx chunk asks for bytes ('@@HOST feed') and reports them
# ('@@HOST check-rx').  The RX FIFO is filled before each DEV_TO_MEM: QEMU
# asserts peripheral requests always, so an empty FIFO would read zeros.

plan 13
ds_setup
if ! dmesg | grep -q 'dmastream.*Cadence UART'; then
	not_ok "UART0 client bound" "no 'Cadence UART' probe message from dmastream"
	ds_teardown
	exit 0
fi
ok "UART0 client bound"

check "tx 48 B (MEM_TO_DEV, single buffer)" dmastream tx --size 48 --seed 7 --hex
check "tx 1 B" dmastream tx --size 1 --pattern 0x41 --hex
check "tx 300 B (much more than the TX FIFO)" dmastream tx --size 300 --seed 8 --hex
check "tx 4097 B from an sg buffer at offset 4093" \
	dmastream tx --size 4097 --kind sg --offset 4093 --seed 9 --hex
check "tx 17 B x 20 rounds, one buffer reused" dmastream tx --size 17 --iterations 20 --seed 10 --hex
check "tx 100 B x 8 queued per round, 3 rounds, sent in order" dmastream tx --size 100 --count 8 --iterations 3 --seed 11 --hex

check "rx 16 B (DEV_TO_MEM after the FIFO holds them)" dmastream rx --size 16 --feed --hex
check "rx 1 B" dmastream rx --size 1 --feed --hex
depth=$(dmastream list --json | sed -n 's/.*"fifo_depth":\([0-9]*\).*/\1/p')
check "rx $depth B (a full FIFO)" dmastream rx --size $depth --feed --hex
check "rx 200 B in FIFO-sized chunks into an sg buffer at offset 4090" \
	dmastream rx --size 200 --feed --kind sg --offset 4090 --hex
check "rx 100 B in 7-byte chunks, burst 1" dmastream rx --size 100 --feed --chunk 7 --hex
expect_fail "rx beyond the FIFO without --feed is refused" dmastream rx --size 100
diag "$(grep . /sys/kernel/debug/dmastream/stats | tr '\n' ' ')"
ds_teardown
