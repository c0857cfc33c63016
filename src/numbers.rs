//! How numbers read on screen and in reports: thousands separators, percentages, changes,
//! ward ranges. Shared by the explorer and the command-line reports; no I/O.

use crate::data::WardId;
use crate::data::aggregate::Change;

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

/// A fraction as a percentage with one decimal, or `n/a`.
pub fn pct(f: Option<f64>) -> String {
    f.map_or("n/a".into(), |v| format!("{:.1}%", v * 100.0))
}

/// A count with thousands separators, or `n/a`.
pub fn count_text(v: Option<f64>) -> String {
    v.map_or("n/a".into(), |v| thousands(v.round() as u64))
}

/// A change as `+4.4 pp` (turnout points) or `+12.0%` (counts), or `n/a`.
pub fn change_text(c: Option<Change>) -> String {
    match c {
        Some(Change::Points(p)) => format!("{} pp", signed(p, 1)),
        Some(Change::Percent(p)) => format!("{}%", signed(p, 1)),
        None => "n/a".into(),
    }
}

/// A signed value with `decimals` decimals, and no `-0.0`: `+0.08`, `-1.2`, `0.00`.
pub fn signed(v: f64, decimals: usize) -> String {
    let text = format!("{v:+.decimals$}");
    if text[1..].chars().all(|c| c == '0' || c == '.') {
        text[1..].to_string()
    } else {
        text
    }
}

/// A signed whole count with thousands separators: `+1,127`, `-60`, `0`.
pub fn signed_count(v: f64) -> String {
    let n = v.round() as i64;
    match n.signum() {
        1 => format!("+{}", thousands(n as u64)),
        -1 => format!("-{}", thousands(n.unsigned_abs())),
        _ => "0".into(),
    }
}

/// `1 row`, `1,259 rows`: a count with thousands separators and its word, singular for one.
pub fn counted(n: u64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{} {word}s", thousands(n))
    }
}

/// `1 warning`, `2 warnings`, `0 errors`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
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
        assert_eq!(change_text(Some(Change::Points(-4.44))), "-4.4 pp");
        assert_eq!(pct(Some(0.1734)), "17.3%");
        assert_eq!(signed(-0.001, 2), "0.00");
        assert_eq!(signed(0.08, 2), "+0.08");
        assert_eq!(signed(-1.24, 1), "-1.2");
        assert_eq!(signed_count(-1234.0), "-1,234");
        assert_eq!(signed_count(38778.0), "+38,778");
        assert_eq!(signed_count(0.2), "0");
        assert_eq!(plural(1, "warning"), "1 warning");
        assert_eq!(plural(0, "error"), "0 errors");
    }
}
