//! The values every MAPPA rule talks about: the category that brings a person into MAPPA,
//! the management level, the RoSH level, and a field error for forms.
//!
//! Decisions where the sources are silent:
//! - Categories serialise as `CATEGORY_1` … `CATEGORY_4` and levels as `LEVEL_1` …
//!   `LEVEL_3`: self-describing in JSON and CSV, in the SCREAMING_SNAKE_CASE the other
//!   Concord enums use. The nDelius register codes (`M1` … `M4`, rules.md §1.2, from
//!   `ministryofjustice/hmpps-tier`) are available as [`Category::ndelius_code`] for
//!   exchange.
//! - They are written by hand rather than with `closed_codes!` because they are ordered
//!   (a level is higher than another) and a level has no label of its own; they keep the
//!   same vocabulary (`code`, `from_code`, `TryFrom<String>` for reading a column).
//! - [`Rosh`] mirrors `concord_risk::RoshLevel` (same serde names) rather than depending on
//!   concord-risk: this crate needs only the order of the four levels.

use serde::{Deserialize, Serialize};

/// The MAPPA category: the one that brings the person into MAPPA (rules.md §1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Category {
    /// Registered sexual offenders.
    #[serde(rename = "CATEGORY_1")]
    One,
    /// Violent offenders and other sexual offenders.
    #[serde(rename = "CATEGORY_2")]
    Two,
    /// Other dangerous offenders.
    #[serde(rename = "CATEGORY_3")]
    Three,
    /// Terrorist offenders.
    #[serde(rename = "CATEGORY_4")]
    Four,
}

impl Category {
    pub const ALL: [Self; 4] = [Self::One, Self::Two, Self::Three, Self::Four];

    pub fn number(self) -> u8 {
        match self {
            Self::One => 1,
            Self::Two => 2,
            Self::Three => 3,
            Self::Four => 4,
        }
    }

    /// The code Concord stores and exchanges, `CATEGORY_1` … `CATEGORY_4`: the serde name
    /// (a test holds the two together), defined here once for the store, forms and CSV.
    pub fn code(self) -> &'static str {
        match self {
            Self::One => "CATEGORY_1",
            Self::Two => "CATEGORY_2",
            Self::Three => "CATEGORY_3",
            Self::Four => "CATEGORY_4",
        }
    }

    /// The category for a code from [`Category::code`] (surrounding spaces ignored, as a
    /// form may send them).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code.trim())
    }

    /// The nDelius register code.
    pub fn ndelius_code(self) -> &'static str {
        match self {
            Self::One => "M1",
            Self::Two => "M2",
            Self::Three => "M3",
            Self::Four => "M4",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::One => "Category 1: registered sexual offender",
            Self::Two => "Category 2: violent or other sexual offender",
            Self::Three => "Category 3: other dangerous offender",
            Self::Four => "Category 4: terrorist offender",
        }
    }
}

/// The MAPPA management level (rules.md §1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Level {
    /// Ordinary agency management.
    #[serde(rename = "LEVEL_1")]
    One,
    /// Active multi-agency management.
    #[serde(rename = "LEVEL_2")]
    Two,
    /// Active multi-agency management with senior representation.
    #[serde(rename = "LEVEL_3")]
    Three,
}

impl Level {
    pub const ALL: [Self; 3] = [Self::One, Self::Two, Self::Three];

    pub fn number(self) -> u8 {
        match self {
            Self::One => 1,
            Self::Two => 2,
            Self::Three => 3,
        }
    }

    /// The code Concord stores and exchanges, `LEVEL_1` … `LEVEL_3`: the serde name.
    pub fn code(self) -> &'static str {
        match self {
            Self::One => "LEVEL_1",
            Self::Two => "LEVEL_2",
            Self::Three => "LEVEL_3",
        }
    }

    /// The level for a code from [`Level::code`] (surrounding spaces ignored, as a form
    /// may send them).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code.trim())
    }

    /// All Level 3 cases should be considered for referral as a critical public
    /// protection case (rules.md §1.3, MAPPA Guidance §7.5).
    pub fn consider_critical_public_protection_case(self) -> bool {
        self == Self::Three
    }
}

// Reading a column straight into the enum (sqlx's `try_from = "String"`), as the
// `closed_codes!` sets do; a code not in the set is corruption, an error where it is read.
macro_rules! read_code {
    ($name:ident) => {
        impl TryFrom<String> for $name {
            type Error = concord_domain::UnknownCode;
            fn try_from(code: String) -> Result<Self, Self::Error> {
                Self::ALL.into_iter().find(|v| v.code() == code).ok_or(
                    concord_domain::UnknownCode {
                        set: stringify!($name),
                        code,
                    },
                )
            }
        }
    };
}
read_code!(Category);
read_code!(Level);

/// Risk of serious harm, ordered from low to very high (rules.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Rosh {
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Rosh {
    pub const ALL: [Self; 4] = [Self::Low, Self::Medium, Self::High, Self::VeryHigh];

    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Medium => "Medium",
            Self::High => "High",
            Self::VeryHigh => "Very high",
        }
    }
}

/// One problem with a form, against the field a form would highlight: the same type the
/// rest of Concord uses, so a rule's problem reaches the form without conversion.
pub use concord_domain::FieldError;

/// The longest free text Concord accepts in a MAPPA field (a long paragraph).
pub const MAX_TEXT: usize = 4000;

/// Checks a required free-text field: present (after trimming) and not too long.
pub(crate) fn require_text(errors: &mut Vec<FieldError>, field: &str, value: &str, what: &str) {
    let value = value.trim();
    if value.is_empty() {
        errors.push(FieldError::new(field, "missing", format!("Enter {what}")));
    } else {
        check_length(errors, field, value, what);
    }
}

pub(crate) fn check_length(errors: &mut Vec<FieldError>, field: &str, value: &str, what: &str) {
    if value.chars().count() > MAX_TEXT {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!(
                "{} must be {MAX_TEXT} characters or fewer",
                capitalise(what)
            ),
        ));
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

concord_domain::closed_codes! {
    /// Where a person's MAPPA spell stands: referred (awaiting the level decision),
    /// managed, ended, or handed to another area.
    pub enum MappaStatus {
        Referred = "referred", "Referred",
        Active = "active", "Managed under MAPPA",
        Ended = "ended", "Left MAPPA",
        Transferred = "transferred", "Transferred to another area",
    }
}

impl MappaStatus {
    /// Referred or managed: the spell a person is in now (at most one per person).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Referred | Self::Active)
    }
}

concord_domain::closed_codes! {
    /// Where a MAPPA referral (MAPPA A) stands.
    pub enum ReferralStatus {
        AwaitingScreening = "awaiting_screening", "Awaiting screening",
        Screened = "screened", "Screened",
        Withdrawn = "withdrawn", "Withdrawn: the case left MAPPA before screening",
    }
}

concord_domain::closed_codes! {
    /// What a decision on a MAPPA spell decided: the category (eligibility confirmed), the
    /// level at screening or a change of it, a review, the exit, or a transfer.
    pub enum DecisionKind {
        Category = "category", "Eligibility confirmed",
        Level = "level", "Level decided",
        Review = "review", "Reviewed",
        Exit = "exit", "Left MAPPA",
        Transfer = "transfer", "Transferred",
    }
}
