//! Ward boundaries: where a place's lines come from ([`Lines`]: Philadelphia's shipped current
//! lines, or a GeoJSON file read with a size limit), read once (`geojson`) when first needed,
//! projected to a plane (equirectangular at the place's latitude), rasterised for a panel size
//! with `geo`'s point-in-polygon, and the neighbouring ward in a direction found by centroid.
//! Which place gets which lines is [`boundaries`]'s business.

pub mod boundaries;
mod lines;
mod raster;

pub use lines::{Lines, LinesError, MAX_GEO_BYTES, PHILADELPHIA_WARDS};
pub use raster::Raster;

use super::model::WardId;
use geo::{BoundingRect, Centroid, Coord, LineString, MultiPolygon, Polygon, Rect};

use std::sync::OnceLock;

/// The feature properties tried for the ward, in this order and ignoring case, where none is
/// named: the first that a feature has is read from every feature.
pub const WARD_PROPERTIES: [&str; 3] = ["ward_num", "ward_number", "ward"];

/// A polygon as GeoJSON gives it: rings of [longitude, latitude] positions.
type Rings = Vec<Vec<Vec<f64>>>;

/// One ward's shape, projected.
#[derive(Debug, Clone)]
struct Shape {
    ward: WardId,
    area: MultiPolygon<f64>,
    bounds: Rect<f64>,
    centre: (f64, f64),
}

/// The shapes read from a place's lines.
#[derive(Debug, Clone)]
struct Geometry {
    shapes: Vec<Shape>,
    /// The wards of `shapes`, in the same order.
    wards: Vec<WardId>,
    bounds: Rect<f64>,
}

/// The wards of a place as shapes on a plane, read from their [`Lines`] when made with
/// [`read`](WardMap::read), or the first time they are needed when made with
/// [`deferred`](WardMap::deferred).
#[derive(Debug, Clone)]
pub struct WardMap {
    lines: Lines,
    geometry: OnceLock<Result<Geometry, LinesError>>,
}

/// Which way to move on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Up.
    North,
    /// Down.
    South,
    /// Right.
    East,
    /// Left.
    West,
}

type Properties = serde_json::Map<String, serde_json::Value>;

/// The property holding the features' ward: the one named (exactly, else ignoring case), else
/// the first of [`WARD_PROPERTIES`] a feature has (ignoring case).
///
/// # Errors
/// Which property is missing, and the properties the features do have.
fn ward_property<'a>(
    features: impl Iterator<Item = &'a Properties> + Clone,
    named: Option<&str>,
) -> Result<String, String> {
    let has = |want: &str, exact: bool| {
        features.clone().find_map(|p| {
            p.keys()
                .find(|k| {
                    if exact {
                        k.as_str() == want
                    } else {
                        k.eq_ignore_ascii_case(want)
                    }
                })
                .cloned()
        })
    };
    let found = match named {
        Some(n) => has(n, true).or_else(|| has(n, false)),
        None => WARD_PROPERTIES.iter().find_map(|k| has(k, false)),
    };
    found.ok_or_else(|| {
        let mut keys: Vec<&str> = Vec::new();
        for k in features.flat_map(|p| p.keys()) {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
        let have = if keys.is_empty() {
            "the features have no properties".to_string()
        } else {
            let shown: Vec<String> = keys.iter().take(30).map(|k| format!("{k:?}")).collect();
            let more = if keys.len() > 30 { ", ..." } else { "" };
            format!("the features have {}{more}", shown.join(", "))
        };
        match named {
            Some(n) => format!("no feature has the ward property {n:?}; {have}"),
            None => format!(
                "no feature has a ward property ({}, in any case; name one with --geo-ward); \
                 {have}",
                WARD_PROPERTIES.join(", ")
            ),
        }
    })
}

/// A feature's ward, read as the data's ward ids are: `"08"`, `8` and `W08` are ward 8; other
/// text a named ward (`Reading 1`).
fn ward_of(value: &serde_json::Value) -> Option<WardId> {
    let text = match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => match (n.as_u64(), n.as_f64()) {
            (Some(u), _) => u.to_string(),
            // A whole number written as a float (`8.0`) by some GIS exports.
            (None, Some(f)) if f.fract() == 0.0 && f >= 0.0 => format!("{f:.0}"),
            _ => return None,
        },
        _ => return None,
    };
    super::ids::parse_ward_or_name(&text).ok()
}

