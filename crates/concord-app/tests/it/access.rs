//! Need-to-know: partner agencies and board members are refused, the refusal is concealed
//! where a record's existence must not leak, and every refusal is in the audit chain even
//! though the use case itself rolled back.

use concord_app::*;
use concord_domain::PersonId;

use crate::support::*;

async fn police_case(w: &World) -> PersonId {
    let mut input = person("Dan", "Reed", ymd(1988, 8, 8));
    input.identifiers = vec![identifier("pnc", &example_pnc())];
    w.app.register_person(&w.ppo, &input).await.unwrap()
}

fn assert_concealed(err: &AppError, label: &str) {
    assert!(
        matches!(err, AppError::Denied { conceal: true, .. }),
        "{label}: {err:?}"
    );
    assert_eq!(
        (err.status(), err.code()),
        (404, "not_found"),
        "{label}: a partner learnt the record exists"
    );
}

/// Refused in the open: a list or a new record has no existence to hide.
fn assert_forbidden(err: &AppError, label: &str) {
    assert!(
        matches!(err, AppError::Denied { conceal: false, .. }),
        "{label}: {err:?}"
    );
    assert_eq!((err.status(), err.code()), (403, "forbidden"), "{label}");
}

#[tokio::test]
async fn a_partner_caseworker_viewing_a_person_is_told_not_found_and_the_denial_is_audited() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = police_case(&w).await;
        let before = audit_count(w.app.db()).await;

        let err = w.app.view_person(&w.housing, id).await.unwrap_err();
        assert_concealed(&err, t.label);
        // Same answer as for a person who does not exist.
        let missing = w
            .app
            .view_person(&w.housing, PersonId::new())
            .await
            .unwrap_err();
        assert_eq!(
            (missing.status(), missing.code()),
            (err.status(), err.code()),
            "{}",
            t.label
        );

        assert_eq!(
            audit_count(w.app.db()).await,
            before + 1,
            "{}: the denial was not audited",
            t.label
        );
        let denied = last_audit(w.app.db()).await;
        assert_eq!(
            (
                denied.kind.as_str(),
                denied.outcome.as_str(),
                denied.action.as_str(),
                denied.person_id,
                denied.actor_user_id
            ),
            (
                "denied",
                "denied",
                "read",
                Some(id.0),
                Some(w.housing.user_id.0)
            ),
            "{}",
            t.label
        );
        assert!(!denied.reason.is_empty(), "{}", t.label);

        // The record's owner sees the attempt in the access log.
        let (_, _, access) = w.app.person_history(&w.ppo, id).await.unwrap();
        assert_eq!(
            (
                access[0].staff.as_str(),
                access[0].agency.as_str(),
                access[0].kind.as_str()
            ),
            ("Harry Lee", "Chelmsford Housing", "denied"),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn a_partner_caseworker_cannot_reach_a_record_by_any_use_case() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = police_case(&w).await;
        let before = audit_count(w.app.db()).await;
        let errors = vec![
            w.app
                .chronology(&w.housing, id, &ChronologyFilter::default())
                .await
                .map(|_| ())
                .unwrap_err(),
            w.app
                .person_history(&w.housing, id)
                .await
                .map(|_| ())
                .unwrap_err(),
            w.app
                .change_person_details(&w.housing, id, 1, &details("Dan", "Reid", ymd(1988, 8, 8)))
                .await
                .unwrap_err(),
            w.app
                .add_address(
                    &w.housing,
                    id,
                    &home("1 Hostel Road", "Harlow", "CM20 1AA", ymd(2026, 1, 1)),
                )
                .await
                .map(|_| ())
                .unwrap_err(),
            w.app
                .record_event(
                    &w.housing,
                    id,
                    &event("contact", ymd(2026, 3, 1), "Tenancy visit"),
                )
                .await
                .map(|_| ())
                .unwrap_err(),
            w.app
                .allocate(&w.housing, id, w.housing.user_id, "housing_officer")
                .await
                .map(|_| ())
                .unwrap_err(),
        ];
        for err in &errors {
            assert_concealed(err, t.label);
        }
        let trail = audit_trail(w.app.db()).await;
        let denials: Vec<(&str, &str)> = trail[before as usize..]
            .iter()
            .map(|e| (e.kind.as_str(), e.action.as_str()))
            .collect();
        assert_eq!(
            denials,
            [
                ("denied", "read"),
                ("denied", "read"),
                ("denied", "change"),
                ("denied", "change"),
                ("denied", "change"),
                ("denied", "change")
            ],
            "{}",
            t.label
        );
        // Nothing changed.
        let r = w.app.view_person(&w.ppo, id).await.unwrap();
        assert_eq!(
            (
                r.family_name.as_str(),
                r.version,
                r.addresses.len(),
                r.allocations.len()
            ),
            ("Reed", 1, 0, 0),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn a_partner_caseworker_cannot_search_the_register() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        police_case(&w).await;
        let before = audit_count(w.app.db()).await;
        for query in ["reed", "2001/0123456F"] {
            let err = w.app.search_persons(&w.housing, query).await.unwrap_err();
            assert_forbidden(
                &err,
                &format!("{}: a partner searched the register for {query:?}", t.label),
            );
        }
        let trail = audit_trail(w.app.db()).await;
        assert_eq!(trail.len() as i64, before + 2, "{}", t.label);
        assert!(
            trail[before as usize..]
                .iter()
                .all(|e| e.kind == "denied" && e.person_id.is_none()),
            "{}",
            t.label
        );
        // Their own (empty) caseload is still theirs to see.
        assert!(
            w.app
                .caseload(&w.housing, &CaseloadQuery::default())
                .await
                .unwrap()
                .is_empty(),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn a_board_member_sees_no_names_and_each_attempt_is_audited() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = police_case(&w).await;
        let before = audit_count(w.app.db()).await;

        let err = w.app.search_persons(&w.board, "reed").await.unwrap_err();
        assert_forbidden(&err, t.label);
        let err = w
            .app
            .caseload(&w.board, &CaseloadQuery::default())
            .await
            .unwrap_err();
        assert_forbidden(&err, t.label);
        let err = w.app.view_person(&w.board, id).await.unwrap_err();
        // Outside the responsible authority, the record's existence is hidden too.
        assert_concealed(&err, t.label);
        let err = w
            .app
            .register_person(&w.board, &person("New", "Person", ymd(1990, 1, 1)))
            .await
            .unwrap_err();
        assert_forbidden(&err, t.label);

        let trail = audit_trail(w.app.db()).await;
        let denials: Vec<(&str, &str, Option<uuid::Uuid>)> = trail[before as usize..]
            .iter()
            .map(|e| (e.kind.as_str(), e.action.as_str(), e.person_id))
            .collect();
        assert_eq!(
            denials,
            [
                ("denied", "read", None),
                ("denied", "read", None),
                ("denied", "read", Some(id.0)),
                ("denied", "create", None)
            ],
            "{}",
            t.label
        );
        assert!(
            trail[before as usize..]
                .iter()
                .all(|e| e.actor_user_id == Some(w.board.user_id.0)),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn responsible_authority_staff_of_another_agency_may_read_and_change_a_record() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = police_case(&w).await;
        let r = w
            .app
            .view_person(&w.om, id)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        assert_eq!(r.owning_agency, "Essex Police", "{}", t.label);
        w.app
            .record_event(
                &w.om,
                id,
                &event("contact", ymd(2026, 3, 1), "First appointment"),
            )
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}
