//! A victim's home cannot be located from what is shown about it (issue 16, hole 1).
//! The attacker was a police officer related to the person but without the victim
//! section: three address checks at chosen points round the home, each refusal giving
//! the distance, put the home within a few metres. Now each refusal reads the same,
//! whatever the distance, and zones drawn round the home show no map to them.

use concord_app::demo::VICTIM_HOME;

use crate::need_to_know::{demo_web, mr_d, signed_in};

/// Latitude and longitude `north` and `east` metres from the victim's home.
fn near_home(north: f64, east: f64) -> (String, String) {
    let lat = VICTIM_HOME.0 + north / 111_320.0;
    let lon = VICTIM_HOME.1 + east / (111_320.0 * VICTIM_HOME.0.to_radians().cos());
    (format!("{lat:.6}"), format!("{lon:.6}"))
}

#[tokio::test]
async fn three_address_checks_round_a_victims_home_do_not_locate_it() {
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let label = web.label();
        let d = mr_d(&web).await;
        let zones = format!("/persons/{}/zones", d.0);
        let mut ppo = signed_in(&web, "ppo.chelmsford").await;
        let csrf = ppo.get(&zones).await.csrf();
        for (i, (north, east)) in [(120.0, 0.0), (0.0, 340.0), (-610.0, -250.0)]
            .into_iter()
            .enumerate()
        {
            let (lat, lon) = near_home(north, east);
            let address = format!("{} Probe Street, Chelmsford", i + 1);
            let r = ppo
                .post_form(
                    &format!("{zones}/checks"),
                    &[
                        ("csrf_token", &csrf),
                        ("purpose", "curfew"),
                        ("address", &address),
                        ("latitude", &lat),
                        ("longitude", &lon),
                    ],
                )
                .await;
            assert!(
                r.status.is_redirection() || r.status == 200,
                "{label}: check {i}: {}",
                r.status
            );
        }
        let page = ppo.get(&zones).await;
        assert_eq!(page.status, 200, "{label}");
        assert!(
            page.body
                .contains("refused because of a victim-related restriction"),
            "{label}: the refusal is given"
        );
        for leak in [
            " m from the home",
            "the limit is",
            "victim or child-at-risk home(s)",
        ] {
            assert!(
                !page.body.contains(leak),
                "{label}: the police officer's page says \"{leak}\""
            );
        }
        let api = ppo
            .get(&format!("/api/v1/persons/{}/address-checks", d.0))
            .await;
        assert_eq!(api.status, 200, "{label}");
        let checks = api.json();
        let refusals: Vec<String> = checks
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["address"].as_str().unwrap_or("").contains("Probe Street"))
            .map(|c| {
                assert_eq!(c["findings"]["victims_near"], 0, "{label}: a count");
                assert!(
                    c["findings"]["victim_refusals"]
                        .as_array()
                        .unwrap()
                        .is_empty(),
                    "{label}"
                );
                c["findings"]["refusals"].to_string()
            })
            .collect();
        assert_eq!(refusals.len(), 3, "{label}");
        assert!(
            refusals.iter().all(|r| *r == refusals[0]),
            "{label}: the refusals differ with the distance: {refusals:?}"
        );

        // The victim liaison officer holds the victim section: she sees the distances.
        let mut vlo = signed_in(&web, "vlo.essex").await;
        let page = vlo.get(&zones).await;
        assert!(
            page.body.contains(" m from the home of a victim"),
            "{label}"
        );
        web.finish().await;
    }
}

/// The test's zone in a GeoJSON feature collection.
fn lady_lane(collection: &serde_json::Value) -> Option<serde_json::Value> {
    collection["features"]
        .as_array()?
        .iter()
        .find(|f| f["properties"]["name"] == "Lady Lane area")
        .cloned()
}

#[tokio::test]
async fn a_zone_drawn_round_a_victims_home_shows_no_map_without_the_victim_section() {
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let label = web.label();
        let d = mr_d(&web).await;
        let zones = format!("/persons/{}/zones", d.0);
        let mut om = signed_in(&web, "om.chelmsford").await;
        let csrf = om.get(&zones).await.csrf();
        let (lat, lon) = near_home(40.0, -25.0);
        let r = om
            .post_form(
                &zones,
                &[
                    ("csrf_token", &csrf),
                    ("kind", "exclusion"),
                    ("name", "Lady Lane area"),
                    (
                        "description",
                        "No entry to the streets round the victim's home",
                    ),
                    ("circle_latitude", &lat),
                    ("circle_longitude", &lon),
                    ("circle_radius_metres", "400"),
                ],
            )
            .await;
        assert!(
            r.status.is_redirection(),
            "{label}: {} {}",
            r.status,
            r.body
        );
        for username in ["om.chelmsford", "ppo.chelmsford"] {
            let mut c = signed_in(&web, username).await;
            let api = c.get(&format!("/api/v1/persons/{}/zones", d.0)).await;
            let zone = lady_lane(&api.json())
                .unwrap_or_else(|| panic!("{label}: {username} lists the zone"));
            assert!(
                zone["geometry"].is_null(),
                "{label}: {username} gets the shape"
            );
            assert_eq!(zone["properties"]["map_withheld"], true, "{label}");
            let page = c.get(&zones).await;
            assert!(!page.body.contains(&lat[..7]), "{label}: {username} page");
        }
        let mut vlo = signed_in(&web, "vlo.essex").await;
        let api = vlo.get(&format!("/api/v1/persons/{}/zones", d.0)).await;
        let zone = lady_lane(&api.json())
            .unwrap_or_else(|| panic!("{label}: the VLO: {} {}", api.status, api.body));
        assert!(!zone["geometry"].is_null(), "{label}: the VLO sees the map");
        web.finish().await;
    }
}
