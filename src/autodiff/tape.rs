//! A reverse-mode tape over `ndarray` (f32), in the manner of dfdx's tape and candle's
//! backprop: every operation appends a node holding its value and its [`Op`]; `backward`
//! walks the nodes in reverse and applies one `match` arm per op, the derivative written beside
//! it.
//!
//! Everything is a 2-D matrix (a scalar is 1 x 1). Element-wise ops broadcast a `1 x d` row, an
//! `n x 1` column or a `1 x 1` scalar against an `n x d` matrix; their gradients are summed back
//! over the broadcast axes. The input graph's adjacency enters as a constant sparse matrix, so
//! level 0 never becomes an n x n dense matrix.

use crate::graph::Csr;
use crate::numeric::elementwise as ew;
use crate::numeric::gemm;
use ndarray::{Axis, Zip};
use std::sync::Arc;

pub use crate::numeric::Mat;

/// A handle to a value on the tape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Var(usize);

/// A constant sparse matrix and its transpose (the same `Arc` when symmetric).
#[derive(Clone, Debug)]
pub struct Sparse {
    pub a: Arc<Csr>,
    pub at: Arc<Csr>,
}

impl Sparse {
    pub fn new(a: Csr) -> Self {
        let a = Arc::new(a);
        let at = if a.is_symmetric() {
            a.clone()
        } else {
            Arc::new(a.transpose())
        };
        Self { a, at }
    }

    pub fn rows(&self) -> usize {
        self.a.node_count()
    }
}

/// Multiply-adds below which [`spmm`] runs on one core: a 4,000-node graph's product takes
/// less time than waking the other threads.
const SPMM_PARALLEL_ABOVE: usize = 1 << 20;

/// `A · X` for sparse `A`, rows in parallel for a big product. Works on plain slices: each
/// nonzero adds `w` times one row of `X` to one row of the output, a loop the compiler
/// vectorises (ndarray row views cost more than the arithmetic at 32 columns).
pub fn spmm(a: &Csr, x: &Mat) -> Mat {
    use rayon::prelude::*;
    let (n, d) = (a.node_count(), x.ncols());
    let mut out = Mat::zeros((n, d));
    if d == 0 || n == 0 {
        return out;
    }
    let standard;
    let xs: &[f32] = match x.as_slice() {
        Some(s) => s,
        None => {
            standard = x.as_standard_layout().into_owned();
            standard.as_slice().unwrap_or(&[])
        }
    };
    let row_of = |i: usize, row: &mut [f32]| {
        let (cols, vals) = a.row(i);
        for (&c, &w) in cols.iter().zip(vals) {
            let c = c as usize;
            for (o, &v) in row.iter_mut().zip(&xs[c * d..c * d + d]) {
                *o += w * v;
            }
        }
    };
    let Some(slice) = out.as_slice_mut() else {
        return out;
    };
    if a.nnz() * d < SPMM_PARALLEL_ABOVE {
        for (i, row) in slice.chunks_mut(d).enumerate() {
            row_of(i, row);
        }
    } else {
        // Blocks of rows, so the scheduler does not split a hundred thousand times.
        let rows = 256;
        slice
            .par_chunks_mut(d * rows)
            .enumerate()
            .for_each(|(b, block)| {
                for (k, row) in block.chunks_mut(d).enumerate() {
                    row_of(b * rows + k, row);
                }
            });
    }
    out
}

#[derive(Clone, Debug)]
enum Op {
    Leaf,
    MatMul(Var, Var),
    SpMM(Sparse, Var),
    Add(Var, Var),
    Sub(Var, Var),
    Mul(Var, Var),
    Div(Var, Var),
    /// Element-wise product with a constant (dropout masks, diagonal masks), broadcast.
    MulConst(Var, Arc<Mat>),
    Scale(Var, f32),
    AddScalar(Var),
    Relu(Var),
    Selu(Var),
    Tanh(Var),
    Sigmoid(Var),
    Exp(Var),
    Log(Var),
    Sqrt(Var),
    SoftmaxRows(Var),
    LogSoftmaxRows(Var),
    Transpose(Var),
    Sum(Var),
    /// Column sums, `1 x d`.
    SumRows(Var),
    /// Row sums, `n x 1`.
    SumCols(Var),
    /// Column maxima, `1 x d`, with the row of each maximum.
    MaxRows(Var, Arc<Vec<usize>>),
    FrobNorm(Var),
    Trace(Var),
    GatherRows(Var, Arc<Vec<usize>>),
    ConcatCols(Var, Var),
    /// `Y_ic = max_{j ∈ row i of A} x_jc`, with the arg max per entry.
    NeighbourMax(Var, Arc<Vec<usize>>),
    /// `clamp(softplus(x), lo, hi)`.
    Softplus(Var, f32, f32),
    /// Element-wise `KL(Beta(a, b) ‖ Beta(a0, b0))`.
    BetaKl(Var, Var, f32, f32),
    /// BN-Pool's link reconstruction loss of `S K Sᵀ` (see `link.rs`).
    LinkBce(Var, Var, Arc<super::link::LinkTargets>),
}

