//! The geofence benchmark's end-to-end run: fixes published to NATS JetStream, consumed by
//! Concord's feed workers (two, as two nodes would run), kept and evaluated in SQLite, and
//! acknowledged only after each unit of work commits. The subjects are the demo's: Mr D
//! (exclusion zone and curfew) and the Chelmsford offender manager's caseload wearing
//! voluntary tags, fitted through the use cases. Two passes: the capacity (fixes published
//! as fast as JetStream takes them; fixes a second from the first publish until every fix
//! is durable), then a steady load at half that rate during which Mr D's tag breaks its
//! zone again and again: the time from publishing the fix that meets the dwell to the
//! alert being durable.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{SecondsFormat, Utc};
use concord_app::{
    App, AppSettings, CaseloadQuery, CaseloadSort, Clock, FeedConfig, FeedCounts, TagForm,
};
use concord_demo::{MR_D_DEVICE, VICTIM_HOME};

pub struct FeedRun {
    pub devices: usize,
    pub fixes: usize,
    pub seconds: f64,
    /// The steady load's rate and the breaches' times to a durable alert, in seconds.
    pub steady_rate: f64,
    pub breaches: Vec<f64>,
    pub workers: usize,
}

/// Fixes in one message: a provider's system forwards what its tags reported in the
/// last moment together (`{"fixes": [...]}`), as it does over HTTP.
pub const BATCH: usize = 100;
/// Messages in flight before the publisher waits for JetStream's acknowledgements.
const IN_FLIGHT: usize = 200;

/// Publish `n` fixes (ids from `first`) across `devices`, `BATCH` to a message, at most
/// `rate` fixes a second (None: as fast as JetStream acknowledges them).
async fn publish_load(
    js: &async_nats::jetstream::Context,
    prefix: &str,
    devices: &[&String],
    first: usize,
    n: usize,
    rate: Option<f64>,
) -> anyhow::Result<()> {
    use std::fmt::Write;
    let base = Utc::now() - chrono::Duration::days(6);
    let t = Instant::now();
    let mut pending = Vec::with_capacity(IN_FLIGHT);
    let mut start = first;
    while start < first + n {
        let end = (start + BATCH).min(first + n);
        let mut body = String::from("{\"fixes\":[");
        for i in start..end {
            let device = devices[i % devices.len()];
            let at = base + chrono::Duration::seconds((i / devices.len()) as i64);
            let lat = 51.70 + (i % 97) as f64 * 0.001;
            if i > start {
                body.push(',');
            }
            write!(
                body,
                r#"{{"id":"f{i}","device":"{device}","at":"{}","lon":0.45,"lat":{lat:.3},"accuracy_m":8}}"#,
                at.to_rfc3339_opts(SecondsFormat::Secs, true)
            )?;
        }
        body.push_str("]}");
        pending.push(
            js.publish(format!("{prefix}.fixes.batch"), body.into())
                .await?,
        );
        start = end;
        if pending.len() == IN_FLIGHT {
            for ack in pending.drain(..) {
                ack.await?;
            }
        }
        if let Some(r) = rate {
            let due = Duration::from_secs_f64((start - first) as f64 / r);
            if let Some(wait) = due.checked_sub(t.elapsed()) {
                tokio::time::sleep(wait).await;
            }
        }
    }
    for ack in pending.drain(..) {
        ack.await?;
    }
    Ok(())
}

