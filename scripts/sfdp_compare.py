#!/usr/bin/env python3
"""poolscope's default layout against graph-tool's sfdp on the same graphs, in one run.

For each graph: the whole time of `poolscope layout` (reading included) and of
`graph_tool.draw.sfdp_layout` (the graph already in memory), and the ratio of mean edge
length inside to mean edge length between Louvain's communities (networkx, seed 0; lower
means the communities sit apart; no labels needed).

Graphs: the giant components of graph-tool's astro-ph and cond-mat-2005 co-authorship
networks, which ship inside Debian's python3-graph-tool (no download), and random graphs of
5 edges a node.

    apt-get install python3-graph-tool python3-networkx
    /usr/bin/python3 scripts/sfdp_compare.py [--graphs astro-ph,random10k]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time

import graph_tool.all as gt
import networkx as nx
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(os.path.dirname(HERE), "target", "release", "poolscope")


def giant(name):
    g = gt.GraphView(gt.collection.data[name], directed=False)
    g = gt.Graph(gt.GraphView(g, vfilt=gt.label_largest_component(g)), prune=True)
    gt.remove_parallel_edges(g)
    gt.remove_self_loops(g)
    return g


def random_graph(n):
    rng = np.random.default_rng(0)
    g = gt.Graph(directed=False)
    g.add_vertex(n)
    edges = rng.integers(0, n, size=(5 * n, 2))
    g.add_edge_list(edges[edges[:, 0] != edges[:, 1]])
    gt.remove_parallel_edges(g)
    return g


def write_edges(g, path):
    with open(path, "w") as f:
        f.write("source,target\n")
        for s, t in g.get_edges()[:, :2]:
            f.write(f"{s},{t}\n")


def edge_ratio(edges, xy, community):
    d = np.linalg.norm(xy[edges[:, 0]] - xy[edges[:, 1]], axis=1)
    inside = community[edges[:, 0]] == community[edges[:, 1]]
    return d[inside].mean() / d[~inside].mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--graphs", default="astro-ph,cond-mat-2005,random10k,random100k")
    args = ap.parse_args()
    print(f"{'graph':<16}{'nodes':>8}{'edges':>9}{'poolscope s':>13}{'sfdp s':>9}"
          f"{'ratio ours':>12}{'ratio sfdp':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.graphs.split(","):
            g = random_graph(int(name[6:-1]) * 1000) if name.startswith("random") else giant(name)
            edges = g.get_edges()[:, :2].astype(np.int64)
            n = g.num_vertices()
            path = os.path.join(tmp, "g.csv")
            write_edges(g, path)
            out = os.path.join(tmp, "xy.csv")
            t0 = time.perf_counter()
            subprocess.run([BIN, "layout", path, "--keep-ids", "--out", out], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ours_s = time.perf_counter() - t0
            ours = np.zeros((n, 2))
            rows = np.loadtxt(out, delimiter=",", skiprows=1, usecols=(0, 1, 2))
            ours[rows[:, 0].astype(int)] = rows[:, 1:]
            t0 = time.perf_counter()
            pos = gt.sfdp_layout(g)
            theirs_s = time.perf_counter() - t0
            theirs = np.array([pos[v] for v in g.vertices()])
            nxg = nx.Graph()
            nxg.add_nodes_from(range(n))
            nxg.add_edges_from(edges.tolist())
            community = np.zeros(n, dtype=int)
            for c, members in enumerate(nx.community.louvain_communities(nxg, seed=0)):
                community[list(members)] = c
            print(f"{name:<16}{n:>8}{len(edges):>9}{ours_s:>13.1f}{theirs_s:>9.1f}"
                  f"{edge_ratio(edges, ours, community):>12.2f}"
                  f"{edge_ratio(edges, theirs, community):>12.2f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
