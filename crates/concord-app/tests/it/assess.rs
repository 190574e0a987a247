//! Assess, end to end: a risk review pre-filled from the record, corrections only with a
//! reason, other agencies' entries read before sign-off, the scores as the published
//! formulas give them, tasks when risk rises, a signed review never changed, and the
//! compute-only calculators for service accounts only.

use chrono::Duration;
use concord_app::*;
use concord_domain::PersonId;

use crate::support::*;

/// Dean Miles: theft at 17, burglary, then violence; released on licence on 1 February.
async fn dean(w: &World) -> PersonId {
    let mut input = person("Dean", "Miles", ymd(1990, 6, 15));
    input.offences = vec![
        offence("03800", "Theft from a shop", (2008, 1, 10), (2008, 3, 1)),
        offence(
            "02800",
            "Burglary in a dwelling",
            (2012, 4, 1),
            (2012, 6, 1),
        ),
        offence("00800", "Wounding with intent", (2025, 5, 1), (2025, 8, 1)),
    ];
    input.sentences = vec![SentenceInput {
        kind: "custody".into(),
        description: "18 months".into(),
        start_date: DateInput::from_date(ymd(2025, 8, 1)),
        end_date: DateInput::from_date(ymd(2027, 2, 1)),
        release_date: DateInput::from_date(ymd(2026, 2, 1)),
        licence_end_date: DateInput::from_date(ymd(2027, 2, 1)),
    }];
    let id = w.app.register_person(&w.om, &input).await.unwrap();
    allocate(w, &w.om, id, &w.om, "offender_manager").await;
    allocate(w, &w.om, id, &w.ppo, "police_offender_manager").await;
    id
}

fn fact<'a>(r: &'a RiskReview, field: &str) -> Option<&'a str> {
    r.facts
        .iter()
        .find(|f| f.field == field)
        .and_then(|f| f.value.as_deref())
}

/// The facts as the form sends them back: every value unchanged.
fn unchanged(r: &RiskReview) -> Vec<(String, String, String)> {
    r.facts
        .iter()
        .map(|f| {
            (
                f.field.clone(),
                f.value.clone().unwrap_or_default(),
                String::new(),
            )
        })
        .collect()
}

fn rosh_form(known_adult: &str) -> RoshForm {
    RoshForm {
        levels: vec![
            ("CHILDREN".into(), "LOW".into()),
            ("PUBLIC".into(), "MEDIUM".into()),
            ("KNOWN_ADULT".into(), known_adult.into()),
            ("STAFF".into(), "LOW".into()),
        ],
        who_is_at_risk: "His former partner, Ms A".into(),
        nature_of_harm: "Serious violence with a weapon".into(),
        when_most_likely: "When drinking, and at child contact handovers".into(),
        what_increases: "Alcohol; the end of the relationship".into(),
        what_reduces: "Stable accommodation; engagement with the alcohol service".into(),
        review_due_on: "10/6/2026".into(),
    }
}

