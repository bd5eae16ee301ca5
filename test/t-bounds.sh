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

# Whatever a test leaves running is ended by its pid.
trap '[ -n "$leftover" ] && kill -KILL $leftover 2>/dev/null; rm -rf "$T"' EXIT

# gone PID: the process has ended (within 2 s; reaped by init meanwhile).
gone() {
    i=0
    while kill -0 "$1" 2>/dev/null; do
        i=$((i + 1))
        [ $i -lt 40 ] || { echo "process $1 still there"; return 1; }
        sleep 0.05
    done
}

# A script that sleeps: SIGTERM ends it, within timeout + 0.5 s.
script "$SC" qemu "sleep 30 & echo \$! >'$W/bg'; sleep 30"
(cd "$W" && "$APITEST" bounds "$SC" 0.3 0.8) >"$T/api"
check "timeout 0.3 s: HOOKS_TIMEDOUT by SIGTERM, within 0.8 s" \
    sh -c 'grep -q "status=timed-out code=15" "$1" && grep -q "^ok$" "$1" \
           || { cat "$1"; exit 1; }' sh "$T/api"
check "timeout: the script's background process is gone too" gone "$(cat "$W/bg")"

# A script that ignores SIGTERM: SIGKILL after the grace.
script "$SC" qemu "trap '' TERM; sleep 30 & echo \$! >'$W/bg'; while :; do sleep 1; done"
(cd "$W" && "$APITEST" bounds "$SC" 0.3 1.8) >"$T/api"
check "timeout, SIGTERM ignored: SIGKILL, within 0.3 + 1 + 0.5 s" \
    sh -c 'grep -q "status=timed-out code=9" "$1" && grep -q "^ok$" "$1" \
           || { cat "$1"; exit 1; }' sh "$T/api"
check "timeout, SIGTERM ignored: nothing of the group survives" \
    gone "$(cat "$W/bg")"

hookrun_in "$W" -c "$SC" -t 0.2 qemu vm start begin -
check "hookrun -t 0.2: exit status 1" is "$rc" 1
check "hookrun -t 0.2: says it timed out" same_text \
    "$HEAD: timed out, fatal signal 9" "$T/err"

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
(cd "$W" && "$APITEST" bounds "$SC" 0 1.6) >"$T/api"
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

# Memory: stderr kept up to the limit, the rest read and dropped.
script "$SC" qemu 'dd if=/dev/zero bs=1048576 count=1024 >&2 2>/dev/null; exit 0'
(cd "$W" && "$APITEST" bounds "$SC" 0 120) >"$T/api"
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
    "--max-stdout 1k" "--pipe-grace soon"; do
    # shellcheck disable=SC2086
    hookrun_in "$W" -c "$SC" $bad qemu vm start begin -
    check "hookrun $bad: usage error" is "$rc" 2
done

finish
