//! A condition on one licence: a catalogue code, the policy it was written under, its
//! parameter values and, for victim-related conditions, the victim it protects.
//!
//! Decisions where the sources are silent:
//! - Values are trimmed; a blank value counts as absent.
//! - Every text value is limited to 2000 characters (the length of a long paragraph;
//!   Concord's limit).
//! - A parameter the spec does not have is an error (`unknown_param`): it would be stored
//!   but never shown on the licence.
//! - A condition must be written under its spec's policy (`policy_mismatch`), except
//!   bespoke wording, which belongs to no policy.
//! - A time window is a pair of `start`/`end` times: both or neither (`window_incomplete`),
//!   and never of zero length (`window_zero`). Windows may cross midnight.
//! - A `days` value must read as days of the week (see [`crate::values::parse_days`]).
//! - A licence period whose end is before its start is reported once (`period_invalid`) and
//!   dates are then not checked against it.
//!
//! Error codes: `unknown_code`, `policy_mismatch`, `unknown_param`, `missing`,
//! `too_long`, `time_invalid`, `date_invalid`, `date_outside_period`, `period_invalid`,
//! `number_invalid`, `number_out_of_range`, `choice_invalid`, `days_invalid`,
//! `window_incomplete`, `window_zero`, `not_victim_related`, `victim_id_blank`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::{self, ConditionKind, ConditionSpec, ParamKind, ParamSpec, PolicyVersion};
use crate::template;
use crate::values::{format_date, parse_date, parse_days, parse_time};

const DAYS_EXAMPLE: &str = "\u{201c}Monday to Friday\u{201d} or \u{201c}every day\u{201d}";

/// The longest text Concord accepts in any parameter.
pub const MAX_TEXT: usize = 2000;

/// One condition on a licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub code: String,
    pub policy: PolicyVersion,
    pub params: BTreeMap<String, String>,
    /// The victim record this condition protects, for victim-related conditions only.
    pub victim_id: Option<String>,
}

impl Condition {
    /// A condition with no parameters, under the spec's policy.
    pub fn of(spec: &ConditionSpec) -> Condition {
        Condition {
            code: spec.code.to_string(),
            policy: spec.policy,
            params: BTreeMap::new(),
            victim_id: None,
        }
    }

    /// Adds a parameter value (builder style, for tests and seed data).
    pub fn with(mut self, name: &str, value: &str) -> Condition {
        self.params.insert(name.to_string(), value.to_string());
        self
    }

    pub fn spec(&self) -> Option<&'static ConditionSpec> {
        catalogue::find(&self.code)
    }

    /// The trimmed value of a parameter, `None` when absent or blank.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.params
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }
}

/// One problem with a condition, against the field a form would highlight
/// (`params.start`, `victim_id`, `code`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ConditionError {
    pub field: String,
    pub code: &'static str,
    pub message: String,
}

