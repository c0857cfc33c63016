//! The binary's non-interactive paths: help, version, check exit codes, summary formats.

use assert_cmd::Command;
use predicates::prelude::*;

/// Runs a command that must succeed and returns its standard output.
fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn turnout() -> Command {
    let mut cmd = Command::cargo_bin("turnout").unwrap();
    // Hermetic: no data from this machine's XDG directories or $TURNOUT_DATA.
    cmd.env_remove("TURNOUT_DATA")
        .env("XDG_DATA_DIRS", "/nonexistent/turnout-tests")
        .env("XDG_DATA_HOME", "/nonexistent/turnout-tests-home")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

#[test]
fn help_documents_every_flag_and_version_works() {
    let text = stdout(turnout().arg("--help"));
    for flag in [
        "--data",
        "--no-embedded",
        "check",
        "summary",
        "results",
        "TURNOUT_DATA",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help:\n{text}");
    }
    let text = stdout(turnout().args(["summary", "--help"]));
    for flag in ["--year", "--election", "--party", "--measure", "--format"] {
        assert!(text.contains(flag), "{flag} missing from summary --help");
    }
    turnout()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("turnout "));
}

#[test]
fn check_is_clean_on_the_shipped_data() {
    turnout()
        .arg("check")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "embedded:data/election_turnout_ward.csv",
        ))
        .stdout(predicate::str::contains("0 rejected; 0 errors, 0 warnings"))
        .stdout(predicate::str::contains(
            "race: 2017 primary District Attorney (Democratic): 7 candidates (7 in the race list) \
             and write-ins, 66 of 66 wards, 155,246 votes",
        ));
}

#[test]
fn check_exit_codes_follow_the_worst_problem() {
    turnout()
        .args(["check", "tests/fixtures/formats"])
        .assert()
        .code(0);
    turnout()
        .args(["check", "tests/fixtures/malformed/bad_rows.csv"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "bad_rows.csv:3:5: error: column \"ballots\": not a number: \"abc\"",
        ));
    turnout()
        .args([
            "check",
            "tests/fixtures/malformed/bad_rows.csv",
            "no/such/dir",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("no/such/dir: error: cannot read"));
}

#[test]
fn check_reports_overrides_between_sources() {
    turnout()
        .args([
            "check",
            "tests/fixtures/malformed/bad_rows.csv",
            "tests/fixtures/malformed/ok_neighbour.csv",
        ])
        .assert()
        .stdout(predicate::str::contains("override: 1 figure of"))
        .stdout(predicate::str::contains("2021 primary ward 01 ballots"));
}

#[test]
fn summary_table_ends_with_the_city_total() {
    let text = stdout(turnout().args(["summary", "--year", "2017"]));
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("city"), "{last}");
    assert!(
        last.contains("1,034,160") && last.contains("179,149") && last.contains("17.3%"),
        "{last}"
    );
    assert!(text.lines().next().unwrap().contains("District Attorney"));
    assert_eq!(text.lines().count(), 1 + 1 + 66 + 1);
}

#[test]
fn summary_csv_and_json_carry_the_same_numbers() {
    let text = stdout(turnout().args(["summary", "--year", "2023", "--format", "csv"]));
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().unwrap().clone();
    assert_eq!(&header[5], "ballots");
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let city = records.last().unwrap();
    assert_eq!(
        (&city[2], &city[4], &city[5], &city[8]),
        ("city", "1025187", "281763", "pp")
    );

    let out = turnout()
        .args(["summary", "--year", "2023", "--format", "json"])
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(doc["city"]["figures"]["ballots"], 281763);
    assert_eq!(doc["previous_comparable"]["date"], "2019-05-21");
    assert_eq!(doc["wards"].as_array().unwrap().len(), 66);
}

#[test]
fn summary_names_the_top_race_measure_before_2015() {
    turnout()
        .args(["summary", "--year", "2009"])
        .assert()
        .success()
        .stdout(predicate::str::contains("measure: votes in the top race"))
        .stdout(predicate::str::contains("top_race_votes"));
}

