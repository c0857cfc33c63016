//! Taking the view away: the table as shown (its view, sort and filter) as CSV, written to a
//! file atomically without following a symlink, or copied to the clipboard with OSC 52.

use crate::app::{App, ExportFailure};
use crate::data::aggregate::WardTable;
use crate::report::{self, CandidateColumn, Format};
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The most a clipboard copy sends: terminals and tmux drop or truncate longer OSC 52 strings.
pub const CLIPBOARD_MAX: usize = 100 * 1024;

/// The table shown as CSV, with the columns of `turnout summary --format csv` (or of
/// `turnout compare --format csv` in compare mode), its rows in the order shown, then the
/// total row; and how many rows of places it holds.
///
/// # Errors
/// When the view has no table (a year without a turnout file).
pub fn view_csv(app: &App) -> Result<(Vec<u8>, usize), String> {
    let view = app.view();
    let ds = app.dataset();
    let mut out = Vec::new();
    let written = if let Some(c) = &view.compare {
        let mut t = c.table.clone();
        t.rows = view.rows.iter().map(|&w| c.table.rows[w].clone()).collect();
        report::write_compare(ds, &t, c.shares.as_ref(), Format::Csv, &mut out)
    } else if let Some(table) = &view.table {
        let t = WardTable {
            rows: view.rows.iter().map(|&w| table.rows[w].clone()).collect(),
            ..table.clone()
        };
        // The share column, in the rows' new order.
        let column = app
            .candidate()
            .zip(view.shares.as_ref())
            .map(|((r, c), s)| CandidateColumn {
                race: r,
                candidate: c,
                shares: view.rows.iter().map(|&w| s[w]).collect(),
                correlation: view.correlation,
            });
        report::write_summary(ds, &t, column.as_ref(), None, Format::Csv, &mut out)
    } else {
        return Err("nothing to export: this view has no table".into());
    };
    written.map_err(|e| e.to_string())?;
    Ok((out, view.rows.len()))
}

/// Writes `bytes` to `path` atomically: a new temporary file in the same directory (created
/// with the user's umask), flushed to disk, then renamed over the target, so that a reader
/// never sees half a file. A symlink at the target is refused, never followed; so is anything
/// that is not a regular file. An existing file is replaced only with `overwrite`. On any
/// error the temporary file is removed.
///
/// # Errors
/// `Exists` when the target exists and `overwrite` is false; `Failed` with the path and the
/// reason otherwise.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), ExportFailure> {
    write_atomic_with(path, overwrite, |f| f.write_all(bytes))
}

/// `write_atomic` with the temporary file filled by `fill` (a failing `fill` shows that
/// nothing is left behind).
///
/// # Errors
/// As `write_atomic`, and whatever `fill` returns.
pub fn write_atomic_with(
    path: &Path,
    overwrite: bool,
    fill: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> Result<(), ExportFailure> {
    let shown = path.display().to_string();
    let failed = |why: String| ExportFailure::Failed(format!("{shown}: {why}"));
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(failed(
                "is a symbolic link: not followed; give the real path".into(),
            ));
        }
        Ok(m) if !m.file_type().is_file() => {
            return Err(failed("exists and is not a regular file".into()));
        }
        Ok(_) if !overwrite => return Err(ExportFailure::Exists(shown)),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(failed(e.to_string())),
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| failed("not a file name".into()))?;
    let (tmp, mut file) = temp_file(&dir, &name.to_string_lossy()).map_err(|e| {
        failed(match e.kind() {
            io::ErrorKind::NotFound => format!("no directory {}", dir.display()),
            _ => format!("cannot write in {}: {e}", dir.display()),
        })
    })?;
    let result = fill(&mut file)
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::rename(&tmp, path));
    drop(file);
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(failed(e.to_string()));
    }
    // The rename itself reaches the disk with the directory.
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A new file beside the target, `.name.<pid>.<n>.tmp`, created exclusively (never an
/// existing file or a symlink planted there).
fn temp_file(dir: &Path, name: &str) -> io::Result<(PathBuf, fs::File)> {
    let pid = std::process::id();
    let mut last = None;
    for n in 0..100 {
        let tmp = dir.join(format!(".{name}.{pid}.{n}.tmp"));
        match OpenOptions::new().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no temporary name free")))
}

/// Exports the view to the path typed: what the status line says, or why it failed.
pub fn export(app: &App, path: &str, overwrite: bool) -> Result<String, ExportFailure> {
    let (bytes, rows) = view_csv(app).map_err(ExportFailure::Failed)?;
    let target = expand_home(path);
    if is_an_input(app, &target) {
        return Err(ExportFailure::Failed(format!(
            "{path} is a file turnout read: it never writes over its inputs"
        )));
    }
    write_atomic(&target, &bytes, overwrite)?;
    let full = std::path::absolute(&target).unwrap_or(target);
    Ok(format!(
        "exported {} to {} ({})",
        crate::numbers::plural(rows, "row"),
        full.display(),
        size_text(bytes.len())
    ))
}

/// `~/x.csv` as the shell would read it.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => Path::new(&home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// Whether a path is one of the files loaded (the export never replaces its own input).
fn is_an_input(app: &App, target: &Path) -> bool {
    let Ok(target) = fs::canonicalize(target) else {
        return false;
    };
    app.dataset()
        .report
        .files
        .iter()
        .filter(|f| !f.name.starts_with("embedded:"))
        .filter_map(|f| fs::canonicalize(&f.name).ok())
        .any(|p| p == target)
}

/// `12.3 KB`, `840 B`.
fn size_text(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

/// The OSC 52 sequence that puts `text` on the clipboard, or why it is not sent (over the
/// cap). Inside tmux it reaches the outer terminal with `set-clipboard on`.
///
/// # Errors
/// Text over `CLIPBOARD_MAX`.
pub fn osc52(text: &[u8]) -> Result<Vec<u8>, String> {
    use base64::Engine;
    if text.len() > CLIPBOARD_MAX {
        return Err(format!(
            "y: {} is over the {} a clipboard copy takes: export it with x",
            size_text(text.len()),
            size_text(CLIPBOARD_MAX)
        ));
    }
    let mut seq = b"\x1b]52;c;".to_vec();
    seq.extend(
        base64::engine::general_purpose::STANDARD
            .encode(text)
            .as_bytes(),
    );
    seq.push(0x07);
    Ok(seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_wraps_base64_and_refuses_over_the_cap() {
        assert_eq!(osc52(b"a,b\n").unwrap(), b"\x1b]52;c;YSxiCg==\x07".to_vec());
        let big = vec![b'x'; CLIPBOARD_MAX + 1];
        assert!(osc52(&big).unwrap_err().contains("export it with x"));
    }
}