fn ring(points: &[Vec<f64>], scale: f64) -> LineString<f64> {
    LineString::from(
        points
            .iter()
            .filter(|p| p.len() >= 2)
            .map(|p| Coord {
                x: p[0] * scale,
                y: p[1],
            })
            .collect::<Vec<_>>(),
    )
}

/// A polygon with an area and finite coordinates (a degenerate ring, or coordinates that
/// overflow when projected, would draw nothing or everything).
fn polygon(rings: &[Vec<Vec<f64>>], scale: f64) -> Option<Polygon<f64>> {
    use geo::Area;
    let (outer, holes) = rings.split_first()?;
    let p = Polygon::new(
        ring(outer, scale),
        holes.iter().map(|h| ring(h, scale)).collect(),
    );
    let finite = p
        .exterior()
        .coords()
        .all(|c| c.x.is_finite() && c.y.is_finite());
    let area = p.unsigned_area();
    (finite && area.is_finite() && area > 0.0).then_some(p)
}

impl Geometry {
    /// Reads a GeoJSON feature collection of ward polygons; `named` is the property holding
    /// the ward (else one of [`WARD_PROPERTIES`]). Features of one ward are joined.
    ///
    /// # Errors
    /// What is wrong: not GeoJSON, no ward property (with the properties there are), no ward
    /// with a polygon.
    fn parse(text: &str, named: Option<&str>) -> Result<Geometry, String> {
        let gj: geojson::GeoJson = text.parse().map_err(|e| format!("not GeoJSON: {e}"))?;
        let geojson::GeoJson::FeatureCollection(fc) = gj else {
            return Err("not a GeoJSON FeatureCollection".into());
        };
        let props = fc.features.iter().filter_map(|f| f.properties.as_ref());
        let key = ward_property(props, named)?;
        let mut raw: Vec<(WardId, Vec<Rings>)> = Vec::new();
        let mut not_a_ward: Option<String> = None;
        for f in &fc.features {
            let (Some(props), Some(g)) = (&f.properties, &f.geometry) else {
                continue;
            };
            let Some(value) = props.get(&key) else {
                continue;
            };
            let Some(ward) = ward_of(value) else {
                not_a_ward.get_or_insert_with(|| value.to_string());
                continue;
            };
            let polys: Vec<Rings> = match &g.value {
                geojson::GeometryValue::Polygon { coordinates } => vec![coordinates.clone()],
                geojson::GeometryValue::MultiPolygon { coordinates } => coordinates.clone(),
                _ => continue,
            }
            .into_iter()
            .map(|p| {
                p.into_iter()
                    .map(|r| r.into_iter().map(|c| c.as_slice().to_vec()).collect())
                    .collect()
            })
            .collect();
            match raw.iter_mut().find(|(w, _)| *w == ward) {
                Some((_, parts)) => parts.extend(polys),
                None => raw.push((ward, polys)),
            }
        }
        let positions = || raw.iter().flat_map(|(_, ps)| ps.iter().flatten().flatten());
        let lats: Vec<f64> = positions()
            .map(|c| c.get(1).copied().unwrap_or(0.0))
            .collect();
        if lats.is_empty() {
            let key = super::text::sanitize(&key).into_owned();
            return Err(match not_a_ward {
                Some(v) => format!(
                    "the property {key:?} holds no ward id (e.g. {})",
                    super::text::sanitize(&v)
                ),
                None => format!("no feature with a ward in {key:?} has a polygon"),
            });
        }
        // Longitude and latitude: equirectangular at the features' mean latitude (longitudes
        // shrink by its cosine). Coordinates beyond them (a projected file, in feet or
        // metres) are a plane already.
        let degrees =
            positions().all(|c| c.len() >= 2 && c[0].abs() <= 180.0 && c[1].abs() <= 90.0);
        let scale = if degrees {
            (lats.iter().sum::<f64>() / lats.len() as f64)
                .to_radians()
                .cos()
        } else {
            1.0
        };
        let mut shapes = Vec::new();
        for (ward, polys) in raw {
            let area = MultiPolygon::new(polys.iter().filter_map(|p| polygon(p, scale)).collect());
            let (Some(bounds), Some(c)) = (area.bounding_rect(), area.centroid()) else {
                continue;
            };
            shapes.push(Shape {
                ward,
                area,
                bounds,
                centre: (c.x(), c.y()),
            });
        }
        shapes.sort_by_key(|s| s.ward);
        let bounds = shapes
            .iter()
            .map(|s| s.bounds)
            .reduce(|a, b| {
                Rect::new(
                    Coord {
                        x: a.min().x.min(b.min().x),
                        y: a.min().y.min(b.min().y),
                    },
                    Coord {
                        x: a.max().x.max(b.max().x),
                        y: a.max().y.max(b.max().y),
                    },
                )
            })
            .ok_or("no ward polygon has an area")?;
        let wards = shapes.iter().map(|s| s.ward).collect();
        Ok(Geometry {
            shapes,
            wards,
            bounds,
        })
    }
}

