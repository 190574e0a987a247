//! Break-glass: a record opened for a while, flagged, and queued for its owner's review.

use chrono::Duration;
use concord_app::*;
use concord_authz::{Relationship, Section};

use super::{assert_concealed, assert_forbidden};
use crate::support::*;

#[tokio::test]
async fn break_glass_opens_a_record_for_a_while_flags_it_and_queues_it_for_the_owner_to_review() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let ig_prb = add_staff(
            &w,
            "ig.grant",
            "Isla Grant",
            "PRB",
            "information_governance_lead",
        )
        .await;
        let ig_pol = add_staff(
            &w,
            "ig.gold",
            "Ian Gold",
            "POL",
            "information_governance_lead",
        )
        .await;
        let id = w
            .app
            .people()
            .register_person(&w.om, &person("Carl", "Dunn", ymd(1979, 4, 4)))
            .await
            .unwrap();
        assert_forbidden(
            &w.app.people().view_person(&w.ppo, id).await.unwrap_err(),
            t.label,
        );

        // A reason is required, and a real one.
        let err = w
            .app
            .sharing()
            .break_glass(&w.ppo, id, "urgent")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("reason".to_string(), "too_short")],
            "{}",
            t.label
        );
        // Partners may not break the glass, and learn nothing from trying.
        let err = w
            .app
            .sharing()
            .break_glass(&w.housing, id, "Tenant says he is wanted")
            .await
            .unwrap_err();
        assert_concealed(&err, t.label);

        let reason = "Arrested overnight, risk to custody staff to be assessed";
        let opened = w
            .app
            .sharing()
            .break_glass(&w.ppo, id, reason)
            .await
            .unwrap();
        // The board's trend counts it in this month, and only there (SQL months on both
        // engines); a count, never a name.
        let board = w.app.oversight().board_figures(&w.board).await.unwrap();
        assert_eq!(board.months.len(), 12, "{}", t.label);
        let this_month = board.months.last().unwrap();
        assert_eq!(this_month.break_glass, 1, "{}", t.label);
        assert_eq!(
            board.months.iter().map(|m| m.break_glass).sum::<i64>(),
            1,
            "{}",
            t.label
        );
        let r = w
            .app
            .people()
            .view_person(&w.ppo, id)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", t.label));
        assert_eq!(r.relationships, [Relationship::BreakGlass], "{}", t.label);
        assert!(!r.sections.contains(Section::History), "{}", t.label);
        // The opening is flagged on the record, for the owner too.
        for viewer in [&w.ppo, &w.om] {
            let r = w.app.people().view_person(viewer, id).await.unwrap();
            let flags: Vec<(&str, &str, &str)> = r
                .break_glass
                .iter()
                .map(|b| (b.staff.as_str(), b.agency.as_str(), b.reason.as_str()))
                .collect();
            assert_eq!(
                flags,
                [("Priya Khan", "Essex Police", reason)],
                "{}",
                t.label
            );
        }

        // The owning agency's information governance lead has it to review; the police's
        // lead has nothing, and may not review probation's.
        let queue = w.app.sharing().break_glass_queue(&ig_prb).await.unwrap();
        let listed: Vec<(concord_domain::BreakGlassId, &str, &str, Option<&str>)> = queue
            .iter()
            .map(|q| {
                (
                    q.id,
                    q.person.as_str(),
                    q.staff.as_str(),
                    q.outcome.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            [(opened, "Carl Dunn", "Priya Khan", None)],
            "{}",
            t.label
        );
        let seen = last_audit(w.app.db()).await;
        assert_eq!(
            (seen.kind.as_str(), seen.actor_user_id),
            ("consultation", Some(ig_prb.user_id.0)),
            "{}: reading the queue names people, so it is audited",
            t.label
        );
        assert!(
            w.app
                .sharing()
                .break_glass_queue(&ig_pol)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            t.label
        );
        let err = w
            .app
            .sharing()
            .review_break_glass(&ig_pol, opened, Some(true), "Looks fine")
            .await
            .unwrap_err();
        assert_forbidden(&err, t.label);
        let err = w
            .app
            .sharing()
            .review_break_glass(&w.om, opened, Some(true), "Looks fine")
            .await
            .unwrap_err();
        assert_forbidden(&err, t.label);
        let err = w.app.sharing().break_glass_queue(&w.om).await.unwrap_err();
        assert_forbidden(&err, t.label);
        let err = w
            .app
            .sharing()
            .review_break_glass(&ig_prb, opened, None, "")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [
                ("note".to_string(), "required"),
                ("outcome".to_string(), "required")
            ],
            "{}",
            t.label
        );
        w.app
            .sharing()
            .review_break_glass(&ig_prb, opened, Some(true), "Custody call confirmed")
            .await
            .unwrap();
        let err = w
            .app
            .sharing()
            .review_break_glass(&ig_prb, opened, Some(false), "Second thoughts")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&err),
            [("outcome".to_string(), "already_reviewed")],
            "{}",
            t.label
        );
        let queue = w.app.sharing().break_glass_queue(&ig_prb).await.unwrap();
        assert_eq!(
            (queue[0].outcome.as_deref(), queue[0].reviewed_by.as_deref()),
            (Some("justified"), Some("Isla Grant")),
            "{}",
            t.label
        );
        let r = w.app.people().view_person(&w.om, id).await.unwrap();
        assert_eq!(
            r.break_glass[0].review.as_deref(),
            Some("justified: Custody call confirmed"),
            "{}",
            t.label
        );

        // It lasts BREAK_GLASS_HOURS.
        clock.advance(Duration::hours(BREAK_GLASS_HOURS) - Duration::minutes(1));
        w.app.people().view_person(&w.ppo, id).await.unwrap();
        clock.advance(Duration::minutes(1));
        assert_forbidden(
            &w.app.people().view_person(&w.ppo, id).await.unwrap_err(),
            t.label,
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}
