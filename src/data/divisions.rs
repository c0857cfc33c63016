//! The divisions inside a ward: the division figures the loader read, kept beside the ward
//! sums, and a ward's divisions as a dataset of their own (divisions in place of wards, the
//! ward in place of the city) so that every table, panel and report works on them unchanged.

use super::calendar::Calendar;
use super::dataset::{Dataset, all_parties_from_groups};
use super::model::{Election, Figures, Measure, PartyGroup, WardId};
use super::results::{Race, names};
use std::sync::OnceLock;

/// One division figure as settled by the load: a loader election, a ward and division, a
/// party group and a measure, in 24 bytes. Several parties of one group (Green, Libertarian)
/// add up.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DivisionFigure {
    /// The loader's election id.
    pub election: u16,
    pub ward: WardId,
    pub division: u16,
    pub group: PartyGroup,
    pub measure: Measure,
    pub count: f64,
    /// Registered voters; `u32::MAX` where the row gave none.
    registered: u32,
}

impl DivisionFigure {
    pub fn new(
        (election, ward, division): (u16, WardId, u16),
        group: PartyGroup,
        measure: Measure,
        count: f64,
        registered: Option<u64>,
    ) -> DivisionFigure {
        DivisionFigure {
            election,
            ward,
            division,
            group,
            measure,
            count,
            registered: registered.map_or(u32::MAX, |r| r.min(u32::MAX as u64 - 1) as u32),
        }
    }

    /// Registered voters, where the row gave them.
    pub fn registered(&self) -> Option<u64> {
        (self.registered != u32::MAX).then_some(self.registered as u64)
    }

    /// Bytes of one figure in `pack`'s form.
    pub const PACKED: usize = 20;

    /// Appends the figure in a fixed little-endian form (`data::snapshot`: 90,000 figures read
    /// back in a fraction of a millisecond, where one serde struct each took 3 ms).
    pub fn pack(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.election.to_le_bytes());
        out.extend_from_slice(&self.ward.0.to_le_bytes());
        out.extend_from_slice(&self.division.to_le_bytes());
        out.push(self.group as u8);
        out.push(self.measure as u8);
        out.extend_from_slice(&self.count.to_le_bytes());
        out.extend_from_slice(&self.registered.to_le_bytes());
    }

    /// A figure `pack` wrote (`PACKED` bytes); `None` for bytes it cannot have written.
    pub fn unpack(b: &[u8]) -> Option<DivisionFigure> {
        let u16_at = |i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
        let b: &[u8; Self::PACKED] = b.try_into().ok()?;
        Some(DivisionFigure {
            election: u16_at(0),
            ward: WardId(u16_at(2)),
            division: u16_at(4),
            group: *PartyGroup::ALL.get(b[6] as usize)?,
            measure: match b[7] {
                0 => Measure::Ballots,
                1 => Measure::TopRaceVotes,
                _ => return None,
            },
            count: f64::from_le_bytes(b[8..16].try_into().ok()?),
            registered: u32::from_le_bytes(b[16..20].try_into().ok()?),
        })
    }
}

/// Every division figure of a load, by (loader election, ward, division): made by the load,
/// or unpacked from a stored load's bytes the first time a ward's divisions are asked for
/// (start-up does not pay for 90,000 figures before it shows any).
#[derive(Default)]
pub(crate) struct DivisionStore {
    figures: OnceLock<Vec<DivisionFigure>>,
    /// `DivisionFigure::pack`'s bytes, compiled in, until unpacked.
    packed: &'static [u8],
}

impl DivisionStore {
    /// The figures a load made.
    pub fn new(figures: Vec<DivisionFigure>) -> DivisionStore {
        DivisionStore {
            figures: OnceLock::from(figures),
            packed: &[],
        }
    }

