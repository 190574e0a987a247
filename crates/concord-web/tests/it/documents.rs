//! The Documents tab over HTTP, on the demo with the tests' real ClamAV: the offender
//! manager lists and opens Mr D's placement letter but not the police's intelligence
//! report (whose address answers 404, audited); an upload is a multipart form whose
//! token is checked, an infected file is refused by name at 422 and kept nowhere, a good
//! one is attached and comes back as a download that no browser will run.

use crate::need_to_know::{demo_web, mr_d, signed_in};

const EICAR: &str = r"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

fn clamd_configured() -> bool {
    match std::env::var("CONCORD_TEST_CLAMD") {
        Ok(url) if !url.is_empty() => true,
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("CONCORD_TEST_CLAMD is required in CI: scripts/test starts clamd")
        }
        _ => {
            eprintln!("skipped: no virus scanner (set CONCORD_TEST_CLAMD)");
            false
        }
    }
}

/// The first link on the page whose text is `title`.
fn href_of(body: &str, title: &str) -> Option<String> {
    let at = body.find(&format!("download>{title}<"))?;
    let start = body[..at].rfind("href=\"")? + 6;
    Some(body[start..at].split('"').next()?.to_string())
}

#[tokio::test]
async fn documents_are_listed_opened_and_attached_by_section() {
    if !clamd_configured() {
        return;
    }
    for db in concord_testkit::databases().await {
        let web = demo_web(db).await;
        let label = web.label();
        let d = mr_d(&web).await;
        let base = format!("/persons/{}/documents", d.0);

        let mut ppo = signed_in(&web, "ppo.chelmsford").await;
        let page = ppo.get(&base).await;
        let report = href_of(&page.body, "Intelligence report: associates in Chelmsford")
            .unwrap_or_else(|| panic!("{label}: the police officer sees the report"));

        let mut om = signed_in(&web, "om.chelmsford").await;
        let page = om.get(&base).await;
        assert_eq!(page.status, 200, "{label}");
        assert!(
            page.body.contains("Documents</a>"),
            "{label}: the tab is offered"
        );
        assert!(
            !page.body.contains("Intelligence report"),
            "{label}: not listed to her"
        );
        let letter = href_of(
            &page.body,
            "Placement letter from Braemar House approved premises",
        )
        .unwrap_or_else(|| panic!("{label}: the letter is listed"));
        let r = om.get(&letter).await;
        assert_eq!(r.status, 200, "{label}");
        assert!(r.body.starts_with("%PDF-1.4"), "{label}");
        let header = |name: &str| {
            r.headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        assert_eq!(header("content-type"), "application/pdf", "{label}");
        assert!(
            header("content-disposition")
                .starts_with("attachment; filename=\"Braemar House placement letter.pdf\""),
            "{label}"
        );
        assert!(
            header("content-disposition")
                .ends_with("; filename*=UTF-8''Braemar%20House%20placement%20letter.pdf"),
            "{label}"
        );
        assert_eq!(header("x-content-type-options"), "nosniff", "{label}");
        assert!(
            header("content-security-policy").starts_with("sandbox"),
            "{label}"
        );
        // The report's address: not found, and the attempt audited.
        assert_eq!(om.get(&report).await.status, 404, "{label}");

        // A post that is not the multipart form carries no token: refused.
        let refused = om.post_form(&base, &[("title", "x")]).await;
        assert_eq!(refused.status, 403, "{label}: {}", refused.status);

        // An infected file: 422, named, kept nowhere.
        let page = om.get(&base).await;
        let csrf = page.csrf();
        let r = om
            .post_multipart(
                &base,
                &[
                    ("csrf_token", &csrf),
                    ("title", "Notes"),
                    ("section", "chronology"),
                ],
                ("file", "notes.txt", EICAR),
            )
            .await;
        assert_eq!(r.status, 422, "{label}");
        assert!(
            r.body
                .contains("The virus scanner found Concord-Test-EICAR"),
            "{label}"
        );
        assert!(!om.get(&base).await.body.contains(">Notes<"), "{label}");

        // A good file: attached, listed, opened.
        let r = om
            .post_multipart(
                &base,
                &[
                    ("csrf_token", &csrf),
                    ("title", "Home visit notes"),
                    ("section", "chronology"),
                ],
                (
                    "file",
                    "visit.txt",
                    "Seen at the approved premises; room tidy.",
                ),
            )
            .await;
        assert_eq!(r.status, 303, "{label}: {}", r.body);
        let page = om.get(&base).await;
        let notes = href_of(&page.body, "Home visit notes").expect("listed");
        assert_eq!(
            om.get(&notes).await.body,
            "Seen at the approved premises; room tidy.",
            "{label}"
        );
        // A token from another session: refused.
        let r = ppo
            .post_multipart(
                &base,
                &[
                    ("csrf_token", &csrf),
                    ("title", "x"),
                    ("section", "chronology"),
                ],
                ("file", "a.txt", "a"),
            )
            .await;
        assert_eq!(r.status, 403, "{label}");
        web.finish().await;
    }
}
