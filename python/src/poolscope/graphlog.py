"""One graph's log: the format the poolscope program reads, the checks a step passes before
anything of it is written, and the writes (temporary name, then rename).

Format version 1 (the poolscope program's README describes it too)::

    LOGDIR/poolscope_log.json   {"poolscope_log": 1, "name": ..., "labels": {column: [names]},
                                 "model": {"method": ..., "settings": {...}}}
    LOGDIR/graph.npz            edge_index (2 x E), edge_weight, x, y, y_NAME, num_nodes
    LOGDIR/steps.jsonl          {"step": 10, "file": "steps/00000010.npz",
                                 "levels": ["soft" | "logits" | "selection", ...],
                                 "losses": {name: value}, "batch": B}
    LOGDIR/steps/00000010.npz   S{l} (N_l x K_l) or perm{l} / score{l}; H{l} embeddings

A batched run is a folder of such logs, one per watched graph (``graph_3/``, …), with a
``poolscope_log.json`` of its own that lists them (``"graphs": [...]``).

Every file is written under a temporary name and renamed into place, and a step's line is
appended (and flushed to disk) only after its arrays are complete, so a run killed at any
moment leaves a readable log of the steps that finished.
"""

import json
import os

import numpy as np

LOG_META = "poolscope_log.json"

LOG_VERSION = 1

#: How far a row of probabilities may sum from 1.
ROW_SUM_TOLERANCE = 1e-3


def _check_rows(s, level, is_logits):
    """Probabilities must be non-negative rows summing to 1; logits that already are such rows
    were most likely given by mistake (a softmax of them would blur the assignment)."""
    if s.size == 0:
        return
    sums = s.sum(axis=1)
    looks_like_probabilities = bool(
        np.all(s >= 0) and np.all(np.abs(sums - 1) <= ROW_SUM_TOLERANCE)
    )
    if is_logits and looks_like_probabilities and s.shape[1] > 1:
        raise ValueError(
            f"level {level}: logits=True, but every row is already non-negative and sums to 1: "
            "these look like probabilities; drop logits=True (a softmax would blur them)"
        )
    if not is_logits and not looks_like_probabilities:
        bad = int(np.argmax((s < 0).any(axis=1) | (np.abs(sums - 1) > ROW_SUM_TOLERANCE)))
        lo = float(s[bad].min())
        why = f"holds {lo:.3g}" if lo < 0 else f"sums to {float(sums[bad]):.4g}"
        raise ValueError(
            f"level {level}: row {bad} {why}; an assignment is probabilities (rows of "
            "non-negative values summing to 1). If these are logits, pass logits=True"
        )


def _array(value, what):
    """A numpy array from a numpy array, a torch tensor (detached, on the CPU) or a list."""
    if value is None:
        return None
    if hasattr(value, "detach"):
        value = value.detach()
    if hasattr(value, "cpu"):
        value = value.cpu()
    if hasattr(value, "numpy"):
        value = value.numpy()
    try:
        return np.asarray(value)
    except Exception as e:  # pragma: no cover - numpy says what is wrong
        raise TypeError(f"{what}: expected an array or a tensor ({e})") from None


def atomic_savez(path, arrays):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        np.savez(f, **arrays)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def atomic_write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _labels(y, n):
    """Label columns as integer codes, with the names of string labels."""
    columns = y if isinstance(y, dict) else {"y": y}
    codes, names = {}, {}
    for name, values in columns.items():
        a = _array(values, f"y[{name!r}]")
        if a.ndim == 2 and a.shape[1] == 1:
            a = a[:, 0]
        if a.ndim != 1 or a.shape[0] != n:
            raise ValueError(f"label column {name!r} has shape {a.shape}; expected ({n},)")
        if a.dtype.kind in "iub":
            codes[name] = a.astype(np.int64)
        elif a.dtype.kind == "f" and np.all(np.isfinite(a)) and np.all(a == np.round(a)):
            codes[name] = a.astype(np.int64)
        else:
            classes = sorted({str(v) for v in a})
            index = {c: i for i, c in enumerate(classes)}
            codes[name] = np.array([index[str(v)] for v in a], dtype=np.int64)
            names[name] = classes
    return codes, names




