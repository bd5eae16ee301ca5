# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# The bytes: stdin delivered exactly, stderr and stdout drained while stdin
# is written (no deadlock), a script that never reads stdin, and stdout
# captured only when asked.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
SC=$(newsc)
Q=$SC/libvirt/hooks/qemu
HEAD="hookrun: hook $Q test start begin -"

# 8 MiB of random bytes (about 32,000 of them NUL) after explicit NULs.
BIG=$T/big.bin
printf 'NUL:\000\000:' >"$BIG"
dd if=/dev/urandom bs=1048576 count=8 2>/dev/null >>"$BIG"
MIB=$T/mib.bin
dd if=/dev/urandom bs=1048576 count=1 2>/dev/null >"$MIB"

probe "$SC" qemu
hookrun_in "$W" -c "$SC" -i "$BIG" qemu test start begin -
check "8 MiB stdin with NUL bytes: succeeds" is "$rc" 0
check "8 MiB stdin with NUL bytes: byte-exact" same "$BIG" "$W/qemu.stdin"

hookrun_in "$W" -c "$SC" -i - qemu test start begin - <"$MIB"
check "-i -: hookrun's stdin reaches the script byte-exact" \
    same "$MIB" "$W/qemu.stdin"

: >"$T/empty"
hookrun_in "$W" -c "$SC" -i "$T/empty" qemu test start begin -
sed -n 1p "$W/qemu.fds" >"$T/.fd0"
check "empty input: stdin is an empty pipe, not /dev/null" same_text \
    "0 fifo r" "$T/.fd0"
check "empty input: nothing read" same /dev/null "$W/qemu.stdin"

# 4 MiB to stderr before reading a 1 MiB stdin: both pipes are far beyond
# their kernel buffers, so only a poll loop gets through.
script "$SC" qemu "dd if=/dev/zero bs=1048576 count=4 2>/dev/null | tr '\\000' x >&2
cat >'$W/got'
exit 1"
hookrun_in "$W" -c "$SC" --max-stderr 0 -i "$MIB" qemu test start begin -
check "4 MiB stderr before reading stdin: no deadlock" is "$rc" 1
check "4 MiB stderr before reading stdin: stdin byte-exact" same "$MIB" "$W/got"
{
    printf '%s' "$HEAD: exit status 1: "
    dd if=/dev/zero bs=1048576 count=4 2>/dev/null | tr '\000' x
    echo
} >"$T/exp"
check "4 MiB stderr, --max-stderr 0: all of it in the message" \
    same "$T/exp" "$T/err"
hookrun_in "$W" -c "$SC" -i "$MIB" qemu test start begin -
{
    printf '%s' "$HEAD: exit status 1: "
    dd if=/dev/zero bs=1024 count=64 2>/dev/null | tr '\000' x
    echo " [stderr truncated]"
} >"$T/exp"
check "4 MiB stderr by default: 64 KiB kept, marked truncated" \
    same "$T/exp" "$T/err"

# A script that never reads its stdin: not a failure by itself, and the
# host (SIGPIPE at its default, so it would die of it) survives.
script "$SC" qemu 'exit 0'
hookrun_in "$W" -c "$SC" -i "$BIG" qemu test start begin -
check "unread 8 MiB stdin, exit 0: success, host not killed by SIGPIPE" \
    is "$rc" 0
check "unread 8 MiB stdin: no message" test ! -s "$T/err"
"$TLIMIT" -t 60 "$APITEST" sigpipe "$SC" "$BIG" >"$T/out" 2>&1
check "SIGPIPE: the call's own consumed, the host's kept, the mask back (kernel view)" \
    same_text ok "$T/out"
script "$SC" qemu 'echo refused >&2; exit 4'
hookrun_in "$W" -c "$SC" -i "$BIG" qemu test start begin -
check "unread stdin, exit 4: the exit status is the result" same_text \
    "$HEAD: exit status 4: refused" "$T/err"
script "$SC" qemu 'head -c 10 >/dev/null; exec <&-; sleep 1; exit 0'
hookrun_in "$W" -c "$SC" -i "$BIG" qemu test start begin -
check "stdin closed part-way while the script runs on: success" is "$rc" 0

# A script that closes stdout and stderr first still gets all of stdin.
script "$SC" qemu "exec >&- 2>&-
cat >'$W/got'"
hookrun_in "$W" -c "$SC" -i "$BIG" qemu test start begin -
check "stdout and stderr closed early: still succeeds" is "$rc" 0
check "stdout and stderr closed early: stdin still byte-exact" \
    same "$BIG" "$W/got"

# stdout: captured byte-exact with -o, discarded without.
script "$SC" qemu 'cat; echo done >&2'
hookrun_in "$W" -c "$SC" -o -i "$BIG" qemu test start begin -
check "-o: 8 MiB stdout with NUL bytes, byte-exact" same "$BIG" "$T/out"
check "-o: success" is "$rc" 0
hookrun_in "$W" -c "$SC" -i "$BIG" qemu test start begin -
check "without -o: stdout discarded" same /dev/null "$T/out"
check "without -o: success" is "$rc" 0

script "$SC" qemu 'printf "partial"; exit 5'
hookrun_in "$W" -c "$SC" -o qemu test start begin -
printf partial >"$T/exp"
check "-o on failure: stdout still printed, byte-exact" same "$T/exp" "$T/out"
check "-o on failure: exit 1" is "$rc" 1

# A big stdout that is kept gets a bigger pipe (Linux: 1 MiB, from 256 KiB
# kept on), so that script and host take turns less often; a small one
# keeps the kernel's 64 KiB.  The script (hookcat, object "pipesize")
# reports its stdout pipe's size as it ends, and -v shows it.
PC=$(newsc)
cp "$HOOKCAT" "$PC/libvirt/hooks/qemu"
dd if=/dev/zero bs=4096 count=256 2>/dev/null | tr '\000' x >"$T/mib"
head -c 4096 "$T/mib" >"$T/page"
if [ "$(uname -s)" = Linux ]; then
    big=1048576
    [ -n "${PORTABLE:-}" ] && big=65536
    for f in mib page; do
        want=$big
        [ $f = page ] && want=65536
        n=$(wc -c <"$T/$f" | tr -d ' ')
        hookrun_in "$W" -c "$PC" -v -o -i "$T/$f" qemu pipesize start begin -
        grep -a '^stdout pipe: ' "$T/err" | tail -n 1 >"$T/got"
        check "-o, $n bytes kept: the script's stdout pipe is $want bytes" \
            same_text "stdout pipe: $want bytes" "$T/got"
        check "-o, $n bytes kept: byte-exact" same "$T/$f" "$T/out"
    done
else
    echo "# not run: the stdout pipe's size (Linux's F_GETPIPE_SZ)"
fi

finish
