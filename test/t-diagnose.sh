# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# What the library tells a host about a script beyond its exit status:
# why an exec fails (hooks_exec_explain), strict modes (HOOKS_STRICT),
# pipes a leftover still holds (hooks_script_result.held), and the
# environment a call builds (hooks_script_env).
. "$(dirname "$0")/lib.sh"

D=$(newdir)
chmod 755 "$D"

# file NAME BYTES: an executable file in $D made of the printf format BYTES.
file() {
    # shellcheck disable=SC2059  # BYTES is a printf format on purpose
    printf "$2" >"$D/$1"
    chmod 755 "$D/$1"
}

# explains NAME ERRNO SENTENCE: hooks_exec_explain() for $D/NAME says it.
explains() {
    "$APITEST" explain "$D/$1" "$2" >"$T/out" 2>&1
    check "explain: $1, $2" same_text "$3" "$T/out"
}

file crlf '#!/bin/sh\r\necho hi\r\n'
file crarg '#!/bin/sh -e\r\necho hi\r\n'
file noline 'echo hi\n'
file bom '\357\273\277#!/bin/sh\necho hi\n'
file nointerp '#!/nonexistent/python4\n'
file relinterp '#!sh-nowhere-xyz\n'
file notexec '#!/dev/null\n'
file nointerpname '#!   \n'
file empty ''
file binary '\177ELF\002\001\001\000\000\000'
file good '#!/bin/sh\necho hi\n'
printf 'echo hi\n' >"$D/plain"
chmod 644 "$D/plain"

CR='the interpreter its #! line names, "/bin/sh\r", ends in a carriage'
CR="$CR return: the file has DOS line endings (dos2unix fixes it)"
explains crlf ENOENT "$CR"
explains crlf 0 "$CR"
explains crlf EACCES "(none)"
explains crarg 0 'its #! line ends in a carriage return, which "/bin/sh" gets as part of its argument: the file has DOS line endings (dos2unix fixes it)'
NOLINE='it has no #! line: the daemon executes hooks directly, not through a'
NOLINE="$NOLINE shell; make its first line #!/bin/sh (or the interpreter it is"
NOLINE="$NOLINE written for)"
explains noline ENOEXEC "$NOLINE"
explains noline 0 "$NOLINE"
explains noline ENOENT "(none)"
explains bom ENOEXEC 'a byte order mark (bytes EF BB BF) comes before its #! line, which the system then does not see: save it without one'
explains nointerp ENOENT 'the interpreter its #! line names, "/nonexistent/python4", does not exist'
explains relinterp ENOENT 'the interpreter its #! line names, "sh-nowhere-xyz", does not exist (a relative name is looked up from the working directory: / for a daemon under systemd)'
explains notexec EACCES 'the interpreter its #! line names, "/dev/null", is not an executable file'
explains nointerpname ENOEXEC 'its #! line names no interpreter'
explains empty ENOEXEC 'it is empty'
explains binary ENOEXEC 'it is not a program this system can run (a binary for another machine, or a damaged file)'
explains binary 0 '(none)'
explains good 0 '(none)'
file ctrl '#!/bin/sh\001x\n'
explains ctrl ENOENT 'the interpreter its #! line names, "/bin/sh\x01x", does not exist'
ln -s loop "$D/loop"
file loopy "#!$D/loop/sh\\n"
explains loopy ELOOP "the interpreter its #! line names, \"$D/loop/sh\", cannot be reached: $(errtext ELOOP)"
explains loopy 0 "the interpreter its #! line names, \"$D/loop/sh\", cannot be reached: $(errtext ELOOP)"
explains loopy ENOENT '(none)'
LONG=/nonexistent/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
file long "#!$LONG\\n"
explains long ENOENT "the interpreter its #! line names, \"$(printf %s "$LONG" | cut -c1-64)...\", does not exist"
file relsh '#!/bin/sh\n'
file relative '#!relsh\n'
(cd "$D" && "$APITEST" explain "$D/relative" 0) >"$T/out" 2>&1
check "explain: a relative interpreter that exists here" same_text \
    'the interpreter its #! line names, "relsh", is a relative name, looked up from the working directory: / for a daemon under systemd' \
    "$T/out"
