//! Need-to-know over HTTP, on the demo data: each kind of user sees exactly what their
//! relationship allows, and the black-box test — every role, every page and API endpoint,
//! on a person the role has no relationship with and on restricted sections of one they
//! do — is refused, audited, and leaks nothing.

use concord_app::{App, AppSettings, Clock, RegisterPersonInput};
use concord_demo::{load_demo, DEMO_PASSWORD};
use concord_domain::PersonId;

use crate::client::{now, Client, TestWeb};

const VICTIM_TEXT: &str = "Victim contact scheme: spoke to the victim";
const INTELLIGENCE_TEXT: &str = "seen twice near the victim";
const MR_D: &str = "Darren Keith Dolby";

pub(crate) async fn demo_web(db: concord_testkit::TestDb) -> TestWeb {
    // With the tests' virus scanner the demo attaches Mr D's documents (one in the
    // restricted intelligence section), so every probe below meets them too.
    let settings = AppSettings {
        attachment_scanner: std::env::var("CONCORD_TEST_CLAMD").unwrap_or_default(),
        ..AppSettings::default()
    };
    let app = App::new(db.db.clone(), Clock::from_fn(now), settings);
    load_demo(&app, 40, &|_, _| {}).await.expect("demo loads");
    let router = concord_web::router(
        app.clone(),
        concord_web::WebConfig {
            secure_cookies: true,
            ..Default::default()
        },
    );
    TestWeb { app, router, db }
}

pub(crate) async fn signed_in(web: &TestWeb, username: &str) -> Client {
    let mut c = web.client();
    let r = c.sign_in_with(username, DEMO_PASSWORD).await;
    assert_eq!(r.status, 303, "{username} signs in");
    c
}

pub(crate) async fn mr_d(web: &TestWeb) -> PersonId {
    let om = web
        .app
        .accounts()
        .actor_for_username("om.chelmsford")
        .await
        .unwrap();
    let found = web.app.people().search_persons(&om, MR_D).await.unwrap();
    found.hits[0].person_id
}

/// A police record registered and held by a Basildon officer alone: nobody else in the
/// demo is related to him.
pub(crate) async fn stranger(web: &TestWeb) -> PersonId {
    stranger_of(web, "ppo.basildon").await
}

/// A person registered by `username` and allocated to them alone.
pub(crate) async fn stranger_of(web: &TestWeb, username: &str) -> PersonId {
    let registrar = web
        .app
        .accounts()
        .actor_for_username(username)
        .await
        .unwrap();
    let input: RegisterPersonInput = serde_json::from_value(serde_json::json!({
        "details": {"given_name": "Ulric", "middle_names": "", "family_name": "Fairweather-Stone", "date_of_birth": "1979-07-14", "gender": "male"},
    }))
    .unwrap();
    let person = web
        .app
        .people()
        .register_person(&registrar, &input)
        .await
        .unwrap();
    web.app
        .people()
        .allocate(
            &registrar,
            person,
            registrar.user_id,
            "public_protection_officer",
        )
        .await
        .unwrap();
    person
}

/// How many refused attempts on `person` the audit chain holds, read through the real
/// export as the information governance lead.
pub(crate) async fn refusals(web: &TestWeb, person: PersonId) -> usize {
    let ig = web
        .app
        .accounts()
        .actor_for_username("ig.lead")
        .await
        .unwrap();
    let (csv, _) = web
        .app
        .sharing()
        .export_audit_trail(&ig, person, "test: count refusals")
        .await
        .unwrap();
    csv.lines().filter(|l| l.contains(",denied,")).count()
}

