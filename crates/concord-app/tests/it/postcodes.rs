//! The postcode directory: an ONS Postcode Directory file replaces it all or nothing,
//! every bad line named; only administrators load it, and a refusal is audited; an
//! address check with no coordinates is placed at its postcode's centre; the zones page
//! shows the person's current addresses, placed, only to readers of the addresses.

use concord_app::*;

use crate::support::*;

const HEADER: &str = "pcd,pcd2,pcds,dointr,doterm,usertype,oseast1m,osnrth1m,osgrdind,lat,long";

fn file(lines: &[&str]) -> String {
    std::iter::once(HEADER)
        .chain(lines.iter().copied())
        .collect::<Vec<_>>()
        .join("\n")
}

const GOOD: [&str; 3] = [
    "CM2 6LQ,CM2  6LQ,CM2 6LQ,198001,,0,571661,207145,1,51.736724,0.484655",
    "CM1 1AA,CM1  1AA,CM1 1AA,198001,,0,570000,207000,1,51.735000,0.469000",
    // No grid reference: counted, not placed.
    "CM1 9ZZ,CM1  9ZZ,CM1 9ZZ,198001,201001,0,,,9,99.999999,0.000000",
];

async fn import(
    w: &World,
    by: &concord_authz::Actor,
    text: &str,
    skip: bool,
) -> Result<PostcodeImport, AppError> {
    w.app
        .places()
        .import_postcode_directory(
            by,
            "test.csv",
            text.as_bytes(),
            text.len() as u64,
            skip,
            &(),
        )
        .await
}

