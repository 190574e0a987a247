//! Risk pages and API: starting a review from the record, its forms refusing bad input
//! with the field named, signing off, the history chart; the compute-only calculators
//! for service accounts only, with a wrong-typed field a 400 naming it.

use axum::http::{Method, StatusCode};
use concord_app::RoshForm;
use concord_domain::PersonId;

use crate::client::{TestWeb, PASSWORD};

mod calculators;
mod dash;
mod review;

fn dean() -> serde_json::Value {
    serde_json::json!({
        "details": {"given_name": "Dean", "middle_names": "", "family_name": "Miles", "date_of_birth": "1990-06-15", "gender": "male"},
        "offences": [
            {"offence_code": "03800", "description": "Theft from a shop", "offence_date": "2008-01-10", "conviction_date": "2008-03-01"},
            {"offence_code": "02800", "description": "Burglary in a dwelling", "offence_date": "2012-04-01", "conviction_date": "2012-06-01"},
            {"offence_code": "00800", "description": "Wounding with intent", "offence_date": "2025-05-01", "conviction_date": "2025-08-01"}
        ],
        "sentences": [{"kind": "custody", "description": "18 months", "start_date": "2025-08-01", "release_date": "2026-02-01", "licence_end_date": "2027-02-01", "end_date": "2027-02-01"}]
    })
}

async fn token(c: &mut crate::Client, username: &str) -> String {
    let r = c
        .send(
            Method::POST,
            "/api/v1/session",
            Some("application/json"),
            serde_json::json!({"username": username, "password": PASSWORD}).to_string(),
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.json()["token"].as_str().unwrap().to_string()
}

async fn post_json(
    c: &mut crate::Client,
    path: &str,
    token: &str,
    body: &str,
) -> crate::client::Response {
    let bearer = format!("Bearer {token}");
    c.send(
        Method::POST,
        path,
        Some("application/json"),
        body.to_string(),
        &[("authorization", bearer.as_str())],
    )
    .await
}

/// The review's facts confirmed, its RoSH recorded and entries acknowledged, through the
/// use cases (the forms are tested on their own below).
pub(crate) async fn complete(t: &TestWeb, person: PersonId, review: concord_domain::AssessmentId) {
    let om = t.app.accounts().actor_for_username("om.one").await.unwrap();
    let r = t
        .app
        .assess()
        .risk_review(&om, person, review)
        .await
        .unwrap();
    let facts: Vec<(String, String, String)> = r
        .facts
        .iter()
        .map(|f| {
            (
                f.field.clone(),
                f.value.clone().unwrap_or_default(),
                String::new(),
            )
        })
        .collect();
    t.app
        .assess()
        .confirm_review_facts(&om, person, review, r.version, &facts)
        .await
        .unwrap();
    let form = RoshForm {
        levels: ["CHILDREN", "PUBLIC", "KNOWN_ADULT", "STAFF"]
            .iter()
            .map(|g| {
                (
                    g.to_string(),
                    if *g == "KNOWN_ADULT" {
                        "VERY_HIGH"
                    } else {
                        "LOW"
                    }
                    .to_string(),
                )
            })
            .collect(),
        who_is_at_risk: "Ms A".into(),
        nature_of_harm: "Serious violence".into(),
        when_most_likely: "When drinking".into(),
        what_increases: "Alcohol".into(),
        what_reduces: "Approved premises".into(),
        review_due_on: "1/2/2027".into(),
    };
    t.app
        .assess()
        .save_review_rosh(&om, person, review, r.version + 1, &form)
        .await
        .unwrap();
    t.app
        .assess()
        .acknowledge_review_entries(&om, person, review, r.version + 2)
        .await
        .unwrap();
}
