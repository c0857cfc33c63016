//! What rendering reads, derived from the state on update, never per frame: the ward table
//! and its rows, sparklines, the candidate column, the comparison, the scatter and the
//! subtotal; and `refresh`, which derives it all from the state.

use super::{App, SortColumn, shown};
use crate::data::Measure;
use crate::data::aggregate::{self, Correlation, WardTable};
use crate::data::compare;
use crate::data::compare::{CandidateShares, CompareTable};

/// The sparkline series of every ward across the tabs, on one scale.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// `[ward][tab]`, aligned to `Dataset::wards` and the tabs; `None` is a gap.
    pub wards: Vec<Vec<Option<f64>>>,
    /// The city across the tabs.
    pub city: Vec<Option<f64>>,
    /// The largest ward value: the top of the shared scale.
    pub max: f64,
    /// Whether values are turnout rates (fractions) rather than counts.
    pub is_rate: bool,
}

/// Everything derived from the state that rendering needs, computed on update, never per frame.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// The ward table of the selected tab (none when the tab has no turnout figures).
    pub table: Option<WardTable>,
    /// The measure counted.
    pub measure: Option<Measure>,
    /// Visible wards (positions in `Dataset::wards`), filtered and sorted.
    pub rows: Vec<usize>,
    /// The selected row (index into `rows`).
    pub selected: Option<usize>,
    /// Sparklines and trend values.
    pub series: Series,
    /// The candidate column's shares, aligned to `Dataset::wards`.
    pub shares: Option<Vec<Option<f64>>>,
    /// Turnout vs the candidate's share.
    pub correlation: Option<Correlation>,
    /// Candidates of the tab's races that can be a column: (race, candidate).
    pub candidates: Vec<(usize, usize)>,
    /// The comparison with the base election, in compare mode.
    pub compare: Option<CompareView>,
    /// The shown wards together, while a filter is on.
    pub subtotal: Option<Subtotal>,
    /// The scatter of turnout against the candidate's share, while it is shown.
    pub scatter: Option<Scatter>,
    /// The ward map's values, while it is shown.
    pub map: Option<MapView>,
}

/// The scatter plot: each shown ward's turnout (x) against the candidate column's share (y),
/// or in compare mode the change of each, with the fitted line and the correlations.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scatter {
    /// (x, y, ward position) of each shown ward with both values.
    pub points: Vec<(f64, f64, usize)>,
    /// The selected ward's point.
    pub selected: Option<(f64, f64)>,
    /// The least-squares line: slope and intercept.
    pub fit: Option<(f64, f64)>,
    /// Pearson's r, unweighted, and the number of wards.
    pub r: Option<Correlation>,
    /// r weighted by the wards' ballots.
    pub weighted_r: Option<f64>,
    /// What x and y are.
    pub x_label: String,
    /// What y is.
    pub y_label: String,
    /// Why there are no points (no candidate column, no shares), when there are none.
    pub empty_because: Option<String>,
}

/// The wards a filter shows, added up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Subtotal {
    /// Wards shown.
    pub wards: usize,
    /// Wards of the table.
    pub of: usize,
    /// Their figures added up (registered only where each has it).
    pub figures: crate::data::Figures,
    /// Their turnout together.
    pub turnout: Option<f64>,
    /// Their share of the city's count (ballots, or top-race votes).
    pub share_of_city: Option<f64>,
}

/// Compare mode's view: the table of B against A, and the candidate's shares in both.
#[derive(Debug, Clone)]
pub struct CompareView {
    /// Ward by ward, and the city over the wards both cover.
    pub table: CompareTable,
    /// The candidate column's shares in A and B, where the candidate ran in both.
    pub shares: Option<CandidateShares>,
    /// Why there is no share column although a candidate is chosen.
    pub no_shares: Option<String>,
}

/// Three columns of a plot: x, y and each row's weight.
pub(super) type Columns3 = (Vec<Option<f64>>, Vec<Option<f64>>, Vec<Option<f64>>);

/// The shown rows of a table added up, and their share of the city's count.
pub(super) fn subtotal(t: &WardTable, rows: &[usize], measure: Measure) -> Subtotal {
    let figures = aggregate::sum_figures(rows.iter().map(|&w| &t.rows[w].figures));
    let share_of_city = match (figures.count(measure), t.city.figures.count(measure)) {
        (Some(a), Some(c)) if c > 0.0 => Some(a / c),
        _ => None,
    };
    Subtotal {
        wards: rows.len(),
        of: t.rows.iter().filter(|r| !r.figures.is_empty()).count(),
        turnout: if measure == Measure::Ballots {
            figures.turnout()
        } else {
            None
        },
        figures,
        share_of_city,
    }
}

