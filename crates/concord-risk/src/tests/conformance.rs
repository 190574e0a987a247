//! Concord's conformance suite: every file in `crates/concord-risk/conformance/` (cases
//! built from the MoJ actuarial service's and hmpps-tier's published rules and source) must
//! pass, difference by difference. The same files run through `concord risk conformance`.

use std::path::Path;

use chrono::NaiveDate;

use crate::conformance::{parse_cases, run};

#[test]
fn every_conformance_case_matches_the_service() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance");
    let today = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
    let mut report = String::new();
    let (mut total, mut failed) = (0, 0);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no conformance files in {}",
        dir.display()
    );
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let cases = parse_cases(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(!cases.is_empty(), "{} has no cases", file.display());
        for outcome in run(&cases, today) {
            total += 1;
            if !outcome.passed() {
                failed += 1;
                report.push_str(&format!(
                    "{}: {}\n",
                    file.file_name().unwrap().to_string_lossy(),
                    outcome.name
                ));
                for d in outcome.differences {
                    report.push_str(&format!("    {}: {}\n", d.path, d.what));
                }
            }
        }
    }
    assert_eq!(failed, 0, "{failed} of {total} cases differ:\n{report}");
}
