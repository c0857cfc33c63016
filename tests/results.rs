//! Candidate results: the shipped races reproduce the certified counts, results files are
//! validated like turnout files, and duplicates, overrides, levels and gaps are settled.

use turnout::data::results::Race;
use turnout::data::{self, Dataset, Kind, ProblemKind, Severity, WardId};

mod common;

fn fixture(rel: &str) -> std::path::PathBuf {
    common::fixture(&format!("results/{rel}"))
}

fn load_fixtures(rels: &[&str]) -> Dataset {
    let rels: Vec<String> = rels.iter().map(|r| format!("results/{r}")).collect();
    let rels: Vec<&str> = rels.iter().map(String::as_str).collect();
    common::load_paths(&rels)
}

fn race<'d>(ds: &'d Dataset, year: i32, office: &str, party: &str) -> &'d Race {
    ds.races
        .iter()
        .find(|r| {
            let e = &ds.elections()[r.election];
            e.year() == year && e.kind == Kind::Primary && r.office == office && r.party == party
        })
        .unwrap_or_else(|| panic!("no {year} {office} ({party}) race"))
}

fn candidate(r: &Race, name: &str) -> usize {
    r.candidates
        .iter()
        .position(|c| c.name == name)
        .unwrap_or_else(|| panic!("no candidate {name}"))
}

fn ward(ds: &Dataset, n: u16) -> usize {
    ds.ward_index(WardId(n)).unwrap()
}

#[test]
fn shipped_results_load_clean_and_reproduce_the_certified_totals() {
    let ds = data::load_embedded();
    assert!(ds.report.problems.is_empty(), "{:?}", ds.report.problems);

    // 2017 Democratic DA primary: certified Krasner 59,368 of 155,246 (38.2%).
    let da = race(&ds, 2017, "District Attorney", "Democratic");
    let krasner = candidate(da, "Larry Krasner");
    assert_eq!(krasner, 0, "the winner comes first");
    assert_eq!(da.city_votes(krasner), 59_368);
    assert_eq!(da.city().total, 155_246);
    assert_eq!(
        format!("{:.1}", da.city_share(krasner).unwrap() * 100.0),
        "38.2"
    );
    assert!(da.city().complete);
    assert_eq!(da.city().outcome.unwrap().leader, krasner);
    let w1 = ward(&ds, 1);
    assert_eq!(da.votes(w1, krasner), Some(1_576));
    assert_eq!(da.tally(w1).total, 2_954);
    assert_eq!(da.reported_wards().count(), 66);
    assert!(da.candidates.iter().all(|c| c.in_race_list() || c.write_in));

    // 2023 Democratic mayoral primary: certified Parker 81,080 of 248,338.
    let mayor = race(&ds, 2023, "Mayor", "Democratic");
    let parker = candidate(mayor, "Cherelle Parker");
    assert_eq!(mayor.city_votes(parker), 81_080);
    assert_eq!(mayor.city().total, 248_338);
    let votes = |name: &str| mayor.votes(w1, candidate(mayor, name));
    assert_eq!(votes("Cherelle Parker"), Some(386));
    assert_eq!(votes("Rebecca Rhynhart"), Some(1_547));
    assert_eq!(votes("Helen Gym"), Some(2_114));
    let outcome = mayor.tally(w1).outcome.unwrap();
    assert_eq!(mayor.candidates[outcome.leader].name, "Helen Gym");
    assert_eq!(outcome.margin_votes, 2_114 - 1_547);

    // The city's spellings join the race list: a doubled space and middle initials.
    let amen = &mayor.candidates[candidate(mayor, "Amen Brown")];
    assert_eq!(amen.name_in_results, "AMEN BROWN");
    assert!(amen.in_race_list());
    let p = &mayor.candidates[parker];
    assert_eq!(p.name_in_results, "CHERELLE L PARKER");
    assert!(
        mayor
            .candidates
            .iter()
            .all(|c| c.in_race_list() || c.write_in)
    );
    assert_eq!(mayor.candidates.last().map(|c| c.write_in), Some(true));

    // The Republican primary is its own race.
    let rep = race(&ds, 2023, "Mayor", "Republican");
    assert_eq!(rep.city_votes(candidate(rep, "David Oh")), 15_355);
}

