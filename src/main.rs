use clap::Parser;
use poolscope::cli::{Action, Cli, run};
use std::process::ExitCode;

fn main() -> ExitCode {
    let result = run(Cli::parse()).and_then(|action| match action {
        Action::Done => Ok(()),
        Action::OpenWindow(options) => poolscope::app::run(*options),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
