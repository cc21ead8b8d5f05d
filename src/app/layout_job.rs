//! ForceAtlas2 on a worker thread: the UI reads the latest positions each frame and never
//! waits for a step.

use crate::graph::Graph;
use crate::layout::ForceAtlas2;
use eframe::egui;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Whether the layout is still moving.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayoutState {
    Settling,
    Settled,
}

#[derive(Default)]
struct Shared {
    positions: Vec<[f32; 2]>,
    swing: f32,
    iterations: usize,
    settled: bool,
}

/// A running (or finished) layout of one graph.
pub struct LayoutJob {
    shared: Arc<Mutex<Shared>>,
    cancel: Arc<AtomicBool>,
}

/// Iterations after which a layout counts as settled even if it still moves a little.
const MAX_ITERATIONS: usize = 3000;

impl LayoutJob {
    /// Starts laying out `graph`; graphs with coordinates start (and stay) at them.
    pub fn start(graph: &Graph, ctx: &egui::Context) -> Self {
        let cancel = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Mutex::new(Shared::default()));
        if let Some(coords) = &graph.nodes.coords {
            // Geographic or drawn coordinates: show them as they are (y up).
            if let Ok(mut s) = shared.lock() {
                s.positions = coords.iter().map(|c| [c[0], -c[1]]).collect();
                s.settled = true;
            }
            return Self { shared, cancel };
        }
        let adjacency = graph.symmetric().into_owned();
        let (shared2, cancel2, ctx) = (shared.clone(), cancel.clone(), ctx.clone());
        std::thread::spawn(move || {
            let mut fa = ForceAtlas2::new(adjacency, None, 0);
            loop {
                if cancel2.load(Ordering::Relaxed) {
                    return;
                }
                let report = fa.run(MAX_ITERATIONS, Some(Duration::from_millis(30)));
                let settled = report.settled || fa.iterations() >= MAX_ITERATIONS;
                if let Ok(mut s) = shared2.lock() {
                    s.positions.clone_from(&fa.positions);
                    s.swing = report.swing;
                    s.iterations = fa.iterations();
                    s.settled = settled;
                }
                ctx.request_repaint();
                if settled {
                    return;
                }
            }
        });
        Self { shared, cancel }
    }

    /// The latest positions (empty until the first step is published).
    pub fn positions(&self) -> Vec<[f32; 2]> {
        self.shared
            .lock()
            .map(|s| s.positions.clone())
            .unwrap_or_default()
    }

    pub fn state(&self) -> (LayoutState, usize, f32) {
        self.shared
            .lock()
            .map(|s| {
                (
                    if s.settled {
                        LayoutState::Settled
                    } else {
                        LayoutState::Settling
                    },
                    s.iterations,
                    s.swing,
                )
            })
            .unwrap_or((LayoutState::Settling, 0, 0.0))
    }
}

impl Drop for LayoutJob {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}
