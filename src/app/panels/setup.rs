//! The left panel: the graph, the model settings, the training controls and progress, the
//! comparison with a reference run, the teaching card, the view settings and the loss and
//! metric curves. Returns commands; changes nothing but the settings being edited.

use crate::app::command::Command;
use crate::app::form::Form;
use crate::app::view_options::ViewOptions;
use crate::app::workspace::{TrainStatus, Workspace};
use crate::graph::Dataset;
use crate::hierarchy::MAX_LEVELS;
use crate::layout::LayoutSettings;
use crate::pool::Method;
use crate::render::ColourMode;
use crate::train::dataset::Classifier;
use crate::train::{FeatureKind, Task};
use eframe::egui;

/// The loaded data set, for its graph picker and classifier.
pub struct DataSetView<'a> {
    pub dataset: &'a Dataset,
    /// The graph being watched.
    pub index: usize,
    pub classifier: Option<&'a Classifier>,
    /// (epoch, epochs) while the classifier is being fitted.
    pub progress: Option<(usize, usize)>,
}

/// What the left panel shows and edits.
pub struct SetupView<'a> {
    pub workspace: Option<&'a Workspace>,
    pub data_set: Option<DataSetView<'a>>,
    pub form: &'a mut Form,
    pub colour: &'a ColourMode,
    pub layout: &'a LayoutSettings,
    pub view: &'a mut ViewOptions,
    /// Whether the teaching card's window is open.
    pub card_open: bool,
    /// The folder of logs the shown log belongs to, and the ones overlaid on the curves.
    pub logs: Option<&'a crate::io::logset::LogSet>,
    pub overlay: &'a [usize],
    /// What the shown log recorded of its model.
    pub log_model: Option<&'a crate::io::logset::LogModel>,
    pub overlay_curves: &'a [crate::app::jobs::OverlayRun],
}

/// The picker of a folder of logs (runs, or a batched run's graphs), and which of them lay
/// their logged curves over the shown one's.
fn logs_ui(v: &SetupView, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let Some(set) = v.logs else {
        return;
    };
    let label = |i: usize| {
        let e = &set.entries[i];
        if e.live {
            format!("{} (being written)", e.name)
        } else {
            e.name.clone()
        }
    };
    let mut index = set.shown;
    let title = ui.label(format!(
        "Log {} of {} in {}",
        index + 1,
        set.entries.len(),
        set.root.display()
    ));
    egui::ComboBox::from_id_salt("run picker")
        .width(ui.available_width() - 8.0)
        .selected_text(label(index))
        .height(300.0)
        .show_ui(ui, |ui| {
            for i in 0..set.entries.len() {
                ui.selectable_value(&mut index, i, label(i));
            }
        })
        .response
        .labelled_by(title.id);
    if index != set.shown {
        commands.push(Command::OpenLog(index));
    }
    if set.entries.len() > 1 {
        egui::CollapsingHeader::new("Overlay other runs' logged curves")
            .id_salt("overlay runs")
            .show(ui, |ui| {
                for (i, _) in set.entries.iter().enumerate().take(64) {
                    if i == set.shown {
                        continue;
                    }
                    let mut on = v.overlay.contains(&i);
                    if ui.checkbox(&mut on, label(i)).changed() {
                        commands.push(Command::Overlay(i, on));
                    }
                }
            });
    }
}

