# SPDX-License-Identifier: GPL-2.0
# Harness self-test, active only when the host asks for it with
# stack.selftest= on the kernel command line: the host then expects the run
# to FAIL, proving that a broken test and a kernel WARN are both caught.
case "$(cat /proc/cmdline)" in
*stack.selftest=wrong-data*)
	printf 'abc' > /tmp/sent
	printf 'abd' > /tmp/received
	check "deliberately broken: received data equals sent data" cmp /tmp/sent /tmp/received
	;;
*stack.selftest=warn*)
	insmod $MODDIR/tests/harness_warn.ko
	rmmod harness_warn
	ok "deliberate WARN triggered (the host must fail this run)"
	;;
esac
