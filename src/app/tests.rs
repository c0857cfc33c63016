//! `App::update` on the shipped data: every action, and the rule that the selected ward
//! survives changes of year, sort and filter.

use super::*;
use crate::action::Action;
use crate::data;
use crate::data::aggregate;
use std::sync::OnceLock;
use tui_input::InputRequest;

fn shipped() -> Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(data::load_embedded).clone()
}

fn app() -> App {
    App::of_dataset(shipped())
}

fn typed(app: &mut App, text: &str) {
    app.update(Action::OpenFilter);
    app.update(Action::EditPrompt(InputRequest::DeleteLine));
    for c in text.chars() {
        app.update(Action::EditPrompt(InputRequest::InsertChar(c)));
    }
}

fn year(app: &App) -> i32 {
    app.tab().unwrap().year
}

fn ward(n: u16) -> Option<WardId> {
    Some(WardId(n))
}

#[test]
fn starts_on_the_latest_off_year_primary_with_figures() {
    let app = app();
    assert_eq!(app.browse(), Browse::OffYearPrimaries);
    assert_eq!(year(&app), 2023);
    let years: Vec<i32> = app.tabs().iter().map(|t| t.year).collect();
    assert_eq!(years, (2003..=2025).step_by(2).collect::<Vec<_>>());
    // 2025 has races in the seeds but no turnout file.
    assert_eq!(app.tabs().last().unwrap().election, None);
    assert_eq!(app.ward(), ward(1));
    assert_eq!(app.view().rows.len(), 66);
    assert_eq!(app.view().selected, Some(0));
    assert_eq!(app.view().measure, Some(Measure::Ballots));
}

#[test]
fn years_move_and_stop_at_the_ends_and_the_ward_stays() {
    let mut app = app();
    for _ in 0..7 {
        app.update(Action::Down);
    }
    assert_eq!(app.ward(), ward(8));
    app.update(Action::NextYear);
    assert_eq!(year(&app), 2025);
    assert!(app.view().table.is_none(), "2025 has no turnout file");
    assert_eq!(app.ward(), ward(8));
    app.update(Action::NextYear);
    assert_eq!(year(&app), 2025);
    app.update(Action::PrevYear);
    app.update(Action::PrevYear);
    assert_eq!(year(&app), 2021);
    assert_eq!(app.ward(), ward(8));
    assert_eq!(app.view().rows[app.view().selected.unwrap()], 7);
    // Before 2015 only votes in the top race exist: the measure follows.
    for _ in 0..20 {
        app.update(Action::PrevYear);
    }
    assert_eq!(year(&app), 2003);
    assert_eq!(app.view().measure, Some(Measure::TopRaceVotes));
    assert_eq!(app.ward(), ward(8));
}

#[test]
fn ward_moves_page_and_jump_and_clamp() {
    let mut app = app();
    app.set_page(10);
    app.update(Action::Up);
    assert_eq!(app.ward(), ward(1));
    app.update(Action::PageDown);
    assert_eq!(app.ward(), ward(11));
    assert_eq!(
        app.offset(),
        6,
        "scrolls by half a window once the selection leaves it"
    );
    app.update(Action::Up);
    assert_eq!(
        app.offset(),
        6,
        "and not back while the selection is in view"
    );
    app.update(Action::Down);
    app.update(Action::Bottom);
    assert_eq!(app.ward(), ward(66));
    assert_eq!(app.offset(), 56);
    app.update(Action::Down);
    assert_eq!(app.ward(), ward(66));
    app.update(Action::PageUp);
    assert_eq!(app.ward(), ward(56));
    assert_eq!(app.offset(), 55 - 5, "half a window above the selection");
    app.update(Action::Top);
    assert_eq!((app.ward(), app.offset()), (ward(1), 0));
}

