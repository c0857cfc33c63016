//! The real binary in a pseudo-terminal, read through a terminal emulator (vt100): it starts,
//! shows the 2023 ward table, moves with keys, quits, and leaves the terminal as it found it;
//! NO_COLOR and --ascii output, escape sequences from a file, hang-ups and SIGTERM.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "common/million.rs"]
mod million;

/// A running `turnout` in a pty, with what it wrote parsed into a screen.
struct Session {
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Arc<Mutex<Option<Box<dyn portable_pty::MasterPty + Send>>>>,
    /// Set to make the reader let go of its copy of the master, closing the terminal.
    hang_up: Arc<std::sync::atomic::AtomicBool>,
    /// Set by the reader when it has read everything (the last copy of the slave closed).
    drained: Arc<std::sync::atomic::AtomicBool>,
}

impl Session {
    fn start(args: &[&str], cols: u16, rows: u16) -> Session {
        Session::start_with(args, &[], cols, rows)
    }

    fn start_with(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Session {
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
        cmd.env("LANG", "en_US.UTF-8");
        cmd.env_remove("LC_ALL");
        cmd.env_remove("LC_CTYPE");
        cmd.env_remove("NO_COLOR");
        cmd.env_remove("COLORTERM");
        cmd.env_remove("TURNOUT_DATA");
        cmd.env("XDG_DATA_DIRS", "/nonexistent/turnout-tests");
        cmd.env("XDG_DATA_HOME", "/nonexistent/turnout-tests-home");
        for (k, v) in env {
            cmd.env(k, v);
        }
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
        let fd = pty.master.as_raw_fd().expect("a unix pty");
        let master = Arc::new(Mutex::new(Some(pty.master)));
        let hang_up = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = hang_up.clone();
        let drained = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let done = drained.clone();
        // Non-blocking reads (the flag is shared with the reader's copy of the master), so that
        // a hang-up can close every copy of the master, as a dropped connection does.
        use nix::fcntl::{FcntlArg, OFlag, fcntl};
        let flags = OFlag::from_bits_truncate(fcntl(fd, FcntlArg::F_GETFL).unwrap());
        fcntl(fd, FcntlArg::F_SETFL(flags | OFlag::O_NONBLOCK)).unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        s.lock().unwrap().process(&buf[..n]);
                        r.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    // EIO: the child and every copy of the slave are gone, and all it wrote read.
                    Err(_) => break,
                }
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        });
        Session {
            screen,
            raw,
            writer: Some(writer),
            child,
            master,
            hang_up,
            drained,
        }
    }

    /// Everything written so far.
    fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Whether the terminal is back in cooked mode (raw mode off): ICANON and ECHO set.
    fn cooked(&self) -> bool {
        let master = self.master.lock().unwrap();
        let t = master.as_ref().unwrap().get_termios().unwrap();
        use nix::sys::termios::LocalFlags;
        t.local_flags.contains(LocalFlags::ICANON) && t.local_flags.contains(LocalFlags::ECHO)
    }

    /// Closes the terminal, as a dropped SSH connection does.
    fn hang_up(&mut self) {
        self.hang_up
            .store(true, std::sync::atomic::Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(20));
        self.writer = None;
        self.master.lock().unwrap().take();
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
        let w = self.writer.as_mut().unwrap();
        w.write_all(keys.as_bytes()).unwrap();
        w.flush().unwrap();
    }

    /// Waits for the process to end and for the reader to take in everything it wrote (a busy
    /// machine may run the reader well after the exit).
    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                while !self.drained.load(std::sync::atomic::Ordering::SeqCst)
                    && start.elapsed() < Duration::from_secs(10)
                {
                    std::thread::sleep(Duration::from_millis(5));
                }
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
        text.contains("City · 2023 primary (Mayor) · all parties: turnout 27.5%"),
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
fn keys_that_arrive_together_are_drawn_once() {
    let mut s = Session::start(&[], 120, 40);
    s.wait_for("Wards (66)");
    std::thread::sleep(Duration::from_millis(200));
    let before = s.raw().len();
    // Twenty ↓ in one write, as a held key or a slow link delivers them.
    s.send(&"\x1b[B".repeat(20));
    s.wait_for("Ward 21 vs city");
    std::thread::sleep(Duration::from_millis(300));
    let sent = s.raw().len() - before;
    // One frame per key would be about 16 KB; the last frame alone is under 1 KB.
    assert!(sent < 8_000, "{sent} bytes for 20 keys");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn enter_opens_a_wards_divisions_esc_backs_out_and_ctrl_c_quits() {
    let mut s = Session::start(&[], 80, 24);
    s.wait_for("Wards (66)");
    s.send("\r");
    s.wait_for("Ward 01 · divisions");
    s.wait_for("01-01");
    // Esc returns to the wards, with ward 01 still selected.
    s.send("\x1b");
    s.wait_for("Wards (66)");
    // At the top, Esc does nothing: the explorer keeps running.
    s.send("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        s.child.try_wait().unwrap().is_none(),
        "Esc quit the explorer"
    );
    assert!(s.text().contains("Wards (66)"));
    s.send("\x03");
    assert!(s.wait_exit().success());
}

/// SGR sequences that set a colour (not the 39/49 resets): 30-37, 38;..., 40-47, 48;...,
/// 90-97, 100-107.
fn colour_sgr(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    let mut found = Vec::new();
    for part in text.split("\u{1b}[").skip(1) {
        let Some(end) = part.find(|c: char| c.is_ascii_alphabetic()) else {
            continue;
        };
        if &part[end..=end] != "m" {
            continue;
        }
        let params: Vec<u32> = part[..end]
            .split(';')
            .filter_map(|p| p.parse().ok())
            .collect();
        let mut i = 0;
        while i < params.len() {
            match params[i] {
                30..=37 | 40..=47 | 90..=97 | 100..=107 => found.push(part[..end].to_string()),
                38 | 48 | 58 => {
                    found.push(part[..end].to_string());
                    break;
                }
                _ => {}
            }
            i += 1;
        }
    }
    found
}

#[test]
fn no_color_sends_no_colour_and_still_marks_the_selection() {
    let mut s = Session::start_with(&[], &[("NO_COLOR", "1")], 120, 40);
    s.wait_for("Wards (66)");
    s.send("s");
    s.wait_for("Registered▼");
    // The sort shows its top rows; ward 01 is further down, and the title says where.
    s.wait_for("ward 01: row");
    s.send("g");
    s.wait_for("Wards (66) ─");
    let raw = s.raw();
    assert!(colour_sgr(&raw).is_empty(), "{:?}", colour_sgr(&raw));
    let parser = s.screen.lock().unwrap();
    let screen = parser.screen();
    // `g`: the first row, ward 05 (the most registered voters), selected.
    let row = (0..40)
        .find(|&r| screen.contents_between(r, 1, r, 3) == "05")
        .expect("ward 05");
    assert!(
        screen.cell(row, 1).unwrap().inverse(),
        "selection in reverse video"
    );
    let header = (0..40)
        .find(|&r| screen.contents_between(r, 1, r, 5) == "Ward")
        .unwrap();
    let col = (0..120)
        .find(|&c| screen.cell(header, c).unwrap().contents() == "R")
        .unwrap();
    assert!(
        screen.cell(header, col).unwrap().underline(),
        "sorted column underlined"
    );
    drop(parser);
    s.send("q");
    assert!(s.wait_exit().success());
    // With colour, colour codes are sent (so the check above can fail).
    let mut c = Session::start(&[], 120, 40);
    c.wait_for("Wards (66)");
    assert!(!colour_sgr(&c.raw()).is_empty());
    c.send("q");
    c.wait_exit();
}

#[test]
fn ascii_mode_and_a_c_locale_send_only_ascii() {
    for (args, env) in [
        (vec!["--ascii"], vec![]),
        (vec![], vec![("LANG", "C")]),
        (vec![], vec![("LC_ALL", "POSIX"), ("LANG", "en_US.UTF-8")]),
    ] {
        let mut s = Session::start_with(&args, &env, 120, 40);
        s.wait_for("Wards (66)");
        for keys in ["c", "\t", "\t", "?", "?", "w"] {
            s.send(keys);
            std::thread::sleep(Duration::from_millis(60));
        }
        // Esc closes the warnings; a pause, or `Esc q` would read as Alt-q.
        s.send("\x1b");
        std::thread::sleep(Duration::from_millis(100));
        s.send("q");
        assert!(s.wait_exit().success());
        let raw = s.raw();
        let bad: Vec<u8> = raw.iter().copied().filter(|b| !b.is_ascii()).collect();
        assert!(
            bad.is_empty(),
            "{args:?} {env:?}: {} non-ASCII bytes",
            bad.len()
        );
    }
}

#[test]
fn escape_sequences_in_a_file_reach_the_terminal_inert() {
    let dir = tempfile::tempdir().unwrap();
    let evil = dir.path().join("evil.csv");
    std::fs::write(
        &evil,
        "date,office,party,ward,candidate,votes,source\n\
         2023-05-16,Council,DEM,1,Evil\u{1b}]0;pwned\u{7}Title,5,x\u{1b}]52;c;cHduZWQ=\u{7}y\n\
         2023-05-16,Council,DEM,1,Clear\u{1b}[2J\u{1b}[10;10HMove,3,x\n\
         2023-05-16,Council,DEM,1,\u{202e}desreveR,2,x\n",
    )
    .unwrap();
    let path = evil.display().to_string();
    let mut s = Session::start(&["--place", "Philadelphia", "--data", &path], 120, 40);
    s.wait_for("Wards (66)");
    // The council race is in the 2023 candidates panel: scroll to it.
    s.send("\t");
    s.send("\t");
    for _ in 0..45 {
        s.send("j");
    }
    s.wait_for("Council");
    s.send("q");
    assert!(s.wait_exit().success());
    // The names arrive with each escape replaced by U+FFFD (vt100 drops that character from
    // its screen, so the bytes are read instead).
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(raw.contains("Evil\u{fffd}]0;pwned\u{fffd}T"), "{raw:?}");
    assert!(raw.contains("Clear\u{fffd}[2J\u{fffd}[10;10H"), "{raw:?}");
    // The override character itself never arrives; its placeholder does.
    assert!(raw.contains("\u{fffd}d"), "{raw:?}");
    assert!(!raw.contains("\u{1b}]"), "an OSC reached the terminal");
    assert!(!raw.contains("pwned\u{7}") && !raw.contains('\u{202e}'));
    assert!(!raw.contains("\u{1b}[10;10H"), "the file moved the cursor");
}

#[test]
fn a_hang_up_ends_the_process_within_a_second() {
    let mut s = Session::start(&[], 120, 40);
    s.wait_for("Wards (66)");
    let start = Instant::now();
    s.hang_up();
    loop {
        if s.child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "still running after the hang-up"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn sigterm_restores_the_terminal_and_says_so_in_the_status() {
    let mut s = Session::start(&[], 120, 40);
    s.wait_for("Wards (66)");
    assert!(!s.cooked(), "raw mode while running");
    let pid = s.child.process_id().unwrap() as i32;
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), nix::sys::signal::SIGTERM).unwrap();
    let status = s.wait_exit();
    assert_eq!(status.exit_code(), 128 + 15);
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        !s.screen.lock().unwrap().screen().alternate_screen(),
        "alternate screen left"
    );
    assert!(s.cooked(), "raw mode off");
}

