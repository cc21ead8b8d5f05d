//! Presentation mode's one strip of controls above the levels: train, pace, merge, colouring
//! and the way out.

use super::controls::{pace_ui, training_buttons_ui};
use super::merge::{Merge, merge_ui};
use crate::app::command::Command;
use crate::app::workspace::Workspace;
use eframe::egui;

pub fn control_strip_ui(
    ws: Option<&Workspace>,
    pace: f32,
    merge: &mut Merge,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        if let Some(ws) = ws {
            training_buttons_ui(ws, ui, commands);
            ui.separator();
            pace_ui(ui, pace, commands);
            ui.separator();
            ui.label(format!("epoch {} / {}", ws.epoch, ws.epochs.max(ws.epoch)));
            ui.separator();
            let depth = ws.hierarchy().map(|h| h.depth());
            merge_ui(merge, ui, depth);
            ui.separator();
        }
        if ui
            .button("Leave presentation")
            .on_hover_text("Esc or F5")
            .clicked()
        {
            commands.push(Command::Presentation(false));
        }
    });
}
