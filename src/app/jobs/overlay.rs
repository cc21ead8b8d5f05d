//! The logged loss curves of other runs of a folder of logs, read off the UI thread to lay
//! over the shown run's curves (as TensorBoard overlays its runs).

use super::job::Job;
use eframe::egui;
use std::path::PathBuf;

/// One run's curves: its name in the folder, and each step's logged losses.
#[derive(Clone, Debug, PartialEq)]
pub struct OverlayRun {
    pub name: String,
    pub steps: Vec<crate::io::logset::StepLosses>,
}

/// Reads the logged losses of each `(name, log directory)`.
pub fn read(
    runs: Vec<(String, PathBuf)>,
    ctx: &egui::Context,
) -> Job<Result<Vec<OverlayRun>, String>> {
    Job::spawn("overlay", ctx, move |_| {
        runs.into_iter()
            .map(|(name, dir)| {
                crate::io::logset::read_losses(&dir)
                    .map(|steps| OverlayRun { name, steps })
                    .map_err(|e| e.to_string())
            })
            .collect()
    })
}
