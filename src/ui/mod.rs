//! Drawing the explorer: the layout, and `impl Widget for &App`, which only reads the state
//! (and `Screen`, the same with the panel lines `prepare` built). One small module per panel;
//! styles come from `theme.rs`, text goes into cells through `cells.rs`.

mod candidates;
mod cells;
mod detail;
mod help;
mod lines;
mod loading;
mod map;
mod scatter;
mod status;
mod theme;
mod title;
mod trend;
mod wards;
mod warnings;

pub use loading::Loading;
pub use theme::Theme;

use crate::app::{App, Focus};
use crate::keymap::Mode;
use cells::{put_cell, set_line};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

/// The smallest screen the explorer draws on; below it, it says how large it must be.
pub const MIN_SIZE: (u16, u16) = (30, 8);
/// From this size on, the panels sit beside the table; below it, Tab shows one at a time.
pub const WIDE_SIZE: (u16, u16) = (110, 24);

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    /// Title bar with the year tabs.
    pub title: Rect,
    /// The city line.
    pub city: Rect,
    /// The ward table, where shown.
    pub table: Option<Rect>,
    /// The trend panel, where shown.
    pub trend: Option<Rect>,
    /// The candidates panel, where shown.
    pub candidates: Option<Rect>,
    /// The whole body (for the warnings screen).
    pub body: Rect,
    /// Key hints and status, or the filter prompt.
    pub footer: Rect,
}

/// Lays out the screen: wide screens show the table with the panels beside it; narrower ones
/// show the focused panel alone.
pub fn areas(area: Rect, app: &App) -> Areas {
    // While a bad filter is being fixed, what is wrong shows under the prompt.
    let footer_height = if status::is_prompt(app) && app.prompt_error().is_some() {
        2
    } else {
        1
    };
    let [title, city, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(footer_height),
    ])
    .areas(area);
    let mut a = Areas {
        title,
        city,
        body,
        footer,
        ..Areas::default()
    };
    if area.width >= WIDE_SIZE.0 && area.height >= WIDE_SIZE.1 {
        // The table takes what its columns need; the panels the rest (wide screens give them
        // longer bars and whole names), at least 55 columns (the candidates' figures), the
        // table dropping columns if it must.
        let right = area
            .width
            .saturating_sub(wards::needed_width(app) + 2)
            .max(55.min(area.width / 2));
        let [left, side] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(right)]).areas(body);
        let trend_height = if app.scatter() || app.map() {
            // The scatter needs height to read.
            (side.height * 3 / 5).max(5)
        } else {
            // As tall as its lines (years without figures fold into one), at most half.
            (trend::line_count(app) as u16 + 2)
                .min(side.height / 2)
                .max(5)
        };
        let [trend, cands] =
            Layout::vertical([Constraint::Length(trend_height), Constraint::Fill(1)]).areas(side);
        a.table = Some(left);
        a.trend = Some(trend);
        a.candidates = Some(cands);
    } else if app.scatter() || app.map() {
        // Below the wide size the scatter or the map takes the whole body.
        a.trend = Some(body);
    } else {
        match app.focus() {
            Focus::Wards => a.table = Some(body),
            Focus::Trend => a.trend = Some(body),
            Focus::Candidates => a.candidates = Some(body),
        }
    }
    a
}

/// How many ward rows the table shows on a screen of this size (for paging and scrolling).
pub fn table_rows(area: Rect, app: &App) -> usize {
    let table = areas(area, app).table.unwrap_or(areas(area, app).body);
    wards::rows_in(table, app).max(1)
}

/// The cells the ward map is drawn in on a screen of this size (for the app to work out its
/// pixels before drawing); zero when the map is not shown.
pub fn map_size(area: Rect, app: &App) -> (u16, u16) {
    match areas(area, app).trend {
        Some(r) if app.map() => map::drawing_size(r),
        _ => (0, 0),
    }
}

/// Where the cursor goes: in the filter prompt while typing, nowhere otherwise.
pub fn cursor(area: Rect, app: &App) -> Option<Position> {
    if !status::is_prompt(app) || area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        return None;
    }
    let footer = areas(area, app).footer;
    let (x, _) = status::prompt_cursor(app, footer);
    Some(Position::new(x, footer.y))
}

/// A bordered block, its border marked when the panel has the focus.
fn panel<'a>(title: Line<'a>, focused: bool, theme: &Theme) -> Block<'a> {
    let style = if focused { theme.focus } else { theme.border };
    Block::bordered()
        .title(title)
        .border_style(style)
        .title_style(if focused { theme.focus } else { theme.header })
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.render_screen(area, buf, &Prepared::default());
        scrub(area, buf, self.look().ascii);
    }
}

/// The side panels' lines as `prepare` built them (to count them) for one frame, each with
/// the width it was built for, so that the draw right after does not build them again.
#[derive(Debug, Default)]
pub struct Prepared {
    trend: Built,
    candidates: Built,
}

