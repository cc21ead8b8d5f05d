//! Training: configuration, features, the model, the epoch loop and the background trainer.

pub mod budget;
mod config;
pub mod dataset;
mod defaults;
pub mod features;
mod messages;
mod model;
mod notes;
pub mod restarts;
mod session;
pub mod time_limit;
mod timeline;
mod trainer;

pub use config::{Readout, Sizes, THREADS_PER_CORE, Task, TrainConfig, max_threads};
pub use defaults::{
    Chosen, GraphDefaults, features_for, follow_method, for_graph as defaults_for, hidden_for,
};
pub use features::FeatureKind;
pub use messages::{BetterRun, Restarts, TrainCommand, TrainEvent};
pub use model::{GraphInput, Model, Trace, assignment_matrix, trace_to_hierarchy};
pub use notes::{REFERENCE_SHARE, count_notes, reference_notes};
pub use session::{EpochStats, Session, TrainError};
pub use timeline::{DEFAULT_CAP_BYTES, Snapshot, Timeline, snapshot_bytes};
pub use trainer::{Trainer, Waker};
