//! A DASH checklist completed in the browser, its victim answers restricted.

use axum::http::{Method, StatusCode};

use super::{dean, token};
use crate::client::TestWeb;

#[tokio::test]
async fn a_dash_checklist_is_completed_in_the_browser_and_its_victim_answers_stay_restricted() {
    for t in TestWeb::all().await {
        let person = t.person(dean()).await;
        t.app
            .accounts()
            .add_agency(
                "POL",
                "Essex Police",
                concord_domain::AgencyKind::Police,
                "Essex",
            )
            .await
            .unwrap();
        t.add_staff("da.one", "Dana Hill", "POL", "domestic_abuse_officer")
            .await;
        let om = t.app.accounts().actor_for_username("om.one").await.unwrap();
        let da = t.app.accounts().actor_for_username("da.one").await.unwrap();
        t.app
            .people()
            .allocate(&om, person, da.user_id, "Domestic abuse officer")
            .await
            .unwrap();

        // The offender manager is not offered the checklist (it needs the victim section).
        let mut c = t.client();
        c.sign_in("om.one").await;
        let risk = c.get(&format!("/persons/{person}/risk")).await;
        assert!(
            !risk.body.contains("Complete the Police DASH"),
            "{}",
            t.label()
        );

        let mut c = t.client();
        c.sign_in("da.one").await;
        let risk = c.get(&format!("/persons/{person}/risk")).await;
        assert!(
            risk.body
                .contains("Complete the Police DASH (27 questions)"),
            "{}",
            t.label()
        );
        let form = c
            .get(&format!("/persons/{person}/dash/new?version=police"))
            .await;
        assert_eq!(form.status, StatusCode::OK, "{}", t.label());
        assert!(
            form.body
                .contains("27. Do you know if the abuser has ever been in trouble with the police"),
            "{}",
            t.label()
        );
        let csrf = form.csrf();
        let answers: Vec<(String, String)> = (1..=27)
            .map(|id| {
                (
                    format!("q{id}"),
                    if id <= 14 { "yes" } else { "no" }.to_string(),
                )
            })
            .collect();
        let mut fields: Vec<(&str, &str)> = answers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        fields.extend([
            ("csrf_token", csrf.as_str()),
            ("version", "police"),
            ("victim", "Victim A, ref DA/26/0412"),
        ]);

        // Lowering the level by judgement and an unanswered question: 422, both named.
        let mut bad: Vec<(&str, &str)> = fields
            .iter()
            .copied()
            .filter(|(k, _)| *k != "q20")
            .collect();
        bad.push(("professional_judgement", "medium"));
        let refused = c.post_form(&format!("/persons/{person}/dash"), &bad).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            t.label()
        );
        for text in [
            "Answer question 20: yes, no or don",
            "Professional judgement may raise the level but never lower it",
        ] {
            assert!(refused.body.contains(text), "{}: {text}", t.label());
        }

        let done = c
            .post_form(&format!("/persons/{person}/dash"), &fields)
            .await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            t.label(),
            done.body
        );
        let page = c.get(done.location()).await;
        for text in [
            "Refer this case to MARAC now",
            "visible high risk (14 or more",
            "Victim A, ref DA/26/0412",
        ] {
            assert!(page.body.contains(text), "{}: {text}", t.label());
        }

        // The offender manager sees the level and the prompt, not the victim.
        let mut c = t.client();
        c.sign_in("om.one").await;
        let page = c.get(done.location()).await;
        assert_eq!(page.status, StatusCode::OK, "{}", t.label());
        assert!(
            page.body.contains("Refer this case to MARAC now"),
            "{}",
            t.label()
        );
        assert!(
            page.body.contains("id=\"victim-restricted\""),
            "{}",
            t.label()
        );
        assert!(!page.body.contains("DA/26/0412"), "{}", t.label());
        let risk = c.get(&format!("/persons/{person}/risk")).await;
        assert!(
            risk.body.contains("Refer the case to MARAC"),
            "{}",
            t.label()
        );

        // The API gives the same split: the officer sees the victim, the offender manager
        // the level and the criteria with her answers withheld.
        for (username, sees_victim) in [("da.one", true), ("om.one", false)] {
            let mut c = t.client();
            let tok = token(&mut c, username).await;
            let bearer = format!("Bearer {tok}");
            let r = c
                .send(
                    Method::GET,
                    &format!("/api/v1/persons/{person}/dash-checklists"),
                    None,
                    String::new(),
                    &[("authorization", bearer.as_str())],
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}: {}", t.label(), r.body);
            let list = r.json();
            let d = &list[0];
            assert_eq!(d["level"], "HIGH", "{}", t.label());
            assert_eq!(d["marac_criteria"][0], "VISIBLE_HIGH_RISK", "{}", t.label());
            assert_eq!(
                d["victim"].is_string(),
                sees_victim,
                "{}: {username}",
                t.label()
            );
            assert_eq!(
                d["answers"][0]["answer"].is_string(),
                sees_victim,
                "{}: {username}",
                t.label()
            );
            assert_eq!(
                d["answers"][7]["answer"],
                "YES",
                "{}: question 8 is the abuser's behaviour",
                t.label()
            );
        }

        // A partner is refused the checklist.
        let mut c = t.client();
        c.sign_in("housing.one").await;
        let page = c.get(done.location()).await;
        assert!(
            page.status == StatusCode::NOT_FOUND || page.status == StatusCode::FORBIDDEN,
            "{}: {}",
            t.label(),
            page.status
        );
    }
}
