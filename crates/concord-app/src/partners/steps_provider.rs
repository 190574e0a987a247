//! The provider's steps: accept or decline, assign a caseworker, submit the action plan,
//! record sessions (the first is the first contact), and close with the end-of-service
//! report.

use concord_authz::Actor;
use concord_domain::{FieldError, PersonId, ServiceReferralId, ValidationErrors};
use concord_domain::{SessionId, UserId};
use concord_partners::{Attendance, Engagement, Need, OutcomeAchieved, Step};
use concord_store::ReferralSessionRow;
use serde_json::json;

use super::views::{EndReport, OutcomeView, PlanObjective, ProviderPlan};
use crate::person::{take, DateInput};
use crate::{AppError, Partners};

/// The provider's action plan as posted: one objective per need worked on.
#[derive(Debug, Clone, Default)]
pub struct PlanInput {
    /// (need code, objective) pairs; blank rows are ignored.
    pub objectives: Vec<(String, String)>,
    pub activities: String,
    pub sessions_planned: String,
}

/// A session as the provider records it.
#[derive(Debug, Clone, Default)]
pub struct SessionInput {
    pub held_on: DateInput,
    pub attendance: String,
    /// Blank when the person did not attend.
    pub engagement: String,
    pub notes: String,
}

/// The end-of-service report: an outcome for each objective of the approved plan, in
/// the plan's order.
#[derive(Debug, Clone, Default)]
pub struct EndReportInput {
    pub summary: String,
    /// (achieved code, note) per objective.
    pub outcomes: Vec<(String, String)>,
    pub further_work: String,
}

fn invalid(field: &str, code: &'static str, message: impl Into<String>) -> AppError {
    let mut errors = ValidationErrors::new();
    errors.push(FieldError::new(field, code, message));
    AppError::Validation(errors)
}

