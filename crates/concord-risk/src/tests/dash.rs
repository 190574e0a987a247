use super::d;
use crate::dash::*;

fn checklist(version: DashVersion, yes: &[u8]) -> DashChecklist {
    DashChecklist {
        version,
        answers: yes.iter().map(|id| (*id, DashAnswer::Yes)).collect(),
        professional_judgement: None,
    }
}

#[test]
fn the_question_table_has_both_versions() {
    assert_eq!(QUESTIONS.len(), 27);
    assert_eq!(DashVersion::Police.questions().count(), 27);
    assert_eq!(DashVersion::SafeLives.questions().count(), 24);
    let police_only: Vec<u8> = QUESTIONS
        .iter()
        .filter(|q| q.safelives_number.is_none())
        .map(|q| q.id)
        .collect();
    assert_eq!(police_only, [10, 11, 12]);
    // Ids run 1..=27 and SafeLives numbers 1..=24, both in form order.
    assert!(QUESTIONS
        .iter()
        .enumerate()
        .all(|(i, q)| q.id as usize == i + 1));
    let safelives: Vec<u8> = DashVersion::SafeLives
        .questions()
        .filter_map(|q| q.safelives_number)
        .collect();
    assert_eq!(safelives, (1..=24).collect::<Vec<u8>>());
    assert!(QUESTIONS.iter().all(|q| q.wording_verified == (q.id <= 11)));
    assert!(QUESTIONS.iter().all(|q| q.text.ends_with('?')));
}

#[test]
fn yes_counts_give_the_suggested_level_at_every_edge() {
    let level = |n: u8| {
        score_dash(&checklist(
            DashVersion::Police,
            &(1..=n).collect::<Vec<_>>(),
        ))
        .unwrap()
        .level
    };
    assert_eq!(level(0), DashRiskLevel::Standard);
    assert_eq!(level(1), DashRiskLevel::Standard);
    assert_eq!(level(9), DashRiskLevel::Standard);
    assert_eq!(level(10), DashRiskLevel::Medium);
    assert_eq!(level(13), DashRiskLevel::Medium);
    assert_eq!(level(14), DashRiskLevel::High);
    assert_eq!(level(27), DashRiskLevel::High);
}

#[test]
fn no_and_dont_know_do_not_count_and_unanswered_are_listed() {
    let mut c = checklist(DashVersion::SafeLives, &[1, 2, 3]);
    c.answers.insert(4, DashAnswer::No);
    c.answers.insert(5, DashAnswer::DontKnow);
    let s = score_dash(&c).unwrap();
    assert_eq!(s.yes_count, 3);
    assert_eq!(s.unanswered.len(), 24 - 5);
    assert!(!s.unanswered.contains(&10));
}

#[test]
fn professional_judgement_raises_but_never_lowers() {
    let mut c = checklist(DashVersion::Police, &[1, 2]);
    c.professional_judgement = Some(DashRiskLevel::High);
    let s = score_dash(&c).unwrap();
    assert_eq!(
        (s.suggested_level, s.level),
        (DashRiskLevel::Standard, DashRiskLevel::High)
    );
    assert!(s.raised_by_professional_judgement);
    let mut c = checklist(DashVersion::Police, &(1..=15).collect::<Vec<_>>());
    c.professional_judgement = Some(DashRiskLevel::Standard);
    let s = score_dash(&c).unwrap();
    assert_eq!(s.level, DashRiskLevel::High);
    assert!(!s.raised_by_professional_judgement);
}

#[test]
fn answers_off_the_form_are_refused() {
    assert_eq!(
        score_dash(&checklist(DashVersion::SafeLives, &[11])),
        Err(DashError::NotInVersion {
            id: 11,
            version: DashVersion::SafeLives
        })
    );
    assert_eq!(
        score_dash(&checklist(DashVersion::Police, &[28])),
        Err(DashError::UnknownQuestion(28))
    );
    assert_eq!(
        score_dash(&checklist(DashVersion::Police, &[0])),
        Err(DashError::UnknownQuestion(0))
    );
}

fn marac(yes_count: u32) -> MaracInput {
    MaracInput {
        yes_count,
        professional_judgement_concerns: None,
        incident_dates: vec![],
        last_marac_referral: None,
        escalation: EscalationThreshold::default(),
    }
}

#[test]
fn marac_criteria() {
    let today = d(2025, 6, 1);
    assert_eq!(
        evaluate_marac(&marac(13), today),
        MaracDecision {
            refer: false,
            criteria: vec![]
        }
    );
    assert_eq!(
        evaluate_marac(&marac(14), today).criteria,
        [MaracCriterion::VisibleHighRisk]
    );
    let pj = MaracInput {
        professional_judgement_concerns: Some("Threats to kill; victim very frightened".into()),
        ..marac(3)
    };
    assert_eq!(
        evaluate_marac(&pj, today).criteria,
        [MaracCriterion::ProfessionalJudgement]
    );
    let blank = MaracInput {
        professional_judgement_concerns: Some("  ".into()),
        ..marac(3)
    };
    assert!(!evaluate_marac(&blank, today).refer);
    // Three incidents in the 12 months to today (2 Jun 2024 … 1 Jun 2025).
    let escalation = MaracInput {
        incident_dates: vec![d(2024, 6, 2), d(2025, 1, 1), d(2025, 6, 1)],
        ..marac(0)
    };
    assert_eq!(
        evaluate_marac(&escalation, today).criteria,
        [MaracCriterion::PotentialEscalation]
    );
    let outside = MaracInput {
        incident_dates: vec![d(2024, 6, 1), d(2025, 1, 1), d(2025, 6, 1), d(2025, 7, 1)],
        ..marac(0)
    };
    assert!(!evaluate_marac(&outside, today).refer);
    // Areas using a 6-month window.
    let six = MaracInput {
        escalation: EscalationThreshold {
            incidents: 3,
            months: 6,
        },
        ..escalation.clone()
    };
    assert!(!evaluate_marac(&six, today).refer);
    // Repeat: a further incident within 12 months of the last referral.
    let repeat = MaracInput {
        last_marac_referral: Some(d(2024, 7, 1)),
        incident_dates: vec![d(2025, 5, 1)],
        ..marac(0)
    };
    assert_eq!(
        evaluate_marac(&repeat, today).criteria,
        [MaracCriterion::RepeatReferral]
    );
    let late = MaracInput {
        last_marac_referral: Some(d(2024, 1, 1)),
        incident_dates: vec![d(2025, 1, 2)],
        ..marac(0)
    };
    assert!(!evaluate_marac(&late, today).refer);
    let before = MaracInput {
        last_marac_referral: Some(d(2025, 1, 1)),
        incident_dates: vec![d(2024, 12, 1)],
        ..marac(0)
    };
    assert!(!evaluate_marac(&before, today).refer);
}
