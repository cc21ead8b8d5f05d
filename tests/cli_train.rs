//! `train` and `losses` from the command line: the numbers users compare with PyG.

use serde_json::Value;
use std::process::Command;

fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_poolscope"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp(name: &str) -> poolscope::io::scratch::Scratch {
    poolscope::io::scratch::Scratch::file(name)
}

/// Two 4-cliques joined by the edge 3–4 (DESIGN.md's worked example), as an edge list named
/// for the test that reads it (another test's file may be gone when that test ends).
fn two_cliques(test: &str) -> poolscope::io::scratch::Scratch {
    let mut text = String::new();
    for b in [0, 4] {
        for i in b..b + 4 {
            for j in i + 1..b + 4 {
                text.push_str(&format!("{i} {j}\n"));
            }
        }
    }
    text.push_str("3 4\n");
    let p = temp(&format!("cliques-{test}.txt"));
    std::fs::write(&p, text).expect("write");
    p
}

#[test]
fn losses_match_the_worked_values() {
    let graph = two_cliques("losses_match_the_wor");
    let hard = temp("hard.csv");
    std::fs::write(&hard, "c0,c1\n1,0\n1,0\n1,0\n1,0\n0,1\n0,1\n0,1\n0,1\n").expect("write");
    let (ok, out, err) = run(&[
        "losses",
        &graph.to_string_lossy(),
        "--assign",
        &hard.to_string_lossy(),
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let close = |k: &str, want: f64| {
        let got = v[k].as_f64().unwrap_or(f64::NAN);
        assert!((got - want).abs() < 1e-5, "{k}: {got} vs {want}");
    };
    close("mincut_cut", -24.0 / 26.0);
    close("mincut_ortho", 0.0);
    close("diffpool_link", 10f64.sqrt() / 64.0);
    close("diffpool_entropy", 0.0);
    close("dmon_spectral", -0.423_077);
    close("dmon_cluster", 0.0);
    close("modularity", 11.0 / 26.0);
    assert_eq!(v["clusters_used"], 2);
    // Logits: all equal logits give the uniform assignment.
    let logits = temp("logits.csv");
    std::fs::write(&logits, "3,3\n".repeat(8)).expect("write");
    let (ok, out, _) = run(&[
        "losses",
        &graph.to_string_lossy(),
        "--assign",
        &logits.to_string_lossy(),
        "--logits",
        "--json",
    ]);
    assert!(ok);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert!((v["diffpool_entropy"].as_f64().unwrap_or(0.0) - 2f64.ln()).abs() < 1e-5);
    // Without --logits the same file is refused.
    let (ok, _, err) = run(&[
        "losses",
        &graph.to_string_lossy(),
        "--assign",
        &logits.to_string_lossy(),
    ]);
    assert!(!ok && err.contains("row 1 sums to 6"), "{err}");
    let short = temp("short.csv");
    std::fs::write(&short, "1,0\n0,1\n").expect("write");
    let (ok, _, err) = run(&[
        "losses",
        &graph.to_string_lossy(),
        "--assign",
        &short.to_string_lossy(),
    ]);
    assert!(
        !ok && err.contains("2 rows but the graph has 8 nodes"),
        "{err}"
    );
}

#[test]
fn losses_report_nmi_against_labels() {
    let s = temp("karate.csv");
    let rows: String = (0..34)
        .map(|i| if i < 17 { "1,0\n" } else { "0,1\n" })
        .collect();
    std::fs::write(&s, rows).expect("write");
    let (ok, out, err) = run(&[
        "losses",
        "karate",
        "--assign",
        &s.to_string_lossy(),
        "--labels",
        "club",
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert!(v["nmi"].as_f64().is_some_and(|x| (0.0..=1.0).contains(&x)));
    assert_eq!(v["labels"], "club");
}

#[test]
fn train_prints_json_and_writes_a_hierarchy() {
    let out_path = temp("h.json");
    let (ok, out, err) = run(&[
        "train",
        "karate",
        "--clusters",
        "2",
        "--epochs",
        "50",
        "--json",
        "--out",
        &out_path.to_string_lossy(),
    ]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["method"], "dmon");
    assert_eq!(v["epochs"], 50);
    assert!(
        v["losses"]["dmon_spectral"]
            .as_f64()
            .is_some_and(|x| x < 0.0)
    );
    assert_eq!(v["levels"][0]["clusters"], 2);
    assert!(v["levels"][0]["nmi"].as_f64().is_some());
    let h: Value =
        serde_json::from_str(&std::fs::read_to_string(&out_path).expect("written")).expect("JSON");
    assert_eq!(h["levels"][0]["nodes"], 34);
    assert_eq!(h["levels"][1]["nodes"], 2);
    assert_eq!(h["config"]["method"], "dmon");
    let (ok, out, _) = run(&[
        "train",
        "football",
        "--method",
        "mincut",
        "--clusters",
        "12",
        "--epochs",
        "30",
    ]);
    assert!(
        ok && out.contains("level 0 into 1: 115 nodes -> 12 clusters"),
        "{out}"
    );
}

#[test]
fn train_errors_are_clear() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["train", "karate", "--method", "blob"],
            "unknown method `blob`",
        ),
        (
            &["train", "karate", "--clusters", "40"],
            "larger than the 34 nodes",
        ),
        (&["train", "karate", "--clusters", "1"], "at least 2"),
        (
            &["train", "karate", "--labels", "nope"],
            "label column `nope` not found",
        ),
        (&["train", "MUTAG", "--task", "cluster"], "use --task graph"),
    ];
    for (args, want) in cases {
        let (ok, _, err) = run(args);
        assert!(!ok && err.contains(want), "{args:?}: {err}");
    }
}

#[test]
fn collapse_is_reported_in_words() {
    let (ok, out, err) = run(&[
        "train",
        "football",
        "--method",
        "mincut",
        "--features",
        "identity",
        "--json",
    ]);
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    let warnings = v["warnings"].as_array().cloned().unwrap_or_default();
    let collapse = warnings
        .iter()
        .find(|w| w["kind"] == "collapse")
        .expect("a collapse warning");
    assert_eq!(
        collapse["message"],
        "collapse: 1 of 12 clusters holds 100% of nodes (1 of 12 used)"
    );
    let (ok, out, _) = run(&[
        "train",
        "football",
        "--method",
        "dmon",
        "--clusters",
        "12",
        "--epochs",
        "300",
    ]);
    assert!(ok && !out.contains("collapse"), "{out}");
}

#[test]
fn the_louvain_reference_gives_its_count_and_says_when_the_labels_have_more_groups() {
    // Football: Louvain finds 10 communities (seed 0), the conferences are 12.
    let args = ["train", "football", "--clusters", "12", "--epochs", "20"];
    let (ok, out, err) = run(&[&args[..], &["--no-restarts"]].concat());
    assert!(ok, "{err}");
    assert!(
        out.contains("Louvain's modularity on this graph is 0.60")
            && out.contains("(10 communities)"),
        "{out}"
    );
    assert!(
        out.contains("Louvain finds 10 communities where `value` has 12 groups"),
        "{out}"
    );
    let (ok, out, err) = run(&[&args[..], &["--no-restarts", "--json"]].concat());
    assert!(ok, "{err}");
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["louvain_communities"], 10);
    // Two cliques without labels: Louvain finds both, and there is nothing to compare.
    let graph = two_cliques("the_louvain_referenc");
    let (ok, out, err) = run(&[
        "train",
        &graph.to_string_lossy(),
        "--clusters",
        "2",
        "--epochs",
        "20",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("(2 communities)"), "{out}");
    assert!(!out.contains("Louvain finds"), "{out}");
}

#[test]
fn a_run_that_cannot_fit_in_memory_is_refused_before_it_starts() {
    // LaPool compares every node with every other: on 300,000 nodes that is about 200 GB,
    // refused with the figure and a way out instead of allocating until the system kills it.
    let (ok, _, err) = run(&[
        "train",
        "sbm:n=300000,k=16,din=4,dout=1,seed=0",
        "--method",
        "lapool",
        "--clusters",
        "16",
    ]);
    assert!(!ok, "trained: {err}");
    assert!(
        err.contains("training lapool with K = 16 on 300000 nodes would need about"),
        "{err}"
    );
    assert!(
        err.contains("--clusters") && err.contains("graclus"),
        "{err}"
    );
}

#[test]
fn an_assignment_too_wide_to_pool_is_refused_with_what_it_needs() {
    // 100,000 columns for karate's 34 nodes: its pooled adjacency alone would be 10^10
    // entries. It was allocated (and the process aborted); now it is refused, saying so (on
    // any machine with less than 200 GB).
    let path = temp("wide.npy");
    let mut s = ndarray::Array2::<f32>::zeros((34, 100_000));
    for i in 0..34 {
        s[[i, i]] = 1.0;
    }
    ndarray_npy::write_npy(&path, &s).expect("write");
    let (ok, _, err) = run(&[
        "losses",
        "karate",
        "--assign",
        path.to_str().expect("utf-8"),
    ]);
    std::fs::remove_file(&path).ok();
    assert!(!ok, "pooled: {err}");
    assert!(
        err.contains("level 1: 100000 clusters would need about 160 GB to pool"),
        "{err}"
    );
}

#[test]
fn a_run_projected_over_the_time_limit_stops_after_its_first_epochs() {
    // Training on 2M nodes printed nothing for minutes; now the first epochs are timed and a
    // run projected over the limit stops there. A limit of 6 ms stands in for an hour.
    let (ok, _, err) = run(&[
        "train",
        "sbm:n=3000,k=6,din=8,dout=1,seed=0",
        "--no-restarts",
        "--time-limit",
        "0.0001",
    ]);
    assert!(!ok, "trained: {err}");
    assert!(
        err.contains("training dmon on 3000 nodes would take about"),
        "{err}"
    );
    assert!(
        err.contains("over the limit of 0 s: stopped after 3 epochs"),
        "{err}"
    );
    assert!(err.contains("Allow it with --time-limit"), "{err}");
    // Without a limit the same run trains; a limit that is not a duration is refused.
    let (ok, out, err) = run(&[
        "train",
        "sbm:n=3000,k=6,din=8,dout=1,seed=0",
        "--no-restarts",
        "--epochs",
        "5",
        "--time-limit",
        "0",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("dmon on 2 levels, 5 epochs"), "{out}");
    let (ok, _, err) = run(&["train", "karate", "--time-limit=-1"]);
    assert!(
        !ok && err.contains("--time-limit -1: expected minutes"),
        "{err}"
    );
}

#[test]
fn the_same_command_writes_the_same_bytes_every_time() {
    // NMI summed a hash map's entries, whose order is seeded per process: two runs of this
    // command wrote hierarchies that differed in NMI's last digit.
    let files: Vec<Vec<u8>> = (0..3)
        .map(|i| {
            let path = temp(&format!("same-{i}.json"));
            let p = path.to_str().expect("utf-8");
            let (ok, _, err) = run(&[
                "train",
                "football",
                "--epochs",
                "20",
                "--no-restarts",
                "--out",
                p,
            ]);
            assert!(ok, "{err}");
            let bytes = std::fs::read(&path).expect("written");
            std::fs::remove_file(&path).ok();
            bytes
        })
        .collect();
    assert!(files[0] == files[1] && files[1] == files[2]);
}

#[test]
fn dmon_without_labels_takes_the_lighter_cluster_weight_and_says_so() {
    // Six planted blocks of 100 as a bare edge list: no labels, so K is √600 ≈ 24, a cap.
    let spec = "sbm:n=600,k=6,din=10,dout=2,seed=0";
    let graph = temp("dmon-unlabelled.csv");
    let (ok, _, err) = run(&["convert", spec, &graph.to_string_lossy()]);
    assert!(ok, "{err}");
    let nodes = graph.to_string_lossy().replace(".csv", "_nodes.csv");
    std::fs::remove_file(&nodes).expect("the node table was written beside it");
    let train = |extra: &[&str]| -> Value {
        let path = graph.to_string_lossy();
        let args = [&["train", &path, "--no-restarts", "--json"][..], extra].concat();
        let (ok, out, err) = run(&args);
        assert!(ok, "{err}");
        serde_json::from_str(&out).expect("JSON")
    };
    let q = |v: &Value| v["levels"][0]["modularity"].as_f64().expect("modularity");
    let light = train(&[]);
    assert_eq!(
        light["options"],
        serde_json::json!({"cluster_loss_coeff": 0.3})
    );
    assert_eq!(light["levels"][0]["clusters"], 24);
    let louvain = light["louvain_modularity"].as_f64().expect("Louvain");
    assert!(q(&light) >= 0.85 * louvain, "{} vs {louvain}", q(&light));
    // PyG's weight 1 spreads the six blocks evenly over all 24 clusters.
    let even = train(&["--option", "cluster_loss_coeff=1"]);
    assert_eq!(even["options"], serde_json::json!({}));
    assert!(q(&even) < q(&light) - 0.1, "{} vs {}", q(&even), q(&light));
    // With the blocks as labels K is their count, and the weight PyG's.
    let (ok, out, err) = run(&["train", spec, "--no-restarts", "--epochs", "5", "--json"]);
    assert!(ok, "{err}");
    let labelled: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(labelled["options"], serde_json::json!({}));
    // The summary says which weight ran and why.
    let (ok, out, err) = run(&["train", &graph.to_string_lossy(), "--epochs", "5"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("dmon settings: cluster_loss_coeff=0.3 (the default without labels"),
        "{out}"
    );
}
