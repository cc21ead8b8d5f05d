//! Node decimation pooling (Bianchi, Grattarola, Livi, Alippi, "Hierarchical Representation
//! Learning in Graph Neural Networks with Node Decimation Pooling", IEEE TNNLS 2020), as
//! torch-geometric-pool 1.0's `NDPPooling`.
//!
//! - Select: the eigenvector of the symmetric normalised Laplacian `I − D^-1/2 A D^-1/2` with
//!   the largest eigenvalue (the most oscillating graph signal) splits the nodes by sign; the
//!   non-negative side is kept. When that split cuts less than half the volume
//!   (`zᵀLz / 2vol < 1/2`, `z = ±1` by side) the graph is not bipartite-like enough for it and
//!   a random split is used instead, as tgp does. Nothing is learned.
//! - Reduce: `X' = X[kept]`.
//! - Connect: Kron reduction of the Laplacian onto the kept nodes, `L' = L_kk − L_kd L_dd⁻¹
//!   L_dk`, then `A' = −L'` with its diagonal zeroed and entries under 10⁻² dropped. Kron
//!   reduction keeps the effective resistances between kept nodes, so the pooled graph stays
//!   connected where the input was.
//!
//! Each round keeps about half of the nodes; rounds repeat until at most the requested count
//! remain. The dropped nodes belong to no supernode (as TopK's); `L_dd` is solved densely,
//! so a round is refused above [`MAX_NODES`] nodes.

use super::fixed::{FixedLevel, level_by_level};
use super::fixed_layer::FixedLayer;
use super::options::Options;
use super::pooler::{Card, Counts, Keeps, Layer, LayerSetup, Learning, Pooler};
use crate::graph::Csr;
use crate::nn::ParamStore;
use crate::numeric::rng::Rng;

/// Largest graph a round decimates (the dense solve grows as the dropped half cubed).
pub const MAX_NODES: usize = 6_000;
/// Pooled entries below this are dropped (tgp's `sparse_threshold`).
const SPARSE_THRESHOLD: f64 = 1e-2;

/// The kept nodes (in index order) and the Kron-reduced adjacency over them.
pub fn decimate_once(a: &Csr, rng: &mut Rng) -> Result<(Vec<usize>, Csr), String> {
    let n = a.node_count();
    if n <= 1 {
        return Ok(((0..n).collect(), a.clone()));
    }
    if n > MAX_NODES {
        return Err(format!(
            "NDP's Kron reduction solves a dense system: graphs of at most {MAX_NODES} nodes \
             ({n} here); Graclus or KMIS coarsen bigger ones"
        ));
    }
    // Degrees and the top eigenvector of L_sym by power iteration.
    let deg: Vec<f64> = (0..n)
        .map(|i| {
            let (cols, w) = a.row(i);
            cols.iter()
                .zip(w)
                .filter(|(j, _)| **j as usize != i)
                .map(|(_, w)| f64::from(*w))
                .sum()
        })
        .collect();
    let inv_sqrt: Vec<f64> = deg
        .iter()
        .map(|&d| if d > 0.0 { 1.0 / d.sqrt() } else { 0.0 })
        .collect();
    let lsym = |v: &[f64]| -> Vec<f64> {
        (0..n)
            .map(|i| {
                let (cols, w) = a.row(i);
                let mut s = 0.0;
                for (j, w) in cols.iter().zip(w) {
                    let j = *j as usize;
                    if j != i {
                        s += f64::from(*w) * inv_sqrt[i] * inv_sqrt[j] * v[j];
                    }
                }
                let diag = if deg[i] > 0.0 { 1.0 } else { 0.0 };
                diag * v[i] - s
            })
            .collect()
    };
    let mut v: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
    for _ in 0..300 {
        let next = lsym(&v);
        let norm = next.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm < 1e-12 {
            break;
        }
        v = next.into_iter().map(|x| x / norm).collect();
    }
    let mut keep: Vec<bool> = v.iter().map(|&x| x >= 0.0).collect();
    // The cut the split makes, zᵀLz / 2·vol with L = D − A.
    let volume: f64 = a.iter().map(|e| f64::from(e.2)).sum::<f64>();
    let z = |i: usize| if keep[i] { 1.0f64 } else { -1.0 };
    let cut: f64 = a
        .iter()
        .filter(|e| e.0 != e.1)
        .map(|(i, j, w)| f64::from(w) * (z(i as usize) - z(j as usize)).powi(2) / 2.0)
        .sum::<f64>();
    let degenerate = keep.iter().all(|&k| k) || keep.iter().all(|&k| !k);
    if degenerate || volume <= 0.0 || cut / (2.0 * volume) < 0.5 {
        keep = (0..n)
            .map(|i| i == 0 || (i > 1 && rng.next_f32() < 0.5))
            .collect();
    }
    let kept: Vec<usize> = (0..n).filter(|&i| keep[i]).collect();
    let dropped: Vec<usize> = (0..n).filter(|&i| !keep[i]).collect();
    Ok((kept.clone(), kron(a, &deg, &kept, &dropped)))
}

