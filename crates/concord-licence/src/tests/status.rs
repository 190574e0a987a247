use crate::status::*;

use LicenceAction as A;
use LicenceStatus as S;

const CHECKER: TransitionContext = TransitionContext {
    actor_is_author: false,
    actor_is_senior: true,
};
const AUTHOR: TransitionContext = TransitionContext {
    actor_is_author: true,
    actor_is_senior: true,
};
const JUNIOR: TransitionContext = TransitionContext {
    actor_is_author: false,
    actor_is_senior: false,
};

#[test]
fn the_allowed_transitions() {
    let table = [
        (S::InProgress, A::Submit, S::Submitted),
        (S::Submitted, A::Approve, S::Approved),
        (S::Submitted, A::Reject, S::Rejected),
        (S::Submitted, A::BackToInProgress, S::InProgress),
        (S::Approved, A::BackToInProgress, S::InProgress),
        (S::Rejected, A::BackToInProgress, S::InProgress),
        (S::Approved, A::Activate, S::Active),
        (S::Active, A::Recall, S::Recalled),
        (S::Active, A::Deactivate, S::Inactive),
        (S::Recalled, A::Deactivate, S::Inactive),
        (S::Active, A::StartVariation, S::VariationInProgress),
        (
            S::VariationInProgress,
            A::SubmitVariation,
            S::VariationSubmitted,
        ),
        (
            S::VariationSubmitted,
            A::ApproveVariation,
            S::VariationApproved,
        ),
        (
            S::VariationSubmitted,
            A::RejectVariation,
            S::VariationRejected,
        ),
        (
            S::VariationSubmitted,
            A::BackToInProgress,
            S::VariationInProgress,
        ),
        (
            S::VariationRejected,
            A::StartVariation,
            S::VariationInProgress,
        ),
        (S::VariationApproved, A::Activate, S::Active),
        (S::VariationInProgress, A::Deactivate, S::Inactive),
    ];
    for (from, action, to) in table {
        assert_eq!(
            transition(from, action, &CHECKER),
            Ok(to),
            "{from:?} --{action:?}-->"
        );
    }
}

#[test]
fn refused_transitions_say_why() {
    let code =
        |from, action, ctx: &TransitionContext| transition(from, action, ctx).unwrap_err().code;
    assert_eq!(code(S::Submitted, A::Approve, &AUTHOR), "own_licence");
    assert_eq!(
        code(S::VariationSubmitted, A::ApproveVariation, &AUTHOR),
        "own_licence"
    );
    assert_eq!(code(S::Submitted, A::Reject, &AUTHOR), "own_licence");
    assert_eq!(code(S::Submitted, A::Approve, &JUNIOR), "not_senior");
    assert_eq!(
        code(S::Inactive, A::StartVariation, &CHECKER),
        "licence_inactive"
    );
    assert_eq!(code(S::Inactive, A::Activate, &CHECKER), "licence_inactive");
    assert_eq!(
        code(S::Recalled, A::StartVariation, &CHECKER),
        "licence_recalled"
    );
    assert_eq!(
        code(S::InProgress, A::Approve, &CHECKER),
        "transition_not_allowed"
    );
    assert_eq!(
        code(S::Approved, A::Recall, &CHECKER),
        "transition_not_allowed"
    );
    assert_eq!(
        code(S::Active, A::Submit, &CHECKER),
        "transition_not_allowed"
    );
    assert_eq!(
        code(S::Inactive, A::Deactivate, &CHECKER),
        "licence_inactive"
    );
    assert_eq!(
        code(S::VariationApproved, A::StartVariation, &CHECKER),
        "transition_not_allowed"
    );
}

#[test]
fn varying_an_inactive_licence_has_its_own_message() {
    let e = transition(S::Inactive, A::StartVariation, &CHECKER).unwrap_err();
    assert!(
        e.message.contains("varying an inactive licence"),
        "{}",
        e.message
    );
    let e = transition(S::Recalled, A::StartVariation, &CHECKER).unwrap_err();
    assert!(
        e.message.contains("varying a recalled licence"),
        "{}",
        e.message
    );
    let e = transition(S::Active, A::Submit, &CHECKER).unwrap_err();
    assert_eq!(
        e.message,
        "Refused: you cannot submit a licence that is active."
    );
}

#[test]
fn an_author_is_offered_no_approval_buttons() {
    assert_eq!(
        allowed_actions(S::Submitted, &AUTHOR),
        [A::Deactivate, A::BackToInProgress]
    );
    assert_eq!(
        allowed_actions(S::Submitted, &CHECKER),
        [A::Approve, A::Reject, A::Deactivate, A::BackToInProgress]
    );
    assert_eq!(allowed_actions(S::Inactive, &CHECKER), []);
}

#[test]
fn statuses_serialise_in_screaming_snake_case() {
    assert_eq!(
        serde_json::to_string(&S::VariationInProgress).unwrap(),
        "\"VARIATION_IN_PROGRESS\""
    );
    assert_eq!(
        serde_json::from_str::<LicenceStatus>("\"IN_PROGRESS\"").unwrap(),
        S::InProgress
    );
}
