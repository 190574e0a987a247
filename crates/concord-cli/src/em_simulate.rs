//! `concord em simulate`: play the monitoring provider for the demo. Publishes Mr D's tag's
//! fixes to NATS JetStream (`<prefix>.fixes.<device>`), one a second, as a walk from the
//! approved premises towards the victim's home: first jitter along the edge of the
//! exclusion zone (which must raise no alert), then into the zone and a while inside (the
//! breach: an alert once the dwell is met), then back out and home (the alert ends).
//! The node serving the demo must run the feed worker (`concord demo --nats URL`).

use std::time::Duration;

use anyhow::Context;
use chrono::{SecondsFormat, Utc};
use clap::Args;
use concord_demo::{APPROVED_PREMISES, MR_D_DEVICE, VICTIM_HOME, ZONE_RADIUS_M};

#[derive(Args)]
pub struct SimulateArgs {
    /// The NATS server the demo's feed worker consumes from.
    #[arg(
        long,
        env = "CONCORD_NATS_URL",
        default_value = "nats://127.0.0.1:4222"
    )]
    nats: String,
    /// The feed's subject prefix (`em_subject_prefix`).
    #[arg(long, default_value = "em")]
    prefix: String,
    /// The tag.
    #[arg(long, default_value = MR_D_DEVICE)]
    device: String,
    /// Milliseconds between fixes sent (each fix is dated a second after the last).
    #[arg(long, default_value_t = 1000)]
    interval_ms: u64,
}

/// Metres per degree of latitude; of longitude at Chelmsford's latitude.
const M_PER_DEG_LAT: f64 = 111_320.0;

/// A point `d` metres from the victim's home towards the approved premises.
fn towards_home(d: f64) -> (f64, f64) {
    let (lat0, lon0) = VICTIM_HOME;
    let m_per_deg_lon = M_PER_DEG_LAT * lat0.to_radians().cos();
    let dy = (APPROVED_PREMISES.0 - lat0) * M_PER_DEG_LAT;
    let dx = (APPROVED_PREMISES.1 - lon0) * m_per_deg_lon;
    let len = dx.hypot(dy);
    (
        lat0 + dy / len * d / M_PER_DEG_LAT,
        lon0 + dx / len * d / m_per_deg_lon,
    )
}

/// The walk: (phase, position) per fix.
fn walk() -> Vec<(&'static str, (f64, f64))> {
    let r = ZONE_RADIUS_M;
    let mut out = vec![];
    out.extend((0..5).map(|_| ("at the approved premises", APPROVED_PREMISES)));
    // Along the edge, 15 m either side: GPS jitter, not a breach.
    out.extend((0..20).map(|i| {
        (
            "jitter along the zone's edge",
            towards_home(if i % 2 == 0 { r - 15.0 } else { r + 15.0 }),
        )
    }));
    out.extend((0..6).map(|i| ("walking in", towards_home(r + 100.0 - 150.0 * f64::from(i)))));
    out.extend((0..40).map(|i| {
        (
            "inside the zone",
            towards_home(300.0 + if i % 2 == 0 { 10.0 } else { -10.0 }),
        )
    }));
    out.extend((0..8).map(|i| ("walking out", towards_home(300.0 + 150.0 * f64::from(i)))));
    out.extend((0..35).map(|_| ("out of the zone", towards_home(r + 500.0))));
    out
}

pub async fn run(args: SimulateArgs) -> anyhow::Result<()> {
    let client = async_nats::ConnectOptions::new()
        .name("concord-em-simulate")
        .connection_timeout(Duration::from_secs(3))
        .connect(args.nats.as_str())
        .await
        .with_context(|| format!("connecting to NATS at {}", args.nats))?;
    let js = async_nats::jetstream::new(client);
    let subject = format!("{}.fixes.{}", args.prefix, args.device);
    let fixes = walk();
    let bar = indicatif::ProgressBar::new(fixes.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} fixes: {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let start = Utc::now();
    let run = start.timestamp();
    let mut phase = "";
    for (i, (what, (lat, lon))) in fixes.iter().enumerate() {
        if *what != phase {
            phase = what;
            bar.println(format!("{}: {what}", Utc::now().format("%H:%M:%S")));
        }
        bar.set_message(*what);
        let at = start + chrono::Duration::seconds(i as i64);
        let body = serde_json::json!({
            "id": format!("sim-{run}-{i}"),
            "device": args.device,
            "at": at.to_rfc3339_opts(SecondsFormat::Secs, true),
            "lon": (lon * 1e6).round() / 1e6,
            "lat": (lat * 1e6).round() / 1e6,
            "accuracy_m": 8,
        });
        js.publish(subject.clone(), body.to_string().into())
            .await
            .context("publishing a fix")?
            .await
            .context("JetStream did not store a fix")?;
        bar.inc(1);
        tokio::time::sleep(Duration::from_millis(args.interval_ms)).await;
    }
    bar.finish_and_clear();
    println!(
        "Sent {} fixes for {} to {subject}: the breach alert opens 30 s after the tag enters the zone and ends 30 s after it leaves.",
        fixes.len(),
        args.device
    );
    Ok(())
}
