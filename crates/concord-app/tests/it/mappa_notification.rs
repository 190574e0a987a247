//! Issue 26 through the use cases: a sentence's length is the term the court imposed
//! (Mr D's two years read "2 years", not the 19 months his dates span), refused when it
//! is not a length; and a registered sexual offender's notification period is computed
//! by the SOA 2003 s.82 table from his conviction, with the rule in the reasons.

use concord_app::*;
use concord_mappa::{Category, EndDate};

use crate::support::*;

fn custody(start: chrono::NaiveDate, end: chrono::NaiveDate, term: &str) -> SentenceInput {
    SentenceInput {
        kind: "custody".into(),
        description: "Imprisonment".into(),
        start_date: DateInput::from_date(start),
        end_date: DateInput::from_date(end),
        release_date: DateInput::from_date(start + chrono::Duration::days(200)),
        licence_end_date: DateInput::from_date(end),
        term: term.into(),
    }
}

#[tokio::test]
async fn the_custody_mappa_reads_is_the_term_the_court_imposed() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let l = t.label;
        // Two years, five months of it on remand: his dates span 19 months.
        let mut input = person("Dean", "Dobson", ymd(1973, 3, 14));
        input.offences = vec![OffenceInput {
            offence_code: "00801".into(),
            description: "Threats to kill".into(),
            offence_date: DateInput::from_date(ymd(2025, 2, 1)),
            conviction_date: DateInput::from_date(ymd(2025, 9, 20)),
            disposal: "immediate_custody".into(),
        }];
        input.sentences = vec![custody(ymd(2025, 10, 1), ymd(2027, 5, 1), "26 fortnights")];
        let err = w
            .app
            .people()
            .register_person(&w.om, &input)
            .await
            .unwrap_err();
        assert!(
            field_codes(&err)
                .iter()
                .any(|(f, c)| f.ends_with("term") && *c == "invalid"),
            "{l}: {err:?}"
        );
        input.sentences = vec![custody(ymd(2025, 10, 1), ymd(2027, 5, 1), "2 years")];
        let d = w.app.people().register_person(&w.om, &input).await.unwrap();
        allocate(&w, &w.om, d, &w.om, "offender_manager").await;
        let view = w.app.mappa().mappa_case(&w.om, d).await.unwrap();
        let proposal = view.proposal.unwrap();
        assert_eq!(proposal.category, Some(Category::Two), "{l}");
        assert!(
            proposal
                .reasons
                .iter()
                .any(|r| r.contains("sentenced to 2 years of custody")),
            "{l}: {:?}",
            proposal.reasons
        );
        assert!(
            !proposal.reasons.iter().any(|r| r.contains("19 months")),
            "{l}"
        );
        assert!(
            view.facts
                .sentences
                .iter()
                .any(|s| s.starts_with("Custodial sentence of 2 years from 1 October 2025")),
            "{l}: {:?}",
            view.facts.sentences
        );
    }
}

