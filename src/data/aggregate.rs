//! Pure functions over a dataset: city totals, the ward table of one election (turnout, change
//! vs the previous comparable election, rank), a ward's series across elections, and the
//! correlation of two ward columns.

use super::dataset::Dataset;
use super::model::{Figures, Measure, PartyGroup, WardId};

/// A change between two comparable elections, in the unit that fits the measure.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Turnout percentage points (both elections have ballots and registered voters).
    Points(f64),
    /// Percent change of the count (no registration known for one of them).
    Percent(f64),
}

/// One ward's line of the ward table.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WardRow {
    /// The ward.
    pub ward: WardId,
    /// Everything known for it in this election and party group.
    pub figures: Figures,
    /// The count of the table's measure.
    pub count: Option<f64>,
    /// Ballots over registered, as a fraction.
    pub turnout: Option<f64>,
    /// Change vs the previous comparable election.
    pub change: Option<Change>,
    /// 1 = highest turnout (or count, where turnout is unknown); ties share a rank.
    pub rank: Option<usize>,
}

/// The ward table of one election.
#[derive(Debug, Clone, PartialEq)]
pub struct WardTable {
    /// The election's index.
    pub election: usize,
    /// The previous comparable election, if the dataset holds one.
    pub previous: Option<usize>,
    /// Party group shown.
    pub group: PartyGroup,
    /// Measure counted.
    pub measure: Measure,
    /// One row per ward of the dataset, in ward order.
    pub rows: Vec<WardRow>,
    /// The city: sums over the wards.
    pub city: WardRow,
    /// How much of the place the table covers.
    pub coverage: Coverage,
}

/// How much of its place an election's figures cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Coverage {
    /// Wards with a figure in the table's measure.
    pub wards: usize,
    /// Wards of the place's ward list.
    pub of: usize,
    /// Where the two elections of the change cover different wards: the wards both cover, the
    /// only ones the city's change is computed over (like for like).
    pub change_over: Option<usize>,
    /// What the units are: `wards`, or `divisions` inside one ward.
    #[serde(skip)]
    pub unit: &'static str,
}

impl Coverage {
    /// Whether the figures cover every ward of the place.
    pub fn is_complete(&self) -> bool {
        self.wards >= self.of
    }

    /// `58 of 66 wards`, or empty when complete.
    pub fn label(&self) -> String {
        if self.is_complete() {
            String::new()
        } else {
            format!("{} of {} {}", self.wards, self.of, self.unit)
        }
    }
}

/// Ballots where the election has any, else votes in the top race.
pub fn default_measure(ds: &Dataset, election: usize, group: PartyGroup) -> Measure {
    let has_ballots =
        (0..ds.wards().len()).any(|w| ds.figures(election, w, group).ballots.is_some());
    if has_ballots {
        Measure::Ballots
    } else {
        Measure::TopRaceVotes
    }
}

/// City totals: each figure summed over the wards. Registered voters are summed only when
/// every ward with ballots has them, so city turnout never mixes covered and uncovered wards.
pub fn city(ds: &Dataset, election: usize, group: PartyGroup) -> Figures {
    sum_figures((0..ds.wards().len()).map(|w| ds.figures(election, w, group)))
}

/// Sums over some wards only (positions in `Dataset::wards`).
fn city_over(ds: &Dataset, election: usize, group: PartyGroup, wards: &[usize]) -> Figures {
    sum_figures(wards.iter().map(|&w| ds.figures(election, w, group)))
}

/// Adds up figures; registered voters are summed only when every one with ballots has them,
/// so a rate never mixes covered and uncovered wards.
pub fn sum_figures<'a>(figures: impl IntoIterator<Item = &'a Figures>) -> Figures {
    let mut total = Figures::default();
    let mut registered_complete = true;
    for f in figures {
        if f.ballots.is_some() && f.registered.is_none() {
            registered_complete = false;
        }
        total.add(f);
    }
    if !registered_complete {
        total.registered = None;
    }
    total
}

/// The latest earlier election comparable to this one (same kind and headline office) that
/// holds any figure.
pub fn previous_comparable(ds: &Dataset, election: usize) -> Option<usize> {
    let this = &ds.elections()[election];
    (0..election).rev().find(|&e| {
        ds.calendar.is_comparable(&ds.elections()[e], this)
            && PartyGroup::ALL.iter().any(|&g| !city(ds, e, g).is_empty())
    })
}

/// The change from `before` to `now` for a measure: turnout points where both have turnout,
/// else the percent change of the count.
pub fn change(now: &Figures, before: &Figures, measure: Measure) -> Option<Change> {
    if measure == Measure::Ballots {
        if let (Some(a), Some(b)) = (now.turnout(), before.turnout()) {
            return Some(Change::Points((a - b) * 100.0));
        }
    }
    match (now.count(measure), before.count(measure)) {
        (Some(a), Some(b)) if b > 0.0 => Some(Change::Percent((a - b) / b * 100.0)),
        _ => None,
    }
}

