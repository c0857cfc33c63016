//! The keymap: keys to actions by mode, every action reachable and labelled, the README's key
//! table and the footer's hints in step with the bindings.

use super::*;

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

#[test]
fn keys_map_to_actions_by_mode() {
    let n = Mode::Normal;
    let none = KeyModifiers::NONE;
    assert_eq!(
        action_for(n, &press(KeyCode::Char('j'), none)),
        Some(Action::Down)
    );
    assert_eq!(
        action_for(n, &press(KeyCode::Down, none)),
        Some(Action::Down)
    );
    assert_eq!(
        action_for(n, &press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
        Some(Action::Bottom)
    );
    assert_eq!(
        action_for(n, &press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        Some(Action::Quit)
    );
    assert_eq!(
        action_for(n, &press(KeyCode::Char('c'), none)),
        Some(Action::CycleCandidate)
    );
    // In the prompt, letters are text and Esc cancels rather than quits.
    let f = Mode::Filter;
    assert!(matches!(
        action_for(f, &press(KeyCode::Char('q'), none)),
        Some(Action::EditPrompt(_))
    ));
    assert_eq!(
        action_for(f, &press(KeyCode::Esc, none)),
        Some(Action::CancelFilter)
    );
    // Esc backs out of whatever is open, and never quits.
    let esc = press(KeyCode::Esc, none);
    assert_eq!(action_for(n, &esc), Some(Action::Back));
    assert_eq!(action_for(Mode::Detail, &esc), Some(Action::CloseDetail));
    assert_eq!(action_for(Mode::Export, &esc), Some(Action::CancelExport));
    assert_eq!(action_for(Mode::Help, &esc), Some(Action::ToggleHelp));
    assert_eq!(
        action_for(Mode::Warnings, &esc),
        Some(Action::ToggleWarnings)
    );
    for mode in [n, f, Mode::Detail, Mode::Export, Mode::Help, Mode::Warnings] {
        assert_ne!(action_for(mode, &esc), Some(Action::Quit), "{mode:?}");
    }
    // x exports, y copies, . is the scatter; in the export prompt they are text.
    assert_eq!(
        action_for(n, &press(KeyCode::Char('x'), none)),
        Some(Action::OpenExport)
    );
    assert_eq!(
        action_for(n, &press(KeyCode::Char('y'), none)),
        Some(Action::Copy)
    );
    assert_eq!(
        action_for(n, &press(KeyCode::Char('.'), none)),
        Some(Action::ToggleScatter)
    );
    assert!(matches!(
        action_for(Mode::Export, &press(KeyCode::Char('x'), none)),
        Some(Action::EditPrompt(_))
    ));
    // Releases do nothing.
    let mut release = press(KeyCode::Char('j'), none);
    release.kind = KeyEventKind::Release;
    assert_eq!(action_for(n, &release), None);
}

#[test]
fn every_user_action_has_a_key_and_a_label() {
    let reachable = [
        Action::NextYear,
        Action::PrevYear,
        Action::Down,
        Action::Up,
        Action::PageDown,
        Action::PageUp,
        Action::Top,
        Action::Bottom,
        Action::CycleSort,
        Action::ReverseSort,
        Action::OpenFilter,
        Action::ApplyFilter,
        Action::CancelFilter,
        Action::CycleParty,
        Action::CyclePlace,
        Action::ToggleCompare,
        Action::ToggleScatter,
        Action::OpenExport,
        Action::ApplyExport,
        Action::CancelExport,
        Action::Copy,
        Action::CloseDetail,
        Action::ToggleMap,
        Action::BaseEarlier,
        Action::BaseLater,
        Action::CycleElections,
        Action::CycleMeasure,
        Action::CycleCandidate,
        Action::CycleFocus,
        Action::ToggleHelp,
        Action::ToggleWarnings,
        Action::Suspend,
        Action::Open,
        Action::Back,
        Action::Quit,
    ];
    for a in reachable {
        let b = BINDINGS.iter().find(|b| b.action == a);
        assert!(
            b.is_some_and(|b| !b.keys.is_empty() && !b.label.is_empty()),
            "{a:?}"
        );
    }
    // No key means two things in one mode.
    for mode in [
        Mode::Normal,
        Mode::Filter,
        Mode::Help,
        Mode::Warnings,
        Mode::Export,
        Mode::Detail,
    ] {
        let keys: Vec<&Key> = BINDINGS
            .iter()
            .filter(|b| b.modes.contains(&mode))
            .flat_map(|b| b.keys)
            .collect();
        for (i, a) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(a), "{mode:?}: {a:?} bound twice");
        }
    }
}

#[test]
fn readme_key_table_names_every_key() {
    let readme = include_str!("../../README.md");
    for b in BINDINGS {
        for key in b.keys {
            let shown = format!("`{}`", key_name(key));
            assert!(
                readme.contains(&shown),
                "README.md lacks {shown} ({})",
                b.label
            );
        }
    }
}

#[test]
fn footer_hints_pair_previous_and_next() {
    let h = hints(Mode::Normal);
    assert_eq!(h[0], ("←→".to_string(), "year"));
    assert_eq!(h[1], ("↑↓".to_string(), "move"));
    assert!(h.iter().any(|(k, w)| k == "q" && *w == "quit"));
}
