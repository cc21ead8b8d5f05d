//! The logged loss curves of runs of a folder of logs, read off the UI thread so that the
//! shown run's and the chosen others' can be drawn on one chart per loss (as TensorBoard
//! overlays its runs).

use super::job::Job;
use eframe::egui;
use std::path::PathBuf;

/// One run's curves: its place and name in the folder, and each step's logged losses.
#[derive(Clone, Debug, PartialEq)]
pub struct OverlayRun {
    pub index: usize,
    pub name: String,
    pub steps: Vec<crate::io::logset::StepLosses>,
}

/// Reads the logged losses of each `(index, name, log directory)`.
pub fn read(
    runs: Vec<(usize, String, PathBuf)>,
    ctx: &egui::Context,
) -> Job<Result<Vec<OverlayRun>, String>> {
    Job::spawn("overlay", ctx, move |_| {
        runs.into_iter()
            .map(|(index, name, dir)| {
                crate::io::logset::read_losses(&dir)
                    .map(|steps| OverlayRun { index, name, steps })
                    .map_err(|e| e.to_string())
            })
            .collect()
    })
}
