//! The offender manager applies for a place: the kind of premises, why, the risk he
//! poses, when he is released and for how long, and what the place must offer. His zones
//! and victims are not typed in: matching measures every premises against them.

use chrono::Duration;
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{
    parse_date, ApApplicationId, ApType, ApplicationStatus, Characteristic, FieldError, PersonId,
    ValidationErrors,
};
use concord_store::audit::AuditKind;
use concord_store::ApplicationRow;
use serde_json::json;

use super::{codes, stay};
use crate::access::Note;
use crate::manage::form_text as text;
use crate::{AppError, Premises};

/// An application as the form posts it.
#[derive(Debug, Clone, Default)]
pub struct ApplicationForm {
    /// An [`ApType`] code.
    pub ap_type: String,
    pub reason: String,
    pub risk_summary: String,
    /// The release date (day/month/year or ISO).
    pub release_on: String,
    pub duration_weeks: String,
    /// [`Characteristic`] codes the place must have.
    pub needs: Vec<String>,
}

/// The longest stay applied for: a year (a longer one is a move-on that has failed).
const MAX_WEEKS: i64 = 52;

impl Premises<'_> {
    pub async fn apply_for_place(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &ApplicationForm,
    ) -> Result<ApApplicationId, AppError> {
        self.run(actor, async |w| {
            let cap = stay(w, Action::Create, person).await?;
            let mut errors = ValidationErrors::new();
            let ap_type = ApType::from_code(form.ap_type.trim());
            if ap_type.is_none() {
                errors.push(FieldError::new(
                    "ap_type",
                    "required",
                    "Choose the kind of approved premises he needs",
                ));
            }
            let reason = text(&mut errors, "reason", &form.reason, "why he needs a place", true, 4000);
            let risk = text(
                &mut errors,
                "risk_summary",
                &form.risk_summary,
                "the risk he poses and to whom",
                true,
                4000,
            );
            let today = self.clock.today();
            let release = match parse_date("release_on", "the release date", &form.release_on) {
                Ok(d) if d < today - Duration::days(7) => {
                    errors.push(FieldError::new(
                        "release_on",
                        "in_past",
                        "The release date is more than a week ago: give the date he is, or was, released",
                    ));
                    None
                }
                Ok(d) => Some(d),
                Err(e) => {
                    errors.push(e);
                    None
                }
            };
            let weeks = match form.duration_weeks.trim().parse::<i64>() {
                Ok(n) if (1..=MAX_WEEKS).contains(&n) => Some(n),
                _ => {
                    errors.push(FieldError::new(
                        "duration_weeks",
                        "invalid",
                        format!("Give the length of stay in whole weeks, 1 to {MAX_WEEKS}"),
                    ));
                    None
                }
            };
            let mut needs = Vec::new();
            for code in &form.needs {
                match Characteristic::from_code(code.trim()) {
                    Some(c) if !needs.contains(&c) => needs.push(c),
                    Some(_) => {}
                    None => errors.push(FieldError::new(
                        "needs",
                        "invalid",
                        format!("{code:?} is not something a place can offer"),
                    )),
                }
            }
            if needs.contains(&Characteristic::WomenOnly) && needs.contains(&Characteristic::MenOnly) {
                errors.push(FieldError::new(
                    "needs",
                    "contradictory",
                    "A place cannot be both women only and men only",
                ));
            }
            let open = concord_store::ap_applications_of(w.tx(), &cap, person)
                .await?
                .into_iter()
                .find(|a| {
                    matches!(
                        a.status,
                        ApplicationStatus::Submitted
                            | ApplicationStatus::AwaitingPlacement
                            | ApplicationStatus::PlacementAllocated
                    )
                });
            if let Some(open) = open {
                errors.push(FieldError::new(
                    "ap_type",
                    "open_application",
                    format!(
                        "He already has an application that is {}: withdraw it or wait for it to end",
                        open.status.label().to_lowercase()
                    ),
                ));
            }
            let (Some(ap_type), Some(release_on), Some(weeks), true) =
                (ap_type, release, weeks, errors.is_empty())
            else {
                return Err(AppError::Validation(errors));
            };
            if let Some(c) = ap_type.needs() {
                if !needs.contains(&c) {
                    needs.push(c);
                }
            }
            let id = ApApplicationId::new();
            concord_store::insert_ap_application(
                w.tx(),
                &cap,
                &ApplicationRow {
                    id,
                    person_id: person,
                    agency_id: actor.agency_id,
                    status: ApplicationStatus::Submitted,
                    ap_type,
                    reason,
                    risk_summary: risk,
                    release_on,
                    duration_weeks: weeks,
                    needs: json!(needs.iter().map(|c| c.code()).collect::<Vec<_>>()),
                    submitted_by: actor.user_id,
                    submitted_at: self.clock.now(),
                    decision_reasons: String::new(),
                    assessed_by: None,
                    assessed_at: None,
                    version: 1,
                },
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "applied for a place in an approved premises",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"application": id.0, "ap_type": ap_type.code()})),
                    ..Note::default()
                },
            );
            Ok(id)
        })
        .await
    }

    /// The offender manager withdraws an application not yet ended.
    pub async fn withdraw_application(
        &self,
        actor: &Actor,
        person: PersonId,
        application: ApApplicationId,
        version: i64,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let cap = stay(w, Action::Change, person).await?;
            let mut a = super::application_of(w, &cap, person, application).await?;
            if !matches!(
                a.status,
                ApplicationStatus::Submitted | ApplicationStatus::AwaitingPlacement
            ) {
                return Err(AppError::Validation(ValidationErrors::from(
                    FieldError::new(
                        "application",
                        "not_withdrawable",
                        format!(
                            "The application is {}: a booked place is cancelled, not withdrawn",
                            a.status.label().to_lowercase()
                        ),
                    ),
                )));
            }
            a.status = ApplicationStatus::Withdrawn;
            a.version = version;
            concord_store::update_ap_application(w.tx(), &cap, &a).await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "withdrew an approved-premises application",
                Note {
                    sections: Some(SectionSet::one(Section::Licence)),
                    detail: Some(json!({"application": application.0, "needs": codes(&a.needs)})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}
