//! The window around the levels: presentation mode, which side panels show and how wide they
//! were, the teaching card, theme and scale (and where they are remembered), the error and
//! status lines, the figure export's settings, the Generate menu's field, frame timing and a
//! planned screenshot.

use super::frame_stats::FrameStats;
use super::panels::Figure;
use super::screenshot::ScreenshotPlan;
use super::theme::Theme;
use eframe::egui;
use std::path::PathBuf;

/// The card drawer's two faces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CardTab {
    /// What the method selects, reduces and connects, its losses and failure.
    #[default]
    Card,
    /// `X' = SᵀX` and `A' = SᵀAS` built one node at a time.
    Steps,
}

pub struct Chrome {
    /// Side panels hidden, the levels filling the window under a compact control strip.
    pub presentation: bool,
    /// Side panels shown or hidden by the user; `None`: by the window's width.
    pub show_setup: Option<bool>,
    pub show_inspector: Option<bool>,
    /// Widths (points) of the setup and inspector panels last frame, `None` when hidden.
    pub panel_widths: (Option<f32>, Option<f32>),
    /// Size of the levels area on screen: the size of exported level pictures unless another
    /// was asked for.
    pub levels_size: [u32; 2],
    /// Where the levels were drawn last frame (points).
    pub levels_rect: egui::Rect,
    /// The teaching card's drawer, and where it was drawn last frame.
    pub card_open: bool,
    pub card_rect: Option<egui::Rect>,
    /// What the drawer shows: the card, or one pooling layer step by step.
    pub card_tab: CardTab,
    pub ui_scale: f32,
    pub theme: Theme,
    /// Where scale and theme are remembered (`None` in tests: nothing is written).
    pub prefs_path: Option<PathBuf>,
    /// The theme and scale last applied to the context.
    pub style_applied: Option<(Theme, f32)>,
    /// The last error, shown until dismissed; the graph on screen stays.
    pub error: Option<String>,
    /// The last export's outcome in words ("wrote levels.svg"), shown in the menu bar.
    pub status: Option<String>,
    /// What File > Export > Figure draws pictures at.
    pub figure: Figure,
    /// The Generate menu's spec field.
    pub generate_spec: String,
    pub frame: FrameStats,
    pub screenshot: Option<ScreenshotPlan>,
}

impl Default for Chrome {
    fn default() -> Self {
        Self {
            presentation: false,
            show_setup: None,
            show_inspector: None,
            panel_widths: (None, None),
            levels_size: [1600, 600],
            levels_rect: egui::Rect::NOTHING,
            card_open: false,
            card_rect: None,
            card_tab: CardTab::Card,
            ui_scale: 1.0,
            theme: Theme::Dark,
            prefs_path: None,
            style_applied: None,
            error: None,
            status: None,
            figure: Figure::default(),
            generate_spec: crate::generate::GENERATORS[0].1.to_string(),
            frame: FrameStats::default(),
            screenshot: None,
        }
    }
}
