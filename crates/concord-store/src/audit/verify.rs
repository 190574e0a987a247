//! Checking the chain: every event recomputed from its content and its predecessor, in
//! pages of [`PAGE`] events, so memory stays flat however long the chain is, and against
//! anchors of the head kept outside the database.

use super::chain::{chain_hash, head, Hashed, GENESIS};
use super::{AuditEvent, AUDIT_EVENT_COLUMNS};
use crate::{on_tx, Backend, Db, StoreError, Tx};

/// Events read per query while verifying.
const PAGE: i64 = 5_000;

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainStatus {
    Intact { events: i64 },
    Broken { seq: i64, problem: String },
}

/// A head of the chain recorded outside the database: event `seq` had hash `hash`. A
/// chain rewritten from an earlier event on, however consistently, no longer matches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
}

/// Recompute the whole chain in `tx`: detects an edited row (hash mismatch), a deleted or
/// inserted row (sequence gap or broken link) and a truncated tail (head mismatch).
pub async fn verify(tx: &mut Tx) -> Result<ChainStatus, StoreError> {
    check(tx, &[], &mut |_, _| {}).await
}

/// Verify the chain as one consistent snapshot, without taking any lock a writer or the
/// sealer waits for, checking every anchor on the way and calling `progress(done, total)`
/// after each page.
pub async fn verify_streaming(
    db: &Db,
    anchors: &[Anchor],
    progress: &mut (dyn FnMut(i64, i64) + Send),
) -> Result<ChainStatus, StoreError> {
    let mut tx = db.begin_read().await?;
    if db.backend() == Backend::Postgres {
        // One snapshot for the head and every page: events sealed meanwhile are neither
        // half-seen nor taken for rows inserted behind the head.
        on_tx!(&mut tx, c => sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .execute(c).await.map(|r| r.rows_affected()))?;
    }
    let status = check(&mut tx, anchors, progress).await;
    tx.rollback().await.ok();
    status
}

async fn check(
    tx: &mut Tx,
    anchors: &[Anchor],
    progress: &mut (dyn FnMut(i64, i64) + Send),
) -> Result<ChainStatus, StoreError> {
    let (head_seq, head_hash) = head(tx).await?;
    for a in anchors {
        if a.seq > head_seq {
            return Ok(ChainStatus::Broken {
                seq: a.seq,
                problem: format!(
                    "the anchor kept outside the database records event {} but the chain ends at {head_seq}: events were removed",
                    a.seq
                ),
            });
        }
    }
    let sql = format!(
        "SELECT {AUDIT_EVENT_COLUMNS} FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT $2"
    );
    let mut prev = GENESIS.to_string();
    let mut last = 0;
    loop {
        let page: Vec<AuditEvent> = on_tx!(tx, c => sqlx::query_as::<_, AuditEvent>(&sql)
            .bind(last).bind(PAGE).fetch_all(c).await)?;
        let full = page.len() as i64 == PAGE;
        for e in &page {
            if let Some(problem) = fault(e, last + 1, &prev, anchors)? {
                return Ok(ChainStatus::Broken {
                    seq: e.seq,
                    problem,
                });
            }
            prev.clone_from(&e.hash);
            last = e.seq;
        }
        progress(last, head_seq);
        if !full {
            break;
        }
    }
    if head_seq != last || head_hash != prev {
        return Ok(ChainStatus::Broken {
            seq: head_seq,
            problem: format!("the chain head says {head_seq} events but {last} are present"),
        });
    }
    Ok(ChainStatus::Intact { events: last })
}

/// What is wrong with `e`, expected as event `expected` after hash `prev`, if anything.
fn fault(
    e: &AuditEvent,
    expected: i64,
    prev: &str,
    anchors: &[Anchor],
) -> Result<Option<String>, StoreError> {
    if e.seq != expected {
        return Ok(Some(format!(
            "expected event {expected}: events are missing"
        )));
    }
    if e.prev_hash != prev {
        return Ok(Some("does not link to the event before it".into()));
    }
    if chain_hash(prev, &Hashed::of_stored(e))? != e.hash {
        return Ok(Some(
            "content does not match its hash: the event was altered".into(),
        ));
    }
    if anchors.iter().any(|a| a.seq == e.seq && a.hash != e.hash) {
        return Ok(Some(
            "differs from the anchor kept outside the database: the chain was rewritten".into(),
        ));
    }
    Ok(None)
}
