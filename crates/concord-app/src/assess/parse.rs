//! Parsing the review's forms into checked values, every problem named by its field.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use concord_domain::{FieldError, ValidationErrors};
use serde_json::json;

use super::prefill::{fact_kind, FactKind};
use super::questions::{
    question, AnswerKind, Answers, RoshAnswers, NEEDS, NEED_SEVERITIES, NO_PREVIOUS_CONVICTIONS,
    PREVIOUS_CONVICTIONS,
};
use super::review::{group_code, level_from_code};
use crate::AppError;

fn bad(field: &str, message: impl Into<String>) -> FieldError {
    FieldError::new(field, "invalid", message)
}

/// A date as the forms send it: ISO (2024-03-01) or day/month/year (1/3/2024).
pub fn date(field: &str, text: &str) -> Result<NaiveDate, FieldError> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .map_err(|_| {
            bad(
                field,
                format!("\"{t}\" is not a date: use day/month/year, e.g. 27/3/2024"),
            )
        })
}

/// One fact's confirmed value, in the form the record's value is kept (ISO dates, codes).
/// Empty means "not known".
pub fn fact_value(field: &str, text: &str) -> Result<Option<String>, FieldError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let Some(kind) = fact_kind(field) else {
        return Err(bad(field, "not a fact of a risk review"));
    };
    let value = match kind {
        FactKind::Date => date(field, t)?.format("%Y-%m-%d").to_string(),
        FactKind::Count => {
            let n: i64 = t
                .parse()
                .map_err(|_| bad(field, format!("\"{t}\" is not a whole number")))?;
            if !(0..=500).contains(&n) {
                return Err(bad(field, "must be between 0 and 500"));
            }
            n.to_string()
        }
        FactKind::OffenceCode => {
            if t.len() != 5 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(FieldError::new(
                    field,
                    "OFFENCE_CODE_INCORRECT_FORMAT",
                    "Offence code must be a string of 5 digits",
                ));
            }
            t.to_string()
        }
        FactKind::Gender => match t {
            "MALE" | "FEMALE" => t.to_string(),
            _ => {
                return Err(bad(
                    field,
                    "choose male or female (the predictors know no other)",
                ))
            }
        },
        FactKind::Supervision => match t {
            "COMMUNITY" | "CUSTODY" | "REMAND" => t.to_string(),
            _ => return Err(bad(field, "choose community, custody or remand")),
        },
        FactKind::YesNo => match t {
            "yes" | "no" => t.to_string(),
            _ => return Err(bad(field, "choose yes or no")),
        },
    };
    Ok(Some(value))
}

/// The OASys form as submitted: field → chosen value ("" for not answered), the ticked
/// previous convictions, need section → severity.
#[derive(Debug, Clone, Default)]
pub struct AnswersForm {
    pub items: Vec<(String, String)>,
    pub previous_convictions: Vec<String>,
    pub needs: Vec<(String, String)>,
}