struct Node {
    value: Mat,
    op: Op,
    needs_grad: bool,
}

/// Gradients from one backward pass, by variable.
pub struct Grads(Vec<Option<Mat>>);

impl Grads {
    pub fn get(&self, v: Var) -> Option<&Mat> {
        self.0.get(v.0).and_then(Option::as_ref)
    }

    pub fn take(&mut self, v: Var) -> Option<Mat> {
        self.0.get_mut(v.0).and_then(Option::take)
    }
}

const SELU_ALPHA: f32 = 1.673_263_2;
const SELU_SCALE: f32 = 1.050_701;

/// The tape: values, ops and the backward pass.
#[derive(Default)]
pub struct Tape {
    nodes: Vec<Node>,
    /// Products `A · x` and transposes already on the tape: a loss and the pooled adjacency
    /// both need `A S` and `Sᵀ` (MinCut, DMoN, DiffPool …), and on a big graph each product
    /// is the most expensive op of the epoch, forward and backward. Keyed by the sparse
    /// matrix's address (the tape holds it, so the address cannot be reused) and the input.
    products: Vec<((usize, usize), Var)>,
    transposes: Vec<(usize, Var)>,
}

/// Sums `g` down to `shape` over the axes where `shape` is 1 and `g` is not.
fn reduce_to(g: Mat, shape: (usize, usize)) -> Mat {
    let mut g = g;
    if shape.0 == 1 && g.nrows() != 1 {
        g = g.sum_axis(Axis(0)).insert_axis(Axis(0));
    }
    if shape.1 == 1 && g.ncols() != 1 {
        g = g.sum_axis(Axis(1)).insert_axis(Axis(1));
    }
    g
}

fn broadcast_ok(a: (usize, usize), b: (usize, usize)) -> bool {
    (a.0 == b.0 || a.0 == 1 || b.0 == 1) && (a.1 == b.1 || a.1 == 1 || b.1 == 1)
}

impl Tape {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    fn push(&mut self, value: Mat, op: Op, needs_grad: bool) -> Var {
        self.nodes.push(Node {
            value,
            op,
            needs_grad,
        });
        Var(self.nodes.len() - 1)
    }

    fn needs(&self, v: Var) -> bool {
        self.nodes[v.0].needs_grad
    }

    /// A trainable input (its gradient is kept).
    pub fn param(&mut self, value: Mat) -> Var {
        self.push(value, Op::Leaf, true)
    }

    /// A constant input.
    pub fn constant(&mut self, value: Mat) -> Var {
        self.push(value, Op::Leaf, false)
    }

    pub fn scalar(&mut self, x: f32) -> Var {
        self.constant(Mat::from_elem((1, 1), x))
    }

    pub fn value(&self, v: Var) -> &Mat {
        &self.nodes[v.0].value
    }

    /// The value of a `1 x 1` variable.
    pub fn item(&self, v: Var) -> f32 {
        self.nodes[v.0]
            .value
            .iter()
            .next()
            .copied()
            .unwrap_or(f32::NAN)
    }

    pub fn shape(&self, v: Var) -> (usize, usize) {
        self.nodes[v.0].value.dim()
    }

    fn unary(&mut self, a: Var, op: Op, f: impl Fn(f32) -> f32 + Sync + Send) -> Var {
        let value = ew::map(self.value(a), f);
        let needs = self.needs(a);
        self.push(value, op, needs)
    }

