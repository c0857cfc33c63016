//! The input formats turnout reads, each a module that answers two questions: is this header
//! mine (`detect`), and what does a row mean (`read`: turnout figures or candidate votes of a
//! place, election, ward and division). One loader (`load/`) drives them all.

mod canonical;
mod city_division_party;
mod city_export;
mod city_ward;
pub mod mapping;
mod openelections;

pub(crate) use openelections::TurnoutOffice;
mod results;
mod sixty_six_wards;

use super::load::{CellError, FileCtx, Loader};
use super::model::Measure;

/// A recognised input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// The City Commissioners' raw results export (`2021_primary.csv`): votes by division and
    /// vote type.
    CityExport,
    /// OpenElections precinct or county results, with `Registered Voters` and `Ballots Cast`
    /// pseudo-offices for turnout.
    OpenElections,
    /// Any other layout, read through a mapping file (`NAME.turnout.toml`).
    Mapped,
}

impl Format {
    /// Every format, in the order headers are tried.
    pub const ALL: [Format; 8] = [
        Format::CityWard,
        Format::CityDivisionParty,
        Format::SixtySixWards,
        Format::CityExport,
        Format::OpenElections,
        Format::Results,
        Format::Canonical,
        Format::Mapped,
    ];

    /// A short description for `turnout check`.
    pub fn describe(self) -> &'static str {
        match self {
            Format::CityWard => "City Commissioners ward turnout (ballots, registered)",
            Format::CityDivisionParty => "City Commissioners division turnout by party (voters)",
            Format::SixtySixWards => "Sixty-Six Wards division turnout (top-race votes)",
            Format::Canonical => "turnout canonical long format",
            Format::Results => "candidate results, long format (votes per candidate)",
            Format::CityExport => {
                "City Commissioners raw results export (votes by division and type)"
            }
            Format::OpenElections => "OpenElections results (precinct or county)",
            Format::Mapped => "a layout described by a mapping file",
        }
    }

    /// The columns a header needs for this format, each with its accepted names, for saying
    /// which format an unknown header comes closest to.
    fn required(self) -> &'static [&'static [&'static str]] {
        match self {
            Format::CityWard => city_ward::REQUIRED,
            Format::CityDivisionParty => city_division_party::REQUIRED,
            Format::SixtySixWards => sixty_six_wards::REQUIRED,
            Format::Canonical => canonical::REQUIRED,
            Format::Results => results::REQUIRED,
            Format::CityExport => city_export::REQUIRED,
            Format::OpenElections => openelections::REQUIRED,
            Format::Mapped => &[],
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

/// A header row: the cells as written, and as compared (see [`normalise_header`]).
#[derive(Debug, Clone)]
pub struct Header {
    /// The cells as written (decoded, sanitised).
    pub raw: Vec<String>,
    names: Vec<String>,
}

impl Header {
    /// A header from its cells.
    pub fn new(raw: Vec<String>) -> Header {
        let names = raw.iter().map(|h| normalise_header(h)).collect();
        Header { raw, names }
    }

    /// The position of a column by its normalised name.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|h| h == name)
    }

    /// The position of the first of several names present.
    pub fn any(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.col(n))
    }

    /// The normalised name of a column.
    pub fn name(&self, i: usize) -> &str {
        self.names.get(i).map_or("", String::as_str)
    }

    /// How many columns.
    pub fn len(&self) -> usize {
        self.raw.len()
    }

    /// Whether the header has no cells.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
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

/// A format and the positions of the columns it reads.
#[derive(Debug, Clone)]
pub enum Layout {
    /// See [`Format::CityWard`].
    CityWard(city_ward::Columns),
    /// See [`Format::CityDivisionParty`].
    CityDivisionParty(city_division_party::Columns),
    /// See [`Format::SixtySixWards`].
    SixtySixWards(sixty_six_wards::Columns),
    /// See [`Format::Canonical`].
    Canonical(canonical::Columns),
    /// See [`Format::Results`].
    Results(results::Columns),
    /// See [`Format::CityExport`].
    CityExport(city_export::Columns),
    /// See [`Format::OpenElections`].
    OpenElections(openelections::Columns),
    /// See [`Format::Mapped`] (boxed: it carries its regular expressions).
    Mapped(Box<mapping::Columns>),
}

/// Where a file's rows get their place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceFrom {
    /// The city's own formats: Philadelphia.
    Philadelphia,
    /// A column naming the place on every row (`place`), or a county (`county`).
    Column { col: usize, county: bool },
    /// Nothing in the file: a mapping's or `--place`'s, else "unnamed".
    Outside,
}

/// One good turnout row, before packing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Figure {
    pub election: u16,
    pub ward: super::model::WardId,
    pub division: u16,
    pub party: u8,
    pub registered: Option<u64>,
    pub count: f64,
    pub measure: Measure,
    /// The column of the count, for a problem about it.
    pub count_col: Option<usize>,
}

