//! Changing the individual action plan: adding an objective or an action of the
//! officer's, recording a line's progress, and reviewing the plan with the person
//! (their agreement, or why not, and the next review date).

use chrono::Duration;
use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{FieldError, PersonId, PlanItemId, PlanReviewId, ValidationErrors};
use concord_partners::{Need, PlanItemKind, PlanItemStatus, MAX_REVIEW_DAYS};
use concord_store::audit::AuditKind;
use concord_store::{PlanItemRow, PlanReviewRow};
use serde_json::json;

use crate::access::Note;
use crate::person::{take, DateInput};
use crate::{AppError, Partners};

/// A new line of the plan.
#[derive(Debug, Clone, Default)]
pub struct PlanItemInput {
    /// `objective` or `action`.
    pub kind: String,
    /// The need an objective answers (optional for an action).
    pub need: String,
    pub text: String,
    /// Target date (an action's due date: required for an action).
    pub target_on: DateInput,
}

/// Progress on a line.
#[derive(Debug, Clone, Default)]
pub struct PlanProgressInput {
    pub status: String,
    pub progress: String,
    /// The line's version, as the form showed it.
    pub version: String,
}

/// A review of the plan with the person.
#[derive(Debug, Clone, Default)]
pub struct PlanReviewInput {
    /// `yes` or `no`.
    pub person_agreed: String,
    pub note: String,
    pub next_review_on: DateInput,
}

fn note_sections() -> Note {
    Note::sections(SectionSet::one(Section::Interventions))
}

