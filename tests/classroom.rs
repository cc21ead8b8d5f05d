//! The window as a teacher uses it at a projector: presentation mode, the UI scale at
//! 1280x720, the teaching card beside the panels, titles that are never cut, linked colours
//! and legends, presets that load at once, and methods that say why they did not train.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};
use poolscope::app::{CardTab, Command, LoadRequest, PoolscopeApp, TrainStatus, partial_products};
use poolscope::pool::Method;
use std::sync::Mutex;
use std::time::Duration;

fn harness_sized(initial: &str, size: [f32; 2]) -> Harness<'static, PoolscopeApp> {
    let app = PoolscopeApp::new(Some(LoadRequest::Named(initial.to_string())));
    let mut h = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut PoolscopeApp| app.show(ui), app);
    h.run_steps(2);
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(3);
    h
}

fn train_to_end(h: &mut Harness<'static, PoolscopeApp>) {
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

/// Steps the window until every level has settled positions.
fn wait_for_layouts(h: &mut Harness<'static, PoolscopeApp>) {
    let start = std::time::Instant::now();
    loop {
        h.run_steps(1);
        let ws = h.state().workspace().expect("workspace");
        if ws.layouts.positions().len() == ws.level_count() && ws.layouts.state().0 {
            h.run_steps(2);
            return;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "layouts finish");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Every text the window shows this frame (labels keep their text in `value`).
fn texts(h: &Harness<'static, PoolscopeApp>) -> Vec<String> {
    let seen = Mutex::new(Vec::new());
    let _ = h
        .query_all(By::new().predicate(|n| {
            if let Some(t) = n.value().or_else(|| n.label()) {
                seen.lock().expect("lock").push(t);
            }
            false
        }))
        .count();
    seen.into_inner().expect("lock")
}

#[test]
fn presentation_mode_hides_the_panels_and_keeps_the_controls() {
    let mut h = harness_sized("football", [1400.0, 900.0]);
    let normal = h.state().levels_area()[0];
    h.get_by_label("Model");
    h.state_mut().apply(Command::Presentation(true));
    h.run_steps(3);
    assert!(
        h.query_by_label("Model").is_none(),
        "the setup panel is hidden"
    );
    assert!(
        h.query_by_label("Inspector").is_none(),
        "the inspector is hidden"
    );
    assert_eq!(h.state().panel_widths(), (None, None));
    h.get_by_label("Train");
    h.get_by_label("Leave");
    h.get_by_label_contains("Level 0 · 115 nodes");
    let wide = h.state().levels_area()[0];
    assert!(
        wide as f32 > 0.95 * 1400.0 - 20.0 && wide > normal,
        "the levels fill the window: {wide} (was {normal})"
    );
    // Before a run the strip says so, not "epoch 0 / 0".
    h.get_by_label("not trained yet");
    // Train from the strip, then leave with Esc; F5 comes back.
    h.get_by_label("Train").click();
    h.run_steps(2);
    assert_ne!(h.state().workspace().expect("ws").status, TrainStatus::Idle);
    assert!(h.query_by_label("not trained yet").is_none());
    h.get_by_label_contains("epoch ");
    h.key_press(egui::Key::Escape);
    h.run_steps(2);
    assert!(!h.state().presentation());
    h.get_by_label("Model");
    h.key_press(egui::Key::F5);
    h.run_steps(2);
    assert!(h.state().presentation());
}

#[test]
fn at_1280x720_and_scale_1_5_the_levels_keep_most_of_the_width() {
    let mut h = harness_sized("football", [1280.0, 720.0]);
    h.state_mut().apply(Command::UiScale(1.5));
    h.run_steps(4);
    assert_eq!(h.state().ui_scale(), 1.5);
    let points = 1280.0 / 1.5;
    let levels = h.state().levels_area()[0] as f32;
    assert!(
        levels >= 0.6 * points,
        "levels area {levels} of {points} points"
    );
    // The setup panel stays, narrower than the levels; the inspector waits in the View menu.
    let (setup, inspector) = h.state().panel_widths();
    assert!(setup.is_some_and(|w| w < 0.35 * points), "{setup:?}");
    assert_eq!(inspector, None);
    // Ctrl+- and Ctrl+0 step the scale down and back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Minus);
    h.run_steps(2);
    assert_eq!(h.state().ui_scale(), 1.25);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Equals);
    h.run_steps(2);
    assert_eq!(h.state().ui_scale(), 1.5, "a quarter a step");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num0);
    h.run_steps(2);
    assert_eq!(h.state().ui_scale(), 1.0);
}

#[test]
fn a_restart_s_offer_keeps_the_strip_on_one_row_inside_the_window() {
    // karate, MinCut 4,2, seed 0: restart 6 scores Q 0.415 against the watched 0.319.
    let mut h = harness_sized("karate", [1280.0, 720.0]);
    h.state_mut().apply(Command::UiScale(1.5));
    h.state_mut().apply(Command::Presentation(true));
    h.state_mut().form_mut().cfg.method = Method::MinCut;
    h.state_mut().form_mut().ks = vec![4, 2];
    h.state_mut().form_mut().cfg.pace_epochs_per_second = 0.0;
    train_to_end(&mut h);
    let ws = h.state().workspace().expect("ws");
    let offer = ws.other_run.as_ref().expect("a better restart waits");
    let words = offer.short_offer();
    assert!(words.starts_with("Show restart 6 (Q 0.4"), "{words}");
    let screen = h.ctx.content_rect();
    let (train, shown, leave) = (
        h.get_by_label("Train").rect(),
        h.get_by_label(&words).rect(),
        h.get_by_label("Leave").rect(),
    );
    assert!(
        screen.contains_rect(leave),
        "Leave at {leave:?}, the window {screen:?}"
    );
    for r in [shown, leave] {
        assert!((train.center().y - r.center().y).abs() < 2.0, "one row");
    }
}

#[test]
fn at_a_projector_s_scale_the_card_s_text_stays_inside_the_window() {
    let mut h = harness_sized("karate", [1280.0, 720.0]);
    h.state_mut().apply(Command::UiScale(1.5));
    h.state_mut().apply(Command::Presentation(true));
    h.state_mut().form_mut().cfg.method = Method::DiffPool;
    h.state_mut().apply(Command::ShowCard(true));
    h.run_steps(4);
    let card = h.state().card_rect().expect("the drawer is drawn");
    let right = h.ctx.content_rect().right();
    assert!(card.right() <= right + 0.5, "{card:?} within {right}");
    for text in [
        "diffpool: select, reduce, connect",
        "Select",
        "Known failure",
    ] {
        let r = h.get_by_label(text).rect();
        assert!(
            r.left() >= card.left() - 0.5 && r.right() <= card.right() + 0.5,
            "{text}: {r:?} outside the drawer {card:?}"
        );
    }
}

#[test]
fn the_teaching_card_opens_beside_the_levels_and_never_covers_one() {
    let mut h = harness_sized("karate", [1280.0, 720.0]);
    h.state_mut().form_mut().cfg.method = Method::SagPool;
    h.run_steps(3);
    let before = h.state().panel_widths();
    let levels = h.state().levels_area();
    h.get_by_label("How sagpool pools").click();
    h.run_steps(4);
    assert!(h.state().card_open());
    h.get_by_label("sagpool: select, reduce, connect");
    h.get_by_label_contains("Select");
    assert_eq!(
        h.state().panel_widths(),
        before,
        "the side panels keep their widths"
    );
    let card = h.state().card_rect().expect("the drawer is drawn");
    let shown = h.state().levels_rect();
    assert!(
        !card.intersects(shown.shrink(0.5)),
        "the card {card:?} covers the levels {shown:?}"
    );
    assert!(
        h.state().levels_area()[0] < levels[0],
        "the levels make room for it"
    );
    // Closed again, the levels get their width back.
    h.state_mut().apply(Command::ShowCard(false));
    h.run_steps(3);
    assert_eq!(h.state().panel_widths(), before);
    assert_eq!(h.state().levels_area(), levels);
}

#[test]
fn at_a_projector_s_1280x720_and_1_5_the_strip_is_one_row_and_the_levels_keep_the_height() {
    let mut h = harness_sized("football", [1280.0, 720.0]);
    h.state_mut().apply(Command::UiScale(1.5));
    h.state_mut().form_mut().cfg.epochs = 30;
    h.state_mut().form_mut().cfg.pace_epochs_per_second = 0.0;
    h.run_steps(3);
    // Normal mode: Train stays on screen, pinned under the settings.
    let screen = h.ctx.content_rect();
    let train = h.get_by_label("Train").rect();
    assert!(
        screen.contains_rect(train),
        "Train at {train:?}, the window {screen:?}"
    );
    h.state_mut().apply(Command::Presentation(true));
    train_to_end(&mut h);
    h.run_steps(3);
    let screen = h.ctx.content_rect();
    let (train, leave) = (
        h.get_by_label("Train").rect(),
        h.get_by_label("Leave").rect(),
    );
    assert!(
        (train.center().y - leave.center().y).abs() < 2.0,
        "one row: Train at {train:?}, Leave at {leave:?}"
    );
    let levels = h.state().levels_area()[1] as f32;
    assert!(
        levels >= 0.75 * screen.height(),
        "the levels keep {levels} of {} points",
        screen.height()
    );
    // The card opens from the strip, beside the levels.
    h.get_by_label("How dmon pools").click();
    h.run_steps(3);
    let card = h.state().card_rect().expect("the drawer");
    assert!(!card.intersects(h.state().levels_rect().shrink(0.5)));
}

#[test]
fn titles_are_never_cut_even_in_narrow_columns() {
    let mut h = harness_sized("football", [1280.0, 720.0]);
    h.state_mut().form_mut().cfg.epochs = 40;
    h.state_mut().form_mut().cfg.pace_epochs_per_second = 0.0;
    train_to_end(&mut h);
    h.state_mut().apply(Command::UiScale(1.5));
    h.run_steps(4);
    wait_for_layouts(&mut h);
    let hier = h
        .state()
        .workspace()
        .and_then(|w| w.hierarchy().cloned())
        .expect("trained");
    let shown: Vec<String> = texts(&h)
        .into_iter()
        .map(|t| t.replace('\n', " "))
        .collect();
    for l in 0..hier.depth() {
        let edges = if l == 0 {
            613
        } else {
            hier.levels[l]
                .adjacency
                .iter()
                .filter(|e| e.0 < e.1)
                .count()
        };
        let title =
            poolscope::render::level_title(h.state().graph().expect("g"), Some(&hier), l, edges);
        assert!(
            shown.contains(&title),
            "level {l}: the whole title `{title}` is shown (saw {:?})",
            shown
                .iter()
                .filter(|t| t.starts_with("Level"))
                .collect::<Vec<_>>()
        );
    }
    // Every level's legend names its colours with counts that add up to its nodes.
    let legend0: usize = poolscope::render::legend(
        h.state().graph().expect("g"),
        Some(&hier),
        0,
        h.state().colour(),
    )
    .iter()
    .map(|e| e.count)
    .sum();
    assert_eq!(legend0, 115);
    // Each canvas drew its legend under itself and left it room.
    let ws = h.state().workspace().expect("ws");
    assert_eq!(ws.canvases.len(), hier.depth());
    let heights: Vec<f32> = ws.canvases.iter().map(|c| c.legend_height).collect();
    assert!(heights.iter().all(|&x| x > 10.0), "{heights:?}");
}

#[test]
fn presets_load_at_once_with_settings_that_fit() {
    let mut h = harness_sized("karate", [1400.0, 900.0]);
    h.get_by_label("Generate").click();
    h.run_steps(2);
    h.get_by_label("nested").click();
    h.run_steps(2);
    h.state_mut().wait_for_loads(Duration::from_secs(20));
    h.run_steps(2);
    let app = h.state();
    assert_eq!(app.graph().map(|g| g.node_count()), Some(256));
    assert_eq!(
        app.form().ks,
        vec![16, 4],
        "one level per nested ground truth"
    );
    assert_eq!(app.form().cfg.labels.as_deref(), Some("group"));
}

#[test]
fn a_method_with_nothing_to_learn_says_why_it_stopped() {
    let mut h = harness_sized("karate", [1400.0, 900.0]);
    h.state_mut().form_mut().cfg.method = Method::SagPool;
    train_to_end(&mut h);
    let note = h
        .state()
        .workspace()
        .and_then(|w| w.finish_note.clone())
        .expect("a reason");
    assert!(note.contains("node task"), "{note}");
    h.get_by_label_contains("learns its node scores only from a task's loss");
    // A learned method says nothing of the kind; with the defaults' restarts it says which
    // run it shows and why.
    h.state_mut().form_mut().cfg.method = Method::DMoN;
    h.state_mut().form_mut().cfg.epochs = 20;
    train_to_end(&mut h);
    let note = h
        .state()
        .workspace()
        .and_then(|w| w.finish_note.clone())
        .unwrap_or_default();
    assert!(
        note.contains("ranked by modularity") && !note.contains("node task"),
        "{note}"
    );
    h.get_by_label_contains("ranked by modularity, never by labels");
    // The run shown is the one watched, whatever the restarts gave.
    let ws = h.state().workspace().expect("ws");
    let watched = &h.state().form().cfg;
    let shown = &ws.weights.as_ref().expect("weights").1;
    assert_eq!(
        (shown.seed, shown.features),
        (watched.seed, watched.features)
    );
    assert!(ws.shown_restart.is_none());
    h.state_mut().form_mut().cfg.restarts = false;
    train_to_end(&mut h);
    assert_eq!(
        h.state().workspace().and_then(|w| w.finish_note.clone()),
        None
    );
    assert!(h.state().workspace().is_some_and(|w| w.other_run.is_none()));
    h.get_by_label("Finished after 20 epochs.");
}

#[test]
fn a_restart_never_replaces_the_watched_run_without_a_click() {
    // polbooks with DMoN, seed 0: the watched (spectral) run reaches modularity 0.455, a
    // restart more.
    let mut h = harness_sized("polbooks", [1400.0, 900.0]);
    h.state_mut().form_mut().cfg.pace_epochs_per_second = 0.0;
    train_to_end(&mut h);
    let ws = h.state().workspace().expect("ws");
    let watched = ws.shown_score();
    let watched_epochs = ws.timeline.len();
    assert!(watched < 0.47, "the watched run is shown: {watched}");
    assert!(ws.shown_restart.is_none());
    let offer = ws.other_run.as_ref().expect("a better restart waits");
    assert!(offer.score > watched + 0.01);
    let words = offer.offer(watched, "Q");
    assert!(
        words.starts_with("Restart ") && words.ends_with(": show it"),
        "{words}"
    );
    // The click shows it: its hierarchy, weights, timeline and curves together.
    h.get_by_label(&words).click();
    h.run_steps(3);
    let ws = h.state().workspace().expect("ws");
    let restart = ws.shown_score();
    assert!(restart > 0.48, "{restart}");
    assert!(
        ws.shown_restart
            .as_deref()
            .is_some_and(|n| n.starts_with("restart "))
    );
    let last = ws.timeline.last().expect("its snapshots");
    assert_eq!(
        last.hierarchy.levels[0].metrics.modularity, restart,
        "the replay ends where the picture is"
    );
    let weights_cfg = &ws.weights.as_ref().expect("weights").1;
    assert!(
        weights_cfg.seed != h.state().form().cfg.seed
            || weights_cfg.features != h.state().form().cfg.features,
        "a saved session keeps the restart's settings"
    );
    assert_eq!(ws.metric_history.len(), ws.timeline.len());
    // And back.
    let back = format!("Back to the run you watched (Q {watched:.3})");
    h.get_by_label(&back).click();
    h.run_steps(3);
    let ws = h.state().workspace().expect("ws");
    assert_eq!(ws.shown_score(), watched);
    assert_eq!(ws.timeline.len(), watched_epochs);
    assert!(ws.shown_restart.is_none());
}

#[test]
fn before_training_the_progress_bar_shows_the_epochs_to_run() {
    let h = harness_sized("karate", [1400.0, 900.0]);
    h.get_by_label_contains("not trained yet · 300 epochs to run");
    h.get_by_label_contains("Level 0 · 34 nodes · 78 edges");
    h.get_by_label("34 nodes, 78 undirected edges, 1 component");
}

#[test]
fn one_pooling_layer_step_by_step_adds_a_node_at_a_time_and_ends_at_the_next_level() {
    let mut h = harness_sized("karate", [1600.0, 900.0]);
    h.state_mut().form_mut().cfg.method = Method::DiffPool;
    h.state_mut().form_mut().ks = vec![2];
    h.state_mut().form_mut().cfg.pace_epochs_per_second = 0.0;
    h.state_mut().form_mut().cfg.restarts = false;
    train_to_end(&mut h);
    h.state_mut().apply(Command::CardTab(CardTab::Steps));
    h.run_steps(3);
    assert!(h.state().card_open(), "choosing the face opens the drawer");
    assert_eq!(h.state().card_tab(), CardTab::Steps);
    h.get_by_label("0 of 34 nodes added: X' and A' start at zero. Press Play or Next node.");
    for _ in 0..3 {
        h.get_by_label("Next node").click();
        h.run_steps(2);
    }
    assert_eq!(h.state().steps().rows, 3);
    assert_eq!(
        h.state().selection().nodes,
        vec![2],
        "the node just added is lit on the canvases"
    );
    h.get_by_label("Back").click();
    h.run_steps(2);
    assert_eq!(h.state().steps().rows, 2);
    assert_eq!(h.state().selection().nodes, vec![1]);
    // After every node, the products are the next level's: A' is level 1's adjacency.
    let ws = h.state().workspace().expect("ws");
    let t = ws.hierarchy().expect("trained");
    let (s, x) = (
        t.levels[0].assignment.as_ref().expect("S"),
        t.levels[0].embeddings.as_ref().expect("X"),
    );
    let (_, a1) = partial_products(s, x, &t.levels[0].adjacency, 34);
    for i in 0..2 {
        for j in 0..2 {
            let want = t.levels[1].adjacency.get(i, j);
            assert!(
                (a1[[i, j]] - want).abs() <= 1e-3 * want.abs().max(1.0),
                "A'[{i},{j}] {} vs level 1's {want}",
                a1[[i, j]]
            );
        }
    }
    // The drawer sits beside the levels, never over them.
    // At 1600 points the drawer takes the inspector's place; either face sits beside the
    // levels, never over them.
    for tab in [CardTab::Card, CardTab::Steps] {
        h.state_mut().apply(Command::CardTab(tab));
        h.run_steps(3);
        assert_eq!(h.state().panel_widths().1, None, "the inspector made room");
        let card = h.state().card_rect().expect("drawn");
        let shown = h.state().levels_rect();
        assert!(
            !card.intersects(shown.shrink(0.5)),
            "{tab:?}: the drawer {card:?} covers the levels {shown:?}"
        );
    }
    h.state_mut().apply(Command::ShowCard(false));
    h.run_steps(3);
    assert!(
        h.state().panel_widths().1.is_some(),
        "the inspector is back"
    );
}

#[test]
fn at_a_projector_s_scale_step_by_step_stays_inside_its_drawer() {
    let mut h = harness_sized("karate", [1280.0, 720.0]);
    h.state_mut().apply(Command::UiScale(1.5));
    h.state_mut().apply(Command::Presentation(true));
    h.state_mut().form_mut().cfg.method = Method::DiffPool;
    h.state_mut().form_mut().ks = vec![4, 2];
    h.state_mut().form_mut().cfg.pace_epochs_per_second = 0.0;
    h.state_mut().form_mut().cfg.restarts = false;
    train_to_end(&mut h);
    h.state_mut().apply(Command::CardTab(CardTab::Steps));
    h.run_steps(4);
    h.get_by_label("Next node").click();
    h.run_steps(3);
    assert_eq!(h.state().steps().rows, 1);
    let card = h.state().card_rect().expect("drawn");
    let shown = h.state().levels_rect();
    let screen = h.ctx.content_rect();
    assert!(
        !card.intersects(shown.shrink(0.5)),
        "the drawer {card:?} covers the levels {shown:?}"
    );
    assert!(card.max.x <= screen.max.x + 0.5, "{card:?} in {screen:?}");
    // Every widget of the view lies inside the drawer (none pushed it wider).
    for label in ["Play", "Back", "Next node"] {
        let r = h.get_by_label(label).rect();
        assert!(
            card.contains_rect(r),
            "{label} at {r:?} outside the drawer {card:?}"
        );
    }
}

#[test]
fn a_method_s_settings_read_whole_under_their_closed_header_at_1280x720() {
    // The values were in the header and cut at the panel's edge ("normalised adjacency o…").
    let mut h = harness_sized("karate", [1280.0, 720.0]);
    h.state_mut().form_mut().cfg.method = Method::MinCut;
    h.run_steps(3);
    let shown = texts(&h);
    assert!(
        shown.iter().any(|t| t == "mincut settings"),
        "a short header: {shown:?}"
    );
    let summary = "temperature 1, normalised adjacency off";
    let line = h.get_by_label(summary);
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 720.0));
    assert!(window.contains_rect(line.rect()), "{:?}", line.rect());
    // Opened, the settings are fields and the line goes.
    h.get_by_label("mincut settings").click();
    h.run_steps(3);
    assert!(h.query_by_label(summary).is_none());
}

