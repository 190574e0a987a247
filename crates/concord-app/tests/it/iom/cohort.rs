//! The IOM cohort: proposed from the register's offending with reasons, decided by the
//! panel with a rationale, exit proposed when the score falls; only the IOM team.

use chrono::Duration;
use concord_app::*;
use concord_authz::Actor;
use concord_domain::PersonId;

use crate::support::*;

async fn resident(
    w: &World,
    name: &str,
    offences: &[(&str, (i32, u32, u32))],
    order: bool,
) -> PersonId {
    let mut input = person("Test", name, ymd(1980, 5, 5));
    input.addresses = vec![home(
        "1 Marine Parade",
        "Southend-on-Sea",
        "SS1 2EH",
        ymd(2020, 1, 1),
    )];
    input.offences = offences
        .iter()
        .map(|(code, on)| offence(code, "An offence", *on, (on.0, on.1, on.2)))
        .collect();
    if order {
        input.sentences = vec![SentenceInput {
            kind: "community_order".into(),
            description: "Community order with a drug rehabilitation requirement".into(),
            start_date: DateInput::from_date(ymd(2026, 1, 10)),
            end_date: DateInput::from_date(ymd(2027, 7, 9)),
            ..SentenceInput::default()
        }];
    }
    w.app
        .people()
        .register_person(&w.om, &input)
        .await
        .unwrap_or_else(|e| panic!("{}: {name}: {e}", w.label))
}

fn decision(d: &str, strand: &str, rationale: &str, review: &str) -> CohortDecisionInput {
    CohortDecisionInput {
        decision: d.into(),
        strand: strand.into(),
        rationale: rationale.into(),
        review_on: DateInput::text(review),
    }
}

