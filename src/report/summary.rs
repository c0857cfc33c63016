//! `turnout summary`: the ward table of one election, optionally with a candidate's share per
//! ward and its correlation with turnout.

use super::Format as OutputFormat;
use super::{count_text, find_election, format_count, party_code, pct, thousands, write_aligned};
use crate::data::aggregate::{self, Change, WardRow, WardTable};
use crate::data::{Dataset, Kind, Measure, PartyGroup, WardId};
use crate::numbers::change_text;
use std::io::{self, Write};

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
    let vs = match t.coverage.change_over {
        Some(n) => format!("{vs}, over the {n} wards both cover"),
        None => vs,
    };
    let mut title = format!(
        "{}{} {} ({}), {}; {}; measure: {}; {}",
        if ds.place == crate::data::place::PHILADELPHIA {
            String::new()
        } else {
            format!("{}: ", ds.place)
        },
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
    if !t.coverage.is_complete() {
        title.push_str(&format!(
            "; covers {}: the last row is the loaded {}' total",
            t.coverage.label(),
            ds.unit_plural()
        ));
    }
    title
}

/// The label of the table's total row: `city` (or `county`), or `loaded wards` where the
/// figures cover part of the place.
fn city_label(ds: &Dataset, t: &WardTable) -> String {
    match (ds.within_label(), t.coverage.is_complete()) {
        (Some(ward), true) => ward,
        (Some(ward), false) => format!("{ward}, loaded divisions"),
        (None, true) => super::whole_label(ds).into(),
        (None, false) => "loaded wards".into(),
    }
}

fn row_cells(label: String, r: &WardRow) -> Vec<String> {
    vec![
        label,
        r.figures.registered.map_or("n/a".into(), thousands),
        count_text(r.count),
        pct(r.turnout),
        change_text(r.change),
        r.rank.map_or(String::new(), |k| k.to_string()),
    ]
}

/// A candidate's share per ward, shown as an extra column of the ward table, and how it
/// correlates with ward turnout.
#[derive(Debug, Clone)]
pub struct CandidateColumn {
    /// The race (index into `Dataset::races`).
    pub race: usize,
    /// The candidate (index into the race's candidates).
    pub candidate: usize,
    /// The share in each row of the table (fraction), aligned to `Dataset::wards`.
    pub shares: Vec<Option<f64>>,
    /// Pearson's r between ward turnout and the share, over the wards that have both.
    pub correlation: Option<aggregate::Correlation>,
}

impl CandidateColumn {
    fn name<'d>(&self, ds: &'d Dataset) -> &'d str {
        &ds.races[self.race].candidates[self.candidate].name
    }

    /// One line saying what was correlated, over how many wards, and the result.
    pub fn correlation_line(&self, ds: &Dataset) -> String {
        let what = ds.races[self.race].office_and_party();
        let units = ds.unit_plural();
        let r = match self.correlation {
            Some(c) => format!(
                "r = {:+.3} over {} {units} (unweighted; {units} with both figures)",
                c.r, c.n
            ),
            None => format!(
                "n/a (needs 3 or more {units} with both a turnout rate and a share, each varying)"
            ),
        };
        format!(
            "Pearson correlation of {} turnout (ballots / registered) with {}'s share of the \
             {what} vote: {r}",
            ds.unit_one(),
            self.name(ds)
        )
    }
}

/// Finds the candidate a query names among the races of the table's election, and computes
/// the share column and its correlation with turnout.
///
/// # Errors
/// A message when no race has results, or the query names no candidate or several.
pub fn candidate_column(
    ds: &Dataset,
    t: &WardTable,
    query: &str,
) -> Result<CandidateColumn, String> {
    let e = &ds.elections()[t.election];
    let start = ds.races.partition_point(|r| r.election < t.election);
    let races: Vec<usize> = (start..ds.races.len())
        .take_while(|&i| ds.races[i].election == t.election)
        .collect();
    if races.is_empty() {
        return Err(format!(
            "no candidate results loaded for the {} {}; add a results file with --data PATH \
             (format in README.md)",
            e.year(),
            e.kind
        ));
    }
    let hits: Vec<(usize, usize)> = races
        .iter()
        .flat_map(|&r| {
            ds.races[r]
                .find_candidates(query)
                .into_iter()
                .map(move |c| (r, c))
        })
        .collect();
    let describe = |&(r, c): &(usize, usize)| {
        let race = &ds.races[r];
        let mut s = format!("{} ({}", race.candidates[c].name, race.office);
        if !race.party.is_empty() {
            s.push_str(&format!(", {}", race.party));
        }
        s + ")"
    };
    let (race, candidate) = match hits.as_slice() {
        [one] => *one,
        [] => {
            let all: Vec<(usize, usize)> = races
                .iter()
                .flat_map(|&r| (0..ds.races[r].candidates.len()).map(move |c| (r, c)))
                .collect();
            let names: Vec<String> = all.iter().map(describe).collect();
            return Err(format!(
                "no candidate of the {} {} matches {query:?}; candidates: {}",
                e.year(),
                e.kind,
                names.join(", ")
            ));
        }
        many => {
            let names: Vec<String> = many.iter().map(describe).collect();
            return Err(format!(
                "{query:?} matches several candidates: {}; give more of the name",
                names.join(", ")
            ));
        }
    };
    let shares = ds.races[race].shares(candidate);
    let turnout: Vec<Option<f64>> = t.rows.iter().map(|r| r.turnout).collect();
    Ok(CandidateColumn {
        race,
        candidate,
        correlation: aggregate::pearson(&turnout, &shares),
        shares,
    })
}

