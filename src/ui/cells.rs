//! Text into the buffer's cells, as ratatui writes it but faster where it can be: text made
//! only of one-cell glyphs (ASCII, block elements, box drawing) goes straight into the cells,
//! without grapheme segmentation or width lookups; anything else goes ratatui's way.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

/// Whether every character of `text` is a grapheme of its own one cell wide that nothing
/// can join: printable ASCII, and the glyphs the screen draws with (block elements, box
/// drawing, the middle dot, arrows, triangles, dashes, the ellipsis, the check mark). A
/// combining mark or anything else sends the text the slow, exact way.
fn one_cell_each(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(c,
            ' '..='~'
            | '\u{B7}'
            | '\u{2013}' | '\u{2014}' | '\u{2020}' | '\u{2026}'
            | '\u{2190}'..='\u{2193}'
            | '\u{2500}'..='\u{259F}'
            | '\u{25B2}' | '\u{25BC}'
            | '\u{2713}')
    })
}

/// `Buffer::set_line`, with spans of `one_cell_each` written straight into the cells (no
/// grapheme segmentation or width lookups); anything else goes through `Buffer::set_stringn`
/// as in `set_line`.
pub(super) fn set_line(buf: &mut Buffer, x: u16, y: u16, line: &Line<'_>, max_width: u16) {
    let mut remaining = max_width;
    let mut x = x;
    for span in line {
        if remaining == 0 {
            break;
        }
        let style = line.style.patch(span.style);
        let text = span.content.as_ref();
        let to = if one_cell_each(text) {
            if y >= buf.area.bottom() || x >= buf.area.right() || y < buf.area.y || x < buf.area.x {
                return;
            }
            let n = text
                .chars()
                .count()
                .min(remaining as usize)
                .min((buf.area.right() - x) as usize);
            let start = buf.index_of(x, y);
            for (cell, c) in buf.content[start..start + n].iter_mut().zip(text.chars()) {
                cell.set_char(c);
                cell.set_style(style);
            }
            x + n as u16
        } else {
            buf.set_stringn(x, y, text, remaining as usize, style).0
        };
        remaining = remaining.saturating_sub(to.saturating_sub(x));
        x = to;
    }
}

/// Writes `text` into `width` cells from (x, y) with `style` patched on its characters, as a
/// `Line` of one `Span` would (right-aligned: pushed to the right edge, and cut on the left
/// where too long). Text of `one_cell_each` (nearly every cell of a table: figures,
/// sparklines) goes straight into the cells.
pub(super) fn put_cell(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    width: u16,
    text: &str,
    style: Style,
    right: bool,
) {
    if width == 0 || !buf.area.contains(Position::new(x, y)) {
        return;
    }
    let width = width.min(buf.area.right() - x);
    if one_cell_each(text) {
        let len = text.chars().count();
        if len == 0 {
            return;
        }
        let (skip, at) = match (right, len > width as usize) {
            (true, true) => (len - width as usize, x),
            (true, false) => (0, x + width - len as u16),
            (false, _) => (0, x),
        };
        let row = buf.index_of(at, y);
        for (i, c) in text.chars().skip(skip).take(width as usize).enumerate() {
            let cell = &mut buf.content[row + i];
            cell.set_char(c);
            cell.set_style(style);
        }
        return;
    }
    let line = Line::from(Span::styled(text, style));
    let line = if right { line.right_aligned() } else { line };
    line.render(Rect::new(x, y, width, 1), buf);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Color;

    /// Each character `one_cell_each` lets through is drawn by ratatui as one cell of its own.
    #[test]
    fn one_cell_each_holds_for_every_character_it_takes() {
        let mut seen = 0;
        for c in (0u32..0x3000).filter_map(char::from_u32) {
            let text = format!("{c}{c}");
            if !one_cell_each(&text) {
                continue;
            }
            seen += 1;
            let mut buf = Buffer::empty(Rect::new(0, 0, 4, 1));
            let end = buf.set_stringn(0, 0, &text, 4, Style::new()).0;
            assert_eq!(end, 2, "{c:?} ({:x})", c as u32);
            assert_eq!(buf[(0, 0)].symbol(), c.to_string(), "{c:?}");
        }
        assert!(seen > 200, "{seen}");
        assert!(!one_cell_each("e\u{301}"));
        assert!(!one_cell_each("張"));
    }

    /// `set_line` (the panels' lines) draws what `Buffer::set_line` draws.
    #[test]
    fn set_line_draws_what_the_buffer_draws() {
        let blue = Style::new().fg(Color::Blue);
        let lines = [
            Line::from("plain ASCII text"),
            Line::from(vec![
                Span::styled("2015 ", blue),
                Span::raw("█████│█▌ "),
                Span::raw("33.0%"),
            ]),
            Line::styled("the line's style", Style::new().bold()),
            Line::from(vec![
                Span::raw("José "),
                Span::styled("張偉 Wei", blue),
                Span::raw(" end"),
            ]),
            Line::from(vec![Span::raw(""), Span::raw("a\tb"), Span::raw("x")]),
        ];
        for line in &lines {
            for (x, width) in [(0u16, 30u16), (3, 5), (20, 30), (29, 4), (0, 0), (2, 9)] {
                let area = Rect::new(0, 0, 30, 2);
                let mut want = Buffer::empty(area);
                want.set_line(x, 1, line, width);
                let mut got = Buffer::empty(area);
                set_line(&mut got, x, 1, line, width);
                assert_eq!(got, want, "{line:?} at {x} in {width}");
            }
        }
    }

    /// `put_cell` (the ward table's cells) draws what a `Line` of the same text draws in the
    /// same width, left or right-aligned, cut or not, ASCII or not.
    #[test]
    fn put_cell_draws_what_a_line_draws() {
        let style = Style::new().fg(Color::Blue);
        for text in [
            "",
            "01",
            "13,187",
            "27.2%",
            "-0.4 pp",
            "a long ward name",
            "▅▄·▇",
            "José 03",
            "張偉",
        ] {
            for (x, width) in [
                (2u16, 0u16),
                (2, 1),
                (2, 3),
                (2, 6),
                (2, 9),
                (2, 20),
                (20, 9),
                (23, 3),
            ] {
                for right in [false, true] {
                    let area = Rect::new(0, 0, 24, 1);
                    let mut want = Buffer::empty(area);
                    let line = Line::from(Span::styled(text, style));
                    let line = if right { line.right_aligned() } else { line };
                    // Clipped to the buffer's edge, as a widget's area would be.
                    let clipped = Rect::new(x, 0, width, 1).intersection(area);
                    line.render(clipped, &mut want);
                    let mut got = Buffer::empty(area);
                    put_cell(&mut got, x, 0, width, text, style, right);
                    assert_eq!(got, want, "{text:?} at {x} in {width}, right: {right}");
                }
            }
        }
    }
}
