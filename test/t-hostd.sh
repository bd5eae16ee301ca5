# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# The example daemon (examples/hostd.c) under real signals: daemon hooks at
# start-up, SIGHUP and SIGTERM; domain start and stop commands; and a hook
# added while it runs, picked up only after the reload.
. "$(dirname "$0")/lib.sh"

HOSTD=${HOSTD:-./examples/hostd}
case $HOSTD in /*) ;; *) HOSTD=$TOP/$HOSTD ;; esac
W=$(newdir)
SC=$(newsc)
XML=$FIXTURES/qemu-prepare.xml
LOG=$W/log
OUT=$T/hostd.out
pid=

trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT

script "$SC" daemon "echo \"daemon \$*\" >>'$LOG'"
script "$SC" qemu "echo \"qemu \$*\" >>'$LOG'; cat >'$W/stdin.last'"
mkdir "$SC/libvirt/hooks/qemu.d"

# wait_for TEXT: until hostd has printed a line TEXT (10 s at most).
wait_for() {
    i=0
    while ! grep -qxF -e "$1" "$OUT" 2>/dev/null; do
        i=$((i + 1))
        if [ $i -gt 200 ]; then
            echo "hostd never printed '$1'; it printed:"
            cat "$OUT"
            return 1
        fi
        sleep 0.05
    done
}

mkfifo "$T/cmd"
# exec: yash forks again for a background command with redirections, and
# $! would then name a shell, not hostd.
(exec "$HOSTD" "$SC" <"$T/cmd" >"$OUT" 2>&1) &
pid=$!
exec 3>"$T/cmd"

check "hostd starts" wait_for ready
printf '%s\n' "daemon - start - start" >"$T/exp"
check "start-up runs daemon - start - start" same "$T/exp" "$LOG"

echo "start vm1 $XML" >&3
check "start vm1: done" wait_for "done start vm1 $XML"
printf '%s\n' "qemu vm1 prepare begin -" "qemu vm1 start begin -" \
    "qemu vm1 started begin -" >>"$T/exp"
check "start vm1: prepare, start, started" same "$T/exp" "$LOG"
check "start vm1: the domain XML on stdin" same "$XML" "$W/stdin.last"

# Added while hostd runs: not used until the rescan of the reload.
script "$SC" qemu.d/50-new "echo \"new \$*\" >>'$LOG'"
script "$SC" qemu.d/40-picky "[ \"\$1\" = vm4 ] && [ \"\$2\" = prepare ] && { echo 'no vm4 here' >&2; exit 1; }; exit 0"
echo "start vm2 $XML" >&3
check "start vm2: done" wait_for "done start vm2 $XML"
printf '%s\n' "qemu vm2 prepare begin -" "qemu vm2 start begin -" \
    "qemu vm2 started begin -" >>"$T/exp"
check "a hook added while running is not used before the reload" \
    same "$T/exp" "$LOG"

kill -HUP "$pid"
check "SIGHUP: reloaded" wait_for reloaded
printf '%s\n' "daemon - reload begin SIGHUP" >>"$T/exp"
check "SIGHUP: daemon - reload begin SIGHUP" same "$T/exp" "$LOG"

echo "start vm3 $XML" >&3
check "start vm3: done" wait_for "done start vm3 $XML"
printf '%s\n' "qemu vm3 prepare begin -" "new vm3 prepare begin -" \
    "qemu vm3 start begin -" "new vm3 start begin -" \
    "qemu vm3 started begin -" "new vm3 started begin -" >>"$T/exp"
check "after the reload the added hook runs, after the main script" \
    same "$T/exp" "$LOG"

echo "start vm4 $XML" >&3
check "start vm4: done" wait_for "done start vm4 $XML"
printf '%s\n' "qemu vm4 prepare begin -" "new vm4 prepare begin -" \
    "qemu vm4 stopped end -" "new vm4 stopped end -" \
    "qemu vm4 release end failed" "new vm4 release end failed" >>"$T/exp"
check "a failing prepare aborts the start: stopped, release failed" \
    same "$T/exp" "$LOG"
check "a failing prepare: the error with the hook's stderr" contains "$OUT" \
    "hook qemu vm4 prepare begin -: exited: hook $SC/libvirt/hooks/qemu.d/40-picky vm4 prepare begin -: exit status 1: no vm4 here"

echo "stop vm1" >&3
check "stop vm1: done" wait_for "done stop vm1"
printf '%s\n' "qemu vm1 stopped end -" "new vm1 stopped end -" \
    "qemu vm1 release end shutdown" "new vm1 release end shutdown" >>"$T/exp"
check "stop vm1: stopped, then release shutdown" same "$T/exp" "$LOG"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
exec 3>&-
check "SIGTERM: hostd exits 0" is "$rc" 0
printf '%s\n' "daemon - shutdown - shutdown" >>"$T/exp"
check "SIGTERM: daemon - shutdown - shutdown" same "$T/exp" "$LOG"
check "SIGTERM: bye" wait_for bye

# batch DRIVER CMDFILE LASTLINE: hostd reads CMDFILE to its end and gets
# SIGTERM once it has printed LASTLINE; 30 s at most.  Output: $T/batch.out.
batch() {
    "$TLIMIT" -t 30 sh -c '
        "$1" "$2" "$3" <"$4" >"$5" 2>&1 &
        pid=$!
        i=0
        until grep -qxF -e "$6" "$5"; do
            sleep 0.05
            i=$((i + 1))
            [ $i -lt 400 ] || { kill -KILL $pid; exit 1; }
        done
        kill -TERM $pid
        wait $pid' sh "$HOSTD" "$SC" "$1" "$2" "$T/batch.out" "$3"
}

# An over-long line is dropped whole; a last line without a newline runs.
{
    printf '%04095d' 0 | tr 0 x
    printf 'start evil %s\nstart good %s' "$XML" "$XML"
} >"$T/cmds"
check "over-long line and unterminated last line: hostd ends cleanly" \
    batch qemu "$T/cmds" "done start good $XML"
check "over-long line: its tail never runs as a command" \
    sh -c '! grep -q "qemu evil" "$1"' sh "$T/batch.out"
check "unterminated last line: still run" contains "$T/batch.out" \
    "hook qemu good started begin -: ok"

# A network has neither prepare nor release; libxl releases with "-".
SCN=$(newsc)
script "$SCN" network "echo \"network \$*\" >>'$W/netlog'"
SC0=$SC
SC=$SCN
printf '%s\n' "start net1 $FIXTURES/network-start.xml" "stop net1" >"$T/cmds"
check "network: hostd ends cleanly" batch network "$T/cmds" "done stop net1"
printf '%s\n' "network net1 start begin -" "network net1 started begin -" \
    "network net1 stopped end -" >"$T/exp"
check "network: start begin, started begin, stopped end" \
    same "$T/exp" "$W/netlog"
script "$SCN" libxl "echo \"libxl \$*\" >>'$W/xllog'"
printf '%s\n' "start x1 $XML" "stop x1" >"$T/cmds"
check "libxl: hostd ends cleanly" batch libxl "$T/cmds" "done stop x1"
check "libxl: release end -" contains "$W/xllog" "libxl x1 release end -"
SC=$SC0

# Signals are not held off: by a flood of commands, or by a closed stdin.
check "a flood of commands does not hold off SIGTERM" "$TLIMIT" -t 30 sh -c '
    (while :; do echo "stop nobody"; done) | "$1" "$2" >"$3" 2>&1 &
    pid=$!
    i=0
    until grep -q "^done stop nobody$" "$3"; do
        sleep 0.05; i=$((i + 1)); [ $i -lt 400 ] || exit 1
    done
    kill -TERM $pid
    wait $pid && tail -n 1 "$3" | grep -qx bye' sh "$HOSTD" "$SC" "$T/flood.out"
check "stdin closed: SIGTERM still ends hostd" "$TLIMIT" -t 30 sh -c '
    "$1" "$2" <&- >"$3" 2>&1 &
    pid=$!
    i=0
    until grep -q "^ready$" "$3"; do
        sleep 0.05; i=$((i + 1)); [ $i -lt 400 ] || exit 1
    done
    kill -TERM $pid
    wait $pid' sh "$HOSTD" "$SC" "$T/closed.out"

finish
