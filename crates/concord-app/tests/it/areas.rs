//! The app's areas keep their front doors: every submodule of an area (`src/<area>/…`) is
//! private, so another area can reach only what the area's `mod.rs` declares or
//! re-exports — the compiler then refuses any reach past the door. This test keeps a
//! `pub(crate) mod` from quietly opening a side door again, and keeps the crate root
//! free of glob re-exports.

use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The `mod` declarations in a file that are visible beyond it (`pub`, `pub(crate)`,
/// `pub(super)`, `pub(in …)`), as (line number, line).
fn open_modules(file: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_start();
            l.starts_with("pub") && l.split_whitespace().nth(1) == Some("mod")
        })
        .map(|(i, l)| (i + 1, l.trim().to_string()))
        .collect()
}

#[test]
fn every_area_is_reached_only_through_its_mod_rs() {
    let mut areas = 0;
    let mut side_doors = vec![];
    for entry in std::fs::read_dir(src()).unwrap() {
        let dir = entry.unwrap().path();
        let door = dir.join("mod.rs");
        if !door.is_file() {
            continue;
        }
        areas += 1;
        for (line, decl) in open_modules(&door) {
            side_doors.push(format!("{}:{line}: {decl}", door.display()));
        }
    }
    assert!(
        areas >= 9,
        "only {areas} areas found under {}",
        src().display()
    );
    assert!(
        side_doors.is_empty(),
        "an area's submodule is open to other areas; re-export what they need from the \
         area's mod.rs instead:\n{}",
        side_doors.join("\n")
    );
}

#[test]
fn the_crate_root_names_what_it_exports() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let globs: Vec<&str> = lib
        .lines()
        .filter(|l| l.trim_start().starts_with("pub use") && l.contains("::*"))
        .collect();
    assert!(globs.is_empty(), "glob re-exports in lib.rs: {globs:?}");
}

/// The files that may add to `App` itself: the house every area shares (the runner, the
/// access decision point and its probes, the operator's database work, the handles, and
/// the bench-only switch that turns the runner's audit writes off).
/// Everything else is a use case and belongs on its area's handle (`src/handles.rs`).
const HOUSE: &[&str] = &[
    "lib.rs",
    "kernel.rs",
    "access.rs",
    "probe.rs",
    "database.rs",
    // The node's health and figures for operators: no person, no use case.
    "operations.rs",
    "handles.rs",
    "unaudited.rs",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn use_cases_live_on_their_areas_handles_not_on_app() {
    let mut files = vec![];
    rust_files(&src(), &mut files);
    let mut on_app = vec![];
    let mut on_handles = 0;
    for file in files {
        let rel = file
            .strip_prefix(src())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.starts_with("impl App {") && !HOUSE.contains(&rel.as_str()) {
                on_app.push(format!("{rel}:{}", i + 1));
            }
            if line.starts_with("impl ") && line.ends_with("<'_> {") {
                on_handles += 1;
            }
        }
    }
    assert!(
        on_app.is_empty(),
        "use cases added to App itself; put them on the area's handle (`impl People<'_>`…):\n{}",
        on_app.join("\n")
    );
    assert!(on_handles >= 50, "only {on_handles} impl blocks on handles");
}
