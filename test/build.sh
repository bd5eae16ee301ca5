# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# build.sh -- make check-build: the Makefile's habits, as a packager relies
# on them.  POSIX sh.
#   - CC, CFLAGS, CPPFLAGS and LDFLAGS from the environment reach every
#     command (a logging compiler records them), with the project's own
#     flags still there; AR from the environment, ARFLAGS on the command
#     line;
#   - an unchanged build does nothing; a changed SYSCONFDIR, PORTABLE,
#     WITH_LIBXML2 or CFLAGS rebuilds, and the result shows it;
#   - make B=DIR clean leaves nothing of that build;
#   - in a copy of the release's files built in place (B=.): make bench
#     changes no file of the tree, make clean and make distclean leave
#     exactly the files there were.
#
#   sh test/build.sh          (environment: MAKE, CC, PKG_CONFIG)
#
# Prints TAP; test/run.sh adds "N passed, N failed".
. "$(dirname "$0")/lib.sh"

MAKE=${MAKE:-make}
REALCC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
unset MAKEFLAGS MFLAGS CFLAGS CPPFLAGS LDFLAGS CC AR ARFLAGS
B=$T/b
LOG=$T/tools.log

# A compiler and an archiver that log each command line, one a line, then
# run the real ones.
mkdir "$T/bin"
cat >"$T/bin/logcc" <<EOF
#!/bin/sh
echo "cc \$*" >>"$LOG"
exec $REALCC "\$@"
EOF
cat >"$T/bin/logar" <<EOF
#!/bin/sh
echo "ar \$*" >>"$LOG"
exec ar "\$@"
EOF
chmod 755 "$T/bin/logcc" "$T/bin/logar"

# mk ARG...: make in the tree with B=$B, the logging tools and the flags
# in the environment; its output in $T/make.out.
mk() {
    env CC="$T/bin/logcc" AR="$T/bin/logar" CFLAGS="-O1 -DMARK_CFLAGS" \
        CPPFLAGS="-DMARK_CPPFLAGS" LDFLAGS="-Wl,-z,relro -DMARK_LDFLAGS" \
        "$MAKE" --no-print-directory -C "$TOP" B="$B" ${1+"$@"} \
        >"$T/make.out" 2>&1 && return 0
    cat "$T/make.out"
    return 1
}

# every_line PATTERN MUST...: each log line matching PATTERN has every
# MUST word (fixed strings); and there is at least one such line.
every_line() {
    _pat=$1
    shift
    grep -E -e "$_pat" "$LOG" >"$T/lines" || { echo "no line matches $_pat"; return 1; }
    for _w in "$@"; do
        if grep -v -F -e "$_w" "$T/lines" >"$T/missing"; then
            echo "without '$_w':"
            cat "$T/missing"
            return 1
        fi
    done
}

# compiled FILE: the log has a compilation of FILE (since it was emptied).
compiled() {
    grep -E -e "^cc .* -c $1( |$)" "$LOG" >/dev/null && return 0
    echo "$1 was not compiled; the log:"
    cat "$LOG"
    return 1
}

: >"$LOG"
check "make all helpers, with CC CFLAGS CPPFLAGS LDFLAGS AR from the environment" \
    mk all helpers ARFLAGS=crs
check "every compilation has CFLAGS and CPPFLAGS, and the project's flags" \
    every_line '^cc .* -c ' -DMARK_CFLAGS -DMARK_CPPFLAGS -O1 -std=c99 \
    -D_POSIX_C_SOURCE=200809L
check "every link has CFLAGS and LDFLAGS" \
    every_line '^cc .*-o [^ ]*/(hookrun|test/apitest|examples/embed)( |$)' \
    -DMARK_CFLAGS -DMARK_LDFLAGS -Wl,-z,relro -pthread
check "hooks.c and hookrun.c were compiled" \
    sh -c 'grep -q -- "-c hooks.c" "$1" && grep -q -- "-c hookrun.c" "$1"' \
    - "$LOG"
check "libhooks.a made by AR with ARFLAGS from the command line" \
    every_line '^ar ' "crs $B/libhooks.a"
"$B/hookrun" --version >"$T/out" 2>&1
check "the hookrun built so runs" contains "$T/out" "hookrun $(header_version)"

: >"$LOG"
check "make again with the same settings" mk all helpers ARFLAGS=crs
check "... compiles nothing" test ! -s "$LOG"

