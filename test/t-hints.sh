# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# What hookrun tells where the daemon would only fail or say nothing: its
# own words for timeouts, ignored failures, empty operands, multi-line
# messages and -v.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
XML=$FIXTURES/qemu-prepare.xml

# ---- hookrun's words (item 10) -----------------------------------------

SCT=$(newsc)
QT=$SCT/libvirt/hooks/qemu
HEAD="hookrun: hook $QT vm start begin -"

# A timeout: how long the call had, and the signal by its name (t-bounds
# has SIGTERM and SIGKILL).
script "$SCT" qemu "exec 2>/dev/null; trap 'kill -USR1 \$\$' TERM
while :; do sleep 0.05; done"
hookrun_in "$W" -c "$SCT" -t 0.2 qemu vm start begin -
check "timeout: a script that ends by another signal: its name" same_text \
    "$HEAD: timed out after 0.2 s; killed by SIGUSR1" "$T/err"

# --lifecycle: the same words as a single call, and the failures the
# daemon ignores marked.
IGN="(ignored by the daemon)"
TERMED="timed out after 0.2 s; killed by SIGTERM"
script "$SCT" network "exec sleep 30"
hookrun_in "$W" -c "$SCT" -t 0.2 --lifecycle network net1 stop
check "--lifecycle: a timeout in a single call's words, marked ignored" \
    same_text "network net1 stopped end -: $TERMED $IGN" "$T/out"
script "$SCT" qemu "echo 12345"
hookrun_in "$W" -c "$SCT" -v --max-stdout 2 qemu vm stopped end -
sed -n 's/^hookrun: hook [^:]*: //p' "$T/err" >"$T/single"
hookrun_in "$W" -c "$SCT" -v --max-stdout 2 --lifecycle qemu vm stop
sed -n '1s/^qemu vm stopped end -: \(.*\) (ignored by the daemon)$/\1/p' \
    "$T/out" >"$T/life"
check "--lifecycle: a failure in the words of a single call's message" \
    sh -c '[ -s "$1" ] && cmp "$1" "$2"' - "$T/single" "$T/life"
script "$SCT" qemu "exit 1"
script "$SCT" daemon "exit 1"
hookrun_in "$W" -c "$SCT" --lifecycle qemu vm start
want_lines "qemu vm prepare begin -: exit status 1" \
    "qemu vm stopped end -: exit status 1 $IGN" \
    "qemu vm release end failed: exit status 1 $IGN" --
check "--lifecycle: prepare's failure counts, stopped's and release's not" \
    same "$T/exp" "$T/out"
hookrun_in "$W" -c "$SCT" --lifecycle daemon - restart
want_lines "daemon - shutdown - shutdown: exit status 1 $IGN" \
    "daemon - start - start: exit status 1 $IGN" --
check "--lifecycle daemon: every failure ignored by the daemon" \
    same "$T/exp" "$T/out"

# An empty operand: a usage error that names it; nothing runs.
# empty TITLE MESSAGE ARG...
empty() {
    title=$1
    printf '%s\n' "hookrun: $2" "Try 'hookrun --help'." >"$T/exp"
    shift 2
    rm -f "$W/ran"
    hookrun_in "$W" -c "$SCE" "$@"
    check "empty $title: exit status 2, named, nothing ran" \
        sh -c '[ "$1" -eq 2 ] && [ ! -e "$2" ] && cmp "$3" "$4"' - \
        "$rc" "$W/ran" "$T/exp" "$T/err"
}
SCE=$(newsc)
script "$SCE" qemu "touch '$W/ran'"
DASH="the daemon passes '-' for none"
empty OBJECT "empty OBJECT: $DASH" qemu "" start begin -
empty "OPERATION (--any-op)" "empty OPERATION" --any-op qemu vm "" begin -
empty "SUBOP (--any-op)" "empty SUBOP: $DASH" --any-op qemu vm start "" -
empty EXTRA "empty EXTRA: $DASH" qemu vm start begin ""
empty "OBJECT (--lifecycle)" "empty OBJECT: $DASH" --lifecycle qemu "" start
empty "ACTION (--lifecycle)" "empty ACTION" --lifecycle qemu vm ""

# Several failures, and a stderr of several lines: every line of the
# message starts with "hookrun:".
SCM=$(newsc)
QM=$SCM/libvirt/hooks/qemu
mkdir "$QM.d"
script "$SCM" qemu.d/10-a "printf 'one\n\ntwo\n' >&2; exit 1"
script "$SCM" qemu.d/20-b "echo three >&2; exit 2"
hookrun_in "$W" -c "$SCM" qemu vm start begin -
want_lines "hookrun: hook $QM.d/10-a vm start begin -: exit status 1: one" \
    "hookrun:" "hookrun: two" \
    "hookrun: hook $QM.d/20-b vm start begin -: exit status 2: three" --
check "multi-line message: every line starts with 'hookrun:'" \
    same "$T/exp" "$T/err"

# -v: each script's argv, quoted as a shell would want it; its stderr
# shown once.
hookrun_in "$W" -c "$SCM" -v qemu vm start begin -
check "-v: a stderr shown once, not again in the failure line" sh -c \
    '[ "$(grep -c "^three$" "$1")" -eq 1 ] &&
     grep -qx "hookrun: hook $2 vm start begin -: exit status 2" "$1"' - \
    "$T/err" "$QM.d/20-b"
SCV=$(newsc)
QV=$SCV/libvirt/hooks/qemu
script "$SCV" qemu "exit 0"
hookrun_in "$W" -c "$SCV" -v --any-op qemu "it's" start begin -
grep ': argv: ' "$T/err" >"$T/got"
hookrun_in "$W" -c "$SCV" -v qemu vm release end "from snapshot"
grep ': argv: ' "$T/err" >>"$T/got"
want_lines "hookrun: $QV: argv: $QV 'it'\\''s' start begin -" \
    "hookrun: $QV: argv: $QV vm release end 'from snapshot'" --
check "-v: the script's argv, words quoted where a shell needs it" \
    same "$T/exp" "$T/got"

finish
