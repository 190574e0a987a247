//! Load generators.
//!
//! Open loop (the latency target): requests are sent on a fixed schedule — request `k`
//! at `start + k / rate` — whether or not earlier ones have been answered, each on its
//! own task, and each latency is measured from its *scheduled* send time. A server that
//! stalls therefore shows its stall in every request that should have been sent during
//! it, instead of the generator politely waiting (coordinated omission), as wrk2 does.
//!
//! Closed loop (the ceiling): `connections` clients each send their next request as soon
//! as the last one is answered, for a fixed time; what is measured is requests per second.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use tokio::time::Instant;

use super::client::{get, Auth, HttpClient};
use super::latency::Samples;

/// How long after the last scheduled send the open loop waits for stragglers; a request
/// still unanswered then counts as an error.
const GRACE: Duration = Duration::from_secs(30);

#[derive(Debug, Default)]
pub struct RunResult {
    pub latencies: Samples,
    pub ok: u64,
    pub errors: u64,
    pub error_examples: Vec<String>,
    /// From the first scheduled send to the last response.
    pub elapsed: Duration,
    /// Requests in flight at once, at most (open loop).
    pub max_in_flight: usize,
    /// Open loop: how late each request left against its schedule (the generator's own
    /// delay, already inside its latency), and when the last one left after the first
    /// scheduled send. Together they say whether the generator kept to the rate it reports.
    pub send_lag: Samples,
    pub last_sent: Duration,
}

impl RunResult {
    pub fn rate(&self) -> f64 {
        if self.elapsed.is_zero() {
            0.0
        } else {
            self.ok as f64 / self.elapsed.as_secs_f64()
        }
    }

    fn record(&mut self, outcome: Outcome) {
        self.push(outcome.latency, outcome.error);
    }

    /// One request's outcome: its latency if it succeeded, else why it failed.
    pub(crate) fn push(&mut self, latency: Duration, error: Option<String>) {
        match error {
            None => {
                self.ok += 1;
                self.latencies.push(latency);
            }
            Some(e) => {
                self.errors += 1;
                if self.error_examples.len() < 5 && !self.error_examples.contains(&e) {
                    self.error_examples.push(e);
                }
            }
        }
    }

    /// Add another client's (or run's) counts and samples to these; `elapsed` is the
    /// caller's to set.
    pub(crate) fn merge(&mut self, other: RunResult) {
        self.ok += other.ok;
        self.errors += other.errors;
        self.latencies.extend(&other.latencies);
        for e in other.error_examples {
            if self.error_examples.len() < 5 && !self.error_examples.contains(&e) {
                self.error_examples.push(e);
            }
        }
    }

    /// Requests per second the open loop actually sent: all of them over the time from
    /// the first scheduled send to the last actual one.
    pub fn sent_rate(&self) -> f64 {
        let sent = self.ok + self.errors;
        if sent < 2 || self.last_sent.is_zero() {
            return 0.0;
        }
        (sent - 1) as f64 / self.last_sent.as_secs_f64()
    }

    /// Whether the open loop sent at `rate` on schedule: the whole schedule within 2% of
    /// its planned length and 99% of requests no more than 5 ms late. If not, the
    /// generator (sharing the machine's cores with the servers) could not keep up, and
    /// the latencies include its own delay.
    pub fn kept_schedule(&self, rate: f64) -> bool {
        self.sent_rate() >= rate * 0.98 && self.send_lag.summary().p99_ms <= 5.0
    }
}

struct Outcome {
    latency: Duration,
    finished: Instant,
    error: Option<String>,
}

/// The longest a request may take before it counts as an error: a server in overload
/// may never answer some, and a client waiting on them forever would hang the bench.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

async fn send(client: &HttpClient, uri: &str, auth: &Auth, since: Instant) -> Outcome {
    let error = match tokio::time::timeout(REQUEST_TIMEOUT, get(client, uri, auth)).await {
        Ok(Ok((StatusCode::OK, _))) => None,
        Ok(Ok((status, body))) => Some(format!(
            "HTTP {status}: {}",
            String::from_utf8_lossy(&body[..body.len().min(120)])
        )),
        Ok(Err(e)) => Some(format!("{e:#}")),
        Err(_) => Some(format!(
            "no response within {} s",
            REQUEST_TIMEOUT.as_secs()
        )),
    };
    let finished = Instant::now();
    Outcome {
        latency: finished - since,
        finished,
        error,
    }
}