#[test]
fn malformed_results_rows_are_rejected_with_line_and_column() {
    let ds = load_fixtures(&["malformed.csv"]);
    let f = &ds.report.files[0];
    assert_eq!(
        (f.rows_read, f.rows_rejected),
        (13, 7),
        "{:?}",
        ds.report.problems
    );
    let errors: Vec<String> = ds
        .report
        .problems
        .iter()
        .filter(|p| p.severity() == Severity::Error)
        .map(|p| p.to_string())
        .collect();
    let path = fixture("malformed.csv").display().to_string();
    let expect = [
        (3, Some((8, "votes")), "negative count"),
        (5, Some((8, "votes")), "not a number"),
        (8, Some((5, "ward")), "not a ward"),
        (9, Some((7, "candidate")), "empty value"),
        (10, None, "duplicate key"),
        (11, Some((1, "date")), "unparseable date"),
        (12, Some((8, "votes")), "not a whole number"),
    ];
    assert_eq!(errors.len(), expect.len(), "{errors:#?}");
    for (line, col, what) in expect {
        let p = ds
            .report
            .problems
            .iter()
            .find(|p| p.at.line == Some(line))
            .unwrap_or_else(|| panic!("no problem on line {line}: {errors:#?}"));
        assert_eq!(p.at.column.as_ref().map(|(i, n)| (*i, n.as_str())), col);
        let shown = p.to_string();
        let at = match col {
            Some((c, _)) => format!("{path}:{line}:{c}: error: "),
            None => format!("{path}:{line}: error: "),
        };
        assert!(shown.starts_with(&at), "{shown}");
        assert!(shown.contains(what), "{shown}");
    }
    // The duplicate names the line that stands.
    let dup = ds
        .report
        .problems
        .iter()
        .find(|p| p.at.line == Some(10))
        .unwrap();
    assert!(
        matches!(&dup.kind, ProblemKind::DuplicateKey { first_line: 2, key } if key.contains("ward 01 Larry Krasner")),
        "{dup}"
    );

    // The good rows load: the first Krasner row stands, and JOE  KHAN is Joe Khan.
    let r = race(&ds, 2017, "District Attorney", "Democratic");
    let (k, j) = (candidate(r, "Larry Krasner"), candidate(r, "Joe Khan"));
    let (w1, w2, w3) = (ward(&ds, 1), ward(&ds, 2), ward(&ds, 3));
    assert_eq!((r.votes(w1, k), r.votes(w1, j)), (Some(100), Some(50)));
    assert_eq!((r.votes(w2, k), r.votes(w2, j)), (Some(80), Some(70)));
    assert_eq!(r.share(w1, k), Some(100.0 / 150.0));
    assert_eq!(r.city_votes(k), 185);

    // Ward 03 has Krasner's votes only: shown, but no share or winner, and a warning.
    assert_eq!(r.votes(w3, k), Some(5));
    assert!(r.tally(w3).reported && !r.tally(w3).complete);
    assert_eq!(r.share(w3, k), None);
    assert_eq!(r.tally(w3).outcome, None);
    assert!(!r.city().complete);
    // A candidate the race list does not know is still shown, marked.
    let other = race(&ds, 2017, "City Commissioner", "Democratic");
    assert!(!other.candidates[0].in_race_list());
    assert_eq!(other.votes(w3, 0), Some(9));
    let warning = ds
        .report
        .problems
        .iter()
        .find(|p| matches!(p.kind, ProblemKind::IncompleteWard { .. }))
        .expect("an incomplete-ward warning");
    assert_eq!(warning.severity(), Severity::Warning);
    assert!(
        warning
            .to_string()
            .contains("ward 03 lacks votes for Joe Khan"),
        "{warning}"
    );
}

