use super::d;
use crate::meeting::*;

#[test]
fn a_meeting_in_the_past_is_refused_and_today_is_allowed() {
    assert_eq!(
        check_meeting_date(d(2026, 1, 4), d(2026, 1, 5))
            .unwrap_err()
            .code(),
        "meeting_in_past"
    );
    assert_eq!(check_meeting_date(d(2026, 1, 5), d(2026, 1, 5)), Ok(()));
}

#[test]
fn only_the_chair_approves_the_minutes() {
    assert_eq!(check_minutes_approver("u-17", "u-17"), Ok(()));
    assert_eq!(
        check_minutes_approver("u-18", "u-17").unwrap_err().code(),
        "not_chair"
    );
    assert_eq!(
        check_minutes_approver("", "").unwrap_err(),
        MeetingError::NotChair
    );
}

#[test]
fn onward_sharing_outside_the_agency_needs_the_chairs_permission() {
    assert_eq!(check_onward_sharing(true, false), Ok(()));
    assert_eq!(check_onward_sharing(false, true), Ok(()));
    assert_eq!(
        check_onward_sharing(false, false).unwrap_err().code(),
        "needs_chair_permission"
    );
}

#[test]
fn the_confidentiality_statement_must_be_accepted() {
    assert_eq!(
        check_confidentiality(false).unwrap_err().code(),
        "confidentiality_not_accepted"
    );
    assert_eq!(check_confidentiality(true), Ok(()));
}