explains good ENOENT '(none)'
explains plain EACCES 'it is not an executable file'
explains gone ENOENT 'it no longer exists (removed after the scan)'
explains good ETXTBSY 'a process has it, or its interpreter, open for writing (an editor, or a copy not finished)'
explains good E2BIG '(none)'

# Each sentence goes with the errno a real exec of the file fails with:
# run every broken file as a hook and read the library's own code.
SC=$(tree)
mkdir "$SC/libvirt/hooks/qemu.d"
for f in crlf noline bom nointerp notexec nointerpname empty binary; do
    cp "$D/$f" "$SC/libvirt/hooks/qemu.d/$f"
done
novg "valgrind kills a child whose execve fails"
"$TLIMIT" -t 60 "$APITEST" explainrun "$SC" >"$T/out" 2>&1
want_lines \
    "binary: ENOEXEC: it is not a program this system can run (a binary for another machine, or a damaged file)" \
    "bom: ENOEXEC: a byte order mark (bytes EF BB BF) comes before its #! line, which the system then does not see: save it without one" \
    "crlf: ENOENT: $CR" "empty: ENOEXEC: it is empty" \
    "nointerp: ENOENT: the interpreter its #! line names, \"/nonexistent/python4\", does not exist" \
    "nointerpname: ENOEXEC: its #! line names no interpreter" \
    "noline: ENOEXEC: $NOLINE" \
    "notexec: EACCES: the interpreter its #! line names, \"/dev/null\", is not an executable file" --
check "explain: each sentence goes with the errno a real exec gives" \
    same "$T/exp" "$T/out"
novg_end

# noexec: a file system mounted so, in a mount namespace of our own.
if unshare -rm true 2>/dev/null; then
    mkdir "$T/nx"
    unshare -rm sh -c 'mount -t tmpfs -o noexec tmpfs "$1" &&
        printf "#!/bin/sh\n" >"$1/s" && chmod 755 "$1/s" &&
        printf "#!$1/s\n" >"$3/nxinterp" && chmod 755 "$3/nxinterp" &&
        "$2" explain "$1/s" EACCES && "$2" explain "$1/s" 0 &&
        "$2" explain "$3/nxinterp" EACCES' sh \
        "$T/nx" "$APITEST" "$D" >"$T/out" 2>&1
    want_lines "the file system it is on is mounted noexec" \
        "the file system it is on is mounted noexec" \
        "the interpreter its #! line names, \"$T/nx/s\", is on a file system mounted noexec" --
    check "explain: a noexec mount, after EACCES and before any exec" \
        same "$T/exp" "$T/out"
else
    echo "# not run: explain on a noexec mount (unshare -rm is refused here)"
fi

# ---- strict modes ----------------------------------------------------

# strict SC: the scan of SC under HOOKS_STRICT into $T/scan (qemu only).
strict() {
    HOOKS_TEST_STRICT=1 "$APITEST" scan "$1" | grep '^qemu ' >"$T/scan"
}

S=$(newsc)
H=$S/libvirt/hooks
chmod 755 "$S" "$S/libvirt" "$H"
mkdir "$H/qemu.d" "$T/other"
chmod 755 "$H/qemu.d" "$T/other"
for f in "$H/qemu" "$H/qemu.d/10-ok" "$H/qemu.d/20-group" \
         "$H/qemu.d/30-world" "$T/other/target"; do
    printf '#!/bin/sh\n' >"$f"
    chmod 755 "$f"
done
chmod 775 "$H/qemu.d/20-group"
chmod 757 "$H/qemu.d/30-world"
ln -s ../../../../other/target "$H/qemu.d/40-link"
W="writable by others than its owner"
strict "$S"
want_lines "qemu present $H/qemu" "qemu present $H/qemu.d/10-ok" \
    "qemu unsafe $H/qemu.d/20-group: $W" \
    "qemu unsafe $H/qemu.d/30-world: $W" \
    "qemu present $H/qemu.d/40-link" --
check "strict: group- and world-writable scripts are unsafe" \
    same "$T/exp" "$T/scan"
"$APITEST" scan "$S" | grep -c ' present ' >"$T/n"
check "strict: off by default, all five are present" same_text 5 "$T/n"

