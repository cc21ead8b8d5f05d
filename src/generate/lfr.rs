//! The LFR benchmark (Lancichinetti, Fortunato, Radicchi 2008): power-law degrees (exponent
//! `tau1`) and community sizes (`tau2`), each node keeping a fraction `1 - mu` of its links
//! inside its community.
//!
//! Wiring is a configuration model inside each community and across communities; stubs that
//! would make a self-loop, a repeated edge or (for external stubs) an inside edge are dropped
//! after a few reshuffles instead of rewired, so realised degrees fall slightly short of the
//! drawn ones on small graphs. Community membership is exact.

use crate::graph::{Graph, LabelColumn};
use crate::numeric::rng::Rng;
use std::collections::HashSet;

#[derive(Clone, Debug, PartialEq)]
pub struct LfrParams {
    pub n: usize,
    pub avg_degree: f64,
    pub max_degree: usize,
    pub tau1: f64,
    pub tau2: f64,
    pub mu: f64,
    pub min_community: usize,
    pub max_community: usize,
    pub seed: u64,
}

/// A sample from a power law `x^-tau` on `[lo, hi]` (continuous, inverse transform).
fn power_law(rng: &mut Rng, lo: f64, hi: f64, tau: f64) -> f64 {
    let u = rng.next_f64();
    if (tau - 1.0).abs() < 1e-9 {
        return lo * (hi / lo).powf(u);
    }
    let a = lo.powf(1.0 - tau);
    let b = hi.powf(1.0 - tau);
    (a + u * (b - a)).powf(1.0 / (1.0 - tau))
}

fn power_law_mean(lo: f64, hi: f64, tau: f64) -> f64 {
    let steps = 2000;
    let (mut num, mut den) = (0.0, 0.0);
    for s in 0..steps {
        let x = lo + (hi - lo) * (s as f64 + 0.5) / steps as f64;
        let p = x.powf(-tau);
        num += x * p;
        den += p;
    }
    num / den
}

/// Checks parameters; the message says which one is off.
pub fn validate(p: &LfrParams) -> Result<(), String> {
    if p.n < 2 {
        return Err("n must be at least 2".into());
    }
    if !(0.0..=1.0).contains(&p.mu) {
        return Err(format!("mu must be between 0 and 1, got {}", p.mu));
    }
    if p.avg_degree < 1.0 || p.avg_degree >= p.max_degree as f64 || p.max_degree >= p.n {
        return Err("expected 1 <= k < maxk < n".into());
    }
    if p.min_community < 2 || p.min_community > p.max_community || p.max_community > p.n {
        return Err("expected 2 <= minc <= maxc <= n".into());
    }
    if p.tau1 <= 1.0 || p.tau2 <= 1.0 || !p.tau1.is_finite() || !p.tau2.is_finite() {
        return Err("tau1 and tau2 must be finite and greater than 1".into());
    }
    Ok(())
}

