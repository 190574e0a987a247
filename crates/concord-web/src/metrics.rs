//! Prometheus metrics for operators (issue 25 item 3), served on their own address
//! (`--metrics-bind`), never on the public one: requests by route and status, latency
//! histograms by route, the database pool, and the audit appender's queue and batches.
//!
//! Nothing slow or global on the request path: each route's figures are atomics in a
//! slot of a fixed table, found by hashing the route template and claimed once with a
//! `OnceLock`, so recording a request takes no lock. Routes are templates
//! (`/persons/{id}`), never URIs, so no name or identifier reaches the metrics.

use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// The statuses counted one by one; any other is counted under its class ("2xx" …).
const STATUSES: [u16; 20] = [
    200, 201, 202, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 500,
    503,
];
const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/// Room for this many distinct (method, route) pairs; Concord has a few hundred. A pair
/// past it is counted under "(other)".
const SLOTS: usize = 2_048;

#[derive(Default)]
struct RouteFigures {
    statuses: [AtomicU64; STATUSES.len()],
    classes: [AtomicU64; CLASSES.len()],
    /// Requests within each bound (not cumulative).
    buckets: [AtomicU64; BUCKETS.len() + 1],
    micros: AtomicU64,
    count: AtomicU64,
}

struct Slot {
    method: String,
    route: String,
    figures: RouteFigures,
}

/// The node's request figures, shared by the public router and the metrics endpoint.
#[derive(Clone)]
pub struct Metrics {
    slots: Arc<Vec<OnceLock<Slot>>>,
    other: Arc<Slot>,
    hasher: std::collections::hash_map::RandomState,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            slots: Arc::new((0..SLOTS).map(|_| OnceLock::new()).collect()),
            other: Arc::new(Slot {
                method: String::new(),
                route: "(other)".into(),
                figures: RouteFigures::default(),
            }),
            hasher: std::collections::hash_map::RandomState::new(),
        }
    }
}

