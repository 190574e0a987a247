//! The model's tests: a model trained without labels on synthetic people, taught by
//! reviewers' decisions, scoring a missing value, and its file round-tripping. Apart
//! because they exercise training, scoring and the file together.

use chrono::{Datelike, NaiveDate};

use super::counting::count;
use super::*;
use crate::{compare_records, IdentifierKind, MatchRecord};

const FORENAMES: [&str; 12] = [
    "John", "David", "Sarah", "Emma", "Craig", "Darren", "Lucy", "Imran", "Priya", "Tom", "Gemma",
    "Neil",
];
const STEMS: [&str; 20] = [
    "Ash", "Brad", "Cal", "Dun", "Ell", "Fair", "Gold", "Hart", "Ing", "Kent", "Lang", "Mar",
    "Nor", "Oak", "Pen", "Rad", "Shel", "Thorn", "Wal", "York",
];
const ENDS: [&str; 30] = [
    "by", "ford", "ley", "ton", "well", "wood", "field", "worth", "ham", "stead", "more", "dale",
    "bury", "wick", "croft", "hurst", "combe", "gate", "land", "mead", "bridge", "brook", "thorpe",
    "shaw", "den", "low", "ridge", "stone", "wright", "ington",
];

/// A small deterministic generator (splitmix64), so the pairs are spread like random
/// ones without the regularities of modular arithmetic.
fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Six other people with the same forename as person i (what blocking on forename
/// would give).
fn same_forename(i: usize) -> impl Iterator<Item = usize> {
    (1..=6u64)
        .map(move |t| (i % 12) + 12 * (mix(i as u64 * 31 + t) % 50) as usize)
        .filter(move |j| *j != i)
}

/// Person i, deterministic; `noisy` gives the kind of record another agency holds.
fn person(i: usize, noisy: bool) -> MatchRecord {
    let mut forename = FORENAMES[i % 12].to_string();
    // Surnames are (almost) unique, as in a real register; forenames are common.
    let mut surname = format!("{}{}", STEMS[i % 20], ENDS[(i / 20) % 30]);
    let h = mix(i as u64 + 7_000);
    let (mut d, m, y) = (
        (h % 28) as u32 + 1,
        ((h >> 8) % 12) as u32 + 1,
        1960 + ((h >> 16) % 40) as i32,
    );
    if noisy {
        match i % 4 {
            0 => forename.push('e'),
            1 => surname = surname.replace('o', "e"),
            2 => d = if d < 28 { d + 1 } else { 1 },
            _ => {}
        }
    }
    MatchRecord {
        id: format!("{}{i}", if noisy { "N" } else { "P" }),
        forename: Some(forename),
        surname: Some(surname),
        date_of_birth: NaiveDate::from_ymd_opt(y, m, d),
        postcode: Some(format!(
            "CM{} {}{}B",
            (h >> 24) % 9 + 1,
            (h >> 32) % 10,
            (b'A' + ((h >> 40) % 26) as u8) as char
        )),
        address: None,
        town: None,
        gender: Some(
            if i.is_multiple_of(5) {
                "female"
            } else {
                "male"
            }
            .into(),
        ),
        identifiers: if i.is_multiple_of(3) {
            vec![(IdentifierKind::Pnc, format!("2001/{i:07}X"))]
        } else {
            vec![]
        },
    }
}

fn trained() -> Model {
    let people: Vec<MatchRecord> = (0..600).map(|i| person(i, false)).collect();
    let noisy: Vec<MatchRecord> = (0..600).map(|i| person(i, true)).collect();
    // Random pairs for u: each person against ten others spread through the list.
    let random: Vec<ComparisonVector> = (0..600)
        .flat_map(|i| (1..=10u64).map(move |k| (i, (mix(i as u64 * 1000 + k) % 600) as usize)))
        .filter(|(i, j)| i != j)
        .map(|(i, j)| compare_records(&people[i], &noisy[j]))
        .collect();
    // Candidate pairs as blocking on forename would give: each true pair, and six
    // other people with the same forename.
    let mut candidates = vec![];
    for (i, p) in people.iter().enumerate() {
        candidates.push(compare_records(p, &noisy[i]));
        for j in same_forename(i) {
            candidates.push(compare_records(p, &noisy[j]));
        }
    }
    let u = Model::estimate_u(&random);
    Model::train(&candidates, &u, &starting_model(0.1), &["forename"], 50)
}

#[test]
fn a_trained_model_tells_the_same_person_from_a_stranger() {
    let model = trained();
    // Without a single label, the trained model separates the candidates it learnt
    // from: every true pair above 0.5, nearly every other pair below.
    let (mut true_pos, mut false_pos) = (0, 0);
    for i in 0..600 {
        let p = person(i, false);
        if model
            .score(&compare_records(&p, &person(i, true)))
            .match_probability
            > 0.5
        {
            true_pos += 1;
        }
        for j in same_forename(i) {
            if model
                .score(&compare_records(&p, &person(j, true)))
                .match_probability
                > 0.5
            {
                false_pos += 1;
            }
        }
    }
    assert!(
        true_pos >= 590,
        "recall: {true_pos} of 600 true pairs found"
    );
    assert!(false_pos <= 10, "precision: {false_pos} false links");
    let same = model.score(&compare_records(&person(42, false), &person(42, true)));
    let stranger = model.score(&compare_records(&person(42, false), &person(313, true)));
    assert!(same.match_probability > 0.95, "same person: {same:?}");
    assert!(stranger.match_probability < 0.05, "stranger: {stranger:?}");
    assert_eq!(same.contributions[0].comparison, "prior");
    let sum: f64 = same.contributions.iter().map(|c| c.weight).sum();
    assert!(
        (sum - same.match_weight).abs() < 1e-9,
        "the waterfall adds up to the weight"
    );
    let surname = same
        .contributions
        .iter()
        .find(|c| c.comparison == "surname")
        .unwrap();
    assert!(
        surname.weight > 0.0,
        "an agreeing surname is evidence for: {surname:?}"
    );
}

/// Person i's namesake at the same address: a father and son of one name, the
/// classic pair that agrees on everything but the date of birth.
fn namesake(i: usize) -> MatchRecord {
    let mut r = person(i, false);
    r.id = format!("T{i}");
    r.date_of_birth = r.date_of_birth.and_then(|d| d.with_year(d.year() - 26));
    r.identifiers.clear();
    r
}

#[test]
fn reviewers_decisions_teach_the_model_what_a_namesake_is() {
    let people: Vec<MatchRecord> = (0..600).map(|i| person(i, false)).collect();
    let noisy: Vec<MatchRecord> = (0..600).map(|i| person(i, true)).collect();
    let random: Vec<ComparisonVector> = (0..600)
        .flat_map(|i| (1..=10u64).map(move |k| (i, (mix(i as u64 * 1000 + k) % 600) as usize)))
        .filter(|(i, j)| i != j)
        .map(|(i, j)| compare_records(&people[i], &noisy[j]))
        .collect();
    let u = Model::estimate_u(&random);
    // Candidates blocked on the full name: each true pair, and for a third of the
    // people a namesake at the same address, whom EM alone half believes.
    let mut candidates: Vec<ComparisonVector> = (0..600)
        .map(|i| compare_records(&people[i], &noisy[i]))
        .collect();
    candidates.extend((0..200).map(|i| compare_records(&people[i], &namesake(i))));
    let counted = count(&candidates);
    let blocked = ["forename", "surname"];
    let alone = Model::train_counted(&counted, &u, &starting_model(0.1), &blocked, 50);
    // A reviewer decided forty namesake pairs and forty true pairs.
    let labels: Vec<(ComparisonVector, bool)> = (0..40)
        .map(|i| (compare_records(&people[i], &namesake(i)), false))
        .chain((300..340).map(|i| (compare_records(&people[i], &noisy[i]), true)))
        .collect();
    let taught = Model::train_labelled(&counted, &labels, &u, &starting_model(0.1), &blocked, 50);
    // The evidence of a pair, without the prior (which labels also move).
    let evidence = |m: &Model, v: &ComparisonVector| {
        let s = m.score(v);
        s.match_weight - s.contributions[0].weight
    };
    // An undecided namesake now weighs less; an undecided true pair no less.
    let stranger = compare_records(&people[150], &namesake(150));
    assert!(
        evidence(&taught, &stranger) < evidence(&alone, &stranger) - 1.0,
        "namesake: alone {}, taught {}",
        evidence(&alone, &stranger),
        evidence(&taught, &stranger)
    );
    let same = compare_records(&people[500], &noisy[500]);
    assert!(
        evidence(&taught, &same) >= evidence(&alone, &same) - 0.5,
        "true pair: alone {}, taught {}",
        evidence(&alone, &same),
        evidence(&taught, &same)
    );
    assert!(taught.score(&same).match_probability > 0.9);
}

#[test]
fn a_missing_value_is_no_evidence_either_way() {
    let model = trained();
    let mut without_dob = person(42, true);
    without_dob.date_of_birth = None;
    let score = model.score(&compare_records(&person(42, false), &without_dob));
    assert!(score
        .contributions
        .iter()
        .all(|c| c.comparison != "date_of_birth"));
}

#[test]
fn a_model_file_round_trips_and_a_bad_one_is_refused_with_a_reason() {
    let model = trained();
    let back = Model::from_json(&model.to_json()).unwrap();
    assert!((back.prior - model.prior).abs() < 1e-12);
    for (comparison, levels) in &model.levels {
        for (level, p) in levels {
            let q = back.levels[comparison][level];
            assert!(
                (p.m - q.m).abs() < 1e-12 && (p.u - q.u).abs() < 1e-12,
                "{comparison} {level}"
            );
        }
    }
    assert!(matches!(
        Model::from_json("{ not json"),
        Err(ModelError::Corrupt(_))
    ));
    let future = model
        .to_json()
        .replacen("\"format\": 1", "\"format\": 99", 1);
    assert_eq!(
        Model::from_json(&future),
        Err(ModelError::Incompatible { found: 99 })
    );
    let mut broken = model.clone();
    broken.prior = 1.5;
    let err = Model::from_json(&broken.to_json()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the model's prior is 1.5, which is not a probability strictly between 0 and 1"
    );
}
