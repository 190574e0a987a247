//! `concord risk conformance FILE` as an operator runs it: Concord's own suite passes; a
//! reference set that disagrees is reported difference by difference, by JSON path, and
//! the command fails; a file that is not a case file is refused naming the case.

use std::path::Path;
use std::process::Command;

fn conformance(file: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["risk", "conformance", "--today", "2026-06-15"])
        .arg(file)
        .output()
        .unwrap()
}

#[test]
fn the_suite_in_the_repository_passes_and_a_disagreeing_set_is_reported_by_path() {
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("../concord-risk/conformance");
    let mut total = 0;
    for entry in std::fs::read_dir(&suite).unwrap() {
        let file = entry.unwrap().path();
        let out = conformance(&file);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}: {stdout}", file.display());
        let last = stdout.lines().last().unwrap_or_default().to_owned();
        assert!(last.ends_with(" passed, 0 failed"), "{last}");
        total += last.split(' ').next().unwrap().parse::<usize>().unwrap();
    }
    assert!(total >= 100, "only {total} cases in the suite");

    let dir = std::env::temp_dir().join(format!("concord-risk-conformance-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let wrong = dir.join("wrong.json");
    std::fs::write(
        &wrong,
        r#"{"cases":[
          {"name":"no sexual history: RSR is SNSV alone","request":{"gender":"MALE","has_ever_committed_sexual_offence":false},
           "expected":{"osp_iic":{"algorithm":"OSP_IIC"}}},
          {"name":"tier","endpoint":"tier","request":{"has_active_event":false},"expected":{"tier":"NOT_SUPERVISED"}}
        ]}"#,
    )
    .unwrap();
    let out = conformance(&wrong);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{stdout}");
    assert!(stdout.contains("FAIL  no sexual history"), "{stdout}");
    assert!(
        stdout.contains("$.osp_iic.algorithm: expected \"OSP_IIC\", got \"OSPIIC\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("$.osp_iic.output: not expected"),
        "{stdout}"
    );
    assert!(stdout.contains("ok    tier"), "{stdout}");
    assert!(
        stdout.trim_end().ends_with("1 passed, 1 failed"),
        "{stdout}"
    );

    let broken = dir.join("broken.json");
    std::fs::write(&broken, r#"[{"name":"x","request":{},"expected":[]}]"#).unwrap();
    let out = conformance(&broken);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("case 1 (x): expected must be an object"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
