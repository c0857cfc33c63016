//! The ward table: ward, registered, ballots (or top-race votes), turnout, change, rank, a
//! sparkline across the years on one scale, and a candidate's share when one is chosen.
//! Columns drop, least needed first, when the panel is narrow.

use super::{Theme, panel, put_cell};
use crate::app::{App, CompareView, Focus, SortColumn};
use crate::data::Measure;
use crate::data::aggregate::WardRow;
use crate::numbers::{change_text, count_text, pct, signed, signed_count, thousands};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Eight heights of a sparkline cell, and the mark of a year without data.
const RAMP: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const GAP: char = '·';

/// A table column: what it shows, how wide, how much it is needed (lower stays longer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Ward,
    Registered,
    Count,
    Turnout,
    Change,
    Rank,
    Trend,
    Share,
    /// Compare mode: turnout in the base election A.
    TurnoutA,
    /// Compare mode: rank in A → rank in B.
    RankAB,
    /// Compare mode: the representation index in B.
    Rep,
    /// Compare mode: its change from A.
    RepDelta,
    /// Compare mode: the candidate's share in A.
    ShareA,
    /// Compare mode: the candidate's share in B (the share's change is what sorts).
    ShareB,
    /// Compare mode: the share's change.
    ShareDelta,
}

impl Col {
    fn priority(self) -> u8 {
        match self {
            Col::Ward => 0,
            Col::Turnout => 1,
            Col::TurnoutA => 2,
            Col::Change => 3,
            Col::Count => 4,
            Col::Share | Col::ShareDelta => 5,
            Col::ShareA | Col::ShareB => 6,
            Col::Rep => 7,
            Col::RepDelta => 8,
            Col::Trend => 9,
            Col::Registered => 10,
            Col::RankAB => 11,
            Col::Rank => 12,
        }
    }

    fn sort_column(self) -> Option<SortColumn> {
        match self {
            Col::Ward => Some(SortColumn::Ward),
            Col::Registered => Some(SortColumn::Registered),
            Col::Count => Some(SortColumn::Count),
            Col::Turnout | Col::Rank => Some(SortColumn::Turnout),
            Col::Change => Some(SortColumn::Change),
            Col::Share | Col::ShareDelta => Some(SortColumn::Share),
            Col::Rep => Some(SortColumn::Representation),
            Col::Trend | Col::TurnoutA | Col::RankAB | Col::RepDelta => None,
            Col::ShareA | Col::ShareB => None,
        }
    }
}

/// A ward's values across the years as sparkline characters, on the shared scale.
pub fn sparkline(values: &[Option<f64>], max: f64) -> String {
    values
        .iter()
        .map(|v| match v {
            None => GAP,
            Some(v) if max > 0.0 => {
                let i = ((v / max) * (RAMP.len() - 1) as f64).round() as usize;
                RAMP[i.min(RAMP.len() - 1)]
            }
            Some(_) => RAMP[0],
        })
        .collect()
}

/// The width every column of the table needs, spaces between them included.
pub fn needed_width(app: &App) -> u16 {
    let cols = columns(app, u16::MAX);
    cols.iter()
        .map(|(_, w)| w + 1)
        .sum::<u16>()
        .saturating_sub(1)
}

/// The columns that fit in `width`, in display order.
fn columns(app: &App, width: u16) -> Vec<(Col, u16)> {
    let trend = app.tabs().len().max(5) as u16;
    if app.view().compare.is_some() {
        return fit(compare_columns(app), width);
    }
    // Widths leave room for the sort marker after a header.
    let mut all = vec![
        (Col::Ward, ward_width(app)),
        (Col::Registered, 11),
        (Col::Count, 9),
        (Col::Turnout, 8),
        (Col::Change, 8),
        (Col::Rank, 4),
        (Col::Trend, trend),
    ];
    if app.candidate().is_some() {
        let label = header_text(app, Col::Share).chars().count() as u16 + 1;
        all.push((Col::Share, label.clamp(7, 14)));
    }
    fit(all, width)
}

