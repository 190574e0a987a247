//! Partners, the board and other agencies refused, concealed and audited; allocation.

use concord_app::*;
use concord_authz::{Relationship, Section};
use concord_domain::PersonId;

use super::{assert_concealed, assert_forbidden, police_case};
use crate::support::*;

#[tokio::test]
async fn a_partner_caseworker_viewing_a_person_is_told_not_found_and_the_denial_is_audited() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = police_case(&w).await;
        let before = audit_count(w.app.db()).await;

        let err = w
            .app
            .people()
            .view_person(&w.housing, id)
            .await
            .unwrap_err();
        assert_concealed(&err, t.label);
        // Same answer as for a person who does not exist.
        let missing = w
            .app
            .people()
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
        let access = w
            .app
            .people()
            .person_history(&w.ppo, id)
            .await
            .unwrap()
            .access;
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
                .people()
                .chronology(&w.housing, id, &ChronologyFilter::default())
                .await
                .map(|_| ())
                .unwrap_err(),
            w.app
                .people()
                .person_history(&w.housing, id)
                .await
                .map(|_| ())
                .unwrap_err(),
            w.app
                .people()
                .change_person_details(&w.housing, id, 1, &details("Dan", "Reid", ymd(1988, 8, 8)))
                .await
                .unwrap_err(),
            w.app
                .people()
                .add_address(
                    &w.housing,
                    id,
                    &home("1 Hostel Road", "Harlow", "CM20 1AA", ymd(2026, 1, 1)),
                )
                .await
                .map(|_| ())
                .unwrap_err(),
            w.app
                .people()
                .record_event(
                    &w.housing,
                    id,
                    &event("contact", ymd(2026, 3, 1), "Tenancy visit"),
                )
                .await
                .map(|_| ())
                .unwrap_err(),
            w.app
                .people()
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
                // Adding an entry is a create: partners may add notes to a referred
                // person's chronology, so it is decided apart from a change.
                ("denied", "create"),
                ("denied", "change")
            ],
            "{}",
            t.label
        );
        // Nothing changed.
        let r = w.app.people().view_person(&w.ppo, id).await.unwrap();
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
async fn a_partner_caseworker_searches_only_the_people_referred_to_them() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let dan = police_case(&w).await;
        let ann = w
            .app
            .people()
            .register_person(&w.ppo, &person("Ann", "Reed", ymd(1990, 1, 1)))
            .await
            .unwrap();

        // Without a referral or share the partner's search reaches no one: the register's
        // nominal index is the responsible authority's, not theirs. The search is not
        // refused (it says nothing about anyone) and is audited like any other.
        let before = audit_count(w.app.db()).await;
        for query in ["reed", "2001/0123456F"] {
            let found = w
                .app
                .people()
                .search_persons(&w.housing, query)
                .await
                .unwrap();
            assert!(
                found.hits.is_empty(),
                "{}: a partner searched the register for {query:?}: {:?}",
                t.label,
                found.hits
            );
        }
        let trail = audit_trail(w.app.db()).await;
        assert_eq!(trail.len() as i64, before + 2, "{}", t.label);
        assert!(
            trail[before as usize..]
                .iter()
                .all(|e| e.kind == "consultation"
                    && e.person_id.is_none()
                    && e.actor_user_id == Some(w.housing.user_id.0)),
            "{}: {:?}",
            t.label,
            &trail[before as usize..]
        );
        assert!(
            w.app
                .people()
                .caseload(&w.housing, &CaseloadQuery::default())
                .await
                .unwrap()
                .is_empty(),
            "{}",
            t.label
        );

        // Dan is referred to housing: now (and only he) is found, by name or identifier,
        // and he is on the partner's list of cases.
        w.app
            .sharing()
            .open_referral(
                &w.ppo,
                dan,
                "HSG",
                "Rehousing on release",
                &["addresses".into()],
            )
            .await
            .unwrap();
        for query in ["reed", "2001/0123456F"] {
            let found = w
                .app
                .people()
                .search_persons(&w.housing, query)
                .await
                .unwrap();
            let ids: Vec<PersonId> = found.hits.iter().map(|h| h.person_id).collect();
            assert_eq!(ids, [dan], "{}: {query:?}", t.label);
        }
        let cases = w
            .app
            .people()
            .caseload(&w.housing, &CaseloadQuery::default())
            .await
            .unwrap();
        let listed: Vec<(PersonId, &str)> = cases
            .iter()
            .map(|c| (c.person_id, c.role.as_str()))
            .collect();
        assert_eq!(listed, [(dan, "referral")], "{}", t.label);
        // The police still find both.
        let found = w.app.people().search_persons(&w.ppo, "reed").await.unwrap();
        assert_eq!(found.hits.len(), 2, "{}", t.label);
        assert!(found.hits.iter().any(|h| h.person_id == ann), "{}", t.label);
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

        let err = w
            .app
            .people()
            .search_persons(&w.board, "reed")
            .await
            .unwrap_err();
        assert_forbidden(&err, t.label);
        let err = w
            .app
            .people()
            .caseload(&w.board, &CaseloadQuery::default())
            .await
            .unwrap_err();
        assert_forbidden(&err, t.label);
        let err = w.app.people().view_person(&w.board, id).await.unwrap_err();
        // Outside the responsible authority, the record's existence is hidden too.
        assert_concealed(&err, t.label);
        let err = w
            .app
            .people()
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
async fn responsible_authority_staff_of_another_agency_are_refused_without_a_relationship_and_allowed_once_allocated(
) {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = police_case(&w).await;

        // Probation's offender manager has no relationship with the police's record. The
        // refusal is open (403): inside the responsible authority the record's existence
        // is no secret, and she may break the glass if she must.
        let before = audit_count(w.app.db()).await;
        let err = w.app.people().view_person(&w.om, id).await.unwrap_err();
        assert_forbidden(&err, t.label);
        let err = w
            .app
            .people()
            .record_event(
                &w.om,
                id,
                &event("contact", ymd(2026, 3, 1), "First appointment"),
            )
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
                ("denied", "read", Some(id.0)),
                ("denied", "create", Some(id.0))
            ],
            "{}",
            t.label
        );

        // Allocated by the police, she reads and adds to it…
        allocate(&w, &w.ppo, id, &w.om, "offender_manager").await;
        let r = w
            .app
            .people()
            .view_person(&w.om, id)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        assert_eq!(r.owning_agency, "Essex Police", "{}", t.label);
        assert_eq!(r.relationships, [Relationship::Allocated], "{}", t.label);
        w.app
            .people()
            .record_event(
                &w.om,
                id,
                &event("contact", ymd(2026, 3, 1), "First appointment"),
            )
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        // …but the change history and access log stay with the agency that owns it.
        assert!(!r.sections.contains(Section::History), "{}", t.label);
        let concord_app::RecordHistory {
            changes, access, ..
        } = w.app.people().person_history(&w.om, id).await.unwrap();
        assert!(changes.is_empty() && access.is_empty(), "{}", t.label);
        let concord_app::RecordHistory {
            changes, access, ..
        } = w.app.people().person_history(&w.ppo, id).await.unwrap();
        assert!(!changes.is_empty() && !access.is_empty(), "{}", t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn an_allocation_made_late_on_a_summer_evening_counts_at_once() {
    for t in concord_testkit::databases().await {
        // 23:30 UTC on 1 July is 00:30 on 2 July in London: the allocation runs from
        // 2 July, and it is 2 July.
        let late = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 7, 1, 23, 30, 0)
            .single()
            .unwrap();
        let w = world_with_clock(&t, Clock::fixed(late)).await;
        let id = police_case(&w).await;
        allocate(&w, &w.ppo, id, &w.om, "offender_manager").await;
        w.app
            .people()
            .view_person(&w.om, id)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        assert_eq!(
            w.app
                .people()
                .caseload(&w.om, &CaseloadQuery::default())
                .await
                .unwrap()
                .len(),
            1,
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}
