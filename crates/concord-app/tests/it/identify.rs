//! Identify, end to end on the demo feeds: a police and a probation feed loaded (all or
//! nothing, resumable), the register compared, sure pairs linked and doubtful ones
//! queued, the queue worked, a link undone, a misspelt name found — each step through
//! the access decision and into the audit chain.

use std::collections::{HashMap, HashSet};

use concord_app::*;
use concord_authz::Actor;
use concord_demo::{feed_csv, person_of, Feed, FEED_MAPPING};
use concord_match::{read_csv, Extract, Mapping};
use concord_store::Db;

use crate::support::*;

const PEOPLE: usize = 300;

fn feed(which: Feed) -> Extract {
    feed_of(which, PEOPLE)
}

fn feed_of(which: Feed, people: usize) -> Extract {
    let mapping = Mapping::from_toml(FEED_MAPPING).expect("the demo mapping reads");
    read_csv(
        feed_csv(which, people, now().date_naive()).as_bytes(),
        &mapping,
    )
    .expect("the demo feed reads")
}

/// Every stored pair as (demo person of each side, status).
async fn pairs(db: &Db) -> Vec<(Option<u64>, Option<u64>, String)> {
    let sql = "SELECT a.source_id, b.source_id, p.status FROM match_pair p
               JOIN person a ON a.id = p.left_person_id JOIN person b ON b.id = p.right_person_id";
    let rows: Vec<(Option<String>, Option<String>, String)> = match db {
        Db::Sqlite(p) => sqlx::query_as(sql).fetch_all(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_as(sql).fetch_all(p).await.unwrap(),
    };
    rows.into_iter()
        .map(|(a, b, s)| {
            (
                a.as_deref().and_then(person_of),
                b.as_deref().and_then(person_of),
                s,
            )
        })
        .collect()
}

async fn person_count(db: &Db) -> i64 {
    let sql = "SELECT COUNT(*) FROM person";
    let (n,): (i64,) = match db {
        Db::Sqlite(p) => sqlx::query_as(sql).fetch_one(p).await.unwrap(),
        Db::Postgres(p) => sqlx::query_as(sql).fetch_one(p).await.unwrap(),
    };
    n
}

/// A police data quality officer: loads feeds, compares the register, works the queue.
pub(crate) async fn data_quality_officer(w: &World) -> Actor {
    add_staff(
        w,
        "dq.owen",
        "Owen Pritchard",
        "POL",
        "data_quality_officer",
    )
    .await
}

pub(crate) async fn load_both(w: &World, dq: &Actor) -> (Extract, Extract) {
    load_people(w, dq, PEOPLE).await
}

async fn load_people(w: &World, dq: &Actor, people: usize) -> (Extract, Extract) {
    let (police, probation) = (
        feed_of(Feed::Police, people),
        feed_of(Feed::Probation, people),
    );
    for (code, extract) in [("POL", &police), ("PRB", &probation)] {
        let report = w
            .app
            .identify()
            .import_feed(dq, code, extract, false, &())
            .await
            .unwrap_or_else(|e| panic!("{}: import {code}: {e}", w.label));
        assert!(
            report.written && report.rejected.is_empty(),
            "{}: {report:?}",
            w.label
        );
        assert_eq!(report.imported, extract.records.len(), "{}", w.label);
    }
    (police, probation)
}

#[tokio::test]
async fn feeds_are_linked_across_agencies_accurately_and_doubtful_pairs_are_queued() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let dq = data_quality_officer(&w).await;
        let (police, probation) = load_both(&w, &dq).await;
        let run = w
            .app
            .identify()
            .find_duplicates(&dq, &())
            .await
            .unwrap_or_else(|e| panic!("{}: find duplicates: {e}", t.label));
        assert_eq!(run.records, police.records.len() + probation.records.len());

        // Truth: the people both agencies hold.
        let in_police: HashSet<u64> = police
            .records
            .iter()
            .filter_map(|r| person_of(&r.id))
            .collect();
        let both: HashSet<u64> = probation
            .records
            .iter()
            .filter_map(|r| person_of(&r.id))
            .filter(|n| in_police.contains(n))
            .collect();
        let stored = pairs(&t.db).await;
        let linked: Vec<_> = stored.iter().filter(|p| p.2 == "linked").collect();
        let wrong = linked.iter().filter(|p| p.0 != p.1).count();
        let found: HashSet<u64> = stored
            .iter()
            .filter(|p| p.0 == p.1)
            .filter_map(|p| p.0)
            .collect();
        assert_eq!(run.linked, linked.len(), "{}", t.label);
        assert!(
            wrong * 100 <= linked.len(),
            "{}: {wrong} of {} automatic links join different people",
            t.label,
            linked.len()
        );
        assert!(
            found.len() * 100 >= both.len() * 95,
            "{}: only {} of the {} people in both feeds were linked or queued",
            t.label,
            found.len(),
            both.len()
        );
        assert!(
            linked.len() * 10 >= both.len() * 8,
            "{}: too few sure links: {}",
            t.label,
            linked.len()
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn an_interrupted_or_repeated_import_neither_duplicates_nor_loses_a_row() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let dq = data_quality_officer(&w).await;
        let mut police = feed(Feed::Police);
        let all = police.clone();
        // The first run "dies" after half the rows…
        let half = police.records.len() / 2;
        police.records.truncate(half);
        police.rows.truncate(half);
        let first = w
            .app
            .identify()
            .import_feed(&dq, "POL", &police, false, &())
            .await
            .unwrap();
        assert_eq!(
            (first.imported, first.written),
            (half, true),
            "{}: {first:?}",
            t.label
        );
        // …and the whole file is loaded again.
        let again = w
            .app
            .identify()
            .import_feed(&dq, "POL", &all, false, &())
            .await
            .unwrap();
        assert_eq!(again.already_present, half, "{}", t.label);
        assert_eq!(again.imported, all.records.len() - half, "{}", t.label);
        assert_eq!(
            person_count(&t.db).await as usize,
            all.records.len(),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn invalid_rows_are_reported_by_line_and_field_and_nothing_is_written() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let dq = data_quality_officer(&w).await;
        let mapping = Mapping::from_toml(FEED_MAPPING).unwrap();
        let csv = "source_id,forename,middle_names,surname,date_of_birth,address,town,postcode,sex,pnc_id\n\
                   EP1,Ann,,Hale,03/04/1980,1 High Street,Colchester,CO1 1AA,F,\n\
                   EP2,Bob,,Marsh,31/02/1981,2 High Street,Colchester,CO1 1AB,M,\n\
                   EP3,Cy,,Ng,03/04/2090,3 High Street,Colchester,CO1 1AE,M,\n\
                   EP4,Di,,Oaks,05/06/1975,4 High Street,,CO1 1AD,F,\n";
        let extract = read_csv(csv.as_bytes(), &mapping).unwrap();
        let report = w
            .app
            .identify()
            .import_feed(&dq, "POL", &extract, false, &())
            .await
            .unwrap();
        assert!(!report.written, "{}", t.label);
        let problems: Vec<(u64, &str)> = report
            .rejected
            .iter()
            .map(|r| (r.line, r.field.as_str()))
            .collect();
        assert_eq!(
            problems,
            vec![(3, "date_of_birth"), (4, "date_of_birth"), (5, "town")],
            "{}: {:?}",
            t.label,
            report.rejected
        );
        assert_eq!(person_count(&t.db).await, 0, "{}", t.label);
        // With --skip-invalid the good row alone is loaded.
        let report = w
            .app
            .identify()
            .import_feed(&dq, "POL", &extract, true, &())
            .await
            .unwrap();
        assert_eq!((report.imported, report.written), (1, true), "{}", t.label);
        // An unknown agency is refused, naming the field.
        let err = w
            .app
            .identify()
            .import_feed(&dq, "NOPE", &extract, true, &())
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Validation(_)), "{}: {err}", t.label);
        // An officer without the import permission is refused, and it is audited.
        let err = w
            .app
            .identify()
            .import_feed(&w.ppo, "POL", &extract, true, &())
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Denied { .. }), "{}: {err}", t.label);
        let denied = audit_trail(&t.db)
            .await
            .into_iter()
            .filter(|e| e.kind == "denied")
            .count();
        assert_eq!(denied, 1, "{}", t.label);
        t.finish().await;
    }
}

