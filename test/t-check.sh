# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# hookrun --check: each kind of finding, one "PATH: KIND: what" line on
# stdout, in run order per driver; notes on stderr; exit 0 when nothing is
# wrong, 1 when something is, 2 on a usage error; nothing runs.
. "$(dirname "$0")/lib.sh"

W=$(newdir)

# qtree: a fresh tree into $S, its hooks directory into $H, with qemu.d/.
qtree() {
    S=$(tree)
    H=$S/libvirt/hooks
    dotd "$S" qemu
}

# checked TITLE STATUS LINE... -- ARG...: hookrun --check ARG... exits
# with STATUS and prints exactly the LINEs on stdout.
checked() {
    title=$1 want=$2
    shift 2
    want_lines "$@"
    shift $used
    hookrun_in "$W" --check ${1+"$@"}
    check "$title: exit status $want" is "$rc" "$want"
    check "$title: the findings" same "$T/exp" "$T/out"
}

# clean TITLE ARG...: hookrun --check ARG... finds nothing: exit 0, no
# output at all.
clean() {
    title=$1
    shift
    hookrun_in "$W" --check ${1+"$@"}
    check "$title: exit 0, nothing on stdout or stderr" sh -c \
        '[ "$1" -eq 0 ] && [ ! -s "$2" ] && [ ! -s "$3" ] ||
         { echo "exit status $1"; cat "$2" "$3"; exit 1; }' \
        - "$rc" "$T/out" "$T/err"
}

SKIPS="the daemon skips it"
DEADLOCK="the daemon waits for its hooks, so one that calls back into it is likely to deadlock"
BG="leaves a command in the background with the daemon's stdout or stderr pipe"
BGFIX="the daemon waits until it exits (redirect it: >/dev/null 2>&1)"
NOHOOK="no driver has this name, so the daemon never runs it"

# ---- nothing wrong ------------------------------------------------------

# The bundled example tree, copied so that the umask of the checkout
# cannot make it group-writable.
E=$(newdir)
cp -R "$TOP/examples/etc" "$E/etc"
chmod -R 755 "$E/etc"
clean "the example tree" -c "$E/etc"
if [ -z "$(find "$TOP/examples/etc" -perm -020 -o -perm -002)" ]; then
    clean "examples/etc itself" -c "$TOP/examples/etc"
else
    echo "# not run: examples/etc itself (the checkout is group-writable)"
fi
S=$(tree)
clean "an empty hooks directory" -c "$S"

# A tree of good scripts: nothing, and nothing runs.
S=$(tree)
dotd "$S" qemu
put "$S" qemu "#!/bin/sh\ntouch '$W/ran'\n"
put "$S" qemu.d/10-a "#!/bin/sh\ntouch '$W/ran'\n"
put "$S" daemon "#!/bin/sh\nexec >/dev/null 2>&1\nsleep 1 &\n"
clean "good scripts" -c "$S"
check "good scripts: none of them ran" test ! -e "$W/ran"

# ---- what the scan finds ------------------------------------------------

qtree
put "$S" qemu "#!/bin/sh\n" 644
put "$S" qemu.d/README "text\n" 644
ln -s "$S/nowhere" "$H/qemu.d/20-gone"
mkdir "$H/qemu.d/30-dir"
mkfifo "$H/lxc"
checked "not executable, broken, not regular" 1 \
    "$H/qemu: not-executable: not executable; $SKIPS" \
    "$H/qemu.d/20-gone: broken: dangling symbolic link; $SKIPS" \
    "$H/qemu.d/30-dir: not-regular: is a directory; $SKIPS" \
    "$H/qemu.d/README: not-executable: not executable; $SKIPS" \
    "$H/lxc: not-regular: not a regular file; $SKIPS" -- -c "$S"

S=$(tree)
H=$S/libvirt/hooks
mkdir "$H/qemu"
put "$S" qemu.d "#!/bin/sh\n"
checked "a directory for the main script, a file for the .d" 1 \
    "$H/qemu: not-regular: is a directory; $SKIPS (a driver's scripts go in qemu.d/)" \
    "$H/qemu.d: not-regular: not a directory, so the daemon runs none of its scripts" \
    -- -c "$S"

