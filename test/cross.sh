# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# cross.sh -- make check-cross: the whole suite (test/run.sh, as make check
# runs it) on other architectures, one after another:
#
#   aarch64            aarch64-linux-gnu-gcc, qemu-aarch64, default path
#   aarch64-portable   the same, PORTABLE=1
#   armhf-portable     arm-linux-gnueabihf-gcc (32-bit), qemu-arm, PORTABLE=1
#   s390x              s390x-linux-gnu-gcc (64-bit big-endian), qemu-s390x
#   i686, i686-portable  i686-linux-gnu-gcc (32-bit x86), run natively by
#                      the x86_64 kernel: qemu-i386 hangs in fork()
#
#   sh test/cross.sh NATIVEDIR [TARGET...]     (default: all six)
#
# NATIVEDIR holds a native build of all and the helpers (make helpers).
# Environment: MAKE, CC (the native compiler, for the wrappers),
# TEST_SHELL, CROSS_LIMIT (seconds each suite may take, default 300).
#
# Each target is built through the Makefile (B=NATIVEDIR/build-cross-NAME,
# CC=TRIPLET-gcc, AR=TRIPLET-ar, -Werror).  Under qemu-user the programs
# of ours that the suite runs as hosts (hookrun, apitest, examples/embed,
# examples/hostd) are started through test/qemuwrap.c, a native wrapper
# that execs "qemu-ARCH -L /usr/TRIPLET" on the cross-built program; the
# programs the suite runs as hooks or as a host's harness (hookprobe,
# hookcat, tlimit) are NATIVEDIR's: qemu-user hands a guest's execve() to
# the host kernel, which cannot run a foreign binary without binfmt_misc.
# i686 programs are linked against /usr/i686-linux-gnu's loader and
# libraries (Debian's cross libc; no i386 multiarch needed), and all of
# them, the hooks too, are the i686 build's.
#
# test/cross-artefacts lists the tests that fail on a target for a reason
# of the emulator's, with the reason.  Each suite test is one TAP line
# here, named "TARGET: FILE: NAME": an unlisted test must pass, and a
# listed one must fail (so that no entry outlives its cause), and must
# exist.  32-bit targets also prove large-file support (bug 1 of issue 11:
# readdir() failing with EOVERFLOW): hooks.c built as vendors build it,
# and hookrun.o, call only the 64-bit file functions, and hooks.h has the
# same layout with and without _FILE_OFFSET_BITS=64; and on armhf, a
# hookrun built without it fails to list a DRIVER.d where the file
# system's directory offsets need 64 bits, and says why.
# Prints TAP and "N passed, N failed"; exits non-zero if any failed.

set -u
cd "$(dirname "$0")/.." || exit 1
[ $# -ge 1 ] || {
    echo "usage: sh test/cross.sh NATIVEDIR [TARGET...]" >&2
    exit 2
}
NATIVE=$(cd "$1" && pwd) || exit 1
shift
TOP=$PWD
MAKE=${MAKE:-make}
NATIVE_CC=${CC:-cc}
TEST_SHELL=${TEST_SHELL:-sh}
CROSS_LIMIT=${CROSS_LIMIT:-300}
ARTEFACTS=$TOP/test/cross-artefacts
# The targets' builds get exactly the settings given below, not the ones
# make check-cross was called with.
unset MAKEFLAGS MFLAGS CFLAGS CPPFLAGS LDFLAGS
export TEST_SHELL

