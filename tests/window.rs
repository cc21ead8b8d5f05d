//! The window, driven headlessly with egui_kittest: load samples, train and watch snapshots
//! arrive, select a node and check what lights up on every level, change the method and
//! retrain, and keep the old graph when a broken file is opened.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use poolscope::app::{
    Command, FirstGraph, LoadRequest, PoolscopeApp, Selection, StartupPlan, TrainStatus,
    highlighted,
};
use poolscope::pool::Method;
use std::time::Duration;

fn harness(initial: &str) -> Harness<'static, PoolscopeApp> {
    harness_of(PoolscopeApp::new(Some(LoadRequest::Named(
        initial.to_string(),
    ))))
}

/// A window on `app`, its first graph loaded.
fn harness_of(app: PoolscopeApp) -> Harness<'static, PoolscopeApp> {
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut PoolscopeApp| app.show(ui), app);
    h.run_steps(2);
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(2);
    h
}

fn train_to_end(h: &mut Harness<'static, PoolscopeApp>) {
    h.get_by_label("Train").click();
    h.run_steps(2);
    wait_for_training(h);
}

fn wait_for_training(h: &mut Harness<'static, PoolscopeApp>) {
    let done = h
        .state_mut()
        .workspace_mut()
        .map(|ws| {
            ws.wait_until(Duration::from_secs(60), |w| {
                matches!(w.status, TrainStatus::Finished | TrainStatus::Failed(_))
            })
        })
        .unwrap_or(false);
    let ws = h.state().workspace().expect("ws");
    assert!(
        done,
        "training finishes: {:?} epoch {} of {}",
        ws.status, ws.epoch, ws.epochs
    );
    h.run_steps(3);
}

#[test]
fn opens_on_a_sample_with_its_ground_truth() {
    let h = harness("karate");
    let app = h.state();
    assert_eq!(app.graph().map(|g| g.node_count()), Some(34));
    assert_eq!(app.form().cfg.labels.as_deref(), Some("club"));
    assert_eq!(app.form().ks, vec![2], "K from the two clubs");
    h.get_by_label("Level 0 · 34 nodes · 78 edges · not trained yet");
}

#[test]
fn samples_menu_loads_another_graph() {
    let mut h = harness("karate");
    h.get_by_label("Samples").click();
    h.run_steps(2);
    h.get_by_label("football").click();
    h.run_steps(2);
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(2);
    assert_eq!(h.state().graph().map(|g| g.node_count()), Some(115));
    assert_eq!(h.state().form().ks, vec![12, 4]);
}

#[test]
fn training_shows_every_level_and_links_selection() {
    let mut h = harness("football");
    train_to_end(&mut h);
    let ws = h.state().workspace().expect("workspace");
    assert_eq!(ws.status, TrainStatus::Finished);
    assert!(
        ws.snapshots >= 2,
        "snapshots arrived while training: {}",
        ws.snapshots
    );
    assert!(!ws.history.is_empty());
    let hier = ws.hierarchy().cloned().expect("a hierarchy");
    assert_eq!(hier.depth(), 3);
    h.get_by_label_contains("Level 1 · 12 nodes");
    h.get_by_label_contains("Level 2 · 4 nodes");
    // Select cluster 0 of level 1: its members light up on level 0, its parent on level 2.
    h.state_mut()
        .apply(Command::Select(Selection::single(1, 0)));
    h.run_steps(2);
    let lit = highlighted(Some(&hier), 115, h.state().selection());
    let members = hier.members(1, 0);
    assert_eq!(lit[0].iter().filter(|&&x| x).count(), members.len());
    assert!(members.iter().all(|&m| lit[0][m]));
    assert_eq!(lit[1].iter().filter(|&&x| x).count(), 1);
    let parent = hier.levels[1].hard[0].expect("assigned") as usize;
    assert!(lit[2][parent] && lit[2].iter().filter(|&&x| x).count() == 1);
    h.get_by_label("cluster 0 of level 1");
}

