//! Sign-in throttling without a lock an outsider can trigger (issue 16).
//!
//! Five wrong passwords used to lock an account for 15 minutes, whoever typed them: anyone
//! who knew a username could keep its owner out. Now failures slow down further attempts
//! exponentially (1 s, 2 s, 4 s … at most 15 minutes after the latest failure), counted
//! three ways over the last 15 minutes:
//! - on this account **from this source address** — after `max_failed_sign_ins`: the
//!   guesser is slowed, the owner signing in from their own desk is not;
//! - **from this source address** on any account — after four times that: one address
//!   spraying passwords over many usernames;
//! - on this account **from any address** — after ten times that: guessing spread over
//!   many addresses. This one an outsider can trigger, but only with many addresses, and
//!   it is a wait of seconds that grows, never a lock.

use chrono::{DateTime, Duration, Utc};

/// The window failures are counted in.
pub(crate) const WINDOW_MINUTES: i64 = 15;
/// The longest wait.
const MAX_WAIT_SECONDS: i64 = 15 * 60;

/// The wait after `failures` failures once `threshold` is reached: 1 s, then doubling.
fn back_off(failures: usize, threshold: usize) -> Duration {
    if failures < threshold || threshold == 0 {
        return Duration::zero();
    }
    let doublings = (failures - threshold).min(20) as u32;
    Duration::seconds((1i64 << doublings).min(MAX_WAIT_SECONDS))
}

/// A failed attempt: (username, source address, when).
type Failure = (String, String, DateTime<Utc>);
/// Which failures a rule counts, and after how many it slows attempts down.
type Rule<'a> = (&'a dyn Fn(&Failure) -> bool, usize);

/// Until when the next attempt on `username` from `source` must wait, if at all, given
/// the recent failures on either.
pub(crate) fn wait_until(
    failures: &[Failure],
    username: &str,
    source: &str,
    threshold: usize,
) -> Option<DateTime<Utc>> {
    let rules: [Rule; 3] = [
        (&|f| f.0 == username && f.1 == source, threshold),
        (&|f| f.1 == source, threshold * 4),
        (&|f| f.0 == username, threshold * 10),
    ];
    rules
        .iter()
        .filter_map(|(counts, threshold)| {
            let matching: Vec<_> = failures.iter().filter(|f| counts(f)).collect();
            let wait = back_off(matching.len(), *threshold);
            let latest = matching.iter().map(|f| f.2).max()?;
            (wait > Duration::zero()).then_some(latest + wait)
        })
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failures(
        n: usize,
        user: &str,
        source: &str,
        at: DateTime<Utc>,
    ) -> Vec<(String, String, DateTime<Utc>)> {
        (0..n).map(|_| (user.into(), source.into(), at)).collect()
    }

    #[test]
    fn the_guessers_address_is_slowed_and_the_owners_is_not() {
        let at = Utc::now();
        let f = failures(5, "om.jones", "203.0.113.9", at);
        assert_eq!(
            wait_until(&f, "om.jones", "203.0.113.9", 5),
            Some(at + Duration::seconds(1))
        );
        assert_eq!(wait_until(&f, "om.jones", "198.51.100.7", 5), None);
    }

    #[test]
    fn the_wait_doubles_and_is_capped() {
        let at = Utc::now();
        let f = failures(9, "om.jones", "203.0.113.9", at);
        assert_eq!(
            wait_until(&f, "om.jones", "203.0.113.9", 5),
            Some(at + Duration::seconds(16))
        );
        let f = failures(40, "om.jones", "203.0.113.9", at);
        assert_eq!(
            wait_until(&f, "om.jones", "203.0.113.9", 5),
            Some(at + Duration::seconds(MAX_WAIT_SECONDS))
        );
    }

    #[test]
    fn one_address_spraying_many_usernames_is_slowed() {
        let at = Utc::now();
        let f: Vec<_> = (0..20)
            .map(|i| (format!("user{i}"), "203.0.113.9".to_string(), at))
            .collect();
        assert!(wait_until(&f, "someone.else", "203.0.113.9", 5).is_some());
        assert!(wait_until(&f, "someone.else", "198.51.100.7", 5).is_none());
    }
}
