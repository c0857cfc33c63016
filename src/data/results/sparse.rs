//! A race's votes by ward, kept only where the files give them: memory follows the rows read,
//! never wards x candidates (a file of 2,000 candidates in one ward and one in each of 20,000
//! others holds 22,000 cells, not 40 million). Lookups by ward and candidate stay by index.

use super::Tally;

/// The tally of a ward without votes in the race.
const NO_TALLY: Tally = Tally {
    reported: false,
    total: 0,
    complete: false,
    outcome: None,
};

/// Votes by ward and candidate, and each reported ward's tally.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct SparseVotes {
    /// Units (wards, or a ward's divisions) of the dataset: the length of a column.
    units: usize,
    /// Positions of the units with votes, ascending.
    reported: Vec<u32>,
    /// Where each reported unit's cells start in `cells` (one entry more than `reported`).
    start: Vec<u32>,
    /// (candidate, votes), by unit, then candidate.
    cells: Vec<(u32, u32)>,
    /// The tally of each reported unit.
    tallies: Vec<Tally>,
}

impl SparseVotes {
    /// An empty store over `units` units.
    pub fn new(units: usize) -> SparseVotes {
        SparseVotes {
            units,
            start: vec![0],
            ..SparseVotes::default()
        }
    }

    /// Adds a unit's votes (`cells` by candidate, ascending) and tally; units come in order.
    pub fn push(&mut self, unit: usize, cells: &[(u32, u32)], tally: Tally) {
        debug_assert!(self.reported.last().is_none_or(|&u| (u as usize) < unit));
        self.reported.push(unit as u32);
        self.cells.extend_from_slice(cells);
        self.start.push(self.cells.len() as u32);
        self.tallies.push(tally);
    }

    /// Units of the dataset.
    pub fn units(&self) -> usize {
        self.units
    }

    fn at(&self, unit: usize) -> Option<usize> {
        self.reported.binary_search(&(unit as u32)).ok()
    }

    /// A candidate's votes in a unit, where the files give them.
    pub fn get(&self, unit: usize, candidate: usize) -> Option<u32> {
        let i = self.at(unit)?;
        let cells = &self.cells[self.start[i] as usize..self.start[i + 1] as usize];
        cells
            .binary_search_by_key(&(candidate as u32), |&(c, _)| c)
            .ok()
            .map(|k| cells[k].1)
    }

    /// A unit's tally (not reported where it has no votes).
    pub fn tally(&self, unit: usize) -> &Tally {
        self.at(unit).map_or(&NO_TALLY, |i| &self.tallies[i])
    }

    /// Positions of the units with votes.
    pub fn reported(&self) -> impl Iterator<Item = usize> + '_ {
        self.reported.iter().map(|&u| u as usize)
    }

    /// Cells held (for memory accounting and tests).
    pub fn cells(&self) -> usize {
        self.cells.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_are_found_by_unit_and_candidate_and_absent_ones_are_none() {
        let mut v = SparseVotes::new(10);
        let t = Tally {
            reported: true,
            total: 7,
            complete: false,
            outcome: None,
        };
        v.push(2, &[(0, 3), (5, 4)], t);
        v.push(7, &[(1, 1)], t);
        assert_eq!(v.get(2, 5), Some(4));
        assert_eq!(v.get(2, 1), None);
        assert_eq!(v.get(3, 0), None);
        assert_eq!(v.get(7, 1), Some(1));
        assert!(v.tally(2).reported && !v.tally(3).reported);
        assert_eq!(v.reported().collect::<Vec<_>>(), [2, 7]);
        assert_eq!(v.cells(), 3);
    }
}
