//! IOM case management: adoption gives the IOM officer the case; engage or enforce with
//! its reason and history, drop-in attendance, and a voluntary tag request with consent;
//! bad entries refused by field; only the IOM team; deselection ends what adoption gave.

use concord_app::*;
use concord_authz::Actor;

use crate::support::*;

fn entry(kind: &str, field: &str, value: &str, on: &str, note: &str) -> IomEntryInput {
    let mut input = IomEntryInput {
        kind: kind.into(),
        held_on: DateInput::text(on),
        note: note.into(),
        ..IomEntryInput::default()
    };
    match field {
        "status" => input.status = value.into(),
        "attended" => input.attended = value.into(),
        "consent" => input.consent = value == "yes",
        _ => {}
    }
    input
}

#[tokio::test]
async fn the_iom_team_manages_an_adopted_case_and_loses_it_on_deselection() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let l = t.label;
        let iom: Actor = add_staff(&w, "iom.one", "Ivy Moss", "POL", "iom_officer").await;
        let mut input = person("Test", "Burglar", ymd(1980, 5, 5));
        input.addresses = vec![home(
            "1 Marine Parade",
            "Southend-on-Sea",
            "SS1 2EH",
            ymd(2020, 1, 1),
        )];
        input.offences = [(2026, 2, 20), (2025, 12, 1), (2025, 9, 1), (2025, 6, 1)]
            .iter()
            .map(|on| offence("02800", "Burglary", *on, *on))
            .collect();
        let p = w.app.people().register_person(&w.om, &input).await.unwrap();
        allocate(&w, &w.om, p, &w.om, "offender_manager").await;
        let status = entry(
            "status",
            "status",
            "enforce",
            "9/3/2026",
            "Burgling again; arrest warrants being executed",
        );

        // Before adoption the IOM officer has no relationship with him.
        assert!(
            w.app
                .iom()
                .record_iom_entry(&iom, p, &status)
                .await
                .is_err(),
            "{l}"
        );
        let adopt = CohortDecisionInput {
            decision: "adopt".into(),
            strand: "fixed".into(),
            rationale: "Four burglaries in a year".into(),
            review_on: DateInput::text("10/6/2026"),
        };
        w.app.iom().decide_cohort(&iom, p, &adopt).await.unwrap();

        // Bad entries are refused by field; nothing is recorded.
        for (bad, field, code) in [
            (
                entry("status", "status", "", "9/3/2026", "Why"),
                "status",
                "required",
            ),
            (
                entry("tag_request", "consent", "no", "9/3/2026", "Asked"),
                "consent",
                "required",
            ),
            (
                entry("drop_in", "attended", "yes", "11/3/2026", "Came"),
                "held_on",
                "in_future",
            ),
            (
                entry("drop_in", "attended", "maybe", "9/3/2026", ""),
                "attended",
                "required",
            ),
        ] {
            let e = w
                .app
                .iom()
                .record_iom_entry(&iom, p, &bad)
                .await
                .unwrap_err();
            assert!(
                field_codes(&e).contains(&(field.into(), code)),
                "{l}: {field}: {e:?}"
            );
        }
        // The offender manager supervises him but is not the IOM team.
        assert!(
            matches!(
                w.app.iom().record_iom_entry(&w.om, p, &status).await,
                Err(AppError::Denied { .. })
            ),
            "{l}"
        );

        w.app
            .iom()
            .record_iom_entry(&iom, p, &status)
            .await
            .unwrap();
        for e in [
            entry("drop_in", "attended", "no", "9/3/2026", "Did not come"),
            entry(
                "drop_in",
                "attended",
                "yes",
                "10/3/2026",
                "Came with his partner; talked about a script",
            ),
            entry(
                "status",
                "status",
                "engage",
                "10/3/2026",
                "Engaging with the drop-in and the drug service",
            ),
            entry(
                "tag_request",
                "consent",
                "yes",
                "10/3/2026",
                "Asked to wear a tag to show he is not burgling; consent signed",
            ),
        ] {
            w.app
                .iom()
                .record_iom_entry(&iom, p, &e)
                .await
                .unwrap_or_else(|e| panic!("{l}: {e:?}"));
        }
        // A task shared across the team: the police IOM officer sets one for the
        // probation officer; it must be for someone allocated, and not already late.
        let task = |title: &str, owner: &str, due: &str| IomTaskInput {
            title: title.into(),
            owner: owner.into(),
            due_on: DateInput::text(due),
        };
        let e = w
            .app
            .iom()
            .add_iom_task(
                &iom,
                p,
                &task("", &w.housing.user_id.0.to_string(), "1/3/2026"),
            )
            .await
            .unwrap_err();
        let mut fields = field_codes(&e);
        fields.sort();
        assert_eq!(
            fields,
            [
                ("due_on".into(), "in_past"),
                ("owner".into(), "not_allocated"),
                ("title".into(), "required")
            ],
            "{l}"
        );
        w.app
            .iom()
            .add_iom_task(
                &iom,
                p,
                &task(
                    "Book him into the drug service's Thursday group",
                    &w.om.user_id.0.to_string(),
                    "17/3/2026",
                ),
            )
            .await
            .unwrap();
        let theirs = w.app.assess().risk_history(&w.om, p).await.unwrap();
        assert!(
            theirs
                .tasks
                .iter()
                .any(|t| t.kind == concord_domain::TaskKind::IomTask
                    && t.title.contains("Thursday group")),
            "{l}: the probation officer sees it with the case's tasks"
        );
        // The entries' events wait for the sealer on PostgreSQL; the page's consultation
        // must come after them in the chain.
        w.app.settle_audit().await.unwrap();
        let page = w.app.iom().iom_case(&iom, p).await.unwrap();
        assert_eq!(
            page.status.as_ref().and_then(|s| s.status.as_deref()),
            Some("engage"),
            "{l}"
        );
        assert_eq!(
            (page.drop_ins_attended, page.drop_ins_missed),
            (1, 1),
            "{l}"
        );
        assert_eq!(page.entries.len(), 5, "{l}");
        assert_eq!(page.tasks.len(), 1, "{l}");
        assert_eq!(
            page.owners.len(),
            2,
            "{l}: the police IOM officer and the offender manager"
        );
        assert!(page.may_record, "{l}");
        assert_eq!(
            page.volunteer_support,
            Some(vec![]),
            "{l}: no volunteer matched, and the team may read the interventions section"
        );
        let audited = last_audit(w.app.db()).await;
        assert!(
            audited.reason.ends_with("viewed the IOM case management"),
            "{l}: one consultation: {}",
            audited.reason
        );

        // Deselected: the relationship adoption gave ends with it.
        let deselect = CohortDecisionInput {
            decision: "deselect".into(),
            rationale: "Moved out of the area".into(),
            ..CohortDecisionInput::default()
        };
        w.app.iom().decide_cohort(&iom, p, &deselect).await.unwrap();
        assert!(w.app.iom().iom_case(&iom, p).await.is_err(), "{l}");
        assert!(
            w.app.iom().iom_case(&w.om, p).await.is_ok(),
            "{l}: the case team still reads it"
        );
        assert_chain_intact(&w).await;
    }
}
