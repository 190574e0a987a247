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
        match outcome.error {
            None => {
                self.ok += 1;
                self.latencies.push(outcome.latency);
            }
            Some(e) => {
                self.errors += 1;
                if self.error_examples.len() < 5 && !self.error_examples.contains(&e) {
                    self.error_examples.push(e);
                }
            }
        }
    }
}

struct Outcome {
    latency: Duration,
    finished: Instant,
    error: Option<String>,
}

async fn send(client: &HttpClient, uri: &str, auth: &Auth, since: Instant) -> Outcome {
    let error = match get(client, uri, auth).await {
        Ok((StatusCode::OK, _)) => None,
        Ok((status, body)) => Some(format!(
            "HTTP {status}: {}",
            String::from_utf8_lossy(&body[..body.len().min(120)])
        )),
        Err(e) => Some(format!("{e:#}")),
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
        tokio::time::sleep_until(scheduled).await;
        let (client, uris, auth) = (client.clone(), uris.clone(), auth.clone());
        let (in_flight, max_in_flight) = (in_flight.clone(), max_in_flight.clone());
        tasks.push(tokio::spawn(async move {
            let now = in_flight.fetch_add(1, Ordering::Relaxed) + 1;
            max_in_flight.fetch_max(now, Ordering::Relaxed);
            let uri = &uris[k as usize % uris.len()];
            let outcome = send(&client, uri, &auth, scheduled).await;
            in_flight.fetch_sub(1, Ordering::Relaxed);
            outcome
        }));
        if k % 100 == 0 {
            progress(k);
        }
    }
    let deadline = Instant::now() + GRACE;
    let mut result = RunResult::default();
    let mut last = start;
    for task in tasks {
        match tokio::time::timeout_at(deadline, task).await {
            Ok(Ok(outcome)) => {
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
            Ok(r) => {
                total.ok += r.ok;
                total.errors += r.errors;
                total.latencies.extend(&r.latencies);
                for e in r.error_examples {
                    if total.error_examples.len() < 5 && !total.error_examples.contains(&e) {
                        total.error_examples.push(e);
                    }
                }
            }
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
