//! Electronic monitoring over HTTP, on the demo: the provider's batch endpoint (JSON and
//! CSV, idempotent, every kind of bad input a named 4xx), the live alerts page and its
//! event stream for the case team only, the alert with its track for the victim section
//! only, and the acknowledgement and outcome.

use axum::http::{header, Method, StatusCode};
use chrono::{Duration, SecondsFormat};
use concord_demo::{DEMO_PASSWORD, MR_D_DEVICE, VICTIM_HOME};

use crate::client::{now, Client};
use crate::need_to_know::{demo_web, mr_d, signed_in};

async fn token(c: &mut Client, username: &str) -> String {
    let r = c
        .send(
            Method::POST,
            "/api/v1/session",
            Some("application/json"),
            serde_json::json!({"username": username, "password": DEMO_PASSWORD}).to_string(),
            &[],
        )
        .await;
    r.json()["token"].as_str().expect("a token").to_string()
}

async fn post(
    c: &mut Client,
    token: &str,
    content_type: &str,
    body: String,
) -> crate::client::Response {
    let bearer = format!("Bearer {token}");
    c.send(
        Method::POST,
        "/api/v1/em/fixes",
        Some(content_type),
        body,
        &[("authorization", bearer.as_str())],
    )
    .await
}

/// A walk from 3 km south of the victim's home to 200 m from it, a fix every 10 s.
fn walk(prefix: &str) -> Vec<serde_json::Value> {
    let start = now() - Duration::minutes(30);
    (0..10)
        .map(|i| {
            let lat = if i < 4 { VICTIM_HOME.0 - 0.03 } else { VICTIM_HOME.0 - 0.002 };
            serde_json::json!({
                "id": format!("{prefix}-{i}"), "device": MR_D_DEVICE,
                "at": (start + Duration::seconds(10 * i)).to_rfc3339_opts(SecondsFormat::Secs, true),
                "lon": VICTIM_HOME.1, "lat": lat, "accuracy_m": 6,
            })
        })
        .collect()
}

