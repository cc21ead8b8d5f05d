//! A picture of the levels side by side in pixel coordinates, laid out as the window lays out
//! its canvases. The SVG and PNG writers only draw what this holds, so both show the same thing.

use super::legend::{LegendEntry, legend};
use super::style::{ColourMode, level_colours, level_edges, level_radii, level_title};
use super::text::{LINE_HEIGHT, TextMeasure, wrap};
use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use epaint::Color32;

/// Largest picture side in pixels (the PNG rasteriser's limit is 65,535; this keeps a picture
/// under 256 MB of pixels).
pub const MAX_SIDE: u32 = 8192;
/// Smallest picture side that still fits a title and a node.
pub const MIN_SIDE: u32 = 64;
/// Most edges drawn per level; past this an even sample is drawn and the title says so.
pub const MAX_EDGES_PER_LEVEL: usize = 200_000;
/// Title font size in points on a picture up to [`TEXT_FROM_HEIGHT`] tall.
pub const TITLE_SIZE: f32 = 13.0;
/// Pictures taller than this get text in proportion: a 1920 x 1080 slide has titles of about
/// 28 points, read from the back of a room without flags.
pub const TEXT_FROM_HEIGHT: f32 = 500.0;
/// Text is wrapped to this share of its room: a viewer that draws an SVG with a wider font
/// than the one measured still keeps every word inside its panel.
const WRAP_SHARE: f32 = 0.88;

/// The sizes of a picture's text (points), in proportion to its height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextSizes {
    pub title: f32,
    pub warning: f32,
    pub legend: f32,
    /// Height of one line of title or legend.
    pub line: f32,
    /// Radius of the disc before a legend entry.
    pub disc: f32,
    /// The picture's own caption (`--title`, the method and the graph).
    pub caption: f32,
}

impl TextSizes {
    pub fn for_height(height: u32) -> Self {
        let k = (height as f32 / TEXT_FROM_HEIGHT).max(1.0);
        Self {
            title: TITLE_SIZE * k,
            warning: (TITLE_SIZE - 1.0) * k,
            legend: LEGEND_SIZE * k,
            line: LINE_HEIGHT * k,
            disc: LEGEND_DISC * k,
            caption: 1.3 * TITLE_SIZE * k,
        }
    }

    /// Where a legend entry's text starts after its disc's centre.
    pub fn legend_text_offset(&self) -> f32 {
        self.disc + 9.0 * self.line / LINE_HEIGHT
    }
}

pub struct SceneNode {
    pub x: f32,
    pub y: f32,
    pub r: f32,
    pub colour: Color32,
    /// Shown as a tooltip in the SVG: the node id, or the cluster and its size.
    pub label: String,
}

pub struct SceneEdge {
    pub a: [f32; 2],
    pub b: [f32; 2],
    pub width: f32,
}

/// One level in its cell.
pub struct Panel {
    pub level: usize,
    /// The gallery row it belongs to (its method), to keep ids unique in an SVG.
    pub row: Option<String>,
    /// The title, wrapped to the cell's width (never cut), then the warnings, wrapped too.
    pub title: Vec<String>,
    pub warnings: Vec<String>,
    /// What the colours mean, in rows along the cell's foot (empty: no legend).
    pub legend: Vec<PlacedEntry>,
    /// Cell origin and size in pixels (the title band included).
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub nodes: Vec<SceneNode>,
    pub edges: Vec<SceneEdge>,
    /// Opacity of `edges` (below 1 while this level merges into the next).
    pub edge_alpha: f32,
    /// The next level's edges fading in while this level merges into it, and their opacity.
    pub overlay: Vec<SceneEdge>,
    pub overlay_alpha: f32,
    /// Level 2's groups under linked colours: each a closed outline (pixels) and its number.
    pub outlines: Vec<(u32, Vec<[f32; 2]>)>,
}

pub struct Scene {
    /// The picture's size in points: everything in the scene is placed in these units.
    pub width: u32,
    pub height: u32,
    /// Pixels per point of a PNG (its DPI over 96); SVG is drawn in points whatever it is.
    pub scale: f32,
    pub background: Color32,
    pub panel_background: Color32,
    pub edge_colour: Color32,
    pub text_colour: Color32,
    pub warn_colour: Color32,
    /// The ring around each node, to tell touching discs apart.
    pub node_outline: Color32,
    pub panels: Vec<Panel>,
    pub text: TextSizes,
    /// A line across the top: `--title`, or the method and the graph.
    pub caption: Option<String>,
}

