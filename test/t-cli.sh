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
# The list is hooks.h's drivers (hookrun builds it from their names), in
# -l's order; --check says the same.
hookrun_in "$W" -c "$SC" -l
known=$(awk '!seen[$1]++ { printf "%s%s", s, $1; s = " " }' "$T/out")
hookrun_in "$W" -c "$SC" --check xen
sed -n 1p "$T/err" >"$T/.line1"
check "unknown driver: the known ones are the drivers -l lists" same_text \
    "hookrun: unknown driver 'xen' (known: $known)" "$T/.line1"

hookrun_in "$W" -c "$SC" qemu "" start begin -
check "empty operand: exit status 2" is "$rc" 2
printf '%s\n' "hookrun: empty OBJECT: the daemon passes '-' for none" \
    "Try 'hookrun --help'." >"$T/exp"
check "empty operand: a usage error that names it" same "$T/exp" "$T/err"
hookrun_in "$W" -c "$T/none" qemu "" start begin -
check "empty operand with no hook present: still exit status 2" is "$rc" 2
hookrun_in "$W" -c "$(newsc)" -i "$T/none.xml" qemu vm start begin -
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
        qemu vm start begin -) 2>"$T/err"
    check "stdin closed, -i FILE: hookrun does not keep FILE open" \
        sh -c '[ -s "$1" ] && ! grep -F -e "$2" "$1"' - "$W/parentfds" "$XML"
fi

# --fork: the same call, the child made by fork and exec.
rm -f "$W"/qemu.*
hookrun_in "$W" -c "$SC" --fork -i "$XML" qemu vm start begin -
check "--fork: the call runs, stdin byte-exact" same "$XML" "$W/qemu.stdin"

# -c names a SYSCONFDIR: without DIR/libvirt/hooks it is a usage error that
# names the path looked at, and nothing runs.
# refused_c TITLE STDERR-LINE... -- ARG...: exit status 2, stderr exact (the
# lines, then the pointer to --help), the probe never ran.
refused_c() {
    title=$1
    shift
    want_lines "$@"
    shift $used
    echo "Try 'hookrun --help'." >>"$T/exp"
    rm -f "$W"/qemu.*
    hookrun_in "$W" ${1+"$@"}
    check "$title: exit status 2" is "$rc" 2
    check "$title: says which directory it looked for" same "$T/exp" "$T/err"
    check "$title: nothing ran" test ! -e "$W/qemu.argv"
}
NOHOOKS="-c takes a SYSCONFDIR, the directory that holds libvirt/hooks"
refused_c "-c DIR without libvirt/hooks" \
    "hookrun: no directory $T/none/libvirt/hooks: $NOHOOKS" -- \
    -c "$T/none" qemu vm start begin -
refused_c "-c DIR without libvirt/hooks, with -l" \
    "hookrun: no directory $T/none/libvirt/hooks: $NOHOOKS" -- \
    -c "$T/none" -l
refused_c "-c DIR without libvirt/hooks, with --lifecycle" \
    "hookrun: no directory $T/none/libvirt/hooks: $NOHOOKS" -- \
    -c "$T/none" --lifecycle qemu vm start
refused_c "-c the hooks directory itself: a hint two levels up" \
    "hookrun: no directory $SC/libvirt/hooks/libvirt/hooks: $NOHOOKS" \
    "hookrun: did you mean -c $SC?" -- \
    -c "$SC/libvirt/hooks" qemu vm start begin -
refused_c "-c the hooks directory itself, with a trailing /" \
    "hookrun: no directory $SC/libvirt/hooks/libvirt/hooks: $NOHOOKS" \
    "hookrun: did you mean -c $SC?" -- \
    -c "$SC/libvirt/hooks/" qemu vm start begin -
refused_c "-c DIR/libvirt: a hint one level up" \
    "hookrun: no directory $SC/libvirt/libvirt/hooks: $NOHOOKS" \
    "hookrun: did you mean -c $SC?" -- \
    -c "$SC/libvirt" qemu vm start begin -
W2=$(newdir)
ln -s "$SC/libvirt" "$W2/libvirt"
(cd "$W2" && "$TLIMIT" -t 60 "$HOOKRUN" -c libvirt/hooks -l) >"$T/out" \
    2>"$T/err"
printf '%s\n' \
    "hookrun: no directory $W2/libvirt/hooks/libvirt/hooks: $NOHOOKS" \
    "hookrun: did you mean -c .?" "Try 'hookrun --help'." >"$T/exp"
check "relative -c libvirt/hooks: the absolute path looked at, the hint '.'" \
    same "$T/exp" "$T/err"
: >"$W/plainfile"
refused_c "-c a plain file" \
    "hookrun: no directory $W/plainfile/libvirt/hooks: $NOHOOKS" -- \
    -c "$W/plainfile" -l
SCF=$(newdir)
mkdir "$SCF/libvirt" && : >"$SCF/libvirt/hooks"
refused_c "-c DIR whose libvirt/hooks is a file" \
    "hookrun: -c: $SCF/libvirt/hooks is not a directory" -- \
    -c "$SCF" qemu vm start begin -
