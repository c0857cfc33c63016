//! The `turnout` binary: parse arguments, load every source before touching the terminal, run.
#![forbid(unsafe_code)]

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;
use turnout::cli::{Args, Command, OutputFormat};
use turnout::{data, report};

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(code) => code,
        // A closed pipe (`turnout summary | head`) is the reader's choice, not a failure.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("turnout: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> anyhow::Result<ExitCode> {
    let env = std::env::var("TURNOUT_DATA").ok();
    let mut out = std::io::stdout().lock();
    match &args.command {
        Some(Command::Check { paths }) if !paths.is_empty() => {
            let sources = data::Sources {
                embedded: false,
                paths: paths
                    .iter()
                    .map(|p| (p.clone(), "argument".into()))
                    .collect(),
            };
            let ds = data::load(&sources);
            report::write_check(&ds, &mut out)?;
            Ok(ExitCode::from(report::check_status(&ds) as u8))
        }
        Some(Command::Check { .. }) => {
            let ds = data::load(&args.sources(env.as_deref()));
            report::write_check(&ds, &mut out)?;
            Ok(ExitCode::from(report::check_status(&ds) as u8))
        }
        Some(Command::Summary(s)) => {
            let ds = data::load(&args.sources(env.as_deref()));
            warn_problems(&ds);
            match report::summary_table(
                &ds,
                s.year,
                s.election.into(),
                s.party.into(),
                s.measure.map(Into::into),
            ) {
                Ok(t) => report::write_summary(&ds, &t, s.format, &mut out)?,
                Err(msg) => {
                    eprintln!("turnout: {msg}");
                    return Ok(ExitCode::from(1));
                }
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let ds = data::load(&args.sources(env.as_deref()));
            warn_problems(&ds);
            let Some(e) = report::latest_off_year_primary(&ds) else {
                eprintln!("turnout: no off-year primary in the loaded data");
                return Ok(ExitCode::from(1));
            };
            let t = report::summary_table(
                &ds,
                ds.elections()[e].year(),
                data::Kind::Primary,
                data::PartyGroup::All,
                None,
            );
            report::write_summary(
                &ds,
                &t.map_err(anyhow::Error::msg)?,
                OutputFormat::Table,
                &mut out,
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints a one-line notice of load problems to stderr (details: `turnout check`).
fn warn_problems(ds: &data::Dataset) {
    let errors = ds.errors().count();
    let warnings = ds.problems.len() - errors;
    if !ds.problems.is_empty() {
        eprintln!(
            "turnout: {errors} rows or files left out, {warnings} warnings while loading; run `turnout check` for file:line:col"
        );
    }
}
