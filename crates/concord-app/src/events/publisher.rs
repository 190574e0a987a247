//! The node's publisher (ADR 0009): sends the outbox's events to NATS JetStream, oldest
//! first, and removes each once the server has acknowledged it.
//!
//! It starts with the first commit after the node comes up, wakes after every commit and
//! also looks every [`POLL`] for events left by a node that died or by a time NATS was
//! away. On PostgreSQL one node publishes at a time (`concord_store::outbox::lead`), so a
//! person's events leave in the order they were raised. Every message carries the event's
//! id as `Nats-Msg-Id`: if a publisher dies after JetStream stored a batch but before the
//! outbox forgot it, the next send of those events inside [`STREAM_DUPLICATE_WINDOW`] is
//! acknowledged as a duplicate and not stored twice. When NATS is away the events wait in
//! the outbox, durable with the changes they describe, and leave when it returns.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use async_nats::jetstream::{self, stream};
use concord_domain::EventStream;
use concord_store::outbox::{self, WaitingEvent};
use concord_store::{Backend, Db, Tx};
use tokio::sync::mpsc;

use crate::AppError;

/// How long JetStream remembers a message id to drop a resend of it: far longer than a
/// publisher takes to retry after losing the database between the server's ack and the
/// outbox's delete.
const STREAM_DUPLICATE_WINDOW: Duration = Duration::from_secs(24 * 60 * 60);

/// How long a stream keeps an event: subscribers that were away a quarter can replay it.
const STREAM_MAX_AGE: Duration = Duration::from_secs(90 * 24 * 60 * 60);

/// Events sent per round before their acknowledgements are awaited together.
const BATCH: i64 = 500;

/// How often an idle publisher looks for events it was not woken for.
const POLL: Duration = Duration::from_secs(1);

/// The longest wait between attempts while NATS or the database is away.
const BACK_OFF_MAX: Duration = Duration::from_secs(5);

/// What a drain sent: events JetStream stored, and resends it recognised and dropped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PublishedCount {
    pub stored: usize,
    pub duplicates: usize,
}

impl PublishedCount {
    fn add(&mut self, other: PublishedCount) {
        self.stored += other.stored;
        self.duplicates += other.duplicates;
    }

    fn total(self) -> usize {
        self.stored + self.duplicates
    }
}

/// Shared by every clone of the app: one publisher per node, or none when no NATS server
/// is configured (then no events are raised at all).
#[derive(Clone)]
pub(crate) struct Publisher {
    db: Db,
    /// Where to publish; `None` when no NATS server is configured.
    to: Option<Arc<Target>>,
    wake: Arc<OnceLock<mpsc::Sender<()>>>,
}

impl Publisher {
    pub(crate) fn new(db: Db, nats_url: Option<String>, namespace: &str) -> Self {
        let to = nats_url.filter(|u| !u.trim().is_empty()).map(|url| {
            Arc::new(Target {
                url,
                namespace: namespace.to_owned(),
            })
        });
        Self {
            db,
            to,
            wake: Arc::new(OnceLock::new()),
        }
    }

    /// Whether events are raised and published.
    pub(crate) fn enabled(&self) -> bool {
        self.to.is_some()
    }

    /// A transaction has committed: wake the publisher, starting it on first use.
    pub(crate) fn nudge(&self) {
        let Some(to) = &self.to else {
            return;
        };
        let wake = self.wake.get_or_init(|| {
            let (tx, rx) = mpsc::channel(1);
            tokio::spawn(run(self.db.clone(), to.clone(), rx));
            tx
        });
        wake.try_send(()).ok();
    }

    /// Publish everything waiting now, from this node or any other (a node shutting
    /// down). On PostgreSQL, if another node is publishing, returns what this one sent
    /// (possibly nothing): that node sends the rest.
    pub(crate) async fn drain(&self) -> Result<PublishedCount, AppError> {
        let Some(to) = &self.to else {
            return Ok(PublishedCount::default());
        };
        let mut link = None;
        let mut total = PublishedCount::default();
        loop {
            let sent = round(&self.db, to, &mut link).await?;
            total.add(sent);
            if (sent.total() as i64) < BATCH {
                return Ok(total);
            }
        }
    }
}

/// The publisher's task: a round whenever woken or every [`POLL`], backing off while NATS
/// or the database is away. Ends when the app (every sender) is gone.
async fn run(db: Db, to: Arc<Target>, mut wake: mpsc::Receiver<()>) {
    let mut link = None;
    let mut back_off = Duration::from_millis(100);
    let mut failing = false;
    loop {
        match round(&db, &to, &mut link).await {
            Ok(sent) => {
                if failing {
                    tracing::info!("publishing domain events again");
                    failing = false;
                }
                back_off = Duration::from_millis(100);
                if (sent.total() as i64) == BATCH {
                    continue;
                }
                // Woken, or the poll is due; a closed channel means the app is gone.
                if let Ok(None) = tokio::time::timeout(POLL, wake.recv()).await {
                    return;
                }
            }
            Err(e) => {
                if !failing {
                    tracing::warn!(error = %e, "domain events wait in the outbox");
                    failing = true;
                }
                link = None;
                tokio::time::sleep(back_off).await;
                back_off = (back_off * 2).min(BACK_OFF_MAX);
            }
        }
    }
}

