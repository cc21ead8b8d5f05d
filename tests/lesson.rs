//! A lesson played as a lecturer plays it: the remote's PageDown and PageUp (and Space) go
//! through the steps, each step shows its graph, colours, selection, card and run; a step
//! that only talks leaves the run on screen alone; going back shows what going forward did.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use poolscope::app::{CardTab, ColourMode, PoolscopeApp, TrainStatus};
use poolscope::lesson::Lesson;
use poolscope::pool::Method;
use std::time::Duration;

fn playing(lesson: Lesson) -> Harness<'static, PoolscopeApp> {
    let mut app = PoolscopeApp::new(None);
    app.play_lesson(lesson);
    let mut h = Harness::builder()
        .with_size([1280.0, 720.0])
        .build_ui_state(|ui, app: &mut PoolscopeApp| app.show(ui), app);
    settle(&mut h);
    h
}

/// Lets loads and training finish, then draws a few frames.
fn settle(h: &mut Harness<'static, PoolscopeApp>) {
    h.run_steps(2);
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(2);
    if let Some(ws) = h.state_mut().workspace_mut() {
        let done = ws.wait_until(Duration::from_secs(60), |w| {
            !matches!(w.status, TrainStatus::Running | TrainStatus::Paused)
        });
        assert!(done, "training finishes");
    }
    h.run_steps(3);
}

fn press(h: &mut Harness<'static, PoolscopeApp>, key: egui::Key) {
    h.key_press(key);
    settle(h);
}

fn at(h: &Harness<'static, PoolscopeApp>) -> usize {
    h.state()
        .lesson()
        .and_then(|l| l.at)
        .expect("a step is shown")
}

fn run_method(h: &Harness<'static, PoolscopeApp>) -> Option<Method> {
    h.state()
        .workspace()
        .and_then(|w| w.weights.as_ref())
        .map(|(_, cfg)| cfg.method)
}

#[test]
fn the_karate_lesson_plays_forward_and_back_with_the_remote_s_keys() {
    let mut h = playing(Lesson::open("diffpool-vs-mincut").expect("bundled"));
    // Step 1: karate, coloured by the club each member joined, in presentation mode.
    assert_eq!(at(&h), 0);
    assert!(h.state().presentation());
    assert_eq!(h.state().graph().map(|g| g.node_count()), Some(34));
    assert_eq!(h.state().colour(), &ColourMode::Label("club".into()));
    h.get_by_label("DiffPool vs MinCut on karate · step 1 of 9");
    assert!(h.state().workspace().expect("ws").hierarchy().is_none());

    // Step 2: the instructor and his friends lit up.
    press(&mut h, egui::Key::PageDown);
    assert_eq!(at(&h), 1);
    assert_eq!(h.state().selection().nodes, vec![0]);

    // Step 3: DiffPool trains with K = 2 and the card opens beside the levels.
    press(&mut h, egui::Key::PageDown);
    assert_eq!(at(&h), 2);
    assert_eq!(run_method(&h), Some(Method::DiffPool));
    assert_eq!(h.state().form().ks, vec![2]);
    assert!(h.state().card_open());
    assert_eq!(
        h.state().colour(),
        &ColourMode::Linked,
        "the clusters' colours"
    );
    assert!(
        h.state().selection().is_empty(),
        "the selection was step 2's"
    );
    let watched = h.state().workspace().expect("ws").shown_id();
    let hard = |h: &Harness<'static, PoolscopeApp>| {
        let ws = h.state().workspace().expect("ws");
        ws.hierarchy().map(|t| t.levels[0].hard.clone())
    };
    let clusters = hard(&h).expect("trained");

    // Step 4 only talks: the same run stays, the card closes.
    press(&mut h, egui::Key::Space);
    assert_eq!(at(&h), 3);
    assert!(!h.state().card_open());
    assert_eq!(h.state().workspace().expect("ws").shown_id(), watched);

    // Back to step 3: the card again, still the run the class watched (no retraining).
    press(&mut h, egui::Key::PageUp);
    assert_eq!(at(&h), 2);
    // Back to step 2, the club's colours; and forward to step 3 again: trained again, the
    // same picture (the same seed).
    press(&mut h, egui::Key::PageUp);
    assert_eq!(h.state().colour(), &ColourMode::Label("club".into()));
    assert!(h.state().workspace().expect("ws").hierarchy().is_none());
    press(&mut h, egui::Key::PageDown);
    assert_eq!(at(&h), 2);
    assert_eq!(h.state().colour(), &ColourMode::Linked);
    assert_eq!(hard(&h), Some(clusters));
    assert!(h.state().card_open());

    // Steps 4 and 5: MinCut trains.
    press(&mut h, egui::Key::PageDown);
    press(&mut h, egui::Key::PageDown);
    assert_eq!(at(&h), 4);
    assert_eq!(run_method(&h), Some(Method::MinCut));
    assert_eq!(h.state().form().cfg.method, Method::MinCut);

    // Back to step 4: DiffPool's run is shown again, as it was.
    press(&mut h, egui::Key::PageUp);
    assert_eq!(at(&h), 3);
    assert_eq!(run_method(&h), Some(Method::DiffPool));
    assert_eq!(h.state().form().cfg.method, Method::DiffPool);

    // Step 6: two levels of MinCut.
    press(&mut h, egui::Key::PageDown);
    press(&mut h, egui::Key::PageDown);
    assert_eq!(at(&h), 5);
    assert_eq!(run_method(&h), Some(Method::MinCut));
    let levels = h
        .state()
        .workspace()
        .and_then(|w| w.hierarchy())
        .map(|t| t.depth());
    assert_eq!(levels, Some(3), "levels 0, 1 and 2");

    // Step 7: DiffPool's link loss read literally collapses the top level; step 8, trained
    // against the scaled pooled adjacency, uses both top clusters.
    let top_used = |h: &Harness<'static, PoolscopeApp>| {
        let ws = h.state().workspace().expect("ws");
        ws.hierarchy().map(|t| t.levels[1].metrics.clusters_used)
    };
    press(&mut h, egui::Key::PageDown);
    assert_eq!(at(&h), 6);
    assert_eq!(run_method(&h), Some(Method::DiffPool));
    assert_eq!(top_used(&h), Some(1), "the literal link loss: one cluster");

    press(&mut h, egui::Key::PageDown);
    assert_eq!(at(&h), 7);
    assert_eq!(run_method(&h), Some(Method::DiffPool));
    assert_eq!(top_used(&h), Some(2), "scaled: both top clusters");

    // Step 9 opens the drawer on one pooling layer, step by step, over the same run. The last
    // step stays the last; the Next button is off there.
    let run = h.state().workspace().expect("ws").shown_id();
    press(&mut h, egui::Key::PageDown);
    press(&mut h, egui::Key::PageDown);
    assert_eq!(at(&h), 8);
    assert!(h.state().card_open());
    assert_eq!(h.state().card_tab(), CardTab::Steps);
    assert_eq!(h.state().workspace().expect("ws").shown_id(), run);
    h.get_by_label("Next node").click();
    h.run_steps(2);
    assert_eq!(h.state().steps().rows, 1);
    // Back a step: the card's face again, closed as step 8 had it.
    press(&mut h, egui::Key::PageUp);
    assert_eq!(at(&h), 7);
    assert!(!h.state().card_open());
}

