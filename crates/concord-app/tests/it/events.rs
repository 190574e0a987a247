//! Domain events through the outbox to NATS JetStream (issue 19, ADR 0009), against the
//! real server: published after commit in the HMPPS shape with the event id as the message
//! id, nothing for a refused or failed change, held while NATS is away and sent once when
//! it returns, and a resend recognised as a duplicate rather than stored twice.
//!
//! Each test publishes in a namespace of its own (streams `T…_PERSON`…), deleted after.

use std::net::SocketAddr;
use std::time::Duration;

use async_nats::jetstream;
use concord_app::*;
use concord_domain::EventStream;
use concord_testkit::TestDb;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::support::*;

fn namespace() -> String {
    format!("t{}", &uuid::Uuid::new_v4().simple().to_string()[..12])
}

fn settings(url: &str, namespace: &str) -> AppSettings {
    AppSettings {
        nats_url: Some(url.into()),
        events_namespace: namespace.into(),
        ..AppSettings::default()
    }
}

async fn jetstream(url: &str) -> jetstream::Context {
    jetstream::new(async_nats::connect(url).await.unwrap())
}

/// Every message in the namespace's stream `s`: (subject, Nats-Msg-Id, body).
async fn messages(
    js: &jetstream::Context,
    ns: &str,
    s: EventStream,
) -> Vec<(String, String, serde_json::Value)> {
    let Ok(mut stream) = js.get_stream(stream_name(ns, s)).await else {
        return Vec::new();
    };
    let last = stream.info().await.unwrap().state.last_sequence;
    let mut out = Vec::new();
    for seq in 1..=last {
        let m = stream.get_raw_message(seq).await.unwrap();
        let id = m
            .headers
            .get("Nats-Msg-Id")
            .map(|v| v.as_str().to_string())
            .unwrap_or_default();
        out.push((
            m.subject.to_string(),
            id,
            serde_json::from_slice(&m.payload).unwrap(),
        ));
    }
    out
}

async fn drop_streams(js: &jetstream::Context, ns: &str) {
    for s in EventStream::ALL {
        js.delete_stream(stream_name(ns, s)).await.ok();
    }
}

