//! Per-file caches and the lookups they speed up: places, elections, parties, wards,
//! divisions and precincts, each cell resolved once per file and then compared.

use super::entry::MAX_ELECTIONS;
use super::{FileReport, Key, Loader};
use crate::data::cells::{leading_year, parse_date, same, text, trim};
use crate::data::formats::When;
use crate::data::ids::{self, IdError};
use crate::data::model::{Election, Kind, PartyGroup, WardId};
use crate::data::precinct;
use crate::data::problem::ProblemKind;
use chrono::NaiveDate;
use std::collections::HashMap;

/// A cell-level failure: which column, and what.
pub(crate) type CellError = (usize, ProblemKind);

/// The last division cell read, the row's ward it was read against, and what it gave.
type DivisionCache = (Vec<u8>, Option<WardId>, (WardId, u16));

impl FileCtx {
    /// The election a (kind, date) cell pair resolved to earlier in this file, in the row's
    /// place.
    #[inline]
    pub(crate) fn seen_election(&self, kind: &[u8], when: &[u8]) -> Option<u16> {
        // Most rows repeat the last hit: checked here, the rest of the search apart.
        let start = self.last_seen.get();
        match self.elections_seen.get(start) {
            Some((p, k, w, id)) if *p == self.place && same(k, kind) && same(w, when) => Some(*id),
            _ => self.seen_election_elsewhere(kind, when, start),
        }
    }

    /// The search past the last hit: from there onwards, then from the start (no division
    /// per step).
    #[inline(never)]
    fn seen_election_elsewhere(&self, kind: &[u8], when: &[u8], start: usize) -> Option<u16> {
        let n = self.elections_seen.len();
        let start = start.min(n);
        let hit = |i: usize| {
            let (p, k, w, id) = &self.elections_seen[i];
            (*p == self.place && same(k, kind) && same(w, when)).then_some(*id)
        };
        (start + 1..n)
            .chain(0..start)
            .find_map(|i| hit(i).inspect(|_| self.last_seen.set(i)))
    }

    /// Remembers what a (kind, date) cell pair resolved to.
    pub(crate) fn remember_election(&mut self, kind: &[u8], when: &[u8], id: u16) {
        if self.elections_seen.len() < 256 {
            self.elections_seen
                .push((self.place, kind.to_vec(), when.to_vec(), id));
        }
    }
}

/// Per-file parsing state: caches that make repeated cells cost a comparison.
pub(crate) struct FileCtx {
    pub latin1: bool,
    /// The place of the row being read: the file's, or the row's place cell.
    pub place: u16,
    /// The file's place, where a row names none.
    pub file_place: u16,
    /// The last place cell read and what it gave.
    pub last_place: Option<(Vec<u8>, u16)>,
    /// (place, kind cell, date or year cell, election) seen in this file (a few dozen at most
    /// kept), so files cycling through elections row by row resolve each cell pair once.
    elections_seen: Vec<(u16, Vec<u8>, Vec<u8>, u16)>,
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
    /// The day and kind the file's name (or its mapping) gives, for formats whose rows name
    /// no election.
    pub file_when: Option<(NaiveDate, Kind)>,
    /// Why `file_when` is unknown, for the problem on each row that needs it.
    pub file_when_missing: String,
    /// Vote types (`A`, `M`, ...) seen in this file: their index is a row's part.
    parts: Vec<Vec<u8>>,
    last_precinct: Option<(Vec<u8>, (WardId, u16))>,
    /// Rows whose precinct is no place on the map: counted in the place's total only.
    pub not_by_ward: u64,
    /// Turnout pseudo-office rows waiting for their partner (registered, ballots), by
    /// (election, ward, division): OpenElections gives them on separate rows.
    pub pending: HashMap<(u16, WardId, u16), PendingTurnout>,
}

