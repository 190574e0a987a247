//! Conformance: runs request/expected pairs against the engine and lists every difference
//! by JSON path, so anyone can check Concord against a reference set of the MoJ actuarial
//! service and hmpps-tier (`concord risk conformance FILE`; Concord's own suite is in
//! `crates/concord-risk/conformance/`).
//!
//! A file is `{"cases": [case, …]}` (or a bare array of cases); a case is
//! `{"name", "endpoint": "risk-scores" | "tier", "request", "expected", "today"?}`.
//! - `risk-scores`: `expected` names one or more predictors (`ogrs3`, `ogp`, `ovp`, `osp_dc`,
//!   `osp_iic`, `snsv`, `rsr`); each one named is compared whole — every key, value, type
//!   of number and the order of keys. `{"status": 400}` expects the body to be refused.
//! - `tier`: the keys given in `expected` (`tier`, `provisional`, `reasons`) are compared;
//!   `{"status": 422, "field": …}` expects the input to be refused naming that field.
//! - `today` (ISO date) fixes the day the lifer/IPP windows count from and the assessment
//!   date of a risk-scores request that gives none (the service's default is the day of
//!   the request); without it, the runner's default day is used.

mod ordered;

use chrono::NaiveDate;
pub use ordered::Json;

use crate::tier::{calculate_tier, TierRequest};
use crate::{compute, RiskScoreRequest};

/// One request and the answer it must get.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub endpoint: Endpoint,
    pub request: Json,
    pub expected: Json,
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    RiskScores,
    Tier,
}

/// Where an answer differs from the expected one.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// JSON path, e.g. `$.rsr.output.overall_score`.
    pub path: String,
    pub what: String,
}

/// A case and how it went.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub name: String,
    pub differences: Vec<Difference>,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.differences.is_empty()
    }
}

/// A file that cannot be read as cases, naming the case and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CaseFileError(pub String);

/// Reads a conformance file.
pub fn parse_cases(text: &str) -> Result<Vec<Case>, CaseFileError> {
    let root = Json::parse(text).map_err(|e| CaseFileError(format!("not JSON: {e}")))?;
    let list = match &root {
        Json::Array(items) => items,
        Json::Object(_) => match root.get("cases") {
            Some(Json::Array(items)) => items,
            _ => return Err(CaseFileError("expected {\"cases\": [...]}".into())),
        },
        _ => return Err(CaseFileError("expected {\"cases\": [...]}".into())),
    };
    list.iter()
        .enumerate()
        .map(|(i, case)| read_case(i, case))
        .collect()
}

fn read_case(index: usize, case: &Json) -> Result<Case, CaseFileError> {
    let name = match case.get("name") {
        Some(Json::String(s)) => s.clone(),
        _ => format!("case {}", index + 1),
    };
    let err = |what: &str| CaseFileError(format!("case {} ({name}): {what}", index + 1));
    let endpoint = match case.get("endpoint") {
        None => Endpoint::RiskScores,
        Some(Json::String(s)) if s == "risk-scores" => Endpoint::RiskScores,
        Some(Json::String(s)) if s == "tier" => Endpoint::Tier,
        Some(_) => return Err(err("endpoint must be \"risk-scores\" or \"tier\"")),
    };
    let request = case
        .get("request")
        .cloned()
        .ok_or_else(|| err("no request"))?;
    let expected = match case.get("expected") {
        Some(e @ Json::Object(_)) => e.clone(),
        _ => return Err(err("expected must be an object")),
    };
    let today = match case.get("today") {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) => Some(
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| err("today must be an ISO date (YYYY-MM-DD)"))?,
        ),
        Some(_) => return Err(err("today must be an ISO date (YYYY-MM-DD)")),
    };
    Ok(Case {
        name,
        endpoint,
        request,
        expected,
        today,
    })
}

