//! The DASH risk identification checklist (Domestic Abuse, Stalking, Harassment and
//! honour-based violence; ACPO/CAADA 2009) and the SafeLives MARAC referral criteria
//! (rules.md §3.4).
//!
//! Two versions exist: the police version with 27 questions and the SafeLives
//! (non-police) version with 24. Each "yes" counts one; 1–9 yes is standard risk, 10–13
//! medium, 14 or more high. Professional judgement may raise the level, never lower it.
//!
//! Decisions:
//! - Questions are identified by their police-version number (1–27) in both versions, so an
//!   answer means the same thing whichever form was used; each question also carries its
//!   number on the SafeLives form.
//! - The SafeLives version leaves out police questions 10 (other children or dependants in
//!   the household), 11 (abuser has hurt the children/dependants) and 12 (abuser has
//!   threatened to hurt or kill the children/dependants); the SafeLives form asks about
//!   harm to others, children included, in its "hurt anyone else" question (police 21).
//! - Only the wording of questions 1–11 is verified against a stored copy of the 2009 form;
//!   12–27 use the commonly cited topics and are marked `wording_verified: false`.
//! - `about_victim` marks questions about the victim's own situation or feelings (as
//!   opposed to the abuser's behaviour), so a form can group them.
//! - Zero "yes" answers is the standard level: there is no level below standard.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Which form was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DashVersion {
    /// ACPO DASH 2009, 27 questions.
    Police,
    /// SafeLives Dash risk checklist, 24 questions.
    SafeLives,
}

/// An answer to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DashAnswer {
    Yes,
    No,
    DontKnow,
}

/// One checklist question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DashQuestion {
    /// Number on the police form, 1–27; the stable id in both versions.
    pub id: u8,
    /// Number on the SafeLives form, 1–24; `None` for the three police-only questions.
    pub safelives_number: Option<u8>,
    pub text: &'static str,
    pub about_victim: bool,
    /// False where the wording is the commonly cited topic, not checked against the form.
    pub wording_verified: bool,
}

const fn q(
    id: u8,
    safelives_number: Option<u8>,
    text: &'static str,
    about_victim: bool,
) -> DashQuestion {
    DashQuestion {
        id,
        safelives_number,
        text,
        about_victim,
        wording_verified: id <= 11,
    }
}

/// The 27 questions of the police form, in order.
pub const QUESTIONS: [DashQuestion; 27] = [
    q(1, Some(1), "Has the current incident resulted in injury?", true),
    q(2, Some(2), "Are you very frightened?", true),
    q(3, Some(3), "What are you afraid of? Is it further injury or violence, or being killed (you, the children, someone else)?", true),
    q(4, Some(4), "Do you feel isolated from family or friends?", true),
    q(5, Some(5), "Are you feeling depressed or having suicidal thoughts?", true),
    q(6, Some(6), "Have you separated or tried to separate from the abuser within the past year?", true),
    q(7, Some(7), "Is there conflict over child contact?", true),
    q(8, Some(8), "Does the abuser constantly text, call, contact, follow, stalk or harass you?", false),
    q(9, Some(9), "Are you pregnant or have you recently had a baby (within the last 18 months)?", true),
    q(10, None, "Are there any children or step-children in the household who are not the abuser's, or other dependants?", true),
    q(11, None, "Has the abuser ever hurt the children or dependants?", false),
    // 12–27: commonly cited topics; wording not verified against the form.
    q(12, None, "Has the abuser ever threatened to hurt or kill the children or dependants?", false),
    q(13, Some(10), "Is the abuse happening more often?", false),
    q(14, Some(11), "Is the abuse getting worse?", false),
    q(15, Some(12), "Does the abuser try to control everything you do and/or are they excessively jealous?", false),
    q(16, Some(13), "Has the abuser ever used weapons or objects to hurt you?", false),
    q(17, Some(14), "Has the abuser ever threatened to kill you or someone else and you believed them?", false),
    q(18, Some(15), "Has the abuser ever attempted to strangle, choke, suffocate or drown you?", false),
    q(19, Some(16), "Does the abuser do or say things of a sexual nature that make you feel bad or that physically hurt you or someone else?", false),
    q(20, Some(17), "Is there any other person who has threatened you or whom you are afraid of?", true),
    q(21, Some(18), "Do you know if the abuser has hurt anyone else?", false),
    q(22, Some(19), "Has the abuser ever mistreated an animal or the family pet?", false),
    q(23, Some(20), "Are there any financial issues?", true),
    q(24, Some(21), "Has the abuser had problems in the past year with drugs, alcohol or mental health leading to problems in leading a normal life?", false),
    q(25, Some(22), "Has the abuser ever threatened or attempted suicide?", false),
    q(26, Some(23), "Has the abuser ever broken bail, an injunction or a formal agreement for when they can see you and/or the children?", false),
    q(27, Some(24), "Do you know if the abuser has ever been in trouble with the police or has a criminal history?", false),
];

