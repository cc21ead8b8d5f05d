//! `train`: fit a hierarchical pooling model and report losses and per-level metrics (or, for a
//! data set, cross-validated graph classification).

use super::args::{GRAPH_HELP, GraphPick, ModelArgs};
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use crate::io::Loaded;
use crate::train::{EpochStats, Session, Task, TrainConfig};
use anyhow::{Context, Result, bail};
use clap::Args;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Args, Debug)]
pub struct TrainArgs {
    #[arg(help = GRAPH_HELP)]
    pub graph: String,
    #[command(flatten)]
    pub pick: GraphPick,
    #[command(flatten)]
    pub model: ModelArgs,
    /// One JSON object on stdout.
    #[arg(long)]
    pub json: bool,
    /// Write the hierarchy as JSON.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn pool_for(threads: usize) -> Result<rayon::ThreadPool> {
    let most = crate::train::max_threads();
    if threads > most {
        bail!("--threads {threads}: at most {most} on this machine (0: all cores)");
    }
    let mut b = rayon::ThreadPoolBuilder::new();
    if threads > 0 {
        b = b.num_threads(threads);
    }
    b.build().context("cannot start the training threads")
}

/// Per-level figures as JSON, shared by the summary and `--json`.
pub fn levels_json(h: &Hierarchy) -> Vec<Value> {
    h.levels
        .iter()
        .enumerate()
        .filter(|(_, lv)| lv.assignment.is_some())
        .map(|(i, lv)| {
            let m = &lv.metrics;
            json!({
                "level": i + 1,
                "nodes_below": lv.node_count,
                "clusters": m.clusters,
                "clusters_used": m.clusters_used,
                "nmi": m.nmi,
                "ari": m.ari,
                "nmi_by_column": m.nmi_by_column.iter().map(|(c, v)| json!({"column": c, "nmi": v})).collect::<Vec<_>>(),
                "modularity": m.modularity,
                "conductance": m.conductance,
                "largest_cluster_share": m.largest_cluster_share,
                "assignment_entropy_ratio": m.assignment_entropy_ratio,
                "ortho": m.ortho,
                "ortho_max": m.ortho_max,
                "dmon_cluster": m.dmon_cluster,
                "embedding_variance": m.embedding_variance,
            })
        })
        .collect()
}

fn print_summary(
    cfg: &TrainConfig,
    last: Option<&EpochStats>,
    h: &Hierarchy,
    ms_per_epoch: f64,
    epochs: usize,
) {
    println!(
        "{} on {} levels, {} epochs, {:.2} ms per epoch",
        cfg.method,
        h.depth() - 1,
        epochs,
        ms_per_epoch
    );
    if !cfg.options.is_empty() {
        // Said, since a setting may have been the graph's default rather than the user's.
        let pooler = cfg.method.pooler();
        let unlabelled = cfg.labels.is_none()
            && pooler
                .unlabelled_options()
                .iter()
                .any(|(spec, v)| spec.float(&cfg.options) == *v);
        println!(
            "{} settings: {}{}",
            cfg.method,
            cfg.options.describe(),
            if unlabelled {
                " (the default without labels: the clusters asked for are a cap, and some may \
                 stay empty)"
            } else {
                ""
            }
        );
    }
    if let Some(s) = last {
        let parts: Vec<String> = s
            .losses
            .iter()
            .map(|(n, v)| format!("{n} {v:.6}"))
            .collect();
        println!(
            "final losses: {}",
            if parts.is_empty() {
                "none (not learned)".into()
            } else {
                parts.join(", ")
            }
        );
        if let (Some(tr), Some(te)) = (s.train_accuracy, s.test_accuracy) {
            println!("node accuracy: train {tr:.3}, test {te:.3}");
        }
    }
    for (i, lv) in h.levels.iter().enumerate() {
        let Some(_) = &lv.assignment else { continue };
        let m = &lv.metrics;
        let nmi = m.nmi.map_or("–".to_string(), |v| format!("{v:.3}"));
        let ari = m.ari.map_or("–".to_string(), |v| format!("{v:.3}"));
        println!(
            "level {i} into {}: {} nodes -> {} clusters ({} used), NMI {nmi}, ARI {ari}, modularity {:.3}, largest cluster {:.0}%",
            i + 1,
            lv.node_count,
            m.clusters,
            m.clusters_used,
            m.modularity,
            100.0 * m.largest_cluster_share
        );
    }
    for d in crate::diagnostics::diagnose(h) {
        println!(
            "warning, level {} into {}: {}",
            d.level,
            d.level + 1,
            d.message
        );
    }
    for d in crate::train::count_notes(cfg, h) {
        println!(
            "note, level {} into {}: {}",
            d.level,
            d.level + 1,
            d.message
        );
    }
}

