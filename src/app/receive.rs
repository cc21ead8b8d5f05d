//! Applying what arrives while the window runs: loaded graphs (with settings that suit them),
//! finished background jobs, trainer events and files dropped on the window. Nothing here
//! waits, except the `wait_for_*` helpers that tests use.

use super::command::Command;
use super::jobs::{self, Finished, JobKind, LoadRequest, LoadResult};
use super::panels::Merge;
use super::selection::Selection;
use super::startup::FirstGraph;
use super::state::PoolscopeApp;
use super::workspace::Workspace;
use crate::io::Loaded;
use crate::render::ColourMode;
use eframe::egui;
use std::sync::Arc;
use std::time::Duration;

/// How often the compared runs are read again while one of them is being written.
pub const OVERLAY_REFRESH: Duration = Duration::from_secs(2);

/// A name given at start-up that could still become a log directory: not a sample or spec,
/// nothing there yet, no file extension.
fn may_become_log(name: &str) -> bool {
    let path = std::path::Path::new(name);
    !crate::generate::is_spec(name)
        && crate::samples::find(name).is_none()
        && (!path.exists() && path.extension().is_none() || is_unwritten_log(path))
}

/// A run the writer has started but not yet given its graph (`poolscope.show(writer)` right
/// after `Writer(...)`), or a folder whose runs are all still at that point.
fn is_unwritten_log(path: &std::path::Path) -> bool {
    use crate::io::logdir::is_log_dir;
    path.is_dir()
        && (is_log_dir(path)
            || std::fs::read_dir(path).is_ok_and(|d| {
                d.filter_map(Result::ok)
                    .take(crate::io::logset::MAX_LOGS)
                    .any(|e| is_log_dir(&e.path()))
            }))
}

/// Whether a log (or folder of logs) has something to open: a graph written.
fn log_ready(dir: &std::path::Path) -> bool {
    (crate::io::logdir::is_log_dir(dir) && dir.join("graph.npz").is_file())
        || crate::io::logset::is_log_folder(dir)
}

impl PoolscopeApp {
    /// Applies finished loads, jobs, trainer events and dropped files; draws nothing.
    pub fn logic(&mut self, ctx: &egui::Context) {
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
        if let Some(r) = self.startup.load.take() {
            self.apply(Command::Load(r));
        }
        if let Some(p) = self.startup.session.take() {
            self.apply(Command::OpenSession(Some(p)));
        }
        if self.lesson.as_ref().is_some_and(|l| l.at.is_none()) {
            self.lesson_go(0);
        }
        for finished in self.jobs.finished() {
            self.apply_finished(finished);
        }
        self.check_waiting(ctx);
        self.refresh_live_overlays(ctx);
        if let Some(ws) = &mut self.doc.workspace {
            ws.poll();
            ws.follow_labels(self.form.cfg.labels.as_deref());
            if let Some(m) = ws.log_method
                && !ws.log_method_followed
            {
                ws.log_method_followed = true;
                self.form.cfg.method = m;
            }
        }
        self.carry_selection();
        // `--gallery`: drawn once level 0's layout has settled.
        if let Some(ws) = &self.doc.workspace
            && self.startup.gallery.is_some()
            && {
                let s = ws.layouts.layout_state();
                (s.settled || s.fixed) && !ws.layouts.positions().is_empty()
            }
            && let Some(methods) = self.startup.gallery.take()
        {
            self.view.gallery.methods = methods;
            self.view.gallery.open = true;
            self.view.gallery.start(ws, &self.form, ctx);
        }
        let dropped: Vec<_> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        for path in dropped {
            if jobs::is_session_file(&path) {
                self.apply(Command::OpenSession(Some(path)));
            } else {
                self.apply(Command::Load(LoadRequest::Dropped(path)));
            }
        }
        super::screenshot::tick(&mut self.chrome.screenshot, ctx);
    }

