//! `concord bench geo`: the geofence benchmark (issue 22). Concord's engine and, in the
//! same run on the same data, shapely 2 (bench/peers/shapely_peer.py) and PostGIS
//! (`ST_Contains` with a GiST index, two workers): each fix against its own subject's
//! zones, and each fix against all the zones. All three must agree on how many zones hold
//! every fix; a disagreement is listed, and one is a boundary case only if the fix lies
//! within a centimetre of an edge (Concord counts that as inside, the peers do not).

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context};
use clap::Args;
use serde_json::Value;

use super::geo_data::{generate, write, GeoData};
use super::geo_engine::{
    any_zone, evaluators, per_subject, per_subject_parallel, prepare, prepare_subjects, Timed,
};
use super::geo_postgis::{postgis, PostgisRuns};
use super::report::write_into;

#[derive(Args)]
pub struct GeoBenchArgs {
    #[arg(long, default_value_t = 10_000)]
    zones: usize,
    #[arg(long, default_value_t = 10_000_000)]
    fixes: usize,
    /// Where the peers' inputs and outputs go.
    #[arg(long, default_value = "target/geo-bench")]
    data: PathBuf,
    /// The Python with shapely 2 installed (scripts/bench-peers makes it).
    #[arg(
        long,
        env = "CONCORD_PEER_PYTHON",
        default_value = "target/peer-venv/bin/python"
    )]
    peer_python: PathBuf,
    /// A PostgreSQL server with PostGIS (package postgresql-15-postgis-3); the database
    /// named here is dropped and created.
    #[arg(
        long,
        default_value = "postgres://postgres@127.0.0.1:5432/concord_geo_bench"
    )]
    postgis_url: String,
    #[arg(long, default_value = "BENCHMARKS.md")]
    output: PathBuf,
    /// A NATS JetStream server for the end-to-end run (publish → evaluate → durable
    /// alert); without it that run is left out.
    #[arg(long, env = "CONCORD_NATS_URL")]
    nats: Option<String>,
    /// Fixes published in the end-to-end run's capacity pass.
    #[arg(long, default_value_t = 1_000_000)]
    feed_fixes: usize,
    /// Run only the end-to-end run (its own section of the output).
    #[arg(long)]
    feed_only: bool,
    /// Measure Concord's engine alone and print it, without the peers (for tuning);
    /// nothing is written.
    #[arg(long)]
    concord_only: bool,
}

fn rate(fixes: usize, seconds: f64) -> f64 {
    fixes as f64 / seconds / 1e6
}

/// Fixes on which `b` disagrees with `a`, and how many of them lie on an edge (of the
/// first 10,000 disagreements: more than that is a fault, not boundary cases).
fn disagreements(data: &GeoData, a: &[u8], b: &[u8]) -> (usize, usize) {
    let mut n = 0;
    let mut edge = 0;
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        if x != y {
            n += 1;
            if n > 10_000 {
                continue;
            }
            let (p, _) = data.fixes[i];
            if data.zones.iter().any(|z| on_edge(&z.ring, p)) {
                edge += 1;
            }
        }
    }
    (n, edge)
}

/// Within a centimetre (Concord's boundary tolerance) of one of the ring's edges,
/// measured in metres on the same flat map Concord uses.
fn on_edge(ring: &[concord_geo::Point], p: concord_geo::Point) -> bool {
    let kx = 111_320.0 * p.lat.to_radians().cos();
    let ky = 111_320.0;
    let m = |q: concord_geo::Point| concord_geo::Point::new(q.lon * kx, q.lat * ky);
    let p = m(p);
    ring.windows(2).any(|w| {
        let (a, b) = (m(w[0]), m(w[1]));
        let (dx, dy) = (b.lon - a.lon, b.lat - a.lat);
        let len2 = dx * dx + dy * dy;
        let t = if len2 == 0.0 {
            0.0
        } else {
            (((p.lon - a.lon) * dx + (p.lat - a.lat) * dy) / len2).clamp(0.0, 1.0)
        };
        let (cx, cy) = (a.lon + t * dx - p.lon, a.lat + t * dy - p.lat);
        (cx * cx + cy * cy).sqrt() <= 0.0101
    })
}

