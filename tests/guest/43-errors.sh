# SPDX-License-Identifier: GPL-2.0
# dmastream: every user-space error path, each checked for its errno by
# dmastream-uapi-test (one KTAP line per check), plus the CLI's own checks.

# dmastream-uapi-test runs 187 checks (one result each; with --gate, as
# here on dma330); then the warning count, the CMA exhaustion message (not
# on a bounce boot: the check is skipped there), the RLIMIT_MEMLOCK
# refusal's message, 6 CLI checks.
# Adding a check to dmastream-uapi-test means raising the 187.
cma=1
ds_bounce && cma=0
plan $((187 + 1 + cma + 1 + 6))
ds_setup
# Room to ask for more than the CMA pool, to see it refused cleanly.
echo 64 > /sys/module/dmastream/parameters/max_buf_mb
dir=$(ds_gate_dir)
args=
if [ -n "$dir" ]; then
	args="--gate $dir $(sed -n 's/^first_free_event: //p' $dir/stats)"
fi
echo "@@uapi-start" > /dev/kmsg
refused0=$(ds_stat refused)
dmastream-uapi-test $args > /tmp/uapi.out 2>&1
rc=$?
refused1=$(ds_stat refused)
while IFS= read -r line; do
	case "$line" in
	"PASS "*) ok "${line#PASS }" ;;
	"FAIL "*) l=${line#FAIL }; not_ok "${l%%: *}" "${l#*: }" ;;
	"SKIP "*) l=${line#SKIP }; skip "${l%%: *}" "${l#*: }" ;;
	*) diag "$line" ;;
	esac
done < /tmp/uapi.out
[ $rc -le 1 ] || not_ok "dmastream-uapi-test ran" "exit status $rc"
# Illegal uses are refused every time and warned about once per module load
# (dmastream was loaded fresh by ds_setup above).
w=$(dmesg | sed -n '/@@uapi-start/,$p' | grep -c 'submission refused: buffer is owned by the CPU')
if [ "$w" = 1 ] && [ $((refused1 - refused0)) -ge 2 ]; then
	ok "illegal use: $((refused1 - refused0)) refusals, one warning"
else
	not_ok "illegal use: refused each time, warned once" "$((refused1 - refused0)) refusals, $w warnings"
fi
if ! grep -q '^PASS ALLOC CMA beyond the pool' /tmp/uapi.out; then
	: # not tried (bounce pool): reported as a SKIP above
elif dmesg | grep -q 'CMA exhausted: .*CMA pool of [0-9]* MiB'; then
	ok "CMA exhaustion names the pool size"
	dmesg | grep 'CMA exhausted' | tail -1 | sed 's/^/# /'
else
	not_ok "CMA exhaustion names the pool size"
fi
# A pin beyond RLIMIT_MEMLOCK is refused (ENOMEM above) and says why.
m=$(dmesg | sed -n '/@@uapi-start/,$p' | grep 'RLIMIT_MEMLOCK' | tail -1)
case "$m" in
*"pinning 1 page"*"RLIMIT_MEMLOCK"*) ok "RLIMIT_MEMLOCK refusal names the limit"; diag "$m" ;;
*) not_ok "RLIMIT_MEMLOCK refusal names the limit" "${m:-no message}" ;;
esac
echo 16 > /sys/module/dmastream/parameters/max_buf_mb

expect_fail "CLI: memcpy without --size" dmastream memcpy
expect_fail "CLI: unknown command" dmastream frobnicate
expect_fail "CLI: bad --pattern" dmastream memcpy --size 16 --pattern zz
expect_fail "CLI: unknown --kind" dmastream memcpy --size 16 --kind huge
expect_fail "CLI: buffer beyond max_buf_size" dmastream memcpy --size 64M
check "CLI: --help" dmastream --help
ds_teardown