impl Scene {
    /// The PNG's size in pixels.
    pub fn pixel_size(&self) -> [u32; 2] {
        [self.width, self.height].map(|s| (s as f32 * self.scale).round().max(1.0) as u32)
    }

    /// Dots per inch of the PNG: 96 at scale 1, as browsers and office programs assume.
    pub fn dpi(&self) -> f32 {
        96.0 * self.scale
    }
}

/// What a picture is drawn on: white for print, transparent for slides of any colour, dark for
/// a dark slide or the window's look.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Background {
    #[default]
    White,
    Transparent,
    Dark,
}

impl Background {
    pub const ALL: [Background; 3] = [Self::White, Self::Transparent, Self::Dark];

    pub fn name(self) -> &'static str {
        match self {
            Self::White => "white",
            Self::Transparent => "transparent",
            Self::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|b| b.name() == text)
            .ok_or_else(|| format!("background `{text}`: expected white, transparent or dark"))
    }

    /// Picture, panel, edge, text, warning and outline colours.
    fn colours(self) -> [Color32; 6] {
        match self {
            Self::White | Self::Transparent => [
                if self == Self::White {
                    Color32::WHITE
                } else {
                    Color32::TRANSPARENT
                },
                if self == Self::White {
                    Color32::from_rgb(246, 246, 248)
                } else {
                    Color32::TRANSPARENT
                },
                Color32::from_rgba_unmultiplied(60, 60, 70, 90),
                Color32::from_rgb(30, 30, 36),
                Color32::from_rgb(170, 90, 0),
                Color32::WHITE,
            ],
            Self::Dark => [
                Color32::from_rgb(24, 24, 28),
                Color32::from_rgb(34, 34, 40),
                Color32::from_rgba_unmultiplied(200, 200, 215, 80),
                Color32::from_rgb(228, 228, 234),
                Color32::from_rgb(240, 170, 70),
                Color32::from_rgb(24, 24, 28),
            ],
        }
    }
}

/// Largest pixels per point of a PNG (8 x 96 = 768 DPI).
pub const MAX_SCALE: f32 = 8.0;

/// A level merging into the next: the time and the next level's positions and edges.
struct Merging<'a> {
    t: f32,
    up_positions: &'a [[f32; 2]],
    up_edges: &'a [(u32, u32, f32)],
}

/// A legend entry at its place: a disc of the colour at `(x, y)` (its centre line), the text
/// after it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedEntry {
    pub entry: LegendEntry,
    pub x: f32,
    pub y: f32,
}

/// Legend font size in points, and the disc before each entry, at [`TEXT_FROM_HEIGHT`].
pub const LEGEND_SIZE: f32 = 12.0;
const LEGEND_DISC: f32 = 5.0;

/// The text of an entry: `Mr. Hi · 17`.
pub fn entry_text(e: &LegendEntry) -> String {
    if e.count == 0 {
        e.text.clone()
    } else {
        format!("{} · {}", e.text, e.count)
    }
}

/// Entries flowed into rows no wider than `width`: each with its offset from the row start,
/// and its row.
pub fn legend_rows(
    entries: &[LegendEntry],
    width: f32,
    text: &TextSizes,
    m: &TextMeasure,
) -> Vec<(LegendEntry, f32, usize)> {
    let (mut x, mut row) = (0.0f32, 0usize);
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let w = text.legend_text_offset()
            + text.disc
            + m.width(&entry_text(e), text.legend) / WRAP_SHARE
            + 12.0 * text.line / LINE_HEIGHT;
        if x > 0.0 && x + w > width {
            row += 1;
            x = 0.0;
        }
        out.push((e.clone(), x, row));
        x += w;
    }
    out
}

/// What a picture shows besides the levels themselves.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneOptions {
    pub legend: bool,
    /// Multiplies every node radius.
    pub node_scale: f32,
    /// Level 0's share of its row's width; `None`: by node counts (see [`row_shares`]).
    pub level0_share: Option<f32>,
    /// Said in level 0's title: the epoch a training replay's frame shows.
    pub epoch: Option<usize>,
    /// Level `l` drawn merging into level `l + 1` at time `t` (see [`crate::render::merge_frame`]).
    pub merge: Option<(usize, f32)>,
    /// What sizes level-0 nodes.
    pub size_by: super::style::SizeBy,
    pub background: Background,
    /// Draw this level alone, over the whole picture.
    pub level: Option<usize>,
    /// Pixels per point of a PNG (see [`Scene::scale`]).
    pub scale: f32,
    /// Said first in level 0's title: a gallery row's method.
    pub row_label: Option<String>,
    /// A line across the picture's top (`--title`, or the method and the graph).
    pub caption: Option<String>,
}

