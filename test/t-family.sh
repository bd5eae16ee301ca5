# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# Every call of the hook family (the reference's table of drivers and
# operations), each through hookrun (the words as strings) and through
# hooks_run() (typed enums), with a recording probe as the hook: argv and
# stdin byte for byte.  Then the calls the daemon never makes: refused by
# hooks_run() and by hookrun (but with --any-op).
. "$(dirname "$0")/lib.sh"

SC=$(newsc)
for d in daemon qemu lxc network libxl bhyve; do probe "$SC" "$d"; done
DOM=$FIXTURES/qemu-prepare.xml
REL=$FIXTURES/qemu-release.xml
NET=$FIXTURES/network-start.xml
PORT=$FIXTURES/network-port-created.xml

# row DRIVER OBJECT OP SUBOP EXTRA [INPUT]: one test per way of calling.
row() {
    drv=$1 obj=$2 op=$3 sub=$4 extra=$5 input=${6:-}
    printf '%s\n' "$SC/libvirt/hooks/$drv" "$obj" "$op" "$sub" "$extra" \
        >"$T/argv.expected"
    for how in hookrun api; do
        w=$(newdir)
        if [ $how = hookrun ]; then
            (cd "$w" && "$TLIMIT" -t 60 "$HOOKRUN" -c "$SC" ${input:+-i "$input"} -- \
                "$drv" "$obj" "$op" "$sub" "$extra") >"$T/out" 2>&1
        else
            (cd "$w" && "$TLIMIT" -t 120 "$APITEST" typed "$SC" "$drv" "$obj" "$op" "$sub" \
                "$extra" ${input:+"$input"}) >"$T/out" 2>&1
        fi
        rc=$?
        check "$how: $drv $obj $op $sub '$extra'${input:+ < $(basename "$input")}" \
            row_ok "$w/$drv" "${input:-/dev/null}" "$rc"
    done
}

# row_ok PREFIX INPUT STATUS: the probe saw the expected argv and input,
# and the call succeeded (hookrun: exit 0; the API: HOOKS_OK).
row_ok() {
    same "$T/argv.expected" "$1.argv" || return 1
    same "$2" "$1.stdin" || return 1
    [ "$3" -eq 0 ] || { echo "exit status $3"; cat "$T/out"; return 1; }
    [ $how = hookrun ] || grep -q '^status=ok ' "$T/out" || {
        cat "$T/out"
        return 1
    }
}

row daemon - start - start
row daemon - shutdown - shutdown
row daemon - reload begin SIGHUP

for d in qemu lxc libxl bhyve; do
    row $d guest1 prepare begin - "$DOM"
    row $d guest1 start begin - "$DOM"
    row $d guest1 started begin - "$DOM"
    row $d guest1 stopped end - "$DOM"
done
for d in qemu lxc; do
    for reason in unknown shutdown destroyed crashed migrated saved failed \
        daemon "from snapshot" -; do
        row $d guest1 release end "$reason" "$REL"
    done
    row $d guest1 reconnect begin - "$DOM"
done
row libxl guest1 release end - "$REL"
row bhyve guest1 release end - "$REL"
row qemu guest1 migrate begin - "$DOM"
row qemu guest1 restore begin - "$DOM"
row qemu guest1 attach begin - "$DOM"
row libxl guest1 migrate begin - "$DOM"
row libxl guest1 reconnect begin - "$DOM"

row network net1 start begin - "$NET"
row network net1 started begin - "$NET"
row network net1 stopped end - "$NET"
row network net1 updated begin - "$NET"
row network net1 port-created begin - "$PORT"
row network net1 port-deleted begin - "$PORT"

# Typed calls the daemon never makes are refused, and nothing runs.
refused() {
    w=$(newdir)
    (cd "$w" && "$TLIMIT" -t 120 "$APITEST" typed "$SC" "$@") >"$T/out" 2>&1
    check "typed $*: HOOKS_INVALID, nothing run" refused_ok "$w" "$2"
}
refused_ok() {
    grep -q 'status=invalid' "$T/out" && test ! -e "$1/$2.argv" && return 0
    cat "$T/out"
    return 1
}
refused bhyve vm migrate begin -
refused bhyve vm reconnect begin -
refused lxc vm attach begin -
refused lxc vm migrate begin -
refused libxl vm restore begin -
refused network net1 prepare begin -
refused network net1 release end -
refused daemon - stopped end -
refused qemu vm reload begin SIGHUP
refused qemu vm start end -
refused qemu vm stopped begin -
refused daemon - start begin start