/// Trains on `graph` with a progress bar on stderr (hidden when `quiet`), with the defaults'
/// restarts when they apply (`train::restarts`): the kept run, and which it is in words.
pub fn train_with_progress(
    graph: Graph,
    cfg: &TrainConfig,
    quiet: bool,
    limit: Option<Duration>,
) -> Result<(Hierarchy, Session)> {
    let (h, s, _) = train_best(graph, cfg, quiet, limit)?;
    Ok((h, s))
}

/// Times a run's first epochs: stops one projected over the limit (`train::time_limit`) and
/// announces a long one on stderr, whether or not stderr is a terminal.
struct Clock {
    start: Instant,
    limit: Option<Duration>,
    quiet: bool,
}

impl Clock {
    fn start(limit: Option<Duration>, quiet: bool) -> Self {
        Clock {
            start: Instant::now(),
            limit,
            quiet,
        }
    }

    fn after_epoch(&self, session: &Session, bar: &indicatif::ProgressBar) -> Result<()> {
        use crate::train::time_limit;
        let done = session.history.len();
        let epochs = session.cfg.epochs;
        if done != time_limit::MEASURED_EPOCHS.min(epochs) {
            return Ok(());
        }
        let m = time_limit::Measured {
            elapsed: self.start.elapsed().as_secs_f64(),
            done,
            epoch_seconds: session.history.iter().map(|s| s.seconds).sum(),
        };
        let what = format!(
            "training {} on {} nodes",
            session.cfg.method,
            session.graph.node_count()
        );
        time_limit::check(&what, epochs, m, self.limit).map_err(anyhow::Error::msg)?;
        let total = time_limit::projected_seconds(m.elapsed, done, m.epoch_seconds, epochs);
        if !self.quiet && total > time_limit::ANNOUNCE_SECONDS {
            bar.suspend(|| {
                eprintln!(
                    "{what}: about {} for {epochs} epochs ({:.2} s each)",
                    time_limit::words(total),
                    m.epoch_seconds / done as f64
                )
            });
        }
        Ok(())
    }
}

