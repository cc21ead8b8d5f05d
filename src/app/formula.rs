//! The method cards' formulas typeset for the screen: `S^T A S` with a raised `T`,
//! `D'^(-1/2)` with a raised `−1/2`, `S_ik` with a lowered `ik`, `sum_k` and `prod_(j<k)` as
//! `Σ` and `∏` with their ranges below, `sqrt(K)` as `√(K)`. The cards are written in that
//! plain notation (it reads in the source and in `--help`); the fonts lack the Unicode
//! superscript letters (`ᵀ` draws as an empty box), so raising is done by layout.

use eframe::egui::{self, Align, Color32, FontId, text::LayoutJob, text::TextFormat};

/// A piece of a formula: on the line, raised, or lowered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Raised(String),
    Lowered(String),
}

/// The argument after `^` or `_`: a parenthesised group (without its parentheses), or after
/// `^` a number or one letter (`S^TS` is `SᵀS`), after `_` a run of letters and digits; the
/// rest of the text after it.
fn argument(rest: &str, raised: bool) -> Option<(String, &str)> {
    if let Some(inner) = rest.strip_prefix('(') {
        let mut depth = 1;
        for (i, c) in inner.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some((inner[..i].to_string(), &inner[i + 1..]));
                    }
                }
                _ => {}
            }
        }
        return None;
    }
    let first = rest.chars().next()?;
    let end = if raised && first.is_alphabetic() {
        first.len_utf8()
    } else if raised {
        rest.char_indices()
            .find(|(_, c)| !c.is_ascii_digit())
            .map_or(rest.len(), |(i, _)| i)
    } else {
        rest.char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(rest.len(), |(i, _)| i)
    };
    (end > 0).then(|| (rest[..end].to_string(), &rest[end..]))
}

/// `text` cut into pieces.
pub fn pieces(text: &str) -> Vec<Piece> {
    let text = text
        .replace("sqrt(", "√(")
        .replace("sum_", "Σ_")
        .replace("prod_", "∏_");
    let mut out: Vec<Piece> = Vec::new();
    let mut plain = String::new();
    let mut rest = text.as_str();
    while let Some(c) = rest.chars().next() {
        let marker = (c == '^' || c == '_')
            .then(|| argument(&rest[1..], c == '^'))
            .flatten();
        match marker {
            // A `_` inside a word (`mincut_cut`) is a name, not a subscript.
            Some(_)
                if c == '_' && plain.ends_with(|p: char| p.is_alphanumeric()) && {
                    let before: String = plain
                        .chars()
                        .rev()
                        .take_while(|p| p.is_alphanumeric())
                        .collect();
                    before.chars().count() > 1 && !matches!(before.as_str(), "Σ" | "∏")
                } =>
            {
                plain.push(c);
                rest = &rest[1..];
            }
            Some((arg, after)) => {
                if !plain.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut plain)));
                }
                let arg = arg.replace('-', "−");
                out.push(if c == '^' {
                    Piece::Raised(arg)
                } else {
                    Piece::Lowered(arg)
                });
                rest = after;
            }
            None => {
                plain.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Piece::Text(plain));
    }
    out
}

/// `text` laid out with its raised and lowered pieces, at `size` points, wrapping at `width`.
pub fn formula_job(text: &str, size: f32, colour: Color32, width: f32) -> LayoutJob {
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    for piece in pieces(text) {
        let (t, scale, valign) = match piece {
            Piece::Text(t) => (t, 1.0, Align::Center),
            Piece::Raised(t) => (t, 0.7, Align::TOP),
            Piece::Lowered(t) => (t, 0.7, Align::BOTTOM),
        };
        job.append(
            &t,
            0.0,
            TextFormat {
                font_id: FontId::proportional(size * scale),
                color: colour,
                valign,
                ..Default::default()
            },
        );
    }
    job
}

/// A formula (or a sentence with formulas in it) as a wrapping label.
pub fn formula_ui(ui: &mut egui::Ui, text: &str, size: f32) {
    let colour = ui.visuals().text_color();
    let job = formula_job(text, size, colour, ui.available_width());
    ui.add(egui::Label::new(job).wrap());
}

#[cfg(test)]
mod tests {
    use super::*;
    use Piece::*;

    #[test]
    fn superscripts_subscripts_and_names_are_told_apart() {
        assert_eq!(
            pieces("A' = S^T A S"),
            vec![
                Text("A' = S".into()),
                Raised("T".into()),
                Text(" A S".into())
            ]
        );
        assert_eq!(
            pieces("D'^(-1/2) A' D'^(-1/2)"),
            vec![
                Text("D'".into()),
                Raised("−1/2".into()),
                Text(" A' D'".into()),
                Raised("−1/2".into())
            ]
        );
        assert_eq!(
            pieces("sum_k S_ik log S_ik"),
            vec![
                Text("Σ".into()),
                Lowered("k".into()),
                Text(" S".into()),
                Lowered("ik".into()),
                Text(" log S".into()),
                Lowered("ik".into())
            ]
        );
        assert_eq!(
            pieces("S^TS / ||S^TS||_F"),
            vec![
                Text("S".into()),
                Raised("T".into()),
                Text("S / ||S".into()),
                Raised("T".into()),
                Text("S||".into()),
                Lowered("F".into())
            ]
        );
        assert_eq!(
            pieces("sqrt(K) ||S||_F"),
            vec![Text("√(K) ||S||".into()), Lowered("F".into())]
        );
        // A name with an underscore stays a name.
        assert_eq!(
            pieces("mincut_cut and alpha_DP"),
            vec![Text("mincut_cut and alpha_DP".into())]
        );
        assert_eq!(
            pieces("prod_(j<k) (1 - v_ij)"),
            vec![
                Text("∏".into()),
                Lowered("j<k".into()),
                Text(" (1 - v".into()),
                Lowered("ij".into()),
                Text(")".into())
            ]
        );
    }

    #[test]
    fn every_card_typesets_into_glyphs_the_fonts_have() {
        for m in crate::pool::Method::ALL {
            let c = m.pooler().card();
            let mut texts = vec![c.select, c.reduce, c.connect, c.failure];
            texts.extend(c.losses.iter().map(|l| l.1));
            for t in texts {
                let shown: String = pieces(t)
                    .into_iter()
                    .map(|p| match p {
                        Text(s) | Raised(s) | Lowered(s) => s,
                    })
                    .collect();
                let missing = crate::render::missing_glyphs(&shown);
                assert!(missing.is_empty(), "{m}: {missing:?} in `{t}`");
            }
        }
    }
}
