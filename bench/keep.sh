#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# keep.sh -- make bench-keep: the last full make bench run becomes the
# README's.  Its table and chart are copied to bench/results.txt and
# bench/chart.png, and README.md's copies are replaced: the whole table
# between "<!-- bench-keep: output -->" and the next "<!-- bench-keep:
# end -->", the peer table (its markdown lines) between "<!-- bench-keep:
# peers -->" and the next end marker.  The words around them (the machine,
# what the figures say) are the writer's to check.
#
#   sh bench/keep.sh RESULTS.TXT CHART.PNG      (from the repository's top)
res=$1
chart=$2
if [ ! -s "$res" ] || [ ! -s "$chart" ]; then
    echo "bench-keep: no run to keep ($res, $chart): make bench first" >&2
    exit 1
fi
# A run of some figures only (BENCH_ONLY) is no table for the README.
for first in '^trivial hook' '^qemu\.d/' ' targets met, '; do
    if ! grep -q "$first" "$res"; then
        echo "bench-keep: $res is not a run of every figure" >&2
        exit 1
    fi
done
for m in output peers; do
    if [ "$(grep -c "^<!-- bench-keep: $m -->\$" README.md)" != 1 ]; then
        echo "bench-keep: README.md needs one '<!-- bench-keep: $m -->'" >&2
        exit 1
    fi
done
cp "$res" bench/results.txt && cp "$chart" bench/chart.png || exit 1
awk -v res="$res" '
    /^<!-- bench-keep: output -->$/ {
        print; print "```"
        while ((getline l < res) > 0) print l
        close(res); print "```"; skip = 1; next
    }
    /^<!-- bench-keep: peers -->$/ {
        print
        while ((getline l < res) > 0) if (l ~ /^\|/) print l
        close(res); skip = 1; next
    }
    /^<!-- bench-keep: end -->$/ { skip = 0 }
    !skip { print }' README.md >README.md.new && mv README.md.new README.md \
    && echo "bench-keep: bench/results.txt, bench/chart.png and README.md"
