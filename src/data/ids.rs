//! Normalising ward and division ids as the different sources write them: `"05"`, `5`, `W05`,
//! `"5 - 12"`, `"0512"`, `512`, `"05-12"`, `W01-01`, `PHILA WD 05 DIV 12`.

use super::model::WardId;

/// The largest division number a ward may have (divisions are packed into 12 bits).
pub const MAX_DIVISION: u16 = 4095;

/// Why an id could not be read; the text becomes part of a problem message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum IdError {
    /// Nothing in the cell.
    #[error("empty id")]
    Empty,
    /// The cell holds something that is not a ward or division number.
    #[error("not a ward or division id: {0:?}")]
    NotAnId(String),
    /// Ward 0, or a ward above 32767.
    #[error("ward number out of range: {0:?}")]
    WardOutOfRange(String),
    /// Division 0, or a division above the supported maximum.
    #[error("division number out of range: {0:?} (1 to 4095)")]
    DivisionOutOfRange(String),
    /// A list of wards longer than anyone types.
    #[error(
        "ward list of {0} characters is too long (limit {MAX_WARD_LIST}): use ranges like 1-66"
    )]
    ListTooLong(usize),
    /// A division id naming another ward than the row's ward column.
    #[error("division {division:?} lies in ward {in_id}, but the row's ward is {row}")]
    WardMismatch {
        /// The division text.
        division: String,
        /// The ward the division id names.
        in_id: WardId,
        /// The ward the row names.
        row: WardId,
    },
}

/// Words allowed around the numbers of an id.
const PREFIXES: [&str; 10] = [
    "W", "WD", "WARD", "D", "DIV", "DIVISION", "P", "PCT", "PRECINCT", "PHILA",
];

/// Splits text into its runs of ASCII digits, rejecting any letter that is not part of a
/// known prefix (`W`, `WD`, `WARD`, `DIV`, `PHILA`, ...).
/// The digit runs of an id (at most two; three or more make it no id), without allocating:
/// ids are read once per row.
fn digit_groups(text: &str) -> Result<Groups<'_>, IdError> {
    let mut groups = Groups::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if groups.len == 2 {
                return Err(IdError::NotAnId(text.to_string()));
            }
            groups.runs[groups.len] = &text[start..i];
            groups.len += 1;
        } else if b.is_ascii_alphabetic() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            let word = &text[start..i];
            if !PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(word)) {
                return Err(IdError::NotAnId(text.to_string()));
            }
        } else if matches!(b, b' ' | b'-' | b'/' | b':' | b'.' | b'_' | b'\t') {
            i += 1;
        } else {
            return Err(IdError::NotAnId(text.to_string()));
        }
    }
    Ok(groups)
}

/// Up to two digit runs of an id.
#[derive(Default)]
struct Groups<'a> {
    runs: [&'a str; 2],
    len: usize,
}

impl<'a> Groups<'a> {
    fn as_slice(&self) -> &[&'a str] {
        &self.runs[..self.len]
    }
}

fn ward_number(digits: &str, whole: &str) -> Result<WardId, IdError> {
    match digits.parse::<u32>() {
        Ok(n) if (1..=WardId::MAX_NUMBER as u32).contains(&n) => Ok(WardId(n as u16)),
        _ => Err(IdError::WardOutOfRange(whole.to_string())),
    }
}

fn division_number(digits: &str, whole: &str) -> Result<u16, IdError> {
    match digits.parse::<u32>() {
        Ok(n) if (1..=MAX_DIVISION as u32).contains(&n) => Ok(n as u16),
        _ => Err(IdError::DivisionOutOfRange(whole.to_string())),
    }
}

/// Reads a ward id: digits with an optional `W`/`WD`/`Ward` prefix.
///
/// # Errors
/// [`IdError`] when the cell is empty, holds other text, or the number is 0 or too large.
pub fn parse_ward(text: &str) -> Result<WardId, IdError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(IdError::Empty);
    }
    match digit_groups(text)?.as_slice() {
        [one] => ward_number(one, text),
        _ => Err(IdError::NotAnId(text.to_string())),
    }
}

/// Reads a ward as a mapping's ward pattern and a map's ward property are read: a number
/// ([`parse_ward`]: `08`, `W08`), else a named ward (`Reading 1`, interned by
/// [`WardId::named`]).
///
/// # Errors
/// [`IdError`] when the text is empty, or a number out of range, or the process has named the
/// most wards it can.
pub fn parse_ward_or_name(text: &str) -> Result<WardId, IdError> {
    match parse_ward(text) {
        Err(IdError::NotAnId(t)) => WardId::named(&t).ok_or(IdError::NotAnId(t)),
        other => other,
    }
}

