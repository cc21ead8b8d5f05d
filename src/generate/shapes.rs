//! Deterministic shapes with obvious communities: ring of cliques, connected caveman, 2-D grid
//! and barbell. Useful for teaching because the right answer is visible.

use super::blocks::{block_column, starts_of};
use crate::graph::{Graph, LabelColumn};

fn clique_edges(start: usize, size: usize, edges: &mut Vec<(u32, u32, f32)>) {
    for i in start..start + size {
        for j in i + 1..start + size {
            edges.push((i as u32, j as u32, 1.0));
        }
    }
}

/// `cliques` cliques of `size` nodes, consecutive cliques joined by one edge.
pub fn ring_of_cliques(cliques: usize, size: usize) -> Graph {
    let mut edges = Vec::new();
    for c in 0..cliques {
        clique_edges(c * size, size, &mut edges);
        if cliques > 1 && (cliques > 2 || c == 0) {
            let next = ((c + 1) % cliques) * size;
            edges.push(((c * size + size - 1) as u32, next as u32, 1.0));
        }
    }
    let starts = starts_of(&vec![size; cliques]);
    let mut g = Graph::from_edges(cliques * size, &edges);
    g.nodes.labels.push(block_column("clique", &starts, |b| b));
    g
}

/// Connected caveman graph (Watts 1999): cliques where one inner edge of each is rewired to
/// the next cave, making a ring.
pub fn connected_caveman(caves: usize, size: usize) -> Graph {
    let mut edges = Vec::new();
    for c in 0..caves {
        let s = c * size;
        for i in s..s + size {
            for j in i + 1..s + size {
                if !(caves > 1 && i == s && j == s + 1) {
                    edges.push((i as u32, j as u32, 1.0));
                }
            }
        }
        if caves > 1 {
            let next = ((c + 1) % caves) * size;
            edges.push((s as u32, (next + 1) as u32, 1.0));
        }
    }
    let starts = starts_of(&vec![size; caves]);
    let mut g = Graph::from_edges(caves * size, &edges);
    g.nodes.labels.push(block_column("cave", &starts, |b| b));
    g
}

/// A `w x h` lattice with coordinates, labelled by quadrant.
pub fn grid(w: usize, h: usize) -> Graph {
    let mut edges = Vec::new();
    let id = |x: usize, y: usize| (y * w + x) as u32;
    for y in 0..h {
        for x in 0..w {
            if x + 1 < w {
                edges.push((id(x, y), id(x + 1, y), 1.0));
            }
            if y + 1 < h {
                edges.push((id(x, y), id(x, y + 1), 1.0));
            }
        }
    }
    let mut g = Graph::from_edges(w * h, &edges);
    g.nodes.coords = Some(
        (0..w * h)
            .map(|i| [(i % w) as f32, (i / w) as f32])
            .collect(),
    );
    let quadrant: Vec<Option<String>> = (0..w * h)
        .map(|i| Some((usize::from(i % w >= w / 2) + 2 * usize::from(i / w >= h / 2)).to_string()))
        .collect();
    g.nodes
        .labels
        .push(LabelColumn::from_values("quadrant", &quadrant));
    g
}

/// Two `m`-cliques joined by a path of `path` nodes.
pub fn barbell(m: usize, path: usize) -> Graph {
    let mut edges = Vec::new();
    clique_edges(0, m, &mut edges);
    clique_edges(m + path, m, &mut edges);
    let chain: Vec<usize> = std::iter::once(m.saturating_sub(1))
        .chain(m..m + path)
        .chain(std::iter::once(m + path))
        .collect();
    if m > 0 {
        for w in chain.windows(2) {
            edges.push((w[0] as u32, w[1] as u32, 1.0));
        }
    }
    let n = 2 * m + path;
    let mut g = Graph::from_edges(n, &edges);
    let bell: Vec<Option<String>> = (0..n)
        .map(|i| {
            Some(
                if i < m {
                    "left"
                } else if i < m + path {
                    "path"
                } else {
                    "right"
                }
                .to_string(),
            )
        })
        .collect();
    g.nodes.labels.push(LabelColumn::from_values("bell", &bell));
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_of_cliques_counts() {
        let g = ring_of_cliques(6, 5);
        assert_eq!(g.node_count(), 30);
        assert_eq!(g.edge_count(), 6 * 10 + 6);
        assert_eq!(g.component_count(), 1);
    }

    #[test]
    fn caveman_keeps_edge_count_and_connects() {
        let g = connected_caveman(4, 5);
        assert_eq!(g.edge_count(), 4 * 10);
        assert_eq!(g.component_count(), 1);
    }

    #[test]
    fn grid_and_barbell() {
        let g = grid(4, 3);
        assert_eq!(g.edge_count(), 3 * 3 + 4 * 2);
        assert_eq!(g.nodes.coords.as_ref().map(|c| c[5]), Some([1.0, 1.0]));
        let b = barbell(4, 2);
        assert_eq!(b.node_count(), 10);
        assert_eq!(b.edge_count(), 6 + 6 + 3);
        assert_eq!(b.component_count(), 1);
    }
}
