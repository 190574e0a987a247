//! The central referral unit assesses an application: accepted (it then awaits a place)
//! or rejected, with the reasons written down either way.

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{ApApplicationId, ApplicationStatus, FieldError, PersonId, ValidationErrors};
use concord_store::audit::AuditKind;
use serde_json::json;

use super::stay;
use crate::access::Note;
use crate::manage::form_text as text;
use crate::{AppError, Premises};

/// A decision as the form posts it.
#[derive(Debug, Clone, Default)]
pub struct AssessmentForm {
    /// `accept` or `reject`.
    pub decision: String,
    pub reasons: String,
    pub version: i64,
}

impl Premises<'_> {
    pub async fn assess_application(
        &self,
        actor: &Actor,
        person: PersonId,
        application: ApApplicationId,
        form: &AssessmentForm,
    ) -> Result<ApplicationStatus, AppError> {
        self.run(actor, async |w| {
            let cap = stay(w, Action::Change, person).await?;
            let mut a = super::application_of(w, &cap, person, application).await?;
            let mut errors = ValidationErrors::new();
            let status = match form.decision.trim() {
                "accept" => Some(ApplicationStatus::AwaitingPlacement),
                "reject" => Some(ApplicationStatus::Rejected),
                _ => {
                    errors.push(FieldError::new(
                        "decision",
                        "required",
                        "Choose whether the application is accepted or rejected",
                    ));
                    None
                }
            };
            let reasons = text(
                &mut errors,
                "reasons",
                &form.reasons,
                "the reasons for the decision",
                true,
                4000,
            );
            if a.status != ApplicationStatus::Submitted {
                errors.push(FieldError::new(
                    "decision",
                    "decided",
                    format!(
                        "The application is already {}",
                        a.status.label().to_lowercase()
                    ),
                ));
            }
            let (Some(status), true) = (status, errors.is_empty()) else {
                return Err(AppError::Validation(errors));
            };
            a.status = status;
            a.decision_reasons = reasons;
            a.assessed_by = Some(actor.user_id);
            a.assessed_at = Some(self.clock.now());
            a.version = form.version;
            concord_store::update_ap_application(w.tx(), &cap, &a).await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "assessed an approved-premises application",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"application": application.0, "status": status.code()})),
                    ..Note::default()
                },
            );
            Ok(status)
        })
        .await
    }
}
