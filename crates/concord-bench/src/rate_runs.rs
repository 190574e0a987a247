//! The record-page runs: one open-loop run at a fixed rate (latency, after a warm-up) and
//! one closed-loop run (the throughput ceiling). Apart from the load generators, which
//! know nothing of the bench's arguments, progress bars or printed summaries.

use std::sync::Arc;
use std::time::Duration;

use super::args::BenchArgs;
use super::client::{self, Auth};
use super::generator::{self, RunResult};
use super::progress::{bar, spinner};
use super::WARM_UP;

/// Warm up, then one measured open-loop run at --rate for --seconds.
pub(crate) async fn fixed_rate(
    http: &client::HttpClient,
    uris: Arc<Vec<String>>,
    auth: &Auth,
    args: &BenchArgs,
    what: &str,
) -> RunResult {
    open_rate(http, uris, auth, args.rate, args.seconds, what).await
}

/// Warm up, then one measured open-loop run at `rate` for `seconds`.
pub(crate) async fn open_rate(
    http: &client::HttpClient,
    uris: Arc<Vec<String>>,
    auth: &Auth,
    rate: f64,
    seconds: u64,
    what: &str,
) -> RunResult {
    let s = spinner(&format!("Warming up: {what}"));
    // The warm-up visits other people than the measured run starts with.
    let rotated: Vec<String> = uris.iter().rev().cloned().collect();
    generator::open_loop(http, Arc::new(rotated), auth, rate, WARM_UP, &|_| {}).await;
    s.finish_and_clear();
    let total = (rate * seconds as f64).round() as u64;
    let b = bar(
        total,
        &format!("{what} at {rate}/s {{bar:40}} {{pos}}/{{len}} ({{elapsed}})"),
    );
    let duration = Duration::from_secs(seconds);
    let result =
        generator::open_loop(http, uris, auth, rate, duration, &|k| b.set_position(k)).await;
    b.finish_and_clear();
    let sum = result.latencies.summary();
    println!(
        "{what}: {:.1}/s sent, {:.1}/s answered, p50 {:.1} ms, p99 {:.1} ms, {} errors{}.",
        result.sent_rate(),
        result.rate(),
        sum.p50_ms,
        sum.p99_ms,
        result.errors,
        if result.kept_schedule(rate) {
            ""
        } else {
            " (the load generator fell behind its schedule)"
        }
    );
    result
}

/// One closed-loop run: throughput with `connections` clients for `duration`.
pub(crate) async fn max_rate(
    http: &client::HttpClient,
    uris: Arc<Vec<String>>,
    auth: &Auth,
    connections: usize,
    duration: Duration,
    what: &str,
) -> RunResult {
    let s = spinner(&format!(
        "Ceiling: {what}, {connections} connections for {} s",
        duration.as_secs()
    ));
    let result = generator::closed_loop(http, uris, auth, connections, duration).await;
    s.finish_and_clear();
    println!(
        "Ceiling, {what}: {:.0} requests/s, {} errors.",
        result.rate(),
        result.errors
    );
    result
}
