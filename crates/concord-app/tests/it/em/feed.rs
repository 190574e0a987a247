//! The provider's fixes through NATS JetStream (against the real server): a worker on the
//! durable consumer keeps and evaluates them, acknowledging each message once its unit of
//! work has committed; a resent message changes nothing; a malformed message and a fix
//! from a device fitted to no one go to the dead-letter subject with the reason, and the
//! stream carries on.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use async_nats::jetstream;
use chrono::{Duration, SecondsFormat};
use concord_app::*;

use super::*;

fn message(f: &ValidFix) -> Vec<u8> {
    serde_json::json!({
        "id": f.id, "device": f.device, "at": f.at.to_rfc3339_opts(SecondsFormat::Secs, true),
        "lon": f.lon, "lat": f.lat, "accuracy_m": f.accuracy_m,
    })
    .to_string()
    .into_bytes()
}

#[tokio::test]
async fn fixes_from_jetstream_raise_the_alert_and_bad_messages_go_to_the_dead_letter_subject() {
    let Some(url) = concord_testkit::nats_url() else {
        return;
    };
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        fit(&c).await;
        let prefix = format!("t{}.em", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        let cfg = FeedConfig {
            url: url.clone(),
            prefix: prefix.clone(),
            durable: "workers".into(),
        };
        connect_feed(&cfg).await.unwrap();
        let counts = Arc::new(FeedCounts::default());
        // Two workers share the durable consumer, as two nodes would.
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let (app, cfg, feed, counts) =
                    (c.w.app.clone(), cfg.clone(), c.feed.clone(), counts.clone());
                tokio::spawn(
                    async move { app.monitoring().run_feed_worker(&cfg, &feed, counts).await },
                )
            })
            .collect();
        let js = jetstream::new(async_nats::connect(&url).await.unwrap());
        let walk = walk_in("s", now() - Duration::minutes(20), 3, 5);
        let subject = format!("{prefix}.fixes.{DEVICE}");
        for f in walk.iter().chain(walk.iter().take(2)) {
            js.publish(subject.clone(), message(f).into())
                .await
                .unwrap()
                .await
                .unwrap();
        }
        js.publish(subject.clone(), "{\"fixes\": [".into())
            .await
            .unwrap()
            .await
            .unwrap();
        let stray = ValidFix {
            device: "EM-99999".into(),
            ..fix("stray", now(), -60, HOME)
        };
        js.publish(format!("{prefix}.fixes.EM-99999"), message(&stray).into())
            .await
            .unwrap()
            .await
            .unwrap();

        let mut alerts = Vec::new();
        for _ in 0..100 {
            alerts =
                c.w.app
                    .monitoring()
                    .monitoring_page(&c.w.om, c.d)
                    .await
                    .unwrap()
                    .alerts;
            if !alerts.is_empty() && counts.dead_lettered.load(Ordering::Relaxed) == 2 {
                break;
            }
            tokio::time::sleep(StdDuration::from_millis(100)).await;
        }
        assert_eq!(alerts.len(), 1, "{}: one alert", t.label);
        assert_eq!(counts.fixes_kept.load(Ordering::Relaxed), 8, "{}", t.label);
        assert_eq!(
            counts.dead_lettered.load(Ordering::Relaxed),
            2,
            "{}",
            t.label
        );

        // The dead letters carry their reasons; nothing is left unacknowledged.
        let mut dead = js.get_stream(cfg.dead_letter_stream()).await.unwrap();
        let reasons: Vec<String> = {
            let last = dead.info().await.unwrap().state.last_sequence;
            let mut out = Vec::new();
            for seq in 1..=last {
                let m = dead.get_raw_message(seq).await.unwrap();
                out.push(
                    m.headers
                        .get("Concord-Reason")
                        .map(|v| v.as_str().to_string())
                        .unwrap_or_default(),
                );
            }
            out.sort();
            out
        };
        assert_eq!(reasons.len(), 2, "{}: {reasons:?}", t.label);
        assert!(
            reasons
                .iter()
                .any(|r| r.contains("no tag is fitted with device EM-99999")),
            "{}: {reasons:?}",
            t.label
        );
        assert!(
            reasons.iter().any(|r| r.contains("JSON stops")),
            "{}: {reasons:?}",
            t.label
        );
        let mut stream = js.get_stream(cfg.stream()).await.unwrap();
        let mut consumer: jetstream::consumer::PullConsumer =
            stream.get_consumer("workers").await.unwrap();
        for _ in 0..50 {
            let info = consumer.info().await.unwrap();
            if info.num_ack_pending == 0 && info.num_pending == 0 {
                break;
            }
            tokio::time::sleep(StdDuration::from_millis(100)).await;
        }
        let info = consumer.info().await.unwrap();
        assert_eq!(
            (info.num_ack_pending, info.num_pending),
            (0, 0),
            "{}",
            t.label
        );
        for w in workers {
            w.abort();
        }
        js.delete_stream(cfg.stream()).await.ok();
        js.delete_stream(cfg.dead_letter_stream()).await.ok();
        let _ = stream.info().await;
    }
}
