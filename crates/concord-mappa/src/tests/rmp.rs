use super::{codes, d};
use crate::rmp::*;

fn action() -> ActionItem {
    ActionItem {
        description: "Fit a police alarm at Alison's home".into(),
        owner_person: Some("PC Jones".into()),
        owner_agency: Some("Essex Police".into()),
        due_on: Some(d(2026, 3, 1)),
        status: ActionStatus::Open,
        evidence: String::new(),
    }
}

#[test]
fn the_four_pillars_have_their_labels() {
    let labels: Vec<_> = Pillar::ALL.iter().map(|p| p.label()).collect();
    assert_eq!(
        labels,
        [
            "Supervision",
            "Monitoring and control",
            "Interventions and treatment",
            "Victim safety planning"
        ]
    );
}

#[test]
fn a_complete_action_is_accepted() {
    assert_eq!(validate_action(&action(), d(2026, 2, 1), true), Ok(()));
    // Due today is allowed.
    assert_eq!(validate_action(&action(), d(2026, 3, 1), true), Ok(()));
}

#[test]
fn an_action_without_owner_or_due_date_is_refused_naming_each_field() {
    let a = ActionItem {
        description: "  ".into(),
        owner_person: Some(" ".into()),
        owner_agency: None,
        due_on: None,
        ..action()
    };
    let errors = validate_action(&a, d(2026, 2, 1), true).unwrap_err();
    assert_eq!(
        codes(&errors),
        [
            ("description", "missing"),
            ("owner_person", "missing"),
            ("owner_agency", "missing"),
            ("due_on", "missing")
        ]
    );
}

#[test]
fn a_new_action_due_in_the_past_is_refused_but_an_existing_one_may_be_updated() {
    let errors = validate_action(&action(), d(2026, 3, 2), true).unwrap_err();
    assert_eq!(codes(&errors), [("due_on", "due_in_past")]);
    assert_eq!(validate_action(&action(), d(2026, 3, 2), false), Ok(()));
}

#[test]
fn a_done_or_cancelled_action_needs_evidence() {
    for status in [ActionStatus::Done, ActionStatus::Cancelled] {
        let a = ActionItem { status, ..action() };
        let errors = validate_action(&a, d(2026, 2, 1), false).unwrap_err();
        assert_eq!(codes(&errors), [("evidence", "evidence_required")]);
    }
    let done = ActionItem {
        status: ActionStatus::Done,
        evidence: "Alarm fitted 20 February, tested by PC Jones".into(),
        ..action()
    };
    assert_eq!(validate_action(&done, d(2026, 2, 1), false), Ok(()));
}

#[test]
fn an_open_action_is_overdue_from_the_day_after_its_due_date() {
    assert!(!overdue(&action(), d(2026, 3, 1)));
    assert!(overdue(&action(), d(2026, 3, 2)));
    let done = ActionItem {
        status: ActionStatus::Done,
        ..action()
    };
    assert!(!overdue(&done, d(2026, 4, 1)));
}

#[test]
fn open_actions_are_carried_onto_the_next_agenda() {
    let done = ActionItem {
        status: ActionStatus::Done,
        description: "done".into(),
        ..action()
    };
    let cancelled = ActionItem {
        status: ActionStatus::Cancelled,
        ..action()
    };
    let later = ActionItem {
        description: "Assess him in prison (CJ mental health)".into(),
        ..action()
    };
    let actions = vec![action(), done, cancelled, later.clone()];
    let carried = carry_forward(&actions);
    assert_eq!(carried, vec![&actions[0], &later]);
}