pub fn answers(form: &AnswersForm) -> Result<Answers, AppError> {
    let mut errors = ValidationErrors::new();
    let mut items = BTreeMap::new();
    for (field, value) in &form.items {
        let v = value.trim();
        if v.is_empty() {
            continue;
        }
        let Some(q) = question(field) else {
            // An unknown (or blank) name is reported against the form as a whole.
            errors.push(bad(
                "answers",
                format!("\"{field}\" is not a question of a risk review"),
            ));
            continue;
        };
        let parsed = match q.kind {
            AnswerKind::YesNo => match v {
                "true" => Some(json!(true)),
                "false" => Some(json!(false)),
                _ => None,
            },
            AnswerKind::Count => v
                .parse::<i64>()
                .ok()
                .filter(|n| (0..=500).contains(n))
                .map(|n| json!(n)),
            kind => kind
                .choices()
                .iter()
                .any(|(c, _)| *c == v)
                .then(|| json!(v)),
        };
        match parsed {
            Some(p) => {
                items.insert(field.clone(), p);
            }
            None if q.kind == AnswerKind::Count => errors.push(bad(
                field,
                format!("{}: a whole number from 0 to 500", q.text),
            )),
            None => errors.push(bad(
                field,
                format!("{}: choose one of the answers given", q.text),
            )),
        }
    }
    let mut previous = vec![];
    let none = form
        .previous_convictions
        .iter()
        .any(|p| p == NO_PREVIOUS_CONVICTIONS);
    if none && form.previous_convictions.len() > 1 {
        errors.push(bad(
            "previous_convictions",
            "Choose \"None of these\" or the convictions he has, not both",
        ));
    }
    for p in &form.previous_convictions {
        if p == NO_PREVIOUS_CONVICTIONS || PREVIOUS_CONVICTIONS.iter().any(|(code, _)| code == p) {
            previous.push(p.clone());
        } else {
            errors.push(bad(
                "previous_convictions",
                format!("\"{p}\" is not a listed conviction"),
            ));
        }
    }
    let mut needs = BTreeMap::new();
    for (need, severity) in &form.needs {
        if severity.trim().is_empty() {
            continue;
        }
        if !NEEDS.iter().any(|(n, _)| n == need) {
            errors.push(bad(&format!("need_{need}"), "not a need section"));
        } else if !NEED_SEVERITIES.iter().any(|(s, _)| s == severity) {
            errors.push(bad(
                &format!("need_{need}"),
                "choose no need, standard or severe",
            ));
        } else {
            needs.insert(need.clone(), severity.clone());
        }
    }
    Ok(errors.finish(Answers {
        items,
        previous_convictions: previous,
        needs,
    })?)
}

/// The RoSH form as submitted.
#[derive(Debug, Clone, Default)]
pub struct RoshForm {
    /// Risk group code → level code ("" for not yet decided).
    pub levels: Vec<(String, String)>,
    pub who_is_at_risk: String,
    pub nature_of_harm: String,
    pub when_most_likely: String,
    pub what_increases: String,
    pub what_reduces: String,
    pub review_due_on: String,
}

const NARRATIVE_MAX: usize = 20_000;

pub fn rosh(
    form: &RoshForm,
    today: NaiveDate,
) -> Result<(RoshAnswers, Option<NaiveDate>), AppError> {
    let mut errors = ValidationErrors::new();
    let mut levels = BTreeMap::new();
    for (group, level) in &form.levels {
        if level.trim().is_empty() {
            continue;
        }
        let known_group = concord_risk::RiskGroup::ALL
            .iter()
            .any(|g| group_code(*g) == *group);
        if !known_group {
            errors.push(bad(&format!("level_{group}"), "not a risk group"));
        } else if level_from_code(level).is_none() {
            errors.push(bad(
                &format!("level_{group}"),
                "choose low, medium, high or very high",
            ));
        } else {
            levels.insert(group.clone(), level.clone());
        }
    }
    let text = |field: &str, value: &str, errors: &mut ValidationErrors| {
        if value.chars().count() > NARRATIVE_MAX {
            errors.push(bad(
                field,
                format!("must be at most {NARRATIVE_MAX} characters"),
            ));
        }
        value.trim().to_string()
    };
    let answers = RoshAnswers {
        levels,
        who_is_at_risk: text("who_is_at_risk", &form.who_is_at_risk, &mut errors),
        nature_of_harm: text("nature_of_harm", &form.nature_of_harm, &mut errors),
        when_most_likely: text("when_most_likely", &form.when_most_likely, &mut errors),
        what_increases: text("what_increases", &form.what_increases, &mut errors),
        what_reduces: text("what_reduces", &form.what_reduces, &mut errors),
    };
    let due = if form.review_due_on.trim().is_empty() {
        None
    } else {
        match date("review_due_on", &form.review_due_on) {
            Ok(d) if d <= today => {
                errors.push(bad("review_due_on", "The next review must be after today"));
                None
            }
            Ok(d) if d > today + chrono::Days::new(366) => {
                errors.push(bad(
                    "review_due_on",
                    "The next review must be within a year (RoSH is reviewed at least yearly)",
                ));
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(e);
                None
            }
        }
    };
    Ok(errors.finish((answers, due))?)
}