/// Reads a list of wards and ranges: `8`, `01-10`, `1, 5, 8-9` (sorted, without repeats).
///
/// # Errors
/// [`IdError`] for a part that is no ward or a range running backwards.
pub fn parse_ward_list(text: &str) -> Result<Vec<WardId>, IdError> {
    if text.len() > MAX_WARD_LIST {
        return Err(IdError::ListTooLong(text.len()));
    }
    // Ranges are merged as intervals first, so that repeated or overlapping ranges cost
    // nothing: the wards are listed once each at the end.
    let mut ranges: Vec<(u16, u16)> = Vec::new();
    for part in text.split(',').map(str::trim) {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (parse_ward(a)?, parse_ward(b)?);
                if a > b {
                    return Err(IdError::NotAnId(part.to_string()));
                }
                ranges.push((a.0, b.0));
            }
            None => {
                let w = parse_ward(part)?;
                ranges.push((w.0, w.0));
            }
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(u16, u16)> = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        match merged.last_mut() {
            Some(last) if u32::from(a) <= u32::from(last.1) + 1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    Ok(merged
        .into_iter()
        .flat_map(|(a, b)| (a..=b).map(WardId))
        .collect())
}

/// The longest `--ward` list read (a thousand wards typed one by one fit easily).
pub const MAX_WARD_LIST: usize = 10_000;

/// Reads a division id, returning its ward and its number within the ward.
///
/// `ward` is the row's ward column where there is one. Two groups of digits are ward and
/// division (`05-12`, `5 - 12`, `PHILA WD 05 DIV 12`). One group of three or more digits is
/// `WWDD` or `WDD` (`0512`, `512`) unless the row's ward says it is a plain division number.
///
/// # Errors
/// [`IdError`] for text that is no id, numbers out of range, or a division naming another ward
/// than the row.
pub fn parse_division(text: &str, ward: Option<WardId>) -> Result<(WardId, u16), IdError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(IdError::Empty);
    }
    let (w, d) = match digit_groups(text)?.as_slice() {
        [w, d] => (ward_number(w, text)?, division_number(d, text)?),
        [one] if one.len() <= 2 => match ward {
            Some(w) => (w, division_number(one, text)?),
            None => return Err(IdError::NotAnId(text.to_string())),
        },
        [one] => {
            let (wpart, dpart) = one.split_at(one.len() - 2);
            let as_wwdd = (ward_number(wpart, text), division_number(dpart, text));
            match (ward, as_wwdd) {
                (Some(row), (Ok(w), Ok(d))) if row == w => (w, d),
                (Some(row), _) if one.trim_start_matches('0').len() <= 4 => {
                    (row, division_number(one, text)?)
                }
                (None, (Ok(w), Ok(d))) => (w, d),
                (_, (Err(e), _)) | (_, (_, Err(e))) => return Err(e),
                (Some(_), _) => return Err(IdError::NotAnId(text.to_string())),
            }
        }
        _ => return Err(IdError::NotAnId(text.to_string())),
    };
    match ward {
        Some(row) if row != w => Err(IdError::WardMismatch {
            division: text.to_string(),
            in_id: w,
            row,
        }),
        _ => Ok((w, d)),
    }
}

