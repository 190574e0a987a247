//! The results as markdown, and their place in BENCHMARKS.md: each run is one section
//! between markers, keyed by date, size and database, so re-running on the same day
//! replaces that day's section and other runs are kept.

use std::path::Path;

use anyhow::Context;

use super::extras_report::Extras;
use super::generator::RunResult;
use super::latency::Summary;
use super::machine::Machine;

/// The latency targets of the foundation issue, in milliseconds.
pub const SEARCH_P95_TARGET_MS: f64 = 50.0;
pub const RECORD_P99_TARGET_MS: f64 = 50.0;
/// Issue 19: the record page under full load (closed loop), one node: at least 4x the 255-378/s
/// the global audit lock allowed.
pub const RECORD_CLOSED_LOOP_TARGET: f64 = 1_500.0;

pub struct Report {
    pub date: String,
    pub command: String,
    pub machine: Machine,
    /// Load averages when measuring began and when it ended.
    pub load_before: String,
    pub load_after: String,
    pub data: DataReport,
    pub searches: Vec<SearchKindReport>,
    pub search_overall: Summary,
    pub search_warmup: usize,
    pub search_stopped: Option<String>,
    pub rate: f64,
    pub seconds: u64,
    pub record_html: RunResult,
    pub record_api: RunResult,
    pub connections: usize,
    pub ceiling_seconds: u64,
    /// Database connections of the one node's pool, and of each of the pair's.
    pub pool_size: u32,
    pub pair_pool_size: u32,
    pub hello: RunResult,
    pub record_max: RunResult,
    /// The same closed loop on the one node and through two nodes on the one database,
    /// taking turns.
    pub scaling: (RunResult, RunResult),
    /// (command, output) of each wrk run, or why there were none.
    pub wrk: Result<Vec<(String, String)>, String>,
    /// Issue 19's further measurements (1,000/s, signing in, audit cost).
    pub extras: Extras,
}

pub struct DataReport {
    pub persons: i64,
    pub tokens: i64,
    pub identifiers: i64,
    pub addresses: i64,
    pub markers: i64,
    pub smiths: i64,
    pub size: Option<String>,
    /// How long loading took; `None` when reused.
    pub load: Option<LoadTimes>,
}

pub struct LoadTimes {
    pub demo_seconds: f64,
    pub bulk_people: u64,
    pub bulk_seconds: f64,
    pub analyze_seconds: f64,
}

pub struct SearchKindReport {
    pub kind: &'static str,
    pub queries: Vec<String>,
    pub latency: Summary,
    /// Fewest and most people a query of this kind returned; `truncated` if any query
    /// found more than the page holds.
    pub hits: (usize, usize),
    pub truncated: bool,
}

pub(crate) fn ms(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.1}")
    }
}

pub(crate) fn thousands(n: i64) -> String {
    let digits: Vec<char> = n.unsigned_abs().to_string().chars().rev().collect();
    let groups: Vec<String> = digits
        .chunks(3)
        .map(|g| g.iter().rev().collect())
        .rev()
        .collect();
    format!("{}{}", if n < 0 { "-" } else { "" }, groups.join(","))
}

pub(crate) fn verdict(met: bool) -> &'static str {
    if met {
        "**met**"
    } else {
        "**not met**"
    }
}

pub(crate) fn run_row(name: &str, r: &RunResult) -> String {
    let s = r.latencies.summary();
    format!(
        "| {name} | {:.1} | {} | {} | {} | {} | {} | {} | {} |\n",
        r.rate(),
        thousands(r.ok as i64),
        r.errors,
        ms(s.p50_ms),
        ms(s.p95_ms),
        ms(s.p99_ms),
        ms(s.max_ms),
        r.max_in_flight
    )
}

pub(crate) fn errors_note(name: &str, r: &RunResult) -> String {
    if r.error_examples.is_empty() {
        String::new()
    } else {
        format!(
            "\nErrors in {name}: {}\n",
            r.error_examples
                .iter()
                .map(|e| format!("`{}`", e.replace('`', "'")))
                .collect::<Vec<_>>()
                .join("; ")
        )
    }
}

