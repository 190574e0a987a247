//! The geofence benchmark's data (issue 22), deterministic from its sizes: zones of 20–60
//! vertices, 100 m to 2 km across, spread over a square the size of Essex (61 km a side,
//! about 3,700 km², centred on Chelmsford); subjects of 1–5 zones each; and each
//! subject's fixes scattered over its zones' box widened by 500 m. The fixes are in the
//! order a stream brings them: every subject's next fix in turn, as if each tag reported
//! once a round. Written for the peers as `zones.csv` (`id,subject,wkt`) and `fixes.bin`
//! (little-endian f64 lon, f64 lat, u32 subject per fix).

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use concord_geo::Point;

use super::rng::Rng;

const CENTRE: (f64, f64) = (0.4685, 51.7356);
const SIDE_M: f64 = 61_000.0;
const M_PER_DEG_LAT: f64 = 111_320.0;
const ZONE_STREAM: u64 = 0x6e07;
const FIX_STREAM: u64 = 0xf1c5;
const MARGIN_M: f64 = 500.0;

fn m_per_deg_lon() -> f64 {
    M_PER_DEG_LAT * CENTRE.1.to_radians().cos()
}

fn unit(rng: &mut Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A zone: its subject and its ring (closed, lon/lat).
pub struct BenchZone {
    pub subject: u32,
    pub ring: Vec<Point>,
}

pub struct GeoData {
    pub zones: Vec<BenchZone>,
    /// Each subject's zones (indices into `zones`).
    pub subjects: Vec<Vec<usize>>,
    pub fixes: Vec<(Point, u32)>,
}

/// A star-shaped polygon of `k` vertices round `c`, `across` metres wide at most.
fn star(rng: &mut Rng, c: (f64, f64), across: f64, k: usize) -> Vec<Point> {
    let mut angles: Vec<f64> = (0..k).map(|_| unit(rng) * std::f64::consts::TAU).collect();
    angles.sort_by(f64::total_cmp);
    angles.dedup();
    let mut ring: Vec<Point> = angles
        .iter()
        .map(|a| {
            let r = across / 2.0 * (0.55 + 0.45 * unit(rng));
            Point::new(
                c.0 + r * a.cos() / m_per_deg_lon(),
                c.1 + r * a.sin() / M_PER_DEG_LAT,
            )
        })
        .collect();
    ring.push(ring[0]);
    ring
}

pub fn generate(zones: usize, fixes: usize) -> GeoData {
    let mut rng = Rng::new(ZONE_STREAM, zones as u64);
    let mut out = Vec::with_capacity(zones);
    let mut subjects: Vec<Vec<usize>> = vec![];
    while out.len() < zones {
        let n = (rng.between(1, 5) as usize).min(zones - out.len());
        let subject = subjects.len() as u32;
        // A subject's zones lie within a few kilometres of each other (his town).
        let home = (
            CENTRE.0 + (unit(&mut rng) - 0.5) * SIDE_M / m_per_deg_lon(),
            CENTRE.1 + (unit(&mut rng) - 0.5) * SIDE_M / M_PER_DEG_LAT,
        );
        let mut mine = vec![];
        for _ in 0..n {
            let c = (
                home.0 + (unit(&mut rng) - 0.5) * 6_000.0 / m_per_deg_lon(),
                home.1 + (unit(&mut rng) - 0.5) * 6_000.0 / M_PER_DEG_LAT,
            );
            let across = 100.0 + unit(&mut rng) * 1_900.0;
            let k = rng.between(20, 60) as usize;
            mine.push(out.len());
            out.push(BenchZone {
                subject,
                ring: star(&mut rng, c, across, k),
            });
        }
        subjects.push(mine);
    }
    let mut rng = Rng::new(FIX_STREAM, fixes as u64);
    let (dx, dy) = (MARGIN_M / m_per_deg_lon(), MARGIN_M / M_PER_DEG_LAT);
    let boxes: Vec<(Point, Point)> = subjects
        .iter()
        .map(|mine| {
            let (mut lo, mut hi) = (
                Point::new(f64::MAX, f64::MAX),
                Point::new(f64::MIN, f64::MIN),
            );
            for z in mine {
                for p in &out[*z].ring {
                    lo = Point::new(lo.lon.min(p.lon), lo.lat.min(p.lat));
                    hi = Point::new(hi.lon.max(p.lon), hi.lat.max(p.lat));
                }
            }
            (
                Point::new(lo.lon - dx, lo.lat - dy),
                Point::new(hi.lon + dx, hi.lat + dy),
            )
        })
        .collect();
    let mut all = Vec::with_capacity(fixes);
    'rounds: loop {
        for (s, (lo, hi)) in boxes.iter().enumerate() {
            if all.len() == fixes {
                break 'rounds;
            }
            let p = Point::new(
                lo.lon + unit(&mut rng) * (hi.lon - lo.lon),
                lo.lat + unit(&mut rng) * (hi.lat - lo.lat),
            );
            all.push((p, s as u32));
        }
        if boxes.is_empty() {
            break;
        }
    }
    GeoData {
        zones: out,
        subjects,
        fixes: all,
    }
}

/// Write the peers' inputs into `dir`.
pub fn write(data: &GeoData, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut z = std::io::BufWriter::new(std::fs::File::create(dir.join("zones.csv"))?);
    writeln!(z, "id,subject,wkt")?;
    for (i, zone) in data.zones.iter().enumerate() {
        let coords: Vec<String> = zone
            .ring
            .iter()
            .map(|p| format!("{} {}", p.lon, p.lat))
            .collect();
        writeln!(
            z,
            "{i},{},\"POLYGON(({}))\"",
            zone.subject,
            coords.join(",")
        )?;
    }
    z.flush()?;
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join("fixes.bin"))?);
    for (p, s) in &data.fixes {
        f.write_all(&p.lon.to_le_bytes())?;
        f.write_all(&p.lat.to_le_bytes())?;
        f.write_all(&s.to_le_bytes())?;
    }
    f.flush()?;
    Ok(())
}
