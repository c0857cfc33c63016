//! OpenElections results (`county,precinct,office,district,party,candidate,votes`, optionally
//! `election_day,mail,provisional,vote_for`): the election from the file's name, the place from
//! `county`, `Registered Voters` and `Ballots Cast` pseudo-offices as turnout, every other office
//! as results; without a `precinct` column, county totals only.

use super::{Header, Row};
use crate::data::cells::text;
use crate::data::load::{CellError, FileCtx, Loader};
use crate::data::model::WardId;
use crate::data::results::raw::Vote;

/// The columns this format needs.
pub(super) const REQUIRED: &[&[&str]] = &[
    &["county"],
    &["office"],
    &["party"],
    &["candidate"],
    &["votes"],
];

/// Where the columns are.
#[derive(Debug, Clone)]
pub struct Columns {
    /// `county`: the place (`Erie` is Erie County).
    pub(super) county: usize,
    /// `precinct`, absent in county files.
    precinct: Option<usize>,
    office: usize,
    district: Option<usize>,
    party: usize,
    candidate: usize,
    /// `votes`: the total (the `election_day`, `mail` and `provisional` columns are its parts).
    votes: usize,
    /// `vote_for`: how many the race elects.
    vote_for: Option<usize>,
}

/// Is this header mine?
pub(super) fn detect(h: &Header) -> Option<Columns> {
    Some(Columns {
        county: h.col("county")?,
        precinct: h.col("precinct"),
        office: h.col("office")?,
        district: h.col("district"),
        party: h.col("party")?,
        candidate: h.col("candidate")?,
        votes: h.col("votes")?,
        vote_for: h.col("vote_for"),
    })
}

/// What a pseudo-office row carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TurnoutOffice {
    /// `Registered Voters`.
    Registered,
    /// `Ballots Cast`.
    Ballots,
}

/// Whether an office cell is one of the turnout pseudo-offices.
pub(crate) fn turnout_office(office: &str) -> Option<TurnoutOffice> {
    match crate::data::results::names::key(office).as_str() {
        "REGISTERED VOTERS" | "REGISTERED VOTERS TOTAL" => Some(TurnoutOffice::Registered),
        "BALLOTS CAST" | "BALLOTS CAST TOTAL" | "TOTAL BALLOTS CAST" => {
            Some(TurnoutOffice::Ballots)
        }
        _ => None,
    }
}

impl Columns {
    /// What a row means: a precinct's registered voters or ballots, or a candidate's votes.
    pub(super) fn read(
        &self,
        row: &Row<'_>,
        l: &mut Loader<'_>,
        ctx: &mut FileCtx,
    ) -> Result<(), CellError> {
        let election = l.file_election(ctx, self.office)?;
        let (ward, division) = match self.precinct {
            Some(p) => Loader::precinct(ctx, p, row.cell(p))?,
            None => (WardId::NOT_BY_WARD, 0),
        };
        let votes = row.count(self.votes)?;
        let office = row.cell(self.office);
        if let Some(what) = turnout_office(&text(office, ctx.latin1)) {
            return l.add_turnout_part(ctx, row, (election, ward, division), what, votes);
        }
        let vote = Vote {
            election,
            ward,
            division,
            office: (self.office, office),
            district: self.district.map_or(b"", |d| row.cell(d)),
            party: row.cell(self.party),
            candidate: (self.candidate, row.cell(self.candidate)),
            votes,
            source: b"",
            part: 0,
            seats: self
                .vote_for
                .and_then(|c| row.count(c).ok())
                .filter(|&n| n >= 1)
                .map(|n| n.min(u32::MAX as u64) as u32),
        };
        l.add_vote(ctx, row, vote)
    }
}
