//! Line work shared by the review picture (`kalbajar map --png`) and the game's map overlay:
//! the hex grid, borders, the start line, rivers, roads, bridges, the tunnel and exit arrows.
//! One implementation, placed on the image by a [`View`].

use kalbajar_core::geography::{Border, Edge, RiverClass};
use kalbajar_core::hex::{Hex, HexGeometry, Km};
use kalbajar_core::map::Map;
use tiny_skia::{
    FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform,
};

/// Placement of the map plane on an image.
#[derive(Debug, Clone, Copy)]
pub struct View {
    pub geometry: HexGeometry,
    /// Pixels per kilometre.
    pub scale: f32,
    /// Pixel position of the north-west corner of the map's bounding box.
    pub origin: (f32, f32),
    /// Multiplier for the widths given in pixels (hairlines, borders), so they grow with the
    /// map; 1 for the review picture at its usual scale.
    pub line: f32,
}

impl View {
    /// Pixel position of a point on the map plane.
    #[must_use]
    pub fn px(&self, k: Km) -> (f32, f32) {
        #[expect(clippy::cast_possible_truncation, reason = "pixel coordinates")]
        (
            self.origin.0 + (k.x as f32 + self.geometry.across_flats as f32 / 2.0) * self.scale,
            self.origin.1 + (k.y as f32 + self.geometry.radius() as f32) * self.scale,
        )
    }

    /// Point on the map plane at a pixel position.
    #[must_use]
    pub fn km(&self, x: f32, y: f32) -> Km {
        Km::new(
            f64::from((x - self.origin.0) / self.scale) - self.geometry.across_flats / 2.0,
            f64::from((y - self.origin.1) / self.scale) - self.geometry.radius(),
        )
    }

    /// Pixel position of a hex centre.
    #[must_use]
    pub fn center(&self, h: Hex) -> (f32, f32) {
        self.px(self.geometry.center(h))
    }
}

/// The index of pixel (`x`, `y`) in the row-major pixels of a `width` × `height` image, or
/// `None` when the pixel lies outside it (a glyph's edge past the image's border).
#[must_use]
pub fn pixel_index(x: i64, y: i64, width: u32, height: u32) -> Option<usize> {
    let (x, y) = (u32::try_from(x).ok()?, u32::try_from(y).ok()?);
    (x < width && y < height)
        .then(|| usize::try_from(u64::from(y) * u64::from(width) + u64::from(x)).ok())
        .flatten()
}

#[must_use]
pub fn paint(r: u8, g: u8, b: u8, a: u8) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(r, g, b, a);
    p.anti_alias = true;
    p
}

#[must_use]
pub fn stroke(width: f32, dash: Option<(f32, f32)>) -> Stroke {
    Stroke {
        width,
        line_cap: LineCap::Round,
        line_join: LineJoin::Round,
        dash: dash.and_then(|(on, off)| StrokeDash::new(vec![on, off], 0.0)),
        ..Stroke::default()
    }
}

pub fn draw_path(pm: &mut Pixmap, pb: PathBuilder, paint: &Paint, stroke: &Stroke) {
    if let Some(path) = pb.finish() {
        pm.stroke_path(&path, paint, stroke, Transform::identity(), None);
    }
}

pub fn fill_path(pm: &mut Pixmap, pb: PathBuilder, paint: &Paint) {
    if let Some(path) = pb.finish() {
        pm.fill_path(&path, paint, FillRule::Winding, Transform::identity(), None);
    }
}

fn hex_outline(pb: &mut PathBuilder, view: &View, h: Hex) {
    let corners = view.geometry.corners(h);
    for (i, v) in corners.iter().enumerate() {
        let (x, y) = view.px(view.geometry.vertex_km(*v));
        if i == 0 {
            pb.move_to(x, y);
        } else {
            pb.line_to(x, y);
        }
    }
    pb.close();
}

/// Thin outlines of every hex.
pub fn draw_grid(pm: &mut Pixmap, map: &Map, view: &View, paint: &Paint) {
    let mut pb = PathBuilder::new();
    for h in map.hexes() {
        hex_outline(&mut pb, view, h);
    }
    draw_path(pm, pb, paint, &stroke(0.8 * view.line, None));
}

