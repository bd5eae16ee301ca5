# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# Bounds on what a hook can do to its host: time (a timeout that kills the
# script's process group), pipes held by what a script leaves behind (a
# grace, then the call returns), and memory (stderr and stdout limits).
. "$(dirname "$0")/lib.sh"

W=$(newdir)
SC=$(newsc)
Q=$SC/libvirt/hooks/qemu
HEAD="hookrun: hook $Q vm start begin -"
leftover=

# Whatever a test leaves running is ended by its pid: those remembered,
# and those of the scripts that ignore SIGTERM (in $W/pids), should the
# library fail to kill them.
trap 'for p in $leftover $(cat "$W/pids" 2>/dev/null); do
          kill -KILL "$p" 2>/dev/null; done; rm -rf "$T"' EXIT

# A script that sleeps: SIGTERM ends it; SIGKILL follows for its group,
# within timeout + HOOKS_KILL_GRACE + 0.5 s.
script "$SC" qemu "sleep 30 & echo \$! >'$W/bg'; sleep 30"
(cd "$W" && "$TLIMIT" -t 120 "$APITEST" bounds "$SC" 0.3 1.8) >"$T/api"
check "timeout 0.3 s: HOOKS_TIMEDOUT by SIGTERM, within 0.3 + 1 + 0.5 s" \
    sh -c 'grep -q "status=timed-out code=15" "$1" && grep -q "^ok$" "$1" \
           || { cat "$1"; exit 1; }' sh "$T/api"
check "timeout: the script's background process is gone too" gone "$(cat "$W/bg")"

# A script that ignores SIGTERM: SIGKILL after the grace.
script "$SC" qemu "echo \$\$ >>'$W/pids'; trap '' TERM; sleep 30 & echo \$! >'$W/bg'
while :; do sleep 1; done"
(cd "$W" && "$TLIMIT" -t 120 "$APITEST" bounds "$SC" 0.3 1.8) >"$T/api"
check "timeout, SIGTERM ignored: SIGKILL, within 0.3 + 1 + 0.5 s" \
    sh -c 'grep -q "status=timed-out code=9" "$1" && grep -q "^ok$" "$1" \
           || { cat "$1"; exit 1; }' sh "$T/api"
check "timeout, SIGTERM ignored: nothing of the group survives" \
    gone "$(cat "$W/bg")"

hookrun_in "$W" -c "$SC" -t 0.2 qemu vm start begin -
check "hookrun -t 0.2: exit status 1" is "$rc" 1
check "hookrun -t 0.2: says it timed out, after how long, and the signal" \
    same_text "$HEAD: timed out after 0.2 s; killed by SIGKILL" "$T/err"

# Scripts after the deadline do not run.
mkdir -p "$Q.d"
script "$SC" qemu 'sleep 30'
script "$SC" qemu.d/10-after "touch '$W/after'"
hookrun_in "$W" -c "$SC" -t 0.2 qemu vm start begin -
check "timeout: scripts after the deadline are not run" test ! -e "$W/after"
rm -rf "$Q.d"

# A script that finishes in time is unaffected by a timeout.
script "$SC" qemu 'echo fine >&2; exit 4'
hookrun_in "$W" -c "$SC" -t 5 qemu vm start begin -
check "timeout not reached: the script's own status" same_text \
    "$HEAD: exit status 4: fine" "$T/err"

# A background process holding stdout and stderr does not keep the call:
# it returns within the 1 s grace, and the process is left alone.
script "$SC" qemu "sleep 30 & echo \$! >'$W/bg'; echo started >&2; exit 0"
(cd "$W" && "$TLIMIT" -t 120 "$APITEST" bounds "$SC" 0 1.6) >"$T/api"
leftover=$(cat "$W/bg")
check "leftover holding the pipes: the call returns within the grace" \
    sh -c 'grep -q "status=ok" "$1" && grep -q "^ok$" "$1" \
           || { cat "$1"; exit 1; }' sh "$T/api"
check "leftover holding the pipes: what was read so far is kept" \
    contains "$T/api" "err_len=8"
check "leftover holding the pipes: it is left alone" kill -0 "$leftover"
kill -KILL "$leftover"
leftover=

# ... unless the caller asks for the group to be killed.
hookrun_in "$W" -c "$SC" --kill-group qemu vm start begin -
check "--kill-group: the call succeeds" is "$rc" 0
check "--kill-group: the leftover is gone" gone "$(cat "$W/bg")"

# bounded SECONDS ARG...: hookrun under a limit of SECONDS, the limit
# being the assertion: $rc is 124 if it ran longer (output as hookrun_in).
# Under valgrind, whose start-up alone takes about a second, hookrun runs
# itself (novg), and the tests' names say so.
bounded() {
    _lim=$1
    shift
    # shellcheck disable=SC2086  # FORK_OPT: empty, or one word
    (cd "$W" && "$TLIMIT" -t "$_lim" "$HOOKRUN" $FORK_OPT ${1+"$@"}) \
        >"$T/out" 2>"$T/errall"
    rc=$?
    split_notes
}

