//! Training: configuration, features, the model, the epoch loop and the background trainer.

pub mod features;
