//! Sections: a referral's for a partner; a victim entry for the victim liaison officer.

use concord_app::*;
use concord_authz::{Relationship, Section, SectionSet};
use concord_domain::PersonId;

use super::{assert_concealed, assert_forbidden, full_police_case};
use crate::support::*;

#[tokio::test]
async fn a_partner_with_a_referral_reads_only_the_referred_sections() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let referred = full_police_case(&w, "Dan", "Reed").await;
        let other = full_police_case(&w, "Ann", "Reed").await;
        w.app
            .sharing()
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
            .people()
            .view_person(&w.housing, referred)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        // Who the person is always travels with what is referred, and the partner's
        // own work on its referrals (the store gives it no one else's).
        assert_eq!(
            r.sections,
            SectionSet::of(&[
                Section::Identity,
                Section::Markers,
                Section::Addresses,
                Section::Interventions
            ]),
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
            .people()
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
        let concord_app::RecordHistory {
            changes, access, ..
        } = w
            .app
            .people()
            .person_history(&w.housing, referred)
            .await
            .unwrap();
        assert!(changes.is_empty() && access.is_empty(), "{}", t.label);
        // A referral reads; it never changes the record.
        let err = w
            .app
            .people()
            .add_address(
                &w.housing,
                referred,
                &home("1 Hostel Road", "Harlow", "CM20 1AA", ymd(2026, 1, 1)),
            )
            .await
            .unwrap_err();
        assert_concealed(&err, t.label);

        // Someone not referred is as unknown to the partner as someone who does not exist.
        let err = w
            .app
            .people()
            .view_person(&w.housing, other)
            .await
            .unwrap_err();
        assert_concealed(&err, t.label);
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

        // Restricted sections are never referred; only partner agencies are referred to.
        let err = w
            .app
            .sharing()
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
            .sharing()
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
        let owner_view = w.app.people().view_person(&w.ppo, referred).await.unwrap();
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
            .people()
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
            .people()
            .record_event(&vlo, id, &victim_entry)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        w.app
            .people()
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
            .people()
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
            .people()
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
            .people()
            .record_event(&w.om, id, &victim_entry)
            .await
            .unwrap_err();
        assert_forbidden(&err, t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}