# Leftovers run under the daemon: findings.  With -s they do not run, and
# each is a note on stderr.
qtree
put "$S" qemu.d/10-a "#!/bin/sh\n"
put "$S" qemu.d/10-a.dpkg-old "#!/bin/sh\n"
put "$S" qemu.d/10-a~ "#!/bin/sh\n"
put "$S" qemu.d/.10-a.swp "#!/bin/sh\n"
checked "leftovers" 1 \
    "$H/qemu.d/.10-a.swp: leftover: a leftover (hidden file), which the daemon runs all the same: remove it" \
    "$H/qemu.d/10-a.dpkg-old: leftover: a leftover (dpkg backup), which the daemon runs all the same: remove it" \
    "$H/qemu.d/10-a~: leftover: a leftover (editor backup), which the daemon runs all the same: remove it" \
    -- -c "$S"
checked "leftovers, with -s" 0 -- -c "$S" -s
want_lines \
    "hookrun: $H/qemu.d/.10-a.swp: skipped: a leftover (hidden file), which the daemon runs" \
    "hookrun: $H/qemu.d/10-a.dpkg-old: skipped: a leftover (dpkg backup), which the daemon runs" \
    "hookrun: $H/qemu.d/10-a~: skipped: a leftover (editor backup), which the daemon runs" --
check "leftovers, with -s: a note each on stderr" same "$T/exp" "$T/err"

# ---- strict modes -------------------------------------------------------

W1="writable by others than its owner"
qtree
put "$S" qemu "#!/bin/sh\n"
put "$S" qemu.d/10-group "#!/bin/sh\n" 775
put "$S" qemu.d/20-world "#!/bin/sh\n" 757
put "$S" qemu.d/30-ok "#!/bin/sh\n"
checked "group- and world-writable scripts" 1 \
    "$H/qemu.d/10-group: unsafe: $W1: --strict would not run it" \
    "$H/qemu.d/20-world: unsafe: $W1: --strict would not run it" -- -c "$S"
chmod 755 "$H/qemu.d/10-group" "$H/qemu.d/20-world"
chmod 777 "$H/qemu.d"
checked "a world-writable .d: each of its scripts" 1 \
    "$H/qemu.d/10-group: unsafe: its .d directory is $W1: --strict would not run it" \
    "$H/qemu.d/20-world: unsafe: its .d directory is $W1: --strict would not run it" \
    "$H/qemu.d/30-ok: unsafe: its .d directory is $W1: --strict would not run it" \
    -- -c "$S"
chmod 755 "$H/qemu.d"
chmod 775 "$H"
hookrun_in "$W" --check -c "$S"
grep -c ": unsafe: the hooks directory is $W1: " "$T/out" >"$T/n"
check "a group-writable hooks directory: every script" same_text 4 "$T/n"
chmod 755 "$H"
clean "made safe again" -c "$S"
if [ "$(id -u)" = 0 ]; then
    chown 12345 "$H/qemu.d/30-ok"
    checked "a script owned by another user" 1 \
        "$H/qemu.d/30-ok: unsafe: owned by another user than root or the caller: --strict would not run it" \
        -- -c "$S"
    chown 0 "$H/qemu.d/30-ok"
else
    echo "# not run: a script owned by another user (needs root)"
fi

# ---- what the file says -------------------------------------------------

