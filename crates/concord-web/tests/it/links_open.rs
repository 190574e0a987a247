//! Issue 24: a page offers only what its viewer can open. Every demo account opens Mr D's
//! record (where it may) and each tab the record offers, and then follows every link
//! those pages and the service navigation give it: none may answer "Page not found" or
//! "You cannot see this". A tab a partner cannot open, a link to the victims page for an
//! officer who may not read victims, a training page offered to every account: each was
//! a dead end a practitioner met. And none of those pages may show a stored code
//! (`home_visit`), a template's placeholder or a date as the database writes it.

use std::collections::BTreeSet;

use concord_demo::DEMO_PASSWORD;

use crate::need_to_know::{demo_web, mr_d};

/// The site's own links on a page (`href="/…"`), without fragments; sign-out and
/// downloads that are not pages are left out.
fn links(body: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = body;
    while let Some(at) = rest.find("href=\"/") {
        rest = &rest[at + "href=\"".len()..];
        let Some(end) = rest.find('"') else { break };
        let link = rest[..end].replace("&amp;", "&");
        let link = link.split('#').next().unwrap_or_default().to_string();
        let skip = link.starts_with("/assets")
            || link.starts_with("/static")
            || link == "/sign-out"
            || link.is_empty();
        if !skip {
            out.insert(link);
        }
    }
    out
}

/// The words a reader sees on an HTML page: tags, scripts, styles and typed-in text
/// areas removed.
fn visible_text(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let skip_to = ["script", "style", "textarea"]
            .into_iter()
            .find(|t| rest.starts_with(&format!("<{t}")))
            .map(|t| format!("</{t}>"));
        let end = match skip_to {
            Some(close) => rest.find(&close).map(|i| i + close.len()),
            None => rest.find('>').map(|i| i + 1),
        };
        let Some(end) = end else { break };
        out.push(' ');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// What a practitioner should never read on a page: a stored code (`home_visit`), a
/// template's placeholder (`{description}`), or a date as the database writes it.
fn internal_values(text: &str) -> Vec<String> {
    let mut found = vec![];
    for word in text.split(|c: char| {
        !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '{' || c == '}')
    }) {
        let w = word.trim_matches('-');
        let code = w.contains('_')
            && !w.starts_with('_')
            && !w.ends_with('_')
            && w.starts_with(|c: char| c.is_ascii_lowercase())
            && w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        // A stored enum in capitals ("NOT_APPLICABLE", "IN_PROGRESS").
        let shouted = w.contains('_')
            && !w.starts_with('_')
            && !w.ends_with('_')
            && w.starts_with(|c: char| c.is_ascii_uppercase())
            && w.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        let placeholder = w.starts_with('{')
            && w.ends_with('}')
            && w.len() > 2
            && w[1..w.len() - 1]
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_');
        let b = w.as_bytes();
        let iso_date = b.len() >= 10
            && b[..10].iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if code || shouted || placeholder || iso_date {
            found.push(w.to_string());
        }
    }
    found
}

#[tokio::test]
async fn every_link_a_page_offers_opens_for_its_viewer() {
    for db in concord_testkit::databases().await {
        let label = db.label;
        let web = demo_web(db).await;
        let d = mr_d(&web).await;
        let record = format!("/persons/{}", d.0);
        let accounts = web.app.accounts().users().await.unwrap();
        let mut dead = vec![];
        let mut followed = 0usize;
        let mut internal = vec![];
        for account in &accounts {
            let mut c = web.client();
            if c.sign_in_with(&account.username, DEMO_PASSWORD)
                .await
                .status
                != 303
            {
                continue;
            }
            let home = c.get("/").await;

            let mut offered: BTreeSet<String> = links(&home.body);
            let opened = c.get(&record).await;
            if opened.status == 200 {
                let tabs: Vec<String> = links(&opened.body)
                    .into_iter()
                    .filter(|l| l.starts_with(&record) && !l.contains('?'))
                    .collect();
                offered.extend(links(&opened.body));
                for tab in tabs {
                    let page = c.get(&tab).await;
                    if page.status == 200 {
                        offered.extend(links(&page.body));
                    }
                }
            }
            for link in offered {
                let page = c.get(&link).await;
                followed += 1;
                let status = page.status.as_u16();
                if status == 404 || status == 403 || status >= 500 {
                    dead.push(format!("{} → {link}: {status}", account.username));
                }
                let html = page
                    .headers
                    .get("content-type")
                    .is_some_and(|v| v.to_str().unwrap_or_default().starts_with("text/html"));
                if status == 200 && html {
                    for value in internal_values(&visible_text(&page.body)) {
                        internal.push(format!("{} → {link}: {value}", account.username));
                    }
                }
            }
        }
        assert!(
            dead.is_empty(),
            "{label}: {} links offered that do not open:\n{}",
            dead.len(),
            dead.join("\n")
        );
        assert!(followed > 200, "{label}: only {followed} links followed");
        internal.sort();
        internal.dedup();
        assert!(
            internal.is_empty(),
            "{label}: {} pages show internal values:\n{}",
            internal.len(),
            internal.join("\n")
        );
        web.finish().await;
    }
}

/// Issue 24: the recall form starts from the MAPPA level he is managed at (Mr D: level 2).
#[tokio::test]
async fn the_recall_form_and_the_licence_print_fill_in_what_the_record_knows() {
    for db in concord_testkit::databases().await {
        let label = db.label;
        let web = demo_web(db).await;
        let d = mr_d(&web).await;
        let mut om = web.client();
        assert_eq!(
            om.sign_in_with("om.chelmsford", DEMO_PASSWORD).await.status,
            303
        );
        let page = om.get(&format!("/persons/{}/compliance", d.0)).await;
        assert_eq!(page.status, 200, "{label}");
        let select = page
            .body
            .split("name=\"mappa_level\"")
            .nth(1)
            .and_then(|rest| rest.split("</select>").next())
            .unwrap_or_default();
        assert!(
            select.contains("<option value=\"2\" selected>"),
            "{label}: {select}"
        );
        web.finish().await;
    }
}
