//! What a risk review can take from the record instead of asking the assessor to re-key
//! it (the National Audit Office's complaint): age, gender, sanctions, age at first
//! sanction, the current offence and its dates. Each fact says where it came from, so the
//! assessor can confirm it or correct it with a reason.

use chrono::NaiveDate;
use concord_domain::{age_on, format_date, Gender, SentenceKind};
use concord_risk::{RiskScoreRequest, SupervisionStatus};
use serde::{Deserialize, Serialize};

use crate::person::{OffenceView, PersonRecord, SentenceView};

/// One pre-filled input: the field of the risk-score request it fills, what the record
/// says, and how that was worked out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub field: String,
    pub label: String,
    /// The value as the record gives it (the form's text), if the record has one.
    pub from_record: Option<String>,
    /// How the record's value was found, e.g. "3 court appearances with a conviction".
    pub source: String,
    /// The value the assessor confirmed: the record's, or their correction.
    pub value: Option<String>,
    /// Why the assessor's value differs from the record's (required when it does).
    pub correction_reason: Option<String>,
}

impl Fact {
    pub fn is_corrected(&self) -> bool {
        self.value != self.from_record
    }
}

/// The kinds of value a fact holds, for parsing the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    Date,
    Count,
    OffenceCode,
    Gender,
    Supervision,
    YesNo,
}

/// The fields pre-filled from the record, in the order the form shows them.
pub const FACT_FIELDS: [(&str, &str, FactKind); 12] = [
    ("gender", "Gender", FactKind::Gender),
    ("date_of_birth", "Date of birth", FactKind::Date),
    (
        "current_offence_code",
        "Current offence (Home Office code)",
        FactKind::OffenceCode,
    ),
    (
        "date_of_current_conviction",
        "Date of current conviction",
        FactKind::Date,
    ),
    (
        "date_at_start_of_followup_calculated",
        "Start of follow-up (community sentence start or earliest release)",
        FactKind::Date,
    ),
    (
        "total_number_of_sanctions_for_all_offences",
        "Sanctions, including the current one",
        FactKind::Count,
    ),
    (
        "total_number_of_violent_sanctions",
        "Violent sanctions",
        FactKind::Count,
    ),
    (
        "age_at_first_sanction",
        "Age at first sanction",
        FactKind::Count,
    ),
    (
        "most_recent_offence_date",
        "Date of the most recent offence",
        FactKind::Date,
    ),
    (
        "has_ever_committed_sexual_offence",
        "Has ever committed a sexual offence",
        FactKind::YesNo,
    ),
    (
        "date_of_most_recent_sexual_offence",
        "Date of the most recent sexual offence",
        FactKind::Date,
    ),
    (
        "supervision_status",
        "Supervised in the community or in custody",
        FactKind::Supervision,
    ),
];

pub fn fact_kind(field: &str) -> Option<FactKind> {
    FACT_FIELDS
        .iter()
        .find(|(f, _, _)| *f == field)
        .map(|(_, _, k)| *k)
}

/// OGRS3 categories counted as violent sanctions (OVP, SNSV): violence against the person
/// and robbery, the violent groups of the offence catalogue.
const VIOLENT: [&str; 2] = ["Violence", "Robbery"];
const SEXUAL: [&str; 2] = ["Sexual (against child)", "Sexual (not against child)"];

/// A sanction is a court appearance ending in conviction: offences convicted on the same
/// day count once.
fn sanction_dates<'a>(offences: impl Iterator<Item = &'a OffenceView>) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = offences.filter_map(|o| o.conviction_date).collect();
    dates.sort();
    dates.dedup();
    dates
}

