#!/usr/bin/env bash
# Peak memory of the 100,000-node case: Graclus coarsening of a random graph with 500,000 edges
# to a viewable top level, drawn headless (`render`) and in the window (under xvfb-run).
# Needs /usr/bin/time (package `time`) and, for the window, xvfb-run.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
graph="random:n=100000,m=500000,seed=1"
peak() { /usr/bin/time -v "$@" 2>&1 | awk -F': ' '/Maximum resident/ {printf "%.0f MB\n", $2 / 1024}'; }
echo -n "render (train + layout + PNG): "
peak target/release/poolscope render "$graph" --method graclus --clusters 500,50 --out /tmp/poolscope-100k.png
if command -v xvfb-run >/dev/null; then
    echo -n "window (45 s, training and layout running): "
    unset WAYLAND_DISPLAY
    peak xvfb-run -a -s "-screen 0 1600x900x24" target/release/poolscope "$graph" --train \
        --method graclus --clusters 500,50 --screenshot /tmp/poolscope-100k-window.png --quit-after 45
fi