def read_meta(logdir):
    """The metadata of the log at ``logdir``, checked for its version."""
    meta = os.path.join(logdir, LOG_META)
    with open(meta, encoding="utf-8") as f:
        info = json.load(f)
    if info.get("poolscope_log") != LOG_VERSION:
        raise ValueError(f"{meta}: log format {info.get('poolscope_log')}, expected {LOG_VERSION}")
    return info


def graph_arrays(edge_index, num_nodes=None, edge_weight=None, x=None, y=None):
    """The arrays of graph.npz and the label names, checked: PyG's ``edge_index`` (2 x E), and
    optionally the node count, edge weights (E), features (N x F) and labels (N values, or a
    dict of columns)."""
    ei = _array(edge_index, "edge_index")
    if ei.ndim != 2 or ei.shape[0] != 2:
        raise ValueError(f"edge_index has shape {ei.shape}; expected (2, E)")
    if ei.size and (ei.min() < 0 or not np.all(ei == np.round(ei))):
        raise ValueError("edge_index must hold node numbers 0, 1, 2, ...")
    ei = ei.astype(np.int64)
    xa = _array(x, "x")
    if num_nodes is None:
        num_nodes = xa.shape[0] if xa is not None else (int(ei.max()) + 1 if ei.size else 0)
    n = int(num_nodes)
    if ei.size and int(ei.max()) >= n:
        raise ValueError(f"edge_index names node {int(ei.max())} but num_nodes is {n}")
    arrays = {"edge_index": ei, "num_nodes": np.array(n, dtype=np.int64)}
    if edge_weight is not None:
        w = _array(edge_weight, "edge_weight").astype(np.float32).reshape(-1)
        if w.shape[0] != ei.shape[1]:
            raise ValueError(f"edge_weight has {w.shape[0]} values for {ei.shape[1]} edges")
        if not np.all(np.isfinite(w)):
            raise ValueError("edge_weight holds NaN or infinity")
        arrays["edge_weight"] = w
    names = {}
    if xa is not None:
        xa = xa.astype(np.float32)
        if xa.ndim == 1:
            xa = xa[:, None]
        if xa.shape[0] != n:
            raise ValueError(f"x has {xa.shape[0]} rows for {n} nodes")
        arrays["x"] = xa
    if y is not None:
        codes, names = _labels(y, n)
        for col, values in codes.items():
            arrays["y" if col == "y" else f"y_{col}"] = values
    return arrays, names


