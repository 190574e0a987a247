//! The need-to-know matrix: every route in the router × every demo account × the people
//! they stand in different relationships to (their own case, a person referred or shared
//! to their agency, a person they have nothing to do with). Each section of those people
//! carries a marker string found nowhere else; a response may contain a section's marker
//! only if the policy lets that account read that section of that person.
//!
//! Routes are read from the router's own source (`src/lib.rs`, `src/api/mod.rs`), so a
//! route added later joins the matrix without anyone remembering to add it; a path
//! parameter the matrix does not know how to fill fails the test and says so.

use std::collections::BTreeMap;

use concord_app::{AddressInput, EventInput, MarkerInput, SentenceInput};
use concord_authz::{Section, SectionSet};
use concord_domain::PersonId;
use uuid::Uuid;

use crate::client::{Client, TestWeb};
use crate::need_to_know::{demo_web, mr_d, signed_in};

/// One route of the router: its path pattern and methods.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    pub(crate) path: String,
    pub(crate) methods: Vec<&'static str>,
}

/// Every `.route("…", get(…).post(…))` in a router source file.
fn routes_in(source: &str, prefix: &str) -> Vec<Route> {
    let mut out = vec![];
    let mut rest = source;
    while let Some(at) = rest.find(".route(") {
        rest = &rest[at + ".route(".len()..];
        // The call's text, up to its matching parenthesis.
        let mut depth = 1;
        let mut end = 0;
        for (i, ch) in rest.char_indices() {
            match ch {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = i;
                break;
            }
        }
        let call = &rest[..end];
        let Some(open) = call.find('"') else { continue };
        let Some(close) = call[open + 1..].find('"') else {
            continue;
        };
        let path = &call[open + 1..open + 1 + close];
        let handlers = &call[open + close + 2..];
        let methods = ["get", "post", "put", "delete", "patch"]
            .into_iter()
            .filter(|m| {
                handlers.match_indices(&format!("{m}(")).any(|(i, _)| {
                    i == 0
                        || !handlers.as_bytes()[i - 1].is_ascii_alphanumeric()
                            && handlers.as_bytes()[i - 1] != b'_'
                })
            })
            .collect();
        out.push(Route {
            path: format!("{prefix}{path}"),
            methods,
        });
    }
    out
}

pub(crate) fn all_routes() -> Vec<Route> {
    let dir = env!("CARGO_MANIFEST_DIR");
    let web = std::fs::read_to_string(format!("{dir}/src/lib.rs")).unwrap();
    let api = std::fs::read_to_string(format!("{dir}/src/api/mod.rs")).unwrap();
    let mut routes = routes_in(&web, "");
    routes.extend(routes_in(&api, "/api"));
    routes
}

/// A marker string per section, unique to one person, written into that section.
fn marker(section: Section, tag: &str) -> String {
    format!(
        "NTKMARK{}{}",
        section.code().replace('_', "").to_uppercase(),
        tag
    )
}

/// The sections the matrix seeds: each with text found nowhere else.
const SEEDED: [Section; 7] = [
    Section::Addresses,
    Section::Markers,
    Section::Convictions,
    Section::Chronology,
    Section::Health,
    Section::Intelligence,
    Section::Victim,
];

