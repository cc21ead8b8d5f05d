//! Level l merging into level l+1: the animation's state and its control above the canvases.

use eframe::egui;

/// Merge animation state: level `level` moving into level `level + 1`, progress `t` in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Merge {
    pub level: usize,
    pub t: f32,
    pub playing: bool,
}

impl Default for Merge {
    fn default() -> Self {
        Self {
            level: 0,
            t: 0.0,
            playing: false,
        }
    }
}

/// The merge control above the canvases: which level merges into the next, play and scrub.
/// `depth`: the hierarchy's number of levels, if there is one.
pub fn merge_ui(merge: &mut Merge, ui: &mut egui::Ui, depth: Option<usize>) {
    let Some(depth) = depth else {
        return;
    };
    ui.horizontal(|ui| {
        let label = ui.label("Merge");
        let mut level = merge.level.min(depth.saturating_sub(2));
        egui::ComboBox::from_id_salt("merge_level")
            .selected_text(format!("level {level} into {}", level + 1))
            .show_ui(ui, |ui| {
                for l in 0..depth.saturating_sub(1) {
                    ui.selectable_value(&mut level, l, format!("level {l} into {}", l + 1));
                }
            })
            .response
            .labelled_by(label.id);
        merge.level = level;
        if ui
            .button(if merge.playing { "Stop" } else { "Play" })
            .on_hover_text("Play the merge")
            .clicked()
        {
            merge.playing = !merge.playing;
            if merge.t >= 1.0 {
                merge.t = 0.0;
            }
        }
        ui.add(egui::Slider::new(&mut merge.t, 0.0..=1.0).show_value(false))
            .labelled_by(label.id);
    });
    if merge.playing {
        let dt = ui.input(|i| i.stable_dt).min(0.1);
        merge.t = (merge.t + dt / 2.0).min(1.0);
        if merge.t >= 1.0 {
            merge.playing = false;
        }
        ui.ctx().request_repaint();
    }
}
