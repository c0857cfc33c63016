//! The data layer: model, loaders, seeds, candidate results and aggregation. No ratatui, no crossterm in this tree:
//! it compiles and tests without any UI crate.

pub mod aggregate;
pub mod calendar;
pub mod cells;
pub mod compare;
pub mod dataset;
pub mod divisions;
mod fold;
pub mod formats;
pub mod ids;
pub mod input;
pub mod load;
pub mod model;
pub mod place;
pub mod precinct;
pub mod problem;
pub mod results;
pub mod seeds;
pub mod snapshot;
pub mod text;
pub mod wardmap;

pub use dataset::{Dataset, LoadReport, Loaded};
pub use model::{Election, Figures, Kind, Measure, PartyGroup, WardId};
pub use problem::{Problem, ProblemKind, Severity};

use std::path::PathBuf;

/// The ward turnout and candidate results files compiled into the binary, in load order.
pub const EMBEDDED_DATA: [(&str, &[u8]); 8] = [
    (
        "data/phila_turnout.csv",
        include_bytes!("../../data/phila_turnout.csv"),
    ),
    (
        "data/election_turnout_ward.csv",
        include_bytes!("../../data/election_turnout_ward.csv"),
    ),
    (
        "data/voter_turnout_primary_election_2015.csv",
        include_bytes!("../../data/voter_turnout_primary_election_2015.csv"),
    ),
    (
        "data/voter_turnout_primary_election_2016.csv",
        include_bytes!("../../data/voter_turnout_primary_election_2016.csv"),
    ),
    (
        "data/voter_turnout_primary_election_2017.csv",
        include_bytes!("../../data/voter_turnout_primary_election_2017.csv"),
    ),
    (
        "data/voter_turnout_primary_election_2018.csv",
        include_bytes!("../../data/voter_turnout_primary_election_2018.csv"),
    ),
    (
        "data/results_2017_primary_district_attorney_by_ward.csv",
        include_bytes!("../../data/results_2017_primary_district_attorney_by_ward.csv"),
    ),
    (
        "data/results_2023_primary_mayor_by_division.csv",
        include_bytes!("../../data/results_2023_primary_mayor_by_division.csv"),
    ),
];

/// A file or directory to load, with where in the search path it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourcePath {
    /// The file or directory.
    pub path: PathBuf,
    /// Where it came from (`$TURNOUT_DATA`, `--data`, ...).
    pub origin: String,
    /// The place of its rows where the format names none (`--place` before `--data`).
    pub place: Option<String>,
    /// A mapping file for its CSVs (`--map` before `--data`).
    pub map: Option<PathBuf>,
}

impl SourcePath {
    /// A path from a place in the search path, with no place or mapping given.
    pub fn new(path: impl Into<PathBuf>, origin: &str) -> SourcePath {
        SourcePath {
            path: path.into(),
            origin: origin.to_string(),
            place: None,
            map: None,
        }
    }
}

/// What to load, lowest precedence first: later sources win where they give the same figure.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Whether the shipped Philadelphia data is loaded first.
    pub embedded: bool,
    /// Files or directories, in load order.
    pub paths: Vec<SourcePath>,
    /// The XDG places of the search path in order, each with whether it exists (those that do
    /// are also in `paths`), for `turnout check`.
    pub xdg: Vec<(PathBuf, String, bool)>,
    /// The shipped files' load as the build stored it: read instead of the files when they
    /// are the only source.
    pub snapshot: Option<snapshot::Snapshot>,
}

impl Sources {
    /// The stored load to read instead of loading, when the shipped files are the only source.
    pub fn stored(&self) -> Option<snapshot::Snapshot> {
        self.snapshot
            .filter(|_| self.embedded && self.paths.is_empty())
    }
}

/// Loads the seeds and every source, one dataset per place. Never fails: problems are
/// collected.
pub fn load(sources: &Sources) -> Loaded {
    load_with_progress(sources, &|_| {})
}

/// `load`, telling `progress` how far it has got about ten times a second (the explorer's
/// gauge while a big file loads).
pub fn load_with_progress(
    sources: &Sources,
    progress: &(dyn Fn(&load::Progress) + Sync),
) -> Loaded {
    // Stored by the build from these same files with this same code (a test holds it to a
    // fresh load); bytes that did not read back would mean a fresh load, which gives the same.
    if let Some(loaded) = sources.stored().and_then(|s| snapshot::decode(s.0).ok()) {
        return loaded;
    }
    let mut problems = Vec::new();
    let seeds = seeds::Seeds::embedded(&mut problems);
    let calendar = seeds.calendar();
    let mut loader = load::Loader::new(&calendar);
    loader.set_progress(progress);
    if sources.embedded {
        loader.add_embedded();
    }
    for source in &sources.paths {
        loader.add_path(source);
    }
    Dataset::build(loader, seeds, problems)
}

/// Loads only the data compiled into the binary (the shipped Philadelphia files).
pub fn load_embedded() -> Dataset {
    load(&Sources {
        embedded: true,
        ..Sources::default()
    })
    .into_first()
}

/// Loads CSV text given in memory (tests, benchmarks), with the embedded seeds' calendar: the
/// first place it names (Philadelphia first). Rows that name no place are Philadelphia's.
pub fn load_str(name: &str, csv: &str) -> Dataset {
    load_bytes(name, csv.as_bytes())
}

/// Loads any bytes as one file (tests, fuzzing): never fails, whatever the bytes.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Dataset {
    let mut problems = Vec::new();
    let seeds = seeds::Seeds::embedded(&mut problems);
    let calendar = seeds.calendar();
    let mut loader = load::Loader::new(&calendar);
    loader.default_place = Some(place::PHILADELPHIA.to_string());
    loader.add_reader(name, "memory", bytes, Some(bytes.len() as u64));
    Dataset::build(loader, seeds, problems).into_first()
}