/// The ward column's width: the widest ward label (at least the header), and the sort mark.
fn ward_width(app: &App) -> u16 {
    app.ward_label_width().clamp(4, 24) as u16 + 1
}

/// Compare mode's columns: ward, turnout in A and B, the change, the count's change, ranks,
/// the representation index and its change, and the candidate's shares where shown.
fn compare_columns(app: &App) -> Vec<(Col, u16)> {
    let mut all = vec![
        (Col::Ward, ward_width(app)),
        (Col::TurnoutA, 8),
        (Col::Turnout, 8),
        (Col::Change, 8),
        (Col::Count, 9),
        (Col::RankAB, 7),
        (Col::Rep, 5),
        (Col::RepDelta, 6),
    ];
    if app
        .view()
        .compare
        .as_ref()
        .is_some_and(|c| c.shares.is_some())
    {
        all.extend([(Col::ShareA, 7), (Col::ShareB, 7), (Col::ShareDelta, 8)]);
    }
    all
}

/// The columns of `all` that fit in `width`, the least needed dropped first, in order.
fn fit(all: Vec<(Col, u16)>, width: u16) -> Vec<(Col, u16)> {
    let mut by_need = all.clone();
    by_need.sort_by_key(|(c, _)| c.priority());
    let mut kept = Vec::new();
    let mut used = 0u16;
    for (c, w) in by_need {
        let need = w + if kept.is_empty() { 0 } else { 1 };
        if used + need <= width {
            used += need;
            kept.push(c);
        }
    }
    all.into_iter().filter(|(c, _)| kept.contains(c)).collect()
}

fn header_text(app: &App, col: Col) -> String {
    let view = app.view();
    if let Some(c) = &view.compare {
        let ds = app.dataset();
        let year = |e: usize| format!("{:02}", ds.elections()[e].year() % 100);
        let (a, b) = (year(c.table.a), year(c.table.b));
        match col {
            Col::TurnoutA => return format!("Turn {a}"),
            Col::Turnout => return format!("Turn {b}"),
            Col::Change => return "Δ pp".into(),
            Col::Count => return "Ballots Δ".into(),
            Col::RankAB => return "Rank".into(),
            Col::Rep => return format!("Rep{b}"),
            Col::RepDelta => return "Rep Δ".into(),
            Col::ShareA => return format!("Sh {a}"),
            Col::ShareB => return format!("Sh {b}"),
            Col::ShareDelta => return "Sh Δ".into(),
            _ => {}
        }
    }
    match col {
        Col::Ward if app.divisions_of().is_some() => "Div".into(),
        Col::Ward => "Ward".into(),
        Col::Registered => "Registered".into(),
        Col::Count => match view.measure {
            Some(Measure::TopRaceVotes) => "Top race".into(),
            _ => "Ballots".into(),
        },
        Col::Turnout => "Turnout".into(),
        Col::Change => "Change".into(),
        Col::Rank => "Rank".into(),
        Col::Trend => match (app.tabs().first(), app.tabs().last()) {
            (Some(a), Some(b)) => format!("{:02}-{:02}", a.year % 100, b.year % 100),
            _ => "Trend".into(),
        },
        Col::Share => match app.candidate() {
            Some((r, c)) => {
                let label = &app.dataset().races[r].short_labels()[c];
                format!("{label} %")
            }
            None => "Share".into(),
        },
        Col::TurnoutA
        | Col::RankAB
        | Col::Rep
        | Col::RepDelta
        | Col::ShareA
        | Col::ShareB
        | Col::ShareDelta => String::new(),
    }
}

