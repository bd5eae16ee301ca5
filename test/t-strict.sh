# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# hookrun --strict: the library's strict modes for a run.  A script that
# anyone but root and the caller could change does not run, in a call or
# a lifecycle, and stderr says which and why; -l lists it as unsafe.
# Without --strict, such scripts run, as under the daemon.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
W1="writable by others than its owner"

S=$(tree)
H=$S/libvirt/hooks
dotd "$S" qemu
put "$S" qemu.d/10-ok "#!/bin/sh\necho ok >>'$W/ran'\n"
put "$S" qemu.d/20-group "#!/bin/sh\necho group >>'$W/ran'\n" 775
rm -f "$W/ran"
hookrun_in "$W" -c "$S" qemu vm start begin -
check "without --strict, an unsafe script runs" same_text "ok
group" "$W/ran"
rm -f "$W/ran"
hookrun_in "$W" -c "$S" --strict qemu vm start begin -
check "--strict: exit status 0" is "$rc" 0
check "--strict: the unsafe script does not run, the other does" \
    same_text ok "$W/ran"
check "--strict: stderr says which and why" same_text \
    "hookrun: warning: $H/qemu.d/20-group: $W1 (--strict does not run it; the daemon would)" \
    "$T/err"
hookrun_in "$W" -c "$S" --strict -l
check "--strict -l: the script is unsafe" contains "$T/out" \
    "qemu    -  unsafe          $H/qemu.d/20-group: $W1"
hookrun_in "$W" -c "$S" -l
check "-l without --strict: the script is present" contains "$T/out" \
    "qemu    2  present         $H/qemu.d/20-group"
chmod 755 "$H/qemu.d/20-group"
chmod 775 "$H"
put "$S" lxc "#!/bin/sh\necho lxc >>'$W/ran'\n"
rm -f "$W/ran"
hookrun_in "$W" -c "$S" --strict --lifecycle lxc vm stop
want_lines "lxc vm stopped end -: no hook" \
    "lxc vm release end shutdown: no hook" --
check "--strict --lifecycle: no call runs the unsafe hook" \
    same "$T/exp" "$T/out"
check "--strict --lifecycle: nothing ran" test ! -e "$W/ran"
want_lines "hookrun: warning: $H/lxc: the hooks directory is $W1 (--strict does not run it; the daemon would)" \
    "hookrun: no hook script: $H/lxc: the hooks directory is $W1" --
check "--strict --lifecycle: stderr says why, once" \
    same "$T/exp" "$T/err"
hookrun_in "$W" -c "$S" --lifecycle lxc vm stop
check "--lifecycle without --strict: the hook runs" same_text "lxc
lxc" "$W/ran"
chmod 755 "$H"

# Ownership: root's and the caller's scripts only.  Needs root to give a
# file away.
if [ "$(id -u)" = 0 ]; then
    chown 12345 "$H/lxc"
    rm -f "$W/ran"
    hookrun_in "$W" -c "$S" --strict lxc vm stopped end -
    check "--strict: a script owned by another user does not run" \
        test ! -e "$W/ran"
    check "--strict: ... and stderr says so" contains "$T/err" \
        "hookrun: warning: $H/lxc: owned by another user than root or the caller (--strict does not run it; the daemon would)"
    chown 0 "$H/lxc"
else
    echo "# not run: --strict and a script owned by another user (needs root)"
fi

finish