# Without -c, the compiled-in directory may lack libvirt/hooks (libvirt
# installed without hooks): the daemon then runs none, and so does
# hookrun, saying why.
DEFHOOKS=${SYSCONFDIR:-/etc}/libvirt/hooks
if [ ! -e "$DEFHOOKS" ] && [ ! -L "$DEFHOOKS" ]; then
    hookrun_in "$W" qemu vm start begin -
    check "no -c, no $DEFHOOKS: exit status 0, as for no hook" is "$rc" 0
    check "no -c, no $DEFHOOKS: the note says the directory is missing" \
        same_text "hookrun: no hook script: $DEFHOOKS/qemu: absent (no directory $DEFHOOKS)" \
        "$T/err"
    hookrun_in "$W" -l
    check "no -c, no $DEFHOOKS: -l exits 0 and says so" sh -c \
        '[ "$1" -eq 0 ] && [ "$(cat "$2")" = "hookrun: no directory $3: no hooks" ]' \
        - "$rc" "$T/err" "$DEFHOOKS"
else
    for n in 1 2 3; do
        echo "# not run: no -c, no $DEFHOOKS ($n) ($DEFHOOKS exists here)"
    done
fi

# Short options group as getopt() groups them; one that takes a value ends
# the group, its value the rest of the word or the next word.
SCG=$(newsc)
script "$SCG" qemu 'echo "${FOO:-out}"'
hookrun_in "$W" -c "$SCG" -vo qemu vm start begin -
check "-vo: -o, the script's stdout on stdout" same_text out "$T/out"
check "-vo: -v, the script's result on stderr" contains "$T/err" \
    "hookrun: $SCG/libvirt/hooks/qemu: ok in "
hookrun_in "$W" -c "$SCG" -oEFOO=grouped qemu vm start begin -
check "-oEFOO=grouped: -o, and -E with the rest of the word" \
    same_text grouped "$T/out"
hookrun_in "$W" -c "$SCG" -oE FOO=next qemu vm start begin -
check "-oE FOO=next: -E's value the next word" same_text next "$T/out"
hookrun_in "$W" -l -c "$SCG"
cp "$T/out" "$T/list.expected"
hookrun_in "$W" -lc "$SCG"
check "-lc DIR: lists DIR" same "$T/list.expected" "$T/out"
hookrun_in "$W" -slc"$SCG"
check "-slcDIR: lists DIR" same "$T/list.expected" "$T/out"
hookrun_in "$W" -vh
check "-vh: the help" sh -c '[ "$1" -eq 0 ] && grep -q "^Usage: hookrun " "$2"' \
    - "$rc" "$T/out"
hookrun_in "$W" -c "$SCG" -lo
sed -n 1p "$T/err" >"$T/.line1"
check "-lo: -l and -o, which exclude each other" same_text \
    "hookrun: --list runs nothing: no -i, -o, -v, -F or --any-op" "$T/.line1"

# The usage hint suggests '--' only where an operand may stand: between
# DRIVER (no driver starts with '-') and the last operand.
# hint TITLE MESSAGE ARG...: exit status 2, stderr MESSAGE and the pointer.
hint() {
    title=$1 msg=$2
    shift 2
    hookrun_in "$W" -c "$SCG" ${1+"$@"}
    printf '%s\n' "hookrun: $msg" "Try 'hookrun --help'." >"$T/exp"
    check "$title" sh -c '[ "$1" -eq 2 ] && cmp -s "$2" "$3" ||
        { echo "exit status $1"; cat "$3"; exit 1; }' - "$rc" "$T/exp" "$T/err"
}
hint "-x before the operands: no '--' suggested" \
    "unknown option '-x'" -x qemu vm start begin -
hint "--frobnicate before the operands: no '--' suggested" \
    "unknown option '--frobnicate'" --frobnicate qemu vm start begin -
hint "-vx: the unknown letter named, in its word" \
    "unknown option '-x' in '-vx'" -vx qemu vm start begin -
hint "an unknown option after the last operand: no '--' suggested" \
    "unknown option '--frob'" qemu vm start begin - --frob
hint "'-vm' where OBJECT stands: '--' suggested" \
    "unknown option '-m' in '-vm' (put '--' before operands that start with '-')" \
    qemu -vm start begin -
hint "--lifecycle, '-x' where ACTION stands: '--' suggested" \
    "unknown option '-x' (put '--' before operands that start with '-')" \
    --lifecycle qemu vm -x
hint "-lc without its value: names -c" "option '-c' needs a value" -lc
hint "--output=1: takes no value" "option '--output' takes no value" \
    --output=1 qemu vm start begin -

# '-' is an operand, never an option; the words pass as given.
hookrun_in "$W" -c "$SC" --any-op qemu - - - -
printf '%s\n' "$SC/libvirt/hooks/qemu" - - - - >"$T/argv.expected"
check "'-' operands pass as '-'" same "$T/argv.expected" "$W/qemu.argv"

finish
