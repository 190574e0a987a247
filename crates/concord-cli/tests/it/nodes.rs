//! Two `concord serve` nodes on one PostgreSQL database (issue 19): interleaved writes
//! and reads through both, one node killed with SIGKILL mid-load. Afterwards no audit
//! event is lost or duplicated, `audit verify` passes, and every write a node
//! acknowledged is there. With NATS (required in CI), both nodes publish domain events
//! too, and every registration's event reaches JetStream exactly once.

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use concord_app::{AppSettings, Clock};
use concord_domain::AgencyKind;
use concord_testkit::{TestApp, PASSWORD};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A running node and the port it listens on.
struct Node {
    child: Child,
    port: u16,
}

fn start_node(dir: &std::path::Path, url: &str, env: &[(&str, &str)]) -> Node {
    let (child, first) = super::serve_node(dir, url, env);
    // "Concord is running at http://localhost:PORT/ (…)"
    let port = first
        .split("localhost:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {first:?}"));
    Node { child, port }
}

/// One HTTP/1.1 request on a fresh connection: (status, body), or the I/O error of a node
/// that is gone.
async fn request(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> std::io::Result<(u16, String)> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    if let Some(t) = token {
        head.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() {
        head.push_str("Content-Type: application/json\r\n");
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(head.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let text = String::from_utf8_lossy(&raw);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status line in {text:?}")))?;
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    Ok((status, body.to_string()))
}

fn person(i: usize) -> String {
    // Names hold letters only: the number spelt with a letter per digit.
    let spelt: String = i
        .to_string()
        .bytes()
        .map(|d| char::from(b'a' + (d - b'0')))
        .collect();
    serde_json::json!({"details": {"given_name": "Node", "family_name": format!("Loadtest {spelt}"),
        "date_of_birth": "1980-01-02", "gender": "male"}})
    .to_string()
}

/// A count from the database the nodes share.
async fn count(db: &concord_testkit::TestDb, sql: &str) -> i64 {
    concord_testkit::scalar_i64(&db.db, sql).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_share_one_database_and_a_killed_node_loses_no_acknowledged_write_or_audit_event()
{
    let Some(url) = concord_testkit::postgres_url() else {
        eprintln!("skipped: two nodes need PostgreSQL (set CONCORD_TEST_POSTGRES_URL)");
        return;
    };
    let t = concord_testkit::postgres(&url).await;
    TestApp::builder(&t, Clock::system(), AppSettings::default())
        .agency("PROB", "Essex Probation", AgencyKind::Probation, "Essex")
        .user("om.one", "Olivia One", "PROB", "offender_manager")
        .build()
        .await;
    let dir = super::scratch("nodes");
    let url = t.url();
    let nats = concord_testkit::nats_url();
    let namespace = format!("n{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let mut env = vec![];
    if let Some(nats) = &nats {
        env = vec![
            ("CONCORD_NATS_URL", nats.as_str()),
            ("CONCORD_EVENTS_NAMESPACE", namespace.as_str()),
        ];
    }
    let mut a = start_node(&dir, &url, &env);
    let mut b = start_node(&dir, &url, &env);

    let sign_in = serde_json::json!({"username": "om.one", "password": PASSWORD}).to_string();
    let (status, body) = request(a.port, "POST", "/api/v1/session", None, Some(&sign_in))
        .await
        .unwrap();
    assert_eq!(status, 201, "{body}");
    let token: String = serde_json::from_str::<serde_json::Value>(&body).unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();

    // Eight clients, each registering on one node and reading back through the other,
    // alternating; node B is killed half-way through.
    let started = Instant::now();
    let run_for = Duration::from_secs(4);
    let mut clients = tokio::task::JoinSet::new();
    for c in 0..8usize {
        let (token, pa, pb) = (token.clone(), a.port, b.port);
        clients.spawn(async move {
            let mut acknowledged = vec![];
            let mut unreachable = 0;
            let mut i = 0;
            while started.elapsed() < run_for {
                let (write, read) = if (c + i) % 2 == 0 { (pa, pb) } else { (pb, pa) };
                let n = c * 100_000 + i;
                i += 1;
                let Ok((status, body)) = request(
                    write,
                    "POST",
                    "/api/v1/persons",
                    Some(&token),
                    Some(&person(n)),
                )
                .await
                else {
                    unreachable += 1; // the killed node: nothing was acknowledged
                    continue;
                };
                assert!(status == 201 || status >= 500, "{status}: {body}");
                if status != 201 {
                    continue;
                }
                let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string();
                if let Ok((status, body)) = request(
                    read,
                    "GET",
                    &format!("/api/v1/persons/{id}"),
                    Some(&token),
                    None,
                )
                .await
                {
                    assert_eq!(status, 200, "read back through the other node: {body}");
                }
                acknowledged.push(id);
            }
            (acknowledged, unreachable)
        });
    }
    tokio::time::sleep(run_for / 2).await;
    b.child.kill().unwrap(); // SIGKILL: no shutdown, no sealing
    b.child.wait().unwrap();
    let (mut acknowledged, mut unreachable) = (vec![], 0);
    while let Some(done) = clients.join_next().await {
        let (ids, refused) = done.unwrap();
        acknowledged.extend(ids);
        unreachable += refused;
    }
    eprintln!(
        "{} writes acknowledged, {unreachable} sent to the killed node",
        acknowledged.len()
    );
    assert!(
        acknowledged.len() > 20,
        "too little load: {}",
        acknowledged.len()
    );
    assert!(
        unreachable > 0,
        "node B was killed while clients still used it"
    );

    // Node A seals what B left waiting (its sealer looks every second), then stops
    // cleanly. Waited for, not slept on: a loaded CI machine may take a round longer.
    let waiting_since = Instant::now();
    while count(&t, "SELECT COUNT(*) FROM audit_pending").await > 0 {
        assert!(
            waiting_since.elapsed() < Duration::from_secs(15),
            "node A never sealed what node B left waiting"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // And publishes the domain events B left in the outbox.
    if nats.is_some() {
        while count(&t, "SELECT COUNT(*) FROM outbox").await > 0 {
            assert!(
                waiting_since.elapsed() < Duration::from_secs(30),
                "node A never published what node B left in the outbox"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    assert!(super::terminate(&mut a.child).success());

    // Every acknowledged write is there, and every person registered (acknowledged or
    // cut off by the kill after its commit) has exactly one collection event.
    let ids = acknowledged
        .iter()
        .map(|id| format!("'{id}'"))
        .collect::<Vec<_>>()
        .join(",");
    let present = count(
        &t,
        &format!("SELECT COUNT(*) FROM person WHERE id IN ({ids})"),
    )
    .await;
    assert_eq!(
        present,
        acknowledged.len() as i64,
        "acknowledged writes lost"
    );
    let persons = count(&t, "SELECT COUNT(*) FROM person").await;
    let collected = count(
        &t,
        "SELECT COUNT(*) FROM audit_event WHERE kind = 'collection' AND resource_type = 'person'",
    )
    .await;
    let distinct = count(
        &t,
        "SELECT COUNT(DISTINCT person_id) FROM audit_event WHERE kind = 'collection' AND resource_type = 'person'",
    )
    .await;
    assert_eq!(
        collected, persons,
        "one collection event per person registered"
    );
    assert_eq!(distinct, persons, "no person's registration audited twice");
    let reads = count(
        &t,
        "SELECT COUNT(*) FROM audit_event WHERE kind = 'consultation'",
    )
    .await;
    assert!(reads > 0, "the reads were audited");
    if let Some(nats) = &nats {
        let registered = registrations_published(nats, &namespace).await;
        let mut once = registered.clone();
        once.sort_unstable();
        once.dedup();
        assert_eq!(once.len(), registered.len(), "an event published twice");
        assert_eq!(
            registered.len() as i64,
            persons,
            "one person.registered event per person registered"
        );
    }

    let verify = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["audit", "verify"])
        .current_dir(&dir)
        .env("DATABASE_URL", &url)
        .env_remove("CONCORD_DATABASE_URL")
        .output()
        .unwrap();
    super::succeeded(&verify);
    assert!(String::from_utf8_lossy(&verify.stdout).starts_with("Audit chain intact"));
    t.finish().await;
}

/// The message ids of every `person.registered` event in the namespace's person stream;
/// the stream is deleted after.
async fn registrations_published(nats: &str, namespace: &str) -> Vec<String> {
    let js = async_nats::jetstream::new(async_nats::connect(nats).await.unwrap());
    let name = concord_app::stream_name(namespace, concord_domain::EventStream::Person);
    let mut stream = js.get_stream(&name).await.unwrap();
    let last = stream.info().await.unwrap().state.last_sequence;
    let mut ids = vec![];
    for seq in 1..=last {
        let m = stream.get_raw_message(seq).await.unwrap();
        if m.subject.as_str() == format!("{namespace}.person.registered") {
            ids.push(m.headers.get("Nats-Msg-Id").unwrap().as_str().to_string());
        }
    }
    for s in concord_domain::EventStream::ALL {
        js.delete_stream(concord_app::stream_name(namespace, s))
            .await
            .ok();
    }
    ids
}