#[test]
fn the_buttons_step_once_and_a_new_graph_starts_afresh() {
    let text = r#"{"title": "Two graphs", "presentation": false, "steps": [
        {"caption": "karate", "graph": "karate", "colour_by": "club"},
        {"caption": "trained", "method": "mincut", "clusters": [2], "epochs": 30, "train": true},
        {"caption": "football", "graph": "football"},
        {"caption": "karate again", "graph": "karate"}
    ]}"#;
    let mut h = playing(Lesson::parse(text, "two.json", None).expect("lesson"));
    assert!(
        !h.state().presentation(),
        "the lesson asked for the normal window"
    );
    h.get_by_label("Next").click();
    settle(&mut h);
    assert_eq!(at(&h), 1);
    // Space after a click on Next goes on by one step, not two (the button keeps focus).
    press(&mut h, egui::Key::Space);
    assert_eq!(at(&h), 2);
    assert_eq!(h.state().graph().map(|g| g.node_count()), Some(115));
    assert_eq!(
        h.state().colour(),
        &ColourMode::Linked,
        "football's own colours"
    );
    assert!(h.state().workspace().expect("ws").hierarchy().is_none());
    // Back to step 2: karate again, with its colours and its run, trained again.
    h.get_by_label("Previous").click();
    settle(&mut h);
    assert_eq!(at(&h), 1);
    assert_eq!(h.state().graph().map(|g| g.node_count()), Some(34));
    assert_eq!(h.state().colour(), &ColourMode::Label("club".into()));
    assert_eq!(run_method(&h), Some(Method::MinCut));
    // A graph named again later is a new stretch of the lesson: untrained.
    press(&mut h, egui::Key::PageDown);
    press(&mut h, egui::Key::PageDown);
    assert_eq!(at(&h), 3);
    assert_eq!(h.state().graph().map(|g| g.node_count()), Some(34));
    assert!(h.state().workspace().expect("ws").hierarchy().is_none());
    assert_eq!(h.state().colour(), &ColourMode::Linked);
}

#[test]
fn a_bad_lesson_is_refused_before_the_window_opens() {
    let scratch = poolscope::io::scratch::Scratch::new("bad-lesson");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("bad.json");
    std::fs::write(
        &file,
        r#"{"title": "t", "steps": [{"caption": "a", "graph": "karate"},
            {"caption": "b", "method": "mincut", "clusters": [4, 8]}]}"#,
    )
    .expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_poolscope"))
        .arg("--lesson")
        .arg(&file)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("bad.json: steps[1].clusters") && err.contains("larger than"),
        "{err}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_poolscope"))
        .args(["--lesson", "diffpool-vs-mincut", "karate"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&out.stderr).contains("names its own graphs"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_sample_request_never_reads_a_file_of_that_name() {
    // What the Samples menu, --sample, lessons and sessions ask for: the bundled sample only.
    let existing = env!("CARGO_MANIFEST_DIR").to_string() + "/sample_graphs/karate.gml";
    for (name, nodes) in [("karate", Some(34)), (existing.as_str(), None)] {
        let app = PoolscopeApp::new(Some(poolscope::app::LoadRequest::Sample(name.into())));
        let mut h = Harness::builder()
            .with_size([1000.0, 700.0])
            .build_ui_state(|ui, app: &mut PoolscopeApp| app.show(ui), app);
        h.run_steps(2);
        h.state_mut().wait_for_loads(Duration::from_secs(20));
        h.run_steps(1);
        assert_eq!(h.state().graph().map(|g| g.node_count()), nodes, "{name}");
        if nodes.is_none() {
            let e = h.state().error().expect("an error").to_string();
            assert!(e.contains("no such sample"), "{e}");
        }
    }
}
