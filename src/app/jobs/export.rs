//! File > Export and File > Save session: the window copies what the file needs (shared
//! pointers and the positions), and a worker thread asks for the file name and writes it, so
//! neither the dialog nor a large write ever holds up a frame.

use super::job::Job;
use crate::export::{Positions, SavedSession};
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use crate::render::{ColourMode, Scene, SceneOptions};
use eframe::egui;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Frames per second of the window's animated exports.
const GIF_FPS: f32 = 10.0;

/// What was written, in words; an empty error means the user cancelled.
pub type Written = Result<String, String>;

/// What to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    LevelsSvg,
    LevelsPng,
    WindowPng,
    HierarchyJson,
    AssignmentsCsv,
    AssignmentsNpy,
    PositionsCsv,
    /// Every node's id, name, attributes, measures, Louvain community and clusters.
    NodeTableCsv,
    /// The training timeline replayed, one frame per snapshot.
    TrainingGif,
    /// Level 0 merging into 1, then 1 into 2.
    MergeGif,
    Session,
}

impl ExportKind {
    pub const ALL: [ExportKind; 11] = [
        Self::LevelsSvg,
        Self::LevelsPng,
        Self::WindowPng,
        Self::TrainingGif,
        Self::MergeGif,
        Self::HierarchyJson,
        Self::AssignmentsCsv,
        Self::AssignmentsNpy,
        Self::PositionsCsv,
        Self::NodeTableCsv,
        Self::Session,
    ];

    /// The menu entry.
    pub fn label(self) -> &'static str {
        match self {
            Self::LevelsSvg => "Levels as SVG…",
            Self::LevelsPng => "Levels as PNG…",
            Self::WindowPng => "Window as PNG…",
            Self::HierarchyJson => "Hierarchy as JSON…",
            Self::AssignmentsCsv => "Assignments as CSV…",
            Self::AssignmentsNpy => "Assignments as .npy…",
            Self::PositionsCsv => "Positions as CSV…",
            Self::NodeTableCsv => "Node table as CSV…",
            Self::TrainingGif => "Training replay as GIF…",
            Self::MergeGif => "Merge animation as GIF…",
            Self::Session => "Save session…",
        }
    }

    fn default_name(self) -> &'static str {
        match self {
            Self::LevelsSvg => "levels.svg",
            Self::LevelsPng => "levels.png",
            Self::WindowPng => "poolscope.png",
            Self::HierarchyJson => "hierarchy.json",
            Self::AssignmentsCsv => "assignment.csv",
            Self::AssignmentsNpy => "assignment.npy",
            Self::PositionsCsv => "positions.csv",
            Self::NodeTableCsv => "nodes.csv",
            Self::TrainingGif => "training.gif",
            Self::MergeGif => "merge.gif",
            Self::Session => "session.poolscope",
        }
    }

    fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Self::LevelsSvg => ("SVG", &["svg"]),
            Self::LevelsPng | Self::WindowPng => ("PNG", &["png"]),
            Self::HierarchyJson => ("JSON", &["json"]),
            Self::AssignmentsCsv | Self::PositionsCsv | Self::NodeTableCsv => ("CSV", &["csv"]),
            Self::AssignmentsNpy => ("NumPy", &["npy"]),
            Self::TrainingGif | Self::MergeGif => ("GIF", &["gif"]),
            Self::Session => ("poolscope session", &["poolscope"]),
        }
    }
}

/// What the files are made from, copied from the window when the user asks.
pub struct ExportData {
    pub graph: Arc<Graph>,
    pub hierarchy: Option<Arc<Hierarchy>>,
    /// Per level; may be short while the layout thread has not reached every level.
    pub positions: Positions,
    pub colour: ColourMode,
    /// Picture size for the level pictures: the size asked for, or the levels area on screen.
    pub size: [u32; 2],
    /// Legend, node size and width split, as on screen.
    pub scene: SceneOptions,
    /// The training timeline's snapshots, for the training replay.
    pub timeline: Vec<(usize, Arc<Hierarchy>)>,
    /// The training settings, written into the hierarchy JSON.
    pub config: Option<serde_json::Value>,
    pub session: Option<SavedSession>,
}

