//! Level l merging into level l+1: the animation's state and its control above the canvases.
//! Members travel to their cluster and grow into its disc, their edges fade into the pooled
//! ones (see `render::merge_frame`); at the end level l is drawn as level l+1, holds a moment,
//! and comes back, or goes on to the next level ("0 → 1 → 2"), or starts again (loop).

use eframe::egui;

/// How long the end of a merge is held before the next step.
const HOLD_SECONDS: f32 = 0.8;

/// Merge animation state: level `level` moving into level `level + 1`, progress `t` in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Merge {
    pub level: usize,
    pub t: f32,
    pub playing: bool,
    pub looping: bool,
    /// Go on to the next level after each merge: 0 into 1, then 1 into 2, …
    pub sequence: bool,
    /// Seconds one level's merge takes.
    pub seconds: f32,
    /// Time held at the end so far.
    held: f32,
}

impl Default for Merge {
    fn default() -> Self {
        Self {
            level: 0,
            t: 0.0,
            playing: false,
            looping: false,
            sequence: false,
            seconds: 3.0,
            held: 0.0,
        }
    }
}

impl Merge {
    /// Moves the animation on by `dt` seconds in a hierarchy of `depth` levels.
    pub fn advance(&mut self, dt: f32, depth: usize) {
        if !self.playing {
            return;
        }
        if self.t < 1.0 {
            self.t = (self.t + dt / self.seconds.max(0.1)).min(1.0);
            return;
        }
        self.held += dt;
        if self.held < HOLD_SECONDS {
            return;
        }
        self.held = 0.0;
        if self.sequence && self.level + 2 < depth {
            self.level += 1;
            self.t = 0.0;
        } else if self.looping {
            if self.sequence {
                self.level = 0;
            }
            self.t = 0.0;
        } else {
            // Done: level l comes back as itself rather than staying collapsed.
            self.playing = false;
            self.t = 0.0;
            if self.sequence {
                self.level = 0;
            }
        }
    }

    /// Starts playing from the beginning (of the sequence, when playing one).
    pub fn play(&mut self) {
        self.playing = true;
        self.held = 0.0;
        if self.t >= 1.0 || self.sequence {
            self.t = 0.0;
        }
        if self.sequence {
            self.level = 0;
        }
    }
}

/// The merge control above the canvases: which level merges into the next, play and scrub
/// (drag, or the left and right arrow keys in steps of 5%), speed, loop and sequence.
/// `depth`: the hierarchy's number of levels, if there is one.
pub fn merge_ui(merge: &mut Merge, ui: &mut egui::Ui, depth: Option<usize>) {
    merge_controls_ui(merge, ui, depth);
    merge_tick(merge, ui, depth);
}

/// The merge's widgets alone (presentation mode puts them in its More menu).
pub fn merge_controls_ui(merge: &mut Merge, ui: &mut egui::Ui, depth: Option<usize>) {
    let Some(depth) = depth.filter(|&d| d >= 2) else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Merge");
        let mut level = merge.level.min(depth - 2);
        egui::ComboBox::from_id_salt("merge_level")
            .selected_text(format!("level {level} into {}", level + 1))
            .show_ui(ui, |ui| {
                for l in 0..depth - 1 {
                    ui.selectable_value(&mut level, l, format!("level {l} into {}", l + 1));
                }
            })
            .response
            .labelled_by(label.id);
        if level != merge.level {
            merge.level = level;
            merge.t = 0.0;
        }
        if ui
            .button(if merge.playing { "Stop" } else { "Play" })
            .on_hover_text("Play the merge")
            .clicked()
        {
            if merge.playing {
                merge.playing = false;
            } else {
                merge.play();
            }
        }
        let scrub = ui
            .add(egui::Slider::new(&mut merge.t, 0.0..=1.0).show_value(false))
            .labelled_by(label.id)
            .on_hover_text("Drag, or the left and right arrow keys");
        if scrub.dragged() || scrub.changed() {
            merge.playing = false;
        }
        ui.add(
            egui::Slider::new(&mut merge.seconds, 0.5..=10.0)
                .logarithmic(true)
                .suffix(" s")
                .max_decimals(1),
        )
        .on_hover_text("How long one level's merge takes");
        ui.checkbox(&mut merge.looping, "loop");
        if depth > 2 {
            let names: Vec<String> = (0..depth).map(|l| l.to_string()).collect();
            ui.checkbox(&mut merge.sequence, format!("{} in turn", names.join(", ")))
                .on_hover_text("Merge each level into the next in turn");
        }
    });
}

/// The play button alone, for a strip with no room for the rest.
pub fn merge_play_ui(merge: &mut Merge, ui: &mut egui::Ui, depth: Option<usize>) {
    if depth.is_none_or(|d| d < 2) {
        return;
    }
    let label = format!(
        "{} merge {} into {}",
        if merge.playing { "Stop" } else { "Play" },
        merge.level,
        merge.level + 1
    );
    if ui
        .button(label)
        .on_hover_text("Play the merge (the left and right arrow keys step it)")
        .clicked()
    {
        if merge.playing {
            merge.playing = false;
        } else {
            merge.play();
        }
    }
}

/// Every frame, whatever shows the merge's widgets: ← and → step it, and a playing merge
/// moves on.
pub fn merge_tick(merge: &mut Merge, ui: &mut egui::Ui, depth: Option<usize>) {
    let Some(depth) = depth.filter(|&d| d >= 2) else {
        return;
    };
    if !ui.ctx().egui_wants_keyboard_input() {
        let (left, right) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowLeft),
                i.key_pressed(egui::Key::ArrowRight),
            )
        });
        if left || right {
            merge.playing = false;
            let step = if right { 0.05 } else { -0.05 };
            merge.t = ((merge.t + step) * 20.0).round().clamp(0.0, 20.0) / 20.0;
        }
    }
    if merge.playing {
        let dt = ui.input(|i| i.stable_dt).min(0.1);
        merge.advance(dt, depth);
        ui.ctx().request_repaint();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sequence_plays_every_level_then_comes_back() {
        let mut m = Merge {
            sequence: true,
            seconds: 1.0,
            ..Merge::default()
        };
        m.play();
        let mut seen = vec![];
        for _ in 0..200 {
            m.advance(0.05, 3);
            if m.playing && !seen.contains(&m.level) {
                seen.push(m.level);
            }
        }
        assert_eq!(seen, vec![0, 1], "0 into 1, then 1 into 2");
        assert!(!m.playing);
        assert_eq!(
            (m.level, m.t),
            (0, 0.0),
            "the levels come back as themselves"
        );
        // Looping goes round again.
        let mut l = Merge {
            looping: true,
            seconds: 0.5,
            ..Merge::default()
        };
        l.play();
        for _ in 0..100 {
            l.advance(0.05, 2);
        }
        assert!(l.playing);
    }
}
