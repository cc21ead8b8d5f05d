//! Playing a lesson in the window: going to a step shows its scene (see [`crate::lesson`]),
//! changing only what differs from the step the class was looking at, so a caption-only step
//! leaves the run on screen alone and going back a step shows what going forward did.

use super::chrome::CardTab;
use super::command::Command;
use super::jobs::LoadRequest;
use super::selection::Selection;
use super::startup::FirstGraph;
use super::state::PoolscopeApp;
use crate::lesson::{Lesson, LessonGraph, Scene};
use crate::render::ColourMode;
use crate::train::TrainConfig;

/// The lesson being played and where it is.
pub struct LessonPlayer {
    pub lesson: Lesson,
    /// The step shown; `None` before the first frame has shown step 0.
    pub at: Option<usize>,
    /// The graph last asked for, while it loads.
    requested: Option<LoadRequest>,
}

impl LessonPlayer {
    pub fn new(lesson: Lesson) -> Self {
        Self {
            lesson,
            at: None,
            requested: None,
        }
    }
}

fn request(graph: &LessonGraph) -> LoadRequest {
    match graph {
        LessonGraph::Sample(s) => LoadRequest::Sample(s.clone()),
        LessonGraph::Spec(s) => LoadRequest::Named(s.clone()),
        LessonGraph::File(p) => LoadRequest::Path(p.clone()),
    }
}

impl PoolscopeApp {
    /// The lesson played, if any.
    pub fn lesson(&self) -> Option<&LessonPlayer> {
        self.lesson.as_ref()
    }

    /// Plays `lesson` from its first step (on the next frame, once there is a context).
    pub fn play_lesson(&mut self, lesson: Lesson) {
        self.chrome.presentation = lesson.presentation;
        self.lesson = Some(LessonPlayer::new(lesson));
    }

    /// The model settings of `scene` in the form; the clusters only when the lesson gives
    /// them (else the graph's defaults, when the graph is open).
    fn lesson_form(&mut self, scene: &Scene) {
        let defaults = TrainConfig::default();
        let form = &mut self.form;
        form.cfg.method = scene.method;
        form.cfg.options = scene.options.clone();
        form.cfg.seed = scene.seed;
        form.cfg.epochs = scene.epochs.unwrap_or(defaults.epochs);
        form.cfg.restarts = scene.restarts.unwrap_or(defaults.restarts);
        form.cfg.pace_epochs_per_second = scene.pace.unwrap_or(super::form::DEFAULT_PACE);
        form.features_chosen = false;
        form.hidden_chosen = false;
        // A scene that sets a method setting keeps it; one that does not gets the graph's.
        form.options_chosen = !scene.options.is_empty();
        let graph = self.doc.workspace.as_ref().map(|w| w.graph.clone());
        match (&scene.clusters, &graph) {
            (Some(k), _) => form.ks = k.clone(),
            (None, Some(g)) => form.ks = crate::train::defaults_for(g).ks,
            (None, None) => {}
        }
        if let Some(g) = graph {
            form.follow_method(g.node_count());
        }
    }

    /// Shows step `k` of the lesson (clamped to its steps).
    pub fn lesson_go(&mut self, k: usize) {
        let busy = self.is_loading();
        let Some(player) = &mut self.lesson else {
            return;
        };
        let k = k.min(player.lesson.steps.len() - 1);
        let before = player.at.map(|a| player.lesson.scene(a));
        let scene = player.lesson.scene(k);
        // The run on screen is the one a step before trained: the form gets its settings
        // while it trains, then this step's.
        let run = scene.run_from.map(|j| player.lesson.scene(j));
        player.at = Some(k);
        let wanted = request(&scene.graph);
        let loading = busy && player.requested.as_ref() == Some(&wanted);
        let open = !loading && self.doc.origin.as_ref() == Some(&wanted);
        // The same graph but another stretch of the lesson on it (left and come back).
        let same_stretch = before
            .as_ref()
            .is_some_and(|b| b.graph_from == scene.graph_from);
        if !open || !same_stretch {
            // What the graph gets once loaded: the step's colours, selection and run.
            self.lesson_form(run.as_ref().unwrap_or(&scene));
            self.startup.first_graph = FirstGraph {
                keep_form: true,
                keep_ks: run.as_ref().unwrap_or(&scene).clusters.is_some(),
                colour_by: scene.colour_by.clone(),
                select: scene.select.clone(),
                train: scene.run_from.is_some(),
                ..FirstGraph::default()
            };
            if !loading {
                self.apply(Command::Load(wanted.clone()));
            }
            if let Some(player) = &mut self.lesson {
                player.requested = Some(wanted);
            }
            self.show_drawer(&scene);
            return;
        }
        let before = before.expect("a step was shown");
        if scene.colour_by != before.colour_by {
            let mode = match (&scene.colour_by, &self.doc.workspace) {
                (Some(text), Some(ws)) => ColourMode::parse(text, &ws.graph),
                _ => Ok(ColourMode::Linked),
            };
            match mode {
                Ok(m) => self.view.colour = m,
                Err(e) => self.report_error(format!("lesson step {}: colour_by: {e}", k + 1)),
            }
        }
        if scene.run_from != before.run_from {
            match &run {
                Some(r) => {
                    self.lesson_form(r);
                    self.apply(Command::Train);
                }
                None => self.apply(Command::Reset),
            }
        }
        self.lesson_form(&scene);
        if scene.pace != before.pace {
            self.apply(Command::Pace(self.form.cfg.pace_epochs_per_second));
        }
        match (&scene.select, &mut self.doc.workspace) {
            (Some(text), Some(ws)) => match ws.finder().pick(&ws.graph, text) {
                Ok(nodes) => self.apply(Command::Find(nodes)),
                Err(e) => self.report_error(format!("lesson step {}: select: {e}", k + 1)),
            },
            (None, _) if before.select.is_some() => {
                self.apply(Command::Select(Selection::default()));
                self.apply(Command::FitView);
            }
            _ => {}
        }
        self.show_drawer(&scene);
    }

    /// The card drawer as a scene has it: closed, the card, or step by step.
    fn show_drawer(&mut self, scene: &Scene) {
        self.chrome.card_open = scene.card || scene.steps;
        self.chrome.card_tab = if scene.steps {
            CardTab::Steps
        } else {
            CardTab::Card
        };
    }

    /// The step after (`+1`) or before (`-1`) the one shown.
    pub(super) fn lesson_step(&self, by: i32) -> Option<usize> {
        let player = self.lesson.as_ref()?;
        let at = player.at? as i32 + by;
        (0..player.lesson.steps.len() as i32)
            .contains(&at)
            .then_some(at as usize)
    }
}
