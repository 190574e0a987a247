//! MAPPA eligibility, referral, screening, reviews and exit, end to end through the use
//! cases: Concord proposes Category 2 from the record; the offender manager refers the
//! case six months before release with the facts pre-filled; the coordinator screens it
//! at Level 2 with the criteria; reviews follow every 16 weeks; the case leaves MAPPA
//! when the licence ends. Every refusal names its field and saves nothing.

use chrono::Duration;
use concord_app::*;
use concord_authz::Actor;
use concord_domain::PersonId;

use crate::support::*;

struct Case {
    w: World,
    clock: TestClock,
    d: PersonId,
    coordinator: Actor,
    chair: Actor,
}

/// A man serving two years from 1 October 2025 for a violent offence, released on
/// 1 October 2026 to a licence that ends on 1 October 2027; today is 10 March 2026.
async fn case(t: &concord_testkit::TestDb) -> Case {
    let clock = TestClock::new(now());
    let w = world_with_clock(t, clock.clock()).await;
    let mut input = person("Dean", "Dobson", ymd(1973, 3, 14));
    input.identifiers = vec![identifier("pnc", &example_pnc())];
    input.offences = vec![OffenceInput {
        offence_code: "00801".into(),
        description: "Threats to kill".into(),
        offence_date: DateInput::from_date(ymd(2025, 2, 1)),
        conviction_date: DateInput::from_date(ymd(2025, 9, 20)),
        disposal: "immediate_custody".into(),
    }];
    input.sentences = vec![SentenceInput {
        kind: "custody".into(),
        description: "2 years' imprisonment".into(),
        start_date: DateInput::from_date(ymd(2025, 10, 1)),
        end_date: DateInput::from_date(ymd(2027, 10, 1)),
        release_date: DateInput::from_date(ymd(2026, 10, 1)),
        licence_end_date: DateInput::from_date(ymd(2027, 10, 1)),
        term: String::new(),
    }];
    let d = w.app.people().register_person(&w.om, &input).await.unwrap();
    allocate(&w, &w.om, d, &w.om, "offender_manager").await;
    let coordinator = add_staff(&w, "mappa.co", "Janet Rowe", "SMB", "mappa_coordinator").await;
    let chair = add_staff(&w, "mappa.ch", "Richard Hale", "PRB", "mappa_chair").await;
    Case {
        w,
        clock,
        d,
        coordinator,
        chair,
    }
}

fn referral(category: &str, level: &str, reasons: &str) -> MappaReferralForm {
    MappaReferralForm {
        category: category.into(),
        level_requested: level.into(),
        reasons: reasons.into(),
    }
}

