//! The trend panel: the selected ward against the city, one line per year: a bar for the ward,
//! a mark at the city's value, both values, and which years are first, last, highest, lowest.

use super::lines::PanelLine;
use super::{Theme, panel};
use crate::app::{App, Focus};
use crate::data::Measure;
use crate::numbers::thousands;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

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

/// What the trend measures, as its title says it.
fn measure_text(app: &App) -> &'static str {
    let view = app.view();
    match (view.measure, view.series.is_rate) {
        (_, true) => "turnout, ballots / registered",
        (Some(Measure::TopRaceVotes), false) => "votes in the top race",
        _ => "ballots cast",
    }
}

/// A line of the trend: a year (a tab), or a run of years without a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Year(usize),
    Folded(usize, usize),
}

/// Which years get a line of their own for the ward at `w` (in `Dataset::wards`): a run of two
/// or more years with no figure, neither the ward's nor the city's, folds into one line; the
/// selected year never does. No text is made here: the layout asks for it on every frame.
fn plan(app: &App, w: usize) -> Vec<Row> {
    let s = &app.view().series;
    let n = app.tabs().len();
    let empty = |i: usize| s.wards[w][i].is_none() && s.city[i].is_none() && i != app.tab_index();
    let mut rows = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let run = (i..n).take_while(|&k| empty(k)).count();
        if run >= 2 {
            rows.push(Row::Folded(i, i + run - 1));
            i += run;
        } else {
            rows.push(Row::Year(i));
            i += 1;
        }
    }
    rows
}

/// How many lines the panel has before wrapping (for the layout's height).
pub fn line_count(app: &App) -> usize {
    match app.ward_index() {
        Some(w) => {
            let note = app.view().series.wards[w].iter().any(Option::is_none);
            plan(app, w).len() + usize::from(note)
        }
        None => 1,
    }
}