impl Report {
    pub fn key(&self) -> String {
        format!(
            "{} persons={} db={}",
            self.date,
            self.data.persons,
            self.machine.database.split(' ').next().unwrap_or("")
        )
    }

    pub fn markdown(&self) -> String {
        let m = &self.machine;
        let d = &self.data;
        let mut o = String::new();
        o.push_str(&format!(
            "## {}: {} people on {}\n\n",
            self.date,
            thousands(d.persons),
            m.database
        ));
        o.push_str(&format!("Command: `{}`\n\n", self.command));

        // Targets first: the answer to "is it fast enough?".
        let worst = self
            .searches
            .iter()
            .max_by(|a, b| a.latency.p95_ms.total_cmp(&b.latency.p95_ms));
        let html = self.record_html.latencies.summary();
        let api = self.record_api.latencies.summary();
        let on_rate = |r: &RunResult| r.errors == 0 && r.rate() >= self.rate * 0.98;
        o.push_str("### Targets\n\n| target | measured | |\n|---|---|---|\n");
        o.push_str(&format!(
            "| search by name or identifier: p95 < {SEARCH_P95_TARGET_MS} ms | p95 {} ms over {} searches | {} |\n",
            ms(self.search_overall.p95_ms),
            self.search_overall.count,
            verdict(self.search_overall.p95_ms < SEARCH_P95_TARGET_MS)
        ));
        if let Some(w) = worst {
            o.push_str(&format!(
                "| … and for every kind of search | worst: {} at p95 {} ms | {} |\n",
                w.kind,
                ms(w.latency.p95_ms),
                verdict(w.latency.p95_ms < SEARCH_P95_TARGET_MS)
            ));
        }
        o.push_str(&format!(
            "| record page (`GET /persons/{{id}}`): p99 < {RECORD_P99_TARGET_MS} ms at {} requests/s | p99 {} ms at {:.1}/s, {} errors | {} |\n",
            self.rate,
            ms(html.p99_ms),
            self.record_html.rate(),
            self.record_html.errors,
            verdict(html.p99_ms < RECORD_P99_TARGET_MS && on_rate(&self.record_html))
        ));
        o.push_str(&format!(
            "| record API (`GET /api/v1/persons/{{id}}`): same target | p99 {} ms at {:.1}/s, {} errors | {} |\n",
            ms(api.p99_ms),
            self.record_api.rate(),
            self.record_api.errors,
            verdict(api.p99_ms < RECORD_P99_TARGET_MS && on_rate(&self.record_api))
        ));
        o.push_str(&format!(
            "| record page closed loop, one node ({} database connections), {} connections: ≥ {RECORD_CLOSED_LOOP_TARGET:.0} requests/s | {:.0} requests/s, {} errors | {} |\n",
            self.pool_size,
            self.connections,
            self.record_max.rate(),
            self.record_max.errors,
            verdict(self.record_max.rate() >= RECORD_CLOSED_LOOP_TARGET && self.record_max.errors == 0)
        ));
        o.push_str(&format!(
            "| two nodes on this machine ({} database connections each) at least match one, in turns | {:.0} requests/s against one node's {:.0}; {} + {} errors | {} |\n",
            self.pair_pool_size,
            self.scaling.1.rate(),
            self.scaling.0.rate(),
            self.scaling.1.errors,
            self.scaling.0.errors,
            verdict(
                self.scaling.1.rate() >= self.scaling.0.rate() * 0.95
                    && self.scaling.0.errors + self.scaling.1.errors == 0
            )
        ));
        o.push_str(&self.extras.target_rows());
        o.push_str(&format!(
            "| ceiling: bare axum \"hello\", {} connections | {:.0} requests/s (Concord's record page: {:.0}/s) | reported |\n\n",
            self.connections,
            self.hello.rate(),
            self.record_max.rate()
        ));

        o.push_str("### Machine and data\n\n");
        o.push_str(&format!(
            "- Machine: {} cores ({}), {} memory, {}.\n",
            m.cores, m.cpu, m.memory, m.os
        ));
        o.push_str(&format!(
            "- Load average (1, 5, 15 min) when measuring began: {}; when it ended: {} (the bench itself adds up to about 2).\n",
            self.load_before, self.load_after
        ));
        let settings = m
            .database_settings
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ");
        if m.database.starts_with("SQLite") {
            o.push_str(&format!("- Database: {}, an embedded file.\n", m.database));
        } else {
            o.push_str(&format!(
                "- Database: {} on the same machine, over loopback (settings: {settings}).\n",
                m.database
            ));
        }
        o.push_str(&format!(
            "- Register: {} people, {} name tokens, {} identifiers, {} addresses, {} warning markers; {} people named Smith{}.\n",
            thousands(d.persons),
            thousands(d.tokens),
            thousands(d.identifiers),
            thousands(d.addresses),
            thousands(d.markers),
            thousands(d.smiths),
            d.size
                .as_ref()
                .map(|s| format!("; database size {s}"))
                .unwrap_or_default()
        ));
        match &d.load {
            Some(l) => o.push_str(&format!(
                "- Loading: demo agencies, accounts and people {:.1} s; {} bulk people {:.1} s ({:.0} people/s); {} {:.1} s.\n\n",
                l.demo_seconds,
                thousands(l.bulk_people as i64),
                l.bulk_seconds,
                l.bulk_people as f64 / l.bulk_seconds.max(0.001),
                if m.database.starts_with("SQLite") { "ANALYZE" } else { "VACUUM ANALYZE" },
                l.analyze_seconds
            )),
            None => o.push_str("- Loading: reused the register of an earlier run (`--reuse`).\n\n"),
        }

        o.push_str(&format!(
            "### Search\n\n`GET /api/v1/search?q=…` with a bearer token, one request at a time, {} requests cycling through the mix below after one unmeasured pass of it ({} requests). Milliseconds; \"hits\" is the fewest–most people a query of that kind returned (the page holds 50; \"50+\" means more matched).\n\n",
            self.search_overall.count, self.search_warmup
        ));
        if let Some(why) = &self.search_stopped {
            o.push_str(&format!("**Searching {why}.**\n\n"));
        }
        o.push_str("| kind | queries (examples) | n | p50 | p95 | p99 | max | hits |\n|---|---|---|---|---|---|---|---|\n");
        for s in &self.searches {
            let examples = s
                .queries
                .iter()
                .take(3)
                .map(|q| format!("`{q}`"))
                .collect::<Vec<_>>()
                .join(", ");
            o.push_str(&format!(
                "| {} | {examples} | {} | {} | {} | {} | {} | {}–{}{} |\n",
                s.kind,
                s.latency.count,
                ms(s.latency.p50_ms),
                ms(s.latency.p95_ms),
                ms(s.latency.p99_ms),
                ms(s.latency.max_ms),
                s.hits.0,
                s.hits.1,
                if s.truncated { "+" } else { "" }
            ));
        }
        let a = &self.search_overall;
        o.push_str(&format!(
            "| **all** | | {} | {} | {} | {} | {} | |\n\n",
            a.count,
            ms(a.p50_ms),
            ms(a.p95_ms),
            ms(a.p99_ms),
            ms(a.max_ms)
        ));

        o.push_str(&format!(
            "### Record page at {} requests/s\n\nOpen loop: one request every {:.1} ms for {} s whatever the server does, each to a person picked at random from the register, latency measured from the *scheduled* send time (no coordinated omission), after 3 s of unmeasured warm-up. Milliseconds.\n\n",
            self.rate,
            1000.0 / self.rate,
            self.seconds
        ));
        o.push_str("| request | achieved/s | ok | errors | p50 | p95 | p99 | max | most in flight |\n|---|---|---|---|---|---|---|---|---|\n");
        o.push_str(&run_row(
            "`GET /persons/{id}` (HTML, session cookie)",
            &self.record_html,
        ));
        o.push_str(&run_row(
            "`GET /api/v1/persons/{id}` (JSON, bearer)",
            &self.record_api,
        ));
        o.push_str(&errors_note("the record page", &self.record_html));
        o.push_str(&errors_note("the record API", &self.record_api));

        o.push_str(&format!(
            "\n### Ceiling\n\nClosed loop: {} connections each sending its next request as soon as the last is answered, for {} s. The bare axum \"hello\" is the most this machine's HTTP stack and load generator can do together; Concord's record page beside it is its throughput under full load. Then one node and two nodes on the same database take turns (one, two, two, one, in {}; {} s each in all, since single runs differ by several percent from one to the next and the machine's speed drifts within a run): the one node with a pool of {} database connections, each of the two with {}, so that the two hold no more of the database than the one.\n\n",
            self.connections,
            self.ceiling_seconds,
            super::turns::rounds_in_words(self.ceiling_seconds),
            self.ceiling_seconds,
            self.pool_size,
            self.pair_pool_size
        ));
        o.push_str("| server | requests/s | ok | errors | p50 | p95 | p99 | max | connections |\n|---|---|---|---|---|---|---|---|---|\n");
        o.push_str(&run_row("bare axum `GET /` → \"hello\"", &self.hello));
        o.push_str(&run_row("Concord `GET /persons/{id}`", &self.record_max));
        o.push_str(&run_row(
            "Concord `GET /persons/{id}`, one node, in turns with two",
            &self.scaling.0,
        ));
        o.push_str(&run_row(
            "Concord `GET /persons/{id}`, two nodes (round robin), in turns with one",
            &self.scaling.1,
        ));
        o.push_str(&errors_note("the hello ceiling", &self.hello));
        o.push_str(&errors_note("the record page ceiling", &self.record_max));
        o.push_str(&errors_note(
            "the one-node record page ceiling in turns",
            &self.scaling.0,
        ));
        o.push_str(&errors_note(
            "the two-node record page ceiling",
            &self.scaling.1,
        ));

        o.push_str(&self.extras.sections());

        o.push_str("\n### Cross-check with wrk\n\n");
        match &self.wrk {
            Ok(runs) => {
                for (cmd, out) in runs {
                    o.push_str(&format!("```\n$ {cmd}\n{}\n```\n\n", out.trim_end()));
                }
            }
            Err(why) => o.push_str(&format!("{why}\n\n")),
        }
        o
    }
}

