//! MAPPA eligibility: which category brings a person into MAPPA, why, and when that ends
//! (rules.md §1.2). Concord proposes; a person confirms.
//!
//! Decisions where the sources are silent:
//! - **One category only, in this order of precedence: 1, 2, 4, 3.** A person can fall into
//!   only one category, "the category that brings them into MAPPA" (MAPPA A notes). The
//!   notification requirement (Category 1) and the Sch.15 conviction with sentence
//!   (Category 2) are statutory facts and come first; Category 4's statutory text was not
//!   found (rules.md §1.2 flags it), so a terrorist offence counts only when Categories 1
//!   and 2 do not apply; Category 3 is by definition the remainder ("do not qualify under
//!   Cat 1 or 2"). The reasons list every category considered, qualified or not.
//! - **Notification end**: the period runs "beginning with" its start date (SOA 2003
//!   s.82), so a 10-year period starting 1 March 2015 ends on 28 February 2025, the last
//!   day on which the requirement applies. Periods in months use calendar months; where
//!   the end month has no corresponding date (one month from 31 January) the period ends
//!   on that month's last day (28 February). The caller gives the
//!   period already adjusted for age (s.82 halves it for under-18s).
//! - A notification requirement that ended before `today` does not make Category 1.
//! - **Category 2**: a Sch.15 conviction with custody of at least
//!   [`EligibilitySettings::custody_months`] (12), a hospital order or guardianship; or a
//!   disqualification from working with children. If the licence or hospital order is
//!   recorded as ended before `today`, the person has left MAPPA.
//! - **Category 3** needs a conviction or caution on record, a RoSH of medium or above
//!   (a low RoSH means "current evidence does not indicate likelihood of causing serious
//!   harm", which contradicts the definition) and a need for active multi-agency
//!   management. It has no end date: it ends when the risk is judged reduced.
//! - **Category 4** ends with the licence, when recorded; otherwise no end date.
//! - The end prompt is [`EligibilitySettings::end_prompt_days`] (28) days before the end.

use chrono::{Datelike, Days, Months, NaiveDate};
use concord_domain::format_date;
use serde::{Deserialize, Serialize};

use crate::types::{Category, Rosh};

/// Numbers the sources do not fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibilitySettings {
    /// Category 2: the shortest custodial sentence that qualifies, in months.
    pub custody_months: u32,
    /// How many days before eligibility ends the record prompts for the exit.
    pub end_prompt_days: u32,
}

impl Default for EligibilitySettings {
    fn default() -> Self {
        EligibilitySettings {
            custody_months: 12,
            end_prompt_days: 28,
        }
    }
}

/// How long a notification requirement lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NotificationPeriod {
    Months {
        months: u32,
    },
    Years {
        years: u32,
    },
    /// The last day is known already (e.g. set by a court).
    Until {
        last_day: NaiveDate,
    },
    Indefinite,
}

/// A notification requirement under Part 2 SOA 2003.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub start: NaiveDate,
    pub period: NotificationPeriod,
}

/// The last day of something that may never end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "date", rename_all = "snake_case")]
pub enum EndDate {
    On(NaiveDate),
    Indefinite,
}

impl Notification {
    /// The last day the requirement applies; `None` when the date cannot be represented.
    pub fn ends(&self) -> Option<EndDate> {
        let months = match self.period {
            NotificationPeriod::Indefinite => return Some(EndDate::Indefinite),
            NotificationPeriod::Until { last_day } => return Some(EndDate::On(last_day)),
            NotificationPeriod::Months { months } => months,
            NotificationPeriod::Years { years } => years.checked_mul(12)?,
        };
        if months == 0 {
            return Some(EndDate::On(self.start));
        }
        let after = self.start.checked_add_months(Months::new(months))?;
        if after.day() != self.start.day() {
            // No corresponding date (31 January + 1 month): the period ends with the month.
            return Some(EndDate::On(after));
        }
        after.checked_sub_days(Days::new(1)).map(EndDate::On)
    }
}

/// What the court did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Disposal {
    Custody {
        months: u32,
    },
    HospitalOrder,
    Guardianship,
    Caution,
    /// A community order, fine or discharge.
    Other,
}

/// One conviction (or caution) on the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conviction {
    pub offence: String,
    /// A specified violent or sexual offence in CJA 2003 Sch.15.
    pub schedule_15: bool,
    pub disposal: Disposal,
    /// The custodial term as the court imposed it ("2 years"), for the reasons; without
    /// it the months are described.
    #[serde(default)]
    pub term: Option<String>,
}

