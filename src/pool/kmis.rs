//! k-MIS pooling (Bacciu, Conte, Grossi, Landolfi, Marino, "Generalizing Downsampling from
//! Regular Data to Graphs", AAAI 2023), as torch-geometric-pool 1.0's `KMISPooling` with
//! `order_k = 1`, the greedy heuristic and a structural scorer.
//!
//! - Select: a maximal independent set, greedily by score (`degree / (1 + neighbours)` by
//!   default, so well-connected nodes lead): each node of the set is a supernode, and every
//!   other node joins the best-ranked set member among its neighbours (maximality guarantees
//!   one). Nothing is learned.
//! - Reduce: `X'` = the mean of each cluster's members.
//! - Connect: `A' = Sᵀ A S`.
//!
//! One round keeps about `n / (average degree)` nodes; rounds repeat on the pooled graph until
//! the requested count is reached. A round that would go below it keeps the best-ranked
//! nodes outside the set as clusters of their own until the count is met (a plain last round
//! turns football's 115 teams into 2 clusters where 12 were asked).

use super::fixed::{FixedLevel, level_by_level};
use super::fixed_layer::FixedLayer;
use super::options::Options;
use super::options::{OptionKind, OptionSpec};
use super::pooler::{Card, Counts, Layer, LayerSetup, Learning, Pooler};
use crate::graph::Csr;
use crate::nn::ParamStore;
use crate::numeric::rng::Rng;
use serde::{Deserialize, Serialize};

/// What ranks nodes for the independent set (tgp's `scorer`, less its learned `linear`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scorer {
    /// Weighted degree.
    #[default]
    Degree,
    /// Uniform random, from the run's seed.
    Random,
    /// All equal: the greedy heuristic alone (fewest neighbours first).
    Constant,
    /// Node order: the lowest index first.
    Canonical,
}

impl Scorer {
    pub const ALL: [Scorer; 4] = [
        Scorer::Degree,
        Scorer::Random,
        Scorer::Constant,
        Scorer::Canonical,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Scorer::Degree => "degree",
            Scorer::Random => "random",
            Scorer::Constant => "constant",
            Scorer::Canonical => "canonical",
        }
    }
}

impl std::str::FromStr for Scorer {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Scorer::ALL
            .into_iter()
            .find(|x| x.name() == s)
            .ok_or_else(|| format!("scorer `{s}`: expected degree, random, constant or canonical"))
    }
}

/// One round: each node's cluster (numbered by its set member's index order) and the count.
pub fn select_once(a: &Csr, scorer: Scorer, rng: &mut Rng) -> (Vec<u32>, usize) {
    select_at_least(a, scorer, rng, 0)
}