impl Default for SceneOptions {
    fn default() -> Self {
        Self {
            legend: true,
            node_scale: 1.0,
            level0_share: None,
            epoch: None,
            merge: None,
            size_by: Default::default(),
            background: Background::White,
            level: None,
            scale: 1.0,
            row_label: None,
            caption: None,
        }
    }
}

/// Each level's share of its row's width: by the square root of its node count, so level 0,
/// the most detailed, gets the most room (football's 115, 12 and 4 nodes: 52%, 28%, 20%), and
/// no level less than a sixth; or level 0 at `level0_share` and the rest by node counts.
pub fn row_shares(node_counts: &[usize], level0_share: Option<f32>) -> Vec<f32> {
    let weights: Vec<f32> = node_counts
        .iter()
        .map(|&n| (n.max(1) as f32).sqrt().max(2.0))
        .collect();
    let total: f32 = weights.iter().sum();
    let mut shares: Vec<f32> = weights.iter().map(|w| w / total).collect();
    let floor = (1.0 / (6.0f32).max(node_counts.len() as f32 * 1.5))
        .min(1.0 / node_counts.len().max(1) as f32);
    // Raise small shares to the floor, taking it from the large ones in proportion.
    for _ in 0..4 {
        let short: f32 = shares.iter().map(|s| (floor - s).max(0.0)).sum();
        if short <= 1e-6 {
            break;
        }
        let spare: f32 = shares.iter().map(|s| (s - floor).max(0.0)).sum();
        for s in &mut shares {
            *s = if *s < floor {
                floor
            } else {
                *s - short * (*s - floor) / spare.max(1e-9)
            };
        }
    }
    if let (Some(first), true) = (level0_share, shares.len() > 1) {
        let first = first.clamp(0.1, 0.9);
        let rest: f32 = shares[1..].iter().sum();
        for s in &mut shares[1..] {
            *s *= (1.0 - first) / rest.max(1e-9);
        }
        shares[0] = first;
    }
    shares
}

/// Columns of the level grid: one row for up to three levels, then two rows (as the window).
pub fn grid_columns(levels: usize) -> usize {
    if levels <= 3 {
        levels
    } else {
        levels.div_ceil(2)
    }
    .max(1)
}

/// Maps layout coordinates into `[x, y, w, h]` with a margin, keeping the aspect ratio.
fn fit(positions: &[[f32; 2]], cell: [f32; 4]) -> impl Fn([f32; 2]) -> [f32; 2] {
    let (lo, hi) = crate::layout::bounds(positions).unwrap_or(([-1.0; 2], [1.0; 2]));
    let margin = 18.0;
    let span = [(hi[0] - lo[0]).max(1e-6), (hi[1] - lo[1]).max(1e-6)];
    let scale = ((cell[2] - 2.0 * margin).max(4.0) / span[0])
        .min((cell[3] - 2.0 * margin).max(4.0) / span[1]);
    let centre = [cell[0] + cell[2] / 2.0, cell[1] + cell[3] / 2.0];
    let world = [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0];
    move |p| {
        [
            centre[0] + (p[0] - world[0]) * scale,
            centre[1] + (p[1] - world[1]) * scale,
        ]
    }
}

impl Scene {
    /// The levels of `h` (or level 0 alone) at `positions`, in a `width x height` picture,
    /// with the default options.
    pub fn build(
        g: &Graph,
        h: Option<&Hierarchy>,
        positions: &[Vec<[f32; 2]>],
        mode: &ColourMode,
        width: u32,
        height: u32,
    ) -> Result<Scene, String> {
        Self::build_with(
            g,
            h,
            positions,
            mode,
            width,
            height,
            &SceneOptions::default(),
        )
    }

