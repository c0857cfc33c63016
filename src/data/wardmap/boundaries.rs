//! Which ward lines each place gets, lowest precedence first: Philadelphia's current lines,
//! shipped; a `*.geojson` file found in a data directory, for the place of the CSVs read from
//! that directory; a file named on the command line (`--geo`), for the place of the `--place`
//! before it, else the first place shown. Later wins. Files found in directories are read only
//! when they are regular files (never a FIFO); nothing is read here, only chosen.

use super::Lines;
use crate::data::Loaded;
use crate::data::place::PHILADELPHIA;
use std::path::{Path, PathBuf};

/// A boundaries file named on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GeoFile {
    /// The GeoJSON file.
    pub path: PathBuf,
    /// The place named by the last `--place` before it; `None`: the first place shown.
    pub place: Option<String>,
    /// The feature property holding the ward (`--geo-ward`); `None`: guessed.
    pub ward_property: Option<String>,
}

/// The lines chosen for each place, and what `check` should say about the files found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Each place's lines, by its index in [`Loaded::places`]; `None`: no boundaries.
    pub lines: Vec<Option<Lines>>,
    /// One sentence each: a file found that no place takes, one that is not a regular file, a
    /// file replaced by a later one for the same place.
    pub notes: Vec<String>,
}

/// Whether a path names a GeoJSON file (by its extension, in any case).
pub fn is_geojson(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("geojson"))
}

/// Chooses each place's lines: the shipped ones for Philadelphia (where it has elections), then
/// every `*.geojson` below the directories `dirs` (in order, each sorted by path), then the
/// files `given` on the command line (in order). `first_shown` is the place a file with no
/// `--place` before it belongs to.
///
/// # Errors
/// A `--place` before a `--geo` that names no place loaded.
pub fn plan(
    loaded: &Loaded,
    dirs: &[PathBuf],
    given: &[GeoFile],
    first_shown: usize,
) -> Result<Plan, String> {
    let names = loaded.place_names();
    let mut plan = Plan {
        lines: vec![None; names.len()],
        notes: Vec::new(),
    };
    if let Some(i) = loaded
        .places
        .iter()
        .position(|d| d.place == PHILADELPHIA && !d.elections().is_empty())
    {
        plan.lines[i] = Some(Lines::shipped());
    }
    let mut found = Vec::new();
    for dir in dirs {
        collect_geojson(dir, &mut found, &mut plan.notes);
    }
    for path in found {
        let shown = crate::data::text::sanitize(&path.display().to_string()).into_owned();
        let lines = Lines::File {
            path: path.clone(),
            ward_property: None,
        };
        if plan.lines.iter().flatten().any(|l| *l == lines) {
            continue; // The same directory twice in the search path.
        }
        match place_of_directory(loaded, &path) {
            Some(i) => plan.give(i, lines, &names[i]),
            None => plan.notes.push(format!(
                "{shown}: no CSV read from its directory names a place; not used"
            )),
        }
    }
    for g in given {
        let i = match &g.place {
            Some(q) => loaded.choose(Some(q)).map_err(|msg| {
                let shown = crate::data::text::sanitize_owned(g.path.display().to_string());
                format!("--geo {shown}: {msg}")
            })?,
            None => (first_shown, None),
        }
        .0;
        let lines = Lines::File {
            path: g.path.clone(),
            ward_property: g.ward_property.clone(),
        };
        match names.get(i) {
            Some(name) => plan.give(i, lines, name),
            None => plan
                .notes
                .push(format!("{}: no place is loaded for it", lines.name())),
        }
    }
    Ok(plan)
}

impl Plan {
    /// Gives place `i` its lines, noting the file they replace.
    fn give(&mut self, i: usize, lines: Lines, place: &str) {
        if let Some(Lines::File { .. }) = &self.lines[i] {
            let old = self.lines[i].as_ref().map(Lines::name).unwrap_or_default();
            self.notes.push(format!(
                "{} replaces {old} as the ward boundaries of {place}",
                lines.name()
            ));
        }
        self.lines[i] = Some(lines);
    }
}

/// The place a boundaries file found in a directory belongs to: among the places of the CSVs
/// read from its directory (and below), the one its file name names (case, `_` and `-`
/// ignored: `berks_county.geojson` is Berks County), else the first.
fn place_of_directory(loaded: &Loaded, geo: &Path) -> Option<usize> {
    let dir = geo.parent()?;
    let report = &loaded.report;
    let mut places: Vec<&str> = Vec::new();
    for f in &report.files {
        if !Path::new(&f.name).starts_with(dir) {
            continue;
        }
        for &e in &f.election_ids {
            let p = report.places[report.elections[e as usize].0 as usize].as_str();
            if !places.contains(&p) {
                places.push(p);
            }
        }
    }
    let simple = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let stem = simple(&geo.file_stem()?.to_string_lossy());
    let place = places
        .iter()
        .find(|p| simple(p) == stem)
        .or(places.first())?;
    loaded.places.iter().position(|d| d.place == *place)
}

