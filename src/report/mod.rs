//! Plain-text, CSV and JSON reports for the command line: `turnout check`, `turnout summary`
//! and `turnout results`. Written to any `io::Write`; no terminal UI.

mod check;
mod results;
mod summary;

pub use check::{check_status, write_check};
pub use results::{select_races, write_results};
pub use summary::{
    CandidateColumn, candidate_column, change_text, summary_table, table_title, write_summary,
};

use crate::data::{Dataset, Kind, PartyGroup, WardId};
use std::io::{self, Write};

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Ward numbers as compact ranges: `01-10, 12, 14-15`.
pub fn ward_ranges(wards: impl IntoIterator<Item = WardId>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut run: Option<(WardId, WardId)> = None;
    let flush = |run: (WardId, WardId), parts: &mut Vec<String>| {
        parts.push(if run.0 == run.1 {
            run.0.to_string()
        } else {
            format!("{}-{}", run.0, run.1)
        });
    };
    for w in wards {
        run = match run {
            Some((a, b)) if w.0 == b.0 + 1 => Some((a, w)),
            Some(r) => {
                flush(r, &mut parts);
                Some((w, w))
            }
            None => Some((w, w)),
        };
    }
    if let Some(r) = run {
        flush(r, &mut parts);
    }
    parts.join(", ")
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

/// A fraction as a percentage with one decimal, or `n/a`.
pub fn pct(f: Option<f64>) -> String {
    f.map_or("n/a".into(), |v| format!("{:.1}%", v * 100.0))
}

/// A count with thousands separators, or `n/a`.
pub fn count_text(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |v| thousands(v.round() as u64))
}

fn format_count(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_and_ranges() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(100), "100");
        let w = [1, 2, 3, 5, 7, 8].map(WardId);
        assert_eq!(ward_ranges(w), "01-03, 05, 07-08");
    }
}
