#!/bin/bash
# Worst-of-seeds NMI of the dense learned operators with the defaults (restarts on), on a
# planted partition and football; BIN=path/to/poolscope (a release build) to compare builds.
# METHODS="dmon mincut" to measure only some. Not part of cargo test.
BIN=${BIN:-"$(dirname "$0")/../target/release/poolscope"}
for g in "sbm:n=600,k=6,din=10,dout=2,seed=7 --clusters 6" "football --clusters 12"; do
 for m in ${METHODS:-dmon mincut diffpool justbalance asymcheegercut hosc bnpool mempool}; do
  line="$m ${g%% *}:"; min=9
  for s in 0 1 2 3 4; do
   r=$($BIN train $g --method $m --seed $s --json 2>/dev/null | python3 -c "
import json,sys; j=json.load(sys.stdin); L=j['levels']; print('%.3f'%(L[0]['nmi'] or 0))")
   line="$line $r"
  done
  echo "$line"
 done
done
