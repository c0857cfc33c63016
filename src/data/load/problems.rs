//! What the loader says of a file's bad rows and lines: file, line and column, a file's first
//! `MAX_PROBLEMS_PER_FILE` problems listed and the rest counted.

use super::{Fields, FileCtx, Key, Loader, MAX_LINE_BYTES, MAX_PROBLEMS_PER_FILE};
use crate::data::formats::Header;
use crate::data::input::LineTooLong;
use crate::data::problem::{Location, Problem, ProblemKind};

impl Loader<'_> {
    pub(super) fn note_latin1(
        &mut self,
        name: &str,
        ctx: &mut FileCtx,
        rec: Fields<'_>,
        line: u64,
    ) {
        ctx.read_as_latin1();
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

    pub(super) fn csv_error(&mut self, name: &str, e: csv::Error) {
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
    pub(super) fn row_problem(
        &mut self,
        line: u64,
        col: Option<usize>,
        header: &Header,
        kind: ProblemKind,
    ) {
        let column = col.map(|c| (c + 1, header.name(c).to_string()));
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
}
