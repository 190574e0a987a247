use concord_app::*;

use crate::support::*;

fn owned(pairs: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    let mut v: Vec<_> = pairs.iter().map(|(f, c)| (f.to_string(), *c)).collect();
    v.sort();
    v
}

#[tokio::test]
async fn every_problem_in_a_registration_is_reported_at_once_and_nothing_is_saved() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let input = RegisterPersonInput {
            details: PersonDetailsInput {
                given_name: "Zoë".into(),
                middle_names: String::new(),
                family_name: "X".repeat(101),
                date_of_birth: DateInput::text("1/1/2030"),
                gender: "female".into(),
            },
            identifiers: vec![
                identifier("pnc", "2001/0123456Z"),
                identifier("crn", "X123456"),
            ],
            aliases: vec![AliasInput {
                given_name: "Zoe".into(),
                middle_names: String::new(),
                family_name: "Blackwood".into(),
                date_of_birth: DateInput::text("31/02/1990"),
            }],
            addresses: vec![home(
                "3 Duke Street",
                "Chelmsford",
                "QA1 1AA",
                ymd(2024, 1, 15),
            )],
            offences: vec![
                OffenceInput {
                    offence_code: "00100".into(),
                    description: "Assault".into(),
                    offence_date: DateInput::text("2020-05-01"),
                    conviction_date: DateInput::text("2020-04-01"),
                    disposal: String::new(),
                },
                OffenceInput {
                    offence_code: "99999".into(),
                    description: "Not an offence".into(),
                    offence_date: DateInput::text("2020-01-01"),
                    conviction_date: DateInput::default(),
                    disposal: String::new(),
                },
            ],
            ..Default::default()
        };
        let before = audit_count(w.app.db()).await;
        let err = w
            .app
            .people()
            .register_person(&w.ppo, &input)
            .await
            .unwrap_err();
        assert_eq!(
            (err.status(), err.code()),
            (422, "validation_failed"),
            "{}",
            t.label
        );
        assert_eq!(
            field_codes(&err),
            owned(&[
                ("details.family_name", "too_long"),
                ("details.date_of_birth", "date_future"),
                ("identifiers[0].pnc", "identifier_check_character"),
                ("aliases[0].date_of_birth", "date_impossible"),
                ("addresses[0].postcode", "postcode_format"),
                ("offences[0].conviction_date", "date_order"),
                ("offences[1].offence_code", "offence_code_unknown"),
            ]),
            "{}",
            t.label
        );
        // The messages are for the person at the keyboard, and never reveal the right check letter.
        let AppError::Validation(v) = &err else {
            unreachable!()
        };
        let pnc = v.for_field("identifiers[0].pnc").unwrap();
        assert!(
            pnc.message.contains("check letter is wrong") && !pnc.message.contains('F'),
            "{}: {}",
            t.label,
            pnc.message
        );

        // Nothing was written: no audit event at all, so certainly no collection…
        assert_eq!(audit_count(w.app.db()).await, before, "{}", t.label);
        assert!(
            audit_trail(w.app.db())
                .await
                .iter()
                .all(|e| e.kind != "collection" || e.actor_user_id.is_none()),
            "{}",
            t.label
        );
        // …and no person to find, by name or by the valid CRN.
        assert!(
            w.app
                .people()
                .search_persons(&w.ppo, "zoe")
                .await
                .unwrap()
                .hits
                .is_empty(),
            "{}",
            t.label
        );
        assert!(
            w.app
                .people()
                .search_persons(&w.ppo, "X123456")
                .await
                .unwrap()
                .hits
                .is_empty(),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn details_that_are_all_wrong_are_each_named() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let input = RegisterPersonInput {
            details: PersonDetailsInput {
                given_name: "J0hn".into(),
                middle_names: String::new(),
                family_name: "   ".into(),
                date_of_birth: DateInput::parts("31", "2", "1990"),
                gender: String::new(),
            },
            ..Default::default()
        };
        let err = w
            .app
            .people()
            .register_person(&w.ppo, &input)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            owned(&[
                ("details.given_name", "name_characters"),
                ("details.family_name", "required"),
                ("details.date_of_birth", "date_impossible"),
                ("details.gender", "required"),
            ]),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn the_date_rules_of_each_part_are_applied() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let mut input = person("Tom", "Reed", ymd(2020, 1, 1));
        input.addresses = vec![AddressInput {
            to_date: DateInput::text("2024-01-01"),
            ..home("1 High Street", "Harlow", "CM20 1AA", ymd(2027, 1, 1))
        }];
        input.offences = vec![OffenceInput {
            offence_code: "001/00".into(),
            description: "Assault".into(),
            offence_date: DateInput::text("2026-04-01"),
            conviction_date: DateInput::default(),
            disposal: "a telling-off".into(),
        }];
        input.sentences = vec![SentenceInput {
            kind: "custody".into(),
            start_date: DateInput::text("2020-01-01"),
            end_date: DateInput::text("2019-01-01"),
            ..Default::default()
        }];
        input.markers = vec![marker("grumpy", "")];
        input.events = vec![event("contact", ymd(2026, 3, 11), "Tomorrow's appointment")];
        let err = w
            .app
            .people()
            .register_person(&w.ppo, &input)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            owned(&[
                ("details.date_of_birth", "date_too_recent"),
                ("addresses[0].from_date", "date_future"),
                ("offences[0].offence_date", "date_future"),
                ("offences[0].disposal", "unknown_value"),
                ("sentences[0].end_date", "date_order"),
                ("markers[0].kind", "unknown_value"),
                ("markers[0].note", "required"),
                ("events[0].occurred_on", "date_future"),
            ]),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn changes_are_validated_with_the_fields_of_their_form() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let id = w
            .app
            .people()
            .register_person(&w.ppo, &person("Tom", "Reed", ymd(1980, 1, 1)))
            .await
            .unwrap();
        let before = audit_count(w.app.db()).await;

        let bad = AddressInput {
            postcode: String::new(),
            ..home("", "Harlow", "", ymd(2027, 1, 1))
        };
        let err = w
            .app
            .people()
            .add_address(&w.ppo, id, &bad)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            owned(&[
                ("line1", "required"),
                ("postcode", "required"),
                ("from_date", "date_future")
            ]),
            "{}",
            t.label
        );

        // No fixed abode needs no postcode.
        let nfa = AddressInput {
            kind: "no_fixed_abode".into(),
            ..home("Sleeping rough", "Harlow", "", ymd(2026, 1, 1))
        };
        w.app
            .people()
            .add_address(&w.ppo, id, &nfa)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));

        let mut details = details("Tom", "Reed", ymd(1980, 1, 1));
        details.date_of_birth = DateInput::text("yesterday");
        let err = w
            .app
            .people()
            .change_person_details(&w.ppo, id, 1, &details)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            owned(&[("date_of_birth", "date_format")]),
            "{}",
            t.label
        );

        let err = w
            .app
            .people()
            .add_identifier(&w.ppo, id, &identifier("pnc", "2001/0123456Z"))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            owned(&[("pnc", "identifier_check_character")]),
            "{}",
            t.label
        );
        w.app
            .people()
            .add_identifier(&w.ppo, id, &identifier("pnc", "01/123456f"))
            .await
            .unwrap();
        let err = w
            .app
            .people()
            .add_identifier(&w.ppo, id, &identifier("pnc", "2001 0123456 F"))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            owned(&[("pnc", "identifier_duplicate")]),
            "{}",
            t.label
        );

        // Offences cannot predate the person.
        let early = OffenceInput {
            offence_code: "00100".into(),
            description: "Assault".into(),
            offence_date: DateInput::text("1979-12-31"),
            ..Default::default()
        };
        let err = w
            .app
            .people()
            .add_offence(&w.ppo, id, &early)
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            owned(&[("offence_date", "date_order")]),
            "{}",
            t.label
        );

        // Only the two successful changes reached the audit chain.
        assert_eq!(audit_count(w.app.db()).await, before + 2, "{}", t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}