fn row(ward: WardId, figures: Figures, before: Option<Figures>, measure: Measure) -> WardRow {
    WardRow {
        ward,
        figures,
        count: figures.count(measure),
        turnout: if measure == Measure::Ballots {
            figures.turnout()
        } else {
            None
        },
        change: before.and_then(|b| change(&figures, &b, measure)),
        rank: None,
    }
}

/// Competition ranks (1, 2, 2, 4) by `value`, highest first; `None` values get no rank.
pub fn ranks(values: &[Option<f64>]) -> Vec<Option<usize>> {
    let mut order: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut out = vec![None; values.len()];
    for (pos, &(i, v)) in order.iter().enumerate() {
        // Ties share the rank of the first of them.
        let rank = match pos.checked_sub(1).map(|p| order[p]) {
            Some((prev, pv)) if pv == v => out[prev],
            _ => Some(pos + 1),
        };
        out[i] = rank;
    }
    out
}

/// The ward table of one election, party group and measure.
pub fn ward_table(ds: &Dataset, election: usize, group: PartyGroup, measure: Measure) -> WardTable {
    let previous = previous_comparable(ds, election);
    let mut rows: Vec<WardRow> = ds
        .wards()
        .iter()
        .enumerate()
        .map(|(w, &ward)| {
            let before = previous.map(|p| *ds.figures(p, w, group));
            row(ward, *ds.figures(election, w, group), before, measure)
        })
        .collect();
    let by_turnout = rows.iter().any(|r| r.turnout.is_some());
    let keys: Vec<Option<f64>> = rows
        .iter()
        .map(|r| if by_turnout { r.turnout } else { r.count })
        .collect();
    for (r, rank) in rows.iter_mut().zip(ranks(&keys)) {
        r.rank = rank;
    }
    let has = |e: usize, w: usize| ds.figures(e, w, group).count(measure).is_some();
    let real = |w: usize| ds.wards()[w].is_ward();
    let covered = (0..ds.wards().len())
        .filter(|&w| real(w) && has(election, w))
        .count();
    let city_now = city(ds, election, group);
    let mut city_row = row(WardId(0), city_now, None, measure);
    let mut change_over = None;
    if let Some(p) = previous {
        let both: Vec<usize> = (0..ds.wards().len())
            .filter(|&w| has(election, w) && has(p, w))
            .collect();
        let only_one = (0..ds.wards().len()).any(|w| has(election, w) != has(p, w));
        city_row.change = if both.is_empty() {
            None
        } else if only_one {
            // Like for like: the change over the wards both elections cover.
            change_over = Some(both.iter().filter(|&&w| real(w)).count());
            let sum = |e: usize| city_over(ds, e, group, &both);
            change(&sum(election), &sum(p), measure)
        } else {
            change(&city_now, &city(ds, p, group), measure)
        };
    }
    WardTable {
        election,
        previous,
        group,
        measure,
        rows,
        city: city_row,
        coverage: Coverage {
            wards: covered,
            of: ds.ward_universe(),
            change_over,
            unit: ds.unit_plural(),
        },
    }
}

/// A ward's value across the given elections: turnout (fraction) for ballots where registered
/// voters are known, else the count. Missing elections stay `None`, never zero.
pub fn series(
    ds: &Dataset,
    ward: usize,
    elections: &[usize],
    group: PartyGroup,
    measure: Measure,
) -> Vec<Option<f64>> {
    elections
        .iter()
        .map(|&e| {
            let f = ds.figures(e, ward, group);
            match measure {
                Measure::Ballots => f.turnout(),
                Measure::TopRaceVotes => f.top_race_votes,
            }
        })
        .collect()
}

/// Pearson's correlation coefficient of two columns and the number of rows it used.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Correlation {
    /// r, from -1 to 1.
    pub r: f64,
    /// Rows where both columns have a value.
    pub n: usize,
}

/// Pearson's r over the rows where both columns have a value (unweighted). `None` with fewer
/// than three such rows or when either column does not vary.
pub fn pearson(xs: &[Option<f64>], ys: &[Option<f64>]) -> Option<Correlation> {
    let pairs: Vec<(f64, f64)> = xs
        .iter()
        .zip(ys)
        .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
        .collect();
    let n = pairs.len();
    if n < 3 {
        return None;
    }
    let mean = |f: fn(&(f64, f64)) -> f64| pairs.iter().map(f).sum::<f64>() / n as f64;
    let (mx, my) = (mean(|p| p.0), mean(|p| p.1));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    let r = sxy / (sxx * syy).sqrt();
    r.is_finite().then_some(Correlation {
        r: r.clamp(-1.0, 1.0),
        n,
    })
}

