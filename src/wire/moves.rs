//! The cursor moves the writer sends: a row move and a column move where together they are
//! shorter than the absolute move asked for, chosen by their lengths before anything is written.

use super::Cursor;

/// Down or up the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rows {
    Stay,
    /// Line feeds, one a row (raw mode sends them as they are: down, same column).
    LineFeeds(u16),
    Down(u16),
    Up(u16),
}

/// Along the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cols {
    Stay,
    /// To a column (1-based): `ESC [ c G`.
    To(u16),
    Right(u16),
    /// Backspaces, one a column left.
    Backspaces(u16),
    Left(u16),
}

/// A move relative to where the cursor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Move {
    rows: Rows,
    cols: Cols,
}

fn digits(n: u16) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

/// The bytes of `ESC [ n X` (`ESC [ X` for one).
fn relative_len(n: u16) -> usize {
    if n == 1 { 3 } else { 3 + digits(n) }
}

/// `ESC [ n X` (`ESC [ X` for one).
fn relative(n: u16, final_byte: u8, out: &mut Vec<u8>) {
    out.extend_from_slice(b"\x1b[");
    if n != 1 {
        out.extend_from_slice(n.to_string().as_bytes());
    }
    out.push(final_byte);
}

impl Rows {
    fn len(self) -> usize {
        match self {
            Rows::Stay => 0,
            Rows::LineFeeds(n) => n as usize,
            Rows::Down(n) | Rows::Up(n) => relative_len(n),
        }
    }

    fn write(self, out: &mut Vec<u8>) {
        match self {
            Rows::Stay => {}
            Rows::LineFeeds(n) => out.extend(std::iter::repeat_n(b'\n', n as usize)),
            Rows::Down(n) => relative(n, b'B', out),
            Rows::Up(n) => relative(n, b'A', out),
        }
    }
}

impl Cols {
    fn len(self) -> usize {
        match self {
            Cols::Stay => 0,
            Cols::To(c) => 3 + digits(c),
            Cols::Backspaces(n) => n as usize,
            Cols::Right(n) | Cols::Left(n) => relative_len(n),
        }
    }

    fn write(self, out: &mut Vec<u8>) {
        match self {
            Cols::Stay => {}
            Cols::To(c) => {
                out.extend_from_slice(b"\x1b[");
                out.extend_from_slice(c.to_string().as_bytes());
                out.push(b'G');
            }
            Cols::Backspaces(n) => out.extend(std::iter::repeat_n(0x08, n as usize)),
            Cols::Right(n) => relative(n, b'C', out),
            Cols::Left(n) => relative(n, b'D', out),
        }
    }
}

impl Move {
    /// Its bytes.
    pub(super) fn len(self) -> usize {
        self.rows.len() + self.cols.len()
    }

    pub(super) fn write(self, out: &mut Vec<u8>) {
        self.rows.write(out);
        self.cols.write(out);
    }
}

/// The shortest relative move from `cur` to `(row, col)` (0-based) on a terminal `width` wide,
/// where one is shorter than the `absolute` bytes of the `ESC [ r ; c H` asked for.
pub(super) fn shortest(
    cur: Option<Cursor>,
    (row, col): (u16, u16),
    width: u16,
    margins_full: bool,
    absolute: usize,
) -> Option<Move> {
    let cur = cur?;
    let rows = if row > cur.row && row - cur.row <= 3 && margins_full {
        // No scroll: the target row is on the screen, so not past the last one.
        Rows::LineFeeds(row - cur.row)
    } else if row > cur.row {
        Rows::Down(row - cur.row)
    } else if row < cur.row {
        Rows::Up(cur.row - row)
    } else {
        Rows::Stay
    };
    // The column by number always works; counted from the cursor only where it is exact.
    let mut along = Cols::To(col + 1);
    if cur.exact && cur.col < width {
        let counted = if col > cur.col {
            Cols::Right(col - cur.col)
        } else if cur.col == col {
            Cols::Stay
        } else if cur.col - col <= 3 {
            Cols::Backspaces(cur.col - col)
        } else {
            Cols::Left(cur.col - col)
        };
        if counted.len() < along.len() {
            along = counted;
        }
    }
    let m = Move { rows, cols: along };
    (m.len() < absolute).then_some(m)
}

/// The bytes of crossterm's `MoveTo` to `(row, col)` (0-based): `ESC [ row+1 ; col+1 H`.
pub(super) fn absolute_len((row, col): (u16, u16)) -> usize {
    4 + digits(row + 1) + digits(col + 1)
}

/// The bytes of the writer's move along a row from column `from` to column `to` (0-based),
/// where the cursor's column is `exact`ly known (only ASCII printed since it was placed) or not.
pub fn along_row(from: u16, to: u16, exact: bool) -> usize {
    let cur = Cursor {
        row: 0,
        col: from,
        exact,
    };
    shortest(Some(cur), (0, to), u16::MAX, true, usize::MAX).map_or(0, Move::len)
}
