//! Reading CSV files into packed entries: one pass per file, streaming, with every bad row
//! reported by file, line and column and the good rows kept.

mod entry;
mod fields;
mod figures;
mod files;
mod intern;
mod problems;
mod records;
mod report;
mod rows;
mod tokens;
mod votes;

pub(crate) use entry::{Entries, Entry, Key, NO_REGISTERED};
pub(crate) use fields::Fields;
pub(crate) use intern::{CellError, FileCtx};
pub use report::FileReport;

pub(crate) use files::election_of_file;
use files::{collect_csvs, read_mapping};
use records::Item;

use super::SourcePath;
use super::calendar::Calendar;
use super::cells::text;
use super::formats::mapping::Mapping;
use super::formats::{self, Header, Layout, PlaceFrom};
use super::input::{Encoding, Input};
use super::model::{Election, PartyGroup};
use super::place;
use super::problem::{Problem, ProblemKind};
use super::results::raw::RawResults;
use entry::MAX_FILES;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

pub use super::input::{MAX_COLUMNS, MAX_FIELD_BYTES, MAX_LINE_BYTES, MAX_PROBLEMS_PER_FILE};

/// The place a file's rows belong to when neither its format nor a `--place` names one.
pub const UNNAMED_PLACE: &str = "unnamed";

/// Reads files one after another into packed entries. `Dataset::build` turns it into the model.
pub struct Loader<'c> {
    pub(crate) calendar: &'c Calendar,
    /// Elections, each with its place (index into `places`): the same day in two places is
    /// two elections, so nothing is ever summed or overridden across places.
    pub(crate) elections: Vec<(u16, Election)>,
    election_index: HashMap<(u16, Election), u16>,
    /// Places as first spelled (`Philadelphia`, `Erie County`, `Chicago`).
    pub(crate) places: Vec<String>,
    place_index: HashMap<String, u16>,
    /// The place of the next files whose format names none (`--place` before `--data`).
    pub(crate) default_place: Option<String>,
    /// Interned party labels (uppercase) and their groups; index 0 is "not split by party".
    pub(crate) parties: Vec<(String, PartyGroup)>,
    party_index: HashMap<String, u8>,
    pub(crate) entries: Entries,
    pub(crate) files: Vec<FileReport>,
    pub(crate) problems: Vec<Problem>,
    /// Candidate results read so far.
    pub(crate) results: RawResults,
    /// Told how far the reading has got, about ten times a second (the explorer's gauge).
    pub(crate) progress: Option<&'c (dyn Fn(&Progress) + Sync)>,
    /// Rows of the files read before this one (for the progress hook).
    rows_before: u64,
    /// When the progress hook was last called.
    told: Option<std::time::Instant>,
}

/// How far loading has got: the file being read, its bytes read of its size, rows so far.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Progress {
    /// The file being read, as given.
    pub file: String,
    /// Bytes of it read.
    pub read: u64,
    /// Its size, where known (not for a pipe).
    pub size: Option<u64>,
    /// Rows read from every file so far.
    pub rows: u64,
}

