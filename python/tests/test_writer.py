"""The Writer writes what the poolscope program reads: checked here with numpy alone, and
round-tripped through the program itself (POOLSCOPE_BIN, the one installed with the package,
or the repository's debug build)."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig

import numpy as np
import pytest

import poolscope

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def binary():
    try:
        return poolscope.binary()
    except FileNotFoundError:
        pass
    for profile in ("debug", "release"):
        p = os.path.join(ROOT, "target", profile, "poolscope")
        if os.path.exists(p):
            return p
    raise AssertionError("build poolscope first (cargo build) or set POOLSCOPE_BIN")


def two_cliques():
    """Two 4-cliques {0..3}, {4..7} joined by 3-4, each edge both ways as PyG lists it."""
    pairs = [(i, j) for b in (0, 4) for i in range(b, b + 4) for j in range(i + 1, b + 4)]
    pairs.append((3, 4))
    e = np.array(pairs).T
    return np.concatenate([e, e[::-1]], axis=1)


def hard(k=2):
    s = np.zeros((8, k), dtype=np.float32)
    s[:4, 0] = 1
    s[4:, 1] = 1
    return s


def test_writes_a_log_the_format_describes(tmp_path):
    with poolscope.Writer(tmp_path, run="run") as w:
        log = tmp_path / "run"
        assert w.logdir == str(log)
        w.add_graph(two_cliques(), y={"side": np.array(["left"] * 4 + ["right"] * 4)})
        w.add_step(0, [np.full((8, 2), 0.5, dtype=np.float32)], losses={"loss": 1.0})
        w.add_step(5, [hard()[None]], embeddings=[np.ones((8, 3))])
        w.add_step(9, [np.log(hard() + 1e-3)], logits=True)
        w.add_step(12, [{"perm": [0, 2, 4, 6], "score": np.arange(8) / 8}])
    meta = json.loads((log / "poolscope_log.json").read_text())
    assert meta["poolscope_log"] == 1
    assert meta["labels"] == {"side": ["left", "right"]}
    with np.load(log / "graph.npz") as g:
        assert g["edge_index"].shape == (2, 26)
        assert int(g["num_nodes"]) == 8
        assert list(g["y_side"]) == [0, 0, 0, 0, 1, 1, 1, 1]
    lines = (log / "steps.jsonl").read_text().splitlines()
    records = [json.loads(l) for l in lines]
    assert [r["step"] for r in records] == [0, 5, 9, 12]
    assert [r["levels"] for r in records] == [["soft"], ["soft"], ["logits"], ["selection"]]
    with np.load(log / records[1]["file"]) as s:
        assert s["S0"].shape == (8, 2), "a batch of one is stored as N x K"
        assert s["H0"].shape == (8, 3)
    with np.load(log / records[3]["file"]) as s:
        assert list(s["perm0"]) == [0, 2, 4, 6]
    assert not list(log.rglob("*.tmp")), "every file renamed into place"


def test_bad_input_says_what_is_wrong(tmp_path):
    w = poolscope.Writer(tmp_path, run="bad")
    with pytest.raises(RuntimeError, match="add_graph"):
        w.add_step(0, [hard()])
    with pytest.raises(ValueError, match=r"expected \(2, E\)"):
        w.add_graph(two_cliques().T)
    w.add_graph(two_cliques())
    with pytest.raises(ValueError, match="rows; the level has 8 nodes"):
        w.add_step(0, [hard()[:5]])
    with pytest.raises(ValueError, match="NaN"):
        w.add_step(0, [np.full((8, 2), np.nan)])
    w.add_step(3, [hard()])
    with pytest.raises(ValueError, match="steps must increase"):
        w.add_step(3, [hard()])
    with pytest.raises(ValueError, match="perm names node"):
        w.add_step(4, [{"perm": [0, 99]}])
    w.close()
    # Reopened, it goes on after the last step.
    again = poolscope.Writer(tmp_path, run="bad")
    with pytest.raises(ValueError, match="steps must increase"):
        again.add_step(2, [hard()])
    again.add_step(7, [hard()])
    again.close()


def test_torch_tensors_are_detached_when_torch_is_there(tmp_path):
    torch = pytest.importorskip("torch")
    w = poolscope.Writer(tmp_path, run="t")
    w.add_graph(torch.tensor(two_cliques()))
    s = torch.tensor(hard(), requires_grad=True) * 1.0
    w.add_step(0, [s])
    w.close()
    with np.load(tmp_path / "t" / "steps" / "00000000.npz") as f:
        assert np.allclose(f["S0"], hard())


def dmon_spectral(edge_index, s):
    """DMoN's spectral loss, -Tr(Sᵀ(A − ddᵀ/2m)S)/2m, in numpy."""
    n = s.shape[0]
    a = np.zeros((n, n))
    a[edge_index[0], edge_index[1]] = 1
    d = a.sum(1)
    m2 = d.sum()
    return -np.trace(s.T @ (a - np.outer(d, d) / m2) @ s) / m2


