//! SEP, structural entropy pooling (Wu, Chen, Li, Li, "Structural Entropy Guided Graph
//! Hierarchical Pooling", ICML 2022), after Li & Pan's structural entropy of a coding tree
//! ("Structural Information and Dynamical Complexity of Networks", IEEE TIT 2016).
//!
//! A coding tree `T` of `G` has the nodes as leaves; every tree node `α` is the set of leaves
//! below it, with volume `V_α` (the sum of its nodes' weighted degrees) and boundary `g_α`
//! (the weight of the edges leaving it). Its structural entropy is
//! `H_T(G) = −Σ_{α ≠ root} (g_α / V) log₂(V_α / V_parent(α))`, the bits a random walk needs
//! to say where it is, knowing the tree. SEP pools by the tree of least entropy: its depth-1
//! nodes are the level-1 clusters, depth 2 the level-2 clusters, and so on: the whole
//! hierarchy comes from one tree, computed from the graph alone, before training.
//!
//! - Select: hard clusters, the tree's nodes at each depth. The count is SEP's: it follows
//!   from the entropy, not from K (only the number of levels is asked for).
//! - Reduce: the members' mean. Connect: `A' = Sᵀ A S` (edges between clusters summed).
//!
//! Construction (poolscope's own): bottom-up, one depth at a time, by Li & Pan's *merge*
//! operator. Each item (a node, then a cluster of the depth below) starts as its own group;
//! two adjacent groups merge while some merge lowers the entropy, the largest decrease first.
//! With `G_γ` the sum of a group's children's boundaries, the entropy that depends on the
//! grouping is `Σ_γ ((G_γ − g_γ) log V_γ + g_γ log V) / V`, so a merge's change is known from
//! the two groups' `V`, `g`, `G` and the weight between them, and a merge costs a heap push
//! per neighbour. torch-geometric-pool 1.0's `SEPPooling` instead builds a binary tree by
//! *combine*, compresses it to height 2 and deepens it by leaf-up or root-down steps; both
//! minimise the same `H_T`, greedily: `scripts/sep_compare.py` sets their entropies and
//! partitions side by side.

use super::fixed::FixedLevel;
use super::fixed_layer::FixedLayer;
use super::options::Options;
use super::pooler::{Card, Counts, Layer, LayerSetup, Learning, Pooler};
use crate::graph::Csr;
use crate::nn::ParamStore;
use crate::numeric::rng::Rng;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

/// One level's items as the merge sees them.
struct Items {
    vol: Vec<f64>,
    /// Boundary: the weight of the edges leaving the item.
    cut: Vec<f64>,
    /// The weight between two items (each undirected edge once).
    links: Vec<HashMap<usize, f64>>,
}

/// A candidate merge, ordered by its entropy change (most negative first).
struct Candidate {
    delta: f64,
    a: usize,
    b: usize,
    stamp: (u32, u32),
}

