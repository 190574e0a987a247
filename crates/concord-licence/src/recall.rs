//! Fixed-term or standard recall (rules.md §6.3; CJA 2003 ss.254–255C).
//!
//! On recall the Secretary of State must consider whether the person is suitable for
//! automatic release after a fixed term. s.255A(4ZA) makes them suitable when **all** of
//! its conditions hold; each is a [`Criterion`] here, shown with whether it is met and why.
//! Extended-sentence prisoners are outside fixed-term recall altogether (s.255A), so an
//! extended sentence is listed as a criterion too.
//!
//! Decisions:
//! - Three-valued: a criterion that is not met decides the answer (`Some(false)`) even if
//!   other facts are unknown; otherwise any unknown fact leaves eligibility unknown
//!   (`None`) and is named in `missing`. Until it is known, Concord recommends a standard
//!   recall, the one that does not release automatically.
//! - `mappa_level`: 0 means not managed under MAPPA; 1, 2 and 3 are the levels. Any other
//!   number is not a MAPPA level and is treated as unknown.
//! - "Serving a sentence of less than 4 years" is read as under 48 months.
//! - Fixed-term days: 14 when the sentence is under 12 months, 28 when 12 months or more.
//!   rules.md gives this rule under s.255B ("automatic release period", noted there against
//!   subsection (1A)); the 2008 original was 28 days for everyone. Confirm the current
//!   text of s.255B before relying on it.
//! - Not meeting s.255A(4ZA) does not rule fixed-term recall out entirely: the Secretary of
//!   State may still find the person suitable if satisfied they will not present a risk of
//!   serious harm at the end of the fixed term. That is a judgement, so Concord recommends
//!   a standard recall and says so in the summary.
//! - Other exclusions in s.255A (serious terrorism sentences, s.244ZB referrals) are not
//!   among the facts; the terrorist criteria below are the nearest Concord records.

use serde::{Deserialize, Serialize};

/// What is known about the person and sentence at recall; `None` is "not known yet".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecallFacts {
    pub age_on_recall: Option<u32>,
    pub sentence_months: Option<u32>,
    pub schedule_19aa_offence: Option<bool>,
    pub terrorist_sentence: Option<bool>,
    pub terrorist_mappa_category: Option<bool>,
    pub charged_with_offence: Option<bool>,
    pub mappa_level: Option<u8>,
    pub extended_sentence: Option<bool>,
}

