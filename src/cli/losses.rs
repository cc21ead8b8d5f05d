//! `losses`: every auxiliary loss and metric of assignments made elsewhere (e.g. by a PyG
//! model), computed by the same code that trains here: one file per level (or a logged step),
//! each level's losses on that level's own coarse graph, with the warnings `train` gives.

use super::args::{GRAPH_HELP, GraphPick};
use super::output::emit;
use crate::graph::Csr;
use crate::hierarchy::Hierarchy;
use crate::io::{AssignmentOptions, Loaded, read_assignment_with};
use anyhow::{Context, Result, bail};
use clap::Args;
use serde_json::{Value, json};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct LossesArgs {
    #[arg(help = GRAPH_HELP)]
    pub graph: String,
    #[command(flatten)]
    pub pick: GraphPick,
    /// An assignment matrix (CSV or .npy), rows = nodes, columns = clusters; repeat it for each
    /// level, in order. Not needed when GRAPH is a log directory.
    #[arg(long)]
    pub assign: Vec<PathBuf>,
    /// The files hold logits: apply a row softmax first.
    #[arg(long)]
    pub logits: bool,
    /// Only this level's file holds logits (0 is the first file; repeat for more).
    #[arg(long = "logits-level", value_name = "L")]
    pub logits_levels: Vec<usize>,
    /// Softmax temperature for logits (MinCut's `temp`).
    #[arg(long, default_value_t = 1.0)]
    pub temperature: f32,
    /// Levels above the first: the losses on the normalised pooled adjacency too (zero
    /// diagonal, D^-1/2 A D^-1/2: what PyG's next dense layer is given), beside the raw SᵀAS.
    #[arg(long)]
    pub normalized: bool,
    /// A log directory's step: a number, or `last` (the default).
    #[arg(long)]
    pub step: Option<String>,
    /// A B x N x K batch: which graph of it (0-based).
    #[arg(long)]
    pub batch_index: Option<usize>,
    /// A batch's rows beyond this many nodes are padding (default: the graph's node count).
    #[arg(long)]
    pub nodes: Option<usize>,
    /// Also PyG's values for this graph padded to the batch's N rows, as dense_diff_pool
    /// reports them for a batch (it divides by B·N² and averages over B·N rows).
    #[arg(long)]
    pub padded: bool,
    /// Label column for NMI and ARI (default: the first one).
    #[arg(long)]
    pub labels: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// Every loss poolscope computes for assignment `s` on the (symmetric) adjacency `a`.
pub fn losses_on(a: &Csr, s: &ndarray::Array2<f32>) -> serde_json::Map<String, Value> {
    crate::pool::logged::all_losses(a, s)
        .into_iter()
        .map(|(name, v)| (name.to_string(), json!(v)))
        .collect()
}

/// The normalisation MinCut and DMoN apply before the next level: zero diagonal, then
/// `D^-1/2 A D^-1/2` (1e-15 in the denominators, as PyG).
fn normalised(a: &Csr) -> Csr {
    let n = a.node_count();
    let d: Vec<f64> = (0..n)
        .map(|i| {
            a.iter()
                .filter(|&(u, v, _)| u as usize == i && u != v)
                .map(|e| f64::from(e.2))
                .sum::<f64>()
        })
        .collect();
    let t: Vec<(u32, u32, f32)> = a
        .iter()
        .filter(|&(u, v, _)| u != v)
        .map(|(u, v, w)| {
            let k = (d[u as usize].sqrt() + 1e-15) * (d[v as usize].sqrt() + 1e-15);
            (u, v, (f64::from(w) / k) as f32)
        })
        .collect();
    Csr::from_triplets(n, &t)
}

/// One level's report: its losses (BN-Pool's from the posterior the log holds, `bn`), and the
/// metrics the hierarchy computed.
fn level_report(
    h: &Hierarchy,
    l: usize,
    normalized: bool,
    bn: Option<(&crate::pool::bnpool::Logged, f32)>,
) -> Option<Value> {
    let lv = &h.levels[l];
    let s = lv.assignment.as_ref()?;
    let mut out = losses_on(&lv.adjacency, s);
    if let Some((logged, alpha_dp)) = bn {
        let mut all = Vec::new();
        crate::pool::logged::with_bnpool(&mut all, &lv.adjacency, s, logged, alpha_dp);
        for (name, v) in all {
            out.insert(name.to_string(), json!(v));
        }
    }
    let m = &lv.metrics;
    out.insert("level".into(), json!(l + 1));
    out.insert("nodes".into(), json!(lv.node_count));
    out.insert("clusters".into(), json!(s.ncols()));
    out.insert("modularity".into(), json!(m.modularity));
    out.insert("clusters_used".into(), json!(m.clusters_used));
    out.insert("nmi".into(), json!(m.nmi));
    out.insert("ari".into(), json!(m.ari));
    if normalized && l > 0 {
        out.insert(
            "normalized_adjacency".into(),
            Value::Object(losses_on(&normalised(&lv.adjacency), s)),
        );
    }
    Some(Value::Object(out))
}

/// The logged step `which` (a number or `last`) of a log directory.
fn logged(
    dir: &std::path::Path,
    g: &crate::graph::Graph,
    which: Option<&str>,
) -> Result<crate::io::logdir::LogStep> {
    let read = crate::io::logdir::read_steps(dir, g, 0)?;
    for why in &read.skipped {
        eprintln!("note: {why}");
    }
    let steps = read.steps;
    let pick = match which.unwrap_or("last") {
        "last" => steps.last(),
        n => {
            let n: usize = n
                .parse()
                .with_context(|| format!("--step {n}: expected a step number or `last`"))?;
            steps.iter().find(|s| s.step == n)
        }
    };
    pick.cloned().with_context(|| {
        let have: Vec<String> = steps.iter().take(5).map(|s| s.step.to_string()).collect();
        format!(
            "{}: no such step (the log has {} steps{})",
            dir.display(),
            steps.len(),
            if have.is_empty() {
                String::new()
            } else {
                format!(": {}, …", have.join(", "))
            }
        )
    })
}

/// Each logged loss with the poolscope key it matches and that key's value in `report` (level
/// 0 into 1): `{"spectral_loss": {"value": …, "poolscope": "dmon_spectral", "recomputed": …}}`.
fn logged_beside_recomputed(
    logged: &[(String, f64)],
    report: &serde_json::Map<String, Value>,
) -> serde_json::Map<String, Value> {
    let names: Vec<&str> = logged.iter().map(|(n, _)| n.as_str()).collect();
    logged
        .iter()
        .map(|(name, value)| {
            let key = crate::pool::logged::key_for(name, &names);
            let recomputed = key.and_then(|k| report.get(k)).cloned();
            let mut entry = json!({"value": value, "poolscope": key, "recomputed": recomputed});
            if recomputed.is_none()
                && let Some(why) = key.and_then(crate::pool::logged::not_recomputed)
            {
                entry["why_not_recomputed"] = json!(why);
            }
            (name.clone(), entry)
        })
        .collect()
}

pub fn run(args: &LossesArgs) -> Result<()> {
    let loaded = args.pick.load(&args.graph, None)?;
    let g = match &loaded {
        Loaded::Graph(g) => g,
        Loaded::Dataset(d) => bail!(
            "{} is a data set of {} graphs; give one with --graph N (0-based, as PyG's dataset[N])",
            args.graph,
            d.len()
        ),
    };
    if let Some(why) = g.weight_problem() {
        bail!("{}: {why}", args.graph);
    }
    if let Some(c) = &args.labels
        && g.nodes.label(c).is_none()
    {
        bail!(
            "label column `{c}` not found (the graph has: {})",
            g.nodes.label_names().join(", ")
        );
    }
    let resolved = crate::io::logset::resolve(std::path::Path::new(&args.graph));
    let dir = resolved.as_path();
    let mut notes: Vec<String> = Vec::new();
    let mut logged_losses: Vec<(String, f64)> = Vec::new();
    let mut bnpool = Vec::new();
    let mut alpha_dp = crate::pool::bnpool::ALPHA_DP;
    let assignments = if crate::io::logdir::is_log_dir(dir) && args.assign.is_empty() {
        let step = logged(dir, g, args.step.as_deref())?;
        notes.push(format!("{}: step {}", dir.display(), step.step));
        logged_losses = step.losses;
        bnpool = step.bnpool;
        if let Some(model) = crate::io::logset::LogModel::read(dir) {
            alpha_dp = crate::pool::logged::alpha_dp_of(&model.settings);
        }
        step.assignments
    } else {
        if args.assign.is_empty() {
            bail!(
                "give the assignment with --assign FILE (one per level), or a log directory as GRAPH"
            );
        }
        let mut rows = g.node_count();
        if let Some(given) = args.nodes
            && given != rows
        {
            bail!(
                "--nodes {given}, but the graph has {rows} nodes: --nodes is the graph's own node \
                 count (its rows come first; the rest of the batch's N rows are padding), and \
                 --padded reads N from the file"
            );
        }
        let mut mats = Vec::new();
        for (k, path) in args.assign.iter().enumerate() {
            let opts = AssignmentOptions {
                logits: args.logits || args.logits_levels.contains(&k),
                temperature: args.temperature,
                ids: (k == 0).then_some(g.nodes.ids.as_slice()),
                rows: Some(if k == 0 {
                    args.nodes.unwrap_or(rows)
                } else {
                    rows
                }),
                batch_index: args.batch_index,
                padded: k == 0 && args.nodes.is_some(),
            };
            let (m, n) = read_assignment_with(path, &opts)?;
            if m.nrows() != rows {
                if k > 0 {
                    bail!(
                        "{}: {} rows, but level {k} has {rows} nodes (the {rows} clusters of the \
                         matrix before it): each matrix needs one row per column of the one \
                         before; rows past those are read as a batch's padding only when asked \
                         (--batch-index)",
                        path.display(),
                        m.nrows()
                    );
                }
                bail!(
                    "the assignment has {} rows but the graph has {rows} nodes (one row per node, in file order); rows past those are read as a batch's padding only when asked (--nodes, --batch-index)",
                    m.nrows()
                );
            }
            if m.ncols() < 2 {
                bail!(
                    "{}: {} column; at least 2 clusters are needed",
                    path.display(),
                    m.ncols()
                );
            }
            notes.extend(n);
            rows = m.ncols();
            mats.push(m);
        }
        mats
    };
    let weights = if args.pick.unweighted {
        "unweighted (--unweighted: every edge 1, as PyG given edge_index alone)"
    } else if g.is_weighted() {
        "weighted (the file's edge weights; a PyG model on edge_index alone ignores them: pass --unweighted to compare)"
    } else {
        "unweighted (every edge 1)"
    };
    let h =
        Hierarchy::import(g, assignments, args.labels.as_deref()).map_err(anyhow::Error::msg)?;
    let levels: Vec<Value> = (0..h.depth())
        .filter_map(|l| {
            let bn = bnpool.get(l).and_then(Option::as_ref);
            level_report(&h, l, args.normalized, bn.map(|b| (b, alpha_dp)))
        })
        .collect();
    let warnings = crate::diagnostics::diagnose(&h);
    let mut report = match levels.first() {
        Some(Value::Object(m)) => m.clone(),
        _ => bail!("no assignment to report on"),
    };
    if let Some(col) = args
        .labels
        .as_deref()
        .or(g.nodes.grouping().map(|c| c.name.as_str()))
    {
        report.insert("labels".into(), json!(col));
    }
    if args.padded {
        let n = g.node_count() as f64;
        // The batch's N: every row of the file's graph, padding included, read as the
        // assignment itself was (logits stay logits: padded rows of logits are not
        // probabilities, and reading them as such lost N).
        let padded_rows = args.assign.first().and_then(|p| {
            let o = AssignmentOptions {
                batch_index: args.batch_index,
                logits: args.logits || args.logits_levels.contains(&0),
                temperature: args.temperature,
                ..AssignmentOptions::default()
            };
            read_assignment_with(p, &o)
                .ok()
                .map(|(m, _)| m.nrows() as f64)
        });
        let big = padded_rows.unwrap_or(n).max(n);
        let link = report["diffpool_link"].as_f64().unwrap_or(f64::NAN);
        let ent = report["diffpool_entropy"].as_f64().unwrap_or(f64::NAN);
        report.insert(
            "padded".into(),
            json!({
                "rows": big as u64,
                "diffpool_link": link * (n / big).powi(2),
                "diffpool_entropy": ent * n / big,
                "explanation": "PyG's dense_diff_pool divides the link loss by adj.numel() = B·N² and averages the entropy over all B·N rows, padding included; these are this graph's values in a batch of one padded to N rows. Over a real batch, PyG reports sqrt(Σ_b ‖A_b − S_b S_bᵀ‖²) / (B·N²).",
            }),
        );
    }
    let logged_report = logged_beside_recomputed(&logged_losses, &report);
    if !logged_losses.is_empty() {
        report.insert("logged".into(), Value::Object(logged_report.clone()));
    }
    report.insert("adjacency".into(), json!(weights));
    report.insert("levels".into(), Value::Array(levels.clone()));
    report.insert("warnings".into(), serde_json::to_value(&warnings)?);
    report.insert("notes".into(), json!(notes));
    if args.json {
        emit(&serde_json::to_string_pretty(&Value::Object(report))?)?;
        return Ok(());
    }
    let mut text = format!("adjacency: {weights}\n");
    if !logged_report.is_empty() {
        text.push_str("logged by your model, beside poolscope's value on the same S:\n");
        for (name, v) in &logged_report {
            let value = v["value"].as_f64().unwrap_or(f64::NAN);
            match (v["poolscope"].as_str(), v["recomputed"].as_f64()) {
                (Some(key), Some(r)) => {
                    text.push_str(&format!("  {name:<22} {value:>12.6}   {key} {r:.6}\n"))
                }
                (Some(key), None) if v["why_not_recomputed"].is_string() => {
                    text.push_str(&format!(
                        "  {name:<22} {value:>12.6}   {key}: not recomputed ({})\n",
                        v["why_not_recomputed"].as_str().unwrap_or_default()
                    ))
                }
                _ => text.push_str(&format!(
                    "  {name:<22} {value:>12.6}   (poolscope does not compute it)\n"
                )),
            }
        }
    }
    for n in &notes {
        text.push_str(&format!("note: {n}\n"));
    }
    for lv in &levels {
        let Value::Object(m) = lv else { continue };
        let to = m["level"].as_u64().unwrap_or(1);
        text.push_str(&format!(
            "level {} into {to} ({} nodes -> {} clusters, {} used):\n",
            to.saturating_sub(1),
            m["nodes"],
            m["clusters"],
            m["clusters_used"]
        ));
        for (k, v) in m {
            if !matches!(
                k.as_str(),
                "level" | "nodes" | "clusters" | "clusters_used" | "normalized_adjacency"
            ) {
                text.push_str(&format!("  {k:<18} {v}\n"));
            }
        }
        if let Some(Value::Object(norm)) = m.get("normalized_adjacency") {
            text.push_str("  on the normalised adjacency:\n");
            for (k, v) in norm {
                text.push_str(&format!("    {k:<16} {v}\n"));
            }
        }
    }
    if let Some(p) = report.get("padded") {
        text.push_str(&format!("padded (PyG, a batch of one): {p}\n"));
    }
    for w in &warnings {
        text.push_str(&format!(
            "warning, level {} into {}: {}\n",
            w.level,
            w.level + 1,
            w.message
        ));
    }
    emit(&text)
}
