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
    hookrun_in "$W" "$@"
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
usage_error "--list with operands" -c "$SC" -l qemu test start begin -
usage_error "empty --sysconfdir" --sysconfdir= -l
hookrun_in "$W" -c "$SC" xen test start begin -
sed -n 1p "$T/err" >"$T/.line1"
check "unknown driver: names the known ones" same_text \
    "hookrun: unknown driver 'xen' (known: daemon qemu lxc)" "$T/.line1"

hookrun_in "$W" -c "$SC" qemu "" start begin -
check "empty operand: exit status 2" is "$rc" 2
check "empty operand: invalid argument" contains "$T/err" \
    "invalid argument: an argument is NULL or empty"

for opt in -h --help; do
    hookrun_in "$W" "$opt"
    check "$opt: exit status 0" is "$rc" 0
    check "$opt: usage on stdout" contains "$T/out" \
        "usage: hookrun [options] DRIVER OBJECT OPERATION SUBOP EXTRA"
    check "$opt: shows the default SYSCONFDIR" contains "$T/out" \
        "(default ${SYSCONFDIR:-/etc})"
done
for opt in -V --version; do
    hookrun_in "$W" "$opt"
    check "$opt: prints the version" same_text "hookrun 0.1.0" "$T/out"
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
hookrun_in "$W" -c "$SC" --output --list
check "--output --list: long flags accepted" contains "$T/out" "qemu    present"

# '-' is an operand, never an option; the words pass as given.
hookrun_in "$W" -c "$SC" qemu - - - -
printf '%s\n' "$SC/libvirt/hooks/qemu" - - - - >"$T/argv.expected"
check "'-' operands pass as '-'" same "$T/argv.expected" "$W/qemu.argv"

finish
