# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# Discovery, as the daemon does it: which files count as a hook script,
# the warning for those that do not, the scan being cached until a rescan,
# and where the scripts are looked for.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
MARK='touch "$PWD/ran"'

# not_run TITLE SC DRIVER STATE REASON: hookrun treats the script as absent
# (exit 0, nothing runs) and says why on stderr, in a warning unless it is
# absent; -l shows the same.
not_run() {
    title=$1 sc=$2 drv=$3 state=$4 reason=$5
    rm -f "$W/ran"
    hookrun_in "$W" -c "$sc" "$drv" - start - start
    check "$title: exit status 0, as for no hook" is "$rc" 0
    check "$title: nothing ran" test ! -e "$W/ran"
    : >"$T/exp"
    path=$sc/libvirt/hooks/$drv
    [ "$state" = absent ] ||
        echo "hookrun: warning: $path: $reason (the daemon does not run it)" \
            >"$T/exp"
    echo "hookrun: no hook script: $path: $reason" >>"$T/exp"
    check "$title: stderr says why" same "$T/exp" "$T/err"
    hookrun_in "$W" -c "$sc" -l
    check "$title: --list shows state '$state'" contains "$T/out" \
        "$(printf '%-7s %-2s %-15s %s' "$drv" - "$state" \
            "$sc/libvirt/hooks/$drv")"
}

SC=$(newsc)
not_run "absent script" "$SC" daemon absent absent

SC=$(newsc)
printf '#!/bin/sh\n%s\n' "$MARK" >"$SC/libvirt/hooks/daemon"
chmod 644 "$SC/libvirt/hooks/daemon"
not_run "non-executable script" "$SC" daemon not-executable "not executable"

SC=$(newsc)
mkdir "$SC/libvirt/hooks/daemon"
not_run "directory in place of a script" "$SC" daemon not-regular \
    "is a directory"

SC=$(newsc)
ln -s "$SC/nowhere" "$SC/libvirt/hooks/daemon"
not_run "dangling symlink" "$SC" daemon broken "dangling symbolic link"

SC=$(newsc)
ln -s daemon "$SC/libvirt/hooks/daemon.loop" &&
    ln -s daemon.loop "$SC/libvirt/hooks/daemon"
rm "$SC/libvirt/hooks/daemon.loop"
ln -s daemon "$SC/libvirt/hooks/daemon.loop"
not_run "symlink loop" "$SC" daemon broken \
    "too many levels of symbolic links"

SC=$(newsc)
mkfifo "$SC/libvirt/hooks/daemon"
not_run "FIFO in place of a script" "$SC" daemon not-regular \
    "not a regular file"

SC=$(newsc)
ln -s /dev/null "$SC/libvirt/hooks/daemon"
not_run "a device (symlink to /dev/null) in place of a script" "$SC" daemon \
    not-regular "not a regular file"

SC=$(newsc)
mkdir "$SC/target"
ln -s "$SC/target" "$SC/libvirt/hooks/daemon"
not_run "symlink to a directory" "$SC" daemon not-regular "is a directory"

# A symlink to an executable is a script; the script sees the link's path
# as argv[0], as the daemon passes it.
SC=$(newsc)
cp "$PROBE" "$SC/probe-binary"
ln -s ../../probe-binary "$SC/libvirt/hooks/qemu"
hookrun_in "$W" -c "$SC" qemu vm start begin -
check "symlinked script: runs" is "$rc" 0
sed -n 1p "$W/qemu.argv" >"$T/.first"
check "symlinked script: argv[0] is the link's path" same_text \
    "$SC/libvirt/hooks/qemu" "$T/.first"

