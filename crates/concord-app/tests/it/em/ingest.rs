//! The provider's fixes: kept once each, evaluated into alerts with dwell and hysteresis,
//! a resent batch changing nothing, jitter raising nothing, bad input refused whole and
//! named, a curfew breach at night, signal loss, and a second node taking over.

use chrono::Duration;
use concord_app::*;

use super::*;

#[tokio::test]
async fn entering_the_victims_zone_raises_one_alert_however_often_the_fixes_are_sent() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        fit(&c).await;
        let start = now() - Duration::minutes(20);
        // Five fixes outside, then two inside: not yet 30 s and 3 fixes in breach.
        let walk = walk_in("a", start, 5, 6);
        let first = send(&c, walk[..7].to_vec()).await.unwrap();
        assert_eq!(
            (first.received, first.kept, first.alerts_raised),
            (7, 7, 0),
            "{}",
            t.label
        );
        // The rest: the dwell is met, one alert.
        let rest = send(&c, walk[7..].to_vec()).await.unwrap();
        assert_eq!((rest.kept, rest.alerts_raised), (4, 1), "{}", t.label);
        // The whole walk again (a provider retrying): nothing kept, nothing raised.
        let again = send(&c, walk.clone()).await.unwrap();
        assert_eq!(
            (again.kept, again.duplicates, again.alerts_raised),
            (0, 11, 0),
            "{}",
            t.label
        );
        let alerts =
            c.w.app
                .monitoring()
                .monitoring_page(&c.w.om, c.d)
                .await
                .unwrap()
                .alerts;
        assert_eq!(alerts.len(), 1, "{}", t.label);
        let a = &alerts[0];
        assert_eq!(a.kind, "exclusion", "{}", t.label);
        assert!(a.open(), "{}", t.label);
        // Dated from the first fix inside, not the one that met the dwell.
        assert_eq!(a.opened_at, start + Duration::seconds(50), "{}", t.label);
        // He walks out and stays out: the alert closes when the leave dwell is met (the
        // fourth fix out, 30 s after the first).
        let out: Vec<ValidFix> = (0..5)
            .map(|i| {
                fix(
                    &format!("o-{i}"),
                    start,
                    120 + 10 * i,
                    (VICTIM.0 - 0.03, VICTIM.1),
                )
            })
            .collect();
        send(&c, out).await.unwrap();
        let alerts =
            c.w.app
                .monitoring()
                .monitoring_page(&c.w.om, c.d)
                .await
                .unwrap()
                .alerts;
        assert_eq!(
            alerts[0].closed_at,
            Some(start + Duration::seconds(150)),
            "{}",
            t.label
        );
        // Each batch with a fix is audited on his record; each alert change too.
        c.w.app.settle_audit().await.unwrap();
        let trail = audit_trail(c.w.app.db()).await;
        let sent = trail
            .iter()
            .filter(|e| e.reason == "the monitoring provider sent location fixes")
            .count();
        assert_eq!(sent, 4, "{}", t.label);
        assert_eq!(
            trail
                .iter()
                .filter(|e| e.reason == "raised an electronic-monitoring alert")
                .count(),
            1,
            "{}",
            t.label
        );
        assert_eq!(
            trail
                .iter()
                .filter(|e| e.reason == "closed an electronic-monitoring alert")
                .count(),
            1,
            "{}",
            t.label
        );
        assert_chain_intact(&c.w).await;
    }
}

#[tokio::test]
async fn jitter_along_the_boundary_raises_no_alert() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        fit(&c).await;
        let start = now() - Duration::minutes(30);
        // 1 km circle: ±20 m either side of the edge, alternating, every 10 s for 5 minutes.
        let edge = VICTIM.0 - 1000.0 / 111_320.0;
        let jitter: Vec<ValidFix> = (0..30)
            .map(|i| {
                let off = if i % 2 == 0 { -20.0 } else { 20.0 } / 111_320.0;
                fix(&format!("j-{i}"), start, 10 * i, (edge + off, VICTIM.1))
            })
            .collect();
        let r = send(&c, jitter).await.unwrap();
        assert_eq!((r.kept, r.alerts_raised), (30, 0), "{}", t.label);
    }
}