/// `−(L_kk − L_kd L_dd⁻¹ L_dk)` off the diagonal, small entries dropped.
fn kron(a: &Csr, deg: &[f64], kept: &[usize], dropped: &[usize]) -> Csr {
    use ndarray::Array2;
    let (nk, nd) = (kept.len(), dropped.len());
    let mut at = vec![(false, 0usize); a.node_count()];
    for (p, &i) in kept.iter().enumerate() {
        at[i] = (true, p);
    }
    for (p, &i) in dropped.iter().enumerate() {
        at[i] = (false, p);
    }
    // Dense blocks of L = D − A.
    let mut lkk = Array2::<f64>::zeros((nk, nk));
    let mut ldd = Array2::<f64>::zeros((nd, nd));
    let mut ldk = Array2::<f64>::zeros((nd, nk));
    for (p, &i) in kept.iter().enumerate() {
        lkk[[p, p]] = deg[i];
    }
    for (p, &i) in dropped.iter().enumerate() {
        // A tiny ridge keeps a dropped component with no kept neighbour solvable (tgp adds
        // 1e-6 when the solve fails).
        ldd[[p, p]] = deg[i] + 1e-6;
    }
    for (i, j, w) in a.iter() {
        let (i, j, w) = (i as usize, j as usize, f64::from(w));
        if i == j {
            continue;
        }
        match (at[i], at[j]) {
            ((true, p), (true, q)) => lkk[[p, q]] -= w,
            ((false, p), (false, q)) => ldd[[p, q]] -= w,
            ((false, p), (true, q)) => ldk[[p, q]] -= w,
            _ => {}
        }
    }
    if nd > 0 && nk > 0 {
        let x = cholesky_solve(ldd, &ldk);
        lkk -= &ldk.t().dot(&x);
    }
    let mut t = Vec::new();
    for p in 0..nk {
        for q in 0..nk {
            let w = -lkk[[p, q]];
            if p != q && w.abs() > SPARSE_THRESHOLD {
                t.push((p as u32, q as u32, w as f32));
            }
        }
    }
    Csr::from_triplets(nk, &t)
}

/// Solves `M X = B` for symmetric positive definite `M`, by rows so every inner loop runs
/// over contiguous memory.
fn cholesky_solve(mut m: ndarray::Array2<f64>, b: &ndarray::Array2<f64>) -> ndarray::Array2<f64> {
    let n = m.nrows();
    // M = L Lᵀ, L in the lower triangle (row-oriented Cholesky–Banachiewicz).
    for i in 0..n {
        for j in 0..=i {
            let (ri, rj) = (m.row(i), m.row(j));
            let s: f64 = (0..j).map(|k| ri[k] * rj[k]).sum();
            if i == j {
                m[[i, i]] = (m[[i, i]] - s).max(1e-12).sqrt();
            } else {
                m[[i, j]] = (m[[i, j]] - s) / m[[j, j]];
            }
        }
    }
    // L Y = B, then Lᵀ X = Y, a whole row of the right-hand side at a time.
    let mut y = b.clone();
    for i in 0..n {
        for k in 0..i {
            let l = m[[i, k]];
            if l != 0.0 {
                let (done, mut rest) = y.view_mut().split_at(ndarray::Axis(0), i);
                rest.row_mut(0).scaled_add(-l, &done.row(k));
            }
        }
        let d = m[[i, i]];
        y.row_mut(i).mapv_inplace(|v| v / d);
    }
    for i in (0..n).rev() {
        for k in i + 1..n {
            let l = m[[k, i]];
            if l != 0.0 {
                let (mut head, tail) = y.view_mut().split_at(ndarray::Axis(0), i + 1);
                head.row_mut(i).scaled_add(-l, &tail.row(k - i - 1));
            }
        }
        let d = m[[i, i]];
        y.row_mut(i).mapv_inplace(|v| v / d);
    }
    y
}

/// Rounds until at most `target` nodes remain: the kept nodes of the input, in index order,
/// and the pooled adjacency.
pub fn decimate_to(a: &Csr, target: usize, seed: u64) -> Result<(Vec<usize>, Csr), String> {
    let mut rng = Rng::new(seed);
    let mut kept: Vec<usize> = (0..a.node_count()).collect();
    let mut current = a.clone();
    while kept.len() > target.max(1) {
        let (k, next) = decimate_once(&current, &mut rng)?;
        if k.len() >= kept.len() {
            break;
        }
        kept = k.iter().map(|&i| kept[i]).collect();
        current = next;
    }
    Ok((kept, current))
}

pub struct Ndp;

