"""Run folders, the one-writer lock, the recorded model, and batches cut into their graphs."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

import poolscope
from test_writer import binary, hard, two_cliques


def test_each_writer_starts_a_new_run_folder_and_never_overwrites_one(tmp_path):
    first = poolscope.Writer(tmp_path, name="dmon k=2")
    first.add_graph(two_cliques())
    first.add_step(0, [hard()])
    first.close()
    second = poolscope.Writer(tmp_path, name="dmon k=2")
    assert second.logdir != first.logdir, "same name, same second: another folder"
    second.close()
    runs = sorted(os.listdir(tmp_path))
    assert len(runs) == 2 and all(r.endswith("_dmon-k-2") or "_dmon-k-2-" in r for r in runs)
    # The first run is intact: its step is still there.
    assert len(open(os.path.join(first.logdir, "steps.jsonl")).read().splitlines()) == 1


def test_a_second_writer_on_a_live_run_is_refused_with_the_reason(tmp_path):
    w = poolscope.Writer(tmp_path, run="live")
    with pytest.raises(RuntimeError, match="is being written by this process .* a run has one writer"):
        poolscope.Writer(tmp_path, run="live")
    w.close()
    again = poolscope.Writer(tmp_path, run="live")  # closed: it may be resumed
    again.close()
    assert not (tmp_path / "live" / ".writer.lock").exists()


def test_a_lock_left_by_a_killed_writer_is_taken_over(tmp_path):
    code = ("import poolscope, os, sys; w = poolscope.Writer(sys.argv[1], run='r'); "
            "os.kill(os.getpid(), 9)")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=env)
    assert (tmp_path / "r" / ".writer.lock").exists(), "a SIGKILL leaves its lock"
    w = poolscope.Writer(tmp_path, run="r")
    w.add_graph(two_cliques())
    w.close()


def test_the_model_is_recorded_from_settings_or_from_its_layers(tmp_path):
    w = poolscope.Writer(tmp_path, method="mincut", normalized=True, hidden=32, lr=np.float32(0.01))
    meta = json.load(open(os.path.join(w.logdir, "poolscope_log.json")))
    assert meta["model"]["method"] == "mincut"
    assert meta["model"]["settings"] == {"normalized": True, "hidden": 32, "lr": pytest.approx(0.01)}
    w.close()

    class DMoNPooling:
        def __str__(self):
            return "DMoNPooling(32, num_clusters=4)"

    class Net:
        def modules(self):
            return [self, DMoNPooling()]

    w = poolscope.Writer(tmp_path, model=Net())
    model = json.load(open(os.path.join(w.logdir, "poolscope_log.json")))["model"]
    assert model["method"] == "dmon" and model["model_class"] == "Net"
    assert model["layers"] == [{"class": "DMoNPooling", "text": "DMoNPooling(32, num_clusters=4)"}]
    w.close()
    w = poolscope.Writer(tmp_path, run="plain")
    assert "model" not in json.load(open(os.path.join(w.logdir, "poolscope_log.json")))
    w.close()


def dense_batch(sizes, width=None, labels=None):
    """Paths of the given sizes as DenseDataLoader gives them: adj B x N x N, mask, x, y."""
    width = width or max(sizes)
    b = len(sizes)
    adj = np.zeros((b, width, width), np.float32)
    mask = np.zeros((b, width), bool)
    x = np.zeros((b, width, 3), np.float32)
    for i, n in enumerate(sizes):
        mask[i, :n] = True
        for j in range(n - 1):
            adj[i, j, j + 1] = adj[i, j + 1, j] = 1
        x[i, np.arange(n), np.arange(n) % 3] = 1
    y = np.array(labels if labels is not None else list(range(b)))[:, None]
    return {"adj": adj, "mask": mask, "x": x, "y": y}


def soft(b, width, k, seed=0):
    return np.random.default_rng(seed).dirichlet(np.ones(k), size=(b, width)).astype(np.float32)


def test_a_dense_batch_writes_each_graph_its_rows(tmp_path):
    data = dense_batch([3, 5, 4])
    s = soft(3, 5, 2)
    s2 = soft(3, 2, 1)
    with poolscope.Writer(tmp_path, run="b", method="diffpool") as w:
        w.add_step(0, [s, s2], embeddings=[np.ones((3, 5, 4))], graph=data,
                   losses={"link_loss": 0.25})
    root = tmp_path / "b"
    meta = json.load(open(root / "poolscope_log.json"))
    assert meta["batched"] and [g["nodes"] for g in meta["graphs"]] == [3, 5, 4]
    assert [g["label"] for g in meta["graphs"]] == [0, 1, 2]
    for i, n in enumerate([3, 5, 4]):
        g = root / f"graph_{i}"
        with np.load(g / "graph.npz") as a:
            assert int(a["num_nodes"]) == n and a["edge_index"].shape == (2, 2 * (n - 1))
            assert list(a["y_x_class"]) == [j % 3 for j in range(n)], "one-hot x as node classes"
        record = json.loads((g / "steps.jsonl").read_text())
        assert record["batch"] == 3 and record["losses"] == {"link_loss": 0.25}
        with np.load(g / record["file"]) as f:
            assert np.array_equal(f["S0"], s[i][:n]), "the masked rows only"
            assert np.array_equal(f["S1"], s2[i])
            assert f["H0"].shape == (n, 4)
        assert json.load(open(g / "poolscope_log.json"))["model"]["method"] == "diffpool"


def test_a_shuffled_loader_s_graphs_are_known_by_their_content(tmp_path):
    data = dense_batch([3, 5, 4])
    order = [2, 0, 1]
    shuffled = {k: v[order] for k, v in data.items()}
    dataset = [{"edge_index": np.nonzero(data["adj"][i][:n, :n]), "x": data["x"][i][:n]}
               for i, n in enumerate([3, 5, 4])]
    with poolscope.Writer(tmp_path, run="r", dataset=dataset, graphs=[1, 2]) as w:
        w.add_step(0, [soft(3, 5, 2)], graph=data)
        w.add_step(1, [soft(3, 5, 2, seed=1)], graph=shuffled)
    meta = json.load(open(tmp_path / "r" / "poolscope_log.json"))
    assert [g["id"] for g in meta["graphs"]] == ["1", "2"], "only the watched, by data set index"
    for gid, n in (("1", 5), ("2", 4)):
        steps = (tmp_path / "r" / f"graph_{gid}" / "steps.jsonl").read_text().splitlines()
        assert len(steps) == 2
        with np.load(tmp_path / "r" / f"graph_{gid}" / "steps" / "00000001.npz") as f:
            row = order.index(int(gid))
            assert np.array_equal(f["S0"], soft(3, 5, 2, seed=1)[row][:n])


def test_a_graph_twice_in_a_batch_is_written_once(tmp_path):
    data = dense_batch([3, 3, 4])  # graphs 0 and 1 are the same path with the same features
    with poolscope.Writer(tmp_path, run="d") as w:
        w.add_step(0, [soft(3, 4, 2)], graph=data)
        w.add_step(1, [soft(3, 4, 2)], graph=data)
    meta = json.load(open(tmp_path / "d" / "poolscope_log.json"))
    assert [g["nodes"] for g in meta["graphs"]] == [3, 4]
    steps = (tmp_path / "d" / "graph_0" / "steps.jsonl").read_text().splitlines()
    assert [json.loads(l)["step"] for l in steps] == [0, 1]


def test_at_most_max_graphs_are_written_and_a_bad_graph_writes_nothing(tmp_path):
    with poolscope.Writer(tmp_path, run="m", max_graphs=2) as w:
        w.add_step(0, [soft(3, 5, 2)], graph=dense_batch([3, 5, 4]))
        bad = soft(3, 5, 2)
        bad[1, 2] = [0.9, 0.9]  # graph 1's row 2 sums to 1.8
        with pytest.raises(ValueError, match="graph 1 of the batch: level 0: row 2 sums to 1.8"):
            w.add_step(1, [bad], graph=dense_batch([3, 5, 4]))
    assert sorted(p.name for p in (tmp_path / "m").iterdir() if p.is_dir()) == ["graph_0", "graph_1"]
    for g in ("graph_0", "graph_1"):
        assert len((tmp_path / "m" / g / "steps.jsonl").read_text().splitlines()) == 1
    with pytest.raises(ValueError, match="max_graphs=0"):
        poolscope.Writer(tmp_path, max_graphs=0)


def test_a_sparse_batch_with_selections_is_cut_by_the_batch_vector(tmp_path):
    e = two_cliques()
    edge_index = np.concatenate([e, e + 8], axis=1)
    batch = np.repeat([0, 1], 8)
    x = np.eye(16, dtype=np.float32)
    perm = np.array([9, 1, 12, 3])  # graph 1's 1 and 4, graph 0's 1 and 3
    with poolscope.Writer(tmp_path, run="s") as w:
        w.add_graph(edge_index=edge_index, batch=batch, x=x, ids=[10, 11])
        w.add_step(0, [{"perm": perm, "score": np.arange(4.0)}])
    with np.load(tmp_path / "s" / "graph_11" / "steps" / "00000000.npz") as f:
        assert list(f["perm0"]) == [1, 4] and list(f["score0"]) == [0.0, 2.0]
    with np.load(tmp_path / "s" / "graph_10" / "graph.npz") as g:
        assert g["edge_index"].shape == (2, 26) and int(g["num_nodes"]) == 8


def test_a_batch_of_one_graph_per_data_object(tmp_path):
    e = two_cliques()
    with poolscope.Writer(tmp_path, run="l") as w:
        w.add_graph([{"edge_index": e, "x": np.ones((8, 1))}, {"edge_index": e[:, :6]}], ids=[4, 5])
        w.add_step(0, [np.stack([hard(), np.pad(hard()[:4], ((0, 4), (0, 0)))])])
    meta = json.load(open(tmp_path / "l" / "poolscope_log.json"))
    assert [(g["id"], g["nodes"]) for g in meta["graphs"]] == [("4", 8), ("5", 4)]
    with np.load(tmp_path / "l" / "graph_5" / "steps" / "00000000.npz") as f:
        assert np.array_equal(f["S0"], hard()[:4]), "to_dense_batch's first n rows"


def test_the_program_opens_a_batched_run_and_a_folder_of_runs(tmp_path):
    with poolscope.Writer(tmp_path, run="b") as w:
        w.add_step(0, [soft(3, 5, 2)], graph=dense_batch([3, 5, 4]), losses={"link_loss": 0.1})
    info = json.loads(subprocess.run([binary(), "info", str(tmp_path), "--json"], check=True,
                                     capture_output=True, text=True).stdout)
    assert [r["name"] for r in info["logs"]] == ["b/graph_0", "b/graph_1", "b/graph_2"]
    one = json.loads(subprocess.run([binary(), "losses", str(tmp_path / "b" / "graph_1"), "--json"],
                                    check=True, capture_output=True, text=True).stdout)
    assert one["logged"]["link_loss"]["value"] == pytest.approx(0.1)


def test_a_dense_batch_s_bnpool_posterior_is_cut_per_graph(tmp_path):
    data = dense_batch([3, 5])
    s = soft(2, 5, 3)
    rng = np.random.default_rng(2)
    alpha = rng.uniform(0.5, 2.0, size=(2, 5, 2)).astype(np.float32)
    beta = rng.uniform(0.5, 2.0, size=(2, 5, 2)).astype(np.float32)
    kc = rng.normal(size=(3, 3)).astype(np.float32)
    with poolscope.Writer(tmp_path, run="bn", method="bnpool") as w:
        w.add_step(0, [{"s": s, "alpha": alpha, "beta": beta, "K": kc}], graph=data,
                   losses={"quality": 0.5, "kl": 0.1, "K_prior": 2.0})
        with pytest.raises(ValueError, match="alpha has shape"):
            w.add_step(1, [{"s": s, "alpha": alpha[:, :4], "beta": beta, "K": kc}], graph=data)
    for i, n in enumerate([3, 5]):
        g = tmp_path / "bn" / f"graph_{i}"
        record = json.loads((g / "steps.jsonl").read_text().splitlines()[-1])
        with np.load(g / record["file"]) as f:
            assert np.array_equal(f["S0"], s[i][:n])
            assert np.array_equal(f["alpha0"], alpha[i][:n]) and np.array_equal(f["beta0"], beta[i][:n])
            assert np.array_equal(f["Kc0"], kc)
