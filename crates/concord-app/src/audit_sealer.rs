//! The node's audit sealer (ADR 0008): moves the events use cases left waiting in
//! `audit_pending` into the hash chain, many per transaction.
//!
//! Only PostgreSQL leaves events waiting; on SQLite use cases append to the chain
//! directly and the sealer never starts. It starts with the first commit that wrote
//! events, wakes whenever another follows, and also looks every [`POLL`] for events left
//! by a node that died between its commit and its seal. Every node runs one; the chain
//! head's row lock makes them take turns, so an event is sealed once whichever node seals
//! it.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use concord_store::{Backend, Db, StoreError};
use tokio::sync::mpsc;

/// Events sealed per transaction at most: large enough that a burst is sealed in a few
/// transactions, small enough that one never holds the head for long.
const BATCH: i64 = 2_000;

/// How often an idle sealer looks for events another node left waiting.
const POLL: Duration = Duration::from_secs(1);

/// Events this node seals between two vacuums of `audit_pending`
/// (`concord_store::audit::tidy`): each leaves a dead row there, and the access log reads
/// the table on every record page.
const TIDY_AFTER: usize = 2_000;

/// How long a sealer waits after a failure (the database restarting) before trying again.
const BACK_OFF: Duration = Duration::from_millis(500);

/// Shared by every clone of the app: one sealer per node.
#[derive(Clone)]
pub(crate) struct Sealer {
    db: Db,
    /// Wakes the sealer's task; dropping the last clone (the app going away) ends it.
    wake: Arc<OnceLock<mpsc::Sender<()>>>,
}

impl Sealer {
    pub(crate) fn new(db: Db) -> Self {
        Self {
            db,
            wake: Arc::new(OnceLock::new()),
        }
    }

    /// A transaction that wrote audit events has committed: wake the sealer, starting it on
    /// first use (there is a runtime by then).
    pub(crate) fn nudge(&self) {
        if self.db.backend() != Backend::Postgres {
            return;
        }
        let wake = self.wake.get_or_init(|| {
            // One slot: wake-ups that arrive while the sealer works coalesce into one more
            // round, which seals all of them.
            let (tx, rx) = mpsc::channel(1);
            tokio::spawn(run(self.db.clone(), rx));
            tx
        });
        wake.try_send(()).ok();
    }

    /// Never start this node's sealer: an unaudited bench node (`unaudited.rs`) leaves no
    /// events to seal, and waking a sealer on every commit for nothing would count part of
    /// auditing's cost against the node without it.
    #[cfg(feature = "bench-unaudited")]
    pub(crate) fn never_start(&self) {
        let (tx, _) = mpsc::channel(1);
        self.wake.set(tx).ok();
    }

    /// Seal every event waiting now, from this node or any other; returns how many. For a
    /// reader that must see the whole chain (an audit trail export, `audit verify`) and for
    /// a node shutting down.
    pub(crate) async fn settle(&self) -> Result<usize, StoreError> {
        // SQLite appends at once: nothing ever waits, so no need to take its write lock.
        if self.db.backend() != Backend::Postgres {
            return Ok(0);
        }
        settle(&self.db).await
    }
}

async fn settle(db: &Db) -> Result<usize, StoreError> {
    let mut total = 0;
    loop {
        let n = concord_store::audit::seal(db, BATCH).await?;
        total += n;
        if (n as i64) < BATCH {
            return Ok(total);
        }
    }
}

/// The sealer's loop, until the app (the sender) is gone.
async fn run(db: Db, mut wake: mpsc::Receiver<()>) {
    let mut since_tidy = 0;
    loop {
        let pause = match settle(&db).await {
            Ok(0) => POLL,
            Ok(sealed) => {
                since_tidy += sealed;
                if since_tidy >= TIDY_AFTER {
                    since_tidy = 0;
                    if let Err(e) = concord_store::audit::tidy(&db).await {
                        tracing::warn!(error = %e, "audit sealer could not vacuum audit_pending");
                    }
                }
                POLL
            }
            Err(e) => {
                tracing::warn!(error = %e, "audit sealer could not seal; retrying");
                BACK_OFF
            }
        };
        tokio::select! {
            woken = wake.recv() => if woken.is_none() { return },
            () = tokio::time::sleep(pause) => {}
        }
    }
}
