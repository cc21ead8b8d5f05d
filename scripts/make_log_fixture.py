#!/usr/bin/env python3
"""Writes tests/data/karate_log with the poolscope Python package (pip install ./python), and
tests/data/karate_log_expected.json with numpy's values of what the Rust reader must find:
a log as a PyG run writes it, for `cargo test` to read without Python.

    python3 scripts/make_log_fixture.py   (needs numpy and networkx)
"""

import json
import os
import shutil

import networkx as nx
import numpy as np

import poolscope

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "karate_log")

g = nx.karate_club_graph()
e = np.array(list(g.edges())).T
edge_index = np.concatenate([e, e[::-1]], axis=1)
club = np.array([g.nodes[i]["club"] for i in g.nodes])
rng = np.random.default_rng(7)

shutil.rmtree(OUT, ignore_errors=True)
w = poolscope.Writer(OUT, name="karate (logged)")
w.add_graph(edge_index, num_nodes=34, y={"club": club})
expected = {"steps": [], "nodes": 34, "edges": int(e.shape[1])}
a = np.zeros((34, 34))
a[edge_index[0], edge_index[1]] = 1
d = a.sum(1)
for step in (0, 10, 20):
    logits = rng.normal(size=(34, 3)) + 4.0 * (club[:, None] == np.array(["Mr. Hi", "Officer", "x"])) * step / 20
    s = np.exp(logits - logits.max(1, keepdims=True))
    s /= s.sum(1, keepdims=True)
    top = np.array([[0.9, 0.1], [0.1, 0.9], [0.5, 0.5]], dtype=np.float32)
    w.add_step(step, [logits.astype(np.float32), top], logits=[True, False],
               embeddings=[rng.normal(size=(34, 4)).astype(np.float32)], losses={"total": float(step)})
    spectral = -np.trace(s.T @ (a - np.outer(d, d) / d.sum()) @ s) / d.sum()
    expected["steps"].append({"step": step, "dmon_spectral": float(spectral),
                              "hard": [int(x) for x in s.argmax(1)]})
w.add_step(30, [{"perm": list(range(0, 34, 2)), "score": rng.normal(size=34)}])
expected["steps"].append({"step": 30, "kept": list(range(0, 34, 2))})
w.close()
with open(os.path.join(ROOT, "tests", "data", "karate_log_expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
print("wrote", OUT)
