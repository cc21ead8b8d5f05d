//! The `render` command: the levels side by side as SVG or PNG, with no display.

use crate::cli::{RenderArgs, load_graph_arg};
use crate::hierarchy::Hierarchy;
use crate::io::Loaded;
use crate::render::{ColourMode, Scene};
use anyhow::{Context, Result, bail};
use std::path::Path;

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
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

pub fn render(args: &RenderArgs) -> Result<()> {
    PictureFormat::of(&args.out)?;
    let loaded = load_graph_arg(&args.graph, None)?;
    let graph = match loaded {
        Loaded::Graph(g) => g,
        Loaded::Dataset(d) => bail!(
            "{} is a data set of {} graphs; render draws one graph (convert one out first)",
            d.name,
            d.len()
        ),
    };
    let mode = ColourMode::parse(&args.colour_by, &graph).map_err(anyhow::Error::msg)?;
    let cfg = args.model.config(false)?;
    let mut saved_positions = None;
    let hierarchy: Option<Hierarchy> = if let Some(path) = &args.hierarchy {
        let (h, p) =
            crate::export::read_hierarchy_file(path, &graph).map_err(anyhow::Error::msg)?;
        saved_positions = p;
        Some(h)
    } else if !args.assign.is_empty() {
        Some(
            crate::io::import_assignments(&graph, &args.assign, args.logits, None)
                .map_err(anyhow::Error::msg)?,
        )
    } else if args.no_train {
        None
    } else {
        if cfg.task == crate::train::Task::Graph {
            bail!("render draws one graph: --task graph is for data sets");
        }
        let (h, _) = crate::cli_train::train_with_progress(graph.clone(), &cfg, false)?;
        Some(h)
    };
    let iterations = args
        .layout_iterations
        .unwrap_or_else(|| (15_000_000 / graph.node_count().max(1)).clamp(100, 1500));
    // A hierarchy saved with its positions is drawn as it was seen.
    let positions = saved_positions.unwrap_or_else(|| {
        crate::layout::lay_out_levels(&graph, hierarchy.as_ref(), iterations, cfg.seed)
    });
    let scene = Scene::build(
        &graph,
        hierarchy.as_ref(),
        &positions,
        &mode,
        args.width,
        args.height,
    )
    .map_err(anyhow::Error::msg)?;
    write_scene(&scene, &args.out)?;
    eprintln!(
        "wrote {} ({} levels, {} x {})",
        args.out.display(),
        scene.panels.len(),
        args.width,
        args.height
    );
    Ok(())
}
