//! Manage, end to end through the use cases: the seeds' Mr D — his victim recorded in the
//! restricted section, an exclusion zone round her home, his daughter's address refused as
//! inside it, approved premises approved only after the safeguarding checks, a licence
//! drafted with the victim's conditions, approved by a second senior officer, and the
//! curfew relaxed by a variation that records exactly what changed.

use std::collections::BTreeMap;

use concord_app::*;

use crate::support::*;

mod disclosure;
mod licence;
mod reporting;

/// The victim's home, Chelmsford (invented coordinates in the town).
const VICTIM: (f64, f64) = (51.7420, 0.4690);

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
