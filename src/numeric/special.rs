//! The log-gamma function and its first two derivatives, for the Beta distributions of
//! BN-Pool's stick-breaking prior. Computed in f64 by the recurrence up to x ≥ 10 and the
//! asymptotic (Stirling) series there, which keeps the error near 1e-12 for x > 0.

const SHIFT_TO: f64 = 10.0;

/// `ln Γ(x)` for `x > 0`.
pub fn ln_gamma(x: f64) -> f64 {
    let mut x = x;
    let mut shift = 0.0;
    while x < SHIFT_TO {
        shift -= x.ln();
        x += 1.0;
    }
    let r = 1.0 / (x * x);
    let series = (1.0 / 12.0 - r * (1.0 / 360.0 - r * (1.0 / 1260.0 - r / 1680.0))) / x;
    shift + (x - 0.5) * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI).ln() + series
}

/// The digamma function `ψ(x) = d/dx ln Γ(x)` for `x > 0`.
pub fn digamma(x: f64) -> f64 {
    let mut x = x;
    let mut shift = 0.0;
    while x < SHIFT_TO {
        shift -= 1.0 / x;
        x += 1.0;
    }
    let r = 1.0 / (x * x);
    let series = r * (1.0 / 12.0 - r * (1.0 / 120.0 - r * (1.0 / 252.0 - r * (1.0 / 240.0))));
    shift + x.ln() - 0.5 / x - series
}

/// The trigamma function `ψ′(x)` for `x > 0`.
pub fn trigamma(x: f64) -> f64 {
    let mut x = x;
    let mut shift = 0.0;
    while x < SHIFT_TO {
        shift += 1.0 / (x * x);
        x += 1.0;
    }
    let r = 1.0 / (x * x);
    let series = (1.0 + r * (1.0 / 6.0 - r * (1.0 / 30.0 - r * (1.0 / 42.0 - r / 30.0)))) / x;
    shift + 0.5 * r + series
}

/// `KL(Beta(a, b) ‖ Beta(a0, b0))` in closed form.
pub fn beta_kl(a: f64, b: f64, a0: f64, b0: f64) -> f64 {
    let ln_beta = |p: f64, q: f64| ln_gamma(p) + ln_gamma(q) - ln_gamma(p + q);
    ln_beta(a0, b0) - ln_beta(a, b)
        + (a - a0) * digamma(a)
        + (b - b0) * digamma(b)
        + (a0 - a + b0 - b) * digamma(a + b)
}

/// `∂KL/∂a` and `∂KL/∂b` of [`beta_kl`].
pub fn beta_kl_grad(a: f64, b: f64, a0: f64, b0: f64) -> (f64, f64) {
    let common = (a0 + b0 - a - b) * trigamma(a + b);
    (
        (a - a0) * trigamma(a) + common,
        (b - b0) * trigamma(b) + common,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // Γ(5) = 24, Γ(1/2) = √π; ψ(1) = −γ, ψ′(1) = π²/6, ψ(1/2) = −γ − 2 ln 2.
        let euler = 0.577_215_664_901_532_9;
        let pi = std::f64::consts::PI;
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-11);
        assert!((ln_gamma(0.5) - pi.sqrt().ln()).abs() < 1e-11);
        assert!((ln_gamma(0.001) - 6.907_178_885_383_853).abs() < 1e-10);
        assert!((digamma(1.0) + euler).abs() < 1e-12);
        assert!((digamma(0.5) + euler + 2.0 * 2f64.ln()).abs() < 1e-12);
        assert!((trigamma(1.0) - pi * pi / 6.0).abs() < 1e-12);
        assert!((trigamma(0.5) - pi * pi / 2.0).abs() < 1e-11);
    }

    #[test]
    fn beta_kl_matches_torch_and_its_gradient_the_finite_difference() {
        // torch.distributions.kl_divergence(Beta(a, b), Beta(a0, b0)), torch 2.15.
        for (a, b, a0, b0, want) in [
            (2.0, 3.0, 1.0, 1.0, 0.2349),
            (0.5, 0.7, 1.0, 1.0, 0.1979),
            (1.0, 1.0, 1.0, 1.0, 0.0),
            (3.0, 0.2, 1.0, 1.0, 3.5464),
            (2.0, 3.0, 1.0, 2.5, 0.1936),
            (0.5, 0.7, 1.0, 2.5, 0.6781),
            (3.0, 0.2, 1.0, 2.5, 12.0619),
        ] {
            let got = beta_kl(a, b, a0, b0);
            assert!(
                (got - want).abs() < 1e-4,
                "KL({a},{b}‖{a0},{b0}) = {got}, torch {want}"
            );
            let (da, db) = beta_kl_grad(a, b, a0, b0);
            let h = 1e-6;
            let fa = (beta_kl(a + h, b, a0, b0) - beta_kl(a - h, b, a0, b0)) / (2.0 * h);
            let fb = (beta_kl(a, b + h, a0, b0) - beta_kl(a, b - h, a0, b0)) / (2.0 * h);
            assert!((da - fa).abs() < 1e-5 * (1.0 + fa.abs()), "{da} vs {fa}");
            assert!((db - fb).abs() < 1e-5 * (1.0 + fb.abs()), "{db} vs {fb}");
        }
    }
}