#[tokio::test]
async fn the_provider_sends_fixes_and_the_case_team_sees_the_breach_live() {
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let l = web.label();
        let d = mr_d(&web).await;
        let mut feed = web.client();
        let t = token(&mut feed, "em.provider").await;
        let batch = serde_json::json!({"fixes": walk("w")}).to_string();
        let r = post(&mut feed, &t, "application/json", batch.clone()).await;
        assert_eq!(r.status, StatusCode::OK, "{l}: {}", r.body);
        assert_eq!(
            r.json(),
            serde_json::json!({"received": 10, "kept": 10, "duplicates": 0, "late": 0, "alerts_raised": 1}),
            "{l}"
        );
        let again = post(&mut feed, &t, "application/json", batch).await;
        assert_eq!(again.json()["duplicates"], 10, "{l}");
        assert_eq!(again.json()["alerts_raised"], 0, "{l}");
        // The same as CSV: kept before, nothing changes.
        let mut csv = String::from("id,device,at,lon,lat,accuracy_m\n");
        for f in walk("w") {
            csv.push_str(&format!(
                "{},{},{},{},{},{}\n",
                f["id"].as_str().unwrap(),
                f["device"].as_str().unwrap(),
                f["at"].as_str().unwrap(),
                f["lon"],
                f["lat"],
                f["accuracy_m"]
            ));
        }
        let r = post(&mut feed, &t, "text/csv", csv).await;
        assert_eq!(
            (r.status, r.json()["duplicates"].as_u64()),
            (StatusCode::OK, Some(10)),
            "{l}: {}",
            r.body
        );

        // Bad input: a named 4xx, never a 500, and nothing kept.
        let wrong_type = post(&mut feed, &t, "text/plain", "x".into()).await;
        assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{l}");
        let cut = post(
            &mut feed,
            &t,
            "application/json",
            "{\"fixes\": [{\"id\"".into(),
        )
        .await;
        assert_eq!(
            (cut.status, cut.json()["error"]["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("malformed_json")),
            "{l}"
        );
        let mut bad = walk("b");
        bad[1]["lat"] = serde_json::json!(95.0);
        bad[2]["device"] = serde_json::json!("EM-NOBODY");
        let r = post(
            &mut feed,
            &t,
            "application/json",
            serde_json::json!({"fixes": bad}).to_string(),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{l}: {}",
            r.body
        );
        assert_eq!(
            r.json()["error"]["fields"][0]["field"],
            "fixes[1].lat",
            "{l}: {}",
            r.body
        );
        bad[1]["lat"] = serde_json::json!(VICTIM_HOME.0);
        let r = post(
            &mut feed,
            &t,
            "application/json",
            serde_json::json!({"fixes": bad}).to_string(),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{l}: {}",
            r.body
        );
        assert!(
            r.body.contains("No tag is fitted with device EM-NOBODY"),
            "{l}: {}",
            r.body
        );
        let huge = format!("{{\"fixes\": [{}]}}", "{\"id\": \"x\"},".repeat(400_000));
        let r = post(&mut feed, &t, "application/json", huge).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{l}");
        let empty = post(&mut feed, &t, "application/json", "{\"fixes\": []}".into()).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        // Only the provider's account sends fixes.
        let mut om_api = web.client();
        let om_token = token(&mut om_api, "om.chelmsford").await;
        let r = post(
            &mut om_api,
            &om_token,
            "application/json",
            serde_json::json!({"fixes": walk("o")}).to_string(),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}: {}", r.body);

        // The offender manager's live page and its event stream show the breach.
        let mut om = signed_in(&web, "om.chelmsford").await;
        let live = om.get("/monitoring/alerts").await;
        assert_eq!(live.status, StatusCode::OK, "{l}");
        assert!(
            live.body
                .contains("Entered exclusion zone Victim&#39;s home"),
            "{l}: {}",
            live.body
        );
        let stream = om.get("/monitoring/alerts/stream").await;
        assert_eq!(
            stream.headers[header::CONTENT_TYPE],
            "text/event-stream",
            "{l}"
        );
        assert!(
            stream.body.starts_with("event: alerts\n"),
            "{l}: {}",
            stream.body
        );
        assert!(stream.body.contains("Entered exclusion zone"), "{l}");
        // A Jobcentre adviser, with a share of his convictions only, sees no alert.
        let mut adviser = signed_in(&web, "jobcentre.adviser").await;
        let theirs = adviser.get("/monitoring/alerts/stream").await;
        assert!(!theirs.body.contains("Entered exclusion zone"), "{l}");

        // The alert: no track for the offender manager (the zone is round the victim's
        // home); the track and the victim for the victim liaison officer.
        let marker = "href=\"/monitoring/alerts/0";
        let start = live.body.find(marker).map(|i| i + "href=\"".len()).unwrap();
        let href: String = live.body[start..]
            .chars()
            .take_while(|c| *c != '"')
            .collect();
        let page = om.get(&href).await;
        assert_eq!(page.status, StatusCode::OK, "{l}: {href}");
        assert!(page.body.contains("id=\"track-withheld\""), "{l}");
        assert!(!page.body.contains("id=\"track-data\""), "{l}");
        assert!(!page.body.contains("Alison Reeve"), "{l}");
        let mut vlo = signed_in(&web, "vlo.essex").await;
        let theirs = vlo.get(&href).await;
        assert!(theirs.body.contains("id=\"track-data\""), "{l}");
        assert!(theirs.body.contains("id=\"victim-link\""), "{l}");
        assert!(theirs.body.contains("Alison Reeve"), "{l}");
        let denied = adviser.get(&href).await;
        assert_eq!(denied.status, StatusCode::NOT_FOUND, "{l}");

        // Acknowledged, then the outcome: a recall goes to the recall request.
        let csrf = page.csrf();
        let version = page
            .body
            .split("name=\"version\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let r = om
            .post_form(
                &format!("{href}/acknowledge"),
                &[("csrf_token", &csrf), ("version", &version)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let page = om.get(&format!("{href}?notice=acknowledged")).await;
        assert!(page.body.contains("Acknowledged</dt>"), "{l}");
        assert!(
            !page.body.contains("id=\"acknowledge\""),
            "{l}: acknowledged once"
        );
        let version = page
            .body
            .split("name=\"version\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let refused = om
            .post_form(
                &format!("{href}/outcome"),
                &[
                    ("csrf_token", &csrf),
                    ("version", &version),
                    ("outcome", "recall"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(refused.body.contains("govuk-error-summary"), "{l}");
        let r = om
            .post_form(
                &format!("{href}/outcome"),
                &[
                    ("csrf_token", &csrf),
                    ("version", &version),
                    ("outcome", "recall"),
                    ("note", "In the zone for 5 minutes; police attended"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}");
        assert_eq!(
            r.location(),
            format!("/persons/{d}/compliance#request-recall"),
            "{l}"
        );

        // His monitoring tab lists the tag and the alert with its outcome.
        let tab = om.get(&format!("/persons/{d}/monitoring")).await;
        assert_eq!(tab.status, StatusCode::OK, "{l}");
        assert!(
            tab.body.contains(MR_D_DEVICE) && tab.body.contains("Outcome: Recall requested"),
            "{l}"
        );
    }
}
