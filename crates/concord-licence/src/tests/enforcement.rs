use super::d;
use crate::enforcement::*;

/// The warning in the brief: given on 1 March 2025.
fn march_2025() -> Warning {
    Warning {
        given_on: d(2025, 3, 1),
    }
}

#[test]
fn a_failure_within_twelve_months_of_a_warning_must_be_referred() {
    assert_eq!(
        decide(d(2026, 2, 28), &[march_2025()]),
        EnforcementDecision::MustRefer {
            warning_on: d(2025, 3, 1)
        }
    );
}

#[test]
fn the_twelve_months_include_the_anniversary_and_end_there() {
    assert_eq!(warning_expires(&march_2025()), d(2026, 3, 1));
    assert_eq!(
        decide(d(2026, 3, 1), &[march_2025()]),
        EnforcementDecision::MustRefer {
            warning_on: d(2025, 3, 1)
        }
    );
    assert_eq!(
        decide(d(2026, 3, 2), &[march_2025()]),
        EnforcementDecision::WarnOrRefer
    );
}

#[test]
fn no_warning_or_a_later_warning_leaves_the_choice_to_the_officer() {
    assert_eq!(
        decide(d(2026, 2, 28), &[]),
        EnforcementDecision::WarnOrRefer
    );
    assert_eq!(
        decide(d(2025, 2, 28), &[march_2025()]),
        EnforcementDecision::WarnOrRefer
    );
    assert_eq!(
        decide(d(2025, 3, 1), &[march_2025()]),
        EnforcementDecision::MustRefer {
            warning_on: d(2025, 3, 1)
        }
    );
}

#[test]
fn the_latest_warning_in_force_is_named() {
    let warnings = [
        march_2025(),
        Warning {
            given_on: d(2025, 9, 1),
        },
        Warning {
            given_on: d(2024, 1, 1),
        },
    ];
    assert_eq!(
        decide(d(2025, 10, 1), &warnings),
        EnforcementDecision::MustRefer {
            warning_on: d(2025, 9, 1)
        }
    );
}

#[test]
fn a_leap_day_warning_expires_on_the_last_day_of_february() {
    assert_eq!(
        warning_expires(&Warning {
            given_on: d(2024, 2, 29)
        }),
        d(2025, 2, 28)
    );
    assert_eq!(
        warning_expires(&Warning {
            given_on: chrono::NaiveDate::MAX
        }),
        chrono::NaiveDate::MAX
    );
}

#[test]
fn only_an_unacceptable_absence_calls_for_a_decision() {
    assert_eq!(
        after_outcome(Outcome::Attended, d(2026, 1, 1), &[march_2025()]),
        None
    );
    assert_eq!(
        after_outcome(Outcome::AcceptableAbsence, d(2026, 1, 1), &[march_2025()]),
        None
    );
    assert_eq!(
        after_outcome(Outcome::UnacceptableAbsence, d(2026, 1, 1), &[march_2025()]),
        Some(EnforcementDecision::MustRefer {
            warning_on: d(2025, 3, 1)
        })
    );
    assert_eq!(
        Failure { on: d(2026, 3, 2) }.decide(&[march_2025()]),
        EnforcementDecision::WarnOrRefer
    );
}
