//! turnout's own long format: one row per election, ward (or division) and party, with
//! ballots or top-race votes and, optionally, registered voters and the place.

use super::{Figure, Header, MeasureColumn, Row, When};
use crate::data::cells::{parse_decimal, text};
use crate::data::load::{CellError, FileCtx, Loader};
use crate::data::model::Measure;
use crate::data::problem::ProblemKind;

/// The columns this format needs.
pub(super) const REQUIRED: &[&[&str]] = &[
    &["date", "year"],
    &["election", "kind"],
    &["ward"],
    &["ballots", "ballots_cast", "top_race_votes", "votes"],
];

/// Where the columns are.
#[derive(Debug, Clone)]
pub struct Columns {
    /// Date or year column.
    when: When,
    /// `election` or `kind`: primary, general, special or runoff.
    kind: usize,
    ward: usize,
    division: Option<usize>,
    party: Option<usize>,
    registered: Option<usize>,
    /// `place`, optional.
    pub(super) place: Option<usize>,
    /// The count column.
    count: usize,
    /// What the count measures.
    measure: MeasureColumn,
}

/// The date or year column of a long format.
pub(super) fn when(h: &Header) -> Option<When> {
    match (h.any(&["date", "election_date"]), h.col("year")) {
        (Some(d), _) => Some(When::Date(d)),
        (None, Some(y)) => Some(When::Year(y)),
        _ => None,
    }
}

/// Is this header mine?
pub(super) fn detect(h: &Header) -> Option<Columns> {
    let (count, measure) = if let Some(c) = h.any(&["ballots", "ballots_cast"]) {
        (c, MeasureColumn::Fixed(Measure::Ballots))
    } else if let Some(c) = h.col("top_race_votes") {
        (c, MeasureColumn::Fixed(Measure::TopRaceVotes))
    } else {
        (h.col("votes")?, MeasureColumn::Column(h.col("measure")?))
    };
    Some(Columns {
        when: when(h)?,
        kind: h.any(&["election", "kind", "election_kind"])?,
        ward: h.col("ward")?,
        division: h.any(&["division", "precinct"]),
        party: h.col("party"),
        registered: h.any(&["registered", "registered_voters"]),
        place: h.col("place"),
        count,
        measure,
    })
}

impl Columns {
    /// What a row means: a ward's (or division's) count, with registered voters if given.
    pub(super) fn read(
        &self,
        row: &Row<'_>,
        l: &mut Loader<'_>,
        ctx: &mut FileCtx,
    ) -> Result<(), CellError> {
        let election = l.election(
            ctx,
            (self.kind, row.cell(self.kind)),
            (self.when, row.cell(self.when.column())),
        )?;
        let w = Loader::ward(ctx, self.ward, row.cell(self.ward))?;
        let division = match row.present(self.division) {
            Some(d) => Loader::division(ctx, d, row.cell(d), Some(w))?.1,
            None => 0,
        };
        let party = match self.party {
            Some(p) => l.party(ctx, p, row.cell(p))?,
            None => 0,
        };
        let registered = match row.present(self.registered) {
            Some(r) => Some(row.count(r)?),
            None => None,
        };
        let measure = match self.measure {
            MeasureColumn::Fixed(m) => m,
            MeasureColumn::Column(m) => {
                let t = text(row.cell(m), ctx.latin1).trim().to_ascii_lowercase();
                match t.as_str() {
                    "ballots" | "ballots_cast" => Measure::Ballots,
                    "top_race_votes" | "top-race votes" | "top_race" => Measure::TopRaceVotes,
                    _ => {
                        return Err((
                            m,
                            ProblemKind::NotNumeric(format!(
                                "measure {t:?} (expected ballots or top_race_votes)"
                            )),
                        ));
                    }
                }
            }
        };
        let c = self.count;
        let value = match measure {
            Measure::Ballots => row.count(c)? as f64,
            Measure::TopRaceVotes => parse_decimal(row.cell(c)).map_err(|k| (c, k))?,
        };
        l.add_figure(
            ctx,
            row,
            Figure {
                election,
                ward: w,
                division,
                party,
                registered,
                count: value,
                measure,
                count_col: Some(c),
            },
        )
    }
}
