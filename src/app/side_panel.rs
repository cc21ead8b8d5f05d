//! The left panel: what is loaded, what to colour by, and which graph of a data set to show.

use super::loader::LoadRequest;
use super::viewer::{Command, PoolscopeApp};
use crate::generate::GENERATORS;
use crate::samples::SAMPLES;
use eframe::egui;

pub fn samples_menu_ui(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    for s in SAMPLES {
        if ui.button(s.name).on_hover_text(s.description).clicked() {
            commands.push(Command::Load(LoadRequest::Named(s.name.to_string())));
            ui.close();
        }
    }
}

pub fn generate_menu_ui(ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    for (kind, example) in GENERATORS {
        if ui.button(kind).on_hover_text(example).clicked() {
            commands.push(Command::Load(LoadRequest::Named(example.to_string())));
            ui.close();
        }
    }
}

pub fn side_panel_ui(app: &PoolscopeApp, ui: &mut egui::Ui) -> Vec<Command> {
    let mut commands = Vec::new();
    ui.heading("Graph");
    let Some(view) = app.view() else {
        ui.label("Nothing loaded yet.");
        return commands;
    };
    let g = &view.graph;
    egui::Grid::new("summary").num_columns(2).show(ui, |ui| {
        ui.label("name");
        ui.label(&g.name);
        ui.end_row();
        ui.label("nodes");
        ui.label(g.node_count().to_string());
        ui.end_row();
        ui.label("edges");
        ui.label(format!(
            "{} ({})",
            g.edge_count(),
            if g.is_directed() {
                "directed"
            } else {
                "undirected"
            }
        ));
        ui.end_row();
        ui.label("components");
        ui.label(view.components.to_string());
        ui.end_row();
    });
    if let Some(d) = &app.dataset {
        ui.separator();
        ui.label(format!("Data set {}: {} graphs", d.name, d.len()));
        let mut index = app.dataset_index;
        let label = |i: usize| {
            format!(
                "graph {} (label {})",
                i + 1,
                d.graph_label(i).unwrap_or("?")
            )
        };
        egui::ComboBox::from_label("Graph to show")
            .selected_text(label(index))
            .height(300.0)
            .show_ui(ui, |ui| {
                for i in 0..d.len() {
                    ui.selectable_value(&mut index, i, label(i));
                }
            });
        if index != app.dataset_index {
            commands.push(Command::SelectGraph(index));
        }
    }
    ui.separator();
    let mut colour_by = app.colour_by.clone();
    egui::ComboBox::from_label("Colour by")
        .selected_text(colour_by.clone().unwrap_or_else(|| "nothing".into()))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut colour_by, None, "nothing");
            for col in &g.nodes.labels {
                ui.selectable_value(&mut colour_by, Some(col.name.clone()), &col.name);
            }
        });
    if colour_by != app.colour_by {
        commands.push(Command::ColourBy(colour_by.clone()));
    }
    if let Some(col) = colour_by.as_ref().and_then(|c| g.nodes.label(c)) {
        let counts = col.class_counts();
        for (k, class) in col.classes.iter().enumerate().take(30) {
            ui.horizontal(|ui| {
                let (r, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                ui.painter()
                    .rect_filled(r, 2.0, super::palette::class_colour(k));
                ui.label(format!("{class} ({})", counts[k]));
            });
        }
        if col.classes.len() > 30 {
            ui.label(format!("… {} more classes", col.classes.len() - 30));
        }
    }
    ui.separator();
    let (state, iterations, swing) = view.layout.state();
    ui.label(match state {
        super::layout_job::LayoutState::Settling => {
            format!("Layout settling… ({iterations} iterations, swing {swing:.2})")
        }
        super::layout_job::LayoutState::Settled => "Layout settled".to_string(),
    });
    if ui.button("Fit to view").clicked() {
        commands.push(Command::FitView);
    }
    commands
}
