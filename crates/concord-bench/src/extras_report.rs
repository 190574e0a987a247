//! The report's rows and sections for issue 19's further measurements: the record page and
//! API open loop at 1,000 requests/s, sign-in throughput, the sign-in storm and what
//! auditing costs. Apart from report.rs, which lays out the rest, so each stays one
//! concern; the shared formatting comes from there.

use super::audit_cost::{AuditCost, BUILD_WITH_FEATURE};
use super::generator::RunResult;
use super::report::{errors_note, ms, run_row, thousands, verdict, RECORD_P99_TARGET_MS};
use super::signin_load::Storm;

/// Issue 19: the record page's p99 while this many clients sign in over and over.
pub const STORM_TARGET_CLIENTS: usize = 50;
/// Issue 19: auditing may make the record page at most this much slower (closed loop).
pub const AUDIT_OVERHEAD_TARGET_PERCENT: f64 = 25.0;

pub struct Extras {
    /// The open-loop runs at --high-rate, for --seconds each.
    pub high_rate: f64,
    pub seconds: u64,
    pub high_html: RunResult,
    pub high_api: RunResult,
    pub sign_in: RunResult,
    pub sign_in_clients: usize,
    pub sign_in_seconds: u64,
    /// The storm, with the record page at --rate.
    pub storm: Storm,
    pub storm_rate: f64,
    pub audit: AuditCost,
    pub connections: usize,
    pub ceiling_seconds: u64,
}

/// An open-loop run against its rate: what it measured, and whether the load generator
/// sent what it should have (if not, the row says so instead of implying the rate).
fn open_loop_measured(r: &RunResult, rate: f64) -> String {
    let s = r.latencies.summary();
    let mut text = format!(
        "p50 {} ms, p99 {} ms, max {} ms; {:.1}/s answered, {} errors",
        ms(s.p50_ms),
        ms(s.p99_ms),
        ms(s.max_ms),
        r.rate(),
        r.errors
    );
    if !r.kept_schedule(rate) {
        text.push_str(&format!(
            "; **the load generator could not keep to {rate}/s on this machine** (sent {:.1}/s, p99 send lag {} ms), so these latencies include its own delay",
            r.sent_rate(),
            ms(r.send_lag.summary().p99_ms)
        ));
    }
    text
}

/// Met only if the generator kept its schedule, every request succeeded, the server kept
/// up with the rate and p99 is under the target. A generator that fell behind leaves no
/// verdict ("not measured"), unless p99 is over the target even less the generator's
/// worst delay: then its lag cannot be the reason.
fn open_loop_verdict(r: &RunResult, rate: f64) -> &'static str {
    if !r.kept_schedule(rate) {
        let s = r.latencies.summary();
        if r.ok > 0 && s.p99_ms - r.send_lag.summary().max_ms >= RECORD_P99_TARGET_MS {
            return verdict(false);
        }
        return "**not measured** (load generator)";
    }
    verdict(
        r.errors == 0
            && r.rate() >= rate * 0.98
            && r.latencies.summary().p99_ms < RECORD_P99_TARGET_MS,
    )
}

fn open_loop_row(name: &str, r: &RunResult) -> String {
    let s = r.latencies.summary();
    format!(
        "| {name} | {:.1} | {:.1} | {} | {} | {} | {} | {} | {} | {} |\n",
        r.sent_rate(),
        r.rate(),
        thousands(r.ok as i64),
        r.errors,
        ms(s.p50_ms),
        ms(s.p99_ms),
        ms(s.max_ms),
        ms(r.send_lag.summary().p99_ms),
        r.max_in_flight
    )
}

const OPEN_LOOP_HEADER: &str = "| request | sent/s | answered/s | ok | errors | p50 | p99 | max | send lag p99 | most in flight |\n|---|---|---|---|---|---|---|---|---|---|\n";

