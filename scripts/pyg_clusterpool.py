#!/usr/bin/env python3
"""PyG 2.8's ClusterPooling on a worked graph, printed as the numbers
`src/pool/clusterpool.rs`'s test checks: two 4-cliques joined by the edge 3-4 plus a pendant
node 8 on node 7, features x[i] = (1, i/8, (-1)^i), and fixed edge-score weights.

    venv/bin/pip install torch torch_geometric scipy
    venv/bin/python scripts/pyg_clusterpool.py

Prints the clusters, the pooled features and the pooled edges for each edge score method.
"""

import torch
from torch_geometric.nn import ClusterPooling

EDGES = [(a, b) for a in range(4) for b in range(4) if a < b]
EDGES += [(a, b) for a in range(4, 8) for b in range(4, 8) if a < b]
EDGES += [(3, 4), (7, 8)]
N = 9


def graph():
    src, dst = [], []
    for a, b in EDGES:
        src += [a, b]
        dst += [b, a]
    x = torch.tensor([[1.0, i / 8.0, (-1.0) ** i] for i in range(N)])
    return x, torch.tensor([src, dst])


def main():
    x, edge_index = graph()
    # Edge (i -> j) scores w . [x_i || x_j] + b = j - i - 1.2 + 0.1 (-1)^i - 0.05 (-1)^j: positive
    # for the edges that skip a node inside a clique, so each clique contracts and 8 stays alone.
    w = torch.tensor([[0.05, -8.0, 0.1, 0.0, 8.0, -0.05]])
    b = torch.tensor([-1.25])
    for method in ["tanh", "sigmoid", "log_softmax"]:
        pool = ClusterPooling(3, edge_score_method=method)
        with torch.no_grad():
            pool.lin.weight.copy_(w)
            pool.lin.bias.copy_(b)
        pool.eval()
        out, ei, _, info = pool(x, edge_index, torch.zeros(N, dtype=torch.long))
        print(f"== {method}")
        print("cluster", info.cluster.tolist())
        print("x_out")
        for row in out.tolist():
            print("  ", ", ".join(f"{v:.7f}" for v in row))
        pairs = sorted({(int(a), int(c)) for a, c in ei.t().tolist()})
        print("edges", pairs)


if __name__ == "__main__":
    main()