qtree
put "$S" qemu.d/10-crlf '#!/bin/sh\r\necho a\r\n'
put "$S" qemu.d/20-crarg '#!/bin/sh -e\r\necho a\r\n'
put "$S" qemu.d/30-body '#!/bin/sh\necho a\r\necho b\necho c\r\necho d\r\n'
put "$S" qemu.d/40-one '#!/bin/sh\necho a\r\n'
put "$S" qemu.d/50-noline 'echo a\n'
put "$S" qemu.d/60-nointerp '#!/nonexistent/python4\n'
put "$S" qemu.d/70-empty ''
put "$S" qemu.d/80-bom '\357\273\277#!/bin/sh\n'
put "$S" qemu.d/90-binary '\177ELF\002\001\001\000\000\000\r\nvirsh &\n'
put "$S" qemu.d/91-data '\001\000\r\nvirsh &\n'
checked "DOS line endings and what an exec would say" 1 \
    "$H/qemu.d/10-crlf: exec: the interpreter its #! line names, \"/bin/sh\\r\", ends in a carriage return: the file has DOS line endings (dos2unix fixes it)" \
    "$H/qemu.d/20-crarg: exec: its #! line ends in a carriage return, which \"/bin/sh\" gets as part of its argument: the file has DOS line endings (dos2unix fixes it)" \
    "$H/qemu.d/30-body: crlf: line 2 ends in CR LF, a DOS line ending (and 2 more lines): the interpreter takes the CR for part of the line (dos2unix fixes it)" \
    "$H/qemu.d/40-one: crlf: line 2 ends in CR LF, a DOS line ending: the interpreter takes the CR for part of the line (dos2unix fixes it)" \
    "$H/qemu.d/50-noline: exec: it has no #! line: the daemon executes hooks directly, not through a shell; make its first line #!/bin/sh (or the interpreter it is written for)" \
    "$H/qemu.d/60-nointerp: exec: the interpreter its #! line names, \"/nonexistent/python4\", does not exist" \
    "$H/qemu.d/70-empty: exec: it is empty" \
    "$H/qemu.d/80-bom: exec: a byte order mark (bytes EF BB BF) comes before its #! line, which the system then does not see: save it without one" \
    -- -c "$S"

# A carriage return in the #! line is told once, by the exec finding,
# however long the interpreter's name (each control byte shown as \xNN)
# makes it; a file without a #! line has its CR LF lines told as well.
qtree
long=$(awk 'BEGIN { for (i = 0; i < 200; i++) printf "\\001" }')
put "$S" qemu.d/10-long "#!/$long\r\necho a\r\n"
put "$S" qemu.d/20-noline 'echo a\r\necho b\r\n'
hookrun_in "$W" --check -c "$S"
sed "s|^$H/||; s/: \([a-z-]*\): .*/ \1/" "$T/out" >"$T/kinds"
want_lines "qemu.d/10-long exec" "qemu.d/20-noline exec" \
    "qemu.d/20-noline crlf" --
check "a long interpreter name with a CR: one exec finding, no crlf" \
    same "$T/exp" "$T/kinds"

# Calls back into the daemon, in any language; not in comments, nor in
# names that only look alike.
qtree
put "$S" qemu.d/10-virsh '#!/bin/sh\n# virsh start x\nvirsh list\nvirsh dominfo "$1"\n'
put "$S" qemu.d/11-path '#!/bin/sh\nif true; then\n    /usr/bin/virsh -c qemu:///system list\nfi\n'
put "$S" qemu.d/12-install '#!/usr/bin/env bash\nx=$(virt-install --print-xml)\n'
put "$S" qemu.d/13-xml '#!/bin/sh\n  virt-xml "$1" --edit --disk cache=none\n'
put "$S" qemu.d/20-python '#!/usr/bin/env python3\n# a hook\nimport sys, libvirt\nconn = libvirt.open(None)\n'
put "$S" qemu.d/21-from '#!/usr/bin/env python3\nfrom libvirt import open\n'
put "$S" qemu.d/22-perl '#!/usr/bin/env perl\nuse strict;\nuse Sys::Virt;\n'
put "$S" qemu.d/23-ruby "#!/usr/bin/env ruby\nrequire 'libvirt'\n"
put "$S" qemu.d/24-c '#!/usr/bin/env tcc\nint main(void) { virConnectOpen(0); }\n'
put "$S" qemu.d/30-not '#!/bin/sh\n# virsh, virt-install, import libvirt\n  # virsh\nsystemctl status libvirt-guests\ncp /var/lib/libvirt/x /tmp\nvirshell x\necho "from libvirt"\n'
checked "calls back into the daemon" 1 \
    "$H/qemu.d/10-virsh: callback: line 3 uses virsh (and 1 more line): $DEADLOCK" \
    "$H/qemu.d/11-path: callback: line 3 uses virsh: $DEADLOCK" \
    "$H/qemu.d/12-install: callback: line 2 uses virt-install: $DEADLOCK" \
    "$H/qemu.d/13-xml: callback: line 2 uses virt-xml: $DEADLOCK" \
    "$H/qemu.d/20-python: callback: line 3 uses the libvirt bindings: $DEADLOCK" \
    "$H/qemu.d/21-from: callback: line 2 uses the libvirt bindings: $DEADLOCK" \
    "$H/qemu.d/22-perl: callback: line 3 uses Sys::Virt: $DEADLOCK" \
    "$H/qemu.d/23-ruby: callback: line 2 uses the libvirt bindings: $DEADLOCK" \
    "$H/qemu.d/24-c: callback: line 2 uses virConnect: $DEADLOCK" \
    -- -c "$S"

