# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# A child that cannot harm its parent, nor inherit from it what it should
# not: fds, ignored or blocked signals.  And arguments with odd bytes,
# passed without any shell.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
SC=$(newsc)
probe "$SC" qemu
XML=$FIXTURES/qemu-prepare.xml
printf '%s\n' '0 fifo r' '1 fifo w' '2 fifo w' >"$T/fds.expected"
printf '%s\n' 'blocked:' 'ignored:' >"$T/sig.expected"

# as_host TLIMIT-OPTION...: a host in that state runs the probe on the XML
# (hookrun's stderr, its notes, kept out of the TAP).
as_host() {
    (cd "$W" && "$TLIMIT" "$@" "$HOOKRUN" $FORK_OPT -c "$SC" -i "$XML" \
        qemu test start begin -) 2>"$T/err"
}

# Extra fds in the host: inherited ones (without close-on-exec), one far up.
exec 7<"$XML"
as_host -f 5 -f 9 -f 300
exec 7<&-
check "host with fds 5, 7, 9, 300 open: script sees only 0, 1, 2" \
    same "$T/fds.expected" "$W/qemu.fds"

# An fd above the soft RLIMIT_NOFILE: opened, then the limit lowered.
# valgrind keeps its own fds at the top of that limit and will not close
# what lies above it for its guest.
novg "valgrind leaves fds above the soft limit to the child"
as_host -f 1500 -n 1024
check "host with fd 1500 open above its soft fd limit 1024: script 0-2 only" \
    same "$T/fds.expected" "$W/qemu.fds"
novg_end

# The host's own pipe ends, as the kernel shows them while the script
# runs: every one non-blocking (stdin's write end, the read ends of stdout
# and stderr, and the fork path's exec-errno pipe), or a read could wait
# past the deadline for bytes that someone else took.  The host's pipes
# are those of hookrun that its parent (tlimit) does not have too; 1 MiB
# of input keeps stdin's open until the script reads it.
if [ -r /proc/self/fdinfo/0 ]; then
    novg "valgrind holds pipes of its own in the host"
    NB=$(newsc)
    script "$NB" qemu 'pipes() {
    for f in /proc/$1/fd/*; do
        case $(readlink "$f") in pipe:*) echo "${f##*/} $(readlink "$f")" ;; esac
    done
}
gp=$(sed "s/.*) //" /proc/$PPID/stat | cut -d" " -f2)
pipes "$gp" | cut -d" " -f2 >"$PWD/nb.gp"
pipes "$PPID" | while read -r n ino; do
    grep -qxF "$ino" "$PWD/nb.gp" && continue
    v=$(sed -n "s/^flags:[[:space:]]*//p" "/proc/$PPID/fdinfo/$n")
    if [ $((0$v & 04000)) -ne 0 ]; then echo nonblock; else echo "$ino blocking"; fi
