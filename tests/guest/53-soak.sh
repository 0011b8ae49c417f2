# SPDX-License-Identifier: GPL-2.0
# Soak: stock dmatest (memcpy, verification on, rounds of 20 transfers of up to 16 KiB per
# thread) on 13 dma330 channels x 4
# threads for stack.soak_seconds (default 60; `make soak` 600), while the
# client runs a mixed load: memcpy with verification (single, sg, odd
# offsets), slave TX to UART0 and slave RX of host-fed bytes (checked by the
# host).  13 = 16 virtual channels - tx and rx (held by the client) - the
# client's memcpy channel.  0 failures, no kernel report.
secs=60
for a in $(cat /proc/cmdline); do
	case "$a" in stack.soak_seconds=*) secs=${a#*=} ;; esac
done
dev=f8003000.dma-controller
plan 7
check "dma330 loads" insmod $MODDIR/dma330.ko || return 0 2>/dev/null || exit 0
check "dmastream loads" ds_insmod

# Client load first: it must hold its memcpy channel before dmatest takes
# the rest.  One file stays open for the whole soak.
exec 9<> /dev/dmastream
# The paced rig moves a few MB/s of host time for everyone: the client's
# copies stay within its 2-s transfer timeout there (64 KiB at most),
# and the host checks every TX byte (--hex), see below.
txhex= big=1048576 sg=256k
if paced_rig; then txhex=1 big=65536 sg=16k; else echo "@@HOST tx-unchecked soak on stock QEMU" > /dev/console; fi
end=$(( $(cut -d. -f1 /proc/uptime) + secs ))
(
	i=0 fails=0 n=0
	while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
		i=$((i + 1))
		case $((i % 4)) in
		0) dmastream memcpy --size $((1 + i * 7919 % big)) --offset $((i % 13)) --verify --no-progress --quiet ;;
		1) dmastream memcpy --size $sg --kind sg --count 4 --verify --no-progress --quiet ;;
		# The host checks every TX byte (--hex) on the paced rig only:
		# stock QEMU ignores the TX FIFO's room (request lines always
		# asserted), so under load its UART drops bytes a real one
		# would never be sent (seen: 6105 of 6117 arrived).  41-uart
		# checks every TX byte on stock QEMU on an idle system.
		2) if [ -n "$txhex" ]; then
			dmastream tx --size $((1 + i % 300)) --seed $i --hex --no-progress --quiet
		   else
			dmastream tx --size $((1 + i % 300)) --seed $i --no-progress --quiet > /dev/null
		   fi ;;
		3) dmastream memcpy --size 4k --iterations 50 --verify --no-progress --quiet ;;
		esac || fails=$((fails + 1))
		n=$((n + 1))
	done
	echo "$n $fails" > /tmp/soak-client
) &
client=$!

# dmatest in bounded rounds, not iterations=0: a dmatest thread whose
# transfers complete before it waits never sleeps, and on a kernel without
# preemption an endless one starves everything else (soft lockup).
# Each round is counted as it ends (its own mark in the kernel log): ten
# minutes of dmatest lines overflow the log buffer, so the start of the
# soak is long gone from dmesg by its end.
rounds=0 threads=0 tests=0 fails=0
: > /tmp/soak-bad
while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
	# every channel the client does not hold (13), 4 threads each
	out=$(dmatest_run device=$dev threads_per_chan=4 iterations=20 \
		test_buf_size=16384 timeout=30000 norandom=N noverify=N)
	[ -n "$out" ] || { echo "round $rounds: dmatest did not run" >> /tmp/soak-bad; break; }
	sum=$(echo "$out" | grep 'dmatest: .*summary')
	echo "$out" | grep -v -e ' 0 failures ' -e '^$' >> /tmp/soak-bad
	set -- $(echo "$sum" | awk '{ n++; for (i = 1; i < NF; i++) {
		if ($(i+1) == "tests,") t += $i; if ($(i+1) == "failures") f += $i } }
		END { print n + 0, t + 0, f + 0 }')
	threads=$((threads + $1)) tests=$((tests + $2)) fails=$((fails + $3))
	[ "$1" = 0 ] && echo "round $rounds: no dmatest summary" >> /tmp/soak-bad
	rounds=$((rounds + 1))
done
diag "soak: $rounds dmatest rounds of 13 channels x 4 threads x 20 transfers"
wait $client
exec 9>&-
if [ $rounds -gt 0 ] && [ $fails = 0 ] && [ ! -s /tmp/soak-bad ]; then
	ok "soak ${secs}s: dmatest $threads threads, $tests verified transfers, 0 failures"
else
	not_ok "soak ${secs}s: dmatest with 0 failures" \
		"$rounds rounds, $tests transfers, $fails failures: $(grep -v '^$' /tmp/soak-bad | head -3)"
fi
read -r cn cf < /tmp/soak-client
[ "${cf:-1}" = 0 ] && ok "soak ${secs}s: client mixed load, $cn runs, 0 failures" ||
	not_ok "soak ${secs}s: client mixed load with 0 failures" "$cf of $cn runs failed"
# Slave RX of host-fed bytes, checked by the host (needs --uart0 pipe).
check "soak: slave RX of host-fed bytes after the soak (host checks them)" dmastream rx --size 16 --feed --hex --no-progress --quiet
check "soak: dmastream unloads" ds_rmmod
check "soak: dma330 unloads" rmmod dma330
