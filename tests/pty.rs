//! The real binary in a pseudo-terminal, read through a terminal emulator (vt100): it starts,
//! shows the 2023 ward table, moves with keys, quits, and leaves the terminal as it found it.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `turnout` in a pty, with what it wrote parsed into a screen.
struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Session {
    fn start(args: &[&str], cols: u16, rows: u16) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_turnout"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("TURNOUT_DATA");
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        let child = pty.slave.spawn_command(cmd).expect("turnout starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (screen.clone(), raw.clone());
        std::thread::spawn(move || {
            // Keep the master alive while reading.
            let _master = pty.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Session {
            screen,
            raw,
            writer,
            child,
        }
    }

    fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `needle`, or fails with what it shows.
    fn wait_for(&self, needle: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("screen never showed {needle:?}:\n{}", self.text());
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(5),
                "turnout did not exit"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn explorer_starts_moves_with_keys_quits_and_restores_the_terminal() {
    let mut s = Session::start(&[], 120, 40);
    s.wait_for("Wards (66)");
    let text = s.text();
    assert!(
        text.contains("City · 2023 primary (Mayor): turnout 27.5%"),
        "{text}"
    );
    assert!(text.contains("Ward 01 vs city"), "{text}");
    {
        let parser = s.screen.lock().unwrap();
        let screen = parser.screen();
        assert!(
            screen.alternate_screen(),
            "the explorer draws on the alternate screen"
        );
        // Ward 01's row is the selected one: drawn in reverse video.
        let row = (0..40)
            .find(|&r| screen.contents_between(r, 1, r, 3) == "01")
            .expect("ward 01's row");
        assert!(screen.cell(row, 1).unwrap().inverse());
    }
    // j, then the arrow key, select ward 03; the trend follows the selection.
    s.send("j");
    s.wait_for("Ward 02 vs city");
    s.send("\x1b[B");
    s.wait_for("Ward 03 vs city");
    // ← goes back a year; the same ward stays selected.
    s.send("\x1b[D");
    s.wait_for("City · 2021 primary");
    assert!(s.text().contains("Ward 03 vs city"));
    // The help is generated from the keymap.
    s.send("?");
    s.wait_for("focus the next panel");
    s.send("?");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    std::thread::sleep(Duration::from_millis(100));
    let parser = s.screen.lock().unwrap();
    assert!(
        !parser.screen().alternate_screen(),
        "left the alternate screen"
    );
    assert!(
        !parser.screen().hide_cursor(),
        "the cursor is visible again"
    );
    let raw = s.raw.lock().unwrap();
    let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(64)..]).into_owned();
    assert!(tail.contains("\x1b[?1049l"), "{tail:?}");
}

#[test]
fn ctrl_c_and_esc_quit_too() {
    for key in ["\x03", "\x1b"] {
        let mut s = Session::start(&[], 80, 24);
        s.wait_for("Wards (66)");
        s.send(key);
        assert!(s.wait_exit().success());
    }
}
