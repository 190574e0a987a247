//! Mr D: victim, exclusion zone, address checks, licence approval and a curfew variation.

use concord_app::*;
use concord_licence::{LicenceAction, LicenceStatus};

use super::{codes, condition, mr_d, VICTIM};
use crate::support::*;

#[tokio::test]
async fn mr_d_licence_zones_address_checks_and_a_curfew_variation() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let d = mr_d(&w).await;
        let spo = add_staff(
            &w,
            "spo.hale",
            "Richard Hale",
            "PRB",
            "senior_probation_officer",
        )
        .await;
        let vlo = add_staff(
            &w,
            "vlo.kelly",
            "Bernadette Kelly",
            "PRB",
            "victim_liaison_officer",
        )
        .await;
        allocate(&w, &w.om, d, &spo, "senior_probation_officer").await;
        allocate(&w, &w.om, d, &vlo, "victim_liaison_officer").await;

        // The victim, recorded by the victim liaison officer; the offender manager may not
        // read her details.
        let victim = w
            .app
            .manage()
            .add_victim(
                &vlo,
                d,
                &VictimForm {
                    name: "Alison".into(),
                    kind: "victim".into(),
                    relationship: "Former partner".into(),
                    address: "12 Lady Lane, Chelmsford CM2 0TE".into(),
                    latitude: VICTIM.0.to_string(),
                    longitude: VICTIM.1.to_string(),
                    representations: "Wants an exclusion zone round her home and workplace".into(),
                    may_be_told: "The non-contact and exclusion-zone conditions and when they end"
                        .into(),
                },
            )
            .await
            .unwrap();
        assert!(
            w.app.manage().victims(&w.om, d).await.is_err(),
            "{}",
            t.label
        );
        assert_eq!(
            w.app.manage().victims(&vlo, d).await.unwrap().0[0].id,
            victim
        );

        // An exclusion zone: a bad shape is refused, naming the problem; a circle is kept.
        let bad = w
            .app
            .manage().add_zone(
                &w.om,
                d,
                &ZoneForm {
                    kind: "exclusion".into(),
                    name: "Victim's home".into(),
                    description: "Lady Lane area".into(),
                    geojson: r#"{"type":"Polygon","coordinates":[[[0.46,51.74],[0.48,51.75],[0.48,51.74],[0.46,51.75],[0.46,51.74]]]}"#.into(),
                    ..ZoneForm::default()
                },
            )
            .await
            .unwrap_err();
        assert!(
            codes(bad).contains(&("geojson".into(), "self_intersection")),
            "{}",
            t.label
        );
        let zone = w
            .app
            .manage().add_zone(
                &w.om,
                d,
                &ZoneForm {
                    kind: "exclusion".into(),
                    name: "Victim's home".into(),
                    description: "The area within 1 km of the victim's home in Chelmsford, as shown on the map".into(),
                    circle_latitude: VICTIM.0.to_string(),
                    circle_longitude: VICTIM.1.to_string(),
                    circle_radius_metres: "1000".into(),
                    ..ZoneForm::default()
                },
            )
            .await
            .unwrap();

        // His daughter's home, 600 m from the victim: refused, with the reasons.
        let daughter = w
            .app
            .manage()
            .check_address(
                &w.om,
                d,
                &AddressCheckForm {
                    purpose: "release".into(),
                    address: "4 Baddow Road, Chelmsford (his daughter's home)".into(),
                    latitude: (VICTIM.0 + 0.0054).to_string(),
                    longitude: VICTIM.1.to_string(),
                },
            )
            .await
            .unwrap();
        // Approved premises across town, 5 km away: pending until the checks are recorded.
        let ap = w
            .app
            .manage()
            .check_address(
                &w.om,
                d,
                &AddressCheckForm {
                    purpose: "approved_premises".into(),
                    address: "Braemar House approved premises, Chelmsford".into(),
                    latitude: (VICTIM.0 - 0.045).to_string(),
                    longitude: VICTIM.1.to_string(),
                },
            )
            .await
            .unwrap();
        let checks = w.app.manage().address_checks(&w.om, d).await.unwrap();
        let refused = checks.iter().find(|c| c.id == daughter).unwrap();
        assert_eq!(refused.outcome.code(), "refused", "{}", t.label);
        assert!(
            refused.findings.refusals[0].contains("inside the exclusion zone \"Victim's home\""),
            "{}: {:?}",
            t.label,
            refused.findings.refusals
        );
        // The offender manager learns only that a victim-related restriction applies;
        // the victim liaison officer sees how near her home it is.
        assert_eq!(
            refused.findings.refusals.last().map(String::as_str),
            Some(concord_app::VICTIM_RESTRICTION),
            "{}",
            t.label
        );
        assert!(refused.victim_findings.is_none(), "{}", t.label);
        let seen = w.app.manage().address_checks(&vlo, d).await.unwrap();
        let detail = seen
            .iter()
            .find(|c| c.id == daughter)
            .and_then(|c| c.victim_findings.clone())
            .expect("the victim liaison officer sees the victim findings");
        assert!(
            detail.refusals[0].contains("600 m from the home of a victim"),
            "{}: {:?}",
            t.label,
            detail.refusals
        );
        assert!(
            !format!("{refused:?}").contains("Lady Lane"),
            "{}: no victim detail",
            t.label
        );
        let pending = checks.iter().find(|c| c.id == ap).unwrap();
        assert_eq!(pending.outcome.code(), "pending", "{}", t.label);
        let missing = w
            .app
            .manage()
            .record_safeguarding_checks(
                &w.om,
                d,
                ap,
                pending.version,
                &SafeguardingForm {
                    police_check: "PNC and domestic abuse check by PC Shah, 2/3: no concerns"
                        .into(),
                    ..SafeguardingForm::default()
                },
            )
            .await
            .unwrap_err();
        let missing = codes(missing);
        assert!(
            missing.contains(&("childrens_services_check".into(), "required")),
            "{}",
            t.label
        );
        assert!(
            missing.contains(&("home_visit".into(), "required")),
            "{}",
            t.label
        );
        w.app
            .manage()
            .record_safeguarding_checks(
                &w.om,
                d,
                ap,
                pending.version,
                &SafeguardingForm {
                    police_check: "PNC and domestic abuse check by PC Shah, 2/3: no concerns"
                        .into(),
                    childrens_services_check:
                        "Children's services, 3/3: no children at the premises".into(),
                    home_visit: "AP manager confirmed a bed and the house rules, 4/3".into(),
                    unmeasured_confirmed: false,
                },
            )
            .await
            .unwrap();
        let approved = w.app.manage().address_checks(&w.om, d).await.unwrap();
        assert_eq!(
            approved.iter().find(|c| c.id == ap).unwrap().outcome.code(),
            "approved"
        );

        // The licence, pre-filled from the sentence, with the standard conditions.
        let view = w.app.manage().licences(&w.om, d).await.unwrap();
        assert!(view.may_create, "{}", t.label);
        assert_eq!(view.from_sentence.release_date, "2026-03-01", "{}", t.label);
        let licence = w
            .app
            .manage()
            .create_licence(
                &w.om,
                d,
                &LicenceForm {
                    type_code: "AP".into(),
                    release_date: view.from_sentence.release_date.clone(),
                    licence_end_date: view.from_sentence.licence_end_date.clone(),
                    ..LicenceForm::default()
                },
            )
            .await
            .unwrap();
        let version = |w: &World| {
            let app = w.app.clone();
            let om = w.om.clone();
            async move {
                let v = app.manage().licences(&om, d).await.unwrap();
                v.versions[0].clone()
            }
        };
        assert_eq!(version(&w).await.conditions.len(), 8, "{}", t.label);

        // Bad conditions: each refused with the field named; nothing saved.
        let v = version(&w).await;
        for (form, field, code) in [
            (
                condition(
                    "ADD-CURFEW",
                    &[
                        ("address", "Braemar House"),
                        ("start", "19:00"),
                        ("end", "19:00"),
                    ],
                ),
                "params.end",
                "",
            ),
            (
                condition("ADD-GPS-TRAIL", &[("end_date", "1/1/2030")]),
                "params.end_date",
                "date_outside_period",
            ),
            (
                condition(
                    "ADD-EXCLUSION-ZONE",
                    &[
                        ("zone", &uuid::Uuid::now_v7().to_string()),
                        ("description", "Lady Lane"),
                    ],
                ),
                "params.zone",
                "unknown_zone",
            ),
            (
                condition("ADD-NO-CONTACT-VICTIM", &[]),
                "params.victim",
                "missing",
            ),
        ] {
            let e = w
                .app
                .manage()
                .add_licence_condition(&w.om, d, v.id, v.version, &form)
                .await
                .unwrap_err();
            let got = codes(e);
            assert!(
                got.iter()
                    .any(|(f, c)| f == field && (code.is_empty() || *c == code)),
                "{}: {} → {got:?}",
                t.label,
                form.code
            );
        }
        assert_eq!(
            version(&w).await.version,
            v.version,
            "{}: nothing saved",
            t.label
        );

        for form in [
            condition("ADD-NO-CONTACT-VICTIM", &[("victim", "Alison")]),
            condition(
                "ADD-EXCLUSION-ZONE",
                &[
                    ("zone", &zone.to_string()),
                    ("description", "the area within 1 km of the victim's home"),
                ],
            ),
            condition(
                "ADD-RESIDE-APPROVED-PREMISES",
                &[("address", "Braemar House, Chelmsford")],
            ),
            condition(
                "ADD-CURFEW",
                &[
                    ("address", "Braemar House, Chelmsford"),
                    ("start", "19:00"),
                    ("end", "07:00"),
                ],
            ),
            condition("ADD-POLICE-MONITORING-VISITS", &[]),
            condition("ADD-DISCLOSE-RELATIONSHIPS", &[]),
            condition("ADD-DISCLOSE-VEHICLES", &[]),
        ] {
            let v = version(&w).await;
            w.app
                .manage()
                .add_licence_condition(&w.om, d, v.id, v.version, &form)
                .await
                .unwrap_or_else(|e| panic!("{}: {}: {e:?}", t.label, form.code));
        }
        let v = version(&w).await;
        assert_eq!(v.conditions.len(), 15, "{}", t.label);
        let zone_text = &v
            .conditions
            .iter()
            .find(|c| c.code == "ADD-EXCLUSION-ZONE")
            .unwrap()
            .text;
        assert!(
            zone_text.contains("\"Victim's home\""),
            "{}: {zone_text}",
            t.label
        );

        // Submitted by the offender manager, who may not approve it; the senior officer does.
        w.app
            .manage()
            .act_on_licence(&w.om, d, v.id, v.version, LicenceAction::Submit, "")
            .await
            .unwrap();
        let v = version(&w).await;
        let own = w
            .app
            .manage()
            .act_on_licence(&w.om, d, v.id, v.version, LicenceAction::Approve, "")
            .await
            .unwrap_err();
        assert!(
            codes(own).iter().any(|(_, c)| *c == "own_licence"),
            "{}",
            t.label
        );
        w.app
            .manage()
            .act_on_licence(&spo, d, v.id, v.version, LicenceAction::Approve, "")
            .await
            .unwrap();
        let v = version(&w).await;
        w.app
            .manage()
            .act_on_licence(&w.om, d, v.id, v.version, LicenceAction::Activate, "")
            .await
            .unwrap();
        assert_eq!(
            version(&w).await.status,
            LicenceStatus::Active,
            "{}",
            t.label
        );

        // The victim liaison officer links the victim's conditions; the offender manager
        // may not. The victim may be told the wording and when each ends.
        let (_, linkable) = w.app.manage().victims(&vlo, d).await.unwrap();
        assert_eq!(
            linkable.len(),
            2,
            "{}: non-contact and exclusion zone",
            t.label
        );
        assert!(
            w.app
                .manage()
                .link_victim_condition(&w.om, d, victim, linkable[0].condition_id)
                .await
                .is_err(),
            "{}",
            t.label
        );
        for l in &linkable {
            w.app
                .manage()
                .link_victim_condition(&vlo, d, victim, l.condition_id)
                .await
                .unwrap();
        }
        let standard = version(&w).await.conditions[0].id;
        let e = w
            .app
            .manage()
            .link_victim_condition(&vlo, d, victim, standard)
            .await
            .unwrap_err();
        assert!(
            codes(e).contains(&("condition".into(), "not_victim_related")),
            "{}",
            t.label
        );
        let (victims, _) = w.app.manage().victims(&vlo, d).await.unwrap();
        assert_eq!(victims[0].conditions.len(), 2, "{}", t.label);
        assert_eq!(
            victims[0].conditions[0].ends_on,
            ymd(2027, 3, 1),
            "{}",
            t.label
        );
        assert!(
            victims[0].conditions[0].text.contains("Alison"),
            "{}",
            t.label
        );

        // A variation relaxes the curfew; the variation shows exactly what changed.
        let v = version(&w).await;
        let refused = w
            .app
            .manage()
            .start_licence_variation(&w.om, d, v.id, " ")
            .await
            .unwrap_err();
        assert!(
            codes(refused).contains(&("reason".into(), "required")),
            "{}",
            t.label
        );
        let variation = w
            .app
            .manage()
            .start_licence_variation(
                &w.om,
                d,
                v.id,
                "Settled at the approved premises; curfew relaxed ahead of move-on (MAPPA review)",
            )
            .await
            .unwrap();
        let var = version(&w).await;
        assert_eq!(
            (var.id, var.status),
            (variation, LicenceStatus::VariationInProgress)
        );
        let curfew = var
            .conditions
            .iter()
            .find(|c| c.code == "ADD-CURFEW")
            .unwrap();
        w.app
            .manage()
            .change_licence_condition(
                &w.om,
                d,
                var.id,
                var.version,
                curfew.id,
                &condition(
                    "ADD-CURFEW",
                    &[
                        ("address", "Braemar House, Chelmsford"),
                        ("start", "21:00"),
                        ("end", "06:00"),
                    ],
                ),
            )
            .await
            .unwrap();
        let var = version(&w).await;
        w.app
            .manage()
            .act_on_licence(
                &w.om,
                d,
                var.id,
                var.version,
                LicenceAction::SubmitVariation,
                "",
            )
            .await
            .unwrap();
        let var = version(&w).await;
        w.app
            .manage()
            .act_on_licence(
                &spo,
                d,
                var.id,
                var.version,
                LicenceAction::ApproveVariation,
                "",
            )
            .await
            .unwrap();
        let view = w.app.manage().licences(&w.om, d).await.unwrap();
        assert_eq!(
            view.versions[0].status,
            LicenceStatus::Active,
            "{}",
            t.label
        );
        assert_eq!(
            view.versions[1].status,
            LicenceStatus::Inactive,
            "{}",
            t.label
        );
        let summaries: Vec<&str> = view.versions[0]
            .changes
            .iter()
            .map(|c| c.summary.as_str())
            .collect();
        assert_eq!(summaries.len(), 1, "{}: {summaries:?}", t.label);
        assert!(
            summaries[0].contains("19:00–07:00") && summaries[0].contains("21:00–06:00"),
            "{}: {summaries:?}",
            t.label
        );
        // The old version can no longer be varied; the timeline has every step.
        let old = &view.versions[1];
        let e = w
            .app
            .manage()
            .start_licence_variation(&w.om, d, old.id, "Another change")
            .await
            .unwrap_err();
        assert!(
            codes(e).iter().any(|(_, c)| *c == "licence_inactive"),
            "{}",
            t.label
        );
        let events: Vec<&str> = view.timeline.iter().map(|e| e.event.code()).collect();
        for expected in [
            "created",
            "condition_added",
            "submit",
            "approve",
            "activate",
            "variation_started",
            "condition_changed",
            "approvevariation",
        ] {
            assert!(
                events
                    .iter()
                    .any(|e| e.replace('_', "") == expected.replace('_', "")),
                "{}: {expected} in {events:?}",
                t.label
            );
        }
        assert_eq!(
            concord_domain::LicenceId(licence.0),
            view.versions[1].licence_id,
            "{}",
            t.label
        );

        // A partner sees none of it.
        assert!(
            w.app.manage().licences(&w.housing, d).await.is_err(),
            "{}",
            t.label
        );
        assert!(
            w.app.manage().zones(&w.housing, d).await.is_err(),
            "{}",
            t.label
        );
    }
}
