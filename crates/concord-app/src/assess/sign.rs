//! Signing a review off, and what follows when risk rises: a task for the case's team to
//! review the plan and an allocation review (high risk cases are managed by the National
//! Probation Service; others may move when risk escalates or falls).

use chrono::{DateTime, Days, NaiveDate, Utc};
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{AssessmentId, TaskId};
use concord_domain::{AssessmentKind, AssessmentStatus, FieldError, PersonId, ValidationErrors};
use concord_domain::{DomainEvent, DomainEventType};
use concord_risk::RoshLevel;
use concord_store::audit::AuditKind;
use concord_store::TaskRow;
use serde::Serialize;
use serde_json::json;

use super::review::{decode, level_code, level_from_code, Inputs, Results, Stored};
use crate::access::Note;
use crate::person::Names;
use crate::{AppError, Assess};

/// Days to act on a rise in risk: the plan within a working week, the allocation soon
/// after (PI 57/2014: referred "without delay").
const RISK_REVIEW_DAYS: u64 = 5;
const ALLOCATION_REVIEW_DAYS: u64 = 10;

/// What a signed review changed, for the page that confirms it.
#[derive(Debug, Clone, Serialize)]
pub struct SignedReview {
    pub overall: Option<RoshLevel>,
    pub previous_overall: Option<RoshLevel>,
    pub tier: Option<String>,
    pub previous_tier: Option<String>,
    pub tasks_created: Vec<String>,
    /// A transfer of responsibility to the other probation organisation the review
    /// proposed, in words.
    pub transfer_proposed: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    pub id: TaskId,
    pub kind: concord_domain::TaskKind,
    pub title: String,
    pub reason: String,
    pub due_on: NaiveDate,
    pub overdue: bool,
    pub created_at: DateTime<Utc>,
    pub done: Option<String>,
}

impl TaskView {
    pub(crate) fn from_row(t: &TaskRow, names: &Names, today: NaiveDate) -> Self {
        TaskView {
            id: t.id,
            kind: t.kind,
            title: t.title.clone(),
            reason: t.reason.clone(),
            due_on: t.due_on,
            overdue: t.done_at.is_none() && t.due_on < today,
            created_at: t.created_at,
            done: t.done_at.map(|at| {
                format!(
                    "Done by {} on {}",
                    names.user(t.done_by),
                    concord_domain::format_date(crate::london_date(at))
                )
            }),
        }
    }
}

