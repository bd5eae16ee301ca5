# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# completion/hookrun.bash: what it offers, word for word, with bash run as
# bash-completion runs a completion function (COMP_WORDS, COMP_CWORD, then
# COMPREPLY).  The drivers, each driver's calls and the reasons are those
# that hookrun's own usage errors list, and the options those of --help.
. "$(dirname "$0")/lib.sh"

COMPLETION=$TOP/completion/hookrun.bash
if ! command -v bash >/dev/null 2>&1; then
    echo "# not run: completion (no bash here)"
    finish
    exit
fi

# comp WORD...: COMPREPLY, one a line, into $T/comp, for a command line
# "hookrun WORD..." whose last WORD is being typed (the words as bash
# splits them: "--sysconfdir=DIR" is "--sysconfdir" "=" "DIR"); anything
# bash says goes to $T/comp.err.
comp() {
    # shellcheck disable=SC2016  # for bash to expand
    bash --norc --noprofile -c '
        . "$1" || exit 1
        shift
        COMP_WORDS=(hookrun "$@")
        COMP_CWORD=$#
        COMP_LINE="hookrun $*"
        COMP_POINT=${#COMP_LINE}
        _hookrun hookrun "${COMP_WORDS[COMP_CWORD]}" \
            "${COMP_WORDS[COMP_CWORD - 1]}" || exit 1
        for w in "${COMPREPLY[@]}"; do
            printf "%s\n" "$w"
        done' - "$COMPLETION" ${1+"$@"} </dev/null >"$T/comp" 2>"$T/comp.err"
}

# same_comp EXPECTED-FILE: $T/comp is that, and bash said nothing.
same_comp() {
    [ ! -s "$T/comp.err" ] || { cat "$T/comp.err"; return 1; }
    same "$1" "$T/comp"
}

# offers TITLE WORD... -- ARG...: "hookrun ARG..." offers exactly the
# WORDs, in that order.
offers() {
    title=$1
    shift
    want_lines "$@"
    shift $used
    comp ${1+"$@"}
    check "$title" same_comp "$T/exp"
}

# sends LINE: the list after "the daemon sends: " in a usage error, one
# item a line.
sends() {
    sed -n '1s/.*; the daemon sends: //p' "$1" | awk '{
        n = split($0, item, ", ")
        for (i = 1; i <= n; i++) print item[i] }'
}

W=$(newdir)
SC=$(newsc)

# The drivers, as hookrun names them.
hookrun_in "$W" -c "$SC" nosuch vm start begin -
sed -n "1s/.*(known: \(.*\))\$/\1/p" "$T/err" | tr ' ' '\n' >"$T/drivers"
check "hookrun names six drivers" test "$(wc -l <"$T/drivers")" -eq 6
comp ""
check "DRIVER: hookrun's drivers" same_comp "$T/drivers"
offers "DRIVER, typed 'l': lxc libxl" lxc libxl -- l

# Each driver's calls: the operations, each one's sub-operation, and its
# extra argument, against hookrun's list of the calls the daemon makes.
while read -r drv; do
    obj=vm
    [ "$drv" = daemon ] && obj=-
    hookrun_in "$W" -c "$SC" "$drv" "$obj" nosuch begin - </dev/null
    sends "$T/err" >"$T/calls"
    : >"$T/table"
    comp "$drv" "$obj" ""
    cp "$T/comp" "$T/ops"
    while read -r op; do
        comp "$drv" "$obj" "$op" ""
        sub=$(cat "$T/comp")
        comp "$drv" "$obj" "$op" "$sub" ""
        if [ "$(wc -l <"$T/comp")" -gt 1 ]; then
            cp "$T/comp" "$T/reasons.$drv"
            extra=REASON
        else
            extra=$(cat "$T/comp")
        fi
        echo "$op $sub $extra" >>"$T/table"
    done <"$T/ops"
    check "$drv: OPERATION SUBOP EXTRA offer the daemon's calls, as hookrun lists them ($(wc -l <"$T/calls") calls)" \
        sh -c '[ -s "$1" ] && cmp "$1" "$2" && ! [ -s "$3" ] ||
            { echo "hookrun:"; cat "$1"; echo "completion:"; cat "$2"; exit 1; }' \
        - "$T/calls" "$T/table" "$T/comp.err"
