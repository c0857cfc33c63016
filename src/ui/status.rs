//! The footer: key hints of the current mode (from the keymap), the count of load problems
//! and the filter's result; while filtering, the prompt with its cursor.

use super::{Theme, put_line};
use crate::app::App;
use crate::keymap::{self, Mode};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The prompt before the text typed, by mode.
fn prompt(app: &App) -> &'static str {
    match app.mode() {
        Mode::Export => " export the table as CSV to: ",
        _ => " filter (8, 1-10, turnout>30, text) / ",
    }
}

/// Whether the footer is a prompt (filter or export path).
pub fn is_prompt(app: &App) -> bool {
    matches!(app.mode(), Mode::Filter | Mode::Export)
}

/// Where the cursor sits in the prompt, and how far the text is scrolled.
pub fn prompt_cursor(app: &App, footer: Rect) -> (u16, usize) {
    let p = prompt(app).chars().count();
    let room = (footer.width as usize).saturating_sub(p + 1);
    let scroll = app.input().visual_scroll(room);
    let x = footer.x as usize + p + app.input().visual_cursor() - scroll;
    (
        x.min(footer.right().saturating_sub(1) as usize) as u16,
        scroll,
    )
}

/// Draws the footer.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if is_prompt(app) {
        let (_, scroll) = prompt_cursor(app, area);
        let text: String = app.input().value().chars().skip(scroll).collect();
        let line = Line::from(vec![
            Span::styled(prompt(app), theme.header),
            Span::raw(text),
        ]);
        put_line(buf, area, area.y, line);
        if let Some(why) = app.prompt_error()
            && area.height > 1
        {
            let after = match app.mode() {
                Mode::Export => "",
                _ => " (Enter tries again, Esc keeps the old filter)",
            };
            let line = Line::styled(format!(" {why}{after}"), theme.warning);
            put_line(buf, area, area.y + 1, line);
        }
        return;
    }
    let ds = app.dataset();
    let errors = ds.report.errors().count();
    let warnings = ds.report.problems.len() - errors;
    let mut status = Vec::new();
    if errors + warnings > 0 {
        status.push(Span::styled(
            format!(
                " {}, {} (w) ",
                crate::numbers::plural(errors, "error"),
                crate::numbers::plural(warnings, "warning")
            ),
            theme.warning,
        ));
    }
    if let Some(m) = app.message() {
        // A message replaces the hints until the next key.
        let mut spans = vec![Span::styled(format!(" {m}"), theme.warning)];
        let used: usize = spans[0].width() + status.iter().map(|s| s.width()).sum::<usize>();
        spans.push(Span::raw(
            " ".repeat((area.width as usize).saturating_sub(used)),
        ));
        spans.extend(status);
        put_line(buf, area, area.y, Line::from(spans));
        return;
    }
    let status_width: usize = status.iter().map(|s| s.width()).sum();
    let room = (area.width as usize).saturating_sub(status_width);
    // The last hints (panel, help, quit) always show; the ones before them as room allows.
    // The place key only where there is another place to go to.
    let one_place = app.places().0.len() < 2;
    // In a ward's divisions, Enter has nothing more to open: the hint is the way back.
    let drilled = app.divisions_of().is_some();
    let hints: Vec<(String, &str)> = keymap::hints(app.mode())
        .into_iter()
        .filter(|(_, word)| !(one_place && *word == "place"))
        .map(|(k, w)| match (drilled, w) {
            (true, "divisions") => ("Esc".to_string(), "back"),
            _ => (k, w),
        })
        .collect();
    let width = |(k, w): &(String, &str)| k.chars().count() + w.chars().count() + 3;
    let tail = hints.len().saturating_sub(3);
    let mut budget = room.saturating_sub(hints[tail..].iter().map(width).sum());
    let mut chosen = Vec::new();
    for (i, h) in hints.iter().enumerate() {
        if i >= tail {
            chosen.push(h);
        } else if width(h) <= budget {
            budget -= width(h);
            chosen.push(h);
        } else {
            budget = 0;
        }
    }
    let mut spans = Vec::new();
    let mut used = 0usize;
    for h in chosen {
        let (keys, word) = h;
        let w = width(h);
        if used + w > room {
            break;
        }
        used += w;
        spans.push(Span::styled(format!(" {keys}"), theme.header));
        spans.push(Span::raw(format!(" {word} ")));
    }
    spans.push(Span::raw(" ".repeat(room.saturating_sub(used))));
    spans.extend(status);
    put_line(buf, area, area.y, Line::from(spans));
}
