//! Candidate votes a format read from a row, interned into the loader's raw results: race,
//! candidate and source resolved once per file and then compared.

use super::{CellError, FileCtx, Loader};
use crate::data::cells::{same, text, trim};
use crate::data::formats::Row;
use crate::data::model::Kind;
use crate::data::problem::ProblemKind;
use crate::data::results::raw::{FileCache, ResultEntry, SeenRace, Vote, party_label};

impl Loader<'_> {
    /// Adds one candidate's votes read from a row: race, candidate and source interned (cached
    /// per file), the count kept with its file and line so that duplicates can be reported.
    pub(crate) fn add_vote(
        &mut self,
        ctx: &mut FileCtx,
        row: &Row<'_>,
        v: Vote<'_>,
    ) -> Result<(), CellError> {
        if self.results.cache.file != Some(row.file) {
            self.results.cache = FileCache {
                file: Some(row.file),
                ..FileCache::default()
            };
        }
        let (office_col, office_cell) = v.office;
        if trim(office_cell).is_empty() {
            return Err((office_col, ProblemKind::MissingValue));
        }
        let election = v.election;
        // Cheapest comparisons first; rows come in runs, so the last hit is tried first.
        let hit = |(o, d, p, e, _): &SeenRace| {
            *e == election && same(p, v.party) && same(d, v.district) && same(o, office_cell)
        };
        let cache = &self.results.cache;
        let seen = match cache.races.get(cache.last_race) {
            Some(r) if hit(r) => Some(cache.last_race),
            _ => cache.races.iter().position(hit),
        };
        let race = match seen {
            Some(i) => {
                self.results.cache.last_race = i;
                self.results.cache.races[i].4
            }
            None => {
                let party_text = text(v.party, ctx.latin1);
                let office_text = text(office_cell, ctx.latin1);
                let district_text = text(v.district, ctx.latin1);
                // In a primary the party names the race; in a general, only the candidate.
                let race_party = if self.elections[election as usize].1.kind == Kind::Primary {
                    party_label(&party_text)
                } else {
                    String::new()
                };
                let id = self
                    .results
                    .race(election, &office_text, &district_text, race_party)
                    .map_err(|k| (office_col, k))?;
                if self.results.cache.races.len() < 256 {
                    self.results.cache.last_race = self.results.cache.races.len();
                    let seen = (
                        office_cell.to_vec(),
                        v.district.to_vec(),
                        v.party.to_vec(),
                        election,
                        id,
                    );
                    self.results.cache.races.push(seen);
                }
                id
            }
        };
        if let Some(n) = v.seats
            && let Some(r) = self.results.races.get_mut(race as usize)
        {
            r.seats = r.seats.max(n);
        }
        let (cand_col, name_cell) = v.candidate;
        if trim(name_cell).is_empty() {
            return Err((cand_col, ProblemKind::MissingValue));
        }
        let cache = &self.results.cache;
        let hit = |(r, c, _): &(u32, Vec<u8>, u32)| *r == race && same(c, name_cell);
        let seen = match cache.candidates.get(cache.last_candidate) {
            Some(c) if hit(c) => Some(cache.last_candidate),
            _ => cache.candidates.iter().position(hit),
        };
        let cand = match seen {
            Some(i) => {
                self.results.cache.last_candidate = i;
                self.results.cache.candidates[i].2
            }
            None => {
                let name = text(name_cell, ctx.latin1);
                let party_text = text(v.party, ctx.latin1);
                let id = self
                    .results
                    .candidate(race, &name, party_label(&party_text))
                    .map_err(|k| (cand_col, k))?;
                let cache = &mut self.results.cache;
                if cache.candidates.len() < 256 {
                    cache.last_candidate = cache.candidates.len();
                    cache.candidates.push((race, name_cell.to_vec(), id));
                }
                id
            }
        };
        let src = if trim(v.source).is_empty() {
            u16::MAX
        } else {
            match &self.results.cache.last_source {
                Some((b, id)) if same(b, v.source) => *id,
                _ => {
                    let id = self.results.source(&text(v.source, ctx.latin1));
                    self.results.cache.last_source = Some((v.source.to_vec(), id));
                    id
                }
            }
        };
        ctx.cover(election, v.ward);
        self.results.entries.push(ResultEntry {
            candidate: cand,
            ward: v.ward,
            division: v.division,
            file: row.file,
            source: src,
            votes: u32::try_from(v.votes).unwrap_or(u32::MAX),
            line: row.line.min(u32::MAX as u64) as u32,
            part: v.part,
        });
        Ok(())
    }
}
