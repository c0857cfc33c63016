//! The ward map's state: which place's boundaries, the pixels for the size it is drawn at,
//! each ward's value of the table's current column in five quantile bins, and moving the
//! selection to the neighbouring ward.

use super::view::{CompareView, MapView};
use super::{App, Focus, SortColumn};
use crate::data::aggregate::{Change, WardTable};
use crate::data::place::PHILADELPHIA;
use crate::data::wardmap::{Direction, Lines, Raster, WardMap};
use std::sync::Arc;

/// The note of a place without ward lines.
fn no_lines(place: &str) -> String {
    format!("no ward boundaries are loaded for {place} (--geo FILE.geojson gives them)")
}

impl App {
    /// Whether the ward map is shown.
    pub fn map(&self) -> bool {
        self.map
    }

    /// Shows or hides the map (in the trend panel's place; the scatter gives way).
    pub(crate) fn toggle_map(&mut self) {
        self.map = !self.map;
        if self.map {
            self.scatter = false;
            self.load_map();
        }
        self.refresh();
    }

    /// Gives the places their ward lines (by place index, as `boundaries::plan` chose them),
    /// each read the first time its map is shown. A place given none: Philadelphia gets the
    /// shipped lines, another a note.
    pub fn set_ward_lines(&mut self, lines: Vec<Option<Lines>>) {
        for (slot, lines) in self.maps.iter_mut().zip(lines) {
            *slot = lines.map(|l| Ok(Arc::new(WardMap::deferred(l))));
        }
        self.raster = None;
    }

    /// Reads the boundaries of the place shown, the first time its map is shown.
    fn load_map(&mut self) {
        let place = &self.ds().place;
        let missing = match &self.maps[self.place] {
            None if place == PHILADELPHIA => {
                Some(Ok(Arc::new(WardMap::deferred(Lines::shipped()))))
            }
            None => Some(Err(no_lines(place))),
            Some(_) => None,
        };
        if let Some(m) = missing {
            self.maps[self.place] = Some(m);
        }
        let failed = match &self.maps[self.place] {
            Some(Ok(m)) => m.load().err().map(ToString::to_string),
            _ => None,
        };
        if let Some(e) = failed {
            self.maps[self.place] = Some(Err(e));
        }
    }

    /// The boundaries of the place shown, once read (read now if they were given but not yet
    /// read: the place changed while the map was shown).
    pub(crate) fn ward_map(&self) -> Option<&Arc<WardMap>> {
        let m = self.maps.get(self.place)?.as_ref()?.as_ref().ok()?;
        m.load().is_ok().then_some(m)
    }

    /// Tells the app how many cells the map is drawn in (the run loop knows the screen); the
    /// pixels are worked out once per size and place.
    pub fn set_map_size(&mut self, cols: u16, rows: u16) {
        if !self.map || cols == 0 || rows == 0 {
            return;
        }
        let key = (self.place, cols, rows);
        if self.raster.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        if let Some(m) = self.ward_map().cloned() {
            self.raster = Some((key, m.raster(cols as usize, rows as usize)));
        }
    }

    /// The map's pixels, where they fit the place shown.
    pub fn raster(&self) -> Option<&Raster> {
        self.raster
            .as_ref()
            .filter(|((p, _, _), _)| *p == self.place)
            .map(|(_, r)| r)
    }

    /// The map's values: the table's current column (turnout, change, share, count; in compare
    /// mode the change), per ward of the map, and five quantile bins.
    pub(super) fn map_view(
        &self,
        table: Option<&WardTable>,
        shares: Option<&[Option<f64>]>,
        compare: Option<&CompareView>,
    ) -> MapView {
        let Some(m) = self.ward_map() else {
            let why = match self.maps.get(self.place).and_then(|r| r.as_ref()) {
                Some(Err(e)) => e.clone(),
                Some(Ok(m)) => m.load().err().map_or_else(String::new, ToString::to_string),
                None if self.ds().place != PHILADELPHIA => no_lines(&self.ds().place),
                None => "the ward boundaries are not loaded".into(),
            };
            return MapView {
                missing: Some(why),
                ..MapView::default()
            };
        };
        let ds = self.ds();
        let (label, value): (String, Box<dyn Fn(usize) -> Option<f64>>) = match (compare, table) {
            (Some(c), _) => (
                format!(
                    "turnout change {} vs {} (pp)",
                    ds.elections()[c.table.b].year(),
                    ds.elections()[c.table.a].year()
                ),
                Box::new(move |w| match c.table.rows[w].change {
                    Some(Change::Points(p)) => Some(p),
                    _ => None,
                }),
            ),
            (None, Some(t)) => match self.sort {
                SortColumn::Change => (
                    "change vs the previous comparable election".into(),
                    Box::new(move |w| {
                        t.rows[w].change.map(|c| match c {
                            Change::Points(p) | Change::Percent(p) => p,
                        })
                    }),
                ),
                SortColumn::Share if shares.is_some() => {
                    let shares = shares.unwrap_or_default();
                    (
                        "the candidate's share (%)".into(),
                        Box::new(move |w| shares[w].map(|v| v * 100.0)),
                    )
                }
                SortColumn::Count => ("count".into(), Box::new(move |w| t.rows[w].count)),
                _ if t.rows.iter().any(|r| r.turnout.is_some()) => (
                    "turnout (%)".into(),
                    Box::new(move |w| t.rows[w].turnout.map(|v| v * 100.0)),
                ),
                _ => ("count".into(), Box::new(move |w| t.rows[w].count)),
            },
            (None, None) => {
                return MapView {
                    missing: Some("no turnout figures for this election".into()),
                    ..MapView::default()
                };
            }
        };
        let values: Vec<Option<f64>> = m
            .wards()
            .iter()
            .map(|&ward| ds.ward_index(ward).and_then(&value))
            .collect();
        let mut sorted: Vec<f64> = values.iter().flatten().copied().collect();
        sorted.sort_by(f64::total_cmp);
        // Quantile edges: five bins of about equal ward counts.
        let edges: Vec<f64> = if sorted.is_empty() {
            Vec::new()
        } else {
            (0..=5)
                .map(|i| sorted[((sorted.len() - 1) * i) / 5])
                .collect()
        };
        let bin_of = |v: f64| -> u8 { (1..5).filter(|&i| v > edges[i]).count() as u8 };
        let bins: Vec<Option<u8>> = values
            .iter()
            .map(|v| v.filter(|_| !edges.is_empty()).map(bin_of))
            .collect();
        let mut counts = [0usize; 5];
        for b in bins.iter().flatten() {
            counts[*b as usize] += 1;
        }
        let in_data: Vec<bool> = m
            .wards()
            .iter()
            .map(|&w| ds.ward_index(w).is_some())
            .collect();
        MapView {
            label,
            bins,
            edges,
            counts,
            without_polygon: ds
                .wards()
                .iter()
                .filter(|w| w.is_ward() && m.position(**w).is_none())
                .count(),
            without_data: in_data.iter().filter(|d| !**d).count(),
            missing: None,
        }
    }

    /// Moves the selection to the neighbouring ward on the map, where the map has the focus.
    /// Returns whether it did.
    pub(crate) fn map_move(&mut self, dir: Direction) -> bool {
        if !self.map || self.focus != Focus::Trend {
            return false;
        }
        let (Some(m), Some(from)) = (self.ward_map().cloned(), self.ward) else {
            return true;
        };
        if let Some(to) = m.neighbour(from, dir)
            && self.ds().ward_index(to).is_some()
        {
            self.ward = Some(to);
            self.refresh();
        }
        true
    }
}
