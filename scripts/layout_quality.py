#!/usr/bin/env python3
"""Layout quality of poolscope's default layout against graphology's ForceAtlas2.

For each graph: the silhouette of the 2-D positions by the ground-truth groups (scikit-learn;
1 is perfect separation, 0 none) and the ratio of mean edge length inside to mean edge length
between the graph's own modularity clusters (networkx Louvain, seed 0; lower is better, and
no labels are needed), with the time each layout took.

    python3 -m venv venv && venv/bin/pip install numpy scikit-learn networkx
    venv/bin/python scripts/layout_quality.py [--graphology-iterations 500]

Needs node and npm for graphology (installed into scripts/fa2_compare/node_modules).
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

import networkx as nx
import numpy as np
from sklearn.metrics import silhouette_score

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.join(ROOT, "target", "release", "poolscope")

GRAPHS = [
    ("lfr5k", "lfr:n=5000,k=10,maxk=50,tau1=2.5,tau2=1.5,mu=0.2,minc=20,maxc=70,seed=0", "community"),
    ("football", "football", "value"),
    ("polbooks", "polbooks", "value"),
]


def read_xy(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    return {r["id"]: (float(r["x"]), float(r["y"])) for r in rows}


def read_graph(edges_csv, nodes_csv, column):
    g = nx.Graph()
    with open(nodes_csv) as f:
        labels = {r["id"]: r[column] for r in csv.DictReader(f)}
    g.add_nodes_from(labels)
    with open(edges_csv) as f:
        for r in csv.DictReader(f):
            if r["source"] != r["target"]:
                g.add_edge(r["source"], r["target"])
    return g, labels


def scores(g, labels, clusters, xy):
    ids = list(g.nodes)
    pos = np.array([xy[i] for i in ids])
    sil = silhouette_score(pos, [labels[i] for i in ids])
    member = {v: k for k, c in enumerate(clusters) for v in c}
    inside, between = [], []
    for u, v in g.edges:
        d = np.hypot(xy[u][0] - xy[v][0], xy[u][1] - xy[v][1])
        (inside if member[u] == member[v] else between).append(d)
    ratio = np.mean(inside) / np.mean(between) if between else float("nan")
    return sil, ratio


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--graphology-iterations", type=int, default=500)
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--manifest-path",
                    os.path.join(ROOT, "Cargo.toml")], check=True)
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund"],
                   cwd=os.path.join(HERE, "fa2_compare"), check=True, stdout=subprocess.DEVNULL)
    print(f"{'graph':<10} {'layout':<22} {'silhouette':>10} {'in/out':>7} {'seconds':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, spec, column in GRAPHS:
            edges = os.path.join(tmp, f"{name}.csv")
            subprocess.run([BIN, "convert", spec, edges], check=True, stderr=subprocess.DEVNULL)
            g, labels = read_graph(edges, edges[:-4] + "_nodes.csv", column)
            clusters = nx.community.louvain_communities(g, seed=0)
            ours = os.path.join(tmp, f"{name}_ours.csv")
            t0 = time.perf_counter()
            subprocess.run([BIN, "layout", edges, "--out", ours], check=True,
                           stdout=subprocess.DEVNULL)
            t_ours = time.perf_counter() - t0
            theirs = os.path.join(tmp, f"{name}_graphology.csv")
            out = subprocess.run(["node", os.path.join(HERE, "fa2_compare", "layout.mjs"), edges,
                                  str(args.graphology_iterations), theirs],
                                 check=True, capture_output=True, text=True).stdout
            t_theirs = json.loads(out)["ms"] / 1000.0
            for label, path, t in [("poolscope default", ours, t_ours),
                                   (f"graphology {args.graphology_iterations} it", theirs, t_theirs)]:
                sil, ratio = scores(g, labels, clusters, read_xy(path))
                print(f"{name:<10} {label:<22} {sil:>10.3f} {ratio:>7.3f} {t:>8.2f}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
