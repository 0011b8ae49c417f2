# SPDX-License-Identifier: GPL-2.0
# The paced rig only (stack.boot=paced; no boot but the paced ones names
# this script): transfers that really run after DMAGO with no test gate
# holding them (tests/kmod/dma330_paced_kunit.c): tx_status polling of a
# running copy, pause/resume and terminate wherever the copy is, and a
# MEM_TO_DEV stream through UART0 paused and resumed many times, every
# byte of which the host compares (the expect-tx lines come from debugfs:
# printed by the kernel they would reach the host twice, with the dmesg
# dump); and a cyclic DEV_TO_MEM from UART0 started on an empty FIFO,
# fed one period at a time by the host (a feeder here waits until the
# case is ready), each period checked by the host (check-rx lines, also
# from debugfs).  dmastream is loaded only to set UART0 up (clocks, 8N1).
plan 5
if ! paced_rig; then
	for _t in "dma330 loads" "dmastream loads (sets UART0 up)" \
		"dma330_paced_kunit/dma330_paced" "dmastream unloads" "dma330 unloads"; do
		not_ok "$_t" "16-paced runs on the paced rig only (stack.boot=paced)"
	done
	exit 0
fi
check "dma330 loads" insmod $MODDIR/dma330.ko || exit 0
check "dmastream loads (sets UART0 up)" ds_insmod
# (@@HOST lines go to the console: the scripts' stdout is captured.  A
# kernel message printed meanwhile would cut a line in two: the console
# shows none during the dump; they stay in the log, for the dmesg dump.)
paced_host_lines() {
	_lvl=$(cut -f1 /proc/sys/kernel/printk)
	echo 1 > /proc/sys/kernel/printk
	cat /sys/kernel/debug/dma330_paced/tx /sys/kernel/debug/dma330_paced/rx > /dev/console
	echo "$_lvl" > /proc/sys/kernel/printk
}
# 16 feeds of one 256-byte period each, 50 ms apart, once rx_cyclic waits
paced_feeder() {
	_rdy=/sys/kernel/debug/dma330_paced/rx_ready
	for _i in $(seq 1200); do
		[ "$(cat $_rdy 2>/dev/null)" = Y ] && break
		nap 0.05
	done
	[ "$(cat $_rdy 2>/dev/null)" = Y ] || return
	for _i in $(seq 16); do
		echo "@@HOST feed 256" > /dev/console
		nap 0.05
	done
}
paced_feeder &
feeder=$!
KUNIT_BEFORE_RMMOD=paced_host_lines kunit_run $MODDIR/tests/dma330_paced_kunit.ko
kill $feeder 2>/dev/null
wait $feeder 2>/dev/null
check "dmastream unloads" ds_rmmod
check "dma330 unloads" rmmod dma330