/// The engine's answer to a case, as JSON: the response, or `{"status", "field"?, "message"}`
/// when the request is refused as a whole (400 for a body of the wrong shape, 422 for tier
/// input no rule covers), as the API answers.
pub fn answer(case: &Case, default_today: NaiveDate) -> Json {
    let refused = |status: u64, field: Option<&str>, message: String| {
        let mut fields = vec![("status".to_owned(), Json::Number(status.into()))];
        if let Some(field) = field {
            fields.push(("field".to_owned(), Json::String(field.to_owned())));
        }
        fields.push(("message".to_owned(), Json::String(message)));
        Json::Object(fields)
    };
    let value = case.request.to_value();
    match case.endpoint {
        Endpoint::RiskScores => match serde_json::from_value::<RiskScoreRequest>(value) {
            Ok(req) => {
                let req = req.assessed_on_if_absent(case.today.unwrap_or(default_today));
                Json::of(&compute(&req)).expect("a response always serialises")
            }
            Err(e) => refused(400, None, e.to_string()),
        },
        Endpoint::Tier => match serde_json::from_value::<TierRequest>(value) {
            Ok(req) => match calculate_tier(&req, case.today.unwrap_or(default_today)) {
                Ok(result) => Json::of(&result).expect("a tier always serialises"),
                Err(e) => refused(422, Some(e.field), e.message.into_owned()),
            },
            Err(e) => refused(400, None, e.to_string()),
        },
    }
}

/// Runs one case: what differs between the expected answer and the engine's.
pub fn run_case(case: &Case, default_today: NaiveDate) -> Outcome {
    let actual = answer(case, default_today);
    let mut differences = Vec::new();
    let Json::Object(expected) = &case.expected else {
        unreachable!("parse_cases only accepts objects")
    };
    for (key, want) in expected {
        let path = format!("$.{key}");
        match actual.get(key) {
            Some(got) => compare(&path, want, got, &mut differences),
            None => differences.push(Difference {
                path,
                what: format!("missing (expected {want}); the answer was {actual}"),
            }),
        }
    }
    Outcome {
        name: case.name.clone(),
        differences,
    }
}

/// Runs every case.
pub fn run(cases: &[Case], default_today: NaiveDate) -> Vec<Outcome> {
    cases.iter().map(|c| run_case(c, default_today)).collect()
}

/// Deep comparison: values, key sets, key order, and integer versus decimal numbers (a
/// client reading `37` and one reading `37.0` are not reading the same answer).
fn compare(path: &str, want: &Json, got: &Json, out: &mut Vec<Difference>) {
    let differ = |out: &mut Vec<Difference>| {
        out.push(Difference {
            path: path.to_owned(),
            what: format!("expected {want}, got {got}"),
        });
    };
    match (want, got) {
        (Json::Number(a), Json::Number(b)) => {
            if a.is_f64() != b.is_f64() || a.as_f64() != b.as_f64() {
                differ(out);
            }
        }
        (Json::Array(a), Json::Array(b)) => {
            if a.len() != b.len() {
                differ(out);
                return;
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare(&format!("{path}[{i}]"), x, y, out);
            }
        }
        (Json::Object(a), Json::Object(b)) => {
            for (key, x) in a {
                let sub = format!("{path}.{key}");
                match got.get(key) {
                    Some(y) => compare(&sub, x, y, out),
                    None => out.push(Difference {
                        path: sub,
                        what: format!("missing (expected {x})"),
                    }),
                }
            }
            for (key, y) in b {
                if want.get(key).is_none() {
                    out.push(Difference {
                        path: format!("{path}.{key}"),
                        what: format!("not expected (got {y})"),
                    });
                }
            }
            let order = |fields: &[(String, Json)], other: &Json| -> Vec<String> {
                fields
                    .iter()
                    .filter(|(k, _)| other.get(k).is_some())
                    .map(|(k, _)| k.clone())
                    .collect()
            };
            let (want_order, got_order) = (order(a, got), order(b, want));
            if want_order != got_order {
                out.push(Difference {
                    path: path.to_owned(),
                    what: format!(
                        "key order: expected {}, got {}",
                        want_order.join(", "),
                        got_order.join(", ")
                    ),
                });
            }
        }
        (a, b) if a == b => {}
        _ => differ(out),
    }
}

#[cfg(test)]
mod tests;
