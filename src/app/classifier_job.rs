//! Graph classification for a data set, in the background: fits one model on all graphs but a
//! held-out fold, then the window shows each graph's true and predicted label and the hierarchy
//! the model builds on the graph being watched.

use crate::graph::Dataset;
use crate::train::TrainConfig;
use crate::train::dataset::Classifier;
use eframe::egui;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

pub enum ClassifierEvent {
    Progress { epoch: usize },
    Done(Result<Arc<Classifier>, String>),
}

pub struct ClassifierJob {
    rx: Receiver<ClassifierEvent>,
    pub epoch: usize,
    pub epochs: usize,
}

impl ClassifierJob {
    pub fn start(d: Arc<Dataset>, ctx: &egui::Context) -> Self {
        let cfg = TrainConfig::default_for(crate::train::Task::Graph);
        let epochs = cfg.epochs;
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("classifier".into())
            .spawn(move || {
                let progress_tx = tx.clone();
                let progress_ctx = ctx.clone();
                let result = Classifier::fit(&d, &cfg, move |epoch, _| {
                    let _ = progress_tx.send(ClassifierEvent::Progress { epoch });
                    progress_ctx.request_repaint();
                });
                let _ = tx.send(ClassifierEvent::Done(
                    result.map(Arc::new).map_err(|e| e.to_string()),
                ));
                ctx.request_repaint();
            })
            .ok();
        Self {
            rx,
            epoch: 0,
            epochs,
        }
    }

    /// The finished classifier, once; progress is recorded on the way.
    pub fn poll(&mut self) -> Option<Result<Arc<Classifier>, String>> {
        while let Ok(e) = self.rx.try_recv() {
            match e {
                ClassifierEvent::Progress { epoch } => self.epoch = epoch,
                ClassifierEvent::Done(r) => return Some(r),
            }
        }
        None
    }
}