/// The panel's lines, one per year, runs of years without any figure in the measure folded
/// into one (`2002-2013: no figure in this measure`), the selected year always its own line;
/// and which line holds the selected year.
pub fn lines(app: &App, room: usize, theme: &Theme) -> (Vec<PanelLine>, Option<usize>) {
    let s = &app.view().series;
    let units = app.units();
    let Some(w) = app.ward_index() else {
        return (
            vec![PanelLine::prose(format!("No {} selected.", units.one))],
            None,
        );
    };
    let values = &s.wards[w];
    // Which years to tag: first and last with data, the highest and the lowest (none where
    // one year alone has data: it would be all four).
    let present: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    let present = if present.len() > 1 {
        present
    } else {
        Vec::new()
    };
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
    let tabs = app.tabs();
    // Year, the bar, then ` 39.7% city 27.5% last,high`: the bar takes what the widest text
    // leaves, up to 60 cells.
    let text_of = |i: usize| {
        let city = if s.is_rate || city_max > 0.0 {
            format!(" {} {}", units.whole, value_text(s.city[i], s.is_rate))
        } else {
            String::new()
        };
        let mut tags = Vec::new();
        // In compare mode: which years are the base (A) and the compared (B) election.
        if let Some(c) = &app.view().compare {
            if tabs[i].election == Some(c.table.a) {
                tags.push("A");
            }
            if tabs[i].election == Some(c.table.b) {
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
        (
            format!(" {:>7}", value_text(values[i], s.is_rate)),
            city,
            tags,
        )
    };
    // The tags change from ward to ward: room is kept for two (` first,high`; with compare's
    // `A,`), so that the bars keep their length and the figures their columns as the
    // selection moves (a key then rewrites only what changed, not every line); a rarer third
    // tag is cut with `…` (Enter shows the line whole).
    let tag_room = if app.view().compare.is_some() {
        " A,first,high".len()
    } else {
        " first,high".len()
    };
    let widest = (0..tabs.len())
        .map(|i| {
            let (v, c, _) = text_of(i);
            // A year without a figure has no tags but compare's (` A,B`); where no file
            // covers it, ` no file`.
            let after = match values[i] {
                Some(_) => tag_room,
                None => {
                    let ab = if app.view().compare.is_some() {
                        " A,B".len()
                    } else {
                        0
                    };
                    let no_file = if tabs[i].election.is_none() {
                        " no file".len()
                    } else {
                        0
                    };
                    ab + no_file
                }
            };
            v.chars().count() + c.chars().count() + after
        })
        .max()
        .unwrap_or(0);
    let cells = room.saturating_sub(5 + widest).clamp(0, 60);
    let mut out = Vec::with_capacity(tabs.len());
    let mut selected = None;
    for row in plan(app, w) {
        let i = match row {
            Row::Folded(first, last) => {
                let (a, b) = (tabs[first].year, tabs[last].year);
                out.push(PanelLine::prose(super::muted(
                    format!("{a}-{b}: no figure in this measure"),
                    theme,
                )));
                continue;
            }
            Row::Year(i) => i,
        };
        if i == app.tab_index() {
            selected = Some(out.len());
        }
        let tab = &tabs[i];
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
        let (value, city_text, tags) = text_of(i);
        spans.push(Span::styled(value, theme.bar));
        spans.push(Span::styled(city_text, theme.city));
        if !tags.is_empty() {
            spans.push(Span::styled(format!(" {}", tags.join(",")), theme.muted));
        }
        if v.is_none() && tab.election.is_none() {
            spans.push(Span::styled(" no file", theme.muted));
        }
        let place = match app.ward() {
            Some(w) if app.divisions_of().is_some() => format!("Division {}", app.row_label(w)),
            Some(w) => format!("Ward {w}"),
            None => String::new(),
        };
        let mut detail = format!(
            "{} {} ({}) · {}\n{place}: {}\n{}: {}",
            tab.year,
            tab.kind,
            tab.date,
            measure_text(app),
            value_text(v, s.is_rate),
            units.whole,
            value_text(c, s.is_rate)
        );
        if !tags.is_empty() {
            detail.push_str(&format!("\n{}", tags.join(", ")));
        }
        if tab.election.is_none() {
            detail.push_str("\nno turnout file loaded for this election");
        }
        out.push(PanelLine::row(Line::from(spans)).with_detail(detail));
    }
    if values.iter().any(Option::is_none) {
        out.push(PanelLine::prose(super::muted(
            "— no figure that year in this measure (m: the other)",
            theme,
        )));
    }
    (super::lines::fit(out, room), selected)
}

/// Draws the trend of the selected ward against the city, scrolled to keep the selected year
/// in view (or to the cursor while the panel has the focus).
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, prepared: &super::Built) {
    let what = measure_text(app);
    let units = app.units();
    let title = match app.ward() {
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
    let focused = app.focus() == Focus::Trend;
    let block = panel(Line::from(title), focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let all = super::built_or(prepared, inner.width, || {
        lines(app, inner.width as usize, theme).0
    });
    super::draw_lines(&all, app.trend_cursor(), focused, inner, buf, theme);
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

    /// The ward's figure is in its bar's colour, the city's in the city's: a key that moves
    /// the selection then changes no colour between a bar and its figure (bytes over SSH).
    #[test]
    fn the_wards_figure_takes_its_bars_colour() {
        let app = App::of_dataset(crate::data::load_embedded());
        let theme = Theme::COLOR;
        let (lines, _) = lines(&app, 53, &theme);
        let with_bar: Vec<_> = lines
            .iter()
            .filter(|l| l.line.spans.iter().any(|s| s.content.contains('█')))
            .collect();
        assert!(!with_bar.is_empty());
        for l in with_bar {
            let figure = l
                .line
                .spans
                .iter()
                .find(|s| s.content.trim_end().ends_with('%') && !s.content.contains("city"))
                .expect("the ward's figure");
            assert_eq!(figure.style, theme.bar, "{:?}", l.line);
            let city = l.line.spans.iter().find(|s| s.content.contains("city"));
            assert_eq!(city.map(|s| s.style), Some(theme.city));
        }
    }
}
