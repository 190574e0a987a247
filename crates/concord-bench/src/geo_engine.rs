//! Concord's side of the geofence benchmark: each fix against its own subject's zones
//! (on one core and on every core, through `SubjectZones`), the full per-subject
//! evaluator with dwell and hysteresis, and each fix against all the zones through the
//! grid. Each run returns its time and, for the agreement check, how many zones hold each
//! fix.

use std::sync::Arc;
use std::time::Instant;

use concord_geo::fence::{
    DwellConfig, FenceRule, Fix, PreparedZone, RuleKind, SubjectMonitor, SubjectZones, TimeWindow,
    ZoneGrid,
};
use concord_geo::{Polygon, Zone};
use rayon::prelude::*;

use super::geo_data::GeoData;

/// One timed run: seconds and, per fix, how many zones hold it.
pub struct Timed {
    pub seconds: f64,
    pub counts: Vec<u8>,
}

pub fn prepare(data: &GeoData) -> (Vec<PreparedZone>, f64) {
    let t = Instant::now();
    let zones = data
        .zones
        .iter()
        .map(|z| {
            PreparedZone::from_zone(&Zone {
                polygons: vec![Polygon {
                    exterior: z.ring.clone(),
                    holes: vec![],
                }],
            })
        })
        .collect();
    (zones, t.elapsed().as_secs_f64())
}

/// Each subject's zones drawn together (`SubjectZones`), from the prepared zones.
pub fn prepare_subjects(data: &GeoData, zones: &[PreparedZone]) -> (SubjectZones, f64) {
    let t = Instant::now();
    let book = SubjectZones::new(zones.to_vec(), &data.subjects);
    (book, t.elapsed().as_secs_f64())
}

/// The stream's fixes, in its order, as one batch against their subjects' zones, on one
/// thread; the counts' allocation is timed too.
pub fn per_subject(data: &GeoData, book: &SubjectZones) -> Timed {
    let t = Instant::now();
    let mut counts = vec![0u8; data.fixes.len()];
    book.count_inside_many(&data.fixes, &mut counts);
    Timed {
        seconds: t.elapsed().as_secs_f64(),
        counts,
    }
}

/// The same on every core (rayon): the stream cut into two parts a thread, each a batch.
pub fn per_subject_parallel(data: &GeoData, book: &SubjectZones) -> Timed {
    let t = Instant::now();
    let mut counts = vec![0u8; data.fixes.len()];
    let part = data
        .fixes
        .len()
        .div_ceil(2 * rayon::current_num_threads())
        .max(1);
    data.fixes
        .par_chunks(part)
        .zip(counts.par_chunks_mut(part))
        .for_each(|(fixes, out)| book.count_inside_many(fixes, out));
    Timed {
        seconds: t.elapsed().as_secs_f64(),
        counts,
    }
}

/// Each subject's fixes through its own evaluator (each tag reporting once a second,
/// exclusion zones, default dwell): what the live path does per fix beyond the geometry.
pub fn evaluators(data: &GeoData, zones: &[PreparedZone]) -> (f64, usize, usize) {
    let shared: Vec<Arc<PreparedZone>> = zones.iter().cloned().map(Arc::new).collect();
    let mut monitors: Vec<SubjectMonitor> = data
        .subjects
        .iter()
        .map(|mine| {
            let rules = mine
                .iter()
                .enumerate()
                .map(|(k, z)| FenceRule {
                    key: k as u64,
                    kind: RuleKind::Exclusion,
                    zone: shared[*z].clone(),
                    window: TimeWindow::Always,
                })
                .collect();
            SubjectMonitor::new(rules, DwellConfig::default())
        })
        .collect();
    let before = resident_kib();
    let t = Instant::now();
    let mut changes = 0;
    // Each tag reports once a second: its k-th fix is k seconds after the start.
    let mut sent = vec![0i64; data.subjects.len()];
    for (i, (p, s)) in data.fixes.iter().enumerate() {
        let k = &mut sent[*s as usize];
        *k += 1;
        let fix = Fix {
            id: i as u64,
            at: 1_800_000_000 + *k,
            point: *p,
            accuracy_m: 5.0,
        };
        if let Ok(c) = monitors[*s as usize].insert(fix) {
            changes += c.len();
        }
    }
    let seconds = t.elapsed().as_secs_f64();
    let grown = resident_kib().saturating_sub(before);
    drop(monitors);
    (seconds, changes, grown)
}

/// Each fix against all the zones, through the grid's batch count (positions taken out
/// of the stream's (position, subject) pairs inside the timing); on every core, the
/// stream cut into blocks a thread takes in turn.
pub fn any_zone(data: &GeoData, zones: Vec<PreparedZone>, parallel: bool) -> (Timed, f64) {
    let t = Instant::now();
    // Cells of about 1 km: the median zone is about that across.
    let grid = ZoneGrid::new(zones, 0.01);
    let build = t.elapsed().as_secs_f64();
    let count = |fixes: &[(concord_geo::Point, u32)], out: &mut [u8]| {
        let points: Vec<concord_geo::Point> = fixes.iter().map(|(p, _)| *p).collect();
        grid.count_inside_many(&points, out);
    };
    let t = Instant::now();
    let mut counts = vec![0u8; data.fixes.len()];
    if parallel {
        data.fixes
            .par_chunks(1 << 16)
            .zip(counts.par_chunks_mut(1 << 16))
            .for_each(|(fixes, out)| count(fixes, out));
    } else {
        count(&data.fixes, &mut counts);
    }
    (
        Timed {
            seconds: t.elapsed().as_secs_f64(),
            counts,
        },
        build,
    )
}

/// This process's resident memory, in KiB (Linux).
pub fn resident_kib() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<usize>().ok())
        })
        .map_or(0, |pages| pages * 4)
}
