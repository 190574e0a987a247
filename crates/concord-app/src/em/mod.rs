//! Electronic monitoring (issue 22, docs/em.md): tags fitted to people, the provider's
//! fixes arriving over HTTP and NATS JetStream, evaluated by the geofence engine
//! (`concord_geo::fence`) into alerts that staff see live, acknowledge and act on.

mod alerts;
mod consumer;
mod engine;
mod fixes;
mod live;
mod rules;
mod submit;
mod tags;
mod watch;

pub use alerts::{AlertPage, AlertView, OutcomeForm, TrackPoint, OUTCOMES};
pub use consumer::{connect_feed, FeedConfig, FeedCounts};
pub(crate) use engine::Monitors;
pub use fixes::{parse_csv, parse_json, placed, validate, FixInput, ValidFix, FIX_CSV_HEADER};
pub use live::{LiveAlert, LiveAlerts, MonitoringPage};
pub use submit::{FixesAccepted, UnknownDevices};
pub use tags::{TagForm, TagView};
