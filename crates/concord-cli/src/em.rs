//! `concord em replay TRACK.csv --zones ZONES.json`: re-evaluate a recorded track against
//! zones with the geofence engine and print the alerts it would have raised — for
//! investigations ("was he in the zone on the 3rd?") and for tuning the dwell settings.
//! Reads files only; touches no database.
//!
//! The track is CSV with the header `id,at,lon,lat,accuracy_m` (`at` in RFC 3339, e.g.
//! `2026-12-01T21:04:05Z`). The zones are a JSON list of
//! `{"key": 1, "kind": "exclusion"|"inclusion"|"curfew", "geojson": {...}}` or with
//! `"circle": {"lon": .., "lat": .., "radius_m": ..}` instead of `geojson`, and optionally
//! `"window": {"from": "19:00", "until": "07:00"}` (UK local time).

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{anyhow, bail, Context};
use chrono::DateTime;
use clap::{Args, Subcommand};
use concord_geo::fence::{
    AlertKind, DwellConfig, FenceRule, Fix, PreparedZone, RuleKind, SubjectMonitor, TimeWindow,
};
use concord_geo::{parse_geojson, Limits, Point};
use serde::Deserialize;

#[derive(Subcommand)]
pub enum EmCommand {
    /// Re-evaluate a recorded track against zones and print the alerts it would raise.
    Replay(ReplayArgs),
    /// For the demo: publish Mr D's tag walking towards the victim's home to JetStream.
    Simulate(crate::em_simulate::SimulateArgs),
}

#[derive(Args)]
pub struct ReplayArgs {
    /// The track: CSV `id,at,lon,lat,accuracy_m`.
    track: PathBuf,
    /// The zones: a JSON list (see `docs/em.md`).
    #[arg(long)]
    zones: PathBuf,
    /// Seconds in breach before a breach starts (and as many fixes as --enter-fixes).
    #[arg(long, default_value_t = DwellConfig::default().enter_secs)]
    enter_secs: i64,
    #[arg(long, default_value_t = DwellConfig::default().enter_fixes)]
    enter_fixes: u32,
    /// Seconds back in compliance before a breach ends (and --leave-fixes fixes).
    #[arg(long, default_value_t = DwellConfig::default().leave_secs)]
    leave_secs: i64,
    #[arg(long, default_value_t = DwellConfig::default().leave_fixes)]
    leave_fixes: u32,
    /// Seconds without a fix that count as signal loss.
    #[arg(long, default_value_t = DwellConfig::default().signal_loss_secs)]
    signal_loss_secs: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ZoneSpec {
    key: u64,
    kind: String,
    #[serde(default)]
    geojson: Option<serde_json::Value>,
    #[serde(default)]
    circle: Option<CircleSpec>,
    #[serde(default)]
    window: Option<WindowSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CircleSpec {
    lon: f64,
    lat: f64,
    radius_m: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WindowSpec {
    from: String,
    until: String,
}

pub async fn run(cmd: EmCommand) -> anyhow::Result<()> {
    match cmd {
        EmCommand::Replay(args) => replay(&args),
        EmCommand::Simulate(args) => crate::em_simulate::run(args).await,
    }
}

fn replay(args: &ReplayArgs) -> anyhow::Result<()> {
    let rules = read_zones(&args.zones)?;
    let fixes = read_track(&args.track)?;
    let config = DwellConfig {
        enter_secs: args.enter_secs,
        enter_fixes: args.enter_fixes,
        leave_secs: args.leave_secs,
        leave_fixes: args.leave_fixes,
        signal_loss_secs: args.signal_loss_secs,
        // A replay holds the whole track: nothing is too late.
        max_late_secs: i64::MAX / 4,
    };
    let mut monitor = SubjectMonitor::new(rules, config);
    let last = fixes.iter().map(|f| f.at).max().unwrap_or(0);
    for (line, fix) in fixes.iter().enumerate() {
        monitor
            .insert(*fix)
            .map_err(|e| anyhow!("{}: line {}: {e}", args.track.display(), line + 2))?;
    }
    monitor.tick(last);
    let alerts = monitor.alerts();
    println!(
        "{} fixes, {} alert(s) (dwell {} s and {} fixes to start, {} s and {} fixes to end; signal loss after {} s)",
        fixes.len(),
        alerts.len(),
        config.enter_secs,
        config.enter_fixes,
        config.leave_secs,
        config.leave_fixes,
        config.signal_loss_secs
    );
    for a in alerts {
        let when = |t: i64| {
            DateTime::from_timestamp(t, 0).map_or_else(|| t.to_string(), |d| d.to_rfc3339())
        };
        let what = match a.kind {
            AlertKind::ExclusionEntered => "entered exclusion zone",
            AlertKind::InclusionLeft => "left inclusion zone",
            AlertKind::CurfewAbsent => "absent during curfew",
            AlertKind::SignalLoss => "signal lost",
        };
        let zone = a.rule.map_or_else(String::new, |k| format!(" {k}"));
        let until = a.closed_at.map_or_else(
            || "still open".to_string(),
            |c| format!("until {}", when(c)),
        );
        println!(
            "{what}{zone}: from {} (fix {}) {until}",
            when(a.opened_at),
            a.opened_by
        );
    }
    Ok(())
}

fn read_zones(path: &PathBuf) -> anyhow::Result<Vec<FenceRule>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("--zones {}", path.display()))?;
    let specs: Vec<ZoneSpec> =
        serde_json::from_str(&text).map_err(|e| anyhow!("--zones {}: {e}", path.display()))?;
    if specs.is_empty() {
        bail!("--zones {}: the list holds no zones", path.display());
    }
    specs
        .into_iter()
        .enumerate()
        .map(|(i, z)| {
            let at = format!("--zones {}: zone {} (key {})", path.display(), i + 1, z.key);
            let kind = match z.kind.as_str() {
                "exclusion" => RuleKind::Exclusion,
                "inclusion" => RuleKind::Inclusion,
                "curfew" => RuleKind::Curfew,
                other => bail!("{at}: kind `{other}` is not exclusion, inclusion or curfew"),
            };
            let zone = match (z.geojson, z.circle) {
                (Some(g), None) => PreparedZone::from_zone(&parse_geojson(&g, &Limits::default()).map_err(|e| anyhow!("{at}: {e}"))?),
                (None, Some(c)) if c.radius_m > 0.0 && c.radius_m <= 50_000.0 && Limits::default().in_bounds(Point::new(c.lon, c.lat)) => {
                    PreparedZone::circle(Point::new(c.lon, c.lat), c.radius_m)
                }
                (None, Some(_)) => bail!("{at}: a circle needs a centre in the United Kingdom and a radius of more than 0 and at most 50,000 m"),
                _ => bail!("{at}: give either `geojson` or `circle`"),
            };
            let window = match z.window {
                None => TimeWindow::Always,
                Some(w) => TimeWindow::Daily {
                    from: minute(&w.from).ok_or_else(|| anyhow!("{at}: window.from `{}` is not HH:MM", w.from))?,
                    until: minute(&w.until).ok_or_else(|| anyhow!("{at}: window.until `{}` is not HH:MM", w.until))?,
                },
            };
            Ok(FenceRule { key: z.key, kind, zone: Arc::new(zone), window })
        })
        .collect()
}

fn minute(hhmm: &str) -> Option<u16> {
    let (h, m) = hhmm.split_once(':')?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && hhmm.len() == 5).then_some(h * 60 + m)
}

