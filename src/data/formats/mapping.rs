//! Mapping files (`NAME.turnout.toml` beside `NAME.csv`, or `--map FILE`): what the columns of
//! a layout no built-in format fits mean, or the place, day and kind a file's rows leave out.

use super::{Figure, Header, Row};
use crate::data::cells::{parse_date, text};
use crate::data::load::{CellError, FileCtx, Loader};
use crate::data::model::{Kind, Measure, WardId};
use crate::data::problem::ProblemKind;
use crate::data::results::raw::Vote;
use chrono::NaiveDate;
use regex::Regex;
use serde::Deserialize;

/// A mapping file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    place: Option<String>,
    date: Option<toml::Spanned<String>>,
    date_column: Option<String>,
    kind: Option<toml::Spanned<String>>,
    kind_column: Option<String>,
    columns: Option<ColumnNames>,
    rows: Option<Rows>,
    constants: Option<Constants>,
}

/// `[columns]`: role = header text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnNames {
    ward: Option<String>,
    division: Option<String>,
    precinct: Option<String>,
    registered: Option<String>,
    ballots: Option<String>,
    top_race_votes: Option<String>,
    office: Option<String>,
    district: Option<String>,
    party: Option<String>,
    candidate: Option<String>,
    votes: Option<String>,
}

/// `[rows]`: which rows to read, and how a precinct splits.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rows {
    skip_unless: Option<SkipUnless>,
    precinct_pattern: Option<toml::Spanned<String>>,
}

/// Rows whose cell in `column` does not match `matches` are skipped (counted, not errors).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkipUnless {
    column: String,
    matches: toml::Spanned<String>,
}

/// `[constants]`: values every row shares.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Constants {
    party: Option<String>,
    office: Option<String>,
    district: Option<String>,
}

/// A mapping, read and checked.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// Where it was read from.
    pub path: String,
    /// The place of every row.
    pub place: Option<String>,
    /// The election day, where every row has the same.
    pub date: Option<NaiveDate>,
    /// The election's kind.
    pub kind: Option<Kind>,
    file: File,
    skip: Option<(String, Regex)>,
    pattern: Option<Regex>,
}