#[test]
fn sorting_cycles_reverses_and_keeps_the_ward() {
    let mut app = app();
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(app.ward(), ward(3));
    app.update(Action::CycleSort);
    assert_eq!(app.sort(), (SortColumn::Registered, true));
    assert_eq!(app.ward(), ward(3), "the same ward stays selected");
    let t = app.view().table.clone().unwrap();
    let regs: Vec<u64> = app
        .view()
        .rows
        .iter()
        .map(|&w| t.rows[w].figures.registered.unwrap())
        .collect();
    assert!(regs.windows(2).all(|p| p[0] >= p[1]));
    app.update(Action::CycleSort);
    app.update(Action::CycleSort);
    assert_eq!(app.sort(), (SortColumn::Turnout, true));
    let first = app.view().rows[0];
    assert_eq!(t.rows[first].rank, Some(1));
    app.update(Action::ReverseSort);
    assert_eq!(app.sort(), (SortColumn::Turnout, false));
    assert_eq!(
        app.view().rows[0],
        6,
        "ward 07 has the lowest turnout in 2023"
    );
    app.update(Action::CycleSort);
    app.update(Action::CycleSort);
    assert_eq!(
        app.sort(),
        (SortColumn::Ward, false),
        "no share column without a candidate"
    );
    assert_eq!(app.ward(), ward(3));
}

#[test]
fn filter_takes_ranges_or_text_and_cancel_keeps_the_last_one() {
    let mut app = app();
    for _ in 0..7 {
        app.update(Action::Down);
    }
    typed(&mut app, "1-10");
    assert_eq!(app.mode(), Mode::Filter);
    assert_eq!(app.view().rows.len(), 66, "nothing changes until Enter");
    app.update(Action::ApplyFilter);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.filter(), "1-10");
    assert_eq!(app.view().rows.len(), 10);
    assert_eq!(
        app.ward(),
        ward(8),
        "ward 08 is in the filter and stays selected"
    );
    typed(&mut app, "20-22");
    app.update(Action::CancelFilter);
    assert_eq!(app.filter(), "1-10");
    assert_eq!(app.view().rows.len(), 10);
    // Text matches any column: here the turnout column.
    typed(&mut app, "51.4%");
    app.update(Action::ApplyFilter);
    assert_eq!(app.view().rows.len(), 1);
    assert_eq!(app.ward(), ward(9), "the only match is selected");
    typed(&mut app, "no such text");
    app.update(Action::ApplyFilter);
    assert!(app.view().rows.is_empty());
    assert_eq!(app.view().selected, None);
    app.update(Action::Down);
    typed(&mut app, "");
    app.update(Action::ApplyFilter);
    assert_eq!(app.view().rows.len(), 66);
    assert_eq!(app.ward(), ward(9));
}

#[test]
fn party_cycles_and_says_where_there_is_no_split() {
    let mut app = app();
    app.update(Action::PrevYear);
    app.update(Action::PrevYear);
    app.update(Action::PrevYear);
    assert_eq!(year(&app), 2017);
    app.update(Action::CycleParty);
    assert_eq!(app.group(), PartyGroup::Democratic);
    let t = app.view().table.as_ref().expect("2017 has a party split");
    assert_eq!(t.group, PartyGroup::Democratic);
    assert!(t.city.figures.ballots.is_some());
    assert_eq!(t.city.turnout, None, "no registration by party: no rate");
    app.update(Action::NextYear);
    app.update(Action::NextYear);
    app.update(Action::NextYear);
    assert_eq!(year(&app), 2023);
    // No turnout file splits 2023 by party, but the Democratic mayoral primary's votes are
    // the Democratic top-race votes.
    let t = app
        .view()
        .table
        .as_ref()
        .expect("top-race votes by party in 2023");
    assert_eq!(t.measure, Measure::TopRaceVotes);
    let dem_mayor = app
        .dataset()
        .races_of(t.election)
        .find(|r| r.party == "Democratic")
        .unwrap()
        .city()
        .total;
    assert_eq!(t.city.count, Some(dem_mayor as f64));
    for _ in 0..3 {
        app.update(Action::CycleParty);
    }
    assert_eq!(app.group(), PartyGroup::All);
    assert!(app.view().table.is_some());
}

