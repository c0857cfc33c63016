//! The terminal side of the explorer: take the terminal, draw, block on the next key or
//! resize, apply it, draw again; give the terminal back on every way out. No tick: nothing is
//! drawn or computed while idle.
//!
//! Ways out: `q`/Esc/Ctrl-C; SIGTERM, SIGHUP (the SSH connection dropped), SIGINT and SIGQUIT,
//! handled on a thread that restores what it can and exits (128 + signal); a terminal that
//! errors or closes (the read fails: restore, exit non-zero); a panic (ratatui's hook, with
//! mouse capture turned off first). Ctrl-Z suspends and `fg` redraws everything.

use crate::action::Action;
use crate::app::App;
use crate::keymap;
use crate::ui;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, MouseEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use ratatui::layout::Rect;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

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

/// Takes the terminal again after a suspend.
fn resume(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    if mouse {
        execute!(io::stdout(), EnableMouseCapture)?;
        MOUSE.store(true, Ordering::SeqCst);
    }
    Ok(())
}

/// Restores the terminal from the signal thread: raw mode off, then the escape sequences
/// written straight to the terminal device, not through stdout, whose lock the main thread
/// may hold mid-draw. A terminal that is gone makes these fail at once, which is fine.
fn restore_from_signal() {
    use std::io::Write;
    let _ = ratatui::crossterm::terminal::disable_raw_mode();
    if let Ok(mut tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        if MOUSE.swap(false, Ordering::SeqCst) {
            let _ = tty.write_all(b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l");
        }
        // Leave the alternate screen, show the cursor.
        let _ = tty.write_all(b"\x1b[?1049l\x1b[?25h");
        let _ = tty.flush();
    }
}

/// Restores the terminal and exits (128 + the signal) on SIGTERM, SIGHUP, SIGINT and SIGQUIT.
fn watch_signals() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            restore_from_signal();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

/// Runs the explorer until the user quits.
///
/// # Errors
/// The terminal failing to read or draw (closed, hung up); it is restored first.
pub fn run(mut app: App, mouse: bool) -> io::Result<()> {
    // Colours are our theme's decision (NO_COLOR included): crossterm must not blank colour
    // codes into bare resets, which would also wipe reverse and bold.
    ratatui::crossterm::style::force_color_output(true);
    watch_signals()?;
    let mut terminal = ratatui::init();
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
    let result = event_loop(&mut terminal, &mut app, mouse);
    restore();
    result
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App, mouse: bool) -> io::Result<()> {
    loop {
        let size = terminal.size()?;
        app.set_page(ui::table_rows(
            Rect::new(0, 0, size.width, size.height),
            app,
        ));
        terminal.draw(|frame| {
            frame.render_widget(&*app, frame.area());
            if let Some(at) = ui::cursor(frame.area(), app) {
                frame.set_cursor_position(at);
            }
        })?;
        // Block until something would change the screen.
        loop {
            match event::read()? {
                Event::Key(key) => match keymap::action_for(app.mode(), &key) {
                    Some(Action::Suspend) => {
                        suspend(mouse)?;
                        // Everything is drawn again: the shell may have written over it.
                        terminal.clear()?;
                        break;
                    }
                    Some(action) => {
                        app.update(action);
                        break;
                    }
                    None => {}
                },
                Event::Mouse(m) => {
                    let action = match m.kind {
                        MouseEventKind::ScrollDown => Action::Down,
                        MouseEventKind::ScrollUp => Action::Up,
                        _ => continue,
                    };
                    app.update(action);
                    break;
                }
                Event::Resize(..) => break,
                _ => {}
            }
        }
        if app.should_quit() {
            return Ok(());
        }
    }
}

/// Ctrl-Z: give the terminal back, stop like any job, and take it again on `fg`.
fn suspend(mouse: bool) -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    resume(mouse)
}