/// 1-based line of a byte offset in a text.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl Mapping {
    /// Reads a mapping from its text.
    ///
    /// # Errors
    /// `path:line: what is wrong`, for TOML syntax, an unknown key, a bad date, kind or regular
    /// expression.
    pub fn parse(path: &str, source: &str) -> Result<Mapping, String> {
        let at = |offset: usize, msg: &str| format!("{path}:{}: {msg}", line_of(source, offset));
        let file: File = toml::from_str(source).map_err(|e| {
            let msg = e.message().to_string();
            match e.span() {
                Some(s) => at(s.start, &msg),
                None => format!("{path}: {msg}"),
            }
        })?;
        let date = match &file.date {
            Some(d) => Some(parse_date(d.get_ref()).ok_or_else(|| {
                at(
                    d.span().start,
                    &format!("date {:?} is not YYYY-MM-DD", d.get_ref()),
                )
            })?),
            None => None,
        };
        let kind = match &file.kind {
            Some(k) => Some(Kind::parse(k.get_ref()).ok_or_else(|| {
                at(
                    k.span().start,
                    &format!(
                        "kind {:?}: expected primary, general, special or runoff",
                        k.get_ref()
                    ),
                )
            })?),
            None => None,
        };
        let regex = |s: &toml::Spanned<String>| {
            Regex::new(s.get_ref()).map_err(|e| at(s.span().start, &format!("bad pattern: {e}")))
        };
        let rows = file.rows.clone().unwrap_or_default();
        let skip = match &rows.skip_unless {
            Some(s) => Some((s.column.clone(), regex(&s.matches)?)),
            None => None,
        };
        let pattern = match &rows.precinct_pattern {
            Some(p) => {
                let re = regex(p)?;
                let names: Vec<&str> = re.capture_names().flatten().collect();
                if !names.contains(&"ward") {
                    return Err(at(
                        p.span().start,
                        "precinct_pattern needs a named group (?P<ward>...), and may have (?P<division>...)",
                    ));
                }
                Some(re)
            }
            None => None,
        };
        Ok(Mapping {
            path: path.to_string(),
            place: file.place.clone(),
            date,
            kind,
            file,
            skip,
            pattern,
        })
    }

    /// Whether the mapping describes the columns (else it only names place, day and kind).
    pub fn has_columns(&self) -> bool {
        self.file.columns.is_some()
    }

    /// The columns of a header, by the mapping's names (case and surrounding spaces ignored).
    ///
    /// # Errors
    /// Which named column the header lacks, or which roles are missing.
    pub fn columns_of(&self, h: &Header) -> Result<Columns, String> {
        let names = self.file.columns.clone().unwrap_or_default();
        let find = |role: &str, name: &Option<String>| -> Result<Option<usize>, String> {
            match name {
                None => Ok(None),
                Some(n) => h.col(&super::normalise_header(n)).map(Some).ok_or_else(|| {
                    format!(
                        "{}: [columns] {role} = {n:?} is not in the header",
                        self.path
                    )
                }),
            }
        };
        let mut c = Columns {
            ward: find("ward", &names.ward)?,
            division: find("division", &names.division)?,
            precinct: find("precinct", &names.precinct)?,
            registered: find("registered", &names.registered)?,
            ballots: find("ballots", &names.ballots)?,
            top_race_votes: find("top_race_votes", &names.top_race_votes)?,
            office: find("office", &names.office)?,
            district: find("district", &names.district)?,
            party: find("party", &names.party)?,
            candidate: find("candidate", &names.candidate)?,
            votes: find("votes", &names.votes)?,
            date_column: find("date_column", &self.file.date_column)?,
            kind_column: find("kind_column", &self.file.kind_column)?,
            kind: self.kind,
            skip: None,
            pattern: self.pattern.clone(),
            constants: self.file.constants.clone().unwrap_or_default(),
        };
        if let Some((col, re)) = &self.skip {
            let at = find("skip_unless column", &Some(col.clone()))?.unwrap_or(0);
            c.skip = Some((at, re.clone()));
        }
        if c.ward.is_none() && c.precinct.is_none() {
            return Err(format!(
                "{}: [columns] needs ward (with division) or precinct",
                self.path
            ));
        }
        let turnout = c.ballots.is_some() || c.top_race_votes.is_some();
        let results = c.candidate.is_some() && c.votes.is_some();
        if !turnout && !results {
            return Err(format!(
                "{}: [columns] needs ballots (or top_race_votes), or candidate and votes",
                self.path
            ));
        }
        if results && c.office.is_none() && c.constants.office.is_none() {
            return Err(format!(
                "{}: results need an office column or [constants] office",
                self.path
            ));
        }
        if c.date_column.is_none() && self.date.is_none() {
            return Err(format!("{}: give date or date_column", self.path));
        }
        Ok(c)
    }
}

/// A mapped layout: the positions of each role's column.
#[derive(Debug, Clone)]
pub struct Columns {
    ward: Option<usize>,
    division: Option<usize>,
    precinct: Option<usize>,
    registered: Option<usize>,
    ballots: Option<usize>,
    top_race_votes: Option<usize>,
    office: Option<usize>,
    district: Option<usize>,
    party: Option<usize>,
    candidate: Option<usize>,
    votes: Option<usize>,
    /// The date column, where rows carry their own day.
    pub(super) date_column: Option<usize>,
    kind_column: Option<usize>,
    /// The mapping's kind, for rows that carry only their day.
    kind: Option<Kind>,
    skip: Option<(usize, Regex)>,
    pattern: Option<Regex>,
    constants: Constants,
}

impl Columns {
    /// Whether a row is one the mapping skips (`[rows] skip_unless`).
    pub(crate) fn skips(&self, row: &Row<'_>) -> bool {
        match &self.skip {
            Some((col, re)) => {
                let cell = String::from_utf8_lossy(row.cell(*col));
                !re.is_match(cell.trim())
            }
            None => false,
        }
    }