/// A precinct's turnout as its pseudo-office rows give it: (value, line) of each.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PendingTurnout {
    pub registered: Option<(u64, u64)>,
    pub ballots: Option<(u64, u64)>,
}

impl FileCtx {
    /// Fresh caches for a file whose rows belong to `place` unless they say otherwise.
    pub(crate) fn new(place: u16) -> FileCtx {
        FileCtx {
            latin1: false,
            place,
            file_place: place,
            last_place: None,
            elections_seen: Vec::new(),
            last_seen: std::cell::Cell::new(0),
            last_ward: None,
            parties: Vec::new(),
            last_division: None,
            last_covered: None,
            covered: Coverage::default(),
            file_when: None,
            file_when_missing: String::new(),
            parts: Vec::new(),
            last_precinct: None,
            not_by_ward: 0,
            pending: HashMap::new(),
        }
    }

    /// From now on the file's cells are read as Latin-1: the cells kept from before were read
    /// as UTF-8, so they are forgotten (the same bytes may now read differently).
    pub(crate) fn read_as_latin1(&mut self) {
        self.latin1 = true;
        self.last_place = None;
        self.elections_seen.clear();
        self.last_seen.set(0);
        self.last_ward = None;
        self.parties.clear();
        self.last_division = None;
        self.last_precinct = None;
    }

    /// Marks an (election, ward) as covered by the file.
    pub(crate) fn cover(&mut self, election: u16, ward: WardId) {
        if self.last_covered != Some((election, ward)) {
            self.covered.add(election, ward);
            self.last_covered = Some((election, ward));
        }
    }

