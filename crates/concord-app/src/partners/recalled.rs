//! A recall executed ends the person's partner work in the community: every open
//! referral is cancelled with the reason, and each provider's access ends that day
//! (issue 20: "cancellations when the person is recalled").

use concord_authz::{Action, Section, SectionSet};
use concord_domain::PersonId;
use concord_partners::{Closure, ReferralStatus};
use concord_store::audit::AuditKind;
use serde_json::json;

use crate::access::Note;
use crate::kernel::Work;
use crate::{AppError, Partners};

impl Partners<'_> {
    /// Cancel the person's open referrals within the recall's unit of work; how many.
    /// Nothing when the actor may not change the interventions section (the referrals
    /// then wait for the case team, who see the recall).
    pub(crate) async fn cancel_on_recall_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
        reason: &str,
    ) -> Result<usize, AppError> {
        let resource = w.resource(person).await?;
        let change = SectionSet::one(Section::Interventions);
        if !concord_authz::decide(w.actor(), Action::Change, &resource.sections(change)).allowed
            || !w.actor().agency_kind.is_responsible_authority()
        {
            return Ok(0);
        }
        let cap = w.person(Action::Change, person, change).await?;
        let read = w.person(Action::Read, person, change).await?;
        let today = self.clock.today();
        let mut cancelled = 0;
        for mut row in concord_store::service_referrals_of(w.tx(), &read, person).await? {
            if !row.status.is_open() {
                continue;
            }
            let from = row.status;
            row.status = ReferralStatus::Closed;
            row.closure = Some(Closure::Cancelled);
            row.closed_on = Some(today);
            row.close_reason = Some(reason.to_string());
            row.updated_at = self.clock.now();
            concord_store::update_service_referral(w.tx(), &cap, &row, from).await?;
            if let Some(access) = row.access_referral_id {
                concord_store::close_access_referral(w.tx(), &cap, person, access, today).await?;
            }
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "cancelled a referral on recall",
                Note {
                    sections: Some(change),
                    detail: Some(json!({"service_referral_id": row.id, "reason": reason})),
                    ..Note::default()
                },
            );
            cancelled += 1;
        }
        Ok(cancelled)
    }
}
