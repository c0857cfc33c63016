//! The explorer's state: which elections are browsed, the selected year, ward, party, measure,
//! sort, filter, candidate column, focus and mode, and the view derived from them. `update`
//! changes it; rendering only reads it. No terminal and no I/O here.

mod divisions;
mod map;
mod panels;
mod plots;
mod requests;
mod rows;
mod tabs;
#[cfg(test)]
mod tests;
mod update;
mod view;

pub use divisions::{Opened, Units};
pub use panels::{PanelCursor, PanelSizes};
pub use requests::ExportFailure;
pub use tabs::{Browse, Tab};
pub use view::{CompareView, MapView, Scatter, Series, Subtotal, View};

use crate::data::wardmap::{Raster, WardMap};
use crate::data::{Dataset, Kind, Loaded, Measure, PartyGroup, WardId};
use crate::keymap::Mode;
use tui_input::Input;

/// Work the state asks of the terminal loop, which does the I/O and reports back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Write the table as CSV to this path; `overwrite`: the user confirmed replacing it.
    Export {
        /// The path typed.
        path: String,
        /// Whether an existing file may be replaced.
        overwrite: bool,
    },
    /// Copy the table as CSV (or the popup's text, in the popup) to the clipboard.
    Copy,
}

/// Which panel keys other than the global ones talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The ward table.
    Wards,
    /// The trend panel.
    Trend,
    /// The candidates and endorsements panel.
    Candidates,
}

/// A column the ward table can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortColumn {
    /// Ward number.
    Ward,
    /// Registered voters.
    Registered,
    /// Ballots or top-race votes.
    Count,
    /// Turnout rate.
    Turnout,
    /// Change vs the previous comparable election.
    Change,
    /// The candidate column's share (only while one is shown; in compare mode its change).
    Share,
    /// The representation index (compare mode).
    Representation,
}

impl SortColumn {
    /// The header text of the column.
    pub fn name(self) -> &'static str {
        match self {
            SortColumn::Ward => "ward",
            SortColumn::Registered => "registered",
            SortColumn::Count => "count",
            SortColumn::Turnout => "turnout",
            SortColumn::Change => "change",
            SortColumn::Share => "share",
            SortColumn::Representation => "representation",
        }
    }
}

/// What the explorer keeps of a place while another is shown: the kind browsed, the year and
/// the ward selected.
#[derive(Debug, Clone, Copy)]
struct PlaceState {
    browse: Browse,
    year: Option<i32>,
    ward: Option<WardId>,
}

/// The whole state of the explorer.
#[derive(Debug)]
pub struct App {
    /// One dataset per place; `place` is the one shown.
    places: Vec<Dataset>,
    place: usize,
    /// The selection each place had when it was left.
    saved: Vec<Option<PlaceState>>,
    /// The widest ward label of the place shown (`05`, `Reading 11`), in columns.
    ward_label_width: usize,
    /// Whether the table compares the selected election (B) with a base election (A).
    comparing: bool,
    /// Whether the scatter plot is shown (in place of the trend panel).
    scatter: bool,
    /// Whether the ward map is shown (in place of the trend panel).
    map: bool,
    /// Each place's ward boundaries, read the first time its map is shown.
    maps: Vec<Option<Result<std::sync::Arc<WardMap>, String>>>,
    /// The map's pixels for the size it is drawn at: (place, cells across, cells down).
    raster: Option<((usize, u16, u16), Raster)>,
    /// The base election the user chose with `[` `]`; `None`: the previous comparable one.
    base: Option<usize>,
    browse: Browse,
    tabs: Vec<Tab>,
    tab: usize,
    group: PartyGroup,
    measure: Option<Measure>,
    sort: SortColumn,
    descending: bool,
    filter: String,
    /// What is wrong with the filter or export path typed, while the prompt stays open.
    prompt_error: Option<String>,
    /// The export path the user was told exists: Enter on it again overwrites it.
    overwrite: Option<String>,
    /// Work for the terminal loop (writing a file, the clipboard), taken by it.
    request: Option<Request>,
    input: Input,
    mode: Mode,
    focus: Focus,
    ward: Option<WardId>,
    candidate: Option<(usize, usize)>,
    /// The candidates panel's marked line and scroll.
    cands: PanelCursor,
    /// The trend panel's marked line and scroll.
    trend: PanelCursor,
    warnings_scroll: u16,
    page: usize,
    /// Whether the table scrolls a row at a time (see `set_scroll_by_row`).
    scroll_by_row: bool,
    offset: usize,
    quit: bool,
    view: View,
    look: crate::term::Look,
    /// A ward's divisions, while they are shown in place of the wards.
    drill: Option<divisions::Drill>,
    /// A one-off message for the status line (cleared by the next key).
    message: Option<String>,
    /// The candidate column last chosen with `c`: it comes back when its year is shown again.
    wanted_candidate: Option<(usize, usize)>,
    /// The columns the table on screen shows, for `s` to skip the others.
    sortable: Option<Vec<SortColumn>>,
    /// Whether the table shows its first rows after a sort, the selection possibly below them
    /// (until the next key).
    top_after_sort: bool,
}

