//! Answering an unacceptable absence, once: with a warning, refused while a warning is in
//! force (Sentencing Act 2020 Sch.10 para 6 then demands referral), or with a breach
//! referral. Either answer closes the decision task the absence opened.

use chrono::Days;
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::EnforcementActionId;
use concord_domain::{ComplianceEventId, FieldError, PersonId, ValidationErrors};
use concord_domain::{DomainEvent, DomainEventType};
use concord_licence::{EnforcementDecision, EnforcementKind, EnforcementStatus};
use concord_store::audit::AuditKind;
use concord_store::EnforcementActionRow;
use serde_json::json;

use super::{is_failure, warnings_under, BREACH_DAYS, SCH10};
use crate::access::Note;
use crate::manage::form::text;
use crate::{AppError, Manage};

impl Manage<'_> {
    /// Give a warning for an unacceptable absence. Refused when a warning is already in
    /// force (the failure must be referred) or the absence has been answered.
    pub async fn give_warning(
        &self,
        actor: &Actor,
        person: PersonId,
        failure_event_id: ComplianceEventId,
        reason: &str,
    ) -> Result<EnforcementActionId, AppError> {
        self.answer_failure(
            actor,
            person,
            failure_event_id,
            reason,
            EnforcementKind::Warning,
        )
        .await
    }

    /// Refer an unacceptable absence for breach (enforcement).
    pub async fn refer_breach(
        &self,
        actor: &Actor,
        person: PersonId,
        failure_event_id: ComplianceEventId,
        reason: &str,
    ) -> Result<EnforcementActionId, AppError> {
        self.answer_failure(
            actor,
            person,
            failure_event_id,
            reason,
            EnforcementKind::Breach,
        )
        .await
    }

    async fn answer_failure(
        &self,
        actor: &Actor,
        person: PersonId,
        failure_event_id: ComplianceEventId,
        reason: &str,
        kind: EnforcementKind,
    ) -> Result<EnforcementActionId, AppError> {
        self.run(actor, async |w| {
            let cap = self
                .licence_section(w.tx(), actor, Action::Change, person)
                .await?;
            let event = concord_store::compliance_events_of(w.tx(), &cap, person)
                .await?
                .into_iter()
                .find(|e| e.id == failure_event_id)
                .ok_or(AppError::NotFound)?;
            let actions = concord_store::enforcement_actions_of(w.tx(), &cap, person).await?;
            let mut errors = ValidationErrors::new();
            let what = if kind == EnforcementKind::Warning {
                "why the warning is given (the circumstances of the failure)"
            } else {
                "why the failure is referred for breach"
            };
            let reason = text(&mut errors, "reason", reason, what, true, 4000);
            if !is_failure(&event) {
                errors.push(FieldError::new(
                    "failure_event_id",
                    "not_a_failure",
                    "Only an unacceptable absence is answered with a warning or a breach referral",
                ));
            } else if let Some(done) = actions.iter().find(|a| a.failure_event_id == event.id) {
                errors.push(FieldError::new(
                    "failure_event_id",
                    "already_answered",
                    format!(
                        "This absence was already answered with a {} on {}",
                        if done.kind == EnforcementKind::Warning {
                            "warning"
                        } else {
                            "breach referral"
                        },
                        concord_domain::format_date(done.given_on)
                    ),
                ));
            } else if kind == EnforcementKind::Warning {
                if let EnforcementDecision::MustRefer { warning_on } = concord_licence::decide(
                    event.occurred_on,
                    &warnings_under(&actions, event.licence_id),
                ) {
                    errors.push(FieldError::new(
                        "decision",
                        "referral_required",
                        format!(
                            "A warning cannot be given: a warning was given on {}, within 12 \
                             months, so this failure must be referred for breach ({SCH10})",
                            concord_domain::format_date(warning_on)
                        ),
                    ));
                }
            }
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let today = self.clock.today();
            let id = EnforcementActionId::new();
            concord_store::insert_enforcement_action(
                w.tx(),
                &cap,
                &EnforcementActionRow {
                    id,
                    person_id: person,
                    agency_id: actor.agency_id,
                    licence_id: event.licence_id,
                    kind,
                    failure_event_id: event.id,
                    given_on: today,
                    reason,
                    deadline: (kind == EnforcementKind::Breach)
                        .then(|| today + Days::new(BREACH_DAYS)),
                    status: match kind {
                        EnforcementKind::Warning => EnforcementStatus::Given,
                        EnforcementKind::Breach => EnforcementStatus::Referred,
                    },
                    created_by: actor.user_id,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            // The warning or referral is what the decision task asked for. One already
            // closed by hand needs nothing more.
            if let Some(task) = event.task_id {
                concord_store::complete_licence_task(
                    w.tx(),
                    &cap,
                    person,
                    task,
                    actor.user_id,
                    self.clock.now(),
                )
                .await?;
            }
            w.audit(
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                if kind == EnforcementKind::Warning {
                    "gave a warning for an unacceptable absence"
                } else {
                    "referred an unacceptable absence for breach"
                },
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"action": id, "failure": event.id, "task": event.task_id})),
                    ..Note::default()
                },
            );
            if kind != EnforcementKind::Warning {
                w.raise(
                    DomainEvent::new(DomainEventType::LicenceBreachReferred, person)
                        .with("enforcementId", id),
                );
            }
            Ok(id)
        })
        .await
    }
}