/// The facts on the record that decide eligibility.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EligibilityFacts {
    pub notification: Option<Notification>,
    /// How the notification period was found (the s.82 row applied), for the reasons.
    #[serde(default)]
    pub notification_rule: Option<String>,
    pub convictions: Vec<Conviction>,
    pub disqualified_from_working_with_children: bool,
    pub terrorist_offence: bool,
    /// The last day of the licence or hospital (restriction) order, when known.
    pub supervision_ends: Option<NaiveDate>,
    pub rosh: Option<Rosh>,
    /// Category 3's two questions as a person answered them, when they have.
    pub category_3: Option<Category3Answers>,
}

/// Category 3 is a judgement (rules.md §1.2: "a conviction which indicates capacity to
/// cause serious harm" and a need for active multi-agency management at Level 2 or 3),
/// asked as two questions, each answered with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category3Answers {
    /// Does a conviction (or caution) show he is capable of causing serious harm?
    pub capacity_for_serious_harm: bool,
    pub capacity_reason: String,
    /// Does the risk need active multi-agency management at Level 2 or 3?
    pub needs_level_2_or_3: bool,
    pub need_reason: String,
}

/// Concord's proposal, with the facts that led to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub category: Option<Category>,
    pub reasons: Vec<String>,
    pub notification_ends: Option<EndDate>,
    /// When MAPPA eligibility ends; `None` when no end date is known.
    pub ends_on: Option<EndDate>,
}

impl Proposal {
    /// The day to prompt for the exit from MAPPA, when eligibility has an end date.
    pub fn prompt_on(&self, settings: &EligibilitySettings) -> Option<NaiveDate> {
        match self.ends_on? {
            EndDate::On(end) => Some(
                end.checked_sub_days(Days::new(settings.end_prompt_days.into()))
                    .unwrap_or(NaiveDate::MIN),
            ),
            EndDate::Indefinite => None,
        }
    }
}

/// Proposes the category with the default settings.
pub fn propose_category(facts: &EligibilityFacts, today: NaiveDate) -> Proposal {
    propose_category_with(facts, today, &EligibilitySettings::default())
}

/// Proposes the one category that brings the person into MAPPA, and why.
pub fn propose_category_with(
    facts: &EligibilityFacts,
    today: NaiveDate,
    settings: &EligibilitySettings,
) -> Proposal {
    let mut reasons = Vec::new();
    let notification_ends = facts.notification.as_ref().and_then(Notification::ends);
    let supervision_end = facts.supervision_ends.map(EndDate::On);
    let proposal = |category, reasons, ends_on| Proposal {
        category,
        reasons,
        notification_ends,
        ends_on,
    };

    if let Some(category_1) = category_1(facts, notification_ends, today, &mut reasons) {
        return proposal(Some(Category::One), reasons, Some(category_1));
    }
    let supervision_over = facts.supervision_ends.filter(|end| *end < today);
    if category_2(facts, settings, &mut reasons) {
        if let Some(end) = supervision_over {
            reasons.push(format!(
                "The licence or hospital order ended on {}: no longer eligible under Category 2.",
                format_date(end)
            ));
        } else {
            return proposal(Some(Category::Two), reasons, supervision_end);
        }
    }
    if facts.terrorist_offence {
        if let Some(end) = supervision_over {
            reasons.push(format!(
                "Convicted of a terrorist offence, but the licence ended on {}: no longer eligible under Category 4.",
                format_date(end)
            ));
        } else {
            reasons.push("Convicted of a terrorist offence: Category 4.".to_string());
            return proposal(Some(Category::Four), reasons, supervision_end);
        }
    }
    if category_3(facts, &mut reasons) {
        return proposal(Some(Category::Three), reasons, None);
    }
    reasons.push("No category applies: not MAPPA-eligible on this record.".to_string());
    proposal(None, reasons, None)
}