done >"$PWD/nb.out"
cat >/dev/null'
    dd if=/dev/zero bs=1024 count=1024 2>/dev/null >"$T/nb.in"
    (cd "$W" && "$TLIMIT" -t 60 "$HOOKRUN" $FORK_OPT -c "$NB" -i "$T/nb.in" \
        qemu test start begin -) 2>"$T/err"
    case $FORK_OPT/$("$APITEST" features) in
    /*posix_spawn*) want=3 ;;      # posix_spawn reports an exec failure
    *) want=4 ;;
    esac
    : >"$T/nb.exp"
    i=0
    while [ $i -lt $want ]; do echo nonblock >>"$T/nb.exp"; i=$((i + 1)); done
    check "the host's $want pipe ends are non-blocking (/proc/PID/fdinfo)" \
        same "$T/nb.exp" "$W/nb.out"
    novg_end
else
    echo "# not run: the host's pipe ends' flags (no /proc/PID/fdinfo here)"
fi

# Ignored signals in the host, SIGPIPE first (a daemon ignores it).
as_host -g PIPE -g HUP -g USR1 -g INT -g QUIT
check "host ignoring PIPE HUP USR1 INT QUIT: script ignores nothing" \
    same "$T/sig.expected" "$W/qemu.sig"
as_host -g RTMIN -g RTMAX -b RTMAX
check "host ignoring and blocking real-time signals: script neither" \
    same "$T/sig.expected" "$W/qemu.sig"

# The C library's own signals, 32 and 33 on glibc, 32 to 34 on musl: no
# POSIX call can reset them (glibc refuses them to sigaction), so builds
# with the Linux paths reset them where the kernel takes them.  The
# probe reads the kernel's view (/proc/self/status), not the library's.
if [ "$(uname -s)" = Linux ] && [ -z "${PORTABLE:-}" ]; then
    as_host -g 32 -g 33 -g 34
    check "host ignoring signals 32, 33, 34 (the libc's own): script none" \
        same "$T/sig.expected" "$W/qemu.sig"
fi

(trap '' PIPE; cd "$W" && "$TLIMIT" -t 60 "$HOOKRUN" $FORK_OPT -c "$SC" \
    -i "$XML" qemu test start begin -) 2>"$T/err"
check "host shell with trap '' PIPE: script ignores nothing" \
    same "$T/sig.expected" "$W/qemu.sig"

# Blocked signals in the host.
as_host -b TERM -b USR1 -b CHLD -b PIPE -b HUP
check "host blocking TERM USR1 CHLD PIPE HUP: script blocks nothing" \
    same "$T/sig.expected" "$W/qemu.sig"

# Blocked and ignored SIGPIPE while the script leaves 8 MiB unread: the
# host neither dies nor keeps a pending SIGPIPE of ours.
dd if=/dev/zero bs=1048576 count=8 2>/dev/null >"$T/big"
SC2=$(newsc)
script "$SC2" qemu 'exit 0'
for how in "-b PIPE" "-g PIPE" "-b PIPE -g PIPE"; do
    # shellcheck disable=SC2086
    (cd "$W" && "$TLIMIT" $how "$HOOKRUN" $FORK_OPT -c "$SC2" -i "$T/big" \
        qemu test start begin -) 2>"$T/err"
    check "host with $how, unread stdin: success" is "$?" 0
done

# A host started with 0, 1 and 2 closed: pipe() hands out those numbers,
# and they must not end up crossed in the child.
(cd "$W" && "$TLIMIT" -t 60 "$HOOKRUN" $FORK_OPT -c "$SC" -i "$XML" qemu test start begin - \
    <&- >&- 2>&-)
check "host with fds 0-2 closed: script's 0-2 are its pipes" \
    same "$T/fds.expected" "$W/qemu.fds"
check "host with fds 0-2 closed: stdin byte-exact" same "$XML" "$W/qemu.stdin"
(cd "$W" && "$TLIMIT" -t 60 "$HOOKRUN" $FORK_OPT -c "$SC" qemu test start begin - <&- >&- 2>&-)
printf '%s\n' '0 null rw' '1 fifo w' '2 fifo w' >"$T/fds0.expected"
check "host with fds 0-2 closed, no input: stdin /dev/null" \
    same "$T/fds0.expected" "$W/qemu.fds"

# A host whose next fds are numbered 100 and up: the clone path's child
# shares the host's fd table, leaves it for an empty one of its own and
# opens its three ends again through /proc/PID/task/TID/fd (hooks.c,
# section 6).
# With a deadline it leads a group of its own, set up on the same path.
rm -f "$W/qemu.fds" "$W/qemu.stdin"
(cd "$W" && "$TLIMIT" -F 100 "$HOOKRUN" $FORK_OPT -t 30 -c "$SC" -i "$XML" \
    qemu test start begin -) 2>"$T/err"
check "host with fds 3-99 open: success" is "$?" 0
check "host with fds 3-99 open: script sees only 0, 1, 2" \
    same "$T/fds.expected" "$W/qemu.fds"
check "host with fds 3-99 open: stdin byte-exact" same "$XML" "$W/qemu.stdin"
rm -f "$W/qemu.fds"
(cd "$W" && "$TLIMIT" -F 100 "$HOOKRUN" $FORK_OPT -c "$SC" \
    qemu test start begin -) 2>"$T/err"
check "host with fds 3-99 open, no input: stdin /dev/null, read-write" \
    same "$T/fds0.expected" "$W/qemu.fds"
# A script that cannot be executed (no #! line): here, and below from a
# small host.
SC3=$(newsc)
printf 'echo no interpreter line\n' >"$SC3/libvirt/hooks/qemu"
chmod 755 "$SC3/libvirt/hooks/qemu"
novg "valgrind runs the clone path's child as a fork and loses its exec errno"
(cd "$W" && "$TLIMIT" -F 100 "$HOOKRUN" $FORK_OPT -c "$SC3" \
    qemu test start begin -) 2>"$T/err"
check "host with fds 3-99 open, no #! line: the exec's errno" contains \
    "$T/err" "cannot execute: $(errtext ENOEXEC)"
novg_end

# The same where the child cannot open /proc/PID/fd/N (no /proc, a host
# that is not dumpable): the call starts the script with posix_spawn
# instead.  A mount over the host's own /proc/PID hides it; strace shows
# the child that tried and the one that ran.
# The build under test says whether it has the clone path (not under
# ThreadSanitizer), not the plain one beside it ($APITEST_NV).
case $("$APITEST" features 2>/dev/null) in
*clone*) clonepath=${FORK_OPT:-yes} ;;
*) clonepath= ;;
esac
# Not under make check-asan: ASan reads its options from /proc/self,
# which these hosts hide or close, and its leak check cannot run under
# strace, in the host or (without ASAN_OPTIONS) in the script.
if [ "$clonepath" = yes ] && [ -z "${UNDER_ASAN:-}" ] \
   && unshare -rm true 2>/dev/null; then
    E=$(newdir)
    hide='mount --bind "$0" /proc/$$ && exec "$@"'
    tracer=
    if command -v strace >/dev/null 2>&1 && [ -z "${UNDER_VALGRIND:-}" ]; then
        tracer="strace -f -qq -o $T/trace -e trace=clone,clone3,openat"
    fi
    novg "valgrind reads /proc/self/maps, which the mount hides"
    rm -f "$W/qemu.fds" "$W/qemu.stdin"
    # shellcheck disable=SC2086  # tracer: empty, or a command's words
    (cd "$W" && $tracer "$TLIMIT" -F 100 unshare -rm sh -c "$hide" "$E" \
        "$HOOKRUN" -c "$SC" -i "$XML" qemu test start begin -) 2>"$T/err"
    check "host with fds 3-99, /proc/PID hidden: success" is "$?" 0
    check "host with fds 3-99, /proc/PID hidden: script sees only 0, 1, 2" \
        same "$T/fds.expected" "$W/qemu.fds"
    check "host with fds 3-99, /proc/PID hidden: stdin byte-exact" \
        same "$XML" "$W/qemu.stdin"
    novg_end
    if [ -n "$tracer" ]; then
        grep -c 'CLONE_VM|CLONE_FILES|CLONE_VFORK' "$T/trace" >"$T/n.shared"
        grep -c 'openat(.*"/proc/[0-9]*/task/[0-9]*/fd/[0-9]*".* ENOENT' "$T/trace" \
            >"$T/n.enoent"
        grep -c 'clone3\{0,1\}(.*CLONE_VM|CLONE_VFORK[^|]' "$T/trace" \
            >"$T/n.spawn"
        check "/proc/PID hidden: one clone child shared the fd table (strace)" \
            is "$(cat "$T/n.shared")" 1
        check "/proc/PID hidden: its open of /proc/PID/fd/N failed (strace)" \
            is "$(cat "$T/n.enoent")" 1
        check "/proc/PID hidden: posix_spawn's child ran the script (strace)" \
            is "$(cat "$T/n.spawn")" 1
    else
        echo "# not run: which child ran, by strace (no strace, or valgrind)"
    fi
    # A host in a pid namespace of its own under the /proc of its parent's:
    # its getpid() is 1, which names that /proc's init; /proc/self names
    # the host, and the child reopens its ends there.
    if [ -n "$tracer" ] && unshare -rpf true 2>/dev/null; then
        rm -f "$W/qemu.fds" "$W/qemu.stdin"
        # shellcheck disable=SC2086  # tracer: a command's words
        (cd "$W" && $tracer "$TLIMIT" -F 100 unshare -rpf \
            "$HOOKRUN" -c "$SC" -i "$XML" qemu test start begin -) 2>"$T/err"
        check "pid namespace, outer /proc: success" is "$?" 0
        check "pid namespace, outer /proc: script sees only 0, 1, 2" \
            same "$T/fds.expected" "$W/qemu.fds"
        check "pid namespace, outer /proc: stdin byte-exact" \
            same "$XML" "$W/qemu.stdin"
        grep -c 'openat(.*"/proc/[0-9]*/task/[0-9]*/fd/[0-9]*", O_[A-Z_|]*) = [012]$' \
            "$T/trace" >"$T/n.open"
        check "pid namespace, outer /proc: the ends reopened there (strace)" \
            is "$(cat "$T/n.open")" 3
    else
        echo "# not run: a pid namespace's host (no strace or unshare -rpf)"
    fi
    # No /proc at all (a tmpfs over it): the child does not share.
    novg "valgrind needs /proc"
    rm -f "$W/qemu.stdin"
    (cd "$W" && "$TLIMIT" -F 100 unshare -rm sh -c 'mount -t tmpfs none /proc &&
        exec "$@"' sh "$HOOKRUN" -c "$SC" -i "$XML" qemu test start begin -) \
        2>"$T/err"
    check "no /proc, fds 3-99 open: success" is "$?" 0
    check "no /proc, fds 3-99 open: stdin byte-exact" same "$XML" \
        "$W/qemu.stdin"
    novg_end
    # A host neither dumpable nor root (a daemon that dropped root):
    # /proc/PID/fd is closed to its children, so the clone child does not
    # share the fd table, and no child is started in vain.
    ND=$(newsc)
    cp "$HOOKCAT" "$ND/libvirt/hooks/qemu"
    if [ "$(id -u)" -eq 0 ] && chmod 755 "$T" "$ND" \
       && "$TLIMIT" -t 60 -u 65534 "$APITEST_NV" version >/dev/null 2>&1; then
        # shellcheck disable=SC2086  # tracer: empty, or a command's words
        (cd "$ND" && $tracer "$TLIMIT" -t 60 -F 100 -u 65534 "$APITEST_NV" nodump \
            "$ND") >"$T/out" 2>&1
        rc=$?
        chmod 700 "$T"
        check "uid 65534, not dumpable, fds 3-99 open: the call goes through" \
            is "$rc" 0
        if [ -n "$tracer" ]; then
            grep -c 'CLONE_VM|CLONE_FILES|CLONE_VFORK' "$T/trace" >"$T/n.shared"
            check "uid 65534, not dumpable: no child shares the fd table (strace)" \
                is "$(cat "$T/n.shared")" 0
        fi
    else
        chmod 700 "$T"
        echo "# not run: a host as uid 65534 (not root, or it cannot reach apitest)"
    fi
else
    echo "# not run: the clone path's fallback (a build or path without it,"
    echo "# ASan's, or unshare -rm refused)"
fi

# The calling thread's side of the clone child: its stack lies in the
# call's frame, so a thread with a small stack (glibc's least, 16 KiB on
# x86: a guard page below it) must still do; a thread whose fd table is
# its own (unshare) must have its own fds reopened, not the main
# thread's, which here are a FIFO no one reads; and a signal sent to the
# host's group before the script left it must not reach the script.
FC=$(newsc)
cp "$HOOKCAT" "$FC/libvirt/hooks/qemu"
if [ -n "${UNDER_ASAN:-}" ]; then
    echo "# not run: a call from a 16 KiB stack (ASan's frames are larger)"
else
    (cd "$W" && "$TLIMIT" -t 60 "$APITEST" smallstack "$FC" 16384) >"$T/out"
    check "a call from a thread with a 16 KiB stack" is "$?" 0
fi
if [ "$(uname -s)" = Linux ]; then
    (cd "$W" && "$TLIMIT" -t 30 "$APITEST" ownfds "$FC") >"$T/out"
    check "a call from a thread with an fd table of its own, fds 100 and up" \
        is "$?" 0
else
    echo "# not run: a thread with an fd table of its own (Linux's unshare)"
fi
case $clonepath,$("$APITEST" features 2>/dev/null) in
,*posix_spawn*)
    echo "# not run: the host's group's signals (glibc's posix_spawn child"
    echo "# cannot drop them)" ;;
