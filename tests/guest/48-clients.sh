# SPDX-License-Identifier: GPL-2.0
# Any number of client DT nodes (zynq-qemu-two-clients.dts): UART0 through
# /dev/dmastream, a word of on-chip RAM standing for a second peripheral's
# FIFO through /dev/dmastream1, each node with its own channels, both
# served by the one host module at the same time.

plan 8
ds_setup
check "second client node: /dev/dmastream1" test -c /dev/dmastream1
if dmesg | grep -q 'dma-client@fffe0000.*served by /dev/dmastream1' ||
	dmesg | grep -q 'fffe0000.dma-client: served by /dev/dmastream1'; then
	ok "second client node bound, served by /dev/dmastream1"
else
	not_ok "second client node bound, served by /dev/dmastream1" "$(dmesg | grep -i 'dma-client' | tail -3)"
fi
tx0=$(dmastream list | sed -n 's/^tx  *\(dma[0-9]*chan[0-9]*\) .*/\1/p')
tx1=$(dmastream --device /dev/dmastream1 list | sed -n 's/^tx  *\(dma[0-9]*chan[0-9]*\) .*/\1/p')
dmastream --device /dev/dmastream1 list | sed 's/^/# /'
if [ -n "$tx0" ] && [ -n "$tx1" ] && [ "$tx0" != "$tx1" ]; then
	ok "each node has its own tx channel ($tx0, $tx1)"
else
	not_ok "each node has its own tx channel" "'$tx0' and '$tx1'"
fi
# The "FIFO" is one word: after a tx it holds the last word sent, and an
# rx reads that word back at every beat.
out=$(dmastream --device /dev/dmastream1 tx --size 64 --seed 5 --hex --host-out - 2>&1)
sent=$(echo "$out" | sed -n 's/^@@HOST expect-tx //p')
last=$(echo "$sent" | tail -c 9)
if [ ${#sent} = 128 ]; then ok "tx 64 B into the second node's FIFO"; else not_ok "tx 64 B into the second node's FIFO" "$out"; fi
out=$(dmastream --device /dev/dmastream1 rx --size 16 --hex --host-out - 2>&1)
got=$(echo "$out" | sed -n 's/^@@HOST check-rx //p')
if [ -n "$last" ] && [ "$got" = "$last$last$last$last" ]; then
	ok "rx 16 B from it: the last word sent, 4 times ($last)"
else
	not_ok "rx 16 B from it: the last word sent, 4 times" "sent ...$last, got '$got': $out"
fi
check "memcpy through /dev/dmastream1, verified" \
	dmastream --device /dev/dmastream1 memcpy --size 65536 --verify --iterations 3
check "UART0 still served by /dev/dmastream (host-checked)" dmastream tx --size 32 --seed 6 --hex
ds_teardown
check "both character devices gone with the module" test ! -e /dev/dmastream1 -a ! -e /dev/dmastream