#[test]
fn party_summary_counts_party_voters_and_says_the_rate_is_unavailable() {
    let text = stdout(turnout().args(["summary", "--year", "2017", "--party", "dem"]));
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("turnout rate unavailable"),
        "{text}"
    );
    // Voters registered as Democrats, summed from the division-by-party file.
    assert!(text.lines().last().unwrap().contains("161,534"), "{text}");
}

#[test]
fn a_year_without_a_turnout_file_says_how_to_add_one() {
    turnout()
        .args(["summary", "--year", "2025"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no turnout figures for the 2025 primary",
        ))
        .stderr(predicate::str::contains("--data"));
}

#[test]
fn extra_sources_come_from_turnout_data_and_data_flags() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("w.csv"),
        "date,election,ward,registered,ballots,place\n2025-05-20,primary,1,1000,150,Philadelphia\n",
    )
    .unwrap();
    let text = stdout(
        turnout()
            .env("TURNOUT_DATA", dir.path())
            .args(["summary", "--year", "2025", "--format", "csv"]),
    );
    assert!(
        text.contains("2025-05-20,primary,01,all,1000,150,15.00"),
        "{text}"
    );
    // The file is only read.
    let after = std::fs::read_to_string(dir.path().join("w.csv")).unwrap();
    assert_eq!(
        after,
        "date,election,ward,registered,ballots,place\n2025-05-20,primary,1,1000,150,Philadelphia\n"
    );
    turnout()
        .args([
            "--no-embedded",
            "--data",
            "tests/fixtures/chicago",
            "summary",
            "--year",
            "2023",
            "--election",
            "general",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("city"));
}

#[test]
fn bare_turnout_prints_the_latest_off_year_primary() {
    turnout()
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "2023 primary (2023-05-16), Mayor",
        ));
}

