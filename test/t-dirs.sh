# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# DRIVER.d/ directories: which entries run and in what order, the same
# arguments and stdin for each, failures that do not stop the rest, filter
# chaining, a directory without a main script, and leftover names.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
XML=$FIXTURES/qemu-prepare.xml

# logger SC PATH NAME: a script that appends NAME to $W/order, copies its
# stdin to $W/NAME.in and its argv (one per line) to $W/NAME.args.
logger() {
    mkdir -p "$(dirname "$1/libvirt/hooks/$2")"
    printf '#!/bin/sh\necho %s >>"%s/order"\ncat >"%s/%s.in"\nprintf "%%s\\n" "$0" "$@" >"%s/%s.args"\n' \
        "$3" "$W" "$W" "$3" "$W" "$3" >"$1/libvirt/hooks/$2"
    chmod 755 "$1/libvirt/hooks/$2"
}

# Names whose byte order differs from any locale's: digits, upper case,
# underscore, lower case.
SC=$(newsc)
logger "$SC" qemu main
for n in a _x A 9-b 10-a; do logger "$SC" "qemu.d/$n" "$n"; done
hookrun_in "$W" -c "$SC" -i "$XML" qemu vm start begin -
check ".d: the call succeeds" is "$rc" 0
printf '%s\n' main 10-a 9-b A _x a >"$T/exp"
check ".d: main script first, then byte-wise name order" same "$T/exp" "$W/order"
for n in 10-a 9-b A _x a; do
    printf '%s\n' "$SC/libvirt/hooks/qemu.d/$n" vm start begin - >"$T/exp"
    check ".d: $n gets the same four arguments" same "$T/exp" "$W/$n.args"
    check ".d: $n gets the same stdin" same "$XML" "$W/$n.in"
done

# Entries that do not run: warnings, not failures.
rm -f "$W/order"
printf 'notes\n' >"$SC/libvirt/hooks/qemu.d/README"
mkdir "$SC/libvirt/hooks/qemu.d/subdir"
ln -s nowhere "$SC/libvirt/hooks/qemu.d/zz-dangling"
hookrun_in "$W" -c "$SC" -i "$XML" qemu vm start begin -
check ".d with non-executables: still succeeds" is "$rc" 0
printf '%s\n' main 10-a 9-b A _x a >"$T/exp"
check ".d with non-executables: they are skipped" same "$T/exp" "$W/order"
hookrun_in "$W" -c "$SC" -l
grep '^qemu' "$T/out" >"$T/got"
Q=$SC/libvirt/hooks/qemu
{
    printf '%-7s %-2s %-15s %s\n' qemu 1 present "$Q"
    printf '%-7s %-2s %-15s %s\n' qemu 2 present "$Q.d/10-a"
    printf '%-7s %-2s %-15s %s\n' qemu 3 present "$Q.d/9-b"
    printf '%-7s %-2s %-15s %s\n' qemu 4 present "$Q.d/A"
    printf '%-7s %-2s %-15s %s\n' qemu - not-executable \
        "$Q.d/README: not executable"
    printf '%-7s %-2s %-15s %s\n' qemu 5 present "$Q.d/_x"
    printf '%-7s %-2s %-15s %s\n' qemu 6 present "$Q.d/a"
    printf '%-7s %-2s %-15s %s\n' qemu - not-regular "$Q.d/subdir: is a directory"
    printf '%-7s %-2s %-15s %s\n' qemu - broken \
        "$Q.d/zz-dangling: dangling symbolic link"
} >"$T/exp"
check "--list: main script and .d entries, run order, states, warnings" \
    same "$T/exp" "$T/got"

# A failing script in the middle: the rest still run; the call fails and
# its message names each failed script with its stderr.
SC=$(newsc)
Q=$SC/libvirt/hooks/qemu
mkdir "$Q.d"
script "$SC" qemu.d/10-ok "echo 10 >>'$W/order2'"
script "$SC" qemu.d/20-bad "echo 20 >>'$W/order2'; echo 'twenty refused' >&2; exit 3"
script "$SC" qemu.d/30-ok "echo 30 >>'$W/order2'"
script "$SC" qemu.d/40-bad "echo 40 >>'$W/order2'; kill -TERM \$\$"
rm -f "$W/order2"
hookrun_in "$W" -c "$SC" qemu vm start begin -
check "failing middle script: call fails (exit 1)" is "$rc" 1
printf '%s\n' 10 20 30 40 >"$T/exp"
check "failing middle script: every script still ran" same "$T/exp" "$W/order2"
printf '%s\n' "hookrun: hook $Q.d/20-bad vm start begin -: exit status 3: twenty refused" \
    "hookrun: hook $Q.d/40-bad vm start begin -: fatal signal 15" >"$T/exp"