#[tokio::test]
async fn the_directory_is_replaced_all_or_nothing_and_only_by_an_administrator() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let admin = add_staff(&w, "admin.webb", "Hannah Webb", "SMB", "administrator").await;

        // An offender manager may not load it; the refusal is audited.
        let refused = import(&w, &w.om, &file(&GOOD), false).await;
        assert!(
            matches!(refused, Err(AppError::Denied { .. })),
            "{}: {refused:?}",
            t.label
        );
        let last = last_audit(&t.db).await;
        assert_eq!(
            (last.outcome.as_str(), last.actor_user_id),
            ("denied", Some(w.om.user_id.0)),
            "{}",
            t.label
        );

        let done = import(&w, &admin, &file(&GOOD), false).await.unwrap();
        assert_eq!(
            (done.postcodes, done.without_location, done.replaced),
            (2, 1, 0),
            "{}",
            t.label
        );
        let last = last_audit(&t.db).await;
        assert_eq!(
            last.reason, "replaced the postcode directory",
            "{}",
            t.label
        );

        // Bad lines: each named with its line and column; nothing changes.
        let bad = file(&[
            GOOD[0],
            "CM1,CM1,CM1,,,0,,,1,51.7,0.4",
            "CM1 2AB,CM1  2AB,CM1 2AB,,,0,,,1,north,0.4",
            "CM1 2AD,CM1  2AD,CM1 2AD,,,0,,,1,0.47,51.74",
            "CM1 2AE,CM1  2AE,CM1 2AE,,,0,,,1,51.74",
        ]);
        let e = import(&w, &admin, &bad, false).await.unwrap_err();
        let AppError::Validation(v) = e else {
            panic!("{}: {e:?}", t.label)
        };
        let messages: Vec<&str> = v.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "line 3: postcode: `CM1` is not a postcode",
                "line 4: lat: `north` is not a number",
                "line 5: lat: 0.47 is outside the United Kingdom (49 to 61.5)",
                "line 6: long: the line ends before this column",
            ],
            "{}",
            t.label
        );
        let still = import(&w, &admin, &file(&GOOD[..1]), true).await.unwrap();
        assert_eq!(
            still.replaced, 2,
            "{}: the refused file changed nothing",
            t.label
        );

        // With skip_invalid the good lines load and the bad are reported.
        let skipped = import(&w, &admin, &bad, true).await.unwrap();
        assert_eq!(
            (skipped.postcodes, skipped.skipped_lines),
            (1, 4),
            "{}",
            t.label
        );

        // A postcode given twice (here once as `pcd` squeezes it): its last line counts,
        // on both engines.
        let twice = file(&[
            GOOD[0],
            "CM2 6LQ,CM2  6LQ,CM26LQ,,,0,,,1,51.700000,0.400000",
        ]);
        let done = import(&w, &admin, &twice, false).await.unwrap();
        assert_eq!(done.postcodes, 1, "{}", t.label);
        let p = w
            .app
            .people()
            .register_person(&w.om, &person("Ann", "Twice", ymd(1990, 1, 1)))
            .await
            .unwrap();
        allocate(&w, &w.om, p, &w.om, "offender_manager").await;
        w.app
            .manage()
            .check_address(
                &w.om,
                p,
                &AddressCheckForm {
                    purpose: "release".into(),
                    address: "1 Road, Chelmsford CM2 6LQ".into(),
                    ..AddressCheckForm::default()
                },
            )
            .await
            .unwrap();
        let checks = w.app.manage().address_checks(&w.om, p).await.unwrap();
        assert_eq!(
            checks[0].location,
            (51.7, 0.4),
            "{}: the last line counts",
            t.label
        );

        // A file that is not the directory at all.
        let e = import(
            &w,
            &admin,
            "postcode,latitude,longitude\nCM1 1AA,51.7,0.4",
            false,
        )
        .await
        .unwrap_err();
        assert_eq!(
            field_codes(&e),
            [("file".to_string(), "invalid")],
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn an_address_is_placed_by_its_postcode_and_his_addresses_are_on_the_zones_map() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let admin = add_staff(&w, "admin.webb", "Hannah Webb", "SMB", "administrator").await;
        import(&w, &admin, &file(&GOOD), false).await.unwrap();
        let mut input = person("Daniel", "Dawson", ymd(1984, 9, 2));
        input.addresses = vec![
            home("1 Hill Road", "Chelmsford", "cm2 6lq", ymd(2025, 1, 1)),
            home("4 Lost Lane", "Chelmsford", "CM1 3ZZ", ymd(2025, 1, 1)),
        ];
        let p = w.app.people().register_person(&w.om, &input).await.unwrap();
        allocate(&w, &w.om, p, &w.om, "offender_manager").await;

        // No coordinates: placed at the postcode's centre, and the check says so.
        let form = |address: &str| AddressCheckForm {
            purpose: "release".into(),
            address: address.into(),
            ..AddressCheckForm::default()
        };
        w.app
            .manage()
            .check_address(&w.om, p, &form("200 Springfield Road, Chelmsford CM2 6LQ"))
            .await
            .unwrap();
        let checks = w.app.manage().address_checks(&w.om, p).await.unwrap();
        assert_eq!(checks[0].location, (51.736724, 0.484655), "{}", t.label);
        assert_eq!(
            checks[0].findings.placed_by_postcode.as_deref(),
            Some("CM2 6LQ")
        );
        // A postcode the directory lacks, or none: the location is asked for by name.
        for (address, hint) in [
            (
                "4 Lost Lane, Chelmsford CM1 3ZZ",
                "has no location for CM1 3ZZ",
            ),
            (
                "4 Lost Lane, Chelmsford",
                "end the address with its postcode",
            ),
        ] {
            let e = w
                .app
                .manage()
                .check_address(&w.om, p, &form(address))
                .await
                .unwrap_err();
            let AppError::Validation(v) = e else {
                panic!("{e:?}")
            };
            assert_eq!(v.errors[0].field, "latitude", "{}", t.label);
            assert!(
                v.errors[0].message.contains(hint),
                "{}: {}",
                t.label,
                v.errors[0].message
            );
        }

        // His addresses on the zones page: placed where the directory holds the postcode.
        let page = w.app.manage().zones_page(&w.om, p).await.unwrap();
        let placed: Vec<(String, Option<(f64, f64)>)> = page
            .addresses
            .expect("the offender manager reads the addresses")
            .into_iter()
            .map(|a| (a.text, a.location))
            .collect();
        assert!(
            placed.contains(&(
                "1 Hill Road, Chelmsford, CM2 6LQ".into(),
                Some((51.736724, 0.484655))
            )),
            "{}: {placed:?}",
            t.label
        );
        assert!(
            placed.contains(&("4 Lost Lane, Chelmsford, CM1 3ZZ".into(), None)),
            "{}: {placed:?}",
            t.label
        );
        let last = last_audit(&t.db).await;
        assert!(
            last.reason
                .ends_with("viewed the current addresses on the zones map"),
            "{}: {}",
            t.label,
            last.reason
        );
    }
}