#[tokio::test]
async fn bad_fixes_and_unknown_devices_are_refused_whole_and_named() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        fit(&c).await;
        let now = now();
        let body = br#"{"fixes": [
            {"id": "1", "device": "EM-40317", "at": "2026-03-10T09:59:00Z", "lon": 0.469, "lat": 51.70, "accuracy_m": 5},
            {"id": "2", "device": "EM-40317", "at": "2026-03-11T09:59:00Z", "lon": 0.469, "lat": 51.70, "accuracy_m": 5},
            {"id": "3", "device": "EM-40317", "at": "2026-03-10T09:59:00Z", "lon": 51.70, "lat": 0.469, "accuracy_m": 5},
            {"id": "4", "device": "EM-40317", "at": "2026-03-10T09:59:00Z", "lon": 0.469, "lat": 95, "accuracy_m": -1},
            {"id": "1", "device": "EM-40317", "at": "yesterday", "lon": 0.469, "lat": 51.70, "accuracy_m": 5}
        ]}"#;
        let parsed = parse_fixes_json(body, false).unwrap();
        let err = validate_fixes(placed_fixes(parsed, "fixes"), now).unwrap_err();
        let codes: Vec<(String, &str)> = err
            .errors
            .iter()
            .map(|e| (e.field.clone(), e.code))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("fixes[1].at".into(), "in_future"),
                ("fixes[2].lat".into(), "outside_uk"),
                ("fixes[3].lat".into(), "impossible"),
                ("fixes[3].accuracy_m".into(), "accuracy_invalid"),
                ("fixes[4].id".into(), "duplicate"),
                ("fixes[4].at".into(), "date_invalid"),
            ],
            "{}",
            t.label
        );
        assert!(err.errors[1].message.contains("swapped"), "{}", t.label);
        // Cut short, or the wrong shape: named.
        let cut = parse_fixes_json(br#"{"fixes": [{"id": "1""#, false).unwrap_err();
        assert_eq!(cut.errors[0].code, "json_invalid", "{}", t.label);
        let shape = parse_fixes_json(br#"{"fixes": [{"id": "1", "device": "D", "at": "x", "lon": "east", "lat": 1, "accuracy_m": 1}]}"#, false).unwrap_err();
        assert_eq!(shape.errors[0].field, "fixes[0].lon", "{}", t.label);
        let csv = parse_fixes_csv("id,device,at,lon,lat,accuracy_m\n1,EM-40317,2026-03-10T09:59:00Z,0.469,51.7,5\n2,EM-40317,2026-03-10T09:59:10Z,east,51.7\n").unwrap_err();
        assert_eq!(csv.errors[0].field, "line 3", "{}", t.label);
        // A device fitted to no one: the whole batch refused, nothing kept.
        let mut batch = walk_in("u", now - Duration::minutes(5), 2, 0);
        batch.push(ValidFix {
            device: "EM-99999".into(),
            ..fix("u-x", now, -60, HOME)
        });
        let refused = send(&c, batch.clone()).await.unwrap_err();
        assert_eq!(field_codes(&refused)[0].1, "unknown_device", "{}", t.label);
        let ok = send(&c, batch[..2].to_vec()).await.unwrap();
        assert_eq!(ok.kept, 2, "{}: nothing was kept before", t.label);
        // Only the provider's account sends fixes; anyone else is refused and audited.
        let denied =
            c.w.app
                .monitoring()
                .submit_fixes(&c.w.om, batch[..2].to_vec(), UnknownDevices::Refuse)
                .await
                .unwrap_err();
        assert!(
            matches!(denied, AppError::Denied { .. }),
            "{}: {denied:?}",
            t.label
        );
        c.w.app.settle_audit().await.unwrap();
        assert_eq!(last_audit(c.w.app.db()).await.kind, "denied", "{}", t.label);
    }
}

