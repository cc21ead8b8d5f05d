#!/usr/bin/env python3
"""Milliseconds per training epoch of the strongest Python pipeline on the graphs
benches/training.rs trains on, for the closing note's table: PyG's sparse GCNConv followed
by torch-geometric-pool 1.0's unbatched sparse MinCut (`batched=False`), then, on the
two-level graph, a second MinCut on the pooled graph; Adam, forward + backward + step.
Features are 16 random columns, as wide as poolscope's spectral features.

    venv/bin/pip install --no-build-isolation torch_scatter && venv/bin/pip install torch-geometric-pool
    venv/bin/python scripts/tgp_epoch_time.py [path/to/poolscope] [threads]
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

import torch
from torch_geometric.nn import GCNConv
from tgp.poolers import MinCutPooling

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/poolscope"
torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count())


def edges(spec):
    """Both directions of every edge of `spec`, as poolscope generates it."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "g.csv")
        subprocess.run([BIN, "convert", spec, path], check=True, capture_output=True)
        rows = [line.split(",") for line in open(path).read().splitlines()[1:] if line]
        n = len(open(path[:-4] + "_nodes.csv").read().splitlines()) - 1
    u = torch.tensor([int(r[0]) for r in rows])
    v = torch.tensor([int(r[1]) for r in rows])
    return torch.stack([torch.cat([u, v]), torch.cat([v, u])]), n


def time_epochs(spec, ks, epochs):
    ei, n = edges(spec)
    torch.manual_seed(0)
    x = torch.randn(n, 16)
    conv = GCNConv(16, 32)
    pools = [MinCutPooling(in_channels=32, k=ks[0], batched=False)]
    pools += [MinCutPooling(in_channels=32, k=k) for k in ks[1:]]
    params = list(conv.parameters()) + [p for pool in pools for p in pool.parameters()]
    opt = torch.optim.Adam(params, lr=0.01)
    times = []
    for epoch in range(epochs + 3):
        t = time.perf_counter()
        opt.zero_grad()
        h = conv(x, ei).relu()
        out = pools[0](h, ei)
        loss = sum(out.loss.values())
        for pool in pools[1:]:
            adj = out.edge_index
            if adj.dim() == 2 and not adj.is_sparse and adj.size(0) == 2:
                adj = torch.sparse_coo_tensor(adj, out.edge_weight, (ks[0], ks[0])).to_dense()
            elif adj.is_sparse or hasattr(adj, "to_dense"):
                adj = adj.to_dense()
            out = pool(out.x.reshape(1, -1, 32), adj.reshape(1, adj.size(-2), adj.size(-1)))
            loss = loss + sum(out.loss.values())
        loss.backward()
        opt.step()
        if epoch >= 3:
            times.append(1000 * (time.perf_counter() - t))
    print(f"{spec} K={','.join(map(str, ks))}: {n} nodes, {ei.size(1) // 2} edges, "
          f"median {statistics.median(times):.1f} ms per epoch (min {min(times):.1f}, "
          f"{torch.get_num_threads()} threads)")


time_epochs("sbm:n=4000,k=8,din=12,dout=3,seed=0", [8, 2], 30)
time_epochs("sbm:n=100000,k=32,din=16,dout=4,seed=0", [32], 8)
