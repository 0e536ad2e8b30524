#!/bin/sh
# bench/herd.sh: a fleet that starts together, simulated (bench/herd.c,
# linked with the core's refresh spread): the token server's busiest
# second with and without the spread, as a Markdown table, and the chart
# of requests per second over time (gnuplot, SVG).
#
#   bench/herd.sh [SVG]    the chart goes to SVG (default: none); README's
#                          is bench/herd.svg: bench/herd.sh bench/herd.svg
#   HOSTS=N START=S LIFE=L DAYS=D bench/herd.sh   (10000 60 36000 2)
#
# A simulation, not a timing: the figures are the same on every machine
# and every run (a fixed seed). top_builddir names an out-of-tree build.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${top_builddir:-$top}" && pwd)
svg=${1:-}
make -s -C "$build" bench/herd >/dev/null ||
	{ echo "bench/herd.sh: cannot build bench/herd in $build (configure and make first)" >&2; exit 1; }
B=$(mktemp -d "${TMPDIR:-/tmp}/mogoplus-herd.XXXXXX")
trap 'rm -rf "$B"' EXIT
hosts=${HOSTS:-10000} start=${START:-60} life=${LIFE:-36000} days=${DAYS:-2}
"$build/bench/herd" "$hosts" "$start" "$life" "$days" >"$B/herd.dat" 2>"$B/summary"
get() { sed -n "s/^herd: $1 without=\\([0-9]*\\) with=\\([0-9]*\\)\$/\\$2/p" "$B/summary"; }

echo "$hosts hosts started within $start s, tokens of $life s (refresh_margin 300 s," \
	"the default window: a tenth of the life, at most an hour), over $days days;" \
	"each host refreshes at its token's refresh point."
echo
echo "| token server | without the spread | with the spread |"
echo "|---|---|---|"
echo "| busiest second while the fleet starts (every host's first token) | $(get start-peak 1) req/s | $(get start-peak 2) req/s |"
echo "| busiest second after that (the refreshes) | $(get refresh-peak 1) req/s | $(get refresh-peak 2) req/s |"
echo "| requests in all | $(get requests 1) | $(get requests 2) |"
echo "bench-result: herd-refresh-peak ours=$(get refresh-peak 2) peer=$(get refresh-peak 1) unit=req/s"
[ -n "$svg" ] || exit 0
command -v gnuplot >/dev/null 2>&1 ||
	{ echo "bench/herd.sh: gnuplot is not installed, no chart (Debian: gnuplot-nox)" >&2; exit 1; }
gnuplot -e "data='$B/herd.dat'; out='$svg'; fleet='$hosts hosts started within $start s, tokens of $((life / 3600)) h: load at the token server'" \
	"$top/bench/herd.gp"
echo "chart: $svg"
