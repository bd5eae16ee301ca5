# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# A filter's output, checked by libxml2 when built with WITH_LIBXML2=1: it
# must be well-formed XML whose root element is the input's.  The default
# build does no such check, and that is tested too.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
SC=$(newsc)
Q=$SC/libvirt/hooks/qemu
mkdir "$Q.d"
printf "<domain type='kvm'><name>vm</name></domain>\n" >"$T/doc"
script "$SC" qemu.d/20-next "cat >'$W/next.in'"

# filter BODY: the first script of the chain prints BODY.
filter() {
    script "$SC" qemu.d/10-filter "cat >/dev/null; printf '%s\n' \"$1\""
    rm -f "$W/next.in"
    hookrun_in "$W" -c "$SC" -o -i "$T/doc" qemu vm migrate begin -
}

filter "<domain type='kvm'><name>renamed</name></domain>"
check "valid output: accepted" is "$rc" 0
printf "<domain type='kvm'><name>renamed</name></domain>\n" >"$T/exp"
check "valid output: becomes the document" same "$T/exp" "$T/out"
check "valid output: fed to the next script" same "$T/exp" "$W/next.in"

if [ "${WITH_LIBXML2:-}" = 1 ]; then
    filter "<domain><name>broken</domain>"
    check "malformed output: the call fails" is "$rc" 1
    check "malformed output: message says why" contains "$T/err" \
        "hookrun: hook $Q.d/10-filter vm migrate begin -: invalid XML output: not well-formed XML: "
    check "malformed output: not passed on" same "$T/doc" "$W/next.in"
    check "malformed output: no document printed" same /dev/null "$T/out"

    filter "<network><name>x</name></network>"
    check "wrong root element: the call fails" is "$rc" 1
    check "wrong root element: message names both roots" same_text \
        "hookrun: hook $Q.d/10-filter vm migrate begin -: invalid XML output: root element <network>, expected <domain>" \
        "$T/err"
    check "wrong root element: not passed on" same "$T/doc" "$W/next.in"

    filter "plain text"
    check "not XML at all: the call fails" is "$rc" 1
    (cd "$W" && "$TLIMIT" -t 120 "$APITEST" typed "$SC" qemu vm migrate begin - "$T/doc") \
        >"$T/api"
    check "not XML at all: HOOKS_BAD_OUTPUT" contains "$T/api" \
        "status=bad-output code=0"

    # The library parses the input to learn its root element: an input
    # file that shrinks while the call runs must not kill hookrun with
    # SIGBUS, as a mapped one would.  hookrun reads it instead.
    dd if=/dev/zero bs=1024 count=512 2>/dev/null | tr '\0' ' ' >"$T/pad"
    { printf "<domain type='kvm'><name>vm</name><description>"
      cat "$T/pad"; printf '</description></domain>\n'; } >"$T/big.xml"
    script "$SC" qemu.d/10-filter "cat >'$W/in'; : >'$T/big.xml'; cat '$W/in'"
    hookrun_in "$W" -c "$SC" -o -i "$T/big.xml" qemu vm migrate begin -
    check "libxml2 build: an input file cut short during the call: no SIGBUS" \
        sh -c '[ "$1" -lt 128 ]' - "$rc"
else
    filter "<domain><name>broken</domain>"
    check "without libxml2: malformed output is not checked" is "$rc" 0
    printf '<domain><name>broken</domain>\n' >"$T/exp"
    check "without libxml2: it becomes the document" same "$T/exp" "$T/out"
fi

# Outside a filter, stdout is never parsed.
script "$SC" qemu.d/10-filter "cat >/dev/null; echo 'not xml'"
hookrun_in "$W" -c "$SC" -i "$T/doc" qemu vm start begin -
check "not a filter: output is never checked" is "$rc" 0

finish
