//! What each colour on a level means, with how many nodes carry it: label values, clusters,
//! or the top-level groups of the linked colouring. Drawn on every canvas and in the exports.

use super::palette::{MISSING, class_colour};
use super::style::{ColourMode, level_colours};
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use epaint::Color32;

/// Legends list at most this many colours (football's twelve conferences fit), then how many
/// more there are and the nodes they hold.
pub const MAX_ENTRIES: usize = 12;

/// Keeps the first [`MAX_ENTRIES`] entries and sums the rest into one `… N more`, so the
/// counts still add up to the level's nodes.
fn cap(entries: &mut Vec<LegendEntry>) {
    if entries.len() <= MAX_ENTRIES {
        return;
    }
    let rest: Vec<LegendEntry> = entries.split_off(MAX_ENTRIES);
    entries.push(LegendEntry {
        colour: Color32::TRANSPARENT,
        text: format!("… {} more", rest.len()),
        count: rest.iter().map(|e| e.count).sum(),
    });
}

#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    pub colour: Color32,
    pub text: String,
    /// Nodes of this level with this colour.
    pub count: usize,
}

/// Stops of a numeric scale's legend.
const SCALE_STOPS: usize = 5;

/// A numeric column's legend: the scale in [`SCALE_STOPS`] even steps from its lowest to its
/// highest value (each entry the colour of its step's middle, counting the nodes in it), then
/// the nodes without a value.
fn scale_legend(g: &Graph, h: Option<&Hierarchy>, l: usize, column: &str) -> Vec<LegendEntry> {
    let Some(scale) = g
        .column_values(column)
        .and_then(|c| super::scale::Scale::of(&c))
    else {
        return Vec::new();
    };
    let values = super::style::level_values(g, h, l, column);
    let mut counts = [0usize; SCALE_STOPS];
    let mut missing = 0;
    for v in &values {
        match v {
            Some(v) => {
                let k = (scale.position(*v) * SCALE_STOPS as f32) as usize;
                counts[k.min(SCALE_STOPS - 1)] += 1;
            }
            None => missing += 1,
        }
    }
    let short = super::scale::short_value;
    let mut entries: Vec<LegendEntry> = (0..SCALE_STOPS)
        .map(|k| {
            let (a, b) = (
                k as f32 / SCALE_STOPS as f32,
                (k + 1) as f32 / SCALE_STOPS as f32,
            );
            LegendEntry {
                colour: super::scale::viridis((a + b) / 2.0),
                text: format!(
                    "{}{} – {}",
                    if k == 0 {
                        format!("{column} ")
                    } else {
                        String::new()
                    },
                    short(scale.value_at(a)),
                    short(scale.value_at(b))
                ),
                count: counts[k],
            }
        })
        .collect();
    if scale.log {
        entries[0].text.push_str(" (log scale)");
    }
    if missing > 0 {
        entries.push(LegendEntry {
            colour: MISSING,
            text: "no value".into(),
            count: missing,
        });
    }
    entries
}

