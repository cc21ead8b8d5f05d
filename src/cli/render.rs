//! `render`: the levels side by side as SVG or PNG, with no display.

use super::args::{GRAPH_HELP, GraphPick, LayoutFlags, ModelArgs};
use crate::hierarchy::Hierarchy;
use crate::io::Loaded;
use crate::render::{Background, ColourMode, MAX_SCALE, Scene, SceneOptions};
use anyhow::{Context, Result, bail};
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct RenderArgs {
    #[arg(help = GRAPH_HELP)]
    pub graph: String,
    #[command(flatten)]
    pub pick: GraphPick,
    /// The picture to write: .svg or .png.
    #[arg(long)]
    pub out: PathBuf,
    /// A line across the picture's top. Default: the method and the graph (`dmon on
    /// football`) when render trains, none when it draws a hierarchy or assignments;
    /// `--title ""` for none.
    #[arg(long)]
    pub title: Option<String>,
    /// Draw this hierarchy (from `train --out` or the window) instead of training.
    #[arg(long, conflicts_with = "assign")]
    pub hierarchy: Option<PathBuf>,
    /// Draw assignment matrices made elsewhere, one per level in order (CSV or .npy), instead of training.
    #[arg(long)]
    pub assign: Vec<PathBuf>,
    /// The --assign files hold logits: apply a row softmax.
    #[arg(long)]
    pub logits: bool,
    /// Picture width in pixels.
    #[arg(long, default_value_t = 1600)]
    pub width: u32,
    /// Picture height in pixels (default 600; a gallery 280 per method).
    #[arg(long)]
    pub height: Option<u32>,
    /// Pixels per point of a PNG: 2 draws a 1600 x 600 picture with 3200 x 1200 pixels (192
    /// DPI, recorded in the file); an SVG keeps its size.
    #[arg(long, conflicts_with = "dpi")]
    pub scale: Option<f32>,
    /// A PNG's resolution in dots per inch (96 is scale 1).
    #[arg(long)]
    pub dpi: Option<f32>,
    /// `white`, `transparent` (nothing behind the levels) or `dark`.
    #[arg(long, default_value = "white")]
    pub background: String,
    /// Draw this level alone over the whole picture (0 is the input graph).
    #[arg(long)]
    pub level: Option<usize>,
    /// Leave out the legends under the levels.
    #[arg(long)]
    pub no_legend: bool,
    /// What sizes level-0 nodes: `uniform`, `degree`, `weighted-degree` or a numeric column.
    #[arg(long, default_value = "uniform")]
    pub size_by: String,
    /// `linked` (the top level's hue, shaded by level-1 cluster), `cluster` (the next level's
    /// cluster), `level:K`, a label column of the graph, or `scale:COLUMN` for a numeric
    /// column on a continuous colour scale (a column that is not a label needs no prefix).
    /// (Default: linked; in a gallery that is each row's level-1 clusters, renumbered to match
    /// the first row's, so a community has one colour in every row.)
    #[arg(long)]
    pub colour_by: Option<String>,
    /// A method gallery: train each of these (e.g. dmon,mincut,jb,nmf,graclus) with the same
    /// settings and draw one row per method, every row's level 0 at the same positions.
    #[arg(long, value_delimiter = ',', conflicts_with_all = ["hierarchy", "assign", "no_train", "animate", "level"])]
    pub methods: Vec<String>,
    /// Layout iterations on level 0 at most (a file's own coordinates are kept; default 1000,
    /// fewer on big graphs: 300 at 100,000 nodes).
    #[arg(long)]
    pub layout_iterations: Option<usize>,
    #[command(flatten)]
    pub layout: LayoutFlags,
    /// Draw level 0 only, without training.
    #[arg(long, conflicts_with_all = ["hierarchy", "assign"])]
    pub no_train: bool,
    /// Write an animated GIF (--out F.gif): `training` replays the run, one frame per
    /// snapshot; `merge` shows level 0 merging into 1, then 1 into 2.
    #[arg(long)]
    pub animate: Option<String>,
    /// Frames per second of an animation.
    #[arg(long, default_value_t = 10.0)]
    pub fps: f32,
    /// Frames of a training replay at most (snapshots are taken evenly over the run).
    #[arg(long, default_value_t = 60)]
    pub frames: usize,
    /// Frames for each level of a merge animation.
    #[arg(long, default_value_t = 30)]
    pub frames_per_level: usize,
    /// GRAPH is a log directory: draw this logged step (a number, or `last`, the default).
    #[arg(long)]
    pub step: Option<String>,
    #[command(flatten)]
    pub model: ModelArgs,
}

