//! The `concord` binary run as an analyst runs it: `concord match` on CSV extracts.
// Test code: a panic with the value is the failure report, so unwrap is the idiom here.
#![allow(clippy::unwrap_used)]

// Nodes are stopped with SIGTERM and SIGKILL.
mod backup;
mod board;
mod em;
#[cfg(unix)]
mod nodes;
mod operator;
mod risk;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("concord-cli-it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `concord ARGS` in `dir` on the database at `database_url`, as an operator runs it.
fn concord(dir: &std::path::Path, database_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", database_url)
        .env_remove("CONCORD_DATABASE_URL")
        .output()
        .unwrap()
}

/// `concord match dedupe police.csv --mapping mapping.toml` in `dir`, with `extra`.
fn dedupe(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["match", "dedupe", "police.csv", "--mapping", "mapping.toml"])
        .args(extra)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// `concord serve --no-migrate` on a free loopback port, on the database at `url`: the
/// running node and the first line it printed ("Concord is running at …").
fn serve_node(dir: &Path, url: &str, env: &[(&str, &str)]) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut node = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args([
            "serve",
            "--no-migrate",
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
        ])
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .env_remove("CONCORD_DATABASE_URL")
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(node.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    (node, first)
}

/// Stop a node as a service manager does (SIGTERM) and wait for it to exit.
#[cfg(unix)]
fn terminate(node: &mut std::process::Child) -> std::process::ExitStatus {
    let term = Command::new("kill")
        .args(["-TERM", &node.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    node.wait().unwrap()
}

fn succeeded(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The command failed, saying `reason` on standard error.
fn refused(out: &Output, reason: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!out.status.success());
    assert!(stderr.contains(reason), "{stderr}");
    stderr
}

/// The (id_l, id_r) of each row of a pairs file.
fn pair_ids(pairs: &str) -> Vec<String> {
    pairs
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(2).collect::<Vec<_>>().join(","))
        .collect()
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
    let options = ["--threshold", "0.5", "--random-pairs", "5000"];
    succeeded(&dedupe(
        &dir,
        &[&options[..], &["--output", "out", "--explain"]].concat(),
    ));
    let pairs = std::fs::read_to_string(dir.join("out/pairs.csv")).unwrap();
    assert_eq!(
        pairs.lines().next(),
        Some("id_l,id_r,match_probability,match_weight,explanation")
    );
    let found = pair_ids(&pairs);
    assert!(found.contains(&"P1,P2".to_string()), "{pairs}");
    assert!(found.contains(&"P3,P4".to_string()), "{pairs}");
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
    succeeded(&dedupe(
        &dir,
        &[
            "--output",
            "again",
            "--threshold",
            "0.5",
            "--model",
            "out/model.json",
        ],
    ));
    let again = std::fs::read_to_string(dir.join("again/pairs.csv")).unwrap();
    assert_eq!(found, pair_ids(&again));
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
    let stderr = refused(&dedupe(&dir, &["--output", "out"]), "nothing was linked");
    for problem in [
        "line 46: the record has no name",
        "line 47, born: \"31/02/1980\" is not a date",
        "line 48, pnc: \"2012/0345678X\" is not a valid identifier",
        "line 49: the row has 3 fields where the header has 6",
    ] {
        assert!(stderr.contains(problem), "{problem}: {stderr}");
    }
    assert!(
        !dir.join("out/pairs.csv").exists(),
        "nothing is written on failure"
    );
    let rejects = std::fs::read_to_string(dir.join("out/police.rejects.csv")).unwrap();
    assert_eq!(rejects.lines().count(), 5, "{rejects}");
    // --skip-invalid links the rest.
    succeeded(&dedupe(
        &dir,
        &[
            "--output",
            "out",
            "--skip-invalid",
            "--random-pairs",
            "5000",
        ],
    ));
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
    refused(&dedupe(&dir, &[]), "the role \"shoe_size\"");
    std::fs::write(dir.join("mapping.toml"), MAPPING).unwrap();
    std::fs::write(dir.join("model.json"), "{\"format\": 99}").unwrap();
    refused(&dedupe(&dir, &["--model", "model.json"]), "format 99");
}

#[test]
fn a_reviewers_labels_file_moves_the_pairs_it_decides_and_bad_labels_are_refused() {
    let dir = scratch("labels");
    std::fs::write(dir.join("police.csv"), police_extract()).unwrap();
    std::fs::write(dir.join("mapping.toml"), MAPPING).unwrap();
    let options = ["--threshold", "0.5", "--random-pairs", "5000"];
    succeeded(&dedupe(
        &dir,
        &[&options[..], &["--output", "plain"]].concat(),
    ));
    // A reviewer decided the Okafor records are two different people.
    std::fs::write(dir.join("labels.csv"), "id_l,id_r,same\nP3,P4,false\n").unwrap();
    succeeded(&dedupe(
        &dir,
        &[
            &options[..],
            &["--output", "taught", "--labels", "labels.csv", "--explain"],
        ]
        .concat(),
    ));
    let plain = std::fs::read_to_string(dir.join("plain/pairs.csv")).unwrap();
    let taught = std::fs::read_to_string(dir.join("taught/pairs.csv")).unwrap();
    let probability = |pairs: &str| -> Option<f64> {
        pairs
            .lines()
            .find(|l| l.starts_with("P3,P4,"))
            .map(|l| l.split(',').nth(2).unwrap().parse().unwrap())
    };
    let before = probability(&plain).expect("P3,P4 scored without labels");
    assert!(
        probability(&taught).is_none_or(|after| after < before),
        "{plain}\n{taught}"
    );
    // A label naming no record, or not saying true or false, is refused with its line.
    std::fs::write(dir.join("bad.csv"), "id_l,id_r,same\nP3,P99,false\n").unwrap();
    refused(
        &dedupe(&dir, &["--labels", "bad.csv"]),
        "line 2: no record has id \"P99\"",
    );
    std::fs::write(dir.join("bad.csv"), "id_l,id_r,same\nP3,P4,perhaps\n").unwrap();
    refused(
        &dedupe(&dir, &["--labels", "bad.csv"]),
        "same is \"perhaps\"",
    );
}
