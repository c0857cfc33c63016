//! `turnout results`: a race's votes by ward (each candidate's votes and share, the ward's
//! winner and margin) with the city last, or one ward beside the city.

use super::Format as OutputFormat;
use super::{find_election, thousands, write_aligned};
use crate::data::results::{Race, Tally, names};
use crate::data::{Dataset, Kind, PartyGroup, WardId};
use std::io::{self, Write};

/// What every share means, printed with every table.
const SHARE_MEANS: &str = "share = the candidate's votes / all votes in this race in the ward \
                           (write-ins included); margin = winner minus runner-up";

/// The races of a year and kind, narrowed by office and party.
///
/// # Errors
/// A message listing the races that are loaded when none matches.
pub fn select_races(
    ds: &Dataset,
    year: i32,
    kind: Kind,
    office: Option<&str>,
    party: Option<PartyGroup>,
) -> Result<Vec<usize>, String> {
    let chosen: Vec<usize> = ds
        .races
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            let e = &ds.elections()[r.election];
            e.year() == year
                && e.kind == kind
                && office.is_none_or(|o| names::office_matches(o, &r.office))
                && party.is_none_or(|p| PartyGroup::of_label(&r.party) == p)
        })
        .map(|(i, _)| i)
        .collect();
    if !chosen.is_empty() {
        return Ok(chosen);
    }
    if let Some(p) = party {
        // The office has results, only not for that party: say the party filter did it.
        let other_parties: Vec<String> = ds
            .races
            .iter()
            .filter(|r| {
                let e = &ds.elections()[r.election];
                e.year() == year
                    && e.kind == kind
                    && office.is_none_or(|o| names::office_matches(o, &r.office))
            })
            .map(|r| race_title(ds, r))
            .collect();
        if !other_parties.is_empty() {
            return Err(format!(
                "--party {} leaves out every race found ({}); drop --party or choose another",
                p.as_str(),
                other_parties.join("; ")
            ));
        }
    }
    let loaded: Vec<String> = ds.races.iter().map(|r| race_title(ds, r)).collect();
    let wanted = match office {
        Some(o) => format!("{o:?} in the {year} {kind}"),
        None => format!("the {year} {kind}"),
    };
    let hint = if find_election(ds, year, kind).is_some() || !loaded.is_empty() {
        format!(
            "results loaded: {}",
            if loaded.is_empty() {
                "none".to_string()
            } else {
                loaded.join("; ")
            }
        )
    } else {
        String::new()
    };
    Err(format!(
        "no candidate results for {wanted}; {hint}; add a results file with --data PATH \
         (format in README.md)"
    ))
}

/// `District Attorney (Democratic), 2017 primary`.
fn race_title(ds: &Dataset, r: &Race) -> String {
    let e = &ds.elections()[r.election];
    format!("{}, {} {}", r.office_and_party(), e.year(), e.kind)
}

fn share_text(s: Option<f64>) -> String {
    s.map_or("n/a".into(), |s| format!("{:.1}", s * 100.0))
}

/// A ward's (or the city's) winner, margin in votes and margin in points.
fn outcome_cells(t: &Tally, labels: &[String]) -> [String; 3] {
    match t.outcome {
        Some(o) if o.tied => ["tie".into(), "0".into(), "0.0".into()],
        Some(o) => [
            labels[o.leader].clone(),
            format!("+{}", thousands(o.margin_votes)),
            format!("{:.1}", o.margin_points),
        ],
        None if t.reported => ["n/a (incomplete)".into(), String::new(), String::new()],
        None => ["n/a".into(), String::new(), String::new()],
    }
}

/// The positions (in `Dataset::wards`) of the wards to show.
fn ward_positions(ds: &Dataset, race: &Race, only: Option<&[WardId]>) -> Vec<usize> {
    match only {
        Some(ws) => ws.iter().filter_map(|w| ds.ward_index(*w)).collect(),
        None => race.reported_wards().collect(),
    }
}

/// Writes the results of the chosen races, all wards or only `wards`, in the chosen format.
///
/// # Errors
/// Any error writing to `out`.
pub fn write_results(
    ds: &Dataset,
    races: &[usize],
    wards: Option<&[WardId]>,
    format: OutputFormat,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Table => {
            for (i, &r) in races.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                let race = &ds.races[r];
                match wards {
                    Some([one]) => write_ward_view(ds, race, *one, out)?,
                    _ => write_table(ds, race, wards, out)?,
                }
            }
            Ok(())
        }
        OutputFormat::Csv => write_csv(ds, races, wards, out),
        OutputFormat::Json => {
            let docs: Vec<serde_json::Value> = races
                .iter()
                .map(|&r| race_json(ds, &ds.races[r], wards))
                .collect();
            serde_json::to_writer_pretty(&mut *out, &docs)?;
            writeln!(out)
        }
    }
}

