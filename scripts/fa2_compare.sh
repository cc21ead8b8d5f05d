#!/usr/bin/env bash
# Compares poolscope's ForceAtlas2 with graphology-layout-forceatlas2 on random graphs with
# 5 edges per node (1k, 10k, 100k nodes), in one run, and prints the ratio.
# Needs node and npm; installs graphology into scripts/fa2_compare/node_modules.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/.."
(cd "$here/fa2_compare" && npm install --silent --no-audit --no-fund >/dev/null)
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin="$root/target/release/poolscope"
tmp="$(mktemp -d)"
printf '%-8s %12s %14s %8s\n' nodes poolscope_ms graphology_ms ratio
for n in 1000 10000 100000; do
  m=$((5 * n))
  "$bin" convert "random:n=$n,m=$m,seed=0" "$tmp/g$n.csv" 2>/dev/null
  ours=$("$bin" layout "$tmp/g$n.csv" --iterations 30 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["ms_per_iteration"])')
  theirs=$(node "$here/fa2_compare/run.mjs" "$tmp/g$n.csv" 30 | python3 -c 'import json,sys; print(json.load(sys.stdin)["ms_per_iteration"])')
  python3 -c "print(f'{$n:<8d} {$ours:12.2f} {$theirs:14.2f} {$theirs/$ours:7.1f}x')"
done
rm -rf "$tmp"
