//! Categorical colours for clusters and labels (Tableau 10, then golden-angle hues).

use epaint::Color32;

const TABLEAU: [(u8, u8, u8); 10] = [
    (78, 121, 167),
    (242, 142, 43),
    (225, 87, 89),
    (118, 183, 178),
    (89, 161, 79),
    (237, 201, 72),
    (176, 122, 161),
    (255, 157, 167),
    (156, 117, 95),
    (186, 176, 172),
];

/// The colour of class `k`.
pub fn class_colour(k: usize) -> Color32 {
    if let Some(&(r, g, b)) = TABLEAU.get(k) {
        return Color32::from_rgb(r, g, b);
    }
    let hue = (k as f32 * 0.618_034) % 1.0;
    let (r, g, b) = hsv(hue, 0.55, 0.85);
    Color32::from_rgb(r, g, b)
}

/// Nodes with no class.
pub const MISSING: Color32 = Color32::from_rgb(140, 140, 140);

fn hsv(h: f32, s: f32, v: f32) -> (u8, u8, u8) {
    let i = (h * 6.0).floor();
    let f = h * 6.0 - i;
    let (p, q, t) = (v * (1.0 - s), v * (1.0 - f * s), v * (1.0 - (1.0 - f) * s));
    let (r, g, b) = match i as i32 % 6 {
        0 => (v, t, p),
        1 => (q, v, p),
        2 => (p, v, t),
        3 => (p, q, v),
        4 => (t, p, v),
        _ => (v, p, q),
    };
    ((r * 255.0) as u8, (g * 255.0) as u8, (b * 255.0) as u8)
}
