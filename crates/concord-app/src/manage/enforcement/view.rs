//! The compliance page's read: everything recorded, the warnings with their expiry, the
//! breach referrals with their deadlines, and the open enforcement and recall tasks.

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::PersonId;
use concord_domain::TaskId;
use concord_domain::UserId;
use concord_licence::{EnforcementKind, EnforcementStatus, Warning};
use concord_store::audit::AuditKind;

use super::{
    active_licence, attendance, BreachView, ComplianceEventView, ComplianceView, DeadlineView,
    WarningView,
};
use crate::access::Note;
use crate::kernel::Work;
use crate::person::Names;
use crate::{AppError, Manage};

impl Manage<'_> {
    /// Everything recorded about compliance, the warnings with their expiry, the breach
    /// referrals and the open deadlines.
    pub async fn compliance(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<ComplianceView, AppError> {
        self.run(actor, async |w| self.compliance_in(w, person).await)
            .await
    }

    /// [`Self::compliance`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn compliance_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<ComplianceView, AppError> {
        let actor = w.actor();
        let cap = self
            .licence_section(w.tx(), actor, Action::Read, person)
            .await?;
        let events = concord_store::compliance_events_of(w.tx(), &cap, person).await?;
        let actions = concord_store::enforcement_actions_of(w.tx(), &cap, person).await?;
        let tasks = concord_store::licence_tasks_of(w.tx(), &cap, person).await?;
        let licences = concord_store::licences_of(w.tx(), &cap, person).await?;
        let licence_id = active_licence(&licences)?.map(|l| l.licence_id);
        let users: Vec<UserId> = events
            .iter()
            .map(|e| e.recorded_by)
            .chain(actions.iter().map(|a| a.created_by))
            .collect();
        let names = Names::load(w.tx(), &users).await?;
        let today = self.clock.today();
        let open_task = |id: Option<TaskId>| {
            id.is_some_and(|id| tasks.iter().any(|t| t.id == id && t.done_at.is_none()))
        };
        let mut event_views: Vec<ComplianceEventView> = events
            .iter()
            .map(|e| {
                let answered_by = actions
                    .iter()
                    .find(|a| a.failure_event_id == e.id)
                    .map(|a| a.kind);
                ComplianceEventView {
                    id: e.id.as_uuid(),
                    kind: e.kind,
                    kind_label: e.kind.label().into(),
                    occurred_on: e.occurred_on,
                    outcome: e.outcome.clone(),
                    // A contact's or appointment's attendance in words; anything else
                    // as recorded.
                    outcome_label: attendance(e)
                        .map_or_else(|| e.outcome.clone(), |a| a.label().into()),
                    details: e.details.clone(),
                    recorded_by: names.user(Some(e.recorded_by)),
                    recorded_at: e.recorded_at,
                    under_licence: e.licence_id.is_some(),
                    awaiting_decision: answered_by.is_none() && open_task(e.task_id),
                    answered_by,
                }
            })
            .collect();
        event_views.reverse();
        let warnings: Vec<WarningView> = actions
            .iter()
            .filter(|a| a.kind == EnforcementKind::Warning)
            .map(|a| {
                let expires_on = concord_licence::warning_expires(&Warning {
                    given_on: a.given_on,
                });
                WarningView {
                    id: a.id,
                    failure_event_id: a.failure_event_id.as_uuid(),
                    given_on: a.given_on,
                    given_by: names.user(Some(a.created_by)),
                    reason: a.reason.clone(),
                    expires_on,
                    in_force: a.given_on <= today && today <= expires_on,
                }
            })
            .collect();
        let breaches = actions
            .iter()
            .filter(|a| a.kind == EnforcementKind::Breach)
            .map(|a| BreachView {
                id: a.id,
                failure_event_id: a.failure_event_id.as_uuid(),
                given_on: a.given_on,
                referred_by: names.user(Some(a.created_by)),
                reason: a.reason.clone(),
                deadline: a.deadline,
                status: a.status,
                overdue: a.status == EnforcementStatus::Referred
                    && a.deadline.is_some_and(|d| d < today),
            })
            .collect();
        let referral_required_until = actions
            .iter()
            .filter(|a| {
                a.kind == EnforcementKind::Warning
                    && a.licence_id.is_some()
                    && a.licence_id == licence_id
            })
            .map(|a| {
                concord_licence::warning_expires(&Warning {
                    given_on: a.given_on,
                })
            })
            .filter(|d| *d >= today)
            .max();
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed compliance and enforcement",
            Note::sections(SectionSet::one(Section::Licence)),
        );
        Ok(ComplianceView {
            person_id: person,
            events: event_views,
            warnings,
            breaches,
            deadlines: tasks
                .iter()
                .filter(|t| t.done_at.is_none())
                .map(|t| DeadlineView::from_row(t, today))
                .collect(),
            referral_required_until,
            licence_in_force: licence_id.is_some(),
        })
    }
}
