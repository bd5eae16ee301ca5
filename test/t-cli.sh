# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# hookrun's command line: options, operands, usage errors and their exit
# status, help and version.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
SC=$(newsc)
probe "$SC" qemu
XML=$FIXTURES/qemu-prepare.xml

usage_error() {
    title=$1
    shift
    hookrun_in "$W" ${1+"$@"}
    check "$title: exit status 2" is "$rc" 2
    check "$title: message starts with 'hookrun:'" contains "$T/err" "hookrun: "
    check "$title: points to --help" contains "$T/err" "Try 'hookrun --help'."
}

usage_error "no operands"
usage_error "four operands" -c "$SC" qemu test start begin
usage_error "six operands" -c "$SC" qemu test start begin - extra
usage_error "unknown option" -x qemu test start begin -
usage_error "unknown long option" --frobnicate qemu test start begin -
usage_error "-c without its value" -c
usage_error "--input without its value" --input
usage_error "unknown driver" -c "$SC" xen test start begin -
usage_error "driver name with '/'" -c "$SC" qemu/../qemu test start begin -
usage_error "driver name '..'" -c "$SC" .. test start begin -
usage_error "empty driver name" -c "$SC" "" test start begin -
usage_error "--list with operands" -c "$SC" -l qemu test start begin -
usage_error "empty --sysconfdir" --sysconfdir= -l
sed -n 1p "$T/err" >"$T/.line1"
check "--sysconfdir= is an empty value, not the next word" same_text \
    "hookrun: empty --sysconfdir" "$T/.line1"
usage_error "--list with --output" -c "$SC" -l -o
usage_error "--list with --input" -c "$SC" -l -i "$XML"
hookrun_in "$W" -c "$SC" xen test start begin -
sed -n 1p "$T/err" >"$T/.line1"
check "unknown driver: names the known ones" same_text \
    "hookrun: unknown driver 'xen' (known: daemon qemu lxc network libxl bhyve)" \
    "$T/.line1"

hookrun_in "$W" -c "$SC" qemu "" start begin -
check "empty operand: exit status 2" is "$rc" 2
check "empty operand: invalid argument" contains "$T/err" \
    "invalid argument: an argument is NULL or empty"
hookrun_in "$W" -c "$T/none" qemu "" start begin -
check "empty operand with no hook present: still exit status 2" is "$rc" 2
hookrun_in "$W" -c "$T/none" -i "$T/none.xml" qemu vm start begin -
check "unreadable --input with no hook present: still exit status 3" \
    is "$rc" 3
hookrun_in "$W" -c "$SC" --input= qemu vm start begin -
check "--input= is an empty file name, not the next word" same_text \
    "hookrun: cannot read '': $(errtext ENOENT)" "$T/err"

for opt in -h --help; do
    hookrun_in "$W" "$opt"
    check "$opt: exit status 0" is "$rc" 0
    sed -n 1p "$T/out" >"$T/.line1"
    check "$opt: GNU usage line first" same_text \
        "Usage: hookrun [OPTION]... DRIVER OBJECT OPERATION SUBOP EXTRA" \
        "$T/.line1"
    check "$opt: shows the default SYSCONFDIR" contains "$T/out" \
        "(default ${SYSCONFDIR:-/etc})"
    check "$opt: nothing on stderr" is "$(wc -c <"$T/err")" 0
done
for opt in -V --version; do
    hookrun_in "$W" "$opt"
    check "$opt: exit status 0" is "$rc" 0
    sed -n 1p "$T/out" >"$T/.line1"
    check "$opt: first line 'hookrun VERSION'" same_text \
        "hookrun $(header_version)" \
        "$T/.line1"
done

# Every spelling of an option with a value.
for spell in "-c $SC" "-c$SC" "--sysconfdir $SC" "--sysconfdir=$SC"; do
    rm -f "$W"/qemu.*
    # shellcheck disable=SC2086
    hookrun_in "$W" $spell -i "$XML" qemu vm start begin -
    check "'${spell%%/*}DIR' finds the hook" same "$XML" "$W/qemu.stdin"
done
for spell in "-i $XML" "-i$XML" "--input $XML" "--input=$XML"; do
    rm -f "$W"/qemu.*
    # shellcheck disable=SC2086
    hookrun_in "$W" -c "$SC" $spell qemu vm start begin -
    check "'${spell%%/*}FILE' feeds the file" same "$XML" "$W/qemu.stdin"
done
hookrun_in "$W" -c "$SC" --list
check "--list: long flag accepted" contains "$T/out" "qemu    1  present"
script "$SC" lxc 'printf out'
hookrun_in "$W" -c "$SC" --output lxc vm start begin -
printf out >"$T/exp"
check "--output: long flag accepted" same "$T/exp" "$T/out"


# Started with stdin closed, hookrun opens its -i file as fd 0: it must
# close it all the same (the script looks at its parent's fds).
if [ -d /proc/self/fd ]; then
    SC0=$(newsc)
    script "$SC0" qemu "ls -l /proc/\$PPID/fd >'$W/parentfds'"
    (cd "$W" && "$TLIMIT" -t 60 -c 0 "$HOOKRUN" -c "$SC0" -i "$XML" \
        qemu vm start begin -)
    check "stdin closed, -i FILE: hookrun does not keep FILE open" \
        sh -c '[ -s "$1" ] && ! grep -F -e "$2" "$1"' - "$W/parentfds" "$XML"
fi

# --fork: the same call, the child made by fork and exec.
rm -f "$W"/qemu.*
hookrun_in "$W" -c "$SC" --fork -i "$XML" qemu vm start begin -
check "--fork: the call runs, stdin byte-exact" same "$XML" "$W/qemu.stdin"

# '-' is an operand, never an option; the words pass as given.
hookrun_in "$W" -c "$SC" qemu - - - -
printf '%s\n' "$SC/libvirt/hooks/qemu" - - - - >"$T/argv.expected"
check "'-' operands pass as '-'" same "$T/argv.expected" "$W/qemu.argv"

finish
