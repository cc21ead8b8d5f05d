#!/usr/bin/env python3
"""Writes tests/data/mutag_padded_logits.npy (a batch of 3 MUTAG graphs, 28 rows each, random
DiffPool logits) and tests/data/mutag_padded_expected.json: PyG's dense_diff_pool link and
entropy of graph 2 in a batch of one padded to 28 rows, for `losses --padded` to match.

    /work/venv/pyg/bin/python scripts/make_padded_fixture.py
"""

import json
import os
import shutil
import tempfile

import numpy as np
import torch
import torch_geometric.transforms as T
from torch_geometric.datasets import TUDataset
from torch_geometric.nn import dense_diff_pool

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
tmp = tempfile.mkdtemp()
shutil.copytree(os.path.join(ROOT, "sample_graphs", "MUTAG"), os.path.join(tmp, "MUTAG", "raw"))


def no_edge_attr(d):
    d.edge_attr = None
    return d


ds = TUDataset(tmp, "MUTAG", transform=T.Compose([no_edge_attr, T.ToDense(28)]))
torch.manual_seed(0)
s = torch.randn(3, 28, 4)
d = ds[2]
_, _, link, ent = dense_diff_pool(d.x[None], d.adj[None], s[2:3], d.mask[None])
out = os.path.join(ROOT, "tests", "data")
np.save(os.path.join(out, "mutag_padded_logits.npy"), s.numpy().astype(np.float32))
with open(os.path.join(out, "mutag_padded_expected.json"), "w") as f:
    json.dump({"graph": 2, "nodes": int(d.mask.sum()), "rows": 28,
               "diffpool_link": link.item(), "diffpool_entropy": ent.item()}, f, indent=1)
print(link.item(), ent.item(), int(d.mask.sum()))
