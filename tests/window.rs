//! The window, driven headlessly with egui_kittest: load samples, switch graphs, and keep the
//! old graph when a broken file is opened.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use poolscope::app::{Command, LoadRequest, PoolscopeApp};
use std::time::Duration;

fn harness(initial: &str) -> Harness<'static, PoolscopeApp> {
    let app = PoolscopeApp::new(Some(LoadRequest::Named(initial.to_string())));
    let mut h = Harness::builder()
        .with_size([1200.0, 800.0])
        .build_ui_state(|ui, app: &mut PoolscopeApp| app.show(ui), app);
    h.run_steps(2);
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(2);
    h
}

#[test]
fn opens_on_a_sample_coloured_by_its_ground_truth() {
    let h = harness("karate");
    let app = h.state();
    assert_eq!(app.graph().map(|g| g.node_count()), Some(34));
    assert_eq!(app.colour_by.as_deref(), Some("club"));
    // The legend lists both clubs with their sizes.
    h.get_by_label("Mr. Hi (17)");
    h.get_by_label("Officer (17)");
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
    assert_eq!(h.state().colour_by.as_deref(), Some("value"));
}

#[test]
fn a_broken_file_shows_the_error_and_keeps_the_graph() {
    let mut h = harness("karate");
    let dir = std::env::temp_dir().join(format!("poolscope-window-{}", std::process::id()));
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
    let error = h.state().error.clone().unwrap_or_default();
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
    assert!(h.state().error.is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn data_set_graph_picker_switches_graphs() {
    let mut h = harness("MUTAG");
    assert!(h.state().dataset.as_ref().is_some_and(|d| d.len() == 188));
    let first = h.state().graph().map(|g| g.node_count());
    h.state_mut().apply(Command::SelectGraph(5));
    h.run_steps(2);
    assert_eq!(h.state().dataset_index, 5);
    let sixth = h.state().dataset.as_ref().map(|d| d.graphs[5].node_count());
    assert_eq!(h.state().graph().map(|g| g.node_count()), sixth);
    assert!(first.is_some());
}