/// [`train_with_progress`], also saying which restart was kept (when there were restarts).
pub fn train_best(
    graph: Graph,
    cfg: &TrainConfig,
    quiet: bool,
    limit: Option<Duration>,
) -> Result<(Hierarchy, Session, Option<String>)> {
    let pool = pool_for(cfg.threads)?;
    let bar = indicatif::ProgressBar::new(cfg.epochs as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} epochs  {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    if quiet {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    // Preparing (features, operators) takes minutes on millions of nodes: say so meanwhile.
    bar.set_message("preparing features and operators");
    bar.enable_steady_tick(Duration::from_millis(250));
    let clock = Clock::start(limit, quiet);
    let graph = Arc::new(graph);
    let candidates = crate::train::restarts::candidates(cfg, graph.node_count());
    let out = pool.install(|| -> Result<(Hierarchy, Session, Option<String>)> {
        let mut session = Session::new(graph.clone(), candidates[0].clone())?;
        while !session.is_done() {
            let s = session.step()?;
            bar.set_position(s.epoch as u64);
            bar.set_message(format!("loss {:.4}", s.total));
            clock.after_epoch(&session, &bar)?;
        }
        let (kept, why) = crate::train::restarts::finish(
            session,
            &candidates,
            None,
            |r, of| bar.set_message(format!("restart {r} of {of}")),
            &|| false,
        )?
        .keep_best();
        Ok((kept.hierarchy, kept.session, why))
    });
    bar.finish_and_clear();
    out
}

/// `(epoch, hierarchy)` snapshots of one run.
pub type Recording = Vec<(usize, Arc<Hierarchy>)>;

/// Trains on `graph` and keeps about `frames` snapshots, evenly over the run, the untrained
/// start and the end among them (for a training replay). With the defaults' restarts every
/// run is recorded and the one kept is the one `train` and a picture would keep, so a replay
/// and a slide show the same run; the words say which.
pub fn train_recording(
    graph: Graph,
    cfg: &TrainConfig,
    frames: usize,
    limit: Option<Duration>,
) -> Result<(Recording, Option<String>)> {
    let pool = pool_for(cfg.threads)?;
    let clock = Clock::start(limit, false);
    let bar = indicatif::ProgressBar::hidden();
    let graph = Arc::new(graph);
    let candidates = crate::train::restarts::candidates(cfg, graph.node_count());
    pool.install(|| {
        let mut session = Session::new(graph.clone(), candidates[0].clone())?;
        let every = cfg.epochs.div_ceil(frames.max(2) - 1).max(1);
        let mut watched = vec![(0, Arc::new(session.hierarchy()))];
        while !session.is_done() {
            let s = session.step()?;
            clock.after_epoch(&session, &bar)?;
            if s.epoch % every == 0 || session.is_done() {
                watched.push((s.epoch, Arc::new(session.hierarchy())));
            }
        }
        let finished =
            crate::train::restarts::finish(session, &candidates, Some(every), |_, _| {}, &|| {
                false
            })?;
        let kept_restart = finished.better.is_some();
        let (kept, why) = finished.keep_best();
        Ok((
            if kept_restart {
                kept.snapshots
            } else {
                watched
            },
            why,
        ))
    })
}

pub fn run(args: &TrainArgs) -> Result<()> {
    if let Some(out) = &args.out {
        crate::io::not_an_input(out, &[std::path::Path::new(&args.graph)])
            .map_err(anyhow::Error::msg)?;
    }
    let loaded = args.pick.load(&args.graph, None)?;
    let cfg = args.model.config_for(&loaded)?;
    let graph = match loaded {
        Loaded::Graph(g) => g,
        Loaded::Dataset(d) => {
            if cfg.task != Task::Graph {
                bail!(
                    "{} is a data set of {} graphs: use --task graph",
                    d.name,
                    d.len()
                );
            }
            return crate::train::dataset::train_cli(&d, &cfg, args.json);
        }
    };
    if cfg.task == Task::Graph {
        bail!("--task graph needs a data set of graphs (e.g. MUTAG)");
    }
    let (h, session, restart) = train_best(graph, &cfg, args.json, args.model.time_limit()?)?;
    // What was kept is what is reported and written: the chosen restart's settings.
    let cfg = session.cfg.clone();
    let epochs = session.history.len();
    let ms = 1000.0 * session.history.iter().map(|s| s.seconds).sum::<f64>() / epochs.max(1) as f64;
    let last = session.history.last();
    if args.json {
        let losses: serde_json::Map<String, Value> = last
            .map(|s| {
                s.losses
                    .iter()
                    .map(|(n, v)| (n.clone(), json!(v)))
                    .collect()
            })
            .unwrap_or_default();
        let out = json!({
            "graph": session.graph.name,
            "method": cfg.method.name(),
            // Through text, as session files write them: 0.3, not f32's 0.30000001192092896.
            "options": serde_json::from_str::<Value>(&serde_json::to_string(&cfg.options)?)?,
            "epochs": epochs,
            "ms_per_epoch": ms,
            "losses": losses,
            "train_accuracy": last.and_then(|s| s.train_accuracy),
            "test_accuracy": last.and_then(|s| s.test_accuracy),
            "levels": levels_json(&h),
            "louvain_modularity": session.graph.louvain_modularity(),
            "louvain_communities": session.graph.louvain_communities().count,
            "warnings": crate::diagnostics::diagnose(&h),
            "cluster_notes": crate::train::count_notes(&cfg, &h),
            "reference_notes": crate::train::reference_notes(
                &cfg,
                &h,
                session.graph.louvain_modularity()
            ),
            "note": session.untrained_reason(),
            "restart": restart,
        });
        super::output::emit(&serde_json::to_string_pretty(&out)?)?;
    } else {
        print_summary(&cfg, last, &h, ms, epochs);
        if let Some(first) = h.levels.first().filter(|l| l.assignment.is_some()) {
            for line in reference_lines(&session.graph, &cfg, first.metrics.modularity) {
                println!("{line}");
            }
            let louvain = session.graph.louvain_modularity();
            for d in crate::train::reference_notes(&cfg, &h, louvain) {
                println!("note: {}", d.message);
            }
        }
        if let Some(note) = session.untrained_reason() {
            println!("note: {note}");
        }
        if let Some(r) = &restart {
            println!("note: {r}");
        }
    }
    if let Some(path) = &args.out {
        crate::export::write_hierarchy_file(path, &h, Some(serde_json::to_value(&cfg)?), None)
            .map_err(anyhow::Error::msg)?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// Level 1's modularity read against Louvain's on the same graph, and a note when Louvain
/// finds fewer communities than the labels have groups (football: 10 for 12 conferences; a
/// 32-block SBM of 100,000 nodes: 19), so its figure is not read as the labels' K.
fn reference_lines(graph: &Graph, cfg: &TrainConfig, q_level: f64) -> Vec<String> {
    let louvain = graph.louvain_communities();
    let q = louvain.modularity;
    let mut out = vec![format!(
        "reference: Louvain's modularity on this graph is {q:.3} ({} communities); level 0 into \
         1 reached {q_level:.3} ({:.0}% of it)",
        louvain.count,
        100.0 * q_level / q.max(1e-12)
    )];
    let labels = cfg
        .labels
        .as_deref()
        .and_then(|name| graph.nodes.label(name))
        .or_else(|| graph.nodes.grouping());
    if let Some(col) = labels
        && louvain.count < col.classes.len()
    {
        out.push(format!(
            "note: Louvain finds {2} communities where `{1}` has {0} groups: the partition of \
             highest modularity need not be the labels' (on big graphs modularity merges groups: \
             its resolution limit), so Louvain's figure is a reference for modularity, not for \
             the number of groups",
            col.classes.len(),
            col.name,
            louvain.count
        ));
    }
    out
}
