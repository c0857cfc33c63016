//! Two elections of one place side by side, ward by ward: turnout in each, the change, ballots,
//! ranks, the representation index, a candidate's share in each, and the wards whose lines
//! moved. Pure functions over a dataset; the explorer and `turnout compare` both read them.

use super::aggregate::{self, Change, WardTable};
use super::dataset::Dataset;
use super::model::{Figures, Measure, PartyGroup, WardId};

/// A ward whose registered voters changed by more than this fraction between the two elections
/// is marked: its lines probably moved.
pub const BOUNDARY_CHANGE: f64 = 0.25;

/// One ward (or the city) in both elections.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CompareRow {
    /// The ward (`WardId(0)` for the city row).
    pub ward: WardId,
    /// Figures in the base election A.
    pub a: Figures,
    /// Figures in the compared election B.
    pub b: Figures,
    /// Turnout (fraction) in A and B.
    pub turnout_a: Option<f64>,
    /// Turnout in B.
    pub turnout_b: Option<f64>,
    /// B minus A: turnout points where both have turnout, else the count's percent change.
    pub change: Option<Change>,
    /// B's count minus A's.
    pub count_delta: Option<f64>,
    /// The same as a percent of A's count.
    pub count_delta_pct: Option<f64>,
    /// Rank in A and in B (1 = highest turnout, or count).
    pub rank_a: Option<usize>,
    /// Rank in B.
    pub rank_b: Option<usize>,
    /// The representation index in A and B: the ward's share of the city's ballots over its
    /// share of registered voters (1.00 = its fair share).
    pub rep_a: Option<f64>,
    /// The index in B.
    pub rep_b: Option<f64>,
    /// Whether registered voters changed by more than [`BOUNDARY_CHANGE`] (lines moved).
    pub boundary_moved: bool,
    /// The candidate column's share in A and B (fraction), where one is shown.
    pub share_a: Option<f64>,
    /// The share in B.
    pub share_b: Option<f64>,
}

impl CompareRow {
    /// The change of the representation index.
    pub fn rep_delta(&self) -> Option<f64> {
        Some(self.rep_b? - self.rep_a?)
    }

    /// The share's change in percentage points.
    pub fn share_delta(&self) -> Option<f64> {
        Some((self.share_b? - self.share_a?) * 100.0)
    }
}

/// The comparison of election B with a base election A.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareTable {
    /// The base election A (index into `Dataset::elections`).
    pub a: usize,
    /// The compared election B.
    pub b: usize,
    /// Party group shown.
    pub group: PartyGroup,
    /// Measure counted.
    pub measure: Measure,
    /// One row per ward of the dataset, in ward order.
    pub rows: Vec<CompareRow>,
    /// The city, over the wards both elections cover (like for like).
    pub city: CompareRow,
    /// Wards with a figure in both elections.
    pub both: usize,
    /// Wards of the place's ward list.
    pub of: usize,
}

/// The representation index: `ward ballots / city ballots` over `ward registered / city
/// registered`; `None` without both figures on both sides.
pub fn representation(ward: &Figures, city: &Figures) -> Option<f64> {
    let (b, r) = (ward.ballots? as f64, ward.registered? as f64);
    let (cb, cr) = (city.ballots? as f64, city.registered? as f64);
    if r == 0.0 || cb == 0.0 || cr == 0.0 {
        return None;
    }
    Some((b / cb) / (r / cr))
}

/// The base election a comparison starts from: the previous comparable one (the 2017 DA
/// primary for 2021's, the 2019 mayoral primary for 2023's).
pub fn default_base(ds: &Dataset, b: usize) -> Option<usize> {
    aggregate::previous_comparable(ds, b)
}

/// The measure two elections can be compared in: ballots where both have them, else votes in
/// the top race where both have those, else ballots (and the table says n/a).
pub fn common_measure(ds: &Dataset, a: usize, b: usize, group: PartyGroup) -> Measure {
    let has = |e: usize, m: Measure| {
        (0..ds.wards().len()).any(|w| ds.figures(e, w, group).count(m).is_some())
    };
    if has(a, Measure::Ballots) && has(b, Measure::Ballots) {
        Measure::Ballots
    } else if has(a, Measure::TopRaceVotes) && has(b, Measure::TopRaceVotes) {
        Measure::TopRaceVotes
    } else {
        Measure::Ballots
    }
}

