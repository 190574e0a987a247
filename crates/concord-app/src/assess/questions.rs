//! The questions a risk review asks beyond what the record gives: the OASys items the
//! dynamic predictors read, the criminogenic needs the tier reads, and the RoSH summary.
//! Field names are those of the risk-score request (concord-risk), so an answer goes
//! straight into the calculation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AnswerKind {
    YesNo,
    Count,
    /// No problems, some problems, significant problems.
    Problem,
    /// Yes, sometimes, no.
    YesSometimesNo,
    /// Full, partial, no motivation.
    Motivation,
}

impl AnswerKind {
    /// (value, label) choices; the request's own spellings as values.
    pub fn choices(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::YesNo => &[("true", "Yes"), ("false", "No")],
            Self::Count => &[],
            Self::Problem => &[
                ("NO_PROBLEMS", "No problems"),
                ("SOME_PROBLEMS", "Some problems"),
                ("SIGNIFICANT_PROBLEMS", "Significant problems"),
            ],
            Self::YesSometimesNo => &[("YES", "Yes"), ("SOMETIMES", "Sometimes"), ("NO", "No")],
            Self::Motivation => &[
                ("FULL_MOTIVATION", "Full motivation"),
                ("PARTIAL_MOTIVATION", "Partial motivation"),
                ("NO_MOTIVATION", "No motivation"),
            ],
        }
    }
}

/// One question: the request field it answers, its group on the form, its wording.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Question {
    pub field: &'static str,
    pub group: &'static str,
    pub text: &'static str,
    pub kind: AnswerKind,
}

const fn q(
    field: &'static str,
    group: &'static str,
    text: &'static str,
    kind: AnswerKind,
) -> Question {
    Question {
        field,
        group,
        text,
        kind,
    }
}

use AnswerKind::{Count, Motivation, Problem, YesNo, YesSometimesNo};

/// The OASys items the predictors read (OGP, OVP, SNSV dynamic, OSP). Unanswered items
/// leave those predictors static or uncomputed, and the result says which.
pub const QUESTIONS: [Question; 28] = [
    q(
        "is_current_offence_sexually_motivated",
        "Offending",
        "Was the current offence sexually motivated?",
        YesNo,
    ),
    q(
        "is_current_offence_against_victim_stranger",
        "Offending",
        "Was the victim of the current offence a stranger?",
        YesNo,
    ),
    q(
        "did_offence_involve_carrying_or_using_weapon",
        "Offending",
        "Did the offence involve carrying or using a weapon?",
        YesNo,
    ),
    q(
        "total_contact_adult_sexual_sanctions",
        "Sexual offending",
        "Sanctions for contact sexual offences against adults",
        Count,
    ),
    q(
        "total_contact_child_sexual_sanctions",
        "Sexual offending",
        "Sanctions for contact sexual offences against children",
        Count,
    ),
    q(
        "total_indecent_image_sanctions",
        "Sexual offending",
        "Sanctions for indecent images of children",
        Count,
    ),
    q(
        "total_non_contact_sexual_offences",
        "Sexual offending",
        "Non-contact sexual offences (excluding images)",
        Count,
    ),
    q(
        "is_currently_of_no_fixed_abode_or_transient_accommodation",
        "Accommodation (OASys 3)",
        "Currently of no fixed abode or in transient accommodation?",
        YesNo,
    ),
    q(
        "suitability_of_accommodation",
        "Accommodation (OASys 3)",
        "Suitability of accommodation",
        Problem,
    ),
    q(
        "is_unemployed",
        "Education, training and employability (OASys 4)",
        "Unemployed?",
        YesNo,
    ),
    q(
        "current_relationship_with_partner",
        "Relationships (OASys 6)",
        "Current relationship with partner",
        Problem,
    ),
    q(
        "evidence_of_domestic_abuse",
        "Relationships (OASys 6)",
        "Evidence of domestic abuse?",
        YesNo,
    ),
    q(
        "domestic_abuse_against_partner",
        "Relationships (OASys 6)",
        "Domestic abuse against a partner?",
        YesNo,
    ),
    q(
        "domestic_abuse_against_family",
        "Relationships (OASys 6)",
        "Domestic abuse against family members?",
        YesNo,
    ),
    q(
        "regular_offending_activities",
        "Lifestyle and associates (OASys 7)",
        "Regular activities encourage offending",
        Problem,
    ),
    q(
        "current_drug_misuse",
        "Drug misuse (OASys 8)",
        "Current drug misuse",
        Problem,
    ),
    q(
        "motivation_to_tackle_drug_misuse",
        "Drug misuse (OASys 8)",
        "Motivation to tackle drug misuse",
        Motivation,
    ),
    q(
        "current_alcohol_use_problems",
        "Alcohol misuse (OASys 9)",
        "Current use of alcohol disrupts life (chronic drinking)",
        Problem,
    ),
    q(
        "excessive_alcohol_use",
        "Alcohol misuse (OASys 9)",
        "Binge drinking or excessive use of alcohol",
        Problem,
    ),
    q(
        "has_current_psychiatric_treatment",
        "Emotional well-being (OASys 10)",
        "Currently receiving psychiatric treatment?",
        YesNo,
    ),
    q(
        "impulsivity_problems",
        "Thinking and behaviour (OASys 11)",
        "Impulsivity",
        Problem,
    ),
    q(
        "temper_control",
        "Thinking and behaviour (OASys 11)",
        "Temper control",
        Problem,
    ),
    q(
        "problem_solving_skills",
        "Thinking and behaviour (OASys 11)",
        "Problem-solving skills",
        Problem,
    ),
    q(
        "awareness_of_consequences",
        "Thinking and behaviour (OASys 11)",
        "Aware of the consequences of actions?",
        YesSometimesNo,
    ),
    q(
        "understands_other_peoples_views",
        "Thinking and behaviour (OASys 11)",
        "Understands other people's views",
        Problem,
    ),
    q(
        "pro_criminal_attitudes",
        "Attitudes (OASys 12)",
        "Pro-criminal attitudes",
        Problem,
    ),
    q(
        "does_recognise_impact_of_offending_on_others",
        "Attitudes (OASys 12)",
        "Recognises the impact of offending on others?",
        YesNo,
    ),
    q(
        "has_parenting_responsibilities",
        "Relationships (OASys 6)",
        "Has parenting responsibilities? (OASys 6.9; counts for the tier for women)",
        YesNo,
    ),
];

