//! A case's key pages: the record (as its offender manager and as the housing partner it
//! is shared with), the signed risk review, the licence and the zones.

use super::fixture::case;
use super::Shots;
use crate::client::TestWeb;

#[tokio::test]
async fn case_pages_html() {
    let mut shots = Shots::default();
    for t in TestWeb::all().await {
        shots.engine(t.label());
        let case = case(&t).await;
        let red = &case.redactor;
        let person = case.person;
        let mut om = t.client();
        om.sign_in("om.one").await;
        let mut housing = t.client();
        housing.sign_in("housing.one").await;

        let path = format!("/persons/{person}");
        let r = om.get(&path).await;
        shots.take(
            "page_record_om",
            red.page(&format!("GET {path} (om.one)"), &r),
        );
        let r = housing.get(&path).await;
        shots.take(
            "page_record_housing",
            red.page(
                &format!("GET {path} (housing.one, shared markers and addresses)"),
                &r,
            ),
        );

        let path = format!("/persons/{person}/risk/{}", case.review);
        let r = om.get(&path).await;
        shots.take(
            "page_risk_review_om",
            red.page(&format!("GET {path} (om.one, signed)"), &r),
        );

        let path = format!("/persons/{person}/licence");
        let r = om.get(&path).await;
        shots.take(
            "page_licence_om",
            red.page(&format!("GET {path} (om.one)"), &r),
        );

        let path = format!("/persons/{person}/zones");
        let r = om.get(&path).await;
        shots.take(
            "page_zones_om",
            red.page(&format!("GET {path} (om.one)"), &r),
        );
        t.finish().await;
    }
    shots.check();
}
