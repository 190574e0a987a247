//! The `concord` binary run as an analyst runs it: `concord match` on CSV extracts.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("concord-cli-it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn concord(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

const MAPPING: &str = r#"
[columns]
ref = "record_id"
first = "forename"
last = "surname"
born = { role = "date_of_birth", format = "%d/%m/%Y" }
postcode = "postcode"
pnc = { role = "identifier", kind = "pnc" }
"#;

/// A police extract: two people recorded twice each, with the usual slips, and a
/// stranger; 40 filler people so the model has non-matches to learn from.
fn police_extract() -> String {
    let mut csv = String::from("ref,first,last,born,postcode,pnc\n");
    csv.push_str("P1,Darren,Dolby,04/03/1973,CM1 1QH,2012/0345678U\n");
    csv.push_str("P2,Daz,Dolby,03/04/1973,CM1 1QH,\n");
    csv.push_str("P3,Samantha,Okafor,19/11/1988,SS1 2AB,\n");
    csv.push_str("P4,Samanta,Okafor,19/11/1988,SS1 2AB,\n");
    let forenames = [
        "John", "Emma", "Craig", "Lucy", "Imran", "Priya", "Tom", "Gemma",
    ];
    let surnames = ["Ashby", "Brandon", "Calder", "Dunmore", "Ellery"];
    for i in 0..40 {
        csv.push_str(&format!(
            "F{i},{},{},{:02}/{:02}/19{},CO{} {}XY,\n",
            forenames[i % 8],
            surnames[i % 5],
            1 + i % 28,
            1 + i % 12,
            50 + i,
            1 + i % 9,
            i % 10
        ));
    }
    csv
}

#[test]
fn dedupe_writes_scored_pairs_clusters_a_model_and_explanations() {
    let dir = scratch("dedupe");
    std::fs::write(dir.join("police.csv"), police_extract()).unwrap();
    std::fs::write(dir.join("mapping.toml"), MAPPING).unwrap();
    let out = concord(
        &[
            "match",
            "dedupe",
            "police.csv",
            "--mapping",
            "mapping.toml",
            "--output",
            "out",
            "--threshold",
            "0.5",
            "--explain",
            "--random-pairs",
            "5000",
        ],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pairs = std::fs::read_to_string(dir.join("out/pairs.csv")).unwrap();
    let mut lines = pairs.lines();
    assert_eq!(
        lines.next(),
        Some("id_l,id_r,match_probability,match_weight,explanation")
    );
    let found: Vec<(String, String)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[1].to_string())
        })
        .collect();
    assert!(found.contains(&("P1".into(), "P2".into())), "{pairs}");
    assert!(found.contains(&("P3".into(), "P4".into())), "{pairs}");
    assert!(
        pairs.contains("date_of_birth day_month_transposed"),
        "{pairs}"
    );
    let clusters = std::fs::read_to_string(dir.join("out/clusters.csv")).unwrap();
    assert!(
        clusters.contains("P2,P1") && clusters.contains("P4,P3"),
        "{clusters}"
    );
    // The saved model is reloadable and gives the same pairs.
    let again = concord(
        &[
            "match",
            "dedupe",
            "police.csv",
            "--mapping",
            "mapping.toml",
            "--output",
            "again",
            "--threshold",
            "0.5",
            "--model",
            "out/model.json",
        ],
        &dir,
    );
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let first: Vec<String> = pairs
        .lines()
        .map(|l| l.split(',').take(2).collect::<Vec<_>>().join(","))
        .collect();
    let second: Vec<String> = std::fs::read_to_string(dir.join("again/pairs.csv"))
        .unwrap()
        .lines()
        .map(|l| l.split(',').take(2).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(first[1..], second[1..]);
}

#[test]
fn bad_rows_stop_the_run_name_line_and_field_and_land_in_a_rejects_file() {
    let dir = scratch("rejects");
    let mut csv = police_extract();
    csv.push_str("B1,,,01/01/1980,CM1 1QH,\n");
    csv.push_str("B2,Ann,Lee,31/02/1980,CM1 1QH,\n");
    csv.push_str("B3,Ann,Lee,01/01/1980,CM1 1QH,2012/0345678X\n");
    csv.push_str("B4,Ann,Lee\n");
    std::fs::write(dir.join("police.csv"), csv).unwrap();
    std::fs::write(dir.join("mapping.toml"), MAPPING).unwrap();
    let args = [
        "match",
        "dedupe",
        "police.csv",
        "--mapping",
        "mapping.toml",
        "--output",
        "out",
    ];
    let out = concord(&args, &dir);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 46: the record has no name"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 47, born: \"31/02/1980\" is not a date"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 48, pnc: \"2012/0345678X\" is not a valid identifier"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 49: the row has 3 fields where the header has 6"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was linked"), "{stderr}");
    assert!(
        !dir.join("out/pairs.csv").exists(),
        "nothing is written on failure"
    );
    let rejects = std::fs::read_to_string(dir.join("out/police.rejects.csv")).unwrap();
    assert_eq!(rejects.lines().count(), 5, "{rejects}");
    // --skip-invalid links the rest.
    let mut skipping = args.to_vec();
    skipping.push("--skip-invalid");
    skipping.extend(["--random-pairs", "5000"]);
    let out = concord(&skipping, &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("out/pairs.csv").exists());
}

#[test]
fn a_bad_mapping_or_a_corrupt_model_is_refused_with_the_reason() {
    let dir = scratch("refusals");
    std::fs::write(dir.join("police.csv"), police_extract()).unwrap();
    std::fs::write(
        dir.join("mapping.toml"),
        "[columns]\nref = \"record_id\"\nlast = \"shoe_size\"\n",
    )
    .unwrap();
    let out = concord(
        &["match", "dedupe", "police.csv", "--mapping", "mapping.toml"],
        &dir,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("the role \"shoe_size\""));
    std::fs::write(dir.join("mapping.toml"), MAPPING).unwrap();
    std::fs::write(dir.join("model.json"), "{\"format\": 99}").unwrap();
    let out = concord(
        &[
            "match",
            "dedupe",
            "police.csv",
            "--mapping",
            "mapping.toml",
            "--model",
            "model.json",
        ],
        &dir,
    );
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("format 99"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
