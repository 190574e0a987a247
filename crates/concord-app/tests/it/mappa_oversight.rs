//! MAPPA oversight end to end: a serious further offence with its MAPPA N deadline and
//! the chair's review decision, the SCR export, a transfer to another area with and
//! without victim information, and the annual tables counted from seeded spells.

use chrono::NaiveDate;
use concord_app::*;
use concord_authz::Actor;
use concord_domain::PersonId;
use concord_store::Db;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::support::*;

macro_rules! exec {
    ($db:expr, $sql:expr $(, $b:expr)*) => {
        match $db {
            Db::Sqlite(p) => sqlx::query($sql)$(.bind($b))*.execute(p).await.map(|_| ()),
            Db::Postgres(p) => sqlx::query($sql)$(.bind($b))*.execute(p).await.map(|_| ()),
        }
        .expect("seed")
    };
}

async fn agency_id(db: &Db, code: &str) -> Uuid {
    let sql = "SELECT id FROM agency WHERE code = $1";
    let (id,): (Uuid,) = match db {
        Db::Sqlite(p) => sqlx::query_as(sql).bind(code).fetch_one(p).await,
        Db::Postgres(p) => sqlx::query_as(sql).bind(code).fetch_one(p).await,
    }
    .expect("agency");
    id
}

struct Spell<'a> {
    area: &'a str,
    category: &'a str,
    level: &'a str,
    status: &'a str,
    from: NaiveDate,
    ended: Option<NaiveDate>,
}

/// A MAPPA spell as the referral and screening engineer's use cases leave it (written
/// directly: this branch reads spells, it does not create them).
async fn seed_spell(w: &World, person: PersonId, s: Spell<'_>) -> Uuid {
    let id = Uuid::now_v7();
    let lead = agency_id(w.app.db(), "PRB").await;
    exec!(
        w.app.db(),
        "INSERT INTO mappa_record (id, person_id, area, category, category_reasons, level, lead_agency_id, status, eligible_from, eligibility_ends_on, end_prompt_on, next_review_on, critical_public_protection, ended_on, end_reason, confirmed_by, created_at, updated_at) VALUES ($1, $2, $3, $4, 'seeded', $5, $6, $7, $8, NULL, NULL, NULL, FALSE, $9, NULL, $10, $11, $11)",
        id,
        person.0,
        s.area,
        s.category,
        s.level,
        lead,
        s.status,
        s.from,
        s.ended,
        w.om.user_id.0,
        now()
    );
    id
}

async fn seed_level(w: &World, person: PersonId, record: Uuid, level: &str, on: NaiveDate) {
    exec!(
        w.app.db(),
        "INSERT INTO mappa_decision (id, record_id, person_id, kind, level, rationale, critical_public_protection, decided_on, decided_by, next_review_on, created_at) VALUES ($1, $2, $3, 'level', $4, 'seeded', FALSE, $5, $6, NULL, $7)",
        Uuid::now_v7(),
        record,
        person.0,
        level,
        on,
        w.om.user_id.0,
        now()
    );
}

fn active(category: &'static str, level: &'static str, from: NaiveDate) -> Spell<'static> {
    Spell {
        area: "Essex",
        category,
        level,
        status: "active",
        from,
        ended: None,
    }
}

async fn case(w: &World, given: &str) -> PersonId {
    let id = w
        .app
        .register_person(&w.om, &person(given, "Dolby", ymd(1980, 1, 2)))
        .await
        .unwrap();
    allocate(w, &w.om, id, &w.om, "offender_manager").await;
    id
}

struct Mappa {
    coordinator: Actor,
    chair: Actor,
}

async fn mappa_staff(w: &World) -> Mappa {
    Mappa {
        coordinator: add_staff(w, "mappa.cole", "Maya Cole", "PRB", "mappa_coordinator").await,
        chair: add_staff(w, "mappa.chan", "Martin Chan", "POL", "mappa_chair").await,
    }
}

async fn last_purpose_and_recipient(db: &Db) -> (Option<String>, Option<String>) {
    let sql = "SELECT purpose, recipient FROM audit_event ORDER BY seq DESC LIMIT 1";
    match db {
        Db::Sqlite(p) => sqlx::query_as(sql).fetch_one(p).await,
        Db::Postgres(p) => sqlx::query_as(sql).fetch_one(p).await,
    }
    .expect("last audit")
}

fn sfo(offence: &str, charged_on: &str) -> SfoForm {
    SfoForm {
        offence: offence.into(),
        charged_on: charged_on.into(),
    }
}

