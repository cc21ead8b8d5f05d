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

/// The same classes on white (the light theme, pictures on white or transparent backgrounds):
/// Okabe and Ito's seven darkened in linear light to a relative luminance of 0.28 (same hue),
/// then colours of lightness L* 25 to 60 picked as the dark palette was
/// (`scripts/palette.py --light`). Each keeps a contrast of 3 or more against white, where
/// the dark palette's yellow (1.3), mint and pink washed out on a projector.
const LIGHT_PALETTE: [(u8, u8, u8); 24] = [
    (0, 114, 178),
    (193, 133, 0),
    (72, 152, 198),
    (0, 158, 115),
    (155, 147, 39),
    (213, 94, 0),
    (200, 118, 164),
    (0, 0, 255),
    (255, 0, 221),
    (85, 34, 153),
    (255, 0, 102),
    (102, 51, 34),
    (0, 153, 0),
    (34, 68, 0),
    (0, 119, 255),
    (170, 68, 255),
    (255, 0, 34),
    (85, 51, 102),
    (187, 17, 136),
    (153, 0, 17),
    (0, 102, 102),
    (170, 119, 221),
    (204, 119, 85),
    (136, 17, 68),
];

/// Most relative luminance a node colour keeps on white: a contrast of 3 (WCAG's bound for
/// graphics) and a little more.
const MOST_ON_WHITE: f32 = 0.28;

/// `c` (a colour the dark palette gave) as it is drawn on white: a class's colour becomes its
/// colour in [`LIGHT_PALETTE`]; any other colour (shades, the hues past the table) is darkened
/// in linear light, keeping its hue, until it has a contrast of 3 against white.
pub fn on_white(c: Color32) -> Color32 {
    if c.a() == 255
        && let Some(k) = PALETTE
            .iter()
            .position(|&(r, g, b)| (r, g, b) == (c.r(), c.g(), c.b()))
    {
        let (r, g, b) = LIGHT_PALETTE[k];
        return Color32::from_rgb(r, g, b);
    }
    let lin = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let (r, g, b) = (lin(c.r()), lin(c.g()), lin(c.b()));
    // Premultiplied: the luminance of the colour itself, before its alpha.
    let alpha = (f32::from(c.a()) / 255.0).max(1e-6);
    let y = (0.2126 * r + 0.7152 * g + 0.0722 * b) / alpha;
    if y <= MOST_ON_WHITE {
        return c;
    }
    let k = MOST_ON_WHITE / y;
    let srgb = |v: f32| {
        let v = v * k;
        let v = if v <= 0.003_130_8 {
            12.92 * v
        } else {
            1.055 * v.powf(1.0 / 2.4) - 0.055
        };
        (v * 255.0).round().clamp(0.0, 255.0) as u8
    };
    Color32::from_rgba_premultiplied(srgb(r), srgb(g), srgb(b), c.a())
}

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
        // On white: every class colour keeps a contrast of 3 and twenty stay apart.
        let contrast = |c: Color32| {
            let [r, g, b, _] = c.to_normalized_gamma_f32();
            let lin = |v: f32| {
                if v <= 0.04045 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            1.05 / (0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b) + 0.05)
        };
        let mut closest_on_white = f64::INFINITY;
        for i in 0..30 {
            let c = on_white(class_colour(i));
            assert!(
                contrast(c) >= 2.95,
                "colour {i} on white: {:.2}",
                contrast(c)
            );
            for j in 0..i.min(20) {
                if i < 20 {
                    closest_on_white = closest_on_white.min(delta_e(c, on_white(class_colour(j))));
                }
            }
        }
        assert!(closest_on_white >= 18.0, "{closest_on_white:.1}");
        assert_eq!(on_white(class_colour(0)), class_colour(0), "blue stays");
        assert_eq!(on_white(MISSING), MISSING, "grey is dark enough");
        assert!(
            contrast(class_colour(4)) < 1.5,
            "the dark palette's yellow on white"
        );
        // Beyond the table the hues still differ from their neighbours.
        assert!(delta_e(class_colour(24), class_colour(25)) > 10.0);
    }
}
