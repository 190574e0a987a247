//! The node's consultation appender (issue 19, ADR 0008): the audit events of read units
//! (a record page viewed) from many requests, appended to the chain in one transaction:
//! the head locked once, the events in multi-row inserts, one commit.
//!
//! A record page writes nothing but its consultation event, so on PostgreSQL each view
//! was a commit of its own: at a thousand views a second, a thousand WAL flushes and their
//! wake-ups, which cost more than everything else auditing does. A request hands its
//! events to this task and waits for the commit that holds them, so "the event is durable
//! before the page is returned" still holds; while one batch commits the next gathers.
//! Each request's events are written together or not at all, and a batch that fails
//! fails every request in it (nothing of it was written). Appending straight into the
//! chain, rather than through `audit_pending` and the sealer, writes each event once
//! instead of inserting, reading, copying and deleting it. The appender remembers the
//! head it last wrote and appends after it in one self-committing statement
//! (`concord_store::audit::append_after`), so the head's row is locked only for that
//! statement and another node's appender or a sealer waits for one commit, not for four
//! round trips; when another writer moved the head first, the same statement says where
//! the head is now and it relinks after that. The request has given its
//! database connection back before it waits, so the appender never waits for a
//! connection held by a request that waits for it. SQLite (one writer, in process) does
//! not use it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use concord_store::audit::{Appended, NewAuditEvent};
use concord_store::Db;
use tokio::sync::{mpsc, oneshot};

use crate::AppError;

/// Requests' events written per commit at most.
const BATCH: usize = 1_000;

/// Requests waiting to be taken into a batch at most; a request past it waits to join.
const QUEUE: usize = 8_192;

/// One request's events and where to say whether they were committed.
type Job = (Vec<NewAuditEvent>, oneshot::Sender<Result<(), String>>);

/// Shared by every clone of the app: one appender task per node.
#[derive(Clone)]
pub(crate) struct Appender {
    db: Db,
    queue: Arc<OnceLock<mpsc::Sender<Job>>>,
    counts: Arc<Counts>,
}

/// Upper bounds of the batch-size histogram (requests per batch).
pub const BATCH_BUCKETS: [u64; 8] = [1, 2, 5, 10, 50, 100, 500, 1_000];

/// What the appender has done, for the operators' metrics: lock-free counters.
#[derive(Default)]
struct Counts {
    batches: AtomicU64,
    requests: AtomicU64,
    events: AtomicU64,
    /// Batches of at most each [`BATCH_BUCKETS`] bound (not cumulative).
    sizes: [AtomicU64; BATCH_BUCKETS.len()],
}

impl Counts {
    fn record(&self, requests: u64, events: u64) {
        self.batches.fetch_add(1, Ordering::Relaxed);
        self.requests.fetch_add(requests, Ordering::Relaxed);
        self.events.fetch_add(events, Ordering::Relaxed);
        let bucket = BATCH_BUCKETS
            .iter()
            .position(|b| requests <= *b)
            .unwrap_or(BATCH_BUCKETS.len() - 1);
        self.sizes[bucket].fetch_add(1, Ordering::Relaxed);
    }
}

/// The appender's figures as `/metrics` shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AppenderStats {
    /// Requests waiting to be taken into a batch now.
    pub queued: u64,
    pub batches: u64,
    pub requests: u64,
    pub events: u64,
    /// Cumulative: batches of at most each bound of [`BATCH_BUCKETS`].
    pub batch_sizes: Vec<(u64, u64)>,
}

impl Appender {
    pub(crate) fn new(db: Db) -> Self {
        Self {
            db,
            queue: Arc::new(OnceLock::new()),
            counts: Arc::new(Counts::default()),
        }
    }

    pub(crate) fn stats(&self) -> AppenderStats {
        let c = &self.counts;
        let queued = self
            .queue
            .get()
            .map_or(0, |q| (q.max_capacity() - q.capacity()) as u64);
        let mut running = 0;
        let batch_sizes = BATCH_BUCKETS
            .iter()
            .zip(&c.sizes)
            .map(|(bound, n)| {
                running += n.load(Ordering::Relaxed);
                (*bound, running)
            })
            .collect();
        AppenderStats {
            queued,
            batches: c.batches.load(Ordering::Relaxed),
            requests: c.requests.load(Ordering::Relaxed),
            events: c.events.load(Ordering::Relaxed),
            batch_sizes,
        }
    }

