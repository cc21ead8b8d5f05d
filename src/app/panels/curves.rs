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
    if ws.history.is_empty() && overlay.is_empty() {
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
    if names.is_empty() && ws.metric_history.len() < 2 && overlay.is_empty() {
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
            // Other runs' logged losses, dashed, under "run: loss".
            for run in overlay {
                let mut loss_names: Vec<&str> = Vec::new();
                for (_, losses) in &run.steps {
                    for (n, _) in losses {
                        if !loss_names.contains(&n.as_str()) && loss_names.len() < 16 {
                            loss_names.push(n);
                        }
                    }
                }
                for name in loss_names {
                    let pts: Vec<[f64; 2]> = run
                        .steps
                        .iter()
                        .filter_map(|(step, losses)| {
                            let (_, v) = losses.iter().find(|(n, _)| n == name)?;
                            Some([*step as f64, *v])
                        })
                        .collect();
                    p.line(
                        Line::new(format!("{}: {name}", run.name), pts)
                            .style(egui_plot::LineStyle::dashed_loose()),
                    );
                }
            }
            if let Some(c) = cursor(ws) {
                p.vline(c);
            }
        });
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
