//! Layouts of every level on one worker thread. Level 0 runs the multilevel layout (what
//! `poolscope layout` computes with the same settings) until it settles, or keeps the file's
//! coordinates; each level above sits at the size-weighted centroids of its members below and
//! is refreshed as level 0 moves, so the levels look alike. The UI reads the latest positions
//! each frame and never waits.

use crate::graph::{Csr, Graph};
use crate::hierarchy::Hierarchy;
use crate::layout::{LayoutProgress, LayoutSettings, Multilevel, UPPER_REFINE, upper_levels};
use eframe::egui;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

enum Request {
    Hierarchy(Arc<Hierarchy>),
    Pin {
        level: usize,
        node: usize,
        pos: [f32; 2],
    },
    /// Saved positions for every level: shown as they are, not laid out again.
    Restore(Vec<Vec<[f32; 2]>>),
    /// New settings, applied to the running layout from where it is.
    Settings(LayoutSettings),
    /// Lay level 0 out again from scratch (pins forgotten).
    Rerun,
    /// Stop moving (`false`) or go on (`true`).
    Run(bool),
}

#[derive(Default)]
struct Shared {
    positions: Vec<Vec<[f32; 2]>>,
    /// Counts the hand-overs of `positions`, so the window copies them only when they changed.
    version: u64,
    settled: bool,
    progress: Option<LayoutProgress>,
    /// The file's coordinates are shown: nothing is laid out.
    fixed: bool,
    paused: bool,
}

/// What the layout thread is doing, for the window's indicator.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LayoutState {
    pub settled: bool,
    pub paused: bool,
    /// Level 0 keeps the file's coordinates.
    pub fixed: bool,
    pub progress: Option<LayoutProgress>,
}

pub struct LevelLayouts {
    shared: Arc<Mutex<Shared>>,
    tx: Sender<Request>,
}

impl LevelLayouts {
    pub fn start(graph: &Graph, settings: LayoutSettings, ctx: &egui::Context) -> Self {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let (tx, rx) = channel();
        let adjacency = graph.symmetric().into_owned();
        let coords = crate::layout::file_positions(graph);
        let (shared2, ctx) = (shared.clone(), ctx.clone());
        std::thread::Builder::new()
            .name("layouts".into())
            .spawn(move || {
                // The layout's own threads, below the UI in priority: they take whatever the
                // frames leave.
                crate::priority::lower_this_thread();
                let serve = move || {
                    Worker::new(adjacency, coords, settings, &shared2, &ctx).serve(&rx);
                };
                match rayon::ThreadPoolBuilder::new()
                    .thread_name(|i| format!("layout-{i}"))
                    .start_handler(|_| crate::priority::lower_this_thread())
                    .build()
                {
                    Ok(pool) => pool.install(serve),
                    Err(_) => serve(),
                }
            })
            .ok();
        Self { shared, tx }
    }

    /// Lays out the levels of a new hierarchy.
    pub fn set_hierarchy(&self, h: Arc<Hierarchy>) {
        let _ = self.tx.send(Request::Hierarchy(h));
    }

    /// Shows saved positions (a session) instead of laying the levels out again; send after
    /// the hierarchy they belong to.
    pub fn restore(&self, positions: Vec<Vec<[f32; 2]>>) {
        let _ = self.tx.send(Request::Restore(positions));
    }

    /// Moves a node and keeps it there.
    pub fn pin(&self, level: usize, node: usize, pos: [f32; 2]) {
        let _ = self.tx.send(Request::Pin { level, node, pos });
    }

    pub fn set_settings(&self, settings: LayoutSettings) {
        let _ = self.tx.send(Request::Settings(settings));
    }

    pub fn rerun(&self) {
        let _ = self.tx.send(Request::Rerun);
    }

    pub fn set_running(&self, run: bool) {
        let _ = self.tx.send(Request::Run(run));
    }

    /// Positions per level (empty until the first publish).
    pub fn positions(&self) -> Vec<Vec<[f32; 2]>> {
        self.shared
            .lock()
            .map(|s| s.positions.clone())
            .unwrap_or_default()
    }

    /// The positions and their version when they changed since version `seen` (a million
    /// nodes' copy every frame took a tenth of the UI thread's time).
    pub fn positions_since(&self, seen: u64) -> Option<(u64, Vec<Vec<[f32; 2]>>)> {
        let s = self.shared.lock().ok()?;
        (s.version != seen).then(|| (s.version, s.positions.clone()))
    }

