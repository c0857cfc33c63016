//! A file's CSV records as the csv crate reads them (the same fields, the same lines), in less
//! time: a line with no quote and no lone `\r` is split at its commas where it lies in the
//! buffer; any other line, and a line the buffer cannot hold whole, go through csv-core's
//! parser (made when first needed), as the csv crate would send them.

use super::fields::{Flat, footprint};
use crate::data::input::Input;
use std::io::Read;

/// The largest buffer, and the one a file of unknown size gets (what the csv reader was
/// given).
const BUFFER: usize = 1 << 16;

/// The smallest buffer a file's size gets it (its lines are split where they lie up to half of
/// it; longer ones go through the parser).
const SMALLEST_BUFFER: usize = 1 << 12;

/// What [`Tokens::read`] did.
pub(super) enum Next {
    /// A record was added to the batch.
    Added,
    /// A record whose fields take at least the `big` bytes asked for, as the csv crate reads
    /// it, and its line: not added.
    Big(csv::ByteRecord, u64),
    /// The file has no more records.
    End,
}

/// What [`Tokens::read_here`] read.
pub(super) enum Here<'a> {
    /// A line split here: its bytes where they lie in the buffer, and its line.
    Line(&'a [u8], u64),
    /// A record the parser read, added to the batch given.
    Added,
    /// As [`Next::Big`].
    Big(csv::ByteRecord, u64),
    /// The file has no more records.
    End,
}

/// Reads the records of a CSV (no header row set apart, rows of any length) from an [`Input`].
pub(super) struct Tokens<R> {
    input: Input<R>,
    buf: Vec<u8>,
    /// The bytes read but not yet parsed: `buf[start..end]`.
    start: usize,
    end: usize,
    /// Whether the input gave no more bytes.
    eof: bool,
    /// Whether the input failed: nothing more is read (as the csv crate does).
    failed: bool,
    /// The parser, made when a line first needs it (making it costs as much as splitting a
    /// few hundred lines).
    core: Option<csv_core::Reader>,
    /// Where the next record starts as the csv crate counts it: bytes parsed, and the line
    /// (one plus the `\n` parsed).
    byte: u64,
    line: u64,
    /// The parser's output for the record being read: its fields' bytes and ends.
    out: Vec<u8>,
    ends: Vec<usize>,
    /// How many of `ends` the last record parsed has.
    fields: usize,
    /// Where the first `"` or `\r` at or after `start` is (`usize::MAX`: none before `end`),
    /// while `special_known`: looked for once per read into the buffer, not once per line.
    special: usize,
    special_known: bool,
}

impl<R: Read> Tokens<R> {
    #[cfg(test)]
    pub fn new(input: Input<R>) -> Tokens<R> {
        Tokens::with_buffer(input, BUFFER)
    }

    /// For a file of about `size` bytes, where known: a small file gets a buffer its size
    /// (a 64 KB buffer is zeroed when made, which costs a 1,000-row file a few percent).
    /// A size of 0 is unknown: a pipe, `<(zcat ...)` or a `/proc` file says 0 and may hold
    /// megabytes.
    pub fn for_size(input: Input<R>, size: Option<u64>) -> Tokens<R> {
        let fits = size.filter(|&n| n > 0).map_or(BUFFER, |n| {
            usize::try_from(n).unwrap_or(BUFFER).saturating_add(1)
        });
        Tokens::with_buffer(input, fits.clamp(SMALLEST_BUFFER, BUFFER))
    }

    /// With a buffer of `size` bytes (tests use small ones, to cut lines at its end).
    fn with_buffer(input: Input<R>, size: usize) -> Tokens<R> {
        Tokens {
            input,
            buf: vec![0; size.max(1)],
            start: 0,
            end: 0,
            eof: false,
            failed: false,
            core: None,
            byte: 0,
            line: 1,
            out: vec![0; 1024],
            ends: vec![0; 64],
            fields: 0,
            special: 0,
            special_known: false,
        }
    }

    /// The input, for its encoding and lines.
    pub fn input(&self) -> &Input<R> {
        &self.input
    }

    /// Reads the next record into `batch`, or hands it over as read when its fields take `big`
    /// bytes or more (its bytes and bounds, as `Flat::footprint` counts them). After an I/O
    /// error nothing more is read.
    pub fn read(&mut self, batch: &mut Flat, big: usize) -> Result<Next, csv::Error> {
        match self.read_here(batch, big)? {
            Here::Line(text, line) => {
                batch.push_line(text, line);
                Ok(Next::Added)
            }
            Here::Added => Ok(Next::Added),
            Here::Big(rec, line) => Ok(Next::Big(rec, line)),
            Here::End => Ok(Next::End),
        }
    }

