//! Problems found while loading: what went wrong, where (file, line, column), and whether the
//! row or file was left out or only flagged.

use std::borrow::Cow;
use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Loaded, with a caveat the user should know (Latin-1 text, summed repeated rows).
    Warning,
    /// The row (or the whole file) was left out.
    Error,
}

/// What went wrong, in plain words.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum ProblemKind {
    /// A count cell that is not a number.
    #[error("not a number: {0:?}")]
    NotNumeric(String),
    /// A negative count.
    #[error("negative count: {0:?}")]
    Negative(String),
    /// A fractional count where whole voters are counted.
    #[error("not a whole number: {0:?}")]
    NotInteger(String),
    /// A count beyond what any real ward holds.
    #[error("count too large: {0:?}")]
    TooLarge(String),
    /// More ballots than registered voters.
    #[error("ballots ({ballots}) greater than registered voters ({registered})")]
    BallotsOverRegistered {
        /// Ballots in the row.
        ballots: u64,
        /// Registered voters in the row.
        registered: u64,
    },
    /// The same (election, ward, division, party, measure) twice in one file.
    #[error("duplicate key: {key} already given on line {first_line}; this row is left out")]
    DuplicateKey {
        /// The key, as users read it.
        key: String,
        /// Where it was first given.
        first_line: u64,
    },
    /// Rows repeating a key in a format where repeated rows add up.
    #[error("{key} is given on {rows} rows (first on line {first_line}); they were added up")]
    RepeatedRowsSummed {
        /// The key, as users read it.
        key: String,
        /// How many rows carried it.
        rows: u32,
        /// Where it was first given.
        first_line: u64,
    },
    /// A date that could not be read.
    #[error("unparseable date: {0:?} (expected YYYY-MM-DD, YYYY/MM/DD or M/D/YYYY)")]
    BadDate(String),
    /// An election kind other than primary, general or special.
    #[error("unknown election kind: {0:?} (expected primary, general, special or runoff)")]
    UnknownKind(String),
    /// A year-only row for an election whose day is not known.
    #[error("no date known for the {year} {kind} election; give a date column")]
    NoDateForYear {
        /// The row's year.
        year: i32,
        /// The row's kind.
        kind: String,
    },
    /// A results row whose day is not a regular election day the calendar knows.
    #[error(
        "no primary or general is known on {0}; add an election column (primary, general or special)"
    )]
    NoElectionOnDay(chrono::NaiveDate),
    /// A ward where some candidates of a race have no votes or cover other divisions.
    #[error("{race}: ward {ward} lacks votes for {missing}; its shares and winner are not shown")]
    IncompleteWard {
        /// The race, as users read it.
        race: String,
        /// The ward.
        ward: String,
        /// Who is missing, or which divisions differ.
        missing: String,
    },
    /// A UTF-16 file (an Excel "Unicode text" export), decoded.
    #[error("the file is {}; it was decoded to UTF-8", match .0 {
        super::input::Encoding::Utf16Be => "UTF-16 (big-endian)",
        _ => "UTF-16 (little-endian)",
    })]
    DecodedUtf16(super::input::Encoding),
    /// A file whose rows name no election, and whose name does not either.
    #[error("the election is unknown: {0}; no row of the file is read")]
    NoElectionInName(String),
    /// A precinct name no built-in rule splits.
    #[error("{0}")]
    BadPrecinct(String),
    /// A mapping file that cannot be used; the CSV beside it is not read.
    #[error("mapping: {0} (file skipped)")]
    BadMapping(String),
    /// A file whose rows name no place, loaded without `--place` or a mapping.
    #[error(
        "the file names no place: its rows are kept under \"unnamed\"; give --place NAME before --data, a place column, or a mapping"
    )]
    UnnamedPlace,
    /// A pseudo-office row repeating a precinct's figure with another value.
    #[error("{what} given as {first} on line {first_line} and as {now} here; this row is left out")]
    ConflictingRepeat {
        /// Which figure.
        what: String,
        /// The first value.
        first: u64,
        /// Where it was given.
        first_line: u64,
        /// This row's value.
        now: u64,
    },
    /// Registered voters of a precinct with no ballots cast beside them.
    #[error("registered voters without ballots cast for this precinct: no turnout can be computed")]
    RegisteredWithoutBallots,
    /// A ward or division cell that is not an id.
    #[error("{0}")]
    BadId(#[from] super::ids::IdError),
    /// A row with more or fewer fields than the header.
    #[error("wrong field count: {found} fields, the header has {expected}")]
    WrongFieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in the row.
        found: usize,
    },
    /// A required cell left empty.
    #[error("empty value in a required column")]
    MissingValue,
    /// Bytes that are not UTF-8; the file was read as Latin-1.
    #[error("invalid UTF-8 (first at this position); the file was decoded as Latin-1")]
    InvalidUtf8,
    /// A header row that matches no known format.
    #[error("unknown header: {0}; expected one of the formats in README.md (file skipped)")]
    UnknownHeader(String),
    /// A file with nothing in it.
    #[error("file is empty (skipped)")]
    EmptyFile,
    /// A header with no rows under it.
    #[error("file has a header but no data rows")]
    HeaderOnly,
    /// A directory holding no `.csv` file.
    #[error("directory holds no .csv files")]
    NoCsvInDirectory,
    /// A path that does not exist or cannot be read.
    #[error("cannot read: {0}")]
    Unreadable(String),
    /// A `.csv` found by a directory scan that is no regular file (a FIFO, a socket, a
    /// device): reading it could block every command, so it is skipped.
    #[error("not a regular file ({0}): skipped; name it with --data to read it")]
    NotRegularFile(Cow<'static, str>),
    /// A quote opened in a cell and not closed on its line: the CSV reader joined the lines
    /// after it into one cell.
    #[error(
        "a quoted field opened on this line runs to line {to} ({lines} lines): this line is left \
         out and the lines after it are read again without that quote"
    )]
    RunawayQuote {
        /// The last line the quoted field reached.
        to: u64,
        /// Lines it spanned.
        lines: u64,
    },
    /// A CSV syntax error (unbalanced quotes and the like).
    #[error("CSV syntax: {0}")]
    Csv(String),
    /// A field too large to be a real cell.
    #[error("field of {0} bytes is too large (limit {limit} bytes); row left out", limit = super::input::MAX_FIELD_BYTES)]
    FieldTooLarge(usize),
    /// A line longer than any real row; the rest of the file is not read.
    #[error("line longer than {} bytes; the rest of the file is not read", .0)]
    LineTooLong(usize),
    /// A header with more columns than any known format.
    #[error("header has {0} columns (limit {limit}); file skipped", limit = super::input::MAX_COLUMNS)]
    TooManyColumns(usize),
    /// More distinct parties than the model packs.
    #[error("more than 254 distinct party labels; row left out")]
    TooManyParties,
    /// More elections, files or similar than the model packs.
    #[error("too many {0} (limit reached); row left out")]
    Capacity(Cow<'static, str>),
}

