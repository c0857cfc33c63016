//! Real-world layouts: fixtures cut from the real files in `../shared/data-raw/real-formats/`
//! (see `tests/fixtures/real/README.md`), read through the library and the binary. Every
//! expected figure is computed here from the fixture's own rows.

use assert_cmd::Command;
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use turnout::data::results::Race;
use turnout::data::{
    self, Dataset, Kind, Loaded, PartyGroup, ProblemKind, Severity, SourcePath, Sources, WardId,
    aggregate,
};
use turnout::report;

#[allow(dead_code)] // the helpers other test files use
mod common;
use common::fixture;

// ---------------------------------------------------------------------------------------------
// Helpers

/// A fixture under `tests/fixtures/real`.
fn real(name: &str) -> PathBuf {
    fixture(&format!("real/{name}"))
}

/// The example mapping of the Chicago paste.
fn chicago_mapping() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/chi_chicago_general_201102.turnout.toml")
}

/// A source with no `--place` and no mapping.
fn source(path: impl Into<PathBuf>) -> SourcePath {
    SourcePath::new(path, "test")
}

/// Loads sources in order, without the embedded data.
fn load(paths: Vec<SourcePath>) -> Loaded {
    data::load(&Sources {
        embedded: false,
        paths,
        ..Default::default()
    })
}

/// Every problem, shown, for assertion messages.
fn shown(loaded: &Loaded) -> Vec<String> {
    loaded
        .report
        .problems
        .iter()
        .map(|p| p.to_string())
        .collect()
}

/// Asserts nothing at all was reported.
fn assert_clean(loaded: &Loaded) {
    assert!(loaded.report.problems.is_empty(), "{:#?}", shown(loaded));
}

/// The dataset of a place.
fn place<'a>(loaded: &'a Loaded, name: &str) -> &'a Dataset {
    loaded
        .places
        .iter()
        .find(|d| d.place == name)
        .unwrap_or_else(|| panic!("no place {name:?} in {:?}", loaded.place_names()))
}

/// Names compared the way a person would: letters and digits only, upper case
/// (`ED   RENDELL` is `ED RENDELL`, `Write In` is `WRITE-IN`).
fn key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The position of a candidate in a race, by the spelling of the results file.
fn candidate(race: &Race, name: &str) -> usize {
    race.candidates
        .iter()
        .position(|c| key(&c.name_in_results) == key(name) || key(&c.name) == key(name))
        .unwrap_or_else(|| {
            let names: Vec<&str> = race
                .candidates
                .iter()
                .map(|c| c.name_in_results.as_str())
                .collect();
            panic!("no candidate {name:?} in {}: {names:?}", race.office)
        })
}

/// The race of an election whose office contains `office` (case ignored), and only one.
fn race<'a>(ds: &'a Dataset, election: usize, office: &str) -> &'a Race {
    let found: Vec<&Race> = ds
        .races_of(election)
        .filter(|r| r.office.to_lowercase().contains(&office.to_lowercase()))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "races with {office:?}: {:?}",
        found
            .iter()
            .map(|r| r.office_and_party())
            .collect::<Vec<_>>()
    );
    found[0]
}

/// The position of a ward in a dataset, by how it is shown (`01`, `Reading 1`).
fn ward_named(ds: &Dataset, name: &str) -> usize {
    ds.wards()
        .iter()
        .position(|w| w.to_string() == name)
        .unwrap_or_else(|| panic!("no ward {name:?} in {:?}", ward_names(ds)))
}

/// The real wards of a dataset, as shown.
fn ward_names(ds: &Dataset) -> BTreeSet<String> {
    ds.wards()
        .iter()
        .filter(|w| w.is_ward())
        .map(|w| w.to_string())
        .collect()
}

/// Pennsylvania's general election day: the Tuesday after the first Monday of November.
fn general_day(year: i32) -> NaiveDate {
    (2..=8)
        .map(|d| NaiveDate::from_ymd_opt(year, 11, d).unwrap())
        .find(|d| d.weekday() == Weekday::Tue)
        .unwrap()
}

/// The day an OpenElections file name starts with (`20181106__pa__...`).
fn day_of_file_name(name: &str) -> NaiveDate {
    NaiveDate::parse_from_str(&name[..8], "%Y%m%d").unwrap()
}

/// The one election of a dataset, checked to be `kind` on `date`.
fn only_election(ds: &Dataset, date: NaiveDate, kind: Kind) -> usize {
    assert_eq!(ds.elections().len(), 1, "{:?}", ds.elections());
    let e = &ds.elections()[0];
    assert_eq!((e.date, e.kind), (date, kind));
    0
}

