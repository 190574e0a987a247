use concord_app::*;
use concord_domain::{MarkerKind, PersonId};

use crate::support::*;

struct People {
    zoe: PersonId,
    john: PersonId,
    amy: PersonId,
}

async fn register_people(w: &World) -> People {
    let mut zoe = person("Zoë", "Smith", ymd(1985, 2, 3));
    zoe.details.gender = "female".into();
    zoe.identifiers = vec![
        identifier("pnc", &example_pnc()),
        identifier("crn", "X123456"),
    ];
    zoe.aliases = vec![AliasInput {
        given_name: "Jo".into(),
        family_name: "Blackwood-Smith".into(),
        ..Default::default()
    }];
    zoe.addresses = vec![home(
        "3 Duke Street",
        "Chelmsford",
        "CM1 1AA",
        ymd(2024, 1, 15),
    )];
    zoe.markers = vec![marker("violence", "Assaulted staff")];
    let zoe = w.app.people().register_person(&w.ppo, &zoe).await.unwrap();
    let john = w
        .app
        .people()
        .register_person(&w.ppo, &person("John", "Smithers", ymd(1990, 1, 1)))
        .await
        .unwrap();
    let amy = w
        .app
        .people()
        .register_person(&w.om, &person("Amy", "Jones", ymd(1985, 2, 3)))
        .await
        .unwrap();
    People { zoe, john, amy }
}

async fn hits(w: &World, query: &str) -> Vec<SearchHit> {
    w.app
        .people()
        .search_persons(&w.om, query)
        .await
        .unwrap_or_else(|e| panic!("{}: search {query:?}: {e}", w.label))
        .hits
}

fn ids(hits: &[SearchHit]) -> Vec<PersonId> {
    hits.iter().map(|h| h.person_id).collect()
}

