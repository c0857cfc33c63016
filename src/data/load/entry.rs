//! One figure packed into 20 bytes: its key (election, ward, division, party, measure, file),
//! sortable so that equal keys from different files sit together in load order; and the
//! entries read so far, kept in one list per election.

use crate::data::model::{Measure, WardId};

pub(crate) const FILE_BITS: u32 = 14;
const MEASURE_SHIFT: u32 = FILE_BITS;
const PARTY_SHIFT: u32 = MEASURE_SHIFT + 1;
const DIVISION_SHIFT: u32 = PARTY_SHIFT + 8;
const WARD_SHIFT: u32 = DIVISION_SHIFT + 12;
const ELECTION_SHIFT: u32 = WARD_SHIFT + 16;
pub(crate) const MAX_FILES: usize = 1 << FILE_BITS;
pub(crate) const MAX_ELECTIONS: usize = 1 << (64 - ELECTION_SHIFT);
/// Marks an entry without a registered-voters figure.
pub(crate) const NO_REGISTERED: u32 = u32::MAX;

/// One figure read from one row, packed into 20 bytes: (election, ward, division, party,
/// measure, file) in the key, sortable so that equal keys from different files sit together in
/// load order. Memory grows with these entries; aggregation keeps only wards.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub(crate) key: [u32; 2],
    /// Ballots, or top-race votes in thousandths (the crosswalked series carries decimals).
    value: u32,
    pub registered: u32,
    pub line: u32,
}

impl Entry {
    pub(crate) fn new(key: u64, measure: Measure, count: f64, registered: u32, line: u32) -> Entry {
        let value = match measure {
            Measure::Ballots => count as u32,
            Measure::TopRaceVotes => (count * 1000.0).round() as u32,
        };
        Entry {
            key: [(key >> 32) as u32, key as u32],
            value,
            registered,
            line,
        }
    }

    /// Adds a repeated row's figures to this one (formats where repeated rows add up).
    pub fn absorb(&mut self, other: &Entry) {
        self.value = self.value.saturating_add(other.value);
        self.registered = match (self.registered, other.registered) {
            (NO_REGISTERED, _) | (_, NO_REGISTERED) => NO_REGISTERED,
            (a, b) => a.saturating_add(b).min(NO_REGISTERED - 1),
        };
    }

    /// The packed key.
    pub fn key(&self) -> u64 {
        (self.key[0] as u64) << 32 | self.key[1] as u64
    }

    /// The count, in voters or votes.
    pub fn count(&self) -> f64 {
        if (self.key() >> MEASURE_SHIFT) & 1 == 1 {
            self.value as f64 / 1000.0
        } else {
            self.value as f64
        }
    }
}

/// The entries read so far, one list per election (by id). Files that cycle through the
/// elections row by row (every year of a division, then the next division) still give each
/// election's list in key order, so that `Dataset::build` finds it sorted instead of sorting
/// a million entries interleaved by election.
#[derive(Debug, Default)]
pub(crate) struct Entries {
    by_election: Vec<Vec<Entry>>,
}

/// The room an election's list gets at its first entry (about 1 KB).
const FIRST_ROOM: usize = 64;

impl Entries {
    /// The last entry of an election's list: a key repeated there is settled at once.
    pub fn last_mut(&mut self, election: u16) -> Option<&mut Entry> {
        self.by_election.get_mut(election as usize)?.last_mut()
    }

    /// Adds an entry to its election's list.
    pub fn push(&mut self, entry: Entry) {
        let election = Key::unpack(entry.key()).election as usize;
        if self.by_election.len() <= election {
            self.by_election.resize_with(election + 1, Vec::new);
        }
        let list = &mut self.by_election[election];
        if list.capacity() == 0 {
            // Room for a few dozen entries at once: a file of a few divisions an election
            // would otherwise grow each list five times.
            list.reserve(FIRST_ROOM);
        }
        list.push(entry);
    }

    /// Every entry, in no particular order (to rewrite their keys).
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Entry> {
        self.by_election.iter_mut().flatten()
    }

    /// Takes another loader's entries, their keys already rewritten to this loader's ids.
    pub fn append(&mut self, other: Entries) {
        for list in other.by_election {
            for e in list {
                self.push(e);
            }
        }
    }