#[test]
fn results_table_shows_each_ward_and_ends_with_the_certified_city_total() {
    let text =
        stdout(turnout().args(["results", "--year", "2017", "--office", "District Attorney"]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("District Attorney (Democratic), 2017 primary on 2017-05-16"));
    assert!(lines[1].starts_with("share = the candidate's votes / all votes in this race"));
    let header: Vec<&str> = lines[3].split_whitespace().collect();
    assert_eq!(&header[..4], ["ward", "total", "Krasner", "%"]);
    assert_eq!(&header[header.len() - 3..], ["winner", "margin", "pp"]);
    let ward1: Vec<&str> = lines[4].split_whitespace().collect();
    assert_eq!(&ward1[..4], ["01", "2,954", "1,576", "53.4"]);
    assert_eq!(&ward1[ward1.len() - 3..], ["Krasner", "+1,119", "37.9"]);
    let city: Vec<&str> = lines.last().unwrap().split_whitespace().collect();
    assert_eq!(&city[..4], ["city", "155,246", "59,368", "38.2"]);
    assert_eq!(lines.len(), 4 + 66 + 1, "66 wards and the city");
}

#[test]
fn results_for_one_ward_sit_beside_the_city_and_formats_agree() {
    let text = stdout(turnout().args([
        "results", "--year", "2023", "--office", "mayor", "--party", "dem", "--ward", "1",
    ]));
    assert!(text.contains("ward 01 beside the city"), "{text}");
    let gym = text.lines().find(|l| l.starts_with("Helen Gym")).unwrap();
    let cells: Vec<&str> = gym.split_whitespace().skip(2).collect();
    assert_eq!(cells, ["2,114", "44.8", "54,705", "22.0"]);
    assert!(
        text.contains("winner: ward 01: Helen Gym, by 567 votes"),
        "{text}"
    );
    assert!(
        text.contains("city: Cherelle Parker, by 24,499 votes"),
        "{text}"
    );

    let csv_text = stdout(turnout().args([
        "results", "--year", "2023", "--office", "MAYOR", "--party", "dem", "--ward", "1",
        "--format", "csv",
    ]));
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let find = |ward: &str, name: &str| {
        rows.iter()
            .find(|r| &r[4] == ward && &r[5] == name)
            .unwrap_or_else(|| panic!("no {ward} {name}"))
    };
    let parker = find("01", "Cherelle Parker");
    assert_eq!(
        (&parker[6], &parker[7], &parker[8]),
        ("CHERELLE L PARKER", "true", "386")
    );
    assert_eq!(&parker[12], "Helen Gym");
    assert_eq!(&find("city", "Cherelle Parker")[8], "81080");
    assert_eq!(&find("city", "Cherelle Parker")[10], "248338");

    let json = stdout(turnout().args([
        "results", "--year", "2023", "--office", "Mayor", "--party", "dem", "--format", "json",
    ]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc[0]["city"]["total"], 248_338);
    assert_eq!(doc[0]["candidates"][0]["name"], "Cherelle Parker");
    assert_eq!(doc[0]["city"]["votes"][0], 81_080);
    assert_eq!(doc[0]["wards"].as_array().unwrap().len(), 66);
}

#[test]
fn results_say_which_races_are_loaded_when_none_matches() {
    turnout()
        .args(["results", "--year", "2019"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no candidate results for the 2019 primary",
        ))
        .stderr(predicate::str::contains(
            "District Attorney (Democratic), 2017 primary",
        ));
    turnout()
        .args(["results", "--year", "2017", "--ward", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--ward"));
}

#[test]
fn summary_with_a_candidate_adds_the_share_and_the_correlation() {
    let text = stdout(turnout().args(["summary", "--year", "2017", "--candidate", "krasner"]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[1].ends_with("Krasner share"), "{}", lines[1]);
    assert!(
        lines[2].starts_with("01") && lines[2].ends_with("53.4%"),
        "{}",
        lines[2]
    );
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("Pearson correlation of ward turnout (ballots / registered) with Larry Krasner's share of the District Attorney (Democratic) vote: r = "),
        "{last}"
    );
    assert!(last.contains("over 66 wards"), "{last}");

    turnout()
        .args(["summary", "--year", "2023", "--candidate", "brown"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Jeff Brown (Mayor, Democratic), Amen Brown (Mayor, Democratic)",
        ));
    turnout()
        .args(["summary", "--year", "2021", "--candidate", "krasner"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no candidate results loaded for the 2021 primary",
        ));
}

#[test]
fn check_shows_the_search_path_and_what_each_place_gave() {
    let sys = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    for (root, votes) in [(&sys, 100), (&home, 120)] {
        let dir = root.path().join("turnout");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("w.csv"),
            format!(
                "date,election,ward,registered,ballots,place\n\
                 2025-05-20,primary,1,1000,{votes},philadelphia\n"
            ),
        )
        .unwrap();
    }
    let text = stdout(
        turnout()
            .env("XDG_DATA_DIRS", sys.path())
            .env("XDG_DATA_HOME", home.path())
            .arg("check"),
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "search path (lowest precedence first; later places win):"
    );
    assert!(
        lines[1].contains("embedded") && lines[1].contains("8 files"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("  $XDG_DATA_DIRS") && lines[2].ends_with("1 file"),
        "{text}"
    );
    assert!(
        lines[3].starts_with("  $XDG_DATA_HOME") && lines[3].ends_with("1 file"),
        "{text}"
    );
    // The user's file overrides the system's, and check says so.
    assert!(text.contains("override: 1 figure of"), "{text}");
    let summary = stdout(
        turnout()
            .env("XDG_DATA_DIRS", sys.path())
            .env("XDG_DATA_HOME", home.path())
            .args(["summary", "--year", "2025", "--format", "csv"]),
    );
    assert!(summary.contains(",01,all,1000,120,"), "{summary}");
}

#[test]
fn escape_sequences_in_a_file_reach_stdout_inert() {
    let dir = tempfile::tempdir().unwrap();
    let evil = dir.path().join("evil.csv");
    std::fs::write(
        &evil,
        "date,office,party,ward,candidate,votes\n\
         2023-05-16,Council \u{1b}]0;pwned\u{7},DEM,1,Evil\u{1b}[2J\u{1b}]52;c;eA==\u{7}Name,5\n\
         2023-05-16,Council \u{1b}]0;pwned\u{7},DEM,1,\u{202e}Reversed,3\n",
    )
    .unwrap();
    for args in [
        vec!["results", "--year", "2023", "--office", "council"],
        vec![
            "results", "--year", "2023", "--office", "council", "--format", "json",
        ],
        vec!["check"],
    ] {
        let out = turnout()
            .args(["--place", "Philadelphia", "--data"])
            .arg(&evil)
            .args(&args)
            .assert()
            .success();
        let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(!text.contains('\u{1b}'), "{args:?}: {text}");
        assert!(
            !text.contains('\u{7}') && !text.contains('\u{202e}'),
            "{args:?}"
        );
        assert!(
            text.contains("Evil\u{fffd}[2J\u{fffd}]52;c;eA==\u{fffd}Name") || args[0] == "check",
            "{args:?}: {text}"
        );
    }
}

/// `(registered, ballots)` of the given wards in a `summary --format csv` output.
fn csv_counts(text: &str, wards: &[&str]) -> Vec<(f64, f64)> {
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    wards
        .iter()
        .map(|w| {
            let r = rows.iter().find(|r| &r[2] == *w).expect("ward row");
            (r[4].parse().unwrap(), r[5].parse().unwrap())
        })
        .collect()
}

#[test]
fn partial_coverage_is_labelled_and_the_change_is_like_for_like() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("three_wards_2025.csv");
    std::fs::write(
        &file,
        "date,election,ward,registered,ballots\n\
         2025-05-20,primary,1,13000,3000\n\
         2025-05-20,primary,2,20000,5000\n\
         2025-05-20,primary,3,13100,2600\n",
    )
    .unwrap();
    let args = |format: &str| {
        let mut cmd = turnout();
        cmd.args(["--place", "phil", "--data"])
            .arg(&file)
            .args(["summary", "--year", "2025", "--format", format]);
        cmd
    };
    let table = stdout(&mut args("table"));
    let title = table.lines().next().unwrap();
    assert!(title.contains("covers 3 of 66 wards"), "{title}");
    assert!(
        title.contains("change vs 2021 primary, over the 3 wards both cover"),
        "{title}"
    );
    let csv_text = stdout(&mut args("csv"));
    let last = csv_text.lines().last().unwrap();
    assert!(last.contains(",loaded_wards,"), "{last}");
    // The change is computed over the same three wards of 2021, from the shipped file.
    let before_text = stdout(turnout().args(["summary", "--year", "2021", "--format", "csv"]));
    let before = csv_counts(&before_text, &["01", "02", "03"]);
    let (reg0, bal0) = before
        .iter()
        .fold((0.0, 0.0), |a, (r, b)| (a.0 + r, a.1 + b));
    let expected = (10600.0 / 46100.0 - bal0 / reg0) * 100.0;
    let change: f64 = last.split(',').nth(7).unwrap().parse().unwrap();
    assert!((change - expected).abs() < 0.006, "{change} vs {expected}");
}

#[test]
fn results_party_filter_says_it_removed_the_races() {
    let out = turnout()
        .args([
            "results", "--year", "2017", "--office", "DA", "--party", "rep",
        ])
        .assert()
        .code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("--party Republican leaves out every race found")
            && err.contains("District Attorney (Democratic)"),
        "{err}"
    );
}

#[test]
fn check_json_says_what_the_text_says() {
    let text = stdout(turnout().args(["check", "tests/fixtures/formats"]));
    let json_text = stdout(turnout().args(["check", "tests/fixtures/formats", "--format", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&json_text).unwrap();
    let last = text.lines().last().unwrap();
    let rows = doc["totals"]["rows_read"].as_u64().unwrap();
    assert!(last.contains(&format!("{rows} rows read")), "{last}");
    assert_eq!(
        doc["files"].as_array().unwrap().len(),
        text.lines().filter(|l| l.contains("  (argument)")).count()
    );
    assert_eq!(doc["exit_status"], 0);
    // A file whose header fits no format: exit 1, the same problem in both.
    let bad = ["check", "tests/fixtures/malformed/unknown_header.csv"];
    turnout().args(bad).assert().code(1);
    let out = turnout()
        .args(bad)
        .args(["--format", "json"])
        .assert()
        .code(1);
    let doc: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let msg = doc["problems"][0]["message"].as_str().unwrap();
    assert!(msg.starts_with("unknown header: [a, b, c, d]"), "{msg}");
}

/// A summary CSV's rows by ward label: (registered, ballots).
fn summary_rows(year: &str) -> std::collections::HashMap<String, (f64, f64)> {
    let text = stdout(turnout().args(["summary", "--year", year, "--format", "csv"]));
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    rdr.records()
        .map(Result::unwrap)
        .map(|r| {
            (
                r[2].to_string(),
                (r[4].parse().unwrap(), r[5].parse().unwrap()),
            )
        })
        .collect()
}

#[test]
fn compare_figures_follow_from_the_two_summaries() {
    let (a, b) = (summary_rows("2019"), summary_rows("2023"));
    let text = stdout(turnout().args(["compare", "--year", "2023", "--format", "csv"]));
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header = rdr.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 67, "66 wards and the city");
    let num = |r: &csv::StringRecord, c: &str| r[col(c)].parse::<f64>().unwrap();
    for r in &rows[..66] {
        let w = &r[0];
        let ((ra, ba), (rb, bb)) = (a[w], b[w]);
        assert_eq!(num(r, "year_a"), 2019.0);
        assert!(
            (num(r, "turnout_pct_a") - ba / ra * 100.0).abs() < 0.006,
            "{w}"
        );
        assert!(
            (num(r, "turnout_pct_b") - bb / rb * 100.0).abs() < 0.006,
            "{w}"
        );
        let change = (bb / rb - ba / ra) * 100.0;
        assert!((num(r, "change_pp") - change).abs() < 0.006, "{w}");
        assert!((num(r, "count_delta") - (bb - ba)).abs() < 0.006, "{w}");
        // Representation: the ward's share of ballots over its share of registered voters.
        let (cr, cb) = b["city"];
        let rep = (bb / cb) / (rb / cr);
        assert!(
            (num(r, "rep_b") - rep).abs() < 0.006,
            "{w}: {} vs {rep}",
            num(r, "rep_b")
        );
    }
    let city = &rows[66];
    assert_eq!(&city[0], "city");
    assert!((num(city, "rep_b") - 1.0).abs() < 1e-9);
    let table = stdout(turnout().args(["compare", "--year", "2023"]));
    assert!(
        table.starts_with("2023 vs 2019 primary (Mayor); all parties"),
        "{table}"
    );
}

#[test]
fn check_matches_the_wards_to_the_map() {
    let text = stdout(turnout().arg("check"));
    assert!(
        text.contains(
            "map: 66 ward polygons (current lines, shipped); wards with data but no polygon: none; \
             polygons without data: none"
        ),
        "{text}"
    );
    // A ward the map lacks is named.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w70.csv");
    std::fs::write(
        &file,
        "date,election,ward,registered,ballots,place\n2025-05-20,primary,70,1000,150,Philadelphia\n",
    )
    .unwrap();
    let text = stdout(turnout().arg("--data").arg(&file).arg("check"));
    assert!(
        text.contains("wards with data but no polygon: 70"),
        "{text}"
    );
}

/// The canonical rows of Springfield (wards 01, 02, 04) and its three ward polygons (01-03,
/// ward numbers in `WARD_NO`).
const SPRINGFIELD_CSV: &str = "tests/fixtures/geo/springfield.csv";
const SPRINGFIELD_GEO: &str = "tests/fixtures/geo/springfield_wards.geojson";

#[test]
fn check_geo_gives_another_place_its_ward_boundaries() {
    let text = stdout(turnout().args([
        "--no-embedded",
        "--data",
        SPRINGFIELD_CSV,
        "--geo-ward",
        "WARD_NO",
        "--geo",
        SPRINGFIELD_GEO,
        "check",
    ]));
    assert!(
        text.contains(
            "map: 3 ward polygons (tests/fixtures/geo/springfield_wards.geojson); wards with data \
             but no polygon: 04; polygons without data: 03"
        ),
        "{text}"
    );
    // The same as paths of `check`, with the property given after the --geo; in JSON too.
    let json = stdout(turnout().args([
        "check",
        SPRINGFIELD_CSV,
        "--geo",
        SPRINGFIELD_GEO,
        "--geo-ward",
        "ward_no",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let map = &v["places"][0]["map"];
    assert_eq!(map["polygons"], 3, "{json}");
    assert_eq!(map["wards_without_polygon"], serde_json::json!(["04"]));
    assert_eq!(map["polygons_without_data"], serde_json::json!(["03"]));
    assert_eq!(v["exit_status"], 0);
}

#[test]
fn check_geo_with_no_ward_property_names_the_file_and_its_properties() {
    let out = turnout()
        .args([
            "check",
            SPRINGFIELD_CSV,
            "--geo-ward",
            "WARDNUM",
            "--geo",
            SPRINGFIELD_GEO,
        ])
        .assert()
        .code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains(
            "map: the ward boundaries of Springfield cannot be used: \
             tests/fixtures/geo/springfield_wards.geojson: no feature has the ward property \
             \"WARDNUM\"; the features have \"NAME\", \"WARD_NO\""
        ),
        "{text}"
    );
    // Not guessed either: the properties tried are named, and how to name one.
    let out = turnout()
        .args(["check", SPRINGFIELD_CSV, "--geo", SPRINGFIELD_GEO])
        .assert()
        .code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains(
            "no feature has a ward property (ward_num, ward_number, ward, in any case; \
                       name one with --geo-ward); the features have \"NAME\", \"WARD_NO\""
        ),
        "{text}"
    );
    // A file that is not there: exit 2, named.
    turnout()
        .args([
            "check",
            SPRINGFIELD_CSV,
            "--geo",
            "tests/fixtures/geo/nope.geojson",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "map: the ward boundaries of Springfield cannot be used: \
             tests/fixtures/geo/nope.geojson: cannot be read:",
        ));
    // Not GeoJSON at all.
    turnout()
        .args(["check", SPRINGFIELD_CSV, "--geo", SPRINGFIELD_CSV])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "tests/fixtures/geo/springfield.csv: not GeoJSON",
        ));
    // A --geo-ward with no --geo is refused by the command line.
    turnout()
        .args(["check", "--geo-ward", "WARD_NO"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("applies to no --geo FILE"));
}

#[test]
fn check_finds_a_geojson_beside_the_csvs_of_a_directory() {
    let text = stdout(turnout().args(["check", "tests/fixtures/geo/springfield"]));
    assert!(
        text.contains(
            "map: 3 ward polygons (tests/fixtures/geo/springfield/wards.geojson); wards with data \
             but no polygon: 04; polygons without data: 03"
        ),
        "{text}"
    );
    // A --geo for the same place wins, and check says which file it replaced.
    let text = stdout(turnout().args([
        "--no-embedded",
        "--data",
        "tests/fixtures/geo/springfield",
        "--place",
        "spring",
        "--geo-ward",
        "WARD_NO",
        "--geo",
        SPRINGFIELD_GEO,
        "check",
    ]));
    assert!(
        text.contains("map: 3 ward polygons (tests/fixtures/geo/springfield_wards.geojson)"),
        "{text}"
    );
    assert!(
        text.contains(
            "map: tests/fixtures/geo/springfield_wards.geojson replaces \
             tests/fixtures/geo/springfield/wards.geojson as the ward boundaries of Springfield"
        ),
        "{text}"
    );
    // A GeoJSON given as --data is boundaries, not rows.
    let text = stdout(turnout().args([
        "--no-embedded",
        "--data",
        SPRINGFIELD_CSV,
        "--data",
        "tests/fixtures/geo/springfield/wards.geojson",
        "check",
    ]));
    assert!(
        text.contains("map: 3 ward polygons (tests/fixtures/geo/springfield/wards.geojson)"),
        "{text}"
    );
    assert!(text.contains("1 file, 3 rows read"), "{text}");
}

#[test]
fn check_geo_replaces_philadelphias_shipped_lines_with_the_2015_ones() {
    let text = stdout(turnout().args([
        "check",
        "--geo",
        "tests/fixtures/geo/phila_wards_2015.geojson",
    ]));
    assert!(
        text.contains(
            "map: 66 ward polygons (tests/fixtures/geo/phila_wards_2015.geojson); wards with data \
             but no polygon: none; polygons without data: none"
        ),
        "{text}"
    );
    // Without it, the shipped current lines; a place without lines says so.
    let text = stdout(turnout().args(["--data", SPRINGFIELD_CSV, "check"]));
    assert!(
        text.contains("map: 66 ward polygons (current lines, shipped)"),
        "{text}"
    );
    assert!(
        text.contains("map: no ward boundaries are loaded for Springfield"),
        "{text}"
    );
}

/// Rows of a CSV printed by turnout, as header-keyed maps.
fn csv_rows(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn results_by_division_add_up_to_the_wards_row() {
    let by_division = stdout(turnout().args([
        "results",
        "--year",
        "2023",
        "--ward",
        "08",
        "--divisions",
        "--party",
        "dem",
        "--format",
        "csv",
    ]));
    let by_ward = stdout(turnout().args([
        "results", "--year", "2023", "--ward", "08", "--party", "dem", "--format", "csv",
    ]));
    let divisions = csv_rows(&by_division);
    let ward = csv_rows(&by_ward);
    let parker_in = |rows: &[std::collections::HashMap<String, String>], place: &str| -> Vec<u64> {
        rows.iter()
            .filter(|r| r["candidate"] == "Cherelle Parker")
            .filter(|r| place.is_empty() || r.values().any(|v| v == place))
            .map(|r| r["votes"].parse().unwrap())
            .collect()
    };
    let per_division: Vec<u64> = divisions
        .iter()
        .filter(|r| r["candidate"] == "Cherelle Parker" && r["division"].starts_with("08-"))
        .map(|r| r["votes"].parse().unwrap())
        .collect();
    assert!(per_division.len() >= 30, "{by_division}");
    let ward_votes = parker_in(&ward, "08");
    assert_eq!(ward_votes.len(), 1, "{by_ward}");
    assert_eq!(per_division.iter().sum::<u64>(), ward_votes[0]);
    // The division table's total row is the ward, with the same votes.
    assert_eq!(parker_in(&divisions, "ward 08"), ward_votes);
}

#[test]
fn summary_by_division_counts_the_top_race_from_the_results() {
    let summary = stdout(turnout().args([
        "summary",
        "--year",
        "2023",
        "--ward",
        "08",
        "--divisions",
        "--format",
        "csv",
    ]));
    let results = stdout(turnout().args([
        "results",
        "--year",
        "2023",
        "--ward",
        "08",
        "--divisions",
        "--format",
        "csv",
    ]));
    let rows = csv_rows(&summary);
    assert!(rows.len() > 30);
    // Top-race votes of division 08-01: every vote of both parties' mayoral races there.
    let in_0801: u64 = csv_rows(&results)
        .iter()
        .filter(|r| r["division"] == "08-01")
        .map(|r| r["votes"].parse::<u64>().unwrap())
        .sum();
    let row = rows.iter().find(|r| r["division"] == "08-01").unwrap();
    assert_eq!(
        row["top_race_votes"].parse::<f64>().unwrap(),
        in_0801 as f64
    );
    let text = stdout(turnout().args(["summary", "--year", "2023", "--ward", "08", "--divisions"]));
    assert!(
        text.lines().nth(1).unwrap().starts_with("division"),
        "{text}"
    );
    assert!(
        text.lines().last().unwrap().starts_with("ward 08"),
        "{text}"
    );
}

#[test]
fn divisions_need_one_ward_with_division_figures() {
    turnout()
        .args(["summary", "--year", "2023", "--ward", "1-3", "--divisions"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--divisions needs one ward"));
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("w.csv");
    std::fs::write(&f, "year,election,ward,ballots\n2023,primary,1,10\n").unwrap();
    turnout()
        .args(["--no-embedded", "--data"])
        .arg(&f)
        .args(["summary", "--year", "2023", "--ward", "1", "--divisions"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no loaded file gives figures by division",
        ));
}

#[test]
fn a_reader_that_stops_early_ends_turnout_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    // More than a pipe's buffer, so that writing meets the closed pipe (`| head -1`).
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_turnout"))
        .args(["results", "--year", "2023", "--format", "csv"])
        .env_remove("TURNOUT_DATA")
        .env("XDG_DATA_DIRS", "/nonexistent/turnout-tests")
        .env("XDG_DATA_HOME", "/nonexistent/turnout-tests-home")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("election_date,"), "{first}");
    // The reader is gone (dropped above); turnout meets the closed pipe.
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out.status);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn completions_and_the_manual_page_come_from_the_flags() {
    for shell in ["bash", "zsh", "fish"] {
        let text = stdout(turnout().args(["completions", shell]));
        assert!(text.contains("divisions"), "{shell}: {text}");
        assert!(text.contains("geo-ward"), "{shell}");
    }
    let man = stdout(turnout().arg("manpage"));
    assert!(man.contains(".TH turnout 1"), "{man}");
    assert!(
        man.contains("summary") && man.contains("completions"),
        "{man}"
    );
    turnout()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'tcsh'"));
}

#[test]
fn the_explorers_year_and_ward_choose_the_table_printed_to_a_pipe() {
    let text = stdout(turnout().args(["--year", "2021", "--ward", "8"]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("2021 primary"), "{text}");
    assert!(lines[2].starts_with("08 "), "{text}");
    assert!(lines[3].starts_with("city "), "{text}");
    assert_eq!(lines.len(), 4, "{text}");
}

#[test]
fn each_command_helps_with_its_own_options_and_the_top_lists_them_with_examples() {
    let help = |args: &[&str]| {
        let out = Command::cargo_bin("turnout")
            .unwrap()
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let top = help(&["--help"]);
    assert!(
        top.contains("Examples:") && top.contains("turnout summary --year 2023"),
        "{top}"
    );
    for line in top.lines().skip_while(|l| *l != "Commands:").skip(1) {
        if line.is_empty() {
            break;
        }
        assert!(line.len() < 100, "one line each: {line}");
    }
    // The explorer's options are the explorer's.
    assert!(top.contains("--mouse") && top.contains("--color"));
    for cmd in ["summary", "results", "check", "compare"] {
        let h = help(&[cmd, "--help"]);
        for explorer_only in ["--color", "--ascii", "--mouse"] {
            assert!(
                !h.contains(explorer_only),
                "{cmd} --help shows {explorer_only}"
            );
        }
        assert!(h.contains("--data"), "{cmd} loads data");
    }
}

#[test]
fn a_fifo_in_a_data_directory_is_skipped_with_a_warning_and_never_read() {
    let dir = tempfile::tempdir().unwrap();
    nix::unistd::mkfifo(&dir.path().join("x.csv"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    std::fs::write(
        dir.path().join("w.csv"),
        "year,election,ward,ballots,registered\n2023,primary,1,10,100\n",
    )
    .unwrap();
    // Nobody writes to the FIFO: reading it would block for ever; a timeout proves it is not.
    let out = turnout()
        .env("TURNOUT_DATA", dir.path())
        .args(["check", "--format", "text"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("x.csv: warning: not a regular file (a FIFO): skipped"),
        "{text}"
    );
    assert!(text.contains("w.csv"), "the good file still loads: {text}");
    // Named with --data, a FIFO is read like any stream (process substitution).
    let fifo = dir.path().join("x.csv");
    let writer = std::thread::spawn(move || {
        std::fs::write(
            &fifo,
            "year,election,ward,ballots,registered\n2021,primary,2,5,50\n",
        )
    });
    let out = turnout()
        .args(["check", "--no-embedded", "--data"])
        .arg(dir.path().join("x.csv"))
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 row read"));
}
