use crate::{
    ActionItem, ActionStatus, AgendaReason, DecisionKind, OrderEventKind, Pillar, PlanStatus,
    ScrDecision,
};

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

#[test]
fn plan_action_and_agenda_codes_are_the_stored_ones() {
    let codes = |all: Vec<&str>| all.join(",");
    assert_eq!(
        codes(Pillar::ALL.iter().map(|p| p.code()).collect()),
        "SUPERVISION,MONITORING_AND_CONTROL,INTERVENTIONS_AND_TREATMENT,VICTIM_SAFETY"
    );
    assert_eq!(
        codes(ActionStatus::ALL.iter().map(|s| s.code()).collect()),
        "OPEN,DONE,CANCELLED"
    );
    assert_eq!(ActionStatus::default(), ActionStatus::Open);
    assert_eq!(
        codes(PlanStatus::ALL.iter().map(|s| s.code()).collect()),
        "current,superseded"
    );
    assert_eq!(
        codes(AgendaReason::ALL.iter().map(|r| r.code()).collect()),
        "new_referral,review,actions,by_hand"
    );
    assert_eq!(AgendaReason::Actions.label(), "Open actions carried");
    // An action still reads and writes its status and pillar as the codes.
    let item: ActionItem = serde_json::from_str(
        r#"{"description":"Visit","owner_person":null,"owner_agency":null,"due_on":null,"status":"DONE","evidence":"Seen"}"#,
    )
    .unwrap();
    assert_eq!(item.status, ActionStatus::Done);
    assert_eq!(
        serde_json::to_string(&Pillar::VictimSafety).unwrap(),
        "\"VICTIM_SAFETY\""
    );
    assert!(Pillar::Supervision < Pillar::VictimSafety);
}
