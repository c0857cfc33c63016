//! The terminal side of the explorer: take the terminal, draw, block on the next key or
//! resize, apply it, draw again; give the terminal back on every way out. No tick: nothing is
//! drawn or computed while idle.
//!
//! Ways out: `q`/Ctrl-C; SIGTERM, SIGHUP (the SSH connection dropped), SIGINT and SIGQUIT,
//! handled on a thread that restores what it can and exits (128 + signal); a terminal that
//! errors or closes (the read fails: restore, exit non-zero); a panic (ratatui's hook, with
//! mouse capture turned off first). Ctrl-Z or SIGTSTP gives the terminal back and stops; `fg`
//! (SIGCONT) takes it again and repaints everything.

use crate::action::Action;
use crate::app::{App, Request};
use crate::data::Loaded;
use crate::data::load::Progress;
use crate::keymap;
use crate::ui;
use crate::wire::Wire;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::enable_raw_mode;
use ratatui::layout::Rect;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

/// Whether mouse capture is on, for the restore paths that run outside the loop.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Gives the terminal back: mouse capture off, raw mode off, main screen, cursor shown. Errors
/// are ignored: a terminal that is gone cannot be restored further.
fn restore() {
    if MOUSE.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), DisableMouseCapture);
    }
    ratatui::restore();
}

/// Set when the terminal was given back and taken again (a suspend): the next draw repaints
/// everything, since the shell may have written over the screen.
static REDRAW: AtomicBool = AtomicBool::new(false);

/// Writes escape sequences straight to the terminal device, not through stdout, whose lock the
/// main thread may hold mid-draw. A terminal that is gone makes this fail at once, which is fine.
fn to_tty(bytes: &[u8]) {
    use std::io::Write;
    if let Ok(mut tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        let _ = tty.write_all(bytes);
        let _ = tty.flush();
    }
}

/// Restores the terminal from the signal thread: mouse capture off, raw mode off, the main
/// screen, the cursor shown.
fn restore_from_signal() {
    let mouse = MOUSE.swap(false, Ordering::SeqCst);
    let _ = ratatui::crossterm::terminal::disable_raw_mode();
    if mouse {
        to_tty(b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l");
    }
    to_tty(b"\x1b[?1049l\x1b[?25h");
}

/// Takes the terminal again after a stop (Ctrl-Z, or a SIGSTOP from elsewhere), and wakes the
/// event loop with a resize so that it repaints everything.
fn resume_from_signal(mouse: bool) {
    let _ = enable_raw_mode();
    to_tty(b"\x1b[?1049h\x1b[?25l");
    if mouse {
        to_tty(b"\x1b[?1000h\x1b[?1002h\x1b[?1003h\x1b[?1015h\x1b[?1006h");
        MOUSE.store(true, Ordering::SeqCst);
    }
    REDRAW.store(true, Ordering::SeqCst);
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGWINCH);
}

/// Handles signals on a thread of their own:
/// - SIGTERM, SIGHUP, SIGINT, SIGQUIT: restore the terminal and exit with 128 + the signal;
/// - SIGTSTP (Ctrl-Z, or `kill -TSTP`): restore the terminal, then stop like any job;
/// - SIGCONT (`fg`, `kill -CONT`): take the terminal again and repaint.
fn watch_signals(mouse: bool) -> io::Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGSTOP, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])?;
    std::thread::spawn(move || {
        for sig in signals.forever() {
            match sig {
                SIGTSTP => {
                    restore_from_signal();
                    // The stop itself; execution resumes here on SIGCONT.
                    let _ = signal_hook::low_level::raise(SIGSTOP);
                }
                SIGCONT => resume_from_signal(mouse),
                _ => {
                    restore_from_signal();
                    std::process::exit(128 + sig);
                }
            }
        }
    });
    Ok(())
}

/// Exits when the terminal hangs up, whether or not a SIGHUP arrives: crossterm's reader
/// spins on a dead terminal rather than failing, so a thread waits in poll() for the hang-up
/// itself. It asks for no events, so it wakes only on hang-up or error: nothing while idle.
fn watch_hangup() {
    let Ok(tty) = std::fs::File::open("/dev/tty") else {
        return;
    };
    std::thread::spawn(move || {
        use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
        use std::os::fd::AsFd;
        loop {
            let mut fds = [PollFd::new(tty.as_fd(), PollFlags::empty())];
            match poll(&mut fds, PollTimeout::NONE) {
                Ok(_) => {
                    let gone = PollFlags::POLLHUP | PollFlags::POLLERR | PollFlags::POLLNVAL;
                    if fds[0].revents().is_some_and(|r| r.intersects(gone)) {
                        restore_from_signal();
                        std::process::exit(128 + signal_hook::consts::SIGHUP);
                    }
                }
                Err(nix::errno::Errno::EINTR) => {}
                Err(_) => return,
            }
        }
    });
}

