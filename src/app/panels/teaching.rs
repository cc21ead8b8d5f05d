//! The selected method's card (what it selects, reduces and connects, its losses as formulas
//! beside their current values, how it is known to fail), as the method's own file writes it.

use crate::app::command::Command;
use crate::app::formula::formula_ui;
use crate::pool::Method;
use eframe::egui;

/// The card, with the latest value of each loss from `latest` (name, value). Formulas are
/// typeset a little larger than the text around them; every line wraps to the width it is
/// given, so the card never pushes a panel wider.
pub fn teaching_ui(ui: &mut egui::Ui, m: Method, latest: &[(String, f64)]) {
    let c = m.pooler().card();
    let body = egui::TextStyle::Body.resolve(ui.style()).size;
    let formula = 1.15 * body;
    for (k, v) in [
        ("Select", c.select),
        ("Reduce", c.reduce),
        ("Connect", c.connect),
    ] {
        ui.label(egui::RichText::new(k).strong());
        formula_ui(ui, v, formula);
        ui.add_space(4.0);
    }
    if !c.losses.is_empty() {
        ui.label(egui::RichText::new("Losses, with their latest values").strong());
    }
    for (name, f) in c.losses {
        let value = loss_value(name, latest);
        ui.horizontal_wrapped(|ui| {
            ui.monospace(*name);
            ui.label(format!("= {value}"));
        });
        formula_ui(ui, f, formula);
        ui.add_space(2.0);
    }
    ui.add_space(4.0);
    ui.label(egui::RichText::new("Known failure").strong());
    formula_ui(ui, c.failure, body);
}

/// A loss's latest value as the card shows it: poolscope's, else the value a log gave where
/// poolscope cannot recompute one (BN-Pool's kl and K_prior), else a dash.
fn loss_value(name: &str, latest: &[(String, f64)]) -> String {
    let logged = format!("{name} (logged)");
    match latest.iter().find(|(n, _)| n == name) {
        Some((_, v)) => format!("{v:.4}"),
        None => latest
            .iter()
            .find(|(n, _)| *n == logged)
            .map_or("–".to_string(), |(_, v)| format!("{v:.4} (logged)")),
    }
}

/// The card as a drawer at the window's side: the levels shrink to make room, so it never
/// covers one (a floating window covered half of them). Closing it is a command.
pub fn card_drawer_ui(
    ui: &mut egui::Ui,
    m: Method,
    latest: &[(String, f64)],
    commands: &mut Vec<Command>,
) {
    // The button on a row of its own and the title wrapping under it: a heading beside the
    // button was wider than the drawer at a projector's scale and pushed the card's text out
    // of the window.
    if ui.button("Close").on_hover_text("Hide the card").clicked() {
        commands.push(Command::ShowCard(false));
    }
    ui.add(
        egui::Label::new(egui::RichText::new(format!("{m}: select, reduce, connect")).heading())
            .wrap(),
    );
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| teaching_ui(ui, m, latest));
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_logged_value_stands_in_only_where_poolscope_has_none() {
        let latest = vec![
            ("bnpool_rec (logged)".to_string(), 1.0),
            ("bnpool_rec".to_string(), 1.25),
            ("bnpool_kl (logged)".to_string(), 0.0123),
        ];
        assert_eq!(super::loss_value("bnpool_rec", &latest), "1.2500");
        assert_eq!(super::loss_value("bnpool_kl", &latest), "0.0123 (logged)");
        assert_eq!(super::loss_value("bnpool_k_prior", &latest), "–");
    }
}
