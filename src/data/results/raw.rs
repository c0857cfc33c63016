//! Candidate results as read, before aggregation: races, candidates and sources interned as
//! they come, each vote count kept with its file and line so that duplicates can be reported.

use super::names;
use crate::data::model::{PartyGroup, WardId};
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
    /// The district, where the office has several (`181` of State House); else empty.
    pub district: String,
    /// How many the race elects (OpenElections' `vote_for`); 1 where no file says.
    pub seats: u32,
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

/// One vote count: a candidate's votes in a ward or one of its divisions.
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
    /// The vote type of formats that split a count by type (1, 2, ...: the city export's
    /// `A`, `M`); rows of one key and file with different parts add up. 0: not split.
    pub part: u8,
}

/// One candidate's votes as a format read them from a row, before interning.
pub(crate) struct Vote<'r> {
    pub election: u16,
    pub ward: WardId,
    pub division: u16,
    /// (column, cell) of the office.
    pub office: (usize, &'r [u8]),
    pub district: &'r [u8],
    /// The primary's party, or the candidate's in a general.
    pub party: &'r [u8],
    /// (column, cell) of the candidate.
    pub candidate: (usize, &'r [u8]),
    pub votes: u64,
    pub source: &'r [u8],
    /// See [`ResultEntry::part`].
    pub part: u8,
    /// How many the race elects, where the row says (`vote_for`).
    pub seats: Option<u32>,
}

/// (office cell, district cell, party cell, election, race).
pub(crate) type SeenRace = (Vec<u8>, Vec<u8>, Vec<u8>, u16, u32);

/// Per-file caches, so that repeated cells cost a comparison.
#[derive(Debug, Default)]
pub(crate) struct FileCache {
    pub file: Option<u16>,
    /// (office cell, district cell, party cell, election, race) seen in this file (primaries
    /// of two parties alternate row by row).
    pub races: Vec<SeenRace>,
    /// (race, candidate cell, candidate) seen in this file; a results file names a few dozen.
    pub candidates: Vec<(u32, Vec<u8>, u32)>,
    pub last_source: Option<(Vec<u8>, u16)>,
    /// Where in `races` and `candidates` the last row hit.
    pub last_race: usize,
    /// See `last_race`.
    pub last_candidate: usize,
}

/// Everything read from results files, before aggregation.
#[derive(Debug, Default)]
pub(crate) struct RawResults {
    pub races: Vec<RawRace>,
    race_index: HashMap<(u16, String, String, String), u32>,
    pub candidates: Vec<RawCandidate>,
    candidate_index: HashMap<(u32, String), u32>,
    pub entries: Vec<ResultEntry>,
    pub sources: Vec<String>,
    source_index: HashMap<String, u16>,
    pub(crate) cache: FileCache,
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
    pub(crate) fn race(
        &mut self,
        election: u16,
        office: &str,
        district: &str,
        party: String,
    ) -> Result<u32, ProblemKind> {
        let district = names::collapse_spaces(district);
        let k = (election, names::office_key(office), party, district);
        if let Some(&id) = self.race_index.get(&k) {
            return Ok(id);
        }
        let id =
            u32::try_from(self.races.len()).map_err(|_| ProblemKind::Capacity("races".into()))?;
        self.races.push(RawRace {
            election,
            office: names::collapse_spaces(office),
            party: k.2.clone(),
            district: k.3.clone(),
            seats: 1,
        });
        self.race_index.insert(k, id);
        Ok(id)
    }

    pub(crate) fn candidate(
        &mut self,
        race: u32,
        name: &str,
        party: String,
    ) -> Result<u32, ProblemKind> {
        let k = (race, names::key(name));
        if let Some(&id) = self.candidate_index.get(&k) {
            return Ok(id);
        }
        let id = u32::try_from(self.candidates.len())
            .map_err(|_| ProblemKind::Capacity("candidates".into()))?;
        self.candidates.push(RawCandidate {
            race,
            name: names::collapse_spaces(name),
            party,
        });
        self.candidate_index.insert(k, id);
        Ok(id)
    }

    pub(crate) fn source(&mut self, text: &str) -> u16 {
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
                let id = self
                    .race(
                        elections[r.election as usize],
                        &r.office,
                        &r.district,
                        r.party.clone(),
                    )
                    .unwrap_or(0);
                if let Some(mine) = self.races.get_mut(id as usize) {
                    mine.seats = mine.seats.max(r.seats);
                }
                id
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
