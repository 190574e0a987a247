//! Matching a volunteer with a person, on the provider's referral: the co-ordinator
//! proposes a vetted volunteer, the rules refuse an unsafe match (a victims' volunteer,
//! a mentor the person is not eligible for), the officer approves or not, the
//! co-ordinator logs the hours, and either side ends it with the outcome.

use chrono::NaiveDate;
use concord_authz::{Action, Actor, Resource, ResourceKind, Section, SectionSet};
use concord_domain::{
    FieldError, PersonId, ServiceReferralId, ValidationErrors, VolunteerId, VolunteerMatchId,
};
use concord_partners::{match_problems, MatchStatus, ReferralStatus, ServiceType};
use concord_store::audit::AuditKind;
use concord_store::VolunteerMatchRow;
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use crate::access::Note;
use crate::kernel::Work;
use crate::person::{take, DateInput};
use crate::{AppError, Partners};

/// A match as the referral shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchView {
    pub id: VolunteerMatchId,
    pub referral_id: ServiceReferralId,
    pub volunteer: String,
    pub role: concord_partners::VolunteerRole,
    pub status: MatchStatus,
    pub decision_note: Option<String>,
    pub hours: f64,
    pub ended_on: Option<NaiveDate>,
    pub outcome: Option<String>,
}

/// Hours a volunteer worked with the person.
#[derive(Debug, Clone, Default)]
pub struct HoursInput {
    pub worked_on: DateInput,
    /// Hours, to the quarter hour: "1.5".
    pub hours: String,
    pub note: String,
}

fn section() -> SectionSet {
    SectionSet::one(Section::Interventions)
}

fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> AppError {
    let mut errors = ValidationErrors::new();
    errors.push(FieldError::new(field, code, message));
    AppError::Validation(errors)
}

pub(crate) async fn matches_in(
    w: &mut Work<'_>,
    cap: &concord_authz::Capability,
    person: PersonId,
) -> Result<Vec<MatchView>, AppError> {
    Ok(concord_store::matches_of(w.tx(), cap, person)
        .await?
        .into_iter()
        .map(|r| MatchView {
            id: r.m.id,
            referral_id: r.m.referral_id,
            volunteer: r.volunteer_name,
            role: r.volunteer_role,
            status: r.m.status,
            decision_note: r.m.decision_note,
            #[allow(clippy::cast_precision_loss, reason = "minutes worked: far below 2^52")]
            hours: r.minutes as f64 / 60.0,
            ended_on: r.m.ended_on,
            outcome: r.m.outcome,
        })
        .collect())
}