    /// The ward and division of a row.
    fn place_in_place(&self, row: &Row<'_>, ctx: &mut FileCtx) -> Result<(WardId, u16), CellError> {
        if let (Some(p), Some(re)) = (self.precinct, &self.pattern) {
            let t = text(row.cell(p), ctx.latin1);
            let caps = re.captures(t.trim()).ok_or_else(|| {
                (
                    p,
                    ProblemKind::BadId(crate::data::ids::IdError::NotAnId(t.trim().to_string())),
                )
            })?;
            let ward_text = caps.name("ward").map_or("", |m| m.as_str());
            let ward =
                crate::data::ids::parse_ward_or_name(ward_text).map_err(|e| (p, e.into()))?;
            let division = match caps.name("division") {
                Some(d) => Loader::division(ctx, p, d.as_str().as_bytes(), Some(ward))?.1,
                None => 0,
            };
            return Ok((ward, division));
        }
        if let Some(p) = self.precinct {
            return Loader::precinct(ctx, p, row.cell(p));
        }
        let wc = self.ward.unwrap_or(0);
        let w = Loader::ward(ctx, wc, row.cell(wc))?;
        match row.present(self.division) {
            Some(d) => Loader::division(ctx, d, row.cell(d), Some(w)),
            None => Ok((w, 0)),
        }
    }

    /// What a row means: a ward's or division's turnout, or a candidate's votes, or both.
    pub(super) fn read(
        &self,
        row: &Row<'_>,
        l: &mut Loader<'_>,
        ctx: &mut FileCtx,
    ) -> Result<(), CellError> {
        let election = match (self.date_column, self.kind_column) {
            (Some(d), Some(k)) => {
                l.election(ctx, (k, row.cell(k)), (super::When::Date(d), row.cell(d)))?
            }
            (Some(d), None) => match self.kind {
                Some(kind) => {
                    let t = text(row.cell(d), ctx.latin1);
                    let date =
                        parse_date(&t).ok_or((d, ProblemKind::BadDate(t.trim().to_string())))?;
                    l.election_id(ctx.place, crate::data::model::Election { date, kind })
                        .map_err(|k| (d, k))?
                }
                None => l.election_on_day(ctx, d, row.cell(d))?,
            },
            _ => l.file_election(ctx, 0)?,
        };
        let (ward, division) = self.place_in_place(row, ctx)?;
        let mut any = false;
        let measure = match (self.ballots, self.top_race_votes) {
            (Some(b), _) => Some((b, Measure::Ballots)),
            (None, Some(t)) => Some((t, Measure::TopRaceVotes)),
            _ => None,
        };
        if let Some((c, measure)) = measure.filter(|(c, _)| row.present(Some(*c)).is_some()) {
            let registered = match row.present(self.registered) {
                Some(r) => Some(row.count(r)?),
                None => None,
            };
            let party = match self.party {
                Some(p) if self.candidate.is_none() => l.party(ctx, p, row.cell(p))?,
                _ => 0,
            };
            let figure = Figure {
                election,
                ward,
                division,
                party,
                registered,
                count: row.count(c)? as f64,
                measure,
                count_col: Some(c),
            };
            l.add_figure(ctx, row, figure)?;
            any = true;
        }
        if let (Some(cand), Some(v)) = (self.candidate, self.votes) {
            fn constant(o: &Option<String>) -> Option<&[u8]> {
                o.as_deref().map(str::as_bytes)
            }
            let office = match self.office {
                Some(o) => (o, row.cell(o)),
                None => (cand, constant(&self.constants.office).unwrap_or(b"")),
            };
            let vote = Vote {
                election,
                ward,
                division,
                office,
                district: self
                    .district
                    .map(|d| row.cell(d))
                    .or(constant(&self.constants.district))
                    .unwrap_or(b""),
                party: self
                    .party
                    .map(|p| row.cell(p))
                    .or(constant(&self.constants.party))
                    .unwrap_or(b""),
                candidate: (cand, row.cell(cand)),
                votes: row.count(v)?,
                source: b"",
                part: 0,
                seats: None,
            };
            l.add_vote(ctx, row, vote)?;
            any = true;
        }
        if any {
            Ok(())
        } else {
            Err((
                self.ballots.or(self.votes).unwrap_or(0),
                ProblemKind::MissingValue,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHICAGO: &str = r#"
place = "Chicago"
date = "2011-02-22"
kind = "general"
[columns]
ward = "Ward"
division = "Precinct"
registered = "Register Voters"
ballots = "Ballots Cast"
[rows]
skip_unless = { column = "Precinct", matches = '^\d+$' }
"#;

    #[test]
    fn the_documented_form_reads() {
        let m = Mapping::parse("chi.turnout.toml", CHICAGO).unwrap();
        assert_eq!(m.place.as_deref(), Some("Chicago"));
        assert_eq!(m.kind, Some(Kind::General));
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2011, 2, 22));
        let h = Header::new(
            "ward,Precinct,Register Voters,Ballots Cast,Turnout %"
                .split(',')
                .map(String::from)
                .collect(),
        );
        let c = m.columns_of(&h).unwrap();
        assert_eq!(
            (c.ward, c.division, c.registered, c.ballots),
            (Some(0), Some(1), Some(2), Some(3))
        );
    }

    /// The form the project's issue gives, to the letter.
    const ISSUE_FORM: &str = r#"place = "Chicago"
date = "2019-02-26"        # or: date_column = "Date"
kind = "general"           # primary | general | special | runoff (add runoff as a kind)
[columns]                  # role = header text (case and surrounding spaces ignored)
ward = "Ward"
division = "Precinct"      # or: precinct = "Precinct" with precinct_pattern below
registered = "Register Voters"
ballots = "Ballots Cast"
# results layouts use: office, district, party, candidate, votes
[rows]
skip_unless = { column = "Precinct", matches = '^\d+$' }   # rows failing it are skipped, counted, not errors
# precinct_pattern = '^(?P<ward>\d+)-(?P<division>\d+)$'   # named groups ward and division
# constants: party = "DEM", office = "Mayor"
"#;

    #[test]
    fn the_issue_form_reads_and_so_do_patterns_and_constants() {
        let m = Mapping::parse("m.toml", ISSUE_FORM).unwrap();
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2019, 2, 26));
        assert!(m.has_columns());
        let with_pattern = ISSUE_FORM
            .replace("# precinct_pattern", "precinct_pattern")
            .replace("division = \"Precinct\"", "precinct = \"Precinct\"")
            + "[constants]\nparty = \"DEM\"\noffice = \"Mayor\"\n";
        let m = Mapping::parse("m.toml", &with_pattern).unwrap();
        assert!(m.pattern.is_some());
        let h = Header::new(vec![
            "Ward".into(),
            "Precinct".into(),
            "Register Voters".into(),
            "Ballots Cast".into(),
        ]);
        let c = m.columns_of(&h).unwrap();
        assert_eq!(c.constants.office.as_deref(), Some("Mayor"));
        assert_eq!(c.precinct, Some(1));
    }