/// One test of suitability for fixed-term recall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Criterion {
    /// The fact tested (the name listed in `missing` when it is unknown).
    pub code: &'static str,
    /// The test, in plain words with its statutory source.
    pub test: &'static str,
    pub met: Option<bool>,
    /// Why it is or is not met, or what is needed.
    pub explanation: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RecallType {
    /// Automatic release after this many days back in custody (s.255B).
    FixedTerm { days: u32 },
    /// Release only by the Secretary of State or the Parole Board (s.255C).
    Standard,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecallAssessment {
    pub fixed_term_eligible: Option<bool>,
    pub recommended: RecallType,
    pub criteria: Vec<Criterion>,
    pub missing: Vec<&'static str>,
    /// One paragraph for the recall report.
    pub summary: String,
}

/// Every criterion, in the order of s.255A(4ZA), then the extended-sentence exclusion.
pub fn assess_recall(f: &RecallFacts) -> RecallAssessment {
    let age = f.age_on_recall.map(|age| {
        let under = if age >= 18 { "" } else { ", under 18" };
        (age >= 18, format!("Aged {age} on recall{under}"))
    });
    let sentence = f.sentence_months.map(|m| {
        let band = if m < 48 {
            "under 4 years"
        } else {
            "4 years or more"
        };
        (m < 48, format!("Sentence of {m} months, {band}"))
    });
    let criteria = vec![
        criterion("age", "Aged 18 or over on recall (s.255A(4ZA))", age),
        criterion(
            "sentence_months",
            "Serving a sentence of less than 4 years (s.255A(4ZA))",
            sentence,
        ),
        disqualifier(
            "schedule_19aa_offence",
            "Not serving a sentence for an offence in Schedule 19AA (s.255A(4ZA))",
            f.schedule_19aa_offence,
            ("The offence is in Schedule 19AA", "The offence is not in Schedule 19AA"),
        ),
        disqualifier(
            "terrorist_sentence",
            "Not serving a sentence within s.247A(2), terrorist offenders (s.255A(4ZA))",
            f.terrorist_sentence,
            ("Serving a sentence within s.247A(2)", "Not serving a sentence within s.247A(2)"),
        ),
        disqualifier(
            "terrorist_mappa_category",
            "Not within s.325(2)(aa) or (c), the terrorist MAPPA categories (s.255A(4ZA))",
            f.terrorist_mappa_category,
            ("Within a terrorist MAPPA category", "Not within a terrorist MAPPA category"),
        ),
        disqualifier(
            "charged_with_offence",
            "Not recalled on account of being charged with an offence (s.255A(4ZA))",
            f.charged_with_offence,
            ("Recalled because charged with an offence", "Not recalled because of a charge"),
        ),
        mappa(f.mappa_level),
        disqualifier(
            "extended_sentence",
            "Not serving an extended sentence: extended sentences are outside fixed-term recall (s.255A)",
            f.extended_sentence,
            ("Serving an extended sentence", "Not serving an extended sentence"),
        ),
    ];
    let missing: Vec<&'static str> = criteria
        .iter()
        .filter(|c| c.met.is_none())
        .map(|c| c.code)
        .collect();
    let eligible = if criteria.iter().any(|c| c.met == Some(false)) {
        Some(false)
    } else if missing.is_empty() {
        Some(true)
    } else {
        None
    };
    let recommended = match (eligible, f.sentence_months) {
        (Some(true), Some(months)) => RecallType::FixedTerm {
            days: if months < 12 { 14 } else { 28 },
        },
        _ => RecallType::Standard,
    };
    let summary = summarise(eligible, recommended, &criteria, &missing);
    RecallAssessment {
        fixed_term_eligible: eligible,
        recommended,
        criteria,
        missing,
        summary,
    }
}

fn criterion(code: &'static str, test: &'static str, known: Option<(bool, String)>) -> Criterion {
    let (met, explanation) = match known {
        Some((met, why)) => (Some(met), why),
        None => (
            None,
            "Not known: record this to decide suitability for fixed-term recall".to_string(),
        ),
    };
    Criterion {
        code,
        test,
        met,
        explanation,
    }
}

/// A criterion met when a disqualifying fact is false; `(when_yes, when_no)` explain it.
fn disqualifier(
    code: &'static str,
    test: &'static str,
    fact: Option<bool>,
    (when_yes, when_no): (&str, &str),
) -> Criterion {
    let known = fact.map(|yes| (!yes, if yes { when_yes } else { when_no }.to_string()));
    criterion(code, test, known)
}

fn mappa(level: Option<u8>) -> Criterion {
    let test = "Not managed at MAPPA level 2 or 3 (s.255A(4ZA))";
    match level {
        Some(0) => criterion(
            "mappa_level",
            test,
            Some((true, "Not managed under MAPPA".to_string())),
        ),
        Some(1) => criterion(
            "mappa_level",
            test,
            Some((true, "Managed at MAPPA level 1".to_string())),
        ),
        Some(l @ (2 | 3)) => criterion(
            "mappa_level",
            test,
            Some((false, format!("Managed at MAPPA level {l}"))),
        ),
        Some(l) => Criterion {
            code: "mappa_level",
            test,
            met: None,
            explanation: format!(
                "{l} is not a MAPPA level: record 0 (not managed under MAPPA), 1, 2 or 3"
            ),
        },
        None => criterion("mappa_level", test, None),
    }
}

fn summarise(
    eligible: Option<bool>,
    recommended: RecallType,
    criteria: &[Criterion],
    missing: &[&str],
) -> String {
    let failed: Vec<&Criterion> = criteria.iter().filter(|c| c.met == Some(false)).collect();
    let extended = failed.iter().any(|c| c.code == "extended_sentence");
    match (eligible, recommended) {
        (Some(true), RecallType::FixedTerm { days }) => format!(
            "Suitable for automatic release: every condition of s.255A(4ZA) is met. \
             Fixed-term recall of {days} days (s.255B)."
        ),
        (Some(false), _) if extended => "Excluded from fixed-term recall: serving an extended \
             sentence (s.255A). Standard recall."
            .to_string(),
        (Some(false), _) => {
            let reasons: Vec<&str> = failed.iter().map(|c| c.explanation.as_str()).collect();
            format!(
                "Not automatically suitable for fixed-term recall: {}. Standard recall, unless \
                 the Secretary of State is satisfied the person will not present a risk of \
                 serious harm at the end of a fixed term.",
                reasons.join("; ")
            )
        }
        _ => format!(
            "Suitability for fixed-term recall cannot be decided until these are known: {}. \
             Standard recall until then.",
            missing.join(", ")
        ),
    }
}

concord_domain::closed_codes! {
    /// Where a recall stands: requested, then rejected or the licence revoked, then the
    /// person returned to custody.
    pub enum RecallStatus {
        Requested = "REQUESTED", "Requested",
        Rejected = "REJECTED", "Rejected",
        Revoked = "REVOKED", "Licence revoked",
        ReturnedToCustody = "RETURNED_TO_CUSTODY", "Returned to custody",
    }
}

concord_domain::closed_codes! {
    /// The kind of recall assessed, as stored with the recall (a fixed-term recall keeps
    /// its days beside it).
    pub enum RecallKind {
        FixedTerm = "fixed_term", "fixed-term recall",
        Standard = "standard", "standard recall",
    }
}

impl RecallType {
    /// The kind, without the days.
    pub fn kind(self) -> RecallKind {
        match self {
            RecallType::FixedTerm { .. } => RecallKind::FixedTerm,
            RecallType::Standard => RecallKind::Standard,
        }
    }
}
