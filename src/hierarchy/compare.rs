//! Comparing two hierarchies of the same graph (two methods, two seeds): per level, the NMI
//! between their partitions of the original nodes, and which nodes switch cluster once the
//! clusters of one are matched to the other's (greedily, by largest overlap first).

use crate::hierarchy::Hierarchy;
use crate::metrics::nmi;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LevelAgreement {
    /// The level whose nodes are compared (1 = the first pooled level).
    pub level: usize,
    pub nmi: f64,
    /// Original nodes whose matched cluster differs.
    pub switched: Vec<usize>,
}

/// Matches clusters of `b` to clusters of `a` by overlap, largest first, one to one.
pub fn match_clusters(a: &[Option<u32>], b: &[Option<u32>]) -> HashMap<u32, u32> {
    let mut overlap: HashMap<(u32, u32), usize> = HashMap::new();
    for (x, y) in a.iter().zip(b) {
        if let (Some(x), Some(y)) = (x, y) {
            *overlap.entry((*y, *x)).or_default() += 1;
        }
    }
    let mut pairs: Vec<((u32, u32), usize)> = overlap.into_iter().collect();
    pairs.sort_by(|p, q| q.1.cmp(&p.1).then(p.0.cmp(&q.0)));
    let (mut map, mut used) = (HashMap::new(), std::collections::HashSet::new());
    for ((yb, xa), _) in pairs {
        if !map.contains_key(&yb) && !used.contains(&xa) {
            map.insert(yb, xa);
            used.insert(xa);
        }
    }
    map
}

/// Agreement per pooled level that both hierarchies have.
pub fn compare(a: &Hierarchy, b: &Hierarchy) -> Vec<LevelAgreement> {
    let depth = a.depth().min(b.depth());
    (1..depth)
        .map(|l| {
            let (pa, pb) = (a.level0_partition(l), b.level0_partition(l));
            let truth: Vec<Option<u32>> = pa.clone();
            let pred: Vec<u32> = pb.iter().map(|p| p.unwrap_or(u32::MAX)).collect();
            let map = match_clusters(&pa, &pb);
            let switched = pa
                .iter()
                .zip(&pb)
                .enumerate()
                .filter(|(_, (x, y))| match (x, y) {
                    (Some(x), Some(y)) => map.get(y) != Some(x),
                    (None, None) => false,
                    _ => true,
                })
                .map(|(i, _)| i)
                .collect();
            LevelAgreement {
                level: l,
                nmi: nmi(&truth, &pred),
                switched,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::ring_of_cliques;
    use ndarray::Array2;

    fn h(assign: impl Fn(usize) -> usize) -> Hierarchy {
        let g = ring_of_cliques(3, 4);
        let s = Array2::from_shape_fn((12, 3), |(i, k)| f32::from(assign(i) == k));
        Hierarchy::from_parts(g.symmetric().into_owned(), vec![s], None, vec![], "t")
    }

    #[test]
    fn relabelled_partitions_agree_fully() {
        let a = h(|i| i / 4);
        let b = h(|i| 2 - i / 4);
        let c = compare(&a, &b);
        assert_eq!(c.len(), 1);
        assert!((c[0].nmi - 1.0).abs() < 1e-12);
        assert!(c[0].switched.is_empty());
    }

    #[test]
    fn moved_nodes_are_named() {
        let a = h(|i| i / 4);
        let b = h(|i| if i == 3 || i == 4 { 2 } else { i / 4 });
        let c = compare(&a, &b);
        assert_eq!(c[0].switched, vec![3, 4]);
        assert!(c[0].nmi < 1.0);
    }
}
