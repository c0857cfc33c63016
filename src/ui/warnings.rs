//! The load warnings screen (`w`): every problem with file:line:col, and overrides between
//! sources, scrollable.

use super::{Theme, panel};
use crate::app::App;
use crate::data::Severity;
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
    // Errors first (rows or files left out), then warnings, each in load order.
    for severity in [Severity::Error, Severity::Warning] {
        let style = match severity {
            Severity::Error => theme.warning,
            Severity::Warning => theme.muted,
        };
        for p in ds
            .report
            .problems
            .iter()
            .filter(|p| p.severity() == severity)
        {
            lines.push(Line::styled(p.to_string(), style));
        }
    }
    for o in &ds.report.overrides {
        lines.push(Line::raw(format!(
            "override: {} of {} replaced by {}",
            crate::numbers::counted(o.count, "figure"),
            o.earlier,
            o.later
        )));
    }
    // Rows the wrapped lines take, so that scrolling stops at the last one, not before.
    let inner = area.width.saturating_sub(2).max(1) as usize;
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let visible = area.height.saturating_sub(2) as usize;
    let last_top = rows.saturating_sub(visible).min(u16::MAX as usize) as u16;
    let errors = ds.report.errors().count();
    let title = format!(
        " Load problems: {} (rows or files left out), {} · w or Esc closes ",
        crate::numbers::plural(errors, "error"),
        crate::numbers::plural(ds.report.problems.len() - errors, "warning")
    );
    Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .scroll((app.warnings_scroll().min(last_top), 0))
        .block(panel(Line::from(title), true, theme))
        .render(area, buf);
}
