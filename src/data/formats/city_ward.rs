//! The City Commissioners' ward file (OpenDataPhilly `election_turnout_ward`): ballots and
//! registered voters per ward and election.

use super::{Figure, Header, Row, When};
use crate::data::load::{CellError, FileCtx, Loader};
use crate::data::model::Measure;

/// The columns this format needs.
pub(super) const REQUIRED: &[&[&str]] = &[
    &["election_name"],
    &["election_date"],
    &["ward"],
    &["total_votes"],
    &["registered_voters"],
];

/// Where the columns are.
#[derive(Debug, Clone)]
pub struct Columns {
    /// `election_name`, e.g. `2015 Primary`.
    name: usize,
    /// `election_date`, `YYYY/MM/DD`.
    date: usize,
    ward: usize,
    /// `total_votes` (ballots cast).
    ballots: usize,
    registered: usize,
}

/// Is this header mine?
pub(super) fn detect(h: &Header) -> Option<Columns> {
    Some(Columns {
        name: h.col("election_name")?,
        date: h.col("election_date")?,
        ward: h.col("ward")?,
        ballots: h.col("total_votes")?,
        registered: h.col("registered_voters")?,
    })
}

impl Columns {
    /// What a row means: one ward's ballots and registered voters.
    pub(super) fn read(
        &self,
        row: &Row<'_>,
        l: &mut Loader<'_>,
        ctx: &mut FileCtx,
    ) -> Result<(), CellError> {
        let election = l.election(
            ctx,
            (self.name, row.cell(self.name)),
            (When::Date(self.date), row.cell(self.date)),
        )?;
        let figure = Figure {
            election,
            ward: Loader::ward(ctx, self.ward, row.cell(self.ward))?,
            division: 0,
            party: 0,
            registered: Some(row.count(self.registered)?),
            count: row.count(self.ballots)? as f64,
            measure: Measure::Ballots,
            count_col: Some(self.ballots),
        };
        l.add_figure(ctx, row, figure)
    }
}