#[tokio::test]
async fn an_sfo_has_its_mappa_n_deadline_and_only_the_chair_decides_the_review() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let m = mappa_staff(&w).await;
        let d = case(&w, "Darren").await;
        seed_spell(&w, d, active("CATEGORY_2", "LEVEL_2", ymd(2025, 6, 1))).await;
        w.app
            .record_event(
                &w.om,
                d,
                &event("contact", ymd(2026, 2, 20), "Reported as instructed"),
            )
            .await
            .unwrap();

        // Every problem is named and nothing is saved.
        let e = w
            .app
            .record_sfo(&m.coordinator, d, &sfo(" ", "11/3/2026"))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![
                ("charged_on".into(), "date_in_future"),
                ("offence".into(), "required")
            ],
            "{}",
            t.label
        );
        let e = w
            .app
            .record_sfo(&m.coordinator, d, &sfo("Robbery", "1/5/2025"))
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![("charged_on".into(), "outside_mappa")],
            "{}",
            t.label
        );
        assert!(
            w.app.sfos(&m.coordinator, d).await.unwrap().is_empty(),
            "{}",
            t.label
        );

        // Charged on 2 March: MAPPA N due five days later, overdue on 10 March.
        let id = w
            .app
            .record_sfo(&m.coordinator, d, &sfo("Wounding with intent", "2/3/2026"))
            .await
            .unwrap();
        let got = w.app.sfos(&m.coordinator, d).await.unwrap();
        assert_eq!(
            (
                got[0].notification_due_on,
                got[0].notification_overdue,
                got[0].scr_decision.as_str()
            ),
            (ymd(2026, 3, 7), true, "pending"),
            "{}",
            t.label
        );
        let e = w
            .app
            .record_sfo_notified(&m.coordinator, d, id, "1/3/2026")
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![("notified_on".into(), "before_charge")],
            "{}",
            t.label
        );
        w.app
            .record_sfo_notified(&m.coordinator, d, id, "6/3/2026")
            .await
            .unwrap();
        let got = w.app.sfos(&m.coordinator, d).await.unwrap();
        assert_eq!(
            (got[0].notified_on, got[0].notification_overdue),
            (Some(ymd(2026, 3, 6)), false),
            "{}",
            t.label
        );

        // No export before the chair decides a review is held.
        let e = w.app.scr_export(&m.chair, d).await.unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![("sfo".into(), "no_review")],
            "{}",
            t.label
        );

        // The coordinator may not decide the review: refused and audited.
        let decision = ScrDecisionForm {
            decision: "review".into(),
            rationale: "Level 2 case; learning for the agencies involved".into(),
        };
        let e = w
            .app
            .decide_scr(&m.coordinator, d, id, &decision)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Denied { .. }), "{}: {e:?}", t.label);
        let audited = last_audit(w.app.db()).await;
        assert_eq!(
            (audited.kind.as_str(), audited.person_id),
            ("denied", Some(d.0)),
            "{}",
            t.label
        );
        let e = w
            .app
            .decide_scr(
                &m.chair,
                d,
                id,
                &ScrDecisionForm {
                    decision: "maybe".into(),
                    rationale: String::new(),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![
                ("decision".into(), "required"),
                ("rationale".into(), "required")
            ],
            "{}",
            t.label
        );
        w.app.decide_scr(&m.chair, d, id, &decision).await.unwrap();
        assert!(
            matches!(
                w.app.decide_scr(&m.chair, d, id, &decision).await,
                Err(AppError::Conflict)
            ),
            "{}",
            t.label
        );

        // The SCR export: chronology, decisions and the SFO, audited as an export for a
        // serious case review. The offender manager does not run MAPPA: refused.
        let export = w.app.scr_export(&m.coordinator, d).await.unwrap();
        assert_eq!(export.bundle.chronology.len(), 1, "{}", t.label);
        assert_eq!(
            export.bundle.serious_further_offences[0].scr_decision, "review",
            "{}",
            t.label
        );
        assert_eq!(export.bundle.victims, None, "{}", t.label);
        assert!(export.json.contains("Wounding with intent"), "{}", t.label);
        let audited = last_audit(w.app.db()).await;
        assert_eq!(
            (audited.kind.as_str(), audited.action.as_str()),
            ("disclosure", "export"),
            "{}",
            t.label
        );
        assert_eq!(
            last_purpose_and_recipient(w.app.db()).await.0.as_deref(),
            Some("serious case review"),
            "{}",
            t.label
        );
        assert!(
            matches!(
                w.app.scr_export(&w.om, d).await,
                Err(AppError::Denied { .. })
            ),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
    }
}

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
        let listed = w.app.transfers(&w.om, d).await.unwrap();
        assert_eq!(
            (listed[0].to_area.as_str(), &listed[0].bundle_sha256),
            ("Kent", &out.bundle_sha256),
            "{}",
            t.label
        );
        assert_eq!(
            w.app.transfer_bundle(&w.om, d, out.id).await.unwrap(),
            out.bundle_json,
            "{}",
            t.label
        );
        // Transferred: no longer a MAPPA case here, so MAPPA staff have no relationship.
        let e = w
            .app
            .transfer_mappa_case(&m.coordinator, d, &transfer("Kent", "Again"))
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Denied { .. }), "{}: {e:?}", t.label);

        // The chair may read victims: they travel with the case.
        let out = w
            .app
            .transfer_mappa_case(&m.chair, e2, &transfer("Suffolk", "Moved"))
            .await
            .unwrap();
        assert!(out.victim_information_included, "{}", t.label);
        assert!(out.bundle_json.contains("Lady Lane"), "{}", t.label);
        // Whoever reads that bundle later needs the victim section too.
        assert!(
            w.app.transfer_bundle(&w.om, e2, out.id).await.is_err(),
            "{}",
            t.label
        );
        assert!(
            w.app.transfer_bundle(&vlo, e2, out.id).await.is_ok(),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
    }
}

