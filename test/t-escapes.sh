# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# Paths and words that hold a newline or another control byte: every line
# hookrun writes on stderr stays one line that starts with "hookrun:" (the
# byte escaped, \n or \xNN), no escape byte reaches the terminal, the
# one-line-each outputs (-l, --lifecycle) stay so, and --dry-run's stdout
# still reads back in sh as the words that were given.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
NL='
'
ESC=$(printf '\033')

# only_hookrun FILE: every line of FILE starts with "hookrun:" (or is the
# pointer to --help), and no escape byte is in it.
only_hookrun() {
    if grep -v -e '^hookrun:' -e "^Try 'hookrun --help'.\$" "$1"; then
        echo "(those lines of $1 do not start with 'hookrun:')"
        return 1
    fi
    if grep -q "$ESC" "$1"; then
        echo "an escape byte in $1"
        return 1
    fi
    [ -s "$1" ] || { echo "$1 is empty"; return 1; }
}

# The reviewer's case: qemu.d/a<NL>b not executable, qemu.d/d<NL>x with
# CR LF line endings (its exec fails: "/bin/sh\r" does not exist).
SC=$(newsc)
H=$SC/libvirt/hooks
mkdir "$H/qemu.d"
printf 'x\n' >"$H/qemu.d/a${NL}b"
printf '#!/bin/sh\r\necho hi\r\n' >"$H/qemu.d/d${NL}x"
chmod 755 "$H/qemu.d/d${NL}x"
novg "valgrind kills a child whose execve fails"
hookrun_in "$W" -c "$SC" qemu vm prepare begin -
CR='the interpreter its #! line names, "/bin/sh\r", ends in a carriage return: the file has DOS line endings (dos2unix fixes it)'
want_lines \
    "hookrun: warning: $H/qemu.d/a\\nb: not executable (the daemon does not run it)" \
    "hookrun: hook $H/qemu.d/d\\nx vm prepare begin -: cannot execute: $(errtext ENOENT)" \
    "hookrun: $H/qemu.d/d\\nx: $CR" --
check "newlines in names: exit 1" is "$rc" 1
check "newlines in names: the warning, the failure, why: escaped" \
    same "$T/exp" "$T/err"
check "newlines in names: every line starts with 'hookrun:'" \
    only_hookrun "$T/errall"

# -v: the argv line, the outcome and the streams name the script too.
hookrun_in "$W" -c "$SC" -v qemu vm prepare begin -
check "-v: every line starts with 'hookrun:'" only_hookrun "$T/errall"
check "-v: the argv line, quoted and escaped" contains "$T/err" \
    "hookrun: $H/qemu.d/d\\nx: argv: '$H/qemu.d/d\\nx' vm prepare begin -"
novg_end

# An escape byte in a name (a colour, for a terminal that reads it).
SC=$(newsc)
H=$SC/libvirt/hooks
mkdir "$H/qemu.d"
printf 'x\n' >"$H/qemu.d/e${ESC}[31mred"
hookrun_in "$W" -c "$SC" qemu vm prepare begin -
check "an escape byte in a name: shown as \\x1b, no escape byte" \
    only_hookrun "$T/errall"
check "... the warning names it escaped" contains "$T/err" \
    "hookrun: warning: $H/qemu.d/e\\x1b[31mred: not executable"

# A SYSCONFDIR with a newline: every path is escaped, the no-hook line's
# too, and a -c that holds no hooks directory is named escaped.
D=$W/s${NL}c
mkdir -p "$D/libvirt/hooks/qemu.d"
printf 'x\n' >"$D/libvirt/hooks/qemu.d/10-plain"
E=$W/s\\nc/libvirt/hooks
hookrun_in "$W" -c "$D" qemu vm prepare begin -
want_lines \
    "hookrun: warning: $E/qemu.d/10-plain: not executable (the daemon does not run it)" \
    "hookrun: no hook script: $E/qemu: absent; in $E/qemu.d: 1 entry that does not run (see the warnings)" --
check "a newline in -c: the warning and the no-hook line, escaped" \
    same "$T/exp" "$T/err"
hookrun_in "$W" -c "$W/x${NL}y" qemu vm prepare begin -
check "a newline in a missing -c: a usage error, escaped" \
    sh -c '[ "$1" -eq 2 ] && grep -q "^hookrun: no directory .*/x\\\\ny/libvirt/hooks: " "$2"' \
    - "$rc" "$T/err"
check "... every line starts with 'hookrun:'" only_hookrun "$T/errall"

# Usage errors that quote an operand or an option.
SC=$(newsc)
# refused TITLE MESSAGE [NOTE] -- ARG...: exit 2, that message, escaped,
# the note if any, then the pointer to --help.
refused() {
    title=$1
    shift
    want_lines "$@"
    shift $used
    hookrun_in "$W" -c "$SC" "$@"
    sed 's/^/hookrun: /' "$T/exp" >"$T/exp2"
    echo "Try 'hookrun --help'." >>"$T/exp2"
    mv "$T/exp2" "$T/exp"
    check "$title: exit 2, the word escaped" \
        sh -c '[ "$1" -eq 2 ] && cmp "$2" "$3"' - "$rc" "$T/exp" "$T/err"
}
refused "usage: a driver with a newline" \
    "unknown driver 'q\\nx' (known: daemon qemu lxc network libxl bhyve)" \
    -- "q${NL}x" vm prepare begin -
refused "usage: an option with an escape byte" \
    "unknown option '--\\x1b[2J'" -- "--${ESC}[2J"
refused "usage: an operation with a newline" \
    "qemu has no operation 'pre\\npare'; the daemon sends: prepare begin -, start begin -, started begin -, stopped end -, release end REASON, migrate begin -, restore begin -, reconnect begin -, attach begin -" \
    "--any-op passes words that the daemon does not send" -- qemu vm "pre${NL}pare" begin -

# -l and --lifecycle: one line each, whatever the names hold.
SC=$(newsc)
H=$SC/libvirt/hooks
mkdir "$H/qemu.d"
script "$SC" "qemu.d/1${NL}2" 'exit 0'
hookrun_in "$W" -c "$SC" -l
grep '^qemu  *1 ' "$T/out" >"$T/got"
check "-l: one line for the script, its path escaped" same_text \
    "qemu    1  present         $H/qemu.d/1\\n2" "$T/got"
hookrun_in "$W" -c "$SC" --lifecycle qemu "v${NL}m" start
want_lines "qemu v\\nm prepare begin -: ok" "qemu v\\nm start begin -: ok" \
    "qemu v\\nm started begin -: ok" --
check "--lifecycle: one line a step, the object escaped" \
    same "$T/exp" "$T/out"

# --dry-run's stdout stays what sh reads back: the words as given.
hookrun_in "$W" -c "$SC" -n -E "X=a${NL}b" qemu "v${NL}m" prepare begin -
cat >"$T/read.sh" <<'EOF'
call() { printf '<%s>' call "$@"; echo; }
run() { printf '<%s>' run "$@"; echo; }
env() { case $1 in X=*) printf '<%s>' env "$1"; echo ;; esac; }
stdin() { :; }
EOF
(cat "$T/read.sh" "$T/out" | sh) >"$T/read" 2>&1
{
    printf '<%s>' call qemu "v${NL}m" prepare begin -
    echo
    printf '<%s>' run "$H/qemu.d/1${NL}2" "v${NL}m" prepare begin -
    echo
    printf '<%s>' env "X=a${NL}b"
    echo
} >"$T/exp"
check "--dry-run: sh reads the call, run and env lines back as the words" \
    same "$T/exp" "$T/read"

finish
