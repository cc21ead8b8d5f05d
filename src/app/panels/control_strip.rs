//! Presentation mode's one row of controls above the levels: train, pause or resume, step,
//! the epoch, the merge's play button, the method card and the way out; what has no room on
//! a projector's row (pace, the merge's settings, Reset) sits in the More menu.

use super::controls::{other_run_ui, pace_ui, training_buttons_ui};
use super::merge::{Merge, merge_controls_ui, merge_play_ui, merge_tick};
use crate::app::command::Command;
use crate::app::workspace::Workspace;
use crate::pool::Method;
use eframe::egui;

/// What the strip shows and edits.
pub struct StripView<'a> {
    pub workspace: Option<&'a Workspace>,
    pub pace: f32,
    pub merge: &'a mut Merge,
    pub method: Method,
    pub card_open: bool,
}

/// Where the run is, in a few words: "epoch 0 / 0" before a run says nothing.
fn epoch_text(ws: &Workspace) -> String {
    use crate::app::workspace::TrainStatus;
    match ws.status {
        TrainStatus::Idle if ws.hierarchy().is_some() => "not trained here".into(),
        TrainStatus::Idle => "not trained yet".into(),
        _ if ws.log.is_some() => format!("logged step {}", ws.epoch),
        _ => format!("epoch {} / {}", ws.epoch, ws.epochs.max(ws.epoch)),
    }
}

pub fn control_strip_ui(v: StripView<'_>, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let depth = v.workspace.and_then(|w| w.hierarchy()).map(|h| h.depth());
    // One row: `horizontal`, not wrapped, so the levels keep the height.
    ui.horizontal(|ui| {
        if let Some(ws) = v.workspace {
            training_buttons_ui(ws, false, ui, commands);
            ui.label(epoch_text(ws));
            other_run_ui(ws, true, ui, commands);
            merge_play_ui(v.merge, ui, depth);
        }
        if ui
            .selectable_label(v.card_open, format!("How {} pools", v.method))
            .on_hover_text("The method card, beside the levels")
            .clicked()
        {
            commands.push(Command::ShowCard(!v.card_open));
        }
        ui.menu_button("More", |ui| {
            ui.horizontal(|ui| {
                ui.label("Pace");
                pace_ui(ui, v.pace, commands);
            });
            merge_controls_ui(v.merge, ui, depth);
            if v.workspace.is_some()
                && ui
                    .button("Reset")
                    .on_hover_text("Forget the run; keep the graph")
                    .clicked()
            {
                commands.push(Command::Reset);
            }
        });
        if ui
            .button("Leave")
            .on_hover_text("Leave presentation: Esc or F5")
            .clicked()
        {
            commands.push(Command::Presentation(false));
        }
    });
    merge_tick(v.merge, ui, depth);
}
