//! The explorer's screens on a `TestBackend`: whole-screen snapshots at 120x40 and 80x24,
//! styled-cell checks, and every size from 1x1 up rendering without a panic.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use std::path::PathBuf;
use std::sync::OnceLock;
use tui_input::InputRequest;
use turnout::action::Action;
use turnout::app::App;
use turnout::data::{self, Dataset, SourcePath, Sources};
use turnout::ui;

fn shipped() -> Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(data::load_embedded).clone()
}

/// The shipped data plus a file with bad rows (a relative path, so snapshots are the same on
/// every machine: tests run from the package root).
fn with_malformed() -> Dataset {
    data::load(&Sources {
        embedded: true,
        paths: vec![SourcePath::new(
            PathBuf::from("tests/fixtures/malformed/bad_rows.csv"),
            "--data",
        )],
        ..Default::default()
    })
    .into_first()
}

fn draw(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    ui::prepare(Rect::new(0, 0, w, h), app);
    terminal.draw(|f| f.render_widget(&*app, f.area())).unwrap();
    terminal
}

fn apply(app: &mut App, actions: &[Action]) {
    for &a in actions {
        app.update(a);
    }
}

fn type_filter(app: &mut App, text: &str) {
    app.update(Action::OpenFilter);
    for c in text.chars() {
        app.update(Action::EditPrompt(InputRequest::InsertChar(c)));
    }
    app.update(Action::ApplyFilter);
}

/// The shipped data beside Berks County's 2025 general (OpenElections, cut): two places.
fn with_berks() -> App {
    let loaded = data::load(&Sources {
        embedded: true,
        paths: vec![SourcePath::new(
            PathBuf::from("tests/fixtures/real/20251104__pa__general__berks__precinct.csv"),
            "--data",
        )],
        ..Default::default()
    });
    App::new(loaded, 0)
}

/// The shipped data with a small synthetic 2021 DA primary results file (four wards), so that
/// both DA races have results.
fn with_2021_results() -> Dataset {
    data::load(&Sources {
        embedded: true,
        paths: vec![SourcePath {
            place: Some("Philadelphia".into()),
            ..SourcePath::new(
                PathBuf::from("tests/fixtures/results/synthetic_da_2021_primary.csv"),
                "--data",
            )
        }],
        ..Default::default()
    })
    .into_first()
}

/// Focuses the candidates panel and moves its cursor to the first line whose whole text holds
/// `needle`, at the screen size given.
fn mark_panel_line(app: &mut App, area: Rect, needle: &str) {
    while app.focus() != turnout::app::Focus::Candidates {
        app.update(Action::CycleFocus);
    }
    ui::prepare(area, app);
    for _ in 0..400 {
        if ui::detail_text(area, app).contains(needle) {
            return;
        }
        app.update(Action::Down);
        ui::prepare(area, app);
    }
    panic!("no line holds {needle:?}");
}