#[test]
fn election_kinds_cycle_and_keep_the_year() {
    let mut app = app();
    app.update(Action::CycleElections);
    assert_eq!(app.browse(), Browse::AllPrimaries);
    assert_eq!(year(&app), 2023);
    assert!(app.tabs().iter().any(|t| t.year == 2024));
    app.update(Action::CycleElections);
    assert_eq!(app.browse(), Browse::Generals);
    assert_eq!((year(&app), app.tab().unwrap().kind), (2023, Kind::General));
    app.update(Action::CycleElections);
    assert_eq!(app.browse(), Browse::OffYearPrimaries);
}

#[test]
fn measure_toggles_between_ballots_and_top_race_votes() {
    let mut app = app();
    app.update(Action::PrevYear);
    app.update(Action::PrevYear);
    assert_eq!(year(&app), 2019);
    app.update(Action::CycleMeasure);
    assert_eq!(app.view().measure, Some(Measure::TopRaceVotes));
    assert!(!app.view().series.is_rate);
    app.update(Action::CycleMeasure);
    assert_eq!(app.view().measure, Some(Measure::Ballots));
    assert!(app.view().series.is_rate);
}

#[test]
fn candidate_column_cycles_sorts_and_correlates() {
    let mut app = app();
    app.update(Action::CycleCandidate);
    let (r, c) = app.candidate().expect("a candidate of the 2023 races");
    let race = &app.dataset().races[r];
    assert_eq!(race.candidates[c].name, "Cherelle Parker");
    assert_eq!(app.sort(), (SortColumn::Share, true));
    let shares = app.view().shares.clone().unwrap();
    let top = app.view().rows[0];
    assert!(shares.iter().flatten().all(|&s| s <= shares[top].unwrap()));
    let corr = app.view().correlation.unwrap();
    assert_eq!(corr.n, 66);
    // Every named candidate of both 2023 races, then none.
    let named = app.view().candidates.len();
    assert_eq!(named, 10, "nine Democrats and one Republican");
    for _ in 0..named {
        app.update(Action::CycleCandidate);
    }
    assert_eq!(app.candidate(), None);
    assert_eq!(app.sort().0, SortColumn::Ward);
    // A year without results drops the column.
    app.update(Action::CycleCandidate);
    app.update(Action::PrevYear);
    assert_eq!(app.candidate(), None);
    assert!(app.view().shares.is_none());
}

#[test]
fn focus_help_warnings_and_quit() {
    let mut app = app();
    app.update(Action::CycleFocus);
    assert_eq!(app.focus(), Focus::Trend);
    app.update(Action::CycleFocus);
    assert_eq!(app.focus(), Focus::Candidates);
    // The screen says how many lines the panels have and how many fit.
    let sizes = super::PanelSizes {
        candidates: Some((30, 10)),
        trend: Some((8, 5)),
        trend_selected: Some(7),
        blank: (vec![], vec![1]),
    };
    app.set_panel_sizes(sizes.clone());
    app.update(Action::Down);
    app.set_panel_sizes(sizes.clone());
    // Enter on a blank line says so and opens nothing.
    app.update(Action::Open);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(app.message().unwrap().contains("nothing on this line"));
    app.update(Action::Down);
    app.set_panel_sizes(sizes);
    assert_eq!(app.candidates_cursor().line, 2);
    // Enter on a focused panel opens its line's whole text; Esc closes it.
    app.update(Action::Open);
    assert_eq!(app.mode(), Mode::Detail);
    app.update(Action::Down);
    assert_eq!(
        app.candidates_cursor().line,
        2,
        "the popup scrolls, not the panel"
    );
    app.update(Action::CloseDetail);
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(
        app.ward(),
        ward(1),
        "arrows scroll the focused panel, not the table"
    );
    app.update(Action::CycleFocus);
    assert_eq!(app.focus(), Focus::Wards);
    app.update(Action::ToggleHelp);
    assert_eq!(app.mode(), Mode::Help);
    app.update(Action::ToggleHelp);
    assert_eq!(app.mode(), Mode::Normal);
    app.update(Action::ToggleWarnings);
    assert_eq!(app.mode(), Mode::Warnings);
    app.update(Action::ToggleWarnings);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(!app.should_quit());
    app.update(Action::Quit);
    assert!(app.should_quit());
}

