//! The curated facts in `seeds/`: election days and headline offices, candidates and their
//! results, endorsements. Every row carries its source.

use super::calendar::{Calendar, CalendarEntry};
use super::model::Kind;
use super::problem::{Location, Problem, ProblemKind};
use chrono::NaiveDate;
use serde::Deserialize;

/// How far a vote count can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CountStatus {
    /// Certified by the City Commissioners.
    Certified,
    /// Reported after the count, but not the certified figure.
    Unofficial,
    /// An election-night figure with part of the count still out.
    Partial,
    /// No count or share is known.
    None,
}

/// Who an endorser is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EndorserKind {
    /// A labour union or union council.
    Union,
    /// A newspaper's editorial board.
    Newspaper,
    /// A political action committee.
    Pac,
    /// A party body or ward committee.
    Party,
    /// An elected official or public figure.
    Politician,
    /// Any other organisation.
    Organization,
}

impl EndorserKind {
    /// The heading endorsements of this kind are grouped under.
    pub fn heading(self) -> &'static str {
        match self {
            EndorserKind::Union => "Unions",
            EndorserKind::Newspaper => "Newspapers",
            EndorserKind::Pac => "PACs",
            EndorserKind::Party => "Party",
            EndorserKind::Politician => "Officials and public figures",
            EndorserKind::Organization => "Organizations",
        }
    }
}

impl CountStatus {
    /// How the count is marked on screen.
    pub fn mark(self) -> &'static str {
        match self {
            CountStatus::Certified => "certified",
            CountStatus::Unofficial => "unofficial",
            CountStatus::Partial => "partial count",
            CountStatus::None => "no count",
        }
    }
}

fn philadelphia() -> String {
    super::place::PHILADELPHIA.to_string()
}

/// One row of `seeds/elections.csv`.
#[derive(Debug, Clone, Deserialize)]
pub struct ElectionSeed {
    /// The place holding the election (Philadelphia where the column is absent).
    #[serde(default = "philadelphia")]
    pub place: String,
    /// Election year.
    pub year: i32,
    /// primary or general.
    pub kind: String,
    /// Election day; empty means Pennsylvania's rule.
    pub date: Option<NaiveDate>,
    /// The top race on the ballot.
    pub headline_office: String,
    /// Where the date and office come from.
    pub source: String,
}

/// One row of `seeds/candidates.csv`: a candidate in a race, with the result where known.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Candidate {
    /// The place of the race (Philadelphia where the column is absent).
    #[serde(default = "philadelphia")]
    pub place: String,
    /// Election year.
    pub year: i32,
    /// primary or general.
    pub election: String,
    /// The office sought.
    pub office: String,
    /// The candidate's party (the primary's party).
    pub party: String,
    /// Name as reported.
    pub candidate: String,
    /// The spellings official files use for the candidate, separated by `|`
    /// (`LAWRENCE S KRASNER|LARRY KRASNER`); results join on these first.
    #[serde(default)]
    pub ballot_name: String,
    /// Votes, where a source gives a count.
    pub votes: Option<u64>,
    /// Share of the race's votes in percent, as the source states it.
    pub vote_pct: Option<f64>,
    /// Whether the candidate won (the nomination, in a primary).
    #[serde(deserialize_with = "yes_no")]
    pub winner: bool,
    /// Certified, unofficial, partial or none.
    pub count_status: CountStatus,
    /// What the figure is, in a few words.
    pub note: String,
    /// URL(s) of the source, separated by ` | `.
    pub source: String,
}

/// One row of `seeds/endorsements.csv`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Endorsement {
    /// The place of the race (Philadelphia where the column is absent).
    #[serde(default = "philadelphia")]
    pub place: String,
    /// Election year.
    pub year: i32,
    /// primary or general.
    pub election: String,
    /// The office of the race.
    pub office: String,
    /// Who was endorsed, or `(no endorsement - open primary)`.
    pub candidate: String,
    /// Who endorsed.
    pub endorser: String,
    /// Union, newspaper, PAC, party, politician or organization.
    pub endorser_kind: EndorserKind,
    /// URL(s) or citation of the source.
    pub source: String,
    /// Money behind the endorsement, in US dollars, as one source reports it (each figure
    /// its own row, with its own source: sources that disagree are never merged).
    #[serde(default, deserialize_with = "dollars")]
    pub amount_usd: Option<u64>,
    /// What the amount is (contribution, spending, raised) and whose figure it is.
    #[serde(default)]
    pub amount_note: String,
}

