//! Reading CSV files into packed entries: one pass per file, streaming, with every bad row
//! reported by file, line and column and the good rows kept.

use super::calendar::Calendar;
use super::formats::{self, Format, Layout, MeasureColumn, When};
use super::ids::{self, IdError};
use super::model::{Election, Kind, Measure, PartyGroup, WardId};
use super::problem::{Location, Problem, ProblemKind};
use super::results::read::RawResults;
use chrono::NaiveDate;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest cell accepted; a larger one is refused rather than held in memory.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;
/// The most row problems kept per file; further ones are counted.
pub const MAX_PROBLEMS_PER_FILE: u64 = 1000;
/// The most columns a header may have.
pub const MAX_COLUMNS: usize = 1024;
/// The longest line read; a longer one stops the file (what was read before it stays).
pub const MAX_LINE_BYTES: usize = 4 << 20;

/// The error a reader gives for a line longer than [`MAX_LINE_BYTES`].
#[derive(Debug)]
struct LineTooLong;

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a line longer than {} MiB", MAX_LINE_BYTES >> 20)
    }
}

impl std::error::Error for LineTooLong {}

/// A reader that fails on a line longer than [`MAX_LINE_BYTES`], so that a file without line
/// ends cannot make the CSV reader hold gigabytes.
struct LineLimit<R> {
    inner: R,
    run: usize,
}

impl<R: Read> Read for LineLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.run = match buf[..n].iter().rposition(|&b| b == b'\n') {
            Some(at) => n - at - 1,
            None => self.run + n,
        };
        if self.run > MAX_LINE_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                LineTooLong,
            ));
        }
        Ok(n)
    }
}

const FILE_BITS: u32 = 14;
const MEASURE_SHIFT: u32 = FILE_BITS;
const PARTY_SHIFT: u32 = MEASURE_SHIFT + 1;
const DIVISION_SHIFT: u32 = PARTY_SHIFT + 8;
const WARD_SHIFT: u32 = DIVISION_SHIFT + 12;
const ELECTION_SHIFT: u32 = WARD_SHIFT + 16;
const MAX_FILES: usize = 1 << FILE_BITS;
const MAX_ELECTIONS: usize = 1 << (64 - ELECTION_SHIFT);
/// Marks an entry without a registered-voters figure.
pub(crate) const NO_REGISTERED: u32 = u32::MAX;

/// One figure read from one row, packed into 20 bytes: (election, ward, division, party,
/// measure, file) in the key, sortable so that equal keys from different files sit together in
/// load order. Memory grows with these entries; aggregation keeps only wards.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    key: [u32; 2],
    /// Ballots, or top-race votes in thousandths (the crosswalked series carries decimals).
    value: u32,
    pub registered: u32,
    pub line: u32,
}

impl Entry {
    fn new(key: u64, measure: Measure, count: f64, registered: u32, line: u32) -> Entry {
        let value = match measure {
            Measure::Ballots => count as u32,
            Measure::TopRaceVotes => (count * 1000.0).round() as u32,
        };
        Entry {
            key: [(key >> 32) as u32, key as u32],
            value,
            registered,
            line,
        }
    }

    /// Adds a repeated row's figures to this one (formats where repeated rows add up).
    pub fn absorb(&mut self, other: &Entry) {
        self.value = self.value.saturating_add(other.value);
        self.registered = match (self.registered, other.registered) {
            (NO_REGISTERED, _) | (_, NO_REGISTERED) => NO_REGISTERED,
            (a, b) => a.saturating_add(b).min(NO_REGISTERED - 1),
        };
    }

    /// The packed key.
    pub fn key(&self) -> u64 {
        (self.key[0] as u64) << 32 | self.key[1] as u64
    }

    /// The count, in voters or votes.
    pub fn count(&self) -> f64 {
        if (self.key() >> MEASURE_SHIFT) & 1 == 1 {
            self.value as f64 / 1000.0
        } else {
            self.value as f64
        }
    }
}

/// The parts of an entry's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key {
    pub election: u16,
    pub ward: WardId,
    pub division: u16,
    pub party: u8,
    pub measure: Measure,
    pub file: u16,
}

