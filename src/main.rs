//! The `turnout` binary: parse arguments, load every source before anything else, report.
#![forbid(unsafe_code)]

use std::io::ErrorKind;
use std::process::ExitCode;
use turnout::cli::Args;

fn main() -> ExitCode {
    let args = Args::parse_ordered(std::env::args_os()).unwrap_or_else(|e| e.exit());
    let env = |k: &str| std::env::var(k).ok();
    match turnout::commands::run(&args, &env, &mut std::io::stdout().lock()) {
        Ok(code) => code,
        // A closed pipe (`turnout summary | head`) is the reader's choice, not a failure.
        Err(e) if e.chain().any(is_broken_pipe) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("turnout: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Whether an error is a closed pipe, also when the csv writer wrapped it (in a csv error,
/// itself inside an `io::Error`).
fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        if io.kind() == ErrorKind::BrokenPipe {
            return true;
        }
        if let Some(inner) = io.get_ref() {
            return is_broken_pipe(inner);
        }
    }
    if let Some(csv::ErrorKind::Io(io)) = e.downcast_ref::<csv::Error>().map(|c| c.kind()) {
        return io.kind() == ErrorKind::BrokenPipe;
    }
    false
}
