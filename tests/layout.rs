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
    let out = std::env::temp_dir().join(format!("poolscope-layout-{}.csv", std::process::id()));
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
