//! Data-layer tests on the fixtures in tests/fixtures and on the embedded Philadelphia data.

use turnout::data::aggregate::{self, Change};
use turnout::data::{self, Dataset, Kind, Measure, PartyGroup, ProblemKind, Severity, WardId};
use turnout::report;

mod common;
use common::load_paths;

fn election(ds: &Dataset, year: i32, kind: Kind) -> usize {
    report::find_election(ds, year, kind).unwrap_or_else(|| panic!("no {year} {kind}"))
}

fn ward(ds: &Dataset, n: u16) -> usize {
    ds.ward_index(WardId(n)).unwrap()
}

#[test]
fn city_ward_file_with_bom_and_crlf() {
    let ds = load_paths(&["formats/city_ward.csv"]);
    assert!(ds.report.problems.is_empty(), "{:?}", ds.report.problems);
    let e = election(&ds, 2023, Kind::Primary);
    let f = ds.figures(e, ward(&ds, 1), PartyGroup::All);
    assert_eq!((f.ballots, f.registered), (Some(400), Some(1000)));
    let city = aggregate::city(&ds, e, PartyGroup::All);
    assert_eq!((city.ballots, city.registered), (Some(500), Some(2000)));
}

#[test]
fn division_party_file_groups_parties_and_adds_repeated_labels() {
    let ds = load_paths(&["formats/city_division_party.csv"]);
    assert!(ds.report.problems.is_empty(), "{:?}", ds.report.problems);
    assert_eq!(ds.report.files[0].rows_summed, 1);
    let e = election(&ds, 2017, Kind::Primary);
    let w1 = ward(&ds, 1);
    assert_eq!(ds.figures(e, w1, PartyGroup::Democratic).ballots, Some(150));
    assert_eq!(ds.figures(e, w1, PartyGroup::Republican).ballots, Some(20));
    assert_eq!(ds.figures(e, w1, PartyGroup::Other).ballots, Some(2));
    // No source gives all parties for ward 1, so it is the sum of the groups.
    assert_eq!(ds.figures(e, w1, PartyGroup::All).ballots, Some(172));
    // Party registration is unknown: no turnout rate, rather than a wrong one.
    assert_eq!(ds.figures(e, w1, PartyGroup::Democratic).turnout(), None);
    assert_eq!(
        ds.figures(e, ward(&ds, 12), PartyGroup::Other).ballots,
        Some(4)
    );
}

#[test]
fn sixtysixwards_is_top_race_votes_dated_by_the_calendar() {
    let ds = load_paths(&["formats/sixtysixwards.csv"]);
    assert!(ds.report.problems.is_empty(), "{:?}", ds.report.problems);
    let e = election(&ds, 2013, Kind::Primary);
    assert_eq!(ds.elections()[e].date.to_string(), "2013-05-21");
    let f = ds.figures(e, ward(&ds, 1), PartyGroup::All);
    assert_eq!(f.top_race_votes, Some(75.5));
    assert_eq!(f.ballots, None, "top-race votes never become ballots");
    assert_eq!(
        aggregate::default_measure(&ds, e, PartyGroup::All),
        Measure::TopRaceVotes
    );
    // 2017 DA vs 2013 DA: a percent change of top-race votes.
    let t = aggregate::ward_table(
        &ds,
        election(&ds, 2017, Kind::Primary),
        PartyGroup::All,
        Measure::TopRaceVotes,
    );
    assert_eq!(t.previous, Some(e));
    let Some(Change::Percent(p)) = t.rows[0].change else {
        panic!("{:?}", t.rows[0])
    };
    assert!((p - (120.25 - 75.5) / 75.5 * 100.0).abs() < 1e-9);
}

#[test]
fn canonical_divisions_aggregate_to_wards_and_ids_normalise() {
    let ds = load_paths(&["formats/canonical.csv"]);
    assert!(ds.report.problems.is_empty(), "{:?}", ds.report.problems);
    let e = election(&ds, 2021, Kind::Primary);
    let f = ds.figures(e, ward(&ds, 6), PartyGroup::All);
    assert_eq!((f.ballots, f.registered), (Some(240), Some(1500)));
    assert_eq!(ds.wards(), &[WardId(5), WardId(6)]);
    assert_eq!(
        ds.figures(
            election(&ds, 2025, Kind::Primary),
            ward(&ds, 5),
            PartyGroup::All
        )
        .ballots,
        Some(420)
    );
}

