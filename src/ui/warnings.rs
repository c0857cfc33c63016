//! The load warnings screen (`w`): every problem with file:line:col, and overrides between
//! sources, scrollable.

use super::{Theme, panel};
use crate::app::App;
use crate::data::Severity;
use crate::numbers::thousands;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

/// Draws the problems of the load.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let ds = app.dataset();
    let mut lines: Vec<Line> = Vec::new();
    if ds.report.problems.is_empty() && ds.report.overrides.is_empty() {
        lines.push(Line::raw("Every file loaded without a problem."));
    }
    for p in &ds.report.problems {
        let style = match p.severity() {
            Severity::Error => theme.warning,
            Severity::Warning => theme.muted,
        };
        lines.push(Line::styled(p.to_string(), style));
    }
    for o in &ds.report.overrides {
        lines.push(Line::raw(format!(
            "override: {} figures of {} replaced by {}",
            thousands(o.count),
            o.earlier,
            o.later
        )));
    }
    let lines_len = lines.len() as u16;
    let errors = ds.report.errors().count();
    let title = format!(
        " Load problems: {errors} errors (rows or files left out), {} warnings · w or Esc closes ",
        ds.report.problems.len() - errors
    );
    Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .scroll((app.warnings_scroll().min(lines_len.saturating_sub(1)), 0))
        .block(panel(Line::from(title), true, theme))
        .render(area, buf);
}