check "failing middle script: a line for each failure, with its stderr" \
    same "$T/exp" "$T/err"
(cd "$W" && "$TLIMIT" -t 120 "$APITEST" call "$SC" qemu vm start begin -) >"$T/api"
check "failing middle script: the call's status is the first failure's" \
    contains "$T/api" "status=exited code=3"
check "failing middle script: per-script results" contains "$T/api" \
    "script 3 $Q.d/30-ok ok code=0"
check "failing middle script: per-script results (signal)" contains "$T/api" \
    "script 4 $Q.d/40-bad signaled code=15"

# -v: every script's arguments, result, time, stdout and stderr, even on
# success; the failure lines then leave the stderr out.
hookrun_in "$W" -c "$SC" -v qemu vm start begin -
sed 's/ in [0-9]*\.[0-9][0-9][0-9] s$/ in T s/' "$T/err" >"$T/got"
{
    for n in 10-ok 20-bad 30-ok 40-bad; do
        echo "hookrun: $Q.d/$n: argv: $Q.d/$n vm start begin -"
        case $n in
        *-ok) echo "hookrun: $Q.d/$n: ok in T s" ;;
        20-bad) echo "hookrun: $Q.d/$n: exit status 3 in T s" ;;
        40-bad) echo "hookrun: $Q.d/$n: fatal signal 15 in T s" ;;
        esac
        echo "hookrun: $Q.d/$n: stdout, 0 bytes"
        if [ $n = 20-bad ]; then
            echo "hookrun: $Q.d/$n: stderr, 15 bytes:"
            echo "twenty refused"
        else
            echo "hookrun: $Q.d/$n: stderr, 0 bytes"
        fi
    done
    echo "hookrun: hook $Q.d/20-bad vm start begin -: exit status 3"
    echo "hookrun: hook $Q.d/40-bad vm start begin -: fatal signal 15"
} >"$T/exp"
check "-v: each script's argv, result, time, stdout and stderr" \
    same "$T/exp" "$T/got"
script "$SC" qemu.d/30-ok "printf 'out\\001put'; echo 'said' >&2"
hookrun_in "$W" -c "$SC" -v qemu vm start begin -
printf 'hookrun: %s: stdout, 7 bytes:\nout\001put\nhookrun: %s: stderr, 5 bytes:\nsaid\n' \
    "$Q.d/30-ok" "$Q.d/30-ok" >"$T/exp"
sed -n '/30-ok: stdout/,/^said$/p' "$T/err" >"$T/got"
check "-v: a successful script's stdout and stderr, byte-exact" \
    same "$T/exp" "$T/got"
script "$SC" qemu.d/30-ok "echo 30 >>'$W/order2'"

# A directory without a main script: the driver is present all the same.
check "no main script, only qemu.d/: hooks run" sh -c '
    rm -f "$1/order2" && "$2" -t 60 "$3" -c "$4" qemu vm stopped end - \
        2>/dev/null
    test $? -eq 1 && test "$(wc -l <"$1/order2")" -eq 4' sh "$W" "$TLIMIT" \
    "$HOOKRUN" "$SC"
hookrun_in "$W" -c "$SC" -l
check "no main script: --list shows it absent, the .d entries numbered" \
    contains "$T/out" "$(printf '%-7s %-2s %-15s %s' qemu 1 present "$Q.d/10-ok")"

# Filter chaining: each successful non-empty output becomes the next
# script's stdin and the document; an empty output leaves it unchanged.
SC=$(newsc)
Q=$SC/libvirt/hooks/qemu
mkdir "$Q.d"
printf '<domain>one</domain>\n' >"$T/doc"
script "$SC" qemu.d/10-x "tee '$W/x.in' | sed s/one/two/"
script "$SC" qemu.d/20-y "cat >'$W/y.in'"
script "$SC" qemu.d/30-z "tee '$W/z.in' | sed s/two/three/"
hookrun_in "$W" -c "$SC" -o -i "$T/doc" qemu vm migrate begin -
check "filter chain: succeeds" is "$rc" 0
printf '<domain>three</domain>\n' >"$T/exp"
check "filter chain: the document went through all three" same "$T/exp" "$T/out"
check "filter chain: first script got the input" same "$T/doc" "$W/x.in"
printf '<domain>two</domain>\n' >"$T/exp"
check "filter chain: second got the first's output" same "$T/exp" "$W/y.in"
check "filter chain: empty output left it unchanged for the third" \
    same "$T/exp" "$W/z.in"