/// What the picture is written as, from the extension of `--out`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PictureFormat {
    Svg,
    Png,
}

impl PictureFormat {
    pub fn of(path: &Path) -> Result<Self> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("svg") => Ok(Self::Svg),
            Some("png") => Ok(Self::Png),
            _ => bail!("{}: expected a .svg or .png file name", path.display()),
        }
    }
}

/// Writes `scene` to `path` as SVG or PNG, by its extension.
pub fn write_scene(scene: &Scene, path: &Path) -> Result<()> {
    let bytes = match PictureFormat::of(path)? {
        PictureFormat::Svg => crate::render::to_svg(scene).into_bytes(),
        PictureFormat::Png => crate::render::to_png(scene).map_err(anyhow::Error::msg)?,
    };
    crate::io::write_atomic(path, bytes).map_err(anyhow::Error::msg)
}

impl RenderArgs {
    /// `--height`, or its default: 600, or 280 a row for a gallery.
    pub fn height(&self) -> u32 {
        self.height.unwrap_or(if self.methods.is_empty() {
            600
        } else {
            (280 * self.methods.len() as u32).min(crate::render::MAX_SIDE)
        })
    }
}

/// The picture options the flags ask for, checked against the graph.
fn scene_options(args: &RenderArgs, graph: &crate::graph::Graph) -> Result<SceneOptions> {
    let scale = match (args.scale, args.dpi) {
        (Some(s), _) => s,
        (None, Some(dpi)) => dpi / 96.0,
        (None, None) => 1.0,
    };
    if !(scale.is_finite() && (0.25..=MAX_SCALE).contains(&scale)) {
        bail!(
            "--scale {scale} / --dpi {}: expected a scale from 0.25 to {MAX_SCALE} (24 to {} DPI)",
            scale * 96.0,
            MAX_SCALE * 96.0
        );
    }
    Ok(SceneOptions {
        legend: !args.no_legend,
        size_by: crate::render::SizeBy::parse(&args.size_by, graph)
            .map_err(|e| anyhow::anyhow!("--size-by: {e}"))?,
        background: Background::parse(&args.background).map_err(|e| anyhow::anyhow!("--{e}"))?,
        level: args.level,
        scale,
        caption: args.title.clone(),
        ..Default::default()
    })
}

/// What `--animate` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Animate {
    Training,
    Merge,
}

fn animate_kind(args: &RenderArgs) -> Result<Option<Animate>> {
    let gif = args
        .out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gif"));
    let kind = match args.animate.as_deref() {
        None => None,
        Some("training") => Some(Animate::Training),
        Some("merge") => Some(Animate::Merge),
        Some(other) => bail!("--animate {other}: expected training or merge"),
    };
    match (kind, gif) {
        (Some(_), false) => bail!("{}: an animation is written as .gif", args.out.display()),
        (None, true) => bail!(
            "{}: a .gif needs --animate training or --animate merge",
            args.out.display()
        ),
        (None, false) => {
            PictureFormat::of(&args.out)?;
        }
        _ => {}
    }
    if kind == Some(Animate::Training)
        && (args.hierarchy.is_some() || !args.assign.is_empty() || args.no_train)
    {
        bail!(
            "--animate training replays a run: it trains, so it takes no --hierarchy, --assign or --no-train"
        );
    }
    if !(1..=crate::render::MAX_FRAMES).contains(&args.frames)
        || !(2..=crate::render::MAX_FRAMES).contains(&args.frames_per_level)
    {
        bail!(
            "--frames and --frames-per-level: expected 1 to {} frames",
            crate::render::MAX_FRAMES
        );
    }
    Ok(kind)
}

