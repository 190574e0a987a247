//! Sign-in under load, through the real form (`sign_in_form.rs`): its throughput with a
//! few clients signing in back to back, and a storm of many clients signing in while the
//! record page runs at a fixed rate, to show what password hashing (Argon2, 19 MiB, on
//! tokio's blocking pool) does to everyone else's pages.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::client::{self, Auth, HttpClient};
use super::generator::RunResult;
use super::progress::spinner;
use super::rate_runs::open_rate;
use super::sign_in_form::sign_in;

/// The accounts the sign-in loads sign in as, client `c` as `ACCOUNTS[c % 5]`: the demo's
/// other offender managers (same role, same password). Never the bench's own account: an
/// account keeps at most 5 sessions (`max_sessions_per_account`), so signing in as it over
/// and over would end the session every other measurement uses.
const ACCOUNTS: [&str; 5] = [
    "om.colchester",
    "om.southend",
    "om.basildon",
    "om.harlow",
    "om.braintree",
];

/// A sign-in that has not answered in this long counts as failed, so a stuck request
/// cannot keep a run from ending.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Client `c`'s own loopback address (127.1.x.y; Linux answers on all of 127/8): users
/// sign in from machines of their own. From one address, sign-ins still being checked
/// count as failures (so concurrent guesses each count against the next) and a crowd of
/// them is throttled, as a password sprayer's should be; that is not the storm measured.
fn address(c: usize) -> Option<IpAddr> {
    let (high, low) = (c / 250, c % 250 + 1);
    let high = u8::try_from(high).ok()?;
    Some(IpAddr::V4(Ipv4Addr::new(127, 1, high, low as u8)))
}

/// After a failed sign-in a client pauses this long, so that a refusal answered at once
/// (a throttled address) does not turn the client into a busy loop of errors.
const AFTER_ERROR: Duration = Duration::from_millis(50);

/// Sign in through the form until `go_on` says stop; every attempt's `POST` latency and
/// outcome.
async fn sign_in_repeatedly(
    http: HttpClient,
    base: Arc<str>,
    account: &'static str,
    go_on: impl Fn() -> bool,
) -> RunResult {
    let mut result = RunResult::default();
    while go_on() {
        let attempt = sign_in(&http, &base, account, concord_demo::DEMO_PASSWORD);
        let (took, error) = match tokio::time::timeout(TIMEOUT, attempt).await {
            Ok(outcome) => outcome,
            Err(_) => (
                TIMEOUT,
                Some(format!("no answer in {} s", TIMEOUT.as_secs())),
            ),
        };
        let failed = error.is_some();
        result.push(took, error);
        if failed {
            tokio::time::sleep(AFTER_ERROR).await;
        }
    }
    result
}

/// Every client's results as one; a client task that failed counts as an error.
async fn gather(tasks: Vec<tokio::task::JoinHandle<RunResult>>) -> RunResult {
    let mut total = RunResult::default();
    for task in tasks {
        match task.await {
            Ok(r) => total.merge(r),
            Err(e) => total.push(Duration::ZERO, Some(format!("a client task failed: {e}"))),
        }
    }
    total
}

/// Sign-in throughput: `clients` clients each signing in back to back for `duration`.
/// Counts only successful sign-ins (a redirect with a session cookie); the latencies are
/// the `POST`s', while each sign-in also fetches the form first, as a browser does.
pub(crate) async fn throughput(base: &str, clients: usize, duration: Duration) -> RunResult {
    let s = spinner(&format!(
        "Sign-in throughput: {clients} clients signing in through the form for {} s",
        duration.as_secs()
    ));
    let base: Arc<str> = Arc::from(base);
    let start = Instant::now();
    let deadline = start + duration;
    let tasks = (0..clients)
        .map(|c| {
            let base = base.clone();
            tokio::spawn(sign_in_repeatedly(
                client::client_from(address(c)),
                base,
                ACCOUNTS[c % ACCOUNTS.len()],
                move || Instant::now() < deadline,
            ))
        })
        .collect();
    let mut result = gather(tasks).await;
    result.elapsed = start.elapsed();
    result.max_in_flight = clients;
    s.finish_and_clear();
    let sum = result.latencies.summary();
    println!(
        "Sign-in throughput: {:.1} sign-ins/s, p50 {:.0} ms, p99 {:.0} ms, {} errors.",
        result.rate(),
        sum.p50_ms,
        sum.p99_ms,
        result.errors
    );
    result
}

/// What the sign-in storm measured.
pub(crate) struct Storm {
    /// The record page at the fixed rate, while the storm blew.
    pub record: RunResult,
    /// The storm's own sign-ins, over its whole length (the record page's warm-up too).
    pub sign_ins: RunResult,
    pub clients: usize,
}

/// `clients` clients sign in over and over while the record page runs open loop at
/// `rate` for `seconds` (after its warm-up, which the storm also covers).
pub(crate) async fn storm(
    http: &HttpClient,
    base: &str,
    record_uris: Arc<Vec<String>>,
    cookie: &Auth,
    clients: usize,
    rate: f64,
    seconds: u64,
) -> Storm {
    println!("Sign-in storm: {clients} clients signing in over and over from now on.");
    let stop = Arc::new(AtomicBool::new(false));
    let base_shared: Arc<str> = Arc::from(base);
    let start = Instant::now();
    let tasks = (0..clients)
        .map(|c| {
            let (base, stop) = (base_shared.clone(), stop.clone());
            tokio::spawn(sign_in_repeatedly(
                client::client_from(address(c)),
                base,
                ACCOUNTS[c % ACCOUNTS.len()],
                move || !stop.load(Ordering::Relaxed),
            ))
        })
        .collect();
    let record = open_rate(
        http,
        record_uris,
        cookie,
        rate,
        seconds,
        "record page during the sign-in storm",
    )
    .await;
    stop.store(true, Ordering::Relaxed);
    let s = spinner("Sign-in storm: waiting for the last sign-ins");
    let mut sign_ins = gather(tasks).await;
    sign_ins.elapsed = start.elapsed();
    sign_ins.max_in_flight = clients;
    s.finish_and_clear();
    println!(
        "Sign-in storm: {:.1} sign-ins/s, {} errors.",
        sign_ins.rate(),
        sign_ins.errors
    );
    Storm {
        record,
        sign_ins,
        clients,
    }
}
