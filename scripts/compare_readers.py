"""Time networkx's read_edgelist and igraph's Read_Ncol on the file benches/read_edgelist.rs
writes (run `cargo bench --bench read_edgelist` first), for the closing comparison.

    python3 -m pip install networkx igraph
    python3 scripts/compare_readers.py
"""
import os
import tempfile
import time

path = os.path.join(tempfile.gettempdir(), "poolscope-bench-1m.txt")
# Both readers want whitespace-separated columns without a header.
plain = path + ".ncol"
if not os.path.exists(plain):
    with open(path) as src, open(plain, "w") as dst:
        next(src)
        for line in src:
            dst.write(line.replace(",", " "))

import networkx as nx  # noqa: E402

t = time.perf_counter()
g = nx.read_edgelist(plain, nodetype=int, data=(("weight", float),))
print(f"networkx read_edgelist: {time.perf_counter() - t:.2f} s ({g.number_of_edges()} edges)")

import igraph as ig  # noqa: E402

t = time.perf_counter()
h = ig.Graph.Read_Ncol(plain, weights=True, directed=False)
print(f"igraph Read_Ncol:       {time.perf_counter() - t:.2f} s ({h.ecount()} edges)")
