//! Work the explorer hands to the terminal loop (export to a file, copy to the clipboard), the
//! default file name, and what the state shows when the loop reports back. No I/O here.

use super::{App, Request};
use crate::data::PartyGroup;
use crate::keymap::Mode;

/// Why an export was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportFailure {
    /// The file exists: the user is asked to confirm replacing it.
    Exists(String),
    /// Anything else, said in full (the path and the reason).
    Failed(String),
}

impl App {
    /// The file name the export prompt offers: `turnout-<place>-<year>-<view>.csv`, such as
    /// `turnout-philadelphia-2017-wards.csv` or `turnout-philadelphia-2023-ward-08-divisions.csv`.
    pub fn export_name(&self) -> String {
        let slug = |s: &str| {
            let mut out = String::new();
            for c in s.chars() {
                if c.is_ascii_alphanumeric() {
                    out.push(c.to_ascii_lowercase());
                } else if !out.ends_with('-') {
                    out.push('-');
                }
            }
            out.trim_matches('-').to_string()
        };
        let place = slug(&self.place_dataset().place);
        let mut when = match self.tab() {
            Some(t) => t.year.to_string(),
            None => "all".into(),
        };
        if let Some(t) = self.tab().filter(|t| t.kind != crate::data::Kind::Primary) {
            when.push('-');
            when.push_str(t.kind.as_str());
        }
        let mut view = match self.divisions_of() {
            Some(w) => format!("ward-{}-divisions", slug(&w.to_string())),
            None => "wards".into(),
        };
        if let Some(c) = &self.view.compare {
            view.push_str(&format!("-vs-{}", self.ds().elections()[c.table.a].year()));
        }
        if self.group != PartyGroup::All {
            view.push('-');
            view.push_str(&slug(self.group.as_str()));
        }
        if !self.filter.is_empty() {
            view.push_str("-filtered");
        }
        format!("turnout-{place}-{when}-{view}.csv")
    }

    /// The work waiting for the terminal loop, taken (at most once).
    pub fn take_request(&mut self) -> Option<Request> {
        self.request.take()
    }

    /// The loop wrote the export (`Ok`: what the status line says) or did not.
    pub fn export_finished(&mut self, result: Result<String, ExportFailure>) {
        match result {
            Ok(said) => {
                self.mode = Mode::Normal;
                self.prompt_error = None;
                self.overwrite = None;
                self.message = Some(said);
            }
            Err(ExportFailure::Exists(path)) => {
                self.prompt_error = Some(format!(
                    "{path} exists: replace it? y replaces it, n goes back to the name, Esc \
                     cancels"
                ));
                self.overwrite = Some(path);
            }
            Err(ExportFailure::Failed(why)) => {
                self.prompt_error = Some(why);
                self.overwrite = None;
            }
        }
    }

    /// A message from the loop for the status line (the clipboard copy, a failure).
    pub fn say(&mut self, message: String) {
        self.message = Some(message);
    }
}
