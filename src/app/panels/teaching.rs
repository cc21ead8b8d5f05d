//! The selected method's card (what it selects, reduces and connects, its losses as formulas
//! beside their current values, how it is known to fail), as the method's own file writes it.

use crate::app::command::Command;
use crate::pool::Method;
use eframe::egui;

/// The card, with the latest value of each loss from `latest` (name, value). Every line wraps
/// to the width it is given, so the card never pushes a panel wider.
pub fn teaching_ui(ui: &mut egui::Ui, m: Method, latest: &[(String, f64)]) {
    let c = m.pooler().card();
    let wrapped = |ui: &mut egui::Ui, text: String| {
        ui.add(egui::Label::new(text).wrap());
    };
    for (k, v) in [
        ("Select", c.select),
        ("Reduce", c.reduce),
        ("Connect", c.connect),
    ] {
        ui.label(egui::RichText::new(k).strong());
        wrapped(ui, v.to_string());
        ui.add_space(4.0);
    }
    if !c.losses.is_empty() {
        ui.label(egui::RichText::new("Losses, with their latest values").strong());
    }
    for (name, formula) in c.losses {
        let value = latest
            .iter()
            .find(|(n, _)| n == name)
            .map_or("–".to_string(), |(_, v)| format!("{v:.4}"));
        wrapped(ui, format!("{name}: {formula} = {value}"));
    }
    ui.add_space(4.0);
    ui.label(egui::RichText::new("Known failure").strong());
    wrapped(ui, c.failure.to_string());
}

/// The card as a drawer at the window's side: the levels shrink to make room, so it never
/// covers one (a floating window covered half of them). Closing it is a command.
pub fn card_drawer_ui(
    ui: &mut egui::Ui,
    m: Method,
    latest: &[(String, f64)],
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.heading(format!("{m}: select, reduce, connect"));
        if ui.button("Close").on_hover_text("Hide the card").clicked() {
            commands.push(Command::ShowCard(false));
        }
    });
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| teaching_ui(ui, m, latest));
}