done <"$T/drivers"

# The reasons of a release, as hookrun lists them ('from snapshot' is one
# argument: quoted, as the command line needs it).
for drv in qemu lxc; do
    hookrun_in "$W" -c "$SC" "$drv" vm release end nosuch
    sends "$T/err" | sed "s/^'\(.*\)'\$/\1/; s/ /\\\\ /g" >"$T/exp"
    check "$drv release end REASON: hookrun's reasons" \
        same "$T/exp" "$T/reasons.$drv"
done
offers "a reason, typed 'fr'" 'from\ snapshot' -- qemu vm release end fr
offers "a reason, typed 'from\\ s'" 'from\ snapshot' -- \
    lxc vm release end 'from\ s'

offers "OBJECT of the daemon: -" - -- daemon ""
offers "OBJECT of a domain: nothing to offer" -- qemu ""
offers "OPERATION, typed 'st'" start started stopped -- qemu vm st
offers "SUBOP of an operation the driver lacks: nothing" -- \
    lxc vm migrate ""
offers "EXTRA after a wrong SUBOP: nothing" -- qemu vm start end ""
offers "no sixth operand" -- qemu vm start begin - ""
offers "--lifecycle ACTION of a domain" start stop -- --lifecycle qemu vm ""
offers "--lifecycle ACTION of the daemon" start reload shutdown restart -- \
    daemon - --lifecycle ""
offers "--list: no operand" -- -l ""
offers "-sl (grouped): no operand" -- -sl ""
offers "--check DRIVER: a driver, typed 'l'" lxc libxl -- --check l
offers "--check DRIVER: no OBJECT after it" -- --check daemon ""
offers "--check after DRIVER: no OPERATION" -- qemu vm --check ""

# Options and their values do not count as operands.
for opts in "-t 5" "-t5" "-vt 5" "-E A=1 -c /" "-c / --keep-env" "--" \
    "--timeout = 5" "--input x"; do
    # shellcheck disable=SC2086  # the options are words
    comp $opts ""
    check "after '$opts': DRIVER" same_comp "$T/drivers"
done
offers "options after operands" -v -- qemu vm -v
offers "after --, '-' is no option" -- -- -

# The options: those of --help, short and long.
hookrun_in "$W" --help
sed -n 's/^  \(-[A-Za-z]\), \(--[a-z-]*\).*/\1 \2/p
        s/^      \(--[a-z-]*\).*/\1/p' "$T/out" | tr ' ' '\n' | sort \
    >"$T/options"
comp -
sort "$T/comp" >"$T/comp.sorted"
check "'-': every option of --help ($(wc -l <"$T/options") names)" \
    sh -c '[ "$(wc -l <"$1")" -ge 20 ] && cmp "$1" "$2"' - "$T/options" \
    "$T/comp.sorted"
grep -e '^--' "$T/options" >"$T/exp"
comp --
sort "$T/comp" >"$T/comp.sorted"
check "'--': the long options" same "$T/exp" "$T/comp.sorted"
offers "'--li': --list --lifecycle" --list --lifecycle -- --li

# -c completes directories, -i files, however the option is spelt.
mkdir "$W/etc1" "$W/etc2"
: >"$W/etcfile"
printf '%s\n' "$W/etc1" "$W/etc2" >"$T/dirs"
printf '%s\n' "$W/etc1" "$W/etc2" "$W/etcfile" >"$T/files"
for spell in "-c" "--sysconfdir" "-lc" "-sc" "--sysconfdir ="; do
    # shellcheck disable=SC2086
    comp $spell "$W/et"
    sort "$T/comp" >"$T/comp.sorted"
    check "'$spell DIR': directories only" same "$T/dirs" "$T/comp.sorted"
done
comp -i "$W/et"
sort "$T/comp" >"$T/comp.sorted"
check "'-i FILE': files" same "$T/files" "$T/comp.sorted"
sed 's/^/-lc/' "$T/dirs" >"$T/exp"
comp "-lc$W/et"
sort "$T/comp" >"$T/comp.sorted"
check "'-lcDIR' (joined): directories, behind -lc" same "$T/exp" \
    "$T/comp.sorted"
offers "-t SECONDS: nothing to offer" -- -t ""

finish
