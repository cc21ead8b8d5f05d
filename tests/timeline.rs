//! The training timeline in the window: every snapshot kept (bounded), scrubbing moves every
//! view to that epoch, the replay plays and comes back to the latest, and a saved session
//! keeps the replay.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use poolscope::app::{Command, ExportKind, LoadRequest, PoolscopeApp, TrainStatus};
use std::sync::Arc;
use std::time::Duration;

fn harness(initial: &str) -> Harness<'static, PoolscopeApp> {
    let app = PoolscopeApp::new(Some(LoadRequest::Named(initial.to_string())));
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut PoolscopeApp| app.show(ui), app);
    h.run_steps(2);
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(2);
    h
}

fn train(h: &mut Harness<'static, PoolscopeApp>, epochs: usize) {
    h.state_mut().form_mut().cfg.epochs = epochs;
    // Paced, so snapshots arrive over the run rather than all at the end.
    h.state_mut().form_mut().cfg.pace_epochs_per_second = 120.0;
    h.state_mut().apply(Command::Train);
    h.run_steps(2);
    let done = h
        .state_mut()
        .workspace_mut()
        .map(|ws| {
            ws.wait_until(Duration::from_secs(60), |w| {
                matches!(w.status, TrainStatus::Finished | TrainStatus::Failed(_))
            })
        })
        .unwrap_or(false);
    assert!(done, "training finishes");
    h.run_steps(3);
}

#[test]
fn scrubbing_moves_every_view_to_that_epoch() {
    let mut h = harness("karate");
    train(&mut h, 60);
    let ws = h.state().workspace().expect("ws");
    let n = ws.timeline.len();
    assert!(n >= 3, "snapshots over the run: {n}");
    let first = ws.timeline.get(0).expect("first").clone();
    let latest = ws.hierarchy().cloned().expect("latest");
    assert_eq!(first.epoch, 0, "the untrained start is kept");
    // Scrub to the start: the canvases, the plots' cursor, the projector and the heatmap all
    // read the snapshot of epoch 0.
    h.state_mut().apply(Command::Scrub(Some(0)));
    h.run_steps(3);
    let app = h.state();
    let ws = app.workspace().expect("ws");
    assert!(Arc::ptr_eq(
        ws.hierarchy().expect("shown"),
        &first.hierarchy
    ));
    assert_eq!(ws.shown_epoch(), 0);
    assert_eq!(ws.replay, Some(0));
    let nmi = first.hierarchy.levels[0].metrics.nmi.expect("labels");
    let q = first.hierarchy.levels[0].metrics.modularity;
    let title = format!("Q {q:.3} · NMI {nmi:.3}");
    h.get_by_label_contains(title.split(" · ").next().expect("q"));
    let mut projector = poolscope::app::Projector::default();
    let shown = projector.coordinates(ws, 0).expect("projected");
    let mut from_first = poolscope::app::Projector::default();
    let mut solo = poolscope::app::Workspace::new(
        (*ws.graph).clone(),
        Default::default(),
        &eframe::egui::Context::default(),
    );
    solo.set_hierarchy(first.hierarchy.clone());
    assert_eq!(shown, from_first.coordinates(&solo, 0).expect("projected"));
    // Back to the latest: the run as it ended.
    h.state_mut().apply(Command::Scrub(None));
    h.run_steps(2);
    let ws = h.state().workspace().expect("ws");
    assert!(Arc::ptr_eq(ws.hierarchy().expect("shown"), &latest));
    assert_eq!(ws.replay, None);
    assert!(ws.timeline.memory_bytes() <= ws.timeline.cap_bytes());
}