impl App {
    /// An explorer over everything loaded, showing the place at index `place`, on the latest
    /// off-year primary with turnout figures.
    pub fn new(loaded: Loaded, place: usize) -> App {
        let n = loaded.places.len();
        let mut app = App {
            places: loaded.places,
            place: place.min(n.saturating_sub(1)),
            saved: vec![None; n],
            ward_label_width: 2,
            comparing: false,
            scatter: false,
            map: false,
            maps: vec![None; n],
            raster: None,
            base: None,
            browse: Browse::OffYearPrimaries,
            tabs: Vec::new(),
            tab: 0,
            group: PartyGroup::All,
            measure: None,
            sort: SortColumn::Ward,
            descending: false,
            filter: String::new(),
            prompt_error: None,
            overwrite: None,
            request: None,
            input: Input::default(),
            mode: Mode::Normal,
            focus: Focus::Wards,
            ward: None,
            candidate: None,
            cands: PanelCursor::default(),
            trend: PanelCursor::default(),
            warnings_scroll: 0,
            page: 20,
            scroll_by_row: false,
            offset: 0,
            quit: false,
            view: View::default(),
            look: crate::term::Look::default(),
            drill: None,
            message: None,
            top_after_sort: false,
            sortable: None,
            wanted_candidate: None,
        };
        app.enter_place(None);
        app
    }

    /// An explorer over one place's dataset (tests, benchmarks).
    pub fn of_dataset(ds: Dataset) -> App {
        let report = std::sync::Arc::clone(&ds.report);
        App::new(
            Loaded {
                places: vec![ds],
                report,
            },
            0,
        )
    }

    /// Shows the current place with a saved selection, or from its start.
    fn enter_place(&mut self, saved: Option<PlaceState>) {
        let state = saved.unwrap_or(PlaceState {
            browse: Browse::OffYearPrimaries,
            year: None,
            ward: self.ds().wards().first().copied(),
        });
        self.tabs.clear();
        self.set_browse(state.browse);
        if saved.is_none() {
            // A place without off-year primaries (Chicago, a county's general) opens on the
            // kind of election it has figures for.
            for browse in [Browse::AllPrimaries, Browse::Generals] {
                if self.tabs.iter().any(|t| self.has_figures(t)) {
                    break;
                }
                self.tabs.clear();
                self.set_browse(browse);
            }
        }
        if let Some(y) = state.year
            && let Some(i) = self.tabs.iter().position(|t| t.year == y)
        {
            self.tab = i;
        }
        self.ward = state.ward;
        self.base = None;
        self.update_label_width();
        self.candidate = None;
        self.wanted_candidate = None;
        self.cands.reset();
        self.offset = 0;
        self.refresh();
    }

    /// Measures the widest ward label of what is shown.
    fn update_label_width(&mut self) {
        self.ward_label_width = self
            .ds()
            .wards()
            .iter()
            .map(|&w| unicode_width::UnicodeWidthStr::width(self.row_label(w).as_str()))
            .max()
            .unwrap_or(2);
    }

    /// Opens on a year, a kind of election and a ward (the command line's `--year`,
    /// `--election`, `--ward`); each left out keeps the opening choice.
    ///
    /// # Errors
    /// A year, kind or ward the place shown does not have, with what it has.
    pub fn open_at(
        &mut self,
        year: Option<i32>,
        kind: Option<Kind>,
        ward: Option<&str>,
    ) -> Result<(), String> {
        if year.is_some() || kind.is_some() {
            let kind = kind.unwrap_or(Kind::Primary);
            let browse = match (kind, year) {
                (Kind::General, _) => Browse::Generals,
                (_, Some(y)) if y % 2 == 0 => Browse::AllPrimaries,
                _ => Browse::OffYearPrimaries,
            };
            self.tabs.clear();
            self.set_browse(browse);
            if let Some(y) = year {
                self.tab = self.tabs.iter().position(|t| t.year == y).ok_or_else(|| {
                    let years: Vec<String> = self.tabs.iter().map(|t| t.year.to_string()).collect();
                    format!(
                        "--year {y}: {} has no {kind} that year (it has {})",
                        self.ds().place,
                        if years.is_empty() {
                            "none".into()
                        } else {
                            years.join(", ")
                        }
                    )
                })?;
            }
        }
        if let Some(text) = ward {
            let id = crate::data::ids::parse_ward_or_name(text)
                .ok()
                .filter(|w| self.ds().ward_index(*w).is_some())
                .ok_or_else(|| format!("--ward {text}: no such ward in {}", self.ds().place))?;
            self.ward = Some(id);
        }
        self.refresh();
        Ok(())
    }

