//! Graph classification for a data set, in the background: fits one model on all graphs but a
//! held-out fold, reporting the epoch as progress; the window then shows each graph's true and
//! predicted label and the hierarchy the model builds on the graph being watched.

use super::job::Job;
use crate::graph::Dataset;
use crate::train::TrainConfig;
use crate::train::dataset::Classifier;
use eframe::egui;
use std::sync::Arc;

pub fn fit(d: Arc<Dataset>, ctx: &egui::Context) -> Job<Result<Arc<Classifier>, String>> {
    let cfg = TrainConfig::default_for(crate::train::Task::Graph);
    Job::spawn("classifier", ctx, move |report| {
        let epochs = cfg.epochs;
        report.progress(0, epochs);
        Classifier::fit(&d, &cfg, |epoch, _| report.progress(epoch, epochs))
            .map(Arc::new)
            .map_err(|e| e.to_string())
    })
}
