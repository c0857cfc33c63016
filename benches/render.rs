//! Render time of one full frame of the explorer at 200x60 and 120x40 on a `TestBackend` (also
//! in compare mode, with the scatter, with the ward map and on a ward's divisions), and the cost
//! of one ↓ (update plus render) and of opening and leaving a ward's divisions, with the
//! shipped data; and one ↓ at 120x40 on a generated file of a million rows (500 wards).

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::hint::black_box;
use turnout::action::Action;
use turnout::app::App;
use turnout::data;
use turnout::ui;
use turnout::wire::Wire;

#[path = "../tests/common/million.rs"]
mod million;

fn app() -> App {
    let ds = data::load_embedded();
    App::of_dataset(ds)
}

/// One ↓ (or ↑, alternately) as the run loop does it: the update, the screen's sizes and
/// panel lines, then the frame.
fn move_and_draw<B: Backend>(
    app: &mut App,
    terminal: &mut Terminal<B>,
    area: Rect,
    down: &mut bool,
) {
    step(app, terminal, area, down, Action::Down, Action::Up);
}

/// `there` (or `back`, alternately), then the frame, as the run loop does it.
fn step<B: Backend>(
    app: &mut App,
    terminal: &mut Terminal<B>,
    area: Rect,
    forth: &mut bool,
    there: Action,
    back: Action,
) {
    app.update(if *forth { there } else { back });
    *forth = !*forth;
    let prepared = ui::prepare(area, app);
    let screen = ui::Screen {
        app,
        prepared: &prepared,
    };
    terminal
        .draw(|f| f.render_widget(black_box(screen), f.area()))
        .unwrap();
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("render");
    for (w, h) in [(200u16, 60u16), (120, 40)] {
        let mut app = app();
        ui::prepare(Rect::new(0, 0, w, h), &mut app);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        g.bench_function(format!("full_frame_{w}x{h}"), |b| {
            b.iter(|| {
                // A cleared buffer forces every cell to be drawn, as on the first frame.
                terminal.clear().unwrap();
                terminal
                    .draw(|f| f.render_widget(black_box(&app), f.area()))
                    .unwrap();
            })
        });
    }
    // Compare mode (2023 vs 2019), the scatter (Parker's share), the map and ward 08's
    // divisions: full frames (the map's pixels are worked out once per size, before).
    for (name, actions, (w, h)) in [
        (
            "compare_full_frame_200x60",
            vec![Action::ToggleCompare],
            (200, 60),
        ),
        (
            "scatter_full_frame_200x60",
            vec![Action::ToggleScatter, Action::CycleCandidate],
            (200, 60),
        ),
        ("map_full_frame_200x60", vec![Action::ToggleMap], (200, 60)),
        ("map_full_frame_120x40", vec![Action::ToggleMap], (120, 40)),
        (
            "divisions_full_frame_200x60",
            [vec![Action::Down; 7], vec![Action::Open]].concat(),
            (200, 60),
        ),
    ] {
        let mut app = app();
        for a in actions {
            app.update(a);
        }
        let area = Rect::new(0, 0, w, h);
        ui::prepare(area, &mut app);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        g.bench_function(name, |b| {
            b.iter(|| {
                terminal.clear().unwrap();
                terminal
                    .draw(|f| f.render_widget(black_box(&app), f.area()))
                    .unwrap();
            })
        });
    }
    let mut app = app();
    ui::prepare(Rect::new(0, 0, 200, 60), &mut app);
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    g.bench_function("down_update_and_render_200x60", |b| {
        let mut down = true;
        let area = Rect::new(0, 0, 200, 60);
        b.iter(|| move_and_draw(&mut app, &mut terminal, area, &mut down))
    });
    g.bench_function("open_and_leave_divisions", |b| {
        b.iter(|| {
            app.update(Action::Open);
            app.update(Action::Back);
        })
    });
    g.bench_function("next_year_update_200x60", |b| {
        let mut next = true;
        b.iter(|| {
            app.update(if next {
                Action::PrevYear
            } else {
                Action::NextYear
            });
            next = !next;
        })
    });
    // A million rows (the pty test's file: 500 wards of 10 divisions, 25 years, 4 parties).
    let dir = std::env::temp_dir().join(format!("turnout-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("million.csv");
    std::fs::write(&file, million::million_rows()).unwrap();
    let loaded = data::load(&data::Sources {
        paths: vec![data::SourcePath {
            place: Some("Gen".into()),
            ..data::SourcePath::new(&file, "--data")
        }],
        ..Default::default()
    });
    std::fs::remove_dir_all(&dir).unwrap();
    let mut app = App::new(loaded, 0);
    let area = Rect::new(0, 0, 120, 40);
    ui::prepare(area, &mut app);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    g.bench_function("down_update_and_render_120x40_1e6_rows", |b| {
        let mut down = true;
        b.iter(|| move_and_draw(&mut app, &mut terminal, area, &mut down))
    });
    g.finish();
    wire(c);
}

/// A ↓ and a change of year at 120x40 as the explorer sends them: through `Frugal` and the
/// `Wire` writer (to a sink), with each frame's order of drawing priced, and without.
fn wire(c: &mut Criterion) {
    let mut g = c.benchmark_group("wire");
    let area = Rect::new(0, 0, 120, 40);
    let fixed = || TerminalOptions {
        viewport: Viewport::Fixed(area),
    };
    let wire = || Wire::sized(std::io::sink(), area.width, area.height);
    for priced in [true, false] {
        let mut app = app();
        ui::prepare(area, &mut app);
        let backend = if priced {
            turnout::tui::layers(wire(), false)
        } else {
            turnout::frugal::Frugal::new(CrosstermBackend::new(wire()))
        }
        .with_size(area.as_size());
        let mut terminal = Terminal::with_options(backend, fixed()).unwrap();
        let how = if priced { "priced" } else { "row_major" };
        g.bench_function(format!("down_120x40_{how}"), |b| {
            let mut down = true;
            b.iter(|| move_and_draw(&mut app, &mut terminal, area, &mut down))
        });
        g.bench_function(format!("year_120x40_{how}"), |b| {
            let mut forth = true;
            b.iter(|| {
                let (there, back) = (Action::PrevYear, Action::NextYear);
                step(&mut app, &mut terminal, area, &mut forth, there, back)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
