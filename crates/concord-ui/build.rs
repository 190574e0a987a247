//! Fetches GOV.UK Frontend, MoJ Frontend and Leaflet with npm (pinned by package-lock.json) and
//! writes `$OUT_DIR/assets.rs`: a sorted table of every file the browser may ask for,
//! embedded with `include_bytes!` so the binary needs nothing on disk at run time.

use std::collections::BTreeMap;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let crate_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(env("OUT_DIR")).join("assets.rs");

    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=package-lock.json");
    println!("cargo::rerun-if-changed=static");
    // Someone running `npm install` by hand changes what we embed.
    println!("cargo::rerun-if-changed=node_modules/.package-lock.json");

    ensure_node_modules(&crate_dir);

    let govuk = crate_dir.join("node_modules/govuk-frontend/dist/govuk");
    let moj = crate_dir.join("node_modules/@ministryofjustice/frontend/moj");

    let mut table = BTreeMap::new();
    for name in ["govuk-frontend.min.css", "govuk-frontend.min.js"] {
        add(&mut table, format!("/assets/{name}"), govuk.join(name));
    }
    for name in ["moj-frontend.min.css", "moj-frontend.min.js"] {
        add(&mut table, format!("/assets/{name}"), moj.join(name));
    }
    // Both compiled stylesheets refer to /assets/fonts/.. and /assets/images/..,
    // so both packages' asset folders are merged under /assets.
    add_tree(&mut table, "/assets", &govuk.join("assets"));
    add_tree(&mut table, "/assets", &moj.join("assets"));
    // Leaflet draws zones on the map pages; its CSS refers to images/ beside it.
    let leaflet = crate_dir.join("node_modules/leaflet/dist");
    for name in ["leaflet.js", "leaflet.css"] {
        add(
            &mut table,
            format!("/assets/leaflet/{name}"),
            leaflet.join(name),
        );
    }
    add_tree(
        &mut table,
        "/assets/leaflet/images",
        &leaflet.join("images"),
    );
    add_tree(&mut table, "/assets", &crate_dir.join("static"));

    let mut code = String::from("&[\n");
    for (url, file) in &table {
        let bytes = fs::read(file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        let file = file.canonicalize().expect("canonical asset path");
        code.push_str(&format!(
            "    Asset {{ path: {url:?}, bytes: include_bytes!({file:?}), content_type: {ct:?}, etag: {etag:?} }},\n",
            ct = content_type(url),
            etag = format!("\"{:016x}\"", fnv1a(&bytes)),
        ));
    }
    code.push_str("]\n");
    fs::write(&out, code).unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}

fn env(key: &str) -> String {
    std::env::var(key).unwrap_or_else(|_| panic!("cargo did not set {key}"))
}

/// Runs `npm ci` only when node_modules is absent or older than the lockfile, so ordinary
/// builds (and offline ones) never touch the network.
fn ensure_node_modules(crate_dir: &Path) {
    let lock = crate_dir.join("package-lock.json");
    let installed = crate_dir.join("node_modules/.package-lock.json");
    let stale = match (modified(&lock), modified(&installed)) {
        (Some(lock), Some(installed)) => lock > installed,
        _ => true,
    };
    if !stale {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(crate_dir)
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!(
            "`npm ci` in {} failed ({s}); see its output above",
            crate_dir.display()
        ),
        Err(e) if e.kind() == ErrorKind::NotFound => panic!(
            "Concord's UI needs Node.js and npm at build time to fetch GOV.UK Frontend: \
             install them (e.g. `apt-get install nodejs npm`) and build again"
        ),
        Err(e) => panic!("could not run npm: {e}"),
    }
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn add(table: &mut BTreeMap<String, PathBuf>, url: String, file: PathBuf) {
    assert!(
        file.is_file(),
        "expected asset {} (package layout changed?)",
        file.display()
    );
    if let Some(previous) = table.insert(url.clone(), file.clone()) {
        panic!(
            "{url} is provided by both {} and {}",
            previous.display(),
            file.display()
        );
    }
}

fn add_tree(table: &mut BTreeMap<String, PathBuf>, prefix: &str, dir: &Path) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        let url = format!("{prefix}/{name}");
        if path.is_dir() {
            add_tree(table, &url, &path);
        } else if !name.starts_with('.') && !name.ends_with(".md") {
            // A README beside the assets says where they came from; it is not served.
            add(table, url, path);
        }
    }
}

fn content_type(url: &str) -> &'static str {
    match url.rsplit('.').next().unwrap_or_default() {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" if url.ends_with("/manifest.json") => "application/manifest+json",
        "json" => "application/json",
        "geojson" => "application/geo+json",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        other => panic!("no content type known for .{other} ({url})"),
    }
}

/// FNV-1a: enough to tell versions of a file apart for ETags; not a security boundary.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