fn figure(stats: &MappaStatistics, table_prefix: &str, label: &str) -> String {
    stats
        .lines()
        .into_iter()
        .find(|l| l.table.starts_with(table_prefix) && l.label == label)
        .map(|l| l.value)
        .unwrap_or_else(|| panic!("no figure {table_prefix} / {label}"))
}

/// The entries of a zip as (name, stored bytes), checking each entry's CRC.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let u16at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
    let u32at = |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let mut out = vec![];
    let mut i = 0;
    while u32at(i) == 0x0403_4b50 {
        assert_eq!(u16at(i + 8), 0, "stored, not compressed");
        let crc = u32at(i + 14);
        let size = u32at(i + 18) as usize;
        let name_len = u16at(i + 26);
        let extra = u16at(i + 28);
        let name = String::from_utf8(bytes[i + 30..i + 30 + name_len].to_vec()).unwrap();
        let start = i + 30 + name_len + extra;
        let data = bytes[start..start + size].to_vec();
        assert_eq!(crc32(&data), crc, "CRC of {name}");
        out.push((name, data));
        i = start + size;
    }
    assert_eq!(
        u32at(i),
        0x0201_4b50,
        "the central directory follows the entries"
    );
    out
}

#[tokio::test]
async fn the_annual_tables_count_spells_by_category_and_level_on_31_march() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let m = mappa_staff(&w).await;
        let admin = add_staff(&w, "admin.ross", "Ann Ross", "PRB", "administrator").await;
        let (a, b, c, d, k) = (
            case(&w, "Adam").await,
            case(&w, "Ben").await,
            case(&w, "Carl").await,
            case(&w, "Dev").await,
            case(&w, "Ken").await,
        );
        // A: Category 1 at Level 1 throughout: eligible, a registered sexual offender.
        seed_spell(&w, a, active("CATEGORY_1", "LEVEL_1", ymd(2024, 1, 1))).await;
        // B: Level 3 from May, down to Level 1 in October: Level 1 on 31 March, but
        // managed at Level 3 during the year.
        let rb = seed_spell(&w, b, active("CATEGORY_2", "LEVEL_1", ymd(2025, 4, 20))).await;
        seed_level(&w, b, rb, "LEVEL_3", ymd(2025, 5, 1)).await;
        seed_level(&w, b, rb, "LEVEL_1", ymd(2025, 10, 1)).await;
        // C: Level 2, ended in February: not eligible on 31 March, Level 2 in the year.
        let spell = Spell {
            status: "ended",
            ended: Some(ymd(2026, 2, 1)),
            ..active("CATEGORY_2", "LEVEL_2", ymd(2025, 1, 1))
        };
        seed_spell(&w, c, spell).await;
        // D: Category 3 at Level 2 from September.
        seed_spell(&w, d, active("CATEGORY_3", "LEVEL_2", ymd(2025, 9, 1))).await;
        // K: another area's case, not counted in Essex.
        seed_spell(
            &w,
            k,
            Spell {
                area: "Kent",
                ..active("CATEGORY_1", "LEVEL_1", ymd(2024, 1, 1))
            },
        )
        .await;

        w.app
            .record_order_event(
                &m.coordinator,
                a,
                &OrderEventForm {
                    kind: "notification_breach".into(),
                    occurred_on: "1/7/2025".into(),
                    note: String::new(),
                },
            )
            .await
            .unwrap();
        let e = w
            .app
            .record_order_event(
                &m.coordinator,
                a,
                &OrderEventForm {
                    kind: "parking".into(),
                    occurred_on: "x".into(),
                    note: String::new(),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(
            field_codes(&e),
            vec![
                ("kind".into(), "required"),
                ("occurred_on".into(), "date_format")
            ],
            "{}",
            t.label
        );
        let id = w
            .app
            .record_sfo(&m.coordinator, b, &sfo("Robbery", "1/11/2025"))
            .await
            .unwrap();
        w.app
            .decide_scr(
                &m.chair,
                b,
                id,
                &ScrDecisionForm {
                    decision: "review".into(),
                    rationale: "Learning".into(),
                },
            )
            .await
            .unwrap();

        let before = audit_count(w.app.db()).await;
        let stats = w.app.mappa_statistics(&w.board, None, None).await.unwrap();
        assert_eq!(
            (stats.year, stats.area.as_str()),
            (2025, "Essex"),
            "{}",
            t.label
        );
        let tables = &stats.tables;
        assert_eq!(
            (tables.eligible_total, tables.level_2_3_total, tables.rsos),
            (3, 3, 1),
            "{}",
            t.label
        );
        for (label, want) in [
            ("Category 1 Level 1", "1"),
            ("Category 2 Level 1", "1"),
            ("Category 2 Level 2", "0"),
            ("Category 3 Level 2", "1"),
        ] {
            assert_eq!(
                figure(&stats, "Eligible", label),
                want,
                "{}: {label}",
                t.label
            );
        }
        assert_eq!(
            figure(&stats, "Level 2 and 3 during", "Category 2"),
            "2",
            "{}",
            t.label
        );
        assert_eq!(
            figure(&stats, "Level 2 and 3 during", "Category 3"),
            "1",
            "{}",
            t.label
        );
        assert_eq!(
            (
                tables.notification_breaches,
                tables.sfos,
                tables.serious_case_reviews
            ),
            (1, 1, 1),
            "{}",
            t.label
        );
        let audited = last_audit(w.app.db()).await;
        assert_eq!(
            (audited.kind.as_str(), audited.person_id),
            ("consultation", None),
            "{}",
            t.label
        );
        assert_eq!(audit_count(w.app.db()).await, before + 1, "{}", t.label);

        // Another area, another year.
        let kent = w
            .app
            .mappa_statistics(&w.board, Some("2025"), Some("kent"))
            .await
            .unwrap();
        assert_eq!(
            (
                kent.area.as_str(),
                kent.tables.eligible_total,
                kent.tables.rso_per_100k
            ),
            ("Kent", 1, None),
            "{}",
            t.label
        );
        let last_year = w
            .app
            .mappa_statistics(&w.board, Some("2024"), None)
            .await
            .unwrap();
        assert_eq!(last_year.tables.eligible_total, 2, "{}", t.label);

        // Bad parameters name themselves.
        for (year, area, field) in [
            (Some("25"), None, "year"),
            (Some("2031"), None, "year"),
            (Some("abcd"), None, "year"),
            (None, Some("Narnia"), "area"),
        ] {
            let e = w
                .app
                .mappa_statistics(&w.board, year, area)
                .await
                .unwrap_err();
            assert_eq!(
                field_codes(&e)[0].0,
                field,
                "{}: {year:?} {area:?}",
                t.label
            );
        }
        // No aggregate access: refused and audited.
        assert!(
            matches!(
                w.app.mappa_statistics(&admin, None, None).await,
                Err(AppError::Denied { .. })
            ),
            "{}",
            t.label
        );
        assert_eq!(last_audit(w.app.db()).await.kind, "denied", "{}", t.label);

        // CSV and ODS carry the same figures and no names.
        let csv = statistics_csv(&stats);
        assert!(
            csv.contains("Eligible on 31 March by category and level,Category 2 Level 1,1\n"),
            "{}: {csv}",
            t.label
        );
        assert!(
            csv.contains("Level 2 and 3 during the year,Total,3\n"),
            "{}",
            t.label
        );
        let ods = statistics_ods(&stats);
        let entries = unzip(&ods);
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            vec!["mimetype", "META-INF/manifest.xml", "content.xml"],
            "{}",
            t.label
        );
        assert_eq!(
            entries[0].1, b"application/vnd.oasis.opendocument.spreadsheet",
            "{}",
            t.label
        );
        let content = String::from_utf8(entries[2].1.clone()).unwrap();
        assert!(content.contains(r#"<text:p>Category 3 Level 2</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="1">"#), "{}", t.label);
        for text in [&csv, &content] {
            for name in ["Adam", "Ben", "Dolby"] {
                assert!(!text.contains(name), "{}: {name}", t.label);
            }
            assert!(!text.contains(&a.0.to_string()), "{}", t.label);
        }
        assert_chain_intact(&w).await;
    }
}
