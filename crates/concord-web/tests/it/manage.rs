//! Licence, zones and address-check pages: drafting a licence from the sentence, adding
//! a condition through the catalogue with bad input refused and named, approval by a
//! second senior officer in the browser, a zone refused for crossing itself and one kept
//! as a circle, an address inside it refused, and the print view with its marking.

use axum::http::StatusCode;
use concord_app::NewUser;

use crate::client::{TestWeb, PASSWORD};

fn mr_d() -> serde_json::Value {
    serde_json::json!({
        "details": {"given_name": "Daniel", "middle_names": "", "family_name": "Dawson", "date_of_birth": "1984-09-02", "gender": "male"},
        "sentences": [{"kind": "custody", "description": "2 years", "start_date": "2025-10-01", "release_date": "2026-10-01", "licence_end_date": "2027-10-01", "end_date": "2027-10-01"}]
    })
}

fn id_after(href: &str, marker: &str) -> String {
    href.split(marker)
        .nth(1)
        .and_then(|rest| rest.split(['/', '"', '?', '#']).next())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn a_licence_is_drafted_conditioned_approved_and_printed_and_zones_refuse_an_address() {
    for t in TestWeb::all().await {
        let person = t.person(mr_d()).await;
        t.app
            .add_user(NewUser {
                username: "spo.one".into(),
                display_name: "Helen Marsh".into(),
                email: None,
                password: PASSWORD.into(),
                agency_code: "PROB".into(),
                team_name: None,
                roles: vec!["senior_probation_officer".into()],
            })
            .await
            .unwrap();
        let om = t.app.actor_for_username("om.one").await.unwrap();
        let spo = t.app.actor_for_username("spo.one").await.unwrap();
        t.app
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
        let page = c.get(&format!("{base}/licence")).await;
        assert!(!page.body.contains("Approve the licence"), "{}", t.label());
        let mut s = t.client();
        s.sign_in("spo.one").await;
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
            print.body.matches("OFFICIAL-SENSITIVE").count() >= 2,
            "{}",
            t.label()
        );
        assert!(
            print.body.contains("<li value=\"9\">Stay at Braemar House"),
            "{}",
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

async fn call(
    c: &mut crate::Client,
    method: axum::http::Method,
    path: &str,
    token: &str,
    body: serde_json::Value,
) -> crate::client::Response {
    let bearer = format!("Bearer {token}");
    let (content_type, text) = if body.is_null() {
        (None, String::new())
    } else {
        (Some("application/json"), body.to_string())
    };
    c.send(
        method,
        path,
        content_type,
        text,
        &[("authorization", bearer.as_str())],
    )
    .await
}

#[tokio::test]
async fn the_manage_api_drafts_licences_keeps_zones_as_geojson_and_checks_addresses() {
    use axum::http::Method;
    for t in TestWeb::all().await {
        let person = t.person(mr_d()).await;
        let mut c = t.client();
        let r = call(
            &mut c,
            Method::POST,
            "/api/v1/session",
            "",
            serde_json::json!({"username": "om.one", "password": PASSWORD}),
        )
        .await;
        let token = r.json()["token"].as_str().unwrap().to_string();
        let base = format!("/api/v1/persons/{person}");

        // A licence: bad dates are a 422 naming the field; good ones a 201.
        let bad = call(&mut c, Method::POST, &format!("{base}/licences"), &token,
            serde_json::json!({"type_code": "AP", "release_date": "2026-10-01", "licence_end_date": "soon"})).await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            t.label(),
            bad.body
        );
        assert_eq!(
            bad.json()["error"]["fields"][0]["field"],
            "licence_end_date",
            "{}",
            t.label()
        );
        let unknown = call(&mut c, Method::POST, &format!("{base}/licences"), &token,
            serde_json::json!({"type_code": "AP", "release_date": "2026-10-01", "licence_end_date": "2027-10-01", "colour": "red"})).await;
        assert_eq!(
            unknown.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            t.label(),
            unknown.body
        );
        assert_eq!(
            unknown.json()["error"]["code"],
            "invalid_body",
            "{}",
            t.label()
        );
        let made = call(&mut c, Method::POST, &format!("{base}/licences"), &token,
            serde_json::json!({"type_code": "AP", "release_date": "2026-10-01", "licence_end_date": "2027-10-01"})).await;
        assert_eq!(
            made.status,
            StatusCode::CREATED,
            "{}: {}",
            t.label(),
            made.body
        );
        let version_id = made.json()["id"].as_str().unwrap().to_string();
        let cond = call(
            &mut c,
            Method::POST,
            &format!("{base}/licences/{version_id}/conditions"),
            &token,
            serde_json::json!({"code": "ADD-DISCLOSE-VEHICLES", "version": 1}),
        )
        .await;
        assert_eq!(
            cond.status,
            StatusCode::CREATED,
            "{}: {}",
            t.label(),
            cond.body
        );
        let list = call(
            &mut c,
            Method::GET,
            &format!("{base}/licences"),
            &token,
            serde_json::Value::Null,
        )
        .await;
        assert_eq!(list.status, StatusCode::OK, "{}", t.label());
        assert_eq!(
            list.json()["versions"][0]["conditions"]
                .as_array()
                .unwrap()
                .len(),
            9,
            "{}",
            t.label()
        );
        let own = call(
            &mut c,
            Method::POST,
            &format!("{base}/licences/{version_id}/actions"),
            &token,
            serde_json::json!({"action": "SUBMIT", "version": 2}),
        )
        .await;
        assert_eq!(
            own.status,
            StatusCode::NO_CONTENT,
            "{}: {}",
            t.label(),
            own.body
        );

        // Zones: a self-crossing shape is a 422 with the geometry's code; a circle is kept.
        let crossing = call(&mut c, Method::POST, &format!("{base}/zones"), &token, serde_json::json!({
            "kind": "exclusion", "name": "Victim's home", "description": "Lady Lane area",
            "geometry": {"type": "Polygon", "coordinates": [[[0.46,51.74],[0.48,51.75],[0.48,51.74],[0.46,51.75],[0.46,51.74]]]}})).await;
        assert_eq!(
            crossing.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}: {}",
            t.label(),
            crossing.body
        );
        assert_eq!(
            crossing.json()["error"]["fields"][0]["code"],
            "self_intersection",
            "{}",
            t.label()
        );
        let circle = call(
            &mut c,
            Method::POST,
            &format!("{base}/zones"),
            &token,
            serde_json::json!({
            "kind": "exclusion", "name": "Victim's home", "description": "Within 1 km of Lady Lane",
            "circle": {"latitude": 51.742, "longitude": 0.469, "radius_metres": 1000}}),
        )
        .await;
        assert_eq!(
            circle.status,
            StatusCode::CREATED,
            "{}: {}",
            t.label(),
            circle.body
        );
        let zones = call(
            &mut c,
            Method::GET,
            &format!("{base}/zones"),
            &token,
            serde_json::Value::Null,
        )
        .await;
        let zones = zones.json();
        assert_eq!(zones["type"], "FeatureCollection", "{}", t.label());
        assert_eq!(
            zones["features"][0]["geometry"]["type"],
            "Polygon",
            "{}",
            t.label()
        );

        // An address inside the zone: refused with the reason.
        let check = call(&mut c, Method::POST, &format!("{base}/address-checks"), &token,
            serde_json::json!({"purpose": "release", "address": "4 Baddow Road", "latitude": 51.745, "longitude": 0.469})).await;
        assert_eq!(
            check.status,
            StatusCode::CREATED,
            "{}: {}",
            t.label(),
            check.body
        );
        let checks = call(
            &mut c,
            Method::GET,
            &format!("{base}/address-checks"),
            &token,
            serde_json::Value::Null,
        )
        .await;
        let checks = checks.json();
        assert_eq!(checks[0]["outcome"], "refused", "{}", t.label());

        // The document lists the new endpoints.
        let doc = c.get("/api/openapi.json").await.json();
        for path in [
            "/api/v1/persons/{id}/licences",
            "/api/v1/persons/{id}/zones",
            "/api/v1/persons/{id}/address-checks",
        ] {
            assert!(doc["paths"][path].is_object(), "{}: {path}", t.label());
        }

        // A partner is refused, and the refusal is not a licence.
        let mut h = t.client();
        let r = call(
            &mut h,
            Method::POST,
            "/api/v1/session",
            "",
            serde_json::json!({"username": "housing.one", "password": PASSWORD}),
        )
        .await;
        let partner = r.json()["token"].as_str().unwrap().to_string();
        let denied = call(
            &mut h,
            Method::GET,
            &format!("{base}/licences"),
            &partner,
            serde_json::Value::Null,
        )
        .await;
        assert!(
            matches!(denied.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{}: {}",
            t.label(),
            denied.status
        );
    }
}

#[tokio::test]
async fn the_victim_page_is_the_victim_liaison_officers_alone() {
    for t in TestWeb::all().await {
        let person = t.person(mr_d()).await;
        t.app
            .add_user(NewUser {
                username: "vlo.one".into(),
                display_name: "Bernadette Kelly".into(),
                email: None,
                password: PASSWORD.into(),
                agency_code: "PROB".into(),
                team_name: None,
                roles: vec!["victim_liaison_officer".into()],
            })
            .await
            .unwrap();
        let om = t.app.actor_for_username("om.one").await.unwrap();
        let vlo = t.app.actor_for_username("vlo.one").await.unwrap();
        t.app
            .allocate(&om, person, vlo.user_id, "Victim liaison officer")
            .await
            .unwrap();
        let base = format!("/persons/{person}/victims");

        let mut c = t.client();
        c.sign_in("om.one").await;
        let denied = c.get(&base).await;
        assert!(
            matches!(denied.status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{}: {}",
            t.label(),
            denied.status
        );

        let mut v = t.client();
        v.sign_in("vlo.one").await;
        let form = v.get(&format!("{base}/new")).await;
        assert_eq!(form.status, StatusCode::OK, "{}", t.label());
        let csrf = form.csrf();
        let refused = v
            .post_form(
                &format!("{base}/new"),
                &[
                    ("csrf_token", &csrf),
                    ("name", ""),
                    ("kind", "victim"),
                    ("latitude", "151.7"),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        assert!(refused.body.contains("Enter the name"), "{}", t.label());
        assert!(refused.body.contains("href=\"#latitude\""), "{}", t.label());
        let saved = v
            .post_form(
                &format!("{base}/new"),
                &[
                    ("csrf_token", &csrf),
                    ("name", "Alison"),
                    ("kind", "victim"),
                    ("relationship", "Former partner"),
                    ("latitude", "51.742"),
                    ("longitude", "0.469"),
                    ("may_be_told", "The non-contact condition and when it ends"),
                ],
            )
            .await;
        assert_eq!(
            saved.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            saved.body
        );
        let page = v.get(&base).await;
        assert!(
            page.body.contains("Alison") && page.body.contains("Restricted: victim section"),
            "{}",
            t.label()
        );
    }
}

#[tokio::test]
async fn a_breach_after_a_warning_must_be_referred_and_leads_to_a_recall_whose_eligibility_is_explained(
) {
    use concord_licence::LicenceAction;
    for t in TestWeb::all().await {
        let person = t.person(mr_d()).await;
        t.app
            .add_user(NewUser {
                username: "spo.one".into(),
                display_name: "Helen Marsh".into(),
                email: None,
                password: PASSWORD.into(),
                agency_code: "PROB".into(),
                team_name: None,
                roles: vec!["senior_probation_officer".into()],
            })
            .await
            .unwrap();
        let om = t.app.actor_for_username("om.one").await.unwrap();
        let spo = t.app.actor_for_username("spo.one").await.unwrap();
        t.app
            .allocate(&om, person, spo.user_id, "Senior probation officer")
            .await
            .unwrap();
        let form = concord_app::LicenceForm {
            type_code: "AP".into(),
            release_date: "2026-10-01".into(),
            licence_end_date: "2027-10-01".into(),
            ..Default::default()
        };
        let v = t.app.create_licence(&om, person, &form).await.unwrap();
        t.app
            .act_on_licence(&om, person, v, 1, LicenceAction::Submit, "")
            .await
            .unwrap();
        t.app
            .act_on_licence(&spo, person, v, 2, LicenceAction::Approve, "")
            .await
            .unwrap();
        t.app
            .act_on_licence(&om, person, v, 3, LicenceAction::Activate, "")
            .await
            .unwrap();

        let base = format!("/persons/{person}/compliance");
        let mut c = t.client();
        c.sign_in("om.one").await;
        let page = c.get(&base).await;
        assert_eq!(page.status, StatusCode::OK, "{}", t.label());
        let csrf = page.csrf();
        let bad = c
            .post_form(
                &base,
                &[
                    ("csrf_token", &csrf),
                    ("kind", "appointment"),
                    ("occurred_on", "1/1/2030"),
                    ("outcome", "unacceptable_absence"),
                ],
            )
            .await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        assert!(bad.body.contains("href=\"#occurred_on\""), "{}", t.label());

        // First unacceptable absence: warn or refer. A warning.
        let first = c
            .post_form(
                &base,
                &[
                    ("csrf_token", &csrf),
                    ("kind", "appointment"),
                    ("occurred_on", "2/11/2026"),
                    ("outcome", "unacceptable_absence"),
                    ("details", "Missed supervision"),
                ],
            )
            .await;
        assert_eq!(
            first.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            first.body
        );
        let page = c.get(&base).await;
        let decide = id_after(&page.body, "/compliance/events/");
        let warned = c
            .post_form(
                &format!("{base}/events/{decide}/decide"),
                &[
                    ("csrf_token", &csrf),
                    ("decision", "warning"),
                    ("reason", "First missed appointment; warned in writing"),
                ],
            )
            .await;
        assert_eq!(
            warned.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            warned.body
        );

        // A second within 12 months: a warning is refused, the breach referred.
        let second = c
            .post_form(
                &base,
                &[
                    ("csrf_token", &csrf),
                    ("kind", "appointment"),
                    ("occurred_on", "23/11/2026"),
                    ("outcome", "unacceptable_absence"),
                    ("details", "Missed again, after the warning"),
                ],
            )
            .await;
        assert_eq!(
            second.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            second.body
        );
        let page = c.get(&base).await;
        assert!(
            page.body.contains("must be referred for breach"),
            "{}",
            t.label()
        );
        let decide = id_after(&page.body, "/compliance/events/");
        let refused = c
            .post_form(
                &format!("{base}/events/{decide}/decide"),
                &[
                    ("csrf_token", &csrf),
                    ("decision", "warning"),
                    ("reason", "Another warning"),
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
            refused.body.contains("must be referred for breach"),
            "{}",
            t.label()
        );
        let referred = c
            .post_form(
                &format!("{base}/events/{decide}/decide"),
                &[
                    ("csrf_token", &csrf),
                    ("decision", "breach"),
                    ("reason", "Second failure within 12 months of the warning"),
                ],
            )
            .await;
        assert_eq!(
            referred.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            referred.body
        );

        // The recall: MAPPA level 2 rules out a fixed-term recall, and the page says why.
        let recall = c
            .post_form(
                &format!("{base}/recalls"),
                &[
                    ("csrf_token", &csrf),
                    ("reasons", "Two failures to attend; risk escalating"),
                    ("mappa_level", "2"),
                    ("charged_with_offence", "no"),
                ],
            )
            .await;
        assert_eq!(
            recall.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            recall.body
        );
        let page = c.get(&base).await;
        assert!(
            page.body.contains("Is a fixed-term recall possible?"),
            "{}",
            t.label()
        );
        assert!(page.body.contains("MAPPA level 2"), "{}", t.label());
        assert!(
            !page.body.contains("Revoke the licence and recall"),
            "{}: the requester may not decide",
            t.label()
        );

        let mut s = t.client();
        s.sign_in("spo.one").await;
        let page = s.get(&base).await;
        let id = id_after(&page.body, "/compliance/recalls/");
        let revoked = s
            .post_form(
                &format!("{base}/recalls/{id}/decide"),
                &[
                    ("csrf_token", &page.csrf()),
                    ("decision", "revoke"),
                    ("reason", "Risk cannot be managed in the community"),
                ],
            )
            .await;
        assert_eq!(
            revoked.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            revoked.body
        );
        let page = c.get(&base).await;
        assert!(
            page.body.contains("the police must execute the recall"),
            "{}",
            t.label()
        );
        let back = c
            .post_form(
                &format!("{base}/recalls/{id}/returned"),
                &[("csrf_token", &csrf), ("returned_on", "23/11/2026")],
            )
            .await;
        assert_eq!(
            back.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            back.body
        );
        let licence = c.get(&format!("/persons/{person}/licence")).await;
        assert!(licence.body.contains("Recalled"), "{}", t.label());
    }
}

#[tokio::test]
async fn a_police_officer_records_a_disclosure_in_the_browser_with_every_gap_named() {
    for t in TestWeb::all().await {
        let person = t.person(mr_d()).await;
        t.app
            .add_agency(
                "POL",
                "Essex Police",
                concord_domain::AgencyKind::Police,
                "Essex",
            )
            .await
            .unwrap();
        t.app
            .add_user(NewUser {
                username: "ppo.one".into(),
                display_name: "Priya Khan".into(),
                email: None,
                password: PASSWORD.into(),
                agency_code: "POL".into(),
                team_name: None,
                roles: vec!["public_protection_officer".into()],
            })
            .await
            .unwrap();
        let om = t.app.actor_for_username("om.one").await.unwrap();
        let ppo = t.app.actor_for_username("ppo.one").await.unwrap();
        t.app
            .allocate(&om, person, ppo.user_id, "Police public protection")
            .await
            .unwrap();
        let base = format!("/persons/{person}/disclosures");
        let mut c = t.client();
        c.sign_in("ppo.one").await;
        let page = c.get(&base).await;
        assert_eq!(page.status, StatusCode::OK, "{}", t.label());
        let csrf = page.csrf();
        let refused = c
            .post_form(
                &base,
                &[
                    ("csrf_token", &csrf),
                    ("recipient", "Karen"),
                    ("proportionate", "no"),
                ],
            )
            .await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        for anchor in ["#sections", "#necessary", "#reasons", "#undertaking"] {
            assert!(
                refused.body.contains(&format!("href=\"{anchor}\"")),
                "{}: {anchor}",
                t.label()
            );
        }
        let done = c
            .post_form(
                &base,
                &[
                    ("csrf_token", &csrf),
                    ("recipient", "Karen"),
                    ("recipient_role", "new partner"),
                    (
                        "what",
                        "His convictions for violence against a former partner",
                    ),
                    ("sections.convictions", "yes"),
                    (
                        "lawful_basis",
                        "Common-law power to disclose to prevent crime",
                    ),
                    ("necessary", "yes"),
                    ("proportionate", "yes"),
                    (
                        "reasons",
                        "New relationship; she is at risk of serious harm",
                    ),
                    ("person_told", "yes"),
                    ("told_detail", "Told by his offender manager"),
                    ("undertaking.yes", "yes"),
                    ("disclosed_on", "20/11/2026"),
                ],
            )
            .await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            done.body
        );
        let page = c.get(&base).await;
        assert!(
            page.body.contains("to Karen (new partner)"),
            "{}",
            t.label()
        );
    }
}
