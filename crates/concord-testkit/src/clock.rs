//! A clock the test moves forward by hand.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use concord_app::Clock;

/// A controllable clock: the app reads it through [`TestClock::clock`], the test moves it
/// with [`TestClock::advance`].
#[derive(Clone)]
pub struct TestClock(Arc<Mutex<DateTime<Utc>>>);

impl TestClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        TestClock(Arc::new(Mutex::new(at)))
    }

    /// The app's view of this clock.
    pub fn clock(&self) -> Clock {
        let inner = self.0.clone();
        Clock::from_fn(move || *inner.lock().expect("clock lock"))
    }

    pub fn advance(&self, by: Duration) {
        *self.0.lock().expect("clock lock") += by;
    }
}
