//! The help screen, generated from the keymap table: the same bindings that drive the keys.

use super::Theme;
use crate::keymap::{self, BINDINGS, Mode};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

/// Every binding, grouped by mode, as lines.
pub fn lines(theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (mode, heading) in [
        (Mode::Normal, "Browsing"),
        (Mode::Filter, "Filter prompt (/)"),
        (Mode::Export, "Export prompt (x)"),
        (
            Mode::Detail,
            "A line's whole text (Enter on a focused panel)",
        ),
        (Mode::Warnings, "Warnings screen (w)"),
    ] {
        out.push(Line::styled(heading, theme.header));
        let mut seen: Vec<&str> = Vec::new();
        for b in BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
            if mode != Mode::Normal && b.modes.contains(&Mode::Normal) {
                continue;
            }
            if seen.contains(&b.label) {
                continue;
            }
            seen.push(b.label);
            out.push(Line::raw(format!(
                "  {:<16} {}",
                keymap::keys_text(b),
                b.label
            )));
        }
        out.push(Line::raw(""));
    }
    out.push(Line::styled(
        "In a prompt other keys edit the text; ? or Esc closes this help.",
        theme.muted,
    ));
    out
}

/// Draws the help over the screen, centred, scrolled by `scroll` lines when it is too tall;
/// labels too long for the screen wrap under themselves.
pub fn render(area: Rect, scroll: u16, buf: &mut Buffer, theme: &Theme) {
    let width = lines(theme)
        .iter()
        .map(|l| l.width() as u16 + 4)
        .max()
        .unwrap_or(20)
        .min(area.width);
    let room = width.saturating_sub(2) as usize;
    let lines: Vec<Line> = lines(theme)
        .iter()
        .flat_map(|l| {
            if l.width() <= room {
                vec![l.clone()]
            } else {
                super::lines::wrap_at(l, room, 19)
            }
        })
        .collect();
    let overflow = (lines.len() as u16 + 2).saturating_sub(area.height);
    let height = (lines.len() as u16 + 2).min(area.height);
    let x = area.x + (area.width - width) / 2;
    let y = area.y + (area.height - height) / 2;
    let popup = Rect::new(x, y, width, height);
    Clear.render(popup, buf);
    let title = if overflow > 0 {
        " Keys (↑↓ scroll) "
    } else {
        " Keys "
    };
    Paragraph::new(lines)
        .scroll((scroll.min(overflow), 0))
        .block(Block::bordered().title(title).border_style(theme.focus))
        .render(popup, buf);
}
