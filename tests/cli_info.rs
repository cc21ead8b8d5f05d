//! `poolscope info` on every bundled file prints the counts PROVENANCE.md gives, and the
//! other commands behave on good and bad input.

use serde_json::Value;
use std::process::Command;

fn poolscope(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_poolscope"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn info(arg: &str) -> Value {
    let (ok, out, err) = poolscope(&["info", arg, "--json"]);
    assert!(ok, "info {arg} failed: {err}");
    serde_json::from_str(&out).expect("info --json prints JSON")
}

fn class_counts(v: &Value, column: &str) -> Vec<(String, u64)> {
    v["labels"]
        .as_array()
        .and_then(|cols| cols.iter().find(|c| c["name"] == column))
        .and_then(|c| c["classes"].as_array())
        .map(|cls| {
            cls.iter()
                .map(|c| {
                    (
                        c["class"].as_str().unwrap_or("").to_string(),
                        c["count"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(c, n)| (c.to_string(), *n)).collect()
}

#[test]
fn counts_match_provenance_for_every_file() {
    // (path, nodes, edges, directed)
    let expected = [
        ("sample_graphs/karate.gml", 34, 78, false),
        ("sample_graphs/football.gml", 115, 613, false),
        ("sample_graphs/polbooks.gml", 105, 441, false),
        ("sample_graphs/lesmis.gml", 77, 254, false),
        ("sample_graphs/dolphins.gml", 62, 159, false),
        ("sample_graphs/polblogs.gml", 1490, 19025, true),
        ("sample_graphs/flare.json", 220, 764, true),
        ("sample_graphs/minnesota.graphml", 2642, 3303, false),
        ("sample_graphs/logo.graphml", 1130, 3131, false),
        ("sample_graphs/drosophila_left.csv", 209, 7425, true),
    ];
    for (path, nodes, edges, directed) in expected {
        let v = info(path);
        assert_eq!(v["nodes"], nodes, "{path}");
        assert_eq!(v["edges"], edges, "{path}");
        assert_eq!(v["directed"], directed, "{path}");
        assert_eq!(
            v["self_loops"],
            if path.contains("polblogs") { 3 } else { 0 },
            "{path}"
        );
    }
    let karate = info("sample_graphs/karate.gml");
    assert_eq!(
        class_counts(&karate, "club"),
        pairs(&[("Mr. Hi", 17), ("Officer", 17)])
    );
    assert_eq!(karate["total_weight"], 231.0);
    let football = info("sample_graphs/football.gml");
    let sizes: Vec<u64> = class_counts(&football, "value")
        .iter()
        .map(|c| c.1)
        .collect();
    assert_eq!(sizes, vec![9, 8, 11, 12, 10, 5, 13, 8, 10, 12, 7, 10]);
    assert_eq!(class_counts(&football, "valuetsevans").len(), 19);
    assert_eq!(
        class_counts(&info("sample_graphs/polbooks.gml"), "value"),
        pairs(&[("c", 49), ("l", 43), ("n", 13)])
    );
    assert_eq!(info("sample_graphs/lesmis.gml")["total_weight"], 820.0);
    let polblogs = info("sample_graphs/polblogs.gml");
    assert_eq!(polblogs["edge_records"], 19090);
    assert_eq!(polblogs["parallel_edges_merged"], 65);
    assert_eq!(polblogs["isolated_nodes"], 266);
    assert_eq!(
        class_counts(&polblogs, "value"),
        pairs(&[("0", 758), ("1", 732)])
    );
    let flare = info("sample_graphs/flare.json");
    let groups = class_counts(&flare, "group");
    assert_eq!(groups.len(), 10);
    assert!(
        groups.contains(&("vis".to_string(), 71)) && groups.contains(&("query".to_string(), 60))
    );
    let minnesota = info("sample_graphs/minnesota.graphml");
    assert_eq!(minnesota["components"], 2);
    assert_eq!(minnesota["coordinates"], true);
    assert_eq!(minnesota["total_weight"], 3307.0);
    assert_eq!(
        class_counts(&info("sample_graphs/logo.graphml"), "letter"),
        pairs(&[("G", 440), ("P", 298), ("S", 392)])
    );
    let fly = info("sample_graphs/drosophila_left.csv");
    assert_eq!(fly["total_weight"], 25322.0);
    assert_eq!(
        class_counts(&fly, "cell_type"),
        pairs(&[("I", 21), ("K", 101), ("O", 29), ("P", 58)])
    );
}

#[test]
fn mutag_data_set() {
    for arg in ["sample_graphs/MUTAG", "MUTAG"] {
        let v = info(arg);
        assert_eq!(v["graphs"], 188, "{arg}");
        assert_eq!(v["nodes"], 3371);
        assert_eq!(v["edges"], 3721);
        let labels: Vec<u64> = v["graph_labels"]["classes"]
            .as_array()
            .map(|a| a.iter().map(|c| c["count"].as_u64().unwrap_or(0)).collect())
            .unwrap_or_default();
        assert_eq!(labels, vec![63, 125]);
        let node: Vec<u64> = v["node_labels"][0]["classes"]
            .as_array()
            .map(|a| a.iter().map(|c| c["count"].as_u64().unwrap_or(0)).collect())
            .unwrap_or_default();
        assert_eq!(node, vec![2395, 345, 593, 12, 1, 23, 2]);
    }
}

#[test]
fn samples_and_specs_by_name() {
    assert_eq!(info("karate")["nodes"], 34);
    let h = info("nested:h13-4,seed=1");
    assert_eq!(h["nodes"], 256);
    assert_eq!(class_counts(&h, "group").len(), 4);
    assert_eq!(class_counts(&h, "subgroup").len(), 16);
    let (ok, out, _) = poolscope(&["info", "football"]);
    assert!(ok);
    assert!(out.contains("nodes         115"), "{out}");
    let (ok, out, _) = poolscope(&["samples"]);
    assert!(ok && out.contains("drosophila_left") && out.contains("sbm:n=1000"));
}

#[test]
fn convert_round_trips_through_every_writer() {
    let scratch = poolscope::io::scratch::Scratch::new("convert");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("temp dir");
    let original = info("football");
    for ext in ["graphml", "gml", "json", "csv"] {
        let out = dir.join(format!("football.{ext}"));
        let out_s = out.to_string_lossy().into_owned();
        let (ok, _, err) = poolscope(&["convert", "football", &out_s]);
        assert!(ok, "convert to {ext}: {err}");
        let back = info(&out_s);
        assert_eq!(back["nodes"], original["nodes"], "{ext}");
        assert_eq!(back["edges"], original["edges"], "{ext}");
        assert_eq!(
            class_counts(&back, "value"),
            class_counts(&original, "value"),
            "{ext}"
        );
    }
    assert!(
        dir.join("football_nodes.csv").is_file(),
        "an edge list gets its node table"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_is_a_clear_error() {
    let scratch = poolscope::io::scratch::Scratch::new("bad");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("broken.gml");
    std::fs::write(
        &bad,
        "graph [\n  node [ id 0 ]\n  edge [ source 0 target 5 ]\n]\n",
    )
    .expect("write");
    let (ok, _, err) = poolscope(&["info", &bad.to_string_lossy()]);
    assert!(!ok);
    assert!(
        err.contains("broken.gml, line 3: edge target `5` is not the id of any node"),
        "{err}"
    );
    let (ok, _, err) = poolscope(&["info", "no-such-thing"]);
    assert!(
        !ok && err.contains("no such file, sample or generator spec"),
        "{err}"
    );
    let (ok, _, err) = poolscope(&["info", "sbm:n=10"]);
    assert!(!ok && err.contains("missing `k=…`"), "{err}");
    let (ok, _, err) = poolscope(&["convert", "karate", &dir.join("out.xyz").to_string_lossy()]);
    assert!(!ok && err.contains("expected an output extension"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn durations_out_of_range_are_refused_before_the_window_opens() {
    for bad in ["inf", "1e30", "-1", "NaN"] {
        let flag = format!("--quit-after={bad}");
        let (ok, _, err) = poolscope(&["karate", &flag]);
        assert!(!ok, "--quit-after {bad} accepted");
        assert!(
            err.contains("--quit-after") && err.contains("expected seconds from 0 to 86400"),
            "{bad}: {err}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_poolscope"))
        .args(["samples"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    // Read one byte, then close the pipe, as `| head -c 1` does.
    let mut out = child.stdout.take().expect("stdout");
    let mut one = [0u8; 1];
    out.read_exact(&mut one).expect("some output");
    drop(out);
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .expect("stderr reads");
    let status = child.wait().expect("ends");
    assert!(!err.contains("panicked"), "{err}");
    // Killed by SIGPIPE or exited cleanly: either way, no panic and no error message.
    assert!(status.success() || status.code().is_none(), "{status:?}");
}

#[test]
fn devices_and_fifos_are_refused_not_read() {
    // /dev/zero reads forever and reports a length of 0: it must be refused by kind.
    for args in [
        vec!["info", "/dev/zero"],
        vec!["info", "/dev/urandom"],
        vec!["losses", "karate", "--assign", "/dev/zero"],
        vec![
            "render",
            "karate",
            "--hierarchy",
            "/dev/zero",
            "--out",
            "x.svg",
        ],
    ] {
        let (ok, _, err) = poolscope(&args);
        assert!(!ok, "{args:?} accepted");
        assert!(err.contains("not a regular file"), "{args:?}: {err}");
    }
    #[cfg(unix)]
    {
        let scratch = poolscope::io::scratch::Scratch::new("fifo");
        let dir = scratch.path().to_path_buf();
        std::fs::create_dir_all(&dir).expect("dir");
        let fifo = dir.join("graph.csv");
        let c = std::ffi::CString::new(fifo.to_string_lossy().as_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        let made = unsafe { libc::mkfifo(c.as_ptr(), 0o600) } == 0;
        if made {
            // Opening a FIFO for reading would block until a writer comes: the check by kind
            // must happen first.
            let (ok, _, err) = poolscope(&["info", &fifo.to_string_lossy()]);
            assert!(!ok && err.contains("not a regular file"), "{err}");
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn a_screenshot_nowhere_is_refused_before_the_window_opens() {
    let (ok, _, err) = poolscope(&["karate", "--screenshot", "/nonexistent/dir/s.png"]);
    assert!(
        !ok && err.contains("the folder /nonexistent/dir does not exist"),
        "{err}"
    );
    let (ok, _, err) = poolscope(&["karate", "--screenshot", "shot.jpg"]);
    assert!(!ok && err.contains("expected a .png file name"), "{err}");
}

#[test]
fn the_window_refuses_the_settings_train_refuses_before_it_opens() {
    // The same validation as `train`, not a silent clamp once the window is up.
    for (args, want) in [
        (&["--clusters", "0"][..], "K = 0; at least 2 clusters"),
        (
            &["--epochs", "99999999999"][..],
            "epochs 99999999999 must be between",
        ),
        (&["--clusters", "12,40"][..], "K = 40 is larger than the 12"),
    ] {
        let mut all = vec!["karate"];
        all.extend_from_slice(args);
        let (ok, _, err) = poolscope(&all);
        assert!(!ok && err.contains(want), "{args:?}: {err}");
        let mut train = vec!["train", "karate"];
        train.extend_from_slice(args);
        let (ok, _, err) = poolscope(&train);
        assert!(!ok && err.contains(want), "train {args:?}: {err}");
    }
}

#[test]
fn a_session_given_as_a_graph_says_where_sessions_open() {
    let path = poolscope::io::scratch::Scratch::file("session.poolscope");
    std::fs::write(&path, "{}").expect("written");
    let (ok, _, err) = poolscope(&["info", &path.to_string_lossy()]);
    assert!(!ok && err.contains("a saved session, not a graph"), "{err}");
    let _ = std::fs::remove_file(path);
}

#[test]
fn convert_says_when_it_replaces_a_node_table_nobody_named() {
    let scratch = poolscope::io::scratch::Scratch::new("companion");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("k.csv");
    let nodes = dir.join("k_nodes.csv");
    std::fs::write(&nodes, "someone else's table\n").expect("written");
    let (ok, _, err) = poolscope(&["convert", "karate", &out.to_string_lossy()]);
    assert!(ok, "{err}");
    assert!(err.contains("replacing the file of that name"), "{err}");
    let (ok, _, err) = poolscope(&["info", &out.to_string_lossy()]);
    assert!(ok, "the pair reads back: {err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_tu_folder_missing_a_part_names_the_folder() {
    let scratch = poolscope::io::scratch::Scratch::new("tu");
    let dir = scratch.path().to_path_buf();
    let ds = dir.join("MYDS");
    std::fs::create_dir_all(&ds).expect("temp dir");
    std::fs::write(ds.join("MYDS_A.txt"), "1, 2\n").expect("written");
    let (ok, _, err) = poolscope(&["info", &ds.to_string_lossy()]);
    assert!(
        !ok && err.contains(&*ds.to_string_lossy())
            && err.contains("MYDS_graph_indicator.txt")
            && err.contains("looked in this folder"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_directed_pair_whose_sum_overflows_is_refused_naming_the_edge() {
    let scratch = poolscope::io::scratch::Scratch::new("dir");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("temp dir");
    let f = dir.join("d.csv");
    // b -> c has no reverse, so the graph is directed and pooling adds A + Aᵀ.
    std::fs::write(&f, "a,b,3e38\nb,a,3e38\nb,c,1\n").expect("written");
    let (ok, _, err) = poolscope(&["train", &f.to_string_lossy(), "--clusters", "2"]);
    assert!(
        !ok && err.contains("the edge a–b")
            && err.contains("A plus its transpose")
            && err.contains("--unweighted"),
        "{err}"
    );
    let (ok, _, err) = poolscope(&[
        "train",
        &f.to_string_lossy(),
        "--clusters",
        "2",
        "--unweighted",
    ]);
    assert!(ok, "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_file_named_like_a_sample_is_read_and_says_so() {
    let scratch = poolscope::io::scratch::Scratch::new("shadow");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("karate"), "0 1\n1 2\n").expect("file");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_poolscope"))
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("runs");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (out, err) = run(&["info", "karate", "--json"]);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["nodes"], 3, "the file, not the sample");
    assert!(
        err.contains("`karate` is both a file in this folder and a bundled sample"),
        "{err}"
    );
    let (out, err) = run(&["info", "./karate", "--json"]);
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["nodes"], 3);
    assert!(!err.contains("bundled sample"), "a path says which: {err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_node_table_holds_attributes_and_networkx_s_measures() {
    let scratch = poolscope::io::scratch::Scratch::new("nodetable");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    let out = dir.join("lesmis_nodes.csv");
    let (ok, _, err) = poolscope(&[
        "info",
        "lesmis",
        "--node-table",
        out.to_str().expect("utf-8"),
    ]);
    assert!(ok, "{err}");
    assert!(err.contains("77 rows"), "{err}");
    let text = std::fs::read_to_string(&out).expect("written");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 78, "a header and one row per character");
    let header: Vec<&str> = lines[0].split(',').collect();
    for col in [
        "id",
        "name",
        "degree",
        "pagerank",
        "betweenness",
        "k-core",
        "clustering",
        "louvain",
    ] {
        assert!(header.contains(&col), "{col} in {header:?}");
    }
    let at = |name: &str| header.iter().position(|h| *h == name).expect("column");
    let valjean: Vec<&str> = lines
        .iter()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|cells| cells[at("name")] == "Valjean")
        .expect("Valjean's row")
        .into_iter()
        .collect();
    // networkx 3.6.1 on sample_graphs/lesmis.gml: degree 36, betweenness 0.5699890527836184.
    assert_eq!(valjean[at("degree")], "36");
    let b: f64 = valjean[at("betweenness")].parse().expect("a number");
    assert!((b - 0.569_989_052_783_618_4).abs() < 1e-12, "{b}");
    // A data set must be narrowed to one graph first.
    let (ok, _, err) = poolscope(&[
        "info",
        "MUTAG",
        "--node-table",
        out.to_str().expect("utf-8"),
    ]);
    assert!(!ok && err.contains("--graph"), "{err}");
}

#[test]
fn keep_ids_numbers_nodes_as_pyg_and_says_so_when_ids_are_skipped() {
    let scratch = poolscope::io::scratch::Scratch::new("keepids");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    // Ids 0..6; 2 and 5 appear in no edge.
    let path = dir.join("gaps.csv");
    std::fs::write(&path, "source,target,weight\n4,1,2\n0,3,1\n3,6,1\n1,0,1\n").expect("write");
    let p = path.to_str().expect("utf-8");
    let (ok, out, err) = poolscope(&["info", p, "--json"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("--keep-ids") && err.contains("7 nodes"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["nodes"], 5, "compacted by default");
    let (ok, out, err) = poolscope(&["info", p, "--json", "--keep-ids"]);
    assert!(ok, "{err}");
    assert!(!err.contains("note:"), "{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["nodes"], 7);
    assert_eq!(v["components"], 3, "two isolated nodes");
    assert_eq!(v["edges"], 4);
    // The layout's rows follow the ids: row k is node k.
    let xy = dir.join("xy.csv");
    let (ok, _, err) = poolscope(&[
        "layout",
        p,
        "--keep-ids",
        "--out",
        xy.to_str().expect("utf-8"),
    ]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&xy).expect("layout written");
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["0", "1", "2", "3", "4", "5", "6"]);
    // Names are not numbers: refused, with the reason.
    let named = dir.join("named.csv");
    std::fs::write(&named, "source,target\nalice,bob\n").expect("write");
    let (ok, _, err) = poolscope(&["info", named.to_str().expect("utf-8"), "--keep-ids"]);
    assert!(
        !ok && err.contains("not a plain non-negative integer"),
        "{err}"
    );
}

#[test]
fn a_thread_count_in_the_environment_is_bounded_like_the_flag() {
    // RAYON_NUM_THREADS=5000 started 5,000 threads and hung; now it is cut to four per core
    // with a warning, and the command does its work.
    let out = Command::new(env!("CARGO_BIN_EXE_poolscope"))
        .args(["train", "karate", "--epochs", "5", "--no-restarts"])
        .env("RAYON_NUM_THREADS", "5000")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("warning: RAYON_NUM_THREADS=5000: using"),
        "{err}"
    );
}