impl Key {
    pub fn pack(self) -> u64 {
        (self.election as u64) << ELECTION_SHIFT
            | (self.ward.0 as u64) << WARD_SHIFT
            | (self.division as u64) << DIVISION_SHIFT
            | (self.party as u64) << PARTY_SHIFT
            | ((self.measure == Measure::TopRaceVotes) as u64) << MEASURE_SHIFT
            | self.file as u64
    }

    pub fn unpack(k: u64) -> Key {
        Key {
            election: (k >> ELECTION_SHIFT) as u16,
            ward: WardId((k >> WARD_SHIFT) as u16),
            division: ((k >> DIVISION_SHIFT) & 0xfff) as u16,
            party: ((k >> PARTY_SHIFT) & 0xff) as u8,
            measure: if (k >> MEASURE_SHIFT) & 1 == 1 {
                Measure::TopRaceVotes
            } else {
                Measure::Ballots
            },
            file: (k & (MAX_FILES as u64 - 1)) as u16,
        }
    }

    /// The key without its file: equal for the same figure from two sources.
    pub fn figure(k: u64) -> u64 {
        k >> FILE_BITS
    }
}

/// What one input file gave.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileReport {
    /// The path as given, or `embedded:NAME`.
    pub name: String,
    /// Where in the search path it came from (`embedded`, `$TURNOUT_DATA`, `--data`, ...).
    pub origin: String,
    /// The format recognised, if any.
    pub format: Option<Format>,
    /// Data rows read.
    pub rows_read: u64,
    /// Rows left out because of a problem.
    pub rows_rejected: u64,
    /// Rows that repeated a key and were added to it (formats where that is the meaning).
    pub rows_summed: u64,
    /// Row problems listed for this file (at most [`MAX_PROBLEMS_PER_FILE`]).
    pub problems_listed: u64,
    /// Row problems beyond the listed ones: counted, not kept.
    pub problems_not_listed: u64,
    /// Elections the file covers (indices into the loader's table until finished).
    #[serde(skip)]
    pub election_ids: BTreeSet<u16>,
    /// Wards the file covers.
    #[serde(skip)]
    pub wards: BTreeSet<WardId>,
}

impl FileReport {
    fn new(name: &str, origin: &str) -> FileReport {
        FileReport {
            name: super::text::sanitize(name).into_owned(),
            origin: origin.to_string(),
            format: None,
            rows_read: 0,
            rows_rejected: 0,
            rows_summed: 0,
            problems_listed: 0,
            problems_not_listed: 0,
            election_ids: BTreeSet::new(),
            wards: BTreeSet::new(),
        }
    }
}

/// Reads files one after another into packed entries. `Dataset::build` turns it into the model.
pub struct Loader<'c> {
    pub(crate) calendar: &'c Calendar,
    pub(crate) elections: Vec<Election>,
    election_index: HashMap<Election, u16>,
    /// Interned party labels (uppercase) and their groups; index 0 is "not split by party".
    pub(crate) parties: Vec<(String, PartyGroup)>,
    party_index: HashMap<String, u8>,
    pub(crate) entries: Vec<Entry>,
    pub(crate) files: Vec<FileReport>,
    pub(crate) problems: Vec<Problem>,
    /// Candidate results read so far.
    pub(crate) results: RawResults,
}

/// A cell-level failure: which column, and what.
pub(crate) type CellError = (usize, ProblemKind);

/// The last division cell read, the row's ward it was read against, and what it gave.
type DivisionCache = (Vec<u8>, Option<WardId>, (WardId, u16));

impl FileCtx {
    /// The election a (kind, date) cell pair resolved to earlier in this file.
    pub(crate) fn seen_election(&self, kind: &[u8], when: &[u8]) -> Option<u16> {
        let n = self.elections_seen.len();
        let start = self.last_seen.get();
        (0..n).map(|i| (start + i) % n).find_map(|i| {
            let (k, w, id) = &self.elections_seen[i];
            (k.as_slice() == kind && w.as_slice() == when).then(|| {
                self.last_seen.set(i);
                *id
            })
        })
    }

    /// Remembers what a (kind, date) cell pair resolved to.
    pub(crate) fn remember_election(&mut self, kind: &[u8], when: &[u8], id: u16) {
        if self.elections_seen.len() < 256 {
            self.elections_seen.push((kind.to_vec(), when.to_vec(), id));
        }
    }
}

