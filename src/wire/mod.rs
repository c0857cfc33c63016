//! The writer under the terminal backend: the same screen in fewer bytes. It follows the
//! attributes and the cursor through what crossterm writes, sends each SGR as the change from
//! the attributes in force (nothing when there is none; the 16 basic colours as SGR 30-37,
//! 90-97, 40-47, 100-107 rather than `38;5;n`), and each cursor move as the shortest of
//! `ESC [ r ; c H`, a column move (`ESC [ c G`, `ESC [ n C`, or backspaces for one to three
//! columns left) and a row move (`ESC [ n B`, or line feeds for one to three rows down while
//! no scroll margins are set: raw mode sends a line feed as is, down one row, same column).
//! Whatever it cannot follow makes it forget, and it then passes bytes on as they come. A
//! frame is written in one piece when it is flushed.

use std::io::{self, Write};
use unicode_width::UnicodeWidthChar;

mod moves;
mod price;
mod sgr;
pub use moves::along_row;
pub use price::{frame_bytes, price};
use sgr::{Sgr, basic, params, write_sgr};

/// Bytes held before they are written even without a flush.
const MAX_HELD: usize = 1 << 20;

/// Where the escape-sequence reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Text,
    Escape,
    Csi,
    /// Inside an OSC (`ESC ]` ... BEL or `ESC \`), passed on whole.
    Osc,
    OscEscape,
}

/// The cursor as far as it is known: row, column (0-based), and whether the column is exact
/// (only ASCII printed since it was set: a terminal may count another character's width
/// otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cursor {
    row: u16,
    col: u16,
    exact: bool,
}

/// Wraps a writer; see the module doc.
#[derive(Debug)]
pub struct Wire<W: Write> {
    inner: W,
    state: State,
    /// The escape sequence being read.
    seq: Vec<u8>,
    /// The bytes of a character not yet complete.
    utf8: Vec<u8>,
    /// The attributes the terminal has, where known.
    sgr: Option<Sgr>,
    /// The attributes the next text is to have (where `sgr` is known).
    want: Sgr,
    cursor: Option<Cursor>,
    /// Whether the cursor is shown, where known.
    shown: Option<bool>,
    /// The terminal's size (columns, rows), asked again after each erase of the screen (which
    /// follows every resize); fixed in tests.
    size: Option<(u16, u16)>,
    ask_size: bool,
    /// Whether the scroll margins are the whole screen (a line feed then scrolls only from
    /// the last row): until `ESC [ t ; b r` sets others, and again after `ESC [ r`.
    margins_full: bool,
    out: Vec<u8>,
}

impl<W: Write> Wire<W> {
    /// A writer to a terminal whose size it asks crossterm for.
    pub fn new(inner: W) -> Wire<W> {
        Wire {
            inner,
            state: State::Text,
            seq: Vec::new(),
            utf8: Vec::new(),
            sgr: None,
            want: Sgr::default(),
            cursor: None,
            shown: None,
            size: None,
            ask_size: true,
            margins_full: true,
            out: Vec::new(),
        }
    }

    /// A writer to a terminal of a known size (for tests).
    pub fn sized(inner: W, cols: u16, rows: u16) -> Wire<W> {
        Wire {
            size: Some((cols, rows)),
            ask_size: false,
            ..Wire::new(inner)
        }
    }

    /// The writer underneath (what was sent to it so far).
    pub fn get_ref(&self) -> &W {
        &self.inner
    }

    fn size(&mut self) -> Option<(u16, u16)> {
        if self.ask_size && self.size.is_none() {
            self.size = ratatui::crossterm::terminal::size().ok();
        }
        self.size
    }

    /// Forgets everything: the next sequences are passed on as they are until they tell.
    fn forget(&mut self) {
        self.sgr = None;
        self.cursor = None;
        self.shown = None;
    }

    fn text_byte(&mut self, b: u8) {
        self.sync();
        self.out.push(b);
        if b < 0x20 || b == 0x7f {
            if b != 0x07 {
                self.cursor = None;
            }
            self.utf8.clear();
            return;
        }
        let c = if b < 0x80 {
            self.utf8.clear();
            b as char
        } else {
            self.utf8.push(b);
            match std::str::from_utf8(&self.utf8) {
                Ok(s) => {
                    let c = s.chars().next().unwrap_or(' ');
                    self.utf8.clear();
                    c
                }
                Err(e) if e.error_len().is_none() && self.utf8.len() < 4 => return,
                Err(_) => {
                    self.utf8.clear();
                    self.cursor = None;
                    return;
                }
            }
        };
        advance(&mut self.cursor, c, self.size.map_or(0, |s| s.0));
    }

