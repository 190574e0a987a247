//! `concord board import-measures`: the performance officer's figures go in whole, a file
//! with any bad line puts nothing in and names every bad line, and an account without
//! the permission is refused (and the refusal audited).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn concord(dir: &std::path::Path, url: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .env_remove("CONCORD_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn the_performance_officer_imports_the_measures_all_or_nothing() {
    let dir = super::scratch("board-measures");
    let url = dir.join("concord.db").to_str().unwrap().to_string();
    let run = |args: &[&str]| concord(&dir, &url, args, "correct horse battery staple\n");
    super::succeeded(&run(&["migrate"]));
    super::succeeded(&run(&[
        "agency",
        "add",
        "--code",
        "LCJB",
        "--name",
        "Essex LCJB",
        "--kind",
        "responsible_authority",
        "--area",
        "Essex",
    ]));
    for (username, role) in [
        ("perf", "lcjb_performance_officer"),
        ("board", "board_member"),
    ] {
        super::succeeded(&run(&[
            "user",
            "add",
            "--username",
            username,
            "--name",
            "Test User",
            "--agency",
            "LCJB",
            "--role",
            role,
            "--password-stdin",
        ]));
    }
    let header = "measure,area,period_start,period_end,numerator,denominator\n";
    std::fs::write(
        dir.join("good.csv"),
        format!("{header}ineffective_trials,Essex,2026-07-01,2026-09-30,12,80\nfta_warrants_outstanding,Essex,2026-07-01,2026-09-30,41,\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("bad.csv"),
        format!("{header}ineffective_trials,Essex,2026-07-01,2026-09-30,12,80\nineffective_trials,Essex,2026-07-01,2026-08-31,1,2\nwarrants,Essex,2026-07-01,2026-09-30,1,\n"),
    )
    .unwrap();
    let stderr = super::refused(
        &run(&[
            "board",
            "import-measures",
            "--file",
            "bad.csv",
            "--as",
            "perf",
        ]),
        "nothing imported; 2 problem(s)",
    );
    assert!(
        stderr.contains("line 3, period_end: the board reports by calendar quarter"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 4, measure: `warrants` is not a measure"),
        "{stderr}"
    );
    let out = run(&[
        "board",
        "import-measures",
        "--file",
        "good.csv",
        "--as",
        "perf",
    ]);
    super::succeeded(&out);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Imported 2 figure(s) from good.csv; 0 replaced a figure already held."
    );
    let again = run(&[
        "board",
        "import-measures",
        "--file",
        "good.csv",
        "--as",
        "perf",
    ]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("2 replaced"));
    super::refused(
        &run(&["board", "import-measures", "--file", "good.csv", "--as", "board"]),
        "refused: no role of the actor grants aggregate figures (the refusal is recorded in the audit chain)",
    );
    super::refused(
        &run(&[
            "board",
            "import-measures",
            "--file",
            "missing.csv",
            "--as",
            "perf",
        ]),
        "--file missing.csv",
    );
    super::succeeded(&run(&["audit", "verify"]));
}