/// A fixture's rows as header name → cell maps (the csv crate reads CRLF as well as LF).
fn rows_of(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let header = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .zip(r.iter())
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

fn count(cell: &str) -> u64 {
    cell.trim()
        .replace(',', "")
        .parse()
        .unwrap_or_else(|_| panic!("not a count: {cell:?}"))
}

/// Writes `bytes` under a new temporary directory as `name`.
fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// The binary, hermetic: no data from this machine's XDG directories or `$TURNOUT_DATA`.
fn turnout() -> Command {
    let mut cmd = Command::cargo_bin("turnout").unwrap();
    cmd.env_remove("TURNOUT_DATA")
        .env("XDG_DATA_DIRS", "/nonexistent/turnout-tests")
        .env("XDG_DATA_HOME", "/nonexistent/turnout-tests-home")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Runs the binary: exit code, stdout, stderr.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = turnout().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

// ---------------------------------------------------------------------------------------------
// 1. The City Commissioners' raw export (2002_general.csv)

const GOVERNOR: &str = "GOVERNOR AND LIEUTENANT GOVERNOR";

/// Votes of the governor's race in the export at `path`: by candidate key, in total and by ward.
fn governor_votes(path: &Path) -> (BTreeMap<String, u64>, BTreeMap<(u16, String), u64>) {
    let mut city = BTreeMap::new();
    let mut by_ward = BTreeMap::new();
    for row in rows_of(path) {
        if row["OFFICE"] != GOVERNOR {
            continue;
        }
        let votes = count(&row["VOTES"]);
        let ward: u16 = row["WARD"].trim().parse().unwrap();
        *city.entry(key(&row["CANDIDATE"])).or_insert(0) += votes;
        *by_ward.entry((ward, key(&row["CANDIDATE"]))).or_insert(0) += votes;
    }
    (city, by_ward)
}

#[test]
fn city_export_sums_vote_types_into_each_candidates_total() {
    let path = real("2002_general.csv");
    // The fixture holds what the test needs: both vote types of the office, in several
    // wards, and other offices beside it.
    let rows = rows_of(&path);
    let types: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r["OFFICE"] == GOVERNOR)
        .map(|r| r["TYPE"].as_str())
        .collect();
    assert_eq!(types, BTreeSet::from(["A", "M"]));
    assert!(rows.iter().any(|r| r["OFFICE"] != GOVERNOR));

    let loaded = load(vec![source(&path)]);
    assert_clean(&loaded);
    assert_eq!(loaded.place_names(), ["Philadelphia"]);
    let ds = &loaded.places[0];
    assert_eq!(ds.place, "Philadelphia");
    // The file's name says "2002 general"; the day is the statutory one.
    let e = only_election(ds, general_day(2002), Kind::General);
    assert_eq!(report::find_election(ds, 2002, Kind::General), Some(e));

    let (city, by_ward) = governor_votes(&path);
    let gov = race(ds, e, "governor");
    let in_race: BTreeSet<String> = gov
        .candidates
        .iter()
        .map(|c| key(&c.name_in_results))
        .collect();
    assert_eq!(in_race, city.keys().cloned().collect::<BTreeSet<_>>());
    for (name, &votes) in &city {
        assert_eq!(gov.city_votes(candidate(gov, name)), votes, "{name}");
    }
    let wards: BTreeSet<u16> = by_ward.keys().map(|(w, _)| *w).collect();
    assert!(wards.len() >= 2, "{wards:?}");
    for ((ward, name), &votes) in &by_ward {
        let w = ds.ward_index(WardId(*ward)).unwrap();
        assert_eq!(
            gov.votes(w, candidate(gov, name)),
            Some(votes),
            "ward {ward} {name}"
        );
    }
    // Other offices are races of their own, not votes for governor.
    assert!(ds.races_of(e).count() > 1);
}

/// The fixture with the line at `at` (0-based) given twice; the 1-based line of the copy.
fn with_line_repeated(text: &str, at: usize) -> (String, u64) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = lines[..=at].concat();
    out.push_str(lines[at]);
    out.push_str(&lines[at + 1..].concat());
    (out, at as u64 + 2)
}

/// A repeated row of the second vote type (`M`) of one key: the fixture with it, the repeat's
/// line and the original's (both 1-based), and the candidate.
fn export_with_repeated_m_row() -> (String, u64, u64, String) {
    let text = std::fs::read_to_string(real("2002_general.csv")).unwrap();
    let at = text
        .lines()
        .position(|l| {
            l.contains(&format!("\"M\",\"{GOVERNOR}\""))
                && l.contains("RENDELL")
                && !l.ends_with(",0")
        })
        .expect("an M row for Rendell");
    let (copy, line) = with_line_repeated(&text, at);
    (copy, line, at as u64 + 1, "ED RENDELL".to_string())
}

#[test]
fn city_export_repeated_type_row_is_a_duplicate_and_left_out() {
    let (copy, line, _, name) = export_with_repeated_m_row();
    let (_dir, path) = temp_file("2002_general.csv", copy.as_bytes());
    let loaded = load(vec![source(&path)]);
    let dups: Vec<_> = loaded
        .report
        .problems
        .iter()
        .filter(|p| matches!(p.kind, ProblemKind::DuplicateKey { .. }))
        .collect();
    assert_eq!(dups.len(), 1, "{:#?}", shown(&loaded));
    assert_eq!(loaded.report.problems.len(), 1, "{:#?}", shown(&loaded));
    assert_eq!(dups[0].at.line, Some(line));
    assert_eq!(dups[0].severity(), Severity::Error);
    assert_eq!(loaded.report.files[0].rows_rejected, 1);
    // The repeat is left out: the totals are the fixture's.
    let ds = &loaded.places[0];
    let gov = race(ds, 0, "governor");
    let (city, _) = governor_votes(&real("2002_general.csv"));
    assert_eq!(gov.city_votes(candidate(gov, &name)), city[&key(&name)]);
}

