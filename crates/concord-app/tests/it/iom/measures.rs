//! The board's measures: proven reoffending by disposal computed from the register by
//! the official method, the LCJB measures Concord holds, and those imported from the
//! courts and police — numbers only, small numbers withheld, imports all or nothing.

use concord_app::*;
use concord_authz::Actor;
use concord_domain::PersonId;

use crate::support::*;

type Ymd = (i32, u32, u32);

/// Someone convicted on `convicted` of an offence committed a month before, disposed of
/// by `disposal`, with a sentence when given, and later offences (committed, convicted).
async fn convicted(
    w: &World,
    n: usize,
    disposal: &str,
    convicted: Ymd,
    sentence: Option<SentenceInput>,
    later: &[(Ymd, Ymd)],
) -> PersonId {
    let surname = format!("Cohort{}", char::from(b'a' + (n % 26) as u8));
    let mut input = person(
        "Test",
        &surname,
        ymd(1980, 1 + (n % 12) as u32, 1 + (n % 28) as u32),
    );
    let committed = (convicted.0, convicted.1 - 1, convicted.2);
    let mut first = offence("03800", "Shoplifting", committed, convicted);
    first.disposal = disposal.into();
    input.offences = vec![first];
    for (on, proven) in later {
        let mut o = offence("03800", "Shoplifting", *on, *proven);
        o.disposal = "fine".into();
        input.offences.push(o);
    }
    input.sentences = sentence.into_iter().collect();
    w.app
        .people()
        .register_person(&w.om, &input)
        .await
        .unwrap_or_else(|e| panic!("{}: register {n}: {e}", w.label))
}

fn sentence(
    kind: &str,
    description: &str,
    start: Ymd,
    end: Ymd,
    release: Option<Ymd>,
) -> SentenceInput {
    SentenceInput {
        kind: kind.into(),
        description: description.into(),
        start_date: DateInput::from_date(ymd(start.0, start.1, start.2)),
        end_date: DateInput::from_date(ymd(end.0, end.1, end.2)),
        release_date: release.map_or_else(DateInput::default, |r| {
            DateInput::from_date(ymd(r.0, r.1, r.2))
        }),
        licence_end_date: DateInput::default(),
        term: String::new(),
    }
}

fn line<'a>(f: &'a ReoffendingFigures, label: &str) -> &'a ReoffendingLine {
    f.lines.iter().find(|l| l.label == label).unwrap()
}

#[tokio::test]
async fn proven_reoffending_by_disposal_follows_the_official_method() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let l = t.label;
        // Today is 10 March 2026: the latest quarter whose year's follow-up and six
        // months' wait have elapsed is April to June 2024.
        assert_eq!(
            w.app.iom().latest_measurable_quarter(),
            ymd(2024, 4, 1),
            "{l}"
        );
        // Twelve community orders made on 15 April 2024, ten with unpaid work; four
        // reoffend in the year, one more only after it, and one is convicted too late.
        for n in 0..12 {
            let terms = if n < 10 {
                "Community order (12 months): 100 hours' unpaid work"
            } else {
                "Community order (12 months): rehabilitation activity requirement"
            };
            let later: Vec<(Ymd, Ymd)> = match n {
                0..=3 => vec![((2024, 8, 1), (2024, 10, 1))],
                4 => vec![((2025, 4, 16), (2025, 6, 1))],
                5 => vec![((2025, 3, 1), (2025, 10, 16))],
                _ => vec![],
            };
            let s = sentence("community_order", terms, (2024, 4, 15), (2025, 4, 15), None);
            convicted(&w, n, "community_order", (2024, 4, 15), Some(s), &later).await;
        }
        // Three released from short custody in May 2024, two reoffending.
        for n in 12..15 {
            let s = sentence(
                "custody",
                "6 months' imprisonment",
                (2024, 2, 1),
                (2024, 8, 1),
                Some((2024, 5, 1)),
            );
            let later = if n < 14 {
                vec![((2024, 9, 1), (2024, 11, 1))]
            } else {
                vec![]
            };
            convicted(&w, n, "immediate_custody", (2024, 2, 1), Some(s), &later).await;
        }
        let f = w
            .app
            .iom()
            .proven_reoffending(&w.board, None)
            .await
            .unwrap();
        assert_eq!(
            (f.cohort_start, f.cohort_end),
            (ymd(2024, 4, 1), ymd(2024, 6, 30)),
            "{l}"
        );
        let co = line(&f, "Community order").line.clone().unwrap();
        assert_eq!(
            (co.offenders, co.reoffenders, co.reoffences),
            (12, 4, 4),
            "{l}"
        );
        let payback = line(&f, "Community Payback (unpaid work)")
            .line
            .clone()
            .unwrap();
        assert_eq!((payback.offenders, payback.reoffenders), (10, 4), "{l}");
        assert_eq!(
            line(&f, "Community order").seed_figure,
            Some("just over 3 in 10 (community sentences)"),
            "{l}"
        );
        // Three people are too few to show: withheld, with everything derived from them.
        let short = line(&f, "Custody under 12 months");
        assert!(short.withheld && short.line.is_none(), "{l}");
        let all = line(&f, "All disposals").line.clone().unwrap();
        assert_eq!((all.offenders, all.reoffenders), (15, 6), "{l}");
        let (lo, hi) = all.interval.unwrap();
        assert!(
            lo < 0.4 && 0.4 < hi && hi - lo > 0.3,
            "{l}: a cohort of 15 is uncertain"
        );

        // A quarter whose follow-up has not elapsed is refused, saying when it can be.
        let e = w
            .app
            .iom()
            .proven_reoffending(&w.board, Some(ymd(2025, 2, 1)))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            [("quarter".into(), "not_measurable")],
            "{l}"
        );
        assert!(
            format!("{e:?}").contains("it can be measured from 1 October 2026"),
            "{l}: {e:?}"
        );

        // Offences brought to justice by quarter: the four reoffences convicted in
        // October 2024 are outside the last four quarters; a staff member who reads no
        // aggregate figures is refused.
        let m = w.app.iom().lcjb_measures(&w.board, 8).await.unwrap();
        let q = m
            .brought_to_justice
            .iter()
            .find(|c| c.quarter.start == ymd(2024, 10, 1))
            .unwrap();
        assert_eq!(
            q.count, None,
            "{l}: 6 convictions (4 + 2) are fewer than 10: withheld"
        );
        assert_eq!(q.note.as_deref(), Some("Fewer than 10: withheld"), "{l}");
        let empty = m
            .brought_to_justice
            .iter()
            .find(|c| c.quarter.start == ymd(2025, 1, 1))
            .unwrap();
        assert_eq!(
            (empty.count, empty.note.as_deref()),
            (Some(0), Some("No convictions or cautions recorded")),
            "{l}"
        );
        let e = w.app.iom().lcjb_measures(&w.board, 3).await.unwrap_err();
        assert_eq!(
            field_codes(&e),
            [("quarters".into(), "out_of_range")],
            "{l}"
        );
        assert_chain_intact(&w).await;
    }
}

