//! How the levels are drawn, beyond the colouring: set in the View section, kept in sessions'
//! view settings where it matters, read by the canvases and the exports.

/// Drawing options shared by the window's canvases.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewOptions {
    /// A legend on each canvas naming colours with their counts.
    pub legend: bool,
    /// Node names drawn beside nodes big enough to carry them.
    pub names: bool,
    /// Multiplies the names' font size.
    pub name_scale: f32,
    /// Ring level-0 nodes whose label disagrees with their cluster's majority label.
    pub disagreement: bool,
    /// Multiplies every node radius.
    pub node_scale: f32,
    /// Level 0's share of the width of the levels row; `None`: by node counts.
    pub level0_share: Option<f32>,
    /// How far a selection's neighbourhood reaches (0, 1 or 2 hops).
    pub hops: usize,
    /// Multiplies the edge opacity chosen for the drawing's density.
    pub edge_opacity: f32,
    /// Arrowheads on a directed graph's level 0.
    pub arrows: bool,
    /// What sizes level-0 nodes.
    pub size_by: crate::render::SizeBy,
    /// Nodes hidden or faded by an attribute or their degree.
    pub filter: Option<super::filter::Filter>,
}

impl Default for ViewOptions {
    fn default() -> Self {
        Self {
            legend: true,
            names: false,
            name_scale: 1.0,
            disagreement: false,
            node_scale: 1.0,
            level0_share: None,
            hops: 1,
            edge_opacity: 1.0,
            arrows: true,
            size_by: crate::render::SizeBy::Uniform,
            filter: None,
        }
    }
}
