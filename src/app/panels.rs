//! The side panels' cursors: which line of the trend or candidates panel is marked, and how
//! far each is scrolled to keep it in view. The screen tells the sizes; keys move the cursor.

use super::{App, Focus};

/// A cursor over a panel's lines, and the first line shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PanelCursor {
    /// The marked line.
    pub line: usize,
    /// The first line shown.
    pub scroll: usize,
    /// Lines the panel has (as last drawn).
    lines: usize,
    /// Lines that fit (as last drawn).
    height: usize,
    /// Whether the marked line is blank (nothing for `Enter` to show).
    pub blank: bool,
}

impl PanelCursor {
    /// Moves the marked line by `by`, within the lines the panel has.
    fn move_by(&mut self, by: isize) {
        let last = self.lines.saturating_sub(1) as isize;
        self.line = (self.line as isize)
            .saturating_add(by)
            .clamp(0, last.max(0)) as usize;
        self.keep_in_view();
    }

    /// Scrolls only when the marked line leaves the window, then by half a window.
    fn keep_in_view(&mut self) {
        let h = self.height.max(1);
        if self.line < self.scroll {
            self.scroll = self.line.saturating_sub(h / 2);
        } else if self.line >= self.scroll + h {
            self.scroll = (self.line + 1 + h / 2).saturating_sub(h);
        }
        self.scroll = self.scroll.min(self.lines.saturating_sub(h));
    }

    /// Takes the panel's size as drawn.
    fn set_size(&mut self, lines: usize, height: usize) {
        self.lines = lines;
        self.height = height;
        self.line = self.line.min(lines.saturating_sub(1));
        self.keep_in_view();
    }

    /// Marks a line and shows it.
    fn show(&mut self, line: usize) {
        self.line = line;
        self.keep_in_view();
    }

    /// Back to the first line.
    pub(super) fn reset(&mut self) {
        self.line = 0;
        self.scroll = 0;
    }
}

/// The size of each side panel as the screen draws it: (lines, rows that fit); `None` where
/// the panel is not shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PanelSizes {
    /// The trend panel.
    pub trend: Option<(usize, usize)>,
    /// The candidates panel.
    pub candidates: Option<(usize, usize)>,
    /// The line of the trend panel that holds the selected year.
    pub trend_selected: Option<usize>,
    /// Blank lines of each panel (trend, candidates), so that `Enter` on one shows nothing.
    pub blank: (Vec<usize>, Vec<usize>),
}

impl App {
    /// Tells the app the panels' sizes (the run loop and tests know the screen): the cursors
    /// stay within the lines, and the trend keeps the selected year in view unless the user
    /// is moving through it.
    pub fn set_panel_sizes(&mut self, sizes: PanelSizes) {
        if let Some((lines, height)) = sizes.candidates {
            self.cands.set_size(lines, height);
            self.cands.blank = sizes.blank.1.contains(&self.cands.line);
        }
        if let Some((lines, height)) = sizes.trend {
            self.trend.set_size(lines, height);
            if self.focus != Focus::Trend
                && let Some(line) = sizes.trend_selected
            {
                self.trend.show(line);
            }
            self.trend.blank = sizes.blank.0.contains(&self.trend.line);
        }
    }

    /// The candidates panel's cursor.
    pub fn candidates_cursor(&self) -> PanelCursor {
        self.cands
    }

    /// The trend panel's cursor.
    pub fn trend_cursor(&self) -> PanelCursor {
        self.trend
    }

    /// Moves the focused panel's cursor; false when no panel has the focus.
    pub(super) fn move_panel(&mut self, by: isize) -> bool {
        match self.focus {
            Focus::Candidates => self.cands.move_by(by),
            Focus::Trend => self.trend.move_by(by),
            Focus::Wards => return false,
        }
        true
    }

    /// Whether the focused panel's marked line has nothing to show.
    pub(super) fn marked_line_blank(&self) -> bool {
        match self.focus {
            Focus::Candidates => self.cands.blank,
            Focus::Trend => self.trend.blank,
            Focus::Wards => false,
        }
    }

    /// Moves the focus to the next panel; the trend's cursor starts on the selected year.
    pub(super) fn next_focus(&mut self) {
        self.focus = match self.focus {
            Focus::Wards => Focus::Trend,
            Focus::Trend => Focus::Candidates,
            Focus::Candidates => Focus::Wards,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_stays_within_the_lines_and_in_view() {
        let mut c = PanelCursor::default();
        c.set_size(30, 10);
        c.move_by(9);
        assert_eq!((c.line, c.scroll), (9, 0));
        c.move_by(1);
        assert_eq!((c.line, c.scroll), (10, 6));
        c.move_by(100);
        assert_eq!((c.line, c.scroll), (29, 20));
        c.move_by(-100);
        assert_eq!((c.line, c.scroll), (0, 0));
        // Fewer lines (another year): the cursor comes back inside.
        c.move_by(29);
        c.set_size(5, 10);
        assert_eq!((c.line, c.scroll), (4, 0));
    }
}
