//! Probation's steps: approve the provider's action plan, cancel a referral (a reason
//! required: the order ended, the person was recalled, the need was met elsewhere), and
//! record that the person withdrew (the provider may record that too).

use concord_authz::Actor;
use concord_domain::{PersonId, ServiceReferralId, ValidationErrors};
use concord_partners::{Closure, Step};
use serde_json::json;

use crate::person::take;
use crate::{AppError, Partners};

impl Partners<'_> {
    pub async fn approve_plan(
        &self,
        actor: &Actor,
        person: PersonId,
        id: ServiceReferralId,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let mut s = self.begin_step(w, person, id, Step::ApprovePlan).await?;
            s.row.plan_approved_at = Some(self.clock.now());
            s.row.plan_approved_by = Some(w.actor().user_id);
            self.finish_step(w, s, "approved a provider's action plan", json!({}))
                .await
        })
        .await
    }

    /// End an open referral early: `Cancel` (probation) or `Withdraw` (either side).
    pub async fn end_referral(
        &self,
        actor: &Actor,
        person: PersonId,
        id: ServiceReferralId,
        withdrew: bool,
        reason: &str,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let reason = take(
            &mut errors,
            concord_domain::required_multiline_text(
                "reason",
                "why the referral ends",
                reason,
                1000,
            ),
        );
        let (step, closure, what) = if withdrew {
            (
                Step::Withdraw,
                Closure::Withdrew,
                "recorded that the person withdrew from a referral",
            )
        } else {
            (Step::Cancel, Closure::Cancelled, "cancelled a referral")
        };
        self.run(actor, async |w| {
            let mut s = self.begin_step(w, person, id, step).await?;
            let Some(reason) = reason.clone() else {
                return Err(AppError::Validation(errors.clone()));
            };
            s.row.closure = Some(closure);
            s.row.closed_on = Some(self.clock.today());
            s.row.close_reason = Some(reason.clone());
            self.finish_step(w, s, what, json!({"reason": reason}))
                .await
        })
        .await
    }
}