/// One row being read: its cells, line and file.
pub(crate) struct Row<'r> {
    pub rec: crate::data::load::Fields<'r>,
    pub line: u64,
    pub file: u16,
}

impl<'r> Row<'r> {
    /// A cell's bytes (empty past the end).
    pub fn cell(&self, i: usize) -> &'r [u8] {
        self.rec.get(i).unwrap_or(b"")
    }

    /// A count cell ([`parse_count`](crate::data::cells::parse_count)), or the problem with
    /// it and its column.
    #[inline(always)]
    pub fn count(&self, i: usize) -> Result<u64, crate::data::load::CellError> {
        // Read ahead by the tokenizer, else read here.
        match self.rec.plain_count(i) {
            Some(n) => Ok(n.into()),
            None => crate::data::cells::parse_count(self.cell(i)).map_err(|k| (i, k)),
        }
    }

    /// Whether an optional column has a non-blank cell.
    #[inline]
    pub fn present(&self, col: Option<usize>) -> Option<usize> {
        col.filter(|&i| match self.cell(i) {
            // Most cells begin with what they hold.
            [b, ..] if !b.is_ascii_whitespace() => true,
            cell => cell.iter().any(|b| !b.is_ascii_whitespace()),
        })
    }
}

/// What a file's name says of its election (`2021_primary.csv`,
/// `20181106__pa__general__philadelphia__precinct.csv`), read by the formats whose rows do not
/// name it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameHints {
    /// The file's name without its folder.
    pub file_name: String,
}

/// Why a header was not recognised: every column, the closest format and what it lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrecognised {
    /// The header's cells as written.
    pub columns: Vec<String>,
    /// The format whose required columns the header comes closest to having.
    pub closest: Option<Format>,
    /// The required columns of that format it lacks.
    pub missing: Vec<String>,
    /// A more particular reason, where one format nearly fits.
    pub reason: Option<String>,
}

impl std::fmt::Display for Unrecognised {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const SHOWN: usize = 20;
        let shown: Vec<&str> = self.columns.iter().take(SHOWN).map(|s| s.trim()).collect();
        write!(f, "[{}", shown.join(", "))?;
        if self.columns.len() > SHOWN {
            write!(f, " … and {} more", self.columns.len() - SHOWN)?;
        }
        write!(f, "]")?;
        if let Some(r) = &self.reason {
            write!(f, " ({r})")?;
        }
        if let Some(c) = self.closest {
            write!(
                f,
                "; closest format: {}, which also needs {}",
                c.describe(),
                self.missing.join(", ")
            )?;
        }
        Ok(())
    }
}

/// Recognises the format of a header row. A mapping with columns wins over every built-in
/// format.
///
/// # Errors
/// What the header holds and which format it comes closest to, when none fits.
pub fn detect(header: &Header, mapping: Option<&mapping::Mapping>) -> Result<Layout, Unrecognised> {
    if let Some(m) = mapping.filter(|m| m.has_columns()) {
        return m
            .columns_of(header)
            .map(|c| Layout::Mapped(Box::new(c)))
            .map_err(|reason| Unrecognised {
                columns: header.raw.clone(),
                closest: Some(Format::Mapped),
                missing: Vec::new(),
                reason: Some(reason),
            });
    }
    let mut reason = None;
    if let Some(c) = city_ward::detect(header) {
        return Ok(Layout::CityWard(c));
    }
    if let Some(c) = city_division_party::detect(header) {
        return Ok(Layout::CityDivisionParty(c));
    }
    if let Some(c) = sixty_six_wards::detect(header) {
        return Ok(Layout::SixtySixWards(c));
    }
    if let Some(c) = city_export::detect(header) {
        return Ok(Layout::CityExport(c));
    }
    if let Some(c) = openelections::detect(header) {
        return Ok(Layout::OpenElections(c));
    }
    match results::detect(header) {
        Ok(Some(c)) => return Ok(Layout::Results(c)),
        Ok(None) => {}
        Err(r) => reason = Some(r),
    }
    if let Some(c) = canonical::detect(header) {
        return Ok(Layout::Canonical(c));
    }
    Err(closest(header, reason))
}

/// The format whose required columns the header has most of.
fn closest(header: &Header, reason: Option<String>) -> Unrecognised {
    let mut best: Option<(usize, Format, Vec<String>)> = None;
    for f in Format::ALL {
        let req = f.required();
        if req.is_empty() {
            continue;
        }
        let missing: Vec<String> = req
            .iter()
            .filter(|alts| header.any(alts).is_none())
            .map(|alts| alts.join(" or "))
            .collect();
        // The largest share of the format's columns present (in thousandths).
        let have = (req.len() - missing.len()) * 1000 / req.len();
        if have > 0 && best.as_ref().is_none_or(|b| have > b.0) {
            best = Some((have, f, missing));
        }
    }
    Unrecognised {
        columns: header.raw.clone(),
        closest: best.as_ref().map(|b| b.1),
        missing: best.map(|b| b.2).unwrap_or_default(),
        reason,
    }
}

