//! The window's start-up flags (poolscope with no subcommand) and the options they become.

use super::args::GRAPH_HELP;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct WindowArgs {
    /// Graph to open in the window.
    #[arg(help = GRAPH_HELP)]
    pub graph: Option<String>,
    /// Open the window on this sample (same as giving GRAPH).
    #[arg(long)]
    pub sample: Option<String>,
    #[command(flatten)]
    pub pick: super::args::GraphPick,
    /// Start training as soon as the graph is loaded.
    #[arg(long)]
    pub train: bool,
    /// Pooling method to start with.
    #[arg(long)]
    pub method: Option<String>,
    /// Clusters per level to start with, e.g. 12,4.
    #[arg(long)]
    pub clusters: Option<String>,
    /// Epochs to start with.
    #[arg(long)]
    pub epochs: Option<usize>,
    /// Write a PNG of the window after --quit-after seconds, then close.
    #[arg(long)]
    pub screenshot: Option<PathBuf>,
    /// Open assignment matrices made elsewhere on the graph, one per level in order (CSV or .npy).
    #[arg(long)]
    pub assign: Vec<PathBuf>,
    /// Open a hierarchy JSON written by `train --out` on the graph.
    #[arg(long)]
    pub hierarchy: Option<PathBuf>,
    /// The --assign files hold logits: apply a row softmax.
    #[arg(long)]
    pub logits: bool,
    /// Open a session saved from the window (File > Save session; a .poolscope file as GRAPH works too).
    #[arg(long)]
    pub session: Option<PathBuf>,
    /// Close the window after this many seconds (default 5 with --screenshot).
    #[arg(long)]
    pub quit_after: Option<f32>,
    /// On exit, print the number of frames, the median and 95th-percentile frame times and
    /// when the layout reached the graph itself and settled (with --quit-after, for measuring
    /// by script). Frames back to back (what a frame costs; the default), or `=paced`: only
    /// when something asks, as a user's window draws (leaving the cores to the layout).
    #[arg(long, value_name = "PACING", num_args = 0..=1, require_equals = true, default_missing_value = "back-to-back")]
    pub frame_stats: Option<String>,
    /// Start in presentation mode: the levels fill the window under one strip of controls.
    #[arg(long)]
    pub presentation: bool,
    /// UI scale, e.g. 1.5 for a projector (remembered; Ctrl+= / Ctrl+- / Ctrl+0 in the window).
    #[arg(long)]
    pub ui_scale: Option<f32>,
    /// dark or light (high contrast); remembered.
    #[arg(long)]
    pub theme: Option<String>,
    /// Select a node by name or id (or a column value, club=Officer), lit up with its
    /// neighbourhood and zoomed to, once the graph is loaded.
    #[arg(long)]
    pub select: Option<String>,
    /// What colours the nodes once the graph is loaded (as `render --colour-by`: linked,
    /// cluster, level:K, a label column, or scale:COLUMN for a numeric one).
    #[arg(long)]
    pub colour_by: Option<String>,
    /// What sizes level-0 nodes: uniform, degree, weighted-degree or a numeric column.
    #[arg(long)]
    pub size_by: Option<String>,
    /// Open the method gallery on these methods (e.g. dmon,mincut,nmf,graclus): each trains
    /// with the setup's settings and gets a row over level 0's layout.
    #[arg(long, value_delimiter = ',')]
    pub gallery: Vec<String>,
    /// Play a lesson: a bundled one by name (diffpool-vs-mincut, topk-drops-dmon-merges) or a
    /// lesson file (.json). PageDown / Space go to the next step, PageUp back.
    #[arg(long)]
    pub lesson: Option<String>,
    /// Open the node table (View > Node table): attributes and measures, sortable.
    #[arg(long)]
    pub node_table: bool,
    /// The window's size in pixels, e.g. 1920x1080 (default 1500x880).
    #[arg(long)]
    pub window_size: Option<String>,
}

/// Turns the start-up flags into the window's options (a build without the window parses
/// the flags only to say it has none).
#[cfg(feature = "gui")]
mod open {
    use super::WindowArgs;
    use anyhow::{Result, bail};

    /// The longest `--quit-after`, a day: it becomes a `Duration`, which a float past its range
    /// (or `inf`) would not.
    const MAX_QUIT_AFTER: f32 = 86_400.0;