/// A panel's lines as `prepare` built them, with the width they were built for.
type Built = Option<(usize, Vec<lines::PanelLine>)>;

/// The lines `prepare` built for this width, or else `build`'s.
fn built_or<'a>(
    prepared: &'a Built,
    width: u16,
    build: impl FnOnce() -> Vec<lines::PanelLine>,
) -> std::borrow::Cow<'a, [lines::PanelLine]> {
    match prepared {
        Some((w, lines)) if *w == width as usize => std::borrow::Cow::Borrowed(lines),
        _ => std::borrow::Cow::Owned(build()),
    }
}

/// The explorer's screen drawn right after `prepare` (nothing changed between): the state,
/// and the lines `prepare` built.
pub struct Screen<'a> {
    /// The state drawn.
    pub app: &'a App,
    /// What `prepare` gave back for this frame.
    pub prepared: &'a Prepared,
}

impl Widget for Screen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.app.render_screen(area, buf, self.prepared);
        scrub(area, buf, self.app.look().ascii);
    }
}

/// The ASCII stand-in of a glyph the screen uses; anything else becomes `?`.
fn ascii_of(symbol: &str) -> &'static str {
    let Some(c) = symbol.chars().next() else {
        return " ";
    };
    match c {
        '─' | '━' | '═' | '—' | '–' => "-",
        '│' | '┃' | '║' => "|",
        '\u{2500}'..='\u{257F}' => "+",
        '█' | '▉' | '▊' | '▋' | '▌' => "#",
        '▍' | '▎' | '▏' => "+",
        '▁' => "_",
        '▂' => ",",
        '▃' => ":",
        '▄' => "-",
        '▅' => "=",
        '▆' => "+",
        '▇' => "*",
        '·' => ".",
        '✓' => "v",
        '◆' => "@",
        '•' => "*",
        '▲' | '↑' => "^",
        '▼' | '↓' => "v",
        '‹' | '←' => "<",
        '›' | '→' => ">",
        _ => "?",
    }
}

/// The last pass over what was drawn: no character that could drive the terminal reaches it
/// (a safety net behind the sanitising of file text at load), and in ASCII mode every
/// glyph is replaced by its ASCII stand-in, wide characters by `?` and a space.
fn scrub(area: Rect, buf: &mut Buffer, ascii: bool) {
    let area = area.intersection(buf.area);
    for y in area.top()..area.bottom() {
        let start = buf.index_of(area.left(), y);
        for i in 0..area.width as usize {
            let symbol = buf.content[start + i].symbol();
            // Printable ASCII (nearly every cell) is safe in every mode.
            if symbol.bytes().all(|b| (0x20..0x7f).contains(&b)) {
                continue;
            }
            let unsafe_text = symbol.chars().any(crate::data::text::is_unsafe);
            if !unsafe_text && (!ascii || symbol.is_ascii()) {
                continue;
            }
            let with = if unsafe_text {
                if ascii { "?" } else { "\u{FFFD}" }
            } else {
                ascii_of(symbol)
            };
            buf.content[start + i].set_symbol(with);
            // The cell after a wide character is empty: give it a space so columns stay put.
            if i + 1 < area.width as usize && buf.content[start + i + 1].symbol().is_empty() {
                buf.content[start + i + 1].set_symbol(" ");
            }
        }
    }
}

impl App {
    fn render_screen(&self, area: Rect, buf: &mut Buffer, prepared: &Prepared) {
        let theme = Theme::for_level(self.look().colors);
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            let msg = format!(
                "turnout needs a terminal of at least {}x{} (this one is {}x{})",
                MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
            );
            Paragraph::new(msg)
                .wrap(Wrap { trim: true })
                .render(area, buf);
            return;
        }
        let a = areas(area, self);
        title::render_title(self, a.title, buf, &theme);
        title::render_city(self, a.city, buf, &theme);
        if self.mode() == Mode::Warnings {
            warnings::render(self, a.body, buf, &theme);
        } else {
            if let Some(r) = a.table {
                wards::render(self, r, buf, &theme);
            }
            if let Some(r) = a.trend {
                // The scatter or the map takes the trend panel's place while shown.
                if self.map() {
                    map::render(self, r, buf, &theme);
                } else if self.scatter() {
                    scatter::render(self, r, buf, &theme);
                } else {
                    trend::render(self, r, buf, &theme, &prepared.trend);
                }
            }
            if let Some(r) = a.candidates {
                candidates::render(self, r, buf, &theme, &prepared.candidates);
            }
        }
        status::render(self, a.footer, buf, &theme);
        if self.mode() == Mode::Help {
            help::render(area, self.warnings_scroll(), buf, &theme);
        }
        if self.mode() == Mode::Detail {
            detail::render(
                &detail_text(area, self),
                self.warnings_scroll(),
                area,
                buf,
                &theme,
            );
        }
    }
}

