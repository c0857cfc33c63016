//! The plain data types every other module speaks: elections, wards, parties and the figures
//! attached to them. No I/O, no UI.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// A ward: a number as every source writes it once normalised (`"05"`, `5` and `W05` are all
/// ward 5, up to [`WardId::MAX_NUMBER`]), a named ward of another place (`Reading 1`, `Alsace
/// Twp`, interned once per process), or the place's votes that no ward holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WardId(pub u16);

/// Names of named wards, interned for the whole process: the id is the position plus
/// [`WardId::FIRST_NAMED`]. Append-only, so an id never changes meaning once given.
static WARD_NAMES: std::sync::RwLock<Vec<String>> = std::sync::RwLock::new(Vec::new());

impl WardId {
    /// The largest ward number.
    pub const MAX_NUMBER: u16 = 0x7fff;
    /// The first id of a named ward.
    const FIRST_NAMED: u16 = 0x8000;
    /// Figures a file gives for the place but not by ward (mail ballots counted by district,
    /// county totals): they count in the place's total and in no ward.
    pub const NOT_BY_WARD: WardId = WardId(u16::MAX);

    /// The id of a named ward (`Reading 1`); `None` when the process has named 32,767 already.
    pub fn named(name: &str) -> Option<WardId> {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let find = |names: &[String]| names.iter().position(|n| n.eq_ignore_ascii_case(&name));
        let read = WARD_NAMES.read().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = find(&read) {
            return Some(WardId(Self::FIRST_NAMED + i as u16));
        }
        drop(read);
        let mut names = WARD_NAMES.write().unwrap_or_else(|e| e.into_inner());
        let i = find(&names).unwrap_or_else(|| {
            names.push(name);
            names.len() - 1
        });
        let id = Self::FIRST_NAMED as usize + i;
        (id < Self::NOT_BY_WARD.0 as usize).then_some(WardId(id as u16))
    }

    /// The ward's number, when it is a numbered ward.
    pub fn number(self) -> Option<u16> {
        (self.0 >= 1 && self.0 <= Self::MAX_NUMBER).then_some(self.0)
    }

    /// Whether this is a named ward (`Reading 1`), whose id only holds in this process.
    pub fn is_named(self) -> bool {
        self.0 >= Self::FIRST_NAMED && self != Self::NOT_BY_WARD
    }

    /// Whether this is a real ward (not the place's votes outside any ward).
    pub fn is_ward(self) -> bool {
        self != Self::NOT_BY_WARD
    }
}

/// As users read it in JSON; as its number in a binary form (the shipped data's snapshot),
/// where a named ward is refused: its number is only good inside the process that named it.
impl serde::Serialize for WardId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.serialize_str(&self.to_string())
        } else if self.is_named() {
            Err(serde::ser::Error::custom(format!(
                "ward {self} is named, not numbered: it cannot be stored"
            )))
        } else {
            s.serialize_u16(self.0)
        }
    }
}

/// From the binary form only (see `Serialize`): the human-readable form is a label, read back
/// by `ids::parse_ward`, never by serde, so it is refused here rather than misread.
impl<'de> serde::Deserialize<'de> for WardId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<WardId, D::Error> {
        if d.is_human_readable() {
            return Err(serde::de::Error::custom(
                "a ward is read back only from the binary form",
            ));
        }
        u16::deserialize(d).map(WardId)
    }
}

impl fmt::Display for WardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == WardId::NOT_BY_WARD {
            return f.pad("not by ward");
        }
        if self.0 < WardId::FIRST_NAMED {
            return f.pad(&format!("{:02}", self.0));
        }
        let names = WARD_NAMES.read().unwrap_or_else(|e| e.into_inner());
        let name = names.get((self.0 - WardId::FIRST_NAMED) as usize);
        f.pad(name.map_or("?", String::as_str))
    }
}

/// The kind of an election: Pennsylvania holds a primary and a general every year, and specials.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A party primary (closed in Pennsylvania).
    Primary,
    /// The November general election.
    General,
    /// A special election, possibly covering a few wards only.
    Special,
    /// A runoff between the leaders of an earlier round (Chicago's April elections).
    Runoff,
}

