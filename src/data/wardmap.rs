//! Ward boundaries: GeoJSON read once (`geojson`), projected to a plane (equirectangular at the
//! place's latitude), rasterised for a panel size with `geo`'s point-in-polygon, and the
//! neighbouring ward in a direction found by centroid.

use super::model::WardId;
use geo::{
    BoundingRect, Centroid, Contains, Coord, LineString, MultiPolygon, Point, Polygon, Rect,
};

/// The ward boundaries shipped for Philadelphia (the current lines, CRS84).
pub const PHILADELPHIA_WARDS: &str = include_str!("../../data/phila_wards_current.geojson");

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

/// The wards of a place as shapes on a plane.
#[derive(Debug, Clone)]
pub struct WardMap {
    shapes: Vec<Shape>,
    /// The wards of `shapes`, in the same order.
    wards: Vec<WardId>,
    bounds: Rect<f64>,
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

/// A panel's pixels (two per terminal cell, one above the other): each the position of its ward
/// in the map's wards, or `None` outside every ward.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raster {
    /// Pixels across.
    pub width: usize,
    /// Pixels down (twice the cells).
    pub height: usize,
    /// Row by row.
    pub pixels: Vec<Option<u16>>,
}

impl Raster {
    /// The ward position at a pixel.
    pub fn at(&self, x: usize, y: usize) -> Option<u16> {
        self.pixels.get(y * self.width + x).copied().flatten()
    }
}