/// Send `rate × duration` requests on schedule, cycling through `uris`.
pub async fn open_loop(
    client: &HttpClient,
    uris: Arc<Vec<String>>,
    auth: &Auth,
    rate: f64,
    duration: Duration,
    progress: &dyn Fn(u64),
) -> RunResult {
    let total = (rate * duration.as_secs_f64()).round().max(1.0) as u64;
    let interval = Duration::from_secs_f64(1.0 / rate);
    let in_flight = Arc::new(AtomicUsize::new(0));
    let max_in_flight = Arc::new(AtomicUsize::new(0));
    let start = Instant::now() + Duration::from_millis(20);
    let mut tasks = Vec::with_capacity(total as usize);
    for k in 0..total {
        let scheduled = start + interval.mul_f64(k as f64);
        // A deadline already past returns at once, so a generator that fell behind sends
        // what is due straight away instead of stretching the schedule.
        tokio::time::sleep_until(scheduled).await;
        let (client, uris, auth) = (client.clone(), uris.clone(), auth.clone());
        let (in_flight, max_in_flight) = (in_flight.clone(), max_in_flight.clone());
        tasks.push(tokio::spawn(async move {
            // Taken when the request's task runs, so a runtime too busy to run it on time
            // shows as lag too.
            let sent = Instant::now();
            let now = in_flight.fetch_add(1, Ordering::Relaxed) + 1;
            max_in_flight.fetch_max(now, Ordering::Relaxed);
            let uri = &uris[k as usize % uris.len()];
            let outcome = send(&client, uri, &auth, scheduled).await;
            in_flight.fetch_sub(1, Ordering::Relaxed);
            (sent, outcome)
        }));
        if k % 100 == 0 {
            progress(k);
        }
    }
    let deadline = Instant::now() + GRACE;
    let mut result = RunResult::default();
    let mut last = start;
    for (k, mut task) in tasks.into_iter().enumerate() {
        let waited = tokio::time::timeout_at(deadline, &mut task).await;
        // A request still out after the grace is given up (and its connection closed),
        // so it does not go on loading the server under the next stage.
        task.abort();
        match waited {
            Ok(Ok((sent, outcome))) => {
                let scheduled = start + interval.mul_f64(k as f64);
                result
                    .send_lag
                    .push(sent.saturating_duration_since(scheduled));
                result.last_sent = result.last_sent.max(sent.saturating_duration_since(start));
                last = last.max(outcome.finished);
                result.record(outcome);
            }
            Ok(Err(e)) => result.record(Outcome {
                latency: Duration::ZERO,
                finished: last,
                error: Some(format!("the request task failed: {e}")),
            }),
            Err(_) => result.record(Outcome {
                latency: Duration::ZERO,
                finished: last,
                error: Some(format!(
                    "no response within {} s of the end",
                    GRACE.as_secs()
                )),
            }),
        }
    }
    progress(total);
    result.elapsed = last - start;
    result.max_in_flight = max_in_flight.load(Ordering::Relaxed);
    result
}

/// `connections` clients, each sending back-to-back for `duration`, cycling through
/// `uris` (client `c` starts at `uris[c]`).
pub async fn closed_loop(
    client: &HttpClient,
    uris: Arc<Vec<String>>,
    auth: &Auth,
    connections: usize,
    duration: Duration,
) -> RunResult {
    let start = Instant::now();
    let deadline = start + duration;
    let mut tasks = Vec::with_capacity(connections);
    for c in 0..connections {
        let (client, uris, auth) = (client.clone(), uris.clone(), auth.clone());
        tasks.push(tokio::spawn(async move {
            let mut result = RunResult::default();
            let mut i = c;
            while Instant::now() < deadline {
                let uri = &uris[i % uris.len()];
                i += connections;
                result.record(send(&client, uri, &auth, Instant::now()).await);
            }
            result
        }));
    }
    let mut total = RunResult::default();
    for task in tasks {
        match task.await {
            Ok(r) => total.merge(r),
            Err(e) => {
                total.errors += 1;
                total
                    .error_examples
                    .push(format!("a client task failed: {e}"));
            }
        }
    }
    total.elapsed = start.elapsed();
    total.max_in_flight = connections;
    total
}
