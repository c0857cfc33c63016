//! The table's rows: which wards (or divisions) the filter keeps, in the sort order, the
//! columns `s` cycles through, and every row's values across the year tabs for the sparklines.

use super::view::{CompareView, Series};
use super::{App, SortColumn, shown};
use crate::data::Measure;
use crate::data::aggregate::{self, WardTable};

impl App {
    /// Every ward's values across the tabs for a measure: turnout rates where the party group
    /// has registration in any tab, else counts. One scale for all wards.
    pub(super) fn series(&self, measure: Measure) -> Series {
        let ds = shown(&self.places, self.place, &self.drill);
        let elections: Vec<Option<usize>> = self.tabs.iter().map(|t| t.election).collect();
        let value = |f: &crate::data::Figures, rate: bool| -> Option<f64> {
            if rate {
                if measure == Measure::Ballots {
                    f.turnout()
                } else {
                    None
                }
            } else {
                f.count(measure)
            }
        };
        let is_rate = measure == Measure::Ballots
            && elections
                .iter()
                .flatten()
                .any(|&e| aggregate::city(ds, e, self.group).turnout().is_some());
        let wards: Vec<Vec<Option<f64>>> = (0..ds.wards().len())
            .map(|w| {
                elections
                    .iter()
                    .map(|e| e.and_then(|e| value(ds.figures(e, w, self.group), is_rate)))
                    .collect()
            })
            .collect();
        let city: Vec<Option<f64>> = elections
            .iter()
            .map(|e| e.and_then(|e| value(&aggregate::city(ds, e, self.group), is_rate)))
            .collect();
        let max = wards
            .iter()
            .flatten()
            .flatten()
            .fold(0.0f64, |m, &v| m.max(v));
        Series {
            wards,
            city,
            max,
            is_rate,
        }
    }

    /// The wards the filter keeps, in the sort order. Missing values sort last either way.
    pub(super) fn visible_rows(
        &self,
        table: Option<&WardTable>,
        shares: Option<&[Option<f64>]>,
        compare: Option<&CompareView>,
    ) -> Vec<usize> {
        let Some(t) = table else {
            return Vec::new();
        };
        let filter = crate::filter::Filter::parse(&self.filter).unwrap_or_default();
        let mut rows: Vec<usize> = (0..t.rows.len())
            .filter(|&w| {
                let r = &t.rows[w];
                // A division without a figure in the measure is left out: sources draw division
                // lines differently (the Sixty-Six Wards series on the 2019 lines), so a row
                // with another source's figure only would describe another area.
                let has_figure = if self.drill.is_some() {
                    r.count.is_some()
                } else {
                    !r.figures.is_empty()
                };
                let has_any = has_figure || shares.is_some_and(|s| s[w].is_some());
                has_any && filter.keeps(r, shares.and_then(|s| s[w]))
            })
            .collect();
        let key = |w: usize| -> Option<f64> {
            let r = &t.rows[w];
            if let Some(c) = compare {
                let cr = &c.table.rows[w];
                return match self.sort {
                    SortColumn::Ward => Some(r.ward.0 as f64),
                    SortColumn::Registered => cr.b.registered.map(|v| v as f64),
                    SortColumn::Count => cr.count_delta,
                    SortColumn::Turnout => cr.turnout_b,
                    SortColumn::Change => cr.change.map(|c| match c {
                        aggregate::Change::Points(p) | aggregate::Change::Percent(p) => p,
                    }),
                    SortColumn::Representation => cr.rep_b,
                    SortColumn::Share => cr.share_delta(),
                };
            }
            match self.sort {
                SortColumn::Ward => Some(r.ward.0 as f64),
                SortColumn::Registered => r.figures.registered.map(|v| v as f64),
                SortColumn::Count => r.count,
                SortColumn::Turnout => r.turnout,
                SortColumn::Change => r.change.map(|c| match c {
                    aggregate::Change::Points(p) | aggregate::Change::Percent(p) => p,
                }),
                SortColumn::Share => shares.and_then(|s| s[w]),
                SortColumn::Representation => None,
            }
        };
        rows.sort_by(|&a, &b| {
            let (ka, kb) = (key(a), key(b));
            let ord = match (ka, kb) {
                (Some(x), Some(y)) => {
                    let o = x.total_cmp(&y);
                    if self.descending { o.reverse() } else { o }
                }
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            };
            ord.then(t.rows[a].ward.cmp(&t.rows[b].ward))
        });
        rows
    }

    /// The columns `s` cycles through, given what is shown.
    pub(super) fn sort_columns(&self) -> Vec<SortColumn> {
        let mut cols = vec![
            SortColumn::Ward,
            SortColumn::Registered,
            SortColumn::Count,
            SortColumn::Turnout,
            SortColumn::Change,
        ];
        if self.comparing {
            cols.push(SortColumn::Representation);
        }
        if self.candidate.is_some() {
            cols.push(SortColumn::Share);
        }
        // A column the layout dropped is skipped (the ward's is always there).
        if let Some(shown) = &self.sortable {
            cols.retain(|c| *c == SortColumn::Ward || shown.contains(c));
        }
        cols
    }

    /// Tells the app which columns the table shows (the screen decides); `None`: no table on
    /// screen, every column counts.
    pub fn set_sortable(&mut self, shown: Option<Vec<SortColumn>>) {
        self.sortable = shown;
    }
}
