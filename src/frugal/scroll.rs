//! Whole rows that moved up or down between two frames, found by hashing rows, so the terminal
//! can scroll them with a scroll region instead of having them redrawn.

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;

/// Rows a scroll must spare from being redrawn to be worth its bytes (about 15).
const MIN_ROWS_SPARED: usize = 3;

/// Whole rows that moved: `by` rows up (or down) within `region`, the rows left behind blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Shift {
    /// The rows that moved, and those left behind.
    pub(super) region: std::ops::Range<u16>,
    /// How many rows.
    pub(super) by: u16,
    /// Up (else down).
    pub(super) up: bool,
}

/// FNV-1a: rows are hashed only to find candidates, each then compared cell by cell.
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

fn row_hashes(b: &Buffer) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let w = b.area.width as usize;
    b.content
        .chunks(w.max(1))
        .map(|row| {
            let mut h = Fnv(0xcbf2_9ce4_8422_2325);
            row.hash(&mut h);
            h.finish()
        })
        .collect()
}

fn row(b: &Buffer, y: u16) -> &[Cell] {
    let w = b.area.width as usize;
    &b.content[y as usize * w..(y as usize + 1) * w]
}

/// The scroll that spares the most changed rows from being redrawn, if one spares enough:
/// a run of rows whose new content is the old content of the rows `by` below (or above).
pub(super) fn find_shift(screen: &Buffer, target: &Buffer) -> Option<Shift> {
    let h = screen.area.height;
    let (old, new) = (row_hashes(screen), row_hashes(target));
    let changed = |y: u16| old[y as usize] != new[y as usize];
    let mut best: Option<(usize, Shift)> = None;
    for by in 1..h {
        for up in [true, false] {
            // Row y takes what row `from(y)` showed.
            let from = |y: u16| if up { y + by } else { y.wrapping_sub(by) };
            let ys: Vec<u16> = if up {
                (0..h - by).collect()
            } else {
                (by..h).collect()
            };
            let mut run: Option<(u16, u16, usize)> = None;
            let mut consider = |run: Option<(u16, u16, usize)>| {
                let Some((a, b, spared)) = run else { return };
                // The rows the scroll leaves blank, unchanged before, must be drawn again.
                let blanked: Vec<u16> = if up {
                    (b + 1..=b + by).collect()
                } else {
                    (a - by..a).collect()
                };
                let lost = blanked.iter().filter(|&&y| !changed(y)).count();
                let gain = spared.saturating_sub(lost);
                if gain >= MIN_ROWS_SPARED && best.as_ref().is_none_or(|(g, _)| gain > *g) {
                    let region = if up { a..b + by + 1 } else { a - by..b + 1 };
                    best = Some((gain, Shift { region, by, up }));
                }
            };
            for &y in &ys {
                let f = from(y);
                // Checked cell by cell, not trusting the hash alone.
                if new[y as usize] == old[f as usize] && row(target, y) == row(screen, f) {
                    let spared = usize::from(changed(y));
                    run = Some(match run {
                        Some((a, _, n)) => (a, y, n + spared),
                        None => (y, y, spared),
                    });
                } else {
                    consider(run.take());
                }
            }
            consider(run);
        }
    }
    best.map(|(_, s)| s)
}

/// The screen copy after `shift`, as the terminal shows it.
pub(super) fn apply_shift(screen: &mut Buffer, shift: &Shift) {
    let w = screen.area.width as usize;
    let h = screen.area.height;
    let (start, end) = (
        shift.region.start.min(h) as usize * w,
        shift.region.end.min(h) as usize * w,
    );
    let cells = &mut screen.content[start..end];
    let by = (shift.by as usize * w).min(cells.len());
    if shift.up {
        cells.rotate_left(by);
        let len = cells.len();
        cells[len - by..].fill(Cell::EMPTY);
    } else {
        cells.rotate_right(by);
        cells[..by].fill(Cell::EMPTY);
    }
}

/// Whether a frame changes enough of the screen for a scroll to be worth looking for: a
/// cursor move in a table changes two rows and a few cells of the panels (about 5% of the
/// screen); a scrolled or jumped table, most of its rows (a fifth and more).
pub(super) fn may_have_scrolled(changes: &[(u16, u16, Cell)], area: Rect) -> bool {
    changes.len() * 10 >= area.area() as usize
}
