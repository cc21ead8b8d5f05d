//! How a level looks, shared by the window and the exports so they agree: node colours under a
//! colour mode, node radii, and the title line.

use super::palette::{MISSING, class_colour};
use crate::diagnostics::COLLAPSE_SHARE;
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use epaint::Color32;

/// How nodes are coloured.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ColourMode {
    /// Linked across levels: each level-1 cluster its own colour, on level 0 (the nodes it
    /// holds) and above (the nodes it dominates); a selection by how deep each node survives.
    #[default]
    Linked,
    /// By the cluster each node joins on the next level.
    NextCluster,
    /// By a ground-truth column (majority of members above level 0).
    Label(String),
    /// By the cluster of a chosen level.
    Level(usize),
    /// By a numeric column on a continuous scale (the mean of the members above level 0).
    Scale(String),
}

impl ColourMode {
    /// `linked`, `cluster`, `level:K`, or the name of one of the graph's label columns.
    pub fn parse(text: &str, graph: &Graph) -> Result<Self, String> {
        if text == "linked" {
            return Ok(Self::Linked);
        }
        if text == "cluster" {
            return Ok(Self::NextCluster);
        }
        if let Some(c) = text.strip_prefix("scale:") {
            return if graph.has_column(c) {
                Ok(Self::Scale(c.to_string()))
            } else {
                let names: Vec<&str> = graph
                    .nodes
                    .numeric
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect();
                Err(format!(
                    "cannot colour by `{text}`: no numeric column `{c}`{} and no computed \
                     column of that name ({})",
                    if names.is_empty() {
                        " (this graph has none)".to_string()
                    } else {
                        format!(" (numeric columns: {})", names.join(", "))
                    },
                    measure_names()
                ))
            };
        }
        if let Some(k) = text.strip_prefix("level:") {
            return k
                .parse()
                .map(Self::Level)
                .map_err(|_| format!("`{text}`: expected level:K with K a level number"));
        }
        if graph.nodes.label(text).is_some() {
            return Ok(Self::Label(text.to_string()));
        }
        if graph.has_column(text) {
            return Ok(Self::Scale(text.to_string()));
        }
        let names: Vec<&str> = graph
            .nodes
            .label_names()
            .into_iter()
            .chain(graph.nodes.numeric.iter().map(|c| c.name.as_str()))
            .collect();
        Err(format!(
            "cannot colour by `{text}`: expected `linked`, `cluster`, `level:K`, a node column{} \
             or a computed column ({})",
            if names.is_empty() {
                " (this graph has none)".to_string()
            } else {
                format!(" ({})", names.join(", "))
            },
            measure_names()
        ))
    }
}

/// The computed columns' names, for messages.
fn measure_names() -> String {
    crate::graph::Measure::ALL
        .map(crate::graph::Measure::name)
        .join(", ")
}

/// A numeric column's values on level `l`: level 0's own, above the mean over each node's
/// members that have a value.
pub fn level_values(g: &Graph, h: Option<&Hierarchy>, l: usize, column: &str) -> Vec<Option<f64>> {
    let Some(values) = g.column_values(column) else {
        let n = h.map_or(g.node_count(), |h| h.levels[l].node_count);
        return vec![None; n];
    };
    match h {
        Some(h) if l > 0 => {
            let n = h.levels[l].node_count;
            let mut sum = vec![(0.0f64, 0usize); n];
            for (i, p) in h.level0_partition(l).iter().enumerate() {
                if let (Some(p), Some(Some(v))) = (p, values.get(i)) {
                    let s = &mut sum[*p as usize];
                    s.0 += v;
                    s.1 += 1;
                }
            }
            sum.into_iter()
                .map(|(s, k)| (k > 0).then(|| s / k as f64))
                .collect()
        }
        _ => values.into_owned(),
    }
}

/// [`ColourMode::Scale`]: every level on level 0's range, so a colour means the same value
/// on each.
fn scale_colours(g: &Graph, h: Option<&Hierarchy>, l: usize, column: &str) -> Vec<Color32> {
    let scale = g
        .column_values(column)
        .and_then(|c| super::scale::Scale::of(&c));
    level_values(g, h, l, column)
        .into_iter()
        .map(|v| scale.map_or(MISSING, |s| s.colour(v)))
        .collect()
}

