# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# What hookrun tells where the daemon would only fail or say nothing: a
# warning for each script that does not run, what was found when none
# runs, and its own words for timeouts, ignored failures, empty operands,
# multi-line messages and -v.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
XML=$FIXTURES/qemu-prepare.xml

# ---- warnings for what does not run (issue 12, item 4) ----------------

# Every state but present and absent, in qemu.d/, beside one that runs.
SC=$(newsc)
Q=$SC/libvirt/hooks/qemu
mkdir "$Q.d"
script "$SC" qemu.d/10-run "touch '$W/ran'"
printf '#!/bin/sh\n' >"$Q.d/20-plain"
mkdir "$Q.d/30-dir"
ln -s nowhere "$Q.d/40-gone"
NOT="(the daemon does not run it)"
SEE="(see the warnings)"
NH="hookrun: no hook script:"
ONE="1 entry that does not run $SEE"
want_lines "hookrun: warning: $Q.d/20-plain: not executable $NOT" \
    "hookrun: warning: $Q.d/30-dir: is a directory $NOT" \
    "hookrun: warning: $Q.d/40-gone: dangling symbolic link $NOT" --
cp "$T/exp" "$T/warned"
rm -f "$W/ran"
hookrun_in "$W" -c "$SC" -i "$XML" qemu vm start begin -
check "warnings: one per entry that does not run, the script still runs" \
    sh -c '[ "$1" -eq 0 ] && [ -e "$2" ] && cmp "$3" "$4"' - \
    "$rc" "$W/ran" "$T/exp" "$T/err"

# --lifecycle: the warnings once, not once per call.
hookrun_in "$W" -c "$SC" -i "$XML" --lifecycle qemu vm start
check "--lifecycle: each warning once for its three calls" \
    sh -c '[ "$(wc -l <"$1")" -eq 3 ] && cmp "$2" "$3"' - \
    "$T/out" "$T/warned" "$T/err"

# Only scripts that do not run: the no-hook line says what was there.
rm -f "$Q.d/10-run"
hookrun_in "$W" -c "$SC" qemu vm start begin -
want_lines "hookrun: warning: $Q.d/20-plain: not executable $NOT" \
    "hookrun: warning: $Q.d/30-dir: is a directory $NOT" \
    "hookrun: warning: $Q.d/40-gone: dangling symbolic link $NOT" \
    "$NH $Q: absent; in $Q.d: 3 entries that do not run $SEE" \
    --
check "nothing runs: exit status 0, the warnings, then what qemu.d holds" \
    sh -c '[ "$1" -eq 0 ] && cmp "$2" "$3"' - "$rc" "$T/exp" "$T/err"
hookrun_in "$W" -c "$SC" --lifecycle qemu vm start
check "nothing runs, --lifecycle: the warnings and that line once" \
    same "$T/exp" "$T/err"

SC2=$(newsc)
Q2=$SC2/libvirt/hooks/qemu
mkdir "$Q2.d"
printf '#!/bin/sh\n' >"$Q2.d/10-plain"
printf '#!/bin/sh\n' >"$Q2"
hookrun_in "$W" -c "$SC2" qemu vm start begin -
want_lines "hookrun: warning: $Q2: not executable $NOT" \
    "hookrun: warning: $Q2.d/10-plain: not executable $NOT" \
    "$NH $Q2: not executable; in $Q2.d: $ONE" \
    --
check "main script and one entry not executable: both named" \
    same "$T/exp" "$T/err"

# A qemu.d that is no directory: named as such.
SC3=$(newsc)
Q3=$SC3/libvirt/hooks/qemu
: >"$Q3.d"
hookrun_in "$W" -c "$SC3" qemu vm start begin -
NOTHING="(the daemon runs nothing in it)"
want_lines "hookrun: warning: $Q3.d: not a directory $NOTHING" \
    "$NH $Q3: absent; $Q3.d: not a directory" --
check "qemu.d a plain file: the warning and the no-hook line say so" \
    same "$T/exp" "$T/err"

# --skip-leftovers: skipped here, but the daemon runs it.
SC4=$(newsc)
Q4=$SC4/libvirt/hooks/qemu
mkdir "$Q4.d"
script "$SC4" "qemu.d/10-net~" "exit 0"
hookrun_in "$W" -c "$SC4" -s qemu vm start begin -
SKIPPED="(skipped by --skip-leftovers; the daemon runs it)"
want_lines "hookrun: warning: $Q4.d/10-net~: editor backup $SKIPPED" \
    "$NH $Q4: absent; in $Q4.d: $ONE" --
check "--skip-leftovers: the skipped script, which the daemon runs" \
    same "$T/exp" "$T/err"

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
