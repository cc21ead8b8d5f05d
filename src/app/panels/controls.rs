//! The training controls, shared by the setup panel and presentation mode's control strip:
//! Train, Pause or Resume and Step, Reset, and the pace.

use crate::app::command::Command;
use crate::app::workspace::{TrainStatus, Workspace};
use eframe::egui;

/// Slowest and fastest paced speeds, in epochs per second.
pub const MIN_PACE: f32 = 0.5;
pub const MAX_PACE: f32 = 120.0;

/// `reset`: with the Reset button (presentation mode's strip keeps it in its menu).
pub fn training_buttons_ui(
    ws: &Workspace,
    reset: bool,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    if ui
        .button("Train")
        .on_hover_text("Start a new run with these settings")
        .clicked()
    {
        commands.push(Command::Train);
    }
    match ws.status {
        TrainStatus::Running if ui.button("Pause").clicked() => commands.push(Command::Pause),
        TrainStatus::Paused => {
            if ui.button("Resume").clicked() {
                commands.push(Command::Resume);
            }
            if ui.button("Step").clicked() {
                commands.push(Command::Step);
            }
        }
        _ => {}
    }
    if reset
        && ui
            .button("Reset")
            .on_hover_text("Forget the run; keep the graph")
            .clicked()
    {
        commands.push(Command::Reset);
    }
}

/// The button that shows the other finished run (a restart that scored higher, or back to
/// the watched run), when there is one: switching is the user's.
pub fn other_run_ui(ws: &Workspace, short: bool, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let Some(other) = &ws.other_run else {
        return;
    };
    let shown = crate::train::restarts::score_symbol(ws.hierarchy().map(|h| h.as_ref()));
    let offer = other.offer(ws.shown_score(), shown);
    let (words, hover) = if short {
        (other.short_offer(), format!("{offer}. {}", other.why))
    } else {
        (offer, other.why.clone())
    };
    if ui.button(words).on_hover_text(hover).clicked() {
        commands.push(Command::SwapRun);
    }
}

/// A slider from 0.5 to 120 epochs per second, and "full speed"; changes apply to the run
/// going on.
pub fn pace_ui(ui: &mut egui::Ui, pace: f32, commands: &mut Vec<Command>) {
    let mut full = pace <= 0.0;
    let mut value = if full {
        60.0
    } else {
        pace.clamp(MIN_PACE, MAX_PACE)
    };
    let slider = ui
        .add_enabled(
            !full,
            egui::Slider::new(&mut value, MIN_PACE..=MAX_PACE)
                .logarithmic(true)
                .suffix(" epochs/s")
                .max_decimals(1),
        )
        .on_hover_text("How fast training runs, so it can be watched");
    let toggled = ui.checkbox(&mut full, "full speed").changed();
    if slider.changed() || toggled {
        commands.push(Command::Pace(if full { 0.0 } else { value }));
    }
}