impl ProblemKind {
    /// Warnings load; errors leave the row or file out.
    pub fn severity(&self) -> Severity {
        match self {
            ProblemKind::InvalidUtf8 | ProblemKind::RepeatedRowsSummed { .. } => Severity::Warning,
            ProblemKind::HeaderOnly | ProblemKind::IncompleteWard { .. } => Severity::Warning,
            ProblemKind::UnnamedPlace
            | ProblemKind::RegisteredWithoutBallots
            | ProblemKind::DecodedUtf16(_)
            | ProblemKind::NotRegularFile(_) => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// Where a problem is: a file (or embedded name), and a 1-based line and column when known.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// The file's path as given, or `embedded:NAME`.
    pub file: String,
    /// 1-based line in the file.
    pub line: Option<u64>,
    /// 1-based column (field number) and the column's header name.
    pub column: Option<(usize, String)>,
}

/// One problem, with its place.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// Where it is.
    pub at: Location,
    /// What it is.
    pub kind: ProblemKind,
}

impl Problem {
    /// A problem about a whole file.
    pub fn file(file: &str, kind: ProblemKind) -> Problem {
        Problem {
            at: Location {
                file: file.to_string(),
                line: None,
                column: None,
            },
            kind,
        }
    }

    /// The problem's severity.
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }
}

impl fmt::Display for Problem {
    /// `file:line:col: error: column "x": reason`, with any text from the file sanitised.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = String::new();
        self.write_raw(&mut s)?;
        f.write_str(&super::text::sanitize(&s))
    }
}

impl Problem {
    fn write_raw(&self, f: &mut impl fmt::Write) -> fmt::Result {
        write!(f, "{}", self.at.file)?;
        if let Some(line) = self.at.line {
            write!(f, ":{line}")?;
            if let Some((col, _)) = &self.at.column {
                write!(f, ":{col}")?;
            }
        }
        let level = match self.severity() {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, ": {level}: ")?;
        if let Some((_, name)) = &self.at.column {
            write!(f, "column {name:?}: ")?;
        }
        write!(f, "{}", self.kind)
    }
}
