# chart.gp -- the chart of a make bench run: each figure as a fraction of
# its target, so that figures in ms, ns and MiB share one axis; a bar
# under the line at 1 meets its target.  The label on a bar is the figure
# itself, as the table gives it.
#
#   gnuplot -e "data='results.dat'; out='chart.png'" bench/chart.gp
#
# Each line of the data file: "label" fraction "figure".
if (!exists("data")) data = 'results.dat'
if (!exists("out")) out = 'chart.png'
if (!exists("title")) title = 'hooks: make bench'

set terminal pngcairo size 960,440 font "sans,10"
set output out
set title title
set ylabel "measured / target  (under 1: met)"
set style fill solid 0.7 border -1
set boxwidth 0.6
set yrange [0:1.3]
set xrange [-0.6:*]
set grid ytics
set xtics nomirror
set key top right
plot data using 0:2:xtic(1) with boxes lc rgb "#4a7ebb" title "figure", \
     1 with lines lc rgb "#c0392b" lw 2 dt 2 title "target", \
     data using 0:2:3 with labels offset 0,0.9 notitle
