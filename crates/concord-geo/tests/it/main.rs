//! The one integration test binary of concord-geo (one binary per crate keeps link time down).
// Test code: a panic with the value is the failure report, so unwrap is the idiom here.
#![allow(clippy::unwrap_used)]

mod large;
mod properties;
mod shape;
mod support;
mod validation;
mod worked;
