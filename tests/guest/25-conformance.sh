# SPDX-License-Identifier: GPL-2.0
# dmaengine conformance suite (tests/kmod/dma_conformance.c: the public
# client API only).  dma330 first, which must pass every case; then, under
# `make conformance` only, upstream pl330, informative ("@@CONF upstream"
# lines and diag lines, never counted as ours).  Upstream was seen to oops
# in its interrupt handler (pl330_start_thread) during the suite, which
# kills the boot: the module announces each case on the console
# ("@@CONF-START PROVIDER CASE"), so the log names the case that did it,
# and tools/conformance/run boots again for upstream's remaining cases.
# Slave channels come from the UART0 client node's dmas.  On the built-in
# kernel dma330 is part of the kernel (the in-tree build, on the kernel's
# virt-dma): it is used as it is, with no insmod or rmmod.
# "@@CONF PROVIDER CASE RESULT" lines feed `make conformance`'s table.
# Excluded here, because the whole boot is judged by its kernel log: on
# upstream, issue_idle (pl330_issue_pending WARNs on an empty queue).
# cyclic_pcm runs on dma330 here with every pass ending inside the write
# that starts it (QEMU asserts every request line): dma330 once restarted
# such passes in its interrupt handler for good, a livelock.
#   stack.conf_msgs=N       messages of spi_noack_stream (module default 20000)
#   stack.conf_full=1       no exclusions on upstream (its WARN then shows)
#   stack.conf_upstream=1   run upstream's half
#   stack.conf_ours=0       not dma330's half (a boot for upstream's rest)
#   stack.conf_up_skip=A,B  upstream cases not to run (done in earlier boots)
#   stack.conf_up_rounds=N  upstream's runs N times (its oops is intermittent)
# (`make conformance` sets conf_full and conf_upstream.)
conf=$MODDIR/tests/dma_conformance.ko
args="slave_dev=e0000000.dma-client"
up_ex=exclude=issue_idle
# Upstream's half runs only under `make conformance` (stack.conf_upstream=1):
# upstream pl330 was seen to oops in its interrupt handler
# (pl330_start_thread) during the suite, which kills the whole boot.
upstream=0
ours_ex=
ours=1
up_skip=
up_rounds=1
for _a in $(cat /proc/cmdline); do
	case "$_a" in
	stack.conf_msgs=*) args="$args msgs=${_a#*=}" ;;
	stack.conf_full=1) up_ex= ;;
	stack.conf_upstream=1) upstream=1 ;;
	stack.conf_ours=0) ours=0 ;;
	stack.conf_up_skip=*) up_skip=$(echo "${_a#*=}" | tr ',' ' ') ;;
	stack.conf_up_rounds=*) up_rounds=${_a#*=} ;;
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

# conf_upstream: upstream's runs, as diag lines only; the module announces
# each case on the console ("@@CONF-START dma-pl330 CASE"), so a case that
# kills the boot is named in the log.  up_skip cases (a later boot's: done,
# or killers) are left out.
conf_upstream() {
	_x=$(echo "${up_ex#exclude=} $up_skip" | tr ' ' '\n' | grep . | paste -sd, -)
	for _s in $splits; do
		case "$_s" in
		only=!*) _s="$_s${_x:+,$_x}" ;;
		*) case " $up_skip " in *" ${_s#only=} "*) continue ;; esac ;;
		esac
		if ! insmod $conf provider=dma-pl330 $args $_s; then
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

builtin=0
[ -d /sys/bus/amba/drivers/dma330 ] && [ ! -e /sys/module/dma330/initstate ] &&
	builtin=1
modular=$((1 - builtin))

plan $((4 * ours + modular * ours + 2 * upstream))

# dma330: every case must pass.
if [ $ours = 0 ]; then
	diag "dma330 not run in this boot (stack.conf_ours=0)"
elif [ $builtin = 1 ]; then
	ok "dma330 is built in (the in-tree build, on the kernel's virt-dma)"
	# The built-in dmastream holds the client node's channels (and cannot
	# be unbound): a second dma_request_chan() of that node clashes in
	# sysfs ("cannot create duplicate filename .../dma:rx", a kernel
	# report).  So no slave_dev here: the slave case skips, and runs in
	# the boots of the out-of-tree build.
	args=$(echo "$args" | sed 's/slave_dev=[^ ]*//')
	conf_ours
	check "dma330 still bound after the suite" test -e /sys/bus/amba/drivers/dma330/f8003000.dma-controller
elif check "dma330 loads" insmod $MODDIR/dma330.ko; then
	conf_ours
	check "dma330 unloads" rmmod dma330
	check "dma330 left no event, interrupt or fault behind" pl330_quiet
else
	not_ok "dma_conformance against dma330 (only=spi_noack_stream)" "dma330 did not load"
	not_ok "dma_conformance against dma330 (only=!spi_noack_stream)" "dma330 did not load"
	skip "dma330 unloads" "it did not load"
fi

# Upstream pl330: informative only, after ours (its oops must not cost
# dma330's results).
if [ $upstream = 0 ]; then
	diag "upstream pl330 not run here (make conformance runs it)"
elif check "upstream pl330 loads" insmod $MODDIR/upstream/pl330.ko; then
	diag "upstream pl330 (informative, not counted):"
	w0=$(taint)
	for _r in $(seq $up_rounds); do
		conf_upstream
	done
	echo "@@CONF-END upstream"
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
