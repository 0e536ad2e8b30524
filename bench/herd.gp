# bench/herd.gp: the chart of bench/herd.sh, which sets data (herd's output),
# out (the SVG) and fleet (the title) with gnuplot -e.
set terminal svg size 900,420 dynamic font "sans,12" background rgb "white"
set output out
set title fleet
set xlabel "hours since the fleet started"
set ylabel "requests/s (busiest second of each minute)"
set logscale y
set yrange [0.8:500]
set xrange [-0.5:*]
set xtics 6
set grid xtics ytics
set key top right
# A minute without a request is no point on a log scale.
plot data using 1:($2 > 0 ? $2 : NaN) with impulses lw 2 lc rgb "#c0392b" \
	title "without the spread: every host at the window's start", \
     data using 1:($3 > 0 ? $3 : NaN) with lines lw 1 lc rgb "#2471a3" \
	title "with the per-host spread over the window"