/// The scenarios the snapshots show, by name, at a screen size.
fn scenario(name: &str, w: u16, h: u16) -> App {
    let area = Rect::new(0, 0, w, h);
    let mut app = App::of_dataset(shipped());
    match name {
        "default" => {}
        "2017_ward_08" => {
            apply(
                &mut app,
                &[Action::PrevYear, Action::PrevYear, Action::PrevYear],
            );
            apply(&mut app, &[Action::Down; 7]);
        }
        "filter_1_10" => type_filter(&mut app, "1-10"),
        "help" => app.update(Action::ToggleHelp),
        "2025_no_turnout_file" => app.update(Action::NextYear),
        "malformed_file_warnings" => {
            app = App::of_dataset(with_malformed());
            app.update(Action::ToggleWarnings);
        }
        "candidate_column" => app.update(Action::CycleCandidate),
        "compare_2023_vs_2019" => app.update(Action::ToggleCompare),
        "scatter_parker" => apply(&mut app, &[Action::ToggleScatter, Action::CycleCandidate]),
        "map_turnout_2023" => app.update(Action::ToggleMap),
        "map_no_color" | "map_ascii" => {
            app.update(Action::ToggleMap);
            app.set_look(turnout::term::Look {
                colors: turnout::term::ColorLevel::None,
                ascii: name == "map_ascii",
                scroll_regions: false,
            });
        }
        "divisions_ward_08_2023" => {
            apply(&mut app, &[Action::Down; 7]);
            apply(&mut app, &[Action::Open, Action::CycleCandidate]);
        }
        "sorted_ward_66_below" => apply(
            &mut app,
            &[Action::Bottom, Action::CycleSort, Action::ReverseSort],
        ),
        "no_divisions_message" => {
            app = App::of_dataset(data::load_str(
                "w.csv",
                "year,election,ward,ballots,registered\n2023,primary,1,10,100\n",
            ));
            app.update(Action::Open);
        }
        "divisions_ward_08_2017" => {
            apply(
                &mut app,
                &[Action::PrevYear, Action::PrevYear, Action::PrevYear],
            );
            apply(&mut app, &[Action::Down; 7]);
            apply(&mut app, &[Action::Open, Action::Down]);
        }
        "compare_2021_vs_2017_krasner" => {
            app = App::of_dataset(with_2021_results());
            app.update(Action::PrevYear);
            app.update(Action::ToggleCompare);
            while app
                .candidate()
                .is_none_or(|(r, c)| app.dataset().races[r].candidates[c].name != "Larry Krasner")
            {
                app.update(Action::CycleCandidate);
            }
        }
        "second_place_berks" => {
            app = with_berks();
            app.update(Action::CyclePlace);
        }
        "endorsements_2017_money" | "popup_2017_pac_money" => {
            apply(&mut app, &[Action::PrevYear; 3]);
            mark_panel_line(&mut app, area, "Justice & Public Safety PAC");
            if name == "popup_2017_pac_money" {
                app.update(Action::Open);
            }
        }
        "popup_2021_cut_name" => {
            app.update(Action::PrevYear);
            mark_panel_line(&mut app, area, "Charles (Chuck) Peruto");
            app.update(Action::Open);
        }
        "trend_folded_all_primaries" => {
            app.update(Action::CycleElections);
            app.update(Action::CycleFocus);
        }
        "export_prompt" => app.update(Action::OpenExport),
        "export_exists" => {
            app.update(Action::OpenExport);
            app.export_finished(Err(turnout::app::ExportFailure::Exists(
                "turnout-philadelphia-2023-wards.csv".into(),
            )));
        }
        "message_no_candidates" => {
            app.update(Action::NextYear);
            app.update(Action::CycleCandidate);
        }
        "ascii_no_color" => app.set_look(turnout::term::Look {
            colors: turnout::term::ColorLevel::None,
            ascii: true,
            scroll_regions: false,
        }),
        other => panic!("no scenario {other}"),
    }
    app
}

const SCENARIOS: [&str; 6] = [
    "default",
    "2017_ward_08",
    "filter_1_10",
    "help",
    "2025_no_turnout_file",
    "malformed_file_warnings",
];

#[test]
fn snapshots_at_120x40() {
    for name in SCENARIOS.into_iter().chain([
        "candidate_column",
        "second_place_berks",
        "compare_2023_vs_2019",
        "compare_2021_vs_2017_krasner",
        "scatter_parker",
        "map_turnout_2023",
        "map_no_color",
        "map_ascii",
        "divisions_ward_08_2023",
        "divisions_ward_08_2017",
        "endorsements_2017_money",
        "popup_2017_pac_money",
        "popup_2021_cut_name",
        "trend_folded_all_primaries",
        "export_prompt",
        "export_exists",
        "message_no_candidates",
    ]) {
        let terminal = draw(&mut scenario(name, 120, 40), 120, 40);
        insta::assert_snapshot!(format!("{name}_120x40"), terminal.backend());
    }
}

#[test]
fn snapshots_at_80x24() {
    for name in SCENARIOS.into_iter().chain([
        "ascii_no_color",
        "compare_2023_vs_2019",
        "scatter_parker",
        "map_turnout_2023",
        "map_no_color",
        "map_ascii",
        "divisions_ward_08_2023",
        "sorted_ward_66_below",
        "no_divisions_message",
        "endorsements_2017_money",
        "popup_2017_pac_money",
        "trend_folded_all_primaries",
        "export_prompt",
    ]) {
        let terminal = draw(&mut scenario(name, 80, 24), 80, 24);
        insta::assert_snapshot!(format!("{name}_80x24"), terminal.backend());
    }
}

#[test]
fn snapshots_at_200x60() {
    for name in [
        "default",
        "endorsements_2017_money",
        "divisions_ward_08_2023",
    ] {
        let terminal = draw(&mut scenario(name, 200, 60), 200, 60);
        insta::assert_snapshot!(format!("{name}_200x60"), terminal.backend());
    }
}