impl Layout {
    /// The format this layout reads.
    pub fn format(&self) -> Format {
        match self {
            Layout::CityWard(_) => Format::CityWard,
            Layout::CityDivisionParty(_) => Format::CityDivisionParty,
            Layout::SixtySixWards(_) => Format::SixtySixWards,
            Layout::Canonical(_) => Format::Canonical,
            Layout::Results(_) => Format::Results,
            Layout::CityExport(_) => Format::CityExport,
            Layout::OpenElections(_) => Format::OpenElections,
            Layout::Mapped(_) => Format::Mapped,
        }
    }

    /// Where the rows' place comes from.
    pub fn place(&self) -> PlaceFrom {
        match self {
            Layout::CityWard(_)
            | Layout::CityDivisionParty(_)
            | Layout::SixtySixWards(_)
            | Layout::CityExport(_) => PlaceFrom::Philadelphia,
            Layout::Canonical(c) => c.place.map_or(PlaceFrom::Outside, |col| PlaceFrom::Column {
                col,
                county: false,
            }),
            Layout::Results(c) => c.place.map_or(PlaceFrom::Outside, |col| PlaceFrom::Column {
                col,
                county: false,
            }),
            Layout::OpenElections(c) => PlaceFrom::Column {
                col: c.county,
                county: true,
            },
            Layout::Mapped(_) => PlaceFrom::Outside,
        }
    }

    /// Whether the format's rows name their election, or the file's name (or a mapping) must.
    pub fn election_from_name(&self) -> bool {
        matches!(self, Layout::CityExport(_) | Layout::OpenElections(_))
            || matches!(self, Layout::Mapped(m) if m.date_column.is_none())
    }

    /// Reads one row: adds its figure or vote count to the loader, or says which cell is wrong.
    pub(crate) fn read(
        &self,
        row: &Row<'_>,
        loader: &mut Loader<'_>,
        ctx: &mut FileCtx,
    ) -> Result<(), CellError> {
        match self {
            Layout::CityWard(c) => c.read(row, loader, ctx),
            Layout::CityDivisionParty(c) => c.read(row, loader, ctx),
            Layout::SixtySixWards(c) => c.read(row, loader, ctx),
            Layout::Canonical(c) => c.read(row, loader, ctx),
            Layout::Results(c) => c.read(row, loader, ctx),
            Layout::CityExport(c) => c.read(row, loader, ctx),
            Layout::OpenElections(c) => c.read(row, loader, ctx),
            Layout::Mapped(c) => c.read(row, loader, ctx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Header {
        Header::new(s.split(',').map(String::from).collect())
    }

    #[test]
    fn detects_each_format_by_header() {
        let city = "\u{feff}objectid,election_name,election_date,ward,total_votes,registered_voters_as_of,registered_voters,turnout";
        assert_eq!(detect(&h(city), None).unwrap().format(), Format::CityWard);
        let party =
            "voter_count,precinct_code,political_party,precinct_description,election_date,election";
        assert_eq!(
            detect(&h(party), None).unwrap().format(),
            Format::CityDivisionParty
        );
        assert_eq!(
            detect(&h("precinct,election,turnout"), None)
                .unwrap()
                .format(),
            Format::SixtySixWards
        );
        let canon = " Date ,Election,WARD,Division,Party,Registered,Ballots";
        assert_eq!(detect(&h(canon), None).unwrap().format(), Format::Canonical);
        let results = "date,office,party,division,candidate,votes,source";
        assert_eq!(detect(&h(results), None).unwrap().format(), Format::Results);
        let export = "WARD,DIVISION,TYPE,OFFICE,CANDIDATE,PARTY,VOTES";
        assert_eq!(
            detect(&h(export), None).unwrap().format(),
            Format::CityExport
        );
        let oe = "county,precinct,office,district,party,candidate,votes";
        assert_eq!(
            detect(&h(oe), None).unwrap().format(),
            Format::OpenElections
        );
        let oe_county = "county,office,district,party,candidate,votes";
        assert_eq!(
            detect(&h(oe_county), None).unwrap().format(),
            Format::OpenElections
        );
        let bench = "year,election,ward,division,party,registered,ballots_cast";
        assert_eq!(detect(&h(bench), None).unwrap().format(), Format::Canonical);
    }

    #[test]
    fn unknown_header_names_every_column_and_the_closest_format() {
        let err = detect(&h("a,b,c,d"), None).unwrap_err();
        assert_eq!(err.to_string(), "[a, b, c, d]");
        let chicago = detect(
            &h("Ward,Precinct,Register Voters,Ballots Cast,Turnout %"),
            None,
        )
        .unwrap_err();
        assert_eq!(chicago.closest, Some(Format::Canonical));
        assert!(
            chicago
                .to_string()
                .contains("also needs date or year, election or kind")
        );
        let wide: Vec<String> = (0..25).map(|i| format!("c{i}")).collect();
        let err = detect(&Header::new(wide), None).unwrap_err();
        assert!(err.to_string().ends_with("c19 … and 5 more]"), "{err}");
    }
}
