//! Log directories as the Python package writes them (tests/data/karate_log, made by
//! scripts/make_log_fixture.py from a PyG-style run): the graph, every step, the values numpy
//! computed, selections, and the commands that read them.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/karate_log")
}

fn expected() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/karate_log_expected.json");
    serde_json::from_str(&std::fs::read_to_string(p).expect("expected values")).expect("JSON")
}

fn run(args: &[&str]) -> (bool, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_poolscope"))
        .args(args)
        .output()
        .expect("runs");
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn a_python_written_log_reads_back_as_numpy_saw_it() {
    let dir = fixture();
    let want = expected();
    let g = poolscope::io::logdir::read_graph(&dir).expect("graph");
    assert_eq!(g.node_count(), 34);
    assert_eq!(
        g.edge_count() as u64,
        want["edges"].as_u64().expect("edges")
    );
    assert_eq!(g.name, "karate (logged)");
    let club = g
        .nodes
        .label("club")
        .expect("the label column, by its name");
    assert_eq!(
        club.classes,
        vec!["Mr. Hi".to_string(), "Officer".to_string()]
    );
    let read = poolscope::io::logdir::read_steps(&dir, &g, 0).expect("steps");
    let (steps, offset) = (read.steps, read.next);
    assert!(read.skipped.is_empty(), "{:?}", read.skipped);
    assert_eq!(steps.len(), 4);
    assert!(offset > 0);
    for (s, w) in steps.iter().zip(want["steps"].as_array().expect("steps")) {
        assert_eq!(s.step as u64, w["step"].as_u64().expect("step"));
        let h = poolscope::export::step_hierarchy(&g, s, Some("club")).expect("a valid hierarchy");
        if let Some(hard) = w["hard"].as_array() {
            // Logits were softmaxed exactly as numpy did: the same argmax everywhere.
            let got: Vec<u64> = h.levels[0]
                .hard
                .iter()
                .map(|c| u64::from(c.expect("assigned")))
                .collect();
            let want_hard: Vec<u64> = hard.iter().filter_map(Value::as_u64).collect();
            assert_eq!(got, want_hard, "step {}", s.step);
            assert_eq!(h.depth(), 3, "two logged levels");
            assert_eq!(
                h.levels[0].embeddings.as_ref().map(|e| e.dim()),
                Some((34, 4))
            );
        } else {
            // A TopK / SAGPool selection: kept nodes one-hot, dropped nodes dropped.
            let kept: Vec<usize> = (0..34).filter(|i| h.levels[0].hard[*i].is_some()).collect();
            let want_kept: Vec<usize> = w["kept"]
                .as_array()
                .expect("kept")
                .iter()
                .filter_map(|v| v.as_u64().map(|x| x as usize))
                .collect();
            assert_eq!(kept, want_kept);
            assert_eq!(h.levels[1].node_count, 17);
        }
    }
    // Read on from the end: nothing new.
    let again = poolscope::io::logdir::read_steps(&dir, &g, offset).expect("reads");
    assert!(again.steps.is_empty() && again.next == offset);
}

/// A copy of the fixture in a temporary folder, to damage.
fn damaged(name: &str) -> poolscope::io::scratch::Scratch {
    let to = poolscope::io::scratch::Scratch::new(&format!("damaged-{name}"));
    let _ = std::fs::remove_dir_all(&to);
    std::fs::create_dir_all(to.join("steps")).expect("folder");
    let from = fixture();
    for f in ["poolscope_log.json", "graph.npz", "steps.jsonl"] {
        std::fs::copy(from.join(f), to.join(f)).expect("copied");
    }
    for e in std::fs::read_dir(from.join("steps")).expect("steps") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), to.join("steps").join(e.file_name())).expect("copied");
    }
    to
}