def step_arrays(assignments, embeddings, losses, logits, nodes):
    """A step's arrays, its level kinds and its losses, every part checked; nothing written."""
    if not isinstance(assignments, (list, tuple)):
        assignments = [assignments]
    flags = logits if isinstance(logits, (list, tuple)) else [logits] * len(assignments)
    if len(flags) != len(assignments):
        raise ValueError(f"{len(flags)} logits flags for {len(assignments)} levels")
    arrays, kinds, rows, sizes = {}, [], nodes, [nodes]
    for level, (a, is_logits) in enumerate(zip(assignments, flags)):
        bnpool = None
        if isinstance(a, dict) and "s" in a:
            # BN-Pool: its assignment with the posterior and connectivity its losses need.
            bnpool, a = a, a["s"]
        if isinstance(a, dict):
            if "perm" not in a:
                raise ValueError(
                    f"level {level}: a selection needs 'perm' (the kept nodes); a BN-Pool level "
                    "needs 's' (the assignment)"
                )
            perm = _array(a["perm"], f"perm of level {level}").astype(np.int64).reshape(-1)
            if perm.size and (perm.min() < 0 or perm.max() >= rows):
                raise ValueError(f"level {level}: perm names node {int(perm.max())} of {rows}")
            arrays[f"perm{level}"] = perm
            if a.get("score") is not None:
                score = _array(a["score"], f"score of level {level}").astype(np.float32).reshape(-1)
                if not np.all(np.isfinite(score)):
                    raise ValueError(f"level {level}: the scores hold NaN or infinity")
                arrays[f"score{level}"] = score
            kinds.append("selection")
            rows = perm.shape[0]
            sizes.append(rows)
            continue
        s = _array(a, f"assignment of level {level}").astype(np.float32)
        while s.ndim > 2 and s.shape[0] == 1:
            s = s[0]
        if s.ndim == 3:
            raise ValueError(
                f"level {level}: a batch of {s.shape[0]} graphs ({s.shape}); give the batch's "
                "graphs with add_step(..., graph=data) or add_graph(adj=..., mask=...) first"
            )
        if s.ndim != 2:
            raise ValueError(f"level {level}: assignment has shape {s.shape}; expected N x K (or 1 x N x K)")
        if s.shape[0] != rows:
            raise ValueError(f"level {level}: assignment has {s.shape[0]} rows; the level has {rows} nodes")
        if not np.all(np.isfinite(s)):
            raise ValueError(f"level {level}: the assignment holds NaN or infinity")
        _check_rows(s, level, is_logits)
        arrays[f"S{level}"] = s
        if bnpool is not None:
            arrays.update(_bnpool_arrays(bnpool, s.shape, level))
        kinds.append("logits" if is_logits else "soft")
        rows = s.shape[1]
        sizes.append(rows)
    for level, h in enumerate(embeddings or []):
        if h is None:
            continue
        h = _array(h, f"embeddings of level {level}").astype(np.float32)
        while h.ndim > 2 and h.shape[0] == 1:
            h = h[0]
        if h.ndim != 2:
            raise ValueError(f"level {level}: embeddings have shape {h.shape}; expected N x d")
        if level < len(sizes) and h.shape[0] != sizes[level]:
            raise ValueError(
                f"level {level}: embeddings have {h.shape[0]} rows; the level has {sizes[level]} nodes"
            )
        if not np.all(np.isfinite(h)):
            raise ValueError(f"level {level}: the embeddings hold NaN or infinity")
        arrays[f"H{level}"] = h
    return arrays, kinds, check_losses(losses)


def _bnpool_arrays(given, shape, level):
    """BN-Pool's posterior Beta parameters (``q_z``, or ``alpha`` and ``beta``: N x K-1) and
    cluster connectivity (``K``: K x K) for a level of ``shape`` (N x K), checked."""
    q = given.get("q_z")
    alpha = given.get("alpha", getattr(q, "concentration1", None))
    beta = given.get("beta", getattr(q, "concentration0", None))
    connectivity = given.get("K")
    if alpha is None or beta is None or connectivity is None:
        raise ValueError(
            f"level {level}: a BN-Pool level needs 'q_z' (out.so.q_z) or 'alpha' and 'beta', "
            "and 'K' (pooler.K) beside 's'"
        )
    n, k = shape
    out = {}
    for name, value, want in (("alpha", alpha, (n, k - 1)), ("beta", beta, (n, k - 1)),
                              ("Kc", connectivity, (k, k))):
        v = _array(value, f"{name} of level {level}").astype(np.float32)
        while v.ndim > 2 and v.shape[0] == 1:
            v = v[0]
        if v.shape != want:
            raise ValueError(f"level {level}: {name} has shape {v.shape}; expected {want}")
        if not np.all(np.isfinite(v)):
            raise ValueError(f"level {level}: {name} holds NaN or infinity")
        if name != "Kc" and not np.all(v > 0):
            raise ValueError(f"level {level}: {name} holds a value that is not positive (a Beta parameter)")
        out[f"{name}{level}"] = v
    return out


