//! Reading rows of the candidate-results format: races, candidates and sources interned as
//! they come, each vote count kept with its file and line so that duplicates can be reported.

use super::names;
use crate::data::formats::{Layout, When};
use crate::data::load::{self, CellError, FileCtx, Loader};
use crate::data::model::{Election, Kind, PartyGroup, WardId};
use crate::data::problem::ProblemKind;
use std::collections::HashMap;

/// A race as read: an election, an office, and for primaries the party holding it.
#[derive(Debug, Clone)]
pub(crate) struct RawRace {
    /// Index into the loader's elections.
    pub election: u16,
    /// The office as first spelled (spaces collapsed).
    pub office: String,
    /// `Democratic`, `Republican`, another label as written, or empty (a general, or no party
    /// column).
    pub party: String,
}

/// A candidate of a race as read.
#[derive(Debug, Clone)]
pub(crate) struct RawCandidate {
    /// Index into the races.
    pub race: u32,
    /// The name as first spelled (spaces collapsed).
    pub name: String,
    /// The candidate's party label (in a primary, the primary's).
    pub party: String,
}

/// One vote count: a candidate's votes in a ward or one of its divisions, in 20 bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ResultEntry {
    pub candidate: u32,
    pub ward: WardId,
    /// 0 for a ward-level row.
    pub division: u16,
    pub file: u16,
    /// Index into the sources; `u16::MAX` when the row gives none.
    pub source: u16,
    pub votes: u32,
    pub line: u32,
}

/// Per-file caches, so that repeated cells cost a comparison.
#[derive(Debug, Default)]
struct FileCache {
    file: Option<u16>,
    /// (office cell, party cell, election, race) seen in this file (primaries of two parties
    /// alternate row by row).
    races: Vec<(Vec<u8>, Vec<u8>, u16, u32)>,
    /// (race, candidate cell, candidate) seen in this file; a results file names a few dozen.
    candidates: Vec<(u32, Vec<u8>, u32)>,
    last_source: Option<(Vec<u8>, u16)>,
    /// The last (election, ward) added to the file's coverage.
    last_covered: Option<(u16, WardId)>,
}

/// Everything read from results files, before aggregation.
#[derive(Debug, Default)]
pub(crate) struct RawResults {
    pub races: Vec<RawRace>,
    race_index: HashMap<(u16, String, String), u32>,
    pub candidates: Vec<RawCandidate>,
    candidate_index: HashMap<(u32, String), u32>,
    pub entries: Vec<ResultEntry>,
    pub sources: Vec<String>,
    source_index: HashMap<String, u16>,
    cache: FileCache,
}

/// The party of a race or candidate as shown: the group's name for the two large parties.
pub(crate) fn party_label(text: &str) -> String {
    match PartyGroup::of_label(text) {
        PartyGroup::All => String::new(),
        PartyGroup::Democratic => "Democratic".into(),
        PartyGroup::Republican => "Republican".into(),
        PartyGroup::Other => names::collapse_spaces(text).to_uppercase(),
    }
}

impl RawResults {
    fn race(&mut self, election: u16, office: &str, party: String) -> Result<u32, ProblemKind> {
        let k = (election, names::key(office), party);
        if let Some(&id) = self.race_index.get(&k) {
            return Ok(id);
        }
        let id = u32::try_from(self.races.len()).map_err(|_| ProblemKind::Capacity("races"))?;
        self.races.push(RawRace {
            election,
            office: names::collapse_spaces(office),
            party: k.2.clone(),
        });
        self.race_index.insert(k, id);
        Ok(id)
    }

    fn candidate(&mut self, race: u32, name: &str, party: String) -> Result<u32, ProblemKind> {
        let k = (race, names::key(name));
        if let Some(&id) = self.candidate_index.get(&k) {
            return Ok(id);
        }
        let id = u32::try_from(self.candidates.len())
            .map_err(|_| ProblemKind::Capacity("candidates"))?;
        self.candidates.push(RawCandidate {
            race,
            name: names::collapse_spaces(name),
            party,
        });
        self.candidate_index.insert(k, id);
        Ok(id)
    }

    fn source(&mut self, text: &str) -> u16 {
        let text = names::collapse_spaces(text);
        if text.is_empty() {
            return u16::MAX;
        }
        if let Some(&id) = self.source_index.get(&text) {
            return id;
        }
        let Ok(id) = u16::try_from(self.sources.len()) else {
            return u16::MAX;
        };
        if id == u16::MAX {
            return id;
        }
        self.sources.push(text.clone());
        self.source_index.insert(text, id);
        id
    }
}

impl RawResults {
    /// Appends another loader's results: races, candidates and sources re-interned, entries
    /// renumbered (`elections` maps the other loader's election ids to this one's).
    pub(crate) fn absorb(&mut self, other: RawResults, elections: &[u16], file_offset: u16) {
        let races: Vec<u32> = other
            .races
            .iter()
            .map(|r| {
                self.race(elections[r.election as usize], &r.office, r.party.clone())
                    .unwrap_or(0)
            })
            .collect();
        let candidates: Vec<u32> = other
            .candidates
            .iter()
            .map(|c| {
                self.candidate(races[c.race as usize], &c.name, c.party.clone())
                    .unwrap_or(0)
            })
            .collect();
        let sources: Vec<u16> = other.sources.iter().map(|s| self.source(s)).collect();
        self.entries
            .extend(other.entries.into_iter().map(|e| ResultEntry {
                candidate: candidates[e.candidate as usize],
                file: e.file + file_offset,
                source: if e.source == u16::MAX {
                    u16::MAX
                } else {
                    sources[e.source as usize]
                },
                ..e
            }));
    }
}

