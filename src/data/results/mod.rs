//! Candidate results: each race (an election, an office and, in a primary, a party) with its
//! candidates' votes in every ward and in the city, each ward's winner and margin. Built once
//! with the dataset, so reading a share or a winner is an index, never a scan.

mod build;
pub mod names;
pub(crate) mod raw;
mod sparse;

pub(crate) use build::{build_races, resolve};

use crate::data::model::WardId;

/// A candidate of a race.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RaceCandidate {
    /// The name shown: the race list's spelling where it matches, else the results' spelling
    /// with spaces collapsed.
    pub name: String,
    /// The name as the results file spells it (spaces collapsed).
    pub name_in_results: String,
    /// The candidate's party (in a primary, the primary's).
    pub party: String,
    /// The matching row of `seeds/candidates.csv`, if any.
    #[serde(skip)]
    pub seed: Option<usize>,
    /// Whether this is the write-in line.
    pub write_in: bool,
}

impl RaceCandidate {
    /// Whether the race list (`seeds/candidates.csv`) names this candidate.
    pub fn in_race_list(&self) -> bool {
        self.seed.is_some()
    }
}

/// Who led a ward (or the city), and by how much.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    /// The candidate with the most votes (index into the race's candidates).
    pub leader: usize,
    /// The candidate with the second most, if the race has two.
    pub runner_up: Option<usize>,
    /// Leader's votes minus runner-up's.
    pub margin_votes: u64,
    /// Leader's share minus runner-up's, in percentage points.
    pub margin_points: f64,
    /// Whether the top two have the same votes (then no one leads).
    pub tied: bool,
}

/// The votes of a race in one ward (or the city).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    /// Whether any candidate has votes here.
    pub reported: bool,
    /// All votes in the race here, write-ins included: the denominator of every share.
    pub total: u64,
    /// Whether every candidate has votes here, over the same divisions. Shares and the winner
    /// are shown only when it does.
    pub complete: bool,
    /// The winner and margin (complete tallies only).
    pub outcome: Option<Outcome>,
}

/// One race with its votes by ward, aligned to the dataset's wards.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Race {
    /// The election (index into `Dataset::elections`).
    pub election: usize,
    /// The office: the race list's spelling where it matches (`District Attorney`).
    pub office: String,
    /// In a primary, the party holding it (`Democratic`); empty otherwise.
    pub party: String,
    /// The district, for offices elected by district (`181`); empty otherwise.
    pub district: String,
    /// How many the race elects; above 1 there is no single winner or margin.
    pub seats: u32,
    /// Candidates, most city votes first, the write-in line last.
    pub candidates: Vec<RaceCandidate>,
    /// The sources the rows cite.
    pub sources: Vec<String>,
    /// The files the votes come from.
    pub files: Vec<String>,
    /// Votes and tallies of the wards the files give, by ward and candidate.
    by_ward: sparse::SparseVotes,
    city_votes: Vec<u64>,
    city: Tally,
    /// Votes by division, where a ward's figure comes from its divisions, by (ward, division,
    /// candidate).
    division_votes: Vec<DivisionVote>,
    /// The candidates' short labels, computed once when first asked for.
    #[serde(skip)]
    labels: std::sync::OnceLock<Vec<String>>,
    /// The office's key (case, spacing and abbreviations folded), computed once.
    #[serde(skip)]
    key: std::sync::OnceLock<String>,
}

/// One candidate's votes in one division of a ward.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub(crate) struct DivisionVote {
    pub ward: WardId,
    pub division: u16,
    /// Position in the race's candidates.
    pub candidate: u32,
    pub votes: u32,
}

/// `District Attorney (Democratic)`; the office alone outside primaries.
pub fn office_and_party(office: &str, party: &str) -> String {
    if party.is_empty() {
        office.to_string()
    } else {
        format!("{office} ({party})")
    }
}

/// `Representative in the General Assembly, district 181`; the office alone without one.
pub fn office_with_district(office: &str, district: &str) -> String {
    if district.is_empty() {
        office.to_string()
    } else {
        format!("{office}, district {district}")
    }
}

