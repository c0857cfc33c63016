//! The immutable data the app browses: per place, elections × wards × party groups of figures
//! and the candidate results of each race, built from the loader, with duplicates and
//! cross-source overrides resolved and reported. Nothing is compared across places.

use super::calendar::Calendar;
use super::divisions::{DivisionStore, top_race_from_results};
use super::fold::{self, Acc, Folded, measure_index};
use super::load::{FileReport, Loader};
use super::model::{Election, Figures, Measure, PartyGroup, WardId};
use super::place::PHILADELPHIA;
use super::problem::{Problem, Severity};
use super::results::{self, Race};
use super::seeds::Seeds;
use std::collections::HashMap;
use std::sync::Arc;

/// Overrides by (earlier file, later file).
pub(crate) type Overrides = HashMap<(u16, u16), OverrideReport>;

/// Counts one figure a later file replaced in an earlier one, keeping a few examples.
pub(crate) fn note_override(
    overrides: &mut Overrides,
    files: &[FileReport],
    earlier: u16,
    later: u16,
    example: impl FnOnce() -> String,
) {
    let report = overrides
        .entry((earlier, later))
        .or_insert_with(|| OverrideReport {
            earlier: files[earlier as usize].name.clone(),
            later: files[later as usize].name.clone(),
            count: 0,
            examples: Vec::new(),
        });
    report.count += 1;
    if report.examples.len() < 3 {
        report.examples.push(example());
    }
}

/// Figures one later source replaced in an earlier one.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct OverrideReport {
    /// The earlier source (its figures were replaced).
    pub earlier: String,
    /// The later source (its figures won).
    pub later: String,
    /// How many figures.
    pub count: u64,
    /// A few of them, as users read them.
    pub examples: Vec<String>,
}

/// What loading every source gave, for all places: files, problems, overrides.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct LoadReport {
    /// Per input file: format, rows, coverage.
    pub files: Vec<FileReport>,
    /// Every problem, in load order.
    pub problems: Vec<Problem>,
    /// Figures a later source replaced.
    pub overrides: Vec<OverrideReport>,
    /// Every place a file named, in the order first met.
    pub places: Vec<String>,
    /// Every election as the loader numbered it (`FileReport::election_ids`), with its place
    /// (index into `places`).
    pub elections: Vec<(u16, Election)>,
}

impl LoadReport {
    /// Errors only (rows or files left out), not warnings.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity() == Severity::Error)
    }
}

/// Everything loaded: one dataset per place, and the report of the load.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// One per place with data, Philadelphia first, then in the order first loaded.
    pub places: Vec<Dataset>,
    /// Files, problems and overrides of the whole load.
    pub report: Arc<LoadReport>,
}

impl Loaded {
    /// The first place's dataset (Philadelphia where it is loaded).
    pub fn into_first(self) -> Dataset {
        self.places
            .into_iter()
            .next()
            .expect("build always makes at least one place")
    }

    /// The names of the places loaded.
    pub fn place_names(&self) -> Vec<String> {
        self.places.iter().map(|d| d.place.clone()).collect()
    }

    /// The place a command shows: the one named (case ignored, a unique prefix accepted), else
    /// the only one, else Philadelphia, with a note naming the others.
    ///
    /// # Errors
    /// When the name matches no place or several.
    pub fn choose(&self, name: Option<&str>) -> Result<(usize, Option<String>), String> {
        let names = self.place_names();
        if let Some(q) = name {
            let found = super::place::find(q, &names)?;
            return Ok((names.iter().position(|n| n == found).unwrap_or(0), None));
        }
        if names.len() <= 1 {
            return Ok((0, None));
        }
        let at = names.iter().position(|n| n == PHILADELPHIA).unwrap_or(0);
        let others: Vec<&str> = names
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(_, n)| n.as_str())
            .collect();
        Ok((
            at,
            Some(format!(
                "showing {}; also loaded: {} (choose with --place NAME)",
                names[at],
                others.join(", ")
            )),
        ))
    }
}

/// One place's data: the figures, its races and seeds, and the shared load report. The
/// skipped fields are shared or derived: `snapshot` puts them back.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Dataset {
    /// The place (`Philadelphia`, `Erie County`, `Chicago`).
    pub place: String,
    elections: Vec<Election>,
    wards: Vec<WardId>,
    /// `[election][ward]`, each with one `Figures` per party group.
    cells: Vec<[Figures; 4]>,
    /// Files, problems and overrides of the whole load (every place shares it).
    #[serde(skip)]
    pub report: Arc<LoadReport>,
    /// Candidate results, by election (date order), office and party.
    pub races: Vec<Race>,
    /// This place's candidates, endorsements and election days (shared with its division
    /// views).
    #[serde(skip)]
    pub seeds: Arc<Seeds>,
    /// Election days and headline offices (from this place's seeds).
    #[serde(skip)]
    pub calendar: Calendar,
    /// The ward whose divisions stand in place of wards here (see `divisions_of`); `None` for
    /// a place's wards.
    pub within: Option<WardId>,
    /// Per election, the loader's id (to find its division figures).
    pub(crate) election_ids: Vec<u16>,
    /// Every division figure of the load, by (loader election, ward, division).
    #[serde(skip)]
    pub(crate) division_store: Arc<DivisionStore>,
}

