//! Appending a batch after a head the writer already knows, without holding the head's
//! lock across round trips (issue 19: several nodes' appenders on one PostgreSQL).
//!
//! The appender keeps the head it last wrote. On PostgreSQL it moves the head from that
//! value and inserts the batch in one statement that commits by itself: the head's row is
//! locked only while that statement runs and commits, not across a `SELECT … FOR UPDATE`,
//! an insert, an update and a `COMMIT` sent one after another, which another node's
//! appender would wait through. If another writer moved the head first (another node, or
//! a sealer), nothing is written and the same statement says where the head is now, so
//! the caller relinks and tries again without another round trip to read it. The batch's
//! values travel as one array per column (`UNNEST`), so the statement's
//! text is the same for every batch size and is prepared once per connection.

use chrono::Utc;
use uuid::Uuid;

use super::chain::{check_detail, link, outcome_of, write_linked, Linked};
use super::NewAuditEvent;
use crate::{StoreError, Tx};

/// The head moves from `$4`/`$5` only if it is still there; the events go in only if it
/// moved. One statement, so both happen or neither does. `latest` locks the head's row first
/// and so reads its latest committed value, even when another writer committed while this
/// statement waited for the row (a plain read would give this statement's snapshot, the
/// head before theirs, and cost another attempt); the statement answers with it when it
/// did not move the head. (The update itself sees only rows that matched its snapshot, so
/// a head that reached `$4`/`$5` only while it waited is answered, not moved: never a
/// false success.)
const APPEND_AFTER: &str = "WITH latest AS (SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE),
    moved AS (
        UPDATE audit_head SET seq = $1, hash = $2, touched_at = $3
        WHERE id = 1 AND seq = $4 AND hash = $5 AND EXISTS (SELECT 1 FROM latest) RETURNING seq),
    appended AS (INSERT INTO audit_event (seq, id, at, actor_user_id, actor_agency_id, kind, action, resource_type, resource_id, person_id, outcome, reason, recipient, detail, prev_hash, hash, request_id, sections, purpose)
    SELECT * FROM UNNEST($6::BIGINT[], $7::UUID[], $8::TIMESTAMPTZ[], $9::UUID[], $10::UUID[], $11::TEXT[], $12::TEXT[], $13::TEXT[], $14::UUID[], $15::UUID[], $16::TEXT[], $17::TEXT[], $18::TEXT[], $19::JSONB[], $20::TEXT[], $21::TEXT[], $22::TEXT[], $23::TEXT[], $24::TEXT[])
    WHERE EXISTS (SELECT 1 FROM moved))
    SELECT EXISTS (SELECT 1 FROM moved) AS moved, seq, hash FROM latest";

/// What [`append_after`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Appended {
    /// The events are in; the chain's head is now this.
    Moved((i64, String)),
    /// Someone else appended first and nothing was written; the head is here.
    Stale((i64, String)),
}

/// Append `events`, in their order, after the chain head `head` (its sequence number and
/// hash). Returns the new head, or the head as it found it if that is no longer `head`
/// (someone else appended first), in which case nothing was written. On PostgreSQL `tx` may be a plain
/// connection ([`crate::Db::self_committing`]): the append is one statement. On SQLite,
/// whose transactions already hold the one write lock, it is the head's update and the
/// inserts in the caller's transaction.
pub async fn append_after(
    tx: &mut Tx,
    head: &(i64, String),
    events: &[NewAuditEvent],
) -> Result<Appended, StoreError> {
    for event in events {
        check_detail(event)?;
    }
    if events.is_empty() {
        return Ok(Appended::Moved(head.clone()));
    }
    let linked = link(head, events)?;
    let (seq, hash) = linked
        .last()
        .map_or_else(|| head.clone(), |l| (l.seq, l.hash.clone()));
    let now = Utc::now();
    let appended = match tx {
        Tx::Sqlite(c) => {
            let moved = sqlx::query("UPDATE audit_head SET seq = $1, hash = $2, touched_at = $3 WHERE id = 1 AND seq = $4 AND hash = $5")
                .bind(seq).bind(&hash).bind(now).bind(head.0).bind(&head.1)
                .execute(&mut **c).await?.rows_affected();
            if moved == 1 {
                write_linked(tx, &linked).await?;
                return Ok(Appended::Moved((seq, hash)));
            }
            Appended::Stale(super::head(tx).await?)
        }
        Tx::Postgres(t) => {
            let col = |f: &dyn Fn(&Linked<'_>) -> Option<Uuid>| -> Vec<Option<Uuid>> {
                linked.iter().map(f).collect()
            };
            let text = |f: &dyn Fn(&Linked<'_>) -> Option<String>| -> Vec<Option<String>> {
                linked.iter().map(f).collect()
            };
            let (moved, at_seq, at_hash): (bool, i64, String) = sqlx::query_as(APPEND_AFTER)
                .bind(seq)
                .bind(&hash)
                .bind(now)
                .bind(head.0)
                .bind(&head.1)
                .bind(linked.iter().map(|l| l.seq).collect::<Vec<i64>>())
                .bind(linked.iter().map(|l| l.id).collect::<Vec<Uuid>>())
                .bind(linked.iter().map(|l| l.at).collect::<Vec<_>>())
                .bind(col(&|l| l.event.actor_user_id.map(|u| u.0)))
                .bind(col(&|l| l.event.actor_agency_id.map(|a| a.0)))
                .bind(text(&|l| Some(l.event.kind.code().to_owned())))
                .bind(text(&|l| Some(l.event.action.clone())))
                .bind(text(&|l| Some(l.event.resource_type.clone())))
                .bind(col(&|l| l.event.resource_id))
                .bind(col(&|l| l.event.person_id.map(|p| p.as_uuid())))
                .bind(text(&|l| Some(outcome_of(l.event.kind).to_owned())))
                .bind(text(&|l| Some(l.event.reason.clone())))
                .bind(text(&|l| l.event.recipient.clone()))
                .bind(
                    linked
                        .iter()
                        .map(|l| l.event.detail.clone())
                        .collect::<Vec<serde_json::Value>>(),
                )
                .bind(text(&|l| Some(l.prev_hash.clone())))
                .bind(text(&|l| Some(l.hash.clone())))
                .bind(text(&|l| l.event.request_id.clone()))
                .bind(text(&|l| l.event.sections.clone()))
                .bind(text(&|l| l.event.purpose.clone()))
                .fetch_one(&mut **t)
                .await?;
            if moved {
                Appended::Moved((seq, hash))
            } else {
                Appended::Stale((at_seq, at_hash))
            }
        }
    };
    Ok(appended)
}