# A command left in the background on the daemon's pipes.
qtree
put "$S" qemu.d/10-bg '#!/bin/sh\nsleep 10 &\n'
put "$S" qemu.d/11-half '#!/bin/sh\nsleep 10 >/dev/null &\nsleep 10 2>/dev/null &\nsleep 10 2>&1 >/dev/null &\n'
put "$S" qemu.d/12-group '#!/usr/bin/env bash\n(\n    sleep 10\n) &   # later\n'
put "$S" qemu.d/13-pid '#!/bin/sh\nhelper & echo $! > /run/x.pid\n'
put "$S" qemu.d/14-disown '#!/bin/bash\nsleep 600 & disown\n'
put "$S" qemu.d/15-list '#!/bin/sh\ntrue && sleep 10 >/dev/null &\n'
put "$S" qemu.d/16-pipe '#!/bin/sh\nsleep 10 | logger -t x >/dev/null 2>&1 &\n'
put "$S" qemu.d/17-brace '#!/bin/sh\n{ sleep 10 >/dev/null 2>&1; } &\n'
put "$S" qemu.d/18-case '#!/bin/sh\ncase $2 in begin) sleep 10 &;; esac\n'
put "$S" qemu.d/20-ok '#!/bin/sh\nsleep 1 >/dev/null 2>&1 &\nsleep 1 >>/tmp/log 2>&1 &\nsleep 1 &>/dev/null &\nsleep 1 >&- 2>&- &\nsleep 1 1>/dev/null 2>/dev/null &\ntrue && true\necho "a &"\necho a \\&\n'
put "$S" qemu.d/21-exec '#!/bin/sh\nexec >/dev/null 2>&1\nsleep 10 &\n'
put "$S" qemu.d/23-split '#!/bin/bash\nsleep 1 >/dev/null 2>&1 & echo $! >/run/x.pid\nsleep 1 >/dev/null 2>&1 & disown\nsleep 1 2>&1 >/dev/null | logger >/dev/null 2>&1 &\n'
put "$S" qemu.d/24-exec '#!/bin/sh\nset -e; exec >/dev/null 2>&1; sleep 10 &\n'
put "$S" qemu.d/25-group '#!/bin/bash\n(sleep 1; sleep 2) >/dev/null 2>&1 &\n{ sleep 1; } >/dev/null 2>&1 &\n[ -n "$x" ] && { sleep 1 >/dev/null 2>&1 & }\n'
put "$S" qemu.d/26-words '#!/bin/bash\nx=$((3 & 1)); (( x = 3 & 1 ))\necho "a & b" '"'c | d &'"'; echo "x\n  sleep 1 &\n# y &\n"\nsleep 1 \\\n    >/dev/null 2>&1 &\n'
put "$S" qemu.d/22-python '#!/usr/bin/env python3\nx = (1 &\n     2)\n'
checked "commands left in the background" 1 \
    "$H/qemu.d/10-bg: background: line 2 $BG: $BGFIX" \
    "$H/qemu.d/11-half: background: line 2 $BG (and 2 more lines): $BGFIX" \
    "$H/qemu.d/12-group: background: line 4 $BG: $BGFIX" \
    "$H/qemu.d/13-pid: background: line 2 $BG: $BGFIX" \
    "$H/qemu.d/14-disown: background: line 2 $BG: $BGFIX" \
    "$H/qemu.d/15-list: background: line 2 $BG: $BGFIX" \
    "$H/qemu.d/16-pipe: background: line 2 $BG: $BGFIX" \
    "$H/qemu.d/17-brace: background: line 2 $BG: $BGFIX" \
    "$H/qemu.d/18-case: background: line 2 $BG: $BGFIX" \
    -- -c "$S"

