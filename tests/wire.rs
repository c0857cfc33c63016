//! The explorer's frames through the byte-saving layers (`Frugal` with the terminal's scroll
//! region and its choice of order, and the `Wire` writer) show exactly what they show without
//! them: each frame of a walk through the views is drawn by crossterm into both, and a
//! terminal emulator (vt100) compares every cell's text, colours and attributes; the layers
//! send fewer bytes, and the price of an order is what the writer sends.

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::Write;
use std::sync::{Arc, Mutex};
use tui_input::InputRequest;
use turnout::action::Action;
use turnout::app::App;
use turnout::data;
use turnout::ui;

/// A writer whose bytes the test can read while a terminal owns it.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn cells(parser: &vt100::Parser, w: u16, h: u16) -> Vec<String> {
    let screen = parser.screen();
    let mut out = Vec::new();
    for row in 0..h {
        for col in 0..w {
            let c = screen.cell(row, col).expect("in the screen");
            // A cell never written and one written blank look the same.
            let text = match c.contents() {
                "" => " ",
                t => t,
            };
            out.push(format!(
                "{row},{col}:{text:?} fg {:?} bg {:?} b{} i{} u{} r{}",
                c.fgcolor(),
                c.bgcolor(),
                c.bold(),
                c.italic(),
                c.underline(),
                c.inverse()
            ));
        }
    }
    out
}

#[test]
fn every_frame_of_a_walk_looks_the_same_through_the_layers_and_costs_fewer_bytes() {
    // Beside the panels (half-window jumps), and the table alone (scrolled a row at a time).
    for (w, h) in [(120u16, 40u16), (80, 24)] {
        walk(w, h);
    }
}

/// The walk through the views: moves, panels, years, parties, compare, the map, divisions,
/// help and the filter prompt.
fn actions() -> Vec<Action> {
    let mut walk = vec![Action::Down; 30];
    walk.extend([Action::Up; 28]);
    walk.extend([
        Action::Down,
        Action::Down,
        Action::CycleFocus,
        Action::Down,
        Action::CycleFocus,
        Action::PageDown,
        Action::NextYear,
        Action::PrevYear,
        Action::PrevYear,
        Action::CycleParty,
        Action::ToggleCompare,
        Action::Down,
        Action::ToggleCompare,
        Action::ToggleMap,
        Action::Down,
        Action::ToggleMap,
        Action::CycleSort,
        Action::Open,
        Action::Down,
        Action::Back,
        Action::ToggleHelp,
        Action::ToggleHelp,
        // A prompt: its cursor must land where the plain terminal puts it.
        Action::OpenFilter,
        Action::EditPrompt(InputRequest::InsertChar('2')),
        Action::EditPrompt(InputRequest::InsertChar('1')),
        Action::EditPrompt(InputRequest::GoToPrevChar),
        Action::CancelFilter,
        Action::Bottom,
    ]);
    walk
}

/// The bytes `Frugal` weighs orders of drawing by are the bytes the writer sends: on every
/// frame of the walk, in screen order, backwards and style by style.
#[test]
fn a_frames_price_is_what_the_writer_sends_in_any_order() {
    use ratatui::buffer::Buffer;
    use ratatui::widgets::Widget;
    use turnout::wire::{frame_bytes, price};
    for (w, h) in [(120u16, 40u16), (80, 24)] {
        let loaded = data::load(&data::Sources {
            embedded: true,
            ..Default::default()
        });
        let mut app = App::new(loaded, 0);
        let area = Rect::new(0, 0, w, h);
        let size = area.as_size();
        let mut before = Buffer::empty(area);
        for (i, action) in std::iter::once(None)
            .chain(actions().into_iter().map(Some))
            .enumerate()
        {
            if let Some(a) = action {
                app.update(a);
            }
            ui::prepare(area, &mut app);
            let mut now = Buffer::empty(area);
            (&app).render(area, &mut now);
            let rows: Vec<_> = before
                .diff(&now)
                .into_iter()
                .map(|(x, y, c)| (x, y, c.clone()))
                .collect();
            let backwards: Vec<_> = rows.iter().rev().cloned().collect();
            let mut styles = rows.clone();
            styles.sort_by_key(|(x, y, c)| (format!("{:?}", c.style()), *y, *x));
            for (order, cells) in [("rows", rows), ("backwards", backwards), ("styles", styles)] {
                assert_eq!(
                    price(&cells, size),
                    frame_bytes(&cells, size),
                    "{w}x{h}: frame {i} after {action:?}, {order}"
                );
            }
            before = now;
        }
    }
}

