//! Two closed loops compared fairly: each serves the same record pages for the same time,
//! taking turns (first, second, second, first), in rounds of about ten seconds, so that a
//! machine growing busier or a database warming up favours neither. A single run of each,
//! one after the other, differs by as much as 7% on this machine from run to run, more than
//! some of the differences measured with them (two nodes against one; auditing against
//! none), and within one run the machine was seen to slow by a fifth from its first
//! seconds to its last: one round of long turns cancels a steady drift, several rounds of
//! short ones also an uneven one.

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
/// in turns of at least five seconds, in as many rounds as ten-second slices of
/// `seconds` ([`rounds`]); before each turn every audit event left waiting is sealed, so
/// the sealing one side's requests caused is not done in the other's time. Returns each side's
/// merged result.
pub(crate) async fn take_turns(
    http: &HttpClient,
    db: &Db,
    [first, second]: [Side; 2],
    cookie: &Auth,
    connections: usize,
    seconds: u64,
) -> (RunResult, RunResult) {
    let (rounds, turn) = rounds(seconds);
    // Settling needs only the database: an App of its own, serving nothing.
    let settler = App::new(db.clone(), Clock::system(), AppSettings::default());
    let mut results = [RunResult::default(), RunResult::default()];
    let order = [0, 1, 1, 0].repeat(rounds as usize);
    let turns = order.len();
    for (n, side) in order.into_iter().enumerate() {
        if let Err(e) = settler.settle_audit().await {
            eprintln!("Note: sealing waiting audit events failed before a run: {e}");
        }
        let Side { uris, what } = if side == 0 { &first } else { &second };
        let what = format!("{what} ({} of {turns})", n + 1);
        let run = max_rate(http, uris.clone(), cookie, connections, turn, &what).await;
        let into = &mut results[side];
        into.elapsed += run.elapsed;
        into.merge(run);
        into.max_in_flight = connections;
    }
    let [a, b] = results;
    (a, b)
}

/// How [`take_turns`] divides `seconds` a side: rounds of (first, second, second, first)
/// of about ten seconds a side each, and the length of one turn.
pub(crate) fn rounds(seconds: u64) -> (u64, Duration) {
    let rounds = (seconds / 10).max(1);
    let turn = Duration::from_secs_f64((seconds as f64 / (2 * rounds) as f64).max(5.0));
    (rounds, turn)
}

/// The same, in words for a report: "2 rounds of turns of 5 s".
pub(crate) fn rounds_in_words(seconds: u64) -> String {
    let (rounds, turn) = rounds(seconds);
    let plural = if rounds == 1 { "" } else { "s" };
    format!(
        "{rounds} round{plural} of turns of {} s",
        turn.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use super::rounds_in_words;

    #[test]
    fn each_side_gets_its_seconds_in_rounds_of_about_ten() {
        assert_eq!(rounds_in_words(20), "2 rounds of turns of 5 s");
        assert_eq!(rounds_in_words(40), "4 rounds of turns of 5 s");
        assert_eq!(rounds_in_words(10), "1 round of turns of 5 s");
        assert_eq!(rounds_in_words(30), "3 rounds of turns of 5 s");
        assert_eq!(rounds_in_words(4), "1 round of turns of 5 s");
    }
}
