//! Need-to-know: partner agencies and board members are refused, the refusal is concealed
//! where a record's existence must not leak, and every refusal is in the audit chain even
//! though the use case itself rolled back.

use chrono::Duration;
use concord_app::*;
use concord_authz::{Relationship, Section, SectionSet};
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
                // Adding an entry is a create: partners may add notes to a referred
                // person's chronology, so it is decided apart from a change.
                ("denied", "create"),
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
async fn a_partner_caseworker_searches_only_the_people_referred_to_them() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let dan = police_case(&w).await;
        let ann = w
            .app
            .register_person(&w.ppo, &person("Ann", "Reed", ymd(1990, 1, 1)))
            .await
            .unwrap();

        // Without a referral or share the partner's search reaches no one: the register's
        // nominal index is the responsible authority's, not theirs. The search is not
        // refused (it says nothing about anyone) and is audited like any other.
        let before = audit_count(w.app.db()).await;
        for query in ["reed", "2001/0123456F"] {
            let found = w.app.search_persons(&w.housing, query).await.unwrap();
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
            let found = w.app.search_persons(&w.housing, query).await.unwrap();
            let ids: Vec<PersonId> = found.hits.iter().map(|h| h.person_id).collect();
            assert_eq!(ids, [dan], "{}: {query:?}", t.label);
        }
        let cases = w
            .app
            .caseload(&w.housing, &CaseloadQuery::default())
            .await
            .unwrap();
        let listed: Vec<(PersonId, &str)> = cases
            .iter()
            .map(|c| (c.person_id, c.role.as_str()))
            .collect();
        assert_eq!(listed, [(dan, "referral")], "{}", t.label);
        // The police still find both.
        let found = w.app.search_persons(&w.ppo, "reed").await.unwrap();
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
async fn responsible_authority_staff_of_another_agency_are_refused_without_a_relationship_and_allowed_once_allocated(
) {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = police_case(&w).await;

        // Probation's offender manager has no relationship with the police's record. The
        // refusal is open (403): inside the responsible authority the record's existence
        // is no secret, and she may break the glass if she must.
        let before = audit_count(w.app.db()).await;
        let err = w.app.view_person(&w.om, id).await.unwrap_err();
        assert_forbidden(&err, t.label);
        let err = w
            .app
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
            .view_person(&w.om, id)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        assert_eq!(r.owning_agency, "Essex Police", "{}", t.label);
        assert_eq!(r.relationships, [Relationship::Allocated], "{}", t.label);
        w.app
            .record_event(
                &w.om,
                id,
                &event("contact", ymd(2026, 3, 1), "First appointment"),
            )
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        // …but the change history and access log stay with the agency that owns it.
        assert!(!r.sections.contains(Section::History), "{}", t.label);
        let (_, changes, access) = w.app.person_history(&w.om, id).await.unwrap();
        assert!(changes.is_empty() && access.is_empty(), "{}", t.label);
        let (_, changes, access) = w.app.person_history(&w.ppo, id).await.unwrap();
        assert!(!changes.is_empty() && !access.is_empty(), "{}", t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

/// A police record with something in every unrestricted section.
async fn full_police_case(w: &World, given: &str, family: &str) -> PersonId {
    let mut input = person(given, family, ymd(1988, 8, 8));
    input.addresses = vec![home(
        "3 Duke Street",
        "Chelmsford",
        "CM1 1AA",
        ymd(2024, 1, 15),
    )];
    input.markers = vec![marker("violence", "Assaulted staff")];
    input.offences = vec![OffenceInput {
        offence_code: "00100".into(),
        description: "Assault".into(),
        offence_date: DateInput::text("2015-06-01"),
        conviction_date: DateInput::text("2015-09-01"),
        disposal: "community_order".into(),
    }];
    input.events = vec![event("arrest", ymd(2015, 6, 2), "Arrested outside a pub")];
    w.app.register_person(&w.ppo, &input).await.unwrap()
}

#[tokio::test]
async fn a_partner_with_a_referral_reads_only_the_referred_sections() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let referred = full_police_case(&w, "Dan", "Reed").await;
        let other = full_police_case(&w, "Ann", "Reed").await;
        w.app
            .open_referral(
                &w.ppo,
                referred,
                "HSG",
                "Rehousing on release",
                &["addresses".into(), "markers".into()],
            )
            .await
            .unwrap();

        let r = w
            .app
            .view_person(&w.housing, referred)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        // Who the person is always travels with what is referred.
        assert_eq!(
            r.sections,
            SectionSet::of(&[Section::Identity, Section::Markers, Section::Addresses]),
            "{}",
            t.label
        );
        assert!(
            matches!(r.relationships.as_slice(), [Relationship::Referral(_)]),
            "{}: {:?}",
            t.label,
            r.relationships
        );
        assert_eq!(
            (
                r.addresses.len(),
                r.markers.len(),
                r.offences.len(),
                r.allocations.len(),
                r.referrals.len()
            ),
            (1, 1, 0, 0, 0),
            "{}: only the referred sections are filled",
            t.label
        );
        // The chronology shows the facts of those sections and none of the entries.
        let c = w
            .app
            .chronology(&w.housing, referred, &ChronologyFilter::default())
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        let types: Vec<concord_domain::EventType> =
            c.entries.iter().map(|e| e.event_type).collect();
        assert_eq!(
            types,
            [
                concord_domain::EventType::WarningMarker,
                concord_domain::EventType::AddressChange
            ],
            "{}",
            t.label
        );
        // The change history and access log are the owning agency's alone.
        let (_, changes, access) = w.app.person_history(&w.housing, referred).await.unwrap();
        assert!(changes.is_empty() && access.is_empty(), "{}", t.label);
        // A referral reads; it never changes the record.
        let err = w
            .app
            .add_address(
                &w.housing,
                referred,
                &home("1 Hostel Road", "Harlow", "CM20 1AA", ymd(2026, 1, 1)),
            )
            .await
            .unwrap_err();
        assert_concealed(&err, t.label);

        // Someone not referred is as unknown to the partner as someone who does not exist.
        let err = w.app.view_person(&w.housing, other).await.unwrap_err();
        assert_concealed(&err, t.label);
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

        // Restricted sections are never referred; only partner agencies are referred to.
        let err = w
            .app
            .open_referral(&w.ppo, other, "HSG", "Rehousing", &["victim".into()])
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("sections".to_string(), "section_restricted")],
            "{}",
            t.label
        );
        let err = w
            .app
            .open_referral(&w.ppo, other, "PRB", "Supervision", &["addresses".into()])
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("to_agency".to_string(), "agency_not_partner")],
            "{}",
            t.label
        );
        // A refused referral is in the audit chain, like a refused share.
        let last = last_audit(&t.db).await;
        assert_eq!(
            (last.outcome.as_str(), last.reason.as_str(), last.person_id),
            (
                "denied",
                "referral refused: invalid to_agency",
                Some(other.0)
            ),
            "{}",
            t.label
        );
        // The owner sees the referral on the record.
        let owner_view = w.app.view_person(&w.ppo, referred).await.unwrap();
        assert_eq!(
            owner_view
                .referrals
                .iter()
                .map(|r| r.to_agency.as_str())
                .collect::<Vec<_>>(),
            ["Chelmsford Housing"],
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn a_victim_entry_is_seen_by_the_victim_liaison_officer_and_not_the_offender_manager() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let vlo = add_staff(
            &w,
            "vlo.green",
            "Vera Green",
            "PRB",
            "victim_liaison_officer",
        )
        .await;
        let id = w
            .app
            .register_person(&w.om, &person("Carl", "Dunn", ymd(1979, 4, 4)))
            .await
            .unwrap();
        // The victim liaison officer works the case's victims: allocated to it, as every
        // member of a responsible authority reaches a record (ADR 0005).
        allocate(&w, &w.om, id, &vlo, "victim_liaison_officer").await;
        let victim_entry = EventInput {
            section: "victim".into(),
            ..event(
                "contact",
                ymd(2026, 3, 2),
                "Victim asks for an exclusion zone",
            )
        };
        w.app
            .record_event(&vlo, id, &victim_entry)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        w.app
            .record_event(
                &w.om,
                id,
                &event("contact", ymd(2026, 3, 1), "Reported as instructed"),
            )
            .await
            .unwrap();

        let summaries = |c: &Chronology| -> Vec<String> {
            c.entries.iter().map(|e| e.detail.clone()).collect()
        };
        let om_view = w
            .app
            .chronology(&w.om, id, &ChronologyFilter::default())
            .await
            .unwrap();
        assert_eq!(
            summaries(&om_view),
            ["Reported as instructed"],
            "{}: the offender manager holds no section.victim",
            t.label
        );
        assert!(
            !om_view.record.sections.contains(Section::Victim),
            "{}",
            t.label
        );
        let vlo_view = w
            .app
            .chronology(&vlo, id, &ChronologyFilter::default())
            .await
            .unwrap();
        assert_eq!(
            summaries(&vlo_view),
            [
                "Victim asks for an exclusion zone",
                "Reported as instructed"
            ],
            "{}",
            t.label
        );
        // Nor may the offender manager write there.
        let err = w
            .app
            .record_event(&w.om, id, &victim_entry)
            .await
            .unwrap_err();
        assert_forbidden(&err, t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

fn share_of(
    sections: &[&str],
    kind: &str,
    recipient: &str,
    until: chrono::NaiveDate,
) -> ShareInput {
    ShareInput {
        sections: sections.iter().map(|s| s.to_string()).collect(),
        recipient_kind: kind.into(),
        recipient: recipient.into(),
        purpose: "Tenancy sign-up".into(),
        expires_on: DateInput::from_date(until),
    }
}

#[tokio::test]
async fn a_share_gives_its_sections_until_it_expires_or_is_revoked() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let id = full_police_case(&w, "Dan", "Reed").await;
        assert_concealed(
            &w.app.view_person(&w.housing, id).await.unwrap_err(),
            t.label,
        );

        // Shared with the housing agency for a week (10 March to 17 March inclusive).
        w.app
            .share_sections(
                &w.ppo,
                id,
                &share_of(&["addresses"], "agency", "HSG", ymd(2026, 3, 17)),
            )
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        let disclosed = last_audit(w.app.db()).await;
        assert_eq!(
            (disclosed.kind.as_str(), disclosed.action.as_str()),
            ("disclosure", "share"),
            "{}",
            t.label
        );
        let r = w.app.view_person(&w.housing, id).await.unwrap();
        assert_eq!(
            r.sections,
            SectionSet::of(&[Section::Identity, Section::Addresses]),
            "{}",
            t.label
        );
        assert_eq!(
            (r.addresses.len(), r.markers.len(), r.offences.len()),
            (1, 0, 0),
            "{}",
            t.label
        );
        clock.advance(Duration::days(7));
        w.app
            .view_person(&w.housing, id)
            .await
            .unwrap_or_else(|e| panic!("{}: the last day of the share: {e}", t.label));

        // The day after, it has expired.
        clock.advance(Duration::days(1));
        assert_concealed(
            &w.app.view_person(&w.housing, id).await.unwrap_err(),
            t.label,
        );
        let owner = w.app.view_person(&w.ppo, id).await.unwrap();
        assert_eq!(owner.shares.len(), 1, "{}", t.label);
        assert!(!owner.shares[0].live, "{}", t.label);

        // Shared again, with the caseworker himself; then revoked.
        let share = w
            .app
            .share_sections(
                &w.ppo,
                id,
                &share_of(&["markers"], "user", "housing.lee", ymd(2026, 4, 30)),
            )
            .await
            .unwrap();
        let r = w.app.view_person(&w.housing, id).await.unwrap();
        assert_eq!((r.markers.len(), r.addresses.len()), (1, 0), "{}", t.label);
        // Revoking needs a reason.
        let err = w
            .app
            .revoke_share(&w.ppo, id, share.0, "")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("reason".to_string(), "required")],
            "{}",
            t.label
        );
        w.app
            .revoke_share(&w.ppo, id, share.0, "Tenancy signed")
            .await
            .unwrap();
        assert_concealed(
            &w.app.view_person(&w.housing, id).await.unwrap_err(),
            t.label,
        );
        let err = w
            .app
            .revoke_share(&w.ppo, id, share.0, "Again")
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::NotFound), "{}: {err:?}", t.label);
        let owner = w.app.view_person(&w.ppo, id).await.unwrap();
        let revoked = owner.shares.iter().find(|s| s.id == share.0).unwrap();
        assert!(
            !revoked.live
                && revoked
                    .revoked
                    .as_deref()
                    .is_some_and(|r| r.contains("Tenancy signed")),
            "{}: {revoked:?}",
            t.label
        );
        // Only the owning agency shares.
        allocate(&w, &w.ppo, id, &w.om, "offender_manager").await;
        let err = w
            .app
            .share_sections(
                &w.om,
                id,
                &share_of(&["addresses"], "agency", "HSG", ymd(2026, 4, 30)),
            )
            .await
            .unwrap_err();
        assert_forbidden(&err, t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn a_refused_share_is_audited_without_waiting_on_its_own_transaction() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = police_case(&w).await;
        let before = audit_count(w.app.db()).await;
        // Restricted sections never leave the case team; the attempt is recorded.
        let started = std::time::Instant::now();
        let err = w
            .app
            .share_sections(
                &w.ppo,
                id,
                &share_of(&["victim"], "agency", "HSG", ymd(2026, 4, 30)),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("sections".to_string(), "section_restricted")],
            "{}",
            t.label
        );
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{}: the refusal waited on the audit lock for {:?}",
            t.label,
            started.elapsed()
        );
        assert_eq!(audit_count(w.app.db()).await, before + 1, "{}", t.label);
        let refused = last_audit(w.app.db()).await;
        assert_eq!(
            (
                refused.kind.as_str(),
                refused.action.as_str(),
                refused.person_id,
                refused.reason.as_str()
            ),
            (
                "denied",
                "share",
                Some(id.0),
                "share refused: invalid sections"
            ),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn break_glass_opens_a_record_for_a_while_flags_it_and_queues_it_for_the_owner_to_review() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let ig_prb = add_staff(
            &w,
            "ig.grant",
            "Isla Grant",
            "PRB",
            "information_governance_lead",
        )
        .await;
        let ig_pol = add_staff(
            &w,
            "ig.gold",
            "Ian Gold",
            "POL",
            "information_governance_lead",
        )
        .await;
        let id = w
            .app
            .register_person(&w.om, &person("Carl", "Dunn", ymd(1979, 4, 4)))
            .await
            .unwrap();
        assert_forbidden(&w.app.view_person(&w.ppo, id).await.unwrap_err(), t.label);

        // A reason is required, and a real one.
        let err = w.app.break_glass(&w.ppo, id, "urgent").await.unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("reason".to_string(), "too_short")],
            "{}",
            t.label
        );
        // Partners may not break the glass, and learn nothing from trying.
        let err = w
            .app
            .break_glass(&w.housing, id, "Tenant says he is wanted")
            .await
            .unwrap_err();
        assert_concealed(&err, t.label);

        let reason = "Arrested overnight, risk to custody staff to be assessed";
        let opened = w.app.break_glass(&w.ppo, id, reason).await.unwrap();
        let r = w
            .app
            .view_person(&w.ppo, id)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        assert_eq!(r.relationships, [Relationship::BreakGlass], "{}", t.label);
        assert!(!r.sections.contains(Section::History), "{}", t.label);
        // The opening is flagged on the record, for the owner too.
        for viewer in [&w.ppo, &w.om] {
            let r = w.app.view_person(viewer, id).await.unwrap();
            let flags: Vec<(&str, &str, &str)> = r
                .break_glass
                .iter()
                .map(|b| (b.staff.as_str(), b.agency.as_str(), b.reason.as_str()))
                .collect();
            assert_eq!(
                flags,
                [("Priya Khan", "Essex Police", reason)],
                "{}",
                t.label
            );
        }

        // The owning agency's information governance lead has it to review; the police's
        // lead has nothing, and may not review probation's.
        let queue = w.app.break_glass_queue(&ig_prb).await.unwrap();
        let listed: Vec<(uuid::Uuid, &str, &str, Option<&str>)> = queue
            .iter()
            .map(|q| {
                (
                    q.id,
                    q.person.as_str(),
                    q.staff.as_str(),
                    q.outcome.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            [(opened.0, "Carl Dunn", "Priya Khan", None)],
            "{}",
            t.label
        );
        let seen = last_audit(w.app.db()).await;
        assert_eq!(
            (seen.kind.as_str(), seen.actor_user_id),
            ("consultation", Some(ig_prb.user_id.0)),
            "{}: reading the queue names people, so it is audited",
            t.label
        );
        assert!(
            w.app.break_glass_queue(&ig_pol).await.unwrap().is_empty(),
            "{}",
            t.label
        );
        let err = w
            .app
            .review_break_glass(&ig_pol, opened.0, Some(true), "Looks fine")
            .await
            .unwrap_err();
        assert_forbidden(&err, t.label);
        let err = w
            .app
            .review_break_glass(&w.om, opened.0, Some(true), "Looks fine")
            .await
            .unwrap_err();
        assert_forbidden(&err, t.label);
        let err = w.app.break_glass_queue(&w.om).await.unwrap_err();
        assert_forbidden(&err, t.label);
        let err = w
            .app
            .review_break_glass(&ig_prb, opened.0, None, "")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [
                ("note".to_string(), "required"),
                ("outcome".to_string(), "required")
            ],
            "{}",
            t.label
        );
        w.app
            .review_break_glass(&ig_prb, opened.0, Some(true), "Custody call confirmed")
            .await
            .unwrap();
        let err = w
            .app
            .review_break_glass(&ig_prb, opened.0, Some(false), "Second thoughts")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("outcome".to_string(), "already_reviewed")],
            "{}",
            t.label
        );
        let queue = w.app.break_glass_queue(&ig_prb).await.unwrap();
        assert_eq!(
            (queue[0].outcome.as_deref(), queue[0].reviewed_by.as_deref()),
            (Some("justified"), Some("Isla Grant")),
            "{}",
            t.label
        );
        let r = w.app.view_person(&w.om, id).await.unwrap();
        assert_eq!(
            r.break_glass[0].review.as_deref(),
            Some("justified: Custody call confirmed"),
            "{}",
            t.label
        );

        // It lasts BREAK_GLASS_HOURS.
        clock.advance(Duration::hours(BREAK_GLASS_HOURS) - Duration::minutes(1));
        w.app.view_person(&w.ppo, id).await.unwrap();
        clock.advance(Duration::minutes(1));
        assert_forbidden(&w.app.view_person(&w.ppo, id).await.unwrap_err(), t.label);
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
            .view_person(&w.om, id)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        assert_eq!(
            w.app
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