#[test]
fn at_a_projector_s_scale_the_progress_text_under_train_is_whole() {
    // A bar's text is one line: at 1.5 it was cut at the panel's edge ("… 300 epochs to ru").
    let mut h = harness_sized("football", [1280.0, 720.0]);
    h.state_mut().apply(Command::UiScale(1.5));
    h.run_steps(4);
    let text = "not trained yet · 300 epochs to run";
    let node = h.get_by_label(text);
    let rect = node.rect();
    let screen = h.ctx.content_rect();
    assert!(screen.contains_rect(rect), "{rect:?} inside {screen:?}");
    let font = egui::TextStyle::Button.resolve(&h.ctx.global_style());
    let line = h.ctx.fonts_mut(|f| {
        f.layout_no_wrap(text.to_string(), font, egui::Color32::WHITE)
            .size()
    });
    // A bar draws its text one item spacing in from its left edge; a label from its edge.
    let margin = match node.accesskit_node().role() {
        egui::accesskit::Role::ProgressIndicator => {
            2.0 * h.ctx.global_style().spacing.item_spacing.x
        }
        _ => 0.0,
    };
    assert!(
        rect.width() >= line.x + margin - 0.01 || rect.height() >= 1.8 * line.y,
        "the whole text ({line:?}) fits in one line or wraps onto two: {rect:?}"
    );
}
