"""A batch of graphs cut into its graphs: PyG's dense form (``adj`` B x N x N with ``mask``
B x N, as ``DenseDataLoader`` gives) or its sparse one (``edge_index`` over every node with
the ``batch`` vector), and each level's assignment and embeddings cut the same way.

A graph is known by its content (node count, edges, features), so a shuffled loader's graphs
are recognised from step to step; given the data set, that content finds its index in it.
"""

import hashlib

import numpy as np

from .graphlog import _array

#: Most graphs one run watches; more are refused rather than written without a bound.
MAX_GRAPHS_LIMIT = 1000
#: Most graphs of a data set indexed to name a batch's graphs by their place in it.
MAX_DATASET_GRAPHS = 200_000


def fields(data):
    """The parts of a PyG ``Data`` / ``Batch`` (or a dict with the same keys) a log reads."""
    get = data.get if isinstance(data, dict) else (lambda k: getattr(data, k, None))
    return {k: get(k) for k in ("adj", "mask", "edge_index", "batch", "x", "edge_weight", "y", "idx")}


def is_data(value):
    return value is not None and (
        isinstance(value, dict) and ("adj" in value or "edge_index" in value)
        or not isinstance(value, dict) and (hasattr(value, "edge_index") or hasattr(value, "adj"))
    ) and not hasattr(value, "shape")


def key(edge_index, n, x):
    """A graph's identity: its node count, its edges as a set of pairs, and its features."""
    h = hashlib.sha1(str(int(n)).encode())
    e = np.asarray(edge_index, dtype=np.int64).reshape(2, -1)
    pairs = np.unique(np.sort(e.T, axis=1), axis=0) if e.size else np.zeros((0, 2), np.int64)
    h.update(np.ascontiguousarray(pairs).tobytes())
    if x is not None:
        h.update(np.ascontiguousarray(np.asarray(x, dtype=np.float32)).tobytes())
    return h.hexdigest()[:16]