/// Write a marker into each of `sections` of `person`, each as someone who may write it
/// (`writers` names them by section; the first writes the rest).
async fn seed_markers(
    web: &TestWeb,
    person: PersonId,
    tag: &str,
    sections: &[Section],
    writers: &[(&str, Section)],
) {
    let writer = |s: Section| {
        writers
            .iter()
            .find(|(_, w)| *w == s)
            .map_or(writers[0].0, |(u, _)| *u)
    };
    for &section in sections {
        let actor = web
            .app
            .accounts()
            .actor_for_username(writer(section))
            .await
            .unwrap();
        let text = marker(section, tag);
        let result = match section {
            Section::Addresses => {
                let input: AddressInput = serde_json::from_value(serde_json::json!({
                    "kind": "other", "line1": format!("1 {text} Road"), "town": "Chelmsford",
                    "from_date": "2019-01-01", "to_date": "2019-06-01"
                }))
                .unwrap();
                web.app
                    .people()
                    .add_address(&actor, person, &input)
                    .await
                    .map(|_| ())
            }
            Section::Markers => {
                let input = MarkerInput {
                    kind: "violence".into(),
                    note: text.clone(),
                };
                web.app
                    .people()
                    .add_marker(&actor, person, &input)
                    .await
                    .map(|_| ())
            }
            Section::Convictions => {
                let input: SentenceInput = serde_json::from_value(serde_json::json!({
                    "kind": "community_order", "description": text,
                    "start_date": "2018-01-01", "end_date": "2018-12-31"
                }))
                .unwrap();
                web.app
                    .people()
                    .add_sentence(&actor, person, &input)
                    .await
                    .map(|_| ())
            }
            _ => {
                let input: EventInput = serde_json::from_value(serde_json::json!({
                    "event_type": "note", "occurred_on": "2026-01-05", "summary": text,
                    "section": section.code(),
                }))
                .unwrap();
                web.app
                    .people()
                    .record_event(&actor, person, &input)
                    .await
                    .map(|_| ())
            }
        };
        result.unwrap_or_else(|e| panic!("seeding {section:?} as {}: {e:?}", writer(section)));
    }
}

/// A row of `table` about `person`, to fill a path parameter with something real.
async fn row_of(web: &TestWeb, sql: &str, person: PersonId) -> Option<Uuid> {
    match &web.db.db {
        concord_store::Db::Sqlite(p) => sqlx::query_as::<_, (Uuid,)>(sql)
            .bind(person.0)
            .fetch_optional(p)
            .await
            .unwrap(),
        concord_store::Db::Postgres(p) => sqlx::query_as::<_, (Uuid,)>(sql)
            .bind(person.0)
            .fetch_optional(p)
            .await
            .unwrap(),
    }
    .map(|(id,)| id)
}

/// How each path parameter is filled for one person: a real row where one exists, so the
/// page behind the route is rendered rather than refused as unknown.
pub(crate) async fn parameters(web: &TestWeb, person: PersonId) -> BTreeMap<&'static str, String> {
    let by_person = |table: &str| format!("SELECT id FROM {table} WHERE person_id = $1 LIMIT 1");
    let queries: Vec<(&'static str, String)> = vec![
        ("address", by_person("person_address")),
        ("share", by_person("section_share")),
        (
            "link",
            "SELECT id FROM person_link WHERE left_person_id = $1 OR right_person_id = $1 LIMIT 1"
                .into(),
        ),
        ("marker", by_person("warning_marker")),
        (
            "review",
            "SELECT id FROM risk_assessment WHERE person_id = $1 AND kind <> 'dash' LIMIT 1".into(),
        ),
        (
            "dash",
            "SELECT id FROM risk_assessment WHERE person_id = $1 AND kind = 'dash' LIMIT 1".into(),
        ),
        ("version", by_person("licence")),
        ("version_id", by_person("licence")),
        ("event", by_person("compliance_event")),
        ("appointment", by_person("diary_appointment")),
        ("recall", by_person("recall")),
        ("referral", by_person("mappa_referral")),
        ("action", by_person("mappa_action")),
        ("sfo", by_person("mappa_sfo")),
        ("transfer", by_person("mappa_transfer")),
        ("check", by_person("address_check")),
        ("document", by_person("attachment")),
        ("victim", by_person("victim")),
        ("task", by_person("task")),
        ("service_referral", by_person("service_referral")),
        ("item", by_person("action_plan_item")),
        ("move", by_person("responsibility_transfer")),
        (
            "volunteer",
            "SELECT v.id FROM volunteer v WHERE EXISTS (SELECT 1 FROM person p WHERE p.id = $1) LIMIT 1".into(),
        ),
        ("request", by_person("mappa_onward_share")),
        ("tag", by_person("em_tag")),
        ("alert", by_person("em_alert")),
        ("application", by_person("ap_application")),
        ("booking", by_person("ap_booking")),
        (
            "premises",
            "SELECT premises_id FROM ap_booking WHERE person_id = $1 LIMIT 1".into(),
        ),
        (
            "bed",
            "SELECT bed_id FROM ap_booking WHERE person_id = $1 LIMIT 1".into(),
        ),
        (
            "meeting",
            "SELECT meeting_id FROM mappa_agenda_item WHERE person_id = $1 LIMIT 1".into(),
        ),
    ];
    let mut out = BTreeMap::new();
    for (name, sql) in queries {
        let id = row_of(web, &sql, person).await.unwrap_or_else(Uuid::now_v7);
        out.insert(name, id.to_string());
    }
    out.insert("person", person.0.to_string());
    out.insert("part", "aliases".into());
    // A licence condition is addressed by its number within the version.
    out.insert("condition", "1".into());
    // A referral's step: one with a form, so GET shows it and POST takes it.
    out.insert("step", "decline".into());
    out.insert("*path", "concord.css".into());
    // A single sign-on provider (none is configured in the matrix: 404).
    out.insert("provider", "essex-police".into());
    out
}

