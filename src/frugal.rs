//! A backend that sends fewer bytes per frame over slow links: it keeps a copy of what the
//! terminal shows; where whole rows of it moved up or down (a table scrolled across the
//! terminal's width) it scrolls them with the terminal's scroll region and draws only what
//! differs after; and where two changed runs of a row are a few unchanged cells apart it
//! rewrites those cells (a few bytes) instead of moving the cursor, where that costs no more
//! than the move the writer would send (`ESC [ n C` or `ESC [ col G`); and given a pricer, it
//! draws a frame's changes style by style where that costs fewer bytes than row by row (fewer
//! colour codes where styles alternate along the rows, for more moves). It asks the terminal's
//! size once, then again only after `size_changed()` (crossterm opens /dev/tty for each
//! question, and a frame asked three times). Everything else passes through to the backend it wraps.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use std::cell::Cell as Once;
use unicode_width::UnicodeWidthStr;

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

/// The cells to send for `changes` (in the order they are to be drawn, left to right along
/// a row), with short gaps between changed runs of a row filled from `screen` (the frame as
/// it is to show) where that costs no more bytes than the cursor move it saves (as `Wire`
/// would write it) and needs no change of style.
fn with_gaps_filled<'a>(
    changes: impl ExactSizeIterator<Item = &'a (u16, u16, Cell)>,
    screen: &Buffer,
) -> Vec<(u16, u16, Cell)> {
    let mut out: Vec<(u16, u16, Cell)> = Vec::with_capacity(changes.len() + changes.len() / 4);
    let width = screen.area.width as usize;
    // Whether only ASCII was sent on the current row (the writer then knows the column).
    let mut exact = true;
    for (x, y, cell) in changes {
        match out.last() {
            Some((px, py, prev)) if py == y => {
                let next = px + prev.symbol().width().max(1) as u16;
                let limit = crate::wire::along_row(next, *x, exact);
                // Each cell of a gap costs a byte at least: a longer gap than the move's
                // bytes is jumped unread.
                let gap = (next < *x && usize::from(x - next) <= limit)
                    .then(|| {
                        let start = usize::from(*y) * width;
                        screen
                            .content
                            .get(start + usize::from(next)..start + usize::from(*x))
                            .filter(|_| usize::from(*x) <= width)
                    })
                    .flatten();
                let style = prev.style();
                let fits = gap.is_some_and(|gap| {
                    gap.iter().map(|c| c.symbol().len()).sum::<usize>() <= limit
                        && gap.iter().all(|c| {
                            c.diff_option == ratatui::buffer::CellDiffOption::None
                                && c.symbol().width() == 1
                                && c.style() == style
                        })
                });
                match gap {
                    Some(gap) if fits => {
                        exact &= gap.iter().all(|c| c.symbol().is_ascii());
                        let cells = gap.iter().cloned();
                        let at = (next..).zip(cells).map(|(gx, c)| (gx, *y, c));
                        out.extend(at);
                    }
                    // crossterm asks for a move unless the cell follows the last one's
                    // column: after it the writer knows the column exactly.
                    _ if *x != px + 1 => exact = true,
                    _ => {}
                }
            }
            _ => exact = true,
        }
        exact &= cell.symbol().is_ascii();
        out.push((*x, *y, cell.clone()));
    }
    out
}

/// `changes` (row-major) with the cells of each style together, styles in the order they
/// first appear and row-major within each: fewer changes of colour where styles alternate
/// along the rows (a table's figures and its sparklines), for more cursor moves: the indices
/// of `changes` in that order, or `None` where that is the order they have.
fn by_style(changes: &[(u16, u16, Cell)]) -> Option<Vec<usize>> {
    let mut styles: Vec<ratatui::style::Style> = Vec::new();
    let mut last = None;
    // Where the last cell ends on its row, and its style's index.
    let mut reach: Option<(u16, u16, usize)> = None;
    let keys: Vec<usize> = changes
        .iter()
        .map(|(x, y, cell)| {
            let style = cell.style();
            let k = match (reach, last) {
                // A cell under the last one's width (ratatui sends the one after some wide
                // characters) goes with it: drawn after a move of its own, it would cut the
                // wide character in half.
                (Some((end, row, k)), _) if row == *y && *x < end => k,
                // Runs of one style are the rule: the last one first.
                (_, Some((s, k))) if s == style => k,
                _ => {
                    let k = styles.iter().position(|s| *s == style).unwrap_or_else(|| {
                        styles.push(style);
                        styles.len() - 1
                    });
                    last = Some((style, k));
                    k
                }
            };
            reach = Some((x + cell.symbol().width().max(1) as u16, *y, k));
            k
        })
        .collect();
    if keys.is_sorted() {
        return None;
    }
    // Where each style's cells start, then each cell in its style's place (row-major within).
    let mut start = vec![0; styles.len() + 1];
    for &k in &keys {
        start[k + 1] += 1;
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let mut order = vec![0; changes.len()];
    for (i, &k) in keys.iter().enumerate() {
        order[start[k]] = i;
        start[k] += 1;
    }
    Some(order)
}

/// Rows a scroll must spare from being redrawn to be worth its bytes (about 15).
const MIN_ROWS_SPARED: usize = 3;

/// Whole rows that moved: `by` rows up (or down) within `region`, the rows left behind blank.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Shift {
    region: std::ops::Range<u16>,
    by: u16,
    up: bool,
}

