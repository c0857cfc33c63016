//! Finding and naming the files a source holds: the `.csv` files of a directory (regular files
//! only), mapping files, and the election a file's name gives.

use crate::data::calendar::Calendar;
use crate::data::formats::mapping::Mapping;
use crate::data::model::Kind;
use crate::data::problem::{Problem, ProblemKind};
use std::path::{Path, PathBuf};

/// Finds the `.csv` files under `dir`, depth first. Only regular files (or links to them) are
/// taken: a FIFO or device named `*.csv` would block the reader, so it is skipped with a
/// warning. Returns false when `dir` itself cannot be read (said as a problem).
pub(super) fn collect_csvs(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<Problem>,
) -> bool {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let shown = dir.display().to_string();
            problems.push(Problem::file(
                &shown,
                ProblemKind::Unreadable(e.to_string()),
            ));
            return false;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        // Real directories are descended (a link to one could loop); links to files are
        // followed to what they name.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if kind.is_dir() {
            collect_csvs(&path, out, problems);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            if meta.is_file() {
                out.push(path);
            } else {
                problems.push(Problem::file(
                    &path.display().to_string(),
                    ProblemKind::NotRegularFile(kind_of(&meta.file_type()).into()),
                ));
            }
        }
    }
    true
}

/// What a non-regular file is, as users say it.
fn kind_of(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_block_device() || t.is_char_device() {
        "a device"
    } else {
        "not a file"
    }
}

/// Reads a mapping file.
pub(super) fn read_mapping(path: &Path) -> Result<Mapping, String> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
    Mapping::parse(&shown, &text)
}

/// The day and kind of the election a file's name gives (`2021_primary.csv`,
/// `20181106__pa__general__philadelphia__precinct.csv`), a mapping's `date` and `kind` first.
///
/// # Errors
/// Why neither says it, for the problem of each row that needs it.
pub(crate) fn election_of_file(
    name: &str,
    mapping: Option<&Mapping>,
    calendar: &Calendar,
) -> Result<(chrono::NaiveDate, Kind), String> {
    let base = Path::new(name)
        .file_name()
        .map_or(name.to_string(), |n| n.to_string_lossy().into_owned());
    let lower = base.to_ascii_lowercase();
    let kind_in_name = Kind::parse(&lower);
    // OpenElections: an 8-digit day first.
    let day = lower
        .split(|c: char| !c.is_ascii_digit())
        .find(|part| part.len() == 8)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y%m%d").ok());
    let year = lower
        .split(|c: char| !c.is_ascii_digit())
        .find(|part| part.len() == 4)
        .and_then(|y| y.parse::<i32>().ok())
        .filter(|y| (1800..=2200).contains(y));
    let kind = mapping.and_then(|m| m.kind).or(kind_in_name);
    let date = mapping.and_then(|m| m.date).or(day);
    match (date, kind, year) {
        (Some(d), Some(k), _) => Ok((d, k)),
        (None, Some(k), Some(y)) => calendar.date_for(y, k).map(|d| (d, k)).ok_or(format!(
            "no day is known for the {y} {k}; give `date` in a mapping file"
        )),
        (Some(d), None, _) => calendar.kind_on(d).map(|k| (d, k)).ok_or(format!(
            "{d} is no regular election day; give `kind` in a mapping file"
        )),
        _ => Err(format!(
            "{base:?} does not name its election (like 2021_primary.csv or \
             20181106__pa__general__philadelphia__precinct.csv); rename it or give `date` and \
             `kind` in a mapping file (NAME.turnout.toml)"
        )),
    }
}
