//! Issue 16, hole 1, tried again as the attacker did it: a police officer who may run
//! address checks on Mr D but does not hold the victim section checks three chosen points
//! round his victim's home. Each refusal used to give the distance to her home; three
//! distances put her door within metres. Now every answer he can get — the page and the
//! API — is the same whatever the distance, and the zone drawn round her home shows him
//! its name and kind only. The victim liaison officer still sees the distances and the map.

use concord_app::VICTIM_RESTRICTION;
use concord_demo::{DEMO_PASSWORD, VICTIM_HOME};

use crate::client::{Client, Response};
use crate::need_to_know::{demo_web, mr_d, signed_in};

/// Points near her home, each a different distance and direction from it (about 10 m
/// north, 330 m east, 780 m south-west), all within the 1 km limit.
const PROBES: [(f64, f64); 3] = [(0.00009, 0.0), (0.0, 0.0048), (-0.005, -0.0065)];
const PROBE_ADDRESS: &str = "Flat 2, a proposed release address";
const ZONE_DESCRIPTION: &str = "Lady Lane and every street within 500 m of it";

/// Does `text` give a distance in metres anywhere ("10 m", "330 m)")?
fn gives_metres(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (1..b.len().saturating_sub(2)).find_map(|i| {
        (b[i - 1].is_ascii_digit()
            && b[i] == b' '
            && b[i + 1] == b'm'
            && !b[i + 2].is_ascii_alphanumeric())
        .then(|| text[i.saturating_sub(12)..(i + 3).min(text.len())].to_string())
    })
}

/// One address check's card on the zones page, without its id.
fn card(page: &str, id: &str) -> String {
    let start = page
        .find(&format!("id=\"check-{id}\""))
        .expect("the check's card is on the page");
    let rest = &page[start..];
    let end = [
        "<div class=\"govuk-summary-card\"",
        "<h3 class=\"govuk-heading-s\">",
    ]
    .iter()
    .filter_map(|next| rest.find(next))
    .min()
    .unwrap_or(rest.len());
    rest[..end].replace(id, "").trim().to_string()
}

async fn api_token(c: &mut Client, username: &str) -> String {
    let r = c
        .send(
            axum::http::Method::POST,
            "/api/v1/session",
            Some("application/json"),
            serde_json::json!({"username": username, "password": DEMO_PASSWORD}).to_string(),
            &[],
        )
        .await;
    r.json()["token"].as_str().expect("a token").to_string()
}

async fn api_get(c: &mut Client, token: &str, path: &str) -> Response {
    let bearer = format!("Bearer {token}");
    c.send(
        axum::http::Method::GET,
        path,
        None,
        String::new(),
        &[("authorization", bearer.as_str())],
    )
    .await
}

/// The zones the map script reads, from the page.
fn zone_data(page: &str) -> serde_json::Value {
    let start = page.find("id=\"zone-data\">").expect("zone data") + "id=\"zone-data\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).expect("the zone data is JSON")
}

