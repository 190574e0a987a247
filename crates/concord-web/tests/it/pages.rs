use axum::http::StatusCode;

use crate::client::{alison_style_person, TestWeb};

#[tokio::test]
async fn signing_in_sets_a_strict_http_only_secure_session_cookie_and_lands_on_my_cases() {
    for t in TestWeb::all().await {
        let mut c = t.client();
        let root = c.get("/").await;
        assert_eq!(root.location(), "/sign-in", "{}", t.label());
        let page = c.get("/sign-in").await;
        assert!(page.body.contains("Sign in to Concord"));
        let csrf = page.csrf();
        let response = c
            .post_form(
                "/sign-in",
                &[
                    ("csrf_token", &csrf),
                    ("username", "om.one"),
                    ("password", crate::client::PASSWORD),
                    ("next", "/cases"),
                ],
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            response.body
        );
        assert_eq!(response.location(), "/cases");
        let cookie = response
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|c| c.starts_with("concord_session="))
            .unwrap();
        for attribute in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/"] {
            assert!(
                cookie.contains(attribute),
                "{}: cookie lacks {attribute}: {cookie}",
                t.label()
            );
        }
        let cases = c.get("/cases").await;
        assert_eq!(cases.status, StatusCode::OK);
        assert!(cases.body.contains("My cases"));
        assert!(
            cases.body.contains("Test om.one"),
            "signed-in user in the header"
        );
        assert_eq!(
            cases.body.matches("OFFICIAL-SENSITIVE").count(),
            3,
            "title, top and bottom markings"
        );
        let csp = cases
            .headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(csp.contains("default-src 'self'") && !csp.contains("unsafe-inline"));
        t.finish().await;
    }
}