#[tokio::test]
async fn changes_are_published_after_commit_and_refusals_raise_nothing() {
    let Some(url) = concord_testkit::nats_url() else {
        return;
    };
    let js = jetstream(&url).await;
    for t in concord_testkit::databases().await {
        let ns = namespace();
        let w = world_with(&t, Clock::fixed(now()), settings(&url, &ns)).await;
        let d = mr_d(&w).await;
        let r = w.app.people().view_person(&w.om, d).await.unwrap();
        w.app
            .people()
            .change_person_details(
                &w.om,
                d,
                r.version,
                &details("Daniel", "Dawson", ymd(1984, 9, 3)),
            )
            .await
            .unwrap();
        // Refused (a housing caseworker with no relationship) and conflicting (a stale
        // version) changes are rolled back, and so are their events.
        assert!(w
            .app
            .people()
            .change_person_details(
                &w.housing,
                d,
                r.version + 1,
                &details("X", "Y", ymd(1990, 1, 1))
            )
            .await
            .is_err());
        assert!(w
            .app
            .people()
            .change_person_details(&w.om, d, r.version, &details("X", "Y", ymd(1990, 1, 1)))
            .await
            .is_err());
        draft_licence(&w, &w.om, d).await;
        w.app.publish_events().await.unwrap();
        wait_until_published(&w, &t).await;

        let person = messages(&js, &ns, EventStream::Person).await;
        let subjects: Vec<&str> = person.iter().map(|(s, _, _)| s.as_str()).collect();
        assert_eq!(
            subjects,
            [
                format!("{ns}.person.registered"),
                format!("{ns}.person.details-changed")
            ],
            "{}: one event per committed change, in order",
            t.label
        );
        let (_, id, body) = &person[0];
        assert!(
            uuid::Uuid::parse_str(id).is_ok(),
            "{}: message id {id}",
            t.label
        );
        let keys: Vec<&str> = body
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "additionalInformation",
                "description",
                "detailUrl",
                "eventType",
                "occurredAt",
                "personReference",
                "version"
            ],
            "{}: the HMPPS fields (serde_json sorts them)",
            t.label
        );
        assert_eq!(
            body["eventType"], "concord.person.registered",
            "{}",
            t.label
        );
        assert_eq!(
            body["detailUrl"],
            format!("/api/v1/persons/{}", d.0),
            "{}",
            t.label
        );
        assert_eq!(
            body["personReference"]["identifiers"][0],
            serde_json::json!({"type": "CONCORD_ID", "value": d.0.to_string()}),
            "{}",
            t.label
        );
        // Ids only: the name and the date of birth never leave in an event.
        let all = serde_json::to_string(&person).unwrap();
        assert!(
            !all.contains("Dawson") && !all.contains("1984"),
            "{}: {all}",
            t.label
        );

        let licence = messages(&js, &ns, EventStream::Licence).await;
        assert_eq!(licence.len(), 1, "{}", t.label);
        assert_eq!(licence[0].0, format!("{ns}.licence.created"), "{}", t.label);
        assert_eq!(
            licence[0].2["additionalInformation"]["event"], "created",
            "{}",
            t.label
        );
        drop_streams(&js, &ns).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn a_node_without_nats_raises_no_events() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        mr_d(&w).await;
        assert_eq!(w.app.events_waiting().await.unwrap(), 0, "{}", t.label);
        assert_eq!(
            w.app.publish_events().await.unwrap(),
            PublishedCount::default()
        );
        t.finish().await;
    }
}

/// A TCP relay to the NATS server that the test can cut and restore: NATS going away and
/// coming back, as the node sees it, without stopping the machine's server.
struct Relay {
    addr: SocketAddr,
    to: String,
    task: Option<JoinHandle<()>>,
}

impl Relay {
    async fn start(to: &str) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut relay = Relay {
            addr: listener.local_addr().unwrap(),
            to: to.trim_start_matches("nats://").to_string(),
            task: None,
        };
        relay.task = Some(tokio::spawn(relay_from(listener, relay.to.clone())));
        relay
    }

    fn url(&self) -> String {
        format!("nats://{}", self.addr)
    }

    /// Refuse new connections and drop the open ones.
    async fn cut(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            task.await.ok();
        }
    }

    async fn restore(&mut self) {
        let listener = TcpListener::bind(self.addr).await.unwrap();
        self.task = Some(tokio::spawn(relay_from(listener, self.to.clone())));
    }
}

async fn relay_from(listener: TcpListener, to: String) {
    // Owned here, so aborting this task drops (and aborts) every relayed connection.
    let mut conns = tokio::task::JoinSet::new();
    while let Ok((mut inbound, _)) = listener.accept().await {
        let to = to.clone();
        conns.spawn(async move {
            if let Ok(mut outbound) = TcpStream::connect(&to).await {
                tokio::io::copy_bidirectional(&mut inbound, &mut outbound)
                    .await
                    .ok();
            }
        });
    }
}

async fn register_someone(w: &World, family: &str) {
    w.app
        .people()
        .register_person(&w.om, &person("Sam", family, ymd(1990, 5, 5)))
        .await
        .unwrap();
}

