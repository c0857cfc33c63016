//! Election days and headline offices: which day a year-only row means, and which earlier
//! primary a primary compares with (a DA primary with the previous DA primary).

use super::model::{Election, Kind};
use chrono::{NaiveDate, Weekday};

/// What the calendar knows of one (year, kind).
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarEntry {
    /// Election day, from a source or, when `None`, from Pennsylvania's rule.
    pub date: Option<NaiveDate>,
    /// The race at the top of the ballot (Mayor, District Attorney, Governor, President).
    pub headline_office: String,
}

/// Election days and headline offices by (year, kind), built from `seeds/elections.csv`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calendar {
    /// Sorted by (year, kind), one entry each: a few dozen, built at every load (a search in
    /// a sorted list costs less to build than a hash map, and no more to ask).
    entries: Vec<((i32, Kind), CalendarEntry)>,
}

/// The n-th given weekday of a month (n from 1).
fn nth_weekday(year: i32, month: u32, weekday: Weekday, n: u8) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, n)
}

/// Pennsylvania's statutory day: the primary on the third Tuesday of May, or the fourth Tuesday
/// of April in a presidential year (25 P.S. § 2753); the general on the Tuesday after the first
/// Monday of November. Specials have no rule.
pub fn rule_date(year: i32, kind: Kind) -> Option<NaiveDate> {
    match kind {
        Kind::Primary if year % 4 == 0 => nth_weekday(year, 4, Weekday::Tue, 4),
        Kind::Primary => nth_weekday(year, 5, Weekday::Tue, 3),
        Kind::General => nth_weekday(year, 11, Weekday::Mon, 1).map(|d| d + chrono::Days::new(1)),
        Kind::Special | Kind::Runoff => None,
    }
}

impl Calendar {
    /// An empty calendar with room for `n` elections.
    pub fn with_capacity(n: usize) -> Calendar {
        Calendar {
            entries: Vec::with_capacity(n),
        }
    }

    /// Adds what a seeds row says of one election.
    pub fn insert(&mut self, year: i32, kind: Kind, entry: CalendarEntry) {
        match self.find(year, kind) {
            Ok(i) => self.entries[i].1 = entry,
            Err(i) => self.entries.insert(i, ((year, kind), entry)),
        }
    }

    /// Where (year, kind) is in `entries`, or where it would go.
    fn find(&self, year: i32, kind: Kind) -> Result<usize, usize> {
        self.entries.binary_search_by_key(&(year, kind), |e| e.0)
    }

    fn get(&self, year: i32, kind: Kind) -> Option<&CalendarEntry> {
        self.find(year, kind).ok().map(|i| &self.entries[i].1)
    }

    /// The day a year-only row of this kind means: the seeds' date, else the rule.
    pub fn date_for(&self, year: i32, kind: Kind) -> Option<NaiveDate> {
        self.get(year, kind)
            .and_then(|e| e.date)
            .or_else(|| rule_date(year, kind))
    }

    /// The kind of the regular election held on a day (primary or general), if any.
    pub fn kind_on(&self, date: NaiveDate) -> Option<Kind> {
        use chrono::Datelike;
        [Kind::Primary, Kind::General]
            .into_iter()
            .find(|&k| self.date_for(date.year(), k) == Some(date))
    }

    /// The headline office of an election, where the seeds name it.
    pub fn headline_office(&self, election: &Election) -> Option<&str> {
        self.get(election.year(), election.kind)
            .map(|e| e.headline_office.as_str())
    }

    /// Whether an earlier election is comparable to a later one: same kind, and the same
    /// headline office where both are known, else the same point of the four-year cycle.
    pub fn is_comparable(&self, earlier: &Election, later: &Election) -> bool {
        if earlier.kind != later.kind || earlier.kind == Kind::Special || earlier >= later {
            return false;
        }
        match (self.headline_office(earlier), self.headline_office(later)) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => (later.year() - earlier.year()) % 4 == 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn rule_matches_known_philadelphia_days() {
        // Days printed in the City Commissioners' ward file, and 2009/2025 from news reports.
        assert_eq!(rule_date(2009, Kind::Primary), Some(d(2009, 5, 19)));
        assert_eq!(rule_date(2017, Kind::Primary), Some(d(2017, 5, 16)));
        assert_eq!(rule_date(2025, Kind::Primary), Some(d(2025, 5, 20)));
        assert_eq!(rule_date(2016, Kind::Primary), Some(d(2016, 4, 26)));
        assert_eq!(rule_date(2024, Kind::Primary), Some(d(2024, 4, 23)));
        assert_eq!(rule_date(2015, Kind::General), Some(d(2015, 11, 3)));
        assert_eq!(rule_date(2022, Kind::General), Some(d(2022, 11, 8)));
        assert_eq!(rule_date(2020, Kind::Special), None);
        let cal = Calendar::default();
        assert_eq!(cal.kind_on(d(2017, 5, 16)), Some(Kind::Primary));
        assert_eq!(cal.kind_on(d(2017, 11, 7)), Some(Kind::General));
        assert_eq!(cal.kind_on(d(2017, 5, 17)), None);
    }

    #[test]
    fn a_later_entry_replaces_an_earlier_one_in_any_order() {
        let entry = |office: &str| CalendarEntry {
            date: None,
            headline_office: office.into(),
        };
        let mut cal = Calendar::default();
        cal.insert(2023, Kind::Primary, entry("Mayor"));
        cal.insert(2019, Kind::General, entry("Mayor"));
        cal.insert(2021, Kind::Primary, entry("District Attorney"));
        cal.insert(2023, Kind::Primary, entry("Council"));
        let e = |y, k| Election {
            date: NaiveDate::from_ymd_opt(y, 5, 1).unwrap(),
            kind: k,
        };
        assert_eq!(
            cal.headline_office(&e(2023, Kind::Primary)),
            Some("Council")
        );
        assert_eq!(
            cal.headline_office(&e(2021, Kind::Primary)),
            Some("District Attorney")
        );
        assert_eq!(cal.headline_office(&e(2019, Kind::General)), Some("Mayor"));
        assert_eq!(cal.headline_office(&e(2019, Kind::Primary)), None);
    }

    #[test]
    fn comparable_follows_the_headline_office() {
        let mut cal = Calendar::default();
        for (y, office) in [
            (2013, "District Attorney"),
            (2015, "Mayor"),
            (2017, "District Attorney"),
        ] {
            cal.insert(
                y,
                Kind::Primary,
                CalendarEntry {
                    date: None,
                    headline_office: office.into(),
                },
            );
        }
        let e = |y| Election {
            date: rule_date(y, Kind::Primary).unwrap(),
            kind: Kind::Primary,
        };
        assert!(cal.is_comparable(&e(2013), &e(2017)));
        assert!(!cal.is_comparable(&e(2015), &e(2017)));
        assert!(!cal.is_comparable(&e(2017), &e(2013)));
        // Without seeds, four years apart is the same cycle.
        assert!(Calendar::default().is_comparable(&e(2019), &e(2023)));
        assert!(!Calendar::default().is_comparable(&e(2021), &e(2023)));
    }
}
