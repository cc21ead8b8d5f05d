//! Neural-network building blocks: parameters, message-passing layers, Adam.

mod adam;
mod conv;
mod params;

pub use adam::Adam;
pub use conv::{Conv, ConvKind, Linear, SparseOperators, gcn_normalised, mean_normalised};
pub use params::{ParamId, ParamStore};