impl Extras {
    /// Rows for the report's targets table.
    pub fn target_rows(&self) -> String {
        let mut o = String::new();
        let rate = self.high_rate;
        o.push_str(&format!(
            "| record page open loop at {rate} requests/s: p99 < {RECORD_P99_TARGET_MS} ms, 0 errors | {} | {} |\n",
            open_loop_measured(&self.high_html, rate),
            open_loop_verdict(&self.high_html, rate)
        ));
        o.push_str(&format!(
            "| record API open loop at {rate} requests/s: same target | {} | {} |\n",
            open_loop_measured(&self.high_api, rate),
            open_loop_verdict(&self.high_api, rate)
        ));
        let si = self.sign_in.latencies.summary();
        o.push_str(&format!(
            "| sign-in throughput (the form, Argon2 19 MiB), {} clients | {:.1} sign-ins/s, p50 {} ms, p99 {} ms, {} errors | reported |\n",
            self.sign_in_clients,
            self.sign_in.rate(),
            ms(si.p50_ms),
            ms(si.p99_ms),
            self.sign_in.errors
        ));
        let storm = &self.storm.record;
        let measured = open_loop_measured(storm, self.storm_rate);
        o.push_str(&format!(
            "| record page p99 < {RECORD_P99_TARGET_MS} ms during a {STORM_TARGET_CLIENTS}-client sign-in storm (page at {} requests/s) | {measured}; {} clients made {:.1} sign-ins/s | {} |\n",
            self.storm_rate,
            self.storm.clients,
            self.storm.sign_ins.rate(),
            if self.storm.clients < STORM_TARGET_CLIENTS {
                "**not measured** (fewer clients)"
            } else {
                open_loop_verdict(storm, self.storm_rate)
            }
        ));
        match (&self.audit, self.audit.overhead_percent()) {
            (AuditCost::Measured { audited, unaudited }, Some(p)) => o.push_str(&format!(
                "| audit overhead on the record page (closed loop) ≤ {AUDIT_OVERHEAD_TARGET_PERCENT:.0}% | {p:.1}% ({:.0} requests/s audited, {:.0} unaudited; {} + {} errors) | {} |\n",
                audited.rate(),
                unaudited.rate(),
                audited.errors,
                unaudited.errors,
                verdict(
                    p <= AUDIT_OVERHEAD_TARGET_PERCENT
                        && audited.errors == 0
                        && unaudited.errors == 0
                )
            )),
            _ => o.push_str(&format!(
                "| audit overhead on the record page (closed loop) ≤ {AUDIT_OVERHEAD_TARGET_PERCENT:.0}% | {} | **not measured** |\n",
                self.audit_not_measured()
            )),
        }
        o
    }

    fn audit_not_measured(&self) -> String {
        match &self.audit {
            AuditCost::NotBuilt => format!(
                "not in this build: a default build cannot turn auditing off; build with the bench-only feature, `{BUILD_WITH_FEATURE}`"
            ),
            AuditCost::Measured { .. } => {
                "no audited request succeeded, so there is nothing to compare".into()
            }
        }
    }

