# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# coverage.sh B [MIN]: line coverage of hooks.c after a suite run of a
# --coverage build in B (make coverage does both).  hooks.c is compiled
# twice, as B/hooks.o (hookrun, the examples) and B/test/hooks-counted.o
# (apitest): a line counts as run if either ran it.  Prints each line never
# run, the total, and fails below MIN percent (default 95).
B=${1:?usage: coverage.sh B [MIN]}
MIN=${2:-95}
GCOV=${GCOV:-gcov}
T=$(mktemp -d "${TMPDIR:-/tmp}/hooks-cov.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

n=0
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
