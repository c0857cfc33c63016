//! The attributes SGR sequences set (colours and modifiers), read from crossterm's
//! sequences and written back as the shortest change from what is in force.

/// A colour as SGR sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Colour {
    #[default]
    Default,
    /// One of the 16 basic colours (palette 0-15).
    Basic(u8),
    /// Palette 16-255.
    Index(u8),
    Rgb(u8, u8, u8),
}

/// The attributes in force: colours and the modifiers SGR 1-9 (one bit each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Sgr {
    fg: Colour,
    bg: Colour,
    underline: Colour,
    on: u16,
}

/// The parameters of an SGR sequence (`1;38;5;4`); `None` for any form this writer does not
/// follow (colon sub-parameters, codes it does not know).
pub(super) fn params(bytes: &[u8]) -> Option<Vec<u16>> {
    if bytes.is_empty() {
        return Some(vec![0]);
    }
    bytes
        .split(|&b| b == b';')
        .map(|p| {
            if p.is_empty() {
                return Some(0);
            }
            std::str::from_utf8(p).ok()?.parse().ok()
        })
        .collect()
}

/// A colour from `38`/`48`/`58` and what follows it; the parameters it used.
fn extended(p: &[u16]) -> Option<(Colour, usize)> {
    match p {
        [5, n, ..] if *n < 16 => Some((Colour::Basic(*n as u8), 2)),
        [5, n, ..] if *n < 256 => Some((Colour::Index(*n as u8), 2)),
        [2, r, g, b, ..] if *r < 256 && *g < 256 && *b < 256 => {
            Some((Colour::Rgb(*r as u8, *g as u8, *b as u8), 4))
        }
        _ => None,
    }
}

impl Sgr {
    /// The attributes after an SGR sequence's parameters, or `None` if it holds one this
    /// writer does not follow.
    pub(super) fn apply(mut self, p: &[u16]) -> Option<Sgr> {
        let mut i = 0;
        while i < p.len() {
            let n = p[i];
            i += 1;
            match n {
                0 => self = Sgr::default(),
                1..=9 => self.on |= 1 << n,
                22 => self.on &= !(1 << 1 | 1 << 2),
                23..=29 if n != 26 => {
                    self.on &= !(1 << (n - 20));
                    if n == 25 {
                        self.on &= !(1 << 6);
                    }
                }
                30..=37 => self.fg = Colour::Basic((n - 30) as u8),
                90..=97 => self.fg = Colour::Basic((n - 90 + 8) as u8),
                40..=47 => self.bg = Colour::Basic((n - 40) as u8),
                100..=107 => self.bg = Colour::Basic((n - 100 + 8) as u8),
                39 => self.fg = Colour::Default,
                49 => self.bg = Colour::Default,
                59 => self.underline = Colour::Default,
                38 | 48 | 58 => {
                    let (c, used) = extended(&p[i..])?;
                    i += used;
                    match n {
                        38 => self.fg = c,
                        48 => self.bg = c,
                        _ => self.underline = c,
                    }
                }
                _ => return None,
            }
        }
        Some(self)
    }

    /// The parameters that set `colour` for a layer (`fg` 30, `bg` 40, underline 50).
    fn colour_params(base: u16, colour: Colour, out: &mut Vec<u16>) {
        match colour {
            Colour::Default => out.push(base + 9),
            Colour::Basic(n) if base != 50 && n < 8 => out.push(base + n as u16),
            Colour::Basic(n) if base != 50 => out.push(base + 60 + n as u16 - 8),
            Colour::Basic(n) | Colour::Index(n) => out.extend([base + 8, 5, n as u16]),
            Colour::Rgb(r, g, b) => out.extend([base + 8, 2, r as u16, g as u16, b as u16]),
        }
    }

    /// The shortest SGR parameters taking the terminal from `self` to `to` (empty when they
    /// are the same): the changes, or a reset and everything `to` sets.
    pub(super) fn change_to(self, to: Sgr) -> Vec<u16> {
        if self == to {
            return Vec::new();
        }
        let mut changes = Vec::new();
        let mut now = self.on;
        let off = now & !to.on;
        // 22 ends bold and faint together, 25 both blinks.
        for (bits, code) in [(1 << 1 | 1 << 2, 22), (1 << 5 | 1 << 6, 25)] {
            if off & bits != 0 {
                changes.push(code);
                now &= !bits;
            }
        }
        for n in [3u16, 4, 7, 8, 9] {
            if off & (1 << n) != 0 {
                changes.push(n + 20);
                now &= !(1 << n);
            }
        }
        for n in 1..=9u16 {
            if to.on & !now & (1 << n) != 0 {
                changes.push(n);
            }
        }
        for (base, from, want) in [
            (30, self.fg, to.fg),
            (40, self.bg, to.bg),
            (50, self.underline, to.underline),
        ] {
            if from != want {
                Sgr::colour_params(base, want, &mut changes);
            }
        }
        let mut reset = vec![0];
        for n in 1..=9u16 {
            if to.on & (1 << n) != 0 {
                reset.push(n);
            }
        }
        for (base, want) in [(30, to.fg), (40, to.bg), (50, to.underline)] {
            if want != Colour::Default {
                Sgr::colour_params(base, want, &mut reset);
            }
        }
        if sgr_len(&reset) < sgr_len(&changes) {
            reset
        } else {
            changes
        }
    }
}

/// SGR parameters with each `38;5;n` / `48;5;n` (n < 16) written as the basic code, which
/// every terminal knows.
pub(super) fn basic(p: &[u16]) -> Vec<u16> {
    let mut out = Vec::with_capacity(p.len());
    let mut i = 0;
    while i < p.len() {
        let n = p[i];
        let rest = &p[i + 1..];
        match (n, rest) {
            (38 | 48, [5, c, ..]) if *c < 16 => {
                let base = if n == 38 { 30 } else { 40 };
                out.push(if *c < 8 { base + c } else { base + 60 + c - 8 });
                i += 3;
            }
            (38 | 48 | 58, [5, ..]) => {
                let end = (i + 3).min(p.len());
                out.extend_from_slice(&p[i..end]);
                i = end;
            }
            (38 | 48 | 58, [2, ..]) => {
                let end = (i + 5).min(p.len());
                out.extend_from_slice(&p[i..end]);
                i = end;
            }
            _ => {
                out.push(n);
                i += 1;
            }
        }
    }
    out
}

/// The bytes of `ESC [ params m`.
pub(super) fn sgr_len(p: &[u16]) -> usize {
    3 + p.iter().map(|n| digits(*n as u32)).sum::<usize>() + p.len().saturating_sub(1)
}

fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

pub(super) fn write_sgr(p: &[u16], out: &mut Vec<u8>) {
    out.extend_from_slice(b"\x1b[");
    for (i, n) in p.iter().enumerate() {
        if i > 0 {
            out.push(b';');
        }
        out.extend_from_slice(n.to_string().as_bytes());
    }
    out.push(b'm');
}