    /// Figures in `DivisionFigure::pack`'s form, unpacked when first asked for; `None` when
    /// the bytes are not whole figures.
    pub fn packed(bytes: &'static [u8]) -> Option<DivisionStore> {
        (bytes.len() % DivisionFigure::PACKED == 0).then(|| DivisionStore {
            figures: OnceLock::new(),
            packed: bytes,
        })
    }

    /// Every figure, in order. Bytes `pack` cannot have written are skipped; build.rs reads
    /// the stored figures back whole, so the build fails before any could be.
    pub fn figures(&self) -> &[DivisionFigure] {
        self.figures.get_or_init(|| {
            let mut figures = Vec::with_capacity(self.packed.len() / DivisionFigure::PACKED);
            figures.extend(
                self.packed
                    .chunks_exact(DivisionFigure::PACKED)
                    .filter_map(DivisionFigure::unpack),
            );
            debug_assert_eq!(figures.len() * DivisionFigure::PACKED, self.packed.len());
            figures
        })
    }
}

impl std::fmt::Debug for DivisionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.figures()).finish()
    }
}

/// The files that give figures by division, named where an election has none.
pub const DIVISION_SOURCES: &str = "files with a division or precinct column: OpenElections \
     precinct files, a canonical file with a division column, a mapping file naming one; for \
     Philadelphia also the City Commissioners' division turnout by party and results export, and \
     the Sixty-Six Wards division series";

