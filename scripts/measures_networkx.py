"""The node table's measures beside networkx's on the same graphs: each figure's largest
difference and both programs' times (run from the repository root after `cargo build
--release`; needs networkx and scipy).

    python scripts/measures_networkx.py [GRAPH ...]

Graphs are samples or generator specs; each is written as GraphML by `poolscope convert`
and read by networkx, so both see the same edges and weights. Betweenness is compared
exactly where poolscope computes it exactly; where poolscope samples sources, networkx runs
with the same number of sampled sources and the script compares the top 100 nodes' overlap.
"""

import csv
import os
import subprocess
import sys
import tempfile
import time

import networkx as nx

BIN = os.environ.get("POOLSCOPE_BIN", "target/release/poolscope")
GRAPHS = sys.argv[1:] or [
    "karate",
    "football",
    "lesmis",
    "lfr:n=12000,k=15,maxk=80,tau1=2.5,tau2=1.5,mu=0.21,minc=50,maxc=170,seed=0",
]


def poolscope_table(graph, out):
    t = time.perf_counter()
    run = subprocess.run([BIN, "info", graph, "--node-table", out], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(run.stderr)
    took = time.perf_counter() - t
    with open(out, newline="") as f:
        rows = list(csv.DictReader(f))
    note = [line for line in run.stderr.splitlines() if line.startswith("wrote")]
    return rows, took, note[0] if note else ""


def main():
    print("| graph | nodes | PageRank max diff | betweenness | k-core equal | clustering max diff | poolscope s | networkx s |")
    print("|---|---|---|---|---|---|---|---|")
    for graph in GRAPHS:
        with tempfile.TemporaryDirectory() as d:
            gml = os.path.join(d, "g.graphml")
            subprocess.run([BIN, "convert", graph, gml], check=True, capture_output=True)
            rows, ps_time, note = poolscope_table(graph, os.path.join(d, "nodes.csv"))
            g = nx.read_graphml(gml)
            # poolscope's rows follow its node order, GraphML's ids are its ids.
            ids = [r["id"] for r in rows]
            t = time.perf_counter()
            pr = nx.pagerank(g, tol=1e-10)
            sampled = "sources" in note
            k = None
            if sampled:
                k = int(note.split("betweenness from ")[1].split(" of ")[0])
            bc = nx.betweenness_centrality(g, k=k, seed=0)
            core = nx.core_number(nx.Graph(g))
            cl = nx.clustering(nx.Graph(g))
            nx_time = time.perf_counter() - t
            pr_diff = max(abs(float(r["pagerank"]) - pr[i]) for r, i in zip(rows, ids))
            if sampled:
                top = lambda key: set(sorted(ids, key=key, reverse=True)[:100])
                ours = top(lambda i: float(rows[ids.index(i)]["betweenness"]))
                theirs = top(lambda i: bc[i])
                bc_text = f"sampled (k={k}): top-100 overlap {len(ours & theirs)}"
            else:
                bc_diff = max(abs(float(r["betweenness"]) - bc[i]) for r, i in zip(rows, ids))
                bc_text = f"exact: max diff {bc_diff:.1e}"
            core_ok = all(int(float(r["k-core"])) == core[i] for r, i in zip(rows, ids))
            cl_diff = max(abs(float(r["clustering"]) - cl[i]) for r, i in zip(rows, ids))
            name = graph if len(graph) < 20 else graph.split(",")[0] + ",…"
            print(
                f"| {name} | {len(ids)} | {pr_diff:.1e} | {bc_text} | {core_ok} | {cl_diff:.1e} "
                f"| {ps_time:.2f} | {nx_time:.2f} |"
            )


if __name__ == "__main__":
    main()
