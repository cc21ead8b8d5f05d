//! The lesson's caption under the levels: the lesson's title, which step of how many, the
//! caption at a size the back row reads (its formulas typeset as the cards' are), and the
//! buttons a mouse needs where a presenter's remote sends PageDown and PageUp.

use crate::app::command::Command;
use crate::app::formula::formula_ui;
use eframe::egui;

/// What the bar shows.
pub struct LessonView<'a> {
    pub title: &'a str,
    /// The step shown (0-based) and how many there are.
    pub at: usize,
    pub steps: usize,
    pub caption: &'a str,
}

/// Captions are this much larger than body text.
const CAPTION_SCALE: f32 = 1.3;

pub fn lesson_bar_ui(v: LessonView<'_>, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.label(
            egui::RichText::new(format!("{} · step {} of {}", v.title, v.at + 1, v.steps)).strong(),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let next = ui
                .add_enabled(v.at + 1 < v.steps, egui::Button::new("Next"))
                .on_hover_text("Next step: PageDown or Space");
            let previous = ui
                .add_enabled(v.at > 0, egui::Button::new("Previous"))
                .on_hover_text("Previous step: PageUp or Shift+Space");
            if next.clicked() {
                commands.push(Command::LessonStep(v.at + 1));
            }
            if previous.clicked() {
                commands.push(Command::LessonStep(v.at - 1));
            }
        });
    });
    let body = egui::TextStyle::Body.resolve(ui.style()).size;
    formula_ui(ui, v.caption, CAPTION_SCALE * body);
    ui.add_space(4.0);
}
