//! From raw results to races: rows repeating a key rejected, later files overriding earlier
//! ones, divisions summed to wards, wards checked for completeness, candidates joined to the
//! race list (`seeds/candidates.csv`), winners found.

use super::raw::{ResultEntry, party_label};
use super::{DivisionVote, Race, RaceCandidate, Tally, names, outcome};
use crate::data::dataset::{Overrides, note_override};
use crate::data::load::Loader;
use crate::data::model::{Kind, WardId};
use crate::data::problem::{Location, Problem, ProblemKind};
use crate::data::seeds::Seeds;
use std::collections::BTreeSet;

/// Most incomplete-ward warnings listed per race.
const MAX_INCOMPLETE_LISTED: usize = 20;

/// One candidate's votes in one ward, after duplicates, overrides and levels are settled.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sum {
    candidate: u32,
    ward: WardId,
    votes: u64,
    /// Division rows summed (0: a ward-level row) and a fingerprint of which divisions, so
    /// that candidates covering different divisions are caught.
    divisions: u32,
    fingerprint: u64,
}

/// One candidate's votes in one division, where the ward's figure comes from its divisions.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DivisionSum {
    candidate: u32,
    ward: WardId,
    division: u16,
    votes: u32,
}

/// What [`resolve`] settles: the sums, and per race the sources and files behind them.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    sums: Vec<Sum>,
    /// Division votes behind the sums that come from divisions, by (candidate, ward, division).
    division_sums: Vec<DivisionSum>,
    sources: Vec<BTreeSet<u16>>,
    files: Vec<BTreeSet<u16>>,
}

impl Resolved {
    /// The wards that have votes in a place's races.
    pub(crate) fn wards_of<'a>(
        &'a self,
        loader: &'a Loader<'_>,
        place: u16,
    ) -> impl Iterator<Item = WardId> + 'a {
        self.sums
            .iter()
            .filter(move |s| {
                let race = loader.results.candidates[s.candidate as usize].race;
                let election = loader.results.races[race as usize].election;
                loader.elections[election as usize].0 == place
            })
            .map(|s| s.ward)
    }
}

