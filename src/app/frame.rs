//! One frame: apply what arrived, draw the panels (menu bar, setup on the left, inspector on
//! the right, the levels in the centre; in presentation mode the levels under one control
//! strip), then carry out what they asked for.

use super::chrome::CardTab;
use super::panels::{
    DataSetView, FigureView, LessonView, LevelsView, MenuBar, SetupView, StripView, card_drawer_ui,
    control_strip_ui, diagnostics_ui, figure_window, inspector_ui, lesson_bar_ui, levels_ui,
    menu_bar_ui, merge_ui, setup_actions_ui, setup_panel_ui, timeline_ui,
};
use super::selection::Selection;
use super::state::PoolscopeApp;
use super::theme::step_scale;
use crate::app::command::Command;
use crate::render::ColourMode;
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};
use std::time::Instant;

/// Side panels take at most this share of the window's width each.
const PANEL_SHARE: f32 = 0.3;

impl PoolscopeApp {
    /// Keys that act on the whole window: UI scale (Ctrl+= / Ctrl+- / Ctrl+0) and presentation
    /// mode (F5 toggles, Esc leaves).
    fn shortcuts(&self, ctx: &egui::Context) -> Vec<Command> {
        let mut out = Vec::new();
        let pressed = |k: KeyboardShortcut| ctx.input_mut(|i| i.consume_shortcut(&k));
        let cmd = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        if pressed(cmd(Key::Plus)) || pressed(cmd(Key::Equals)) {
            out.push(Command::UiScale(step_scale(self.chrome.ui_scale, 1)));
        }
        if pressed(cmd(Key::Minus)) {
            out.push(Command::UiScale(step_scale(self.chrome.ui_scale, -1)));
        }
        if pressed(cmd(Key::Num0)) {
            out.push(Command::UiScale(1.0));
        }
        if pressed(KeyboardShortcut::new(Modifiers::NONE, Key::F5)) {
            out.push(Command::Presentation(!self.chrome.presentation));
        }
        if self.chrome.presentation && pressed(KeyboardShortcut::new(Modifiers::NONE, Key::Escape))
        {
            out.push(Command::Presentation(false));
        } else if !self.view.selection.is_empty()
            && !ctx.egui_wants_keyboard_input()
            && pressed(KeyboardShortcut::new(Modifiers::NONE, Key::Escape))
        {
            out.push(Command::Select(Selection::default()));
        }
        // A presenter's remote sends PageDown and PageUp; Space goes on too. Consumed here,
        // so a focused button does not take the same Space as a click.
        if self.lesson.is_some() && !ctx.egui_wants_keyboard_input() {
            let key = |k| ctx.input_mut(|i| i.consume_key(Modifiers::NONE, k));
            if key(Key::PageDown) | key(Key::Space)
                && let Some(k) = self.lesson_step(1)
            {
                out.push(Command::LessonStep(k));
            }
            if key(Key::PageUp) | ctx.input_mut(|i| i.consume_key(Modifiers::SHIFT, Key::Space))
                && let Some(k) = self.lesson_step(-1)
            {
                out.push(Command::LessonStep(k));
            }
        }
        // , and . step the training timeline, when nothing is being typed.
        if !ctx.egui_wants_keyboard_input()
            && let Some(ws) = &self.doc.workspace
            && ws.timeline.len() > 1
        {
            let last = ws.timeline.len() - 1;
            let at = ws.replay.unwrap_or(last);
            if pressed(KeyboardShortcut::new(Modifiers::NONE, Key::Comma)) && at > 0 {
                out.push(Command::Scrub(Some(at - 1)));
            }
            if pressed(KeyboardShortcut::new(Modifiers::NONE, Key::Period)) && at < last {
                out.push(Command::Scrub((at + 1 < last).then_some(at + 1)));
            }
        }
        out
    }

