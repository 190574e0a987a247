//! Manage, end to end through the use cases: the seeds' Mr D — his victim recorded in the
//! restricted section, an exclusion zone round her home, his daughter's address refused as
//! inside it, approved premises approved only after the safeguarding checks, a licence
//! drafted with the victim's conditions, approved by a second senior officer, and the
//! curfew relaxed by a variation that records exactly what changed.

use std::collections::BTreeMap;

use concord_app::*;
use concord_domain::PersonId;

use crate::support::*;

mod disclosure;
mod licence;

/// The victim's home, Chelmsford (invented coordinates in the town).
const VICTIM: (f64, f64) = (51.7420, 0.4690);

async fn mr_d(w: &World) -> PersonId {
    let mut input = person("Daniel", "Dawson", ymd(1984, 9, 2));
    input.sentences = vec![SentenceInput {
        kind: "custody".into(),
        description: "2 years' imprisonment".into(),
        start_date: DateInput::from_date(ymd(2025, 3, 1)),
        end_date: DateInput::from_date(ymd(2027, 3, 1)),
        release_date: DateInput::from_date(ymd(2026, 3, 1)),
        licence_end_date: DateInput::from_date(ymd(2027, 3, 1)),
    }];
    let id = w.app.people().register_person(&w.om, &input).await.unwrap();
    allocate(w, &w.om, id, &w.om, "offender_manager").await;
    id
}

fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn condition(code: &str, pairs: &[(&str, &str)]) -> ConditionForm {
    ConditionForm {
        code: code.into(),
        params: params(pairs),
    }
}

fn codes(e: AppError) -> Vec<(String, &'static str)> {
    match e {
        AppError::Validation(v) => v.errors.into_iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}
