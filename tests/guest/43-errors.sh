# SPDX-License-Identifier: GPL-2.0
# dmastream: every user-space error path, each checked for its errno by
# dmastream-uapi-test (one KTAP line per check), plus the CLI's own checks.

ds_setup
# Room to ask for more than the CMA pool, to see it refused cleanly.
echo 64 > /sys/module/dmastream/parameters/max_buf_mb
dir=$(ds_gate_dir)
args=
if [ -n "$dir" ]; then
	args="--gate $dir $(sed -n 's/^first_free_event: //p' $dir/stats)"
fi
dmastream-uapi-test $args > /tmp/uapi.out 2>&1
rc=$?
while IFS= read -r line; do
	case "$line" in
	"PASS "*) ok "${line#PASS }" ;;
	"FAIL "*) l=${line#FAIL }; not_ok "${l%%: *}" "${l#*: }" ;;
	"SKIP "*) l=${line#SKIP }; skip "${l%%: *}" "${l#*: }" ;;
	*) diag "$line" ;;
	esac
done < /tmp/uapi.out
[ $rc -le 1 ] || not_ok "dmastream-uapi-test ran" "exit status $rc"
if ! grep -q '^PASS ALLOC CMA beyond the pool' /tmp/uapi.out; then
	: # not tried (bounce pool): reported as a SKIP above
elif dmesg | grep -q 'CMA exhausted: .*CMA pool of [0-9]* MiB'; then
	ok "CMA exhaustion names the pool size"
	dmesg | grep 'CMA exhausted' | tail -1 | sed 's/^/# /'
else
	not_ok "CMA exhaustion names the pool size"
fi
echo 16 > /sys/module/dmastream/parameters/max_buf_mb

expect_fail "CLI: memcpy without --size" dmastream memcpy
expect_fail "CLI: unknown command" dmastream frobnicate
expect_fail "CLI: bad --pattern" dmastream memcpy --size 16 --pattern zz
expect_fail "CLI: unknown --kind" dmastream memcpy --size 16 --kind huge
expect_fail "CLI: buffer beyond max_buf_size" dmastream memcpy --size 64M
check "CLI: --help" dmastream --help
ds_teardown
