//! Text in pictures: measured with egui's own fonts (the ones the PNG writer draws with and
//! the window shows), so titles wrap where they would run past their panel instead of being
//! cut, in SVG and PNG alike.

use epaint::text::Fonts;
use std::sync::Mutex;

/// Line height for title and legend text, in pixels.
pub const LINE_HEIGHT: f32 = 17.0;

/// Measures text widths with egui's default proportional font.
pub struct TextMeasure {
    fonts: Mutex<Fonts>,
}

impl Default for TextMeasure {
    fn default() -> Self {
        Self::new()
    }
}

impl TextMeasure {
    pub fn new() -> Self {
        use epaint::text::{FontDefinitions, TextOptions};
        Self {
            fonts: Mutex::new(Fonts::new(
                TextOptions::default(),
                FontDefinitions::default(),
            )),
        }
    }

    /// Width in pixels of `text` at `size` pixels.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let Ok(mut fonts) = self.fonts.lock() else {
            // A poisoned lock only means another thread panicked mid-measure: estimate.
            return 0.6 * size * text.chars().count() as f32;
        };
        fonts
            .with_pixels_per_point(1.0)
            .layout_no_wrap(
                text.to_string(),
                epaint::FontId::proportional(size),
                epaint::Color32::WHITE,
            )
            .size()
            .x
    }
}

/// `text` in lines no wider than `width`: broken between the parts `separator` joins (the
/// separator stays at the end of a line), and inside a part that is too long on its own, at a
/// space or, failing that, anywhere.
pub fn wrap(text: &str, separator: &str, width: f32, size: f32, m: &TextMeasure) -> Vec<String> {
    wrap_by(text, separator, width, &|t| m.width(t, size))
}

/// [`wrap`] with any measure of text width (the window measures with its own fonts).
pub fn wrap_by(
    text: &str,
    separator: &str,
    width: f32,
    measure: &dyn Fn(&str) -> f32,
) -> Vec<String> {
    let parts: Vec<&str> = text.split(separator).collect();
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (k, part) in parts.iter().enumerate() {
        let piece = if k + 1 < parts.len() {
            format!("{part}{}", separator.trim_end())
        } else {
            part.to_string()
        };
        let candidate = if line.is_empty() {
            piece.clone()
        } else {
            format!("{line} {piece}")
        };
        if measure(&candidate) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if measure(&piece) <= width {
            line = piece;
        } else {
            let mut broken = break_long(&piece, width, measure);
            line = broken.pop().unwrap_or_default();
            lines.extend(broken);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// One part too long for a line, in lines: at spaces where it can, else by characters.
fn break_long(piece: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in piece.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for ch in word.chars() {
            let next = format!("{line}{ch}");
            if !line.is_empty() && measure(&next) > width {
                lines.push(std::mem::replace(&mut line, ch.to_string()));
            } else {
                line = next;
            }
        }
    }
    lines.push(line);
    lines
}

/// The characters of `text` that the pictures' and the window's fonts cannot draw (they would
/// show as empty boxes).
pub fn missing_glyphs(text: &str) -> Vec<char> {
    use epaint::text::{FontDefinitions, TextOptions};
    let mut fonts = Fonts::new(TextOptions::default(), FontDefinitions::default());
    let mut fonts = fonts.with_pixels_per_point(1.0);
    let font = epaint::FontId::proportional(14.0);
    let mut missing: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && !fonts.has_glyph(&font, *c))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_wrap_between_parts_and_keep_every_character() {
        let m = TextMeasure::new();
        let title = "Level 0 · 115 nodes · 613 edges · Q 0.549 · NMI 0.911";
        let one = wrap(title, " · ", 10_000.0, 13.0, &m);
        assert_eq!(one, vec![title.to_string()]);
        let lines = wrap(title, " · ", 150.0, 13.0, &m);
        assert!(lines.len() >= 2, "{lines:?}");
        for l in &lines {
            assert!(m.width(l, 13.0) <= 150.0, "{l} runs past the width");
        }
        // Nothing lost: the lines joined give the title back.
        assert_eq!(lines.join(" "), title);
        assert!(
            lines[0].ends_with('·'),
            "a line ends at a separator: {lines:?}"
        );
        // A single word longer than the line is broken, not cut.
        let long = wrap("Supercalifragilisticexpialidocious", " · ", 60.0, 13.0, &m);
        assert!(long.len() > 1);
        assert_eq!(long.concat(), "Supercalifragilisticexpialidocious");
    }

    #[test]
    fn the_fonts_lack_superscript_letters_and_arrows_so_poolscope_writes_none() {
        assert_eq!(missing_glyphs("A + Aᵀ → ‖S‖"), vec!['ᵀ', '‖', '→']);
        assert!(missing_glyphs("Level 0 · 115 nodes · Q 0.554 … – × ² Σ √ ≥ α").is_empty());
        // What the titles say of a directed graph.
        let g = crate::generate::generate("random:n=30,m=60,seed=1").expect("spec");
        let title = crate::render::level_title(&g, None, 0, 60);
        assert!(missing_glyphs(&title).is_empty(), "{title}");
    }
}