#[test]
fn mouse_capture_only_with_the_flag_and_released_on_every_exit() {
    // Without --mouse, capture is never asked for.
    let mut s = Session::start(&[], 120, 40);
    s.wait_for("Wards (66)");
    s.send("q");
    s.wait_exit();
    assert!(!String::from_utf8_lossy(&s.raw()).contains("\u{1b}[?1000h"));
    // With it: turned on, and off again after q and after SIGTERM.
    for ending in ["q", "TERM"] {
        let mut s = Session::start(&["--mouse"], 120, 40);
        s.wait_for("Wards (66)");
        // The wheel moves the selection (SGR mouse report: button 65 = wheel down).
        s.send("\u{1b}[<65;10;10M");
        s.wait_for("Ward 02 vs city");
        if ending == "q" {
            s.send("q");
        } else {
            let pid = nix::unistd::Pid::from_raw(s.child.process_id().unwrap() as i32);
            nix::sys::signal::kill(pid, nix::sys::signal::SIGTERM).unwrap();
        }
        s.wait_exit();
        std::thread::sleep(Duration::from_millis(100));
        let raw = String::from_utf8_lossy(&s.raw()).into_owned();
        let on = raw.find("\u{1b}[?1000h").expect("capture turned on");
        let off = raw.rfind("\u{1b}[?1000l").expect("capture turned off");
        assert!(off > on, "{ending}: capture left on");
    }
}

