//! The trend panel: the selected ward against the city, one line per year: a bar for the ward,
//! a mark at the city's value, both values, and which years are first, last, highest, lowest.

use super::{Theme, panel};
use crate::app::{App, Focus};
use crate::data::Measure;
use crate::numbers::thousands;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

fn value_text(v: Option<f64>, is_rate: bool) -> String {
    match v {
        None => "—".into(),
        Some(v) if is_rate => format!("{:.1}%", v * 100.0),
        Some(v) => thousands(v.round() as u64),
    }
}

/// A bar of `cells` cells for `v` out of `max`, with `│` where the city's value falls.
fn bar(v: Option<f64>, city: Option<f64>, max: f64, cells: usize) -> (String, Option<usize>) {
    let mut chars = vec![' '; cells];
    if let Some(v) = v.filter(|_| max > 0.0) {
        let eighths = ((v / max).clamp(0.0, 1.0) * (cells * 8) as f64).round() as usize;
        for c in chars.iter_mut().take(eighths / 8) {
            *c = '█';
        }
        if eighths / 8 < cells && eighths % 8 > 0 {
            chars[eighths / 8] = EIGHTHS[eighths % 8];
        }
    }
    let mark = city.filter(|_| max > 0.0 && cells > 0).map(|c| {
        (((c / max).clamp(0.0, 1.0) * cells as f64) as usize).min(cells.saturating_sub(1))
    });
    (chars.into_iter().collect(), mark)
}

/// Draws the trend of the selected ward against the city.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let view = app.view();
    let s = &view.series;
    let what = match (view.measure, s.is_rate) {
        (_, true) => "turnout, ballots / registered",
        (Some(Measure::TopRaceVotes), false) => "votes in the top race",
        _ => "ballots cast",
    };
    let ward = app.ward();
    let units = app.units();
    let title = match ward {
        Some(w) if app.divisions_of().is_some() => {
            format!(
                " Division {} vs {} · {what} ",
                app.row_label(w),
                units.whole
            )
        }
        Some(w) => format!(" Ward {w} vs city · {what} "),
        None => format!(" Trend · {what} "),
    };
    let block = panel(Line::from(title), app.focus() == Focus::Trend, theme);
    let Some(w) = app.ward_index() else {
        Paragraph::new(format!("No {} selected.", units.one))
            .block(block)
            .render(area, buf);
        return;
    };
    let values = &s.wards[w];
    // Which years to tag: first and last with data, the highest and the lowest.
    let present: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    let first = present.first().map(|p| p.0);
    let last = present.last().map(|p| p.0);
    let high = present
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|p| p.0);
    let low = present
        .iter()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|p| p.0);
    // The city is on its own scale when values are counts (a ward is a sliver of the city).
    let city_max = if s.is_rate {
        s.max
    } else {
        s.city.iter().flatten().fold(0.0f64, |m, &v| m.max(v))
    };
    let inner = area.width.saturating_sub(2) as usize;
    // Year, the bar, then ` 39.7% city 27.5% last,high`.
    let text_width = 30usize;
    let cells = inner.saturating_sub(5 + text_width).clamp(0, 30);
    let mut lines = Vec::with_capacity(app.tabs().len());
    for (i, tab) in app.tabs().iter().enumerate() {
        let v = values[i];
        let c = s.city[i];
        let (b, mark) = if s.is_rate {
            bar(v, c, s.max, cells)
        } else {
            (bar(v, None, s.max, cells).0, None)
        };
        let mut spans = vec![Span::styled(
            format!("{} ", tab.year),
            if i == app.tab_index() {
                theme.tab
            } else {
                theme.header
            },
        )];
        match mark {
            Some(m) => {
                let chars: Vec<char> = b.chars().collect();
                let before: String = chars[..m].iter().collect();
                let after: String = chars[m + 1..].iter().collect();
                spans.push(Span::styled(before, theme.bar));
                spans.push(Span::styled("│", theme.city));
                spans.push(Span::styled(after, theme.bar));
            }
            None => spans.push(Span::styled(b, theme.bar)),
        }
        let city_text = if s.is_rate || city_max > 0.0 {
            format!(" {} {}", units.whole, value_text(c, s.is_rate))
        } else {
            String::new()
        };
        let mut tags = Vec::new();
        // In compare mode: which years are the base (A) and the compared (B) election.
        if let Some(c) = &app.view().compare {
            if tab.election == Some(c.table.a) {
                tags.push("A");
            }
            if tab.election == Some(c.table.b) {
                tags.push("B");
            }
        }
        for (tag, at) in [
            ("first", first),
            ("last", last),
            ("high", high),
            ("low", low),
        ] {
            if at == Some(i) {
                tags.push(tag);
            }
        }
        spans.push(Span::raw(format!(" {:>7}", value_text(v, s.is_rate))));
        spans.push(Span::styled(city_text, theme.city));
        if !tags.is_empty() {
            spans.push(Span::styled(format!(" {}", tags.join(",")), theme.muted));
        }
        if v.is_none() && tab.election.is_none() {
            spans.push(Span::styled(" no file", theme.muted));
        }
        lines.push(Line::from(spans));
    }
    if values.iter().any(Option::is_none) {
        lines.push(super::muted(
            "— no figure that year in this measure (m: the other)",
            theme,
        ));
    }
    Paragraph::new(lines).block(block).render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_fill_in_eighths_and_mark_the_city() {
        assert_eq!(bar(Some(0.5), Some(1.0), 1.0, 4), ("██  ".into(), Some(3)));
        assert_eq!(bar(Some(0.25 + 1.0 / 32.0), None, 1.0, 4).0, "█▏  ");
        assert_eq!(bar(None, Some(0.0), 1.0, 4), ("    ".into(), Some(0)));
    }
}