*)
    # valgrind holds the signals sent to a program in a queue of its own,
    # where rt_sigtimedwait() in the child does not find them.
    novg "valgrind queues the child's pending signals itself"
    n=300
    [ -n "${UNDER_ASAN:-}" ] && n=30
    (cd "$W" && "$TLIMIT" -t 120 "$APITEST" groupsig "$FC" "$n") >"$T/out"
    check "$n calls, own group, host's group sent SIGUSR2: none reached a script" \
        is "$?" 0
    novg_end ;;
esac

# A library the host preloads may wrap what a child would call; here
# each wrapper (test/preload.c: execve, dup2, dup3, open, openat,
# setpgid, sigprocmask, _exit) first takes 64 KiB of stack.  The clone
# child, on a few KiB of its parent's stack, must call none of them.
if [ "$(uname -s)" = Linux ] && [ -z "${UNDER_TSAN:-}${UNDER_ASAN:-}" ]; then
    novg "valgrind runs the clone child as a fork"
    pre="LD_PRELOAD=$TESTBIN/preload.so"
    for fill in 0 100; do
        rm -f "$W/qemu.fds" "$W/qemu.stdin"
        # shellcheck disable=SC2086  # FORK_OPT: empty, or one word
        (cd "$W" && env "$pre" "$TLIMIT" -t 60 -F $fill "$HOOKRUN" \
            $FORK_OPT -c "$SC" -i "$XML" qemu test start begin -) 2>"$T/err"
        what="host preloading stack-hungry wrappers"
        [ $fill -eq 0 ] || what="$what, fds 3-99 open"
        check "$what: success" is "$?" 0
        check "$what: script sees only 0, 1, 2" same "$T/fds.expected" \
            "$W/qemu.fds"
        check "$what: stdin byte-exact" same "$XML" "$W/qemu.stdin"
    done
    novg_end
