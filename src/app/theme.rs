//! How the window looks: a dark and a light theme, both with high-contrast text and text sizes
//! meant to be read from the back of a room, and the UI scale on top.

use eframe::egui::{self, Color32, FontFamily, FontId, TextStyle};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    Dark,
    /// Light, high-contrast: for projectors in lit rooms and for printing screenshots.
    Light,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Dark => "dark",
            Theme::Light => "light (high contrast)",
        }
    }
}

/// Most and least UI scale; Ctrl+= and Ctrl+- step by a quarter (1.0, 1.25, 1.5: the
/// projector's scale two presses away).
pub const MIN_SCALE: f32 = 0.5;
pub const MAX_SCALE: f32 = 3.0;
pub const SCALE_STEP: f32 = 0.25;

/// `steps` quarters up (or down) from the nearest quarter to `s`.
pub fn step_scale(s: f32, steps: i32) -> f32 {
    clamp_scale(((s / SCALE_STEP).round() + steps as f32) * SCALE_STEP)
}

pub fn clamp_scale(s: f32) -> f32 {
    if s.is_finite() {
        s.clamp(MIN_SCALE, MAX_SCALE)
    } else {
        1.0
    }
}

/// Text sizes (points) a little larger than egui's, so body text is about 15 px at scale 1.
fn text_styles() -> std::collections::BTreeMap<TextStyle, FontId> {
    [
        (
            TextStyle::Small,
            FontId::new(12.0, FontFamily::Proportional),
        ),
        (TextStyle::Body, FontId::new(14.5, FontFamily::Proportional)),
        (
            TextStyle::Button,
            FontId::new(14.5, FontFamily::Proportional),
        ),
        (
            TextStyle::Heading,
            FontId::new(19.0, FontFamily::Proportional),
        ),
        (
            TextStyle::Monospace,
            FontId::new(13.5, FontFamily::Monospace),
        ),
    ]
    .into()
}

pub fn visuals(theme: Theme) -> egui::Visuals {
    match theme {
        Theme::Dark => {
            let mut v = egui::Visuals::dark();
            // egui's dark grey text (#8C8C8C on #1B1B1B) is too faint on a projector.
            v.override_text_color = Some(Color32::from_gray(225));
            v.extreme_bg_color = Color32::from_gray(12);
            v
        }
        Theme::Light => {
            let mut v = egui::Visuals::light();
            v.override_text_color = Some(Color32::from_gray(10));
            v.panel_fill = Color32::from_gray(250);
            v.window_fill = Color32::WHITE;
            v.extreme_bg_color = Color32::WHITE;
            v.faint_bg_color = Color32::from_gray(238);
            v.warn_fg_color = Color32::from_rgb(160, 80, 0);
            v.error_fg_color = Color32::from_rgb(190, 0, 0);
            v.widgets.noninteractive.bg_stroke.color = Color32::from_gray(150);
            v
        }
    }
}

/// Applies the theme, the text sizes and the scale to the whole window.
pub fn apply(ctx: &egui::Context, theme: Theme, scale: f32) {
    ctx.set_visuals(visuals(theme));
    ctx.all_styles_mut(|s| s.text_styles = text_styles());
    ctx.set_zoom_factor(clamp_scale(scale));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_steps_by_quarters_from_wherever_it_is() {
        let mut s = 1.0;
        let mut seen = Vec::new();
        for _ in 0..3 {
            s = step_scale(s, 1);
            seen.push(s);
        }
        assert_eq!(seen, vec![1.25, 1.5, 1.75]);
        assert_eq!(
            step_scale(1.1, 1),
            1.25,
            "a remembered 1.1 joins the quarters"
        );
        assert_eq!(step_scale(1.0, -1), 0.75);
        assert_eq!(step_scale(0.5, -1), MIN_SCALE);
        assert_eq!(step_scale(3.0, 1), MAX_SCALE);
    }
}