    /// Applies one finished job; a job whose worker died says so.
    fn apply_finished(&mut self, finished: Result<Finished, JobKind>) {
        match finished {
            Ok(Finished::Load(r)) => self.apply_load(*r),
            Ok(Finished::Import(Ok((h, notes)))) => {
                if let Some(ws) = &mut self.doc.workspace {
                    // The imported hierarchy replaces any run; a failed import replaces nothing.
                    ws.reset();
                    ws.set_hierarchy(Arc::new(h));
                }
                if !notes.is_empty() {
                    self.chrome.status = Some(notes.join("; "));
                }
            }
            Ok(Finished::Import(Err(e))) => self.report_failure("Could not open", e),
            Ok(Finished::Export(Ok(msg))) => self.chrome.status = Some(msg),
            Ok(Finished::Export(Err(e))) => self.report_failure("Could not export", e),
            Ok(Finished::Session(Ok(s))) => self.apply_session(*s),
            Ok(Finished::Session(Err(e))) => self.report_failure("Could not open the session", e),
            Ok(Finished::Classifier(Ok(c))) => {
                self.doc.classifier = Some(c);
                self.show_classifier_hierarchy();
            }
            Ok(Finished::Classifier(Err(e))) => self.report_failure("Graph classifier", e),
            Ok(Finished::Overlay(Ok(runs))) => self.doc.overlay_curves = runs,
            Ok(Finished::Overlay(Err(e))) => self.report_failure("Could not read a run", e),
            Err(kind) => self.report_error(format!(
                "{}: the background task stopped unexpectedly",
                kind.describe()
            )),
        }
    }

    /// Keeps the selection on the same nodes when the hierarchy changes (a new run, a new
    /// snapshot, a replayed one): see [`super::selection::carry`].
    fn carry_selection(&mut self) {
        let Some(ws) = &self.doc.workspace else {
            return;
        };
        let tree = ws.shown_id();
        if self.view.selection.is_empty() {
            self.view.selection_basis = (tree, Vec::new());
            return;
        }
        if self.view.selection_basis.0 == tree && !self.view.selection_basis.1.is_empty() {
            return;
        }
        if self.view.selection_basis.1.is_empty() {
            // A fresh selection: remember what it holds, on the hierarchy it was made on.
            self.view.selection_basis = (
                tree,
                super::selection::members(ws.hierarchy().map(|h| h.as_ref()), &self.view.selection),
            );
            return;
        }
        let members = std::mem::take(&mut self.view.selection_basis.1);
        if let Some(h) = ws.hierarchy().map(|h| h.as_ref()) {
            self.view.selection = super::selection::carry(&members, self.view.selection.level, h);
        } else {
            self.view.selection = Selection {
                level: 0,
                nodes: members.clone(),
            };
        }
        self.view.selection_basis = (tree, members);
    }

    fn apply_load(&mut self, r: LoadResult) {
        match r.session {
            Some(Ok(s)) => return self.apply_session(*s),
            Some(Err(e)) => return self.report_failure("Could not open the session", e),
            None => {}
        }
        match r.result {
            Ok(loaded) => {
                self.set_loaded(loaded, r.request.label());
                self.take_log(r.log);
                self.doc.origin = Some(r.request);
            }
            Err(e) => match &r.request {
                LoadRequest::Named(n) if self.doc.workspace.is_none() && may_become_log(n) => {
                    eprintln!(
                        "note: {n} does not exist yet: waiting for a log directory of that name"
                    );
                    self.doc.waiting_for = Some(std::path::PathBuf::from(n));
                }
                _ => self.report_failure("Could not load", e),
            },
        }
    }

