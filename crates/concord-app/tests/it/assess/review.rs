//! A risk review: pre-filled, corrected, checked, scored, signed; tasks when risk rises.

use chrono::Duration;
use concord_app::*;

use super::{dean, fact, fields, rosh_form, unchanged};
use crate::support::*;

#[tokio::test]
async fn a_risk_review_is_prefilled_checked_signed_and_raises_tasks_when_risk_rises() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let dean = dean(&w).await;
        clock.advance(Duration::minutes(5));
        w.app
            .people()
            .record_event(
                &w.ppo,
                dean,
                &event(
                    "arrest",
                    ymd(2026, 3, 9),
                    "Arrested for a breach of the peace outside Ms A's home",
                ),
            )
            .await
            .unwrap_or_else(|e| panic!("{}: police entry: {e}", t.label));
        clock.advance(Duration::minutes(5));

        let id = w.app.assess().start_risk_review(&w.om, dean).await.unwrap();
        // Starting again carries on with the same review.
        assert_eq!(
            w.app.assess().start_risk_review(&w.om, dean).await.unwrap(),
            id,
            "{}",
            t.label
        );
        let r = w.app.assess().risk_review(&w.om, dean, id).await.unwrap();
        for (field, expected) in [
            ("gender", "MALE"),
            ("date_of_birth", "1990-06-15"),
            ("current_offence_code", "00800"),
            ("date_of_current_conviction", "2025-08-01"),
            ("date_at_start_of_followup_calculated", "2026-02-01"),
            ("total_number_of_sanctions_for_all_offences", "3"),
            ("total_number_of_violent_sanctions", "1"),
            ("age_at_first_sanction", "17"),
            ("most_recent_offence_date", "2025-05-01"),
            ("has_ever_committed_sexual_offence", "no"),
            ("supervision_status", "COMMUNITY"),
        ] {
            assert_eq!(fact(&r, field), Some(expected), "{}: {field}", t.label);
        }
        // OGRS3 from the record alone, by the published formula: male 35 at follow-up
        // (−1.368), repeat offender (0.46306), Copas 1.25112·ln(3/(10+35−17)) = −2.79449,
        // violence (0): S = −3.69943; 2-year logistic(2.1217 + S) = 0.17111 → 17 %,
        // 1-year logistic(1.40256 + S) = 0.09138 → 9 %.
        let ogrs3 = r.scores.iter().find(|p| p.key == "ogrs3").unwrap();
        assert_eq!(ogrs3.headline.as_deref(), Some("17%"), "{}", t.label);
        assert_eq!(
            r.scores_json["ogrs3"]["output"]["one_year_score"], 9,
            "{}",
            t.label
        );
        assert_eq!(ogrs3.band.as_deref(), Some("LOW"), "{}", t.label);
        assert_eq!(
            r.other_entries.len(),
            1,
            "{}: the police arrest is shown",
            t.label
        );
        assert_eq!(r.other_entries[0].agency, "Essex Police", "{}", t.label);
        assert!(r.needs_acknowledgement, "{}", t.label);

        // Nothing can be signed yet, and every missing part is named at once.
        let missing = fields(
            w.app
                .assess()
                .sign_risk_review(&w.om, dean, id, r.version)
                .await
                .unwrap_err(),
        );
        for f in [
            "facts",
            "level_KNOWN_ADULT",
            "who_is_at_risk",
            "review_due_on",
            "entries",
        ] {
            assert!(
                missing.contains(&f.to_string()),
                "{}: {f} in {missing:?}",
                t.label
            );
        }

        // A correction needs a reason; nothing is saved without one.
        let mut corrected = unchanged(&r);
        corrected
            .iter_mut()
            .find(|(f, _, _)| f == "total_number_of_sanctions_for_all_offences")
            .unwrap()
            .1 = "4".into();
        let refused = w
            .app
            .assess()
            .confirm_review_facts(&w.om, dean, id, r.version, &corrected)
            .await
            .unwrap_err();
        assert_eq!(
            fields(refused),
            ["total_number_of_sanctions_for_all_offences_reason"],
            "{}",
            t.label
        );
        assert_eq!(
            w.app
                .assess()
                .risk_review(&w.om, dean, id)
                .await
                .unwrap()
                .version,
            r.version,
            "{}",
            t.label
        );
        corrected
            .iter_mut()
            .find(|(f, _, _)| f == "total_number_of_sanctions_for_all_offences")
            .unwrap()
            .2 = "A caution in 2015 is missing from the record".into();
        w.app
            .assess()
            .confirm_review_facts(&w.om, dean, id, r.version, &corrected)
            .await
            .unwrap();
        let r = w.app.assess().risk_review(&w.om, dean, id).await.unwrap();
        let sanctions = r
            .facts
            .iter()
            .find(|f| f.field == "total_number_of_sanctions_for_all_offences")
            .unwrap();
        assert_eq!(
            (sanctions.from_record.as_deref(), sanctions.value.as_deref()),
            (Some("3"), Some("4")),
            "{}",
            t.label
        );

        // Bad RoSH input is refused field by field.
        let mut bad = rosh_form("EXTREME");
        bad.review_due_on = "1/1/2020".into();
        let refused = fields(
            w.app
                .assess()
                .save_review_rosh(&w.om, dean, id, r.version, &bad)
                .await
                .unwrap_err(),
        );
        assert_eq!(
            refused,
            ["level_KNOWN_ADULT", "review_due_on"],
            "{}",
            t.label
        );
        w.app
            .assess()
            .save_review_rosh(&w.om, dean, id, r.version, &rosh_form("HIGH"))
            .await
            .unwrap();
        let r = w.app.assess().risk_review(&w.om, dean, id).await.unwrap();
        w.app
            .assess()
            .acknowledge_review_entries(&w.om, dean, id, r.version)
            .await
            .unwrap();

        // Police record something after the acknowledgement: it must be read too.
        clock.advance(Duration::minutes(5));
        w.app
            .people()
            .record_event(
                &w.ppo,
                dean,
                &event(
                    "home_visit",
                    ymd(2026, 3, 10),
                    "Ms A reports he was outside her house last night",
                ),
            )
            .await
            .unwrap();
        let r = w.app.assess().risk_review(&w.om, dean, id).await.unwrap();
        assert!(r.needs_acknowledgement, "{}", t.label);
        let missing = fields(
            w.app
                .assess()
                .sign_risk_review(&w.om, dean, id, r.version)
                .await
                .unwrap_err(),
        );
        assert_eq!(missing, ["entries"], "{}", t.label);
        clock.advance(Duration::minutes(1));
        w.app
            .assess()
            .acknowledge_review_entries(&w.om, dean, id, r.version)
            .await
            .unwrap();
        // Issue 24: he is managed at MAPPA level 2, which the tier counts (150 protect
        // points: protect level A), not only his RSR and RoSH.
        crate::mappa_meetings::mappa_record(&w, dean, &w.om, ymd(2026, 6, 1)).await;
        let r = w.app.assess().risk_review(&w.om, dean, id).await.unwrap();
        let signed = w
            .app
            .assess()
            .sign_risk_review(&w.om, dean, id, r.version)
            .await
            .unwrap();
        assert_eq!(
            signed.overall,
            Some(concord_risk::RoshLevel::High),
            "{}",
            t.label
        );
        assert_eq!(
            signed.tasks_created.len(),
            2,
            "{}: risk review and allocation review",
            t.label
        );

        // Signed: kept as signed, never changed.
        let r = w.app.assess().risk_review(&w.om, dean, id).await.unwrap();
        assert!(r.is_signed(), "{}", t.label);
        let tier = r.tier.as_ref().map(|t| t.code.clone()).unwrap_or_default();
        assert!(tier.starts_with('A'), "{}: tier {tier}", t.label);
        let refused = fields(
            w.app
                .assess()
                .save_review_rosh(&w.om, dean, id, r.version, &rosh_form("LOW"))
                .await
                .unwrap_err(),
        );
        assert_eq!(refused, ["assessment"], "{}", t.label);
        // The signed scores used the corrected sanctions (4), not the record's 3.
        assert_eq!(
            r.scores_json["ogrs3"]["feature_values"]["conviction_status_score"], 0.46306,
            "{}",
            t.label
        );

        let history = w.app.assess().risk_history(&w.om, dean).await.unwrap();
        assert_eq!(history.reviews.len(), 1, "{}", t.label);
        assert_eq!(
            history.reviews[0].tier,
            r.tier.as_ref().map(|t| t.code.clone()),
            "{}",
            t.label
        );
        assert_eq!(history.tasks.len(), 2, "{}", t.label);
        assert!(
            history
                .tasks
                .iter()
                .all(|t| t.reason.contains("rose to high")),
            "{}",
            t.label
        );

        let rows = w
            .app
            .people()
            .caseload(&w.om, &CaseloadQuery::default())
            .await
            .unwrap();
        let row = rows.iter().find(|r| r.person_id == dean).unwrap();
        assert_eq!(row.rosh, Some(concord_risk::RoshLevel::High), "{}", t.label);
        // The two tasks the review raised, and his MAPPA level 2 review.
        assert_eq!(row.open_tasks.len(), 3, "{}: {:?}", t.label, row.open_tasks);

        let chronology = w
            .app
            .people()
            .chronology(&w.om, dean, &ChronologyFilter::default())
            .await
            .unwrap();
        assert!(
            chronology
                .entries
                .iter()
                .any(|e| e.event_type == concord_domain::EventType::Assessment),
            "{}",
            t.label
        );
        assert_eq!(
            chronology
                .entries
                .iter()
                .filter(|e| e.event_type == concord_domain::EventType::Task)
                .count(),
            2,
            "{}",
            t.label
        );

        // A second review at the same level sets no new tasks.
        let second = w.app.assess().start_risk_review(&w.om, dean).await.unwrap();
        assert_ne!(second, id, "{}", t.label);
        let r2 = w
            .app
            .assess()
            .risk_review(&w.om, dean, second)
            .await
            .unwrap();
        assert!(
            r2.other_entries.is_empty(),
            "{}: nothing new since the last review",
            t.label
        );
        w.app
            .assess()
            .confirm_review_facts(&w.om, dean, second, r2.version, &unchanged(&r2))
            .await
            .unwrap();
        w.app
            .assess()
            .save_review_rosh(&w.om, dean, second, r2.version + 1, &rosh_form("HIGH"))
            .await
            .unwrap();
        w.app
            .assess()
            .acknowledge_review_entries(&w.om, dean, second, r2.version + 2)
            .await
            .unwrap();
        let signed = w
            .app
            .assess()
            .sign_risk_review(&w.om, dean, second, r2.version + 3)
            .await
            .unwrap();
        assert!(
            signed.tasks_created.is_empty(),
            "{}: {:?}",
            t.label,
            signed.tasks_created
        );
        assert_eq!(
            w.app
                .assess()
                .risk_history(&w.om, dean)
                .await
                .unwrap()
                .reviews
                .len(),
            2,
            "{}: the first is kept",
            t.label
        );

        // A task is done once.
        let task = history.tasks[0].id;
        w.app
            .assess()
            .complete_task(&w.om, dean, task)
            .await
            .unwrap();
        assert!(
            matches!(
                w.app.assess().complete_task(&w.om, dean, task).await,
                Err(AppError::NotFound)
            ),
            "{}",
            t.label
        );
    }
}
