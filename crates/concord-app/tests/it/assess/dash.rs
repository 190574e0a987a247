//! The police DASH checklist: its score, the MARAC prompt, the victim's answers restricted.

use concord_app::*;

use super::{dean, fields};
use crate::support::*;

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
        let refused = w
            .app
            .assess()
            .record_dash(&w.om, dean, &dash_form(15))
            .await;
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
        let problems = fields(
            w.app
                .assess()
                .record_dash(&da, dean, &bad)
                .await
                .unwrap_err(),
        );
        for field in ["victim", "q3", "professional_judgement", "incidents"] {
            assert!(
                problems.iter().any(|p| p == field),
                "{}: {field} in {problems:?}",
                t.label
            );
        }
        assert!(
            w.app
                .assess()
                .risk_history(&da, dean)
                .await
                .unwrap()
                .dash
                .is_empty(),
            "{}",
            t.label
        );

        // Fifteen "yes" answers and three incidents this year: high, and two criteria.
        let mut form = dash_form(15);
        form.incidents = "2/1/2026\n14/2/2026\n1/3/2026".into();
        let id = w.app.assess().record_dash(&da, dean, &form).await.unwrap();
        let own = w.app.assess().dash_checklist(&da, dean, id).await.unwrap();
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
        let om = w
            .app
            .assess()
            .dash_checklist(&w.om, dean, id)
            .await
            .unwrap();
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
        let history = w.app.assess().risk_history(&w.om, dean).await.unwrap();
        assert!(!history.may_record_dash, "{}", t.label);
        assert_eq!(history.dash.len(), 1, "{}", t.label);
        let task = history
            .tasks
            .iter()
            .find(|task| task.kind.code() == "marac_referral")
            .unwrap_or_else(|| panic!("{}: a MARAC referral task", t.label));
        assert!(task.reason.contains("visible high risk"), "{}", t.label);
        assert!(
            w.app
                .assess()
                .risk_history(&da, dean)
                .await
                .unwrap()
                .may_record_dash,
            "{}",
            t.label
        );

        // Three "yes" answers, raised to high on professional judgement with reasons:
        // the level rises, and the referral is on professional judgement.
        let mut judged = dash_form(3);
        judged.professional_judgement = "high".into();
        judged.concerns = "Threatened to kill her after she left; she believes him".into();
        let id = w
            .app
            .assess()
            .record_dash(&da, dean, &judged)
            .await
            .unwrap();
        let d = w.app.assess().dash_checklist(&da, dean, id).await.unwrap();
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
            w.app
                .assess()
                .dash_checklist(&w.housing, dean, id)
                .await
                .is_err(),
            "{}",
            t.label
        );
    }
}