#[test]
fn a_log_left_by_a_killed_or_careless_writer_shows_every_step_that_finished() {
    let dir = damaged("killed");
    let g = poolscope::io::logdir::read_graph(&dir).expect("graph");
    let index = dir.join("steps.jsonl");
    let text = std::fs::read_to_string(&index).expect("index");
    let lines: Vec<&str> = text.lines().collect();
    // Line 2 cut short and a resumed writer's line after it; a NaN loss written as Python's
    // json writes it; a step file gone.
    let cut = &lines[1][..lines[1].len() / 2];
    let nan = lines[2].replacen("\"losses\": {", "\"losses\": {\"cut\": NaN, ", 1);
    let nan = if nan == lines[2] {
        lines[2].replacen('}', ", \"losses\": {\"cut\": NaN}}", 1)
    } else {
        nan
    };
    std::fs::write(
        &index,
        format!("{}\n{cut}\n{nan}\n{}\n", lines[0], lines[3]),
    )
    .expect("damaged");
    let file = |line: &str| {
        let v: Value = serde_json::from_str(line).expect("a good line");
        dir.join(v["file"].as_str().expect("file"))
    };
    std::fs::remove_file(file(lines[3])).expect("a step file gone");
    let read = poolscope::io::logdir::read_steps(&dir, &g, 0).expect("the index reads");
    assert_eq!(read.steps.len(), 2, "{:?}", read.skipped);
    assert_eq!(read.skipped.len(), 2, "{:?}", read.skipped);
    assert!(read.skipped[0].contains("line 2") && read.skipped[0].contains("skipped"));
    assert!(read.skipped[1].contains("line 4"), "{:?}", read.skipped);
    // The NaN loss's step reads, that loss left out.
    assert!(read.steps[1].losses.iter().all(|(k, _)| k != "cut"));
    let (ok, out, err) = run(&["info", dir.to_str().expect("path")]);
    assert!(ok && out.contains("2 steps"), "{out}{err}");
    assert!(err.contains("skipped"), "{err}");
}

