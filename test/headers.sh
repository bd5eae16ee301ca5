# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# headers.sh -- compile every C file of the project against the system
# headers of systems this machine cannot run, for "make check-headers":
# clang -fsyntax-only -Werror -std=c99 -pedantic -Wall -Wextra, for FreeBSD
# 12.1, OpenBSD 7.8, NetBSD 11, macOS 13 x86_64 and macOS 13 arm64, with
# the trees of $SYSROOTS (see its README.md).  Per target: hooks.c under
# "no feature macro" and each of $VENDOR_DEFS, each on the default and the
# portable (-DHOOKS_PORTABLE) path; hookrun.c and every program of test/,
# test/fuzz/, examples/ and bench/, under the Makefile's feature macro
# (-D_POSIX_C_SOURCE=200809L); and hooks.h as C++ (clang++ -std=c++11),
# the part of test/cxxhost.cc that is ours: its C++ library headers
# (<fstream>, <string>) are not in the trees.  bench/peer-glib.c and
# bench/peer-uv.c are compiled as the stubs they are without
# BENCH_WITH_GLIB and BENCH_WITH_UV: the trees hold neither GLib nor libuv.  Prints TAP, then "N passed, N failed"; exits non-zero if any
# file fails or the trees are missing (a missing tree is a failure, never
# a skip).
#
#   SYSROOTS=../shared/sysroots B=. sh test/headers.sh
#
# The trees keep their symbolic links as small text files holding the
# link's target ("sys/errno.h" in FreeBSD's errno.h), which clang would
# read as C.  They are copied once into $B/headers-sysroots with each such
# file made a real symbolic link; the copy is reused while its stamp names
# the same $SYSROOTS, and made again if it is missing.  HEADERS_JOBS=1
# compiles one target after the other (default: the five side by side).

cd "$(dirname "$0")/.." || exit 1
SYSROOTS=${SYSROOTS:-../shared/sysroots}
B=${B:-.}
CLANG=${CLANG:-clang}
CLANGXX=${CLANGXX:-clang++}
VENDOR_DEFS=${VENDOR_DEFS:--D_POSIX_C_SOURCE=200809L -D_GNU_SOURCE -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700}
FLAGS='-fsyntax-only -std=c99 -pedantic -Wall -Wextra -Werror'
# The Makefile's feature macro for everything but the vendor matrix.
POSIX=-D_POSIX_C_SOURCE=200809L
# Bump when the way the copy is made changes, so that old copies are remade.
RESOLVER=1

# die MESSAGE: the run cannot start; one failed test says why.
die() {
    echo "not ok 1 - $1"
    echo "1..1"
    echo "0 passed, 1 failed"
    exit 1
}

[ -d "$SYSROOTS" ] || die "check-headers: no directory SYSROOTS=$SYSROOTS (relative to the repository); give the system header trees with make check-headers SYSROOTS=DIR"
for t in freebsd12/include openbsd78/include netbsd11/include \
         macos13/x86_64-macos.13-none macos13/aarch64-macos.13-none \
         macos13/any-macos.13-any macos13/any-macos-any; do
    [ -d "$SYSROOTS/$t" ] || die "check-headers: $SYSROOTS/$t is missing"
done
command -v "$CLANG" >/dev/null 2>&1 || die "check-headers: $CLANG not found"
command -v "$CLANGXX" >/dev/null 2>&1 || die "check-headers: $CLANGXX not found"
RD=$("$CLANG" -print-resource-dir)/include
[ -f "$RD/stddef.h" ] || die "check-headers: no clang resource headers at $RD"
src=$(cd "$SYSROOTS" && pwd) || exit 1