impl Kind {
    /// Reads `primary`, `general`, `special` or `runoff`, in any case, also inside a longer name such as
    /// `2015 MUNICIPAL PRIMARY`.
    pub fn parse(text: &str) -> Option<Kind> {
        let has = |word: &str| {
            text.as_bytes()
                .windows(word.len())
                .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
        };
        if has("primary") {
            Some(Kind::Primary)
        } else if has("general") {
            Some(Kind::General)
        } else if has("special") {
            Some(Kind::Special)
        } else if has("runoff") || has("run-off") {
            Some(Kind::Runoff)
        } else {
            None
        }
    }

    /// The lowercase name used in output and in the canonical format.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Primary => "primary",
            Kind::General => "general",
            Kind::Special => "special",
            Kind::Runoff => "runoff",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One election: its day and kind. Two specials in one year are two elections.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Election {
    /// Election day.
    pub date: NaiveDate,
    /// Primary, general or special.
    pub kind: Kind,
}

impl Election {
    /// The calendar year of the election.
    pub fn year(&self) -> i32 {
        self.date.year()
    }

    /// An off-year primary: a primary held in an odd (municipal) year.
    pub fn is_off_year_primary(&self) -> bool {
        self.kind == Kind::Primary && self.year() % 2 != 0
    }
}

impl fmt::Display for Election {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({})", self.year(), self.kind, self.date)
    }
}

/// The party groups turnout is split into. Pennsylvania's primaries are closed, so a party's
/// primary turnout is that party's voters over that party's registration.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum PartyGroup {
    /// Every voter, whatever the party (the figure a source gives without a party column).
    All,
    /// Registered Democrats.
    Democratic,
    /// Registered Republicans.
    Republican,
    /// Everyone else: independents, minor parties, no affiliation, unknown.
    Other,
}

impl PartyGroup {
    /// Every group, `All` first.
    pub const ALL: [PartyGroup; 4] = [
        PartyGroup::All,
        PartyGroup::Democratic,
        PartyGroup::Republican,
        PartyGroup::Other,
    ];

    /// Groups a party label as the sources write it (`DEM`, `DEMOCRATIC`, `NO AFFILIATION`, ...).
    /// An empty label, `ALL` or `TOTAL` means the row is not split by party.
    pub fn of_label(label: &str) -> PartyGroup {
        match label.trim().to_ascii_uppercase().as_str() {
            "" | "ALL" | "TOTAL" | "*" => PartyGroup::All,
            "D" | "DEM" | "DEMOCRAT" | "DEMOCRATIC" => PartyGroup::Democratic,
            "R" | "REP" | "REPUBLICAN" => PartyGroup::Republican,
            _ => PartyGroup::Other,
        }
    }

    /// Index of the group in `ALL`.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            PartyGroup::All => "all parties",
            PartyGroup::Democratic => "Democratic",
            PartyGroup::Republican => "Republican",
            PartyGroup::Other => "other",
        }
    }
}

/// What a count measures. The two are never added together or compared as one series.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Ballots cast (voters who voted), as the City Commissioners count them.
    Ballots,
    /// Votes cast in the top race on the ballot (Mayor, DA, Governor or President), both parties
    /// added: the Sixty-Six Wards series. It understates ballots (roll-off).
    TopRaceVotes,
}

impl Measure {
    /// The name shown in headers and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Ballots => "ballots",
            Measure::TopRaceVotes => "top_race_votes",
        }
    }

    /// A longer label for prose.
    pub fn describe(self) -> &'static str {
        match self {
            Measure::Ballots => "ballots cast",
            Measure::TopRaceVotes => "votes in the top race",
        }
    }
}

/// The figures known for one ward (or the city) in one election and party group.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Figures {
    /// Registered voters, where a source gives them.
    pub registered: Option<u64>,
    /// Ballots cast.
    pub ballots: Option<u64>,
    /// Votes in the top race (may carry decimals where a source crosswalked divisions).
    pub top_race_votes: Option<f64>,
}

