//! A whole load stored in a compact binary form and read back: build.rs stores the shipped
//! files' load, and start-up reads it in a few milliseconds instead of parsing the CSVs again.

use super::dataset::{Dataset, LoadReport, Loaded};
use super::divisions::{DivisionFigure, DivisionStore};
use super::model::WardId;
use super::seeds::Seeds;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What a `Loaded` holds once each: the places' datasets without what they share (the report,
/// the division figures) or derive again (seeds and calendar, from the embedded seeds).
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored<'a> {
    report: LoadReport,
    /// In `DivisionFigure::pack`'s form, borrowed from the stored bytes and unpacked when
    /// first needed.
    divisions: &'a [u8],
    places: Vec<Dataset>,
    /// Per file, the elections and wards it covers: fields the JSON form of a file report
    /// leaves out, so its `Serialize` does too.
    coverage: Vec<(BTreeSet<u16>, BTreeSet<WardId>)>,
    /// Per place, race and candidate, the candidate's row of the race list (left out of the
    /// JSON form of a candidate in the same way).
    candidate_rows: Vec<Vec<Vec<Option<usize>>>>,
}

/// A stored load (`encode`'s bytes), compiled in.
#[derive(Clone, Copy)]
pub struct Snapshot(pub &'static [u8]);

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Snapshot({} bytes)", self.0.len())
    }
}

/// Why a load could not be stored or read back.
pub type Error = postcard::Error;

/// Stores a load whose seeds are the embedded ones.
///
/// # Errors
/// A load that names wards (`Reading 1`) rather than numbering them: a named ward's number
/// only holds inside the process that named it.
pub fn encode(loaded: &Loaded) -> Result<Vec<u8>, Error> {
    let figures = loaded
        .places
        .first()
        .map_or(&[][..], |d| d.division_store.figures());
    if let Some(f) = figures.iter().find(|f| f.ward.is_named()) {
        return Err(serde::ser::Error::custom(format!(
            "ward {} is named, not numbered: it cannot be stored",
            f.ward
        )));
    }
    let mut divisions = Vec::with_capacity(figures.len() * DivisionFigure::PACKED);
    for f in figures {
        f.pack(&mut divisions);
    }
    let stored = Stored {
        report: LoadReport::clone(&loaded.report),
        divisions: &divisions,
        places: loaded.places.clone(),
        coverage: loaded
            .report
            .files
            .iter()
            .map(|f| (f.election_ids.clone(), f.wards.clone()))
            .collect(),
        candidate_rows: loaded
            .places
            .iter()
            .map(|d| {
                d.races
                    .iter()
                    .map(|r| r.candidates.iter().map(|c| c.seed).collect())
                    .collect()
            })
            .collect(),
    };
    postcard::to_stdvec(&stored)
}

/// Reads a load back as `encode` stored it, with the embedded seeds split by place again.
///
/// # Errors
/// Bytes that are not a stored load of this build's data layer.
pub fn decode(bytes: &'static [u8]) -> Result<Loaded, Error> {
    // The seeds are parsed beside the stored bytes' reading (half a millisecond each). Their
    // own problems are in the stored report already.
    let (stored, seeds) = std::thread::scope(|s| {
        let seeds = s.spawn(|| Seeds::embedded(&mut Vec::new()));
        let stored = postcard::from_bytes::<Stored>(bytes);
        (stored, seeds.join())
    });
    let seeds = seeds.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let Stored {
        mut report,
        divisions,
        mut places,
        coverage,
        candidate_rows,
    } = stored?;
    for (file, (elections, wards)) in report.files.iter_mut().zip(coverage) {
        file.election_ids = elections;
        file.wards = wards;
    }
    let report = Arc::new(report);
    let divisions = Arc::new(
        DivisionStore::packed(divisions)
            .ok_or_else(|| serde::de::Error::custom("a cut division figure"))?,
    );
    let names: Vec<&str> = places.iter().map(|d| d.place.as_str()).collect();
    let (seeds, _) = seeds.split_places(&names);
    for ((dataset, seeds), rows) in places.iter_mut().zip(seeds).zip(candidate_rows) {
        for (race, rows) in dataset.races.iter_mut().zip(rows) {
            for (candidate, row) in race.candidates.iter_mut().zip(rows) {
                candidate.seed = row;
            }
        }
        dataset.calendar = seeds.calendar();
        dataset.seeds = Arc::new(seeds);
        dataset.report = Arc::clone(&report);
        dataset.division_store = Arc::clone(&divisions);
    }
    Ok(Loaded { places, report })
}

/// Asserts two loads are the same in every field (tests): the debug forms match line for line,
/// calendars compared apart (and first).
#[cfg(test)]
pub(crate) fn assert_same(mut a: Loaded, mut b: Loaded) {
    assert_eq!(a.places.len(), b.places.len());
    for (a, b) in a.places.iter_mut().zip(&mut b.places) {
        assert_eq!(a.calendar, b.calendar);
        assert_ne!(a.calendar, Default::default());
        a.calendar = Default::default();
        b.calendar = Default::default();
    }
    let (a, b) = (format!("{a:#?}"), format!("{b:#?}"));
    let first_difference = a
        .lines()
        .zip(b.lines())
        .enumerate()
        .find(|(_, (a, b))| a != b);
    assert_eq!(first_difference, None, "(line, (first, second))");
    assert_eq!(a.len(), b.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_load_reads_back_as_it_was() {
        let fresh = super::super::load(&super::super::Sources {
            embedded: true,
            ..Default::default()
        });
        let back = decode(encode(&fresh).unwrap().leak()).unwrap();
        // Shared, not copied.
        assert!(Arc::ptr_eq(&back.report, &back.places[0].report));
        assert!(Arc::ptr_eq(
            &back.places[0].division_store,
            &back.places.last().unwrap().division_store
        ));
        assert_same(fresh, back);
    }

    #[test]
    fn a_named_ward_is_refused_and_other_bytes_are_an_error() {
        // An OpenElections file's name gives its election; Reading's wards are named.
        let named = super::super::load_str(
            "20251104__pa__general__berks__precinct.csv",
            "county,precinct,office,district,party,candidate,votes\n\
             Berks,Reading 1-1,Ballots Cast,,,,152\n",
        );
        assert!(named.wards().iter().any(|w| w.number().is_none()));
        let loaded = Loaded {
            report: Arc::clone(&named.report),
            places: vec![named],
        };
        assert!(encode(&loaded).is_err());
        assert!(decode(b"not a stored load").is_err());
    }
}
