//! Memory estimated before training, so a run that cannot fit is refused up front with the
//! figure and a way out, instead of growing until the system kills the process (training on
//! a 2M-node graph with the defaults ended in a 16 GB allocation failure).
//!
//! The estimate adds the network's own matrices (about a dozen `n x hidden` on the tape), the
//! graph's operators and what the pooling holds at its peak ([`Pooler::peak_floats`], from the
//! peaks `benches/training_memory.rs` measures; the bench prints this estimate beside them).

use super::TrainConfig;
use crate::pool::Pooler;

/// Share of the machine's memory a run may take: the rest is the window, the system and
/// whatever else runs.
pub const SHARE: f64 = 0.75;

/// Bytes a training run needs at its peak, about: `n` nodes, `arcs` stored adjacency entries,
/// `k` clusters (or kept nodes) asked for at level 1.
pub fn training_bytes(pooler: &dyn Pooler, hidden: usize, n: usize, arcs: usize, k: usize) -> f64 {
    let network = 12.0 * n as f64 * hidden as f64;
    // Each operator (the adjacency, its normalised copies, the pooled product's inputs) stores
    // a column and a weight per arc: 20 floats an arc in all, measured on a planted partition
    // of mean degree 70 (`POOLSCOPE_MEM_GRAPH` in the bench), where the arcs dominate; 6 were
    // fitted on degree 12 and fell 8-17 MB short there.
    let operators = 20.0 * arcs as f64;
    4.0 * (network + operators + pooler.peak_floats(n, arcs, k))
}

/// The machine's memory in bytes (Linux's `/proc/meminfo`); `None` where it cannot be read,
/// and then nothing is refused.
pub fn machine_bytes() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024.0)
}

fn gb(bytes: f64) -> String {
    if bytes >= 10e9 {
        format!("{:.0} GB", bytes / 1e9)
    } else {
        format!("{:.1} GB", bytes / 1e9)
    }
}

/// Refuses a run that would need more than [`SHARE`] of `machine` bytes, saying how much it
/// would need and what to change.
pub fn check(
    cfg: &TrainConfig,
    n: usize,
    arcs: usize,
    ks: &[usize],
    machine: Option<f64>,
) -> Result<(), String> {
    let Some(machine) = machine else {
        return Ok(());
    };
    let k = ks.first().copied().unwrap_or(1);
    let need = training_bytes(cfg.method.pooler(), cfg.hidden, n, arcs, k);
    if need <= SHARE * machine {
        return Ok(());
    }
    Err(format!(
        "training {} with K = {k} on {n} nodes would need about {} of memory at its peak; \
         this machine has {} and a run may take {:.0}% of it. Ask for fewer clusters \
         (--clusters), a smaller hidden size (--hidden), train on a part of the graph, or use a \
         method that learns nothing (graclus, louvain)",
        cfg.method,
        gb(need),
        gb(machine),
        SHARE * 100.0
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pool::Method;

    const MACHINE: Option<f64> = Some(24e9);

    fn cfg(method: Method) -> TrainConfig {
        TrainConfig {
            method,
            ..TrainConfig::default()
        }
    }

    #[test]
    fn a_run_that_cannot_fit_is_refused_with_its_figure_and_a_way_out() {
        // Two million nodes, five arcs each way per node, K = 1,000: the tape alone would be
        // 2M x 1,000 floats a dozen times over. Nothing is allocated to find out.
        let e = check(
            &cfg(Method::DMoN),
            2_000_000,
            20_000_000,
            &[1000, 4],
            MACHINE,
        )
        .unwrap_err();
        assert!(
            e.contains("on 2000000 nodes would need about 1") && e.contains("GB"),
            "{e}"
        );
        assert!(
            e.contains("this machine has 24 GB") && e.contains("--clusters"),
            "{e}"
        );
        // The same graph with few clusters fits.
        assert!(check(&cfg(Method::DMoN), 2_000_000, 20_000_000, &[16, 4], MACHINE).is_ok());
        // A machine whose memory is unknown refuses nothing.
        assert!(check(&cfg(Method::DMoN), 2_000_000, 20_000_000, &[1000, 4], None).is_ok());
    }

    #[test]
    fn methods_that_grow_faster_than_the_nodes_are_refused_sooner() {
        // LaPool compares every node with every other: 200,000 nodes is 22 billion floats.
        let lapool = check(&cfg(Method::LaPool), 200_000, 2_000_000, &[16, 4], MACHINE);
        assert!(lapool.is_err_and(|e| e.contains("lapool")));
        assert!(check(&cfg(Method::DMoN), 200_000, 2_000_000, &[16, 4], MACHINE).is_ok());
        // Karate fits anything.
        for entry in crate::pool::REGISTRY {
            assert!(check(&cfg(entry.method), 34, 156, &[4, 2], MACHINE).is_ok());
        }
    }

    #[test]
    fn the_estimate_covers_the_peaks_measured_on_three_graph_families() {
        // `cargo bench --bench training_memory` at 5,000 nodes, K = 16 then 4, on a planted
        // partition of mean degree 12 (60,260 arcs), LFR with power-law degrees (92,848) and a
        // planted partition of mean degree 70 (350,530): peak MB per method.
        let measured = [
            (Method::DMoN, [10.5, 12.1, 28.3]),
            (Method::MinCut, [11.4, 13.0, 28.3]),
            (Method::AsymCheegerCut, [52.2, 75.2, 257.7]),
            (Method::Hosc, [13.1, 14.6, 28.3]),
            (Method::BnPool, [17.5, 19.1, 31.4]),
            (Method::TopK, [8.6, 10.2, 28.3]),
            (Method::Graclus, [9.6, 12.4, 34.0]),
            (Method::MaxCut, [9.5, 12.1, 33.6]),
        ];
        for (method, peaks) in measured {
            for (arcs, peak) in [60_260, 92_848, 350_530].into_iter().zip(peaks) {
                let estimate = training_bytes(method.pooler(), 32, 5_000, arcs, 16) / 1e6;
                assert!(
                    estimate >= peak && estimate < 3.0 * peak,
                    "{method:?} with {arcs} arcs: {estimate:.1} MB estimated, {peak} measured"
                );
            }
        }
    }

    #[test]
    fn the_estimate_grows_with_nodes_clusters_and_hidden_size() {
        let p = Method::DMoN.pooler();
        let base = training_bytes(p, 32, 10_000, 100_000, 16);
        assert!(training_bytes(p, 32, 20_000, 200_000, 16) > 1.9 * base);
        assert!(training_bytes(p, 32, 10_000, 100_000, 160) > 2.0 * base);
        assert!(training_bytes(p, 64, 10_000, 100_000, 16) > 1.3 * base);
    }
}
