//! The menu bar: File (open, save, export), Samples, Generate, and the frame-time overlay.

use crate::app::command::Command;
use crate::app::frame_stats::FrameStats;
use crate::app::jobs::{ExportKind, LoadRequest};
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
                        K::HierarchyJson | K::AssignmentsCsv | K::AssignmentsNpy => has_h,
                        _ => has_graph,
                    };
                    if ui
                        .add_enabled(enabled, egui::Button::new(kind.label()))
                        .clicked()
                    {
                        commands.push(Command::Export(kind, None));
                        ui.close();
                    }
                }
            });
        });
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
            commands.push(Command::Load(LoadRequest::Named(s.name.to_string())));
            ui.close();
        }
    }
}

/// The Generate menu: presets, and a spec field for any parameters.
pub fn generate_menu_ui(ui: &mut egui::Ui, spec: &mut String, commands: &mut Vec<Command>) {
    for (kind, example) in GENERATORS {
        if ui.button(kind).on_hover_text(example).clicked() {
            *spec = example.to_string();
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