/// The legend of level `l`: the most common colours first, at most [`MAX_ENTRIES`], and a last
/// entry saying how many more when there are.
pub fn legend(g: &Graph, h: Option<&Hierarchy>, l: usize, mode: &ColourMode) -> Vec<LegendEntry> {
    if let ColourMode::Scale(c) = mode {
        return scale_legend(g, h, l, c);
    }
    if let (ColourMode::Linked, Some(h)) = (mode, h)
        && h.depth() > 1
    {
        return linked_legend(h, l);
    }
    let colours = level_colours(g, h, l, mode);
    let top = h.map_or(0, |h| h.depth() - 1);
    // The class each colour stands for, and how to name it.
    let (names, groups): (Vec<String>, Vec<Option<u32>>) = match (mode, h) {
        (ColourMode::Label(c), _) => match g.nodes.label(c) {
            Some(col) => (col.classes.clone(), class_of(&colours, col.classes.len())),
            None => (Vec::new(), vec![None; colours.len()]),
        },
        (_, None) => match (g.nodes.grouping(), g.communities_if_known()) {
            (Some(col), _) => (col.classes.clone(), class_of(&colours, col.classes.len())),
            (None, Some(c)) => (
                (0..c.count).map(|k| format!("Louvain {k}")).collect(),
                c.of_node.iter().map(|&k| Some(k)).collect(),
            ),
            (None, None) => (Vec::new(), vec![None; colours.len()]),
        },
        (ColourMode::Linked, Some(h)) => {
            // One level: each node its own colour.
            let k = h.levels[top].node_count;
            let names = (0..k).map(|t| format!("node {t}")).collect();
            (names, h.partition(l, top))
        }
        (ColourMode::NextCluster, Some(h)) => {
            let up = (l + 1).min(top);
            let k = h.levels[up].node_count;
            let names = (0..k).map(|t| format!("to {t}")).collect();
            (
                names,
                if l == top {
                    (0..k as u32).map(Some).collect()
                } else {
                    h.levels[l].hard.clone()
                },
            )
        }
        (ColourMode::Scale(_), _) => (Vec::new(), Vec::new()),
        (ColourMode::Level(k), Some(h)) => {
            let k = (*k).min(top);
            let n = h.levels[k].node_count;
            let names = (0..n).map(|t| format!("cluster {t}")).collect();
            (names, class_of(&colours, n))
        }
    };
    let mut counts = vec![0usize; names.len()];
    let mut missing = 0usize;
    for g in &groups {
        match g.and_then(|c| counts.get_mut(c as usize)) {
            Some(c) => *c += 1,
            None => missing += 1,
        }
    }
    // The most common first; ties in the column's class order (block 2 before block 10,
    // which text order put after 1).
    let mut order: Vec<usize> = (0..counts.len()).filter(|&k| counts[k] > 0).collect();
    order.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
    let mut entries: Vec<LegendEntry> = order
        .into_iter()
        .map(|k| LegendEntry {
            colour: class_colour(k),
            text: names[k].clone(),
            count: counts[k],
        })
        .collect();
    cap(&mut entries);
    // A legend of nothing but "no value" (an unlabelled graph before training) says nothing.
    if missing > 0 && !entries.is_empty() {
        entries.push(LegendEntry {
            colour: MISSING,
            text: match (h, mode) {
                (Some(h), ColourMode::Linked | ColourMode::NextCluster | ColourMode::Level(_))
                    if h.levels
                        .iter()
                        .any(|lv| lv.hard.iter().any(Option::is_none)) =>
                {
                    "dropped (not kept)".to_string()
                }
                _ => "no value".to_string(),
            },
            count: missing,
        });
    }
    entries
}

/// The linked colouring's legend on level `l`: the level-1 clusters it shows (`cluster 3`,
/// with how many of this level's nodes carry its colour), or for a selection how deep the
/// nodes survive (`kept to level 2`, `kept to level 1`, `dropped at level 1`), counts that
/// agree with the titles and the gallery.
fn linked_legend(h: &Hierarchy, l: usize) -> Vec<LegendEntry> {
    let top = h.depth() - 1;
    let keys = super::style::linked_keys(h, l);
    let colours = super::style::linked_level_colours(h, l);
    let mut counts: std::collections::BTreeMap<u32, (usize, Color32)> = Default::default();
    let mut missing = 0usize;
    for (k, c) in keys.iter().zip(colours) {
        match k {
            Some(k) => counts.entry(*k).or_insert((0, c)).0 += 1,
            None => missing += 1,
        }
    }
    let selection = super::style::drops_nodes(h);
    let name = |k: u32| -> String {
        let k = k as usize;
        if !selection {
            format!("cluster {k}")
        } else if k == l && l < top {
            format!("dropped at level {}", l + 1)
        } else {
            format!("kept to level {k}")
        }
    };
    // The most common first; ties in key order (cluster 2 before cluster 10).
    let mut keyed: Vec<(u32, usize, Color32)> =
        counts.into_iter().map(|(k, (n, c))| (k, n, c)).collect();
    keyed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut entries: Vec<LegendEntry> = keyed
        .into_iter()
        .map(|(k, count, colour)| LegendEntry {
            colour,
            text: name(k),
            count,
        })
        .collect();
    cap(&mut entries);
    if missing > 0 {
        entries.push(LegendEntry {
            colour: MISSING,
            text: "no cluster".to_string(),
            count: missing,
        });
    }
    entries
}