fn walk(w: u16, h: u16) {
    let loaded = data::load(&data::Sources {
        embedded: true,
        ..Default::default()
    });
    let mut app = App::new(loaded, 0);
    app.set_look(turnout::term::Look {
        scroll_regions: true,
        ..app.look()
    });
    let plain = Shared::default();
    let wired = Shared::default();
    // A fixed viewport: no size asked of a terminal that is not there.
    let fixed = || TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
    };
    let mut t_plain =
        Terminal::with_options(CrosstermBackend::new(plain.clone()), fixed()).unwrap();
    let wire = turnout::wire::Wire::sized(wired.clone(), w, h);
    // Sized: the wrapped backend would ask a terminal that is not there.
    let layers = turnout::tui::layers(wire, true).with_size(ratatui::layout::Size::new(w, h));
    let mut t_wired = Terminal::with_options(layers, fixed()).unwrap();
    // The same layers drawing every frame in the screen's order (no order priced).
    let in_rows = Shared::default();
    let wire = turnout::wire::Wire::sized(in_rows.clone(), w, h);
    let frugal =
        turnout::frugal::Frugal::new(CrosstermBackend::new(wire)).with_scroll_regions(true);
    let mut t_rows = Terminal::with_options(frugal, fixed()).unwrap();
    let mut reordered = Vec::new();
    let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
    let mut p_plain = vt100::Parser::new(size(h), size(w), 0);
    let mut p_wired = vt100::Parser::new(size(h), size(w), 0);
    let walk = actions();
    let area = Rect::new(0, 0, w, h);
    let mut sent = (0usize, 0usize);
    for (i, action) in std::iter::once(None)
        .chain(walk.into_iter().map(Some))
        .enumerate()
    {
        if let Some(a) = action {
            app.update(a);
        }
        ui::prepare(area, &mut app);
        let frame = |f: &mut ratatui::Frame| {
            f.render_widget(&app, f.area());
            if let Some(at) = ui::cursor(f.area(), &app) {
                f.set_cursor_position(at);
            }
        };
        t_plain.draw(frame).unwrap();
        t_wired.draw(frame).unwrap();
        t_rows.draw(frame).unwrap();
        let plain_bytes = std::mem::take(&mut *plain.0.lock().unwrap());
        let bytes = std::mem::take(&mut *wired.0.lock().unwrap());
        // Drawn in the cheaper order: never more than in the screen's.
        let rows_bytes = std::mem::take(&mut *in_rows.0.lock().unwrap()).len();
        assert!(
            bytes.len() <= rows_bytes,
            "{w}x{h}: frame {i} after {action:?}: {} > {rows_bytes}",
            bytes.len()
        );
        if bytes.len() < rows_bytes {
            reordered.push(i);
        }
        p_plain.process(&plain_bytes);
        p_wired.process(&bytes);
        sent.0 += plain_bytes.len();
        sent.1 += bytes.len();
        let (a, b) = (cells(&p_plain, w, h), cells(&p_wired, w, h));
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{w}x{h}: frame {i} after {action:?}");
        }
        // Where the cursor shows (a hidden one may be anywhere).
        let cursor =
            |p: &vt100::Parser| (!p.screen().hide_cursor()).then(|| p.screen().cursor_position());
        assert_eq!(
            cursor(&p_plain),
            cursor(&p_wired),
            "{w}x{h}: the cursor, frame {i} after {action:?}"
        );
    }
    // The walk costs markedly fewer bytes through the writer (about a fifth fewer when written).
    assert!(sent.1 * 10 < sent.0 * 9, "{w}x{h}: {sent:?}");
    // Style by style is the cheaper order for the first frame, with its colours on every row
    // (the table's figures and sparklines, the trend's bars and figures).
    assert_eq!(
        reordered.first(),
        Some(&0),
        "{w}x{h}: the first frame was not drawn style by style ({reordered:?})"
    );
}
