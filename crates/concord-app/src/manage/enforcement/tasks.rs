//! The licence section's capability and the tasks enforcement and recall put on the
//! caseload: opening one for whoever must act, and closing one by hand when no recorded
//! step closes it. Recall uses these too, so they are crate-visible.

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Capability, Section, SectionSet};
use concord_domain::TaskId;
use concord_domain::{PersonId, TaskKind};
use concord_store::audit::AuditKind;
use concord_store::{TaskRow, Tx};
use serde_json::json;

use super::TaskOwner;
use crate::access::Note;
use crate::{AppError, Manage};

impl Manage<'_> {
    pub(crate) async fn licence_section(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        action: Action,
        person: PersonId,
    ) -> Result<Capability, AppError> {
        self.authorize_person(tx, actor, action, person, SectionSet::one(Section::Licence))
            .await
    }

    /// Open an enforcement or recall task for whoever holds `owner` (agency, team, user).
    #[expect(
        clippy::too_many_arguments,
        reason = "each argument is one column of the task; a struct would only rename them"
    )]
    pub(crate) async fn open_licence_task(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        cap: &Capability,
        person: PersonId,
        owner: TaskOwner,
        kind: TaskKind,
        title: String,
        reason: String,
        due_on: NaiveDate,
    ) -> Result<TaskRow, AppError> {
        let task = TaskRow {
            id: TaskId::new(),
            person_id: person,
            agency_id: owner.0,
            team_id: owner.1,
            user_id: owner.2,
            kind,
            title,
            reason,
            due_on,
            assessment_id: None,
            created_by: actor.user_id,
            created_at: self.clock.now(),
            done_by: None,
            done_at: None,
        };
        concord_store::insert_licence_task(tx, cap, &task).await?;
        Ok(task)
    }

    /// Close an enforcement or recall task that no recorded step closes (telling the
    /// victim of a recall). A decision, a breach referral or a recall's execution is
    /// closed by recording it.
    pub async fn complete_licence_task(
        &self,
        actor: &Actor,
        person: PersonId,
        task: TaskId,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let cap = self
                .licence_section(w.tx(), actor, Action::Change, person)
                .await?;
            let row = concord_store::licence_tasks_of(w.tx(), &cap, person)
                .await?
                .into_iter()
                .find(|t| t.id == task && t.done_at.is_none())
                .ok_or(AppError::NotFound)?;
            let step = match row.kind {
                TaskKind::EnforcementDecision => {
                    Some("give a warning or refer the absence for breach")
                }
                TaskKind::BreachReferral => Some("refer the absence for breach"),
                TaskKind::RecallExecute => Some("record the return to custody"),
                TaskKind::VictimNotifyRecall
                | TaskKind::RiskReview
                | TaskKind::AllocationReview
                | TaskKind::MaracReferral
                | TaskKind::IomTask
                | TaskKind::ApNonArrival
                | TaskKind::ApIncident
                | TaskKind::ApResidenceVariation => None,
            };
            if let Some(step) = step {
                return Err(AppError::field(
                    "task",
                    "closed_by_step",
                    format!("This task is done when you {step}"),
                ));
            }
            if !concord_store::complete_licence_task(
                w.tx(),
                &cap,
                person,
                task,
                actor.user_id,
                self.clock.now(),
            )
            .await?
            {
                return Err(AppError::Conflict);
            }
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "completed a task",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"task": task, "kind": row.kind})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}