def test_the_program_reads_the_log_back_identically(tmp_path):
    rng = np.random.default_rng(0)
    soft = rng.dirichlet(np.ones(2), size=8).astype(np.float32)
    w = poolscope.Writer(tmp_path, name="two cliques")
    log = w.logdir
    w.add_graph(two_cliques(), y=np.array([0] * 4 + [1] * 4))
    w.add_step(1, [soft, np.array([[0.7, 0.3], [0.2, 0.8]], dtype=np.float32)])
    w.add_step(2, [hard()])
    w.close()
    info = json.loads(subprocess.run([binary(), "info", str(log), "--json"], check=True,
                                     capture_output=True, text=True).stdout)
    assert info["nodes"] == 8 and info["edges"] == 13
    assert {k: info["log"][k] for k in ("steps", "first", "last", "levels")} == {
        "steps": 2, "first": 1, "last": 2, "levels": 2}
    # No losses were logged, so none are listed and no method is read from their names.
    assert info["log"]["logged_losses"] == {} and info["log"]["method"] is None
    out = subprocess.run([binary(), "losses", str(log), "--step", "1", "--json"], check=True,
                         capture_output=True, text=True).stdout
    v = json.loads(out)
    assert abs(v["dmon_spectral"] - dmon_spectral(two_cliques(), soft.astype(np.float64))) < 1e-5
    assert len(v["levels"]) == 2, "both logged levels, each on its own coarse graph"
    last = json.loads(subprocess.run([binary(), "losses", str(log), "--json"], check=True,
                                     capture_output=True, text=True).stdout)
    assert abs(last["dmon_spectral"] - (-0.423077)) < 1e-5, "DESIGN.md's worked value"
    assert abs(last["mincut_cut"] - (-24 / 26)) < 1e-5


def test_a_killed_run_leaves_a_readable_log(tmp_path):
    log = tmp_path / "killed"
    w = poolscope.Writer(tmp_path, run="killed")
    w.add_graph(two_cliques())
    w.add_step(0, [hard()])
    w.add_step(1, [hard()])
    w._index.write('{"step": 2, "file": "steps/000')  # the line a kill interrupted
    w._index.flush()
    with open(log / "steps" / "00000002.npz.tmp", "wb") as f:
        f.write(b"PK\x03\x04 half an archive")
    info = json.loads(subprocess.run([binary(), "info", str(log), "--json"], check=True,
                                     capture_output=True, text=True).stdout)
    assert info["log"]["steps"] == 2, "the unfinished step waits, the rest reads"


def test_show_starts_the_program_on_the_log(tmp_path, monkeypatch):
    script = tmp_path / "fake-poolscope"
    script.write_text(f"#!{sys.executable}\nimport sys, pathlib\npathlib.Path(sys.argv[1], 'shown').write_text(' '.join(sys.argv[1:]))\n")
    script.chmod(0o755)
    monkeypatch.setenv("POOLSCOPE_BIN", str(script))
    (tmp_path / "log").mkdir()
    p = poolscope.show(tmp_path / "log", "--presentation", wait=True)
    assert p.returncode == 0
    assert (tmp_path / "log" / "shown").read_text().endswith("--presentation")
    monkeypatch.setenv("POOLSCOPE_BIN", "")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    # The program installed with the package is found beside this Python's scripts, whether
    # or not the environment is activated.
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    monkeypatch.setattr(poolscope.show.__globals__["sysconfig"], "get_path",
                        lambda kind: str(scripts))
    with pytest.raises(FileNotFoundError, match="pip install ./python"):
        poolscope.show(tmp_path / "log")
    bundled = scripts / "poolscope"
    bundled.write_bytes(script.read_bytes())
    bundled.chmod(0o755)
    assert poolscope.binary() == str(bundled)


def test_the_writer_needs_no_program():
    # Logging from a training script needs numpy alone: nothing looks for the program.
    import importlib

    module = importlib.reload(importlib.import_module("poolscope.writer"))
    assert hasattr(module, "Writer")


def test_the_program_comes_with_the_package():
    # Installed from the wheel (CI's fresh venv), the program sits beside this Python.
    bundled = os.path.join(sysconfig.get_path("scripts"), "poolscope")
    if not os.path.exists(bundled):
        pytest.skip("the package was installed without its program")
    out = subprocess.run([bundled, "--version"], check=True, capture_output=True, text=True)
    assert out.stdout.startswith("poolscope ")


def _files(log):
    return sorted(p.relative_to(log).as_posix() for p in log.rglob("*") if p.is_file())


