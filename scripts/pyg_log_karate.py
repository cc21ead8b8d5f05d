#!/usr/bin/env python3
"""A real PyTorch Geometric training loop that logs its pooling through the poolscope
package, then checks that poolscope computes the same losses PyG logged.

    python3 -m venv venv && venv/bin/pip install torch torch_geometric ./python
    venv/bin/python scripts/pyg_log_karate.py runs/karate [lr] [seed]  # a new run, as it trains
    cargo run --release -- runs/karate                       # replays it (live while it runs)

The model: GCNConv(34 -> 32) then PyG's DMoNPooling into 4 clusters, on PyG's KarateClub
(bundled with PyG, identity features, 4 classes), trained on DMoN's spectral + cluster loss.
"""

import json
import subprocess
import sys

import torch
from torch_geometric.datasets import KarateClub
from torch_geometric.nn import DMoNPooling, GCNConv
from torch_geometric.utils import to_dense_adj

import poolscope
from poolscope.show import binary

logdir = sys.argv[1] if len(sys.argv) > 1 else "runs/karate"
lr = float(sys.argv[2]) if len(sys.argv) > 2 else 0.01
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
torch.manual_seed(seed)
data = KarateClub()[0]


class Net(torch.nn.Module):
    def __init__(self, k):
        super().__init__()
        self.conv = GCNConv(data.num_features, 32)
        self.pool = DMoNPooling([32, 32], k)

    def forward(self, x, edge_index):
        h = self.conv(x, edge_index).relu()
        s, _, _, spectral, ortho, cluster = self.pool(h[None], to_dense_adj(edge_index))
        return s[0], h, spectral, ortho, cluster


model = Net(4)
opt = torch.optim.Adam(model.parameters(), lr=lr)
# A new run folder under logdir each time (its name says the learning rate and seed); the
# model's pooling layer and the settings given are recorded for the window's model panel.
with poolscope.Writer(logdir, name=f"dmon lr={lr} seed={seed}", model=model, lr=lr, seed=seed) as w:
    w.add_graph(data.edge_index, num_nodes=data.num_nodes, x=data.x, y=data.y)
    for epoch in range(300):
        opt.zero_grad()
        s, h, spectral, ortho, cluster = model(data.x, data.edge_index)
        (spectral + cluster).backward()
        opt.step()
        w.add_step(epoch, assignments=[s], embeddings=[h],
                   losses={"spectral_loss": spectral, "cluster_loss": cluster, "ortho_loss": ortho})
        last = {"spectral_loss": float(spectral), "cluster_loss": float(cluster),
                "ortho_loss": float(ortho)}
print(f"wrote {w.logdir}: 300 steps; PyG's last losses {last}")
logdir = w.logdir

# poolscope recomputes the losses of the logged assignment: they must agree with PyG's.
ours = json.loads(subprocess.run([binary(), "losses", logdir, "--step", "299", "--json"],
                                 check=True, capture_output=True, text=True).stdout)
# Logged under PyG's own names; poolscope matches each to its key and recomputes it.
for name, v in ours["logged"].items():
    print(f"{name} -> {v['poolscope']}: PyG {v['value']:.6f}, poolscope {v['recomputed']:.6f}")
    assert abs(v["value"] - v["recomputed"]) < 1e-5, name
