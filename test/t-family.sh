# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# Every call of the hook family (the reference's table of drivers and
# operations), each through hookrun (the words as strings) and through
# hooks_run() (typed enums), with a recording probe as the hook: argv and
# stdin byte for byte.  Then the typed calls the daemon never makes.
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

finish