/// The ward map's values: each ward of the map in one of five quantile bins of the table's
/// current column.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapView {
    /// What the colours show.
    pub label: String,
    /// Per ward of the map (`WardMap::wards`): its bin, 0 (lowest) to 4.
    pub bins: Vec<Option<u8>>,
    /// The six edges of the five bins.
    pub edges: Vec<f64>,
    /// Wards in each bin.
    pub counts: [usize; 5],
    /// Wards with figures but no polygon.
    pub without_polygon: usize,
    /// Polygons with no ward in the data.
    pub without_data: usize,
    /// Why there is no map, where there is none.
    pub missing: Option<String>,
}

impl App {
    /// Recomputes the view from the state.
    pub(super) fn refresh(&mut self) {
        let ds = shown(&self.places, self.place, &self.drill);
        let election = self.tab().and_then(|t| t.election);
        let figures = election
            .filter(|&e| (0..ds.wards().len()).any(|w| !ds.figures(e, w, self.group).is_empty()));
        // The measure chosen with `m`, where this view has any figure in it (a ward's
        // divisions may have top-race votes only); else the view's own.
        let measure = figures.map(|e| {
            self.measure
                .filter(|&m| {
                    (0..ds.wards().len()).any(|w| ds.figures(e, w, self.group).count(m).is_some())
                })
                .unwrap_or_else(|| aggregate::default_measure(ds, e, self.group))
        });
        let table = figures
            .zip(measure)
            .map(|(e, m)| aggregate::ward_table(ds, e, self.group, m));

        // The candidate column, if it belongs to this election: the races covering the most
        // wards first (a county's judges before one borough's council).
        let candidates: Vec<(usize, usize)> = match election {
            Some(e) => {
                let mut races: Vec<(usize, usize)> = ds
                    .races
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| r.election == e)
                    .map(|(ri, r)| (ri, r.reported_wards().count()))
                    .collect();
                races.sort_by_key(|&(ri, wards)| (std::cmp::Reverse(wards), ri));
                races
                    .into_iter()
                    .flat_map(|(ri, _)| {
                        ds.races[ri]
                            .candidates
                            .iter()
                            .enumerate()
                            .filter(|(_, c)| !c.write_in)
                            .map(move |(ci, _)| (ri, ci))
                    })
                    .collect()
            }
            None => Vec::new(),
        };
        // The chosen candidate's column shows in its own year, and comes back with it.
        self.candidate = self.wanted_candidate.filter(|c| candidates.contains(c));
        if self.candidate.is_none() && self.sort == SortColumn::Share {
            self.sort = SortColumn::Ward;
            self.descending = false;
        }
        let shares = self.candidate.map(|(r, c)| ds.races[r].shares(c));
        let correlation = match (&table, &shares) {
            (Some(t), Some(s)) => {
                let turnout: Vec<Option<f64>> = t.rows.iter().map(|r| r.turnout).collect();
                aggregate::pearson(&turnout, s)
            }
            _ => None,
        };

        let compare = match (self.comparing, &table, election) {
            (true, Some(_), Some(b)) => self.base_of(b).map(|a| {
                let m = self
                    .measure
                    .unwrap_or_else(|| compare::common_measure(ds, a, b, self.group));
                let (shares, no_shares) = match self.candidate {
                    Some((r, c)) => match compare::candidate_shares(ds, a, r, c) {
                        Some(s) => (Some(s), None),
                        None => (
                            None,
                            Some(format!(
                                "{} has no results in {}",
                                ds.races[r].candidates[c].name,
                                ds.elections()[a].year()
                            )),
                        ),
                    },
                    None => (None, None),
                };
                CompareView {
                    table: compare::compare_table(ds, b, a, self.group, m, shares.as_ref()),
                    shares,
                    no_shares,
                }
            }),
            _ => None,
        };
        let series = self.series(measure.unwrap_or(Measure::Ballots));
        let rows = self.visible_rows(table.as_ref(), shares.as_deref(), compare.as_ref());
        let selected = self
            .ward_index()
            .and_then(|w| rows.iter().position(|&r| r == w))
            .or(if rows.is_empty() { None } else { Some(0) });
        if let Some(s) = selected {
            self.ward = Some(shown(&self.places, self.place, &self.drill).wards()[rows[s]]);
        }
        let subtotal = table
            .as_ref()
            .filter(|_| !self.filter.is_empty())
            .map(|t| subtotal(t, &rows, measure.unwrap_or(Measure::Ballots)));
        let scatter = self
            .scatter
            .then(|| self.scatter_of(table.as_ref(), shares.as_deref(), compare.as_ref(), &rows));
        let map = self.map.then(|| match self.drill {
            Some(_) => MapView {
                missing: Some(
                    "no division boundaries are loaded: the map shows wards (Esc returns to them)"
                        .into(),
                ),
                ..MapView::default()
            },
            None => self.map_view(table.as_ref(), shares.as_deref(), compare.as_ref()),
        });
        self.view = View {
            map,
            scatter,
            subtotal,
            table,
            measure,
            rows,
            selected,
            series,
            shares,
            correlation,
            candidates,
            compare,
        };
        self.keep_selection_visible();
    }
}
