//! Splitting real precinct names (`01~01`, `Reading 1-1`, `Alsace Twp 1`) into ward and division.

use super::ids::MAX_DIVISION;

/// A ward as a precinct name gives it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ward {
    /// A numbered ward of the file's place (Philadelphia's `01~01` is ward 1).
    Number(u16),
    /// A ward named by its town, spaces collapsed and case kept: `Reading 1`, `Alsace Twp`.
    Named(String),
}

/// A precinct split into its ward and its division within that ward.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Precinct {
    /// The ward the precinct lies in.
    pub ward: Ward,
    /// The division's number within the ward, 1 to [`MAX_DIVISION`].
    pub division: u16,
}

/// Why a precinct name could not be split; the text becomes part of a problem message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrecinctError {
    /// Nothing in the cell.
    #[error("empty precinct")]
    Empty,
    /// A pseudo-precinct naming no place (`Mail Ballots`, `2nd Congressional`, `Total`).
    #[error("not a geographic precinct: {0:?}")]
    NotGeographic(String),
    /// Text that none of the known precinct forms matches (`5`, `1-2-3`, `12345`).
    #[error("not a precinct name: {0:?}")]
    Unrecognised(String),
    /// Ward 0, or a ward above 65535.
    #[error("ward number out of range: {0:?}")]
    WardOutOfRange(String),
    /// Division 0, or a division above the supported maximum.
    #[error("division number out of range: {0:?} (1 to 4095)")]
    DivisionOutOfRange(String),
}

/// Words marking a pseudo-precinct: votes counted for the place but in no place on the map.
const PSEUDO_WORDS: [&str; 12] = [
    "mail",
    "mailin",
    "absentee",
    "provisional",
    "countywide",
    "total",
    "totals",
    "congressional",
    "legislative",
    "senatorial",
    "uocava",
    "overseas",
];

/// Words naming a ward before its number (`ALLENTOWN WARD 03`).
const WARD_WORDS: [&str; 2] = ["WARD", "WD"];

/// Words naming a division before its number, dropped from the ward name (`Easton DISTRICT 3`).
const DIVISION_WORDS: [&str; 6] = ["DISTRICT", "DIST", "DIV", "DIVISION", "PRECINCT", "PCT"];

fn is_one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether a precinct cell names a place on the map. False for mail-ballot, provisional,
/// total and congressional- or legislative-district pseudo-precincts such as `2nd
/// Congressional` or `Mail Ballots` (their rows count in the place's totals only), and for an
/// empty cell; [`split`] fails with [`PrecinctError::NotGeographic`] exactly for the others.
pub fn is_geographic(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && !text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| is_one_of(w, &PSEUDO_WORDS))
}

fn is_tail_byte(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'-' | b'~' | b'/' | b' ' | b'\t')
}

/// Splits text into the words before its trailing numbers and those numbers' digit groups:
/// `Reading 11-2` gives (`Reading`, [`11`, `2`]). Digits glued to a word stay in the word.
fn numeric_tail(text: &str) -> (&str, Vec<&str>) {
    let bytes = text.as_bytes();
    let mut start = bytes.len();
    while start > 0 && is_tail_byte(bytes[start - 1]) {
        start -= 1;
    }
    if start > 0 {
        while start < bytes.len() && bytes[start].is_ascii_digit() {
            start += 1;
        }
    }
    let head = text[..start].trim_end_matches(|c: char| c.is_whitespace() || "-~/".contains(c));
    let groups = text[start..]
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    (head, groups)
}

fn ward_number(digits: &str, whole: &str) -> Result<Ward, PrecinctError> {
    match digits.parse::<u32>() {
        Ok(n) if (1..=u16::MAX as u32).contains(&n) => Ok(Ward::Number(n as u16)),
        _ => Err(PrecinctError::WardOutOfRange(whole.to_string())),
    }
}

fn division_number(digits: &str, whole: &str) -> Result<u16, PrecinctError> {
    match digits.parse::<u32>() {
        Ok(n) if (1..=MAX_DIVISION as u32).contains(&n) => Ok(n as u16),
        _ => Err(PrecinctError::DivisionOutOfRange(whole.to_string())),
    }
}

