//! Assess, end to end: a risk review pre-filled from the record, corrections only with a
//! reason, other agencies' entries read before sign-off, the scores as the published
//! formulas give them, tasks when risk rises, a signed review never changed, and the
//! compute-only calculators for service accounts only.

use concord_app::*;
use concord_domain::PersonId;

use crate::support::*;

mod calculators;
mod dash;
mod review;
mod transfer;

/// Dean Miles: theft at 17, burglary, then violence; released on licence on 1 February.
async fn dean(w: &World) -> PersonId {
    dean_by(w, &w.om).await
}

/// Dean Miles, registered and allocated by `by` (whose agency then owns the record).
async fn dean_by(w: &World, by: &concord_authz::Actor) -> PersonId {
    let mut input = person("Dean", "Miles", ymd(1990, 6, 15));
    input.offences = vec![
        offence("03800", "Theft from a shop", (2008, 1, 10), (2008, 3, 1)),
        offence(
            "02800",
            "Burglary in a dwelling",
            (2012, 4, 1),
            (2012, 6, 1),
        ),
        offence("00800", "Wounding with intent", (2025, 5, 1), (2025, 8, 1)),
    ];
    input.sentences = vec![SentenceInput {
        kind: "custody".into(),
        description: "18 months".into(),
        start_date: DateInput::from_date(ymd(2025, 8, 1)),
        end_date: DateInput::from_date(ymd(2027, 2, 1)),
        release_date: DateInput::from_date(ymd(2026, 2, 1)),
        licence_end_date: DateInput::from_date(ymd(2027, 2, 1)),
        term: String::new(),
    }];
    let id = w.app.people().register_person(by, &input).await.unwrap();
    allocate(w, by, id, by, "offender_manager").await;
    allocate(w, by, id, &w.ppo, "police_offender_manager").await;
    id
}

fn fact<'a>(r: &'a RiskReview, field: &str) -> Option<&'a str> {
    r.facts
        .iter()
        .find(|f| f.field == field)
        .and_then(|f| f.value.as_deref())
}

/// The facts as the form sends them back: every value unchanged.
fn unchanged(r: &RiskReview) -> Vec<(String, String, String)> {
    r.facts
        .iter()
        .map(|f| {
            (
                f.field.clone(),
                f.value.clone().unwrap_or_default(),
                String::new(),
            )
        })
        .collect()
}

fn rosh_form(known_adult: &str) -> RoshForm {
    RoshForm {
        levels: vec![
            ("CHILDREN".into(), "LOW".into()),
            ("PUBLIC".into(), "MEDIUM".into()),
            ("KNOWN_ADULT".into(), known_adult.into()),
            ("STAFF".into(), "LOW".into()),
        ],
        who_is_at_risk: "His former partner, Ms A".into(),
        nature_of_harm: "Serious violence with a weapon".into(),
        when_most_likely: "When drinking, and at child contact handovers".into(),
        what_increases: "Alcohol; the end of the relationship".into(),
        what_reduces: "Stable accommodation; engagement with the alcohol service".into(),
        review_due_on: "10/6/2026".into(),
    }
}

fn fields(e: AppError) -> Vec<String> {
    match e {
        AppError::Validation(v) => v.errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}