class Split:
    """How the graphs of one batch sit in its arrays: ``rows[b]`` are graph b's rows of level
    0, ``graphs[b]`` its graph (edge_index, num_nodes, edge_weight, x, node labels) and
    ``labels[b]`` its graph label (or None)."""

    def __init__(self, adj=None, mask=None, edge_index=None, batch=None, x=None, edge_weight=None, y=None):
        self.dense = adj is not None
        xa = _array(x, "x")
        ya = _array(y, "y")
        self.graphs, self.rows, self.labels = [], [], []
        if self.dense:
            a = _array(adj, "adj").astype(np.float32)
            if a.ndim == 2:
                a = a[None]
            if a.ndim != 3 or a.shape[1] != a.shape[2]:
                raise ValueError(f"adj has shape {a.shape}; expected B x N x N (or N x N)")
            count, width = a.shape[0], a.shape[1]
            self.width = width
            m = np.ones((count, width), bool) if mask is None else _array(mask, "mask").astype(bool)
            if m.ndim == 1:
                m = m[None]
            if m.shape != (count, width):
                raise ValueError(f"mask has shape {m.shape}; expected {(count, width)} for adj {a.shape}")
            if not np.all(np.isfinite(a)):
                raise ValueError("adj holds NaN or infinity")
            if xa is not None and (xa.ndim == 2 and count == 1):
                xa = xa[None]
            for b in range(count):
                rows = np.nonzero(m[b])[0]
                sub = a[b][np.ix_(rows, rows)]
                src, dst = np.nonzero(sub)
                w = sub[src, dst]
                xb = None if xa is None else xa[b][rows]
                self.rows.append(rows)
                self.graphs.append({
                    "edge_index": np.stack([src, dst]).astype(np.int64),
                    "num_nodes": len(rows),
                    "edge_weight": None if np.all(w == 1) else w,
                    "x": xb,
                })
        else:
            if edge_index is None:
                raise ValueError("a batch needs adj (with mask) or edge_index (with batch)")
            ei = _array(edge_index, "edge_index").astype(np.int64)
            if ei.ndim != 2 or ei.shape[0] != 2:
                raise ValueError(f"edge_index has shape {ei.shape}; expected (2, E)")
            total = xa.shape[0] if xa is not None else (int(ei.max()) + 1 if ei.size else 0)
            bv = np.zeros(total, np.int64) if batch is None else _array(batch, "batch").astype(np.int64).reshape(-1)
            if batch is not None and xa is not None and bv.shape[0] != xa.shape[0]:
                raise ValueError(f"batch has {bv.shape[0]} entries for {xa.shape[0]} rows of x")
            if bv.size and (bv.min() < 0 or np.any(np.diff(bv) < 0)):
                raise ValueError("batch must be PyG's batch vector: graph numbers 0, 0, 1, 1, ... in order")
            if ei.size and int(ei.max()) >= bv.shape[0]:
                raise ValueError(f"edge_index names node {int(ei.max())} of a batch of {bv.shape[0]} nodes")
            self.batch = bv
            count = int(bv.max()) + 1 if bv.size else 0
            wa = None if edge_weight is None else _array(edge_weight, "edge_weight").astype(np.float32).reshape(-1)
            start = np.searchsorted(bv, np.arange(count))
            for b in range(count):
                rows = np.nonzero(bv == b)[0]
                keep = (bv[ei[0]] == b) if ei.size else np.zeros(0, bool)
                self.rows.append(rows)
                self.graphs.append({
                    "edge_index": ei[:, keep] - start[b],
                    "num_nodes": len(rows),
                    "edge_weight": None if wa is None else wa[keep],
                    "x": None if xa is None else xa[rows],
                })
        if count > MAX_GRAPHS_LIMIT * 100:
            raise ValueError(f"a batch of {count} graphs; at most {MAX_GRAPHS_LIMIT * 100}")
        node_y = None
        if ya is not None:
            flat = ya.reshape(-1) if ya.ndim <= 1 or (ya.ndim == 2 and ya.shape[1] == 1) else None
            if flat is not None and flat.shape[0] == count:
                self.labels = [flat[b].item() for b in range(count)]
            elif self.dense and ya.ndim == 2 and ya.shape == (count, self.width):
                node_y = [ya[b][self.rows[b]] for b in range(count)]
            elif not self.dense and flat is not None and flat.shape[0] == len(self.batch):
                node_y = [flat[r] for r in self.rows]
        if not self.labels:
            self.labels = [None] * count
        for b, g in enumerate(self.graphs):
            g["y"] = None if node_y is None else node_y[b]
        self.count = count

    def _dense_rows(self, b):
        """Graph b's rows in a B x N x ... array: its mask's, or the first n as PyG's
        ``to_dense_batch`` packs a sparse batch."""
        return self.rows[b] if self.dense else np.arange(len(self.rows[b]))

    @classmethod
    def of_list(cls, datas):
        """One batch of a list of PyG ``Data`` (or dicts): their graphs side by side, as
        PyG's ``Batch.from_data_list`` joins them."""
        parts, xs, offset, batch = [], [], 0, []
        for i, d in enumerate(datas):
            f = fields(d)
            if f["adj"] is not None:
                one = cls(adj=f["adj"], mask=f["mask"], x=f["x"])
                g = one.graphs[0]
                ei, n, x = g["edge_index"], g["num_nodes"], g["x"]
            else:
                ei = _array(f["edge_index"], f"graph {i}: edge_index").astype(np.int64).reshape(2, -1)
                x = _array(f["x"], f"graph {i}: x")
                n = x.shape[0] if x is not None else (int(ei.max()) + 1 if ei.size else 0)
            parts.append(ei + offset)
            xs.append(x)
            batch.append(np.full(n, i, np.int64))
            offset += n
        same = all(x is not None for x in xs) and len({x.shape[1:] for x in xs}) == 1
        return cls(edge_index=np.concatenate(parts, axis=1) if parts else np.zeros((2, 0), np.int64),
                   batch=np.concatenate(batch) if batch else np.zeros(0, np.int64),
                   x=np.concatenate(xs) if same and xs else None)

    def keys(self):
        return [key(g["edge_index"], g["num_nodes"], g["x"]) for g in self.graphs]

    def level_arrays(self, b, assignments, embeddings):
        """Graph b's part of each level's assignment and embeddings."""
        if not isinstance(assignments, (list, tuple)):
            assignments = [assignments]
        out_s, out_h = [], []
        level_batch = None if self.dense else self.batch
        for level, a in enumerate(assignments):
            bnpool = None
            if isinstance(a, dict) and "s" in a:
                bnpool, a = a, a["s"]
            if isinstance(a, dict):
                if level_batch is None:
                    raise ValueError(
                        f"level {level}: a selection in a dense batch; give perm per graph or "
                        "the sparse batch (edge_index with batch)"
                    )
                perm = _array(a["perm"], f"perm of level {level}").astype(np.int64).reshape(-1)
                if perm.size and (perm.min() < 0 or perm.max() >= len(level_batch)):
                    raise ValueError(f"level {level}: perm names node {int(perm.max())} of {len(level_batch)}")
                mine = np.nonzero(level_batch == b)[0]
                position = np.full(len(level_batch), -1)
                position[mine] = np.arange(len(mine))
                kept = level_batch[perm] == b
                part = {"perm": position[perm[kept]]}
                if a.get("score") is not None:
                    score = _array(a["score"], f"score of level {level}").reshape(-1)
                    part["score"] = score[kept] if score.shape[0] == perm.shape[0] else score[mine]
                out_s.append(part)
                level_batch = level_batch[perm]
                continue
            s = _array(a, f"assignment of level {level}")
            if s.ndim == 3:
                if s.shape[0] != self.count:
                    raise ValueError(f"level {level}: {s.shape[0]} graphs in the assignment, {self.count} in the batch")
                rows = self._dense_rows(b) if level == 0 else slice(None)

                def take(v, rows=rows):
                    return v[b][rows]
            elif s.ndim == 2 and level_batch is not None:
                if s.shape[0] != len(level_batch):
                    raise ValueError(f"level {level}: assignment has {s.shape[0]} rows; the batch's level has {len(level_batch)}")
                mine = level_batch == b

                def take(v, mine=mine):
                    return v[mine]
            else:
                raise ValueError(f"level {level}: assignment has shape {s.shape}; expected B x N x K for a batch")
            part = take(s)
            if bnpool is not None:
                # BN-Pool's posterior is cut like its assignment; its connectivity is shared.
                q = bnpool.get("q_z")
                part = {"s": part, "K": bnpool.get("K")}
                for name, attr in (("alpha", "concentration1"), ("beta", "concentration0")):
                    v = bnpool.get(name, getattr(q, attr, None))
                    if v is None:
                        continue
                    v = _array(v, f"{name} of level {level}")
                    if v.shape[:-1] != s.shape[:-1]:
                        raise ValueError(
                            f"level {level}: {name} has shape {v.shape}; expected {s.shape[:-1]} "
                            "x K-1, as the assignment"
                        )
                    part[name] = take(v)
            out_s.append(part)
            level_batch = None
        for level, h in enumerate(embeddings or []):
            if h is None:
                out_h.append(None)
                continue
            h = _array(h, f"embeddings of level {level}")
            if h.ndim == 3:
                out_h.append(h[b][self._dense_rows(b)] if level == 0 else h[b])
            elif h.ndim == 2 and level == 0 and not self.dense:
                out_h.append(h[self.rows[b]])
            else:
                raise ValueError(f"level {level}: embeddings have shape {h.shape}; expected B x N x d for a batch")
        return out_s, out_h
