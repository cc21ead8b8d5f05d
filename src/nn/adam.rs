//! Adam (Kingma & Ba 2015) with L2 weight decay added to the gradient (as `torch.optim.Adam`),
//! and gradient-norm clipping.

use super::params::ParamStore;
use crate::autodiff::Mat;

#[derive(Clone, Debug)]
pub struct Adam {
    pub lr: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub eps: f32,
    pub weight_decay: f32,
    /// Clip the global gradient norm to this (0: no clipping).
    pub max_grad_norm: f32,
    m: Vec<Mat>,
    v: Vec<Mat>,
    step: i32,
}

impl Adam {
    pub fn new(params: &ParamStore, lr: f32) -> Self {
        let zeros: Vec<Mat> = params.values.iter().map(|p| Mat::zeros(p.dim())).collect();
        Self {
            lr,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            max_grad_norm: 0.0,
            m: zeros.clone(),
            v: zeros,
            step: 0,
        }
    }

    /// Global L2 norm of the gradients.
    pub fn grad_norm(grads: &[Mat]) -> f32 {
        grads
            .iter()
            .map(|g| g.iter().map(|x| x * x).sum::<f32>())
            .sum::<f32>()
            .sqrt()
    }

    /// Applies one update; `grads[i]` belongs to `params.values[i]`.
    pub fn step(&mut self, params: &mut ParamStore, grads: &[Mat]) {
        self.step += 1;
        let norm = Self::grad_norm(grads);
        let clip = if self.max_grad_norm > 0.0 && norm > self.max_grad_norm {
            self.max_grad_norm / norm
        } else {
            1.0
        };
        let (b1, b2) = (self.beta1, self.beta2);
        let c1 = 1.0 - b1.powi(self.step);
        let c2 = 1.0 - b2.powi(self.step);
        for (((p, g), m), v) in params
            .values
            .iter_mut()
            .zip(grads)
            .zip(&mut self.m)
            .zip(&mut self.v)
        {
            ndarray::Zip::from(p)
                .and(g)
                .and(m)
                .and(v)
                .for_each(|p, &g, m, v| {
                    let g = g * clip + self.weight_decay * *p;
                    *m = b1 * *m + (1.0 - b1) * g;
                    *v = b2 * *v + (1.0 - b2) * g * g;
                    *p -= self.lr * (*m / c1) / ((*v / c2).sqrt() + self.eps);
                });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimises_a_quadratic() {
        let mut params = ParamStore::default();
        params.zeros("x", 1, 2);
        let mut adam = Adam::new(&params, 0.1);
        for _ in 0..500 {
            // f = (x0 - 3)² + (x1 + 1)²
            let x = &params.values[0];
            let g = Mat::from_shape_vec(
                (1, 2),
                vec![2.0 * (x[[0, 0]] - 3.0), 2.0 * (x[[0, 1]] + 1.0)],
            )
            .expect("shape");
            adam.step(&mut params, &[g]);
        }
        let x = &params.values[0];
        assert!(
            (x[[0, 0]] - 3.0).abs() < 1e-2 && (x[[0, 1]] + 1.0).abs() < 1e-2,
            "{x:?}"
        );
    }

    #[test]
    fn clipping_bounds_the_first_step() {
        let mut params = ParamStore::default();
        params.zeros("x", 1, 1);
        let mut adam = Adam::new(&params, 1.0);
        adam.max_grad_norm = 1.0;
        adam.step(&mut params, &[Mat::from_elem((1, 1), 1e6)]);
        assert!(params.values[0][[0, 0]].abs() <= 1.0 + 1e-6);
    }
}