/// Splits a precinct name into its ward and division.
///
/// The forms, tried in this order (case ignored in keywords, names keep their case with runs
/// of spaces collapsed):
/// - two digit groups: `01~01`, `01-01`, `5 - 12` → ward 1 division 1, ward 5 division 12;
/// - one group of 3 or 4 digits, `WDD` or `WWDD`: `512`, `0101`;
/// - `<TOWN> WARD 03 DISTRICT 02` (also `WD`, and `DIST`, `DIV`, `DIVISION`, `PRECINCT`,
///   `PCT`) → ward `<TOWN> WARD 03`, division 2 (a plain ward number without a town);
/// - `<TOWN> 11-2` → ward `<TOWN> 11`, division 2 (`Reading 11-2`);
/// - town words then one number: `Alsace Twp 1`, `Birdsboro Boro 2` → ward `Alsace Twp`,
///   division 1; a trailing `DISTRICT`, `DIST`, `PRECINCT`, `PCT`, `DIV` or `DIVISION` is
///   dropped (`Easton DISTRICT 3` → `Easton`, 3), after `WARD`/`WD` the number is the ward's
///   (`Easton Ward 3` → `Easton Ward 3`, 1);
/// - a bare town name, a ward of one division: `Albany Twp` → `Albany Twp`, 1.
///
/// # Errors
/// [`PrecinctError`] for an empty cell, a pseudo-precinct (see [`is_geographic`]), text of no
/// known form, or a ward or division number out of range.
pub fn split(text: &str) -> Result<Precinct, PrecinctError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(PrecinctError::Empty);
    }
    if !is_geographic(text) {
        return Err(PrecinctError::NotGeographic(text.to_string()));
    }
    let (head, groups) = numeric_tail(text);
    let words: Vec<&str> = head.split_whitespace().collect();
    let unrecognised = || PrecinctError::Unrecognised(text.to_string());
    if !words.is_empty() && !head.chars().any(char::is_alphabetic) {
        return Err(unrecognised());
    }
    let named = |words: &[&str], number: Option<&str>| {
        let mut name = words.join(" ");
        if let Some(n) = number {
            name.push(' ');
            name.push_str(n);
        }
        Ward::Named(name)
    };
    let (ward, division) = match (words.as_slice(), groups.as_slice()) {
        ([], [w, d]) => (ward_number(w, text)?, division_number(d, text)?),
        ([], [one]) if (3..=4).contains(&one.len()) => {
            let (w, d) = one.split_at(one.len() - 2);
            (ward_number(w, text)?, division_number(d, text)?)
        }
        ([], _) => return Err(unrecognised()),
        ([kw], [w, d]) if is_one_of(kw, &WARD_WORDS) => {
            (ward_number(w, text)?, division_number(d, text)?)
        }
        (town, [w, d]) => (named(town, Some(*w)), division_number(d, text)?),
        ([town @ .., kw_ward, w, kw_div], [d])
            if is_one_of(kw_ward, &WARD_WORDS)
                && w.bytes().all(|b| b.is_ascii_digit())
                && is_one_of(kw_div, &DIVISION_WORDS) =>
        {
            let ward = if town.is_empty() {
                ward_number(w, text)?
            } else {
                named(&words[..words.len() - 1], None)
            };
            (ward, division_number(d, text)?)
        }
        ([kw], [w]) if is_one_of(kw, &WARD_WORDS) => (ward_number(w, text)?, 1),
        ([_, .., kw], [w]) if is_one_of(kw, &WARD_WORDS) => (named(&words, Some(*w)), 1),
        ([kw], [_]) if is_one_of(kw, &DIVISION_WORDS) => return Err(unrecognised()),
        ([town @ .., kw], [d]) if is_one_of(kw, &DIVISION_WORDS) => {
            (named(town, None), division_number(d, text)?)
        }
        (town, [d]) => (named(town, None), division_number(d, text)?),
        (town, []) => (named(town, None), 1),
        _ => return Err(unrecognised()),
    };
    Ok(Precinct { ward, division })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn number(w: u16, d: u16) -> Result<Precinct, PrecinctError> {
        Ok(Precinct {
            ward: Ward::Number(w),
            division: d,
        })
    }

    fn named(w: &str, d: u16) -> Result<Precinct, PrecinctError> {
        Ok(Precinct {
            ward: Ward::Named(w.to_string()),
            division: d,
        })
    }

    #[test]
    fn two_digit_groups_are_ward_and_division() {
        for t in ["01-01", "01~01", "1-1", "1 1", " 01 / 01 "] {
            assert_eq!(split(t), number(1, 1), "{t}");
        }
        assert_eq!(split("5 - 12"), number(5, 12));
        assert_eq!(split("05~12"), number(5, 12));
        assert_eq!(split("66~46"), number(66, 46));
        assert_eq!(split("40~51"), number(40, 51));
        assert_eq!(split("21~45"), number(21, 45));
        assert_eq!(split("Ward 5-12"), number(5, 12));
    }

    #[test]
    fn three_or_four_digits_are_wwdd() {
        assert_eq!(split("0101"), number(1, 1));
        assert_eq!(split("512"), number(5, 12));
        assert_eq!(split("1812"), number(18, 12));
        assert_eq!(split("6646"), number(66, 46));
        assert_eq!(split("4051"), number(40, 51));
    }

    #[test]
    fn town_ward_and_district_keywords() {
        assert_eq!(
            split("ALLENTOWN WARD 03 DISTRICT 02"),
            named("ALLENTOWN WARD 03", 2)
        );
        assert_eq!(
            split("ALLENTOWN WARD 03 DISTRICT 01"),
            named("ALLENTOWN WARD 03", 1)
        );
        assert_eq!(
            split("Bethlehem Ward 1 Dist 2"),
            named("Bethlehem Ward 1", 2)
        );
        assert_eq!(split("Easton wd 07 pct 3"), named("Easton wd 07", 3));
        assert_eq!(split("READING WARD 11 DIV 2"), named("READING WARD 11", 2));
        assert_eq!(
            split("Reading Ward 19 Division 2"),
            named("Reading Ward 19", 2)
        );
        assert_eq!(split("Reading WD 3 PRECINCT 2"), named("Reading WD 3", 2));
        assert_eq!(split("PHILA WD 05 DIV 12"), named("PHILA WD 05", 12));
        assert_eq!(split("WARD 05 DIVISION 12"), number(5, 12));
        assert_eq!(split("Easton Ward 3"), named("Easton Ward 3", 1));
        assert_eq!(split("Ward 3"), number(3, 1));
    }

    #[test]
    fn town_then_ward_and_division() {
        assert_eq!(split("Reading 1-1"), named("Reading 1", 1));
        assert_eq!(split("Reading 11-2"), named("Reading 11", 2));
        assert_eq!(split("Reading 17-8"), named("Reading 17", 8));
        assert_eq!(split("Reading 19-2"), named("Reading 19", 2));
        assert_eq!(split("Reading 01~02"), named("Reading 01", 2));
        assert_eq!(split("Reading 3 - 2"), named("Reading 3", 2));
    }

    #[test]
    fn town_words_then_one_number() {
        assert_eq!(split("Alsace Twp 1"), named("Alsace Twp", 1));
        assert_eq!(split("Lower Alsace Twp 2"), named("Lower Alsace Twp", 2));
        assert_eq!(split("Birdsboro Boro 2"), named("Birdsboro Boro", 2));
        assert_eq!(split("Exeter Twp 11"), named("Exeter Twp", 11));
        assert_eq!(split("Spring Twp 13"), named("Spring Twp", 13));
        assert_eq!(split("West Reading Boro 3"), named("West Reading Boro", 3));
        assert_eq!(split("Exeter Township 04"), named("Exeter Township", 4));
        assert_eq!(split("Easton DISTRICT 3"), named("Easton", 3));
        assert_eq!(split("Easton Precinct 4"), named("Easton", 4));
        assert_eq!(split("Easton dist 5"), named("Easton", 5));
        assert_eq!(split("Easton PCT 6"), named("Easton", 6));
        assert_eq!(split("Bethlehem City 7"), named("Bethlehem City", 7));
        assert_eq!(split("Route66 2"), named("Route66", 2));
    }

    #[test]
    fn bare_town_name_is_one_division() {
        for t in [
            "Albany Twp",
            "Bally Boro",
            "District Twp",
            "Mt Penn Boro",
            "St Lawrence Boro",
            "Upper Bern Twp",
            "New Morgan Boro",
        ] {
            assert_eq!(split(t), named(t, 1), "{t}");
        }
        assert_eq!(split("Route66"), named("Route66", 1));
    }

    #[test]
    fn spaces_collapse_and_case_stays() {
        assert_eq!(
            split("  Lower   Alsace\tTwp   2 "),
            named("Lower Alsace Twp", 2)
        );
        assert_eq!(split("reading  3-2"), named("reading 3", 2));
        assert_eq!(split(" ALBANY  TWP "), named("ALBANY TWP", 1));
        assert_eq!(
            split("Allentown  ward 03   district 02"),
            named("Allentown ward 03", 2)
        );
    }

    #[test]
    fn pseudo_precincts_are_not_geographic() {
        for t in [
            "2nd Congressional",
            "1st Congressional District",
            "4TH CONGRESSIONAL",
            "129th Legislative",
            "11th Senatorial District",
            "Mail",
            "Mail Ballots",
            "MAIL-IN",
            "Absentee",
            "Provisional",
            "provisional ballots",
            "Countywide",
            "County Total",
            "TOTAL",
            "Totals",
        ] {
            assert!(!is_geographic(t), "{t}");
            assert_eq!(
                split(t),
                Err(PrecinctError::NotGeographic(t.trim().to_string())),
                "{t}"
            );
        }
        for t in [
            "Reading 1-1",
            "01~01",
            "Albany Twp",
            "District Twp",
            "Mailtown 1",
        ] {
            assert!(is_geographic(t), "{t}");
        }
        assert!(!is_geographic(" "));
    }

    #[test]
    fn empty_and_out_of_range() {
        assert_eq!(split(""), Err(PrecinctError::Empty));
        assert_eq!(split("  "), Err(PrecinctError::Empty));
        let ward = |t: &str| matches!(split(t), Err(PrecinctError::WardOutOfRange(_)));
        let div = |t: &str| matches!(split(t), Err(PrecinctError::DivisionOutOfRange(_)));
        assert!(ward("00~01"));
        assert!(ward("65536-1"));
        assert!(ward("0012"));
        assert!(ward("WARD 0 DIV 1"));
        assert!(div("01~00"));
        assert!(div("1-4096"));
        assert!(div("0500"));
        assert!(div("Alsace Twp 0"));
        assert!(div("Reading 1-5000"));
        assert!(div("ALLENTOWN WARD 03 DISTRICT 99999999999"));
        assert_eq!(split("65535-4095"), number(65535, 4095));
        for t in ["5", "12345", "1-2-3", "---", "DISTRICT 3", "Reading 1-2-3"] {
            assert_eq!(
                split(t),
                Err(PrecinctError::Unrecognised(t.to_string())),
                "{t}"
            );
        }
    }

    /// The distinct precinct texts of a real file, in file order; `None` when it is absent.
    fn real_precincts(name: &str) -> Option<Vec<String>> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data-raw/real-formats")
            .join(name);
        let mut reader = csv::Reader::from_path(path).ok()?;
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for row in reader.records() {
            let row = row.expect("readable row");
            let p = row.get(1).expect("precinct column");
            if seen.insert(p.to_string()) {
                out.push(p.to_string());
            }
        }
        Some(out)
    }

    fn assert_distinct(name: &str, precincts: &[String]) {
        let mut seen: HashMap<Precinct, &str> = HashMap::new();
        for p in precincts {
            let s = split(p).unwrap_or_else(|e| panic!("{name}: {p:?}: {e}"));
            if let Some(other) = seen.insert(s.clone(), p) {
                panic!("{name}: {other:?} and {p:?} both give {s:?}");
            }
        }
    }

    #[test]
    fn every_precinct_of_the_real_files_splits() {
        if let Some(phila) = real_precincts("20181106__pa__general__philadelphia__precinct.csv") {
            assert!(phila.len() > 1600, "{}", phila.len());
            for p in &phila {
                let s = split(p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
                assert!(matches!(s.ward, Ward::Number(1..=66)), "{p:?} → {s:?}");
            }
            assert_distinct("philadelphia", &phila);
        }
        if let Some(berks) = real_precincts("20251104__pa__general__berks__precinct.csv") {
            assert!(berks.len() > 150, "{}", berks.len());
            for p in &berks {
                split(p).unwrap_or_else(|e| panic!("{p:?}: {e}"));
            }
            let has = |t: &str| berks.iter().any(|p| p == t);
            for (t, w, d) in [
                ("Reading 1-1", "Reading 1", 1),
                ("Alsace Twp 1", "Alsace Twp", 1),
                ("Albany Twp", "Albany Twp", 1),
            ] {
                assert!(has(t), "{t}");
                assert_eq!(split(t), named(w, d), "{t}");
            }
            assert_distinct("berks", &berks);
        }
    }
}