/// The shipped data and a second place: Chicago's two wards, two elections.
fn two_places() -> App {
    let mut problems = Vec::new();
    let seeds = crate::data::seeds::Seeds::embedded(&mut problems);
    let calendar = seeds.calendar();
    let mut loader = crate::data::load::Loader::new(&calendar);
    loader.add_embedded();
    let chicago = "date,election,ward,registered,ballots,place\n\
                   2019-02-26,general,1,20000,6000,Chicago\n\
                   2019-02-26,general,2,21000,7000,Chicago\n\
                   2023-02-28,general,1,20500,6500,Chicago\n\
                   2023-02-28,general,2,21500,7500,Chicago\n";
    loader.add_reader("chicago.csv", "test", chicago.as_bytes(), None);
    let loaded = Dataset::build(loader, seeds, problems);
    App::new(loaded, 0)
}

#[test]
fn places_cycle_and_each_keeps_its_year_and_ward() {
    let mut app = two_places();
    assert_eq!(app.places().0, ["Philadelphia", "Chicago"]);
    assert_eq!(app.jurisdiction(), "Philadelphia");
    app.update(Action::PrevYear);
    app.update(Action::Down);
    let (phl_year, phl_ward) = (year(&app), app.ward());
    assert_eq!((phl_year, phl_ward), (2021, ward(2)));
    app.update(Action::CyclePlace);
    assert_eq!(app.jurisdiction(), "Chicago");
    // Chicago has no primary: its generals are browsed, and none of Philadelphia's figures
    // or races show.
    assert!(app.tabs().iter().all(|t| t.kind == Kind::General));
    assert_eq!(app.dataset().wards(), [WardId(1), WardId(2)]);
    assert!(app.dataset().races.is_empty());
    assert!(app.dataset().seeds.candidates.is_empty());
    app.update(Action::Down);
    assert_eq!(app.ward(), ward(2));
    app.update(Action::CyclePlace);
    assert_eq!(app.jurisdiction(), "Philadelphia");
    assert_eq!((year(&app), app.ward()), (phl_year, phl_ward));
}

#[test]
fn compare_starts_from_the_previous_comparable_election_and_moves_its_base() {
    let mut app = app();
    app.update(Action::ToggleCompare);
    assert!(app.comparing());
    let ds = app.dataset();
    let c = app.view().compare.as_ref().expect("2023 vs its base");
    let year = |e: usize| ds.elections()[e].year();
    assert_eq!((year(c.table.b), year(c.table.a)), (2023, 2019));
    // The city row is like for like and its change is the ward table's.
    let city = &c.table.city;
    let t = app.view().table.as_ref().unwrap();
    assert_eq!(city.change, t.city.change);
    assert!((city.rep_b.unwrap() - 1.0).abs() < 1e-9);
    // Sorting by the representation index, highest first.
    while app.sort().0 != SortColumn::Representation {
        app.update(Action::CycleSort);
    }
    let c = app.view().compare.as_ref().unwrap();
    let reps: Vec<f64> = app
        .view()
        .rows
        .iter()
        .filter_map(|&w| c.table.rows[w].rep_b)
        .collect();
    assert!(reps.windows(2).all(|p| p[0] >= p[1]), "{reps:?}");
    // `[` moves the base to an earlier off-year primary with figures: 2017.
    app.update(Action::BaseEarlier);
    let c = app.view().compare.as_ref().unwrap();
    assert_eq!(app.dataset().elections()[c.table.a].year(), 2017);
    app.update(Action::BaseLater);
    let c = app.view().compare.as_ref().unwrap();
    assert_eq!(app.dataset().elections()[c.table.a].year(), 2019);
    // Off again: the plain table, and no sort by a column that left.
    app.update(Action::ToggleCompare);
    assert!(app.view().compare.is_none());
    assert_ne!(app.sort().0, SortColumn::Representation);
}