fn write_header(ds: &Dataset, race: &Race, what: &str, out: &mut impl Write) -> io::Result<()> {
    let e = &ds.elections()[race.election];
    writeln!(
        out,
        "{} on {} in {}: {what}",
        race_title(ds, race),
        e.date,
        ds.place
    )?;
    writeln!(out, "{SHARE_MEANS}")?;
    let by_ward = race
        .reported_wards()
        .filter(|&w| ds.wards()[w].is_ward())
        .count();
    let of = ds.ward_universe();
    if let Some(w) = ds.within_label() {
        if by_ward == 0 {
            writeln!(out, "coverage: no results by division for {w} in this race")?;
        } else if by_ward < of {
            writeln!(
                out,
                "coverage: {by_ward} of {of} divisions; the {w} row is their total"
            )?;
        }
    } else if by_ward == 0 {
        writeln!(
            out,
            "coverage: totals for {} only, no figures by ward",
            ds.place
        )?;
    } else if by_ward < of {
        writeln!(
            out,
            "coverage: {by_ward} of {of} wards; the city row is the total of the loaded wards"
        )?;
    }
    if !race.sources.is_empty() {
        writeln!(out, "source: {}", race.sources.join("; "))?;
    }
    Ok(())
}

fn write_footnotes(race: &Race, out: &mut impl Write) -> io::Result<()> {
    if race.seats > 1 {
        writeln!(
            out,
            "this race elects {}: no single winner or margin is given",
            race.seats
        )?;
    }
    let unlisted: Vec<&str> = race.not_in_race_list().map(|c| c.name.as_str()).collect();
    if !unlisted.is_empty() {
        writeln!(
            out,
            "* not in the race list (seeds/candidates.csv): {}",
            unlisted.join(", ")
        )?;
    }
    if race.city().reported && !race.city().complete {
        writeln!(
            out,
            "city: some wards lack votes for a candidate; `turnout check` lists them"
        )?;
    }
    Ok(())
}

/// Column labels: short names, `*` for candidates not in the race list.
fn labels(race: &Race) -> Vec<String> {
    race.short_labels()
        .iter()
        .zip(&race.candidates)
        .map(|(l, c)| {
            if c.in_race_list() || c.write_in {
                l.clone()
            } else {
                format!("{l}*")
            }
        })
        .collect()
}

fn write_table(
    ds: &Dataset,
    race: &Race,
    only: Option<&[WardId]>,
    out: &mut impl Write,
) -> io::Result<()> {
    let what = match ds.within_label() {
        Some(w) => format!("votes and share by division of {w}"),
        None => "votes and share by ward".into(),
    };
    write_header(ds, race, &what, out)?;
    let labels = labels(race);
    let mut header = vec![ds.unit_one().to_string(), "total".to_string()];
    for l in &labels {
        header.push(l.clone());
        header.push("%".into());
    }
    header.extend(["winner", "margin", "pp"].map(String::from));
    let mut lines = vec![header];
    let row = |label: String,
               t: &Tally,
               votes: &dyn Fn(usize) -> Option<u64>,
               share: &dyn Fn(usize) -> Option<f64>| {
        let mut cells = vec![label, thousands(t.total)];
        for c in 0..race.candidates.len() {
            cells.push(votes(c).map_or("n/a".into(), thousands));
            cells.push(share_text(share(c)));
        }
        cells.extend(outcome_cells(t, &labels));
        cells
    };
    for w in ward_positions(ds, race, only) {
        let t = race.tally(w);
        if !t.reported {
            continue;
        }
        lines.push(row(
            ds.unit_label(ds.wards()[w]),
            t,
            &|c| race.votes(w, c),
            &|c| race.share(w, c),
        ));
    }
    lines.push(row(
        ds.within_label()
            .unwrap_or_else(|| super::whole_label(ds).into()),
        race.city(),
        &|c| Some(race.city_votes(c)),
        &|c| race.city_share(c),
    ));
    write_aligned(&lines, 1, out)?;
    write_footnotes(race, out)
}

/// One ward beside the city: candidates by their votes in the ward.
fn write_ward_view(
    ds: &Dataset,
    race: &Race,
    ward: WardId,
    out: &mut impl Write,
) -> io::Result<()> {
    write_header(ds, race, &format!("ward {ward} beside the city"), out)?;
    let Some(w) = ds.ward_index(ward).filter(|&w| race.tally(w).reported) else {
        writeln!(
            out,
            "ward {ward}: no votes for this race in the loaded results"
        )?;
        return Ok(());
    };
    let mut order: Vec<usize> = (0..race.candidates.len()).collect();
    order.sort_by_key(|&c| {
        (
            race.candidates[c].write_in,
            std::cmp::Reverse(race.votes(w, c).unwrap_or(0)),
        )
    });
    let mut lines = vec![
        ["candidate", "ward votes", "ward %", "city votes", "city %"]
            .map(String::from)
            .to_vec(),
    ];
    for c in order {
        let cand = &race.candidates[c];
        let mark = if cand.in_race_list() || cand.write_in {
            ""
        } else {
            "*"
        };
        lines.push(vec![
            format!("{}{mark}", cand.name),
            race.votes(w, c).map_or("n/a".into(), thousands),
            share_text(race.share(w, c)),
            thousands(race.city_votes(c)),
            share_text(race.city_share(c)),
        ]);
    }
    lines.push(vec![
        "total".into(),
        thousands(race.tally(w).total),
        String::new(),
        thousands(race.city().total),
        String::new(),
    ]);
    write_aligned(&lines, 1, out)?;
    let names: Vec<String> = race.candidates.iter().map(|c| c.name.clone()).collect();
    let says = |t: &Tally| match outcome_cells(t, &names) {
        [who, m, pp] if !m.is_empty() && who != "tie" => {
            format!("{who}, by {} votes ({pp} pp)", &m[1..])
        }
        [who, ..] => who,
    };
    writeln!(
        out,
        "winner: ward {ward}: {}; city: {}",
        says(race.tally(w)),
        says(race.city())
    )?;
    write_footnotes(race, out)
}