/// Per-file parsing state: caches that make repeated cells cost a comparison.
pub(crate) struct FileCtx {
    pub latin1: bool,
    /// (kind cell, date or year cell, election) seen in this file (a few dozen at most kept),
    /// so files cycling through elections row by row resolve each cell pair once.
    elections_seen: Vec<(Vec<u8>, Vec<u8>, u16)>,
    /// Where in `elections_seen` the last lookup hit: files repeat an election on the next row
    /// or cycle through them in order, so the search starts there.
    last_seen: std::cell::Cell<usize>,
    last_ward: Option<(Vec<u8>, WardId)>,
    /// Every party cell seen in this file (a handful), so cycling labels cost a comparison.
    parties: Vec<(Vec<u8>, u8)>,
    last_division: Option<DivisionCache>,
    /// The last (election, ward) added to the file's coverage sets.
    last_covered: Option<(u16, WardId)>,
    /// Elections and wards seen, as bits (cheaper per row than the report's sets).
    pub covered: Coverage,
}

/// Which elections and wards a file covers, one bit each; turned into the report's sets once
/// the file is read.
#[derive(Debug, Default)]
pub(crate) struct Coverage {
    elections: Vec<u64>,
    wards: Vec<u64>,
}

impl Coverage {
    fn set(bits: &mut Vec<u64>, i: usize) {
        if bits.len() <= i / 64 {
            bits.resize(i / 64 + 1, 0);
        }
        bits[i / 64] |= 1 << (i % 64);
    }

    /// Marks an (election, ward) as covered.
    pub(crate) fn add(&mut self, election: u16, ward: WardId) {
        Coverage::set(&mut self.elections, election as usize);
        Coverage::set(&mut self.wards, ward.0 as usize);
    }

    fn ones(bits: &[u64]) -> impl Iterator<Item = u16> + '_ {
        bits.iter().enumerate().flat_map(|(w, &b)| {
            (0..64)
                .filter(move |i| b >> i & 1 == 1)
                .map(move |i| (w * 64 + i) as u16)
        })
    }

    /// Adds what was seen to a file's report.
    pub(crate) fn report(&self, report: &mut FileReport) {
        report.election_ids.extend(Coverage::ones(&self.elections));
        report.wards.extend(Coverage::ones(&self.wards).map(WardId));
    }
}

/// A cell as text, decoded (UTF-8, or Latin-1 for files that are not UTF-8) and sanitised:
/// control and bidirectional-override characters become a placeholder.
pub(crate) fn text(bytes: &[u8], latin1: bool) -> Cow<'_, str> {
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

