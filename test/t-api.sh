# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# The library in a long-lived host: many calls with nothing left behind,
# threads, signals, the host's own children, and bad arguments.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
SC=$(newsc)
cp "$HOOKCAT" "$SC/libvirt/hooks/qemu"

# PORTABLE=1 builds must really leave the fast paths out, and Linux
# builds must really take them: pipe2 always, clone and posix_spawn with
# glibc 2.34 or later (musl has no close-every-fd file action).
if [ -n "${PORTABLE:-}" ] || [ "$(uname -s)" != Linux ]; then
    want=portable
elif ldd "$APITEST_NV" 2>/dev/null | grep -q 'libc\.so\.6 =>' \
     && getconf GNU_LIBC_VERSION 2>/dev/null \
        | awk '{ split($2, v, "."); exit !(v[1] > 2 || v[2] >= 34) }'; then
    want="pipe2 clone posix_spawn"
    # ThreadSanitizer takes clone() for a fork: no clone path under it
    [ -n "${UNDER_TSAN:-}" ] && want="pipe2 posix_spawn"
else
    want=pipe2
fi
[ "${WITH_LIBXML2:-}" = 1 ] && want="$want libxml2"
"$TLIMIT" -t 120 "$APITEST" features >"$T/features"
check "hooks_features() is '$want' in this build" same_text "$want" \
    "$T/features"

# The scan is cached: a call to a driver with no hook makes no system call
# at all.  Strict seccomp, which proves it, is Linux's; elsewhere there is
# no test rather than one that cannot fail.  It sees the system calls of an
# instrumented program's runtime too (valgrind's; ThreadSanitizer's, which
# maps memory for its traces as calls go by), so under those the plain
# program runs, and the name says so.
if [ "$(uname -s)" = Linux ]; then
    if [ -n "${UNDER_VALGRIND:-}${UNDER_TSAN:-}" ]; then
        a=$APITEST_NV
        why=" (the plain program: the runtime makes system calls)"
    else
        a=$APITEST why=
    fi
    check "no hook: 10000 calls, not one system call (strict seccomp)$why" \
        "$a" nosyscall "$(newsc)" 10000
fi

n=$(slowcount 1000 200)
check "$n calls: no fd, child or allocation left (exact count)" \
    "$TLIMIT" -t 100 "$APITEST" loop "$SC" $n
SC2=$(newsc)
cp "$HOOKCAT" "$SC2/libvirt/hooks/qemu"
mkdir "$SC2/libvirt/hooks/qemu.d"
cp "$HOOKCAT" "$SC2/libvirt/hooks/qemu.d/10-two"
script "$SC2" qemu.d/20-three 'exec cat >/dev/null'
n=$(slowcount 200 50)
check "$n filter calls through 3 scripts: nothing left (exact count)" \
    "$TLIMIT" -t 100 "$APITEST" loop "$SC2" $n filter
# hookcat fails a call if it holds any fd but 0-2: a pipe of a concurrent
# call, leaked into its script, shows.
n=$(slowcount 500 50)
check "8 threads x $n concurrent calls: own output, no stray fd in a hook" \
    "$TLIMIT" -t 110 "$APITEST" threads "$SC" 8 $n
n=$(slowcount 500 20)
# Under valgrind a fork takes 1 to 2 ms, and the kernel restarts a fork
# that a signal interrupts: at 1 kHz it would never complete.
hz="1 kHz" usec=1000
if [ -n "${UNDER_VALGRIND:-}" ]; then
    hz="50 Hz (valgrind: its forks outlast a 1 ms timer)" usec=20000
fi
check "$hz SIGALRM without SA_RESTART: $n calls moving 1 MiB each way" \
    "$TLIMIT" -t 100 "$APITEST" eintr "$SC" $n $usec
# The host's own children _exit() with a status of their own.
novg "valgrind's leak check makes a forked child's _exit status 1"
n=$(slowcount 200 50)
check "a SIGCHLD handler reaping the host's own children: $n calls ok" \
    "$TLIMIT" -t 100 "$APITEST" sigchld "$SC" $n
check "the host's own child is not reaped by a call" \
    "$TLIMIT" -t 120 "$APITEST" ownchild "$SC"
novg_end
check "a host reaping any child in its handler: HOOKS_INTERNAL / ECHILD" \
    "$TLIMIT" -t 30 "$APITEST" stealer "$SC"
# The same, deterministically through the call's own wait: the script exits
# while something it left holds its pipes, so the call is in poll() when
# SIGCHLD comes, the handler reaps first, and the call's waitid() finds no
# child.
STEAL=$(newsc)
script "$STEAL" qemu '(sleep 0.5) & sleep 0.1; exit 0'
check "a host reaping any child while the pipes stay open: HOOKS_INTERNAL / ECHILD" \
    "$TLIMIT" -t 30 "$APITEST" stealer "$STEAL"
# ... and with kill_group the group is killed all the same, though the
# exit was seen only as ECHILD: the leftover is gone and the call does not
# wait for it (pipe grace -1; it would hold the pipes for 20 s).
KGSTEAL=$(newsc)
script "$KGSTEAL" qemu "sleep 20 & echo \$! >'$KGSTEAL/bg'; sleep 0.1; exit 0"
check "kill_group, the exit status stolen: the call returns at once" \
    "$TLIMIT" -t 15 "$APITEST" stealer "$KGSTEAL" kill_group