#[tokio::test]
async fn mappa_referral_screening_reviews_and_exit() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        let (w, d, l) = (&c.w, c.d, t.label);

        // Concord proposes Category 2 from the conviction and sentence, and says why.
        let view = w.app.mappa().mappa_case(&w.om, d).await.unwrap();
        assert_eq!(
            view.proposal.as_ref().unwrap().category,
            Some(concord_mappa::Category::Two),
            "{l}"
        );
        assert!(!view.proposal.as_ref().unwrap().reasons.is_empty(), "{l}");
        assert!(view.current.is_none(), "{l}");
        assert!(view.may_refer, "{l}");
        assert!(
            !view.late_if_referred_today,
            "{l}: release is more than six months away"
        );
        assert_eq!(view.refer_by, Some(ymd(2026, 4, 1)), "{l}");
        assert!(
            view.facts
                .identifiers
                .iter()
                .any(|i| i.contains("2001/0123456F")),
            "{l}"
        );
        assert!(view.facts.offences[0].contains("Threats to kill"), "{l}");

        // Bad input: nothing chosen; Level 1 asked for; Category 3 at Level 1 at
        // confirmation. Nothing is saved.
        let e = w
            .app
            .mappa()
            .refer_to_mappa(&w.om, d, &referral("", "", " "))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![
                ("category".into(), "required"),
                ("level_requested".into(), "required"),
                ("reasons".into(), "required"),
            ],
            "{l}"
        );
        let e = w
            .app
            .mappa()
            .refer_to_mappa(&w.om, d, &referral("CATEGORY_2", "LEVEL_1", "Because"))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![("level_requested".into(), "level_1_referral")],
            "{l}"
        );
        let e = w
            .app
            .mappa()
            .confirm_mappa_eligibility(
                &w.om,
                d,
                &EligibilityForm {
                    category: "CATEGORY_3".into(),
                    note: String::new(),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![("category".into(), "category_3_level_1")],
            "{l}"
        );
        assert!(
            w.app
                .mappa()
                .mappa_case(&w.om, d)
                .await
                .unwrap()
                .current
                .is_none(),
            "{l}"
        );

        // Before any referral the coordinator has no relationship: the record is closed.
        assert!(
            w.app.mappa().mappa_case(&c.coordinator, d).await.is_err(),
            "{l}"
        );

        // The offender manager refers the case: on time, pre-filled, awaiting screening.
        w.app
            .mappa().refer_to_mappa(
                &w.om,
                d,
                &referral(
                    "CATEGORY_2",
                    "LEVEL_2",
                    "Threats to kill a former partner; police, housing and health all hold information.",
                ),
            )
            .await
            .unwrap();
        let view = w.app.mappa().mappa_case(&w.om, d).await.unwrap();
        let r = &view.referrals[0];
        assert!(!r.late, "{l}");
        assert_eq!(r.timing, "6 months before release", "{l}");
        assert_eq!(r.status.code(), "awaiting_screening", "{l}");
        assert_eq!(
            view.current.as_ref().unwrap().status.code(),
            "referred",
            "{l}"
        );
        assert_eq!(
            view.current.as_ref().unwrap().eligibility_ends_on,
            Some(ymd(2027, 10, 1)),
            "{l}: eligibility ends with the licence"
        );
        // A second referral while one awaits screening is refused.
        let e = w
            .app
            .mappa()
            .refer_to_mappa(&w.om, d, &referral("CATEGORY_2", "LEVEL_2", "Again"))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![("referral".into(), "already_referred")],
            "{l}"
        );

        // The coordinator now sees the case (a MAPPA case of the area) and the referral.
        let work = w.app.mappa().mappa_work(&c.coordinator).await.unwrap();
        assert_eq!(work.awaiting_screening.len(), 1, "{l}");
        assert_eq!(work.awaiting_screening[0].name, "Dean Dobson", "{l}");
        // The offender manager does not run MAPPA: no work list, and cannot screen.
        assert!(w.app.mappa().mappa_work(&w.om).await.is_err(), "{l}");
        let referral_id = r.id;
        let screening = |level: &str, why: &str, cppc: &str| ScreeningForm {
            level: level.into(),
            rationale: why.into(),
            critical_public_protection: cppc.into(),
        };
        let e = w
            .app
            .mappa()
            .screen_mappa_referral(&w.om, d, referral_id, &screening("LEVEL_2", "x", ""))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![("level".into(), "not_mappa_staff")],
            "{l}"
        );
        // Level 3 must say whether it is a critical public protection case.
        let e = w
            .app
            .mappa()
            .screen_mappa_referral(
                &c.coordinator,
                d,
                referral_id,
                &screening("LEVEL_3", "High risk", ""),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![("critical_public_protection".into(), "required")],
            "{l}"
        );
        let next = w
            .app
            .mappa()
            .screen_mappa_referral(
                &c.coordinator,
                d,
                referral_id,
                &screening(
                    "LEVEL_2",
                    "RoSH high to a known adult; multi-agency meetings add value (criterion a).",
                    "",
                ),
            )
            .await
            .unwrap();
        assert_eq!(
            next,
            ymd(2026, 3, 10) + Duration::weeks(16),
            "{l}: Level 2 every 16 weeks"
        );
        let view = w.app.mappa().mappa_case(&w.om, d).await.unwrap();
        let current = view.current.clone().unwrap();
        assert_eq!(
            (current.status.code(), current.level.as_str()),
            ("active", "Level 2"),
            "{l}"
        );
        assert_eq!(view.referrals[0].status.code(), "screened", "{l}");
        // The review is on the offender manager's caseload beside the tasks.
        let cases = w
            .app
            .people()
            .caseload(&w.om, &CaseloadQuery::default())
            .await
            .unwrap();
        let row = cases.iter().find(|r| r.person_id == d).unwrap();
        assert!(
            row.open_tasks
                .iter()
                .any(|t| t.title == "MAPPA review (Level 2)" && t.due_on == next),
            "{l}: {:?}",
            row.open_tasks
        );
        // Screening twice is refused.
        let e = w
            .app
            .mappa()
            .screen_mappa_referral(
                &c.coordinator,
                d,
                referral_id,
                &screening("LEVEL_2", "again", ""),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![("referral".into(), "already_screened")],
            "{l}"
        );

        // Sixteen weeks on the review is overdue on the work list; the chair reviews it.
        c.clock.advance(Duration::weeks(17));
        let work = w.app.mappa().mappa_work(&c.chair).await.unwrap();
        assert_eq!(work.reviews.len(), 1, "{l}");
        assert!(work.reviews[0].flagged, "{l}: overdue");
        let next = w
            .app
            .mappa()
            .review_mappa_case(
                &c.chair,
                d,
                &MappaReviewForm {
                    level: "LEVEL_2".into(),
                    rationale: "Plan working; keep Level 2 after release.".into(),
                    critical_public_protection: String::new(),
                },
            )
            .await
            .unwrap();
        assert_eq!(next, c.w.app.clock().today() + Duration::weeks(16), "{l}");

        // Leaving because eligibility ended is refused while the licence runs.
        let exit = |reason: &str| MappaExitForm {
            reason: reason.into(),
            rationale: "Licence ended; no further convictions.".into(),
        };
        let e = w
            .app
            .mappa()
            .end_mappa_case(&c.coordinator, d, &exit("eligibility_ended"))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![("reason".into(), "eligibility_continues")],
            "{l}"
        );

        // 28 days before the licence ends the work list prompts; after it, the exit.
        c.clock.advance(Duration::days(
            (ymd(2027, 9, 10) - c.w.app.clock().today()).num_days(),
        ));
        let work = w.app.mappa().mappa_work(&c.coordinator).await.unwrap();
        assert_eq!(
            work.ending.len(),
            1,
            "{l}: prompted before eligibility ends"
        );
        assert!(
            w.app
                .mappa()
                .mappa_case(&w.om, d)
                .await
                .unwrap()
                .current
                .unwrap()
                .end_prompt_due,
            "{l}"
        );
        c.clock.advance(Duration::days(22));
        w.app
            .mappa()
            .end_mappa_case(&c.coordinator, d, &exit("eligibility_ended"))
            .await
            .unwrap();
        let view = w.app.mappa().mappa_case(&w.om, d).await.unwrap();
        assert!(view.current.is_none(), "{l}");
        assert_eq!(view.past[0].status.code(), "ended", "{l}");
        let kinds: Vec<&str> = view.decisions.iter().map(|d| d.kind.code()).collect();
        assert_eq!(kinds, ["category", "level", "review", "exit"], "{l}");
        // The ended case no longer gives the coordinator access.
        assert!(
            w.app.mappa().mappa_case(&c.coordinator, d).await.is_err(),
            "{l}"
        );
        assert_chain_intact(w).await;
    }
}