#[test]
fn city_export_duplicate_names_the_line_of_the_row_it_repeats() {
    let (copy, line, original, _) = export_with_repeated_m_row();
    let (_dir, path) = temp_file("2002_general.csv", copy.as_bytes());
    let loaded = load(vec![source(&path)]);
    let p = loaded
        .report
        .problems
        .iter()
        .find(|p| p.at.line == Some(line))
        .unwrap_or_else(|| panic!("{:#?}", shown(&loaded)));
    assert!(
        matches!(p.kind, ProblemKind::DuplicateKey { first_line, .. } if first_line == original),
        "line {line} repeats line {original}: {p}"
    );
}

#[test]
fn city_export_full_2002_file_gives_the_known_governor_totals() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data-raw/real-formats/2002_general.csv");
    if !path.exists() {
        return;
    }
    let loaded = load(vec![source(&path)]);
    assert_eq!(loaded.report.errors().count(), 0, "{:#?}", shown(&loaded));
    let ds = place(&loaded, "Philadelphia");
    let e = report::find_election(ds, 2002, Kind::General).unwrap();
    let gov = race(ds, e, "governor");
    // The known answer, given in the project's issue.
    assert_eq!(gov.city_votes(candidate(gov, "ED RENDELL")), 339_697);
    assert_eq!(gov.city_votes(candidate(gov, "MIKE FISHER")), 59_223);
}

// ---------------------------------------------------------------------------------------------
// 2. OpenElections precinct file, Philadelphia 2018 (`01~01` precincts)

const PHILA_2018: &str = "20181106__pa__general__philadelphia__precinct.csv";

/// `01~02` → (1, 2).
fn tilde_precinct(p: &str) -> (u16, u16) {
    let (w, d) = p.split_once('~').unwrap();
    (w.parse().unwrap(), d.parse().unwrap())
}

#[test]
fn openelections_precincts_split_into_wards_and_divisions_add_up() {
    let path = real(PHILA_2018);
    let rows = rows_of(&path);
    let loaded = load(vec![source(&path)]);
    assert_clean(&loaded);
    assert_eq!(loaded.place_names(), ["Philadelphia"]);
    let ds = &loaded.places[0];
    let e = only_election(ds, day_of_file_name(PHILA_2018), Kind::General);

    // Wards: the numbers before `~`, and nothing else.
    let wards: BTreeSet<u16> = rows
        .iter()
        .map(|r| tilde_precinct(&r["precinct"]).0)
        .collect();
    assert_eq!(
        ward_names(ds),
        wards.iter().map(|w| WardId(*w).to_string()).collect()
    );

    // U.S. Senate: each ward's votes are its divisions' sum.
    let senate_rows: Vec<_> = rows
        .iter()
        .filter(|r| r["office"] == "U.S. Senate")
        .collect();
    let mut by_ward: BTreeMap<(u16, String), u64> = BTreeMap::new();
    let mut divisions: BTreeMap<u16, BTreeSet<u16>> = BTreeMap::new();
    for r in &senate_rows {
        let (w, d) = tilde_precinct(&r["precinct"]);
        divisions.entry(w).or_default().insert(d);
        *by_ward.entry((w, key(&r["candidate"]))).or_insert(0) += count(&r["votes"]);
    }
    assert!(divisions.values().all(|d| d.len() >= 2), "{divisions:?}");
    let senate = race(ds, e, "senate");
    assert!(senate.district.is_empty());
    for ((w, name), &votes) in &by_ward {
        let at = ds.ward_index(WardId(*w)).unwrap();
        assert_eq!(
            senate.votes(at, candidate(senate, name)),
            Some(votes),
            "ward {w} {name}"
        );
    }
    for c in 0..senate.candidates.len() {
        let name = key(&senate.candidates[c].name_in_results);
        let total: u64 = by_ward
            .iter()
            .filter(|((_, n), _)| *n == name)
            .map(|(_, v)| v)
            .sum();
        assert_eq!(senate.city_votes(c), total, "{name}");
    }
}

