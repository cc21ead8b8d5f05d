#!/usr/bin/env python3
"""A batched PyTorch Geometric loop (dense DiffPool on MUTAG with DenseDataLoader) that logs
its pooling through the poolscope package: three lines of logging, every batch's assignment
cut into the watched graphs' logs. Then checks poolscope's losses on one logged graph against
PyG's dense_diff_pool on the same S.

    venv/bin/python scripts/pyg_log_mutag_batches.py runs/mutag [epochs] [run name] [seed]
    cargo run --release -- runs/mutag      # the newest run, a picker for the graphs and runs
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

import torch
import torch.nn.functional as F
from torch_geometric.datasets import TUDataset
from torch_geometric.loader import DenseDataLoader
from torch_geometric.nn import DenseSAGEConv, dense_diff_pool
import torch_geometric.transforms as T

import poolscope
from poolscope.show import binary

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = sys.argv[1] if len(sys.argv) > 1 else "runs/mutag"
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
run = sys.argv[3] if len(sys.argv) > 3 else None
torch.manual_seed(int(sys.argv[4]) if len(sys.argv) > 4 else 0)

# PyG's TUDataset reads the bundled MUTAG files (no download).
data_root = tempfile.mkdtemp()
shutil.copytree(os.path.join(ROOT, "sample_graphs", "MUTAG"), os.path.join(data_root, "MUTAG", "raw"))
def no_edge_attr(d):
    d.edge_attr = None  # the bond types would make adj N x N x 4
    return d


dataset = TUDataset(data_root, "MUTAG", transform=T.Compose([no_edge_attr, T.ToDense(28)]))
loader = DenseDataLoader(dataset, batch_size=32, shuffle=True)


class Net(torch.nn.Module):
    def __init__(self, k=9):
        super().__init__()
        self.embed = DenseSAGEConv(dataset.num_features, 32)
        self.assign = DenseSAGEConv(dataset.num_features, k)
        self.conv = DenseSAGEConv(32, 32)
        self.out = torch.nn.Linear(32, dataset.num_classes)

    def forward(self, x, adj, mask):
        s = self.assign(x, adj, mask)
        h = self.embed(x, adj, mask).relu()
        h, adj2, link, ent = dense_diff_pool(h, adj, s, mask)
        h = self.conv(h, adj2).relu().mean(1)
        return self.out(h), s, link, ent


model = Net()
opt = torch.optim.Adam(model.parameters(), lr=0.01)
step = 0
# -- poolscope: 1 line to start the run (graphs 0-7 of the data set watched) ------------------
w = poolscope.Writer(out, run=run, method="diffpool", model=model, dataset=dataset, graphs=range(8), hidden=32, clusters=9)
for epoch in range(epochs):
    for data in loader:
        logits, s, link, ent = model(data.x, data.adj, data.mask)
        loss = F.cross_entropy(logits, data.y.view(-1)) + link + ent
        opt.zero_grad()
        loss.backward()
        opt.step()
        # -- poolscope: 1 line per batch (S holds logits: DiffPool's softmax is inside) ------
        w.add_step(step, [s], graph=data, logits=True, losses={"link_loss": link, "ent_loss": ent})
        step += 1
w.close()  # -- poolscope: 1 line to end the run ---------------------------------------------
print(f"wrote {w.logdir}")

# poolscope's losses on graph 3's last logged S equal PyG's dense_diff_pool on the same S.
g3 = os.path.join(w.logdir, "graph_3")
last = json.loads(open(os.path.join(g3, "steps.jsonl")).read().splitlines()[-1])
import numpy as np

with np.load(os.path.join(g3, last["file"])) as f:
    s = torch.tensor(f["S0"])
d = dataset[3]
n = int(d.mask.sum())
adj = d.adj[:n, :n][None]
_, _, link, ent = dense_diff_pool(torch.zeros(1, n, 1), adj, s[None])
report = json.loads(subprocess.run([binary(), "losses", g3, "--logits", "--json"], check=True,
                                   capture_output=True, text=True).stdout)
print(f"graph 3, step {last['step']}: PyG link {link.item():.6f} entropy {ent.item():.6f}; "
      f"poolscope {report['diffpool_link']:.6f} {report['diffpool_entropy']:.6f}")
assert abs(report["diffpool_link"] - link.item()) < 1e-5
assert abs(report["diffpool_entropy"] - ent.item()) < 1e-5
