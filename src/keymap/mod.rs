//! The one table of key bindings: it drives the keys, the footer hints and the help screen, so
//! the three cannot drift apart. Only key presses count, never releases.

use crate::action::Action;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What the keyboard is talking to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Browsing the table and panels.
    Normal,
    /// Typing a filter.
    Filter,
    /// The help screen.
    Help,
    /// The load-warnings screen.
    Warnings,
    /// Typing the path to export the table to.
    Export,
    /// The popup with the whole text of a panel's line.
    Detail,
}

/// One key: a code and the modifiers that must be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl, Alt... (Shift is part of the character for letters).
    pub modifiers: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::NONE,
    }
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

/// A binding: in which modes, which keys, what they do, and how help and footer say it.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Modes where it applies.
    pub modes: &'static [Mode],
    /// Keys, the first shown first.
    pub keys: &'static [Key],
    /// What it does.
    pub action: Action,
    /// What the help screen says.
    pub label: &'static str,
    /// The word the footer shows, if the footer shows it.
    pub hint: Option<&'static str>,
}

const N: &[Mode] = &[Mode::Normal];
const NW: &[Mode] = &[Mode::Normal, Mode::Warnings];
/// Where the arrows move: the table and panels, and the screens that scroll.
const MOVE: &[Mode] = &[Mode::Normal, Mode::Help, Mode::Warnings, Mode::Detail];
const ALL_BUT_FILTER: &[Mode] = &[Mode::Normal, Mode::Help, Mode::Warnings, Mode::Detail];
/// The prompts: keys without a binding edit the text.
const PROMPTS: &[Mode] = &[Mode::Filter, Mode::Export];