    /// The index of a vote type cell (`A`, `M`): rows of one key and different types add up.
    pub(crate) fn part(&mut self, col: usize, cell: &[u8]) -> Result<u8, (usize, ProblemKind)> {
        let cell = trim(cell);
        if let Some(i) = self.parts.iter().position(|p| same(p, cell)) {
            return Ok(i as u8 + 1);
        }
        if self.parts.len() >= 254 {
            return Err((col, ProblemKind::Capacity("vote types".into())));
        }
        self.parts.push(cell.to_vec());
        Ok(self.parts.len() as u8)
    }
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

impl Loader<'_> {
    /// A figure's key as users read it: `2017 primary ward 05 division 12 party DEM ballots`.
    pub(crate) fn describe_key(&self, k: Key) -> String {
        let (place, e) = &self.elections[k.election as usize];
        let mut s = format!(
            "{} {} {} ward {}",
            self.places[*place as usize],
            e.year(),
            e.kind,
            k.ward
        );
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

    /// Interns an election of a place.
    pub(crate) fn election_id(
        &mut self,
        place: u16,
        election: Election,
    ) -> Result<u16, ProblemKind> {
        let key = (place, election);
        if let Some(&id) = self.election_index.get(&key) {
            return Ok(id);
        }
        if self.elections.len() >= MAX_ELECTIONS {
            return Err(ProblemKind::Capacity("elections".into()));
        }
        let id = self.elections.len() as u16;
        self.elections.push(key.clone());
        self.election_index.insert(key, id);
        Ok(id)
    }

    /// Interns a place by name (case and spacing ignored; the first spelling is kept).
    pub(crate) fn place_id(&mut self, name: &str) -> u16 {
        let shown = crate::data::results::names::collapse_spaces(name);
        let key = shown.to_lowercase();
        if let Some(&id) = self.place_index.get(&key) {
            return id;
        }
        let id = u16::try_from(self.places.len()).unwrap_or(u16::MAX);
        if id == u16::MAX {
            return 0;
        }
        self.places.push(shown);
        self.place_index.insert(key, id);
        id
    }

    /// The place of a row from its place (or, with `county`, its county) cell, cached per
    /// file; an empty cell is the file's place.
    pub(crate) fn row_place(&mut self, ctx: &mut FileCtx, cell: &[u8], county: bool) -> u16 {
        if trim(cell).is_empty() {
            return ctx.file_place;
        }
        if let Some((c, p)) = &ctx.last_place
            && same(c, cell)
        {
            return *p;
        }
        let name = text(cell, ctx.latin1);
        let p = if county {
            self.place_id(&crate::data::place::county(&name))
        } else {
            self.place_id(&name)
        };
        ctx.last_place = Some((cell.to_vec(), p));
        p
    }

    /// Resolves an election from a name/kind cell and a date (or year) cell, cached per file.
    #[inline]
    pub(crate) fn election(
        &mut self,
        ctx: &mut FileCtx,
        kind_cell: (usize, &[u8]),
        when: (When, &[u8]),
    ) -> Result<u16, CellError> {
        match ctx.seen_election(kind_cell.1, when.1) {
            Some(id) => Ok(id),
            None => self.new_election(ctx, kind_cell, when),
        }
    }

    /// An election not seen in this file yet: read, interned and remembered.
    #[inline(never)]
    fn new_election(
        &mut self,
        ctx: &mut FileCtx,
        kind_cell: (usize, &[u8]),
        when: (When, &[u8]),
    ) -> Result<u16, CellError> {
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
            .election_id(ctx.place, Election { date, kind })
            .map_err(|k| (kind_cell.0, k))?;
        ctx.remember_election(kind_cell.1, when.1, id);
        Ok(id)
    }

    /// Resolves an election named `YYYY primary` with no date, from the calendar.
    pub(crate) fn election_by_name(
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
            .election_id(ctx.place, Election { date, kind })
            .map_err(|k| (col, k))?;
        ctx.remember_election(cell, b"", id);
        Ok(id)
    }

    #[inline]
    pub(crate) fn ward(ctx: &mut FileCtx, col: usize, cell: &[u8]) -> Result<WardId, CellError> {
        match &ctx.last_ward {
            Some((c, w)) if same(c, cell) => Ok(*w),
            _ => Self::new_ward(ctx, col, cell),
        }
    }

    /// A ward cell unlike the row before's.
    #[inline(never)]
    fn new_ward(ctx: &mut FileCtx, col: usize, cell: &[u8]) -> Result<WardId, CellError> {
        let w = ids::parse_ward(&text(cell, ctx.latin1)).map_err(|e| (col, e.into()))?;
        ctx.last_ward = Some((cell.to_vec(), w));
        Ok(w)
    }

    #[inline]
    pub(crate) fn party(
        &mut self,
        ctx: &mut FileCtx,
        col: usize,
        cell: &[u8],
    ) -> Result<u8, CellError> {
        match ctx.parties.iter().find(|(c, _)| same(c, cell)) {
            Some((_, p)) => Ok(*p),
            None => self.new_party(ctx, col, cell),
        }
    }

    /// A party cell not seen in this file yet.
    #[inline(never)]
    fn new_party(&mut self, ctx: &mut FileCtx, col: usize, cell: &[u8]) -> Result<u8, CellError> {
        let label = text(cell, ctx.latin1).trim().to_ascii_uppercase();
        let id = self.party_id(label).map_err(|k| (col, k))?;
        if ctx.parties.len() < 64 {
            ctx.parties.push((cell.to_vec(), id));
        }
        Ok(id)
    }

    /// Interns a party label (upper case); 0 is "not split by party".
    pub(crate) fn party_id(&mut self, label: String) -> Result<u8, ProblemKind> {
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

    /// The election the file's name (or mapping) gives, in the row's place.
    pub(crate) fn file_election(
        &mut self,
        ctx: &mut FileCtx,
        col: usize,
    ) -> Result<u16, CellError> {
        if let Some(id) = ctx.seen_election(b"\0file", b"") {
            return Ok(id);
        }
        let Some((date, kind)) = ctx.file_when else {
            return Err((
                col,
                ProblemKind::NoElectionInName(ctx.file_when_missing.clone()),
            ));
        };
        let id = self
            .election_id(ctx.place, Election { date, kind })
            .map_err(|k| (col, k))?;
        ctx.remember_election(b"\0file", b"", id);
        Ok(id)
    }

    /// The election held on the day a cell names (files without an election column).
    pub(crate) fn election_on_day(
        &mut self,
        ctx: &mut FileCtx,
        col: usize,
        cell: &[u8],
    ) -> Result<u16, CellError> {
        if let Some(id) = ctx.seen_election(b"", cell) {
            return Ok(id);
        }
        let t = text(cell, ctx.latin1);
        let date = parse_date(&t).ok_or((col, ProblemKind::BadDate(t.trim().to_string())))?;
        let kind = self
            .calendar
            .kind_on(date)
            .ok_or((col, ProblemKind::NoElectionOnDay(date)))?;
        let id = self
            .election_id(ctx.place, Election { date, kind })
            .map_err(|k| (col, k))?;
        ctx.remember_election(b"", cell, id);
        Ok(id)
    }

    /// A division cell (`05-12`, `0512`, or a plain number within `ward`).
    #[inline]
    pub(crate) fn division(
        ctx: &mut FileCtx,
        col: usize,
        cell: &[u8],
        ward: Option<WardId>,
    ) -> Result<(WardId, u16), CellError> {
        match &ctx.last_division {
            Some((c, w, id)) if *w == ward && same(c, cell) => Ok(*id),
            _ => Self::new_division(ctx, col, cell, ward),
        }
    }

    /// A division cell unlike the row before's.
    #[inline(never)]
    fn new_division(
        ctx: &mut FileCtx,
        col: usize,
        cell: &[u8],
        ward: Option<WardId>,
    ) -> Result<(WardId, u16), CellError> {
        let id = match ids::division_fast(cell, ward) {
            Some(id) => id,
            None => ids::parse_division(&text(cell, ctx.latin1), ward)
                .map_err(|e: IdError| (col, e.into()))?,
        };
        // The cache's buffer is reused: a file of divisions misses on nearly every row.
        match &mut ctx.last_division {
            Some((c, w, last)) => {
                c.clear();
                c.extend_from_slice(cell);
                (*w, *last) = (ward, id);
            }
            None => ctx.last_division = Some((cell.to_vec(), ward, id)),
        }
        Ok(id)
    }

    /// A precinct name split into ward and division by the built-in rules (`01-01`, `0101`,
    /// `Reading 1-1`, `Alsace Twp 1`, a bare town); a precinct that is no place on the map
    /// (`2nd Congressional`) counts in the place's total only.
    pub(crate) fn precinct(
        ctx: &mut FileCtx,
        col: usize,
        cell: &[u8],
    ) -> Result<(WardId, u16), CellError> {
        if let Some((c, id)) = &ctx.last_precinct
            && same(c, cell)
        {
            if !id.0.is_ward() {
                ctx.not_by_ward += 1;
            }
            return Ok(*id);
        }
        let t = text(cell, ctx.latin1);
        let id = match precinct::split(&t) {
            Ok(p) => {
                let ward = match p.ward {
                    precinct::Ward::Number(n) if n <= WardId::MAX_NUMBER => WardId(n),
                    precinct::Ward::Number(_) => {
                        return Err((col, IdError::WardOutOfRange(t.trim().to_string()).into()));
                    }
                    precinct::Ward::Named(name) => WardId::named(&name)
                        .ok_or((col, ProblemKind::Capacity("named wards".into())))?,
                };
                (ward, p.division)
            }
            Err(precinct::PrecinctError::NotGeographic(_)) => (WardId::NOT_BY_WARD, 0),
            Err(e) => return Err((col, ProblemKind::BadPrecinct(e.to_string()))),
        };
        if !id.0.is_ward() {
            ctx.not_by_ward += 1;
        }
        ctx.last_precinct = Some((cell.to_vec(), id));
        Ok(id)
    }
}