/// `1450000`, `$1,450,000` or empty.
fn dollars<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let s = String::deserialize(d)?;
    let digits: String = s.trim().trim_start_matches('$').replace(',', "");
    if digits.is_empty() {
        return Ok(None);
    }
    digits
        .parse()
        .map(Some)
        .map_err(|_| serde::de::Error::custom(format!("expected an amount in dollars, got {s:?}")))
}

fn yes_no<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let s = String::deserialize(d)?;
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" | "" => Ok(false),
        other => Err(serde::de::Error::custom(format!(
            "expected yes or no, got {other:?}"
        ))),
    }
}

/// Everything in `seeds/`.
#[derive(Debug, Clone, Default)]
pub struct Seeds {
    /// Election days and headline offices.
    pub elections: Vec<ElectionSeed>,
    /// Candidates and results.
    pub candidates: Vec<Candidate>,
    /// Endorsements.
    pub endorsements: Vec<Endorsement>,
}

/// Moves the rows that `matches` out of `rows`, keeping both in order.
fn take_where<T>(rows: &mut Vec<T>, matches: impl Fn(&T) -> bool) -> Vec<T> {
    // Most loads have one place, every row its: nothing to move row by row.
    if rows.iter().all(&matches) {
        return std::mem::take(rows);
    }
    let (taken, kept) = std::mem::take(rows).into_iter().partition(|r| matches(r));
    *rows = kept;
    taken
}

/// The seeds compiled into the binary.
pub const EMBEDDED: [(&str, &[u8]); 3] = [
    (
        "seeds/elections.csv",
        include_bytes!("../../seeds/elections.csv"),
    ),
    (
        "seeds/candidates.csv",
        include_bytes!("../../seeds/candidates.csv"),
    ),
    (
        "seeds/endorsements.csv",
        include_bytes!("../../seeds/endorsements.csv"),
    ),
];

/// Reads rows of one seeds file, reporting each bad row with its line and column.
pub fn read_rows<T: serde::de::DeserializeOwned>(
    name: &str,
    bytes: &[u8],
    problems: &mut Vec<Problem>,
) -> Vec<T> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader.headers().cloned().unwrap_or_default();
    let mut rows = Vec::new();
    for result in reader.deserialize::<T>() {
        match result {
            Ok(row) => rows.push(row),
            Err(err) => {
                let line = err.position().map(|p| p.line());
                let column = match err.kind() {
                    csv::ErrorKind::Deserialize { err: de, .. } => de.field().map(|f| {
                        let i = f as usize;
                        (i + 1, headers.get(i).unwrap_or("").to_string())
                    }),
                    _ => None,
                };
                let reason = match err.kind() {
                    csv::ErrorKind::Deserialize { err: de, .. } => de.kind().to_string(),
                    other => format!("{other:?}"),
                };
                problems.push(Problem {
                    at: Location {
                        file: name.to_string(),
                        line,
                        column,
                    },
                    kind: ProblemKind::Csv(reason),
                });
            }
        }
    }
    rows
}

impl Seeds {
    /// Parses the three seeds files; bad rows become problems and are left out.
    pub fn from_files(files: &[(&str, &[u8]); 3], problems: &mut Vec<Problem>) -> Seeds {
        let clean = super::text::sanitize_owned;
        let mut seeds = Seeds {
            elections: read_rows(files[0].0, files[0].1, problems),
            candidates: read_rows(files[1].0, files[1].1, problems),
            endorsements: read_rows(files[2].0, files[2].1, problems),
        };
        // Text from files is made safe to print once, here.
        for e in &mut seeds.elections {
            e.headline_office = clean(std::mem::take(&mut e.headline_office));
            e.source = clean(std::mem::take(&mut e.source));
        }
        for c in &mut seeds.candidates {
            for s in [
                &mut c.office,
                &mut c.party,
                &mut c.candidate,
                &mut c.ballot_name,
                &mut c.note,
                &mut c.source,
            ] {
                *s = clean(std::mem::take(s));
            }
        }
        for e in &mut seeds.endorsements {
            for s in [
                &mut e.office,
                &mut e.candidate,
                &mut e.endorser,
                &mut e.source,
                &mut e.amount_note,
            ] {
                *s = clean(std::mem::take(s));
            }
        }
        seeds
    }

    /// The rows of one place (case ignored), copied: what `split_places` must give each place
    /// (the tests' measure of it).
    #[cfg(test)]
    fn of_place(&self, place: &str) -> Seeds {
        let here = |p: &str| p.eq_ignore_ascii_case(place);
        Seeds {
            elections: self
                .elections
                .iter()
                .filter(|e| here(&e.place))
                .cloned()
                .collect(),
            candidates: self
                .candidates
                .iter()
                .filter(|c| here(&c.place))
                .cloned()
                .collect(),
            endorsements: self
                .endorsements
                .iter()
                .filter(|e| here(&e.place))
                .cloned()
                .collect(),
        }
    }

