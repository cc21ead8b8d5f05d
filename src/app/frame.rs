//! One frame: apply what arrived, draw the panels (menu bar, setup on the left, inspector on
//! the right, the levels in the centre), then carry out what they asked for.

use super::panels::{
    DataSetView, MenuBar, SetupView, diagnostics_ui, inspector_ui, levels_ui, menu_bar_ui,
    merge_ui, setup_panel_ui,
};
use super::selection::Selection;
use super::state::PoolscopeApp;
use crate::app::command::Command;
use crate::render::ColourMode;
use eframe::egui;
use std::time::Instant;

impl PoolscopeApp {
    /// Draws the whole window and carries out what the panels asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let frame_start = Instant::now();
        let ctx = ui.ctx().clone();
        self.logic(&ctx);
        let menu = MenuBar {
            has_graph: self.workspace.is_some(),
            has_hierarchy: self
                .workspace
                .as_ref()
                .is_some_and(|w| w.hierarchy.is_some()),
            loading: self.is_loading(),
            status: self.status.as_deref(),
            frame: &self.frame,
            generate_spec: &mut self.generate_spec,
        };
        let mut commands = egui::Panel::top("menu")
            .show(ui, |ui| menu_bar_ui(menu, ui))
            .inner;
        if let Some(e) = self.error.clone() {
            egui::Panel::top("error").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(ui.visuals().error_fg_color, e.as_str());
                    if ui.button("Dismiss").clicked() {
                        commands.push(Command::DismissError);
                    }
                });
            });
        }
        let progress = self.classifier_progress();
        let mut setup = SetupView {
            workspace: self.workspace.as_ref(),
            data_set: self.dataset.as_deref().map(|dataset| DataSetView {
                dataset,
                index: self.dataset_index,
                classifier: self.classifier.as_deref(),
                progress,
            }),
            form: &mut self.form,
            colour: &self.colour,
            layout: &self.layout,
        };
        commands.extend(
            egui::Panel::left("setup")
                .default_size(300.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .show(ui, |ui| setup_panel_ui(&mut setup, ui))
                        .inner
                })
                .inner,
        );
        let column = match &self.colour {
            ColourMode::Label(c) => Some(c.clone()),
            _ => self.form.cfg.labels.clone(),
        };
        let shown = match self.hover {
            Some((l, i)) if self.selection.is_empty() => Selection::single(l, i),
            _ => self.selection.clone(),
        };
        if let Some(ws) = &self.workspace {
            let (projector, heatmap, mode) = (&mut self.projector, &mut self.heatmap, &self.colour);
            let projected = egui::Panel::right("inspector")
                .default_size(320.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .show(ui, |ui| {
                            inspector_ui(ws, ui, &shown, column.as_deref());
                            ui.separator();
                            ui.heading("Projector");
                            let mut c = projector.ui(ui, ws, mode, &shown);
                            ui.separator();
                            ui.heading("Assignments");
                            c.extend(heatmap.ui(ui, ws));
                            ui.separator();
                            egui::CollapsingHeader::new("Diagnostics")
                                .default_open(true)
                                .show(ui, |ui| diagnostics_ui(ui, ws));
                            c
                        })
                        .inner
                })
                .inner;
            commands.extend(projected);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            let depth = self
                .workspace
                .as_ref()
                .and_then(|w| w.hierarchy.as_ref())
                .map(|h| h.depth());
            merge_ui(&mut self.merge, ui, depth);
            let avail = ui.available_size();
            self.levels_size = [avail.x.max(1.0) as u32, avail.y.max(1.0) as u32];
            let (mode, merge) = (self.colour.clone(), self.merge);
            let highlight = if self.selection.is_empty() {
                self.hover
                    .map(|(l, i)| Selection::single(l, i))
                    .unwrap_or_default()
            } else {
                self.selection.clone()
            };
            match &mut self.workspace {
                Some(ws) => {
                    let (c, hover) = levels_ui(ws, ui, &mode, &highlight, &merge);
                    commands.extend(c);
                    self.hover = hover;
                }
                None => {
                    ui.centered_and_justified(|ui| {
                        ui.label("Open a graph, drop a file here, or pick a sample.")
                    });
                }
            }
        });
        for c in commands {
            self.apply(c);
        }
        self.frame.record(frame_start, ui.input(|i| i.unstable_dt));
    }
}

impl eframe::App for PoolscopeApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        PoolscopeApp::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