#[test]
fn compare_shares_need_the_candidate_in_both_elections() {
    let mut app = app();
    app.update(Action::ToggleCompare);
    app.update(Action::CycleCandidate);
    let c = app.view().compare.as_ref().unwrap();
    assert!(c.shares.is_none());
    assert!(
        c.no_shares
            .as_deref()
            .is_some_and(|w| w.contains("has no results in 2019")),
        "{:?}",
        c.no_shares
    );
}

#[test]
fn numeric_filters_combine_and_a_bad_one_keeps_the_prompt() {
    let mut app = app();
    typed(&mut app, "turnout>40,change>5");
    app.update(Action::ApplyFilter);
    assert_eq!(app.mode(), Mode::Normal);
    let t = app.view().table.clone().unwrap();
    let rows = app.view().rows.clone();
    assert!(!rows.is_empty());
    for &w in &rows {
        let r = &t.rows[w];
        assert!(r.turnout.unwrap() > 0.40, "{:?}", r.ward);
        assert!(matches!(r.change, Some(aggregate::Change::Points(p)) if p > 5.0));
    }
    // The subtotal adds up exactly the shown wards.
    let s = app.view().subtotal.unwrap();
    assert_eq!(s.wards, rows.len());
    let ballots: u64 = rows
        .iter()
        .map(|&w| t.rows[w].figures.ballots.unwrap())
        .sum();
    assert_eq!(s.figures.ballots, Some(ballots));
    let city = t.city.figures.ballots.unwrap() as f64;
    assert!((s.share_of_city.unwrap() - ballots as f64 / city).abs() < 1e-12);
    // A bad comparison: the prompt stays open, says why, and the table keeps its rows.
    typed(&mut app, "tur>abc");
    app.update(Action::ApplyFilter);
    assert_eq!(app.mode(), Mode::Filter);
    assert!(app.prompt_error().unwrap().contains("not a number"));
    assert_eq!(app.view().rows, rows);
    app.update(Action::CancelFilter);
    assert_eq!(app.filter(), "turnout>40,change>5");
    assert_eq!(app.prompt_error(), None);
}

#[test]
fn scatter_plots_the_shown_wards_and_agrees_with_the_correlation() {
    let mut app = app();
    app.update(Action::ToggleScatter);
    assert!(app.scatter());
    let s = app.view().scatter.clone().unwrap();
    assert!(s.points.is_empty());
    assert!(s.empty_because.unwrap().contains("Press c"));
    app.update(Action::CycleCandidate);
    let s = app.view().scatter.clone().unwrap();
    let corr = app.view().correlation.unwrap();
    let r = s.r.unwrap();
    assert!((r.r - corr.r).abs() < 1e-12 && r.n == corr.n);
    assert_eq!(s.points.len(), corr.n);
    assert!(s.weighted_r.is_some_and(|w| (-1.0..=1.0).contains(&w)));
    // The selected ward's point is its turnout and share, in percent.
    let w = app.ward_index().unwrap();
    let t = app.view().table.as_ref().unwrap();
    let share = app.view().shares.as_ref().unwrap()[w].unwrap();
    let (x, y) = s.selected.unwrap();
    assert!((x - t.rows[w].turnout.unwrap() * 100.0).abs() < 1e-9);
    assert!((y - share * 100.0).abs() < 1e-9);
    // A filter narrows the points to the shown wards.
    typed(&mut app, "1-10");
    app.update(Action::ApplyFilter);
    assert_eq!(app.view().scatter.as_ref().unwrap().points.len(), 10);
    // Compare mode plots changes; Parker did not run in 2019, so it says why.
    app.update(Action::ToggleCompare);
    let s = app.view().scatter.clone().unwrap();
    assert!(s.x_label.contains("change"));
    assert!(s.empty_because.unwrap().contains("has no results in 2019"));
}

