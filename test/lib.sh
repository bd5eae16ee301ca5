# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# lib.sh -- sourced by every test/t-*.sh.  POSIX sh only.
#
# Each test file prints TAP ("ok N - name", then "1..N") and exits non-zero
# if any test failed.  Binaries come from $HOOKRUN and $TESTBIN (set by
# make check), defaulting to an in-tree build.

set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
HOOKRUN=${HOOKRUN:-./hookrun}
TESTBIN=${TESTBIN:-./test}
case $HOOKRUN in /*) ;; *) HOOKRUN=$TOP/$HOOKRUN ;; esac
case $TESTBIN in /*) ;; *) TESTBIN=$TOP/$TESTBIN ;; esac
PROBE=$TESTBIN/hookprobe
TLIMIT=$TESTBIN/tlimit
HOOKCAT=$TESTBIN/hookcat
APITEST=${APITEST:-$TESTBIN/apitest}
case $APITEST in /*) ;; *) APITEST=$TOP/$APITEST ;; esac
FIXTURES=$TOP/test/fixtures

# Under make check-valgrind (test/valgrind.sh) UNDER_VALGRIND=1, $HOOKRUN,
# $APITEST, $EMBED and $HOSTD run the programs under valgrind, and
# $HOOKRUN_NV and $APITEST_NV are the programs themselves.  Between
# "novg REASON" and "novg_end" the tests run the programs themselves and
# their names say so, with REASON: for what valgrind cannot do.
HOOKRUN_NV=${HOOKRUN_NV:-$HOOKRUN}
APITEST_NV=${APITEST_NV:-$APITEST}
NOVG=
novg() {
    [ -n "${UNDER_VALGRIND:-}" ] || return 0
    NOVG=" (not under valgrind: $1)"
    _vg_hookrun=$HOOKRUN _vg_apitest=$APITEST
    HOOKRUN=$HOOKRUN_NV APITEST=$APITEST_NV
}
novg_end() {
    [ -n "$NOVG" ] || return 0
    NOVG= HOOKRUN=$_vg_hookrun APITEST=$_vg_apitest
}

# HOOKS_TEST_FORK=1 (test/run.sh's second pass over the files that test
# the child and the bounds): scripts start by fork and exec even where the
# build would use posix_spawn.  hookrun gets $FORK_OPT (--fork), apitest
# reads the variable itself, and every test's name says so.
if [ -n "${HOOKS_TEST_FORK:-}" ]; then
    FORK_OPT=--fork PATHNOTE=" (fork path)"
else
    FORK_OPT= PATHNOTE=
fi

# slowcount N M: N under make check-stress (STRESS=1), M otherwise: the
# full size of a long test runs in CI's stress step, and make check stays
# quick.  Under make check-valgrind (UNDER_VALGRIND=1) and make check-asan
# (UNDER_ASAN=1), where each fork is much slower, always M.  The test's
# name shows the count.
slowcount() {
    if [ -n "${STRESS:-}" ] && [ -z "${UNDER_VALGRIND:-}${UNDER_ASAN:-}" ]
    then
        echo "$1"
    else
        echo "$2"
    fi
}

T=$(mktemp -d "${TMPDIR:-/tmp}/hooks-test.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM HUP

tests_run=0
tests_failed=0

pass() {
    tests_run=$((tests_run + 1))
    echo "ok $tests_run - $1$NOVG$PATHNOTE"
}

fail() {
    tests_run=$((tests_run + 1))
    tests_failed=$((tests_failed + 1))
    echo "not ok $tests_run - $1$NOVG$PATHNOTE"
}

# check NAME COMMAND [ARG]...: one test, passing when COMMAND succeeds; its
# output is shown (as TAP comments) only when it fails.
check() {
    _name=$1
    shift
    if "$@" >"$T/.check" 2>&1; then
        pass "$_name"
    else
        fail "$_name"
        # awk ends every line, the last one too: TAP lines stay lines
        awk '{ print "#   " $0 }' "$T/.check"
    fi
}

# errtext ENAME: this libc's strerror() text for errno ENAME.
errtext() {
    "$APITEST" strerror "$1"
}

# same EXPECTED GOT: byte-exact comparison of two files.
same() {
    cmp "$1" "$2" && return 0
    echo "expected ($1):"
    od -c "$1" | head -n 20
    echo "got ($2):"
    od -c "$2" 2>&1 | head -n 20
    return 1
}

# same_text EXPECTED-STRING FILE: the file holds exactly the string + "\n".
same_text() {
    printf '%s\n' "$1" >"$T/.expected"
    same "$T/.expected" "$2"
}

# contains FILE STRING: a fixed string occurs in the file.
contains() {
    grep -F -e "$2" "$1" >/dev/null && return 0
    echo "'$2' not found in $1:"
    head -c 2000 "$1"
    return 1
}

# is NUMBER NUMBER: equal integers.
is() {
    [ "$1" -eq "$2" ] && return 0
    echo "expected $2, got $1"
    return 1
}

# header_version: the version hooks.h says, "MAJOR.MINOR.PATCH", read from
# its three macros (the only place it is written).
header_version() {
    awk '$1 == "#define" && $2 ~ /^HOOKS_VERSION_(MAJOR|MINOR|PATCH)$/ {
             v = v s $3; s = "." }
         END { print v }' "$TOP/hooks.h"
}

# gone PID: the process has ended, within 2 s: no such pid, or (where
# /proc says) a zombie waiting for init to reap it.
gone() {
    [ -n "$1" ] || { echo "no pid was recorded"; return 1; }
    i=0
    while kill -0 "$1" 2>/dev/null; do
        if [ -r "/proc/$1/stat" ]; then
            # the state follows the command name, which ends with ") "
            case $(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) in
            Z*|'') return 0 ;;
            esac
        fi
        i=$((i + 1))
        [ $i -lt 40 ] || { echo "process $1 still there"; return 1; }
        sleep 0.05
    done
}

# want_lines LINE... -- ...: the LINEs, one per line, into $T/exp; $used
# is the number of words they and the "--" take (shift $used after it).
want_lines() {
    : >"$T/exp"
    used=1
    while [ "$1" != -- ]; do
        printf '%s\n' "$1" >>"$T/exp"
        shift
        used=$((used + 1))
    done
}

# newsc: a fresh SYSCONFDIR with an empty libvirt/hooks; prints its path.
newsc() {
    _d=$(mktemp -d "$T/sc.XXXXXX") || exit 1
    mkdir -p "$_d/libvirt/hooks"
    echo "$_d"
}

# tree: a fresh SYSCONFDIR whose directories have mode 755, whatever the
# umask: the strict rules look at them.  Prints its path.
tree() {
    _s=$(newsc)
    chmod 755 "$_s" "$_s/libvirt" "$_s/libvirt/hooks"
    echo "$_s"
}

# put SC NAME BYTES [MODE]: the file NAME of SC's hooks directory made of
# the printf format BYTES, with MODE (default 755).
put() {
    # shellcheck disable=SC2059  # BYTES is a printf format on purpose
    printf "$3" >"$1/libvirt/hooks/$2"
    chmod "${4:-755}" "$1/libvirt/hooks/$2"
}

# dotd SC DRIVER: SC's DRIVER.d/, mode 755.
dotd() {
    mkdir "$1/libvirt/hooks/$2.d"
    chmod 755 "$1/libvirt/hooks/$2.d"
}

# newdir: a fresh empty directory (a working directory for probes).
newdir() {
    mktemp -d "$T/w.XXXXXX" || exit 1
}

# probe SC DRIVER: install the recording probe as that driver's hook.
probe() {
    cp "$PROBE" "$1/libvirt/hooks/$2"
}

# script SC DRIVER BODY: install a /bin/sh hook script.
script() {
    printf '#!/bin/sh\n%s\n' "$3" >"$1/libvirt/hooks/$2"
    chmod 755 "$1/libvirt/hooks/$2"
}

# hookrun_in DIR ARG...: run hookrun in DIR under a 60 s limit, with its
# stdout, stderr and status in $T/out, $T/err and $rc.  $T/err leaves out
# the notes ("hookrun: note: " lines), which depend on -i and on the user
# the suite runs as: they are in $T/notes, the whole stderr in $T/errall
# (t-hints tests them).
hookrun_in() {
    _dir=$1
    shift
    # ${1+"$@"}: posh and old shells call a bare "$@" unset under set -u.
    # shellcheck disable=SC2086  # FORK_OPT: empty, or one word
    (cd "$_dir" && "$TLIMIT" -t 60 "$HOOKRUN" $FORK_OPT ${1+"$@"}) \
        >"$T/out" 2>"$T/errall"
    rc=$?
    split_notes
}

# split_notes: hookrun's stderr in $T/errall into $T/err and $T/notes, as
# hookrun_in leaves them.
split_notes() {
    sed '/^hookrun: note: /d' "$T/errall" >"$T/err"
    sed -n '/^hookrun: note: /p' "$T/errall" >"$T/notes"
}

finish() {
    echo "1..$tests_run"
    [ "$tests_failed" -eq 0 ]
}
