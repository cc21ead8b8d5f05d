//! What exports and saved sessions are made from, copied out of the window, and putting an
//! opened session back on screen.

use super::command::Command;
use super::jobs::{ExportData, LoadRequest};
use super::selection::Selection;
use super::state::PoolscopeApp;
use super::workspace::TrainStatus;
use crate::graph::Graph;
use std::sync::Arc;

impl PoolscopeApp {
    /// Where the current graph comes from, for a saved session: a file by path, a sample by
    /// name; generated and dropped graphs are embedded.
    fn graph_source(&self, g: &Graph) -> Result<crate::export::GraphSource, String> {
        use crate::export::GraphSource;
        let index = self.doc.dataset_index;
        Ok(match &self.doc.origin {
            Some(LoadRequest::Path(p)) => GraphSource::Path {
                path: std::path::absolute(p).unwrap_or_else(|_| p.clone()),
                index,
            },
            // A name from the command line may be a file: saved as its path, so the session
            // opens it from any folder (and a sample is never mistaken for a file, or back).
            Some(LoadRequest::Named(n))
                if crate::samples::find(n).is_none() && std::path::Path::new(n).exists() =>
            {
                let p = std::path::PathBuf::from(n);
                GraphSource::Path {
                    path: std::path::absolute(&p).unwrap_or(p),
                    index,
                }
            }
            Some(LoadRequest::Named(n)) if !crate::generate::is_spec(n) => GraphSource::Named {
                name: n.clone(),
                index,
            },
            Some(LoadRequest::Sample(n)) => GraphSource::Named {
                name: n.clone(),
                index,
            },
            Some(LoadRequest::Dropped(p)) if self.doc.dataset.is_some() => GraphSource::Path {
                path: std::path::absolute(p).unwrap_or_else(|_| p.clone()),
                index,
            },
            _ => GraphSource::embed(g)?,
        })
    }

    /// A copy of what exports and sessions are made from.
    pub fn export_data(&self) -> Result<ExportData, String> {
        let ws = self
            .doc
            .workspace
            .as_ref()
            .ok_or("nothing to export: open a graph first")?;
        let positions = ws.layouts.positions();
        let (config, ks) = match &ws.weights {
            Some((_, cfg)) => (
                cfg.clone(),
                match &cfg.clusters {
                    crate::train::Sizes::Counts(k) => k.clone(),
                    crate::train::Sizes::Ratios(_) => self.form.ks.clone(),
                },
            ),
            None => (self.form.config(), self.form.ks.clone()),
        };
        let complete = positions.len() >= ws.level_count();
        let session = crate::export::SavedSession {
            graph: self.graph_source(&ws.graph)?,
            unweighted: self.doc.unweighted,
            keep_ids: self.doc.keep_ids,
            config: config.clone(),
            ks,
            weights: ws.weights.as_ref().map(|(w, _)| w.as_ref().clone()),
            hierarchy: ws.hierarchy().cloned(),
            positions: complete.then(|| positions[..ws.level_count()].to_vec()),
            view: crate::export::ViewSettings {
                colour: self.view.colour.clone(),
                merge_level: self.view.merge.level,
                selection_level: self.view.selection.level,
                selection: self.view.selection.nodes.clone(),
                projector_level: self.view.projector.level,
                projector_tsne: self.view.projector.tsne,
                heatmap_level: self.view.heatmap.level,
            },
            layout: self.doc.layout.clone(),
            timeline: ws
                .timeline
                .snapshots()
                .iter()
                .map(|s| (s.epoch, s.hierarchy.clone()))
                .collect(),
            history: ws.history.clone(),
            metric_history: ws
                .metric_history
                .iter()
                .map(|m| m.map(|v| v.is_finite().then_some(v)))
                .collect(),
        };
        Ok(ExportData {
            graph: ws.graph.clone(),
            hierarchy: ws.hierarchy().cloned(),
            positions,
            colour: self.view.colour.clone(),
            size: self.chrome.figure.size.unwrap_or(self.chrome.levels_size),
            scene: self.chrome.figure.apply(crate::render::SceneOptions {
                node_scale: self.view.options.node_scale,
                level0_share: self.view.options.level0_share,
                size_by: self.view.options.size_by.clone(),
                ..Default::default()
            }),
            timeline: ws
                .timeline
                .snapshots()
                .iter()
                .map(|s| (s.epoch, s.hierarchy.clone()))
                .collect(),
            config: serde_json::to_value(&config).ok(),
            session: Some(session),
        })
    }

    /// Shows an opened session: its graph, settings, hierarchy, positions and view.
    pub fn apply_session(&mut self, opened: crate::export::OpenedSession) {
        use crate::export::GraphSource;
        let crate::export::OpenedSession {
            loaded,
            index,
            session,
        } = opened;
        let label = match &session.graph {
            GraphSource::Path { path, .. } => path.display().to_string(),
            GraphSource::Named { name, .. } | GraphSource::Embedded { name, .. } => name.clone(),
        };
        let origin = match &session.graph {
            GraphSource::Path { path, .. } => Some(LoadRequest::Path(path.clone())),
            GraphSource::Named { name, .. } if crate::samples::find(name).is_some() => {
                Some(LoadRequest::Sample(name.clone()))
            }
            GraphSource::Named { name, .. } => Some(LoadRequest::Named(name.clone())),
            GraphSource::Embedded { .. } => None,
        };
        // The session is what was asked for: what the command line wanted for a first graph
        // (a hierarchy to open, training) does not apply to it.
        self.startup.first_graph = Default::default();
        // Before the graph is shown, so its layout starts with the saved settings.
        self.doc.layout = session.layout.clone();
        self.doc.unweighted = session.unweighted;
        self.doc.keep_ids = session.keep_ids;
        self.set_loaded(loaded, label);
        self.doc.origin = origin;
        if index > 0 {
            self.apply(Command::SelectGraph(index));
        }
        self.form.cfg = crate::train::TrainConfig {
            pace_epochs_per_second: self.form.cfg.pace_epochs_per_second,
            ..session.config.clone()
        };
        self.form.ks = session.ks.clone();
        if let Some(ws) = &mut self.doc.workspace {
            if let Some(h) = session.hierarchy {
                ws.set_hierarchy(h.clone());
                ws.status = TrainStatus::Finished;
                // The run's replay comes back with it.
                if session.timeline.len() > 1 {
                    ws.timeline.clear();
                    for (epoch, snap) in session.timeline {
                        ws.timeline.push(epoch, snap);
                    }
                }
            }
            ws.weights = session
                .weights
                .map(|w| (Arc::new(w), session.config.clone()));
            if let Some(p) = session.positions {
                ws.layouts.restore(p);
            }
            // The run's plots, as they were when it was saved.
            ws.metric_history = session
                .metric_history
                .iter()
                .map(|m| m.map(|v| v.unwrap_or(f64::NAN)))
                .collect();
            ws.epoch = session.history.last().map_or(0, |s| s.epoch);
            ws.epochs = session.config.epochs;
            ws.history = session.history;
        }
        self.view.colour = session.view.colour;
        self.view.merge.level = session.view.merge_level;
        self.view.projector.level = session.view.projector_level;
        self.view.projector.tsne = session.view.projector_tsne;
        self.view.heatmap.level = session.view.heatmap_level;
        self.view.selection = Selection {
            level: session.view.selection_level,
            nodes: session.view.selection,
        };
    }
}