/// Every `*.geojson` below a directory that is a regular file (symbolic links to one
/// included), sorted by path; others are noted and skipped, so a FIFO is never opened.
/// Directories are walked as the CSV search walks them (links to directories not followed).
fn collect_geojson(dir: &Path, out: &mut Vec<PathBuf>, notes: &mut Vec<String>) {
    let mut here = Vec::new();
    walk(dir, &mut here, 0);
    here.sort();
    for path in here {
        if std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
            out.push(path);
        } else {
            let shown = crate::data::text::sanitize(&path.display().to_string()).into_owned();
            notes.push(format!("{shown}: not a regular file; not read"));
        }
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    // Deep enough for any data tree; a bound all the same.
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && depth < 32 {
            walk(&path, out, depth + 1);
        } else if !kind.is_dir() && is_geojson(&path) {
            out.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{SourcePath, Sources};

    fn load(paths: &[&Path]) -> Loaded {
        crate::data::load(&Sources {
            embedded: false,
            paths: paths
                .iter()
                .map(|p| SourcePath::new(p.to_path_buf(), "--data"))
                .collect(),
            ..Default::default()
        })
    }

    const ROWS: &str = "date,election,ward,registered,ballots,place\n\
                        2023-05-16,primary,1,100,20,Erie\n\
                        2023-05-16,primary,1,100,20,Berks County\n";

    #[test]
    fn a_directory_file_goes_to_the_place_it_names_else_the_first() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), ROWS).unwrap();
        std::fs::write(dir.path().join("berks_county.geojson"), "{}").unwrap();
        let loaded = load(&[dir.path()]);
        let dirs = [dir.path().to_path_buf()];
        let plan = plan(&loaded, &dirs, &[], 0).unwrap();
        let berks = loaded.choose(Some("berks")).unwrap().0;
        let name = |i: usize| plan.lines[i].as_ref().map(Lines::short_name);
        assert_eq!(name(berks).as_deref(), Some("berks_county.geojson"));
        assert!((0..plan.lines.len()).all(|i| i == berks || name(i).is_none()));
        // A name that is no place: the first place of the directory's CSVs.
        std::fs::remove_file(dir.path().join("berks_county.geojson")).unwrap();
        std::fs::write(dir.path().join("wards.geojson"), "{}").unwrap();
        let plan = super::plan(&loaded, &dirs, &[], 0).unwrap();
        let erie = loaded.choose(Some("erie")).unwrap().0;
        assert_eq!(
            plan.lines[erie].as_ref().map(Lines::short_name).as_deref(),
            Some("wards.geojson")
        );
    }

    #[test]
    fn a_geo_flag_goes_to_the_place_before_it_and_wins() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), ROWS).unwrap();
        std::fs::write(dir.path().join("erie.geojson"), "{}").unwrap();
        let loaded = load(&[dir.path()]);
        let erie = loaded.choose(Some("erie")).unwrap().0;
        let berks = loaded.choose(Some("berks")).unwrap().0;
        let given = [
            GeoFile {
                path: "mine.geojson".into(),
                place: Some("ERIE".into()),
                ward_property: Some("W".into()),
            },
            GeoFile {
                path: "first.geojson".into(),
                ..GeoFile::default()
            },
        ];
        let plan = plan(&loaded, &[dir.path().to_path_buf()], &given, berks).unwrap();
        assert_eq!(
            plan.lines[erie],
            Some(Lines::File {
                path: "mine.geojson".into(),
                ward_property: Some("W".into())
            })
        );
        assert_eq!(
            plan.lines[berks].as_ref().map(Lines::name).as_deref(),
            Some("first.geojson")
        );
        assert!(
            plan.notes[0].starts_with("mine.geojson replaces ")
                && plan.notes[0].ends_with("erie.geojson as the ward boundaries of Erie"),
            "{:?}",
            plan.notes
        );
        let bad = [GeoFile {
            path: "x.geojson".into(),
            place: Some("Chicago".into()),
            ward_property: None,
        }];
        let e = super::plan(&loaded, &[], &bad, 0).unwrap_err();
        assert!(
            e.starts_with("--geo x.geojson: no place \"Chicago\""),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_in_a_directory_is_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.csv"), ROWS).unwrap();
        let fifo = dir.path().join("erie.geojson");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // No mkfifo here: nothing to test.
        }
        let loaded = load(&[dir.path()]);
        let plan = plan(&loaded, &[dir.path().to_path_buf()], &[], 0).unwrap();
        assert!(plan.lines.iter().all(Option::is_none));
        assert!(plan.notes[0].ends_with("erie.geojson: not a regular file; not read"));
    }
}