/// The run loop draws `ui::Screen`, which takes the side panels' lines `prepare` built for
/// the frame instead of building them again: it must draw exactly what the app draws, styles
/// included, in every scenario and at every size the snapshots use.
#[test]
fn the_run_loops_screen_draws_what_the_app_draws() {
    let names = SCENARIOS.into_iter().chain([
        "candidate_column",
        "compare_2023_vs_2019",
        "scatter_parker",
        "map_turnout_2023",
        "divisions_ward_08_2017",
        "endorsements_2017_money",
        "popup_2021_cut_name",
        "trend_folded_all_primaries",
        "sorted_ward_66_below",
    ]);
    for name in names {
        for (w, h) in [(120, 40), (80, 24), (200, 60), (60, 20)] {
            let mut app = scenario(name, w, h);
            let area = Rect::new(0, 0, w, h);
            let mut by_app = Terminal::new(TestBackend::new(w, h)).unwrap();
            let mut by_screen = Terminal::new(TestBackend::new(w, h)).unwrap();
            ui::prepare(area, &mut app);
            by_app.draw(|f| f.render_widget(&app, f.area())).unwrap();
            let prepared = ui::prepare(area, &mut app);
            let screen = ui::Screen {
                app: &app,
                prepared: &prepared,
            };
            by_screen
                .draw(|f| f.render_widget(screen, f.area()))
                .unwrap();
            assert_eq!(
                by_app.backend().buffer(),
                by_screen.backend().buffer(),
                "{name} at {w}x{h}"
            );
        }
    }
}

/// The trend panel's bars keep their length and its figures their columns from ward to
/// ward (room is kept for the tags), so that a key rewrites only what changed.
#[test]
fn the_trend_keeps_its_columns_as_the_selection_moves() {
    let mut app = App::of_dataset(shipped());
    let mut columns = std::collections::BTreeSet::new();
    for _ in 0..30 {
        let terminal = draw(&mut app, 120, 40);
        let buf = terminal.backend().buffer();
        let y = row_of(buf, "│2019 ");
        let row: String = (0..120).map(|x| buf[(x, y)].symbol().to_string()).collect();
        let at = row
            .find(" city ")
            .expect("the city's figure on the 2019 line");
        columns.insert(row[..at].chars().count());
        app.update(Action::Down);
    }
    assert_eq!(columns.len(), 1, "the city's figure moved: {columns:?}");
}

#[test]
fn every_ward_gets_a_pixel_of_the_map_at_80x24() {
    let mut app = App::of_dataset(shipped());
    app.update(Action::ToggleMap);
    draw(&mut app, 80, 24);
    let raster = app.raster().expect("the map is drawn at 80x24");
    let mut seen: Vec<u16> = raster.pixels.iter().flatten().copied().collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 66, "wards with pixels: {seen:?}");
}

#[test]
fn divisions_open_on_enter_and_esc_returns_to_the_same_ward() {
    let mut app = App::of_dataset(shipped());
    apply(&mut app, &[Action::Down; 7]);
    app.update(Action::CycleSort);
    let ward = app.ward();
    assert_eq!(ward, Some(turnout::data::WardId(8)));
    app.update(Action::Open);
    assert_eq!(app.divisions_of(), ward);
    assert!(app.view().rows.len() > 20);
    assert_eq!(app.sort().0, turnout::app::SortColumn::Ward);
    app.update(Action::Back);
    assert_eq!(app.divisions_of(), None);
    assert_eq!(app.ward(), ward);
    assert_eq!(app.sort().0, turnout::app::SortColumn::Registered);
    // At the top, Back changes nothing and does not quit.
    app.update(Action::Back);
    assert!(!app.should_quit());
    assert_eq!(app.ward(), ward);
}