/// Wait until the workers have kept `n` fixes.
async fn kept(counts: &FeedCounts, n: u64) -> anyhow::Result<()> {
    let t = Instant::now();
    while counts.fixes_kept.load(Ordering::Relaxed) < n {
        anyhow::ensure!(
            t.elapsed() < Duration::from_secs(1800),
            "the fixes were not all kept within 30 minutes"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    Ok(())
}

const WORKERS: usize = 2;
const BREACHES: usize = 30;

async fn count(app: &App, sql: &str) -> i64 {
    match app.db() {
        concord_store::Db::Sqlite(pool) => {
            sqlx::query_scalar(sql).fetch_one(pool).await.unwrap_or(0)
        }
        concord_store::Db::Postgres(pool) => {
            sqlx::query_scalar(sql).fetch_one(pool).await.unwrap_or(0)
        }
    }
}

pub async fn feed(nats: &str, dir: &std::path::Path, fixes: usize) -> anyhow::Result<FeedRun> {
    let path = dir.join("feed.db");
    for suffix in ["", "-wal", "-shm"] {
        std::fs::remove_file(format!("{}{suffix}", path.display())).ok();
    }
    let (app, _) = App::open(
        &path.to_string_lossy(),
        Clock::system(),
        AppSettings::default(),
    )
    .await?;
    concord_demo::load_demo(&app, 120, &|_, _| {}).await?;
    let om = app.accounts().actor_for_username("om.chelmsford").await?;
    let provider = app.accounts().actor_for_username("em.provider").await?;
    let query = CaseloadQuery {
        sort: CaseloadSort::default(),
        descending: false,
        marker: None,
        name: String::new(),
    };
    let mut devices = vec![MR_D_DEVICE.to_string()];
    for (i, row) in app.people().caseload(&om, &query).await?.iter().enumerate() {
        let device = format!("BENCH-{i}");
        let fitted = app
            .monitoring()
            .fit_tag(
                &om,
                row.person_id,
                &TagForm {
                    device: device.clone(),
                    basis: "voluntary".into(),
                    consent: "Agreed for the benchmark".into(),
                    ..TagForm::default()
                },
            )
            .await;
        if fitted.is_ok() {
            devices.push(device);
        }
    }
    let prefix = format!("bench{}.em", Utc::now().timestamp());
    let cfg = FeedConfig {
        url: nats.into(),
        prefix: prefix.clone(),
        durable: "bench".into(),
    };
    concord_app::connect_feed(&cfg).await?;
    let counts = Arc::new(FeedCounts::default());
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (app, cfg, provider, counts) =
                (app.clone(), cfg.clone(), provider.clone(), counts.clone());
            tokio::spawn(async move {
                app.monitoring()
                    .run_feed_worker(&cfg, &provider, counts)
                    .await
            })
        })
        .collect();
    let client = async_nats::connect(nats)
        .await
        .context("connecting to NATS")?;
    let js = async_nats::jetstream::new(client);
    let others: Vec<&String> = devices.iter().skip(1).collect();
    // Pass 1: the capacity.
    let t = Instant::now();
    publish_load(&js, &prefix, &others, 0, fixes, None).await?;
    kept(&counts, fixes as u64).await?;
    let seconds = t.elapsed().as_secs_f64();
    // Pass 2: half that rate for a while, with breaches on Mr D's tag.
    let steady_rate = fixes as f64 / seconds / 2.0;
    let steady = ((steady_rate * 40.0) as usize).max(1000);
    let load = {
        let (js, prefix) = (js.clone(), prefix.clone());
        let others: Vec<String> = others.iter().map(|d| (*d).clone()).collect();
        tokio::spawn(async move {
            let refs: Vec<&String> = others.iter().collect();
            publish_load(&js, &prefix, &refs, fixes, steady, Some(steady_rate)).await
        })
    };
    let mut breaches = vec![];
    let mut at = Utc::now() - chrono::Duration::minutes(60);
    let subject = format!("{prefix}.fixes.{MR_D_DEVICE}");
    let exclusion = "SELECT COUNT(*) FROM em_alert WHERE kind = 'exclusion'";
    for trial in 0..BREACHES {
        if load.is_finished() {
            break;
        }
        let before = count(&app, exclusion).await;
        // In for four fixes 10 s apart (the fourth meets the 30 s dwell), then out for five.
        for k in 0..9 {
            at += chrono::Duration::seconds(10);
            let lat = if k < 4 {
                VICTIM_HOME.0
            } else {
                VICTIM_HOME.0 - 0.05
            };
            let body = serde_json::json!({"id": format!("b{trial}-{k}"), "device": MR_D_DEVICE, "at": at.to_rfc3339_opts(SecondsFormat::Millis, true), "lon": VICTIM_HOME.1, "lat": lat, "accuracy_m": 5});
            let sent = Instant::now();
            js.publish(subject.clone(), body.to_string().into())
                .await?
                .await?;
            if k == 3 {
                while count(&app, exclusion).await <= before {
                    anyhow::ensure!(
                        sent.elapsed() < Duration::from_secs(60),
                        "no alert a minute after a breach was published"
                    );
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
                breaches.push(sent.elapsed().as_secs_f64());
            }
        }
    }
    load.await??;
    for w in workers {
        w.abort();
    }
    js.delete_stream(cfg.stream()).await.ok();
    js.delete_stream(cfg.dead_letter_stream()).await.ok();
    Ok(FeedRun {
        devices: devices.len(),
        fixes,
        seconds,
        steady_rate,
        breaches,
        workers: WORKERS,
    })
}