impl DashVersion {
    pub fn label(self) -> &'static str {
        match self {
            Self::Police => "Police DASH (27 questions)",
            Self::SafeLives => "SafeLives Dash (24 questions)",
        }
    }

    /// The number a question has on this version's form.
    pub fn number_of(self, q: &DashQuestion) -> Option<u8> {
        match self {
            Self::Police => Some(q.id),
            Self::SafeLives => q.safelives_number,
        }
    }

    /// The questions of this version, in form order.
    pub fn questions(self) -> impl Iterator<Item = &'static DashQuestion> {
        QUESTIONS
            .iter()
            .filter(move |q| self == DashVersion::Police || q.safelives_number.is_some())
    }

    pub fn includes(self, id: u8) -> bool {
        self.questions().any(|q| q.id == id)
    }
}

/// DASH risk level, ordered from standard to high.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DashRiskLevel {
    Standard,
    Medium,
    High,
}

impl DashRiskLevel {
    /// The level the number of "yes" answers suggests: 0–9 standard, 10–13 medium, 14+ high.
    pub fn from_yes_count(yes: u32) -> Self {
        match yes {
            0..=9 => Self::Standard,
            10..=13 => Self::Medium,
            _ => Self::High,
        }
    }

    pub const ALL: [DashRiskLevel; 3] = [Self::Standard, Self::Medium, Self::High];

    pub fn label(self) -> &'static str {
        match self {
            Self::Standard => "Standard",
            Self::Medium => "Medium",
            Self::High => "High",
        }
    }

    /// The meaning of the level, mirroring the RoSH wording.
    pub fn definition(self) -> &'static str {
        match self {
            Self::Standard => "Current evidence does not indicate likelihood of causing serious harm.",
            Self::Medium => "There are identifiable indicators of risk of serious harm. The offender has the potential to cause serious harm but is unlikely to do so unless there is a change in circumstances.",
            Self::High => "There are identifiable indicators of risk of serious harm. The potential event could happen at any time and the impact would be serious.",
        }
    }
}

/// A completed checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashChecklist {
    pub version: DashVersion,
    /// Answers by police-form question number; unanswered questions count as not "yes".
    pub answers: BTreeMap<u8, DashAnswer>,
    /// The practitioner's own level, which may raise the suggested one but never lower it.
    pub professional_judgement: Option<DashRiskLevel>,
}

/// The scored checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashScore {
    pub yes_count: u32,
    /// The level the count suggests.
    pub suggested_level: DashRiskLevel,
    /// The level after professional judgement.
    pub level: DashRiskLevel,
    pub raised_by_professional_judgement: bool,
    /// Question ids of this version without an answer.
    pub unanswered: Vec<u8>,
}

/// A checklist answer that does not belong on the form used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DashError {
    #[error("question {0} is not a DASH question")]
    UnknownQuestion(u8),
    #[error("question {id} is not asked in the {version:?} version")]
    NotInVersion { id: u8, version: DashVersion },
}

