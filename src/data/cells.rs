//! Cell parsers shared by every format: text decoding, counts, decimals, dates and years.

use super::problem::ProblemKind;
use chrono::NaiveDate;
use std::borrow::Cow;

/// A cell as text, decoded (UTF-8, or Latin-1 for files that are not UTF-8) and sanitised:
/// control and bidirectional-override characters become a placeholder.
pub(crate) fn text(bytes: &[u8], latin1: bool) -> Cow<'_, str> {
    // Most cells are printable ASCII: nothing to decode or replace.
    if bytes.iter().all(|b| (0x20..0x7f).contains(b))
        && let Ok(s) = std::str::from_utf8(bytes)
    {
        return Cow::Borrowed(s);
    }
    let decoded = if latin1 {
        Cow::Owned(bytes.iter().map(|&b| b as char).collect())
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(bytes),
        }
    };
    match decoded {
        Cow::Borrowed(s) => super::text::sanitize(s),
        Cow::Owned(s) => Cow::Owned(super::text::sanitize_owned(s)),
    }
}

/// A cell of one to nine plain digits, read in one pass (what [`parse_count`] gives it);
/// `None` for anything else.
#[inline]
pub(crate) fn plain_count(cell: &[u8]) -> Option<u32> {
    if !(1..=9).contains(&cell.len()) {
        return None;
    }
    let mut n = 0u32;
    for &b in cell {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + u32::from(d);
    }
    Some(n)
}

/// Reads a whole, non-negative count (`1234`, ` 1,234 `).
#[inline]
pub fn parse_count(cell: &[u8]) -> Result<u64, ProblemKind> {
    // Most cells are a few plain digits: read them in one pass, without a call.
    match plain_count(cell) {
        Some(n) => Ok(n.into()),
        None => parse_count_in_full(cell),
    }
}

/// [`parse_count`] for a cell that is not plain digits: blanks, separators, decimals, errors.
#[inline(never)]
fn parse_count_in_full(cell: &[u8]) -> Result<u64, ProblemKind> {
    let t = trim(cell);
    let shown = || String::from_utf8_lossy(cell).into_owned();
    if t.is_empty() {
        return Err(ProblemKind::MissingValue);
    }
    let mut n: u64 = 0;
    let mut digits = 0;
    for (i, &b) in t.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                n = n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add((b - b'0') as u64))
                    .ok_or_else(|| ProblemKind::TooLarge(shown()))?;
                digits += 1;
            }
            b',' | b'_' if digits > 0 => {}
            b'-' if i == 0 && t.len() > 1 => return Err(ProblemKind::Negative(shown())),
            b'.' => {
                return if t[i + 1..].iter().all(|&c| c == b'0') && digits > 0 {
                    Ok(n)
                } else if t[i + 1..].iter().all(u8::is_ascii_digit) && digits > 0 {
                    Err(ProblemKind::NotInteger(shown()))
                } else {
                    Err(ProblemKind::NotNumeric(shown()))
                };
            }
            _ => return Err(ProblemKind::NotNumeric(shown())),
        }
    }
    if n > u32::MAX as u64 / 2 {
        return Err(ProblemKind::TooLarge(shown()));
    }
    Ok(n)
}

/// Reads a non-negative decimal count (the crosswalked top-race votes carry decimals).
pub fn parse_decimal(cell: &[u8]) -> Result<f64, ProblemKind> {
    let t = trim(cell);
    if t.is_empty() {
        return Err(ProblemKind::MissingValue);
    }
    // Most cells are whole numbers: read them without the float parser.
    if t.len() <= 9 && t.iter().all(u8::is_ascii_digit) {
        let n = t.iter().fold(0u32, |n, &b| n * 10 + (b - b'0') as u32);
        return if n < 4_000_000 {
            Ok(n as f64)
        } else {
            Err(ProblemKind::TooLarge(
                String::from_utf8_lossy(cell).into_owned(),
            ))
        };
    }
    let shown = || String::from_utf8_lossy(cell).into_owned();
    if !t
        .iter()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'e' | b'E' | b'+'))
    {
        return Err(ProblemKind::NotNumeric(shown()));
    }
    let s = std::str::from_utf8(t).map_err(|_| ProblemKind::NotNumeric(shown()))?;
    match s.parse::<f64>() {
        // Thousandths of a vote are kept in 32 bits: up to four million votes in one row.
        Ok(v) if v.is_finite() && (0.0..4e6).contains(&v) => Ok(v),
        Ok(v) if v < 0.0 => Err(ProblemKind::Negative(shown())),
        Ok(_) => Err(ProblemKind::TooLarge(shown())),
        Err(_) => Err(ProblemKind::NotNumeric(shown())),
    }
}

