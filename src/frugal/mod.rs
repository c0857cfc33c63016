//! A backend that sends fewer bytes per frame over slow links. It keeps a copy of what the
//! terminal shows, and from it:
//! - scrolls whole rows that moved up or down (a table scrolled across the terminal's width)
//!   with the terminal's scroll region, then draws only what differs (`scroll`);
//! - rewrites a few unchanged cells between two changed runs of a row where that costs no
//!   more than the cursor move the writer would send (`order`);
//! - given a pricer, draws a frame's changes style by style where that costs fewer bytes than
//!   row by row (`order`).
//!
//! It asks the terminal's size once, then again only after `size_changed()` (crossterm opens
//! /dev/tty for each question). Everything else passes through to the backend it wraps.

mod order;
mod scroll;

use order::{by_style, with_gaps_filled};
use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use scroll::{Shift, apply_shift, find_shift, may_have_scrolled};
use std::cell::Cell as Once;

/// Wraps a backend; see the module doc.
#[derive(Debug)]
pub struct Frugal<B: Backend> {
    inner: B,
    /// What the terminal shows, as far as this backend drew it (blank until drawn).
    screen: Option<Buffer>,
    /// Whether the copy can be trusted (not after a partial clear, until a full one).
    trusted: bool,
    /// Whether the copy is blank as made (nothing drawn since): nothing on it to scroll.
    blank: bool,
    /// Whether moved rows may be scrolled by the terminal (off unless asked for).
    scroll: bool,
    /// The terminal's size as last asked (until `size_changed`).
    size: Once<Option<Size>>,
    /// What a frame's changes cost in bytes in a given order, where known: the changes are
    /// then drawn in the cheaper of two orders (see `by_style`).
    pricer: Option<Pricer>,
}

/// The bytes a frame's changes cost drawn in the order given, on a terminal of a size.
pub type Pricer = fn(&[(u16, u16, Cell)], Size) -> usize;

impl<B: Backend> Frugal<B> {
    /// Wraps `inner`; the screen is taken as blank (the alternate screen just entered).
    pub fn new(inner: B) -> Frugal<B> {
        Frugal {
            inner,
            screen: None,
            trusted: true,
            blank: true,
            scroll: false,
            size: Once::new(None),
            pricer: None,
        }
    }

    /// Says the terminal's size changed (a resize event): the next question about the size
    /// goes to the terminal again. The size is asked once and kept until then: whoever wraps a
    /// terminal in `Frugal` must call this on every resize.
    pub fn size_changed(&self) {
        self.size.set(None);
    }

    /// Takes the terminal's size as `size` until `size_changed` (for a terminal whose size
    /// the wrapped backend cannot ask: a test's or a benchmark's).
    pub fn with_size(self, size: Size) -> Frugal<B> {
        self.size.set(Some(size));
        self
    }

    /// Lets moved rows be scrolled with the terminal's scroll region (for terminals that
    /// have one).
    pub fn with_scroll_regions(mut self, on: bool) -> Frugal<B> {
        self.scroll = on;
        self
    }

    /// Lets the changes of a frame be drawn style by style where `price` says that costs
    /// fewer bytes than row by row.
    pub fn with_pricer(mut self, price: Pricer) -> Frugal<B> {
        self.pricer = Some(price);
        self
    }

    /// Scrolls rows on the terminal and in the copy alike.
    fn shift_rows(&mut self, shift: Shift) -> Result<(), B::Error> {
        if let Some(screen) = self.screen.as_mut() {
            apply_shift(screen, &shift);
        }
        if shift.up {
            self.inner.scroll_region_up(shift.region, shift.by)
        } else {
            self.inner.scroll_region_down(shift.region, shift.by)
        }
    }

    /// The screen copy, blank at the terminal's size if there is none or the size changed.
    fn screen(&mut self) -> &mut Buffer {
        let size = self.size().unwrap_or_default();
        let area = Rect::new(0, 0, size.width, size.height);
        if self.screen.as_ref().is_none_or(|b| b.area != area) {
            self.screen = Some(Buffer::empty(area));
            self.blank = true;
        }
        self.screen.as_mut().expect("just set")
    }
}