impl Dataset {
    /// Resolves duplicates and overrides, aggregates divisions to wards, and splits the
    /// figures by place.
    pub fn build(mut loader: Loader<'_>, seeds: Seeds, mut problems: Vec<Problem>) -> Loaded {
        let lists = std::mem::take(&mut loader.entries).into_sorted();

        let mut overrides: Overrides = HashMap::new();
        let Folded { blocks, divisions } = fold::fold(lists, &mut loader, &mut overrides);
        let mut division_store = divisions;
        let resolved = results::resolve(&mut loader, &mut overrides);

        // Each place: its elections by day, its wards by id.
        let mut order: Vec<u16> = (0..loader.places.len() as u16).collect();
        order.sort_by_key(|&p| loader.places[p as usize] != PHILADELPHIA);
        let mut rank = vec![0usize; loader.elections.len()];
        let mut places = Vec::new();
        let mut datasets_problems = Vec::new();
        // Each place's seeds, moved out of the whole.
        let names: Vec<&str> = order
            .iter()
            .map(|&p| loader.places[p as usize].as_str())
            .collect();
        let (split, mut other_seeds) = seeds.split_places(&names);
        let mut split: Vec<Option<Seeds>> = split.into_iter().map(Some).collect();
        for (at, &p) in order.iter().enumerate() {
            let mut ids: Vec<u16> = (0..loader.elections.len() as u16)
                .filter(|&id| loader.elections[id as usize].0 == p)
                .collect();
            ids.sort_by(|a, b| {
                loader.elections[*a as usize]
                    .1
                    .cmp(&loader.elections[*b as usize].1)
            });
            for (pos, &id) in ids.iter().enumerate() {
                rank[id as usize] = pos;
            }
            if ids.is_empty() {
                // Named by a file, but no row of it was kept.
                continue;
            }
            let elections: Vec<Election> = ids
                .iter()
                .map(|&id| loader.elections[id as usize].1.clone())
                .collect();
            let of_place = |e: u16| loader.elections[e as usize].0 == p;
            let mut wards: Vec<WardId> = blocks
                .iter()
                .filter(|b| of_place(b.election))
                .map(|b| b.ward)
                .collect();
            wards.extend(resolved.wards_of(&loader, p));
            wards.sort_unstable();
            wards.dedup();
            let ward_pos: HashMap<WardId, usize> =
                wards.iter().enumerate().map(|(i, w)| (*w, i)).collect();
            let mut cells = vec![[Figures::default(); 4]; elections.len() * wards.len()];
            for b in blocks.iter().filter(|b| of_place(b.election)) {
                let row = rank[b.election as usize] * wards.len() + ward_pos[&b.ward];
                fill(&mut cells[row], &b.accs);
            }
            for cell in &mut cells {
                all_parties_from_groups(cell);
            }
            let name = loader.places[p as usize].clone();
            let place_seeds = split[at].take().unwrap_or_default();
            let calendar = place_seeds.calendar();
            let races = results::build_races(
                &loader,
                &resolved,
                p,
                &rank,
                &wards,
                &place_seeds,
                &mut datasets_problems,
            );
            let n = wards.len();
            top_race_from_results(&calendar, &elections, &races, &mut cells, n);
            places.push((
                name,
                elections,
                ids,
                wards,
                cells,
                races,
                place_seeds,
                calendar,
            ));
        }
        if places.is_empty() {
            // Nothing loaded: Philadelphia's race list still shows.
            let named = names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(PHILADELPHIA));
            let place_seeds = match named.and_then(|i| split[i].take()) {
                Some(s) => s,
                None => std::mem::take(&mut other_seeds)
                    .split_places(&[PHILADELPHIA])
                    .0
                    .remove(0),
            };
            let calendar = place_seeds.calendar();
            places.push((
                PHILADELPHIA.to_string(),
                Vec::new(),
                Vec::new(),
                Vec::new(),
                Vec::new(),
                Vec::new(),
                place_seeds,
                calendar,
            ));
        }
        problems.append(&mut datasets_problems);
        problems.append(&mut loader.problems);
        // Report in load order: by file, then by line.
        let file_rank: HashMap<&str, usize> = loader
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.as_str(), i + 1))
            .collect();
        problems.sort_by_key(|p| {
            (
                file_rank.get(p.at.file.as_str()).copied().unwrap_or(0),
                p.at.line,
            )
        });
        let mut overrides: Vec<OverrideReport> = overrides.into_values().collect();
        overrides.sort_by(|a, b| (&a.earlier, &a.later).cmp(&(&b.earlier, &b.later)));
        let report = Arc::new(LoadReport {
            files: std::mem::take(&mut loader.files),
            problems,
            overrides,
            places: loader.places.clone(),
            elections: loader.elections.clone(),
        });
        division_store.shrink_to_fit();
        let division_store = Arc::new(DivisionStore::new(division_store));
        let places = places
            .into_iter()
            .map(
                |(place, elections, election_ids, wards, cells, races, seeds, calendar)| Dataset {
                    calendar,
                    place,
                    elections,
                    wards,
                    cells,
                    report: Arc::clone(&report),
                    races,
                    seeds: Arc::new(seeds),
                    within: None,
                    election_ids,
                    division_store: Arc::clone(&division_store),
                },
            )
            .collect();
        Loaded { places, report }
    }

    /// The same place and elections with other units in place of its wards (a ward's
    /// divisions), `within` that ward.
    pub(crate) fn with_units(
        &self,
        within: WardId,
        units: Vec<WardId>,
        cells: Vec<[Figures; 4]>,
        races: Vec<Race>,
    ) -> Dataset {
        Dataset {
            place: self.place.clone(),
            elections: self.elections.clone(),
            wards: units,
            cells,
            report: Arc::clone(&self.report),
            races,
            seeds: Arc::clone(&self.seeds),
            calendar: self.calendar.clone(),
            within: Some(within),
            election_ids: Vec::new(),
            division_store: Arc::default(),
        }
    }

    /// What the rows are: `wards`, or `divisions` of the ward `within`.
    pub fn unit_plural(&self) -> &'static str {
        if self.within.is_some() {
            "divisions"
        } else {
            "wards"
        }
    }

    /// Elections in date order.
    pub fn elections(&self) -> &[Election] {
        &self.elections
    }

    /// Wards in number order.
    pub fn wards(&self) -> &[WardId] {
        &self.wards
    }

    /// The figures of one ward in one election for one party group.
    pub fn figures(&self, election: usize, ward: usize, group: PartyGroup) -> &Figures {
        &self.cells[election * self.wards.len() + ward][group.index()]
    }

    /// The position of a ward.
    pub fn ward_index(&self, ward: WardId) -> Option<usize> {
        self.wards.binary_search(&ward).ok()
    }

    /// The races of an election, by office and party.
    pub fn races_of(&self, election: usize) -> impl Iterator<Item = &Race> {
        let start = self.races.partition_point(|r| r.election < election);
        self.races[start..]
            .iter()
            .take_while(move |r| r.election == election)
    }

    /// The wards of the place's ward list: every ward of any of its elections (for
    /// Philadelphia, at least the 66 of its ward map), not counting votes outside any ward.
    pub fn ward_universe(&self) -> usize {
        let real = self.wards.iter().filter(|w| w.is_ward()).count();
        if self.place == PHILADELPHIA && self.within.is_none() {
            let beyond = self
                .wards
                .iter()
                .filter(|w| w.0 > 66 && w.is_ward())
                .count();
            real.max(66 + beyond)
        } else {
            real
        }
    }
}