/// Scores a checklist.
pub fn score_dash(checklist: &DashChecklist) -> Result<DashScore, DashError> {
    for &id in checklist.answers.keys() {
        if !QUESTIONS.iter().any(|q| q.id == id) {
            return Err(DashError::UnknownQuestion(id));
        }
        if !checklist.version.includes(id) {
            return Err(DashError::NotInVersion {
                id,
                version: checklist.version,
            });
        }
    }
    let yes_count = checklist
        .answers
        .values()
        .filter(|a| **a == DashAnswer::Yes)
        .count() as u32;
    let suggested_level = DashRiskLevel::from_yes_count(yes_count);
    let level = checklist
        .professional_judgement
        .map_or(suggested_level, |pj| pj.max(suggested_level));
    Ok(DashScore {
        yes_count,
        suggested_level,
        level,
        raised_by_professional_judgement: level > suggested_level,
        unanswered: checklist
            .version
            .questions()
            .map(|q| q.id)
            .filter(|id| !checklist.answers.contains_key(id))
            .collect(),
    })
}

/// The potential-escalation threshold: this many incidents within this many months. The
/// common threshold is 3 in 12 months; some areas use 6 months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationThreshold {
    pub incidents: u32,
    pub months: u32,
}

impl Default for EscalationThreshold {
    fn default() -> Self {
        Self {
            incidents: 3,
            months: 12,
        }
    }
}

/// What is known when deciding on a MARAC referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaracInput {
    /// "Yes" answers on the DASH checklist.
    pub yes_count: u32,
    /// The referrer's articulated concerns when referring on professional judgement.
    pub professional_judgement_concerns: Option<String>,
    /// Dates of domestic abuse incidents known to any agency (not only police call-outs).
    pub incident_dates: Vec<NaiveDate>,
    pub last_marac_referral: Option<NaiveDate>,
    pub escalation: EscalationThreshold,
}

/// The four SafeLives referral criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MaracCriterion {
    /// 14 or more "yes" answers.
    VisibleHighRisk,
    /// The referrer's judgement, with the concerns articulated.
    ProfessionalJudgement,
    /// Enough incidents in the window (commonly 3 in 12 months).
    PotentialEscalation,
    /// A further incident within 12 months of the last MARAC referral.
    RepeatReferral,
}

impl MaracCriterion {
    pub fn label(self) -> &'static str {
        match self {
            Self::VisibleHighRisk => "visible high risk (14 or more \"yes\" answers)",
            Self::ProfessionalJudgement => "professional judgement",
            Self::PotentialEscalation => "potential escalation (repeated incidents)",
            Self::RepeatReferral => {
                "repeat referral (a further incident within 12 months of the last MARAC referral)"
            }
        }
    }
}

/// Whether to refer, and on which criteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MaracDecision {
    pub refer: bool,
    pub criteria: Vec<MaracCriterion>,
}

/// Evaluates the MARAC criteria as of `today`. Incidents after `today` are ignored.
pub fn evaluate_marac(input: &MaracInput, today: NaiveDate) -> MaracDecision {
    let mut criteria = Vec::new();
    if input.yes_count >= 14 {
        criteria.push(MaracCriterion::VisibleHighRisk);
    }
    if input
        .professional_judgement_concerns
        .as_deref()
        .is_some_and(|c| !c.trim().is_empty())
    {
        criteria.push(MaracCriterion::ProfessionalJudgement);
    }
    let known = input.incident_dates.iter().filter(|d| **d <= today);
    let window_start = today.checked_sub_months(Months::new(input.escalation.months));
    let in_window = known
        .clone()
        .filter(|d| window_start.is_none_or(|start| **d > start))
        .count();
    if input.escalation.incidents > 0 && in_window >= input.escalation.incidents as usize {
        criteria.push(MaracCriterion::PotentialEscalation);
    }
    if let Some(referral) = input.last_marac_referral {
        let until = referral.checked_add_months(Months::new(12));
        if known
            .clone()
            .any(|d| *d > referral && until.is_none_or(|u| *d <= u))
        {
            criteria.push(MaracCriterion::RepeatReferral);
        }
    }
    MaracDecision {
        refer: !criteria.is_empty(),
        criteria,
    }
}
