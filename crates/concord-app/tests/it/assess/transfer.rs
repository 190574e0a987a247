//! Moves of responsibility between probation organisations when a signed review crosses
//! the high-risk threshold (issue 20 item 7): proposed by the signing, decided by the
//! receiving organisation's manager, the case and its open work moving on acceptance,
//! and back when risk falls; everyone else refused, every step audited.

use concord_app::*;
use concord_authz::Actor;
use concord_domain::{AgencyKind, PersonId, ResponsibilityStatus, TaskKind};

use super::{dean_by, rosh_form, unchanged};
use crate::support::*;

struct Organisations {
    crc_om: Actor,
    crc_spo: Actor,
    nps_spo: Actor,
}

/// Essex Probation manages high risk; a Community Rehabilitation Company the rest.
async fn two_organisations(w: &World) -> Organisations {
    w.app
        .accounts()
        .add_agency("CRC", "Essex CRC", AgencyKind::Probation, "Essex")
        .await
        .unwrap();
    w.app
        .accounts()
        .set_probation_remit("PRB", "high_risk")
        .await
        .unwrap();
    w.app
        .accounts()
        .set_probation_remit("CRC", "community")
        .await
        .unwrap();
    let bad = w
        .app
        .accounts()
        .set_probation_remit("POL", "community")
        .await
        .unwrap_err();
    assert_eq!(field_codes(&bad), [("agency".into(), "not_probation")]);
    let bad = w
        .app
        .accounts()
        .set_probation_remit("CRC", "medium")
        .await
        .unwrap_err();
    assert_eq!(field_codes(&bad), [("remit".into(), "unknown_remit")]);
    Organisations {
        crc_om: add_staff(w, "crc.om", "Carla Reid", "CRC", "offender_manager").await,
        crc_spo: add_staff(
            w,
            "crc.spo",
            "Colin Shaw",
            "CRC",
            "senior_probation_officer",
        )
        .await,
        nps_spo: add_staff(
            w,
            "nps.spo",
            "Nadia Price",
            "PRB",
            "senior_probation_officer",
        )
        .await,
    }
}

/// `by` completes and signs a review with the known adult's risk at `level`.
async fn sign(w: &World, by: &Actor, p: PersonId, level: &str) -> SignedReview {
    let id = w.app.assess().start_risk_review(by, p).await.unwrap();
    let r = w.app.assess().risk_review(by, p, id).await.unwrap();
    let a = w.app.assess();
    a.confirm_review_facts(by, p, id, r.version, &unchanged(&r))
        .await
        .unwrap();
    a.save_review_rosh(by, p, id, r.version + 1, &rosh_form(level))
        .await
        .unwrap();
    a.acknowledge_review_entries(by, p, id, r.version + 2)
        .await
        .unwrap();
    a.sign_risk_review(by, p, id, r.version + 3)
        .await
        .unwrap_or_else(|e| panic!("{}: sign: {e}", w.label))
}

fn input(officer: &str, note: &str) -> DecisionInput {
    DecisionInput {
        officer: officer.into(),
        note: note.into(),
    }
}

