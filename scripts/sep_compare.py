#!/usr/bin/env python3
"""SEP in poolscope and in torch-geometric-pool 1.0 on the same graphs: the structural entropy
of each one's coding tree (lower is better; both minimise it greedily, by different
constructions), its cluster counts and the level-1 NMI against the ground truth.

    venv/bin/python scripts/sep_compare.py [path/to/poolscope]
"""

import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
from sklearn.metrics import normalized_mutual_info_score as nmi
from tgp.select import SEPSelect

sys.path.insert(0, os.path.dirname(__file__))
from tgp_quality import BIN, load  # noqa: E402


def entropy(edge_index, n, levels):
    """H_T of a tree given as per-depth assignments (each maps the depth below to the next)."""
    src, dst = edge_index
    deg = np.zeros(n)
    for u, v in zip(src.tolist(), dst.tolist()):
        if u != v:
            deg[u] += 1
    vol = deg.sum()
    # Absolute cluster of every node at every depth; depth 0 are the nodes themselves.
    absolute = [np.arange(n)]
    for a in levels:
        absolute.append(np.asarray(a)[absolute[-1]])
    h = 0.0
    for d in range(len(absolute)):
        ids = absolute[d]
        parent = absolute[d + 1] if d + 1 < len(absolute) else np.zeros(n, dtype=int)
        k = ids.max() + 1
        v = np.zeros(k)
        g = np.zeros(k)
        pv = {}
        np.add.at(v, ids, deg)
        for u, w in zip(src.tolist(), dst.tolist()):
            if u != w and ids[u] != ids[w]:
                g[ids[u]] += 1
        for c in range(k):
            members = ids == c
            if not members.any():
                continue
            p = parent[members][0]
            pv.setdefault(p, deg[parent == p].sum())
            parent_vol = pv[p] if d + 1 < len(absolute) else vol
            if v[c] > 0 and parent_vol > 0:
                h -= g[c] / vol * math.log2(v[c] / parent_vol)
    return h


def ours(graph, depth):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "h.json")
        ks = ",".join(["2"] * depth)
        subprocess.run([BIN, "train", graph, "--method", "sep", "--clusters", ks, "--out", out],
                       check=True, capture_output=True)
        h = json.load(open(out))
    return [lv["hard"] for lv in h["levels"][:depth]]


def theirs(edge_index, n, depth):
    so = SEPSelect().multi_level_select(edge_index=edge_index, num_nodes=n, levels=depth)
    return [s.s.to_dense().argmax(-1).tolist() for s in so]


for graph, label in [("karate", "club"), ("football", "value"), ("polbooks", "value"),
                     ("sbm:n=600,k=6,din=10,dout=2,seed=0", "block")]:
    ei, y, n = load(graph, label)
    for depth in (1, 2):
        a = ours(graph, depth)
        try:
            b = theirs(ei, n, depth)
        except Exception as e:  # report and go on
            print(f"{graph:36s} depth {depth}: tgp failed: {str(e)[:200]}")
            continue
        ka = [max(x) + 1 for x in a]
        kb = [max(x) + 1 for x in b]
        print(f"{graph:36s} depth {depth}: poolscope H {entropy(ei, n, a):.4f} counts {ka} "
              f"NMI {nmi(y, a[0]):.3f} | tgp H {entropy(ei, n, b):.4f} counts {kb} "
              f"NMI {nmi(y, b[0]):.3f}", flush=True)
