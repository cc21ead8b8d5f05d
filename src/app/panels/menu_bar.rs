//! The menu bar: File (open, save, export), Samples, Generate, and the frame-time overlay.

use crate::app::command::Command;
use crate::app::frame_stats::FrameStats;
use crate::app::jobs::{ExportKind, LoadRequest};
use crate::app::theme::Theme;
use crate::app::theme::step_scale;
use crate::generate::GENERATORS;
use crate::samples::SAMPLES;
use eframe::egui;

/// What the menu bar shows.
pub struct MenuBar<'a> {
    pub has_graph: bool,
    pub has_hierarchy: bool,
    pub loading: bool,
    pub status: Option<&'a str>,
    pub frame: &'a FrameStats,
    /// The Generate menu's editable spec.
    pub generate_spec: &'a mut String,
    /// Whether the setup and inspector panels show.
    pub panels: (bool, bool),
    /// Whether the timeline holds a run to replay.
    pub has_timeline: bool,
    /// The figure settings: the level pictures open their window; GIFs use their size.
    pub figure: &'a mut super::Figure,
    pub ui_scale: f32,
    pub theme: Theme,
    /// Whether the node table shows.
    pub node_table: bool,
}

pub fn menu_bar_ui(m: MenuBar, ui: &mut egui::Ui) -> Vec<Command> {
    let mut commands = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            let has_graph = m.has_graph;
            let entries = [
                (
                    "Open…",
                    "A graph file, or a TU data set folder",
                    true,
                    Command::OpenDialog,
                ),
                (
                    "Open assignments…",
                    "One CSV or .npy per level, rows = nodes, columns = clusters",
                    true,
                    Command::ImportAssignments {
                        paths: None,
                        logits: false,
                    },
                ),
                (
                    "Open assignment logits…",
                    "As above; a row softmax is applied first",
                    true,
                    Command::ImportAssignments {
                        paths: None,
                        logits: true,
                    },
                ),
                (
                    "Open hierarchy…",
                    "A hierarchy JSON written by poolscope train --out",
                    true,
                    Command::OpenHierarchy(None),
                ),
                (
                    "Open session…",
                    "A session saved by poolscope: the same picture, no retraining",
                    true,
                    Command::OpenSession(None),
                ),
                (
                    "Save session…",
                    "Graph, settings and seed, trained weights, hierarchy, layout and view",
                    has_graph,
                    Command::Export(ExportKind::Session, None),
                ),
            ];
            for (label, hover, enabled, command) in entries {
                if ui
                    .add_enabled(enabled, egui::Button::new(label))
                    .on_hover_text(hover)
                    .clicked()
                {
                    commands.push(command);
                    ui.close();
                }
            }
            ui.separator();
            ui.menu_button("Export", |ui| {
                let has_h = m.has_hierarchy;
                for kind in ExportKind::ALL {
                    use ExportKind as K;
                    let enabled = match kind {
                        K::Session => continue,
                        K::HierarchyJson | K::AssignmentsCsv | K::AssignmentsNpy | K::MergeGif => {
                            has_h
                        }
                        K::TrainingGif => m.has_timeline,
                        _ => has_graph,
                    };
                    if ui
                        .add_enabled(enabled, egui::Button::new(kind.label()))
                        .clicked()
                    {
                        if matches!(kind, K::LevelsSvg | K::LevelsPng) {
                            // Size, scale, background, levels and legend first.
                            m.figure.open = Some(kind);
                        } else {
                            commands.push(Command::Export(kind, None));
                        }
                        ui.close();
                    }
                }
            });
        });
        ui.menu_button("View", |ui| view_menu_ui(&m, ui, &mut commands));
        ui.menu_button("Samples", |ui| samples_menu_ui(ui, &mut commands));
        ui.menu_button("Generate", |ui| {
            generate_menu_ui(ui, m.generate_spec, &mut commands)
        });
        if m.loading {
            ui.spinner();
            ui.label("loading…");
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.weak(format!(
                "UI {:.1} ms · {:.0} fps",
                m.frame.ui_ms,
                m.frame.fps()
            ));
            if let Some(status) = m.status {
                ui.label(status);
            }
        });
    });
    commands
}

pub fn samples_menu_ui(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    for s in SAMPLES {
        if ui.button(s.name).on_hover_text(s.description).clicked() {
            commands.push(Command::Load(LoadRequest::Sample(s.name.to_string())));
            ui.close();
        }
    }
}

/// The picture size for exports: as on screen, or a size of one's own (1920 x 1080 for a slide).
/// Presentation mode, the side panels, the theme and the UI scale.
fn view_menu_ui(m: &MenuBar, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    if ui
        .button("Presentation mode (F5)")
        .on_hover_text("The levels fill the window under one strip of controls; Esc leaves")
        .clicked()
    {
        commands.push(Command::Presentation(true));
        ui.close();
    }
    if ui
        .add_enabled(m.has_graph, egui::Button::new("Method gallery…"))
        .on_hover_text("The graph pooled by several methods at once, one row each")
        .clicked()
    {
        commands.push(Command::Gallery(true));
        ui.close();
    }
    ui.separator();
    let (mut setup, mut inspector) = m.panels;
    let a = ui.checkbox(&mut setup, "Setup panel").changed();
    let b = ui.checkbox(&mut inspector, "Inspector panel").changed();
    if a || b {
        commands.push(Command::ShowPanels { setup, inspector });
    }
    let mut table = m.node_table;
    if ui
        .add_enabled(m.has_graph, egui::Checkbox::new(&mut table, "Node table"))
        .on_hover_text("Every node's attributes and measures (degree, PageRank, betweenness, k-core, clustering), sortable and linked to the selection")
        .changed()
    {
        commands.push(Command::NodeTable(table));
    }
    ui.separator();
    for t in [Theme::Dark, Theme::Light] {
        if ui
            .radio(m.theme == t, format!("{} theme", t.name()))
            .clicked()
        {
            commands.push(Command::Theme(t));
        }
    }
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(format!("UI scale {:.0}%", 100.0 * m.ui_scale));
        if ui.button("−").on_hover_text("Ctrl+-").clicked() {
            commands.push(Command::UiScale(step_scale(m.ui_scale, -1)));
        }
        if ui.button("+").on_hover_text("Ctrl+=").clicked() {
            commands.push(Command::UiScale(step_scale(m.ui_scale, 1)));
        }
        if ui.button("100%").on_hover_text("Ctrl+0").clicked() {
            commands.push(Command::UiScale(1.0));
        }
    });
}

/// The Generate menu: presets that load at once, and a spec field for any parameters.
pub fn generate_menu_ui(ui: &mut egui::Ui, spec: &mut String, commands: &mut Vec<Command>) {
    for (kind, example) in GENERATORS {
        if ui
            .button(kind)
            .on_hover_text(format!(
                "{example}\n(loads at once; edit the spec below for other parameters)"
            ))
            .clicked()
        {
            *spec = example.to_string();
            commands.push(Command::Load(LoadRequest::Named(example.to_string())));
            ui.close();
        }
    }
    ui.separator();
    ui.label("Spec (edit the parameters):");
    ui.add(egui::TextEdit::singleline(spec).desired_width(360.0));
    if ui.button("Generate").clicked() {
        commands.push(Command::Load(LoadRequest::Named(spec.clone())));
        ui.close();
    }
}
