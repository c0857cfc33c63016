//! The division view: `Enter` on a ward shows its divisions in the table, the panels and the
//! map's place, as a dataset of their own; `Esc` or `Backspace` returns to the wards with the
//! same ward, sort and filter.

use super::{App, Focus, SortColumn};
use crate::data::{Dataset, WardId};

/// The divisions shown, and what the ward view had, to come back to.
#[derive(Debug)]
pub(super) struct Drill {
    /// The ward whose divisions are shown.
    pub ward: WardId,
    /// Its divisions, in place of wards.
    pub ds: Dataset,
    sort: (SortColumn, bool),
    filter: String,
    offset: usize,
}

/// What opening a ward's divisions did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// The divisions are shown.
    Shown,
    /// Nothing changed, for this reason (a status line).
    Not(String),
}

impl App {
    /// Shows the selected ward's divisions (the year, party, measure and candidate stay).
    pub(crate) fn open_divisions(&mut self) -> Opened {
        if self.drill.is_some() {
            return Opened::Not("already showing divisions".into());
        }
        let Some(ward) = self.ward.filter(|w| w.is_ward()) else {
            return Opened::Not("no ward selected".into());
        };
        // A year without a table shows no ward to open.
        if self.view.selected.is_none() {
            return Opened::Not(format!(
                "Enter: no ward is shown in this {}",
                self.tab()
                    .map_or("view".into(), |t| format!("{} {}", t.year, t.kind))
            ));
        }
        let Some(ds) = self.places[self.place].divisions_of(ward) else {
            // Short enough for an 80-column status line; README names the division files.
            return Opened::Not(format!(
                "ward {ward}: no figures by division in the loaded files (README: formats)"
            ));
        };
        self.drill = Some(Drill {
            ward,
            sort: (self.sort, self.descending),
            filter: std::mem::take(&mut self.filter),
            offset: self.offset,
            ds,
        });
        self.ward = self.ds().wards().first().copied();
        self.sort = SortColumn::Ward;
        self.descending = false;
        self.offset = 0;
        self.cands.reset();
        self.raster = None;
        self.update_label_width();
        self.refresh();
        Opened::Shown
    }

    /// Returns from the divisions to the wards, with the ward, sort and filter as they were.
    /// `false` when the wards are shown already.
    pub(crate) fn close_divisions(&mut self) -> bool {
        let Some(d) = self.drill.take() else {
            return false;
        };
        self.ward = Some(d.ward);
        (self.sort, self.descending) = d.sort;
        self.filter = d.filter;
        self.offset = d.offset;
        self.cands.reset();
        self.raster = None;
        self.update_label_width();
        self.refresh();
        true
    }

    /// The ward whose divisions are shown, if they are.
    pub fn divisions_of(&self) -> Option<WardId> {
        self.drill.as_ref().map(|d| d.ward)
    }

    /// The place's wards while divisions are shown (for the city beside the ward).
    pub fn place_dataset(&self) -> &Dataset {
        &self.places[self.place]
    }

    /// `Esc`: leaves the innermost view: the filter, compare mode, the divisions, a focused
    /// panel; at the top it does nothing.
    pub(crate) fn back(&mut self) {
        if !self.filter.is_empty() {
            self.filter.clear();
            self.refresh();
        } else if self.comparing {
            self.toggle_compare();
        } else if !self.close_divisions() {
            self.focus = Focus::Wards;
        }
    }
}

/// How the rows of the table and their whole are named: wards and the city, or a ward's
/// divisions and the ward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Units {
    /// `ward` or `division`.
    pub one: &'static str,
    /// `Wards` or `Ward 08 · divisions`, for the table's title.
    pub title: String,
    /// `city` or `ward 08`: what the rows add up to.
    pub whole: String,
}

impl App {
    /// How the rows and their whole are named.
    pub fn units(&self) -> Units {
        let ds = self.ds();
        Units {
            one: ds.unit_one(),
            title: match self.divisions_of() {
                Some(w) => format!("Ward {w} · divisions"),
                None => "Wards".into(),
            },
            whole: ds.within_label().unwrap_or_else(|| "city".into()),
        }
    }

    /// A row's label as users write it: `08`, or `08-12` for a division of ward 08.
    pub fn row_label(&self, id: WardId) -> String {
        self.ds().unit_label(id)
    }
}