impl Loader<'_> {
    /// Reads one row of a results file into an entry, or says which cell is wrong.
    pub(crate) fn read_result_row(
        &mut self,
        layout: &Layout,
        rec: &csv::ByteRecord,
        ctx: &mut FileCtx,
        file: u16,
        line: u64,
    ) -> Result<(), CellError> {
        let Layout::Results {
            when,
            kind,
            office,
            party,
            ward,
            division,
            candidate,
            votes,
            source,
        } = *layout
        else {
            unreachable!("read_result_row is called for results layouts only");
        };
        if self.results.cache.file != Some(file) {
            self.results.cache = FileCache {
                file: Some(file),
                ..FileCache::default()
            };
        }
        let cell = |i: usize| rec.get(i).unwrap_or(b"");
        let present = |c: Option<usize>| c.filter(|&i| !load::trim(cell(i)).is_empty());
        let election = match (kind, when) {
            (Some(k), _) => self.election(ctx, (k, cell(k)), (when, cell(when.column())))?,
            (None, When::Date(c)) => self.election_on_day(ctx, c, cell(c))?,
            (None, When::Year(c)) => {
                // The header check refuses this layout; a row cannot name its election.
                return Err((c, ProblemKind::MissingValue));
            }
        };
        let (w, d) = match (present(ward), present(division)) {
            (Some(wc), Some(dc)) => {
                let w = Loader::ward(ctx, wc, cell(wc))?;
                load::division_cell(ctx, dc, cell(dc), Some(w))?
            }
            (Some(wc), None) => (Loader::ward(ctx, wc, cell(wc))?, 0),
            (None, Some(dc)) => load::division_cell(ctx, dc, cell(dc), None)?,
            (None, None) => {
                return Err((ward.or(division).unwrap_or(0), ProblemKind::MissingValue));
            }
        };
        let votes_n = load::parse_count(cell(votes)).map_err(|k| (votes, k))?;
        let office_cell = cell(office);
        if load::trim(office_cell).is_empty() {
            return Err((office, ProblemKind::MissingValue));
        }
        let party_cell = party.map_or(&b""[..], cell);
        let seen = self
            .results
            .cache
            .races
            .iter()
            .find(|(o, p, e, _)| o == office_cell && p == party_cell && *e == election);
        let race = match seen {
            Some(&(_, _, _, id)) => id,
            None => {
                let party_text = load::text(party_cell, ctx.latin1);
                let office_text = load::text(office_cell, ctx.latin1);
                // In a primary the party names the race; in a general, only the candidate.
                let race_party = if self.elections[election as usize].kind == Kind::Primary {
                    party_label(&party_text)
                } else {
                    String::new()
                };
                let id = self
                    .results
                    .race(election, &office_text, race_party)
                    .map_err(|k| (office, k))?;
                if self.results.cache.races.len() < 256 {
                    let seen = (office_cell.to_vec(), party_cell.to_vec(), election, id);
                    self.results.cache.races.push(seen);
                }
                id
            }
        };
        let name_cell = cell(candidate);
        if load::trim(name_cell).is_empty() {
            return Err((candidate, ProblemKind::MissingValue));
        }
        let seen = self
            .results
            .cache
            .candidates
            .iter()
            .find(|(r, c, _)| *r == race && c.as_slice() == name_cell);
        let cand = match seen {
            Some(&(_, _, id)) => id,
            None => {
                let name = load::text(name_cell, ctx.latin1);
                let party_text = load::text(party_cell, ctx.latin1);
                let id = self
                    .results
                    .candidate(race, &name, party_label(&party_text))
                    .map_err(|k| (candidate, k))?;
                let cache = &mut self.results.cache;
                if cache.candidates.len() < 256 {
                    cache.candidates.push((race, name_cell.to_vec(), id));
                }
                id
            }
        };
        let src = match present(source) {
            None => u16::MAX,
            Some(sc) => match &self.results.cache.last_source {
                Some((b, id)) if b.as_slice() == cell(sc) => *id,
                _ => {
                    let id = self.results.source(&load::text(cell(sc), ctx.latin1));
                    self.results.cache.last_source = Some((cell(sc).to_vec(), id));
                    id
                }
            },
        };
        if self.results.cache.last_covered != Some((election, w)) {
            ctx.covered.add(election, w);
            self.results.cache.last_covered = Some((election, w));
        }
        self.results.entries.push(ResultEntry {
            candidate: cand,
            ward: w,
            division: d,
            file,
            source: src,
            votes: votes_n as u32,
            line: line.min(u32::MAX as u64) as u32,
        });
        Ok(())
    }

    /// The election held on the day a cell names (results files without an election column).
    fn election_on_day(
        &mut self,
        ctx: &mut FileCtx,
        col: usize,
        cell: &[u8],
    ) -> Result<u16, CellError> {
        if let Some(id) = ctx.seen_election(b"", cell) {
            return Ok(id);
        }
        let t = load::text(cell, ctx.latin1);
        let date = load::parse_date(&t).ok_or((col, ProblemKind::BadDate(t.trim().to_string())))?;
        let kind = self
            .calendar
            .kind_on(date)
            .ok_or((col, ProblemKind::NoElectionOnDay(date)))?;
        let id = self
            .election_id(Election { date, kind })
            .map_err(|k| (col, k))?;
        ctx.remember_election(b"", cell, id);
        Ok(id)
    }
}