/// The most common value of `labels` among each level-`l` node's members.
fn majority(h: &Hierarchy, l: usize, labels: &[Option<u32>]) -> Vec<Option<u32>> {
    let n = h.levels[l].node_count;
    let mut counts: Vec<std::collections::HashMap<u32, usize>> = vec![Default::default(); n];
    for (i, p) in h.level0_partition(l).iter().enumerate() {
        if let (Some(p), Some(Some(c))) = (p, labels.get(i)) {
            *counts[*p as usize].entry(*c).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|m| {
            m.into_iter()
                .max_by_key(|&(c, k)| (k, std::cmp::Reverse(c)))
                .map(|(c, _)| c)
        })
        .collect()
}

/// `c` made darker (`t < 0`) or lighter (`t > 0`) by `|t|` towards black or white.
pub fn shade(c: Color32, t: f32) -> Color32 {
    let [r, g, b, a] = c.to_array();
    let (target, k) = if t < 0.0 { (0.0, -t) } else { (255.0, t) };
    let mix = |v: u8| (f32::from(v) + (target - f32::from(v)) * k.clamp(0.0, 1.0)).round() as u8;
    Color32::from_rgba_premultiplied(mix(r), mix(g), mix(b), a)
}

/// Whether a level of `h` drops nodes (a selection method: TopK, SAGPool, NDP…).
pub fn drops_nodes(h: &Hierarchy) -> bool {
    h.levels.iter().any(|l| l.hard.iter().any(Option::is_none))
}

/// How far each node of level `l` survives: the deepest level its line of ancestors reaches
/// (`l` itself when it is dropped at once).
pub fn survival(h: &Hierarchy, l: usize) -> Vec<usize> {
    let top = h.depth() - 1;
    (0..h.levels[l].node_count)
        .map(|i| {
            let mut node = Some(i);
            let mut reached = l;
            for k in l..top {
                node = node.and_then(|n| h.levels[k].hard[n]).map(|c| c as usize);
                if node.is_none() {
                    break;
                }
                reached = k + 1;
            }
            reached
        })
        .collect()
}

/// The colour of surviving to level `depth` of `top`: the top level's the first colour,
/// then down the palette; dropped at once (depth 0 on level 0) is grey.
fn survival_colour(depth: usize, top: usize) -> Color32 {
    if depth == 0 {
        MISSING
    } else {
        class_colour(top - depth)
    }
}

/// The level-1 cluster that holds most of each level-`l` node's original nodes (`l ≥ 1`).
fn dominant_cluster(h: &Hierarchy, l: usize) -> Vec<Option<u32>> {
    let up = h.partition(1, l);
    let sizes = &h.levels[1].sizes;
    let mut best: Vec<Option<(u32, f32)>> = vec![None; h.levels[l].node_count];
    for (c, t) in up.iter().enumerate() {
        let (Some(t), Some(&size)) = (t, sizes.get(c)) else {
            continue;
        };
        let slot = &mut best[*t as usize];
        if slot.is_none_or(|(_, s)| size > s) {
            *slot = Some((c as u32, size));
        }
    }
    best.into_iter().map(|b| b.map(|(c, _)| c)).collect()
}

/// What [`ColourMode::Linked`] keys each node of level `l` by: its level-1 cluster (a node
/// above level 1, the level-1 cluster that holds most of it), or, when the hierarchy drops
/// nodes, how deep it survives.
pub fn linked_keys(h: &Hierarchy, l: usize) -> Vec<Option<u32>> {
    let top = h.depth() - 1;
    if top == 0 {
        return (0..h.levels[0].node_count as u32).map(Some).collect();
    }
    if drops_nodes(h) {
        return survival(h, l).into_iter().map(|d| Some(d as u32)).collect();
    }
    match l {
        0 => h.partition(0, 1),
        1 => (0..h.levels[1].node_count as u32).map(Some).collect(),
        _ => dominant_cluster(h, l),
    }
}

/// Under [`ColourMode::Linked`], the level-2 group of each node of level `l` (0 or 1), for an
/// outline around each group: colours name level 1's clusters, so level 2 needs a second
/// channel. `None` without two clustering levels above `l`'s first, for a selection, and when
/// level 2 collapsed (one group holding [`COLLAPSE_SHARE`] of level 1, or a single group used):
/// then its outline would only circle everything.
pub fn linked_groups(h: &Hierarchy, l: usize) -> Option<Vec<Option<u32>>> {
    if h.depth() < 3 || l > 1 || drops_nodes(h) {
        return None;
    }
    // From the hard assignment itself: a hierarchy read from a file may carry no metrics.
    let hard = &h.levels[1].hard;
    let mut sizes = std::collections::HashMap::<u32, usize>::new();
    for c in hard.iter().flatten() {
        *sizes.entry(*c).or_default() += 1;
    }
    let largest = sizes.values().copied().max().unwrap_or(0);
    if sizes.len() < 2 || largest as f64 >= COLLAPSE_SHARE * hard.len() as f64 {
        return None;
    }
    Some(h.partition(l, 2))
}

/// [`ColourMode::Linked`] on level `l`: every level-1 cluster its own colour, and each node
/// below the colour of the cluster it joins, so twelve clusters read as twelve colours
/// whatever the levels above do (hues by the top level, shaded by level 1, hid a good level 1
/// when the top collapsed, and three shades of one hue could not be told apart from the back
/// row). A node above level 1 takes the colour of the level-1 cluster that holds most of it.
/// A selection is coloured by how deep each node survives: one colour per level reached.
pub fn linked_level_colours(h: &Hierarchy, l: usize) -> Vec<Color32> {
    let top = h.depth() - 1;
    let keys = linked_keys(h, l);
    if top > 0 && drops_nodes(h) {
        return keys
            .iter()
            .map(|d| survival_colour(d.unwrap_or(0) as usize, top))
            .collect();
    }
    keys.iter()
        .map(|k| k.map_or(MISSING, |k| class_colour(k as usize)))
        .collect()
}

/// Node colours for level `l` under the chosen mode (`h`: `None` before training).
pub fn level_colours(
    g: &Graph,
    h: Option<&Hierarchy>,
    l: usize,
    mode: &ColourMode,
) -> Vec<Color32> {
    let to_colour = |v: &[Option<u32>]| {
        v.iter()
            .map(|c| c.map_or(MISSING, |k| class_colour(k as usize)))
            .collect()
    };
    if let ColourMode::Scale(c) = mode {
        return scale_colours(g, h, l, c);
    }
    let Some(h) = h else {
        return match mode {
            ColourMode::Label(c) => g.nodes.label(c).map_or_else(
                || vec![class_colour(0); g.node_count()],
                |col| to_colour(&col.codes),
            ),
            // No labels: Louvain's communities once known, so the first picture already
            // shows the graph's groups (the legend says whose they are).
            _ => match (g.nodes.grouping(), g.communities_if_known()) {
                (Some(col), _) => to_colour(&col.codes),
                (None, Some(c)) => c
                    .of_node
                    .iter()
                    .map(|&k| class_colour(k as usize))
                    .collect(),
                (None, None) => vec![class_colour(0); g.node_count()],
            },
        };
    };
    match mode {
        ColourMode::Linked => linked_level_colours(h, l),
        ColourMode::NextCluster => {
            if l + 1 < h.depth() {
                to_colour(&h.levels[l].hard)
            } else {
                (0..h.levels[l].node_count).map(class_colour).collect()
            }
        }
        ColourMode::Label(c) => match g.nodes.label(c) {
            Some(col) => to_colour(&majority(h, l, &col.codes)),
            None => vec![MISSING; h.levels[l].node_count],
        },
        ColourMode::Level(k) => {
            let k = (*k).min(h.depth() - 1);
            to_colour(&majority(h, l, &h.level0_partition(k)))
        }
        ColourMode::Scale(c) => scale_colours(g, Some(h), l, c),
    }
}

/// Level-0 nodes whose value in `column` differs from the majority value of their level-1
/// cluster: the nodes a pooling "gets wrong" against the ground truth. `None` without a
/// hierarchy or a column.
pub fn disagreements(g: &Graph, h: Option<&Hierarchy>, column: Option<&str>) -> Option<Vec<bool>> {
    let (h, col) = (h?, g.nodes.label(column?)?);
    if h.depth() < 2 {
        return None;
    }
    let majority = majority(h, 1, &col.codes);
    Some(
        h.partition(0, 1)
            .iter()
            .zip(&col.codes)
            .map(|(p, c)| match (p, c) {
                (Some(p), Some(c)) => majority.get(*p as usize).copied().flatten() != Some(*c),
                _ => false,
            })
            .collect(),
    )
}

/// Node radii in pixels: level 0 shrinks with the graph; above, area follows cluster size.
pub fn level_radii(g: &Graph, h: Option<&Hierarchy>, l: usize, size: &SizeBy) -> Vec<f32> {
    let n0 = g.node_count().max(1) as f32;
    // Karate's 34 nodes get 5.7 px, football's 115 4.9 px, 10,000 nodes 2.5 px.
    let base = (8.0 - 1.5 * n0.log10()).clamp(2.5, 8.0);
    if l == 0 || h.is_none() {
        let values: Option<Vec<Option<f64>>> = match size {
            SizeBy::Uniform => None,
            SizeBy::Degree | SizeBy::WeightedDegree => {
                let weighted = *size == SizeBy::WeightedDegree;
                let mut d = vec![0.0f64; g.node_count()];
                for (u, v, w) in g.adjacency().iter() {
                    if u == v {
                        continue;
                    }
                    let x = if weighted { f64::from(w) } else { 1.0 };
                    d[u as usize] += x;
                    if g.is_directed() {
                        d[v as usize] += x;
                    }
                }
                Some(d.into_iter().map(Some).collect())
            }
            SizeBy::Column(c) => g.column_values(c).map(std::borrow::Cow::into_owned),
        };
        if let Some(values) = values {
            // By area: radius from the square root of the value's place on the column's
            // scale, from half the usual size to twice it.
            let scale = super::scale::Scale::of(&values);
            return values
                .iter()
                .map(|v| match (scale, v) {
                    (Some(s), Some(v)) => base * (0.5 + 1.5 * s.position(*v).sqrt()),
                    _ => base * 0.5,
                })
                .collect();
        }
    }
    match h {
        Some(h) if l > 0 => {
            let sizes = &h.levels[l].sizes;
            let max = sizes.iter().copied().fold(1.0f32, f32::max);
            sizes
                .iter()
                .map(|&s| crate::layout::cluster_radius(s, max))
                .collect()
        }
        _ => vec![base; g.node_count()],
    }
}

/// What sets a level-0 node's size (the levels above are sized by their member counts).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SizeBy {
    #[default]
    Uniform,
    /// Links, in and out.
    Degree,
    WeightedDegree,
    /// A numeric column.
    Column(String),
}

