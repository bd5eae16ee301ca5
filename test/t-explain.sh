# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# A script that cannot be executed: after the failure message, whose
# strerror() alone says little ("No such file or directory" for a file
# that is there), hookrun says why, in hooks_exec_explain()'s words.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
SC=$(newsc)
Q=$SC/libvirt/hooks/qemu
CRLF="the interpreter its #! line names, \"/bin/sh\\r\", ends in a carriage\
 return: the file has DOS line endings (dos2unix fixes it)"

# explained ERRNAME WHY: $T/err is the failure message (its wording is
# t-results.sh's to test), which names strerror(ERRNAME), then exactly the
# line "hookrun: $Q: WHY".
explained() {
    sed '$d' "$T/err" >"$T/msg"
    tail -n 1 "$T/err" >"$T/why"
    contains "$T/msg" "$Q vm start begin -: cannot execute: $(errtext "$1")" &&
        same_text "hookrun: $Q: $2" "$T/why"
}

novg "valgrind kills a child whose execve fails"

# DOS line endings: the kernel looks for an interpreter "/bin/sh\r".
printf '#!/bin/sh\r\necho hi\r\n' >"$Q"
chmod 755 "$Q"
hookrun_in "$W" -c "$SC" qemu vm start begin -
crlf() { is "$rc" 1 && explained ENOENT "$CRLF"; }
check "CRLF: exit 1, the failure, then why: DOS line endings" crlf

# A byte order mark hides the #! line: ENOEXEC.
printf '\357\273\277#!/bin/sh\necho hi\n' >"$Q"
hookrun_in "$W" -c "$SC" qemu vm start begin -
check "byte order mark: the failure, then why" explained ENOEXEC \
    "a byte order mark (bytes EF BB BF) comes before its #! line, which the\
 system then does not see: save it without one"

# A #! line whose interpreter is not executable.
: >"$W/notexec"
chmod 644 "$W/notexec"
printf '#!%s\n' "$W/notexec" >"$Q"
hookrun_in "$W" -c "$SC" qemu vm start begin -
check "interpreter not executable: the failure, then why" explained EACCES \
    "the interpreter its #! line names, \"$W/notexec\", is not an\
 executable file"

# Two scripts that cannot run: the message names both, then each one's
# reason follows, in run order; one that runs and fails gets none.
mkdir -p "$SC/libvirt/hooks/qemu.d"
printf '#!/bin/sh\r\n' >"$Q"
printf 'echo no shebang\n' >"$Q.d/10-plain"
printf '#!/bin/sh\necho refused >&2; exit 1\n' >"$Q.d/20-fails"
chmod 755 "$Q" "$Q.d/10-plain" "$Q.d/20-fails"
hookrun_in "$W" -c "$SC" qemu vm start begin -
want_lines "hookrun: $Q: $CRLF" \
    "hookrun: $Q.d/10-plain: it has no #! line: the daemon executes hooks\
 directly, not through a shell; make its first line #!/bin/sh (or the\
 interpreter it is written for)" --
tail -n 2 "$T/err" >"$T/why"
check "three failures: the two reasons last, in run order" \
    same "$T/exp" "$T/why"
check "three failures: the message, naming the three, comes first" \
    sh -c 'sed "\$d" "$1" | sed "\$d" >"$1.msg" &&
           grep -q "$2 vm start begin -: cannot execute" "$1.msg" &&
           grep -q "$2.d/10-plain vm start begin -: cannot execute" "$1.msg" &&
           grep -q "$2.d/20-fails vm start begin -: exit status 1" "$1.msg"' \
    - "$T/err" "$Q"
rm -r "$Q.d"

# In a lifecycle, each call's failure gets its reason.
hookrun_in "$W" -c "$SC" --lifecycle qemu vm stop
check "--lifecycle: the reason after each call's failure" \
    sh -c '[ "$(grep -c -F -x "hookrun: $2: $3" "$1")" = 2 ]' - "$T/err" \
    "$Q" "$CRLF"
novg_end

finish
