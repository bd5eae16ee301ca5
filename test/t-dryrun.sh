# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# hookrun -n (--dry-run): each call, and for each script that would run
# its argv, environment and stdin, printed on stdout; nothing runs.  What
# it prints is checked byte for byte, and against what a recording probe
# is given when the same command line really runs.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
SC=$(newsc)
Q=$SC/libvirt/hooks/qemu
mkdir -p "$Q.d"
probe "$SC" qemu
cp "$PROBE" "$Q.d/10-probe"
printf '<domain/>\n' >"$T/doc"
HOSTENV="PATH=/usr/bin:/bin HOME=/home/host SECRET=x LC_ALL=fr_FR.UTF-8"

# shq WORD: the word as hookrun -n quotes it, the way sh reads it back.
shq() {
    case $1 in
    '' | *[!A-Za-z0-9%+,./:=@_-]*)
        printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
    *) printf '%s' "$1" ;;
    esac
}

# dry ARG...: hookrun -n ARG... in $W, with the host environment $HOSTENV;
# $T/out, $T/err, $rc.
dry() {
    # shellcheck disable=SC2086  # HOSTENV is a list of words
    (cd "$W" && env -i $HOSTENV "$TLIMIT" -t 60 "$HOOKRUN" -n ${1+"$@"}) \
        >"$T/out" 2>"$T/err"
    rc=$?
}

# real ARG...: the same without -n.
real() {
    # shellcheck disable=SC2086
    (cd "$W" && env -i $HOSTENV "$TLIMIT" -t 60 "$HOOKRUN" ${1+"$@"}) \
        >"$T/real.out" 2>"$T/real.err"
}

# block N FILE: the lines of the Nth script of a dry run's output.
block() {
    awk -v n="$1" '/^run /{ k++ } k == n' "$2"
}

