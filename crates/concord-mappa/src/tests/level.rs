use crate::level::*;
use crate::{Category, Level, Rosh};

#[test]
fn category_3_at_level_1_is_refused() {
    let err = check_level(Category::Three, Level::One).unwrap_err();
    assert_eq!(err.code(), "category_3_level_1");
    assert!(check_level(Category::Three, Level::Two).is_ok());
    assert!(check_level(Category::Three, Level::Three).is_ok());
    for category in [Category::One, Category::Two, Category::Four] {
        for level in Level::ALL {
            assert!(check_level(category, level).is_ok());
        }
    }
}

#[test]
fn every_level_has_criteria_for_the_screening_page() {
    for level in Level::ALL {
        let c = LevelCriteria::for_level(level);
        assert_eq!(c.level, level);
        assert!(!c.criteria.is_empty());
    }
    assert!(LevelCriteria::for_level(Level::Three)
        .criteria
        .iter()
        .any(|c| c.contains("critical public protection case")));
}

#[test]
fn high_rosh_with_multi_agency_value_is_level_2() {
    let s = suggest_level(Some(Rosh::High), true, false, false);
    assert_eq!(s.level, Level::Two);
    assert!(s.reasons.iter().any(|r| r.starts_with("(a) RoSH is high")));
    assert!(!s.consider_critical_public_protection_case);
}

#[test]
fn lower_risk_needing_other_agencies_is_exceptionally_level_2() {
    let s = suggest_level(Some(Rosh::Medium), true, false, false);
    assert_eq!(s.level, Level::Two);
    assert!(s.reasons.iter().any(|r| r.starts_with("(b) Exceptionally")));
}

#[test]
fn a_former_level_3_case_steps_down_to_level_2() {
    let s = suggest_level(Some(Rosh::Medium), true, false, true);
    assert_eq!(s.level, Level::Two);
    assert!(s.reasons.iter().any(|r| r.starts_with("(c)")));
}

#[test]
fn senior_representation_suggests_level_3_and_a_critical_public_protection_case() {
    let s = suggest_level(Some(Rosh::VeryHigh), true, true, false);
    assert_eq!(s.level, Level::Three);
    assert!(s.consider_critical_public_protection_case);
    assert!(s
        .reasons
        .last()
        .unwrap()
        .contains("critical public protection case"));
    // Media scrutiny without high risk: still Level 3.
    assert_eq!(
        suggest_level(Some(Rosh::Medium), false, true, false).level,
        Level::Three
    );
}

#[test]
fn without_multi_agency_value_the_lowest_level_is_level_1_even_for_high_risk() {
    let s = suggest_level(Some(Rosh::High), false, false, false);
    assert_eq!(s.level, Level::One);
    assert!(s.reasons[0].contains("without formal multi-agency meetings"));
    assert_eq!(suggest_level(None, false, false, false).level, Level::One);
}