fn fields(e: AppError) -> Vec<String> {
    match e {
        AppError::Validation(v) => v.errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_risk_review_is_prefilled_checked_signed_and_raises_tasks_when_risk_rises() {
    for t in concord_testkit::databases().await {
        let clock = TestClock::new(now());
        let w = world_with_clock(&t, clock.clock()).await;
        let dean = dean(&w).await;
        clock.advance(Duration::minutes(5));
        w.app
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

        let id = w.app.start_risk_review(&w.om, dean).await.unwrap();
        // Starting again carries on with the same review.
        assert_eq!(
            w.app.start_risk_review(&w.om, dean).await.unwrap(),
            id,
            "{}",
            t.label
        );
        let r = w.app.risk_review(&w.om, dean, id).await.unwrap();
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
            w.app.risk_review(&w.om, dean, id).await.unwrap().version,
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
            .confirm_review_facts(&w.om, dean, id, r.version, &corrected)
            .await
            .unwrap();
        let r = w.app.risk_review(&w.om, dean, id).await.unwrap();
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
            .save_review_rosh(&w.om, dean, id, r.version, &rosh_form("HIGH"))
            .await
            .unwrap();
        let r = w.app.risk_review(&w.om, dean, id).await.unwrap();
        w.app
            .acknowledge_review_entries(&w.om, dean, id, r.version)
            .await
            .unwrap();

        // Police record something after the acknowledgement: it must be read too.
        clock.advance(Duration::minutes(5));
        w.app
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
        let r = w.app.risk_review(&w.om, dean, id).await.unwrap();
        assert!(r.needs_acknowledgement, "{}", t.label);
        let missing = fields(
            w.app
                .sign_risk_review(&w.om, dean, id, r.version)
                .await
                .unwrap_err(),
        );
        assert_eq!(missing, ["entries"], "{}", t.label);
        clock.advance(Duration::minutes(1));
        w.app
            .acknowledge_review_entries(&w.om, dean, id, r.version)
            .await
            .unwrap();
        let r = w.app.risk_review(&w.om, dean, id).await.unwrap();
        let signed = w
            .app
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
        let r = w.app.risk_review(&w.om, dean, id).await.unwrap();
        assert!(r.is_signed(), "{}", t.label);
        let refused = fields(
            w.app
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

        let history = w.app.risk_history(&w.om, dean).await.unwrap();
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
            .caseload(&w.om, &CaseloadQuery::default())
            .await
            .unwrap();
        let row = rows.iter().find(|r| r.person_id == dean).unwrap();
        assert_eq!(row.rosh, Some(concord_risk::RoshLevel::High), "{}", t.label);
        assert_eq!(row.open_tasks.len(), 2, "{}", t.label);

        let chronology = w
            .app
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
        let second = w.app.start_risk_review(&w.om, dean).await.unwrap();
        assert_ne!(second, id, "{}", t.label);
        let r2 = w.app.risk_review(&w.om, dean, second).await.unwrap();
        assert!(
            r2.other_entries.is_empty(),
            "{}: nothing new since the last review",
            t.label
        );
        w.app
            .confirm_review_facts(&w.om, dean, second, r2.version, &unchanged(&r2))
            .await
            .unwrap();
        w.app
            .save_review_rosh(&w.om, dean, second, r2.version + 1, &rosh_form("HIGH"))
            .await
            .unwrap();
        w.app
            .acknowledge_review_entries(&w.om, dean, second, r2.version + 2)
            .await
            .unwrap();
        let signed = w
            .app
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
            w.app.risk_history(&w.om, dean).await.unwrap().reviews.len(),
            2,
            "{}: the first is kept",
            t.label
        );

        // A task is done once.
        let task = history.tasks[0].id;
        w.app.complete_task(&w.om, dean, task).await.unwrap();
        assert!(
            matches!(
                w.app.complete_task(&w.om, dean, task).await,
                Err(AppError::NotFound)
            ),
            "{}",
            t.label
        );
    }
}

#[tokio::test]
async fn partners_see_no_risk_section_and_only_service_accounts_compute() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let dean = dean(&w).await;
        let denied = w.app.risk_history(&w.housing, dean).await.unwrap_err();
        assert!(
            matches!(denied, AppError::Denied { .. } | AppError::NotFound),
            "{}: {denied:?}",
            t.label
        );
        assert!(
            w.app.start_risk_review(&w.housing, dean).await.is_err(),
            "{}",
            t.label
        );
        let refused = last_audit(w.app.db()).await;
        assert_eq!(
            refused.outcome, "denied",
            "{}: the attempt is audited",
            t.label
        );

        let request: concord_risk::RiskScoreRequest = serde_json::from_value(serde_json::json!({
            "gender": "MALE", "date_of_birth": "1990-06-15",
            "date_of_current_conviction": "2025-08-01",
            "date_at_start_of_followup_calculated": "2026-02-01",
            "total_number_of_sanctions_for_all_offences": 3, "age_at_first_sanction": 17,
            "current_offence_code": "00800"
        }))
        .unwrap();
        assert!(
            matches!(
                w.app.compute_risk_scores(&w.om, &request).await,
                Err(AppError::Denied { .. })
            ),
            "{}",
            t.label
        );
        let service = add_staff(&w, "svc.oasys", "OASys bridge", "PRB", "risk_service").await;
        let scores = w.app.compute_risk_scores(&service, &request).await.unwrap();
        assert_eq!(scores.ogrs3.output.two_year_score, Some(17), "{}", t.label);
        let audited = last_audit(w.app.db()).await;
        assert_eq!(
            (audited.person_id, audited.outcome.as_str()),
            (None, "allowed"),
            "{}",
            t.label
        );
        // The service account reads no record.
        assert!(
            w.app.view_person(&service, dean).await.is_err(),
            "{}",
            t.label
        );
    }
}

/// A police DASH checklist with `yes` "yes" answers (questions 1 to `yes`), the rest "no".
fn dash_form(yes: u8) -> DashForm {
    DashForm {
        version: "police".into(),
        victim: "Victim A, ref DA/26/0412".into(),
        answers: (1..=27)
            .map(|id| (id, if id <= yes { "yes" } else { "no" }.to_string()))
            .collect(),
        ..DashForm::default()
    }
}

