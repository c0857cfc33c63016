//! Where a place's ward lines come from: Philadelphia's shipped current lines, or a GeoJSON

//! file read with a size limit and only when it is a regular file; and why they cannot be used.

use std::borrow::Cow;
use std::io::Read;
use std::path::PathBuf;

/// The ward boundaries shipped for Philadelphia (the current lines, CRS84).
pub const PHILADELPHIA_WARDS: &str = include_str!("../../../data/phila_wards_current.geojson");

/// The largest boundaries file read (64 MiB); a larger one is refused with a message.
pub const MAX_GEO_BYTES: u64 = 64 * 1024 * 1024;

/// Where a place's ward lines come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lines {
    /// GeoJSON compiled into turnout (Philadelphia's current lines), or held in memory.
    Embedded {
        /// How reports name them (`current lines, shipped`).
        name: &'static str,
        /// The GeoJSON.
        text: &'static str,
    },
    /// A GeoJSON file.
    File {
        /// The file, as given or found.
        path: PathBuf,
        /// The feature property holding the ward; `None`: one of [`WARD_PROPERTIES`](super::WARD_PROPERTIES).
        ward_property: Option<String>,
    },
}

impl Lines {
    /// Philadelphia's current ward lines, shipped in the binary.
    pub fn shipped() -> Lines {
        Lines::Embedded {
            name: "current lines, shipped",
            text: PHILADELPHIA_WARDS,
        }
    }

    /// How `check` names the lines: `current lines, shipped`, or the file's path (made safe
    /// to print).
    pub fn name(&self) -> String {
        match self {
            Lines::Embedded { name, .. } => (*name).to_string(),
            Lines::File { path, .. } => {
                crate::data::text::sanitize(&path.display().to_string()).into_owned()
            }
        }
    }

    /// How the map's panel names the lines: `current lines, shipped`, or the file's name.
    pub fn short_name(&self) -> String {
        match self {
            Lines::File { path, .. } => path.file_name().map_or_else(
                || self.name(),
                |n| crate::data::text::sanitize(&n.to_string_lossy()).into_owned(),
            ),
            Lines::Embedded { .. } => self.name(),
        }
    }

    /// Whether a file of lines exists, is no directory and is not too large, without reading
    /// it (so the explorer can say so before it takes the terminal).
    ///
    /// # Errors
    /// What is wrong, naming the file.
    pub fn check_file(&self) -> Result<(), LinesError> {
        let Lines::File { path, .. } = self else {
            return Ok(());
        };
        let meta = std::fs::metadata(path).map_err(|e| self.unreadable(e.to_string()))?;
        if meta.is_dir() {
            return Err(self.unreadable("a directory, not a GeoJSON file".into()));
        }
        if !meta.is_file() {
            // A FIFO or a device would block the reader (and every user's map with it).
            return Err(self.unreadable("not a regular file (a FIFO or a device)".into()));
        }
        if meta.len() > MAX_GEO_BYTES {
            return Err(self.too_large(meta.len()));
        }
        Ok(())
    }

    /// The GeoJSON text, read with the size limit.
    pub(super) fn text(&self) -> Result<Cow<'static, str>, LinesError> {
        let path = match self {
            Lines::Embedded { text, .. } => return Ok(Cow::Borrowed(text)),
            Lines::File { path, .. } => path,
        };
        self.check_file()?;
        let file = std::fs::File::open(path).map_err(|e| self.unreadable(e.to_string()))?;
        let mut bytes = Vec::new();
        file.take(MAX_GEO_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| self.unreadable(e.to_string()))?;
        if bytes.len() as u64 > MAX_GEO_BYTES {
            return Err(self.too_large(bytes.len() as u64));
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| self.invalid("not UTF-8 text (GeoJSON is UTF-8)".into()))?;
        Ok(Cow::Owned(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }))
    }

    fn unreadable(&self, reason: String) -> LinesError {
        LinesError::Unreadable {
            file: self.name(),
            reason: crate::data::text::sanitize_owned(reason),
        }
    }

    /// A reason may quote the file (a parser's message, a property name): made safe to print.
    pub(super) fn invalid(&self, reason: String) -> LinesError {
        LinesError::Invalid {
            file: self.name(),
            reason: crate::data::text::sanitize_owned(reason),
        }
    }

    fn too_large(&self, bytes: u64) -> LinesError {
        self.invalid(format!(
            "{:.1} MB, more than the {} MB a boundaries file may have",
            bytes as f64 / 1e6,
            MAX_GEO_BYTES / (1024 * 1024)
        ))
    }
}

/// Why a place's ward lines cannot be used; the text names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinesError {
    /// The file cannot be read: missing, a directory, no permission.
    #[error("{file}: cannot be read: {reason}")]
    Unreadable {
        /// The file (or the lines' name).
        file: String,
        /// The system's reason.
        reason: String,
    },
    /// The file was read but holds no usable ward polygons, or is too large.
    #[error("{file}: {reason}")]
    Invalid {
        /// The file (or the lines' name).
        file: String,
        /// What is wrong: not GeoJSON, no ward property (and which properties there are).
        reason: String,
    },
}