/// Writes the ward table of one election in the chosen format, with a candidate's share per
/// ward where one is given.
///
/// # Errors
/// Any error writing to `out`.
pub fn write_summary(
    ds: &Dataset,
    t: &WardTable,
    candidate: Option<&CandidateColumn>,
    only: Option<&[WardId]>,
    format: OutputFormat,
    out: &mut impl Write,
) -> io::Result<()> {
    let e = &ds.elections()[t.election];
    let count_header = match t.measure {
        Measure::Ballots => "ballots",
        Measure::TopRaceVotes => "top_race_votes",
    };
    let share_of = |w: Option<usize>| -> Option<f64> {
        let c = candidate?;
        match w {
            Some(w) => c.shares[w],
            None => ds.races[c.race].city_share(c.candidate),
        }
    };
    let shown: Vec<(usize, &WardRow)> = t
        .rows
        .iter()
        .enumerate()
        .filter(|(w, r)| !r.figures.is_empty() || share_of(Some(*w)).is_some())
        .filter(|(_, r)| only.is_none_or(|o| o.contains(&r.ward)))
        .collect();
    match format {
        OutputFormat::Table => {
            writeln!(out, "{}", table_title(ds, t))?;
            let mut header: Vec<String> = [
                ds.unit_one(),
                "registered",
                count_header,
                "turnout",
                "change",
                "rank",
            ]
            .map(String::from)
            .to_vec();
            if let Some(c) = candidate {
                let label = &ds.races[c.race].short_labels()[c.candidate];
                header.push(format!("{label} share"));
            }
            let mut lines = vec![header];
            let rows = shown
                .iter()
                .map(|&(w, r)| (ds.unit_label(r.ward), r, Some(w)))
                .chain(std::iter::once((city_label(ds, t), &t.city, None)));
            for (label, r, w) in rows {
                let mut cells = row_cells(label, r);
                if candidate.is_some() {
                    cells.push(pct(share_of(w)));
                }
                lines.push(cells);
            }
            write_aligned(&lines, 1, out)?;
            if let Some(c) = candidate {
                writeln!(out, "{}", c.correlation_line(ds))?;
            }
            Ok(())
        }
        OutputFormat::Csv => {
            let mut w = csv::Writer::from_writer(out);
            let mut header = vec![
                "election_date",
                "kind",
                ds.unit_one(),
                "party",
                "registered",
                count_header,
                "turnout_pct",
                "change",
                "change_unit",
                "rank",
            ];
            if candidate.is_some() {
                header.extend(["candidate", "candidate_share_pct"]);
            }
            w.write_record(&header)?;
            let rows = shown
                .iter()
                .map(|&(i, r)| (ds.unit_label(r.ward), r, Some(i)))
                .chain(std::iter::once((
                    city_label(ds, t).replace(' ', "_"),
                    &t.city,
                    None,
                )));
            for (label, r, ward) in rows {
                let (change, unit) = match r.change {
                    Some(Change::Points(p)) => (format!("{p:.2}"), "pp"),
                    Some(Change::Percent(p)) => (format!("{p:.2}"), "percent"),
                    None => (String::new(), ""),
                };
                let mut record = vec![
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
                ];
                if let Some(c) = candidate {
                    record.push(c.name(ds).to_string());
                    record.push(
                        share_of(ward).map_or(String::new(), |s| format!("{:.2}", s * 100.0)),
                    );
                }
                w.write_record(&record)?;
            }
            w.flush()
        }
        OutputFormat::Json => {
            let prev = t.previous.map(|p| {
                let pe = &ds.elections()[p];
                serde_json::json!({"date": pe.date.to_string(), "kind": pe.kind})
            });
            let wards: Vec<_> = shown
                .iter()
                .map(|&(i, r)| {
                    let mut v = serde_json::to_value(r).unwrap_or_default();
                    if candidate.is_some() {
                        v["candidate_share"] = serde_json::json!(share_of(Some(i)));
                    }
                    v
                })
                .collect();
            let mut city = serde_json::to_value(&t.city).unwrap_or_default();
            let mut doc = serde_json::json!({
                "election": {"date": e.date.to_string(), "kind": e.kind,
                              "headline_office": ds.calendar.headline_office(e)},
                "party": party_code(t.group),
                "measure": t.measure,
                "previous_comparable": prev,
                "place": ds.place,
                "coverage": t.coverage,
            });
            if let Some(c) = candidate {
                city["candidate_share"] = serde_json::json!(share_of(None));
                let race = &ds.races[c.race];
                doc["candidate"] = serde_json::json!({
                    "name": c.name(ds),
                    "office": race.office,
                    "party": race.party,
                    "share": "candidate votes / all votes in the race, write-ins included",
                    "correlation_with_turnout": c.correlation,
                });
            }
            doc["wards"] = serde_json::Value::Array(wards);
            doc["city"] = city;
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
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
    let has_figures = |e: usize| {
        PartyGroup::ALL
            .iter()
            .any(|&g| !aggregate::city(ds, e, g).is_empty())
    };
    let Some(e) = find_election(ds, year, kind).filter(|&e| has_figures(e)) else {
        return Err(format!(
            "no turnout figures for the {year} {kind} in the loaded data; add a ward or division \
             file for it with --data PATH or $TURNOUT_DATA (formats in README.md)"
        ));
    };
    let measure = measure.unwrap_or_else(|| aggregate::default_measure(ds, e, group));
    Ok(aggregate::ward_table(ds, e, group, measure))
}