    /// A probe other threads can hold: whether level 0's layout has got to the graph itself
    /// (or settled, stopped, or keeps the file's coordinates).
    pub fn reached_graph(&self) -> impl Fn() -> bool + Send + 'static {
        let shared = self.shared.clone();
        move || {
            shared.lock().map_or(true, |s| {
                s.settled || s.paused || s.fixed || s.progress.is_some_and(|p| p.level == 0)
            })
        }
    }

    /// Whether level 0 has settled, and the layout iterations run so far.
    pub fn state(&self) -> (bool, usize) {
        let s = self.layout_state();
        (s.settled, s.progress.map_or(0, |p| p.iterations))
    }

    pub fn layout_state(&self) -> LayoutState {
        self.shared
            .lock()
            .map(|s| LayoutState {
                settled: s.settled,
                paused: s.paused,
                fixed: s.fixed,
                progress: s.progress,
            })
            .unwrap_or_default()
    }
}

/// The shortest interval between two hand-overs of positions while the layout moves.
const PUBLISH_EVERY: Duration = Duration::from_millis(30);

/// The layout thread's state.
struct Worker<'a> {
    adjacency: Csr,
    layout: Multilevel,
    settings: LayoutSettings,
    hierarchy: Option<Arc<Hierarchy>>,
    pins: Vec<(usize, usize, [f32; 2])>,
    fixed: bool,
    settled: bool,
    paused: bool,
    dirty: bool,
    last_upper: Instant,
    /// When positions were last handed over and how long that took: a million nodes' copy
    /// costs as much as a step, so a big graph publishes less often ([`Worker::due`]).
    last_publish: Instant,
    publish_cost: Duration,
    /// Whether the upper levels were laid out since level 0 settled or the hierarchy changed.
    upper_done: bool,
    shared: &'a Mutex<Shared>,
    ctx: &'a egui::Context,
}

impl<'a> Worker<'a> {
    fn new(
        adjacency: Csr,
        coords: Option<Vec<[f32; 2]>>,
        settings: LayoutSettings,
        shared: &'a Mutex<Shared>,
        ctx: &'a egui::Context,
    ) -> Self {
        let fixed = coords.is_some();
        let layout = Multilevel::new(adjacency.clone(), coords, settings.clone());
        if let Ok(mut s) = shared.lock() {
            s.fixed = fixed;
        }
        Self {
            adjacency,
            layout,
            settings,
            hierarchy: None,
            pins: Vec::new(),
            fixed,
            settled: fixed,
            paused: false,
            dirty: true,
            last_upper: Instant::now() - Duration::from_secs(1),
            last_publish: Instant::now() - Duration::from_secs(1),
            publish_cost: Duration::ZERO,
            upper_done: false,
            shared,
            ctx,
        }
    }

    fn serve(mut self, rx: &Receiver<Request>) {
        loop {
            // Block only when there is nothing to compute.
            let idle = (self.settled || self.paused) && !self.dirty;
            let first = if idle {
                match rx.recv() {
                    Ok(r) => Some(r),
                    Err(_) => return,
                }
            } else {
                None
            };
            let mut requests: Vec<Request> = first.into_iter().collect();
            loop {
                match rx.try_recv() {
                    Ok(r) => requests.push(r),
                    Err(std::sync::mpsc::TryRecvError::Empty) => break,
                    // The window dropped this graph's layouts.
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => return,
                }
            }
            let mut restored = None;
            for r in requests {
                if let Some(levels) = self.take(r) {
                    restored = Some(levels);
                }
            }
            if let Some(levels) = restored {
                self.publish_restored(levels);
                continue;
            }
            if !self.settled && !self.paused {
                self.step_level0();
            }
            if self.dirty && self.due() {
                let started = Instant::now();
                self.publish();
                self.last_publish = Instant::now();
                self.publish_cost = started.elapsed();
            }
        }
    }