#[tokio::test]
async fn a_registered_sexual_offenders_notification_period_is_computed_by_s82() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let l = t.label;
        // Convicted on 2 August 2025 of a sexual offence, 2 years' imprisonment; the
        // notification entry was typed with a wrong end (2030).
        let mut input = person("Stephen", "Marsh", ymd(1990, 1, 5));
        input.offences = vec![OffenceInput {
            offence_code: "01600".into(),
            description: "Sexual assault".into(),
            offence_date: DateInput::from_date(ymd(2025, 1, 10)),
            conviction_date: DateInput::from_date(ymd(2025, 8, 2)),
            disposal: "immediate_custody".into(),
        }];
        input.sentences = vec![
            custody(ymd(2025, 8, 2), ymd(2027, 8, 2), "2 years"),
            SentenceInput {
                kind: "notification_requirement".into(),
                description: "Sex offender notification requirements".into(),
                start_date: DateInput::from_date(ymd(2025, 8, 2)),
                end_date: DateInput::from_date(ymd(2030, 8, 1)),
                ..SentenceInput::default()
            },
        ];
        let p = w.app.people().register_person(&w.om, &input).await.unwrap();
        allocate(&w, &w.om, p, &w.om, "offender_manager").await;
        let proposal = w
            .app
            .mappa()
            .mappa_case(&w.om, p)
            .await
            .unwrap()
            .proposal
            .unwrap();
        assert_eq!(proposal.category, Some(Category::One), "{l}");
        assert_eq!(
            proposal.notification_ends,
            Some(EndDate::On(ymd(2035, 8, 1))),
            "{l}: ten years beginning with the conviction, not the typed 2030"
        );
        assert!(
            proposal.reasons.iter().any(|r| r.contains(
                "Imprisonment for 2 years, more than 6 months but less than 30 months: 10 years (s.82(1))"
            ) && r.contains("Sexual assault on 2 August 2025")),
            "{l}: {:?}",
            proposal.reasons
        );
        // Corrected by hand, with the reason: the correction applies and the computed
        // period stays beside it. Bad input is refused, naming the field.
        let m = w.app.mappa();
        for (form, field, code) in [
            (
                NotificationCorrectionForm {
                    last_day: "1/8/2030".into(),
                    indefinite: true,
                    reason: "Court order".into(),
                },
                "last_day",
                "both",
            ),
            (
                NotificationCorrectionForm {
                    reason: "Court order".into(),
                    ..NotificationCorrectionForm::default()
                },
                "last_day",
                "required",
            ),
            (
                NotificationCorrectionForm {
                    last_day: "1/8/2030".into(),
                    ..NotificationCorrectionForm::default()
                },
                "correction_reason",
                "required",
            ),
            (
                NotificationCorrectionForm {
                    last_day: "1/8/2020".into(),
                    reason: "Court order".into(),
                    ..NotificationCorrectionForm::default()
                },
                "last_day",
                "before_start",
            ),
        ] {
            let err = m
                .correct_notification_period(&w.om, p, &form)
                .await
                .unwrap_err();
            assert_eq!(field_codes(&err)[0], (field.to_string(), code), "{l}");
        }
        assert!(
            w.app
                .mappa()
                .mappa_case(&w.om, p)
                .await
                .unwrap()
                .may_correct_notification,
            "{l}"
        );
        m.correct_notification_period(
            &w.om,
            p,
            &NotificationCorrectionForm {
                last_day: "1/8/2032".into(),
                reason:
                    "The Crown Court's certificate gives seven years (appeal varied the sentence)"
                        .into(),
                ..NotificationCorrectionForm::default()
            },
        )
        .await
        .unwrap();
        let proposal = m.mappa_case(&w.om, p).await.unwrap().proposal.unwrap();
        assert_eq!(
            proposal.notification_ends,
            Some(EndDate::On(ymd(2032, 8, 1))),
            "{l}"
        );
        assert!(
            proposal.reasons.iter().any(|r| r.contains("corrected on")
                && r.contains("appeal varied the sentence")
                && r.contains("Concord computed Imprisonment for 2 years")),
            "{l}: {:?}",
            proposal.reasons
        );
        // Aged 17 at conviction: halved to five years.
        let mut young = input.clone();
        young.details.given_name = "Kyle".into();
        young.details.date_of_birth = DateInput::from_date(ymd(2008, 1, 5));
        let y = w.app.people().register_person(&w.om, &young).await.unwrap();
        allocate(&w, &w.om, y, &w.om, "offender_manager").await;
        let proposal = w
            .app
            .mappa()
            .mappa_case(&w.om, y)
            .await
            .unwrap()
            .proposal
            .unwrap();
        assert_eq!(
            proposal.notification_ends,
            Some(EndDate::On(ymd(2030, 8, 1))),
            "{l}"
        );
        assert!(
            proposal.reasons.iter().any(|r| r.contains("halved")),
            "{l}: {:?}",
            proposal.reasons
        );
    }
}