/// FNV-1a: rows are hashed only to find candidates, each then compared cell by cell.
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

fn row_hashes(b: &Buffer) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let w = b.area.width as usize;
    b.content
        .chunks(w.max(1))
        .map(|row| {
            let mut h = Fnv(0xcbf2_9ce4_8422_2325);
            row.hash(&mut h);
            h.finish()
        })
        .collect()
}

fn row(b: &Buffer, y: u16) -> &[Cell] {
    let w = b.area.width as usize;
    &b.content[y as usize * w..(y as usize + 1) * w]
}

/// The scroll that spares the most changed rows from being redrawn, if one spares enough:
/// a run of rows whose new content is the old content of the rows `by` below (or above).
fn find_shift(screen: &Buffer, target: &Buffer) -> Option<Shift> {
    let h = screen.area.height;
    let (old, new) = (row_hashes(screen), row_hashes(target));
    let changed = |y: u16| old[y as usize] != new[y as usize];
    let mut best: Option<(usize, Shift)> = None;
    for by in 1..h {
        for up in [true, false] {
            // Row y takes what row `from(y)` showed.
            let from = |y: u16| if up { y + by } else { y.wrapping_sub(by) };
            let ys: Vec<u16> = if up {
                (0..h - by).collect()
            } else {
                (by..h).collect()
            };
            let mut run: Option<(u16, u16, usize)> = None;
            let mut consider = |run: Option<(u16, u16, usize)>| {
                let Some((a, b, spared)) = run else { return };
                // The rows the scroll leaves blank, unchanged before, must be drawn again.
                let blanked: Vec<u16> = if up {
                    (b + 1..=b + by).collect()
                } else {
                    (a - by..a).collect()
                };
                let lost = blanked.iter().filter(|&&y| !changed(y)).count();
                let gain = spared.saturating_sub(lost);
                if gain >= MIN_ROWS_SPARED && best.as_ref().is_none_or(|(g, _)| gain > *g) {
                    let region = if up { a..b + by + 1 } else { a - by..b + 1 };
                    best = Some((gain, Shift { region, by, up }));
                }
            };
            for &y in &ys {
                let f = from(y);
                // Checked cell by cell, not trusting the hash alone.
                if new[y as usize] == old[f as usize] && row(target, y) == row(screen, f) {
                    let spared = usize::from(changed(y));
                    run = Some(match run {
                        Some((a, _, n)) => (a, y, n + spared),
                        None => (y, y, spared),
                    });
                } else {
                    consider(run.take());
                }
            }
            consider(run);
        }
    }
    best.map(|(_, s)| s)
}

/// The screen copy after `shift`, as the terminal shows it.
fn apply_shift(screen: &mut Buffer, shift: &Shift) {
    let w = screen.area.width as usize;
    let h = screen.area.height;
    let (start, end) = (
        shift.region.start.min(h) as usize * w,
        shift.region.end.min(h) as usize * w,
    );
    let cells = &mut screen.content[start..end];
    let by = (shift.by as usize * w).min(cells.len());
    if shift.up {
        cells.rotate_left(by);
        let len = cells.len();
        cells[len - by..].fill(Cell::EMPTY);
    } else {
        cells.rotate_right(by);
        cells[..by].fill(Cell::EMPTY);
    }
}

