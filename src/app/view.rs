//! What rendering reads, derived from the state on update, never per frame: the ward table
//! and its rows, sparklines, the candidate column, the comparison, the scatter and the
//! subtotal.

use crate::data::Measure;
use crate::data::aggregate::{self, Correlation, WardTable};
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
