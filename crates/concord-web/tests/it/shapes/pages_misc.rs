//! The sign-in page, the caseload (offender manager and partner) and the 404 page.

use super::fixture::case;
use super::Shots;
use crate::client::TestWeb;

#[tokio::test]
async fn sign_in_caseload_and_not_found_pages_html() {
    let mut shots = Shots::default();
    for t in TestWeb::all().await {
        shots.engine(t.label());
        let case = case(&t).await;
        let red = &case.redactor;
        let mut anon = t.client();
        let r = anon.get("/sign-in").await;
        shots.take("page_sign_in", red.page("GET /sign-in", &r));
        let r = anon.get("/no-such-page").await;
        shots.take(
            "page_not_found_signed_out",
            red.page("GET /no-such-page (signed out)", &r),
        );

        let mut om = t.client();
        om.sign_in("om.one").await;
        let r = om.get("/cases").await;
        shots.take("page_caseload_om", red.page("GET /cases (om.one)", &r));
        let r = om.get("/no-such-page").await;
        shots.take(
            "page_not_found_om",
            red.page("GET /no-such-page (om.one)", &r),
        );

        let mut housing = t.client();
        housing.sign_in("housing.one").await;
        let r = housing.get("/cases").await;
        shots.take(
            "page_caseload_housing",
            red.page("GET /cases (housing.one)", &r),
        );
        t.finish().await;
    }
    shots.check();
}