impl PartialEq for Candidate {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Candidate {}
impl PartialOrd for Candidate {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Candidate {
    fn cmp(&self, o: &Self) -> Ordering {
        // BinaryHeap pops the largest: the most negative delta, ties by the smaller ids.
        o.delta
            .total_cmp(&self.delta)
            .then(o.a.cmp(&self.a))
            .then(o.b.cmp(&self.b))
    }
}

/// A group's share of the entropy that depends on the grouping (times `V`).
fn term(vol: f64, cut: f64, children_cut: f64, total: f64) -> f64 {
    if vol <= 0.0 {
        return 0.0;
    }
    (children_cut - cut) * vol.log2() + cut * total.log2()
}

/// Groups the items by greedy merging; returns each item's group, numbered by first item.
fn merge(items: &Items, total: f64) -> (Vec<u32>, usize) {
    let n = items.vol.len();
    let mut vol = items.vol.clone();
    let mut cut = items.cut.clone();
    let mut children = items.cut.clone();
    let mut links = items.links.clone();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut stamp = vec![0u32; n];
    let mut alive = vec![true; n];
    let delta = |vol: &[f64], cut: &[f64], ch: &[f64], a: usize, b: usize, w: f64| {
        let v = vol[a] + vol[b];
        let g = cut[a] + cut[b] - 2.0 * w;
        let c = ch[a] + ch[b];
        (term(v, g, c, total)
            - term(vol[a], cut[a], ch[a], total)
            - term(vol[b], cut[b], ch[b], total))
            / total
    };
    let mut heap = BinaryHeap::new();
    for (a, row) in links.iter().enumerate() {
        for (&b, &w) in row {
            let d = delta(&vol, &cut, &children, a, b, w);
            // A merge that would not lower the entropy is not kept: should either group
            // change, its neighbours' candidates are pushed afresh.
            if a < b && d < 0.0 {
                heap.push(Candidate {
                    delta: d,
                    a,
                    b,
                    stamp: (0, 0),
                });
            }
        }
    }
    while let Some(c) = heap.pop() {
        if c.delta >= -1e-12 {
            break;
        }
        let (a, b) = (c.a, c.b);
        if !alive[a] || !alive[b] || c.stamp != (stamp[a], stamp[b]) {
            continue;
        }
        // Merge the smaller link map into the larger; the survivor keeps its id.
        let (keep, gone) = if links[a].len() >= links[b].len() {
            (a, b)
        } else {
            (b, a)
        };
        let w = links[keep].remove(&gone).unwrap_or(0.0);
        let moved = std::mem::take(&mut links[gone]);
        for (other, x) in moved {
            if other == keep {
                continue;
            }
            *links[keep].entry(other).or_insert(0.0) += x;
            let back = links[other].remove(&gone).unwrap_or(0.0);
            *links[other].entry(keep).or_insert(0.0) += back;
        }
        vol[keep] += vol[gone];
        cut[keep] = cut[keep] + cut[gone] - 2.0 * w;
        children[keep] += children[gone];
        alive[gone] = false;
        parent[gone] = keep;
        stamp[keep] += 1;
        for (&other, &x) in &links[keep] {
            let (p, q) = (keep.min(other), keep.max(other));
            let d = delta(&vol, &cut, &children, p, q, x);
            if d < 0.0 {
                heap.push(Candidate {
                    delta: d,
                    a: p,
                    b: q,
                    stamp: (stamp[p], stamp[q]),
                });
            }
        }
    }
    let find = |mut i: usize| {
        while parent[i] != i {
            i = parent[i];
        }
        i
    };
    let mut id = vec![u32::MAX; n];
    let mut out = Vec::with_capacity(n);
    let mut k = 0u32;
    for i in 0..n {
        let r = find(i);
        if id[r] == u32::MAX {
            id[r] = k;
            k += 1;
        }
        out.push(id[r]);
    }
    (out, k as usize)
}

/// The items of the level above: one per group, with the links between groups.
fn lift(items: &Items, groups: &[u32], k: usize) -> Items {
    let mut vol = vec![0.0; k];
    let mut cut = vec![0.0; k];
    let mut links: Vec<HashMap<usize, f64>> = vec![HashMap::new(); k];
    for (i, &g) in groups.iter().enumerate() {
        vol[g as usize] += items.vol[i];
        cut[g as usize] += items.cut[i];
        for (&j, &w) in &items.links[i] {
            let h = groups[j] as usize;
            if h == g as usize {
                // Inside the group: counted from both ends, removed from the boundary once.
                cut[g as usize] -= w;
            } else if i < j {
                *links[g as usize].entry(h).or_insert(0.0) += w;
                *links[h].entry(g as usize).or_insert(0.0) += w;
            }
        }
    }
    Items { vol, cut, links }
}

/// The coding tree of `a` (symmetric; self-loops ignored) with `levels` depths above the
/// leaves: per depth, each node's (then cluster's) cluster and the count; and `H_T(G)`.
pub fn coding_tree(a: &Csr, levels: usize) -> (Vec<(Vec<u32>, usize)>, f64) {
    let n = a.node_count();
    let mut links: Vec<HashMap<usize, f64>> = vec![HashMap::new(); n];
    let mut vol = vec![0.0f64; n];
    for (i, j, w) in a.iter() {
        if i != j && w > 0.0 {
            vol[i as usize] += f64::from(w);
            *links[i as usize].entry(j as usize).or_insert(0.0) += f64::from(w);
        }
    }
    // Each undirected edge once per end, so links hold the weight between the two; a
    // one-directional entry (not expected: poolscope pools A + Aᵀ) is made symmetric.
    for i in 0..n {
        let pairs: Vec<(usize, f64)> = links[i].iter().map(|(&j, &w)| (j, w)).collect();
        for (j, w) in pairs {
            links[j].entry(i).or_insert(w);
        }
    }
    let total: f64 = vol.iter().sum();
    let mut items = Items {
        cut: vol.clone(),
        vol: vol.clone(),
        links,
    };
    let mut out = Vec::with_capacity(levels);
    // Entropy, accumulated depth by depth: each item's term against its group's volume.
    let mut entropy = 0.0;
    for _ in 0..levels {
        let (groups, k) = if total > 0.0 {
            merge(&items, total)
        } else {
            ((0..items.vol.len() as u32).collect(), items.vol.len())
        };
        let up = lift(&items, &groups, k);
        for (i, &g) in groups.iter().enumerate() {
            entropy += leaf_term(items.cut[i], items.vol[i], up.vol[g as usize], total);
        }
        out.push((groups, k));
        items = up;
    }
    for i in 0..items.vol.len() {
        entropy += leaf_term(items.cut[i], items.vol[i], total, total);
    }
    (out, entropy)
}

/// `−(g / V) log₂(v / v_parent)`, 0 for an empty item.
fn leaf_term(g: f64, v: f64, parent: f64, total: f64) -> f64 {
    if v <= 0.0 || parent <= 0.0 || total <= 0.0 {
        0.0
    } else {
        -(g / total) * (v / parent).log2()
    }
}

pub struct Sep;

impl Pooler for Sep {
    fn learning(&self) -> Learning {
        Learning::Nothing
    }
    /// Its coding tree: about 90 floats per arc (measured: 8 MB for 2,000 nodes and 24,000
    /// arcs).
    fn peak_floats(&self, _n: usize, arcs: usize, _k: usize) -> f64 {
        90.0 * arcs as f64
    }

