//! The row above the levels: the find box (name, id or `column=value`, with completions;
//! Ctrl+F), how far a selection's neighbourhood reaches, and clearing the selection.

use crate::app::command::Command;
use crate::app::find::Match;
use crate::app::workspace::Workspace;
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

/// Completions listed under the find box.
const COMPLETIONS: usize = 8;

/// The find box's text and its completions.
#[derive(Default)]
pub struct FindBar {
    pub query: String,
    /// The completions of `query` and the one the arrow keys point at.
    matches: Vec<Match>,
    matched: String,
    chosen: usize,
    /// What the last search found, in words ("Mr. Hi and 16 neighbours").
    pub found: Option<String>,
}

impl FindBar {
    /// Draws the row; `hops` and `edge_opacity` are the view's, changed in place.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &mut Workspace,
        hops: &mut usize,
        has_selection: bool,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.horizontal(|ui| {
            let label = ui.label("Find");
            let edit = egui::TextEdit::singleline(&mut self.query)
                .hint_text("name, id or column=value")
                .desired_width(220.0)
                .id_salt("find");
            let response = ui.add(edit).labelled_by(label.id).on_hover_text(
                "Type a node's name or id, or a column's value (club=Officer); Enter selects \
                 the first match (Ctrl+F)",
            );
            if ui.input_mut(|i| {
                i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, Key::F))
            }) {
                response.request_focus();
            }
            if self.matched != self.query {
                self.matches = ws.finder().find(&ws.graph, &self.query, COMPLETIONS);
                self.matched = self.query.clone();
                self.chosen = 0;
            }
            let focused = response.has_focus();
            if focused && !self.matches.is_empty() {
                let (down, up) = ui.input_mut(|i| {
                    (
                        i.consume_key(Modifiers::NONE, Key::ArrowDown),
                        i.consume_key(Modifiers::NONE, Key::ArrowUp),
                    )
                });
                if down {
                    self.chosen = (self.chosen + 1).min(self.matches.len() - 1);
                }
                if up {
                    self.chosen = self.chosen.saturating_sub(1);
                }
            }
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            let mut picked = entered
                .then(|| self.matches.get(self.chosen).cloned())
                .flatten();
            if entered && picked.is_none() && !self.query.trim().is_empty() {
                self.found = Some(format!("nothing matches “{}”", self.query.trim()));
            }
            if (focused || response.lost_focus()) && !self.matches.is_empty() {
                // The completions, under the box, over the levels.
                let at = response.rect.left_bottom() + egui::vec2(0.0, 2.0);
                egui::Area::new(egui::Id::unique("find-completions"))
                    .order(egui::Order::Foreground)
                    .fixed_pos(at)
                    .show(ui.ctx(), |ui| {
                        egui::Frame::popup(ui.style()).show(ui, |ui| {
                            ui.set_min_width(response.rect.width());
                            for (k, m) in self.matches.iter().enumerate() {
                                if ui.selectable_label(k == self.chosen, &m.text).clicked() {
                                    picked = Some(m.clone());
                                }
                            }
                        });
                    });
            }
            if let Some(m) = picked {
                self.found = Some(m.text.clone());
                commands.push(Command::Find(m.nodes));
                self.query.clear();
                self.matched.clear();
                self.matches.clear();
            }
            let hops_label = ui.label("Neighbourhood");
            egui::ComboBox::from_id_salt("hops")
                .selected_text(match *hops {
                    0 => "node only".to_string(),
                    1 => "1 hop".to_string(),
                    h => format!("{h} hops"),
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(hops, 0, "node only");
                    ui.selectable_value(hops, 1, "1 hop");
                    ui.selectable_value(hops, 2, "2 hops");
                })
                .response
                .labelled_by(hops_label.id)
                .on_hover_text("How far around a selected node stays bright");
            if has_selection {
                if ui.button("Clear selection").clicked() {
                    commands.push(Command::Select(Default::default()));
                    self.found = None;
                }
                if let Some(f) = &self.found {
                    ui.weak(f);
                }
            }
        });
        commands
    }
}
