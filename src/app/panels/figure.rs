//! File > Export > Figure: what a picture for a paper or a slide is drawn at (size, pixels per
//! point and the DPI written into the PNG, background, every level or one, legend), asked in
//! one small window before the file name is.

use crate::app::command::Command;
use crate::app::jobs::ExportKind;
use crate::render::{Background, MAX_SCALE, MAX_SIDE, MIN_SIDE, SceneOptions};
use eframe::egui;

/// The figure settings, kept between exports.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Whether the window asking for them is open, and what it will write.
    pub open: Option<ExportKind>,
    /// The picture's size in points; `None`: the levels area as on screen.
    pub size: Option<[u32; 2]>,
    /// Pixels per point of a PNG (DPI over 96).
    pub scale: f32,
    pub background: Background,
    /// One level alone; `None`: all of them.
    pub level: Option<usize>,
    pub legend: bool,
}

impl Default for Figure {
    fn default() -> Self {
        Self {
            open: None,
            size: None,
            scale: 1.0,
            background: Background::White,
            level: None,
            legend: true,
        }
    }
}

impl Figure {
    /// The scene options these settings ask for, over what the view shows.
    pub fn apply(&self, view: SceneOptions) -> SceneOptions {
        SceneOptions {
            background: self.background,
            level: self.level,
            scale: self.scale,
            legend: self.legend,
            ..view
        }
    }

    /// What a `size` picture comes to in pixels, or why it cannot be drawn.
    pub fn pixels(&self, size: [u32; 2]) -> Result<[u32; 2], String> {
        let px = size.map(|s| (s as f32 * self.scale).round() as u32);
        if px.iter().any(|&p| p > MAX_SIDE) {
            return Err(format!(
                "{} x {} pixels: at most {MAX_SIDE} a side; lower the size or the scale",
                px[0], px[1]
            ));
        }
        Ok(px)
    }
}

/// What the figure window needs from the window.
pub struct FigureView<'a> {
    pub figure: &'a mut Figure,
    /// The levels area on screen, in points.
    pub screen: [u32; 2],
    pub levels: usize,
}

/// The figure window, when open: Save asks for the file name and writes it off the UI thread.
pub fn figure_window(v: FigureView, ctx: &egui::Context) -> Vec<Command> {
    let mut commands = Vec::new();
    let Some(mut kind) = v.figure.open else {
        return commands;
    };
    let mut open = true;
    egui::Window::new("Export figure")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            let f = &mut *v.figure;
            egui::Grid::new("figure").num_columns(2).show(ui, |ui| {
                ui.label("Format");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut kind, ExportKind::LevelsSvg, "SVG (text stays text)");
                    ui.radio_value(&mut kind, ExportKind::LevelsPng, "PNG");
                });
                ui.end_row();
                size_row(f, v.screen, ui);
                ui.label("Scale");
                ui.add_enabled_ui(kind == ExportKind::LevelsPng, |ui| {
                    ui.horizontal_wrapped(|ui| {
                        for k in [1.0, 2.0, 3.0, 4.0] {
                            ui.selectable_value(&mut f.scale, k, format!("{k:.0}×"));
                        }
                        let mut dpi = f.scale * 96.0;
                        let r = ui.add(
                            egui::DragValue::new(&mut dpi)
                                .range(24.0..=96.0 * MAX_SCALE)
                                .speed(1.0)
                                .max_decimals(0)
                                .suffix(" DPI"),
                        );
                        if r.changed() {
                            f.scale = dpi / 96.0;
                        }
                    });
                });
                ui.end_row();
                ui.label("Background");
                ui.horizontal(|ui| {
                    for b in Background::ALL {
                        ui.radio_value(&mut f.background, b, b.name());
                    }
                });
                ui.end_row();
                ui.label("Levels");
                let text = f
                    .level
                    .map_or("all".to_string(), |l| format!("level {l} alone"));
                egui::ComboBox::from_id_salt("figure-level")
                    .selected_text(text)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut f.level, None, "all");
                        for l in 0..v.levels {
                            ui.selectable_value(&mut f.level, Some(l), format!("level {l} alone"));
                        }
                    });
                ui.end_row();
                ui.label("Legend");
                ui.checkbox(&mut f.legend, "under each level");
                ui.end_row();
            });
            if f.level.is_some_and(|l| l >= v.levels) {
                f.level = None;
            }
            let size = f.size.unwrap_or(v.screen);
            let check = f.pixels(size);
            match (&check, kind) {
                (Ok([w, h]), ExportKind::LevelsPng) => {
                    ui.weak(format!("{w} x {h} pixels at {:.0} DPI", f.scale * 96.0));
                }
                (Ok(_), _) => {
                    ui.weak(format!("{} x {} points", size[0], size[1]));
                }
                (Err(e), _) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
            }
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(check.is_ok(), egui::Button::new("Save…"))
                    .clicked()
                {
                    commands.push(Command::Export(kind, None));
                    f.open = None;
                    return;
                }
                if ui.button("Cancel").clicked() {
                    f.open = None;
                    return;
                }
                f.open = Some(kind);
            });
        });
    if !open {
        v.figure.open = None;
    }
    commands
}

/// As on screen, or a size of one's own (with the usual presets).
fn size_row(f: &mut Figure, screen: [u32; 2], ui: &mut egui::Ui) {
    ui.label("Size");
    ui.vertical(|ui| {
        let mut as_screen = f.size.is_none();
        ui.checkbox(
            &mut as_screen,
            format!("as on screen ({} x {})", screen[0], screen[1]),
        );
        let mut s = f.size.unwrap_or(screen);
        ui.add_enabled_ui(!as_screen, |ui| {
            ui.horizontal(|ui| {
                ui.add(egui::DragValue::new(&mut s[0]).range(MIN_SIDE..=MAX_SIDE));
                ui.label("x");
                ui.add(egui::DragValue::new(&mut s[1]).range(MIN_SIDE..=MAX_SIDE));
                ui.label("points");
            });
            ui.horizontal(|ui| {
                for (w, h) in [(1280, 720), (1920, 1080), (1200, 800), (800, 800)] {
                    if ui.small_button(format!("{w}x{h}")).clicked() {
                        s = [w, h];
                    }
                }
            });
        });
        f.size = (!as_screen).then_some(s);
    });
    ui.end_row();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pixel_size_follows_the_scale_and_is_bounded() {
        let f = Figure {
            scale: 2.0,
            ..Default::default()
        };
        assert_eq!(f.pixels([1600, 600]), Ok([3200, 1200]));
        assert!(f.pixels([5000, 600]).is_err());
        let o = f.apply(SceneOptions {
            node_scale: 1.5,
            ..Default::default()
        });
        assert_eq!((o.scale, o.node_scale, o.legend), (2.0, 1.5, true));
    }
}
