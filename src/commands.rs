//! What each subcommand does: load the data its search path names, then print a report; with
//! no subcommand on a terminal, open the explorer (`tui.rs`).

use crate::cli::{Args, CheckFormat, Command};
use crate::data::wardmap::Lines;
use crate::data::wardmap::boundaries::{self, GeoFile, is_geojson};
use crate::data::{self, Dataset, Kind, Loaded, PartyGroup, SourcePath, Sources};
use crate::report;
use crate::report::Format as OutputFormat;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the command the arguments name; `env` reads an environment variable.
///
/// # Errors
/// Failing to write to `out` (a closed pipe included), or the terminal failing.
pub fn run(
    args: &Args,
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match &args.command {
        Some(Command::Check { paths, format }) => {
            // A GeoJSON path is ward boundaries, read like --geo.
            let (geo_paths, paths): (Vec<&PathBuf>, Vec<&PathBuf>) =
                paths.iter().partition(|p| is_geojson(p));
            // Paths given: check exactly those; none: the whole search path.
            let sources = if paths.is_empty() && geo_paths.is_empty() {
                args.sources(env)
            } else {
                let paths = paths
                    .iter()
                    .map(|&p| SourcePath {
                        place: args.chosen_place().map(String::from),
                        map: args.map.last().cloned(),
                        ..SourcePath::new(p.clone(), "argument")
                    })
                    .collect();
                Sources {
                    embedded: false,
                    paths,
                    ..Default::default()
                }
            };
            let loaded = load_with_bar(&sources);
            let search = (paths.is_empty() && geo_paths.is_empty()).then_some(&sources);
            let (place, first) = match args.chosen_place() {
                Some(q) => match loaded.choose(Some(q)) {
                    Ok((i, _)) => (Some(loaded.places[i].place.clone()), i),
                    Err(msg) => return Ok(fail(&msg)),
                },
                None => (None, 0),
            };
            let mut given = args.geo_files.clone();
            given.extend(geo_paths.into_iter().map(|p| GeoFile {
                path: p.clone(),
                place: args.chosen_place().map(String::from),
                ward_property: None,
            }));
            // Check reads every place's boundaries now.
            let maps = match boundaries::plan(&loaded, &directories(&sources), &given, first) {
                Ok(plan) => report::MapCheck::read(plan),
                Err(msg) => return Ok(fail(&msg)),
            };
            match format {
                CheckFormat::Text => {
                    report::write_check(&loaded, search, place.as_deref(), &maps, out)?
                }
                CheckFormat::Json => {
                    report::write_check_json(&loaded, search, place.as_deref(), &maps, out)?
                }
            }
            let status = report::check_status(&loaded.report).max(maps.status());
            Ok(ExitCode::from(status as u8))
        }
        Some(Command::Summary(s)) => {
            let ds = match load_for_report(args, env) {
                Ok(ds) => ds,
                Err(code) => return Ok(code),
            };
            let (ds, only) = match divisions(ds, s.ward.as_ref(), s.divisions) {
                Ok(got) => got,
                Err(msg) => return Ok(fail(&msg)),
            };
            let table = report::summary_table(
                &ds,
                s.year,
                s.election.into(),
                s.party.into(),
                s.measure.map(Into::into),
            );
            let column = match (&table, &s.candidate) {
                (Ok(t), Some(name)) => match report::candidate_column(&ds, t, name) {
                    Ok(c) => Some(c),
                    Err(msg) => return Ok(fail(&msg)),
                },
                _ => None,
            };
            let status = print_table(
                &ds,
                table,
                column.as_ref(),
                only.as_deref(),
                s.format.into(),
                out,
            )?;
            if let (Some(c), crate::cli::OutputFormat::Csv) = (&column, s.format) {
                // The CSV stays one table; the correlation goes beside it.
                eprintln!("turnout: {}", c.correlation_line(&ds));
            }
            Ok(status)
        }
        Some(Command::Completions { shell }) => {
            // Generated from the clap definitions: they cannot drift from the flags.
            let mut cmd = <Args as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "turnout", out);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Manpage) => {
            let cmd = <Args as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(out)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Compare(c)) => {
            let ds = match load_for_report(args, env) {
                Ok(ds) => ds,
                Err(code) => return Ok(code),
            };
            let options = report::CompareOptions {
                year: c.year,
                base: c.base,
                kind: c.election.into(),
                group: c.party.into(),
                candidate: c.candidate.clone(),
            };
            match report::compare(&ds, &options) {
                Ok((t, shares)) => {
                    report::write_compare(&ds, &t, shares.as_ref(), c.format.into(), out)?;
                    out.flush()?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(msg) => Ok(fail(&msg)),
            }
        }
        Some(Command::Results(r)) => {
            let ds = match load_for_report(args, env) {
                Ok(ds) => ds,
                Err(code) => return Ok(code),
            };
            let (ds, only) = match divisions(ds, r.ward.as_ref(), r.divisions) {
                Ok(got) => got,
                Err(msg) => return Ok(fail(&msg)),
            };
            let races = report::select_races(
                &ds,
                r.year,
                r.election.into(),
                r.office.as_deref(),
                r.party.map(Into::into),
            );
            // By division, only the races with results by division.
            let races = races.and_then(|races| match ds.within_label() {
                Some(ward) => {
                    let by_division: Vec<usize> = races
                        .into_iter()
                        .filter(|&i| ds.races[i].city().reported)
                        .collect();
                    if by_division.is_empty() {
                        Err(format!(
                            "{ward}: no race of the {} {} has results by division in the loaded \
                             files (results by ward only)",
                            r.year,
                            crate::data::Kind::from(r.election)
                        ))
                    } else {
                        Ok(by_division)
                    }
                }
                None => Ok(races),
            });
            match races {
                Ok(races) => {
                    report::write_results(&ds, &races, only.as_deref(), r.format.into(), out)?;
                    out.flush()?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(msg) => Ok(fail(&msg)),
            }
        }
        None if std::io::stdin().is_terminal()
            && std::io::stdout().is_terminal()
            && crate::term::can_address(env) =>
        {
            // The data is loaded on a thread of its own, behind a gauge if it takes longer
            // than a glance; a --geo file named on the command line must be there first.
            for g in &args.geo_files {
                let lines = Lines::File {
                    path: g.path.clone(),
                    ward_property: None,
                };
                if let Err(e) = lines.check_file() {
                    return Ok(fail(&format!("--geo {e}")));
                }
            }
            let sources = args.sources(env);
            let dirs = directories(&sources);
            let look = crate::term::look(args.color, args.ascii, env);
            let prepare = |loaded: data::Loaded| -> Result<crate::app::App, String> {
                let (start, _) = loaded.choose(args.chosen_place())?;
                // The boundaries are chosen now and read when the map is first shown.
                let plan = boundaries::plan(&loaded, &dirs, &args.geo_files, start)?;
                if loaded
                    .places
                    .iter()
                    .all(|d| d.elections().is_empty() && d.seeds.candidates.is_empty())
                {
                    let problems: Vec<String> = loaded
                        .report
                        .problems
                        .iter()
                        .take(5)
                        .map(ToString::to_string)
                        .collect();
                    return Err(format!(
                        "nothing to show: no election could be loaded\n{}",
                        problems.join("\n")
                    ));
                }
                let mut app = crate::app::App::new(loaded, start);
                app.open_at(
                    args.open_year,
                    args.open_kind.map(Into::into),
                    args.open_ward.as_deref(),
                )?;
                app.set_ward_lines(plan.lines);
                app.set_look(look);
                Ok(app)
            };
            let load = move |progress: &(dyn Fn(&data::load::Progress) + Sync)| {
                data::load_with_progress(&sources, progress)
            };
            match crate::tui::run_loading(load, prepare, look, args.mouse)? {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(msg) => Ok(fail(&msg)),
            }
        }
        None => {
            if std::io::stdout().is_terminal() && !crate::term::can_address(env) {
                eprintln!(
                    "turnout: TERM is {}: this terminal cannot draw the explorer; printing the \
                     table instead (set TERM, e.g. TERM=xterm, for the explorer)",
                    env("TERM")
                        .filter(|t| !t.is_empty())
                        .map_or("not set".to_string(), |t| format!("{t:?}"))
                );
            }
            let ds = match load_for_report(args, env) {
                Ok(ds) => ds,
                Err(code) => return Ok(code),
            };
            // The explorer's --year, --election and --ward choose the table printed instead.
            let kind = args.open_kind.map_or(Kind::Primary, Into::into);
            let table = match (args.open_year, report::latest_off_year_primary(&ds)) {
                (Some(year), _) => report::summary_table(&ds, year, kind, PartyGroup::All, None),
                (None, Some(e)) => report::summary_table(
                    &ds,
                    ds.elections()[e].year(),
                    Kind::Primary,
                    PartyGroup::All,
                    None,
                ),
                (None, None) => Err("no off-year primary in the loaded data".to_string()),
            };
            let only = match args.open_ward.as_deref().map(data::ids::parse_ward_or_name) {
                Some(Ok(w)) => Some(vec![w]),
                Some(Err(e)) => return Ok(fail(&format!("--ward: {e}"))),
                None => None,
            };
            print_table(&ds, table, None, only.as_deref(), OutputFormat::Table, out)
        }
    }
}

/// The directories of a search path (where `*.geojson` files are looked for, as `*.csv`).
fn directories(sources: &Sources) -> Vec<PathBuf> {
    sources
        .paths
        .iter()
        .filter(|p| p.path.is_dir())
        .map(|p| p.path.clone())
        .collect()
}

/// Says why there is nothing to print; exit status 1.
fn fail(msg: &str) -> ExitCode {
    eprintln!("turnout: {msg}");
    ExitCode::from(1)
}

/// With `--divisions`, the one ward's divisions in place of the wards (and every division
/// shown); else the dataset and the wards asked for.
fn divisions(
    ds: Dataset,
    wards: Option<&crate::cli::WardList>,
    divisions: bool,
) -> Result<(Dataset, Option<Vec<data::WardId>>), String> {
    let only = wards.map(|w| w.0.clone());
    if !divisions {
        return Ok((ds, only));
    }
    let ward = match only.as_deref() {
        Some([one]) => *one,
        _ => return Err("--divisions needs one ward: --ward 08".into()),
    };
    match ds.divisions_of(ward) {
        Some(inside) => Ok((inside, None)),
        None => Err(format!(
            "ward {ward}: no loaded file gives figures by division; they come from {}",
            data::divisions::DIVISION_SOURCES
        )),
    }
}

fn print_table(
    ds: &Dataset,
    table: Result<data::aggregate::WardTable, String>,
    candidate: Option<&report::CandidateColumn>,
    only: Option<&[data::WardId]>,
    format: OutputFormat,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match table {
        Ok(t) => {
            report::write_summary(ds, &t, candidate, only, format, out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(msg) => Ok(fail(&msg)),
    }
}

/// Files at least this big get a progress bar on stderr while they load (when it is a terminal).
const BAR_FROM_BYTES: u64 = 50 << 20;

/// Loads the search path; a file over 50 MB shows a progress bar on stderr when stderr is a
/// terminal (nothing otherwise), cleared when the load is done.
fn load_with_bar(sources: &data::Sources) -> data::Loaded {
    if !std::io::stderr().is_terminal() {
        return data::load(sources);
    }
    let bar: std::sync::Mutex<Option<indicatif::ProgressBar>> = std::sync::Mutex::new(None);
    let progress = |p: &data::load::Progress| {
        let Ok(mut bar) = bar.lock() else {
            return;
        };
        let Some(size) = p.size.filter(|&s| s >= BAR_FROM_BYTES) else {
            return;
        };
        let b = bar.get_or_insert_with(|| {
            let b = indicatif::ProgressBar::new(size);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "turnout: loading {msg} {wide_bar} {binary_bytes}/{binary_total_bytes} ({eta})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            b
        });
        // The name as a file gave it may hold control characters: made safe first.
        b.set_message(format!(
            "{} ({} rows)",
            data::text::sanitize(&p.file),
            crate::numbers::thousands(p.rows)
        ));
        b.set_length(size);
        b.set_position(p.read);
    };
    let loaded = data::load_with_progress(sources, &progress);
    if let Ok(mut bar) = bar.lock()
        && let Some(b) = bar.take()
    {
        b.finish_and_clear();
    }
    loaded
}

/// Loads the search path and picks the place to report (`--place`, else the only one, else
/// Philadelphia with a note naming the others), with a one-line notice of problems on stderr
/// (details: `check`).
fn load_for_report(args: &Args, env: &dyn Fn(&str) -> Option<String>) -> Result<Dataset, ExitCode> {
    let loaded = load_with_bar(&args.sources(env));
    note_problems(&loaded);
    match loaded.choose(args.chosen_place()) {
        Ok((i, note)) => {
            if let Some(note) = note {
                eprintln!("turnout: {note}");
            }
            Ok(loaded
                .places
                .into_iter()
                .nth(i)
                .expect("chosen among the places"))
        }
        Err(msg) => Err(fail(&msg)),
    }
}

/// One line on stderr when loading found problems.
fn note_problems(loaded: &Loaded) {
    let report = &loaded.report;
    let errors = report.errors().count();
    if !report.problems.is_empty() {
        eprintln!(
            "turnout: {errors} {} left out, {} while loading; run `turnout check` for file:line:col",
            if errors == 1 {
                "row or file"
            } else {
                "rows or files"
            },
            crate::numbers::plural(report.problems.len() - errors, "warning")
        );
    }
}