[ $# -gt 0 ] || set -- aarch64 aarch64-portable armhf-portable s390x i686 \
    i686-portable

T=$(mktemp -d "${TMPDIR:-/tmp}/hooks-cross.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM HUP

n=0 passed=0 failed=0
pass() {
    n=$((n + 1)) passed=$((passed + 1))
    echo "ok $n - $1"
}
fail() {
    n=$((n + 1)) failed=$((failed + 1))
    echo "not ok $n - $1"
}
# show FILE: the file as TAP comments (its last 60 lines).
show() {
    tail -n 60 "$1" | awk '{ print "#   " $0 }'
}

# lfs NAME TRIPLET BUILDDIR: on a 32-bit glibc target, the large-file
# proofs.
lfs() {
    _t=$1 _cc=$2-gcc _nm=$2-nm _re=$2-readelf _d=$3
    # hooks.c with a vendor's flags (none, POSIX, GNU), and hookrun.o of
    # the Makefile's build: no call of the 32-bit file functions, which
    # fail with EOVERFLOW on 64-bit inode numbers or directory offsets.
    _bad=
    for _def in "" -D_POSIX_C_SOURCE=200809L -D_GNU_SOURCE hookrun.o; do
        _o=$T/vendor.o
        # shellcheck disable=SC2086  # _def: empty or one word
        if [ "$_def" = hookrun.o ]; then
            _o=$_d/hookrun.o
        elif ! $_cc $_def -c hooks.c -o "$_o" >"$T/lfs.log" 2>&1; then
            _bad="$_bad (cannot compile hooks.c with '$_def')"
            continue
        fi
        _s=$($_nm -u "$_o" | awk '
            $NF ~ /^(readdir|stat|lstat|fstat|fstatat|open|openat|mmap|lseek|ftruncate)$/ {
                printf " %s", $NF }')
        [ -z "$_s" ] || _bad="$_bad; ${_def:-hooks.c, no macro}:$_s"
    done
    if [ -z "$_bad" ]; then
        pass "$_t: hooks.c (no macro, POSIX, GNU) and hookrun.o call the large-file functions (readdir64, stat64, ...)"
    else
        fail "$_t: hooks.c and hookrun.o call the large-file functions"
        echo "#   32-bit file functions called:${_bad#;}"
        show "$T/lfs.log"
    fi
    # hooks.h: the debugging information of its types (sizes, offsets,
    # the types of members) is the same either way.
    printf '#include "hooks.h"\n%s\n' \
        'hooks_opts a; hooks_result b; hooks_script_result c; hooks_script_info d;' \
        >"$T/layout.c"
    for _f in 32 64; do
        $_cc -std=c99 -D_POSIX_C_SOURCE=200809L -D_FILE_OFFSET_BITS=$_f \
            -I"$TOP" -g -c "$T/layout.c" -o "$T/layout$_f.o" &&
        $_re --debug-dump=info "$T/layout$_f.o" |
            sed -e '/DW_AT_producer/d' -e 's/(indirect string, offset: [^)]*)//' \
            >"$T/layout$_f.txt"
    done >"$T/lfs.log" 2>&1
    if [ -s "$T/layout32.txt" ] &&
       diff "$T/layout32.txt" "$T/layout64.txt" >>"$T/lfs.log" 2>&1; then
        pass "$_t: hooks.h's types are the same with _FILE_OFFSET_BITS 32 and 64"
    else
        fail "$_t: hooks.h's types are the same with _FILE_OFFSET_BITS 32 and 64"
        show "$T/lfs.log"
    fi
}

# nolfs NAME TRIPLET EMULATOR: hookrun built without large-file support
# (-D_FILE_OFFSET_BITS=32, as hooks.c was before issue 11) lists a
# DRIVER.d.  Where this file system's directory offsets do not fit in 32
# bits (ext4 under qemu-user), readdir() fails with EOVERFLOW, and hookrun
# must say so, not "out of memory"; elsewhere the listing works, and the
# test is not run (a comment says so; it is not counted as passed).
nolfs() {
    _t=$1 _cc=$2-gcc _emu=$3
    _sc=$T/nolfs-sc
    rm -rf "$_sc" && mkdir -p "$_sc/libvirt/hooks/qemu.d" || exit 1
    printf '#!/bin/sh\nexit 0\n' >"$_sc/libvirt/hooks/qemu.d/10-a"
    chmod 755 "$_sc/libvirt/hooks/qemu.d/10-a"
    _name="$_t: built with _FILE_OFFSET_BITS=32, hookrun -l on a DRIVER.d it cannot list says why (EOVERFLOW), not 'out of memory'"
    if ! $_cc -std=c99 -D_POSIX_C_SOURCE=200809L -D_FILE_OFFSET_BITS=32 \
             -I"$TOP" hooks.c hookrun.c -pthread -o "$T/hookrun-nolfs" \
             >"$T/nolfs.log" 2>&1; then
        fail "$_name"
        show "$T/nolfs.log"
        return
    fi
    "$TLIMIT" -t 60 "$_emu" -L "/usr/$2" "$T/hookrun-nolfs" -c "$_sc" -l \
        >"$T/nolfs.out" 2>"$T/nolfs.err"
    _rc=$?
    if [ "$_rc" -eq 0 ]; then
        # not counted: a check that could not fail here is no pass
        echo "# not run: $_name (this file system's directory offsets fit"
        echo "#   in 32 bits, so the listing works without the fix)"
    elif [ "$_rc" -eq 3 ] && [ "$(cat "$T/nolfs.err")" = \
         "hookrun: cannot scan $_sc/libvirt/hooks: Value too large for defined data type" ]; then
        pass "$_name"
    else
        fail "$_name"
        echo "#   exit status $_rc, stderr:"
        show "$T/nolfs.err"
    fi
    rm -rf "$_sc" "$T/hookrun-nolfs"
}

# judge.awk: the suite's output judged against the artefact list.
#   mode=scan: print "FILE FORK" for each file with a failure that is not
#   listed (it runs once more, alone); mode=emit: print the tests as TAP
#   lines of ours (numbered from n on), with the reruns' outputs in
#   RERUNDIR/FILE.FORK, and write "n passed failed" to counts.
cat >"$T/judge.awk" <<'EOF'
BEGIN {
    # TARGETS | FILE | TEST NAME | REASON
    while ((getline line < list) > 0) {
        if (line ~ /^#/ || line !~ /[^ ]/)
            continue
        k = split(line, f, / \| /)
        if (k != 4) {
            badline[++bad] = line
            continue
        }
        m = split(f[1], tg, " ")
        for (i = 1; i <= m; i++)
            if (tg[i] == target) {
                key = f[2] ": " f[3]
                why[key] = f[4]
                order[++nlisted] = key
            }
    }
    close(list)
    file = "?"
    forked = 0
}
function emit(ok, name) {
    n++
    if (ok) passed++; else failed++
    print (ok ? "ok " : "not ok ") n " - " target ": " name
}
# rerun_result(KEY): "ok", "not ok", or "" when the current file was not
# run again or the test not found there.
function rerun_result(key,    path, line, name) {
    path = rerundir "/" file "." forked
    if (!(path in loaded)) {
        loaded[path] = 1
        while ((getline line < path) > 0) {
            if (line !~ /^(not )?ok [0-9]+ - /)
                continue
            name = line
            sub(/^(not )?ok [0-9]+ - /, "", name)
            again[path, file ": " name] = line ~ /^ok/ ? "ok" : "not ok"
        }
        close(path)
    }
    return ((path, key) in again) ? again[path, key] : ""
}
/^# test\/t-.*\.sh/ {
    file = $2
    sub(/^test\//, "", file)
    sub(/\.sh$/, "", file)
    forked = $0 ~ /\(fork path\)/ ? 1 : 0
    if (mode == "emit")
        print "# " target ": " substr($0, 3)
    next
}
/^ok [0-9]+ - / || /^not ok [0-9]+ - / {
    ok = $1 == "ok"
    name = $0
    sub(/^(not )?ok [0-9]+ - /, "", name)
    key = file ": " name
    seen[key] = 1
    if (mode == "scan") {
        if (!ok && !(key in why) && !((file, forked) in rerun)) {
            rerun[file, forked] = 1
            print file, forked
        }
        next
    }
    if (key in why) {
        if (ok)
            emit(0, key ": passes, but test/cross-artefacts lists it (" \
                 why[key] "): remove the entry")
        else
            emit(1, key ": fails as listed: " why[key])
    } else if (ok) {
        emit(1, key)
    } else if ((r = rerun_result(key)) == "ok") {
        emit(1, key " (failed among the parallel files, passed run again alone)")
    } else {
        emit(0, key (r == "" ? "" : " (failed again, run alone)"))
    }
    next
}
mode == "scan" { next }
/^not ok / { emit(0, substr($0, 8)); next }         # run.sh: plan, exit
/^1\.\.[0-9]+$/ { next }
/^[0-9]+ passed, [0-9]+ failed$/ { total = $0; next }
{ print ($0 ~ /^#/ ? $0 : "# " $0) }      # stray output: a comment
END {
    if (mode == "scan")
        exit
    for (i = 1; i <= nlisted; i++)
        if (!(order[i] in seen)) {
            emit(0, order[i] ": listed in test/cross-artefacts, but no such test ran")
            seen[order[i]] = 1
        }
    if (total == "")
        emit(0, "the suite ended without its total (time limit?)")
    else
        print "# " target ": the suite said: " total
    for (i = 1; i <= bad; i++)
        emit(0, "test/cross-artefacts: not TARGETS | FILE | TEST NAME | REASON: " badline[i])
    print n, passed + 0, failed + 0 > counts
}
EOF

# judge MODE TARGET OUTPUT: run judge.awk.
judge() {
    awk -v mode="$1" -v target="$2" -v n="$n" -v list="$ARTEFACTS" \
        -v counts="$T/counts" -v rerundir="$T/rerun" -f "$T/judge.awk" "$3"
}

TLIMIT=$NATIVE/test/tlimit
[ -x "$TLIMIT" ] || { echo "cross.sh: no $TLIMIT (make helpers)" >&2; exit 1; }
all_start=$(date +%s)

for target in "$@"; do
    portable='' emu='' triplet='' ldflags=''
    case $target in
    aarch64|aarch64-portable) triplet=aarch64-linux-gnu emu=qemu-aarch64 ;;
    armhf-portable) triplet=arm-linux-gnueabihf emu=qemu-arm ;;
    s390x) triplet=s390x-linux-gnu emu=qemu-s390x ;;
    i686|i686-portable)
        triplet=i686-linux-gnu
        ldflags="-Wl,--dynamic-linker=/usr/$triplet/lib/ld-linux.so.2 -Wl,-rpath,/usr/$triplet/lib" ;;
    *) fail "$target: no such target"; continue ;;
    esac
    case $target in *-portable) portable=1 ;; esac
    root=/usr/$triplet
    start=$(date +%s)
    echo "# $target: $triplet-gcc${emu:+, $emu -L $root}${portable:+, PORTABLE=1}"

    # The tools.
    missing=
    for tool in $triplet-gcc $triplet-ar $triplet-nm $triplet-readelf $emu; do
        command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
    done
    [ -d "$root/lib" ] || missing="$missing $root/lib"
    if [ -n "$missing" ]; then
        fail "$target: tools:$missing missing (Debian: qemu-user, gcc-$triplet)"
        continue
    fi

    # The build, through the Makefile.
    BD=$NATIVE/build-cross-$target
    if "$MAKE" --no-print-directory -C "$TOP" B="$BD" CC="$triplet-gcc" \
           AR="$triplet-ar" CFLAGS="-O2 -g -Werror" CPPFLAGS= \
           LDFLAGS="$ldflags" PORTABLE="$portable" SYSCONFDIR=/etc \
           WITH_LIBXML2= HOOKS_CPPFLAGS= helpers >"$T/build.log" 2>&1; then
        pass "$target: make helpers with $triplet-gcc -Werror${portable:+ PORTABLE=1}"
    else
        fail "$target: make helpers with $triplet-gcc -Werror${portable:+ PORTABLE=1}"
        show "$T/build.log"
        continue
    fi
    case $target in armhf*|i686*) lfs "$target" "$triplet" "$BD" ;; esac
    case $target in armhf*) nolfs "$target" "$triplet" "$(command -v "$emu")" ;; esac

    # The hosts: under qemu through a wrapper each, or themselves.
    if [ -n "$emu" ]; then
        emu_path=$(command -v "$emu")
        mkdir -p "$BD/qemu" || exit 1
        ok=1
        for p in hookrun:hookrun apitest:test/apitest embed:examples/embed \
                 hostd:examples/hostd; do
            "$NATIVE_CC" -std=c99 -D_POSIX_C_SOURCE=200809L -O1 \
                -DQW_EMU="\"$emu_path\"" -DQW_ROOT="\"$root\"" \
                -DQW_REAL="\"$BD/${p#*:}\"" test/qemuwrap.c \
                -o "$BD/qemu/${p%%:*}" >"$T/wrap.log" 2>&1 || ok=
        done
        if [ -z "$ok" ]; then
            fail "$target: the qemu wrappers"
            show "$T/wrap.log"
            continue
        fi
        HB=$BD/qemu TB=$NATIVE/test
    else
        HB='' TB=$BD/test
    fi
    if [ -n "$HB" ]; then
        hookrun=$HB/hookrun apitest=$HB/apitest embed=$HB/embed hostd=$HB/hostd
    else
        hookrun=$BD/hookrun apitest=$BD/test/apitest
        embed=$BD/examples/embed hostd=$BD/examples/hostd
    fi
    # Does it run at all?  (A kernel without 32-bit support, a broken
    # emulator: one line, not hundreds.)
    if "$TLIMIT" -t 60 "$apitest" features >"$T/features" 2>&1; then
        pass "$target: apitest runs: $(cat "$T/features")"
    else
        fail "$target: apitest runs"
        show "$T/features"
        continue
    fi

    # The suite.
    suite_start=$(date +%s)
    # shellcheck disable=SC2086  # TEST_SHELL may carry options
    HOOKRUN=$hookrun APITEST=$apitest EMBED=$embed HOSTD=$hostd TESTBIN=$TB \
        SYSCONFDIR=/etc WITH_LIBXML2='' PORTABLE=$portable \
        "$TLIMIT" -t "$CROSS_LIMIT" $TEST_SHELL test/run.sh \
        >"$T/suite.out" 2>&1
    suite_time=$(($(date +%s) - suite_start))
    # A file with a failure that is not listed runs once more, alone: a
    # timing test may miss its bound among the parallel files under
    # emulation on a busy machine; a real failure fails again.
    rm -rf "$T/rerun" && mkdir "$T/rerun" || exit 1
    judge scan "$target" "$T/suite.out" >"$T/reruns"
    while read -r file fork; do
        [ -f "test/$file.sh" ] || continue
        [ "$fork" = 1 ] && f1=1 || f1=
        echo "# $target: test/$file.sh${f1:+ (fork path)} once more, alone"
        # shellcheck disable=SC2086  # TEST_SHELL may carry options
        HOOKRUN=$hookrun APITEST=$apitest EMBED=$embed HOSTD=$hostd \
            TESTBIN=$TB SYSCONFDIR=/etc WITH_LIBXML2='' PORTABLE=$portable \
            HOOKS_TEST_FORK=$f1 "$TLIMIT" -t "$CROSS_LIMIT" \
            $TEST_SHELL "test/$file.sh" >"$T/rerun/$file.$fork" 2>&1 </dev/null
    done <"$T/reruns"
    judge emit "$target" "$T/suite.out"
    read -r n _p _f <"$T/counts"
    passed=$((passed + _p)) failed=$((failed + _f))
    echo "# $target: suite $suite_time s, all $(($(date +%s) - start)) s"
done

echo "# check-cross: $(($(date +%s) - all_start)) s"
echo "1..$n"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
