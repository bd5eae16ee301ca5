# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# tsan.sh -- make check-tsan: the whole suite (the threads tests among it)
# with hookrun, apitest, examples/embed and examples/hostd built with
# -fsanitize=thread, then a check that ThreadSanitizer reported nothing.
#
#   sh test/tsan.sh TSANDIR PLAINDIR
#
# TSANDIR: all and the helpers built with -fsanitize=thread.  PLAINDIR: the
# same built plainly; its test fixtures (the hooks hookcat and hookprobe,
# tlimit) are used: they are single-threaded, and a TSan program's start-up
# alone, in each of the suite's thousands of hook runs, would make the
# threads test take minutes.  Environment: what test/run.sh takes.
#
# UNDER_TSAN=1 and APITEST_NV (the plain apitest) let a test that cannot
# run under TSan run the plain program and say so.
#
# TSAN_OPTIONS: halt_on_error=1, exitcode=66: a report ends the program
# with status 66, and log_path keeps it in TSANDIR/tsanlog, so a report
# fails the scan even where a test does not look at a status (a host run
# by "env -i" gets TSan's defaults: the report on stderr, status 66).
# Prints the suite's TAP, one more test for the reports, and
# "N passed, N failed".  Exits non-zero if any failed.

set -u
cd "$(dirname "$0")/.." || exit 1
[ $# -eq 2 ] || { echo "usage: sh test/tsan.sh TSANDIR PLAINDIR" >&2; exit 2; }
B=$(cd "$1" && pwd) || exit 1
P=$(cd "$2" && pwd) || exit 1
TEST_SHELL=${TEST_SHELL:-sh}
export TEST_SHELL
LOGDIR=$B/tsanlog
rm -rf "$LOGDIR" && mkdir -p "$LOGDIR" || exit 1

out=$(mktemp "${TMPDIR:-/tmp}/hooks-tsan.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT
start=$(date +%s)
TSAN_OPTIONS="${TSAN_OPTIONS:+$TSAN_OPTIONS }halt_on_error=1 exitcode=66 log_path=$LOGDIR/tsan"
export TSAN_OPTIONS
echo "# the suite, TSAN_OPTIONS='$TSAN_OPTIONS'"
# The suite's own total becomes a comment: the last line is the total.
# shellcheck disable=SC2086  # TEST_SHELL may carry options
UNDER_TSAN=1 APITEST_NV=$P/test/apitest \
    HOOKRUN=$B/hookrun APITEST=$B/test/apitest EMBED=$B/examples/embed \
    HOSTD=$B/examples/hostd TESTBIN=$P/test \
    TEST_JOBS=1 $TEST_SHELL test/run.sh | tee "$out" |
    sed 's/^\([0-9]* passed, [0-9]* failed\)$/# suite: \1/'
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -n 1)
if [ -n "$line" ]; then
    passed=${line%% passed*}
    failed=${line#*passed, }
    failed=${failed%% failed}
else
    echo "not ok - the suite ended without its total"
    passed=0 failed=1
fi
echo "# suite under ThreadSanitizer: $(($(date +%s) - start)) s"

n=$(find "$LOGDIR" -type f | wc -l)
if [ "$n" -eq 0 ]; then
    echo "ok - ThreadSanitizer: no report"
    passed=$((passed + 1))
else
    for f in "$LOGDIR"/*; do
        echo "#   $f:"
        head -n 40 "$f" | sed 's/^/#     /'
    done | head -n 400
    echo "not ok - ThreadSanitizer: $n reports (in $LOGDIR)"
    failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
