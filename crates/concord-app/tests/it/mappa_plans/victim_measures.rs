//! Victim measures, kept to the victim section.

use concord_app::*;

use super::{fields, mr_d};
use crate::support::*;

#[tokio::test]
async fn victim_measures_are_for_the_victim_section_only() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let d = mr_d(&w).await;
        let vlo = add_staff(
            &w,
            "vlo.kelly",
            "Bernadette Kelly",
            "PRB",
            "victim_liaison_officer",
        )
        .await;
        allocate(&w, &w.om, d, &vlo, "victim_liaison_officer").await;
        let victim = w
            .app
            .manage()
            .add_victim(
                &vlo,
                d,
                &VictimForm {
                    name: "Alison".into(),
                    kind: "victim".into(),
                    representations: "Wants to know when he is released".into(),
                    ..VictimForm::default()
                },
            )
            .await
            .unwrap();
        let measure = |what: &str, on: &str, review: &str| VictimMeasureForm {
            victim_id: victim.to_string(),
            measure: what.into(),
            in_place_on: on.into(),
            review_on: review.into(),
        };

        // Bad input named; nothing saved.
        let got = fields(
            w.app
                .plans()
                .add_victim_measure(&vlo, d, &measure(" ", "11/3/2026", "1/3/2026"))
                .await
                .unwrap_err(),
        );
        assert!(
            got.contains(&("measure".into(), "missing")),
            "{}: {got:?}",
            t.label
        );
        assert!(
            got.contains(&("in_place_on".into(), "date_in_future")),
            "{}: {got:?}",
            t.label
        );
        let got = fields(
            w.app
                .plans()
                .add_victim_measure(&vlo, d, &measure("Alarm", "1/3/2026", "28/2/2026"))
                .await
                .unwrap_err(),
        );
        assert!(
            got.contains(&("review_on".into(), "before_in_place")),
            "{}: {got:?}",
            t.label
        );
        assert!(
            w.app
                .plans()
                .victim_measures(&vlo, d)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            t.label
        );

        w.app
            .plans()
            .add_victim_measure(
                &vlo,
                d,
                &measure("Police alarm fitted", "2/3/2026", "2/6/2026"),
            )
            .await
            .unwrap();
        let list = w.app.plans().victim_measures(&vlo, d).await.unwrap();
        assert_eq!(
            (
                list[0].measure.as_str(),
                list[0].victim_id,
                list[0].review_on
            ),
            ("Police alarm fitted", Some(victim), Some(ymd(2026, 6, 2))),
            "{}",
            t.label
        );

        // The offender manager holds the case but not the victim section: refused both
        // ways, each refusal audited.
        for attempt in [
            w.app.plans().victim_measures(&w.om, d).await.map(|_| ()),
            w.app
                .plans()
                .add_victim_measure(&w.om, d, &measure("Marker on address", "2/3/2026", ""))
                .await
                .map(|_| ()),
        ] {
            assert!(
                matches!(attempt, Err(AppError::Denied { .. })),
                "{}",
                t.label
            );
            let audited = last_audit(w.app.db()).await;
            assert_eq!(
                (audited.outcome.as_str(), audited.person_id),
                ("denied", Some(d.0)),
                "{}",
                t.label
            );
        }
        assert_eq!(
            w.app.plans().victim_measures(&vlo, d).await.unwrap().len(),
            1,
            "{}",
            t.label
        );
    }
}
