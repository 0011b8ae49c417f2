# SPDX-License-Identifier: GPL-2.0
# dmastream slave transfers through UART0 (Cadence UART, DMA on both sides),
# checked byte for byte by the host: every tx prints '@@HOST expect-tx',
# every rx chunk asks for bytes ('@@HOST feed') and reports them
# ('@@HOST check-rx').  The RX FIFO is filled before each DEV_TO_MEM: QEMU
# asserts peripheral requests always, so an empty FIFO would read zeros.

plan 17
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

# One MEM_TO_DEV descriptor made of a 1024-entry scatterlist (4-byte
# entries, as an SPI/UART driver builds one): the host compares every byte
# it sent (the expect-tx lines), the client reports the list it built.
out=$(dmastream tx --size 4096 --kind sg --segment 4 --seed 12 --hex --json 2>&1)
rc=$?
case "$rc:$out" in
0:*'"nents_min":1024,"nents_max":1024}'*)
	ok "tx 4096 B as one 1024-entry scatterlist (4 B entries)" ;;
*)	not_ok "tx 4096 B as one 1024-entry scatterlist (4 B entries)" "exit $rc: $out" ;;
esac
# refused SIZE-ARGS... -- TEXT: exits non-zero, naming what was wrong.
refused() {
	_d=$1 _t=$2
	shift 2
	_o=$("$@" 2>&1) && { not_ok "$_d" "'$*' succeeded: $_o"; return; }
	case "$_o" in
	*"$_t"*) ok "$_d" ;;
	*) not_ok "$_d" "'$*' did not say '$_t': $_o" ;;
	esac
}
refused "tx --segment 0 refused" "a scatterlist entry must hold at least one byte" \
	dmastream tx --size 64 --segment 0 --hex
refused "tx --segment larger than the transfer refused" "larger than the 64 bytes of the transfer" \
	dmastream tx --size 64 --segment 65 --hex
refused "tx of more than 4096 entries refused" "make more than 4096 scatterlist entries" \
	dmastream tx --size 8192 --kind sg --segment 1 --hex

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
