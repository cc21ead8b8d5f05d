//! What is selected or hovered, and which nodes that lights up on every level: the selected
//! nodes' level-0 members, and every level's nodes that hold any of them.

use crate::hierarchy::Hierarchy;

/// Nodes picked on one level.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub level: usize,
    pub nodes: Vec<usize>,
}

impl Selection {
    pub fn single(level: usize, node: usize) -> Self {
        Self {
            level,
            nodes: vec![node],
        }
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// Per level, per node: is it lit up by `sel`? Without a hierarchy only level 0 exists.
pub fn highlighted(h: Option<&Hierarchy>, level0_nodes: usize, sel: &Selection) -> Vec<Vec<bool>> {
    let Some(h) = h else {
        let mut lit = vec![false; level0_nodes];
        for &i in &sel.nodes {
            if let Some(x) = lit.get_mut(i) {
                *x = true;
            }
        }
        return vec![lit];
    };
    let mut members = vec![false; level0_nodes];
    for &node in &sel.nodes {
        for m in h.members(sel.level, node) {
            if let Some(x) = members.get_mut(m) {
                *x = true;
            }
        }
    }
    (0..h.depth())
        .map(|l| {
            let mut lit = vec![false; h.levels[l].node_count];
            if l == sel.level {
                for &n in &sel.nodes {
                    if let Some(x) = lit.get_mut(n) {
                        *x = true;
                    }
                }
            }
            for (i, p) in h.level0_partition(l).iter().enumerate() {
                if members.get(i).copied().unwrap_or(false)
                    && let Some(p) = p
                    && let Some(x) = lit.get_mut(*p as usize)
                {
                    *x = true;
                }
            }
            lit
        })
        .collect()
}

/// The level-0 nodes under a selection (the nodes themselves on level 0).
pub fn members(h: Option<&Hierarchy>, sel: &Selection) -> Vec<usize> {
    let mut m: Vec<usize> = match h {
        Some(h) if sel.level > 0 && sel.level < h.depth() => sel
            .nodes
            .iter()
            .flat_map(|&n| h.members(sel.level, n))
            .collect(),
        _ => sel.nodes.clone(),
    };
    m.sort_unstable();
    m.dedup();
    m
}

/// A selection of level-`level` clusters carried onto a new hierarchy by its level-0
/// `members`: the new clusters on that level that mostly hold them (over half of each such
/// cluster's members are among them), or, when none does, the members themselves on level 0.
/// A selection keeps meaning the same nodes after retraining, not the same cluster number.
pub fn carry(members: &[usize], level: usize, h: &Hierarchy) -> Selection {
    if level == 0 || level >= h.depth() || members.is_empty() {
        return Selection {
            level: 0,
            nodes: members.to_vec(),
        };
    }
    let n = h.levels[level].node_count;
    let mut size = vec![0usize; n];
    let mut shared = vec![0usize; n];
    let chosen: std::collections::HashSet<usize> = members.iter().copied().collect();
    for (i, p) in h.level0_partition(level).iter().enumerate() {
        if let Some(p) = p {
            size[*p as usize] += 1;
            if chosen.contains(&i) {
                shared[*p as usize] += 1;
            }
        }
    }
    let nodes: Vec<usize> = (0..n).filter(|&c| 2 * shared[c] > size[c]).collect();
    if nodes.is_empty() {
        Selection {
            level: 0,
            nodes: members.to_vec(),
        }
    } else {
        Selection { level, nodes }
    }
}

/// A one-line summary: how many nodes, which clusters above, which labels among the members.
pub fn summary(
    h: Option<&Hierarchy>,
    graph: &crate::graph::Graph,
    sel: &Selection,
    column: Option<&str>,
) -> String {
    if sel.is_empty() {
        return "nothing selected".into();
    }
    let members: Vec<usize> = match h {
        Some(h) => sel
            .nodes
            .iter()
            .flat_map(|&n| h.members(sel.level, n))
            .collect(),
        None => sel.nodes.clone(),
    };
    let mut text = format!(
        "{} node(s) on level {}, {} original node(s)",
        sel.nodes.len(),
        sel.level,
        members.len()
    );
    if let Some(h) = h
        && sel.level + 1 < h.depth()
    {
        let mut clusters: Vec<u32> = sel
            .nodes
            .iter()
            .filter_map(|&n| h.levels[sel.level].hard.get(n).copied().flatten())
            .collect();
        clusters.sort_unstable();
        clusters.dedup();
        let list: Vec<String> = clusters.iter().take(8).map(|c| c.to_string()).collect();
        text.push_str(&format!("; clusters above: {}", list.join(", ")));
    }
    if let Some(col) = column.and_then(|c| graph.nodes.label(c)) {
        let mut counts = vec![0usize; col.classes.len()];
        for &m in &members {
            if let Some(Some(c)) = col.codes.get(m) {
                counts[*c as usize] += 1;
            }
        }
        let mut order: Vec<usize> = (0..counts.len()).filter(|&k| counts[k] > 0).collect();
        order.sort_by_key(|&k| std::cmp::Reverse(counts[k]));
        let mix: Vec<String> = order
            .iter()
            .take(4)
            .map(|&k| format!("{} {}", col.classes[k], counts[k]))
            .collect();
        text.push_str(&format!("; {}: {}", col.name, mix.join(", ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::ring_of_cliques;
    use ndarray::Array2;

    #[test]
    fn a_selection_follows_its_members_onto_a_new_hierarchy() {
        let g = ring_of_cliques(4, 3);
        let a = g.symmetric().into_owned();
        let by_clique = Array2::from_shape_fn((12, 4), |(i, k)| f32::from(i / 3 == k));
        let old = Hierarchy::from_parts(a.clone(), vec![by_clique], None, vec![], "old");
        // Cluster 2 holds nodes 6-8.
        let m = members(Some(&old), &Selection::single(1, 2));
        assert_eq!(m, vec![6, 7, 8]);
        // Retrained: the same cliques numbered the other way round.
        let reversed = Array2::from_shape_fn((12, 4), |(i, k)| f32::from(3 - i / 3 == k));
        let new = Hierarchy::from_parts(a.clone(), vec![reversed], None, vec![], "new");
        assert_eq!(carry(&m, 1, &new), Selection::single(1, 1));
        // Nothing on the level mostly holds them: the members themselves, on level 0.
        let halves = Array2::from_shape_fn((12, 2), |(i, k)| f32::from(i / 6 == k));
        let coarse = Hierarchy::from_parts(a, vec![halves], None, vec![], "coarse");
        assert_eq!(
            carry(&m, 1, &coarse),
            Selection {
                level: 0,
                nodes: vec![6, 7, 8]
            }
        );
    }

    #[test]
    fn selecting_a_cluster_lights_members_and_ancestors() {
        let g = ring_of_cliques(4, 3);
        let s0 = Array2::from_shape_fn((12, 4), |(i, k)| f32::from(i / 3 == k));
        let s1 = Array2::from_shape_fn((4, 2), |(i, k)| f32::from(i / 2 == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s0, s1], None, vec![], "t");
        let lit = highlighted(Some(&h), 12, &Selection::single(1, 2));
        assert_eq!(lit[0].iter().filter(|&&x| x).count(), 3);
        assert!(lit[0][6] && lit[0][7] && lit[0][8]);
        assert_eq!(lit[1], vec![false, false, true, false]);
        assert_eq!(lit[2], vec![false, true]);
        let s = summary(Some(&h), &g, &Selection::single(1, 2), Some("clique"));
        assert!(
            s.contains("3 original node(s)")
                && s.contains("clusters above: 1")
                && s.contains("clique: 2 3"),
            "{s}"
        );
    }
}