    /// Draws the whole window and carries out what the panels asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        self.logic(&ctx);
        if self.chrome.style_applied != Some((self.chrome.theme, self.chrome.ui_scale)) {
            // egui's own keyboard zoom would not be remembered: poolscope handles the keys.
            ctx.options_mut(|o| o.zoom_with_keyboard = false);
            super::theme::apply(&ctx, self.chrome.theme, self.chrome.ui_scale);
            self.chrome.style_applied = Some((self.chrome.theme, self.chrome.ui_scale));
        }
        let mut commands = self.shortcuts(&ctx);
        let width = ctx.content_rect().width();
        let (setup_on, inspector_on) = self.panels_shown(width);
        if self.chrome.presentation {
            let strip = StripView {
                workspace: self.doc.workspace.as_ref(),
                pace: self.form.cfg.pace_epochs_per_second,
                merge: &mut self.view.merge,
                method: self.form.cfg.method,
                card_open: self.chrome.card_open,
            };
            egui::Panel::top("strip").show(ui, |ui| {
                control_strip_ui(strip, ui, &mut commands);
            });
        } else {
            let menu = MenuBar {
                has_graph: self.doc.workspace.is_some(),
                has_hierarchy: self
                    .doc
                    .workspace
                    .as_ref()
                    .is_some_and(|w| w.hierarchy().is_some()),
                loading: self.is_loading(),
                status: self.chrome.status.as_deref(),
                frame: &self.chrome.frame,
                generate_spec: &mut self.chrome.generate_spec,
                panels: (setup_on, inspector_on),
                has_timeline: self
                    .doc
                    .workspace
                    .as_ref()
                    .is_some_and(|w| w.timeline.len() > 1),
                figure: &mut self.chrome.figure,
                ui_scale: self.chrome.ui_scale,
                theme: self.chrome.theme,
                node_table: self.view.node_table.open,
            };
            commands.extend(
                egui::Panel::top("menu")
                    .show(ui, |ui| menu_bar_ui(menu, ui))
                    .inner,
            );
        }
        if let Some(e) = self.chrome.error.clone() {
            egui::Panel::top("error").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.add(
                        egui::Label::new(
                            egui::RichText::new(e.as_str()).color(ui.visuals().error_fg_color),
                        )
                        .wrap(),
                    );
                    if ui.button("Dismiss").clicked() {
                        commands.push(Command::DismissError);
                    }
                });
            });
        }
        let panel_max = (width * PANEL_SHARE).max(160.0);
        self.chrome.panel_widths = (None, None);
        if setup_on {
            let progress = self.classifier_progress();
            let mut setup = SetupView {
                workspace: self.doc.workspace.as_ref(),
                data_set: self.doc.dataset.as_deref().map(|dataset| DataSetView {
                    dataset,
                    index: self.doc.dataset_index,
                    classifier: self.doc.classifier.as_deref(),
                    progress,
                }),
                form: &mut self.form,
                colour: &self.view.colour,
                layout: &self.doc.layout,
                view: &mut self.view.options,
                card_open: self.chrome.card_open,
                logs: self.doc.logs.as_ref(),
                overlay: &self.doc.overlay,
                log_model: self.doc.log_model.as_ref(),
                overlay_curves: &self.doc.overlay_curves,
            };
            let shown = egui::Panel::left("setup")
                .default_size(300.0f32.min(panel_max))
                .max_size(panel_max)
                .show(ui, |ui| {
                    let mut c = egui::Panel::bottom("setup_actions")
                        .show(ui, |ui| setup_actions_ui(&setup, ui))
                        .inner;
                    c.extend(
                        egui::ScrollArea::vertical()
                            .show(ui, |ui| setup_panel_ui(&mut setup, ui))
                            .inner,
                    );
                    c
                });
            self.chrome.panel_widths.0 = Some(shown.response.rect.width());
            commands.extend(shown.inner);
        }
        let column = match &self.view.colour {
            ColourMode::Label(c) => Some(c.clone()),
            _ => self.form.cfg.labels.clone(),
        };
        let shown = match self.view.hover {
            Some((l, i)) if self.view.selection.is_empty() => Selection::single(l, i),
            _ => self.view.selection.clone(),
        };
        if inspector_on && let Some(ws) = &self.doc.workspace {
            let (projector, heatmap, mode) = (
                &mut self.view.projector,
                &mut self.view.heatmap,
                &self.view.colour,
            );
            let statistics = &mut self.view.statistics;
            let shown = egui::Panel::right("inspector")
                .default_size(320.0f32.min(panel_max))
                .max_size(panel_max)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .show(ui, |ui| {
                            let mut c = inspector_ui(ws, ui, &shown, column.as_deref());
                            ui.separator();
                            ui.heading("Projector");
                            c.extend(projector.ui(ui, ws, mode, &shown));
                            ui.separator();
                            ui.heading("Assignments");
                            c.extend(heatmap.ui(ui, ws));
                            ui.separator();
                            egui::CollapsingHeader::new("Diagnostics")
                                .default_open(true)
                                .show(ui, |ui| diagnostics_ui(ui, ws));
                            egui::CollapsingHeader::new("Statistics")
                                .default_open(true)
                                .show(ui, |ui| statistics.ui(ui, ws));
                            c
                        })
                        .inner
                });
            self.chrome.panel_widths.1 = Some(shown.response.rect.width());
            commands.extend(shown.inner);
        }
        self.chrome.card_rect = None;
        if self.chrome.card_open {
            let latest = self
                .doc
                .workspace
                .as_ref()
                .and_then(|w| w.history.last())
                .map(|s| s.losses.clone())
                .unwrap_or_default();
            let method = self.form.cfg.method;
            let shown = egui::Panel::right("card")
                .default_size(380.0f32.min(panel_max))
                .max_size(panel_max)
                .show(ui, |ui| {
                    let mut c = Vec::new();
                    let tab = self.chrome.card_tab;
                    ui.horizontal(|ui| {
                        for (t, words, hover) in [
                            (
                                CardTab::Card,
                                "Card",
                                "What the method selects, reduces, connects",
                            ),
                            (
                                CardTab::Steps,
                                "Step by step",
                                "X' = S^T X and A' = S^T A S built one node at a time",
                            ),
                        ] {
                            if ui
                                .selectable_label(tab == t, words)
                                .on_hover_text(hover)
                                .clicked()
                            {
                                c.push(Command::CardTab(t));
                            }
                        }
                    });
                    match tab {
                        CardTab::Card => card_drawer_ui(ui, method, &latest, &mut c),
                        CardTab::Steps => {
                            if ui
                                .button("Close")
                                .on_hover_text("Hide the drawer")
                                .clicked()
                            {
                                c.push(Command::ShowCard(false));
                            }
                            egui::ScrollArea::vertical().show(ui, |ui| {
                                c.extend(self.view.steps.ui(ui, self.doc.workspace.as_ref()));
                            });
                        }
                    }
                    c
                });
            self.chrome.card_rect = Some(shown.response.rect);
            commands.extend(shown.inner);
        }
        if let Some(player) = &self.lesson
            && let Some(at) = player.at
        {
            let view = LessonView {
                title: &player.lesson.title,
                at,
                steps: player.lesson.steps.len(),
                caption: &player.lesson.steps[at].caption,
            };
            egui::Panel::bottom("lesson").show(ui, |ui| {
                lesson_bar_ui(view, ui, &mut commands);
            });
        }
        if let Some(ws) = &self.doc.workspace
            && (ws.timeline.len() > 1 || !self.chrome.presentation)
        {
            let replay = &mut self.view.replay;
            let presentation = self.chrome.presentation;
            egui::Panel::bottom("timeline").show(ui, |ui| {
                timeline_ui(ws, replay, presentation, ui, &mut commands);
            });
        }
        // The node measures, off this thread, once something shows them.
        if let Some(ws) = &self.doc.workspace {
            let shows = |name: &str| ws.graph.names_measure(name);
            let coloured = matches!(&self.view.colour, ColourMode::Scale(c) if shows(c));
            let sized =
                matches!(&self.view.options.size_by, crate::render::SizeBy::Column(c) if shows(c));
            if self.view.node_table.open || coloured || sized {
                ws.want_measures(&ctx);
            }
        }
        if self.view.node_table.open
            && !self.chrome.presentation
            && let Some(ws) = &self.doc.workspace
        {
            let (table, selection) = (&mut self.view.node_table, &self.view.selection);
            let shown = egui::Panel::bottom("node_table")
                .resizable(true)
                .default_size(240.0)
                .show(ui, |ui| table.ui(ui, ws, selection));
            commands.extend(shown.inner);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if !self.chrome.presentation
                && let Some(ws) = &mut self.doc.workspace
            {
                let has_selection = !self.view.selection.is_empty();
                commands.extend(self.view.find.ui(
                    ui,
                    ws,
                    &mut self.view.options.hops,
                    has_selection,
                ));
            }
            if !self.chrome.presentation {
                let depth = self
                    .doc
                    .workspace
                    .as_ref()
                    .and_then(|w| w.hierarchy())
                    .map(|h| h.depth());
                merge_ui(&mut self.view.merge, ui, depth);
            }
            let avail = ui.available_size();
            self.chrome.levels_size = [avail.x.max(1.0) as u32, avail.y.max(1.0) as u32];
            self.chrome.levels_rect = ui.available_rect_before_wrap();
            match &mut self.doc.workspace {
                Some(ws) => {
                    let filtered = self.view.options.filter.as_ref().map(|f| ws.filtered(f));
                    let (positions, moving) = ws.eased_positions(ui.input(|i| i.stable_dt));
                    if moving {
                        ui.ctx().request_repaint();
                    }
                    let view = LevelsView {
                        mode: &self.view.colour,
                        selection: &self.view.selection,
                        hover: self.view.hover,
                        filtered: filtered.as_ref().map(|f| f.as_slice()),
                        merge: &self.view.merge,
                        view: &self.view.options,
                        truth: self.form.cfg.labels.as_deref(),
                        positions: &positions,
                    };
                    let (c, hover) = levels_ui(ws, ui, &view);
                    commands.extend(c);
                    self.view.hover = hover;
                }
                None => {
                    let text = match &self.doc.waiting_for {
                        Some(dir) => format!(
                            "Waiting for {}: no file, sample or log directory of that name yet. \
                             It opens here as soon as your training's poolscope.Writer has \
                             written its graph.",
                            dir.display()
                        ),
                        None => "Open a graph, drop a file here, or pick a sample.".to_string(),
                    };
                    ui.centered_and_justified(|ui| ui.label(text));
                }
            }
        });
        commands.extend(figure_window(
            FigureView {
                figure: &mut self.chrome.figure,
                screen: self.chrome.levels_size,
                levels: self.doc.workspace.as_ref().map_or(1, |w| w.level_count()),
            },
            &ctx,
        ));
        self.view
            .gallery
            .window(&ctx, self.doc.workspace.as_ref(), &self.form);
        for c in commands {
            self.apply(c);
        }
        self.chrome
            .frame
            .record(frame_start, ui.input(|i| i.unstable_dt));
        if self.chrome.frame.log.is_some() {
            let progress = self
                .doc
                .workspace
                .as_ref()
                .map(|ws| ws.layouts.layout_state())
                // A file's coordinates are shown as they are: nothing to reach or settle.
                .and_then(|s| if s.fixed { None } else { s.progress });
            let frames = self.chrome.frame.log.as_ref().map_or(0, Vec::len);
            self.chrome.frame.milestones.note(progress, frames);
            // Measuring what a frame costs: frames back to back, so an idle window shows it
            // too (what panning a settled view costs: the image is only moved).
            if self.chrome.frame.back_to_back {
                ui.ctx().request_repaint();
            }
        }
    }
}

impl eframe::App for PoolscopeApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        PoolscopeApp::logic(self, ctx);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Some(log) = &self.chrome.frame.log {
            let layout = self
                .doc
                .workspace
                .as_ref()
                .and_then(|ws| ws.layouts.layout_state().progress);
            let m = self.chrome.frame.milestones;
            println!("{}", super::frame_stats::summary(log, layout, m));
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