#[test]
fn openelections_district_makes_separate_races() {
    let path = real(PHILA_2018);
    let rows = rows_of(&path);
    let house_rows: Vec<_> = rows
        .iter()
        .filter(|r| r["office"] == "State House")
        .collect();
    let districts: BTreeSet<&str> = house_rows.iter().map(|r| r["district"].as_str()).collect();
    assert_eq!(districts.len(), 2, "the fixture has two districts");

    let loaded = load(vec![source(&path)]);
    assert_clean(&loaded);
    let ds = place(&loaded, "Philadelphia");
    let house: Vec<&Race> = ds
        .races_of(0)
        .filter(|r| r.office.to_lowercase().contains("state house"))
        .collect();
    assert_eq!(
        house
            .iter()
            .map(|r| r.district.as_str())
            .collect::<BTreeSet<_>>(),
        districts
    );
    assert_eq!(house.len(), 2);
    for r in house {
        let mut expected: BTreeMap<String, u64> = BTreeMap::new();
        for row in house_rows
            .iter()
            .filter(|row| row["district"] == r.district)
        {
            *expected.entry(key(&row["candidate"])).or_insert(0) += count(&row["votes"]);
        }
        let got: BTreeMap<String, u64> = (0..r.candidates.len())
            .map(|c| (key(&r.candidates[c].name_in_results), r.city_votes(c)))
            .collect();
        assert_eq!(got, expected, "district {}", r.district);
    }
}

// ---------------------------------------------------------------------------------------------
// 3. OpenElections Berks County 2025: named wards, turnout pseudo-offices

const BERKS: &str = "20251104__pa__general__berks__precinct.csv";

/// Each precinct of the fixture and the ward it lies in (README.md, "Input formats").
const BERKS_WARDS: [(&str, &str); 6] = [
    ("Reading 1-1", "Reading 1"),
    ("Reading 3-1", "Reading 3"),
    ("Reading 3-2", "Reading 3"),
    ("Alsace Twp 1", "Alsace Twp"),
    ("Alsace Twp 2", "Alsace Twp"),
    ("Albany Twp", "Albany Twp"),
];

fn berks_ward(precinct: &str) -> &'static str {
    BERKS_WARDS
        .iter()
        .find(|(p, _)| *p == precinct)
        .unwrap_or_else(|| panic!("precinct {precinct:?} not in the table"))
        .1
}

/// Sums of a pseudo-office (or a candidate's votes) per ward of the Berks fixture.
fn berks_sums(
    rows: &[BTreeMap<String, String>],
    keep: impl Fn(&BTreeMap<String, String>) -> bool,
) -> BTreeMap<&'static str, u64> {
    let mut out = BTreeMap::new();
    for r in rows.iter().filter(|r| keep(r)) {
        *out.entry(berks_ward(&r["precinct"])).or_insert(0) += count(&r["votes"]);
    }
    out
}

#[test]
fn openelections_berks_names_its_wards_and_reads_turnout_from_pseudo_offices() {
    let path = real(BERKS);
    let rows = rows_of(&path);
    let loaded = load(vec![source(&path)]);
    assert_clean(&loaded);
    let county: BTreeSet<&str> = rows.iter().map(|r| r["county"].as_str()).collect();
    assert_eq!(county.len(), 1);
    let expected_place = format!("{} County", county.first().unwrap());
    assert_eq!(loaded.place_names(), std::slice::from_ref(&expected_place));
    let ds = place(&loaded, &expected_place);
    assert_eq!(ds.place, "Berks County");
    let e = only_election(ds, day_of_file_name(BERKS), Kind::General);

    // Every precinct has a ward in the table; the wards are named.
    let wards: BTreeSet<String> = rows
        .iter()
        .map(|r| berks_ward(&r["precinct"]).to_string())
        .collect();
    assert_eq!(ward_names(ds), wards);

    let registered = berks_sums(&rows, |r| r["office"] == "Registered Voters");
    let ballots = berks_sums(&rows, |r| r["office"] == "Ballots Cast");
    assert_eq!(registered.len(), wards.len());
    for ward in &wards {
        let f = ds.figures(e, ward_named(ds, ward), PartyGroup::All);
        assert_eq!(
            (f.registered, f.ballots),
            (
                Some(registered[ward.as_str()]),
                Some(ballots[ward.as_str()])
            ),
            "{ward}"
        );
    }
    let city = aggregate::city(ds, e, PartyGroup::All);
    assert_eq!(city.registered, Some(registered.values().sum()));
    assert_eq!(city.ballots, Some(ballots.values().sum()));

    // The pseudo-offices are turnout, not races; the real race adds divisions to wards.
    assert!(
        ds.races_of(e)
            .all(|r| !r.office.contains("Registered") && !r.office.contains("Ballots"))
    );
    let judge = race(ds, e, "superior court");
    let names: BTreeSet<String> = rows
        .iter()
        .filter(|r| r["office"] == "Judge of the Superior Court")
        .map(|r| r["candidate"].clone())
        .collect();
    for name in &names {
        let votes = berks_sums(&rows, |r| {
            r["office"] == "Judge of the Superior Court" && &r["candidate"] == name
        });
        let c = candidate(judge, name);
        for (ward, v) in votes {
            assert_eq!(
                judge.votes(ward_named(ds, ward), c),
                Some(v),
                "{ward} {name}"
            );
        }
    }
}