impl ConditionError {
    pub fn new(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        ConditionError {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
}

/// The dates a licence is in force, inclusive at both ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicencePeriod {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// Every problem with the condition at once, so a form can show them all.
pub fn validate_condition(
    c: &Condition,
    period: &LicencePeriod,
) -> Result<(), Vec<ConditionError>> {
    let Some(spec) = c.spec() else {
        return Err(vec![unknown_code(&c.code)]);
    };
    let mut errors = Vec::new();
    if spec.kind != ConditionKind::Bespoke && spec.policy != c.policy {
        errors.push(ConditionError::new(
            "policy",
            "policy_mismatch",
            format!(
                "This condition belongs to policy {}, not {}",
                spec.policy.as_str(),
                c.policy.as_str()
            ),
        ));
    }
    let period_ok = period.start <= period.end;
    if !period_ok {
        errors.push(ConditionError::new(
            "period",
            "period_invalid",
            "The licence period ends before it starts",
        ));
    }
    for name in c.params.keys() {
        if spec.param(name).is_none() {
            errors.push(ConditionError::new(
                field(name),
                "unknown_param",
                format!("This condition has no parameter called \u{201c}{name}\u{201d}"),
            ));
        }
    }
    for param in spec.params {
        check_param(c, param, period_ok.then_some(period), &mut errors);
    }
    check_window(c, spec, &mut errors);
    match c.victim_id.as_deref().map(str::trim) {
        Some(_) if !spec.victim_related => errors.push(ConditionError::new(
            "victim_id",
            "not_victim_related",
            "This condition cannot be linked to a victim",
        )),
        Some("") => errors.push(ConditionError::new(
            "victim_id",
            "victim_id_blank",
            "Select the victim this condition protects, or leave it unlinked",
        )),
        _ => {}
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn check_param(
    c: &Condition,
    param: &ParamSpec,
    period: Option<&LicencePeriod>,
    errors: &mut Vec<ConditionError>,
) {
    let field = field(param.name);
    let label = param.label;
    let Some(value) = c.value(param.name) else {
        if param.required {
            errors.push(ConditionError::new(
                field,
                "missing",
                format!("Enter the {}", lower_first(label)),
            ));
        }
        return;
    };
    if value.chars().count() > MAX_TEXT {
        errors.push(ConditionError::new(
            field,
            "too_long",
            format!("{label} must be {MAX_TEXT} characters or fewer"),
        ));
        return;
    }
    let problem = match param.kind {
        ParamKind::Time if parse_time(value).is_none() => Some((
            "time_invalid",
            format!("{label} must be a time on the 24-hour clock, like 19:00"),
        )),
        ParamKind::Date => match (parse_date(value), period) {
            (None, _) => Some((
                "date_invalid",
                format!("{label} must be a real date, like 2026-03-01 or 1/3/2026"),
            )),
            (Some(date), Some(p)) if date < p.start || date > p.end => Some((
                "date_outside_period",
                format!(
                    "{label} must be within the licence period, {} to {}",
                    format_date(p.start),
                    format_date(p.end)
                ),
            )),
            _ => None,
        },
        ParamKind::Number => {
            let (min, max) = param.number_range();
            let digits_only = value.bytes().all(|b| b.is_ascii_digit());
            match value.parse::<u64>() {
                _ if !digits_only => Some((
                    "number_invalid",
                    format!("{label} must be a whole number, like 16"),
                )),
                Ok(n) if (min..=max).contains(&n) => None,
                // Too many digits to hold is out of range too.
                _ => Some((
                    "number_out_of_range",
                    format!("{label} must be between {min} and {max}"),
                )),
            }
        }
        ParamKind::Choice(options) if !options.contains(&value) => Some((
            "choice_invalid",
            format!("{label} must be one of: {}", options.join(", ")),
        )),
        _ if param.name == "days" && parse_days(value).is_none() => Some((
            "days_invalid",
            format!("{label} must be days of the week, like {DAYS_EXAMPLE}"),
        )),
        _ => None,
    };
    if let Some((code, message)) = problem {
        errors.push(ConditionError::new(field, code, message));
    }
}

/// The `start`/`end` time window of a spec that has one.
fn check_window(c: &Condition, spec: &ConditionSpec, errors: &mut Vec<ConditionError>) {
    let is_time = |name| matches!(spec.param(name), Some(p) if p.kind == ParamKind::Time);
    if !is_time("start") || !is_time("end") {
        return;
    }
    match (c.value("start"), c.value("end")) {
        (Some(start), Some(end)) => {
            if let (Some(s), Some(e)) = (parse_time(start), parse_time(end)) {
                if s == e {
                    errors.push(ConditionError::new(
                        "params.end",
                        "window_zero",
                        "The end time must be different from the start time",
                    ));
                }
            }
        }
        (Some(_), None) if !spec.param("end").is_some_and(|p| p.required) => {
            errors.push(ConditionError::new(
                "params.end",
                "window_incomplete",
                "Enter an end time as well as a start time, or neither",
            ));
        }
        (None, Some(_)) if !spec.param("start").is_some_and(|p| p.required) => {
            errors.push(ConditionError::new(
                "params.start",
                "window_incomplete",
                "Enter a start time as well as an end time, or neither",
            ));
        }
        _ => {}
    }
}

/// The wording of the condition with its parameters filled in. Dates are shown as
/// `1 March 2026`; other values as entered (trimmed). Formats are not checked here: call
/// [`validate_condition`] first.
pub fn render(c: &Condition) -> Result<String, ConditionError> {
    let spec = c.spec().ok_or_else(|| unknown_code(&c.code))?;
    let pieces = template::parse(spec.text).ok_or_else(|| {
        ConditionError::new(
            "code",
            "template_invalid",
            "The wording of this condition cannot be read",
        )
    })?;
    let value = |name: &str| -> Option<String> {
        let v = c.value(name)?;
        match spec.param(name).map(|p| p.kind) {
            Some(ParamKind::Date) => Some(parse_date(v).map_or_else(|| v.to_string(), format_date)),
            _ => Some(v.to_string()),
        }
    };
    template::fill(&pieces, &value).map_err(|name| {
        let label = spec.param(name).map_or(name, |p| p.label);
        ConditionError::new(
            field(name),
            "missing",
            format!("Enter the {}", lower_first(label)),
        )
    })
}

fn unknown_code(code: &str) -> ConditionError {
    let shown: String = code.chars().take(100).collect();
    ConditionError::new(
        "code",
        "unknown_code",
        format!("There is no condition with the code \u{201c}{shown}\u{201d}"),
    )
}

fn field(name: &str) -> String {
    format!("params.{name}")
}

/// "Victim's name" → "victim's name", for "Enter the victim's name".
fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
