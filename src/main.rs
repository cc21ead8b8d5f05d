use clap::Parser;
use poolscope::cli::{Action, Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    poolscope::allocator::keep_freed_memory();
    if let Some(note) = poolscope::threads::bound_global_pool() {
        eprintln!("warning: {note}");
    }
    // Output into a closed pipe (`poolscope samples | head -1`) ends the process quietly, as
    // for any Unix tool, instead of panicking inside a print.
    #[cfg(unix)]
    // SAFETY: restoring a signal's default disposition before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let result = run(Cli::parse()).and_then(carry_out);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the window when the command line asked for it (a build with the window only).
fn carry_out(action: Action) -> anyhow::Result<()> {
    match action {
        Action::Done => Ok(()),
        #[cfg(feature = "gui")]
        Action::OpenWindow(options) => poolscope::app::run(*options),
    }
}