    pub fn matmul(&mut self, a: Var, b: Var) -> Var {
        assert_eq!(self.shape(a).1, self.shape(b).0, "matmul shapes");
        let value = gemm::dot(self.value(a).view(), self.value(b).view());
        let needs = self.needs(a) || self.needs(b);
        self.push(value, Op::MatMul(a, b), needs)
    }

    pub fn spmm(&mut self, a: &Sparse, x: Var) -> Var {
        assert_eq!(a.rows(), self.shape(x).0, "spmm shapes");
        let key = (Arc::as_ptr(&a.a) as usize, x.0);
        if let Some(&(_, y)) = self.products.iter().find(|(k, _)| *k == key) {
            return y;
        }
        let value = spmm(&a.a, self.value(x));
        let needs = self.needs(x);
        let y = self.push(value, Op::SpMM(a.clone(), x), needs);
        self.products.push((key, y));
        y
    }

    fn binary(&mut self, a: Var, b: Var, op: Op, f: impl Fn(&Mat, &Mat) -> Mat) -> Var {
        assert!(
            broadcast_ok(self.shape(a), self.shape(b)),
            "shapes {:?} and {:?} do not broadcast",
            self.shape(a),
            self.shape(b)
        );
        let value = f(self.value(a), self.value(b));
        let needs = self.needs(a) || self.needs(b);
        self.push(value, op, needs)
    }

    pub fn add(&mut self, a: Var, b: Var) -> Var {
        self.binary(a, b, Op::Add(a, b), |x, y| ew::zip(x, y, |p, q| p + q))
    }

    pub fn sub(&mut self, a: Var, b: Var) -> Var {
        self.binary(a, b, Op::Sub(a, b), |x, y| ew::zip(x, y, |p, q| p - q))
    }

    pub fn mul(&mut self, a: Var, b: Var) -> Var {
        self.binary(a, b, Op::Mul(a, b), |x, y| ew::zip(x, y, |p, q| p * q))
    }

    pub fn div(&mut self, a: Var, b: Var) -> Var {
        self.binary(a, b, Op::Div(a, b), |x, y| ew::zip(x, y, |p, q| p / q))
    }

    pub fn mul_const(&mut self, a: Var, c: Arc<Mat>) -> Var {
        assert!(broadcast_ok(self.shape(a), c.dim()), "mul_const shapes");
        let value = ew::zip(self.value(a), &c, |x, y| x * y);
        let needs = self.needs(a);
        self.push(value, Op::MulConst(a, c), needs)
    }

    pub fn scale(&mut self, a: Var, c: f32) -> Var {
        self.unary(a, Op::Scale(a, c), |x| x * c)
    }

    pub fn add_scalar(&mut self, a: Var, c: f32) -> Var {
        self.unary(a, Op::AddScalar(a), |x| x + c)
    }

    pub fn relu(&mut self, a: Var) -> Var {
        self.unary(a, Op::Relu(a), |x| x.max(0.0))
    }

    pub fn selu(&mut self, a: Var) -> Var {
        self.unary(a, Op::Selu(a), |x| {
            if x > 0.0 {
                SELU_SCALE * x
            } else {
                SELU_SCALE * SELU_ALPHA * (x.exp() - 1.0)
            }
        })
    }

    pub fn tanh(&mut self, a: Var) -> Var {
        self.unary(a, Op::Tanh(a), f32::tanh)
    }

    pub fn sigmoid(&mut self, a: Var) -> Var {
        self.unary(a, Op::Sigmoid(a), |x| 1.0 / (1.0 + (-x).exp()))
    }

    pub fn exp(&mut self, a: Var) -> Var {
        self.unary(a, Op::Exp(a), f32::exp)
    }

    pub fn log(&mut self, a: Var) -> Var {
        self.unary(a, Op::Log(a), f32::ln)
    }

    pub fn sqrt(&mut self, a: Var) -> Var {
        self.unary(a, Op::Sqrt(a), f32::sqrt)
    }

    pub fn softmax_rows(&mut self, a: Var) -> Var {
        let value = ew::softmax_rows(self.value(a));
        let needs = self.needs(a);
        self.push(value, Op::SoftmaxRows(a), needs)
    }

    pub fn log_softmax_rows(&mut self, a: Var) -> Var {
        let x = self.value(a);
        let mut value = x.clone();
        for mut row in value.rows_mut() {
            let m = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let lse = m + row.iter().map(|&v| (v - m).exp()).sum::<f32>().ln();
            row.mapv_inplace(|v| v - lse);
        }
        let needs = self.needs(a);
        self.push(value, Op::LogSoftmaxRows(a), needs)
    }

