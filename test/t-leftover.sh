# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# A script that ends while something it started still holds its stdout or
# stderr: the daemon, which reads both to their end, would hang for as long
# as that process lives.  hookrun names each holder (where /proc lists
# open files), says what the daemon would do and how to fix it, and exits
# 1.  --pipe-grace 0.2 keeps each call short.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
SC=$(newsc)
Q=$SC/libvirt/hooks/qemu
leftover=

# Every process a script leaves is remembered by its pid (the script
# writes $! to a file) and ended at exit.
trap 'for p in $leftover; do kill -KILL "$p" 2>/dev/null; done
      rm -rf "$T"' EXIT

# remember FILE...: $pid (and $pid2) are the pids scripts wrote there.
remember() {
    pid=$(cat "$1" 2>/dev/null)
    pid2=$(cat "${2:-/dev/null}" 2>/dev/null)
    leftover="$leftover $pid $pid2"
}

# holder PID COMMAND [PIPE]: the line naming a holder, where this system
# can name it, else the line that says it cannot.
holder() {
    if [ -d /proc/self/fd ]; then
        echo "hookrun:   pid $1: $2${3:+ ($3)}"
    else
        echo "hookrun:   (which one, this system does not tell: it has no" \
            "/proc/self/fd)"
    fi
}

# The shell code a script runs after starting a leftover with '&', so
# that it exits only once that has become the sleep (or whatever it
# execs) that the report names, and has left the group if setsid: a
# loaded machine may otherwise be slower than the pipe grace.
EXECED='w=$! i=0
while [ $i -lt 500 ] && [ -d /proc/$w ] && ! grep -q ^sleep /proc/$w/cmdline
do sleep 0.01; i=$((i + 1)); done'

# run ARG...: hookrun_in $W, every stderr also kept in $T/allerr.
run() {
    hookrun_in "$W" "$@"
    cat "$T/err" >>"$T/allerr"
}

# explained GRACE: the two lines that end every report.
explained() {
    echo "hookrun: the daemon reads a hook's stdout and stderr to their" \
        "end: its call would hang until every process holding them has" \
        "ended (hookrun stops waiting after --pipe-grace, $1 s)"
    echo "hookrun: fix: redirect what a hook leaves running, as in" \
        "'cmd >/dev/null 2>&1 &' or 'setsid cmd </dev/null >/dev/null" \
        "2>&1 &', or let systemd run it: 'systemd-run cmd'"
}

# One `sleep 30 &`: both pipes held by that very process.
script "$SC" qemu "sleep 30 & echo \$! >'$W/bg'; $EXECED; echo done"
run -c "$SC" --pipe-grace=0.2 -o qemu vm start begin -
remember "$W/bg"
rc_held=$rc
check "sleep 30 &: exit 1, though the script exited 0 (its stdout printed)" \
    sh -c '[ "$1" = 1 ] && [ "$(cat "$2")" = done ]' - "$rc" "$T/out"
{
    echo "hookrun: $Q ended, but something it started still holds its" \
        "stdout and stderr:"
    holder "$pid" "sleep 30"
    explained 0.2
} >"$T/exp"
check "sleep 30 &: the holder named by its pid, the daemon's wait, the fix" \
    same "$T/exp" "$T/err"
if [ -d /proc/self/fd ]; then
    check "sleep 30 &: the pid named is the one the script's \$! gave" \
        sh -c '[ -n "$1" ] && [ "$(grep -c "^hookrun:   pid " "$2")" = 1 ] &&
               grep -q "^hookrun:   pid $1: " "$2"' - "$pid" "$T/err"
else
    echo "# not run: sleep 30 &: the pid named (no /proc/self/fd here)"
fi
kill "$pid" 2>/dev/null

# Only stderr held: the background job's stdout goes elsewhere.
script "$SC" qemu "sleep 30 >/dev/null & echo \$! >'$W/bg'; $EXECED"
run -c "$SC" --pipe-grace 0.2 qemu vm start begin -
remember "$W/bg"
{
    echo "hookrun: $Q ended, but something it started still holds its" \
        "stderr:"
    holder "$pid" "sleep 30"
    explained 0.2
} >"$T/exp"
check "stderr held only: says stderr, names the holder" same "$T/exp" "$T/err"
check "stderr held only: exit 1" is "$rc" 1
kill "$pid" 2>/dev/null

# Two holders, one of each pipe: each line says which it holds.
script "$SC" qemu "sleep 30 >/dev/null & echo \$! >'$W/bg'; $EXECED
sleep 29 2>/dev/null & echo \$! >'$W/bg2'; $EXECED"
run -c "$SC" --pipe-grace 0.2 qemu vm start begin -
remember "$W/bg" "$W/bg2"
if [ -d /proc/self/fd ]; then
    # /proc lists processes by pid: the order of the two lines is theirs
    holder "$pid" "sleep 30" stderr >"$T/h1"
    holder "$pid2" "sleep 29" stdout >"$T/h2"
    sed -n '2,3p' "$T/err" | sort >"$T/got"
    sort "$T/h1" "$T/h2" >"$T/exp"
    check "two holders: each named, with the pipe it holds" \
        same "$T/exp" "$T/got"
