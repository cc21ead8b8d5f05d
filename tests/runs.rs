//! A folder of runs in the window: the newest run opens with a picker for the others, the
//! model a run recorded shows in the model panel, another run opens from the picker, and the
//! logged curves of other runs lie over the shown one's.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use poolscope::app::{Command, LoadRequest, PoolscopeApp};
use std::path::{Path, PathBuf};
use std::time::Duration;

fn fixture_log() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/karate_log")
}

/// A run: the fixture's graph and steps, its losses `scale` times the step, and `model` as
/// the writer's metadata records it.
fn write_run(dir: &Path, scale: f64, model: &str) {
    let src = fixture_log();
    std::fs::create_dir_all(dir.join("steps")).expect("dir");
    std::fs::copy(src.join("graph.npz"), dir.join("graph.npz")).expect("graph");
    for f in std::fs::read_dir(src.join("steps"))
        .expect("steps")
        .flatten()
    {
        std::fs::copy(f.path(), dir.join("steps").join(f.file_name())).expect("copy");
    }
    std::fs::write(
        dir.join("poolscope_log.json"),
        format!(r#"{{"poolscope_log": 1, "name": "karate", "labels": {{}}{model}}}"#),
    )
    .expect("meta");
    let index = std::fs::read_to_string(src.join("steps.jsonl")).expect("index");
    let lines: Vec<String> = index
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            let mut v = v.as_object().expect("object").clone();
            let step = v["step"].as_f64().expect("step");
            v.insert(
                "losses".into(),
                serde_json::json!({"spectral_loss": -scale * step}),
            );
            serde_json::Value::Object(v).to_string()
        })
        .collect();
    std::fs::write(dir.join("steps.jsonl"), lines.join("\n") + "\n").expect("index");
}

/// Steps the window until the shown log's steps have arrived: its follower reads them on its
/// own thread, and the curves are drawn only once they are there (a fixed number of frames
/// was not always enough on a busy machine).
fn wait_for_log_steps(h: &mut Harness<'static, PoolscopeApp>) {
    let start = std::time::Instant::now();
    while h.state().workspace().is_none_or(|w| w.history.is_empty()) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the log's steps arrive"
        );
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(1);
}

