//! A licence drafted, conditioned, approved and printed; zones refusing an address.

use axum::http::StatusCode;

use super::{id_after, mr_d};
use crate::client::TestWeb;

#[tokio::test]
async fn a_licence_is_drafted_conditioned_approved_and_printed_and_zones_refuse_an_address() {
    for t in TestWeb::all().await {
        let person = t.person(mr_d()).await;
        t.add_staff("spo.one", "Helen Marsh", "PROB", "senior_probation_officer")
            .await;
        let om = t.app.accounts().actor_for_username("om.one").await.unwrap();
        let spo = t
            .app
            .accounts()
            .actor_for_username("spo.one")
            .await
            .unwrap();
        t.app
            .people()
            .allocate(&om, person, spo.user_id, "Senior probation officer")
            .await
            .unwrap();
        let base = format!("/persons/{person}");
        let mut c = t.client();
        c.sign_in("om.one").await;

        // Pre-filled from the sentence; a licence end before release is refused (422).
        let page = c.get(&format!("{base}/licence")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", t.label());
        assert!(
            page.body.contains("value=\"1/10/2026\""),
            "{}: release date pre-filled",
            t.label()
        );
        let csrf = page.csrf();
        let refused = c
            .post_form(
                &format!("{base}/licence"),
                &[
                    ("csrf_token", &csrf),
                    ("type_code", "AP"),
                    ("release_date", "1/10/2026"),
                    ("licence_end_date", "1/1/2026"),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        assert!(
            refused
                .body
                .contains("The licence end date must be after the release date"),
            "{}",
            t.label()
        );
        let created = c
            .post_form(
                &format!("{base}/licence"),
                &[
                    ("csrf_token", &csrf),
                    ("type_code", "AP"),
                    ("release_date", "1/10/2026"),
                    ("licence_end_date", "1/10/2027"),
                ],
            )
            .await;
        assert_eq!(
            created.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            created.body
        );
        let page = c.get(created.location()).await;
        assert!(page.body.contains("In progress"), "{}", t.label());
        let version = id_after(&page.body, &format!("{base}/licence/"));
        assert_eq!(version.len(), 36, "{}: {version}", t.label());

        // A curfew through the catalogue: chosen, then its details; bad times named.
        let chosen = c
            .post_form(
                &format!("{base}/licence/{version}/conditions/new"),
                &[("csrf_token", &csrf), ("code", "ADD-CURFEW")],
            )
            .await;
        assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", t.label());
        let form = c.get(chosen.location()).await;
        assert!(form.body.contains("Curfew address"), "{}", t.label());
        let refused = c
            .post_form(
                &format!("{base}/licence/{version}/conditions"),
                &[
                    ("csrf_token", &csrf),
                    ("version", "1"),
                    ("code", "ADD-CURFEW"),
                    ("params.address", "Braemar House"),
                    ("params.start", "25:00"),
                    ("params.end", "07:00"),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        assert!(
            refused.body.contains("href=\"#params.start\""),
            "{}: the start time is named",
            t.label()
        );
        let added = c
            .post_form(
                &format!("{base}/licence/{version}/conditions"),
                &[
                    ("csrf_token", &csrf),
                    ("version", "1"),
                    ("code", "ADD-CURFEW"),
                    ("params.address", "Braemar House"),
                    ("params.start", "19:00"),
                    ("params.end", "07:00"),
                ],
            )
            .await;
        assert_eq!(
            added.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            added.body
        );
        let page = c.get(&format!("{base}/licence")).await;
        assert!(
            page.body
                .contains("Stay at Braemar House from 19:00 until 07:00"),
            "{}",
            t.label()
        );

        // Reporting instructions (issue 24): a bad form names its fields; a good one is
        // on the licence page and, below, on the print.
        let form_path = format!("{base}/licence/{version}/appointment");
        assert!(
            page.body.contains("Give the reporting instructions"),
            "{}",
            t.label()
        );
        assert_eq!(
            c.get(&form_path).await.status,
            StatusCode::OK,
            "{}",
            t.label()
        );
        let bad = c
            .post_form(
                &form_path,
                &[
                    ("csrf_token", &csrf),
                    ("with_whom", "Sarah Whitfield"),
                    ("date-day", "30"),
                    ("date-month", "9"),
                    ("date-year", "2026"),
                    ("time", "2.30pm"),
                    ("address", "Chelmsford probation office"),
                    ("phone", "none"),
                ],
            )
            .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        assert!(bad.body.contains("href=\"#date-day\""), "{}", t.label());
        assert!(
            bad.body.contains("Enter a UK telephone number"),
            "{}",
            t.label()
        );
        let good = c
            .post_form(
                &form_path,
                &[
                    ("csrf_token", &csrf),
                    ("with_whom", "Sarah Whitfield"),
                    ("date-day", "1"),
                    ("date-month", "10"),
                    ("date-year", "2026"),
                    ("time", "2.30pm"),
                    ("address", "Chelmsford probation office"),
                    ("phone", "01245 000123"),
                ],
            )
            .await;
        assert_eq!(
            good.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            good.body
        );
        let reporting = "Report to Sarah Whitfield at Chelmsford probation office on Thursday 1 October 2026 at 14:30.";
        let page = c.get(&format!("{base}/licence")).await;
        assert!(page.body.contains(reporting), "{}", t.label());

        // Submitted; the author is not offered approval; the senior officer approves.
        let submitted = c
            .post_form(
                &format!("{base}/licence/{version}/act"),
                &[
                    ("csrf_token", &csrf),
                    ("version", "2"),
                    ("action", "submit"),
                ],
            )
            .await;
        assert_eq!(
            submitted.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            submitted.body
        );
        let page = c.get(submitted.location()).await;
        assert!(!page.body.contains("Approve the licence"), "{}", t.label());
        // Issue 24: the action is named, not "Done."; a submitted draft prints as a draft.
        assert!(page.body.contains("Licence submitted"), "{}", t.label());
        let draft = c.get(&format!("{base}/licence/{version}/print")).await;
        assert!(
            draft.body.contains("id=\"draft-mark\"") && draft.body.contains("DRAFT – "),
            "{}",
            t.label()
        );
        assert!(draft.body.contains("data-concord-print"), "{}", t.label());
        let mut s = t.client();
        s.sign_in("spo.one").await;
        // Issue 24: the senior officer's home says a licence waits for approval.
        let home = s.get("/cases").await;
        assert!(
            home.body.contains("Licences waiting for your approval (1)")
                && home.body.contains(&format!("{base}/licence")),
            "{}",
            t.label()
        );
        let page = s.get(&format!("{base}/licence")).await;
        assert!(page.body.contains("Approve the licence"), "{}", t.label());
        let approved = s
            .post_form(
                &format!("{base}/licence/{version}/act"),
                &[
                    ("csrf_token", &page.csrf()),
                    ("version", "3"),
                    ("action", "approve"),
                ],
            )
            .await;
        assert_eq!(
            approved.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            approved.body
        );
        let page = c.get(&format!("{base}/licence")).await;
        assert!(
            page.body.contains("Approved by</dt>") && page.body.contains("Helen Marsh on"),
            "{}",
            t.label()
        );

        // The print view: numbered conditions and the marking.
        let print = c.get(&format!("{base}/licence/{version}/print")).await;
        assert_eq!(print.status, StatusCode::OK, "{}", t.label());
        assert!(
            print.body.contains(reporting),
            "{}: the print has the reporting instructions",
            t.label()
        );
        assert!(
            print.body.matches("OFFICIAL-SENSITIVE").count() >= 2,
            "{}",
            t.label()
        );
        assert!(
            print.body.contains("<li value=\"9\">Stay at Braemar House"),
            "{}",
            t.label()
        );
        assert!(
            !print.body.contains("draft-mark"),
            "{}: approved, not a draft",
            t.label()
        );

        // Zones: a bow-tie refused with the reason; a circle kept; an address inside refused.
        let zones = c.get(&format!("{base}/zones")).await;
        assert_eq!(zones.status, StatusCode::OK, "{}", t.label());
        assert!(zones.body.contains("id=\"zone-map\""), "{}", t.label());
        let refused = c
            .post_form(
                &format!("{base}/zones"),
                &[("csrf_token", &csrf), ("kind", "exclusion"), ("name", "Victim's home"), ("description", "Lady Lane area"),
                  ("geojson", r#"{"type":"Polygon","coordinates":[[[0.46,51.74],[0.48,51.75],[0.48,51.74],[0.46,51.75],[0.46,51.74]]]}"#)],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        assert!(refused.body.contains("crosses itself"), "{}", t.label());
        let kept = c
            .post_form(
                &format!("{base}/zones"),
                &[
                    ("csrf_token", &csrf),
                    ("kind", "exclusion"),
                    ("name", "Victim's home"),
                    ("description", "Within 1 km of Lady Lane, Chelmsford"),
                    ("circle_latitude", "51.742"),
                    ("circle_longitude", "0.469"),
                    ("circle_radius_metres", "1000"),
                ],
            )
            .await;
        assert_eq!(
            kept.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            kept.body
        );
        let checked = c
            .post_form(
                &format!("{base}/zones/checks"),
                &[
                    ("csrf_token", &csrf),
                    ("purpose", "release"),
                    ("address", "4 Baddow Road (daughter)"),
                    ("latitude", "51.745"),
                    ("longitude", "0.469"),
                ],
            )
            .await;
        assert_eq!(
            checked.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            checked.body
        );
        let zones = c.get(&format!("{base}/zones")).await;
        assert!(
            zones
                .body
                .contains("inside the exclusion zone &quot;Victim&#x27;s home&quot;")
                || zones.body.contains("inside the exclusion zone"),
            "{}",
            t.label()
        );
        assert!(zones.body.contains("Refused"), "{}", t.label());

        // A partner cannot open the licence.
        let mut h = t.client();
        h.sign_in("housing.one").await;
        let denied = h.get(&format!("{base}/licence")).await;
        assert!(
            matches!(denied.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{}: {}",
            t.label(),
            denied.status
        );
    }
}