#[tokio::test]
async fn the_queue_is_worked_decisions_stand_and_a_link_is_undone_exactly() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let dq = data_quality_officer(&w).await;
        // Enough people that the model is unsure of several pairs.
        load_people(&w, &dq, 1000).await;
        w.app.identify().find_duplicates(&dq, &()).await.unwrap();
        let (queue, total) = w.app.identify().duplicate_queue(&dq, 50).await.unwrap();
        assert!(total >= 2, "{}: the queue holds {total}", t.label);
        assert!(queue
            .windows(2)
            .all(|p| p[0].match_probability >= p[1].match_probability));

        // "Same person": the records are linked, each keeping its owner.
        let first = &queue[0];
        let pair = w
            .app
            .identify()
            .duplicate_pair(&dq, first.pair_id)
            .await
            .unwrap();
        assert!(
            !pair.bars.is_empty() && pair.status.code() == "review",
            "{}",
            t.label
        );
        assert!(pair.left.source_id.is_some() && pair.right.source_id.is_some());
        let blank = w
            .app
            .identify()
            .decide_duplicate(&dq, first.pair_id, true, "  ")
            .await
            .unwrap_err();
        assert!(matches!(blank, AppError::Validation(_)), "{}", t.label);
        w.app
            .identify()
            .decide_duplicate(
                &dq,
                first.pair_id,
                true,
                "Same PNC on the police record and same address",
            )
            .await
            .unwrap();
        let again = w
            .app
            .identify()
            .decide_duplicate(&dq, first.pair_id, false, "second thoughts")
            .await
            .unwrap_err();
        assert!(matches!(again, AppError::Conflict), "{}: {again}", t.label);
        let links = w
            .app
            .identify()
            .linked_records(&dq, first.left.person_id)
            .await
            .unwrap();
        let link = links
            .links
            .iter()
            .find(|l| l.person_id == first.right.person_id)
            .expect("linked");
        assert!(
            link.is_live() && link.kind.code() == "reviewed",
            "{}",
            t.label
        );

        // "Different people": remembered through a later run.
        let second = &queue[1];
        w.app
            .identify()
            .decide_duplicate(
                &dq,
                second.pair_id,
                false,
                "Different fathers named on the birth records",
            )
            .await
            .unwrap();
        w.app.identify().find_duplicates(&dq, &()).await.unwrap();
        // The review is over, and with it the data quality officer's access to the pair.
        assert!(
            w.app
                .identify()
                .duplicate_pair(&dq, second.pair_id)
                .await
                .is_err(),
            "{}: a decided pair is still open to its reviewer",
            t.label
        );
        let (status, probability): (String, f64) = match w.app.db() {
            concord_store::Db::Sqlite(p) => {
                sqlx::query_as("SELECT status, match_probability FROM match_pair WHERE id = $1")
                    .bind(second.pair_id.as_uuid())
                    .fetch_one(p)
                    .await
                    .unwrap()
            }
            concord_store::Db::Postgres(p) => {
                sqlx::query_as("SELECT status, match_probability FROM match_pair WHERE id = $1")
                    .bind(second.pair_id.as_uuid())
                    .fetch_one(p)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(status, "different", "{}", t.label);
        // The decision taught the model: the pair scores no higher than before.
        assert!(
            probability <= second.match_probability + 1e-9,
            "{}: {} before the decision, {} after",
            t.label,
            second.match_probability,
            probability
        );
        // Never linked, and no longer open to the reviewer.
        assert!(w
            .app
            .identify()
            .linked_records(&dq, second.left.person_id)
            .await
            .is_err());

        // Unlinking restores the two records as they were, and the pair is now "different".
        w.app
            .identify()
            .unlink_records(&dq, link.link_id, "Twins: checked with the custody suite")
            .await
            .unwrap();
        let sql = "SELECT p.status, l.unlink_reason FROM person_link l, match_pair p WHERE l.id = $1 AND p.id = $2";
        let (status, reason): (String, Option<String>) = match w.app.db() {
            concord_store::Db::Sqlite(p) => sqlx::query_as(sql)
                .bind(link.link_id.as_uuid())
                .bind(first.pair_id.as_uuid())
                .fetch_one(p)
                .await
                .unwrap(),
            concord_store::Db::Postgres(p) => sqlx::query_as(sql)
                .bind(link.link_id.as_uuid())
                .bind(first.pair_id.as_uuid())
                .fetch_one(p)
                .await
                .unwrap(),
        };
        assert_eq!(status, "different", "{}", t.label);
        assert!(
            reason.is_some_and(|r| r.starts_with("Twins")),
            "{}",
            t.label
        );
        // The review is over: the reviewer may neither read the pair nor undo it again.
        assert!(
            w.app
                .identify()
                .duplicate_pair(&dq, first.pair_id)
                .await
                .is_err(),
            "{}",
            t.label
        );
        let again = w
            .app
            .identify()
            .unlink_records(&dq, link.link_id, "again")
            .await
            .unwrap_err();
        assert!(
            matches!(again, AppError::Conflict | AppError::Denied { .. }),
            "{}",
            t.label
        );

        // Both records' audit trails hold the combination and its undoing.
        let events = audit_trail(&t.db).await;
        for side in [first.left.person_id.0, first.right.person_id.0] {
            let combos: Vec<_> = events
                .iter()
                .filter(|e| e.kind == "combination" && e.person_id == Some(side))
                .map(|e| e.reason.as_str())
                .collect();
            assert!(
                combos.iter().any(|r| r.starts_with("linked")),
                "{}: {combos:?}",
                t.label
            );
            assert!(
                combos.iter().any(|r| r.starts_with("unlinked")),
                "{}: {combos:?}",
                t.label
            );
        }
        audit_count(&t.db).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn only_those_who_resolve_duplicates_see_the_queue_or_its_records() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let dq = data_quality_officer(&w).await;
        load_both(&w, &dq).await;
        w.app.identify().find_duplicates(&dq, &()).await.unwrap();
        let (queue, _) = w.app.identify().duplicate_queue(&dq, 5).await.unwrap();
        let err = w
            .app
            .identify()
            .duplicate_queue(&w.om, 5)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Denied { .. }), "{}", t.label);
        let err = w
            .app
            .identify()
            .find_duplicates(&w.ppo, &())
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Denied { .. }), "{}", t.label);
        // The queued records are not thereby opened to anyone else: the offender
        // manager, who has no relationship with a police feed's record, still cannot.
        let (police_side, probation_side) = if queue[0].left.agency == "Essex Police" {
            (&queue[0].left, &queue[0].right)
        } else {
            (&queue[0].right, &queue[0].left)
        };
        let err = w
            .app
            .people()
            .view_person(&w.om, police_side.person_id)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Denied { .. }), "{}: {err}", t.label);
        // The (police) data quality officer reads identity and addresses of the probation
        // record, and only those.
        let seen = w
            .app
            .people()
            .view_person(&dq, probation_side.person_id)
            .await
            .unwrap();
        assert!(
            seen.sections.contains(concord_authz::Section::Identity),
            "{}",
            t.label
        );
        assert!(
            !seen.sections.contains(concord_authz::Section::Chronology),
            "{}",
            t.label
        );
        t.finish().await;
    }
}