#[tokio::test]
async fn a_late_referral_is_flagged_and_a_partner_cannot_refer() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        let (w, d, l) = (&c.w, c.d, t.label);
        // Five months before release: late.
        c.clock.advance(Duration::days(
            (ymd(2026, 5, 1) - ymd(2026, 3, 10)).num_days(),
        ));
        let view = w.app.mappa().mappa_case(&w.om, d).await.unwrap();
        assert!(view.late_if_referred_today, "{l}");
        w.app
            .mappa()
            .refer_to_mappa(
                &w.om,
                d,
                &referral("CATEGORY_2", "LEVEL_2", "Late, but needed"),
            )
            .await
            .unwrap();
        let view = w.app.mappa().mappa_case(&w.om, d).await.unwrap();
        assert!(view.referrals[0].late, "{l}");
        let work = w.app.mappa().mappa_work(&c.coordinator).await.unwrap();
        assert!(
            work.awaiting_screening[0].flagged,
            "{l}: late referrals stand out"
        );
        // A partner with no relationship is refused, and the refusal is audited.
        let before = audit_count(w.app.db()).await;
        assert!(w
            .app
            .mappa()
            .refer_to_mappa(&w.housing, d, &referral("CATEGORY_2", "LEVEL_2", "x"))
            .await
            .is_err());
        assert_eq!(
            audit_count(w.app.db()).await,
            before + 1,
            "{l}: the denial is audited"
        );
        assert_eq!(last_audit(w.app.db()).await.kind, "denied", "{l}");
    }
}
