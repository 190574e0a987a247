//! The sharing form must not tell anyone which usernames exist (issue 16): a reader of a
//! record who may not share it posted the form naming a username, and a 422 "There is no
//! active user" for made-up names against a refusal for real ones told them which
//! accounts exist. Whoever may not share now gets one answer, whatever name they type.

use axum::http::StatusCode;

use crate::client::{alison_style_person, Client, TestWeb};

/// The page without what differs from one response to the next (request ids, tokens).
fn without_tokens(body: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in body.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_hexdigit() {
            run.push(c);
            continue;
        }
        if run.len() < 16 {
            out.push_str(&run);
        }
        run.clear();
        out.push(c);
    }
    out
}

async fn share_to_user(c: &mut Client, person: &str, csrf: &str, username: &str) -> (u16, String) {
    let r = c
        .post_form(
            &format!("/persons/{person}/shares/new"),
            &[
                ("csrf_token", csrf),
                ("sections.addresses", "yes"),
                ("recipient_kind", "user"),
                ("recipient", username),
                ("purpose", "probe"),
                ("expires_on-day", "31"),
                ("expires_on-month", "1"),
                ("expires_on-year", "2027"),
            ],
        )
        .await;
    (r.status.as_u16(), without_tokens(&r.body))
}

#[tokio::test]
async fn a_reader_who_may_not_share_gets_the_same_answer_for_a_real_and_a_made_up_username() {
    for t in TestWeb::all().await {
        let label = t.label();
        let person = t.person(alison_style_person()).await.0.to_string();
        // The offender manager shares the addresses with the housing agency: its
        // caseworker now reads the record, but only the owning agency shares it.
        let mut om = t.client();
        om.sign_in("om.one").await;
        let csrf = om.get(&format!("/persons/{person}")).await.csrf();
        let r = om
            .post_form(
                &format!("/persons/{person}/shares/new"),
                &[
                    ("csrf_token", &csrf),
                    ("sections.addresses", "yes"),
                    ("recipient_kind", "agency"),
                    ("recipient", "HOUS"),
                    ("purpose", "rehousing on release"),
                    ("expires_on-day", "31"),
                    ("expires_on-month", "1"),
                    ("expires_on-year", "2027"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{label}: {}", r.body);

        let mut partner = t.client();
        partner.sign_in("housing.one").await;
        let page = partner.get(&format!("/persons/{person}")).await;
        assert_eq!(page.status, StatusCode::OK, "{label}: the share opened it");
        let csrf = page.csrf();
        let real = share_to_user(&mut partner, &person, &csrf, "board.one").await;
        let made_up = share_to_user(&mut partner, &person, &csrf, "no.such.person").await;
        assert!(
            real.0 == 403 || real.0 == 404,
            "{label}: a reader who may not share was not refused: {}",
            real.0
        );
        assert_eq!(real.0, made_up.0, "{label}: the status tells them apart");
        assert_eq!(real.1, made_up.1, "{label}: the page tells them apart");
        assert!(!made_up.1.contains("no.such.person"), "{label}");
        t.finish().await;
    }
}

#[tokio::test]
async fn the_owning_agency_is_told_plainly_when_the_recipient_is_not_an_active_user() {
    for t in TestWeb::all().await {
        let label = t.label();
        let person = t.person(alison_style_person()).await.0.to_string();
        let mut om = t.client();
        om.sign_in("om.one").await;
        let csrf = om.get(&format!("/persons/{person}")).await.csrf();
        let (status, body) = share_to_user(&mut om, &person, &csrf, "no.such.person").await;
        assert_eq!(status, 422, "{label}: {body}");
        assert!(body.contains("There is no active user"), "{label}: {body}");
        t.finish().await;
    }
}