# An interpreter must read the script: a user who may execute it but not
# read it cannot run it.  Root reads anything: it takes another user.
qtree
put "$S" qemu.d/10-x '#!/bin/sh\n' 311
if [ "$(id -u)" != 0 ]; then
    checked "a script the user cannot read" 1 \
        "$H/qemu.d/10-x: unreadable: user $(id -u) cannot read it (mode 0311), and the interpreter of a script must" \
        -- -c "$S"
elif command -v setpriv >/dev/null 2>&1; then
    chown -R 12345 "$H"
    chmod 755 "$T"      # setpriv's user must reach the tree
    novg "valgrind's logs are not for uid 12345 to write"
    (cd "$W" && "$TLIMIT" -t 60 setpriv --reuid=12345 --regid=12345 \
        --clear-groups "$HOOKRUN" --check -c "$S") >"$T/out" 2>"$T/err"
    rc=$?
    chmod 700 "$T"
    chown -R 0 "$H"
    want_lines "$H/qemu.d/10-x: unreadable: user 12345 cannot read it (mode 0311), and the interpreter of a script must" --
    check "a script the user cannot read: exit status 1" is "$rc" 1
    check "a script the user cannot read: the findings" same "$T/exp" \
        "$T/out"
    novg_end
else
    echo "# not run: a script the user cannot read (needs setpriv as root)"
    echo "# not run: a script the user cannot read (2) (needs setpriv as root)"
fi

# ---- names that no driver has -------------------------------------------

S=$(tree)
H=$S/libvirt/hooks
put "$S" qemu.sh '#!/bin/sh\n'
put "$S" Lxc '#!/bin/sh\n'
put "$S" netwrok '#!/bin/sh\n'
mkdir "$H/network.d.bak" "$H/kvm"
put "$S" daemon.d '#!/bin/sh\n' 644
put "$S" README 'text\n' 644
mkdir "$H/lib"
checked "names that no driver has" 1 \
    "$H/daemon.d: not-regular: not a directory, so the daemon runs none of its scripts" \
    "$H/kvm: not-a-hook: $NOHOOK (did you mean qemu.d/?)" \
    "$H/qemu.sh: not-a-hook: $NOHOOK (did you mean qemu?)" \
    "$H/Lxc: not-a-hook: $NOHOOK (did you mean lxc?)" \
    "$H/network.d.bak: not-a-hook: $NOHOOK (did you mean network.d/?)" \
    "$H/netwrok: not-a-hook: $NOHOOK (did you mean network?)" \
    -- -c "$S"
want_lines "hookrun: $H/README: not a hook: $NOHOOK" \
    "hookrun: $H/lib: not a hook: $NOHOOK" --
check "names that no driver has: a note for those meant for none" \
    same "$T/exp" "$T/err"
checked "names meant for one driver, with DRIVER" 1 \
    "$H/Lxc: not-a-hook: $NOHOOK (did you mean lxc?)" -- -c "$S" lxc
check "... and no note about the others" test ! -s "$T/err"

