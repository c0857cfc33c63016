//! `turnout compare`: one election beside a base election, ward by ward: turnout in each, the
//! change, ballots, ranks, the representation index and a candidate's share in each.

use super::{Format, find_election, pct, write_aligned};
use crate::data::compare::{self, CandidateShares, CompareRow, CompareTable};
use crate::data::{Dataset, Kind, Measure, PartyGroup};
use crate::numbers::{change_text, signed, signed_count};
use std::io::{self, Write};

/// What to compare, as plain values.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// The compared election's year (B).
    pub year: i32,
    /// The base election's year (A); default: the previous comparable election.
    pub base: Option<i32>,
    /// Both elections' kind.
    pub kind: Kind,
    /// Party group.
    pub group: PartyGroup,
    /// A candidate (any part of the name) whose share is compared, where in both elections.
    pub candidate: Option<String>,
}

/// The comparison and the candidate's shares, or why there is none.
///
/// # Errors
/// A message naming what is missing.
pub fn compare(
    ds: &Dataset,
    o: &CompareOptions,
) -> Result<(CompareTable, Option<CandidateShares>), String> {
    let b = find_election(ds, o.year, o.kind).ok_or_else(|| {
        format!(
            "no {} {} in the loaded data of {}",
            o.year, o.kind, ds.place
        )
    })?;
    let a = match o.base {
        Some(y) => find_election(ds, y, o.kind)
            .ok_or_else(|| format!("no {y} {} in the loaded data of {}", o.kind, ds.place))?,
        None => compare::default_base(ds, b).ok_or_else(|| {
            format!(
                "no earlier comparable election for the {} {}; give --base YEAR",
                o.year, o.kind
            )
        })?,
    };
    let measure = compare::common_measure(ds, a, b, o.group);
    let shares = match &o.candidate {
        None => None,
        Some(q) => {
            let hits: Vec<(usize, usize)> = ds
                .races
                .iter()
                .enumerate()
                .filter(|(_, r)| r.election == b)
                .flat_map(|(ri, r)| r.find_candidates(q).into_iter().map(move |c| (ri, c)))
                .collect();
            let (r, c) = match hits.as_slice() {
                [one] => *one,
                [] => {
                    return Err(format!(
                        "no candidate of the {} {} matches {q:?}",
                        o.year, o.kind
                    ));
                }
                _ => {
                    return Err(format!(
                        "{q:?} matches several candidates; give more of the name"
                    ));
                }
            };
            let s = compare::candidate_shares(ds, a, r, c).ok_or_else(|| {
                format!(
                    "{} has no results in the {} {}: no share to compare",
                    ds.races[r].candidates[c].name,
                    ds.elections()[a].year(),
                    o.kind
                )
            })?;
            Some(s)
        }
    };
    let t = compare::compare_table(ds, b, a, o.group, measure, shares.as_ref());
    Ok((t, shares))
}

/// `2021 vs 2017 primary (District Attorney); all parties; measure: ballots cast`.
pub fn compare_title(ds: &Dataset, t: &CompareTable) -> String {
    let (ea, eb) = (&ds.elections()[t.a], &ds.elections()[t.b]);
    let office = ds
        .calendar
        .headline_office(eb)
        .map_or(String::new(), |o| format!(" ({o})"));
    let mut s = format!(
        "{}{} vs {} {}{office}; {}; measure: {}; rep = share of the city's ballots / share of its \
         registered voters",
        if ds.place == crate::data::place::PHILADELPHIA {
            String::new()
        } else {
            format!("{}: ", ds.place)
        },
        eb.year(),
        ea.year(),
        eb.kind,
        t.group.as_str(),
        t.measure.describe()
    );
    if t.both < t.of {
        s.push_str(&format!(
            "; {} of {} wards in both: the city row is their total",
            t.both, t.of
        ));
    }
    s
}

fn opt(v: Option<f64>, f: impl Fn(f64) -> String) -> String {
    v.map_or("n/a".into(), f)
}

fn cells(label: String, r: &CompareRow, shares: bool) -> Vec<String> {
    let mut c = vec![
        format!("{label}{}", if r.boundary_moved { " †" } else { "" }),
        pct(r.turnout_a),
        pct(r.turnout_b),
        change_text(r.change),
        opt(r.count_delta, signed_count),
        opt(r.count_delta_pct, |p| format!("{p:+.1}%")),
        match (r.rank_a, r.rank_b) {
            (Some(x), Some(y)) => format!("{x} → {y}"),
            _ => String::new(),
        },
        opt(r.rep_b, |v| format!("{v:.2}")),
        opt(r.rep_delta(), |v| signed(v, 2)),
    ];
    if shares {
        c.push(pct(r.share_a));
        c.push(pct(r.share_b));
        c.push(opt(r.share_delta(), |v| format!("{} pp", signed(v, 1))));
    }
    c
}

