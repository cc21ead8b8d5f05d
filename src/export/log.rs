//! A logged step (from a PyG model, through the `poolscope` Python package) as the same
//! [`Hierarchy`] a trained one is: its assignments checked and chained, its embeddings kept.

use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use crate::io::logdir::LogStep;

/// The hierarchy of one step; `labels` names the column NMI is scored against.
pub fn step_hierarchy(
    graph: &Graph,
    step: &LogStep,
    labels: Option<&str>,
) -> Result<Hierarchy, String> {
    let mut h = Hierarchy::import(graph, step.assignments.clone(), labels)
        .map_err(|e| format!("step {}: {e}", step.step))?;
    for (l, e) in step.embeddings.iter().enumerate() {
        if let (Some(e), Some(level)) = (e, h.levels.get_mut(l))
            && e.nrows() == level.node_count
        {
            level.embeddings = Some(e.clone());
        }
    }
    h.source = "logged".to_string();
    // Again, now that the embeddings are there (their spread is one of the metrics).
    h.compute_metrics(graph, labels);
    Ok(h)
}