    /// Whether to hand positions over now: at once when the layout stopped (its last
    /// positions must arrive), else when the last hand-over is long enough ago that copying
    /// takes at most a fifth of the thread's time (every step on small graphs; about every
    /// 100 ms at a million nodes, where one copy takes 20 ms).
    fn due(&self) -> bool {
        // Each hand-over of a big graph has the window copy the positions, its image worker
        // draw every edge again and the renderer draw a frame: at a million nodes, done every
        // 30 ms, that took the cores from the layout (the graph itself reached after 74 s
        // instead of 20). A quarter second per million nodes is about as often as that
        // image can be drawn anyway.
        let by_size = Duration::from_micros(self.layout.node_count() as u64 / 4);
        self.settled
            || self.paused
            || self.last_publish.elapsed()
                >= (self.publish_cost * 4).max(PUBLISH_EVERY).max(by_size)
    }

    /// Applies one request; saved positions come back to be shown once all are applied.
    fn take(&mut self, r: Request) -> Option<Vec<Vec<[f32; 2]>>> {
        self.dirty = true;
        match r {
            Request::Hierarchy(h) => {
                self.hierarchy = Some(h);
                self.upper_done = false;
            }
            Request::Restore(levels) => {
                if levels
                    .first()
                    .is_some_and(|p| p.len() == self.layout.node_count())
                {
                    self.layout.restore(&levels[0]);
                    return Some(levels);
                }
            }
            Request::Pin { level, node, pos } => {
                if level == 0 && node < self.layout.node_count() {
                    self.layout.pin(node, pos);
                    self.settled = self.fixed;
                } else {
                    self.pins.retain(|p| !(p.0 == level && p.1 == node));
                    self.pins.push((level, node, pos));
                }
            }
            Request::Settings(s) => {
                self.settings = s.clone();
                if !self.fixed {
                    self.layout.set_settings(s);
                    self.settled = false;
                }
            }
            Request::Rerun => {
                if !self.fixed {
                    self.layout =
                        Multilevel::new(self.adjacency.clone(), None, self.settings.clone());
                    self.settled = false;
                    self.upper_done = false;
                }
            }
            Request::Run(run) => self.paused = !run,
        }
        None
    }

    fn step_level0(&mut self) {
        let started = Instant::now();
        let finished = self.layout.step(Some(Duration::from_millis(25)));
        self.settled = finished;
        self.dirty = true;
        // A big level's iterations take the cores for long stretches; leave the window a
        // ninth of the time to draw what has arrived (the thread runs below the UI's priority
        // too, and the window asks for frames only when something changed).
        let spent = started.elapsed();
        if spent > Duration::from_millis(20) {
            std::thread::sleep(spent / 8);
        }
    }

    fn publish_restored(&mut self, levels: Vec<Vec<[f32; 2]>>) {
        self.settled = true;
        self.upper_done = true;
        self.dirty = false;
        if let Ok(mut s) = self.shared.lock() {
            s.positions = levels;
            s.version += 1;
            s.settled = true;
            s.progress = Some(self.layout.progress());
        }
        self.ctx.request_repaint();
    }

    /// Hands the latest positions to the window: every level at most every 150 ms while level
    /// 0 moves, level 0 alone in between.
    fn publish(&mut self) {
        let level0 = self.layout.positions();
        let levels = match &self.hierarchy {
            Some(h)
                if h.levels
                    .first()
                    .is_some_and(|l| l.node_count == level0.len()) =>
            {
                let settled = self.settled || self.paused;
                if self.last_upper.elapsed() > Duration::from_millis(150)
                    || (settled && !self.upper_done)
                {
                    self.last_upper = Instant::now();
                    self.upper_done = settled;
                    Some(upper_levels(
                        h,
                        &level0,
                        &self.pins,
                        UPPER_REFINE,
                        Some(Duration::from_millis(8)),
                    ))
                } else {
                    None
                }
            }
            _ => Some(vec![level0.clone()]),
        };
        if let Ok(mut s) = self.shared.lock() {
            match levels {
                Some(levels) => {
                    s.positions = levels;
                    s.version += 1;
                    self.dirty = !(self.settled || self.paused) || !self.upper_done_for_hierarchy();
                }
                None => {
                    if let Some(first) = s.positions.first_mut() {
                        *first = level0;
                        s.version += 1;
                    }
                }
            }
            s.settled = self.settled;
            s.paused = self.paused;
            s.progress = Some(self.layout.progress());
        }
        self.ctx.request_repaint();
    }

    /// Whether nothing is left to publish for the hierarchy once level 0 stops.
    fn upper_done_for_hierarchy(&self) -> bool {
        self.hierarchy.is_none() || self.upper_done
    }
}