# A compiled-in setting changes: everything that depends on it is rebuilt.
: >"$LOG"
check "make SYSCONFDIR=/opt/etc after make" mk all SYSCONFDIR=/opt/etc
check "SYSCONFDIR changed: hooks.c recompiled" compiled hooks.c
"$B/hookrun" --help >"$T/out" 2>&1
check "SYSCONFDIR changed: hookrun's default is /opt/etc" \
    contains "$T/out" "(default /opt/etc)"

: >"$LOG"
check "make PORTABLE=1 after that" mk all "$B/test/apitest" PORTABLE=1 \
    SYSCONFDIR=/opt/etc
check "PORTABLE changed: hooks.c recompiled with -DHOOKS_PORTABLE" \
    every_line '^cc .* -c hooks.c' -DHOOKS_PORTABLE
"$B/test/apitest" features >"$T/out" 2>&1
check "PORTABLE changed: the library is the portable one" \
    same_text portable "$T/out"

if "$PKG_CONFIG" --exists libxml-2.0 2>/dev/null; then
    : >"$LOG"
    check "make WITH_LIBXML2=1 after that" mk all WITH_LIBXML2=1 \
        PORTABLE=1 SYSCONFDIR=/opt/etc
    check "WITH_LIBXML2 changed: hooks.c recompiled with -DHOOKS_WITH_LIBXML2" \
        every_line '^cc .* -c hooks.c' -DHOOKS_WITH_LIBXML2
else
    echo "# no libxml2 (pkg-config libxml-2.0): WITH_LIBXML2 not tried"
fi

: >"$LOG"
check "back to the default settings" mk all "$B/test/apitest"
check "settings back: hooks.c recompiled without -DHOOKS_PORTABLE" \
    sh -c 'grep -- "-c hooks.c" "$1" | grep -v -q -- -DHOOKS_PORTABLE' - "$LOG"
"$B/hookrun" --help >"$T/out" 2>&1
check "settings back: hookrun's default is /etc again" \
    contains "$T/out" "(default /etc)"

: >"$LOG"
check "make CFLAGS=-O0 on the command line" mk all CFLAGS=-O0
check "CFLAGS changed: hooks.c recompiled with it" \
    every_line '^cc .* -c hooks.c' -O0

check "make B=DIR bench-build hooks.pc" mk bench-build "$B/hooks.pc"
check "make B=DIR clean" mk clean
check "make B=DIR clean leaves nothing of that build" test ! -e "$B"

# B=. in a copy of the release's files.
C=$T/tree
mkdir "$C"
"$MAKE" --no-print-directory -s -C "$TOP" print-dist >"$T/dist"
(cd "$TOP" && tar cf - $(cat "$T/dist")) | (cd "$C" && tar xf -)
# sums: every file under the copy, with its checksum
sums() {
    (cd "$C" && find . -type f | LC_ALL=C sort | xargs cksum)
}
sums >"$T/sums.before"
# Only the bench's first figure (some seconds): where the output goes is
# what is tested, not the figures.
(cd "$C" && "$MAKE" --no-print-directory BENCH_ONLY=trivial bench) \
    >"$T/bench.out" 2>&1
check "B=.: make bench BENCH_ONLY=trivial ran that figure" \
    sh -c 'grep -q "^trivial hook" "$1" && grep -q "of 2 targets met" "$1" ||
           { cat "$1"; exit 1; }' - "$T/bench.out"
check "make bench wrote its table and data under bench/out" \
    sh -c 'test -s "$1/bench/out/results.txt" && test -s "$1/bench/out/results.dat"' \
    - "$C"
sums >"$T/sums.after"
check "make bench changed no file that was there" \
    sh -c 'grep -v -x -F -f "$2" "$1"; ! grep -v -x -F -f "$2" "$1" >/dev/null' \
    - "$T/sums.before" "$T/sums.after"
check "B=.: make dist" sh -c 'cd "$1" && "$2" -s dist >/dev/null' - "$C" "$MAKE"
check "B=.: make clean, then distclean" \
    sh -c 'cd "$1" && "$2" -s clean >/dev/null && "$2" -s distclean >/dev/null' \
    - "$C" "$MAKE"
sums >"$T/sums.clean"
check "after make distclean, exactly the files there were, unchanged" \
    same "$T/sums.before" "$T/sums.clean"

finish
