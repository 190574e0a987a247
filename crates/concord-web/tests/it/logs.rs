//! Logs carry ids only: never a person's name, address or date of birth (DESIGN.md §3).
//! Everything logged at any level while a person is registered, viewed, searched for and
//! mis-entered through the router is captured and searched for their details.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

use axum::http::StatusCode;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::Layer;

use crate::client::TestWeb;

const GIVEN_NAME: &str = "Persephone";
const FAMILY_NAME: &str = "Quaintrell";
const ADDRESS_LINE: &str = "47 Wistaria Crescent";
const POSTCODE: &str = "CM9 6ZX";

/// What must never appear in a log line, in any spelling a log could carry it.
const PERSONAL: &[&str] = &[
    GIVEN_NAME,
    FAMILY_NAME,
    ADDRESS_LINE,
    "Wistaria",
    POSTCODE,
    "CM96ZX",
    "CM9+6ZX",
    "1984-03-07",
    "07/03/1984",
    "07%2F03%2F1984",
    "7/3/1984",
    "1984-3-7",
    "7 March 1984",
    "07-03-1984",
];

/// The process-wide log capture. A global subscriber, because SQLite's driver logs its
/// statements from its own worker threads; it records only while a test captures, so
/// other tests in the same process pay almost nothing for it.
struct Capture {
    on: AtomicBool,
    lines: Mutex<Vec<u8>>,
}

static CAPTURE: OnceLock<&'static Capture> = OnceLock::new();

struct CaptureWriter(&'static Capture);

impl Write for CaptureWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lines.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for &'static Capture {
    type Writer = CaptureWriter;

    fn make_writer(&'a self) -> CaptureWriter {
        CaptureWriter(self)
    }
}

fn capture() -> &'static Capture {
    CAPTURE.get_or_init(|| {
        let capture: &'static Capture = Box::leak(Box::new(Capture {
            on: AtomicBool::new(false),
            lines: Mutex::new(vec![]),
        }));
        let everything = tracing_subscriber::fmt::layer()
            .with_writer(capture)
            .with_ansi(false)
            .with_filter(tracing_subscriber::filter::filter_fn(move |_| {
                capture.on.load(Ordering::Relaxed)
            }));
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(everything))
            .expect("no other test installs a global subscriber");
        capture
    })
}

/// Run `f` with every log event at every level recorded; return what was logged.
async fn logged_during(f: impl std::future::Future<Output = ()>) -> String {
    let capture = capture();
    capture.lines.lock().unwrap().clear();
    capture.on.store(true, Ordering::Relaxed);
    f.await;
    capture.on.store(false, Ordering::Relaxed);
    let lines = std::mem::take(&mut *capture.lines.lock().unwrap());
    String::from_utf8_lossy(&lines).into_owned()
}

async fn register_view_search_and_mistype(t: &TestWeb) {
    let mut c = t.client();
    c.sign_in("om.one").await;
    let csrf = c.get("/persons/new").await.csrf();
    let person = [
        ("csrf_token", csrf.as_str()),
        ("given_name", GIVEN_NAME),
        ("family_name", FAMILY_NAME),
        ("date_of_birth-day", "7"),
        ("date_of_birth-month", "3"),
        ("date_of_birth-year", "1984"),
        ("gender", "female"),
    ];
    let registered = c.post_form("/persons/new", &person).await;
    assert_eq!(registered.status, StatusCode::SEE_OTHER, "{}", t.label());
    let record = registered.location().split('?').next().unwrap().to_string();

    let address = |postcode: &str, line2: &str| {
        [
            ("csrf_token", csrf.clone()),
            ("kind", "home".into()),
            ("line1", ADDRESS_LINE.into()),
            ("line2", line2.into()),
            ("town", "Maldon".into()),
            ("postcode", postcode.into()),
            ("from_date-day", "1".into()),
            ("from_date-month", "2".into()),
            ("from_date-year", "2026".into()),
        ]
    };
    let added = c
        .post_form(
            &format!("{record}/addresses/new"),
            &borrowed(&address(POSTCODE, "")),
        )
        .await;
    assert_eq!(
        added.status,
        StatusCode::SEE_OTHER,
        "{}: {}",
        t.label(),
        added.body
    );

    let page = c.get(&record).await;
    assert_eq!(page.status, StatusCode::OK, "{}", t.label());

    for q in [
        "Quaintrell",
        "Persephone+Quaintrell",
        "Quaintrell+07%2F03%2F1984",
        "1984-03-07",
    ] {
        let results = c.get(&format!("/search?q={q}")).await;
        assert_eq!(results.status, StatusCode::OK, "{}: {q}", t.label());
        assert!(
            results.body.contains(&record),
            "{}: {q} finds them",
            t.label()
        );
        let api = c.get(&format!("/api/v1/search?q={q}")).await;
        assert_eq!(api.status, StatusCode::OK, "{}: API {q}", t.label());
    }

    // Forms with mistakes: the error pages echo the input, the logs must not.
    let refused = c
        .post_form(
            &format!("{record}/addresses/new"),
            &borrowed(&address("NOT A POSTCODE", POSTCODE)),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        t.label()
    );
    let mut impossible = person;
    impossible[3] = ("date_of_birth-day", "31");
    impossible[4] = ("date_of_birth-month", "2");
    let refused = c.post_form("/persons/new", &impossible).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        t.label()
    );
    // Without the CSRF token: refused before anything is read.
    let forged = c.post_form("/persons/new", &person[1..]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN, "{}", t.label());
}

fn borrowed<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn logs_never_carry_names_addresses_or_dates_of_birth() {
    for t in TestWeb::all().await {
        let logs = logged_during(register_view_search_and_mistype(&t)).await;
        assert!(
            logs.contains(r#"route="/search""#) && logs.contains(r#"route="/persons/{id}""#),
            "{}: expected request logs with their routes, got:\n{logs}",
            t.label()
        );
        // Every line written while a signed-in request is served names the request and
        // the actor (by id), so an operator can follow one request through the log.
        let answered: Vec<&str> = logs
            .lines()
            .filter(|l| l.contains("request answered") && l.contains(r#"route="/persons/{id}""#))
            .collect();
        assert!(
            !answered.is_empty(),
            "{}: no request answered line",
            t.label()
        );
        for line in answered {
            assert!(
                line.contains("request_id=") && line.contains("actor=") && line.contains("status="),
                "{}: {line}",
                t.label()
            );
        }
        let lowercase = logs.to_lowercase();
        for personal in PERSONAL {
            if let Some(at) = lowercase.find(&personal.to_lowercase()) {
                let line_start = logs[..at].rfind('\n').map_or(0, |i| i + 1);
                let line_end = logs[at..].find('\n').map_or(logs.len(), |i| at + i);
                panic!(
                    "{}: the logs carry {personal:?}:\n{}",
                    t.label(),
                    &logs[line_start..line_end]
                );
            }
        }
        t.finish().await;
    }
}
