//! MAPPA management levels: the criteria shown at screening, the rule that Category 3 is
//! never Level 1, and a suggested level with its reasons (rules.md §1.3, MAPPA Guidance
//! ch.7).
//!
//! Decisions where the sources are silent:
//! - The suggestion follows the principle of the lowest level consistent with a defensible
//!   risk management plan: without a need for multi-agency meetings the suggestion is
//!   Level 1, whatever the RoSH (the reasons say so, so the panel can disagree).
//! - A need for senior representation implies that multi-agency meetings add value (a
//!   Level 3 meeting is one), so it always suggests Level 3.
//! - The suggestion does not know the category; callers run [`check_level`] on the level
//!   finally chosen.
//!
//! Error codes: `category_3_level_1`.

use serde::Serialize;

use crate::types::{Category, Level, Rosh};

/// The criteria of one level, for the screening page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LevelCriteria {
    pub level: Level,
    pub title: &'static str,
    pub criteria: &'static [&'static str],
}

const LEVEL_1: LevelCriteria = LevelCriteria {
    level: Level::One,
    title: "Level 1: ordinary agency management",
    criteria: &[
        "The risks can be managed by the lead agency without formal multi-agency meetings.",
        "Information is still shared with other agencies (for example through ViSOR).",
        "The lead agency is confident the risk management plan is robust and there are no barriers to agreed multi-agency actions.",
    ],
};

const LEVEL_2: LevelCriteria = LevelCriteria {
    level: Level::Two,
    title: "Level 2: active multi-agency management",
    criteria: &[
        "Formal multi-agency meetings would add value to the management of the case, and one or more of:",
        "(a) the offender is assessed as posing a high or very high risk of serious harm;",
        "(b) exceptionally, the risk is lower but the case needs the active involvement and co-ordination of other agencies;",
        "(c) the case was previously managed at Level 3 but no longer needs it.",
    ],
};

const LEVEL_3: LevelCriteria = LevelCriteria {
    level: Level::Three,
    title: "Level 3: active multi-agency management with senior representation",
    criteria: &[
        "The case meets the Level 2 criteria, and its management needs senior representation from the Responsible Authority and duty-to-co-operate agencies, for example:",
        "the need to commit significant resources at short notice;",
        "or, even where the risk is not high or very high, a high likelihood of media scrutiny or public interest and a need to maintain public confidence.",
        "All Level 3 cases should be considered for referral as a critical public protection case.",
    ],
};

impl LevelCriteria {
    pub fn for_level(level: Level) -> LevelCriteria {
        match level {
            Level::One => LEVEL_1,
            Level::Two => LEVEL_2,
            Level::Three => LEVEL_3,
        }
    }

    /// The three levels, for showing together.
    pub fn all() -> [LevelCriteria; 3] {
        [LEVEL_1, LEVEL_2, LEVEL_3]
    }
}

/// A level that may not be given to a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LevelError {
    #[error("Category 3 offenders are managed at Level 2 or 3, never Level 1")]
    Category3Level1,
}

impl LevelError {
    pub fn code(self) -> &'static str {
        match self {
            Self::Category3Level1 => "category_3_level_1",
        }
    }
}

/// Refuses a level the category can never have.
pub fn check_level(category: Category, level: Level) -> Result<(), LevelError> {
    if category == Category::Three && level == Level::One {
        return Err(LevelError::Category3Level1);
    }
    Ok(())
}

/// A suggested level with the criteria that led to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelSuggestion {
    pub level: Level,
    pub reasons: Vec<String>,
    /// Level 3: consider referral as a critical public protection case.
    pub consider_critical_public_protection_case: bool,
}

/// Suggests the lowest level consistent with the facts, and why.
pub fn suggest_level(
    rosh: Option<Rosh>,
    needs_multi_agency: bool,
    needs_senior_representation: bool,
    previously_level_3: bool,
) -> LevelSuggestion {
    let mut reasons = Vec::new();
    let high = rosh.is_some_and(|r| r >= Rosh::High);
    let level = if needs_multi_agency || needs_senior_representation {
        if !needs_multi_agency {
            reasons.push(
                "Senior representation is needed, so multi-agency meetings add value.".to_string(),
            );
        } else {
            reasons.push("Formal multi-agency meetings would add value.".to_string());
        }
        if let Some(rosh) = rosh.filter(|_| high) {
            reasons.push(format!(
                "(a) RoSH is {}: Level 2 criteria met.",
                rosh.label().to_lowercase()
            ));
        }
        if previously_level_3 {
            reasons.push("(c) Previously managed at Level 3.".to_string());
        }
        if !high && !previously_level_3 {
            let rosh = rosh.map_or("not assessed".to_string(), |r| r.label().to_lowercase());
            reasons.push(format!(
                "(b) Exceptionally, RoSH is {rosh} but the case needs the active involvement of other agencies."
            ));
        }
        if needs_senior_representation {
            reasons.push(
                "Management needs senior representation from the agencies: Level 3.".to_string(),
            );
            Level::Three
        } else {
            Level::Two
        }
    } else {
        if high {
            reasons.push(
                "RoSH is high or very high, but the lead agency can manage the risks without formal multi-agency meetings."
                    .to_string(),
            );
        }
        reasons.push(
            "Lowest level consistent with a defensible risk management plan: Level 1.".to_string(),
        );
        Level::One
    };
    if level.consider_critical_public_protection_case() {
        reasons.push(
            "Consider referral as a critical public protection case (all Level 3 cases)."
                .to_string(),
        );
    }
    LevelSuggestion {
        level,
        reasons,
        consider_critical_public_protection_case: level.consider_critical_public_protection_case(),
    }
}
