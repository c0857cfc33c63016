//! What comes before the CSV parser, apart from any format: decoding, line limit, line counting.

use std::collections::VecDeque;
use std::io::{self, Read};

/// The longest line read; a longer one stops the file (what was read before it stays).
pub const MAX_LINE_BYTES: usize = 4 << 20;
/// The largest cell accepted; a larger one is refused rather than held in memory.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;
/// The most row problems kept per file; further ones are counted.
pub const MAX_PROBLEMS_PER_FILE: u64 = 1000;
/// The most columns a header may have.
pub const MAX_COLUMNS: usize = 1024;

/// How many bytes of UTF-16 are read from the inner reader at a time.
const RAW_CHUNK: usize = 32 * 1024;

/// The error an [`Input`] gives (inside an [`io::Error`] of kind `InvalidData`) for a line
/// longer than [`MAX_LINE_BYTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineTooLong;

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a line longer than {} MiB", MAX_LINE_BYTES >> 20)
    }
}

impl std::error::Error for LineTooLong {}

/// The encoding an [`Input`] found at the start of its stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Encoding {
    /// No UTF-16 byte order mark: the bytes are passed through unchanged (UTF-8, with or
    /// without its BOM, or some single-byte encoding the loader deals with).
    Utf8OrOther,
    /// A little-endian UTF-16 byte order mark (FF FE): the stream is decoded to UTF-8.
    Utf16Le,
    /// A big-endian UTF-16 byte order mark (FE FF): the stream is decoded to UTF-8.
    Utf16Be,
}

/// One line break in the output: `start` is the offset of its first byte (`\r` or `\n`),
/// `end` the offset of the first byte of the next line.
#[derive(Debug, Clone, Copy)]
struct Break {
    start: u64,
    end: u64,
}

/// What the reader knows of its stream so far.
enum Mode {
    /// Nothing read yet: the first two bytes decide.
    Sniffing,
    /// Bytes passed through unchanged.
    Plain,
    /// UTF-16 transcoded to UTF-8.
    Utf16(Box<Decoder>),
}

/// A streaming UTF-16 to UTF-8 transcoder with bounded buffers.
struct Decoder {
    big_endian: bool,
    /// Bytes read from the inner reader; `raw[..raw_len]` are not decoded yet (at most a
    /// trailing odd byte and a held-back high surrogate between refills).
    raw: Box<[u8]>,
    raw_len: usize,
    /// Decoded UTF-8; `out[out_pos..]` is not handed out yet.
    out: Vec<u8>,
    out_pos: usize,
    eof: bool,
}

impl Decoder {
    fn new(big_endian: bool) -> Self {
        Decoder {
            big_endian,
            raw: vec![0; RAW_CHUNK].into_boxed_slice(),
            raw_len: 0,
            out: Vec::with_capacity(RAW_CHUNK / 2 * 3 + 8),
            out_pos: 0,
            eof: false,
        }
    }

