//! `turnout check`: what each input file gave, the races found, overrides and every problem.

use super::{thousands, ward_ranges};
use crate::data::{Dataset, ProblemKind, Severity, Sources, text};
use std::io::{self, Write};

/// What `turnout check` found, as an exit code: 0 clean, 1 rows rejected, 2 a path unreadable.
pub fn check_status(ds: &Dataset) -> i32 {
    let unreadable = ds.problems.iter().any(|p| {
        matches!(
            p.kind,
            ProblemKind::Unreadable(_) | ProblemKind::NoCsvInDirectory
        )
    });
    if unreadable {
        2
    } else if ds.problems.iter().any(|p| p.severity() == Severity::Error) {
        1
    } else {
        0
    }
}

/// Writes the `turnout check` report.
///
/// # Errors
/// Any error writing to `out`.
pub fn write_check(ds: &Dataset, search: Option<&Sources>, out: &mut impl Write) -> io::Result<()> {
    if let Some(s) = search {
        write_search_path(ds, s, out)?;
    }
    for f in &ds.files {
        writeln!(out, "{}  ({})", f.name, f.origin)?;
        match f.format {
            Some(format) => writeln!(out, "  format:    {}", format.describe())?,
            None => writeln!(out, "  format:    none (not read; see the problem below)")?,
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
        if !f.election_ids.is_empty() {
            let names: Vec<String> = f
                .election_ids
                .iter()
                .map(|&e| {
                    let el = &ds.elections()[e as usize];
                    format!("{} {}", el.date, el.kind)
                })
                .collect();
            writeln!(out, "  elections: {} ({})", names.len(), names.join(", "))?;
            writeln!(
                out,
                "  wards:     {} ({})",
                f.wards.len(),
                ward_ranges(f.wards.iter().copied())
            )?;
        }
    }
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
    for o in &ds.overrides {
        writeln!(
            out,
            "override: {} figures of {} replaced by {} (e.g. {})",
            thousands(o.count),
            o.earlier,
            o.later,
            o.examples.join("; ")
        )?;
    }
    let errors = ds
        .problems
        .iter()
        .filter(|p| p.severity() == Severity::Error)
        .count();
    let warnings = ds.problems.len() - errors;
    for p in &ds.problems {
        writeln!(out, "{p}")?;
    }
    let rows: u64 = ds.files.iter().map(|f| f.rows_read).sum();
    let rejected: u64 = ds.files.iter().map(|f| f.rows_rejected).sum();
    writeln!(
        out,
        "{} files, {} rows read, {} rejected; {} errors, {} warnings",
        ds.files.len(),
        thousands(rows),
        thousands(rejected),
        errors,
        warnings
    )
}

/// The search path, lowest precedence first: each place, where it came from, and what it gave.
fn write_search_path(ds: &Dataset, s: &Sources, out: &mut impl Write) -> io::Result<()> {
    writeln!(
        out,
        "search path (lowest precedence first; later places win):"
    )?;
    let count = |pred: &dyn Fn(&str) -> bool| ds.files.iter().filter(|f| pred(&f.name)).count();
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
        .filter(|(_, o)| !o.starts_with("$XDG"))
        .map(|(p, o)| (p, o, true));
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
