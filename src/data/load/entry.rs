//! One figure packed into 20 bytes: its key (election, ward, division, party, measure, file),
//! sortable so that equal keys from different files sit together in load order.

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
}
