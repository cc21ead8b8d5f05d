//! `samples`: the bundled graphs and the generator specs.

use crate::{generate, samples};

pub fn run() -> anyhow::Result<()> {
    let mut text = String::from("Bundled samples:\n");
    for s in samples::SAMPLES {
        let truth = if s.ground_truth.is_empty() {
            String::new()
        } else {
            format!(" [ground truth: {}]", s.ground_truth.join(", "))
        };
        text.push_str(&format!("  {:<16} {}{truth}\n", s.name, s.description));
    }
    text.push_str("\nGenerator specs (usable wherever a graph is expected):\n");
    for (_, example) in generate::GENERATORS {
        text.push_str(&format!("  {example}\n"));
    }
    super::output::emit(text.trim_end())
}
