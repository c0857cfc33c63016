//! Styles by role, not by colour: the one place colours are chosen. Every role stays visible
//! without colour (reverse, bold, underline), so the screen reads in 16 colours and in mono.

use ratatui::style::{Color, Modifier, Style};

/// The styles of the screen's roles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    /// Titles and headers.
    pub header: Style,
    /// The selected row.
    pub selected: Style,
    /// The sorted column's header.
    pub sorted: Style,
    /// The border of the focused panel.
    pub focus: Style,
    /// The border of other panels.
    pub border: Style,
    /// Secondary text: sources, n/a, notes.
    pub muted: Style,
    /// Warnings and problems.
    pub warning: Style,
    /// Winners.
    pub winner: Style,
    /// The selected year tab.
    pub tab: Style,
    /// Sparklines, and the ward's trend bars and figure.
    pub bar: Style,
    /// The city's marks in the trend.
    pub city: Style,
}

impl Theme {
    /// Sixteen-colour palette: blue and yellow carry meaning (safe for red-green colour
    /// blindness), on dark and light backgrounds alike; no background colours but reverse.
    pub const COLOR: Theme = Theme {
        header: Style::new().add_modifier(Modifier::BOLD),
        selected: Style::new().add_modifier(Modifier::REVERSED),
        sorted: Style::new()
            .fg(Color::Blue)
            .add_modifier(Modifier::BOLD)
            .add_modifier(Modifier::UNDERLINED),
        focus: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
        border: Style::new(),
        muted: Style::new().add_modifier(Modifier::DIM),
        warning: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        winner: Style::new().add_modifier(Modifier::BOLD),
        tab: Style::new()
            .add_modifier(Modifier::REVERSED)
            .add_modifier(Modifier::BOLD),
        bar: Style::new().fg(Color::Blue),
        city: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
    };
}

impl Theme {
    /// No colour at all (NO_COLOR, `--color never`): every role by attributes alone.
    pub const MONO: Theme = Theme {
        header: Style::new().add_modifier(Modifier::BOLD),
        selected: Style::new().add_modifier(Modifier::REVERSED),
        sorted: Style::new()
            .add_modifier(Modifier::BOLD)
            .add_modifier(Modifier::UNDERLINED),
        focus: Style::new().add_modifier(Modifier::BOLD),
        border: Style::new(),
        muted: Style::new().add_modifier(Modifier::DIM),
        warning: Style::new().add_modifier(Modifier::BOLD),
        winner: Style::new().add_modifier(Modifier::BOLD),
        tab: Style::new()
            .add_modifier(Modifier::REVERSED)
            .add_modifier(Modifier::BOLD),
        bar: Style::new(),
        city: Style::new().add_modifier(Modifier::BOLD),
    };

    /// The theme for a colour level: one palette wherever there is colour.
    pub fn for_level(level: crate::term::ColorLevel) -> Theme {
        match level {
            crate::term::ColorLevel::None => Theme::MONO,
            _ => Theme::COLOR,
        }
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::COLOR
    }
}