/// The Berks fixture with a copy of one pseudo-office row appended, its votes changed by
/// `delta`: the text, the copy's line and the original's (1-based), and the row's ward.
fn berks_with_repeat(office: &str, delta: u64) -> (String, u64, u64, &'static str) {
    let text = std::fs::read_to_string(real(BERKS)).unwrap();
    assert!(text.ends_with("\r\n"));
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    let at = lines
        .iter()
        .position(|l| l.contains(&format!(",{office},")) && l.contains("Reading 3-"))
        .unwrap();
    let mut cells: Vec<String> = lines[at].split(',').map(String::from).collect();
    cells[6] = (count(&cells[6]) + delta).to_string();
    let ward = berks_ward(&cells[1]);
    let copy = format!("{text}{}\r\n", cells.join(","));
    (copy, lines.len() as u64 + 1, at as u64 + 1, ward)
}

#[test]
fn openelections_identical_repeated_pseudo_office_is_one_figure() {
    let rows = rows_of(&real(BERKS));
    let registered = berks_sums(&rows, |r| r["office"] == "Registered Voters");
    let ballots = berks_sums(&rows, |r| r["office"] == "Ballots Cast");
    for office in ["Registered Voters", "Ballots Cast"] {
        let (copy, _, _, ward) = berks_with_repeat(office, 0);
        let (_dir, path) = temp_file(BERKS, copy.as_bytes());
        let loaded = load(vec![source(&path)]);
        assert_clean(&loaded);
        let ds = place(&loaded, "Berks County");
        let f = ds.figures(0, ward_named(ds, ward), PartyGroup::All);
        assert_eq!(
            (f.registered, f.ballots),
            (Some(registered[ward]), Some(ballots[ward])),
            "{office} given twice"
        );
    }
}

#[test]
fn openelections_differing_repeated_pseudo_office_is_a_problem() {
    let rows = rows_of(&real(BERKS));
    let registered = berks_sums(&rows, |r| r["office"] == "Registered Voters");
    let ballots = berks_sums(&rows, |r| r["office"] == "Ballots Cast");
    for office in ["Registered Voters", "Ballots Cast"] {
        let (copy, line, original, ward) = berks_with_repeat(office, 1);
        let (_dir, path) = temp_file(BERKS, copy.as_bytes());
        let loaded = load(vec![source(&path)]);
        assert_eq!(loaded.report.problems.len(), 1, "{:#?}", shown(&loaded));
        let p = &loaded.report.problems[0];
        assert_eq!(p.at.line, Some(line), "{p}");
        assert_eq!(p.severity(), Severity::Error);
        assert!(
            matches!(p.kind, ProblemKind::ConflictingRepeat { first_line, .. } if first_line == original),
            "{p}"
        );
        // The first figure stands.
        let ds = place(&loaded, "Berks County");
        let f = ds.figures(0, ward_named(ds, ward), PartyGroup::All);
        assert_eq!(
            (f.registered, f.ballots),
            (Some(registered[ward]), Some(ballots[ward])),
            "{office} given twice, differently"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 4. OpenElections county totals only (no precinct column)

const PHILA_2025_COUNTY: &str = "20251104__pa__general__philadelphia__county.csv";

#[test]
fn openelections_county_file_loads_city_votes_only_into_philadelphia() {
    let path = real(PHILA_2025_COUNTY);
    let rows = rows_of(&path);
    assert!(!rows[0].contains_key("precinct"));
    let mut da: BTreeMap<String, u64> = BTreeMap::new();
    for r in rows.iter().filter(|r| r["office"] == "District Attorney") {
        *da.entry(key(&r["candidate"])).or_insert(0) += count(&r["votes"]);
    }
    // The figures the source README gives for this file.
    assert_eq!(da[&key("LARRY KRASNER")], 276_126);
    assert_eq!(da[&key("PAT DUGAN")], 86_305);

    // With the shipped Philadelphia data: the county's rows join that place, no other.
    let loaded = data::load(&Sources {
        embedded: true,
        paths: vec![source(&path)],
        ..Default::default()
    });
    assert_eq!(loaded.report.errors().count(), 0, "{:#?}", shown(&loaded));
    assert_eq!(loaded.place_names(), ["Philadelphia"]);
    let ds = place(&loaded, "Philadelphia");
    let e = report::find_election(ds, 2025, Kind::General).expect("the 2025 general");
    assert_eq!(ds.elections()[e].date, day_of_file_name(PHILA_2025_COUNTY));
    let r = race(ds, e, "district attorney");
    let got: BTreeMap<String, u64> = (0..r.candidates.len())
        .map(|c| (key(&r.candidates[c].name_in_results), r.city_votes(c)))
        .collect();
    assert_eq!(got, da);
    assert_eq!(r.city().total, da.values().sum::<u64>());
    // City level only: no ward holds any of it.
    for w in r.reported_wards() {
        assert!(!ds.wards()[w].is_ward(), "votes in ward {}", ds.wards()[w]);
    }
    let file = loaded
        .report
        .files
        .iter()
        .find(|f| f.name.ends_with(PHILA_2025_COUNTY))
        .unwrap();
    assert!(file.wards.iter().all(|w| !w.is_ward()), "{:?}", file.wards);
}

// ---------------------------------------------------------------------------------------------
// 5. A pasted report read through a mapping file (Chicago 2011)

const CHICAGO: &str = "chi_chicago_general_201102.csv";

/// The Chicago fixture's rows after the header, each with its 1-based line.
fn chicago_rows() -> Vec<(u64, csv::StringRecord)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(real(CHICAGO))
        .unwrap();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            (r.position().unwrap().line(), r)
        })
        .skip(1)
        .collect()
}