    fn counts(&self) -> Counts {
        Counts::Own
    }

    fn layer(&self, _: &LayerSetup<'_>, _: &mut ParamStore, _: &mut Rng) -> Box<dyn Layer> {
        Box::new(FixedLayer)
    }

    /// The levels are the depths of one coding tree, built at once.
    fn fixed_levels(&self, raw: &Csr, ks: &[usize], _: u64, _: &Options) -> Vec<FixedLevel> {
        let (tree, _) = coding_tree(raw, ks.len());
        let mut levels: Vec<FixedLevel> = tree
            .into_iter()
            .map(|(c, k)| FixedLevel::Hard {
                clusters: std::sync::Arc::new(c),
                k,
            })
            .collect();
        // A tree shallower than asked: each further level keeps every node of the last.
        while levels.len() < ks.len() {
            let n = levels.last().map_or(raw.node_count(), FixedLevel::clusters);
            levels.push(FixedLevel::Hard {
                clusters: std::sync::Arc::new((0..n as u32).collect()),
                k: n,
            });
        }
        levels
    }

    fn idle_reason(&self, _: &str) -> String {
        "SEP is not learned: one coding tree of least structural entropy gives every level in \
         one pass, and the entropy, not K, decides each level's cluster count"
            .to_string()
    }

    fn count_note(&self, asked: usize, got: usize, _n: usize) -> Option<String> {
        Some(format!(
            "SEP found {got} clusters by structural entropy ({asked} were asked for: SEP chooses \
             its own counts, only the number of levels is used)"
        ))
    }

