//! The recalls as police and probation see them, newest first, with the clocks that show
//! how long a request has waited and how long a revoked licence has gone unexecuted.

use chrono::{DateTime, Days, Utc};
use concord_authz::{Action, Actor, Permission, Section, SectionSet};
use concord_domain::PersonId;
use concord_domain::UserId;
use concord_licence::{RecallFacts, RecallKind};
use concord_store::audit::AuditKind;

use super::{RecallAssessmentView, RecallStatus, RecallView, PAROLE_REFERRAL_DAYS};
use crate::access::Note;
use crate::kernel::Work;
use crate::person::Names;
use crate::{AppError, Manage};

impl Manage<'_> {
    /// A person's recalls, newest first, with their clocks.
    pub async fn recalls(
        &self,
        actor: &Actor,
        person: PersonId,
    ) -> Result<Vec<RecallView>, AppError> {
        self.run(actor, async |w| self.recalls_in(w, person).await)
            .await
    }

    /// [`Self::recalls`] within a unit of work (a page that shows it with other parts).
    pub(crate) async fn recalls_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
    ) -> Result<Vec<RecallView>, AppError> {
        let actor = w.actor();
        let cap = self
            .licence_section(w.tx(), actor, Action::Read, person)
            .await?;
        let rows = concord_store::recalls_of(w.tx(), &cap, person).await?;
        let users: Vec<UserId> = rows
            .iter()
            .flat_map(|r| [Some(r.requested_by), r.decided_by])
            .flatten()
            .collect();
        let names = Names::load(w.tx(), &users).await?;
        let today = self.clock.today();
        let senior = actor.has(Permission::LicenceApprove);
        let since = |at: DateTime<Utc>| (today - crate::london_date(at)).num_days();
        let mut views = vec![];
        for r in rows.iter().rev() {
            let status = r.status;
            let facts: RecallFacts = serde_json::from_value(r.facts.clone())
                .map_err(|e| AppError::Internal(format!("a recall's facts: {e}")))?;
            let assessment: RecallAssessmentView = serde_json::from_value(r.assessment.clone())
                .map_err(|e| AppError::Internal(format!("a recall's assessment: {e}")))?;
            views.push(RecallView {
                id: r.id.as_uuid(),
                licence_version_id: r.licence_id,
                status,
                status_label: status.label(),
                reasons: r.reasons.clone(),
                facts,
                assessment,
                recall_type: r.recall_type,
                fixed_term_days: r.fixed_term_days,
                breach_action_id: r.breach_action_id,
                requested_by: names.user(Some(r.requested_by)),
                requested_at: r.requested_at,
                decided_by: r.decided_by.map(|u| names.user(Some(u))),
                decided_at: r.decided_at,
                decision_reason: r.decision_reason.clone(),
                revoked_at: r.revoked_at,
                returned_on: r.returned_on,
                release_on: r.release_on,
                parole_board_referral_by: r
                    .returned_on
                    .filter(|_| r.recall_type == RecallKind::Standard)
                    .map(|on| on + Days::new(PAROLE_REFERRAL_DAYS)),
                days_since_requested: since(r.requested_at),
                days_awaiting_decision: (status == RecallStatus::Requested)
                    .then(|| since(r.requested_at)),
                days_revoked_unexecuted: r
                    .revoked_at
                    .filter(|_| status == RecallStatus::Revoked)
                    .map(since),
                may_decide: status == RecallStatus::Requested
                    && senior
                    && r.requested_by != actor.user_id,
                version: r.version,
            });
        }
        w.audit(
            AuditKind::Consultation,
            Action::Read,
            Some(person.0),
            "viewed the recalls",
            Note::sections(SectionSet::one(Section::Licence)),
        );
        Ok(views)
    }
}
