//! A page is served by one use case: its parts are read in one unit of work, decided once
//! per person, and written to the audit chain as one consultation that says everything
//! the page showed. A form is decided as its submission will be, and a refusal is audited.

use concord_app::*;
use concord_authz::{Action, Section, SectionSet};

use crate::support::*;

#[tokio::test]
async fn a_page_of_several_parts_is_one_consultation_naming_each_part() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let p = w
            .app
            .people()
            .register_person(&w.om, &person("Harriet", "Quinn", ymd(1979, 11, 4)))
            .await
            .unwrap();
        allocate(&w, &w.om, p, &w.om, "offender_manager").await;

        let before = audit_count(w.app.db()).await;
        let page = w.app.manage().disclosures_page(&w.om, p).await.unwrap();
        assert_eq!(page.header.full_name(), "Harriet Quinn", "{}", t.label);
        assert!(page.disclosures.is_empty(), "{}", t.label);
        assert_eq!(
            audit_count(w.app.db()).await,
            before + 1,
            "{}: one page, one event",
            t.label
        );
        let seen = last_audit(w.app.db()).await;
        assert_eq!(
            (seen.kind.as_str(), seen.person_id),
            ("consultation", Some(p.0)),
            "{}",
            t.label
        );
        assert!(
            seen.reason.contains("viewed the record's heading") && seen.reason.contains("; "),
            "{}: every part is named: {}",
            t.label,
            seen.reason
        );

        // The same parts asked for one by one are two units and two events.
        let before = audit_count(w.app.db()).await;
        w.app.manage().disclosures(&w.om, p).await.unwrap();
        w.app.people().record_header(&w.om, p).await.unwrap();
        assert_eq!(audit_count(w.app.db()).await, before + 2, "{}", t.label);
        assert_chain_intact(&w).await;
    }
}

#[tokio::test]
async fn a_page_refused_in_any_part_shows_nothing_and_the_refusal_is_audited() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let p = w
            .app
            .people()
            .register_person(&w.om, &person("Bea", "King", ymd(1985, 2, 3)))
            .await
            .unwrap();
        allocate(&w, &w.om, p, &w.om, "offender_manager").await;
        let before = audit_count(w.app.db()).await;
        assert!(
            matches!(
                w.app.oversight().transfer_page(&w.housing, p).await,
                Err(AppError::Denied { .. } | AppError::NotFound)
            ),
            "{}",
            t.label
        );
        assert_eq!(audit_count(w.app.db()).await, before + 1, "{}", t.label);
        let refused = last_audit(w.app.db()).await;
        assert_eq!(
            (refused.outcome.as_str(), refused.person_id),
            ("denied", Some(p.0)),
            "{}: only the refusal is written",
            t.label
        );
        assert_chain_intact(&w).await;
    }
}

#[tokio::test]
async fn a_form_is_decided_as_its_submission_and_a_refusal_is_audited() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let p = w
            .app
            .people()
            .register_person(&w.om, &person("Cal", "Moss", ymd(1970, 1, 9)))
            .await
            .unwrap();
        allocate(&w, &w.om, p, &w.om, "offender_manager").await;

        // Opening a form that shows nothing of the record writes nothing when allowed.
        let events = SectionSet::one(Section::Chronology);
        let before = audit_count(w.app.db()).await;
        w.app
            .people()
            .open_form(&w.om, p, Action::Create, events)
            .await
            .unwrap();
        assert_eq!(audit_count(w.app.db()).await, before, "{}", t.label);

        // A reader with no relationship is refused, and the attempt is on the chain.
        assert!(
            w.app
                .people()
                .open_form(&w.om2, p, Action::Create, events)
                .await
                .is_err(),
            "{}",
            t.label
        );
        let refused = last_audit(w.app.db()).await;
        assert_eq!(
            (refused.outcome.as_str(), refused.person_id),
            ("denied", Some(p.0)),
            "{}",
            t.label
        );

        // A form's heading: allowed, one consultation of identity.
        let before = audit_count(w.app.db()).await;
        let h = w
            .app
            .people()
            .form_header(&w.om, p, Action::Change, Section::Identity)
            .await
            .unwrap();
        assert_eq!(h.full_name(), "Cal Moss", "{}", t.label);
        assert_eq!(audit_count(w.app.db()).await, before + 1, "{}", t.label);
        assert_chain_intact(&w).await;
    }
}
