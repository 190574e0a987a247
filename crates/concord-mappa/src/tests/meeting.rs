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

#[test]
fn meeting_minutes_and_onward_codes_are_the_stored_ones_with_the_pages_words() {
    let codes = |all: &[&str]| all.join(",");
    assert_eq!(
        codes(
            &MeetingStatus::ALL
                .iter()
                .map(|s| s.code())
                .collect::<Vec<_>>()
        ),
        "scheduled,open,closed"
    );
    assert_eq!(MeetingStatus::Open.label(), "In progress");
    assert_eq!(
        codes(
            &MinutesStatus::ALL
                .iter()
                .map(|s| s.code())
                .collect::<Vec<_>>()
        ),
        "draft,approved,distributed"
    );
    assert_eq!(
        codes(
            &OnwardShareStatus::ALL
                .iter()
                .map(|s| s.code())
                .collect::<Vec<_>>()
        ),
        "requested,granted,refused"
    );
    assert_eq!(
        MinutesStatus::try_from("signed".to_string())
            .unwrap_err()
            .to_string(),
        "`signed` is not a MinutesStatus code"
    );
}
