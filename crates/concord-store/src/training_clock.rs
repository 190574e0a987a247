//! The demo's training clock, kept across restarts (migration 0019).

use crate::{on_tx, StoreError, Tx};

/// The days the training clock has been moved, 0 if it never has.
pub async fn training_days(tx: &mut Tx) -> Result<i64, StoreError> {
    let days: Option<i64> = on_tx!(tx, c => sqlx::query_scalar(
        "SELECT days_moved FROM training_clock WHERE id = 1"
    ).fetch_optional(c).await)?;
    Ok(days.unwrap_or(0))
}

/// Move the training clock `days` further on; returns the days moved in all. An increment
/// in the database, so two administrators moving it at once both count.
pub async fn add_training_days(tx: &mut Tx, days: i64) -> Result<i64, StoreError> {
    Ok(on_tx!(tx, c => sqlx::query_scalar(
        "INSERT INTO training_clock (id, days_moved) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET days_moved = training_clock.days_moved + excluded.days_moved
         RETURNING days_moved"
    ).bind(days).fetch_one(c).await)?)
}
