use super::d;
use crate::review::*;
use crate::Level;

#[test]
fn review_dates_follow_the_level() {
    let s = ReviewSettings::default();
    assert_eq!(next_review(Level::Three, d(2026, 1, 5), &s), d(2026, 3, 2));
    assert_eq!(next_review(Level::Two, d(2026, 1, 5), &s), d(2026, 4, 27));
    assert_eq!(next_review(Level::One, d(2026, 1, 5), &s), d(2027, 1, 5));
    assert_eq!(next_review(Level::One, d(2024, 2, 29), &s), d(2025, 2, 28));
}

#[test]
fn review_intervals_are_configurable_and_zero_means_the_next_day() {
    let s = ReviewSettings {
        level_2_weeks: 12,
        level_3_weeks: 0,
        ..ReviewSettings::default()
    };
    assert_eq!(next_review(Level::Two, d(2026, 1, 5), &s), d(2026, 3, 30));
    assert_eq!(next_review(Level::Three, d(2026, 1, 5), &s), d(2026, 1, 6));
}

#[test]
fn a_review_is_overdue_from_the_day_after_it_was_due() {
    let s = ReviewSettings::default();
    assert!(!is_overdue(Level::Three, d(2026, 1, 5), d(2026, 3, 2), &s));
    assert!(is_overdue(Level::Three, d(2026, 1, 5), d(2026, 3, 3), &s));
}

#[test]
fn a_referral_five_months_before_release_is_late_and_six_months_is_not() {
    let s = ReviewSettings::default();
    let release = d(2026, 9, 15);
    assert!(late_referral(release, d(2026, 4, 15), &s));
    assert!(!late_referral(release, d(2026, 3, 15), &s));
    assert!(!late_referral(release, d(2026, 1, 2), &s));
    assert!(late_referral(release, d(2026, 3, 16), &s));
    assert!(late_referral(release, d(2026, 9, 20), &s));
}

#[test]
fn the_sfo_notification_is_due_five_days_after_section_9() {
    let s = ReviewSettings::default();
    assert_eq!(sfo_notification_due(d(2026, 2, 26), &s), d(2026, 3, 3));
}
