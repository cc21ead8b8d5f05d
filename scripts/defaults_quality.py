#!/usr/bin/env python3
"""The clustering defaults' quality, for issue 16's table: per bundled labelled sample, method
and seed, level 1's modularity and NMI with poolscope's defaults (`train GRAPH --method M
--seed S`: the graph's own K, restarts on) beside PyG's plain recipe on the same graph
(one-hot identity features, GCNConv(32) + ReLU, DMoNPooling or a linear head with
dense_mincut_pool, Adam 0.01, 300 epochs, the pooling losses only). Not part of `cargo test`.

    venv/bin/python scripts/defaults_quality.py [path/to/poolscope] [--seeds 5]
"""

import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
from sklearn.metrics import normalized_mutual_info_score as nmi
from torch_geometric.nn import DMoNPooling, GCNConv, dense_mincut_pool

sys.path.insert(0, os.path.dirname(__file__))
from tgp_quality import BIN, load  # noqa: E402

SEEDS = int(sys.argv[sys.argv.index("--seeds") + 1]) if "--seeds" in sys.argv else 5
SAMPLES = [("karate", "club"), ("football", "value"), ("polbooks", "value"), ("flare", "group"),
           ("h13-4", "group"), ("sbm", "block"), ("polblogs", "value")]


def modularity(edge_index, n, hard):
    src, dst = edge_index
    m2 = src.numel()
    deg = torch.bincount(src, minlength=n).double()
    inside = (hard[src] == hard[dst]).sum().item()
    k = int(hard.max()) + 1
    vol = torch.zeros(k, dtype=torch.double).index_add_(0, hard, deg)
    return inside / m2 - ((vol / m2) ** 2).sum().item()


def ours(graph, method, seed):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "o.json")
        r = subprocess.run([BIN, "train", graph, "--method", method, "--seed", str(seed), "--json"],
                           check=True, capture_output=True, text=True).stdout
        del out
    j = json.loads(r)
    lv = j["levels"][0]
    return lv["modularity"], lv["nmi"], lv["clusters"]


def pyg(edge_index, n, y, method, k, seed):
    torch.manual_seed(seed)
    x = torch.eye(n)
    adj = torch.zeros(n, n)
    adj[edge_index[0], edge_index[1]] = 1.0
    conv = GCNConv(n, 32)
    head = DMoNPooling([32], k) if method == "dmon" else torch.nn.Linear(32, k)
    opt = torch.optim.Adam(list(conv.parameters()) + list(head.parameters()), lr=0.01)
    for _ in range(300):
        opt.zero_grad()
        h = conv(x, edge_index).relu()
        if method == "dmon":
            s, _, _, spectral, ortho, cluster = head(h[None], adj[None])
            loss = spectral + cluster
        else:
            s = head(h)
            _, _, cut, ortho = dense_mincut_pool(h[None], adj[None], s[None])
            loss = cut + ortho
        loss.backward()
        opt.step()
    with torch.no_grad():
        h = conv(x, edge_index).relu()
        s = head(h[None], adj[None])[0] if method == "dmon" else head(h)
        hard = s.reshape(n, -1).argmax(-1)
    return modularity(edge_index, n, hard), nmi(y, hard.numpy())


def main():
    print(f"{'sample':10s} {'method':7s} seed | poolscope Q    NMI | PyG Q    NMI")
    summary = []
    for graph, label in SAMPLES:
        ei, y, n = load(graph, label)
        for method in ("dmon", "mincut"):
            rows = []
            for seed in range(SEEDS):
                q, score, k = ours(graph, method, seed)
                pq, pscore = pyg(ei, n, y, method, k, seed)
                rows.append((q, score, pq, pscore))
                print(f"{graph:10s} {method:7s} {seed:4d} | {q:11.3f} {score:6.3f} | {pq:5.3f} {pscore:6.3f}",
                      flush=True)
            a = np.array(rows)
            summary.append((graph, method, k, a[:, 0].min(), a[:, 1].min(), a[:, 1].mean(),
                            a[:, 2].min(), a[:, 3].min(), a[:, 3].mean()))
    print("\n| sample (K) | method | poolscope worst Q | worst NMI | mean NMI | PyG worst Q | worst NMI | mean NMI |")
    print("|---|---|---|---|---|---|---|---|")
    for g, m, k, q, w, mean, pq, pw, pm in summary:
        print(f"| {g} ({k}) | {m} | {q:.3f} | {w:.3f} | {mean:.3f} | {pq:.3f} | {pw:.3f} | {pm:.3f} |")


if __name__ == "__main__":
    main()