/// Calls `f` for every pair of adjacent hexes once, with the segment between them.
pub fn for_each_side(map: &Map, view: &View, mut f: impl FnMut(Hex, Hex, (f32, f32), (f32, f32))) {
    for h in map.hexes() {
        for n in map.neighbors(h) {
            if (n.x, n.y) < (h.x, h.y) {
                continue;
            }
            if let Some([a, b]) = view.geometry.shared_vertices(h, n) {
                f(
                    h,
                    n,
                    view.px(view.geometry.vertex_km(a)),
                    view.px(view.geometry.vertex_km(b)),
                );
            }
        }
    }
}

/// The state border (solid), district borders (dashed) and the front line at the start
/// (dotted red), on the hexsides between hexes that differ.
pub fn draw_boundaries(pm: &mut Pixmap, map: &Map, view: &View) {
    let l = view.line;
    let mut state = PathBuilder::new();
    let mut district = PathBuilder::new();
    let mut front = PathBuilder::new();
    for_each_side(map, view, |a, b, p, q| {
        let (Some(da), Some(db)) = (map.get(a), map.get(b)) else {
            return;
        };
        if da.border != db.border {
            let pb = if da.border == Border::Armenia || db.border == Border::Armenia {
                &mut state
            } else {
                &mut district
            };
            pb.move_to(p.0, p.1);
            pb.line_to(q.0, q.1);
        }
        if da.control != db.control {
            front.move_to(p.0, p.1);
            front.line_to(q.0, q.1);
        }
    });
    draw_path(pm, state, &paint(150, 60, 170, 150), &stroke(6.0 * l, None));
    draw_path(
        pm,
        district,
        &paint(150, 60, 170, 130),
        &stroke(3.0 * l, Some((8.0 * l, 5.0 * l))),
    );
    draw_path(
        pm,
        front,
        &paint(210, 20, 20, 230),
        &stroke(1.8 * l, Some((1.5 * l, 4.0 * l))),
    );
}

/// Rivers along hexsides, the main stream wider than tributaries.
pub fn draw_rivers(pm: &mut Pixmap, map: &Map, view: &View) {
    let mut main = PathBuilder::new();
    let mut tributary = PathBuilder::new();
    for_each_side(map, view, |a, b, p, q| match map.side(a, b).river {
        Some(RiverClass::Main) => {
            main.move_to(p.0, p.1);
            main.line_to(q.0, q.1);
        }
        Some(RiverClass::Tributary) => {
            tributary.move_to(p.0, p.1);
            tributary.line_to(q.0, q.1);
        }
        None => {}
    });
    let blue = paint(40, 100, 190, 255);
    draw_path(pm, main, &blue, &stroke(view.scale * 0.18, None));
    draw_path(pm, tributary, &blue, &stroke(view.scale * 0.11, None));
}

