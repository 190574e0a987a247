//! `concord em replay`: a recorded track against zones, printing the alerts the engine
//! would raise; bad files are refused naming the line and field.

use std::process::{Command, Output};

fn replay(dir: &std::path::Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["em", "replay", "track.csv", "--zones", "zones.json"])
        .args(extra)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A fix every 10 s from 21:00 UTC on 1 December 2026, `metres` east of the zone's centre
/// (1 degree of longitude is about 69 km at Chelmsford's latitude).
fn track(east_m: &[f64]) -> String {
    let mut out = String::from("id,at,lon,lat,accuracy_m\n");
    for (i, e) in east_m.iter().enumerate() {
        let lon = 0.47 + e / 69_000.0;
        out.push_str(&format!(
            "{},2026-12-01T21:{:02}:{:02}Z,{lon:.7},51.73,5\n",
            i + 1,
            i * 10 / 60,
            i * 10 % 60
        ));
    }
    out
}

#[test]
fn a_replay_prints_the_breach_and_nothing_for_jitter() {
    let dir = super::scratch("em-replay");
    std::fs::write(
        dir.join("zones.json"),
        r#"[{"key": 4, "kind": "exclusion", "circle": {"lon": 0.47, "lat": 51.73, "radius_m": 300}}]"#,
    )
    .unwrap();
    // Walks in to 100 m from the centre, stays a minute, walks out.
    std::fs::write(
        dir.join("track.csv"),
        track(&[
            900.0, 600.0, 250.0, 150.0, 100.0, 100.0, 100.0, 400.0, 600.0, 800.0, 900.0,
        ]),
    )
    .unwrap();
    let out = replay(&dir, &[]);
    super::succeeded(&out);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.starts_with("11 fixes, 1 alert(s)"), "{text}");
    assert!(
        text.contains("entered exclusion zone 4: from 2026-12-01T21:00:20+00:00 (fix 3) until 2026-12-01T21:01:40+00:00"),
        "{text}"
    );
    // A longer dwell: the same visit raises nothing.
    let longer = replay(&dir, &["--enter-secs", "120"]);
    assert!(String::from_utf8_lossy(&longer.stdout).starts_with("11 fixes, 0 alert(s)"));

    // Jitter along the boundary: nothing.
    let jitter: Vec<f64> = (0..60)
        .map(|i| if i % 2 == 0 { 312.0 } else { 288.0 })
        .collect();
    std::fs::write(dir.join("track.csv"), track(&jitter)).unwrap();
    let out = replay(&dir, &[]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("60 fixes, 0 alert(s)"));

    // Bad files are named by line and field.
    std::fs::write(
        dir.join("track.csv"),
        "id,at,lon,lat,accuracy_m\n1,2026-12-01T21:00:00Z,51.73,0.47,5\n",
    )
    .unwrap();
    super::refused(
        &replay(&dir, &[]),
        "track.csv: line 2, lon: the position is outside the United Kingdom (is latitude first?)",
    );
    std::fs::write(
        dir.join("track.csv"),
        "id,at,lon,lat,accuracy_m\n1,yesterday,0.47,51.73,5\n",
    )
    .unwrap();
    super::refused(&replay(&dir, &[]), "line 2, at: not an RFC 3339 time");
    std::fs::write(
        dir.join("zones.json"),
        r#"[{"key": 4, "kind": "moat", "circle": {"lon": 0.47, "lat": 51.73, "radius_m": 300}}]"#,
    )
    .unwrap();
    super::refused(
        &replay(&dir, &[]),
        "zone 1 (key 4): kind `moat` is not exclusion, inclusion or curfew",
    );
}
