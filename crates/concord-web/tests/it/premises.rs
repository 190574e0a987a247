//! Approved premises over HTTP, on the demo: Mr D's offender manager applies (bad input
//! refused, named), the central referral unit decides and finds a bed (the premises near
//! his victim refused with the fixed sentence, no distance), books it, and the premises'
//! manager records the arrival; the directory and its CSV show beds, never names.

use axum::http::{header, StatusCode};

use crate::need_to_know::{demo_web, mr_d, signed_in};

const VICTIM_RESTRICTION_START: &str =
    "The address is refused because of a victim-related restriction";

#[tokio::test]
async fn mr_d_is_given_a_bed_away_from_his_victim_and_arrives() {
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let l = web.label();
        let d = mr_d(&web).await;
        let tab = format!("/persons/{d}/approved-premises");
        let mut om = signed_in(&web, "om.chelmsford").await;
        let r = om.get(&tab).await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        assert!(r.body.contains("Apply for a place"), "{l}");
        let csrf = r.csrf();
        let bad = om
            .post_form(
                &format!("{tab}/applications"),
                &[
                    ("csrf_token", &csrf),
                    ("ap_type", "normal"),
                    ("release_on", "soon"),
                    ("duration_weeks", "99"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        for message in ["Enter why he needs a place", "1 to 52"] {
            assert!(bad.body.contains(message), "{l}: {message}");
        }
        let ok = om
            .post_form(
                &format!("{tab}/applications"),
                &[
                    ("csrf_token", &csrf),
                    ("ap_type", "normal"),
                    ("release_on", "23/11/2026"),
                    ("duration_weeks", "12"),
                    ("needs.men_only", "yes"),
                    ("reason", "Residence at an AP is a condition of his licence"),
                    ("risk_summary", "High risk of serious harm to a known adult"),
                ],
            )
            .await;
        assert_eq!(ok.status, StatusCode::SEE_OTHER, "{l}: {}", ok.body);
        // The unit: on its worklist, decides, finds the bed.
        let mut cru = signed_in(&web, "cru.assessor").await;
        let list = cru.get("/approved-premises/applications").await;
        assert!(list.body.contains("Darren Keith Dolby"), "{l}");
        let page = cru.get(&tab).await;
        assert!(page.body.contains("Record the decision"), "{l}");
        let application: String = page
            .body
            .split("/applications/")
            .nth(1)
            .map(|s| s[..36].to_string())
            .expect("the assessment form's action");
        let version = page
            .body
            .split("name=\"version\" value=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_string();
        let decided = cru
            .post_form(
                &format!("{tab}/applications/{application}/assessment"),
                &[
                    ("csrf_token", &page.csrf()),
                    ("version", &version),
                    ("decision", "accept"),
                    ("reasons", "Meets the criteria"),
                ],
            )
            .await;
        assert_eq!(
            decided.status,
            StatusCode::SEE_OTHER,
            "{l}: {}",
            decided.body
        );
        let places = cru
            .get(&format!("{tab}/applications/{application}/places"))
            .await;
        assert_eq!(places.status, StatusCode::OK, "{l}: {}", places.body);
        assert!(places.body.contains("Book a bed at Braemar House"), "{l}");
        assert!(places.body.contains("Lady Lane House"), "{l}");
        assert!(places.body.contains(VICTIM_RESTRICTION_START), "{l}");
        assert!(
            !places.body.contains("Victim section"),
            "{l}: the unit has no victim section"
        );
        assert!(!places.body.contains("Book a bed at Lady Lane"), "{l}");
        let bed = places
            .body
            .split("id=\"bed-1\" name=\"bed\"><option value=\"")
            .nth(1)
            .map(|s| s[..36].to_string())
            .expect("a bed at the first premises offered");
        let booked = cru
            .post_form(
                &format!("{tab}/applications/{application}/booking"),
                &[
                    ("csrf_token", &places.csrf()),
                    (
                        "version",
                        &(version.parse::<i64>().unwrap() + 1).to_string(),
                    ),
                    ("bed", &bed),
                    ("arrival_on", "23/11/2026"),
                    ("departure_on", "15/2/2027"),
                ],
            )
            .await;
        assert_eq!(booked.status, StatusCode::SEE_OTHER, "{l}: {}", booked.body);
        assert_eq!(
            booked.location(),
            "/approved-premises/applications?notice=booked",
            "{l}"
        );
        // The unit's relationship has ended; the premises' manager now reaches him.
        assert_ne!(cru.get(&tab).await.status, StatusCode::OK, "{l}");
        let mut manager = signed_in(&web, "ap.manager").await;
        let stay = manager.get(&tab).await;
        assert_eq!(stay.status, StatusCode::OK, "{l}: {}", stay.body);
        assert!(stay.body.contains("Record the arrival"), "{l}");
        let early = manager
            .post_form(
                &format!("{tab}/bookings/{}/arrival", booking_id(&stay.body)),
                &[
                    ("csrf_token", &stay.csrf()),
                    ("version", "1"),
                    ("arrived_on", "22/11/2026"),
                ],
            )
            .await;
        assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(early.body.contains("cannot be before it"), "{l}");
        let booking = booking_id(&stay.body);
        let arrived = manager
            .post_form(
                &format!("{tab}/bookings/{booking}/arrival"),
                &[
                    ("csrf_token", &stay.csrf()),
                    ("version", "1"),
                    ("arrived_on", "23/11/2026"),
                ],
            )
            .await;
        assert_eq!(
            arrived.status,
            StatusCode::SEE_OTHER,
            "{l}: {}",
            arrived.body
        );
        // The register: his licence's curfew, signed out, then the missed-curfew form.
        let stay = manager.get(&tab).await;
        assert!(
            stay.body
                .contains("Curfew: 23:00 to 07:00, every day (his licence&#39;s curfew condition)")
                || stay
                    .body
                    .contains("Curfew: 23:00 to 07:00, every day (his licence's curfew condition)"),
            "{l}: {}",
            stay.body
        );
        let out = manager
            .post_form(
                &format!("{tab}/bookings/{booking}/register"),
                &[
                    ("csrf_token", &stay.csrf()),
                    ("direction", "out"),
                    ("time", "08:15"),
                    ("note", "To the Jobcentre"),
                ],
            )
            .await;
        assert_eq!(out.status, StatusCode::SEE_OTHER, "{l}: {}", out.body);
        let stay = manager.get(&tab).await;
        assert!(
            stay.body.contains("Record the missed curfew")
                && stay.body.contains(">Signed in</button>"),
            "{l}"
        );
        let bad = manager
            .post_form(
                &format!("{tab}/bookings/{booking}/register"),
                &[
                    ("csrf_token", &stay.csrf()),
                    ("direction", "in"),
                    ("time", "9 o'clock"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(bad.body.contains("24-hour clock, like 23:40"), "{l}");
        // An incident: refused naming the form's own fields, then recorded and listed.
        let incident = format!("{tab}/bookings/{booking}/incidents");
        let bad = manager
            .post_form(
                &incident,
                &[
                    ("csrf_token", &stay.csrf()),
                    ("incident_kind", "safeguarding"),
                    ("incident_time", "08:00"),
                    ("incident_details", ""),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            bad.body.contains("href=\"#incident_details\"")
                && bad.body.contains("href=\"#safeguarding_referral\""),
            "{l}: {}",
            bad.body
        );
        let recorded = manager
            .post_form(
                &incident,
                &[
                    ("csrf_token", &stay.csrf()),
                    ("incident_kind", "threats"),
                    ("incident_time", "08:05"),
                    ("incident_details", "Shouted threats at the night worker"),
                    ("police_informed", "yes"),
                    ("police_reference", "ESX-0457"),
                ],
            )
            .await;
        assert_eq!(
            recorded.status,
            StatusCode::SEE_OTHER,
            "{l}: {}",
            recorded.body
        );
        let stay = om.get(&tab).await;
        assert!(
            stay.body.contains("Shouted threats at the night worker")
                && stay
                    .body
                    .contains("Police told at the time (reference ESX-0457)"),
            "{l}"
        );
        // The directory and its CSV: beds and counts, no one's name.
        let dir = om.get("/approved-premises?from=2026-11-23").await;
        assert_eq!(dir.status, StatusCode::OK, "{l}");
        assert!(
            dir.body.contains("Braemar House") && !dir.body.contains("Dolby"),
            "{l}"
        );
        // The area's chart and its numbers: Mr D's bed is booked on the first night.
        assert!(
            dir.body.contains("id=\"occupancy-chart\"")
                && dir.body.contains(" booked, ")
                && dir.body.contains(">All premises</th>"),
            "{l}"
        );
        let csv = om
            .get("/approved-premises/occupancy.csv?from=2026-11-23")
            .await;
        assert_eq!(csv.status, StatusCode::OK, "{l}");
        assert!(
            csv.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/csv"),
            "{l}"
        );
        assert!(
            csv.body
                .starts_with("premises_code,premises,night,beds,free,booked,out_of_service\n"),
            "{l}"
        );
        assert!(
            csv.body.contains("BRAEMAR,Braemar House,2026-11-23,12,"),
            "{l}: {}",
            csv.body
        );
        // Braemar House's own page: its manager sees who is there; others, beds only.
        let before = dir.body.split(">Braemar House</a>").next().unwrap();
        let braemar = &before[before.len() - 37..before.len() - 1];
        let own = manager.get(&format!("/approved-premises/{braemar}")).await;
        assert_eq!(own.status, StatusCode::OK, "{l}: {}", own.body);
        assert!(
            own.body.contains("Residents and arrivals") && own.body.contains("Darren Keith Dolby"),
            "{l}"
        );
        assert!(
            own.body.contains("Take Room 1, bed A out of service"),
            "{l}"
        );
        let theirs = om.get(&format!("/approved-premises/{braemar}")).await;
        assert_eq!(theirs.status, StatusCode::OK, "{l}");
        assert!(
            !theirs.body.contains("Residents and arrivals") && !theirs.body.contains("Dolby"),
            "{l}"
        );
        // A partner caseworker reaches none of it.
        let mut housing = signed_in(&web, "housing.caseworker").await;
        assert_ne!(housing.get(&tab).await.status, StatusCode::OK, "{l}");
        web.finish().await;
    }
}

fn booking_id(body: &str) -> String {
    body.split("/bookings/")
        .nth(1)
        .map(|s| s[..36].to_string())
        .expect("a booking form")
}
