//! What the user's terminal can show, decided from the environment and the flags: how many
//! colours (`--color`, `NO_COLOR`, `COLORTERM`, `TERM`) and whether to draw in ASCII only
//! (`--ascii`, or a locale that is not UTF-8). Pure functions of the environment given.

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Decide from NO_COLOR, COLORTERM and TERM.
    Auto,
    /// Colours even where NO_COLOR is set.
    Always,
    /// No colours: selection, sort and focus still show through reverse, bold and underline.
    Never,
}

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColorLevel {
    /// None: attributes only (reverse, bold, underline).
    None,
    /// The 16 ANSI colours.
    Ansi16,
    /// The 256-colour palette.
    Ansi256,
    /// 24-bit colour.
    TrueColor,
}

/// How the screen is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    /// Colours available.
    pub colors: ColorLevel,
    /// ASCII only: borders, ramps and marks from plain characters.
    pub ascii: bool,
    /// The terminal scrolls a band of rows on request (DECSTBM and SU): the table may then
    /// scroll a row at a time at the cost of one new row.
    pub scroll_regions: bool,
}

impl Default for Look {
    fn default() -> Look {
        Look {
            colors: ColorLevel::Ansi16,
            ascii: false,
            scroll_regions: false,
        }
    }
}

/// The colour level for a choice, given the environment (`env("NO_COLOR")` and so on).
/// `auto` honours a non-empty NO_COLOR; truecolor only when COLORTERM says so (SSH does not
/// forward it); else 256 or 16 colours from TERM; none for `TERM=dumb` or no TERM.
pub fn color_level(choice: ColorChoice, env: &dyn Fn(&str) -> Option<String>) -> ColorLevel {
    let set = |k: &str| env(k).filter(|v| !v.is_empty());
    let term = set("TERM").unwrap_or_default().to_ascii_lowercase();
    let from_term = || {
        if set("COLORTERM")
            .is_some_and(|c| matches!(c.to_ascii_lowercase().as_str(), "truecolor" | "24bit"))
        {
            ColorLevel::TrueColor
        } else if term.contains("256") || term.contains("direct") {
            ColorLevel::Ansi256
        } else {
            ColorLevel::Ansi16
        }
    };
    match choice {
        ColorChoice::Never => ColorLevel::None,
        ColorChoice::Always => from_term(),
        ColorChoice::Auto if set("NO_COLOR").is_some() => ColorLevel::None,
        ColorChoice::Auto if term.is_empty() || term == "dumb" => ColorLevel::None,
        ColorChoice::Auto => from_term(),
    }
}

/// Whether the terminal can move its cursor (the explorer's full screen): not with
/// `TERM=dumb`, an empty TERM or none.
pub fn can_address(env: &dyn Fn(&str) -> Option<String>) -> bool {
    env("TERM").is_some_and(|t| !t.is_empty() && t != "dumb")
}

/// Whether the locale is UTF-8: the first of LC_ALL, LC_CTYPE, LANG that is set decides; none
/// set means the C locale, which is not.
pub fn utf8_locale(env: &dyn Fn(&str) -> Option<String>) -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| env(k).filter(|v| !v.is_empty()))
        .is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        })
}

/// The look for the flags and the environment.
pub fn look(color: ColorChoice, ascii: bool, env: &dyn Fn(&str) -> Option<String>) -> Look {
    Look {
        colors: color_level(color, env),
        ascii: ascii || !utf8_locale(env),
        scroll_regions: scroll_regions(env),
    }
}

