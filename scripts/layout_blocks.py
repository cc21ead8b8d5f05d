#!/usr/bin/env python3
"""How well a layout shows a planted partition's blocks, for the layout-at-scale figures: the
mean length of edges inside blocks over that of edges between them (lower is better; 1 shows
no blocks), and the mean distance of a block's nodes from its centre over the spread of the
centres. Reads the graph as `poolscope convert` writes it (`g.csv` and `g_nodes.csv` with a
`block` column) and the positions `poolscope layout g.csv --out pos.csv` writes. Not part of
`cargo test`.

    poolscope convert "sbm:n=300000,k=32,din=8,dout=1,seed=2" g.csv
    poolscope layout g.csv --out pos.csv
    venv/bin/python scripts/layout_blocks.py g.csv pos.csv
"""
import numpy as np, sys
g, pos = sys.argv[1], sys.argv[2]
hdr = open(g[:-4] + '_nodes.csv').readline().strip().split(',')
col = hdr.index('block')
nodes = np.loadtxt(g[:-4] + '_nodes.csv', delimiter=',', skiprows=1, dtype=str)
ids = {x: i for i, x in enumerate(nodes[:, 0])}
B = nodes[:, col].astype(int)
p = np.loadtxt(pos, delimiter=',', skiprows=1, dtype=str)
P = np.zeros((len(ids), 2)); P[[ids[x] for x in p[:, 0]]] = p[:, 1:].astype(float)
E = np.loadtxt(g, delimiter=',', skiprows=1, usecols=(0, 1), dtype=str)
u = np.array([ids[x] for x in E[:, 0]]); v = np.array([ids[x] for x in E[:, 1]])
d = np.linalg.norm(P[u] - P[v], axis=1); ins = B[u] == B[v]
k = B.max() + 1
c = np.array([P[B == b].mean(0) for b in range(k)])
rad = np.array([np.linalg.norm(P[B == b] - c[b], axis=1).mean() for b in range(k)])
print(f"inside/between edge length {d[ins].mean()/d[~ins].mean():.3f}; block radius / centroid spread {rad.mean()/np.linalg.norm(c-c.mean(0),axis=1).mean():.3f}")
