//! What a level canvas is given to draw, and what the user did on it.

use eframe::egui::Color32;

/// Positions, edges and opacity of a level drawn over another (the merge animation).
pub type Overlay<'a> = (&'a [[f32; 2]], &'a [(u32, u32, f32)], f32);

/// What to draw.
pub struct LevelDrawing<'a> {
    pub positions: &'a [[f32; 2]],
    pub edges: &'a [(u32, u32, f32)],
    pub colours: &'a [Color32],
    pub radii: &'a [f32],
    /// Per node, how it is lit by the selection (a [`crate::app::focus::Lit`] byte): selected
    /// nodes and their links stay bright, their neighbours nearly so, the rest dims. `None`:
    /// nothing selected, all bright.
    pub focus: Option<&'a [u8]>,
    /// Nodes outlined without dimming anything (what the hovered node holds or is held by).
    pub outline: Option<&'a [u8]>,
    /// The hovered node's links, drawn bright over the edge image.
    pub hover_links: &'a [(u32, u32)],
    /// Draw arrowheads (a directed graph's level 0): `edges` are arcs `(from, to, weight)`.
    pub arrows: bool,
    /// Multiplies the edge opacity chosen for the density of the drawing.
    pub edge_opacity: f32,
    /// Per node: 0 shown, 1 faded, 2 hidden by a filter. `None`: every node shown.
    pub filtered: Option<&'a [u8]>,
    /// Normalised assignment entropy (0 hard … 1 uniform), drawn as a ring.
    pub rings: Option<&'a [f32]>,
    /// Names drawn beside the nodes big enough to carry them.
    pub names: Option<&'a [String]>,
    /// Draw only the lit nodes' names (a selected node and its neighbours, names off).
    pub names_lit_only: bool,
    /// Multiplies the names' font size (*Label size*).
    pub name_scale: f32,
    /// Every node's name, shown beside the node under the pointer.
    pub hover_names: Option<&'a [String]>,
    /// Nodes ringed in the warning colour (label disagreeing with the cluster's majority).
    pub marks: Option<&'a [bool]>,
    /// Per node, its group on the level above the one the colours name (linked colours on a
    /// two-level run): each group is outlined and numbered.
    pub groups: Option<&'a [Option<u32>]>,
    /// Edge opacity (fades during the merge animation).
    pub edge_alpha: f32,
    /// The next level's edges fading in during the merge animation: its node positions, its
    /// edges and their opacity.
    pub overlay: Option<Overlay<'a>>,
}

/// What the user did on the canvas this frame.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct CanvasEvents {
    pub hovered: Option<usize>,
    pub clicked: Option<usize>,
    pub clicked_empty: bool,
    pub box_selected: Option<Vec<usize>>,
    /// A node dragged to a new layout position.
    pub dragged: Option<(usize, [f32; 2])>,
}
