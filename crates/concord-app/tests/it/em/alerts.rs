//! Alerts as staff see them: the live list for those who may see the person, the track on
//! the map — withheld, with the victim's name, from readers without her section — and the
//! acknowledgement and outcome, in the chronology.

use chrono::Duration;
use concord_app::*;

use super::*;

#[tokio::test]
async fn an_alert_is_seen_live_by_the_case_team_and_its_track_only_by_the_victim_section() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        fit(&c).await;
        let m = c.w.app.monitoring();
        let start = now() - Duration::minutes(20);
        send(&c, walk_in("a", start, 3, 5)).await.unwrap();

        // The offender manager and the police officer see it live; housing does not.
        let live = m.live_alerts(&c.w.om).await.unwrap();
        assert_eq!(live.open.len(), 1, "{}", t.label);
        assert_eq!(live.open[0].person_name, "Daniel Dawson", "{}", t.label);
        assert_eq!(
            live.open[0].alert.title, "Entered exclusion zone Victim's home",
            "{}",
            t.label
        );
        assert_eq!(
            m.live_alerts(&c.w.ppo).await.unwrap().open.len(),
            1,
            "{}",
            t.label
        );
        let none = m.live_alerts(&c.w.housing).await.unwrap();
        assert!(
            none.open.is_empty() && none.recent.is_empty(),
            "{}",
            t.label
        );
        let mark = m.live_mark().await.unwrap();
        assert!(!mark.is_empty(), "{}", t.label);
        // My cases puts it first for the case team until someone takes it on; housing's
        // My cases says nothing of it.
        let home = |a: &concord_authz::Actor| {
            let a = a.clone();
            let app = c.w.app.clone();
            async move {
                app.people()
                    .caseload_page(&a, &CaseloadQuery::default())
                    .await
                    .unwrap()
                    .unacknowledged_alerts
            }
        };
        let waiting = home(&c.w.om).await;
        assert_eq!(waiting.len(), 1, "{}", t.label);
        assert_eq!(waiting[0].alert.id, live.open[0].alert.id, "{}", t.label);
        assert_eq!(home(&c.w.ppo).await.len(), 1, "{}", t.label);
        assert!(home(&c.w.housing).await.is_empty(), "{}", t.label);

        // The zone is round the victim's home: without her section, no map and no track.
        let id = live.open[0].alert.id;
        let om_view = m.alert_page(&c.w.om, id).await.unwrap();
        assert!(om_view.alert.round_victim, "{}", t.label);
        assert!(om_view.track.is_none(), "{}", t.label);
        assert!(om_view.victim.is_none(), "{}", t.label);
        assert!(
            om_view
                .zones
                .iter()
                .all(|z| z.geometry.is_none() && z.withheld),
            "{}",
            t.label
        );
        assert!(om_view.may_act, "{}", t.label);
        // The victim liaison officer sees the track and whom the zone protects.
        let vlo_view = m.alert_page(&c.vlo, id).await.unwrap();
        assert_eq!(
            vlo_view.track.as_ref().map(Vec::len),
            Some(8),
            "{}",
            t.label
        );
        assert_eq!(
            vlo_view.victim.as_ref().map(|v| v.1.as_str()),
            Some("Alison"),
            "{}",
            t.label
        );
        assert!(vlo_view.zones[0].geometry.is_some(), "{}", t.label);
        // Housing is refused the alert, and the refusal is audited.
        let denied = m.alert_page(&c.w.housing, id).await.unwrap_err();
        assert!(
            matches!(denied, AppError::Denied { .. } | AppError::NotFound),
            "{}: {denied:?}",
            t.label
        );

        // Acknowledged, then the outcome; each once.
        let v = om_view.alert.version;
        m.acknowledge_alert(&c.w.om, id, v).await.unwrap();
        // Taken on: off everyone's My cases (still on the live page, open).
        assert!(home(&c.w.ppo).await.is_empty(), "{}", t.label);
        assert_eq!(
            m.live_alerts(&c.w.ppo).await.unwrap().open.len(),
            1,
            "{}",
            t.label
        );
        let stale = m.acknowledge_alert(&c.w.ppo, id, v).await.unwrap_err();
        assert!(
            matches!(stale, AppError::Conflict),
            "{}: {stale:?}",
            t.label
        );
        let v = m.alert_page(&c.w.om, id).await.unwrap().alert.version;
        let empty = m
            .record_alert_outcome(
                &c.w.om,
                id,
                &OutcomeForm {
                    outcome: "arrest".into(),
                    note: " ".into(),
                    version: v,
                },
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&empty),
            vec![("note".into(), "required"), ("outcome".into(), "required")],
            "{}",
            t.label
        );
        let (person, recall) = m
            .record_alert_outcome(
                &c.w.om,
                id,
                &OutcomeForm {
                    outcome: "recall".into(),
                    note: "Entered the zone at night; police attended; recall requested".into(),
                    version: v,
                },
            )
            .await
            .unwrap();
        assert_eq!((person, recall), (c.d, true), "{}", t.label);
        let after = m.alert_page(&c.w.om, id).await.unwrap().alert;
        assert_eq!(after.outcome_label, Some("Recall requested"), "{}", t.label);
        assert_eq!(
            after.acknowledged_by.as_deref(),
            Some("Olivia Jones"),
            "{}",
            t.label
        );

        // In the chronology, with what was done.
        let chronology =
            c.w.app
                .people()
                .chronology(&c.w.om, c.d, &ChronologyFilter::default())
                .await
                .unwrap();
        let entry = chronology
            .entries
            .iter()
            .find(|e| e.title == "Alert: Entered exclusion zone Victim's home")
            .unwrap_or_else(|| panic!("{}: no alert in the chronology", t.label));
        assert!(
            entry.detail.starts_with("Recall requested"),
            "{}: {}",
            t.label,
            entry.detail
        );
        c.w.app.settle_audit().await.unwrap();
        let trail = audit_trail(c.w.app.db()).await;
        assert!(
            trail.iter().any(
                |e| e.reason.contains("viewed an electronic-monitoring alert")
                    && e.kind == "consultation"
            ),
            "{}",
            t.label
        );
        assert!(
            trail
                .iter()
                .any(|e| e.reason == "recorded an electronic-monitoring alert's outcome"),
            "{}",
            t.label
        );
        assert_chain_intact(&c.w).await;
    }
}