    #[test]
    fn each_kind_of_bad_key_names_its_line() {
        let unknown = "place = \"X\"\ndate = \"2019-02-26\"\ncolour = \"red\"\n";
        let e = Mapping::parse("m.toml", unknown).unwrap_err();
        assert!(e.starts_with("m.toml:3: unknown field `colour`"), "{e}");
        let nested = "date = \"2019-02-26\"\n[columns]\nward = \"W\"\nwrd = \"x\"\n";
        let e = Mapping::parse("m.toml", nested).unwrap_err();
        assert!(e.starts_with("m.toml:4: unknown field `wrd`"), "{e}");
        let date = "date = \"Feb 26\"\n";
        let e = Mapping::parse("m.toml", date).unwrap_err();
        assert!(e.starts_with("m.toml:1: date \"Feb 26\""), "{e}");
        let kind = "\n\nkind = \"municipal\"\n";
        let e = Mapping::parse("m.toml", kind).unwrap_err();
        assert!(e.starts_with("m.toml:3: kind \"municipal\""), "{e}");
        let re = "[rows]\nskip_unless = { column = \"P\", matches = '^(\\d+$' }\n";
        let e = Mapping::parse("m.toml", re).unwrap_err();
        assert!(e.starts_with("m.toml:2: bad pattern"), "{e}");
        let groups = "[rows]\nprecinct_pattern = '^(\\d+)-(\\d+)$'\n";
        let e = Mapping::parse("m.toml", groups).unwrap_err();
        assert!(
            e.contains("m.toml:2: precinct_pattern needs a named group"),
            "{e}"
        );
        let syntax = "place = \n";
        let e = Mapping::parse("m.toml", syntax).unwrap_err();
        assert!(e.starts_with("m.toml:1:"), "{e}");
        // A column the header lacks is named.
        let m = Mapping::parse("m.toml", CHICAGO).unwrap();
        let h = Header::new(vec!["Ward".into(), "Pct".into()]);
        assert!(
            m.columns_of(&h)
                .unwrap_err()
                .contains("division = \"Precinct\" is not in the header")
        );
    }
}