#[test]
fn the_compare_base_follows_the_compared_year_and_compares_only_what_both_have() {
    let mut app = app();
    app.update(Action::PrevYear); // 2021
    app.update(Action::ToggleCompare);
    let year_of = |app: &App, e: usize| app.dataset().elections()[e].year();
    let a = app.view().compare.as_ref().unwrap().table.a;
    assert_eq!(year_of(&app, a), 2017);
    // Step the base back as far as it goes: never onto a year without ballots figures.
    for _ in 0..20 {
        app.update(Action::BaseEarlier);
    }
    let c = app.view().compare.as_ref().unwrap();
    assert!(c.table.both > 0, "the base shares figures with 2021");
    // A new compared year starts again from its own previous comparable election.
    app.update(Action::NextYear); // 2023
    let a = app.view().compare.as_ref().unwrap().table.a;
    assert_eq!(year_of(&app, a), 2019);
}

#[test]
fn the_map_bins_every_ward_and_its_arrows_move_to_neighbours() {
    let mut app = app();
    app.update(Action::ToggleMap);
    assert!(app.map());
    app.set_map_size(50, 25);
    let v = app.view().map.clone().unwrap();
    assert_eq!(v.missing, None);
    assert_eq!(v.bins.len(), 66);
    assert_eq!(v.counts.iter().sum::<usize>(), 66);
    assert!(
        v.counts.iter().all(|&c| (12..=15).contains(&c)),
        "{:?}",
        v.counts
    );
    assert!(v.edges.windows(2).all(|e| e[0] <= e[1]));
    assert!(app.raster().is_some());
    // Up/Down move in the table until the map has the focus, then across the map.
    app.update(Action::Down);
    assert_eq!(app.ward(), ward(2));
    while app.focus() != Focus::Trend {
        app.update(Action::CycleFocus);
    }
    let before = app.ward();
    app.update(Action::Up);
    assert_ne!(app.ward(), before, "ward 02 has a neighbour to its north");
    assert!(
        app.view().selected.is_some(),
        "the table follows the map's selection"
    );
    // The scatter takes the map's place.
    app.update(Action::ToggleScatter);
    assert!(!app.map() && app.scatter());
}

#[test]
fn a_sort_shows_the_top_rows_and_keeps_the_ward_selected() {
    let mut app = app();
    app.set_page(10);
    app.update(Action::Bottom);
    assert_eq!(app.ward(), ward(66));
    assert!(app.offset() > 0);
    app.update(Action::CycleSort);
    assert_eq!(app.sort().0, SortColumn::Registered);
    assert_eq!(app.offset(), 0, "the top of the sorted table");
    assert_eq!(
        app.ward(),
        ward(66),
        "the ward stays selected, perhaps out of view"
    );
    // A new page size (the next frame) keeps the top.
    app.set_page(10);
    assert_eq!(app.offset(), 0);
    app.update(Action::ReverseSort);
    assert_eq!(app.offset(), 0);
    // The next move brings the selection back into view.
    app.update(Action::Down);
    let sel = app.view().selected.unwrap();
    assert!(sel >= app.offset() && sel < app.offset() + 10);
}

#[test]
fn the_candidate_column_comes_back_with_its_year_and_c_says_when_there_is_none() {
    let mut app = app();
    app.update(Action::CycleCandidate);
    let chosen = app.candidate();
    assert!(chosen.is_some());
    app.update(Action::PrevYear);
    assert_eq!(app.candidate(), None, "2021 has no results by ward");
    app.update(Action::CycleCandidate);
    assert!(
        app.message()
            .unwrap()
            .contains("no candidate results by ward")
    );
    app.update(Action::NextYear);
    assert_eq!(app.message(), None, "a message lasts one key");
    assert_eq!(app.candidate(), chosen, "back with its year");
}

