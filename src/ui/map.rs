//! The ward map: each ward filled by its bin of the table's current column, two pixels per
//! cell (`▀` with the upper pixel's colour in front and the lower's behind), a blue-to-yellow
//! ramp in 256 or 16 colours, shade characters without colour, the selected ward inverse and
//! named, a legend of each bin's range and ward count, and where the lines come from.

use super::{Theme, muted, panel};
use crate::app::{App, Focus};
use crate::term::ColorLevel;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// Rows under the map for the legend.
pub const LEGEND_ROWS: u16 = 6;

/// A sequential blue-to-yellow ramp (viridis-like: colour-blind safe, readable on dark and
/// light backgrounds), lowest bin first.
const RAMP_256: [u8; 5] = [25, 31, 36, 112, 226];
const RAMP_16: [Color; 5] = [
    Color::Blue,
    Color::LightBlue,
    Color::Cyan,
    Color::LightGreen,
    Color::Yellow,
];
/// Shades by bin without colour.
const SHADES: [char; 5] = [' ', '░', '▒', '▓', '█'];
const SHADES_ASCII: [char; 5] = [' ', '.', ':', '*', '#'];

/// The cells inside the map panel where the wards are drawn (the legend takes the rows under).
pub fn drawing_size(panel: Rect) -> (u16, u16) {
    (
        panel.width.saturating_sub(2),
        panel.height.saturating_sub(2 + LEGEND_ROWS),
    )
}

fn colour(level: ColorLevel, bin: u8) -> Color {
    match level {
        ColorLevel::Ansi16 => RAMP_16[bin as usize],
        _ => Color::Indexed(RAMP_256[bin as usize]),
    }
}

/// Draws the map, or says why there is none.
pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some(v) = &app.view().map else {
        return;
    };
    let ward = app.ward().map_or(String::new(), |w| {
        format!(" · {} {}", app.units().one, app.row_label(w))
    });
    let title = match v.label.as_str() {
        "" => format!(" Map{ward} "),
        label => format!(" Map · {label}{ward} "),
    };
    let block = panel(Line::from(title), app.focus() == Focus::Trend, theme);
    let (Some(raster), None) = (app.raster(), &v.missing) else {
        let why = v.missing.clone().unwrap_or_else(|| "drawing…".into());
        Paragraph::new(muted(format!("{why}."), theme))
            .wrap(Wrap { trim: true })
            .block(block)
            .render(area, buf);
        return;
    };
    // The source of the lines, on the bottom border: `lines: current lines, shipped`.
    let block = match app.ward_map() {
        Some(m) => block.title_bottom(
            Line::from(format!(" lines: {} ", m.lines().short_name())).right_aligned(),
        ),
        None => block,
    };
    let inner = block.inner(area);
    block.render(area, buf);
    let (cols, rows) = drawing_size(area);
    let look = app.look();
    let selected = app
        .ward()
        .and_then(|w| app.ward_map().and_then(|m| m.position(w)))
        .map(|i| i as u16);
    let bin = |p: Option<u16>| p.and_then(|i| v.bins.get(i as usize).copied().flatten());
    for cy in 0..rows.min(inner.height) {
        for cx in 0..cols.min(inner.width) {
            let (top, bottom) = (
                raster.at(cx as usize, 2 * cy as usize),
                raster.at(cx as usize, 2 * cy as usize + 1),
            );
            let cell = &mut buf[(inner.x + cx, inner.y + cy)];
            let chosen = top.is_some() && top == selected || bottom.is_some() && bottom == selected;
            if look.colors == ColorLevel::None || look.ascii {
                // Shades by the upper pixel's bin; the selected ward stands out as `@`.
                let shades = if look.ascii { SHADES_ASCII } else { SHADES };
                let ch = match (chosen, top.or(bottom)) {
                    (true, _) => '@',
                    (false, Some(p)) => bin(Some(p)).map_or(' ', |b| shades[b as usize]),
                    (false, None) => ' ',
                };
                cell.set_char(ch);
                continue;
            }
            let paint = |p: Option<u16>| -> Color {
                match (p, bin(p)) {
                    (Some(p), _) if Some(p) == selected => Color::White,
                    (Some(_), Some(b)) => colour(look.colors, b),
                    (Some(_), None) => Color::DarkGray,
                    (None, _) => Color::Reset,
                }
            };
            if top.is_none() && bottom.is_none() {
                continue;
            }
            cell.set_char('▀')
                .set_style(Style::new().fg(paint(top)).bg(paint(bottom)));
        }
    }
    // The legend: each bin's range and ward count.
    let y0 = inner.y + rows.min(inner.height);
    let fmt = |x: f64| format!("{x:.1}");
    for b in 0..5u8 {
        let y = y0 + b as u16;
        if y >= inner.bottom() || v.edges.len() < 6 {
            break;
        }
        let swatch = if look.colors == ColorLevel::None || look.ascii {
            let shades = if look.ascii { SHADES_ASCII } else { SHADES };
            Span::raw(format!("{0}{0}", shades[b as usize]))
        } else {
            Span::styled("██", Style::new().fg(colour(look.colors, b)))
        };
        let text = format!(
            " {}–{}  ({})",
            fmt(v.edges[b as usize]),
            fmt(v.edges[b as usize + 1]),
            crate::numbers::plural(v.counts[b as usize], "ward")
        );
        buf.set_line(
            inner.x,
            y,
            &Line::from(vec![swatch, Span::raw(text)]),
            inner.width,
        );
    }
    let y = y0 + 5;
    if y < inner.bottom() {
        let mut note = "5 bins of about equal ward counts".to_string();
        if v.without_polygon > 0 {
            note.push_str(&format!(
                " · {} without a polygon",
                crate::numbers::plural(v.without_polygon, "ward")
            ));
        }
        if v.without_data > 0 {
            note.push_str(&format!(" · {} polygons without data", v.without_data));
        }
        buf.set_line(
            inner.x,
            y,
            &Line::styled(note, theme.muted.add_modifier(Modifier::empty())),
            inner.width,
        );
    }
}
