//! `turnout check`: what each input file gave, the races found, overrides and every problem.

use super::{thousands, ward_ranges};
use crate::data::wardmap::boundaries::Plan;
use crate::data::wardmap::{LinesError, WardMap};
use crate::data::{Dataset, LoadReport, Loaded, ProblemKind, Severity, Sources, WardId, text};
use crate::numbers::plural;
use std::io::{self, Write};

/// Each place's ward boundaries as `check` reads them, and what to say of the files found.
#[derive(Debug, Default)]
pub struct MapCheck {
    /// By index in [`Loaded::places`]: the map read, why it cannot be, or `None` (no lines).
    pub maps: Vec<Option<Result<WardMap, LinesError>>>,
    /// Files found that no place takes or that were not read, files replaced by later ones.
    pub notes: Vec<String>,
}

impl MapCheck {
    /// Reads every place's lines now.
    pub fn read(plan: Plan) -> MapCheck {
        MapCheck {
            maps: plan
                .lines
                .into_iter()
                .map(|l| l.map(WardMap::read))
                .collect(),
            notes: plan.notes,
        }
    }

    /// As an exit code: 2 when a boundaries file cannot be read, 1 when one holds no usable
    /// ward polygons, else 0.
    pub fn status(&self) -> i32 {
        self.maps
            .iter()
            .flatten()
            .map(|m| match m {
                Ok(_) => 0,
                Err(LinesError::Unreadable { .. }) => 2,
                Err(LinesError::Invalid { .. }) => 1,
            })
            .max()
            .unwrap_or(0)
    }

    /// Place `i`'s map: how its wards match the data.
    fn of(&self, i: usize) -> Option<&Result<WardMap, LinesError>> {
        self.maps.get(i)?.as_ref()
    }
}

/// How a place's ward boundaries match its data.
struct MapMatch {
    lines: String,
    polygons: usize,
    /// Wards with data but no polygon.
    no_polygon: Vec<WardId>,
    /// Polygons of wards with no data.
    no_data: Vec<WardId>,
}

