#!/usr/bin/env python3
"""The explorer issue's peer table, measured in one sitting: reading an edge list (poolscope
`info`, networkx `read_edgelist`, igraph `Read_Ncol`) and Louvain (poolscope's reference as
`train --method louvain --json` reports it, networkx `louvain_communities`, igraph
`community_multilevel`) and Leiden (`train --method leiden`, igraph `community_leiden` with
modularity, iterated until stable): modularity and seconds on the same graphs. Not part of
`cargo test`.

    venv/bin/pip install networkx igraph
    venv/bin/python scripts/peer_table.py [path/to/poolscope] [big edge list …]

Graphs: the bundled football, polbooks and polblogs, planted partitions of 10,000 and
100,000 nodes, and any edge lists given (read only above 200,000 edges: Louvain of a big
graph in networkx takes minutes).
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import igraph as ig
import networkx as nx

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/poolscope"
BIG = sys.argv[2:]
GRAPHS = ["football", "polbooks", "polblogs", "sbm:n=10000,k=20,din=8,dout=2,seed=1",
          "sbm:n=100000,k=50,din=8,dout=2,seed=1"]


def timed(f):
    t = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t


def as_ncol(graph, d):
    """The graph as poolscope reads it, written as a plain `u v` list for the peers."""
    csv = os.path.join(d, "g.csv")
    subprocess.run([BIN, "convert", graph, csv], check=True, capture_output=True)
    ncol = os.path.join(d, "g.ncol")
    with open(csv) as src, open(ncol, "w") as dst:
        next(src)
        for line in src:
            u, v = line.split(",")[:2]
            dst.write(f"{u} {v}\n")
    return ncol


def reading(path, d):
    ncol = os.path.join(d, os.path.basename(path) + ".ncol")
    with open(path) as src, open(ncol, "w") as dst:
        next(src)
        for line in src:
            u, v = line.split(",")[:2]
            dst.write(f"{u} {v}\n")
    _, ours = timed(lambda: subprocess.run([BIN, "info", path], check=True, capture_output=True))
    g, nxs = timed(lambda: nx.read_edgelist(ncol, nodetype=int))
    h, igs = timed(lambda: ig.Graph.Read_Ncol(ncol, directed=False))
    print(f"| {os.path.basename(path)} ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges) "
          f"| {ours:.2f} (with node table and summary) | {nxs:.2f} | {igs:.2f} |")


def louvain(graph, d):
    ncol = as_ncol(graph, d)
    out, ours = timed(lambda: subprocess.run([BIN, "train", graph, "--method", "louvain", "--json"],
                                             check=True, capture_output=True, text=True).stdout)
    q = json.loads(out)["louvain_modularity"]
    g = nx.read_edgelist(ncol)
    parts, nxs = timed(lambda: nx.community.louvain_communities(g, seed=0))
    nq = nx.community.modularity(g, parts)
    h = ig.Graph.Read_Ncol(ncol, directed=False)
    h.simplify()
    cl, igs = timed(lambda: h.community_multilevel())
    print(f"| {graph} ({g.number_of_nodes()} nodes) | {q:.4f} ({ours:.2f} s, whole command) "
          f"| {nq:.4f} ({nxs:.2f} s) | {cl.modularity:.4f} ({igs:.2f} s) |")


def leiden(graph, d):
    ncol = as_ncol(graph, d)
    out, ours = timed(lambda: subprocess.run([BIN, "train", graph, "--method", "leiden", "--json"],
                                             check=True, capture_output=True, text=True).stdout)
    q = json.loads(out)["levels"][-1]["modularity"]
    h = ig.Graph.Read_Ncol(ncol, directed=False)
    h.simplify()
    qs = []
    t = time.perf_counter()
    for seed in range(5):
        ig.set_random_number_generator(__import__("random").Random(seed))
        qs.append(h.community_leiden(objective_function="modularity", n_iterations=-1).modularity)
    igs = (time.perf_counter() - t) / 5
    print(f"| {graph} ({h.vcount()} nodes) | {q:.4f} ({ours:.2f} s, whole command) "
          f"| {min(qs):.4f}-{max(qs):.4f} ({igs:.2f} s each, seeds 0-4) |")


def main():
    with tempfile.TemporaryDirectory() as d:
        print("| graph | poolscope Louvain Q (s) | networkx Q (s) | igraph multilevel Q (s) |")
        print("|---|---|---|---|")
        for graph in GRAPHS:
            louvain(graph, d)
        print()
        print("| graph | poolscope Leiden Q (s) | igraph Leiden Q (s) |")
        print("|---|---|---|")
        for graph in GRAPHS:
            leiden(graph, d)
        if BIG:
            print()
            print("| edge list | poolscope info s | networkx read_edgelist s | igraph Read_Ncol s |")
            print("|---|---|---|---|")
            for path in BIG:
                reading(path, d)


if __name__ == "__main__":
    main()