    /// The lists in election order, each sorted by key and, within one key (a row repeated in
    /// a file), by line: the order of sorting every entry by (key, line).
    pub fn into_sorted(self) -> Vec<Vec<Entry>> {
        let mut lists = self.by_election;
        for list in &mut lists {
            // One pass says whether the list is in order and whether any key repeats.
            let mut order = (true, false);
            for w in list.windows(2) {
                match w[0].key().cmp(&w[1].key()) {
                    std::cmp::Ordering::Less => {}
                    std::cmp::Ordering::Equal => order.1 = true,
                    std::cmp::Ordering::Greater => {
                        order = (false, true);
                        break;
                    }
                }
            }
            if !order.0 {
                list.sort_unstable_by_key(Entry::key);
            }
            if !order.1 {
                continue;
            }
            let mut i = 0;
            while i < list.len() {
                let k = list[i].key();
                let n = list[i..].iter().take_while(|e| e.key() == k).count();
                if n > 1 {
                    list[i..i + n].sort_unstable_by_key(|e| e.line);
                }
                i += n;
            }
        }
        lists
    }
}

/// The parts of an entry's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key {
    pub election: u16,
    pub ward: WardId,
    pub division: u16,
    pub party: u8,
    pub measure: Measure,
    pub file: u16,
}

impl Key {
    pub fn pack(self) -> u64 {
        (self.election as u64) << ELECTION_SHIFT
            | (self.ward.0 as u64) << WARD_SHIFT
            | (self.division as u64) << DIVISION_SHIFT
            | (self.party as u64) << PARTY_SHIFT
            | ((self.measure == Measure::TopRaceVotes) as u64) << MEASURE_SHIFT
            | self.file as u64
    }

    pub fn unpack(k: u64) -> Key {
        Key {
            election: (k >> ELECTION_SHIFT) as u16,
            ward: WardId((k >> WARD_SHIFT) as u16),
            division: ((k >> DIVISION_SHIFT) & 0xfff) as u16,
            party: ((k >> PARTY_SHIFT) & 0xff) as u8,
            measure: if (k >> MEASURE_SHIFT) & 1 == 1 {
                Measure::TopRaceVotes
            } else {
                Measure::Ballots
            },
            file: (k & (MAX_FILES as u64 - 1)) as u16,
        }
    }

    /// The key without its file: equal for the same figure from two sources.
    pub fn figure(k: u64) -> u64 {
        k >> FILE_BITS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        let k = Key {
            election: 7,
            ward: WardId(66),
            division: 46,
            party: 3,
            measure: Measure::TopRaceVotes,
            file: 5,
        };
        assert_eq!(Key::unpack(k.pack()), k);
    }

    #[test]
    fn entries_come_out_in_key_then_line_order() {
        let entry = |election, division, file, line| {
            let key = Key {
                election,
                ward: WardId(1),
                division,
                party: 1,
                measure: Measure::Ballots,
                file,
            };
            Entry::new(key.pack(), Measure::Ballots, 1.0, NO_REGISTERED, line)
        };
        // Elections interleaved row by row (in order within each), then one out of order, a
        // key repeated by a later line, and another loader's entries appended.
        let mut all = Vec::new();
        for division in 1..=3 {
            for election in 0..3 {
                all.push(entry(election, division, 0, all.len() as u32 + 2));
            }
        }
        all.push(entry(1, 2, 0, 50));
        all.push(entry(2, 1, 0, 40));
        let mut entries = Entries::default();
        for e in &all {
            entries.push(*e);
        }
        let mut other = Entries::default();
        for e in [entry(0, 9, 1, 7), entry(0, 1, 1, 3)] {
            other.push(e);
            all.push(e);
        }
        entries.append(other);
        let got: Vec<(u64, u32)> = entries
            .into_sorted()
            .concat()
            .iter()
            .map(|e| (e.key(), e.line))
            .collect();
        let mut want: Vec<(u64, u32)> = all.iter().map(|e| (e.key(), e.line)).collect();
        want.sort_unstable();
        assert_eq!(got, want);
    }
}
