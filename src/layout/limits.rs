//! Bounds on a layout run without a window, as training has them: its memory estimated before
//! the coarsening is built, and its time projected from the first iterations on the graph
//! itself, so `layout` or `render` on a graph too big for the machine or the time stops early
//! with the figure and a way out instead of running for hours (2M nodes: over 300 s, silent).

use super::{LayoutProgress, Multilevel};
use crate::train::time_limit::{ANNOUNCE_SECONDS, words};
use std::time::{Duration, Instant};

/// Bytes a layout needs at its peak, the graph's own table included: the coarsening's levels,
/// the quadtree and forces per node, an arc list per level per edge. Fitted on this machine
/// to `/usr/bin/time` peaks of `poolscope layout` on planted partitions of 200k-1M nodes and
/// 5-22 edges per node (211 MB for 200k / 1M edges, 629 MB for 200k / 4.4M, 289 MB for
/// 400k / 1M, 1.28 GB for 1M / 4.5M), rounded up so none is under-estimated.
pub fn layout_bytes(nodes: usize, edges: usize) -> f64 {
    20e6 + 600.0 * nodes as f64 + 150.0 * edges as f64
}

/// Refuses a layout that would need more than the training budget's share of `machine` bytes.
pub fn check_memory(nodes: usize, edges: usize, machine: Option<f64>) -> Result<(), String> {
    let Some(machine) = machine else {
        return Ok(());
    };
    let need = layout_bytes(nodes, edges);
    let share = crate::train::budget::SHARE;
    if need <= share * machine {
        return Ok(());
    }
    Err(format!(
        "laying out {nodes} nodes and {edges} edges would need about {:.1} GB of memory, over \
         {:.0}% of this machine's {:.1} GB: lay out a part of the graph (its giant component, \
         or a sample written with `poolscope convert`), or give positions in the file (x, y \
         columns), which are drawn as they are",
        need / 1e9,
        100.0 * share,
        machine / 1e9
    ))
}

/// Iterations on the graph itself timed before the rest is projected.
pub const MEASURED_ITERATIONS: usize = 3;

/// What the clock has to say about a layout under way.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Over a minute in all: the words say how long it may take.
    Long(String),
    /// Over the time limit: stop, with these words.
    OverLimit(String),
}

/// Times the first iterations on the graph itself (the last level, and the longest: on a
/// million nodes 18 s of coarsening and coarse levels, then up to 100 iterations of 0.3 s)
/// and speaks once: when the whole would take over the limit, or over a minute.
pub struct Clock {
    /// When level 0 was first seen, and its iterations then.
    start: Option<(Instant, usize)>,
    said: bool,
    limit: Option<Duration>,
    /// The flag that caps the iterations on the graph itself (`--iterations` for `layout`,
    /// `--layout-iterations` for `render`).
    iterations_flag: &'static str,
}

impl Clock {
    pub fn new(limit: Option<Duration>, iterations_flag: &'static str) -> Self {
        Clock {
            start: None,
            said: false,
            limit,
            iterations_flag,
        }
    }

    /// `elapsed`: seconds since the command began; `edges`: the graph's, for the words.
    pub fn observe(&mut self, p: &LayoutProgress, elapsed: f64, edges: usize) -> Option<Verdict> {
        if p.level != 0 || self.said {
            return None;
        }
        let (t0, i0) = *self
            .start
            .get_or_insert((Instant::now(), p.level0_iterations));
        let measured = p.level0_iterations.saturating_sub(i0);
        if measured < MEASURED_ITERATIONS {
            return None;
        }
        self.said = true;
        let each = t0.elapsed().as_secs_f64() / measured as f64;
        self.verdict(p, each, elapsed, edges)
    }

    /// The verdict for a layout whose iterations on the graph itself take `each` seconds,
    /// `elapsed` seconds in.
    fn verdict(
        &self,
        p: &LayoutProgress,
        each: f64,
        elapsed: f64,
        edges: usize,
    ) -> Option<Verdict> {
        let left_iterations = p.level_cap.saturating_sub(p.level_iterations);
        let left = each * left_iterations as f64;
        let total = elapsed + left;
        let what = format!("laying out {} nodes and {edges} edges", p.level_nodes);
        let figures = format!(
            "{} s so far; up to {left_iterations} iterations of {each:.2} s on the graph \
             itself, fewer if it settles",
            elapsed.round()
        );
        if let Some(limit) = self.limit.map(|l| l.as_secs_f64())
            && total > limit
        {
            let minutes = (total / 60.0 * 1.2).ceil().max(1.0);
            // Whole iterations that fit in what is left of the limit.
            let fit = ((limit - elapsed) / each.max(1e-9)).floor();
            let cap = if fit >= 1.0 {
                format!(
                    ", or cap the iterations on the graph itself with {} {}",
                    self.iterations_flag,
                    p.level_iterations + fit as usize
                )
            } else {
                format!(
                    " (the coarsening and the coarse levels alone took {})",
                    words(elapsed)
                )
            };
            return Some(Verdict::OverLimit(format!(
                "{what} would take up to about {} ({figures}), over the limit of {}: stopped. \
                 Allow it with --time-limit {minutes:.0} (minutes; 0 for no limit){cap}",
                words(total),
                words(limit),
            )));
        }
        (total >= ANNOUNCE_SECONDS).then(|| {
            Verdict::Long(format!(
                "{what}: at most about {} more ({figures}). {} caps them",
                words(left),
                self.iterations_flag
            ))
        })
    }
}

