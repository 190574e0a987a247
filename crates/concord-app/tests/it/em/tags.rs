//! Fitting and removing tags: what each kind of fitting needs, one live fitting per device,
//! and only the case team may fit one.

use concord_app::*;

use super::*;

#[tokio::test]
async fn a_tag_is_fitted_for_the_licence_or_voluntarily_and_a_device_is_on_one_person_at_a_time() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        let m = c.w.app.monitoring();
        let refused = m
            .fit_tag(
                &c.w.om,
                c.d,
                &TagForm {
                    device: "EM 1".into(),
                    basis: "licence".into(),
                    ..TagForm::default()
                },
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&refused),
            vec![
                ("device".into(), "device_invalid"),
                ("enforces".into(), "required")
            ],
            "{}",
            t.label
        );
        let refused = m
            .fit_tag(
                &c.w.om,
                c.d,
                &TagForm {
                    device: "EM-9".into(),
                    basis: "voluntary".into(),
                    planned_end: "1/1/2020".into(),
                    ..TagForm::default()
                },
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&refused),
            vec![
                ("consent".into(), "required"),
                ("planned_end".into(), "past")
            ],
            "{}",
            t.label
        );
        // A housing caseworker is not on the case team: refused, and the refusal audited.
        let denied = m
            .fit_tag(
                &c.w.housing,
                c.d,
                &TagForm {
                    device: DEVICE.into(),
                    basis: "voluntary".into(),
                    consent: "Asked".into(),
                    ..TagForm::default()
                },
            )
            .await
            .unwrap_err();
        assert!(
            matches!(denied, AppError::Denied { .. }),
            "{}: {denied:?}",
            t.label
        );
        c.w.app.settle_audit().await.unwrap();
        assert_eq!(last_audit(c.w.app.db()).await.kind, "denied", "{}", t.label);

        fit(&c).await;
        let again = m
            .fit_tag(
                &c.w.om,
                c.d,
                &TagForm {
                    device: DEVICE.into(),
                    basis: "licence".into(),
                    enforces: vec!["curfew".into()],
                    ..TagForm::default()
                },
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&again),
            vec![("device".into(), "fitted")],
            "{}",
            t.label
        );

        let page = m.monitoring_page(&c.w.om, c.d).await.unwrap();
        assert_eq!(page.tags.len(), 1, "{}", t.label);
        assert_eq!(
            page.tags[0].enforces, "Exclusion zones, Curfew at the approved curfew address",
            "{}",
            t.label
        );
        assert!(page.may_change, "{}", t.label);
        let tag = &page.tags[0];
        let no_reason = m
            .remove_tag(&c.w.om, c.d, tag.id, tag.version, " ")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&no_reason),
            vec![("reason".into(), "required")],
            "{}",
            t.label
        );
        m.remove_tag(&c.w.om, c.d, tag.id, tag.version, "Licence condition ended")
            .await
            .unwrap();
        let stale = m
            .remove_tag(&c.w.om, c.d, tag.id, tag.version, "again")
            .await
            .unwrap_err();
        assert!(
            matches!(stale, AppError::NotFound | AppError::Conflict),
            "{}: {stale:?}",
            t.label
        );
        // Removed, the device can be fitted again (to him or anyone).
        fit(&c).await;
        let page = m.monitoring_page(&c.w.om, c.d).await.unwrap();
        assert_eq!(page.tags.len(), 2, "{}", t.label);
        assert!(
            page.tags
                .iter()
                .any(|t| t.removal_reason == "Licence condition ended"),
            "{}",
            t.label
        );
        let chronology =
            c.w.app
                .people()
                .chronology(&c.w.om, c.d, &ChronologyFilter::default())
                .await
                .unwrap();
        assert!(
            chronology
                .entries
                .iter()
                .any(|e| e.title == format!("Tag {DEVICE} removed")),
            "{}",
            t.label
        );
        assert_chain_intact(&c.w).await;
    }
}