    /// The sections with the details, after the report's own.
    pub fn sections(&self) -> String {
        let mut o = String::new();
        o.push_str(&format!(
            "\n### Open loop at {} requests/s\n\nAs the runs at the lower rate: one request every {:.2} ms for {} s on schedule whatever the server does, latency from the *scheduled* send time, after 3 s of warm-up. \"sent/s\" is what the load generator actually sent and \"send lag p99\" how late its requests left: the generator shares the 2 cores with the servers, and when it falls behind its own delay is inside the latencies (the target row then says so). Milliseconds.\n\n",
            self.high_rate,
            1000.0 / self.high_rate,
            self.seconds
        ));
        o.push_str(OPEN_LOOP_HEADER);
        o.push_str(&open_loop_row(
            "`GET /persons/{id}` (HTML, session cookie)",
            &self.high_html,
        ));
        o.push_str(&open_loop_row(
            "`GET /api/v1/persons/{id}` (JSON, bearer)",
            &self.high_api,
        ));
        o.push_str(&errors_note("the record page", &self.high_html));
        o.push_str(&errors_note("the record API", &self.high_api));

        o.push_str(&format!(
            "\n### Signing in\n\nThrough the real form, as a browser: `GET /sign-in` for the form and its CSRF cookie, then `POST /sign-in` with username, password and token; only a redirect that sets a session cookie counts as a sign-in, anything else as an error. Latencies are the `POST`'s (where the Argon2 hash, 19 MiB, runs on tokio's blocking pool). Clients sign in as the demo's other five offender managers in turn, never as the bench's own account (an account keeps 5 sessions at most, so its session would be ended), each client from a loopback address of its own (127.1.x.y), as users on their own machines: from one address, sign-ins still being checked count as failures and a crowd of them is throttled, as a password sprayer's are.\n\nThroughput: {} clients signing in back to back for {} s. Storm: {} clients signing in back to back while the record page runs open loop at {} requests/s for {} s (after 3 s of warm-up, also in the storm).\n\n",
            self.sign_in_clients,
            self.sign_in_seconds,
            self.storm.clients,
            self.storm_rate,
            self.seconds
        ));
        o.push_str("| run | sign-ins/s | ok | errors | p50 | p95 | p99 | max | clients |\n|---|---|---|---|---|---|---|---|---|\n");
        o.push_str(&run_row("sign-in throughput", &self.sign_in));
        o.push_str(&run_row("sign-ins during the storm", &self.storm.sign_ins));
        o.push_str(&errors_note("sign-in throughput", &self.sign_in));
        o.push_str(&errors_note("the storm's sign-ins", &self.storm.sign_ins));
        o.push_str("\nThe record page during the storm (milliseconds):\n\n");
        o.push_str(OPEN_LOOP_HEADER);
        o.push_str(&open_loop_row(
            "`GET /persons/{id}` during the storm",
            &self.storm.record,
        ));
        o.push_str(&errors_note(
            "the record page during the storm",
            &self.storm.record,
        ));

        o.push_str("\n### What auditing costs\n\n");
        match &self.audit {
            AuditCost::Measured { audited, unaudited } => {
                o.push_str(&format!(
                    "The record page closed loop, {} connections, against the first node and against a node on the same database that writes no audit events (a bench-only build; its audit sealer never starts either), taking turns (audited, unaudited, unaudited, audited) in {}, every waiting audit event sealed before each. Overhead is the extra time per request with auditing: throughput without over throughput with, less one. Milliseconds.\n\n",
                    self.connections,
                    super::turns::rounds_in_words(self.ceiling_seconds)
                ));
                o.push_str("| node | requests/s | ok | errors | p50 | p95 | p99 | max | connections |\n|---|---|---|---|---|---|---|---|---|\n");
                o.push_str(&run_row("audited (as served)", audited));
                o.push_str(&run_row("unaudited (bench-only build)", unaudited));
                if let Some(p) = self.audit.overhead_percent() {
                    o.push_str(&format!("\nAudit overhead: {p:.1}%.\n"));
                }
                o.push_str(&errors_note("the audited runs", audited));
                o.push_str(&errors_note("the unaudited runs", unaudited));
            }
            AuditCost::NotBuilt => o.push_str(&format!(
                "Not measured: this build has no way to turn auditing off, by design. To measure it, build with the bench-only feature (never for serving): `{BUILD_WITH_FEATURE}`.\n"
            )),
        }
        o
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    /// A run of `n` requests answered in `ms` each, all sent on time over `seconds`.
    fn run(n: u64, ms: u64, seconds: u64) -> RunResult {
        let mut r = RunResult::default();
        for _ in 0..n {
            r.push(Duration::from_millis(ms), None);
            r.send_lag.push(Duration::ZERO);
        }
        r.elapsed = Duration::from_secs(seconds);
        r.last_sent = Duration::from_secs(seconds);
        r
    }

    fn extras(audit: AuditCost) -> Extras {
        Extras {
            high_rate: 1_000.0,
            seconds: 2,
            high_html: run(2_000, 3, 2),
            high_api: RunResult::default(),
            sign_in: run(40, 300, 2),
            sign_in_clients: 8,
            sign_in_seconds: 2,
            storm: Storm {
                record: run(400, 4, 2),
                sign_ins: run(60, 900, 2),
                clients: 50,
            },
            storm_rate: 200.0,
            audit,
            connections: 32,
            ceiling_seconds: 2,
        }
    }

    #[test]
    fn a_default_build_says_how_to_measure_audit_cost_instead_of_a_number() {
        let rows = extras(AuditCost::NotBuilt).target_rows();
        let audit_row = rows.lines().find(|l| l.contains("audit overhead")).unwrap();
        assert!(audit_row.contains("--features bench-unaudited"));
        assert!(audit_row.ends_with("| **not measured** |"));
        // A generator that sent nothing kept no schedule: no verdict on the server.
        let api_row = rows.lines().find(|l| l.contains("record API")).unwrap();
        assert!(api_row.contains("could not keep to 1000/s"));
        assert!(api_row.ends_with("**not measured** (load generator) |"));
        let html_row = rows
            .lines()
            .find(|l| l.contains("record page open"))
            .unwrap();
        assert!(html_row.ends_with("| **met** |"));
    }

    #[test]
    fn a_late_generator_leaves_no_verdict_unless_its_lag_cannot_explain_the_tail() {
        let late = |answer_ms: u64| {
            let mut r = run(400, answer_ms, 2);
            r.send_lag = Default::default();
            for _ in 0..400 {
                r.send_lag.push(Duration::from_millis(20));
            }
            r
        };
        assert!(!late(30).kept_schedule(200.0));
        assert_eq!(
            open_loop_verdict(&late(30), 200.0),
            "**not measured** (load generator)"
        );
        assert_eq!(open_loop_verdict(&late(1_000), 200.0), "**not met**");
    }

    #[test]
    fn audit_overhead_is_the_extra_time_per_request_with_auditing() {
        let cost = AuditCost::Measured {
            audited: Box::new(run(1_000, 1, 1)),
            unaudited: Box::new(run(1_200, 1, 1)),
        };
        let p = cost.overhead_percent().unwrap();
        assert!((p - 20.0).abs() < 1e-9);
        let rows = extras(cost).target_rows();
        assert!(rows.contains(
            "| 20.0% (1000 requests/s audited, 1200 unaudited; 0 + 0 errors) | **met** |"
        ));
    }
}