# remember FILE: $pid is the pid a script wrote there, ended at exit if
# it is still there.
remember() {
    pid=$(cat "$1" 2>/dev/null)
    leftover="$leftover $pid"
}

# --kill-group also kills what no longer holds the pipes: the call has
# nothing to wait for, and the group is still killed.
script "$SC" qemu "sleep 30 </dev/null >/dev/null 2>&1 & echo \$! >'$W/bg'"
hookrun_in "$W" -c "$SC" --kill-group qemu vm start begin -
remember "$W/bg"
check "--kill-group: a leftover off the pipes is gone too" gone "$pid"

novg "timing: valgrind's start-up alone takes about a second"

# A member of the script's group that ignores SIGTERM, its output
# elsewhere: the script dies of the SIGTERM, the member of the SIGKILL
# that follows HOOKS_KILL_GRACE later.
script "$SC" qemu "(trap '' TERM; exec sleep 60 >/dev/null 2>&1) &
echo \$! >>'$W/pids'
echo \$! >'$W/member'; sleep 30"
bounded 2.2 -c "$SC" -t 0.5 qemu vm start begin -
check "timeout, a member ignoring SIGTERM: within 0.5 + 1 + 0.7 s" is "$rc" 1
check "timeout, a member ignoring SIGTERM: the script died of SIGTERM" \
    same_text "$HEAD: timed out after 0.5 s; killed by SIGTERM" "$T/err"
remember "$W/member"
check "timeout, a member ignoring SIGTERM: SIGKILLed, not left behind" \
    gone "$pid"

# Fail closed: the deadline passes while 10-first's leftover holds the
# pipes; 20-deny, which would refuse, never runs, and the call must not
# succeed.
mkdir -p "$Q.d"
rm -f "$Q"
script "$SC" qemu.d/10-first 'sleep 5 & exit 0'
script "$SC" qemu.d/20-deny "touch '$W/denied'; exit 1"
bounded 2.2 -c "$SC" -t 0.5 qemu vm start begin -
check "deadline between .d scripts: the call fails (exit status 1)" is "$rc" 1
check "deadline between .d scripts: 20-deny did not run" test ! -e "$W/denied"
check "deadline between .d scripts: the message names it, not run" \
    contains "$T/err" "$Q.d/20-deny vm start begin -: not run: the call's time ran out"
rm -rf "$Q.d"
script "$SC" qemu "touch '$W/denied'; exit 1"
hookrun_in "$W" -c "$SC" -t 1e-9 qemu vm start begin -
check "-t 1e-9, a refusing script: the call fails, nothing ran" \
    sh -c '[ "$1" -eq 1 ] && [ ! -e "$2" ]' - "$rc" "$W/denied"
check "-t 1e-9: the message says the script did not run" same_text \
    "$HEAD: not run: the call's time ran out" "$T/err"
SC3=$(newsc)
mkdir -p "$SC3/libvirt/hooks/qemu.d"
script "$SC3" qemu 'sleep 1; cat'
script "$SC3" qemu.d/10-next "touch '$W/denied'; cat"
printf '<domain/>\n' >"$T/doc"
bounded 2.2 -c "$SC3" -t 0.3 -i "$T/doc" -o qemu vm migrate begin -
check "deadline inside a filter chain: the call fails, the next never runs" \
    sh -c '[ "$1" -eq 1 ] && [ ! -e "$2" ]' - "$rc" "$W/denied"

# The deadline bounds the whole call, whoever holds the pipes: a process
# outside the script's group (setsid) holds them for ever.
script "$SC" qemu "setsid sleep 60 & echo \$! >'$W/holder'; sleep 30"
bounded 2.2 -c "$SC" -t 0.5 --pipe-grace -1 qemu vm start begin -
remember "$W/holder"
check "timeout with --pipe-grace -1, pipes held outside the group: bounded" \
    is "$rc" 1
script "$SC" qemu "setsid sleep 60 & echo \$! >'$W/holder'
echo \$\$ >>'$W/pids'; trap '' TERM; while :; do sleep 1; done"
bounded 2.2 -c "$SC" -t 0.5 qemu vm start begin -
remember "$W/holder"
check "timeout, SIGTERM ignored, pipes held outside: within 0.5 + 1 + 0.7 s" \
    is "$rc" 1
script "$SC" qemu "setsid sleep 60 & echo \$! >'$W/holder'; exit 0"
bounded 2.7 -c "$SC" -t 1 --pipe-grace 6 qemu vm start begin -
remember "$W/holder"
# (exit 1: hookrun reports what held the pipes, as the daemon would hang)
check "-t 1 --pipe-grace 6: the timeout wins, within 1 + 1 + 0.7 s" \
    is "$rc" 1