impl Dataset {
    /// What one row is: `ward`, or `division` inside the ward `within`.
    pub fn unit_one(&self) -> &'static str {
        if self.within.is_some() {
            "division"
        } else {
            "ward"
        }
    }

    /// A row's label as users write it: `08`, or `08-12` for division 12 of ward 08.
    pub fn unit_label(&self, id: WardId) -> String {
        match self.within {
            Some(w) => format!("{w}-{id}"),
            None => id.to_string(),
        }
    }

    /// What the rows add up to where it is not the place: `ward 08` for its divisions.
    pub fn within_label(&self) -> Option<String> {
        self.within.map(|w| format!("ward {w}"))
    }

    /// The divisions of a ward with figures or results in any election, as ward ids
    /// (`WardId(12)` for division 12), in number order.
    pub fn division_ids(&self, ward: WardId) -> Vec<WardId> {
        let mut ids: Vec<WardId> = (0..self.elections().len())
            .flat_map(|e| self.division_figures(e, ward))
            .map(|f| WardId(f.division))
            .collect();
        for race in &self.races {
            ids.extend(race.divisions_in(ward).map(WardId));
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The division figures of one ward in one election (index into `elections`).
    pub(crate) fn division_figures(&self, election: usize, ward: WardId) -> &[DivisionFigure] {
        let Some(&id) = self.election_ids.get(election) else {
            return &[];
        };
        let all = self.division_store.figures();
        let start = all.partition_point(|f| (f.election, f.ward) < (id, ward));
        let end = all.partition_point(|f| (f.election, f.ward) <= (id, ward));
        &all[start..end]
    }

    /// The ward's divisions as a dataset: the same elections, each division in place of a
    /// ward, each race's votes by division; `within` names the ward. `None` when the ward has
    /// no division in any loaded file. As for wards, where an election has results but no
    /// top-race figure, the headline race's votes stand as top-race votes.
    pub fn divisions_of(&self, ward: WardId) -> Option<Dataset> {
        let divisions = self.division_ids(ward);
        if divisions.is_empty() {
            return None;
        }
        let n = divisions.len();
        let mut cells = vec![[Figures::default(); 4]; self.elections().len() * n];
        for e in 0..self.elections().len() {
            let figures = self.division_figures(e, ward);
            for f in figures {
                let Ok(d) = divisions.binary_search(&WardId(f.division)) else {
                    continue;
                };
                let cell = &mut cells[e * n + d][f.group.index()];
                add_figure(cell, f);
            }
            for cell in &mut cells[e * n..(e + 1) * n] {
                all_parties_from_groups(cell);
            }
        }
        let races: Vec<Race> = self
            .races
            .iter()
            .map(|r| r.of_divisions(ward, &divisions))
            .collect();
        top_race_from_results(&self.calendar, self.elections(), &races, &mut cells, n);
        Some(self.with_units(ward, divisions, cells, races))
    }
}

/// Top-race votes from the results, where no file gives any for an election: each unit's
/// votes in the election's headline race (the calendar's office, district-wide races only), by
/// the race's party group; "all parties" is then their sum. `cells` is `[election][unit]` with
/// `n` units, aligned to the races' tallies.
pub(crate) fn top_race_from_results(
    calendar: &Calendar,
    elections: &[Election],
    races: &[Race],
    cells: &mut [[Figures; 4]],
    n: usize,
) {
    for (e, election) in elections.iter().enumerate() {
        let block = &mut cells[e * n..(e + 1) * n];
        if block
            .iter()
            .any(|c| c.iter().any(|f| f.top_race_votes.is_some()))
        {
            continue;
        }
        let start = races.partition_point(|r| r.election < e);
        // No race of this election: nothing to add (and no office name to read).
        if races.get(start).is_none_or(|r| r.election != e) {
            continue;
        }
        let Some(headline) = calendar.headline_office(election) else {
            continue;
        };
        let key = names::office_key(headline);
        for race in races[start..]
            .iter()
            .take_while(|r| r.election == e)
            .filter(|r| r.district.is_empty() && names::office_key(&r.office) == key)
        {
            let group = PartyGroup::of_label(&race.party);
            for (u, cell) in block.iter_mut().enumerate() {
                let t = race.tally(u);
                if t.reported {
                    let f = &mut cell[group.index()];
                    f.top_race_votes = Some(f.top_race_votes.unwrap_or(0.0) + t.total as f64);
                }
            }
        }
        for cell in block.iter_mut() {
            all_parties_from_groups(cell);
        }
    }
}

/// Adds one division figure to a cell: counts add up, registered voters too (ballots' first).
fn add_figure(cell: &mut Figures, f: &DivisionFigure) {
    match f.measure {
        Measure::Ballots => {
            cell.ballots = Some(cell.ballots.unwrap_or(0) + f.count.round() as u64);
            cell.registered = match (cell.registered, f.registered()) {
                (Some(a), Some(b)) => Some(a + b),
                (a, b) => a.or(b),
            };
        }
        Measure::TopRaceVotes => {
            cell.top_race_votes = Some(cell.top_race_votes.unwrap_or(0.0) + f.count);
            if cell.ballots.is_none() && cell.registered.is_none() {
                cell.registered = f.registered();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::data::{Figures, Kind, PartyGroup, WardId, aggregate, load_embedded, load_str};

    #[test]
    fn a_wards_divisions_add_up_to_the_ward() {
        let ds = load_embedded();
        let e = ds
            .elections()
            .iter()
            .position(|e| e.year() == 2017 && e.kind == Kind::Primary)
            .unwrap();
        let w = ds.ward_index(WardId(8)).unwrap();
        let inside = ds.divisions_of(WardId(8)).unwrap();
        assert_eq!(inside.within, Some(WardId(8)));
        assert_eq!(inside.elections().len(), ds.elections().len());
        assert!(inside.wards().len() > 20, "{:?}", inside.wards());
        // By party the ward's figure is its divisions' sum; all parties together the city's
        // ward file gives its own, a few voters apart (6,846 against 6,838 in 2017).
        for g in [
            PartyGroup::Democratic,
            PartyGroup::Republican,
            PartyGroup::Other,
        ] {
            let sum: Figures = aggregate::city(&inside, e, g);
            let ward = ds.figures(e, w, g);
            assert!(sum.ballots.is_some(), "{g:?}");
            assert_eq!(sum.ballots, ward.ballots, "{g:?}");
            assert_eq!(sum.registered, ward.registered, "{g:?}");
        }
        let (sum, ward) = (
            aggregate::city(&inside, e, PartyGroup::All)
                .ballots
                .unwrap() as f64,
            ds.figures(e, w, PartyGroup::All).ballots.unwrap() as f64,
        );
        assert!((sum - ward).abs() / ward < 0.01, "{sum} vs {ward}");
        // The 2017 District Attorney race is by ward only: no division has votes in it.
        let da = inside.races_of(e).next().unwrap();
        assert!(!da.city().reported);
    }

    #[test]
    fn results_by_division_give_shares_and_top_race_votes() {
        let ds = load_embedded();
        let e = ds
            .elections()
            .iter()
            .position(|e| e.year() == 2023 && e.kind == Kind::Primary)
            .unwrap();
        let w = ds.ward_index(WardId(8)).unwrap();
        let inside = ds.divisions_of(WardId(8)).unwrap();
        let (ri, race) = inside
            .races
            .iter()
            .enumerate()
            .find(|(_, r)| r.election == e && r.party == "Democratic")
            .unwrap();
        let ward_race = &ds.races[ri];
        assert_eq!(ward_race.office, race.office);
        assert_eq!(race.city().total, ward_race.tally(w).total);
        for c in 0..race.candidates.len() {
            assert_eq!(race.city_votes(c), ward_race.votes(w, c).unwrap_or(0));
        }
        // Top-race votes by division: the mayoral races' votes, both parties.
        let top = aggregate::city(&inside, e, PartyGroup::All)
            .top_race_votes
            .unwrap();
        let both: u64 = inside
            .races_of(e)
            .filter(|r| r.office == race.office)
            .map(|r| r.city().total)
            .sum();
        assert_eq!(top, both as f64);
    }

    #[test]
    fn a_ward_level_file_has_no_divisions() {
        let ds = load_str("w.csv", "year,election,ward,ballots\n2023,primary,1,10\n");
        assert!(ds.divisions_of(WardId(1)).is_none());
        let ds = load_str(
            "d.csv",
            "year,election,ward,division,ballots,registered\n\
             2023,primary,1,1,10,100\n2023,primary,1,2,5,50\n",
        );
        let inside = ds.divisions_of(WardId(1)).unwrap();
        assert_eq!(inside.wards(), &[WardId(1), WardId(2)]);
        assert_eq!(inside.figures(0, 1, PartyGroup::All).ballots, Some(5));
        assert_eq!(inside.figures(0, 1, PartyGroup::All).registered, Some(50));
    }

    #[test]
    fn a_packed_figure_unpacks_as_it_was_and_other_bytes_do_not() {
        use super::{DivisionFigure, DivisionStore};
        use crate::data::Measure;
        let figures = [
            DivisionFigure::new(
                (7, WardId(66), 4095),
                PartyGroup::Other,
                Measure::TopRaceVotes,
                1234.5,
                None,
            ),
            DivisionFigure::new(
                (0, WardId(1), 1),
                PartyGroup::All,
                Measure::Ballots,
                0.0,
                Some(9),
            ),
        ];
        let mut bytes = Vec::new();
        for f in &figures {
            f.pack(&mut bytes);
        }
        assert_eq!(bytes.len(), 2 * DivisionFigure::PACKED);
        let store = DivisionStore::packed(bytes.clone().leak()).unwrap();
        assert_eq!(format!("{:?}", store.figures()), format!("{figures:?}"));
        assert!(
            DivisionStore::packed(&bytes.leak()[1..]).is_none(),
            "a cut figure"
        );
        let mut bad = Vec::new();
        figures[0].pack(&mut bad);
        bad[6] = 4; // no fifth party group
        assert!(DivisionFigure::unpack(&bad).is_none());
        bad[6] = 0;
        bad[7] = 2; // no third measure
        assert!(DivisionFigure::unpack(&bad).is_none());
        assert!(DivisionFigure::unpack(&bad[..19]).is_none());
    }
}