/// The property holding the ward number: the one named, else the first of the usual ones.
fn ward_of(
    props: &serde_json::Map<String, serde_json::Value>,
    named: Option<&str>,
) -> Option<WardId> {
    let keys: Vec<&str> = match named {
        Some(n) => vec![n],
        None => vec!["ward_num", "WARD_NUM", "ward", "WARD", "Ward"],
    };
    let v = keys.iter().find_map(|k| props.get(*k))?;
    let text = match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    super::ids::parse_ward(&text).ok()
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

fn polygon(rings: &[Vec<Vec<f64>>], scale: f64) -> Option<Polygon<f64>> {
    let (outer, holes) = rings.split_first()?;
    Some(Polygon::new(
        ring(outer, scale),
        holes.iter().map(|h| ring(h, scale)).collect(),
    ))
}

impl WardMap {
    /// Reads a GeoJSON feature collection of ward polygons; `ward_property` names the property
    /// holding the ward number (else `ward_num`, `WARD_NUM`, `ward` are tried).
    ///
    /// # Errors
    /// What is wrong: not GeoJSON, no feature with a ward number and a polygon.
    pub fn read(text: &str, ward_property: Option<&str>) -> Result<WardMap, String> {
        let gj: geojson::GeoJson = text.parse().map_err(|e| format!("not GeoJSON: {e}"))?;
        let geojson::GeoJson::FeatureCollection(fc) = gj else {
            return Err("not a GeoJSON FeatureCollection".into());
        };
        // Equirectangular at the features' mean latitude: longitudes shrink by its cosine.
        let mut raw: Vec<(WardId, Vec<Rings>)> = Vec::new();
        for f in &fc.features {
            let (Some(props), Some(g)) = (&f.properties, &f.geometry) else {
                continue;
            };
            let Some(ward) = ward_of(props, ward_property) else {
                continue;
            };
            let polys = match &g.value {
                geojson::GeometryValue::Polygon { coordinates } => vec![coordinates.clone()],
                geojson::GeometryValue::MultiPolygon { coordinates } => coordinates.clone(),
                _ => continue,
            };
            raw.push((
                ward,
                polys
                    .into_iter()
                    .map(|p| {
                        p.into_iter()
                            .map(|r| r.into_iter().map(|c| c.as_slice().to_vec()).collect())
                            .collect()
                    })
                    .collect(),
            ));
        }
        let lats: Vec<f64> = raw
            .iter()
            .flat_map(|(_, ps)| {
                ps.iter()
                    .flatten()
                    .flatten()
                    .map(|c| c.get(1).copied().unwrap_or(0.0))
            })
            .collect();
        if lats.is_empty() {
            return Err("no feature has a ward number and a polygon".into());
        }
        let lat0 = lats.iter().sum::<f64>() / lats.len() as f64;
        let scale = lat0.to_radians().cos();
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
            .ok_or("no ward polygon")?;
        let wards = shapes.iter().map(|s| s.ward).collect();
        Ok(WardMap {
            shapes,
            wards,
            bounds,
        })
    }

    /// The wards with a shape, in ward order.
    pub fn wards(&self) -> &[WardId] {
        &self.wards
    }

    /// The position of a ward in [`wards`](WardMap::wards).
    pub fn position(&self, ward: WardId) -> Option<usize> {
        self.wards.binary_search(&ward).ok()
    }

    /// Pixels of a panel `cells_x` wide and `cells_y` tall (two pixels per cell, one above the
    /// other), the map fitted inside with its proportions kept; each pixel the position (in
    /// [`wards`](WardMap::wards)) of the ward holding its centre.
    pub fn raster(&self, cells_x: usize, cells_y: usize) -> Raster {
        let (w, h) = (cells_x.max(1), cells_y.max(1) * 2);
        let (mw, mh) = (self.bounds.width(), self.bounds.height());
        // One pixel is as wide as it is tall (a terminal cell is about twice as tall as wide).
        let unit = (mw / w as f64).max(mh / h as f64);
        let (ox, oy) = (
            self.bounds.min().x - (w as f64 * unit - mw) / 2.0,
            self.bounds.max().y + (h as f64 * unit - mh) / 2.0,
        );
        let mut pixels = vec![None; w * h];
        for py in 0..h {
            let y = oy - (py as f64 + 0.5) * unit;
            for px in 0..w {
                let x = ox + (px as f64 + 0.5) * unit;
                let p = Point::new(x, y);
                pixels[py * w + px] = self
                    .shapes
                    .iter()
                    .position(|s| {
                        let b = s.bounds;
                        x >= b.min().x
                            && x <= b.max().x
                            && y >= b.min().y
                            && y <= b.max().y
                            && s.area.contains(&p)
                    })
                    .map(|i| i as u16);
            }
        }
        Raster {
            width: w,
            height: h,
            pixels,
        }
    }

    /// The ward nearest to `from` in a direction, by centroid: the closest whose centre lies
    /// within 60 degrees of that direction.
    pub fn neighbour(&self, from: WardId, dir: Direction) -> Option<WardId> {
        let here = self.shapes.iter().find(|s| s.ward == from)?.centre;
        let (dx, dy) = match dir {
            Direction::North => (0.0, 1.0),
            Direction::South => (0.0, -1.0),
            Direction::East => (1.0, 0.0),
            Direction::West => (-1.0, 0.0),
        };
        self.shapes
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

    #[test]
    fn the_shipped_map_has_the_66_wards_and_their_neighbours() {
        let m = WardMap::read(PHILADELPHIA_WARDS, None).unwrap();
        let wards = m.wards();
        assert_eq!(wards.len(), 66);
        assert_eq!(wards.first(), Some(&WardId(1)));
        assert_eq!(wards.last(), Some(&WardId(66)));
        // Ward 66 (far north-east) has no neighbour further east-north of ward 65's... it has
        // one to the south-west; ward 1 (South Philadelphia) has a ward to its north.
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
        let gj = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"ward":"1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
          {"type":"Feature","properties":{"ward":2},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]}"#;
        let m = WardMap::read(gj, None).unwrap();
        assert_eq!(m.wards(), [WardId(1), WardId(2)]);
        assert_eq!(m.neighbour(WardId(1), Direction::East), Some(WardId(2)));
        assert_eq!(m.neighbour(WardId(2), Direction::West), Some(WardId(1)));
        assert_eq!(m.neighbour(WardId(1), Direction::North), None);
        let r = m.raster(4, 1);
        // Four pixels across, two down: the left half ward 1, the right half ward 2.
        assert_eq!(r.at(0, 0), Some(0));
        assert_eq!(r.at(3, 1), Some(1));
        assert!(WardMap::read("[]", None).is_err());
    }
}