impl Race {
    /// The divisions of a ward with votes in this race.
    pub fn divisions_in(&self, ward: WardId) -> impl Iterator<Item = u16> + '_ {
        let rows = self.division_rows(ward);
        rows.iter()
            .enumerate()
            .filter(move |(i, d)| *i == 0 || rows[i - 1].division != d.division)
            .map(|(_, d)| d.division)
    }

    fn division_rows(&self, ward: WardId) -> &[DivisionVote] {
        let start = self.division_votes.partition_point(|d| d.ward < ward);
        let end = self.division_votes.partition_point(|d| d.ward <= ward);
        &self.division_votes[start..end]
    }

    /// The race inside one ward: its divisions (`WardId(division)`, in `divisions` order) in
    /// place of wards; the "city" is then the ward's divisions summed.
    pub fn of_divisions(&self, ward: WardId, divisions: &[WardId]) -> Race {
        let n = self.candidates.len();
        // The ward's division rows, by division position, then candidate.
        let mut rows: Vec<(usize, u32, u32)> = self
            .division_rows(ward)
            .iter()
            .filter_map(|d| {
                divisions
                    .binary_search(&WardId(d.division))
                    .ok()
                    .map(|at| (at, d.candidate, d.votes))
            })
            .collect();
        rows.sort_unstable();
        let mut by_ward = sparse::SparseVotes::new(divisions.len());
        let mut city_votes = vec![0u64; n];
        let mut all_complete = true;
        for group in rows.chunk_by(|a, b| a.0 == b.0) {
            let cells: Vec<(u32, u32)> = group.iter().map(|&(_, c, v)| (c, v)).collect();
            for &(c, v) in &cells {
                city_votes[c as usize] += u64::from(v);
            }
            let complete = cells.len() == n;
            all_complete &= complete;
            let counts = || -> Vec<u64> { cells.iter().map(|&(_, v)| u64::from(v)).collect() };
            let tally = Tally {
                reported: true,
                total: cells.iter().map(|&(_, v)| u64::from(v)).sum(),
                complete,
                outcome: (complete && self.seats <= 1)
                    .then(|| outcome(&counts()))
                    .flatten(),
            };
            by_ward.push(group[0].0, &cells, tally);
        }
        let reported = by_ward.reported().next().is_some();
        let city = Tally {
            reported,
            total: city_votes.iter().sum(),
            complete: reported && all_complete,
            outcome: if self.seats <= 1 && reported {
                outcome(&city_votes)
            } else {
                None
            },
        };
        Race {
            by_ward,
            city_votes,
            city,
            division_votes: Vec::new(),
            ..self.clone_header()
        }
    }

    /// The race without its votes (office, candidates, sources).
    fn clone_header(&self) -> Race {
        Race {
            election: self.election,
            office: self.office.clone(),
            party: self.party.clone(),
            district: self.district.clone(),
            seats: self.seats,
            candidates: self.candidates.clone(),
            sources: self.sources.clone(),
            files: self.files.clone(),
            by_ward: sparse::SparseVotes::default(),
            city_votes: Vec::new(),
            city: Tally::default(),
            division_votes: Vec::new(),
            labels: self.labels.clone(),
            key: self.key.clone(),
        }
    }

    /// The office's key for matching (`DISTRICT ATTORNEY` for `DA`), worked out once.
    pub fn office_key(&self) -> &str {
        self.key.get_or_init(|| names::office_key(&self.office))
    }

    /// `District Attorney (Democratic)`, with the district where there is one.
    pub fn office_and_party(&self) -> String {
        office_and_party(
            &office_with_district(&self.office, &self.district),
            &self.party,
        )
    }

    /// The candidates the race list does not name (the write-in line aside).
    pub fn not_in_race_list(&self) -> impl Iterator<Item = &RaceCandidate> {
        self.candidates
            .iter()
            .filter(|c| !c.in_race_list() && !c.write_in)
    }

    /// A candidate's votes in a ward (index into `Dataset::wards`).
    pub fn votes(&self, ward: usize, candidate: usize) -> Option<u64> {
        self.by_ward.get(ward, candidate).map(u64::from)
    }

    /// The race's tally in a ward (not reported where the files give no votes).
    pub fn tally(&self, ward: usize) -> &Tally {
        self.by_ward.tally(ward)
    }

    /// A candidate's share of the race's votes in a ward (fraction), where the ward is complete.
    pub fn share(&self, ward: usize, candidate: usize) -> Option<f64> {
        let t = self.by_ward.tally(ward);
        let v = self.votes(ward, candidate)?;
        (t.complete && t.total > 0).then(|| v as f64 / t.total as f64)
    }

    /// A candidate's share in every ward, aligned to `Dataset::wards` (a ward-table column).
    pub fn shares(&self, candidate: usize) -> Vec<Option<f64>> {
        let mut out = vec![None; self.by_ward.units()];
        for w in self.by_ward.reported() {
            out[w] = self.share(w, candidate);
        }
        out
    }

    /// Vote cells held (ward x candidate pairs the files give).
    pub fn cells(&self) -> usize {
        self.by_ward.cells()
    }

    /// A candidate's votes summed over the wards.
    pub fn city_votes(&self, candidate: usize) -> u64 {
        self.city_votes[candidate]
    }

    /// A candidate's citywide share (fraction).
    pub fn city_share(&self, candidate: usize) -> Option<f64> {
        (self.city.total > 0).then(|| self.city_votes[candidate] as f64 / self.city.total as f64)
    }

    /// The citywide tally (complete only when every reported ward is).
    pub fn city(&self) -> &Tally {
        &self.city
    }

    /// Positions (in `Dataset::wards`) of the wards with votes.
    pub fn reported_wards(&self) -> impl Iterator<Item = usize> + '_ {
        self.by_ward.reported()
    }

    /// Candidates whose names match a query (every word of it is a word of the name).
    pub fn find_candidates(&self, query: &str) -> Vec<usize> {
        self.candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                names::query_matches(query, &c.name)
                    || names::query_matches(query, &c.name_in_results)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Short labels of the candidates for column headers (`Parker`, `J. Brown`), worked out
    /// once per race (drawing asks for them every frame).
    pub fn short_labels(&self) -> &[String] {
        self.labels.get_or_init(|| {
            let names: Vec<&str> = self.candidates.iter().map(|c| c.name.as_str()).collect();
            names::short_labels(&names)
        })
    }
}

