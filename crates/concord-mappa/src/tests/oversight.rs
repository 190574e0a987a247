use crate::{DecisionKind, OrderEventKind, ScrDecision};

#[test]
fn oversight_and_decision_codes_are_the_stored_ones_with_the_pages_words() {
    let codes = |all: Vec<&str>| all.join(",");
    assert_eq!(
        codes(ScrDecision::ALL.iter().map(|d| d.code()).collect()),
        "pending,review,no_review"
    );
    assert_eq!(
        ScrDecision::Pending.label(),
        "Awaiting the MAPPA chair's decision"
    );
    assert_eq!(
        codes(OrderEventKind::ALL.iter().map(|k| k.code()).collect()),
        "notification_breach,shpo_imposed,shpo_foreign_travel,notification_order,sro_breach_notification,order_breach_return"
    );
    assert_eq!(
        codes(DecisionKind::ALL.iter().map(|k| k.code()).collect()),
        "category,level,review,exit,transfer"
    );
    assert_eq!(DecisionKind::Exit.label(), "Left MAPPA");
    assert!(ScrDecision::try_from("held".to_string()).is_err());
}
