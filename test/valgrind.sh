# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# valgrind.sh -- make check-valgrind: the whole suite with every program of
# ours that it starts (hookrun, apitest, examples/embed, examples/hostd)
# run under valgrind memcheck, then every log scanned by test/vgscan.sh.
#
#   sh test/valgrind.sh BUILDDIR      (a build of all and the helpers, -O1 -g)
#
# Environment: CC (to build the wrappers), VALGRIND (default valgrind), and
# what test/run.sh takes (TEST_SHELL, SYSCONFDIR, WITH_LIBXML2, PORTABLE).
# Prints the suite's TAP, the scan's, and "N passed, N failed" counting the
# suite's tests and the scan as one more.  Exits non-zero if any failed.
#
# Each program is replaced by a wrapper (test/vgwrap.c) that execs
#   valgrind --leak-check=full --errors-for-leak-kinds=all --error-exitcode=1
#            --track-fds=yes --log-file=BUILDDIR/vglog/NAME.PID.XXXXXX/vg.%p
# so the test files run it unchanged, with UNDER_VALGRIND=1 for the few
# tests valgrind cannot run as they are (test/lib.sh: novg, slowcount):
#   - a child whose execve fails dies in valgrind ("EXEC FAILED: I can't
#     recover from execve() failing") with status 101, so the exec-failure
#     tests (missing interpreter, E2BIG) run the programs themselves;
#   - a forked child that calls _exit() is leak-checked by valgrind, and
#     what it inherited counts as errors and turns its status into 1: the
#     tests of the host's own children's statuses (apitest ownchild,
#     sigchld) run apitest itself;
#   - valgrind puts LD_PRELOAD in the host's environment, which the daemon
#     passes on: the test of an empty host environment runs hookrun itself;
#   - the threads and 1 kHz signal tests make fewer calls (slowcount), and
#     the signals come at 50 Hz: a fork under valgrind outlasts a 1 ms
#     timer, and the kernel restarts a fork that a signal interrupts.

set -u
cd "$(dirname "$0")/.." || exit 1
[ $# -eq 1 ] || { echo "usage: sh test/valgrind.sh BUILDDIR" >&2; exit 2; }
B=$(cd "$1" && pwd) || exit 1
CC=${CC:-cc}
TEST_SHELL=${TEST_SHELL:-sh}
export TEST_SHELL

vg=$(command -v "${VALGRIND:-valgrind}") || {
    echo "check-valgrind: ${VALGRIND:-valgrind} not found"
    echo "0 passed, 1 failed"
    exit 1
}
# Debian's valgrind is a shell script that exports LD_LIBRARY_PATH and
# GLIB*_FORCE_NEW (and, being a shell, adds PWD and reorders the
# environment) before it runs valgrind.bin: the tests compare a hook's
# environment byte for byte, so valgrind.bin is run itself.
[ -x "$vg.bin" ] && vg=$vg.bin

LOGDIR=$B/vglog
rm -rf "$LOGDIR" && mkdir -p "$LOGDIR" "$B/vg" || exit 1
for p in hookrun:hookrun apitest:test/apitest embed:examples/embed \
         hostd:examples/hostd; do
    name=${p%%:*} real=$B/${p#*:}
    [ -x "$real" ] || { echo "check-valgrind: no $real"; exit 1; }
    $CC -std=c99 -D_POSIX_C_SOURCE=200809L -O1 -g \
        -DVG_BIN="\"$vg\"" -DVG_REAL="\"$real\"" -DVG_LOGDIR="\"$LOGDIR\"" \
        -DVG_NAME="\"$name\"" test/vgwrap.c -o "$B/vg/$name" || exit 1
done

out=$(mktemp "${TMPDIR:-/tmp}/hooks-vg.XXXXXX") || exit 1
trap 'rm -f "$out"' EXIT
start=$(date +%s)
echo "# the suite, under $vg"
# The suite's own total becomes a comment: the last line is the total.
# shellcheck disable=SC2086  # TEST_SHELL may carry options
UNDER_VALGRIND=1 HOOKRUN=$B/vg/hookrun APITEST=$B/vg/apitest \
    EMBED=$B/vg/embed HOSTD=$B/vg/hostd TESTBIN=$B/test \
    HOOKRUN_NV=$B/hookrun APITEST_NV=$B/test/apitest \
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
echo "# suite under valgrind: $(($(date +%s) - start)) s"

echo "# valgrind logs: $LOGDIR"
if sh test/vgscan.sh "$LOGDIR"; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
