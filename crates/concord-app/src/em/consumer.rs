//! The provider's fixes from NATS JetStream: a durable pull consumer on `<prefix>.fixes.>`
//! shared by every Concord worker (each message goes to one of them). A message is one fix
//! or a batch (`{"fixes": [...]}`); messages are taken in runs, kept and evaluated in one
//! unit of work, and acknowledged only after it has committed. A redelivered message
//! changes nothing (fixes are kept once by id, alerts are idempotent). A message that is
//! not a fix, or a fix from a device fitted to no one, goes to `<prefix>.deadletter.fixes`
//! with the reason in the `Concord-Reason` header, and is acknowledged: it never blocks the
//! stream. While the database is away the run is refused (`nak`) and comes back later.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::{self, consumer, stream, AckKind};
use concord_authz::Actor;
use futures_util::StreamExt;

use super::fixes::{parse_json, placed, validate, ValidFix};
use super::submit::UnknownDevices;
use crate::{AppError, Monitoring};

/// Messages taken into one unit of work at most, and their bytes at most: a message may
/// hold one fix or a provider's batch of hundreds, and a run of 5,000 batches would be one
/// transaction of half a million fixes, holding up an alert behind it for seconds.
const RUN: usize = 5_000;
const RUN_BYTES: usize = 2 << 20;
/// How long the worker waits for more messages to join a run already started.
const GATHER: Duration = Duration::from_millis(5);
/// How long a message may wait unacknowledged before JetStream sends it again.
const ACK_WAIT: Duration = Duration::from_secs(30);
const RETRY: Duration = Duration::from_secs(2);

/// Where the feed is and whom it acts as.
#[derive(Debug, Clone)]
pub struct FeedConfig {
    pub url: String,
    /// Subjects `<prefix>.fixes.>` and `<prefix>.deadletter.fixes`; `em` by default.
    pub prefix: String,
    /// The durable consumer's name, shared by the workers.
    pub durable: String,
}

impl FeedConfig {
    pub fn stream(&self) -> String {
        format!(
            "{}_FIXES",
            self.prefix.to_ascii_uppercase().replace(['.', '-'], "_")
        )
    }
    pub fn dead_letter_stream(&self) -> String {
        format!(
            "{}_DEADLETTER",
            self.prefix.to_ascii_uppercase().replace(['.', '-'], "_")
        )
    }
    pub fn fixes_subject(&self) -> String {
        format!("{}.fixes.>", self.prefix)
    }
    pub fn dead_letter_subject(&self) -> String {
        format!("{}.deadletter.fixes", self.prefix)
    }
}

/// What a worker has done since it started.
#[derive(Debug, Default)]
pub struct FeedCounts {
    pub messages: AtomicU64,
    pub fixes_kept: AtomicU64,
    pub duplicates: AtomicU64,
    pub dead_lettered: AtomicU64,
    pub runs_refused: AtomicU64,
    pub alerts_raised: AtomicU64,
}

/// Connect and make sure the fixes and dead-letter streams and the durable consumer exist.
pub async fn connect_feed(
    cfg: &FeedConfig,
) -> Result<(jetstream::Context, consumer::PullConsumer), AppError> {
    let unavailable = |what: &str, e: &dyn std::fmt::Display| {
        AppError::Unavailable(format!("NATS ({what}): {e}"))
    };
    let client = async_nats::ConnectOptions::new()
        .name("concord-em")
        .connection_timeout(Duration::from_secs(2))
        .connect(cfg.url.split(',').map(str::trim).collect::<Vec<_>>())
        .await
        .map_err(|e| unavailable("connect", &e))?;
    let js = jetstream::new(client);
    let fixes = js
        .get_or_create_stream(stream::Config {
            name: cfg.stream(),
            subjects: vec![cfg.fixes_subject()],
            storage: stream::StorageType::File,
            ..Default::default()
        })
        .await
        .map_err(|e| unavailable("fixes stream", &e))?;
    js.get_or_create_stream(stream::Config {
        name: cfg.dead_letter_stream(),
        subjects: vec![cfg.dead_letter_subject()],
        storage: stream::StorageType::File,
        ..Default::default()
    })
    .await
    .map_err(|e| unavailable("dead-letter stream", &e))?;
    let consumer = fixes
        .get_or_create_consumer(
            &cfg.durable,
            consumer::pull::Config {
                durable_name: Some(cfg.durable.clone()),
                ack_policy: consumer::AckPolicy::Explicit,
                ack_wait: ACK_WAIT,
                max_ack_pending: 100_000,
                ..Default::default()
            },
        )
        .await
        .map_err(|e| unavailable("consumer", &e))?;
    Ok((js, consumer))
}

