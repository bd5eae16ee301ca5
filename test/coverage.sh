# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# coverage.sh MIN B...: line coverage of hooks.c after suite runs of
# --coverage builds in each B (make coverage: the default build and the
# PORTABLE=1 one, so that the fallbacks of the fast paths count too).
# hooks.c is compiled twice in each, as B/hooks.o (hookrun, the examples)
# and B/test/hooks-counted.o (apitest): a line counts as run if any ran
# it, and as code if any build has code there.  Prints each line never
# run, the total, and fails below MIN percent.
MIN=${1:?usage: coverage.sh MIN B...}
shift
[ $# -gt 0 ] || { echo "usage: coverage.sh MIN B..."; exit 2; }
GCOV=${GCOV:-gcov}
T=$(mktemp -d "${TMPDIR:-/tmp}/hooks-cov.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

n=0
for B in "$@"; do
for obj in "$B/hooks.o" "$B/test/hooks-counted.o"; do
    [ -f "${obj%.o}.gcda" ] || { echo "coverage: no ${obj%.o}.gcda (run the suite first)"; exit 1; }
    n=$((n + 1))
    # -t: to stdout, so nothing is left in the tree; every source file the
    # object has lines from comes, each after a "-:0:Source:NAME" line.
    "$GCOV" -t -o "${obj%/*}" "$obj" >"$T/$n.all" 2>"$T/$n.err" \
        || { cat "$T/$n.err"; echo "coverage: gcov failed on $obj"; exit 1; }
    awk '/^ *-: *0:Source:/ { keep = ($0 ~ /:Source:hooks\.c$/) } keep' \
        "$T/$n.all" >"$T/$n.gcov"
    [ -s "$T/$n.gcov" ] || { echo "coverage: no hooks.c lines for $obj"; exit 1; }
done
done

# gcov lines are "COUNT:LINE:SOURCE"; COUNT is "-" (no code), "#####" or
# "=====" (never run) or a number (with "*" when part of the line was not).
awk -F: '
    { count = $1; gsub(/ /, "", count); line = $2 + 0 }
    line == 0 || count == "-" { next }
    {
        src = $0
        sub(/^[^:]*:[^:]*:/, "", src)
        text[line] = src
        code[line] = 1
        if (count !~ /^(#####|=====)$/)
            run[line] = 1
    }
    END {
        for (l in code) {
            total++
            if (l in run)
                covered++
        }
        for (l = 1; l <= 100000; l++)
            if ((l in code) && !(l in run))
                printf "hooks.c:%d:%s\n", l, text[l]
        pct = total ? 100 * covered / total : 0
        printf "hooks.c: %d of %d lines run: %.1f%% (minimum %s%%)\n", covered, total, pct, min
        exit pct + 0 < min + 0
    }' min="$MIN" "$T"/*.gcov