    /// A log directory: its steps replay on the timeline, live while it grows; the folder of
    /// logs it came from stays for the picker (and its overlays) while one of its logs is
    /// shown; the model it recorded goes to the model panel (and the form's method).
    fn take_log(&mut self, log: Option<jobs::LogOpened>) {
        let Some(log) = log else {
            self.doc.logs = None;
            self.doc.log_model = None;
            self.doc.overlay.clear();
            self.doc.overlay_curves.clear();
            return;
        };
        match log.set {
            Some(set) => {
                if self.doc.logs.as_ref().map(|s| &s.root) != Some(&set.root) {
                    self.doc.overlay.clear();
                    self.doc.overlay_curves.clear();
                }
                self.doc.logs = Some(set);
            }
            None => {
                if let Some(set) = self.doc.logs.as_mut() {
                    match set.entries.iter().position(|e| e.path == log.dir) {
                        Some(i) => {
                            set.shown = i;
                            self.doc.overlay.retain(|&k| k != i);
                            self.read_overlays();
                        }
                        None => {
                            self.doc.logs = None;
                            self.doc.overlay.clear();
                            self.doc.overlay_curves.clear();
                        }
                    }
                }
            }
        }
        let method = log
            .model
            .as_ref()
            .and_then(|m| m.method.as_deref())
            .and_then(|m| m.parse::<crate::pool::Method>().ok());
        self.doc.log_model = log.model;
        let labels = self.form.cfg.labels.clone();
        let ctx = self.context();
        if let Some(ws) = &mut self.doc.workspace {
            ws.follow_log(log.dir, labels, &ctx);
            ws.log_method = method;
        }
    }

    /// Reads the compared runs again every [`OVERLAY_REFRESH`] while any of them (or the shown
    /// one) is being written, so their curves grow as the shown run's do.
    fn refresh_live_overlays(&mut self, ctx: &egui::Context) {
        let Some(set) = &self.doc.logs else {
            return;
        };
        let live = self
            .doc
            .overlay
            .iter()
            .chain(std::iter::once(&set.shown))
            .any(|&i| set.entries.get(i).is_some_and(|e| e.live));
        if self.doc.overlay.is_empty() || !live {
            return;
        }
        match self.doc.overlay_read_at {
            Some(t) if t.elapsed() < OVERLAY_REFRESH => {
                ctx.request_repaint_after(OVERLAY_REFRESH - t.elapsed());
            }
            _ => self.read_overlays(),
        }
    }

    /// Opens the awaited log directory once its graph is written; looks again in half a second.
    fn check_waiting(&mut self, ctx: &egui::Context) {
        let Some(dir) = &self.doc.waiting_for else {
            return;
        };
        if log_ready(dir) {
            let dir = dir.clone();
            self.doc.waiting_for = None;
            self.apply(Command::Load(LoadRequest::Path(dir)));
        } else {
            ctx.request_repaint_after(Duration::from_millis(500));
        }
    }

    /// Shows a newly loaded graph or data set, with settings that suit it.
    pub fn set_loaded(&mut self, loaded: Loaded, source: String) {
        // Something else was opened: the awaited log is no longer wanted.
        self.doc.waiting_for = None;
        let loaded = if self.doc.unweighted {
            loaded.unweighted()
        } else {
            loaded
        };
        // Ids that are not integers: shown as read, with the reason.
        let (loaded, numbering) = match &loaded {
            Loaded::Graph(g) if self.doc.keep_ids => match g.numbered_by_ids() {
                Ok(Some(numbered)) => (Loaded::Graph(numbered), None),
                Ok(None) => (loaded, None),
                Err(e) => (loaded, Some(e)),
            },
            _ => (loaded, None),
        };
        self.chrome.error = None;
        self.doc.source = source;
        self.doc.origin = None;
        let graph = match loaded {
            Loaded::Graph(g) => {
                self.doc.dataset = None;
                g
            }
            Loaded::Dataset(d) => {
                let Some(first) = d.graphs.first().cloned() else {
                    self.report_error(format!(
                        "Could not load: {}: the data set holds no graphs",
                        d.name
                    ));
                    return;
                };
                self.doc.dataset = Some(Arc::new(d));
                self.doc.classifier = None;
                self.jobs.cancel(JobKind::Classifier);
                self.doc.dataset_index = 0;
                first
            }
        };
        let mut graph = graph;
        for column in &self.doc.as_labels.clone() {
            if let Err(e) = graph.nodes.use_as_labels(column) {
                self.report_error(format!("--as-labels {column}: {e}"));
            }
        }
        // The command line's wishes go to the first graph shown, once.
        let first = std::mem::take(&mut self.startup.first_graph);
        let defaults = crate::train::defaults_for(&graph);
        if !first.keep_form
            || self
                .form
                .cfg
                .labels
                .as_ref()
                .is_none_or(|c| graph.nodes.label(c).is_none())
        {
            self.form.cfg.labels = defaults.labels;
        }
        if !first.keep_ks {
            self.form.ks = defaults.ks;
        }
        self.form.follow_method(graph.node_count());
        self.view.colour = ColourMode::Linked;
        self.view.selection = Selection::default();
        self.view.merge = Merge::default();
        self.doc.workspace = Some(Workspace::new(
            graph,
            self.doc.layout.clone(),
            &self.context(),
        ));
        if let Some(e) = numbering {
            self.report_error(format!(
                "{}: {e}; its nodes are numbered in the order they appear",
                self.doc.source
            ));
        }
        self.carry_out_first_graph(first);
    }