fn need_hierarchy(d: &ExportData) -> Result<&Hierarchy, String> {
    d.hierarchy
        .as_deref()
        .ok_or_else(|| "nothing to export yet: train, or open a hierarchy or assignments".into())
}

fn need_positions(d: &ExportData) -> Result<&[Vec<[f32; 2]>], String> {
    let levels = d.hierarchy.as_ref().map_or(1, |h| h.depth());
    if d.positions.len() < levels {
        return Err("the layout of every level is not ready yet; try again in a moment".into());
    }
    Ok(&d.positions[..levels])
}

/// Writes one export; returns what was written, in words.
pub fn write(kind: ExportKind, path: &Path, d: &ExportData) -> Result<String, String> {
    let wrote = |p: &Path| format!("wrote {}", p.display());
    let write_bytes = |bytes: &[u8]| crate::io::write_atomic(path, bytes);
    match kind {
        ExportKind::LevelsSvg | ExportKind::LevelsPng => {
            let positions = need_positions(d)?;
            let [w, h] = d
                .size
                .map(|s| s.clamp(crate::render::MIN_SIDE, crate::render::MAX_SIDE));
            let scene = Scene::build_with(
                &d.graph,
                d.hierarchy.as_deref(),
                positions,
                &d.colour,
                w,
                h,
                &d.scene,
            )?;
            if kind == ExportKind::LevelsSvg {
                write_bytes(crate::render::to_svg(&scene).as_bytes())?;
            } else {
                write_bytes(&crate::render::to_png(&scene)?)?;
            }
            Ok(wrote(path))
        }
        ExportKind::WindowPng => Err("the window picture is taken by the window itself".into()),
        ExportKind::TrainingGif | ExportKind::MergeGif => {
            let positions = need_positions(d)?;
            let [w, h] = d
                .size
                .map(|s| s.clamp(crate::render::MIN_SIDE, crate::render::MAX_SIDE));
            let a = crate::render::Animation {
                width: w,
                height: h,
                frames_per_second: GIF_FPS,
                scene: d.scene.clone(),
            };
            let frames = if kind == ExportKind::TrainingGif {
                if d.timeline.len() < 2 {
                    return Err("the timeline holds no run to replay yet: train first".into());
                }
                crate::render::training_frames(&d.graph, &d.timeline, &positions[0], &d.colour, &a)?
            } else {
                crate::render::merge_frames(
                    &d.graph,
                    need_hierarchy(d)?,
                    positions,
                    &d.colour,
                    30,
                    &a,
                )?
            };
            write_bytes(&crate::render::to_gif(&frames, GIF_FPS, None)?)?;
            Ok(format!("{} ({} frames)", wrote(path), frames.len()))
        }
        ExportKind::HierarchyJson => {
            let h = need_hierarchy(d)?;
            let positions = need_positions(d).ok();
            crate::export::write_hierarchy_file(path, h, d.config.clone(), positions)?;
            Ok(wrote(path))
        }
        ExportKind::AssignmentsCsv | ExportKind::AssignmentsNpy => {
            let paths = crate::export::write_assignments(need_hierarchy(d)?, path)?;
            let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            Ok(format!("wrote {}", names.join(", ")))
        }
        ExportKind::NodeTableCsv => {
            // Off the window's thread: the measures and communities cost seconds on big graphs.
            d.graph.measures();
            d.graph.louvain_communities();
            let rows = crate::export::NodeRows::new(&d.graph, d.hierarchy.as_deref());
            write_bytes(rows.csv().as_bytes())?;
            Ok(wrote(path))
        }
        ExportKind::PositionsCsv => {
            let positions = need_positions(d)?;
            write_bytes(
                crate::export::positions_csv(&d.graph, d.hierarchy.as_deref(), positions)
                    .as_bytes(),
            )?;
            Ok(wrote(path))
        }
        ExportKind::Session => {
            let s = d.session.as_ref().ok_or("there is no graph to save")?;
            crate::export::write_session(path, s)?;
            Ok(wrote(path))
        }
    }
}

