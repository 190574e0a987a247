//! MAPPA pages: the case page (as the offender manager and as the coordinator, who may
//! review it), the meeting page, and the meetings list refused to an offender manager.

use super::fixture::case;
use super::Shots;
use crate::client::TestWeb;

#[tokio::test]
async fn mappa_pages_html() {
    let mut shots = Shots::default();
    for t in TestWeb::all().await {
        shots.engine(t.label());
        let case = case(&t).await;
        let red = &case.redactor;
        let mut om = t.client();
        om.sign_in("om.one").await;
        let mut coordinator = t.client();
        coordinator.sign_in("mappa.one").await;

        let path = format!("/persons/{}/mappa", case.person);
        let r = om.get(&path).await;
        shots.take(
            "page_mappa_case_om",
            red.page(&format!("GET {path} (om.one)"), &r),
        );
        let r = coordinator.get(&path).await;
        shots.take(
            "page_mappa_case_coordinator",
            red.page(&format!("GET {path} (mappa.one)"), &r),
        );

        let path = format!("/mappa/meetings/{}", case.meeting);
        let r = coordinator.get(&path).await;
        shots.take(
            "page_mappa_meeting_coordinator",
            red.page(&format!("GET {path} (mappa.one)"), &r),
        );
        let r = om.get("/mappa/meetings").await;
        shots.take(
            "page_mappa_meetings_forbidden",
            red.page("GET /mappa/meetings (om.one)", &r),
        );
        t.finish().await;
    }
    shots.check();
}
