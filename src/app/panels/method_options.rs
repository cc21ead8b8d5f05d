//! A method's own settings in the setup panel, drawn from the method's list of them: a number
//! field for a number, a checkbox for a flag, a list for a choice, under a header that says
//! what they are set to. The widgets change the form's options through `Options::set`, which
//! keeps each value inside the method's bounds. The header starts open for a method that
//! learns nothing (its training settings are hidden, so there is room) and closed otherwise,
//! so the Train button stays where it was.

use crate::pool::{Learning, OptionKind, OptionSpec, OptionValue, Options};
use crate::train::TrainConfig;
use eframe::egui;

/// Draws the settings; true when the user changed one.
pub fn method_options_ui(ui: &mut egui::Ui, cfg: &mut TrainConfig) -> bool {
    let pooler = cfg.method.pooler();
    let specs = pooler.options();
    if specs.is_empty() {
        return false;
    }
    let summary: Vec<String> = specs
        .iter()
        .map(|s| {
            let value = match s.value(&cfg.options) {
                OptionValue::Flag(on) => if on { "on" } else { "off" }.to_string(),
                v => v.to_string(),
            };
            format!("{} {value}", s.label.to_lowercase())
        })
        .collect();
    // The values go on a line of their own under the closed header, wrapped: in the header
    // they were cut at the setup panel's edge ("normalised adjacency o…" at 1280x720).
    let summary = summary.join(", ");
    let mut changed = false;
    let shown = egui::CollapsingHeader::new(format!("{} settings", cfg.method))
        .id_salt(("method_settings", cfg.method.name()))
        .default_open(pooler.learning() == Learning::Nothing)
        .show(ui, |ui| {
            egui::Grid::new(("method_options", cfg.method.name()))
                .num_columns(2)
                .show(ui, |ui| changed = rows_ui(ui, specs, &mut cfg.options));
        });
    if shown.openness < 1.0 {
        ui.add(egui::Label::new(egui::RichText::new(summary).weak()).wrap());
    }
    changed
}

/// One row of the grid per setting; true when one changed.
fn rows_ui(ui: &mut egui::Ui, specs: &[OptionSpec], options: &mut Options) -> bool {
    let mut any = false;
    for spec in specs {
        let label = ui.label(spec.label);
        let changed = match spec.kind {
            OptionKind::Float { min, max, .. } => {
                let mut x = spec.float(options);
                ui.add(egui::DragValue::new(&mut x).range(min..=max).speed(0.01))
                    .labelled_by(label.id)
                    .on_hover_text(spec.help)
                    .changed()
                    .then_some(OptionValue::Float(x))
            }
            OptionKind::Flag { .. } => {
                let mut b = spec.flag(options);
                ui.checkbox(&mut b, "")
                    .labelled_by(label.id)
                    .on_hover_text(spec.help)
                    .changed()
                    .then_some(OptionValue::Flag(b))
            }
            OptionKind::Choice { choices, .. } => {
                let current = spec.choice(options);
                let mut picked = None;
                egui::ComboBox::from_id_salt(("method_option", spec.name))
                    .selected_text(current.as_str())
                    .show_ui(ui, |ui| {
                        for c in choices {
                            if ui.selectable_label(current == *c, *c).clicked() {
                                picked = Some(OptionValue::Choice(c.to_string()));
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id)
                    .on_hover_text(spec.help);
                picked
            }
        };
        if let Some(v) = changed {
            // The widgets offer only values inside the bounds; should one not be, the old
            // value stays.
            any |= options.set(specs, spec.name, v).is_ok();
        }
        ui.end_row();
    }
    any
}