/// Compares election `b` with base `a` for a party group and measure. `shares` are a
/// candidate's shares per ward in A and in B, with the city's, where a candidate column is on.
pub fn compare_table(
    ds: &Dataset,
    b: usize,
    a: usize,
    group: PartyGroup,
    measure: Measure,
    shares: Option<&CandidateShares>,
) -> CompareTable {
    let ta: WardTable = aggregate::ward_table(ds, a, group, measure);
    let tb: WardTable = aggregate::ward_table(ds, b, group, measure);
    let has = |t: &WardTable, w: usize| t.rows[w].count.is_some();
    let both: Vec<usize> = (0..ds.wards().len())
        .filter(|&w| has(&ta, w) && has(&tb, w))
        .collect();
    // City sums over the wards both cover, so that every city figure is like for like.
    let sum = |t: &WardTable| aggregate::sum_figures(both.iter().map(|&w| &t.rows[w].figures));
    let (city_a, city_b) = (sum(&ta), sum(&tb));
    let rows: Vec<CompareRow> = (0..ds.wards().len())
        .map(|w| {
            let (ra, rb) = (&ta.rows[w], &tb.rows[w]);
            row(
                ra.ward,
                (&ra.figures, &rb.figures),
                (&city_a, &city_b),
                measure,
                (ra.rank, rb.rank),
                shares.map_or((None, None), |s| (s.a[w], s.b[w])),
            )
        })
        .collect();
    let city = row(
        WardId(0),
        (&city_a, &city_b),
        (&city_a, &city_b),
        measure,
        (None, None),
        shares.map_or((None, None), |s| (s.city_a, s.city_b)),
    );
    CompareTable {
        a,
        b,
        group,
        measure,
        rows,
        city,
        both: both.iter().filter(|&&w| ds.wards()[w].is_ward()).count(),
        of: ds.ward_universe(),
    }
}

/// A candidate's shares in A and B, per ward (aligned to `Dataset::wards`) and citywide.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateShares {
    /// The candidate's name, as shown.
    pub name: String,
    /// Per ward in A.
    pub a: Vec<Option<f64>>,
    /// Per ward in B.
    pub b: Vec<Option<f64>>,
    /// Citywide in A.
    pub city_a: Option<f64>,
    /// Citywide in B.
    pub city_b: Option<f64>,
}

/// The same candidate's shares in both elections, where the race of `(race, candidate)` in B
/// has a candidate of the same name in a race of A.
pub fn candidate_shares(
    ds: &Dataset,
    a: usize,
    race: usize,
    candidate: usize,
) -> Option<CandidateShares> {
    let rb = &ds.races[race];
    let name = &rb.candidates[candidate].name;
    let key = super::results::names::key(name);
    let (ra, ca) = ds.races_of(a).find_map(|r| {
        r.candidates
            .iter()
            .position(|c| super::results::names::key(&c.name) == key)
            .map(|c| (r, c))
    })?;
    Some(CandidateShares {
        name: name.clone(),
        a: ra.shares(ca),
        b: rb.shares(candidate),
        city_a: ra.city_share(ca),
        city_b: rb.city_share(candidate),
    })
}

fn row(
    ward: WardId,
    (fa, fb): (&Figures, &Figures),
    (ca, cb): (&Figures, &Figures),
    measure: Measure,
    (rank_a, rank_b): (Option<usize>, Option<usize>),
    (share_a, share_b): (Option<f64>, Option<f64>),
) -> CompareRow {
    let rate = |f: &Figures| (measure == Measure::Ballots).then(|| f.turnout()).flatten();
    let (na, nb) = (fa.count(measure), fb.count(measure));
    let boundary_moved = match (fa.registered, fb.registered) {
        (Some(x), Some(y)) if x > 0 => ((y as f64 - x as f64) / x as f64).abs() > BOUNDARY_CHANGE,
        _ => false,
    };
    let rep = |f: &Figures, c: &Figures| {
        (measure == Measure::Ballots)
            .then(|| representation(f, c))
            .flatten()
    };
    CompareRow {
        ward,
        a: *fa,
        b: *fb,
        turnout_a: rate(fa),
        turnout_b: rate(fb),
        change: aggregate::change(fb, fa, measure),
        count_delta: na.zip(nb).map(|(x, y)| y - x),
        count_delta_pct: na
            .zip(nb)
            .filter(|(x, _)| *x > 0.0)
            .map(|(x, y)| (y - x) / x * 100.0),
        rank_a,
        rank_b,
        rep_a: rep(fa, ca),
        rep_b: rep(fb, cb),
        boundary_moved,
        share_a,
        share_b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(registered: u64, ballots: u64) -> Figures {
        Figures {
            registered: Some(registered),
            ballots: Some(ballots),
            top_race_votes: None,
        }
    }

    #[test]
    fn representation_index_by_hand() {
        // A ward with 10% of the city's registered voters and 15% of its ballots: 1.5.
        assert!((representation(&f(1_000, 300), &f(10_000, 2_000)).unwrap() - 1.5).abs() < 1e-12);
        // Its fair share exactly: 1.0; the city itself: 1.0.
        assert!((representation(&f(1_000, 200), &f(10_000, 2_000)).unwrap() - 1.0).abs() < 1e-12);
        assert!(
            (representation(&f(10_000, 2_000), &f(10_000, 2_000)).unwrap() - 1.0).abs() < 1e-12
        );
        assert_eq!(representation(&f(0, 0), &f(10_000, 2_000)), None);
    }
}