#[tokio::test]
async fn a_wrong_password_shows_the_error_summary_and_no_session() {
    for t in TestWeb::all().await {
        let mut c = t.client();
        let csrf = c.get("/sign-in").await.csrf();
        let r = c
            .post_form(
                "/sign-in",
                &[
                    ("csrf_token", &csrf),
                    ("username", "om.one"),
                    ("password", "wrong password here"),
                    ("next", "/"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", t.label());
        assert!(
            r.body.contains("govuk-error-summary")
                && r.body.contains("Enter a correct username and password")
        );
        assert!(!c.has_cookie("concord_session"));
        t.finish().await;
    }
}

#[tokio::test]
async fn a_form_without_the_sessions_csrf_token_is_refused_and_nothing_changes() {
    for t in TestWeb::all().await {
        let id = t.person(alison_style_person()).await;
        let mut c = t.client();
        c.sign_in("om.one").await;
        let r = c
            .post_form(
                &format!("/persons/{id}/markers/new"),
                &[
                    ("csrf_token", "forged"),
                    ("kind", "violence"),
                    ("note", "x"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", t.label());
        // The refusal is audited, with the request it happened in.
        let request = r.headers["x-request-id"].to_str().unwrap().to_string();
        let (reason, request_id, outcome) = last_audit(&t).await;
        assert_eq!(outcome, "denied", "{}", t.label());
        assert!(reason.contains("CSRF"), "{}: {reason}", t.label());
        assert_eq!(
            request_id.as_deref(),
            Some(request.as_str()),
            "{}",
            t.label()
        );
        let record = c.get(&format!("/persons/{id}")).await;
        let (_, viewed_in, _) = last_audit(&t).await;
        assert_eq!(
            viewed_in.as_deref(),
            record.headers["x-request-id"].to_str().ok(),
            "{}: the consultation carries its request id",
            t.label()
        );
        assert!(
            !record.body.contains(">Violence<"),
            "{}: marker must not be saved",
            t.label()
        );
        let sign_in = c
            .post_form(
                "/sign-in",
                &[
                    ("csrf_token", "x"),
                    ("username", "om.one"),
                    ("password", crate::client::PASSWORD),
                ],
            )
            .await;
        assert_eq!(
            sign_in.status,
            StatusCode::FORBIDDEN,
            "sign-in needs its double-submit token"
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn pages_need_a_session_and_come_back_after_signing_in() {
    for t in TestWeb::all().await {
        let mut c = t.client();
        let r = c.get("/search?q=smith").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(
            r.location(),
            "/sign-in?next=/search%3Fq%3Dsmith",
            "{}",
            t.label()
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn searching_opens_the_record_with_markers_chronology_and_history() {
    for t in TestWeb::all().await {
        let id = t.person(alison_style_person()).await;
        let mut c = t.client();
        c.sign_in("om.one").await;
        let results = c.get("/search?q=01%2F123456f").await;
        assert_eq!(results.status, StatusCode::OK, "{}", t.label());
        assert!(
            results.body.contains("Daniel Downing"),
            "{}: {}",
            t.label(),
            results.body
        );
        assert!(
            results.body.contains("PNC ID 2001/0123456F"),
            "the reason is shown"
        );
        let by_name = c.get("/search?q=DOWN").await;
        assert!(
            by_name.body.contains("Name matches “downing”"),
            "{}",
            t.label()
        );
        let record = c.get(&format!("/persons/{id}")).await;
        assert_eq!(record.status, StatusCode::OK);
        assert!(record
            .body
            .contains("<h1 class=\"govuk-heading-l\">Daniel Downing</h1>"));
        assert!(
            record.body.contains("Weapons") && record.body.contains("Used a knife"),
            "markers shown prominently"
        );
        let chronology = c.get(&format!("/persons/{id}/chronology")).await;
        assert!(
            chronology.body.contains("moj-timeline")
                && chronology.body.contains("Police monitoring visit")
        );
        let filtered = c
            .get(&format!("/persons/{id}/chronology?type=address_change"))
            .await;
        assert!(
            !filtered.body.contains("Police monitoring visit")
                && filtered.body.contains("Moved to Chelmsford"),
            "{}",
            t.label()
        );
        let cases = c.get("/cases?sort=dob&order=desc&marker=weapons").await;
        assert!(cases.body.contains("Daniel Downing"));
        assert!(
            cases.body.contains("Licence ends: 9 January 2027"),
            "{}: the next key date is shown",
            t.label()
        );
        let none = c.get("/cases?marker=self_harm").await;
        assert!(none.body.contains("No cases match these filters"));
        t.finish().await;
    }
}

#[tokio::test]
async fn editing_an_address_shows_field_errors_then_saves_and_keeps_history() {
    for t in TestWeb::all().await {
        let id = t.person(alison_style_person()).await;
        let mut c = t.client();
        c.sign_in("om.one").await;
        let record = c.get(&format!("/persons/{id}")).await;
        let edit_href = record
            .body
            .split("href=\"")
            .find(|s| s.contains("/addresses/") && s.contains("/edit"))
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let form = c.get(&edit_href).await;
        assert!(
            form.body.contains("Address line 1") && form.body.contains("value=\"1 Hostel Road\""),
            "{}",
            t.label()
        );
        let csrf = form.csrf();
        let version = form
            .body
            .split("name=\"version\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let mut fields = vec![
            ("csrf_token", csrf.as_str()),
            ("version", version.as_str()),
            ("kind", "home"),
            ("line1", "12 Duke Street"),
            ("line2", ""),
            ("town", "Chelmsford"),
            ("postcode", "NOT A POSTCODE"),
            ("from_date-day", "31"),
            ("from_date-month", "2"),
            ("from_date-year", "2026"),
            ("to_date-day", ""),
            ("to_date-month", ""),
            ("to_date-year", ""),
        ];
        let bad = c.post_form(&edit_href, &fields).await;
        assert_eq!(
            bad.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        assert!(bad.body.contains("govuk-error-summary"));
        assert!(
            bad.body.contains("href=\"#postcode\""),
            "summary links to the postcode"
        );
        assert!(
            bad.body.contains("href=\"#from_date-day\""),
            "31 February is reported on the date"
        );
        assert!(
            bad.body.contains("value=\"12 Duke Street\""),
            "what was typed is kept"
        );
        fields[6] = ("postcode", "cm1 1qh");
        fields[7] = ("from_date-day", "10");
        fields[8] = ("from_date-month", "1");
        let good = c.post_form(&edit_href, &fields).await;
        assert_eq!(
            good.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            good.body
        );
        let saved = c.get(good.location()).await;
        assert!(
            saved.body.contains("12 Duke Street")
                && saved.body.contains("CM1 1QH")
                && saved.body.contains("Address saved")
        );
        let history = c.get(&format!("/persons/{id}/history")).await;
        assert!(
            history.body.contains("Address changed")
                && history.body.contains("1 Hostel Road")
                && history.body.contains("12 Duke Street"),
            "{}",
            t.label()
        );
        assert!(
            history.body.contains("Consultation"),
            "who looked is listed"
        );
        let stale = c.post_form(&edit_href, &fields).await;
        assert_eq!(
            stale.status,
            StatusCode::CONFLICT,
            "{}: a stale form is refused",
            t.label()
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn registering_a_person_with_bad_input_saves_nothing_and_names_each_field() {
    for t in TestWeb::all().await {
        let mut c = t.client();
        c.sign_in("om.one").await;
        let csrf = c.get("/persons/new").await.csrf();
        let long = "x".repeat(300);
        let r = c
            .post_form(
                "/persons/new",
                &[
                    ("csrf_token", &csrf),
                    ("given_name", &long),
                    ("family_name", ""),
                    ("date_of_birth-day", "1"),
                    ("date_of_birth-month", "1"),
                    ("date_of_birth-year", "2099"),
                    ("gender", "male"),
                    ("pnc", "2001/0123456Z"),
                    ("crn", "X12"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", t.label());
        for anchor in [
            "#given_name",
            "#family_name",
            "#date_of_birth-day",
            "#pnc",
            "#crn",
        ] {
            assert!(
                r.body.contains(&format!("href=\"{anchor}\"")),
                "{}: error summary lacks {anchor}",
                t.label()
            );
        }
        let search = c.get("/search?q=X12").await;
        assert!(!search.body.contains("/persons/0"), "nothing saved");
        let csrf = c.get("/persons/new").await.csrf();
        let ok = c
            .post_form(
                "/persons/new",
                &[
                    ("csrf_token", &csrf),
                    ("given_name", "Zoë"),
                    ("family_name", "O'Brien-Smith"),
                    ("date_of_birth-day", "3"),
                    ("date_of_birth-month", "2"),
                    ("date_of_birth-year", "1990"),
                    ("gender", "female"),
                    ("nino", "ab 12 34 56 c"),
                ],
            )
            .await;
        assert_eq!(
            ok.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            ok.body
        );
        let found = c.get("/search?q=zoe+brien").await;
        assert!(
            found.body.contains("Zoë O&#x27;Brien-Smith")
                || found.body.contains("Zoë O&#39;Brien-Smith"),
            "{}: {}",
            t.label(),
            found.body
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn unknown_pages_and_malformed_ids_are_a_proper_404_page() {
    for t in TestWeb::all().await {
        let mut c = t.client();
        c.sign_in("om.one").await;
        for path in [
            "/no-such-page",
            "/persons/not-a-uuid",
            "/persons/0190c8a4-0000-7000-8000-000000000000",
            "/persons/0190c8a4-0000-7000-8000-000000000000/widgets/new",
        ] {
            let r = c.get(path).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{}: {path}", t.label());
            assert!(r.body.contains("Page not found"), "{path}");
        }
        t.finish().await;
    }
}

#[tokio::test]
async fn a_partner_caseworker_cannot_tell_that_a_record_exists_and_the_attempt_is_audited() {
    for t in TestWeb::all().await {
        let id = t.person(alison_style_person()).await;
        let mut c = t.client();
        c.sign_in("housing.one").await;
        let r = c.get(&format!("/persons/{id}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", t.label());
        t.app.settle_audit().await.unwrap();
        let mut tx = t.app.db().begin().await.unwrap();
        let denied: (i64,) = match &mut tx {
            concord_store::Tx::Sqlite(c) => sqlx_count(&mut **c).await,
            concord_store::Tx::Postgres(c) => sqlx_count(&mut **c).await,
        };
        assert_eq!(
            denied.0,
            1,
            "{}: the denied attempt is in the audit chain",
            t.label()
        );
        let status = concord_store::audit::verify(&mut tx).await.unwrap();
        tx.rollback().await.unwrap();
        assert!(
            matches!(status, concord_store::audit::ChainStatus::Intact { .. }),
            "{}: {status:?}",
            t.label()
        );
        let mut board = t.client();
        board.sign_in("board.one").await;
        assert_eq!(
            board.get("/search?q=downing").await.status,
            StatusCode::FORBIDDEN,
            "{}: board members never see names",
            t.label()
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    for t in TestWeb::all().await {
        let mut c = t.client();
        c.sign_in("om.one").await;
        let csrf = c.get("/cases").await.csrf();
        let out = c.post_form("/sign-out", &[("csrf_token", &csrf)]).await;
        assert_eq!(out.location(), "/sign-in", "{}", t.label());
        assert_eq!(c.get("/cases").await.status, StatusCode::SEE_OTHER);
        t.finish().await;
    }
}

#[tokio::test]
async fn assets_are_served_with_an_etag_and_revalidated() {
    for t in TestWeb::all().await {
        let mut c = t.client();
        let css = c.get("/assets/govuk-frontend.min.css").await;
        assert_eq!(css.status, StatusCode::OK, "{}", t.label());
        assert!(css
            .headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/css"));
        let etag = css
            .headers
            .get("etag")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let again = c
            .send(
                axum::http::Method::GET,
                "/assets/govuk-frontend.min.css",
                None,
                String::new(),
                &[("if-none-match", &etag)],
            )
            .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert_eq!(
            c.get("/assets/nope.css").await.status,
            StatusCode::NOT_FOUND
        );
        t.finish().await;
    }
}

/// The newest audit event: (reason, request id, outcome).
async fn last_audit(t: &TestWeb) -> (String, Option<String>, String) {
    concord_store::audit::seal(t.app.db(), i64::MAX)
        .await
        .expect("seal the waiting audit events");
    let sql = "SELECT reason, request_id, outcome FROM audit_event ORDER BY seq DESC LIMIT 1";
    match t.app.db() {
        concord_store::Db::Sqlite(pool) => sqlx::query_as(sql).fetch_one(pool).await.unwrap(),
        concord_store::Db::Postgres(pool) => sqlx::query_as(sql).fetch_one(pool).await.unwrap(),
    }
}

async fn sqlx_count<'c, E: sqlx::Executor<'c>>(c: E) -> (i64,)
where
    for<'r> (i64,): sqlx::FromRow<'r, <E::Database as sqlx::Database>::Row>,
    for<'q> <E::Database as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, E::Database>,
{
    sqlx::query_as("SELECT COUNT(*) FROM audit_event WHERE kind = 'denied'")
        .fetch_one(c)
        .await
        .unwrap()
}