fn write_csv(
    ds: &Dataset,
    races: &[usize],
    only: Option<&[WardId]>,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record([
        "election_date",
        "kind",
        "office",
        "party",
        ds.unit_one(),
        "candidate",
        "name_in_results",
        "in_race_list",
        "votes",
        "share_pct",
        &format!("{}_total", ds.unit_one()),
        &format!("{}_complete", ds.unit_one()),
        &format!("{}_winner", ds.unit_one()),
        "margin_votes",
        "margin_pp",
    ])?;
    for &r in races {
        let race = &ds.races[r];
        let e = &ds.elections()[race.election];
        let places = ward_positions(ds, race, only)
            .into_iter()
            .filter(|&w| race.tally(w).reported)
            .map(Some)
            .chain(std::iter::once(None));
        for place in places {
            let t = place.map_or(race.city(), |w| race.tally(w));
            let (winner, margin, pp) = match t.outcome {
                Some(o) if !o.tied => (
                    race.candidates[o.leader].name.clone(),
                    o.margin_votes.to_string(),
                    format!("{:.2}", o.margin_points),
                ),
                Some(_) => ("tie".into(), "0".into(), "0.00".into()),
                None => Default::default(),
            };
            let ward = place.map_or(ds.within_label().unwrap_or_else(|| "city".into()), |w| {
                ds.unit_label(ds.wards()[w])
            });
            for (c, cand) in race.candidates.iter().enumerate() {
                let (votes, share) = match place {
                    Some(w) => (race.votes(w, c), race.share(w, c)),
                    None => (Some(race.city_votes(c)), race.city_share(c)),
                };
                writer.write_record([
                    e.date.to_string(),
                    e.kind.to_string(),
                    race.office.clone(),
                    race.party.clone(),
                    ward.clone(),
                    cand.name.clone(),
                    cand.name_in_results.clone(),
                    cand.in_race_list().to_string(),
                    votes.map_or(String::new(), |v| v.to_string()),
                    share.map_or(String::new(), |s| format!("{:.2}", s * 100.0)),
                    t.total.to_string(),
                    t.complete.to_string(),
                    winner.clone(),
                    margin.clone(),
                    pp.clone(),
                ])?;
            }
        }
    }
    writer.flush()
}

fn tally_json(
    race: &Race,
    t: &Tally,
    votes: Vec<Option<u64>>,
    shares: Vec<Option<f64>>,
) -> serde_json::Value {
    let name = |i: usize| race.candidates[i].name.clone();
    serde_json::json!({
        "total": t.total,
        "complete": t.complete,
        "votes": votes,
        "share": shares,
        "winner": t.outcome.filter(|o| !o.tied).map(|o| name(o.leader)),
        "tied": t.outcome.is_some_and(|o| o.tied),
        "margin_votes": t.outcome.map(|o| o.margin_votes),
        "margin_points": t.outcome.map(|o| o.margin_points),
    })
}

fn race_json(ds: &Dataset, race: &Race, only: Option<&[WardId]>) -> serde_json::Value {
    let e = &ds.elections()[race.election];
    let n = race.candidates.len();
    let candidates: Vec<serde_json::Value> = race
        .candidates
        .iter()
        .map(|c| {
            serde_json::json!({
                "name": c.name,
                "name_in_results": c.name_in_results,
                "party": c.party,
                "in_race_list": c.in_race_list(),
                "write_in": c.write_in,
            })
        })
        .collect();
    let wards: Vec<serde_json::Value> = ward_positions(ds, race, only)
        .into_iter()
        .filter(|&w| race.tally(w).reported)
        .map(|w| {
            let mut v = tally_json(
                race,
                race.tally(w),
                (0..n).map(|c| race.votes(w, c)).collect(),
                (0..n).map(|c| race.share(w, c)).collect(),
            );
            v[ds.unit_one()] = serde_json::json!(ds.unit_label(ds.wards()[w]));
            v
        })
        .collect();
    let city = tally_json(
        race,
        race.city(),
        (0..n).map(|c| Some(race.city_votes(c))).collect(),
        (0..n).map(|c| race.city_share(c)).collect(),
    );
    serde_json::json!({
        "election": {"date": e.date.to_string(), "kind": e.kind},
        "office": race.office,
        "party": race.party,
        "share_means": SHARE_MEANS,
        "sources": race.sources,
        "files": race.files,
        "candidates": candidates,
        "wards": wards,
        "city": city,
    })
}