chmod 777 "$T/other"
strict "$S"
check "strict: a link into a world-writable directory is unsafe" \
    contains "$T/scan" "qemu unsafe $H/qemu.d/40-link: a directory on the way to the file it links to is $W"
chmod 1777 "$T/other"
strict "$S"
check "strict: ... sticky, with the target root's or the caller's: safe" \
    contains "$T/scan" "qemu present $H/qemu.d/40-link"
chmod 755 "$T/other"
# A directory above the target's own: anyone could rename what is below.
mkdir -p "$T/ww/sub"
printf '#!/bin/sh\n' >"$T/ww/sub/script"
chmod 755 "$T/ww/sub" "$T/ww/sub/script"
chmod 777 "$T/ww"
ln -s "$T/ww/sub/script" "$H/qemu.d/45-deep"
strict "$S"
check "strict: a link whose target lies below a world-writable directory" \
    contains "$T/scan" "qemu unsafe $H/qemu.d/45-deep: a directory on the way to the file it links to is $W"
rm "$H/qemu.d/45-deep"
# Above the hooks directory: the SYSCONFDIR itself here.
chmod 777 "$S/libvirt"
strict "$S"
grep -c ": a directory above the hooks directory is $W\$" "$T/scan" >"$T/n"
check "strict: a world-writable directory above the hooks directory" \
    same_text 5 "$T/n"
chmod 755 "$S/libvirt"
# A hooks directory that is a link into a world-writable place.
mkdir "$T/ww/hooks"
chmod 755 "$T/ww/hooks"
cp -p "$H/qemu" "$T/ww/hooks/qemu"
mkdir -p "$T/sl/libvirt"
chmod 755 "$T/sl" "$T/sl/libvirt"
ln -s "$T/ww/hooks" "$T/sl/libvirt/hooks"
HOOKS_TEST_STRICT=1 "$APITEST" scan "$T/sl" | grep '^qemu ' >"$T/scan"
check "strict: a hooks directory that links below a world-writable one" \
    same_text "qemu unsafe $T/sl/libvirt/hooks/qemu: a directory on the way to the file it links to is $W" \
    "$T/scan"
chmod 1777 "$H/qemu.d"
strict "$S"
grep -c ": its .d directory is $W\$" "$T/scan" >"$T/n"
check "strict: a world-writable .d, even sticky, makes each of its scripts unsafe" \
    same_text 4 "$T/n"
check "strict: ... but not the main script" contains "$T/scan" \
    "qemu present $H/qemu"
chmod 755 "$H/qemu.d"
chmod 775 "$H"
strict "$S"
grep -c ": the hooks directory is $W\$" "$T/scan" >"$T/n"
check "strict: a group-writable hooks directory makes every script unsafe" \
    same_text 5 "$T/n"
chmod 755 "$H"

# Ownership: root or the caller only.  Needs root to give files away.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
    chown 12345 "$H/qemu.d/10-ok"
    strict "$S"
    check "strict: a script owned by another user is unsafe" \
        contains "$T/scan" "qemu unsafe $H/qemu.d/10-ok: owned by another user than root or the caller"
    chmod 755 "$T"      # setpriv's user must reach the tree
    novg "valgrind's logs are not for uid 12345 to write"
    HOOKS_TEST_STRICT=1 setpriv --reuid=12345 --regid=12345 --clear-groups \
        "$APITEST" scan "$S" | grep '/10-ok\|/qemu$' >"$T/scan2"
    want_lines "qemu present $H/qemu" "qemu present $H/qemu.d/10-ok" --
    check "strict: ... but not to that user, nor root's to anyone" \
        same "$T/exp" "$T/scan2"
    novg_end
    chmod 700 "$T"
    chown 0 "$H/qemu.d/10-ok"
else
    echo "# not run: strict ownership (needs root and setpriv)"
fi

# An unsafe script does not run; the others do.
rm "$H/qemu.d/40-link"
HOOKS_TEST_STRICT=1 "$TLIMIT" -t 60 "$APITEST" held "$S" >"$T/out" 2>&1
want_lines "status=ok" "qemu held=0 out=0 err=0" \
    "10-ok held=0 out=0 err=0" --
check "strict: unsafe scripts are not run" same "$T/exp" "$T/out"