/// Writes the comparison as a table, CSV or JSON.
///
/// # Errors
/// Any error writing to `out`.
pub fn write_compare(
    ds: &Dataset,
    t: &CompareTable,
    shares: Option<&CandidateShares>,
    format: Format,
    out: &mut impl Write,
) -> io::Result<()> {
    let (ya, yb) = (ds.elections()[t.a].year(), ds.elections()[t.b].year());
    let shown: Vec<&CompareRow> = t
        .rows
        .iter()
        .filter(|r| !r.a.is_empty() || !r.b.is_empty())
        .collect();
    let city_label = if t.both < t.of {
        "both"
    } else {
        super::whole_label(ds)
    };
    let count = match t.measure {
        Measure::Ballots => "ballots",
        Measure::TopRaceVotes => "top_race_votes",
    };
    match format {
        Format::Table => {
            writeln!(out, "{}", compare_title(ds, t))?;
            let mut header: Vec<String> = vec![
                "ward".into(),
                format!("turnout {ya}"),
                format!("turnout {yb}"),
                "change".into(),
                format!("{count} Δ"),
                "Δ %".into(),
                "rank".into(),
                format!("rep {yb}"),
                "rep Δ".into(),
            ];
            if let Some(s) = shares {
                let last = s
                    .name
                    .split_whitespace()
                    .last()
                    .unwrap_or(&s.name)
                    .to_string();
                header.extend([
                    format!("{last} {ya}"),
                    format!("{last} {yb}"),
                    "share Δ".into(),
                ]);
            }
            let mut lines = vec![header];
            for r in &shown {
                lines.push(cells(r.ward.to_string(), r, shares.is_some()));
            }
            lines.push(cells(city_label.into(), &t.city, shares.is_some()));
            write_aligned(&lines, 1, out)?;
            if shown.iter().any(|r| r.boundary_moved) {
                writeln!(
                    out,
                    "† registered voters changed by more than {:.0}% between {ya} and {yb}: the \
                     ward's lines probably moved",
                    compare::BOUNDARY_CHANGE * 100.0
                )?;
            }
            if let Some(s) = shares {
                writeln!(
                    out,
                    "share = {}'s votes / all votes in the race, write-ins included",
                    s.name
                )?;
            }
            Ok(())
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            let mut header = vec![
                "ward".to_string(),
                "year_a".into(),
                "year_b".into(),
                "registered_a".into(),
                "registered_b".into(),
                format!("{count}_a"),
                format!("{count}_b"),
                "turnout_pct_a".into(),
                "turnout_pct_b".into(),
                "change_pp".into(),
                "count_delta".into(),
                "count_delta_pct".into(),
                "rank_a".into(),
                "rank_b".into(),
                "rep_a".into(),
                "rep_b".into(),
                "boundary_moved".into(),
            ];
            if shares.is_some() {
                header.extend(["candidate", "share_pct_a", "share_pct_b"].map(String::from));
            }
            w.write_record(&header)?;
            let f2 = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.2}"));
            let p2 = |v: Option<f64>| v.map_or(String::new(), |v| format!("{:.2}", v * 100.0));
            let n = |v: Option<u64>| v.map_or(String::new(), |v| v.to_string());
            let rows = shown
                .iter()
                .map(|r| (r.ward.to_string(), *r))
                .chain(std::iter::once((city_label.to_string(), &t.city)));
            for (label, r) in rows {
                let pp = match r.change {
                    Some(crate::data::aggregate::Change::Points(p)) => Some(p),
                    _ => None,
                };
                let mut rec = vec![
                    label,
                    ya.to_string(),
                    yb.to_string(),
                    n(r.a.registered),
                    n(r.b.registered),
                    r.a.count(t.measure)
                        .map_or(String::new(), super::format_count),
                    r.b.count(t.measure)
                        .map_or(String::new(), super::format_count),
                    p2(r.turnout_a),
                    p2(r.turnout_b),
                    f2(pp),
                    r.count_delta
                        .map_or(String::new(), |d| format!("{}", d.round() as i64)),
                    f2(r.count_delta_pct),
                    r.rank_a.map_or(String::new(), |k| k.to_string()),
                    r.rank_b.map_or(String::new(), |k| k.to_string()),
                    f2(r.rep_a),
                    f2(r.rep_b),
                    r.boundary_moved.to_string(),
                ];
                if let Some(s) = shares {
                    rec.extend([s.name.clone(), p2(r.share_a), p2(r.share_b)]);
                }
                w.write_record(&rec)?;
            }
            w.flush()
        }
        Format::Json => {
            let mut city_json = serde_json::to_value(&t.city).unwrap_or_default();
            city_json["ward"] = serde_json::json!(city_label);
            let doc = serde_json::json!({
                "place": ds.place,
                "a": {"date": ds.elections()[t.a].date.to_string(), "kind": ds.elections()[t.a].kind},
                "b": {"date": ds.elections()[t.b].date.to_string(), "kind": ds.elections()[t.b].kind},
                "party": t.group,
                "measure": t.measure,
                "wards_in_both": t.both,
                "wards_of_place": t.of,
                "candidate": shares.map(|s| s.name.clone()),
                "wards": shown,
                "city": city_json,
            });
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
    }
}