# is_link FILE ROOT: FILE is a stored symbolic link: non-empty, under 256
# bytes, no newline at all, only characters of a path (so no C token: a
# real header has at least a comment, a '#' or a ';'), and naming a file or
# directory that exists, relative to FILE's directory or to ROOT.  Prints
# the target as a real link would hold it (relative to FILE's directory).
is_link() {
    [ -s "$1" ] || return 1
    [ "$(wc -c <"$1" | tr -d ' ')" -lt 256 ] || return 1
    [ "$(wc -l <"$1" | tr -d ' ')" -eq 0 ] || return 1
    _to=$(cat "$1")
    case $_to in
    ''|/*|*[!A-Za-z0-9._+/-]*) return 1 ;;
    esac
    _dir=$(dirname "$1")
    if [ -e "$_dir/$_to" ] && [ "$_dir/$_to" != "$1" ]; then
        echo "$_to"
        return 0
    fi
    [ -e "$2/$_to" ] || return 1
    # From FILE's directory back up to ROOT: one "../" per level.
    _up=
    while [ "$_dir" != "$2" ]; do
        _up=../$_up
        _dir=$(dirname "$_dir")
    done
    echo "$_up$_to"
}

# The resolved copy: made in a fresh directory and renamed into place, so
# that an interrupted run never leaves a half-made one.
R=$B/headers-sysroots
stamp="source=$src resolver=$RESOLVER"
if [ "$(cat "$R/.stamp" 2>/dev/null)" != "$stamp" ]; then
    echo "# resolving the stored links of $src into $R"
    mkdir -p "$B" || exit 1
    new=$(mktemp -d "$R.new.XXXXXX") || exit 1
    # The trees are read-only; the copy must be writable to be fixed, and
    # to be removed by a later run or make clean.
    if ! { cp -R "$src/." "$new/" && chmod -R u+w "$new"; }; then
        chmod -R u+w "$new" 2>/dev/null
        rm -rf "$new"
        die "check-headers: cannot copy $src to $new"
    fi
    nlinks=0
    for root in freebsd12/include openbsd78/include netbsd11/include \
                macos13/x86_64-macos.13-none macos13/aarch64-macos.13-none \
                macos13/any-macos.13-any macos13/any-macos-any; do
        # Each file is tested against the copy before any is replaced: a
        # link to a link is then one more link, which the system follows.
        list=$(find "$new/$root" -type f -size -256c) \
            || die "check-headers: cannot list $new/$root"
        IFS='
'
        for f in $list; do
            to=$(is_link "$f" "$new/$root") || continue
            echo "${f#"$new"/} -> $to" >>"$new/.links"
            nlinks=$((nlinks + 1))
        done
        unset IFS
    done
    if [ -f "$new/.links" ]; then
        while read -r f _ to; do
            { rm -f "$new/$f" && ln -s "$to" "$new/$f"; } \
                || die "check-headers: cannot make $new/$f a link"
        done <"$new/.links"
    fi
    echo "$stamp" >"$new/.stamp"
    chmod -R u+w "$R" 2>/dev/null
    rm -rf "$R"
    mv "$new" "$R" || { rm -rf "$new"; die "check-headers: cannot make $R"; }
    echo "# $nlinks stored links made real (list: $R/.links)"
fi

S=$R
TARGETS='freebsd12.1 openbsd7.8 netbsd11 macos13-x86_64 macos13-arm64'

# target_flags NAME: clang's options for a target, as the trees' README
# gives them.
target_flags() {
    case $1 in
    freebsd12.1) echo "--target=x86_64-unknown-freebsd12.1 -nostdinc -isystem $S/freebsd12/include -isystem $RD" ;;
    openbsd7.8) echo "--target=x86_64-unknown-openbsd7.8 -nostdinc -isystem $S/openbsd78/include -isystem $RD" ;;
    netbsd11) echo "--target=x86_64-unknown-netbsd11.0 -nostdinc -isystem $S/netbsd11/include -isystem $RD" ;;
    macos13-x86_64) echo "--target=x86_64-apple-macos13 -nostdinc -isystem $RD -isystem $S/macos13/x86_64-macos.13-none -isystem $S/macos13/any-macos.13-any -isystem $S/macos13/any-macos-any" ;;
    macos13-arm64) echo "--target=arm64-apple-macos13 -nostdinc -isystem $RD -isystem $S/macos13/aarch64-macos.13-none -isystem $S/macos13/any-macos.13-any -isystem $S/macos13/any-macos-any" ;;
    esac
}

# compile TARGET NAME COMPILER ARG...: one test, its diagnostics shown as
# TAP comments when it fails.  Numbers are added when the targets' outputs
# are put together.
compile() {
    _t=$1 _name=$2 _cc=$3
    shift 3
    # shellcheck disable=SC2046,SC2086  # flags are lists of words
    if _out=$("$_cc" $(target_flags "$_t") "$@" 2>&1); then
        echo "ok - $_t: $_name"
    else
        echo "not ok - $_t: $_name"
        printf '%s\n' "$_out" | sed 's/^/#   /'
    fi
}

# check_target TARGET: every file, in a fixed order.
check_target() {
    for def in '' $VENDOR_DEFS; do
        for path in '' -DHOOKS_PORTABLE; do
            name="hooks.c${def:+ $def}${path:+ $path}"
            [ -n "$def$path" ] || name="hooks.c (no feature macro)"
            # shellcheck disable=SC2086
            compile "$1" "$name" "$CLANG" $FLAGS $def $path hooks.c
        done
    done
    # shellcheck disable=SC2086
    compile "$1" hookrun.c "$CLANG" $FLAGS $POSIX hookrun.c
    for f in test/*.c test/fuzz/*.c examples/*.c bench/*.c; do
        case $f in
        test/vgwrap.c)
            # shellcheck disable=SC2086
            compile "$1" "$f" "$CLANG" $FLAGS $POSIX -DVG_BIN='"/v"' \
                -DVG_REAL='"/r"' -DVG_LOGDIR='"/l"' -DVG_NAME='"n"' "$f" ;;
        test/qemuwrap.c)
            # shellcheck disable=SC2086
            compile "$1" "$f" "$CLANG" $FLAGS $POSIX -DQW_EMU='"/e"' \
                -DQW_ROOT='"/t"' -DQW_REAL='"/r"' "$f" ;;
        *)
            # shellcheck disable=SC2086
            compile "$1" "$f" "$CLANG" $FLAGS $POSIX -I. "$f" ;;
        esac
    done
    # -nostdinc++: there is no C++ library in the trees, and clang's
    # driver for macOS otherwise fails looking for one.
    echo '#include "hooks.h"' >"$tmp/$1.cc"
    compile "$1" "hooks.h as C++ (clang++ -std=c++11)" "$CLANGXX" \
        -nostdinc++ -fsyntax-only -std=c++11 -pedantic -Wall -Wextra \
        -Werror -I. "$tmp/$1.cc"
    echo "# $1: done"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hooks-headers.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
echo "# test/cxxhost.cc is not compiled (the trees hold no C++ library);" \
    "hooks.h is, as C++"
for t in $TARGETS; do
    if [ "${HEADERS_JOBS:-}" = 1 ]; then
        check_target "$t" >"$tmp/$t.out" 2>&1
    else
        check_target "$t" >"$tmp/$t.out" 2>&1 &
    fi
done
wait

# A target whose checks died part-way fails, rather than count only what
# it ran.
for t in $TARGETS; do
    echo "# $t: $(target_flags "$t")"
    cat "$tmp/$t.out"
    [ "$(tail -n 1 "$tmp/$t.out")" = "# $t: done" ] \
        || echo "not ok - $t: the checks did not finish"
done | awk '
    /^ok - / { n++; p++; sub(/^ok/, "ok " n) }
    /^not ok - / { n++; f++; sub(/^not ok/, "not ok " n) }
    { print }
    END {
        print "1.." n
        print p + 0 " passed, " f + 0 " failed"
        exit (f > 0 || n == 0)
    }'
