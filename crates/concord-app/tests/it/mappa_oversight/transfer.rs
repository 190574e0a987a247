//! A transfer to another area: the spell ends; victims go only if the actor may read them.

use chrono::NaiveDate;
use concord_app::*;
use concord_store::Db;
use sha2::{Digest, Sha256};

use super::{active, case, last_purpose_and_recipient, mappa_staff, seed_spell};
use crate::support::*;

fn transfer(to: &str, reason: &str) -> TransferForm {
    TransferForm {
        to_area: to.into(),
        reason: reason.into(),
    }
}

#[tokio::test]
async fn a_transfer_ends_the_spell_and_sends_victims_only_if_the_actor_may_read_them() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let m = mappa_staff(&w).await;
        let vlo = add_staff(
            &w,
            "vlo.kelly",
            "Bernadette Kelly",
            "PRB",
            "victim_liaison_officer",
        )
        .await;
        let d = case(&w, "Darren").await;
        let e2 = case(&w, "Eddie").await;
        let record = seed_spell(&w, d, active("CATEGORY_2", "LEVEL_3", ymd(2025, 6, 1))).await;
        seed_spell(&w, e2, active("CATEGORY_1", "LEVEL_2", ymd(2025, 6, 1))).await;
        for p in [d, e2] {
            allocate(&w, &w.om, p, &vlo, "victim_liaison_officer").await;
            w.app
                .manage()
                .add_victim(
                    &vlo,
                    p,
                    &VictimForm {
                        name: "Alison".into(),
                        kind: "victim".into(),
                        relationship: "Former partner".into(),
                        address: "12 Lady Lane, Chelmsford CM2 0TE".into(),
                        representations: "Wants no contact".into(),
                        may_be_told: "The non-contact condition".into(),
                        ..VictimForm::default()
                    },
                )
                .await
                .unwrap();
        }

        let e = w
            .app
            .oversight()
            .transfer_mappa_case(&m.coordinator, d, &transfer("essex", " "))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![
                ("reason".into(), "required"),
                ("to_area".into(), "same_area")
            ],
            "{}",
            t.label
        );
        assert!(
            matches!(
                w.app
                    .oversight()
                    .transfer_mappa_case(&w.om, d, &transfer("Kent", "Moved"))
                    .await,
                Err(AppError::Denied { .. })
            ),
            "{}",
            t.label
        );

        // The coordinator may not read the victim section: the bundle says the VLO sends it.
        let out = w
            .app
            .oversight()
            .transfer_mappa_case(
                &m.coordinator,
                d,
                &transfer("Kent", "Moved to his sister's in Maidstone"),
            )
            .await
            .unwrap();
        assert!(!out.victim_information_included, "{}", t.label);
        assert_eq!(
            out.victim_information, VICTIM_INFORMATION_BY_VLO,
            "{}",
            t.label
        );
        assert!(!out.bundle_json.contains("Lady Lane"), "{}", t.label);
        assert_eq!(
            out.bundle_sha256,
            hex::encode(Sha256::digest(out.bundle_json.as_bytes())),
            "{}",
            t.label
        );
        let audited = last_audit(w.app.db()).await;
        assert_eq!(
            (audited.kind.as_str(), audited.action.as_str()),
            ("disclosure", "disclose"),
            "{}",
            t.label
        );
        assert_eq!(
            last_purpose_and_recipient(w.app.db()).await.1.as_deref(),
            Some("MAPPA area: Kent"),
            "{}",
            t.label
        );
        let (status, ended, kind): (String, Option<NaiveDate>, String) = {
            let sql = "SELECT r.status, r.ended_on, d.kind FROM mappa_record r JOIN mappa_decision d ON d.record_id = r.id WHERE r.id = $1";
            match w.app.db() {
                Db::Sqlite(p) => sqlx::query_as(sql).bind(record).fetch_one(p).await,
                Db::Postgres(p) => sqlx::query_as(sql).bind(record).fetch_one(p).await,
            }
            .unwrap()
        };
        assert_eq!(
            (status.as_str(), ended, kind.as_str()),
            ("transferred", Some(ymd(2026, 3, 10)), "transfer"),
            "{}",
            t.label
        );
        let listed = w.app.oversight().transfers(&w.om, d).await.unwrap();
        assert_eq!(
            (listed[0].to_area.as_str(), &listed[0].bundle_sha256),
            ("Kent", &out.bundle_sha256),
            "{}",
            t.label
        );
        assert_eq!(
            w.app
                .oversight()
                .transfer_bundle(&w.om, d, out.id)
                .await
                .unwrap(),
            out.bundle_json,
            "{}",
            t.label
        );
        // Transferred: no longer a MAPPA case here, so MAPPA staff have no relationship.
        let e = w
            .app
            .oversight()
            .transfer_mappa_case(&m.coordinator, d, &transfer("Kent", "Again"))
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Denied { .. }), "{}: {e:?}", t.label);

        // The chair may read victims: they travel with the case.
        let out = w
            .app
            .oversight()
            .transfer_mappa_case(&m.chair, e2, &transfer("Suffolk", "Moved"))
            .await
            .unwrap();
        assert!(out.victim_information_included, "{}", t.label);
        assert!(out.bundle_json.contains("Lady Lane"), "{}", t.label);
        // Whoever reads that bundle later needs the victim section too.
        assert!(
            w.app
                .oversight()
                .transfer_bundle(&w.om, e2, out.id)
                .await
                .is_err(),
            "{}",
            t.label
        );
        assert!(
            w.app
                .oversight()
                .transfer_bundle(&vlo, e2, out.id)
                .await
                .is_ok(),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
    }
}