impl<B: Backend> Backend for Frugal<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut changes: Vec<(u16, u16, Cell)> =
            content.map(|(x, y, c)| (x, y, c.clone())).collect();
        let trusted = self.trusted;
        // The frame's one size query (a new size means a blank copy).
        let area = self.screen().area;
        // A blank copy (the first frame, or after a clear or resize) has no rows to move.
        if trusted && self.scroll && !self.blank && may_have_scrolled(&changes, area) {
            let screen = self.screen.as_ref().expect("made by screen()");
            let mut target = screen.clone();
            for (x, y, c) in &changes {
                if let Some(cell) = target.cell_mut((*x, *y)) {
                    *cell = c.clone();
                }
            }
            if let Some(shift) = find_shift(screen, &target) {
                self.shift_rows(shift)?;
                let screen = self.screen.as_ref().expect("made by screen()");
                changes = screen
                    .diff(&target)
                    .into_iter()
                    .map(|(x, y, c)| (x, y, c.clone()))
                    .collect();
            }
        }
        self.blank &= changes.is_empty();
        let screen = self.screen.as_mut().expect("made by screen()");
        for (x, y, c) in &changes {
            if let Some(cell) = screen.cell_mut((*x, *y)) {
                *cell = c.clone();
            }
        }
        // Gaps are filled from the frame as drawn: in an order other than the screen's, a
        // gap may hold changes (of another style, drawn before or after).
        let out = match (trusted, self.pricer) {
            (false, _) => changes,
            (true, None) => with_gaps_filled(changes.iter(), screen),
            (true, Some(price)) => {
                let rows = with_gaps_filled(changes.iter(), screen);
                match by_style(&changes) {
                    Some(order) => {
                        let styles = with_gaps_filled(order.iter().map(|&i| &changes[i]), screen);
                        if price(&styles, area.as_size()) < price(&rows, area.as_size()) {
                            styles
                        } else {
                            rows
                        }
                    }
                    None => rows,
                }
            }
        };
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
        if let Some(size) = self.size.get() {
            return Ok(size);
        }
        let size = self.inner.size()?;
        self.size.set(Some(size));
        Ok(size)
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }

    fn scroll_region_up(
        &mut self,
        region: std::ops::Range<u16>,
        line_count: u16,
    ) -> Result<(), Self::Error> {
        self.shift_rows(Shift {
            region,
            by: line_count,
            up: true,
        })
    }

    fn scroll_region_down(
        &mut self,
        region: std::ops::Range<u16>,
        line_count: u16,
    ) -> Result<(), Self::Error> {
        self.shift_rows(Shift {
            region,
            by: line_count,
            up: false,
        })
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

    /// A bordered table of `n` rows from `first`, `selected` marked, on a 30x12 screen.
    fn table(first: usize, selected: usize) -> Buffer {
        let mut b = Buffer::empty(Rect::new(0, 0, 30, 12));
        b.set_string(0, 0, "title", Style::default());
        for y in 1..11u16 {
            let n = first + y as usize;
            let style = if n == selected {
                Style::default().fg(Color::Blue)
            } else {
                Style::default()
            };
            b.set_string(0, y, format!("|ward {n:02} figures {:>6}|", n * 137), style);
        }
        b.set_string(0, 11, "footer", Style::default());
        b
    }

    #[test]
    fn whole_rows_that_moved_are_scrolled_not_redrawn() {
        // Down one row past the bottom: rows 1-8 show what rows 2-9 did (row 9 loses its mark).
        let shift = find_shift(&table(0, 10), &table(1, 11)).expect("a scroll");
        assert_eq!((shift.by, shift.up), (1, true));
        assert_eq!(shift.region, 1..10);
        // A half-page jump down and one back up.
        let shift = find_shift(&table(0, 10), &table(5, 11)).expect("a scroll");
        assert_eq!((shift.by, shift.up, shift.region.start), (5, true, 1));
        let shift = find_shift(&table(5, 6), &table(0, 5)).expect("a scroll");
        assert_eq!((shift.by, shift.up), (5, false));
        // A change in place, or a jump too far to spare any row: no scroll.
        assert_eq!(find_shift(&table(0, 3), &table(0, 4)), None);
        assert_eq!(find_shift(&table(0, 3), &table(40, 41)), None);
    }

    #[test]
    fn the_terminal_shows_each_frame_whether_scrolled_or_drawn() {
        use ratatui::backend::TestBackend;
        let backend = Frugal::new(TestBackend::new(30, 12)).with_scroll_regions(true);
        let mut t = ratatui::Terminal::new(backend).unwrap();
        for (first, selected) in [
            (0, 1),
            (0, 10),
            (1, 11),
            (2, 12),
            (7, 13),
            (3, 4),
            (0, 1),
            (9, 9),
        ] {
            let want = table(first, selected);
            t.draw(|f| *f.buffer_mut() = want.clone()).unwrap();
            let shown = t.backend().inner.buffer();
            assert_eq!(shown, &want, "frame ({first}, {selected})");
            assert_eq!(t.backend().screen.as_ref(), Some(&want));
        }
    }
}
