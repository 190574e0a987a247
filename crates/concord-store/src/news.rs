//! What is new on a member of staff's cases: the people allocated to them with an entry
//! someone else recorded lately. Ids only: the caller reads each person's entries under a
//! capability for him, so nothing the reader may not see leaves here.

use chrono::{DateTime, NaiveDate, Utc};
use concord_domain::{PersonId, UserId};
use uuid::Uuid;

use crate::{on_tx, StoreError, Tx};

/// The people allocated to `user` on `today` with an entry recorded since `since` by
/// anyone but `user` (a feed's included), the most recent first, at most `limit`.
pub async fn people_with_new_entries(
    tx: &mut Tx,
    user: UserId,
    today: NaiveDate,
    since: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<PersonId>, StoreError> {
    // Driven from the reader's allocations (indexed by user), then each person's entries
    // (indexed by person): a caseload's worth of rows, however large the register.
    let rows: Vec<(Uuid,)> = on_tx!(tx, c => sqlx::query_as(
        "SELECT a.person_id FROM allocation a JOIN person_event e ON e.person_id = a.person_id \
         WHERE a.user_id = $1 AND a.from_date <= $2 AND (a.to_date IS NULL OR a.to_date >= $2) \
           AND e.created_at >= $3 AND (e.recorded_by IS NULL OR e.recorded_by <> $1) \
         GROUP BY a.person_id ORDER BY MAX(e.created_at) DESC LIMIT $4")
        .bind(user.0).bind(today).bind(since).bind(limit)
        .fetch_all(c).await)?;
    Ok(rows.into_iter().map(|(p,)| PersonId(p)).collect())
}