#[tokio::test]
async fn a_rise_to_high_moves_the_case_to_the_high_risk_organisation_and_a_fall_proposes_it_back() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let o = two_organisations(&w).await;
        let dean = dean_by(&w, &o.crc_om).await;
        w.app
            .people()
            .record_event(
                &o.crc_om,
                dean,
                &event("contact", ymd(2026, 3, 2), "Reported as instructed"),
            )
            .await
            .unwrap();
        let l = &t.label;

        // Medium at the community organisation: nothing moves, and the high-risk
        // organisation's manager cannot see him.
        let s = sign(&w, &o.crc_om, dean, "MEDIUM").await;
        assert_eq!(s.transfer_proposed, None, "{l}");
        assert!(
            w.app.people().view_person(&o.nps_spo, dean).await.is_err(),
            "{l}"
        );

        // High: proposed to Essex Probation. The officer may withdraw it, with a reason.
        let s = sign(&w, &o.crc_om, dean, "HIGH").await;
        let said = s.transfer_proposed.expect("a transfer is proposed");
        assert!(
            said.contains("Essex Probation") && said.contains("high (was medium)"),
            "{l}: {said}"
        );
        let page = w
            .app
            .responsibility()
            .responsibility_page(&o.crc_om, dean)
            .await
            .unwrap();
        let first = page.open.clone().unwrap();
        assert!(page.may_withdraw && !page.may_decide, "{l}");
        let empty = w
            .app
            .responsibility()
            .close_transfer(&o.crc_om, dean, first.id, true, &input("", " "))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&empty), [("note".into(), "required")], "{l}");
        w.app
            .responsibility()
            .close_transfer(
                &o.crc_om,
                dean,
                first.id,
                true,
                &input("", "Signed in error"),
            )
            .await
            .unwrap();
        assert!(
            w.app.people().view_person(&o.nps_spo, dean).await.is_err(),
            "{l}: withdrawn, no reach"
        );

        // Signed again at high: proposed again; the receiving manager reads the
        // unrestricted record to decide, and finds it in their list.
        sign(&w, &o.crc_om, dean, "HIGH")
            .await
            .transfer_proposed
            .unwrap();
        let seen = w.app.people().view_person(&o.nps_spo, dean).await.unwrap();
        assert!(
            !seen.sections.contains(concord_authz::Section::Health),
            "{l}"
        );
        let list = w
            .app
            .responsibility()
            .open_transfers(&o.nps_spo)
            .await
            .unwrap();
        assert_eq!((list.len(), list[0].incoming), (1, true), "{l}");
        assert_eq!(list[0].person_name, "Dean Miles", "{l}");
        let outgoing = w
            .app
            .responsibility()
            .open_transfers(&o.crc_spo)
            .await
            .unwrap();
        assert_eq!((outgoing.len(), outgoing[0].incoming), (1, false), "{l}");
        let page = w
            .app
            .responsibility()
            .responsibility_page(&o.nps_spo, dean)
            .await
            .unwrap();
        let open = page.open.clone().unwrap();
        assert!(page.may_decide, "{l}");
        assert!(page.officers.iter().any(|(u, _)| *u == w.om.user_id), "{l}");
        assert!(
            !page.officers.iter().any(|(u, _)| *u == o.crc_om.user_id),
            "{l}: only the receiving organisation's officers"
        );

        // Nobody else decides: the sending officer, the receiving organisation's officer
        // (no relationship at all), the police.
        for (who, actor) in [
            ("sending officer", &o.crc_om),
            ("receiving officer", &w.om),
            ("police", &w.ppo),
        ] {
            let e = w
                .app
                .responsibility()
                .accept_transfer(
                    actor,
                    dean,
                    open.id,
                    &input(&w.om.user_id.0.to_string(), ""),
                )
                .await
                .unwrap_err();
            assert!(
                matches!(e, AppError::Denied { .. } | AppError::NotFound),
                "{l}: {who}: {e:?}"
            );
        }
        assert_eq!(
            last_audit(w.app.db()).await.outcome,
            "denied",
            "{l}: the refusal is audited"
        );
        // An officer of another organisation is not one to allocate; nothing changes.
        let e = w
            .app
            .responsibility()
            .accept_transfer(
                &o.nps_spo,
                dean,
                open.id,
                &input(&o.crc_om.user_id.0.to_string(), ""),
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            [("officer".into(), "not_case_holder")],
            "{l}"
        );
        assert_eq!(
            w.app
                .people()
                .view_person(&o.crc_om, dean)
                .await
                .unwrap()
                .owning_agency,
            "Essex CRC",
            "{l}"
        );

        // Accepted: the case, the chronology and the open work move; the police stay.
        w.app
            .responsibility()
            .accept_transfer(
                &o.nps_spo,
                dean,
                open.id,
                &input(&w.om.user_id.0.to_string(), "Allocated in Chelmsford"),
            )
            .await
            .unwrap();
        let record = w.app.people().view_person(&w.om, dean).await.unwrap();
        assert_eq!(record.owning_agency, "Essex Probation", "{l}");
        let chronology = w
            .app
            .people()
            .chronology(&w.om, dean, &ChronologyFilter::default())
            .await
            .unwrap();
        assert!(
            chronology
                .entries
                .iter()
                .any(|e| e.detail.contains("Reported as instructed")
                    || e.title.contains("Reported as instructed")),
            "{l}"
        );
        assert!(
            w.app.people().view_person(&o.crc_om, dean).await.is_err(),
            "{l}: the old officer's reach ended"
        );
        assert!(
            w.app.people().view_person(&w.ppo, dean).await.is_ok(),
            "{l}"
        );
        let history = w.app.assess().risk_history(&w.om, dean).await.unwrap();
        assert!(
            history
                .tasks
                .iter()
                .any(|t| t.kind == TaskKind::AllocationReview && t.done.is_some()),
            "{l}: the allocation review is answered"
        );
        let page = w
            .app
            .responsibility()
            .responsibility_page(&w.om, dean)
            .await
            .unwrap();
        let moved = &page.transfers[0];
        assert_eq!(moved.status, ResponsibilityStatus::Accepted, "{l}");
        assert_eq!(moved.allocated_to.as_deref(), Some("Olivia Jones"), "{l}");
        assert!(
            moved.moved.unwrap().tasks >= 1 && moved.moved.unwrap().allocations_ended == 1,
            "{l}: {:?}",
            moved.moved
        );
        assert_eq!(
            page.transfers[1].status,
            ResponsibilityStatus::Withdrawn,
            "{l}"
        );
        // Deciding twice changes nothing.
        let again = w
            .app
            .responsibility()
            .accept_transfer(
                &o.nps_spo,
                dean,
                open.id,
                &input(&w.om.user_id.0.to_string(), ""),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(
                again,
                AppError::Conflict | AppError::Denied { .. } | AppError::NotFound
            ),
            "{l}: {again:?}"
        );

        // Risk falls: proposed back; the community organisation declines with a reason.
        let s = sign(&w, &w.om, dean, "MEDIUM").await;
        assert!(s.transfer_proposed.unwrap().contains("Essex CRC"), "{l}");
        let back = w
            .app
            .responsibility()
            .open_transfers(&o.crc_spo)
            .await
            .unwrap();
        let e = w
            .app
            .responsibility()
            .close_transfer(&o.crc_spo, dean, back[0].transfer.id, false, &input("", ""))
            .await
            .unwrap_err();
        assert_eq!(field_codes(&e), [("note".into(), "required")], "{l}");
        w.app
            .responsibility()
            .close_transfer(
                &o.crc_spo,
                dean,
                back[0].transfer.id,
                false,
                &input("", "Still within a year of the offence: stays with the NPS"),
            )
            .await
            .unwrap();
        assert_eq!(
            w.app
                .people()
                .view_person(&w.om, dean)
                .await
                .unwrap()
                .owning_agency,
            "Essex Probation",
            "{l}"
        );
        assert!(
            w.app.people().view_person(&o.crc_spo, dean).await.is_err(),
            "{l}: declined, no reach"
        );
        // A second medium review is no fall: nothing is proposed.
        assert_eq!(
            sign(&w, &w.om, dean, "MEDIUM").await.transfer_proposed,
            None,
            "{l}"
        );
        assert_chain_intact(&w).await;
    }
}

#[tokio::test]
async fn one_probation_organisation_for_every_case_moves_nothing() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let dean = super::dean(&w).await;
        assert_eq!(
            sign(&w, &w.om, dean, "HIGH").await.transfer_proposed,
            None,
            "{}",
            t.label
        );
        let page = w
            .app
            .responsibility()
            .responsibility_page(&w.om, dean)
            .await
            .unwrap();
        assert!(
            page.open.is_none() && page.owner_remit.is_none(),
            "{}",
            t.label
        );
        assert!(
            w.app
                .responsibility()
                .open_transfers(&w.om)
                .await
                .unwrap()
                .is_empty(),
            "{}",
            t.label
        );
    }
}
