//! How the levels look: what colours them, the legend, node names, the disagreement
//! highlight, node size, and how the width is shared between levels.

use crate::app::command::Command;
use crate::app::view_options::ViewOptions;
use crate::app::workspace::Workspace;
use crate::render::ColourMode;
use eframe::egui;

fn mode_name(mode: &ColourMode) -> String {
    match mode {
        ColourMode::Linked => "linked levels".to_string(),
        ColourMode::NextCluster => "next level's cluster".to_string(),
        ColourMode::Label(c) => format!("label {c}"),
        ColourMode::Level(l) => format!("cluster at level {l}"),
    }
}

pub fn view_controls_ui(
    ws: &Workspace,
    colour: &ColourMode,
    view: &mut ViewOptions,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let mut mode = colour.clone();
    egui::Grid::new("view_settings")
        .num_columns(2)
        .show(ui, |ui| {
            let l = ui.label("Colour by");
            egui::ComboBox::from_id_salt("colour_by")
                .selected_text(mode_name(&mode))
                .show_ui(ui, |ui| {
                    ui.selectable_value(
                        &mut mode,
                        ColourMode::Linked,
                        mode_name(&ColourMode::Linked),
                    )
                    .on_hover_text(
                        "Each node has the hue of its top-level cluster; level-1 clusters \
                             within it are told apart by shade, and a level-0 patch has the \
                             colour of the level-1 node it became",
                    );
                    ui.selectable_value(
                        &mut mode,
                        ColourMode::NextCluster,
                        mode_name(&ColourMode::NextCluster),
                    );
                    for c in &ws.graph.nodes.labels {
                        let m = ColourMode::Label(c.name.clone());
                        let name = mode_name(&m);
                        ui.selectable_value(&mut mode, m, name);
                    }
                    for l in 1..ws.level_count() {
                        let m = ColourMode::Level(l);
                        let name = mode_name(&m);
                        ui.selectable_value(&mut mode, m, name);
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Node size");
            ui.add(egui::Slider::new(&mut view.node_scale, 0.3..=4.0).logarithmic(true))
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Level 0 width");
            let mut auto = view.level0_share.is_none();
            let mut share = view.level0_share.unwrap_or(0.5);
            ui.horizontal(|ui| {
                ui.add_enabled(
                    !auto,
                    egui::Slider::new(&mut share, 0.2..=0.85)
                        .custom_formatter(|v, _| format!("{:.0}%", 100.0 * v)),
                )
                .labelled_by(l.id);
                ui.checkbox(&mut auto, "by size")
                    .on_hover_text("Share the width by the levels' node counts");
            });
            view.level0_share = (!auto).then_some(share);
            ui.end_row();
        });
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut view.legend, "Legend");
        ui.checkbox(&mut view.names, "Names")
            .on_hover_text("Names beside nodes big enough to carry them");
        ui.checkbox(&mut view.disagreement, "Disagreements")
            .on_hover_text(
                "Ring the level-0 nodes whose label differs from the majority label of their cluster",
            );
    });
    if mode != *colour {
        commands.push(Command::ColourBy(mode));
    }
}