pub fn run(args: &RenderArgs) -> Result<()> {
    let mut inputs = vec![Path::new(&args.graph)];
    inputs.extend(args.hierarchy.as_deref());
    inputs.extend(args.assign.iter().map(PathBuf::as_path));
    crate::io::not_an_input(&args.out, &inputs).map_err(anyhow::Error::msg)?;
    let animate = animate_kind(args)?;
    let loaded = args.pick.load(&args.graph, None)?;
    if let Loaded::Dataset(d) = &loaded {
        bail!(
            "{} is a data set of {} graphs; render draws one: give it with --graph N (0-based)",
            d.name,
            d.len()
        );
    }
    let cfg = args.model.config_for(&loaded)?;
    let Loaded::Graph(graph) = loaded else {
        bail!("render draws one graph");
    };
    // The reference the first level's title quotes beside its modularity.
    graph.louvain_modularity();
    // A computed column to colour or size by (PageRank, betweenness, …), computed here.
    let names_measure = |t: &str| graph.names_measure(t.strip_prefix("scale:").unwrap_or(t));
    if args.colour_by.as_deref().is_some_and(names_measure) || names_measure(&args.size_by) {
        graph.measures();
    }
    if !args.methods.is_empty() {
        return render_gallery(args, &graph, &cfg);
    }
    let mode = ColourMode::parse(args.colour_by.as_deref().unwrap_or("linked"), &graph)
        .map_err(anyhow::Error::msg)?;
    let mut options = scene_options(args, &graph)?;
    // What trains here says what it is, unless the user wrote their own title.
    let trains = args.hierarchy.is_none() && args.assign.is_empty() && !args.no_train;
    if args.title.is_none() && trains {
        options.caption = Some(format!("{} on {}", cfg.method, graph.name));
    }
    if animate.is_some() && (options.level.is_some() || options.scale != 1.0) {
        bail!("an animation draws every level at scale 1: it takes no --level, --scale or --dpi");
    }
    let settings = args.layout.settings(args.layout_iterations, cfg.seed)?;
    let mut saved_positions = None;
    let asked = Path::new(&args.graph);
    let log = (crate::io::logdir::is_log_dir(asked) || crate::io::logset::is_log_folder(asked))
        && args.hierarchy.is_none()
        && args.assign.is_empty()
        && !args.no_train;
    if log {
        return render_log(args, animate, &graph, &mode, &settings, &options);
    }
    let hierarchy: Option<Hierarchy> = if let Some(path) = &args.hierarchy {
        let (h, p) =
            crate::export::read_hierarchy_file(path, &graph).map_err(anyhow::Error::msg)?;
        saved_positions = p;
        Some(h)
    } else if !args.assign.is_empty() {
        let (h, notes) = crate::export::import_assignments(&graph, &args.assign, args.logits, None)
            .map_err(anyhow::Error::msg)?;
        for n in notes {
            eprintln!("note: {n}");
        }
        Some(h)
    } else if args.no_train {
        None
    } else {
        if cfg.task == crate::train::Task::Graph {
            bail!("render draws one graph: --task graph is for data sets");
        }
        if animate == Some(Animate::Training) {
            None
        } else {
            let (h, _, which) =
                super::train::train_best(graph.clone(), &cfg, false, args.model.time_limit()?)?;
            if let Some(which) = which {
                eprintln!("note: the picture's run: {which}");
            }
            Some(h)
        }
    };
    if let Some(kind) = animate {
        return write_animation(
            args,
            kind,
            &graph,
            hierarchy.as_ref(),
            &cfg,
            &mode,
            &settings,
            saved_positions,
            &options,
        );
    }
    // `level:K` beyond the hierarchy would be drawn as its top level without a word.
    let depth = hierarchy.as_ref().map_or(1, Hierarchy::depth);
    if let ColourMode::Level(k) = mode
        && k >= depth
    {
        bail!(
            "--colour-by level:{k}: the hierarchy has levels 0 to {}",
            depth - 1
        );
    }
    // A hierarchy saved with its positions is drawn as it was seen.
    let positions = match saved_positions {
        Some(p) => p,
        None => lay_out(args, &graph, hierarchy.as_ref(), &settings)?,
    };
    let scene = Scene::build_with(
        &graph,
        hierarchy.as_ref(),
        &positions,
        &mode,
        args.width,
        args.height(),
        &options,
    )
    .map_err(anyhow::Error::msg)?;
    write_scene(&scene, &args.out)?;
    eprintln!(
        "wrote {} ({})",
        args.out.display(),
        picture_words(&scene, &args.out)
    );
    Ok(())
}

