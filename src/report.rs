//! Plain-text, CSV and JSON reports for the command line: `turnout check` and
//! `turnout summary`. Written to any `io::Write`; no terminal UI.

use crate::cli::OutputFormat;
use crate::data::aggregate::{self, Change, WardRow, WardTable};
use crate::data::{Dataset, Kind, Measure, PartyGroup, ProblemKind, Severity, WardId};
use std::io::{self, Write};

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Ward numbers as compact ranges: `01-10, 12, 14-15`.
pub fn ward_ranges(wards: impl IntoIterator<Item = WardId>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut run: Option<(WardId, WardId)> = None;
    let flush = |run: (WardId, WardId), parts: &mut Vec<String>| {
        parts.push(if run.0 == run.1 {
            run.0.to_string()
        } else {
            format!("{}-{}", run.0, run.1)
        });
    };
    for w in wards {
        run = match run {
            Some((a, b)) if w.0 == b.0 + 1 => Some((a, w)),
            Some(r) => {
                flush(r, &mut parts);
                Some((w, w))
            }
            None => Some((w, w)),
        };
    }
    if let Some(r) = run {
        flush(r, &mut parts);
    }
    parts.join(", ")
}

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
pub fn write_check(ds: &Dataset, out: &mut impl Write) -> io::Result<()> {
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

/// Finds the election of a year and kind (the last one, for specials).
pub fn find_election(ds: &Dataset, year: i32, kind: Kind) -> Option<usize> {
    ds.elections()
        .iter()
        .rposition(|e| e.year() == year && e.kind == kind)
}

/// The latest off-year (odd-year) primary in the data.
pub fn latest_off_year_primary(ds: &Dataset) -> Option<usize> {
    ds.elections().iter().rposition(|e| e.is_off_year_primary())
}

fn pct(f: Option<f64>) -> String {
    f.map_or("n/a".into(), |v| format!("{:.1}%", v * 100.0))
}

fn change_text(c: Option<Change>) -> String {
    match c {
        Some(Change::Points(p)) => format!("{p:+.1} pp"),
        Some(Change::Percent(p)) => format!("{p:+.1}%"),
        None => "n/a".into(),
    }
}

fn count_text(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |v| thousands(v.round() as u64))
}

/// A one-line title: election, headline office, party group, measure, comparison.
pub fn table_title(ds: &Dataset, t: &WardTable) -> String {
    let e = &ds.elections()[t.election];
    let office = ds
        .calendar
        .headline_office(e)
        .unwrap_or("headline race unknown");
    let vs = match t.previous {
        Some(p) => {
            let pe = &ds.elections()[p];
            format!("change vs {} {}", pe.year(), pe.kind)
        }
        None => "no earlier comparable election loaded".into(),
    };
    let mut title = format!(
        "{} {} ({}), {}; {}; measure: {}; {}",
        e.year(),
        e.kind,
        e.date,
        office,
        t.group.as_str(),
        t.measure.describe(),
        vs
    );
    if t.group != PartyGroup::All && t.city.figures.registered.is_none() {
        title.push_str("; turnout rate unavailable (no registration by party loaded)");
    }
    title
}

fn row_cells(label: String, r: &WardRow) -> [String; 6] {
    [
        label,
        r.figures.registered.map_or("n/a".into(), thousands),
        count_text(r.count),
        pct(r.turnout),
        change_text(r.change),
        r.rank.map_or(String::new(), |k| k.to_string()),
    ]
}