check "-t 1 --pipe-grace 6: the leftover holding the pipes is reported" \
    contains "$T/err" "still holds its stdout and stderr"

# --kill-group kills as soon as the script's exit is seen, not after the
# pipe grace it would otherwise wait for the very processes it kills.
script "$SC" qemu "sleep 6 & echo \$! >'$W/bg'; exit 0"
bounded 1 -c "$SC" --kill-group --pipe-grace -1 qemu vm start begin -
check "--kill-group --pipe-grace -1: returns at once (under 1 s)" is "$rc" 0
remember "$W/bg"
check "--kill-group: what the script left is gone" gone "$pid"

# A script that exits before its deadline is judged by its own status,
# even while something of its group keeps writing.
script "$SC" qemu "(while :; do echo x; sleep 0.01; done) & sleep 0.9; exit 3"
bounded 4 -c "$SC" -t 1 qemu vm start begin -
check "exit at 0.9 s with -t 1, its group still writing: its own status" \
    same_text "$HEAD: exit status 3" "$T/err"

novg_end

# hookrun interrupted: SIGINT, SIGTERM or SIGHUP during a call cancels it;
# nothing the script started is left, and hookrun dies of the signal.
# (A shell starts background commands with SIGINT ignored: tlimit -d.)
script "$SC" qemu "echo \$\$ >'$W/script'; sleep 30 & echo \$! >'$W/bg'; sleep 30"
for sig in INT TERM HUP; do
    rm -f "$W/script" "$W/bg"
    (cd "$W" && exec "$TLIMIT" -t 20 -d "$sig" "$HOOKRUN" $FORK_OPT \
        -c "$SC" -t 20 qemu vm start begin -) >/dev/null 2>&1 &
    waiter=$!
    i=0
    while [ ! -s "$W/bg" ] && [ $i -lt 100 ]; do
        sleep 0.05
        i=$((i + 1))
    done
    hookrun_pid=$(ps -o ppid= -p "$(cat "$W/script")" | tr -d ' ')
    kill -"$sig" "$hookrun_pid"
    wait "$waiter"
    got=$?
    case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
    check "SIG$sig to hookrun -t 20: it dies of SIG$sig" is "$got" "$want"
    remember "$W/script"
check "SIG$sig to hookrun: the script is gone" gone "$pid"
    remember "$W/bg"
    check "SIG$sig to hookrun: what the script started is gone" gone "$pid"
done

# Memory: stderr kept up to the limit, the rest read and dropped.
script "$SC" qemu 'dd if=/dev/zero bs=1048576 count=1024 >&2 2>/dev/null; exit 0'
(cd "$W" && "$TLIMIT" -t 120 "$APITEST" bounds "$SC" 0 120) >"$T/api"
check "1 GiB on stderr: succeeds, 64 KiB kept, marked truncated" \
    contains "$T/api" "err_len=65536 truncated=1"
check "1 GiB on stderr: the host's peak RSS grows by less than 8 MiB" \
    sh -c 'g=$(sed -n "s/.*rss_growth_kib=\([0-9-]*\).*/\1/p" "$1")
           [ "$g" -lt 8192 ] || { echo "grew by $g KiB"; exit 1; }' sh "$T/api"

script "$SC" qemu 'dd if=/dev/zero bs=1000 count=5 2>/dev/null'
hookrun_in "$W" -c "$SC" -o --max-stdout 1000 qemu vm start begin -
check "stdout over --max-stdout: the script fails" is "$rc" 1
check "stdout over --max-stdout: message says so" same_text \
    "$HEAD: stdout over 1000 bytes" "$T/err"
hookrun_in "$W" -c "$SC" -o --max-stdout 5000 qemu vm start begin -
check "stdout at --max-stdout exactly: fine" is "$rc" 0

for bad in "-t 0" "-t -1" "-t x" "--timeout=" "--max-stderr -5" \
    "--max-stdout 1k" "--pipe-grace soon" "-t inf" "-t nan" "-t 0x10" \
    "-t +1" "--pipe-grace +1" "--max-stdout +5" "--max-stderr 0x10"; do
    # shellcheck disable=SC2086
    hookrun_in "$W" -c "$SC" $bad qemu vm start begin -
    check "hookrun $bad: usage error" is "$rc" 2
done
for bad in " -1" " 1" "1 " "-1"; do
    hookrun_in "$W" -c "$SC" --max-stderr "$bad" qemu vm start begin -
    check "hookrun --max-stderr '$bad': usage error" is "$rc" 2
    hookrun_in "$W" -c "$SC" -t "$bad" qemu vm start begin -
    check "hookrun -t '$bad': usage error" is "$rc" 2
done

finish