/// Every binding. Order is the order of the help screen and the footer.
pub const BINDINGS: &[Binding] = &[
    Binding {
        modes: N,
        keys: &[code(KeyCode::Left), k('h')],
        action: Action::PrevYear,
        label: "previous year",
        hint: None,
    },
    Binding {
        modes: N,
        keys: &[code(KeyCode::Right), k('l')],
        action: Action::NextYear,
        label: "next year",
        hint: Some("year"),
    },
    Binding {
        modes: MOVE,
        keys: &[code(KeyCode::Up), k('k')],
        action: Action::Up,
        label: "previous ward (or scroll the focused panel)",
        hint: None,
    },
    Binding {
        modes: MOVE,
        keys: &[code(KeyCode::Down), k('j')],
        action: Action::Down,
        label: "next ward (or scroll the focused panel)",
        hint: Some("move"),
    },
    Binding {
        modes: MOVE,
        keys: &[code(KeyCode::PageUp), ctrl('b')],
        action: Action::PageUp,
        label: "page up",
        hint: None,
    },
    Binding {
        modes: MOVE,
        keys: &[code(KeyCode::PageDown), ctrl('f')],
        action: Action::PageDown,
        label: "page down",
        hint: None,
    },
    Binding {
        modes: MOVE,
        keys: &[code(KeyCode::Home), k('g')],
        action: Action::Top,
        label: "first ward",
        hint: None,
    },
    Binding {
        modes: MOVE,
        keys: &[code(KeyCode::End), k('G')],
        action: Action::Bottom,
        label: "last ward",
        hint: None,
    },
    Binding {
        modes: N,
        keys: &[k('s')],
        action: Action::CycleSort,
        label: "sort by the next column",
        hint: Some("sort"),
    },
    Binding {
        modes: N,
        keys: &[k('S')],
        action: Action::ReverseSort,
        label: "reverse the sort",
        hint: None,
    },
    Binding {
        modes: N,
        keys: &[k('/')],
        action: Action::OpenFilter,
        label: "filter: 8, 1-10, turnout>30,change<0, or text",
        hint: Some("filter"),
    },
    Binding {
        modes: N,
        keys: &[k('p')],
        action: Action::CycleParty,
        label: "party: all, Democratic, Republican, other",
        hint: Some("party"),
    },
    Binding {
        modes: N,
        keys: &[code(KeyCode::Enter)],
        action: Action::Open,
        label: "the ward's divisions (on a focused panel: its line in full)",
        hint: Some("divisions"),
    },
    Binding {
        modes: N,
        keys: &[code(KeyCode::Esc), code(KeyCode::Backspace)],
        action: Action::Back,
        label: "back: clear the filter, leave divisions or compare, unfocus",
        hint: None,
    },
    Binding {
        modes: N,
        keys: &[k('v')],
        action: Action::ToggleCompare,
        label: "compare with a base election (v again: back)",
        hint: Some("compare"),
    },
    Binding {
        modes: N,
        keys: &[k('.')],
        action: Action::ToggleScatter,
        label: "scatter: turnout against the candidate's share (. again: back)",
        hint: None,
    },
    Binding {
        modes: N,
        keys: &[k('x')],
        action: Action::OpenExport,
        label: "export the table as shown to a CSV file",
        hint: Some("export"),
    },
    Binding {
        modes: &[Mode::Normal, Mode::Detail],
        keys: &[k('y')],
        action: Action::Copy,
        label: "copy the table as CSV (in a popup, its text) with OSC 52",
        hint: None,
    },
    Binding {
        modes: N,
        keys: &[k('M')],
        action: Action::ToggleMap,
        label: "map: wards coloured by the table's column",
        hint: None,
    },
    Binding {
        modes: N,
        keys: &[k('[')],
        action: Action::BaseEarlier,
        label: "compare: an earlier base election",
        hint: None,
    },
    Binding {
        modes: N,
        keys: &[k(']')],
        action: Action::BaseLater,
        label: "compare: a later base election",
        hint: None,
    },
    Binding {
        modes: N,
        keys: &[k('P')],
        action: Action::CyclePlace,
        label: "place: the next place loaded",
        hint: Some("place"),
    },
    Binding {
        modes: N,
        keys: &[k('e')],
        action: Action::CycleElections,
        label: "elections: off-year primaries, all primaries, generals",
        hint: Some("elections"),
    },
    Binding {
        modes: N,
        keys: &[k('m')],
        action: Action::CycleMeasure,
        label: "measure: ballots cast or votes in the top race",
        hint: None,
    },
    Binding {
        modes: N,
        keys: &[k('c')],
        action: Action::CycleCandidate,
        label: "show a candidate's share per ward as a column",
        hint: Some("candidate"),
    },
    Binding {
        modes: N,
        keys: &[code(KeyCode::Tab)],
        action: Action::CycleFocus,
        label: "focus the next panel",
        hint: Some("panel"),
    },
    Binding {
        modes: NW,
        keys: &[k('w')],
        action: Action::ToggleWarnings,
        label: "load warnings and errors, with file:line",
        hint: None,
    },
    Binding {
        modes: ALL_BUT_FILTER,
        keys: &[k('?')],
        action: Action::ToggleHelp,
        label: "this help",
        hint: Some("help"),
    },
    Binding {
        modes: &[Mode::Filter],
        keys: &[code(KeyCode::Enter)],
        action: Action::ApplyFilter,
        label: "apply the filter",
        hint: Some("apply"),
    },
    Binding {
        modes: &[Mode::Filter],
        keys: &[code(KeyCode::Esc)],
        action: Action::CancelFilter,
        label: "cancel the filter",
        hint: Some("cancel"),
    },
    Binding {
        modes: &[Mode::Export],
        keys: &[code(KeyCode::Enter)],
        action: Action::ApplyExport,
        label: "write the file",
        hint: Some("write"),
    },
    Binding {
        modes: &[Mode::Export],
        keys: &[code(KeyCode::Esc)],
        action: Action::CancelExport,
        label: "cancel the export",
        hint: Some("cancel"),
    },
    Binding {
        modes: &[Mode::Detail],
        keys: &[code(KeyCode::Esc), code(KeyCode::Enter)],
        action: Action::CloseDetail,
        label: "close the popup",
        hint: Some("close"),
    },
    Binding {
        modes: &[Mode::Help],
        keys: &[code(KeyCode::Esc)],
        action: Action::ToggleHelp,
        label: "close the help",
        hint: Some("close"),
    },
    Binding {
        modes: &[Mode::Warnings],
        keys: &[code(KeyCode::Esc)],
        action: Action::ToggleWarnings,
        label: "close the warnings",
        hint: Some("close"),
    },
    Binding {
        modes: ALL_BUT_FILTER,
        keys: &[ctrl('z')],
        action: Action::Suspend,
        label: "suspend (fg resumes)",
        hint: None,
    },
    Binding {
        modes: N,
        keys: &[k('q'), ctrl('c')],
        action: Action::Quit,
        label: "quit",
        hint: Some("quit"),
    },
    Binding {
        modes: &[
            Mode::Help,
            Mode::Warnings,
            Mode::Filter,
            Mode::Export,
            Mode::Detail,
        ],
        keys: &[ctrl('c')],
        action: Action::Quit,
        label: "quit",
        hint: None,
    },
    Binding {
        modes: &[Mode::Help, Mode::Warnings, Mode::Detail],
        keys: &[k('q')],
        action: Action::Quit,
        label: "quit",
        hint: None,
    },
];

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    // Shift is carried by the character itself ('G', '?'); other modifiers must agree.
    let mods = ev.modifiers - KeyModifiers::SHIFT;
    key.code == ev.code && key.modifiers == mods
}

