//! Categorical colours for clusters and labels: 24 colours that stay apart from the back of a
//! lecture room, then golden-angle hues. The first seven are Okabe and Ito's colour-blind-safe
//! set (its black aside); the rest were picked by `scripts/palette.py`, each as far as possible
//! in CIELAB from those before it (no two of the first twenty closer than ΔE 26, where Tableau
//! 10's shades of one hue, which the linked colouring used, were under 10).

use epaint::Color32;

const PALETTE: [(u8, u8, u8); 24] = [
    (0, 114, 178),
    (230, 159, 0),
    (86, 180, 233),
    (0, 158, 115),
    (240, 228, 66),
    (213, 94, 0),
    (204, 121, 167),
    (170, 0, 255),
    (0, 255, 0),
    (255, 0, 187),
    (238, 0, 85),
    (0, 102, 255),
    (204, 187, 136),
    (68, 170, 17),
    (204, 136, 255),
    (170, 85, 68),
    (119, 119, 0),
    (85, 238, 238),
    (170, 238, 153),
    (255, 0, 0),
    (170, 238, 0),
    (221, 204, 255),
    (0, 238, 136),
    (255, 187, 187),
];

/// The colour of class `k`.
pub fn class_colour(k: usize) -> Color32 {
    if let Some(&(r, g, b)) = PALETTE.get(k) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// CIELAB of an sRGB colour (D65).
    fn lab(c: Color32) -> [f64; 3] {
        let lin = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        let (r, g, b) = (lin(c.r()), lin(c.g()), lin(c.b()));
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 216.0 / 24389.0 {
                t.cbrt()
            } else {
                (24389.0 / 27.0 * t + 16.0) / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    fn delta_e(a: Color32, b: Color32) -> f64 {
        let (a, b) = (lab(a), lab(b));
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
    }

    #[test]
    fn twenty_clusters_get_twenty_colours_that_stay_apart() {
        let mut closest = f64::INFINITY;
        for i in 0..20 {
            for j in 0..i {
                closest = closest.min(delta_e(class_colour(i), class_colour(j)));
            }
        }
        assert!(
            closest >= 25.0,
            "two of the first 20 colours are ΔE {closest:.1} apart"
        );
        // Every colour shows on the window's near-black canvas and on a white picture.
        for k in 0..24 {
            let l = lab(class_colour(k))[0];
            assert!((40.0..=92.0).contains(&l), "colour {k}: lightness {l:.0}");
        }
        // Beyond the table the hues still differ from their neighbours.
        assert!(delta_e(class_colour(24), class_colour(25)) > 10.0);
    }
}