/// `--methods`: each method trained with the same settings (its own default features unless
/// `--features` was given), one row each over one level-0 layout.
fn render_gallery(
    args: &RenderArgs,
    graph: &crate::graph::Graph,
    cfg: &crate::train::TrainConfig,
) -> Result<()> {
    PictureFormat::of(&args.out)?;
    if args.methods.len() > crate::render::MAX_ROWS {
        bail!(
            "--methods: at most {} methods in one gallery",
            crate::render::MAX_ROWS
        );
    }
    if cfg.task == crate::train::Task::Graph {
        bail!("a gallery pools one graph: --task graph is for data sets");
    }
    let methods = args
        .methods
        .iter()
        .map(|m| m.trim().parse::<crate::pool::Method>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(anyhow::Error::msg)?;
    let mode = match &args.colour_by {
        Some(c) => ColourMode::parse(c, graph).map_err(anyhow::Error::msg)?,
        None => ColourMode::Linked,
    };
    let options = scene_options(args, graph)?;
    let settings = args.layout.settings(args.layout_iterations, cfg.seed)?;
    let level0 = lay_out(args, graph, None, &settings)?.remove(0);
    let mut rows = Vec::with_capacity(methods.len());
    for m in methods {
        let mut run = crate::train::TrainConfig {
            method: m,
            ..cfg.clone()
        };
        crate::train::follow_method(&mut run, graph.node_count(), args.model.chosen());
        let (h, _) =
            super::train::train_with_progress(graph.clone(), &run, true, args.model.time_limit()?)
                .with_context(|| format!("{m}"))?;
        let m1 = &h.levels[0].metrics;
        eprintln!(
            "{m}: {} clusters used, modularity {:.3}{}",
            m1.clusters_used,
            m1.modularity,
            m1.nmi.map_or(String::new(), |v| format!(", NMI {v:.3}"))
        );
        rows.push((m.name().to_string(), h));
    }
    let scene = crate::render::gallery_scene(
        graph,
        &rows,
        &level0,
        &mode,
        args.width,
        args.height(),
        &options,
    )
    .map_err(anyhow::Error::msg)?;
    write_scene(&scene, &args.out)?;
    eprintln!(
        "wrote {} ({} methods, {})",
        args.out.display(),
        rows.len(),
        picture_words(&scene, &args.out)
    );
    Ok(())
}

/// `3 levels, 1600 x 600 points, 3200 x 1200 pixels at 192 DPI`.
fn picture_words(scene: &Scene, out: &Path) -> String {
    let levels = match scene.panels.as_slice() {
        [one] => format!("level {}", one.level),
        all => format!("{} levels", all.len()),
    };
    let [pw, ph] = scene.pixel_size();
    if PictureFormat::of(out).ok() == Some(PictureFormat::Png) {
        format!("{levels}, {pw} x {ph} pixels at {:.0} DPI", scene.dpi())
    } else {
        format!("{levels}, {} x {}", scene.width, scene.height)
    }
}

#[allow(clippy::too_many_arguments)]
fn write_animation(
    args: &RenderArgs,
    kind: Animate,
    graph: &crate::graph::Graph,
    hierarchy: Option<&Hierarchy>,
    cfg: &crate::train::TrainConfig,
    mode: &ColourMode,
    settings: &crate::layout::LayoutSettings,
    saved_positions: Option<Vec<Vec<[f32; 2]>>>,
    options: &SceneOptions,
) -> Result<()> {
    let a = crate::render::Animation {
        width: args.width,
        height: args.height(),
        frames_per_second: args.fps,
        scene: options.clone(),
    };
    let limit = args.model.time_limit()?;
    let encode = |frames| encode_gif(frames, args.fps, limit);
    let (bytes, count) = match kind {
        Animate::Training => {
            let (snapshots, which) = super::train::train_recording(
                graph.clone(),
                cfg,
                args.frames,
                args.model.time_limit()?,
            )?;
            if let Some(which) = which {
                eprintln!("note: the replay's run: {which}");
            }
            let level0 = lay_out(args, graph, None, settings)?.remove(0);
            encode(crate::render::training_frames(
                graph, &snapshots, &level0, mode, &a,
            ))?
        }
        Animate::Merge => {
            let h = hierarchy.context(
                "--animate merge needs a hierarchy: train, or give --hierarchy or --assign",
            )?;
            let positions = match saved_positions {
                Some(p) => p,
                None => lay_out(args, graph, Some(h), settings)?,
            };
            encode(crate::render::merge_frames(
                graph,
                h,
                &positions,
                mode,
                args.frames_per_level,
                &a,
            ))?
        }
    };
    crate::io::write_atomic(&args.out, bytes).map_err(anyhow::Error::msg)?;
    eprintln!(
        "wrote {} ({} frames, {} x {}, {} frames/s)",
        args.out.display(),
        count,
        args.width,
        args.height(),
        args.fps
    );
    Ok(())
}

/// An animation's frames as a GIF, and how many there were.
fn encode_gif(
    frames: Result<crate::render::Frames, String>,
    fps: f32,
    limit: Option<std::time::Duration>,
) -> Result<(Vec<u8>, usize)> {
    let frames = frames.map_err(anyhow::Error::msg)?;
    let bytes = crate::render::to_gif(&frames, fps, limit).map_err(anyhow::Error::msg)?;
    Ok((bytes, frames.len()))
}

/// Every level's positions within the run's `--time-limit` and the machine's memory; a
/// layout over a minute is announced on stderr.
fn lay_out(
    args: &RenderArgs,
    graph: &crate::graph::Graph,
    h: Option<&Hierarchy>,
    settings: &crate::layout::LayoutSettings,
) -> Result<Vec<Vec<[f32; 2]>>> {
    let say = |words: &str| eprintln!("note: {words}");
    crate::layout::lay_out_levels_within(graph, h, settings, args.model.time_limit()?, say)
        .map_err(anyhow::Error::msg)
}

/// Draws a log directory's steps as they were logged: one step, or the run replayed.
fn render_log(
    args: &RenderArgs,
    animate: Option<Animate>,
    graph: &crate::graph::Graph,
    mode: &ColourMode,
    settings: &crate::layout::LayoutSettings,
    options: &SceneOptions,
) -> Result<()> {
    let resolved = crate::io::logset::resolve(Path::new(&args.graph));
    let dir = resolved.as_path();
    let read = crate::io::logdir::read_steps(dir, graph, 0)?;
    for why in &read.skipped {
        eprintln!("note: {why}");
    }
    let steps = read.steps;
    if steps.is_empty() {
        bail!("{}: the log holds no steps yet", dir.display());
    }
    let labels = args.model.labels.as_deref();
    let hierarchy = |s: &crate::io::logdir::LogStep| {
        crate::export::step_hierarchy(graph, s, labels).map_err(anyhow::Error::msg)
    };
    let a = crate::render::Animation {
        width: args.width,
        height: args.height(),
        frames_per_second: args.fps,
        scene: options.clone(),
    };
    let limit = args.model.time_limit()?;
    let encode = |frames| encode_gif(frames, args.fps, limit);
    let (bytes, count) = match animate {
        Some(Animate::Training) => {
            let every = steps.len().div_ceil(args.frames).max(1);
            let snapshots = steps
                .iter()
                .enumerate()
                .filter(|(k, _)| k % every == 0 || *k + 1 == steps.len())
                .map(|(_, s)| Ok((s.step, std::sync::Arc::new(hierarchy(s)?))))
                .collect::<Result<Vec<_>>>()?;
            let level0 = lay_out(args, graph, None, settings)?.remove(0);
            encode(crate::render::training_frames(
                graph, &snapshots, &level0, mode, &a,
            ))?
        }
        other => {
            let step = match args.step.as_deref().unwrap_or("last") {
                "last" => steps.last(),
                n => {
                    let n: usize = n
                        .parse()
                        .with_context(|| format!("--step {n}: expected a number or `last`"))?;
                    steps.iter().find(|s| s.step == n)
                }
            }
            .with_context(|| {
                format!(
                    "{}: no step {} in the log",
                    dir.display(),
                    args.step.as_deref().unwrap_or("")
                )
            })?;
            let h = hierarchy(step)?;
            let positions = lay_out(args, graph, Some(&h), settings)?;
            if other == Some(Animate::Merge) {
                encode(crate::render::merge_frames(
                    graph,
                    &h,
                    &positions,
                    mode,
                    args.frames_per_level,
                    &a,
                ))?
            } else {
                let scene = Scene::build_with(
                    graph,
                    Some(&h),
                    &positions,
                    mode,
                    args.width,
                    args.height(),
                    options,
                )
                .map_err(anyhow::Error::msg)?;
                write_scene(&scene, &args.out)?;
                eprintln!(
                    "wrote {} (step {} of the log; {})",
                    args.out.display(),
                    step.step,
                    picture_words(&scene, &args.out)
                );
                return Ok(());
            }
        }
    };
    crate::io::write_atomic(&args.out, bytes).map_err(anyhow::Error::msg)?;
    eprintln!(
        "wrote {} ({} frames from the log)",
        args.out.display(),
        count
    );
    Ok(())
}