    /// Hands out decoded bytes, refilling from `inner` when none are left; 0 only at the end.
    fn read<R: Read>(
        &mut self,
        inner: &mut R,
        buf: &mut [u8],
        consumed: &mut u64,
    ) -> io::Result<usize> {
        loop {
            if self.out_pos < self.out.len() {
                let k = buf.len().min(self.out.len() - self.out_pos);
                buf[..k].copy_from_slice(&self.out[self.out_pos..self.out_pos + k]);
                self.out_pos += k;
                return Ok(k);
            }
            if self.eof {
                return Ok(0);
            }
            self.out.clear();
            self.out_pos = 0;
            let n = match inner.read(&mut self.raw[self.raw_len..]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            *consumed += n as u64;
            if n == 0 {
                self.eof = true;
            } else {
                self.raw_len += n;
            }
            self.decode();
        }
    }

    /// Decodes the complete code units in `raw` into `out`, keeping an odd trailing byte and a
    /// trailing high surrogate for the next refill unless at the end of the stream.
    fn decode(&mut self) {
        let mut units = self.raw_len / 2;
        if !self.eof && units > 0 {
            let at = (units - 1) * 2;
            let last = self.unit(self.raw[at], self.raw[at + 1]);
            if (0xD800..0xDC00).contains(&last) {
                units -= 1;
            }
        }
        let used = units * 2;
        let big_endian = self.big_endian;
        let code_units = self.raw[..used].chunks_exact(2).map(|c| {
            if big_endian {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        for r in char::decode_utf16(code_units) {
            let c = r.unwrap_or(char::REPLACEMENT_CHARACTER);
            if c.is_ascii() {
                self.out.push(c as u8);
            } else {
                let mut tmp = [0u8; 4];
                self.out
                    .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
            }
        }
        self.raw.copy_within(used..self.raw_len, 0);
        self.raw_len -= used;
        if self.eof && self.raw_len > 0 {
            let mut tmp = [0u8; 4];
            let fffd = char::REPLACEMENT_CHARACTER.encode_utf8(&mut tmp);
            self.out.extend_from_slice(fffd.as_bytes());
            self.raw_len = 0;
        }
    }

    fn unit(&self, a: u8, b: u8) -> u16 {
        if self.big_endian {
            u16::from_be_bytes([a, b])
        } else {
            u16::from_le_bytes([a, b])
        }
    }
}

/// A reader placed between a file and the CSV parser. It decodes UTF-16 (detected by its byte
/// order mark) to UTF-8, refuses lines longer than [`MAX_LINE_BYTES`] with [`LineTooLong`], and
/// counts physical lines (`\n`, `\r\n` and a lone `\r` each end one) so that
/// [`line_at`](Input::line_at) can turn a CSV record's byte offset into its line number.
pub struct Input<R> {
    inner: R,
    mode: Mode,
    /// The first bytes read while sniffing; in plain mode `head[head_pos..head_len]` are still
    /// to be handed out.
    head: [u8; 2],
    head_len: usize,
    head_pos: usize,
    /// Bytes read from `inner`.
    consumed: u64,
    /// Output bytes handed out.
    out_bytes: u64,
    /// Output bytes since the last line break.
    run: usize,
    failed: bool,
    /// Line breaks not yet queried past, in order.
    breaks: VecDeque<Break>,
    /// Line breaks already queried past.
    passed: u64,
    /// The offset just after the last `\r` handed out, to join it with a following `\n`.
    after_cr: u64,
    /// How lines are counted: from the CSV parser's own count while every line so far ends
    /// the same way (a cheap count per chunk checks it), else break by break.
    lines: Lines,
    /// Line breaks handed out so far while `lines` is `Parser` (all of one kind).
    counted: u64,
    /// The last byte handed out (to join a `\r\n` split between reads).
    last_byte: Option<u8>,
}

/// How [`Input`] turns a record's position into its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lines {
    /// Nothing handed out yet.
    Unknown,
    /// Every line so far ends with `\n` (or every one with `\r\n`), none is blank and the
    /// text does not start with a break: the CSV parser's line count is exact, one too low
    /// for records after the first in `\r\n` files (their position is the `\n`).
    Parser {
        /// Whether lines end with `\r\n`.
        crlf: bool,
    },
    /// Break by break, through `breaks` (lone `\r`, mixed ends, blank lines), from output
    /// offset `from`; records starting before it are counted as in `Parser` mode.
    Exact {
        /// Where break-by-break counting started.
        from: u64,
        /// Whether lines ended with `\r\n` before it.
        crlf: bool,
    },
}

impl<R> Input<R> {
    /// Wraps a reader. Nothing is read until the first call to `read`.
    pub fn new(inner: R) -> Input<R> {
        Input {
            inner,
            mode: Mode::Sniffing,
            head: [0; 2],
            head_len: 0,
            head_pos: 0,
            consumed: 0,
            out_bytes: 0,
            run: 0,
            failed: false,
            breaks: VecDeque::new(),
            passed: 0,
            after_cr: u64::MAX,
            lines: Lines::Unknown,
            counted: 0,
            last_byte: None,
        }
    }

    /// The encoding found at the start of the stream; [`Encoding::Utf8OrOther`] until the
    /// first read.
    pub fn encoding(&self) -> Encoding {
        match &self.mode {
            Mode::Utf16(d) if d.big_endian => Encoding::Utf16Be,
            Mode::Utf16(_) => Encoding::Utf16Le,
            Mode::Sniffing | Mode::Plain => Encoding::Utf8OrOther,
        }
    }

    /// The output bytes handed out so far (after decoding, without a UTF-16 byte order mark):
    /// the offsets CSV records' positions are in.
    pub fn bytes_read(&self) -> u64 {
        self.out_bytes
    }

    /// The bytes read from the inner reader so far (before decoding), to compare with a file's
    /// size for progress.
    pub fn source_bytes(&self) -> u64 {
        self.consumed
    }

    /// The 1-based physical line on which the output byte at offset `byte` lies; an offset on
    /// a line break (or on a run of blank lines) counts as the line after it, since a CSV
    /// record's `position().byte()` can point at the break ending the previous record or at
    /// blank lines the parser skips. Calls must come with non-decreasing offsets: the breaks
    /// before the offset are forgotten. Call it for every record read (it is cheap), or the
    /// breaks between calls are held in memory.
    pub fn line_at(&mut self, byte: u64) -> u64 {
        let mut byte = byte;
        while let Some(&b) = self.breaks.front() {
            if b.start > byte {
                break;
            }
            self.breaks.pop_front();
            self.passed += 1;
            // On the break itself: the line starts after it (and after any breaks right after).
            byte = byte.max(b.end);
        }
        self.passed + 1
    }

    /// The 1-based physical line of a record the CSV parser read through this reader, from
    /// its position: the parser's own count where the text allows it, else [`line_at`].
    /// Call it for every record, in order.
    ///
    /// [`line_at`]: Input::line_at
    pub fn record_line(&mut self, pos: &csv::Position) -> u64 {
        match self.lines {
            Lines::Parser { crlf } => pos.line() + u64::from(crlf && pos.byte() > 0),
            // A record that began in the clean part: the parser counted its start exactly.
            Lines::Exact { from, crlf } if pos.byte() < from => {
                pos.line() + u64::from(crlf && pos.byte() > 0)
            }
            Lines::Unknown | Lines::Exact { .. } => self.line_at(pos.byte()),
        }
    }

    /// Checks whether a slice about to be handed out keeps the parser's line count exact; the
    /// slice is counted (cheaply, no per-break work) while it does. Returns false when the
    /// counting must go break by break from this slice on.
    fn parser_count_holds(&mut self, s: &[u8]) -> bool {
        let Some(&first) = s.first() else {
            return true;
        };
        // Counts of bytes and of neighbouring pairs (the previous slice's last byte
        // included), by memchr's vectorised search and count.
        let prev = self.last_byte.unwrap_or(b'x');
        let n_cr = memchr::memchr_iter(b'\r', s).count() as u64;
        let n_lf = memchr::memchr_iter(b'\n', s).count() as u64;
        let n_crlf = if n_cr + u64::from(prev == b'\r') > 0 {
            memchr::memmem::find_iter(s, b"\r\n").count() as u64
                + u64::from(prev == b'\r' && first == b'\n')
        } else {
            0
        };
        let blank = n_lf > 0
            && (memchr::memmem::find(s, b"\n\n").is_some()
                || n_cr > 0 && memchr::memmem::find(s, b"\n\r").is_some())
            || prev == b'\n' && (first == b'\n' || first == b'\r');
        let n_blank = u64::from(blank);
        // A `\r` ending the slice is settled by the next one: count it there.
        let open_cr = u64::from(s[s.len() - 1] == b'\r');
        let starts_blank = self.out_bytes == 0 && (first == b'\n' || first == b'\r');
        let kind = match self.lines {
            Lines::Parser { crlf } => Some(crlf),
            _ => None,
        };
        let clean = match kind {
            _ if n_blank > 0 || starts_blank => false,
            // All `\n`.
            Some(false) | None if n_cr == 0 && self.last_byte != Some(b'\r') => {
                self.lines = Lines::Parser { crlf: false };
                self.counted += n_lf;
                true
            }
            // All `\r\n`: every `\r` (but one left open) starts a pair, every `\n` ends one.
            Some(true) | None
                if n_lf == n_crlf && n_cr + u64::from(prev == b'\r') == n_crlf + open_cr =>
            {
                self.lines = Lines::Parser { crlf: true };
                self.counted += n_crlf;
                true
            }
            _ => false,
        };
        if clean {
            self.last_byte = Some(s[s.len() - 1]);
        }
        clean
    }

    /// The number of line breaks before the line [`line_at`](Input::line_at) gives for
    /// `byte` (that line minus one), with the same rules.
    pub fn lines_before(&mut self, byte: u64) -> u64 {
        self.line_at(byte) - 1
    }

    /// Accounts the output slice `s` about to be handed out: records its line breaks and
    /// enforces the line-length limit.
    fn account(&mut self, s: &[u8]) -> io::Result<()> {
        if !matches!(self.lines, Lines::Exact { .. }) {
            if self.parser_count_holds(s) {
                return self.account_run(s);
            }
            // From here on, break by break: the breaks handed out so far are all counted.
            let crlf = self.lines == Lines::Parser { crlf: true };
            self.lines = Lines::Exact {
                from: self.out_bytes,
                crlf,
            };
            self.passed = self.counted;
            if self.last_byte == Some(b'\r') {
                // A `\r\n` split between reads: its `\n` opens this slice.
                self.after_cr = self.out_bytes;
                self.breaks.push_back(Break {
                    start: self.out_bytes - 1,
                    end: self.out_bytes,
                });
            }
        }
        let base = self.out_bytes;
        // Bytes of the current line before `s[i]`.
        let mut run = self.run;
        let mut i = 0;
        while let Some(k) = find_break(&s[i..]) {
            let at = i + k;
            if run + k > MAX_LINE_BYTES {
                return Err(self.fail());
            }
            run = 0;
            let pos = base + at as u64;
            if s[at] == b'\r' {
                if s.get(at + 1) == Some(&b'\n') {
                    // A whole `\r\n` in this slice.
                    self.breaks.push_back(Break {
                        start: pos,
                        end: pos + 2,
                    });
                    i = at + 2;
                    continue;
                }
                self.breaks.push_back(Break {
                    start: pos,
                    end: pos + 1,
                });
                self.after_cr = pos + 1;
            } else if self.after_cr == pos {
                // The `\n` of a `\r\n` split between reads: the same break, now one byte
                // longer (unless already queried past, which only happens at the end).
                if let Some(b) = self.breaks.back_mut() {
                    if b.end == pos {
                        b.end = pos + 1;
                    }
                }
            } else {
                self.breaks.push_back(Break {
                    start: pos,
                    end: pos + 1,
                });
            }
            i = at + 1;
        }
        self.run = run + (s.len() - i);
        if self.run > MAX_LINE_BYTES {
            return Err(self.fail());
        }
        self.out_bytes += s.len() as u64;
        Ok(())
    }

    /// The line-length limit for a slice whose breaks need no recording: the run before its
    /// first break, and the run after its last.
    fn account_run(&mut self, s: &[u8]) -> io::Result<()> {
        match find_break(s) {
            Some(first) => {
                if self.run + first > MAX_LINE_BYTES {
                    return Err(self.fail());
                }
                let last = memchr::memrchr2(b'\n', b'\r', s).unwrap_or(first);
                self.run = s.len() - last - 1;
            }
            None => self.run += s.len(),
        }
        if self.run > MAX_LINE_BYTES {
            return Err(self.fail());
        }
        self.out_bytes += s.len() as u64;
        Ok(())
    }

    /// Marks the stream as refused: every later read gives the error again.
    fn fail(&mut self) -> io::Error {
        self.failed = true;
        line_too_long()
    }
}

impl<R: Read> Input<R> {
    /// Reads the first two bytes (fewer only at the end) and picks the mode.
    fn sniff(&mut self) -> io::Result<()> {
        while self.head_len < 2 {
            let n = match self.inner.read(&mut self.head[self.head_len..]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if n == 0 {
                break;
            }
            self.head_len += n;
            self.consumed += n as u64;
        }
        self.mode = match &self.head[..self.head_len] {
            [0xFF, 0xFE] => Mode::Utf16(Box::new(Decoder::new(false))),
            [0xFE, 0xFF] => Mode::Utf16(Box::new(Decoder::new(true))),
            _ => Mode::Plain,
        };
        if let Mode::Utf16(_) = self.mode {
            // The byte order mark is dropped.
            self.head_len = 0;
        }
        Ok(())
    }
}

/// The index of the first `\r` or `\n` in `s` (SIMD where the processor has it).
fn find_break(s: &[u8]) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', s)
}

fn line_too_long() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, LineTooLong)
}

impl<R: Read> Read for Input<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.failed {
            return Err(line_too_long());
        }
        if buf.is_empty() {
            return Ok(0);
        }
        if let Mode::Sniffing = self.mode {
            self.sniff()?;
        }
        let n = match &mut self.mode {
            Mode::Plain if self.head_pos < self.head_len => {
                let k = buf.len().min(self.head_len - self.head_pos);
                buf[..k].copy_from_slice(&self.head[self.head_pos..self.head_pos + k]);
                self.head_pos += k;
                k
            }
            Mode::Plain => {
                let n = self.inner.read(buf)?;
                self.consumed += n as u64;
                n
            }
            Mode::Utf16(d) => d.read(&mut self.inner, buf, &mut self.consumed)?,
            Mode::Sniffing => unreachable!("sniffed above"),
        };
        self.account(&buf[..n])?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests;
