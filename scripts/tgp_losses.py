#!/usr/bin/env python3
"""torch-geometric-pool 1.0's unbatched losses against `poolscope losses --json`, on the same
assignments: the two 4-cliques of DESIGN.md (hard, collapsed and soft assignments) and random
soft assignments on the karate club and football.

    venv/bin/pip install --no-build-isolation torch_scatter && venv/bin/pip install torch-geometric-pool
    venv/bin/python scripts/tgp_losses.py [path/to/poolscope]

Prints each loss's two values and fails when any differ by more than 1e-5.
"""

import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
from tgp.utils import losses as L
from torch_geometric.nn import MemPooling

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/poolscope"


def poolscope_losses(graph, s):
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "S.csv")
        np.savetxt(path, s, delimiter=",", fmt="%.9g")
        out = subprocess.run(
            [BIN, "losses", graph, "--assign", path, "--json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return json.loads(out)["levels"][0]


def tgp_losses(edge_index, weight, s):
    S = torch.tensor(s, dtype=torch.float64)
    ei = torch.tensor(edge_index, dtype=torch.long)
    w = torch.tensor(weight, dtype=torch.float64)
    k = S.shape[1]
    return {
        "just_balance": L.unbatched_just_balance_loss(S).item(),
        "acc_totvar": L.sparse_totvar_loss(ei, S, w).item(),
        "acc_asym_norm": L.unbatched_asym_norm_loss(S, k).item(),
        "dmon_ortho": L.unbatched_orthogonality_loss(S).item(),
        # HOSCPooling's compute_sparse_loss with alpha = 0.5: the mixed cut, over K.
        "hosc_mincut": (
            0.5 * L.sparse_mincut_loss(ei, S, w).item() + 0.5 * L.sparse_ho_mincut_loss(ei, S, w).item()
        )
        / k,
        "hosc_ortho": L.unbatched_orthogonality_loss(S).item(),
        # PyG's MemPooling (one graph, batchmean over a batch of one).
        "mempool_kl": MemPooling.kl_loss(S[None]).item(),
        # BNPool's dense reconstruction with its initial K (what a file without K allows).
        "bnpool_rec": bnpool_rec(ei, w, S),
    }


def bnpool_rec(ei, w, S):
    n, k = S.shape
    A = torch.zeros(n, n, dtype=torch.float64)
    A[ei[0], ei[1]] = w
    K = torch.eye(k, dtype=torch.float64) - (1 - torch.eye(k, dtype=torch.float64))
    return L.weighted_bce_reconstruction_loss(
        S @ K @ S.T, A, None, balance_links=True, normalizing_const=torch.tensor(float(n * n))
    ).item()


def check(name, ours, theirs):
    bad = 0
    for key, v in theirs.items():
        mine = ours.get(key)
        if v != v:  # NaN: PyG's MemPooling.kl_loss divides 0 by 0 for an empty cluster
            print(f"{name:24s} {key:14s} reference NaN (an empty cluster); poolscope {mine}")
            continue
        ok = mine is not None and abs(mine - v) <= 1e-5
        bad += not ok
        print(f"{name:24s} {key:14s} tgp {v: .7f}  poolscope {mine: .7f}  {'ok' if ok else 'DIFFERS'}")
    return bad


def two_cliques():
    e = [(i, j) for b in (0, 4) for i in range(b, b + 4) for j in range(b, b + 4) if i != j]
    e += [(3, 4), (4, 3)]
    return np.array(e).T


bad = 0
ei = two_cliques()
text = "source,target\n" + "".join(f"{u},{v}\n" for u, v in ei.T if u < v)
with tempfile.TemporaryDirectory() as d:
    g = os.path.join(d, "cliques.csv")
    open(g, "w").write(text)
    hard = np.array([[1.0, 0.0] if i < 4 else [0.0, 1.0] for i in range(8)])
    collapsed = np.array([[1.0, 0.0]] * 8)
    soft = np.array([[0.9, 0.1] if i < 4 else [0.3, 0.7] for i in range(8)])
    for name, s in [("cliques hard", hard), ("cliques collapsed", collapsed), ("cliques soft", soft)]:
        # poolscope numbers nodes in order of appearance; the file lists 0..7 in order.
        bad += check(name, poolscope_losses(g, s), tgp_losses(ei, np.ones(ei.shape[1]), s))

rng = np.random.default_rng(0)
for graph, k in [("karate", 3), ("football", 12)]:
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "g.csv")
        subprocess.run([BIN, "convert", graph, path], check=True, capture_output=True)
        rows = [line.strip().split(",") for line in open(path).read().splitlines()[1:] if line.strip()]
        nodes_file = path[:-4] + "_nodes.csv"
        order = [line.split(",")[0] for line in open(nodes_file).read().splitlines()[1:]]
    index = {name: i for i, name in enumerate(order)}
    pairs = [(index[r[0]], index[r[1]], float(r[2]) if len(r) > 2 and r[2] else 1.0) for r in rows]
    src = [u for u, v, _ in pairs] + [v for u, v, _ in pairs if u != v]
    dst = [v for u, v, _ in pairs] + [u for u, v, _ in pairs if u != v]
    w = [x for _, _, x in pairs] + [x for u, v, x in pairs if u != v]
    logits = rng.normal(size=(len(order), k)) * 2
    s = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    bad += check(f"{graph} random K={k}", poolscope_losses(graph, s), tgp_losses(np.array([src, dst]), np.array(w), s))

print("all equal to 1e-5" if bad == 0 else f"{bad} values differ")
sys.exit(1 if bad else 0)