    /// Reads the next record: a line split here is handed back where it lies (read on one
    /// thread, it need not be copied), any other record as [`read`](Self::read) does.
    pub fn read_here(&mut self, batch: &mut Flat, big: usize) -> Result<Here<'_>, csv::Error> {
        if self.failed {
            return Ok(Here::End);
        }
        // The record's position is where the last one ended (blank lines before it included).
        let at = (self.byte, self.line);
        while let Some(step) = self.clean_line()? {
            let Some((from, to)) = step else { continue };
            let line = self.line_of(at);
            return Ok(Here::Line(&self.buf[from..to], line));
        }
        // Nothing left: the end, as the parser would say (it is at a record's start).
        if self.start == self.end && self.eof {
            return Ok(Here::End);
        }
        if !self.parse()? {
            return Ok(Here::End);
        }
        let line = self.line_of(at);
        let n = self.fields;
        let ends = &self.ends[..n];
        let bytes = &self.out[..ends.last().copied().unwrap_or(0)];
        let fields = ends.iter().scan(0, |from, &to| {
            let f = &bytes[*from..to];
            *from = to;
            Some(f)
        });
        if footprint(bytes.len(), n) >= big {
            let mut rec = csv::ByteRecord::with_capacity(bytes.len(), n);
            fields.for_each(|f| rec.push_field(f));
            return Ok(Here::Big(rec, line));
        }
        batch.push_fields(fields, line);
        Ok(Here::Added)
    }

    /// The next line if it can be split here: `Some(Some(bounds))` a record's bytes in the
    /// buffer, `Some(None)` a blank line passed over, `None` when the parser must read on
    /// (a quote, a lone `\r`, a line not whole in the buffer, or the end).
    #[allow(clippy::type_complexity)]
    fn clean_line(&mut self) -> Result<Option<Option<(usize, usize)>>, csv::Error> {
        let nl = loop {
            match memchr::memchr(b'\n', &self.buf[self.start..self.end]) {
                Some(i) => break self.start + i,
                // Room to read the rest of the line: move what is left to the front. Not when
                // it holds a `\r`: a record may end there, and the csv crate hands it over
                // before it reads again (and meets any error reading).
                None if !self.eof
                    && self.end - self.start < self.buf.len() / 2
                    && memchr::memchr(b'\r', &self.buf[self.start..self.end]).is_none() =>
                {
                    self.buf.copy_within(self.start..self.end, 0);
                    self.end -= self.start;
                    self.start = 0;
                    if self.fill()? == 0 {
                        return Ok(None);
                    }
                }
                None => return Ok(None),
            }
        };
        if !self.special_known || self.special < self.start {
            self.special = memchr::memchr2(b'"', b'\r', &self.buf[self.start..self.end])
                .map_or(usize::MAX, |i| self.start + i);
            self.special_known = true;
        }
        let len = nl - self.start;
        if self.special > nl {
            // A line ending `\n`: the parser takes the `\n` with the record.
            self.pass(len + 1, 1);
            Ok(Some((len > 0).then_some((nl - len, nl))))
        } else if self.special + 1 == nl && self.buf[self.special] == b'\r' {
            // A line ending `\r\n` (its first `"` or `\r` is the last byte): the parser ends
            // the record at the `\r`, and passes the `\n` over as a blank line when asked for
            // the next record.
            if len == 1 {
                self.pass(2, 1);
                return Ok(Some(None));
            }
            self.pass(len, 0);
            Ok(Some(Some((nl - len, nl - 1))))
        } else {
            Ok(None)
        }
    }

    /// The physical line of a record at `at` (the csv crate's byte and line).
    fn line_of(&mut self, at: (u64, u64)) -> u64 {
        let mut pos = csv::Position::new();
        pos.set_byte(at.0).set_line(at.1);
        self.input.record_line(&pos)
    }

    /// Passes `n` bytes holding `lines` line feeds.
    fn pass(&mut self, n: usize, lines: u64) {
        self.start += n;
        self.byte += n as u64;
        self.line += lines;
    }

    /// Reads more bytes after `end`; 0 at the end of the input. An error is kept: nothing is
    /// read after it.
    fn fill(&mut self) -> Result<usize, csv::Error> {
        // Bytes move or arrive: where the next quote is must be looked for again.
        self.special_known = false;
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
        match self.input.read(&mut self.buf[self.end..]) {
            Ok(0) => {
                self.eof = true;
                Ok(0)
            }
            Ok(n) => {
                self.end += n;
                Ok(n)
            }
            Err(e) => {
                self.failed = true;
                Err(csv::Error::from(e))
            }
        }
    }

    /// One record through csv-core's parser into `out` and `ends`; false at the end. Reads
    /// as the csv crate does: more bytes only once those read are parsed.
    fn parse(&mut self) -> Result<bool, csv::Error> {
        let mut core = match self.core.take() {
            Some(core) => core,
            None => {
                // Its first call would strip a UTF-8 byte order mark it sees whole; the csv
                // crate's never does (`Input` hands out the first two bytes alone), so the
                // mark stays in the first field either way (the formats strip it). A blank
                // line read first makes that call.
                let mut core = csv_core::Reader::new();
                let _ = core.read_record(b"\n", &mut self.out, &mut self.ends);
                core
            }
        };
        core.set_line(self.line);
        let read = self.parse_with(&mut core);
        self.core = Some(core);
        read
    }

    /// `parse`, with the parser taken out of `self` meanwhile.
    fn parse_with(&mut self, core: &mut csv_core::Reader) -> Result<bool, csv::Error> {
        use csv_core::ReadRecordResult as R;
        let (mut nout, mut nend) = (0, 0);
        loop {
            if self.start == self.end && !self.eof {
                self.fill()?;
            }
            let (res, nin, o, e) = core.read_record(
                &self.buf[self.start..self.end],
                &mut self.out[nout..],
                &mut self.ends[nend..],
            );
            self.start += nin;
            self.byte += nin as u64;
            self.line = core.line();
            nout += o;
            nend += e;
            match res {
                R::InputEmpty => {}
                R::OutputFull => self.out.resize(self.out.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::Record => {
                    self.fields = nend;
                    return Ok(true);
                }
                R::End => return Ok(false),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A reader that gives at most `chunk` bytes a call (as a pipe may).
    struct Chunked<'a> {
        bytes: &'a [u8],
        chunk: usize,
    }

    impl Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.chunk).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    /// Every record's fields and line as the csv crate reads them (through the same `Input`).
    fn by_csv(bytes: &[u8], chunk: usize) -> Vec<(Vec<Vec<u8>>, u64)> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(BUFFER)
            .from_reader(Input::new(Chunked { bytes, chunk }));
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            let line = rdr.get_mut().record_line(rec.position().unwrap());
            out.push((rec.iter().map(<[u8]>::to_vec).collect(), line));
        }
        out
    }

    /// The same through `Tokens` with a buffer of `size` bytes; records of `big` bytes or
    /// more handed over whole.
    fn by_tokens(bytes: &[u8], chunk: usize, size: usize, big: usize) -> Vec<(Vec<Vec<u8>>, u64)> {
        let mut tokens = Tokens::with_buffer(Input::new(Chunked { bytes, chunk }), size);
        let mut flat = Flat::default();
        let mut out = Vec::new();
        loop {
            flat.clear(0);
            match tokens.read(&mut flat, big).unwrap() {
                Next::Added => {
                    let (fields, line) = flat.get(0);
                    out.push((fields.iter().map(<[u8]>::to_vec).collect(), line));
                }
                Next::Big(rec, line) => out.push((rec.iter().map(<[u8]>::to_vec).collect(), line)),
                Next::End => return out,
            }
        }
    }

    #[test]
    fn lines_read_as_the_csv_crate_reads_them() {
        let cases: [&[u8]; 10] = [
            b"a,b\n1,2\n",
            b"a,b\r\n1,2\r\n\r\n3,4",
            b"\xef\xbb\xbfa,b\n1,2\n",
            b"a,b\n\n\n1,,2\n,\n",
            b"a\n\"x\ny\",2\n3,\"q\"\"q\"\n4\r5\n",
            b"a\r\r\n\n1\r\n",
            b"",
            b"\n\n",
            b"a,b\n1,2",
            b" \r\"\n",
        ];
        for text in cases {
            let want = by_csv(text, 1 << 20);
            for size in [1, 3, 8, BUFFER] {
                assert_eq!(
                    by_tokens(text, 1 << 20, size, usize::MAX),
                    want,
                    "{text:?} {size}"
                );
            }
        }
    }

    #[test]
    fn clean_lines_are_split_where_they_lie() {
        // The parser's output buffer starts at 1 KB and grows to hold a record: a long line
        // with no quote is split without it, so it stays as it was.
        let long = format!("a,b\n{},{}\n", "x".repeat(5000), "y".repeat(5000));
        let mut tokens = Tokens::new(Input::new(long.as_bytes()));
        let mut flat = Flat::default();
        for _ in 0..2 {
            assert!(matches!(
                tokens.read(&mut flat, usize::MAX),
                Ok(Next::Added)
            ));
        }
        assert_eq!(tokens.out.len(), 1024, "the parser read the clean line");
        assert_eq!(flat.get(1).0.get(1).map(<[u8]>::len), Some(5000));
        // A quote sends the line to the parser.
        let quoted = format!("a,b\n\"{}\",1\n", "x".repeat(5000));
        let mut tokens = Tokens::new(Input::new(quoted.as_bytes()));
        for _ in 0..2 {
            assert!(matches!(
                tokens.read(&mut flat, usize::MAX),
                Ok(Next::Added)
            ));
        }
        assert!(tokens.out.len() > 5000);
    }

    /// A reader that fails once it has given `ok` bytes (a device error, a pipe broken).
    struct Failing<'a> {
        bytes: &'a [u8],
        ok: usize,
    }

    impl Read for Failing<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.ok == 0 {
                return Err(std::io::Error::other("device error"));
            }
            let n = buf.len().min(self.ok).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            (self.bytes, self.ok) = (&self.bytes[n..], self.ok - n);
            Ok(n)
        }
    }

    #[test]
    fn a_record_ended_by_a_cr_is_handed_over_before_a_read_that_fails() {
        for (text, ok) in [(&b"h\r\na\r\nb\r\n"[..], 5), (b"h\nx,1\ry\n", 6)] {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .buffer_capacity(BUFFER)
                .from_reader(Input::new(Failing { bytes: text, ok }));
            let mut want = Vec::new();
            let mut rec = csv::ByteRecord::new();
            while let Ok(true) = rdr.read_byte_record(&mut rec) {
                want.push(rec.iter().map(<[u8]>::to_vec).collect::<Vec<_>>());
            }
            let mut tokens = Tokens::new(Input::new(Failing { bytes: text, ok }));
            let mut flat = Flat::default();
            let mut got = Vec::new();
            while let Ok(Next::Added) = tokens.read(&mut flat, usize::MAX) {
                let f = flat.get(flat.len() - 1).0;
                got.push(f.iter().map(<[u8]>::to_vec).collect::<Vec<_>>());
            }
            assert_eq!(got, want, "{text:?}");
            assert_eq!(got.len(), 2);
        }
    }

    proptest! {
        #[test]
        fn any_text_reads_as_the_csv_crate_reads_it(
            bom in any::<bool>(),
            body in prop::collection::vec(
                prop::sample::select(b"a1,,\"\r\n\n \xe9".to_vec()), 0..300),
            chunk in 1usize..40,
            big in prop::sample::select(vec![0usize, 20, usize::MAX]),
        ) {
            let mut text = if bom { b"\xef\xbb\xbf".to_vec() } else { Vec::new() };
            text.extend(body);
            prop_assert_eq!(by_tokens(&text, chunk, BUFFER, big), by_csv(&text, chunk));
        }

        /// Lines cut at the buffer's end. Without `\r`: after a lone `\r`, `Input` can count
        /// a record's line differently depending on how far the reading has got (the csv
        /// crate's answer is then a line too low, this reader's with a small buffer right).
        #[test]
        fn a_small_buffer_reads_as_the_csv_crate_reads(
            body in prop::collection::vec(
                prop::sample::select(b"a1,,\"\n\n \xe9".to_vec()), 0..300),
            chunk in 1usize..40,
            size in 1usize..70,
        ) {
            prop_assert_eq!(by_tokens(&body, chunk, size, usize::MAX), by_csv(&body, chunk));
        }
    }

    #[test]
    fn a_buffer_fits_the_file_and_a_size_of_zero_is_unknown() {
        let size = |n: Option<u64>| Tokens::for_size(Input::new(&b""[..]), n).buf.len();
        assert_eq!(size(None), BUFFER);
        assert_eq!(size(Some(0)), BUFFER);
        assert_eq!(size(Some(10)), SMALLEST_BUFFER);
        assert_eq!(size(Some(38_000)), 38_001);
        assert_eq!(size(Some(1 << 30)), BUFFER);
        assert_eq!(size(Some(u64::MAX)), BUFFER);
    }
}
