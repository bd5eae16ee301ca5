# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# The documented commands: the bundled example tree run through hookrun as
# examples/README and README show it, and the embedding example program.
. "$(dirname "$0")/lib.sh"

EMBED=${EMBED:-./examples/embed}
case $EMBED in /*) ;; *) EMBED=$TOP/$EMBED ;; esac
EX=$TOP/examples

hookrun_in "$TOP" -c examples/etc -o -i examples/domain.xml \
    qemu demo start begin -
check "example: qemu demo start begin - succeeds" is "$rc" 0
check "example: qemu hook's stdout shown with -o" same_text \
    "qemu hook: demo start begin - (390 bytes of XML)" "$T/out"

hookrun_in "$TOP" -c examples/etc -i examples/frozen.xml \
    qemu demo start begin -
check "example: frozen domain refused, exit 1" is "$rc" 1
check "example: refusal message carries the hook's stderr" same_text \
    "hookrun: hook $EX/etc/libvirt/hooks/qemu demo start begin -: exit status 1: domain demo is frozen; not starting it" \
    "$T/err"

hookrun_in "$TOP" -c examples/etc -o daemon - reload begin SIGHUP
check "example: daemon - reload begin SIGHUP" same_text \
    "daemon hook: - reload begin SIGHUP" "$T/out"

hookrun_in "$TOP" -c examples/etc --lifecycle qemu demo start \
    -i examples/domain.xml
printf '%s\n' "qemu demo prepare begin -: ok" "qemu demo start begin -: ok" \
    "qemu demo started begin -: ok" >"$T/exp"
check "README: --lifecycle qemu demo start" same "$T/exp" "$T/out"

hookrun_in "$TOP" -c examples/etc -v -o daemon - reload begin SIGHUP
sed 's/ in [0-9.]* s$/ in T s/' "$T/err" >"$T/got"
D=$EX/etc/libvirt/hooks/daemon
printf '%s\n' "hookrun: $D: argv: $D - reload begin SIGHUP" \
    "hookrun: $D: ok in T s" "hookrun: $D: stdout, 35 bytes:" \
    "daemon hook: - reload begin SIGHUP" "hookrun: $D: stderr, 0 bytes" \
    >"$T/exp"
check "README: -v -o daemon - reload begin SIGHUP, on stderr" \
    same "$T/exp" "$T/got"
check "README: -v -o daemon - reload begin SIGHUP, on stdout" same_text \
    "daemon hook: - reload begin SIGHUP" "$T/out"

hookrun_in "$TOP" -c examples/etc -l
{
    printf '%-7s %-2s %-15s %s\n' daemon 1 present "$EX/etc/libvirt/hooks/daemon"
    printf '%-7s %-2s %-15s %s\n' qemu 1 present "$EX/etc/libvirt/hooks/qemu"
    for d in lxc network libxl bhyve; do
        printf '%-7s %-2s %-15s %s\n' $d - absent "$EX/etc/libvirt/hooks/$d"
    done
} >"$T/exp"
check "example: --list" same "$T/exp" "$T/out"

(cd "$TOP" && "$EMBED" examples/etc demo examples/domain.xml) \
    >"$T/out" 2>"$T/err"
check "embed.c: start and stop hooks run, domain started" is "$?" 0
printf '%s\n' "domain demo started" "domain demo stopped" >"$T/exp"
check "embed.c: output" same "$T/exp" "$T/out"
(cd "$TOP" && "$EMBED" examples/etc demo examples/frozen.xml) \
    >"$T/out" 2>"$T/err"
check "embed.c: a failing start hook aborts the start" is "$?" 1
check "embed.c: with the hook's message" contains "$T/err" \
    "cannot start demo: hook examples/etc/libvirt/hooks/qemu demo start begin -: exit status 1: domain demo is frozen"

# The README shows embed.c whole: the example there is the one that builds.
check "README quotes examples/embed.c verbatim" \
    awk -v want="$EX/embed.c" '
        BEGIN { while ((getline l < want) > 0) w = w l "\n" }
        /^```c$/ { on = 1; b = ""; next }
        /^```$/ && on { if (b == w) found = 1; on = 0; next }
        on { b = b $0 "\n" }
        END { exit !found }' "$TOP/README.md"

finish
