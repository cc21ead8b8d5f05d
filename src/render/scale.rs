//! A numeric column drawn as colour: viridis (perceptually even, readable in grey and by
//! most colour-blind viewers) over the column's range, logarithmic when the values are
//! positive and span more than a factor of 20 (citation counts, volumes).

use epaint::Color32;

/// Viridis at eleven even stops, from matplotlib's table.
const VIRIDIS: [[u8; 3]; 11] = [
    [68, 1, 84],
    [72, 36, 117],
    [65, 68, 135],
    [53, 95, 141],
    [42, 120, 142],
    [33, 145, 140],
    [34, 168, 132],
    [68, 190, 112],
    [122, 209, 81],
    [189, 223, 38],
    [253, 231, 37],
];

/// The colour at `t` in [0, 1].
pub fn viridis(t: f32) -> Color32 {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (VIRIDIS.len() - 1) as f32;
    let k = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - k as f32;
    let mix = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * f).round() as u8;
    let (a, b) = (VIRIDIS[k], VIRIDIS[k + 1]);
    Color32::from_rgb(mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2]))
}

/// How values map to [0, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub log: bool,
}

impl Scale {
    /// The scale of a column's values (`None` where missing); `None` when it has none.
    pub fn of(values: &[Option<f64>]) -> Option<Self> {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.iter().flatten().filter(|v| v.is_finite()) {
            lo = lo.min(*v);
            hi = hi.max(*v);
        }
        if lo > hi {
            return None;
        }
        Some(Self {
            lo,
            hi,
            log: lo > 0.0 && hi / lo > 20.0,
        })
    }

    /// Where `v` falls, 0 at `lo` and 1 at `hi` (0.5 for a constant column).
    pub fn position(&self, v: f64) -> f32 {
        let (a, b, x) = if self.log {
            (self.lo.ln(), self.hi.ln(), v.max(self.lo).ln())
        } else {
            (self.lo, self.hi, v)
        };
        if b - a <= f64::EPSILON * a.abs().max(1.0) {
            0.5
        } else {
            ((x - a) / (b - a)).clamp(0.0, 1.0) as f32
        }
    }

    /// The value at position `t` (the inverse of [`Self::position`]).
    pub fn value_at(&self, t: f32) -> f64 {
        let t = f64::from(t.clamp(0.0, 1.0));
        if self.log {
            (self.lo.ln() + (self.hi.ln() - self.lo.ln()) * t).exp()
        } else {
            self.lo + (self.hi - self.lo) * t
        }
    }

    pub fn colour(&self, v: Option<f64>) -> Color32 {
        match v {
            Some(v) if v.is_finite() => viridis(self.position(v)),
            _ => super::palette::MISSING,
        }
    }
}

/// A value short enough for a legend: `12`, `0.031`, `1.2e6`.
pub fn short_value(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e6).contains(&a) {
        format!("{v:.1e}")
    } else if v == v.round() {
        format!("{v:.0}")
    } else {
        let t = format!("{v:.3}");
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_and_middle_of_viridis() {
        assert_eq!(viridis(0.0), Color32::from_rgb(68, 1, 84));
        assert_eq!(viridis(1.0), Color32::from_rgb(253, 231, 37));
        assert_eq!(viridis(0.5), Color32::from_rgb(33, 145, 140));
        assert_eq!(viridis(f32::NAN), viridis(0.0));
        assert_eq!(viridis(7.0), viridis(1.0));
    }

    #[test]
    fn linear_and_log_scales() {
        let lin = Scale::of(&[Some(0.0), None, Some(10.0)]).expect("values");
        assert!(!lin.log);
        assert_eq!(lin.position(2.5), 0.25);
        assert_eq!(lin.value_at(0.25), 2.5);
        assert_eq!(lin.colour(None), super::super::palette::MISSING);
        let log = Scale::of(&[Some(1.0), Some(10.0), Some(1000.0)]).expect("values");
        assert!(log.log);
        assert!((log.position(10.0) - 1.0 / 3.0).abs() < 1e-6);
        assert!((log.value_at(2.0 / 3.0) - 100.0).abs() < 1e-3);
        let flat = Scale::of(&[Some(3.0), Some(3.0)]).expect("values");
        assert_eq!(flat.position(3.0), 0.5);
        assert!(Scale::of(&[None, None]).is_none());
        assert_eq!(short_value(1234567.0), "1.2e6");
        assert_eq!(short_value(0.25), "0.25");
        assert_eq!(short_value(12.0), "12");
    }
}
