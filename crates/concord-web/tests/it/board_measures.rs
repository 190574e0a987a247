//! The board's measures over HTTP: the page and its downloads for the board, bad
//! parameters named (never a 500), and the import for the performance officer only —
//! all or nothing, with every bad line on the page.

use axum::http::{header, StatusCode};

use crate::TestWeb;

const HEADER: &str = "measure,area,period_start,period_end,numerator,denominator\n";

#[tokio::test]
async fn the_board_reads_the_measures_and_only_the_performance_officer_imports() {
    for t in TestWeb::all().await {
        let l = t.label();
        t.add_staff("lcjb.perf", "Test perf", "PROB", "lcjb_performance_officer")
            .await;
        let mut board = t.client();
        board.sign_in("board.one").await;
        assert!(
            board
                .get("/board")
                .await
                .body
                .contains("href=\"/board/measures\""),
            "{l}"
        );
        let page = board.get("/board/measures").await;
        assert_eq!(page.status, StatusCode::OK, "{l}: {}", page.body);
        for expected in [
            "Offences brought to justice",
            "Jan to Mar 2025",
            "<svg",
            "no figure from HM Courts and Tribunals Service",
            "Everyone adopted",
        ] {
            assert!(page.body.contains(expected), "{l}: {expected}");
        }
        assert!(
            !page.body.contains("/board/measures/import"),
            "{l}: no import link for the board"
        );
        let csv = board
            .get("/board/measures?table=reoffending&format=csv")
            .await;
        assert_eq!(
            csv.headers[header::CONTENT_TYPE],
            "text/csv; charset=utf-8",
            "{l}"
        );
        assert!(
            csv.body
                .starts_with("Index disposal,Offenders,Reoffenders,"),
            "{l}: {}",
            csv.body
        );
        // Bad parameters are named with a 4xx, never a 500.
        for (query, named) in [
            ("format=pdf", "format"),
            ("table=people", "table"),
            ("cohort=last-year", "cohort"),
            ("cohort=2026-07-01&table=reoffending&format=csv", "cohort"),
            ("quarters=99", "quarters"),
        ] {
            let r = board.get(&format!("/board/measures?{query}")).await;
            assert!(r.status.is_client_error(), "{l}: {query}: {}", r.status);
            assert!(
                r.body.contains(named) || r.body.contains("Choose 4 to 12"),
                "{l}: {query}: {}",
                r.body
            );
        }
        // A cohort not yet measurable is explained on the page, with when it will be.
        let early = board.get("/board/measures?cohort=2026-07-01").await;
        assert!(
            early.body.contains("can be measured from 31 March 2028"),
            "{l}"
        );
        // The board may not import, nor see the form.
        assert_eq!(
            board.get("/board/measures/import").await.status,
            StatusCode::FORBIDDEN,
            "{l}"
        );

        let mut perf = t.client();
        perf.sign_in("lcjb.perf").await;
        let form = perf.get("/board/measures/import").await;
        assert_eq!(form.status, StatusCode::OK, "{l}");
        let csrf = form.csrf();
        let bad = format!("{HEADER}ineffective_trials,Essex,2026-07-01,2026-09-30,90,80\nwarrants,Essex,2026-07-01,2026-09-30,1,\n");
        let r = perf
            .post_form(
                "/board/measures/import",
                &[("csrf_token", &csrf), ("file", &bad)],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{l}");
        assert!(
            r.body
                .contains("line 2, numerator: 90 is more than the denominator 80"),
            "{l}: {}",
            r.body
        );
        assert!(r.body.contains("line 3, measure"), "{l}");
        let good = format!("{HEADER}ineffective_trials,Essex,2026-07-01,2026-09-30,12,80\nfta_warrants_outstanding,Essex,2026-07-01,2026-09-30,41,\n");
        let r = perf
            .post_form(
                "/board/measures/import",
                &[("csrf_token", &csrf), ("file", &good)],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{l}: {}", r.body);
        let page = board.get("/board/measures").await;
        assert!(
            page.body.contains("15.0%") && page.body.contains(">41<"),
            "{l}"
        );
        let board_csrf = board.get("/board").await.csrf();
        let r = board
            .post_form(
                "/board/measures/import",
                &[("csrf_token", &board_csrf), ("file", &good)],
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{l}");
    }
}