impl WardMap {
    /// Reads a place's ward lines now.
    ///
    /// # Errors
    /// [`LinesError`]: the file cannot be read, or holds no ward polygons.
    pub fn read(lines: Lines) -> Result<WardMap, LinesError> {
        let map = WardMap::deferred(lines);
        if let Err(e) = map.load() {
            return Err(e.clone());
        }
        Ok(map)
    }

    /// A place's ward lines, read the first time they are needed (the explorer reads them
    /// when the map is first shown).
    pub fn deferred(lines: Lines) -> WardMap {
        WardMap {
            lines,
            geometry: OnceLock::new(),
        }
    }

    /// Reads the lines if they are not read yet; a map that cannot be read has no wards.
    ///
    /// # Errors
    /// [`LinesError`]: the file cannot be read, or holds no ward polygons.
    pub fn load(&self) -> Result<(), &LinesError> {
        self.geometry
            .get_or_init(|| {
                let text = self.lines.text()?;
                let named = match &self.lines {
                    Lines::File { ward_property, .. } => ward_property.as_deref(),
                    Lines::Embedded { .. } => None,
                };
                Geometry::parse(&text, named).map_err(|reason| self.lines.invalid(reason))
            })
            .as_ref()
            .map(|_| ())
    }

    /// Where the lines come from.
    pub fn lines(&self) -> &Lines {
        &self.lines
    }

    /// The shapes, read now if they are not yet; `None` when they cannot be read.
    fn geometry(&self) -> Option<&Geometry> {
        self.load().ok()?;
        self.geometry.get()?.as_ref().ok()
    }

    /// The wards with a shape, in ward order.
    pub fn wards(&self) -> &[WardId] {
        self.geometry().map_or(&[], |g| &g.wards)
    }

    /// The position of a ward in [`wards`](WardMap::wards).
    pub fn position(&self, ward: WardId) -> Option<usize> {
        self.wards().binary_search(&ward).ok()
    }

