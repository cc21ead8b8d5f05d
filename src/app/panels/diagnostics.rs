//! Per-level numbers behind the warnings: clusters used out of K with a cluster-size
//! histogram, mean assignment entropy against ln K, ortho loss against its maximum, DMoN's
//! cluster loss, modularity, NMI and ARI, connected parts of the pooled graph, embedding spread.

use crate::app::workspace::Workspace;
use eframe::egui::{self, Sense, Vec2};

fn histogram_ui(ui: &mut egui::Ui, sizes: &[usize]) {
    let max = sizes.iter().copied().max().unwrap_or(1).max(1) as f32;
    let (rect, _) = ui.allocate_exact_size(
        Vec2::new(ui.available_width().min(280.0), 40.0),
        Sense::hover(),
    );
    let w = rect.width() / sizes.len().max(1) as f32;
    for (k, &s) in sizes.iter().enumerate() {
        let h = rect.height() * s as f32 / max;
        let bar = egui::Rect::from_min_max(
            egui::pos2(rect.min.x + k as f32 * w + 1.0, rect.max.y - h),
            egui::pos2(rect.min.x + (k + 1) as f32 * w - 1.0, rect.max.y),
        );
        ui.painter()
            .rect_filled(bar, 1.0, crate::render::palette::class_colour(k));
    }
}

pub fn diagnostics_ui(ui: &mut egui::Ui, ws: &Workspace) {
    let Some(h) = ws.hierarchy().map(|h| h.as_ref()) else {
        ui.label("Train or open assignments to see the diagnostics.");
        return;
    };
    for (l, level) in h.levels.iter().enumerate() {
        let Some(s) = &level.assignment else { continue };
        let m = &level.metrics;
        let k = s.ncols();
        ui.label(egui::RichText::new(format!("Level {l} into {}", l + 1)).strong());
        let mut sizes = vec![0usize; k];
        for c in level.hard.iter().flatten() {
            if let Some(x) = sizes.get_mut(*c as usize) {
                *x += 1;
            }
        }
        sizes.sort_unstable_by(|a, b| b.cmp(a));
        histogram_ui(ui, &sizes);
        let parts = ws.pooled_parts.get(l + 1).copied().unwrap_or(0);
        let rows = [
            (
                "clusters used",
                format!(
                    "{} of {k}; largest holds {:.0}%",
                    m.clusters_used,
                    100.0 * m.largest_cluster_share
                ),
            ),
            (
                "assignment entropy",
                format!(
                    "{:.3} = {:.2} ln K",
                    m.assignment_entropy, m.assignment_entropy_ratio
                ),
            ),
            (
                "ortho loss",
                format!("{:.3} of at most {:.3}", m.ortho, m.ortho_max),
            ),
            ("DMoN cluster loss", format!("{:.3}", m.dmon_cluster)),
            ("modularity", format!("{:.3}", m.modularity)),
            (
                "NMI / ARI",
                format!(
                    "{} / {}",
                    m.nmi.map_or("–".into(), |v| format!("{v:.3}")),
                    m.ari.map_or("–".into(), |v| format!("{v:.3}"))
                ),
            ),
            ("pooled graph", format!("{parts} connected part(s)")),
            (
                "embedding variance",
                m.embedding_variance
                    .map_or("–".into(), |v| format!("{v:.2e}")),
            ),
        ];
        egui::Grid::new(("diagnostics", l))
            .num_columns(2)
            .show(ui, |ui| {
                for (name, value) in rows {
                    ui.label(name);
                    ui.label(value);
                    ui.end_row();
                }
            });
        for w in ws.warnings.iter().filter(|w| w.level == l) {
            ui.colored_label(ui.visuals().warn_fg_color, &w.message);
        }
        ui.separator();
    }
}