impl Partners<'_> {
    /// The match, as the actor may see it, and the capability to change it.
    async fn match_in(
        &self,
        w: &mut Work<'_>,
        person: PersonId,
        id: VolunteerMatchId,
    ) -> Result<(concord_authz::Capability, VolunteerMatchRow), AppError> {
        let cap = w.person(Action::Change, person, section()).await?;
        let read = w.person(Action::Read, person, section()).await?;
        let row = concord_store::matches_of(w.tx(), &read, person)
            .await?
            .into_iter()
            .find(|r| r.m.id == id)
            .ok_or(AppError::NotFound)?;
        Ok((cap, row.m))
    }

    /// The co-ordinator proposes one of the provider's volunteers for the referral.
    pub async fn propose_match(
        &self,
        actor: &Actor,
        person: PersonId,
        referral: ServiceReferralId,
        volunteer: &str,
    ) -> Result<VolunteerMatchId, AppError> {
        let chosen = volunteer.trim().parse::<Uuid>().ok().map(VolunteerId::from);
        self.run(actor, async |w| {
            if w.actor().agency_kind.is_responsible_authority() {
                return Err(self.refuse(w.actor(), Action::Change, person, "the provider's co-ordinator proposes a volunteer"));
            }
            let cap = w.person(Action::Change, person, section()).await?;
            let r = concord_store::service_referral(w.tx(), &cap, person, referral).await?.ok_or(AppError::NotFound)?;
            let service = self.directory_in(w).await?.into_iter().find(|c| c.id == r.contract_id).map(|c| c.service).ok_or(AppError::NotFound)?;
            if !matches!(service, ServiceType::PracticalHelpVolunteers | ServiceType::MinorityMentoring | ServiceType::ReleaseMentoring) {
                return Err(invalid("volunteer", "not_volunteering", format!("{} is not delivered by volunteers", service.label())));
            }
            if !matches!(r.status, ReferralStatus::Assigned | ReferralStatus::PlanSubmitted | ReferralStatus::InProgress) {
                return Err(invalid("volunteer", "wrong_status", "A volunteer is matched once the referral is accepted and assigned, and before it ends"));
            }
            let agency = w.actor().agency_id;
            let register = w.decide(Action::Read, &Resource::other(ResourceKind::VolunteerRegister, Some(agency)))?;
            let today = self.clock.today();
            let Some(v) = concord_store::volunteers_of(w.tx(), &register, agency).await?.into_iter().find(|v| Some(v.id) == chosen) else {
                return Err(invalid("volunteer", "required", "Choose one of your volunteers"));
            };
            let view = super::volunteers::view_of(&v, today);
            let mut errors = ValidationErrors::new();
            if !view.problems.is_empty() {
                errors.push(FieldError::new("volunteer", "not_vetted", format!("{} is not vetted: {}", v.name, view.problems.join("; "))));
            }
            for why in match_problems(v.role, service) {
                errors.push(FieldError::new("volunteer", "unsafe_match", super::step::capital(&why)));
            }
            let read = w.person(Action::Read, person, section()).await?;
            let open = concord_store::matches_of(w.tx(), &read, person).await?.into_iter().any(|m| m.m.referral_id == referral && matches!(m.m.status, MatchStatus::Proposed | MatchStatus::Approved));
            if open {
                errors.push(FieldError::new("volunteer", "already_matched", "The referral already has a volunteer; end that match first"));
            }
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            let id = VolunteerMatchId::new();
            let me = w.actor().user_id;
            concord_store::insert_match(w.tx(), &cap, &VolunteerMatchRow {
                id,
                person_id: person,
                volunteer_id: v.id,
                referral_id: referral,
                status: MatchStatus::Proposed,
                proposed_by: me,
                proposed_at: self.clock.now(),
                decided_by: None,
                decided_at: None,
                decision_note: None,
                ended_on: None,
                outcome: None,
            })
            .await?;
            w.audit(AuditKind::Collection, Action::Change, Some(person.0), "proposed a volunteer for a referral",
                Note { sections: Some(section()), detail: Some(json!({"match_id": id, "volunteer_id": v.id})), ..Note::default() });
            Ok(id)
        })
        .await
    }

    /// The officer approves the match, or not (with the reason).
    pub async fn decide_match(
        &self,
        actor: &Actor,
        person: PersonId,
        id: VolunteerMatchId,
        approve: bool,
        note: &str,
    ) -> Result<(), AppError> {
        let note = note.trim().to_string();
        self.run(actor, async |w| {
            self.case_team_only(w, person)?;
            let (cap, mut m) = self.match_in(w, person, id).await?;
            if m.status != MatchStatus::Proposed {
                return Err(invalid(
                    "status",
                    "wrong_status",
                    format!("The match is {}", m.status.label().to_lowercase()),
                ));
            }
            if !approve && note.is_empty() {
                return Err(invalid(
                    "note",
                    "required",
                    "Say why the match is not approved",
                ));
            }
            m.status = if approve {
                MatchStatus::Approved
            } else {
                MatchStatus::Declined
            };
            m.decided_by = Some(w.actor().user_id);
            m.decided_at = Some(self.clock.now());
            m.decision_note = (!note.is_empty()).then(|| note.clone());
            concord_store::update_match(w.tx(), &cap, &m, MatchStatus::Proposed).await?;
            let what = if approve {
                "approved a volunteer match"
            } else {
                "did not approve a volunteer match"
            };
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                what,
                Note {
                    sections: Some(section()),
                    detail: Some(json!({"match_id": id})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }

    /// The co-ordinator logs hours a volunteer worked with the person.
    pub async fn log_volunteer_hours(
        &self,
        actor: &Actor,
        person: PersonId,
        id: VolunteerMatchId,
        input: &HoursInput,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let today = self.clock.today();
        let on = take(
            &mut errors,
            input.worked_on.required("worked_on", "the date worked"),
        );
        if on.is_some_and(|d| d > today) {
            errors.push(FieldError::new(
                "worked_on",
                "in_future",
                "The date must be today or in the past",
            ));
        }
        let minutes = input
            .hours
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|h| *h > 0.0 && *h <= 12.0 && (h * 4.0).fract() == 0.0);
        if minutes.is_none() {
            errors.push(FieldError::new(
                "hours",
                "out_of_range",
                "Enter the hours worked, to the quarter hour, up to 12",
            ));
        }
        let note = take(
            &mut errors,
            concord_domain::required_multiline_text(
                "note",
                "what the volunteer did",
                &input.note,
                1000,
            ),
        );
        self.run(actor, async |w| {
            if w.actor().agency_kind.is_responsible_authority() {
                return Err(self.refuse(
                    w.actor(),
                    Action::Change,
                    person,
                    "the provider's co-ordinator logs volunteers' hours",
                ));
            }
            let (cap, m) = self.match_in(w, person, id).await?;
            if m.status != MatchStatus::Approved {
                return Err(invalid(
                    "status",
                    "wrong_status",
                    "Hours are logged only on an approved match",
                ));
            }
            let (Some(on), Some(hours), Some(note), true) =
                (on, minutes, note.clone(), errors.is_empty())
            else {
                return Err(AppError::Validation(errors.clone()));
            };
            if on < crate::london_date(m.proposed_at) {
                return Err(invalid(
                    "worked_on",
                    "before_match",
                    "The date must be on or after the match was made",
                ));
            }
            #[allow(
                clippy::cast_possible_truncation,
                reason = "at most 12 hours, in quarters"
            )]
            let minutes = (hours * 60.0).round() as i32;
            let me = w.actor().user_id;
            concord_store::insert_hours(
                w.tx(),
                &cap,
                (Uuid::now_v7(), id, person),
                (on, minutes, &note),
                (me, self.clock.now()),
            )
            .await?;
            w.audit(
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                "logged a volunteer's hours",
                Note {
                    sections: Some(section()),
                    detail: Some(json!({"match_id": id, "minutes": minutes})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }

    /// End an approved match with its outcome (either side).
    pub async fn end_match(
        &self,
        actor: &Actor,
        person: PersonId,
        id: VolunteerMatchId,
        outcome: &str,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let outcome = take(
            &mut errors,
            concord_domain::required_multiline_text(
                "outcome",
                "the outcome of the match",
                outcome,
                2000,
            ),
        );
        self.run(actor, async |w| {
            let (cap, mut m) = self.match_in(w, person, id).await?;
            if m.status != MatchStatus::Approved {
                return Err(invalid(
                    "status",
                    "wrong_status",
                    "Only an approved match is ended",
                ));
            }
            let Some(outcome) = outcome.clone() else {
                return Err(AppError::Validation(errors.clone()));
            };
            m.status = MatchStatus::Ended;
            m.ended_on = Some(self.clock.today());
            m.outcome = Some(outcome);
            concord_store::update_match(w.tx(), &cap, &m, MatchStatus::Approved).await?;
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "ended a volunteer match",
                Note {
                    sections: Some(section()),
                    detail: Some(json!({"match_id": id})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}