# ran_nothing: hookrun -n printed something, and no probe recorded
# anything (no script ran).
ran_nothing() {
    [ -s "$T/out" ] || { echo "nothing printed"; return 1; }
    for f in "$W"/*.argv "$W"/*.env "$W"/*.stdin; do
        [ -e "$f" ] && { echo "$f: a script ran"; return 1; }
    done
    return 0
}

novg "valgrind puts LD_PRELOAD in the host's environment"
dry -c "$SC" -i "$T/doc" -E "Q=it's here" qemu vm start begin -
for s in "$Q" "$Q.d/10-probe"; do
    printf 'run %s vm start begin -\n' "$(shq "$s")"
    printf '  env %s\n' LC_ALL=C PATH=/usr/bin:/bin HOME=/home/host \
        "'Q=it'\\''s here'"
    echo "  stdin 10 bytes"
done >"$T/scripts"
{ echo "call qemu vm start begin -"; cat "$T/scripts"; } >"$T/exp"
check "one call: its line, then each script's argv, env and stdin" \
    same "$T/exp" "$T/out"
novg_end
check "one call: exit 0, nothing on stderr, no script ran" \
    sh -c '[ "$1" = 0 ] && ! [ -s "$2" ]' - "$rc" "$T/err"
check "one call: no script ran" ran_nothing

# What the probes are given when the same command line runs.
novg "valgrind strips its LD_PRELOAD from what the scripts get"
dry -c "$SC" -i "$T/doc" -E A=1 --keep-env -E B=2 qemu vm start begin -
cp "$T/out" "$T/dry"
real -c "$SC" -i "$T/doc" -E A=1 --keep-env -E B=2 qemu vm start begin -
n=0
for s in qemu 10-probe; do
    n=$((n + 1))
    block $n "$T/dry" | sed -n 's/^run //p' | tr ' ' '\n' >"$T/argv"
    check "against a real run, script $n: argv" same "$W/$s.argv" "$T/argv"
    block $n "$T/dry" | sed -n 's/^  env //p' >"$T/env"
    check "against a real run, script $n: environment (--keep-env, -E)" \
        same "$W/$s.env" "$T/env"
    block $n "$T/dry" | sed -n 's/^  stdin //p' >"$T/stdin"
    check "against a real run, script $n: stdin's size" \
        same_text "$(wc -c <"$W/$s.stdin" | tr -d ' ') bytes" "$T/stdin"
done
novg_end
rm -f "$W"/qemu.* "$W"/10-probe.*

# Quoted words read back by sh are the argv a real run passes.
dry -c "$SC" --any-op qemu "it's a vm" 'st$rt' begin ''\''-'
cp "$T/out" "$T/dry"
sed -n 1p "$T/dry" >"$T/line"
check "quoting: the call's line" same_text \
    "call qemu 'it'\\''s a vm' 'st\$rt' begin ''\\''-'" "$T/line"
real -c "$SC" --any-op qemu "it's a vm" 'st$rt' begin ''\''-'
line=$(block 1 "$T/dry" | sed -n 's/^run //p')
eval "set -- $line"
printf '%s\n' "$@" >"$T/argv"
check "quoting: sh reads the run line back as the real argv" \
    same "$W/qemu.argv" "$T/argv"
rm -f "$W"/qemu.* "$W"/10-probe.*
dry -c "$SC" qemu vm release end 'from snapshot'
check "quoting: release's 'from snapshot', one word" contains "$T/out" \
    "run $(shq "$Q") vm release end 'from snapshot'"

# stdin: /dev/null without -i; -i - reads hookrun's stdin for its size; in
# a filter, each script after the first may get the one before's output.
FILTER=", or the document a script before it printed (filter)"
stdin_lines() {
    sed -n 's/^  stdin //p' "$T/out" >"$T/got"
    want_lines "$@"
    same "$T/exp" "$T/got"
}
dry -c "$SC" qemu vm start begin -
check "no -i: stdin /dev/null" stdin_lines /dev/null /dev/null --
printf 'abc' | dry -c "$SC" -i - qemu vm start begin -
check "-i -: the size of what hookrun read" stdin_lines "3 bytes" "3 bytes" --
: >"$T/empty"
dry -c "$SC" -i "$T/empty" qemu vm start begin -
check "-i an empty file: 0 bytes, a pipe" stdin_lines "0 bytes" "0 bytes" --
dry -c "$SC" -i "$T/doc" qemu vm migrate begin -
check "migrate (a filter): the second script may get the first's output" \
    stdin_lines "10 bytes" "10 bytes$FILTER" --
dry -c "$SC" -F qemu vm start begin -
check "-F without -i: /dev/null, then maybe the first's output" \
    stdin_lines /dev/null "/dev/null$FILTER" --
check "no script ran" ran_nothing

# --lifecycle: each call the sequence would make if all succeeded.
calls() {
    sed -n 's/^call //p' "$T/out" >"$T/got"
    want_lines "$@"
    same "$T/exp" "$T/got"
}
dry -c "$SC" -i "$T/doc" --lifecycle qemu vm start
check "--lifecycle qemu vm start: prepare, start, started" calls \
    "qemu vm prepare begin -" "qemu vm start begin -" \
    "qemu vm started begin -" --
check "--lifecycle qemu vm start: two scripts each" \
    test "$(grep -c '^run ' "$T/out")" -eq 6
dry -c "$SC" --lifecycle qemu vm stop
check "--lifecycle qemu vm stop: stopped, release with its reason" calls \
    "qemu vm stopped end -" "qemu vm release end shutdown" --
dry -c "$SC" --lifecycle daemon - restart
check "--lifecycle daemon - restart: shutdown, then start" calls \
    "daemon - shutdown - shutdown" "daemon - start - start" --
check "--lifecycle daemon, no daemon hook: exit 0, a note per call" \
    sh -c '[ "$1" = 0 ] && ! grep "^run " "$2" &&
           [ "$(grep -c "nothing would run" "$3")" = 2 ]' - "$rc" "$T/out" \
    "$T/err"
check "--lifecycle: no script ran" ran_nothing

# Nothing runs, whatever else is asked: scripts that would leave a mark.
SC2=$(newsc)
script "$SC2" qemu "touch '$W/ran'"
script "$SC2" daemon "touch '$W/ran'"
mkdir "$SC2/libvirt/hooks/qemu.d"
script "$SC2" qemu.d/10-mark "touch '$W/ran.d'"
fails=
for args in "qemu vm start begin -" "-o -v -F qemu vm start begin -" \
    "-t 1 --kill-group --fork --pipe-grace=-1 qemu vm migrate begin -" \
    "--lifecycle qemu vm start" "--any-op qemu vm anything begin -"; do
    # shellcheck disable=SC2086  # the options are words
    dry -c "$SC2" -i "$T/doc" $args </dev/null
    [ "$rc" -eq 0 ] || fails="$fails [$args: exit $rc]"
done
for action in restart reload shutdown; do
    dry -c "$SC2" --lifecycle daemon - "$action"
    [ "$rc" -eq 0 ] || fails="$fails [daemon $action: exit $rc]"
done
check "-n with any options: exit 0 each time, no script ran (no mark)" \
    sh -c 'echo "$1"; [ -z "$1" ] && ! [ -e "$2/ran" ] &&
           ! [ -e "$2/ran.d" ]' - "$fails" "$W"

# No script: the call's line alone, a note on stderr, exit 0.
dry -c "$(newsc)" qemu vm start begin -
check "no script: the call's line alone" same_text \
    "call qemu vm start begin -" "$T/out"
check "no script: a note, exit 0" \
    sh -c '[ "$1" = 0 ] && grep -q "$3" "$2"' - "$rc" "$T/err" \
    "^hookrun: no hook script for qemu: nothing would run"

# A script that would fail to execute: said as after a failed run.
SC3=$(newsc)
Q3=$SC3/libvirt/hooks/qemu
printf '#!/bin/sh\r\necho hi\r\n' >"$Q3"
chmod 755 "$Q3"
dry -c "$SC3" qemu vm start begin -
check "DOS line endings: predicted on stderr" same_text \
    "hookrun: $Q3: the interpreter its #! line names, \"/bin/sh\\r\", ends\
 in a carriage return: the file has DOS line endings (dos2unix fixes it)" \
    "$T/err"
check "DOS line endings: still listed, exit 0" \
    sh -c '[ "$1" = 0 ] && grep -q "^run " "$2"' - "$rc" "$T/out"

# Usage errors: exit 2, nothing on stdout, and the message that the same
# command line without -n gets.
usage_case() {
    title=$1
    shift
    real "$@"
    dry "$@"
    check "$title: exit 2, stdout empty, the message of a run" \
        sh -c '[ "$1" = 2 ] && ! [ -s "$2" ] && cmp "$3" "$4"' - "$rc" \
        "$T/out" "$T/real.err" "$T/err"
}
usage_case "-n, a bad lifecycle action" -c "$SC" --lifecycle qemu vm jump
usage_case "-n, words the daemon never sends" -c "$SC" qemu vm start end -
usage_case "-n, a bad -t" -c "$SC" -t x qemu vm start begin -
usage_case "-n, a -c without libvirt/hooks" -c "$W" qemu vm start begin -
dry -c "$SC" -l
check "-n -l: exit 2, -l runs nothing anyway" \
    sh -c '[ "$1" = 2 ] && ! [ -s "$2" ] && grep -q "$4" "$3"' - "$rc" \
    "$T/out" "$T/err" "^hookrun: --list runs nothing anyway: no -n\$"
dry -c "$SC" --any-op qemu "" start begin -
check "-n, an empty operand (--any-op): exit 2, says so" \
    sh -c '[ "$1" = 2 ] && ! [ -s "$2" ] && grep -q "$4" "$3"' - "$rc" \
    "$T/out" "$T/err" "^hookrun: empty OBJECT: the daemon passes '-' for none\$"

# The long spelling; a full stdout is an internal error.
dry -c "$SC" --dry-run qemu vm start begin -
check "--dry-run: the same as -n" \
    sh -c '[ "$1" = 0 ] && [ "$(grep -c "^run " "$2")" = 2 ]' - "$rc" \
    "$T/out"
if [ -w /dev/full ]; then
    (cd "$W" && "$TLIMIT" -t 60 "$HOOKRUN" -n -c "$SC" qemu vm start begin -) \
        >/dev/full 2>"$T/err"
    check "-n to a full disk: exit 3" is "$?" 3
else
    echo "# not run: -n to a full disk (no /dev/full)"
fi

finish
