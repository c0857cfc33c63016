//! The input formats turnout reads, recognised by their header row (never by file name):
//! the City Commissioners' ward file, their division-by-party file, the Sixty-Six Wards division
//! file, turnout's own canonical long format, and the long format of candidate results.

use super::model::Measure;

/// A recognised input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// OpenDataPhilly / City Commissioners `election_turnout_ward`: ballots and registered per ward.
    CityWard,
    /// City Commissioners `voter_turnout_primary_election_YYYY`: voters per division and party.
    CityDivisionParty,
    /// Sixty-Six Wards `phila_turnout.csv`: top-race votes per division, 2002-2020.
    SixtySixWards,
    /// turnout's own long format (see README.md).
    Canonical,
    /// Candidate results, long: one row per candidate per ward or division (see README.md).
    Results,
}

impl Format {
    /// A short description for `turnout check`.
    pub fn describe(self) -> &'static str {
        match self {
            Format::CityWard => "City Commissioners ward turnout (ballots, registered)",
            Format::CityDivisionParty => "City Commissioners division turnout by party (voters)",
            Format::SixtySixWards => "Sixty-Six Wards division turnout (top-race votes)",
            Format::Canonical => "turnout canonical long format",
            Format::Results => "candidate results, long format (votes per candidate)",
        }
    }

    /// Whether rows repeating a key add up (true where the source lists one row per
    /// registration code and several codes print the same party label).
    pub fn repeated_rows_add_up(self) -> bool {
        matches!(self, Format::CityDivisionParty)
    }
}

/// Which column holds the election's day, or only its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A date column.
    Date(usize),
    /// A year column; the day comes from the calendar.
    Year(usize),
}

impl When {
    /// The column's position.
    pub fn column(self) -> usize {
        match self {
            When::Date(i) | When::Year(i) => i,
        }
    }
}

/// Where the measure of a canonical row is said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureColumn {
    /// The count column's name says it (`ballots`, `ballots_cast`, `top_race_votes`).
    Fixed(Measure),
    /// A `measure` column says it on every row.
    Column(usize),
}

/// A format and the positions of the columns it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// See [`Format::CityWard`].
    CityWard {
        /// `election_name`, e.g. `2015 Primary`.
        name: usize,
        /// `election_date`, `YYYY/MM/DD`.
        date: usize,
        /// `ward`.
        ward: usize,
        /// `total_votes` (ballots cast).
        ballots: usize,
        /// `registered_voters`.
        registered: usize,
    },
    /// See [`Format::CityDivisionParty`].
    CityDivisionParty {
        /// `election`, e.g. `2017 MUNICIPAL PRIMARY`.
        name: usize,
        /// `election_date`, `M/D/YYYY`.
        date: usize,
        /// `precinct_code`, `WDD` or `WWDD`.
        precinct: usize,
        /// `political_party`.
        party: usize,
        /// `voter_count`.
        count: usize,
    },
    /// See [`Format::SixtySixWards`].
    SixtySixWards {
        /// `precinct`, `WWDD`.
        precinct: usize,
        /// `election`, e.g. `2017 primary`.
        election: usize,
        /// `turnout`: votes in the top race.
        votes: usize,
    },
    /// See [`Format::Canonical`].
    Canonical {
        /// Date or year column.
        when: When,
        /// `election` or `kind`: primary, general or special.
        kind: usize,
        /// `ward`.
        ward: usize,
        /// `division`, optional.
        division: Option<usize>,
        /// `party`, optional.
        party: Option<usize>,
        /// `registered`, optional.
        registered: Option<usize>,
        /// The count column.
        count: usize,
        /// What the count measures.
        measure: MeasureColumn,
    },
    /// See [`Format::Results`].
    Results {
        /// Date or year column.
        when: When,
        /// `election` or `kind`, optional where the date names the election in the calendar.
        kind: Option<usize>,
        /// `office` (or `race`, `contest`).
        office: usize,
        /// `party`: the primary's party, or the candidate's party in a general.
        party: Option<usize>,
        /// `ward`, optional where a division id carries the ward (`01-01`).
        ward: Option<usize>,
        /// `division`, optional.
        division: Option<usize>,
        /// `candidate`.
        candidate: usize,
        /// `votes`.
        votes: usize,
        /// `source`, optional.
        source: Option<usize>,
    },
}

impl Layout {
    /// The format this layout reads.
    pub fn format(&self) -> Format {
        match self {
            Layout::CityWard { .. } => Format::CityWard,
            Layout::CityDivisionParty { .. } => Format::CityDivisionParty,
            Layout::SixtySixWards { .. } => Format::SixtySixWards,
            Layout::Canonical { .. } => Format::Canonical,
            Layout::Results { .. } => Format::Results,
        }
    }
}

/// Normalises a header cell: BOM, surrounding spaces and case are ignored; inner spaces and
/// hyphens read as underscores.
pub fn normalise_header(cell: &str) -> String {
    cell.trim_start_matches('\u{feff}')
        .trim()
        .to_ascii_lowercase()
        .replace([' ', '-'], "_")
}