/// Runs the explorer until the user quits.
///
/// # Errors
/// The terminal failing to read or draw (closed, hung up); it is restored first.
/// What the event loop waits for: the terminal's input, and the loading thread's news.
pub enum Msg {
    /// A key, a mouse event or a resize (or the terminal failing).
    Input(io::Result<Event>),
    /// How far the load has got.
    Progress(Progress),
    /// The load is done.
    Loaded(Box<Loaded>),
}

/// Starts the load on a thread of its own, then takes the terminal; if the load is not done
/// within `LOADING_SCREEN_AFTER`, shows a gauge (file, MB read of MB, rows per second) redrawn
/// at most ten times a second; `q` and Ctrl-C leave at once,
/// `?` shows the keys. When the load is done, `prepare` makes the explorer (or says why not:
/// the terminal is given back and the message returned) and the explorer runs.
///
/// # Errors
/// The terminal failing to read or draw; it is restored first.
pub fn run_loading(
    load: impl FnOnce(&(dyn Fn(&Progress) + Sync)) -> Loaded + Send + 'static,
    prepare: impl FnOnce(Loaded) -> Result<App, String>,
    look: crate::term::Look,
    mouse: bool,
) -> io::Result<Result<(), String>> {
    let (tx, rx) = std::sync::mpsc::channel();
    // The load starts first: it runs while the terminal is taken.
    let news = tx.clone();
    std::thread::spawn(move || {
        let progress = |p: &Progress| {
            let _ = news.send(Msg::Progress(p.clone()));
        };
        let loaded = load(&progress);
        let _ = news.send(Msg::Loaded(Box::new(loaded)));
    });
    let mut terminal = take_terminal(look.scroll_regions, mouse)?;
    input_events(&tx)?;
    // A resize before the SIGWINCH handler was in place is not missed.
    terminal.backend().size_changed();
    drop(tx);
    let result = match wait_for_load(&mut terminal, &rx, look) {
        Ok(Some(loaded)) => match prepare(*loaded) {
            Ok(mut app) => event_loop(&mut terminal, &mut app, &rx).map(|()| Ok(())),
            Err(msg) => Ok(Err(msg)),
        },
        Ok(None) => Ok(Ok(())),
        Err(e) => Err(e),
    };
    restore();
    result
}

/// How long a load may take before the loading screen is drawn: a load done sooner (the
/// shipped data's stored load, a small file) goes straight to the explorer without a loading
/// screen flashing first; a longer one shows it well within 50 ms.
const LOADING_SCREEN_AFTER: Duration = Duration::from_millis(25);

/// A file at least this big takes longer than `LOADING_SCREEN_AFTER` to read (a few hundred
/// MB a second at most): its gauge is drawn as soon as its reading starts.
const GAUGE_AT_ONCE_FROM: u64 = 4 << 20;

/// Shows the loading screen (from `LOADING_SCREEN_AFTER` on, or from the start of a big
/// file) until the load is done (`Some`) or the user leaves (`None`).
fn wait_for_load(
    terminal: &mut Term,
    rx: &std::sync::mpsc::Receiver<Msg>,
    look: crate::term::Look,
) -> io::Result<Option<Box<Loaded>>> {
    let mut screen = crate::ui::Loading::new(look);
    let show_at = Instant::now() + LOADING_SCREEN_AFTER;
    let mut shown = false;
    loop {
        let msg = if shown {
            rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            rx.recv_timeout(show_at.saturating_duration_since(Instant::now()))
        };
        let msg = match msg {
            Ok(msg) => msg,
            Err(RecvTimeoutError::Timeout) => {
                shown = true;
                terminal.draw(|frame| frame.render_widget(&screen, frame.area()))?;
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("the loading thread ended"));
            }
        };
        match msg {
            Msg::Loaded(loaded) => return Ok(Some(loaded)),
            Msg::Progress(p) => {
                shown |= p.size.is_some_and(|s| s >= GAUGE_AT_ONCE_FROM);
                screen.progress(p);
            }
            Msg::Input(ev) => match ev? {
                Event::Key(key) if key.kind == event::KeyEventKind::Press => {
                    match keymap::action_for(keymap::Mode::Normal, &key) {
                        Some(Action::Quit) => return Ok(None),
                        Some(Action::ToggleHelp) => screen.help = !screen.help,
                        Some(Action::Back) => screen.help = false,
                        _ => {}
                    }
                }
                Event::Resize(..) => terminal.backend().size_changed(),
                _ => {}
            },
        }
        // Help asked for before the screen was due shows it at once.
        shown |= screen.help;
        if shown {
            terminal.draw(|frame| frame.render_widget(&screen, frame.area()))?;
        }
    }
}