else
    echo "# not run: two holders (no /proc/self/fd here)"
fi
check "two holders: the header says both pipes" contains "$T/err" \
    "still holds its stdout and stderr:"
kill "$pid" "$pid2" 2>/dev/null

# Redirected properly, a background job holds nothing: no word, exit 0,
# where the same job unredirected (the first test) gets exit 1.
script "$SC" qemu "sleep 30 >/dev/null 2>&1 & echo \$! >'$W/bg'"
run -c "$SC" --pipe-grace 0.2 qemu vm start begin -
remember "$W/bg"
check "sleep 30 >/dev/null 2>&1 &: exit 0, nothing said (unlike sleep 30 &)" \
    sh -c '[ "$1" = 0 ] && ! [ -s "$2" ] && [ "$3" = 1 ]' - "$rc" "$T/err" \
    "$rc_held"
kill "$pid" 2>/dev/null

# --kill-group kills it as the script exits: nothing is left to report,
# where, with the leftover moved out of the group (setsid), it is.
script "$SC" qemu "sleep 30 & echo \$! >'$W/bg'; $EXECED"
run -c "$SC" --kill-group --pipe-grace 0.2 qemu vm start begin -
remember "$W/bg"
gone "$pid" >"$T/gone" 2>&1 && : >"$T/gone.gone"
cp "$T/err" "$T/err.killed"
rc_killed=$rc
script "$SC" qemu "setsid sleep 30 & echo \$! >'$W/bg'; $EXECED"
run -c "$SC" --kill-group --pipe-grace 0.2 qemu vm start begin -
remember "$W/bg"
check "--kill-group: leftover gone, exit 0, nothing said (setsid'd: exit 1)" \
    sh -c 'cat "$4"; [ -e "$4.gone" ] && [ "$1" = 0 ] && ! [ -s "$2" ] &&
           [ "$3" = 1 ]' - "$rc_killed" "$T/err.killed" "$rc" "$T/gone"
kill "$pid" 2>/dev/null

# The default grace, 1 s, is the one the report gives.
script "$SC" qemu "sleep 30 2>/dev/null & echo \$! >'$W/bg'; $EXECED"
run -c "$SC" qemu vm start begin -
remember "$W/bg"
explained 1 | head -n 1 >"$T/exp"
grep -F 'the daemon reads' "$T/err" >"$T/got"
check "default grace: the report says 1 s" same "$T/exp" "$T/got"
kill "$pid" 2>/dev/null

# A failing script's leftover is reported after its failure message.
script "$SC" qemu "sleep 30 & echo \$! >'$W/bg'; $EXECED; echo no >&2
exit 4"
run -c "$SC" --pipe-grace 0.2 qemu vm start begin -
remember "$W/bg"
check "failed and left: the message first, then the leftover" \
    sh -c 'sed -n 1p "$1" | grep -q "exit status 4: no\$" &&
           sed -n 2p "$1" | grep -q "still holds its stdout and stderr:\$"' \
    - "$T/err"
kill "$pid" 2>/dev/null

# In a lifecycle: reported for the call that left it, the sequence goes
# on (the daemon would, once the leftover ended), and hookrun exits 1.
script "$SC" qemu "case \$2 in
start) sleep 30 & echo \$! >'$W/bg'; $EXECED;;
esac"
run -c "$SC" --pipe-grace 0.2 --lifecycle qemu vm start
remember "$W/bg"
WAIT="left a process holding its output (the daemon would wait here)"
want_lines "qemu vm prepare begin -: ok" \
    "qemu vm start begin -: ok, but $WAIT" "qemu vm started begin -: ok" --
check "--lifecycle: exit 1, every call made, no clean-up, the wait said" \
    sh -c '[ "$1" = 1 ] && cmp "$2" "$3"' - "$rc" "$T/exp" "$T/out"
check "--lifecycle: one report, for the start call's script" \
    sh -c '[ "$(grep -c "still holds" "$1")" = 1 ] &&
           [ "$(grep -c "^hookrun: fix: " "$1")" = 1 ]' - "$T/err"
check "--lifecycle: the holder named" contains "$T/err" \
    "$(holder "$pid" "sleep 30")"
kill "$pid" 2>/dev/null

# A call that failed and left one: both said; the clean-up follows.
script "$SC" qemu "case \$2 in
start) sleep 30 & echo \$! >'$W/bg'; $EXECED; exit 3;;
esac"
run -c "$SC" --pipe-grace 0.2 --lifecycle qemu vm start
remember "$W/bg"
want_lines "qemu vm prepare begin -: ok" \
    "qemu vm start begin -: exit status 3, and $WAIT" \
    "qemu vm stopped end -: ok" "qemu vm release end failed: ok" --