fn graph_ui(v: &SetupView, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let Some(ws) = v.workspace else {
        ui.label("Nothing loaded yet.");
        return;
    };
    let g = &ws.graph;
    logs_ui(v, ui, commands);
    ui.label(egui::RichText::new(&g.name).strong());
    ui.label(format!(
        "{} nodes, {} {} edges, {} {}",
        g.node_count(),
        g.edge_count(),
        if g.is_directed() {
            "directed"
        } else {
            "undirected"
        },
        ws.components,
        if ws.components == 1 {
            "component"
        } else {
            "components"
        }
    ));
    if let Some(DataSetView {
        dataset: d,
        index: shown,
        classifier,
        progress,
    }) = &v.data_set
    {
        let (mut index, classifier) = (*shown, *classifier);
        let label = |i: usize| {
            let truth = d.graph_label(i).unwrap_or("?");
            match classifier.and_then(|c| c.predictions.get(i).copied().flatten()) {
                Some(p) => {
                    let pred = d
                        .graph_labels
                        .as_ref()
                        .and_then(|l| l.classes.get(p as usize))
                        .map_or("?", String::as_str);
                    let held = if classifier.is_some_and(|c| c.held_out[i]) {
                        ", held out"
                    } else {
                        ""
                    };
                    format!("graph {i} (label {truth}, predicted {pred}{held})")
                }
                None => format!("graph {i} (label {truth})"),
            }
        };
        egui::ComboBox::from_label("Graph to show")
            .selected_text(label(index))
            .height(300.0)
            .show_ui(ui, |ui| {
                for i in 0..d.len() {
                    ui.selectable_value(&mut index, i, label(i));
                }
            });
        if index != *shown {
            commands.push(Command::SelectGraph(index));
        }
        match (*progress, classifier) {
            (Some((epoch, epochs)), _) => {
                let text = format!("graph classifier: epoch {epoch} / {epochs}");
                progress_ui(ui, epoch as f32 / epochs.max(1) as f32, text);
            }
            (None, Some(c)) => {
                ui.label(format!(
                    "DiffPool classifier: {:.1}% on the held-out graphs",
                    100.0 * c.test_accuracy
                ));
            }
            (None, None) => {
                let tip = "DiffPool with GIN layers, fitted on all graphs but a held-out tenth";
                if ui
                    .button("Train graph classifier")
                    .on_hover_text(tip)
                    .clicked()
                {
                    commands.push(Command::TrainClassifier);
                }
            }
        }
    }
}

/// Whether the configured run has nothing to learn: Graclus, or a scoring method without a
/// task loss (see `Session::untrained_reason`).
fn fixed(cfg: &crate::train::TrainConfig) -> bool {
    cfg.task == Task::Cluster && !cfg.method.learns_unsupervised()
}