impl Partners<'_> {
    pub async fn add_plan_item(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &PlanItemInput,
    ) -> Result<PlanItemId, AppError> {
        let mut errors = ValidationErrors::new();
        let kind = PlanItemKind::from_code(input.kind.trim());
        if kind.is_none() {
            errors.push(FieldError::new(
                "kind",
                "required",
                "Choose an objective or an action",
            ));
        }
        let need = match input.need.trim() {
            "" => None,
            code => {
                let n = Need::from_code(code);
                if n.is_none() {
                    errors.push(FieldError::new(
                        "need",
                        "unknown_need",
                        format!("`{code}` is not a need"),
                    ));
                }
                n
            }
        };
        let text = take(
            &mut errors,
            concord_domain::required_multiline_text(
                "text",
                "what is to be achieved or done",
                &input.text,
                500,
            ),
        );
        let target = take(
            &mut errors,
            input.target_on.optional("target_on", "the target date"),
        );
        let today = self.clock.today();
        if target.flatten().is_some_and(|t| t < today) {
            errors.push(FieldError::new(
                "target_on",
                "in_past",
                "The target date must be today or later",
            ));
        }
        if kind == Some(PlanItemKind::Action) && target.is_some_and(|t| t.is_none()) {
            errors.push(FieldError::new(
                "target_on",
                "required",
                "Give the date the action is due",
            ));
        }
        self.run(actor, async |w| {
            self.case_team_only(w, person)?;
            let cap = w
                .person(
                    Action::Change,
                    person,
                    SectionSet::one(Section::Interventions),
                )
                .await?;
            let (Some(kind), Some(text), Some(target_on), true) =
                (kind, text.clone(), target, errors.is_empty())
            else {
                return Err(AppError::Validation(errors.clone()));
            };
            let id = PlanItemId::new();
            let now = self.clock.now();
            let me = w.actor().user_id;
            concord_store::insert_plan_item(
                w.tx(),
                &cap,
                &PlanItemRow {
                    id,
                    person_id: person,
                    kind,
                    need,
                    text,
                    target_on,
                    status: PlanItemStatus::Open,
                    progress: String::new(),
                    created_by: me,
                    created_at: now,
                    updated_by: me,
                    updated_at: now,
                    version: 1,
                },
            )
            .await?;
            let mut note = note_sections();
            note.detail = Some(json!({"plan_item_id": id, "kind": kind.code()}));
            w.audit(
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                "added to the individual action plan",
                note,
            );
            Ok(id)
        })
        .await
    }

    pub async fn record_plan_progress(
        &self,
        actor: &Actor,
        person: PersonId,
        item: PlanItemId,
        input: &PlanProgressInput,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let status = PlanItemStatus::from_code(input.status.trim());
        if status.is_none() {
            errors.push(FieldError::new(
                "status",
                "required",
                "Choose where it stands",
            ));
        }
        let progress = take(
            &mut errors,
            concord_domain::required_multiline_text(
                "progress",
                "the progress made",
                &input.progress,
                2000,
            ),
        );
        let seen = input.version.trim().parse::<i32>().ok();
        self.run(actor, async |w| {
            self.case_team_only(w, person)?;
            let cap = w
                .person(
                    Action::Change,
                    person,
                    SectionSet::one(Section::Interventions),
                )
                .await?;
            let (Some(status), Some(progress), true) =
                (status, progress.clone(), errors.is_empty())
            else {
                return Err(AppError::Validation(errors.clone()));
            };
            let read = w
                .person(
                    Action::Read,
                    person,
                    SectionSet::one(Section::Interventions),
                )
                .await?;
            let mut row = concord_store::plan_items(w.tx(), &read, person)
                .await?
                .into_iter()
                .find(|i| i.id == item)
                .ok_or(AppError::NotFound)?;
            if seen != Some(row.version) {
                return Err(AppError::Conflict);
            }
            row.status = status;
            row.progress = progress;
            row.updated_by = w.actor().user_id;
            row.updated_at = self.clock.now();
            concord_store::update_plan_item(w.tx(), &cap, &row).await?;
            let mut note = note_sections();
            note.detail = Some(json!({"plan_item_id": item, "status": status.code()}));
            w.audit(
                AuditKind::Alteration,
                Action::Change,
                Some(person.0),
                "recorded progress on the individual action plan",
                note,
            );
            Ok(())
        })
        .await
    }

    /// Review the plan with the person: it must hold an objective, the next review is
    /// set within [`MAX_REVIEW_DAYS`], and a refusal to agree says why.
    pub async fn review_action_plan(
        &self,
        actor: &Actor,
        person: PersonId,
        input: &PlanReviewInput,
    ) -> Result<PlanReviewId, AppError> {
        let mut errors = ValidationErrors::new();
        let agreed = match input.person_agreed.trim() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => {
                errors.push(FieldError::new(
                    "person_agreed",
                    "required",
                    "Say whether the person agreed to the plan",
                ));
                None
            }
        };
        let note = input.note.trim().to_string();
        if agreed == Some(false) && note.is_empty() {
            errors.push(FieldError::new(
                "note",
                "required",
                "Say why the person did not agree",
            ));
        }
        if note.chars().count() > 2000 {
            errors.push(FieldError::new(
                "note",
                "too_long",
                "The note must be 2000 characters or fewer",
            ));
        }
        let today = self.clock.today();
        let next = take(
            &mut errors,
            input
                .next_review_on
                .required("next_review_on", "the next review date"),
        );
        if let Some(n) = next {
            if n <= today || n > today + Duration::days(MAX_REVIEW_DAYS) {
                errors.push(FieldError::new(
                    "next_review_on",
                    "out_of_range",
                    format!(
                        "The next review must be after today and within {MAX_REVIEW_DAYS} days"
                    ),
                ));
            }
        }
        self.run(actor, async |w| {
            self.case_team_only(w, person)?;
            let cap = w
                .person(
                    Action::Change,
                    person,
                    SectionSet::one(Section::Interventions),
                )
                .await?;
            let read = w
                .person(
                    Action::Read,
                    person,
                    SectionSet::one(Section::Interventions),
                )
                .await?;
            let items = concord_store::plan_items(w.tx(), &read, person).await?;
            if !items
                .iter()
                .any(|i| i.kind == PlanItemKind::Objective && i.status == PlanItemStatus::Open)
            {
                errors.push(FieldError::new(
                    "person_agreed",
                    "no_objectives",
                    "The plan has no open objective to agree: add the objectives first",
                ));
            }
            let (Some(person_agreed), Some(next_review_on), true) =
                (agreed, next, errors.is_empty())
            else {
                return Err(AppError::Validation(errors.clone()));
            };
            let id = PlanReviewId::new();
            let me = w.actor().user_id;
            concord_store::insert_plan_review(
                w.tx(),
                &cap,
                &PlanReviewRow {
                    id,
                    person_id: person,
                    reviewed_on: today,
                    person_agreed,
                    note: note.clone(),
                    next_review_on,
                    reviewed_by: me,
                    created_at: self.clock.now(),
                },
            )
            .await?;
            let mut n = note_sections();
            n.detail = Some(json!({"plan_review_id": id, "person_agreed": person_agreed}));
            w.audit(
                AuditKind::Collection,
                Action::Change,
                Some(person.0),
                "reviewed the individual action plan with the person",
                n,
            );
            Ok(id)
        })
        .await
    }
}