    /// What the command line asked for the first graph: a node selected, colours and sizes,
    /// a graph of the data set, a hierarchy or assignments opened on it, or training.
    fn carry_out_first_graph(&mut self, first: FirstGraph) {
        if let Some(text) = first.select
            && let Some(ws) = &mut self.doc.workspace
        {
            match ws.finder().pick(&ws.graph, &text) {
                Ok(nodes) => {
                    // Said beside the find box as a completion says it: the node's name.
                    self.view.find.found = Some(match nodes.as_slice() {
                        [one] => ws.graph.nodes.names.get(*one).cloned().unwrap_or_default(),
                        many => format!("{text}: {} nodes", many.len()),
                    });
                    self.apply(Command::Find(nodes));
                }
                Err(e) => self.report_error(format!("--select: {e}")),
            }
        }
        if let Some(ws) = &self.doc.workspace {
            if let Some(text) = first.colour_by {
                match ColourMode::parse(&text, &ws.graph) {
                    Ok(mode) => self.view.colour = mode,
                    Err(e) => self.report_error(format!("--colour-by: {e}")),
                }
            }
            if let Some(text) = first.size_by
                && let Some(ws) = &self.doc.workspace
            {
                match crate::render::SizeBy::parse(&text, &ws.graph) {
                    Ok(s) => self.view.options.size_by = s,
                    Err(e) => self.report_error(format!("--size-by: {e}")),
                }
            }
        }
        if let Some(i) = first.graph_index
            && self.doc.dataset.is_some()
        {
            self.apply(Command::SelectGraph(i));
        }
        if let Some(path) = first.hierarchy {
            self.apply(Command::OpenHierarchy(Some(path)));
        } else if let Some((paths, logits)) = first.assign {
            self.apply(Command::ImportAssignments {
                paths: Some(paths),
                logits,
            });
        } else if first.train {
            self.apply(Command::Train);
        }
    }

    /// Blocks until pending loads finish (tests only).
    pub fn wait_for_loads(&mut self, timeout: Duration) {
        for r in self.jobs.wait_all(JobKind::Load, timeout) {
            self.apply_finished(r);
        }
    }

    /// Waits for a pending import (tests only).
    pub fn wait_for_import(&mut self, timeout: Duration) {
        if let Some(r) = self.jobs.wait(JobKind::Import, timeout) {
            self.apply_finished(r);
        }
    }

    /// Waits for every pending export, session and overlay (tests only): two overlays asked
    /// for at once are two jobs, and waiting for one let the other land in a later frame.
    pub fn wait_for_jobs(&mut self, timeout: Duration) {
        for kind in [JobKind::Export, JobKind::Session, JobKind::Overlay] {
            for r in self.jobs.wait_all(kind, timeout) {
                self.apply_finished(r);
            }
        }
    }
}