fn model_ui(v: &mut SetupView, ui: &mut egui::Ui) {
    let labels: Vec<String> = v
        .workspace
        .map(|w| {
            w.graph
                .nodes
                .labels
                .iter()
                .map(|c| c.name.clone())
                .collect()
        })
        .unwrap_or_default();
    let form = &mut *v.form;
    egui::Grid::new("model").num_columns(2).show(ui, |ui| {
        let label = ui.label("Task");
        egui::ComboBox::from_id_salt("task")
            .selected_text(format!("{:?}", form.cfg.task))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut form.cfg.task, Task::Cluster, "Cluster");
                ui.selectable_value(&mut form.cfg.task, Task::Node, "Node");
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Method");
        let before = form.cfg.method;
        egui::ComboBox::from_id_salt("method")
            .selected_text(form.cfg.method.name())
            // The whole catalogue at once, without scrolling.
            .height(720.0)
            .show_ui(ui, |ui| {
                // Grouped by family, as the registry lists them.
                for family in crate::pool::Family::ALL {
                    ui.weak(family.title());
                    for m in Method::ALL.into_iter().filter(|m| m.family() == family) {
                        ui.selectable_value(&mut form.cfg.method, m, m.name())
                            .on_hover_text(m.entry().paper);
                    }
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        if form.cfg.method != before {
            let picked = form.cfg.method;
            form.cfg.method = before;
            form.cfg.set_method(picked);
            form.follow_method(v.workspace.map_or(0, |w| w.graph.node_count()));
        }

        let label = ui.label("Levels");
        let mut levels = form.ks.len();
        ui.add(egui::Slider::new(&mut levels, 1..=MAX_LEVELS))
            .labelled_by(label.id);
        ui.end_row();
        while form.ks.len() < levels {
            let last = form.ks.last().copied().unwrap_or(8);
            form.ks.push((last / 3).max(2));
        }
        form.ks.truncate(levels);
        let graclus = form.cfg.method.bounds_count();
        let own = form.cfg.method.own_counts();
        if own {
            ui.label("Clusters");
            ui.label(format!("{}'s own", form.cfg.method))
                .on_hover_text(
                    "The method picks each level's count: only the number of levels is used",
                );
            ui.end_row();
        }
        for (l, k) in form.ks.iter_mut().enumerate().filter(|_| !own) {
            let label = ui.label(if graclus {
                format!("At most, level {}", l + 1)
            } else if form.cfg.method.is_selection() {
                format!("Kept, level {}", l + 1)
            } else {
                format!("Clusters, level {}", l + 1)
            });
            let r = ui
                .add(egui::DragValue::new(k).range(2..=5000))
                .labelled_by(label.id);
            if graclus {
                r.on_hover_text(
                    "Each round merges nodes (Graclus pairs them, about halving the graph; KMIS \
                     groups each node with a neighbour in an independent set), stopping at the \
                     first round with at most this many clusters",
                );
            }
            ui.end_row();
        }
        // A method with nothing to learn shows no training settings.
        if fixed(&form.cfg) {
            ui.label("Training");
            ui.weak("none: one pass, nothing to learn");
            ui.end_row();
        } else {
            let label = ui.label("Hidden");
            if ui
                .add(egui::DragValue::new(&mut form.cfg.hidden).range(1..=512))
                .labelled_by(label.id)
                .on_hover_text(
                    "32 by default; JustBalance starts with 64, since its clusters come only \
                     from the smoothing of the features",
                )
                .changed()
            {
                form.hidden_chosen = true;
            }
            ui.end_row();
            let label = ui.label("Learning rate");
            ui.add(
                egui::DragValue::new(&mut form.cfg.lr)
                    .range(1e-5..=1.0)
                    .speed(0.001)
                    .max_decimals(5),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Epochs");
            ui.add(egui::DragValue::new(&mut form.cfg.epochs).range(1..=100_000))
                .labelled_by(label.id);
            ui.end_row();
        }
        let label = ui.label("Seed");
        ui.add(egui::DragValue::new(&mut form.cfg.seed))
            .labelled_by(label.id);
        ui.end_row();
        let label = ui.label("Features");
        egui::ComboBox::from_id_salt("features")
            .selected_text(format!("{:?}", form.cfg.features))
            .show_ui(ui, |ui| {
                for f in [
                    FeatureKind::Spectral,
                    FeatureKind::Identity,
                    FeatureKind::Degree,
                    FeatureKind::File,
                ] {
                    if ui
                        .selectable_value(&mut form.cfg.features, f, format!("{f:?}"))
                        .clicked()
                    {
                        form.features_chosen = true;
                    }
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(
                "Spectral by default; JustBalance starts with identity on graphs up to \
                 5,000 nodes, since its clusters come from the smoothing of the features",
            );
        ui.end_row();
        let label = ui.label("Labels");
        let labels_before = form.cfg.labels.clone();
        egui::ComboBox::from_id_salt("labels")
            .selected_text(form.cfg.labels.clone().unwrap_or_else(|| "none".into()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut form.cfg.labels, None, "none");
                for c in &labels {
                    ui.selectable_value(&mut form.cfg.labels, Some(c.clone()), c);
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        if form.cfg.labels != labels_before {
            // DMoN's cluster weight follows whether there are labels to score against.
            form.follow_method(v.workspace.map_or(0, |w| w.graph.node_count()));
        }
    });
    if super::method_options::method_options_ui(ui, &mut form.cfg) {
        form.options_chosen = true;
    }
}

fn controls_ui(v: &mut SetupView, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let Some(ws) = v.workspace else { return };
    if let Some(log) = &ws.log {
        let n = log.steps.lock().map_or(0, |n| *n);
        ui.add(
            egui::Label::new(format!(
                "Following the log {}: {n} steps so far, on the timeline below (new ones arrive as your training writes them).",
                log.dir.display()
            ))
            .wrap(),
        );
    }
    let one_pass = fixed(&v.form.cfg);
    if !one_pass {
        ui.horizontal_wrapped(|ui| {
            ui.label("Pace");
            super::controls::pace_ui(ui, v.form.cfg.pace_epochs_per_second, commands);
        });
        ui.checkbox(
            &mut v.form.cfg.slow_while_changing,
            "slower while the assignments change",
        )
        .on_hover_text(
            "A third of the pace while more than 2% of level 0's nodes change cluster between \
             snapshots (applies to the next run)",
        );
    }
    if crate::train::restarts::possible(&v.form.cfg, ws.graph.node_count()) {
        ui.add_enabled(
            !v.form.features_chosen,
            egui::Checkbox::new(&mut v.form.cfg.restarts, "best of 6-24 restarts"),
        )
        .on_hover_text(
            "Graphs of at most 2,000 nodes: after the run you watch, 3 seeds with spectral and \
             with identity features train in the background, and up to 18 more on graphs of at \
             most 1,000 nodes while their modularity differs by 0.02 or more; the best is \
             offered beside the run you watched (ranked by modularity, never by labels). \
             Features chosen by hand train once.",
        );
    }
}

/// Train, Pause, Reset, the progress and how the run ended: pinned at the foot of the panel,
/// so they stay on screen whatever the scale and however long the settings above grow.
pub fn setup_actions_ui(v: &SetupView, ui: &mut egui::Ui) -> Vec<Command> {
    let mut commands = Vec::new();
    let Some(ws) = v.workspace else {
        return commands;
    };
    let one_pass = fixed(&v.form.cfg);
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| super::controls::training_buttons_ui(ws, true, ui, &mut commands));
    super::controls::other_run_ui(ws, false, ui, &mut commands);
    let fraction = if ws.epochs > 0 {
        ws.epoch as f32 / ws.epochs as f32
    } else {
        0.0
    };
    let eta = ws
        .eta_seconds()
        .map_or(String::new(), |s| format!(", {s:.0} s left"));
    let text = if one_pass {
        match ws.status {
            TrainStatus::Idle => "not pooled yet · one pass".to_string(),
            TrainStatus::Running => "pooling…".to_string(),
            _ => "pooled in one pass".to_string(),
        }
    } else if ws.status == TrainStatus::Idle && ws.hierarchy().is_some() {
        "an opened hierarchy is shown · not trained here".to_string()
    } else if ws.status == TrainStatus::Idle {
        format!("not trained yet · {} epochs to run", v.form.cfg.epochs)
    } else if ws.log.is_some() {
        // A log's steps are the user's training, not a run here: no rate, no time left.
        format!("logged step {}", ws.epoch)
    } else if let Some((r, of)) = ws.restarting {
        format!("watched run done · restart {r} of {of} in the background")
    } else {
        let rate = ws.epochs_per_second.round();
        format!(
            "epoch {} / {} · {rate:.0} {}/s{eta}",
            ws.epoch,
            ws.epochs,
            if rate == 1.0 { "epoch" } else { "epochs" }
        )
    };
    progress_ui(ui, fraction, text);
    match &ws.status {
        TrainStatus::Failed(m) => {
            ui.colored_label(ui.visuals().error_fg_color, m);
        }
        TrainStatus::Finished => match &ws.finish_note {
            Some(note) => {
                ui.colored_label(ui.visuals().warn_fg_color, note);
            }
            None => {
                ui.label(format!("Finished after {} epochs.", ws.epoch));
            }
        },
        _ => {}
    }
    commands
}

/// A progress bar that carries its text inside when the text fits and on a wrapped line under
/// it when it does not: a bar's text is one line, cut at the panel's edge ("… 300 epochs to ru"
/// at 1280x720 and scale 1.5).
fn progress_ui(ui: &mut egui::Ui, fraction: f32, text: String) {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let width = ui
        .painter()
        .layout_no_wrap(text.clone(), font, egui::Color32::WHITE)
        .size()
        .x;
    // The bar draws its text one item spacing in from its left edge; keep as much on the right.
    let margin = 2.0 * ui.spacing().item_spacing.x;
    if width + margin <= ui.available_width() {
        ui.add(egui::ProgressBar::new(fraction).text(text));
    } else {
        ui.add(egui::ProgressBar::new(fraction).desired_height(8.0));
        ui.add(egui::Label::new(text).wrap());
    }
}

pub fn setup_panel_ui(v: &mut SetupView, ui: &mut egui::Ui) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.heading("Graph");
    graph_ui(v, ui, &mut commands);
    ui.separator();
    ui.heading("Model");
    if let Some(ws) = v.workspace.filter(|w| w.log.is_some()) {
        // A log holds what the model did, not what it was: say so rather than show defaults
        // as if they were the logged model's.
        let text = match v.log_model.filter(|m| m.known()) {
            Some(m) => format!(
                "From a log: your model, {}. The settings below train poolscope's own model \
                 on the logged graph.",
                m.describe()
            ),
            None => {
                let named = match ws.log_method {
                    Some(m) => format!("Its losses are named as {m}'s, so the card shows {m}. "),
                    None => "Its loss names do not say which method made it. ".to_string(),
                };
                format!(
                    "From a log: settings unknown (the writer was not given method= or \
                     model=). {named}The settings below train poolscope's own model on the \
                     logged graph."
                )
            }
        };
        ui.add(egui::Label::new(egui::RichText::new(text).italics()).wrap());
        if let Some(label) = v.log_model.and_then(|m| m.graph_label.as_deref()) {
            ui.label(format!("Graph label: {label}"));
        }
    }
    if let Some(h) = v
        .workspace
        .filter(|w| w.log.is_none() && w.status == TrainStatus::Idle)
        .and_then(|w| w.hierarchy())
    {
        // An opened hierarchy (a file, assignments, a session) describes itself: the settings
        // below are not what made it.
        let counts: Vec<String> = h.levels[1..]
            .iter()
            .map(|l| l.node_count.to_string())
            .collect();
        let by = match h.source.as_str() {
            "imported" => "assignments opened from files".to_string(),
            "" => "an opened hierarchy".to_string(),
            m => format!("a hierarchy made by {m}, opened"),
        };
        ui.add(
            egui::Label::new(
                egui::RichText::new(format!(
                    "Shown: {by}: {} pooling level(s) of {} clusters. The settings below train \
                     poolscope's own model on this graph.",
                    counts.len(),
                    counts.join(", ")
                ))
                .italics(),
            )
            .wrap(),
        );
    }
    model_ui(v, ui);
    controls_ui(v, ui, &mut commands);
    if let Some(ws) = v.workspace {
        super::compare::compare_ui(ws, ui, &mut commands);
    }
    let card = format!("How {} pools", v.form.cfg.method);
    if ui
        .selectable_label(v.card_open, card)
        .on_hover_text("What the method selects, reduces and connects, its losses and failures")
        .clicked()
    {
        commands.push(Command::ShowCard(!v.card_open));
    }
    ui.separator();
    ui.heading("View");
    if let Some(ws) = v.workspace {
        super::view_controls::view_controls_ui(ws, v.colour, v.view, ui, &mut commands);
        egui::CollapsingHeader::new("Layout")
            .default_open(true)
            .show(ui, |ui| {
                super::layout_controls::layout_controls_ui(ws, v.layout, ui, &mut commands);
            });
    }
    ui.separator();
    if let Some(ws) = v.workspace {
        super::curves::curves_ui(ws, v.overlay_curves, ui);
    }
    commands
}