/// Whether two short cells are equal, compared in place: the per-file caches compare a
/// cell with the last ones on every row, and a call into the C library's `memcmp` for a few
/// bytes costs more than the comparison.
#[inline]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    // Straight-line loads for the short cells these are (a year, `primary`, `W001-01`): two
    // overlapping words cover every byte, with no loop over bytes.
    let u32_at = |s: &[u8], i: usize| u32::from_ne_bytes(s[i..i + 4].try_into().expect("four"));
    let u64_at = |s: &[u8], i: usize| u64::from_ne_bytes(s[i..i + 8].try_into().expect("eight"));
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=8 => u32_at(a, 0) == u32_at(b, 0) && u32_at(a, n - 4) == u32_at(b, n - 4),
        _ => {
            let mut i = 0;
            while i + 8 < n {
                if u64_at(a, i) != u64_at(b, i) {
                    return false;
                }
                i += 8;
            }
            u64_at(a, n - 8) == u64_at(b, n - 8)
        }
    }
}

pub(crate) fn trim(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end]
}

/// Reads `YYYY-MM-DD`, `YYYY/MM/DD` or `M/D/YYYY`, with or without a time after it.
pub fn parse_date(cell: &str) -> Option<NaiveDate> {
    let day = cell.trim().split([' ', 'T']).next()?;
    let parts: Vec<&str> = day.split(['-', '/']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |s: &str| s.parse::<u32>().ok();
    if a.len() == 4 {
        NaiveDate::from_ymd_opt(a.parse().ok()?, num(b)?, num(c)?)
    } else if c.len() == 4 {
        NaiveDate::from_ymd_opt(c.parse().ok()?, num(a)?, num(b)?)
    } else {
        None
    }
}

/// The leading year of a name such as `2017 primary` or `2015 MUNICIPAL PRIMARY`.
pub(crate) fn leading_year(name: &str) -> Option<i32> {
    let y = name.trim().get(..4)?;
    y.parse().ok().filter(|y| (1800..=2200).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        // The one-pass path for short runs of digits, and what must fall out of it.
        assert_eq!(parse_count(b"0"), Ok(0));
        assert_eq!(parse_count(b"999999999"), Ok(999_999_999));
        assert_eq!(parse_count(b"0042"), Ok(42));
        assert!(matches!(
            parse_count(b"12a"),
            Err(ProblemKind::NotNumeric(_))
        ));
        assert!(matches!(
            parse_count(b"1/2"),
            Err(ProblemKind::NotNumeric(_))
        ));
        assert_eq!(parse_count(b" 1,234 "), Ok(1234));
        assert_eq!(parse_count(b"12.0"), Ok(12));
        assert!(matches!(
            parse_count(b"12.5"),
            Err(ProblemKind::NotInteger(_))
        ));
        assert!(matches!(parse_count(b"-3"), Err(ProblemKind::Negative(_))));
        assert!(matches!(
            parse_count(b"abc"),
            Err(ProblemKind::NotNumeric(_))
        ));
        assert!(matches!(parse_count(b""), Err(ProblemKind::MissingValue)));
        assert!(matches!(
            parse_count(b"99999999999999999999999"),
            Err(ProblemKind::TooLarge(_))
        ));
    }

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal(b"12.25"), Ok(12.25));
        assert_eq!(parse_decimal(b" 185 "), Ok(185.0));
        assert!(matches!(
            parse_decimal(b"4000000"),
            Err(ProblemKind::TooLarge(_))
        ));
        assert!(matches!(
            parse_decimal(b"-1"),
            Err(ProblemKind::Negative(_))
        ));
        assert!(matches!(
            parse_decimal(b"NaN"),
            Err(ProblemKind::NotNumeric(_))
        ));
    }

    #[test]
    fn same_cells() {
        assert!(same(b"", b""));
        assert!(same(b"2017 primary", b"2017 primary"));
        assert!(!same(b"2017 primary", b"2017 primarz"));
        assert!(!same(b"2017 primary", b"2017 primar"));
        assert!(!same(b"abcdefgh", b"abcdefgX"));
        // Every length the straight-line loads cover, a difference at every byte.
        for n in 0..40 {
            let a: Vec<u8> = (0..n as u8).map(|i| b'a' + i % 26).collect();
            assert!(same(&a, &a.clone()), "{n}");
            for i in 0..n {
                let mut b = a.clone();
                b[i] = b'#';
                assert!(!same(&a, &b), "length {n}, byte {i}");
            }
        }
    }

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2015, 5, 19);
        assert_eq!(parse_date("2015-05-19"), d);
        assert_eq!(parse_date("2015/05/19"), d);
        assert_eq!(parse_date("05/19/2015 12:00:00 AM"), d);
        assert_eq!(parse_date("5/19/2015"), d);
        assert_eq!(parse_date("2015-02-30"), None);
        assert_eq!(parse_date("May 19"), None);
    }
}