/// Reads a whole, non-negative count (`1234`, ` 1,234 `).
pub fn parse_count(cell: &[u8]) -> Result<u64, ProblemKind> {
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
fn leading_year(name: &str) -> Option<i32> {
    let y = name.trim().get(..4)?;
    y.parse().ok().filter(|y| (1800..=2200).contains(y))
}

/// One good row, before packing.
struct Row {
    election: u16,
    ward: WardId,
    division: u16,
    party: u8,
    registered: Option<u64>,
    count: f64,
    measure: Measure,
}

impl<'c> Loader<'c> {
    /// A loader resolving year-only rows with `calendar`.
    pub fn new(calendar: &'c Calendar) -> Loader<'c> {
        Loader {
            calendar,
            elections: Vec::new(),
            election_index: HashMap::new(),
            parties: vec![(String::new(), PartyGroup::All)],
            party_index: HashMap::new(),
            entries: Vec::new(),
            files: Vec::new(),
            problems: Vec::new(),
            results: RawResults::default(),
        }
    }

    /// Loads every data file compiled into the binary: each file on its own thread, merged in
    /// order, so the result is the same as reading them one after another.
    pub fn add_embedded(&mut self) {
        let calendar = self.calendar;
        let loaders: Vec<Loader<'c>> = std::thread::scope(|s| {
            let handles: Vec<_> = super::EMBEDDED_DATA
                .iter()
                .map(|&(name, bytes)| {
                    s.spawn(move || {
                        let mut l = Loader::new(calendar);
                        l.add_reader(
                            &format!("embedded:{name}"),
                            "embedded",
                            bytes,
                            Some(bytes.len() as u64),
                        );
                        l
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a loader thread panicked"))
                .collect()
        });
        for l in loaders {
            self.absorb(l);
        }
    }

    /// Loads a file, or every `*.csv` below a directory (sorted by path). A missing path, an
    /// unreadable file or a directory without CSVs becomes a problem; nothing is written.
    pub fn add_path(&mut self, path: &Path, origin: &str) {
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) => self.unread(&shown, origin, ProblemKind::Unreadable(e.to_string())),
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                collect_csvs(path, &mut files, &mut self.problems);
                if files.is_empty() {
                    self.unread(&shown, origin, ProblemKind::NoCsvInDirectory);
                }
                files.sort();
                for f in files {
                    self.add_file(&f, origin);
                }
            }
            Ok(_) => self.add_file(path, origin),
        }
    }

    fn add_file(&mut self, path: &Path, origin: &str) {
        let shown = path.display().to_string();
        match std::fs::File::open(path) {
            Ok(file) => {
                let size = file.metadata().ok().map(|m| m.len());
                self.add_reader(&shown, origin, file, size);
            }
            Err(e) => self.unread(&shown, origin, ProblemKind::Unreadable(e.to_string())),
        }
    }

    /// Records a path that gave no rows at all, so reports keep the load order.
    fn unread(&mut self, name: &str, origin: &str, kind: ProblemKind) {
        self.files.push(FileReport::new(name, origin));
        self.problems.push(Problem::file(name, kind));
    }

    /// Loads one CSV from any reader; `name` is how problems will name it.
    pub fn add_reader<R: Read>(&mut self, name: &str, origin: &str, reader: R, size: Option<u64>) {
        if self.files.len() >= MAX_FILES {
            self.problems
                .push(Problem::file(name, ProblemKind::Capacity("files")));
            return;
        }
        let file = self.files.len() as u16;
        self.files.push(FileReport::new(name, origin));
        if let Some(size) = size {
            // Rows of the shortest formats run about 30 bytes: reserve once instead of doubling.
            self.entries.reserve((size / 32) as usize);
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(LineLimit {
                inner: reader,
                run: 0,
            });
        let mut rec = csv::ByteRecord::new();
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => {
                return self
                    .problems
                    .push(Problem::file(name, ProblemKind::EmptyFile));
            }
            Err(e) => return self.csv_error(name, e),
            Ok(true) => {}
        }
        if rec.len() > MAX_COLUMNS {
            return self
                .problems
                .push(Problem::file(name, ProblemKind::TooManyColumns(rec.len())));
        }
        let mut ctx = FileCtx {
            latin1: false,
            elections_seen: Vec::new(),
            last_seen: std::cell::Cell::new(0),
            last_ward: None,
            parties: Vec::new(),
            last_division: None,
            last_covered: None,
            covered: Coverage::default(),
        };
        if std::str::from_utf8(rec.as_slice()).is_err() {
            self.note_latin1(name, &mut ctx, &rec, 1);
        }
        let header: Vec<String> = rec
            .iter()
            .map(|c| text(c, ctx.latin1).into_owned())
            .collect();
        if header.iter().all(|h| h.trim().is_empty()) {
            return self
                .problems
                .push(Problem::file(name, ProblemKind::EmptyFile));
        }
        let layout = match formats::detect(&header) {
            Ok(layout) => layout,
            Err(seen) => {
                let mut p = Problem::file(name, ProblemKind::UnknownHeader(seen));
                p.at.line = Some(1);
                return self.problems.push(p);
            }
        };
        self.files[file as usize].format = Some(layout.format());
        let width = header.len();
        let mut rows_read = 0u64;
        let mut rejected = 0u64;
        loop {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    rejected += 1;
                    // A reader that failed (a device error, a line too long) is not retried.
                    let stop = matches!(e.kind(), csv::ErrorKind::Io(_));
                    self.csv_error(name, e);
                    if stop {
                        break;
                    }
                    continue;
                }
            }
            rows_read += 1;
            let line = rec.position().map_or(0, |p| p.line());
            if rec.len() != width {
                rejected += 1;
                let kind = ProblemKind::WrongFieldCount {
                    expected: width,
                    found: rec.len(),
                };
                self.row_problem(line, None, &header, kind);
                continue;
            }
            if rec.as_slice().len() > MAX_FIELD_BYTES
                && let Some((i, big)) = rec
                    .iter()
                    .enumerate()
                    .find(|(_, f)| f.len() > MAX_FIELD_BYTES)
            {
                rejected += 1;
                self.row_problem(
                    line,
                    Some(i),
                    &header,
                    ProblemKind::FieldTooLarge(big.len()),
                );
                continue;
            }
            if !ctx.latin1
                && !rec.as_slice().is_ascii()
                && std::str::from_utf8(rec.as_slice()).is_err()
            {
                self.note_latin1(name, &mut ctx, &rec, line);
            }
            if matches!(layout, Layout::Results { .. }) {
                if let Err((col, kind)) = self.read_result_row(&layout, &rec, &mut ctx, file, line)
                {
                    rejected += 1;
                    self.row_problem(line, Some(col), &header, kind);
                }
                continue;
            }
            match self.parse_row(&layout, &rec, &mut ctx) {
                Ok(row) => {
                    if let Some(reg) = row.registered {
                        if row.measure == Measure::Ballots && row.count > reg as f64 {
                            rejected += 1;
                            let kind = ProblemKind::BallotsOverRegistered {
                                ballots: row.count as u64,
                                registered: reg,
                            };
                            let col = match &layout {
                                Layout::CityWard { ballots, .. } => Some(*ballots),
                                Layout::Canonical { count, .. } => Some(*count),
                                _ => None,
                            };
                            self.row_problem(line, col, &header, kind);
                            continue;
                        }
                    }
                    if ctx.last_covered != Some((row.election, row.ward)) {
                        ctx.covered.add(row.election, row.ward);
                        ctx.last_covered = Some((row.election, row.ward));
                    }
                    let key = Key {
                        election: row.election,
                        ward: row.ward,
                        division: row.division,
                        party: row.party,
                        measure: row.measure,
                        file,
                    };
                    let entry = Entry::new(
                        key.pack(),
                        row.measure,
                        row.count,
                        row.registered.map_or(NO_REGISTERED, |r| r as u32),
                        line.min(u32::MAX as u64) as u32,
                    );
                    // A key repeated on the next row is settled now, so sorted exports cost
                    // memory per distinct key, not per row.
                    match self.entries.last_mut() {
                        Some(last)
                            if last.key() == entry.key()
                                && layout.format().repeated_rows_add_up() =>
                        {
                            last.absorb(&entry);
                            self.files[file as usize].rows_summed += 1;
                        }
                        Some(last) if last.key() == entry.key() => {
                            rejected += 1;
                            let first_line = last.line;
                            self.reject_duplicate(key, entry.line, first_line);
                        }
                        _ => self.entries.push(entry),
                    }
                }
                Err((col, kind)) => {
                    rejected += 1;
                    self.row_problem(line, Some(col), &header, kind);
                }
            }
        }
        let report = &mut self.files[file as usize];
        ctx.covered.report(report);
        report.rows_read = rows_read;
        report.rows_rejected = rejected;
        if rows_read == 0 {
            self.problems
                .push(Problem::file(name, ProblemKind::HeaderOnly));
        }
    }

    fn note_latin1(&mut self, name: &str, ctx: &mut FileCtx, rec: &csv::ByteRecord, line: u64) {
        ctx.latin1 = true;
        let col = rec
            .iter()
            .position(|f| std::str::from_utf8(f).is_err())
            .unwrap_or(0);
        self.problems.push(Problem {
            at: Location {
                file: name.to_string(),
                line: Some(line),
                column: Some((col + 1, String::new())).filter(|_| line > 1),
            },
            kind: ProblemKind::InvalidUtf8,
        });
    }

    fn csv_error(&mut self, name: &str, e: csv::Error) {
        let line = e.position().map(|p| p.line());
        let kind = match e.kind() {
            csv::ErrorKind::Io(io) if io.get_ref().is_some_and(|e| e.is::<LineTooLong>()) => {
                ProblemKind::LineTooLong(MAX_LINE_BYTES)
            }
            csv::ErrorKind::Io(io) => ProblemKind::Unreadable(io.to_string()),
            _ => ProblemKind::Csv(e.to_string()),
        };
        self.problems.push(Problem {
            at: Location {
                file: name.to_string(),
                line,
                column: None,
            },
            kind,
        });
    }

    /// A problem with the row being read from the last file added, its column named by header.
    fn row_problem(&mut self, line: u64, col: Option<usize>, header: &[String], kind: ProblemKind) {
        let column = col.map(|c| {
            (
                c + 1,
                formats::normalise_header(header.get(c).map_or("", |s| s)),
            )
        });
        let file = (self.files.len() - 1) as u16;
        self.push_row_problem(file, line, column, kind);
    }

    /// Records a row problem of a file. A file of a million bad rows keeps the first
    /// [`MAX_PROBLEMS_PER_FILE`] problems and counts the rest.
    pub(crate) fn push_row_problem(
        &mut self,
        file: u16,
        line: u64,
        column: Option<(usize, String)>,
        kind: ProblemKind,
    ) {
        let report = &mut self.files[file as usize];
        if report.problems_listed >= MAX_PROBLEMS_PER_FILE {
            report.problems_not_listed += 1;
            return;
        }
        report.problems_listed += 1;
        let at = Location {
            file: report.name.clone(),
            line: Some(line),
            column,
        };
        self.problems.push(Problem { at, kind });
    }

    /// Reports a row that repeats a key of its own file; the first row given stands.
    pub(crate) fn reject_duplicate(&mut self, key: Key, line: u32, first_line: u32) {
        let kind = ProblemKind::DuplicateKey {
            key: self.describe_key(key),
            first_line: first_line as u64,
        };
        self.push_row_problem(key.file, line as u64, None, kind);
    }

    /// A figure's key as users read it: `2017 primary ward 05 division 12 party DEM ballots`.
    pub(crate) fn describe_key(&self, k: Key) -> String {
        let e = &self.elections[k.election as usize];
        let mut s = format!("{} {} ward {}", e.year(), e.kind, k.ward);
        if k.division > 0 {
            s.push_str(&format!(" division {:02}", k.division));
        }
        if k.party > 0 {
            s.push_str(&format!(" party {}", self.parties[k.party as usize].0));
        }
        s.push(' ');
        s.push_str(k.measure.as_str());
        s
    }

    pub(crate) fn election_id(&mut self, election: Election) -> Result<u16, ProblemKind> {
        if let Some(&id) = self.election_index.get(&election) {
            return Ok(id);
        }
        if self.elections.len() >= MAX_ELECTIONS {
            return Err(ProblemKind::Capacity("elections"));
        }
        let id = self.elections.len() as u16;
        self.elections.push(election.clone());
        self.election_index.insert(election, id);
        Ok(id)
    }

    /// Resolves an election from a name/kind cell and a date (or year) cell, cached per file.
    pub(crate) fn election(
        &mut self,
        ctx: &mut FileCtx,
        kind_cell: (usize, &[u8]),
        when: (When, &[u8]),
    ) -> Result<u16, CellError> {
        if let Some(id) = ctx.seen_election(kind_cell.1, when.1) {
            return Ok(id);
        }
        let kind_text = text(kind_cell.1, ctx.latin1);
        let kind = Kind::parse(&kind_text).ok_or((
            kind_cell.0,
            ProblemKind::UnknownKind(kind_text.trim().to_string()),
        ))?;
        let when_text = text(when.1, ctx.latin1);
        let date = match when.0 {
            When::Date(c) => parse_date(&when_text)
                .ok_or((c, ProblemKind::BadDate(when_text.trim().to_string())))?,
            When::Year(c) => {
                let year: i32 = when_text
                    .trim()
                    .parse()
                    .ok()
                    .filter(|y| (1800..=2200).contains(y))
                    .ok_or((c, ProblemKind::BadDate(when_text.trim().to_string())))?;
                self.calendar.date_for(year, kind).ok_or((
                    c,
                    ProblemKind::NoDateForYear {
                        year,
                        kind: kind.to_string(),
                    },
                ))?
            }
        };
        let id = self
            .election_id(Election { date, kind })
            .map_err(|k| (kind_cell.0, k))?;
        ctx.remember_election(kind_cell.1, when.1, id);
        Ok(id)
    }

    /// Resolves an election named `YYYY primary` with no date, from the calendar.
    fn election_by_name(
        &mut self,
        ctx: &mut FileCtx,
        col: usize,
        cell: &[u8],
    ) -> Result<u16, CellError> {
        if let Some(id) = ctx.seen_election(cell, b"") {
            return Ok(id);
        }
        let name = text(cell, ctx.latin1);
        let bad = || (col, ProblemKind::UnknownKind(name.trim().to_string()));
        let kind = Kind::parse(&name).ok_or_else(bad)?;
        let year = leading_year(&name).ok_or_else(bad)?;
        let date = self.calendar.date_for(year, kind).ok_or((
            col,
            ProblemKind::NoDateForYear {
                year,
                kind: kind.to_string(),
            },
        ))?;
        let id = self
            .election_id(Election { date, kind })
            .map_err(|k| (col, k))?;
        ctx.remember_election(cell, b"", id);
        Ok(id)
    }

    pub(crate) fn ward(ctx: &mut FileCtx, col: usize, cell: &[u8]) -> Result<WardId, CellError> {
        if let Some((c, w)) = &ctx.last_ward {
            if c.as_slice() == cell {
                return Ok(*w);
            }
        }
        let w = ids::parse_ward(&text(cell, ctx.latin1)).map_err(|e| (col, e.into()))?;
        ctx.last_ward = Some((cell.to_vec(), w));
        Ok(w)
    }

    fn party(&mut self, ctx: &mut FileCtx, col: usize, cell: &[u8]) -> Result<u8, CellError> {
        if let Some((_, p)) = ctx.parties.iter().find(|(c, _)| c.as_slice() == cell) {
            return Ok(*p);
        }
        let label = text(cell, ctx.latin1).trim().to_ascii_uppercase();
        let id = self.party_id(label).map_err(|k| (col, k))?;
        if ctx.parties.len() < 64 {
            ctx.parties.push((cell.to_vec(), id));
        }
        Ok(id)
    }

    /// Interns a party label (upper case); 0 is "not split by party".
    fn party_id(&mut self, label: String) -> Result<u8, ProblemKind> {
        let group = PartyGroup::of_label(&label);
        if group == PartyGroup::All {
            return Ok(0);
        }
        if let Some(&id) = self.party_index.get(&label) {
            return Ok(id);
        }
        if self.parties.len() >= 255 {
            return Err(ProblemKind::TooManyParties);
        }
        let id = self.parties.len() as u8;
        self.parties.push((label.clone(), group));
        self.party_index.insert(label, id);
        Ok(id)
    }

    /// Appends what another loader read, as if its files had been read after this one's:
    /// elections, parties and races are re-interned and every key renumbered.
    pub(crate) fn absorb(&mut self, mut other: Loader<'_>) {
        let offset = self.files.len() as u16;
        if self.files.len() + other.files.len() > MAX_FILES {
            for f in &other.files {
                self.problems
                    .push(Problem::file(&f.name, ProblemKind::Capacity("files")));
            }
            return;
        }
        let elections: Vec<u16> = other
            .elections
            .iter()
            .map(|e| self.election_id(e.clone()).unwrap_or(0))
            .collect();
        let parties: Vec<u8> = other
            .parties
            .iter()
            .map(|(label, _)| self.party_id(label.clone()).unwrap_or(0))
            .collect();
        for e in &mut other.entries {
            let k = Key::unpack(e.key());
            let k = Key {
                election: elections[k.election as usize],
                party: parties[k.party as usize],
                file: k.file + offset,
                ..k
            };
            let packed = k.pack();
            e.key = [(packed >> 32) as u32, packed as u32];
        }
        self.entries.append(&mut other.entries);
        for mut f in other.files {
            f.election_ids = f
                .election_ids
                .iter()
                .map(|&id| elections[id as usize])
                .collect();
            self.files.push(f);
        }
        self.problems.append(&mut other.problems);
        let results = std::mem::take(&mut other.results);
        self.results.absorb(results, &elections, offset);
    }

    fn parse_row(
        &mut self,
        layout: &Layout,
        rec: &csv::ByteRecord,
        ctx: &mut FileCtx,
    ) -> Result<Row, CellError> {
        let cell = |i: usize| rec.get(i).unwrap_or(b"");
        let count = |i: usize| parse_count(cell(i)).map_err(|k| (i, k));
        match *layout {
            Layout::CityWard {
                name,
                date,
                ward,
                ballots,
                registered,
            } => Ok(Row {
                election: self.election(ctx, (name, cell(name)), (When::Date(date), cell(date)))?,
                ward: Self::ward(ctx, ward, cell(ward))?,
                division: 0,
                party: 0,
                registered: Some(count(registered)?),
                count: count(ballots)? as f64,
                measure: Measure::Ballots,
            }),
            Layout::CityDivisionParty {
                name,
                date,
                precinct,
                party,
                count: c,
            } => {
                let election =
                    self.election(ctx, (name, cell(name)), (When::Date(date), cell(date)))?;
                let (ward, division) = division_cell(ctx, precinct, cell(precinct), None)?;
                Ok(Row {
                    election,
                    ward,
                    division,
                    party: self.party(ctx, party, cell(party))?,
                    registered: None,
                    count: count(c)? as f64,
                    measure: Measure::Ballots,
                })
            }
            Layout::SixtySixWards {
                precinct,
                election,
                votes,
            } => {
                let election = self.election_by_name(ctx, election, cell(election))?;
                let (ward, division) = division_cell(ctx, precinct, cell(precinct), None)?;
                let v = parse_decimal(cell(votes)).map_err(|k| (votes, k))?;
                Ok(Row {
                    election,
                    ward,
                    division,
                    party: 0,
                    registered: None,
                    count: v,
                    measure: Measure::TopRaceVotes,
                })
            }
            Layout::Results { .. } => unreachable!("results rows are read by read_result_row"),
            Layout::Canonical {
                when,
                kind,
                ward,
                division,
                party,
                registered,
                count: c,
                measure,
            } => {
                let election =
                    self.election(ctx, (kind, cell(kind)), (when, cell(when.column())))?;
                let w = Self::ward(ctx, ward, cell(ward))?;
                let division = match division {
                    Some(d) if !trim(cell(d)).is_empty() => {
                        division_cell(ctx, d, cell(d), Some(w))?.1
                    }
                    _ => 0,
                };
                let party = match party {
                    Some(p) => self.party(ctx, p, cell(p))?,
                    None => 0,
                };
                let registered = match registered {
                    Some(r) if !trim(cell(r)).is_empty() => Some(count(r)?),
                    _ => None,
                };
                let measure = match measure {
                    MeasureColumn::Fixed(m) => m,
                    MeasureColumn::Column(m) => {
                        let t = text(cell(m), ctx.latin1).trim().to_ascii_lowercase();
                        match t.as_str() {
                            "ballots" | "ballots_cast" => Measure::Ballots,
                            "top_race_votes" | "top-race votes" | "top_race" => {
                                Measure::TopRaceVotes
                            }
                            _ => {
                                return Err((
                                    m,
                                    ProblemKind::NotNumeric(format!(
                                        "measure {t:?} (expected ballots or top_race_votes)"
                                    )),
                                ));
                            }
                        }
                    }
                };
                let value = match measure {
                    Measure::Ballots => count(c)? as f64,
                    Measure::TopRaceVotes => parse_decimal(cell(c)).map_err(|k| (c, k))?,
                };
                Ok(Row {
                    election,
                    ward: w,
                    division,
                    party,
                    registered,
                    count: value,
                    measure,
                })
            }
        }
    }
}

