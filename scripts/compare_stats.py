"""Check `poolscope info --json`'s structure numbers against networkx on every bundled sample.

poolscope reads structure the way `networkx.Graph(G)` does: directed edges as undirected,
self-loops and weights aside. Each sample is written by `poolscope convert` as an edge list
and read back here, so both sides see the same node numbering.

    python scripts/compare_stats.py [path/to/poolscope]
"""

import csv
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path

import networkx as nx

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/poolscope"
SAMPLES = ["karate", "football", "polbooks", "lesmis", "dolphins", "polblogs", "flare",
           "minnesota", "logo", "drosophila_left", "h13-4", "sbm"]


def networkx_graph(name: str, tmp: Path) -> nx.Graph:
    out = tmp / f"{name}.csv"
    subprocess.run([BIN, "convert", name, str(out)], check=True, capture_output=True)
    g = nx.Graph()
    nodes = tmp / f"{name}_nodes.csv"
    with open(nodes) as f:
        rows = list(csv.reader(f))
    ids = [r[0] for r in rows[1:]]
    g.add_nodes_from(ids)
    with open(out) as f:
        reader = csv.reader(f)
        next(reader)
        for r in reader:
            if r[0] != r[1]:
                g.add_edge(r[0], r[1])
    return g


def main() -> int:
    bad = 0
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        print(f"{'sample':16} {'stat':14} {'poolscope':>12} {'networkx':>12}")
        for name in SAMPLES:
            info = json.loads(subprocess.run([BIN, "info", name, "--json"], check=True,
                                             capture_output=True, text=True).stdout)
            ours = info["structure"]
            g = networkx_graph(name, tmp)
            theirs = {
                "nodes": g.number_of_nodes(),
                "edges": g.number_of_edges(),
                "density": nx.density(g),
                "components": nx.number_connected_components(g),
                "largest_component": max(len(c) for c in nx.connected_components(g)),
                "clustering": nx.average_clustering(g),
                "assortativity": nx.degree_assortativity_coefficient(g),
            }
            for key, want in theirs.items():
                got = ours[key]
                got = math.nan if got is None else got
                same = (math.isnan(want) and math.isnan(got)) or abs(got - want) <= 1e-9 * max(1, abs(want))
                bad += not same
                print(f"{name:16} {key:14} {got:12.6g} {want:12.6g}{'' if same else '  DIFFERENT'}")
            hist = {d: c for d, c in ours["degree_histogram"]}
            nx_hist = {d: c for d, c in enumerate(nx.degree_histogram(g)) if c}
            if hist != nx_hist:
                bad += 1
                print(f"{name:16} degree histogram DIFFERENT")
    print("all equal" if bad == 0 else f"{bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
