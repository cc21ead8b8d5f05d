//! The training timeline under the canvases: a scrubber over the run's snapshots that moves
//! every view (levels, plots' cursor, projector, heatmap) to that epoch, a player that replays
//! them (once or in a loop), a jump to when level 1 settled, and what the timeline costs in
//! memory.

use crate::app::command::Command;
use crate::app::workspace::{TrainStatus, Workspace};
use eframe::egui;

/// The replay player's state.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Replay {
    pub playing: bool,
    pub looping: bool,
    pub snapshots_per_second: f32,
    /// Where the player is, in snapshots (fractional between frames).
    position: f32,
}

impl Default for Replay {
    fn default() -> Self {
        Self {
            playing: false,
            looping: false,
            snapshots_per_second: 8.0,
            position: 0.0,
        }
    }
}

fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// `compact`: one row for presentation mode (the slider, Replay, Latest, when level 1
/// settled); the loop, the speed and the memory are in the normal window.
pub fn timeline_ui(
    ws: &Workspace,
    replay: &mut Replay,
    compact: bool,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let t = &ws.timeline;
    if t.len() < 2 {
        ui.label("Timeline: train to record the run's snapshots here.");
        return;
    }
    let last = t.len() - 1;
    let shown = ws.replay.unwrap_or(last);
    let row = |ui: &mut egui::Ui| {
        let label = ui.label("Timeline");
        let mut index = shown;
        let epoch_of = |i: usize| t.get(i).map_or(0, |s| s.epoch);
        let slider = ui
            .add(
                egui::Slider::new(&mut index, 0..=last)
                    .custom_formatter(move |i, _| format!("epoch {}", epoch_of(i as usize)))
                    .custom_parser(|_| None),
            )
            .labelled_by(label.id)
            .on_hover_text("Drag to see the run as it was at that epoch; , and . step");
        if slider.changed() {
            replay.playing = false;
            commands.push(Command::Scrub(Some(index)));
        }
        if ui
            .button(if replay.playing { "Pause" } else { "Replay" })
            .on_hover_text("Play the run's snapshots again")
            .clicked()
        {
            replay.playing = !replay.playing;
            if replay.playing {
                replay.position = if shown >= last { 0.0 } else { shown as f32 };
            }
        }
        if !compact {
            ui.checkbox(&mut replay.looping, "loop");
            ui.add(
                egui::Slider::new(&mut replay.snapshots_per_second, 1.0..=30.0)
                    .logarithmic(true)
                    .suffix(" /s")
                    .max_decimals(0),
            )
            .on_hover_text("Snapshots per second while replaying");
        }
        if ws.replay.is_some() && ui.button("Latest").clicked() {
            replay.playing = false;
            commands.push(Command::Scrub(None));
        }
        // Only once the run is over: while it trains, a level still can change again.
        let over = !matches!(ws.status, TrainStatus::Running | TrainStatus::Paused);
        if let Some(e) = t.settled_epoch(0).filter(|_| over)
            && ui
                .button(format!("Level 1 settled at epoch {e}"))
                .on_hover_text("After this snapshot the level-1 assignment no longer changes")
                .clicked()
        {
            replay.playing = false;
            commands.push(Command::Scrub(t.index_at(e)));
        }
        if compact {
            return;
        }
        ui.weak(format!(
            "{} snapshots, {} of {}",
            t.len(),
            megabytes(t.memory_bytes()),
            megabytes(t.cap_bytes())
        ))
        .on_hover_text("Past the cap, every second snapshot is dropped, evenly");
        if let Some(name) = &ws.shown_restart {
            ui.weak(format!("showing {name}"))
                .on_hover_text("The restart's own snapshots, from its start to its end");
        }
    };
    if compact {
        ui.horizontal(row);
    } else {
        ui.horizontal_wrapped(row);
    }
    if replay.playing {
        let dt = ui.input(|i| i.stable_dt).min(0.1);
        replay.position += dt * replay.snapshots_per_second;
        if replay.position >= last as f32 {
            if replay.looping {
                replay.position = 0.0;
            } else {
                replay.playing = false;
                replay.position = last as f32;
            }
        }
        let index = replay.position.floor() as usize;
        if index != shown {
            commands.push(Command::Scrub((index < last).then_some(index)));
        }
        ui.ctx().request_repaint();
    }
}