/// One (election, ward) cell from its accumulated parts: the ward-level figure where one is
/// given, else the divisions' sum; ballots first, so their registered voters are the ones shown.
fn fill(cell: &mut [Figures; 4], accs: &[[Acc; 2]; 4]) {
    for (g, by_measure) in accs.iter().enumerate() {
        for m in [Measure::Ballots, Measure::TopRaceVotes] {
            let Some(part) = by_measure[measure_index(m)].resolved() else {
                continue;
            };
            let cell = &mut cell[g];
            set_measure(cell, m, part.count);
            if cell.registered.is_none() {
                cell.registered = part.registered();
            }
        }
    }
}

/// "All parties" from the party groups where no source gives it directly.
pub(crate) fn all_parties_from_groups(cell: &mut [Figures; 4]) {
    let (all, parties) = cell.split_at_mut(1);
    let all = &mut all[0];
    for m in [Measure::Ballots, Measure::TopRaceVotes] {
        if all.count(m).is_none() && parties.iter().any(|f| f.count(m).is_some()) {
            let total: f64 = parties.iter().filter_map(|f| f.count(m)).sum();
            set_measure(all, m, total);
        }
    }
    if all.registered.is_none()
        && parties
            .iter()
            .all(|f| f.registered.is_some() || f.is_empty())
        && parties.iter().any(|f| f.registered.is_some())
    {
        all.registered = Some(parties.iter().filter_map(|f| f.registered).sum());
    }
}

fn set_measure(cell: &mut Figures, m: Measure, value: f64) {
    match m {
        Measure::Ballots => cell.ballots = Some(value.round() as u64),
        Measure::TopRaceVotes => cell.top_race_votes = Some(value),
    }
}