impl<'c> Loader<'c> {
    /// A loader resolving year-only rows with `calendar`.
    pub fn new(calendar: &'c Calendar) -> Loader<'c> {
        Loader {
            calendar,
            elections: Vec::new(),
            election_index: HashMap::new(),
            places: Vec::new(),
            place_index: HashMap::new(),
            default_place: None,
            parties: vec![(String::new(), PartyGroup::All)],
            party_index: HashMap::new(),
            entries: Entries::default(),
            files: Vec::new(),
            problems: Vec::new(),
            results: RawResults::default(),
            progress: None,
            rows_before: 0,
            told: None,
        }
    }

    /// Tells `progress` how far the reading has got, about ten times a second.
    pub fn set_progress(&mut self, progress: &'c (dyn Fn(&Progress) + Sync)) {
        self.progress = Some(progress);
    }

    /// Calls the progress hook if a tenth of a second has passed since it was last told (or
    /// `now` asks for it at once).
    fn tell(&mut self, file: &str, read: u64, size: Option<u64>, rows: u64, now: bool) {
        let Some(progress) = self.progress else {
            return;
        };
        let due = self
            .told
            .is_none_or(|t| t.elapsed() >= std::time::Duration::from_millis(100));
        if now || due {
            self.told = Some(std::time::Instant::now());
            progress(&Progress {
                file: file.to_string(),
                read,
                size,
                rows: self.rows_before + rows,
            });
        }
    }

    /// The place of the next files whose rows name none (as `--place` before `--data`).
    pub fn set_default_place(&mut self, place: Option<&str>) {
        self.default_place = place.map(String::from);
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
                        // The shipped files are Philadelphia's, results included.
                        l.default_place = Some(place::PHILADELPHIA.to_string());
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
    /// `source.place` names the place of files whose format names none; `source.map` is a
    /// mapping file for every CSV of the path.
    pub fn add_path(&mut self, source: &SourcePath) {
        let (path, origin) = (&source.path, source.origin.as_str());
        let shown = path.display().to_string();
        self.default_place = source.place.clone();
        let explicit = match &source.map {
            Some(m) => match read_mapping(m) {
                Ok(m) => Some(m),
                Err(msg) => {
                    return self.unread(&shown, origin, ProblemKind::BadMapping(msg));
                }
            },
            None => None,
        };
        match std::fs::metadata(path) {
            Err(e) => self.unread(&shown, origin, ProblemKind::Unreadable(e.to_string())),
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                let readable = collect_csvs(path, &mut files, &mut self.problems);
                if readable && files.is_empty() {
                    self.unread(&shown, origin, ProblemKind::NoCsvInDirectory);
                }
                files.sort();
                for f in files {
                    self.add_file(&f, origin, explicit.as_ref());
                }
            }
            Ok(_) => self.add_file(path, origin, explicit.as_ref()),
        }
        self.default_place = None;
    }

    fn add_file(&mut self, path: &Path, origin: &str, explicit: Option<&Mapping>) {
        let shown = path.display().to_string();
        // A sidecar `NAME.turnout.toml` beside `NAME.csv`, unless a mapping was given.
        let sidecar = path.with_extension("turnout.toml");
        let found;
        let mapping = match explicit {
            Some(m) => Some(m),
            None if sidecar.is_file() => match read_mapping(&sidecar) {
                Ok(m) => {
                    found = m;
                    Some(&found)
                }
                Err(msg) => return self.unread(&shown, origin, ProblemKind::BadMapping(msg)),
            },
            None => None,
        };
        match std::fs::File::open(path) {
            Ok(file) => {
                let size = file.metadata().ok().map(|m| m.len());
                self.add_reader_with(&shown, origin, file, size, mapping);
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
    pub fn add_reader<R: Read + Send>(
        &mut self,
        name: &str,
        origin: &str,
        reader: R,
        size: Option<u64>,
    ) {
        self.add_reader_with(name, origin, reader, size, None);
    }

    /// Loads one CSV from any reader, read through a mapping where one is given.
    pub fn add_reader_with<R: Read + Send>(
        &mut self,
        name: &str,
        origin: &str,
        reader: R,
        size: Option<u64>,
        mapping: Option<&Mapping>,
    ) {
        if self.files.len() >= MAX_FILES {
            self.problems
                .push(Problem::file(name, ProblemKind::Capacity("files".into())));
            return;
        }
        let file = self.files.len() as u16;
        self.files.push(FileReport::new(name, origin));
        self.files[file as usize].mapping = mapping.map(|m| m.path.clone());
        let mut rdr = tokens::Tokens::for_size(Input::new(reader), size);
        let mut first = fields::Flat::default();
        let rec = match rdr.read(&mut first, records::BATCH_BYTES) {
            Ok(tokens::Next::End) => {
                return self
                    .problems
                    .push(Problem::file(name, ProblemKind::EmptyFile));
            }
            Err(e) => return self.csv_error(name, e),
            Ok(tokens::Next::Added) => first.get(0).0.iter().collect(),
            Ok(tokens::Next::Big(rec, _)) => rec,
        };
        drop(first);
        let rec: csv::ByteRecord = rec;
        if rec.len() > MAX_COLUMNS {
            return self
                .problems
                .push(Problem::file(name, ProblemKind::TooManyColumns(rec.len())));
        }
        let mut ctx = FileCtx::new(0);
        if rdr.input().encoding() != Encoding::Utf8OrOther {
            let kind = ProblemKind::DecodedUtf16(rdr.input().encoding());
            self.problems.push(Problem::file(name, kind));
        }
        if std::str::from_utf8(rec.as_slice()).is_err() {
            self.note_latin1(name, &mut ctx, Fields::Record(&rec), 1);
        }
        let header = Header::new(
            rec.iter()
                .map(|c| text(c, ctx.latin1).into_owned())
                .collect(),
        );
        if header.raw.iter().all(|h| h.trim().is_empty()) {
            return self
                .problems
                .push(Problem::file(name, ProblemKind::EmptyFile));
        }
        let layout = match formats::detect(&header, mapping) {
            Ok(layout) => layout,
            Err(seen) => {
                let mut p = Problem::file(name, ProblemKind::UnknownHeader(seen.to_string()));
                p.at.line = Some(1);
                return self.problems.push(p);
            }
        };
        self.files[file as usize].format = Some(layout.format());
        ctx.file_place = self.file_place(name, &layout, mapping);
        ctx.place = ctx.file_place;
        // Formats whose rows name their place (a place or county column): read it per row here,
        // for every format alike.
        let place_column = match layout.place() {
            PlaceFrom::Column { col, county } => Some((col, county)),
            _ => None,
        };
        // A file whose rows name no election, and whose name (or mapping) does not either: one
        // problem for the file, and every row counted as left out.
        let mut unknown_election = false;
        if layout.election_from_name() {
            match election_of_file(name, mapping, self.calendar) {
                Ok(when) => ctx.file_when = Some(when),
                Err(why) => {
                    ctx.file_when_missing = why.clone();
                    unknown_election = true;
                    let mut p = Problem::file(name, ProblemKind::NoElectionInName(why));
                    p.at.line = Some(1);
                    self.problems.push(p);
                }
            }
        }
        let file_in = rows::FileIn {
            header: &header,
            layout: &layout,
            place_column,
            file,
        };
        let mut rows_read = 0u64;
        let mut rejected = 0u64;
        self.tell(name, 0, size, 0, true);
        let pipeline = size.is_none_or(|s| s >= records::PIPELINE_FROM);
        records::for_each(&mut rdr, pipeline, |item, read| {
            if rows_read % 4096 == 0 && self.progress.is_some() {
                self.tell(name, read, size, rows_read, false);
            }
            let (rec, line) = match item {
                Item::Record(rec, line) => (rec, line),
                Item::Error(e) => {
                    rejected += 1;
                    return self.csv_error(name, e);
                }
            };
            rows_read += 1;
            if unknown_election {
                rejected += 1;
                return;
            }
            let (read, left_out) = self.take_row(&file_in, &mut ctx, rec, line);
            // A record read again in parts (a stray quote) counts each part.
            rows_read += read.saturating_sub(1);
            rejected += left_out;
        });
        rejected += self.flush_pending(&mut ctx, file);
        self.rows_before += rows_read;
        let report = &mut self.files[file as usize];
        ctx.covered.report(report);
        report.rows_read = rows_read;
        report.rows_rejected += rejected;
        report.rows_not_by_ward = ctx.not_by_ward;
        if rows_read == 0 {
            self.problems
                .push(Problem::file(name, ProblemKind::HeaderOnly));
        }
    }

    /// The place of a file's rows where they name none: the city's own formats are
    /// Philadelphia's; else the mapping's, else `--place`, else "unnamed" (with a warning).
    fn file_place(&mut self, name: &str, layout: &Layout, mapping: Option<&Mapping>) -> u16 {
        let named = match layout.place() {
            PlaceFrom::Philadelphia => Some(place::PHILADELPHIA.to_string()),
            _ => mapping.and_then(|m| m.place.clone()).or_else(|| {
                // `--place phil` names a place already loaded by its unique prefix.
                self.default_place.clone().map(|q| {
                    let mut known = self.places.clone();
                    if !known.iter().any(|p| p == place::PHILADELPHIA) {
                        known.push(place::PHILADELPHIA.to_string());
                    }
                    place::find(&q, &known).map_or(q, str::to_string)
                })
            }),
        };
        match named {
            Some(p) => self.place_id(&p),
            None => {
                if layout.place() == PlaceFrom::Outside {
                    self.problems
                        .push(Problem::file(name, ProblemKind::UnnamedPlace));
                }
                self.place_id(UNNAMED_PLACE)
            }
        }
    }

    /// Appends what another loader read, as if its files had been read after this one's:
    /// elections, parties and races are re-interned and every key renumbered.
    pub(crate) fn absorb(&mut self, mut other: Loader<'_>) {
        let offset = self.files.len() as u16;
        if self.files.len() + other.files.len() > MAX_FILES {
            for f in &other.files {
                self.problems.push(Problem::file(
                    &f.name,
                    ProblemKind::Capacity("files".into()),
                ));
            }
            return;
        }
        let places: Vec<u16> = other.places.iter().map(|p| self.place_id(p)).collect();
        let elections: Vec<u16> = other
            .elections
            .iter()
            .map(|(p, e)| {
                self.election_id(places[*p as usize], e.clone())
                    .unwrap_or(0)
            })
            .collect();
        let parties: Vec<u8> = other
            .parties
            .iter()
            .map(|(label, _)| self.party_id(label.clone()).unwrap_or(0))
            .collect();
        for e in other.entries.iter_mut() {
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
        self.entries.append(std::mem::take(&mut other.entries));
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
}
