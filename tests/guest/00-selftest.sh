# SPDX-License-Identifier: GPL-2.0
# Harness self-test, active only when the host asks for it with
# stack.selftest=WHAT on the kernel command line: the host then expects the
# run to FAIL, for the reason WHAT names (tests/run-all), proving that the
# harness catches it.
st=
for a in $(cat /proc/cmdline); do
	case "$a" in stack.selftest=*) st=${a#stack.selftest=} ;; esac
done
case "$st" in
"")
	plan 0 ;;
wrong-data)
	plan 1
	printf 'abc' > /tmp/sent
	printf 'abd' > /tmp/received
	check "deliberately broken: received data equals sent data" cmp /tmp/sent /tmp/received
	;;
warn|oops|dmaapi|lockdep|kasan|hung)
	plan 1
	# hung: the hung-task detector (checks every timeout) must see insmod
	# in D state for longer than its timeout.
	[ "$st" = hung ] && echo 1 > /proc/sys/kernel/hung_task_timeout_secs
	insmod $MODDIR/tests/harness_warn.ko what=$st
	rmmod harness_warn 2>/dev/null
	ok "deliberate '$st' report triggered (the host must fail this run)"
	;;
early-exit)
	# Declares 2, prints 1 and leaves: the plan must catch it.
	plan 2
	ok "the first of two planned results"
	exit 0
	;;
skip)
	plan 1
	skip "a skip no boot expects" "deliberate"
	;;
stray-result)
	# A tool printing a KTAP-looking line at the document's top level.
	plan 1
	ok "a result of ours"
	echo "ok 1 stray line from some tool"
	;;
*)
	plan 1
	not_ok "stack.selftest=$st" "unknown self-test"
	;;
esac