check "--lifecycle: a failed call that left one: exit 1, both said" \
    sh -c '[ "$1" = 1 ] && cmp "$2" "$3"' - "$rc" "$T/exp" "$T/out"
kill "$pid" 2>/dev/null

# (Not under valgrind: another user, then a /proc that valgrind cannot
# read, would stop it.)
novg "run as another user, or with a stand-in /proc"
# A holder this user cannot see: none is found, and the line says only
# what is known.  Run as another user (root's setpriv), the script leaves
# a copy of sleep that user may execute but not read: the process is then
# not dumpable, and its /proc/PID/fd is root's.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
    [ -d /proc/self/fd ]; then
    U=$(newdir)
    cp "$(command -v sleep)" "$U/xsleep"
    chmod 711 "$U/xsleep"
    chmod 777 "$U"
    script "$SC" qemu "'$U/xsleep' 30 & echo \$! >'$U/bg'
i=0
while [ \$i -lt 500 ] && ! grep -q xsleep /proc/\$!/cmdline 2>/dev/null
do sleep 0.01; i=\$((i + 1)); done"
    chmod 755 "$T" "$SC"        # setpriv's user must reach the tree
    (cd "$U" && "$TLIMIT" -t 60 setpriv --reuid=12345 --regid=12345 \
        --clear-groups "$HOOKRUN" -c "$SC" --pipe-grace 0.2 \
        qemu vm start begin -) >"$T/out" 2>"$T/errall"
    rc=$?
    chmod 700 "$T"
    split_notes
    remember "$U/bg"
    {
        echo "hookrun: $Q ended, but something it started still holds" \
            "its stdout and stderr:"
        echo "hookrun:   (none found: it has ended or closed the pipe, or" \
            "this user cannot see it)"
        explained 0.2
    } >"$T/exp"
    # hookrun's lines only: gcov cannot write its counts as that user
    grep '^hookrun:' "$T/err" >"$T/errh"
    check "a holder this user cannot see: exit 1, 'none found' says why" \
        sh -c 'cat "$3"; [ "$1" = 1 ] && cmp "$2" "$3"' - "$rc" "$T/exp" \
        "$T/errh"
    kill "$pid" 2>/dev/null
else
    echo "# not run: a holder this user cannot see (needs root, setpriv, /proc)"
fi

# A /proc/self/fd that does not show pipes as "pipe:[INODE]" (here a
# stand-in, in a mount namespace of its own): hookrun says it cannot name
# the holders, rather than that it found none.
unshare=
if unshare -m true 2>/dev/null; then
    unshare="unshare -m"
elif unshare -rm true 2>/dev/null; then
    unshare="unshare -rm"
fi
script "$SC" qemu "sleep 30 & echo \$! >'$W/bg'"
if [ -n "${UNDER_ASAN:-}${UNDER_TSAN:-}" ]; then
    echo "# not run: /proc/self/fd without pipe:[INODE] (the sanitizers" \
        "need the real /proc)"
elif [ -n "$unshare" ]; then
    # shellcheck disable=SC2016,SC2086  # $1...: the inner sh's
    (cd "$W" && "$TLIMIT" -t 60 $unshare sh -c '
        mount -t tmpfs none /proc && mkdir -p /proc/self/fd || exit 99
        i=0
        while [ $i -lt 64 ]; do
            ln -s "anon_inode:[pipe]" /proc/self/fd/$i
            i=$((i + 1))
        done
        exec "$@"' - "$HOOKRUN" -c "$SC" --pipe-grace 0.2 \
        qemu vm start begin -) >"$T/out" 2>"$T/errall"
    rc=$?
    split_notes
    remember "$W/bg"
    {
        echo "hookrun: $Q ended, but something it started still holds" \
            "its stdout and stderr:"
        echo "hookrun:   (which one, this system does not tell: its" \
            "/proc/self/fd does not show a pipe as pipe:[INODE])"
        explained 0.2
    } >"$T/exp"
    check "/proc/self/fd without pipe:[INODE]: holders cannot be named" \
        sh -c 'cat "$3"; [ "$1" = 1 ] && cmp "$2" "$3"' - "$rc" "$T/exp" \
        "$T/err"
    kill "$pid" 2>/dev/null
else
    echo "# not run: /proc/self/fd without pipe:[INODE] (no unshare -m here)"
fi
novg_end

# Every line of every report starts with "hookrun:".
check "every line of every report starts with 'hookrun:'" \
    sh -c 'grep -q "still holds" "$1" && ! grep -v "^hookrun:" "$1"' - \
    "$T/allerr"

finish