#[tokio::test]
async fn three_address_checks_round_a_victims_home_tell_a_police_officer_nothing_that_varies_with_the_distance(
) {
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let label = web.label();
        let d = mr_d(&web).await;
        let base = format!("/persons/{}", d.0);
        let mut ppo = signed_in(&web, "ppo.chelmsford").await;
        let mut ids = vec![];
        for (dlat, dlon) in PROBES {
            let page = ppo.get(&format!("{base}/zones")).await;
            assert_eq!(
                page.status, 200,
                "{label}: the officer opens the zones page"
            );
            let r = ppo
                .post_form(
                    &format!("{base}/zones/checks"),
                    &[
                        ("csrf_token", &page.csrf()),
                        ("purpose", "release"),
                        ("address", PROBE_ADDRESS),
                        ("latitude", &(VICTIM_HOME.0 + dlat).to_string()),
                        ("longitude", &(VICTIM_HOME.1 + dlon).to_string()),
                    ],
                )
                .await;
            assert_eq!(r.status, 303, "{label}: {}", r.body);
            let id = r.location().rsplit("#check-").next().unwrap().to_string();
            ids.push(id);
        }

        // The page: three refusals, word for word the same but for their ids.
        let page = ppo.get(&format!("{base}/zones")).await;
        let cards: Vec<String> = ids.iter().map(|id| card(&page.body, id)).collect();
        assert!(cards[0].contains("Refused"), "{label}: {}", cards[0]);
        assert!(
            cards[0].contains(VICTIM_RESTRICTION),
            "{label}: {}",
            cards[0]
        );
        assert_eq!(cards[0], cards[1], "{label}: the refusals differ");
        assert_eq!(cards[0], cards[2], "{label}: the refusals differ");
        assert_eq!(
            gives_metres(&page.body),
            None,
            "{label}: a distance on the page"
        );
        for leak in ["from the home of", "the limit is", "within the limit"] {
            assert!(!page.body.contains(leak), "{label}: the page says {leak:?}");
        }

        // The API: the same findings for each check, and no victim findings at all.
        let mut api = web.client();
        let token = api_token(&mut api, "ppo.chelmsford").await;
        let r = api_get(
            &mut api,
            &token,
            &format!("/api/v1/persons/{}/address-checks", d.0),
        )
        .await;
        assert_eq!(r.status, 200, "{label}: {}", r.body);
        let checks = r.json();
        let probes: Vec<&serde_json::Value> = checks
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| ids.iter().any(|id| c["id"] == id.as_str()))
            .collect();
        assert_eq!(probes.len(), 3, "{label}");
        for c in &probes {
            assert_eq!(
                c["findings"], probes[0]["findings"],
                "{label}: findings differ"
            );
            assert!(c["victim_findings"].is_null(), "{label}: {c}");
        }
        assert_eq!(
            gives_metres(&r.body),
            None,
            "{label}: a distance in the API"
        );
        assert!(!r.body.contains("from the home of"), "{label}");

        // The victim liaison officer, who holds the victim section, sees the distances.
        let mut vlo = signed_in(&web, "vlo.essex").await;
        let page = vlo.get(&format!("{base}/zones")).await;
        assert_eq!(page.status, 200, "{label}");
        let first = card(&page.body, &ids[0]);
        assert!(
            first.contains("10 m from the home of a victim (the limit is 1000 m)"),
            "{label}: {first}"
        );
        assert_ne!(first, card(&page.body, &ids[1]), "{label}");
        let token = api_token(&mut api, "vlo.essex").await;
        let r = api_get(
            &mut api,
            &token,
            &format!("/api/v1/persons/{}/address-checks", d.0),
        )
        .await;
        assert!(r.body.contains("10 m from the home of a victim"), "{label}");
        web.finish().await;
    }
}

