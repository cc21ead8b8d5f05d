"""The Writer: a run folder, one graph (or the watched graphs of a batch), then one record per
training step. The format is in ``graphlog``; run folders and their lock in ``runs``; how a
batch is cut into its graphs in ``batch``."""

import json
import os
import weakref

import numpy as np

from . import batch as batches
from .graphlog import LOG_META, LOG_VERSION, GraphLog, atomic_write, check_losses, graph_arrays, read_meta, step_arrays
from .model import describe
from .runs import RunLock, run_dir

#: Graphs of a batch written when the writer is not told which: the first this many seen.
DEFAULT_GRAPHS = 16


def _one_hot_classes(x):
    """Node classes from one-hot features (MUTAG's atom types), else None."""
    if x is None or x.ndim != 2 or x.shape[1] < 2:
        return None
    if np.all((x == 0) | (x == 1)) and np.all(x.sum(axis=1) == 1):
        return np.argmax(x, axis=1)
    return None


class Writer:
    """Writes a run for ``poolscope LOGDIR``.

    ``Writer("runs")`` starts a new run folder ``runs/TIME_NAME`` (``run="name"`` picks the
    folder; an existing run goes on after its last step, never overwritten); a second writer
    on a run being written is refused. Then ``add_graph(...)`` once and ``add_step(...)`` as
    training runs; ``close()`` (or use it as a context manager).

    ``method=`` / ``model=`` and any other keyword (``hidden=32``, ``normalized=True``) record
    the model, which the window's model panel shows. For batches, ``graphs=[3, 17]`` names the
    graphs to write (by their index in ``dataset=`` when given, else in order of first sight),
    else the first ``max_graphs`` seen.
    """

    def __init__(self, logdir, name=None, *, run=None, method=None, model=None, dataset=None,
                 graphs=None, max_graphs=DEFAULT_GRAPHS, **settings):
        self.root = os.fspath(logdir)
        self.model = describe(method, model, settings)
        named = name or (self.model or {}).get("method") or (self.model or {}).get("model_class")
        self.logdir = run_dir(self.root, run, named)
        os.makedirs(self.logdir, exist_ok=True)
        self._lock = RunLock(self.logdir)
        self._release = weakref.finalize(self, self._lock.release)
        self.name = name or os.path.basename(os.path.normpath(self.logdir))
        if not 1 <= int(max_graphs) <= batches.MAX_GRAPHS_LIMIT:
            raise ValueError(f"max_graphs={max_graphs}; expected 1 to {batches.MAX_GRAPHS_LIMIT}")
        self._max_graphs = int(max_graphs)
        self._watch = None if graphs is None else [str(int(g)) if not isinstance(g, str) else g for g in graphs]
        self._dataset = dataset
        self._dataset_index = None
        self._single, self._graphs, self._keys, self._split, self._ids = None, {}, {}, None, None
        meta_path = os.path.join(self.logdir, LOG_META)
        self._batched = os.path.exists(meta_path) and bool(read_meta(self.logdir).get("batched"))
        if self._batched:
            self._meta = read_meta(self.logdir)
            for g in self._meta.get("graphs", []):
                self._keys[g["key"]] = g["id"]
        else:
            self._single = GraphLog(self.logdir, {"name": self.name, "model": self.model})

    # -- one graph ------------------------------------------------------------------------

    @property
    def _index(self):
        """The open step index of a one-graph run (tests reach it to imitate a kill)."""
        return self._single._index if self._single else None

    def add_graph(self, edge_index=None, num_nodes=None, edge_weight=None, x=None, y=None,
                  name=None, *, adj=None, mask=None, batch=None, ids=None):
        """The graph the model pools: PyG's ``edge_index`` (2 x E) with optionally the node
        count, edge weights (E), features (N x F) and labels (N values, or a dict of columns);
        or a dense ``adj`` (N x N). A batch registers each graph it holds: a PyG ``Batch`` /
        ``Data`` or a list of them, ``adj`` B x N x N with ``mask``, or ``edge_index`` with
        PyG's ``batch`` vector; ``ids`` names its graphs."""
        if isinstance(edge_index, (list, tuple)) and edge_index and batches.is_data(edge_index[0]):
            self._take_batch(batches.Split.of_list(edge_index), ids)
            return
        if batches.is_data(edge_index):
            f = batches.fields(edge_index)
            edge_index, adj, mask, batch = f["edge_index"], f["adj"], f["mask"], f["batch"]
            x = f["x"] if x is None else x
            edge_weight = f["edge_weight"] if edge_weight is None else edge_weight
            if ids is None and f["idx"] is not None:
                ids = f["idx"]
        split = None
        if adj is not None:
            a = batches._array(adj, "adj")
            if a.ndim == 3 and a.shape[0] > 1 or mask is not None or self._batched:
                split = batches.Split(adj=a, mask=mask, x=x, y=y)
            else:
                one = batches.Split(adj=a, x=x)
                edge_index, edge_weight, num_nodes = (one.graphs[0][k] for k in ("edge_index", "edge_weight", "num_nodes"))
        elif batch is not None:
            split = batches.Split(edge_index=edge_index, batch=batch, x=x, edge_weight=edge_weight, y=y)
        if split is not None:
            self._take_batch(split, ids)
            return
        if edge_index is None:
            raise ValueError("add_graph needs edge_index (2 x E), adj, or a PyG Data / Batch")
        arrays, names = graph_arrays(edge_index, num_nodes, edge_weight, x, y)
        self._single.set_graph(arrays, names, name)

    def add_step(self, step, assignments, embeddings=None, losses=None, logits=False, *,
                 graph=None, mask=None, batch=None, ids=None):
        """One training step: per pooling level, its assignment (``N_l x K_l``; a ``1 x N x K``
        batch of one; or ``{"perm": ..., "score": ...}`` from TopK / SAGPool), optionally the
        embeddings that entered each level (``N_l x d``) and the losses. ``logits``: the
        matrices hold logits (a row softmax gives the probabilities); a list says it per level.

        A batch: ``B x N x K`` assignments with the batch's ``graph=`` (a PyG ``Batch``, whose
        unseen graphs are registered), or after ``add_graph`` of the batch. Each watched
        graph of it gets the step; the losses are the batch's and say so."""
        if graph is not None:
            f = batches.fields(graph)
            split = batches.Split(adj=f["adj"], mask=f["mask"] if mask is None else mask,
                                  edge_index=None if f["adj"] is not None else f["edge_index"],
                                  batch=f["batch"] if batch is None else batch, x=f["x"],
                                  edge_weight=f["edge_weight"], y=f["y"])
            self._take_batch(split, ids if ids is not None else f["idx"])
        elif mask is not None or batch is not None:
            raise ValueError("mask= / batch= come with graph= (the batch), or with add_graph of the batch")
        if not self._batched:
            step = self._single.check_step(step)
            arrays, kinds, record_losses = step_arrays(assignments, embeddings, losses, logits, self._single.nodes)
            self._single.write_step(step, arrays, kinds, record_losses)
            return
        self._batched_step(step, assignments, embeddings, losses, logits)

    # -- batches --------------------------------------------------------------------------

    def _become_batched(self):
        if self._batched:
            return
        if self._single is not None and (self._single.nodes is not None or self._single.last_step is not None):
            raise ValueError(f"{self.logdir} holds one graph's run; write the batch as another run")
        if self._single is not None:
            self._single.close()
            try:
                os.rmdir(os.path.join(self.logdir, "steps"))
            except OSError:
                pass
        self._single = None
        self._batched = True
        self._meta = {"poolscope_log": LOG_VERSION, "name": self.name, "batched": True,
                      "graphs": [], "model": self.model}
        atomic_write(os.path.join(self.logdir, LOG_META), json.dumps(self._meta))

    def _dataset_id(self, key):
        if self._dataset is None:
            return None
        if self._dataset_index is None:
            index = {}
            for i in range(min(len(self._dataset), batches.MAX_DATASET_GRAPHS)):
                f = batches.fields(self._dataset[i])
                if f["adj"] is not None:  # a dense data set (T.ToDense)
                    g = batches.Split(adj=f["adj"], mask=f["mask"], x=f["x"]).graphs[0]
                    ei, n, x = g["edge_index"], g["num_nodes"], g["x"]
                elif f["edge_index"] is not None:
                    ei = batches._array(f["edge_index"], "edge_index")
                    x = batches._array(f["x"], "x")
                    n = x.shape[0] if x is not None else (int(ei.max()) + 1 if ei.size else 0)
                else:
                    continue
                index.setdefault(batches.key(ei, n, x), str(i))
            self._dataset_index = index
        return self._dataset_index.get(key)

    def _take_batch(self, split, ids):
        """Registers the watched graphs of a batch not seen before; remembers the batch."""
        self._become_batched()
        keys = split.keys()
        if ids is not None:
            given = [str(int(i)) for i in batches._array(ids, "ids").reshape(-1)]
            if len(given) != split.count:
                raise ValueError(f"{len(given)} ids for a batch of {split.count} graphs")
        out = []
        for b, k in enumerate(keys):
            gid = given[b] if ids is not None else self._keys.get(k) or self._dataset_id(k)
            if gid is None:
                # Not in the data set given (or none given): numbered in order of first sight,
                # apart from the data set's numbers.
                gid = str(len(self._keys)) if self._dataset is None else f"new{len(self._keys)}"
            known = {e["id"] for e in self._meta["graphs"]}
            watched = gid in known or (
                (self._watch is None and len(known) < self._max_graphs)
                or (self._watch is not None and gid in self._watch)
            )
            out.append(gid if watched else None)
            if not watched:
                continue
            self._keys.setdefault(k, gid)
            if gid not in self._graphs:  # new, or a resumed run's graph reopened
                self._register(gid, k, split, b)
        self._split, self._ids = split, out

    def _register(self, gid, k, split, b):
        folder = f"graph_{gid}"
        path = os.path.join(self.logdir, folder)
        g = split.graphs[b]
        log = GraphLog(path, {"name": f"{self.name} · graph {gid}", "model": self.model,
                              "graph_label": split.labels[b]})
        y = g["y"]
        classes = _one_hot_classes(g["x"])
        columns = {}
        if y is not None:
            columns["y"] = y
        if classes is not None:
            columns["x_class"] = classes
        arrays, names = graph_arrays(g["edge_index"], g["num_nodes"], g["edge_weight"], g["x"], columns or None)
        log.set_graph(arrays, names)
        self._graphs[gid] = log
        if not any(e["id"] == gid for e in self._meta["graphs"]):
            label = split.labels[b]
            self._meta["graphs"].append({"id": gid, "dir": folder, "key": k, "nodes": g["num_nodes"],
                                         "edges": int(g["edge_index"].shape[1]), "label": label})
            atomic_write(os.path.join(self.logdir, LOG_META), json.dumps(self._meta))

    def _batched_step(self, step, assignments, embeddings, losses, logits):
        if self._split is None:
            raise RuntimeError("add_graph(batch) or add_step(..., graph=batch) first: a step needs its graphs")
        step = int(step)
        record_losses = check_losses(losses)
        ready, seen = [], set()
        for b, gid in enumerate(self._ids):
            # A graph twice in one batch (MUTAG holds identical molecules, known by content as
            # one graph) is written once.
            if gid is None or gid in seen:
                continue
            seen.add(gid)
            log = self._graphs[gid]
            try:
                s, h = self._split.level_arrays(b, assignments, embeddings)
                log.check_step(step)
                arrays, kinds, _ = step_arrays(s, h, None, logits, log.nodes)
            except (ValueError, RuntimeError) as e:
                raise type(e)(f"graph {gid} of the batch: {e}") from None
            ready.append((log, arrays, kinds))
        # Every graph's part is checked: only now is anything written.
        for log, arrays, kinds in ready:
            log.write_step(step, arrays, kinds, record_losses, {"batch": self._split.count})

    def close(self):
        if self._single is not None:
            self._single.close()
        for log in self._graphs.values():
            log.close()
        self._release()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
