//! The data layer: model, loaders, seeds, candidate results and aggregation. No ratatui, no crossterm in this tree:
//! it compiles and tests without any UI crate.

pub mod aggregate;
pub mod calendar;
pub mod dataset;
pub mod formats;
pub mod ids;
pub mod load;
pub mod model;
pub mod problem;
pub mod results;
pub mod seeds;
pub mod text;

pub use dataset::Dataset;
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

/// What to load, lowest precedence first: later sources win where they give the same figure.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Whether the shipped Philadelphia data is loaded first.
    pub embedded: bool,
    /// Files or directories, each with the place it came from (`$TURNOUT_DATA`, `--data`).
    pub paths: Vec<(PathBuf, String)>,
    /// The XDG places of the search path in order, each with whether it exists (those that do
    /// are also in `paths`), for `turnout check`.
    pub xdg: Vec<(PathBuf, String, bool)>,
}

/// Loads the seeds and every source into a dataset. Never fails: problems are collected.
pub fn load(sources: &Sources) -> Dataset {
    let mut problems = Vec::new();
    let seeds = seeds::Seeds::embedded(&mut problems);
    let calendar = seeds.calendar();
    let mut loader = load::Loader::new(&calendar);
    if sources.embedded {
        loader.add_embedded();
    }
    for (path, origin) in &sources.paths {
        loader.add_path(path, origin);
    }
    Dataset::build(loader, seeds, problems)
}

/// Loads only the data compiled into the binary (the shipped Philadelphia files).
pub fn load_embedded() -> Dataset {
    load(&Sources {
        embedded: true,
        ..Sources::default()
    })
}

/// Loads CSV text given in memory (tests, benchmarks), with the embedded seeds' calendar.
pub fn load_str(name: &str, csv: &str) -> Dataset {
    let mut problems = Vec::new();
    let seeds = seeds::Seeds::embedded(&mut problems);
    let calendar = seeds.calendar();
    let mut loader = load::Loader::new(&calendar);
    loader.add_reader(name, "memory", csv.as_bytes(), Some(csv.len() as u64));
    Dataset::build(loader, seeds, problems)
}
