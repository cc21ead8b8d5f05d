//! Carrying out the commands panels return, after the frame is drawn.

use super::command::Command;
use super::jobs::{self, ExportKind, Finished, JobKind, LoadRequest};
use super::selection::Selection;
use super::state::PoolscopeApp;
use super::workspace::Workspace;
use crate::train::TrainCommand;
use std::sync::Arc;

fn load_finished(r: jobs::LoadResult) -> Finished {
    Finished::Load(Box::new(r))
}

fn overlay_finished(r: Result<Vec<jobs::OverlayRun>, String>) -> Finished {
    Finished::Overlay(r)
}

impl PoolscopeApp {
    /// Reads the logged curves of the logs chosen to lay over the shown one's.
    pub(super) fn read_overlays(&mut self) {
        let Some(set) = &self.doc.logs else {
            self.doc.overlay.clear();
            self.doc.overlay_curves.clear();
            return;
        };
        // The shown run first, then the others chosen, all by the names they logged.
        let mut chosen = vec![set.shown];
        chosen.extend(self.doc.overlay.iter().filter(|&&i| i != set.shown));
        let runs: Vec<(usize, String, std::path::PathBuf)> = chosen
            .into_iter()
            .filter_map(|i| {
                set.entries
                    .get(i)
                    .map(|e| (i, e.name.clone(), e.path.clone()))
            })
            .collect();
        if runs.len() < 2 {
            self.doc.overlay_curves.clear();
            return;
        }
        let ctx = self.context();
        self.doc.overlay_read_at = Some(std::time::Instant::now());
        self.jobs.start(
            JobKind::Overlay,
            jobs::read_overlay(runs, &ctx),
            overlay_finished,
        );
    }

    /// Selects level-0 `nodes` and zooms each level in on what that lights up.
    fn find(&mut self, nodes: Vec<usize>) {
        let Some(ws) = &mut self.doc.workspace else {
            return;
        };
        let n = ws.graph.node_count();
        let nodes: Vec<usize> = nodes.into_iter().filter(|&i| i < n).collect();
        self.view.selection = Selection { level: 0, nodes };
        let tree = ws.shown_id();
        self.view.selection_basis = (tree, self.view.selection.nodes.clone());
        let focus = ws.focus(&self.view.selection, self.view.options.hops);
        let levels = ws.level_count();
        if ws.canvases.len() < levels {
            ws.canvases.resize_with(levels, Default::default);
        }
        for (l, canvas) in ws.canvases.iter_mut().enumerate() {
            canvas.zoom_to(focus.nodes(l, super::focus::Lit::Near));
        }
    }

    /// Notes what the selection holds on the hierarchy shown now (see `carry_selection`).
    pub(super) fn remember_selection(&mut self) {
        let Some(ws) = &self.doc.workspace else {
            return;
        };
        let tree = ws.shown_id();
        let members =
            super::selection::members(ws.hierarchy().map(|h| h.as_ref()), &self.view.selection);
        self.view.selection_basis = (tree, members);
    }

