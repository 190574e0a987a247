//! Category 3 asked as two questions, each answered with its reason (issue 26): does a
//! conviction show he is capable of causing serious harm, and does the risk need active
//! multi-agency management at Level 2 or 3? Concord then proposes Category 3 only on two
//! "yes" answers, quoting both reasons; the answers are a MAPPA judgement, recorded by
//! whoever may change the management section (the case team, MAPPA staff).

use concord_authz::{Action, Actor, Section, SectionSet};
use concord_domain::{FieldError, PersonId, ValidationErrors};
use concord_store::audit::AuditKind;
use concord_store::Category3AnswerRow;
use serde_json::json;
use uuid::Uuid;

use crate::access::Note;
use crate::manage::form_text as text;
use crate::{AppError, MappaCase};

#[derive(Debug, Clone, Default)]
pub struct Category3Form {
    /// `yes` or `no`.
    pub capacity_for_serious_harm: String,
    pub capacity_reason: String,
    /// `yes` or `no`.
    pub needs_level_2_or_3: String,
    pub need_reason: String,
}

fn answer(errors: &mut ValidationErrors, field: &str, value: &str, question: &str) -> Option<bool> {
    match value.trim() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            errors.push(FieldError::new(
                field,
                "required",
                format!("Answer yes or no: {question}"),
            ));
            None
        }
    }
}

impl MappaCase<'_> {
    pub async fn answer_category_3(
        &self,
        actor: &Actor,
        person: PersonId,
        form: &Category3Form,
    ) -> Result<(), AppError> {
        let mut errors = ValidationErrors::new();
        let capacity = answer(
            &mut errors,
            "capacity_for_serious_harm",
            &form.capacity_for_serious_harm,
            "does a conviction show he is capable of causing serious harm?",
        );
        let capacity_reason = text(
            &mut errors,
            "capacity_reason",
            &form.capacity_reason,
            "the reason for the answer",
            true,
            2000,
        );
        let need = answer(
            &mut errors,
            "needs_level_2_or_3",
            &form.needs_level_2_or_3,
            "does the risk need Level 2 or 3 management?",
        );
        let need_reason = text(
            &mut errors,
            "need_reason",
            &form.need_reason,
            "the reason for the answer",
            true,
            2000,
        );
        let (Some(capacity), Some(need), true) = (capacity, need, errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        self.run(actor, async |w| {
            let cap = w
                .person(Action::Change, person, SectionSet::one(Section::Management))
                .await?;
            let row = Category3AnswerRow {
                id: Uuid::now_v7(),
                person_id: person,
                capacity_for_serious_harm: capacity,
                capacity_reason: capacity_reason.clone(),
                needs_level_2_or_3: need,
                need_reason: need_reason.clone(),
                recorded_by: actor.user_id,
                recorded_at: self.clock.now(),
            };
            concord_store::insert_category3_answer(w.tx(), &cap, &row).await?;
            w.audit(
                AuditKind::Collection,
                Action::Create,
                Some(person.0),
                "answered the MAPPA Category 3 questions",
                Note {
                    sections: Some(SectionSet::one(Section::Management)),
                    detail: Some(json!({"capacity": capacity, "need": need, "answer": row.id})),
                    ..Note::default()
                },
            );
            Ok(())
        })
        .await
    }
}
