//! The geofence benchmark's end-to-end run: fixes published to NATS JetStream, consumed by
//! Concord's feed workers (two, as two nodes would run), kept and evaluated in SQLite, and
//! acknowledged only after each unit of work commits. The subjects are the demo's: Mr D
//! (exclusion zone and curfew) and the Chelmsford offender manager's caseload wearing
//! voluntary tags, fitted through the use cases. Measured: fixes a second from the first
//! publish until every fix is durable, and — while that load runs — the time from
//! publishing the fix that meets a breach's dwell to the alert being durable.

use std::sync::atomic::{AtomicBool, Ordering};
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
    pub breaches: Vec<f64>,
    pub workers: usize,
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
    // Fixes dated from six days ago, a second apart per device: inside the week Concord
    // accepts, never in the future.
    let base = Utc::now() - chrono::Duration::days(6);
    let others: Vec<&String> = devices.iter().skip(1).collect();
    let done = Arc::new(AtomicBool::new(false));
    // Breaches on Mr D's tag while the load runs: the time to a durable alert.
    let breach = {
        let (js, app, done, prefix) = (js.clone(), app.clone(), done.clone(), prefix.clone());
        tokio::spawn(async move {
            let mut latencies = vec![];
            let mut at = Utc::now() - chrono::Duration::minutes(60);
            for trial in 0..BREACHES {
                let mut seq = 0;
                let mut publish = |lat: f64,
                                   js: async_nats::jetstream::Context,
                                   at: chrono::DateTime<Utc>| {
                    seq += 1;
                    let body = serde_json::json!({"id": format!("b{trial}-{seq}"), "device": MR_D_DEVICE, "at": at.to_rfc3339_opts(SecondsFormat::Millis, true), "lon": VICTIM_HOME.1, "lat": lat, "accuracy_m": 5});
                    let subject = format!("{prefix}.fixes.{MR_D_DEVICE}");
                    async move {
                        js.publish(subject, body.to_string().into())
                            .await?
                            .await
                            .map(|_| ())
                            .map_err(anyhow::Error::from)
                    }
                };
                let before = count(
                    &app,
                    "SELECT COUNT(*) FROM em_alert WHERE kind = 'exclusion'",
                )
                .await;
                // In for four fixes 10 s apart: the fourth meets the 30 s dwell.
                for k in 0..4 {
                    at += chrono::Duration::seconds(10);
                    if k == 3 {
                        let t = Instant::now();
                        publish(VICTIM_HOME.0, js.clone(), at).await?;
                        loop {
                            if count(
                                &app,
                                "SELECT COUNT(*) FROM em_alert WHERE kind = 'exclusion'",
                            )
                            .await
                                > before
                            {
                                break;
                            }
                            if t.elapsed() > Duration::from_secs(30) {
                                anyhow::bail!("no alert 30 s after a breach was published");
                            }
                            tokio::time::sleep(Duration::from_millis(2)).await;
                        }
                        latencies.push(t.elapsed().as_secs_f64());
                    } else {
                        publish(VICTIM_HOME.0, js.clone(), at).await?;
                    }
                }
                // Out again for five fixes, to close it.
                for _ in 0..5 {
                    at += chrono::Duration::seconds(10);
                    publish(VICTIM_HOME.0 - 0.05, js.clone(), at).await?;
                }
                if done.load(Ordering::Relaxed) {
                    break;
                }
            }
            Ok::<_, anyhow::Error>(latencies)
        })
    };
    let t = Instant::now();
    let mut pending = Vec::with_capacity(1000);
    for i in 0..fixes {
        let device = others[i % others.len()];
        let round = i / others.len();
        let at = base + chrono::Duration::seconds(round as i64);
        let lat = 51.70 + (i % 97) as f64 * 0.001;
        let body = serde_json::json!({"id": format!("f{i}"), "device": device, "at": at.to_rfc3339_opts(SecondsFormat::Secs, true), "lon": 0.45, "lat": lat, "accuracy_m": 8});
        pending.push(
            js.publish(format!("{prefix}.fixes.{device}"), body.to_string().into())
                .await?,
        );
        if pending.len() == 1000 {
            for ack in pending.drain(..) {
                ack.await?;
            }
        }
    }
    for ack in pending.drain(..) {
        ack.await?;
    }
    // The workers count what they have committed (the breach trials' few fixes among it).
    loop {
        if counts.fixes_kept.load(Ordering::Relaxed) >= fixes as u64 {
            break;
        }
        anyhow::ensure!(
            t.elapsed() < Duration::from_secs(1800),
            "the fixes were not all kept within 30 minutes"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let seconds = t.elapsed().as_secs_f64();
    done.store(true, Ordering::Relaxed);
    let breaches = breach.await??;
    for w in workers {
        w.abort();
    }
    js.delete_stream(cfg.stream()).await.ok();
    js.delete_stream(cfg.dead_letter_stream()).await.ok();
    Ok(FeedRun {
        devices: devices.len(),
        fixes,
        seconds,
        breaches,
        workers: WORKERS,
    })
}