/// Writes the ward table of one election in the chosen format.
///
/// # Errors
/// Any error writing to `out`.
pub fn write_summary(
    ds: &Dataset,
    t: &WardTable,
    format: OutputFormat,
    out: &mut impl Write,
) -> io::Result<()> {
    let e = &ds.elections()[t.election];
    let count_header = match t.measure {
        Measure::Ballots => "ballots",
        Measure::TopRaceVotes => "top_race_votes",
    };
    match format {
        OutputFormat::Table => {
            writeln!(out, "{}", table_title(ds, t))?;
            let header = [
                "ward",
                "registered",
                count_header,
                "turnout",
                "change",
                "rank",
            ];
            let mut lines: Vec<[String; 6]> = vec![header.map(String::from)];
            lines.extend(
                t.rows
                    .iter()
                    .filter(|r| !r.figures.is_empty())
                    .map(|r| row_cells(r.ward.to_string(), r)),
            );
            lines.push(row_cells("city".into(), &t.city));
            let mut widths = [0usize; 6];
            for l in &lines {
                for (w, c) in widths.iter_mut().zip(l) {
                    *w = (*w).max(c.chars().count());
                }
            }
            for l in &lines {
                let mut s = format!("{:<w$}", l[0], w = widths[0]);
                for (c, w) in l.iter().zip(widths).skip(1) {
                    s.push_str(&format!("  {c:>w$}"));
                }
                writeln!(out, "{}", s.trim_end())?;
            }
            Ok(())
        }
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record([
                "election_date",
                "kind",
                "ward",
                "party",
                "registered",
                count_header,
                "turnout_pct",
                "change",
                "change_unit",
                "rank",
            ])?;
            let all = t
                .rows
                .iter()
                .filter(|r| !r.figures.is_empty())
                .map(|r| (r.ward.to_string(), r));
            for (label, r) in all.chain(std::iter::once(("city".to_string(), &t.city))) {
                let (change, unit) = match r.change {
                    Some(Change::Points(p)) => (format!("{p:.2}"), "pp"),
                    Some(Change::Percent(p)) => (format!("{p:.2}"), "percent"),
                    None => (String::new(), ""),
                };
                w.write_record([
                    e.date.to_string(),
                    e.kind.to_string(),
                    label,
                    party_code(t.group).into(),
                    r.figures
                        .registered
                        .map_or(String::new(), |v| v.to_string()),
                    r.count.map_or(String::new(), format_count),
                    r.turnout
                        .map_or(String::new(), |v| format!("{:.2}", v * 100.0)),
                    change,
                    unit.into(),
                    r.rank.map_or(String::new(), |k| k.to_string()),
                ])?;
            }
            w.flush()
        }
        OutputFormat::Json => {
            let prev = t.previous.map(|p| {
                let pe = &ds.elections()[p];
                serde_json::json!({"date": pe.date.to_string(), "kind": pe.kind})
            });
            let wards: Vec<_> = t.rows.iter().filter(|r| !r.figures.is_empty()).collect();
            let doc = serde_json::json!({
                "election": {"date": e.date.to_string(), "kind": e.kind,
                              "headline_office": ds.calendar.headline_office(e)},
                "party": party_code(t.group),
                "measure": t.measure,
                "previous_comparable": prev,
                "wards": wards,
                "city": t.city,
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
    }
}

fn format_count(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    }
}

fn party_code(g: PartyGroup) -> &'static str {
    match g {
        PartyGroup::All => "all",
        PartyGroup::Democratic => "dem",
        PartyGroup::Republican => "rep",
        PartyGroup::Other => "other",
    }
}

/// Builds the ward table for a year and kind, or says why there is none.
///
/// # Errors
/// A message naming what is missing and how to add it.
pub fn summary_table(
    ds: &Dataset,
    year: i32,
    kind: Kind,
    group: PartyGroup,
    measure: Option<Measure>,
) -> Result<WardTable, String> {
    let Some(e) = find_election(ds, year, kind) else {
        return Err(format!(
            "no turnout figures for the {year} {kind} in the loaded data; add a ward or division \
             file for it with --data PATH or $TURNOUT_DATA (formats in README.md)"
        ));
    };
    let measure = measure.unwrap_or_else(|| aggregate::default_measure(ds, e, group));
    Ok(aggregate::ward_table(ds, e, group, measure))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_and_ranges() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(100), "100");
        let w = [1, 2, 3, 5, 7, 8].map(WardId);
        assert_eq!(ward_ranges(w), "01-03, 05, 07-08");
    }
}
