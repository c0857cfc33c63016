//! The City Commissioners' raw results export (`2021_primary.csv`): one row per division,
//! office, candidate and vote type (`A`, `M`, `P`: machine, mail, provisional), to be summed.
//! The election is named only by the file's name; in primaries the office carries the party
//! (`DISTRICT ATTORNEY-DEM`).

use super::{Header, Row};
use crate::data::cells::trim;
use crate::data::load::{CellError, FileCtx, Loader};
use crate::data::results::raw::Vote;

/// The columns this format needs.
pub(super) const REQUIRED: &[&[&str]] = &[
    &["ward"],
    &["division"],
    &["type"],
    &["office"],
    &["candidate"],
    &["party"],
    &["votes"],
];

/// Where the columns are.
#[derive(Debug, Clone)]
pub struct Columns {
    ward: usize,
    division: usize,
    /// `TYPE`: the vote type; rows of one key and different types add up.
    kind: usize,
    office: usize,
    candidate: usize,
    party: usize,
    votes: usize,
}

/// Is this header mine? All seven columns, and no `county` or `date` (other formats).
pub(super) fn detect(h: &Header) -> Option<Columns> {
    if h.col("county").is_some() || h.col("date").is_some() {
        return None;
    }
    Some(Columns {
        ward: h.col("ward")?,
        division: h.col("division")?,
        kind: h.col("type")?,
        office: h.col("office")?,
        candidate: h.col("candidate")?,
        party: h.col("party")?,
        votes: h.col("votes")?,
    })
}

/// Splits a party suffix off an office: `DISTRICT ATTORNEY-DEM` gives (`DISTRICT ATTORNEY`,
/// `DEM`); an office without one is returned whole.
pub(crate) fn split_party_suffix(office: &[u8]) -> (&[u8], &[u8]) {
    let office = trim(office);
    if let Some(dash) = office.iter().rposition(|&b| b == b'-') {
        let suffix = &office[dash + 1..];
        if (2..=4).contains(&suffix.len()) && suffix.iter().all(u8::is_ascii_uppercase) {
            return (trim(&office[..dash]), suffix);
        }
    }
    (office, b"")
}

impl Columns {
    /// What a row means: one candidate's votes of one type in one division.
    pub(super) fn read(
        &self,
        row: &Row<'_>,
        l: &mut Loader<'_>,
        ctx: &mut FileCtx,
    ) -> Result<(), CellError> {
        let election = l.file_election(ctx, self.office)?;
        let ward = Loader::ward(ctx, self.ward, row.cell(self.ward))?;
        let (ward, division) =
            Loader::division(ctx, self.division, row.cell(self.division), Some(ward))?;
        let (office, suffix) = split_party_suffix(row.cell(self.office));
        let party = if suffix.is_empty() {
            row.cell(self.party)
        } else {
            suffix
        };
        let votes = row.count(self.votes)?;
        let part = ctx.part(self.kind, row.cell(self.kind))?;
        let vote = Vote {
            election,
            ward,
            division,
            office: (self.office, office),
            district: b"",
            party,
            candidate: (self.candidate, row.cell(self.candidate)),
            votes,
            source: b"",
            part,
            seats: None,
        };
        l.add_vote(ctx, row, vote)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn party_suffixes_come_off_the_office() {
        assert_eq!(
            split_party_suffix(b"DISTRICT ATTORNEY-DEM"),
            (&b"DISTRICT ATTORNEY"[..], &b"DEM"[..])
        );
        assert_eq!(
            split_party_suffix(b"GOVERNOR AND LIEUTENANT GOVERNOR"),
            (&b"GOVERNOR AND LIEUTENANT GOVERNOR"[..], &b""[..])
        );
        assert_eq!(
            split_party_suffix(b"JUDGE-COURT OF COMMON PLEAS"),
            (&b"JUDGE-COURT OF COMMON PLEAS"[..], &b""[..])
        );
    }
}
