//! What each subcommand does: load the data its search path names, then print a report.
//! Printing only; no terminal UI.

use crate::cli::{Args, Command, OutputFormat};
use crate::data::{self, Dataset, Kind, PartyGroup, Sources};
use crate::report;
use std::io::Write;
use std::process::ExitCode;

/// Runs the command the arguments name; `turnout_data` is the value of `$TURNOUT_DATA`.
///
/// # Errors
/// Failing to write to `out` (a closed pipe included).
pub fn run(
    args: &Args,
    turnout_data: Option<&str>,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match &args.command {
        Some(Command::Check { paths }) => {
            // Paths given: check exactly those; none: the whole search path.
            let sources = if paths.is_empty() {
                args.sources(turnout_data)
            } else {
                let paths = paths
                    .iter()
                    .map(|p| (p.clone(), "argument".to_string()))
                    .collect();
                Sources {
                    embedded: false,
                    paths,
                }
            };
            let ds = data::load(&sources);
            report::write_check(&ds, out)?;
            Ok(ExitCode::from(report::check_status(&ds) as u8))
        }
        Some(Command::Summary(s)) => {
            let ds = load_for_report(args, turnout_data);
            let table = report::summary_table(
                &ds,
                s.year,
                s.election.into(),
                s.party.into(),
                s.measure.map(Into::into),
            );
            print_table(&ds, table, s.format, out)
        }
        None => {
            let ds = load_for_report(args, turnout_data);
            let table = match report::latest_off_year_primary(&ds) {
                Some(e) => report::summary_table(
                    &ds,
                    ds.elections()[e].year(),
                    Kind::Primary,
                    PartyGroup::All,
                    None,
                ),
                None => Err("no off-year primary in the loaded data".to_string()),
            };
            print_table(&ds, table, OutputFormat::Table, out)
        }
    }
}

fn print_table(
    ds: &Dataset,
    table: Result<data::aggregate::WardTable, String>,
    format: OutputFormat,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match table {
        Ok(t) => {
            report::write_summary(ds, &t, format, out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(msg) => {
            eprintln!("turnout: {msg}");
            Ok(ExitCode::from(1))
        }
    }
}

/// Loads the search path, with a one-line notice of problems on stderr (details: `check`).
fn load_for_report(args: &Args, turnout_data: Option<&str>) -> Dataset {
    let ds = data::load(&args.sources(turnout_data));
    let errors = ds.errors().count();
    if !ds.problems.is_empty() {
        eprintln!(
            "turnout: {errors} rows or files left out, {} warnings while loading; run `turnout check` for file:line:col",
            ds.problems.len() - errors
        );
    }
    ds
}