#[tokio::test]
async fn a_misspelt_name_finds_the_person_with_its_reasons() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let dq = data_quality_officer(&w).await;
        let (police, _) = load_both(&w, &dq).await;
        w.app.identify().find_duplicates(&dq, &()).await.unwrap();
        // A surname of six letters or more, one letter dropped, as an officer might type it.
        let target = police
            .records
            .iter()
            .find(|r| {
                r.surname
                    .as_ref()
                    .is_some_and(|s| s.len() >= 6 && s.is_ascii())
            })
            .unwrap();
        let surname = target.surname.clone().unwrap();
        let typo = format!("{}{}", &surname[..2], &surname[3..]);
        let forename = target.forename.clone().unwrap();
        let results = w
            .app
            .people()
            .search_persons(&w.om, &format!("{forename} {typo}"))
            .await
            .unwrap();
        let by_name: HashMap<&str, &SearchHit> =
            results.hits.iter().map(|h| (h.name.as_str(), h)).collect();
        let hit = results
            .hits
            .iter()
            .find(|h| h.name.ends_with(&surname) && h.name.starts_with(&forename))
            .unwrap_or_else(|| {
                panic!(
                    "{}: {forename} {typo} did not find {surname}: {:?}",
                    t.label,
                    by_name.keys()
                )
            });
        assert!(
            hit.likeness.is_some_and(|p| p > 0.2),
            "{}: {hit:?}",
            t.label
        );
        assert!(
            hit.reasons.iter().any(|r| r.starts_with("Forename")),
            "{}: {:?}",
            t.label,
            hit.reasons
        );
        t.finish().await;
    }
}
