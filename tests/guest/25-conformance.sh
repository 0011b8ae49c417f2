# SPDX-License-Identifier: GPL-2.0
# dmaengine conformance suite (tests/kmod/dma_conformance.c: the public
# client API only) against two providers in one boot.  Upstream pl330
# first: its results are informative (diag lines and "@@CONF upstream"
# lines, never counted as ours); then dma330, which must pass every case.
# Slave channels come from the UART0 client node's dmas (no driver is
# bound to that node here).  "@@CONF PROVIDER CASE RESULT" lines feed
# `make conformance`'s table.
# Excluded here, because the whole boot is judged by its kernel log: on
# upstream, issue_idle (pl330_issue_pending WARNs on an empty queue); on
# dma330, cyclic_pcm (an unpaced cyclic transfer livelocks the emulated CPU
# in dma330's interrupt handler: QEMU asserts every request line, so each
# pass ends inside the write that starts it).
#   stack.conf_msgs=N       messages of spi_noack_stream (module default 20000)
#   stack.conf_full=1       no exclusions on upstream (its WARN then shows)
#   stack.conf_cyclic=1     run cyclic_pcm on dma330 too (hangs old dma330)
# (`make conformance` sets conf_full; CONF_CYCLIC=1 sets conf_cyclic.)
conf=$MODDIR/tests/dma_conformance.ko
args="slave_dev=e0000000.dma-client"
up_ex=exclude=issue_idle
# Upstream's half runs only under `make conformance` (stack.conf_upstream=1):
# upstream pl330 was seen to oops in its interrupt handler
# (pl330_start_thread) during the suite, which kills the whole boot.
upstream=0
ours_ex=exclude=cyclic_pcm
for _a in $(cat /proc/cmdline); do
	case "$_a" in
	stack.conf_msgs=*) args="$args msgs=${_a#*=}" ;;
	stack.conf_full=1) up_ex= ;;
	stack.conf_upstream=1) upstream=1 ;;
	stack.conf_cyclic=1) ours_ex= ;;
	esac
done
res=/sys/kernel/debug/kunit/dma_conformance/results

# conf_table TAG: one "@@CONF TAG CASE pass|FAIL|skip [REASON]" per case
# (cases left out by only= belong to the other run of the split).
conf_table() {
	awk -v tag="$1" '/^[ \t]+(not )?ok [0-9]+ / {
		r = ($1 == "not") ? "FAIL" : "pass"
		name = ($1 == "not") ? $4 : $3
		why = ""
		if ($0 ~ /# SKIP/) { r = "skip"; why = $0; sub(/.*# SKIP */, "", why) }
		if (why ~ /^not selected by only=/) next
		print "@@CONF", tag, name, r, why
	}' $res
}

# The long no-ACK stream runs on its own: each insmod blocks for its whole
# suite, and a 20 s block is a hung-task report on this kernel.
splits="only=spi_noack_stream only=!spi_noack_stream"

# conf_upstream: both runs against upstream, as diag lines only.
conf_upstream() {
	for _s in $splits; do
		if ! insmod $conf provider=dma-pl330 $args $up_ex $_s; then
			diag "dma_conformance ($_s) did not load against upstream pl330"
			continue
		fi
		sed 's/^/#   /' $res
		conf_table upstream
		rmmod dma_conformance
	done
}

# conf_ours: both runs against dma330, one result each (kunit_run's form,
# plus the table lines before the module goes).
conf_ours() {
	for _s in $splits; do
		if ! insmod $conf provider=dma330 $args $ours_ex $_s; then
			not_ok "dma_conformance against dma330 ($_s)" "insmod failed"
			continue
		fi
		# The suite's block inside ours, as kunit_run (lib.sh) puts it.
		sed '1,2d; $d; s/^/    /' $res | sed "s/^/$KI/"
		conf_table dma330
		if ! tail -n 1 $res | grep -q '^ok 1 ' || grep -q '^[ \t]*not ok' $res; then
			not_ok "dma_conformance against dma330 ($_s)"
		else
			ok "dma_conformance against dma330 ($_s)"
		fi
		rmmod dma_conformance
	done
}

# Debug kernels: upstream pl330 leaks on remove (see 10-smoke.sh).  Its
# leaks are reported here and forgotten, but only if nothing was suspected
# before it was loaded (a clear would also forget earlier leaks of ours).
kml=/sys/kernel/debug/kmemleak
kml_count() {
	echo scan > $kml
	echo scan > $kml
	grep -c 'unreferenced object' $kml
}
kml_before=0
[ -w $kml ] && kml_before=$(kml_count)
taint() { _t=$(cat /proc/sys/kernel/tainted); echo $(( _t & 512 )); }

plan $((4 + 2 * upstream))

# Upstream pl330: informative only.
if [ $upstream = 0 ]; then
	diag "upstream pl330 not run here (make conformance runs it)"
elif check "upstream pl330 loads" insmod $MODDIR/upstream/pl330.ko; then
	diag "upstream pl330 (informative, not counted):"
	w0=$(taint)
	conf_upstream
	[ "$(taint)" = "$w0" ] ||
		echo "@@CONFNOTE upstream: the kernel WARNed during its run (see the log)"
	# KUnit also logs upstream's results to the kernel log, and the final
	# dmesg dump would count them: print the log so far here (as diag
	# lines, still scanned for kernel reports) and clear it.
	dmesg -c | sed 's/^/# dmesg: /'
	check "upstream pl330 unloads" rmmod pl330
	if [ -w $kml ] && [ "$kml_before" = 0 ]; then
		diag "kmemleak after upstream pl330: $(kml_count) objects (upstream's, forgotten)"
		echo clear > $kml
	fi
else
	skip "upstream pl330 unloads" "it did not load"
fi

# dma330: every case must pass.
if check "dma330 loads" insmod $MODDIR/dma330.ko; then
	conf_ours
	check "dma330 unloads" rmmod dma330
else
	not_ok "dma_conformance against dma330 (only=spi_noack_stream)" "dma330 did not load"
	not_ok "dma_conformance against dma330 (only=!spi_noack_stream)" "dma330 did not load"
	skip "dma330 unloads" "it did not load"
fi
