#!/usr/bin/env bash
# The window's frame times under Xvfb (Mesa llvmpipe, no GPU) with --frame-stats: a 100,000
# node / 500,000 edge SBM while its layout runs, the same graph settled (file coordinates,
# frames back to back as when panning) and while it trains, and football settled; with `million`,
# also a 1,000,000-node / 4,500,000-edge one for 130 s, back to back (what a frame costs while the
# graph itself is refined) and paced (when the layout reaches the graph in a user's window).
# Needs xvfb-run.
#     scripts/frame_stats.sh [seconds] [million]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
secs="${1:-30}"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/poolscope"
tmp="$(mktemp -d)"
export XDG_CONFIG_HOME="$tmp/config"
unset WAYLAND_DISPLAY
spec="sbm:n=100000,k=10,din=8,dout=2,seed=0"
window() {
  xvfb-run -a -s "-screen 0 1600x900x24" "$bin" "$@" --window-size 1600x900 \
    --quit-after "$secs" --frame-stats 2>/dev/null | grep '^frames'
}
echo "100k nodes, layout running: $(window "$spec")"
# The same graph with coordinates from `poolscope layout`, so nothing moves.
"$bin" convert "$spec" "$tmp/g.csv" >/dev/null 2>&1
"$bin" layout "$tmp/g.csv" --iterations 100 --out "$tmp/xy.csv" >/dev/null
python3 - "$tmp" <<'PY'
import csv, sys
d = sys.argv[1]
xy = {r["id"]: (r["x"], r["y"]) for r in csv.DictReader(open(f"{d}/xy.csv"))}
rows = list(csv.DictReader(open(f"{d}/g_nodes.csv")))
with open(f"{d}/g_nodes.csv", "w") as f:
    f.write("id,label,block,x,y\n")
    for r in rows:
        f.write(f"{r['id']},{r['label']},{r['block']},{','.join(xy[r['id']])}\n")
PY
echo "100k nodes, settled:        $(window "$tmp/g.csv")"
echo "100k nodes, training DMoN:  $(window "$tmp/g.csv" --train)"
echo "football, settled:          $(window football)"
if [ "${2:-}" = million ]; then
  "$bin" convert "sbm:n=1000000,k=32,din=8,dout=1,seed=0" "$tmp/m.csv" >/dev/null 2>&1
  secs=130
  echo "1M nodes, back to back:     $(window "$tmp/m.csv")"
  echo "1M nodes, paced:            $(xvfb-run -a -s "-screen 0 1600x900x24" "$bin" "$tmp/m.csv" \
    --window-size 1600x900 --quit-after "$secs" --frame-stats=paced 2>/dev/null | grep '^frames')"
fi
rm -rf "$tmp"