/// Draws a side panel's lines from its cursor's scroll into `inner`; the marked line is
/// shown reversed while the panel has the focus.
fn draw_lines(
    lines: &[lines::PanelLine],
    cursor: crate::app::PanelCursor,
    focused: bool,
    inner: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let scroll = cursor.scroll.min(lines.len().saturating_sub(1));
    for (i, pl) in lines
        .iter()
        .enumerate()
        .skip(scroll)
        .take(inner.height as usize)
    {
        let y = inner.y + (i - scroll) as u16;
        set_line(buf, inner.x, y, &pl.line, inner.width);
        if focused && i == cursor.line {
            let row = Rect::new(inner.x, y, inner.width, 1);
            buf.set_style(row, theme.selected);
        }
    }
}

/// Tells the app what the screen holds before a draw: table rows per page, the map's cells,
/// the side panels' lines and heights. Gives back the panels' lines, for a draw right after
/// (`Screen`).
pub fn prepare(area: Rect, app: &mut App) -> Prepared {
    // A table as wide as the screen scrolls by a row: the terminal's scroll region moves its
    // rows (see frugal.rs); beside panels it jumps half a window, repainting rarely.
    // (The layout depends on the view, not on the sizes set here: worked out once.)
    let table = areas(area, app).table;
    let full_width = table.is_some_and(|t| t.width == area.width);
    app.set_scroll_by_row(full_width && app.look().scroll_regions);
    app.set_page(table_rows(area, app));
    let (cols, rows) = map_size(area, app);
    app.set_map_size(cols, rows);
    let (sizes, prepared) = panel_sizes(area, app);
    app.set_panel_sizes(sizes);
    app.set_sortable(table.map(|t| wards::sortable(t, app)));
    prepared
}

/// The side panels' lines and heights on a screen of this size, and the lines.
fn panel_sizes(area: Rect, app: &App) -> (crate::app::PanelSizes, Prepared) {
    let theme = Theme::for_level(app.look().colors);
    let a = areas(area, app);
    let inner = |r: Rect| {
        (
            r.width.saturating_sub(2) as usize,
            r.height.saturating_sub(2) as usize,
        )
    };
    let mut sizes = crate::app::PanelSizes::default();
    let mut prepared = Prepared::default();
    if let Some(r) = a.candidates {
        let (w, h) = inner(r);
        let lines = candidates::lines(app, w, &theme);
        sizes.candidates = Some((lines.len(), h));
        sizes.blank.1 = blank_lines(&lines);
        prepared.candidates = Some((w, lines));
    }
    if let Some(r) = a.trend.filter(|_| !app.map() && !app.scatter()) {
        let (w, h) = inner(r);
        let (lines, selected) = trend::lines(app, w, &theme);
        sizes.trend = Some((lines.len(), h));
        sizes.trend_selected = selected;
        sizes.blank.0 = blank_lines(&lines);
        prepared.trend = Some((w, lines));
    }
    (sizes, prepared)
}

/// The lines with nothing to show.
fn blank_lines(lines: &[lines::PanelLine]) -> Vec<usize> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.is_blank())
        .map(|(i, _)| i)
        .collect()
}

/// The whole text of the focused panel's marked line (the popup's, and what `y` copies there).
pub fn detail_text(area: Rect, app: &App) -> String {
    let theme = Theme::for_level(app.look().colors);
    let a = areas(area, app);
    let pick = |lines: Vec<lines::PanelLine>, line: usize| {
        lines
            .get(line)
            .map(lines::PanelLine::full_text)
            .unwrap_or_default()
    };
    match app.focus() {
        Focus::Candidates => {
            let w = a
                .candidates
                .map_or(area.width, |r| r.width)
                .saturating_sub(2) as usize;
            pick(
                candidates::lines(app, w, &theme),
                app.candidates_cursor().line,
            )
        }
        Focus::Trend => {
            let w = a.trend.map_or(area.width, |r| r.width).saturating_sub(2) as usize;
            pick(trend::lines(app, w, &theme).0, app.trend_cursor().line)
        }
        Focus::Wards => String::new(),
    }
}

/// Writes `text` into one line of the buffer, clipped to the area, in a style.
fn put_line(buf: &mut Buffer, area: Rect, y: u16, line: Line<'_>) {
    if y < area.bottom() {
        set_line(buf, area.x, y, &line, area.width);
    }
}

/// A line of muted text.
fn muted<'a>(text: impl Into<std::borrow::Cow<'a, str>>, theme: &Theme) -> Line<'a> {
    Line::styled(text.into(), theme.muted)
}

/// The default style (used where a role has none).
fn plain() -> Style {
    Style::new()
}