/// Takes the terminal: signal and hang-up watchers, mouse capture if asked.
fn take_terminal(scroll_regions: bool, mouse: bool) -> io::Result<Term> {
    // Colours are our theme's decision (NO_COLOR included): crossterm must not blank colour
    // codes into bare resets, which would also wipe reverse and bold.
    ratatui::crossterm::style::force_color_output(true);
    watch_signals(mouse)?;
    watch_hangup();
    let terminal = init(scroll_regions)?;
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if MOUSE.swap(false, Ordering::SeqCst) {
            let _ = execute!(io::stdout(), DisableMouseCapture);
        }
        hook(info);
    }));
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
        MOUSE.store(true, Ordering::SeqCst);
    }
    Ok(terminal)
}

/// Runs the explorer on data already loaded until the user quits (tests, embedding).
///
/// # Errors
/// The terminal failing to read or draw; it is restored first.
pub fn run(mut app: App, mouse: bool) -> io::Result<()> {
    let mut terminal = take_terminal(app.look().scroll_regions, mouse)?;
    let (tx, rx) = std::sync::mpsc::channel();
    input_events(&tx)?;
    // A resize before the SIGWINCH handler was in place is not missed.
    terminal.backend().size_changed();
    drop(tx);
    let result = event_loop(&mut terminal, &mut app, &rx);
    restore();
    result
}

/// The terminal the explorer draws on: crossterm's, through a writer that sends each change
/// of attributes and each cursor move in its fewest bytes (and the 16 basic colours as the
/// codes 16-colour terminals know), behind a backend that rewrites short unchanged gaps rather
/// than moving the cursor.
pub type Term =
    ratatui::Terminal<crate::frugal::Frugal<ratatui::backend::CrosstermBackend<Wire<io::Stdout>>>>;

/// Takes the terminal as `ratatui::init` does (raw mode, the alternate screen, a panic hook
/// that gives it back), drawing through `Wire`, moved rows scrolled by the terminal where
/// `scroll_regions`.
fn init(scroll_regions: bool) -> io::Result<Term> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        hook(info);
    }));
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        ratatui::crossterm::terminal::EnterAlternateScreen
    )?;
    let mut terminal = ratatui::Terminal::new(layers(Wire::new(io::stdout()), scroll_regions))?;
    // Attributes reset through the writer: known to it from the first frame on.
    let backend = terminal.backend_mut();
    io::Write::write_all(backend, b"\x1b[0m")?;
    io::Write::flush(backend)?;
    Ok(terminal)
}

/// The backend the explorer draws through, over `wire`: crossterm's, behind `Frugal` (short
/// gaps rewritten, each frame's changes drawn in the cheaper of two orders, moved rows
/// scrolled by the terminal where `scroll_regions`).
pub fn layers<W: io::Write>(
    wire: Wire<W>,
    scroll_regions: bool,
) -> crate::frugal::Frugal<ratatui::backend::CrosstermBackend<Wire<W>>> {
    crate::frugal::Frugal::new(ratatui::backend::CrosstermBackend::new(wire))
        .with_scroll_regions(scroll_regions)
        .with_pricer(crate::wire::price)
}

/// Makes the next draw send every cell: the screen is erased and a blank frame drawn, so that
/// the frame kept for diffing matches the blank screen. (`Terminal::clear` would ask the
/// terminal for the cursor position, a query slow links may not answer in time.)
fn repaint_all(terminal: &mut Term) -> io::Result<()> {
    use ratatui::backend::Backend;
    terminal.backend_mut().clear()?;
    terminal.draw(|frame| frame.render_widget(ratatui::widgets::Clear, frame.area()))?;
    Ok(())
}

