//! A backend that sends fewer bytes per frame over slow links: it keeps a copy of what the
//! terminal shows, and where two changed runs of a row are a few unchanged cells apart it
//! rewrites those cells (a few bytes) instead of moving the cursor (`ESC [ row ; col H`, up
//! to nine). Everything else passes through to the backend it wraps.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use unicode_width::UnicodeWidthStr;

/// The bytes of the cursor move to column `x`, row `y` (0-based): `ESC [ y+1 ; x+1 H`.
fn move_bytes(x: u16, y: u16) -> usize {
    let digits = |n: u16| n.checked_ilog10().map_or(1, |d| d as usize + 1);
    4 + digits(y + 1) + digits(x + 1)
}

/// Wraps a backend; see the module doc.
#[derive(Debug)]
pub struct Frugal<B: Backend> {
    inner: B,
    /// What the terminal shows, as far as this backend drew it (blank until drawn).
    screen: Option<Buffer>,
    /// Whether the copy can be trusted (not after a partial clear, until a full one).
    trusted: bool,
}

impl<B: Backend> Frugal<B> {
    /// Wraps `inner`; the screen is taken as blank (the alternate screen just entered).
    pub fn new(inner: B) -> Frugal<B> {
        Frugal {
            inner,
            screen: None,
            trusted: true,
        }
    }

    /// The screen copy, blank at the terminal's size if there is none or the size changed.
    fn screen(&mut self) -> &mut Buffer {
        let size = self.inner.size().unwrap_or_default();
        let area = Rect::new(0, 0, size.width, size.height);
        if self.screen.as_ref().is_none_or(|b| b.area != area) {
            self.screen = Some(Buffer::empty(area));
        }
        self.screen.as_mut().expect("just set")
    }
}

/// The cells to send for `changes` (row-major, as ratatui's diff gives them), with short gaps
/// between changed runs of a row filled from `screen` where that costs no more bytes than the
/// cursor move it saves and needs no change of style.
fn with_gaps_filled(changes: &[(u16, u16, Cell)], screen: &Buffer) -> Vec<(u16, u16, Cell)> {
    let mut out: Vec<(u16, u16, Cell)> = Vec::with_capacity(changes.len());
    for (x, y, cell) in changes {
        if let Some((px, py, prev)) = out.last()
            && py == y
        {
            let next = px + prev.symbol().width().max(1) as u16;
            if next < *x {
                let gap: Vec<&Cell> = (next..*x).filter_map(|gx| screen.cell((gx, *y))).collect();
                let bytes: usize = gap.iter().map(|c| c.symbol().len()).sum();
                let fits = gap.len() == (x - next) as usize
                    && bytes <= move_bytes(*x, *y)
                    && gap.iter().all(|c| {
                        c.diff_option == ratatui::buffer::CellDiffOption::None
                            && c.symbol().width() == 1
                            && c.style() == prev.style()
                    });
                if fits {
                    let filled: Vec<(u16, u16, Cell)> = gap
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| (next + i as u16, *y, c.clone()))
                        .collect();
                    out.extend(filled);
                }
            }
        }
        out.push((*x, *y, cell.clone()));
    }
    out
}

impl<B: Backend> Backend for Frugal<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let changes: Vec<(u16, u16, Cell)> = content.map(|(x, y, c)| (x, y, c.clone())).collect();
        let trusted = self.trusted;
        let screen = self.screen();
        let out = if trusted {
            with_gaps_filled(&changes, screen)
        } else {
            changes.clone()
        };
        for (x, y, c) in &changes {
            if let Some(cell) = screen.cell_mut((*x, *y)) {
                *cell = c.clone();
            }
        }
        self.inner.draw(out.iter().map(|(x, y, c)| (*x, *y, c)))
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.trusted = false;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        // A cleared screen is blank: the copy is too.
        self.screen = None;
        self.trusted = true;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        // All: blank, as the copy becomes; a part: the copy is not trusted until a full clear.
        self.screen = None;
        self.trusted = clear_type == ClearType::All;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

impl<B: Backend + std::io::Write> std::io::Write for Frugal<B> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::Write::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Style};

    fn cell(s: &str) -> Cell {
        let mut c = Cell::default();
        c.set_symbol(s);
        c
    }

    #[test]
    fn cursor_moves_cost_what_they_write() {
        assert_eq!(move_bytes(0, 0), "\x1b[1;1H".len());
        assert_eq!(move_bytes(119, 39), "\x1b[40;120H".len());
    }

    #[test]
    fn short_gaps_of_the_same_style_are_rewritten_long_ones_jumped() {
        let mut screen = Buffer::empty(Rect::new(0, 0, 30, 2));
        screen.set_string(0, 0, "ab 123 xyz", Style::default());
        // Changes at 0 and 4 (gap of 3 cells): filled; at 20 (gap of 15): jumped.
        let changes = vec![(0, 0, cell("A")), (4, 0, cell("9")), (20, 0, cell("Z"))];
        let out = with_gaps_filled(&changes, &screen);
        let xs: Vec<u16> = out.iter().map(|(x, _, _)| *x).collect();
        assert_eq!(xs, [0, 1, 2, 3, 4, 20]);
        assert_eq!(out[1].2.symbol(), "b");
        // A gap of another style is jumped (it would cost colour codes).
        screen.set_style(Rect::new(1, 0, 1, 1), Style::default().fg(Color::Blue));
        let out = with_gaps_filled(&changes, &screen);
        let xs: Vec<u16> = out.iter().map(|(x, _, _)| *x).collect();
        assert_eq!(xs, [0, 4, 20]);
        // Never across rows.
        let out = with_gaps_filled(&[(29, 0, cell("A")), (0, 1, cell("B"))], &screen);
        assert_eq!(out.len(), 2);
    }
}