    pub fn transpose(&mut self, a: Var) -> Var {
        if let Some(&(_, y)) = self.transposes.iter().find(|(k, _)| *k == a.0) {
            return y;
        }
        let value = ew::transpose(self.value(a));
        let needs = self.needs(a);
        let y = self.push(value, Op::Transpose(a), needs);
        self.transposes.push((a.0, y));
        y
    }

    pub fn sum(&mut self, a: Var) -> Var {
        let value = Mat::from_elem((1, 1), self.value(a).sum());
        let needs = self.needs(a);
        self.push(value, Op::Sum(a), needs)
    }

    pub fn mean(&mut self, a: Var) -> Var {
        let n = self.value(a).len().max(1) as f32;
        let s = self.sum(a);
        self.scale(s, 1.0 / n)
    }

    /// Column sums (`1 x d`).
    pub fn sum_rows(&mut self, a: Var) -> Var {
        let value = self.value(a).sum_axis(Axis(0)).insert_axis(Axis(0));
        let needs = self.needs(a);
        self.push(value, Op::SumRows(a), needs)
    }

    /// Row sums (`n x 1`).
    pub fn sum_cols(&mut self, a: Var) -> Var {
        let value = self.value(a).sum_axis(Axis(1)).insert_axis(Axis(1));
        let needs = self.needs(a);
        self.push(value, Op::SumCols(a), needs)
    }

    /// Column means (`1 x d`), e.g. a mean readout over nodes.
    pub fn mean_rows(&mut self, a: Var) -> Var {
        let n = self.shape(a).0.max(1) as f32;
        let s = self.sum_rows(a);
        self.scale(s, 1.0 / n)
    }

    /// Column maxima (`1 x d`), e.g. a max readout over nodes.
    pub fn max_rows(&mut self, a: Var) -> Var {
        let x = self.value(a);
        let (n, d) = x.dim();
        let mut idx = vec![0usize; d];
        let mut value = Mat::from_elem((1, d), f32::NEG_INFINITY);
        for j in 0..d {
            for i in 0..n {
                if x[[i, j]] > value[[0, j]] {
                    value[[0, j]] = x[[i, j]];
                    idx[j] = i;
                }
            }
        }
        if n == 0 {
            value.fill(0.0);
        }
        let needs = self.needs(a);
        self.push(value, Op::MaxRows(a, Arc::new(idx)), needs)
    }

    pub fn frob_norm(&mut self, a: Var) -> Var {
        let value = Mat::from_elem(
            (1, 1),
            self.value(a).iter().map(|v| v * v).sum::<f32>().sqrt(),
        );
        let needs = self.needs(a);
        self.push(value, Op::FrobNorm(a), needs)
    }

    pub fn trace(&mut self, a: Var) -> Var {
        let x = self.value(a);
        let value = Mat::from_elem(
            (1, 1),
            (0..x.nrows().min(x.ncols())).map(|i| x[[i, i]]).sum(),
        );
        let needs = self.needs(a);
        self.push(value, Op::Trace(a), needs)
    }

    pub fn gather_rows(&mut self, a: Var, idx: Arc<Vec<usize>>) -> Var {
        let value = self.value(a).select(Axis(0), &idx);
        let needs = self.needs(a);
        self.push(value, Op::GatherRows(a, idx), needs)
    }

    pub fn concat_cols(&mut self, a: Var, b: Var) -> Var {
        let value = ndarray::concatenate(Axis(1), &[self.value(a).view(), self.value(b).view()])
            .expect("same row count");
        let needs = self.needs(a) || self.needs(b);
        self.push(value, Op::ConcatCols(a, b), needs)
    }

