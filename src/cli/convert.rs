//! `convert`: one graph file into another format, chosen by the output's extension.

use super::args::{GRAPH_HELP, GraphPick};
use crate::io::{self, Loaded};
use anyhow::{Result, bail};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct ConvertArgs {
    #[arg(help = GRAPH_HELP)]
    pub input: String,
    #[command(flatten)]
    pub pick: GraphPick,
    /// Output file.
    pub output: PathBuf,
    /// Node table CSV to join to an edge-list input.
    #[arg(long)]
    pub nodes: Option<PathBuf>,
}

pub fn run(args: &ConvertArgs) -> Result<()> {
    let mut inputs = vec![std::path::Path::new(&args.input)];
    inputs.extend(args.nodes.as_deref());
    crate::io::not_an_input(&args.output, &inputs).map_err(anyhow::Error::msg)?;
    let loaded = args.pick.load(&args.input, args.nodes.as_deref())?;
    let Loaded::Graph(g) = loaded else {
        bail!(
            "{}: a data set of many graphs cannot be written as one graph file",
            args.input
        );
    };
    // An edge list's node table goes beside it under a name the command line never gave:
    // replacing one that was there is said, not done silently.
    let existed: Vec<PathBuf> = {
        let stem = args
            .output
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("graph");
        let companion = args.output.with_file_name(format!("{stem}_nodes.csv"));
        [companion].into_iter().filter(|p| p.exists()).collect()
    };
    let written = io::write_path(&g, &args.output)?;
    for p in written {
        if existed.contains(&p) && p != args.output {
            eprintln!(
                "wrote {} (replacing the file of that name: the node table of {})",
                p.display(),
                args.output.display()
            );
        } else {
            eprintln!("wrote {}", p.display());
        }
    }
    Ok(())
}
