# SPDX-License-Identifier: MIT
# Copyright (c) 2026 the hooks authors
#
# chart.gp -- the chart of a make bench run: each figure as a fraction of
# its target, so that figures in ms, ns and MiB share one axis; a bar
# under the line at 1 meets its target (blue), a bar over it does not
# (red).  The axis is logarithmic, from 0.01 (a figure of 0 shows there);
# the label on a bar is the figure itself, as the table gives it.
#
#   gnuplot -e "data='results.dat'; out='chart.png'" bench/chart.gp
#
# Each line of the data file: "label" fraction "figure".
if (!exists("data")) data = 'results.dat'
if (!exists("out")) out = 'chart.png'
if (!exists("title")) title = 'hooks: make bench, each figure against its target'

set terminal pngcairo size 1000,480 font "sans,10"
set output out
set title title
set ylabel "measured / target  (under 1: met)"
set logscale y
set yrange [0.01:20]
set xrange [-0.6:*]
set style fill solid 0.75 border -1
set boxwidth 0.6
set grid ytics
set xtics nomirror rotate by -25 left
set bmargin 6
set key top left
shown(v) = v < 0.01 ? 0.01 : v
plot data using 0:(shown($2)):($2 <= 1 ? 0x4a7ebb : 0xc0392b):xtic(1) \
         with boxes lc rgb variable notitle, \
     1 with lines lc rgb "#222222" lw 2 dt 2 title "target", \
     data using 0:(shown($2)):3 with labels offset 0,0.9 notitle
