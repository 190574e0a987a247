//! Reading a DASH checklist form: every question of the version answered, professional
//! judgement that raises the level (never lowers it) with the reasons given, and the
//! incident dates the MARAC escalation criterion counts. Every problem is named by its
//! field (and line, for the incident list) at once.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use concord_domain::{FieldError, ValidationErrors};
use concord_risk::dash::{
    score_dash, DashAnswer, DashChecklist, DashRiskLevel, DashScore, DashVersion, QUESTIONS,
};

use super::parse::date;

/// The longest text kept from a free-text box: a checklist is not a case file.
const MAX_TEXT: usize = 4000;
/// More incidents than this in one list is a paste error, not a history.
const MAX_INCIDENTS: usize = 200;

/// The checklist as a form posts it. `answers` is keyed by police-form question number.
#[derive(Debug, Clone, Default)]
pub struct DashForm {
    /// `police` or `safelives`.
    pub version: String,
    /// Who the checklist is about: the victim's name or the agency's reference.
    pub victim: String,
    /// `yes`, `no` or `dont_know`, by police-form question number.
    pub answers: BTreeMap<u8, String>,
    /// Empty, `standard`, `medium` or `high`.
    pub professional_judgement: String,
    /// Why professional judgement raises the level or refers to MARAC.
    pub concerns: String,
    /// Dates of domestic abuse incidents known to any agency, one per line.
    pub incidents: String,
    /// The last MARAC referral of this case, empty if never referred.
    pub last_marac_referral: String,
}

/// A checked checklist, ready to score and keep.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParsedDash {
    pub checklist: DashChecklist,
    pub score: DashScore,
    pub victim: String,
    pub concerns: String,
    pub incidents: Vec<NaiveDate>,
    pub last_marac_referral: Option<NaiveDate>,
}

pub fn version_from_code(code: &str) -> Option<DashVersion> {
    match code.trim() {
        "police" => Some(DashVersion::Police),
        "safelives" => Some(DashVersion::SafeLives),
        _ => None,
    }
}

pub fn version_code(v: DashVersion) -> &'static str {
    match v {
        DashVersion::Police => "police",
        DashVersion::SafeLives => "safelives",
    }
}

pub fn answer_code(a: DashAnswer) -> &'static str {
    match a {
        DashAnswer::Yes => "yes",
        DashAnswer::No => "no",
        DashAnswer::DontKnow => "dont_know",
    }
}

pub fn level_code(l: DashRiskLevel) -> &'static str {
    match l {
        DashRiskLevel::Standard => "standard",
        DashRiskLevel::Medium => "medium",
        DashRiskLevel::High => "high",
    }
}

fn answer_from_code(code: &str) -> Option<DashAnswer> {
    [DashAnswer::Yes, DashAnswer::No, DashAnswer::DontKnow]
        .into_iter()
        .find(|a| answer_code(*a) == code.trim())
}

fn level_from_code(code: &str) -> Option<DashRiskLevel> {
    DashRiskLevel::ALL
        .into_iter()
        .find(|l| level_code(*l) == code.trim())
}

/// The form field of a question.
pub fn question_field(id: u8) -> String {
    format!("q{id}")
}

fn text(field: &str, value: &str, errors: &mut ValidationErrors) -> String {
    let t = value.trim();
    if t.chars().count() > MAX_TEXT {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("Keep this to {MAX_TEXT} characters or fewer"),
        ));
    }
    t.to_string()
}

fn not_future(field: &str, d: NaiveDate, today: NaiveDate, what: &str) -> Option<FieldError> {
    (d > today).then(|| {
        FieldError::new(
            field,
            "date_in_future",
            format!("{what} cannot be in the future"),
        )
    })
}

/// The incident list: one date per line, blank lines ignored; each bad line named.
fn incidents(text: &str, today: NaiveDate, errors: &mut ValidationErrors) -> Vec<NaiveDate> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    if lines.len() > MAX_INCIDENTS {
        errors.push(FieldError::new(
            "incidents",
            "too_many",
            format!("List at most {MAX_INCIDENTS} incidents"),
        ));
        return vec![];
    }
    let mut dates = vec![];
    for (n, line) in lines {
        match date("incidents", line) {
            Ok(d) if d > today => errors.push(FieldError::new(
                "incidents",
                "date_in_future",
                format!("Line {n}: {line} is in the future"),
            )),
            Ok(d) => dates.push(d),
            Err(e) => errors.push(FieldError::new(
                "incidents",
                e.code,
                format!("Line {n}: {}", e.message),
            )),
        }
    }
    dates.sort();
    dates
}

