//! The demo's training clock: the system clock plus an offset that an administrator may
//! move forward, so a training session can follow a case through months (a referral,
//! reviews every 16 weeks, the licence ending) in an afternoon. Only `concord demo` builds
//! one; a production server runs on the system clock and has no such control. The offset
//! never goes back: records made at a later "today" stay in order.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{Duration, NaiveDate, Utc};
use concord_authz::{Action, Actor, Resource, ResourceKind, SectionSet};
use concord_domain::FieldError;
use concord_store::audit::AuditKind;
use serde_json::json;

use crate::access::Note;
use crate::{Accounts, AppError, Clock};

/// The most the clock moves in one go: a little over a year.
pub const MAX_TRAINING_DAYS: i64 = 400;

#[derive(Debug, Clone, Default)]
pub struct TrainingClock(Arc<AtomicI64>);

impl TrainingClock {
    pub fn new() -> Self {
        Self::default()
    }

    /// The clock the app runs on: now, plus the days moved.
    pub fn clock(&self) -> Clock {
        let offset = self.0.clone();
        Clock::from_fn(move || Utc::now() + Duration::days(offset.load(Ordering::SeqCst)))
    }

    pub fn days_moved(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

impl Accounts<'_> {
    /// Move the training clock forward. Administrators only (the same decision as
    /// managing accounts); audited with the days and the new date.
    pub async fn move_training_clock(
        &self,
        actor: &Actor,
        clock: &TrainingClock,
        days: &str,
    ) -> Result<NaiveDate, AppError> {
        self.run(actor, async |w| {
            w.decide(
                Action::Change,
                &Resource::other(ResourceKind::UserAccount, None),
            )?;
            let n: i64 = days.trim().parse().map_err(|_| {
                AppError::Validation(
                    FieldError::new(
                        "days",
                        "invalid",
                        "Enter the number of days as a whole number, for example 7",
                    )
                    .into(),
                )
            })?;
            if !(1..=MAX_TRAINING_DAYS).contains(&n) {
                return Err(AppError::field(
                    "days",
                    "out_of_range",
                    format!("Move the clock forward by 1 to {MAX_TRAINING_DAYS} days"),
                ));
            }
            // Kept in the database, so a restarted demo resumes on the same day; the
            // node's clock moves once the move has committed.
            let total = concord_store::add_training_days(w.tx(), n).await?;
            let today = self.clock.today() + Duration::days(n);
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                None,
                "moved the demo's training clock forward",
                Note {
                    sections: Some(SectionSet::EMPTY),
                    detail: Some(json!({"days": n, "today": today})),
                    ..Note::default()
                },
            );
            Ok((today, total))
        })
        .await
        .map(|(today, total)| {
            clock.0.store(total, Ordering::SeqCst);
            today
        })
    }

    /// Set the training clock to the days it had been moved when the demo last ran.
    pub async fn resume_training_clock(&self, clock: &TrainingClock) -> Result<i64, AppError> {
        let days = self
            .read_unattended(async |tx| Ok(concord_store::training_days(tx).await?))
            .await?;
        clock.0.store(days, Ordering::SeqCst);
        Ok(days)
    }
}
