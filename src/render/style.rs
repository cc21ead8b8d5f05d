//! How a level looks, shared by the window and the exports so they agree: node colours under a
//! colour mode, node radii, and the title line.

use super::palette::{MISSING, class_colour};
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use eframe::egui::Color32;

/// How nodes are coloured.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ColourMode {
    /// By the cluster each node joins on the next level.
    #[default]
    NextCluster,
    /// By a ground-truth column (majority of members above level 0).
    Label(String),
    /// By the cluster of a chosen level.
    Level(usize),
}

impl ColourMode {
    /// `cluster`, `level:K`, or the name of one of the graph's label columns.
    pub fn parse(text: &str, graph: &Graph) -> Result<Self, String> {
        if text == "cluster" {
            return Ok(Self::NextCluster);
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
        let names = graph.nodes.label_names();
        Err(format!(
            "cannot colour by `{text}`: expected `cluster`, `level:K` or a label column{}",
            if names.is_empty() {
                " (this graph has none)".to_string()
            } else {
                format!(" ({})", names.join(", "))
            }
        ))
    }
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
    let Some(h) = h else {
        return match mode {
            ColourMode::Label(c) => g.nodes.label(c).map_or_else(
                || vec![class_colour(0); g.node_count()],
                |col| to_colour(&col.codes),
            ),
            _ => g.nodes.labels.first().map_or_else(
                || vec![class_colour(0); g.node_count()],
                |col| to_colour(&col.codes),
            ),
        };
    };
    match mode {
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
    }
}

/// Node radii in pixels: level 0 shrinks with the graph; above, area follows cluster size.
pub fn level_radii(g: &Graph, h: Option<&Hierarchy>, l: usize) -> Vec<f32> {
    let n0 = g.node_count().max(1) as f32;
    let base = (6.0 - n0.log10()).clamp(2.0, 6.0);
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

/// Each level's edges once per pair, without self-loops, as `(u, v, weight)`.
pub fn level_edges(g: &Graph, h: Option<&Hierarchy>) -> Vec<Vec<(u32, u32, f32)>> {
    let once = |a: &crate::graph::Csr| a.iter().filter(|&(u, v, _)| u < v).collect();
    match h {
        Some(h) => h.levels.iter().map(|lv| once(&lv.adjacency)).collect(),
        None => vec![once(&g.symmetric())],
    }
}

/// `Level 1 · 12 nodes · 30 edges · Q 0.602 · NMI 0.924`.
pub fn level_title(g: &Graph, h: Option<&Hierarchy>, l: usize, edges: usize) -> String {
    match h {
        Some(h) => {
            let lv = &h.levels[l];
            let mut t = format!("Level {l} · {} nodes · {edges} edges", lv.node_count);
            if lv.assignment.is_some() {
                t.push_str(&format!(" · Q {:.3}", lv.metrics.modularity));
                if let Some(nmi) = lv.metrics.nmi {
                    t.push_str(&format!(" · NMI {nmi:.3}"));
                }
            }
            t
        }
        None => format!(
            "Level 0 · {} nodes · {} edges · not trained yet",
            g.node_count(),
            g.edge_count()
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