/// Whether a frame changes enough of the screen for a scroll to be worth looking for: a
/// cursor move in a table changes two rows and a few cells of the panels (about 5% of the
/// screen); a scrolled or jumped table, most of its rows (a fifth and more).
fn may_have_scrolled(changes: &[(u16, u16, Cell)], area: Rect) -> bool {
    changes.len() * 10 >= area.area() as usize
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

    fn cell(s: &str) -> Cell {
        let mut c = Cell::default();
        c.set_symbol(s);
        c
    }

    #[test]
    fn moves_along_a_row_cost_what_the_writer_writes() {
        use crate::wire::along_row;
        assert_eq!(along_row(88, 93, true), "\x1b[5C".len());
        assert_eq!(along_row(81, 93, true), "\x1b[12C".len());
        assert_eq!(along_row(4, 5, true), "\x1b[C".len());
        // After a character other than ASCII the column is not exact: only `ESC [ n G`.
        assert_eq!(along_row(92, 93, false), "\x1b[94G".len());
        assert_eq!(along_row(2, 5, false), "\x1b[6G".len());
    }

    /// The writer's own choice for a move along a row is what the gaps are priced at.
    #[test]
    fn gap_prices_match_the_writers_moves() {
        for (from, to) in [(10u16, 14u16), (10, 12), (0, 99), (50, 93), (3, 15)] {
            let mut w = crate::wire::Wire::sized(Vec::new(), 120, 40);
            use std::io::Write;
            write!(w, "\x1b[3;{}Hx\x1b[3;{}Hy", from + 1, to + 1).unwrap();
            w.flush().unwrap();
            let out = w.get_ref();
            // The first move is absolute (nothing known); the second is the one priced.
            let second = &out[out.iter().position(|&b| b == b'x').unwrap() + 1..out.len() - 1];
            assert_eq!(
                crate::wire::along_row(from + 1, to, true),
                second.len(),
                "{from} -> {to}: {:?}",
                String::from_utf8_lossy(second)
            );
        }
    }

    #[test]
    fn short_gaps_of_the_same_style_are_rewritten_long_ones_jumped() {
        let mut screen = Buffer::empty(Rect::new(0, 0, 30, 2));
        screen.set_string(0, 0, "ab 123 xyz", Style::default());
        // Changes at 0 and 4 (gap of 3 cells): filled; at 20 (gap of 15): jumped.
        let changes = [(0, 0, cell("A")), (4, 0, cell("9")), (20, 0, cell("Z"))];
        let out = with_gaps_filled(changes.iter(), &screen);
        let xs: Vec<u16> = out.iter().map(|(x, _, _)| *x).collect();
        assert_eq!(xs, [0, 1, 2, 3, 4, 20]);
        assert_eq!(out[1].2.symbol(), "b");
        // A gap of another style is jumped (it would cost colour codes).
        screen.set_style(Rect::new(1, 0, 1, 1), Style::default().fg(Color::Blue));
        let out = with_gaps_filled(changes.iter(), &screen);
        let xs: Vec<u16> = out.iter().map(|(x, _, _)| *x).collect();
        assert_eq!(xs, [0, 4, 20]);
        // Never across rows.
        let out = with_gaps_filled([(29, 0, cell("A")), (0, 1, cell("B"))].iter(), &screen);
        assert_eq!(out.len(), 2);
        // After a glyph other than ASCII the writer knows the column again once it has moved
        // over a gap: five cells then cost more than `ESC [ 5 C` and are jumped.
        let mut wide = Buffer::empty(Rect::new(0, 0, 120, 1));
        wide.set_string(101, 0, "hello", Style::default());
        let changes = [(5, 0, cell("█")), (100, 0, cell("a")), (106, 0, cell("b"))];
        let xs: Vec<u16> = with_gaps_filled(changes.iter(), &wide)
            .iter()
            .map(|(x, _, _)| *x)
            .collect();
        assert_eq!(xs, [5, 100, 106]);
    }

    #[test]
    fn by_style_puts_each_styles_cells_together_in_screen_order() {
        let blue = Style::default().fg(Color::Blue);
        let styled = |s: &str, style: Style| {
            let mut c = cell(s);
            c.set_style(style);
            c
        };
        // Where each change goes, in the order by_style draws them.
        let positions = |changes: &[(u16, u16, Cell)]| -> Vec<(u16, u16)> {
            let order = by_style(changes).expect("another order");
            order
                .iter()
                .map(|&i| (changes[i].0, changes[i].1))
                .collect()
        };
        // A table's figures and its sparklines, row after row.
        let changes = [
            (0, 0, cell("1")),
            (5, 0, styled("▅", blue)),
            (0, 1, cell("2")),
            (5, 1, styled("▃", blue)),
            (9, 1, cell("x")),
        ];
        assert_eq!(
            positions(&changes),
            [(0, 0), (0, 1), (9, 1), (5, 0), (5, 1)]
        );
        // A cell under a wide character's second column (ratatui sends one after some
        // emoji) is drawn right after it, whatever its style.
        let wide = [
            (0, 0, cell("z")),
            (3, 0, styled("中", blue)),
            (4, 0, cell(" ")),
            (0, 1, styled("a", blue)),
            (6, 1, cell("q")),
        ];
        assert_eq!(positions(&wide), [(0, 0), (6, 1), (3, 0), (4, 0), (0, 1)]);
        // Already style by style: nothing to weigh.
        assert_eq!(by_style(&changes[..2]), None);
        assert_eq!(by_style(&[]), None);
    }

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