#[tokio::test]
async fn events_wait_while_nats_is_away_and_leave_once_when_it_returns() {
    let Some(url) = concord_testkit::nats_url() else {
        return;
    };
    let js = jetstream(&url).await;
    for t in concord_testkit::databases().await {
        let ns = namespace();
        let mut relay = Relay::start(&url).await;
        let w = world_with(&t, Clock::fixed(now()), settings(&relay.url(), &ns)).await;
        register_someone(&w, "Before").await;
        w.app.publish_events().await.unwrap();
        wait_until_published(&w, &t).await;

        relay.cut().await;
        // Changes go on being made while NATS is away: each one's event is kept.
        for family in ["During", "Meanwhile", "Still"] {
            register_someone(&w, family).await;
        }
        assert_eq!(w.app.events_waiting().await.unwrap(), 3, "{}", t.label);
        // A drain fails as unavailable; on PostgreSQL it may instead find the node's own
        // publisher holding the lead (retrying), and send nothing.
        match w.app.publish_events().await {
            Err(e) => assert_eq!(e.status(), 503, "{}: {e:?}", t.label),
            Ok(sent) => assert_eq!(sent, PublishedCount::default(), "{}", t.label),
        }
        assert_eq!(w.app.events_waiting().await.unwrap(), 3, "{}", t.label);

        relay.restore().await;
        // The node's own publisher notices (it retries on its own), with no request.
        wait_until_published(&w, &t).await;
        let person = messages(&js, &ns, EventStream::Person).await;
        assert_eq!(person.len(), 4, "{}: every event once", t.label);
        let mut ids: Vec<&str> = person.iter().map(|(_, id, _)| id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 4, "{}: no event twice", t.label);
        relay.cut().await;
        drop_streams(&js, &ns).await;
        t.finish().await;
    }
}

async fn wait_until_published(w: &World, t: &TestDb) {
    let mut waited = Duration::ZERO;
    while w.app.events_waiting().await.unwrap() > 0 {
        assert!(
            waited < Duration::from_secs(30),
            "{}: events still waiting 30 s after NATS returned",
            t.label
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += Duration::from_millis(100);
    }
}

#[tokio::test]
async fn a_resend_after_a_lost_acknowledgement_is_not_stored_twice() {
    let Some(url) = concord_testkit::nats_url() else {
        return;
    };
    let js = jetstream(&url).await;
    for t in concord_testkit::databases().await {
        let ns = namespace();
        let w = world_with(&t, Clock::fixed(now()), settings(&url, &ns)).await;
        register_someone(&w, "Once").await;
        register_someone(&w, "Twice").await;
        // Sent by whichever gets there first: this drain or the node's own publisher.
        w.app.publish_events().await.unwrap();
        wait_until_published(&w, &t).await;
        let stored = messages(&js, &ns, EventStream::Person).await;
        assert_eq!(stored.len(), 2, "{}", t.label);
        // What a publisher that died between JetStream's ack and the outbox's delete
        // leaves behind: the same events (id, catalogue subject, body), still waiting.
        let waiting: Vec<(uuid::Uuid, String, String)> = stored
            .iter()
            .map(|(_, id, body)| {
                let subject = body["eventType"].as_str().unwrap().to_string();
                (id.parse().unwrap(), subject, body.to_string())
            })
            .collect();
        put_back(w.app.db(), &waiting).await;
        assert_eq!(w.app.events_waiting().await.unwrap(), 2, "{}", t.label);
        let again = w.app.publish_events().await.unwrap();
        wait_until_published(&w, &t).await;
        assert_eq!(again.stored, 0, "{}: a resend stored", t.label);
        let after = messages(&js, &ns, EventStream::Person).await;
        assert_eq!(after, stored, "{}: the resend was stored again", t.label);
        drop_streams(&js, &ns).await;
        t.finish().await;
    }
}

async fn put_back(db: &concord_store::Db, rows: &[(uuid::Uuid, String, String)]) {
    let mut tx = db.begin().await.unwrap();
    let events: Vec<concord_store::outbox::OutboxEvent> = rows
        .iter()
        .map(
            |(id, subject, payload)| concord_store::outbox::OutboxEvent {
                id: *id,
                subject: subject.clone(),
                payload: payload.clone(),
                raised_at: now(),
            },
        )
        .collect();
    concord_store::outbox::enqueue(&mut tx, &events)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}
