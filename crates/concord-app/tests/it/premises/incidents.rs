//! During the stay: incidents (the offender manager always told, the police for a police
//! matter; a safeguarding concern says to whom it went), the key worker chosen from the
//! premises' own staff, a place cancelled before arrival (the application awaits a place
//! again), and a departure while the licence still says "live at the approved premises"
//! setting the offender manager a variation task.

use concord_app::*;
use concord_domain::{ApplicationStatus, BookingStatus, TaskKind};
use concord_licence::LicenceAction;

use super::*;

/// Book Mr D into Braemar House and record his arrival on 12 March; the booking.
async fn resident(s: &Setting) -> concord_domain::ApBookingId {
    let (w, d, p) = (&s.c.w, s.c.d, s.c.w.app.premises());
    let (id, v) = accepted(s, d, &w.om).await;
    let booking = p
        .book_place(&s.cru, d, id, &booking(s.ground_floor_bed, v))
        .await
        .unwrap();
    s.c.clock.advance(days(2));
    p.record_arrival(
        &s.staff,
        d,
        booking,
        &ArrivalForm {
            arrived_on: "12/3/2026".into(),
            version: 1,
        },
    )
    .await
    .unwrap();
    booking
}

async fn tasks(s: &Setting, kind: TaskKind) -> Vec<DeadlineView> {
    s.c.w
        .app
        .manage()
        .compliance_page(&s.c.w.om, s.c.d)
        .await
        .unwrap()
        .compliance
        .deadlines
        .into_iter()
        .filter(|t| t.kind == kind)
        .collect()
}

