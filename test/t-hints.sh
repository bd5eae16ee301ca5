# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# What hookrun tells where the daemon would only fail or say nothing: its
# own words for empty operands.
. "$(dirname "$0")/lib.sh"

W=$(newdir)
XML=$FIXTURES/qemu-prepare.xml

# ---- hookrun's words (item 10) -----------------------------------------

# An empty operand: a usage error that names it; nothing runs.
# empty TITLE MESSAGE ARG...
empty() {
    title=$1
    printf '%s\n' "hookrun: $2" "Try 'hookrun --help'." >"$T/exp"
    shift 2
    rm -f "$W/ran"
    hookrun_in "$W" -c "$SCE" "$@"
    check "empty $title: exit status 2, named, nothing ran" \
        sh -c '[ "$1" -eq 2 ] && [ ! -e "$2" ] && cmp "$3" "$4"' - \
        "$rc" "$W/ran" "$T/exp" "$T/err"
}
SCE=$(newsc)
script "$SCE" qemu "touch '$W/ran'"
DASH="the daemon passes '-' for none"
empty OBJECT "empty OBJECT: $DASH" qemu "" start begin -
empty "OPERATION (--any-op)" "empty OPERATION" --any-op qemu vm "" begin -
empty "SUBOP (--any-op)" "empty SUBOP: $DASH" --any-op qemu vm start "" -
empty EXTRA "empty EXTRA: $DASH" qemu vm start begin ""
empty "OBJECT (--lifecycle)" "empty OBJECT: $DASH" --lifecycle qemu "" start
empty "ACTION (--lifecycle)" "empty ACTION" --lifecycle qemu vm ""

finish