#[test]
fn later_sources_override_and_levels_follow_the_later_file() {
    let ds = load_fixtures(&["divisions.csv", "later.csv", "override.csv"]);
    assert_eq!(ds.report.errors().count(), 0, "{:?}", ds.report.problems);
    let r = race(&ds, 2017, "District Attorney", "Democratic");
    let (k, j) = (candidate(r, "Larry Krasner"), candidate(r, "Joe Khan"));
    // A nickname is no spelling rule, but the race list's ballot_name gives the city's
    // spelling: "LAWRENCE S KRASNER" (divisions.csv) and "Lawrence S. Krasner" (later.csv)
    // join "Larry Krasner".
    assert_eq!(r.candidates[k].name_in_results, "LAWRENCE S KRASNER");
    assert!(r.candidates[k].in_race_list());
    assert!(r.candidates[j].in_race_list());
    let (w4, w5, w6) = (ward(&ds, 4), ward(&ds, 5), ward(&ds, 6));
    // Ward 04: the later file's ward-level rows win over the earlier divisions.
    assert_eq!((r.votes(w4, k), r.votes(w4, j)), (Some(31), Some(11)));
    assert!(r.tally(w4).complete);
    // Ward 05: Krasner has two divisions, Khan one: votes shown, no shares, a warning.
    assert_eq!((r.votes(w5, k), r.votes(w5, j)), (Some(7), Some(6)));
    assert!(!r.tally(w5).complete);
    assert_eq!(r.share(w5, k), None);
    assert!(ds.report.problems.iter().any(|p| {
        p.to_string()
            .contains("ward 05 lacks votes for some divisions")
    }));
    // Ward 06: the last file gives Khan's division 01 again; divisions now outrank the
    // ward-level row of the file between.
    assert_eq!((r.votes(w6, k), r.votes(w6, j)), (Some(1), Some(9)));
    let o = r.tally(w6).outcome.unwrap();
    assert_eq!((o.leader, o.margin_votes), (j, 8));
    assert_eq!(ds.report.overrides.len(), 1, "{:?}", ds.report.overrides);
    let ov = &ds.report.overrides[0];
    assert!(ov.earlier.ends_with("divisions.csv") && ov.later.ends_with("override.csv"));
    assert_eq!(ov.count, 1);
    // Named as the files spell it.
    assert_eq!(
        ov.examples,
        ["2017 primary district attorney (Democratic) ward 06 division 01 JOE KHAN votes"]
    );
}

#[test]
fn results_headers_and_days_are_checked() {
    // A year cannot name an election without an election column.
    let ds = data::load_str(
        "y.csv",
        "year,office,party,ward,candidate,votes\n2017,DA,D,1,X,1\n",
    );
    assert!(matches!(
        ds.report.problems[0].kind,
        ProblemKind::UnknownHeader(ref s) if s.contains("need an election column")
    ));
    // A date that is no election day needs the election named.
    let csv = "date,office,party,ward,candidate,votes\n2017-05-17,DA,D,1,X,1\n";
    let ds = data::load_str("d.csv", csv);
    assert!(
        ds.report.problems[0].to_string().starts_with(
            "d.csv:2:1: error: column \"date\": no primary or general is known on 2017-05-17"
        ),
        "{}",
        ds.report.problems[0]
    );
    // With the election named, a special election loads; a general's race has no party.
    let csv = "date,election,office,party,ward,candidate,votes\n\
               2017-05-17,special,State House 197,D,1,A,3\n\
               2017-11-07,general,District Attorney,DEM,1,Larry Krasner,30\n\
               2017-11-07,general,District Attorney,REP,1,Beth Grossman,10\n";
    let ds = data::load_str("s.csv", csv);
    assert!(ds.report.problems.is_empty(), "{:?}", ds.report.problems);
    assert_eq!(ds.races.len(), 2);
    let general = ds
        .races
        .iter()
        .find(|r| ds.elections()[r.election].kind == Kind::General)
        .unwrap();
    assert_eq!(general.party, "");
    assert_eq!(general.candidates.len(), 2);
    assert!(general.candidates.iter().all(|c| c.in_race_list()));
    assert_eq!(general.candidates[1].party, "Republican");
}