#[tokio::test]
async fn away_from_home_in_curfew_hours_is_a_curfew_breach_and_silence_is_signal_loss() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        fit(&c).await;
        // 21:00 on 10 March (GMT): in curfew. At home, then 2 km away.
        c.clock.advance(Duration::hours(11));
        let evening = now() + Duration::hours(11);
        let mut fixes: Vec<ValidFix> = (0..3)
            .map(|i| fix(&format!("h-{i}"), evening, 10 * i, HOME))
            .collect();
        fixes.extend(
            (3..8).map(|i| fix(&format!("h-{i}"), evening, 10 * i, (HOME.0 + 0.02, HOME.1))),
        );
        let r = send(&c, fixes).await.unwrap();
        assert_eq!(r.alerts_raised, 1, "{}", t.label);
        let alerts =
            c.w.app
                .monitoring()
                .monitoring_page(&c.w.om, c.d)
                .await
                .unwrap()
                .alerts;
        assert_eq!(alerts[0].kind, "curfew", "{}", t.label);
        assert_eq!(
            alerts[0].title, "Away from the curfew address in curfew hours",
            "{}",
            t.label
        );
        // Then nothing for 20 minutes: the watch raises signal loss.
        c.clock.advance(Duration::minutes(20));
        let raised =
            c.w.app
                .monitoring()
                .watch_signal_loss(&c.feed)
                .await
                .unwrap();
        assert_eq!(raised, 1, "{}", t.label);
        // Watching again raises nothing more.
        assert_eq!(
            c.w.app
                .monitoring()
                .watch_signal_loss(&c.feed)
                .await
                .unwrap(),
            0,
            "{}",
            t.label
        );
        let alerts =
            c.w.app
                .monitoring()
                .monitoring_page(&c.w.om, c.d)
                .await
                .unwrap()
                .alerts;
        assert!(
            alerts.iter().any(|a| a.kind == "signal_loss" && a.open()),
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn another_node_continues_from_the_stored_fixes_without_duplicating_an_alert() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        fit(&c).await;
        let start = now() - Duration::minutes(20);
        let walk = walk_in("n", start, 3, 5);
        assert_eq!(
            send(&c, walk.clone()).await.unwrap().alerts_raised,
            1,
            "{}",
            t.label
        );
        // A second node on the same database: it has no evaluator, so it rebuilds from
        // the stored fixes; more fixes inside raise nothing new.
        let other = App::new(
            c.w.app.db().clone(),
            c.clock.clock(),
            AppSettings::default(),
        );
        let more: Vec<ValidFix> = (0..3)
            .map(|i| {
                fix(
                    &format!("m-{i}"),
                    start,
                    80 + 10 * i,
                    (VICTIM.0 - 0.002, VICTIM.1),
                )
            })
            .collect();
        let r = other
            .monitoring()
            .submit_fixes(&c.feed, more, UnknownDevices::Refuse)
            .await
            .unwrap();
        assert_eq!((r.kept, r.alerts_raised), (3, 0), "{}", t.label);
        // The first node's evaluator has missed those: it sees the count moved, rebuilds,
        // and closes the alert when he leaves.
        let out: Vec<ValidFix> = (0..4)
            .map(|i| {
                fix(
                    &format!("x-{i}"),
                    start,
                    120 + 10 * i,
                    (VICTIM.0 - 0.03, VICTIM.1),
                )
            })
            .collect();
        send(&c, out).await.unwrap();
        let alerts =
            c.w.app
                .monitoring()
                .monitoring_page(&c.w.om, c.d)
                .await
                .unwrap()
                .alerts;
        assert_eq!(alerts.len(), 1, "{}", t.label);
        assert_eq!(
            alerts[0].closed_at,
            Some(start + Duration::seconds(150)),
            "{}",
            t.label
        );
    }
}