impl Metrics {
    /// Count one request: its route template, status and how long it took.
    pub fn record(&self, method: &str, route: &str, status: u16, took: Duration) {
        let f = &self.slot(method, route).figures;
        match STATUSES.iter().position(|s| *s == status) {
            Some(i) => f.statuses[i].fetch_add(1, Ordering::Relaxed),
            None => {
                let class = usize::from((status / 100).clamp(1, 5)) - 1;
                f.classes[class].fetch_add(1, Ordering::Relaxed)
            }
        };
        let seconds = took.as_secs_f64();
        let bucket = BUCKETS
            .iter()
            .position(|b| seconds <= *b)
            .unwrap_or(BUCKETS.len());
        f.buckets[bucket].fetch_add(1, Ordering::Relaxed);
        f.micros.fetch_add(
            u64::try_from(took.as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
        f.count.fetch_add(1, Ordering::Relaxed);
    }

    /// The slot of (method, route): open addressing over claim-once cells.
    fn slot(&self, method: &str, route: &str) -> &Slot {
        let mut h = self.hasher.build_hasher();
        h.write(method.as_bytes());
        h.write_u8(0);
        h.write(route.as_bytes());
        let start = (h.finish() as usize) % SLOTS;
        for i in 0..SLOTS {
            let cell = &self.slots[(start + i) % SLOTS];
            let slot = cell.get_or_init(|| Slot {
                method: method.to_string(),
                route: route.to_string(),
                figures: RouteFigures::default(),
            });
            if slot.method == method && slot.route == route {
                return slot;
            }
        }
        &self.other
    }

    /// The figures in the Prometheus text format (version 0.0.4).
    pub fn render(&self, app: &concord_app::App) -> String {
        let mut out = String::new();
        let slots: Vec<&Slot> = self
            .slots
            .iter()
            .filter_map(OnceLock::get)
            .chain(std::iter::once(self.other.as_ref()))
            .filter(|s| s.figures.count.load(Ordering::Relaxed) > 0)
            .collect();
        out.push_str("# HELP concord_http_requests_total HTTP requests by method, route template and status.\n# TYPE concord_http_requests_total counter\n");
        for s in &slots {
            let labels = format!(
                "method=\"{}\",route=\"{}\"",
                escape(&s.method),
                escape(&s.route)
            );
            for (i, status) in STATUSES.iter().enumerate() {
                let n = s.figures.statuses[i].load(Ordering::Relaxed);
                if n > 0 {
                    let _ = writeln!(
                        out,
                        "concord_http_requests_total{{{labels},status=\"{status}\"}} {n}"
                    );
                }
            }
            for (i, class) in CLASSES.iter().enumerate() {
                let n = s.figures.classes[i].load(Ordering::Relaxed);
                if n > 0 {
                    let _ = writeln!(
                        out,
                        "concord_http_requests_total{{{labels},status=\"{class}\"}} {n}"
                    );
                }
            }
        }
        out.push_str("# HELP concord_http_request_duration_seconds Time to answer, by method and route template.\n# TYPE concord_http_request_duration_seconds histogram\n");
        for s in &slots {
            let labels = format!(
                "method=\"{}\",route=\"{}\"",
                escape(&s.method),
                escape(&s.route)
            );
            let mut running = 0;
            for (i, bound) in BUCKETS.iter().enumerate() {
                running += s.figures.buckets[i].load(Ordering::Relaxed);
                let _ = writeln!(out, "concord_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {running}");
            }
            let count = s.figures.count.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "concord_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {count}"
            );
            let sum = s.figures.micros.load(Ordering::Relaxed) as f64 / 1e6;
            let _ = writeln!(
                out,
                "concord_http_request_duration_seconds_sum{{{labels}}} {sum}"
            );
            let _ = writeln!(
                out,
                "concord_http_request_duration_seconds_count{{{labels}}} {count}"
            );
        }
        let (open, idle) = app.pool_stats();
        let _ = write!(
            out,
            "# HELP concord_db_pool_connections Database connections in this node's pool.\n# TYPE concord_db_pool_connections gauge\nconcord_db_pool_connections{{state=\"idle\"}} {idle}\nconcord_db_pool_connections{{state=\"in_use\"}} {}\n",
            (open as usize).saturating_sub(idle)
        );
        let a = app.audit_appender_stats();
        let _ = write!(
            out,
            "# HELP concord_audit_appender_queued Requests waiting for the audit appender's next batch.\n# TYPE concord_audit_appender_queued gauge\nconcord_audit_appender_queued {}\n# HELP concord_audit_appender_events_total Audit events the appender committed.\n# TYPE concord_audit_appender_events_total counter\nconcord_audit_appender_events_total {}\n# HELP concord_audit_appender_batch_requests Requests per appender batch.\n# TYPE concord_audit_appender_batch_requests histogram\n",
            a.queued, a.events
        );
        for (bound, n) in &a.batch_sizes {
            let _ = writeln!(
                out,
                "concord_audit_appender_batch_requests_bucket{{le=\"{bound}\"}} {n}"
            );
        }
        let _ = write!(
            out,
            "concord_audit_appender_batch_requests_bucket{{le=\"+Inf\"}} {b}\nconcord_audit_appender_batch_requests_sum {r}\nconcord_audit_appender_batch_requests_count {b}\n",
            b = a.batches,
            r = a.requests
        );
        out
    }
}

/// A label value as the text format needs it.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_route_and_status_and_timed_into_buckets() {
        let m = Metrics::default();
        for _ in 0..3 {
            m.record("GET", "/persons/{id}", 200, Duration::from_millis(3));
        }
        m.record("GET", "/persons/{id}", 404, Duration::from_millis(700));
        m.record("POST", "/persons/{id}", 418, Duration::from_secs(9));
        let f = &m.slot("GET", "/persons/{id}").figures;
        assert_eq!(f.count.load(Ordering::Relaxed), 4);
        assert_eq!(f.statuses[0].load(Ordering::Relaxed), 3);
        // 3 ms lies in the 5 ms bucket; 700 ms in the 1 s bucket.
        assert_eq!(f.buckets[2].load(Ordering::Relaxed), 3);
        assert_eq!(f.buckets[9].load(Ordering::Relaxed), 1);
        let post = &m.slot("POST", "/persons/{id}").figures;
        assert_eq!(
            post.classes[3].load(Ordering::Relaxed),
            1,
            "418 counted as 4xx"
        );
        assert_eq!(
            post.buckets[BUCKETS.len()].load(Ordering::Relaxed),
            1,
            "past the last bound"
        );
    }

    #[test]
    fn a_label_cannot_break_out_of_its_quotes() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
