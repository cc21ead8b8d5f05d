//! What the window's background jobs hand back, one variant per kind of job, so the window
//! applies every finished job in one place.

use super::export::Written;
use super::import::Imported;
use super::load::LoadResult;
use crate::export::OpenedSession;
use crate::train::dataset::Classifier;
use std::sync::Arc;

/// The kinds of job; a new job of a kind other than `Load` replaces a running one, whose
/// result is then dropped (a second import supersedes the first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    Load,
    Import,
    Export,
    Session,
    Classifier,
    Overlay,
}

impl JobKind {
    /// Several loads may run at once (the last applied wins); one of every other kind.
    pub fn replaces(self) -> bool {
        self != Self::Load
    }

    /// In words, for an error line.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Load => "loading",
            Self::Import => "opening",
            Self::Export => "exporting",
            Self::Session => "opening the session",
            Self::Classifier => "the graph classifier",
            Self::Overlay => "reading the other runs' curves",
        }
    }
}

/// A finished job's result.
pub enum Finished {
    Load(Box<LoadResult>),
    Import(Imported),
    Export(Written),
    Session(Result<Box<OpenedSession>, String>),
    Classifier(Result<Arc<Classifier>, String>),
    Overlay(Result<Vec<super::overlay::OverlayRun>, String>),
}