const HEADER: &str = "# Benchmarks\n\nWritten by `concord bench` (see `concord bench --help`).\n";

/// Put `section` into the file at `path` (created if absent), replacing the section of
/// the same key or else appending it.
pub fn write_into(path: &Path, key: &str, section: &str) -> anyhow::Result<()> {
    let existing = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => HEADER.to_string(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let start = format!("<!-- concord-bench {key} -->");
    let end = "<!-- /concord-bench -->";
    let block = format!("{start}\n{}\n{end}\n", section.trim_end());
    let updated = match existing.find(&start) {
        Some(at) => {
            let after = existing[at..]
                .find(end)
                .map_or(existing.len(), |e| at + e + end.len());
            let rest = existing[after..].trim_start_matches('\n');
            format!(
                "{}{block}{}{rest}",
                &existing[..at],
                if rest.is_empty() { "" } else { "\n" }
            )
        }
        None => format!("{}\n\n{block}", existing.trim_end()),
    };
    std::fs::write(path, updated).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_is_replaced_by_key_and_others_are_kept() {
        let dir = std::env::temp_dir().join(format!("concord-bench-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("BENCHMARKS.md");
        std::fs::remove_file(&path).ok();
        write_into(&path, "a", "## first").unwrap();
        write_into(&path, "b", "## second").unwrap();
        write_into(&path, "a", "## first again").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# Benchmarks"));
        assert!(text.contains("## first again") && !text.contains("## first\n"));
        assert!(text.find("first again").unwrap() < text.find("second").unwrap());
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(-12_345), "-12,345");
    }
}