#[test]
fn the_replay_plays_through_and_a_session_keeps_it() {
    let mut h = harness("karate");
    train(&mut h, 60);
    h.state_mut().replay_mut().snapshots_per_second = 2.0;
    h.state_mut().apply(Command::Scrub(Some(0)));
    h.run_steps(1);
    h.state_mut().replay_mut().playing = true;
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..400 {
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(5));
        seen.insert(h.state().workspace().expect("ws").shown_epoch());
        if !h.state().replay().playing {
            break;
        }
    }
    assert!(!h.state().replay().playing, "the replay ends");
    assert!(seen.len() >= 3, "it went through the run: {seen:?}");
    assert_eq!(
        h.state().workspace().expect("ws").replay,
        None,
        "and follows the latest again"
    );
    // Saved and opened again, the timeline comes back.
    let scratch = poolscope::io::scratch::Scratch::new("timeline");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("s.poolscope");
    let epochs: Vec<usize> = h
        .state()
        .workspace()
        .expect("ws")
        .timeline
        .snapshots()
        .iter()
        .map(|s| s.epoch)
        .collect();
    h.state_mut()
        .apply(Command::Export(ExportKind::Session, Some(path.clone())));
    h.state_mut().wait_for_jobs(Duration::from_secs(30));
    let mut other = harness("football");
    other.state_mut().apply(Command::OpenSession(Some(path)));
    other.state_mut().wait_for_jobs(Duration::from_secs(30));
    other.run_steps(2);
    assert_eq!(other.state().error(), None);
    let back: Vec<usize> = other
        .state()
        .workspace()
        .expect("ws")
        .timeline
        .snapshots()
        .iter()
        .map(|s| s.epoch)
        .collect();
    assert_eq!(back, epochs);
    // The training replay exports as a GIF from the window too.
    let gif = dir.join("t.gif");
    // Once the layout thread has laid out every level (it says so and refuses before).
    for _ in 0..200 {
        other
            .state_mut()
            .apply(Command::Export(ExportKind::TrainingGif, Some(gif.clone())));
        other.state_mut().wait_for_jobs(Duration::from_secs(60));
        match other.state().error().map(str::to_string) {
            Some(e) if e.contains("not ready yet") => {
                other.state_mut().apply(Command::DismissError);
                other.run_steps(1);
                std::thread::sleep(Duration::from_millis(20));
            }
            _ => break,
        }
    }
    assert_eq!(other.state().error(), None);
    assert!(std::fs::read(&gif).expect("written").starts_with(b"GIF89a"));
    let _ = std::fs::remove_dir_all(dir);
}

/// The karate log fixture.
fn fixture_log() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/karate_log")
}

/// The fixture's step arrays copied into `dir/steps`, and `files` of its top level into `dir`.
fn copy_log(dir: &std::path::Path, files: &[&str]) {
    let src = fixture_log();
    std::fs::create_dir_all(dir.join("steps")).expect("dir");
    for f in files {
        std::fs::copy(src.join(f), dir.join(f)).expect("copy");
    }
    for f in std::fs::read_dir(src.join("steps"))
        .expect("steps")
        .flatten()
    {
        std::fs::copy(f.path(), dir.join("steps").join(f.file_name())).expect("copy");
    }
}