/// The route's path for `person`, or why it cannot be filled.
pub(crate) fn fill(route: &str, params: &BTreeMap<&'static str, String>) -> Result<String, String> {
    let meeting_route = route.starts_with("/mappa/meetings/{id}");
    let mut out = String::new();
    for segment in route.split('/').skip(1) {
        out.push('/');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some("id") if meeting_route => out.push_str(&params["meeting"]),
            Some("id") => out.push_str(&params["person"]),
            Some(name) => match params.get(name) {
                Some(v) => out.push_str(v),
                None => {
                    return Err(format!(
                    "the matrix cannot fill {{{name}}} in {route}: teach `parameters` what it is"
                ))
                }
            },
            None => out.push_str(segment),
        }
    }
    Ok(out)
}

/// Routes the matrix does not send: they end the session it is using.
const SKIPPED: [&str; 3] = ["/sign-out", "/sign-in", "/api/v1/session"];

async fn probe(
    c: &mut Client,
    routes: &[Route],
    params: &BTreeMap<&'static str, String>,
    csrf: &str,
) -> Vec<(String, String, u16, String)> {
    let mut out = vec![];
    for route in routes {
        if SKIPPED.contains(&route.path.as_str()) {
            continue;
        }
        let path = fill(&route.path, params).unwrap_or_else(|e| panic!("{e}"));
        for method in &route.methods {
            let r = match *method {
                "get" => c.get(&path).await,
                "post" if path.starts_with("/api/") => {
                    c.send(
                        axum::http::Method::POST,
                        &path,
                        Some("application/json"),
                        "{}".into(),
                        &[],
                    )
                    .await
                }
                "post" => c.post_form(&path, &[("csrf_token", csrf)]).await,
                "put" => {
                    c.send(
                        axum::http::Method::PUT,
                        &path,
                        Some("application/json"),
                        "{}".into(),
                        &[],
                    )
                    .await
                }
                _ => continue,
            };
            out.push((method.to_string(), path.clone(), r.status.as_u16(), r.body));
        }
    }
    out
}