    /// Shows the next place loaded, keeping each place's year and ward.
    pub(crate) fn next_place(&mut self) {
        if self.places.len() < 2 {
            return;
        }
        self.close_divisions();
        self.saved[self.place] = Some(PlaceState {
            browse: self.browse,
            year: self.tab().map(|t| t.year),
            ward: self.ward,
        });
        self.place = (self.place + 1) % self.places.len();
        self.enter_place(self.saved[self.place]);
    }

    /// The widest ward label of the place shown, in terminal columns.
    pub fn ward_label_width(&self) -> usize {
        self.ward_label_width
    }

    /// The names of the places loaded, and which is shown.
    pub fn places(&self) -> (Vec<&str>, usize) {
        (
            self.places.iter().map(|d| d.place.as_str()).collect(),
            self.place,
        )
    }

    /// The dataset shown: the place's wards, or a ward's divisions.
    fn ds(&self) -> &Dataset {
        shown(&self.places, self.place, &self.drill)
    }

    /// A message for the status line, if one is waiting.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// How the screen is drawn (colours, ASCII).
    pub fn look(&self) -> crate::term::Look {
        self.look
    }

    /// Draws with these colours and glyphs.
    pub fn set_look(&mut self, look: crate::term::Look) {
        self.look = look;
    }

    /// The data of the place shown.
    pub fn dataset(&self) -> &Dataset {
        self.ds()
    }

    /// The place shown.
    pub fn jurisdiction(&self) -> &str {
        &self.ds().place
    }

    /// The browsed kind of election.
    pub fn browse(&self) -> Browse {
        self.browse
    }

    /// The year tabs.
    pub fn tabs(&self) -> &[Tab] {
        &self.tabs
    }

    /// The selected tab (index into `tabs`).
    pub fn tab_index(&self) -> usize {
        self.tab
    }

    /// The selected tab, if there is any.
    pub fn tab(&self) -> Option<&Tab> {
        self.tabs.get(self.tab)
    }

    /// The party group shown.
    pub fn group(&self) -> PartyGroup {
        self.group
    }

    /// The sort column and whether it runs high to low.
    pub fn sort(&self) -> (SortColumn, bool) {
        (self.sort, self.descending)
    }

    /// The applied filter text (empty: every ward).
    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// What is wrong with the filter or path just typed (the prompt stays open).
    pub fn prompt_error(&self) -> Option<&str> {
        self.prompt_error.as_deref()
    }

    /// The filter prompt.
    pub fn input(&self) -> &Input {
        &self.input
    }

    /// What the keyboard talks to.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The focused panel.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// The selected ward, which stays selected across years, sorts and filters.
    pub fn ward(&self) -> Option<WardId> {
        self.ward
    }

    /// The selected ward's position in `Dataset::wards`.
    pub fn ward_index(&self) -> Option<usize> {
        self.ward.and_then(|w| self.ds().ward_index(w))
    }

    /// The candidate shown as a column: (race, candidate).
    pub fn candidate(&self) -> Option<(usize, usize)> {
        self.candidate
    }

    /// How far the warnings or help screen is scrolled.
    pub fn warnings_scroll(&self) -> u16 {
        self.warnings_scroll
    }

    /// Whether the user asked to leave.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The derived view.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// Tells the app how many table rows fit (the run loop knows the screen), for PgUp/PgDn
    /// and for scrolling only when the selection leaves the window.
    pub fn set_page(&mut self, rows: usize) {
        self.page = rows.max(1);
        self.keep_selection_visible();
    }

    /// Scroll the table a row at a time (the screen can move whole rows cheaply: the table
    /// spans the terminal's width) rather than by half a window.
    pub fn set_scroll_by_row(&mut self, by_row: bool) {
        self.scroll_by_row = by_row;
    }

    /// The first visible row of the ward table.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Scrolls the table only when the selection leaves the window, and then by half a
    /// window, so that moving row by row repaints the whole table rarely (bytes over SSH); or
    /// by a row where the terminal can scroll the table's rows itself.
    fn keep_selection_visible(&mut self) {
        if self.top_after_sort {
            // A sort shows its top rows; the title says where the selected ward went.
            self.offset = 0;
            return;
        }
        let n = self.view.rows.len();
        let sel = self.view.selected.unwrap_or(0);
        let half = if self.scroll_by_row { 0 } else { self.page / 2 };
        if sel < self.offset {
            self.offset = sel.saturating_sub(half);
        } else if sel >= self.offset + self.page {
            self.offset = (sel + 1 + half).saturating_sub(self.page);
        }
        self.offset = self.offset.min(n.saturating_sub(self.page));
    }
}

/// The dataset shown: the place's, or the divisions of one of its wards.
fn shown<'a>(
    places: &'a [Dataset],
    place: usize,
    drill: &'a Option<divisions::Drill>,
) -> &'a Dataset {
    match drill {
        Some(d) => &d.ds,
        None => &places[place],
    }
}