    /// A complete CSI sequence (`ESC [` ... final byte) in `self.seq`.
    fn csi(&mut self) {
        let seq = std::mem::take(&mut self.seq);
        let body = &seq[2..seq.len() - 1];
        let last = seq[seq.len() - 1];
        match last {
            b'm' => self.sgr(&seq, body),
            b'H' | b'f' if !body.starts_with(b"?") => self.cursor_to(&seq, body),
            b'h' | b'l' if body == b"?25" => {
                let show = last == b'h';
                if self.shown != Some(show) {
                    self.out.extend_from_slice(&seq);
                    self.shown = Some(show);
                }
            }
            // Erasing the screen: whatever drew before (another writer, a shell after a
            // suspend) is not known, nor the size (ratatui erases after every resize). The
            // attributes are made known again with a reset (4 bytes), so that the full frame
            // that follows is written, and priced, from them.
            b'J' => {
                self.sync();
                self.out.extend_from_slice(&seq);
                self.forget();
                self.out.extend_from_slice(b"\x1b[0m");
                self.sgr = Some(Sgr::default());
                self.want = Sgr::default();
                if self.ask_size {
                    self.size = None;
                }
            }
            // Erasing part of a line moves nothing (it fills with the background in force).
            b'K' => {
                self.sync();
                self.out.extend_from_slice(&seq);
            }
            b'h' | b'l' => {
                self.sync();
                self.out.extend_from_slice(&seq);
                self.forget();
            }
            // Scroll margins (which also send the cursor home).
            b'r' => {
                self.sync();
                self.out.extend_from_slice(&seq);
                self.margins_full = body.is_empty();
                self.cursor = None;
            }
            _ => {
                self.sync();
                self.out.extend_from_slice(&seq);
                self.cursor = None;
            }
        }
        self.seq = seq;
        self.seq.clear();
    }

    fn sgr(&mut self, seq: &[u8], body: &[u8]) {
        let Some(p) = params(body) else {
            self.sync();
            self.out.extend_from_slice(seq);
            self.sgr = None;
            return;
        };
        match self.sgr {
            // Known: kept until text needs it, so that a run of sequences goes as one change.
            Some(_) => match self.want.apply(&p) {
                Some(to) => self.want = to,
                None => {
                    self.sync();
                    write_sgr(&basic(&p), &mut self.out);
                    self.sgr = None;
                }
            },
            // Unknown attributes become known at a reset; until then each sequence is passed
            // on (its basic colours made basic).
            None => match (p.first(), Sgr::default().apply(&p)) {
                (Some(0), Some(to)) => {
                    self.out.extend_from_slice(b"\x1b[0m");
                    self.sgr = Some(Sgr::default());
                    self.want = to;
                }
                _ => write_sgr(&basic(&p), &mut self.out),
            },
        }
    }

    /// Sends the change of attributes waiting for text.
    fn sync(&mut self) {
        if let Some(sent) = self.sgr
            && sent != self.want
        {
            write_sgr(&sent.change_to(self.want), &mut self.out);
            self.sgr = Some(self.want);
        }
    }

    fn cursor_to(&mut self, seq: &[u8], body: &[u8]) {
        let mut it = body.split(|&b| b == b';');
        let mut num = || -> Option<u16> {
            match it.next() {
                None | Some(b"") => Some(1),
                Some(p) => std::str::from_utf8(p).ok()?.parse().ok(),
            }
        };
        let (Some(r), Some(c)) = (num(), num()) else {
            self.out.extend_from_slice(seq);
            self.cursor = None;
            return;
        };
        let size = self.size();
        let Some((cols, rows)) = size else {
            self.out.extend_from_slice(seq);
            self.cursor = None;
            return;
        };
        if r == 0 || c == 0 || r > rows || c > cols {
            self.out.extend_from_slice(seq);
            self.cursor = None;
            return;
        }
        let (row, col) = (r - 1, c - 1);
        match moves::shortest(self.cursor, (row, col), cols, self.margins_full, seq.len()) {
            Some(m) => m.write(&mut self.out),
            None => self.out.extend_from_slice(seq),
        }
        self.cursor = Some(Cursor {
            row,
            col,
            exact: true,
        });
    }
}

/// The cursor after `c` is printed at it on a terminal `cols` wide (unknown if it may have
/// wrapped or was not known).
fn advance(cursor: &mut Option<Cursor>, c: char, cols: u16) {
    if let Some(cur) = cursor {
        let w = c.width().unwrap_or(0) as u16;
        // At the last column the next character wraps; past it, where is unsure.
        if cur.col + w > cols || (!c.is_ascii() && cur.col + w >= cols) {
            *cursor = None;
        } else {
            cur.col += w;
            cur.exact &= c.is_ascii();
        }
    }
}

