//! Peak heap of three training epochs for every method on a planted SBM (16 blocks, K = 16
//! then 4), beside `nodes x max(hidden, K) x 4` bytes, the size of one of the tape's matrices:
//! the figures an estimate before training (refusing what cannot fit) has to be built on.
//! `cargo bench --bench training_memory` (nodes: `POOLSCOPE_MEM_NODES`, default 5,000; the
//! clusters per level: `POOLSCOPE_MEM_KS`, default `16,4`; `POOLSCOPE_MEM_METHODS`, names
//! separated by commas, to measure only some; `POOLSCOPE_MEM_GRAPH`, a generator spec, another
//! graph family than the planted partition, e.g. a dense one or LFR's power-law degrees).

use poolscope::generate::generate;
use poolscope::pool::REGISTRY;
use poolscope::train::{Session, Sizes, TrainConfig};
use std::sync::Arc;
use std::sync::atomic::Ordering;

mod support;
use support::counting::{LIVE, PEAK};

fn main() {
    let n: usize = std::env::var("POOLSCOPE_MEM_NODES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let only: Vec<String> = std::env::var("POOLSCOPE_MEM_METHODS")
        .map(|s| s.split(',').map(String::from).collect())
        .unwrap_or_default();
    let ks: Vec<usize> = std::env::var("POOLSCOPE_MEM_KS")
        .ok()
        .and_then(|v| v.split(',').map(|k| k.parse().ok()).collect())
        .unwrap_or_else(|| vec![16, 4]);
    let spec = std::env::var("POOLSCOPE_MEM_GRAPH")
        .unwrap_or_else(|_| format!("sbm:n={n},k=16,din=10,dout=2,seed=0"));
    let g = Arc::new(generate(&spec).expect("spec"));
    let n = g.node_count();
    let one_matrix = (n * 32 * 4) as f64;
    println!("{spec}: {n} nodes, {} edges", g.edge_count());
    println!("method, nodes, peak MB, peak / one nodes x 32 matrix, estimate MB");
    let arcs = 2 * g.edge_count();
    for entry in REGISTRY
        .iter()
        .filter(|e| only.is_empty() || only.iter().any(|o| o == e.name))
    {
        let cfg = TrainConfig {
            method: entry.method,
            clusters: Sizes::Counts(ks.clone()),
            epochs: 3,
            restarts: false,
            ..TrainConfig::default()
        };
        let before = LIVE.load(Ordering::Relaxed);
        PEAK.store(before, Ordering::Relaxed);
        let trained = Session::new(g.clone(), cfg).and_then(|mut s| {
            while !s.is_done() {
                s.step()?;
            }
            Ok(s.hierarchy())
        });
        let peak = (PEAK.load(Ordering::Relaxed) - before) as f64;
        let estimate =
            poolscope::train::budget::training_bytes(entry.method.pooler(), 32, n, arcs, ks[0]);
        match trained {
            Ok(_) => println!(
                "{}, {n}, {:.1}, {:.1}, {:.1}",
                entry.name,
                peak / 1e6,
                peak / one_matrix,
                estimate / 1e6
            ),
            Err(e) => println!("{}, {n}, -, - ({e})", entry.name),
        }
    }
}
