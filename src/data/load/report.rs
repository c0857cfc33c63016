//! What one input file gave: format, rows read, rejected and summed, coverage.

use crate::data::formats::Format;
use crate::data::model::WardId;
use std::collections::BTreeSet;

/// What one input file gave.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FileReport {
    /// The path as given, or `embedded:NAME`.
    pub name: String,
    /// Where in the search path it came from (`embedded`, `$TURNOUT_DATA`, `--data`, ...).
    pub origin: String,
    /// The format recognised, if any.
    pub format: Option<Format>,
    /// Data rows read.
    pub rows_read: u64,
    /// Rows left out because of a problem.
    pub rows_rejected: u64,
    /// Rows that repeated a key and were added to it (formats where that is the meaning).
    pub rows_summed: u64,
    /// Row problems listed for this file (at most [`MAX_PROBLEMS_PER_FILE`]).
    pub problems_listed: u64,
    /// Row problems beyond the listed ones: counted, not kept.
    pub problems_not_listed: u64,
    /// The mapping file the rows were read through, if any.
    pub mapping: Option<String>,
    /// Rows the mapping's `skip_unless` left out (not errors).
    pub rows_skipped: u64,
    /// The first few of them, by line.
    pub skipped_lines: Vec<u64>,
    /// Rows whose precinct is no place on the map (`2nd Congressional`): in the place's total,
    /// in no ward.
    pub rows_not_by_ward: u64,
    /// Elections the file covers (indices into the loader's table until finished).
    #[serde(skip)]
    pub election_ids: BTreeSet<u16>,
    /// Wards the file covers.
    #[serde(skip)]
    pub wards: BTreeSet<WardId>,
}

impl FileReport {
    pub(crate) fn new(name: &str, origin: &str) -> FileReport {
        FileReport {
            name: crate::data::text::sanitize(name).into_owned(),
            origin: origin.to_string(),
            format: None,
            rows_read: 0,
            rows_rejected: 0,
            rows_summed: 0,
            problems_listed: 0,
            problems_not_listed: 0,
            mapping: None,
            rows_skipped: 0,
            skipped_lines: Vec::new(),
            rows_not_by_ward: 0,
            election_ids: BTreeSet::new(),
            wards: BTreeSet::new(),
        }
    }
}