/// A compare-mode cell.
fn compare_cell(app: &App, c: &CompareView, col: Col, w: usize) -> String {
    let r = &c.table.rows[w];
    let mark = if r.boundary_moved { "†" } else { "" };
    match col {
        Col::Ward => format!("{}{mark}", app.row_label(r.ward)),
        Col::TurnoutA => pct(r.turnout_a),
        Col::Turnout => pct(r.turnout_b),
        Col::Change => change_text(r.change),
        Col::Count => r.count_delta.map_or("n/a".into(), signed_count),
        Col::RankAB => match (r.rank_a, r.rank_b) {
            (Some(a), Some(b)) => format!("{a}→{b}"),
            _ => "n/a".into(),
        },
        Col::Rep => r.rep_b.map_or("n/a".into(), |v| format!("{v:.2}")),
        Col::RepDelta => r.rep_delta().map_or("n/a".into(), |v| signed(v, 2)),
        Col::ShareA => pct(r.share_a),
        Col::ShareB => pct(r.share_b),
        Col::ShareDelta => r.share_delta().map_or("n/a".into(), |v| signed(v, 1)),
        Col::Registered | Col::Rank | Col::Trend | Col::Share => String::new(),
    }
}

fn cell_text(app: &App, col: Col, w: usize, row: &WardRow) -> String {
    let view = app.view();
    if let Some(c) = &view.compare {
        return compare_cell(app, c, col, w);
    }
    match col {
        Col::Ward => app.row_label(row.ward),
        Col::Registered => row.figures.registered.map_or("n/a".into(), thousands),
        Col::Count => count_text(row.count),
        Col::Turnout => pct(row.turnout),
        Col::Change => change_text(row.change),
        Col::Rank => row.rank.map_or("n/a".into(), |r| r.to_string()),
        Col::Trend => sparkline(&view.series.wards[w], view.series.max),
        Col::Share => pct(view.shares.as_ref().and_then(|s| s[w])),
        Col::TurnoutA
        | Col::RankAB
        | Col::Rep
        | Col::RepDelta
        | Col::ShareA
        | Col::ShareB
        | Col::ShareDelta => String::new(),
    }
}

/// The columns a table drawn in `area` can be sorted by (those the layout keeps).
pub fn sortable(area: Rect, app: &App) -> Vec<SortColumn> {
    let mut out = Vec::new();
    for (c, _) in columns(app, area.width.saturating_sub(2)) {
        if let Some(s) = c.sort_column()
            && !out.contains(&s)
        {
            out.push(s);
        }
    }
    out
}

/// How many rows a table drawn in `area` shows: less the borders, the header, and the
/// subtotal and compare city lines where they are drawn.
pub fn rows_in(area: Rect, app: &App) -> usize {
    let view = app.view();
    let footer_lines = view.subtotal.is_some() as u16 + view.compare.is_some() as u16;
    area.height.saturating_sub(3 + footer_lines) as usize
}