pub fn lfr(p: &LfrParams) -> Result<Graph, String> {
    validate(p)?;
    let mut rng = Rng::new(p.seed);
    let hi = p.max_degree as f64;
    // Smallest degree giving the requested mean, by bisection.
    let (mut lo_k, mut hi_k) = (1.0f64, hi);
    for _ in 0..60 {
        let mid = 0.5 * (lo_k + hi_k);
        if power_law_mean(mid, hi, p.tau1) < p.avg_degree {
            lo_k = mid;
        } else {
            hi_k = mid;
        }
    }
    let degrees: Vec<usize> = (0..p.n)
        .map(|_| (power_law(&mut rng, lo_k, hi, p.tau1).round() as usize).clamp(1, p.max_degree))
        .collect();

    // Community sizes summing to n.
    let mut sizes = Vec::new();
    let mut total = 0usize;
    while total < p.n {
        let s = (power_law(
            &mut rng,
            p.min_community as f64,
            p.max_community as f64,
            p.tau2,
        )
        .round() as usize)
            .clamp(p.min_community, p.max_community);
        sizes.push(s);
        total += s;
    }
    let mut excess = total - p.n;
    while excess > 0 {
        let Some((k, _)) = sizes
            .iter()
            .enumerate()
            .filter(|(_, s)| **s > p.min_community)
            .max_by_key(|(_, s)| **s)
        else {
            // Every community is at the minimum: drop one; the shortfall is added back below.
            if let Some(last) = sizes.pop() {
                excess = excess.saturating_sub(last);
            }
            continue;
        };
        let cut = (sizes[k] - p.min_community).min(excess);
        sizes[k] -= cut;
        excess -= cut;
    }
    let short = p.n - sizes.iter().sum::<usize>();
    if short > 0 {
        if let Some(s) = sizes.first_mut() {
            *s += short;
        } else {
            sizes.push(short);
        }
    }

    // Internal degrees, and membership respecting community sizes.
    let internal: Vec<usize> = degrees
        .iter()
        .map(|&k| ((1.0 - p.mu) * k as f64).round() as usize)
        .collect();
    let mut order: Vec<usize> = (0..p.n).collect();
    rng.shuffle(&mut order);
    order.sort_by_key(|&i| std::cmp::Reverse(internal[i]));
    // Each node (by falling internal degree) joins a random community that still has room
    // and is big enough for its internal degree, else the biggest with room. The eligible ones
    // are kept in `open` as the threshold falls, so this is O(n + communities), not their
    // product (200,000 nodes in 2-node communities took minutes).
    let m = sizes.len();
    let mut free = sizes.clone();
    let mut community = vec![0usize; p.n];
    let mut kin = internal.clone();
    let mut by_size: Vec<usize> = (0..m).collect();
    by_size.sort_by_key(|&c| std::cmp::Reverse(sizes[c]));
    let mut open: Vec<usize> = Vec::new();
    let mut slot = vec![usize::MAX; m];
    let (mut added, mut biggest) = (0usize, 0usize);
    for &i in &order {
        while added < m && sizes[by_size[added]] > internal[i] {
            let c = by_size[added];
            if free[c] > 0 {
                slot[c] = open.len();
                open.push(c);
            }
            added += 1;
        }
        let c = if open.is_empty() {
            while biggest < m && free[by_size[biggest]] == 0 {
                biggest += 1;
            }
            by_size.get(biggest).copied().unwrap_or(0)
        } else {
            open[rng.below(open.len())]
        };
        free[c] = free[c].saturating_sub(1);
        if free[c] == 0 && slot[c] != usize::MAX {
            let at = slot[c];
            open.swap_remove(at);
            if let Some(&moved) = open.get(at) {
                slot[moved] = at;
            }
            slot[c] = usize::MAX;
        }
        community[i] = c;
        kin[i] = internal[i].min(sizes[c].saturating_sub(1));
    }

    let mut seen: HashSet<(u32, u32)> = HashSet::new();
    let mut edges = Vec::new();
    let add =
        |u: usize, v: usize, seen: &mut HashSet<(u32, u32)>, edges: &mut Vec<(u32, u32, f32)>| {
            let key = (u.min(v) as u32, u.max(v) as u32);
            if u != v && seen.insert(key) {
                edges.push((key.0, key.1, 1.0));
                true
            } else {
                false
            }
        };
    let mut wire = |stubs: &mut Vec<usize>, ok: &dyn Fn(usize, usize) -> bool, rng: &mut Rng| {
        for _ in 0..5 {
            rng.shuffle(stubs);
            let mut left = Vec::new();
            for pair in stubs.chunks(2) {
                if pair.len() == 2
                    && ok(pair[0], pair[1])
                    && add(pair[0], pair[1], &mut seen, &mut edges)
                {
                    continue;
                }
                left.extend_from_slice(pair);
            }
            *stubs = left;
            if stubs.len() < 2 {
                break;
            }
        }
    };
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); m];
    for (i, &c) in community.iter().enumerate() {
        members[c].push(i);
    }
    for group in &members {
        let mut stubs: Vec<usize> = group
            .iter()
            .flat_map(|&i| std::iter::repeat_n(i, kin[i]))
            .collect();
        wire(&mut stubs, &|_, _| true, &mut rng);
    }
    let mut stubs: Vec<usize> = (0..p.n)
        .flat_map(|i| std::iter::repeat_n(i, degrees[i].saturating_sub(kin[i])))
        .collect();
    let comm = community.clone();
    wire(&mut stubs, &move |a, b| comm[a] != comm[b], &mut rng);

    let mut g = Graph::from_edges(p.n, &edges);
    let labels: Vec<Option<String>> = community.iter().map(|c| Some(c.to_string())).collect();
    g.nodes
        .labels
        .push(LabelColumn::from_values("community", &labels));
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(mu: f64) -> LfrParams {
        LfrParams {
            n: 1000,
            avg_degree: 15.0,
            max_degree: 50,
            tau1: 2.5,
            tau2: 1.5,
            mu,
            min_community: 20,
            max_community: 100,
            seed: 0,
        }
    }

    #[test]
    fn mixing_and_sizes_match_parameters() {
        let g = lfr(&params(0.2)).expect("valid parameters");
        assert_eq!(g.node_count(), 1000);
        let mean = 2.0 * g.edge_count() as f64 / 1000.0;
        assert!((mean - 15.0).abs() < 2.5, "mean degree {mean}");
        let col = g.nodes.label("community").expect("ground truth");
        let outside = g
            .edges()
            .filter(|&(u, v, _)| col.codes[u as usize] != col.codes[v as usize])
            .count();
        let mu = outside as f64 / g.edge_count() as f64;
        assert!((mu - 0.2).abs() < 0.06, "realised mixing {mu}");
        assert!(
            col.class_counts().iter().all(|&s| (20..=100).contains(&s)),
            "{:?}",
            col.class_counts()
        );
        assert_eq!(g, lfr(&params(0.2)).expect("valid"));
    }

    #[test]
    fn many_tiny_communities_are_placed_in_one_pass() {
        // 200,000 nodes in communities of 2 or 3: the placement used to scan every community
        // for every node (minutes); every community still keeps to its size.
        let p = LfrParams {
            n: 200_000,
            avg_degree: 2.0,
            max_degree: 3,
            min_community: 2,
            max_community: 3,
            ..params(0.1)
        };
        let g = lfr(&p).expect("valid");
        let counts = g
            .nodes
            .label("community")
            .expect("ground truth")
            .class_counts();
        assert!(counts.iter().all(|&s| (2..=3).contains(&s)), "sizes 2 to 3");
        assert_eq!(counts.iter().sum::<usize>(), 200_000);
        assert!(counts.len() >= 200_000 / 3 && counts.len() <= 100_000);
    }

    #[test]
    fn bad_parameters_are_refused() {
        let mut p = params(1.5);
        assert!(lfr(&p).is_err());
        p.mu = 0.1;
        p.min_community = 200;
        assert!(lfr(&p).is_err());
    }
}