/// Recognises the format of a header row.
///
/// # Errors
/// A description of the header when it matches no format.
pub fn detect(header: &[String]) -> Result<Layout, String> {
    let names: Vec<String> = header.iter().map(|h| normalise_header(h)).collect();
    let col = |n: &str| names.iter().position(|h| h == n);
    let any = |ns: &[&str]| ns.iter().find_map(|n| col(n));

    if let (Some(name), Some(date), Some(ward), Some(ballots), Some(registered)) = (
        col("election_name"),
        col("election_date"),
        col("ward"),
        col("total_votes"),
        col("registered_voters"),
    ) {
        return Ok(Layout::CityWard {
            name,
            date,
            ward,
            ballots,
            registered,
        });
    }
    if let (Some(name), Some(date), Some(precinct), Some(party), Some(count)) = (
        col("election"),
        col("election_date"),
        col("precinct_code"),
        col("political_party"),
        col("voter_count"),
    ) {
        return Ok(Layout::CityDivisionParty {
            name,
            date,
            precinct,
            party,
            count,
        });
    }
    if names.len() == 3 {
        if let (Some(precinct), Some(election), Some(votes)) =
            (col("precinct"), col("election"), col("turnout"))
        {
            return Ok(Layout::SixtySixWards {
                precinct,
                election,
                votes,
            });
        }
    }
    let when = match (any(&["date", "election_date"]), any(&["year"])) {
        (Some(d), _) => Some(When::Date(d)),
        (None, Some(y)) => Some(When::Year(y)),
        _ => None,
    };
    if let (Some(when), Some(office), Some(candidate), Some(votes)) = (
        when,
        any(&["office", "race", "contest"]),
        any(&["candidate", "candidate_name"]),
        col("votes"),
    ) {
        let ward = col("ward");
        let division = any(&["division", "precinct"]);
        let kind = any(&["election", "kind", "election_kind"]);
        if matches!(when, When::Year(_)) && kind.is_none() {
            let shown: Vec<&str> = header.iter().map(|s| s.as_str()).take(12).collect();
            return Err(format!(
                "[{}] (candidate results with a year column need an election column too, or a \
                 date column instead)",
                shown.join(", ")
            ));
        }
        if ward.is_some() || division.is_some() {
            return Ok(Layout::Results {
                when,
                kind,
                office,
                party: col("party"),
                ward,
                division,
                candidate,
                votes,
                source: col("source"),
            });
        }
    }
    let measure = if let Some(c) = any(&["ballots", "ballots_cast"]) {
        Some((c, MeasureColumn::Fixed(Measure::Ballots)))
    } else if let Some(c) = col("top_race_votes") {
        Some((c, MeasureColumn::Fixed(Measure::TopRaceVotes)))
    } else {
        match (col("votes"), col("measure")) {
            (Some(c), Some(m)) => Some((c, MeasureColumn::Column(m))),
            _ => None,
        }
    };
    if let (Some(when), Some(kind), Some(ward), Some((count, measure))) = (
        when,
        any(&["election", "kind", "election_kind"]),
        col("ward"),
        measure,
    ) {
        return Ok(Layout::Canonical {
            when,
            kind,
            ward,
            division: any(&["division", "precinct"]),
            party: col("party"),
            registered: any(&["registered", "registered_voters"]),
            count,
            measure,
        });
    }
    let shown: Vec<&str> = header.iter().map(|s| s.as_str()).take(12).collect();
    Err(format!("[{}]", shown.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<String> {
        s.split(',').map(String::from).collect()
    }

    #[test]
    fn detects_each_format_by_header() {
        let city = "\u{feff}objectid,election_name,election_date,ward,total_votes,registered_voters_as_of,registered_voters,turnout";
        assert_eq!(detect(&h(city)).unwrap().format(), Format::CityWard);
        let party =
            "voter_count,precinct_code,political_party,precinct_description,election_date,election";
        assert_eq!(
            detect(&h(party)).unwrap().format(),
            Format::CityDivisionParty
        );
        assert_eq!(
            detect(&h("precinct,election,turnout")).unwrap().format(),
            Format::SixtySixWards
        );
        let canon = " Date ,Election,WARD,Division,Party,Registered,Ballots";
        assert_eq!(detect(&h(canon)).unwrap().format(), Format::Canonical);
        let results = "date,office,party,division,candidate,votes,source";
        assert!(matches!(
            detect(&h(results)).unwrap(),
            Layout::Results {
                kind: None,
                ward: None,
                division: Some(3),
                ..
            }
        ));
        let bench = "year,election,ward,division,party,registered,ballots_cast";
        assert!(matches!(
            detect(&h(bench)).unwrap(),
            Layout::Canonical {
                when: When::Year(0),
                ..
            }
        ));
    }

    #[test]
    fn unknown_header_is_described() {
        let err = detect(&h("a,b,c,d")).unwrap_err();
        assert_eq!(err, "[a, b, c, d]");
    }
}
