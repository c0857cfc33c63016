//! The title bar (place, browsed kind, year tabs) and the city line (citywide figures of the
//! selected year and measure).

use super::{Theme, put_line};
use crate::app::App;
use crate::data::{Measure, PartyGroup};
use crate::numbers::{change_text, count_text, pct, thousands};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// `turnout · Philadelphia · off-year primaries   2015  2017  [2019]  2021`, the tabs scrolled
/// so the selected year is always in view.
pub fn render_title(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    // In compare mode: `2023 vs 2019`.
    let versus = app.view().compare.as_ref().map_or(String::new(), |c| {
        let ds = app.dataset();
        format!(
            "· {} vs {} ",
            ds.elections()[c.table.b].year(),
            ds.elections()[c.table.a].year()
        )
    });
    let head = format!(
        " turnout · {} · {} {versus}",
        app.jurisdiction(),
        app.browse().label()
    );
    let mut spans = vec![Span::styled(head.clone(), theme.header)];
    let room = (area.width as usize).saturating_sub(head.chars().count() + 1);
    let labels: Vec<String> = app.tabs().iter().map(|t| format!(" {} ", t.year)).collect();
    // The widest window of tabs around the selected one that fits.
    let sel = app.tab_index().min(labels.len().saturating_sub(1));
    let (mut lo, mut hi) = (sel, sel + 1);
    let width = |lo: usize, hi: usize| labels[lo..hi].iter().map(|l| l.len()).sum::<usize>();
    if labels.is_empty() {
        spans.push(Span::styled(" no elections loaded", theme.muted));
    } else {
        loop {
            let grew_hi = hi < labels.len() && width(lo, hi + 1) + 2 <= room;
            if grew_hi {
                hi += 1;
            }
            let grew_lo = lo > 0 && width(lo - 1, hi) + 2 <= room;
            if grew_lo {
                lo -= 1;
            }
            if !grew_hi && !grew_lo {
                break;
            }
        }
        spans.push(Span::raw(if lo > 0 { "‹" } else { " " }));
        for (i, l) in labels.iter().enumerate().take(hi).skip(lo) {
            let style = if i == sel { theme.tab } else { super::plain() };
            spans.push(Span::styled(l.clone(), style));
        }
        if hi < labels.len() {
            spans.push(Span::raw("›"));
        }
    }
    put_line(buf, area, area.y, Line::from(spans));
}

/// `City 2023 primary (Mayor): registered 1,025,187 · ballots 281,763 · turnout 27.5% ·
/// +4.4 pp vs 2019`, with the party group after the office.
pub fn render_city(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let ds = app.dataset();
    let Some(tab) = app.tab() else {
        put_line(
            buf,
            area,
            area.y,
            Line::raw(" no elections in the loaded data"),
        );
        return;
    };
    let election = crate::data::Election {
        date: tab.date,
        kind: tab.kind,
    };
    let office = ds
        .calendar
        .headline_office(&election)
        .map_or(String::new(), |o| format!(" ({o})"));
    let view = app.view();
    // Figures covering part of the place say so: their total is of the loaded wards only.
    let whole = match (&view.table, app.divisions_of()) {
        (Some(t), Some(w)) if !t.coverage.is_complete() => {
            format!("Ward {w} ({}, summed)", t.coverage.label())
        }
        (_, Some(w)) => format!("Ward {w} (its divisions summed)"),
        (Some(t), _) if !t.coverage.is_complete() => {
            format!("Loaded wards ({})", t.coverage.label())
        }
        _ if ds.place == crate::data::place::PHILADELPHIA => "City".to_string(),
        _ => ds.place.clone(),
    };
    // The party group is named up front, where a narrow screen never drops it.
    let party = format!(" · {}", app.group().as_str());
    let mut spans = vec![Span::styled(
        format!(" {whole} · {} {}{office}{party}: ", tab.year, tab.kind),
        theme.header,
    )];
    match (&view.table, view.measure) {
        (Some(t), Some(measure)) => {
            let c = &t.city;
            // Most wanted first: a narrow screen drops the last parts.
            let vs = t
                .previous
                .map(|p| ds.elections()[p].year().to_string())
                .unwrap_or_else(|| "no earlier comparable".into());
            let rate = if app.group() != PartyGroup::All && c.figures.registered.is_none() {
                "turnout n/a (no registration by party loaded)".to_string()
            } else {
                format!("turnout {}", pct(c.turnout))
            };
            let mut parts = vec![
                rate,
                match (t.previous, t.coverage.change_over) {
                    (None, _) => "no earlier comparable election".to_string(),
                    (_, Some(n)) => format!(
                        "{} vs {vs} (same {n} {})",
                        change_text(c.change),
                        ds.unit_plural()
                    ),
                    _ => format!("{} vs {vs}", change_text(c.change)),
                },
                format!(
                    "{} {}",
                    match measure {
                        Measure::Ballots => "ballots",
                        Measure::TopRaceVotes => "top-race votes",
                    },
                    count_text(c.count)
                ),
                format!(
                    "registered {}",
                    c.figures.registered.map_or("n/a".into(), thousands)
                ),
            ];
            // Without a rate, the count is the figure to keep on a narrow screen.
            if c.turnout.is_none() {
                parts.swap(0, 2);
            }
            // Whole parts only: a narrow screen loses the last parts, never half a number.
            let mut room = (area.width as usize).saturating_sub(spans[0].width());
            let mut shown = Vec::new();
            for p in parts {
                let w = p.chars().count() + if shown.is_empty() { 0 } else { 3 };
                if w > room {
                    break;
                }
                room -= w;
                shown.push(p);
            }
            spans.push(Span::raw(shown.join(" · ")));
        }
        _ if tab.election.is_some() => spans.push(Span::styled(
            format!("no {} figures in the loaded files", app.group().as_str()),
            theme.warning,
        )),
        _ => spans.push(Span::styled(
            "no turnout file loaded".to_string(),
            theme.warning,
        )),
    }
    put_line(buf, area, area.y, Line::from(spans));
}
