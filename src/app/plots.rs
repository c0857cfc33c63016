//! Compare mode and the scatter: the base election a comparison starts from and how it
//! moves, and the scatter's points, line and correlations.

use super::view::{Columns3, CompareView, Scatter};
use super::{App, SortColumn};
use crate::data::Measure;
use crate::data::aggregate::{self, WardTable};
use crate::data::compare;

impl App {
    /// Whether the table compares two elections.
    pub fn comparing(&self) -> bool {
        self.comparing
    }

    /// Whether the scatter plot is shown.
    pub fn scatter(&self) -> bool {
        self.scatter
    }

    /// Shows or hides the scatter plot.
    pub(crate) fn toggle_scatter(&mut self) {
        self.scatter = !self.scatter;
        if self.scatter {
            self.map = false;
        }
        self.refresh();
    }

    /// The scatter of the shown wards: turnout (%) against the candidate's share (%), or in
    /// compare mode the change of each (points).
    pub(super) fn scatter_of(
        &self,
        table: Option<&WardTable>,
        shares: Option<&[Option<f64>]>,
        compare: Option<&CompareView>,
        rows: &[usize],
    ) -> Scatter {
        let ds = self.ds();
        let mut s = Scatter::default();
        let name = self
            .candidate
            .map(|(r, c)| ds.races[r].candidates[c].name.clone());
        let (xs, ys, ws): Columns3 = match (compare, table) {
            (Some(c), _) => {
                s.x_label = "turnout change (pp)".into();
                s.y_label = format!("{} share change (pp)", name.clone().unwrap_or_default());
                if c.shares.is_none() {
                    s.empty_because = Some(match (&name, &c.no_shares) {
                        (None, _) => "Press c for a candidate: the plot shows each ward's turnout change against the candidate's share change.".into(),
                        (Some(_), Some(why)) => format!("{why}: no share change to plot."),
                        (Some(_), None) => "No share change to plot.".into(),
                    });
                }
                let t = &c.table;
                rows.iter()
                    .map(|&w| {
                        let r = &t.rows[w];
                        let dx = match r.change {
                            Some(aggregate::Change::Points(p)) => Some(p),
                            _ => None,
                        };
                        (dx, r.share_delta(), r.b.ballots.map(|b| b as f64))
                    })
                    .fold((vec![], vec![], vec![]), |mut acc, (x, y, w)| {
                        acc.0.push(x);
                        acc.1.push(y);
                        acc.2.push(w);
                        acc
                    })
            }
            (None, Some(t)) => {
                s.x_label = "turnout (%)".into();
                s.y_label = format!("{} share (%)", name.clone().unwrap_or_default());
                if shares.is_none() {
                    s.empty_because = Some("Press c for a candidate: the plot shows each ward's turnout against the candidate's share of the vote.".into());
                }
                rows.iter()
                    .map(|&w| {
                        let r = &t.rows[w];
                        (
                            r.turnout.map(|v| v * 100.0),
                            shares.and_then(|s| s[w]).map(|v| v * 100.0),
                            r.figures.ballots.map(|b| b as f64),
                        )
                    })
                    .fold((vec![], vec![], vec![]), |mut acc, (x, y, w)| {
                        acc.0.push(x);
                        acc.1.push(y);
                        acc.2.push(w);
                        acc
                    })
            }
            (None, None) => {
                s.empty_because = Some("No turnout figures for this election.".into());
                return s;
            }
        };
        let selected = self.view_selected_ward(rows);
        for (i, &w) in rows.iter().enumerate() {
            if let (Some(x), Some(y)) = (xs[i], ys[i]) {
                s.points.push((x, y, w));
                if Some(w) == selected {
                    s.selected = Some((x, y));
                }
            }
        }
        if s.points.is_empty() && s.empty_because.is_none() {
            s.empty_because = Some("No ward has both values.".into());
        }
        s.r = aggregate::pearson(&xs, &ys);
        s.weighted_r = aggregate::weighted_pearson(&xs, &ys, &ws);
        s.fit = aggregate::least_squares(&xs, &ys);
        s
    }

    /// The selected ward's position in `Dataset::wards`, if it is among `rows`.
    fn view_selected_ward(&self, rows: &[usize]) -> Option<usize> {
        self.ward_index().filter(|w| rows.contains(w))
    }

    /// The base election (A) of a comparison with election `b`: the one chosen, else the
    /// previous comparable one, else the latest earlier one of the same kind with figures.
    pub(super) fn base_of(&self, b: usize) -> Option<usize> {
        let ds = self.ds();
        self.base
            .filter(|&a| a != b && self.bases(b).contains(&a))
            .or_else(|| {
                compare::default_base(ds, b)
                    .or_else(|| self.bases(b).into_iter().rev().find(|&a| a < b))
            })
    }

    /// The elections a comparison with `b` can start from: the browsed kind's other
    /// elections with figures (the year tabs' order).
    fn bases(&self, b: usize) -> Vec<usize> {
        let ds = self.ds();
        // Only elections with figures in a measure B has too: anything else compares nothing.
        let has = |e: usize, m: Measure| {
            (0..ds.wards().len()).any(|w| ds.figures(e, w, self.group).count(m).is_some())
        };
        let comparable = |a: usize| {
            [Measure::Ballots, Measure::TopRaceVotes]
                .into_iter()
                .any(|m| has(a, m) && has(b, m))
        };
        self.tabs
            .iter()
            .filter_map(|t| t.election)
            .filter(|&e| e != b && comparable(e))
            .collect()
    }

    /// Turns compare mode on or off.
    pub(crate) fn toggle_compare(&mut self) {
        self.comparing = !self.comparing;
        if !self.comparing && self.sort == SortColumn::Representation {
            self.sort = SortColumn::Ward;
            self.descending = false;
        }
        self.refresh();
    }

    /// Moves the base election (A) to an earlier (`-1`) or later (`1`) election of the kind.
    pub(crate) fn move_base(&mut self, by: isize) {
        let Some(b) = self.tab().and_then(|t| t.election) else {
            return;
        };
        if !self.comparing {
            self.comparing = true;
        }
        let bases = self.bases(b);
        let now = self.base_of(b);
        let at = now.and_then(|a| bases.iter().position(|&x| x == a));
        let next = match at {
            Some(i) => (i as isize + by).clamp(0, bases.len() as isize - 1) as usize,
            None if bases.is_empty() => return,
            None => bases.len() - 1,
        };
        self.base = Some(bases[next]);
        self.refresh();
    }
}
