//! The method gallery: one graph pooled by several methods, one row per method, every row's
//! level 0 at the same positions, so the rows differ only in how the methods pooled it. Each
//! row's level-0 title starts with its method; its metrics follow as in any picture.
//!
//! With the linked colouring (the default) every row is coloured by its level-1 clusters,
//! renumbered to match the first row's where they overlap most: the same community has the
//! same colour in every row, and a colour that appears in one row only is a cluster the first
//! method did not find.

use super::scene::{Scene, SceneOptions};
use super::style::ColourMode;
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;

/// Most rows a gallery draws.
pub const MAX_ROWS: usize = 12;

/// The column a row's matched clusters are drawn from.
const CLUSTER_COLUMN: &str = "level-1 cluster";

/// Each row's level-0 partition into its level-1 clusters, renumbered so that a cluster takes
/// the number of the first row's cluster it overlaps most (greedily, largest overlaps first);
/// clusters left over take numbers after the first row's.
pub fn matched_clusters(rows: &[(String, Hierarchy)]) -> Vec<Vec<Option<u32>>> {
    let parts: Vec<Vec<Option<u32>>> = rows
        .iter()
        .map(|(_, h)| {
            if h.depth() > 1 {
                h.level0_partition(1)
            } else {
                vec![None; h.levels[0].node_count]
            }
        })
        .collect();
    let Some(reference) = parts.first().cloned() else {
        return parts;
    };
    let k_ref = reference
        .iter()
        .flatten()
        .max()
        .map_or(0, |&c| c as usize + 1);
    parts
        .into_iter()
        .enumerate()
        .map(|(r, part)| {
            if r == 0 {
                return part;
            }
            let k = part.iter().flatten().max().map_or(0, |&c| c as usize + 1);
            let map = crate::hierarchy::match_clusters(&reference, &part);
            let mut next = k_ref as u32;
            let to: Vec<u32> = (0..k as u32)
                .map(|c| match map.get(&c) {
                    Some(&m) => m,
                    None => {
                        next += 1;
                        next - 1
                    }
                })
                .collect();
            part.iter().map(|c| c.map(|c| to[c as usize])).collect()
        })
        .collect()
}

/// `rows` (a label and its hierarchy) stacked top to bottom in a `width x height` picture.
pub fn gallery_scene(
    g: &Graph,
    rows: &[(String, Hierarchy)],
    level0: &[[f32; 2]],
    mode: &ColourMode,
    width: u32,
    height: u32,
    options: &SceneOptions,
) -> Result<Scene, String> {
    if rows.is_empty() || rows.len() > MAX_ROWS {
        return Err(format!(
            "a gallery draws 1 to {MAX_ROWS} methods, not {}",
            rows.len()
        ));
    }
    let row_height = height / rows.len() as u32;
    let matched = (*mode == ColourMode::Linked).then(|| matched_clusters(rows));
    let mut out: Option<Scene> = None;
    for (k, (label, h)) in rows.iter().enumerate() {
        let positions =
            crate::layout::upper_levels(h, level0, &[], crate::layout::UPPER_REFINE, None);
        let row_options = SceneOptions {
            row_label: Some(label.clone()),
            level: None,
            ..options.clone()
        };
        let (row_graph, row_mode);
        let (g_row, mode_row) = match &matched {
            Some(m) => {
                let mut copy = g.clone();
                let classes = m[k].iter().flatten().max().map_or(0, |&c| c as usize + 1);
                copy.nodes.labels.push(crate::graph::LabelColumn {
                    name: CLUSTER_COLUMN.to_string(),
                    classes: (0..classes).map(|c| format!("cluster {c}")).collect(),
                    codes: m[k].clone(),
                });
                row_graph = copy;
                row_mode = ColourMode::Label(CLUSTER_COLUMN.to_string());
                (&row_graph, &row_mode)
            }
            None => (g, mode),
        };
        let mut scene = Scene::build_with(
            g_row,
            Some(h),
            &positions,
            mode_row,
            width,
            row_height,
            &row_options,
        )
        .map_err(|e| format!("{label}: {e}"))?;
        let dy = (k as u32 * row_height) as f32;
        for p in &mut scene.panels {
            p.y += dy;
            for n in &mut p.nodes {
                n.y += dy;
            }
            for e in p.edges.iter_mut().chain(p.overlay.iter_mut()) {
                e.a[1] += dy;
                e.b[1] += dy;
            }
            for l in &mut p.legend {
                l.y += dy;
            }
        }
        match &mut out {
            None => out = Some(scene),
            Some(all) => all.panels.extend(scene.panels),
        }
    }
    let mut scene = out.ok_or("no rows")?;
    scene.height = height;
    Ok(scene)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_clusters_numbered_otherwise_match_the_first_row() {
        let g = crate::generate::generate("sbm:n=60,k=3,din=8,dout=1,seed=1").expect("spec");
        let blocks: Vec<u32> = (0..60).map(|i| (i / 20) as u32).collect();
        let hier = |labels: &[u32]| {
            let s =
                ndarray::Array2::from_shape_fn((60, 3), |(i, c)| f32::from(labels[i] == c as u32));
            crate::hierarchy::Hierarchy::import(&g, vec![s], None).expect("valid")
        };
        let renamed: Vec<u32> = blocks.iter().map(|&b| (b + 1) % 3).collect();
        let rows = vec![
            ("a".to_string(), hier(&blocks)),
            ("b".to_string(), hier(&renamed)),
        ];
        let m = matched_clusters(&rows);
        assert_eq!(m[0], m[1], "renumbered to the first row's numbers");
        let scene = gallery_scene(
            &g,
            &rows,
            &vec![[0.0, 0.0]; 60]
                .iter()
                .enumerate()
                .map(|(i, _)| [(i % 10) as f32, (i / 10) as f32])
                .collect::<Vec<_>>(),
            &ColourMode::Linked,
            800,
            600,
            &SceneOptions::default(),
        )
        .expect("draws");
        assert_eq!(scene.panels.len(), 4);
        assert!(scene.panels[2].title[0].starts_with("b · Level 0"));
        assert!(
            scene.panels[2].y >= 300.0,
            "the second row sits below the first"
        );
        let colours = |p: usize| {
            scene.panels[p]
                .nodes
                .iter()
                .map(|n| n.colour)
                .collect::<Vec<_>>()
        };
        assert_eq!(colours(0), colours(2), "matched clusters share colours");
    }
}