# Beside the hook it copies, a name is harmless: a note.
S=$(tree)
H=$S/libvirt/hooks
put "$S" qemu '#!/bin/sh\n'
put "$S" qemu.bak '#!/bin/sh\n'
hookrun_in "$W" --check -c "$S"
check "a copy beside its hook: exit 0, nothing on stdout" sh -c \
    '[ "$1" -eq 0 ] && [ ! -s "$2" ]' - "$rc" "$T/out"
check "a copy beside its hook: a note" same_text \
    "hookrun: $H/qemu.bak: not a hook: the daemon runs qemu, not this" \
    "$T/err"

# ---- one driver, the order, the escapes ---------------------------------

qtree
put "$S" daemon 'echo a\n'
put "$S" qemu '#!/bin/sh\nvirsh list\n'
put "$S" qemu.d/20-b '#!/bin/sh\nsleep 9 &\n' 775
put "$S" qemu.d/10-a '#!/bin/sh\r\n'
put "$S" 'qemu.d/a
b' 'x\n' 644
put "$S" lxc '#!/bin/sh\n' 600
put "$S" network.sh '#!/bin/sh\n'
NOLINE="it has no #! line: the daemon executes hooks directly, not through a shell; make its first line #!/bin/sh (or the interpreter it is written for)"
checked "several mistakes: in run order, driver by driver" 1 \
    "$H/daemon: exec: $NOLINE" \
    "$H/qemu: callback: line 2 uses virsh: $DEADLOCK" \
    "$H/qemu.d/10-a: exec: the interpreter its #! line names, \"/bin/sh\\r\", ends in a carriage return: the file has DOS line endings (dos2unix fixes it)" \
    "$H/qemu.d/20-b: unsafe: $W1: --strict would not run it" \
    "$H/qemu.d/20-b: background: line 2 $BG: $BGFIX" \
    "$H/qemu.d/a\\nb: not-executable: not executable; $SKIPS" \
    "$H/lxc: not-executable: not executable; $SKIPS" \
    "$H/network.sh: not-a-hook: $NOHOOK (did you mean network?)" \
    -- -c "$S"
checked "DRIVER: that driver's alone" 1 \
    "$H/qemu: callback: line 2 uses virsh: $DEADLOCK" \
    "$H/qemu.d/10-a: exec: the interpreter its #! line names, \"/bin/sh\\r\", ends in a carriage return: the file has DOS line endings (dos2unix fixes it)" \
    "$H/qemu.d/20-b: unsafe: $W1: --strict would not run it" \
    "$H/qemu.d/20-b: background: line 2 $BG: $BGFIX" \
    "$H/qemu.d/a\\nb: not-executable: not executable; $SKIPS" \
    -- -c "$S" qemu
clean "DRIVER without a finding" -c "$S" libxl
clean "--strict changes nothing for --check" -c "$S" --strict libxl

# ---- usage errors -------------------------------------------------------

# refused TITLE MESSAGE ARG...: exit status 2, stderr MESSAGE and the
# pointer to --help.
refused() {
    title=$1 msg=$2
    shift 2
    hookrun_in "$W" -c "$S" ${1+"$@"}
    printf '%s\n' "hookrun: $msg" "Try 'hookrun --help'." >"$T/exp"
    check "$title: exit status 2" is "$rc" 2
    check "$title: the message" same "$T/exp" "$T/err"
}
refused "--check with -l" "--check and --list exclude each other" \
    --check -l
refused "--check with --lifecycle" \
    "--check and --lifecycle exclude each other" --check --lifecycle qemu
for opt in "-i /dev/null" -o -v -F -n --any-op; do
    # shellcheck disable=SC2086  # the option and its value are words
    refused "--check with $opt" \
        "--check runs nothing: no -i, -o, -v, -F, -n or --any-op" \
        --check $opt
done
refused "--check with two operands" \
    "--check takes one operand at most: DRIVER" --check qemu vm
refused "--check with an unknown driver" \
    "unknown driver 'xen' (known: daemon qemu lxc network libxl bhyve)" \
    --check xen

finish
