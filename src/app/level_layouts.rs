//! Layouts of every level on one worker thread. Level 0 runs ForceAtlas2 until it settles (or
//! keeps the file's coordinates); each level above starts at the size-weighted centroids of its
//! members below and is refined briefly, and is refreshed as level 0 moves, so the levels look
//! alike. The UI reads the latest positions each frame and never waits.

use crate::graph::Graph;
use crate::hierarchy::Hierarchy;
use crate::layout::{ForceAtlas2, UPPER_REFINE, upper_levels};
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
}

#[derive(Default)]
struct Shared {
    positions: Vec<Vec<[f32; 2]>>,
    settled: bool,
    iterations: usize,
}

pub struct LevelLayouts {
    shared: Arc<Mutex<Shared>>,
    tx: Sender<Request>,
}

/// Iterations after which level 0 counts as settled anyway.
const MAX_ITERATIONS: usize = 3000;

impl LevelLayouts {
    pub fn start(graph: &Graph, ctx: &egui::Context) -> Self {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let (tx, rx) = channel();
        let adjacency = graph.symmetric().into_owned();
        let coords = crate::layout::file_positions(graph);
        let (shared2, ctx) = (shared.clone(), ctx.clone());
        std::thread::Builder::new()
            .name("layouts".into())
            .spawn(move || worker(adjacency, coords, &rx, &shared2, &ctx))
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

    /// Positions per level (empty until the first publish).
    pub fn positions(&self) -> Vec<Vec<[f32; 2]>> {
        self.shared
            .lock()
            .map(|s| s.positions.clone())
            .unwrap_or_default()
    }

    pub fn state(&self) -> (bool, usize) {
        self.shared
            .lock()
            .map(|s| (s.settled, s.iterations))
            .unwrap_or((false, 0))
    }
}

fn worker(
    adjacency: crate::graph::Csr,
    coords: Option<Vec<[f32; 2]>>,
    rx: &Receiver<Request>,
    shared: &Mutex<Shared>,
    ctx: &egui::Context,
) {
    let fixed = coords.is_some();
    let mut fa = ForceAtlas2::new(adjacency, coords, 0);
    let mut hierarchy: Option<Arc<Hierarchy>> = None;
    let mut pins: Vec<(usize, usize, [f32; 2])> = Vec::new();
    let mut settled = fixed;
    let mut dirty = true;
    let mut last_upper = Instant::now() - Duration::from_secs(1);
    // Whether the upper levels were laid out since level 0 settled or the hierarchy changed.
    let mut upper_done = false;
    loop {
        // Block only when there is nothing to compute.
        let first = if settled && !dirty {
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
            match r {
                Request::Hierarchy(h) => {
                    hierarchy = Some(h);
                    upper_done = false;
                    restored = None;
                }
                Request::Restore(levels) => {
                    if levels.first().is_some_and(|p| p.len() == fa.node_count()) {
                        fa.positions.clone_from(&levels[0]);
                        restored = Some(levels);
                    }
                }
                Request::Pin { level, node, pos } => {
                    if level == 0 && node < fa.node_count() {
                        fa.positions[node] = pos;
                        fa.pinned[node] = true;
                        settled = fixed;
                    } else {
                        pins.retain(|p| !(p.0 == level && p.1 == node));
                        pins.push((level, node, pos));
                    }
                }
            }
            dirty = true;
        }
        if let Some(levels) = restored {
            settled = true;
            upper_done = true;
            dirty = false;
            if let Ok(mut s) = shared.lock() {
                s.positions = levels;
                s.settled = true;
                s.iterations = fa.iterations();
            }
            ctx.request_repaint();
            continue;
        }
        if !settled {
            let started = Instant::now();
            let report = fa.run(MAX_ITERATIONS, Some(Duration::from_millis(25)));
            settled = report.settled || fa.iterations() >= MAX_ITERATIONS;
            dirty = true;
            // A big level's iterations take the cores for long stretches; leave the window a
            // third of the time to draw what has arrived.
            let spent = started.elapsed();
            if spent > Duration::from_millis(20) {
                std::thread::sleep(spent / 2);
            }
        }
        if dirty {
            let levels = match &hierarchy {
                Some(h)
                    if h.levels
                        .first()
                        .is_some_and(|l| l.node_count == fa.node_count()) =>
                {
                    // Refresh the upper levels at most every 150 ms while level 0 moves.
                    if last_upper.elapsed() > Duration::from_millis(150) || (settled && !upper_done)
                    {
                        last_upper = Instant::now();
                        upper_done = settled;
                        Some(upper_levels(
                            h,
                            &fa.positions,
                            &pins,
                            UPPER_REFINE,
                            Some(Duration::from_millis(8)),
                        ))
                    } else {
                        None
                    }
                }
                _ => Some(vec![fa.positions.clone()]),
            };
            if let Some(levels) = levels {
                if let Ok(mut s) = shared.lock() {
                    s.positions = levels;
                    s.settled = settled;
                    s.iterations = fa.iterations();
                }
                dirty = !settled;
                ctx.request_repaint();
            } else if let Ok(mut s) = shared.lock() {
                if let Some(first) = s.positions.first_mut() {
                    first.clone_from(&fa.positions);
                }
                ctx.request_repaint();
            }
        }
    }
}
