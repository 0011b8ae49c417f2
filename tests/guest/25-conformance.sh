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
# pass ends inside the write that starts it).  `make conformance` runs them.
#   stack.conf_msgs=N       messages of spi_noack_stream (module default 20000)
#   stack.conf_full=1       no exclusions on upstream (its WARN then shows)
#   stack.conf_cyclic=1     run cyclic_pcm on dma330 too (hangs old dma330)
conf=$MODDIR/tests/dma_conformance.ko
args="slave_dev=e0000000.dma-client"
up_ex=exclude=issue_idle
ours_ex=exclude=cyclic_pcm
for _a in $(cat /proc/cmdline); do
	case "$_a" in
	stack.conf_msgs=*) args="$args msgs=${_a#*=}" ;;
	stack.conf_full=1) up_ex= ;;
	stack.conf_cyclic=1) ours_ex= ;;
	esac
done
res=/sys/kernel/debug/kunit/dma_conformance/results

# conf_table TAG: one "@@CONF TAG CASE pass|FAIL|skip [REASON]" per case.
conf_table() {
	awk -v tag="$1" '/^[ \t]+(not )?ok [0-9]+ / {
		r = ($1 == "not") ? "FAIL" : "pass"
		name = ($1 == "not") ? $4 : $3
		why = ""
		if ($0 ~ /# SKIP/) { r = "skip"; why = $0; sub(/.*# SKIP */, "", why) }
		print "@@CONF", tag, name, r, why
	}' $res
}

plan 5

# Upstream pl330: informative only.
if check "upstream pl330 loads" insmod $MODDIR/upstream/pl330.ko; then
	diag "upstream pl330 (informative, not counted):"
	if insmod $conf provider=dma-pl330 $args $up_ex; then
		sed 's/^/#   /' $res
		conf_table upstream
		rmmod dma_conformance
		# KUnit also logs upstream's results to the kernel log, and the
		# final dmesg dump would count them: print the log so far
		# here (as diag lines, still scanned for kernel reports) and
		# clear it.
		dmesg -c | sed 's/^/# dmesg: /'
	else
		diag "dma_conformance did not load against upstream pl330"
	fi
	check "upstream pl330 unloads" rmmod pl330
else
	skip "upstream pl330 unloads" "it did not load"
fi

# dma330: every case must pass.
if check "dma330 loads" insmod $MODDIR/dma330.ko; then
	# kunit_run's report, plus the table lines before the module goes
	if insmod $conf provider=dma330 $args $ours_ex; then
		echo "    # Subtest: dma_conformance/dma330"
		sed -n '/^[ \t]*\(not \)\{0,1\}ok [0-9]/p; /^[ \t]*# /p' $res |
			sed 's/^/    /'
		conf_table dma330
		if grep -q '^[ \t]*not ok' $res; then
			not_ok "dma_conformance against dma330"
		else
			ok "dma_conformance against dma330"
		fi
		rmmod dma_conformance
	else
		not_ok "dma_conformance against dma330" "insmod failed"
	fi
	check "dma330 unloads" rmmod dma330
else
	not_ok "dma_conformance against dma330" "dma330 did not load"
	skip "dma330 unloads" "it did not load"
fi