async fn performance_officer(w: &World) -> Actor {
    add_staff(
        w,
        "lcjb.perf",
        "Lara Perf",
        "SMB",
        "lcjb_performance_officer",
    )
    .await
}

const HEADER: &str = "measure,area,period_start,period_end,numerator,denominator\n";

#[tokio::test]
async fn measures_held_elsewhere_are_imported_whole_or_not_at_all() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let l = t.label;
        let perf = performance_officer(&w).await;
        let good = format!(
            "{HEADER}ineffective_trials,Essex,2025-10-01,2025-12-31,12,80\n\
             fta_warrants_outstanding,Essex,2025-10-01,2025-12-31,41,\n\
             pyo_arrest_to_sentence_days,Essex,2025-07-01,2025-09-30,1380,20\n"
        );
        let r = w.app.iom().import_measures(&perf, &good).await.unwrap();
        assert_eq!((r.figures, r.replaced), (3, 0), "{l}");
        w.app.settle_audit().await.unwrap();
        let a = last_audit(w.app.db()).await;
        assert_eq!(
            (a.action.as_str(), a.reason.as_str()),
            ("create", "imported the board's measures held elsewhere"),
            "{l}"
        );

        let m = w.app.iom().lcjb_measures(&w.board, 4).await.unwrap();
        let trials = m
            .imported
            .iter()
            .find(|s| s.code == "ineffective_trials")
            .unwrap();
        let (area, cells) = &trials.areas[0];
        assert_eq!(area, "Essex", "{l}");
        assert_eq!(cells.last().unwrap().value, Some(0.15), "{l}");
        // A quarter with no figure says there is none; nothing is invented.
        assert!(cells[0].figure.is_none() && cells[0].value.is_none(), "{l}");
        let pyo = m
            .imported
            .iter()
            .find(|s| s.code == "pyo_arrest_to_sentence_days")
            .unwrap();
        assert_eq!(
            (pyo.target, pyo.areas[0].1[2].value),
            (Some(71.0), Some(69.0)),
            "{l}"
        );

        // A correction replaces the figure; a file with any bad line saves nothing and
        // names every bad line.
        let correction = format!("{HEADER}ineffective_trials,Essex,2025-10-01,2025-12-31,10,80\n");
        assert_eq!(
            w.app
                .iom()
                .import_measures(&perf, &correction)
                .await
                .unwrap()
                .replaced,
            1,
            "{l}"
        );
        let bad = format!(
            "{HEADER}fta_warrants_outstanding,Essex,2025-07-01,2025-09-30,50,\n\
             ineffective_trials,Essex,2025-07-01,2025-09-30,90,80\n\
             warrants,Essex,2025-07-01,2025-09-30,1,\n"
        );
        let e = w.app.iom().import_measures(&perf, &bad).await.unwrap_err();
        let AppError::Validation(v) = &e else {
            panic!("{l}: {e:?}")
        };
        let messages: Vec<String> = v.errors.iter().map(|f| f.message.clone()).collect();
        assert_eq!(messages.len(), 2, "{l}: {messages:?}");
        assert!(
            messages[0].starts_with("line 3, numerator"),
            "{l}: {messages:?}"
        );
        assert!(
            messages[1].starts_with("line 4, measure"),
            "{l}: {messages:?}"
        );
        let m = w.app.iom().lcjb_measures(&w.board, 4).await.unwrap();
        let warrants = m
            .imported
            .iter()
            .find(|s| s.code == "fta_warrants_outstanding")
            .unwrap();
        assert!(
            warrants.areas[0].1[2].figure.is_none(),
            "{l}: nothing of the bad file saved"
        );
        let trials = m
            .imported
            .iter()
            .find(|s| s.code == "ineffective_trials")
            .unwrap();
        assert_eq!(trials.areas[0].1[3].value, Some(0.125), "{l}");

        // The board reads the figures but may not import them; the refusal is audited.
        for who in [&w.board, &w.om] {
            let e = w.app.iom().import_measures(who, &good).await.unwrap_err();
            assert!(matches!(e, AppError::Denied { .. }), "{l}: {e:?}");
            w.app.settle_audit().await.unwrap();
            assert_eq!(last_audit(w.app.db()).await.outcome, "denied", "{l}");
        }
        assert_chain_intact(&w).await;
    }
}
