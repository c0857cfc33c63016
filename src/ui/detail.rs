//! The popup with a panel line's whole text: names, endorsers and source addresses in full,
//! wrapped to the screen so the mouse can select them, scrolled with ↑↓ when long.

use super::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

/// Draws `text` in a popup over the middle of the screen.
pub fn render(text: &str, scroll: u16, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let width = area
        .width
        .saturating_sub(4)
        .min(100)
        .max(area.width.min(20));
    let inner_w = width.saturating_sub(2).max(1) as usize;
    // Rows the wrapped text takes (long lines over several).
    let rows: usize = text
        .lines()
        .map(|l| {
            unicode_width::UnicodeWidthStr::width(l)
                .div_ceil(inner_w)
                .max(1)
        })
        .sum();
    let height = (rows as u16 + 2).min(area.height.saturating_sub(2)).max(3);
    let overflow = (rows as u16 + 2).saturating_sub(height);
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    Clear.render(popup, buf);
    let title = if overflow > 0 {
        " Whole text · ↑↓ scroll · y copy · Esc close "
    } else {
        " Whole text · y copy · Esc close "
    };
    let lines: Vec<Line> = text.lines().map(|l| Line::raw(l.to_string())).collect();
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((scroll.min(overflow), 0))
        .block(Block::bordered().title(title).border_style(theme.focus))
        .render(popup, buf);
}