impl Figures {
    /// Turnout as a fraction: ballots over registered. `None` unless both are known; top-race
    /// votes never stand in for ballots here.
    pub fn turnout(&self) -> Option<f64> {
        match (self.ballots, self.registered) {
            (Some(b), Some(r)) if r > 0 => Some(b as f64 / r as f64),
            _ => None,
        }
    }

    /// The count of the given measure, as a float.
    pub fn count(&self, measure: Measure) -> Option<f64> {
        match measure {
            Measure::Ballots => self.ballots.map(|b| b as f64),
            Measure::TopRaceVotes => self.top_race_votes,
        }
    }

    /// True when nothing at all is known.
    pub fn is_empty(&self) -> bool {
        self.registered.is_none() && self.ballots.is_none() && self.top_race_votes.is_none()
    }

    /// Adds another set of figures, field by field; a field stays `None` only if both are.
    pub fn add(&mut self, other: &Figures) {
        fn sum<T: std::ops::Add<Output = T> + Copy>(a: Option<T>, b: Option<T>) -> Option<T> {
            match (a, b) {
                (Some(x), Some(y)) => Some(x + y),
                (x, None) => x,
                (None, y) => y,
            }
        }
        self.registered = sum(self.registered, other.registered);
        self.ballots = sum(self.ballots, other.ballots);
        self.top_race_votes = sum(self.top_race_votes, other.top_race_votes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ward_is_written_as_a_label_and_read_back_only_from_its_number() {
        assert_eq!(serde_json::to_string(&WardId(5)).unwrap(), "\"05\"");
        assert!(serde_json::from_str::<WardId>("\"05\"").is_err());
        assert!(serde_json::from_str::<WardId>("5").is_err());
        let bytes = postcard::to_allocvec(&WardId(5)).unwrap();
        assert_eq!(postcard::from_bytes::<WardId>(&bytes).unwrap(), WardId(5));
    }

    #[test]
    fn party_labels_group() {
        assert_eq!(PartyGroup::of_label("DEMOCRATIC"), PartyGroup::Democratic);
        assert_eq!(PartyGroup::of_label(" rep "), PartyGroup::Republican);
        assert_eq!(PartyGroup::of_label("NO AFFILIATION"), PartyGroup::Other);
        assert_eq!(PartyGroup::of_label(""), PartyGroup::All);
    }

    #[test]
    fn turnout_needs_both_numbers() {
        let f = Figures {
            registered: Some(200),
            ballots: Some(50),
            top_race_votes: None,
        };
        assert_eq!(f.turnout(), Some(0.25));
        let g = Figures {
            registered: None,
            ballots: Some(50),
            top_race_votes: Some(40.0),
        };
        assert_eq!(g.turnout(), None);
    }

    #[test]
    fn kinds_parse_inside_names() {
        assert_eq!(Kind::parse("2015 MUNICIPAL PRIMARY"), Some(Kind::Primary));
        assert_eq!(Kind::parse("2024 Special"), Some(Kind::Special));
        assert_eq!(Kind::parse("April runoff"), Some(Kind::Runoff));
        assert_eq!(Kind::parse("municipal"), None);
    }
}

#[cfg(test)]
mod ward_tests {
    use super::*;

    #[test]
    fn named_wards_keep_their_names_and_ids() {
        let a = WardId::named("Reading  1").unwrap();
        assert_eq!(a, WardId::named("reading 1").unwrap());
        assert_ne!(a, WardId::named("Reading 2").unwrap());
        assert_eq!(a.to_string(), "Reading 1");
        assert_eq!(a.number(), None);
        assert_eq!(WardId(5).to_string(), "05");
        assert_eq!(format!("{:>6}", WardId(5)), "    05");
        assert_eq!(WardId::NOT_BY_WARD.to_string(), "not by ward");
        assert!(!WardId::NOT_BY_WARD.is_ward());
    }
}
