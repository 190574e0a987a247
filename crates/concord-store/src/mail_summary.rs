//! When each member of staff was last sent their email summary. Staff data, not a
//! person's: read and written by the unattended summary job.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use concord_domain::UserId;
use uuid::Uuid;

use crate::{on_tx, StoreError, Tx};

/// Every summary's last sending, by account.
pub async fn mail_summaries_sent(
    tx: &mut Tx,
) -> Result<HashMap<UserId, DateTime<Utc>>, StoreError> {
    let rows: Vec<(Uuid, DateTime<Utc>)> = on_tx!(tx, c => sqlx::query_as::<_, (Uuid, DateTime<Utc>)>(
        "SELECT user_id, sent_at FROM mail_summary").fetch_all(c).await)?;
    Ok(rows.into_iter().map(|(u, at)| (UserId(u), at)).collect())
}

/// Claim `user`'s summary for sending at `at`, unless one was sent (or claimed) after
/// `due_before`: true when this caller may send it. Two nodes running the job at once
/// cannot both claim it, so no one is sent the summary twice.
pub async fn claim_mail_summary(
    tx: &mut Tx,
    user: UserId,
    at: DateTime<Utc>,
    due_before: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let n = on_tx!(tx, c => sqlx::query(
        "INSERT INTO mail_summary (user_id, sent_at) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET sent_at = excluded.sent_at WHERE mail_summary.sent_at < $3")
        .bind(user.0).bind(at).bind(due_before).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(n == 1)
}

/// Give a claim back when the summary could not be sent: the previous sending, or none.
pub async fn release_mail_summary(
    tx: &mut Tx,
    user: UserId,
    previous: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    match previous {
        Some(at) => {
            on_tx!(tx, c => sqlx::query("UPDATE mail_summary SET sent_at = $2 WHERE user_id = $1")
            .bind(user.0).bind(at).execute(c).await.map(|r| r.rows_affected()))?
        }
        None => on_tx!(tx, c => sqlx::query("DELETE FROM mail_summary WHERE user_id = $1")
            .bind(user.0).execute(c).await.map(|r| r.rows_affected()))?,
    };
    Ok(())
}
