//! Email summaries through a real SMTP server (aiosmtpd, started by scripts/test): an
//! offender manager with an email address is sent how many things wait for her — here a
//! police officer's new entry on her case — with a link and no name; not again until the
//! summary interval has passed; staff without an email address are sent nothing; a relay
//! that does not answer is reported and nothing is recorded, so the next run tries again.

use concord_app::*;

use crate::support::*;

/// The test SMTP server and the directory it keeps messages in, or `None` outside CI.
fn smtp() -> Option<(String, std::path::PathBuf)> {
    match (
        std::env::var("CONCORD_TEST_SMTP"),
        std::env::var("CONCORD_TEST_SMTP_DIR"),
    ) {
        (Ok(url), Ok(dir)) if !url.is_empty() => Some((url, dir.into())),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CONCORD_TEST_SMTP is required in CI: scripts/test starts an SMTP server")
        }
        _ => {
            eprintln!("skipped: no SMTP server (run scripts/test with python3-aiosmtpd installed)");
            None
        }
    }
}

/// The messages the server kept for `to`.
fn mail_to(dir: &std::path::Path, to: &str) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".eml"))
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .filter(|m| m.contains(&format!("X-Envelope-To: {to}\r\n")))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn settings(relay: &str) -> AppSettings {
    AppSettings {
        mail: MailSettings {
            relay: relay.into(),
            from: "concord@essex.example".into(),
            link: "https://concord.essex.example/cases".into(),
            summary_hours: 24,
        },
        ..AppSettings::default()
    }
}

/// Mia Mail, an offender manager whose account has `address`, and an hour later a police
/// officer's entry on her case (Dean Hale's); the clock then an hour on again.
async fn mia_with_a_new_entry(w: &World, clock: &TestClock, address: &str) {
    let mut new = concord_testkit::new_user("mia.mail", "Mia Mail", "PRB", "offender_manager");
    new.email = Some(address.into());
    w.app.accounts().add_user(new).await.unwrap();
    let mia = w
        .app
        .accounts()
        .actor_for_username("mia.mail")
        .await
        .unwrap();
    let id = w
        .app
        .people()
        .register_person(&mia, &person("Dean", "Hale", ymd(1984, 4, 4)))
        .await
        .unwrap();
    allocate(w, &mia, id, &mia, "offender_manager").await;
    allocate(w, &mia, id, &w.ppo, "police_lead").await;
    clock.advance(chrono::Duration::hours(1));
    w.app
        .people()
        .record_event(
            &w.ppo,
            id,
            &event("contact", ymd(2026, 3, 9), "Seen at the hostel"),
        )
        .await
        .unwrap();
    clock.advance(chrono::Duration::hours(1));
}

#[tokio::test]
async fn an_officer_is_emailed_how_much_waits_for_her_and_no_name() {
    let Some((relay, dir)) = smtp() else { return };
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with(&t, clock.clock(), settings(&relay)).await;
        // Unique per run: the server keeps every message it was handed.
        let address = format!(
            "mia.{}.{}@probation.example",
            t.label,
            uuid::Uuid::now_v7().simple()
        );
        mia_with_a_new_entry(&w, &clock, &address).await;

        let run = w.app.notifications().send_summaries().await.unwrap();
        assert_eq!((run.sent, run.failed.len()), (1, 0), "{}: {run:?}", t.label);
        let kept = mail_to(&dir, &address);
        assert_eq!(kept.len(), 1, "{}", t.label);
        let m = &kept[0];
        assert!(
            m.contains("Subject: Concord: 1 new entry on your cases since your last summary\r\n"),
            "{}: {m}",
            t.label
        );
        assert!(
            m.contains("- 1 new entry on your cases since your last summary"),
            "{}",
            t.label
        );
        assert!(
            m.contains("https://concord.essex.example/cases"),
            "{}",
            t.label
        );
        assert!(
            !m.contains("Dean") && !m.contains("Hale") && !m.contains("hostel"),
            "{}: the email names no one: {m}",
            t.label
        );
        assert_eq!(
            last_audit(&t.db).await.reason,
            "sent their email summary (counts only, no names)",
            "{}",
            t.label
        );

        // Not again until the interval has passed, however much is waiting.
        let again = w.app.notifications().send_summaries().await.unwrap();
        assert_eq!(again.sent, 0, "{}", t.label);
        // A day later, with nothing new, nothing waits for her: still nothing sent.
        clock.advance(chrono::Duration::hours(25));
        let later = w.app.notifications().send_summaries().await.unwrap();
        assert_eq!(
            later.sent, 0,
            "{}: no new entry since the last summary",
            t.label
        );
        assert_eq!(mail_to(&dir, &address).len(), 1, "{}", t.label);
    }
}

#[tokio::test]
async fn a_relay_that_does_not_answer_is_reported_and_nothing_is_recorded() {
    for t in concord_testkit::databases().await {
        // A port nothing listens on.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let clock = TestClock::new(now());
        let w = world_with(&t, clock.clock(), settings(&format!("smtp://{closed}"))).await;
        mia_with_a_new_entry(&w, &clock, "mia.mail@probation.example").await;
        let run = w.app.notifications().send_summaries().await.unwrap();
        assert_eq!(run.sent, 0, "{}", t.label);
        assert_eq!(run.failed.len(), 1, "{}: {run:?}", t.label);
        assert_eq!(run.failed[0].0, "mia.mail", "{}", t.label);
        // No relay configured: nothing is tried.
        let unconfigured = App::new(t.db.clone(), clock.clock(), AppSettings::default());
        assert_eq!(
            unconfigured.notifications().send_summaries().await.unwrap(),
            SummaryRun::default(),
            "{}",
            t.label
        );
    }
}