fn is_precinct_number(cell: &str) -> bool {
    let t = cell.trim();
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

fn load_chicago() -> Loaded {
    load(vec![SourcePath {
        map: Some(chicago_mapping()),
        ..source(real(CHICAGO))
    }])
}

#[test]
fn mapping_reads_the_chicago_paste_and_skips_its_decorations() {
    let rows = chicago_rows();
    let skipped: Vec<u64> = rows
        .iter()
        .filter(|(_, r)| !is_precinct_number(r.get(1).unwrap_or("")))
        .map(|(l, _)| *l)
        .collect();
    // The fixture has every kind of decoration: title, repeated header, blank and total rows.
    for kind in ["WARD 2", "Precinct", "", "Total"] {
        assert!(rows.iter().any(|(_, r)| r.get(1) == Some(kind)), "{kind:?}");
    }

    let loaded = load_chicago();
    assert_clean(&loaded);
    assert_eq!(loaded.place_names(), ["Chicago"]);
    let ds = place(&loaded, "Chicago");
    let e = only_election(
        ds,
        NaiveDate::from_ymd_opt(2011, 2, 22).unwrap(),
        Kind::General,
    );
    let file = &loaded.report.files[0];
    assert_eq!(file.rows_skipped, skipped.len() as u64);
    assert_eq!(file.skipped_lines, skipped[..file.skipped_lines.len()]);
    assert!(!file.skipped_lines.is_empty());
    assert_eq!(file.rows_read, rows.len() as u64);
    assert_eq!(file.rows_rejected, 0);

    // Each ward's precincts add up to the ward's own Total row.
    let totals: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|(_, r)| r.get(1) == Some("Total"))
        .map(|(_, r)| r)
        .collect();
    assert!(totals.len() >= 2);
    let wards: BTreeSet<u16> = totals.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(
        ds.wards().iter().copied().collect::<BTreeSet<_>>(),
        wards.iter().map(|w| WardId(*w)).collect()
    );
    for t in &totals {
        let ward: u16 = t[0].parse().unwrap();
        let f = ds.figures(e, ds.ward_index(WardId(ward)).unwrap(), PartyGroup::All);
        assert_eq!(
            (f.registered, f.ballots),
            (Some(count(&t[2])), Some(count(&t[3]))),
            "ward {ward}"
        );
    }
}

#[test]
fn bad_mapping_names_its_file_and_line() {
    let mapping =
        "place = \"Chicago\"\ndate = \"2011-02-22\"\nkind = \"general\"\ncolour = \"blue\"\n";
    let (_dir, map) = temp_file("bad.turnout.toml", mapping.as_bytes());
    let loaded = load(vec![SourcePath {
        map: Some(map.clone()),
        ..source(real(CHICAGO))
    }]);
    let bad: Vec<_> = loaded
        .report
        .problems
        .iter()
        .filter(|p| matches!(p.kind, ProblemKind::BadMapping(_)))
        .collect();
    assert_eq!(bad.len(), 1, "{:#?}", shown(&loaded));
    assert_eq!(bad[0].severity(), Severity::Error);
    let line = mapping
        .lines()
        .position(|l| l.starts_with("colour"))
        .unwrap()
        + 1;
    let text = bad[0].to_string();
    assert!(
        text.contains(&format!("{}:{line}:", map.display())),
        "{text}"
    );
    assert!(text.contains("colour"), "{text}");
    // The CSV is not read through a mapping that cannot be used.
    assert!(loaded.report.files.iter().all(|f| f.rows_read == 0));
}

// ---------------------------------------------------------------------------------------------
// 6. Line numbers with CRLF and CR-only line ends

fn canonical_with_bad_line_3(eol: &str) -> String {
    [
        "date,election,ward,registered,ballots,place",
        "2023-05-16,primary,1,1000,100,Testville",
        "2023-05-16,primary,2,1000,abc,Testville",
        "2023-05-16,primary,3,1000,300,Testville",
        "2023-05-16,primary,4,1000,-5,Testville",
        "",
    ]
    .join(eol)
}

fn assert_bad_cells_at_lines_3_and_5(eol: &str) {
    let ds = data::load_str("eol.csv", &canonical_with_bad_line_3(eol));
    let at: Vec<(Option<u64>, Option<usize>)> = ds
        .report
        .problems
        .iter()
        .map(|p| (p.at.line, p.at.column.as_ref().map(|c| c.0)))
        .collect();
    assert_eq!(at, [(Some(3), Some(5)), (Some(5), Some(5))], "{eol:?}");
    assert!(
        ds.report.problems[0]
            .to_string()
            .contains("eol.csv:3:5: error: column \"ballots\""),
        "{}",
        ds.report.problems[0]
    );
    assert_eq!(ds.place, "Testville");
    let ballots = |w: u16| {
        ds.figures(0, ds.ward_index(WardId(w)).unwrap(), PartyGroup::All)
            .ballots
    };
    assert_eq!((ballots(1), ballots(3)), (Some(100), Some(300)), "{eol:?}");
}