#[tokio::test]
async fn a_dash_checklist_scores_prompts_a_marac_referral_and_keeps_the_victims_answers_restricted()
{
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let dean = dean(&w).await;
        let da = add_staff(&w, "da.hill", "Dana Hill", "POL", "domestic_abuse_officer").await;
        allocate(&w, &w.ppo, dean, &da, "domestic_abuse_officer").await;

        // The offender manager may not complete one: it records the victim's own answers,
        // and the victim section is not theirs. The attempt is audited.
        let refused = w.app.record_dash(&w.om, dean, &dash_form(15)).await;
        assert!(
            matches!(refused, Err(AppError::Denied { .. })),
            "{}: {refused:?}",
            t.label
        );
        assert_eq!(
            last_audit(w.app.db()).await.outcome,
            "denied",
            "{}",
            t.label
        );

        // Every problem at once, and nothing kept.
        let mut bad = dash_form(15);
        bad.victim = " ".into();
        bad.answers.remove(&3);
        bad.professional_judgement = "standard".into();
        bad.incidents = "1/3/2026\nyesterday".into();
        let problems = fields(w.app.record_dash(&da, dean, &bad).await.unwrap_err());
        for field in ["victim", "q3", "professional_judgement", "incidents"] {
            assert!(
                problems.iter().any(|p| p == field),
                "{}: {field} in {problems:?}",
                t.label
            );
        }
        assert!(
            w.app.risk_history(&da, dean).await.unwrap().dash.is_empty(),
            "{}",
            t.label
        );

        // Fifteen "yes" answers and three incidents this year: high, and two criteria.
        let mut form = dash_form(15);
        form.incidents = "2/1/2026\n14/2/2026\n1/3/2026".into();
        let id = w.app.record_dash(&da, dean, &form).await.unwrap();
        let own = w.app.dash_checklist(&da, dean, id).await.unwrap();
        assert_eq!(
            (own.score.yes_count, own.score.level),
            (15, concord_risk::dash::DashRiskLevel::High),
            "{}",
            t.label
        );
        assert_eq!(
            own.marac.criteria,
            vec![
                concord_risk::dash::MaracCriterion::VisibleHighRisk,
                concord_risk::dash::MaracCriterion::PotentialEscalation
            ],
            "{}",
            t.label
        );
        assert_eq!(
            own.victim.as_deref(),
            Some("Victim A, ref DA/26/0412"),
            "{}",
            t.label
        );
        assert_eq!(
            own.questions[0].answer,
            Some(concord_risk::dash::DashAnswer::Yes),
            "{}: question 1 (injury) is the victim's answer, seen by the officer",
            t.label
        );

        // The offender manager sees the level, the MARAC decision and the abuser's
        // behaviour; not who the victim is nor her own answers.
        let om = w.app.dash_checklist(&w.om, dean, id).await.unwrap();
        assert!(om.victim_restricted && om.victim.is_none(), "{}", t.label);
        assert_eq!(om.score.level, own.score.level, "{}", t.label);
        for q in &om.questions {
            assert_eq!(
                q.answer.is_some(),
                !q.about_victim,
                "{}: question {} ({})",
                t.label,
                q.number,
                q.text
            );
        }
        let history = w.app.risk_history(&w.om, dean).await.unwrap();
        assert!(!history.may_record_dash, "{}", t.label);
        assert_eq!(history.dash.len(), 1, "{}", t.label);
        let task = history
            .tasks
            .iter()
            .find(|task| task.kind == "marac_referral")
            .unwrap_or_else(|| panic!("{}: a MARAC referral task", t.label));
        assert!(task.reason.contains("visible high risk"), "{}", t.label);
        assert!(
            w.app.risk_history(&da, dean).await.unwrap().may_record_dash,
            "{}",
            t.label
        );

        // Three "yes" answers, raised to high on professional judgement with reasons:
        // the level rises, and the referral is on professional judgement.
        let mut judged = dash_form(3);
        judged.professional_judgement = "high".into();
        judged.concerns = "Threatened to kill her after she left; she believes him".into();
        let id = w.app.record_dash(&da, dean, &judged).await.unwrap();
        let d = w.app.dash_checklist(&da, dean, id).await.unwrap();
        assert!(
            d.score.raised_by_professional_judgement
                && d.score.suggested_level == concord_risk::dash::DashRiskLevel::Standard
                && d.score.level == concord_risk::dash::DashRiskLevel::High,
            "{}: {:?}",
            t.label,
            d.score
        );
        assert_eq!(
            d.marac.criteria,
            vec![concord_risk::dash::MaracCriterion::ProfessionalJudgement],
            "{}",
            t.label
        );
        // Partners see no checklist at all.
        assert!(
            w.app.dash_checklist(&w.housing, dean, id).await.is_err(),
            "{}",
            t.label
        );
    }
}
