//! Issue 24 item 4: every tab of a record opens with its key facts — RoSH, tier, MAPPA —
//! as far as the viewer may read them. The offender manager sees Mr D's high RoSH and
//! Level 2 on his Licence and Compliance tabs; a partner who reaches only some sections
//! is shown none of the risk facts, not even that there are some.

use crate::need_to_know::{demo_web, mr_d, signed_in};

/// The key facts band of a page, as text; empty when the page has none.
fn band(body: &str) -> String {
    let Some(start) = body.find("<dl class=\"concord-key-facts\"") else {
        return String::new();
    };
    let end = body[start..]
        .find("</dl>")
        .map_or(body.len(), |e| start + e);
    let mut text = String::new();
    let mut inside_tag = false;
    for c in body[start..end].chars() {
        match c {
            '<' => inside_tag = true,
            '>' => {
                inside_tag = false;
                text.push(' ');
            }
            _ if !inside_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn each_tab_shows_the_key_facts_its_viewer_may_read() {
    for db in concord_testkit::databases().await {
        let label = db.label;
        let web = demo_web(db).await;
        let d = mr_d(&web).await;
        let mut om = signed_in(&web, "om.chelmsford").await;
        for tab in [
            "",
            "/chronology",
            "/licence",
            "/compliance",
            "/zones",
            "/mappa",
            "/risk",
        ] {
            let r = om.get(&format!("/persons/{d}{tab}")).await;
            assert_eq!(r.status, 200, "{label}: {tab}");
            let facts = band(&r.body);
            assert!(
                facts.contains("Risk of serious harm High")
                    && facts.contains("Tier")
                    && facts.contains("MAPPA Category 2, Level 2"),
                "{label}: the offender manager's {tab:?} tab shows: {facts:?}"
            );
        }

        // The Jobcentre reaches Mr D's offences and markers by a share: no risk section,
        // no case management, so no band at all.
        let mut jobcentre = signed_in(&web, "jobcentre.adviser").await;
        let r = jobcentre.get(&format!("/persons/{d}")).await;
        assert_eq!(r.status, 200, "{label}: the Jobcentre opens the record");
        assert_eq!(band(&r.body), "", "{label}: the Jobcentre's record page");
        assert!(!r.body.contains("Risk of serious harm"), "{label}");
    }
}
