//! Plain-text, CSV and JSON reports for the command line: `turnout check`, `turnout summary`
//! and `turnout results`. Written to any `io::Write`; no terminal UI.

mod check;
mod compare;
mod results;
mod summary;

pub use check::{MapCheck, check_status, write_check, write_check_json};
pub use compare::{CompareOptions, compare, compare_title, write_compare};
pub use results::{select_races, write_results};
pub use summary::{CandidateColumn, candidate_column, summary_table, table_title, write_summary};

use crate::numbers::{count_text, pct, thousands, ward_ranges};

/// How a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for reading.
    Table,
    /// CSV with a header row.
    Csv,
    /// JSON.
    Json,
}
use crate::data::{Dataset, Kind, PartyGroup};
use std::io::{self, Write};

/// What the whole of a place is called in a total row: `county` for a county, `city` for
/// Philadelphia and other cities, `total` for an unnamed place.
pub fn whole_label(ds: &Dataset) -> &'static str {
    if ds.place.to_ascii_lowercase().ends_with(" county") {
        "county"
    } else if ds.place == crate::data::load::UNNAMED_PLACE {
        "total"
    } else {
        "city"
    }
}

/// Finds the election of a year and kind (the last one, for specials).
pub fn find_election(ds: &Dataset, year: i32, kind: Kind) -> Option<usize> {
    ds.elections()
        .iter()
        .rposition(|e| e.year() == year && e.kind == kind)
}

/// The latest off-year (odd-year) primary in the data.
pub fn latest_off_year_primary(ds: &Dataset) -> Option<usize> {
    ds.elections().iter().rposition(|e| e.is_off_year_primary())
}

/// A count for CSV and JSON: whole where it is (sums of floats drift: `5054.000000000002` is
/// `5054`), else three decimals.
fn format_count(v: f64) -> String {
    let r = (v * 1000.0).round() / 1000.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.3}")
    }
}

fn party_code(g: PartyGroup) -> &'static str {
    match g {
        PartyGroup::All => "all",
        PartyGroup::Democratic => "dem",
        PartyGroup::Republican => "rep",
        PartyGroup::Other => "other",
    }
}

/// Writes rows of cells as aligned columns: the first `left` columns flush left, the rest
/// flush right, two spaces apart, trailing spaces trimmed.
fn write_aligned(lines: &[Vec<String>], left: usize, out: &mut impl Write) -> io::Result<()> {
    let n = lines.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; n];
    for l in lines {
        for (w, c) in widths.iter_mut().zip(l) {
            *w = (*w).max(unicode_width::UnicodeWidthStr::width(c.as_str()));
        }
    }
    for l in lines {
        let mut s = String::new();
        for (i, (c, w)) in l.iter().zip(&widths).enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            let pad = w - unicode_width::UnicodeWidthStr::width(c.as_str());
            if i < left {
                s.push_str(c);
                s.extend(std::iter::repeat_n(' ', pad));
            } else {
                s.extend(std::iter::repeat_n(' ', pad));
                s.push_str(c);
            }
        }
        writeln!(out, "{}", s.trim_end())?;
    }
    Ok(())
}
