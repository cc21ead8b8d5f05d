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
        ColourMode::Scale(c) => format!("{c} (scale)"),
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
                    for c in &ws.graph.nodes.numeric {
                        let m = ColourMode::Scale(c.name.clone());
                        let name = mode_name(&m);
                        ui.selectable_value(&mut mode, m, name).on_hover_text(
                            "A continuous colour scale (viridis) over the column's range; clusters take their members' mean",
                        );
                    }
                    // The computed measures (a graph's own column of the same name wins).
                    for m in crate::graph::Measure::ALL {
                        if ws.graph.nodes.numeric(m.name()).is_none() {
                            let c = ColourMode::Scale(m.name().to_string());
                            let name = mode_name(&c);
                            ui.selectable_value(&mut mode, c, name).on_hover_text(m.help());
                        }
                    }
                    // An integer column with many values can still be a category.
                    for c in ws.graph.nodes.numeric.iter().filter(|c| c.integer) {
                        if ws.graph.nodes.label(&c.name).is_none()
                            && ui
                                .selectable_label(false, format!("{} as labels…", c.name))
                                .on_hover_text(format!(
                                    "Read {} ({} values) as categories: colour by them and score the clusters against them",
                                    c.name,
                                    c.distinct()
                                ))
                                .clicked()
                        {
                            commands.push(Command::UseAsLabels(c.name.clone()));
                        }
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label("Size by");
            let mut size = view.size_by.clone();
            egui::ComboBox::from_id_salt("size_by")
                .selected_text(size.name())
                .show_ui(ui, |ui| {
                    use crate::render::SizeBy;
                    use crate::graph::Measure;
                    let measures = [Measure::PageRank, Measure::Betweenness, Measure::Core, Measure::Clustering]
                        .into_iter()
                        .filter(|m| ws.graph.nodes.numeric(m.name()).is_none())
                        .map(|m| SizeBy::Column(m.name().to_string()));
                    for s in [SizeBy::Uniform, SizeBy::Degree, SizeBy::WeightedDegree]
                        .into_iter()
                        .chain(measures)
                        .chain(ws.graph.nodes.numeric.iter().map(|c| SizeBy::Column(c.name.clone())))
                    {
                        let name = s.name();
                        ui.selectable_value(&mut size, s, name);
                    }
                })
                .response
                .labelled_by(l.id)
                .on_hover_text("Level-0 node area by degree or a numeric column; clusters by their size");
            view.size_by = size;
            ui.end_row();
            let l = ui.label("Edges");
            ui.add(
                egui::Slider::new(&mut view.edge_opacity, 0.1..=5.0)
                    .logarithmic(true)
                    .custom_formatter(|v, _| format!("{v:.2}×")),
            )
            .labelled_by(l.id)
            .on_hover_text(
                "Edge opacity, times what the drawing's density calls for (dense drawings get fainter edges so communities show through)",
            );
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
            .on_hover_text("Names beside nodes big enough to carry them, placed so none covers another (the selection's neighbourhood and the biggest nodes first)");
        ui.add(
            egui::Slider::new(&mut view.name_scale, 0.6..=2.5)
                .logarithmic(true)
                .text("Label size")
                .custom_formatter(|v, _| format!("{v:.1}×")),
        )
        .on_hover_text("The names' size, relative to the small text");
        if ws.graph.is_directed() {
            ui.checkbox(&mut view.arrows, "Arrows")
                .on_hover_text("Arrowheads on level 0's links (a directed graph)");
        }
        ui.checkbox(&mut view.disagreement, "Disagreements")
            .on_hover_text(
                "Ring the level-0 nodes whose label differs from the majority label of their cluster",
            );
    });
    filter_ui(ws, view, ui);
    if mode != *colour {
        commands.push(Command::ColourBy(mode));
    }
}

/// The filter: by degree, a numeric column's range or a label column's values; hide or fade.
fn filter_ui(ws: &Workspace, view: &mut ViewOptions, ui: &mut egui::Ui) {
    use crate::app::filter::{Filter, FilterBy};
    let g = &ws.graph;
    let name = |by: Option<&FilterBy>| match by {
        None => "nothing".to_string(),
        Some(FilterBy::Degree) => "degree".to_string(),
        Some(FilterBy::Column(c)) => format!("{c} (range)"),
        Some(FilterBy::Label(c)) => format!("{c} (values)"),
    };
    let current = view.filter.as_ref().map(|f| f.by.clone());
    let mut chosen = current.clone();
    ui.horizontal(|ui| {
        let l = ui.label("Filter by");
        egui::ComboBox::from_id_salt("filter_by")
            .selected_text(name(chosen.as_ref()))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut chosen, None, name(None));
                // Measures once computed (a range needs their figures).
                let measures = g
                    .measures_if_known()
                    .map(|_| {
                        crate::graph::Measure::ALL[1..]
                            .iter()
                            .filter(|m| g.nodes.numeric(m.name()).is_none())
                            .map(|m| FilterBy::Column(m.name().to_string()))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                let options = std::iter::once(FilterBy::Degree)
                    .chain(g.nodes.numeric.iter().map(|c| FilterBy::Column(c.name.clone())))
                    .chain(measures)
                    .chain(g.nodes.labels.iter().map(|c| FilterBy::Label(c.name.clone())));
                for by in options {
                    let text = name(Some(&by));
                    ui.selectable_value(&mut chosen, Some(by), text);
                }
            })
            .response
            .labelled_by(l.id)
            .on_hover_text("Fade or hide the nodes outside a degree range, a column's range or some of its values");
    });
    if chosen != current {
        view.filter = chosen.map(|by| Filter::new(g, &ws.level0_sym, by));
    }
    let Some(f) = view.filter.as_mut() else {
        return;
    };
    match f.by.clone() {
        FilterBy::Degree | FilterBy::Column(_) => {
            ui.horizontal(|ui| {
                let l = ui.label("keep");
                let speed = ((f.range.1 - f.range.0).abs() / 200.0).max(0.01);
                let lo_max = f.range.1;
                ui.add(
                    egui::DragValue::new(&mut f.range.0)
                        .speed(speed)
                        .range(f64::MIN..=lo_max),
                )
                .labelled_by(l.id)
                .on_hover_text("Lowest value kept");
                ui.label("to");
                let hi_min = f.range.0;
                ui.add(
                    egui::DragValue::new(&mut f.range.1)
                        .speed(speed)
                        .range(hi_min..=f64::MAX),
                )
                .on_hover_text("Highest value kept");
            });
        }
        FilterBy::Label(c) => {
            if let Some(col) = g.nodes.label(&c) {
                ui.horizontal_wrapped(|ui| {
                    for (k, class) in col.classes.iter().enumerate().take(40) {
                        if let Some(keep) = f.classes.get_mut(k) {
                            ui.checkbox(keep, class);
                        }
                    }
                    if col.classes.len() > 40 {
                        ui.weak(format!("(the first 40 of {} values)", col.classes.len()));
                    }
                });
            }
        }
    }
    ui.horizontal(|ui| {
        ui.radio_value(&mut f.hide, false, "fade the rest");
        ui.radio_value(&mut f.hide, true, "hide the rest");
    });
    let kept = f.passes(g, &ws.level0_sym).iter().filter(|&&p| p).count();
    ui.weak(format!(
        "{kept} of {} nodes pass ({})",
        g.node_count(),
        f.describe(g)
    ));
}