/// The action a key press means in a mode. In the filter prompt, keys without a binding edit
/// the text. Releases and repeats of other kinds are ignored.
pub fn action_for(mode: Mode, ev: &KeyEvent) -> Option<Action> {
    if ev.kind != KeyEventKind::Press {
        return None;
    }
    let bound = BINDINGS
        .iter()
        .filter(|b| b.modes.contains(&mode))
        .find(|b| b.keys.iter().any(|k| matches(k, ev)))
        .map(|b| b.action);
    match (bound, mode) {
        (Some(a), _) => Some(a),
        (None, m) if PROMPTS.contains(&m) => {
            tui_input::backend::crossterm::to_input_request(&Event::Key(*ev))
                .map(Action::EditPrompt)
        }
        (None, _) => None,
    }
}

/// How a key is written in the footer and the help: `←`, `PgDn`, `Ctrl-C`, `j`.
pub fn key_name(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::Up => "↑".to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        KeyCode::Home => "Home".to_string(),
        KeyCode::End => "End".to_string(),
        KeyCode::Tab => "Tab".to_string(),
        KeyCode::Enter => "Enter".to_string(),
        KeyCode::Esc => "Esc".to_string(),
        KeyCode::Backspace => "Backspace".to_string(),
        KeyCode::Char(c) => c.to_string(),
        other => format!("{other:?}"),
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{}", base.to_uppercase())
    } else {
        base
    }
}

/// The keys of a binding joined for display: `←/h`.
pub fn keys_text(b: &Binding) -> String {
    b.keys.iter().map(key_name).collect::<Vec<_>>().join("/")
}

/// The footer hints of a mode: `(keys, word)` for the bindings that have a hint. The two
/// halves of a pair (previous/next year) are shown as one: `←→ year`.
pub fn hints(mode: Mode) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let in_mode: Vec<&Binding> = BINDINGS
        .iter()
        .filter(|b| b.modes.contains(&mode))
        .collect();
    for (i, b) in in_mode.iter().enumerate() {
        let Some(hint) = b.hint else { continue };
        // A hinted binding whose unhinted partner comes just before it shares the hint.
        let keys = match i.checked_sub(1).map(|p| in_mode[p]) {
            Some(prev) if prev.hint.is_none() && is_pair(prev.action, b.action) => {
                format!("{}{}", key_name(&prev.keys[0]), key_name(&b.keys[0]))
            }
            _ => key_name(&b.keys[0]),
        };
        out.push((keys, hint));
    }
    out
}

fn is_pair(a: Action, b: Action) -> bool {
    matches!(
        (a, b),
        (Action::PrevYear, Action::NextYear) | (Action::Up, Action::Down)
    )
}

#[cfg(test)]
mod tests;