/// The winner and margin of a set of votes (`None` when fewer than one candidate has any).
pub fn outcome(votes: &[u64]) -> Option<Outcome> {
    let total: u64 = votes.iter().sum();
    let mut order: Vec<usize> = (0..votes.len()).collect();
    order.sort_by(|&a, &b| votes[b].cmp(&votes[a]).then(a.cmp(&b)));
    let leader = *order.first()?;
    let runner_up = order.get(1).copied();
    let second = runner_up.map_or(0, |r| votes[r]);
    let margin_votes = votes[leader] - second;
    Some(Outcome {
        leader,
        runner_up,
        margin_votes,
        margin_points: if total > 0 {
            margin_votes as f64 / total as f64 * 100.0
        } else {
            0.0
        },
        tied: runner_up.is_some() && margin_votes == 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_names_leader_runner_up_and_margin() {
        let o = outcome(&[10, 30, 20]).unwrap();
        assert_eq!((o.leader, o.runner_up), (1, Some(2)));
        assert_eq!(o.margin_votes, 10);
        assert!((o.margin_points - 10.0 / 60.0 * 100.0).abs() < 1e-9);
        assert!(!o.tied);
        assert!(outcome(&[5, 5]).unwrap().tied);
        assert_eq!(outcome(&[]), None);
        let alone = outcome(&[7]).unwrap();
        assert_eq!((alone.runner_up, alone.margin_votes), (None, 7));
    }
}