#[tokio::test]
async fn each_kind_of_user_sees_exactly_what_their_relationship_allows() {
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let label = web.label();
        let d = mr_d(&web).await;
        let record = format!("/persons/{}", d.0);
        let chronology = format!("{record}/chronology");

        // The offender manager: the whole record, health but not victim or intelligence.
        let mut om = signed_in(&web, "om.chelmsford").await;
        let page = om.get(&record).await;
        assert_eq!(page.status, 200, "{label}");
        assert!(
            page.body.contains("you are allocated to this person"),
            "{label}"
        );
        assert!(page.body.contains("Offences"), "{label}");
        let page = om.get(&chronology).await;
        assert!(
            !page.body.contains(VICTIM_TEXT),
            "{label}: OM sees no victim entry"
        );
        assert!(!page.body.contains(INTELLIGENCE_TEXT), "{label}");

        // The victim liaison officer sees the victim's wishes, not police intelligence.
        let mut vlo = signed_in(&web, "vlo.essex").await;
        let page = vlo.get(&chronology).await;
        assert_eq!(page.status, 200, "{label}");
        assert!(
            page.body.contains(VICTIM_TEXT),
            "{label}: VLO sees the victim entry"
        );
        assert!(!page.body.contains(INTELLIGENCE_TEXT), "{label}");

        // The police officer in the case team sees intelligence, not the victim entry.
        let mut ppo = signed_in(&web, "ppo.chelmsford").await;
        let page = ppo.get(&chronology).await;
        assert!(page.body.contains(INTELLIGENCE_TEXT), "{label}");
        assert!(!page.body.contains(VICTIM_TEXT), "{label}");

        // A police officer of another town has no relationship: refused, offered
        // break-glass; once opened the record is flagged for everyone.
        let mut outsider = signed_in(&web, "ppo.basildon").await;
        let page = outsider.get(&record).await;
        assert_eq!(page.status, 403, "{label}");
        assert!(page.body.contains("break-glass"), "{label}");
        assert!(
            !page.body.contains("Dolby"),
            "{label}: the refusal names nobody"
        );
        let form = outsider.get(&format!("{record}/break-glass")).await.csrf();
        let short = outsider
            .post_form(
                &format!("{record}/break-glass"),
                &[("csrf_token", &form), ("reason", "urgent")],
            )
            .await;
        assert_eq!(short.status, 422, "{label}: a reason is required");
        let opened = outsider
            .post_form(
                &format!("{record}/break-glass"),
                &[
                    ("csrf_token", &form),
                    (
                        "reason",
                        "Stopped in Basildon at 2am; checking for weapons risk",
                    ),
                ],
            )
            .await;
        assert_eq!(opened.status, 303, "{label}");
        let page = outsider.get(&record).await;
        assert_eq!(page.status, 200, "{label}");
        assert!(page.body.contains("Opened by break-glass"), "{label}");
        let page = om.get(&record).await;
        assert!(
            page.body.contains("checking for weapons risk"),
            "{label}: flagged"
        );

        // The housing caseworker: the referral's sections only; other people do not exist.
        let mut housing = signed_in(&web, "housing.caseworker").await;
        let page = housing.get(&record).await;
        assert_eq!(page.status, 200, "{label}");
        assert!(page.body.contains("open referral"), "{label}");
        assert!(page.body.contains("Addresses"), "{label}");
        assert!(
            !page.body.contains("Sentences and orders"),
            "{label}: not referred"
        );
        let page = housing.get(&chronology).await;
        assert_eq!(page.status, 200, "{label}");
        assert!(!page.body.contains(VICTIM_TEXT), "{label}");
        let api = housing.get(&format!("/api/v1/persons/{}", d.0)).await;
        assert_eq!(api.status, 200, "{label}");
        assert_eq!(api.json()["offences"], serde_json::json!([]), "{label}");
        assert!(api.json()["access_basis"]
            .as_array()
            .unwrap()
            .contains(&"referral".into()));

        // The board member: aggregate figures, and no person at all.
        let mut board = signed_in(&web, "board.member").await;
        assert_eq!(board.get("/cases").await.location(), "/board", "{label}");
        let page = board.get("/board").await;
        assert_eq!(page.status, 200, "{label}");
        assert!(page.body.contains("People on the register"), "{label}");
        assert!(!page.body.contains("Dolby"), "{label}");
        assert_eq!(board.get(&record).await.status, 404, "{label}");
        assert_eq!(board.get("/search?q=Dolby").await.status, 403, "{label}");

        // The information governance lead reviews the break-glass opening.
        let mut ig = signed_in(&web, "ig.lead").await;
        let queue = ig.get("/governance/break-glass").await;
        assert_eq!(queue.status, 200, "{label}");
        assert!(queue.body.contains("checking for weapons risk"), "{label}");
        web.finish().await;
    }
}

/// Every GET page and API read about one person, and every write.
fn person_gets(id: &str) -> Vec<String> {
    let base = format!("/persons/{id}");
    let mut out: Vec<String> = [
        "",
        "/chronology",
        "/history",
        "/details",
        "/addresses/new",
        "/aliases/new",
        "/identifiers/new",
        "/offences/new",
        "/sentences/new",
        "/markers/new",
        "/events/new",
        "/shares/new",
    ]
    .iter()
    .map(|p| format!("{base}{p}"))
    .collect();
    out.push(format!("/api/v1/persons/{id}"));
    out
}

fn person_posts(id: &str) -> Vec<(String, Vec<(&'static str, &'static str)>)> {
    let base = format!("/persons/{id}");
    vec![
        (
            format!("{base}/details"),
            vec![("version", "1"), ("given_name", "X"), ("family_name", "Y")],
        ),
        (
            format!("{base}/addresses/new"),
            vec![("line1", "1 Any Street"), ("town", "Chelmsford")],
        ),
        (
            format!("{base}/events/new"),
            vec![("event_type", "note"), ("summary", "probe")],
        ),
        (
            format!("{base}/markers/new"),
            vec![("kind", "violence"), ("note", "probe")],
        ),
        (
            format!("{base}/shares/new"),
            vec![
                ("sections.addresses", "yes"),
                ("recipient_kind", "agency"),
                ("recipient", "ccc-housing"),
                ("purpose", "probe"),
            ],
        ),
    ]
}

