//! Sending the email summaries: for each active member of staff with an email address
//! and a caseload, at most once per `mail_summary_hours`, and only when something waits
//! for them. The counts are read as that member of staff (their own access, audited as
//! their reads for the summary); the message goes to the relay outside any transaction;
//! each sending is recorded and audited. One failure does not stop the others.

use chrono::Duration;
use concord_authz::Permission;
use concord_store::audit::AuditKind;
use serde_json::json;

use super::smtp::{Mail, Relay};
use super::summary::{summary_text, SummaryCounts};
use crate::{AppError, Notifications};

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SummaryRun {
    pub sent: usize,
    /// Nothing waited for them, or their last summary is too recent.
    pub not_due: usize,
    /// (username, why) for each that could not be sent.
    pub failed: Vec<(String, String)>,
}

const READ_REASON: &str = "counted for their email summary";

impl Notifications<'_> {
    /// Send the summaries that are due. With no relay configured, nothing is sent.
    pub async fn send_summaries(&self) -> Result<SummaryRun, AppError> {
        let Some(relay) = Relay::parse(&self.settings.mail.relay).map_err(AppError::Unavailable)?
        else {
            return Ok(SummaryRun::default());
        };
        let now = self.clock.now();
        let every = Duration::hours(i64::from(self.settings.mail.summary_hours.max(1)));
        let (users, sent) = self
            .read_unattended(async |tx| {
                Ok((
                    concord_store::users(tx).await?,
                    concord_store::mail_summaries_sent(tx).await?,
                ))
            })
            .await?;
        let mut run = SummaryRun::default();
        for u in users {
            let Some(email) = u.email.clone().filter(|e| !e.trim().is_empty()) else {
                continue;
            };
            let last = sent.get(&u.id).copied();
            if !u.active || last.is_some_and(|at| now - at < every) {
                run.not_due += 1;
                continue;
            }
            let Ok(mut actor) = self.accounts().actor_for_username(&u.username).await else {
                continue;
            };
            if !actor.has(Permission::CaseloadView) {
                continue;
            }
            actor.request_id = Some(format!("summary-{}", uuid::Uuid::now_v7()));
            // One person's failure (the relay, the database) is reported, and the others
            // are still sent theirs.
            match self
                .summarise(&relay, &u, &email, &actor, last, every)
                .await
            {
                Ok(true) => run.sent += 1,
                Ok(false) => run.not_due += 1,
                Err(e) => run.failed.push((u.username.clone(), e)),
            }
        }
        Ok(run)
    }

    /// One member of staff's summary: claimed first (so another node running the job
    /// skips them, and they are counted once per interval, not every quarter of an
    /// hour), then counted as them, then sent if anything waits. True when sent.
    async fn summarise(
        &self,
        relay: &Relay,
        u: &concord_store::UserRow,
        email: &str,
        actor: &concord_authz::Actor,
        last: Option<chrono::DateTime<chrono::Utc>>,
        every: Duration,
    ) -> Result<bool, String> {
        let now = self.clock.now();
        let user = u.id;
        let claimed = self
            .run_unattended(async |w| {
                Ok(concord_store::claim_mail_summary(w.tx(), user, now, now - every).await?)
            })
            .await
            .map_err(|e| e.to_string())?;
        if !claimed {
            return Ok(false);
        }
        // Nothing waiting is an answer too: the claim stands as this interval's check.
        let counts = self
            .count_for(actor, last)
            .await
            .map_err(|e| e.to_string())?;
        if counts.is_empty() {
            return Ok(false);
        }
        let (subject, body) = summary_text(
            &u.display_name,
            &counts,
            &self.settings.mail.link,
            now,
            self.settings.mail.summary_hours.max(1),
        );
        let mail = Mail {
            date: now,
            from: self.settings.mail.from.clone(),
            to: email.trim().to_string(),
            subject,
            body,
        };
        if let Err(e) = relay.send(&mail).await {
            // Given back, so the next run tries again.
            let _ = self
                .run_unattended(async |w| {
                    Ok(concord_store::release_mail_summary(w.tx(), user, last).await?)
                })
                .await;
            return Err(e);
        }
        self.run_unattended(async |w| {
            w.record(self.unattended_event(
                AuditKind::Disclosure,
                "user_account",
                Some(user.0),
                Some(user),
                "sent their email summary (counts only, no names)",
                json!({"to": mail.to, "lines": counts.lines().len()}),
            ));
            Ok(())
        })
        .await
        .map_err(|e| format!("sent, but its audit event was not written: {e}"))?;
        Ok(true)
    }

    /// What waits for `actor`, read through the same section-checked reads as their home
    /// page; new entries only since their last summary.
    async fn count_for(
        &self,
        actor: &concord_authz::Actor,
        since: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<SummaryCounts, AppError> {
        self.run_page(actor, async |w| {
            let approvals = self.people().approvals_in(w).await?;
            let diary = self.manage().my_diary_in(w, READ_REASON).await?;
            let alerts = self.monitoring().live_alerts_in(w, READ_REASON).await?;
            Ok(SummaryCounts {
                new_entries: self
                    .people()
                    .new_entries_in(w, READ_REASON)
                    .await?
                    .iter()
                    .filter(|e| since.is_none_or(|s| e.recorded_at > s))
                    .count(),
                licences_to_approve: approvals.licences.len(),
                minutes_to_approve: approvals.minutes.len(),
                overdue_actions: self
                    .plans()
                    .my_mappa_actions_in(w)
                    .await?
                    .iter()
                    .filter(|a| a.overdue)
                    .count(),
                awaiting_outcome: diary.awaiting_outcome.len(),
                unacknowledged_alerts: alerts
                    .open
                    .iter()
                    .filter(|l| l.alert.acknowledged_at.is_none())
                    .count(),
                partner_referrals: self.partners().officer_referrals_in(w).await?.len(),
            })
        })
        .await
    }
}
