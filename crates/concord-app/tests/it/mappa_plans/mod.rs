//! MAPPA risk management plans and actions, end to end through the use cases: a plan
//! under the four pillars kept in versions with the licence in force's conditions read
//! from the licence; actions refused without an owner or due date, closed by a partner
//! who owns one with evidence, and surfaced when overdue; victim measures restricted to
//! the victim section.

use concord_app::*;
use concord_domain::PersonId;
use concord_mappa::Pillar;

use crate::support::*;

mod actions;
mod plans;
mod victim_measures;

async fn mr_d(w: &World) -> PersonId {
    let mut input = person("Darren", "Dolby", ymd(1979, 5, 14));
    input.sentences = vec![SentenceInput {
        kind: "custody".into(),
        description: "4 years' imprisonment".into(),
        start_date: DateInput::from_date(ymd(2024, 3, 1)),
        end_date: DateInput::from_date(ymd(2028, 3, 1)),
        release_date: DateInput::from_date(ymd(2026, 3, 1)),
        licence_end_date: DateInput::from_date(ymd(2028, 3, 1)),
        term: String::new(),
    }];
    let id = w.app.people().register_person(&w.om, &input).await.unwrap();
    allocate(w, &w.om, id, &w.om, "offender_manager").await;
    id
}

fn plan(tag: &str) -> PlanForm {
    PlanForm {
        risks: format!("Violence to a new partner when a relationship fails ({tag})"),
        supervision: "Weekly office appointments; joint home visits with police".into(),
        monitoring_and_control: "Licence conditions below; police intelligence checks".into(),
        interventions_and_treatment: "Building Better Relationships programme".into(),
        victim_safety_planning: "VLO contact with the former partner; measures reviewed".into(),
        contingency: "If he contacts her: recall considered the same day".into(),
    }
}

fn fields(e: AppError) -> Vec<(String, &'static str)> {
    match e {
        AppError::Validation(v) => v.errors.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn action(pillar: Pillar, what: &str, owner: &concord_authz::Actor, due: &str) -> ActionForm {
    ActionForm {
        pillar: pillar.code().into(),
        description: what.into(),
        owner_user_id: owner.user_id.0.to_string(),
        due_on: due.into(),
        status: String::new(),
        evidence: String::new(),
        meeting: String::new(),
    }
}

/// Bring the person into MAPPA (Level 1, confirmed by the offender manager): what gives
/// MAPPA staff their relationship to the case.
async fn mappa_record(w: &World, person: PersonId) {
    w.app
        .mappa()
        .confirm_mappa_eligibility(
            &w.om,
            person,
            &EligibilityForm {
                category: "CATEGORY_2".into(),
                note: "Violent offender, 12 months or more".into(),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{}: confirm MAPPA eligibility: {e}", w.label));
}
