//! The popup with a panel line's whole text: names, endorsers and source addresses in full,
//! wrapped to the screen so the mouse can select them, scrolled with ↑↓ when long.

use super::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

/// The popup's lines at `width` columns: each text line wrapped under its own indent, so the
/// height is exact and ↑↓ reach the last line.
fn wrapped(text: &str, width: usize) -> Vec<Line<'static>> {
    text.lines()
        .flat_map(|l| {
            let line = Line::raw(l.to_string());
            if line.width() <= width {
                vec![line]
            } else {
                let indent = l.chars().take_while(|c| *c == ' ').count();
                super::lines::wrap_at(&line, width, indent)
            }
        })
        .collect()
}

/// Draws `text` in a popup over the middle of the screen.
pub fn render(text: &str, scroll: u16, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let width = area
        .width
        .saturating_sub(4)
        .min(100)
        .max(area.width.min(20));
    let lines = wrapped(text, width.saturating_sub(2).max(1) as usize);
    let rows = lines.len() as u16;
    let height = (rows + 2).min(area.height.saturating_sub(2)).max(3);
    let overflow = (rows + 2).saturating_sub(height);
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
    Paragraph::new(lines)
        .scroll((scroll.min(overflow), 0))
        .block(Block::bordered().title(title).border_style(theme.focus))
        .render(popup, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_address_wraps_under_its_indent_and_every_part_is_counted() {
        let text = "sources:\n    https://www.example.com/a/very/long/path/to/an/article.html";
        let lines = wrapped(text, 30);
        assert_eq!(lines.len(), 4);
        assert!(lines[2].to_string().starts_with("    "), "{:?}", lines[2]);
        let joined: String = lines[1..]
            .iter()
            .map(|l| l.to_string().trim().to_string())
            .collect();
        assert_eq!(
            joined,
            "https://www.example.com/a/very/long/path/to/an/article.html"
        );
    }
}
