# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# run.sh -- run every test/t-*.sh under $TEST_SHELL (default sh), print
# their TAP, and end with "N passed, N failed".  Exits non-zero if any test
# failed, a file died, or a file's plan does not match what it ran.
#
#   sh test/run.sh [FILE...]         TEST_SHELL='bash --posix' sh test/run.sh
#   prove -e sh test/t-*.sh          (each file alone: TAP with a plan)
#
# With no FILE: every file, then the files that test the child and the
# bounds once more on the fork path (HOOKS_TEST_FORK=1) where the build
# would otherwise start scripts with posix_spawn.  The files run at the
# same time (most of the bounds tests' time is waiting), each into a file
# of its own, printed in order; TEST_JOBS=1 runs them one after the other
# (make check-valgrind and check-tsan do, as their runtimes are heavy).

cd "$(dirname "$0")/.." || exit 1
TEST_SHELL=${TEST_SHELL:-sh}
dir=$(mktemp -d "${TMPDIR:-/tmp}/hooks-run.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
passed=0
failed=0

forked=
if [ $# -eq 0 ]; then
    set -- test/t-*.sh
    case $("${APITEST:-${TESTBIN:-./test}/apitest}" features 2>/dev/null) in
    *posix_spawn*) forked="test/t-child.sh test/t-bounds.sh" ;;
    esac
fi

# start N FILE FORK: run FILE into $dir/N.out, its exit status into
# $dir/N.status.
start() {
    # shellcheck disable=SC2086  # TEST_SHELL may carry options
    HOOKS_TEST_FORK=$3 $TEST_SHELL "$2" >"$dir/$1.out" 2>&1
    echo $? >"$dir/$1.status"
}

n=0
for t in "$@" -- $forked; do
    [ "$t" = -- ] && { fork=1; continue; }
    n=$((n + 1))
    echo "$t${fork:+ (fork path)}" >"$dir/$n.name"
    if [ "${TEST_JOBS:-}" = 1 ]; then
        start "$n" "$t" "${fork:-}"
    else
        start "$n" "$t" "${fork:-}" &
    fi
done
wait

i=0
while [ $i -lt $n ]; do
    i=$((i + 1))
    t=$(cat "$dir/$i.name")
    echo "# $t ($TEST_SHELL)"
    cat "$dir/$i.out"
    status=$(cat "$dir/$i.status" 2>/dev/null || echo 99)
    p=$(grep -c '^ok ' "$dir/$i.out")
    f=$(grep -c '^not ok ' "$dir/$i.out")
    plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$dir/$i.out" | tail -n 1)
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