/// A division's share of a fingerprint (a multiplicative hash, summed).
fn mix(division: u16) -> u64 {
    (division as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The key of a result row as users read it.
fn describe(loader: &Loader<'_>, e: &ResultEntry) -> String {
    let raw = &loader.results;
    let c = &raw.candidates[e.candidate as usize];
    let race = &raw.races[c.race as usize];
    let (_, el) = &loader.elections[race.election as usize];
    let mut s = format!(
        "{} {} {}",
        el.year(),
        el.kind,
        super::office_and_party(
            &super::office_with_district(&race.office, &race.district),
            &race.party
        )
    );
    s.push_str(&format!(" ward {}", e.ward));
    if e.division > 0 {
        s.push_str(&format!(" division {:02}", e.division));
    }
    s.push_str(&format!(" {} votes", c.name));
    s
}

/// Settles the loader's result rows: within a file the first row of a key stands and repeats
/// are rejected; across files the later file wins (reported as an override); a ward given both
/// as one row and as divisions takes the later source's.
pub(crate) fn resolve(loader: &mut Loader<'_>, overrides: &mut Overrides) -> Resolved {
    let mut entries = std::mem::take(&mut loader.results.entries);
    entries.sort_unstable_by_key(|e| (e.candidate, e.ward, e.division, e.file, e.part, e.line));
    let n_races = loader.results.races.len();
    let mut out = Resolved {
        sums: Vec::new(),
        division_sums: Vec::new(),
        sources: vec![BTreeSet::new(); n_races],
        files: vec![BTreeSet::new(); n_races],
    };
    // Per (candidate, ward): the ward-level row (votes, file) and the divisions' sum.
    let mut ward_level: Option<(u64, u16)> = None;
    let mut divs = (0u64, 0u32, 0u64, 0u16);
    let mut div_rows: Vec<DivisionSum> = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let e = entries[i];
        let same_key = |o: &ResultEntry| {
            (o.candidate, o.ward, o.division) == (e.candidate, e.ward, e.division)
        };
        let end = i + entries[i..].iter().take_while(|o| same_key(o)).count();
        let group = &entries[i..end];
        // Each file's figure: its first row, plus rows of other vote types (which add up);
        // a repeat of a row (same type) is rejected.
        let mut firsts: Vec<ResultEntry> = Vec::new();
        // The vote type last added and the line of its first row.
        let mut last_part: Option<(u8, u32)> = None;
        for row in group {
            match firsts.last_mut() {
                Some(first) if first.file == row.file => {
                    if row.part != 0 && last_part.map(|p| p.0) != Some(row.part) {
                        first.votes = first.votes.saturating_add(row.votes);
                        last_part = Some((row.part, row.line));
                        continue;
                    }
                    let kind = ProblemKind::DuplicateKey {
                        key: describe(loader, row),
                        first_line: last_part.map_or(first.line, |p| p.1) as u64,
                    };
                    loader.files[row.file as usize].rows_rejected += 1;
                    loader.push_row_problem(row.file, row.line as u64, None, kind);
                }
                _ => {
                    firsts.push(*row);
                    last_part = Some((row.part, row.line));
                }
            }
        }
        let winner = firsts[firsts.len() - 1];
        for earlier in &firsts[..firsts.len() - 1] {
            note_override(overrides, &loader.files, earlier.file, winner.file, || {
                describe(loader, &winner)
            });
        }
        let race = loader.results.candidates[winner.candidate as usize].race as usize;
        out.files[race].insert(winner.file);
        if winner.source != u16::MAX {
            out.sources[race].insert(winner.source);
        }
        if winner.division == 0 {
            ward_level = Some((winner.votes as u64, winner.file));
        } else {
            divs.0 += winner.votes as u64;
            divs.1 += 1;
            divs.2 = divs.2.wrapping_add(mix(winner.division));
            divs.3 = divs.3.max(winner.file);
            div_rows.push(DivisionSum {
                candidate: winner.candidate,
                ward: winner.ward,
                division: winner.division,
                votes: winner.votes,
            });
        }
        let next_differs = entries
            .get(end)
            .is_none_or(|n| (n.candidate, n.ward) != (e.candidate, e.ward));
        if next_differs {
            let sum = match ward_level {
                Some((votes, file)) if divs.1 == 0 || file >= divs.3 => Sum {
                    candidate: e.candidate,
                    ward: e.ward,
                    votes,
                    divisions: 0,
                    fingerprint: 0,
                },
                _ => {
                    out.division_sums.append(&mut div_rows);
                    Sum {
                        candidate: e.candidate,
                        ward: e.ward,
                        votes: divs.0,
                        divisions: divs.1,
                        fingerprint: divs.2,
                    }
                }
            };
            out.sums.push(sum);
            div_rows.clear();
            ward_level = None;
            divs = (0, 0, 0, 0);
        }
        i = end;
    }
    out
}

/// Builds the races of one place, aligned to its `wards`, with elections renumbered by `rank`
/// (loader id to the place's date order). Incomplete wards are reported as warnings.
pub(crate) fn build_races(
    loader: &Loader<'_>,
    resolved: &Resolved,
    place: u16,
    rank: &[usize],
    wards: &[WardId],
    seeds: &Seeds,
    problems: &mut Vec<Problem>,
) -> Vec<Race> {
    let raw = &loader.results;
    // Each raw candidate's race and position in it.
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); raw.races.len()];
    let mut local = vec![0usize; raw.candidates.len()];
    for (id, c) in raw.candidates.iter().enumerate() {
        local[id] = members[c.race as usize].len();
        members[c.race as usize].push(id as u32);
    }
    // The cells the files give, per race: (ward, candidate in `members`, votes, divisions,
    // fingerprint). Only rows read are held: never wards x candidates.
    type Cell = (usize, usize, u64, u32, u64);
    let mut cells: Vec<Vec<Cell>> = vec![Vec::new(); raw.races.len()];
    for s in &resolved.sums {
        let Ok(w) = wards.binary_search(&s.ward) else {
            continue;
        };
        let race = raw.candidates[s.candidate as usize].race as usize;
        cells[race].push((
            w,
            local[s.candidate as usize],
            s.votes,
            s.divisions,
            s.fingerprint,
        ));
    }

    // Division votes per race: (ward, division, candidate in `members`, votes).
    let mut division_rows: Vec<Vec<DivisionVote>> = vec![Vec::new(); raw.races.len()];
    for d in &resolved.division_sums {
        let race = raw.candidates[d.candidate as usize].race as usize;
        division_rows[race].push(DivisionVote {
            ward: d.ward,
            division: d.division,
            candidate: local[d.candidate as usize] as u32,
            votes: d.votes,
        });
    }

    let mut races = Vec::with_capacity(raw.races.len());
    for (r, rr) in raw.races.iter().enumerate() {
        let (race_place, election) = &loader.elections[rr.election as usize];
        if *race_place != place {
            continue;
        }
        let n = members[r].len();
        let mut city_raw = vec![0u64; n];
        for &(_, c, votes, _, _) in &cells[r] {
            city_raw[c] += votes;
        }
        // Most votes first, the write-in line last, then by name.
        let mut order: Vec<usize> = (0..n).collect();
        let name_of = |c: usize| raw.candidates[members[r][c] as usize].name.as_str();
        order.sort_by(|&a, &b| {
            names::is_write_in(name_of(a))
                .cmp(&names::is_write_in(name_of(b)))
                .then(city_raw[b].cmp(&city_raw[a]))
                .then(name_of(a).cmp(name_of(b)))
        });

        // The race list: seeds rows of this year, kind, office and (in a primary) party.
        let in_race: Vec<usize> = seeds
            .candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.year == election.year()
                    && Kind::parse(&c.election) == Some(election.kind)
                    && names::office_key(&c.office) == names::office_key(&rr.office)
                    && (rr.party.is_empty() || party_label(&c.party) == rr.party)
            })
            .map(|(i, _)| i)
            .collect();
        let office = match in_race.first() {
            Some(&i) => seeds.candidates[i].office.clone(),
            None => match loader.calendar.headline_office(election) {
                Some(h) if names::office_key(h) == names::office_key(&rr.office) => h.to_string(),
                _ => rr.office.clone(),
            },
        };
        let candidates: Vec<RaceCandidate> = order
            .iter()
            .map(|&c| {
                let rc = &raw.candidates[members[r][c] as usize];
                let write_in = names::is_write_in(&rc.name);
                // The spellings the files use first, then the names' rules.
                let key = names::key(&rc.name);
                let by_ballot = in_race.iter().copied().find(|&i| {
                    seeds.candidates[i]
                        .ballot_name
                        .split('|')
                        .any(|b| !b.trim().is_empty() && names::key(b) == key)
                });
                let seed = by_ballot.or_else(|| {
                    names::find_match(
                        &rc.name,
                        in_race
                            .iter()
                            .map(|&i| seeds.candidates[i].candidate.as_str()),
                    )
                    .map(|k| in_race[k])
                });
                let name = match seed {
                    Some(i) => seeds.candidates[i].candidate.clone(),
                    None if write_in => "Write-in".to_string(),
                    None => rc.name.clone(),
                };
                RaceCandidate {
                    name,
                    name_in_results: rc.name.clone(),
                    party: rc.party.clone(),
                    seed,
                    write_in,
                }
            })
            .collect();

        let mut by_ward = super::sparse::SparseVotes::new(wards.len());
        let mut incomplete = 0usize;
        let label = format!(
            "{} {} {}",
            election.year(),
            election.kind,
            super::office_and_party(
                &super::office_with_district(&office, &rr.district),
                &rr.party
            )
        );
        let file_name = resolved.files[r]
            .last()
            .map_or(String::new(), |&f| loader.files[f as usize].name.clone());
        // Candidates numbered as shown (most votes first).
        let mut position = vec![0u32; n];
        for (pos, &c) in order.iter().enumerate() {
            position[c] = pos as u32;
        }
        let mut race_cells = std::mem::take(&mut cells[r]);
        for cell in &mut race_cells {
            cell.1 = position[cell.1] as usize;
        }
        race_cells.sort_unstable_by_key(|c| (c.0, c.1));
        for present in race_cells.chunk_by(|a, b| a.0 == b.0) {
            let (w, ward) = (present[0].0, &wards[present[0].0]);
            let total: u64 = present.iter().map(|v| v.2).sum();
            let same_divisions = present
                .iter()
                .all(|v| (v.3, v.4) == (present[0].3, present[0].4));
            let complete = present.len() == n && same_divisions;
            if !complete {
                incomplete += 1;
                if incomplete <= MAX_INCOMPLETE_LISTED {
                    // Only listed wards name their missing candidates.
                    let mut has = vec![false; n];
                    for v in present {
                        has[v.1] = true;
                    }
                    let missing: Vec<&str> = candidates
                        .iter()
                        .zip(&has)
                        .filter(|(_, h)| !**h)
                        .map(|(c, _)| c.name.as_str())
                        .collect();
                    let missing = if missing.is_empty() {
                        "some divisions (candidates cover different divisions)".to_string()
                    } else if missing.len() > 5 {
                        format!("{} and {} more", missing[..5].join(", "), missing.len() - 5)
                    } else {
                        missing.join(", ")
                    };
                    problems.push(Problem {
                        at: Location {
                            file: file_name.clone(),
                            line: None,
                            column: None,
                        },
                        kind: ProblemKind::IncompleteWard {
                            race: label.clone(),
                            ward: ward.to_string(),
                            missing,
                        },
                    });
                }
            }
            let tally = Tally {
                reported: true,
                total,
                complete,
                // A race electing several has no single winner or margin. A complete ward has
                // every candidate, in order: its counts are the row.
                outcome: if complete && rr.seats <= 1 {
                    outcome(&present.iter().map(|v| v.2).collect::<Vec<u64>>())
                } else {
                    None
                },
            };
            let row: Vec<(u32, u32)> = present
                .iter()
                .map(|v| (v.1 as u32, v.2.min(u64::from(u32::MAX)) as u32))
                .collect();
            by_ward.push(w, &row, tally);
        }
        let city_votes: Vec<u64> = order.iter().map(|&c| city_raw[c]).collect();
        let mut division_votes = std::mem::take(&mut division_rows[r]);
        for d in &mut division_votes {
            d.candidate = position[d.candidate as usize];
        }
        division_votes.sort_unstable_by_key(|d| (d.ward, d.division, d.candidate));
        let reported = by_ward.reported().next().is_some();
        let city = Tally {
            reported,
            total: city_votes.iter().sum(),
            complete: reported && incomplete == 0,
            outcome: if rr.seats <= 1 {
                outcome(&city_votes)
            } else {
                None
            },
        };
        races.push(Race {
            election: rank[rr.election as usize],
            office,
            party: rr.party.clone(),
            district: rr.district.clone(),
            seats: rr.seats,
            candidates,
            sources: resolved.sources[r]
                .iter()
                .map(|&s| raw.sources[s as usize].clone())
                .collect(),
            files: resolved.files[r]
                .iter()
                .map(|&f| loader.files[f as usize].name.clone())
                .collect(),
            by_ward,
            city_votes,
            city,
            division_votes,
            labels: std::sync::OnceLock::new(),
            key: std::sync::OnceLock::new(),
        });
    }
    races.sort_by(|a, b| (a.election, &a.office, &a.party).cmp(&(b.election, &b.office, &b.party)));
    races
}
