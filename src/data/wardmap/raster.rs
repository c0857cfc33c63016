//! A place's wards as a panel's pixels: two per terminal cell, each the ward holding its centre,
//! and every ward given at least one.

use super::{Geometry, WardMap};
use geo::{Contains, InteriorPoint, Point};

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

impl WardMap {
    /// Pixels of a panel `cells_x` wide and `cells_y` tall (two pixels per cell, one above the
    /// other), the map fitted inside with its proportions kept; each pixel the position (in
    /// [`wards`](WardMap::wards)) of the ward holding its centre.
    pub fn raster(&self, cells_x: usize, cells_y: usize) -> Raster {
        let (w, h) = (cells_x.max(1), cells_y.max(1) * 2);
        let Some(g) = self.geometry() else {
            return Raster {
                width: w,
                height: h,
                pixels: vec![None; w * h],
            };
        };
        let (mw, mh) = (g.bounds.width(), g.bounds.height());
        // One pixel is as wide as it is tall (a terminal cell is about twice as tall as wide).
        let unit = (mw / w as f64).max(mh / h as f64);
        let (ox, oy) = (
            g.bounds.min().x - (w as f64 * unit - mw) / 2.0,
            g.bounds.max().y + (h as f64 * unit - mh) / 2.0,
        );
        let mut pixels = vec![None; w * h];
        for py in 0..h {
            let y = oy - (py as f64 + 0.5) * unit;
            for px in 0..w {
                let x = ox + (px as f64 + 0.5) * unit;
                let p = Point::new(x, y);
                pixels[py * w + px] = g
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
        give_every_ward_a_pixel(g, &mut pixels, (w, h), (ox, oy), unit);
        Raster {
            width: w,
            height: h,
            pixels,
        }
    }
}

/// A ward too small for any pixel centre to fall inside it (at 80x24, two of Philadelphia's
/// 66) gets the pixel holding a point inside it, or a pixel next to it, taken from a ward that
/// keeps others: every ward shows, and can be selected, at every size with room for them.
fn give_every_ward_a_pixel(
    g: &Geometry,
    pixels: &mut [Option<u16>],
    (w, h): (usize, usize),
    (ox, oy): (f64, f64),
    unit: f64,
) {
    let mut count = vec![0usize; g.shapes.len()];
    for p in pixels.iter().flatten() {
        count[*p as usize] += 1;
    }
    for (i, s) in g.shapes.iter().enumerate() {
        if count[i] > 0 {
            continue;
        }
        let Some(inside) = s.area.interior_point() else {
            continue;
        };
        let px = ((inside.x() - ox) / unit).floor();
        let py = ((oy - inside.y()) / unit).floor();
        if px < 0.0 || py < 0.0 || px >= w as f64 || py >= h as f64 {
            continue;
        }
        let (px, py) = (px as isize, py as isize);
        // The pixel itself first, then its eight neighbours.
        let near = std::iter::once((0, 0)).chain(
            (-1..=1)
                .flat_map(|dy| (-1..=1).map(move |dx| (dx, dy)))
                .filter(|&d| d != (0, 0)),
        );
        for (dx, dy) in near {
            let (x, y) = (px + dx, py + dy);
            if x < 0 || y < 0 || x >= w as isize || y >= h as isize {
                continue;
            }
            let at = y as usize * w + x as usize;
            let free = pixels[at].is_none_or(|o| count[o as usize] > 1);
            if free {
                if let Some(o) = pixels[at] {
                    count[o as usize] -= 1;
                }
                pixels[at] = Some(i as u16);
                count[i] = 1;
                break;
            }
        }
    }
}
