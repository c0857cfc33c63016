//! A row's turnout figures into entries: a key repeated on the next row summed or rejected
//! as the format says, and the city's turnout pseudo-office rows kept until the file ends.

use super::{CellError, Entry, FileCtx, FileReport, Key, Loader, NO_REGISTERED};
use crate::data::formats::{Figure, Row, TurnoutOffice};
use crate::data::model::{Measure, WardId};
use crate::data::problem::ProblemKind;

impl Loader<'_> {
    /// Adds one turnout figure of the row being read. A key repeated on the next row is
    /// settled now, so sorted exports cost memory per distinct key, not per row.
    pub(crate) fn add_figure(
        &mut self,
        ctx: &mut FileCtx,
        row: &Row<'_>,
        f: Figure,
    ) -> Result<(), CellError> {
        self.push_figure(ctx, row.file, row.line, f)
    }

    pub(super) fn push_figure(
        &mut self,
        ctx: &mut FileCtx,
        file: u16,
        line: u64,
        f: Figure,
    ) -> Result<(), CellError> {
        if let Some(reg) = f.registered
            && f.measure == Measure::Ballots
            && f.count > reg as f64
        {
            let kind = ProblemKind::BallotsOverRegistered {
                ballots: f.count as u64,
                registered: reg,
            };
            return Err((f.count_col.unwrap_or(0), kind));
        }
        ctx.cover(f.election, f.ward);
        let key = Key {
            election: f.election,
            ward: f.ward,
            division: f.division,
            party: f.party,
            measure: f.measure,
            file,
        };
        let entry = Entry::new(
            key.pack(),
            f.measure,
            f.count,
            f.registered
                .map_or(NO_REGISTERED, |r| r.min(u32::MAX as u64 - 1) as u32),
            line.min(u32::MAX as u64) as u32,
        );
        let sums = |files: &[FileReport]| {
            files[file as usize]
                .format
                .is_some_and(|f| f.repeated_rows_add_up())
        };
        match self.entries.last_mut(f.election) {
            Some(last) if last.key() == entry.key() && sums(&self.files) => {
                last.absorb(&entry);
                self.files[file as usize].rows_summed += 1;
            }
            Some(last) if last.key() == entry.key() => {
                self.files[file as usize].rows_rejected += 1;
                let first_line = last.line;
                self.reject_duplicate(key, entry.line, first_line);
            }
            _ => self.entries.push(entry),
        }
        Ok(())
    }

    /// Keeps a turnout pseudo-office row (`Registered Voters`, `Ballots Cast`) until the file
    /// ends: identical repeats are one figure, differing repeats a problem.
    pub(crate) fn add_turnout_part(
        &mut self,
        ctx: &mut FileCtx,
        row: &Row<'_>,
        at: (u16, WardId, u16),
        what: TurnoutOffice,
        value: u64,
    ) -> Result<(), CellError> {
        ctx.cover(at.0, at.1);
        let pending = ctx.pending.entry(at).or_default();
        let slot = match what {
            TurnoutOffice::Registered => &mut pending.registered,
            TurnoutOffice::Ballots => &mut pending.ballots,
        };
        match slot {
            Some((v, _)) if *v == value => Ok(()),
            Some((v, first)) => Err((
                0,
                ProblemKind::ConflictingRepeat {
                    what: match what {
                        TurnoutOffice::Registered => "registered voters",
                        TurnoutOffice::Ballots => "ballots cast",
                    }
                    .to_string(),
                    first: *v,
                    first_line: *first,
                    now: value,
                },
            )),
            None => {
                *slot = Some((value, row.line));
                Ok(())
            }
        }
    }

    /// Turns the pseudo-office rows kept for a file into figures, in key order. Returns the
    /// rows left out (registered voters with no ballots beside them are kept as a warning).
    pub(super) fn flush_pending(&mut self, ctx: &mut FileCtx, file: u16) -> u64 {
        let mut pending: Vec<_> = std::mem::take(&mut ctx.pending).into_iter().collect();
        pending.sort_unstable_by_key(|(k, _)| *k);
        let mut rejected = 0;
        for ((election, ward, division), p) in pending {
            let Some((ballots, line)) = p.ballots else {
                if let Some((_, line)) = p.registered {
                    let kind = ProblemKind::RegisteredWithoutBallots;
                    self.push_row_problem(file, line, None, kind);
                }
                continue;
            };
            let f = Figure {
                election,
                ward,
                division,
                party: 0,
                registered: p.registered.map(|r| r.0),
                count: ballots as f64,
                measure: Measure::Ballots,
                count_col: None,
            };
            if let Err((_, kind)) = self.push_figure(ctx, file, line, f) {
                rejected += 1;
                self.push_row_problem(file, line, None, kind);
            }
        }
        rejected
    }
}