    /// The ward nearest to `from` in a direction, by centroid: the closest whose centre lies
    /// within 60 degrees of that direction.
    pub fn neighbour(&self, from: WardId, dir: Direction) -> Option<WardId> {
        let shapes = &self.geometry()?.shapes;
        let here = shapes.iter().find(|s| s.ward == from)?.centre;
        let (dx, dy) = match dir {
            Direction::North => (0.0, 1.0),
            Direction::South => (0.0, -1.0),
            Direction::East => (1.0, 0.0),
            Direction::West => (-1.0, 0.0),
        };
        shapes
            .iter()
            .filter(|s| s.ward != from)
            .filter_map(|s| {
                let (vx, vy) = (s.centre.0 - here.0, s.centre.1 - here.1);
                let d = (vx * vx + vy * vy).sqrt();
                let cos = (vx * dx + vy * dy) / d;
                // Within 60 degrees of the direction; nearer and straighter first.
                (d > 0.0 && cos >= 0.5).then_some((d / cos, s.ward))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, w)| w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines held in memory, for tests.
    fn text(gj: &'static str) -> Lines {
        Lines::Embedded {
            name: "test",
            text: gj,
        }
    }

    /// A file of lines in a temporary directory.
    fn file(dir: &tempfile::TempDir, gj: &str, ward_property: Option<&str>) -> Lines {
        let path = dir.path().join("wards.geojson");
        std::fs::write(&path, gj).unwrap();
        Lines::File {
            path,
            ward_property: ward_property.map(String::from),
        }
    }

    const TWO_SQUARES: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"ward":"1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
      {"type":"Feature","properties":{"ward":2},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]}"#;

    #[test]
    fn the_shipped_map_has_the_66_wards_and_their_neighbours() {
        let m = WardMap::read(Lines::shipped()).unwrap();
        assert_eq!(m.lines().name(), "current lines, shipped");
        let wards = m.wards();
        assert_eq!(wards.len(), 66);
        assert_eq!(wards.first(), Some(&WardId(1)));
        assert_eq!(wards.last(), Some(&WardId(66)));
        // Ward 1 (South Philadelphia) has a ward to its north.
        assert!(m.neighbour(WardId(1), Direction::North).is_some());
        let r = m.raster(60, 30);
        assert_eq!((r.width, r.height), (60, 60));
        // Every ward gets a pixel at this size, even the small central ones.
        let mut seen = [false; 66];
        for p in r.pixels.iter().flatten() {
            seen[*p as usize] = true;
        }
        let missing: Vec<WardId> = seen
            .iter()
            .enumerate()
            .filter(|(_, s)| !**s)
            .map(|(i, _)| wards[i])
            .collect();
        assert!(missing.len() <= 3, "wards without a pixel: {missing:?}");
    }

    #[test]
    fn two_squares_side_by_side() {
        let m = WardMap::read(text(TWO_SQUARES)).unwrap();
        assert_eq!(m.wards(), [WardId(1), WardId(2)]);
        assert_eq!(m.neighbour(WardId(1), Direction::East), Some(WardId(2)));
        assert_eq!(m.neighbour(WardId(2), Direction::West), Some(WardId(1)));
        assert_eq!(m.neighbour(WardId(1), Direction::North), None);
        let r = m.raster(4, 1);
        // Four pixels across, two down: the left half ward 1, the right half ward 2.
        assert_eq!(r.at(0, 0), Some(0));
        assert_eq!(r.at(3, 1), Some(1));
        assert!(WardMap::read(text("[]")).is_err());
    }

    #[test]
    fn the_ward_property_is_guessed_ignoring_case_in_one_order() {
        // WARD_NUM (upper case, as the city's 2015 file has it) is found; OBJECTID is not a ward.
        let gj = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"OBJECTID":7,"WARD_NUM":"08"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        assert_eq!(WardMap::read(text(gj)).unwrap().wards(), [WardId(8)]);
        // ward_num comes before ward when a feature has both.
        let gj = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"Ward":"3","ward_num":"4"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        assert_eq!(WardMap::read(text(gj)).unwrap().wards(), [WardId(4)]);
        // Whole numbers written as floats, and named wards, as the data's ward ids are read.
        let gj = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"WARD":5.0},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
          {"type":"Feature","properties":{"WARD":"Reading  1"},"geometry":{"type":"Polygon","coordinates":[[[2,0],[3,0],[3,1],[2,0]]]}}]}"#;
        let m = WardMap::read(text(gj)).unwrap();
        assert_eq!(m.wards(), [WardId(5), WardId::named("reading 1").unwrap()]);
        for w in WARD_PROPERTIES {
            assert_eq!(w, w.to_lowercase(), "matched ignoring case");
        }
    }

    #[test]
    fn a_named_property_is_used_and_a_missing_one_lists_what_there_is() {
        let gj = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"ward":"1","DIST":"9"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        let dir = tempfile::tempdir().unwrap();
        let m = WardMap::read(file(&dir, gj, Some("dist"))).unwrap();
        assert_eq!(m.wards(), [WardId(9)]);
        let e = WardMap::read(file(&dir, gj, Some("WARD_NO"))).unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, LinesError::Invalid { .. }));
        assert!(msg.contains("wards.geojson: "), "{msg}");
        assert!(
            msg.contains(
                r#"no feature has the ward property "WARD_NO"; the features have "DIST", "ward""#
            ),
            "{msg}"
        );
        let gj = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"NAME":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        let msg = WardMap::read(file(&dir, gj, None)).unwrap_err().to_string();
        assert!(
            msg.contains("no feature has a ward property (ward_num, ward_number, ward"),
            "{msg}"
        );
        assert!(msg.contains(r#"the features have "NAME""#), "{msg}");
        // Values that are no ward id are named.
        let gj = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"ward":0},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#;
        let msg = WardMap::read(text(gj)).unwrap_err().to_string();
        assert!(
            msg.contains(r#"the property "ward" holds no ward id (e.g. 0)"#),
            "{msg}"
        );
    }

    #[test]
    fn files_that_cannot_be_read_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = Lines::File {
            path: dir.path().join("nope.geojson"),
            ward_property: None,
        };
        let e = missing.check_file().unwrap_err();
        assert!(matches!(e, LinesError::Unreadable { .. }));
        assert!(
            e.to_string().contains("nope.geojson: cannot be read"),
            "{e}"
        );
        let not_json = file(&dir, "ward,geometry\n1,x\n", None);
        let e = WardMap::read(not_json).unwrap_err().to_string();
        assert!(e.contains("wards.geojson: not GeoJSON"), "{e}");
        // Read once: a deferred map that cannot be read has no wards and keeps its reason.
        let m = WardMap::deferred(file(&dir, "{}", None));
        assert!(m.wards().is_empty());
        assert!(m.load().is_err());
        assert_eq!(m.raster(3, 2).pixels, vec![None; 12]);
    }

    #[test]
    fn a_fifo_named_as_lines_is_refused_without_opening_it() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("lines.geojson");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here: nothing to test
        }
        let lines = Lines::File {
            path: fifo,
            ward_property: None,
        };
        let e = WardMap::read(lines).unwrap_err().to_string();
        assert!(e.contains("not a regular file"), "{e}");
    }

    #[test]
    fn degenerate_and_overflowing_polygons_are_not_wards() {
        let dir = tempfile::tempdir().unwrap();
        let gj = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"ward":"1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[0,0],[0,0],[0,0]]]}},
          {"type":"Feature","properties":{"ward":"2"},"geometry":{"type":"Polygon","coordinates":[[[1e308,1e308],[-1e308,1e308],[-1e308,-1e308],[1e308,1e308]]]}}]}"#;
        let e = WardMap::read(file(&dir, gj, None)).unwrap_err().to_string();
        assert!(e.contains("no ward polygon has an area"), "{e}");
    }

    #[test]
    fn projected_coordinates_are_a_plane_already() {
        // State-plane feet: no cosine of a "latitude" of 250,000.
        let gj = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"ward":"1"},"geometry":{"type":"Polygon","coordinates":[[[2690000,250000],[2700000,250000],[2700000,260000],[2690000,260000],[2690000,250000]]]}},
          {"type":"Feature","properties":{"ward":"2"},"geometry":{"type":"Polygon","coordinates":[[[2700000,250000],[2710000,250000],[2710000,260000],[2700000,260000],[2700000,250000]]]}}]}"#;
        let m = WardMap::read(text(gj)).unwrap();
        assert_eq!(m.neighbour(WardId(1), Direction::East), Some(WardId(2)));
        let r = m.raster(4, 1);
        assert_eq!((r.at(0, 0), r.at(3, 1)), (Some(0), Some(1)));
    }
}