/// The state letter of a process (`T` when stopped).
fn proc_state(pid: u32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    stat.rsplit(')')
        .next()
        .and_then(|r| r.trim().chars().next())
        .unwrap_or('?')
}

#[test]
fn ctrl_z_and_sigtstp_give_the_terminal_back_and_cont_repaints() {
    let mut s = Session::start(&[], 120, 40);
    s.wait_for("Wards (66)");
    let pid = s.child.process_id().unwrap();
    let nix_pid = nix::unistd::Pid::from_raw(pid as i32);
    for stop in ["ctrl-z", "sigtstp"] {
        if stop == "ctrl-z" {
            s.send("\u{1a}");
        } else {
            nix::sys::signal::kill(nix_pid, nix::sys::signal::SIGTSTP).unwrap();
        }
        let start = Instant::now();
        while proc_state(pid) != 'T' {
            assert!(
                start.elapsed() < Duration::from_secs(2),
                "{stop}: not stopped"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        std::thread::sleep(Duration::from_millis(50));
        assert!(
            !s.screen.lock().unwrap().screen().alternate_screen(),
            "{stop}"
        );
        assert!(s.cooked(), "{stop}: raw mode left on while stopped");
        nix::sys::signal::kill(nix_pid, nix::sys::signal::SIGCONT).unwrap();
        let start = Instant::now();
        loop {
            let back = {
                let p = s.screen.lock().unwrap();
                p.screen().alternate_screen() && p.screen().contents().contains("Wards (66)")
            };
            if back && !s.cooked() {
                break;
            }
            if start.elapsed() > Duration::from_secs(2) {
                let alternate = s.screen.lock().unwrap().screen().alternate_screen();
                let tail = String::from_utf8_lossy(&s.raw())
                    .chars()
                    .rev()
                    .take(200)
                    .collect::<String>();
                panic!(
                    "{stop}: not repainted: alternate {alternate} cooked {} state {}; last output reversed: {tail:?}",
                    s.cooked(),
                    proc_state(pid),
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    s.send("j");
    s.wait_for("Ward 02 vs city");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn each_colour_level_sends_the_codes_its_terminal_knows() {
    // (TERM, COLORTERM) and what the colour codes may be.
    for (term, colorterm) in [
        ("xterm", ""),
        ("vt100", ""),
        ("xterm-256color", ""),
        ("xterm-256color", "truecolor"),
    ] {
        let mut s = Session::start_with(
            &["--year", "2023"],
            &[("TERM", term), ("COLORTERM", colorterm)],
            120,
            40,
        );
        s.wait_for("Wards (66)");
        // The map has the most colours: its ramp.
        s.send("M");
        s.wait_for("Map · turnout");
        s.send("q");
        assert!(s.wait_exit().success());
        let codes = colour_sgr(&s.raw());
        assert!(!codes.is_empty(), "{term}: no colour at all");
        let extended = codes
            .iter()
            .filter(|c| c.starts_with("38;") || c.starts_with("48;"));
        match term {
            "xterm" | "vt100" => {
                let first: Vec<&String> = extended.take(3).collect();
                assert!(first.is_empty(), "{term}: 256-colour codes sent: {first:?}");
                assert!(
                    codes.iter().any(|c| c.split(';').any(|p| p == "34")),
                    "{term}: {codes:?}"
                );
            }
            _ => assert!(extended.count() > 0, "{term}: {codes:?}"),
        }
    }
}

#[test]
fn y_copies_the_table_as_csv_with_a_well_formed_osc_52() {
    use base64::Engine;
    let mut s = Session::start(&["--year", "2017"], 120, 40);
    s.wait_for("Wards (66)");
    s.send("y");
    s.wait_for("copied 66 rows");
    s.send("q");
    assert!(s.wait_exit().success());
    let raw = s.raw();
    let start = raw
        .windows(7)
        .position(|w| w == b"\x1b]52;c;")
        .expect("an OSC 52 sequence");
    let body = &raw[start + 7..];
    let end = body.iter().position(|&b| b == 0x07).expect("ended by BEL");
    let csv = base64::engine::general_purpose::STANDARD
        .decode(&body[..end])
        .expect("valid base64");
    let mut r = csv::Reader::from_reader(csv.as_slice());
    assert_eq!(&r.headers().unwrap()[2], "ward");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 67, "66 wards and the city");
    assert_eq!(&rows[0][0], "2017-05-16");
    assert_eq!(&rows[66][2], "city");
}

#[test]
fn term_dumb_or_empty_prints_the_table_with_a_note_instead_of_drawing() {
    for term in ["dumb", ""] {
        let mut s = Session::start_with(&["--year", "2017"], &[("TERM", term)], 120, 40);
        assert!(s.wait_exit().success(), "TERM={term:?}");
        let raw = String::from_utf8_lossy(&s.raw()).into_owned();
        assert!(
            !raw.contains("\u{1b}[?1049h"),
            "TERM={term:?}: the full screen was taken"
        );
        assert!(raw.contains("cannot draw the explorer"), "{raw}");
        assert!(raw.contains("2017 primary"), "the table is printed: {raw}");
    }
}

#[test]
fn a_resize_redraws_at_once_even_after_an_undecodable_byte_or_half_an_escape() {
    for junk in [&[0xffu8][..], b"\x1b[", &[0xc3]] {
        let mut s = Session::start(&[], 120, 40);
        s.wait_for("Wards (66)");
        {
            let w = s.writer.as_mut().unwrap();
            w.write_all(junk).unwrap();
            w.flush().unwrap();
        }
        std::thread::sleep(Duration::from_millis(200));
        let before = s.raw().len();
        s.master
            .lock()
            .unwrap()
            .as_ref()
            .unwrap()
            .resize(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let start = Instant::now();
        let redrawn = loop {
            let raw = s.raw();
            if String::from_utf8_lossy(&raw[before..]).contains("Wards (66)") {
                break true;
            }
            if start.elapsed() > Duration::from_secs(2) {
                break false;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        assert!(redrawn, "{junk:?}: no redraw after the resize");
        // Typically well within 100 ms; the bound here leaves room for a loaded machine. (The
        // key after the junk may complete it: end with a signal.)
        let pid = nix::unistd::Pid::from_raw(s.child.process_id().unwrap() as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::SIGTERM).unwrap();
        let _ = s.wait_exit();
    }
}

/// The million-row file, written into `dir`.
fn million_rows(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("million.csv");
    std::fs::write(&path, million::million_rows()).unwrap();
    path
}

#[test]
fn a_million_rows_show_a_gauge_before_the_table_and_q_leaves_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = million_rows(dir.path());
    let file = file.display().to_string();
    let args = ["--no-embedded", "--place", "Gen", "--data", file.as_str()];

    // q during the load: out at once, the terminal given back.
    let mut s = Session::start(&args, 120, 40);
    s.wait_for("Loading");
    assert!(!s.text().contains("Wards ("), "the gauge comes first");
    let asked = Instant::now();
    s.send("q");
    assert!(s.wait_exit().success());
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "{:?}",
        asked.elapsed()
    );
    assert!(s.cooked(), "the terminal is back in cooked mode");
    let raw = String::from_utf8_lossy(&s.raw()).into_owned();
    assert!(raw.ends_with("\u{1b}[?1049l\u{1b}[?25h") || raw.contains("\u{1b}[?1049l"));

    // Left alone: the gauge, then the table.
    let s = Session::start(&args, 120, 40);
    s.wait_for("Loading");
    let start = Instant::now();
    while !s.text().contains("Wards (") && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(s.text().contains("Wards ("), "{}", s.text());
}
