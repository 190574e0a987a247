//! The geofence engine for electronic monitoring (issue 22): zones prepared once for a
//! stream of fixes ([`PreparedZone`]) and many of them indexed together ([`ZoneGrid`]), when they apply ([`TimeWindow`], UK local time),
//! and one monitored person's evaluator ([`SubjectMonitor`]) with dwell, hysteresis,
//! late and out-of-order fixes, and signal loss. Pure: the caller brings the fixes and the
//! clock, and stores the alert changes it is given.

mod grid;
mod grid_picture;
mod monitor;
mod phase;
mod prepared;
mod raster;
mod subjects;
mod window;

pub use grid::{ZoneGrid, PICTURE_MARGIN_M};
pub use monitor::{
    Alert, AlertChange, AlertKind, DwellConfig, FenceRule, Fix, FixRefused, RuleKind,
    SubjectMonitor,
};
pub use prepared::{PreparedZone, Presence};
pub use subjects::SubjectZones;
pub use window::{uk_minute_of_day, uk_summer_time, uk_weekday, MinuteOfDay, TimeWindow};

#[cfg(test)]
mod tests;