def test_a_step_that_fails_its_checks_writes_nothing(tmp_path):
    log = tmp_path / "run"
    w = poolscope.Writer(tmp_path, run="run")
    w.add_graph(two_cliques())
    w.add_step(0, [hard()])
    before = _files(log)
    logits = np.log(hard() + 1e-3) * 5
    with pytest.raises(ValueError, match="row 0 holds .*pass logits=True"):
        w.add_step(1, [logits])
    with pytest.raises(ValueError, match="look like probabilities; drop logits=True"):
        w.add_step(1, [hard()], logits=True)
    with pytest.raises(ValueError, match="loss 'loss' has shape \\(3,\\)"):
        w.add_step(1, [hard()], losses={"loss": np.ones(3)})
    with pytest.raises(ValueError, match="loss 'cut' is nan"):
        w.add_step(1, [hard()], losses={"cut": float("nan")})
    with pytest.raises(ValueError, match="embeddings have 5 rows; the level has 8 nodes"):
        w.add_step(1, [hard()], embeddings=[np.ones((5, 3))])
    assert _files(log) == before, "nothing of the failed steps was written"
    w.add_step(1, [logits], logits=True, losses={"loss": np.float32(0.5)})
    w.close()
    assert len((log / "steps.jsonl").read_text().splitlines()) == 2


def test_a_run_on_another_graph_never_overwrites_a_log(tmp_path):
    log = tmp_path / "run"
    with poolscope.Writer(tmp_path, run="run") as w:
        w.add_graph(two_cliques())
        w.add_step(0, [hard()])
    graph = (log / "graph.npz").read_bytes()
    # Resuming the same run on the same graph goes on appending.
    with poolscope.Writer(log) as w:  # a log itself, named: resumed in place
        w.add_graph(two_cliques())
        w.add_step(1, [hard()])
    other = two_cliques()[:, :10]
    with poolscope.Writer(log) as w:
        with pytest.raises(ValueError, match="already holds a run of 2 steps on another graph"):
            w.add_graph(other)
    assert (log / "graph.npz").read_bytes() == graph


def _digamma(x):
    import math
    out = 0.0
    while x < 6:
        out -= 1 / x
        x += 1
    return out + math.log(x) - 1 / (2 * x) - 1 / (12 * x**2) + 1 / (120 * x**4) - 1 / (252 * x**6)


def _beta_kl(a, b, a0, b0):
    """KL(Beta(a, b) || Beta(a0, b0)), as torch.distributions computes it."""
    import math
    ln_beta = lambda p, q: math.lgamma(p) + math.lgamma(q) - math.lgamma(p + q)  # noqa: E731
    return (ln_beta(a0, b0) - ln_beta(a, b) + (a - a0) * _digamma(a) + (b - b0) * _digamma(b)
            + (a0 - a + b0 - b) * _digamma(a + b))


class _Beta:
    """What tgp's BNPool leaves in out.so.q_z: a Beta with its two concentrations."""

    def __init__(self, alpha, beta):
        self.concentration1, self.concentration0 = alpha, beta


def test_bnpool_s_posterior_is_logged_and_its_losses_recomputed(tmp_path):
    rng = np.random.default_rng(1)
    n, k = 8, 3
    alpha = rng.uniform(0.5, 3.0, size=(1, n, k - 1)).astype(np.float32)
    beta = rng.uniform(0.5, 3.0, size=(1, n, k - 1)).astype(np.float32)
    s = rng.dirichlet(np.ones(k), size=n).astype(np.float32)
    kc = rng.normal(size=(k, k)).astype(np.float32)
    w = poolscope.Writer(tmp_path, run="bn", method="bnpool", alpha_DP=2.0)
    w.add_graph(two_cliques())
    w.add_step(1, [{"s": s, "q_z": _Beta(alpha, beta), "K": kc}],
               losses={"quality": 0.5, "kl": 0.1, "K_prior": 2.0})
    # A wrong shape or a non-positive Beta parameter is refused, and nothing is written.
    with pytest.raises(ValueError, match="alpha has shape"):
        w.add_step(2, [{"s": s, "alpha": alpha[0, :, :1], "beta": beta, "K": kc}])
    with pytest.raises(ValueError, match="not positive"):
        w.add_step(2, [{"s": s, "alpha": -alpha, "beta": beta, "K": kc}])
    with pytest.raises(ValueError, match="needs 'q_z'"):
        w.add_step(2, [{"s": s, "K": kc}])
    w.close()
    v = json.loads(subprocess.run([binary(), "losses", w.logdir, "--json"], check=True,
                                  capture_output=True, text=True).stdout)
    kl = sum(_beta_kl(float(a), float(b), 1.0, 2.0) for a, b in zip(alpha.ravel(), beta.ravel()))
    mu = np.where(np.eye(k), 10.0, -10.0)
    prior = 0.5 * float(((kc.astype(np.float64) - mu) ** 2).sum())
    assert abs(v["bnpool_kl"] - kl / n**2) < 1e-5 * max(1, kl / n**2)
    assert abs(v["bnpool_k_prior"] - prior / n**2) < 1e-4
    logged = v["logged"]
    assert logged["kl"]["poolscope"] == "bnpool_kl" and logged["kl"]["recomputed"] == v["bnpool_kl"]
    assert "why_not_recomputed" not in logged["K_prior"]
