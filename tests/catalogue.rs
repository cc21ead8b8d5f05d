//! The catalogue in the window, driven headlessly with egui_kittest: the method picker grouped
//! by family, a method's default features and width following the pick, and the method gallery.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use poolscope::app::{Command, LoadRequest, PoolscopeApp};
use poolscope::pool::Method;
use poolscope::train::FeatureKind;
use std::time::Duration;

fn harness(name: &str) -> Harness<'static, PoolscopeApp> {
    let app = PoolscopeApp::new(Some(LoadRequest::Named(name.to_string())));
    let mut h = Harness::builder()
        .with_size([1500.0, 1000.0])
        .build_ui_state(|ui, app: &mut PoolscopeApp| app.show(ui), app);
    h.run_steps(2);
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(3);
    h
}

#[test]
fn the_method_picker_groups_the_families_and_justbalance_brings_its_features() {
    let mut h = harness("karate");
    h.get_by_label("Method").click();
    h.run_steps(2);
    for family in [
        "dense, learned",
        "dense, not learned",
        "score-based",
        "structural",
    ] {
        h.get_by_label(family);
    }
    h.get_by_label("justbalance").click();
    h.run_steps(2);
    assert_eq!(h.state().form().cfg.method, Method::JustBalance);
    assert_eq!(h.state().form().cfg.features, FeatureKind::Identity);
    assert_eq!(h.state().form().cfg.hidden, 64, "JustBalance's own width");
    h.get_by_label("Method").click();
    // A popup takes a few frames to size itself.
    h.run_steps(5);
    h.get_by_label("kmis").click_accesskit();
    h.run_steps(2);
    assert_eq!(h.state().form().cfg.method, Method::Kmis);
    assert_eq!(h.state().form().cfg.features, FeatureKind::Spectral);
    // KMIS shows its scorer and no training settings.
    h.get_by_label("Scorer");
    assert!(h.query_by_label("Learning rate").is_none());
    pick(&mut h, "dmon");
    assert_eq!(h.state().form().cfg.hidden, 32, "back to the usual width");
    // A width set by hand stays whatever the method.
    h.get_by_label("Hidden").set_value_accesskit(48.0);
    h.run_steps(2);
    assert_eq!(h.state().form().cfg.hidden, 48);
    pick(&mut h, "justbalance");
    assert_eq!(
        h.state().form().cfg.hidden,
        48,
        "kept, not JustBalance's 64"
    );
}

/// Picks `value` in the box labelled `label`, opening it unless a pick left it open.
fn pick_in(h: &mut Harness<'static, PoolscopeApp>, label: &str, value: &str) {
    if h.query_by_label(value).is_none() {
        h.get_by_label(label).click();
        h.run_steps(5);
    }
    h.get_by_label(value).click_accesskit();
    h.run_steps(2);
}

/// Picks `method` in the Method box.
fn pick(h: &mut Harness<'static, PoolscopeApp>, method: &str) {
    pick_in(h, "Method", method);
    assert_eq!(h.state().form().cfg.method.name(), method);
}

#[test]
fn the_gallery_trains_every_chosen_method_and_draws_a_row_each() {
    let mut h = harness("karate");
    h.state_mut().form_mut().cfg.epochs = 40;
    h.state_mut().apply(Command::Gallery(true));
    h.run_steps(3);
    h.get_by_label("Method gallery");
    // Five methods and Louvain's reference row by default; add AsymCheegerCut.
    h.get_by_label("asymcheegercut").click();
    h.run_steps(2);
    assert_eq!(h.state().gallery().methods.len(), 7);
    // Once the layout has positions for level 0.
    for _ in 0..100 {
        h.run_steps(1);
        if h.state()
            .workspace()
            .is_some_and(|w| !w.layouts.positions().is_empty())
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    h.get_by_label("Draw").click();
    h.run_steps(2);
    for _ in 0..300 {
        h.run_steps(1);
        if !h.state().gallery().is_running() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(h.state().gallery().error, None);
    let rows = h.state().gallery().rows().expect("drawn").to_vec();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        vec![
            "dmon",
            "mincut",
            "justbalance",
            "asymcheegercut",
            "nmf",
            "graclus",
            "louvain"
        ],
        "one row per method, in the registry's order"
    );
    assert!(rows.iter().all(|r| r.contains("NMI")), "{rows:?}");
    h.get_by_label(&rows[0]);
}

#[test]
fn a_selection_method_asks_how_many_nodes_to_keep() {
    let mut h = harness("karate");
    h.state_mut().form_mut().cfg.method = Method::TopK;
    h.run_steps(2);
    h.get_by_label("Kept, level 1");
    assert!(h.query_by_label("Clusters, level 1").is_none());
    h.state_mut().form_mut().cfg.method = Method::DMoN;
    h.run_steps(2);
    h.get_by_label("Clusters, level 1");
}

#[test]
fn dmon_s_cluster_weight_follows_the_labels_box_until_set_by_hand() {
    use poolscope::pool::dmon::CLUSTER_COEFF;
    let mut h = harness("karate");
    let weight =
        |h: &Harness<'static, PoolscopeApp>| CLUSTER_COEFF.float(&h.state().form().cfg.options);
    assert_eq!(h.state().form().cfg.method, Method::DMoN);
    assert_eq!(h.state().form().cfg.labels.as_deref(), Some("club"));
    assert_eq!(weight(&h), 1.0, "labels give K: PyG's weight");
    pick_in(&mut h, "Labels", "none");
    assert_eq!(h.state().form().cfg.labels, None);
    assert_eq!(weight(&h), 0.3, "no labels: K is a cap");
    pick_in(&mut h, "Labels", "club");
    assert_eq!(weight(&h), 1.0);
    // Set by hand, the weight no longer follows the labels.
    h.get_by_label("dmon settings").click();
    h.run_steps(3);
    h.get_by_label("Cluster term weight")
        .set_value_accesskit(0.5);
    h.run_steps(2);
    assert_eq!(weight(&h), 0.5);
    pick_in(&mut h, "Labels", "none");
    assert_eq!(weight(&h), 0.5, "kept");
}