#[test]
fn losses_render_and_info_take_a_log_directory() {
    let dir = fixture();
    let d = dir.to_str().expect("path");
    let want = expected();
    let (ok, out, err) = run(&["losses", d, "--step", "10", "--json"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let numpy = want["steps"][1]["dmon_spectral"].as_f64().expect("value");
    assert!(
        (v["dmon_spectral"].as_f64().expect("value") - numpy).abs() < 1e-5,
        "{} vs {numpy}",
        v["dmon_spectral"]
    );
    assert_eq!(v["levels"].as_array().map(Vec::len), Some(2));
    let (ok, _, err) = run(&["losses", d, "--step", "11"]);
    assert!(!ok && err.contains("no such step"), "{err}");
    let (ok, out, _) = run(&["info", d]);
    assert!(
        ok && out.contains("log           4 steps (0 to 30)"),
        "{out}"
    );
    let png = poolscope::io::scratch::Scratch::file("log.png");
    let (ok, _, err) = run(&[
        "render",
        d,
        "--step",
        "20",
        "--out",
        png.to_str().expect("path"),
    ]);
    assert!(ok && err.contains("step 20 of the log"), "{err}");
    let gif = png.with_extension("gif");
    let (ok, _, err) = run(&[
        "render",
        d,
        "--animate",
        "training",
        "--width",
        "300",
        "--height",
        "150",
        "--out",
        gif.to_str().expect("path"),
    ]);
    assert!(ok && err.contains("4 frames from the log"), "{err}");
    let _ = std::fs::remove_file(png);
    let _ = std::fs::remove_file(gif);
}

#[test]
fn pyg_native_graphs_and_data_set_picks() {
    let scratch = poolscope::io::scratch::Scratch::new("pyg");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    // The fixture's graph.npz is what np.savez(**data.to_dict()) writes.
    let npz = dir.join("karate.npz");
    std::fs::copy(fixture().join("graph.npz"), &npz).expect("copy");
    let (ok, out, err) = run(&["info", npz.to_str().expect("path"), "--json"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        (v["nodes"].as_u64(), v["edges"].as_u64()),
        (Some(34), Some(78))
    );
    // One graph of a data set, 0-based as PyG's dataset[N].
    let (ok, out, err) = run(&["info", "MUTAG", "--graph", "3", "--json"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert!(
        v["name"].as_str().is_some_and(|n| n.ends_with("[3]")),
        "{v}"
    );
    let (ok, _, err) = run(&["info", "MUTAG", "--graph", "9999"]);
    assert!(!ok && err.contains("holds graphs 0 to 187"), "{err}");
    let (ok, out, err) = run(&[
        "losses",
        "MUTAG",
        "--graph",
        "0",
        "--assign",
        "/nonexistent.csv",
    ]);
    assert!(
        !ok && !err.contains("data set"),
        "a picked graph is a graph: {out}{err}"
    );
    // --unweighted: karate's weights dropped, and losses says which adjacency it used.
    let s = dir.join("s.csv");
    let rows: String = (0..34)
        .map(|i| if i < 17 { "1,0\n" } else { "0,1\n" })
        .collect();
    std::fs::write(&s, rows).expect("write");
    let weighted = run(&[
        "losses",
        "karate",
        "--assign",
        s.to_str().expect("p"),
        "--json",
    ]);
    let plain = run(&[
        "losses",
        "karate",
        "--unweighted",
        "--assign",
        s.to_str().expect("p"),
        "--json",
    ]);
    let (a, b): (Value, Value) = (
        serde_json::from_str(&weighted.1).expect("JSON"),
        serde_json::from_str(&plain.1).expect("JSON"),
    );
    assert_ne!(a["diffpool_link"], b["diffpool_link"]);
    assert!(
        a["adjacency"]
            .as_str()
            .is_some_and(|t| t.starts_with("weighted")),
        "{}",
        a["adjacency"]
    );
    assert!(
        b["adjacency"]
            .as_str()
            .is_some_and(|t| t.contains("--unweighted"))
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    // A megabyte of positions: far more than a pipe holds, so the writer meets the closed end.
    let mut child = Command::new(env!("CARGO_BIN_EXE_poolscope"))
        .args([
            "layout",
            "random:n=40000,m=40000,seed=1",
            "--iterations",
            "1",
            "--single-level",
            "--out",
            "/dev/stdout",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    // Read one byte, then close the pipe, as `| head -c1` does.
    let mut out = child.stdout.take().expect("stdout");
    let mut one = [0u8; 1];
    out.read_exact(&mut one).expect("a byte");
    drop(out);
    let status = child.wait().expect("exits");
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("reads");
    assert!(!err.contains("panicked"), "{err}");
    use std::os::unix::process::ExitStatusExt;
    assert!(
        status.success() || status.signal() == Some(13),
        "{status:?}: {err}"
    );
    // The same through `samples`, a println-style writer.
    let o = Command::new("sh")
        .args([
            "-c",
            &format!("{} samples | head -1", env!("CARGO_BIN_EXE_poolscope")),
        ])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&o.stderr).contains("panicked"));
}

#[test]
fn losses_of_a_whole_chain_a_selection_and_a_padded_batch() {
    let scratch = poolscope::io::scratch::Scratch::new("chain");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    // Two 4-cliques joined by 3-4; level 1 the cliques, level 2 one cluster.
    let graph = dir.join("g.csv");
    let mut edges = String::from("source,target\n");
    for b in [0, 4] {
        for i in b..b + 4 {
            for j in i + 1..b + 4 {
                edges.push_str(&format!("{i},{j}\n"));
            }
        }
    }
    edges.push_str("3,4\n");
    std::fs::write(&graph, edges).expect("write");
    let s0 = dir.join("s0.csv");
    std::fs::write(&s0, "1,0\n1,0\n1,0\n1,0\n0,1\n0,1\n0,1\n0,1\n").expect("write");
    let s1 = dir.join("s1.csv");
    std::fs::write(&s1, "1,0\n1,0\n").expect("write");
    let g = graph.to_str().expect("p");
    let (ok, out, err) = run(&[
        "losses",
        g,
        "--assign",
        s0.to_str().expect("p"),
        "--assign",
        s1.to_str().expect("p"),
        "--normalized",
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let levels = v["levels"].as_array().expect("levels");
    assert_eq!(levels.len(), 2);
    assert!((levels[0]["mincut_cut"].as_f64().expect("cut") + 24.0 / 26.0).abs() < 1e-5);
    // Level 2 puts both cliques in one cluster: cut −1, and the collapse is said.
    assert!((levels[1]["mincut_cut"].as_f64().expect("cut") + 1.0).abs() < 1e-5);
    assert!(levels[1]["normalized_adjacency"]["mincut_cut"].is_number());
    let warnings = v["warnings"].as_array().expect("warnings");
    assert!(
        warnings
            .iter()
            .any(|w| w["level"] == 1 && w["kind"] == "collapse"),
        "{warnings:?}"
    );
    // A TopK selection from its perm: kept nodes one-hot, the rest dropped.
    let perm = dir.join("perm.npy");
    let mut npy = b"\x93NUMPY\x01\x00".to_vec();
    let mut h = "{'descr': '<i8', 'fortran_order': False, 'shape': (4,), }".to_string();
    while !(10 + h.len() + 1).is_multiple_of(64) {
        h.push(' ');
    }
    h.push('\n');
    npy.extend_from_slice(&(h.len() as u16).to_le_bytes());
    npy.extend_from_slice(h.as_bytes());
    for i in [0i64, 2, 5, 7] {
        npy.extend_from_slice(&i.to_le_bytes());
    }
    std::fs::write(&perm, npy).expect("write");
    let (ok, out, err) = run(&["losses", g, "--assign", perm.to_str().expect("p"), "--json"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["clusters"], 4);
    assert!(
        v["notes"][0]
            .as_str()
            .is_some_and(|n| n.contains("4 of 8 nodes kept"))
    );
    // --padded on an unpadded matrix: N is the graph's (PyG's values against a real padded
    // batch: padded_values_match_pyg_s_dense_diff_pool_on_a_padded_mutag_batch).
    let (ok, out, err) = run(&[
        "losses",
        g,
        "--assign",
        s0.to_str().expect("p"),
        "--padded",
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert!(
        v["padded"]["explanation"]
            .as_str()
            .is_some_and(|e| e.contains("B·N²"))
    );
    assert_eq!(v["padded"]["rows"], 8);
    assert_eq!(v["padded"]["diffpool_link"], v["diffpool_link"]);
    let _ = std::fs::remove_dir_all(dir);
}

/// The fixture copied to `name` with PyG's DMoN names logged at each step: `spectral_loss`
/// as numpy computed it (where it did), and two more.
pub fn log_with_pyg_names(name: &str) -> poolscope::io::scratch::Scratch {
    log_with_losses(name, |w| {
        let spectral = w["dmon_spectral"].as_f64().unwrap_or(-0.3);
        format!(
            "{{\"spectral_loss\": {spectral}, \"ortho_loss\": 0.5, \"cluster_loss\": 0.25, \"my_extra\": 7.0}}"
        )
    })
}

/// The fixture copied to `name` with the losses `losses(expected step)` gives (a JSON
/// object) logged at each step.
fn log_with_losses(
    name: &str,
    losses: impl Fn(&Value) -> String,
) -> poolscope::io::scratch::Scratch {
    let src = fixture();
    let scratch = poolscope::io::scratch::Scratch::new(name);
    let dir = scratch.path().to_path_buf();
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("steps")).expect("dir");
    for f in ["poolscope_log.json", "graph.npz"] {
        std::fs::copy(src.join(f), dir.join(f)).expect("copy");
    }
    for f in std::fs::read_dir(src.join("steps"))
        .expect("steps")
        .flatten()
    {
        std::fs::copy(f.path(), dir.join("steps").join(f.file_name())).expect("copy");
    }
    let want = expected();
    let index = std::fs::read_to_string(src.join("steps.jsonl")).expect("index");
    let lines: Vec<String> = index
        .lines()
        .zip(want["steps"].as_array().expect("steps"))
        .map(|(line, w)| {
            // Before the losses the fixture wrote, or before the closing brace.
            let at = line
                .rfind("\"losses\"")
                .unwrap_or_else(|| line.rfind('}').expect("an object"));
            let sep = if line[..at].trim_end().ends_with(['{', ',']) {
                ""
            } else {
                ", "
            };
            format!("{}{sep}\"losses\": {}}}", &line[..at], losses(w))
        })
        .collect();
    std::fs::write(dir.join("steps.jsonl"), lines.join("\n") + "\n").expect("index");
    scratch
}

#[test]
fn losses_puts_what_the_model_logged_beside_poolscope_s_value() {
    let dir = log_with_pyg_names("logged-names");
    let d = dir.to_str().expect("path");
    let (ok, out, err) = run(&["losses", d, "--step", "10", "--json"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let spectral = &v["logged"]["spectral_loss"];
    assert_eq!(spectral["poolscope"], "dmon_spectral");
    let (logged, recomputed) = (
        spectral["value"].as_f64().expect("logged"),
        spectral["recomputed"].as_f64().expect("recomputed"),
    );
    assert!(
        (logged - recomputed).abs() < 1e-5,
        "{logged} vs {recomputed}"
    );
    assert_eq!(v["logged"]["ortho_loss"]["poolscope"], "dmon_ortho");
    assert_eq!(v["logged"]["cluster_loss"]["poolscope"], "dmon_cluster");
    assert_eq!(v["logged"]["my_extra"]["poolscope"], Value::Null);
    assert_eq!(v["logged"]["my_extra"]["value"], 7.0);
    let (ok, out, err) = run(&["info", d, "--json"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["log"]["method"], "dmon", "the names point to DMoN");
    assert_eq!(
        v["log"]["logged_losses"]["ortho_loss"]["poolscope"],
        "dmon_ortho"
    );
    let (ok, out, err) = run(&["losses", d, "--step", "10"]);
    assert!(ok, "{err}");
    assert!(out.contains("logged by your model"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.contains("spectral_loss") && l.contains("dmon_spectral")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains("my_extra") && l.contains("does not compute")),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_bnpool_log_of_s_alone_shows_its_kl_and_k_prior_as_logged_and_says_how_to_log_them() {
    let dir = log_with_losses("bnpool-names", |_| {
        r#"{"quality": 1.01857, "kl": 0.0123, "K_prior": 0.0456}"#.into()
    });
    let d = dir.to_str().expect("path");
    let (ok, out, err) = run(&["losses", d, "--step", "10", "--json"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let logged = &v["logged"];
    assert_eq!(logged["quality"]["poolscope"], "bnpool_rec");
    assert!(logged["quality"]["recomputed"].is_f64());
    for (name, key) in [("kl", "bnpool_kl"), ("K_prior", "bnpool_k_prior")] {
        assert_eq!(logged[name]["poolscope"], key);
        assert_eq!(logged[name]["recomputed"], Value::Null);
        assert!(
            logged[name]["why_not_recomputed"]
                .as_str()
                .is_some_and(|w| w.contains(r#"{"s": S, "q_z": out.so.q_z, "K": pooler.K}"#)),
            "{}",
            logged[name]
        );
    }
    assert_eq!(logged["kl"]["value"], 0.0123);
    let (ok, out, err) = run(&["losses", d, "--step", "10"]);
    assert!(ok, "{err}");
    assert!(
        out.lines()
            .any(|l| l.contains("K_prior") && l.contains("bnpool_k_prior: not recomputed")),
        "{out}"
    );
    let (ok, out, err) = run(&["info", d, "--json"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["log"]["method"], "bnpool", "the names point to BN-Pool");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn padded_values_match_pyg_s_dense_diff_pool_on_a_padded_mutag_batch() {
    // tests/data/mutag_padded_*: scripts/make_padded_fixture.py, with PyG 2.8's values.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let s = root.join("tests/data/mutag_padded_logits.npy");
    let want: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/data/mutag_padded_expected.json"))
            .expect("expected"),
    )
    .expect("JSON");
    let mutag = root.join("sample_graphs/MUTAG");
    let args = [
        "losses",
        mutag.to_str().expect("p"),
        "--graph",
        "2",
        "--assign",
        s.to_str().expect("p"),
        "--batch-index",
        "2",
        "--logits",
        "--padded",
        "--json",
    ];
    let (ok, out, err) = run(&args);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["nodes"], want["nodes"]);
    assert_eq!(
        v["padded"]["rows"], 28,
        "N is the batch's, padding included"
    );
    for key in ["diffpool_link", "diffpool_entropy"] {
        let (got, pyg) = (
            v["padded"][key].as_f64().expect("value"),
            want[key].as_f64().expect("value"),
        );
        assert!((got - pyg).abs() < 1e-6, "{key}: {got} against PyG's {pyg}");
    }
    // --nodes is the graph's own count: the padded size is refused with the reason.
    let mut wrong = args.to_vec();
    wrong.extend(["--nodes", "28"]);
    let (ok, _, err) = run(&wrong);
    assert!(
        !ok && err.contains("--nodes is the graph's own node count"),
        "{err}"
    );
}

#[test]
fn a_folder_of_runs_is_listed_and_read_as_its_newest() {
    let scratch = poolscope::io::scratch::Scratch::new("cli-runs");
    let root = scratch.path().to_path_buf();
    let _ = std::fs::remove_dir_all(&root);
    for run in ["20261201-090000_a", "20261202-090000_b"] {
        let dir = root.join(run);
        std::fs::create_dir_all(dir.join("steps")).expect("dir");
        for f in ["poolscope_log.json", "graph.npz", "steps.jsonl"] {
            std::fs::copy(fixture().join(f), dir.join(f)).expect("copy");
        }
        for f in std::fs::read_dir(fixture().join("steps"))
            .expect("steps")
            .flatten()
        {
            std::fs::copy(f.path(), dir.join("steps").join(f.file_name())).expect("copy");
        }
    }
    std::fs::write(root.join("20261202-090000_b/.writer.lock"), "{}").expect("lock");
    let r = root.to_str().expect("p");
    let (ok, out, err) = run(&["info", r, "--json"]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(
        v["logs"],
        serde_json::json!([
            {"name": "20261201-090000_a", "live": false},
            {"name": "20261202-090000_b", "live": true}
        ])
    );
    assert_eq!(v["log"]["steps"], 4);
    let (ok, _, err) = run(&["losses", r, "--json"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("holds 2 logs; reading the newest, 20261202-090000_b"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn a_chain_whose_shapes_do_not_fit_is_refused_not_cut_to_fit() {
    let scratch = poolscope::io::scratch::Scratch::new("misfit");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    // Karate: level 1 has 2 nodes, but the second matrix has karate's 34 rows.
    let s0 = dir.join("s0.npy");
    let s1 = dir.join("s34.npy");
    let m0 =
        ndarray::Array2::<f32>::from_shape_fn((34, 2), |(i, k)| if i % 2 == k { 0.9 } else { 0.1 });
    let m1 = ndarray::Array2::<f32>::from_elem((34, 34), 1.0 / 34.0);
    ndarray_npy::write_npy(&s0, &m0).expect("write");
    ndarray_npy::write_npy(&s1, &m1).expect("write");
    for command in ["losses", "render"] {
        let out = dir.join("x.svg");
        let mut args = vec![
            command,
            "karate",
            "--assign",
            s0.to_str().expect("p"),
            "--assign",
            s1.to_str().expect("p"),
        ];
        if command == "render" {
            args.extend(["--out", out.to_str().expect("p")]);
        }
        let (ok, _, err) = run(&args);
        assert!(!ok, "{command} took the 34 rows as padding");
        assert!(
            err.contains("34 rows") && err.contains("2"),
            "{command}: {err}"
        );
        assert!(
            !err.contains("padding)"),
            "{command} did not guess padding: {err}"
        );
    }
}
