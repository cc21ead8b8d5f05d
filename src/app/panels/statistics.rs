//! The statistics of each level's graph, as `poolscope info` prints them for level 0: nodes,
//! edges, density, components, clustering, assortativity and the degree distribution on
//! log-log axes. Computed off the UI thread (clustering on a big level takes a while) and
//! kept per hierarchy and level.

use crate::app::jobs::Job;
use crate::app::workspace::Workspace;
use crate::graph::{Csr, DirectedStats, GraphStats};
use eframe::egui;
use egui_plot::{Plot, PlotPoints, Points};
use std::sync::Arc;

/// What was shown (`Workspace::shown_id`) and the level a result belongs to.
type Key = (u64, usize);

/// A level's statistics, with a directed level 0's arc figures.
type Stats = (GraphStats, Option<DirectedStats>);

#[derive(Default)]
pub struct Statistics {
    pub level: usize,
    done: Vec<(Key, Arc<Stats>)>,
    running: Option<(Key, Job<Stats>)>,
}

impl Statistics {
    /// The statistics of level `l`, if computed; starts computing them otherwise.
    pub fn get(&mut self, ws: &Workspace, l: usize, ctx: &egui::Context) -> Option<Arc<Stats>> {
        let tree = ws.shown_id();
        let key = (tree, l);
        if let Some((_, s)) = self.done.iter().find(|(k, _)| *k == key) {
            return Some(s.clone());
        }
        if let Some((k, job)) = &self.running {
            if let Some(result) = job.poll() {
                let k = *k;
                self.running = None;
                if let Ok(stats) = result {
                    if self.done.len() >= 8 {
                        self.done.remove(0);
                    }
                    self.done.push((k, Arc::new(stats)));
                }
                return self.get(ws, l, ctx);
            }
            if *k == key {
                return None;
            }
        }
        if self.running.is_none() {
            let adjacency: Arc<Csr> = match ws.hierarchy() {
                Some(h) if l > 0 && l < h.depth() => h.levels[l].adjacency.clone(),
                _ => ws.level0_sym.clone(),
            };
            let directed = (l == 0 && ws.graph.is_directed()).then(|| ws.graph.clone());
            let job = Job::spawn("statistics", ctx, move |_| {
                (
                    GraphStats::of(&adjacency),
                    directed.map(|g| DirectedStats::of(g.adjacency())),
                )
            });
            self.running = Some((key, job));
        }
        None
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ws: &Workspace) {
        let levels = ws.level_count();
        self.level = self.level.min(levels.saturating_sub(1));
        if levels > 1 {
            ui.horizontal(|ui| {
                let l = ui.label("Level");
                egui::ComboBox::from_id_salt("stats_level")
                    .selected_text(format!("level {}", self.level))
                    .show_ui(ui, |ui| {
                        for k in 0..levels {
                            ui.selectable_value(&mut self.level, k, format!("level {k}"));
                        }
                    })
                    .response
                    .labelled_by(l.id);
            });
        }
        let Some(both) = self.get(ws, self.level, ui.ctx()) else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("computing…");
            });
            return;
        };
        let (s, directed) = (&both.0, &both.1);
        if let Some(d) = directed {
            ui.label(format!(
                "Directed: {} arcs, density {:.4} (arcs over n(n-1)), in/out-degree mean {:.2}, \
                 max in {}, max out {}, reciprocity {:.4}. The figures below are of A plus its transpose, the \
                 undirected graph pooling reads.",
                ws.graph.edge_count(),
                d.density,
                d.mean_in_degree,
                d.max_in_degree,
                d.max_out_degree,
                d.reciprocity
            ));
        }
        if self.level > 0 {
            ui.weak("The pooled graph's structure: its links are weighted, but these count them as plain links.");
        }
        egui::Grid::new("stats").num_columns(2).show(ui, |ui| {
            let rows = [
                ("nodes", s.nodes.to_string()),
                ("edges", s.edges.to_string()),
                ("density", format!("{:.4}", s.density)),
                (
                    "components",
                    format!("{} (largest {} nodes)", s.components, s.largest_component),
                ),
                ("clustering", format!("{:.4}", s.clustering)),
                (
                    "assortativity",
                    if s.assortativity.is_finite() {
                        format!("{:.4}", s.assortativity)
                    } else {
                        "undefined (one degree)".to_string()
                    },
                ),
            ];
            for (name, value) in rows {
                ui.label(name);
                ui.label(value);
                ui.end_row();
            }
        });
        // The degree distribution, log-log: nodes of degree 0 have no place on it.
        let points: Vec<[f64; 2]> = s
            .degree_histogram
            .iter()
            .filter(|(d, c)| *d > 0 && *c > 0)
            .map(|&(d, c)| [(d as f64).log10(), (c as f64).log10()])
            .collect();
        if points.len() > 1 {
            ui.label("Degree distribution (log10 degree against log10 nodes)");
            Plot::new(("degrees", self.level))
                .height(150.0)
                .allow_scroll(false)
                .x_axis_label("log10 degree")
                .y_axis_label("log10 nodes")
                .show(ui, |p| {
                    p.points(
                        Points::new("nodes of each degree", PlotPoints::from(points)).radius(2.5),
                    );
                });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(n: usize) -> Workspace {
        let edges: Vec<(u32, u32, f32)> = (0..n as u32)
            .map(|i| (i, (i + 1) % n as u32, 1.0))
            .collect();
        let g = crate::graph::Graph::from_edges(n, &edges);
        Workspace::new(g, Default::default(), &egui::Context::default())
    }

    fn stats_of(s: &mut Statistics, ws: &Workspace) -> GraphStats {
        let ctx = egui::Context::default();
        for _ in 0..2000 {
            if let Some(r) = s.get(ws, 0, &ctx) {
                return r.0.clone();
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("statistics never arrived")
    }

    #[test]
    fn each_graph_and_each_hierarchy_gets_its_own_statistics() {
        let mut s = Statistics::default();
        let ring10 = workspace(10);
        assert_eq!(stats_of(&mut s, &ring10).nodes, 10);
        // Another graph with no hierarchy either: keyed by address (0 for none), it got the
        // ring of 10's numbers.
        let ring7 = workspace(7);
        assert_eq!(stats_of(&mut s, &ring7).nodes, 7);
        // Every hierarchy set gets a new id, even where the allocator hands the same address
        // to the next one.
        let mut ws = workspace(6);
        let mut ids = vec![ws.shown_id()];
        for _ in 0..3 {
            let g = ws.graph.symmetric().into_owned();
            let s1 = ndarray::Array2::from_shape_fn((6, 2), |(i, k)| f32::from(i % 2 == k));
            let h = crate::hierarchy::Hierarchy::from_parts(g, vec![s1], None, vec![None], "t");
            ws.set_hierarchy(Arc::new(h));
            ids.push(ws.shown_id());
        }
        ws.reset();
        ids.push(ws.shown_id());
        ids.push(ring10.shown_id());
        ids.push(ring7.shown_id());
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
    }
}