    pub fn apply(&mut self, command: Command) {
        let ctx = self.context();
        match command {
            Command::OpenDialog => {
                self.jobs
                    .start(JobKind::Load, jobs::open_dialog(&ctx), load_finished)
            }
            Command::Load(r) => {
                self.doc.waiting_for = None;
                self.jobs
                    .start(JobKind::Load, jobs::load(r, &ctx), load_finished)
            }
            Command::ColourBy(c) => self.view.colour = c,
            Command::OpenLog(i) => match self.doc.logs.as_ref().and_then(|s| s.entries.get(i)) {
                Some(e) => {
                    let r = LoadRequest::Path(e.path.clone());
                    self.apply(Command::Load(r));
                }
                None => self.report_error(format!("log {i}: no such log in the folder")),
            },
            Command::Overlay(i, on) => {
                self.doc.overlay.retain(|&k| k != i);
                if on {
                    self.doc.overlay.push(i);
                }
                self.read_overlays();
            }
            Command::SelectGraph(i) => {
                if let Some(g) = self
                    .doc
                    .dataset
                    .as_ref()
                    .and_then(|d| d.graphs.get(i))
                    .cloned()
                {
                    self.doc.dataset_index = i;
                    self.view.selection = Selection::default();
                    self.doc.workspace = Some(Workspace::new(g, self.doc.layout.clone(), &ctx));
                    self.show_classifier_hierarchy();
                } else if let Some(d) = &self.doc.dataset {
                    let n = d.len();
                    self.report_error(format!(
                        "graph {i}: the data set holds graphs 0 to {}",
                        n.saturating_sub(1)
                    ));
                }
            }
            Command::FitView => {
                if let Some(ws) = &mut self.doc.workspace {
                    ws.canvases.iter_mut().for_each(|c| c.fit());
                }
            }
            Command::DismissError => self.chrome.error = None,
            Command::Train => {
                let cfg = self.form.config();
                if let Some(ws) = &mut self.doc.workspace {
                    ws.train(cfg, &ctx);
                }
            }
            Command::Pause => self.train_command(TrainCommand::Pause),
            Command::Resume => self.train_command(TrainCommand::Resume),
            Command::Step => self.train_command(TrainCommand::Step),
            Command::Reset => {
                if let Some(ws) = &mut self.doc.workspace {
                    ws.reset();
                }
                self.view.selection = Selection::default();
            }
            Command::Select(s) => {
                self.view.selection = s;
                self.remember_selection();
            }
            Command::Find(nodes) => self.find(nodes),
            Command::UseAsLabels(column) => {
                let result = self
                    .doc
                    .workspace
                    .as_mut()
                    .map_or(Ok(()), |ws| ws.use_as_labels(&column));
                match result {
                    Ok(()) => {
                        self.view.colour = crate::render::ColourMode::Label(column.clone());
                        self.form.cfg.labels = Some(column);
                    }
                    Err(e) => self.report_error(e),
                }
            }
            Command::ImportAssignments { paths, logits } => {
                if let Some(ws) = &self.doc.workspace {
                    let labels = self.form.cfg.labels.clone();
                    let job =
                        jobs::import_assignments(ws.graph.clone(), paths, logits, labels, &ctx);
                    self.jobs.start(JobKind::Import, job, Finished::Import);
                }
            }
            Command::OpenHierarchy(path) => {
                if let Some(ws) = &self.doc.workspace {
                    let job = jobs::import_hierarchy(ws.graph.clone(), path, &ctx);
                    self.jobs.start(JobKind::Import, job, Finished::Import);
                }
            }
            Command::KeepReference => {
                let label = format!(
                    "{} K={:?} seed {}",
                    self.form.cfg.method, self.form.ks, self.form.cfg.seed
                );
                if let Some(ws) = &mut self.doc.workspace
                    && let Some(h) = ws.hierarchy().cloned()
                {
                    ws.reference = Some((label, h));
                }
            }
            Command::SwapReference => {
                if let Some(ws) = &mut self.doc.workspace
                    && let Some(current) = ws.hierarchy().cloned()
                    && let Some((_, reference)) = ws.reference.take()
                {
                    ws.reference = Some(("previous view".to_string(), current));
                    ws.set_hierarchy(reference);
                }
            }
            Command::TrainClassifier => {
                if let Some(d) = &self.doc.dataset {
                    let job = jobs::fit_classifier(d.clone(), &ctx);
                    self.jobs
                        .start(JobKind::Classifier, job, Finished::Classifier);
                }
            }
            Command::Export(ExportKind::WindowPng, path) => {
                let job = jobs::window_picture(path, &ctx);
                self.jobs.start(JobKind::Export, job, Finished::Export);
            }
            Command::Export(kind, path) => match self.export_data() {
                Ok(data) => {
                    let job = jobs::start_export(kind, path, data, &ctx);
                    self.jobs.start(JobKind::Export, job, Finished::Export);
                }
                Err(e) => self.report_failure("Could not export", e),
            },
            Command::OpenSession(path) => {
                let job = jobs::open_session(path, &ctx);
                self.jobs.start(JobKind::Session, job, |r| {
                    Finished::Session(r.map(Box::new))
                });
            }
            Command::LayoutSettings(settings) => {
                if let Some(ws) = &self.doc.workspace {
                    ws.layouts.set_settings(settings.clone());
                }
                self.doc.layout = settings;
            }
            Command::RerunLayout => {
                if let Some(ws) = &self.doc.workspace {
                    ws.layouts.rerun();
                }
            }
            Command::RunLayout(run) => {
                if let Some(ws) = &self.doc.workspace {
                    ws.layouts.set_running(run);
                }
            }
            Command::ShowCard(open) => self.chrome.card_open = open,
            Command::CardTab(tab) => {
                self.chrome.card_tab = tab;
                self.chrome.card_open = true;
            }
            Command::SwapRun => {
                if let Some(ws) = &mut self.doc.workspace {
                    ws.swap_run();
                }
            }
            Command::Presentation(on) => self.chrome.presentation = on,
            Command::Gallery(on) => self.view.gallery.open = on,
            Command::NodeTable(open) => self.view.node_table.open = open,
            Command::ShowPanels { setup, inspector } => {
                self.chrome.show_setup = Some(setup);
                self.chrome.show_inspector = Some(inspector);
            }
            Command::UiScale(s) => {
                self.chrome.ui_scale = super::theme::clamp_scale((s * 100.0).round() / 100.0);
                self.save_prefs();
            }
            Command::Theme(t) => {
                self.chrome.theme = t;
                self.save_prefs();
            }
            Command::Pace(p) => {
                self.form.cfg.pace_epochs_per_second = p;
                self.train_command(TrainCommand::SetPace(p));
            }
            Command::LessonStep(k) => self.lesson_go(k),
            Command::Scrub(index) => {
                if let Some(ws) = &mut self.doc.workspace {
                    ws.scrub(index);
                }
            }
            Command::Pin { level, node, pos } => {
                if let Some(ws) = &self.doc.workspace {
                    ws.layouts.pin(level, node, pos);
                }
            }
        }
    }

    /// Shows the hierarchy the fitted classifier builds on the graph being watched.
    pub(super) fn show_classifier_hierarchy(&mut self) {
        let (Some(c), Some(ws)) = (&self.doc.classifier, &mut self.doc.workspace) else {
            return;
        };
        if let Some(h) = c.hierarchy(self.doc.dataset_index, &ws.graph) {
            ws.set_hierarchy(Arc::new(h));
        }
    }

    fn save_prefs(&self) {
        if let Some(path) = &self.chrome.prefs_path {
            super::prefs::Prefs {
                ui_scale: self.chrome.ui_scale,
                theme: self.chrome.theme,
            }
            .save(path);
        }
    }

    fn train_command(&mut self, c: TrainCommand) {
        if let Some(ws) = &mut self.doc.workspace {
            ws.command(c);
        }
    }
}