#[cfg(test)]
mod tests {
    use super::super::prefill::FACT_FIELDS;
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 10).expect("valid date")
    }

    #[test]
    fn facts_parse_to_the_form_the_record_keeps_or_name_the_field() {
        assert_eq!(
            fact_value("date_of_birth", "15/6/1990"),
            Ok(Some("1990-06-15".into()))
        );
        assert_eq!(
            fact_value("age_at_first_sanction", " 17 "),
            Ok(Some("17".into()))
        );
        assert_eq!(fact_value("gender", ""), Ok(None));
        let e = fact_value("current_offence_code", "8A").unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code),
            ("current_offence_code", "OFFENCE_CODE_INCORRECT_FORMAT")
        );
        assert_eq!(
            fact_value("total_number_of_violent_sanctions", "-1")
                .unwrap_err()
                .field,
            "total_number_of_violent_sanctions"
        );
        assert_eq!(
            fact_value("date_of_birth", "31/2/1990").unwrap_err().field,
            "date_of_birth"
        );
        assert_eq!(
            fact_value("not_a_fact", "1").unwrap_err().field,
            "not_a_fact"
        );
    }

    #[test]
    fn a_review_date_must_be_after_today_and_within_a_year() {
        let form = |due: &str| RoshForm {
            review_due_on: due.into(),
            ..RoshForm::default()
        };
        assert!(rosh(&form("10/3/2026"), today()).is_err());
        assert!(rosh(&form("12/3/2027"), today()).is_err());
        assert_eq!(
            rosh(&form("10/6/2026"), today()).unwrap().1,
            NaiveDate::from_ymd_opt(2026, 6, 10)
        );
        assert_eq!(rosh(&form(""), today()).unwrap().1, None);
    }

    proptest! {
        // Whatever a form sends, parsing answers with a value or a field-named error.
        #[test]
        fn any_fact_text_parses_or_names_its_field(
            i in 0..FACT_FIELDS.len(),
            text in "\\PC{0,40}",
        ) {
            let field = FACT_FIELDS[i].0;
            if let Err(e) = fact_value(field, &text) {
                prop_assert_eq!(e.field, field);
            }
        }

        #[test]
        fn any_answers_form_is_accepted_or_refused_field_by_field(
            items in proptest::collection::vec(("\\PC{0,30}", "\\PC{0,20}"), 0..8),
            convictions in proptest::collection::vec("\\PC{0,20}", 0..4),
            needs in proptest::collection::vec(("\\PC{0,20}", "\\PC{0,12}"), 0..4),
        ) {
            let form = AnswersForm { items, previous_convictions: convictions, needs };
            match answers(&form) {
                Ok(a) => prop_assert!(a.items.keys().all(|k| question(k).is_some())),
                Err(AppError::Validation(v)) => prop_assert!(v.errors.iter().all(|e| !e.field.is_empty())),
                Err(other) => prop_assert!(false, "unexpected {other:?}"),
            }
        }

        #[test]
        fn any_rosh_form_is_accepted_or_refused_field_by_field(
            group in "\\PC{0,12}",
            level in "\\PC{0,12}",
            due in "\\PC{0,14}",
            narrative in "\\PC{0,60}",
        ) {
            let form = RoshForm {
                levels: vec![(group, level)],
                who_is_at_risk: narrative,
                review_due_on: due,
                ..RoshForm::default()
            };
            match rosh(&form, today()) {
                Ok((answers, _)) => prop_assert!(answers.levels.values().all(|l| level_from_code(l).is_some())),
                Err(AppError::Validation(v)) => prop_assert!(v.errors.iter().all(|e| !e.field.is_empty())),
                Err(other) => prop_assert!(false, "unexpected {other:?}"),
            }
        }
    }
}
