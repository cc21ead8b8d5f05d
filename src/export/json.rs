//! The hierarchy as JSON: levels with their sizes, assignments, hard clusters, pooled edges,
//! metrics and (optionally) the training configuration.

use crate::hierarchy::Hierarchy;
use serde_json::{Value, json};

/// Format version written into every file, so later readers can tell what they hold.
pub const FORMAT_VERSION: u32 = 1;

pub fn hierarchy_to_json(h: &Hierarchy, config: Option<Value>) -> Value {
    let levels: Vec<Value> = h
        .levels
        .iter()
        .enumerate()
        .map(|(l, level)| {
            let edges: Vec<Value> = level
                .adjacency
                .iter()
                .filter(|&(i, j, _)| i <= j)
                .map(|(i, j, w)| json!([i, j, w]))
                .collect();
            json!({
                "level": l,
                "nodes": level.node_count,
                "sizes": level.sizes,
                "edges": edges,
                "assignment": level.assignment.as_ref().map(|s| s.rows().into_iter().map(|r| r.to_vec()).collect::<Vec<_>>()),
                "hard": level.hard,
                "embeddings": level.embeddings.as_ref().map(|e| e.rows().into_iter().map(|r| r.to_vec()).collect::<Vec<_>>()),
                "metrics": level.metrics,
            })
        })
        .collect();
    json!({
        "poolscope_hierarchy": FORMAT_VERSION,
        "source": h.source,
        "config": config,
        "levels": levels,
    })
}
