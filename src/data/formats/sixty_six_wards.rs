//! The Sixty-Six Wards division file (`phila_turnout.csv`): votes in the top race per division,
//! 2002-2020, crosswalked to current lines (so it carries decimals).

use super::{Figure, Header, Row};
use crate::data::cells::parse_decimal;
use crate::data::load::{CellError, FileCtx, Loader};
use crate::data::model::Measure;

/// The columns this format needs.
pub(super) const REQUIRED: &[&[&str]] = &[&["precinct"], &["election"], &["turnout"]];

/// Where the columns are.
#[derive(Debug, Clone)]
pub struct Columns {
    /// `precinct`, `WWDD`.
    precinct: usize,
    /// `election`, e.g. `2017 primary`.
    election: usize,
    /// `turnout`: votes in the top race.
    votes: usize,
}

/// Is this header mine? Exactly these three columns.
pub(super) fn detect(h: &Header) -> Option<Columns> {
    if h.len() != 3 {
        return None;
    }
    Some(Columns {
        precinct: h.col("precinct")?,
        election: h.col("election")?,
        votes: h.col("turnout")?,
    })
}

impl Columns {
    /// What a row means: one division's votes in the top race.
    pub(super) fn read(
        &self,
        row: &Row<'_>,
        l: &mut Loader<'_>,
        ctx: &mut FileCtx,
    ) -> Result<(), CellError> {
        let election = l.election_by_name(ctx, self.election, row.cell(self.election))?;
        let (ward, division) = Loader::division(ctx, self.precinct, row.cell(self.precinct), None)?;
        let v = parse_decimal(row.cell(self.votes)).map_err(|k| (self.votes, k))?;
        let figure = Figure {
            election,
            ward,
            division,
            party: 0,
            registered: None,
            count: v,
            measure: Measure::TopRaceVotes,
            count_col: Some(self.votes),
        };
        l.add_figure(ctx, row, figure)
    }
}