pub(crate) fn division_cell(
    ctx: &mut FileCtx,
    col: usize,
    cell: &[u8],
    ward: Option<WardId>,
) -> Result<(WardId, u16), CellError> {
    if let Some((c, w, id)) = &ctx.last_division {
        if *w == ward && c.as_slice() == cell {
            return Ok(*id);
        }
    }
    let id =
        ids::parse_division(&text(cell, ctx.latin1), ward).map_err(|e: IdError| (col, e.into()))?;
    ctx.last_division = Some((cell.to_vec(), ward, id));
    Ok(id)
}

fn collect_csvs(dir: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let shown = dir.display().to_string();
            return problems.push(Problem::file(
                &shown,
                ProblemKind::Unreadable(e.to_string()),
            ));
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect_csvs(&path, out, problems);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
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
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2015, 5, 19);
        assert_eq!(parse_date("2015-05-19"), d);
        assert_eq!(parse_date("2015/05/19"), d);
        assert_eq!(parse_date("05/19/2015 12:00:00 AM"), d);
        assert_eq!(parse_date("5/19/2015"), d);
        assert_eq!(parse_date("2015-02-30"), None);
        assert_eq!(parse_date("May 19"), None);
    }

    #[test]
    fn keys_round_trip() {
        let k = Key {
            election: 7,
            ward: WardId(66),
            division: 46,
            party: 3,
            measure: Measure::TopRaceVotes,
            file: 5,
        };
        assert_eq!(Key::unpack(k.pack()), k);
    }
}
