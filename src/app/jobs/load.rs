//! Loading graphs off the UI thread: a path, a sample or generator spec, or a file chosen in
//! the Open dialog.

use super::job::Job;
use crate::export::OpenedSession;
use crate::io::Loaded;
use crate::io::logset::{LogModel, LogSet};
use eframe::egui;
use std::path::PathBuf;

/// What to load.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadRequest {
    /// A file or TU folder chosen in the dialog or dropped on the window.
    Path(PathBuf),
    /// A name from the command line: a generator spec, a file, or a sample (in that order, as
    /// every GRAPH argument).
    Named(String),
    /// A bundled sample and nothing else: the Samples menu, `--sample`, a lesson, a session
    /// (a file of that name in the working folder never stands in for it).
    Sample(String),
    /// A file dropped on the window (a saved session embeds it rather than trusting the path).
    Dropped(PathBuf),
}

impl LoadRequest {
    pub fn label(&self) -> String {
        match self {
            LoadRequest::Path(p) | LoadRequest::Dropped(p) => p.display().to_string(),
            LoadRequest::Named(n) | LoadRequest::Sample(n) => n.clone(),
        }
    }

    fn load(&self) -> Result<Loaded, String> {
        match self {
            LoadRequest::Path(p) | LoadRequest::Dropped(p) => {
                crate::io::load_path(p, None).map_err(|e| e.to_string())
            }
            LoadRequest::Named(n) => crate::samples::resolve(n, None),
            LoadRequest::Sample(n) => match crate::samples::find(n) {
                Some(s) => s.load().map_err(|e| e.to_string()),
                None => Err(format!(
                    "{n}: no such sample (samples: {})",
                    crate::samples::names().join(", ")
                )),
            },
        }
    }
}

/// A log opened: the directory whose steps the window follows, the folder of logs it was
/// picked from (the newest run of a folder of runs), and the model it recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct LogOpened {
    pub dir: PathBuf,
    pub set: Option<LogSet>,
    pub model: Option<LogModel>,
}

impl LoadRequest {
    /// The log the request names, read off the UI thread: a log directory, or a folder of
    /// logs (its newest run).
    fn log(&self) -> Option<LogOpened> {
        let path = match self {
            LoadRequest::Path(p) | LoadRequest::Dropped(p) => p.clone(),
            LoadRequest::Named(n) if !crate::generate::is_spec(n) => PathBuf::from(n),
            _ => return None,
        };
        if crate::io::logset::is_log_folder(&path) {
            let set = crate::io::logset::find(&path).ok()?;
            let dir = set.entries[set.shown].path.clone();
            Some(LogOpened {
                model: LogModel::read(&dir),
                dir,
                set: Some(set),
            })
        } else if crate::io::logdir::is_log_dir(&path) {
            Some(LogOpened {
                model: LogModel::read(&path),
                dir: path,
                set: None,
            })
        } else {
            None
        }
    }

    /// A saved session under another name than `.poolscope` (recognised by its content): read
    /// here, off the UI thread, and opened as a session.
    fn session(&self) -> Option<Result<OpenedSession, String>> {
        let path = match self {
            LoadRequest::Path(p) | LoadRequest::Dropped(p) => p.as_path(),
            LoadRequest::Named(n) if !crate::generate::is_spec(n) => std::path::Path::new(n),
            _ => return None,
        };
        crate::export::is_session(path).then(|| crate::export::read_session(path))
    }

    /// The graph, and the log when it is one.
    fn load_with_log(&self) -> (Result<Loaded, String>, Option<LogOpened>) {
        match self.log() {
            Some(log) => (
                crate::io::logdir::read_graph(&log.dir)
                    .map(Loaded::Graph)
                    .map_err(|e| e.to_string()),
                Some(log),
            ),
            None => (self.load(), None),
        }
    }
}

/// The outcome of one request; an empty error means the user cancelled the dialog.
pub struct LoadResult {
    pub request: LoadRequest,
    pub result: Result<Loaded, String>,
    pub log: Option<LogOpened>,
    /// The file was a saved session: this, not `result`, is what to open.
    pub session: Option<Result<Box<OpenedSession>, String>>,
}

impl LoadResult {
    /// Reads what `request` names: a session by its content first, then a log or a graph.
    fn of(request: LoadRequest) -> Self {
        if let Some(session) = request.session() {
            return LoadResult {
                request,
                result: Err(String::new()),
                log: None,
                session: Some(session.map(Box::new)),
            };
        }
        let (result, log) = request.load_with_log();
        LoadResult {
            request,
            result,
            log,
            session: None,
        }
    }
}

pub fn load(request: LoadRequest, ctx: &egui::Context) -> Job<LoadResult> {
    Job::spawn("load", ctx, move |_| LoadResult::of(request))
}

/// Asks for a graph file with the native dialog, then loads it.
pub fn open_dialog(ctx: &egui::Context) -> Job<LoadResult> {
    Job::spawn("open", ctx, |_| {
        let mut dialog = rfd::FileDialog::new().set_title("Open a graph");
        let all: Vec<&str> = crate::io::Format::ALL
            .iter()
            .flat_map(|f| f.extensions().iter().copied())
            .collect();
        dialog = dialog.add_filter("All graph formats", &all);
        for f in crate::io::Format::ALL {
            dialog = dialog.add_filter(f.name(), f.extensions());
        }
        match super::dialog::given_or_picked(None, || dialog.pick_file()) {
            Ok(path) => LoadResult::of(LoadRequest::Path(path)),
            Err(message) => LoadResult {
                request: LoadRequest::Named(String::new()),
                result: Err(message),
                log: None,
                session: None,
            },
        }
    })
}
