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
"$HOSTD" "$SC" <"$T/cmd" >"$OUT" 2>&1 &
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

finish
