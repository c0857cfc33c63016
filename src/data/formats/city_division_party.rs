//! The City Commissioners' division-by-party file (`voter_turnout_primary_election_YYYY`):
//! voters per division and registration code, where several codes may print one party label.

use super::{Figure, Header, Row, When};
use crate::data::load::{CellError, FileCtx, Loader};
use crate::data::model::Measure;

/// The columns this format needs.
pub(super) const REQUIRED: &[&[&str]] = &[
    &["election"],
    &["election_date"],
    &["precinct_code"],
    &["political_party"],
    &["voter_count"],
];

/// Where the columns are.
#[derive(Debug, Clone)]
pub struct Columns {
    /// `election`, e.g. `2017 MUNICIPAL PRIMARY`.
    name: usize,
    /// `election_date`, `M/D/YYYY`.
    date: usize,
    /// `precinct_code`, `WDD` or `WWDD`.
    precinct: usize,
    party: usize,
    count: usize,
}

/// Is this header mine?
pub(super) fn detect(h: &Header) -> Option<Columns> {
    Some(Columns {
        name: h.col("election")?,
        date: h.col("election_date")?,
        precinct: h.col("precinct_code")?,
        party: h.col("political_party")?,
        count: h.col("voter_count")?,
    })
}

impl Columns {
    /// What a row means: one division's voters of one party label.
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
        let (ward, division) = Loader::division(ctx, self.precinct, row.cell(self.precinct), None)?;
        let figure = Figure {
            election,
            ward,
            division,
            party: l.party(ctx, self.party, row.cell(self.party))?,
            registered: None,
            count: row.count(self.count)? as f64,
            measure: Measure::Ballots,
            count_col: Some(self.count),
        };
        l.add_figure(ctx, row, figure)
    }
}
