//! The layout's settings and state: attraction, repulsion scale, gravity, strong gravity,
//! prevent overlap, edge-weight influence; stop, go on, re-run from scratch; and whether the
//! layout has settled, with the iterations it took.

use crate::app::command::Command;
use crate::app::workspace::Workspace;
use crate::layout::{Attraction, LayoutSettings};
use eframe::egui;

/// A scale left to the attraction's default, edited as a number.
fn scale_ui(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<f32>,
    default: f32,
    range: std::ops::RangeInclusive<f32>,
) {
    let l = ui.label(label);
    let mut auto = value.is_none();
    let mut v = value.unwrap_or(default);
    ui.horizontal(|ui| {
        ui.add_enabled(
            !auto,
            egui::DragValue::new(&mut v)
                .range(range)
                .speed(0.01)
                .max_decimals(3),
        )
        .labelled_by(l.id);
        ui.checkbox(&mut auto, "default")
            .on_hover_text(format!("{default} with this attraction"));
    });
    *value = (!auto).then_some(v);
    ui.end_row();
}

pub fn layout_controls_ui(
    ws: &Workspace,
    settings: &LayoutSettings,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let state = ws.layouts.layout_state();
    if state.fixed {
        ui.label("Level 0 keeps the file's coordinates.");
        return;
    }
    let mut s = settings.clone();
    let lin_log = state.progress.is_none_or(|p| p.lin_log);
    let defaults = s.fa2(match s.attraction {
        Attraction::Auto => lin_log,
        a => a == Attraction::LinLog,
    });
    egui::Grid::new("layout_settings")
        .num_columns(2)
        .show(ui, |ui| {
            let l = ui.label("Attraction");
            egui::ComboBox::from_id_salt("attraction")
                .selected_text(match s.attraction {
                    Attraction::Auto => {
                        format!("auto ({})", if lin_log { "LinLog" } else { "linear" })
                    }
                    a => a.name().to_string(),
                })
                .show_ui(ui, |ui| {
                    for a in Attraction::ALL {
                        ui.selectable_value(&mut s.attraction, a, a.name());
                    }
                })
                .response
                .on_hover_text(
                    "LinLog: tight communities, far apart. Auto lays out both and keeps the one \
                     whose edges are shortest inside the graph's own modularity clusters.",
                )
                .labelled_by(l.id);
            ui.end_row();
            scale_ui(
                ui,
                "Scaling",
                &mut s.scaling,
                defaults.scaling,
                0.001..=1000.0,
            );
            scale_ui(ui, "Gravity", &mut s.gravity, defaults.gravity, 0.0..=100.0);
            let l = ui.label("Edge weights");
            ui.add(egui::Slider::new(&mut s.edge_weight_influence, 0.0..=2.0).text("δ"))
                .on_hover_text("0 ignores weights; 1 pulls by the weight as it is")
                .labelled_by(l.id);
            ui.end_row();
        });
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut s.strong_gravity, "Strong gravity");
        ui.checkbox(&mut s.prevent_overlap, "Prevent overlap");
    });
    if s != *settings {
        commands.push(Command::LayoutSettings(s));
    }
    ui.horizontal_wrapped(|ui| {
        let running = !state.paused;
        if ui
            .button(if running { "Stop" } else { "Go on" })
            .on_hover_text("Stop the layout where it is, or let it go on")
            .clicked()
        {
            commands.push(Command::RunLayout(!running));
        }
        if ui
            .button("Re-run")
            .on_hover_text("Lay level 0 out again from scratch")
            .clicked()
        {
            commands.push(Command::RerunLayout);
        }
        if ui.button("Fit all views").clicked() {
            commands.push(Command::FitView);
        }
    });
    let iterations = state.progress.map_or(0, |p| p.iterations);
    let text = match state.progress {
        _ if state.settled => format!("Layout settled ({iterations} iterations)"),
        _ if state.paused => format!("Layout stopped ({iterations} iterations)"),
        Some(p) if p.level > 0 => format!(
            "Laying out… coarse level {} of {} ({iterations} iterations)",
            p.level,
            p.levels - 1
        ),
        _ => format!("Layout settling… ({iterations} iterations)"),
    };
    ui.label(text);
}