# hookrun refuses them too, as a usage error listing what the daemon does
# send; --any-op passes them as they are.
# hookrun_refused DRIVER OBJECT OP SUBOP EXTRA
hookrun_refused() {
    w=$(newdir)
    (cd "$w" && "$TLIMIT" -t 60 "$HOOKRUN" -c "$SC" -- "$@") >"$T/out" \
        2>"$T/err"
    rc=$?
    check "hookrun $*: usage error, nothing run" sh -c \
        '[ "$1" -eq 2 ] && [ ! -e "$2" ] && grep -q "the daemon" "$3" ||
         { echo "exit status $1"; cat "$3"; exit 1; }' - "$rc" "$w/$1.argv" \
        "$T/err"
    w=$(newdir)
    printf '%s\n' "$SC/libvirt/hooks/$1" "$2" "$3" "$4" "$5" \
        >"$T/argv.expected"
    (cd "$w" && "$TLIMIT" -t 60 "$HOOKRUN" -c "$SC" --any-op -- "$@") \
        >"$T/out" 2>&1
    check "hookrun --any-op $*: runs, argv as given" sh -c \
        '[ "$1" -eq 0 ] && cmp -s "$2" "$3" ||
         { echo "exit status $1"; cat "$4"; exit 1; }' - "$?" \
        "$T/argv.expected" "$w/$1.argv" "$T/out"
}
hookrun_refused bhyve vm migrate begin -
hookrun_refused bhyve vm reconnect begin -
hookrun_refused lxc vm attach begin -
hookrun_refused lxc vm migrate begin -
hookrun_refused libxl vm restore begin -
hookrun_refused network net1 prepare begin -
hookrun_refused network net1 release end -
hookrun_refused daemon - stopped end -
hookrun_refused qemu vm reload begin SIGHUP
hookrun_refused qemu vm start end -
hookrun_refused qemu vm stopped begin -
hookrun_refused daemon - start begin start
hookrun_refused qemu vm strat begin -
hookrun_refused qemu vm start begin x
hookrun_refused qemu vm release end rebooted
hookrun_refused libxl vm release end shutdown
hookrun_refused bhyve vm release end 'from snapshot'
hookrun_refused network net1 stopped end x
hookrun_refused daemon - start - shutdown
hookrun_refused daemon - reload begin SIGUSR1
hookrun_refused daemon vm start - start

# The messages, byte for byte: each driver's calls, in a life's order.
# message TITLE LINE -- ARG...: stderr is LINE, the --any-op note and the
# pointer to --help.
message() {
    printf '%s\n' "hookrun: $2" \
        "hookrun: --any-op passes words that the daemon does not send" \
        "Try 'hookrun --help'." >"$T/exp"
    title=$1
    shift 3
    w=$(newdir)
    (cd "$w" && "$TLIMIT" -t 60 "$HOOKRUN" -c "$SC" -- "$@") >"$T/out" \
        2>"$T/err"
    check "message: $title" same "$T/exp" "$T/err"
}
DOMAIN="prepare begin -, start begin -, started begin -, stopped end -"
message "qemu, an unknown operation" \
    "qemu has no operation 'strat'; the daemon sends: $DOMAIN, release end REASON, migrate begin -, restore begin -, reconnect begin -, attach begin -" \
    -- qemu vm strat begin -
message "lxc, another driver's operation" \
    "lxc has no operation 'migrate'; the daemon sends: $DOMAIN, release end REASON, reconnect begin -" \
    -- lxc vm migrate begin -
message "libxl, a wrong sub-operation" \
    "libxl start goes with 'begin', not 'end'; the daemon sends: $DOMAIN, release end -, migrate begin -, reconnect begin -" \
    -- libxl vm start end -
message "bhyve, a reason where the driver has none" \
    "bhyve release end takes '-', not 'shutdown'; the daemon sends: $DOMAIN, release end -" \
    -- bhyve vm release end shutdown
message "network, a domain's operation" \
    "network has no operation 'prepare'; the daemon sends: start begin -, started begin -, stopped end -, updated begin -, port-created begin -, port-deleted begin -" \
    -- network net0 prepare begin -
message "daemon, a wrong extra" \
    "daemon reload begin takes 'SIGHUP', not 'SIGUSR1'; the daemon sends: start - start, reload begin SIGHUP, shutdown - shutdown" \
    -- daemon - reload begin SIGUSR1
message "qemu, an unknown reason: the reasons" \
    "qemu release end takes a reason, not 'rebooted'; the daemon sends: unknown, shutdown, destroyed, crashed, migrated, saved, failed, daemon, 'from snapshot', -" \
    -- qemu vm release end rebooted
message "daemon, an object" "the daemon's object is '-', not 'vm'" \
    -- daemon vm start - start

finish
