//! turnout's long format of candidate results: one row per candidate per ward or division,
//! with the office, the party and optionally the district, place and source.

use super::canonical::when;
use super::{Header, Row, When};
use crate::data::load::{CellError, FileCtx, Loader};
use crate::data::problem::ProblemKind;
use crate::data::results::raw::Vote;

/// The columns this format needs.
pub(super) const REQUIRED: &[&[&str]] = &[
    &["date", "year"],
    &["office", "race", "contest"],
    &["candidate", "candidate_name"],
    &["votes"],
    &["ward", "division", "precinct"],
];

/// Where the columns are.
#[derive(Debug, Clone)]
pub struct Columns {
    when: When,
    /// `election` or `kind`, optional where the date names the election in the calendar.
    kind: Option<usize>,
    office: usize,
    /// `district`, optional: part of the race (State House 181 and 182 are two races).
    district: Option<usize>,
    /// The primary's party, or the candidate's party in a general.
    party: Option<usize>,
    ward: Option<usize>,
    division: Option<usize>,
    candidate: usize,
    votes: usize,
    source: Option<usize>,
    /// `place`, optional.
    pub(super) place: Option<usize>,
}

/// Is this header mine? `Err` when it nearly is, with what is wrong.
pub(super) fn detect(h: &Header) -> Result<Option<Columns>, String> {
    let (Some(when), Some(office), Some(candidate), Some(votes)) = (
        when(h),
        h.any(&["office", "race", "contest"]),
        h.any(&["candidate", "candidate_name"]),
        h.col("votes"),
    ) else {
        return Ok(None);
    };
    let ward = h.col("ward");
    let division = h.any(&["division", "precinct"]);
    let kind = h.any(&["election", "kind", "election_kind"]);
    if matches!(when, When::Year(_)) && kind.is_none() {
        return Err(
            "candidate results with a year column need an election column too, or a \
                    date column instead"
                .into(),
        );
    }
    if ward.is_none() && division.is_none() {
        return Ok(None);
    }
    Ok(Some(Columns {
        when,
        kind,
        office,
        district: h.col("district"),
        party: h.col("party"),
        ward,
        division,
        candidate,
        votes,
        source: h.col("source"),
        place: h.col("place"),
    }))
}

impl Columns {
    /// What a row means: one candidate's votes in a ward or division.
    pub(super) fn read(
        &self,
        row: &Row<'_>,
        l: &mut Loader<'_>,
        ctx: &mut FileCtx,
    ) -> Result<(), CellError> {
        let election = match (self.kind, self.when) {
            (Some(k), w) => l.election(ctx, (k, row.cell(k)), (w, row.cell(w.column())))?,
            (None, When::Date(c)) => l.election_on_day(ctx, c, row.cell(c))?,
            // The header check refuses this layout; a row cannot name its election.
            (None, When::Year(c)) => return Err((c, ProblemKind::MissingValue)),
        };
        let (ward, division) = match (row.present(self.ward), row.present(self.division)) {
            (Some(wc), Some(dc)) => {
                let w = Loader::ward(ctx, wc, row.cell(wc))?;
                Loader::division(ctx, dc, row.cell(dc), Some(w))?
            }
            (Some(wc), None) => (Loader::ward(ctx, wc, row.cell(wc))?, 0),
            (None, Some(dc)) => Loader::division(ctx, dc, row.cell(dc), None)?,
            (None, None) => {
                let col = self.ward.or(self.division).unwrap_or(0);
                return Err((col, ProblemKind::MissingValue));
            }
        };
        let votes = row.count(self.votes)?;
        let vote = Vote {
            election,
            ward,
            division,
            office: (self.office, row.cell(self.office)),
            district: self.district.map_or(b"", |d| row.cell(d)),
            party: self.party.map_or(b"", |p| row.cell(p)),
            candidate: (self.candidate, row.cell(self.candidate)),
            votes,
            source: self.source.map_or(b"", |s| row.cell(s)),
            part: 0,
            seats: None,
        };
        l.add_vote(ctx, row, vote)
    }
}
