//! Snapshots of every JSON API response shape (successes and the error envelope) and of
//! key pages' HTML (issue 18): a refactor that changes an output fails here, and the
//! reviewer sees the change as a snapshot diff.
//!
//! Each test runs its scenario on every engine, keeps the redacted outputs, asserts that
//! PostgreSQL's equal SQLite's, and snapshots SQLite's once. JSON is re-printed from the
//! raw body in the serialiser's key order (this crate's `serde_json` has no
//! `preserve_order`, so parsing into `serde_json::Value` would sort the keys and hide a
//! reordering). Pages are cut to their title, menu and content (`</header>` to `</main>`)
//! so the layout chrome does not churn every snapshot. UUIDs become `[name]` for the ids a
//! test knows and `[uuid]` otherwise; bearer tokens and CSRF tokens become placeholders.
//! The clock is fixed (`client::now`), so dates and times are kept as they are.

mod api_errors;
mod api_manage;
mod api_persons;
mod api_risk;
mod fixture;
mod json;
mod pages_case;
mod pages_mappa;
mod pages_misc;

use axum::http::{header, Method};

use crate::client::{Client, Response, PASSWORD};

/// What one test's scenario gave on each engine, compared and snapshotted at the end.
#[derive(Default)]
pub struct Shots {
    engines: Vec<(&'static str, Vec<(String, String)>)>,
}

impl Shots {
    /// Start collecting for the next engine.
    pub fn engine(&mut self, label: &'static str) {
        self.engines.push((label, vec![]));
    }

    /// Keep one output under a snapshot name unique across this module.
    pub fn take(&mut self, name: &str, value: String) {
        let (_, shots) = self.engines.last_mut().expect("engine() first");
        assert!(
            shots.iter().all(|(n, _)| n != name),
            "snapshot name {name} used twice"
        );
        shots.push((name.to_string(), value));
    }

    /// Every engine gave the same outputs; snapshot the first engine's (SQLite's).
    pub fn check(self) {
        let Some(((first, expected), others)) = self.engines.split_first() else {
            panic!("no engine ran");
        };
        for (label, shots) in others {
            let names =
                |s: &[(String, String)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
            assert_eq!(names(expected), names(shots), "{label} vs {first}");
            for ((name, a), (_, b)) in expected.iter().zip(shots) {
                assert_eq!(a, b, "{name}: {label} differs from {first}");
            }
        }
        let mut settings = insta::Settings::clone_current();
        settings.set_omit_expression(true);
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| {
            for (name, value) in expected {
                insta::assert_snapshot!(name.as_str(), value);
            }
        });
    }
}

/// Replaces the ids a test knows by their names and any other UUID by `[uuid]`.
#[derive(Default, Clone)]
pub struct Redactor {
    names: Vec<(String, String)>,
}

impl Redactor {
    pub fn name(&mut self, id: impl ToString, name: &str) {
        self.names
            .push((id.to_string().to_lowercase(), format!("[{name}]")));
    }

    /// Every UUID in `s` (hyphenated, either case) replaced.
    pub fn text(&self, s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        while i < s.len() {
            if i + 36 <= s.len() && is_uuid(&bytes[i..i + 36]) {
                let id = s[i..i + 36].to_lowercase();
                match self.names.iter().find(|(known, _)| *known == id) {
                    Some((_, name)) => out.push_str(name),
                    None => out.push_str("[uuid]"),
                }
                i += 36;
            } else {
                let c = s[i..].chars().next().expect("in bounds");
                out.push(c);
                i += c.len_utf8();
            }
        }
        out
    }

    /// A JSON response: the request as given, status, content type and the body re-printed in its own key
    /// order, redacted (`token` values too).
    pub fn api(&self, request: &str, r: &Response) -> String {
        let body = if r.body.is_empty() {
            "(empty body)".to_string()
        } else {
            let mut value =
                json::parse(&r.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.body));
            value.redact(&|key, s| match key {
                Some("token") => "[token]".to_string(),
                _ => self.text(s),
            });
            value.pretty()
        };
        format!(
            "{}\n{}\ncontent-type: {}\n\n{body}\n",
            self.text(request),
            r.status,
            content_type(r)
        )
    }

    /// A page: the request as given, status, title, the menu and signed-in user, and the content from the end of
    /// the header to the end of `<main>`, blank lines dropped and CSRF tokens redacted.
    pub fn page(&self, request: &str, r: &Response) -> String {
        let b = &r.body;
        let title = between(b, "<title>", "</title>").unwrap_or("(no title)");
        let menu = between(b, "id=\"navigation\">", "</ul>").map_or_else(
            || "  (none)".into(),
            |nav| {
                nav.split("</li>")
                    .filter_map(|item| between(item, "href=\"", "\""))
                    .map(|href| format!("  {href}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            },
        );
        let user = b
            .find("class=\"concord-user govuk-body-s\"")
            .and_then(|i| between(&b[i..], "<span>", "</span>"))
            .unwrap_or("(signed out)");
        let start = b.find("</header>").map_or(0, |i| i + "</header>".len());
        let end = b.find("</main>").map_or(b.len(), |i| i + "</main>".len());
        let content = b[start..end.max(start)]
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let text = format!(
            "{request}\n{}\ncontent-type: {}\ntitle: {title}\nuser: {user}\nmenu:\n{menu}\n\n{content}\n",
            r.status,
            content_type(r)
        );
        self.text(&csrf_redacted(&text))
    }
}

fn is_uuid(b: &[u8]) -> bool {
    b.iter().enumerate().all(|(i, c)| match i {
        8 | 13 | 18 | 23 => *c == b'-',
        _ => c.is_ascii_hexdigit(),
    })
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = s.find(start)? + start.len();
    let len = s[from..].find(end)?;
    Some(&s[from..from + len])
}

fn content_type(r: &Response) -> &str {
    r.headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("(none)")
}

/// `name="csrf_token" value="…"` → `value="[csrf]"`.
fn csrf_redacted(s: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(marker) {
        out.push_str(&rest[..i + marker.len()]);
        rest = &rest[i + marker.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push_str("[csrf]");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A bearer-token API caller.
pub struct Api {
    pub c: Client,
    auth: Option<String>,
}

impl Api {
    /// Signed in through `POST /api/v1/session`; also returns that response.
    pub async fn sign_in(client: Client, username: &str) -> (Api, Response) {
        let mut api = Api::anonymous(client);
        let r = api
            .call(
                Method::POST,
                "/api/v1/session",
                Some(serde_json::json!({"username": username, "password": PASSWORD})),
            )
            .await;
        assert_eq!(r.status, 201, "{username}: {}", r.body);
        api.auth = Some(format!("Bearer {}", r.json()["token"].as_str().unwrap()));
        (api, r)
    }

    pub fn anonymous(c: Client) -> Api {
        Api { c, auth: None }
    }

    pub async fn get(&mut self, path: &str) -> Response {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&mut self, path: &str, body: serde_json::Value) -> Response {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn call(
        &mut self,
        method: Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> Response {
        let text = body.map(|b| b.to_string());
        self.raw(method, path, text.as_deref(), "application/json")
            .await
    }

    /// A body sent as it is, with this content type.
    pub async fn raw(
        &mut self,
        method: Method,
        path: &str,
        body: Option<&str>,
        content_type: &str,
    ) -> Response {
        let mut extra = vec![];
        if let Some(auth) = &self.auth {
            extra.push(("authorization", auth.as_str()));
        }
        let ct = body.map(|_| content_type);
        self.c
            .send(method, path, ct, body.unwrap_or_default().into(), &extra)
            .await
    }
}