#[test]
fn canonical_measure_column_and_year_only_rows() {
    let ds = load_paths(&["formats/canonical_measure.csv"]);
    assert!(ds.report.problems.is_empty(), "{:?}", ds.report.problems);
    let e2011 = election(&ds, 2011, Kind::Primary);
    assert_eq!(ds.elections()[e2011].date.to_string(), "2011-05-17");
    assert_eq!(
        ds.figures(e2011, 0, PartyGroup::All).top_race_votes,
        Some(321.5)
    );
    assert_eq!(
        ds.figures(election(&ds, 2015, Kind::Primary), 0, PartyGroup::All)
            .ballots,
        Some(700)
    );
}

#[test]
fn malformed_rows_are_reported_with_line_and_column_and_good_rows_load() {
    let ds = load_paths(&["malformed/bad_rows.csv", "malformed/ok_neighbour.csv"]);
    let found: Vec<(u64, Option<usize>, String)> = ds
        .report
        .problems
        .iter()
        .map(|p| {
            (
                p.at.line.unwrap(),
                p.at.column.as_ref().map(|c| c.0),
                p.kind.to_string(),
            )
        })
        .collect();
    let expect = |line: u64, col: Option<usize>, needle: &str| {
        assert!(
            found
                .iter()
                .any(|(l, c, m)| *l == line && *c == col && m.contains(needle)),
            "no problem at {line}:{col:?} containing {needle:?} in {found:#?}"
        );
    };
    expect(3, Some(5), "not a number");
    expect(4, Some(5), "negative");
    expect(5, Some(5), "greater than registered");
    expect(6, Some(1), "unparseable date");
    expect(7, None, "wrong field count");
    expect(8, Some(2), "unknown election kind");
    expect(10, None, "duplicate key");
    expect(11, Some(3), "not a ward");
    assert_eq!(ds.report.problems.len(), 8);
    assert!(
        ds.report
            .problems
            .iter()
            .all(|p| p.at.file.ends_with("bad_rows.csv"))
    );
    assert_eq!(ds.report.files[0].rows_rejected, 8);
    // The good rows of the bad file and the whole neighbour file still load.
    let e = election(&ds, 2021, Kind::Primary);
    assert_eq!(
        ds.figures(e, ward(&ds, 1), PartyGroup::All).ballots,
        Some(10),
        "ok_neighbour overrides ward 1"
    );
    assert_eq!(
        ds.figures(e, ward(&ds, 8), PartyGroup::All).ballots,
        Some(300)
    );
    assert_eq!(ds.report.overrides.len(), 1);
    assert_eq!(ds.report.overrides[0].count, 1);
    assert!(ds.report.overrides[0].later.ends_with("ok_neighbour.csv"));
    let shown = ds.report.problems[0].to_string();
    assert!(
        shown.contains("bad_rows.csv:3:5: error: column \"ballots\": not a number"),
        "{shown}"
    );
}

#[test]
fn file_level_problems_each_get_their_own_message() {
    let ds = load_paths(&[
        "malformed/empty.csv",
        "malformed/header_only.csv",
        "malformed/unknown_header.csv",
        "empty-dir",
        "does/not/exist.csv",
    ]);
    let kinds: Vec<&ProblemKind> = ds.report.problems.iter().map(|p| &p.kind).collect();
    assert!(matches!(kinds[0], ProblemKind::EmptyFile));
    assert!(matches!(kinds[1], ProblemKind::HeaderOnly));
    assert!(matches!(kinds[2], ProblemKind::UnknownHeader(h) if h == "[a, b, c, d]"));
    assert!(matches!(kinds[3], ProblemKind::NoCsvInDirectory));
    assert!(matches!(kinds[4], ProblemKind::Unreadable(_)));
    assert_eq!(kinds.len(), 5);
    assert_eq!(report::check_status(&ds.report), 2);
}

#[test]
fn latin1_file_is_decoded_with_a_warning() {
    let ds = load_paths(&["malformed/latin1.csv"]);
    assert_eq!(ds.report.problems.len(), 1);
    assert_eq!(ds.report.problems[0].severity(), Severity::Warning);
    assert!(matches!(
        ds.report.problems[0].kind,
        ProblemKind::InvalidUtf8
    ));
    assert_eq!(ds.report.problems[0].at.line, Some(2));
    let e = election(&ds, 2021, Kind::Primary);
    assert_eq!(ds.figures(e, 0, PartyGroup::Other).ballots, Some(7));
    assert_eq!(
        report::check_status(&ds.report),
        0,
        "a warning is not a rejected row"
    );
}