impl SizeBy {
    /// `uniform`, `degree`, `weighted-degree`, or a numeric column's name.
    pub fn parse(text: &str, graph: &Graph) -> Result<Self, String> {
        match text {
            "uniform" => Ok(Self::Uniform),
            "degree" => Ok(Self::Degree),
            "weighted-degree" => Ok(Self::WeightedDegree),
            c if graph.has_column(c) => Ok(Self::Column(c.to_string())),
            _ => {
                let names: Vec<&str> = graph
                    .nodes
                    .numeric
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect();
                Err(format!(
                    "cannot size by `{text}`: expected uniform, a computed column ({}) or a numeric column{}",
                    measure_names(),
                    if names.is_empty() {
                        " (this graph has none)".to_string()
                    } else {
                        format!(" ({})", names.join(", "))
                    }
                ))
            }
        }
    }

    pub fn name(&self) -> String {
        match self {
            Self::Uniform => "uniform".into(),
            Self::Degree => "degree".into(),
            Self::WeightedDegree => "weighted degree".into(),
            Self::Column(c) => c.clone(),
        }
    }
}

/// Each level's edges once per pair, without self-loops, as `(u, v, weight)`.
pub fn level_edges(g: &Graph, h: Option<&Hierarchy>) -> Vec<Vec<(u32, u32, f32)>> {
    let once = |a: &crate::graph::Csr| a.iter().filter(|&(u, v, _)| u < v).collect();
    match h {
        Some(h) => h.levels.iter().map(|lv| once(&lv.adjacency)).collect(),
        None => vec![once(&g.symmetric())],
    }
}

