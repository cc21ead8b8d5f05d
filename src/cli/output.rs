//! Writing results to standard output. A closed pipe (`poolscope samples | head -1`) ends the
//! program quietly, as Unix tools do, rather than as an error (see also `main`, which restores
//! the default SIGPIPE so that no write anywhere can panic on one).

use anyhow::{Context, Result};
use std::io::{ErrorKind, Write};

/// Writes `text` and a newline.
pub fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(e).context("cannot write to standard output"),
    }
}