/// Roads from hex centre to hex centre by class (paved red on a white casing, dirt brown,
/// tracks dashed), bridges as paired bars and the tunnel as a dark portal.
pub fn draw_roads(pm: &mut Pixmap, map: &Map, view: &View) {
    let s = view.scale;
    let l = view.line;
    let mut by_class: [PathBuilder; 3] =
        [PathBuilder::new(), PathBuilder::new(), PathBuilder::new()];
    let mut bridges = Vec::new();
    let mut tunnels = Vec::new();
    for h in map.hexes() {
        for n in map.neighbors(h) {
            if (n.x, n.y) < (h.x, h.y) {
                continue;
            }
            let side = map.side(h, n);
            let Some(class) = side.road else { continue };
            let (p, q) = (view.center(h), view.center(n));
            let pb = &mut by_class[class as usize];
            pb.move_to(p.0, p.1);
            pb.line_to(q.0, q.1);
            let mid = ((p.0 + q.0) / 2.0, (p.1 + q.1) / 2.0);
            let dir = ((q.0 - p.0) / (s * 2.0), (q.1 - p.1) / (s * 2.0));
            if side.bridge {
                bridges.push((mid, dir));
            }
            if side.tunnel {
                tunnels.push((mid, dir));
            }
        }
    }
    let [paved, dirt, track] = by_class;
    draw_path(
        pm,
        paved.clone(),
        &paint(255, 255, 255, 200),
        &stroke(s * 0.26, None),
    );
    draw_path(pm, paved, &paint(180, 30, 30, 255), &stroke(s * 0.16, None));
    draw_path(
        pm,
        dirt.clone(),
        &paint(255, 255, 240, 170),
        &stroke(s * 0.2, None),
    );
    draw_path(pm, dirt, &paint(120, 70, 30, 255), &stroke(s * 0.11, None));
    draw_path(
        pm,
        track,
        &paint(90, 50, 20, 255),
        &stroke(s * 0.09, Some((s * 0.3, s * 0.2))),
    );
    let black = paint(0, 0, 0, 255);
    for ((x, y), (dx, dy)) in bridges {
        // Two short parallel bars either side of the road: the map symbol for a bridge.
        let (nx, ny) = (-dy * s * 0.22, dx * s * 0.22);
        let (lx, ly) = (dx * s * 0.25, dy * s * 0.25);
        let mut pb = PathBuilder::new();
        for sign in [-1.0, 1.0] {
            pb.move_to(x + nx * sign - lx, y + ny * sign - ly);
            pb.line_to(x + nx * sign + lx, y + ny * sign + ly);
        }
        draw_path(pm, pb, &black, &stroke(1.6 * l, None));
    }
    for ((x, y), (dx, dy)) in tunnels {
        // A dark portal box across the road.
        let (nx, ny) = (-dy * s * 0.3, dx * s * 0.3);
        let (lx, ly) = (dx * s * 0.35, dy * s * 0.35);
        let mut pb = PathBuilder::new();
        pb.move_to(x + nx - lx, y + ny - ly);
        pb.line_to(x + nx + lx, y + ny + ly);
        pb.line_to(x - nx + lx, y - ny + ly);
        pb.line_to(x - nx - lx, y - ny - ly);
        pb.close();
        if let Some(path) = pb.finish() {
            pm.fill_path(
                &path,
                &paint(30, 30, 30, 255),
                FillRule::Winding,
                Transform::identity(),
                None,
            );
            pm.stroke_path(
                &path,
                &paint(255, 255, 255, 255),
                &stroke(1.2 * l, None),
                Transform::identity(),
                None,
            );
        }
    }
}

/// A dark arrow at each map-edge exit pointing off the map: its tip `reach` km from the exit
/// hex's centre, `length` km long and `half` km wide either side.
pub fn draw_exit_arrows(
    pm: &mut Pixmap,
    map: &Map,
    view: &View,
    reach: f32,
    length: f32,
    half: f32,
) {
    let s = view.scale;
    for e in &map.file().exits {
        let (x, y) = view.center(e.hex.to_hex());
        let (dx, dy) = edge_direction(e.edge);
        let tip = (x + dx * s * reach, y + dy * s * reach);
        let (back, half) = (s * length, s * half);
        let mut pb = PathBuilder::new();
        pb.move_to(tip.0, tip.1);
        pb.line_to(tip.0 - dx * back - dy * half, tip.1 - dy * back + dx * half);
        pb.line_to(tip.0 - dx * back + dy * half, tip.1 - dy * back - dx * half);
        pb.close();
        fill_path(pm, pb, &paint(30, 30, 30, 230));
    }
}

/// Unit vector on the image pointing off the map across an edge.
#[must_use]
pub fn edge_direction(edge: Edge) -> (f32, f32) {
    match edge {
        Edge::North => (0.0, -1.0),
        Edge::South => (0.0, 1.0),
        Edge::East => (1.0, 0.0),
        Edge::West => (-1.0, 0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::pixel_index;

    #[test]
    fn a_pixel_index_counts_rows_and_leaves_out_what_lies_outside() {
        assert_eq!(pixel_index(0, 0, 4, 3), Some(0));
        assert_eq!(pixel_index(3, 0, 4, 3), Some(3));
        assert_eq!(pixel_index(1, 2, 4, 3), Some(9));
        for (x, y) in [(-1, 0), (0, -1), (4, 0), (0, 3), (i64::MAX, 0)] {
            assert_eq!(pixel_index(x, y, 4, 3), None, "({x}, {y})");
        }
    }
}
