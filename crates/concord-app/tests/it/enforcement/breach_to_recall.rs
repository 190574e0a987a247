//! A warning, then a mandatory breach referral, a recall, and the return to custody.

use chrono::Duration;
use concord_app::*;
use concord_licence::{EnforcementDecision, LicenceStatus, RecallType};

use super::{absence, activate_licence, case, codes, current_version, recall_form};
use crate::support::*;

#[tokio::test]
async fn enforcement_warning_then_mandatory_breach_then_recall_to_custody() {
    for t in concord_testkit::databases().await {
        let c = case(&t).await;
        let (w, d, l) = (&c.w, c.d, t.label);

        // No licence in force: recall is refused, with every problem at once.
        let e = w
            .app
            .manage()
            .request_recall(&w.om, d, &recall_form(" ", None))
            .await
            .unwrap_err();
        assert_eq!(
            codes(e),
            vec![
                ("licence".into(), "no_active_licence"),
                ("reasons".into(), "required")
            ],
            "{l}"
        );
        assert!(
            w.app.manage().recalls(&w.om, d).await.unwrap().is_empty(),
            "{l}"
        );

        activate_licence(&c).await;

        // Bad compliance input: each refused with the field named; nothing stored.
        for (form, field, code) in [
            (absence("11/3/2026"), "occurred_on", "future"),
            (
                absence("20/2/2026"),
                "occurred_on",
                "outside_licence_period",
            ),
            (absence("not a date"), "occurred_on", "date_format"),
            (
                ComplianceForm {
                    kind: "home_visit_by_magic".into(),
                    ..absence("9/3/2026")
                },
                "kind",
                "invalid",
            ),
            (
                ComplianceForm {
                    outcome: "maybe".into(),
                    ..absence("9/3/2026")
                },
                "outcome",
                "invalid",
            ),
            (
                ComplianceForm {
                    kind: "disclosure_vehicle".into(),
                    occurred_on: "9/3/2026".into(),
                    ..ComplianceForm::default()
                },
                "details",
                "required",
            ),
            (
                ComplianceForm {
                    kind: "police_visit".into(),
                    occurred_on: "9/3/2026".into(),
                    ..ComplianceForm::default()
                },
                "outcome",
                "required",
            ),
            (
                ComplianceForm {
                    outcome: "acceptable_absence".into(),
                    details: String::new(),
                    ..absence("9/3/2026")
                },
                "details",
                "required",
            ),
        ] {
            let got = codes(
                w.app
                    .manage()
                    .record_compliance(&w.om, d, &form)
                    .await
                    .unwrap_err(),
            );
            assert!(
                got.contains(&(field.to_string(), code)),
                "{l}: {form:?} → {got:?}"
            );
        }
        let view = w.app.manage().compliance(&w.om, d).await.unwrap();
        assert!(view.events.is_empty() && view.deadlines.is_empty(), "{l}");

        // The police record a monitoring visit, the person discloses a vehicle: no
        // enforcement follows either.
        let visit = w
            .app
            .manage()
            .record_compliance(
                &w.ppo,
                d,
                &ComplianceForm {
                    kind: "police_visit".into(),
                    occurred_on: "8/3/2026".into(),
                    outcome: "Seen at the approved premises; room checked, no concerns".into(),
                    details: String::new(),
                },
            )
            .await
            .unwrap();
        assert!(visit.decision.is_none() && visit.task.is_none(), "{l}");
        w.app
            .manage()
            .record_compliance(
                &w.om,
                d,
                &ComplianceForm {
                    kind: "disclosure_vehicle".into(),
                    occurred_on: "8/3/2026".into(),
                    outcome: String::new(),
                    details: "Blue Ford Focus, AB12 CDE, borrowed from his brother".into(),
                },
            )
            .await
            .unwrap();

        // A first unacceptable absence: warn or refer, a decision task due in 5 days.
        let first = w
            .app
            .manage()
            .record_compliance(&w.om, d, &absence("9/3/2026"))
            .await
            .unwrap();
        assert_eq!(
            first.decision,
            Some(EnforcementDecision::WarnOrRefer),
            "{l}"
        );
        let task = first.task.clone().unwrap();
        assert_eq!(
            (task.kind.code(), task.due_on),
            ("enforcement_decision", ymd(2026, 3, 14)),
            "{l}"
        );
        let view = w.app.manage().compliance(&w.om, d).await.unwrap();
        assert_eq!(view.events.len(), 3, "{l}");
        assert!(view.events[0].awaiting_decision, "{l}");
        assert_eq!(view.deadlines.len(), 1, "{l}");
        // The decision is on the caseload.
        let caseload = w
            .app
            .people()
            .caseload(&w.om, &CaseloadQuery::default())
            .await
            .unwrap();
        assert!(
            caseload[0]
                .open_tasks
                .iter()
                .any(|t| t.title == "Decide: warning or breach"),
            "{l}: {:?}",
            caseload[0].open_tasks
        );

        // A warning: a reason is required; then given, in force for 12 months.
        let before = audit_count(w.app.db()).await;
        let e = w
            .app
            .manage()
            .give_warning(&w.om, d, first.event_id, "  ")
            .await
            .unwrap_err();
        assert_eq!(codes(e), vec![("reason".into(), "required")], "{l}");
        assert_eq!(
            audit_count(w.app.db()).await,
            before,
            "{l}: nothing written"
        );
        w.app
            .manage().give_warning(
                &w.om,
                d,
                first.event_id,
                "Missed the appointment of 9 March without excuse: told this is unacceptable and that a further failure within 12 months will be referred for breach",
            )
            .await
            .unwrap();
        let view = w.app.manage().compliance(&w.om, d).await.unwrap();
        assert_eq!(view.warnings.len(), 1, "{l}");
        assert_eq!(view.warnings[0].expires_on, ymd(2027, 3, 10), "{l}");
        assert!(view.warnings[0].in_force, "{l}");
        assert_eq!(view.referral_required_until, Some(ymd(2027, 3, 10)), "{l}");
        assert!(view.deadlines.is_empty(), "{l}: the decision task is done");
        assert_eq!(
            view.events[0]
                .answered_by
                .map(concord_licence::EnforcementKind::code),
            Some("warning")
        );
        let again = w
            .app
            .manage()
            .refer_breach(&w.om, d, first.event_id, "Changed my mind")
            .await
            .unwrap_err();
        assert_eq!(
            codes(again),
            vec![("failure_event_id".into(), "already_answered")],
            "{l}"
        );

        // A month later, a second unacceptable absence: referral is mandatory.
        c.clock.advance(Duration::days(30));
        let second = w
            .app
            .manage()
            .record_compliance(&w.om, d, &absence("8/4/2026"))
            .await
            .unwrap();
        assert_eq!(
            second.decision,
            Some(EnforcementDecision::MustRefer {
                warning_on: ymd(2026, 3, 10)
            }),
            "{l}"
        );
        let task = second.task.clone().unwrap();
        assert_eq!(
            (task.kind.code(), task.due_on),
            ("breach_referral", ymd(2026, 4, 18)),
            "{l}"
        );
        let refused = w
            .app
            .manage()
            .give_warning(&w.om, d, second.event_id, "Another warning")
            .await
            .unwrap_err();
        assert_eq!(
            codes(refused),
            vec![("decision".into(), "referral_required")],
            "{l}"
        );
        let breach = w
            .app
            .manage()
            .refer_breach(
                &w.om,
                d,
                second.event_id,
                "Second unacceptable absence within 12 months of the warning of 10 March",
            )
            .await
            .unwrap();
        let view = w.app.manage().compliance(&w.om, d).await.unwrap();
        assert_eq!(view.warnings.len(), 1, "{l}: no second warning");
        assert_eq!(view.breaches.len(), 1, "{l}");
        assert_eq!(
            (view.breaches[0].status.code(), view.breaches[0].deadline),
            ("referred", Some(ymd(2026, 4, 19))),
            "{l}"
        );
        assert!(view.deadlines.is_empty(), "{l}: the referral task is done");

        // Recall from the breach: 41, 24 months, MAPPA level 2 — not eligible for a
        // fixed-term recall, and the MAPPA criterion says why.
        let e = w
            .app
            .manage()
            .request_recall(
                &w.om,
                d,
                &RecallForm {
                    mappa_level: Some(7),
                    breach_action_id: Some(concord_domain::EnforcementActionId::new()),
                    ..recall_form("Breach of licence", None)
                },
            )
            .await
            .unwrap_err();
        assert_eq!(
            codes(e),
            vec![
                ("breach_action_id".into(), "unknown_breach"),
                ("mappa_level".into(), "invalid")
            ],
            "{l}"
        );
        let requested = w
            .app
            .manage().request_recall(
                &w.om,
                d,
                &recall_form(
                    "Two unacceptable absences; whereabouts unknown since 8 April; risk to the victim cannot be managed in the community",
                    Some(breach),
                ),
            )
            .await
            .unwrap();
        let a = &requested.assessment;
        assert_eq!(a.fixed_term_eligible, Some(false), "{l}");
        assert_eq!(a.recommended, RecallType::Standard, "{l}");
        let criterion = |code: &str| {
            a.criteria
                .iter()
                .find(|c| c.code == code)
                .unwrap_or_else(|| panic!("{code} assessed"))
                .clone()
        };
        assert_eq!(criterion("age").met, Some(true), "{l}");
        assert_eq!(criterion("age").explanation, "Aged 41 on recall", "{l}");
        assert_eq!(criterion("sentence_months").met, Some(true), "{l}");
        assert!(
            criterion("sentence_months")
                .explanation
                .contains("24 months"),
            "{l}"
        );
        let mappa = criterion("mappa_level");
        assert_eq!(mappa.met, Some(false), "{l}");
        assert_eq!(mappa.explanation, "Managed at MAPPA level 2", "{l}");
        assert!(a.summary.contains("Managed at MAPPA level 2"), "{l}");
        assert!(a.missing.is_empty(), "{l}: {:?}", a.missing);
        let view = w.app.manage().compliance(&w.om, d).await.unwrap();
        assert_eq!(view.breaches[0].status.code(), "recall_requested", "{l}");
        let again = w
            .app
            .manage()
            .request_recall(&w.om, d, &recall_form("Again", None))
            .await
            .unwrap_err();
        assert_eq!(codes(again), vec![("licence".into(), "recall_open")], "{l}");

        // The police see the request and how long it has waited.
        let recalls = w.app.manage().recalls(&w.ppo, d).await.unwrap();
        assert_eq!(recalls.len(), 1, "{l}");
        assert_eq!(recalls[0].status, RecallStatus::Requested, "{l}");
        assert_eq!(recalls[0].days_awaiting_decision, Some(0), "{l}");
        assert_eq!(
            recalls[0]
                .assessment
                .criteria
                .iter()
                .find(|c| c.code == "mappa_level")
                .map(|c| c.explanation.as_str()),
            Some("Managed at MAPPA level 2"),
            "{l}"
        );
        assert!(!recalls[0].may_decide, "{l}");
        assert!(
            w.app.manage().recalls(&c.spo, d).await.unwrap()[0].may_decide,
            "{l}"
        );

        // The requester may not decide it; nor may an officer who is not senior.
        c.clock.advance(Duration::days(1));
        let id = requested.recall_id;
        let own = w
            .app
            .manage()
            .decide_recall(&w.om, d, id, true, "Agreed")
            .await
            .unwrap_err();
        assert!(
            codes(own).contains(&("decision".into(), "own_recall")),
            "{l}"
        );
        let junior = w
            .app
            .manage()
            .decide_recall(&w.ppo, d, id, true, "Agreed")
            .await
            .unwrap_err();
        assert_eq!(
            codes(junior),
            vec![("decision".into(), "not_senior")],
            "{l}"
        );
        assert_eq!(
            current_version(&c).await.status,
            LicenceStatus::Active,
            "{l}: nothing changed"
        );

        // A senior officer revokes: the licence is recalled, the police and the victim
        // liaison officer have tasks.
        let decided = w
            .app
            .manage()
            .decide_recall(
                &c.spo,
                d,
                id,
                true,
                "Risk no longer manageable in the community: revoke",
            )
            .await
            .unwrap();
        assert_eq!(decided.status, RecallStatus::Revoked, "{l}");
        let kinds: Vec<(&str, chrono::NaiveDate)> = decided
            .tasks
            .iter()
            .map(|t| (t.kind.code(), t.due_on))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("recall_execute", ymd(2026, 4, 10)),
                ("victim_notify_recall", ymd(2026, 4, 11))
            ],
            "{l}"
        );
        assert_eq!(
            decided.tasks[0].title, "Execute the recall: arrest and return to custody",
            "{l}: the allocated police officer's task"
        );
        assert_eq!(
            decided.tasks[1].title, "Tell the victim of the recall",
            "{l}: the allocated victim liaison officer's task"
        );
        let licences = w.app.manage().licences(&w.om, d).await.unwrap();
        assert_eq!(licences.versions[0].status, LicenceStatus::Recalled, "{l}");
        let events: Vec<&str> = licences.timeline.iter().map(|e| e.event.code()).collect();
        assert!(
            events.contains(&"recall_requested") && events.contains(&"recall"),
            "{l}: {events:?}"
        );
        let police_caseload = w
            .app
            .people()
            .caseload(&w.ppo, &CaseloadQuery::default())
            .await
            .unwrap();
        assert!(
            police_caseload[0]
                .open_tasks
                .iter()
                .any(|t| t.title.starts_with("Execute the recall")),
            "{l}: on the police caseload"
        );
        let twice = w
            .app
            .manage()
            .decide_recall(&c.spo, d, id, false, "No")
            .await
            .unwrap_err();
        assert_eq!(
            codes(twice),
            vec![("decision".into(), "recall_decided")],
            "{l}"
        );

        // The clock runs while the revoked licence is unexecuted.
        c.clock.advance(Duration::days(2));
        let r = &w.app.manage().recalls(&w.ppo, d).await.unwrap()[0];
        assert_eq!(r.days_revoked_unexecuted, Some(2), "{l}");
        assert_eq!(r.days_since_requested, 3, "{l}");

        // Return to custody: not in the future, not before the revocation.
        for (on, code) in [
            (ymd(2026, 4, 13), "future"),
            (ymd(2026, 4, 9), "before_revocation"),
        ] {
            let e = w
                .app
                .manage()
                .return_to_custody(&w.ppo, d, id, on)
                .await
                .unwrap_err();
            assert_eq!(codes(e), vec![("on".into(), code)], "{l}");
        }
        let returned = w
            .app
            .manage()
            .return_to_custody(&w.ppo, d, id, ymd(2026, 4, 12))
            .await
            .unwrap();
        assert_eq!(returned.release_on, None, "{l}: standard recall");
        assert_eq!(
            returned.parole_board_referral_by,
            Some(ymd(2026, 5, 10)),
            "{l}"
        );
        let r = &w.app.manage().recalls(&w.om, d).await.unwrap()[0];
        assert_eq!(r.status, RecallStatus::ReturnedToCustody, "{l}");
        assert_eq!(r.days_revoked_unexecuted, None, "{l}");
        assert_eq!(r.returned_on, Some(ymd(2026, 4, 12)), "{l}");

        // The police task closed with the return; the victim liaison officer closes theirs.
        let open = w
            .app
            .manage()
            .compliance(&c.vlo, d)
            .await
            .unwrap()
            .deadlines;
        assert_eq!(open.len(), 1, "{l}");
        assert_eq!(open[0].kind.code(), "victim_notify_recall", "{l}");
        w.app
            .manage()
            .complete_licence_task(&c.vlo, d, open[0].task_id)
            .await
            .unwrap();
        assert!(
            w.app
                .manage()
                .compliance(&w.om, d)
                .await
                .unwrap()
                .deadlines
                .is_empty(),
            "{l}"
        );

        // A partner caseworker sees and records none of it; the refusal is audited.
        for attempt in 0..2 {
            let err = if attempt == 0 {
                w.app.manage().compliance(&w.housing, d).await.unwrap_err()
            } else {
                w.app
                    .manage()
                    .record_compliance(&w.housing, d, &absence("9/4/2026"))
                    .await
                    .unwrap_err()
            };
            assert!(matches!(err, AppError::Denied { .. }), "{l}: {err:?}");
            let denied = last_audit(w.app.db()).await;
            assert_eq!(
                (
                    denied.outcome.as_str(),
                    denied.person_id,
                    denied.actor_user_id
                ),
                ("denied", Some(d.0), Some(w.housing.user_id.0)),
                "{l}"
            );
        }
        assert!(w.app.manage().recalls(&w.housing, d).await.is_err(), "{l}");
        assert_chain_intact(w).await;
    }
}