/// Does the I/O the state asked for: the export's file, the clipboard's escape sequence.
fn serve(terminal: &mut Term, screen: Rect, app: &mut App) -> io::Result<()> {
    use std::io::Write;
    match app.take_request() {
        None => {}
        Some(Request::Export { path, overwrite }) => {
            let result = crate::export::export(app, &path, overwrite);
            app.export_finished(result);
        }
        Some(Request::Copy) => {
            let (text, what) = match app.mode() {
                keymap::Mode::Detail => (
                    ui::detail_text(screen, app).into_bytes(),
                    "the popup's text".to_string(),
                ),
                _ => match crate::export::view_csv(app) {
                    Ok((csv, rows)) => (
                        csv,
                        format!("{} as CSV", crate::numbers::plural(rows, "row")),
                    ),
                    Err(why) => {
                        app.say(format!("y: {why}"));
                        return Ok(());
                    }
                },
            };
            match crate::export::osc52(&text) {
                Ok(seq) => {
                    let out = terminal.backend_mut();
                    out.write_all(&seq)?;
                    out.flush()?;
                    app.say(format!(
                        "copied {what} to the clipboard (OSC 52: the terminal must allow it; in tmux, set-clipboard on)"
                    ));
                }
                Err(why) => app.say(why),
            }
        }
    }
    Ok(())
}

/// The terminal's events on one channel: keys and mouse from a reader thread, and a resize
/// from a thread of its own on every SIGWINCH, so that a resize redraws even while the reader
/// is stuck inside an incomplete escape sequence (a lone ESC [, an undecodable byte). Both
/// threads block while idle: nothing wakes up.
fn input_events(tx: &std::sync::mpsc::Sender<Msg>) -> io::Result<()> {
    let resize = tx.clone();
    let mut winch = signal_hook::iterator::Signals::new([signal_hook::consts::SIGWINCH])?;
    std::thread::spawn(move || {
        for _ in winch.forever() {
            if resize.send(Msg::Input(Ok(Event::Resize(0, 0)))).is_err() {
                return;
            }
        }
    });
    let tx = tx.clone();
    std::thread::spawn(move || {
        loop {
            let ev = event::read();
            let failed = ev.is_err();
            if tx.send(Msg::Input(ev)).is_err() || failed {
                return;
            }
        }
    });
    Ok(())
}

/// Acts on one message of the input thread; whether the screen may have changed.
fn handle(
    msg: Result<Msg, std::sync::mpsc::RecvError>,
    terminal: &mut Term,
    screen: Rect,
    app: &mut App,
) -> io::Result<bool> {
    let event = match msg {
        Ok(Msg::Input(e)) => e?,
        Ok(_) => return Ok(false),
        Err(_) => return Err(io::Error::other("the terminal's input ended")),
    };
    match event {
        Event::Key(key) => match keymap::action_for(app.mode(), &key) {
            Some(Action::Suspend) => {
                // Raw mode delivers Ctrl-Z as a key: stop as the shell's Ctrl-Z would.
                signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
                Ok(false)
            }
            Some(action) => {
                app.update(action);
                serve(terminal, screen, app)?;
                Ok(true)
            }
            None => Ok(false),
        },
        Event::Mouse(m) => {
            let action = match m.kind {
                MouseEventKind::ScrollDown => Action::Down,
                MouseEventKind::ScrollUp => Action::Up,
                _ => return Ok(false),
            };
            app.update(action);
            Ok(true)
        }
        Event::Resize(..) => {
            // From the SIGWINCH thread or crossterm's reader, whichever tells first.
            terminal.backend().size_changed();
            if REDRAW.swap(false, Ordering::SeqCst) {
                repaint_all(terminal)?;
            }
            Ok(true)
        }
        _ => Ok(false),
    }
}

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    input: &std::sync::mpsc::Receiver<Msg>,
) -> io::Result<()> {
    loop {
        let size = terminal.size()?;
        let screen = Rect::new(0, 0, size.width, size.height);
        let prepared = ui::prepare(screen, app);
        terminal.draw(|frame| {
            let app = &*app;
            frame.render_widget(
                ui::Screen {
                    app,
                    prepared: &prepared,
                },
                frame.area(),
            );
            if let Some(at) = ui::cursor(frame.area(), app) {
                frame.set_cursor_position(at);
            }
        })?;
        // Block until something would change the screen; then take every event already
        // waiting (a held key, a paste, a burst over a slow link) before drawing once.
        loop {
            let msg = input.recv();
            if handle(msg, terminal, screen, app)? {
                break;
            }
        }
        while !app.should_quit() {
            match input.try_recv() {
                Ok(msg) => {
                    handle(Ok(msg), terminal, screen, app)?;
                }
                Err(_) => break,
            }
        }
        if app.should_quit() {
            return Ok(());
        }
    }
}
