//! The embedding projector: one level's node embeddings in 2-D by PCA, coloured like the
//! canvases and linked both ways (clicking a point selects the node on every canvas; the
//! selection is drawn larger here). The spread of the points shows over-smoothing at a glance.

use super::levels_view::level_colours;
use super::selection::{Selection, highlighted};
use super::viewer::{ColourMode, Command};
use super::workspace::Workspace;
use crate::project::pca_2d;
use eframe::egui::{self, Color32};
use egui_plot::{Plot, PlotPoints, Points};
use ndarray::Array2;
use std::sync::Arc;

/// A projection, remembered for the hierarchy and level it was computed from.
struct Cached {
    hierarchy: usize,
    level: usize,
    coords: Arc<Array2<f32>>,
    explained: [f64; 2],
}

#[derive(Default)]
pub struct Projector {
    pub level: usize,
    cache: Option<Cached>,
}

impl Projector {
    fn projection(&mut self, ws: &Workspace) -> Option<(Arc<Array2<f32>>, [f64; 2])> {
        let h = ws.hierarchy.as_ref()?;
        let key = Arc::as_ptr(h) as usize;
        if let Some(c) = &self.cache
            && c.hierarchy == key
            && c.level == self.level
        {
            return Some((c.coords.clone(), c.explained));
        }
        let emb = h.levels.get(self.level)?.embeddings.as_ref()?;
        let (p, e) = pca_2d(emb);
        let p = Arc::new(p);
        self.cache = Some(Cached {
            hierarchy: key,
            level: self.level,
            coords: p.clone(),
            explained: e,
        });
        Some((p, e))
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        ws: &Workspace,
        mode: &ColourMode,
        sel: &Selection,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        let depth = ws.level_count();
        if ws.hierarchy.is_none() {
            ui.label("Train to see the embeddings of each level.");
            return commands;
        }
        self.level = self.level.min(depth - 1);
        let mut level = self.level;
        egui::ComboBox::from_label("Projector level")
            .selected_text(format!("level {level}"))
            .show_ui(ui, |ui| {
                for l in 0..depth {
                    ui.selectable_value(&mut level, l, format!("level {l}"));
                }
            });
        self.level = level;
        let Some((p, explained)) = self.projection(ws) else {
            ui.label("No embeddings on this level.");
            return commands;
        };
        let variance = ws
            .hierarchy
            .as_ref()
            .and_then(|h| h.levels[level].metrics.embedding_variance)
            .unwrap_or(0.0);
        ui.label(format!(
            "PCA: {:.0}% + {:.0}% of variance; embedding variance {variance:.2e}",
            100.0 * explained[0],
            100.0 * explained[1]
        ));
        let colours = level_colours(ws, level, mode);
        let lit = (!sel.is_empty())
            .then(|| highlighted(ws.hierarchy.as_deref(), ws.graph.node_count(), sel));
        let lit = lit.as_ref().and_then(|v| v.get(level));
        // One series per colour, so egui_plot draws each in one batch.
        let mut groups: Vec<(Color32, Vec<[f64; 2]>)> = Vec::new();
        let mut chosen: Vec<[f64; 2]> = Vec::new();
        for i in 0..p.nrows() {
            let pt = [p[[i, 0]] as f64, p[[i, 1]] as f64];
            if lit.is_some_and(|l| l.get(i).copied().unwrap_or(false)) {
                chosen.push(pt);
            }
            let c = colours.get(i).copied().unwrap_or(Color32::GRAY);
            match groups.iter_mut().find(|g| g.0 == c) {
                Some(g) => g.1.push(pt),
                None => groups.push((c, vec![pt])),
            }
        }
        let strong = ui.visuals().strong_text_color();
        let response = Plot::new("projector")
            .height(240.0)
            .data_aspect(1.0)
            .show(ui, |plot| {
                for (c, pts) in groups {
                    plot.points(Points::new("", PlotPoints::from(pts)).color(c).radius(2.5));
                }
                if !chosen.is_empty() {
                    plot.points(
                        Points::new("selected", PlotPoints::from(chosen))
                            .color(strong)
                            .radius(5.0),
                    );
                }
                plot.pointer_coordinate()
            });
        if response.response.clicked()
            && let Some(at) = response.inner
        {
            let nearest = (0..p.nrows()).min_by(|&a, &b| {
                let da = (p[[a, 0]] as f64 - at.x).powi(2) + (p[[a, 1]] as f64 - at.y).powi(2);
                let db = (p[[b, 0]] as f64 - at.x).powi(2) + (p[[b, 1]] as f64 - at.y).powi(2);
                da.total_cmp(&db)
            });
            if let Some(i) = nearest {
                commands.push(Command::Select(Selection::single(level, i)));
            }
        }
        commands
    }

    /// The projected coordinates of `level` (tests and linking checks).
    pub fn coordinates(&mut self, ws: &Workspace, level: usize) -> Option<Arc<Array2<f32>>> {
        self.level = level;
        self.projection(ws).map(|p| p.0)
    }
}