    /// Write `events` (one request's, all or none) and return once they are committed.
    pub(crate) async fn append(&self, events: Vec<NewAuditEvent>) -> Result<(), AppError> {
        if events.is_empty() {
            return Ok(());
        }
        // Checked here too, so that one request's bad event cannot fail the others' batch.
        if events.iter().any(|e| !e.detail.is_object()) {
            return Err(AppError::Internal(
                "an audit event's detail is not a JSON object".into(),
            ));
        }
        let queue = self.queue.get_or_init(|| {
            let (tx, rx) = mpsc::channel(QUEUE);
            tokio::spawn(run(self.db.clone(), rx, self.counts.clone()));
            tx
        });
        let (done, committed) = oneshot::channel();
        queue
            .send((events, done))
            .await
            .map_err(|_| AppError::Unavailable("the audit appender has stopped".into()))?;
        committed
            .await
            .map_err(|_| AppError::Unavailable("the audit appender has stopped".into()))?
            .map_err(AppError::Unavailable)
    }
}

/// How many times a batch is relinked after another writer moved the head first, before
/// the batch is failed: each lost race is another writer's progress, so this is reached
/// only if the chain's head keeps moving under a writer that never wins.
const ATTEMPTS: usize = 100;

/// The requests in one batch: their events, in order, and where to answer each.
#[derive(Default)]
struct Batch {
    events: Vec<NewAuditEvent>,
    waiting: Vec<oneshot::Sender<Result<(), String>>>,
}

impl Batch {
    fn take(&mut self, jobs: &mut Vec<Job>) {
        for (job_events, done) in jobs.drain(..) {
            self.events.extend(job_events);
            self.waiting.push(done);
        }
    }
}

/// Take every request waiting (up to [`BATCH`]), write their events in one statement,
/// tell each whether it committed; until the last sender (the app) is gone.
async fn run(db: Db, mut queue: mpsc::Receiver<Job>, counts: Arc<Counts>) {
    let mut jobs: Vec<Job> = Vec::with_capacity(BATCH);
    // The head this appender last wrote: right until another node or a sealer appends.
    let mut head = None;
    while queue.recv_many(&mut jobs, BATCH).await > 0 {
        let mut batch = Batch::default();
        batch.take(&mut jobs);
        let outcome = write(&db, &mut head, &mut batch, &mut queue).await;
        counts.record(batch.waiting.len() as u64, batch.events.len() as u64);
        for done in batch.waiting {
            // A request that gave up waiting (its client went away) needs no answer.
            done.send(outcome.clone()).ok();
        }
    }
}

/// Append the batch's events after the head this appender knows (read once, when it knows
/// none), relinking after wherever another writer has moved it (ADR 0008 addendum:
/// compare and append). A lost race must relink the whole batch anyway, so it first takes
/// in the requests that arrived meanwhile (up to [`BATCH`] in all): with several nodes,
/// fewer and larger commits instead of one more small one for them.
async fn write(
    db: &Db,
    head: &mut Option<(i64, String)>,
    batch: &mut Batch,
    queue: &mut mpsc::Receiver<Job>,
) -> Result<(), String> {
    let failed = |e: concord_store::StoreError| e.to_string();
    let mut conn = db.self_committing().await.map_err(failed)?;
    let mut known = match head.take() {
        Some(h) => h,
        None => concord_store::audit::head(&mut conn)
            .await
            .map_err(failed)?,
    };
    let mut arrived = Vec::new();
    for _ in 0..ATTEMPTS {
        match concord_store::audit::append_after(&mut conn, &known, &batch.events)
            .await
            .map_err(failed)?
        {
            Appended::Moved(moved) => {
                conn.commit().await.map_err(failed)?;
                *head = Some(moved);
                return Ok(());
            }
            // Another writer moved the head: relink after where it is now, with whoever
            // has arrived since.
            Appended::Stale(now) => {
                known = now;
                while batch.waiting.len() < BATCH {
                    match queue.try_recv() {
                        Ok(job) => arrived.push(job),
                        Err(_) => break,
                    }
                }
                batch.take(&mut arrived);
            }
        }
    }
    conn.rollback().await.ok();
    Err(format!(
        "the audit chain's head moved under every one of {ATTEMPTS} attempts to append"
    ))
}