impl MapMatch {
    fn of(ds: &Dataset, map: &WardMap) -> MapMatch {
        let polygons = map.wards();
        MapMatch {
            lines: map.lines().name(),
            polygons: polygons.len(),
            no_polygon: ds
                .wards()
                .iter()
                .copied()
                .filter(|w| w.is_ward() && map.position(*w).is_none())
                .collect(),
            no_data: polygons
                .iter()
                .copied()
                .filter(|w| ds.ward_index(*w).is_none())
                .collect(),
        }
    }
}

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
    maps: &MapCheck,
    out: &mut impl Write,
) -> io::Result<()> {
    let report = &loaded.report;
    if let Some(s) = search {
        write_search_path(report, s, out)?;
    }
    // With --place, only the files that hold rows of that place (and those that hold none).
    let of_place = |f: &crate::data::load::FileReport| {
        place.is_none_or(|p| {
            f.election_ids.is_empty()
                || f.election_ids
                    .iter()
                    .any(|&e| report.places[report.elections[e as usize].0 as usize] == p)
        })
    };
    let shown_files: Vec<&str> = report
        .files
        .iter()
        .filter(|f| of_place(f))
        .map(|f| f.name.as_str())
        .collect();
    for f in report.files.iter().filter(|f| of_place(f)) {
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
                "  skipped:   {} by the mapping's skip_unless (lines {}{more})",
                crate::numbers::counted(f.rows_skipped, "row"),
                lines.join(", ")
            )?;
        }
        if f.rows_not_by_ward > 0 {
            writeln!(
                out,
                "  not by ward: {} whose precinct is no ward (kept in the place's total)",
                crate::numbers::counted(f.rows_not_by_ward, "row")
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
            let mut by_day: Vec<&crate::data::Election> = f
                .election_ids
                .iter()
                .map(|&e| &report.elections[e as usize].1)
                .collect();
            by_day.sort();
            let names: Vec<String> = by_day
                .iter()
                .map(|el| format!("{} {}", el.date, el.kind))
                .collect();
            writeln!(out, "  elections: {} ({})", names.len(), names.join(", "))?;
            let real: Vec<_> = f.wards.iter().copied().filter(|w| w.is_ward()).collect();
            writeln!(out, "  wards:     {} ({})", real.len(), ward_ranges(real))?;
        }
    }
    let shown = loaded
        .places
        .iter()
        .enumerate()
        .filter(|(_, d)| place.is_none_or(|p| d.place == p));
    for (i, ds) in shown {
        if !ds.elections().is_empty() {
            writeln!(
                out,
                "place: {}: {}, {}",
                ds.place,
                plural(ds.elections().len(), "election"),
                plural(ds.ward_universe(), "ward")
            )?;
        }
        write_races(ds, out)?;
        write_map_match(ds, maps.of(i), out)?;
    }
    for note in &maps.notes {
        writeln!(out, "map: {note}")?;
    }
    for o in &report.overrides {
        writeln!(
            out,
            "override: {} of {} replaced by {} (e.g. {})",
            crate::numbers::counted(o.count, "figure"),
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
    for p in report
        .problems
        .iter()
        .filter(|p| place.is_none() || shown_files.contains(&p.at.file.as_str()))
    {
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
        "{}, {} read, {} rejected{skipped}; {}, {}",
        plural(report.files.len(), "file"),
        crate::numbers::counted(rows, "row"),
        thousands(rejected),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// How the place's ward boundaries match its data: wards with figures but no polygon, and
/// polygons with no ward in the data; or why there are none.
fn write_map_match(
    ds: &Dataset,
    map: Option<&Result<WardMap, LinesError>>,
    out: &mut impl Write,
) -> io::Result<()> {
    let map = match map {
        None => return writeln!(out, "map: no ward boundaries are loaded for {}", ds.place),
        Some(Err(e)) => {
            return writeln!(
                out,
                "map: the ward boundaries of {} cannot be used: {e}",
                ds.place
            );
        }
        Some(Ok(m)) => MapMatch::of(ds, m),
    };
    let list = |v: &[WardId]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            ward_ranges(v.to_vec())
        }
    };
    writeln!(
        out,
        "map: {} ward polygons ({}); wards with data but no polygon: {}; polygons without \
         data: {}",
        map.polygons,
        map.lines,
        list(&map.no_polygon),
        list(&map.no_data)
    )
}

/// One line per race of a place: candidates, wards, votes, who the race list lacks.
fn write_races(ds: &crate::data::Dataset, out: &mut impl Write) -> io::Result<()> {
    for race in &ds.races {
        writeln!(out, "race: {}", race_line(ds, race))?;
    }
    Ok(())
}

/// `2017 primary District Attorney (Democratic): 7 candidates (7 in the race list) and
/// write-ins, 66 of 66 wards, 155,246 votes`, and which result names joined nothing.
fn race_line(ds: &crate::data::Dataset, race: &crate::data::results::Race) -> String {
    let e = &ds.elections()[race.election];
    let title = format!("{} {} {}", e.year(), e.kind, race.office_and_party());
    let listed = race.candidates.iter().filter(|c| c.in_race_list()).count();
    let unlisted: Vec<&str> = race.not_in_race_list().map(|c| c.name.as_str()).collect();
    let wards = race
        .reported_wards()
        .filter(|&w| ds.wards()[w].is_ward())
        .count();
    let named = race.candidates.iter().filter(|c| !c.write_in).count();
    let write_ins = if named < race.candidates.len() {
        " and write-ins"
    } else {
        ""
    };
    let coverage = if wards == 0 {
        format!("totals for {} only", ds.place)
    } else {
        format!("{wards} of {} wards", ds.ward_universe())
    };
    let mut line = format!(
        "{title}: {} ({listed} in the race list){write_ins}, {coverage}, {} votes",
        plural(named, "candidate"),
        thousands(race.city().total)
    );
    if listed == 0 && !unlisted.is_empty() {
        line.push_str("; the race list has no entry for it");
    } else if !unlisted.is_empty() {
        line.push_str(&format!(
            "; result names that joined no race-list name: {}",
            unlisted.join(", ")
        ));
    }
    line
}

/// The `turnout check` report as one JSON object: files, places, races, overrides, problems and
/// totals, the same facts as the text.
///
/// # Errors
/// Any error writing to `out`.
pub fn write_check_json(
    loaded: &Loaded,
    search: Option<&Sources>,
    place: Option<&str>,
    maps: &MapCheck,
    out: &mut impl Write,
) -> io::Result<()> {
    use serde_json::json;
    let report = &loaded.report;
    let files: Vec<_> = report
        .files
        .iter()
        .map(|f| {
            let mut v = serde_json::to_value(f).unwrap_or_default();
            let mut by_day: Vec<&(u16, crate::data::Election)> = f
                .election_ids
                .iter()
                .map(|&e| &report.elections[e as usize])
                .collect();
            by_day.sort_by(|a, b| a.1.cmp(&b.1));
            let elections: Vec<_> = by_day
                .iter()
                .map(|(p, el)| {
                    json!({"place": report.places[*p as usize], "date": el.date.to_string(),
                           "kind": el.kind})
                })
                .collect();
            v["elections"] = json!(elections);
            let wards: Vec<String> = f
                .wards
                .iter()
                .filter(|w| w.is_ward())
                .map(|w| w.to_string())
                .collect();
            v["wards"] = json!(wards);
            v
        })
        .collect();
    let places: Vec<_> = loaded
        .places
        .iter()
        .enumerate()
        .filter(|(_, d)| place.is_none_or(|p| d.place == p))
        .map(|(i, ds)| {
            let races: Vec<_> = ds
                .races
                .iter()
                .map(|r| {
                    let e = &ds.elections()[r.election];
                    json!({
                        "date": e.date.to_string(), "kind": e.kind, "office": r.office,
                        "district": r.district, "party": r.party,
                        "candidates": r.candidates.iter().map(|c| json!({
                            "name": c.name, "in_results": c.name_in_results,
                            "in_race_list": c.in_race_list(), "write_in": c.write_in,
                        })).collect::<Vec<_>>(),
                        "wards_with_votes": r.reported_wards()
                            .filter(|&w| ds.wards()[w].is_ward()).count(),
                        "votes": r.city().total,
                        "summary": race_line(ds, r),
                    })
                })
                .collect();
            let names = |v: &[WardId]| v.iter().map(|w| w.to_string()).collect::<Vec<_>>();
            let map = match maps.of(i) {
                None => serde_json::Value::Null,
                Some(Err(e)) => json!({"error": text::sanitize(&e.to_string())}),
                Some(Ok(m)) => {
                    let m = MapMatch::of(ds, m);
                    json!({
                        "lines": m.lines, "polygons": m.polygons,
                        "wards_without_polygon": names(&m.no_polygon),
                        "polygons_without_data": names(&m.no_data),
                    })
                }
            };
            json!({
                "place": ds.place,
                "elections": ds.elections().len(),
                "wards": ds.ward_universe(),
                "races": races,
                "map": map,
            })
        })
        .collect();
    let problems: Vec<_> = report
        .problems
        .iter()
        .map(|p| {
            json!({
                "file": p.at.file, "line": p.at.line,
                "column": p.at.column.as_ref().map(|c| c.0),
                "column_name": p.at.column.as_ref().map(|c| c.1.clone()),
                "severity": p.severity(), "message": text::sanitize(&p.kind.to_string()),
                "text": p.to_string(),
            })
        })
        .collect();
    let search_path = search.map(|s| {
        let mut rows: Vec<_> = s
            .xdg
            .iter()
            .map(|(p, o, e)| json!({"origin": o, "path": p.display().to_string(), "present": e}))
            .collect();
        rows.extend(
            s.paths
                .iter()
                .filter(|p| !p.origin.starts_with("$XDG"))
                .map(|p| {
                    json!({"origin": p.origin, "path": p.path.display().to_string(),
                                "present": true})
                }),
        );
        json!({"embedded": s.embedded, "places": rows})
    });
    let errors = report.errors().count();
    let doc = json!({
        "search_path": search_path,
        "files": files,
        "places": places,
        "overrides": report.overrides,
        "problems": problems,
        "map_notes": maps.notes,
        "totals": {
            "files": report.files.len(),
            "rows_read": report.files.iter().map(|f| f.rows_read).sum::<u64>(),
            "rows_rejected": report.files.iter().map(|f| f.rows_rejected).sum::<u64>(),
            "rows_skipped": report.files.iter().map(|f| f.rows_skipped).sum::<u64>(),
            "errors": errors,
            "warnings": report.problems.len() - errors,
        },
        "exit_status": check_status(report).max(maps.status()),
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
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
            "  embedded                 {} compiled into turnout",
            plural(n, "file")
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
            writeln!(out, "  {origin:<24} {shown}: {}", plural(n, "file"))?;
        } else {
            writeln!(out, "  {origin:<24} {shown}: not present")?;
        }
    }
    writeln!(out)
}