/// `1 edge`, `2 edges`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `Level 1 · 12 nodes · 30 edges · Q 0.602 · NMI 0.924`.
/// What the numbers of a level's title mean, for a tooltip.
pub const TITLE_HELP: &str = "Q: the modularity of this level's hard clustering (the share of \
edge weight inside clusters minus what a random graph of the same degrees would put there; 0 \
for no structure, about 0.3 and up for clear communities). NMI: normalised mutual information \
between the clusters and the label column (1: the same partition, 0: unrelated). For a method \
that keeps nodes: how many it keeps, and the share of the level's nodes kept or next to a kept \
one (low: the kept nodes crowd one region).";

/// A selection level's kept nodes, and the share of its nodes that are kept or have a kept
/// neighbour.
fn selection_reach(lv: &crate::hierarchy::Level) -> (usize, f64) {
    let kept: Vec<bool> = lv.hard.iter().map(Option::is_some).collect();
    let n = kept.len();
    let near = (0..n)
        .filter(|&i| kept[i] || lv.adjacency.row(i).0.iter().any(|&j| kept[j as usize]))
        .count();
    (
        kept.iter().filter(|k| **k).count(),
        near as f64 / n.max(1) as f64,
    )
}

pub fn level_title(g: &Graph, h: Option<&Hierarchy>, l: usize, edges: usize) -> String {
    match h {
        Some(h) => {
            let lv = &h.levels[l];
            // Pooling reads a directed graph as A + Aᵀ: say so where the counts differ.
            let links = if l == 0 && g.is_directed() {
                format!(
                    "{} directed edges, pooled as {} undirected (A plus its transpose)",
                    g.edge_count(),
                    edges
                )
            } else {
                count(edges, "edge")
            };
            let mut t = format!("Level {l} · {} · {links}", count(lv.node_count, "node"));
            if lv.assignment.is_some() && lv.hard.iter().any(Option::is_none) {
                // A selection keeps nodes rather than clusters them: what it kept, and how
                // much of the level it reaches, not a modularity of its few survivors.
                let (kept, near) = selection_reach(lv);
                t.push_str(&format!(
                    " · keeps {kept} ({:.0}%) · {:.0}% within 1 hop",
                    100.0 * kept as f64 / lv.node_count.max(1) as f64,
                    100.0 * near
                ));
            } else if lv.assignment.is_some() {
                t.push_str(&format!(" · Q {:.3}", lv.metrics.modularity));
                // Beside the first level's modularity, Louvain's on the same graph: how good a
                // Q is depends on the graph, and this says what a good one is here.
                if let (0, Some(q)) = (l, g.louvain_if_known()) {
                    t.push_str(&format!(" · Louvain {q:.3}"));
                    // Well below it, the share too: the figure `train` prints and the card
                    // quotes (DMoN on astro-ph: 80%).
                    let share = lv.metrics.modularity / q;
                    if q > 0.0 && share < crate::train::REFERENCE_SHARE {
                        t.push_str(&format!(" · {:.0}% of Louvain", 100.0 * share));
                    }
                }
                if let Some(nmi) = lv.metrics.nmi {
                    t.push_str(&format!(" · NMI {nmi:.3}"));
                }
            }
            t
        }
        None if g.nodes.grouping().is_none() && g.communities_if_known().is_some() => {
            let c = g
                .communities_if_known()
                .map_or((0, 0.0), |c| (c.count, c.modularity));
            format!(
                "Level 0 · {} · {} · not trained yet · coloured by Louvain's {} communities (Q {:.3})",
                count(g.node_count(), "node"),
                if g.is_directed() {
                    format!("{} directed edges", g.edge_count())
                } else {
                    count(g.edge_count(), "edge")
                },
                c.0,
                c.1
            )
        }
        None => format!(
            "Level 0 · {} · {} · not trained yet",
            count(g.node_count(), "node"),
            if g.is_directed() {
                format!("{} directed edges", g.edge_count())
            } else {
                count(g.edge_count(), "edge")
            }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples;

    #[test]
    fn colour_by_parses_modes_and_names_the_columns() {
        let loaded = samples::find("karate")
            .expect("sample")
            .load()
            .expect("loads");
        let g = loaded.first_graph().expect("a graph");
        assert_eq!(ColourMode::parse("cluster", g), Ok(ColourMode::NextCluster));
        assert_eq!(ColourMode::parse("linked", g), Ok(ColourMode::Linked));
        assert_eq!(ColourMode::parse("level:2", g), Ok(ColourMode::Level(2)));
        let col = g.nodes.label_names()[0].to_string();
        assert_eq!(
            ColourMode::parse(&col, g),
            Ok(ColourMode::Label(col.clone()))
        );
        let e = ColourMode::parse("nope", g).unwrap_err();
        assert!(e.contains("nope") && e.contains(&col), "{e}");
        assert!(ColourMode::parse("level:x", g).is_err());
    }
}

#[cfg(test)]
mod linked_tests {
    use super::*;
    use ndarray::Array2;

    /// 8 nodes in 4 pairs, the pairs in 2 groups: levels of 8, 4 and 2 nodes.
    fn two_levels() -> (Graph, Hierarchy) {
        let g = crate::generate::ring_of_cliques(4, 2);
        let s0 = Array2::from_shape_fn((8, 4), |(i, k)| f32::from(i / 2 == k));
        let s1 = Array2::from_shape_fn((4, 2), |(i, k)| f32::from(i / 2 == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s0, s1], None, vec![], "t");
        (g, h)
    }

    #[test]
    fn linked_colours_match_a_patch_to_its_node_and_a_node_to_its_largest_part() {
        let (g, h) = two_levels();
        let c: Vec<Vec<Color32>> = (0..3)
            .map(|l| level_colours(&g, Some(&h), l, &ColourMode::Linked))
            .collect();
        // A level-0 patch has exactly its level-1 node's colour.
        for i in 0..8 {
            assert_eq!(c[0][i], c[1][i / 2], "node {i}");
        }
        // Every level-1 cluster its own colour, not a shade of its parent's.
        for (j, colour) in c[1].iter().enumerate() {
            assert_eq!(*colour, class_colour(j));
        }
        // A level-2 node shows the level-1 cluster that holds most of it (ties: the first).
        assert_eq!((c[2][0], c[2][1]), (c[1][0], c[1][2]));
    }

    #[test]
    fn a_collapsed_top_level_leaves_level_one_s_clusters_in_their_own_colours() {
        // 24 nodes in 6 clusters of 4; level 2 puts 5 of the 6 in one group.
        let g = crate::generate::ring_of_cliques(6, 4);
        let s0 = Array2::from_shape_fn((24, 6), |(i, k)| f32::from(i / 4 == k));
        let s1 = Array2::from_shape_fn((6, 2), |(i, k)| f32::from((i == 5) == (k == 1)));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s0, s1], None, vec![], "t");
        let c0 = level_colours(&g, Some(&h), 0, &ColourMode::Linked);
        let mut distinct = c0.clone();
        distinct.sort_by_key(|c| c.to_array());
        distinct.dedup();
        assert_eq!(distinct.len(), 6, "six clusters, six colours");
        let legend = super::super::legend::legend(&g, Some(&h), 0, &ColourMode::Linked);
        let names: Vec<(String, usize)> =
            legend.iter().map(|e| (e.text.clone(), e.count)).collect();
        assert_eq!(names.len(), 6, "{names:?}");
        assert!(
            names
                .iter()
                .all(|(t, n)| t.starts_with("cluster ") && *n == 4),
            "{names:?}"
        );
        for e in &legend {
            let k: usize = e.text["cluster ".len()..].parse().expect("a number");
            assert_eq!(e.colour, class_colour(k));
        }
        // A collapsed level 2 draws no outline: it would only circle everything.
        assert_eq!(linked_groups(&h, 0), None);
    }

    #[test]
    fn level_two_s_groups_outline_level_one_s_colours() {
        // 24 nodes in 6 clusters of 4; level 2 pairs clusters 0-2 and 3-5.
        let g = crate::generate::ring_of_cliques(6, 4);
        let s0 = Array2::from_shape_fn((24, 6), |(i, k)| f32::from(i / 4 == k));
        let s1 = Array2::from_shape_fn((6, 2), |(i, k)| f32::from(i / 3 == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s0, s1], None, vec![], "t");
        let groups = linked_groups(&h, 0).expect("two groups");
        assert_eq!(groups[0], Some(0));
        assert_eq!(groups[11], Some(0), "node 11 is in cluster 2, group 0");
        assert_eq!(groups[12], Some(1));
        assert_eq!(linked_groups(&h, 1).expect("level 1")[4], Some(1));
        assert_eq!(
            linked_groups(&h, 2),
            None,
            "the top level has nothing above"
        );
        // One pooling level: nothing to outline.
        let one = Hierarchy::from_parts(
            g.symmetric().into_owned(),
            vec![Array2::from_shape_fn((24, 6), |(i, k)| {
                f32::from(i / 4 == k)
            })],
            None,
            vec![],
            "t",
        );
        assert_eq!(linked_groups(&one, 0), None);
    }

    #[test]
    fn a_selection_is_coloured_by_how_deep_each_node_survives_and_counted_alike() {
        // 10 nodes; level 1 keeps 0, 3, 6, 9 (in that order), level 2 keeps the first two.
        let g = crate::generate::ring_of_cliques(2, 5);
        let kept1 = [0, 3, 6, 9];
        let s0 = Array2::from_shape_fn((10, 4), |(i, k)| f32::from(kept1[k] == i));
        let s1 = Array2::from_shape_fn((4, 2), |(i, k)| f32::from(i == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s0, s1], None, vec![], "t");
        assert!(drops_nodes(&h));
        assert_eq!(survival(&h, 0), vec![2, 0, 0, 2, 0, 0, 1, 0, 0, 1]);
        let count = |l: usize| -> Vec<(String, usize)> {
            super::super::legend::legend(&g, Some(&h), l, &ColourMode::Linked)
                .iter()
                .map(|e| (e.text.clone(), e.count))
                .collect()
        };
        assert_eq!(
            count(0),
            vec![
                ("dropped at level 1".to_string(), 6),
                ("kept to level 1".to_string(), 2),
                ("kept to level 2".to_string(), 2),
            ]
        );
        assert_eq!(
            count(1),
            vec![
                ("dropped at level 2".to_string(), 2),
                ("kept to level 2".to_string(), 2),
            ]
        );
        let c0 = level_colours(&g, Some(&h), 0, &ColourMode::Linked);
        let c1 = level_colours(&g, Some(&h), 1, &ColourMode::Linked);
        assert_eq!(
            c0[0], c1[0],
            "a node kept to level 2 has one colour on both levels"
        );
        assert_eq!(c0[6], c1[2]);
        assert_eq!(c0[1], MISSING);
    }

    #[test]
    fn a_selection_s_title_says_what_it_kept_and_how_far_that_reaches() {
        // A ring of 10 (two 5-cliques joined): 4 kept nodes, 2 of them kept again.
        let g = crate::generate::ring_of_cliques(2, 5);
        let kept1 = [0, 3, 6, 9];
        let s0 = Array2::from_shape_fn((10, 4), |(i, k)| f32::from(kept1[k] == i));
        let s1 = Array2::from_shape_fn((4, 2), |(i, k)| f32::from(i == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s0, s1], None, vec![], "t");
        let t = level_title(&g, Some(&h), 0, 21);
        assert!(t.contains("keeps 4 (40%) · 100% within 1 hop"), "{t}");
        assert!(!t.contains(" Q "), "no modularity of the survivors: {t}");
        // A clustering keeps its Q, and once known Louvain's beside it on level 0.
        let (g2, h2) = two_levels();
        assert!(level_title(&g2, Some(&h2), 0, 8).contains(" · Q "));
        assert!(!level_title(&g2, Some(&h2), 0, 8).contains("Louvain"));
        let q = g2.louvain_modularity();
        let t = level_title(&g2, Some(&h2), 0, 8);
        assert!(t.contains(&format!(" · Louvain {q:.3}")), "{t}");
        assert!(
            (q - 0.25).abs() < 1e-6,
            "a ring of four pairs: Louvain finds them ({q})"
        );
        // Well below Louvain the title gives the share as well.
        let g3 = crate::generate::ring_of_cliques(4, 5);
        let mixed = Array2::from_shape_fn((20, 4), |(i, k)| f32::from(i % 4 == k));
        let mut h3 =
            Hierarchy::from_parts(g3.symmetric().into_owned(), vec![mixed], None, vec![], "t");
        h3.compute_metrics(&g3, None);
        let (q3, louvain) = (h3.levels[0].metrics.modularity, g3.louvain_modularity());
        let t = level_title(&g3, Some(&h3), 0, 44);
        let share = format!(" · {:.0}% of Louvain", 100.0 * q3 / louvain);
        assert!(q3 < 0.9 * louvain && t.contains(&share), "{t}");
        let cliques = Array2::from_shape_fn((20, 4), |(i, k)| f32::from(i / 5 == k));
        let mut h4 = Hierarchy::from_parts(
            g3.symmetric().into_owned(),
            vec![cliques],
            None,
            vec![],
            "t",
        );
        h4.compute_metrics(&g3, None);
        let t = level_title(&g3, Some(&h4), 0, 44);
        assert!(
            !t.contains("% of Louvain"),
            "the cliques are Louvain's: {t}"
        );
    }
}
