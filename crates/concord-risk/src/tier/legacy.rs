//! The legacy (V2) tier of hmpps-tier: protect level A–D × change level 0–3, e.g. `"B2"`
//! (hmpps-services.md §2.1).
//!
//! Readings of the published text:
//! - RSR points: 7.00–99.99 → 20, 3.00–6.99 → 10, else 0 (so 999.99, the "no score"
//!   sentinel, is 0). A score between 6.99 and 7.00 (more than 2 dp) counts as 10: the bands
//!   are read as `3 ≤ rsr < 7` and `7 ≤ rsr ≤ 99.99`.
//! - Only the larger of the RSR and RoSH points counts (`sum − min(rsr, rosh)`).
//! - Women's factors: `has_parenting_responsibilities` means OASys 6.9 was answered with a
//!   value above 0; impulsivity (11.2) or temper control (11.4) above 0 adds 2 once.
//! - `needs: None` means there is no valid assessment (change level 2, if there is a
//!   mandate for change).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::TierInputError;
use crate::request::ProblemLevel;
use crate::rosh::RoshLevel;

/// MAPPA level from the Delius registration (M1, M2, M3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MappaLevel {
    M1,
    M2,
    M3,
}

/// Complexity registrations, 2 protect points each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ComplexityFactor {
    MentalHealth,
    AttemptedSuicideOrSelfHarm,
    Vulnerability,
    ChildConcerns,
    ChildProtection,
    RiskToChildren,
    PublicInterest,
    AdultAtRisk,
    StreetGangs,
    Terrorism,
}

impl ComplexityFactor {
    pub const ALL: [Self; 10] = [
        Self::MentalHealth,
        Self::AttemptedSuicideOrSelfHarm,
        Self::Vulnerability,
        Self::ChildConcerns,
        Self::ChildProtection,
        Self::RiskToChildren,
        Self::PublicInterest,
        Self::AdultAtRisk,
        Self::StreetGangs,
        Self::Terrorism,
    ];

    /// The Delius register code.
    pub fn register_code(self) -> &'static str {
        match self {
            Self::MentalHealth => "RMDO",
            Self::AttemptedSuicideOrSelfHarm => "ALSH",
            Self::Vulnerability => "RVLN",
            Self::ChildConcerns => "RCCO",
            Self::ChildProtection => "RCPR",
            Self::RiskToChildren => "RCHD",
            Self::PublicInterest => "RPIR",
            Self::AdultAtRisk => "RVAD",
            Self::StreetGangs => "STRG",
            Self::Terrorism => "RTAO",
        }
    }

    pub fn from_register_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.register_code() == code)
    }
}

/// OASys criminogenic need sections the change level weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Need {
    Accommodation,
    EducationTrainingEmployability,
    Relationships,
    LifestyleAndAssociates,
    DrugMisuse,
    AlcoholMisuse,
    ThinkingAndBehaviour,
    Attitudes,
    FinancialManagementAndIncome,
    EmotionalWellbeing,
}

impl Need {
    /// How much a need in this section says about the capacity to change.
    pub fn weighting(self) -> u32 {
        match self {
            Self::ThinkingAndBehaviour | Self::Attitudes => 2,
            Self::FinancialManagementAndIncome | Self::EmotionalWellbeing => 0,
            _ => 1,
        }
    }
}

/// Severity of a need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NeedSeverity {
    NoNeed,
    Standard,
    Severe,
}

impl NeedSeverity {
    pub fn score(self) -> u32 {
        match self {
            Self::NoNeed => 0,
            Self::Standard => 1,
            Self::Severe => 2,
        }
    }
}

/// Inputs of the legacy tier.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LegacyTierInput {
    /// RSR percentage, if there is one.
    pub rsr: Option<f64>,
    pub rosh: Option<RoshLevel>,
    pub mappa_level: Option<MappaLevel>,
    pub complexity_factors: Vec<ComplexityFactor>,
    pub is_female: bool,
    pub has_parenting_responsibilities: bool,
    pub impulsivity: Option<ProblemLevel>,
    pub temper_control: Option<ProblemLevel>,
    pub has_previous_enforcement_activity: bool,
    /// A custodial sentence, or a non-restrictive requirement other than unpaid work.
    pub has_mandate_for_change: bool,
    /// Need severities from a valid assessment; `None` when there is none.
    pub needs: Option<BTreeMap<Need, NeedSeverity>>,
    /// OGRS whole percentage.
    pub ogrs: Option<u8>,
    pub is_iom_nominal: bool,
}

