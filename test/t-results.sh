# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# How a call ends: each kind of result, its code, the daemon-style message
# with the script's stderr, and hookrun's exit status for it.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
SC=$(newsc)
Q=$SC/libvirt/hooks/qemu
HEAD="hookrun: hook $Q test start begin -"

# api_result SC: apitest's view of the qemu hook; sets $T/api.
api_result() {
    (cd "$W" && "$TLIMIT" -t 120 "$APITEST" call "$1" qemu test start begin -) >"$T/api" 2>&1
}

script "$SC" qemu 'echo "Could not find required XYZZY" >&2; exit 1'
hookrun_in "$W" -c "$SC" qemu test start begin -
check "exit 1: hookrun exits 1" is "$rc" 1
check "exit 1: message is command line, status, stderr" same_text \
    "$HEAD: exit status 1: Could not find required XYZZY" "$T/err"
api_result "$SC"
check "exit 1: HOOKS_EXITED, code 1" contains "$T/api" "status=exited code=1"

script "$SC" qemu 'exit 7'
hookrun_in "$W" -c "$SC" qemu test start begin -
check "exit 7, no stderr: message ends after the status" same_text \
    "$HEAD: exit status 7" "$T/err"
check "exit 7: hookrun exits 1" is "$rc" 1

# 126 and 127 from the script itself are plain exit statuses: an exec
# failure is known from the child's errno report, not guessed.
for n in 126 127; do
    script "$SC" qemu "exit $n"
    api_result "$SC"
    check "script's own exit $n: HOOKS_EXITED, not an exec failure" \
        contains "$T/api" "status=exited code=$n"
done

script "$SC" qemu 'echo going >&2; kill -TERM $$'
hookrun_in "$W" -c "$SC" qemu test start begin -
check "killed by SIGTERM: hookrun exits 1" is "$rc" 1
check "killed by SIGTERM: message names the signal, then stderr" same_text \
    "$HEAD: fatal signal 15: going" "$T/err"
api_result "$SC"
check "killed by SIGTERM: HOOKS_SIGNALED, code 15" contains "$T/api" \
    "status=signaled code=15"

script "$SC" qemu 'kill -KILL $$'
api_result "$SC"
check "killed by SIGKILL: HOOKS_SIGNALED, code 9" contains "$T/api" \
    "status=signaled code=9"

# exec failures: the errno comes back from the child.
printf '#!/nonexistent/interpreter\n' >"$Q"
chmod 755 "$Q"
novg "valgrind kills a child whose execve fails"
hookrun_in "$W" -c "$SC" qemu test start begin -
check "missing interpreter: hookrun exits 1" is "$rc" 1
want_lines "$HEAD: cannot execute: $(errtext ENOENT)" \
    "hookrun: $Q: the interpreter its #! line names, \"/nonexistent/interpreter\", does not exist" --
check "missing interpreter: cannot execute, with strerror(ENOENT), and why" \
    same "$T/exp" "$T/err"
api_result "$SC"
check "missing interpreter: HOOKS_EXEC_FAILED with errno" contains "$T/api" \
    "status=exec-failed code=2"
novg_end

printf 'echo no shebang\n' >"$Q"
chmod 755 "$Q"
novg "valgrind runs posix_spawn's child as a fork and loses its exec errno"
hookrun_in "$W" -c "$SC" qemu test start begin -
want_lines "$HEAD: cannot execute: $(errtext ENOEXEC)" \
    "hookrun: $Q: it has no #! line: the daemon executes hooks directly, not through a shell; make its first line #!/bin/sh (or the interpreter it is written for)" --
check "no shebang: execve's ENOEXEC, no shell fallback, and why" \
    same "$T/exp" "$T/err"
api_result "$SC"
check "no shebang: HOOKS_EXEC_FAILED" contains "$T/api" "status=exec-failed"
novg_end

# stderr: all of it, verbatim, trailing newlines dropped from the message;
# stdout never in the message.
script "$SC" qemu 'echo to-stdout; printf "line one\nline two\n\n" >&2; exit 3'
hookrun_in "$W" -c "$SC" qemu test start begin -
printf '%s\n' "$HEAD: exit status 3: line one" "hookrun: line two" >"$T/exp"
check "multi-line stderr kept, each line marked, trailing newlines dropped" \
    same "$T/exp" "$T/err"
check "stdout never part of the message" test ! -s "$T/out"

script "$SC" qemu 'echo chatter >&2; echo more; exit 0'
hookrun_in "$W" -c "$SC" qemu test start begin -
check "success: hookrun exits 0" is "$rc" 0
check "success: hookrun prints nothing" test ! -s "$T/err" -a ! -s "$T/out"

# Internal errors: the host cannot make its pipes.
script "$SC" qemu 'exit 0'
mkdir -p "$SC/libvirt/hooks/qemu.d"
check "fd limit hit at each step (stdin pipe, /dev/null, pipes; both paths; a scan): HOOKS_INTERNAL, EMFILE, named, nothing leaked" \
    "$TLIMIT" -t 120 "$APITEST" emfile "$SC"
hookrun_in "$W" -c "$SC" qemu test start begin -
(cd "$W" && "$TLIMIT" -n 5 "$HOOKRUN" -c "$SC" qemu test start begin -) \
    >"$T/out" 2>"$T/err"
rc=$?
check "pipe() failing: hookrun exits 3" is "$rc" 3
check "pipe() failing: hookrun says internal error" contains "$T/err" \
    "$HEAD: internal error: pipe: $(errtext EMFILE)"

# A host that ignores SIGCHLD cannot learn an exit status (the kernel reaps
# the child): refused before anything runs, not reported as success.
script "$SC" qemu "$(printf 'touch %s/ran\nexit 1' "$W")"
(cd "$W" && "$TLIMIT" -g CHLD "$HOOKRUN" -c "$SC" qemu test start begin -) \
    >"$T/out" 2>"$T/errall"
rc=$?
split_notes
check "host ignoring SIGCHLD: hookrun exits 3" is "$rc" 3
check "host ignoring SIGCHLD: says why" same_text \
    "$HEAD: internal error: SIGCHLD is ignored by the host: $(errtext ECHILD)" \
    "$T/err"
check "host ignoring SIGCHLD: the script never ran" test ! -e "$W/ran"

hookrun_in "$W" -c "$SC" -i "$T/no-such-file" qemu test start begin -
check "unreadable --input: hookrun exits 3" is "$rc" 3
check "unreadable --input: says which file" contains "$T/err" \
    "hookrun: cannot read '$T/no-such-file'"

finish