/// One round keeping at least `floor` clusters: when the independent set is smaller, the
/// best-ranked nodes outside it stay clusters of their own instead of joining a member.
fn select_at_least(a: &Csr, scorer: Scorer, rng: &mut Rng, floor: usize) -> (Vec<u32>, usize) {
    let n = a.node_count();
    let neighbours = |i: usize| {
        a.row(i)
            .0
            .iter()
            .map(|&j| j as usize)
            .filter(move |&j| j != i)
    };
    let score: Vec<f64> = (0..n)
        .map(|i| {
            let raw = match scorer {
                Scorer::Degree => f64::from(a.weighted_degree(i)),
                Scorer::Random => f64::from(rng.next_f32()),
                Scorer::Constant => 1.0,
                Scorer::Canonical => -(i as f64),
            };
            // tgp's "greedy" heuristic: divide by the size of the closed neighbourhood.
            raw / (1 + a.row(i).0.len()) as f64
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&x, &y| score[y].total_cmp(&score[x]).then(x.cmp(&y)));
    let mut rank = vec![0usize; n];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    // The lexicographically first independent set in rank order: what tgp's parallel rounds
    // compute too.
    let mut blocked = vec![false; n];
    let mut member = vec![false; n];
    for &i in &order {
        if !blocked[i] {
            member[i] = true;
            blocked[i] = true;
            for j in neighbours(i) {
                blocked[j] = true;
            }
        }
    }
    let mut set_size = member.iter().filter(|&&m| m).count();
    // Fill up to the floor with the best-ranked absorbed nodes.
    let mut alone = vec![false; n];
    for &i in &order {
        if set_size >= floor {
            break;
        }
        if !member[i] {
            alone[i] = true;
            set_size += 1;
        }
    }
    let mut id = vec![u32::MAX; n];
    let mut k = 0u32;
    for i in 0..n {
        if member[i] || alone[i] {
            id[i] = k;
            k += 1;
        }
    }
    let cluster = (0..n)
        .map(|i| {
            if member[i] || alone[i] {
                return id[i];
            }
            neighbours(i)
                .filter(|&j| member[j])
                .min_by_key(|&j| rank[j])
                .map_or(u32::MAX, |j| id[j])
        })
        .collect::<Vec<u32>>();
    (cluster, k as usize)
}

/// Rounds until at most `target` clusters remain (or a round merges nothing).
pub fn coarsen_to(a: &Csr, target: usize, scorer: Scorer, seed: u64) -> (Vec<u32>, usize) {
    let mut rng = Rng::new(seed);
    let n = a.node_count();
    let mut assign: Vec<u32> = (0..n as u32).collect();
    let mut current = a.clone();
    let mut k = n;
    while k > target.max(1) {
        // The last round would overshoot: keep it at the target.
        let (c, k2) = select_at_least(&current, scorer, &mut rng, target);
        if k2 >= k {
            break;
        }
        for x in &mut assign {
            *x = c[*x as usize];
        }
        current = crate::graph::contract(&current, &c, k2);
        k = k2;
    }
    (assign, k)
}

/// What ranks the nodes for the independent sets.
pub const SCORER: OptionSpec = OptionSpec {
    name: "scorer",
    label: "Scorer",
    help: "What ranks KMIS's independent sets: degree (weighted), random (from the seed), constant (the greedy heuristic alone) or canonical (node order).",
    kind: OptionKind::Choice {
        default: "degree",
        choices: &["degree", "random", "constant", "canonical"],
    },
};

pub struct Kmis;

impl Pooler for Kmis {
    fn learning(&self) -> Learning {
        Learning::Nothing
    }

    fn counts(&self) -> Counts {
        Counts::AtMost
    }

    fn options(&self) -> &'static [OptionSpec] {
        &[SCORER]
    }

    fn layer(&self, _: &LayerSetup<'_>, _: &mut ParamStore, _: &mut Rng) -> Box<dyn Layer> {
        Box::new(FixedLayer)
    }

    fn fixed_levels(&self, raw: &Csr, ks: &[usize], seed: u64, o: &Options) -> Vec<FixedLevel> {
        // `Options::check` has refused any other word before a run starts.
        let scorer: Scorer = SCORER.choice(o).parse().unwrap_or_default();
        level_by_level(raw, ks, seed, |a, k, seed| {
            let (c, got) = coarsen_to(a, k, scorer, seed);
            FixedLevel::Hard {
                clusters: std::sync::Arc::new(c),
                k: got,
            }
        })
    }

    fn idle_reason(&self, _: &str) -> String {
        "KMIS is not learned: maximal independent sets, ranked by the scorer, coarsen the graph \
         in one pass (the cluster counts follow from the sets)"
            .to_string()
    }

    fn count_note(&self, asked: usize, got: usize, _n: usize) -> Option<String> {
        Some(format!(
            "asked for {asked} clusters, independent sets gave {got}: each KMIS round keeps \
             about one node in (average degree + 1), stopping at the first round with at most \
             {asked}"
        ))
    }

    fn card(&self) -> Card {
        Card {
            select: "A maximal independent set, greedily by score (degree / (1 + neighbours) by default): each member is a supernode and every other node joins its best-ranked neighbour in the set. Rounds repeat until K remain; a round that would go below K keeps its best-ranked absorbed nodes as clusters of their own. Not learned.",
            reduce: "X' = mean of the members' features",
            connect: "A' = S^T A S",
            losses: &[],
            failure: "Not learned and blind to features: clusters are stars around well-connected nodes, and each round divides the graph by about its average degree, so the last round leaves some nodes alone to meet K and the cluster sizes are very uneven.",
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
    fn a_path_keeps_every_other_node_and_each_joins_a_neighbour() {
        // Canonical order on a path 0-1-2-3-4: set {0, 2, 4}; 1 joins 0 (ranked first), 3
        // joins 2.
        let (c, k) = select_once(&path(5), Scorer::Canonical, &mut Rng::new(0));
        assert_eq!(k, 3);
        assert_eq!(c, vec![0, 0, 1, 1, 2]);
    }

    #[test]
    fn every_cluster_is_a_star_around_its_member_and_rounds_reach_the_target() {
        let g = crate::generate::generate("sbm:n=300,k=3,din=8,dout=2,seed=2").expect("spec");
        let a = g.adjacency();
        for scorer in Scorer::ALL {
            let (c, k) = select_once(a, scorer, &mut Rng::new(1));
            assert!(
                c.iter().all(|&x| (x as usize) < k),
                "{scorer:?}: all assigned"
            );
            assert!(
                k < 100,
                "{scorer:?}: {k} clusters from 300 nodes of degree ~10"
            );
            for cluster in 0..k as u32 {
                let members: Vec<usize> = (0..300).filter(|&i| c[i] == cluster).collect();
                let adjacent = |i: usize, j: usize| a.row(i).0.contains(&(j as u32));
                assert!(
                    members
                        .iter()
                        .any(|&m| members.iter().all(|&o| o == m || adjacent(m, o))),
                    "{scorer:?}: cluster {cluster} has a centre next to all its members"
                );
            }
        }
        let (assign, k) = coarsen_to(a, 20, Scorer::Degree, 0);
        assert!((2..=20).contains(&k), "{k}");
        assert_eq!(assign.len(), 300);
    }
}
