//! The run's curves: every loss per epoch, and level 1's NMI and modularity per snapshot, with
//! a cursor at the epoch the timeline shows while it replays.

use crate::app::jobs::OverlayRun;
use crate::app::workspace::Workspace;
use eframe::egui;
use egui_plot::{Legend, Line, Plot, VLine};

/// The timeline's cursor, when a replayed snapshot is shown.
fn cursor(ws: &Workspace) -> Option<VLine> {
    ws.replay
        .map(|_| VLine::new("shown", ws.shown_epoch() as f64).color(egui::Color32::GOLD))
}

pub fn curves_ui(ws: &Workspace, overlay: &[OverlayRun], ui: &mut egui::Ui) {
    if ws.history.is_empty() {
        return;
    }
    // The names of the first epoch and of the last (a log's steps may add some).
    let mut names: Vec<String> = Vec::new();
    for s in [ws.history.first(), ws.history.last()]
        .into_iter()
        .flatten()
    {
        for (n, _) in &s.losses {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
    }
    if names.is_empty() && ws.metric_history.len() < 2 {
        // A method with nothing to learn: no losses, one snapshot.
        return;
    }
    ui.label("Losses");
    Plot::new("losses")
        .height(140.0)
        .legend(Legend::default())
        .show(ui, |p| {
            for (k, name) in names.iter().enumerate() {
                // By position where the names line up (a run's every epoch), else by name.
                let pts: Vec<[f64; 2]> = ws
                    .history
                    .iter()
                    .filter_map(|s| {
                        s.losses
                            .get(k)
                            .filter(|(n, _)| n == name)
                            .or_else(|| s.losses.iter().find(|(n, _)| n == name))
                            .map(|(_, v)| [s.epoch as f64, *v])
                    })
                    .collect();
                p.line(Line::new(name.clone(), pts));
            }
            if let Some(c) = cursor(ws) {
                p.vline(c);
            }
        });
    runs_compared_ui(overlay, ui);
    if !ws.metric_history.is_empty() {
        ui.label("Level 0 into 1: NMI, modularity");
        Plot::new("metrics")
            .height(110.0)
            .legend(Legend::default())
            .include_y(0.0)
            .include_y(1.0)
            .show(ui, |p| {
                let nmi: Vec<[f64; 2]> = ws
                    .metric_history
                    .iter()
                    .filter(|m| m[1].is_finite())
                    .map(|m| [m[0], m[1]])
                    .collect();
                let q: Vec<[f64; 2]> = ws.metric_history.iter().map(|m| [m[0], m[2]]).collect();
                if !nmi.is_empty() {
                    p.line(Line::new("NMI", nmi));
                }
                p.line(Line::new("modularity", q));
                if let Some(c) = cursor(ws) {
                    p.vline(c);
                }
            });
    }
}

/// The logged names of the runs' losses, in the order first met (at most 16).
fn loss_names(runs: &[OverlayRun]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for run in runs {
        for (_, losses) in &run.steps {
            for (n, _) in losses {
                if !names.contains(n) && names.len() < 16 {
                    names.push(n.clone());
                }
            }
        }
    }
    names
}

/// One logged loss across the shown run (the first, solid) and the others chosen (dashed),
/// one chart for the loss picked, as TensorBoard draws a scalar for several runs; runs are
/// named by their place in the picker, their folder names listed under the chart.
fn runs_compared_ui(runs: &[OverlayRun], ui: &mut egui::Ui) {
    if runs.len() < 2 {
        return;
    }
    let names = loss_names(runs);
    let Some(first) = names.first() else {
        ui.label("The runs compared logged no losses.");
        return;
    };
    let id = egui::Id::unique("runs compared: loss");
    let mut picked: String = ui
        .data(|d| d.get_temp::<String>(id))
        .filter(|n| names.contains(n))
        .unwrap_or_else(|| first.clone());
    ui.horizontal(|ui| {
        let title = ui.label("Runs compared:");
        egui::ComboBox::from_id_salt("compared loss picker")
            .selected_text(picked.clone())
            .show_ui(ui, |ui| {
                for n in &names {
                    ui.selectable_value(&mut picked, n.clone(), n);
                }
            })
            .response
            .labelled_by(title.id);
    });
    ui.data_mut(|d| d.insert_temp(id, picked.clone()));
    Plot::new("runs compared")
        .height(150.0)
        .legend(Legend::default())
        .show(ui, |p| {
            for (k, run) in runs.iter().enumerate() {
                let pts: Vec<[f64; 2]> = run
                    .steps
                    .iter()
                    .filter_map(|(step, losses)| {
                        let (_, v) = losses.iter().find(|(n, _)| *n == picked)?;
                        Some([*step as f64, *v])
                    })
                    .collect();
                let label = if k == 0 {
                    format!("run {} (shown)", run.index + 1)
                } else {
                    format!("run {}", run.index + 1)
                };
                let line = Line::new(label, pts);
                p.line(if k == 0 {
                    line.width(2.0)
                } else {
                    line.style(egui_plot::LineStyle::dashed_loose())
                });
            }
        });
    for run in runs {
        ui.small(format!("run {}: {}", run.index + 1, run.name));
    }
}