#[test]
fn another_city_with_fifty_wards_just_works() {
    let ds = load_paths(&["chicago"]);
    assert!(ds.report.problems.is_empty(), "{:?}", ds.report.problems);
    assert_eq!(ds.wards().len(), 50);
    let t = aggregate::ward_table(
        &ds,
        election(&ds, 2023, Kind::General),
        PartyGroup::All,
        Measure::Ballots,
    );
    assert_eq!(t.previous, Some(election(&ds, 2019, Kind::General)));
    assert!(matches!(t.city.change, Some(Change::Points(_))));
    // 2023: wards with ward % 5 == 4 tie at 29% (ballots = registered * 29 / 100 exactly).
    let top: Vec<u16> = t
        .rows
        .iter()
        .filter(|r| r.rank == Some(1))
        .map(|r| r.ward.0)
        .collect();
    assert_eq!(top, (1..=50).filter(|w| w % 5 == 4).collect::<Vec<u16>>());
    assert!(
        t.rows
            .iter()
            .all(|r| r.rank.is_some_and(|k| k == 1 || k > top.len()))
    );
}

#[test]
fn repeated_rows_and_floods_of_bad_rows_stay_bounded() {
    let mut csv = String::from(
        "date,election,ward,ballots\n2021-05-18,primary,1,10\n2021-05-18,primary,1,11\n",
    );
    for _ in 0..5000 {
        csv.push_str("2021-05-18,primary,2,not-a-number\n");
    }
    let ds = data::load_str("flood.csv", &csv);
    assert!(matches!(
        ds.report.problems[0].kind,
        ProblemKind::DuplicateKey { first_line: 2, .. }
    ));
    assert_eq!(ds.report.problems[0].at.line, Some(3));
    assert_eq!(
        ds.report.problems.len() as u64,
        turnout::data::load::MAX_PROBLEMS_PER_FILE
    );
    assert_eq!(ds.report.files[0].rows_rejected, 5001);
    assert_eq!(
        ds.report.files[0].problems_not_listed,
        5001 - turnout::data::load::MAX_PROBLEMS_PER_FILE
    );
    assert_eq!(
        ds.figures(0, 0, PartyGroup::All).ballots,
        Some(10),
        "the first row stands"
    );
}

#[test]
fn in_memory_csv_strings_load_too() {
    let ds = data::load_str(
        "mem.csv",
        "Date , ELECTION ,Ward,Ballots,Registered\r\n2019-05-21,Primary,\"07\",5,10\r\n",
    );
    assert!(ds.report.problems.is_empty(), "{:?}", ds.report.problems);
    assert_eq!(ds.figures(0, 0, PartyGroup::All).turnout(), Some(0.5));
}

/// Citywide primary totals as the City Commissioners publish them (data-raw/SOURCES.md §1).
const CITY_PRIMARIES: [(i32, u64, u64); 10] = [
    (2015, 269_653, 992_485),
    (2016, 411_697, 1_028_069),
    (2017, 179_149, 1_034_160),
    (2018, 174_834, 1_035_420),
    (2019, 242_985, 1_051_214),
    (2020, 348_635, 1_077_444),
    (2021, 224_297, 1_053_566),
    (2022, 247_306, 1_048_790),
    (2023, 281_763, 1_025_187),
    (2024, 200_872, 1_037_642),
];

#[test]
fn embedded_data_loads_clean_and_reproduces_the_city_totals() {
    let ds = data::load_embedded();
    assert!(ds.report.problems.is_empty(), "{:?}", ds.report.problems);
    assert!(ds.report.overrides.is_empty());
    assert_eq!(ds.wards().len(), 66);
    for (year, ballots, registered) in CITY_PRIMARIES {
        let city = aggregate::city(&ds, election(&ds, year, Kind::Primary), PartyGroup::All);
        assert_eq!(
            (city.ballots, city.registered),
            (Some(ballots), Some(registered)),
            "{year}"
        );
    }
    // Top-race votes (Sixty-Six Wards) are kept beside ballots for the same election.
    let e2017 = election(&ds, 2017, Kind::Primary);
    let city = aggregate::city(&ds, e2017, PartyGroup::All);
    assert_eq!(city.top_race_votes.map(|v| v.round() as u64), Some(164_733));
    assert_eq!(
        aggregate::city(&ds, election(&ds, 2003, Kind::Primary), PartyGroup::All)
            .top_race_votes
            .map(|v| v.round()),
        Some(113_173.0)
    );
    // Party split (2017, voters by registered party): 161,534 / 12,237 / 4,904.
    let party = |g| aggregate::city(&ds, e2017, g).ballots;
    assert_eq!(party(PartyGroup::Democratic), Some(161_534));
    assert_eq!(party(PartyGroup::Republican), Some(12_237));
    assert_eq!(party(PartyGroup::Other), Some(4_904));
    // 2023 Mayor compares with 2019 Mayor, in turnout points.
    let t = aggregate::ward_table(
        &ds,
        election(&ds, 2023, Kind::Primary),
        PartyGroup::All,
        Measure::Ballots,
    );
    assert_eq!(t.previous, Some(election(&ds, 2019, Kind::Primary)));
    let Some(Change::Points(p)) = t.city.change else {
        panic!()
    };
    let expected = (281_763.0 / 1_025_187.0 - 242_985.0 / 1_051_214.0) * 100.0;
    assert!((p - expected).abs() < 1e-9);
    // The 2025 DA primary has seeds but no turnout file.
    assert!(report::find_election(&ds, 2025, Kind::Primary).is_none());
    assert!(
        ds.seeds
            .candidates
            .iter()
            .any(|c| c.year == 2025 && c.candidate == "Patrick Dugan")
    );
}

