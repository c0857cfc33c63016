//! Which `--place`, `--map` and `--geo-ward` apply to which `--data` and `--geo`: the order of
//! flags on the command line, which clap does not keep.

use crate::data::wardmap::boundaries::{GeoFile, is_geojson};
use std::path::{Path, PathBuf};

/// The flags whose order matters, each with its value, in command-line order (`--flag value`
/// and `--flag=value`; nothing after `--`).
fn ordered_flags(raw: &[std::ffi::OsString]) -> Vec<(String, String)> {
    const ORDERED: [&str; 5] = ["--place", "--map", "--data", "--geo", "--geo-ward"];
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let arg = raw[i].to_string_lossy();
        if arg == "--" {
            break;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.to_string(), None),
        };
        if ORDERED.contains(&flag.as_str()) {
            let value = match inline {
                Some(v) => Some(v),
                None => {
                    i += 1;
                    raw.get(i).map(|v| v.to_string_lossy().into_owned())
                }
            };
            if let Some(v) = value {
                out.push((flag, v));
            }
        }
        i += 1;
    }
    out
}

/// For each `--data` of a command line, the `--place` and `--map` given before it (a `--map`
/// applies to the next `--data` only; a `--place` to every later one).
pub(super) fn data_options(raw: &[std::ffi::OsString]) -> Vec<(Option<String>, Option<PathBuf>)> {
    let mut out = Vec::new();
    let mut place: Option<String> = None;
    let mut map: Option<PathBuf> = None;
    for (flag, v) in ordered_flags(raw) {
        match flag.as_str() {
            "--place" => place = Some(v),
            "--map" => map = Some(PathBuf::from(v)),
            "--data" => out.push((place.clone(), map.take())),
            _ => {}
        }
    }
    out
}

/// Each `--geo` of a command line (and each `--data FILE.geojson`), with the place of the last
/// `--place` before it and the property of the `--geo-ward` before it (one given after the
/// last `--geo` applies to that one).
///
/// # Errors
/// A `--geo-ward` that applies to no `--geo`.
pub(super) fn geo_files(raw: &[std::ffi::OsString]) -> Result<Vec<GeoFile>, String> {
    let mut out: Vec<GeoFile> = Vec::new();
    let mut place: Option<String> = None;
    let mut ward: Option<String> = None;
    for (flag, v) in ordered_flags(raw) {
        match flag.as_str() {
            "--place" => place = Some(v),
            "--geo-ward" => {
                if let Some(w) = ward.replace(v) {
                    return Err(format!(
                        "--geo-ward {w:?} is followed by another --geo-ward before any --geo"
                    ));
                }
            }
            "--geo" | "--data" if flag == "--geo" || is_geojson(Path::new(&v)) => {
                out.push(GeoFile {
                    path: PathBuf::from(v),
                    place: place.clone(),
                    ward_property: ward.take(),
                });
            }
            _ => {}
        }
    }
    if let Some(w) = ward {
        match out.last_mut() {
            Some(last) if last.ward_property.is_none() => last.ward_property = Some(w),
            _ => {
                return Err(format!(
                    "--geo-ward {w:?} applies to no --geo FILE (give it before or just after one)"
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod order_tests {
    use super::*;
    use crate::cli::Args;

    #[test]
    fn place_and_map_apply_to_the_data_after_them() {
        let args = Args::parse_ordered([
            "turnout",
            "--data",
            "phl.csv",
            "--place",
            "Chicago",
            "--map",
            "m.toml",
            "--data=chi.csv",
            "--data",
            "more.csv",
            "check",
        ])
        .unwrap();
        assert_eq!(
            args.data_options,
            [
                (None, None),
                (Some("Chicago".into()), Some(PathBuf::from("m.toml"))),
                (Some("Chicago".into()), None),
            ]
        );
        assert_eq!(args.chosen_place(), Some("Chicago"));
        let s = args.sources(&|_| None);
        assert_eq!(s.paths.last().unwrap().place.as_deref(), Some("Chicago"));
    }
}

#[cfg(test)]
mod geo_tests {
    use super::*;
    use crate::cli::Args;

    #[test]
    fn geo_takes_the_place_before_it_and_its_ward_property() {
        let args = Args::parse_ordered([
            "turnout",
            "--geo-ward",
            "WARD_NUM",
            "--geo",
            "phl.geojson",
            "--place",
            "Chicago",
            "--data",
            "chi.csv",
            "--data=chi_wards.GeoJSON",
            "--geo-ward=ward",
            "--geo",
            "chi2.geojson",
            "check",
        ])
        .unwrap();
        let g = |path: &str, place: Option<&str>, ward: Option<&str>| GeoFile {
            path: path.into(),
            place: place.map(String::from),
            ward_property: ward.map(String::from),
        };
        assert_eq!(
            args.geo_files,
            [
                g("phl.geojson", None, Some("WARD_NUM")),
                g("chi_wards.GeoJSON", Some("Chicago"), None),
                g("chi2.geojson", Some("Chicago"), Some("ward")),
            ]
        );
        // The GeoJSON given as --data is not loaded as rows; the CSV is.
        let s = args.sources(&|_| None);
        let data: Vec<_> = s
            .paths
            .iter()
            .map(|p| p.path.display().to_string())
            .collect();
        assert_eq!(data, ["chi.csv"]);
        assert_eq!(s.paths[0].place.as_deref(), Some("Chicago"));
        // After the last --geo: that one's.
        let args =
            Args::parse_ordered(["turnout", "--geo", "a.geojson", "--geo-ward", "P"]).unwrap();
        assert_eq!(args.geo_files, [g("a.geojson", None, Some("P"))]);
        // A --geo-ward with no --geo to apply to is refused.
        let e = Args::parse_ordered(["turnout", "--geo-ward", "W", "check"]).unwrap_err();
        assert!(
            e.to_string()
                .contains("--geo-ward \"W\" applies to no --geo"),
            "{e}"
        );
    }
}