/// The cells of a screen line whose text contains `needle`.
fn row_of(buf: &Buffer, needle: &str) -> u16 {
    (0..buf.area.height)
        .find(|&y| {
            let line: String = (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            line.contains(needle)
        })
        .unwrap_or_else(|| panic!("no line with {needle:?}"))
}

#[test]
fn selected_row_is_reversed_and_sorted_header_is_marked() {
    let mut app = scenario("2017_ward_08", 120, 40);
    app.update(Action::CycleSort);
    let terminal = draw(&mut app, 120, 40);
    let buf = terminal.backend().buffer();
    // The selected ward's row is drawn reversed, across the table's width.
    let y = (0..buf.area.height)
        .find(|&y| buf[(1, y)].symbol() == "0" && buf[(2, y)].symbol() == "8")
        .expect("ward 08's row");
    for x in 1..20 {
        assert!(
            buf[(x, y)].modifier.contains(Modifier::REVERSED),
            "cell {x},{y} of the selected row is not reversed"
        );
    }
    let other = y + 1;
    assert!(!buf[(1, other)].modifier.contains(Modifier::REVERSED));
    // But for its sparkline: a reversed block element would read upside down.
    let row: String = (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect();
    let spark = row.chars().position(|c| c == '·').expect("the sparkline") as u16;
    for x in spark..spark + 12 {
        assert!(
            !buf[(x, y)].modifier.contains(Modifier::REVERSED),
            "sparkline cell {x},{y} is reversed"
        );
    }
    assert!(buf[(spark - 2, y)].modifier.contains(Modifier::REVERSED));
    // The header of the sorted column (registered, high to low) carries ▼ and is underlined.
    let hy = row_of(buf, "Registered▼");
    let line: String = (0..buf.area.width)
        .map(|x| buf[(x, hy)].symbol().to_string())
        .collect();
    let x = line.chars().position(|c| c == 'R').unwrap() as u16;
    assert!(buf[(x, hy)].modifier.contains(Modifier::UNDERLINED));
    assert!(buf[(x, hy)].modifier.contains(Modifier::BOLD));
    let ward_x = line.chars().position(|c| c == 'W').unwrap() as u16;
    assert!(!buf[(ward_x, hy)].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn every_size_from_1x1_to_200x60_renders_without_panic() {
    let mut apps = [
        scenario("default", 120, 40),
        scenario("help", 120, 40),
        scenario("2025_no_turnout_file", 120, 40),
        scenario("candidate_column", 120, 40),
    ];
    apps[0].update(Action::CycleFocus);
    for app in &mut apps {
        for w in 1..=200 {
            for h in 1..=60 {
                let area = Rect::new(0, 0, w, h);
                ui::prepare(area, app);
                let mut buf = Buffer::empty(area);
                ratatui::widgets::Widget::render(&*app, area, &mut buf);
            }
        }
    }
}

#[test]
fn with_results_only_the_empty_year_says_no_turnout_file_is_loaded() {
    // A race that is not the year's headline one: its votes are not top-race votes.
    let csv = "date,office,party,division,candidate,votes,source\n\
               2023-05-16,COUNCIL AT LARGE,DEM,01-01,ALLAN DOMB,21,test\n\
               2023-05-16,COUNCIL AT LARGE,DEM,01-01,HELEN GYM,30,test\n";
    let mut app = App::of_dataset(data::load_str("r.csv", csv));
    app.update(Action::NextYear);
    assert_eq!(app.tab().unwrap().year, 2025);
    let terminal = draw(&mut app, 120, 40);
    let text: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(text.contains("no turnout file is loaded at all"), "{text}");
    assert!(!text.contains("runs to the nothing"));
}

#[test]
fn a_file_of_many_races_lists_the_largest_and_counts_the_rest() {
    // 150 council races with 3 candidates each, in one ward (a hostile or huge file).
    let mut csv = String::from("date,election,office,party,ward,candidate,votes,source\n");
    for r in 0..150 {
        for c in 0..3 {
            csv.push_str(&format!(
                "2023-05-16,primary,Committee {r},DEM,01,Candidate {r}-{c},{},test\n",
                1000 + r * 3 + c
            ));
        }
    }
    let mut app = App::of_dataset(data::load_str("many.csv", &csv));
    app.open_at(Some(2023), None, None).unwrap();
    while app.focus() != turnout::app::Focus::Candidates {
        app.update(Action::CycleFocus);
    }
    let area = Rect::new(0, 0, 120, 40);
    ui::prepare(area, &mut app);
    app.update(Action::Bottom);
    ui::prepare(area, &mut app);
    let mut found = false;
    for _ in 0..400 {
        if ui::detail_text(area, &app).contains("and 50 more races") {
            found = true;
            break;
        }
        app.update(Action::Up);
    }
    assert!(found, "the panel says how many races it leaves out");
}
