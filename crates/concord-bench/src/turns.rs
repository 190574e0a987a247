//! Two closed loops compared fairly: each serves the same record pages for the same time,
//! taking turns in halves (first, second, second, first) so that a machine growing busier
//! or a database warming up favours neither. A single run of each, one after the other,
//! differs by as much as 7% on this machine from run to run, more than some of the
//! differences measured with them (two nodes against one; auditing against none).

use std::sync::Arc;
use std::time::Duration;

use concord_app::{App, AppSettings, Clock};
use concord_store::Db;

use super::client::{Auth, HttpClient};
use super::generator::RunResult;
use super::rate_runs::max_rate;

/// One side of a comparison: the URIs its clients cycle through and what to call it.
pub(crate) struct Side {
    pub uris: Arc<Vec<String>>,
    pub what: &'static str,
}

/// Closed loops of `connections` clients on `first` and `second`, `seconds` each in all,
/// in turns; before each turn every audit event left waiting is sealed, so the sealing
/// one side's requests caused is not done in the other's time. Returns each side's
/// merged result.
pub(crate) async fn take_turns(
    http: &HttpClient,
    db: &Db,
    [first, second]: [Side; 2],
    cookie: &Auth,
    connections: usize,
    seconds: u64,
) -> (RunResult, RunResult) {
    let half = Duration::from_secs((seconds / 2).max(1));
    // Settling needs only the database: an App of its own, serving nothing.
    let settler = App::new(db.clone(), Clock::system(), AppSettings::default());
    let mut results = [RunResult::default(), RunResult::default()];
    for (turn, side) in [0, 1, 1, 0].into_iter().enumerate() {
        if let Err(e) = settler.settle_audit().await {
            eprintln!("Note: sealing waiting audit events failed before a run: {e}");
        }
        let Side { uris, what } = if side == 0 { &first } else { &second };
        let what = format!("{what} ({} of 4)", turn + 1);
        let run = max_rate(http, uris.clone(), cookie, connections, half, &what).await;
        let into = &mut results[side];
        into.elapsed += run.elapsed;
        into.merge(run);
        into.max_in_flight = connections;
    }
    let [a, b] = results;
    (a, b)
}
