# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# The seven invocations the seed documents, each run once through hookrun
# (the four words as strings) and once through hooks_run() (typed enums),
# by a host with a controlled environment.  A recording probe is the hook;
# argv, stdin, environment, fds and signals are compared byte for byte.
. "$(dirname "$0")/lib.sh"

XML=$FIXTURES/qemu-prepare.xml
SC=$(newsc)
for d in daemon qemu lxc; do probe "$SC" "$d"; done

# The host's environment: every kept variable, some that must not pass,
# and an LC_ALL that the hook must see replaced by C.
set -- PATH=/usr/bin:/bin HOME=/home/host USER=hostuser LOGNAME=hostlog \
    TMPDIR=/var/tmp LD_LIBRARY_PATH=/nonexistent/lib LD_PRELOAD= \
    SECRET_TOKEN=hunter2 LANG=de_DE.UTF-8 LC_ALL=fr_FR.UTF-8 \
    DISPLAY=:0 LESS=-R
HOSTENV=$*
printf '%s\n' LC_ALL=C LD_PRELOAD= LD_LIBRARY_PATH=/nonexistent/lib \
    PATH=/usr/bin:/bin HOME=/home/host USER=hostuser LOGNAME=hostlog \
    TMPDIR=/var/tmp >"$T/env.expected"
printf '%s\n' 'blocked:' 'ignored:' >"$T/sig.expected"

# invocation HOW TITLE APINAME DRIVER OBJECT OP SUBOP EXTRA [INPUT]
invocation() {
    how=$1 title=$2 apiname=$3 drv=$4 obj=$5 op=$6 sub=$7 extra=$8
    input=${9:-}
    w=$(newdir)
    if [ "$how" = hookrun ]; then
        # shellcheck disable=SC2086  # HOSTENV is a list of words
        (cd "$w" && env -i $HOSTENV "$TLIMIT" -t 60 "$HOOKRUN" -c "$SC" \
            ${input:+-i "$input"} "$drv" "$obj" "$op" "$sub" "$extra") \
            >"$T/out" 2>"$T/err"
    else
        # shellcheck disable=SC2086
        (cd "$w" && env -i $HOSTENV "$TLIMIT" -t 120 "$APITEST" invoke "$SC" "$apiname" \
            ${input:+"$input"}) >"$T/out" 2>"$T/err"
    fi
    rc=$?
    check "$how: $title: succeeds" is "$rc" 0
    printf '%s\n' "$SC/libvirt/hooks/$drv" "$obj" "$op" "$sub" "$extra" \
        >"$T/argv.expected"
    check "$how: $title: argv" same "$T/argv.expected" "$w/$drv.argv"
    if [ -n "$input" ]; then
        check "$how: $title: domain XML on stdin" same "$input" "$w/$drv.stdin"
        printf '%s\n' '0 fifo r' '1 fifo w' '2 fifo w' >"$T/fds.expected"
    else
        check "$how: $title: empty stdin" same /dev/null "$w/$drv.stdin"
        printf '%s\n' '0 null rw' '1 fifo w' '2 fifo w' >"$T/fds.expected"
    fi
    check "$how: $title: fds 0-2 only" same "$T/fds.expected" "$w/$drv.fds"
    check "$how: $title: environment" same "$T/env.expected" "$w/$drv.env"
    check "$how: $title: signals" same "$T/sig.expected" "$w/$drv.sig"
}

for how in hookrun api; do
    invocation $how "daemon - start - start" daemon-start \
        daemon - start - start
    invocation $how "daemon - shutdown - shutdown" daemon-shutdown \
        daemon - shutdown - shutdown
    invocation $how "daemon - reload begin SIGHUP" daemon-reload \
        daemon - reload begin SIGHUP
    invocation $how "qemu test start begin -" qemu-start \
        qemu test start begin - "$XML"
    invocation $how "qemu test stopped end -" qemu-stopped \
        qemu test stopped end - "$XML"
    invocation $how "lxc test start begin -" lxc-start \
        lxc test start begin - "$XML"
    invocation $how "lxc test stopped end -" lxc-stopped \
        lxc test stopped end - "$XML"