fn read_u8(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

/// Each measurement is made this many times, by Concord and by shapely alike, and the
/// fastest kept: on a shared two-core machine a single run measures the neighbours too.
const REPEATS: usize = 3;

fn fastest(mut run: impl FnMut() -> Timed) -> Timed {
    (0..REPEATS)
        .map(|_| run())
        .min_by(|a, b| a.seconds.total_cmp(&b.seconds))
        .expect("at least one run")
}

pub async fn run(args: GeoBenchArgs) -> anyhow::Result<()> {
    if !args.feed_only {
        engines(&args).await?;
    }
    // Last: the end-to-end run leaves JetStream and the disk busy for a while after.
    if let Some(url) = &args.nats {
        feed_section(&args, url).await?;
    }
    Ok(())
}

async fn engines(args: &GeoBenchArgs) -> anyhow::Result<()> {
    println!("Generating {} zones and {} fixes…", args.zones, args.fixes);
    let data = generate(args.zones, args.fixes);
    write(&data, &args.data)?;
    let subjects = data.subjects.len();
    let (zones, prep_s) = prepare(&data);
    let (book, pictures_s) = prepare_subjects(&data, &zones);
    println!(
        "Concord: prepared {} zones in {prep_s:.2} s, the subjects' pictures in {pictures_s:.2} s",
        zones.len()
    );
    let one = fastest(|| per_subject(&data, &book));
    let all = fastest(|| per_subject_parallel(&data, &book));
    drop(book);
    let (eval_s, changes, eval_kib) = evaluators(&data, &zones);
    let any1 = fastest(|| any_zone(&data, zones.clone(), false).0);
    let mut grid_s = 0.0;
    let any2 = fastest(|| {
        let (t, built) = any_zone(&data, zones.clone(), true);
        grid_s = built;
        t
    });
    let n = data.fixes.len();
    println!(
        "Concord: per subject {:.1} M fixes/s (1 core), {:.1} M/s (all cores); evaluators {:.1} M/s; any zone {:.1} M/s (1 core), {:.1} M/s (all cores)",
        rate(n, one.seconds), rate(n, all.seconds), rate(n, eval_s), rate(n, any1.seconds), rate(n, any2.seconds)
    );
    anyhow::ensure!(
        one.counts == all.counts && any1.counts == any2.counts,
        "Concord disagrees with itself across threads"
    );
    if args.concord_only {
        return Ok(());
    }

    println!("shapely: running {}…", args.peer_python.display());
    let out = Command::new(&args.peer_python)
        .arg("bench/peers/shapely_peer.py")
        .arg(&args.data)
        .arg(REPEATS.to_string())
        .output()
        .with_context(|| {
            format!(
                "running {} (make it with scripts/bench-peers)",
                args.peer_python.display()
            )
        })?;
    if !out.status.success() {
        bail!(
            "the shapely peer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let shapely: Value = serde_json::from_slice(out.stdout.trim_ascii()).with_context(|| {
        format!(
            "the shapely peer's output: {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })?;
    let sh_per = read_u8(&args.data.join("shapely_per_subject.u8"))?;
    let sh_any = read_u8(&args.data.join("shapely_any_zone.u8"))?;
    let sh_per_s = shapely["per_subject_s"].as_f64().unwrap_or(f64::NAN);
    let sh_any_s = shapely["any_zone_s"].as_f64().unwrap_or(f64::NAN);
    println!(
        "shapely: per subject {:.2} M/s, any zone {:.2} M/s",
        rate(n, sh_per_s),
        rate(n, sh_any_s)
    );

    println!("PostGIS: loading {} zones and {n} fixes…", data.zones.len());
    let pg: PostgisRuns = postgis(&args.postgis_url, &args.data, n).await?;
    println!(
        "PostGIS: per subject {:.2} M/s, any zone {:.2} M/s (two workers)",
        rate(n, pg.per_subject_s),
        rate(n, pg.any_zone_s)
    );

    let checks = [
        (
            "shapely, per subject",
            disagreements(&data, &one.counts, &sh_per),
        ),
        (
            "shapely, any zone",
            disagreements(&data, &any1.counts, &sh_any),
        ),
        (
            "PostGIS, per subject",
            disagreements(&data, &one.counts, &pg.per_subject),
        ),
        (
            "PostGIS, any zone",
            disagreements(&data, &any1.counts, &pg.any_zone),
        ),
    ];
    let inside: usize = one.counts.iter().filter(|c| **c > 0).count();
    let fastest_per = rate(n, sh_per_s).max(rate(n, pg.per_subject_s));
    let fastest_any = rate(n, sh_any_s).max(rate(n, pg.any_zone_s));
    let today = chrono::Utc::now().date_naive();
    let mut md = format!(
        "## {today}: geofencing against shapely 2 and PostGIS\n\n\
         Written by `concord bench geo`. {} zones of 20–60 vertices, 100 m to 2 km across, over a 61 km square centred on Chelmsford (about 3,700 km²); {subjects} subjects of 1–5 zones; {n} fixes scattered over each subject's zones' box widened by 500 m ({inside} of them, {:.0}%, in one of the subject's zones). Concord's times are its engine's (`concord_geo::fence`), in this process after the zones are prepared ({prep_s:.2} s for all, and {pictures_s:.2} s more to draw each subject's zones together): per subject, the stream's fixes in its order as one batch through `SubjectZones::count_inside_many` (each subject's zones drawn as one two-level picture of cells cut in degrees, so that a fix clear of every edge is decided by two reads; the fixes in the cells a boundary comes within a centimetre of set aside and tested exactly against each of the subject's zones, its own picture and then its edges, subject by subject; on all cores the stream cut into two parts a thread; allocating the counts included); any zone, through `ZoneGrid::count_inside_many` (all the zones drawn together on one picture of cells a sixteenth of the grid's, about 40 by 70 m, each cell one read saying no zone, one zone holding it wholly, or which zones to ask; a step's cells read in a loop of nothing else so the reads overlap; on all cores the stream cut into blocks of 65,536 fixes); shapely's inside its process after loading and preparing (per subject, grouping the fixes by subject included); each the fastest of {REPEATS} runs, Concord's and shapely's alike; PostGIS's the two queries' wall time on two connections at once, after loading and indexing. Machine: {} cores, load average {} at the end.\n\n",
        data.zones.len(),
        100.0 * inside as f64 / n as f64,
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
        super::machine::load_average(),
    );
    md.push_str("| engine | each fix against its subject's zones | each fix against all 10,000 zones |\n|---|---|---|\n");
    md.push_str(&format!(
        "| Concord, one core | {:.1} M fixes/s | {:.1} M fixes/s |\n",
        rate(n, one.seconds),
        rate(n, any1.seconds)
    ));
    md.push_str(&format!("| Concord, all cores | {:.1} M fixes/s | {:.1} M fixes/s (grid built in {grid_s:.2} s) |\n", rate(n, all.seconds), rate(n, any2.seconds)));
    md.push_str(&format!("| Concord, full evaluators (dwell, hysteresis; one core) | {:.1} M fixes/s ({changes} alert changes) | — |\n", rate(n, eval_s)));
    md.push_str(&format!("| shapely {} (GEOS {}), one core | {:.2} M fixes/s (`contains_xy` after a box filter) | {:.2} M fixes/s (STRtree join) |\n",
        shapely["shapely"].as_str().unwrap_or("?"), shapely["geos"].as_str().unwrap_or("?"), rate(n, sh_per_s), rate(n, sh_any_s)));
    md.push_str(&format!(
        "| PostGIS {}, two workers | {:.2} M fixes/s | {:.2} M fixes/s |\n\n",
        pg.version,
        rate(n, pg.per_subject_s),
        rate(n, pg.any_zone_s)
    ));
    md.push_str("### Against the targets\n\n");
    md.push_str(&format!(
        "- Per subject, Concord (all cores) against the fastest peer: {:.1}× (target ≥ 10×): {}.\n",
        rate(n, all.seconds) / fastest_per,
        if rate(n, all.seconds) >= 10.0 * fastest_per {
            "met"
        } else {
            "not met"
        }
    ));
    md.push_str(&format!(
        "- Any zone, Concord (all cores) against the fastest peer: {:.1}× (target ≥ 10×): {}.\n",
        rate(n, any2.seconds) / fastest_any,
        if rate(n, any2.seconds) >= 10.0 * fastest_any {
            "met"
        } else {
            "not met"
        }
    ));
    md.push_str(&format!("- Memory of the {subjects} evaluators after every fix: {} KiB resident growth, about {} bytes a subject (each keeps the last 10 minutes of fixes; the zones are shared).\n\n",
        eval_kib, eval_kib * 1024 / subjects.max(1)));
    md.push_str("### Agreement\n\n| peer | fixes counted differently | of them within 1 cm of an edge |\n|---|---|---|\n");
    for (who, (d, e)) in checks {
        md.push_str(&format!("| {who} | {d} | {e} |\n"));
    }
    write_into(&args.output, "geo", &md)?;
    println!("Wrote the results into {}.", args.output.display());
    Ok(())
}

/// The end-to-end run through JetStream, in a section of its own.
async fn feed_section(args: &GeoBenchArgs, url: &str) -> anyhow::Result<()> {
    println!("End to end: {} fixes through JetStream…", args.feed_fixes);
    let f = super::geo_feed::feed(url, &args.data, args.feed_fixes).await?;
    let mut b = f.breaches.clone();
    b.sort_by(f64::total_cmp);
    let pct = |q: f64| {
        b.get(((b.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .copied()
            .unwrap_or(f64::NAN)
            * 1000.0
    };
    let per_s = f.fixes as f64 / f.seconds;
    let today = chrono::Utc::now().date_naive();
    let md = format!(
        "## {today}: electronic monitoring end to end through NATS JetStream\n\n\
         Written by `concord bench geo --nats URL`. Fixes published to JetStream, {} to a message (a provider's batch, `{{\"fixes\": [...]}}`), for {} demo subjects wearing tags (fitted through the use cases: Mr D's enforces his zone and curfew, the others are voluntary), consumed by {} Concord feed workers in one process, kept and evaluated in SQLite, each message acknowledged after its unit of work committed; publisher, NATS server and Concord on the same 2 cores.\n\n\
         - **Capacity**: {} fixes published as fast as JetStream took them were all kept in {:.1} s: **{:.0} fixes/s** (target ≥ 200,000: {}).\n\
         - **Time to alert** at a steady {:.0} fixes/s (half the capacity): Mr D's tag broke its exclusion zone {} times; from publishing the fix that met the dwell to the alert being durable, p50 {:.0} ms, p99 {:.0} ms, worst {:.0} ms (target p99 < 1 s: {}).\n",
        super::geo_feed::BATCH, f.devices, f.workers, f.fixes, f.seconds, per_s,
        if per_s >= 200_000.0 { "met" } else { "not met" },
        f.steady_rate, b.len(), pct(0.5), pct(0.99), b.last().copied().unwrap_or(f64::NAN) * 1000.0,
        if pct(0.99) < 1000.0 { "met" } else { "not met" },
    );
    println!(
        "End to end: {per_s:.0} fixes/s; breach p99 {:.0} ms",
        pct(0.99)
    );
    write_into(&args.output, "geo-feed", &md)
}
