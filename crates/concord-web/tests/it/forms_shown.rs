//! A form its submission would refuse is not shown: a board member asking for the
//! registration form, and a partner whose referral lets them read a record asking for its
//! forms, get a 403 page without the form; those who may submit get the form.

use axum::http::StatusCode;

use crate::client::alison_style_person;
use crate::TestWeb;

#[tokio::test]
async fn forms_refused_on_submit_are_not_shown() {
    for t in TestWeb::all().await {
        let id = t.person(alison_style_person()).await;
        let om = t.app.accounts().actor_for_username("om.one").await.unwrap();
        t.app
            .sharing()
            .open_referral(&om, id, "HOUS", "Housing support", &["identity".into()])
            .await
            .unwrap();

        let mut board = t.client();
        board.sign_in("board.one").await;
        let page = board.get("/persons/new").await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", t.label());
        assert!(!page.body.contains("Register person"), "{}", t.label());

        let mut housing = t.client();
        housing.sign_in("housing.one").await;
        for form in ["aliases/new", "identifiers/new", "details", "addresses/new"] {
            let page = housing.get(&format!("/persons/{}/{form}", id.0)).await;
            assert_eq!(
                page.status,
                StatusCode::FORBIDDEN,
                "{}: {form}: {}",
                t.label(),
                page.body.len()
            );
            assert!(
                !page
                    .body
                    .contains(&format!("action=\"/persons/{}/{form}\"", id.0)),
                "{}: {form}",
                t.label()
            );
        }

        let mut c = t.client();
        c.sign_in("om.one").await;
        assert_eq!(c.get("/persons/new").await.status, StatusCode::OK);
        for form in ["aliases/new", "identifiers/new", "details", "addresses/new"] {
            let page = c.get(&format!("/persons/{}/{form}", id.0)).await;
            assert_eq!(page.status, StatusCode::OK, "{}: {form}", t.label());
        }
        t.finish().await;
    }
}