else
    echo "# not run: preloaded wrappers (not Linux, or a sanitizer's runtime,"
    echo "# which a preloaded library would come before)"
fi

# A script that cannot be executed: its errno comes back, on this path
# (the clone child's, posix_spawn's own, or the fork child's report pipe).
novg "valgrind runs posix_spawn's child as a fork and loses its exec errno"
(cd "$W" && "$TLIMIT" -t 60 "$HOOKRUN" $FORK_OPT -c "$SC3" \
    qemu test start begin -) 2>"$T/err"
check "no #! line: exit status 1" is "$?" 1
check "no #! line: the exec's errno, not an exit status 127" contains \
    "$T/err" "cannot execute: $(errtext ENOEXEC)"
novg_end

# umask and working directory are the host's.
(umask 027 && cd "$W" && "$TLIMIT" -t 60 "$HOOKRUN" $FORK_OPT -c "$SC" \
    qemu test start begin -) 2>"$T/err"
printf '%s\n' "umask 027" "cwd $W" >"$T/proc.expected"
check "umask and working directory are the host's" \
    same "$T/proc.expected" "$W/qemu.proc"

# Arguments reach the script byte for byte: no shell ever sees them.
nl='
'
tab=$(printf '\t')
(cd "$W" && "$TLIMIT" -t 60 "$HOOKRUN" $FORK_OPT -c "$SC" --any-op -- qemu "a b  c${tab}d" "it's \"q\" \$HOME \`id\` *" \
    "-rf${nl}second line" "café ☃ \\back\\slash ;|&<>") 2>"$T/err"
printf '%s\n' "$SC/libvirt/hooks/qemu" 'a b  c\x09d' \
    "it's \"q\" \$HOME \`id\` *" '-rf\x0asecond line' \
    'caf\xc3\xa9 \xe2\x98\x83 \\back\\slash ;|&<>' >"$T/argv.expected"
check "odd bytes in arguments: byte-exact (spaces, quotes, \$, newline, UTF-8)" \
    same "$T/argv.expected" "$W/qemu.argv"
(cd "$W" && "$TLIMIT" -t 60 "$HOOKRUN" $FORK_OPT -c "$SC" --any-op -- \
    qemu -x -- --y -) 2>"$T/err"
printf '%s\n' "$SC/libvirt/hooks/qemu" -x -- --y - >"$T/argv.expected"
check "arguments that look like options, after --" \
    same "$T/argv.expected" "$W/qemu.argv"

finish
