"""A PyTorch Lightning callback that logs a LightningModule's pooling (Lightning is optional:
without it the callback is a plain object whose hooks can still be called).

The module says what to log by returning it from ``training_step`` under ``"poolscope"``, or
by setting ``self.poolscope_outputs``::

    return {"loss": loss, "poolscope": {"assignments": [s], "graph": batch, "logits": True,
                                        "losses": {"link_loss": link, "ent_loss": ent}}}

``graph`` is the batch (a PyG ``Batch`` or dense batch: each watched graph gets the step) or
one graph (its ``Data``: written once, then every step on it).
"""

try:  # pragma: no cover - depends on what is installed
    from lightning.pytorch.callbacks import Callback as _Base
except ImportError:  # pragma: no cover
    try:
        from pytorch_lightning.callbacks import Callback as _Base
    except ImportError:
        _Base = object

from . import batch as batches
from .writer import Writer


def _is_batch(graph):
    f = batches.fields(graph)
    adj = batches._array(f["adj"], "adj") if f["adj"] is not None else None
    return (adj is not None and adj.ndim == 3) or f["batch"] is not None


class PoolscopeCallback(_Base):
    """Writes one step every ``every_n_steps`` training batches into a new run under
    ``logdir``; other keywords go to the ``Writer`` (``method=``, ``graphs=``, ...)."""

    def __init__(self, logdir="runs", every_n_steps=1, **writer_options):
        super().__init__()
        if int(every_n_steps) < 1:
            raise ValueError(f"every_n_steps={every_n_steps}: expected 1 or more")
        self.logdir = logdir
        self.every = int(every_n_steps)
        self.options = writer_options
        self.writer = None
        self._batches = 0
        self._single = None

    def on_fit_start(self, trainer, pl_module):
        self.writer = Writer(self.logdir, model=pl_module, **self.options)

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        count, self._batches = self._batches, self._batches + 1
        if self.writer is None or count % self.every:
            return
        record = outputs.get("poolscope") if isinstance(outputs, dict) else None
        record = record or getattr(pl_module, "poolscope_outputs", None)
        if not record:
            return
        graph = record.get("graph", batch)
        options = dict(embeddings=record.get("embeddings"), losses=record.get("losses"),
                       logits=record.get("logits", False))
        if self._single is None:
            self._single = not _is_batch(graph)
            if self._single:
                self.writer.add_graph(graph)
        if self._single:
            self.writer.add_step(count, record["assignments"], **options)
        else:
            self.writer.add_step(count, record["assignments"], graph=graph, **options)

    def on_fit_end(self, trainer, pl_module):
        if self.writer is not None:
            self.writer.close()
