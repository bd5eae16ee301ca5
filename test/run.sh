# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# run.sh -- run every test/t-*.sh under $TEST_SHELL (default sh), print
# their TAP, and end with "N passed, N failed".  Exits non-zero if any test
# failed, a file died, or a file's plan does not match what it ran.
#
#   sh test/run.sh [FILE...]         TEST_SHELL='bash --posix' sh test/run.sh
#   prove -e sh test/t-*.sh          (each file alone: TAP with a plan)

cd "$(dirname "$0")/.." || exit 1
TEST_SHELL=${TEST_SHELL:-sh}
out=$(mktemp "${TMPDIR:-/tmp}/hooks-run.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT
passed=0
failed=0

[ $# -gt 0 ] || set -- test/t-*.sh
for t in "$@"; do
    echo "# $t ($TEST_SHELL)"
    # shellcheck disable=SC2086  # TEST_SHELL may carry options
    $TEST_SHELL "$t" >"$out"
    status=$?
    cat "$out"
    p=$(grep -c '^ok ' "$out")
    f=$(grep -c '^not ok ' "$out")
    plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$out" | tail -n 1)
    if [ "${plan:-x}" != "$((p + f))" ]; then
        echo "not ok - $t: plan '${plan:-none}' but $((p + f)) tests ran"
        f=$((f + 1))
    elif [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - $t: exited $status with no failed test"
        f=$((f + 1))
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