#[test]
fn crlf_line_ends_keep_line_numbers() {
    assert_bad_cells_at_lines_3_and_5("\r\n");
}

#[test]
fn cr_only_line_ends_keep_line_numbers() {
    assert_bad_cells_at_lines_3_and_5("\r");
}

// ---------------------------------------------------------------------------------------------
// 7. UTF-16 files

const MUNOZ: &str = "date,election,ward,registered,ballots,place\r\n\
                     2023-11-07,general,1,1000,250,Muñoz County\r\n\
                     2023-11-07,general,2,2000,abc,Muñoz County\r\n\
                     2023-11-07,general,3,3000,750,Muñoz County\r\n";

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    std::iter::once('\u{feff}')
        .chain(text.chars())
        .collect::<String>()
        .encode_utf16()
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

fn assert_utf16_loads(big_endian: bool) {
    let (_dir, path) = temp_file("munoz.csv", &utf16(MUNOZ, big_endian));
    let loaded = load(vec![source(&path)]);
    assert_eq!(
        loaded.place_names(),
        ["Muñoz County"],
        "{:#?}",
        shown(&loaded)
    );
    let ds = place(&loaded, "Muñoz County");
    let f = |w: u16| *ds.figures(0, ds.ward_index(WardId(w)).unwrap(), PartyGroup::All);
    assert_eq!((f(1).registered, f(1).ballots), (Some(1000), Some(250)));
    assert_eq!((f(3).registered, f(3).ballots), (Some(3000), Some(750)));
    let warnings: Vec<_> = loaded
        .report
        .problems
        .iter()
        .filter(|p| p.severity() == Severity::Warning)
        .collect();
    assert_eq!(warnings.len(), 1, "{:#?}", shown(&loaded));
    assert!(matches!(warnings[0].kind, ProblemKind::DecodedUtf16(_)));
    assert!(
        warnings[0].to_string().contains("decoded"),
        "{}",
        warnings[0]
    );
    // The bad cell is found where a reader of the file would see it.
    let errors: Vec<_> = loaded.report.errors().collect();
    assert_eq!(errors.len(), 1, "{:#?}", shown(&loaded));
    assert_eq!(
        (errors[0].at.line, errors[0].at.column.as_ref().map(|c| c.0)),
        (Some(3), Some(5))
    );
}

#[test]
fn utf16_le_with_bom_is_decoded_with_a_warning() {
    assert_utf16_loads(false);
}

#[test]
fn utf16_be_with_bom_is_decoded_with_a_warning() {
    assert_utf16_loads(true);
}

// ---------------------------------------------------------------------------------------------
// 8. Places kept apart on the command line