#[tokio::test]
async fn the_panel_adopts_a_proposed_prolific_burglar_and_exit_is_proposed_when_his_score_falls() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let l = t.label;
        let iom: Actor = add_staff(&w, "iom.one", "Ivy Moss", "POL", "iom_officer").await;
        let burglar = resident(
            &w,
            "Burglar",
            &[
                ("02800", (2026, 2, 20)),
                ("02800", (2025, 12, 1)),
                ("02800", (2025, 9, 1)),
                ("03800", (2025, 8, 1)),
                ("02800", (2025, 6, 1)),
            ],
            true,
        )
        .await;
        let quiet = resident(&w, "Quiet", &[("03800", (2024, 4, 1))], false).await;

        let page = w.app.iom().cohort(&iom, "Southend-on-Sea").await.unwrap();
        assert_eq!(
            page.proposed.len(),
            1,
            "{l}: {:?}",
            page.proposed.iter().map(|p| &p.name).collect::<Vec<_>>()
        );
        let line = &page.proposed[0];
        assert_eq!(
            (line.person_id, line.status, line.score.strand),
            (burglar, CohortStatus::Proposed, Strand::Fixed),
            "{l}"
        );
        assert!(line.score.total >= page.threshold, "{l}");
        assert!(
            line.score
                .parts
                .iter()
                .any(|p| p.name == "recency" && p.reason.contains("2026-02-20")),
            "{l}: {:?}",
            line.score.parts
        );
        assert!(line.on_order, "{l}");
        assert!(!page.proposed.iter().any(|p| p.person_id == quiet), "{l}");

        // Bad decisions are refused by field; nothing is recorded.
        let e = w
            .app
            .iom()
            .decide_cohort(&iom, burglar, &decision("adopt", "", " ", ""))
            .await
            .unwrap_err();
        let mut fields = field_codes(&e);
        fields.sort();
        assert_eq!(
            fields,
            [
                ("rationale".into(), "required"),
                ("review_on".into(), "date_required"),
                ("strand".into(), "required")
            ],
            "{l}"
        );
        let e = w
            .app
            .iom()
            .decide_cohort(&iom, quiet, &decision("deselect", "", "Not offending", ""))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&e), [("decision".into(), "not_allowed")], "{l}");
        // Only the IOM team decides, or sees the cohort.
        for (who, a) in [
            ("offender manager", &w.om),
            ("housing", &w.housing),
            ("board", &w.board),
        ] {
            assert!(
                w.app.iom().cohort(a, "Southend-on-Sea").await.is_err(),
                "{l}: {who}"
            );
            assert!(
                w.app
                    .iom()
                    .decide_cohort(a, burglar, &decision("reject", "", "No", ""))
                    .await
                    .is_err(),
                "{l}: {who}"
            );
        }

        w.app
            .iom()
            .decide_cohort(
                &iom,
                burglar,
                &decision(
                    "adopt",
                    "fixed",
                    "Five burglaries in a year; agrees to engage with the drop-in",
                    "10/6/2026",
                ),
            )
            .await
            .unwrap();
        let audited = last_audit(w.app.db()).await;
        assert_eq!(
            (audited.kind.as_str(), audited.person_id),
            ("collection", Some(burglar.0)),
            "{l}"
        );
        let e = w
            .app
            .iom()
            .decide_cohort(
                &iom,
                burglar,
                &decision("adopt", "fixed", "Again", "10/6/2026"),
            )
            .await
            .unwrap_err();
        assert_eq!(field_codes(&e), [("decision".into(), "not_allowed")], "{l}");
        let page = w.app.iom().cohort(&iom, "Southend-on-Sea").await.unwrap();
        assert!(page.proposed.is_empty(), "{l}");
        // A year has not passed since adoption: no outcome yet, and it says when.
        assert_eq!((page.outcome.people, page.outcomes_pending), (0, 1), "{l}");
        // The board sees the same, by strand, as counts.
        let board = w.app.iom().board_cohort_outcomes(&w.board).await.unwrap();
        let everyone = board.strands.last().unwrap();
        assert_eq!(
            (everyone.label.as_str(), everyone.pending, everyone.withheld),
            ("Everyone adopted", 1, false),
            "{l}"
        );
        assert_eq!(
            board.strands[0].pending, 1,
            "{l}: adopted into the fixed strand"
        );
        let pending = page.cohort[0].outcome.clone().unwrap().unwrap_err();
        assert!(pending.contains("will on 2027-03-10"), "{l}: {pending}");
        assert_eq!(page.cohort[0].status, CohortStatus::Adopted, "{l}");
        // Offending by quarter for the chart: three years before adoption to today, every
        // offence in its quarter, empty quarters kept.
        let by_quarter = &page.cohort[0].offending_by_quarter;
        assert_eq!(page.cohort[0].adopted_on, Some(ymd(2026, 3, 10)), "{l}");
        assert_eq!(
            (by_quarter.len(), by_quarter[0].0),
            (13, ymd(2023, 1, 1)),
            "{l}"
        );
        assert_eq!(by_quarter.last().unwrap().0, ymd(2026, 1, 1), "{l}");
        let q = |y, m| {
            by_quarter
                .iter()
                .find(|(s, _)| *s == ymd(y, m, 1))
                .unwrap()
                .1
        };
        assert_eq!(
            (q(2026, 1), q(2025, 10), q(2025, 7), q(2025, 4), q(2025, 1)),
            (1, 1, 2, 1, 0),
            "{l}"
        );
        assert_eq!(by_quarter.iter().map(|(_, n)| n).sum::<u32>(), 5, "{l}");
        assert_eq!(
            page.cohort[0].decisions[0].strand,
            Some(Strand::Fixed),
            "{l}"
        );

        // Three years on with no offending the score has fallen: exit is proposed, and the
        // review date has passed.
        clock.advance(Duration::days(1200));
        let page = w.app.iom().cohort(&iom, "Southend-on-Sea").await.unwrap();
        let line = &page.cohort[0];
        assert_eq!(
            line.status,
            CohortStatus::ExitProposed,
            "{l}: {}",
            line.score.total
        );
        // The year after adoption against the year before, with the cost of crime.
        let o = &page.outcome;
        assert_eq!(
            (o.people, o.before.offences, o.after.offences),
            (1, 5, 0),
            "{l}"
        );
        assert!(
            (o.before.cost - (4.0 * 5_930.0 + 1_380.0)).abs() < 1e-6,
            "{l}"
        );
        let (lo, hi) = o.interval.unwrap();
        // Fewer offences after, but one man's five offences cannot rule out chance: the
        // interval says so rather than a bare "91% fewer".
        assert!(
            lo < o.rate_ratio.unwrap() && o.rate_ratio.unwrap() < 1.0 && hi > 1.0,
            "{l}: {:?}",
            o.interval
        );
        assert!(line.review_overdue, "{l}");
        // One man's outcome is too few for the board: withheld, not shown as a rate.
        let board = w.app.iom().board_cohort_outcomes(&w.board).await.unwrap();
        let everyone = board.strands.last().unwrap();
        assert!(everyone.withheld && everyone.outcome.is_none(), "{l}");
        w.app
            .iom()
            .decide_cohort(
                &iom,
                burglar,
                &decision("deselect", "", "No offending for three years", ""),
            )
            .await
            .unwrap();
        let one = w.app.iom().cohort_person(&iom, burglar).await.unwrap();
        assert_eq!(one.decisions.len(), 2, "{l}");
        assert_eq!(
            one.status,
            CohortStatus::Proposed,
            "{l}: deselected, and below the threshold the list leaves him out"
        );
        assert!(
            w.app
                .iom()
                .cohort(&iom, "Southend-on-Sea")
                .await
                .unwrap()
                .cohort
                .is_empty(),
            "{l}"
        );
        assert_chain_intact(&w).await;
    }
}