impl Pooler for Ndp {
    fn learning(&self) -> Learning {
        Learning::Nothing
    }
    /// Its Kron reduction's dense system: about two `n x n` matrices (measured: 207 MB at
    /// 5,000 nodes).
    fn peak_floats(&self, n: usize, _arcs: usize, _k: usize) -> f64 {
        2.1 * n as f64 * n as f64
    }

    fn keeps(&self) -> Keeps {
        Keeps::Decimated
    }

    fn counts(&self) -> Counts {
        Counts::AtMost
    }

    fn check_size(&self, n: usize) -> Result<(), String> {
        if n > MAX_NODES {
            return Err(format!(
                "NDP's Kron reduction solves a dense system: graphs of at most {MAX_NODES} nodes \
                 ({n} here); Graclus or KMIS coarsen bigger ones"
            ));
        }
        Ok(())
    }

    fn layer(&self, _: &LayerSetup<'_>, _: &mut ParamStore, _: &mut Rng) -> Box<dyn Layer> {
        Box::new(FixedLayer)
    }

    fn fixed_levels(&self, raw: &Csr, ks: &[usize], seed: u64, _: &Options) -> Vec<FixedLevel> {
        level_by_level(raw, ks, seed, |a, k, seed| {
            // Graphs too big for the dense solve are refused by `check_size`; should one get
            // here, it keeps every node rather than fail the run.
            let (kept, adjacency) = decimate_to(a, k, seed)
                .unwrap_or_else(|_| ((0..a.node_count()).collect(), a.clone()));
            FixedLevel::Selection {
                kept: std::sync::Arc::new(kept),
                adjacency: std::sync::Arc::new(adjacency),
            }
        })
    }

    fn idle_reason(&self, _: &str) -> String {
        "NDP is not learned: the Laplacian's most oscillating eigenvector decimates the graph \
         in one pass, about halving it per round"
            .to_string()
    }

    fn count_note(&self, asked: usize, got: usize, _n: usize) -> Option<String> {
        Some(format!(
            "asked for {asked} nodes, decimation kept {got}: each NDP round keeps about half of \
             the nodes, stopping at the first round with at most {asked}"
        ))
    }

    fn card(&self) -> Card {
        Card {
            select: "The eigenvector of L_sym = I - D^(-1/2) A D^(-1/2) with the largest eigenvalue splits the nodes by sign; the non-negative side is kept (a random split when that one cuts less than half the volume). Rounds halve the graph until at most K remain. Not learned.",
            reduce: "X' = X[kept]",
            connect: "Kron reduction: L' = L_kk - L_kd L_dd^(-1) L_dk, A' = -L' without its diagonal and entries below 0.01",
            losses: &[],
            failure: "Blind to features and communities: the split follows the most oscillating signal, which on a community graph runs through every community, so pooled nodes stand for regions, not clusters. The dense solve limits it to a few thousand nodes; dropped nodes belong to no supernode.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(n: u32) -> Csr {
        let mut e = Vec::new();
        for i in 0..n - 1 {
            e.push((i, i + 1, 1.0));
            e.push((i + 1, i, 1.0));
        }
        Csr::from_triplets(n as usize, &e)
    }

    #[test]
    fn a_path_keeps_every_other_node_joined_by_their_series_resistance() {
        // The top eigenvector of a path alternates in sign: every other node is kept, and
        // Kron reduction joins neighbours across each dropped node by two unit resistors in
        // series, weight 1/2.
        let (kept, a) = decimate_once(&path(7), &mut Rng::new(0)).expect("small");
        assert!(
            kept == vec![0, 2, 4, 6] || kept == vec![1, 3, 5],
            "alternate nodes: {kept:?}"
        );
        let edges: Vec<(u32, u32, f32)> = a.iter().filter(|e| e.0 < e.1).collect();
        assert_eq!(edges.len(), kept.len() - 1, "a path again: {edges:?}");
        for (i, j, w) in edges {
            assert_eq!(j, i + 1);
            assert!((w - 0.5).abs() < 1e-4, "{w}");
        }
    }

    #[test]
    fn rounds_halve_down_to_the_target_and_the_pool_stays_connected() {
        let g = crate::generate::generate("sbm:n=400,k=4,din=10,dout=2,seed=3").expect("spec");
        let (kept, a) = decimate_to(g.adjacency(), 60, 1).expect("small enough");
        assert!((20..=60).contains(&kept.len()), "{}", kept.len());
        assert_eq!(a.node_count(), kept.len());
        assert!(kept.windows(2).all(|w| w[0] < w[1]));
        let stats = crate::graph::GraphStats::of(&a);
        assert_eq!(stats.components, 1);
        let big = crate::generate::generate("random:n=7000,m=20000,seed=1").expect("spec");
        let e = decimate_once(big.adjacency(), &mut Rng::new(0)).expect_err("too big");
        assert!(e.contains("at most 6000 nodes"), "{e}");
    }
}
