//! `samples`: the bundled graphs and the generator specs.

use crate::{generate, samples};

pub fn run() {
    println!("Bundled samples:");
    for s in samples::SAMPLES {
        let truth = if s.ground_truth.is_empty() {
            String::new()
        } else {
            format!(" [ground truth: {}]", s.ground_truth.join(", "))
        };
        println!("  {:<16} {}{truth}", s.name, s.description);
    }
    println!("\nGenerator specs (usable wherever a graph is expected):");
    for (_, example) in generate::GENERATORS {
        println!("  {example}");
    }
}
