//! Every use case that touches personal data leaves exactly one event (per record
//! touched) in the audit chain: consultation for a view, alteration for a change.

use concord_app::*;
use concord_domain::RecordId;

use crate::support::*;

/// Check the events appended since `before`, then return the new count.
async fn expect_events(w: &World, before: i64, what: &str, expected: &[(&str, &str, &str)]) -> i64 {
    let trail = audit_trail(w.app.db()).await;
    let got: Vec<(&str, &str, &str)> = trail[before as usize..]
        .iter()
        .map(|e| (e.kind.as_str(), e.action.as_str(), e.reason.as_str()))
        .collect();
    assert_eq!(got, expected, "{}: {what}", w.label);
    trail.len() as i64
}

#[tokio::test]
async fn every_view_is_a_consultation_and_every_change_an_alteration() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let (om, ppo) = (&w.om, &w.ppo);
        let mut n = audit_count(w.app.db()).await;
        let mut input = person("Amy", "Jones", ymd(1990, 5, 6));
        input.addresses = vec![home(
            "12 Mill Lane",
            "Colchester",
            "CO1 1AA",
            ymd(2024, 1, 15),
        )];
        let id = w.app.people().register_person(ppo, &input).await.unwrap();
        n = expect_events(
            &w,
            n,
            "register",
            &[("collection", "create", "registered a person")],
        )
        .await;
        // The record is the police's: probation's offender manager works on it once
        // allocated, and the allocation is an alteration too.
        allocate(&w, ppo, id, om, "offender_manager").await;
        n = expect_events(
            &w,
            n,
            "allocate",
            &[("alteration", "change", "added allocation")],
        )
        .await;

        w.app.people().view_person(om, id).await.unwrap();
        n = expect_events(
            &w,
            n,
            "view",
            &[("consultation", "read", "viewed the record")],
        )
        .await;
        w.app.people().person_history(om, id).await.unwrap();
        n = expect_events(
            &w,
            n,
            "history",
            &[("consultation", "read", "viewed the record's history")],
        )
        .await;
        w.app
            .people()
            .chronology(om, id, &ChronologyFilter::default())
            .await
            .unwrap();
        n = expect_events(
            &w,
            n,
            "chronology",
            &[("consultation", "read", "viewed the chronology")],
        )
        .await;
        w.app.people().search_persons(om, "amy").await.unwrap();
        n = expect_events(
            &w,
            n,
            "search",
            &[("consultation", "read", "searched the register")],
        )
        .await;
        w.app
            .people()
            .caseload(om, &CaseloadQuery::default())
            .await
            .unwrap();
        n = expect_events(
            &w,
            n,
            "caseload",
            &[("consultation", "read", "viewed their caseload")],
        )
        .await;

        let record = w.app.people().view_person(om, id).await.unwrap();
        n += 1;
        w.app
            .people()
            .change_person_details(
                om,
                id,
                record.version,
                &details("Amy", "Jones-Hall", ymd(1990, 5, 6)),
            )
            .await
            .unwrap();
        n = expect_events(
            &w,
            n,
            "change details",
            &[("alteration", "change", "changed person")],
        )
        .await;
        let new_address = w
            .app
            .people()
            .add_address(
                om,
                id,
                &home("3 Duke Street", "Chelmsford", "CM1 1AA", ymd(2026, 2, 1)),
            )
            .await
            .unwrap();
        n = expect_events(
            &w,
            n,
            "add address",
            &[
                ("alteration", "change", "ended address"),
                ("alteration", "change", "added address"),
            ],
        )
        .await;
        w.app
            .people()
            .change_address(
                om,
                id,
                new_address,
                1,
                &home("3 Duke Street", "Chelmsford", "CM1 1AB", ymd(2026, 2, 1)),
            )
            .await
            .unwrap();
        n = expect_events(
            &w,
            n,
            "change address",
            &[("alteration", "change", "changed address")],
        )
        .await;
        w.app
            .people()
            .add_alias(
                om,
                id,
                &AliasInput {
                    given_name: "Amy".into(),
                    family_name: "Hall".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        n = expect_events(
            &w,
            n,
            "add alias",
            &[("alteration", "change", "added alias")],
        )
        .await;
        w.app
            .people()
            .add_identifier(om, id, &identifier("crn", "X123456"))
            .await
            .unwrap();
        n = expect_events(
            &w,
            n,
            "add identifier",
            &[("alteration", "change", "added identifier")],
        )
        .await;
        let offence = OffenceInput {
            offence_code: "00100".into(),
            description: "Assault".into(),
            offence_date: DateInput::text("2020-01-01"),
            ..Default::default()
        };
        w.app.people().add_offence(om, id, &offence).await.unwrap();
        n = expect_events(
            &w,
            n,
            "add offence",
            &[("alteration", "change", "added offence")],
        )
        .await;
        let sentence = SentenceInput {
            kind: "community_order".into(),
            start_date: DateInput::text("2020-06-01"),
            end_date: DateInput::text("2021-06-01"),
            ..Default::default()
        };
        w.app
            .people()
            .add_sentence(om, id, &sentence)
            .await
            .unwrap();
        n = expect_events(
            &w,
            n,
            "add sentence",
            &[("alteration", "change", "added sentence")],
        )
        .await;
        let m = w
            .app
            .people()
            .add_marker(om, id, &marker("drugs", "Uses heroin"))
            .await
            .unwrap();
        n = expect_events(
            &w,
            n,
            "add marker",
            &[("alteration", "change", "added warning_marker")],
        )
        .await;
        w.app.people().remove_marker(om, id, m).await.unwrap();
        n = expect_events(
            &w,
            n,
            "remove marker",
            &[("alteration", "change", "removed warning_marker")],
        )
        .await;
        w.app
            .people()
            .record_event(om, id, &event("contact", ymd(2026, 3, 1), "Reported"))
            .await
            .unwrap();
        n = expect_events(
            &w,
            n,
            "record event",
            &[("alteration", "change", "added event")],
        )
        .await;
        w.app
            .people()
            .allocate(om, id, w.om2.user_id, "offender_manager")
            .await
            .unwrap();
        n = expect_events(
            &w,
            n,
            "allocate",
            &[("alteration", "change", "added allocation")],
        )
        .await;

        // Every event names the person and the member of staff.
        let trail = audit_trail(w.app.db()).await;
        assert!(
            trail
                .iter()
                // Account set-up at the console is audited too, about no person.
                .filter(|e| e.actor_user_id.is_some())
                .filter(
                    |e| e.reason != "searched the register" && e.reason != "viewed their caseload"
                )
                .all(|e| e.person_id == Some(id.0)),
            "{}",
            t.label
        );
        assert!(
            trail
                .iter()
                .filter(|e| e.person_id.is_some())
                .all(|e| e.actor_user_id.is_some()),
            "{}",
            t.label
        );
        assert_eq!(trail.len() as i64, n, "{}", t.label);

        // Failed use cases leave no trace: validation, conflict, unknown record.
        let _ = w
            .app
            .people()
            .change_person_details(om, id, 1, &details("Amy", "Jones", ymd(1990, 5, 6)))
            .await
            .unwrap_err();
        let _ = w
            .app
            .people()
            .add_marker(om, id, &marker("", ""))
            .await
            .unwrap_err();
        let _ = w
            .app
            .people()
            .remove_marker(om, id, RecordId::new())
            .await
            .unwrap_err();
        let _ = w
            .app
            .people()
            .view_person(om, concord_domain::PersonId::new())
            .await
            .unwrap_err();
        assert_eq!(audit_count(w.app.db()).await, n, "{}", t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}
