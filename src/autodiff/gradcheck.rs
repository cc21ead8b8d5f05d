//! Finite-difference gradient checks for the tape.
//!
//! For `out = f(inputs)` the check contracts the output with a fixed random matrix `R`
//! (`L = Σ R ⊙ out`, summed in f64), compares the tape's gradient of `L` against central
//! differences, and returns the worst relative error over all inputs, measured as
//! `‖g_fd − g_tape‖ / max(‖g_fd‖, ‖g_tape‖, 1e-2)`.

use super::tape::{Mat, Tape, Var};
use crate::numeric::rng::Rng;

/// Step for central differences: large enough that f32 rounding stays small against it.
const EPS: f32 = 1e-2;

fn contract(out: &Mat, r: &Mat) -> f64 {
    out.iter()
        .zip(r.iter())
        .map(|(&a, &b)| a as f64 * b as f64)
        .sum()
}

/// The worst relative gradient error of `f` at `inputs`.
pub fn max_relative_error(inputs: &[Mat], f: &dyn Fn(&mut Tape, &[Var]) -> Var) -> f64 {
    let mut tape = Tape::new();
    let vars: Vec<Var> = inputs.iter().map(|m| tape.param(m.clone())).collect();
    let out = f(&mut tape, &vars);
    let mut rng = Rng::new(42);
    let r = tape.value(out).mapv(|_| rng.next_f32() * 2.0 - 1.0);
    let grads = tape.backward_with(out, r.clone());
    let eval = |perturbed: &[Mat]| {
        let mut t = Tape::new();
        let vs: Vec<Var> = perturbed.iter().map(|m| t.param(m.clone())).collect();
        let o = f(&mut t, &vs);
        contract(t.value(o), &r)
    };
    let mut worst = 0.0f64;
    for (k, input) in inputs.iter().enumerate() {
        let analytic = grads
            .get(vars[k])
            .cloned()
            .unwrap_or_else(|| Mat::zeros(input.dim()));
        let mut numeric = Mat::zeros(input.dim());
        for idx in 0..input.len() {
            let mut plus = inputs.to_vec();
            let mut minus = inputs.to_vec();
            if let Some(v) = plus[k].as_slice_mut() {
                v[idx] += EPS;
            }
            if let Some(v) = minus[k].as_slice_mut() {
                v[idx] -= EPS;
            }
            let d = (eval(&plus) - eval(&minus)) / (2.0 * EPS as f64);
            if let Some(n) = numeric.as_slice_mut() {
                n[idx] = d as f32;
            }
        }
        let diff: f64 = numeric
            .iter()
            .zip(analytic.iter())
            .map(|(&a, &b)| ((a - b) as f64).powi(2))
            .sum::<f64>()
            .sqrt();
        let na: f64 = analytic
            .iter()
            .map(|&a| (a as f64).powi(2))
            .sum::<f64>()
            .sqrt();
        let nn: f64 = numeric
            .iter()
            .map(|&a| (a as f64).powi(2))
            .sum::<f64>()
            .sqrt();
        worst = worst.max(diff / na.max(nn).max(1e-2));
    }
    worst
}

/// A seeded random matrix with entries in `[lo, hi)`.
pub fn random(rows: usize, cols: usize, lo: f32, hi: f32, seed: u64) -> Mat {
    let mut rng = Rng::new(seed);
    Mat::from_shape_fn((rows, cols), |_| lo + (hi - lo) * rng.next_f32())
}