/// The native save dialog (on the calling worker thread): the path and whether it is the
/// fallback in the working directory because no dialog could be shown; `None` when cancelled.
fn ask(kind: ExportKind) -> Option<(PathBuf, bool)> {
    let (name, ext) = kind.filter();
    let picked = super::dialog::pick(|| {
        rfd::FileDialog::new()
            .set_title(kind.label().trim_end_matches('…'))
            .set_file_name(kind.default_name())
            .add_filter(name, ext)
            .save_file()
    });
    match picked {
        super::dialog::Picked::Chosen(p) => Some((p, false)),
        super::dialog::Picked::Cancelled => None,
        super::dialog::Picked::Unavailable => {
            // A name nothing is written under yet: for assignments, NAME_S0.csv is what counts.
            let taken = |p: &Path| match kind {
                ExportKind::AssignmentsCsv | ExportKind::AssignmentsNpy => {
                    crate::export::assignment_paths(p, 1)
                        .first()
                        .is_some_and(|q| q.exists())
                }
                _ => p.exists(),
            };
            Some((
                super::dialog::fallback_path(kind.default_name(), taken),
                true,
            ))
        }
    }
}

/// Writes to the chosen (or asked-for) path; says so when it had to fall back.
fn write_asked(
    kind: ExportKind,
    path: Option<PathBuf>,
    data: &ExportData,
) -> Result<String, String> {
    let (path, fallback) = match path.map(|p| (p, false)).or_else(|| ask(kind)) {
        Some(p) => p,
        None => return Err(String::new()),
    };
    let said = write(kind, &path, data)?;
    Ok(if fallback {
        format!("no file dialog could be opened: {said}")
    } else {
        said
    })
}

/// Writes `kind` to `path` (`None`: ask first) on a worker thread.
pub fn start(
    kind: ExportKind,
    path: Option<PathBuf>,
    data: ExportData,
    ctx: &egui::Context,
) -> Job<Written> {
    Job::spawn("export", ctx, move |_| write_asked(kind, path, &data))
}

/// Asks the window for a picture of itself; it arrives in a callback, which asks for the file
/// name (unless given) and writes the PNG off the UI thread.
pub fn window_picture(path: Option<PathBuf>, ctx: &egui::Context) -> Job<Written> {
    let (report, job) = Job::pending(ctx);
    ctx.send_viewport_cmd(egui::ViewportCommand::Screenshot(
        egui::ScreenshotCallback::new(move |image| {
            std::thread::spawn(move || {
                let result = match path
                    .map(|p| (p, false))
                    .or_else(|| ask(ExportKind::WindowPng))
                {
                    Some((p, fallback)) => write_png(&p, &image).map(|()| {
                        let note = if fallback {
                            "no file dialog could be opened: "
                        } else {
                            ""
                        };
                        format!("{note}wrote {}", p.display())
                    }),
                    None => Err(String::new()),
                };
                report.finish(result);
            });
        }),
    ));
    job
}

/// Encodes an RGBA image as PNG.
pub fn write_png(path: &Path, image: &egui::ColorImage) -> Result<(), String> {
    let [w, h] = image.size;
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w as u32, h as u32);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(|e| e.to_string())?;
        let bytes: Vec<u8> = image.pixels.iter().flat_map(|c| c.to_array()).collect();
        writer.write_image_data(&bytes).map_err(|e| e.to_string())?;
    }
    crate::io::write_atomic(path, out)
}