/// The common shapes of a division cell, read from its bytes without decoding them: `W001-01`,
/// `05-12`, and `12` within the row's ward. `None` for anything else, which [`parse_division`]
/// reads (and names the problem of); wherever this gives an id, `parse_division` gives the same.
pub(crate) fn division_fast(cell: &[u8], ward: Option<WardId>) -> Option<(WardId, u16)> {
    // A run of at most four digits at the start, and its value.
    fn number(s: &[u8]) -> Option<(u32, usize)> {
        let n = s.iter().take(5).take_while(|b| b.is_ascii_digit()).count();
        let value = s[..n].iter().fold(0, |v, b| v * 10 + u32::from(b - b'0'));
        (1..=4).contains(&n).then_some((value, n))
    }
    let letters = cell.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let prefix = &cell[..letters];
    if letters > 0
        && !PREFIXES
            .iter()
            .any(|p| p.as_bytes().eq_ignore_ascii_case(prefix))
    {
        return None;
    }
    let rest = &cell[letters..];
    let (first, n) = number(rest)?;
    let (w, d) = match &rest[n..] {
        [] if n <= 2 => (ward?, first),
        [b'-' | b'/' | b':' | b'.' | b'_', tail @ ..] => match number(tail)? {
            (d, m) if m == tail.len() && (1..=u32::from(WardId::MAX_NUMBER)).contains(&first) => {
                (WardId(first as u16), d)
            }
            _ => return None,
        },
        _ => return None,
    };
    let fits = (1..=u32::from(MAX_DIVISION)).contains(&d) && ward.is_none_or(|r| r == w);
    fits.then_some((w, d as u16))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_division_reading_agrees_with_the_full_one() {
        let mut cells: Vec<String> = Vec::new();
        for prefix in ["", "W", "w", "Ward", "D", "DIV", "X", "Wx", " "] {
            for a in [
                "", "0", "1", "05", "012", "0512", "12345", "66", "32767", "32768", "99999",
            ] {
                for sep in ["", "-", "/", ":", ".", "_", " ", "--", ","] {
                    for b in ["", "0", "1", "12", "012", "4095", "4096", "9999", "1x", " "] {
                        cells.push(format!("{prefix}{a}{sep}{b}"));
                    }
                }
            }
        }
        let mut fast = 0;
        for cell in &cells {
            for ward in [None, Some(WardId(5)), Some(WardId(12)), Some(WardId(66))] {
                if let Some(id) = division_fast(cell.as_bytes(), ward) {
                    fast += 1;
                    assert_eq!(parse_division(cell, ward), Ok(id), "{cell:?} in {ward:?}");
                }
            }
        }
        // The shapes it is for are read fast.
        assert_eq!(
            division_fast(b"W001-01", Some(WardId(1))),
            Some((WardId(1), 1))
        );
        assert_eq!(division_fast(b"05-12", None), Some((WardId(5), 12)));
        assert_eq!(
            division_fast(b"12", Some(WardId(66))),
            Some((WardId(66), 12))
        );
        assert!(fast > 1000, "{fast}");
    }

    #[test]
    fn ward_lists_and_ranges() {
        let w = |ns: &[u16]| ns.iter().map(|&n| WardId(n)).collect::<Vec<_>>();
        assert_eq!(parse_ward_list("8"), Ok(w(&[8])));
        assert_eq!(parse_ward_list("01-03, 8,2"), Ok(w(&[1, 2, 3, 8])));
        assert!(parse_ward_list("5-3").is_err());
        assert!(parse_ward_list("x").is_err());
        assert!(parse_ward_list("").is_err());
        // Overlapping and repeated ranges merge as intervals: no ward twice, nothing expanded
        // more than once (16,000 copies of 1-65535 would be a billion wards expanded).
        assert_eq!(
            parse_ward_list("1-3,2-5,7,6"),
            Ok(w(&[1, 2, 3, 4, 5, 6, 7]))
        );
        let many = vec!["1-300"; 1_000].join(",");
        assert_eq!(parse_ward_list(&many).unwrap().len(), 300);
        let huge = vec!["1-65535"; 16_000].join(",");
        assert!(matches!(
            parse_ward_list(&huge),
            Err(IdError::ListTooLong(_))
        ));
    }

    #[test]
    fn ward_forms() {
        for t in ["05", "5", " 5 ", "W05", "Ward 5", "wd 05"] {
            assert_eq!(parse_ward(t), Ok(WardId(5)), "{t}");
        }
        assert_eq!(parse_ward("W0319"), Ok(WardId(319)));
        assert!(matches!(parse_ward("0"), Err(IdError::WardOutOfRange(_))));
        assert!(matches!(parse_ward("abc"), Err(IdError::NotAnId(_))));
        assert!(matches!(parse_ward("5-12"), Err(IdError::NotAnId(_))));
        assert_eq!(parse_ward(""), Err(IdError::Empty));
    }

    #[test]
    fn wards_by_number_or_by_name() {
        assert_eq!(parse_ward_or_name("08"), Ok(WardId(8)));
        assert_eq!(parse_ward_or_name(" W8 "), Ok(WardId(8)));
        let reading = parse_ward_or_name("Reading  1").unwrap();
        assert_eq!(Some(reading), WardId::named("reading 1"));
        assert_eq!(parse_ward_or_name(""), Err(IdError::Empty));
        assert!(matches!(
            parse_ward_or_name("0"),
            Err(IdError::WardOutOfRange(_))
        ));
    }

    #[test]
    fn division_forms_from_every_source() {
        for t in [
            "0512",
            "512",
            "05-12",
            "5 - 12",
            "PHILA WD 05 DIV 12",
            "W05-12",
        ] {
            assert_eq!(parse_division(t, None), Ok((WardId(5), 12)), "{t}");
            assert_eq!(
                parse_division(t, Some(WardId(5))),
                Ok((WardId(5), 12)),
                "{t}"
            );
        }
        assert_eq!(parse_division("12", Some(WardId(5))), Ok((WardId(5), 12)));
        assert_eq!(parse_division("4012", None), Ok((WardId(40), 12)));
    }

    #[test]
    fn division_disagreeing_with_ward_is_an_error() {
        assert!(matches!(
            parse_division("06-12", Some(WardId(5))),
            Err(IdError::WardMismatch { .. })
        ));
        assert!(matches!(
            parse_division("05-00", None),
            Err(IdError::DivisionOutOfRange(_))
        ));
        assert!(matches!(
            parse_division("12", None),
            Err(IdError::NotAnId(_))
        ));
    }

    #[test]
    fn plain_large_division_number_with_a_ward_column() {
        // Ward 7, division 112: "112" does not start with 07, so it is a plain number.
        assert_eq!(parse_division("112", Some(WardId(7))), Ok((WardId(7), 112)));
    }
}