impl<W: Write> Write for Wire<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for &b in buf {
            match self.state {
                State::Text if b == 0x1b => {
                    self.seq.clear();
                    self.seq.push(b);
                    self.state = State::Escape;
                }
                State::Text => self.text_byte(b),
                State::Escape => {
                    self.seq.push(b);
                    match b {
                        b'[' => self.state = State::Csi,
                        b']' => {
                            self.sync();
                            self.out.extend_from_slice(&self.seq);
                            self.state = State::Osc;
                        }
                        _ => {
                            // Two-byte sequences (save or restore the cursor, and so on).
                            self.sync();
                            self.out.extend_from_slice(&self.seq);
                            self.forget();
                            self.state = State::Text;
                        }
                    }
                }
                State::Csi => {
                    self.seq.push(b);
                    if (0x40..=0x7e).contains(&b) {
                        self.csi();
                        self.state = State::Text;
                    } else if self.seq.len() > 64 {
                        // A runaway sequence is passed on as it is.
                        self.sync();
                        self.out.extend_from_slice(&self.seq);
                        self.forget();
                        self.state = State::Text;
                    }
                }
                State::Osc => {
                    self.out.push(b);
                    match b {
                        0x07 => self.state = State::Text,
                        0x1b => self.state = State::OscEscape,
                        _ => {}
                    }
                }
                State::OscEscape => {
                    self.out.push(b);
                    self.state = if b == b'\\' { State::Text } else { State::Osc };
                }
            }
        }
        // A frame goes out whole at the flush that ends it (one write: one packet over SSH,
        // no half-drawn frame), unless it grows past a bound.
        if self.out.len() >= MAX_HELD {
            self.inner.write_all(&self.out)?;
            self.out.clear();
        }
        Ok(buf.len())
    }

    /// Ends a frame, with the attributes it left sent: the cursor is found again by the next
    /// frame's first move (something else may write between frames).
    fn flush(&mut self) -> io::Result<()> {
        self.sync();
        if !self.out.is_empty() {
            self.inner.write_all(&self.out)?;
            self.out.clear();
        }
        self.cursor = None;
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(chunks: &[&[u8]]) -> Vec<u8> {
        let mut w = Wire::sized(Vec::new(), 80, 24);
        for c in chunks {
            w.write_all(c).unwrap();
        }
        // What it wrote and what it holds until a flush (which would also send the
        // attributes waiting for text).
        [w.inner, w.out].concat()
    }

    fn shown(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).replace('\x1b', "^")
    }

    #[test]
    fn basic_colours_become_sgr_30_to_107_even_split_across_writes() {
        assert_eq!(shown(&through(&[b"\x1b[0m\x1b[38;5;4;49mx"])), "^[0m^[34mx");
        assert_eq!(shown(&through(&[b"\x1b[0m\x1b[38;5;12mx"])), "^[0m^[94mx");
        assert_eq!(shown(&through(&[b"\x1b[0m\x1b[48;5;3mx"])), "^[0m^[43mx");
        assert_eq!(
            shown(&through(&[b"\x1b[0m", b"\x1b[", b"38;", b"5;1", b"1mx"])),
            "^[0m^[93mx"
        );
        // The palette beyond the 16 stays, as do true colours.
        assert_eq!(
            shown(&through(&[b"\x1b[0m\x1b[38;5;33m\x1b[48;2;1;2;3mx"])),
            "^[0m^[38;5;33;48;2;1;2;3mx"
        );
        // An OSC passes whole, its text moving nothing.
        assert_eq!(
            shown(&through(&[b"\x1b]52;c;YQ==\x07", b"\x1b]0;t\x1b\\"])),
            "^]52;c;YQ==\x07^]0;t^\\"
        );
    }

    #[test]
    fn an_sgr_sends_only_what_changes_and_nothing_when_nothing_does() {
        // Unknown at first: passed on until a reset makes it known.
        assert_eq!(shown(&through(&[b"\x1b[1m"])), "^[1m");
        assert_eq!(
            shown(&through(&[
                b"\x1b[0m\x1b[1m\x1b[38;5;4;49ma\x1b[39;49mb\x1b[22mc"
            ])),
            "^[0m^[1;34ma^[39mb^[0mc"
        );
        // The frame's closing resets, with everything already at rest: nothing.
        assert_eq!(
            shown(&through(&[b"\x1b[0mx\x1b[39m\x1b[49m\x1b[59m\x1b[0m"])),
            "^[0mx"
        );
        // Bold off but faint kept: 22 then 2 again.
        assert_eq!(
            shown(&through(&[b"\x1b[0m\x1b[1;2mx\x1b[22;2my"])),
            "^[0m^[1;2mx^[0;2my"
        );
        // Unknown, a basic colour is still made basic.
        assert_eq!(shown(&through(&[b"\x1b[1;38;5;4m"])), "^[1;34m");
        // Reverse and a colour to plain: the shorter of the changes and a reset.
        assert_eq!(
            shown(&through(&[b"\x1b[0m\x1b[7;1;38;5;200mx\x1b[0my"])),
            "^[0m^[1;7;38;5;200mx^[0my"
        );
        // A form not followed (a colon sub-parameter) is passed on and forgets.
        assert_eq!(
            shown(&through(&[b"\x1b[0m\x1b[4:3mx\x1b[4:3m"])),
            "^[0m^[4:3mx^[4:3m"
        );
        // Attributes waiting at the end of a frame are sent with it.
        let mut w = Wire::sized(Vec::new(), 80, 24);
        w.write_all(b"\x1b[0mx\x1b[1m\x1b[38;5;4m\x1b[0m\x1b[7m")
            .unwrap();
        w.flush().unwrap();
        assert_eq!(shown(&w.inner), "^[0mx^[7m");
        // An erase of the screen forgets too, and resets the attributes to know them again:
        // a frame's colours that follow are changes from the reset.
        assert_eq!(
            shown(&through(&[b"\x1b[0m\x1b[2J\x1b[0m\x1b[?25l\x1b[?25l"])),
            "^[0m^[2J^[0m^[?25l"
        );
        assert_eq!(
            shown(&through(&[b"\x1b[2J\x1b[39m\x1b[49mx\x1b[1m\x1b[38;5;4my"])),
            "^[2J^[0mx^[1;34my"
        );
    }

    #[test]
    fn a_tie_between_a_column_number_and_a_count_goes_to_the_number() {
        // Column 6 to 16: `ESC [ 10 C` and `ESC [ 16 G` are both five bytes.
        assert_eq!(
            shown(&through(&[b"\x1b[1;1Habcde\x1b[1;16Hx"])),
            "^[1;1Habcde^[16Gx"
        );
    }

    #[test]
    fn cursor_moves_take_the_shortest_form() {
        // The first move of a frame is absolute; then a column move on the same row.
        assert_eq!(
            shown(&through(&[b"\x1b[5;10Habc\x1b[5;20Hd\x1b[5;2He"])),
            "^[5;10Habc^[7Cd^[2Ge"
        );
        // The next row: a line feed (raw mode: down one, the column kept), and the column;
        // a few columns left, backspaces.
        assert_eq!(
            shown(&through(&[
                b"\x1b[15;10Habc\x1b[16;13Hd\x1b[17;10He\x1b[17;9Hf"
            ])),
            "^[15;10Habc\nd\n^[4De\x08\x08f"
        );
        // Four rows down, or while scroll margins are set (a line feed at the bottom margin
        // would scroll): the row move. After `ESC [ r`, line feeds again.
        assert_eq!(shown(&through(&[b"\x1b[5;1Hx\x1b[9;2Hy"])), "^[5;1Hx^[4By");
        assert_eq!(
            shown(&through(&[
                b"\x1b[2;20r\x1b[5;1Hx\x1b[6;2Hy\x1b[r\x1b[5;1Hx\x1b[6;2Hy"
            ])),
            "^[2;20r^[5;1Hx^[By^[r^[5;1Hx\ny"
        );
        // Where the cursor already is: no move at all.
        assert_eq!(shown(&through(&[b"\x1b[3;3Hab\x1b[3;5Hc"])), "^[3;3Habc");
        // After a character a terminal may count as wide, only absolute columns.
        assert_eq!(
            shown(&through(&[b"\x1b[3;3H\xe2\x96\x88\x1b[3;9Hx"])),
            "^[3;3H\u{2588}^[9Gx"
        );
        // At the last column the next character wraps: the next move is absolute.
        assert_eq!(
            shown(&through(&[b"\x1b[3;80Hx\x1b[3;70Hy"])),
            "^[3;80Hx^[70Gy"
        );
        // A flush ends the frame: the next frame starts absolute.
        let mut w = Wire::sized(Vec::new(), 80, 24);
        w.write_all(b"\x1b[3;3Hx").unwrap();
        w.flush().unwrap();
        w.write_all(b"\x1b[3;9Hy").unwrap();
        assert_eq!(shown(&w.inner), "^[3;3Hx", "held until the frame's flush");
        w.flush().unwrap();
        assert_eq!(shown(&w.inner), "^[3;3Hx^[3;9Hy");
        // A move out of the screen, or a control character, is passed on and forgets.
        assert_eq!(
            shown(&through(&[b"\x1b[3;3Hx\r\x1b[3;9Hy\x1b[99;1Hz\x1b[99;3H"])),
            "^[3;3Hx\r^[3;9Hy^[99;1Hz^[99;3H"
        );
    }
}
