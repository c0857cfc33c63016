//! The year tabs: which kind of election is browsed, and one tab per election of that kind
//! with figures, results or a race the seeds name.

use super::{App, shown};
use crate::data::{Kind, PartyGroup, aggregate};
use chrono::NaiveDate;

/// Which elections the year tabs hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Browse {
    /// Primaries of odd years (municipal: Mayor, District Attorney).
    OffYearPrimaries,
    /// Every primary.
    AllPrimaries,
    /// Every November general.
    Generals,
}

impl Browse {
    /// How the title bar names it.
    pub fn label(self) -> &'static str {
        match self {
            Browse::OffYearPrimaries => "off-year primaries",
            Browse::AllPrimaries => "all primaries",
            Browse::Generals => "generals",
        }
    }

    pub(super) fn next(self) -> Browse {
        match self {
            Browse::OffYearPrimaries => Browse::AllPrimaries,
            Browse::AllPrimaries => Browse::Generals,
            Browse::Generals => Browse::OffYearPrimaries,
        }
    }

    fn includes(self, year: i32, kind: Kind) -> bool {
        match self {
            Browse::OffYearPrimaries => kind == Kind::Primary && year % 2 != 0,
            Browse::AllPrimaries => kind == Kind::Primary,
            Browse::Generals => kind == Kind::General,
        }
    }
}

/// One year tab: an election of the browsed kind, with or without turnout figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Tab {
    /// The election's year.
    pub year: i32,
    /// Election day.
    pub date: NaiveDate,
    /// Primary or general.
    pub kind: Kind,
    /// The dataset's election, where the loaded files have turnout figures or results for it.
    pub election: Option<usize>,
}

impl App {
    /// The tabs of a kind of election: every election of that kind with figures or results,
    /// and every one the race list (seeds) names, so a year without a turnout file still shows.
    pub(super) fn set_browse(&mut self, browse: Browse) {
        let year_before = self.tab().map(|t| t.year);
        self.browse = browse;
        let ds = shown(&self.places, self.place, &self.drill);
        let mut tabs: Vec<Tab> = ds
            .elections()
            .iter()
            .enumerate()
            .filter(|(_, e)| browse.includes(e.year(), e.kind))
            .map(|(i, e)| Tab {
                year: e.year(),
                date: e.date,
                kind: e.kind,
                election: Some(i),
            })
            .collect();
        for c in &ds.seeds.candidates {
            let Some(kind) = Kind::parse(&c.election) else {
                continue;
            };
            if !browse.includes(c.year, kind)
                || tabs.iter().any(|t| t.year == c.year && t.kind == kind)
            {
                continue;
            }
            if let Some(date) = ds.calendar.date_for(c.year, kind) {
                tabs.push(Tab {
                    year: c.year,
                    date,
                    kind,
                    election: None,
                });
            }
        }
        tabs.sort_by_key(|t| t.date);
        self.tabs = tabs;
        // Stay in the same year where the new kind has it; else the latest year with figures.
        self.tab = year_before
            .and_then(|y| self.tabs.iter().position(|t| t.year == y))
            .or_else(|| self.tabs.iter().rposition(|t| self.has_figures(t)))
            .unwrap_or(self.tabs.len().saturating_sub(1));
    }

    /// Whether a tab's election has any turnout figure in the place shown.
    pub(super) fn has_figures(&self, t: &Tab) -> bool {
        let ds = self.ds();
        t.election.is_some_and(|e| {
            PartyGroup::ALL
                .iter()
                .any(|&g| !aggregate::city(ds, e, g).is_empty())
        })
    }
}