def check_losses(losses):
    record = {}
    for k, v in (losses or {}).items():
        value = _array(v, f"loss {k!r}")
        if value.size != 1:
            raise ValueError(f"loss {k!r} has shape {value.shape}; expected one number")
        value = float(value.reshape(-1)[0])
        if not np.isfinite(value):
            raise ValueError(f"loss {k!r} is {value}; expected a finite number")
        record[str(k)] = value
    return record


class GraphLog:
    """One graph's log directory: its metadata, graph and steps. Reopened, it goes on after the
    last step it holds."""

    def __init__(self, logdir, meta):
        self.logdir = logdir
        os.makedirs(os.path.join(logdir, "steps"), exist_ok=True)
        self.nodes = None
        self.last_step = None
        self._index = None
        path = os.path.join(logdir, LOG_META)
        if os.path.exists(path):
            self.meta = read_meta(logdir)
            graph = os.path.join(logdir, "graph.npz")
            if os.path.exists(graph):
                with np.load(graph) as g:
                    self.nodes = int(g["num_nodes"])
            index = os.path.join(logdir, "steps.jsonl")
            if os.path.exists(index):
                with open(index, encoding="utf-8") as f:
                    for line in f:
                        if line.endswith("\n"):
                            try:
                                self.last_step = json.loads(line)["step"]
                            except (ValueError, KeyError):
                                pass
            for key in ("model",):
                if meta.get(key) is not None and self.meta.get(key) != meta[key]:
                    self.meta[key] = meta[key]
                    atomic_write(path, json.dumps(self.meta))
        else:
            self.meta = {"poolscope_log": LOG_VERSION, "labels": {}}
            self.meta.update({k: v for k, v in meta.items() if v is not None})
            atomic_write(path, json.dumps(self.meta))

    def set_graph(self, arrays, names, name=None):
        graph = os.path.join(self.logdir, "graph.npz")
        if self.last_step is not None and os.path.exists(graph):
            # Resuming a run: the same graph again is fine; another would orphan its steps.
            with np.load(graph) as old:
                same = set(old.files) == set(arrays) and all(
                    np.array_equal(old[k], arrays[k]) for k in arrays
                )
            if not same:
                raise ValueError(
                    f"{self.logdir} already holds a run of {self.last_step + 1} steps on another "
                    "graph: write this run into a new folder (its steps would not match the "
                    "old graph, nor the new steps the old run)"
                )
            self.nodes = int(arrays["num_nodes"])
            return
        if names:
            self.meta["labels"] = names
        if name:
            self.meta["name"] = name
        atomic_savez(graph, arrays)
        atomic_write(os.path.join(self.logdir, LOG_META), json.dumps(self.meta))
        self.nodes = int(arrays["num_nodes"])

    def check_step(self, step):
        if self.nodes is None:
            raise RuntimeError("add_graph(...) first: a step needs the graph it pools")
        step = int(step)
        if step < 0:
            raise ValueError("step numbers start at 0")
        if self.last_step is not None and step <= self.last_step:
            raise ValueError(f"step {step} after step {self.last_step}: steps must increase")
        return step

    def write_step(self, step, arrays, kinds, losses, extra=None):
        """Writes a checked step: its arrays, then its line."""
        rel = f"steps/{step:08d}.npz"
        atomic_savez(os.path.join(self.logdir, rel), arrays)
        record = {"step": step, "file": rel, "levels": kinds}
        if losses:
            record["losses"] = losses
        record.update(extra or {})
        if self._index is None:
            self._index = open(os.path.join(self.logdir, "steps.jsonl"), "a", encoding="utf-8")
        self._index.write(json.dumps(record) + "\n")
        self._index.flush()
        os.fsync(self._index.fileno())
        self.last_step = step

    def close(self):
        if self._index is not None:
            self._index.close()
            self._index = None
