//! The annual tables counted from seeded spells, and their CSV and ODS exports.

use concord_app::*;

use super::{active, case, mappa_staff, seed_level, seed_spell, sfo, Spell};
use crate::support::*;

fn figure(stats: &MappaStatistics, table_prefix: &str, label: &str) -> String {
    stats
        .lines()
        .into_iter()
        .find(|l| l.table.starts_with(table_prefix) && l.label == label)
        .map_or_else(|| panic!("no figure {table_prefix} / {label}"), |l| l.value)
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
            .oversight()
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
            .oversight()
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
            .oversight()
            .record_sfo(&m.coordinator, b, &sfo("Robbery", "1/11/2025"))
            .await
            .unwrap();
        w.app
            .oversight()
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
        let stats = w
            .app
            .oversight()
            .mappa_statistics(&w.board, None, None)
            .await
            .unwrap();
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
            .oversight()
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
            .oversight()
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
                .oversight()
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
                w.app.oversight().mappa_statistics(&admin, None, None).await,
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