/// One round: take the oldest waiting events, send them, await JetStream's
/// acknowledgements and forget the events. A failure anywhere leaves them all waiting.
async fn round(
    db: &Db,
    to: &Target,
    link: &mut Option<jetstream::Context>,
) -> Result<PublishedCount, AppError> {
    if db.backend() == Backend::Postgres {
        let mut tx = db.begin().await?;
        if !outbox::lead(&mut tx).await? {
            tx.rollback().await?;
            return Ok(PublishedCount::default());
        }
        let waiting = outbox::waiting(&mut tx, BATCH).await?;
        let sent = send_and_forget(&mut tx, to, link, &waiting).await?;
        tx.commit().await?;
        return Ok(sent);
    }
    // SQLite: its one writer must not wait on the network, so the events are read in one
    // transaction and forgotten in another (this node is the only publisher).
    let mut read = db.begin_read().await?;
    let waiting = outbox::waiting(&mut read, BATCH).await?;
    read.rollback().await?;
    let mut tx = db.begin().await?;
    let sent = match send_and_forget(&mut tx, to, link, &waiting).await {
        Ok(sent) => sent,
        Err(e) => {
            tx.rollback().await.ok();
            return Err(e);
        }
    };
    tx.commit().await?;
    Ok(sent)
}

async fn send_and_forget(
    tx: &mut Tx,
    to: &Target,
    link: &mut Option<jetstream::Context>,
    waiting: &[WaitingEvent],
) -> Result<PublishedCount, AppError> {
    if waiting.is_empty() {
        return Ok(PublishedCount::default());
    }
    let js = match link {
        Some(js) => js,
        None => link.insert(connect(to).await?),
    };
    let sent = send(js, &to.namespace, waiting).await?;
    let seqs: Vec<i64> = waiting.iter().map(|w| w.seq).collect();
    outbox::remove(tx, &seqs).await?;
    Ok(sent)
}

/// Send every event, then await every acknowledgement: one round trip's wait for the
/// batch rather than one per event.
async fn send(
    js: &jetstream::Context,
    namespace: &str,
    waiting: &[WaitingEvent],
) -> Result<PublishedCount, AppError> {
    let mut acks = Vec::with_capacity(waiting.len());
    for w in waiting {
        let mut headers = async_nats::HeaderMap::new();
        headers.insert("Nats-Msg-Id", w.id.to_string().as_str());
        let ack = js
            .publish_with_headers(
                subject_in(namespace, &w.subject),
                headers,
                w.payload.clone().into(),
            )
            .await
            .map_err(|e| unavailable("send an event to", e))?;
        acks.push(ack);
    }
    let mut sent = PublishedCount::default();
    for ack in acks {
        let ack = ack
            .await
            .map_err(|e| unavailable("have an event acknowledged by", e))?;
        if ack.duplicate {
            sent.duplicates += 1;
        } else {
            sent.stored += 1;
        }
    }
    Ok(sent)
}

/// Connect, and make sure every stream exists with Concord's settings.
async fn connect(to: &Target) -> Result<jetstream::Context, AppError> {
    let client = async_nats::ConnectOptions::new()
        .name("concord")
        .connection_timeout(Duration::from_secs(2))
        // Several servers of one cluster may be given, separated by commas.
        .connect(
            to.url
                .split(',')
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .collect::<Vec<_>>(),
        )
        .await
        .map_err(|e| unavailable("connect to", e))?;
    let js = jetstream::new(client);
    for s in EventStream::ALL {
        js.create_or_update_stream(stream::Config {
            name: stream_name(&to.namespace, s),
            subjects: vec![subject_in(&to.namespace, s.subjects())],
            storage: stream::StorageType::File,
            max_age: STREAM_MAX_AGE,
            duplicate_window: STREAM_DUPLICATE_WINDOW,
            ..Default::default()
        })
        .await
        .map_err(|e| {
            unavailable(
                &format!("create stream {} on", stream_name(&to.namespace, s)),
                e,
            )
        })?;
    }
    Ok(js)
}

/// The NATS server and the namespace a node publishes to.
struct Target {
    url: String,
    /// Where this deployment's streams and subjects live (see [`stream_name`]).
    namespace: String,
}

/// The default namespace: streams `CONCORD_PERSON`…, subjects `concord.person.…`.
pub const DEFAULT_NAMESPACE: &str = "concord";

/// A stream's name in `namespace`: `CONCORD_PERSON` in the default one, `ESSEX_PERSON` in
/// `essex`. Several deployments (areas, or a training copy) share one NATS server each in
/// its own namespace.
pub fn stream_name(namespace: &str, stream: EventStream) -> String {
    let name = stream.name();
    let kind = name.strip_prefix("CONCORD_").unwrap_or(name);
    format!(
        "{}_{kind}",
        namespace.to_ascii_uppercase().replace('-', "_")
    )
}

/// A catalogue subject (`concord.person.registered`) as published in `namespace`.
fn subject_in(namespace: &str, subject: &str) -> String {
    format!(
        "{namespace}{}",
        subject.strip_prefix("concord").unwrap_or(subject)
    )
}

/// Whether `namespace` can name streams and subjects: lower-case letters, digits and
/// hyphens, starting with a letter.
pub fn valid_namespace(namespace: &str) -> bool {
    namespace.len() <= 32
        && namespace.starts_with(|c: char| c.is_ascii_lowercase())
        && namespace
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn unavailable(what: &str, e: impl std::fmt::Display) -> AppError {
    AppError::Unavailable(format!("could not {what} NATS JetStream: {e}"))
}