/// Checks a posted checklist as of `today`, reporting every problem at once.
pub(crate) fn parse_dash(
    form: &DashForm,
    today: NaiveDate,
) -> Result<ParsedDash, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let Some(version) = version_from_code(&form.version) else {
        errors.push(FieldError::new(
            "version",
            "invalid",
            "Choose the police or the SafeLives version of the checklist",
        ));
        return Err(errors);
    };
    let victim = text("victim", &form.victim, &mut errors);
    if victim.is_empty() {
        errors.push(FieldError::new(
            "victim",
            "required",
            "Say who the checklist is about: the victim's name or your reference",
        ));
    }
    let mut answers = BTreeMap::new();
    for (&id, value) in &form.answers {
        if !version.includes(id) {
            let known = QUESTIONS.iter().any(|q| q.id == id);
            errors.push(FieldError::new(
                question_field(id),
                "not_in_version",
                if known {
                    format!("Question {id} is not asked on the {}", version.label())
                } else {
                    format!("There is no question {id} on the checklist")
                },
            ));
            continue;
        }
        if value.trim().is_empty() {
            continue;
        }
        match answer_from_code(value) {
            Some(a) => {
                answers.insert(id, a);
            }
            None => errors.push(FieldError::new(
                question_field(id),
                "invalid",
                format!("Answer question {id} with yes, no or don't know"),
            )),
        }
    }
    for q in version.questions() {
        if !answers.contains_key(&q.id) && errors.for_field(&question_field(q.id)).is_none() {
            errors.push(FieldError::new(
                question_field(q.id),
                "required",
                format!(
                    "Answer question {}: yes, no or don't know",
                    version.number_of(q).unwrap_or(q.id)
                ),
            ));
        }
    }
    let judgement = match form.professional_judgement.trim() {
        "" => None,
        code => match level_from_code(code) {
            Some(l) => Some(l),
            None => {
                errors.push(FieldError::new(
                    "professional_judgement",
                    "invalid",
                    "Choose standard, medium or high, or leave professional judgement blank",
                ));
                None
            }
        },
    };
    let concerns = text("concerns", &form.concerns, &mut errors);
    let incidents = incidents(&form.incidents, today, &mut errors);
    let last_marac_referral = match form.last_marac_referral.trim() {
        "" => None,
        t => match date("last_marac_referral", t) {
            Ok(d) => {
                if let Some(e) =
                    not_future("last_marac_referral", d, today, "The last MARAC referral")
                {
                    errors.push(e);
                }
                Some(d)
            }
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    let checklist = DashChecklist {
        version,
        answers,
        professional_judgement: judgement,
    };
    // Scoring cannot fail here (every id was checked against the version above), but a
    // failure is still a field error, never a panic.
    let score = match score_dash(&checklist) {
        Ok(s) => Some(s),
        Err(e) => {
            errors.push(FieldError::new("version", "invalid", e.to_string()));
            None
        }
    };
    if let (Some(pj), Some(s)) = (judgement, &score) {
        if pj < s.suggested_level {
            errors.push(FieldError::new(
                "professional_judgement",
                "lowers_level",
                format!(
                    "Professional judgement may raise the level but never lower it: the answers give {} risk",
                    s.suggested_level.label().to_lowercase()
                ),
            ));
        } else if pj > s.suggested_level && concerns.is_empty() {
            errors.push(FieldError::new(
                "concerns",
                "required",
                "Say why your professional judgement raises the level",
            ));
        }
    }
    match score {
        Some(score) if errors.is_empty() => Ok(ParsedDash {
            checklist,
            score,
            victim,
            concerns,
            incidents,
            last_marac_referral,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 10).expect("valid date")
    }

    /// A police checklist with `yes` "yes" answers and the rest "no".
    fn police(yes: u8) -> DashForm {
        DashForm {
            version: "police".into(),
            victim: "Victim A (ref 24/1187)".into(),
            answers: (1..=27)
                .map(|id| (id, if id <= yes { "yes" } else { "no" }.to_string()))
                .collect(),
            ..DashForm::default()
        }
    }

    #[test]
    fn the_count_of_yes_answers_sets_the_level() {
        for (yes, level) in [
            (0, DashRiskLevel::Standard),
            (9, DashRiskLevel::Standard),
            (10, DashRiskLevel::Medium),
            (13, DashRiskLevel::Medium),
            (14, DashRiskLevel::High),
        ] {
            let p = parse_dash(&police(yes), today()).unwrap();
            assert_eq!((p.score.yes_count, p.score.level), (yes as u32, level));
        }
    }

    #[test]
    fn judgement_raises_with_reasons_and_never_lowers() {
        let mut f = police(3);
        f.professional_judgement = "high".into();
        let e = parse_dash(&f, today()).unwrap_err();
        assert_eq!(e.for_field("concerns").map(|e| e.code), Some("required"));
        f.concerns = "Threats to kill since the incident; she fears for the children".into();
        let p = parse_dash(&f, today()).unwrap();
        assert_eq!(p.score.level, DashRiskLevel::High);
        assert!(p.score.raised_by_professional_judgement);

        let mut f = police(15);
        f.professional_judgement = "medium".into();
        let e = parse_dash(&f, today()).unwrap_err();
        assert_eq!(
            e.for_field("professional_judgement").map(|e| e.code),
            Some("lowers_level")
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut f = police(0);
        f.victim = " ".into();
        f.answers.remove(&5);
        f.answers.insert(6, "maybe".into());
        f.incidents = "1/2/2026\n\nnot a date\n1/1/2030".into();
        f.last_marac_referral = "31/2/2025".into();
        let e = parse_dash(&f, today()).unwrap_err();
        let fields: Vec<(&str, &str)> = e
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code))
            .collect();
        assert!(fields.contains(&("victim", "required")), "{fields:?}");
        assert!(fields.contains(&("q5", "required")), "{fields:?}");
        assert!(fields.contains(&("q6", "invalid")), "{fields:?}");
        assert!(
            fields.contains(&("incidents", "date_in_future")),
            "{fields:?}"
        );
        assert!(
            fields.contains(&("last_marac_referral", "invalid")),
            "{fields:?}"
        );
        let lines: Vec<&str> = e
            .errors
            .iter()
            .filter(|e| e.field == "incidents")
            .map(|e| e.message.as_str())
            .collect();
        assert!(lines.iter().any(|m| m.starts_with("Line 3:")), "{lines:?}");
        assert!(lines.iter().any(|m| m.starts_with("Line 4:")), "{lines:?}");
    }

    #[test]
    fn the_safelives_version_leaves_out_the_police_only_questions() {
        let mut f = police(0);
        f.version = "safelives".into();
        let e = parse_dash(&f, today()).unwrap_err();
        for id in [10, 11, 12] {
            assert_eq!(
                e.for_field(&question_field(id)).map(|e| e.code),
                Some("not_in_version")
            );
        }
        for id in [10, 11, 12] {
            f.answers.remove(&id);
        }
        let p = parse_dash(&f, today()).unwrap();
        assert_eq!(p.checklist.answers.len(), 24);
    }

    proptest! {
        // Whatever a form posts, the checklist is accepted with a level the answers
        // allow, or refused with every error naming a field of the form.
        #[test]
        fn any_form_is_scored_or_refused_field_by_field(
            version in prop_oneof![Just("police".to_string()), Just("safelives".to_string()), "\\PC{0,10}"],
            answers in proptest::collection::btree_map(0u8..40, prop_oneof![Just("yes".to_string()), Just("no".to_string()), Just("dont_know".to_string()), "\\PC{0,8}"], 0..40),
            judgement in prop_oneof![Just(String::new()), Just("high".to_string()), "\\PC{0,8}"],
            concerns in "\\PC{0,30}",
            incidents in "[0-9/\\n a-z]{0,40}",
            last in "[0-9/]{0,12}",
        ) {
            let form = DashForm { version, victim: "V".into(), answers, professional_judgement: judgement, concerns, incidents, last_marac_referral: last };
            match parse_dash(&form, today()) {
                Ok(p) => {
                    prop_assert!(p.score.level >= p.score.suggested_level);
                    prop_assert_eq!(p.score.suggested_level, DashRiskLevel::from_yes_count(p.score.yes_count));
                }
                Err(e) => {
                    prop_assert!(!e.is_empty());
                    for err in &e.errors {
                        let known = ["version", "victim", "professional_judgement", "concerns", "incidents", "last_marac_referral"].contains(&err.field.as_str())
                            || err.field.starts_with('q');
                        prop_assert!(known, "unexpected field {}", err.field);
                    }
                }
            }
        }
    }
}