#[tokio::test]
async fn a_zone_round_a_victims_home_shows_those_without_the_victim_section_its_name_and_kind_only()
{
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let label = web.label();
        let d = mr_d(&web).await;
        let base = format!("/persons/{}", d.0);
        let vlo_actor = web
            .app
            .accounts()
            .actor_for_username("vlo.essex")
            .await
            .unwrap();
        let victim = web.app.manage().victims(&vlo_actor, d).await.unwrap().0[0].id;

        // The victim liaison officer draws a 500 m circle round her home.
        let mut vlo = signed_in(&web, "vlo.essex").await;
        let page = vlo.get(&format!("{base}/zones")).await;
        assert!(
            page.body.contains("Drawn round the home of"),
            "{label}: the victim liaison officer may draw round a victim's home"
        );
        let r = vlo
            .post_form(
                &format!("{base}/zones"),
                &[
                    ("csrf_token", &page.csrf()),
                    ("kind", "exclusion"),
                    ("name", "Round her home"),
                    ("description", ZONE_DESCRIPTION),
                    ("circle_radius_metres", "500"),
                    ("victim", &victim.to_string()),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{label}: {}", r.body);
        let page = vlo.get(&format!("{base}/zones")).await;
        assert!(page.body.contains(ZONE_DESCRIPTION), "{label}");
        assert!(
            zone_data(&page.body)
                .as_array()
                .unwrap()
                .iter()
                .any(|z| z["name"] == "Round her home" && z["geometry"].is_object()),
            "{label}: the victim liaison officer sees the map"
        );

        // The printed licence is handed to him: the zone round her home is named and never
        // drawn, even on the victim liaison officer's print (a circle shows its centre).
        let version = web
            .app
            .manage()
            .licences(&vlo_actor, d)
            .await
            .unwrap()
            .versions[0]
            .id;
        let print = format!("{base}/licence/{version}/print");
        let printed = vlo.get(&print).await;
        assert!(
            !printed_map(&printed.body).contains("Round her home")
                && printed
                    .body
                    .contains("Round her home: its map is held by the victim liaison officer"),
            "{label}: the victim liaison officer's print names the zone and does not draw it"
        );

        // The police officer and the offender manager: its name and kind, nothing else.
        for who in ["ppo.chelmsford", "om.chelmsford"] {
            let mut c = signed_in(&web, who).await;
            let printed = c.get(&print).await;
            assert_eq!(printed.status, 200, "{label}: {who}");
            assert!(
                !printed_map(&printed.body).contains("Round her home")
                    && printed
                        .body
                        .contains("Round her home: its map is held by the victim liaison officer"),
                "{label}: {who}: the print names the zone and does not draw it"
            );
            let page = c.get(&format!("{base}/zones")).await;
            assert_eq!(page.status, 200, "{label}: {who}");
            assert!(page.body.contains("Round her home"), "{label}: {who}");
            assert!(page.body.contains("the map is withheld"), "{label}: {who}");
            assert!(!page.body.contains(ZONE_DESCRIPTION), "{label}: {who}");
            assert!(
                !page.body.contains("km²") && !page.body.contains(" m²"),
                "{label}: {who}: the area"
            );
            let zones = zone_data(&page.body);
            // Every zone round a victim's home (the demo's and this one) without its map.
            let ours = zones
                .as_array()
                .unwrap()
                .iter()
                .find(|z| z["name"] == "Round her home")
                .unwrap_or_else(|| panic!("{label}: {who}: the zone is listed"));
            assert!(
                ours["geometry"].is_null()
                    && zones
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|z| z["geometry"].is_null()),
                "{label}: {who}: the map's data"
            );

            let mut api = web.client();
            let token = api_token(&mut api, who).await;
            let r = api_get(&mut api, &token, &format!("/api/v1/persons/{}/zones", d.0)).await;
            assert_eq!(r.status, 200, "{label}: {}", r.body);
            let f = &r.json()["features"][0];
            assert!(f["geometry"].is_null(), "{label}: {who}: GeoJSON geometry");
            assert!(f["properties"]["area_m2"].is_null(), "{label}: {who}");
            assert_eq!(f["properties"]["withheld"], true, "{label}: {who}");
            assert!(!r.body.contains(ZONE_DESCRIPTION), "{label}: {who}");
        }

        // An address inside it is refused for a victim-related restriction, not "inside
        // the exclusion zone" (being inside a zone round her home is as good as a distance).
        let mut ppo = signed_in(&web, "ppo.chelmsford").await;
        let page = ppo.get(&format!("{base}/zones")).await;
        let r = ppo
            .post_form(
                &format!("{base}/zones/checks"),
                &[
                    ("csrf_token", &page.csrf()),
                    ("purpose", "curfew"),
                    ("address", PROBE_ADDRESS),
                    ("latitude", &VICTIM_HOME.0.to_string()),
                    ("longitude", &(VICTIM_HOME.1 + 0.003).to_string()),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{label}");
        let page = ppo.get(&format!("{base}/zones")).await;
        assert!(!page.body.contains("inside the exclusion zone"), "{label}");
        assert!(!page.body.contains("outside the exclusion zone"), "{label}");
        assert!(page.body.contains(VICTIM_RESTRICTION), "{label}");
        web.finish().await;
    }
}

/// The SVG map of a printed licence, or "" when it has none.
fn printed_map(body: &str) -> &str {
    match (body.find("<svg"), body.find("</svg>")) {
        (Some(a), Some(b)) if a < b => &body[a..b],
        _ => "",
    }
}