fn read_track(path: &PathBuf) -> anyhow::Result<Vec<Fix>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| path.display().to_string())?;
    let header: Vec<String> = reader.headers()?.iter().map(str::to_string).collect();
    if header != ["id", "at", "lon", "lat", "accuracy_m"] {
        bail!(
            "{}: line 1: the header must be `id,at,lon,lat,accuracy_m`",
            path.display()
        );
    }
    let limits = Limits::default();
    let mut fixes = vec![];
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let r = record.map_err(|e| anyhow!("{}: line {line}: {e}", path.display()))?;
        let bad =
            |field: &str, why: &str| anyhow!("{}: line {line}, {field}: {why}", path.display());
        let id: u64 = r[0].parse().map_err(|_| bad("id", "not a whole number"))?;
        let at = DateTime::parse_from_rfc3339(&r[1])
            .map_err(|_| bad("at", "not an RFC 3339 time such as 2026-12-01T21:04:05Z"))?
            .timestamp();
        let lon: f64 = r[2].parse().map_err(|_| bad("lon", "not a number"))?;
        let lat: f64 = r[3].parse().map_err(|_| bad("lat", "not a number"))?;
        let accuracy_m: f64 = r[4]
            .parse()
            .map_err(|_| bad("accuracy_m", "not a number"))?;
        if !limits.in_bounds(Point::new(lon, lat)) {
            return Err(bad(
                "lon",
                "the position is outside the United Kingdom (is latitude first?)",
            ));
        }
        if !(0.0..=10_000.0).contains(&accuracy_m) {
            return Err(bad("accuracy_m", "must be 0 to 10,000 metres"));
        }
        fixes.push(Fix {
            id,
            at,
            point: Point::new(lon, lat),
            accuracy_m,
        });
    }
    if fixes.is_empty() {
        bail!("{}: the track holds no fixes", path.display());
    }
    Ok(fixes)
}
