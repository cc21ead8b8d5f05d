"""Pictures for notebooks and the Lightning callback (run without Lightning: its hooks are
called as Lightning would)."""

import json
import os

import numpy as np
import pytest

import poolscope
from poolscope.lightning import PoolscopeCallback
from test_runs import dense_batch, soft
from test_writer import binary, hard, two_cliques


@pytest.fixture
def program(monkeypatch):
    monkeypatch.setenv("POOLSCOPE_BIN", binary())


def test_render_returns_a_picture_jupyter_shows_inline(tmp_path, program):
    with poolscope.Writer(tmp_path, run="r") as w:
        w.add_graph(two_cliques())
        w.add_step(0, [np.full((8, 2), 0.5, dtype=np.float32)])
        w.add_step(1, [hard()])
    png = poolscope.render(w, width=400, height=200)
    assert png._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n" and png._repr_svg_() is None
    svg = poolscope.render(tmp_path, step=0, level=0, format="svg", width=300, height=300)
    assert svg._repr_svg_().lstrip().startswith(("<?xml", "<svg"))
    saved = svg.save(tmp_path / "level0.svg")
    assert open(saved, "rb").read() == svg.data
    with pytest.raises(RuntimeError, match="poolscope render failed: .*step 7"):
        poolscope.render(w, step=7)
    with pytest.raises(ValueError, match="format='gif'"):
        poolscope.render(w, format="gif")


class Trainer:
    pass


class Module:
    def modules(self):
        return [self]


def test_the_lightning_callback_logs_what_training_step_returns(tmp_path):
    cb = PoolscopeCallback(tmp_path, every_n_steps=2, method="diffpool", run="fit")
    trainer, module = Trainer(), Module()
    cb.on_fit_start(trainer, module)
    data = dense_batch([3, 5, 4])
    for i in range(5):
        out = {"loss": 1.0, "poolscope": {"assignments": [soft(3, 5, 2, seed=i)], "graph": data,
                                          "losses": {"link_loss": 0.1 * i}}}
        cb.on_train_batch_end(trainer, module, out, data, i)
    cb.on_fit_end(trainer, module)
    steps = [json.loads(l) for l in (tmp_path / "fit" / "graph_1" / "steps.jsonl").read_text().splitlines()]
    assert [s["step"] for s in steps] == [0, 2, 4], "every second batch"
    assert steps[1]["losses"] == {"link_loss": pytest.approx(0.2)}
    meta = json.load(open(tmp_path / "fit" / "poolscope_log.json"))
    assert meta["model"]["method"] == "diffpool" and meta["model"]["model_class"] == "Module"
    assert not (tmp_path / "fit" / ".writer.lock").exists(), "closed at the end of fit"


def test_the_lightning_callback_on_one_graph_reads_poolscope_outputs(tmp_path):
    cb = PoolscopeCallback(tmp_path, run="one")
    trainer, module = Trainer(), Module()
    cb.on_fit_start(trainer, module)
    graph = {"edge_index": two_cliques()}
    for i in range(3):
        module.poolscope_outputs = {"assignments": [hard()], "graph": graph}
        cb.on_train_batch_end(trainer, module, None, graph, i)
    cb.on_fit_end(trainer, module)
    with np.load(tmp_path / "one" / "graph.npz") as g:
        assert int(g["num_nodes"]) == 8
    assert len((tmp_path / "one" / "steps.jsonl").read_text().splitlines()) == 3