/// Whether `TERM` names a terminal known to scroll a region on request (`ESC [ t ; b r`, then
/// `ESC [ n S`): xterm and its kin, tmux and screen. The Linux console, vt100 and unknown
/// terminals are not asked to.
fn scroll_regions(env: &dyn Fn(&str) -> Option<String>) -> bool {
    const KNOWN: [&str; 14] = [
        "xterm",
        "screen",
        "tmux",
        "rxvt",
        "alacritty",
        "foot",
        "kitty",
        "wezterm",
        "st-",
        "konsole",
        "gnome",
        "vte",
        "iterm",
        "ghostty",
    ];
    env("TERM").is_some_and(|t| KNOWN.iter().any(|k| t.starts_with(k)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Environment variables of a case.
    type Env<'a> = &'a [(&'a str, &'a str)];

    fn env_of<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn colour_level_follows_no_color_colorterm_and_term() {
        use ColorChoice::*;
        use ColorLevel as L;
        let cases: &[(Env, ColorChoice, ColorLevel)] = &[
            (&[("TERM", "xterm-256color")], Auto, L::Ansi256),
            (
                &[("TERM", "xterm-256color"), ("COLORTERM", "truecolor")],
                Auto,
                L::TrueColor,
            ),
            (
                &[("TERM", "xterm"), ("COLORTERM", "24bit")],
                Auto,
                L::TrueColor,
            ),
            (&[("TERM", "screen"), ("COLORTERM", "yes")], Auto, L::Ansi16),
            (&[("TERM", "tmux-256color")], Auto, L::Ansi256),
            (&[("TERM", "xterm")], Auto, L::Ansi16),
            (&[("TERM", "linux")], Auto, L::Ansi16),
            (&[("TERM", "dumb")], Auto, L::None),
            (&[], Auto, L::None),
            (
                &[("TERM", "xterm-256color"), ("NO_COLOR", "1")],
                Auto,
                L::None,
            ),
            // An empty NO_COLOR does not count.
            (
                &[("TERM", "xterm-256color"), ("NO_COLOR", "")],
                Auto,
                L::Ansi256,
            ),
            (
                &[("TERM", "xterm-256color"), ("NO_COLOR", "1")],
                Always,
                L::Ansi256,
            ),
            (
                &[("TERM", "xterm-256color"), ("COLORTERM", "truecolor")],
                Never,
                L::None,
            ),
        ];
        for (env, choice, want) in cases {
            assert_eq!(
                color_level(*choice, &env_of(env)),
                *want,
                "{env:?} {choice:?}"
            );
        }
    }

    #[test]
    fn dumb_empty_or_no_term_cannot_draw_the_explorer() {
        assert!(can_address(&env_of(&[("TERM", "xterm")])));
        assert!(!can_address(&env_of(&[("TERM", "dumb")])));
        assert!(!can_address(&env_of(&[("TERM", "")])));
        assert!(!can_address(&env_of(&[])));
    }

    #[test]
    fn ascii_when_the_locale_is_not_utf8() {
        let cases: &[(Env, bool)] = &[
            (&[("LANG", "en_US.UTF-8")], true),
            (&[("LANG", "de_DE.utf8")], true),
            (&[("LC_ALL", "C"), ("LANG", "en_US.UTF-8")], false),
            (&[("LC_CTYPE", "en_US.UTF-8"), ("LANG", "C")], true),
            (&[("LC_ALL", ""), ("LC_CTYPE", "POSIX")], false),
            (&[("LANG", "C")], false),
            (&[], false),
        ];
        for (env, utf8) in cases {
            assert_eq!(utf8_locale(&env_of(env)), *utf8, "{env:?}");
        }
        let l = look(
            ColorChoice::Auto,
            false,
            &env_of(&[("LANG", "C"), ("TERM", "xterm")]),
        );
        assert!(l.ascii);
        let l = look(ColorChoice::Auto, true, &env_of(&[("LANG", "en_US.UTF-8")]));
        assert!(l.ascii);
    }

    #[test]
    fn only_terminals_known_to_scroll_a_region_are_asked_to() {
        for (term, yes) in [
            ("xterm-256color", true),
            ("tmux-256color", true),
            ("screen", true),
            ("alacritty", true),
            ("linux", false),
            ("vt100", false),
            ("dumb", false),
        ] {
            let pairs = [("TERM", term), ("LANG", "en_US.UTF-8")];
            let l = look(ColorChoice::Auto, false, &env_of(&pairs));
            assert_eq!(l.scroll_regions, yes, "{term}");
        }
        assert!(!look(ColorChoice::Auto, false, &env_of(&[])).scroll_regions);
    }
}