/// `--data` arguments loading Chicago (the paste with its mapping, and the 50-ward fixture,
/// whose 2019 and 2023 generals share years with Philadelphia's) and Berks County.
fn other_places() -> Vec<String> {
    let chicago = real(CHICAGO).display().to_string();
    let berks = real(BERKS).display().to_string();
    let map = chicago_mapping().display().to_string();
    let fifty = fixture("chicago").display().to_string();
    [
        "--map", &map, "--data", &chicago, "--data", &fifty, "--data", &berks,
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn other_places_leave_philadelphias_output_unchanged() {
    for summary in [
        &[
            "summary",
            "--year",
            "2019",
            "--election",
            "general",
            "--format",
            "csv",
        ][..],
        &["summary", "--year", "2023", "--format", "csv"][..],
    ] {
        let (code, alone, err) = run(summary);
        assert_eq!(code, Some(0), "{summary:?}: {err}");
        assert!(alone.lines().count() > 60, "{alone}");
        let mut args = other_places();
        args.extend(summary.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, with_others, err) = run(&args);
        assert_eq!(code, Some(0), "{args:?}: {err}");
        assert_eq!(with_others, alone, "{summary:?}");
        // The note on stderr names what else is loaded.
        assert!(
            err.contains("Chicago") && err.contains("Berks County"),
            "{err}"
        );
    }
}

#[test]
fn place_flag_selects_chicago_and_rejects_unknown_or_ambiguous_names() {
    let mut args = other_places();
    args.extend(
        [
            "--place",
            "chicago",
            "summary",
            "--year",
            "2011",
            "--election",
            "general",
            "--format",
            "csv",
        ]
        .map(String::from),
    );
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = run(&argv);
    assert_eq!(code, Some(0), "{err}");
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let (wards, city) = records.split_at(records.len() - 1);
    let totals: Vec<csv::StringRecord> = chicago_rows()
        .into_iter()
        .filter(|(_, r)| r.get(1) == Some("Total"))
        .map(|(_, r)| r)
        .collect();
    assert_eq!(wards.len(), totals.len(), "{out}");
    // Each ward row is Chicago's: its figures are the ward's Total row; the last row (the
    // city, or the loaded wards where the place has more) is their sum.
    for (row, t) in wards.iter().zip(&totals) {
        assert_eq!(
            row[col("ward")].parse::<u16>().ok(),
            t[0].parse().ok(),
            "{out}"
        );
        assert_eq!(
            (count(&row[col("registered")]), count(&row[col("ballots")])),
            (count(&t[2]), count(&t[3])),
            "{out}"
        );
    }
    assert!(city[0][col("ward")].parse::<u16>().is_err(), "{out}");
    let sum = |i: usize| totals.iter().map(|t| count(&t[i])).sum::<u64>().to_string();
    assert_eq!(
        (&city[0][col("registered")], &city[0][col("ballots")]),
        (sum(2).as_str(), sum(3).as_str()),
        "{out}"
    );

    // An unknown place: the message lists the places loaded.
    let mut args = other_places();
    args.extend(["--place", "springfield", "summary", "--year", "2011"].map(String::from));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = run(&argv);
    assert_eq!(code, Some(1), "{out}{err}");
    for p in ["springfield", "Philadelphia", "Chicago", "Berks County"] {
        assert!(err.contains(p), "{p} not in {err}");
    }

    // An ambiguous one: both matches are named.
    let (_dir, heights) = temp_file(
        "heights.csv",
        b"date,election,ward,registered,ballots,place\n2011-02-22,general,1,100,50,Chicago Heights\n",
    );
    let mut args = other_places();
    let heights = heights.display().to_string();
    args.extend(
        [
            "--data", &heights, "--place", "chic", "summary", "--year", "2011",
        ]
        .map(String::from),
    );
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = run(&argv);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        err.contains("Chicago,") && err.contains("Chicago Heights"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// 9. An unknown header names the closest format and what it lacks

#[test]
fn check_on_an_unknown_header_names_the_closest_format_and_missing_columns() {
    // The Chicago paste without its mapping: ward and ballots, but no date or kind.
    let chicago = real(CHICAGO).display().to_string();
    let (code, out, err) = run(&["--no-embedded", "check", &chicago]);
    assert_eq!(code, Some(1), "{out}{err}");
    let text = format!("{out}{err}");
    assert!(
        text.contains("closest format: turnout canonical long format"),
        "{text}"
    );
    assert!(
        text.contains("date or year") && text.contains("election or kind"),
        "{text}"
    );
    assert!(text.contains(&format!("{chicago}:1:")), "{text}");

    // An OpenElections file whose count column is misnamed.
    let (_dir, path) = temp_file(
        "20251104__pa__general__x__precinct.csv",
        b"county,precinct,office,party,candidate,total\r\nBerks,Albany Twp,Sheriff,D/R,Mandy Miller,514\r\n",
    );
    let shown_path = path.display().to_string();
    let (code, out, err) = run(&["--no-embedded", "check", &shown_path]);
    assert_eq!(code, Some(1), "{out}{err}");
    let text = format!("{out}{err}");
    assert!(
        text.contains(
            "closest format: OpenElections results (precinct or county), which also needs votes"
        ),
        "{text}"
    );
}

#[test]
fn a_race_electing_several_has_no_single_winner() {
    let csv = "county,precinct,office,district,party,candidate,votes,vote_for\r\n\
               Berks,Bally Boro,Borough Council,,DEM,Ann Able,40,2\r\n\
               Berks,Bally Boro,Borough Council,,REP,Bob Baker,35,2\r\n\
               Berks,Bally Boro,Borough Council,,DEM,Cy Cole,20,2\r\n\
               Berks,Bally Boro,Mayor,,DEM,Di Dunn,50,1\r\n\
               Berks,Bally Boro,Mayor,,REP,Ed Eng,45,1\r\n";
    let (_dir, path) = temp_file("20251104__pa__general__berks__precinct.csv", csv.as_bytes());
    let loaded = load(vec![source(&path)]);
    assert_clean(&loaded);
    let ds = place(&loaded, "Berks County");
    let council = ds
        .races
        .iter()
        .find(|r| r.office == "Borough Council")
        .unwrap();
    assert_eq!(council.seats, 2);
    assert_eq!(council.city().outcome, None);
    assert!(council.tally(0).outcome.is_none());
    let mayor = ds.races.iter().find(|r| r.office == "Mayor").unwrap();
    assert_eq!(mayor.seats, 1);
    let o = mayor.city().outcome.unwrap();
    assert_eq!((o.leader, o.margin_votes), (0, 5));
}

#[test]
fn a_file_whose_name_names_no_election_is_one_problem() {
    let original = std::fs::read(real("20251104__pa__general__berks__precinct.csv")).unwrap();
    let (_dir, path) = temp_file("berks.csv", &original);
    let loaded = load(vec![source(&path)]);
    let report = &loaded.report;
    assert_eq!(report.problems.len(), 1, "{:?}", shown(&loaded));
    let p = &report.problems[0];
    assert!(p.to_string().contains("does not name its election"), "{p}");
    let rows = original
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count() as u64
        - 1;
    assert_eq!(report.files[0].rows_read, rows);
    assert_eq!(report.files[0].rows_rejected, rows);
}
