//! `losses`: every auxiliary loss and metric of an assignment made elsewhere (e.g. by a PyG
//! model), computed by the same code that trains here.

use super::args::{GRAPH_HELP, load_graph};
use crate::autodiff::Tape;
use crate::graph::Graph;
use crate::io::{Loaded, read_assignment};
use crate::metrics;
use crate::pool::{Adjacency, losses as l};
use anyhow::{Context, Result, bail};
use clap::Args;
use serde_json::{Value, json};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct LossesArgs {
    #[arg(help = GRAPH_HELP)]
    pub graph: String,
    /// The assignment matrix (CSV or .npy), rows = nodes, columns = clusters.
    #[arg(long)]
    pub assign: PathBuf,
    /// The file holds logits: apply a row softmax first.
    #[arg(long)]
    pub logits: bool,
    /// Label column for NMI and ARI (default: the first one).
    #[arg(long)]
    pub labels: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// Every loss of `dense_mincut_pool`, `dense_diff_pool` and `DMoNPooling` for one assignment.
pub fn loss_report(g: &Graph, s: &ndarray::Array2<f32>, labels: Option<&str>) -> Result<Value> {
    let n = g.node_count();
    if s.nrows() != n {
        bail!(
            "the assignment has {} rows but the graph has {n} nodes (one row per node, in file order)",
            s.nrows()
        );
    }
    if s.ncols() < 2 {
        bail!(
            "the assignment has {} column; at least 2 clusters are needed",
            s.ncols()
        );
    }
    let sym = g.symmetric().into_owned();
    let adj = Adjacency::sparse(sym.clone());
    let mut t = Tape::new();
    let sv = t.constant(s.clone());
    let values = [
        ("mincut_cut", l::mincut_cut(&mut t, &adj, sv)),
        ("mincut_ortho", l::mincut_ortho(&mut t, sv)),
        ("diffpool_link", l::diffpool_link(&mut t, &adj, sv)),
        ("diffpool_entropy", l::diffpool_entropy(&mut t, sv)),
        ("dmon_spectral", l::dmon_spectral(&mut t, &adj, sv)),
        ("dmon_cluster", l::dmon_cluster(&mut t, sv)),
    ];
    let mut out = serde_json::Map::new();
    for (name, v) in values {
        out.insert(name.into(), json!(t.item(v) as f64));
    }
    let hard = metrics::hard_assignment(s);
    out.insert("modularity".into(), json!(metrics::modularity(&sym, &hard)));
    out.insert(
        "clusters_used".into(),
        json!(
            metrics::cluster_sizes(&hard, s.ncols())
                .iter()
                .filter(|&&c| c > 0)
                .count()
        ),
    );
    let column = match labels {
        Some(c) => Some(g.nodes.label(c).with_context(|| {
            format!(
                "label column `{c}` not found (the graph has: {})",
                g.nodes.label_names().join(", ")
            )
        })?),
        None => g.nodes.labels.first(),
    };
    if let Some(col) = column {
        out.insert("labels".into(), json!(col.name));
        out.insert("nmi".into(), json!(metrics::nmi(&col.codes, &hard)));
        out.insert("ari".into(), json!(metrics::ari(&col.codes, &hard)));
    }
    Ok(Value::Object(out))
}

pub fn run(args: &LossesArgs) -> Result<()> {
    let loaded = load_graph(&args.graph, None)?;
    let g = match &loaded {
        Loaded::Graph(g) => g,
        Loaded::Dataset(_) => bail!("{} is a data set; give one graph", args.graph),
    };
    let s = read_assignment(&args.assign, args.logits)?;
    let report = loss_report(g, &s, args.labels.as_deref())?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else if let Value::Object(m) = report {
        for (k, v) in m {
            println!("{k:<18} {v}");
        }
    }
    Ok(())
}