#[test]
fn a_log_directory_replays_on_the_timeline_and_grows_while_written() {
    let scratch = poolscope::io::scratch::Scratch::new("live-log");
    let dir = scratch.path().to_path_buf();
    let _ = std::fs::remove_dir_all(&dir);
    copy_log(&dir, &["poolscope_log.json", "graph.npz", "steps.jsonl"]);
    let mut h = harness("karate");
    h.state_mut()
        .apply(Command::Load(LoadRequest::Path(dir.clone())));
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(2);
    assert_eq!(h.state().graph().map(|g| g.node_count()), Some(34));
    let ws = h.state_mut().workspace_mut().expect("ws");
    assert!(ws.log.is_some(), "the log is followed");
    // (Some may have arrived with the frames already.)
    while ws.timeline.len() < 4 {
        assert!(
            ws.wait_for_log(Duration::from_secs(10)),
            "every logged step arrives"
        );
    }
    assert_eq!(ws.timeline.len(), 4);
    assert_eq!(ws.timeline.last().map(|s| s.epoch), Some(30));
    // The user's training writes one more step: it arrives without reopening anything.
    std::fs::copy(
        dir.join("steps/00000020.npz"),
        dir.join("steps/00000040.npz"),
    )
    .expect("copy");
    let mut index = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join("steps.jsonl"))
        .expect("index");
    use std::io::Write;
    writeln!(
        index,
        r#"{{"step": 40, "file": "steps/00000040.npz", "levels": ["logits", "soft"]}}"#
    )
    .expect("append");
    drop(index);
    let ws = h.state_mut().workspace_mut().expect("ws");
    while ws.timeline.last().map(|s| s.epoch) != Some(40) {
        assert!(
            ws.wait_for_log(Duration::from_secs(10)),
            "the new step arrives"
        );
    }
    h.run_steps(2);
    h.get_by_label_contains("Following the log");
    // The bar under Train names the step, with no rate or time left of a run here.
    h.get_by_label("logged step 40");
    assert!(h.query_by_label_contains("epochs/s").is_none());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_log_s_own_losses_show_as_curves_beside_poolscope_s_and_on_the_card() {
    let src = fixture_log();
    let scratch = poolscope::io::scratch::Scratch::new("logged-curves");
    let dir = scratch.path().to_path_buf();
    let _ = std::fs::remove_dir_all(&dir);
    copy_log(&dir, &["poolscope_log.json", "graph.npz"]);
    // PyG's dense_mincut_pool names, with made-up values: what matters is where they go.
    let index = std::fs::read_to_string(src.join("steps.jsonl")).expect("index");
    let lines: Vec<String> = index
        .lines()
        .enumerate()
        .map(|(k, line)| {
            let at = line
                .rfind("\"losses\"")
                .unwrap_or_else(|| line.rfind('}').expect("an object"));
            let sep = if line[..at].trim_end().ends_with(['{', ',']) {
                ""
            } else {
                ", "
            };
            format!(
                "{}{sep}\"losses\": {{\"mincut_loss\": {}, \"ortho_loss\": 0.5}}}}",
                &line[..at],
                -0.5 - 0.1 * k as f64
            )
        })
        .collect();
    std::fs::write(dir.join("steps.jsonl"), lines.join("\n") + "\n").expect("index");
    let mut h = harness("karate");
    assert_eq!(h.state().form().cfg.method, poolscope::pool::Method::DMoN);
    h.state_mut()
        .apply(Command::Load(LoadRequest::Path(dir.clone())));
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(2);
    let ws = h.state_mut().workspace_mut().expect("ws");
    while ws.timeline.len() < 4 {
        assert!(
            ws.wait_for_log(Duration::from_secs(10)),
            "every step arrives"
        );
    }
    assert_eq!(ws.history.len(), 4, "one entry of curves per logged step");
    let last = ws.history.last().expect("last");
    let names: Vec<&str> = last.losses.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "mincut_cut (logged)",
            "mincut_cut",
            "mincut_ortho (logged)",
            "mincut_ortho"
        ]
    );
    assert_eq!(last.losses[0].1, -0.8);
    // Step 20 holds soft clusters (step 30 a selection): MinCut's cut is in [-1, 0].
    let cut = ws.history[2].losses[1].1;
    assert!((-1.0..0.0).contains(&cut), "poolscope's own value {cut}");
    h.run_steps(2);
    assert_eq!(
        h.state().form().cfg.method,
        poolscope::pool::Method::MinCut,
        "the method the names point to"
    );
    // The card shows poolscope's value for the log's method.
    h.state_mut().apply(Command::ShowCard(true));
    h.run_steps(3);
    h.get_by_label("mincut: select, reduce, connect");
    h.get_by_label_contains(
        "From a log: settings unknown (the writer was not given method= or model=). Its losses are named as mincut's",
    );
    let value = format!(
        "= {:.4}",
        h.state().workspace().expect("ws").history[3].losses[1].1
    );
    h.get_by_label(&value);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_window_waits_for_a_log_directory_and_opens_it_when_the_training_writes_it() {
    let scratch = poolscope::io::scratch::Scratch::new("later-log");
    let dir = scratch.path().to_path_buf();
    let _ = std::fs::remove_dir_all(&dir);
    let app = PoolscopeApp::new(Some(LoadRequest::Named(dir.display().to_string())));
    let mut h = Harness::builder()
        .with_size([1200.0, 800.0])
        .build_ui_state(|ui, app: &mut PoolscopeApp| app.show(ui), app);
    h.run_steps(2);
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(2);
    assert_eq!(h.state().error(), None, "no error: it waits");
    assert!(h.state().graph().is_none());
    h.get_by_label_contains("Waiting for");
    // The training starts writing: first the folder, its metadata and steps, then the graph.
    copy_log(&dir, &["poolscope_log.json", "steps.jsonl"]);
    h.run_steps(2);
    assert!(
        h.state().graph().is_none(),
        "not before the graph is written"
    );
    copy_log(&dir, &["graph.npz"]);
    let start = std::time::Instant::now();
    while h.state().graph().is_none() {
        assert!(start.elapsed() < Duration::from_secs(20), "the log opens");
        h.run_steps(1);
        h.state_mut().wait_for_loads(Duration::from_millis(200));
    }
    assert_eq!(h.state().graph().map(|g| g.node_count()), Some(34));
    assert!(
        h.state().workspace().is_some_and(|w| w.log.is_some()),
        "and is followed"
    );
    assert_eq!(h.state().error(), None);
    let _ = std::fs::remove_dir_all(dir);
}
