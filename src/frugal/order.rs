//! The order of a frame's changes: row by row with short gaps filled, or style by style.

use ratatui::buffer::{Buffer, Cell};
use unicode_width::UnicodeWidthStr;

/// The cells to send for `changes` (in the order they are to be drawn, left to right along
/// a row), with short gaps between changed runs of a row filled from `screen` (the frame as
/// it is to show) where that costs no more bytes than the cursor move it saves (as `Wire`
/// would write it) and needs no change of style.
pub(super) fn with_gaps_filled<'a>(
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
pub(super) fn by_style(changes: &[(u16, u16, Cell)]) -> Option<Vec<usize>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
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
}
