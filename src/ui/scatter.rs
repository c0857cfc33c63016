//! The scatter plot: each shown ward's turnout against the candidate column's share (or, in
//! compare mode, the change of each), the least-squares line, r and weighted r in the title,
//! and the selected ward drawn apart and named. Braille points, or ASCII in `--ascii`.

use super::{Theme, muted, panel};
use crate::app::{App, Focus};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Widget, Wrap};

/// Axis bounds with a little room around the points, never empty.
fn bounds(values: impl Iterator<Item = f64>) -> [f64; 2] {
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !lo.is_finite() {
        return [0.0, 1.0];
    }
    let pad = ((hi - lo) * 0.05).max(0.5);
    [lo - pad, hi + pad]
}

fn labels(b: [f64; 2]) -> Vec<Line<'static>> {
    let mid = (b[0] + b[1]) / 2.0;
    [b[0], mid, b[1]]
        .iter()
        .map(|v| Line::from(format!("{v:.0}")))
        .collect()
}

/// Draws the scatter, or says how to get one.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some(s) = &app.view().scatter else {
        return;
    };
    let r = match (s.r, s.weighted_r) {
        (Some(c), Some(w)) => format!(
            "r {:+.2} ({}) · weighted r {w:+.2}",
            c.r,
            crate::numbers::plural(c.n, "ward")
        ),
        (Some(c), None) => format!("r {:+.2} ({})", c.r, crate::numbers::plural(c.n, "ward")),
        _ => "r n/a".into(),
    };
    let title = format!(" Scatter · {r} ");
    let block = panel(Line::from(title), app.focus() == Focus::Trend, theme);
    if let Some(why) = &s.empty_because {
        Paragraph::new(vec![muted(why.clone(), theme)])
            .wrap(Wrap { trim: true })
            .block(block)
            .render(area, buf);
        return;
    }
    let xb = bounds(s.points.iter().map(|p| p.0));
    let yb = bounds(s.points.iter().map(|p| p.1));
    let marker = if app.look().ascii {
        Marker::Dot
    } else {
        Marker::Braille
    };
    let points: Vec<(f64, f64)> = s.points.iter().map(|p| (p.0, p.1)).collect();
    let line: Vec<(f64, f64)> = s
        .fit
        .map(|(slope, icept)| {
            vec![
                (xb[0], slope * xb[0] + icept),
                (xb[1], slope * xb[1] + icept),
            ]
        })
        .unwrap_or_default();
    let selected: Vec<(f64, f64)> = s.selected.into_iter().collect();
    let ward = app.ward().map_or(String::new(), |w| {
        format!("{} {}", app.units().one, app.row_label(w))
    });
    let mut datasets = vec![
        Dataset::default()
            .marker(marker)
            .graph_type(GraphType::Line)
            .style(theme.muted)
            .data(&line),
        Dataset::default()
            .marker(marker)
            .graph_type(GraphType::Scatter)
            .style(theme.bar)
            .data(&points),
    ];
    if !selected.is_empty() {
        datasets.push(
            Dataset::default()
                .name(ward)
                .marker(Marker::Block)
                .graph_type(GraphType::Scatter)
                .style(theme.winner)
                .data(&selected),
        );
    }
    Chart::new(datasets)
        .block(block)
        .x_axis(
            Axis::default()
                .title(s.x_label.clone())
                .style(theme.muted)
                .bounds(xb)
                .labels(labels(xb)),
        )
        .y_axis(
            Axis::default()
                .title(s.y_label.clone())
                .style(theme.muted)
                .bounds(yb)
                .labels(labels(yb)),
        )
        .render(area, buf);
}