    /// What the window opens with.
    pub fn options(args: WindowArgs) -> Result<crate::app::WindowOptions> {
        let msg = anyhow::Error::msg;
        let config = if args.method.is_some() || args.clusters.is_some() || args.epochs.is_some() {
            let mut cfg = crate::train::TrainConfig {
                pace_epochs_per_second: 60.0,
                ..Default::default()
            };
            if let Some(m) = &args.method {
                cfg.method = m.parse().map_err(msg)?;
            }
            if let Some(e) = args.epochs {
                cfg.epochs = e;
            }
            let ks = match &args.clusters {
                Some(c) => match c.parse::<crate::train::Sizes>().map_err(msg)? {
                    crate::train::Sizes::Counts(k) => Some(k),
                    crate::train::Sizes::Ratios(_) => {
                        bail!("--clusters for the window takes counts, e.g. 12,4")
                    }
                },
                None => None,
            };
            // The same check `train` makes, before the window opens: the graph's size is not
            // known yet, so only what does not depend on it can fail here (the rest is checked
            // when a run starts, and said in the window).
            let mut check = cfg.clone();
            if let Some(k) = &ks {
                check.clusters = crate::train::Sizes::Counts(k.clone());
            }
            check.validate(crate::graph::MAX_NODES).map_err(msg)?;
            Some((cfg, ks))
        } else {
            None
        };
        let lesson = match &args.lesson {
            Some(l) => {
                if args.graph.is_some() || args.sample.is_some() || args.session.is_some() {
                    bail!("--lesson {l}: a lesson names its own graphs; give no graph or session");
                }
                Some(crate::lesson::Lesson::open(l).map_err(|e| msg(format!("--lesson: {e}")))?)
            }
            None => None,
        };
        Ok(crate::app::WindowOptions {
            lesson,
            sample: match args.sample {
                Some(s) if args.graph.is_none() => {
                    if crate::samples::find(&s).is_none() {
                        bail!(
                            "--sample {s}: no such sample (samples: {})",
                            crate::samples::names().join(", ")
                        );
                    }
                    Some(s)
                }
                _ => None,
            },
            graph: args.graph,
            train: args.train,
            config,
            screenshot: match args.screenshot {
                // Checked now: the window would only find out after `--quit-after` seconds, and
                // could then only print it.
                Some(p) => {
                    let dir = p
                        .parent()
                        .filter(|d| !d.as_os_str().is_empty())
                        .unwrap_or(std::path::Path::new("."));
                    if !dir.is_dir() {
                        bail!(
                            "--screenshot {}: the folder {} does not exist",
                            p.display(),
                            dir.display()
                        );
                    }
                    if !p.extension().is_some_and(|e| e.eq_ignore_ascii_case("png")) {
                        bail!("--screenshot {}: expected a .png file name", p.display());
                    }
                    Some(p)
                }
                None => None,
            },
            assign: (!args.assign.is_empty()).then_some((args.assign, args.logits)),
            hierarchy: args.hierarchy,
            session: args.session,
            quit_after_secs: match args.quit_after {
                Some(s) if s.is_finite() && (0.0..=MAX_QUIT_AFTER).contains(&s) => Some(s),
                Some(s) => bail!("--quit-after {s}: expected seconds from 0 to {MAX_QUIT_AFTER}"),
                None => None,
            },
            frame_stats: match args.frame_stats.as_deref() {
                None => None,
                Some("back-to-back") => Some(crate::app::FramePacing::BackToBack),
                Some("paced") => Some(crate::app::FramePacing::Paced),
                Some(p) => bail!("--frame-stats {p}: expected back-to-back or paced"),
            },
            graph_index: args.pick.index,
            unweighted: args.pick.unweighted,
            keep_ids: args.pick.keep_ids,
            as_labels: args.pick.as_labels.clone(),
            select: args.select,
            colour_by: args.colour_by,
            gallery: if args.gallery.is_empty() {
                None
            } else {
                Some(
                    args.gallery
                        .iter()
                        .map(|m| m.trim().parse())
                        .collect::<Result<Vec<crate::pool::Method>, _>>()
                        .map_err(msg)?,
                )
            },
            size_by: args.size_by,
            node_table: args.node_table,
            presentation: args.presentation,
            ui_scale: match args.ui_scale {
                Some(s) if s.is_finite() && (0.5..=3.0).contains(&s) => Some(s),
                Some(s) => bail!("--ui-scale {s}: expected a number from 0.5 to 3"),
                None => None,
            },
            window_size: match args.window_size.as_deref() {
                None => None,
                Some(t) => {
                    let parsed = t
                        .split_once(['x', 'X'])
                        .and_then(|(w, h)| {
                            Some((w.trim().parse::<u32>().ok()?, h.trim().parse::<u32>().ok()?))
                        })
                        .filter(|&(w, h)| (200..=16384).contains(&w) && (150..=16384).contains(&h));
                    match parsed {
                        Some((w, h)) => Some([w as f32, h as f32]),
                        None => {
                            bail!(
                                "--window-size {t}: expected WIDTHxHEIGHT in pixels, e.g. 1920x1080"
                            )
                        }
                    }
                }
            },
            theme: match args.theme.as_deref() {
                None => None,
                Some("dark") => Some(crate::app::Theme::Dark),
                Some("light") => Some(crate::app::Theme::Light),
                Some(t) => bail!("--theme {t}: expected dark or light"),
            },
        })
    }
}

#[cfg(feature = "gui")]
pub use open::options;
