#!/usr/bin/env python3
"""A live torch-geometric-pool BNPool run logged through poolscope's Writer, for issue 28: tgp's
recipe (identity features, GCN(32), BNPool, Adam 0.01) trains on a bundled graph; at a few
epochs the level is logged as ``{"s": out.so.s, "q_z": out.so.q_z, "K": pooler.K}`` with tgp's
own losses, and ``poolscope losses LOG --json`` recomputes ``bnpool_rec``, ``bnpool_kl`` and
``bnpool_k_prior`` from what was logged. Prints both and fails when any differ by more than
1e-5 relative (the log holds float32, tgp computes in float32).

    venv/bin/pip install --no-build-isolation torch_scatter && venv/bin/pip install torch-geometric-pool
    PYTHONPATH=python/src venv/bin/python scripts/tgp_bnpool_log.py [path/to/poolscope] [graph] [alpha_DP]
"""

import json
import os
import subprocess
import sys
import tempfile

import torch
from torch_geometric.nn import GCNConv
from tgp.poolers import BNPool

sys.path.insert(0, os.path.dirname(__file__))
from tgp_quality import load  # noqa: E402

import poolscope  # noqa: E402

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/poolscope"
GRAPH = sys.argv[2] if len(sys.argv) > 2 else "karate"
ALPHA_DP = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
K = 4
LOGGED_AT = (0, 50, 200)
PAIRS = (("quality", "bnpool_rec"), ("kl", "bnpool_kl"), ("K_prior", "bnpool_k_prior"))


def main():
    labels = {"karate": "club", "football": "value", "polbooks": "value"}.get(GRAPH, "club")
    edge_index, _, n = load(GRAPH, labels)
    os.environ["POOLSCOPE_BIN"] = BIN
    torch.manual_seed(0)
    x = torch.eye(n)
    conv = GCNConv(n, 32)
    pool = BNPool(in_channels=32, k=K, alpha_DP=ALPHA_DP)
    opt = torch.optim.Adam(list(conv.parameters()) + list(pool.parameters()), lr=0.01)
    worst = 0.0
    with tempfile.TemporaryDirectory() as d:
        for epoch in range(max(LOGGED_AT) + 1):
            opt.zero_grad()
            out = pool(conv(x, edge_index).relu(), edge_index)
            if epoch in LOGGED_AT:
                w = poolscope.Writer(d, run=f"epoch{epoch}", method="bnpool", alpha_DP=ALPHA_DP)
                w.add_graph(edge_index, num_nodes=n)
                level = {"s": out.so.s.detach(), "q_z": out.so.q_z, "K": pool.K.detach()}
                tgp = {k: float(v.detach()) for k, v in out.loss.items()}
                w.add_step(epoch, [level], losses=tgp)
                w.close()
                ours = json.loads(subprocess.run(
                    [BIN, "losses", w.logdir, "--json"], check=True, capture_output=True,
                    text=True).stdout)
                for theirs, mine in PAIRS:
                    a, b = tgp[theirs], ours[mine]
                    rel = abs(a - b) / max(abs(a), 1e-12)
                    worst = max(worst, rel)
                    print(f"{GRAPH} epoch {epoch:3d}  tgp {theirs:8s} {a:.7g}  poolscope {mine:15s} "
                          f"{b:.7g}  rel {rel:.1e}")
            sum(out.loss.values()).backward()
            opt.step()
    print(f"worst relative difference {worst:.1e}")
    sys.exit(0 if worst <= 1e-5 else 1)


if __name__ == "__main__":
    main()