#[tokio::test]
async fn an_incident_tells_the_offender_manager_and_a_police_matter_the_police_too() {
    for t in concord_testkit::databases().await {
        let s = setting(&t).await;
        let (w, d, p) = (&s.c.w, s.c.d, s.c.w.app.premises());
        let booking = resident(&s).await;
        s.c.clock.advance(chrono::Duration::hours(10)); // 20:00 on 12 March
                                                        // Bad input, every field named at once; nothing saved.
        let bad = IncidentForm {
            kind: "riot".into(),
            time: "25:61".into(),
            police_reference: "LOG 123".into(),
            ..IncidentForm::default()
        };
        let err = p
            .record_incident(&s.staff, d, booking, &bad)
            .await
            .unwrap_err();
        let fields: Vec<String> = field_codes(&err).into_iter().map(|f| f.0).collect();
        for f in ["kind", "time", "details", "police_informed"] {
            assert!(
                fields.iter().any(|x| x == f),
                "{}: {f} in {fields:?}",
                t.label
            );
        }
        let later = IncidentForm {
            kind: "safeguarding".into(),
            time: "23:00".into(),
            details: "Seen talking to a child at the gate".into(),
            ..IncidentForm::default()
        };
        let err = p
            .record_incident(&s.staff, d, booking, &later)
            .await
            .unwrap_err();
        let codes = field_codes(&err);
        assert!(
            codes.contains(&("time".into(), "in_future"))
                && codes.contains(&("safeguarding_referral".into(), "required")),
            "{}: {codes:?}",
            t.label
        );
        let before = IncidentForm {
            kind: "damage".into(),
            on: "11/3/2026".into(),
            time: "10:00".into(),
            details: "A broken window".into(),
            ..IncidentForm::default()
        };
        let err = p
            .record_incident(&s.staff, d, booking, &before)
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "before_arrival", "{}", t.label);
        assert!(p.stay_page(&w.om, d).await.unwrap().incidents.is_empty());
        assert!(tasks(&s, TaskKind::ApIncident).await.is_empty());
        // Drink in his room: the offender manager's side is told, not the police.
        p.record_incident(
            &s.staff,
            d,
            booking,
            &IncidentForm {
                kind: "drugs_alcohol".into(),
                time: "19:30".into(),
                details: "Cans of lager found in his room".into(),
                ..IncidentForm::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(
            tasks(&s, TaskKind::ApIncident).await.len(),
            1,
            "{}: his offender manager alone",
            t.label
        );
        // A threat to another resident is a police matter: the police officer too.
        p.record_incident(
            &s.staff,
            d,
            booking,
            &IncidentForm {
                kind: "threats".into(),
                time: "19:45".into(),
                details: "Threatened another resident with a kettle".into(),
                police_informed: true,
                police_reference: "ESX-20260312-0457".into(),
                ..IncidentForm::default()
            },
        )
        .await
        .unwrap();
        let all = tasks(&s, TaskKind::ApIncident).await;
        // The offender manager, the senior and the victim liaison officer (probation)
        // and the police officer: four more.
        assert_eq!(all.len(), 5, "{}: {all:?}", t.label);
        assert!(
            all.iter().any(|x| x.reason.contains("ESX-20260312-0457")),
            "{}",
            t.label
        );
        let page = p.stay_page(&w.ppo, d).await.unwrap();
        assert_eq!(page.incidents.len(), 2, "{}", t.label);
        assert_eq!(
            page.incidents[0].police,
            "Police told at the time (reference ESX-20260312-0457)"
        );
        // On his chronology, filed under approved premises.
        let chronology = w
            .app
            .people()
            .chronology(&w.om, d, &ChronologyFilter::default())
            .await
            .unwrap();
        let titles: Vec<&str> = chronology
            .entries
            .iter()
            .filter(|e| e.event_type == concord_domain::EventType::ApprovedPremises)
            .map(|e| e.title.as_str())
            .collect();
        for t in [
            "Place booked at Braemar House",
            "Arrived at Braemar House",
            "Incident: threats or intimidation",
            "Incident: drugs or alcohol",
        ] {
            assert!(titles.contains(&t), "{t} in {titles:?}");
        }
        assert_chain_intact(w).await;
    }
}

#[tokio::test]
async fn a_key_worker_is_one_of_the_premises_own_staff() {
    for t in concord_testkit::databases().await {
        let s = setting(&t).await;
        let (w, d, p) = (&s.c.w, s.c.d, s.c.w.app.premises());
        let booking = resident(&s).await;
        let page = p.stay_page(&s.staff, d).await.unwrap();
        let options = &page.bookings[0].key_worker_options;
        assert_eq!(
            options.iter().map(|o| o.1.as_str()).collect::<Vec<_>>(),
            ["Ada Okafor"],
            "{}",
            t.label
        );
        // The offender manager is not one of the premises' staff.
        let err = p
            .choose_key_worker(
                &s.staff,
                d,
                booking,
                &KeyWorkerForm {
                    key_worker: w.om.user_id.to_string(),
                    version: page.bookings[0].version,
                },
            )
            .await
            .unwrap_err();
        assert_eq!(field_codes(&err)[0].1, "not_staff", "{}", t.label);
        p.choose_key_worker(
            &s.staff,
            d,
            booking,
            &KeyWorkerForm {
                key_worker: options[0].0.to_string(),
                version: page.bookings[0].version,
            },
        )
        .await
        .unwrap();
        assert_eq!(
            p.stay_page(&w.om, d).await.unwrap().bookings[0]
                .key_worker
                .as_deref(),
            Some("Ada Okafor")
        );
    }
}

#[tokio::test]
async fn a_cancelled_place_frees_the_bed_and_the_application_awaits_another() {
    for t in concord_testkit::databases().await {
        let s = setting(&t).await;
        let (w, d, p) = (&s.c.w, s.c.d, s.c.w.app.premises());
        let (id, v) = accepted(&s, d, &w.om).await;
        let booking_id = p
            .book_place(&s.cru, d, id, &booking(s.ground_floor_bed, v))
            .await
            .unwrap();
        assert!(p.worklist(&s.cru).await.unwrap().is_empty(), "{}", t.label);
        let version = p.stay_page(&w.om, d).await.unwrap().bookings[0].version;
        let err = p
            .cancel_booking(
                &s.staff,
                d,
                booking_id,
                &CancellationForm {
                    reason: " ".into(),
                    version,
                },
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            vec![("cancellation_reason".to_string(), "required")]
        );
        p.cancel_booking(
            &s.staff,
            d,
            booking_id,
            &CancellationForm {
                reason: "Release postponed by the parole board".into(),
                version,
            },
        )
        .await
        .unwrap();
        let page = p.stay_page(&w.om, d).await.unwrap();
        assert_eq!(page.bookings[0].status, BookingStatus::Cancelled);
        assert_eq!(
            page.applications[0].status,
            ApplicationStatus::AwaitingPlacement,
            "{}",
            t.label
        );
        // Cancelled: the premises no longer reach him, the unit does again, and the bed
        // is bookable.
        assert!(p.stay_page(&s.staff, d).await.is_err(), "{}", t.label);
        assert_eq!(p.worklist(&s.cru).await.unwrap().len(), 1, "{}", t.label);
        let v = p.stay_page(&s.cru, d).await.unwrap().applications[0].version;
        p.book_place(&s.cru, d, id, &booking(s.ground_floor_bed, v))
            .await
            .unwrap();
        assert_chain_intact(w).await;
    }
}

#[tokio::test]
async fn leaving_while_the_licence_says_live_at_the_premises_asks_for_a_variation() {
    for t in concord_testkit::databases().await {
        let s = setting(&t).await;
        let (w, d, p) = (&s.c.w, s.c.d, s.c.w.app.premises());
        // His licence, varied: live at Braemar House.
        let m = w.app.manage();
        let v = m.licences(&w.om, d).await.unwrap().versions[0].clone();
        let var = m
            .start_licence_variation(&w.om, d, v.id, "Released to Braemar House")
            .await
            .unwrap();
        let version = m.licences(&w.om, d).await.unwrap().versions[0].version;
        m.add_licence_condition(
            &w.om,
            d,
            var,
            version,
            &ConditionForm {
                code: "ADD-RESIDE-APPROVED-PREMISES".into(),
                params: [(
                    "address".to_string(),
                    "Braemar House, Chelmsford".to_string(),
                )]
                .into_iter()
                .collect(),
            },
        )
        .await
        .unwrap();
        let spo = concord_testkit::TestApp {
            app: w.app.clone(),
            label: w.label,
        }
        .actor("spo.hale")
        .await;
        for (actor, action) in [
            (&w.om, LicenceAction::SubmitVariation),
            (&spo, LicenceAction::ApproveVariation),
        ] {
            let v = m.licences(&w.om, d).await.unwrap().versions[0].clone();
            m.act_on_licence(actor, d, v.id, v.version, action, "")
                .await
                .unwrap();
        }
        let booking = resident(&s).await;
        s.c.clock.advance(days(30));
        let page = p.stay_page(&s.staff, d).await.unwrap();
        p.record_departure(
            &s.staff,
            d,
            booking,
            &DepartureForm {
                departed_on: String::new(),
                reason: "absconded".into(),
                move_on_plan: String::new(),
                next_address_check: String::new(),
                version: page.bookings[0].version,
            },
        )
        .await
        .unwrap_err();
        p.record_departure(
            &s.staff,
            d,
            booking,
            &DepartureForm {
                departed_on: "11/4/2026".into(),
                reason: "absconded".into(),
                move_on_plan: String::new(),
                next_address_check: String::new(),
                version: page.bookings[0].version,
            },
        )
        .await
        .unwrap();
        let vary = tasks(&s, TaskKind::ApResidenceVariation).await;
        assert_eq!(vary.len(), 1, "{}: the offender manager's side", t.label);
        assert!(
            vary[0].reason.contains("11 April 2026") && vary[0].reason.contains("absconded"),
            "{}: {}",
            t.label,
            vary[0].reason
        );
        assert_chain_intact(w).await;
    }
}