#[test]
fn the_explorer_opens_on_the_year_kind_and_ward_asked_for() {
    let mut app = app();
    app.open_at(Some(2021), None, Some("08")).unwrap();
    assert_eq!(year(&app), 2021);
    assert_eq!(app.ward(), ward(8));
    app.open_at(Some(2020), None, None).unwrap();
    assert_eq!((year(&app), app.browse()), (2020, Browse::AllPrimaries));
    app.open_at(Some(2019), Some(Kind::General), None).unwrap();
    assert_eq!((year(&app), app.browse()), (2019, Browse::Generals));
    let e = app.open_at(Some(1999), None, None).unwrap_err();
    assert!(e.contains("--year 1999") && e.contains("2003"), "{e}");
    let e = app.open_at(None, None, Some("99")).unwrap_err();
    assert!(e.contains("--ward 99"), "{e}");
}

#[test]
fn sorting_skips_the_columns_the_layout_dropped() {
    let mut app = app();
    // A narrow table: ward, turnout and change only.
    app.set_sortable(Some(vec![
        SortColumn::Ward,
        SortColumn::Turnout,
        SortColumn::Change,
    ]));
    let mut seen = Vec::new();
    for _ in 0..3 {
        app.update(Action::CycleSort);
        seen.push(app.sort().0);
    }
    assert_eq!(
        seen,
        [SortColumn::Turnout, SortColumn::Change, SortColumn::Ward]
    );
    // Every column on a wide screen.
    app.set_sortable(None);
    app.update(Action::CycleSort);
    assert_eq!(app.sort().0, SortColumn::Registered);
}

#[test]
fn a_file_of_even_years_only_opens_on_its_latest_primary_with_ward_rows() {
    let ds = data::load_str(
        "even.csv",
        "year,election,ward,ballots,registered\n\
         2020,primary,1,10,100\n2020,primary,2,12,100\n\
         2022,primary,1,11,100\n2022,primary,2,13,100\n\
         2022,general,1,40,100\n",
    );
    let app = App::of_dataset(ds);
    assert_eq!(
        app.browse(),
        Browse::AllPrimaries,
        "no off-year primary: all primaries"
    );
    let tab = app.tab().unwrap();
    assert_eq!((tab.year, tab.kind), (2022, crate::data::Kind::Primary));
    assert_eq!(app.view().rows.len(), 2, "the table has its wards");
}

#[test]
fn enter_on_a_year_without_a_table_opens_nothing_and_says_why() {
    let mut app = app();
    app.update(Action::NextYear);
    assert!(app.view().rows.is_empty(), "2025 has no turnout file");
    app.update(Action::Open);
    assert_eq!(app.divisions_of(), None);
    assert!(
        app.message().unwrap().contains("no ward is shown"),
        "{:?}",
        app.message()
    );
}

#[test]
fn past_the_window_the_table_jumps_half_a_window_or_scrolls_a_row_where_the_terminal_can() {
    let mut app = app();
    app.set_page(10);
    for _ in 0..10 {
        app.update(Action::Down);
    }
    // Row 11 selected: half a window on, so the next moves repaint nothing.
    assert_eq!(app.offset(), 6);
    let mut app = self::app();
    app.set_scroll_by_row(true);
    app.set_page(10);
    for _ in 0..10 {
        app.update(Action::Down);
    }
    assert_eq!(app.offset(), 1, "the selection on the last row");
    app.update(Action::Down);
    assert_eq!(app.offset(), 2);
    for _ in 0..10 {
        app.update(Action::Up);
    }
    assert_eq!(app.offset(), 1, "the selection on the first row");
}
