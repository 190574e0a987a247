//! A map drawn on the server as SVG, for what is printed: the licence's "area shown on
//! the map" must be on the paper, and a print has no script to run Leaflet. It draws the
//! zones over the offline base layer (static/basemap: land and sea, the coast, rivers,
//! county boundaries, towns and villages, postcode sectors), with a scale bar, north and
//! the data's attribution. Names are written as escaped text, never markup.

use std::fmt::Write as _;
use std::sync::OnceLock;

use serde_json::Value;

/// One zone to draw: its name, whether it is an exclusion zone (red) or an inclusion
/// zone (green), and its GeoJSON geometry (Polygon or MultiPolygon, longitude first).
pub struct SketchZone<'a> {
    pub name: &'a str,
    pub exclusion: bool,
    pub geometry: &'a Value,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 440.0;

/// The base layer's features, parsed once.
fn base() -> &'static Vec<Value> {
    static BASE: OnceLock<Vec<Value>> = OnceLock::new();
    BASE.get_or_init(|| {
        let text = include_str!("../static/basemap/essex.geojson");
        serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|v| v.get("features").and_then(Value::as_array).cloned())
            .unwrap_or_default()
    })
}

/// A ring or a line: (longitude, latitude) points.
type Ring = Vec<(f64, f64)>;

/// The rings of a Polygon or MultiPolygon as (longitude, latitude) lists.
fn rings(geometry: &Value) -> Vec<Ring> {
    let coords = geometry.get("coordinates");
    let polygons: Vec<&Value> = match geometry.get("type").and_then(Value::as_str) {
        Some("Polygon") => coords.into_iter().collect(),
        Some("MultiPolygon") => coords
            .and_then(Value::as_array)
            .map(|ps| ps.iter().collect())
            .unwrap_or_default(),
        _ => vec![],
    };
    polygons
        .into_iter()
        .filter_map(Value::as_array)
        .flatten()
        .map(line)
        .collect()
}

fn line(v: &Value) -> Vec<(f64, f64)> {
    v.as_array()
        .map(|pts| {
            pts.iter()
                .filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
                .collect()
        })
        .unwrap_or_default()
}

/// Longitude and latitude to the page: equirectangular about the view's centre, which is
/// true to within a fraction of a percent over a county.
struct View {
    west: f64,
    north: f64,
    per_degree_x: f64,
    per_degree_y: f64,
    metres_per_px: f64,
}

impl View {
    fn fit(points: &[(f64, f64)]) -> Option<View> {
        let (mut w, mut e, mut s, mut n) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for &(lon, lat) in points {
            w = w.min(lon);
            e = e.max(lon);
            s = s.min(lat);
            n = n.max(lat);
        }
        if !(w.is_finite() && e.is_finite() && w <= e && s <= n) {
            return None;
        }
        let mid = f64::midpoint(s, n);
        let k = mid.to_radians().cos();
        // A quarter of the span spare on each side, and never less than 800 m across.
        let min_span = 0.8 / 111.32;
        let span_x = ((e - w) * k).max(min_span) * 1.5;
        let span_y = (n - s).max(min_span) * 1.5;
        let scale = (WIDTH / span_x).min(HEIGHT / span_y);
        let cx = f64::midpoint(w, e);
        let cy = mid;
        Some(View {
            west: cx - WIDTH / 2.0 / scale / k,
            north: cy + HEIGHT / 2.0 / scale,
            per_degree_x: scale * k,
            per_degree_y: scale,
            metres_per_px: 111_320.0 / scale,
        })
    }

    fn xy(&self, (lon, lat): (f64, f64)) -> (f64, f64) {
        (
            (lon - self.west) * self.per_degree_x,
            (self.north - lat) * self.per_degree_y,
        )
    }

