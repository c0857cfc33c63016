//! One data row of a file into the loader: field count, size and encoding checks, the row's
//! place, the format's reading; and the recovery of the rows a stray quote swallowed.

use super::fields::Fields;
use super::{FileCtx, Loader};
use crate::data::formats::{Header, Layout, Row};
use crate::data::input::MAX_FIELD_BYTES;
use crate::data::problem::ProblemKind;

/// What the rows of one file are read with.
pub(super) struct FileIn<'a> {
    pub header: &'a Header,
    pub layout: &'a Layout,
    /// The column naming each row's place, and whether it names a county.
    pub place_column: Option<(usize, bool)>,
    /// The file (index into the loader's files).
    pub file: u16,
}

/// Line breaks in a record's bytes (`\r\n` counts once, a lone `\r` too).
fn breaks(bytes: &[u8]) -> u64 {
    let lf = memchr::memchr_iter(b'\n', bytes).count() as u64;
    let lone_cr = memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .count() as u64;
    lf + lone_cr
}

impl Loader<'_> {
    /// Takes one record read at `line`: returns how many rows it was read as (more than one
    /// when a stray quote had joined lines) and how many of them were left out.
    pub(super) fn take_row(
        &mut self,
        f: &FileIn,
        ctx: &mut FileCtx,
        rec: Fields<'_>,
        line: u64,
    ) -> (u64, u64) {
        match self.row(f, ctx, rec, line) {
            Ok(()) => (1, 0),
            // A record over several lines that does not read: a quote opened and never closed
            // (or closed lines later) joined them. Say so, and read those lines again.
            Err(_) if breaks(rec.as_slice()) > 0 => self.recover(f, ctx, rec, line),
            Err((col, kind)) => {
                self.row_problem(line, col, f.header, kind);
                (1, 1)
            }
        }
    }

    /// Checks and reads one row; the column and problem where it is left out.
    fn row(
        &mut self,
        f: &FileIn,
        ctx: &mut FileCtx,
        rec: Fields<'_>,
        line: u64,
    ) -> Result<(), (Option<usize>, ProblemKind)> {
        let width = f.header.len();
        if let Layout::Mapped(m) = f.layout {
            let row = Row {
                rec,
                line,
                file: f.file,
            };
            if m.skips(&row) {
                let report = &mut self.files[f.file as usize];
                report.rows_skipped += 1;
                if report.skipped_lines.len() < 5 {
                    report.skipped_lines.push(line);
                }
                return Ok(());
            }
        }
        if rec.len() != width {
            return Err((
                None,
                ProblemKind::WrongFieldCount {
                    expected: width,
                    found: rec.len(),
                },
            ));
        }
        if rec.as_slice().len() > MAX_FIELD_BYTES
            && let Some((i, big)) = rec
                .iter()
                .enumerate()
                .find(|(_, f)| f.len() > MAX_FIELD_BYTES)
        {
            return Err((Some(i), ProblemKind::FieldTooLarge(big.len())));
        }
        if !ctx.latin1 && !rec.as_slice().is_ascii() && std::str::from_utf8(rec.as_slice()).is_err()
        {
            let name = self.files[f.file as usize].name.clone();
            self.note_latin1(&name, ctx, rec, line);
        }
        let row = Row {
            rec,
            line,
            file: f.file,
        };
        ctx.place = match f.place_column {
            Some((col, county)) => self.row_place(ctx, row.cell(col), county),
            None => ctx.file_place,
        };
        f.layout
            .read(&row, self, ctx)
            .map_err(|(col, kind)| (Some(col), kind))
    }

    /// Reads again the lines a quote joined into one record at `line`: the record's own line
    /// is left out (its quote opened there), and every line after it is read as a row of its
    /// own, with its own line number. Returns (rows read, rows left out).
    fn recover(&mut self, f: &FileIn, ctx: &mut FileCtx, rec: Fields<'_>, line: u64) -> (u64, u64) {
        // The break ending the file's last line is no line of its own.
        let mut bytes = rec.as_slice();
        while let [rest @ .., b'\n' | b'\r'] = bytes {
            bytes = rest;
        }
        let span = breaks(bytes);
        // The field holding the line breaks is the quoted one; what follows its first break
        // is the text of the next lines (the fields after it, where the quote closed, end the
        // last of them).
        let Some(i) = rec.iter().position(|x| breaks(x) > 0) else {
            return (1, 1);
        };
        let field = rec.get(i).unwrap_or(b"");
        let cut = field
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(field.len());
        let mut after = cut + 1;
        if field.get(cut) == Some(&b'\r') && field.get(cut + 1) == Some(&b'\n') {
            after += 1;
        }
        let mut text = field[after.min(field.len())..].to_vec();
        for rest in rec.iter().skip(i + 1) {
            text.push(b',');
            text.extend_from_slice(rest);
        }
        self.row_problem(
            line,
            Some(i),
            f.header,
            ProblemKind::RunawayQuote {
                to: line + span,
                lines: span + 1,
            },
        );
        let (mut read, mut left_out) = (1, 1);
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_slice());
        let mut part = csv::ByteRecord::new();
        loop {
            match rdr.read_byte_record(&mut part) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let at = e.position().map_or(line + 1, |p| line + p.line());
                    self.row_problem(at, None, f.header, ProblemKind::Csv(e.to_string()));
                    read += 1;
                    left_out += 1;
                    continue;
                }
            }
            let at = line + part.position().map_or(1, csv::Position::line);
            let (r, l) = self.take_row(f, ctx, Fields::Record(&part), at);
            read += r;
            left_out += l;
        }
        (read, left_out)
    }
}

#[cfg(test)]
mod tests {
    use super::breaks;

    #[test]
    fn line_breaks_count_crlf_once() {
        assert_eq!(breaks(b"a\r\nb\nc\rd"), 3);
        assert_eq!(breaks(b"abc"), 0);
    }
}
