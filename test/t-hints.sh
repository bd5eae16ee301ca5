# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# What hookrun tells where the daemon would only fail or say nothing: a
# warning for each script that does not run, what was found when none
# runs, notes on the input and the user, and its own words for timeouts,
# ignored failures, empty operands, multi-line messages and -v.
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

# ---- notes: the input, the user (item 6) ------------------------------

# note_input TITLE WHAT COMMAND FILE DRIVER OBJECT OP SUBOP EXTRA: the
# note without -i says the daemon sends WHAT, to be had with COMMAND >
# FILE; none with -i, and none for a call where no script runs.  The exit
# status stays the scripts'.
note_input() {
    title=$1
    printf '%s\n' "$NOTE $2; to send it too: $3 > $4, then -i $4" >"$T/exp"
    shift 4
    scn=$(newsc)
    script "$scn" "$1" 'exit 3'
    hookrun_in "$W" -c "$scn" --any-op "$@"
    grep -v '^hookrun: note: running as' "$T/notes" >"$T/got"
    st1=$rc
    hookrun_in "$W" -c "$scn" --any-op -i "$XML" "$@"
    with=$(grep -c 'without -i' "$T/notes")
    hookrun_in "$W" -c "$(newsc)" --any-op "$@"
    none=$(grep -c 'without -i' "$T/notes")
    check "note without -i: $title" sh -c \
        'cmp "$1" "$2" && [ "$3" -eq 1 ] && [ "$4$5" = 00 ]' - \
        "$T/exp" "$T/got" "$st1" "$with" "$none"
}
NOTE="hookrun: note: without -i the scripts read /dev/null,"
NOTE="$NOTE where the daemon sends"
DOMXML="the domain XML"
note_input qemu "$DOMXML" "virsh -c qemu:///system dumpxml vm" vm.xml \
    qemu vm prepare begin -
note_input "lxc: its own connection" "$DOMXML" \
    "virsh -c lxc:///system dumpxml ct" ct.xml lxc ct start begin -
note_input "libxl: its own connection" "$DOMXML" \
    "virsh -c xen:///system dumpxml dom" dom.xml libxl dom stopped end -
note_input "bhyve: its own connection" "$DOMXML" \
    "virsh -c bhyve:///system dumpxml b" b.xml bhyve b release end -
HD="echo '<hookData>'" HE="echo '</hookData>'"
PORTXML="virsh net-port-dumpxml net1 PORT-UUID"
note_input "network: <hookData> around the network" \
    "<hookData> with the network" \
    "{ $HD; virsh net-dumpxml net1; $HE; }" net1.xml \
    network net1 start begin -
note_input "network port: the port too" \
    "<hookData> with the network and the port" \
    "{ $HD; virsh net-dumpxml net1; $PORTXML; $HE; }" \
    net1.xml network net1 port-created begin -
note_input "a name quoted for the shell" "$DOMXML" \
    "virsh -c qemu:///system dumpxml 'it'\\''s'" "'it'\\''s.xml'" \
    qemu "it's" start begin -

SCD=$(newsc)
script "$SCD" daemon 'exit 0'
script "$SCD" qemu 'exit 0'
hookrun_in "$W" -c "$SCD" daemon - start - start
nd=$(grep -c 'without -i' "$T/notes")
hookrun_in "$W" -c "$SCD" qemu vm start begin -
check "note without -i: not for the daemon hook, which gets no input" \
    sh -c '[ "$1" -eq 0 ] && grep -q "without -i" "$2"' - "$nd" "$T/notes"
hookrun_in "$W" -c "$SCD" --lifecycle qemu vm start
check "note without -i, --lifecycle: once for its three calls" \
    sh -c '[ "$(grep -c "without -i" "$1")" -eq 1 ]' - "$T/notes"

# Not for -l nor for a usage error; the notes come last.
hookrun_in "$W" -c "$SCD" -l
n1=$(wc -l <"$T/notes")
hookrun_in "$W" -c "$SCD" qemu vm reboot begin -
n2=$(wc -l <"$T/notes")
hookrun_in "$W" -c "$SCD" --lifecycle qemu vm reboot
n3=$(wc -l <"$T/notes")
hookrun_in "$W" -c "$SCD" qemu vm start begin -
check "notes: none for -l or a usage error, last after a call" \
    sh -c '[ "$1$2$3" = 000 ] && tail -n 1 "$4" | grep -q "^hookrun: note: "' \
    - "$n1" "$n2" "$n3" "$T/errall"

# The user: the daemon runs hooks as root.  As root, the suite runs
# hookrun as uid 65534 too (tlimit -u), in a tree that user can read.
ROOTNOTE="hookrun: note: running as uid"
if [ "$(id -u)" -ne 0 ]; then
    hookrun_in "$W" -c "$SCD" --lifecycle qemu vm start
    grep "^$ROOTNOTE" "$T/notes" >"$T/got"
    check "not root: the note that the daemon runs hooks as root, once" \
        same_text "$ROOTNOTE $(id -u); the daemon runs hooks as root" \
        "$T/got"
elif ! (chmod 755 "$T" && "$TLIMIT" -t 60 -u 65534 "$HOOKRUN" --version \
        >/dev/null 2>&1); then
    chmod 700 "$T"
    echo "# not run: the note for uid 65534 (it cannot reach $HOOKRUN)"
else
    novg "valgrind's logs are not for uid 65534 to write"
    chmod 700 "$T"
    hookrun_in "$W" -c "$SCD" --lifecycle qemu vm start
    asroot=$(grep -c "$ROOTNOTE" "$T/notes")
    chmod 755 "$T" "$SCD"
    (cd "$W" && "$TLIMIT" -t 60 -u 65534 "$HOOKRUN" -c "$SCD" -i "$XML" \
        --lifecycle qemu vm start) >"$T/out" 2>"$T/errall"
    rc=$?
    split_notes
    chmod 700 "$T"
    printf '%s\n' "$ROOTNOTE 65534; the daemon runs hooks as root" >"$T/exp"
    check "uid 65534: the note that hooks run as root, once; as root none" \
        sh -c '[ "$1" -eq 0 ] && [ "$2" -eq 0 ] && cmp "$3" "$4"' - \
        "$rc" "$asroot" "$T/exp" "$T/notes"
    novg_end
fi

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
