//! When supervision ends the partner work ends with it (issue 20: "cancellations when the
//! person is recalled or the order ends"): a recall executed cancels every open referral
//! at once; an order or licence that has run out cancels them when the owning agency's
//! sweep runs (`concord partners end-orders`, daily). Each provider's access ends that
//! day, and each cancellation is audited with its reason.

use concord_authz::{Action, Actor, ListScope, Resource, Section, SectionSet};
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
        self.cancel_open_in(w, person, reason, "cancelled a referral on recall")
            .await
    }

    /// Cancel every open referral of `person` with `reason`; how many. Nothing when the
    /// actor may not change the interventions section.
    async fn cancel_open_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
        reason: &str,
        audit_reason: &str,
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
                audit_reason,
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

    /// Cancel the open referrals of everyone whose supervision has ended, as far as
    /// `actor` may (their agency's records, normally run daily by a manager's or a
    /// service account with the owning agency's oversight). Returns (people whose
    /// referrals were cancelled, referrals cancelled, people left for someone else).
    pub async fn end_referrals_after_orders(&self, actor: &Actor) -> Result<SweepReport, AppError> {
        self.run(actor, async |w| {
            // A provider records its own work on a referral; ending the referrals of
            // people whose orders ended is the responsible authority's.
            if !w.actor().agency_kind.is_responsible_authority() {
                let reason = "only the responsible authority ends referrals when orders end";
                return Err(AppError::Denied {
                    reason,
                    conceal: false,
                    audit: Box::new(self.event(
                        w.actor(),
                        concord_store::audit::AuditKind::Denied,
                        Action::Change,
                        concord_authz::ResourceKind::PersonList,
                        None,
                        reason,
                        Note::default(),
                    )),
                });
            }
            let list = w.decide(Action::Read, &Resource::list(ListScope::Caseload))?;
            let today = self.clock.today();
            let ended = concord_store::referrals_after_supervision(w.tx(), &list, today).await?;
            let mut report = SweepReport::default();
            for (person, on) in ended {
                let resource = w.resource(person).await?;
                let change = SectionSet::one(Section::Interventions);
                if !concord_authz::decide(w.actor(), Action::Change, &resource.sections(change))
                    .allowed
                {
                    report.left_for_others += 1;
                    continue;
                }
                let reason = format!(
                    "The order ended on {}: the partner work ends with it",
                    concord_domain::format_date(on)
                );
                let n = self
                    .cancel_open_in(w, person, &reason, "cancelled a referral: the order ended")
                    .await?;
                if n > 0 {
                    report.people += 1;
                    report.referrals += n;
                }
            }
            Ok(report)
        })
        .await
    }
}

/// What a sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct SweepReport {
    pub people: usize,
    pub referrals: usize,
    /// People whose referrals the actor may not change (another agency's records).
    pub left_for_others: usize,
}