/// The class of each node from its colour, for modes whose colours are class colours.
fn class_of(colours: &[Color32], classes: usize) -> Vec<Option<u32>> {
    let palette: Vec<Color32> = (0..classes).map(class_colour).collect();
    colours
        .iter()
        .map(|c| palette.iter().position(|p| p == c).map(|k| k as u32))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_legend_names_the_values_with_their_counts() {
        let g = crate::samples::graph("karate").expect("sample");
        let l = legend(&g, None, 0, &ColourMode::Label("club".into()));
        let total: usize = l.iter().map(|e| e.count).sum();
        assert_eq!(total, 34);
        assert_eq!(l.len(), 2);
        assert!(
            l.iter().any(|e| e.text == "Mr. Hi" && e.count == 17),
            "{l:?}"
        );
        assert_eq!(
            l[0].colour,
            class_colour(
                g.nodes
                    .label("club")
                    .expect("club")
                    .classes
                    .iter()
                    .position(|c| *c == l[0].text)
                    .expect("named")
            )
        );
    }

    #[test]
    fn equal_classes_are_listed_in_the_column_s_order_not_as_text() {
        let g = crate::generate::generate("sbm:n=120,k=12,din=4,dout=1,seed=0").expect("spec");
        let l = legend(&g, None, 0, &ColourMode::Label("block".into()));
        let texts: Vec<&str> = l.iter().take(4).map(|e| e.text.as_str()).collect();
        assert_eq!(texts, ["0", "1", "2", "3"], "not 0, 1, 10, 11");
    }

    #[test]
    fn an_unlabelled_untrained_graph_has_no_legend() {
        let g = crate::samples::graph("lesmis").expect("sample");
        assert!(g.nodes.labels.is_empty());
        assert_eq!(legend(&g, None, 0, &ColourMode::Linked), Vec::new());
    }
}

#[cfg(test)]
mod louvain_tests {
    use super::*;

    #[test]
    fn an_unlabelled_graph_is_coloured_by_louvain_once_its_communities_are_known() {
        // Two triangles joined by one edge, no label column.
        let g = Graph::from_edges(
            6,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (3, 5, 1.0),
                (2, 3, 1.0),
            ],
        );
        let colours = |g: &Graph| super::super::level_colours(g, None, 0, &ColourMode::Linked);
        let before = colours(&g);
        assert!(
            before.iter().all(|&c| c == before[0]),
            "one colour until known"
        );
        assert!(!super::super::level_title(&g, None, 0, 7).contains("Louvain"));
        let c = g.louvain_communities();
        assert_eq!(c.count, 2);
        let after = colours(&g);
        assert_eq!(after[0], after[2]);
        assert_ne!(after[0], after[3]);
        let entries = legend(&g, None, 0, &ColourMode::Linked);
        let texts: Vec<(&str, usize)> =
            entries.iter().map(|e| (e.text.as_str(), e.count)).collect();
        assert_eq!(texts, [("Louvain 0", 3), ("Louvain 1", 3)]);
        let title = super::super::level_title(&g, None, 0, 7);
        assert!(
            title.contains("coloured by Louvain's 2 communities (Q 0.357)"),
            "{title}"
        );
    }
}
