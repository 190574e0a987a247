//! What a tag enforces changes with the record at once: a zone added while the tag is
//! being evaluated is enforced from the next fix, not after a periodic recheck (the
//! browser journey once saw a new zone enforced or not depending on the minute).

use chrono::Duration;
use concord_app::*;

use super::*;

/// Her workplace, 2 km east of her home: outside the zone round her home.
const WORKPLACE: (f64, f64) = (51.7420, 0.4980);

#[tokio::test]
async fn a_zone_added_during_monitoring_is_enforced_from_the_next_fix() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        fit(&c).await;
        // The clock reads `now()` until moved: he has been there 20 s when the zone is drawn.
        let start = now() - Duration::seconds(20);
        // He is near her workplace before any zone is drawn round it: nothing to breach,
        // and the tag's evaluator is built and held.
        let before: Vec<ValidFix> = (0..3)
            .map(|i| fix(&format!("b-{i}"), start, 10 * i, WORKPLACE))
            .collect();
        let r = send(&c, before).await.unwrap();
        assert_eq!((r.kept, r.alerts_raised), (3, 0), "{}", t.label);
        // The offender manager adds a zone round her workplace (the clock has not moved:
        // the periodic recheck would not have run).
        let zone =
            c.w.app
                .manage()
                .add_zone(
                    &c.w.om,
                    c.d,
                    &ZoneForm {
                        kind: "exclusion".into(),
                        name: "Victim's workplace".into(),
                        description: "The area within 500 m of her workplace, as shown on the map"
                            .into(),
                        circle_latitude: WORKPLACE.0.to_string(),
                        circle_longitude: WORKPLACE.1.to_string(),
                        circle_radius_metres: "500".into(),
                        ..ZoneForm::default()
                    },
                )
                .await
                .unwrap();
        // Less than a minute on (the periodic recheck of the rules has not come round), he
        // is still there: the next fixes breach the new zone, one alert, on that zone.
        c.clock.advance(Duration::seconds(55));
        let after: Vec<ValidFix> = (3..8)
            .map(|i| fix(&format!("a-{i}"), start, 10 * i, WORKPLACE))
            .collect();
        let r = send(&c, after).await.unwrap();
        assert_eq!((r.kept, r.alerts_raised), (5, 1), "{}", t.label);
        let alerts =
            c.w.app
                .monitoring()
                .monitoring_page(&c.w.om, c.d)
                .await
                .unwrap()
                .alerts;
        let exclusion: Vec<_> = alerts.iter().filter(|a| a.kind == "exclusion").collect();
        assert_eq!(exclusion.len(), 1, "{}", t.label);
        assert_eq!(exclusion[0].zone, Some(zone), "{}", t.label);
        // Dated from when the zone was drawn, though he was inside from the first fix: a
        // zone does not make a breach of the time before it.
        assert_eq!(
            exclusion[0].opened_at,
            start + Duration::seconds(20),
            "{}",
            t.label
        );
    }
}
