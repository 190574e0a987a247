//! A form or list page about a person shows who they are from the record's heading: one
//! consultation of the identity section, not the whole record read (and audited) to show a
//! name. Those without a relationship are refused, and the refusal is audited.

use concord_app::*;

use crate::support::*;

#[tokio::test]
async fn the_heading_is_one_consultation_of_identity_and_strangers_are_refused() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let mut input = person("Harriet", "Quinn", ymd(1979, 11, 4));
        input.details.middle_names = "Ann".into();
        let p = w.app.people().register_person(&w.om, &input).await.unwrap();
        allocate(&w, &w.om, p, &w.om, "offender_manager").await;

        let before = audit_count(w.app.db()).await;
        let h = w.app.people().record_header(&w.om, p).await.unwrap();
        assert_eq!(h.full_name(), "Harriet Ann Quinn", "{}", t.label);
        assert_eq!(h.date_of_birth, ymd(1979, 11, 4), "{}", t.label);
        assert_eq!(h.id, p, "{}", t.label);
        assert_eq!(audit_count(w.app.db()).await, before + 1, "{}", t.label);
        let seen = last_audit(w.app.db()).await;
        assert_eq!(
            (seen.kind.as_str(), seen.outcome.as_str(), seen.person_id),
            ("consultation", "allowed", Some(p.0)),
            "{}",
            t.label
        );
        assert_eq!(seen.reason, "viewed the record's heading", "{}", t.label);

        // A partner with no referral or share: the record does not exist for them.
        assert!(
            matches!(
                w.app.people().record_header(&w.housing, p).await,
                Err(AppError::Denied { .. } | AppError::NotFound)
            ),
            "{}",
            t.label
        );
        let refused = last_audit(w.app.db()).await;
        assert_eq!(
            (refused.outcome.as_str(), refused.person_id),
            ("denied", Some(p.0)),
            "{}: the attempt is audited",
            t.label
        );
    }
}

/// The change-address form reads one address: one consultation of identity and addresses,
/// not the whole record; another person's address is not found through this person.
#[tokio::test]
async fn the_address_to_change_is_read_alone_and_only_through_its_person() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let mut input = person("Amy", "Jones", ymd(1990, 5, 6));
        input.addresses = vec![home(
            "12 Mill Lane",
            "Colchester",
            "CO1 1AA",
            ymd(2024, 1, 15),
        )];
        let p = w.app.people().register_person(&w.om, &input).await.unwrap();
        let other = w
            .app
            .people()
            .register_person(&w.om, &person("Bea", "King", ymd(1985, 2, 3)))
            .await
            .unwrap();
        let address = w
            .app
            .people()
            .view_person(&w.om, p)
            .await
            .unwrap()
            .addresses[0]
            .id;

        let before = audit_count(w.app.db()).await;
        let (name, a) = w
            .app
            .people()
            .address_to_change(&w.om, p, address)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        assert_eq!(
            (name.as_str(), a.line1.as_str(), a.town.as_str()),
            ("Amy Jones", "12 Mill Lane", "Colchester"),
            "{}",
            t.label
        );
        assert_eq!(audit_count(w.app.db()).await, before + 1, "{}", t.label);
        let seen = last_audit(w.app.db()).await;
        assert_eq!(
            (seen.kind.as_str(), seen.person_id, seen.reason.as_str()),
            ("consultation", Some(p.0), "viewed an address to change it"),
            "{}",
            t.label
        );

        assert!(
            matches!(
                w.app
                    .people()
                    .address_to_change(&w.om, other, address)
                    .await,
                Err(AppError::NotFound)
            ),
            "{}: an address is found only through its own person",
            t.label
        );
    }
}