    fn card(&self) -> Card {
        Card {
            select: "One coding tree for the whole hierarchy: the tree of least structural entropy H_T = -sum_a (g_a / V) log2(V_a / V_parent(a)) (g: weight leaving a, V: volume), its depth-1 nodes the level-1 clusters, depth 2 the level-2 ones. Built bottom-up: adjacent groups merge while a merge lowers H_T. Not learned; the counts are SEP's (only the number of levels is asked for).",
            reduce: "X' = the members' mean",
            connect: "A' = S^T A S (edges between clusters summed)",
            losses: &[],
            failure: "Blind to features. Greedy merging stops at a local minimum of the entropy, and the entropy's own scale decides the count: it can give more, smaller clusters than the communities (or merge weakly linked ones) and K cannot steer it. torch-geometric-pool builds its tree another way (combine, compress, leaf-up/root-down): both are greedy, so their partitions differ.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cliques(k: usize, size: usize) -> Csr {
        let mut t = Vec::new();
        for c in 0..k {
            let b = c * size;
            for i in b..b + size {
                for j in b..b + size {
                    if i != j {
                        t.push((i as u32, j as u32, 1.0));
                    }
                }
            }
            // A ring of single bridges between consecutive cliques.
            let next = ((c + 1) % k) * size;
            t.push((b as u32, (next + 1) as u32, 1.0));
            t.push(((next + 1) as u32, b as u32, 1.0));
        }
        Csr::from_triplets(k * size, &t)
    }

    #[test]
    fn finds_the_cliques_and_the_entropy_is_li_and_pan_s() {
        let a = cliques(4, 5);
        let (tree, h) = coding_tree(&a, 1);
        let (groups, k) = &tree[0];
        assert_eq!(*k, 4);
        for c in 0..4 {
            let g = groups[c * 5];
            assert!((c * 5..c * 5 + 5).all(|i| groups[i] == g), "{groups:?}");
        }
        // By hand: each clique has volume 22 (5 x 4 inside plus 2 bridge ends), boundary 2;
        // V = 88. Leaves: 3 of degree 4 and 2 of degree 5 per clique.
        let v = 88.0f64;
        let per_clique = -(2.0 / v) * (22.0 / v).log2()
            - 3.0 * (4.0 / v) * (4.0 / 22.0f64).log2()
            - 2.0 * (5.0 / v) * (5.0 / 22.0f64).log2();
        assert!(
            (h - 4.0 * per_clique).abs() < 1e-9,
            "{h} vs {}",
            4.0 * per_clique
        );
        // The one-level partition into cliques beats every node alone (the 1-level tree).
        let flat: f64 = (0..20)
            .map(|i| {
                let d = a.weighted_degree(i) as f64;
                -(d / v) * (d / v).log2()
            })
            .sum();
        assert!(h < flat);
    }

    #[test]
    fn a_second_depth_groups_the_clusters_and_isolated_nodes_stay_alone() {
        let mut t: Vec<(u32, u32, f32)> = cliques(8, 4).iter().collect();
        // Pair the cliques more strongly: 0–1, 2–3, … get four more bridges each.
        for c in (0..8).step_by(2) {
            for x in 0..4u32 {
                let (i, j) = (c * 4 + x, (c + 1) * 4 + x);
                t.push((i, j, 1.0));
                t.push((j, i, 1.0));
            }
        }
        let a = Csr::from_triplets(33, &t);
        let (tree, _) = coding_tree(&a, 2);
        let (first, k1) = &tree[0];
        let (second, k2) = &tree[1];
        assert_eq!(first.len(), 33);
        assert_eq!(second.len(), *k1);
        assert!(*k2 < *k1, "{k1} then {k2}");
        // Node 32 has no edges: a cluster of its own at every depth.
        assert!(first.iter().filter(|&&g| g == first[32]).count() == 1);
    }
}