#[tokio::test]
async fn no_route_shows_any_role_a_section_it_does_not_reach() {
    let routes = all_routes();
    assert!(
        routes.len() > 100,
        "the router's routes were not found ({} read)",
        routes.len()
    );
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let label = web.label();
        let d = mr_d(&web).await;
        // A person no demo account is allocated to, registered by a Basildon officer.
        let stranger = crate::need_to_know::stranger(&web).await;
        seed_markers(
            &web,
            d,
            "MRD",
            &SEEDED,
            &[
                ("om.chelmsford", Section::Addresses),
                ("ppo.chelmsford", Section::Intelligence),
                ("vlo.essex", Section::Victim),
            ],
        )
        .await;
        // Nobody with the victim or health section is related to him: those stay empty.
        seed_markers(
            &web,
            stranger,
            "STR",
            &[
                Section::Addresses,
                Section::Markers,
                Section::Convictions,
                Section::Chronology,
                Section::Intelligence,
            ],
            &[
                ("ppo.basildon", Section::Addresses),
                ("ppo.basildon", Section::Intelligence),
            ],
        )
        .await;
        let people = [(d, "MRD"), (stranger, "STR")];
        let accounts = web.app.accounts().users().await.unwrap();
        let mut checked = 0usize;
        for account in &accounts {
            let actor = web
                .app
                .accounts()
                .actor_for_username(&account.username)
                .await
                .unwrap();
            let mut c = signed_in(&web, &account.username).await;
            for (person, tag) in people {
                // What the policy lets this account read of this person, decided afresh
                // for each person (a refusal reads nothing).
                let reaches = web
                    .app
                    .readable_sections(&actor, person)
                    .await
                    .unwrap_or(SectionSet::EMPTY);
                let params = parameters(&web, person).await;
                let mut csrf = String::new();
                for page in ["/search", "/board", "/"] {
                    let page = c.get(page).await;
                    if page.status == 200 && page.body.contains("csrf_token") {
                        csrf = page.csrf();
                        break;
                    }
                }
                for (method, path, status, body) in probe(&mut c, &routes, &params, &csrf).await {
                    assert!(
                        status < 500,
                        "{label}: {} {method} {path} answered {status}",
                        account.username
                    );
                    for section in SEEDED {
                        if reaches.contains(section) {
                            continue;
                        }
                        let m = marker(section, tag);
                        assert!(
                            !body.contains(&m),
                            "{label}: {} {method} {path} showed the {} section it does not reach",
                            account.username,
                            section.code()
                        );
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 2_000, "{label}: only {checked} responses checked");
        web.finish().await;
    }
}

/// Every page form post is refused without the session's CSRF token, before its handler
/// runs (the `CheckedForm` extractor), and the refusal is audited: no route added later
/// can forget the check, because this reads the routes from the router.
#[tokio::test]
async fn every_form_post_without_its_token_is_refused_and_audited() {
    let posts: Vec<Route> = all_routes()
        .into_iter()
        .filter(|r| {
            r.methods.contains(&"post")
                && !r.path.starts_with("/api/")
                && !SKIPPED.contains(&r.path.as_str())
                // Not a form: it takes the token in X-CSRF-Token, as the API does.
                && r.path != "/session/keep-alive"
                // Not a form: the provider's server posts it, proved by the logout
                // token's signature (tested in single_sign_on.rs).
                && !r.path.ends_with("/back-channel-logout")
        })
        .collect();
    assert!(posts.len() > 50, "only {} form posts found", posts.len());
    let db = concord_testkit::databases()
        .await
        .into_iter()
        .next()
        .unwrap();
    let web = demo_web(db).await;
    let label = web.label();
    let d = mr_d(&web).await;
    let params = parameters(&web, d).await;
    let mut c = signed_in(&web, "om.chelmsford").await;
    for route in &posts {
        let path = fill(&route.path, &params).unwrap_or_else(|e| panic!("{e}"));
        let before = csrf_refusals(&web).await;
        let r = c.post_form(&path, &[("csrf_token", "forged")]).await;
        assert_eq!(
            r.status.as_u16(),
            403,
            "{label}: POST {path} without the session's token answered {}",
            r.status
        );
        assert!(
            r.body.contains("This form has expired"),
            "{label}: POST {path}"
        );
        let after = csrf_refusals(&web).await;
        assert_eq!(
            after,
            before + 1,
            "{label}: POST {path}: the refusal is audited"
        );
    }
    web.finish().await;
}

/// How many forged-form refusals the audit chain holds.
async fn csrf_refusals(web: &TestWeb) -> i64 {
    concord_store::audit::seal(&web.db.db, i64::MAX)
        .await
        .expect("seal the waiting audit events");
    let sql = "SELECT count(*) FROM audit_event WHERE reason = 'form refused: the CSRF token is missing or wrong'";
    match &web.db.db {
        concord_store::Db::Sqlite(p) => sqlx::query_as::<_, (i64,)>(sql).fetch_one(p).await,
        concord_store::Db::Postgres(p) => sqlx::query_as::<_, (i64,)>(sql).fetch_one(p).await,
    }
    .unwrap()
    .0
}