impl Partners<'_> {
    pub async fn accept_referral(
        &self,
        actor: &Actor,
        person: PersonId,
        id: ServiceReferralId,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let mut s = self.begin_step(w, person, id, Step::Accept).await?;
            s.row.decided_at = Some(self.clock.now());
            self.finish_step(w, s, "accepted a referral", json!({}))
                .await
        })
        .await
    }

    pub async fn decline_referral(
        &self,
        actor: &Actor,
        person: PersonId,
        id: ServiceReferralId,
        reason: &str,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let reason = take(
            &mut errors,
            concord_domain::required_multiline_text(
                "reason",
                "why the referral is declined",
                reason,
                1000,
            ),
        );
        self.run(actor, async |w| {
            let mut s = self.begin_step(w, person, id, Step::Decline).await?;
            let Some(reason) = reason.clone() else {
                return Err(AppError::Validation(errors.clone()));
            };
            s.row.decided_at = Some(self.clock.now());
            s.row.decline_reason = Some(reason.clone());
            self.finish_step(w, s, "declined a referral", json!({"reason": reason}))
                .await
        })
        .await
    }

    /// Assign (or change) the caseworker: one of the provider's own staff.
    pub async fn assign_caseworker(
        &self,
        actor: &Actor,
        person: PersonId,
        id: ServiceReferralId,
        caseworker: &str,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let mut s = self.begin_step(w, person, id, Step::Assign).await?;
            let user = match caseworker.trim().parse::<uuid::Uuid>() {
                Ok(u) => concord_store::user_by_id(w.tx(), UserId(u)).await?,
                Err(_) => concord_store::user_by_username(w.tx(), caseworker.trim()).await?,
            };
            let Some(user) = user.filter(|u| u.agency_id == s.row.provider_agency_id) else {
                return Err(invalid(
                    "caseworker",
                    "not_provider_staff",
                    "Choose a caseworker of the provider",
                ));
            };
            s.row.caseworker_id = Some(user.id);
            self.finish_step(
                w,
                s,
                "assigned a caseworker to a referral",
                json!({"caseworker": user.username}),
            )
            .await
        })
        .await
    }

    /// Submit (or revise) the action plan; it waits for the officer's approval.
    pub async fn submit_plan(
        &self,
        actor: &Actor,
        person: PersonId,
        id: ServiceReferralId,
        input: &PlanInput,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let mut objectives = vec![];
        for (i, (need, text)) in input.objectives.iter().enumerate() {
            let (need, text) = (need.trim(), text.trim());
            if need.is_empty() && text.is_empty() {
                continue;
            }
            let field = format!("objective_{}", i + 1);
            match Need::from_code(need) {
                None => errors.push(FieldError::new(
                    &field,
                    "need_required",
                    "Choose the need this objective answers",
                )),
                Some(_) if text.is_empty() => errors.push(FieldError::new(
                    &field,
                    "required",
                    "Describe the objective",
                )),
                Some(_) if text.chars().count() > 500 => errors.push(FieldError::new(
                    &field,
                    "too_long",
                    "An objective must be 500 characters or fewer",
                )),
                Some(n) => objectives.push(PlanObjective {
                    need: n,
                    objective: text.to_string(),
                }),
            }
        }
        if objectives.is_empty() && errors.is_empty() {
            errors.push(FieldError::new(
                "objective_1",
                "required",
                "A plan needs at least one objective",
            ));
        }
        let activities = take(
            &mut errors,
            concord_domain::required_multiline_text(
                "activities",
                "the activities planned",
                &input.activities,
                2000,
            ),
        );
        let sessions = match input.sessions_planned.trim().parse::<u32>() {
            Ok(n) if (1..=200).contains(&n) => Some(n),
            _ => {
                errors.push(FieldError::new(
                    "sessions_planned",
                    "out_of_range",
                    "Enter the number of sessions planned, from 1 to 200",
                ));
                None
            }
        };
        self.run(actor, async |w| {
            let mut s = self.begin_step(w, person, id, Step::SubmitPlan).await?;
            let (Some(activities), Some(sessions_planned), true) =
                (activities.clone(), sessions, errors.is_empty())
            else {
                return Err(AppError::Validation(errors.clone()));
            };
            let worked_on = super::needs_of(&s.row.needs);
            if let Some(o) = objectives
                .iter()
                .find(|o| !worked_on.is_empty() && !worked_on.contains(&o.need))
            {
                return Err(invalid(
                    "objective_1",
                    "need_not_referred",
                    format!(
                        "{} is not a need the referral asks the provider to work on",
                        o.need.label()
                    ),
                ));
            }
            let plan = ProviderPlan {
                objectives: objectives.clone(),
                activities,
                sessions_planned,
            };
            s.row.plan =
                Some(serde_json::to_string(&plan).map_err(|e| AppError::Internal(e.to_string()))?);
            s.row.plan_submitted_at = Some(self.clock.now());
            s.row.plan_approved_at = None;
            s.row.plan_approved_by = None;
            self.finish_step(
                w,
                s,
                "submitted an action plan for a referral",
                json!({"objectives": plan.objectives.len()}),
            )
            .await
        })
        .await
    }

    /// Record a session or appointment; the first one is the first contact.
    pub async fn record_session(
        &self,
        actor: &Actor,
        person: PersonId,
        id: ServiceReferralId,
        input: &SessionInput,
    ) -> Result<SessionId, AppError> {
        let mut errors = ValidationErrors::new();
        let today = self.clock.today();
        let held_on = take(
            &mut errors,
            input.held_on.required("held_on", "the date of the session"),
        );
        if held_on.is_some_and(|d| d > today) {
            errors.push(FieldError::new(
                "held_on",
                "in_future",
                "The session's date must be today or in the past",
            ));
        }
        let attendance = Attendance::from_code(input.attendance.trim());
        if attendance.is_none() {
            errors.push(FieldError::new(
                "attendance",
                "required",
                "Choose whether the person attended",
            ));
        }
        let engagement = match (attendance, input.engagement.trim()) {
            (Some(Attendance::DidNotAttend), "") | (None, _) => None,
            (Some(Attendance::DidNotAttend), _) => {
                errors.push(FieldError::new(
                    "engagement",
                    "not_attended",
                    "Leave engagement blank when the person did not attend",
                ));
                None
            }
            (Some(_), code) => {
                let e = Engagement::from_code(code);
                if e.is_none() {
                    errors.push(FieldError::new(
                        "engagement",
                        "required",
                        "Choose how the person engaged",
                    ));
                }
                e
            }
        };
        let notes = take(
            &mut errors,
            concord_domain::required_multiline_text(
                "notes",
                "what happened in the session",
                &input.notes,
                4000,
            ),
        );
        self.run(actor, async |w| {
            let mut s = self.begin_step(w, person, id, Step::RecordSession).await?;
            let (Some(held_on), Some(attendance), Some(notes), true) =
                (held_on, attendance, notes.clone(), errors.is_empty())
            else {
                return Err(AppError::Validation(errors.clone()));
            };
            if s.row.sent_on.is_some_and(|sent| held_on < sent) {
                return Err(invalid(
                    "held_on",
                    "before_referral",
                    "The session cannot be before the referral was sent",
                ));
            }
            let session = SessionId::new();
            let me = w.actor().user_id;
            concord_store::insert_referral_session(
                w.tx(),
                &s.cap,
                &ReferralSessionRow {
                    id: session,
                    referral_id: id,
                    person_id: person,
                    held_on,
                    attendance,
                    engagement,
                    notes,
                    recorded_by: me,
                    recorded_at: self.clock.now(),
                },
            )
            .await?;
            if s.row.first_contact_on.is_none_or(|d| held_on < d) {
                s.row.first_contact_on = Some(held_on);
            }
            self.finish_step(
                w,
                s,
                "recorded a session of a referral",
                json!({"session_id": session, "attendance": attendance.code()}),
            )
            .await?;
            Ok(session)
        })
        .await
    }

    /// Close the referral with the end-of-service report.
    pub async fn submit_end_report(
        &self,
        actor: &Actor,
        person: PersonId,
        id: ServiceReferralId,
        input: &EndReportInput,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let summary = take(
            &mut errors,
            concord_domain::required_multiline_text(
                "summary",
                "a summary of the work",
                &input.summary,
                4000,
            ),
        );
        let further = take(
            &mut errors,
            concord_domain::optional_multiline_text(
                "further_work",
                "further work",
                &input.further_work,
                2000,
            ),
        );
        self.run(actor, async |w| {
            let mut s = self.begin_step(w, person, id, Step::EndReport).await?;
            let plan: ProviderPlan = match &s.row.plan {
                Some(p) => serde_json::from_str(p)
                    .map_err(|e| AppError::Internal(format!("a stored plan: {e}")))?,
                None => {
                    return Err(invalid(
                        "summary",
                        "no_plan",
                        "The referral has no approved plan to report on",
                    ))
                }
            };
            let mut outcomes = vec![];
            for (i, objective) in plan.objectives.iter().enumerate() {
                let given = input.outcomes.get(i);
                let field = format!("outcome_{}", i + 1);
                match given.and_then(|(code, _)| OutcomeAchieved::from_code(code.trim())) {
                    Some(achieved) => outcomes.push(OutcomeView {
                        objective: objective.objective.clone(),
                        achieved,
                        note: given.map_or(String::new(), |(_, n)| {
                            n.trim().chars().take(1000).collect()
                        }),
                    }),
                    None => errors.push(FieldError::new(
                        &field,
                        "required",
                        format!(
                            "Choose how far \u{201c}{}\u{201d} was achieved",
                            objective.objective
                        ),
                    )),
                }
            }
            let (Some(summary), Some(further_work), true) =
                (summary.clone(), further.clone(), errors.is_empty())
            else {
                return Err(AppError::Validation(errors.clone()));
            };
            let report = EndReport {
                summary,
                outcomes,
                further_work: further_work.unwrap_or_default(),
            };
            s.row.end_report = Some(
                serde_json::to_string(&report).map_err(|e| AppError::Internal(e.to_string()))?,
            );
            s.row.closure = Some(concord_partners::Closure::Completed);
            s.row.closed_on = Some(self.clock.today());
            self.finish_step(
                w,
                s,
                "closed a referral with an end-of-service report",
                json!({}),
            )
            .await
        })
        .await
    }
}
