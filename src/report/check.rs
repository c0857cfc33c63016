//! `turnout check`: what each input file gave, the races found, overrides and every problem.

use super::{thousands, ward_ranges};
use crate::data::{LoadReport, Loaded, ProblemKind, Severity, Sources, text};
use std::io::{self, Write};

/// What `turnout check` found, as an exit code: 0 clean, 1 rows rejected, 2 a path unreadable.
pub fn check_status(report: &LoadReport) -> i32 {
    let unreadable = report.problems.iter().any(|p| {
        matches!(
            p.kind,
            ProblemKind::Unreadable(_) | ProblemKind::NoCsvInDirectory
        )
    });
    if unreadable {
        2
    } else if report
        .problems
        .iter()
        .any(|p| p.severity() == Severity::Error)
    {
        1
    } else {
        0
    }
}

/// Writes the `turnout check` report: every file, then the places and their races (only
/// `place`'s, where one is named), overrides and every problem.
///
/// # Errors
/// Any error writing to `out`.
pub fn write_check(
    loaded: &Loaded,
    search: Option<&Sources>,
    place: Option<&str>,
    out: &mut impl Write,
) -> io::Result<()> {
    let report = &loaded.report;
    if let Some(s) = search {
        write_search_path(report, s, out)?;
    }
    for f in &report.files {
        writeln!(out, "{}  ({})", f.name, f.origin)?;
        match f.format {
            Some(format) => writeln!(out, "  format:    {}", format.describe())?,
            None => writeln!(out, "  format:    none (not read; see the problem below)")?,
        }
        if let Some(m) = &f.mapping {
            writeln!(out, "  mapping:   {m}")?;
        }
        write!(
            out,
            "  rows:      {} read, {} rejected",
            thousands(f.rows_read),
            thousands(f.rows_rejected)
        )?;
        if f.problems_not_listed > 0 {
            write!(
                out,
                " ({} more problems not listed)",
                thousands(f.problems_not_listed)
            )?;
        }
        if f.rows_summed > 0 {
            write!(
                out,
                ", {} repeated a division and party label and were added",
                f.rows_summed
            )?;
        }
        writeln!(out)?;
        if f.rows_skipped > 0 {
            let lines: Vec<String> = f.skipped_lines.iter().map(u64::to_string).collect();
            let more = if f.rows_skipped > lines.len() as u64 {
                ", ..."
            } else {
                ""
            };
            writeln!(
                out,
                "  skipped:   {} rows by the mapping's skip_unless (lines {}{more})",
                thousands(f.rows_skipped),
                lines.join(", ")
            )?;
        }
        if f.rows_not_by_ward > 0 {
            writeln!(
                out,
                "  not by ward: {} rows whose precinct is no ward (kept in the place's total)",
                thousands(f.rows_not_by_ward)
            )?;
        }
        if !f.election_ids.is_empty() {
            let mut places: Vec<&str> = f
                .election_ids
                .iter()
                .map(|&e| report.places[report.elections[e as usize].0 as usize].as_str())
                .collect();
            places.dedup();
            writeln!(out, "  place:     {}", places.join(", "))?;
            let names: Vec<String> = f
                .election_ids
                .iter()
                .map(|&e| {
                    let el = &report.elections[e as usize].1;
                    format!("{} {}", el.date, el.kind)
                })
                .collect();
            writeln!(out, "  elections: {} ({})", names.len(), names.join(", "))?;
            let real: Vec<_> = f.wards.iter().copied().filter(|w| w.is_ward()).collect();
            writeln!(out, "  wards:     {} ({})", real.len(), ward_ranges(real))?;
        }
    }
    let shown = loaded
        .places
        .iter()
        .filter(|d| place.is_none_or(|p| d.place == p));
    for ds in shown {
        if !ds.elections().is_empty() {
            writeln!(
                out,
                "place: {}: {} elections, {} wards",
                ds.place,
                ds.elections().len(),
                ds.ward_universe()
            )?;
        }
        write_races(ds, out)?;
    }
    for o in &report.overrides {
        writeln!(
            out,
            "override: {} figures of {} replaced by {} (e.g. {})",
            thousands(o.count),
            o.earlier,
            o.later,
            o.examples.join("; ")
        )?;
    }
    let errors = report
        .problems
        .iter()
        .filter(|p| p.severity() == Severity::Error)
        .count();
    let warnings = report.problems.len() - errors;
    for p in &report.problems {
        writeln!(out, "{p}")?;
    }
    let rows: u64 = report.files.iter().map(|f| f.rows_read).sum();
    let rejected: u64 = report.files.iter().map(|f| f.rows_rejected).sum();
    let skipped: u64 = report.files.iter().map(|f| f.rows_skipped).sum();
    let skipped = if skipped > 0 {
        format!(", {} skipped by mappings", thousands(skipped))
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} files, {} rows read, {} rejected{skipped}; {} errors, {} warnings",
        report.files.len(),
        thousands(rows),
        thousands(rejected),
        errors,
        warnings
    )
}

/// One line per race of a place: candidates, wards, votes, who the race list lacks.
fn write_races(ds: &crate::data::Dataset, out: &mut impl Write) -> io::Result<()> {
    for race in &ds.races {
        let e = &ds.elections()[race.election];
        let title = format!("{} {} {}", e.year(), e.kind, race.office_and_party());
        let listed = race.candidates.iter().filter(|c| c.in_race_list()).count();
        let unlisted: Vec<&str> = race.not_in_race_list().map(|c| c.name.as_str()).collect();
        let wards = race.reported_wards().count();
        let named = race.candidates.iter().filter(|c| !c.write_in).count();
        let write_ins = if named < race.candidates.len() {
            " and write-ins"
        } else {
            ""
        };
        write!(
            out,
            "race: {title}: {named} candidates ({listed} in the race list){write_ins}, {wards} \
             wards, {} votes",
            thousands(race.city().total)
        )?;
        if !unlisted.is_empty() {
            write!(out, "; not in the race list: {}", unlisted.join(", "))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The search path, lowest precedence first: each place, where it came from, and what it gave.
fn write_search_path(report: &LoadReport, s: &Sources, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "search path (lowest precedence first; later places win):"
    )?;
    let count = |pred: &dyn Fn(&str) -> bool| report.files.iter().filter(|f| pred(&f.name)).count();
    if s.embedded {
        let n = count(&|n| n.starts_with("embedded:"));
        writeln!(
            out,
            "  embedded                 {n} files compiled into turnout"
        )?;
    }
    // In search-path order: system, user (present or not), then the variables and flags.
    let xdg = s.xdg.iter().map(|(p, o, e)| (p, o, *e));
    let rest = s
        .paths
        .iter()
        .filter(|p| !p.origin.starts_with("$XDG"))
        .map(|p| (&p.path, &p.origin, true));
    for (path, origin, present) in xdg.chain(rest) {
        let shown = path.display().to_string();
        let shown = text::sanitize(&shown);
        if present {
            let n = count(&|n| n.starts_with(shown.as_ref()));
            writeln!(out, "  {origin:<24} {shown}: {n} files")?;
        } else {
            writeln!(out, "  {origin:<24} {shown}: not present")?;
        }
    }
    writeln!(out)
}