pub fn question(field: &str) -> Option<&'static Question> {
    QUESTIONS.iter().find(|q| q.field == field)
}

/// The answer "none of these previous convictions": SNSV's dynamic model needs the
/// question answered, and an empty list is an answer only when someone gave it.
pub const NO_PREVIOUS_CONVICTIONS: &str = "NONE";

/// Previous convictions SNSV's dynamic model reads, as the request spells them.
pub const PREVIOUS_CONVICTIONS: [(&str, &str); 9] = [
    ("HOMICIDE", "Homicide"),
    ("WOUNDING_GBH", "Wounding or GBH"),
    ("KIDNAPPING", "Kidnapping"),
    ("FIREARMS", "Firearms"),
    ("ROBBERY", "Robbery"),
    ("AGGRAVATED_BURGLARY", "Aggravated burglary"),
    ("WEAPON", "Weapon (not firearm)"),
    ("CRIMINAL_DAMAGE", "Criminal damage"),
    ("ARSON", "Arson"),
];

/// The criminogenic need sections the legacy tier's change level reads, with the
/// assessor's severity for each (the OASys section outcome).
pub const NEEDS: [(&str, &str); 10] = [
    ("ACCOMMODATION", "Accommodation"),
    (
        "EDUCATION_TRAINING_EMPLOYABILITY",
        "Education, training and employability",
    ),
    ("RELATIONSHIPS", "Relationships"),
    ("LIFESTYLE_AND_ASSOCIATES", "Lifestyle and associates"),
    ("DRUG_MISUSE", "Drug misuse"),
    ("ALCOHOL_MISUSE", "Alcohol misuse"),
    ("THINKING_AND_BEHAVIOUR", "Thinking and behaviour"),
    ("ATTITUDES", "Attitudes"),
    (
        "FINANCIAL_MANAGEMENT_AND_INCOME",
        "Financial management and income",
    ),
    ("EMOTIONAL_WELLBEING", "Emotional well-being"),
];

pub const NEED_SEVERITIES: [(&str, &str); 3] = [
    ("NO_NEED", "No need"),
    ("STANDARD", "Standard need"),
    ("SEVERE", "Severe need"),
];

/// The assessor's answers to the questions above (typed JSON values keyed by field), the
/// previous convictions and the need severities.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Answers {
    #[serde(default)]
    pub items: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub previous_convictions: Vec<String>,
    #[serde(default)]
    pub needs: BTreeMap<String, String>,
}

/// The RoSH summary: a level for each risk group, and the narrative an assessor writes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RoshAnswers {
    /// RiskGroup code (e.g. "KNOWN_ADULT") → RoshLevel code (e.g. "HIGH").
    #[serde(default)]
    pub levels: BTreeMap<String, String>,
    #[serde(default)]
    pub who_is_at_risk: String,
    #[serde(default)]
    pub nature_of_harm: String,
    #[serde(default)]
    pub when_most_likely: String,
    #[serde(default)]
    pub what_increases: String,
    #[serde(default)]
    pub what_reduces: String,
}
