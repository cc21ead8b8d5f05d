//! Named trainable matrices, initialised from a seed.

use crate::autodiff::{Mat, Tape, Var};
use crate::numeric::rng::Rng;

/// All trainable weights of a model, in creation order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParamStore {
    pub names: Vec<String>,
    pub values: Vec<Mat>,
}

/// Index of a parameter in its store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamId(pub usize);

impl ParamStore {
    /// Glorot-uniform weights (`fan_in x fan_out`), as PyG's `Linear` initialises them.
    pub fn glorot(&mut self, name: &str, fan_in: usize, fan_out: usize, rng: &mut Rng) -> ParamId {
        let a = (6.0 / (fan_in + fan_out).max(1) as f32).sqrt();
        let m = Mat::from_shape_fn((fan_in, fan_out), |_| (rng.next_f32() * 2.0 - 1.0) * a);
        self.push(name, m)
    }

    /// Uniform in `[lo, hi)` (MemPool's keys, as PyG initialises them).
    pub fn uniform(
        &mut self,
        name: &str,
        shape: (usize, usize),
        (lo, hi): (f32, f32),
        rng: &mut Rng,
    ) -> ParamId {
        let m = Mat::from_shape_fn(shape, |_| lo + rng.next_f32() * (hi - lo));
        self.push(name, m)
    }

    pub fn zeros(&mut self, name: &str, rows: usize, cols: usize) -> ParamId {
        self.push(name, Mat::zeros((rows, cols)))
    }

    /// A parameter with a given starting value (BN-Pool's cluster connectivity).
    pub fn fixed(&mut self, name: &str, m: Mat) -> ParamId {
        self.push(name, m)
    }

    fn push(&mut self, name: &str, m: Mat) -> ParamId {
        self.names.push(name.to_string());
        self.values.push(m);
        ParamId(self.values.len() - 1)
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Puts every parameter on the tape; index the result with a [`ParamId`].
    pub fn on_tape(&self, t: &mut Tape) -> Vec<Var> {
        self.values.iter().map(|m| t.param(m.clone())).collect()
    }

    pub fn count(&self) -> usize {
        self.values.iter().map(Mat::len).sum()
    }
}