/// Draws the ward table, or says why the selected year has none.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let view = app.view();
    let focused = app.focus() == Focus::Wards;
    let units = app.units();
    let count = match &view.subtotal {
        Some(s) => format!(
            " {}: {} of {} match {:?} ",
            units.title,
            s.wards,
            s.of,
            app.filter()
        ),
        None => format!(" {} ({}) ", units.title, view.rows.len()),
    };
    let count = if app.divisions_of().is_some() {
        format!("{count}· Esc back ")
    } else {
        count
    };
    // After a sort the top rows show; where the selection is not among them, say where it is.
    let height = rows_in(area, app);
    let count = match (view.selected, app.ward()) {
        (Some(s), Some(w)) if s < app.offset() || s >= app.offset() + height => format!(
            "{count}· {} {}: row {} of {} ",
            units.one,
            app.row_label(w),
            s + 1,
            view.rows.len()
        ),
        _ => count,
    };
    let count = match &view.compare {
        Some(c) => {
            let ds = app.dataset();
            let y = |e: usize| ds.elections()[e].year();
            let mut s = format!("{count}· {} vs {} ([ ] base) ", y(c.table.b), y(c.table.a));
            if c.table.rows.iter().any(|r| r.boundary_moved) {
                s.push_str("· † registered moved >25%: lines changed ");
            }
            if let Some(why) = &c.no_shares {
                s.push_str(&format!("· {why} "));
            }
            s
        }
        None => count,
    };
    let block = panel(Line::from(count), focused, theme);
    let Some(table) = &view.table else {
        let tab = app.tab();
        let ds = app.dataset();
        let any_group = |e: usize| {
            crate::data::PartyGroup::ALL
                .iter()
                .any(|&g| !crate::data::aggregate::city(ds, e, g).is_empty())
        };
        let msg = match tab {
            Some(t) if app.divisions_of().is_some() => format!(
                "No figures by division for ward {} in the {} {}: they come from {}. Esc or \
                 Backspace returns to the wards.",
                app.divisions_of().unwrap_or(crate::data::WardId(0)),
                t.year,
                t.kind,
                crate::data::divisions::DIVISION_SOURCES
            ),
            Some(t) if t.election.is_some_and(|e| !any_group(e)) => format!(
                "The loaded files have candidate results for the {} {} but no turnout figures \
                 (registered voters, ballots cast). Add the ward or division turnout file for it \
                 with --data PATH (formats in README.md). The candidates panel shows the race.",
                t.year, t.kind
            ),
            Some(t) if t.election.is_some() => format!(
                "The loaded files have no {} figures for the {} {}: the party split comes only \
                 from the City Commissioners' 2015-2018 division files. Press p for another \
                 party group.",
                app.group().as_str(),
                t.year,
                t.kind
            ),
            Some(t) => {
                let ds = app.dataset();
                let last = (0..ds.elections().len())
                    .rev()
                    .find(|&e| !crate::data::aggregate::city(ds, e, app.group()).is_empty())
                    .map(|e| ds.elections()[e].to_string());
                // Where no turnout file is loaded at all (results only), say that.
                let runs_to = match last {
                    Some(last) => format!("the loaded turnout runs to the {last}"),
                    None => "no turnout file is loaded at all, only results".to_string(),
                };
                format!(
                    "No turnout file is loaded for the {} {} ({}); {runs_to}. Add the city's \
                     ward or division turnout file for it with --data PATH, or put it in a \
                     directory named in $TURNOUT_DATA (formats in README.md). The candidates \
                     panel still shows the race.",
                    t.year, t.kind, t.date
                )
            }
            None => "No elections in the loaded data.".into(),
        };
        Paragraph::new(msg)
            .style(theme.warning)
            .wrap(Wrap { trim: true })
            .block(block)
            .render(area, buf);
        return;
    };
    let inner_width = area.width.saturating_sub(2);
    let cols = columns(app, inner_width);
    let (sort, desc) = app.sort();
    // Drawn cell by cell, as ratatui's `Table` would draw these fixed widths (one space
    // between columns, the selected row reversed), without building a `Row` of `Cell`s of
    // `Text` for every row on every frame: a key costs a third less.
    block.render(area, buf);
    let inner = area.inner(ratatui::layout::Margin::new(1, 1));
    if inner.is_empty() {
        return;
    }
    let mut xs = Vec::with_capacity(cols.len());
    let mut x = inner.x;
    for &(_, w) in &cols {
        let w = w.min(inner.right().saturating_sub(x));
        xs.push((x, w));
        x = x.saturating_add(w).saturating_add(1).min(inner.right());
    }
    for (&(c, _), &(x, w)) in cols.iter().zip(&xs) {
        let mut text = header_text(app, c);
        let sorted = c.sort_column() == Some(sort) && c != Col::Rank;
        if sorted {
            text.push(if desc { '▼' } else { '▲' });
        }
        let style = if sorted { theme.sorted } else { theme.header };
        buf.set_style(Rect::new(x, inner.y, w, 1), style);
        let right = !(c == Col::Ward || c == Col::Trend);
        put_cell(buf, x, inner.y, w, &text, Style::new(), right);
    }
    // Rows leave room for the subtotal and the compare city lines.
    let height = rows_in(area, app).min(inner.height.saturating_sub(1) as usize);
    let start = app.offset().min(view.rows.len());
    let end = (start + height).min(view.rows.len());
    for (i, &w) in view.rows[start..end].iter().enumerate() {
        let y = inner.y + 1 + i as u16;
        let r = &table.rows[w];
        for (&(c, _), &(x, cw)) in cols.iter().zip(&xs) {
            let text = cell_text(app, c, w, r);
            match c {
                Col::Ward => put_cell(buf, x, y, cw, &text, Style::new(), false),
                Col::Trend => put_cell(buf, x, y, cw, &text, theme.bar, false),
                _ => put_cell(buf, x, y, cw, &text, Style::new(), true),
            }
        }
        if view.selected == Some(start + i) {
            // Reversed across the width but for the sparkline: a reversed block element
            // reads upside down (its empty part filled).
            match cols.iter().zip(&xs).find(|((c, _), _)| *c == Col::Trend) {
                Some((_, &(tx, tw))) => {
                    buf.set_style(Rect::new(inner.x, y, tx - inner.x, 1), theme.selected);
                    let after = (tx + tw).min(inner.right());
                    buf.set_style(
                        Rect::new(after, y, inner.right() - after, 1),
                        theme.selected,
                    );
                }
                None => buf.set_style(Rect::new(inner.x, y, inner.width, 1), theme.selected),
            }
        }
    }
    if let Some(c) = &view.compare
        && area.height > 5
    {
        // The city over the wards both elections cover, on the last line inside the border.
        let r = &c.table.city;
        let whole = if c.table.both < c.table.of {
            format!(
                "{} of {} {} in both",
                c.table.both,
                c.table.of,
                app.dataset().unit_plural()
            )
        } else {
            units.whole.clone()
        };
        let text = format!(
            "{whole}: {} → {} · {} · ballots {} · rep {}",
            pct(r.turnout_a),
            pct(r.turnout_b),
            change_text(r.change),
            r.count_delta.map_or("n/a".into(), signed_count),
            r.rep_b.map_or("n/a".into(), |v| format!("{v:.2}")),
        );
        let y = area.bottom() - 2 - view.subtotal.is_some() as u16;
        let inner = Rect::new(area.x + 1, y, area.width.saturating_sub(2), 1);
        super::put_line(buf, inner, inner.y, Line::styled(text, theme.header));
    }
    if let Some(s) = &view.subtotal
        && area.height > 4
    {
        // The shown wards together, on the last line inside the border.
        let count_word = match view.measure {
            Some(Measure::TopRaceVotes) => "top-race votes",
            _ => "ballots",
        };
        // Whole parts only, the most wanted first.
        let parts = [
            format!("{} shown together: turnout {}", s.wards, pct(s.turnout)),
            format!(
                "{} of the {}'s {count_word}",
                pct(s.share_of_city),
                units.whole
            ),
            format!(
                "{count_word} {}",
                count_text(s.figures.count(view.measure.unwrap_or(Measure::Ballots)))
            ),
            format!(
                "registered {}",
                s.figures.registered.map_or("n/a".into(), thousands)
            ),
        ];
        let room = area.width.saturating_sub(2) as usize;
        let mut text = String::new();
        for p in parts {
            let extra = if text.is_empty() { 0 } else { 3 };
            if text.chars().count() + extra + p.chars().count() > room {
                break;
            }
            if !text.is_empty() {
                text.push_str(" · ");
            }
            text.push_str(&p);
        }
        let inner = Rect::new(
            area.x + 1,
            area.bottom() - 2,
            area.width.saturating_sub(2),
            1,
        );
        super::put_line(buf, inner, inner.y, Line::styled(text, theme.header));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_share_a_scale_and_show_gaps() {
        assert_eq!(
            sparkline(&[Some(0.0), None, Some(0.5), Some(1.0)], 1.0),
            "▁·▅█"
        );
        assert_eq!(sparkline(&[Some(2.0)], 4.0), "▅");
        assert_eq!(sparkline(&[None, None], 0.0), "··");
    }
}