    /// Backward from a `1 x 1` output.
    /// For each row `i` of `a`, the column-wise maximum of `x` over the nodes row `i` links
    /// to (PyG's `scatter(…, reduce="max")` over a neighbourhood); a row without links gives 0.
    pub fn neighbour_max(&mut self, x: Var, a: &Csr) -> Var {
        let xv = self.value(x);
        let (n, d) = (a.node_count(), xv.ncols());
        let mut value = Mat::zeros((n, d));
        let mut arg = vec![usize::MAX; n * d];
        for i in 0..n {
            let (cols, _) = a.row(i);
            for c in 0..d {
                let mut best = f32::NEG_INFINITY;
                for &j in cols {
                    let v = xv[[j as usize, c]];
                    if v > best {
                        best = v;
                        arg[i * d + c] = j as usize;
                    }
                }
                if best.is_finite() {
                    value[[i, c]] = best;
                }
            }
        }
        let needs = self.needs(x);
        self.push(value, Op::NeighbourMax(x, Arc::new(arg)), needs)
    }

    /// `clamp(ln(1 + eˣ), lo, hi)`, written to stay finite for large `|x|`.
    pub fn softplus_clamped(&mut self, a: Var, lo: f32, hi: f32) -> Var {
        self.unary(a, Op::Softplus(a, lo, hi), move |x| {
            (x.max(0.0) + (-x.abs()).exp().ln_1p()).clamp(lo, hi)
        })
    }

    /// `KL(Beta(a, b) ‖ Beta(a0, b0))` element by element (`a`, `b` positive, same shape).
    pub fn beta_kl(&mut self, a: Var, b: Var, a0: f32, b0: f32) -> Var {
        let value = ndarray::Zip::from(self.value(a))
            .and(self.value(b))
            .map_collect(|&x, &y| {
                crate::numeric::special::beta_kl(x as f64, y as f64, a0 as f64, b0 as f64) as f32
            });
        let needs = self.needs(a) || self.needs(b);
        self.push(value, Op::BetaKl(a, b, a0, b0), needs)
    }

    /// `Σ_ij w_ij (softplus(z_ij) − y_ij z_ij)` for `Z = S K Sᵀ`, as a `1 x 1`.
    pub fn link_bce(&mut self, s: Var, k: Var, targets: Arc<super::link::LinkTargets>) -> Var {
        let value = super::link::loss(self.value(s), self.value(k), &targets);
        let needs = self.needs(s) || self.needs(k);
        self.push(
            Mat::from_elem((1, 1), value),
            Op::LinkBce(s, k, targets),
            needs,
        )
    }

    pub fn backward(&self, out: Var) -> Grads {
        self.backward_with(out, Mat::ones(self.shape(out)))
    }

