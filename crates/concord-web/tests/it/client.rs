use std::collections::HashMap;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use chrono::{DateTime, Utc};
use concord_app::{App, AppSettings, Clock, RegisterPersonInput};
use concord_domain::{AgencyKind, PersonId};
use concord_testkit::TestApp;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub use concord_testkit::PASSWORD;

/// A seeded Concord for one test: two agencies (probation, housing), an offender
/// manager, a housing caseworker and a board member.
pub struct TestWeb {
    pub app: App,
    pub router: Router,
    pub db: concord_testkit::TestDb,
}

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

impl TestWeb {
    pub async fn all() -> Vec<TestWeb> {
        let mut out = vec![];
        for db in concord_testkit::databases().await {
            out.push(TestWeb::seed(db).await);
        }
        out
    }

    async fn seed(db: concord_testkit::TestDb) -> TestWeb {
        TestWeb::seed_with(db, AppSettings::default(), Clock::from_fn(now)).await
    }

    /// As [`TestWeb::all`], on one database, with these settings and this clock.
    pub async fn seed_with(
        db: concord_testkit::TestDb,
        settings: AppSettings,
        clock: Clock,
    ) -> TestWeb {
        let mut seed = TestApp::builder(&db, clock, settings)
            .agency(
                "PROB",
                "Probation Service – Essex",
                AgencyKind::Probation,
                "Essex",
            )
            .agency("HOUS", "Chelmsford Housing", AgencyKind::Housing, "Essex");
        for (username, agency, role) in [
            ("om.one", "PROB", "offender_manager"),
            ("housing.one", "HOUS", "partner_caseworker"),
            ("board.one", "PROB", "board_member"),
        ] {
            seed = seed.user(username, &format!("Test {username}"), agency, role);
        }
        let app = seed.build().await.app;
        let router = concord_web::router(
            app.clone(),
            concord_web::WebConfig {
                secure_cookies: true,
                ..Default::default()
            },
        );
        TestWeb { app, router, db }
    }

    /// Add a member of staff beyond the three every test has.
    pub async fn add_staff(&self, username: &str, display_name: &str, agency: &str, role: &str) {
        TestApp {
            app: self.app.clone(),
            label: self.label(),
        }
        .add_user(username, display_name, agency, role)
        .await;
    }

    pub fn label(&self) -> &'static str {
        self.db.label
    }

    pub fn client(&self) -> Client {
        Client {
            router: self.router.clone(),
            cookies: HashMap::new(),
        }
    }

    /// Register a person as the offender manager (allocated to them) and return the id.
    pub async fn person(&self, input: serde_json::Value) -> PersonId {
        let actor = self
            .app
            .accounts()
            .actor_for_username("om.one")
            .await
            .unwrap();
        let input: RegisterPersonInput = serde_json::from_value(input).unwrap();
        let id = self
            .app
            .people()
            .register_person(&actor, &input)
            .await
            .unwrap();
        self.app
            .people()
            .allocate(&actor, id, actor.user_id, "Offender manager")
            .await
            .unwrap();
        id
    }

    pub async fn finish(self) {
        self.db.finish().await;
    }
}

pub fn alison_style_person() -> serde_json::Value {
    serde_json::json!({
        "details": {"given_name": "Daniel", "middle_names": "", "family_name": "Downing", "date_of_birth": "1979-04-12", "gender": "male"},
        "identifiers": [{"kind": "pnc", "value": "2001/0123456F"}, {"kind": "crn", "value": "X123456"}],
        "addresses": [{"kind": "approved_premises", "line1": "1 Hostel Road", "line2": "", "town": "Chelmsford", "postcode": "CM1 1QH", "from_date": "2026-01-10", "to_date": ""}],
        "markers": [{"kind": "weapons", "note": "Used a knife in the index offence"}],
        "sentences": [{"kind": "custody", "description": "2 years", "start_date": "2025-10-01", "release_date": "2026-01-10", "licence_end_date": "2027-01-09", "end_date": "2027-09-30"}],
        "events": [{"event_type": "home_visit", "occurred_on": "2026-02-01", "summary": "Police monitoring visit: compliant"}]
    })
}

pub struct Response {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Response {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The value of the hidden csrf_token input on the page.
    pub fn csrf(&self) -> String {
        let marker = "name=\"csrf_token\" value=\"";
        let start = self
            .body
            .find(marker)
            .map(|i| i + marker.len())
            .expect("page has a csrf_token");
        self.body[start..].split('"').next().unwrap().to_string()
    }
}

/// A browser-like client: keeps cookies, follows nothing automatically.
pub struct Client {
    router: Router,
    cookies: HashMap<String, String>,
}

impl Client {
    /// A client of another router over the same app (e.g. the demo's, with a training
    /// clock).
    pub fn of(router: Router) -> Client {
        Client {
            router,
            cookies: HashMap::new(),
        }
    }

    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: String,
        extra: &[(&str, &str)],
    ) -> Response {
        let mut req = Request::builder().method(method).uri(path);
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            req = req.header(header::COOKIE, cookie);
        }
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let response = self
            .router
            .clone()
            .oneshot(req.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        for set in response.headers().get_all(header::SET_COOKIE) {
            let set = set.to_str().unwrap();
            let (pair, _) = set.split_once(';').unwrap_or((set, ""));
            let (k, v) = pair.split_once('=').unwrap();
            if set.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), v.to_string());
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let streaming = headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"));
        if streaming {
            // A server-sent event stream never ends by itself: read it to its first event.
            let mut body = response.into_body();
            let mut text = String::new();
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while !text.contains("\n\n") && std::time::Instant::now() < deadline {
                match tokio::time::timeout(std::time::Duration::from_secs(10), body.frame()).await {
                    Ok(Some(Ok(frame))) => {
                        if let Some(data) = frame.data_ref() {
                            text.push_str(&String::from_utf8_lossy(data));
                        }
                    }
                    _ => break,
                }
            }
            return Response {
                status,
                headers,
                body: text,
            };
        }
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Response {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).to_string(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Response {
        self.send(Method::GET, path, None, String::new(), &[]).await
    }

    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Response {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            Method::POST,
            path,
            Some("application/x-www-form-urlencoded"),
            body,
            &[],
        )
        .await
    }

    /// A multipart form (`enctype="multipart/form-data"`): the text fields, then one file
    /// as (field, file name, content).
    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &str),
    ) -> Response {
        let boundary = "concord-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = String::new();
        for (k, v) in fields {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
            ));
        }
        let (field, file_name, content) = file;
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n{content}\r\n--{boundary}--\r\n"
        ));
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.send(Method::POST, path, Some(&content_type), body, &[])
            .await
    }

    pub async fn sign_in(&mut self, username: &str) -> Response {
        self.sign_in_with(username, PASSWORD).await
    }

    pub async fn sign_in_with(&mut self, username: &str, password: &str) -> Response {
        let page = self.get("/sign-in").await;
        let csrf = page.csrf();
        self.post_form(
            "/sign-in",
            &[
                ("csrf_token", &csrf),
                ("username", username),
                ("password", password),
                ("next", "/cases"),
            ],
        )
        .await
    }

    pub fn has_cookie(&self, name: &str) -> bool {
        self.cookies.contains_key(name)
    }
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
