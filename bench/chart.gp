# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# chart.gp -- the chart of a make bench run, in two panels.
#
# Above: the peers.  For each peer figure (trivial, 4 KiB in, the 4 GiB
# host, the 10,000-fd host), each way of running the hook as a multiple of
# the floor (bare posix_spawn, the dashed line at 1), on a logarithmic
# axis: the benchmark's peer table drawn.  A peer that has no figure in a
# row (g_spawn_sync cannot feed stdin; a library not built in) has no bar.
#
# Below: each target, as the figure over its limit, so that figures in ms,
# ns and MiB share one axis; under the line at 1 is met (blue), over it is
# missed (red); grey is a timing too noisy to judge (bench.c, judged_row).
# The label on a bar is the figure as the table gives it.
#
#   gnuplot -e "data='results.dat'; out='chart.png'" bench/chart.gp
#
# The data file (bench.c): block 0, one line per target: "label" fraction
# "figure" state (0 met, 1 missed, 2 noisy); then two blank lines and
# block 1: a line of names ("figure" and each peer), then one line per
# peer figure: "figure" and each peer's ratio, "?" where it has none.
if (!exists("data")) data = 'results.dat'
if (!exists("out")) out = 'chart.png'
if (!exists("title")) title = 'hooks: make bench'

# whether there is block 1 (gnuplot's stats fails on a missing block)
peers = int(system(sprintf("grep -c '^\"figure\"' '%s' || :", data)))

set terminal pngcairo noenhanced size 1100,(peers ? 960 : 480) font "sans,10"
set output out
set datafile missing "?"
if (peers) set multiplot layout 2,1 title title

if (peers) {
    set title "each peer as a multiple of the floor (bare posix_spawn = 1)"
    set ylabel "time / floor's time (log)"
    set logscale y
    set yrange [0.2:1000]
    set style data histograms
    set style histogram clustered gap 1
    set style fill solid 0.8 border -1
    set boxwidth 0.9
    set grid ytics
    set key top left horizontal
    set xtics nomirror
    plot for [c=2:7] data index 1 using c:xtic(1) title columnheader(c), \
         1 with lines lc rgb "#222222" lw 2 dt 2 title "floor"
    unset style data
    set style data lines
    unset logscale y
}

set title (peers ? "each target: measured / limit (under 1: met)" : title)
set ylabel "measured / target  (under 1: met)"
set logscale y
set yrange [0.01:20]
set xrange [-0.6:*]
set style fill solid 0.75 border -1
set boxwidth 0.6
set grid ytics
set xtics nomirror rotate by -25 left
set bmargin 7
set rmargin 9
set key top left
shown(v) = v < 0.01 ? 0.01 : v
colour(s) = s == 0 ? 0x4a7ebb : s == 1 ? 0xc0392b : 0x999999
plot data index 0 using 0:(shown($2)):(colour($4)):xtic(1) \
         with boxes lc rgb variable notitle, \
     1 with lines lc rgb "#222222" lw 2 dt 2 title "target", \
     data index 0 using 0:(shown($2)):3 with labels offset 0,0.9 notitle
if (peers) unset multiplot