kgpid=$(cat "$KGSTEAL/bg" 2>/dev/null)
check "kill_group, the exit status stolen: what the script left is gone" \
    gone "$kgpid"
[ -z "$kgpid" ] || kill -KILL "$kgpid" 2>/dev/null
# SA_NOCLDWAIT loses every status as SIG_IGN does; Linux clears it at
# exec, so only a host itself can set it (tlimit cannot).
NOCLD=$(newsc)
script "$NOCLD" qemu 'touch ran; exit 1'
check "a host with SA_NOCLDWAIT on SIGCHLD: HOOKS_INTERNAL / ECHILD, nothing runs" \
    sh -c 'cd "$1" && "$2" -t 30 "$3" nocldwait "$4"' sh "$W" "$TLIMIT" \
    "$APITEST" "$NOCLD"
SLOW=$(newsc)
script "$SLOW" qemu 'sleep 1'
check "a thread cancelled during a call: no fd, child or memory left" \
    "$TLIMIT" -t 120 "$APITEST" cancel "$SLOW"

script "$SC" qemu 'touch ran'
check "bad arguments: HOOKS_INVALID with a message, nothing runs" \
    sh -c 'cd "$1" && "$2" -t 120 "$3" invalid "$4"' sh "$W" "$TLIMIT" \
    "$APITEST" "$SC"
SC3=$(newsc)
mkdir "$SC3/libvirt/hooks/qemu.d"
cp "$HOOKCAT" "$SC3/libvirt/hooks/qemu"
cp "$HOOKCAT" "$SC3/libvirt/hooks/qemu.d/10-b"
cp "$HOOKCAT" "$SC3/libvirt/hooks/qemu.d/20-c"
for i in 1 2 3 4 5 6 7 8; do   # past the scan's first 8 slots
    echo "$i" >"$SC3/libvirt/hooks/qemu.d/README-$i"
done
printf 'not a program\n' >"$SC3/libvirt/hooks/lxc"
chmod 755 "$SC3/libvirt/hooks/lxc"
# Its last call is to a script that cannot be executed.
novg "valgrind runs posix_spawn's child as a fork and loses its exec errno"
check "out of memory at each allocation in turn: HOOKS_INTERNAL, nothing left" \
    "$TLIMIT" -t 100 "$APITEST" oom "$SC3"
novg_end
novg "valgrind kills a child whose execve fails"
check "arguments over the system's limit: HOOKS_TOOLONG, E2BIG, nothing runs" \
    sh -c 'cd "$1" && "$2" -t 120 "$3" e2big "$4"' sh "$W" "$TLIMIT" \
    "$APITEST" "$SC"
novg_end

# Every public function answers bad input (NULL, NaN, huge times) with an
# error value or a clamp, never a crash nor undefined behaviour.
OK0=$(newsc)
script "$OK0" qemu 'exit 0'
check "bad input to every function: error values, no crash" \
    "$TLIMIT" -t 120 "$APITEST" badinput "$OK0"

# The caller may keep res.out and res.err: no two fields share a buffer.
OWN1=$(newsc)
OWN2=$(newsc)
mkdir "$OWN2/libvirt/hooks/qemu.d"
for f in "$OWN1/libvirt/hooks/qemu" "$OWN2/libvirt/hooks/qemu" \
    "$OWN2/libvirt/hooks/qemu.d/10-a" "$OWN2/libvirt/hooks/qemu.d/20-b"; do
    printf '#!/bin/sh\ncat; echo "said $0" >&2\n' >"$f"
    chmod 755 "$f"
done
check "a result's out and err kept past hooks_result_free (1 and 3 scripts)" \
    "$TLIMIT" -t 120 "$APITEST" own "$OWN1" "$OWN2"

# opts.cancel: set from another thread, from a signal handler, or before
# the call.
CAN=$(newsc)
mkdir "$CAN/libvirt/hooks/qemu.d"
script "$CAN" qemu "sleep 30 & echo \$! >'$W/canceled'; sleep 30"
script "$CAN" qemu.d/10-after "touch '$W/after'"
for how in thread signal before; do
    rm -f "$W/canceled" "$W/after"
    check "opts.cancel set ($how): HOOKS_CANCELED at once, nothing left" \
        sh -c 'cd "$1" && "$2" -t 60 "$3" cancelflag "$4" "$5" &&
               [ ! -e after ]' - "$W" "$TLIMIT" "$APITEST" "$CAN" "$how"
    if [ -s "$W/canceled" ]; then
        p=$(cat "$W/canceled")
        check "opts.cancel ($how): the script's group is killed" gone "$p"
        kill -KILL "$p" 2>/dev/null
    fi
done

# hooks_rescan() in one thread while others call: each call uses the scan
# it started with (ASan would see a scan freed under it).
RES=$(newsc)
script "$RES" qemu 'echo qemu'
script "$RES" lxc 'echo lxc'
n=$(slowcount 200 40)
check "4 threads x $n calls while another thread rescans: each its own script" \
    "$TLIMIT" -t 120 "$APITEST" rescanning "$RES" "$n"

# Another thread of the host forks (without exec) during calls: its
# children hold the calls' pipes, which may delay a call by the pipe grace
# but never past its deadline, on either path.
novg "valgrind slows each of the 300 forks of the holding thread tenfold"
FORKER=$(newsc)
script "$FORKER" qemu 'sleep 0.1'
check "a host thread forking holders: no call past its grace or deadline" \
    "$TLIMIT" -t 120 "$APITEST" forker "$FORKER" 3
novg_end

finish
