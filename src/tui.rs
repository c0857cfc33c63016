//! The terminal side of the explorer: take the terminal, draw, block on the next key or
//! resize, apply it, draw again; give the terminal back on every way out (panics included,
//! through `ratatui::init`'s hook). No tick: nothing is drawn or computed while idle.

use crate::app::App;
use crate::keymap;
use crate::ui;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;
use std::io;

/// Runs the explorer until the user quits.
///
/// # Errors
/// The terminal failing to read or draw; the terminal is restored first.
pub fn run(mut app: App) -> io::Result<()> {
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> io::Result<()> {
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
                Event::Key(key) => {
                    if let Some(action) = keymap::action_for(app.mode(), &key) {
                        app.update(action);
                        break;
                    }
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