    pub fn build_with(
        g: &Graph,
        h: Option<&Hierarchy>,
        positions: &[Vec<[f32; 2]>],
        mode: &ColourMode,
        width: u32,
        height: u32,
        options: &SceneOptions,
    ) -> Result<Scene, String> {
        if !(MIN_SIDE..=MAX_SIDE).contains(&width) || !(MIN_SIDE..=MAX_SIDE).contains(&height) {
            return Err(format!(
                "picture size {width} x {height}: expected each side from {MIN_SIDE} to {MAX_SIDE} pixels"
            ));
        }
        if !(options.scale.is_finite() && (0.25..=MAX_SCALE).contains(&options.scale)) {
            return Err(format!(
                "picture scale {}: expected 0.25 to {MAX_SCALE} pixels per point ({} to {} DPI)",
                options.scale,
                96.0 * 0.25,
                96.0 * MAX_SCALE
            ));
        }
        let pixels = [width, height].map(|s| s as f32 * options.scale);
        if pixels.iter().any(|&p| p > MAX_SIDE as f32) {
            return Err(format!(
                "picture {width} x {height} at scale {}: {:.0} x {:.0} pixels, expected at most {MAX_SIDE} a side",
                options.scale, pixels[0], pixels[1]
            ));
        }
        let depth = h.map_or(1, Hierarchy::depth);
        if positions.len() < depth {
            return Err(format!(
                "positions for {} levels, expected {depth}",
                positions.len()
            ));
        }
        // The levels drawn: every one, or the one asked for.
        let shown: Vec<usize> = match options.level {
            Some(l) if l >= depth => {
                return Err(format!(
                    "level {l}: the hierarchy has levels 0 to {}",
                    depth - 1
                ));
            }
            Some(l) => vec![l],
            None => (0..depth).collect(),
        };
        let counts: Vec<usize> = (0..depth)
            .map(|l| h.map_or(g.node_count(), |h| h.levels[l].node_count))
            .collect();
        let warnings = h.map(crate::diagnostics::diagnose).unwrap_or_default();
        let measure = TextMeasure::new();
        let text = TextSizes::for_height(height);
        let caption = options
            .caption
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string);
        // The caption's band above the levels.
        let top = if caption.is_some() {
            text.caption * 1.6
        } else {
            0.0
        };
        let edges = level_edges(g, h);
        let cols = grid_columns(shown.len());
        let rows = shown.len().div_ceil(cols);
        let gap = 8.0;
        let ch = (height as f32 - top - gap * (rows as f32 + 1.0)) / rows as f32;
        let mut panels = Vec::with_capacity(shown.len());
        for row in 0..rows {
            let in_row: Vec<usize> =
                shown[row * cols..((row + 1) * cols).min(shown.len())].to_vec();
            let row_counts: Vec<usize> = in_row.iter().map(|&l| counts[l]).collect();
            let share0 = if row == 0 && in_row[0] == 0 {
                options.level0_share
            } else {
                None
            };
            let shares = row_shares(&row_counts, share0);
            let free = width as f32 - gap * (in_row.len() as f32 + 1.0);
            let mut x = gap;
            for (k, &l) in in_row.iter().enumerate() {
                let cw = free * shares[k];
                let y = top + gap + row as f32 * (ch + gap);
                let merging = match (options.merge, h) {
                    (Some((m, t)), Some(h)) if m == l && l + 1 < h.depth() => Some(Merging {
                        t,
                        up_positions: &positions[l + 1],
                        up_edges: edges.get(l + 1).map_or(&[][..], Vec::as_slice),
                    }),
                    _ => None,
                };
                panels.push(Self::panel(
                    g,
                    h,
                    l,
                    &positions[l],
                    mode,
                    [x, y, cw, ch],
                    edges.get(l).map_or(&[][..], Vec::as_slice),
                    &warnings,
                    (&measure, &text),
                    options,
                    merging,
                )?);
                x += cw + gap;
            }
        }
        let [
            background,
            panel_background,
            edge_colour,
            text_colour,
            warn_colour,
            node_outline,
        ] = options.background.colours();
        Ok(Scene {
            width,
            height,
            scale: options.scale,
            background,
            panel_background,
            edge_colour,
            text_colour,
            warn_colour,
            node_outline,
            panels,
            text,
            caption,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn panel(
        g: &Graph,
        h: Option<&Hierarchy>,
        l: usize,
        pos: &[[f32; 2]],
        mode: &ColourMode,
        [x, y, cw, ch]: [f32; 4],
        level_edges: &[(u32, u32, f32)],
        warnings: &[crate::diagnostics::Diagnostic],
        (measure, text): (&TextMeasure, &TextSizes),
        options: &SceneOptions,
        merging: Option<Merging>,
    ) -> Result<Panel, String> {
        // On white or a slide of any colour, the palette meant for white.
        let on_white = options.background != Background::Dark;
        let inked = |c: Vec<Color32>| -> Vec<Color32> {
            if on_white {
                c.into_iter().map(super::palette::on_white).collect()
            } else {
                c
            }
        };
        let n = h.map_or(g.node_count(), |h| h.levels[l].node_count);
        if pos.len() != n {
            return Err(format!("level {l}: {} positions for {n} nodes", pos.len()));
        }
        let stride = level_edges.len().div_ceil(MAX_EDGES_PER_LEVEL).max(1);
        let mut title = level_title(g, h, l, level_edges.len());
        if let (0, Some(label)) = (l, &options.row_label) {
            title = format!("{label} · {title}");
        }
        if let (0, Some(epoch)) = (l, options.epoch) {
            title.push_str(&format!(" · epoch {epoch}"));
        }
        if stride > 1 {
            title.push_str(&format!(" (1 in {stride} edges drawn)"));
        }
        let text_width = (cw - 12.0).max(20.0);
        let wrap_width = text_width * WRAP_SHARE;
        let title = wrap(&title, " · ", wrap_width, text.title, measure);
        let warning_text: Vec<&str> = warnings
            .iter()
            .filter(|w| w.level == l)
            .map(|w| w.message.as_str())
            .collect();
        let warnings = if warning_text.is_empty() {
            Vec::new()
        } else {
            wrap(
                &warning_text.join("; "),
                "; ",
                wrap_width,
                text.warning,
                measure,
            )
        };
        let header = 6.0 + text.line * (title.len() + warnings.len()) as f32;
        let mut entries = if options.legend {
            legend(g, h, l, mode)
        } else {
            Vec::new()
        };
        if on_white {
            for e in &mut entries {
                e.colour = super::palette::on_white(e.colour);
            }
        }
        let rows = legend_rows(&entries, text_width, text, measure);
        let legend_rows_n = rows.last().map_or(0, |r| r.2 + 1);
        let foot = if legend_rows_n > 0 {
            4.0 + text.line * legend_rows_n as f32
        } else {
            0.0
        };
        let legend: Vec<PlacedEntry> = rows
            .into_iter()
            .map(|(entry, dx, row)| PlacedEntry {
                entry,
                x: x + 6.0 + dx,
                y: y + ch - foot + 2.0 + text.line * (row as f32 + 0.5),
            })
            .collect();
        let mut colours = inked(level_colours(g, h, l, mode));
        let mut radii: Vec<f32> = level_radii(g, h, l, &options.size_by)
            .into_iter()
            .map(|r| r * options.node_scale)
            .collect();
        let mut shown = pos.to_vec();
        let (mut edge_alpha, mut overlay_alpha) = (1.0, 0.0);
        if let (Some(m), Some(hier)) = (&merging, h) {
            let up_radii: Vec<f32> = level_radii(g, h, l + 1, &options.size_by)
                .into_iter()
                .map(|r| r * options.node_scale)
                .collect();
            let frame = super::merge::merge_frame(
                hier,
                l,
                m.t,
                &super::merge::MergeInput {
                    positions: pos,
                    radii: &radii,
                    colours: &colours,
                    up_positions: m.up_positions,
                    up_radii: &up_radii,
                    up_colours: &inked(level_colours(g, h, l + 1, mode)),
                },
            );
            (shown, radii, colours) = (frame.positions, frame.radii, frame.colours);
            (edge_alpha, overlay_alpha) = (frame.edge_alpha, frame.pooled_alpha);
        }
        let pos = &shown[..];
        let to_px = fit(pos, [x, y + header, cw, (ch - header - foot).max(1.0)]);
        let sizes = h.map(|h| &h.levels[l].sizes);
        let nodes: Vec<SceneNode> = (0..n)
            .map(|i| {
                let [px, py] = to_px(pos[i]);
                SceneNode {
                    x: px,
                    y: py,
                    r: radii.get(i).copied().unwrap_or(3.0),
                    colour: colours.get(i).copied().unwrap_or(Color32::GRAY),
                    label: match (l, sizes) {
                        (0, _) => g.nodes.ids.get(i).cloned().unwrap_or_default(),
                        (_, Some(s)) => {
                            format!("cluster {i}: {:.0} nodes", s.get(i).copied().unwrap_or(0.0))
                        }
                        _ => format!("node {i}"),
                    },
                }
            })
            .collect();
        let max_w = level_edges
            .iter()
            .map(|e| e.2.abs())
            .fold(f32::MIN_POSITIVE, f32::max);
        let min_w = level_edges.iter().map(|e| e.2.abs()).fold(max_w, f32::min);
        let weighted = l > 0 && min_w < max_w * 0.999;
        let edges = level_edges
            .iter()
            .step_by(stride)
            .filter_map(|&(u, v, w)| {
                let (a, b) = (pos.get(u as usize)?, pos.get(v as usize)?);
                Some(SceneEdge {
                    a: to_px(*a),
                    b: to_px(*b),
                    width: if weighted {
                        0.5 + 3.5 * (w.abs() / max_w).sqrt()
                    } else {
                        1.0
                    },
                })
            })
            .collect();
        let outlines = match (h, mode, merging.is_some()) {
            (Some(h), ColourMode::Linked, false) => super::style::linked_groups(h, l)
                .map_or_else(Vec::new, |groups| {
                    super::hull::group_outlines(&nodes, &groups)
                }),
            _ => Vec::new(),
        };
        let overlay = merging.map_or_else(Vec::new, |m| {
            let max_up = m.up_edges.iter().map(|e| e.2.abs()).fold(1e-9f32, f32::max);
            m.up_edges
                .iter()
                .filter_map(|&(u, v, w)| {
                    let (a, b) = (
                        m.up_positions.get(u as usize)?,
                        m.up_positions.get(v as usize)?,
                    );
                    Some(SceneEdge {
                        a: to_px(*a),
                        b: to_px(*b),
                        width: 0.5 + 3.5 * (w.abs() / max_up).sqrt(),
                    })
                })
                .collect()
        });
        Ok(Panel {
            level: l,
            row: options.row_label.clone(),
            title,
            warnings,
            legend,
            x,
            y,
            w: cw,
            h: ch,
            nodes,
            edges,
            edge_alpha,
            overlay,
            overlay_alpha,
            outlines,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn karate_scene(width: u32, height: u32, caption: Option<&str>) -> Scene {
        let g = crate::samples::graph("karate").expect("sample");
        let n = g.node_count();
        let s = ndarray::Array2::from_shape_fn((n, 2), |(i, k)| f32::from(i % 2 == k));
        let h = Hierarchy::from_parts(g.symmetric().into_owned(), vec![s], None, vec![], "t");
        let positions: Vec<Vec<[f32; 2]>> = (0..2)
            .map(|l| {
                (0..h.levels[l].node_count)
                    .map(|i| [(i as f32).cos(), (i as f32).sin()])
                    .collect()
            })
            .collect();
        let options = SceneOptions {
            caption: caption.map(str::to_string),
            ..SceneOptions::default()
        };
        Scene::build_with(
            &g,
            Some(&h),
            &positions,
            &ColourMode::Linked,
            width,
            height,
            &options,
        )
        .expect("a scene")
    }

    #[test]
    fn text_grows_with_the_picture_so_a_slide_reads_without_flags() {
        let slide = karate_scene(1920, 1080, None);
        assert!(
            (27.0..=29.0).contains(&slide.text.title),
            "{:?}",
            slide.text
        );
        assert!(slide.text.legend > 25.0);
        let small = karate_scene(800, 400, None);
        assert_eq!(
            small.text.title, TITLE_SIZE,
            "small pictures keep the window's size"
        );
        // Every title line fits its panel, at its own size.
        let m = TextMeasure::new();
        for scene in [&slide, &small] {
            for p in &scene.panels {
                for line in &p.title {
                    let w = m.width(line, scene.text.title);
                    assert!(w <= p.w - 12.0, "`{line}`: {w} in a panel of {}", p.w);
                }
            }
        }
    }

    #[test]
    fn a_caption_takes_a_band_above_the_levels() {
        let plain = karate_scene(1200, 600, None);
        let titled = karate_scene(1200, 600, Some("DiffPool vs MinCut"));
        assert_eq!(titled.caption.as_deref(), Some("DiffPool vs MinCut"));
        assert!(titled.panels[0].y > plain.panels[0].y + titled.text.caption);
        assert!(titled.panels[0].h < plain.panels[0].h);
        assert!(karate_scene(1200, 600, Some("  ")).caption.is_none());
        let svg = crate::render::to_svg(&titled);
        assert!(svg.contains(r#"class="caption""#) && svg.contains(">DiffPool vs MinCut<"));
    }
}