    /// Backward with an explicit upstream gradient of `out`'s shape.
    pub fn backward_with(&self, out: Var, seed: Mat) -> Grads {
        let mut grads: Vec<Option<Mat>> = vec![None; self.nodes.len()];
        grads[out.0] = Some(seed);
        let accumulate = |grads: &mut Vec<Option<Mat>>, v: Var, g: Mat| {
            if !self.nodes[v.0].needs_grad {
                return;
            }
            let g = reduce_to(g, self.nodes[v.0].value.dim());
            match &mut grads[v.0] {
                Some(acc) => ew::add_assign(acc, &g),
                slot => *slot = Some(g),
            }
        };
        for i in (0..=out.0).rev() {
            let node = &self.nodes[i];
            if !node.needs_grad {
                continue;
            }
            let Some(g) = grads[i].take() else { continue };
            let y = &node.value;
            match &node.op {
                Op::Leaf => {
                    grads[i] = Some(g);
                }
                // Y = A B: dA = dY Bᵀ, dB = Aᵀ dY
                Op::MatMul(a, b) => {
                    let (va, vb) = (self.value(*a), self.value(*b));
                    if self.needs(*a) {
                        accumulate(&mut grads, *a, gemm::dot(g.view(), vb.t()));
                    }
                    if self.needs(*b) {
                        accumulate(&mut grads, *b, gemm::dot(va.t(), g.view()));
                    }
                }
                // Y = A X (A constant): dX = Aᵀ dY
                Op::SpMM(s, x) => accumulate(&mut grads, *x, spmm(&s.at, &g)),
                // Y = a + b: da = dY, db = dY (summed over broadcast axes)
                Op::Add(a, b) => {
                    accumulate(&mut grads, *a, g.clone());
                    accumulate(&mut grads, *b, g);
                }
                // Y = a - b: da = dY, db = -dY
                Op::Sub(a, b) => {
                    accumulate(&mut grads, *a, g.clone());
                    accumulate(&mut grads, *b, ew::map(&g, |v| -v));
                }
                // Y = a b: da = dY b, db = dY a
                Op::Mul(a, b) => {
                    let (va, vb) = (self.value(*a), self.value(*b));
                    accumulate(&mut grads, *a, ew::zip(&g, vb, |g, b| g * b));
                    accumulate(&mut grads, *b, ew::zip(&g, va, |g, a| g * a));
                }
                // Y = a / b: da = dY / b, db = -dY a / b²
                Op::Div(a, b) => {
                    let (va, vb) = (self.value(*a), self.value(*b));
                    accumulate(&mut grads, *a, ew::zip(&g, vb, |g, b| g / b));
                    accumulate(
                        &mut grads,
                        *b,
                        ew::zip3(&g, va, vb, |g, a, b| -(g * a) / (b * b)),
                    );
                }
                // Y = a c: da = dY c
                Op::MulConst(a, c) => accumulate(&mut grads, *a, ew::zip(&g, c, |g, c| g * c)),
                // Y = c a: da = c dY
                Op::Scale(a, c) => accumulate(&mut grads, *a, ew::map(&g, |g| g * *c)),
                // Y = a + c: da = dY
                Op::AddScalar(a) => accumulate(&mut grads, *a, g),
                // Y = max(x, 0): dx = dY [x > 0]
                Op::Relu(a) => {
                    let d = ew::zip(&g, self.value(*a), |g, x| if x > 0.0 { g } else { 0.0 });
                    accumulate(&mut grads, *a, d);
                }
                // Y = λx (x > 0), λα(eˣ - 1) otherwise: dx = dY λ or dY λα eˣ
                Op::Selu(a) => {
                    let d = ew::zip(&g, self.value(*a), |g, x| {
                        g * if x > 0.0 {
                            SELU_SCALE
                        } else {
                            SELU_SCALE * SELU_ALPHA * x.exp()
                        }
                    });
                    accumulate(&mut grads, *a, d);
                }
                // Y = tanh x: dx = dY (1 - Y²)
                Op::Tanh(a) => accumulate(&mut grads, *a, ew::zip(&g, y, |g, t| g * (1.0 - t * t))),
                // Y = σ(x): dx = dY Y (1 - Y)
                Op::Sigmoid(a) => {
                    accumulate(&mut grads, *a, ew::zip(&g, y, |g, s| g * (s * (1.0 - s))))
                }
                // Y = eˣ: dx = dY Y
                Op::Exp(a) => accumulate(&mut grads, *a, ew::zip(&g, y, |g, y| g * y)),
                // Y = ln x: dx = dY / x
                Op::Log(a) => accumulate(&mut grads, *a, ew::zip(&g, self.value(*a), |g, x| g / x)),
                // Y = √x: dx = dY / (2Y)
                Op::Sqrt(a) => accumulate(&mut grads, *a, ew::zip(&g, y, |g, s| g / (2.0 * s))),
                // Y = softmax(x) per row: dx = Y ⊙ (dY - Σⱼ dYⱼ Yⱼ)
                Op::SoftmaxRows(a) => accumulate(&mut grads, *a, ew::softmax_rows_grad(y, &g)),
                // Y = x - logsumexp(x) per row: dx = dY - softmax(x) Σⱼ dYⱼ
                Op::LogSoftmaxRows(a) => {
                    let total = g.sum_axis(Axis(1)).insert_axis(Axis(1));
                    accumulate(&mut grads, *a, &g - &(&y.mapv(f32::exp) * &total));
                }
                // Y = xᵀ: dx = dYᵀ
                Op::Transpose(a) => accumulate(&mut grads, *a, ew::transpose(&g)),
                // Y = Σ x: dx = dY everywhere
                Op::Sum(a) => {
                    let shape = self.shape(*a);
                    accumulate(&mut grads, *a, Mat::from_elem(shape, g[[0, 0]]));
                }
                // Y = 1ᵀx (column sums): dx = 1 dY; Y = x1 (row sums): dx = dY 1ᵀ.
                // Either way dY is broadcast back over the summed axis.
                Op::SumRows(a) | Op::SumCols(a) => {
                    let shape = self.shape(*a);
                    accumulate(
                        &mut grads,
                        *a,
                        g.broadcast(shape)
                            .map(|b| b.to_owned())
                            .unwrap_or_else(|| Mat::zeros(shape)),
                    );
                }
                // Y_j = max_i x_ij: dx_ij = dY_j where i is the argmax
                Op::MaxRows(a, idx) => {
                    let mut d = Mat::zeros(self.shape(*a));
                    for (j, &i) in idx.iter().enumerate() {
                        if i < d.nrows() {
                            d[[i, j]] = g[[0, j]];
                        }
                    }
                    accumulate(&mut grads, *a, d);
                }
                // Y = ‖x‖_F: dx = dY x / Y (0 at x = 0)
                Op::FrobNorm(a) => {
                    let n = y[[0, 0]];
                    let d = if n > 0.0 {
                        self.value(*a) * (g[[0, 0]] / n)
                    } else {
                        Mat::zeros(self.shape(*a))
                    };
                    accumulate(&mut grads, *a, d);
                }
                // Y = tr x: dx = dY I
                Op::Trace(a) => {
                    let (r, c) = self.shape(*a);
                    let mut d = Mat::zeros((r, c));
                    for k in 0..r.min(c) {
                        d[[k, k]] = g[[0, 0]];
                    }
                    accumulate(&mut grads, *a, d);
                }
                // Y = x[idx]: dx[idx[k]] += dY[k]
                Op::GatherRows(a, idx) => {
                    let mut d = Mat::zeros(self.shape(*a));
                    for (k, &i) in idx.iter().enumerate() {
                        let mut row = d.row_mut(i);
                        row += &g.row(k);
                    }
                    accumulate(&mut grads, *a, d);
                }
                // Y = [a b]: da, db = the two column blocks of dY
                Op::ConcatCols(a, b) => {
                    let ca = self.shape(*a).1;
                    accumulate(&mut grads, *a, g.slice(ndarray::s![.., ..ca]).to_owned());
                    accumulate(&mut grads, *b, g.slice(ndarray::s![.., ca..]).to_owned());
                }
                // Y_ic = x_(arg_ic) c: dx_(arg_ic) c += dY_ic
                Op::NeighbourMax(a, arg) => {
                    let mut d = Mat::zeros(self.shape(*a));
                    let cols = g.ncols();
                    for ((i, c), &gy) in g.indexed_iter() {
                        let j = arg[i * cols + c];
                        if j != usize::MAX {
                            d[[j, c]] += gy;
                        }
                    }
                    accumulate(&mut grads, *a, d);
                }
                // Y = clamp(softplus(x)): dx = dY σ(x) inside the clamp, 0 outside
                Op::Softplus(a, lo, hi) => {
                    let mut d = g;
                    Zip::from(&mut d)
                        .and(self.value(*a))
                        .and(y)
                        .for_each(|d, &x, &v| {
                            *d *= if v > *lo && v < *hi {
                                1.0 / (1.0 + (-x).exp())
                            } else {
                                0.0
                            };
                        });
                    accumulate(&mut grads, *a, d);
                }
                // Y = KL(Beta(a, b) ‖ Beta(a0, b0)): da = dY ((a−a0)ψ′(a) + (a0+b0−a−b)ψ′(a+b)),
                // db likewise with b
                Op::BetaKl(a, b, a0, b0) => {
                    let (va, vb) = (self.value(*a), self.value(*b));
                    let mut da = Mat::zeros(va.dim());
                    let mut db = Mat::zeros(va.dim());
                    Zip::from(&mut da)
                        .and(&mut db)
                        .and(va)
                        .and(vb)
                        .and(&g)
                        .for_each(|da, db, &x, &z, &gy| {
                            let (ga, gb) = crate::numeric::special::beta_kl_grad(
                                x as f64, z as f64, *a0 as f64, *b0 as f64,
                            );
                            *da = gy * ga as f32;
                            *db = gy * gb as f32;
                        });
                    accumulate(&mut grads, *a, da);
                    accumulate(&mut grads, *b, db);
                }
                // See link.rs: dS = G S Kᵀ + Gᵀ S K, dK = Sᵀ G S
                Op::LinkBce(s, k, targets) => {
                    let (ds, dk) =
                        super::link::grad(self.value(*s), self.value(*k), targets, g[[0, 0]]);
                    accumulate(&mut grads, *s, ds);
                    accumulate(&mut grads, *k, dk);
                }
            }
        }
        Grads(grads)
    }
}

/// Row-wise softmax, stable.
pub fn softmax_rows(x: &Mat) -> Mat {
    ew::softmax_rows(x)
}
