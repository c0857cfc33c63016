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
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("turnout: {e:#}");
            ExitCode::from(2)
        }
    }
}
