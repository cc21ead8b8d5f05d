//! Layout on awkward input never produces NaN or infinity, and the `layout` command writes
//! positions.

use poolscope::graph::Graph;
use poolscope::layout::ForceAtlas2;
use proptest::prelude::*;
use std::process::Command;

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn positions_stay_finite(
        n in 0usize..40,
        raw_edges in proptest::collection::vec((0usize..40, 0usize..40, -5.0f32..5.0), 0..80),
        coincident in any::<bool>(),
        linlog in any::<bool>(),
        strong in any::<bool>(),
        overlap in any::<bool>(),
        hubs in any::<bool>(),
        iterations in 1usize..60,
    ) {
        let edges: Vec<(u32, u32, f32)> = raw_edges
            .into_iter()
            .filter(|&(u, v, _)| u < n && v < n)
            .map(|(u, v, w)| (u as u32, v as u32, if w.abs() < 0.5 { 0.0 } else { w }))
            .collect();
        let g = Graph::from_edges(n, &edges);
        let start = coincident.then(|| vec![[3.0, 3.0]; n]);
        let mut fa = ForceAtlas2::new(g.symmetric().into_owned(), start, 7);
        fa.settings.lin_log = linlog;
        fa.settings.strong_gravity = strong;
        fa.settings.prevent_overlap = overlap;
        fa.settings.dissuade_hubs = hubs;
        let report = fa.run(iterations, None);
        prop_assert!(fa.positions.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
        prop_assert!(report.swing.is_finite());
    }
}

#[test]
fn disconnected_components_stay_in_view() {
    // Ten separate triangles: gravity must keep them within a bounded radius.
    let edges: Vec<(u32, u32, f32)> = (0..10u32)
        .flat_map(|c| {
            [
                (3 * c, 3 * c + 1, 1.0),
                (3 * c + 1, 3 * c + 2, 1.0),
                (3 * c, 3 * c + 2, 1.0),
            ]
        })
        .collect();
    let g = Graph::from_edges(30, &edges);
    let mut fa = ForceAtlas2::new(g.symmetric().into_owned(), None, 1);
    fa.run(2000, None);
    let radius = fa
        .positions
        .iter()
        .map(|p| (p[0] * p[0] + p[1] * p[1]).sqrt())
        .fold(0.0f32, f32::max);
    assert!(radius < 200.0, "a component drifted to {radius}");
}

#[test]
fn layout_command_writes_positions() {
    let out = poolscope::io::scratch::Scratch::file("layout.csv");
    let o = Command::new(env!("CARGO_BIN_EXE_poolscope"))
        .args(["layout", "karate", "--iterations", "50", "--json", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["nodes"], 34);
    assert!(
        v["iterations"]
            .as_u64()
            .is_some_and(|i| (1..=50).contains(&i))
    );
    assert!(v["ms_per_iteration"].as_f64().is_some_and(|m| m >= 0.0));
    let text = std::fs::read_to_string(&out).expect("positions written");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "id,x,y");
    assert_eq!(lines.len(), 35);
    for l in &lines[1..] {
        let f: Vec<&str> = l.split(',').collect();
        assert!(
            f[1].parse::<f32>().is_ok_and(f32::is_finite)
                && f[2].parse::<f32>().is_ok_and(f32::is_finite),
            "{l}"
        );
    }
    let _ = std::fs::remove_file(out);
}

#[test]
fn a_layout_projected_over_the_time_limit_stops_and_leaves_the_old_output() {
    // A limit of 6 ms stands in for an hour: the first iterations on the graph itself are
    // timed and the rest projected, as training's first epochs are.
    let scratch = poolscope::io::scratch::Scratch::new("layout-limit");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("folder");
    let out = dir.join("xy.csv");
    let png = dir.join("g.png");
    std::fs::write(&out, "id,x,y\nold,0,0\n").expect("old file");
    // Big enough that its iterations on the graph itself span more than one of the layout's
    // 200 ms steps (the clock looks between steps).
    let graph = "sbm:n=40000,k=8,din=8,dout=1,seed=0";
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_poolscope"))
            .args(args)
            .output()
            .expect("runs");
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let out_s = out.to_str().expect("path");
    let (ok, err) = run(&["layout", graph, "--out", out_s, "--time-limit", "0.0001"]);
    assert!(!ok, "laid out: {err}");
    assert!(
        err.contains("laying out 40000 nodes and")
            && err.contains("over the limit of 0 s: stopped"),
        "{err}"
    );
    assert!(err.contains("Allow it with --time-limit"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&out).expect("old file"),
        "id,x,y\nold,0,0\n",
        "the old positions are kept"
    );
    // `render` lays out under the same limit and names its own flag.
    let png_s = png.to_str().expect("path");
    let (ok, err) = run(&[
        "render",
        graph,
        "--no-train",
        "--out",
        png_s,
        "--time-limit",
        "0.0001",
    ]);
    assert!(!ok, "rendered: {err}");
    assert!(err.contains("over the limit of 0 s: stopped"), "{err}");
    assert!(!png.exists(), "no picture under the final name");
    // Without a limit a layout runs and replaces the file.
    let small = "sbm:n=400,k=4,din=8,dout=1,seed=0";
    let (ok, err) = run(&["layout", small, "--out", out_s, "--time-limit", "0"]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&out).expect("new positions");
    assert_eq!(text.lines().count(), 401);
    let _ = std::fs::remove_dir_all(dir);
}