done

# A daemon with an empty environment gives its hooks LC_ALL=C alone.
w=$(newdir)
novg "valgrind puts LD_PRELOAD in the host's environment"
(cd "$w" && env -i "$TLIMIT" -t 60 "$HOOKRUN" -c "$SC" \
    daemon - start - start) 2>"$T/err"
check "empty host environment: hook gets LC_ALL=C only" \
    same_text LC_ALL=C "$w/daemon.env"
novg_end

# The caller may add variables, or pass the host's whole environment; a
# secret reaches a hook only then.
w=$(newdir)
# shellcheck disable=SC2086
(cd "$w" && env -i $HOSTENV "$TLIMIT" -t 60 "$HOOKRUN" -c "$SC" -E FOO=bar -E 'PATH=/opt/x' \
    -E 'SPACED=a b' daemon - start - start) 2>"$T/err"
printf '%s\n' LC_ALL=C LD_PRELOAD= LD_LIBRARY_PATH=/nonexistent/lib \
    PATH=/opt/x HOME=/home/host USER=hostuser LOGNAME=hostlog \
    TMPDIR=/var/tmp FOO=bar 'SPACED=a b' >"$T/exp"
check "-E: added after the daemon's set, a same name replaced in place" \
    same "$T/exp" "$w/daemon.env"
# shellcheck disable=SC2086
(cd "$w" && env -i $HOSTENV "$TLIMIT" -t 60 "$HOOKRUN" -c "$SC" --keep-env -E FOO=bar \
    daemon - start - start) 2>"$T/err"
printf '%s\n' $HOSTENV FOO=bar >"$T/exp"
check "--keep-env: the host's whole environment, in order, plus -E" \
    same "$T/exp" "$w/daemon.env"
check "--keep-env: the secret is passed only when asked" \
    grep -q '^SECRET_TOKEN=hunter2$' "$w/daemon.env"
# A host environ that holds a name twice (execve allows it): the daemon's
# set takes the first, as getenv() does; an -E entry replaces every one.
# shellcheck disable=SC2086
(cd "$w" && env -i $HOSTENV "$TLIMIT" -t 60 -e PATH=/second -e HOME=/second \
    "$HOOKRUN" -c "$SC" daemon - start - start) 2>"$T/err"
printf '%s\n' LC_ALL=C LD_PRELOAD= LD_LIBRARY_PATH=/nonexistent/lib \
    PATH=/usr/bin:/bin HOME=/home/host USER=hostuser LOGNAME=hostlog \
    TMPDIR=/var/tmp >"$T/exp"
check "a name twice in the host's environ: the first, as getenv() finds" \
    same "$T/exp" "$w/daemon.env"
# shellcheck disable=SC2086
(cd "$w" && env -i $HOSTENV "$TLIMIT" -t 60 -e PATH=/second -e PATH=/third \
    "$HOOKRUN" -c "$SC" --keep-env -E PATH=/x daemon - start - start) \
    2>"$T/err"
check "--keep-env -E PATH=/x with PATH three times in the host: one PATH=/x" \
    sh -c '[ "$(grep -c "^PATH=" "$1")" -eq 1 ] && grep -qx "PATH=/x" "$1"' \
    - "$w/daemon.env"
check "--keep-env -E PATH=/x: in the first PATH's place" \
    sh -c '[ "$(grep -n "^PATH=" "$1" | cut -d: -f1)" -eq "$2" ]' - \
    "$w/daemon.env" "$(printf '%s\n' $HOSTENV | grep -n '^PATH=' | cut -d: -f1)"

for bad in NOEQUALS =value; do
    (cd "$w" && "$TLIMIT" -t 60 "$HOOKRUN" -c "$SC" -E "$bad" daemon - start - start) \
        2>"$T/err"
    check "-E $bad: usage error" is "$?" 2
done

finish
