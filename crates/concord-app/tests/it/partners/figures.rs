//! The board's partner figures: a group of fewer referrals than the small-number threshold
//! is withheld in the table, the download and the charts; larger groups are shown.

use super::*;

#[tokio::test]
async fn small_groups_of_referrals_are_withheld_and_large_ones_shown() {
    for t in concord_testkit::databases().await {
        let p = partnered(&t).await;
        let l = t.label;
        let c = add(
            &p,
            &contract("DRG", "drug_and_alcohol", "ESX-DA-11", "Chelmsford"),
        )
        .await;
        for n in 0..3 {
            let person = client(&p.w, &format!("Client{}", char::from(b'a' + n))).await;
            sent(&p, person, c).await;
        }
        let f =
            p.w.app
                .partners()
                .partner_figures(&p.w.board)
                .await
                .unwrap();
        assert_eq!(f.threshold, 10, "{l}");
        assert!(f.rows.iter().all(|r| r.withheld) && f.total.withheld, "{l}");
        assert!(
            f.by_service.is_empty() && f.by_provider.is_empty(),
            "{l}: no bar for three people"
        );
        let csv = f.csv();
        let row = csv.lines().nth(1).unwrap();
        assert!(
            row.contains("withheld (fewer than 10)") && !row.contains(",3,"),
            "{l}: {row}"
        );

        // Ten referrals in the group: shown.
        for n in 3..10 {
            let person = client(&p.w, &format!("Client{}", char::from(b'a' + n))).await;
            sent(&p, person, c).await;
        }
        let f =
            p.w.app
                .partners()
                .partner_figures(&p.w.board)
                .await
                .unwrap();
        assert!(!f.total.withheld && f.total.sent == 10, "{l}");
        assert_eq!(
            f.by_service,
            vec![("Drug and alcohol services".to_string(), 10)],
            "{l}"
        );
        assert!(f.csv().lines().nth(1).unwrap().contains(",10,"), "{l}");
    }
}
