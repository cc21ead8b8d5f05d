#!/usr/bin/env bash
# The command line without the window: builds poolscope with and without the `gui` feature,
# checks that the headless build links no windowing crate, and renders karate with both: the
# PNGs must be byte-identical (render draws with epaint's colours and fonts either way).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
cargo build --quiet
cp target/debug/poolscope "$tmp/gui"
cargo build --quiet --no-default-features
cp target/debug/poolscope "$tmp/headless"
if cargo tree --no-default-features -e normal | grep -qE "winit|glow|eframe|rfd"; then
    echo "the headless build pulls a windowing crate:" >&2
    cargo tree --no-default-features -e normal -i winit >&2 || true
    exit 1
fi
(cd "$tmp" && ./gui render karate --out gui.png && ./headless render karate --out headless.png)
cmp "$tmp/gui.png" "$tmp/headless.png"
echo "render karate: the same PNG with and without the window ($(wc -c <"$tmp/gui.png") bytes)"