impl Monitoring<'_> {
    /// Run a feed worker until the connection fails for good (the caller restarts it):
    /// take runs of messages, keep and evaluate them as `actor`, acknowledge them.
    pub async fn run_feed_worker(
        &self,
        cfg: &FeedConfig,
        actor: &Actor,
        counts: Arc<FeedCounts>,
    ) -> Result<(), AppError> {
        let (js, consumer) = connect_feed(cfg).await?;
        let mut messages = consumer
            .stream()
            .max_messages_per_batch(RUN)
            .max_bytes_per_batch(RUN_BYTES)
            .messages()
            .await
            .map_err(|e| AppError::Unavailable(format!("NATS (messages): {e}")))?;
        loop {
            let Some(first) = messages.next().await else {
                return Ok(());
            };
            let mut run = vec![first.map_err(|e| AppError::Unavailable(format!("NATS: {e}")))?];
            let mut bytes = run[0].payload.len();
            while run.len() < RUN && bytes < RUN_BYTES {
                match tokio::time::timeout(GATHER, messages.next()).await {
                    Ok(Some(Ok(m))) => {
                        bytes += m.payload.len();
                        run.push(m);
                    }
                    Ok(Some(Err(e))) => return Err(AppError::Unavailable(format!("NATS: {e}"))),
                    Ok(None) | Err(_) => break,
                }
            }
            self.take_run(&js, cfg, actor, &counts, run).await?;
        }
    }

    async fn take_run(
        &self,
        js: &jetstream::Context,
        cfg: &FeedConfig,
        actor: &Actor,
        counts: &FeedCounts,
        run: Vec<jetstream::Message>,
    ) -> Result<(), AppError> {
        counts
            .messages
            .fetch_add(run.len() as u64, Ordering::Relaxed);
        let now = self.clock.now();
        let mut fixes: Vec<ValidFix> = Vec::new();
        // Which message each fix came from, to dead-letter by message.
        let mut owner: Vec<usize> = Vec::new();
        let mut seen = HashSet::new();
        let mut dead: Vec<(usize, String)> = Vec::new();
        for (i, m) in run.iter().enumerate() {
            let checked =
                parse_json(&m.payload, true).and_then(|f| validate(placed(f, "fixes"), now));
            match checked {
                Ok(list) => {
                    for f in list {
                        // A message sent twice in one run: the second adds nothing.
                        if seen.insert((f.device.clone(), f.id.clone())) {
                            fixes.push(f);
                            owner.push(i);
                        }
                    }
                }
                Err(e) => dead.push((i, e.to_string())),
            }
        }
        let outcome = self
            .submit_fixes(actor, fixes.clone(), UnknownDevices::Skip)
            .await;
        let report = match outcome {
            Ok(r) => r,
            Err(e) => {
                // Nothing was kept: every message comes back after a pause.
                counts.runs_refused.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(error = %e, messages = run.len(), "electronic-monitoring run refused; will be redelivered");
                for m in &run {
                    m.ack_with(AckKind::Nak(Some(RETRY))).await.ok();
                }
                return match e {
                    AppError::Unavailable(_) | AppError::Denied { .. } => {
                        tokio::time::sleep(RETRY).await;
                        Ok(())
                    }
                    other => Err(other),
                };
            }
        };
        for (f, i) in fixes.iter().zip(&owner) {
            if report.unknown_devices.contains(&f.device) {
                dead.push((
                    *i,
                    format!(
                        "{}.device: no tag is fitted with device {}",
                        f.place, f.device
                    ),
                ));
            }
        }
        counts
            .fixes_kept
            .fetch_add(report.kept as u64, Ordering::Relaxed);
        counts
            .duplicates
            .fetch_add(report.duplicates as u64, Ordering::Relaxed);
        counts
            .alerts_raised
            .fetch_add(report.alerts_raised as u64, Ordering::Relaxed);
        dead.sort();
        dead.dedup_by(|a, b| a.0 == b.0);
        for (i, reason) in &dead {
            let m = &run[*i];
            let mut headers = async_nats::HeaderMap::new();
            headers.insert("Concord-Reason", reason.replace(['\r', '\n'], " ").as_str());
            headers.insert("Concord-Original-Subject", m.subject.as_str());
            js.publish_with_headers(cfg.dead_letter_subject(), headers, m.payload.clone())
                .await
                .map_err(|e| AppError::Unavailable(format!("NATS (dead letter): {e}")))?
                .await
                .map_err(|e| AppError::Unavailable(format!("NATS (dead letter): {e}")))?;
            counts.dead_lettered.fetch_add(1, Ordering::Relaxed);
        }
        for m in &run {
            m.ack().await.ok();
        }
        Ok(())
    }
}