fn category_1(
    facts: &EligibilityFacts,
    ends: Option<EndDate>,
    today: NaiveDate,
    reasons: &mut Vec<String>,
) -> Option<EndDate> {
    let Some(notification) = facts.notification else {
        reasons.push("Not subject to notification requirements: not Category 1.".to_string());
        return None;
    };
    if let Some(rule) = &facts.notification_rule {
        reasons.push(format!("Notification period: {rule}."));
    }
    match ends {
        Some(EndDate::Indefinite) => {
            reasons.push(format!(
                "Subject to notification requirements indefinitely from {}: Category 1 (registered sexual offender).",
                format_date(notification.start)
            ));
            Some(EndDate::Indefinite)
        }
        Some(EndDate::On(end)) if end < today => {
            reasons.push(format!(
                "Notification requirements ended on {}: no longer Category 1.",
                format_date(end)
            ));
            None
        }
        Some(EndDate::On(end)) => {
            reasons.push(format!(
                "Subject to notification requirements from {} until {}: Category 1 (registered sexual offender), until registration ends.",
                format_date(notification.start),
                format_date(end)
            ));
            Some(EndDate::On(end))
        }
        None => {
            reasons.push(
                "Subject to notification requirements (end date out of range): Category 1 (registered sexual offender).".to_string(),
            );
            Some(EndDate::Indefinite)
        }
    }
}

fn category_2(
    facts: &EligibilityFacts,
    settings: &EligibilitySettings,
    reasons: &mut Vec<String>,
) -> bool {
    let mut qualifies = false;
    for conviction in facts.convictions.iter().filter(|c| c.schedule_15) {
        let offence = conviction.offence.trim();
        match conviction.disposal {
            Disposal::Custody { months } if months >= settings.custody_months => {
                reasons.push(format!(
                    "Convicted of a Sch.15 specified offence ({offence}) and sentenced to {} of custody (at least {}): Category 2.",
                    conviction.term.clone().unwrap_or_else(|| describe_months(months)),
                    describe_months(settings.custody_months)
                ));
                qualifies = true;
            }
            Disposal::HospitalOrder | Disposal::Guardianship => {
                reasons.push(format!(
                    "Convicted of a Sch.15 specified offence ({offence}) and made subject to a hospital or guardianship order: Category 2."
                ));
                qualifies = true;
            }
            Disposal::Custody { months } => reasons.push(format!(
                "Sch.15 specified offence ({offence}) with {} of custody, under {}: a Sch.15 conviction alone does not qualify for Category 2.",
                conviction.term.clone().unwrap_or_else(|| describe_months(months)),
                describe_months(settings.custody_months)
            )),
            Disposal::Caution | Disposal::Other => reasons.push(format!(
                "Sch.15 specified offence ({offence}) without custody or a hospital order: a Sch.15 conviction alone does not qualify for Category 2."
            )),
        }
    }
    if facts.disqualified_from_working_with_children {
        reasons.push("Disqualified from working with children: Category 2.".to_string());
        qualifies = true;
    }
    qualifies
}

fn category_3(facts: &EligibilityFacts, reasons: &mut Vec<String>) -> bool {
    if facts.convictions.is_empty() {
        reasons.push("No conviction or caution on record: not Category 3.".to_string());
        return false;
    }
    let Some(answers) = &facts.category_3 else {
        reasons.push(
            "Category 3 is a judgement not yet recorded: does a conviction show capacity for serious harm, and does the risk need Level 2 or 3 management?"
                .to_string(),
        );
        return false;
    };
    if !answers.capacity_for_serious_harm {
        reasons.push(format!(
            "Judged that no conviction shows capacity for serious harm ({}): not Category 3.",
            answers.capacity_reason
        ));
        return false;
    }
    if !answers.needs_level_2_or_3 {
        reasons.push(format!(
            "Judged not to need Level 2 or 3 management ({}): not Category 3.",
            answers.need_reason
        ));
        return false;
    }
    // A low (or no) signed RoSH sits badly with "capable of serious harm": said, not
    // overruled, since the judgement is the person's.
    let rosh = match facts.rosh {
        Some(r) if r >= Rosh::Medium => format!("RoSH {}", r.label().to_lowercase()),
        Some(r) => format!(
            "though the signed RoSH is {}: check the judgement",
            r.label().to_lowercase()
        ),
        None => "though no RoSH is signed: check the judgement".to_string(),
    };
    reasons.push(format!(
        "Judged that a conviction shows capacity for serious harm ({}) and that the risk needs Level 2 or 3 management ({}), {rosh}: Category 3 (Level 2 or 3 only).",
        answers.capacity_reason, answers.need_reason
    ));
    true
}

fn describe_months(months: u32) -> String {
    match (months / 12, months % 12) {
        (1, 0) => "1 year".to_string(),
        (years, 0) if years > 0 => format!("{years} years"),
        _ if months == 1 => "1 month".to_string(),
        _ => format!("{months} months"),
    }
}