#[tokio::test]
async fn a_partial_name_is_found_whatever_its_case_and_accents() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let p = register_people(&w).await;

        let found = hits(&w, "zoe").await;
        assert_eq!(ids(&found), [p.zoe], "{}", t.label);
        assert_eq!(found[0].name, "Zoë Smith", "{}", t.label);
        assert_eq!(found[0].reasons, ["Name matches “zoe”"], "{}", t.label);
        assert_eq!(ids(&hits(&w, "ZOË").await), [p.zoe], "{}", t.label);

        let found = hits(&w, "SMI").await;
        assert_eq!(ids(&found), [p.zoe, p.john], "{}: surname order", t.label);
        assert_eq!(found[1].reasons, ["Name matches “smithers”"], "{}", t.label);
        assert_eq!(
            ids(&hits(&w, "smith zo").await),
            [p.zoe],
            "{}: every word must match",
            t.label
        );
        assert_eq!(ids(&hits(&w, "joh smi").await), [p.john], "{}", t.label);
        assert!(hits(&w, "smithson").await.is_empty(), "{}", t.label);

        // The facts beside each hit: the nominal index shows who the person is and the
        // markers that keep staff safe, never where they live (the addresses section
        // needs a relationship with the person).
        let zoe = &hits(&w, "zoe").await[0];
        assert_eq!(
            (zoe.pnc.as_deref(), zoe.crn.as_deref(), zoe.town.as_deref()),
            (Some("2001/0123456F"), Some("X123456"), None),
            "{}",
            t.label
        );
        assert_eq!(zoe.markers, [MarkerKind::Violence], "{}", t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn an_alias_is_found_and_the_reason_says_so() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let p = register_people(&w).await;
        let found = hits(&w, "blackw").await;
        assert_eq!(ids(&found), [p.zoe], "{}", t.label);
        assert_eq!(
            found[0].reasons,
            ["Alias matches “blackwood”"],
            "{}",
            t.label
        );
        // Each word is explained by a name where one matches, else by an alias.
        let found = hits(&w, "jo").await;
        assert_eq!(
            ids(&found),
            [p.amy, p.zoe, p.john],
            "{}: surname order",
            t.label
        );
        let reasons: Vec<&str> = found.iter().map(|h| h.reasons[0].as_str()).collect();
        assert_eq!(
            reasons,
            [
                "Name matches “jones”",
                "Alias matches “jo”",
                "Name matches “john”"
            ],
            "{}",
            t.label
        );
        // Zoë's alias Blackwood-Smith also matches "smi", but her own name explains it.
        let found = hits(&w, "smi").await;
        assert_eq!(found[0].person_id, p.zoe, "{}", t.label);
        assert_eq!(found[0].reasons, ["Name matches “smith”"], "{}", t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn a_date_of_birth_is_understood_in_any_common_format() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let p = register_people(&w).await;
        for query in [
            "3/2/1985",
            "03/02/1985",
            "1985-02-03",
            "03.02.1985",
            "3 Feb 1985",
            "3 February 1985",
        ] {
            let results = w.app.people().search_persons(&w.om, query).await.unwrap();
            assert_eq!(
                results.understood_as, "date of birth",
                "{}: {query}",
                t.label
            );
            assert_eq!(ids(&results.hits), [p.amy, p.zoe], "{}: {query}", t.label);
            assert!(
                results
                    .hits
                    .iter()
                    .all(|h| h.reasons == ["Date of birth 3 February 1985"]),
                "{}: {query}: {:?}",
                t.label,
                results.hits
            );
        }
        let results = w
            .app
            .people()
            .search_persons(&w.om, "smith 3/2/1985")
            .await
            .unwrap();
        assert_eq!(
            results.understood_as, "name and date of birth",
            "{}",
            t.label
        );
        assert_eq!(ids(&results.hits), [p.zoe], "{}", t.label);
        assert_eq!(
            results.hits[0].reasons,
            ["Name matches “smith”", "Date of birth 3 February 1985"],
            "{}",
            t.label
        );
        assert!(
            hits(&w, "smithers 3/2/1985").await.is_empty(),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn a_pnc_id_is_found_however_it_is_typed() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let p = register_people(&w).await;
        for query in [
            "2001/0123456F",
            "01/123456f",
            "2001 0123456 F",
            "20010123456f",
        ] {
            let results = w.app.people().search_persons(&w.om, query).await.unwrap();
            assert_eq!(results.understood_as, "identifier", "{}: {query}", t.label);
            assert_eq!(ids(&results.hits), [p.zoe], "{}: {query}", t.label);
            assert_eq!(
                results.hits[0].reasons,
                ["PNC ID 2001/0123456F"],
                "{}: {query}",
                t.label
            );
        }
        // A wrong check letter is a near miss, and near misses match nobody.
        assert!(hits(&w, "2001/0123456Z").await.is_empty(), "{}", t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn a_crn_is_found_in_lower_case() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let p = register_people(&w).await;
        let found = hits(&w, "x123456").await;
        assert_eq!(ids(&found), [p.zoe], "{}", t.label);
        assert_eq!(found[0].reasons, ["CRN X123456"], "{}", t.label);
        assert!(hits(&w, "x654321").await.is_empty(), "{}", t.label);
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn an_empty_or_meaningless_query_is_a_field_error() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        for (query, code) in [
            ("", "required"),
            ("   ", "required"),
            ("!!!", "search_unrecognised"),
            (&"a".repeat(201)[..], "too_long"),
        ] {
            let err = w
                .app
                .people()
                .search_persons(&w.om, query)
                .await
                .unwrap_err();
            assert_eq!(
                field_codes(&err),
                [("q".to_string(), code)],
                "{}: {query:?}",
                t.label
            );
        }
        t.finish().await;
    }
}

#[tokio::test]
async fn every_search_is_a_consultation_naming_who_searched() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let p = register_people(&w).await;
        let before = audit_count(w.app.db()).await;
        hits(&w, "smith").await;
        hits(&w, "nobody-at-all").await;
        assert_eq!(audit_count(w.app.db()).await, before + 2, "{}", t.label);
        let trail = audit_trail(w.app.db()).await;
        for e in &trail[before as usize..] {
            assert_eq!(
                (
                    e.kind.as_str(),
                    e.action.as_str(),
                    e.person_id,
                    e.actor_user_id,
                    e.reason.as_str()
                ),
                (
                    "consultation",
                    "read",
                    None,
                    Some(w.om.user_id.0),
                    "searched the register"
                ),
                "{}",
                t.label
            );
        }
        let _ = p;
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}

#[tokio::test]
async fn more_than_fifty_matches_are_cut_to_fifty_and_say_so() {
    for t in concord_testkit::databases().await {
        let w = world(&t).await;
        let letters: Vec<char> = ('a'..='z').collect();
        for i in 0..51 {
            let given = format!(
                "{}{}",
                letters[i / 26].to_ascii_uppercase(),
                letters[i % 26]
            );
            w.app
                .people()
                .register_person(&w.ppo, &person(&given, "Multiple", ymd(1980, 1, 1)))
                .await
                .unwrap();
        }
        let results = w
            .app
            .people()
            .search_persons(&w.om, "multiple")
            .await
            .unwrap();
        assert_eq!(results.hits.len(), 50, "{}", t.label);
        assert!(results.truncated, "{}", t.label);
        let narrower = w
            .app
            .people()
            .search_persons(&w.om, "multiple aa")
            .await
            .unwrap();
        assert_eq!(
            (narrower.hits.len(), narrower.truncated),
            (1, false),
            "{}",
            t.label
        );
        assert_chain_intact(&w).await;
        t.finish().await;
    }
}