# --list: every state at once, exact output.
SC=$(newsc)
probe "$SC" daemon
printf '#!/bin/sh\n' >"$SC/libvirt/hooks/qemu"
hookrun_in "$W" -c "$SC" -l
{
    printf '%-7s %-2s %-15s %s\n' daemon 1 present "$SC/libvirt/hooks/daemon"
    printf '%-7s %-2s %-15s %s\n' qemu - not-executable \
        "$SC/libvirt/hooks/qemu: not executable"
    for d in lxc network libxl bhyve; do
        printf '%-7s %-2s %-15s %s\n' $d - absent "$SC/libvirt/hooks/$d"
    done
} >"$T/list.expected"
check "--list: exact output" same "$T/list.expected" "$T/out"
check "--list: exit status 0" is "$rc" 0

# Without -c the compile-time SYSCONFDIR (make's SYSCONFDIR) applies.
hookrun_in "$W" -l
sed -n 's/^daemon *- *[a-z-]* *//p' "$T/out" | sed 's/: .*//' >"$T/.path"
check "default SYSCONFDIR path: ${SYSCONFDIR:-/etc}/libvirt/hooks/daemon" \
    same_text "${SYSCONFDIR:-/etc}/libvirt/hooks/daemon" "$T/.path"

# A relative -c is made absolute, so the script's $0 is absolute as under
# the daemon.
SC=$(newsc)
probe "$SC" daemon
(cd "$SC/.." && "$TLIMIT" -t 60 "$HOOKRUN" -c "$(basename "$SC")" \
    daemon - start - start) 2>"$T/err"
sed -n 1p "$SC/../daemon.argv" >"$T/.first"
check "relative -c: argv[0] absolute" same_text \
    "$SC/libvirt/hooks/daemon" "$T/.first"
rm -f "$SC"/../daemon.*

(cd / && "$TLIMIT" -t 60 "$HOOKRUN" -c "${SC#/}" daemon - start - start) \
    2>"$T/err"
sed -n 1p "/daemon.argv" >"$T/.first"
rm -f /daemon.*
check "relative -c from /: argv[0] absolute, no leading //" same_text \
    "$SC/libvirt/hooks/daemon" "$T/.first"

# Two SYSCONFDIRs side by side in one process, each with its own scan.
A=$(newsc)
B=$(newsc)
script "$A" qemu "echo '$A'"
script "$B" qemu "echo '$B'"
script "$A" lxc "exit 0"
check "two contexts side by side" "$TLIMIT" -t 120 "$APITEST" twodirs "$A" "$B"

# The scan is cached: a script added later counts only after a rescan.
check "rescan picks up added, chmod-ed and removed scripts" \
    "$TLIMIT" -t 120 "$APITEST" rescan "$(newsc)"

# A SYSCONFDIR too long for PATH_MAX is refused, never truncated.
check "over-long SYSCONFDIR: HOOKS_TOOLONG, boundary exact" "$TLIMIT" -t 120 "$APITEST" toolong
long=/$(printf '%05000d' 0)
hookrun_in "$W" -c "$long" daemon - start - start
check "over-long SYSCONFDIR: hookrun exits 2" is "$rc" 2
check "over-long SYSCONFDIR: hookrun says so" contains "$T/err" \
    "path too long"
# Within PATH_MAX, but one name longer than the file system allows.
longname=$W/$(printf '%0300d' 0)
hookrun_in "$W" -c "$longname" -l
check "a name over NAME_MAX in SYSCONFDIR: hookrun exits 2" is "$rc" 2
check "a name over NAME_MAX in SYSCONFDIR: says path too long" contains \
    "$T/err" "path too long"

# A SYSCONFDIR that is a file: every hook is simply absent; no DRIVER.d is
# reported "not a directory" for what a parent of its path is.  (hookrun
# refuses such a -c: the library's own view.)
: >"$W/plainfile"
"$TLIMIT" -t 120 "$APITEST" scan "$W/plainfile" >"$T/out" 2>&1
check "SYSCONFDIR a plain file: the scan succeeds" is "$?" 0
for d in daemon qemu lxc network libxl bhyve; do
    printf '%s absent %s\n' $d "$W/plainfile/libvirt/hooks/$d"
done >"$T/exp"
check "SYSCONFDIR a plain file: all six absent, no warning" same "$T/exp" \
    "$T/out"

finish