#[test]
fn a_folder_of_runs_opens_the_newest_with_a_picker_its_model_and_overlaid_curves() {
    let scratch = poolscope::io::scratch::Scratch::new("runs");
    let root = scratch.path().to_path_buf();
    let _ = std::fs::remove_dir_all(&root);
    write_run(&root.join("20261201-090000_dmon"), 0.01, "");
    write_run(&root.join("20261202-090000_dmon-lr"), 0.02, "");
    let model = r#", "model": {"method": "mincut", "settings": {"hidden": 32, "normalized": true}, "layers": [{"class": "DenseMinCutPool", "text": ""}]}"#;
    write_run(&root.join("20261203-090000_mincut"), 0.03, model);

    let app = PoolscopeApp::new(Some(LoadRequest::Named(root.display().to_string())));
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut PoolscopeApp| app.show(ui), app);
    h.run_steps(2);
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(3);
    assert_eq!(h.state().error(), None);
    let set = h.state().logs().expect("a folder of logs").clone();
    assert_eq!(set.entries.len(), 3);
    assert_eq!(set.shown, 2, "the newest run");
    assert_eq!(h.state().graph().map(|g| g.node_count()), Some(34));
    h.get_by_label_contains("Log 3 of 3 in");
    h.get_by_label_contains(
        "From a log: your model, mincut (DenseMinCutPool); hidden 32, normalized true",
    );
    assert_eq!(
        h.state().form().cfg.method,
        poolscope::pool::Method::MinCut,
        "the recorded method, not the one the loss names point to (DMoN's)"
    );

    // Another run from the picker: the folder stays, the shown run changes.
    h.state_mut().apply(Command::OpenLog(0));
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(3);
    wait_for_log_steps(&mut h);
    assert_eq!(h.state().logs().map(|s| s.shown), Some(0));
    assert!(
        h.state()
            .workspace()
            .is_some_and(|w| w.log.as_ref().is_some_and(|l| l.dir == set.entries[0].path))
    );
    h.get_by_label_contains("From a log: settings unknown");

    // Two other runs' logged curves over this one's.
    h.state_mut().apply(Command::Overlay(1, true));
    h.state_mut().apply(Command::Overlay(2, true));
    h.state_mut().wait_for_jobs(Duration::from_secs(20));
    h.run_steps(2);
    let curves = h.state().overlay_curves().to_vec();
    assert_eq!(
        curves.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        [
            "20261201-090000_dmon",
            "20261202-090000_dmon-lr",
            "20261203-090000_mincut"
        ],
        "the shown run first, then the chosen ones"
    );
    let last = curves[2].steps.last().expect("steps");
    assert_eq!(last.0, 30);
    assert!((last.1[0].1 - (-0.9)).abs() < 1e-9, "{:?}", last);
    h.get_by_label_contains("Runs compared");
    h.get_by_label("run 3");
    h.state_mut().apply(Command::Overlay(1, false));
    h.state_mut().wait_for_jobs(Duration::from_secs(20));
    assert_eq!(h.state().overlay_curves().len(), 2);
    h.state_mut().apply(Command::Overlay(2, false));
    assert!(h.state().overlay_curves().is_empty(), "nothing to compare");

    // Something else opened: the folder's picker goes.
    h.state_mut()
        .apply(Command::Load(LoadRequest::Sample("karate".into())));
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(2);
    assert!(h.state().logs().is_none());
    assert!(h.state().overlay_curves().is_empty());
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn a_run_started_but_without_its_graph_yet_is_waited_for() {
    // `w = Writer("runs"); poolscope.show("runs")`: the run folder and its metadata exist,
    // the graph comes with the first add_graph.
    let scratch = poolscope::io::scratch::Scratch::new("runs-wait");
    let root = scratch.path().to_path_buf();
    let _ = std::fs::remove_dir_all(&root);
    let run = root.join("20261204-090000_dmon");
    std::fs::create_dir_all(&run).expect("dir");
    std::fs::write(run.join("poolscope_log.json"), r#"{"poolscope_log": 1}"#).expect("meta");
    let app = PoolscopeApp::new(Some(LoadRequest::Named(root.display().to_string())));
    let mut h = Harness::builder()
        .with_size([1200.0, 800.0])
        .build_ui_state(|ui, app: &mut PoolscopeApp| app.show(ui), app);
    h.run_steps(2);
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(2);
    assert_eq!(h.state().error(), None, "no error: it waits");
    h.get_by_label_contains("Waiting for");
    write_run(&run, 0.01, "");
    let start = std::time::Instant::now();
    while h.state().graph().is_none() {
        assert!(start.elapsed() < Duration::from_secs(20), "the run opens");
        h.run_steps(1);
        h.state_mut().wait_for_loads(Duration::from_millis(200));
    }
    assert_eq!(h.state().logs().map(|s| s.entries.len()), Some(1));
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn the_compared_curves_grow_while_a_run_is_being_written() {
    let scratch = poolscope::io::scratch::Scratch::new("runs-live");
    let root = scratch.path().to_path_buf();
    let _ = std::fs::remove_dir_all(&root);
    write_run(&root.join("20261201-090000_a"), 0.01, "");
    let live = root.join("20261202-090000_b");
    write_run(&live, 0.02, "");
    std::fs::write(live.join(".writer.lock"), "{}").expect("lock");
    let app = PoolscopeApp::new(Some(LoadRequest::Named(root.display().to_string())));
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut PoolscopeApp| app.show(ui), app);
    h.run_steps(2);
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(2);
    let set = h.state().logs().expect("a folder").clone();
    assert_eq!(
        (set.shown, set.entries[1].live),
        (1, true),
        "the newest, being written"
    );
    h.state_mut().apply(Command::Overlay(0, true));
    h.state_mut().wait_for_jobs(Duration::from_secs(20));
    let steps = |h: &Harness<'static, PoolscopeApp>| h.state().overlay_curves()[0].steps.len();
    assert_eq!(steps(&h), 4);
    // The shown run writes another step.
    use std::io::Write;
    let mut index = std::fs::OpenOptions::new()
        .append(true)
        .open(live.join("steps.jsonl"))
        .expect("index");
    writeln!(
        index,
        r#"{{"step": 40, "file": "steps/00000030.npz", "levels": ["logits", "soft"], "losses": {{"spectral_loss": -0.8}}}}"#
    )
    .expect("append");
    drop(index);
    std::thread::sleep(poolscope::app::OVERLAY_REFRESH + Duration::from_millis(100));
    h.run_steps(1);
    h.state_mut().wait_for_jobs(Duration::from_secs(20));
    assert_eq!(steps(&h), 5, "read again while being written");
    let _ = std::fs::remove_dir_all(root);
}
