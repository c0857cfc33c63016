//! A writer for 16-colour terminals (`TERM=xterm`, `vt100`, `linux`): crossterm writes every
//! colour as `38;5;n`, which such terminals may not know; this passes everything through but
//! rewrites the 16 basic colours to SGR 30-37/90-97 (foreground) and 40-47/100-107
//! (background). Escape sequences split across writes are put together first.

use std::io::{self, Write};

/// Wraps a writer; with `rewrite` off it passes bytes through untouched.
#[derive(Debug)]
pub struct Sgr16<W: Write> {
    inner: W,
    rewrite: bool,
    /// An unfinished control sequence (`ESC [ ...` without its final byte yet).
    pending: Vec<u8>,
}

impl<W: Write> Sgr16<W> {
    /// A writer that rewrites colours when `rewrite` is on.
    pub fn new(inner: W, rewrite: bool) -> Sgr16<W> {
        Sgr16 {
            inner,
            rewrite,
            pending: Vec::new(),
        }
    }
}

/// The parameters of an SGR sequence with each `38;5;n` / `48;5;n` (n < 16) made basic.
fn basic(params: &[u8]) -> Vec<u8> {
    let parts: Vec<&[u8]> = params.split(|&b| b == b';').collect();
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        let n = |k: usize| -> Option<u32> {
            parts
                .get(k)
                .and_then(|p| std::str::from_utf8(p).ok())
                .and_then(|s| s.parse().ok())
        };
        match (n(i), n(i + 1), n(i + 2)) {
            (Some(which @ (38 | 48)), Some(5), Some(c)) if c < 16 => {
                let base = if which == 38 { 30 } else { 40 };
                out.push(if c < 8 { base + c } else { base + 60 + c - 8 }.to_string());
                i += 3;
            }
            _ => {
                out.push(String::from_utf8_lossy(parts[i]).into_owned());
                i += 1;
            }
        }
    }
    out.join(";").into_bytes()
}

impl<W: Write> Write for Sgr16<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.rewrite {
            return self.inner.write(buf);
        }
        let mut out = Vec::with_capacity(buf.len() + 8);
        for &b in buf {
            if self.pending.is_empty() {
                if b == 0x1b {
                    self.pending.push(b);
                } else {
                    out.push(b);
                }
                continue;
            }
            self.pending.push(b);
            match self.pending.len() {
                // Only CSI sequences are looked into.
                2 if b != b'[' => out.append(&mut self.pending),
                2 => {}
                _ if (0x40..=0x7e).contains(&b) => {
                    let seq = std::mem::take(&mut self.pending);
                    if b == b'm' {
                        out.extend_from_slice(b"\x1b[");
                        out.extend(basic(&seq[2..seq.len() - 1]));
                        out.push(b'm');
                    } else {
                        out.extend(seq);
                    }
                }
                // A runaway sequence is passed on as it is.
                n if n > 64 => out.append(&mut self.pending),
                _ => {}
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(chunks: &[&[u8]], rewrite: bool) -> Vec<u8> {
        let mut w = Sgr16::new(Vec::new(), rewrite);
        for c in chunks {
            w.write_all(c).unwrap();
        }
        w.inner
    }

    #[test]
    fn basic_colours_become_sgr_30_to_107_even_split_across_writes() {
        assert_eq!(through(&[b"\x1b[38;5;4;49mx"], true), b"\x1b[34;49mx");
        assert_eq!(through(&[b"\x1b[38;5;12m"], true), b"\x1b[94m");
        assert_eq!(through(&[b"\x1b[48;5;3m"], true), b"\x1b[43m");
        assert_eq!(
            through(&[b"\x1b[", b"38;", b"5;1", b"1m"], true),
            b"\x1b[93m"
        );
        // The 256-colour palette beyond the 16 stays; cursor moves and text pass through.
        assert_eq!(through(&[b"\x1b[38;5;33m"], true), b"\x1b[38;5;33m");
        assert_eq!(
            through(&[b"a\x1b[3;5Hb\x1b[1m"], true),
            b"a\x1b[3;5Hb\x1b[1m"
        );
        assert_eq!(
            through(&[b"\x1b]52;c;YQ==\x07"], true),
            b"\x1b]52;c;YQ==\x07"
        );
        // Off: untouched.
        assert_eq!(through(&[b"\x1b[38;5;4m"], false), b"\x1b[38;5;4m");
    }
}