#[test]
fn huge_cells_long_lines_and_wide_headers_are_refused_with_a_message() {
    let header = "date,election,ward,registered,ballots\n";
    let good = "2025-05-20,primary,1,1000,150\n";
    // A 1 MB cell: that row is refused, the others load.
    let big = format!(
        "{header}{good}2025-05-20,primary,2,1000,{}\n",
        "9".repeat(1 << 20)
    );
    let ds = data::load_str("big.csv", &big);
    assert!(matches!(ds.report.problems[0].kind, ProblemKind::FieldTooLarge(n) if n == 1 << 20));
    assert_eq!(ds.report.problems[0].at.line, Some(3));
    assert_eq!(
        ds.report.files[0].rows_read - ds.report.files[0].rows_rejected,
        1
    );
    // A line with no end in sight: reading stops with a message; the rows before it stay.
    let long = format!(
        "{header}{good}2025-05-20,primary,2,1000,{}",
        "1".repeat(5 << 20)
    );
    let ds = data::load_str("long.csv", &long);
    let p = ds
        .report
        .problems
        .iter()
        .find(|p| matches!(p.kind, ProblemKind::LineTooLong(_)));
    assert!(p.is_some(), "{:?}", ds.report.problems);
    assert!(
        p.unwrap()
            .to_string()
            .contains("line longer than 4194304 bytes")
    );
    let e = report::find_election(&ds, 2025, Kind::Primary).unwrap();
    assert_eq!(
        ds.figures(e, ward(&ds, 1), PartyGroup::All).ballots,
        Some(150)
    );
    // A million columns: the file is refused at its header.
    let wide = format!("{}\n", vec!["x"; 1_000_000].join(","));
    let ds = data::load_str("wide.csv", &wide);
    assert!(matches!(
        ds.report.problems[0].kind,
        ProblemKind::TooManyColumns(1_000_000)
    ));
}

/// The shipped 2017 division file with one stray quote: the lines after it are read again,
/// and the loss is the quote's own line, named with the lines the quote spanned.
#[test]
fn a_stray_quote_loses_only_its_own_line_and_says_how_far_it_ran() {
    let good = include_str!("../data/voter_turnout_primary_election_2017.csv");
    let lines: Vec<&str> = good.lines().collect();
    let total = lines.len() as u64;
    let mut bad: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    // Line 1260 (1-based): a quote opened in the second cell and never closed.
    bad[1259] = bad[1259].replacen(',', ",\"", 1);
    let check = |text: &str| data::load_str("q.csv", text);
    let ds = check(&(bad.join("\n") + "\n"));
    let file = &ds.report.files[ds.report.files.len() - 1];
    assert_eq!(file.rows_read, total - 1, "every data line is read");
    assert_eq!(file.rows_rejected, 1, "only the quote's own line is lost");
    let p = ds
        .report
        .problems
        .iter()
        .find(|p| matches!(p.kind, ProblemKind::RunawayQuote { .. }))
        .expect("the runaway quote is reported");
    assert_eq!(p.at.line, Some(1260));
    assert!(
        matches!(p.kind, ProblemKind::RunawayQuote { to, lines } if to == total && lines == total - 1259),
        "{}",
        p.kind
    );

    // A quote closed by another one 3 lines later: lines 1261-1262 come back; the line of the
    // closing quote reads as what is left of it.
    let mut two = bad.clone();
    two[1262] = two[1262].replacen(',', "\",", 1);
    let ds = check(&(two.join("\n") + "\n"));
    let file = &ds.report.files[ds.report.files.len() - 1];
    assert_eq!(file.rows_read, total - 1);
    assert!(file.rows_rejected <= 2, "{}", file.rows_rejected);
    let runaway = ds
        .report
        .problems
        .iter()
        .find(|p| matches!(p.kind, ProblemKind::RunawayQuote { .. }))
        .unwrap();
    assert!(
        matches!(
            runaway.kind,
            ProblemKind::RunawayQuote { to: 1263, lines: 4 }
        ),
        "{}",
        runaway.kind
    );
}