hookrun_in "$W" -c "$SC" -o -i "$T/doc" qemu vm start begin -
check "not a filter: every script gets the original input" same "$T/doc" "$W/z.in"
printf '<domain>two</domain>\n<domain>one</domain>\n' >"$T/exp"
check "not a filter: -o prints each script's stdout in order" \
    same "$T/exp" "$T/out"
hookrun_in "$W" -c "$SC" -F -o -i "$T/doc" qemu vm start begin -
printf '<domain>three</domain>\n' >"$T/exp"
check "-F makes any call a filter" same "$T/exp" "$T/out"

script "$SC" qemu.d/20-y "echo '<domain>bad</domain>'; exit 1"
hookrun_in "$W" -c "$SC" -o -i "$T/doc" qemu vm migrate begin -
printf '<domain>three</domain>\n' >"$T/exp"
check "filter chain: a failed script's output is not adopted" \
    same "$T/exp" "$T/out"
check "filter chain: but the call fails" is "$rc" 1

script "$SC" qemu.d/10-x "cat >/dev/null"
script "$SC" qemu.d/20-y "cat >/dev/null"
script "$SC" qemu.d/30-z "cat >/dev/null"
hookrun_in "$W" -c "$SC" -o -i "$T/doc" qemu vm restore begin -
check "filter with no output at all: unchanged, nothing printed" \
    same /dev/null "$T/out"
(cd "$W" && "$TLIMIT" -t 120 "$APITEST" call "$SC" qemu vm restore begin - "$T/doc") >"$T/api"
check "string call of restore, no filter flag: stdout only captured" \
    contains "$T/api" "status=ok"

# Leftover names: run by default, as the daemon does; skipped with -s.
SC=$(newsc)
Q=$SC/libvirt/hooks/lxc
mkdir "$Q.d"
for n in .hidden x~ x.dpkg-old x.dpkg-new x.dpkg-dist x.dpkg-tmp \
    x.rpmsave x.rpmnew x.rpmorig x.swp y; do
    script "$SC" "lxc.d/$n" "echo '$n' >>'$W/order3'"
done
rm -f "$W/order3"
hookrun_in "$W" -c "$SC" lxc vm start begin -
check "leftovers: run by default" is "$(wc -l <"$W/order3")" 11
rm -f "$W/order3"
hookrun_in "$W" -c "$SC" -s lxc vm start begin -
check "leftovers: -s skips all but the real script" same_text y "$W/order3"
hookrun_in "$W" -c "$SC" -l
check "leftovers: --list says which -s would skip and why" contains "$T/out" \
    "$(printf '%-7s %-2s %-15s %s' lxc 4 present \
        "$Q.d/x.dpkg-old (--skip-leftovers would skip it: dpkg backup)")"
hookrun_in "$W" -c "$SC" -s -l
check "leftovers: --list -s shows them skipped, with the reason" \
    contains "$T/out" \
    "$(printf '%-7s %-2s %-15s %s' lxc - skipped "$Q.d/x~: editor backup")"
check "leftovers: --list -s, hidden file" contains "$T/out" \
    "$(printf '%-7s %-2s %-15s %s' lxc - skipped "$Q.d/.hidden: hidden file")"
check "leftovers: --list -s, the real script runs first" contains "$T/out" \
    "$(printf '%-7s %-2s %-15s %s' lxc 1 present "$Q.d/y")"

# A DRIVER.d that is a file is reported, not run.
SC=$(newsc)
printf 'x\n' >"$SC/libvirt/hooks/bhyve.d"
hookrun_in "$W" -c "$SC" -l
check "bhyve.d as a file: --list reports it" contains "$T/out" \
    "$(printf '%-7s %-2s %-15s %s' bhyve - not-regular \
        "$SC/libvirt/hooks/bhyve.d: not a directory")"

finish
