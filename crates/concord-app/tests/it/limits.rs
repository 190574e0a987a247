//! Every list input is bounded: a list over its limit is one 422 error naming the field
//! and the limit, and nothing is kept (docs/limits.md).

use concord_app::limits::{MAX_RECORD_ITEMS, MAX_ZONE_WINDOWS};
use concord_app::*;

use crate::support::*;

fn too_many(err: &AppError, field: &str, limit: usize) {
    assert_eq!(err.status(), 422, "{err:?}");
    let AppError::Validation(v) = err else {
        panic!("expected a validation error, got {err:?}");
    };
    assert_eq!(v.errors.len(), 1, "one error, not one per item: {v:?}");
    let e = &v.errors[0];
    assert_eq!((e.field.as_str(), e.code), (field, "too_many"), "{e:?}");
    assert!(e.message.contains(&limit.to_string()), "{}", e.message);
}

#[tokio::test]
async fn a_zone_with_twenty_thousand_time_windows_is_refused_naming_the_limit() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let p = w
            .app
            .people()
            .register_person(&w.om, &person("Zed", "Windows", ymd(1990, 5, 5)))
            .await
            .unwrap();
        allocate(&w, &w.om, p, &w.om, "offender_manager").await;
        let zone = |windows: String| ZoneForm {
            kind: "exclusion".into(),
            name: "Town centre".into(),
            description: "The town centre inside the ring road".into(),
            circle_latitude: "51.7356".into(),
            circle_longitude: "0.4685".into(),
            circle_radius_metres: "500".into(),
            windows,
            ..ZoneForm::default()
        };
        let err = w
            .app
            .manage()
            .add_zone(&w.om, p, &zone(vec!["19:00-07:00"; 20_000].join(",")))
            .await
            .unwrap_err();
        too_many(&err, "windows", MAX_ZONE_WINDOWS);
        assert!(
            w.app.manage().zones(&w.om, p).await.unwrap().is_empty(),
            "{}",
            t.label
        );
        // At the limit it is kept.
        w.app
            .manage()
            .add_zone(
                &w.om,
                p,
                &zone(vec!["19:00-07:00"; MAX_ZONE_WINDOWS].join(",")),
            )
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_record_with_more_aliases_than_the_limit_is_refused_naming_the_list() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let mut input = person("Alan", "Many", ymd(1985, 1, 1));
        input.aliases = (0..=MAX_RECORD_ITEMS)
            .map(|i| AliasInput {
                given_name: format!("Al{i}"),
                family_name: "Many".into(),
                ..AliasInput::default()
            })
            .collect();
        let err = w
            .app
            .people()
            .register_person(&w.om, &input)
            .await
            .unwrap_err();
        too_many(&err, "aliases", MAX_RECORD_ITEMS);
        assert!(
            w.app
                .people()
                .search_persons(&w.om, "Many")
                .await
                .unwrap()
                .hits
                .is_empty(),
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn a_share_naming_more_sections_than_there_are_is_refused() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let p = w
            .app
            .people()
            .register_person(&w.om, &person("Sam", "Shared", ymd(1975, 2, 2)))
            .await
            .unwrap();
        let err = w
            .app
            .sharing()
            .open_referral(
                &w.om,
                p,
                "HSG",
                "Housing support",
                &vec!["identity".to_string(); 10_000],
            )
            .await
            .unwrap_err();
        too_many(&err, "sections", concord_app::limits::MAX_SECTIONS);
        assert_chain_intact(&w).await;
        let _ = t;
    }
}