#[tokio::test]
async fn a_terrorist_notification_requirement_is_category_4_and_a_disqualification_category_2() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let l = t.label;
        let order = |kind: &str, start: chrono::NaiveDate| SentenceInput {
            kind: kind.into(),
            description: "As ordered".into(),
            start_date: DateInput::from_date(start),
            ..SentenceInput::default()
        };
        let propose = async |input: &RegisterPersonInput| {
            let p = w.app.people().register_person(&w.om, input).await.unwrap();
            allocate(&w, &w.om, p, &w.om, "offender_manager").await;
            w.app
                .mappa()
                .mappa_case(&w.om, p)
                .await
                .unwrap()
                .proposal
                .unwrap()
        };
        // Collecting information for terrorist purposes, 30 months; the Part 4
        // notification requirement followed.
        let mut input = person("Imran", "Talbot", ymd(1995, 4, 1));
        input.offences = vec![OffenceInput {
            offence_code: "09900".into(),
            description: "Collection of information useful for terrorism".into(),
            offence_date: DateInput::from_date(ymd(2024, 1, 10)),
            conviction_date: DateInput::from_date(ymd(2024, 9, 2)),
            disposal: "immediate_custody".into(),
        }];
        input.sentences = vec![
            custody(ymd(2024, 9, 2), ymd(2027, 3, 2), "30 months"),
            order("terrorism_notification_requirement", ymd(2024, 9, 2)),
        ];
        let proposal = propose(&input).await;
        assert_eq!(
            proposal.category,
            Some(Category::Four),
            "{l}: {:?}",
            proposal.reasons
        );
        // Without the requirement he is not proposed for Category 4.
        input.details.given_name = "Ibrahim".into();
        input.sentences.pop();
        let proposal = propose(&input).await;
        assert_ne!(proposal.category, Some(Category::Four), "{l}");
        // Disqualified from working with children: Category 2 with no qualifying sentence.
        let mut input = person("Colin", "Reeve", ymd(1970, 6, 1));
        input.offences = vec![OffenceInput {
            offence_code: "00839".into(),
            description: "Exposure".into(),
            offence_date: DateInput::from_date(ymd(2025, 1, 10)),
            conviction_date: DateInput::from_date(ymd(2025, 3, 2)),
            disposal: "fine".into(),
        }];
        input.sentences = vec![order("children_disqualification", ymd(2025, 3, 2))];
        let proposal = propose(&input).await;
        assert_eq!(proposal.category, Some(Category::Two), "{l}");
        assert!(
            proposal
                .reasons
                .iter()
                .any(|r| r.contains("Disqualified from working with children")),
            "{l}"
        );
        // A 17-year-old's detention and training order of 12 months for a violent
        // offence: custody, Category 2.
        let mut input = person("Jordan", "Pike", ymd(2008, 2, 1));
        input.offences = vec![OffenceInput {
            offence_code: "00801".into(),
            description: "Threats to kill".into(),
            offence_date: DateInput::from_date(ymd(2025, 5, 10)),
            conviction_date: DateInput::from_date(ymd(2025, 9, 2)),
            disposal: "immediate_custody".into(),
        }];
        input.sentences = vec![SentenceInput {
            kind: "detention_and_training_order".into(),
            ..custody(ymd(2025, 9, 2), ymd(2026, 9, 2), "12 months")
        }];
        let proposal = propose(&input).await;
        assert_eq!(
            proposal.category,
            Some(Category::Two),
            "{l}: {:?}",
            proposal.reasons
        );
    }
}

#[tokio::test]
async fn category_3_is_proposed_on_two_recorded_answers_with_their_reasons() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let l = t.label;
        // Harassment, a community order: not Category 1 or 2.
        let mut input = person("Gary", "Lomax", ymd(1980, 2, 2));
        input.offences = vec![OffenceInput {
            offence_code: "00839".into(),
            description: "Harassment".into(),
            offence_date: DateInput::from_date(ymd(2025, 1, 10)),
            conviction_date: DateInput::from_date(ymd(2025, 3, 2)),
            disposal: "community_order".into(),
        }];
        let p = w.app.people().register_person(&w.om, &input).await.unwrap();
        allocate(&w, &w.om, p, &w.om, "offender_manager").await;
        let m = w.app.mappa();
        let proposal = m.mappa_case(&w.om, p).await.unwrap().proposal.unwrap();
        assert_eq!(proposal.category, None, "{l}");
        assert!(
            proposal
                .reasons
                .iter()
                .any(|r| r.contains("judgement not yet recorded")),
            "{l}"
        );
        // Bad input: every field named, nothing saved.
        let err = m
            .answer_category_3(&w.om, p, &Category3Form::default())
            .await
            .unwrap_err();
        let mut fields: Vec<String> = field_codes(&err).into_iter().map(|f| f.0).collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                "capacity_for_serious_harm",
                "capacity_reason",
                "need_reason",
                "needs_level_2_or_3"
            ],
            "{l}"
        );
        // A partner cannot answer.
        assert!(
            m.answer_category_3(
                &w.housing,
                p,
                &Category3Form {
                    capacity_for_serious_harm: "yes".into(),
                    capacity_reason: "x".into(),
                    needs_level_2_or_3: "yes".into(),
                    need_reason: "y".into(),
                },
            )
            .await
            .is_err(),
            "{l}"
        );
        m.answer_category_3(
            &w.om,
            p,
            &Category3Form {
                capacity_for_serious_harm: "yes".into(),
                capacity_reason: "Threatened to burn her house with her children inside".into(),
                needs_level_2_or_3: "yes".into(),
                need_reason: "Police, housing and the refuge must act together".into(),
            },
        )
        .await
        .unwrap();
        let proposal = m.mappa_case(&w.om, p).await.unwrap().proposal.unwrap();
        assert_eq!(proposal.category, Some(Category::Three), "{l}");
        let last = proposal.reasons.last().unwrap();
        assert!(
            last.contains("burn her house") && last.contains("no RoSH is signed"),
            "{l}: {last}"
        );
        assert_chain_intact(&w).await;
    }
}