    /// Each place's rows (case ignored: a place without seeds gets none, never
    /// Philadelphia's), moved rather than copied; then the rows of no place listed.
    pub fn split_places(mut self, places: &[&str]) -> (Vec<Seeds>, Seeds) {
        let mut out: Vec<Seeds> = Vec::with_capacity(places.len());
        for (i, &place) in places.iter().enumerate() {
            // A place spelled twice (case aside) gets the same rows again.
            if let Some(j) = places[..i]
                .iter()
                .position(|p| p.eq_ignore_ascii_case(place))
            {
                let again = out[j].clone();
                out.push(again);
                continue;
            }
            // Most rows spell their place as the load does: compared whole first.
            let here = |p: &str| p == place || p.eq_ignore_ascii_case(place);
            out.push(Seeds {
                elections: take_where(&mut self.elections, |e| here(&e.place)),
                candidates: take_where(&mut self.candidates, |c| here(&c.place)),
                endorsements: take_where(&mut self.endorsements, |e| here(&e.place)),
            });
        }
        (out, self)
    }

    /// The seeds compiled into the binary.
    pub fn embedded(problems: &mut Vec<Problem>) -> Seeds {
        Seeds::from_files(&EMBEDDED, problems)
    }

    /// The calendar of election days and headline offices the seeds give.
    pub fn calendar(&self) -> Calendar {
        let mut cal = Calendar::with_capacity(self.elections.len());
        for e in &self.elections {
            if let Some(kind) = Kind::parse(&e.kind) {
                let entry = CalendarEntry {
                    date: e.date,
                    headline_office: e.headline_office.clone(),
                };
                cal.insert(e.year, kind, entry);
            }
        }
        cal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_seeds_parse_cleanly() {
        let mut problems = Vec::new();
        let seeds = Seeds::embedded(&mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(
            seeds
                .candidates
                .iter()
                .any(|c| c.candidate == "Larry Krasner" && c.year == 2017)
        );
        assert!(seeds.endorsements.len() > 100);
        let cal = seeds.calendar();
        assert_eq!(
            cal.date_for(2020, Kind::Primary),
            NaiveDate::from_ymd_opt(2020, 6, 2)
        );
    }

    #[test]
    fn split_places_gives_what_of_place_gives_and_keeps_the_rest() {
        let seeds = Seeds::embedded(&mut Vec::new());
        let philadelphia = seeds.of_place("Philadelphia");
        assert!(!philadelphia.endorsements.is_empty());
        let (split, rest) = seeds
            .clone()
            .split_places(&["PHILADELPHIA", "Erie", "philadelphia"]);
        assert_eq!(split.len(), 3);
        for s in [&split[0], &split[2]] {
            assert_eq!(s.elections.len(), philadelphia.elections.len());
            assert_eq!(s.candidates.len(), philadelphia.candidates.len());
            assert_eq!(s.endorsements.len(), philadelphia.endorsements.len());
        }
        assert_eq!(
            split[1].candidates.len(),
            seeds.of_place("Erie").candidates.len()
        );
        let (none, all) = seeds.clone().split_places(&[]);
        assert!(none.is_empty());
        assert_eq!(all.endorsements.len(), seeds.endorsements.len());
        assert_eq!(
            rest.candidates.len(),
            seeds.candidates.len() - philadelphia.candidates.len() - split[1].candidates.len()
        );
    }

    #[test]
    fn a_bad_seed_row_names_line_and_column() {
        let csv = "year,kind,date,headline_office,source\n2017,primary,2017-13-40,DA,x\n";
        let mut problems = Vec::new();
        let rows: Vec<ElectionSeed> = read_rows("e.csv", csv.as_bytes(), &mut problems);
        assert!(rows.is_empty());
        assert_eq!(problems[0].at.line, Some(2));
        assert!(
            problems[0].to_string().starts_with("e.csv:2: error:"),
            "{}",
            problems[0]
        );
        // A cell csv itself cannot read is named by column too.
        let csv = "year,kind,date,headline_office,source\nlate,primary,,DA,x\n";
        let _: Vec<ElectionSeed> = read_rows("e.csv", csv.as_bytes(), &mut problems);
        assert_eq!(problems[1].at.column.as_ref().map(|c| c.0), Some(1));
    }
}