#[tokio::test]
async fn every_role_is_refused_and_audited_on_a_person_it_has_no_relationship_with() {
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let label = web.label();
        // A police record nobody is allocated to: only police staff (the owning agency)
        // have a relationship with him.
        let registrar = web
            .app
            .accounts()
            .actor_for_username("ppo.basildon")
            .await
            .unwrap();
        let input: RegisterPersonInput = serde_json::from_value(serde_json::json!({
            "details": {"given_name": "Quentin", "middle_names": "", "family_name": "Zebrowski-Hale", "date_of_birth": "1988-02-29", "gender": "male"},
            "addresses": [{"kind": "home", "line1": "77 Secretive Lane", "line2": "", "town": "Basildon", "postcode": "SS14 1AA", "from_date": "2025-01-01", "to_date": ""}],
            "events": [{"event_type": "intelligence", "occurred_on": "2026-01-05", "summary": "Covert source: stores weapons at his brother's flat", "section": "intelligence"}]
        }))
        .unwrap();
        let stranger = web
            .app
            .people()
            .register_person(&registrar, &input)
            .await
            .unwrap();
        let id = stranger.0.to_string();
        let secrets = [
            "Zebrowski",
            "Quentin",
            "Secretive Lane",
            "SS14 1AA",
            "Covert source",
            // The date of birth in every format a page or the API writes it; not the bare
            // year, which random tokens (CSRF, request ids) sometimes contain.
            "1988-02-29",
            "29/02/1988",
            "29 February 1988",
        ];
        let accounts = web.app.accounts().users().await.unwrap();
        let mut tried = 0;
        for account in accounts.iter().filter(|a| a.agency_code != "essex-police") {
            let mut c = signed_in(&web, &account.username).await;
            let csrf = c.get("/search").await;
            let csrf = if csrf.status == 200 {
                csrf.csrf()
            } else {
                c.get("/board").await.csrf()
            };
            let mut attempts: Vec<(String, u16, String)> = vec![];
            for path in person_gets(&id) {
                let r = c.get(&path).await;
                attempts.push((path, r.status.as_u16(), r.body));
            }
            for (path, fields) in person_posts(&id) {
                let mut body: Vec<(&str, &str)> = vec![("csrf_token", &csrf)];
                body.extend(fields);
                let r = c.post_form(&path, &body).await;
                attempts.push((path, r.status.as_u16(), r.body));
            }
            for (path, status, body) in &attempts {
                assert!(
                    matches!(status, 403 | 404),
                    "{label}: {} got {status} on {path}",
                    account.username
                );
                for s in secrets {
                    assert!(
                        !body.contains(s),
                        "{label}: {} saw {s} on {path}",
                        account.username
                    );
                }
            }
            tried += attempts.len();
        }
        // Every attempt reached the decision point and was written down.
        assert!(
            refusals(&web, stranger).await >= tried,
            "{label}: {tried} attempts, fewer refusals audited"
        );

        // Restricted sections of a person they do have: nothing restricted in any body.
        let d = mr_d(&web).await;
        for (username, hidden) in [
            ("om.chelmsford", [VICTIM_TEXT, INTELLIGENCE_TEXT]),
            ("housing.caseworker", [VICTIM_TEXT, INTELLIGENCE_TEXT]),
            ("ap.manager", [VICTIM_TEXT, INTELLIGENCE_TEXT]),
            ("jobcentre.adviser", [VICTIM_TEXT, INTELLIGENCE_TEXT]),
        ] {
            let mut c = signed_in(&web, username).await;
            for path in person_gets(&d.0.to_string()) {
                let r = c.get(&path).await;
                for h in hidden {
                    assert!(
                        !r.body.contains(h),
                        "{label}: {username} saw restricted text on {path}"
                    );
                }
            }
            for q in ["Dolby", "victim"] {
                let r = c.get(&format!("/search?q={q}")).await;
                for h in hidden {
                    assert!(!r.body.contains(h), "{label}: {username} search");
                }
            }
        }
        // Writing into a restricted section without its permission is refused and audited.
        let before = refusals(&web, d).await;
        let mut om = signed_in(&web, "om.chelmsford").await;
        let form = om.get(&format!("/persons/{}/events/new", d.0)).await.csrf();
        let r = om
            .post_form(
                &format!("/persons/{}/events/new", d.0),
                &[
                    ("csrf_token", &form),
                    ("event_type", "note"),
                    ("occurred_on-day", "1"),
                    ("occurred_on-month", "11"),
                    ("occurred_on-year", "2026"),
                    ("summary", "Victim's new address is 3 Hidden Close"),
                    ("section", "victim"),
                ],
            )
            .await;
        assert_eq!(r.status, 403, "{label}");
        assert_eq!(refusals(&web, d).await, before + 1, "{label}");
        web.finish().await;
    }
}