/// Runs `layout` to its end in steps of 200 ms, telling `each_step` where it is and `say` a
/// long run's figures; stops with the clock's words when it is projected over its limit.
/// `start`: when the command began (its reading and coarsening count against the limit).
pub fn run_within(
    layout: &mut Multilevel,
    clock: &mut Clock,
    start: Instant,
    edges: usize,
    mut each_step: impl FnMut(&LayoutProgress),
    mut say: impl FnMut(&str),
) -> Result<LayoutProgress, String> {
    loop {
        let done = layout.step(Some(Duration::from_millis(200)));
        let p = layout.progress();
        each_step(&p);
        if done {
            return Ok(p);
        }
        match clock.observe(&p, start.elapsed().as_secs_f64(), edges) {
            Some(Verdict::Long(words)) => say(&words),
            Some(Verdict::OverLimit(words)) => return Err(words),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_level0(done: usize, cap: usize) -> LayoutProgress {
        LayoutProgress {
            level: 0,
            levels: 16,
            level_nodes: 1_000_000,
            level_iterations: done,
            level_cap: cap,
            ..Default::default()
        }
    }

    fn words_of(v: Option<Verdict>) -> String {
        match v {
            Some(Verdict::Long(w)) => format!("long: {w}"),
            Some(Verdict::OverLimit(w)) => format!("over: {w}"),
            None => String::new(),
        }
    }

    #[test]
    fn a_long_rest_is_announced_with_its_figures_and_a_short_one_is_not() {
        let clock = Clock::new(None, "--iterations");
        let words = words_of(clock.verdict(&on_level0(4, 1004), 0.1, 12.4, 4_500_000));
        assert!(
            words.starts_with(
                "long: laying out 1000000 nodes and 4500000 edges: at most about 2 min more (12 \
                 s so far; up to 1000 iterations of 0.10 s"
            ),
            "{words}"
        );
        assert!(words.ends_with("--iterations caps them"), "{words}");
        assert_eq!(clock.verdict(&on_level0(4, 100), 0.1, 12.4, 1), None);
        assert_eq!(clock.verdict(&on_level0(700, 600), 1.0, 1.0, 1), None);
        // 50 s in, 10 s left: a minute in all.
        let words = words_of(clock.verdict(&on_level0(4, 104), 0.1, 50.0, 1));
        assert!(
            words.contains("at most about 10 s more (50 s so far"),
            "{words}"
        );
    }

    #[test]
    fn a_layout_projected_over_the_limit_stops_with_the_figure_and_the_ways_out() {
        let limit = Some(Duration::from_secs(60));
        let clock = Clock::new(limit, "--layout-iterations");
        // 20 s in, 1000 iterations of 0.1 s left: 120 s in all, twice the limit.
        let words = words_of(clock.verdict(&on_level0(3, 1003), 0.1, 20.0, 7));
        assert!(
            words.starts_with(
                "over: laying out 1000000 nodes and 7 edges would take up to about 2 min (20 s \
                 so far; up to 1000 iterations of 0.10 s"
            ),
            "{words}"
        );
        assert!(words.contains("over the limit of 60 s: stopped"), "{words}");
        // 120 s × 1.2 = 2.4 min, rounded up.
        assert!(words.contains("--time-limit 3 (minutes"), "{words}");
        // 40 s of the limit left hold 400 iterations more than the 3 done.
        assert!(words.ends_with("--layout-iterations 403"), "{words}");
        // The limit spent before the graph itself: no cap on its iterations helps.
        let words = words_of(clock.verdict(&on_level0(3, 1003), 0.1, 65.0, 7));
        assert!(
            words.ends_with(
                "--time-limit 4 (minutes; 0 for no limit) (the coarsening and the coarse levels \
                 alone took 65 s)"
            ),
            "{words}"
        );
        // At the limit, a minute in all: announced, not stopped.
        let words = words_of(clock.verdict(&on_level0(3, 403), 0.1, 20.0, 7));
        assert!(words.starts_with("long: "), "{words}");
        // No limit: never stopped.
        let unlimited = Clock::new(None, "--iterations");
        let words = words_of(unlimited.verdict(&on_level0(3, 1_000_003), 1.0, 20.0, 7));
        assert!(words.starts_with("long: "), "{words}");
    }

    #[test]
    fn the_clock_waits_for_level_0_and_speaks_once() {
        let mut clock = Clock::new(None, "--iterations");
        let mut p = on_level0(0, 10_000_000);
        p.level = 2;
        assert_eq!(clock.observe(&p, 1.0, 1), None, "a coarse level");
        p.level = 0;
        assert_eq!(clock.observe(&p, 1.0, 1), None, "the start");
        std::thread::sleep(Duration::from_millis(5));
        p.level0_iterations = MEASURED_ITERATIONS;
        p.level_iterations = MEASURED_ITERATIONS;
        assert!(
            clock.observe(&p, 1.0, 1).is_some(),
            "10 million iterations left"
        );
        assert_eq!(clock.observe(&p, 1.0, 1), None, "once");
    }

    #[test]
    fn memory_is_estimated_from_the_graph_s_size_and_refused_over_the_share() {
        // The 1M-node / 4.5M-edge planted partition peaked at 1.28 GB.
        let big = layout_bytes(1_000_000, 4_500_000);
        assert!((1.28e9..1.5e9).contains(&big), "{big}");
        assert_eq!(check_memory(1_000_000, 4_500_000, Some(24e9)), Ok(()));
        assert_eq!(check_memory(1_000_000, 4_500_000, None), Ok(()));
        let e = check_memory(1_000_000, 4_500_000, Some(1e9)).expect_err("1 GB machine");
        assert!(
            e.starts_with(
                "laying out 1000000 nodes and 4500000 edges would need about 1.3 GB of memory, \
                 over 75% of this machine's 1.0 GB"
            ),
            "{e}"
        );
        // Estimated, not allocated: a billion nodes costs nothing to ask about.
        assert!(check_memory(1_000_000_000, 5_000_000_000, Some(24e9)).is_err());
    }
}