/// Pearson's r with each row weighted (by its ballots, say), over the rows where all three
/// are known; `None` with fewer than three such rows, no weight, or a column that does not vary.
pub fn weighted_pearson(xs: &[Option<f64>], ys: &[Option<f64>], ws: &[Option<f64>]) -> Option<f64> {
    let rows: Vec<(f64, f64, f64)> = xs
        .iter()
        .zip(ys)
        .zip(ws)
        .filter_map(|((x, y), w)| Some(((*x)?, (*y)?, (*w)?)))
        .filter(|r| r.2 > 0.0)
        .collect();
    if rows.len() < 3 {
        return None;
    }
    let total: f64 = rows.iter().map(|r| r.2).sum();
    let mx = rows.iter().map(|r| r.2 * r.0).sum::<f64>() / total;
    let my = rows.iter().map(|r| r.2 * r.1).sum::<f64>() / total;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y, w) in &rows {
        sxy += w * (x - mx) * (y - my);
        sxx += w * (x - mx) * (x - mx);
        syy += w * (y - my) * (y - my);
    }
    let r = sxy / (sxx * syy).sqrt();
    r.is_finite().then(|| r.clamp(-1.0, 1.0))
}

/// The least-squares line `y = slope * x + intercept` through the rows where both are known.
pub fn least_squares(xs: &[Option<f64>], ys: &[Option<f64>]) -> Option<(f64, f64)> {
    let pairs: Vec<(f64, f64)> = xs
        .iter()
        .zip(ys)
        .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
        .collect();
    if pairs.len() < 2 {
        return None;
    }
    let n = pairs.len() as f64;
    let mx = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pairs.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
    if sxx == 0.0 {
        return None;
    }
    let slope = pairs.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum::<f64>() / sxx;
    Some((slope, my - slope * mx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pearson_of_known_columns() {
        let x = [Some(1.0), Some(2.0), Some(3.0), None, Some(4.0)];
        let y = [Some(2.0), Some(4.0), Some(6.0), Some(9.0), Some(8.0)];
        let c = pearson(&x, &y).unwrap();
        assert_eq!(c.n, 4);
        assert!((c.r - 1.0).abs() < 1e-12);
        let down = [Some(4.0), Some(1.0), Some(3.0), Some(0.5), Some(0.0)];
        // By hand: x = 1,2,3,4 and y = 4,1,3,0 give sxy = -5, sxx = 5, syy = 10, so
        // r = -5 / sqrt(50) = -1/sqrt(2).
        let c = pearson(&x, &down).unwrap();
        assert!(
            (c.r + std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-12,
            "{}",
            c.r
        );
        assert_eq!(pearson(&x[..2], &y[..2]), None);
        let flat = [Some(1.0); 5];
        assert_eq!(pearson(&x, &flat), None);
    }

    #[test]
    fn weighted_r_and_the_fitted_line_by_hand() {
        let x = [Some(1.0), Some(2.0), Some(3.0), Some(4.0)];
        let y = [Some(4.0), Some(1.0), Some(3.0), Some(0.0)];
        // Equal weights give the unweighted r: -1/sqrt(2).
        let ones = [Some(1.0); 4];
        let r = weighted_pearson(&x, &y, &ones).unwrap();
        assert!((r + std::f64::consts::FRAC_1_SQRT_2).abs() < 1e-12, "{r}");
        // Weights 1,1,1,3 (total 6): mx = 18/6 = 3, my = 8/6 = 4/3;
        // sxy = -16/3 + 1/3 + 0 - 4 = -9, sxx = 4 + 1 + 0 + 3 = 8,
        // syy = 64/9 + 1/9 + 25/9 + 48/9 = 46/3, so r = -9 / sqrt(8 * 46/3) = -0.8126.
        let w = [Some(1.0), Some(1.0), Some(1.0), Some(3.0)];
        let r = weighted_pearson(&x, &y, &w).unwrap();
        assert!(
            (r + 9.0 / (8.0 * 46.0 / 3.0f64).sqrt()).abs() < 1e-12,
            "{r}"
        );
        // The line through (1,4) (2,1) (3,3) (4,0): slope -1, intercept 4.5.
        let (slope, intercept) = least_squares(&x, &y).unwrap();
        assert!((slope + 1.0).abs() < 1e-12 && (intercept - 4.5).abs() < 1e-12);
        assert_eq!(least_squares(&x[..1], &y[..1]), None);
    }

    #[test]
    fn competition_ranks() {
        let r = ranks(&[Some(0.2), Some(0.5), None, Some(0.5), Some(0.1)]);
        assert_eq!(r, vec![Some(3), Some(1), None, Some(1), Some(4)]);
    }

    #[test]
    fn change_prefers_points() {
        let now = Figures {
            registered: Some(100),
            ballots: Some(30),
            top_race_votes: None,
        };
        let before = Figures {
            registered: Some(100),
            ballots: Some(20),
            top_race_votes: None,
        };
        assert!(
            matches!(change(&now, &before, Measure::Ballots), Some(Change::Points(p)) if (p - 10.0).abs() < 1e-9)
        );
        let no_reg = Figures {
            registered: None,
            ..before
        };
        assert_eq!(
            change(&now, &no_reg, Measure::Ballots),
            Some(Change::Percent(50.0))
        );
        assert_eq!(change(&now, &before, Measure::TopRaceVotes), None);
    }
}