#[test]
fn changing_the_method_and_retraining() {
    let mut h = harness("karate");
    h.state_mut().form_mut().cfg.method = Method::MinCut;
    h.state_mut().form_mut().cfg.epochs = 60;
    train_to_end(&mut h);
    let source = h
        .state()
        .workspace()
        .and_then(|w| w.hierarchy())
        .map(|h| h.source.clone());
    assert_eq!(source.as_deref(), Some("mincut"));
    h.state_mut().form_mut().cfg.method = Method::Graclus;
    // The setup shrinks for a method with nothing to learn; click where the button now is.
    h.run_steps(2);
    train_to_end(&mut h);
    let source = h
        .state()
        .workspace()
        .and_then(|w| w.hierarchy())
        .map(|h| h.source.clone());
    assert_eq!(source.as_deref(), Some("graclus"));
}

#[test]
fn a_broken_file_shows_the_error_and_keeps_the_graph() {
    let mut h = harness("karate");
    let scratch = poolscope::io::scratch::Scratch::new("window");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("broken.graphml");
    std::fs::write(
        &bad,
        "<graphml><graph><node id=\"a\"/><edge source=\"a\" target=\"b\"/></graph></graphml>",
    )
    .expect("write");
    h.state_mut().apply(Command::Load(LoadRequest::Path(bad)));
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(2);
    let error = h.state().error().map(str::to_string).unwrap_or_default();
    assert!(
        error.contains("broken.graphml, line 1: edge target `b` is not the id of any node"),
        "{error}"
    );
    h.get_by_label_contains("Could not load");
    assert_eq!(
        h.state().graph().map(|g| g.node_count()),
        Some(34),
        "the karate club stays"
    );
    h.get_by_label("Dismiss").click();
    h.run_steps(2);
    assert!(h.state().error().is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn data_set_graph_picker_switches_graphs() {
    let mut h = harness("MUTAG");
    assert!(h.state().dataset().is_some_and(|d| d.len() == 188));
    h.state_mut().apply(Command::SelectGraph(5));
    h.run_steps(2);
    assert_eq!(h.state().dataset_index(), 5);
    let sixth = h.state().dataset().map(|d| d.graphs[5].node_count());
    assert_eq!(h.state().graph().map(|g| g.node_count()), sixth);
}

#[test]
fn data_set_classifier_predicts_labels_and_shows_the_pooling() {
    let mut h = harness("MUTAG");
    h.get_by_label("Train graph classifier").click();
    h.run_steps(2);
    let start = std::time::Instant::now();
    while h.state().classifier().is_none() && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(100));
        h.run_steps(1);
    }
    let app = h.state();
    let c = app.classifier().expect("the classifier finished");
    assert_eq!(c.predictions.len(), 188);
    assert!(
        c.test_accuracy > 0.6,
        "held-out accuracy {:.3}",
        c.test_accuracy
    );
    let hier = app
        .workspace()
        .and_then(|w| w.hierarchy().cloned())
        .expect("the watched molecule's hierarchy");
    assert_eq!(hier.source, "diffpool");
    assert_eq!(hier.depth(), 2);
    h.get_by_label_contains("on the held-out graphs");
    assert!(c.predictions.iter().all(Option::is_some));
    assert_eq!(
        c.held_out.iter().filter(|&&x| x).count(),
        19,
        "a tenth of 188 graphs held out"
    );
}

#[test]
fn merge_animation_plays_to_the_end() {
    let mut h = harness("karate");
    h.state_mut().form_mut().cfg.epochs = 30;
    train_to_end(&mut h);
    assert_eq!(h.state().merge().t, 0.0);
    h.get_by_label("Play").click();
    h.run_steps(3);
    assert!(h.state().merge().playing);
    let mut reached = false;
    for _ in 0..1000 {
        if !h.state().merge().playing {
            break;
        }
        reached |= h.state().merge().t == 1.0;
        h.run_steps(1);
    }
    assert!(reached, "the members reached their clusters");
    assert!(!h.state().merge().playing);
    assert_eq!(h.state().merge().t, 0.0, "level 0 comes back as itself");
    // The arrow keys scrub in exact steps.
    h.key_press(eframe::egui::Key::ArrowRight);
    h.run_steps(1);
    h.key_press(eframe::egui::Key::ArrowRight);
    h.run_steps(1);
    assert_eq!(h.state().merge().t, 0.1);
    h.key_press(eframe::egui::Key::ArrowLeft);
    h.run_steps(1);
    assert_eq!(h.state().merge().t, 0.05);
}