    fn path(&self, ring: &[(f64, f64)], close: bool) -> String {
        let mut d = String::new();
        for (i, &p) in ring.iter().enumerate() {
            let (x, y) = self.xy(p);
            let _ = write!(d, "{}{x:.1},{y:.1}", if i == 0 { "M" } else { "L" });
        }
        if close {
            d.push('Z');
        }
        d
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The SVG, or `None` when no zone has a shape to draw.
pub fn sketch(zones: &[SketchZone<'_>], title: &str) -> Option<String> {
    let shapes: Vec<(&SketchZone<'_>, Vec<Ring>)> =
        zones.iter().map(|z| (z, rings(z.geometry))).collect();
    let all: Vec<(f64, f64)> = shapes
        .iter()
        .flat_map(|(_, r)| r.iter().flatten().copied())
        .collect();
    let view = View::fit(&all)?;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="concord-map-sketch" role="img" aria-label="{}"><rect width="100%" height="100%" fill="#d2e2f1"/>"##,
        escape(title)
    );
    let span_km = WIDTH * view.metres_per_px / 1000.0;
    let mut labels = String::new();
    for f in base() {
        let layer = f
            .pointer("/properties/layer")
            .and_then(Value::as_str)
            .unwrap_or("");
        let geometry = f.get("geometry").unwrap_or(&Value::Null);
        let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("");
        match (layer, kind) {
            ("land", _) => {
                let d: String = rings(geometry).iter().map(|r| view.path(r, true)).collect();
                let _ = write!(svg, r##"<path d="{d}" fill="#ffffff"/>"##);
            }
            ("coast" | "river", "LineString") => {
                let d = view.path(
                    &line(geometry.get("coordinates").unwrap_or(&Value::Null)),
                    false,
                );
                let _ = write!(
                    svg,
                    r##"<path d="{d}" fill="none" stroke="#5694ca" stroke-width="1"/>"##
                );
            }
            ("boundary", _) => {
                let d: String = rings(geometry).iter().map(|r| view.path(r, true)).collect();
                let _ = write!(
                    svg,
                    r##"<path d="{d}" fill="none" stroke="#6f777b" stroke-width="1.5" stroke-dasharray="6 4"/>"##
                );
            }
            ("place" | "sector", "Point") => {
                let rank = f
                    .pointer("/properties/rank")
                    .and_then(Value::as_u64)
                    .unwrap_or(5);
                // Fewer names the wider the view, so they stay readable.
                let shown = if layer == "sector" {
                    span_km < 6.0
                } else {
                    span_km < 8.0 || (span_km < 25.0 && rank <= 3) || rank <= 2
                };
                let c = &geometry["coordinates"];
                let (Some(lon), Some(lat), true) = (c[0].as_f64(), c[1].as_f64(), shown) else {
                    continue;
                };
                let (x, y) = view.xy((lon, lat));
                if !(0.0..=WIDTH).contains(&x) || !(0.0..=HEIGHT).contains(&y) {
                    continue;
                }
                let name = escape(
                    f.pointer("/properties/name")
                        .and_then(Value::as_str)
                        .unwrap_or(""),
                );
                let (size, weight, fill) = match (layer, rank) {
                    ("sector", _) => (10, 400, "#003078"),
                    (_, 1) => (14, 700, "#0b0c0c"),
                    (_, 2) => (12, 700, "#0b0c0c"),
                    _ => (11, 400, "#505a5f"),
                };
                let _ = write!(
                    labels,
                    r##"<text x="{x:.1}" y="{y:.1}" font-size="{size}" font-weight="{weight}" fill="{fill}" text-anchor="middle" stroke="#ffffff" stroke-width="3" paint-order="stroke">{name}</text>"##
                );
            }
            _ => {}
        }
    }
    for (z, rs) in &shapes {
        let colour = if z.exclusion { "#d4351c" } else { "#00703c" };
        let d: String = rs.iter().map(|r| view.path(r, true)).collect();
        let _ = write!(
            svg,
            r##"<path d="{d}" fill="{colour}" fill-opacity="0.2" stroke="{colour}" stroke-width="2" fill-rule="evenodd"/>"##
        );
    }
    svg.push_str(&labels);
    for (z, rs) in &shapes {
        let pts: Vec<(f64, f64)> = rs.first().cloned().unwrap_or_default();
        if pts.is_empty() {
            continue;
        }
        let n = pts.len() as f64;
        let centre = (
            pts.iter().map(|p| p.0).sum::<f64>() / n,
            pts.iter().map(|p| p.1).sum::<f64>() / n,
        );
        let (x, y) = view.xy(centre);
        let _ = write!(
            svg,
            r##"<text x="{x:.1}" y="{y:.1}" font-size="13" font-weight="700" fill="#0b0c0c" text-anchor="middle" stroke="#ffffff" stroke-width="3" paint-order="stroke">{}</text>"##,
            escape(z.name)
        );
    }
    scale_bar(&mut svg, view.metres_per_px);
    svg.push_str(r##"<text x="620" y="30" font-size="16" font-weight="700" text-anchor="middle">N</text><path d="M620,34 L614,50 L620,46 L626,50 Z" fill="#0b0c0c"/>"##);
    let _ = write!(
        svg,
        r##"<text x="6" y="{}" font-size="9" fill="#0b0c0c">Contains OS data © Crown copyright and database right 2025. Places © GeoNames, CC BY 4.0. Shoreline: GSHHG. No roads shown.</text>"##,
        HEIGHT - 6.0
    );
    svg.push_str("</svg>");
    Some(svg)
}

/// A bar of a round length near a quarter of the width.
fn scale_bar(svg: &mut String, metres_per_px: f64) {
    let target = WIDTH / 4.0 * metres_per_px;
    let length = [
        50.0, 100.0, 200.0, 250.0, 500.0, 1000.0, 2000.0, 2500.0, 5000.0, 10_000.0, 20_000.0,
        50_000.0,
    ]
    .into_iter()
    .rfind(|l| *l <= target)
    .unwrap_or(50.0);
    let px = length / metres_per_px;
    let label = if length >= 1000.0 {
        format!("{} km", length / 1000.0)
    } else {
        format!("{length} m")
    };
    let y = HEIGHT - 24.0;
    let _ = write!(
        svg,
        r##"<rect x="10" y="{}" width="{:.1}" height="4" fill="#0b0c0c"/><text x="10" y="{}" font-size="11">{label}</text>"##,
        y,
        px,
        y - 4.0
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_drawn_with_escaped_names_a_scale_and_the_attribution() {
        let geometry = serde_json::json!({"type": "Polygon", "coordinates": [[[0.46, 51.73], [0.48, 51.73], [0.48, 51.74], [0.46, 51.74], [0.46, 51.73]]]});
        let svg = sketch(
            &[SketchZone {
                name: "Writtle <Road>",
                exclusion: true,
                geometry: &geometry,
            }],
            "Map of the zones",
        )
        .expect("a map");
        assert!(svg.contains("Writtle &lt;Road&gt;") && !svg.contains("<Road>"));
        assert!(svg.contains(r##"stroke="#d4351c""##));
        assert!(svg.contains("Contains OS data"));
        assert!(
            svg.contains(">Chelmsford<"),
            "the base layer names the town"
        );
        assert!(svg.contains(" m<") || svg.contains(" km<"), "a scale bar");
        let none = serde_json::json!({"type": "Point", "coordinates": [0.4, 51.7]});
        assert!(sketch(
            &[SketchZone {
                name: "x",
                exclusion: true,
                geometry: &none
            }],
            "t"
        )
        .is_none());
    }
}