impl Assess<'_> {
    /// Sign a review off. Refused, with every reason at once, until the facts are
    /// confirmed, each risk group has a level, the narrative and the next review date
    /// are written, and other agencies' information has been acknowledged since it last
    /// changed.
    pub async fn sign_risk_review(
        &self,
        actor: &Actor,
        person: PersonId,
        id: AssessmentId,
        version: i64,
    ) -> Result<SignedReview, AppError> {
        self.run(actor, async |w| {
            let (cap, mut row) = self.draft_for_change(w, person, id, version).await?;
            let review = self.load_review(w, person, id).await?;
            let mut errors = ValidationErrors::new();
            if !review.facts_confirmed {
                errors.push(FieldError::new(
                    "facts",
                    "incomplete",
                    "Confirm the facts taken from the record",
                ));
            }
            for g in &review.groups {
                if !review
                    .rosh
                    .levels
                    .contains_key(&super::review::group_code(*g))
                {
                    errors.push(FieldError::new(
                        format!("level_{}", super::review::group_code(*g)),
                        "required",
                        format!(
                            "Choose the risk of serious harm to {}",
                            g.label().to_lowercase()
                        ),
                    ));
                }
            }
            for (field, text, label) in [
                (
                    "who_is_at_risk",
                    &review.rosh.who_is_at_risk,
                    "who is at risk",
                ),
                (
                    "nature_of_harm",
                    &review.rosh.nature_of_harm,
                    "the nature of the harm",
                ),
                (
                    "when_most_likely",
                    &review.rosh.when_most_likely,
                    "when the harm is most likely",
                ),
                (
                    "what_increases",
                    &review.rosh.what_increases,
                    "what increases the risk",
                ),
                (
                    "what_reduces",
                    &review.rosh.what_reduces,
                    "what reduces the risk",
                ),
            ] {
                if text.trim().is_empty() {
                    errors.push(FieldError::new(
                        field,
                        "required",
                        format!("Describe {label}"),
                    ));
                }
            }
            if review.review_due_on.is_none() {
                errors.push(FieldError::new(
                    "review_due_on",
                    "required",
                    "Set the date of the next review",
                ));
            }
            if review.needs_acknowledgement {
                errors.push(FieldError::new(
                    "entries",
                    "not_acknowledged",
                    "Read and acknowledge the other agencies' information and the warning markers",
                ));
            }
            if !errors.is_empty() {
                return Err(AppError::Validation(errors));
            }
            // Score as signed: today's date, the facts and answers as they stand.
            let read = w.person(Action::Read, person, SectionSet::all()).await?;
            let record = self.people().load_record(w.tx(), &read, person, 0).await?;
            let inputs: Inputs = decode(&row.inputs, "inputs")?;
            let stored: Stored = decode(&row.answers, "answers")?;
            let today = self.clock.today();
            let enforced = super::tier::previous_enforcement(w.tx(), &read, person).await?;
            let mappa = super::tier::mappa_level(w.tx(), &read, person).await?;
            let (scores, tier) =
                super::tier::score(&record, &inputs, &stored, today, enforced, mappa);
            let request = super::review::build_request(&inputs, &stored, today);
            let tier_code = tier
                .as_ref()
                .ok()
                .and_then(|t| t.get("code"))
                .and_then(|c| c.as_str())
                .map(str::to_string);
            let previous = concord_store::assessments(w.tx(), &read, person, AssessmentKind::Rosh)
                .await?
                .into_iter()
                .filter(|a| a.status == AssessmentStatus::Signed)
                .max_by_key(|a| a.signed_at);
            let previous_overall = previous
                .as_ref()
                .and_then(|p| p.overall_level.as_deref())
                .and_then(level_from_code);
            let previous_tier = previous.as_ref().and_then(|p| p.tier.clone());
            let now = self.clock.now();
            row.status = AssessmentStatus::Signed;
            row.overall_level = review.overall.map(level_code);
            row.tier = tier_code.clone();
            row.signed_by = Some(actor.user_id);
            row.signed_at = Some(now);
            row.results = Some(json!(Results {
                scores,
                tier_problem: tier.as_ref().err().cloned(),
                tier: tier.ok(),
                request: json!(request),
            }));
            let overall = review.overall;
            Self::save_draft(
                w,
                &cap,
                row,
                "signed off a risk of serious harm review",
                json!({
                    "assessment": id,
                    "overall": overall.map(level_code),
                    "tier": tier_code,
                }),
            )
            .await?;
            let risen = overall
                .is_some_and(|o| o >= RoshLevel::High && previous_overall.is_none_or(|p| o > p));
            let tier_changed = previous.is_some() && previous_tier != tier_code;
            let mut tasks_created = vec![];
            if risen || tier_changed {
                let why = match (risen, tier_changed) {
                    (true, _) => format!(
                        "Risk of serious harm rose to {}{}",
                        overall.map_or("", |o| o.label()).to_lowercase(),
                        previous_overall
                            .map(|p| format!(" from {}", p.label().to_lowercase()))
                            .unwrap_or_default()
                    ),
                    _ => format!(
                        "Tier changed from {} to {}",
                        previous_tier.as_deref().unwrap_or("none"),
                        tier_code.as_deref().unwrap_or("none")
                    ),
                };
                for (kind, title, days) in [
                    (
                        concord_domain::TaskKind::RiskReview,
                        "Review the risk management plan with the case team",
                        RISK_REVIEW_DAYS,
                    ),
                    (
                        concord_domain::TaskKind::AllocationReview,
                        "Allocation review: is the case with the right team for its risk?",
                        ALLOCATION_REVIEW_DAYS,
                    ),
                ] {
                    concord_store::insert_task(
                        w.tx(),
                        &cap,
                        &TaskRow {
                            id: TaskId::new(),
                            person_id: person,
                            agency_id: actor.agency_id,
                            team_id: actor.team_id,
                            user_id: None,
                            kind,
                            title: title.into(),
                            reason: why.clone(),
                            due_on: today + Days::new(days),
                            assessment_id: Some(id),
                            created_by: actor.user_id,
                            created_at: now,
                            done_by: None,
                            done_at: None,
                        },
                    )
                    .await?;
                    tasks_created.push(format!("{title} ({why})"));
                }
                w.audit(
                    AuditKind::Collection,
                    Action::Change,
                    Some(person.0),
                    "created tasks after a rise in risk",
                    Note {
                        sections: Some(SectionSet::one(Section::Risk)),
                        detail: Some(json!({"assessment": id, "reason": why})),
                        ..Note::default()
                    },
                );
            }
            let transfer_proposed = self
                .responsibility()
                .propose_on_review_in(w, person, id, previous_overall, overall)
                .await?;
            w.raise(
                DomainEvent::new(DomainEventType::RiskReviewSigned, person)
                    .with("assessmentId", id),
            );
            Ok(SignedReview {
                overall,
                previous_overall,
                tier: tier_code,
                previous_tier,
                tasks_created,
                transfer_proposed,
            })
        })
        .await
    }

    /// Mark a task done.
    pub async fn complete_task(
        &self,
        actor: &Actor,
        person: PersonId,
        task: TaskId,
    ) -> Result<(), AppError> {
        self.run(actor, async |w| {
            let cap = Self::authorize_risk(w, Action::Change, person).await?;
            if !concord_store::complete_task(
                w.tx(),
                &cap,
                person,
                task,
                actor.user_id,
                self.clock.now(),
            )
            .await?
            {
                return Err(AppError::NotFound);
            }
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "completed a task",
                Note {
                    sections: Some(SectionSet::one(Section::Risk)),
                    detail: Some(json!({"task": task})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}
