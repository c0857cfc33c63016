//! What a frame's changes cost in bytes, drawn in a given order by crossterm's backend through
//! the `Wire` writer: counted by drawing them (`frame_bytes`), or worked out without writing
//! anything (`price`, what `Frugal` weighs two orders by on every frame).

use super::sgr::{Sgr, sgr_len};
use super::{Cursor, Wire, advance, moves};
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::Cell;
use ratatui::layout::Size;
use ratatui::style::Style;
use std::cell::RefCell;
use std::io::{self, Write};

/// The bytes `cells` cost drawn in the order given by crossterm's backend through a `Wire` on
/// a terminal of `size`, at the start of a frame after another (the cursor to be found again,
/// the attributes reset): counted by drawing them.
pub fn frame_bytes(cells: &[(u16, u16, Cell)], size: Size) -> usize {
    /// Counts what is written.
    struct Tally(usize);
    impl Write for Tally {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut tally = Tally(0);
    let mut wire = Wire::sized(&mut tally, size.width, size.height);
    wire.sgr = Some(Sgr::default());
    let mut backend = CrosstermBackend::new(wire);
    let drawn = backend.draw(cells.iter().map(|(x, y, c)| (*x, *y, c)));
    if drawn.and_then(|()| Backend::flush(&mut backend)).is_err() {
        return usize::MAX;
    }
    drop(backend);
    tally.0
}

/// What `frame_bytes` counts for `cells`, worked out cell by cell with the writer's own rules
/// (its moves, its changes of attributes, where it loses the column) without encoding them.
pub fn price(cells: &[(u16, u16, Cell)], size: Size) -> usize {
    let mut last_style: Option<(Style, Sgr)> = None;
    let mut bytes = 0;
    let mut cursor: Option<Cursor> = None;
    let mut sent = Sgr::default();
    let mut last: Option<(u16, u16)> = None;
    for (x, y, cell) in cells {
        // crossterm's backend asks for a move unless the cell follows the last one.
        if !matches!(last, Some((lx, ly)) if *x == lx + 1 && y == &ly) {
            // As crossterm writes `MoveTo`, or shorter.
            let absolute = moves::absolute_len((*y, *x));
            if *y < size.height && *x < size.width {
                bytes += moves::shortest(cursor, (*y, *x), size.width, true, absolute)
                    .map_or(absolute, |m| m.len());
                cursor = Some(Cursor {
                    row: *y,
                    col: *x,
                    exact: true,
                });
            } else {
                bytes += absolute;
                cursor = None;
            }
        }
        last = Some((*x, *y));
        let symbol = cell.symbol();
        if symbol.is_empty() {
            continue;
        }
        let style = cell.style();
        // Runs of one style are the rule: the last one first.
        let want = match last_style {
            Some((s, sgr)) if s == style => sgr,
            _ => sgr_of(cell),
        };
        last_style = Some((style, want));
        if want != sent {
            bytes += sgr_len(&sent.change_to(want));
            sent = want;
        }
        for c in symbol.chars() {
            bytes += c.len_utf8();
            if (c as u32) < 0x20 || c == '\x7f' {
                if c != '\x07' {
                    cursor = None;
                }
            } else {
                advance(&mut cursor, c, size.width);
            }
        }
    }
    // The frame ends with the attributes reset.
    if sent != Sgr::default() {
        bytes += sgr_len(&sent.change_to(Sgr::default()));
    }
    bytes
}

thread_local! {
    /// The attributes of the styles priced before (a screen has a few dozen at most).
    static KNOWN: RefCell<Vec<(Style, Sgr)>> = const { RefCell::new(Vec::new()) };
}

/// The attributes the writer sends for `cell`'s style: what crossterm's backend writes for
/// it, as the writer reads that (worked out once a style).
fn sgr_of(cell: &Cell) -> Sgr {
    let style = cell.style();
    KNOWN.with_borrow_mut(|known| {
        if let Some((_, sgr)) = known.iter().find(|(s, _)| *s == style) {
            return *sgr;
        }
        let mut wire = Wire::sized(io::sink(), 2, 1);
        wire.sgr = Some(Sgr::default());
        let mut one = cell.clone();
        one.set_symbol("x");
        // The attributes are those the writer had sent when it printed the `x` (the frame's
        // closing reset only waits for text to come).
        let _ = CrosstermBackend::new(&mut wire).draw(std::iter::once((0, 0, &one)));
        let sgr = wire.sgr.unwrap_or_default();
        if known.len() >= 256 {
            known.clear();
        }
        known.push((style, sgr));
        sgr
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};

    fn cell(symbol: &str, style: Style) -> Cell {
        let mut c = Cell::default();
        c.set_symbol(symbol).set_style(style);
        c
    }

    /// Cells the explorer seldom draws: wide and combining characters, the last column,
    /// colours of all kinds, modifiers taken off one at a time, an empty symbol.
    #[test]
    fn the_price_is_what_the_writer_sends_for_awkward_cells() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let dim = Style::new().add_modifier(Modifier::DIM);
        let rgb = Style::new().fg(Color::Rgb(1, 2, 3)).bg(Color::Indexed(200));
        let under = Style::new()
            .add_modifier(Modifier::UNDERLINED | Modifier::REVERSED)
            .underline_color(Color::Red);
        let cells = vec![
            (0, 0, cell("中", bold)),
            (2, 0, cell("x", dim)),
            (3, 0, cell("e\u{301}", rgb)),
            (19, 0, cell("█", under)),
            (0, 1, cell("a", Style::new().fg(Color::LightBlue))),
            (1, 1, cell("", bold)),
            (
                7,
                1,
                cell("b", Style::new().fg(Color::Blue).bg(Color::Gray)),
            ),
            (3, 1, cell("c", Style::new())),
            (19, 2, cell("z", dim)),
            (0, 3, cell("y", bold)),
            (5, 3, cell("▌", rgb)),
            (9, 3, cell("w", rgb)),
        ];
        let size = Size::new(20, 4);
        for n in 1..=cells.len() {
            for order in [
                cells[..n].to_vec(),
                cells[..n].iter().rev().cloned().collect(),
            ] {
                assert_eq!(price(&order, size), frame_bytes(&order, size), "{order:?}");
            }
        }
    }
}
