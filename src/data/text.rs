//! Text that came from a file, made safe to print: control characters (C0, DEL, C1) and the
//! bidirectional overrides, isolates and marks become a visible placeholder, so that a cell
//! cannot move the cursor, set the window title, write to the clipboard or reorder what is
//! shown around it.

use std::borrow::Cow;

/// What an unsafe character is shown as.
pub const PLACEHOLDER: char = '\u{FFFD}';

/// Whether a character must not reach a terminal as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        )
}

/// The text with every unsafe character replaced by [`PLACEHOLDER`]; borrowed when clean.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_unsafe) {
        Cow::Owned(
            s.chars()
                .map(|c| if is_unsafe(c) { PLACEHOLDER } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// [`sanitize`] for an owned string, in place when it is clean.
pub fn sanitize_owned(s: String) -> String {
    match sanitize(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(o) => o,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_overrides_become_placeholders() {
        assert_eq!(sanitize("Larry Krasner"), "Larry Krasner");
        assert!(matches!(sanitize("Gym"), Cow::Borrowed(_)));
        // A window-title OSC, a clear-screen CSI, an OSC 52 clipboard write, C1 CSI, BEL.
        let evil = "A\u{1b}]0;pwned\u{7}B\u{1b}[2JC\u{1b}]52;c;eA==\u{7}D\u{9b}31mE";
        let clean = sanitize(evil);
        assert!(!clean.chars().any(is_unsafe));
        assert!(!clean.contains('\u{1b}'));
        assert_eq!(clean.matches(PLACEHOLDER).count(), 6);
        assert_eq!(sanitize("abc\u{202E}fed"), "abc\u{FFFD}fed");
        assert_eq!(sanitize("x\u{2067}y\u{2069}"), "x\u{FFFD}y\u{FFFD}");
        assert_eq!(sanitize("tab\there"), "tab\u{FFFD}here");
        // Accents and wide characters are text, not threats.
        assert_eq!(sanitize("José 張"), "José 張");
    }
}