# ---- leftovers holding the pipes -------------------------------------

L=$(tree)
mkdir "$L/libvirt/hooks/qemu.d"
q=$L/libvirt/hooks/qemu.d
# (the shell's own fd 1, read in a subshell: readlink's is the file)
printf '#!/bin/sh\ni=$(readlink /proc/$$/fd/1) && echo "$i" >"%s"\nreadlink /proc/$$/fd/2 >"%s"\nsleep 3 </dev/null &\necho $! >"%s"\n' \
    "$T/ino1" "$T/ino2" "$T/pid1" >"$q/10-both"
printf '#!/bin/sh\nsleep 3 </dev/null 2>/dev/null &\necho $! >"%s"\n' \
    "$T/pid2" >"$q/20-out"
printf '#!/bin/sh\nsleep 3 </dev/null >/dev/null 2>&1 &\necho $! >"%s"\n' \
    "$T/pid3" >"$q/30-none"
printf '#!/bin/sh\n(sleep 0.1) &\n' >"$q/40-brief"
printf '#!/bin/sh\nsleep 3 </dev/null &\nexit 3\n' >"$q/50-fails"
chmod 755 "$q"/*
"$TLIMIT" -t 60 "$APITEST" held "$L" 0.3 >"$T/out" 2>&1
sed 's/ out=[1-9][0-9]*/ out=N/; s/ err=[1-9][0-9]*/ err=N/' "$T/out" \
    >"$T/got"
want_lines "status=exited" "10-both held=3 out=N err=N" \
    "20-out held=1 out=N err=0" "30-none held=0 out=0 err=0" \
    "40-brief held=0 out=0 err=0" "50-fails held=3 out=N err=N" --
check "held: which pipes each script's leftover held, failed or not" \
    same "$T/exp" "$T/got"
if [ -r "$T/ino2" ]; then
    sed -n 's/^10-both held=3 out=\([0-9]*\) err=\([0-9]*\)$/pipe:[\1]/p' \
        "$T/out" >"$T/want1"
    sed -n 's/^10-both held=3 out=\([0-9]*\) err=\([0-9]*\)$/pipe:[\2]/p' \
        "$T/out" >"$T/want2"
    check "held: held_ino[0] is the kernel's stdout pipe" \
        same "$T/want1" "$T/ino1"
    check "held: held_ino[1] is the kernel's stderr pipe" \
        same "$T/want2" "$T/ino2"
else
    echo "# not run: held inodes against /proc (no /proc/PID/fd here)"
fi
for p in pid1 pid2 pid3; do
    kill "$(cat "$T/$p")" 2>/dev/null
done
check "held: the leftovers are ended" gone "$(cat "$T/pid1")"

# A grace of -1 waits for the pipes to close: nothing is then held.
rm "$q/10-both" "$q/20-out" "$q/30-none" "$q/50-fails"
printf '#!/bin/sh\n(sleep 0.3) &\n' >"$q/60-slow"
chmod 755 "$q/60-slow"
"$TLIMIT" -t 60 "$APITEST" held "$L" -1 >"$T/out" 2>&1
want_lines "status=ok" "40-brief held=0 out=0 err=0" \
    "60-slow held=0 out=0 err=0" --
check "held: a grace of -1 waits, and nothing is held" same "$T/exp" "$T/out"

# ---- the environment a call builds -----------------------------------

novg "valgrind adds its own variables to the environment"
env -i PATH=/p HOME=/h FOO=bar LC_ALL=de_DE "$APITEST" env >"$T/out"
want_lines LC_ALL=C PATH=/p HOME=/h --
check "env: the daemon's, from the host's" same "$T/exp" "$T/out"
env -i PATH=/p HOME=/h "$APITEST" env PATH=/q A=1 >"$T/out"
want_lines LC_ALL=C PATH=/q HOME=/h A=1 --
check "env: opts.env replaces in place and appends" same "$T/exp" "$T/out"
env -i FOO=bar LC_ALL=de_DE "$APITEST" env keep B=2 >"$T/out"
want_lines FOO=bar LC_ALL=de_DE B=2 --
check "env: keep_env starts from the host's whole environment" \
    same "$T/exp" "$T/out"
novg_end

finish
