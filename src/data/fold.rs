//! The loader's sorted entries folded into (election, ward) blocks and division figures: one
//! figure per key, a file's repeated rows summed or rejected, a later file's figure overriding
//! an earlier one's.

use super::dataset::{Overrides, note_override};
use super::divisions::DivisionFigure;
use super::load::{Entry, Key, Loader, NO_REGISTERED};
use super::model::{Measure, PartyGroup, WardId};

/// Sums of one (election, ward, party group, measure), kept apart by level. 32 bytes: a
/// million-row load keeps thousands of blocks of eight pairs of these.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Part {
    pub(crate) count: f64,
    /// The registered voters given (0 where none was).
    registered: u64,
    /// Whether any row gave registered voters, and whether any gave none.
    has_registered: bool,
    missing_registered: bool,
    rows: u32,
    /// The latest file (a u16 kept in 32 bits: the merge's narrow store then wide load of
    /// it stalled every entry, the load waiting for the store to reach the cache).
    last_file: u32,
}

impl Part {
    fn add(&mut self, e: &Entry, file: u16) {
        self.count += e.count();
        if e.registered == NO_REGISTERED {
            self.missing_registered = true;
        } else {
            self.registered += e.registered as u64;
            self.has_registered = true;
        }
        self.rows += 1;
        self.last_file = self.last_file.max(u32::from(file));
    }

    fn merge(&mut self, other: &Part) {
        self.count += other.count;
        self.registered += other.registered;
        self.has_registered |= other.has_registered;
        self.missing_registered |= other.missing_registered;
        self.rows += other.rows;
        self.last_file = self.last_file.max(other.last_file);
    }

    pub(crate) fn registered(&self) -> Option<u64> {
        (self.has_registered && !self.missing_registered).then_some(self.registered)
    }
}

/// One (election, ward, party group, measure): the ward-level rows and the divisions' sum.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Acc {
    ward_level: Part,
    divisions: Part,
}

impl Acc {
    /// The ward-level row where one is given, unless a later source gives the divisions.
    pub(crate) fn resolved(&self) -> Option<Part> {
        match (self.ward_level.rows > 0, self.divisions.rows > 0) {
            (true, true) if self.divisions.last_file > self.ward_level.last_file => {
                Some(self.divisions)
            }
            (true, _) => Some(self.ward_level),
            (false, true) => Some(self.divisions),
            (false, false) => None,
        }
    }
}

/// All figures of one (election, ward): `[party group][measure]`.
pub(crate) struct Block {
    pub(crate) election: u16,
    pub(crate) ward: WardId,
    pub(crate) accs: [[Acc; 2]; 4],
}

pub(crate) fn measure_index(m: Measure) -> usize {
    match m {
        Measure::Ballots => 0,
        Measure::TopRaceVotes => 1,
    }
}

/// What the fold gives: blocks and division figures in election, ward, division order.
#[derive(Default)]
pub(crate) struct Folded {
    pub blocks: Vec<Block>,
    pub divisions: Vec<DivisionFigure>,
}

impl Folded {
    /// Adds a figure's part: to its (election, ward) block (a new one after the last), and
    /// where it is a division's, to the division figures (with room for `room` of them at the
    /// first).
    fn add(&mut self, key: Key, party_group: PartyGroup, part: &Part, room: usize) {
        let here = (key.election, key.ward);
        if self
            .blocks
            .last()
            .is_none_or(|b| (b.election, b.ward) != here)
        {
            self.blocks.push(Block {
                election: here.0,
                ward: here.1,
                accs: Default::default(),
            });
        }
        let block = self.blocks.last_mut().expect("pushed above");
        let slot = &mut block.accs[party_group.index()][measure_index(key.measure)];
        let target = if key.division == 0 {
            &mut slot.ward_level
        } else {
            if self.divisions.capacity() == 0 {
                self.divisions.reserve_exact(room);
            }
            self.divisions.push(DivisionFigure::new(
                (key.election, key.ward, key.division),
                party_group,
                key.measure,
                part.count,
                part.registered(),
            ));
            &mut slot.divisions
        };
        target.merge(part);
    }
}

/// Folds every election's entries, each list freed once read, reporting to the loader the
/// rows it summed or left out and to `overrides` the figures a later file gave again.
pub(crate) fn fold(
    lists: Vec<Vec<Entry>>,
    loader: &mut Loader<'_>,
    overrides: &mut Overrides,
) -> Folded {
    // Empty, and never allocated, for files by ward only; else, at the first division, room
    // for as many figures as there are entries (more than needed where entries are by ward or
    // repeat; pages never written take no memory, and the rest is given back at the end), so
    // that a million divisions are not copied as the store doubles.
    let room: usize = lists.iter().map(Vec::len).sum();
    let mut out = Folded::default();
    // Entries are sorted by election, then ward: each (election, ward) is one block.
    for entries in lists {
        let mut i = 0;
        while i < entries.len() {
            // One figure: every entry with the same key but for the file.
            let figure = Key::figure(entries[i].key());
            let mut j = i + 1;
            while j < entries.len() && Key::figure(entries[j].key()) == figure {
                j += 1;
            }
            if j == i + 1 {
                // One row of one file gives it: the most common case, without the repeats'
                // bookkeeping below.
                let key = Key::unpack(entries[i].key());
                let mut part = Part::default();
                part.add(&entries[i], key.file);
                out.add(key, loader.parties[key.party as usize].1, &part, room);
                i = j;
                continue;
            }
            let group = &entries[i..j];
            let winner_key = Key::unpack(group[group.len() - 1].key());
            let party_group = loader.parties[winner_key.party as usize].1;
            // Each file's rows for this figure: the first is its figure; the rest repeat it.
            let mut start = 0;
            while start < group.len() {
                let full = group[start].key();
                let end = start
                    + group[start..]
                        .iter()
                        .take_while(|e| e.key() == full)
                        .count();
                let file = Key::unpack(full).file;
                let mut part = Part::default();
                part.add(&group[start], file);
                for dup in &group[start + 1..end] {
                    let report = &mut loader.files[file as usize];
                    if report.format.is_some_and(|f| f.repeated_rows_add_up()) {
                        part.add(dup, file);
                        report.rows_summed += 1;
                    } else {
                        report.rows_rejected += 1;
                        let key = Key { file, ..winner_key };
                        loader.reject_duplicate(key, dup.line, group[start].line);
                    }
                }
                if end < group.len() {
                    // A later file gives the same figure: it wins, and the override is reported.
                    note_override(overrides, &loader.files, file, winner_key.file, || {
                        loader.describe_key(winner_key)
                    });
                } else {
                    out.add(winner_key, party_group, &part, room);
                }
                start = end;
            }
            i = j;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_stays_at_32_bytes() {
        // Blocks hold eight pairs of parts; a million-row load, thousands of blocks.
        assert_eq!(std::mem::size_of::<Part>(), 32);
    }
}