/// Protect level A (most) to D.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ProtectLevel {
    A,
    B,
    C,
    D,
}

/// The legacy tier with its points, e.g. `B2`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LegacyTier {
    pub protect_level: ProtectLevel,
    pub protect_points: u32,
    /// 0 (no mandate for change) to 3.
    pub change_level: u8,
    /// `None` when the level did not come from points (no mandate, no assessment).
    pub change_points: Option<u32>,
    /// The tier as Delius shows it, e.g. `"B2"`.
    pub code: String,
}

/// Calculates the legacy tier.
pub fn legacy_tier(input: &LegacyTierInput) -> Result<LegacyTier, TierInputError> {
    if input.rsr.is_some_and(|r| !r.is_finite()) {
        return Err(TierInputError::invalid("rsr", "must be a number"));
    }
    if input.ogrs.is_some_and(|o| o > 100) {
        return Err(TierInputError::invalid(
            "ogrs",
            "must be a percentage from 0 to 100",
        ));
    }
    let protect_points = protect_points(input);
    let protect_level = match protect_points {
        150.. => ProtectLevel::A,
        20..=149 => ProtectLevel::B,
        10..=19 => ProtectLevel::C,
        _ => ProtectLevel::D,
    };
    let (change_level, change_points) = change_level(input);
    Ok(LegacyTier {
        protect_level,
        protect_points,
        change_level,
        change_points,
        code: format!("{protect_level:?}{change_level}"),
    })
}

/// RSR 7.00–99.99 → 20, 3.00 up to 7.00 → 10, else 0.
pub fn rsr_points(rsr: Option<f64>) -> u32 {
    match rsr {
        Some(r) if (7.0..=99.99).contains(&r) => 20,
        Some(r) if (3.0..7.0).contains(&r) => 10,
        _ => 0,
    }
}

/// RoSH very high 150, high 20, medium 10, else 0.
pub fn rosh_points(rosh: Option<RoshLevel>) -> u32 {
    match rosh {
        Some(RoshLevel::VeryHigh) => 150,
        Some(RoshLevel::High) => 20,
        Some(RoshLevel::Medium) => 10,
        _ => 0,
    }
}

fn protect_points(input: &LegacyTierInput) -> u32 {
    let rsr = rsr_points(input.rsr);
    let rosh = rosh_points(input.rosh);
    let mappa = match input.mappa_level {
        Some(MappaLevel::M2 | MappaLevel::M3) => 150,
        Some(MappaLevel::M1) => 5,
        None => 0,
    };
    let mut factors = input.complexity_factors.clone();
    factors.sort();
    factors.dedup();
    let complexity = 2 * factors.len() as u32;
    let above_zero = |p: Option<ProblemLevel>| p.is_some_and(|p| p.score() > 0);
    let women = if input.is_female {
        [
            input.has_parenting_responsibilities,
            above_zero(input.impulsivity) || above_zero(input.temper_control),
            input.has_previous_enforcement_activity,
        ]
        .into_iter()
        .filter(|b| *b)
        .count() as u32
            * 2
    } else {
        0
    };
    rsr.max(rosh) + mappa + complexity + women
}

fn change_level(input: &LegacyTierInput) -> (u8, Option<u32>) {
    if !input.has_mandate_for_change {
        return (0, None);
    }
    let Some(needs) = &input.needs else {
        return (2, None);
    };
    let needs: u32 = needs.iter().map(|(n, s)| n.weighting() * s.score()).sum();
    let ogrs = u32::from(input.ogrs.unwrap_or(0)) / 10;
    let iom = if input.is_iom_nominal { 2 } else { 0 };
    let points = needs + ogrs + iom;
    let level = match points {
        20.. => 3,
        10..=19 => 2,
        _ => 1,
    };
    (level, Some(points))
}
