//! Documents attached to a record: filed under a section that decides who sees them,
//! refused by name when the title, the file or its kind is wrong, refused when no virus
//! scanner is configured, scanned by the real ClamAV daemon (an EICAR test file is
//! refused, audited, and nothing kept), listed and opened only by those who reach the
//! section — a document in a section the reader does not reach is neither listed nor
//! opened, and the attempt is audited.

use concord_app::*;
use concord_domain::PersonId;

use crate::support::*;

const EICAR: &str = r"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n";

/// The clamd the test script started, or `None` (the test says so and stops) outside CI.
fn clamd() -> Option<String> {
    match std::env::var("CONCORD_TEST_CLAMD") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CONCORD_TEST_CLAMD is required in CI: scripts/test starts clamd")
        }
        _ => {
            eprintln!("skipped: no virus scanner (set CONCORD_TEST_CLAMD, or run scripts/test with ClamAV installed)");
            None
        }
    }
}

fn upload(section: &str, title: &str, file_name: &str, content: &[u8]) -> AttachmentUpload {
    AttachmentUpload {
        section: section.into(),
        title: title.into(),
        file_name: file_name.into(),
        content: content.to_vec(),
    }
}

async fn registered(w: &World) -> PersonId {
    let id = w
        .app
        .people()
        .register_person(&w.om, &person("Dean", "Hale", ymd(1984, 4, 4)))
        .await
        .unwrap();
    allocate(w, &w.om, id, &w.om, "offender_manager").await;
    allocate(w, &w.om, id, &w.ppo, "police_lead").await;
    id
}

#[tokio::test]
async fn a_document_is_refused_by_name_and_never_kept_without_a_scanner() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let p = registered(&w).await;
        let docs = w.app.documents();
        for (u, wanted) in [
            (
                upload("nowhere", "Letter", "a.pdf", PDF),
                ("section", "invalid"),
            ),
            (
                upload("chronology", " ", "a.pdf", PDF),
                ("title", "required"),
            ),
            (
                upload("chronology", "Letter", "a.pdf", b""),
                ("file", "required"),
            ),
            (
                upload("chronology", "Letter", "letter.pdf", b"MZ\x90\0program"),
                ("file", "kind"),
            ),
        ] {
            let e = docs.attach_document(&w.om, p, &u).await.unwrap_err();
            assert_eq!(
                field_codes(&e),
                [(wanted.0.to_string(), wanted.1)],
                "{}",
                t.label
            );
        }
        // A partner may not add to the record; the refusal is audited.
        let e = docs
            .attach_document(&w.housing, p, &upload("chronology", "Letter", "a.pdf", PDF))
            .await
            .unwrap_err();
        assert!(
            matches!(e, AppError::Denied { .. } | AppError::NotFound),
            "{}: {e:?}",
            t.label
        );
        assert_eq!(last_audit(&t.db).await.outcome, "denied", "{}", t.label);
        // No scanner configured: refused, and nothing kept.
        let e = docs
            .attach_document(&w.om, p, &upload("chronology", "Letter", "a.pdf", PDF))
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Unavailable(m) if m.contains("no virus scanner")),
            "{}: {e:?}",
            t.label
        );
        let page = docs.documents_page(&w.om, p).await.unwrap();
        assert!(
            page.documents.is_empty() && !page.scanner_configured,
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn documents_are_scanned_and_seen_only_by_those_who_reach_their_section() {
    let Some(scanner) = clamd() else { return };
    for t in concord_testkit::databases().await {
        let settings = AppSettings {
            attachment_scanner: scanner.clone(),
            ..AppSettings::default()
        };
        let w = world_with(&t, Clock::fixed(now()), settings).await;
        let p = registered(&w).await;
        let docs = w.app.documents();

        // The offender manager attaches a letter with the chronology.
        let letter = docs
            .attach_document(
                &w.om,
                p,
                &upload("chronology", "Housing letter", "C:\\tmp\\housing.pdf", PDF),
            )
            .await
            .unwrap();
        assert_eq!(
            last_audit(&t.db).await.reason,
            "attached a document",
            "{}",
            t.label
        );
        // The police officer files an intelligence report.
        let report = docs
            .attach_document(
                &w.ppo,
                p,
                &upload(
                    "intelligence",
                    "Intelligence report",
                    "report.txt",
                    b"Graded B2.",
                ),
            )
            .await
            .unwrap();

        // An EICAR test file is refused by the scanner, audited, and not kept.
        let e = docs
            .attach_document(
                &w.om,
                p,
                &upload("chronology", "Notes", "notes.txt", EICAR.as_bytes()),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            [("file".to_string(), "infected")],
            "{}",
            t.label
        );
        let refused = last_audit(&t.db).await;
        assert_eq!(
            (refused.kind.as_str(), refused.reason.as_str()),
            (
                "denied",
                "refused a document: the virus scanner found malware in it"
            ),
            "{}",
            t.label
        );

        // The offender manager sees her letter, not the intelligence report, nor a hint.
        let om_page = docs.documents_page(&w.om, p).await.unwrap();
        let titles: Vec<&str> = om_page.documents.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["Housing letter"], "{}", t.label);
        assert!(!om_page
            .may_attach_to
            .contains(&concord_authz::Section::Intelligence));
        let opened = docs.open_document(&w.om, p, letter).await.unwrap();
        assert_eq!(
            (
                opened.file_name.as_str(),
                opened.media_type.as_str(),
                opened.content.as_slice()
            ),
            ("housing.pdf", "application/pdf", PDF),
            "{}",
            t.label
        );
        assert_eq!(
            last_audit(&t.db).await.reason,
            "opened a document",
            "{}",
            t.label
        );
        let e = docs.open_document(&w.om, p, report).await.unwrap_err();
        assert!(
            matches!(e, AppError::Denied { conceal: true, .. }),
            "{}: answered as not found: {e:?}",
            t.label
        );
        assert_eq!(last_audit(&t.db).await.outcome, "denied", "{}", t.label);

        // The police officer sees both.
        let ppo_page = docs.documents_page(&w.ppo, p).await.unwrap();
        assert_eq!(ppo_page.documents.len(), 2, "{}", t.label);
        let text = docs.open_document(&w.ppo, p, report).await.unwrap();
        assert_eq!(text.content, b"Graded B2.", "{}", t.label);
        assert_eq!(text.media_type, "text/plain; charset=utf-8", "{}", t.label);

        // Another person's id with this document: not found.
        let other = w
            .app
            .people()
            .register_person(&w.om, &person("Ann", "Other", ymd(1990, 1, 1)))
            .await
            .unwrap();
        assert!(matches!(
            docs.open_document(&w.om, other, letter).await,
            Err(AppError::NotFound)
        ));
        assert_chain_intact(&w).await;
    }
}