/// The facts the record gives, worked out as of `today`.
pub fn facts_from_record(record: &PersonRecord, today: NaiveDate) -> Vec<Fact> {
    let convicted: Vec<&OffenceView> = record
        .offences
        .iter()
        .filter(|o| o.conviction_date.is_some_and(|d| d <= today))
        .collect();
    let sanctions = sanction_dates(convicted.iter().copied());
    // The current offence: the most recent conviction (the most serious-looking ties are
    // broken by the later offence date).
    let current = convicted
        .iter()
        .max_by_key(|o| (o.conviction_date, o.offence_date))
        .copied();
    let violent = sanction_dates(
        convicted
            .iter()
            .copied()
            .filter(|o| VIOLENT.contains(&o.category.as_str())),
    );
    let sexual: Vec<&OffenceView> = convicted
        .iter()
        .copied()
        .filter(|o| SEXUAL.contains(&o.category.as_str()))
        .collect();
    let sentence = current.and_then(|c| current_sentence(&record.sentences, c));
    let follow_up = sentence.map(|s| {
        if s.kind.is_custodial() {
            s.release_date.unwrap_or(s.start_date)
        } else {
            s.start_date
        }
    });
    let in_custody = record.sentences.iter().any(|s| {
        s.kind.is_custodial() && s.start_date <= today && s.release_date.is_none_or(|r| r > today)
    });
    let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut facts = vec![];
    let mut fact = |field: &str, value: Option<String>, source: String| {
        let label = FACT_FIELDS
            .iter()
            .find(|(f, _, _)| *f == field)
            .map_or(field, |(_, l, _)| *l);
        facts.push(Fact {
            field: field.to_string(),
            label: label.to_string(),
            from_record: value.clone(),
            source,
            value,
            correction_reason: None,
        });
    };
    let gender = match record.gender {
        Gender::Male => Some("MALE".to_string()),
        Gender::Female => Some("FEMALE".to_string()),
        Gender::NotKnown | Gender::NotSpecified => None,
    };
    fact(
        "gender",
        gender,
        format!("Recorded as {}", record.gender.label().to_lowercase()),
    );
    fact(
        "date_of_birth",
        Some(date(record.date_of_birth)),
        "The record's date of birth".into(),
    );
    match current {
        Some(c) => {
            fact(
                "current_offence_code",
                Some(c.offence_code.clone()),
                format!(
                    "{} ({}), recorded by {}",
                    c.description, c.category, c.agency
                ),
            );
            fact(
                "date_of_current_conviction",
                c.conviction_date.map(date),
                format!("Conviction for {}", c.description),
            );
        }
        None => {
            fact(
                "current_offence_code",
                None,
                "No conviction recorded".into(),
            );
            fact(
                "date_of_current_conviction",
                None,
                "No conviction recorded".into(),
            );
        }
    }
    fact(
        "date_at_start_of_followup_calculated",
        follow_up.map(date),
        match sentence {
            Some(s) if s.kind.is_custodial() && s.release_date.is_some() => {
                format!("Release date of the {}", s.kind.label().to_lowercase())
            }
            Some(s) => format!("Start of the {}", s.kind.label().to_lowercase()),
            None => "No sentence recorded for the current conviction".into(),
        },
    );
    fact(
        "total_number_of_sanctions_for_all_offences",
        (!sanctions.is_empty()).then(|| sanctions.len().to_string()),
        format!(
            "{} court appearance(s) ending in conviction ({} offence(s))",
            sanctions.len(),
            convicted.len()
        ),
    );
    fact(
        "total_number_of_violent_sanctions",
        (!sanctions.is_empty()).then(|| violent.len().to_string()),
        "Convictions for violence against the person or robbery, one per appearance".into(),
    );
    fact(
        "age_at_first_sanction",
        sanctions
            .first()
            .map(|first| age_on(record.date_of_birth, *first).to_string()),
        match sanctions.first() {
            Some(first) => format!("First conviction on {}", format_date(*first)),
            None => "No conviction recorded".into(),
        },
    );
    fact(
        "most_recent_offence_date",
        record
            .offences
            .iter()
            .map(|o| o.offence_date)
            .max()
            .map(date),
        format!(
            "The latest of {} recorded offence(s)",
            record.offences.len()
        ),
    );
    fact(
        "has_ever_committed_sexual_offence",
        Some(if sexual.is_empty() { "no" } else { "yes" }.to_string()),
        format!("{} sexual offence conviction(s) recorded", sexual.len()),
    );
    fact(
        "date_of_most_recent_sexual_offence",
        sexual.iter().map(|o| o.offence_date).max().map(date),
        if sexual.is_empty() {
            "No sexual offence recorded".into()
        } else {
            "The latest sexual offence recorded".into()
        },
    );
    fact(
        "supervision_status",
        Some(if in_custody { "CUSTODY" } else { "COMMUNITY" }.to_string()),
        if in_custody {
            "A custodial sentence with no release date yet passed".into()
        } else {
            "No custodial sentence running today".into()
        },
    );
    facts
}

/// The sentence passed for the current conviction: the latest one starting on or after
/// the conviction (custody starts on sentencing; orders may start later).
fn current_sentence<'a>(
    sentences: &'a [SentenceView],
    current: &OffenceView,
) -> Option<&'a SentenceView> {
    let convicted = current.conviction_date?;
    sentences
        .iter()
        .filter(|s| s.start_date >= convicted && !s.kind.is_civil_order())
        .filter(|s| s.kind != SentenceKind::NotificationRequirement)
        .min_by_key(|s| s.start_date)
}

/// Put the confirmed facts into the request the predictors read. The values were checked
/// when they were saved; one that does not parse is left out (and reported missing).
pub fn apply_facts(facts: &[Fact], req: &mut RiskScoreRequest) {
    for f in facts {
        let Some(v) = f.value.as_deref() else {
            continue;
        };
        let date = || NaiveDate::parse_from_str(v, "%Y-%m-%d").ok();
        let count = || v.parse::<i64>().ok();
        match f.field.as_str() {
            "gender" => {
                req.gender = match v {
                    "MALE" => Some(concord_risk::Gender::Male),
                    "FEMALE" => Some(concord_risk::Gender::Female),
                    _ => None,
                }
            }
            "date_of_birth" => req.date_of_birth = date(),
            "current_offence_code" => req.current_offence_code = Some(v.to_string()),
            "date_of_current_conviction" => req.date_of_current_conviction = date(),
            "date_at_start_of_followup_calculated" => {
                req.date_at_start_of_followup_calculated = date();
                req.date_at_start_of_followup_user_input = date();
            }
            "total_number_of_sanctions_for_all_offences" => {
                req.total_number_of_sanctions_for_all_offences = count();
            }
            "total_number_of_violent_sanctions" => req.total_number_of_violent_sanctions = count(),
            "age_at_first_sanction" => req.age_at_first_sanction = count(),
            "most_recent_offence_date" => req.most_recent_offence_date = date(),
            "has_ever_committed_sexual_offence" => {
                req.has_ever_committed_sexual_offence = Some(v == "yes");
            }
            "date_of_most_recent_sexual_offence" => req.date_of_most_recent_sexual_offence = date(),
            "supervision_status" => {
                req.supervision_status = match v {
                    "CUSTODY" => Some(SupervisionStatus::Custody),
                    "REMAND" => Some(SupervisionStatus::Remand),
                    "COMMUNITY" => Some(SupervisionStatus::Community),
                    _ => None,
                }
            }
            _ => {}
        }
    }
}