#[test]
fn every_method_card_renders() {
    let mut h = harness("karate");
    for m in Method::ALL {
        h.state_mut().form_mut().cfg.method = m;
        h.run_steps(1);
        let header = format!("How {m} pools");
        if m == Method::DMoN {
            h.get_by_label(&header).click();
        }
        // The card's window appears on the frame after its first (sizing) pass.
        h.run_steps(3);
        h.get_by_label_contains("Select");
        h.get_by_label(&format!("{m}: select, reduce, connect"));
    }
}

#[test]
fn assignments_made_elsewhere_show_like_a_trained_hierarchy() {
    let mut h = harness("karate");
    let scratch = poolscope::io::scratch::Scratch::new("import");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("temp dir");
    let club = h
        .state()
        .graph()
        .and_then(|g| g.nodes.label("club").cloned())
        .expect("club column");
    // Level 1: four groups (club x parity), level 2: the two clubs.
    let s0: String = (0..34)
        .map(|i| {
            let k = 2 * club.codes[i].unwrap_or(0) as usize + i % 2;
            (0..4)
                .map(|c| if c == k { "1" } else { "0" })
                .collect::<Vec<_>>()
                .join(",")
                + "\n"
        })
        .collect();
    let (p0, p1) = (dir.join("S0.csv"), dir.join("S1.csv"));
    std::fs::write(&p0, s0).expect("write");
    std::fs::write(&p1, "1,0\n1,0\n0,1\n0,1\n").expect("write");
    h.state_mut().apply(Command::ImportAssignments {
        paths: Some(vec![p0.clone(), p1]),
        logits: false,
    });
    h.state_mut().wait_for_import(Duration::from_secs(20));
    h.run_steps(3);
    let hier = h
        .state()
        .workspace()
        .and_then(|w| w.hierarchy().cloned())
        .expect("imported hierarchy");
    assert_eq!(hier.source, "imported");
    assert_eq!(hier.depth(), 3);
    assert_eq!(
        hier.levels[1].metrics.nmi,
        Some(1.0),
        "level 2 is exactly the clubs"
    );
    h.get_by_label_contains("Level 2 · 2 nodes");
    // The model panel says what is shown, not the form's settings as if they had made it.
    h.get_by_label_contains(
        "Shown: assignments opened from files: 2 pooling level(s) of 4, 2 clusters",
    );
    h.get_by_label_contains("an opened hierarchy is shown");
    // A chain that does not fit: a clear error, and the graph and hierarchy stay.
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "1,0\n0,1\n").expect("write");
    h.state_mut().apply(Command::ImportAssignments {
        paths: Some(vec![p0, bad]),
        logits: false,
    });
    h.state_mut().wait_for_import(Duration::from_secs(20));
    h.run_steps(2);
    let e = h.state().error().map(str::to_string).unwrap_or_default();
    assert!(
        e.contains("level 2: the assignment has 2 rows but level 1 has 4 clusters"),
        "{e}"
    );
    assert_eq!(h.state().graph().map(|g| g.node_count()), Some(34));
    let kept = h
        .state()
        .workspace()
        .and_then(|w| w.hierarchy().cloned())
        .map(|h| h.depth());
    assert_eq!(
        kept,
        Some(3),
        "the imported hierarchy stays after a failed import"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn projector_points_select_the_same_nodes_on_the_canvases() {
    let mut h = harness("football");
    h.state_mut().form_mut().cfg.epochs = 60;
    train_to_end(&mut h);
    let app = h.state_mut();
    let coords = {
        let ws = app.workspace().expect("workspace");
        // Borrow the projector separately from the workspace.
        let mut projector = poolscope::app::Projector::default();
        projector.coordinates(ws, 0).expect("level-0 embeddings")
    };
    assert_eq!(coords.dim(), (115, 2));
    // A click at node 7's point picks node 7, and selecting it lights it on the canvases.
    let picked = poolscope::app::nearest(&coords, coords[[7, 0]] as f64, coords[[7, 1]] as f64);
    assert_eq!(picked, Some(7));
    app.apply(Command::Select(Selection::single(0, 7)));
    let hier = app
        .workspace()
        .and_then(|w| w.hierarchy().cloned())
        .expect("hierarchy");
    let lit = highlighted(Some(&hier), 115, app.selection());
    assert!(lit[0][7] && lit[0].iter().filter(|&&x| x).count() == 1);
    let parent = hier.levels[0].hard[7].expect("assigned") as usize;
    assert!(lit[1][parent]);
    let near = poolscope::app::neighbours(&coords, 7, 5);
    assert_eq!(near.len(), 5);
    assert!(!near.contains(&7));
    h.run_steps(2);
    h.get_by_label_contains("nearest in the projection");
}

#[test]
fn comparing_two_runs_per_level() {
    let mut h = harness("football");
    h.state_mut().form_mut().cfg.epochs = 80;
    train_to_end(&mut h);
    h.get_by_label("Keep as reference").click();
    h.run_steps(2);
    h.state_mut().form_mut().cfg.seed = 7;
    train_to_end(&mut h);
    h.get_by_label_contains("Against the reference");
    let ws = h.state().workspace().expect("workspace");
    let (reference, current) = (
        ws.reference.clone().expect("kept").1,
        ws.hierarchy().cloned().expect("trained"),
    );
    let agreement = poolscope::hierarchy::compare(&reference, &current);
    assert_eq!(agreement.len(), 2);
    assert!(
        agreement[0].nmi > 0.6,
        "two seeds of DMoN mostly agree on football: {:.3}",
        agreement[0].nmi
    );
    let first_level = h.get_all_by_label_contains("level 0 into 1: NMI").count();
    assert_eq!(first_level, 1);
    h.get_by_label("Swap with reference").click();
    h.run_steps(2);
    let shown = h
        .state()
        .workspace()
        .and_then(|w| w.hierarchy().cloned())
        .expect("shown");
    assert!(
        std::sync::Arc::ptr_eq(&shown, &reference),
        "the reference is shown in place"
    );
}

#[test]
fn a_hierarchy_written_by_train_opens_in_the_window() {
    let out = poolscope::io::scratch::Scratch::file("h.json");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_poolscope"))
        .args([
            "train",
            "karate",
            "--clusters",
            "4,2",
            "--epochs",
            "40",
            "--json",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(status.status.success());
    let mut h = harness("karate");
    h.state_mut()
        .apply(Command::OpenHierarchy(Some(out.to_path_buf())));
    h.state_mut().wait_for_import(Duration::from_secs(20));
    h.run_steps(2);
    let hier = h
        .state()
        .workspace()
        .and_then(|w| w.hierarchy().cloned())
        .expect("opened");
    assert_eq!(hier.source, "dmon");
    assert_eq!(hier.depth(), 3);
    assert_eq!(hier.levels[1].node_count, 4);
    h.get_by_label_contains("Level 2 · 2 nodes");
    // A broken file: the message names it, and the hierarchy stays.
    std::fs::write(
        &out,
        "{\"poolscope_hierarchy\": 1, \"levels\": [{\"nodes\": 3}]}",
    )
    .expect("write");
    h.state_mut()
        .apply(Command::OpenHierarchy(Some(out.to_path_buf())));
    h.state_mut().wait_for_import(Duration::from_secs(20));
    h.run_steps(2);
    let e = h.state().error().map(str::to_string).unwrap_or_default();
    assert!(
        e.contains("level 0 has 3 nodes but the graph has 34"),
        "{e}"
    );
    assert_eq!(
        h.state()
            .workspace()
            .and_then(|w| w.hierarchy().cloned())
            .map(|h| h.depth()),
        Some(3)
    );
    let _ = std::fs::remove_file(out);
}

/// Steps the window until every level has positions.
fn wait_for_layouts(h: &mut Harness<'static, PoolscopeApp>) -> Vec<Vec<[f32; 2]>> {
    let start = std::time::Instant::now();
    loop {
        h.run_steps(1);
        let ws = h.state().workspace().expect("workspace");
        let p = ws.layouts.positions();
        if p.len() == ws.level_count() && ws.layouts.state().0 {
            return p;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "layouts finish");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Steps the window until the layout has settled again somewhere other than `before`.
fn wait_for_new_layout(
    h: &mut Harness<'static, PoolscopeApp>,
    before: &[Vec<[f32; 2]>],
) -> Vec<Vec<[f32; 2]>> {
    let start = std::time::Instant::now();
    loop {
        let p = wait_for_layouts(h);
        if p != before {
            return p;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the layout moves"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn exports_and_a_saved_session_reopen_the_same_picture() {
    use poolscope::app::{ColourMode, ExportKind};
    let scratch = poolscope::io::scratch::Scratch::new("window-export");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    let mut h = harness("karate");
    h.state_mut().form_mut().cfg.epochs = 60;
    h.state_mut().form_mut().ks = vec![4, 2];
    // The button may be scrolled out of the setup panel with two levels; the command is the same.
    h.state_mut().apply(Command::Train);
    wait_for_training(&mut h);
    wait_for_layouts(&mut h);
    h.state_mut()
        .apply(Command::Select(Selection::single(1, 0)));
    h.state_mut()
        .apply(Command::ColourBy(ColourMode::Label("club".into())));
    h.run_steps(2);
    let saved = h
        .state()
        .workspace()
        .expect("ws")
        .hierarchy()
        .cloned()
        .expect("h");
    let positions = wait_for_layouts(&mut h);
    let exports = [
        (ExportKind::LevelsSvg, "levels.svg"),
        (ExportKind::LevelsPng, "levels.png"),
        (ExportKind::HierarchyJson, "h.json"),
        (ExportKind::AssignmentsCsv, "a.csv"),
        (ExportKind::AssignmentsNpy, "a.npy"),
        (ExportKind::PositionsCsv, "p.csv"),
        (ExportKind::Session, "s.poolscope"),
    ];
    for (kind, name) in exports {
        h.state_mut()
            .apply(Command::Export(kind, Some(dir.join(name))));
        h.state_mut().wait_for_jobs(Duration::from_secs(30));
        assert_eq!(h.state().error(), None, "{kind:?}");
        let status = h.state().status().map(str::to_string).unwrap_or_default();
        assert!(status.starts_with("wrote"), "{kind:?}: {status}");
    }
    h.run_steps(1);
    h.get_by_label_contains("wrote");
    let svg = std::fs::read_to_string(dir.join("levels.svg")).expect("svg");
    assert_eq!(svg.matches("<circle").count(), 34 + 4 + 2);
    let png = std::fs::read(dir.join("levels.png")).expect("png");
    assert!(png.starts_with(b"\x89PNG"));
    let g = h.state().graph().expect("graph").clone();
    let (from_json, json_positions) =
        poolscope::export::read_hierarchy_file(&dir.join("h.json"), &g).expect("reads");
    assert_eq!(from_json.levels[0].hard, saved.levels[0].hard);
    assert_eq!(json_positions.as_ref(), Some(&positions));
    for ext in ["csv", "npy"] {
        let files = poolscope::export::assignment_paths(&dir.join(format!("a.{ext}")), 2);
        let back = poolscope::export::import_assignments(&g, &files, false, None)
            .expect("reads")
            .0;
        assert_eq!(back.levels[1].hard, saved.levels[1].hard, "{ext}");
    }
    let table = std::fs::read_to_string(dir.join("p.csv")).expect("positions");
    assert_eq!(table.lines().count(), 1 + 34 + 4 + 2);

    // Open the session in a window showing another graph: the same picture, no training.
    let mut other = harness("football");
    other
        .state_mut()
        .apply(Command::OpenSession(Some(dir.join("s.poolscope"))));
    other.state_mut().wait_for_jobs(Duration::from_secs(30));
    other.run_steps(2);
    let app = other.state();
    assert_eq!(app.error(), None);
    assert_eq!(app.graph().map(|g| g.node_count()), Some(34));
    assert_eq!(*app.colour(), ColourMode::Label("club".into()));
    assert_eq!(*app.selection(), Selection::single(1, 0));
    assert_eq!(app.form().ks, vec![4, 2]);
    assert_eq!(app.form().cfg.epochs, 60);
    let ws = app.workspace().expect("ws");
    assert_eq!(ws.history.len(), 60, "the loss curves came back");
    assert!(!ws.has_trainer(), "nothing was retrained");
    assert!(ws.weights.is_some(), "the trained weights came back");
    let back = ws.hierarchy().cloned().expect("hierarchy");
    for l in 0..saved.depth() {
        assert_eq!(back.levels[l].hard, saved.levels[l].hard, "level {l}");
    }
    assert_eq!(wait_for_layouts(&mut other), positions);
    other.get_by_label_contains("Level 1 · 4 nodes");

    // Renamed to .json and dropped, it is still recognised as a session and opened as one
    // (it was read as a graph and refused).
    let renamed = dir.join("renamed.json");
    std::fs::copy(dir.join("s.poolscope"), &renamed).expect("copy");
    let mut third = harness("football");
    third
        .state_mut()
        .apply(Command::Load(poolscope::app::LoadRequest::Dropped(renamed)));
    third.state_mut().wait_for_loads(Duration::from_secs(30));
    third.run_steps(2);
    let app = third.state();
    assert_eq!(app.error(), None);
    assert_eq!(app.graph().map(|g| g.node_count()), Some(34));
    assert_eq!(app.form().ks, vec![4, 2]);
    let ws = app.workspace().expect("ws");
    assert!(!ws.has_trainer(), "nothing was retrained");
    let back = ws.hierarchy().cloned().expect("the session's hierarchy");
    assert_eq!(back.levels[1].hard, saved.levels[1].hard);

    // A session from a future version is refused; what was shown stays.
    let future = dir.join("future.poolscope");
    std::fs::write(&future, r#"{"poolscope_session": 99}"#).expect("write");
    other.state_mut().apply(Command::OpenSession(Some(future)));
    other.state_mut().wait_for_jobs(Duration::from_secs(30));
    other.run_steps(2);
    let app = other.state();
    assert!(app.error().is_some_and(|e| e.contains("version 99")));
    assert_eq!(app.graph().map(|g| g.node_count()), Some(34));
    assert!(app.workspace().is_some_and(|w| w.hierarchy().is_some()));
}

#[test]
fn reliability_cancel_k_too_large_settings_while_training_and_tiny_windows() {
    let mut h = harness("football");
    // K larger than N: a clear message, the graph stays, nothing panics.
    h.state_mut().form_mut().ks = vec![500];
    h.state_mut().apply(Command::Train);
    let failed = h
        .state_mut()
        .workspace_mut()
        .expect("ws")
        .wait_until(Duration::from_secs(20), |w| {
            matches!(w.status, TrainStatus::Failed(_))
        });
    assert!(failed, "K > N fails");
    h.run_steps(2);
    match &h.state().workspace().expect("ws").status {
        TrainStatus::Failed(m) => assert!(m.contains("larger than the 115 nodes"), "{m}"),
        s => panic!("{s:?}"),
    }
    assert_eq!(h.state().graph().map(|g| g.node_count()), Some(115));

    // Settings changed while training do not touch the run; Reset cancels it midway.
    h.state_mut().form_mut().ks = vec![12];
    h.state_mut().form_mut().cfg.epochs = 100_000;
    h.state_mut().apply(Command::Train);
    h.run_steps(3);
    h.state_mut().form_mut().ks = vec![3];
    h.state_mut().form_mut().cfg.epochs = 5;
    let got_snapshot = h
        .state_mut()
        .workspace_mut()
        .expect("ws")
        .wait_until(Duration::from_secs(20), |w| {
            w.hierarchy().is_some() && w.epoch > 5
        });
    assert!(got_snapshot);
    h.run_steps(2);
    let ws = h.state().workspace().expect("ws");
    assert_eq!(
        ws.status,
        TrainStatus::Running,
        "the run keeps its own 100,000 epochs"
    );
    assert_eq!(ws.hierarchy().map(|h| h.levels[1].node_count), Some(12));
    assert!(
        ws.weights
            .as_ref()
            .is_some_and(|(_, c)| c.epochs == 100_000),
        "a session saved mid-run keeps the run's weights and settings"
    );
    h.state_mut().apply(Command::Reset);
    h.run_steps(3);
    let ws = h.state().workspace().expect("ws");
    assert_eq!(ws.status, TrainStatus::Idle);
    assert!(ws.hierarchy().is_none());
    assert_eq!(h.state().graph().map(|g| g.node_count()), Some(115));

    // Tiny windows: every panel still draws.
    for size in [[120.0, 90.0], [40.0, 30.0], [1.0, 1.0]] {
        h.set_size(eframe::egui::Vec2::from(size));
        h.run_steps(3);
    }
    h.set_size(eframe::egui::Vec2::new(1400.0, 900.0));
    h.run_steps(2);
    h.get_by_label_contains("Level 0 · 115 nodes");
}

#[test]
fn level_0_shows_what_the_layout_command_computes() {
    use poolscope::layout::{LayoutSettings, Multilevel};
    let mut h = harness("football");
    let shown = wait_for_layouts(&mut h);
    let g = h.state().graph().expect("graph").clone();
    let mut layout = Multilevel::new(g.symmetric().into_owned(), None, LayoutSettings::default());
    layout.run();
    assert_eq!(
        shown[0],
        layout.positions(),
        "the window and `layout` agree"
    );
    // And the command line's file says the same, to the printed digits.
    let out = poolscope::io::scratch::Scratch::file("xy.csv");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_poolscope"))
        .args(["layout", "football", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).expect("written");
    let from_cli: Vec<[f32; 2]> = text
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<f32> = l
                .split(',')
                .skip(1)
                .map(|x| x.parse().expect("number"))
                .collect();
            [f[0], f[1]]
        })
        .collect();
    assert_eq!(from_cli, shown[0]);
    let _ = std::fs::remove_file(out);
    h.get_by_label_contains("Layout settled");
}

#[test]
fn layout_controls_change_stop_rerun_and_come_back_with_a_session() {
    use poolscope::layout::{Attraction, LayoutSettings};
    let mut h = harness("karate");
    let first = wait_for_layouts(&mut h);
    // Stop and go on.
    h.get_by_label("Stop").click_accesskit();
    h.run_steps(3);
    std::thread::sleep(Duration::from_millis(100));
    h.run_steps(2);
    assert!(
        h.state()
            .workspace()
            .expect("ws")
            .layouts
            .layout_state()
            .paused
    );
    h.get_by_label("Go on").click_accesskit();
    h.run_steps(3);
    // Linear attraction with a larger scale: the layout moves on from where it was.
    let linear = LayoutSettings {
        attraction: Attraction::Linear,
        scaling: Some(5.0),
        ..LayoutSettings::default()
    };
    h.state_mut().apply(Command::LayoutSettings(linear.clone()));
    let moved = wait_for_new_layout(&mut h, &first);
    assert_eq!(*h.state().layout(), linear);
    h.get_by_label("Re-run").click_accesskit();
    let rerun = wait_for_new_layout(&mut h, &moved);
    assert!(rerun[0].iter().flatten().all(|x| x.is_finite()));
    // Saved and reopened, the settings come back.
    let scratch = poolscope::io::scratch::Scratch::new("layout-session");
    let dir = scratch.path().to_path_buf();
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("s.poolscope");
    h.state_mut().apply(Command::Export(
        poolscope::app::ExportKind::Session,
        Some(path.clone()),
    ));
    h.state_mut().wait_for_jobs(Duration::from_secs(30));
    let mut other = harness("football");
    other.state_mut().apply(Command::OpenSession(Some(path)));
    other.state_mut().wait_for_jobs(Duration::from_secs(30));
    other.run_steps(2);
    assert_eq!(other.state().error(), None);
    assert_eq!(*other.state().layout(), linear);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_command_line_s_wishes_go_to_the_first_graph_only() {
    // As `poolscope karate --train --clusters 3 --epochs 30`.
    let cfg = poolscope::train::TrainConfig {
        epochs: 30,
        ..Default::default()
    };
    let app = PoolscopeApp::starting(StartupPlan {
        load: Some(LoadRequest::Named("karate".into())),
        config: Some((cfg, Some(vec![3]))),
        first_graph: FirstGraph {
            train: true,
            ..FirstGraph::default()
        },
        ..StartupPlan::default()
    });
    let mut h = harness_of(app);
    assert_eq!(
        h.state().form().ks,
        vec![3],
        "karate keeps the command line's K"
    );
    assert_ne!(
        h.state().workspace().map(|w| w.status.clone()),
        Some(TrainStatus::Idle),
        "and trains at once"
    );
    wait_for_training(&mut h);
    // Another graph opened afterwards starts from its own defaults and waits for Train.
    h.state_mut()
        .apply(Command::Load(LoadRequest::Named("football".into())));
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(2);
    assert_eq!(h.state().graph().map(|g| g.node_count()), Some(115));
    assert_eq!(h.state().form().ks, vec![12, 4]);
    assert_eq!(h.state().form().cfg.labels.as_deref(), Some("value"));
    assert_eq!(
        h.state().workspace().map(|w| w.status.clone()),
        Some(TrainStatus::Idle)
    );
    // The model settings stay as they were edited.
    assert_eq!(h.state().form().cfg.epochs, 30);
}
